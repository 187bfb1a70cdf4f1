"""`papers refs ID --add`: breadth-first crawl against the fake arXiv, limits, failures, resume.

The papers are small PDFs generated with PyMuPDF whose reference lists print arXiv ids, so the
whole chain runs for real: metadata, PDF download, reference extraction, resolution, queue.
"""

from __future__ import annotations

import json
import os

import pymupdf
import pytest
from click.testing import CliRunner

from papers import config
from papers.cli import PapersGroup
from papers.cli_refs import cited_by, graph, next_, refs
from papers.crawl import crawl
from papers.db import open_db
from papers.errors import PapersError

app = PapersGroup("papers", commands={c.name: c for c in (refs, cited_by, next_, graph)})

# Who cites whom: A -> B, C, F; B -> D; C -> A (a cycle), E; D -> G; F is not on arXiv.
CITES = {
    "A": ["B", "C", "F"],
    "B": ["D"],
    "C": ["A", "E"],
    "D": ["G"],
    "E": [],
    "G": [],
}
IDS = {name: f"2301.0000{i + 1}" for i, name in enumerate("ABCDEFG")}
TITLES = {
    "A": "Widget quantization at scale",
    "B": "Pruned gadgets for tiny devices",
    "C": "Low rank sprockets revisited",
    "D": "Sparse cogs and where to find them",
    "E": "Binary flanges in practice",
    "F": "Knowledge distillation of levers",
    "G": "Outlier channels in transformer gears",
}


def run(*args: str):
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def make_pdf(name: str) -> bytes:
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 72), TITLES[name], fontsize=14)
    page.insert_text(
        (72, 110), "We study how to make models small; see prior work [1].", fontsize=10
    )
    y = 150.0
    page.insert_text((72, y), "References", fontsize=12)
    y += 20
    for i, cited in enumerate(CITES[name], 1):
        page.insert_text((72, y), f"[{i}] Ann Author and Bob Writer. {TITLES[cited]}.", fontsize=9)
        page.insert_text((90, y + 12), f"arXiv preprint arXiv:{IDS[cited]}, 2023.", fontsize=9)
        y += 30
    # Every list also cites a book (not on arXiv): one-entry lists are not bibliographies.
    n = len(CITES[name]) + 1
    book = f"[{n}] Carl Coder. The handbook of mechanical levers. Lever Press, 1999."
    page.insert_text((72, y), book, fontsize=9)
    data = doc.tobytes()
    doc.close()
    return data


@pytest.fixture
def arxiv(fake_arxiv):
    for name, arxiv_id in IDS.items():
        if name == "F":
            continue  # cited with an id arXiv does not know
        fake_arxiv.add(arxiv_id, 1, TITLES[name], ["Ann Author", "Bob Writer"], pdf=make_pdf(name))
    return fake_arxiv


def library_ids(root) -> set[str]:
    db = open_db(root, create=False)
    return {r["id"] for r in db.query("SELECT id FROM papers")}


def pdf_requests(fake, name: str) -> int:
    return fake.count(f"/pdf/{IDS[name]}")


def test_crawl_breadth_first_with_depth_and_limit(arxiv, root):
    result = run("refs", IDS["A"], "--add", "--depth", "1", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["added"][0] == IDS["A"]  # the starting paper was not in the library yet
    assert set(data["added"]) == {IDS["A"], IDS["B"], IDS["C"]}
    # F prints an id arXiv does not know and its title finds nothing: unresolved, not queued.
    assert data["failed"] == []
    unresolved = json.loads(run("refs", IDS["A"], "--unresolved", "--json").stdout)
    assert [(u["arxiv"], u["resolved"]) for u in unresolved] == [(IDS["F"], None), (None, None)]
    assert library_ids(root) == {IDS[n] for n in "ABC"}

    # One more level, but at most 3 papers added by this crawl in all: only D is added.
    result = run("refs", IDS["A"], "--add", "--depth", "2", "--limit", "3", "--json")
    data = json.loads(result.stdout)
    assert data["added"] == [IDS["D"]] and data["pending"] >= 1
    # Without the limit the crawl continues where it stopped; earlier PDFs are not fetched again.
    result = run("refs", IDS["A"], "--add", "--depth", "2", "--json")
    assert json.loads(result.stdout)["added"] == [IDS["E"]]
    assert library_ids(root) == {IDS[n] for n in "ABCDE"}
    assert all(pdf_requests(arxiv, n) == 1 for n in "ABCDE")
    assert IDS["G"] not in library_ids(root)  # depth 3

    # Everything known: running again costs no request at all.
    arxiv.log.clear()
    result = run("refs", IDS["A"], "--add", "--depth", "2", "--json")
    assert json.loads(result.stdout)["added"] == []
    assert arxiv.count() == 0


def test_crawl_resumes_after_the_network_dies(arxiv, root):
    # Root A is in the library first; its references resolve; then PDFs stop coming.
    assert run("refs", IDS["A"], "--add", "--depth", "1", "--limit", "1").exit_code == 0
    assert library_ids(root) == {IDS["A"], IDS["B"]}
    for name in "CDE":
        arxiv.drop_connection(times=None, path_prefix=f"/pdf/{IDS[name]}")
    arxiv.fail(503, times=None, path_prefix=f"/pdf/{IDS['G']}")
    result = run("refs", IDS["A"], "--add", "--depth", "3")
    assert result.exit_code == 1
    assert "run the same command again to resume" in result.stderr
    assert IDS["C"] not in library_ids(root)
    assert not list(config.papers_dir(root).glob(".*.part"))

    arxiv.reset()
    arxiv.log.clear()
    result = run("refs", IDS["A"], "--add", "--depth", "3", "--json")
    assert result.exit_code == 0, result.output
    assert library_ids(root) == {IDS[n] for n in "ABCDEG"}
    assert pdf_requests(arxiv, "B") == 0 and pdf_requests(arxiv, "A") == 0


def test_one_papers_pdf_that_arxiv_keeps_refusing_does_not_stall_the_crawl(arxiv, root):
    # B's PDF answers HTTP 500 (a status arXiv does not ask to retry) every time: C is added
    # all the same, B is failed and tried again by the next run (it used to stop every run at
    # B, adding nothing after it)
    arxiv.fail(500, times=None, path_prefix=f"/pdf/{IDS['B']}")
    result = run("refs", IDS["A"], "--add", "--depth", "1", "--json")
    data = json.loads(result.stdout)
    assert result.exit_code == 1
    assert IDS["C"] in data["added"] and [f["arxiv"] for f in data["failed"]] == [IDS["B"]]
    assert "HTTP 500" in data["failed"][0]["error"] and data["error"] is None
    arxiv.reset()
    again = json.loads(run("refs", IDS["A"], "--add", "--depth", "1", "--json").stdout)
    assert again["added"] == [IDS["B"]]
    assert library_ids(root) == {IDS[n] for n in "ABC"}


def test_arxivs_slow_down_for_a_pdf_stops_the_crawl_after_the_retries(arxiv, root):
    # 503 is arXiv's own "unavailable, slow down", retried: after the retries the crawl
    # stops (asking for the next paper's PDF would not help), to go on at the next run
    arxiv.fail(503, times=None, path_prefix=f"/pdf/{IDS['B']}")
    result = run("refs", IDS["A"], "--add", "--depth", "1", "--json")
    data = json.loads(result.stdout)
    assert result.exit_code == 1 and "503" in data["error"] and data["failed"] == []
    assert IDS["C"] not in data["added"]


def test_crawl_progress_goes_to_stderr(arxiv, root):
    result = run("refs", IDS["A"], "--add", "--no-pdf")
    assert result.exit_code == 0
    assert result.stdout.split() == [IDS["A"], IDS["B"], IDS["C"]]
    assert "added 3 paper(s)" in result.stderr
    assert "0 failed" in result.stderr


def test_crawl_core_rejects_bad_depth(arxiv, root):
    db = open_db(root)
    with pytest.raises(PapersError):
        crawl(db, root, IDS["A"], depth=0)
    with pytest.raises(PapersError):
        crawl(db, root, IDS["A"], limit=0)


def test_crawl_with_unreachable_arxiv_is_a_clear_error(root):
    result = run("refs", IDS["A"], "--add")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ")
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_queued_paper_arxiv_does_not_have_takes_no_place_under_the_limit(arxiv, root):
    assert run("refs", IDS["A"], "--add", "--depth", "1").exit_code == 0  # B and C added
    db = open_db(root)
    with db.conn:  # queued first at depth 2, as a link to a paper arXiv no longer has
        db.execute(
            "INSERT INTO crawl_queue (root, arxiv_id, depth, status) VALUES (?, ?, 2, 'pending')",
            [IDS["A"], IDS["F"]],
        )
    result = run("refs", IDS["A"], "--add", "--depth", "2", "--limit", "3", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["added"] == [IDS["D"]] and data["missing"] == [IDS["F"]]
    # left out for good: the next run neither asks for it again nor counts it as queued
    again = run("refs", IDS["A"], "--add", "--depth", "2")
    assert again.exit_code == 0, again.output
    assert IDS["F"] not in again.stderr and IDS["E"] in again.stdout


def test_refresh_asks_again_for_a_paper_arxiv_did_not_have(arxiv, root):
    assert run("refs", IDS["A"], "--add", "--depth", "1").exit_code == 0
    db = open_db(root)
    with db.conn:
        db.execute(
            "INSERT INTO crawl_queue (root, arxiv_id, depth, status) VALUES (?, ?, 2, 'pending')",
            [IDS["A"], IDS["F"]],
        )
    assert IDS["F"] in run("refs", IDS["A"], "--add", "--depth", "2", "--json").stdout
    arxiv.add(IDS["F"], 1, TITLES["F"], ["Ann Author"], pdf=make_pdf("E"))  # arXiv has it now
    again = run("refs", IDS["A"], "--add", "--depth", "2", "--refresh", "--json")
    assert IDS["F"] in json.loads(again.stdout)["added"]


def test_a_crawl_a_limit_stops_early_says_how_deep_it_went(arxiv, root):
    result = run("refs", IDS["A"], "--add", "--depth", "2", "--limit", "1")
    assert result.exit_code == 0, result.output
    assert "added 2 paper(s); depth 1 of 2 reached;" in result.stderr  # A itself, then B
    # run again: nothing more under the same limit, and the depth reached is the same
    again = run("refs", IDS["A"], "--add", "--depth", "2", "--limit", "1")
    assert "added 0 paper(s) (1 more by earlier runs); depth 1 of 2 reached;" in again.stderr
    # the last level asked for, stopped by the limit: reached, and not finished
    part = run("refs", IDS["A"], "--add", "--depth", "1", "--limit", "1")
    assert "depth 1 reached, not finished; " in part.stderr, part.stderr
    done = run("refs", IDS["A"], "--add", "--depth", "1")  # all of depth 1: nothing queued
    assert "depth 1 reached;" in done.stderr and "of 1" not in done.stderr
    # deeper than the papers go: the crawl ended for want of papers, not early
    deep = run("refs", IDS["A"], "--add", "--depth", "9")
    assert "reached (nothing further to follow);" in deep.stderr and "of 9" not in deep.stderr


def test_a_limit_earlier_runs_filled_says_so_not_that_nothing_is_left(arxiv, root):
    # depth 1 added 3 papers; `--depth 2 --limit 2` then looked at nothing deeper and said
    # "depth 1 reached (nothing further to follow)", though D and E wait at depth 2
    first = run("refs", IDS["A"], "--add", "--depth", "1")
    assert first.exit_code == 0
    result = run("refs", IDS["A"], "--add", "--depth", "2", "--limit", "2")
    assert result.exit_code == 0, result.output
    assert "nothing further to follow" not in result.stderr
    assert "depth 1 of 2 reached;" in result.stderr
    assert "2 still queued (raise --limit to continue)" in result.stderr
    data = json.loads(
        run("refs", IDS["A"], "--add", "--depth", "2", "--limit", "2", "--json").stdout
    )
    assert data["added"] == [] and data["stopped_by_limit"] is True
    # (the crawl that started the library said where, as `add` does; a later one does not)
    assert "note: a new library at " in first.stderr
    assert "new library" not in result.stderr
    # a limit filled by a level's last paper, the next level not looked at yet: said so
    fresh = run("refs", IDS["C"], "--add", "--depth", "2", "--limit", "1")
    assert "depth 1 reached, stopped by --limit 1" in fresh.stderr, fresh.stderr
    # the whole crawl done, then run again under a limit it filled: nothing was stopped
    every = json.loads(run("refs", IDS["A"], "--add", "--depth", "9", "--json").stdout)
    assert every["stopped_by_limit"] is False
    again = run("refs", IDS["A"], "--add", "--depth", "9", "--limit", "5", "--json")
    assert json.loads(again.stdout)["stopped_by_limit"] is False
    said = run("refs", IDS["A"], "--add", "--depth", "9", "--limit", "5").stderr
    assert "stopped by --limit" not in said and "nothing further to follow" in said


def test_a_queued_paper_added_by_hand_since_is_present_not_added(arxiv, root):
    """A crawl stopped by its limit leaves C queued; C added by hand meanwhile is reported as
    already in the library when the crawl resumes, and takes no place of the limit."""
    result = run("refs", IDS["A"], "--add", "--depth", "2", "--limit", "1")  # A, then B
    assert result.exit_code == 0, result.output
    from papers.cli import cli

    assert CliRunner().invoke(cli, ["add", "--no-pdf", IDS["C"]]).exit_code == 0
    again = run("refs", IDS["A"], "--add", "--depth", "2", "--limit", "2", "--json")
    data = json.loads(again.stdout)
    assert data["added"] == [IDS["D"]]  # (B and D: the limit of 2)
    assert data["present"] == 1


def test_a_pdf_arxiv_does_not_have_is_that_papers_failure_not_the_crawls(fake_arxiv, root):
    # B's PDF answers 404 (withdrawn): the crawl adds C and goes on, and a second run does
    # not stop at B again either
    for name, arxiv_id in IDS.items():
        if name != "F":
            pdf = None if name == "B" else make_pdf(name)
            fake_arxiv.add(arxiv_id, 1, TITLES[name], ["Ann Author", "Bob Writer"], pdf=pdf)
    result = CliRunner().invoke(app, ["refs", IDS["A"], "--add", "--depth", "2", "--json"])
    assert result.exit_code == 0  # (B left out, as a paper arXiv lacks is: said, not retried)
    data = json.loads(result.stdout)
    assert data["error"] is None and data["failed"] == []  # (no stop: it went on past B)
    assert IDS["C"] in data["added"] and IDS["E"] in data["added"]
    assert [
        (arxiv_id, "arXiv has no PDF" in why)
        for arxiv_id, why in ((f["arxiv"], f["error"]) for f in data["left_out"])
    ] == [(IDS["B"], True)]
    text = CliRunner().invoke(app, ["refs", IDS["A"], "--add", "--depth", "2", "--refresh"])
    assert f"left out {IDS['B']}: arXiv has no PDF at " in text.stderr
    assert f"('papers add {IDS['B']}' tries again; the same command with --no-pdf adds it" in (
        text.stderr
    )


def gadget_survey(fake_arxiv, without_pdf: int) -> dict[str, str]:
    """2302.00009, in the library, cites four papers on arXiv: the first `without_pdf` of
    them have no PDF there. The cited ids and titles."""
    from papers.cli import cli

    cited = {f"2302.0000{i}": f"Gadget study number {i}" for i in range(1, 5)}
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 72), "A survey of gadgets", fontsize=14)
    page.insert_text((72, 150), "References", fontsize=12)
    y = 170.0
    for i, (arxiv_id, title) in enumerate(cited.items(), 1):
        page.insert_text((72, y), f"[{i}] Ann Author and Bob Writer. {title}.", fontsize=9)
        page.insert_text((90, y + 12), f"arXiv preprint arXiv:{arxiv_id}, 2023.", fontsize=9)
        y += 30
    page.insert_text((72, y), "[5] Carl Coder. The handbook of levers. Lever Press, 1999.")
    fake_arxiv.add("2302.00009", 1, "A survey of gadgets", ["Zed Zulu"], pdf=doc.tobytes())
    doc.close()
    for n, (arxiv_id, title) in enumerate(cited.items(), 1):
        pdf = None if n <= without_pdf else make_pdf("E")
        fake_arxiv.add(arxiv_id, 1, title, ["Ann Author"], pdf=pdf)
    assert CliRunner().invoke(cli, ["add", "2302.00009"]).exit_code == 0
    return cited


def test_three_pdfs_arxiv_does_not_have_in_a_row_do_not_stop_the_crawl(fake_arxiv, root):
    """A missing PDF (404) is that paper's failure, not a sign that arXiv is down: three of
    them in a row stopped the crawl before the papers after them, on every run again."""
    cited = gadget_survey(fake_arxiv, without_pdf=3)
    result = CliRunner().invoke(app, ["refs", "2302.00009", "--add", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["error"] is None and data["failed"] == []
    assert data["added"] == ["2302.00004"]
    assert [f["arxiv"] for f in data["left_out"]] == list(cited)[:3]
    # left out as papers arXiv lacks are: not tried again, so a rerun is done (it failed, exit
    # 1, on every run); --refresh tries them again
    fake_arxiv.log.clear()
    again = CliRunner().invoke(app, ["refs", "2302.00009", "--add"])
    assert again.exit_code == 0 and fake_arxiv.count("/pdf") == 0
    assert "; 3 left out (no PDF to be had); " in again.stderr  # (said again, run after run)
    refreshed = CliRunner().invoke(app, ["refs", "2302.00009", "--add", "--refresh", "--json"])
    assert [f["arxiv"] for f in json.loads(refreshed.stdout)["left_out"]] == list(cited)[:3]
    # a crawl without PDFs adds them (their metadata), as it adds the others
    bare = CliRunner().invoke(app, ["refs", "2302.00009", "--add", "--no-pdf", "--json"])
    assert json.loads(bare.stdout)["added"] == list(cited)[:3]


def test_downloads_cut_short_three_times_in_a_row_stop_the_crawl(fake_arxiv, root):
    """A download the connection cuts is the network's failure, not the paper's: three in a
    row stop the crawl (to be resumed), as error statuses do; missing PDFs would not."""
    gadget_survey(fake_arxiv, without_pdf=0)
    fake_arxiv.truncate_pdf(amount=0.5)  # (Content-Length announces the whole file)
    result = CliRunner().invoke(app, ["refs", "2302.00009", "--add", "--json"])
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    assert data["added"] == [] and len(data["failed"]) == 3
    assert data["error"].startswith("3 papers in a row could not be added")


def test_a_pdf_cut_where_its_length_could_not_be_checked_is_tried_again(fake_arxiv, root):
    """A download cut short whose length matched what the server said reads as a damaged
    PDF: it may be the connection's doing, so the paper fails (to be tried again), and is not
    left out as a PDF arXiv lacks is."""
    gadget_survey(fake_arxiv, without_pdf=0)
    fake_arxiv.truncate_pdf(amount=0.5, honest_length=True, times=1)
    first = json.loads(CliRunner().invoke(app, ["refs", "2302.00009", "--add", "--json"]).stdout)
    assert [f["arxiv"] for f in first["failed"]] == ["2302.00001"] and first["left_out"] == []
    again = json.loads(CliRunner().invoke(app, ["refs", "2302.00009", "--add", "--json"]).stdout)
    assert again["added"] == ["2302.00001"]


def test_a_paper_another_command_adds_while_the_crawl_runs_is_present_not_added(
    arxiv, root, monkeypatch
):
    # the same crawl in two terminals: each said it added the papers both added (24 and 19
    # for 24), and each took them from its --limit
    from papers import library
    from papers.cli import cli

    def add(arxiv_id: str) -> None:
        assert CliRunner().invoke(cli, ["add", arxiv_id]).exit_code == 0

    add(IDS["A"])
    real = library.add_papers
    others = [IDS["B"]]  # (the other crawl adds B just before this one does, once)

    def after_another_terminal(db, library_root, inputs, **kwargs):
        if inputs == [IDS["B"]] and others:
            add(others.pop())
        return real(db, library_root, inputs, **kwargs)

    monkeypatch.setattr(library, "add_papers", after_another_terminal)
    data = json.loads(run("refs", IDS["A"], "--add", "--depth", "1", "--json").stdout)
    assert data["added"] == [IDS["C"]]
    assert data["present"] == 1 and data["total_added"] == 1


@pytest.mark.parametrize("term", ["xterm", "dumb"])
def test_a_dumb_terminal_gets_no_bars_cursor_codes(arxiv, root, term):
    # Emacs's M-x shell (TERM=dumb) printed the bars' codes to hide and show the cursor as text
    from terminal import run_at_terminal

    env = {**os.environ, "PAPERS_ROOT": str(root), "TERM": term}
    status, shown, stdout = run_at_terminal(["refs", IDS["A"], "--add", "--no-pdf"], env, "stderr")
    assert status == 0 and stdout.split() == [IDS[n].encode() for n in "ABC"]
    assert (b"\x1b[?25l" in shown) == (term != "dumb")  # (a real terminal still gets its bars)
    assert b"adding" in shown and b"added 3 paper(s)" in shown


def test_a_line_said_while_a_bar_is_drawn_clears_its_line_and_redraws_it(capsys):
    """arXiv's silence is said from a timer thread while a bar is on the terminal: it ran on
    after the half-drawn bar ("0/58no answer from ...")."""
    from papers.cli_common import bar_gone, bar_shown, warn

    class Bar:
        def __init__(self) -> None:
            self._last_line: str | None = "resolving [---] 0/58"
            self.drawn = 0

        def render_progress(self) -> None:
            assert self._last_line is None  # (click redraws a line only when it changed)
            self.drawn += 1

    bar = Bar()
    bar_shown(bar)
    try:
        warn("no answer from export.arxiv.org in 10 s")
    finally:
        bar_gone(bar)
    assert capsys.readouterr().err == "\r\033[Kno answer from export.arxiv.org in 10 s\n"
    assert bar.drawn == 1
    warn("done")  # (no bar: the line as it is)
    assert capsys.readouterr().err == "done\n" and bar.drawn == 1
