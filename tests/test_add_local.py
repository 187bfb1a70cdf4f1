"""Local PDFs that need no network: scanned (no text layer), read-only library folder."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pymupdf
import pytest
from click.testing import CliRunner

from papers import config
from papers.cli import cli


def image_only_pdf(
    path: Path, metadata: bool = True, author: str = "Ada Lovelace; Alan Turing"
) -> None:
    """A 'scanned' PDF: one page holding a picture and no text layer."""
    doc = pymupdf.open()
    page = doc.new_page()
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 64, 64), False)
    pix.clear_with(200)
    page.insert_image(pymupdf.Rect(72, 72, 272, 272), pixmap=pix)
    if metadata:
        doc.set_metadata({"title": "A Scanned Paper", "author": author})
    doc.save(path)


def test_pdf_without_text_layer_is_flagged_not_refused(root, tmp_path):
    path = tmp_path / "scan.pdf"
    image_only_pdf(path)
    result = CliRunner().invoke(cli, ["add", str(path)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "no text layer" in result.output
    conn = sqlite3.connect(config.db_path(root))
    title, authors, has_text = conn.execute(
        "SELECT title, authors, has_text FROM papers"
    ).fetchone()
    assert (title, has_text) == ("A Scanned Paper", 0)
    assert "Alan Turing" in authors
    paper_id = conn.execute("SELECT id FROM papers").fetchone()[0]
    facets = CliRunner().invoke(cli, ["facets", paper_id])
    assert "no quantization facets found (its PDF has no text layer: scanned?)" in facets.output


@pytest.mark.parametrize(
    ("field", "authors"),
    [
        ("Anonymous Submission", []),  # ICML's template (the corpus's 2212.09720)
        ("Anonymous Author(s)", []),
        ("Anonymous ACL submission", []),
        ("Anonymous Authors1", []),
        ("First Author; Second Author", []),
        ("Microsoft Office User", []),
        ("Ada Lovelace, Anonymous", ["Ada Lovelace"]),
        # a serial comma before the last name (the corpus's 1911.07190)
        (
            "Ada Lovelace, Alan Turing, and Grace Hopper",
            ["Ada Lovelace", "Alan Turing", "Grace Hopper"],
        ),
        (
            "Ada Lovelace and Alan Turing; Grace Hopper",
            ["Ada Lovelace", "Alan Turing", "Grace Hopper"],
        ),
    ],
)
def test_the_authors_of_a_pdfs_author_field(root, tmp_path, field, authors):
    path = tmp_path / "scan.pdf"
    image_only_pdf(path, author=field)
    assert CliRunner().invoke(cli, ["add", str(path)], catch_exceptions=False).exit_code == 0
    conn = sqlite3.connect(config.db_path(root))
    (stored,) = conn.execute("SELECT authors FROM papers").fetchone()
    assert json.loads(stored) == authors


def test_a_pdf_showing_no_title_is_named_after_its_file_and_stays_so(root, tmp_path):
    # no metadata, no text: the user's file name, which `papers extract` must not replace
    # with the name of the library's copy
    path = tmp_path / "Smith2019_low_bit_quantization.pdf"
    image_only_pdf(path, metadata=False)
    runner = CliRunner()
    assert runner.invoke(cli, ["add", str(path)], catch_exceptions=False).exit_code == 0
    assert runner.invoke(cli, ["extract", "--all"], catch_exceptions=False).exit_code == 0
    conn = sqlite3.connect(config.db_path(root))
    titles = conn.execute("SELECT title FROM papers").fetchall()
    assert titles == [("Smith2019_low_bit_quantization",)]


def test_a_local_pdf_that_cites_an_arxiv_id_on_its_first_page_is_no_arxiv_paper(root, tmp_path):
    # a workshop paper citing GPTQ on page 1 was filed as GPTQ: GPTQ's metadata, its own
    # text and facets; and, with GPTQ in the library, "already in the library" (not added)
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 72), "Faster Low-Bit Kernels for Edge Devices", fontsize=16)
    page.insert_text(
        (72, 140), "We build on GPTQ (Frantar et al., arXiv:2210.17323v2). We evaluate W3A16."
    )
    path = tmp_path / "workshop.pdf"
    doc.save(path)
    result = CliRunner().invoke(cli, ["add", str(path), "--json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    (added,) = json.loads(result.stdout)
    assert added["paper"]["id"].startswith("local:")
    conn = sqlite3.connect(config.db_path(root))
    assert conn.execute("SELECT count(*) FROM papers WHERE id LIKE '2210%'").fetchone() == (0,)


def test_a_file_whose_name_is_not_utf8_is_added_with_the_others(root, tmp_path, corpus):
    # `papers add ~/Downloads/*.pdf` with one name from a Latin-1 zip: the check of arguments
    # that are not UTF-8 refused the whole command, then MuPDF could not open that one file
    good = tmp_path / "I-BERT.pdf"
    shutil.copy(corpus / "nostamp" / "I-BERT.pdf", good)
    odd = os.path.join(os.fsencode(tmp_path), b"r\xe9sum\xe9.pdf")
    shutil.copy(corpus / "nostamp" / "bit_split.pdf", odd)
    out = subprocess.run(
        [sys.executable, "-m", "papers", "add", str(good), odd],
        capture_output=True,
        env={**os.environ, "PAPERS_ROOT": str(root)},
    )
    assert out.returncode == 0, out.stderr
    assert b"added I-BERT" in out.stderr and b"added Towards Accurate Post" in out.stderr
    conn = sqlite3.connect(config.db_path(root))
    assert conn.execute("SELECT count(*) FROM papers").fetchone() == (2,)


def test_a_pdf_with_no_title_and_a_name_that_is_not_utf8_is_named_after_its_file(root, tmp_path):
    # named after its file, whose name SQLite refused (a traceback)
    doc = pymupdf.open()
    doc.new_page()  # (no text: no title to read)
    odd = os.path.join(os.fsencode(tmp_path), b"blank\xe9.pdf")
    with open(odd, "wb") as handle:
        handle.write(doc.tobytes())
    out = subprocess.run(
        [sys.executable, "-m", "papers", "add", odd, "--json"],
        capture_output=True,
        env={**os.environ, "PAPERS_ROOT": str(root)},
    )
    assert out.returncode == 0 and b"Traceback" not in out.stderr, out.stderr
    (added,) = json.loads(out.stdout)  # (UTF-8 JSON: the name's byte was written raw)
    assert added["paper"]["title"] == "blank\u00e9"
    assert os.fsencode(added["input"]) == odd


def test_a_stamp_in_the_first_pages_text_is_still_read_whole(tmp_path):
    # (the stamp's whole shape, id, field and date, where no margin holds it)
    from papers.pdf import first_page_stamp

    assert first_page_stamp(None, "Title\narXiv:2210.17323v2 [cs.LG] 22 Mar 2023\n") == (
        "2210.17323v2"
    )
    assert first_page_stamp(None, "as GPTQ (arXiv:2210.17323v2) does") is None
    stamped = first_page_stamp("arXiv:2306.00978v1 [cs.CL] 3 Jun 2023", "cites arXiv:2210.17323v2")
    assert stamped == "2306.00978v1"  # (the margin's, not an id the page cites)


def test_local_pdf_added_twice_is_unchanged(root, tmp_path):
    path = tmp_path / "scan.pdf"
    image_only_pdf(path)
    runner = CliRunner()
    assert runner.invoke(cli, ["add", str(path)], catch_exceptions=False).exit_code == 0
    again = runner.invoke(cli, ["add", str(path)], catch_exceptions=False)
    assert again.exit_code == 0
    assert "already in the library" in again.output


def test_read_only_library_folder(tmp_path):
    """papers/ cannot be written: one-line error, nothing created. Root ignores permissions, so
    as root the command runs without the capabilities that let it do so."""
    prefix: list[str] = []
    if os.geteuid() == 0:
        if not shutil.which("setpriv"):
            pytest.skip("running as root without setpriv: permissions cannot be enforced")
        prefix = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search,-fowner"]
    pdf = tmp_path / "scan.pdf"
    image_only_pdf(pdf)
    lib = tmp_path / "ro"
    (lib / "papers").mkdir(parents=True)
    os.chmod(lib / "papers", 0o555)
    try:
        env = {**os.environ, "PAPERS_ROOT": str(lib)}
        result = subprocess.run(
            [*prefix, sys.executable, "-m", "papers", "add", str(pdf)],
            env=env,
            capture_output=True,
            text=True,
        )
        assert result.returncode == 1
        assert result.stderr.startswith("Error:")
        assert "not writable" in result.stderr or "cannot" in result.stderr
        assert "Traceback" not in result.stderr
        assert os.listdir(lib / "papers") == []
    finally:
        os.chmod(lib / "papers", 0o755)


def test_a_copy_interrupted_midway_leaves_no_part_file(tmp_path, monkeypatch):
    from papers import library

    source = tmp_path / "in.pdf"
    source.write_bytes(b"%PDF-1.4 " + b"x" * (3 << 20))
    dest = tmp_path / "papers" / "2210.17323v2.pdf"
    dest.parent.mkdir()
    real = shutil.copyfileobj

    def interrupted(src, out, length=0):
        out.write(src.read(1 << 20))
        raise KeyboardInterrupt

    monkeypatch.setattr(library.shutil, "copyfileobj", interrupted)
    with pytest.raises(KeyboardInterrupt):
        library.copy_atomic(source, dest)
    assert list(dest.parent.iterdir()) == []
    monkeypatch.setattr(library.shutil, "copyfileobj", real)
    library.copy_atomic(source, dest)
    assert dest.read_bytes() == source.read_bytes()
    assert list(dest.parent.iterdir()) == [dest]


def test_a_copy_never_touches_the_temporary_file_of_another_add(tmp_path, monkeypatch):
    # two adds of the same PDF at once: each copies to a file of its own; the other's
    # half-written copy is neither truncated nor removed nor renamed into place
    from papers import library

    source = tmp_path / "in.pdf"
    source.write_bytes(b"%PDF-1.4 whole")
    dest = tmp_path / "papers" / "1909.05840v2.pdf"
    dest.parent.mkdir()
    theirs = dest.with_name(f".{dest.name}.part")  # the name every add used to share
    theirs.write_bytes(b"%PDF-1.4 ha")
    library.copy_atomic(source, dest)
    assert dest.read_bytes() == b"%PDF-1.4 whole"
    assert theirs.read_bytes() == b"%PDF-1.4 ha"


def test_an_id_a_folder_or_a_text_file_happens_to_name_is_still_the_id(tmp_path, monkeypatch):
    from papers.library import classify_inputs

    monkeypatch.chdir(tmp_path)
    (tmp_path / "2210.17323").mkdir()
    (tmp_path / "2306.00978").write_text("my notes")
    (tmp_path / "2208.07339").write_bytes(b"%PDF-1.4 a PDF named like its id")
    (tmp_path / "2401.00001").write_bytes(b"\n\n%PDF-1.4 bytes before the header")
    items = classify_inputs(["2210.17323", "2306.00978", "2208.07339", "2401.00001"])
    assert [(str(i.arxiv), i.local_pdf) for i in items[:2]] == [
        ("2210.17323", None),
        ("2306.00978", None),
    ]
    assert items[2].local_pdf == Path("2208.07339")  # a PDF is the file it names
    assert items[3].local_pdf == Path("2401.00001")  # (its header within the first KB)


def test_stored_text_has_no_control_characters_and_is_counted_whole(root, corpus):
    # BRECQ's PDF gives NUL characters for some delimiters' glyphs: the stored text has none,
    # so `show` counts all of it (SQLite's length() stops at a NUL), and no evidence shows one
    pdf = corpus / "pdf" / "2102.05426.pdf"
    from papers.pdf import read_pdf

    assert "\x00" in "".join(read_pdf(pdf).pages)  # (what PyMuPDF gives)
    assert CliRunner().invoke(cli, ["add", str(pdf)]).exit_code == 0
    shown = json.loads(CliRunner().invoke(cli, ["show", "2102.05426", "--json"]).output)
    assert shown["counts"]["text_chars"] > 50_000
    facets = CliRunner().invoke(cli, ["facets", "2102.05426", "--json", "--evidence", "9"]).output
    assert "\\u0000" not in facets and "\x00" not in facets


def test_a_title_read_again_by_extract_relinks_the_notes_naming_it(root, tmp_path):
    """A local paper stored under an older reader's title gets its PDF's title back from
    `extract`: a note's [[name]] link to it counts from then on, with no edit of the note."""
    doc = pymupdf.open()
    doc.set_metadata({"title": "FooQuant: Quantizing Everything at Once"})
    doc.new_page().insert_text((72, 72), "FooQuant: Quantizing Everything at Once", fontsize=16)
    doc.save(tmp_path / "foo.pdf")
    runner = CliRunner()
    assert (
        runner.invoke(cli, ["add", str(tmp_path / "foo.pdf")], catch_exceptions=False).exit_code
        == 0
    )
    conn = sqlite3.connect(config.db_path(root))
    with conn:  # (as an older reader stored it)
        conn.execute("UPDATE papers SET title = 'Untitled'")
    (paper_id,) = conn.execute("SELECT id FROM papers").fetchone()
    notes = root / "reviews"
    notes.mkdir()
    (notes / "mine.md").write_text("Compare with [[FooQuant]].\n")
    assert runner.invoke(cli, ["review", "sync"], catch_exceptions=False).exit_code == 0
    assert conn.execute("SELECT arxiv_id FROM mentions").fetchall() == []
    assert runner.invoke(cli, ["extract", paper_id], catch_exceptions=False).exit_code == 0
    assert conn.execute("SELECT arxiv_id FROM mentions").fetchall() == [(paper_id,)]


def test_two_adds_of_one_local_pdf_at_once_say_added_once(root, tmp_path, monkeypatch):
    # the second to write finds the paper its twin stored, and says so rather than "added"
    from papers import library

    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "Notes on Low-Bit Kernels", fontsize=16)
    path = tmp_path / "kernels.pdf"
    doc.save(path)
    real = library._store

    def other_add_meanwhile(db, paper, *args, **kwargs):
        monkeypatch.setattr(library, "_store", real)
        assert "added" in CliRunner().invoke(cli, ["add", str(path)]).output
        return real(db, paper, *args, **kwargs)

    monkeypatch.setattr(library, "_store", other_add_meanwhile)
    result = CliRunner().invoke(cli, ["add", str(path), "--json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    (said,) = json.loads(result.stdout)
    assert said["status"] == "unchanged"
    assert said["message"].endswith(": already in the library (another command added it meanwhile)")
    conn = sqlite3.connect(config.db_path(root))
    assert conn.execute("SELECT count(*) FROM papers").fetchone() == (1,)
