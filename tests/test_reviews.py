"""Review notes: template, front matter, editors, sync (new/changed/renamed/deleted), restore."""

from __future__ import annotations

import json
import os
import sys
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from papers import reviews
from papers.cli import cli
from papers.cli_reviews import review
from papers.db import open_db, save_paper
from papers.errors import BadIdentifier, NoteConflict, PaperNotInLibrary, PapersError
from papers.models import Paper
from papers.reviews import (
    BadFrontMatter,
    EditorFailed,
    extract_mentions,
    note_filename,
    open_review,
    paper_id_from_filename,
    parse_note,
    render_template,
    restore_review,
    set_front_matter_fields,
    set_status,
    slugify,
    sync_notes,
)

GPTVQ = Paper(
    id="2402.15319",
    title="GPTVQ: The Blessing of Dimensionality for LLM Quantization",
    authors=["Mart van Baalen", "Andrey Kuzmin"],
    abstract="Vector quantization of large language model weights.",
    published="2024-02-23T00:00:00Z",
)
GPTQ = Paper(
    id="2210.17323",
    title="GPTQ: Accurate Post-Training Quantization for Generative Pre-trained Transformers",
    authors=["Elias Frantar"],
    published="2022-10-31T00:00:00Z",
)
AWQ = Paper(id="2306.00978", title="AWQ: Activation-aware Weight Quantization", authors=["Ji Lin"])


@pytest.fixture
def lib(root):
    db = open_db(root)
    with db.conn:
        for paper in (GPTVQ, GPTQ, AWQ):
            save_paper(db, paper)
    return db


def editor_script(tmp_path: Path, name: str, body: str) -> str:
    """A fake editor: a Python script run as `python3 script.py NOTE`."""
    script = tmp_path / f"{name}.py"
    script.write_text("import os, sys\npath = sys.argv[-1]\n" + body, encoding="utf-8")
    return f"{sys.executable} {script}"


APPEND = (
    "with open(path, 'a', encoding='utf-8') as f:\n"
    "    f.write('\\nMy summary. See [[2210.17323]] and arXiv:2306.00978v2.\\n')\n"
)
REPLACE = (
    "text = open(path, encoding='utf-8').read()\n"
    "tmp = path + '.swp'\n"
    "new = text.replace('## Summary\\n', '## Summary\\nReplaced by rename.\\n')\n"
    "open(tmp, 'w', encoding='utf-8').write(new)\n"
    "os.replace(tmp, path)\n"
)


# ----------------------------------------------------------------------------- pure helpers


def test_slug_and_filenames():
    assert slugify("GPTVQ: The Blessing of Dimensionality for LLM Quantization") == (
        "gptvq-the-blessing-of-dimensionality-for"
    )
    assert slugify("Über-Quantisierung {braces}") == "uber-quantisierung-braces"
    assert slugify("???") == "note"
    # whole words only: OmniQuant's slug ended "-quantizat"
    omni = "OmniQuant: Omnidirectionally Calibrated Quantization for Large Language Models"
    assert slugify(omni) == "omniquant-omnidirectionally-calibrated"
    assert slugify("x" * 60) == "x" * 48
    assert note_filename("hep-th/9901001", "A Title") == "hep-th_9901001-a-title.md"
    assert paper_id_from_filename("hep-th_9901001-a-title.md") == "hep-th/9901001"
    assert paper_id_from_filename("2402.15319-gptvq.md") == "2402.15319"
    assert paper_id_from_filename("2402.15319v2.md") == "2402.15319"
    assert paper_id_from_filename("my-thoughts.md") is None


def test_parse_note_reads_unquoted_ids_and_dates():
    note = parse_note("---\narxiv: 2401.10000\ncreated: 2025-01-02\ntags: [a, b]\n---\nbody\n")
    assert note.paper_id == "2401.10000"  # not the float 2401.1
    assert note.front_matter["created"] == "2025-01-02"
    assert note.body == "body\n"
    assert note.error is None


def test_parse_note_broken_yaml_falls_back_to_filename():
    note = parse_note("---\ntitle: [unclosed\n---\nStill here.\n", "2402.15319-x.md")
    assert note.front_matter is None
    assert "broken YAML" in note.error
    assert note.body == "Still here.\n"
    assert note.paper_id == "2402.15319"


@pytest.mark.parametrize(
    ("line", "said"),
    [
        ('tags: [weight-only, "unclosed', "found unexpected end of stream"),  # (said line 11)
        ("tags: [weight-only, int4", "expected ',' or ']'"),  # (said line 8)
        ("rating: {x: 1", "expected ',' or '}'"),
        ("  rating: 4", "mapping values are not allowed here"),  # (no item left open: itself)
    ],
)
def test_a_broken_yaml_line_is_the_notes_line_where_the_problem_starts(line, said):
    # an item left open is found missing at the end of the front matter or at the next key:
    # the message gave that line, not the line of the item
    lines = ["---", "arxiv: '2306.03078'", "title: SpQR", "authors: [a]", "year: 2023"]
    lines += ["status: to-read", line, "created: 2024-01-01", "updated: 2024-01-01", "---"]
    note = parse_note("\n".join(lines) + "\nBody.\n")
    assert note.error.startswith(f"broken YAML front matter (line 7): {said}"), note.error


def test_extract_mentions_all_forms():
    text = (
        "[[2210.17323]], arXiv:2306.00978v2, https://arxiv.org/abs/2211.10438v5, "
        "arxiv.org/pdf/hep-th/9901001.pdf and [[not-an-id]] and self [[2402.15319]]"
    )
    assert extract_mentions(text, exclude="2402.15319") == [
        "2210.17323",
        "2306.00978",
        "2211.10438",
        "hep-th/9901001",
    ]


def test_tags_match_as_obsidian_finds_them():
    from papers.reviews import tag_matches

    assert tag_matches("VQ", ["vq"]) and tag_matches("#vq", ["vq"]) and tag_matches("vq", ["#vq"])
    assert tag_matches("quant", ["quant/weight-only"]) and not tag_matches("quant", ["quantum"])
    assert tag_matches("hessian", ["#obc #hessian"]) and not tag_matches("weight-only", ["quant"])
    assert not tag_matches("strasse", ["Straße"])  # (lower-cased as Obsidian does, not folded)
    assert tag_matches("weight only", ["weight only"])  # (a tag of two words, as written)


def test_an_editor_a_signal_stopped_is_said_as_a_shell_says_it():
    from papers.reviews import _ended

    assert _ended(2) == "exited with status 2"
    assert _ended(-2) == "was stopped by SIGINT" and _ended(-15) == "was stopped by SIGTERM"


def test_arxiv_dois_and_hugging_face_paper_pages_are_mentions():
    text = (
        "doi:10.48550/arXiv.2402.15319, https://doi.org/10.48550/arXiv.2210.17323v2 and "
        "https://huggingface.co/papers/2306.00978 (not huggingface.co/papers/2306.009781), "
        "hf.co/papers/2211.10438"
    )
    assert extract_mentions(text) == ["2402.15319", "2210.17323", "2306.00978", "2211.10438"]


def test_an_id_with_a_digit_too_many_is_no_mention():
    """A typo names no paper (it named the paper of its first digits, a false edge)."""
    text = "arXiv:2106.096851, https://arxiv.org/abs/2106.096851 and arxiv.org/abs/hep-th/99010012"
    assert extract_mentions(text) == []
    assert extract_mentions("arXiv:2106.09685. And arxiv.org/pdf/2106.09685v2.pdf") == [
        "2106.09685"
    ]


def test_wiki_links_keep_the_ids_written_in_them():
    """Old-style ids whole (not cut at their "/"), and ids written inside a link or its alias,
    as they counted before wiki links were read by name."""
    text = (
        "[[hep-th/9901001]], [[cs/0112017|old]], [[arxiv:math.GT/0309136v1]], "
        "[[https://arxiv.org/abs/hep-th/9901002]], [[Frantar et al., arXiv:2210.17323]], "
        "[[My note|see arXiv:2306.00978]], [[AWQ\\|in a table]]"
    )
    named = {"AWQ": ["2306.00979"]}.get
    assert extract_mentions(text, named=lambda name: named(name, [])) == [
        "hep-th/9901001",
        "cs/0112017",
        "math/0309136",  # (arXiv drops the subject class from old ids)
        "hep-th/9901002",
        "2210.17323",
        "2306.00978",
        "2306.00979",  # ([[AWQ\\|...]]: the table's escaped bar left out of the name)
    ]


def test_a_hard_wrapped_link_counts_and_a_mistyped_id_does_not():
    """As before wiki links were read by name: an alias wrapped over two lines is still a
    link; a typo that is no arXiv id ("2210.1732", month 13) names no paper."""
    wrapped = "AWQ beats [[2210.17323|the GPTQ\nbaseline]] and [[\n2306.00978\n]] here."
    assert extract_mentions(wrapped) == ["2210.17323", "2306.00978"]
    typos = "[[2210.1732]], [[2213.12345]], [[1412.61150]], [[2210.1732-notes]]"
    assert extract_mentions(typos, named=lambda name: []) == []
    assert extract_mentions("[[2210.17323-gptq-accurate|GPTQ]]") == ["2210.17323"]


def test_a_long_run_of_spaces_or_brackets_is_read_at_once():
    # a matrix pasted into a note: a first pattern for [[name]] links backtracked over the
    # spaces (minutes, under sync's write lock); a run of "[" with no "]" read again from
    # each of them took seconds
    text = "A matrix: [[" + " " * 20_000 + "1, 2], [3, 4]] and arXiv:2210.17323"
    assert extract_mentions(text) == ["2210.17323"]
    assert extract_mentions("[[" + " " * 20_000 + "2210.17323 ]]") == ["2210.17323"]
    assert extract_mentions("[" * 50_000 + " [[a" * 20_000 + " arXiv:2210.17323") == ["2210.17323"]


def test_set_front_matter_fields_keeps_every_other_byte():
    text = "---\r\narxiv: '2402.15319'  \r\nstatus: to-read # mine\r\ntags: [x]\r\n---\r\nBody\r\n"
    out = set_front_matter_fields(text, {"status": "reading", "updated": "2025-05-01"})
    assert out == (
        "---\r\narxiv: '2402.15319'  \r\nstatus: reading # mine\r\ntags: [x]\r\n"
        "updated: 2025-05-01\r\n---\r\nBody\r\n"
    )
    with pytest.raises(BadFrontMatter):
        set_front_matter_fields("no front matter", {"status": "reading"})


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("status:    'to-read'    # where I am\n", "status:    reviewed    # where I am\n"),
        ('status: "to-read"\n', "status: reviewed\n"),
        ("status:\n", "status: reviewed\n"),
        ("status: to-read#not-a-comment\n", "status: reviewed\n"),
        ("status : to-read   \n", "status : reviewed   \n"),
    ],
)
def test_set_front_matter_fields_keeps_spacing_and_comments(before, after):
    head = "---\n# my notes\nnested:\n  status: inner\n"
    text = head + before + "---\nstatus: body line\n"
    assert set_front_matter_fields(text, {"status": "reviewed"}) == (
        head + after + "---\nstatus: body line\n"
    )


def test_set_front_matter_fields_refuses_what_it_cannot_rewrite_safely():
    # A value continued on the next line: rewriting one line would corrupt the YAML.
    with pytest.raises(BadFrontMatter, match="edit the file by hand"):
        set_front_matter_fields("---\nstatus:\n  reading\n---\n", {"status": "reviewed"})


def test_render_template_leaves_braces_alone():
    out = render_template("{x} $title ${title}s $unknown {{", {"title": "A {b} $c"})
    assert out == "{x} A {b} $c A {b} $cs $unknown {{"


# ----------------------------------------------------------------------------- open + editors


def test_open_creates_note_runs_editor_and_indexes(lib, root, tmp_path, monkeypatch):
    monkeypatch.setenv("EDITOR", editor_script(tmp_path, "append", APPEND))
    result = open_review(lib, root, "arXiv:2402.15319")
    assert result.created and result.changed
    assert (
        result.path == root / "reviews" / "2402.15319-gptvq-the-blessing-of-dimensionality-for.md"
    )
    text = result.path.read_text(encoding="utf-8")
    assert text.startswith('---\narxiv: "2402.15319"\ntitle: "GPTVQ: The Blessing')
    for section in (
        "Summary",
        "Method",
        "Quantization setting",
        "Results",
        "Strengths",
        "Weaknesses",
        "Questions",
        "Related papers",
    ):
        assert f"## {section}\n" in text
    assert "My summary." in text
    assert f"updated: {date.today().isoformat()}" in text
    row = next(lib.query("SELECT * FROM reviews"))
    assert row["content"] == text and row["paper_id"] == "2402.15319" and row["status"] == "to-read"
    notes = lib.execute(
        "SELECT body FROM documents WHERE paper_id = '2402.15319' AND source = 'notes'"
    ).fetchone()[0]
    assert "My summary." in notes
    mentions = {r[0] for r in lib.execute("SELECT arxiv_id FROM mentions").fetchall()}
    assert mentions == {"2210.17323", "2306.00978"}


def test_open_existing_note_with_replacing_editor(lib, root, tmp_path, monkeypatch):
    monkeypatch.setenv("EDITOR", editor_script(tmp_path, "noop", "pass\n"))
    first = open_review(lib, root, "2402.15319")
    assert first.created and not first.changed
    inode = first.path.stat().st_ino
    monkeypatch.setenv("VISUAL", editor_script(tmp_path, "replace", REPLACE))
    monkeypatch.setenv("EDITOR", "/nonexistent/editor")  # VISUAL wins
    second = open_review(lib, root, "2402.15319")
    assert not second.created and second.changed
    assert second.path.stat().st_ino != inode
    content = lib.execute("SELECT content FROM reviews").fetchone()[0]
    assert "Replaced by rename." in content
    assert content == second.path.read_text(encoding="utf-8")
    assert not list((root / "reviews").glob("*.swp"))


def test_failing_editor_keeps_and_indexes_the_note(lib, root, tmp_path, monkeypatch):
    body = APPEND + "sys.exit(3)\n"
    monkeypatch.setenv("EDITOR", editor_script(tmp_path, "fail", body))
    with pytest.raises(EditorFailed, match="status 3.*kept"):
        open_review(lib, root, "2402.15319")
    note = next((root / "reviews").glob("2402.15319-*.md"))
    assert "My summary." in note.read_text(encoding="utf-8")
    assert "My summary." in lib.execute("SELECT content FROM reviews").fetchone()[0]


def test_an_editor_stopped_by_ctrl_c_ends_the_command_as_a_shell_says(
    lib, root, tmp_path, monkeypatch
):
    # (Ctrl-C reaches the editor, which papers waits for: it ended with 1, not 130)
    body = APPEND + "import signal\nos.kill(os.getpid(), signal.SIGINT)\n"
    body = "import signal\nsignal.signal(signal.SIGINT, signal.SIG_DFL)\n" + body
    monkeypatch.setenv("EDITOR", editor_script(tmp_path, "interrupted", body))
    with pytest.raises(EditorFailed, match="stopped by SIGINT.*kept") as failed:
        open_review(lib, root, "2402.15319")
    assert failed.value.exit_code == 130
    assert run("review", "open", "2402.15319").exit_code == 130  # (as the command ends)
    exited = editor_script(tmp_path, "fail", "sys.exit(3)\n")
    monkeypatch.setenv("EDITOR", exited)
    with pytest.raises(EditorFailed) as failed:
        open_review(lib, root, "2402.15319")
    assert failed.value.exit_code == 1


def test_missing_editor_is_a_clear_error_and_the_note_exists(lib, root, monkeypatch):
    monkeypatch.setenv("EDITOR", "no-such-editor-xyz --wait")
    with pytest.raises(EditorFailed, match="editor not found: no-such-editor-xyz"):
        open_review(lib, root, "2402.15319")
    assert lib.execute("SELECT count(*) FROM reviews").fetchone()[0] == 1
    assert len(list((root / "reviews").glob("2402.15319-*.md"))) == 1


def test_without_an_editor_set_and_without_a_terminal_no_default_editor_runs(
    lib, root, monkeypatch
):
    """A script or cron job with no $EDITOR: the note is made, and a one-line error says
    where, rather than vim drawing its screen into the script's output."""
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)
    bin_dir = root.parent / "bin"
    bin_dir.mkdir()
    (bin_dir / "vi").write_text("#!/bin/sh\nexit 0\n")
    (bin_dir / "vi").chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir))  # (a default editor there to be found)
    ran = []
    monkeypatch.setattr("subprocess.Popen", lambda *a, **k: ran.append(a))
    result = CliRunner().invoke(cli, ["--root", str(root), "review", "open", "2402.15319"])
    assert result.exit_code == 1 and ran == []
    assert "no $VISUAL or $EDITOR set, and no terminal for a default editor" in result.stderr
    assert "the note is at" in result.stderr
    assert len(list((root / "reviews").glob("2402.15319-*.md"))) == 1


def test_no_wait_changes_are_picked_up_by_sync(lib, root, tmp_path, monkeypatch):
    monkeypatch.setenv("EDITOR", editor_script(tmp_path, "noop", "pass\n"))
    result = open_review(lib, root, "2402.15319", wait=False)
    assert not result.waited
    with open(result.path, "a", encoding="utf-8") as handle:
        handle.write("\nWritten later in a GUI editor.\n")
    report = sync_notes(lib, root)
    assert report.changed == [result.path.relative_to(root).as_posix()]
    assert "GUI editor" in lib.execute("SELECT content FROM reviews").fetchone()[0]


def test_open_paper_not_in_library(lib, root):
    with pytest.raises(PaperNotInLibrary):
        open_review(lib, root, "2301.00001")


def test_custom_template_and_related_prefill(lib, root, tmp_path, monkeypatch):
    with lib.conn:
        lib.execute(
            "INSERT INTO refs (paper_id, n, key, raw, arxiv) VALUES "
            "('2402.15319', 1, 'k1', 'Frantar et al. GPTQ', NULL), "
            "('2402.15319', 2, 'k2', 'Lin et al. AWQ arXiv:2306.00978', '2306.00978'), "
            "('2402.15319', 3, 'k3', 'Somebody, not in library', '2399.99999')"
        )
        lib.execute(
            "INSERT INTO ref_links (paper_id, key, resolved, method, updated) VALUES "
            "('2402.15319', 'k1', '2210.17323', 'title', '2025-01-01')"
        )
    (root / "reviews").mkdir()
    (root / "reviews" / "_template.md").write_text(
        '---\narxiv: "$arxiv"\nstatus: to-read\n---\n# $title {not a placeholder}\n\n$related\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("EDITOR", editor_script(tmp_path, "noop", "pass\n"))
    path = open_review(lib, root, "2402.15319").path
    text = path.read_text(encoding="utf-8")
    assert (
        "# GPTVQ: The Blessing of Dimensionality for LLM Quantization {not a placeholder}" in text
    )
    assert "- [[2210.17323]] GPTQ: Accurate Post-Training" in text
    assert "(2022)" in text
    assert "- [[2306.00978]] AWQ" in text
    assert "2399.99999" not in text
    assert (
        lib.execute("SELECT count(*) FROM reviews WHERE path LIKE 'reviews/_template%'").fetchone()[
            0
        ]
        == 0
    )


# ----------------------------------------------------------------------------- status, conflicts


def notes_hits(lib, word: str) -> list[str]:
    """The papers whose notes search finds the word in."""
    from papers.search import search

    return [hit.id for hit in search(lib, word) if hit.source == "notes"]


def _rel(path: Path) -> str:
    return f"reviews/{path.name}"


def write_note(root: Path, name: str, text: str) -> Path:
    path = root / "reviews" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
    return path


def test_status_rewrites_only_status_lines(lib, root):
    original = (
        "---\narxiv: 2402.15319   # the paper\ntitle: 'GPTVQ'\nstatus: to-read\n"
        "tags: [vq]\nupdated: 2024-01-01\n---\n\nBody with {braces} and trailing spaces   \n"
    )
    path = write_note(root, "2402.15319-gptvq.md", original)
    info = set_status(lib, root, "2402.15319", "reviewed")
    today = date.today().isoformat()
    expected = original.replace("status: to-read", "status: reviewed").replace(
        "updated: 2024-01-01\n", f"updated: {today}\nreviewed: {today}\n"
    )
    assert path.read_text(encoding="utf-8") == expected
    assert info.status == "reviewed"
    assert lib.execute("SELECT status, content FROM reviews").fetchone() == ("reviewed", expected)
    with pytest.raises(PapersError, match="unknown status"):
        set_status(lib, root, "2402.15319", "done")


def test_status_of_a_linked_note_changes_the_file_it_links_to(lib, root, tmp_path):
    """A note kept in another repository and linked into reviews/: the link stays a link."""
    elsewhere = tmp_path / "shared-notes" / "gptvq.md"
    elsewhere.parent.mkdir()
    elsewhere.write_text("---\narxiv: '2402.15319'\nstatus: reading\n---\n\nmine\n", "utf-8")
    link = root / "reviews" / "2402.15319-gptvq.md"
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(elsewhere)
    set_status(lib, root, "2402.15319", "reviewed")
    assert link.is_symlink() and link.resolve() == elsewhere.resolve()
    assert "status: reviewed" in elsewhere.read_text("utf-8")
    assert [p.name for p in elsewhere.parent.iterdir()] == ["gptvq.md"]  # (no temporary left)


def test_status_on_broken_front_matter_leaves_file_untouched(lib, root):
    broken = "---\narxiv: 2402.15319\ntitle: [oops\n---\nMy text.\n"
    path = write_note(root, "2402.15319-x.md", broken)
    with pytest.raises(BadFrontMatter, match="fix it"):
        set_status(lib, root, "2402.15319", "reading")
    assert path.read_text(encoding="utf-8") == broken


def test_never_overwrites_a_file_that_changed(lib, root):
    path = write_note(root, "2402.15319-x.md", "---\nstatus: to-read\n---\nv1\n")
    stale = reviews.sha256_bytes(b"something else")
    with pytest.raises(NoteConflict, match="review sync"):
        reviews._replace_if_unchanged(root, path, stale, "overwritten")
    assert path.read_text(encoding="utf-8") == "---\nstatus: to-read\n---\nv1\n"


def test_an_editor_save_while_the_new_text_is_written_is_kept(lib, root, monkeypatch):
    # the editor saves after the first check, while the tool writes its temporary file: the
    # tool sees it just before the replace and writes nothing
    path = write_note(root, "2402.15319-x.md", "---\nstatus: to-read\n---\nv1\n")
    digest = reviews.sha256_bytes(path.read_bytes())
    with monkeypatch.context() as patched:
        real_fsync = os.fsync

        def editor_saves(fd):
            real_fsync(fd)
            path.write_text("---\nstatus: to-read\n---\nv1 and my new words\n", encoding="utf-8")

        patched.setattr(os, "fsync", editor_saves)
        with pytest.raises(NoteConflict, match="review sync"):
            reviews._replace_if_unchanged(root, path, digest, "overwritten")
    assert path.read_text(encoding="utf-8") == "---\nstatus: to-read\n---\nv1 and my new words\n"
    assert sorted(p.name for p in path.parent.iterdir()) == ["2402.15319-x.md"]


def test_a_write_into_the_note_as_it_is_replaced_is_kept(lib, root, monkeypatch):
    # a line appended (`echo ... >> note.md`) between the last check and the replace went
    # into the file replaced, and was lost without a word (a tester's loop: 3 runs in 10)
    path = write_note(root, "2402.15319-x.md", "---\nstatus: to-read\n---\nv1\n")
    digest = reviews.sha256_bytes(path.read_bytes())
    said: list[str] = []
    monkeypatch.setattr(reviews.config, "notice", said.append)
    real_replace = os.replace

    def appended_first(src, dst):
        with open(path, "a", encoding="utf-8") as other:  # (the writer, just in time)
            other.write("race 74\n")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", appended_first)
    reviews._replace_if_unchanged(root, path, digest, "---\nstatus: reading\n---\nv1\n")
    assert path.read_text(encoding="utf-8") == "---\nstatus: reading\n---\nv1\n"
    [copy] = (root / "reviews" / "_conflicts").iterdir()
    assert copy.read_text(encoding="utf-8") == "---\nstatus: to-read\n---\nv1\nrace 74\n"
    assert said == [
        "warning: 2402.15319-x.md was written to while papers rewrote its front matter: that "
        f"version is kept in reviews/_conflicts/{copy.name}"
    ]


def test_a_folder_that_cannot_be_written_is_named_not_the_temporary_file(lib, root, monkeypatch):
    # `chmod 555 reviews`: "Error: .../reviews/.bom.md.3eb0bd82.tmp: Permission denied" named
    # a file the user never made (root, as tests run, is refused nothing: the refusal is made)
    path = write_note(root, "2402.15319-x.md", "---\nstatus: to-read\n---\nv1\n")
    digest = reviews.sha256_bytes(path.read_bytes())
    real_open = os.open

    def refused(name, flags, *args):
        if os.path.basename(name).startswith(".") and flags & os.O_CREAT:
            raise PermissionError(13, "Permission denied", name)
        return real_open(name, flags, *args)

    monkeypatch.setattr(os, "open", refused)
    with pytest.raises(PapersError) as raised:
        reviews._replace_if_unchanged(root, path, digest, "overwritten")
    assert str(raised.value) == f"cannot write in {path.parent}: Permission denied"
    assert path.read_text(encoding="utf-8") == "---\nstatus: to-read\n---\nv1\n"


def test_ctrl_c_as_the_temporary_file_is_made_leaves_none(
    lib, root, monkeypatch, ctrl_c_as_temp_file_is_made
):
    # the signal lands as the temporary file is made, before the write: no hidden file is
    # left in reviews/ (where git would show it) and the note is as it was
    path = write_note(root, "2402.15319-x.md", "---\nstatus: to-read\n---\nv1\n")
    digest = reviews.sha256_bytes(path.read_bytes())
    with pytest.raises(KeyboardInterrupt):
        reviews._replace_if_unchanged(root, path, digest, "overwritten")
    ctrl_c_as_temp_file_is_made()  # (ends it)
    assert sorted(p.name for p in path.parent.iterdir()) == ["2402.15319-x.md"]
    assert path.read_text(encoding="utf-8") == "---\nstatus: to-read\n---\nv1\n"


# ----------------------------------------------------------------------------- sync cases


def test_broken_yaml_is_reported_indexed_and_untouched(lib, root):
    broken = "---\ntitle: [unclosed\n---\nQuantization musings.\n"
    path = write_note(root, "2402.15319-broken.md", broken)
    report = sync_notes(lib, root)
    assert report.broken and report.broken[0][0] == "reviews/2402.15319-broken.md"
    assert any("broken YAML" in w for w in report.warnings())
    assert path.read_text(encoding="utf-8") == broken
    body = lib.execute(
        "SELECT body FROM documents WHERE paper_id = '2402.15319' AND source = 'notes'"
    ).fetchone()[0]
    assert "Quantization musings." in body


def test_two_notes_for_one_paper_are_both_indexed(lib, root):
    write_note(root, "2402.15319-a.md", "---\narxiv: '2402.15319'\n---\nFirst take.\n")
    write_note(root, "gptvq-second.md", "---\narxiv: '2402.15319'\n---\nSecond take.\n")
    report = sync_notes(lib, root)
    assert report.duplicates == {
        "2402.15319": ["reviews/2402.15319-a.md", "reviews/gptvq-second.md"]
    }
    assert any("2 notes claim 2402.15319" in w for w in report.warnings())
    body = lib.execute("SELECT body FROM documents WHERE source = 'notes'").fetchone()[0]
    assert "First take." in body and "Second take." in body
    with pytest.raises(PapersError, match="several notes"):
        set_status(lib, root, "2402.15319", "reading")
    set_status(lib, root, "reviews/gptvq-second.md", "reading")  # a path picks one
    assert "status: reading" in (root / "reviews/gptvq-second.md").read_text(encoding="utf-8")


def test_renamed_note_moves_its_row(lib, root):
    path = write_note(
        root, "2402.15319-old.md", "---\narxiv: '2402.15319'\n---\nSee [[2210.17323]].\n"
    )
    sync_notes(lib, root)
    path.rename(root / "reviews" / "2402.15319-new-name.md")
    report = sync_notes(lib, root)
    assert report.renamed == [("reviews/2402.15319-old.md", "reviews/2402.15319-new-name.md")]
    assert report.deleted == [] and report.added == []
    rows = lib.execute("SELECT path, deleted FROM reviews").fetchall()
    assert rows == [("reviews/2402.15319-new-name.md", 0)]
    assert lib.execute("SELECT review_path FROM mentions").fetchall() == [
        ("reviews/2402.15319-new-name.md",)
    ]


def test_a_note_that_is_not_utf8_is_restored_byte_for_byte(lib, root):
    data = "---\narxiv: '2402.15319'\n---\nr\xe9sum\xe9 na\xefve\n".encode("latin-1")
    path = root / "reviews" / "2402.15319-gptvq.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    sync_notes(lib, root)
    path.unlink()
    restored = restore_review(lib, root, "2402.15319").path
    assert restored.read_bytes() == data  # (not U+FFFD where its bytes were)


def test_restore_brings_back_the_note_deleted_last_also_within_one_second(lib, root):
    older = write_note(root, "a-old.md", "---\narxiv: '2402.15319'\n---\nolder text\n")
    sync_notes(lib, root)
    older.unlink()
    newer = write_note(root, "z-new.md", "---\narxiv: '2402.15319'\n---\nnewer words\n")
    sync_notes(lib, root)  # (a new note, not a rename: the older is deleted)
    newer.unlink()
    sync_notes(lib, root)
    with lib.conn:  # both deletions seen in the same second
        lib.execute("UPDATE reviews SET synced = '2026-11-30T12:00:00Z'")
    restored = restore_review(lib, root, "2402.15319").path
    assert restored.name == "z-new.md" and "newer words" in restored.read_text("utf-8")


def test_renamed_and_edited_note_matched_by_paper_id(lib, root):
    path = write_note(root, "a.md", "---\narxiv: '2402.15319'\n---\nv1\nkept line\n")
    sync_notes(lib, root)
    path.unlink()
    write_note(root, "b.md", "---\narxiv: '2402.15319'\n---\nv2\nkept line\nmore\n")
    report = sync_notes(lib, root)
    assert report.renamed == [("reviews/a.md", "reviews/b.md")]


def test_another_note_after_one_was_deleted_is_no_rename_and_the_old_one_stays(lib, root):
    """Three days of notes deleted by mistake, then a scratch note for the same paper: the
    deleted note is no rename of the scratch one, and stays to be restored."""
    path = write_note(root, "2402.15319-gptvq.md", "---\narxiv: '2402.15319'\n---\nnarwhal\n")
    sync_notes(lib, root)
    path.unlink()
    write_note(root, "gptvq-scratch.md", "---\narxiv: '2402.15319'\n---\nfresh scratch note\n")
    report = sync_notes(lib, root)
    assert report.renamed == [] and report.deleted == ["reviews/2402.15319-gptvq.md"]
    restored = restore_review(lib, root, "reviews/2402.15319-gptvq.md").path
    assert "narwhal" in restored.read_text(encoding="utf-8")


def test_a_note_renamed_away_during_a_sync_is_skipped_not_deleted(lib, root, monkeypatch):
    # an editor's save renames the note away for a moment, after the folder was listed: the
    # sync goes on (no traceback), and the note is neither indexed afresh nor marked deleted
    path = write_note(root, "2402.15319-x.md", "---\narxiv: '2402.15319'\n---\nv1\n")
    other = write_note(root, "2210.17323-y.md", "---\narxiv: '2210.17323'\n---\nv1\n")
    sync_notes(lib, root)
    path.write_text("---\narxiv: '2402.15319'\n---\nv2\n", encoding="utf-8")
    other.write_text("---\narxiv: '2210.17323'\n---\nv2\n", encoding="utf-8")
    with monkeypatch.context() as patched:
        real = Path.read_bytes

        def vanishing(self):
            if self.name == path.name:
                raise FileNotFoundError(2, "No such file or directory")
            return real(self)

        patched.setattr(Path, "read_bytes", vanishing)
        report = sync_notes(lib, root)
    assert report.changed == ["reviews/2210.17323-y.md"] and report.deleted == []
    assert (
        lib.execute("SELECT deleted FROM reviews WHERE path = ?", [_rel(path)]).fetchone()[0] == 0
    )
    assert sync_notes(lib, root).changed == ["reviews/2402.15319-x.md"]  # read the next time


def test_a_note_that_cannot_be_read_is_reported_and_skipped(lib, root, monkeypatch):
    path = write_note(root, "2402.15319-x.md", "---\narxiv: '2402.15319'\n---\nv1\n")
    real = Path.read_bytes

    def refused(self):
        if self.name == path.name:
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", refused)
    report = sync_notes(lib, root)
    assert report.added == []
    assert report.warnings() == [
        "reviews/2402.15319-x.md: cannot be read (Permission denied); skipped"
    ]


def test_a_note_another_command_just_made_is_opened_not_doubled(lib, root, tmp_path, monkeypatch):
    # another `review open` makes and indexes the paper's note just after this one looked for
    # it: looked for again under the write lock, it is the note opened, and no second is made
    theirs = root / "reviews" / "2402.15319-theirs.md"
    real = reviews.find_note_rows
    calls = []

    def other_command_meanwhile(db, root_, ref):
        calls.append(ref)
        if len(calls) == 1:
            rows = real(db, root_, ref)
            write_note(root, theirs.name, "---\narxiv: '2402.15319'\n---\nMine.\n")
            sync_notes(lib, root, only=[theirs])
            return rows
        return real(db, root_, ref)

    monkeypatch.setattr(reviews, "find_note_rows", other_command_meanwhile)
    monkeypatch.setenv("EDITOR", editor_script(tmp_path, "noop", "pass\n"))
    result = open_review(lib, root, "2402.15319")
    assert result.path == theirs and not result.created
    assert sorted(p.name for p in (root / "reviews").glob("*.md")) == ["2402.15319-theirs.md"]


def test_deleted_note_is_restored_byte_for_byte(lib, root, tmp_path, monkeypatch):
    text = "---\narxiv: '2402.15319'\nstatus: reading\n---\nPrecious words — ünïcode {x}\r\n"
    path = write_note(root, "2402.15319-gptvq.md", text)
    sync_notes(lib, root)
    path.unlink()
    report = sync_notes(lib, root)
    assert report.deleted == ["reviews/2402.15319-gptvq.md"]
    assert lib.execute("SELECT count(*) FROM documents WHERE source = 'notes'").fetchone()[0] == 0
    monkeypatch.setenv("EDITOR", editor_script(tmp_path, "noop", "pass\n"))
    with pytest.raises(NoteConflict, match="papers review restore 2402.15319"):
        open_review(lib, root, "2402.15319")  # would start a fresh note over the lost one
    restored = restore_review(lib, root, "2402.15319").path
    assert restored == path and path.read_bytes() == text.encode("utf-8")
    assert lib.execute("SELECT deleted FROM reviews").fetchone()[0] == 0
    with pytest.raises(NoteConflict, match="nothing to restore"):
        restore_review(lib, root, "2402.15319")


def test_a_deleted_notes_text_is_kept_when_another_file_takes_its_name(lib, root):
    # a note deleted (`git clean`), then a colleague's note for the same paper pulled to the
    # same name: the deleted text, which restore offered, was overwritten in the database
    mine = "---\narxiv: '2402.15319'\n---\nMY OWN REVIEW TEXT ünïcode\r\n"
    path = write_note(root, "2402.15319-gptvq.md", mine)
    sync_notes(lib, root)
    path.unlink()
    assert sync_notes(lib, root).deleted == ["reviews/2402.15319-gptvq.md"]
    path.write_text("---\narxiv: '2402.15319'\n---\ncolleague note\n")
    report = sync_notes(lib, root)
    ((rel, copy),) = report.kept
    assert rel == "reviews/2402.15319-gptvq.md" and copy.startswith("reviews/_conflicts/")
    assert (root / copy).read_bytes() == mine.encode("utf-8")
    assert f"the deleted note's text is kept in {copy}" in report.warnings()[-1]
    assert "colleague note" in path.read_text()  # (the new note is left as it is, indexed)
    assert sync_notes(lib, root).kept == []  # (said once)
    # the same text back (`git checkout` of the deleted note) keeps no copy
    path.unlink()
    sync_notes(lib, root)
    path.write_text("---\narxiv: '2402.15319'\n---\ncolleague note\n")
    assert sync_notes(lib, root).kept == []


def test_a_restore_interrupted_mid_write_leaves_no_part_of_the_note(lib, root, monkeypatch):
    # the signal lands while the saved text is written: nothing appears under the note's
    # name, so the next sync cannot take half a note for the note and overwrite the only
    # saved copy with it; the restore then works
    text = "---\narxiv: '2402.15319'\nstatus: reading\n---\nPrecious words.\n" * 50
    path = write_note(root, "2402.15319-gptvq.md", text)
    sync_notes(lib, root)
    path.unlink()
    sync_notes(lib, root)

    class Interrupted:
        def __init__(self, handle):
            self.handle = handle

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

        def write(self, data):
            self.handle.write(data[:4])
            raise KeyboardInterrupt

    with monkeypatch.context() as patched:
        real_fdopen, real_open = os.fdopen, open
        patched.setattr(os, "fdopen", lambda fd, mode: Interrupted(real_fdopen(fd, mode)))
        patched.setattr("builtins.open", lambda *a, **k: Interrupted(real_open(*a, **k)))
        with pytest.raises(KeyboardInterrupt):
            restore_review(lib, root, "2402.15319")
    assert sorted(p.name for p in path.parent.iterdir()) == []
    sync_notes(lib, root)
    assert restore_review(lib, root, "2402.15319").path == path
    assert path.read_text(encoding="utf-8") == text


def test_a_new_note_never_replaces_a_file_of_that_name(root):
    path = write_note(root, "x.md", "mine")
    with pytest.raises(FileExistsError):
        reviews._write_new(path, "new")
    assert path.read_text(encoding="utf-8") == "mine"
    assert sorted(p.name for p in path.parent.iterdir()) == ["x.md"]


def test_a_notes_folder_that_cannot_be_made_is_a_one_line_error(lib, root, tmp_path, monkeypatch):
    (root / "reviews").write_text("a file where the folder would be")
    monkeypatch.setenv("EDITOR", editor_script(tmp_path, "noop", "pass\n"))
    result = CliRunner().invoke(cli, ["review", "open", "2402.15319"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and result.output.count("\n") == 1
    assert (root / "reviews").read_text() == "a file where the folder would be"


def test_note_for_paper_not_in_library_is_indexed_and_fetched(lib, root, fake_arxiv, corpus):
    write_note(root, "2208.07339-int8.md", "---\narxiv: 2208.07339\ntitle: Mine\n---\nNotes.\n")
    report = sync_notes(lib, root)
    assert report.missing == {"2208.07339": ["reviews/2208.07339-int8.md"]}
    assert "papers review sync --fetch" in report.warnings()[0]
    assert fake_arxiv.count("/api") == 0  # a plain sync never asks arXiv
    lines: list[str] = []
    report = sync_notes(lib, root, fetch=True, pdf=False, progress=lines.append)
    assert report.fetched == ["2208.07339"] and report.missing == {}
    assert lines == ["adding 2208.07339"]
    row = lib.execute("SELECT title, pdf FROM papers WHERE id = '2208.07339'").fetchone()
    assert row[0].startswith("LLM.int8()") and row[1] is None


def test_fetch_reports_each_paper_it_could_not_add(lib, root, fake_arxiv, corpus):
    write_note(root, "2106.09685-lora.md", "---\narxiv: '2106.09685'\n---\nLoRA.\n")
    write_note(root, "2301.99999-ghost.md", "---\narxiv: '2301.99999'\n---\nGhost.\n")
    write_note(root, "local_abcdef12-mine.md", "---\nid: local:abcdef12\n---\nLocal.\n")
    report = sync_notes(lib, root, fetch=True, pdf=False)
    assert report.fetched == ["2106.09685"]
    assert sorted(report.missing) == ["2301.99999", "local:abcdef12"]
    # (a local PDF's note is no failed arXiv add: its PDF is to be added, as its own line says)
    assert report.fetch_error == (
        "1 of the 2 papers the notes name could not be added; check the arxiv: line of "
        "reviews/2301.99999-ghost.md"
    )
    warnings = report.warnings()
    assert "not added: not found on arXiv: 2301.99999" in warnings
    assert (
        "reviews/local_abcdef12-mine.md: local:abcdef12 is a local PDF not in the library (add "
        "the PDF with 'papers add path/to/file.pdf')" in warnings
    )
    assert not any(line.startswith("not added: local:") for line in warnings)
    assert fake_arxiv.id_list_requests == [["2106.09685", "2301.99999"]]


def test_notes_of_many_local_pdfs_are_one_line_and_ask_arxiv_nothing(lib, root, fake_arxiv):
    # a clone of a team's notes on PDFs without arXiv stamps: one line, not --fetch's advice
    for n in range(4):
        title = f"title: 'Paper {n}'\n" if n else ""
        write_note(root, f"local_abcdef1{n}-x.md", f"---\nid: local:abcdef1{n}\n{title}---\nx\n")
    report = sync_notes(lib, root, fetch=True, pdf=False)
    assert report.fetch_error is None and report.fetch_failed == []
    assert report.warnings() == [
        "4 notes name 4 local PDFs not in the library: reviews/local_abcdef10-x.md, "
        "reviews/local_abcdef11-x.md, reviews/local_abcdef12-x.md, reviews/local_abcdef13-x.md "
        "(add the PDF with 'papers add path/to/file.pdf' for each)"
    ]
    assert fake_arxiv.count("/api") == 0
    assert report.local_titles == {  # (in --json: which PDF each is, as its note says)
        "local:abcdef10": None,
        **{f"local:abcdef1{n}": f"Paper {n}" for n in (1, 2, 3)},
    }


# ----------------------------------------------------------------------------- CLI


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_review_list_tells_notes_apart_as_stats_counts_them(lib, root):
    write_note(root, "2306.00978-awq.md", "---\narxiv: '2306.00978'\n---\nno status line\n")
    write_note(root, "awq-second.md", "---\narxiv: '2306.00978'\nstatus: reading\n---\nx\n")
    write_note(root, "comparison.md", "---\ntitle: GPTQ vs AWQ\n---\nboth\n")
    write_note(root, "2101.00001-x.md", "---\narxiv: '2101.00001'\n---\nelsewhere\n")
    to_read = json.loads(run("review", "list", "--json", "--status", "to-read").stdout)
    assert "reviews/2306.00978-awq.md" in [d["path"] for d in to_read]  # (no status: to-read)
    text = run("review", "list").stdout
    assert "[reviews/2306.00978-awq.md]" in text and "[reviews/awq-second.md]" in text
    assert "(names no paper)" in text and "(not in library)" in text
    assert "(not in library)" not in next(v for v in text.splitlines() if "comparison" in v)


def test_cli_list_show_status(lib, root, tmp_path, monkeypatch):
    write_note(
        root,
        "2402.15319-gptvq.md",
        "---\narxiv: '2402.15319'\nstatus: reading\ntags: [vq]\n---\nHello\n",
    )
    write_note(root, "2210.17323-gptq.md", "---\narxiv: '2210.17323'\nstatus: to-read\n---\nGPTQ\n")
    listing = run("review", "list", "--json")
    assert listing.exit_code == 0
    data = json.loads(listing.stdout)
    assert {d["id"] for d in data} == {"2402.15319", "2210.17323"}
    assert {"id", "status", "path", "updated"} <= set(data[0])
    reading = json.loads(run("review", "list", "--json", "--status", "reading").stdout)
    assert [d["id"] for d in reading] == ["2402.15319"]
    for tag in ("vq", "VQ"):  # (a tag whatever its case, as Obsidian has them)
        tagged = json.loads(run("review", "list", "--json", "--tag", tag).stdout)
        assert [d["id"] for d in tagged] == ["2402.15319"]
    write_note(root, "2208.07339-int8.md", "---\narxiv: '2208.07339'\ntag: '#quant/int8'\n---\n")
    tagged = json.loads(run("review", "list", "--json", "--tag", "quant").stdout)
    assert [d["id"] for d in tagged] == ["2208.07339"]  # ("tag:", nested, with "#")
    text = run("review", "list")
    assert "reading" in text.stdout and "GPTVQ" in text.stdout
    nothing = run("review", "list", "--tag", "nosuchtag", "--json")  # (nothing found: exit 1)
    assert (nothing.exit_code, json.loads(nothing.stdout)) == (1, [])
    assert nothing.stderr == "no review notes match\n"
    shown = run("review", "show", "2402.15319")
    assert shown.stdout.endswith("Hello\n")
    status = run("review", "status", "2402.15319", "reviewed")
    assert status.exit_code == 0 and "status reviewed" in status.stderr
    bad = run("review", "status", "2402.15319", "done")
    assert bad.exit_code == 2
    # a status in capitals, as a note may spell it ("Reading" counts there): written as the
    # tool spells it, and listed so
    capital = run("review", "status", "2402.15319", "Reading")
    assert capital.exit_code == 0 and "status reading" in capital.stderr
    assert "status: reading" in (root / "reviews" / "2402.15319-gptvq.md").read_text()
    listed = json.loads(run("review", "list", "--status", "READING", "--json").stdout)
    assert [d["id"] for d in listed] == ["2402.15319"]
    missing = run("review", "show", "2306.00978")
    assert missing.exit_code == 1 and "review open 2306.00978" in missing.stderr


def test_cli_open_and_restore(lib, root, tmp_path, monkeypatch):
    monkeypatch.setenv("EDITOR", editor_script(tmp_path, "append", APPEND))
    opened = run("review", "open", "2402.15319")
    assert opened.exit_code == 0, opened.stderr
    path = Path(opened.stdout.strip())
    assert path.is_file() and "created reviews/2402.15319-" in opened.stderr
    content = path.read_bytes()
    path.unlink()
    assert run("review", "restore", "2402.15319").exit_code == 0
    assert path.read_bytes() == content
    monkeypatch.setenv("EDITOR", "no-such-editor-xyz")
    failed = run("review", "open", "2402.15319")
    assert failed.exit_code == 1 and "editor not found" in failed.stderr


def test_every_command_has_help_with_example():
    for name, command in review.commands.items():
        assert command.help and "Example" in command.help, name
    assert os.path.basename(reviews.__file__) == "reviews.py"


def test_a_note_named_with_other_scripts_digits_names_no_paper():
    assert reviews.paper_id_from_filename("２４０２.１５３１９-x.md") is None
    assert reviews.paper_id_from_filename("2402.15319-x.md") == "2402.15319"


def test_a_mention_after_a_no_break_space_and_no_other_scripts_digits():
    assert extract_mentions("see arXiv:\u00a02402.15319 and arXiv:２４０２.１５３１９") == [
        "2402.15319"
    ]


def test_a_note_is_opened_and_its_status_set_by_the_papers_name(lib, root, tmp_path, monkeypatch):
    monkeypatch.setenv("EDITOR", editor_script(tmp_path, "noop", "pass\n"))
    result = open_review(lib, root, "gptvq")
    assert result.created and result.path.name.startswith("2402.15319-")
    set_status(lib, root, "GPTVQ", "reading")
    assert "status: reading" in result.path.read_text(encoding="utf-8")


def test_a_name_several_papers_answer_to_is_an_error_that_lists_them(lib, root):
    save_paper(lib, Paper(id="2401.00001", title="GPTVQ: another paper so named"))
    with pytest.raises(BadIdentifier, match="several papers answer to GPTVQ: 2401.00001, 2402"):
        set_status(lib, root, "GPTVQ", "reading")


def test_status_of_a_paper_outside_the_library_says_to_add_it_first(lib, root):
    # "review open" needs the paper in the library: the hint must not send the user there
    result = run("review", "status", "2211.10438", "reviewed")
    assert result.exit_code == 1
    assert "not in the library: 'papers add 2211.10438', then 'papers review open" in result.output
    held = run("review", "status", GPTQ.id, "reviewed")  # (in the library, no note yet)
    assert f"create one with 'papers review open {GPTQ.id}'" in held.output


def test_ctrl_c_while_the_editor_is_open_is_the_editors(lib, root, tmp_path, monkeypatch):
    # the terminal sends Ctrl-C to papers and the editor alike: papers waits for the editor,
    # whose save is kept (here the "editor" sends SIGINT to papers, then saves)
    body = (
        "import signal, time\ntime.sleep(0.2)\nos.kill(os.getppid(), signal.SIGINT)\n"
        "time.sleep(0.2)\nopen(path, 'a').write('Saved after Ctrl-C.\\n')\n"
    )
    monkeypatch.setenv("EDITOR", editor_script(tmp_path, "interrupted", body))
    result = open_review(lib, root, "2402.15319")
    assert result.changed and "Saved after Ctrl-C." in result.path.read_text(encoding="utf-8")


def test_an_editor_with_an_open_quote_is_a_one_line_error(lib, root, monkeypatch):
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", "'vim")
    result = CliRunner().invoke(cli, ["review", "open", "2402.15319"])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "$EDITOR is no command (No closing quotation): 'vim; the note is at" in result.output
    assert len(result.output.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("template", "word", "written"),
    [
        # a note opened and left as the template wrote it: its headings and prefilled lists
        # are no search hits; a line the reviewer writes is
        (None, "Weaknesses", "\nWeaknesses: no latency numbers.\n"),
        # a line the reviewer writes again is found, though the template wrote it
        (
            '---\narxiv: "$arxiv"\n---\n- Reproducible: yes\n',
            "Reproducible",
            "- Reproducible: yes\n",
        ),
    ],
    ids=["not-the-template", "a-template-line-written-again"],
)
def test_search_in_notes_finds_what_the_reviewer_wrote_not_the_template(
    lib, root, tmp_path, monkeypatch, template, word, written
):
    from papers.reviews import TEMPLATE_NAME

    if template is not None:
        (root / "reviews").mkdir(exist_ok=True)
        (root / "reviews" / TEMPLATE_NAME).write_text(template)
    monkeypatch.setenv("EDITOR", editor_script(tmp_path, "untouched", "pass\n"))
    open_review(lib, root, "2402.15319")
    assert notes_hits(lib, word) == []
    path = next((root / "reviews").glob("2402.15319-*.md"))
    path.write_text(path.read_text(encoding="utf-8") + written)
    sync_notes(lib, root)
    assert notes_hits(lib, word) == ["2402.15319"]


def test_a_folder_of_imported_notes_gets_a_line_a_problem_not_a_line_a_note(root):
    """Thirty notes from elsewhere with no paper, five with a status the tool does not know,
    eight papers arXiv cannot give: one line each, naming the first few; three or fewer notes
    with a problem are still named one by one."""
    notes = root / "reviews"
    notes.mkdir()
    for n in range(30):
        (notes / f"thoughts{n:02d}.md").write_text(f"# Thoughts {n}\n")
    for n in range(5):
        (notes / f"2210.17323-copy{n}.md").write_text(
            '---\narxiv: "2210.17323"\nstatus: Done\n---\n'
        )
    for n in range(1, 7):
        (notes / f"2401.0000{n}-x.md").write_text(f'---\narxiv: "2401.0000{n}"\nstatus: Wip\n---\n')
    (notes / "2402.15319-one.md").write_text('---\narxiv: "2402.15319"\nstatus: Later\n---\n')
    result = CliRunner().invoke(cli, ["review", "sync"], catch_exceptions=False)
    lines = result.stderr.splitlines()
    assert (
        "warning: 30 notes name no paper (add 'arxiv: ID' to their front matter): "
        "reviews/thoughts00.md, reviews/thoughts01.md, reviews/thoughts02.md, "
        "reviews/thoughts03.md, reviews/thoughts04.md (+25 more)"
    ) in lines
    assert [line for line in lines if "'Done'" in line] == [
        "warning: unknown status 'Done' (use one of: to-read, reading, reviewed), in 5 notes: "
        + ", ".join(f"reviews/2210.17323-copy{n}.md" for n in range(5))
    ]
    assert (
        "warning: reviews/2402.15319-one.md: unknown status 'Later' (use one of: to-read, "
        "reading, reviewed)"
    ) in lines
    # (a library with no paper fetches the papers its notes name: arXiv is unreachable here)
    unreachable = next(line for line in lines if line.startswith("warning: not added"))
    assert unreachable.startswith("warning: not added, 8 papers: arXiv unreachable: ")
    assert unreachable.endswith(
        ": 2210.17323, 2401.00001, 2401.00002, 2401.00003, 2401.00004 (+3 more)"
    )
    assert (
        len(lines) == 8
    )  # (with the summary, 'Wip' in 6 notes, the 5 claiming 2210.17323 and the error)


def test_many_notes_claiming_one_paper_are_named_by_the_first_few():
    from papers.reviews import SyncReport

    paths = [f"reviews/2210.17323-copy-{n}.md" for n in range(170)]
    [line] = SyncReport(duplicates={"2210.17323": paths}).warnings()
    assert line == (
        "170 notes claim 2210.17323: " + ", ".join(paths[:5]) + " (+165 more) (all indexed)"
    )


def test_many_papers_the_notes_name_outside_the_library_are_one_line(root):
    db = open_db(root)
    save_paper(db, Paper(id="2210.17323", title="GPTQ"))  # (not a fresh library: no fetch)
    db.conn.commit()
    notes = root / "reviews"
    notes.mkdir()
    for n in range(1, 7):
        (notes / f"2401.0000{n}-x.md").write_text(f'---\narxiv: "2401.0000{n}"\n---\n')
    result = CliRunner().invoke(cli, ["review", "sync"], catch_exceptions=False)
    assert result.stderr.splitlines()[1:] == [
        "warning: 6 notes name 6 papers not in the library: 2401.00001, 2401.00002, "
        "2401.00003, 2401.00004, 2401.00005 (+1 more) (run 'papers review sync --fetch' or "
        "'papers add ID'; 'papers review list' shows the notes)"
    ]


def test_papers_arxiv_does_not_have_are_one_line_when_many(root, monkeypatch):
    """ "not found on arXiv: ID" puts the id last: grouped all the same."""
    from papers.reviews import SyncReport

    report = SyncReport(
        fetch_failed=[f"not found on arXiv: 2401.0000{n}" for n in range(1, 6)]
        + ["2402.15319: arXiv unreachable: connection refused"]
    )
    assert report.warnings() == [
        "not added, 5 papers: not found on arXiv: 2401.00001, 2401.00002, 2401.00003, "
        "2401.00004, 2401.00005",
        "not added: 2402.15319: arXiv unreachable: connection refused",  # (as it was said)
    ]


def test_a_dangling_links_advice_says_how_each_kind_of_paper_is_added():
    """A local paper comes from its PDF, an arXiv paper from its id: the advice for links that
    name neither yet says which ('papers add ID' alone was said of a [[local:...]] link)."""
    from papers.reviews import SyncReport

    def advice(links: list[str]) -> str:
        [line] = SyncReport(dangling=[("reviews/a.md", links)]).warnings()
        return line[line.index("links nothing yet") :]

    assert "('papers add ID' adds the paper, and" in advice(["SmoothQuant"])
    assert "('papers add FILE.pdf' adds the local paper, and" in advice(["local:0123456789ab"])
    both = advice(["SmoothQuant", "local:0123456789ab"])
    assert "('papers add ID' adds the paper, 'papers add FILE.pdf' a local one, and" in both
