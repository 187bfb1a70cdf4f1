"""Goals and stats: papers by status, reviews per year against the goal, references read."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from papers.cli import cli
from papers.cli_reviews import goal, stats
from papers.db import open_db, save_paper
from papers.errors import PapersError
from papers.goals import compute_stats, progress_bar, set_goal
from papers.models import Paper
from papers.reviews import set_status, sync_notes

THIS_YEAR = date.today().year


def note(root, name: str, front: str, body: str = "Notes.\n") -> None:
    folder = root / "reviews"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(f"---\n{front}---\n{body}", encoding="utf-8")


@pytest.fixture
def lib(root):
    """GPTVQ under review cites GPTQ (reviewed), AWQ (reading), SmoothQuant (in the library,
    no note), a paper not in the library, and one reference nobody could resolve."""
    db = open_db(root)
    with db.conn:
        for pid, title in [
            ("2402.15319", "GPTVQ"),
            ("2210.17323", "GPTQ"),
            ("2306.00978", "AWQ"),
            ("2211.10438", "SmoothQuant"),
            ("2308.13137", "OmniQuant"),
        ]:
            save_paper(db, Paper(id=pid, title=title))
        db.execute(
            "INSERT INTO refs (paper_id, n, key, raw, arxiv) VALUES "
            "('2402.15319', 1, 'a', 'GPTQ', '2210.17323'), "
            "('2402.15319', 2, 'b', 'AWQ', NULL), "
            "('2402.15319', 3, 'c', 'SmoothQuant', '2211.10438'), "
            "('2402.15319', 4, 'd', 'Elsewhere', '2101.00001'), "
            "('2402.15319', 5, 'e', 'A book', NULL), "
            "('2402.15319', 6, 'f', 'GPTQ again', '2210.17323')"
        )
        db.execute(
            "INSERT INTO ref_links (paper_id, key, resolved, method, updated) VALUES "
            "('2402.15319', 'b', '2306.00978', 'title', '2025-01-01')"
        )
    note(root, "2402.15319-gptvq.md", "arxiv: '2402.15319'\nstatus: reading\n")
    note(root, "2210.17323-gptq.md", "arxiv: '2210.17323'\nstatus: to-read\n")
    note(root, "2306.00978-awq.md", "arxiv: '2306.00978'\nstatus: reading\n")
    note(
        root, "2308.13137-omni.md", "arxiv: '2308.13137'\nstatus: reviewed\nreviewed: 2024-12-30\n"
    )
    sync_notes(db, root)
    set_status(db, root, "2210.17323", "reviewed")  # completed today
    return db


def lib_root(db):
    """The root of a library's database (papers/papers.db)."""
    return Path(db.execute("PRAGMA database_list").fetchone()[2]).parent.parent


def test_progress_bar():
    assert progress_bar(1, 2, width=10) == "[#####-----] 1/2 (50%)"
    assert progress_bar(3, 2, width=4) == "[####] 3/2 (150%)"
    assert progress_bar(0, 2, width=4) == "[----] 0/2 (0%)"
    assert "no goal" in progress_bar(1, None)


def test_set_goal_upserts(root):
    db = open_db(root)
    assert set_goal(db, 2, 2025).target == 2
    set_goal(db, 3, 2025)
    assert db.execute("SELECT year, target FROM goals").fetchall() == [(2025, 3)]
    assert set_goal(db, 1).year == THIS_YEAR
    with pytest.raises(PapersError):
        set_goal(db, -1, 2025)
    # 0 removes the goal: the bar and the JSON both say there is none
    assert set_goal(db, 0, 2025).target is None
    assert db.execute("SELECT year FROM goals").fetchall() == [(THIS_YEAR,)]


def test_stats(lib):
    set_goal(lib, 2, THIS_YEAR)
    result = compute_stats(lib)
    assert result.by_status == {"no note": 1, "to-read": 0, "reading": 2, "reviewed": 2}
    years = {y.year: (y.completed, y.target) for y in result.years}
    assert years[THIS_YEAR] == (1, 2)  # GPTQ, reviewed today
    assert years[2024] == (1, None)  # OmniQuant's `reviewed:` date counts, not its sync date
    gptvq = next(p for p in result.under_review if p.id == "2402.15319")
    assert (gptvq.references, gptvq.resolved, gptvq.in_library) == (6, 4, 3)
    assert (gptvq.read, gptvq.reading, gptvq.unread, gptvq.unresolved) == (1, 1, 2, 1)
    assert {p.id for p in result.under_review} == {
        "2402.15319",
        "2306.00978",
        "2210.17323",
        "2308.13137",
    }
    assert result.cited["papers"] == 4 and result.cited["read"] == 1


def test_a_paper_reviewed_in_two_notes_is_one_review_and_a_comparison_none(lib, root):
    note(root, "gptq-second.md", "arxiv: '2210.17323'\nstatus: reviewed\n")
    note(root, "comparison.md", "title: GPTQ vs AWQ\nstatus: reviewed\n")
    sync_notes(lib, root)
    years = {y.year: y.completed for y in compute_stats(lib).years}
    assert years[THIS_YEAR] == 1  # (GPTQ, reviewed today, whatever its notes)


def test_manual_unresolved_link_wins(lib):
    with lib.conn:
        lib.execute(
            "INSERT INTO ref_links (paper_id, key, resolved, method, manual, updated) VALUES "
            "('2402.15319', 'c', NULL, 'manual', 1, '2025-01-01')"
        )
    gptvq = next(p for p in compute_stats(lib).under_review if p.id == "2402.15319")
    assert (gptvq.resolved, gptvq.unresolved) == (3, 2)


def test_cli_goal_and_stats(lib):
    runner = CliRunner()
    result = runner.invoke(
        cli, ["goal", "set", "2", "--year", str(THIS_YEAR)], catch_exceptions=False
    )
    assert result.exit_code == 0
    assert f"goal for {THIS_YEAR}: [##########----------] 1/2 (50%)" in result.stderr
    text = runner.invoke(cli, ["stats"], catch_exceptions=False)
    assert text.exit_code == 0
    assert "reading   2" in text.stdout
    assert f"{THIS_YEAR}  [##########----------] 1/2 (50%)" in text.stdout
    assert (
        "2402.15319 GPTVQ (reading): 1 read, 1 reading, 2 unread of 4 cited papers found"
        in text.stdout
    )
    data = json.loads(runner.invoke(cli, ["stats", "--json"], catch_exceptions=False).stdout)
    assert data["by_status"]["reviewed"] == 2
    note(lib_root(lib), "2101.00001-elsewhere.md", "arxiv: '2101.00001'\n")
    text = runner.invoke(cli, ["stats"], catch_exceptions=False)
    assert "  (1 note names a paper not in the library)" in text.stdout
    assert runner.invoke(cli, ["goal", "set", "-1"]).exit_code == 2
    assert "Example:" in goal.commands["set"].help and "Example:" in stats.help


def test_only_notes_naming_a_missing_paper_count_as_such(lib, root):
    note(root, "ideas.md", "title: my ideas\n")  # names no paper at all
    note(root, "2101.00001-elsewhere.md", "arxiv: '2101.00001'\n")  # a paper not added
    sync_notes(lib, root)
    assert compute_stats(lib).notes_without_paper == 1


def test_stats_says_how_many_notes_have_a_status_it_cannot_read(lib, root):
    note(root, "2211.10438-smooth.md", "arxiv: '2211.10438'\nstatus: [reviewed\n")
    sync_notes(lib, root)
    result = compute_stats(lib)
    assert result.broken_notes == 1 and result.by_status["to-read"] >= 1
    text = CliRunner().invoke(cli, ["--root", str(root), "stats"], catch_exceptions=False)
    assert "(1 paper has a note whose front matter cannot be read" in text.stdout
    assert (
        json.loads(CliRunner().invoke(cli, ["--root", str(root), "stats", "--json"]).stdout)[
            "broken_notes"
        ]
        == 1
    )
    # a note in Latin-1 whose front matter reads well has a status: no note of unknown status
    (root / "reviews" / "2211.10438-smooth.md").write_bytes(
        "---\narxiv: '2211.10438'\nstatus: reading\n---\n\ncaf\xe9\n".encode("latin-1")
    )
    sync_notes(lib, root)
    assert compute_stats(lib).broken_notes == 0
    listed = CliRunner().invoke(cli, ["--root", str(root), "review", "list"]).stdout
    assert "(not UTF-8)" in listed and "(front matter broken)" not in listed
    # both wrong: both said, and its status unknown again
    (root / "reviews" / "2211.10438-smooth.md").write_bytes(
        "---\narxiv: '2211.10438'\nstatus: [reading\n---\n\ncaf\xe9\n".encode("latin-1")
    )
    sync_notes(lib, root)
    assert compute_stats(lib).broken_notes == 1
    listed = CliRunner().invoke(cli, ["--root", str(root), "review", "list"]).stdout
    assert "(not UTF-8) (front matter broken)" in listed
    # a note naming a paper outside the library is counted elsewhere ("name papers not in")
    note(root, "2101.00001-other.md", "arxiv: '2101.00001'\nstatus: [x\n")
    sync_notes(lib, root)
    assert compute_stats(lib).broken_notes == 1


def test_a_status_in_capitals_counts_as_that_status(lib, root):
    note(root, "2211.10438-smooth.md", "arxiv: '2211.10438'\nstatus: Reviewed\n")
    report = sync_notes(lib, root)
    assert report.invalid == []
    assert compute_stats(lib).by_status["reviewed"] == 3


def test_a_goal_set_where_there_is_no_library_makes_none(root):
    # it made papers/papers.db, which then took every later `papers add` below that folder
    result = CliRunner().invoke(cli, ["goal", "set", "3"])
    assert result.exit_code == 1
    assert "no library at" in result.stderr
    assert not (root / "papers").exists()
    # a folder of notes (a clone of the team's reviews) is a library to be: the goal is kept
    (root / "reviews").mkdir()
    assert CliRunner().invoke(cli, ["goal", "set", "3"]).exit_code == 0
    assert (root / "papers" / "papers.db").exists()


def test_goal_alone_shows_each_years_progress(lib):
    """`papers goal` printed its help and exited 2: a goal set for another year was shown
    nowhere but in `stats` (a tester's finding). Alone, it shows each year's progress."""
    runner = CliRunner()
    for target, year in ((3, 2025), (2, THIS_YEAR)):
        set_it = ["goal", "set", str(target), "--year", str(year)]
        assert runner.invoke(cli, set_it, catch_exceptions=False).exit_code == 0
    shown = runner.invoke(cli, ["goal"], catch_exceptions=False)
    assert shown.exit_code == 0
    lines = shown.stdout.splitlines()
    assert [line[:4] for line in lines] == sorted(line[:4] for line in lines)  # (oldest first)
    assert next(line for line in lines if line.startswith("2025  ")).endswith("0/3 (0%)")
    assert f"{THIS_YEAR}  [##########----------] 1/2 (50%)" in lines
