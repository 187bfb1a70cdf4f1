"""Review notes end to end through the real `papers` command group: fresh clones against the fake
arXiv, and every "bad input" of issue 5 (concurrent edits, broken YAML, unknown papers, two notes
for one paper, renames, failing editors), each checking the database and the file afterwards."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from papers import config, reviews
from papers.cli import cli
from papers.db import open_db, save_paper
from papers.models import Paper
from papers.reviews import note_filename, notes_mentioning

TODAY = date.today().isoformat()
GPTVQ = Paper(
    id="2402.15319",
    title="GPTVQ: The Blessing of Dimensionality for LLM Quantization",
    authors=["Mart van Baalen"],
    published="2024-02-23T00:00:00Z",
)
GPTQ = Paper(id="2210.17323", title="GPTQ: Accurate Post-Training Quantization", authors=["E"])


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def rows(root: Path, sql: str, params: tuple = ()) -> list[tuple]:
    """Read the database with a separate connection, as another process would."""
    conn = sqlite3.connect(config.db_path(root))
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def write_note(root: Path, name: str, text: str | bytes) -> Path:
    path = root / "reviews" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def editor(tmp_path: Path, body: str) -> str:
    """A fake editor: `python script.py NOTE`; `path` is the note."""
    script = tmp_path / f"editor{abs(hash(body))}.py"
    script.write_text("import os, subprocess, sys\npath = sys.argv[-1]\n" + body, encoding="utf-8")
    return f"{sys.executable} {script}"


@pytest.fixture
def lib(root):
    db = open_db(root)
    with db.conn:
        save_paper(db, GPTVQ)
        save_paper(db, GPTQ)
    return db


# ----------------------------------------------------------------------------- fresh clone


CLONE_NOTES = {
    # unquoted id (YAML reads a float), a link, an arXiv: mention and a URL
    "2210.17323-gptq.md": "---\narxiv: 2210.17323\nstatus: reviewed\n---\n"
    "Shared GPTQ review. Compare [[2306.00978]].\n",
    "awq-thoughts.md": "---\narxiv: '2306.00978'\nstatus: reading\n---\n"
    "Team notes on AWQ, see arXiv:2210.17323 and https://arxiv.org/abs/2308.13137v3\n",
}


def make_clone(tmp_path: Path, monkeypatch) -> Path:
    clone = tmp_path / "clone"
    for name, text in CLONE_NOTES.items():
        write_note(clone, name, text)
    monkeypatch.setenv("PAPERS_ROOT", str(clone))
    return clone


def test_sync_on_a_fresh_clone_adds_the_papers_with_pdfs(tmp_path, monkeypatch, fake_arxiv, corpus):
    clone = make_clone(tmp_path, monkeypatch)
    before = {p.name: p.read_bytes() for p in (clone / "reviews").iterdir()}
    result = run("review", "sync")
    assert result.exit_code == 0, result.output
    assert "2 new" in result.stderr and "2 papers added" in result.stderr
    assert "adding 2210.17323" in result.stderr  # progress, on stderr
    papers = dict(rows(clone, "SELECT id, title FROM papers"))
    assert papers["2210.17323"].startswith("GPTQ: Accurate Post-Training Quantization")
    assert papers["2306.00978"].startswith("AWQ: Activation-aware Weight Quantization")
    assert sorted(p.name for p in (clone / "papers").glob("*.pdf")) == [
        "2210.17323v2.pdf",
        "2306.00978v1.pdf",
    ]
    texts = rows(clone, "SELECT paper_id FROM documents WHERE source = 'text' ORDER BY 1")
    assert texts == [("2210.17323",), ("2306.00978",)]
    assert fake_arxiv.id_list_requests == [["2210.17323", "2306.00978"]]  # one batch
    # the notes are indexed and untouched
    assert {p.name: p.read_bytes() for p in (clone / "reviews").iterdir()} == before
    listing = json.loads(run("review", "list", "--json").stdout)
    assert {(n["id"], n["status"], n["in_library"]) for n in listing} == {
        ("2210.17323", "reviewed", True),
        ("2306.00978", "reading", True),
    }
    mentions = rows(clone, "SELECT review_path, arxiv_id FROM mentions ORDER BY 1, 2")
    assert mentions == [
        ("reviews/2210.17323-gptq.md", "2306.00978"),
        ("reviews/awq-thoughts.md", "2210.17323"),
        ("reviews/awq-thoughts.md", "2308.13137"),
    ]
    # a second sync asks arXiv nothing
    again = run("review", "sync")
    assert again.exit_code == 0 and "2 unchanged" in again.stderr
    assert len(fake_arxiv.id_list_requests) == 1


def test_a_template_note_from_another_machine_is_the_templates_once_its_paper_is_added(
    tmp_path, monkeypatch, fake_arxiv, corpus
):
    # a note made from the template on machine A, pulled into a fresh clone: the clone's
    # sync indexed it before adding its paper, so its headings stayed the reviewer's words
    # ("Weaknesses" found it) for good
    monkeypatch.setenv("PAPERS_ROOT", str(tmp_path / "a"))
    assert run("add", "2306.00978").exit_code == 0
    monkeypatch.setenv("EDITOR", "true")
    made = Path(run("review", "open", "2306.00978").stdout.strip())
    text = made.read_bytes() + b"\nMy own words about salient channels.\n"
    assert run("search", "Weaknesses", "--in", "notes").exit_code == 1  # (on A: the template's)
    clone = tmp_path / "b"
    write_note(clone, made.name, text)
    monkeypatch.setenv("PAPERS_ROOT", str(clone))
    assert run("review", "sync").exit_code == 0  # (adds AWQ, then knows its template lines)
    assert run("search", "Weaknesses", "--in", "notes").exit_code == 1
    assert run("search", "salient channels", "--in", "notes").exit_code == 0
    # and so does a clone whose paper comes later, by `papers add`: the next command knows
    clone = tmp_path / "c"
    write_note(clone, made.name, text)
    monkeypatch.setenv("PAPERS_ROOT", str(clone))
    assert run("review", "list").exit_code == 0  # (indexed; its paper not added)
    assert run("search", "Weaknesses", "--in", "notes").exit_code == 0  # (no paper: unknown)
    assert run("add", "2306.00978").exit_code == 0
    assert run("search", "Weaknesses", "--in", "notes").exit_code == 1
    assert run("search", "salient channels", "--in", "notes").exit_code == 0
    # a note the previous template made, whose values had no pages, is the template's too
    # (its facet lines were the reviewer's words: "INT3" found it)
    assert b"INT3 (p." in text
    clone = tmp_path / "d"
    write_note(clone, made.name, re.sub(rb" \(p\.\d+\)", b"", text))
    monkeypatch.setenv("PAPERS_ROOT", str(clone))
    assert run("review", "sync").exit_code == 0
    assert run("search", "INT3", "--in", "notes").exit_code == 1
    assert run("search", "salient channels", "--in", "notes").exit_code == 0


def test_a_cloned_notes_quantization_setting_is_the_templates_once_its_paper_has_facets(
    tmp_path, monkeypatch, fake_arxiv, corpus
):
    # a clone synced with --no-pdf, its paper's PDF added later: the note's template lines
    # were known without its facets, and the lines the template wrote from them ("INT3 (p.6)")
    # stayed the reviewer's words for good (search found them)
    monkeypatch.setenv("PAPERS_ROOT", str(tmp_path / "a"))
    assert run("add", "2306.00978").exit_code == 0
    monkeypatch.setenv("EDITOR", "true")
    made = Path(run("review", "open", "2306.00978").stdout.strip())
    text = made.read_bytes() + b"\nMy own words about salient channels.\n"
    assert b"INT3 (p." in text
    clone = tmp_path / "b"
    write_note(clone, made.name, text)
    monkeypatch.setenv("PAPERS_ROOT", str(clone))
    assert run("review", "sync", "--no-pdf").exit_code == 0
    assert run("search", "Weaknesses", "--in", "notes").exit_code == 1  # (the template's)
    assert run("search", "INT3", "--in", "notes").exit_code == 0  # (no facets: not known yet)
    assert run("add", "2306.00978").exit_code == 0  # (its PDF, and facets read from it)
    assert run("search", "INT3", "--in", "notes").exit_code == 1
    assert run("search", "salient channels", "--in", "notes").exit_code == 0


def test_a_cloned_notes_related_papers_are_the_templates_though_the_clone_lacks_them(
    tmp_path, monkeypatch, fake_arxiv, corpus
):
    # k-bit's note lists ZeroQuant, which it cites, under "Related papers"; on a clone that
    # lacks ZeroQuant the line was the reviewer's: a search hit, and "mentioned in review"
    monkeypatch.setenv("PAPERS_ROOT", str(tmp_path / "a"))
    assert run("add", "2212.09720", "2206.01861").exit_code == 0
    monkeypatch.setenv("EDITOR", "true")
    made = Path(run("review", "open", "2212.09720").stdout.strip())
    assert "[[2206.01861]] ZeroQuant" in made.read_text()
    clone = tmp_path / "c"
    write_note(clone, made.name, made.read_bytes())
    monkeypatch.setenv("PAPERS_ROOT", str(clone))
    assert run("review", "sync").exit_code == 0  # (adds k-bit alone)
    assert [r[0] for r in rows(clone, "SELECT id FROM papers")] == ["2212.09720"]
    assert run("search", "Affordable", "--in", "notes").exit_code == 1
    assert "mentioned in review" not in run("cited-by", "2206.01861").stdout
    # a line the reviewer wrote about a cited paper is theirs: searched, and a mention
    mine = made.read_text().replace(
        "## Related papers\n", "## Related papers\n- [[2206.01861]] zebrafinch tricks beat it\n"
    )
    clone = tmp_path / "d"
    write_note(clone, made.name, mine)
    monkeypatch.setenv("PAPERS_ROOT", str(clone))
    assert run("review", "sync").exit_code == 0
    assert run("search", "zebrafinch", "--in", "notes").exit_code == 0
    assert run("search", "Affordable", "--in", "notes").exit_code == 1


def test_a_cloned_related_line_of_a_reference_printing_no_id_is_the_templates(
    tmp_path, monkeypatch, fake_arxiv, corpus
):
    # GPTQ cites LAPQ by its title alone, linked by a lookup on the first machine: the
    # template listed it; on a clone, which has not looked GPTQ's references up, the line
    # was the reviewer's ("mentioned in review", a search hit) for good
    monkeypatch.setenv("PAPERS_ROOT", str(tmp_path / "a"))
    assert run("add", "2210.17323", "1911.07190").exit_code == 0
    assert run("refs", "2210.17323").exit_code == 0  # (LAPQ's reference linked by its title)
    monkeypatch.setenv("EDITOR", "true")
    made = Path(run("review", "open", "2210.17323").stdout.strip())
    assert "- [[1911.07190]] Loss Aware Post-training Quantization" in made.read_text()
    clone = tmp_path / "c"
    write_note(clone, made.name, made.read_bytes())
    monkeypatch.setenv("PAPERS_ROOT", str(clone))
    assert run("review", "sync").exit_code == 0  # (adds GPTQ alone)
    assert "mentioned in review" not in run("cited-by", "1911.07190").stdout
    assert run("search", "Loss Aware", "--in", "notes").exit_code == 1


def test_a_clones_first_sync_calls_no_link_dangling_to_a_paper_it_adds(
    tmp_path, monkeypatch, fake_arxiv, corpus
):
    # the colleague's first sync said "[[GPTQ]] names no paper ... 'papers add ID' adds the
    # paper", about the paper that very sync added (the links were read before the fetch)
    clone = make_clone(tmp_path, monkeypatch)
    write_note(
        clone, "awq-more.md", "---\narxiv: '2306.00978'\n---\nBuilds on [[GPTQ]], [[Zzz]].\n"
    )
    result = run("review", "sync", "--no-pdf")
    assert result.exit_code == 0, result.output
    dangling = [line for line in result.stderr.splitlines() if "links nothing" in line]
    assert len(dangling) == 1 and "[[Zzz]] names no paper" in dangling[0]
    assert "[[GPTQ]]" not in dangling[0]


def test_fresh_clone_sync_no_pdf(tmp_path, monkeypatch, fake_arxiv, corpus):
    clone = make_clone(tmp_path, monkeypatch)
    result = run("review", "sync", "--no-pdf", "--silent")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert rows(clone, "SELECT id, pdf FROM papers ORDER BY id") == [
        ("2210.17323", None),
        ("2306.00978", None),
    ]
    assert not list((clone / "papers").glob("*.pdf"))
    assert fake_arxiv.count("/pdf") == 0


def test_fresh_clone_offline_then_retry(tmp_path, monkeypatch, fake_arxiv, corpus):
    clone = make_clone(tmp_path, monkeypatch)
    monkeypatch.setenv("PAPERS_ARXIV_API", "http://127.0.0.1:9/api/query")  # nothing listens
    offline = run("review", "sync", "--no-pdf")
    assert offline.exit_code == 1
    last = offline.stderr.strip().splitlines()[-1]
    assert last == (
        "Error: 2 of the 2 papers the notes name could not be added; run 'papers review sync "
        "--fetch' to try again"
    )
    assert rows(clone, "SELECT count(*) FROM reviews") == [(2,)]  # notes indexed anyway
    assert rows(clone, "SELECT count(*) FROM papers") == [(0,)]
    # The library exists now but holds no paper: a plain sync tries again.
    monkeypatch.setenv("PAPERS_ARXIV_API", fake_arxiv.api_url)
    retry = run("review", "sync", "--no-pdf")
    assert retry.exit_code == 0, retry.output
    assert rows(clone, "SELECT count(*) FROM papers") == [(2,)]


def test_a_note_naming_a_paper_arxiv_does_not_have_points_at_the_note_not_a_retry(
    tmp_path, monkeypatch, fake_arxiv, corpus
):
    # "run 'papers review sync --fetch' to try again": arXiv answered that it has no such
    # paper, so asking again cannot help; the note's mistyped id can
    clone = tmp_path / "clone"
    write_note(clone, "llm-int8.md", "---\narxiv: '2208.07393'\n---\nx\n")
    monkeypatch.setenv("PAPERS_ROOT", str(clone))
    result = run("review", "sync", "--no-pdf")
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "Error: 1 of the 1 papers the notes name could not be added; check the arxiv: line of "
        "reviews/llm-int8.md"
    )


def test_a_clones_note_of_a_local_pdf_says_to_add_the_pdf_not_to_check_its_arxiv_line(
    root, tmp_path, monkeypatch, fake_arxiv, corpus
):
    # a clone's note of a PDF with no arXiv stamp ("id: local:..."): "1 of the 2 papers the
    # notes name could not be added; check the arxiv: line of reviews/local_...md", and the
    # next sync "run 'papers review sync --fetch' or 'papers add ID'": neither adds a local PDF
    pdf = corpus / "nostamp" / "I-BERT.pdf"
    assert run("add", str(pdf)).exit_code == 0
    assert run("add", "2210.17323", "--no-pdf").exit_code == 0
    listed = json.loads(run("list", "--json").stdout)
    (local,) = [p["id"] for p in listed if p["id"].startswith("local:")]
    monkeypatch.setenv("EDITOR", "true")
    assert run("review", "open", local).exit_code == 0
    assert run("review", "open", "2210.17323").exit_code == 0
    clone = tmp_path / "clone"  # (the notes are committed, papers/ is not)
    shutil.copytree(root / "reviews", clone / "reviews")
    monkeypatch.setenv("PAPERS_ROOT", str(clone))
    (note,) = [p.name for p in (clone / "reviews").glob("local_*.md")]
    said = (
        f'warning: reviews/{note}: {local} ("I-BERT: Integer-only BERT Quantization") is a local '
        "PDF not in the library (add the PDF with 'papers add path/to/file.pdf')"
    )
    for args in (["review", "sync", "--no-pdf"], ["review", "sync"], ["review", "sync", "--fetch"]):
        synced = run(*args)
        assert synced.exit_code == 0, (args, synced.stderr)
        assert said in synced.stderr.splitlines(), (args, synced.stderr)
        assert "could not be added" not in synced.stderr and "--fetch" not in synced.stderr
        assert "arxiv: line" not in synced.stderr, args
    assert [r[0] for r in rows(clone, "SELECT id FROM papers")] == ["2210.17323"]
    # the remedy said is the one: the PDF added, its note is the paper's
    assert run("add", str(pdf)).exit_code == 0
    assert "warning" not in run("review", "sync").stderr
    assert rows(clone, "SELECT count(*) FROM papers WHERE id = ?", (local,)) == [(1,)]


def test_a_fresh_clone_sync_interrupted_says_how_to_add_the_rest(
    tmp_path, monkeypatch, fake_arxiv, corpus
):
    """A Ctrl-C during the first sync of a clone says to run it again, and the rerun adds the
    rest (once a paper was in, a plain sync only warned "not in the library")."""
    clone = make_clone(tmp_path, monkeypatch)
    from papers import library

    real = library.add_papers

    def first_then_ctrl_c(db, root, ids, **kwargs):
        kwargs.pop("report", None)
        real(db, root, ids[:1], **kwargs)
        raise KeyboardInterrupt

    monkeypatch.setattr(library, "add_papers", first_then_ctrl_c)
    result = run("review", "sync", "--no-pdf")
    assert result.exit_code == 130
    assert result.stderr.splitlines()[-2:] == [
        "the papers the notes name not added yet: run 'papers review sync' again",
        "Interrupted; nothing half-written was kept.",
    ]
    # and it does: the rerun goes on adding (it added nothing more, and said --fetch)
    monkeypatch.setattr(library, "add_papers", real)
    again = run("review", "sync", "--no-pdf")
    assert again.exit_code == 0, again.output
    assert rows(clone, "SELECT count(*) FROM papers") == [(2,)]
    # done: a later sync of a note naming a paper not added asks arXiv nothing
    write_note(clone, "later.md", "---\narxiv: '2208.07339'\n---\nx\n")
    fake_arxiv.log.clear()
    later = run("review", "sync", "--no-pdf")
    assert later.exit_code == 0 and "2208.07339 is not in the library" in later.stderr
    assert fake_arxiv.count() == 0


def test_sync_with_no_library_and_no_reviews_creates_nothing(root):
    result = run("review", "sync")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: no library and no reviews/ folder")
    assert not (root / "papers").exists()


def test_open_on_a_fresh_clone_opens_the_shared_note(tmp_path, monkeypatch):
    clone = make_clone(tmp_path, monkeypatch)
    monkeypatch.setenv("EDITOR", editor(tmp_path, "open(path, 'a').write('More.\\n')\n"))
    result = run("review", "open", "2210.17323")
    assert result.exit_code == 0, result.output
    assert Path(result.stdout.strip()) == clone / "reviews" / "2210.17323-gptq.md"
    assert "More." in rows(clone, "SELECT content FROM reviews WHERE paper_id = '2210.17323'")[0][0]


# ----------------------------------------------------------------------------- concurrent edits


@pytest.mark.skipif(sys.platform == "win32", reason="advisory locks are POSIX")
def test_a_note_open_in_another_editor_is_said_so_before_this_one_starts(
    lib, root, tmp_path, monkeypatch
):
    """Two `review open` of a new note whose editors both saved before either was indexed:
    one save replaced the other's, and nothing was said (a tester, 2 of 30 runs). The second
    says the note is open elsewhere, before its editor starts."""
    import fcntl
    import hashlib

    monkeypatch.setenv("EDITOR", editor(tmp_path, "open(path, 'a').write('Mine.\\n')\n"))
    quiet = run("review", "open", "2402.15319")
    assert quiet.exit_code == 0 and "open in another editor" not in quiet.stderr
    rel = "reviews/" + Path(quiet.stdout.strip()).name
    lock = root / "papers" / ".editing" / f"{hashlib.sha256(rel.encode()).hexdigest()[:16]}.lock"
    with open(lock, "a") as other:  # (the first editor, still open)
        fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
        second = run("review", "open", "2402.15319")
    assert second.exit_code == 0
    assert f"warning: {rel} is open in another editor ('papers review open')" in second.stderr
    assert Path(second.stdout.strip()).read_text(encoding="utf-8").count("Mine.") == 2


def status_meanwhile(tmp_path: Path, status: str, save: str) -> str:
    """An editor's script: it loads the note, another terminal runs `papers review status`
    (its stderr kept in status.err), then the editor saves `save` (Python) over its buffer."""
    return (
        "buffer = open(path).read()\n"  # the editor loads the note
        "said = subprocess.run([sys.executable, '-m', 'papers', 'review', 'status', path, "
        f"'{status}'], check=True, capture_output=True, text=True)\n"  # another terminal
        f"open({str(tmp_path / 'status.err')!r}, 'w').write(said.stderr)\n"
        f"open(path, 'w').write({save})\n"  # the stale buffer saved
    )


def test_a_status_set_while_the_editor_is_open_is_carried_into_its_save(
    lib, root, tmp_path, monkeypatch
):
    """While `review open` waits, `papers review status` changes the note; then the editor
    writes its stale buffer over it. The status was lost to reviews/_conflicts/, said at the
    editor's terminal only (`status` said it was set): `status` says the note is open in an
    editor, and the editor's save gets the status."""
    path = write_note(
        root, "2402.15319-gptvq.md", "---\narxiv: '2402.15319'\nstatus: to-read\n---\nv1\n"
    )
    run("review", "sync")
    body = status_meanwhile(tmp_path, "reviewed", "buffer + 'Written in the editor.\\n'")
    monkeypatch.setenv("EDITOR", editor(tmp_path, body))
    result = run("review", "open", "2402.15319")
    assert result.exit_code == 0, result.output
    said = (tmp_path / "status.err").read_text()
    assert said.startswith(
        "warning: reviews/2402.15319-gptvq.md is open in an editor ('papers review open'), "
        "whose save would replace this change: the status is carried into that save"
    )
    text = path.read_text(encoding="utf-8")
    assert "Written in the editor." in text and "status: reviewed" in text
    assert f"reviewed: {TODAY}" in text  # (the date the yearly goal counts, as status wrote it)
    assert not (root / "reviews" / "_conflicts").exists()  # (nothing of it is lost)
    assert (
        "reviews/2402.15319-gptvq.md: status reviewed, set meanwhile by 'papers review "
        "status', is carried into the editor's save"
    ) in result.stderr
    assert "changed elsewhere" not in result.stderr
    # the database holds what is on disk; `review list` says reviewed
    assert rows(root, "SELECT path, content, status FROM reviews") == [
        ("reviews/2402.15319-gptvq.md", text, "reviewed")
    ]
    assert not list((root / "papers" / ".editing").glob("*.json"))  # (carried once)


def test_an_editor_that_sets_the_status_itself_keeps_its_own(lib, root, tmp_path, monkeypatch):
    """The editor's save sets another status than `review status` did meanwhile: the
    editor's counts, and the version `review status` wrote is kept in _conflicts/ as before."""
    path = write_note(
        root, "2402.15319-gptvq.md", "---\narxiv: '2402.15319'\nstatus: to-read\n---\nv1\n"
    )
    run("review", "sync")
    save = "buffer.replace('to-read', 'reading') + 'Mine.\\n'"
    monkeypatch.setenv("EDITOR", editor(tmp_path, status_meanwhile(tmp_path, "reviewed", save)))
    result = run("review", "open", "2402.15319")
    assert result.exit_code == 0, result.output
    text = path.read_text(encoding="utf-8")
    assert "status: reading" in text and "Mine." in text
    [copy] = (root / "reviews" / "_conflicts").glob("2402.15319-gptvq.*.md")
    assert "status: reviewed" in copy.read_text(encoding="utf-8")
    assert "was changed elsewhere while the editor was open" in result.stderr
    assert "carried" not in result.stderr


def test_a_status_left_for_an_editor_session_that_ended_is_not_carried_into_the_next(
    lib, root, tmp_path, monkeypatch
):
    """`review status` left its values for an open editor whose `review open` was killed before
    taking them; a later status and a later editor session must not bring them back."""
    path = write_note(
        root, "2402.15319-gptvq.md", "---\narxiv: '2402.15319'\nstatus: reading\n---\nv1\n"
    )
    run("review", "sync")
    editing = root / "papers" / ".editing"
    editing.mkdir(parents=True, exist_ok=True)
    name = hashlib.sha256(b"reviews/2402.15319-gptvq.md").hexdigest()[:16]
    (editing / f"{name}.status.json").write_text('{"status": "reviewed"}', encoding="utf-8")
    body = "buffer = open(path).read()\nopen(path, 'w').write(buffer + 'More.\\n')\n"
    monkeypatch.setenv("EDITOR", editor(tmp_path, body))
    result = run("review", "open", "2402.15319")
    assert result.exit_code == 0, result.output
    text = path.read_text(encoding="utf-8")
    assert "More." in text and "status: reading" in text
    assert not list(editing.glob("*.json"))


def opened_in_editor(root, tmp_path, monkeypatch, text: str, body: str):
    """GPTVQ's note holding `text`, indexed, then opened with an editor that runs `body`:
    (the note's path, the result of `review open`)."""
    path = write_note(root, "2402.15319-gptvq.md", text)
    run("review", "sync")
    monkeypatch.setenv("EDITOR", editor(tmp_path, body))
    return path, run("review", "open", "2402.15319")


def test_an_editor_saving_twice_while_a_command_indexes_between_is_no_conflict(
    lib, root, tmp_path, monkeypatch
):
    """The editor saves, another command indexes that save (autosync), the editor saves again
    with more: its last save holds all of the first, so nothing is lost and nothing is said."""
    body = (
        "open(path, 'a').write('first save\\n')\n"
        "subprocess.run([sys.executable, '-m', 'papers', 'review', 'sync'], check=True)\n"
        "open(path, 'a').write('second save\\n')\n"
    )
    text = "---\narxiv: '2402.15319'\n---\nv1\n"
    path, result = opened_in_editor(root, tmp_path, monkeypatch, text, body)
    assert result.exit_code == 0, result.output
    assert "changed elsewhere" not in result.stderr
    assert not (root / "reviews" / "_conflicts").exists()
    assert "first save\nsecond save" in path.read_text(encoding="utf-8")


def test_an_editor_that_deletes_or_renames_the_note_is_said_as_such(
    lib, root, tmp_path, monkeypatch
):
    path = write_note(root, "2402.15319-gptvq.md", "---\narxiv: '2402.15319'\n---\nmine\n")
    run("review", "sync")
    monkeypatch.setenv("EDITOR", editor(tmp_path, "os.replace(path, path[:-3] + '-v2.md')\n"))
    renamed = run("review", "open", "2402.15319")
    assert renamed.exit_code == 0, renamed.output
    assert renamed.stdout.strip().endswith("2402.15319-gptvq-v2.md")
    monkeypatch.setenv("EDITOR", editor(tmp_path, "os.remove(path)\n"))
    deleted = run("review", "open", "2402.15319")
    assert deleted.exit_code == 0 and deleted.stdout == ""
    assert "the editor deleted reviews/2402.15319-gptvq-v2.md" in deleted.stderr
    assert "papers review restore 2402.15319" in deleted.stderr
    assert not path.exists()


def test_a_line_deleted_elsewhere_while_the_editor_is_open_is_kept_as_a_conflict(
    lib, root, tmp_path, monkeypatch
):
    """The editor saves, another tool deletes a line of the note and it is indexed, the editor
    saves its whole buffer again (with the line): that version is kept, not silently undone."""
    body = (
        "buffer = open(path).read() + 'first save\\n'\n"
        "open(path, 'w').write(buffer)\n"
        "text = open(path).read().replace('delete me\\n', '')\n"  # (another terminal)
        "open(path, 'w').write(text)\n"
        "subprocess.run([sys.executable, '-m', 'papers', 'review', 'sync'], check=True)\n"
        "open(path, 'w').write(buffer + 'second save\\n')\n"
    )
    text = "---\narxiv: '2402.15319'\n---\nkeep\ndelete me\n"
    path, result = opened_in_editor(root, tmp_path, monkeypatch, text, body)
    assert result.exit_code == 0, result.output
    assert "was changed elsewhere while the editor was open" in result.stderr
    [copy] = (root / "reviews" / "_conflicts").glob("2402.15319-gptvq.*.md")
    assert "delete me" not in copy.read_text(encoding="utf-8")
    assert "second save" in path.read_text(encoding="utf-8")  # (the editor's save stands)


def test_other_editor_changes_while_waiting_and_editor_quits_without_saving(
    lib, root, tmp_path, monkeypatch
):
    path = write_note(root, "2402.15319-gptvq.md", "---\narxiv: '2402.15319'\n---\nv1\n")
    other = "---\narxiv: '2402.15319'\n---\nv2 from another editor\n"
    body = (
        "tmp = path + '.other'\n"
        f"open(tmp, 'w').write({other!r})\n"
        "os.replace(tmp, path)\n"  # another editor saves by replacing the file
    )  # ... and this editor quits without writing
    monkeypatch.setenv("EDITOR", editor(tmp_path, body))
    result = run("review", "open", "2402.15319")
    assert result.exit_code == 0, result.output
    expected = other.replace("---\nv2", f"updated: {TODAY}\n---\nv2")
    assert path.read_text(encoding="utf-8") == expected
    assert rows(root, "SELECT content FROM reviews") == [(expected,)]
    assert not (root / "reviews" / "_conflicts").exists()


def test_file_changed_between_editor_exit_and_tool_write_is_not_overwritten(
    lib, root, tmp_path, monkeypatch
):
    path = write_note(root, "2402.15319-gptvq.md", "---\narxiv: '2402.15319'\n---\nv1\n")
    monkeypatch.setenv("EDITOR", editor(tmp_path, "open(path, 'a').write('edited\\n')\n"))
    racing = "---\narxiv: '2402.15319'\n---\nwritten by another process at the last moment\n"
    original = reviews.set_front_matter_fields

    def late_writer(text, values):
        path.write_text(racing, encoding="utf-8")  # lands after the tool read the file
        return original(text, values)

    monkeypatch.setattr(reviews, "set_front_matter_fields", late_writer)
    result = run("review", "open", "2402.15319")
    assert result.exit_code == 0, result.output
    assert path.read_text(encoding="utf-8") == racing  # not replaced by the tool
    assert rows(root, "SELECT content FROM reviews") == [(racing,)]


def test_status_refuses_when_the_file_changes_under_it(lib, root, monkeypatch):
    path = write_note(
        root, "2402.15319-gptvq.md", "---\narxiv: '2402.15319'\nstatus: to-read\n---\nv1\n"
    )
    racing = "---\narxiv: '2402.15319'\nstatus: to-read\n---\nv2, saved meanwhile\n"
    original = reviews.set_front_matter_fields

    def late_writer(text, values):
        path.write_text(racing, encoding="utf-8")
        return original(text, values)

    monkeypatch.setattr(reviews, "set_front_matter_fields", late_writer)
    result = run("review", "status", "2402.15319", "reading")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: 2402.15319-gptvq.md changed on disk")
    assert "papers review sync" in result.stderr and len(result.stderr.splitlines()) == 1
    assert path.read_text(encoding="utf-8") == racing


# ----------------------------------------------------------------------------- bad notes


def test_broken_yaml_message_body_indexed_file_untouched(lib, root, tmp_path, monkeypatch):
    broken = b"---\r\narxiv: 2402.15319\r\ntags: [vq\r\n---\r\nCodebook musings.\r\n"
    path = write_note(root, "2402.15319-gptvq.md", broken)
    result = run("review", "sync")
    assert result.exit_code == 0
    assert (
        "warning: reviews/2402.15319-gptvq.md: broken YAML front matter (line 3)" in result.stderr
    )
    assert "body indexed, file left as is" in result.stderr
    assert path.read_bytes() == broken
    found = json.loads(run("search", "codebook", "--json").stdout)
    assert [(h["id"], h["source"]) for h in found] == [("2402.15319", "notes")]
    listing = run("review", "list")
    assert "(front matter broken)" in listing.stdout
    status = run("review", "status", "2402.15319", "reading")
    assert status.exit_code == 1 and "fix it, then run this again" in status.stderr
    # an editor session on it: the edit is indexed, the tool adds no `updated:` line
    monkeypatch.setenv("EDITOR", editor(tmp_path, "open(path, 'ab').write(b'More.\\r\\n')\n"))
    assert run("review", "open", "2402.15319").exit_code == 0
    assert path.read_bytes() == broken + b"More.\r\n"
    assert rows(root, "SELECT content FROM reviews")[0][0].endswith("More.\r\n")


def test_the_editors_output_stays_out_of_the_path_a_script_takes(lib, root, tmp_path):
    # `note=$(papers review open ID)`: the editor's screen came before the path on stdout
    noisy = editor(tmp_path, "print('EDITOR SCREEN')\nopen(path, 'a').write('Seen.\\n')\n")
    out = subprocess.run(
        [sys.executable, "-m", "papers", "review", "open", "2402.15319"],
        capture_output=True,
        text=True,
        env={**os.environ, "PAPERS_ROOT": str(root), "EDITOR": noisy, "VISUAL": ""},
        start_new_session=True,  # (no terminal: at one, the editor is drawn on it)
    )
    assert out.returncode == 0, out.stderr
    (path,) = out.stdout.splitlines()
    assert Path(path).read_text().endswith("Seen.\n")
    assert "EDITOR SCREEN" in out.stderr
    # --no-wait (a GUI editor left running): `$(...)` waited for the editor to close stdout
    slow = editor(tmp_path, "import time\nprint('GUI')\ntime.sleep(6)\n")
    started = time.monotonic()
    out = subprocess.run(
        [sys.executable, "-m", "papers", "review", "open", "2402.15319", "--no-wait"],
        capture_output=True,
        text=True,
        env={**os.environ, "PAPERS_ROOT": str(root), "EDITOR": slow, "VISUAL": ""},
        start_new_session=True,
        timeout=30,
    )
    assert out.returncode == 0 and out.stdout.splitlines() == [path]
    assert time.monotonic() - started < 5  # (no timing claim: the editor sleeps 6 s)


def test_review_list_json_gives_the_date_a_note_was_reviewed(lib, root):
    # the yearly goal counts by `reviewed:`; a script asking "what did I review this month"
    # had to read each note's front matter for it
    write_note(root, "2402.15319-gptvq.md", "---\narxiv: '2402.15319'\nstatus: reading\n---\nx\n")
    assert run("review", "status", "2402.15319", "reviewed").exit_code == 0
    (note,) = json.loads(run("review", "list", "--json").stdout)
    assert note["reviewed"] == time.strftime("%Y-%m-%d")  # (local, as the tool writes it)
    write_note(root, "2402.15319-gptvq.md", "---\narxiv: '2402.15319'\nstatus: reading\n---\nx\n")
    (note,) = json.loads(run("review", "list", "--json").stdout)
    assert note["reviewed"] is None


def test_a_note_whose_file_name_is_not_utf8_is_skipped_with_a_warning(lib, root):
    # a Latin-1 "café.md" from an old zip made every command that syncs notes a traceback
    write_note(root, "2402.15319-gptvq.md", "---\narxiv: '2402.15319'\n---\nfine\n")
    folder = os.fsencode(root / "reviews")
    with open(os.path.join(folder, b"caf\xe9.md"), "wb") as odd:
        odd.write(b"---\nstatus: reading\n---\nx\n")
    synced = run("review", "sync")
    assert synced.exit_code == 0, synced.output
    assert "reviews/caf\\xe9.md: cannot be read (its file name is not UTF-8" in synced.stderr
    assert [n["path"] for n in json.loads(run("review", "list", "--json").stdout)] == [
        "reviews/2402.15319-gptvq.md"
    ]
    assert run("search", "fine").exit_code == 0


def test_tags_are_listed_as_the_note_writes_them(lib, root):
    # `tags: [1, true, null, {a: b}]` were listed as "1", "True", "None", "{'a': 'b'}"
    text = "---\narxiv: '2402.15319'\ntags: [vq, 1, true, null, {a: b}]\n---\nx\n"
    write_note(root, "2402.15319-gptvq.md", text)
    synced = run("review", "sync")
    assert "tags should be words" in synced.stderr
    (note,) = json.loads(run("review", "list", "--json").stdout)
    assert note["tags"] == ["vq", "1", "true"]


def test_a_tag_written_in_the_text_is_a_tag_as_obsidian_lists_it(lib, root):
    # `review list --tag weight-only` found nothing for a note whose text writes #weight-only
    text = (
        "---\narxiv: '2402.15319'\ntags: [vq]\n---\n# Notes\n\nRuns #weight-only settings "
        "and #quant/gptq (#paren is none); issue #12, see [the method](#method), page#Method.\n"
        "```python\nx = 1  # not-a-tag\n```\nAlso #VQ again and `#code`, #Weight-Only.\n\n"
        "    indented = code  #not-one-either\n"
    )
    write_note(root, "2402.15319-gptvq.md", text)
    assert run("review", "sync").exit_code == 0
    (note,) = json.loads(run("review", "list", "--json").stdout)
    assert note["tags"] == ["vq", "weight-only", "quant/gptq"]
    for tag in ("weight-only", "#weight-only", "quant"):
        listed = run("review", "list", "--tag", tag, "--json")
        assert [n["path"] for n in json.loads(listed.stdout)] == [note["path"]], tag
    assert run("review", "list", "--tag", "not-a-tag").exit_code == 1
    # a library indexed before: its notes read again once, their #tags found
    db = open_db(root)
    with db.conn:
        db.execute("UPDATE reviews SET tags = '[\"vq\"]'")
        db.execute("DELETE FROM _sqlite_migrations WHERE name = '015_inline_tags'")
    open_db(root).conn.close()  # (opening the library migrates it)
    assert json.loads(run("review", "list", "--json").stdout)[0]["tags"] == note["tags"]


def test_a_front_matter_escape_that_is_no_character_is_read_as_a_replacement(lib, root):
    # YAML's "\udce9" is a lone surrogate: SQLite refused it (a traceback, then a wrong
    # "not UTF-8 text" about the arguments)
    text = '---\narxiv: "2402.15319"\ntags: ["\\udce9x", "\\ud835y", ok]\n---\nx\n'
    write_note(root, "2402.15319-gptvq.md", text)
    assert run("review", "sync").exit_code == 0
    listed = run("review", "list", "--json")
    assert listed.exit_code == 0
    assert json.loads(listed.stdout)[0]["tags"] == ["\ufffdx", "\ufffdy", "ok"]


def test_review_list_is_a_table_with_a_header_whose_titles_line_up(lib, root):
    # no header, and a 16-character id column a longer id or path pushed the title out of
    write_note(root, "2402.15319-gptvq.md", "---\narxiv: '2402.15319'\nstatus: reading\n---\nx\n")
    write_note(root, "a-comparison-of-many-methods.md", "---\ntitle: GPTQ vs AWQ\n---\ny\n")
    lines = run("review", "list").stdout.splitlines()
    assert lines[0].split() == ["status", "updated", "id", "flags", "title"]
    column = lines[0].index("title")
    assert lines[2][column:].startswith("GPTVQ") or lines[3][column:].startswith("GPTVQ")
    assert {line[column:] for line in lines[2:]} >= {"GPTQ vs AWQ"}


def test_review_list_at_a_terminal_cuts_a_long_path_not_every_title(lib, root):
    # one note deep in subfolders widened the id column for every row: at 100 columns every
    # title was cut to about ten characters
    from terminal import run_at_terminal

    write_note(root, "2402.15319-gptvq.md", "---\narxiv: '2402.15319'\nstatus: reading\n---\nx\n")
    deep = root / "reviews" / "sub" / "deeper"
    deep.mkdir(parents=True)
    name = "a-very-long-free-standing-note-file-name-that-names-no-paper-at-all.md"
    (deep / name).write_text("---\ntitle: Free note\n---\nx\n")
    env = {**os.environ, "PAPERS_ROOT": str(root), "COLUMNS": "100"}
    status, shown, _ = run_at_terminal(["review", "list"], env, "stdout")
    assert status == 0
    lines = shown.decode().replace("\r", "").splitlines()
    assert max(len(line) for line in lines) <= 100
    # (a terminal cuts titles, as `papers list` does; but not to a dozen characters)
    assert any("GPTVQ: The Blessing of Dim" in line for line in lines)


def test_unusable_front_matter_values_are_reported(lib, root):
    path = write_note(
        root,
        "2402.15319-gptvq.md",
        "---\narxiv: '2402.15319'\nstatus: done\nrating: great\n---\nx\n",
    )
    result = run("review", "sync")
    assert result.exit_code == 0
    assert "unknown status 'done' (use one of: to-read, reading, reviewed)" in result.stderr
    assert "rating 'great' is not a number" in result.stderr
    assert b"status: done" in path.read_bytes()
    fixed = run("review", "status", "2402.15319", "reviewed")
    assert fixed.exit_code == 0
    assert b"status: reviewed\nrating: great\n" in path.read_bytes()


@pytest.mark.parametrize("rating", ["inf", "-inf", "1e999", ".inf", "nan"])
def test_a_rating_that_is_no_finite_number_is_reported_and_listed_as_none(lib, root, rating):
    # JSON has no Infinity: `review list --json` printed one, which strict parsers refuse
    write_note(root, "2402.15319-gptvq.md", f"---\narxiv: '2402.15319'\nrating: {rating}\n---\nx\n")
    result = run("review", "sync")
    assert result.exit_code == 0 and "is not a number" in result.stderr
    listed = run("review", "list", "--json")
    (note,) = json.loads(listed.stdout)  # (json.loads would take Infinity: checked below)
    assert note["rating"] is None and "Infinity" not in listed.stdout and "NaN" not in listed.stdout


def test_an_arxiv_value_that_names_no_paper_is_reported(lib, root):
    """A mistyped id, or several ids for a comparison note, were passed over without a word
    (the file name's id used, or "names no paper")."""
    write_note(root, "2402.15319-gptvq.md", "---\narxiv: 2402.1531\n---\nx\n")  # (a number)
    write_note(root, "versus.md", "---\narxiv: ['2402.15319', '2210.17323']\n---\nx\n")
    write_note(root, "one.md", "---\narxiv: [2210.17323]\n---\nx\n")  # (one id: its paper)
    write_note(root, "other.md", "---\narxiv: n/a\nid: '2306.00978'\n---\nx\n")
    result = run("review", "sync")
    assert result.exit_code == 0
    assert "reviews/2402.15319-gptvq.md: arxiv: '2402.1531' is not an arXiv id" in result.stderr
    assert "versus.md: names no paper" not in result.stderr  # (said once, as it is)
    said = [line for line in result.stderr.splitlines() if "arXiv id" in line or "holds" in line]
    assert not [line for line in said if "one.md" in line or "other.md" in line]
    assert (
        "reviews/versus.md: arxiv holds several ids, and a note is about one paper: link the "
        "others in its text ([[ID]])" in result.stderr
    )


def test_note_naming_a_paper_not_in_the_library(lib, root):
    write_note(
        root, "2301.00001-new.md", "---\narxiv: '2301.00001'\ntitle: Not Added Yet\n---\nHmm.\n"
    )
    result = run("review", "sync")
    assert result.exit_code == 0
    assert "2301.00001 is not in the library (run 'papers review sync --fetch'" in result.stderr
    listing = json.loads(run("review", "list", "--json").stdout)
    assert [(n["id"], n["in_library"], n["title"]) for n in listing] == [
        ("2301.00001", False, "Not Added Yet")
    ]
    assert "(not in library)" in run("review", "list").stdout
    assert run("review", "show", "2301.00001").stdout.endswith("Hmm.\n")
    assert run("review", "status", "2301.00001", "reading").exit_code == 0


def test_two_notes_claiming_one_paper(lib, root, tmp_path, monkeypatch):
    first = write_note(root, "2402.15319-a.md", "---\narxiv: '2402.15319'\n---\nFirst take.\n")
    second = write_note(root, "gptvq-b.md", "---\narxiv: '2402.15319'\n---\nSecond take.\n")
    result = run("review", "sync")
    assert result.exit_code == 0
    assert "2 notes claim 2402.15319: reviews/2402.15319-a.md, reviews/gptvq-b.md" in result.stderr
    monkeypatch.setenv("EDITOR", editor(tmp_path, "open(path, 'a').write('edited\\n')\n"))
    opened = run("review", "open", "2402.15319")
    assert opened.exit_code == 1 and "several notes for 2402.15319" in opened.stderr
    assert "name one by its path" in opened.stderr
    assert first.read_text(encoding="utf-8").endswith("First take.\n")
    assert second.read_text(encoding="utf-8").endswith("Second take.\n")
    by_path = run("review", "open", "reviews/gptvq-b.md")
    assert by_path.exit_code == 0, by_path.output
    assert second.read_text(encoding="utf-8").endswith("edited\n")
    found = {h["id"] for h in json.loads(run("search", "take", "--in", "notes", "--json").stdout)}
    assert found == {"2402.15319"}


def test_a_notes_problems_are_said_once_by_the_commands_that_index_notes_on_their_way(lib, root):
    """A note naming a paper outside the library and two notes claiming one paper were said
    again by every command (search, stats, cited-by ...) after any other note changed; they
    are said once for each note as it is, again once it changes, and `review sync` says
    them all each time."""
    write_note(root, "2301.00001-new.md", "---\narxiv: '2301.00001'\n---\nOutside.\n")
    write_note(root, "2402.15319-a.md", "---\narxiv: '2402.15319'\n---\nFirst take.\n")
    write_note(root, "gptvq-b.md", "---\narxiv: '2402.15319'\n---\nSecond take.\n")
    outside = "reviews/2301.00001-new.md: 2301.00001 is not in the library"
    claimed = "2 notes claim 2402.15319: reviews/2402.15319-a.md, reviews/gptvq-b.md"
    first = run("search", "take")
    assert outside in first.stderr and claimed in first.stderr
    other = write_note(root, "ideas.md", "---\narxiv: '2210.17323'\n---\nIdeas.\n")
    for args in (["search", "take"], ["stats"], ["cited-by", "2210.17323"]):
        other.write_text(other.read_text() + "More.\n")  # (another note changed each time)
        result = run(*args)
        assert "warning" not in result.stderr, (args, result.stderr)
    # the note changed: its problem is said again, once; the other's not
    write_note(root, "gptvq-b.md", "---\narxiv: '2402.15319'\n---\nSecond take, edited.\n")
    again = run("stats")
    assert claimed in again.stderr and outside not in again.stderr
    assert "warning" not in run("stats").stderr
    # the explicit check says every one, each time
    for _ in range(2):
        synced = run("review", "sync")
        assert outside in synced.stderr and claimed in synced.stderr
    # a review command about a note says that note's problems each time, not the others'
    for _ in range(2):
        shown = run("review", "show", "reviews/gptvq-b.md")
        assert claimed in shown.stderr and outside not in shown.stderr
    # a problem that comes without the note changing (its paper removed) is said once
    assert "warning" not in run("stats").stderr
    assert run("rm", "2210.17323", "--yes").exit_code == 0
    gone = run("stats")
    assert "reviews/ideas.md: 2210.17323 is not in the library" in gone.stderr
    assert "warning" not in run("stats").stderr


def test_review_sync_says_every_notes_problems_not_only_those_of_the_notes_it_read(lib, root):
    """Other commands say a note's problem once: `review sync` is where they are all said
    again. It said those its text shows (broken front matter, a rating that is no number, a
    link to nothing, no paper named) only for the notes it read, changed since."""
    write_note(root, "2402.15319-gptvq.md", "---\narxiv: '2402.15319'\nrating: lots\n---\nx\n")
    write_note(root, "broken.md", "---\narxiv: [unclosed\n---\nBody.\n")
    write_note(root, "ideas.md", "Compare [[NoSuchPaper]].\n")
    expected = [
        "reviews/2402.15319-gptvq.md: rating 'lots' is not a number",
        "reviews/broken.md: broken YAML front matter",
        "reviews/ideas.md: [[NoSuchPaper]] names no paper or note",
        "reviews/ideas.md: names no paper",
    ]
    for _ in range(2):
        synced = run("review", "sync")
        assert synced.exit_code == 0
        said = synced.stderr.splitlines()
        assert [
            e for e in expected if not any(line.startswith(f"warning: {e}") for line in said)
        ] == []
    assert "warning" not in run("stats").stderr  # (said: not again elsewhere)


def test_a_library_that_remembers_no_warnings_is_read_as_it_is(lib, root, monkeypatch):
    """A library an older release made (no table of the warnings said), whose database file
    cannot be written: its commands run, and say a note's problems only when a note changed,
    as before."""
    import sqlite3 as sqlite

    from papers import db as db_module

    write_note(root, "2301.00001-new.md", "---\narxiv: '2301.00001'\n---\nOutside.\n")
    assert run("review", "sync").exit_code == 0
    lib.execute("DROP TABLE said_warnings")
    lib.execute("DELETE FROM _sqlite_migrations WHERE name = '020_said_warnings'")
    lib.conn.commit()
    lib.conn.close()
    real = db_module._connect

    def file_read_only(path, readonly, immutable=False):
        if readonly:
            return real(path, readonly, immutable)
        return sqlite.connect(f"file:{path}?mode=ro", uri=True)

    monkeypatch.setattr(db_module, "_connect", file_read_only)
    for args in (
        ["search", "outside"],
        ["review", "list"],
        ["stats"],
        ["review", "show", "2301.00001"],
    ):
        result = run(*args)
        assert result.exit_code == 0, (args, result.output)
        assert "warning" not in result.stderr, (args, result.stderr)
    assert "2301.00001" in run("search", "outside").stdout
    monkeypatch.setattr(db_module, "_connect", real)
    assert run("stats").exit_code == 0  # (the upgrade, where it can be written)
    assert rows(root, "SELECT count(*) FROM said_warnings") == [(1,)]


def test_renamed_note_keeps_its_history(lib, root):
    old = write_note(
        root, "2402.15319-gptvq.md", "---\narxiv: '2402.15319'\n---\nSee [[2210.17323]].\n"
    )
    run("review", "sync")
    old.rename(root / "reviews" / "gptvq-final.md")
    result = run("review", "sync")
    assert "1 renamed" in result.stderr and "0 deleted" in result.stderr
    assert rows(root, "SELECT path, deleted FROM reviews") == [("reviews/gptvq-final.md", 0)]
    assert rows(root, "SELECT review_path, arxiv_id FROM mentions") == [
        ("reviews/gptvq-final.md", "2210.17323")
    ]
    assert run("review", "show", "2402.15319").stdout.endswith("See [[2210.17323]].\n")
    restore = run("review", "restore", "2402.15319")
    assert restore.exit_code == 1 and "nothing to restore" in restore.stderr


def test_a_note_in_a_subfolder_is_shown_by_its_path_in_reviews_or_its_name(lib, root):
    # `review show llm/Omni.md` (as the note sits in reviews/) and `review show Omni` (as
    # [[Omni]] links it) said "not an arXiv id, a library paper's name or a note path"
    write_note(root, "llm/Omni.md", "---\narxiv: '2402.15319'\n---\nIn a folder.\n")
    for ref in ("llm/Omni.md", "llm/Omni", "Omni", "reviews/llm/Omni.md"):
        shown = run("review", "show", ref)
        assert shown.exit_code == 0 and shown.stdout.endswith("In a folder.\n"), ref
    assert run("review", "show", "Nothing").exit_code == 1


def test_a_name_only_the_references_know_says_what_they_know(lib, root, tmp_path, monkeypatch):
    # `cited-by SmoothQuant` found it through the references, `review open SmoothQuant` said
    # "not an arXiv id, a library paper's name or a note path"
    from papers.library import store_references
    from papers.models import Reference

    smooth = "SmoothQuant: Accurate and Efficient Post-Training Quantization for Large LMs"
    zeroq = "ZeroQ: A Novel Zero Shot Quantization Framework"
    store_references(
        lib,
        GPTVQ.id,
        [
            Reference(n=1, raw=f"X. {smooth}. arXiv:2211.10438", title=smooth, arxiv="2211.10438"),
            Reference(n=2, raw=f"Y. {zeroq}. 2020.", title=zeroq, year=2020),
        ],
    )
    monkeypatch.setenv("EDITOR", editor(tmp_path, "open(path, 'a').write('x')\n"))
    for command in ("open", "show"):
        result = run("review", command, "SmoothQuant")
        assert result.exit_code == 1
        assert result.stderr == (
            "Error: SmoothQuant is not in the library; references cite it as 2211.10438: "
            "'papers add 2211.10438' adds it\n"
        )
        result = run("review", command, "ZeroQ")
        assert result.exit_code == 1
        assert result.stderr == (
            f'Error: ZeroQ is not in the library; references cite it as "{zeroq}", with no '
            "arXiv id known ('papers cited-by ZeroQ' lists who cites it)\n"
        )
    assert not (root / "reviews").exists()  # (no note made)
    unknown = run("review", "show", "Nothing")
    assert (
        unknown.stderr == "Error: not an arXiv id, a library paper's name or a note path: Nothing\n"
    )


def test_a_note_whose_paper_was_removed_is_found_by_the_title_it_records(lib, root):
    # after `papers rm SpQR`, `review list` listed the note but `review show SpQR` failed
    note = f"---\narxiv: '2402.15319'\ntitle: \"{GPTVQ.title}\"\n---\nMine.\n"
    path = write_note(root, "2402.15319-gptvq.md", note)
    run("review", "sync")
    assert run("rm", "GPTVQ", "--yes").exit_code == 0
    assert "(not in library)" in run("review", "list").stdout
    shown = run("review", "show", "GPTVQ")
    assert shown.exit_code == 0 and shown.stdout == note
    assert run("review", "status", "gptvq", "reading").exit_code == 0
    assert "status: reading" in path.read_text()
    path.unlink()
    run("review", "sync")
    assert run("review", "restore", "GPTVQ").exit_code == 0 and path.is_file()


def test_deleted_note_restore_through_the_cli(lib, root):
    text = b"---\r\narxiv: '2402.15319'\r\n---\r\nPrecious.\r\n"
    path = write_note(root, "2402.15319-gptvq.md", text)
    run("review", "sync")
    path.unlink()
    listing = run("review", "list", "--deleted")
    assert "(deleted)" in listing.stdout
    assert run("review", "restore", "2402.15319").exit_code == 0
    assert path.read_bytes() == text


def test_a_note_replaced_by_a_folder_is_told_to_move_the_folder_before_restore(lib, root):
    # restore refuses while a folder holds the note's path: the hint said only "restore"
    path = write_note(root, "2402.15319-gptvq.md", "---\narxiv: '2402.15319'\n---\nMine.\n")
    run("review", "sync")
    path.unlink()
    path.mkdir()
    # (and the sync that finds it gone says so, where it said restore brings it back)
    assert run("review", "list").stderr.startswith(
        "warning: reviews/2402.15319-gptvq.md is gone (a folder or another file has its path "
        "now); move that away, then 'papers review restore reviews/2402.15319-gptvq.md' brings "
        "it back\n"
    )
    said = "a folder is at its path now: move it away, then run 'papers review restore 2402.15319'"
    for command in (["show", "2402.15319"], ["open", "2402.15319"]):
        result = run("review", *command)
        assert result.exit_code == 1 and said in result.stderr, result.stderr
    path.rmdir()  # (as told)
    assert run("review", "restore", "2402.15319").exit_code == 0
    assert path.read_text().endswith("Mine.\n")


def test_sync_json_gives_the_occupied_notes_as_a_list(lib, root):
    # "occupied" was Python's text of a set: "{'reviews/a.md'}", and "set()" when empty
    path = write_note(root, "2402.15319-gptvq.md", "---\narxiv: '2402.15319'\n---\nMine.\n")
    assert json.loads(run("review", "sync", "--json").stdout)["occupied"] == []
    path.unlink()
    path.mkdir()
    report = json.loads(run("review", "sync", "--json").stdout)
    assert report["occupied"] == ["reviews/2402.15319-gptvq.md"]


def test_a_note_emptied_on_disk_keeps_its_last_text_in_conflicts(lib, root):
    # a truncating save (`> note.md`, an editor that crashed while writing) replaced the
    # index's copy with the empty file, and restore had nothing to offer for a note on disk
    text = "---\narxiv: '2402.15319'\n---\nWeeks of reading.\n"
    path = write_note(root, "2402.15319-gptvq.md", text)
    run("review", "sync")
    path.write_bytes(b"")
    result = run("review", "list")
    assert result.exit_code == 0
    [copy] = (root / "reviews" / "_conflicts").iterdir()
    assert copy.read_text() == text
    assert (
        f"reviews/2402.15319-gptvq.md is empty now: its last text is kept in "
        f"reviews/_conflicts/{copy.name}" in result.stderr
    )
    assert "is empty now" not in run("review", "list").stderr  # (said once)
    # a note emptied again after nothing was written in it keeps no second copy
    path.write_text(" \n")
    run("review", "sync")
    assert len(list(copy.parent.iterdir())) == 1


def test_an_emptied_note_is_flagged_and_restore_brings_its_last_text_back(lib, root):
    # restore said "nothing to restore: ... is on disk (nothing was deleted)", list showed
    # "?" with no flag, and show printed nothing with exit 0, none of them saying why
    text = "---\narxiv: '2402.15319'\nstatus: reading\n---\nWeeks of reading.\n"
    path = write_note(root, "2402.15319-gptvq.md", text)
    run("review", "sync")
    path.write_bytes(b"")
    synced = run("review", "sync")
    assert "'papers review restore reviews/2402.15319-gptvq.md' brings it back" in synced.stderr
    [copy] = (root / "reviews" / "_conflicts").iterdir()
    kept = f"reviews/_conflicts/{copy.name}"
    listing = run("review", "list")
    assert "(empty)" in listing.stdout
    assert listing.stderr == (
        "warning: reviews/2402.15319-gptvq.md is empty: 'papers review restore "
        f"reviews/2402.15319-gptvq.md' brings back its last text (kept in {kept})\n"
    )
    assert json.loads(run("review", "list", "--json").stdout)[0]["empty"] is True
    shown = run("review", "show", "GPTVQ")
    assert shown.exit_code == 0 and shown.stdout == ""
    assert (
        "'papers review restore reviews/2402.15319-gptvq.md' brings back its last text"
        in shown.stderr
    )
    restored = run("review", "restore", "GPTVQ")
    assert restored.exit_code == 0, restored.output
    assert restored.stderr == (
        "restored reviews/2402.15319-gptvq.md: it was empty; its last text is written back "
        f"from {kept}\n"
    )
    assert path.read_text() == text
    assert json.loads(run("review", "list", "--json").stdout)[0]["status"] == "reading"
    # a note that has text is never overwritten: nothing to restore once it has
    again = run("review", "restore", "GPTVQ")
    assert again.exit_code == 1 and "nothing to restore" in again.stderr
    assert path.read_text() == text


def test_restore_of_an_emptied_note_takes_the_latest_copy_and_never_writes_over_text(
    lib, root, monkeypatch
):
    path = write_note(root, "2402.15319-gptvq.md", "---\narxiv: '2402.15319'\n---\nFirst.\n")
    run("review", "sync")
    conflicts = root / "reviews" / "_conflicts"
    conflicts.mkdir()
    (conflicts / "2402.15319-gptvq.20240101-000000.md").write_text("older\n")
    (conflicts / "2402.15319-gptvq-2.20991231-000000.md").write_text("another note's\n")
    path.write_text("\n  \n")
    run("review", "sync")  # (keeps "First." in a copy stamped now)
    assert run("review", "restore", "2402.15319").exit_code == 0
    assert path.read_text().endswith("First.\n")
    # emptied with no copy of its text kept: said, nothing written
    path.write_bytes(b"")
    run("review", "sync")
    for copy in conflicts.iterdir():
        copy.unlink()
    refused = run("review", "restore", "2402.15319")
    assert refused.exit_code == 1
    assert "is empty, and no earlier text of it is kept in reviews/_conflicts/" in refused.stderr
    # a save between the sync and the write-back is the reviewer's, and stays
    (conflicts / "2402.15319-gptvq.20240101-000000.md").write_text("older\n")
    original = reviews.check_writable

    def saved_meanwhile(db):
        path.write_text("Typed just now.\n")
        return original(db)

    monkeypatch.setattr(reviews, "check_writable", saved_meanwhile)
    raced = run("review", "restore", "2402.15319")
    assert raced.exit_code == 1 and "changed on disk" in raced.stderr
    assert path.read_text() == "Typed just now.\n"


def test_restore_takes_no_other_notes_copy_of_the_same_file_name(lib, root):
    """Copies in _conflicts/ are named by file name: alice/gptq.md's kept text was written into
    bob/gptq.md, which never had text (the reviewer of the change)."""
    alice = write_note(root, "alice/gptq.md", "---\narxiv: '2210.17323'\n---\nALICE private\n")
    run("review", "sync")
    alice.write_text("")
    run("review", "sync")  # (keeps Alice's text in _conflicts/gptq.<stamp>.md)
    bob = write_note(root, "bob/gptq.md", "")
    run("review", "sync")
    refused = run("review", "restore", "reviews/bob/gptq.md")
    assert refused.exit_code == 1
    assert "named by its file name, which reviews/alice/gptq.md share" in refused.stderr
    assert bob.read_text() == ""


def test_restore_asks_which_when_a_paper_has_an_emptied_and_a_deleted_note(lib, root):
    old = write_note(root, "2402.15319-gptvq.md", "---\narxiv: '2402.15319'\n---\nOld draft.\n")
    run("review", "sync")
    old.unlink()
    run("review", "sync")
    new = write_note(root, "2402.15319-gptvq-2.md", "---\narxiv: '2402.15319'\n---\nNew.\n")
    run("review", "sync")
    new.write_text("")
    run("review", "sync")
    shown = run("review", "show", "2402.15319-gptvq-2")
    assert "'papers review restore reviews/2402.15319-gptvq-2.md'" in shown.stderr
    asked = run("review", "restore", "2402.15319")
    assert asked.exit_code == 1 and "name the one to restore by its path" in asked.stderr
    assert not old.exists() and new.read_text() == ""
    assert run("review", "restore", "reviews/2402.15319-gptvq-2.md").exit_code == 0
    assert new.read_text().endswith("New.\n")


def test_reviews_made_a_file_deletes_no_note_and_says_so(lib, root):
    # `mv reviews reviews.bak; echo x > reviews`: each note was marked deleted, and each said
    # "is gone (deleted, or moved out of reviews/)", nothing saying that reviews is a file
    write_note(root, "2402.15319-gptvq.md", "---\narxiv: '2402.15319'\n---\nMine.\n")
    run("review", "sync")
    (root / "reviews").rename(root / "reviews.bak")
    (root / "reviews").write_text("x")
    said = "reviews is not a folder (a file has its name): no note is read"
    for _ in range(2):  # (said each time: nothing is read meanwhile)
        result = run("review", "list")
        assert result.exit_code == 0 and said in result.stderr
        assert "is gone" not in result.stderr and "2402.15319" in result.stdout
    # (a reviewer: restore said the note "is on disk", open and status "Not a directory")
    refused = "Error: reviews is not a folder (a file has its name): move it away"
    for command in (["restore", "GPTVQ"], ["open", "GPTVQ"], ["status", "GPTVQ", "reading"]):
        result = run("review", *command)
        assert result.exit_code == 1 and refused in result.stderr, command
    (root / "reviews").unlink()
    (root / "reviews").symlink_to(root / "nowhere")
    dangling = run("review", "list").stderr
    assert "reviews is not a folder (a link to nothing has its name)" in dangling
    (root / "reviews").unlink()
    (root / "reviews.bak").rename(root / "reviews")
    back = run("review", "list")
    assert back.stderr == "" and "(deleted)" not in back.stdout
    assert (root / "reviews" / "2402.15319-gptvq.md").read_text().endswith("Mine.\n")


def test_a_restore_says_the_notes_found_gone_as_other_commands_do(lib, root):
    kept = write_note(root, "a.md", "---\narxiv: '2402.15319'\n---\nkeep\n")
    lost = write_note(root, "b.md", "---\narxiv: '2210.17323'\n---\nlost\n")
    run("review", "sync")
    kept.unlink()
    lost.unlink()
    result = run("review", "restore", "reviews/a.md")
    assert result.exit_code == 0 and kept.exists()
    assert (
        "warning: reviews/b.md is gone (deleted, or moved out of reviews/); 'papers review "
        "restore reviews/b.md' brings it back" in result.stderr
    )


def test_a_link_to_a_missing_file_is_not_written_through_by_restore_or_open(
    lib, root, tmp_path, monkeypatch
):
    # a note replaced by a link to a file that is gone: restore failed naming its own
    # temporary file ("reviews/.b.md.91f7.tmp: File exists")
    path = write_note(root, "2402.15319-gptvq.md", "---\narxiv: '2402.15319'\n---\nkept\n")
    run("review", "sync")
    path.unlink()
    path.symlink_to(tmp_path / "gone" / "x.md")
    result = CliRunner().invoke(cli, ["review", "restore", "2402.15319"])
    assert result.exit_code == 1 and ".tmp" not in result.stderr
    assert result.stderr.endswith(
        f"Error: reviews/2402.15319-gptvq.md is a link to {tmp_path / 'gone' / 'x.md'}, "
        "which is missing; remove the link, then restore\n"
    )
    assert path.is_symlink() and not (tmp_path / "gone").exists()
    # and a new note for a paper whose note's name is such a link takes the next name
    gptq = root / "reviews" / note_filename(GPTQ.id, GPTQ.title)
    gptq.symlink_to(tmp_path / "gone" / "y.md")
    monkeypatch.setenv("EDITOR", "true")
    opened = CliRunner().invoke(cli, ["review", "open", "2210.17323"])
    assert opened.exit_code == 0, opened.output
    assert opened.stdout.strip() == str(gptq.with_name(gptq.stem + "-2.md"))
    assert gptq.is_symlink()


def test_a_front_matter_id_that_its_file_name_contradicts_is_said_and_no_second_note_made(
    lib, root, monkeypatch
):
    # two digits swapped in arxiv: moved the note to a paper nobody meant; `review status`
    # then found no note, and `review open` made a second one
    path = write_note(root, "2210.17323-gptq.md", "---\narxiv: '2210.17233'\n---\nmine\n")
    synced = run("review", "sync")
    said = (
        "warning: reviews/2210.17323-gptq.md: arxiv: names 2210.17233, its file name "
        "2210.17323: one is mistyped; its paper is not added until they agree\n"
    )
    assert said in synced.stderr
    # said at every sync, not once; flagged in the listing; 2210.17233 not asked for
    again = run("review", "sync")
    assert said in again.stderr and "not in the library" not in again.stderr
    assert "(id and file name differ)" in run("review", "list").stdout
    status = CliRunner().invoke(cli, ["review", "status", "2210.17323", "reading"])
    assert status.exit_code == 1 and status.stderr == (
        "Error: no review note for 2210.17323: reviews/2210.17323-gptq.md is named for it but "
        "its front matter names 2210.17233; fix its arxiv: line, or name the note by its path\n"
    )
    monkeypatch.setenv("EDITOR", "true")
    opened = CliRunner().invoke(cli, ["review", "open", "2210.17323"])
    assert opened.exit_code == 1 and "is named for 2210.17323 but its front matter" in (
        opened.stderr
    )
    assert sorted(p.name for p in path.parent.glob("*.md")) == ["2210.17323-gptq.md"]
    # a note whose name and front matter agree, or whose name names no paper, says nothing
    path.write_text("---\narxiv: '2210.17323'\n---\nmine\n")  # (mended)
    write_note(root, "2402.15319-gptvq.md", "---\narxiv: '2402.15319v2'\n---\nx\n")
    write_note(root, "thoughts.md", "---\narxiv: '2402.15319'\n---\ny\n")
    assert "mistyped" not in run("review", "sync").stderr


def test_a_note_with_gits_conflict_markers_is_flagged_and_not_written_into(lib, root):
    # a `git pull` that both machines' edits made a conflict of: nothing said, and `review
    # status` wrote into the file git still holds unmerged
    text = (
        "---\narxiv: '2402.15319'\nstatus: reading\n---\n## Summary\n<<<<<<< HEAD\nmine\n"
        "=======\ntheirs\n>>>>>>> origin/main\n"
    )
    path = write_note(root, "2402.15319-gptvq.md", text)
    synced = run("review", "sync")
    assert (
        "reviews/2402.15319-gptvq.md: an unresolved merge conflict (git's <<<<<<< markers); "
        "body indexed, file left as is"
    ) in synced.stderr
    assert "(merge conflict)" in run("review", "list").stdout
    status = CliRunner().invoke(cli, ["review", "status", "2402.15319", "reviewed"])
    assert status.exit_code == 1 and "unresolved merge conflict" in status.stderr
    assert path.read_text() == text
    # in the front matter, the markers are named before the YAML's complaint
    path.write_text(
        text.replace(
            "status: reading\n",
            "<<<<<<< HEAD\nstatus: reading\n=======\nstatus: reviewed\n>>>>>>> origin/main\n",
        )
    )
    again = run("review", "sync").stderr
    assert "an unresolved merge conflict (git's <<<<<<< markers); broken YAML" in again
    # resolved, nothing is said
    path.write_text("---\narxiv: '2402.15319'\n---\n## Summary\nmine\n====== \ntheirs\n")
    assert "conflict" not in run("review", "sync").stderr
    assert "(merge conflict)" not in run("review", "list").stdout


def test_a_front_matter_key_written_twice_is_said_and_status_names_it(lib, root):
    # "status: reviewed" pasted above the template's "status: to-read": the last counted,
    # silently, and `review status` said only "cannot safely set status, updated, reviewed"
    text = "---\nstatus: reviewed\narxiv: '2402.15319'\nstatus: to-read\n---\nx\n"
    path = write_note(root, "2402.15319-gptvq.md", text)
    synced = run("review", "sync")
    assert (
        "reviews/2402.15319-gptvq.md: status: is written twice; the last one counts"
        in synced.stderr
    )
    status = CliRunner().invoke(cli, ["review", "status", "2402.15319", "reading"])
    assert status.exit_code == 1 and status.stderr == (
        "Error: reviews/2402.15319-gptvq.md: status: is written twice in its front matter; "
        "keep one, then run this again\n"
    )
    assert path.read_text() == text
    # a key of a nested mapping, or one written once, is no such key
    path.write_text("---\narxiv: '2402.15319'\nextra:\n  status: a\nstatus: reading\n---\nx\n")
    assert "written twice" not in run("review", "sync").stderr


def test_a_fresh_clone_does_not_fetch_the_paper_of_a_mistyped_id(
    tmp_path, monkeypatch, fake_arxiv, corpus
):
    # AWQ's note with SpQR's id (two digits swapped): the clone's sync added SpQR and listed
    # the AWQ note under it; `review status 2306.00978` said to add the paper
    clone = tmp_path / "clone"
    write_note(
        clone,
        "2306.00978-awq.md",
        "---\narxiv: '2306.03078'\nstatus: reading\n---\nMy AWQ notes.\n",
    )
    write_note(clone, "2210.17323-gptq.md", "---\narxiv: '2210.17323'\n---\nx\n")
    monkeypatch.setenv("PAPERS_ROOT", str(clone))
    synced = run("review", "sync", "--no-pdf")
    assert synced.exit_code == 0, synced.output
    assert [r[0] for r in rows(clone, "SELECT id FROM papers")] == ["2210.17323"]
    status = CliRunner().invoke(cli, ["review", "status", "2306.00978", "reviewed"])
    assert status.exit_code == 1 and "is named for it but its front matter names 2306.03078" in (
        status.stderr
    )


def test_a_status_or_rating_in_a_list_reads_as_its_one_value_and_never_as_python(lib, root):
    # "status: [reading]" was listed as "['reading']", and `review list --status reading`
    # left the note out; "rating: [5]" was "rating [5] is not a number"
    path = write_note(
        root,
        "2402.15319-gptvq.md",
        "---\narxiv: '2402.15319'\nstatus: [reading]\nrating: [4]\n---\nx\n",
    )
    synced = run("review", "sync")
    assert "status" not in synced.stderr and "rating" not in synced.stderr
    (note,) = json.loads(run("review", "list", "--status", "reading", "--json").stdout)
    assert (note["status"], note["rating"]) == ("reading", 4)
    path.write_text("---\narxiv: '2402.15319'\nstatus: [reading, done]\n---\nx\n")
    said = run("review", "sync").stderr
    assert "unknown status [reading, done] (use one of: to-read, reading, reviewed)" in said
    # each value on its one line ("3" and "true" ran over two, YAML's "..." after them)
    path.write_text("---\narxiv: '2402.15319'\nstatus: 3\nrating: yes\n---\nx\n")
    said = run("review", "sync").stderr
    assert "unknown status 3 (use one of: to-read, reading, reviewed)\n" in said
    assert "rating true is not a number\n" in said
    assert "['reading'" not in run("review", "list").stdout


def test_restoring_one_of_two_deleted_notes_names_the_other(lib, root):
    """Two notes of one paper deleted: the last deleted comes back, and the other is named
    with the way to restore it (which of the two came back could not be told)."""
    first = write_note(root, "q1.md", "---\narxiv: '2402.15319'\n---\none\n")
    second = write_note(root, "q2.md", "---\narxiv: '2402.15319'\n---\ntwo\n")
    run("review", "sync")
    first.unlink()
    run("review", "sync")
    second.unlink()
    run("review", "sync")
    listed = run("review", "list", "--deleted").stdout
    assert "(deleted) [reviews/q1.md]" in listed and "(deleted) [reviews/q2.md]" in listed
    result = run("review", "restore", "2402.15319")
    assert result.exit_code == 0 and second.exists() and not first.exists()
    assert result.stderr.splitlines()[-2:] == [
        "restored reviews/q2.md",
        "1 more deleted note(s) for 2402.15319: reviews/q1.md; 'papers review restore PATH' "
        "brings one back",
    ]


# ----------------------------------------------------------------------------- editors


def test_editor_that_fails(lib, root, tmp_path, monkeypatch):
    monkeypatch.setenv(
        "EDITOR", editor(tmp_path, "open(path, 'a').write('half\\n')\nsys.exit(2)\n")
    )
    result = run("review", "open", "2402.15319")
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert errors == [
        "Error: the editor exited with status 2; the note is kept at "
        "reviews/2402.15319-gptvq-the-blessing-of-dimensionality-for.md and its changes were "
        "indexed"
    ]
    note = root / "reviews" / "2402.15319-gptvq-the-blessing-of-dimensionality-for.md"
    assert note.read_text(encoding="utf-8").endswith("half\n")
    assert rows(root, "SELECT content FROM reviews")[0][0].endswith("half\n")


@pytest.mark.parametrize("setting", ["missing", "none"])
def test_editor_missing(lib, root, tmp_path, monkeypatch, setting):
    if setting == "missing":
        monkeypatch.setenv("VISUAL", str(tmp_path / "no-such-editor"))
        monkeypatch.setenv("EDITOR", "vi")  # VISUAL wins, even when it is wrong
        expected = "Error: editor not found: "
    else:
        empty = tmp_path / "empty-bin"
        empty.mkdir()
        monkeypatch.setenv("PATH", str(empty))  # no editor, no sensible-editor, no vi
        expected = "Error: no editor found: set $EDITOR"
    result = run("review", "open", "2402.15319")
    assert result.exit_code == 1 and result.stderr.startswith(expected)
    assert len(result.stderr.strip().splitlines()) == 1
    notes = list((root / "reviews").glob("2402.15319-*.md"))
    assert len(notes) == 1  # the note was created and indexed before the editor was needed
    assert rows(root, "SELECT path FROM reviews") == [(notes[0].relative_to(root).as_posix(),)]


def test_no_wait_then_a_later_command_picks_the_change_up(lib, root, tmp_path, monkeypatch):
    monkeypatch.setenv("EDITOR", editor(tmp_path, "pass\n"))  # a GUI editor: returns at once
    result = run("review", "open", "2402.15319", "--no-wait")
    assert (
        result.exit_code == 0 and "changes are indexed by the next papers command" in result.stderr
    )
    path = Path(result.stdout.strip())
    with open(path, "a", encoding="utf-8") as handle:
        handle.write("Saved later from the GUI editor: zanzibarquant.\n")
    hits = json.loads(run("search", "zanzibarquant", "--json").stdout)  # autosync first
    assert [(h["id"], h["source"]) for h in hits] == [("2402.15319", "notes")]
    assert "zanzibarquant" in rows(root, "SELECT content FROM reviews")[0][0]


def test_custom_template_through_the_cli(lib, root, tmp_path, monkeypatch):
    write_note(
        root,
        "_template.md",
        '---\narxiv: "$arxiv"\nstatus: to-read\nteam: quant\n---\n## $title\n\nTeam template.\n',
    )
    monkeypatch.setenv("EDITOR", editor(tmp_path, "pass\n"))
    result = run("review", "open", "2402.15319")
    assert result.exit_code == 0
    text = Path(result.stdout.strip()).read_text(encoding="utf-8")
    assert text == (
        '---\narxiv: "2402.15319"\nstatus: to-read\nteam: quant\n---\n'
        "## GPTVQ: The Blessing of Dimensionality for LLM Quantization\n\nTeam template.\n"
    )
    assert rows(root, "SELECT path FROM reviews") == [
        ("reviews/2402.15319-gptvq-the-blessing-of-dimensionality-for.md",)
    ]


@pytest.mark.parametrize(
    ("front", "said"),
    [
        # ("$id_field" for '$id_field: "$id"': "arxiv" alone, no key and value)
        (
            "$id_field\ntitle: $title_yaml",
            "$id_field stands alone on its line 2, with no value "
            """(write '$id_field: "$id"')""",
        ),
        ('$id_field: "$id"\ntags: [unclosed', "broken YAML front matter (line 3)"),
    ],
    ids=["id-field-alone", "broken-yaml"],
)
def test_a_template_that_writes_broken_front_matter_makes_no_note(
    lib, root, tmp_path, monkeypatch, front, said
):
    """A note made from it was listed as broken, its status could not be set, and nothing
    was said: `review open` says what is wrong with the template in one line, and makes none."""
    write_note(root, "_template.md", f"---\n{front}\n---\n## $title\n")
    monkeypatch.setenv("EDITOR", editor(tmp_path, "pass\n"))
    result = run("review", "open", "2402.15319")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"Error: reviews/_template.md would write a note whose front matter cannot be read: {said}"
    )
    assert result.stderr.endswith("; no note was made\n") and result.stderr.count("\n") == 1
    assert result.stdout == ""
    assert sorted(p.name for p in (root / "reviews").iterdir()) == ["_template.md"]
    assert rows(root, "SELECT count(*) FROM reviews") == [(0,)]


def test_a_template_that_is_not_utf8_is_a_one_line_error_not_a_traceback(
    lib, root, tmp_path, monkeypatch
):
    """A template saved in Latin-1: every command that met a new note (a colleague's, pulled)
    ended in a UnicodeDecodeError, and so did `review open`."""
    write_note(
        root, "_template.md", '---\n$id_field: "$id"\nteam: caf\xe9\n---\n'.encode("latin-1")
    )
    write_note(root, "gptq.md", "---\narxiv: '2210.17323'\n---\nPulled.\n")
    listed = run("review", "list")
    assert listed.exit_code == 0 and "2210.17323" in listed.stdout
    monkeypatch.setenv("EDITOR", editor(tmp_path, "pass\n"))
    result = run("review", "open", "2402.15319")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "Error: reviews/_template.md is not UTF-8 (line 3): save it as UTF-8; no note was made\n"
    )
    assert sorted(p.name for p in (root / "reviews").iterdir()) == ["_template.md", "gptq.md"]


# ----------------------------------------------------------------------------- status bytes


def test_status_keeps_every_other_byte_crlf_and_comments(lib, root):
    original = (
        "\ufeff---\r\n"
        "# team front matter\r\n"
        'arxiv:   "2402.15319"   # GPTVQ\r\n'
        "status:    to-read    # where I am\r\n"
        "tags:\r\n"
        "  - vq   # list style\r\n"
        "  - llm\r\n"
        "summary: >\r\n"
        "  status: not a key\r\n"
        "updated: 2024-01-01\r\n"
        "---\r\n"
        "Body  with trailing spaces   \r\n"
        "status: also not front matter\r\n"
    )
    path = write_note(root, "2402.15319-gptvq.md", original)
    result = run("review", "status", "2402.15319", "reading")
    assert result.exit_code == 0, result.output
    expected = original.replace("to-read    # where", "reading    # where").replace(
        "updated: 2024-01-01", f"updated: {TODAY}"
    )
    assert path.read_bytes() == expected.encode("utf-8")
    assert rows(root, "SELECT status FROM reviews") == [("reading",)]
    bad = run("review", "status", "2402.15319", "done")
    assert bad.exit_code == 2 and "'done' is not one of" in bad.stderr
    assert path.read_bytes() == expected.encode("utf-8")


# ----------------------------------------------------------------------------- mentions


def test_mentions_reach_the_graph_and_the_lookup(lib, root):
    write_note(
        root,
        "2402.15319-gptvq.md",
        "---\narxiv: '2402.15319'\n---\nBuilds on [[2210.17323]]; unlike "
        "https://arxiv.org/pdf/2306.00978v2.pdf and arXiv:2308.13137.\n",
    )
    run("review", "sync")
    graph = json.loads(run("graph", "2402.15319", "--format", "json").stdout)
    mentions = {(e["source"], e["target"]) for e in graph["edges"] if e["kind"] == "mentions"}
    assert mentions == {
        ("2402.15319", "2210.17323"),
        ("2402.15319", "2306.00978"),
        ("2402.15319", "2308.13137"),
    }
    mermaid = run("graph", "2402.15319", "--format", "mermaid").stdout
    assert "mentioned in review" in mermaid
    db = open_db(root)
    assert notes_mentioning(db, "arXiv:2210.17323") == [
        ("2402.15319", "reviews/2402.15319-gptvq.md")
    ]


# ----------------------------------------------------------------------------- search, goals


def test_search_cli_messages(lib, root):
    write_note(root, "2402.15319-gptvq.md", "---\narxiv: '2402.15319'\n---\nCodebook per-group.\n")
    for query in ['"unbalanced', "AND", "*", "NEAR(", "title:", "per-group AND", "((x"]:
        result = run("search", query)
        assert result.exit_code in (0, 1), query
        if result.exit_code == 1:  # (an error, or nothing found)
            last = result.stderr.splitlines()[-1]
            assert last.startswith(("Error: ", "Nothing matches: ")), query
    plain = run("search", "codebook AND")
    assert plain.exit_code == 0
    assert "note: not valid FTS5 syntax, searched as plain words" in plain.stderr
    assert "[notes]" in plain.stdout and "«Codebook»" in plain.stdout
    by_title = json.loads(run("search", "title:gptvq", "--json").stdout)
    assert [(h["id"], h["source"]) for h in by_title] == [("2402.15319", "title")]


def test_search_without_a_library(root):
    result = run("search", "quantization")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: no library at")
    assert not (root / "papers").exists()
    open_db(root)
    empty = run("search", "quantization")
    assert empty.exit_code == 1
    assert empty.stderr == (
        "Error: the library is empty: nothing to search (add papers with 'papers add')\n"
    )
    as_json = run("search", "quantization", "--json")
    assert as_json.exit_code == 1 and json.loads(as_json.stdout) == []


def test_goal_and_stats_through_the_cli(lib, root):
    write_note(root, "2402.15319-gptvq.md", "---\narxiv: '2402.15319'\nstatus: reading\n---\nx\n")
    assert run("goal", "set", "2", "--year", "2025").exit_code == 0
    assert run("goal", "set", "2", "--year", "20").exit_code == 2
    this_year = date.today().year
    assert run("goal", "set", "2", "--year", str(this_year)).exit_code == 0
    assert run("review", "status", "2402.15319", "reviewed").exit_code == 0
    stats = run("stats")
    assert stats.exit_code == 0
    assert f"{this_year}  [##########----------] 1/2 (50%)" in stats.stdout
    assert "2025  [--------------------] 0/2 (0%)" in stats.stdout


def test_new_note_after_a_deletion_keeps_the_deleted_copy(lib, root, tmp_path, monkeypatch):
    monkeypatch.setenv("EDITOR", editor(tmp_path, "open(path, 'a').write('First review.\\n')\n"))
    first = Path(run("review", "open", "2402.15319").stdout.strip())
    first.unlink()
    refused = run("review", "open", "2402.15319")
    assert refused.exit_code == 1 and "papers review restore 2402.15319" in refused.stderr
    monkeypatch.setenv("EDITOR", editor(tmp_path, "open(path, 'a').write('Second go.\\n')\n"))
    fresh = run("review", "open", "2402.15319", "--new")
    assert fresh.exit_code == 0, fresh.output
    second = Path(fresh.stdout.strip())
    assert second.name == first.stem + "-2.md"
    deleted = rows(root, "SELECT content FROM reviews WHERE deleted = 1")
    assert len(deleted) == 1 and deleted[0][0].endswith("First review.\n")
    assert run("review", "restore", first.relative_to(root).as_posix()).exit_code == 0
    assert first.read_text(encoding="utf-8").endswith("First review.\n")
    assert second.read_text(encoding="utf-8").endswith("Second go.\n")


def test_open_a_paper_not_in_the_library_says_how_to_add_it(lib, root):
    result = run("review", "open", "2301.00001")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: not in the library: 2301.00001 (add it first: papers add 2301.00001)\n"
    )
    assert not (root / "reviews").exists()


def test_review_commands_read_the_notes_folder_once(root, lib, tmp_path, monkeypatch):
    """`review status` syncs the whole folder once (then only the note it wrote), `review open`
    once before the editor starts and once after it exits (notes may change meanwhile): every
    full sync reads every note."""
    for n in range(3):
        write_note(root, f"other-{n}.md", f"---\narxiv: '2301.0000{n}'\n---\nnote {n}\n")
    full_syncs = []
    real = reviews.sync_notes

    def counting(db, root_, **kwargs):
        if kwargs.get("only") is None:
            full_syncs.append(1)
        return real(db, root_, **kwargs)

    monkeypatch.setattr(reviews, "sync_notes", counting)
    monkeypatch.setenv("VISUAL", editor(tmp_path, "pass\n"))
    assert run("--root", str(root), "review", "open", "2402.15319").exit_code == 0
    assert len(full_syncs) == 2
    full_syncs.clear()
    assert run("--root", str(root), "review", "status", "2402.15319", "reading").exit_code == 0
    assert len(full_syncs) == 1
    assert "status: reading" in next((root / "reviews").glob("2402.15319-*.md")).read_text()


def test_one_notes_bad_id_keeps_no_other_paper_out(tmp_path, monkeypatch, fake_arxiv, corpus):
    # a teammate's typo ("9999.99999") in one note: the other notes' papers are still added
    clone = make_clone(tmp_path, monkeypatch)
    write_note(clone, "9999.99999-typo.md", "---\nstatus: reading\n---\nx\n")
    result = run("review", "sync", "--no-pdf")
    assert result.exit_code == 1
    assert "not added: not an arXiv id: 9999.99999" in result.stderr
    assert rows(clone, "SELECT id FROM papers ORDER BY id") == [("2210.17323",), ("2306.00978",)]


def test_a_notes_impossible_date_or_alias_is_its_own_problem(lib, root):
    """A date typo ("2024-02-30") stays text; aliases (a "billion laughs" in a shared note)
    are refused as broken front matter: every command still runs, naming the file."""
    write_note(
        root,
        "gptq.md",
        '---\narxiv: "2210.17323"\nstatus: reviewed\nreviewed: 2024-02-30\n---\nhessian\n',
    )
    bomb = "".join(f"l{i}: &l{i} [" + ",".join([f"*l{i - 1}"] * 9) + "]\n" for i in range(1, 9))
    write_note(root, "gptvq.md", '---\narxiv: "2402.15319"\nl0: &l0 ["lol"]\n' + bomb + "---\nx\n")
    deep = "x: " + "[" * 5000 + "]" * 5000 + "\n"  # (thousands deep: Python's recursion)
    write_note(root, "awq.md", '---\narxiv: "2306.00978"\n' + deep + "---\nx\n")
    listing = run("review", "list", "--json")
    assert listing.exit_code == 0, listing.output
    assert "reviews/awq.md: broken YAML front matter: nested too deeply" in listing.stderr
    notes = {n["path"]: n for n in json.loads(listing.stdout)}
    assert notes["reviews/gptq.md"]["status"] == "reviewed"
    assert "reviews/gptvq.md: broken YAML front matter" in listing.stderr
    assert "reviews/gptq.md: reviewed: 2024-02-30 is no date (its year still counts)" in (
        listing.stderr
    )
    assert "aliases" in listing.stderr
    for args in (["search", "hessian"], ["stats"], ["cited-by", "2306.00978"], ["graph"]):
        result = run(*args)
        assert result.exception is None or isinstance(result.exception, SystemExit), args
    shown = run("review", "show", "2210.17323")
    assert shown.exit_code == 0 and "reviewed: 2024-02-30" in shown.stdout


def test_status_refuses_a_note_that_is_not_utf8(lib, root):
    # rewriting it would replace its other bytes: it says so, and the file is untouched
    path = write_note(
        root,
        "gptq.md",
        '---\narxiv: "2210.17323"\nstatus: reading\n---\ncaf\xe9\n'.encode("latin-1"),
    )
    before = path.read_bytes()
    result = run("review", "status", "2210.17323", "reviewed")
    assert result.exit_code == 1 and "not UTF-8 text" in result.output
    assert path.read_bytes() == before


def test_editing_a_finished_review_keeps_it_in_the_year_it_was_finished(
    lib, root, tmp_path, monkeypatch
):
    """A note that says reviewed without a `reviewed:` date counts in the year of its
    `updated:`, which an edit moves to today: the edit records the review's date first (it
    moved a review finished in 2025 to this year's goal)."""
    text = "---\narxiv: '2402.15319'\nstatus: reviewed\nupdated: 2025-12-20\n---\nDone.\n"
    body = "open(path, 'a').write('A late thought.\\n')\n"
    path, result = opened_in_editor(root, tmp_path, monkeypatch, text, body)
    assert result.exit_code == 0, result.output
    written = path.read_text(encoding="utf-8")
    assert "reviewed: 2025-12-20\n" in written
    assert f"updated: {date.today().isoformat()}\n" in written
    assert run("goal", "set", "1", "--year", "2025").exit_code == 0
    stats = json.loads(run("stats", "--json").stdout)
    assert [(y["year"], y["completed"]) for y in stats["years"] if y["year"] == 2025] == [(2025, 1)]


def test_a_review_finished_in_the_editor_records_its_date(lib, root, tmp_path, monkeypatch):
    """status: reviewed typed in the editor records `reviewed:` as `review status` does."""
    text = "---\narxiv: '2402.15319'\nstatus: reading\nupdated: 2025-12-20\n---\nNotes.\n"
    body = (
        "text = open(path).read().replace('status: reading', 'status: reviewed')\n"
        "open(path, 'w').write(text)\n"
    )
    path, result = opened_in_editor(root, tmp_path, monkeypatch, text, body)
    assert result.exit_code == 0, result.output
    assert f"reviewed: {date.today().isoformat()}\n" in path.read_text(encoding="utf-8")


def test_a_note_moved_where_papers_does_not_read_is_said_so(lib, root):
    """A note moved into "_inbox/" (not read, as the template and _conflicts/ are not) counts
    as deleted: the next command says so and where it went (it said nothing), and a note
    deleted outright is said once, with the way back."""
    moved = write_note(root, "2402.15319-gptvq.md", "---\narxiv: '2402.15319'\n---\nmine\n")
    gone = write_note(root, "2210.17323-gptq.md", "---\narxiv: '2210.17323'\n---\nGPTQ\n")
    run("review", "sync")
    (root / "reviews" / "_inbox").mkdir()
    moved.rename(root / "reviews" / "_inbox" / moved.name)
    gone.unlink()
    result = run("review", "list")
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        "warning: reviews/2210.17323-gptq.md is gone (deleted, or moved out of reviews/); "
        "'papers review restore reviews/2210.17323-gptq.md' brings it back",
        "warning: reviews/2402.15319-gptvq.md moved to reviews/_inbox/2402.15319-gptvq.md, "
        "which is not read (a file or folder whose name starts with '_' or '.'): it counts as "
        "deleted until it is moved back",
        "no review notes",
    ]
    again = run("review", "list")
    assert again.stderr == "no review notes\n"  # (said once)
    assert again.stdout == ""  # (no header alone: `review list | wc -l` counted it as a note)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_pipe_or_device_named_as_a_note_is_not_read(lib, root):
    """A FIFO named "pipe.md" in reviews/ (or a link to /dev/zero) was read, looking for a
    note found gone there: the command hung for ever holding the library's write lock (or
    filled memory)."""
    gone = write_note(root, "2210.17323-gptq.md", "---\narxiv: '2210.17323'\n---\nGPTQ\n")
    run("review", "sync")
    gone.unlink()
    os.mkfifo(root / "reviews" / "pipe.md")
    (root / "reviews" / "_zero.md").symlink_to("/dev/zero")
    command = [sys.executable, "-m", "papers", "review", "list"]
    env = {**os.environ, "PAPERS_ROOT": str(root)}
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "reviews/2210.17323-gptq.md is gone" in done.stderr


def test_a_note_moved_beside_a_copy_of_itself_is_said_moved_where_it_went(lib, root):
    # "_old.md", a copy kept earlier, holds the same text: the warning named it, not "_x.md"
    note = write_note(root, "2402.15319-gptvq.md", "---\narxiv: '2402.15319'\n---\nmine\n")
    run("review", "sync")
    (root / "reviews" / "_old.md").write_bytes(note.read_bytes())
    time.sleep(0.05)  # (a rename later than the copy: its ctime is later)
    note.rename(root / "reviews" / "_x.md")
    warning = run("review", "list").stderr.splitlines()[0]
    assert warning.startswith("warning: reviews/2402.15319-gptvq.md moved to reviews/_x.md, ")


def test_an_edit_another_command_indexed_while_the_editor_was_open_is_said_indexed(
    lib, root, tmp_path, monkeypatch
):
    """The editor saves, a command in another terminal indexes the save, the editor exits:
    the edit is indexed, not "no changes" (which read as a save lost)."""
    body = (
        "open(path, 'a').write('saved\\n')\n"
        "subprocess.run([sys.executable, '-m', 'papers', 'review', 'list'], check=True,"
        " capture_output=True)\n"
    )
    text = f"---\narxiv: '2402.15319'\nupdated: {date.today().isoformat()}\n---\nv1\n"
    path, result = opened_in_editor(root, tmp_path, monkeypatch, text, body)
    assert result.exit_code == 0, result.output
    assert "indexed reviews/2402.15319-gptvq.md" in result.stderr
    assert "no changes" not in result.stderr


def test_a_conflict_copy_of_a_note_that_is_not_utf8_keeps_its_bytes(
    lib, root, tmp_path, monkeypatch
):
    """A colleague's Latin-1 note changed elsewhere while the editor was open: the version the
    editor's save replaced is kept as it was written (it was kept decoded, "é" as U+FFFD)."""
    body = (
        "buffer = open(path, 'rb').read()\n"
        "open(path, 'ab').write(b'r\\xe9sum\\xe9 from elsewhere\\n')\n"  # (another terminal)
        "subprocess.run([sys.executable, '-m', 'papers', 'review', 'sync'], check=True)\n"
        "open(path, 'wb').write(buffer + b'mine\\n')\n"
    )
    path = root / "reviews" / "2402.15319-gptvq.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"---\narxiv: '2402.15319'\n---\ncaf\xe9\n")
    run("review", "sync")
    monkeypatch.setenv("EDITOR", editor(tmp_path, body))
    result = run("review", "open", "2402.15319")
    assert result.exit_code == 0, result.output
    [copy] = (root / "reviews" / "_conflicts").glob("2402.15319-gptvq.*.md")
    assert (
        copy.read_bytes()
        == b"---\narxiv: '2402.15319'\n---\ncaf\xe9\nr\xe9sum\xe9 from elsewhere\n"
    )


def test_many_notes_moved_where_papers_does_not_read_are_one_line(lib, root):
    """A folder of notes moved into _archive/ is one line, not one a note; and a note an
    upgrade marked to be read again (its digest emptied) is still found where it went."""
    notes = [
        write_note(root, f"2402.1531{n}-n.md", f"---\narxiv: '2402.1531{n}'\n---\nnote {n}\n")
        for n in range(5)
    ]
    run("review", "sync")
    with sqlite3.connect(config.db_path(root)) as conn:  # (as migration 011 leaves them)
        conn.execute("UPDATE reviews SET sha256 = ''")
    (root / "reviews" / "_archive").mkdir()
    for note in notes:
        note.rename(root / "reviews" / "_archive" / note.name)
    [line] = [x for x in run("review", "list").stderr.splitlines() if x.startswith("warning")]
    assert line.startswith(
        "warning: 5 notes moved where they are not read (a file or folder whose name starts "
        "with '_' or '.'), and count as deleted until they are moved back: "
        "reviews/2402.15310-n.md to reviews/_archive/2402.15310-n.md, "
    )


def test_a_finished_review_without_dates_keeps_the_year_it_was_counted_in(
    lib, root, tmp_path, monkeypatch
):
    """Reviewed, with neither `reviewed:` nor `updated:`: the goal counted it by the file's
    date, which the edit keeps as its `reviewed:` (it wrote today's)."""
    text = "---\narxiv: '2402.15319'\nstatus: reviewed\n---\nDone.\n"
    path = write_note(root, "2402.15319-gptvq.md", text)
    os.utime(path, (1735000000, 1735000000))  # (2024-12-24)
    run("review", "sync")
    monkeypatch.setenv("EDITOR", editor(tmp_path, "open(path, 'a').write('Later.\\n')\n"))
    assert run("review", "open", "2402.15319").exit_code == 0
    assert "reviewed: 2024-12-24\n" in path.read_text(encoding="utf-8")


def test_a_note_whose_file_name_is_decomposed_is_named_by_its_path_or_name(lib, root):
    """A colleague's note written on macOS (accents decomposed in its file name), cloned
    elsewhere: `review show` takes its path or its name typed either way."""
    import unicodedata

    name = unicodedata.normalize("NFD", "Café-GPTVQ")
    write_note(root, f"{name}.md", "---\narxiv: '2402.15319'\n---\nCoffee notes.\n")
    run("review", "sync")
    for typed in (
        "reviews/Café-GPTVQ.md",
        "Café-GPTVQ",
        unicodedata.normalize("NFD", "Café-GPTVQ"),
    ):
        shown = run("review", "show", typed)
        assert shown.exit_code == 0 and "Coffee notes." in shown.stdout, typed


def test_goal_set_counts_the_notes_as_they_are_now(lib, root):
    """A note marked reviewed by hand since the last command counts in the progress goal set
    prints (it showed the progress as last indexed)."""
    path = write_note(root, "2402.15319-gptvq.md", "---\narxiv: '2402.15319'\n---\nx\n")
    run("review", "sync")
    path.write_text(
        f"---\narxiv: '2402.15319'\nstatus: reviewed\nreviewed: {date.today()}\n---\nx\n"
    )
    result = run("goal", "set", "1")
    assert result.exit_code == 0
    assert f"goal for {date.today().year}: " in result.stderr and "1/1 (100%)" in result.stderr


def test_a_note_made_from_stale_facets_says_so_before_the_editor(lib, root, tmp_path, monkeypatch):
    """The review template's "Quantization setting" is filled from the paper's facets: when
    older rules computed them, that is said, as the facet commands say it (it was silent)."""
    from papers.library import store_facets
    from papers.models import Facet

    store_facets(lib, "2402.15319", [Facet("precision", "W4A16", True, [])], "older rules")
    lib.conn.commit()
    monkeypatch.setenv("EDITOR", editor(tmp_path, "pass\n"))
    result = run("review", "open", "2402.15319")
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("note: the facets of 2402.15319 come from other rules")
    again = run("review", "open", "2402.15319")  # (the note made: nothing more to say)
    assert "come from other rules" not in again.stderr


# ------------------------------------------------- restore by paper: renamed, name reused

BRECQ = Paper(id="2102.05426", title="BRECQ: Pushing the Limit of Post-Training Quantization")


def test_restore_by_paper_finds_an_emptied_note_the_reviewer_renamed(
    lib, root, tmp_path, monkeypatch
):
    # the note's file name names no paper: once emptied, its row named none, and restore by
    # the paper said "no review note for GPTVQ has ever been synced" (only its path worked)
    text = "---\narxiv: '2402.15319'\n---\nWeeks of reading.\n"
    path = write_note(root, "my-renamed-note.md", text)
    run("review", "sync")
    monkeypatch.setenv("EDITOR", editor(tmp_path, "open(path, 'w').close()\n"))
    opened = run("review", "open", "GPTVQ")
    assert "_conflicts/" in opened.stderr and path.read_text() == ""
    for ref in ("GPTVQ", "2402.15319"):
        restored = run("review", "restore", ref)
        assert restored.exit_code == 0, restored.stderr
        assert restored.stderr.startswith("restored reviews/my-renamed-note.md: it was empty")
        assert path.read_text() == text
        path.write_text("")
        run("review", "sync")


def test_open_and_show_by_paper_find_an_emptied_note_the_reviewer_renamed(
    lib, root, tmp_path, monkeypatch
):
    """Found by the paper its kept text names, as restore finds it: `review show` said "no
    review note for 2402.15319", and `review open` made a second note for the paper."""
    text = "---\narxiv: '2402.15319'\n---\nWeeks of reading.\n"
    path = write_note(root, "my-renamed-note.md", text)
    run("review", "sync")
    path.write_text("")
    run("review", "sync")
    hint = (
        "warning: reviews/my-renamed-note.md is empty: 'papers review restore {}' brings back "
        "its last text (kept in reviews/_conflicts/my-renamed-note."
    )
    for ref in ("2402.15319", "GPTVQ"):
        shown = run("review", "show", ref)
        assert (shown.exit_code, shown.stdout) == (0, "")
        assert shown.stderr.startswith(hint.format("reviews/my-renamed-note.md"))
    monkeypatch.setenv("EDITOR", editor(tmp_path, "pass\n"))
    opened = run("review", "open", "2402.15319")
    assert opened.exit_code == 0, opened.stderr
    assert opened.stdout == f"{path}\n" and opened.stderr.startswith(hint.format("2402.15319"))
    assert sorted(p.name for p in (root / "reviews").glob("*.md")) == ["my-renamed-note.md"]
    assert run("review", "restore", "2402.15319").exit_code == 0 and path.read_text() == text


def test_a_deleted_note_whose_name_a_new_file_took_stays_listed_and_restorable(lib, root):
    # its text went to _conflicts/ and its row to the new file: `list --deleted` lost it,
    # restore by the paper said "no review note for BRECQ has ever been synced", and restore
    # of the copy's path was "not an arXiv id, a library paper's name or a note path"
    with lib.conn:
        save_paper(lib, BRECQ)
    text = '---\narxiv: "2102.05426"\n---\nBlock reconstruction, weeks of notes.\n'
    path = write_note(root, "brecq.md", text)
    run("review", "sync")
    path.unlink()
    run("review", "sync")
    new = "A new file, someone else's.\n"
    path.write_text(new)
    synced = run("review", "sync")
    [copy] = (root / "reviews" / "_conflicts").iterdir()
    kept = f"reviews/_conflicts/{copy.name}"
    assert copy.read_text() == text
    assert f"'papers review restore {kept}' brings it back" in synced.stderr
    listing = json.loads(run("review", "list", "--deleted", "--json").stdout)
    assert [(n["path"], n["id"], n["deleted"]) for n in listing if n["deleted"]] == [
        (kept, "2102.05426", True)
    ]
    # (and its copy at its path is no "something else" to move away first)
    shown = run("review", "show", "BRECQ")
    assert shown.stderr == (
        f"Error: the note {kept} was deleted; run 'papers review restore BRECQ' to get it back\n"
    )
    for ref in ("BRECQ", "2102.05426", kept):
        restored = run("review", "restore", ref)
        assert restored.exit_code == 0, restored.stderr
        assert restored.stderr == (
            f"restored reviews/brecq-2.md from {kept}, beside reviews/brecq.md (another note "
            "has its name)\n"
        )
        assert path.read_text() == new  # (never written over)
        beside = root / "reviews" / "brecq-2.md"
        assert beside.read_text() == text
        assert not any(n["deleted"] for n in json.loads(run("review", "list", "--json").stdout))
        shown = run("review", "show", "BRECQ")
        assert shown.exit_code == 0 and shown.stdout == text
        beside.unlink()
        run("review", "sync")
        # (deleted again, at its own name: restored there from the index, as any note)
        assert run("review", "restore", "reviews/brecq-2.md").exit_code == 0
        beside.unlink()
        run("review", "sync")
        # back into _conflicts/ for the next spelling: as the tester found it
        with lib.conn:
            lib.execute("UPDATE reviews SET path = ? WHERE path = 'reviews/brecq-2.md'", [kept])


def test_a_copy_in_conflicts_with_no_row_is_restored_by_its_path(lib, root):
    # a copy kept before a deleted note's row went with it (or of a save an editor replaced):
    # its path was "not an arXiv id, a library paper's name or a note path", and the paper's
    # name said "no review note for BRECQ has ever been synced" of a paper whose text is kept
    with lib.conn:
        save_paper(lib, BRECQ)
    write_note(root, "brecq.md", "Someone else's.\n")
    text = '---\narxiv: "2102.05426"\n---\nKept.\n'
    copy = write_note(root, "_conflicts/brecq.20240101-000000.md", text)
    run("review", "sync")
    told = run("review", "restore", "BRECQ")
    assert told.stderr == (
        "Error: no note for BRECQ is indexed, but reviews/_conflicts/brecq.20240101-000000.md "
        "keeps a note's text about it: 'papers review restore "
        "reviews/_conflicts/brecq.20240101-000000.md' brings it back\n"
    )
    restored = run("review", "restore", "reviews/_conflicts/brecq.20240101-000000.md")
    assert restored.exit_code == 0, restored.stderr
    assert (root / "reviews" / "brecq-2.md").read_text() == text and copy.read_text() == text
    assert (root / "reviews" / "brecq.md").read_text() == "Someone else's.\n"
    assert run("review", "show", "BRECQ").stdout == text
    never = run("review", "restore", "GPTQ")
    assert never.stderr == "Error: no review note for GPTQ has ever been synced\n"
