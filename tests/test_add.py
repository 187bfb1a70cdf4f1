"""`papers add` end to end against the fake arXiv: ids, URLs, versions, local PDFs, failures."""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from fake_arxiv import CORPUS_PAPERS, HUNG_ANSWER_IDS, HUNG_ANSWERS, HungServer

from papers import config
from papers.cli import cli


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def rows(root, sql, params=()):
    conn = sqlite3.connect(config.db_path(root))
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(sql, params)]
    finally:
        conn.close()


def no_library(root):
    """Whether the folder holds no library: a first `add` that added nothing leaves none."""
    return not config.papers_dir(root).exists()


def library_files(root):
    folder = config.papers_dir(root)
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_add_fetches_metadata_pdf_and_text(fake_arxiv, root, corpus):
    result = run("add", "2210.17323")
    assert result.exit_code == 0, result.output
    paper = rows(root, "SELECT * FROM papers")[0]
    assert paper["id"] == "2210.17323"
    assert paper["version"] == 2
    assert paper["title"].startswith("GPTQ")
    assert json.loads(paper["authors"])
    assert paper["pdf"] == "papers/2210.17323v2.pdf"
    assert paper["pages"] == 16
    assert paper["has_text"] == 1
    pdf = root / paper["pdf"]
    import hashlib

    assert hashlib.sha256(pdf.read_bytes()).hexdigest() == paper["sha256"]
    text = rows(root, "SELECT body FROM documents WHERE source = 'text'")[0]["body"]
    assert "quantization" in text.lower()
    hits = rows(
        root,
        "SELECT d.paper_id FROM documents_fts f JOIN documents d ON d.id = f.rowid "
        "WHERE documents_fts MATCH 'hessian'",
    )
    assert {h["paper_id"] for h in hits} == {"2210.17323"}
    cached = rows(root, "SELECT key, found FROM arxiv_cache")
    assert {"key": "id:2210.17323", "found": 1} in cached


@pytest.mark.parametrize(
    "spelling",
    [
        "2306.00978",
        "2306.00978v1",
        "arXiv:2306.00978",
        "https://arxiv.org/abs/2306.00978v1",
        "https://arxiv.org/pdf/2306.00978v1",
        "https://arxiv.org/pdf/2306.00978v1.pdf",
    ],
)
def test_every_spelling_adds_the_same_paper(fake_arxiv, root, corpus, spelling):
    result = run("add", "--no-pdf", spelling)
    assert result.exit_code == 0, result.output
    assert [r["id"] for r in rows(root, "SELECT id FROM papers")] == ["2306.00978"]


def test_several_ids_cost_one_metadata_request(fake_arxiv, root, corpus):
    result = run("add", "--no-pdf", "2210.17323", "2306.00978", "1412.6115", "2208.07339")
    assert result.exit_code == 0, result.output
    assert len(rows(root, "SELECT id FROM papers")) == 4
    assert len(fake_arxiv.id_list_requests) == 1
    assert fake_arxiv.count("/pdf") == 0
    assert library_files(root) == ["papers.db", "papers.db-shm", "papers.db-wal"] or all(
        not name.endswith(".pdf") for name in library_files(root)
    )


def test_adding_twice_changes_nothing(fake_arxiv, root, corpus):
    assert run("add", "2306.00978").exit_code == 0
    before = rows(root, "SELECT * FROM papers")
    pdf_requests = fake_arxiv.count("/pdf")
    result = run("add", "2306.00978")
    assert result.exit_code == 0
    assert "already in the library" in result.output
    assert rows(root, "SELECT * FROM papers") == before
    assert fake_arxiv.count("/pdf") == pdf_requests


def test_newer_version_updates_and_keeps_old_pdf(fake_arxiv, root, corpus):
    assert run("add", "2210.17323v1").exit_code == 0
    assert rows(root, "SELECT version FROM papers")[0]["version"] == 1
    result = run("add", "2210.17323")
    assert result.exit_code == 0, result.output
    assert "2210.17323v2: updated from v1 (old PDF kept)" in result.output
    paper = rows(root, "SELECT * FROM papers")[0]
    assert paper["version"] == 2
    assert paper["pdf"] == "papers/2210.17323v2.pdf"
    files = rows(root, "SELECT version, path FROM files ORDER BY version")
    assert [f["version"] for f in files] == [1, 2]
    assert (root / "papers/2210.17323v1.pdf").exists()
    assert (root / "papers/2210.17323v2.pdf").exists()


def test_no_pdf_beside_a_whole_add_keeps_the_pdf(fake_arxiv, root, corpus, monkeypatch):
    # `add --no-pdf` looked before a whole `add` of the same paper stored its PDF, and
    # writes after it: the metadata is written, the stored PDF stays the paper's
    from papers import library

    real = library._store

    def other_add_meanwhile(db, paper, *args, **kwargs):
        monkeypatch.setattr(library, "_store", real)
        assert run("add", "1412.6115").exit_code == 0  # the other command, whole
        return real(db, paper, *args, **kwargs)

    monkeypatch.setattr(library, "_store", other_add_meanwhile)
    assert run("add", "--no-pdf", "1412.6115").exit_code == 0
    paper = rows(root, "SELECT pdf, sha256, pages FROM papers")[0]
    assert paper["pdf"] == "papers/1412.6115v1.pdf" and paper["sha256"] and paper["pages"]
    assert (root / paper["pdf"]).exists()


def test_two_adds_of_one_paper_at_once_say_added_once(fake_arxiv, root, corpus, monkeypatch):
    # both looked before either wrote: the one that writes second finds the paper stored and
    # says so, so a script counting "added" counts it once
    from papers import library

    real = library._store

    def other_add_meanwhile(db, paper, *args, **kwargs):
        monkeypatch.setattr(library, "_store", real)
        assert "added" in run("add", "1412.6115").output  # the other command, whole
        return real(db, paper, *args, **kwargs)

    monkeypatch.setattr(library, "_store", other_add_meanwhile)
    result = run("add", "1412.6115", "--json")
    assert result.exit_code == 0, result.output
    [said] = json.loads(result.stdout)
    assert said["status"] == "unchanged"
    assert "already in the library (another command added it meanwhile)" in said["message"]
    assert len(rows(root, "SELECT id FROM papers")) == 1
    assert [f["path"] for f in rows(root, "SELECT path FROM files")] == ["papers/1412.6115v1.pdf"]


def test_a_whole_add_beside_a_metadata_add_says_its_pdf_added(
    fake_arxiv, root, corpus, monkeypatch
):
    # `add --no-pdf` wrote between this add's look and its write: the PDF is what it added
    from papers import library

    real = library._store

    def other_add_meanwhile(db, paper, *args, **kwargs):
        monkeypatch.setattr(library, "_store", real)
        assert run("add", "--no-pdf", "1412.6115").exit_code == 0
        return real(db, paper, *args, **kwargs)

    monkeypatch.setattr(library, "_store", other_add_meanwhile)
    result = run("add", "1412.6115")
    assert result.exit_code == 0, result.output
    assert "1412.6115v1: PDF added (another command added it meanwhile)" in result.output
    assert rows(root, "SELECT pdf FROM papers")[0]["pdf"] == "papers/1412.6115v1.pdf"


def _another_add_meanwhile(monkeypatch, *args: str, env: dict[str, str] | None = None):
    """`papers add ARGS` run by another command between this add's look and its write."""
    from papers import library

    real = library._store

    def other(db, paper, *rest, **kwargs):
        monkeypatch.setattr(library, "_store", real)
        for name, value in (env or {}).items():
            monkeypatch.setenv(name, value)
        assert run("add", *args).exit_code == 0
        return real(db, paper, *rest, **kwargs)

    monkeypatch.setattr(library, "_store", other)


def test_an_older_version_added_beside_the_newer_one_leaves_the_newer(
    fake_arxiv, root, corpus, monkeypatch
):
    # `add 2210.17323v1` beside `add 2210.17323` (v2), which wrote first: the library went
    # back to v1 and said "PDF added"
    _another_add_meanwhile(monkeypatch, "2210.17323")
    result = run("add", "2210.17323v1", "--json")
    assert result.exit_code == 0, result.output
    [said] = json.loads(result.stdout)
    assert said["status"] == "unchanged"
    assert said["message"] == (
        "2210.17323v1: already in the library as v2, newer than v1 (another command added "
        "it meanwhile)"
    )
    assert rows(root, "SELECT version, pdf FROM papers")[0] == {
        "version": 2,
        "pdf": "papers/2210.17323v2.pdf",
    }
    assert not (root / "papers" / "2210.17323v1.pdf").exists()  # (nothing of it is kept)


def test_a_pdfs_metadata_never_replaces_arxivs_written_meanwhile(
    fake_arxiv, root, corpus, monkeypatch
):
    # an offline add of a stamped PDF beside an online add of the paper, which wrote first:
    # arXiv's authors and links were replaced by the PDF's, and the add said "unchanged"
    _another_add_meanwhile(monkeypatch, "2306.00978", env={"PAPERS_ARXIV_API": fake_arxiv.api_url})
    monkeypatch.setenv("PAPERS_ARXIV_API", "http://127.0.0.1:9/api/query")  # nothing listens
    result = run("add", str(corpus / "pdf" / "2306.00978.pdf"), "--json")
    assert result.exit_code == 0, result.output
    [said] = json.loads(result.stdout)
    assert said["status"] == "unchanged" and said["message"].endswith(
        "already in the library (another command added it meanwhile)"
    )
    paper = rows(root, "SELECT source, authors, pdf_url, added FROM papers")[0]
    assert paper["source"] == "arxiv" and "Ji Lin" in paper["authors"] and paper["pdf_url"]


def test_the_date_a_paper_was_added_is_the_first_commands(fake_arxiv, root, corpus, monkeypatch):
    # the later of two adds at once said "unchanged" and wrote its own time as the paper's
    from papers import library

    real_store, real_now = library._store, library.now_iso

    def other(db, paper, *rest, **kwargs):
        monkeypatch.setattr(library, "_store", real_store)
        monkeypatch.setattr(library, "now_iso", real_now)  # (the other command's clock)
        assert run("add", "1412.6115").exit_code == 0
        return real_store(db, paper, *rest, **kwargs)

    monkeypatch.setattr(library, "_store", other)
    monkeypatch.setattr(library, "now_iso", lambda: "2099-01-01T00:00:00Z")  # (this one's)
    assert run("add", "1412.6115").exit_code == 0
    assert rows(root, "SELECT added FROM papers")[0]["added"] < "2099"


def test_an_update_from_a_version_without_pdf_keeps_no_old_pdf(fake_arxiv, root, corpus):
    assert run("add", "--no-pdf", "2210.17323v1").exit_code == 0
    result = run("add", "2210.17323")
    assert result.exit_code == 0, result.output
    assert "2210.17323v2: updated from v1\n" in result.output


def test_metadata_of_a_later_version_leaves_the_pdf_its_version(fake_arxiv, root, corpus):
    # v2's metadata without its PDF: v1's file stays v1's, and `rm 2210.17323v1` says that
    # it is the PDF the library reads rather than that v1 is not there
    assert run("add", "2210.17323v1").exit_code == 0
    assert run("add", "--no-pdf", "2210.17323").exit_code == 0
    files = rows(root, "SELECT version, path FROM files")
    assert [(f["version"], f["path"]) for f in files] == [(1, "papers/2210.17323v1.pdf")]
    result = run("rm", "2210.17323v1", "--yes")
    assert result.exit_code == 1
    assert "2210.17323v1's PDF is the one the library reads" in result.stderr
    assert (root / "papers/2210.17323v1.pdf").exists()


def test_a_pdf_gone_from_papers_is_fetched_again_by_add(fake_arxiv, root, corpus):
    assert run("add", "1412.6115").exit_code == 0
    pdf = root / "papers" / "1412.6115v1.pdf"
    pdf.unlink()
    result = run("add", "1412.6115")
    assert result.exit_code == 0, result.output
    assert "1412.6115v1: PDF restored (it was missing from papers/)" in result.stderr
    assert pdf.read_bytes() == (corpus / "pdf" / "1412.6115.pdf").read_bytes()
    pdf.unlink()  # and from a local copy of the same paper
    assert run("add", str(corpus / "pdf" / "1412.6115.pdf")).exit_code == 0
    assert pdf.exists()


def test_an_update_after_the_old_pdf_went_missing_keeps_no_old_pdf(fake_arxiv, root, corpus):
    assert run("add", "2210.17323v1").exit_code == 0
    (root / "papers" / "2210.17323v1.pdf").unlink()
    result = run("add", "2210.17323")
    assert result.exit_code == 0, result.output
    assert "2210.17323v2: updated from v1\n" in result.stderr  # (no "old PDF kept")


def test_an_older_version_never_replaces_the_newer_metadata(fake_arxiv, root, corpus):
    assert run("add", "--no-pdf", "2210.17323").exit_code == 0  # v2, without its PDF
    result = run("add", "2210.17323v1")
    assert result.exit_code == 0, result.output
    # (v1's PDF is kept beside, to compare versions; the paper stays v2)
    assert (
        "2210.17323v1: PDF kept, the library reads v2 (v2's PDF: 'papers add 2210.17323'); "
        "'papers open 2210.17323v1' opens it"
    ) in result.stderr
    paper = rows(root, "SELECT version, pdf FROM papers")[0]
    assert (paper["version"], paper["pdf"]) == (2, None)
    kept = rows(root, "SELECT version, path FROM files")
    assert [(f["version"], f["path"]) for f in kept] == [(1, "papers/2210.17323v1.pdf")]
    again = run("add", "2210.17323v1")
    assert "2210.17323v1: PDF already kept" in again.stderr


def test_no_pdf_then_pdf(fake_arxiv, root, corpus):
    assert run("add", "--no-pdf", "1412.6115").exit_code == 0
    assert rows(root, "SELECT pdf FROM papers")[0]["pdf"] is None
    result = run("add", "1412.6115")
    assert result.exit_code == 0, result.output
    assert rows(root, "SELECT pdf FROM papers")[0]["pdf"] == "papers/1412.6115v1.pdf"


def test_local_pdf_with_stamp_gets_arxiv_metadata(fake_arxiv, root, corpus):
    result = run("add", str(corpus / "pdf" / "2306.00978.pdf"))
    assert result.exit_code == 0, result.output
    paper = rows(root, "SELECT * FROM papers")[0]
    assert paper["id"] == "2306.00978"
    assert paper["source"] == "arxiv"
    assert paper["pdf"] == "papers/2306.00978v1.pdf"
    assert fake_arxiv.count("/pdf") == 0  # the local file is used, not downloaded again
    assert len(fake_arxiv.id_list_requests) == 1


def test_local_pdfs_and_ids_share_one_request(fake_arxiv, root, corpus):
    result = run(
        "add",
        "--no-pdf",
        str(corpus / "pdf" / "2306.00978.pdf"),
        str(corpus / "pdf" / "2208.07339.pdf"),
        "1412.6115",
    )
    assert result.exit_code == 0, result.output
    assert len(rows(root, "SELECT id FROM papers")) == 3
    assert len(fake_arxiv.id_list_requests) == 1


@pytest.mark.parametrize(
    ("title", "filed_as"),
    [
        (
            "AWQ: Activation-aware Weight Quantization for LLM Compression and Acceleration",
            "2306.00978",
        ),
        ("Faster Low-Bit Kernels for Edge Devices", "local:"),
    ],
)
def test_a_stamp_in_a_pages_text_names_the_paper_only_with_its_title(
    fake_arxiv, root, corpus, tmp_path, title, filed_as
):
    # no margin stamp, the stamp's whole shape in the page's text: AWQ's own PDF when its
    # title is there, else a footnote of another paper ("See also arXiv:2306.00978v1 ...")
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 72), title, fontsize=11)
    page.insert_text((72, 700), "See also arXiv:2306.00978v1 [cs.CL] 1 Jun 2023 for more.")
    path = tmp_path / "paper.pdf"
    doc.save(path)
    result = run("add", str(path))
    assert result.exit_code == 0, result.output
    [paper] = rows(root, "SELECT id FROM papers")
    assert paper["id"].startswith(filed_as)


def test_local_pdf_without_stamp_is_a_local_paper(fake_arxiv, root, corpus):
    result = run("add", str(corpus / "nostamp" / "I-BERT.pdf"))
    assert result.exit_code == 0, result.output
    paper = rows(root, "SELECT * FROM papers")[0]
    assert paper["id"].startswith("local:")
    assert paper["source"] == "local"
    assert "I-BERT" in paper["title"]
    assert (root / paper["pdf"]).exists()
    assert len(fake_arxiv.id_list_requests) == 0


def test_old_style_id(fake_arxiv, root):
    fake_arxiv.add("hep-th/9901001", 1, "An old-style paper", ["A. Physicist"])
    result = run("add", "--no-pdf", "hep-th/9901001")
    assert result.exit_code == 0, result.output
    assert rows(root, "SELECT id FROM papers")[0]["id"] == "hep-th/9901001"


def test_old_style_id_pdf_name_is_safe(fake_arxiv, root, corpus):
    fake_arxiv.add(
        "math.GT/0309136",
        2,
        "Old style with subject class",
        ["B. Topologist"],
        pdf=corpus / "nostamp" / "bit_split.pdf",  # (no stamp of another paper)
    )
    result = run("add", "math.GT/0309136")
    assert result.exit_code == 0, result.output
    assert (root / "papers" / "math_0309136v2.pdf").exists()
    assert rows(root, "SELECT id FROM papers")[0]["id"] == "math/0309136"


# --- bad input: one line, non-zero exit, library unchanged -------------------------------


def assert_one_line_error(result, fragment):
    assert result.exit_code == 1
    lines = [ln for ln in result.output.splitlines() if ln.startswith("Error:")]
    assert lines and fragment in lines[0]
    assert "Traceback" not in result.output


def test_malformed_id(fake_arxiv, root):
    result = run("add", "not-an-id")
    assert_one_line_error(result, "not an arXiv id: not-an-id")
    assert not (root / "papers").exists()
    assert fake_arxiv.requests == []


def test_a_malformed_id_among_others_says_none_was_added(fake_arxiv, root):
    # (`papers next --json | jq -r '.[].arxiv' | xargs papers add` with a "null" among them)
    result = run("add", "1412.6115", "null", "1510.00149")
    assert_one_line_error(result, "not an arXiv id: null; nothing was added")
    assert fake_arxiv.requests == []


def test_an_input_with_a_line_break_is_one_line_of_error(fake_arxiv, root, corpus):
    # two ids pasted as one argument, with their newline: the error's one line was two
    result = run("add", "2210.17323\n2306.00978")
    assert result.exit_code == 1
    assert result.stderr == "Error: not an arXiv id: 2210.17323\\n2306.00978\n"
    # nor does a query that finds nothing (a reviewer's: its line was two)
    assert run("add", "--no-pdf", "1412.6115").exit_code == 0
    for args in (["list", "--facet", "foo\nbar"], ["search", "zzqq\nyy"]):
        nothing = run(*args)
        assert nothing.exit_code == 1 and len(nothing.stderr.splitlines()) == 1, args
        assert "\\n" in nothing.stderr


def test_unknown_id(fake_arxiv, root):
    result = run("add", "2301.99999")
    assert_one_line_error(result, "not found on arXiv: 2301.99999")
    assert no_library(root)


def test_unknown_id_among_known_ones_adds_the_others(fake_arxiv, root, corpus):
    result = run("add", "--no-pdf", "2306.00978", "2301.99999")
    assert result.exit_code == 1
    assert "not found on arXiv: 2301.99999" in result.output
    assert [r["id"] for r in rows(root, "SELECT id FROM papers")] == ["2306.00978"]


def test_network_unreachable(root):
    result = run("add", "2210.17323")
    assert_one_line_error(result, "arXiv")
    assert no_library(root)


@pytest.mark.parametrize(("answer", "silence", "failure"), HUNG_ANSWERS, ids=HUNG_ANSWER_IDS)
def test_an_arxiv_that_never_answers_is_a_one_line_error_after_one_retry(
    root, monkeypatch, answer, silence, failure
):
    # a server that accepts and hangs: it cost five timeouts and four backoffs (184 s at the
    # defaults); now two timeouts, the first silence said while it lasts
    monkeypatch.setenv("PAPERS_ARXIV_TIMEOUT", "0.5")
    monkeypatch.setenv("PAPERS_ARXIV_RETRIES", "4")
    with HungServer(answer) as server:
        monkeypatch.setenv("PAPERS_ARXIV_API", server.api_url)
        result = run("add", "2210.17323")
        assert server.connections == 2
        host = server.url.removeprefix("http://")
    assert_one_line_error(result, f"arXiv unreachable: {failure} within 0.5 s after 2 attempts")
    assert result.stderr.startswith(
        f"{silence.format(host=host)} in 0.25 s; waiting up to 0.5 s (PAPERS_ARXIV_TIMEOUT)\n"
    )
    assert no_library(root)


@pytest.mark.parametrize("status", [429, 503])
def test_rate_limit_or_outage_outlasting_retries(fake_arxiv, root, status):
    fake_arxiv.fail(status, times=50, path_prefix="/api")
    result = run("add", "2210.17323")
    assert_one_line_error(result, str(status))
    assert no_library(root)


def test_rate_limit_then_success(fake_arxiv, root, corpus):
    fake_arxiv.fail(429, times=1, path_prefix="/api")
    result = run("add", "--no-pdf", "2210.17323")
    assert result.exit_code == 0, result.output
    assert len(fake_arxiv.id_list_requests) == 2


def test_truncated_pdf_download(fake_arxiv, root, corpus):
    fake_arxiv.truncate_pdf(0.5)
    result = run("add", "2210.17323")
    assert_one_line_error(result, "2210.17323")
    # (the paper named first, as other failures name it: not read out of the URL; and the
    # bytes received, not "saved": nothing is kept)
    assert "Error: 2210.17323: truncated download from http" in result.output
    assert "bytes saved" not in result.output
    assert not [n for n in library_files(root) if n.endswith((".pdf", ".part"))]
    assert no_library(root)


def test_a_pdf_download_that_trickles_is_a_one_line_error(fake_arxiv, root, corpus, monkeypatch):
    monkeypatch.setenv("PAPERS_ARXIV_TIMEOUT", "5")
    monkeypatch.setenv("PAPERS_ARXIV_SPEED_LIMIT", "1000")
    monkeypatch.setenv("PAPERS_ARXIV_SPEED_TIME", "0.3")
    fake_arxiv.trickle_pdf(every=0.05, seconds=3)
    result = run("add", "2210.17323")
    assert_one_line_error(result, "2210.17323: truncated download from http")
    assert "slower than 1000 bytes a second for 0.3 s (PAPERS_ARXIV_SPEED_LIMIT)" in result.output
    assert not [n for n in library_files(root) if n.endswith((".pdf", ".part"))]
    assert no_library(root)


def test_html_instead_of_pdf(fake_arxiv, root, corpus):
    fake_arxiv.html_instead_of_pdf()
    result = run("add", "2210.17323")
    assert_one_line_error(result, "PDF")
    assert not [n for n in library_files(root) if not n.startswith("papers.db")]
    assert no_library(root)


def test_another_papers_pdf_sent_for_a_paper_is_refused(fake_arxiv, root, corpus):
    """A mirror or proxy that sends AWQ's PDF for GPTQ: its stamp names another paper. The
    add fails for GPTQ alone and keeps nothing of AWQ's under GPTQ's name; the next paper of
    the batch is added."""
    fake_arxiv.other_pdf("2306.00978v1", times=1)
    result = run("add", "2210.17323", "2208.07339")
    assert result.exit_code == 1
    assert "stamped 2306.00978v1, not 2210.17323v2: refused" in result.stderr
    assert "Traceback" not in result.output
    assert [r["id"] for r in rows(root, "SELECT id FROM papers")] == ["2208.07339"]
    assert not [n for n in library_files(root) if n.startswith(("2210.17323", ".2210"))]
    assert run("add", "2210.17323").exit_code == 0  # (the right PDF, sent next time)


def test_a_pdf_without_a_stamp_that_cites_another_papers_id_is_accepted(fake_arxiv, root):
    """A PDF-only submission has no stamp in its margin; an id its first page cites (with a
    version, "arXiv:2306.00978v1") is no stamp of another paper."""
    import pymupdf

    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "Our method improves on AWQ (arXiv:2306.00978v1).")
    fake_arxiv.add("2301.00001", 1, "A PDF-only submission", ["A. Author"], pdf=doc.tobytes())
    result = run("add", "2301.00001")
    assert result.exit_code == 0, result.output
    assert [r["id"] for r in rows(root, "SELECT id FROM papers")] == ["2301.00001"]


def test_a_pdf_link_that_redirects_for_ever_fails_that_paper_alone(fake_arxiv, root, corpus):
    fake_arxiv.redirect_loop(path_prefix="/pdf/2208.07339")
    result = run("add", "2208.07339", "2309.06180")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "cannot download the PDF from" in result.stderr and "redirects" in result.stderr
    assert {r["id"] for r in rows(root, "SELECT id FROM papers")} == {"2309.06180"}
    assert not [n for n in library_files(root) if n.startswith(("2208", ".2208"))]


def test_a_folder_or_a_pipe_named_pdf_is_said_to_be_one(root, tmp_path):
    folder = tmp_path / "papers.pdf"
    folder.mkdir()
    pipe = tmp_path / "stream.pdf"
    os.mkfifo(pipe)
    assert_one_line_error(run("add", str(folder)), "is a folder, not a PDF")
    assert_one_line_error(run("add", str(pipe)), "not a regular file")


def test_encrypted_local_pdf(root, tmp_path):
    import pymupdf

    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "arXiv:2210.17323v2 [cs.LG] secret")
    path = tmp_path / "locked.pdf"
    doc.save(path, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="u", owner_pw="o")
    result = run("add", str(path))
    assert_one_line_error(result, "encrypted")
    assert no_library(root)


def test_local_file_that_is_not_a_pdf(root, tmp_path):
    path = tmp_path / "notes.pdf"
    path.write_text("<html>not a pdf</html>")
    result = run("add", str(path))
    assert_one_line_error(result, "not a PDF")
    assert no_library(root)


def test_missing_local_pdf(root):
    result = run("add", "/nonexistent/paper.pdf")
    assert_one_line_error(result, "no such file")


def test_a_downloaded_pdf_is_opened_once(fake_arxiv, root, corpus, monkeypatch):
    """The check before the download is renamed into place is the reading itself."""
    from papers import pdf

    opened = []
    real = pdf.open_pdf

    def counting(path):
        opened.append(path)
        return real(path)

    monkeypatch.setattr(pdf, "open_pdf", counting)
    assert run("add", "2210.17323").exit_code == 0
    assert len(opened) == 1
    assert opened[0].name.endswith(".part")  # read before the rename, so nothing bad lands
    assert rows(root, "SELECT pages FROM papers")[0]["pages"] == 16


def test_stamped_pdf_is_added_from_itself_when_arxiv_is_unreachable(root, corpus):
    """Offline first: the id and version come from the stamp, the title from the PDF, and the
    text, references and facets are there at once; the warning says how to get arXiv's
    metadata later."""
    pdf = corpus / "pdf" / "2306.00978.pdf"
    result = run("add", str(pdf))
    assert result.exit_code == 0, result.output
    assert "from the PDF" in result.output
    assert "papers add 2306.00978" in result.output
    paper = rows(root, "SELECT * FROM papers")[0]
    assert (paper["id"], paper["version"], paper["source"]) == ("2306.00978", 1, "pdf")
    # the authors printed under the title (the PDF's metadata names none)
    assert json.loads(paper["authors"]) == list(CORPUS_PAPERS["2306.00978"][0])
    assert "2306.00978: title and authors taken from the PDF" in result.output
    # the title printed on page 1, over both its lines (the PDF's metadata has none)
    assert paper["title"] == (
        "AWQ: Activation-aware Weight Quantization for LLM Compression and Acceleration"
    )
    assert paper["pdf"] == "papers/2306.00978v1.pdf"
    assert (root / paper["pdf"]).read_bytes() == pdf.read_bytes()
    assert rows(root, "SELECT count(*) AS n FROM refs")[0]["n"] > 10
    assert rows(root, "SELECT count(*) AS n FROM facets WHERE paper_id = '2306.00978'")[0]["n"]
    assert "metadata:   from the PDF" in run("show", "2306.00978").output
    # the year its id encodes, until arXiv gives the date of its first version
    assert json.loads(run("list", "--json").stdout)[0]["year"] == 2023


def test_a_stamped_pdf_of_a_version_arxiv_does_not_list_yet_is_added_from_itself(
    fake_arxiv, root, corpus
):
    # arXiv's API lags behind a new version (or answers an empty feed): the PDF in hand, which
    # arXiv stamped, was refused ("not found on arXiv") where an unreachable arXiv adds it
    del fake_arxiv.papers["2306.00978"]
    result = run("add", str(corpus / "pdf" / "2306.00978.pdf"))
    assert result.exit_code == 0, result.output
    assert "2306.00978v1: added AWQ" in result.output and "(from the PDF)" in result.output
    assert (
        "2306.00978: title and authors taken from the PDF (not found on arXiv: 2306.00978v1); "
        "'papers add "
        "2306.00978' fetches arXiv's metadata later" in result.stderr
    )
    paper = rows(root, "SELECT source, pdf FROM papers")[0]
    assert paper == {"source": "pdf", "pdf": "papers/2306.00978v1.pdf"}
    # (an id typed, with no PDF in hand, is still not found)
    assert run("add", "2306.00979").exit_code == 1


def test_extract_reads_the_title_of_a_paper_added_offline_again(root, corpus):
    """A title derived from the PDF by an older rule (the first line only) is derived again by
    `papers extract`, and searched as such; a paper with arXiv's metadata keeps arXiv's."""
    assert run("add", str(corpus / "pdf" / "2306.00978.pdf")).exit_code == 0
    with sqlite3.connect(config.db_path(root)) as conn:
        conn.execute("UPDATE papers SET title = 'AWQ: Activation-aware Weight Quantization'")
        conn.execute("UPDATE documents SET body = 'AWQ' WHERE source = 'title'")
    assert json.loads(run("search", "acceleration", "--in", "title", "--json").stdout) == []
    result = run("extract", "2306.00978")
    assert result.exit_code == 0, result.output
    paper = rows(root, "SELECT title FROM papers")[0]
    assert paper["title"].endswith("for LLM Compression and Acceleration")
    found = json.loads(run("search", "acceleration", "--in", "title", "--json").stdout)
    assert [hit["id"] for hit in found] == ["2306.00978"]


def test_a_paper_added_offline_has_the_authors_its_first_page_prints(root, corpus, monkeypatch):
    """QLoRA's PDF names no authors in its metadata, as most arXiv PDFs: `show`, `list`,
    `bibtex` and a new review note had none ("@misc{anon2023qlora,", "authors: []")."""
    assert run("add", str(corpus / "pdf" / "2305.14314.pdf")).exit_code == 0
    names = ["Tim Dettmers", "Artidoro Pagnoni", "Ari Holtzman", "Luke Zettlemoyer"]
    assert f"authors:    {', '.join(names)}" in run("show", "QLoRA").stdout
    assert json.loads(run("list", "--json").stdout)[0]["authors"] == names
    bibtex = run("bibtex", "QLoRA").stdout
    assert "@misc{dettmers2023qlora," in bibtex and f"author = {{{' and '.join(names)}}}" in bibtex
    monkeypatch.setenv("EDITOR", "true")
    note = Path(run("review", "open", "QLoRA").stdout.strip())
    assert 'authors: ["Tim Dettmers", "Artidoro Pagnoni"' in note.read_text()


def test_extract_reads_the_authors_of_a_paper_added_offline_again(root, corpus):
    # added before the first page's authors were read: `papers extract` reads them, as its
    # help says
    assert run("add", str(corpus / "pdf" / "2305.14314.pdf")).exit_code == 0
    with sqlite3.connect(config.db_path(root)) as conn:
        conn.execute("UPDATE papers SET authors = '[]'")
    result = run("extract", "QLoRA")
    assert result.exit_code == 0, result.output
    authors = json.loads(rows(root, "SELECT authors FROM papers")[0]["authors"])
    assert authors == list(CORPUS_PAPERS["2305.14314"][0])


def test_extract_all_goes_on_past_a_missing_pdf_and_says_which(root, corpus):
    for name in ("2306.00978", "2208.07339"):
        assert run("add", str(corpus / "pdf" / f"{name}.pdf")).exit_code == 0
    missing = rows(root, "SELECT pdf FROM papers WHERE id = '2306.00978'")[0]["pdf"]
    (root / missing).unlink()
    with sqlite3.connect(config.db_path(root)) as conn:
        conn.execute("DELETE FROM facets WHERE paper_id = '2208.07339'")
    result = run("extract", "--all")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        f"Error: 2306.00978: PDF missing: {missing} ('papers add 2306.00978' gets it)"
    )
    assert any(line.startswith("2208.07339: ") for line in result.stderr.splitlines())
    # the paper after the missing one was extracted again
    assert rows(root, "SELECT count(*) AS n FROM facets WHERE paper_id = '2208.07339'")[0]["n"]


def test_arxiv_metadata_replaces_the_pdfs_once_arxiv_answers(fake_arxiv, root, corpus, monkeypatch):
    pdf = corpus / "pdf" / "2306.00978.pdf"
    monkeypatch.setenv("PAPERS_ARXIV_API", "http://127.0.0.1:9/api/query")  # nothing listens
    assert run("add", str(pdf)).exit_code == 0
    printed = json.loads(rows(root, "SELECT authors FROM papers")[0]["authors"])
    assert printed[:2] == ["Ji Lin", "Jiaming Tang"]
    # (arXiv spelling a name otherwise than the page, to tell whose list the library keeps)
    for version in fake_arxiv.papers["2306.00978"]:
        version.authors = ["Ji Lin (MIT)", "Jiaming Tang"]
    monkeypatch.setenv("PAPERS_ARXIV_API", fake_arxiv.api_url)
    result = run("add", "2306.00978")
    assert result.exit_code == 0, result.output
    assert "arXiv metadata added" in result.output
    paper = rows(root, "SELECT * FROM papers")[0]
    assert paper["source"] == "arxiv"
    assert json.loads(paper["authors"]) == ["Ji Lin (MIT)", "Jiaming Tang"]
    assert fake_arxiv.count("/pdf") == 0  # the PDF from the first add is kept
    # arXiv's metadata is no longer derived from the PDF: extract leaves it alone
    assert run("extract", "2306.00978").exit_code == 0
    assert rows(root, "SELECT title, authors FROM papers")[0] == {
        "title": paper["title"],
        "authors": paper["authors"],
    }


def test_offline_an_id_the_library_holds_whole_is_unchanged_not_an_error(
    fake_arxiv, root, corpus, monkeypatch
):
    # `papers add 2210.17323` on a train, the paper and its PDF in the library: "arXiv
    # unreachable", exit 1, where the add with arXiv answering says "already in the library"
    assert run("add", "2210.17323", "2306.00978").exit_code == 0  # (v2; v1)
    assert run("add", "--no-pdf", "2208.07339").exit_code == 0
    monkeypatch.setenv("PAPERS_ARXIV_API", "http://127.0.0.1:9/api/query")  # nothing listens
    result = run("add", "2210.17323", "2306.00978v1", "--json")
    assert result.exit_code == 0, result.output
    assert [(r["status"], r["message"]) for r in json.loads(result.stdout)] == [
        (
            "unchanged",
            "2210.17323v2: already in the library (arXiv not reached: a newer version not "
            "looked for)",
        ),
        ("unchanged", "2306.00978v1: already in the library"),
    ]
    # what an add would still fetch needs arXiv: an older version's PDF not kept yet, a PDF
    # the library lacks, a paper it lacks
    for args in (["2210.17323v1"], ["2208.07339"], ["2401.00001"]):
        failed = run("add", *args)
        assert failed.exit_code == 1 and "arXiv unreachable" in failed.stderr, args
    assert run("add", "--no-pdf", "2208.07339").exit_code == 0  # (no PDF asked for: held whole)
    # an older version answers as online: its PDF kept beside, or none asked for
    no_pdf = run("add", "--no-pdf", "2210.17323v1")
    assert no_pdf.exit_code == 0
    assert "2210.17323v1: already in the library as v2 (newer than v1)" in no_pdf.stderr
    monkeypatch.setenv("PAPERS_ARXIV_API", fake_arxiv.api_url)
    assert run("add", "2210.17323v1").exit_code == 0  # (kept beside v2)
    monkeypatch.setenv("PAPERS_ARXIV_API", "http://127.0.0.1:9/api/query")
    kept = run("add", "2210.17323v1")
    assert kept.exit_code == 0, kept.output
    assert "2210.17323v1: PDF already kept (the library reads v2)" in kept.stderr


def test_a_typed_id_still_fails_when_arxiv_is_unreachable_beside_a_stamped_pdf(root, corpus):
    result = run("add", "--no-pdf", str(corpus / "pdf" / "2306.00978.pdf"), "2210.17323")
    assert result.exit_code == 1
    assert "note: --no-pdf is for arXiv ids; a local PDF given is stored" in result.output
    assert "Error: 2210.17323: arXiv unreachable" in result.output  # (which input, named)
    assert [r["id"] for r in rows(root, "SELECT id FROM papers")] == ["2306.00978"]


def test_offline_a_stamped_pdf_of_the_stored_version_is_attached(
    fake_arxiv, root, corpus, monkeypatch
):
    """The stamp names the very version the library describes without a PDF: attached offline,
    arXiv's metadata kept; another version still needs arXiv to say which is which."""
    assert run("add", "--no-pdf", "2306.00978", "2210.17323").exit_code == 0  # (v1; v2)
    monkeypatch.setenv("PAPERS_ARXIV_API", "http://127.0.0.1:9/api/query")  # nothing listens
    result = run("add", str(corpus / "pdf" / "2306.00978.pdf"))
    assert result.exit_code == 0, result.output
    assert "2306.00978v1: PDF added" in result.stderr
    paper = rows(root, "SELECT * FROM papers WHERE id = '2306.00978'")[0]
    assert (paper["pdf"], paper["source"]) == ("papers/2306.00978v1.pdf", "arxiv")
    assert "Ji Lin" in paper["authors"] and paper["pdf_url"]
    assert rows(root, "SELECT count(*) AS n FROM facets")[0]["n"] > 0
    older = run("add", str(corpus / "versions" / "2210.17323v1.pdf"))  # v1 beside v2
    assert_one_line_error(older, "arXiv unreachable")
    assert rows(root, "SELECT pdf FROM papers WHERE id = '2210.17323'")[0]["pdf"] is None


def test_an_older_versions_pdf_says_the_library_holds_a_newer_one(
    fake_arxiv, root, corpus, monkeypatch
):
    # v1's PDF beside v2 with its PDF: offline it said "already in the library", as if v1
    # were held; online it said that 'papers add' gets v2's PDF, which was there
    assert run("add", "2210.17323").exit_code == 0
    v1 = str(corpus / "versions" / "2210.17323v1.pdf")
    online = run("add", v1)
    assert online.exit_code == 0, online.output
    assert "2210.17323v1: already in the library as v2 (newer than v1)\n" in online.stderr
    monkeypatch.setenv("PAPERS_ARXIV_API", "http://127.0.0.1:9/api/query")  # nothing listens
    offline = run("add", v1)
    assert offline.exit_code == 0, offline.output
    assert "2210.17323v1: already in the library as v2 (newer than v1)\n" in offline.stderr
    assert rows(root, "SELECT version, pdf FROM papers")[0] == {
        "version": 2,
        "pdf": "papers/2210.17323v2.pdf",
    }


def test_an_older_version_asked_for_keeps_the_newer_pdf_added_offline(
    fake_arxiv, root, corpus, monkeypatch
):
    monkeypatch.setenv("PAPERS_ARXIV_API", "http://127.0.0.1:9/api/query")
    assert run("add", str(corpus / "pdf" / "2210.17323.pdf")).exit_code == 0
    assert rows(root, "SELECT version FROM papers")[0]["version"] == 2
    monkeypatch.setenv("PAPERS_ARXIV_API", fake_arxiv.api_url)
    result = run("add", "2210.17323v1")
    assert result.exit_code == 0, result.output
    paper = rows(root, "SELECT * FROM papers")[0]
    assert (paper["version"], paper["pdf"], paper["source"]) == (
        2,
        "papers/2210.17323v2.pdf",
        "arxiv",
    )
    assert fake_arxiv.count("/pdf") == 0


def test_open_with_a_version_opens_that_versions_pdf(
    fake_arxiv, root, corpus, tmp_path, monkeypatch
):
    # v1 kept beside v2: "open 2210.17323v1" shows v1, not v2 as if it were v1; a version the
    # library does not hold is an error that says which it holds
    assert run("add", "2210.17323v1").exit_code == 0 and run("add", "2210.17323").exit_code == 0
    opened = tmp_path / "opened.txt"
    viewer = tmp_path / "viewer.py"
    viewer.write_text(f"import sys\nopen({str(opened)!r}, 'w').write(sys.argv[1])\n")
    monkeypatch.setenv("PAPERS_PDF_VIEWER", f"{sys.executable} {viewer}")
    assert run("open", "2210.17323v1").exit_code == 0
    assert opened.read_text() == str(root / "papers" / "2210.17323v1.pdf")
    assert run("open", "2210.17323").exit_code == 0
    assert opened.read_text() == str(root / "papers" / "2210.17323v2.pdf")
    missing = run("open", "2210.17323v3")
    assert missing.exit_code == 1
    assert "2210.17323v3's PDF is not in the library (it holds v1, v2)" in missing.output


def test_a_version_arxiv_lacks_says_which_it_has(fake_arxiv, root, corpus):
    # the paper is on arXiv, the version is not: the error says so, and nothing is added
    result = run("add", "2210.17323v9")
    assert result.exit_code == 1
    assert "not found on arXiv: 2210.17323v9 (arXiv has it up to v2)" in result.output
    assert no_library(root)
    unknown = run("add", "2301.99999v2")  # (no such paper at all: the message as before)
    assert "not found on arXiv: 2301.99999v2\n" in unknown.output


def test_a_paper_removed_while_extract_all_runs_is_skipped(fake_arxiv, root, corpus):
    # `papers rm` in another terminal while `extract --all` goes through the library: the
    # removed paper is skipped (it stopped the run with a foreign-key error), the rest done
    from papers.db import open_db
    from papers.library import extract_again, get_paper, remove_paper

    assert run("add", "2210.17323", "2306.00978").exit_code == 0
    db = open_db(root)
    seen = []

    def progress(paper_id):
        seen.append(paper_id)
        if paper_id == "2210.17323":  # (read next, and removed just before it is)
            remove_paper(db, root, get_paper(db, paper_id))

    assert extract_again(db, root, None, progress=progress) == []
    assert seen == ["2210.17323", "2306.00978"]
    assert [r["id"] for r in db.query("SELECT id FROM papers")] == ["2306.00978"]


def another_command_first(monkeypatch, *args: str) -> None:
    """`papers ARGS` run in another terminal, committing just before this process's next write
    transaction takes the lock (once): what this process read before is out of date then."""
    import contextlib

    from papers import library

    locked = library.write_transaction
    others = [args]

    @contextlib.contextmanager
    def after_the_other_command(*lock_args, **kwargs):
        while others:
            assert run(*others.pop()).exit_code == 0
        with locked(*lock_args, **kwargs) as value:
            yield value

    monkeypatch.setattr(library, "write_transaction", after_the_other_command)


def test_rm_removes_a_version_another_command_added_while_it_waited(
    fake_arxiv, root, corpus, monkeypatch
):
    # `papers add 2210.17323` (v1 -> v2) commits while `rm` waits for the lock: rm read the
    # files before, deleted every row, and left v2's PDF on disk with no row naming it
    from papers import library
    from papers.db import open_db

    assert run("add", "2210.17323v1").exit_code == 0
    db = open_db(root)
    paper = library.get_paper(db, "2210.17323")
    another_command_first(monkeypatch, "add", "2210.17323")  # (v2 beside v1)
    removed = library.remove_paper(db, root, paper)
    assert sorted(removed) == ["papers/2210.17323v1.pdf", "papers/2210.17323v2.pdf"]
    assert not list((root / "papers").glob("*.pdf"))


def test_extract_of_a_paper_removed_while_it_read_says_so(fake_arxiv, root, corpus, monkeypatch):
    # `papers extract ID` beside `papers rm ID`: exit 0 and not a word, where either order
    # of the two says what became of the paper
    from papers import library
    from papers.db import open_db

    assert run("add", "2306.00978").exit_code == 0
    real = library._extract_paper

    def removed_meanwhile(db, root_, paper, facets):
        library.remove_paper(open_db(root_), root_, paper)  # (another command's rm)
        return real(db, root_, paper, facets)

    monkeypatch.setattr(library, "_extract_paper", removed_meanwhile)
    result = run("extract", "2306.00978")
    assert result.exit_code == 0
    assert "2306.00978: left as it is: another command removed it meanwhile" in result.stderr


def test_extract_all_keeps_a_version_another_command_stored_while_it_read(
    fake_arxiv, root, corpus, monkeypatch
):
    # `papers add 2210.17323` (v1 -> v2) commits while `extract --all` reads v1's PDF: extract
    # stored v1's text, pages and facets over v2's (and --stale saw nothing to do)
    from papers import library
    from papers.db import open_db

    assert run("add", "2210.17323v1").exit_code == 0
    db = open_db(root)
    assert rows(root, "SELECT version, pages FROM papers") == [{"version": 1, "pages": 15}]
    another_command_first(monkeypatch, "add", "2210.17323")
    left: list[tuple[str, str]] = []
    assert library.extract_again(db, root, None, skipped=lambda *x: left.append(x)) == []
    assert left == [
        ("2210.17323", "another command removed it or stored another version meanwhile")
    ]
    assert rows(root, "SELECT version, pages, pdf FROM papers") == [
        {"version": 2, "pages": 16, "pdf": "papers/2210.17323v2.pdf"}
    ]
    text = rows(root, "SELECT length(body) AS n FROM documents WHERE source = 'text'")
    from papers.pdf import read_pdf

    assert text == [{"n": len(read_pdf(root / "papers" / "2210.17323v2.pdf").text)}]  # (v2's)
    assert text != [{"n": len(read_pdf(root / "papers" / "2210.17323v1.pdf").text)}]


def test_a_paper_removed_while_its_references_are_looked_up(fake_arxiv, root, corpus):
    from papers.db import open_db
    from papers.errors import PaperNotInLibrary
    from papers.library import get_paper, remove_paper
    from papers.resolve import resolve_paper

    assert run("add", "2210.17323").exit_code == 0
    db = open_db(root)

    def progress(done, total):
        if done == 1 and get_paper(db, "2210.17323") is not None:
            remove_paper(db, root, get_paper(db, "2210.17323"))

    with pytest.raises(PaperNotInLibrary):
        resolve_paper(db, "2210.17323", progress=progress)
    assert rows(root, "SELECT * FROM ref_links") == []


def test_a_library_vocabulary_that_cannot_be_used_stops_add_before_any_download(fake_arxiv, root):
    (root / "quant_vocab.toml").write_text("[[baseline]]\nvalue = \"Foo\"\npatterns = ['Foo(']\n")
    result = run("add", "2210.17323", "2306.00978")
    assert (
        result.exit_code == 1 and "quant_vocab.toml: not a usable vocabulary entry" in result.output
    )
    assert fake_arxiv.count("/pdf") == 0
    assert not list((root / "papers").glob("*.pdf"))


def test_a_pdf_emptied_or_replaced_in_papers_is_downloaded_again(fake_arxiv, root, corpus):
    assert run("add", "2210.17323", "2306.00978").exit_code == 0
    pdf = root / "papers" / "2210.17323v2.pdf"
    good = pdf.read_bytes()
    pdf.write_bytes(b"")  # (emptied; or another paper's PDF copied over it, below)
    again = run("add", "2210.17323")
    assert "2210.17323v2: PDF restored (the file there was not its PDF)" in again.output
    assert pdf.read_bytes() == good
    pdf.write_bytes((root / "papers" / "2306.00978v1.pdf").read_bytes())
    assert "PDF restored" in run("add", "2210.17323").output and pdf.read_bytes() == good


def test_a_stray_file_at_a_new_papers_pdf_name_is_replaced_not_trusted(fake_arxiv, root, corpus):
    # an interrupted add left garbage where the PDF goes: the paper is downloaded anyway
    (root / "papers").mkdir(parents=True, exist_ok=True)
    (root / "papers" / "2210.17323v2.pdf").write_bytes(b"<html>not a pdf</html>")
    result = run("add", "2210.17323")
    assert result.exit_code == 0, result.output
    assert (root / "papers" / "2210.17323v2.pdf").read_bytes().startswith(b"%PDF")


def test_a_paper_that_fails_to_be_stored_leaves_no_pdf_behind(
    fake_arxiv, root, corpus, monkeypatch
):
    # nothing half-written: a failure (or Ctrl-C) after the download, before the database
    # write, takes the new PDF back
    from papers import library
    from papers.errors import PapersError

    def failing_store(*args, **kwargs):
        raise PapersError("the write failed")

    monkeypatch.setattr(library, "_store", failing_store)
    result = run("add", "2210.17323")
    assert result.exit_code == 1 and "the write failed" in result.output
    assert fake_arxiv.count("/pdf") == 1
    assert not list((root / "papers").glob("*.pdf"))


def test_extract_refuses_a_pdf_replaced_since_it_was_added(fake_arxiv, root, corpus):
    # another paper's PDF copied over it: its text is not stored under this id
    assert run("add", "2210.17323", "2306.00978").exit_code == 0
    pdf = root / "papers" / "2210.17323v2.pdf"
    pdf.write_bytes((root / "papers" / "2306.00978v1.pdf").read_bytes())
    result = run("extract", "2210.17323")
    assert result.exit_code == 1
    assert (
        "is not the PDF that was added, nor a copy of it (it changed since); 'papers add "
        in result.output
    )
    titles = rows(root, "SELECT count(*) AS n FROM refs WHERE paper_id = '2210.17323'")
    assert titles[0]["n"] == 35  # (GPTQ's references, kept)


def test_a_pdf_annotated_in_a_viewer_is_kept_and_read_as_it_is(fake_arxiv, root, corpus):
    # `papers open` gives the viewer the library's file: highlights saved there change its
    # digest, and the annotated copy must survive add and extract
    import hashlib

    import pymupdf

    assert run("add", "2210.17323").exit_code == 0
    pdf = root / "papers" / "2210.17323v2.pdf"
    doc = pymupdf.open(pdf)
    doc[0].add_highlight_annot(pymupdf.Rect(72, 72, 200, 90))
    doc.saveIncr()
    doc.close()
    annotated = pdf.read_bytes()
    again = run("add", "2210.17323")
    assert "already in the library" in again.output and pdf.read_bytes() == annotated
    assert run("extract", "2210.17323").exit_code == 0
    assert pdf.read_bytes() == annotated
    stored = rows(root, "SELECT sha256 FROM papers")[0]["sha256"]
    assert stored == hashlib.sha256(annotated).hexdigest()  # (the copy it is now, recorded)


@pytest.mark.parametrize("command", ["add", "extract"])
def test_a_pdf_a_viewer_is_saving_in_place_is_read_once_saved(fake_arxiv, root, corpus, command):
    # a viewer writing its highlights into the file, 64 KB at a time, while `papers add` (or
    # extract) looked: add set the half-written file aside as "broken" and downloaded the PDF
    # again (the highlights went with the file set aside); extract said it was not the PDF
    import threading
    import time

    import pymupdf

    assert run("add", "2210.17323").exit_code == 0
    pdf = root / "papers" / "2210.17323v2.pdf"
    doc = pymupdf.open(pdf)
    doc[0].add_highlight_annot(pymupdf.Rect(72, 72, 200, 90))
    annotated = doc.tobytes(garbage=0)  # (the whole file rewritten, as some viewers save)
    doc.close()
    started = threading.Event()

    def save_slowly() -> None:
        with open(pdf, "r+b") as out:
            out.truncate(0)
            for i in range(0, len(annotated), 65536):
                out.write(annotated[i : i + 65536])
                out.flush()
                started.set()
                time.sleep(0.05)

    saving = threading.Thread(target=save_slowly)
    saving.start()
    started.wait()
    try:
        result = run(command, "2210.17323")
    finally:
        saving.join()
    assert result.exit_code == 0, result.output
    assert not list((root / "papers").glob("*.replaced-*"))
    assert pdf.read_bytes() == annotated


def test_a_version_asked_while_arxiv_fails_asks_no_second_time(fake_arxiv, root, monkeypatch):
    # arXiv did not answer: whether it lacks the version is unknown, and not asked again
    monkeypatch.setenv("PAPERS_ARXIV_RETRIES", "0")
    fake_arxiv.fail(503, times=None, path_prefix="/api")
    assert run("add", "2210.17323v9").exit_code == 1
    assert fake_arxiv.count("/api") == 1


def test_a_local_pdf_that_fails_to_be_stored_leaves_no_copy_behind(root, corpus, monkeypatch):
    from papers import library
    from papers.errors import PapersError

    def failing_store(*args, **kwargs):
        raise PapersError("the write failed")

    monkeypatch.setattr(library, "_store", failing_store)
    result = run("add", str(corpus / "nostamp" / "bit_split.pdf"))
    assert result.exit_code == 1 and "the write failed" in result.output
    assert not list((root / "papers").glob("*.pdf"))


def test_open_says_whose_pdf_it_opens_after_metadata_moved_on(
    fake_arxiv, root, corpus, monkeypatch
):
    # v1 with its PDF, then v2's metadata without one: `open` shows v1's PDF and says so;
    # `open 2210.17323v2` is an error, not v1's PDF as if it were v2's
    assert run("add", "2210.17323v1").exit_code == 0
    assert run("add", "--no-pdf", "2210.17323").exit_code == 0
    monkeypatch.setenv("PAPERS_PDF_VIEWER", "true")
    plain = run("open", "2210.17323")
    assert plain.exit_code == 0 and "v1's PDF (the library has no PDF of v2" in plain.output
    asked = run("open", "2210.17323v2")
    assert asked.exit_code == 1 and "2210.17323v2's PDF is not in the library" in asked.output


def _annotate(pdf):
    import pymupdf

    doc = pymupdf.open(pdf)
    doc[0].add_highlight_annot(pymupdf.Rect(72, 72, 200, 90))
    doc.saveIncr()
    doc.close()
    return pdf.read_bytes()


def test_adding_the_download_again_keeps_the_annotated_copy(fake_arxiv, root, corpus, monkeypatch):
    # added offline from the downloaded PDF, annotated, then the same download added online
    arxiv_api = os.environ["PAPERS_ARXIV_API"]
    monkeypatch.setenv("PAPERS_ARXIV_API", "http://127.0.0.1:9/api/query")
    download = corpus / "pdf" / "2306.00978.pdf"
    assert run("add", str(download)).exit_code == 0
    annotated = _annotate(root / "papers" / "2306.00978v1.pdf")
    monkeypatch.setenv("PAPERS_ARXIV_API", arxiv_api)
    assert run("add", str(download)).exit_code == 0
    assert (root / "papers" / "2306.00978v1.pdf").read_bytes() == annotated


def test_an_annotated_copy_mupdf_must_repair_is_kept(fake_arxiv, root, corpus):
    assert run("add", "2306.00978").exit_code == 0
    pdf = root / "papers" / "2306.00978v1.pdf"
    data = _annotate(pdf)
    head, _, offset = data.rpartition(b"startxref\n")
    number, rest = offset.split(b"\n", 1)
    pdf.write_bytes(head + b"startxref\n" + str(int(number) + 7).encode() + b"\n" + rest)
    broken = pdf.read_bytes()
    result = run("add", "2306.00978")
    assert "already in the library" in result.output and pdf.read_bytes() == broken
    extracted = run("extract", "2306.00978")  # (and read, as a download is not)
    assert extracted.exit_code == 0, extracted.output


def test_another_papers_pdf_over_a_local_paper_is_refused_by_extract(root, corpus):
    assert run("add", str(corpus / "nostamp" / "bit_split.pdf")).exit_code == 0
    [local] = list((root / "papers").glob("local-*.pdf"))
    local.write_bytes((corpus / "nostamp" / "QSGD-NeurIPS2017.pdf").read_bytes())
    result = run("extract", "--all")
    assert result.exit_code == 1 and "is not the PDF that was added" in result.output
    assert "Bit-Split" in rows(root, "SELECT title FROM papers")[0]["title"]


def test_a_newer_version_added_without_its_pdf_gets_it_from_the_next_add(fake_arxiv, root, corpus):
    assert run("add", "2210.17323v1").exit_code == 0
    assert run("add", "--no-pdf", "2210.17323").exit_code == 0
    result = run("add", "2210.17323")
    assert result.exit_code == 0 and "already in the library" not in result.output
    assert rows(root, "SELECT pdf FROM papers")[0]["pdf"] == "papers/2210.17323v2.pdf"
    assert (root / "papers" / "2210.17323v2.pdf").exists()


def test_a_kept_newer_version_is_downloaded_as_itself(fake_arxiv, root, corpus, monkeypatch):
    # added offline from its v2 PDF, the file then lost, and v1 asked: the library keeps v2,
    # so v2's PDF is downloaded, not v1's under v2's name
    import hashlib

    arxiv_api = os.environ["PAPERS_ARXIV_API"]
    monkeypatch.setenv("PAPERS_ARXIV_API", "http://127.0.0.1:9/api/query")
    assert run("add", str(corpus / "pdf" / "2210.17323.pdf")).exit_code == 0
    (root / "papers" / "2210.17323v2.pdf").unlink()
    monkeypatch.setenv("PAPERS_ARXIV_API", arxiv_api)
    assert run("add", "2210.17323v1").exit_code == 0
    got = hashlib.sha256((root / "papers" / "2210.17323v2.pdf").read_bytes()).hexdigest()
    want = hashlib.sha256((corpus / "pdf" / "2210.17323.pdf").read_bytes()).hexdigest()
    assert got == want


def test_files_set_aside_in_one_second_keep_their_own_names(tmp_path):
    from papers.library import _set_aside

    pdf = tmp_path / "2306.00978v1.pdf"
    names = set()
    for content in (b"first", b"second", b"third"):
        pdf.write_bytes(content)
        names.add(_set_aside(pdf))
    assert len(names) == 3 and sorted(p.read_bytes() for p in names) == [
        b"first",
        b"second",
        b"third",
    ]


def test_a_file_that_cannot_be_read_is_never_downloaded_over(fake_arxiv, root, corpus, monkeypatch):
    from papers import library

    assert run("add", "2306.00978").exit_code == 0
    pdf = root / "papers" / "2306.00978v1.pdf"
    kept = _annotate(pdf)
    real = library.sha256_file

    def unreadable(path):
        if path == pdf:
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(library, "sha256_file", unreadable)
    with sqlite3.connect(root / "papers" / "papers.db") as conn:  # (as a --no-pdf paper)
        conn.execute("UPDATE papers SET pdf = NULL")
    result = run("add", "2306.00978")
    assert result.exit_code == 1 and "cannot read" in result.output
    assert pdf.read_bytes() == kept


@pytest.mark.parametrize(
    ("placed", "arxiv_id", "name"),
    [
        ("nostamp/QSGD-NeurIPS2017.pdf", "2306.00978", "2306.00978v1.pdf"),  # another paper
        ("versions/2210.17323v1.pdf", "2210.17323", "2210.17323v2.pdf"),  # another version
    ],
)
def test_a_pdf_already_where_a_new_one_goes_must_be_that_paper(
    fake_arxiv, root, corpus, placed, arxiv_id, name
):
    (root / "papers").mkdir(parents=True, exist_ok=True)
    (root / "papers" / name).write_bytes((corpus / placed).read_bytes())
    result = run("add", arxiv_id)
    assert result.exit_code == 0, result.output
    assert (
        "could not stand for this paper's PDF (broken, or another paper's or version's): "
        "kept as papers/" in result.output
    )
    assert (root / "papers" / name).read_bytes() == fake_arxiv.get(arxiv_id).pdf_bytes()
    [aside] = (root / "papers").glob(f"{name}.replaced-*")
    assert aside.read_bytes() == (corpus / placed).read_bytes()


def test_a_reviewers_annotations_are_not_the_papers_text(fake_arxiv, root, corpus):
    import pymupdf

    assert run("add", "2306.00978").exit_code == 0
    pdf = root / "papers" / "2306.00978v1.pdf"
    doc = pymupdf.open(pdf)
    doc[0].add_freetext_annot(pymupdf.Rect(72, 72, 400, 120), "zebrafish: compare with W3A16")
    doc.saveIncr()
    doc.close()
    assert run("extract", "2306.00978").exit_code == 0
    assert (
        "zebrafish" not in rows(root, "SELECT body FROM documents WHERE source = 'text'")[0]["body"]
    )


def test_a_local_papers_lost_copy_is_restored_by_adding_the_file_again(root, corpus):
    source = corpus / "nostamp" / "bit_split.pdf"
    assert run("add", str(source)).exit_code == 0
    [local] = list((root / "papers").glob("local-*.pdf"))
    local.unlink()
    result = run("add", str(source))
    assert result.exit_code == 0 and "PDF restored" in result.output
    assert local.read_bytes() == source.read_bytes()


def test_adding_a_local_pdf_says_what_it_set_aside(fake_arxiv, root, corpus):
    assert run("add", "2210.17323").exit_code == 0
    pdf = root / "papers" / "2210.17323v2.pdf"
    pdf.write_bytes((root / "papers" / "2210.17323v2.pdf").read_bytes()[:2000])  # (broken)
    result = run("add", str(corpus / "pdf" / "2210.17323.pdf"))
    assert result.exit_code == 0, result.output
    assert "kept as papers/2210.17323v2.pdf.replaced-" in result.output


def test_an_older_versions_pdf_is_kept_beside_the_newer_to_open(
    fake_arxiv, root, corpus, monkeypatch
):
    # v2 in the library; v1 asked for afterwards: its PDF is kept, and opened by its version
    assert run("add", "2210.17323").exit_code == 0
    assert run("add", "2210.17323v1").exit_code == 0
    monkeypatch.setenv("PAPERS_PDF_VIEWER", "echo")
    opened = run("open", "2210.17323v1")
    assert opened.exit_code == 0
    assert rows(root, "SELECT version, pdf FROM papers")[0]["pdf"] == "papers/2210.17323v2.pdf"


def test_an_older_versions_kept_pdf_replaced_by_another_file_is_refused_then_got_again(
    fake_arxiv, root, corpus, monkeypatch
):
    assert run("add", "2210.17323", "2306.00978").exit_code == 0
    assert run("add", "2210.17323v1").exit_code == 0
    kept = root / "papers" / "2210.17323v1.pdf"
    kept.write_bytes((root / "papers" / "2306.00978v1.pdf").read_bytes())  # (AWQ over it)
    monkeypatch.setenv("PAPERS_PDF_VIEWER", "true")
    opened = run("open", "2210.17323v1")
    assert opened.exit_code == 1
    assert "is no longer 2210.17323v1's PDF (it changed since it was kept)" in opened.output
    again = run("add", "2210.17323v1")  # (as the error says: set aside, and v1 got again)
    assert again.exit_code == 0 and "could not stand for this paper's PDF" in again.output
    assert run("open", "2210.17323v1").exit_code == 0
    _annotate(kept)  # (an annotated copy of v1 opens as ever)
    assert run("open", "2210.17323v1").exit_code == 0


def test_open_refuses_a_file_that_is_no_longer_the_papers(fake_arxiv, root, corpus, monkeypatch):
    assert run("add", "2210.17323", "2306.00978").exit_code == 0
    pdf = root / "papers" / "2210.17323v2.pdf"
    pdf.write_bytes((root / "papers" / "2306.00978v1.pdf").read_bytes())
    monkeypatch.setenv("PAPERS_PDF_VIEWER", "true")
    result = run("open", "2210.17323")
    assert result.exit_code == 1
    assert "is no longer 2210.17323's PDF (it changed since it was added)" in result.output
    _annotate(root / "papers" / "2306.00978v1.pdf")  # (an annotated copy opens as ever)
    assert run("open", "2306.00978").exit_code == 0
    # a PDF deleted: said with what gets it back, as for one that changed
    (root / "papers" / "2306.00978v1.pdf").unlink()
    gone = run("open", "2306.00978")
    assert gone.exit_code == 1 and gone.stderr == (
        "Error: PDF missing: papers/2306.00978v1.pdf ('papers add 2306.00978' gets it)\n"
    )


def test_a_first_add_that_adds_nothing_leaves_no_library(fake_arxiv, tmp_path, monkeypatch):
    """A mistyped id in a folder with no library: the folder stays as it was. A library left
    there would be the root of every command run below it (the upward search)."""
    folder = tmp_path / "work"
    (folder / "sub").mkdir(parents=True)
    monkeypatch.delenv("PAPERS_ROOT")
    monkeypatch.chdir(folder)
    result = run("add", "2301.99999")
    assert result.exit_code == 1
    assert sorted(p.name for p in folder.iterdir()) == ["sub"]
    monkeypatch.chdir(folder / "sub")
    assert config.find_root(None) == (folder / "sub").resolve()
    # a --root that did not exist: neither it nor its parents are left
    result = run("--root", str(tmp_path / "new" / "lib"), "add", "2301.99999", "2301.99998")
    assert result.exit_code == 1
    assert not (tmp_path / "new").exists()


def test_a_new_library_tells_git_to_leave_its_database_and_pdfs_out(fake_arxiv, corpus, tmp_path):
    # a library kept in git with its notes: nothing said that papers/ is not for git, and a
    # `git add -A` took the database and the PDFs
    import shutil
    import subprocess

    folder = tmp_path / "lib"
    assert run("--root", str(folder), "add", "--no-pdf", "2306.00978").exit_code == 0
    ignore = folder / "papers" / ".gitignore"
    assert ignore.read_text().splitlines()[-1] == "*"
    (folder / "reviews").mkdir()
    (folder / "reviews" / "awq.md").write_text("---\narxiv: '2306.00978'\n---\nx\n")
    if shutil.which("git"):  # (what git makes of it, where git is installed)
        subprocess.run(["git", "init", "-q", str(folder)], check=True)
        listed = subprocess.run(
            ["git", "-C", str(folder), "status", "--porcelain", "--untracked-files=all"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert listed.split() == ["??", "reviews/awq.md"]
    # an existing papers/ folder is the user's: nothing is written into it
    other = tmp_path / "other"
    (other / "papers").mkdir(parents=True)
    assert run("--root", str(other), "add", "--no-pdf", "2306.00978").exit_code == 0
    assert not (other / "papers" / ".gitignore").exists()


def test_the_add_that_starts_a_library_says_where(fake_arxiv, corpus, tmp_path):
    # a mistyped --root, or an add run in the wrong folder, made a second library silently:
    # the papers seemed lost from the first
    folder = tmp_path / "libary"
    first = run("--root", str(folder), "add", "--no-pdf", "2306.00978")
    assert first.exit_code == 0
    assert f"note: a new library at {folder} " in first.stderr
    again = run("--root", str(folder), "add", "--no-pdf", "2210.17323")
    assert again.exit_code == 0 and "new library" not in again.stderr
    # not in the quiet and machine forms
    quiet = run("--root", str(tmp_path / "q"), "add", "-s", "--no-pdf", "2306.00978")
    as_json = run("--root", str(tmp_path / "j"), "add", "--json", "--no-pdf", "2306.00978")
    assert quiet.exit_code == as_json.exit_code == 0
    assert "new library" not in quiet.stderr + as_json.stderr


@pytest.mark.parametrize("other", ["made the library", "added the paper"])
def test_of_first_adds_at_once_the_one_that_adds_says_where(
    fake_arxiv, corpus, root, monkeypatch, other
):
    """Three `papers add` of the same papers at once in an empty folder: the two that added
    nothing ("another command added it meanwhile") said "a new library", the one that added
    did not (another had made the database when it looked). Here another command has made
    the library before this one looks, or adds the paper once this one has looked."""
    from papers import db as db_module
    from papers.library import add_papers

    if other == "made the library":
        db_module.open_db(root).conn.close()
    else:
        real_open = db_module.open_db

        def another_adds_first(at, **kwargs):
            monkeypatch.setattr(db_module, "open_db", real_open)
            db = real_open(at)
            assert add_papers(db, at, ["2306.00978"], pdf=False)[0].status == "added"
            db.conn.close()
            return real_open(at, **kwargs)

        monkeypatch.setattr(db_module, "open_db", another_adds_first)
    result = run("add", "--no-pdf", "2306.00978")
    assert result.exit_code == 0
    if other == "made the library":
        assert "2306.00978v1: added " in result.stderr
        assert f"note: a new library at {root} " in result.stderr
    else:
        assert "already in the library" in result.stderr
        assert "new library" not in result.stderr


def test_an_add_into_a_library_rm_emptied_makes_no_new_library(fake_arxiv, root, corpus):
    """A library whose papers `rm` took holds nothing, as a new one does: the next add said
    "a new library" of it (a reviewer's finding). The library remembers it held a paper."""
    first = run("add", "--no-pdf", "2306.00978")
    assert f"note: a new library at {root} " in first.stderr
    assert run("rm", "--yes", "2306.00978").exit_code == 0
    again = run("add", "--no-pdf", "2306.00978")
    assert again.exit_code == 0 and "2306.00978v1: added " in again.stderr
    assert "new library" not in again.stderr


def test_a_failed_add_keeps_a_library_that_was_there(fake_arxiv, root, corpus):
    assert run("add", "--no-pdf", "2306.00978").exit_code == 0
    assert run("add", "2301.99999").exit_code == 1
    assert [r["id"] for r in rows(root, "SELECT id FROM papers")] == ["2306.00978"]


def test_a_new_library_another_command_has_open_is_not_discarded(root):
    """Two first adds at once: the one that added nothing leaves the database to the other,
    which has it open (a WAL database leaves WAL only for its last connection)."""
    from papers.db import discard_unused_library, open_db

    made = config.new_folders(config.papers_dir(root))
    db = open_db(root)
    other = sqlite3.connect(config.db_path(root))
    other.execute("SELECT count(*) FROM papers").fetchone()
    try:
        assert discard_unused_library(db, root, made) is False
    finally:
        other.close()
    assert config.db_path(root).exists()
    assert discard_unused_library(db, root, made) is True
    assert not config.papers_dir(root).exists()


def test_a_new_library_whose_database_cannot_be_deleted_is_kept_whole(root, monkeypatch):
    """Where the database file cannot be deleted (Windows, while a process holds it), the
    library stays as it is, its folder too, and the discard says it did not happen."""
    from pathlib import Path

    from papers.db import discard_unused_library, open_db

    made = config.new_folders(config.papers_dir(root))
    db = open_db(root)
    real = Path.unlink

    def refused(self, missing_ok=False):
        if self.name == "papers.db":
            raise PermissionError("in use")
        return real(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", refused)
    assert discard_unused_library(db, root, made) is False
    assert config.db_path(root).exists() and config.papers_dir(root).is_dir()


def _interrupted_while_opening(monkeypatch, where: str, meanwhile=None):
    """A Ctrl-C inside open_db of a first add: after its database file is made (`wal`), in
    the middle of its migrations (`migrating`, rolled back) or once they are done
    (`migrated`, as a tester's Ctrl-C 0.16 s after the start landed). `meanwhile` runs just
    before, as another command would. Calling the value returned ends it."""
    from papers import db as db_module
    from papers.migrations import migrations

    def interrupt():
        if meanwhile is not None:
            meanwhile()
        raise KeyboardInterrupt

    real_wal, real_apply, real_migrate = db_module._enable_wal, migrations.apply, db_module._migrate
    if where == "wal":
        monkeypatch.setattr(db_module, "_enable_wal", lambda conn: interrupt())
    elif where == "migrating":

        def apply_then_interrupt(db, *args, **kwargs):
            real_apply(db, *args, **kwargs)
            interrupt()

        monkeypatch.setattr(migrations, "apply", apply_then_interrupt)
    else:

        def migrate_then_interrupt(db, path):
            real_migrate(db, path)
            interrupt()

        monkeypatch.setattr(db_module, "_migrate", migrate_then_interrupt)

    def end() -> None:
        monkeypatch.setattr(db_module, "_enable_wal", real_wal)
        monkeypatch.setattr(migrations, "apply", real_apply)
        monkeypatch.setattr(db_module, "_migrate", real_migrate)

    return end


@pytest.mark.parametrize("where", ["wal", "migrating", "migrated"])
def test_a_first_add_interrupted_while_it_makes_the_library_leaves_the_folder_as_it_was(
    fake_arxiv, corpus, tmp_path, monkeypatch, where
):
    """Ctrl-C while the first add opened its new library: papers/.gitignore and an empty
    papers.db stayed, `papers list` said "No papers." there, and every command run below the
    folder took it for its library."""
    folder = tmp_path / "work"
    (folder / "sub").mkdir(parents=True)
    monkeypatch.delenv("PAPERS_ROOT")
    monkeypatch.chdir(folder)
    end = _interrupted_while_opening(monkeypatch, where)
    result = run("add", "2306.00978")
    assert result.exit_code == 130
    assert result.stderr.endswith("Interrupted; nothing half-written was kept.\n")
    assert sorted(p.name for p in folder.iterdir()) == ["sub"]
    end()
    again = run("add", "--no-pdf", "2306.00978")
    assert again.exit_code == 0 and "note: a new library at " in again.stderr


@pytest.mark.parametrize("other", ["wrote", "holds it open"])
def test_an_interrupted_first_add_keeps_a_library_another_command_uses(
    fake_arxiv, root, monkeypatch, other
):
    """Two first adds at once, one interrupted while it opens the library: the other's
    library stays, whether it has added its paper or has the database open to add it."""
    from papers.db import now_iso, save_paper
    from papers.models import Paper

    opened: list[sqlite3.Connection] = []

    def another_command():
        conn = sqlite3.connect(config.db_path(root))
        opened.append(conn)
        if other == "wrote":
            from sqlite_utils import Database

            save_paper(Database(conn), Paper(id="2210.17323", title="GPTQ", added=now_iso()))
            conn.commit()
        else:
            conn.execute("SELECT count(*) FROM papers").fetchone()

    _interrupted_while_opening(monkeypatch, "migrated", meanwhile=another_command)
    try:
        assert run("add", "2306.00978").exit_code == 130
        assert config.db_path(root).exists()
        assert (config.papers_dir(root) / ".gitignore").exists()
    finally:
        opened[0].close()
    expected = ["2210.17323"] if other == "wrote" else []
    assert [r["id"] for r in rows(root, "SELECT id FROM papers")] == expected


def test_add_json_keeps_the_whole_title_in_its_message(fake_arxiv, root, corpus):
    # "...added Understanding INT4 Quantization for Transformer Models: Lat…": a terminal's cut
    result = run("add", "--no-pdf", "--json", "2301.12017")
    [item] = json.loads(result.stdout)
    title = item["paper"]["title"]
    assert len(title) > 60 and "…" not in item["message"]
    assert item["message"] == f"2301.12017v1: added {title}"


def test_a_library_moved_while_a_command_runs_is_not_made_again_at_its_old_path(
    fake_arxiv, root, corpus
):
    # a crawl adds paper after paper: after `mv lib lib-moved`, it made lib/papers/ again for
    # the rest of the PDFs, while the moved database recorded them
    from papers.db import open_db
    from papers.errors import LibraryError
    from papers.library import add_papers

    assert run("add", "2210.17323").exit_code == 0
    db = open_db(root)
    moved = root.with_name(root.name + "-moved")
    root.rename(moved)
    with pytest.raises(LibraryError, match="the library is no longer at"):
        add_papers(db, root, ["2306.00978"])
    assert not root.exists()
    assert [r[0] for r in db.execute("SELECT id FROM papers")] == ["2210.17323"]


def test_an_older_version_kept_for_a_paper_removed_meanwhile_says_so(
    fake_arxiv, root, corpus, monkeypatch
):
    # `papers add 2210.17323v1` (to keep v1 beside v2) while `papers rm 2210.17323` commits:
    # "Error: the library database: FOREIGN KEY constraint failed"
    from papers import arxiv_source

    assert run("add", "2210.17323").exit_code == 0
    download = arxiv_source.download_pdf
    others = [["rm", "2210.17323", "--yes"]]

    def then_removed(*args, **kwargs):
        sha = download(*args, **kwargs)
        while others:
            assert run(*others.pop()).exit_code == 0
        return sha

    monkeypatch.setattr(arxiv_source, "download_pdf", then_removed)
    result = run("add", "2210.17323v1")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: 2210.17323v1: 2210.17323 was removed by another command while its PDF was "
        "downloaded; 'papers add 2210.17323v1' adds it again\n"
    )
    assert not list((root / "papers").glob("*.pdf"))  # (the download taken back)


def test_an_update_whose_old_pdf_another_command_removed_does_not_say_it_is_kept(
    fake_arxiv, root, corpus, monkeypatch
):
    # `papers rm` commits while `papers add 2210.17323` updates v1 to v2: the add stores v2
    # (the paper is back), and said "(old PDF kept)" of a PDF rm had just deleted
    assert run("add", "2210.17323v1").exit_code == 0
    another_command_first(monkeypatch, "rm", "2210.17323", "--yes")
    result = run("add", "2210.17323")
    assert result.exit_code == 0
    assert "2210.17323v2: updated from v1\n" in result.stderr
    assert sorted(p.name for p in (root / "papers").glob("*.pdf")) == ["2210.17323v2.pdf"]


def test_extract_says_which_papers_it_leaves_as_they_are(fake_arxiv, root, corpus):
    # a paper without a PDF was passed over without a word ("extract ID" printed nothing)
    ids = ["2210.17323", "2306.00978", "2208.07339", "2308.13137"]
    assert run("add", "--no-pdf", *ids).exit_code == 0
    one = run("extract", "2210.17323")
    assert one.exit_code == 0
    assert one.stderr == (
        "2210.17323: left as it is: it has no PDF ('papers add 2210.17323' gets it)\n"
    )
    every = run("extract", "--all")
    assert every.stderr.splitlines()[-1].startswith(
        "4 papers left as they are (no PDF, or changed meanwhile): "
    )
    assert run("extract", "--all", "-s").stderr == ""


def test_a_title_cut_for_a_message_ends_on_a_whole_word():
    # "added OmniQuant: ... for La…" read as a typo
    from papers.library import short

    title = "OmniQuant: Omnidirectionally Calibrated Quantization for Large Language Models"
    assert short(title) == "OmniQuant: Omnidirectionally Calibrated Quantization for…"
    assert short("Short title") == "Short title"
    one_word = "x" * 80  # (no word end to cut at: cut where the room ends)
    assert short(one_word) == "x" * 59 + "…"


def test_a_paper_stored_just_before_an_interruption_is_said_added(
    fake_arxiv, root, corpus, monkeypatch
):
    """Ctrl-C right after a paper was stored, before its "added" line: "Interrupted; nothing
    half-written was kept" alone read as if it had not been added (a tester saw it twice in
    some 70 interruptions); a script would add it again."""
    from papers import library

    real = library.add_papers

    def interrupted_at_the_report(db, root, inputs, pdf=True, report=None):
        def report_then_interrupt(result):
            raise KeyboardInterrupt

        return real(db, root, inputs, pdf=pdf, report=report_then_interrupt)

    monkeypatch.setattr(library, "add_papers", interrupted_at_the_report)
    result = CliRunner().invoke(cli, ["add", "2210.17323"])
    assert result.exit_code == 130
    assert "2210.17323: added GPTQ" in result.stderr
    assert "before the interruption" in result.stderr
    assert result.stderr.endswith("Interrupted; nothing half-written was kept.\n")
    monkeypatch.setattr(library, "add_papers", real)
    assert "already in the library" in run("add", "2210.17323").stderr

    # with --json, whose lines are printed at the end (none, when interrupted), every paper
    # stored is said; one another command adds meanwhile is not this one's to say
    def another_adds_too(db, root, inputs, pdf=True, report=None):
        from papers.db import now_iso, save_paper
        from papers.models import Paper

        save_paper(db, Paper(id="2101.00001", title="Someone else's", added=now_iso()))
        db.conn.commit()
        return interrupted_at_the_report(db, root, inputs, pdf=pdf, report=report)

    monkeypatch.setattr(library, "add_papers", another_adds_too)
    result = CliRunner().invoke(cli, ["add", "--json", "2306.00978"])
    assert result.exit_code == 130 and result.stdout == ""
    assert "2306.00978: added AWQ" in result.stderr and "2101.00001" not in result.stderr
