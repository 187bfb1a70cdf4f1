"""list, show, rm and open on a library built directly in the database (no network needed)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner

from papers.cli import cli
from papers.db import open_db, save_paper
from papers.library import store_references
from papers.models import Paper, Reference


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def make_library(root):
    db = open_db(root)
    pdf = root / "papers" / "2210.17323v2.pdf"
    pdf.write_bytes(b"%PDF-1.4 fake")
    papers = [
        Paper(
            id="2210.17323",
            version=2,
            title="GPTQ: Accurate Post-Training Quantization",
            authors=["Elias Frantar", "Saleh Ashkboos"],
            published="2022-10-31T00:00:00Z",
            pdf="papers/2210.17323v2.pdf",
            added="2026-01-01T00:00:00Z",
        ),
        Paper(
            id="2306.00978",
            version=1,
            title="AWQ: Activation-aware Weight Quantization",
            authors=["Ji Lin", "Song Han"],
            published="2023-06-01T00:00:00Z",
            added="2026-01-03T00:00:00Z",
        ),
        Paper(
            id="1412.6115",
            version=1,
            title="Compressing Deep Convolutional Networks",
            authors=["Yunchao Gong"],
            published="2014-12-18T00:00:00Z",
            added="2026-01-02T00:00:00Z",
        ),
    ]
    for paper in papers:
        save_paper(db, paper)
    return db


def test_list_json_fields_and_default_order(root):
    make_library(root)
    result = run("list", "--json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert [p["id"] for p in data] == ["2306.00978", "1412.6115", "2210.17323"]
    first = data[2]
    assert first["version"] == 2
    assert first["authors"] == ["Elias Frantar", "Saleh Ashkboos"]
    assert first["published"].startswith("2022-10-31")
    assert first["pdf"] == "papers/2210.17323v2.pdf"
    assert data[0]["pdf"] is None


def test_list_sort_and_filter(root):
    make_library(root)
    by_date = json.loads(run("list", "--json", "--sort", "published").output)
    assert [p["id"] for p in by_date] == ["2306.00978", "2210.17323", "1412.6115"]
    oldest = json.loads(run("list", "--json", "--sort", "published", "--reverse").output)
    assert oldest[0]["id"] == "1412.6115"
    by_author = json.loads(run("list", "--json", "frantar").output)
    assert [p["id"] for p in by_author] == ["2210.17323"]
    by_title = json.loads(run("list", "--json", "activation").output)
    assert [p["id"] for p in by_title] == ["2306.00978"]


def test_list_table(root):
    make_library(root)
    result = run("list")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].split() == ["id", "year", "first", "author", "title"]
    assert "2210.17323" in result.output and "Frantar" in result.output


def test_list_bad_sort_is_usage_error(root):
    make_library(root)
    assert run("list", "--sort", "nonsense").exit_code == 2


def test_show(root):
    make_library(root)
    data = json.loads(run("show", "2210.17323v2", "--json").output)
    assert data["title"].startswith("GPTQ")
    assert data["pdf_exists"] is True
    assert data["counts"]["references"] == 0
    text = run("show", "arXiv:2210.17323").output
    assert "Elias Frantar, Saleh Ashkboos" in text
    assert "papers/2210.17323v2.pdf" in text


def test_show_unknown_paper(root):
    make_library(root)
    result = run("show", "2101.00001")
    assert result.exit_code == 1
    assert "not in the library: 2101.00001" in result.output


def test_rm_asks_and_keeps_reviews(root):
    make_library(root)
    note = root / "reviews" / "2210.17323-gptq.md"
    note.parent.mkdir()
    note.write_text("my review")
    declined = run("rm", "2210.17323", input="n\n")
    assert declined.exit_code == 1
    assert json.loads(run("show", "2210.17323", "--json").output)["id"] == "2210.17323"
    result = run("rm", "2210.17323", "--yes")
    assert result.exit_code == 0
    assert not (root / "papers" / "2210.17323v2.pdf").exists()
    assert note.read_text() == "my review"
    ids = [p["id"] for p in json.loads(run("list", "--json").output)]
    assert "2210.17323" not in ids


def test_rm_of_a_paper_whose_pdf_is_a_link_removes_the_link_not_the_file(root, tmp_path):
    make_library(root)
    pdf = root / "papers" / "2210.17323v2.pdf"
    mine = tmp_path / "Downloads" / "gptq.pdf"
    mine.parent.mkdir()
    pdf.replace(mine)
    pdf.symlink_to(mine)
    result = run("rm", "2210.17323", "--yes")
    assert result.exit_code == 0
    assert "and 1 PDF file(s)" in result.output
    assert not pdf.is_symlink() and not pdf.exists()
    assert mine.is_file()  # (the user's own file, outside the library)


def test_rm_of_a_linked_pdf_when_papers_itself_is_a_link(root, tmp_path):
    # (papers/ kept on another disk and linked in, its PDFs links to the user's files)
    make_library(root)
    other_disk = tmp_path / "disk" / "papers"
    other_disk.parent.mkdir()
    (root / "papers").rename(other_disk)
    (root / "papers").symlink_to(other_disk)
    pdf = other_disk / "2210.17323v2.pdf"
    mine = tmp_path / "gptq.pdf"
    pdf.replace(mine)
    pdf.symlink_to(mine)
    assert run("rm", "2210.17323", "--yes").exit_code == 0
    assert not pdf.is_symlink() and mine.is_file()


def test_a_removed_papers_note_stays_searchable(root):
    """rm keeps the notes, and their search document with them; a library where an earlier rm
    deleted that document gets it back at the next sync."""
    db = make_library(root)
    note = root / "reviews" / "2210.17323-gptq.md"
    note.parent.mkdir()
    note.write_text("---\narxiv: '2210.17323'\n---\nThe Cholesky trick is the key idea.\n")
    assert "2210.17323" in run("search", "cholesky", "--in", "notes").output
    assert run("rm", "2210.17323", "--yes").exit_code == 0
    assert "2210.17323" in run("search", "cholesky", "--in", "notes").output
    # (as the earlier rm left it: the note indexed and unchanged, its document gone)
    db.execute("DELETE FROM documents WHERE source = 'notes'")
    db.conn.commit()
    assert "2210.17323" in run("search", "cholesky", "--in", "notes").output


def test_open_uses_the_viewer(root, tmp_path, monkeypatch):
    make_library(root)
    marker = tmp_path / "opened.txt"
    viewer = tmp_path / "viewer.py"
    viewer.write_text(f"import sys\nopen({str(marker)!r}, 'w').write(sys.argv[1])\n")
    monkeypatch.setenv("PAPERS_PDF_VIEWER", f"{sys.executable} {viewer}")
    result = run("open", "2210.17323")
    assert result.exit_code == 0
    assert marker.read_text() == str(root / "papers" / "2210.17323v2.pdf")


def test_open_at_a_page(root, tmp_path, monkeypatch):
    """The p.9 that facets, search and notes cite: opened there where the viewer takes a page
    (it opened at the first page, and nothing said so)."""
    db = make_library(root)
    db["papers"].update("2210.17323", {"pages": 16})
    argv = tmp_path / "argv.json"
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name in ("zathura", "someviewer"):
        script = bin_dir / name
        record = f"json.dump(sys.argv[1:], open({str(argv)!r}, 'w'))"
        script.write_text(f"#!{sys.executable}\nimport json, sys\n{record}\n")
        script.chmod(0o755)
    pdf = str(root / "papers" / "2210.17323v2.pdf")
    cases = [
        (f"{bin_dir}/zathura", ["--page", "9", pdf], False),  # (known by its name)
        (f"{bin_dir}/someviewer -P {{page}}", ["-P", "9", pdf], False),
        (f"{bin_dir}/someviewer {{path}}#page={{page}}", [f"{pdf}#page=9"], False),
        (f"{bin_dir}/someviewer", [pdf], True),  # (no way to tell it: said)
    ]
    for viewer, expected, said in cases:
        monkeypatch.setenv("PAPERS_PDF_VIEWER", viewer)
        result = run("open", "2210.17323", "--page", "9")
        assert result.exit_code == 0, (viewer, result.output)
        assert json.loads(argv.read_text()) == expected, viewer
        assert ("opened at its first page" in result.stderr) is said, viewer
    monkeypatch.setenv("PAPERS_PDF_VIEWER", f"{bin_dir}/zathura")
    assert json.loads((run("open", "2210.17323"), argv.read_text())[1]) == [pdf]
    # (a viewer that does not start: an error, not first "opened at its first page")
    monkeypatch.setenv("PAPERS_PDF_VIEWER", f"{bin_dir}/no-such-viewer")
    missing = CliRunner().invoke(cli, ["open", "2210.17323", "--page", "9"])
    assert missing.exit_code == 1 and "opened at its first page" not in missing.output
    assert "cannot start the PDF viewer" in missing.output
    # (nor with no viewer set and none of the desktop's: a tester read "opened at its first
    # page" and then that no viewer could open it)
    monkeypatch.delenv("PAPERS_PDF_VIEWER")
    path = os.environ["PATH"]
    monkeypatch.setenv("PATH", str(tmp_path / "nothing-here"))  # (no xdg-open)
    headless = CliRunner().invoke(cli, ["open", "2210.17323", "--page", "9"])
    assert headless.exit_code == 1 and "opened at its first page" not in headless.output
    assert "no PDF viewer could open" in headless.output
    monkeypatch.setenv("PATH", path)
    # (nor with a viewer of one's own that fails at once)
    monkeypatch.setenv("PAPERS_PDF_VIEWER", "false")
    failing = CliRunner().invoke(cli, ["open", "2210.17323", "--page", "9"])
    assert failing.exit_code == 1 and "opened at its first page" not in failing.output
    assert "exited with status 1" in failing.output
    result = run("open", "2210.17323", "--page", "17")
    assert result.exit_code == 2 and "2210.17323v2.pdf has 16 pages" in result.output
    # (a version's PDF by its own pages: v1 has 12, where the paper's are v2's)
    add_old_version(root)
    db = open_db(root)
    import hashlib

    v1 = (root / "papers" / "2210.17323v1.pdf").read_bytes()
    kept = {"pages": 12, "sha256": hashlib.sha256(v1).hexdigest()}  # (as the library keeps it)
    db["files"].update(("2210.17323", "papers/2210.17323v1.pdf"), kept)
    result = run("open", "2210.17323v1", "--page", "14")
    assert result.exit_code == 2 and "2210.17323v1.pdf has 12 pages" in result.output, result.output


def test_a_viewer_with_an_open_quote_is_a_one_line_error(root, monkeypatch):
    make_library(root)
    monkeypatch.setenv("PAPERS_PDF_VIEWER", "'evince")
    result = CliRunner().invoke(cli, ["open", "2210.17323"])
    assert result.exit_code == 1 and not isinstance(result.exception, ValueError)
    assert result.output == (
        "Error: $PAPERS_PDF_VIEWER is no command (No closing quotation): 'evince\n"
    )


def test_open_without_pdf(root):
    make_library(root)
    result = run("open", "2306.00978")
    assert result.exit_code == 1
    assert "has no PDF" in result.output


def test_every_command_has_help():
    def walk(group, prefix):
        for name, command in group.commands.items():
            yield [*prefix, name], command
            if hasattr(command, "commands"):
                yield from walk(command, [*prefix, name])

    for path, command in walk(cli, []):
        assert command.help, f"papers {' '.join(path)} has no help"
        assert "Example" in command.help, f"papers {' '.join(path)} has no example"
        result = run(*path, "--help")
        assert result.exit_code == 0


def test_read_only_commands_do_not_import_heavy_modules(root):
    make_library(root)
    probe = (
        "import sys\nfrom papers.cli import cli\n"
        "for args in (['list', '--json'], ['show', '2210.17323'], ['list', 'gptq']):\n"
        "    try:\n        cli(args, standalone_mode=False)\n    except SystemExit:\n        pass\n"
        "heavy = {'arxiv', 'requests', 'pymupdf', 'fitz'}\n"
        "print('HEAVY', sorted(heavy & {m.split('.')[0] for m in sys.modules}))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        env={**__import__("os").environ, "PAPERS_ROOT": str(root)},
    ).stdout
    assert out.strip().endswith("HEAVY []")


def add_old_version(root) -> None:
    """The library also holds GPTQ's v1 PDF, as `papers add 2210.17323v1` leaves it."""
    db = open_db(root)
    (root / "papers" / "2210.17323v1.pdf").write_bytes(b"%PDF-1.4 v1")
    db["files"].insert(
        {
            "paper_id": "2210.17323",
            "version": 1,
            "path": "papers/2210.17323v1.pdf",
            "sha256": "0" * 64,
            "added": "2026-01-01T00:00:00Z",
        }
    )


def test_rm_of_an_older_version_removes_that_pdf_only(root):
    make_library(root)
    add_old_version(root)
    result = run("rm", "2210.17323v1", "--yes")
    assert result.exit_code == 0, result.output
    assert "2210.17323 stays in the library" in result.output
    assert not (root / "papers" / "2210.17323v1.pdf").exists()
    assert (root / "papers" / "2210.17323v2.pdf").exists()
    shown = json.loads(run("show", "2210.17323", "--json").output)
    assert shown["pdf"] == "papers/2210.17323v2.pdf"
    assert "papers/2210.17323v1.pdf" not in [f["path"] for f in shown["files"]]


def test_rm_of_a_version_the_library_never_held_removes_nothing(root):
    make_library(root)
    result = run("rm", "2210.17323v1", "--yes")
    assert result.exit_code == 1
    assert "2210.17323v1 is not in the library (it holds v2)" in result.output
    assert (root / "papers" / "2210.17323v2.pdf").exists()
    assert json.loads(run("show", "2210.17323", "--json").output)["id"] == "2210.17323"


def test_rm_of_the_version_the_library_reads_removes_the_paper(root):
    make_library(root)
    assert run("rm", "2210.17323v2", "--yes").exit_code == 0
    assert not (root / "papers" / "2210.17323v2.pdf").exists()
    assert "2210.17323" not in [p["id"] for p in json.loads(run("list", "--json").output)]


def test_rm_with_a_pdf_that_cannot_be_deleted_says_so_in_one_line(root, monkeypatch):
    make_library(root)
    add_old_version(root)
    real_unlink = type(root).unlink

    def refuse(self, missing_ok=False):
        if self.name == "2210.17323v2.pdf":
            raise PermissionError(1, "Operation not permitted")
        return real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(type(root), "unlink", refuse)
    result = CliRunner().invoke(cli, ["rm", "2210.17323", "--yes"])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "papers/2210.17323v2.pdf could not be deleted: Operation not permitted" in result.output
    assert not (root / "papers" / "2210.17323v1.pdf").exists()  # the others are still removed
    assert "2210.17323" not in [p["id"] for p in json.loads(run("list", "--json").output)]


def test_a_words_percent_and_underscore_are_letters_not_wildcards(root):
    make_library(root)
    assert "No paper matches." in run("list", "%").output
    assert "No paper matches." in run("list", "_").output
    assert [p["id"] for p in json.loads(run("list", "Post-Training", "--json").output)] == [
        "2210.17323"
    ]


@pytest.mark.parametrize(
    "args",
    [
        ["goal", "set", "99999999999999999999999"],
        ["refs", "link", "2210.17323", "99999999999999999999999", "2306.00978"],
        ["refs", "unlink", "2210.17323", "99999999999999999999999"],
        ["list", "--facet", " "],
    ],
)
def test_numbers_sqlite_cannot_hold_and_empty_facets_are_option_errors(root, args):
    make_library(root)
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Error: Invalid value for" in result.output


def test_a_limit_past_any_library_lists_everything(root):
    # (its help says "x>=1", not SQLite's largest integer; a larger one is no limit)
    make_library(root)
    everything = json.loads(run("list", "--json").output)
    assert json.loads(run("list", "--json", "--limit", "9" * 23).output) == everything
    assert "[x>=1]" in run("list", "--help").output


def test_other_scripts_digits_are_no_arxiv_id(root):
    make_library(root)
    result = run("show", "２２１０.１７３２３")
    assert result.exit_code == 1
    assert "not an arXiv id" in result.output


def test_a_ctrl_c_while_the_cli_is_imported_ends_quietly(monkeypatch, capsys):
    import builtins

    from papers.__main__ import main

    real = builtins.__import__

    def interrupted(name, *args, **kwargs):
        if name == "papers.cli":
            raise KeyboardInterrupt
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", interrupted)
    with pytest.raises(SystemExit) as exit_:
        main()
    assert exit_.value.code == 130
    assert capsys.readouterr().err == "Interrupted.\n"


def test_the_papers_command_runs_main():
    out = subprocess.run(
        [sys.executable, "-m", "papers", "--version"], capture_output=True, text=True, check=True
    )
    assert out.stdout.startswith("papers, version")


def add_local_paper(root) -> None:
    save_paper(
        open_db(root),
        Paper(
            id="local:84fd4c0a1b2c",
            title="I-BERT: Integer-only BERT Quantization",
            pdf="papers/local-84fd4c0a1b2c.pdf",
            added="2026-01-04T00:00:00Z",
        ),
    )
    (root / "papers" / "local-84fd4c0a1b2c.pdf").write_bytes(b"%PDF-1.4 local")


def test_rm_of_a_local_paper_by_a_prefix_of_its_id(root):
    make_library(root)
    add_local_paper(root)
    result = run("rm", "84fd4c", "--yes")
    assert result.exit_code == 0, result.output
    assert not (root / "papers" / "local-84fd4c0a1b2c.pdf").exists()


def test_a_local_id_written_with_its_prefix_may_be_cut_short(root):
    # `facets local:84fd` said "not in the library", where `facets 84fd` found the paper
    make_library(root)
    add_local_paper(root)
    for text in ("local:84fd", "local:84FD4c", "local:84fd4c0a1b2c"):
        result = run("show", text, "--json")
        assert result.exit_code == 0, (text, result.output)
        assert json.loads(result.stdout)["id"] == "local:84fd4c0a1b2c"
    assert "not in the library: local:ffff" in run("show", "local:ffff").stderr


def test_a_local_ids_prefix_is_read_in_any_case_by_every_command(root, monkeypatch):
    # `show LOCAL:84FD` said "not an arXiv id, nor the name of a paper", where an arXiv id is
    # read in any case ("ARXIV:2210.17323"); and `review open local:84fd` said "not in the
    # library", where `show local:84fd` found the paper
    monkeypatch.setenv("EDITOR", "true")
    make_library(root)
    add_local_paper(root)
    for text in ("LOCAL:84FD", "Local:84fd4C0A1B2C", "local:84fd"):
        for command in ("show", "facets", "refs", "bibtex"):
            result = run(command, text)
            assert result.exit_code == 0, (command, text, result.output)
        assert json.loads(run("show", text, "--json").stdout)["id"] == "local:84fd4c0a1b2c"
        opened = run("review", "open", text)
        assert opened.exit_code == 0, (text, opened.output)
        assert "local_84fd4c0a1b2c-" in opened.output
    assert "not in the library: LOCAL:FFFF" in run("show", "LOCAL:FFFF").stderr
    # (a reference linked by hand to it, from the command or the core)
    from papers.resolve import link_reference

    db = open_db(root)
    store_references(db, "2210.17323", [Reference(n=1, raw="I-BERT"), Reference(n=2, raw="x")])
    db.conn.commit()
    assert run("refs", "link", "2210.17323", "1", "LOCAL:84FD", "--offline").exit_code == 0
    item, _ = link_reference(db, "2210.17323", 2, "LOCAL:84FD4C0A1B2C", verify=False)
    assert item.resolved == "local:84fd4c0a1b2c"
    linked = json.loads(run("refs", "2210.17323", "--offline", "--json").stdout)
    assert [ref["resolved"] for ref in linked] == ["local:84fd4c0a1b2c"] * 2


def test_a_wildcard_is_no_prefix_of_a_local_id(root):
    make_library(root)
    add_local_paper(root)
    for text in ("_", "%"):
        result = run("show", text)
        assert result.exit_code == 1 and "not an arXiv id" in result.output


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("args", [["list"], ["--help"], ["--version"], ["list", "--help"]])
def test_output_that_cannot_be_written_is_a_one_line_error(root, args):
    # (the main --help and --version print before a command runs: a traceback there)
    make_library(root)
    with open("/dev/full", "w") as full:
        out = subprocess.run(
            [sys.executable, "-m", "papers", *args],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PAPERS_ROOT": str(root)},
        )
    assert out.returncode == 1
    assert out.stderr == "Error: cannot write the output: No space left on device\n"


def test_the_main_help_to_a_pipe_whose_reader_is_gone_ends_with_0():
    # `papers --help | head -1` ended with 1, where a command's own --help ended with 0
    # (the reader gone before the help is written: `true` reads nothing and ends at once)
    shell = f"{{ sleep 0.5; {sys.executable} -m papers --help; }} | true; echo ${{PIPESTATUS[0]}}"
    out = subprocess.run(["bash", "-c", shell], capture_output=True, text=True)
    assert out.stdout.strip() == "0" and out.stderr == ""


@pytest.mark.parametrize("args", [["list"], ["list", "--json"], ["show", "2401.00002"]])
def test_output_in_a_legacy_encoding_replaces_what_it_cannot_show(root, args):
    # a Latin-1 terminal cannot show "Ω" or "…": a traceback before; JSON escapes them
    make_library(root)
    save_paper(open_db(root), Paper(id="2401.00002", title="Ω-Quant … for Müller's nets"))
    out = subprocess.run(
        [sys.executable, "-m", "papers", *args],
        capture_output=True,
        env={**os.environ, "PAPERS_ROOT": str(root), "PYTHONIOENCODING": "latin-1"},
    )
    assert out.returncode == 0, out.stderr
    shown = out.stdout.decode("latin-1")
    if "--json" in args:
        (paper,) = [p for p in json.loads(shown) if p["id"] == "2401.00002"]
        assert paper["title"] == "Ω-Quant … for Müller's nets"
    else:
        assert "?-Quant ? for Müller's nets" in shown


@pytest.mark.parametrize(
    "command", [["show"], ["facets"], ["list"], ["search"], ["rm"], ["review", "show"]]
)
def test_an_argument_that_is_not_utf8_is_a_one_line_error(root, command):
    # "caf\xe9" typed in a Latin-1 terminal: a UnicodeEncodeError traceback in 14 commands
    make_library(root)
    out = subprocess.run(
        [sys.executable, "-m", "papers", *command, b"caf\xe9"],
        capture_output=True,
        env={**os.environ, "PAPERS_ROOT": str(root)},
    )
    assert out.returncode == 2
    assert out.stderr == b"Error: not UTF-8 text: caf\\xe9\n"


FULL_DISK = """
set -e
mount -t tmpfs -o size=1m tmpfs "$1"
mkdir "$1/reviews"
PAPERS_ROOT="$1" "$2" -m papers goal set 3 >/dev/null
dd if=/dev/zero of="$1/fill" bs=4k 2>/dev/null || true
PAPERS_ROOT="$1" "$2" -m papers stats --json || echo "stats: $?"
PAPERS_ROOT="$1" "$2" -m papers goal set 4 || echo "goal: $?"
"""


@pytest.mark.skipif(
    os.name != "posix" or os.geteuid() != 0 or not shutil.which("unshare"),
    reason="a full disk is a small tmpfs, mounted in a mount namespace of root's own",
)
def test_a_full_disk_still_reads_the_library_and_says_why_it_cannot_write(tmp_path):
    # reading failed with "disk I/O error" (no room for the log's shared-memory file)
    mount = tmp_path / "disk"
    mount.mkdir()
    out = subprocess.run(
        ["unshare", "-m", "sh", "-c", FULL_DISK, "sh", str(mount), sys.executable],
        capture_output=True,
        text=True,
    )
    if "mount:" in out.stderr or "unshare:" in out.stderr:
        pytest.skip(f"no tmpfs here: {out.stderr.strip()}")
    assert json.loads(out.stdout.splitlines()[0])["years"][0]["target"] == 3
    assert "the library's disk is full: free some space" in out.stderr and "goal: 1" in out.stdout
    assert "warning: the disk is full: the library is read as it was" in out.stderr


def test_a_mistyped_name_gets_the_library_names_close_to_it(root):
    """As git and cargo suggest a command: "GPTQQ", "GTPQ" are typos of GPTQ; "OBQ" (a
    different method) and "banana" are far from every name and get no suggestion."""
    make_library(root)
    for command in (["show"], ["facets"], ["compare", "AWQ"], ["graph"], ["rm", "--yes"]):
        for typed in ("GPTQQ", "GTPQ", "gptq2"):
            result = run(*command, typed)
            assert result.exit_code == 1
            assert f"{typed} (did you mean GPTQ?)" in result.output, (command, result.output)
    cited = run("cited-by", "GPTQQ")
    assert cited.exit_code == 1 and "(did you mean GPTQ?)" in cited.output
    note = run("review", "show", "AWQQ")
    assert note.exit_code == 1 and "note path: AWQQ (did you mean AWQ?)" in note.output
    for far in ("OBQ", "banana"):
        assert "did you mean" not in run("show", far).output
    assert json.loads(run("list", "--json").output)  # (nothing removed)
    assert len(json.loads(run("list", "--json").output)) == 3


def test_a_paper_is_named_by_its_title_or_the_name_before_its_colon(root):
    make_library(root)
    assert json.loads(run("show", "gptq", "--json").output)["id"] == "2210.17323"
    assert json.loads(run("show", "AWQ", "--json").output)["id"] == "2306.00978"
    whole = run("show", "Compressing Deep Convolutional Networks", "--json").output
    assert json.loads(whole)["id"] == "1412.6115"
    unknown = run("show", "banana")
    assert unknown.exit_code == 1
    assert "not an arXiv id, nor the name of a paper in the library: banana" in unknown.output
    # a method's other spelling, as the lens reads it: GPTQ was published as OPTQ
    assert json.loads(run("show", "OPTQ", "--json").output)["id"] == "2210.17323"
    assert run("show", "W4A16").exit_code == 1  # (a spelling that names no paper)
    # a paper by its title's initials, when one paper has them (LAPQ's title names no LAPQ)
    assert json.loads(run("show", "cdcn", "--json").output)["id"] == "1412.6115"
    save_paper(
        open_db(root), Paper(id="1911.07190", title="Loss Aware Post-training Quantization of Nets")
    )
    for initials in ("LAPQN", "LAPTQN", "LAPQON"):  # (a hyphenated word once or by parts)
        assert json.loads(run("show", initials, "--json").output)["id"] == "1911.07190"
    assert run("show", "XYZ").exit_code == 1
    save_paper(open_db(root), Paper(id="2401.00001", title="GPTQ: a second paper so named"))
    both = run("show", "GPTQ")
    assert both.exit_code == 1
    assert "several papers answer to GPTQ: 2210.17323, 2401.00001" in both.output


def test_a_local_ids_prefix_and_a_name_that_both_answer_are_a_choice(root):
    make_library(root)
    save_paper(open_db(root), Paper(id="local:bead00000001", title="A scanned paper"))
    save_paper(open_db(root), Paper(id="2401.99999", title="Bead: Block Editing"))
    result = run("show", "Bead")
    assert result.exit_code == 1
    assert "several papers answer to Bead: 2401.99999, local:bead00000001" in result.output


def test_rm_of_a_paper_by_its_name(root):
    make_library(root)
    assert run("rm", "AWQ", "--yes").exit_code == 0
    assert "2306.00978" not in [p["id"] for p in json.loads(run("list", "--json").output)]


def test_titles_are_listed_a_to_z_and_dates_newest_first(root):
    make_library(root)

    def ids(*args):
        return [p["id"] for p in json.loads(run("list", "--json", *args).stdout)]

    assert ids("--sort", "title") == ["2306.00978", "1412.6115", "2210.17323"]  # AWQ, C, G
    assert ids("--sort", "title", "--reverse") == ["2210.17323", "1412.6115", "2306.00978"]
    assert ids("--sort", "published") == ["2306.00978", "2210.17323", "1412.6115"]
    assert ids("--sort", "published", "--reverse") == ["1412.6115", "2210.17323", "2306.00978"]
    # accents and case aside: "Über" among the U's, where SQLite's NOCASE put it after "Z"
    db = open_db(root)
    save_paper(db, Paper(id="2401.00003", title="Über-Quant: Z-first scales"))
    save_paper(db, Paper(id="2401.00004", title="zeroQuant for all"))
    save_paper(db, Paper(id="2401.00005", title="Ultra-low bits"))
    assert ids("--sort", "title")[-3:] == ["2401.00003", "2401.00005", "2401.00004"]
    save_paper(db, Paper(id="2401.00006", title="Ørsted's quantizer"))
    save_paper(db, Paper(id="2401.00007", title="\u201cQuantize everything\u201d, a study"))
    assert ids("--sort", "title")[-5:] == [
        "2401.00006",  # (Ørsted as Orsted, after the O's)
        "2401.00007",  # (“Quantize ...” as Quantize)
        "2401.00003",
        "2401.00005",
        "2401.00004",
    ]
    assert ids("--sort", "title", "--limit", "1") == ["2306.00978"]


def _facets(db, paper_id: str, *evaluated: str, mentioned: tuple[str, ...] = ()) -> None:
    from papers.library import store_facets
    from papers.models import Facet

    facets = [Facet("precision", v, True, []) for v in evaluated]
    facets += [Facet("precision", v, False, []) for v in mentioned]
    store_facets(db, paper_id, facets, "test")


def test_a_weight_only_pair_names_papers_that_write_only_the_weights_width(root):
    """GPTQ writes "4-bit" and no W4A16: `--facet W4A16` misses it, and says so. A paper that
    writes a W4/A pair (here W4A8) has its activations' width and is not named; a pair only
    mentioned does not count."""
    db = make_library(root)
    _facets(db, "2306.00978", "W4A16", "4-bit")
    _facets(db, "2210.17323", "4-bit", "3-bit", mentioned=("W4A8",))
    _facets(db, "1412.6115", "INT4", "W4A8")
    result = CliRunner().invoke(cli, ["list", "--facet", "w4a16"])
    assert [line.split()[0] for line in result.stdout.splitlines()[2:]] == ["2306.00978"]
    assert result.stderr.splitlines()[-1] == (
        "note: 1 more paper(s) evaluate 4-bit or INT4 and write no W4/A pair (a weight-only "
        "paper may write only its weights' width, as GPTQ does): 2210.17323"
    )
    # the other facets asked still apply; a width no paper writes alone gives no note
    assert (
        "more paper"
        not in CliRunner().invoke(cli, ["list", "--facet", "W4A16", "--facet", "g128"]).stderr
    )
    assert "2210.17323" in CliRunner().invoke(cli, ["list", "--json", "--facet", "W3A16"]).stderr
    # nothing found: the note is the one line's reason (it was a second line; the line before
    # is the stale-facets notice of this test's hand-made facets)
    none = CliRunner().invoke(cli, ["list", "--facet", "W3A16"])
    assert none.exit_code == 1 and none.stderr.splitlines()[-1:] == [
        "No paper matches: 1 paper(s) evaluate 3-bit or INT3 and write no W3/A pair (a "
        "weight-only paper may write only its weights' width, as GPTQ does): 2210.17323"
    ]
    assert "more paper" not in CliRunner().invoke(cli, ["list", "--facet", "W8A16"]).stderr
    assert "more paper" not in CliRunner().invoke(cli, ["list", "--facet", "W4A8"]).stderr


def test_a_paper_whose_pairs_are_all_weight_only_has_its_bare_widths_read_as_weights(root):
    # AWQ writes W4A16 only in a figure's legend (p.9), INT4 in the tables that run it (p.5):
    # `--facet W4A16 --facet g128 --show baseline` bounded its baselines by p.9's figure and
    # sentences, naming SmoothQuant (an INT3 comparison), not Table 3's RTN and GPTQ
    from papers.library import store_facets
    from papers.models import Facet

    db = make_library(root)

    def ran(value, category="precision", *at):
        return Facet(category, value, True, [], [p for p, _ in at], list(at))

    table3, figure6, sentence = (5, 10), (9, 40), (9, -300)
    awq = [
        ran("W4A16", "precision", figure6),
        ran("W3A16", "precision", sentence),
        ran("INT4", "precision", table3),
        ran("g128", "granularity", table3, sentence),
        ran("RTN", "baseline", table3),
        ran("GPTQ", "baseline", table3, figure6),
        ran("SmoothQuant", "baseline", sentence),
    ]
    store_facets(db, "2306.00978", awq, "test")
    # a paper of a W4A8 pair: its INT4 may be either side's, so it is no W4A16
    mixed = [ran("W3A16", "precision", (2, 1)), ran("W4A8", "precision", (3, 1))]
    mixed += [ran("INT4", "precision", (4, 1)), ran("g128", "granularity", (4, 1))]
    store_facets(db, "2210.17323", mixed, "test")
    _facets(db, "1412.6115", "4-bit", "g128")  # (no pair at all: its sides are not known)
    # (and one of weight-only pairs that runs 8-bit activations too: its 4-bit is either's)
    save_paper(db, Paper(id="1510.00149", version=1, title="Deep Compression", authors=["S"]))
    a8 = [ran("W3A16", "precision", (2, 1)), ran("A8", "precision", (3, 1))]
    a8 += [ran("INT4", "precision", (4, 1)), ran("g128", "granularity", (4, 1))]
    store_facets(db, "1510.00149", a8, "test")
    asked = ["list", "--json", "--facet", "W4A16", "--facet", "g128", "--show", "baseline"]
    result = CliRunner().invoke(cli, asked)
    [listed] = json.loads(result.stdout)
    assert listed["id"] == "2306.00978" and listed["same_page"] == [5, 9]
    assert listed["evaluated"]["baseline"] == ["GPTQ", "RTN"]  # (Table 3's)
    assert listed["bound"] == "place"
    # the note names the paper of no pair, not the one listed, nor the one of a W4A8
    assert result.stderr.splitlines()[-1].endswith("as GPTQ does): 1412.6115 1510.00149")
    # a paper that writes W3A16 and INT4, never W4A16, is one of W4A16 (and "4-bit weights")
    store_facets(db, "2306.00978", [ran("W3A16"), ran("INT4")], "test")
    # (W4, "4-bit weights", is any pair of 4-bit weights: W4A8's paper too)
    for typed, ids in (("W4A16", ["2306.00978"]), ("4-bit weights", ["2306.00978", "2210.17323"])):
        found = CliRunner().invoke(cli, ["list", "--json", "--facet", typed])
        assert [p["id"] for p in json.loads(found.stdout)] == ids, typed
    w4a8 = CliRunner().invoke(cli, ["list", "--json", "--facet", "W4A8"])
    assert [p["id"] for p in json.loads(w4a8.stdout)] == ["2210.17323"]  # (no bare width)


def test_together_lists_only_the_papers_where_one_table_or_sentence_holds_the_facets(root):
    # a tester's question (W4A16, g128, LLaMA) listed a paper whose g128 is in an OPT table
    # and whose LLaMA is in a sentence of the same page: --together asks for one experiment
    from papers.library import store_facets
    from papers.models import Facet

    db = make_library(root)

    def ran(value, category, *at):
        return Facet(category, value, True, [], sorted({p for p, _ in at}), list(at))

    one_table = [ran("W4A16", "precision", (5, 10)), ran("g128", "granularity", (5, 10))]
    store_facets(db, "2306.00978", one_table, "test")
    same_page = [ran("W4A16", "precision", (14, 3)), ran("g128", "granularity", (14, -200))]
    store_facets(db, "2210.17323", same_page, "test")
    no_places = [
        Facet("precision", "W4A16", True, [], [2]),
        Facet("granularity", "g128", True, [], [2]),
    ]
    store_facets(db, "1412.6115", no_places, "test")  # (as an older release stored them)
    asked = ["list", "--json", "--facet", "W4A16", "--facet", "g128"]
    assert len(json.loads(CliRunner().invoke(cli, asked).stdout)) == 3
    result = CliRunner().invoke(cli, [*asked, "--together"])
    assert result.exit_code == 0
    assert [p["id"] for p in json.loads(result.stdout)] == ["2306.00978"]
    assert (
        "note: 1 more paper(s) evaluate them each somewhere, in no one table or sentence "
        "(listed without --together): 2210.17323" in result.stderr
    )
    assert "where no place is known" in result.stderr and "1412.6115" in result.stderr
    # (--limit counts the papers kept: the first that hold them together, here the last added)
    limited = CliRunner().invoke(cli, [*asked, "--together", "--limit", "1", "--reverse"])
    assert [p["id"] for p in json.loads(limited.stdout)] == ["2306.00978"]
    none = CliRunner().invoke(cli, ["list", "--facet", "g128", "--facet", "W4A16", "--together"])
    assert none.exit_code == 0
    store_facets(db, "2306.00978", [ran("W4A16", "precision", (5, 10))], "test")
    gone = CliRunner().invoke(cli, ["list", "--facet", "W4A16", "--facet", "g128", "--together"])
    assert gone.exit_code == 1 and gone.stderr.splitlines()[-1].startswith(
        "No paper matches: 1 more"
    )
    usage = CliRunner().invoke(cli, ["list", "--together"])
    assert usage.exit_code == 2 and "--together goes with --facet" in usage.output


def test_together_reads_a_derived_facet_as_bounding_nothing(root):
    # PTQ, derived from a paper's baselines, and data-free, read from the paper as a whole,
    # have no places by design: --together said they were "stored by an older release"
    from papers.library import rules_version, store_facets
    from papers.models import Facet

    db = make_library(root)

    def ran(value, category, *at):
        return Facet(category, value, True, [], sorted({p for p, _ in at}), list(at))

    facets = [ran("W4A16", "precision", (5, 10)), ran("g128", "granularity", (5, 10))]
    facets += [Facet("method", "PTQ", True, [], [5], None)]
    facets += [Facet("method", "data-free", True, [], [], None)]
    store_facets(db, "2306.00978", facets, rules_version(root))
    asked = ["list", "--json", "--facet", "W4A16", "--facet", "PTQ", "--together"]
    assert [p["id"] for p in json.loads(CliRunner().invoke(cli, asked).stdout)] == ["2306.00978"]
    alone = CliRunner().invoke(
        cli, ["list", "--facet", "data-free", "--facet", "PTQ", "--together"]
    )
    assert alone.exit_code == 1 and "older release" not in alone.stderr
    assert "none in any one table or sentence (read from the paper as a whole" in alone.stderr
    one = CliRunner().invoke(cli, ["list", "--json", "--facet", "data-free", "--together"])
    assert [p["id"] for p in json.loads(one.stdout)] == ["2306.00978"]  # (one facet: with itself)


def test_weight_only_is_any_weight_only_pair_and_names_the_papers_of_widths_alone(root):
    # a tester's `--facet "4-bit weight-only"`: "'weight-only' names no value", where weight-
    # only vs weight-activation is the first thing a quantization reviewer filters on
    db = make_library(root)
    _facets(db, "2306.00978", "W3A16", "INT4", "4-bit")  # (its pairs weight-only)
    _facets(db, "2210.17323", "4-bit", "3-bit")  # (no pair: either side's)
    _facets(db, "1412.6115", "W4A8", "W8A8")
    for typed in ("weight-only", "Weight-Only", "weights-only"):
        result = CliRunner().invoke(cli, ["list", "--json", "--facet", typed])
        assert [p["id"] for p in json.loads(result.stdout)] == ["2306.00978"], typed
    said = CliRunner().invoke(cli, ["list", "--facet", "weight-only"]).stderr
    assert "--facet weight-only: read as any of W3A16\n" in said
    assert (
        "note: 1 more paper(s) evaluate widths alone and write no W/A pair, weight-only or not "
        "(GPTQ writes 4-bit): 2210.17323" in said
    )
    both = CliRunner().invoke(cli, ["list", "--json", "--facet", "4-bit weight-only"])
    assert [p["id"] for p in json.loads(both.stdout)] == ["2306.00978"]
    # (and its INT4 tables are weight-only ones: W3A16 only in a figure, g128 with INT4)
    from papers.library import store_facets
    from papers.models import Facet

    def ran(value, category, *at):
        return Facet(category, value, True, [], sorted({p for p, _ in at}), list(at))

    awq = [ran("W3A16", "precision", (9, 40)), ran("INT4", "precision", (5, 10))]
    awq += [ran("g128", "granularity", (5, 10))]
    store_facets(db, "2306.00978", awq, "test")
    asked = ["list", "--json", "--facet", "weight-only", "--facet", "g128", "--together"]
    assert [p["id"] for p in json.loads(CliRunner().invoke(cli, asked).stdout)] == ["2306.00978"]


def test_a_pair_of_one_width_names_papers_that_write_that_width_for_both_sides(root):
    # OS+ writes "We use INT8, INT6, INT4 to denote the bitwidth of activation and weight":
    # `--facet W8A8 --facet SmoothQuant` said a bare "No paper matches"
    db = make_library(root)
    _facets(db, "2306.00978", "INT8", "INT6", "A8")  # (an activations' width: it quantizes them)
    _facets(db, "2210.17323", "8-bit", "W8A16")  # (a W8/A pair: its activations are known)
    _facets(db, "1412.6115", "W8A8")
    result = CliRunner().invoke(cli, ["list", "--facet", "w8a8"])
    assert [line.split()[0] for line in result.stdout.splitlines()[2:]] == ["1412.6115"]
    assert result.stderr.splitlines()[-1] == (
        "note: 1 more paper(s) evaluate 8-bit or INT8 and write no W8/A pair (a paper that "
        "quantizes activations may write one width for both sides, as INT8): 2306.00978"
    )
    none = CliRunner().invoke(cli, ["list", "--facet", "W6A6"])
    assert none.exit_code == 1 and "write no W6/A pair" in none.stderr.splitlines()[-1]
    assert "more paper" not in CliRunner().invoke(cli, ["list", "--facet", "W8A4"]).stderr
    # a paper none of whose widths is an activations' may be weight-only (SpQR, QLoRA): its
    # INT8 is no W8A8
    _facets(db, "2306.00978", "INT8", "INT6")
    alone = CliRunner().invoke(cli, ["list", "--facet", "w8a8"])
    assert "write no W8/A pair" not in alone.stderr
    # nor is a paper's that writes its pairs quantizing activations (2311.05161's 8-bit is the
    # A8 of its W4A8; OBC's 2-bit its weights', beside its "4w4a"): it would have written W8A8
    _facets(db, "2306.00978", "INT8", "A8", "W4A8")
    paired = CliRunner().invoke(cli, ["list", "--facet", "w8a8"])
    assert "write no W8/A pair" not in paired.stderr
    # a paper whose pairs are all weight-only quantizes no activations: its "2-bit" is no
    # W2A2 (AWQ's 2-bit was offered as one, among weight-only and gradient papers)
    _facets(db, "2306.00978", "2-bit", "W3A16", "W4A16")
    _facets(db, "1412.6115", "2-bit", "A8")
    two = CliRunner().invoke(cli, ["list", "--facet", "W2A2"])
    assert two.stderr.splitlines()[-1].endswith("as INT2): 1412.6115")


def test_a_query_typed_as_a_question_reads_its_values_and_names_the_words_it_cannot(root):
    # "W4A8 on Llama-2" and "WikiText-2 PPL" failed whole: "no paper in the library names
    # W4A8 on Llama-2", without the word that sank it
    from papers.library import store_facets
    from papers.models import Facet

    db = make_library(root)
    store_facets(
        db,
        "2306.00978",
        [
            Facet("precision", "W4A8", True, []),
            Facet("model", "LLaMA-2-7B", True, []),
            Facet("model", "LLaMA-2", True, []),
            Facet("benchmark", "WikiText-2", True, []),
        ],
        "test",
    )
    asked = CliRunner().invoke(cli, ["list", "--json", "--facet", "W4A8 on Llama-2"])
    assert [p["id"] for p in json.loads(asked.stdout)] == ["2306.00978"]
    assert "--facet W4A8 on Llama-2: read as W4A8 + LLaMA-2" in asked.stderr
    # the whole question, as a staff engineer types it (its words of asking named nothing,
    # nor did what a setting is of: "scales", "quantization")
    question = "who evaluates W4A8 quantization on Llama-2 against WikiText-2"
    asked = CliRunner().invoke(cli, ["list", "--json", "--facet", question])
    assert [p["id"] for p in json.loads(asked.stdout)] == ["2306.00978"]
    assert f"--facet {question}: read as W4A8 + LLaMA-2 + WikiText-2" in asked.stderr
    for typed, unread in (
        ("WikiText-2 PPL", "('PPL' names no value)"),
        # (zero-shot is a suite, a value whether or not a paper runs one of its tasks)
        ("W4A8 with Llama-2 PPL zero-shot avg", "('PPL', 'avg' name no value)"),
    ):
        failed = CliRunner().invoke(cli, ["list", "--facet", typed])
        assert failed.exit_code == 1
        assert failed.stderr.splitlines()[-1] == (
            f"No paper matches: no library paper has the facet {typed} {unread}; "
            "'papers facets --all' lists the values there are, 'papers search' reads the text"
        )


def test_names_of_several_words_and_families_are_read_inside_a_question(root):
    # "GPTQ on OPT 175B" named no '175B', "W4A8 on Llama 2" no '2', "awq on penn treebank"
    # no 'penn' and 'treebank', and "ResNet W4A4" no 'ResNet' (a family stored with sizes)
    from papers.library import store_facets
    from papers.models import Facet

    db = make_library(root)
    values = [
        ("baseline", "GPTQ"),
        ("model", "OPT-175B"),
        ("model", "OPT"),
        ("precision", "W4A8"),
        ("model", "LLaMA-2-7B"),
        ("model", "LLaMA-2"),
        ("benchmark", "PTB"),
        ("model", "ResNet-18"),
        ("precision", "W4A4"),
    ]
    store_facets(db, "2306.00978", [Facet(c, v, True, []) for c, v in values], "test")
    for typed, read in (
        ("GPTQ on OPT 175B", "GPTQ + OPT-175B"),
        ("W4A8 on Llama 2", "W4A8 + LLaMA-2"),
        ("gptq on penn treebank", "GPTQ + PTB"),
        ("ResNet W4A4", "ResNet + W4A4"),
        ("W4 g128", "W4 + g128"),  # (a side and a group size: each alone, as before)
    ):
        result = CliRunner().invoke(cli, ["list", "--json", "--facet", typed])
        assert f"--facet {typed}: read as {read}\n" in result.stderr, (typed, result.stderr)
        if typed != "W4 g128":
            assert [p["id"] for p in json.loads(result.stdout)] == ["2306.00978"], typed


def test_facets_each_evaluated_never_together_say_so_with_each_ones_count(root):
    # "3 paper(s) mention it without evaluating it" named OmniQuant, which evaluates
    # SmoothQuant: "it" was the two together
    from papers.library import store_facets
    from papers.models import Facet

    db = make_library(root)
    store_facets(db, "2306.00978", [Facet("precision", "W8A8", True, [])], "test")
    store_facets(
        db,
        "2210.17323",
        [Facet("baseline", "SmoothQuant", True, []), Facet("precision", "W8A8", False, [])],
        "test",
    )
    result = CliRunner().invoke(cli, ["list", "--facet", "W8A8", "--facet", "SmoothQuant"])
    assert result.exit_code == 1 and result.stderr.splitlines()[-1] == (
        "No paper matches: no paper evaluates them all; W8A8: 1 paper(s), SmoothQuant: "
        "1 paper(s); 1 name them all, evaluated or not: 2210.17323"
    )


def test_a_query_that_finds_nothing_says_which_filter_took_its_last_papers(root):
    # `list Frantar --facet W4A8` said a bare "No paper matches", where Frantar's papers and
    # the W4A8 ones are each there, not the same
    db = make_library(root)
    _facets(db, "2306.00978", "W4A16", "g128")  # AWQ
    _facets(db, "2210.17323", "W3A16", "g128")  # GPTQ, by Frantar
    _facets(db, "1412.6115", "W4A8", "W3A16", mentioned=("W2A2",))

    def said(*args: str) -> str:
        for json_ in ([], ["--json"]):  # (--json: the same line, and its empty list)
            result = CliRunner().invoke(cli, ["list", *args, *json_])
            assert result.exit_code == 1, (args, result.output)
            assert result.stdout == ("[]\n" if json_ else "")
            line = result.stderr.splitlines()[-1]
        return line

    assert said("Frantar", "--facet", "W4A8") == (
        "No paper matches: 1 paper(s) match 'Frantar'; none of them evaluates W4A8"
    )
    assert said("Frantar", "--facet", "W4A8", "--facet", "g128") == (
        "No paper matches: 1 paper(s) match 'Frantar'; none of them evaluates W4A8"
    )
    assert said("quantization", "--facet", "g128", "--facet", "w4a8") == (
        "No paper matches: 2 paper(s) match 'quantization' and evaluate g128; none of them "
        "evaluates w4a8"
    )
    # (each facet evaluated by the word's papers, none by one: of the word's papers, where
    # it said "no paper evaluates them all", and 1412.6115 might)
    assert said("quantization", "--facet", "W4A16", "--facet", "W3A16") == (
        "No paper matches: 2 paper(s) match 'quantization'; none of them evaluates them all; "
        "W4A16: 1 paper(s), W3A16: 1 paper(s)"
    )
    # a filter that matches nothing alone is the one named
    assert said("Frantzar", "--facet", "W4A8") == (
        "No paper matches: no paper has 'Frantzar' in its title or authors"
    )
    assert said("Frantar", "--facet", "W2A2") == "No paper matches: no paper evaluates W2A2"
    assert said("Gong", "--facet", "W2A2") == (  # (as before: its paper names it)
        "No paper matches: 1 paper(s) mention it without evaluating it: 1412.6115"
    )
    assert said("Frantzar") == "No paper matches."  # (one filter: it took them all)


def test_why_nothing_matches_is_counted_without_loading_papers(root, monkeypatch):
    # (a big library: each filter counted by SQLite, no paper read into Python)
    import papers.library

    db = make_library(root)
    _facets(db, "2210.17323", "W3A16")
    _facets(db, "1412.6115", "W4A8")
    read = []
    real = papers.library.paper_from_row
    monkeypatch.setattr(papers.library, "paper_from_row", lambda row: read.append(row) or real(row))
    result = CliRunner().invoke(cli, ["list", "Frantar", "--facet", "W4A8"])
    assert "1 paper(s) match 'Frantar'; none of them evaluates W4A8" in result.stderr
    assert read == []


def test_an_integer_width_names_the_papers_that_write_the_width_alone(root):
    # `--facet int4` listed 10 papers and `--facet 4-bit` 23, without a word: GPTQ and SpQR
    # quantize to a 4-bit integer grid and write "4-bit"
    db = make_library(root)
    _facets(db, "2306.00978", "INT4", "4-bit")
    _facets(db, "2210.17323", "4-bit")
    _facets(db, "1412.6115", "8-bit")
    result = CliRunner().invoke(cli, ["list", "--facet", "int4"])
    assert [line.split()[0] for line in result.stdout.splitlines()[2:]] == ["2306.00978"]
    assert result.stderr.splitlines()[-1] == (
        "note: 1 more paper(s) evaluate 4-bit without writing INT4 (most write the width "
        "alone, whatever its format; --facet 4-bit lists them): 2210.17323"
    )
    assert "without writing" not in CliRunner().invoke(cli, ["list", "--facet", "INT3"]).stderr
    none = CliRunner().invoke(cli, ["list", "--facet", "INT8"])
    assert none.exit_code == 1  # (1412.6115's 8-bit is named as the reason)
    assert "1 paper(s) evaluate 8-bit without writing INT8" in none.stderr


def test_checkpoint_group_sizes_and_lower_case_names_are_read(root):
    # "128g" and "4bit-128g" (GPTQ's checkpoints), "per-group 128", and "penn treebank" (the
    # vocabulary reads it as papers capitalise it) named nothing
    from papers.library import store_facets
    from papers.models import Facet

    db = make_library(root)
    store_facets(
        db,
        "2306.00978",
        [
            Facet("precision", "4-bit", True, []),
            Facet("granularity", "g128", True, []),
            Facet("granularity", "per-group", True, []),
            Facet("benchmark", "PTB", True, []),
        ],
        "test",
    )
    for typed, read in (
        ("128g", "g128"),
        ("4bit-128g", "4-bit + g128"),
        ("per-group 128", "per-group + g128"),
        ("penn treebank", "PTB"),
    ):
        result = CliRunner().invoke(cli, ["list", "--json", "--facet", typed])
        assert f"--facet {typed}: read as {read}\n" in result.stderr, typed
        assert [p["id"] for p in json.loads(result.stdout)] == ["2306.00978"], typed


def test_nothing_found_is_exit_1_with_one_line_also_under_json(root):
    """STYLE.md habit 5: a query that finds nothing exits 1 with one line on stderr; --json
    still prints its empty list, so a script reads [] and can tell it from an answer."""
    make_library(root)  # (no facets, no references)
    for args, line in [
        (["next"], "Nothing to suggest: no reference points outside the library."),
        (["list", "zzz"], "No paper matches."),
        (
            ["list", "--facet", "W4A8"],
            "No paper matches: no library paper has the facet W4A8; 'papers facets --all' lists "
            "the values there are, 'papers search' reads the text",
        ),
    ]:
        for json_ in ([], ["--json"]):
            result = CliRunner().invoke(cli, args + json_)
            assert result.exit_code == 1 and result.stderr.splitlines() == [line], args + json_
            if json_:
                assert json.loads(result.stdout) == []
    assert run("list").exit_code == 0  # (a listing, not a query: no papers is no failure)
    # and so is facets --all, the library's facets counted: none is an empty listing
    for json_ in ([], ["--json"]):
        result = CliRunner().invoke(cli, ["facets", "--all", *json_])
        assert result.exit_code == 0
        assert result.stderr == "No evaluated facets in the library.\n"
        assert result.stdout == ("[]\n" if json_ else "")


def test_a_table_cuts_titles_only_at_a_terminal_and_to_its_width():
    from papers.cli_common import table

    title = "Efficient Memory Management for Large Language Model Serving with PagedAttention"
    rows = [("2309.06180", "Kwon", title)]
    piped = table(rows, ["id", "first author", "title"], {1: 18, 2: 70})
    assert title in piped  # (grep finds what a title says)
    for columns in (40, 80, 300):
        shown = table(rows, ["id", "first author", "title"], {1: 18, 2: 70}, terminal=columns)
        assert max(len(line) for line in shown.splitlines()) <= max(columns, 40)
        assert (title in shown) == (columns >= 100)


def test_a_table_aligns_and_cuts_wide_characters_by_the_columns_they_take():
    # a Chinese title counted in characters pushed the cells after it out of line, and was
    # cut to twice the room it had
    import unicodedata

    from papers.cli_common import table

    wide = "大语言模型的低比特量化研究与实践"  # (16 characters, 32 columns)
    accented = unicodedata.normalize("NFD", "Étude de la quantification")  # (accents apart)
    rows = [("Li", wide, "x"), ("Dupré", accented, "y")]
    piped = table(rows, ["author", "title", "z"]).splitlines()

    # the third column starts at the same terminal column on every line
    def column_of(line: str, char: str) -> int:
        before = line[: line.rindex(char)]
        return sum(
            2 if unicodedata.east_asian_width(c) == "W" else 0 if unicodedata.combining(c) else 1
            for c in before
        )

    assert column_of(piped[2], "x") == column_of(piped[3], "y") == column_of(piped[0], "z")
    shown = table([("Li", wide)], ["author", "title"], {1: 70}, terminal=30).splitlines()[2]
    assert shown.endswith("…") and column_of(shown + "#", "#") <= 30


def test_list_piped_shows_whole_titles(root):
    make_library(root)
    save_paper(
        open_db(root),
        Paper(
            id="2309.06180",
            title="Efficient Memory Management for Large Language Model "
            "Serving with PagedAttention",
            added="2026-01-05T00:00:00Z",
        ),
    )
    assert "PagedAttention" in run("list").output


def test_show_of_a_version_the_library_does_not_hold_says_which_it_shows(root):
    make_library(root)  # (GPTQ v2)
    result = CliRunner().invoke(cli, ["show", "2210.17323v9"])
    assert result.exit_code == 0 and result.stdout.startswith("2210.17323v2")
    assert "2210.17323v9 asked; the library's metadata is of v2" in result.stderr
    assert CliRunner().invoke(cli, ["show", "2210.17323v2"]).stderr == ""
    # and so do the lens and extract, which silently gave or extracted v2 (h3)
    facets = CliRunner().invoke(cli, ["facets", "2210.17323v1"])
    assert "note: 2210.17323v1 asked; the facets shown are of v2\n" in facets.stderr
    extract = CliRunner().invoke(cli, ["extract", "2210.17323v1"])
    assert extract.stderr.startswith("note: 2210.17323v1 asked; extracting v2\n")


def test_list_word_typed_decomposed_finds_a_composed_title(root):
    db = make_library(root)
    save_paper(db, Paper(id="2205.14135", title="Flash attention", authors=["Christopher Ré"]))
    decomposed = "Re\u0301"
    assert [p["id"] for p in json.loads(run("list", decomposed, "--json").output)] == ["2205.14135"]


def test_papers_added_within_one_second_list_in_the_order_they_were_added(root):
    # a crawl adds several papers within one second: "newest first" is the order they came,
    # and its first is the "most recently added" paper that refs takes without an id
    from papers.library import latest_paper_id

    db = open_db(root)
    for paper_id in ("2306.00978", "2210.17323", "2308.13137"):
        save_paper(db, Paper(id=paper_id, title=paper_id, added="2026-01-01T00:00:00Z"))
    db.conn.commit()
    listed = [p["id"] for p in json.loads(run("list", "--json").output)]
    assert listed == ["2308.13137", "2210.17323", "2306.00978"]
    assert latest_paper_id(db) == listed[0]
    oldest = [p["id"] for p in json.loads(run("list", "--json", "--reverse").output)]
    assert oldest == listed[::-1]


@pytest.mark.parametrize(
    "args",
    [
        ["show", ""],
        ["open", " "],
        ["rm", ""],
        ["add", ""],
        ["extract", ""],
        ["facets", ""],
        ["compare", "2210.17323", ""],
        ["cited-by", ""],
        ["refs", ""],
        ["next", "--for", ""],
        ["graph", ""],
        ["review", "open", ""],
        ["review", "show", ""],
        ["refs", "link", "2210.17323", "1", ""],
        ["search", ""],
        ["list", " "],
        ["review", "list", "--tag", ""],
    ],
)
def test_an_empty_argument_is_a_usage_error_everywhere(root, args):
    # (a script's unset "$ID"): exit 2 with one message, never the latest paper, the whole
    # library or a folder
    make_library(root)
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2, (args, result.output)
    assert any(
        f"an empty value {what}" in result.output
        for what in ("names no paper", "is no word to look for", "names no tag")
    )


@pytest.mark.parametrize(
    "args",
    [
        ["show"],
        ["facets"],
        ["cited-by"],
        ["review", "open"],
        ["compare", "2210.17323"],
        ["list"],
        ["refs", "--offline"],
    ],
)
def test_an_argument_too_long_to_name_a_paper_is_a_usage_error(root, args):
    # 50,000 characters made the name lookup a database error ("LIKE or GLOB pattern too
    # complex"); a title or a path is far shorter
    make_library(root)
    result = CliRunner().invoke(cli, [*args, "a" * 60_000])
    assert result.exit_code == 2, result.output
    assert "60000 characters are too many to name anything here" in result.output
    assert CliRunner().invoke(cli, [*args, "a" * 4096]).exit_code != 2  # (a long path, read)


@pytest.mark.parametrize("args", [["list"], ["list", "--json"], ["search", "quantization"]])
def test_a_reader_that_stops_reading_is_no_error(root, args):
    """`papers list | head -1` under `set -o pipefail`: the reader has what it wanted, so the
    command ends with 0 and says nothing (click's exit 1 read as "nothing found")."""
    make_library(root)
    read, write = os.pipe()
    os.close(read)  # (the reader is gone before the first line)
    try:
        out = subprocess.run(
            [sys.executable, "-m", "papers", *args],
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PAPERS_ROOT": str(root)},
        )
    finally:
        os.close(write)
    assert (out.returncode, out.stderr) == (0, "")


def test_a_width_of_one_side_lists_the_papers_that_evaluate_a_pair_with_it(root):
    """ "4-bit weights" (read as W4) or "A8": a paper that evaluates a W/A pair keeps the side
    alone as a mention only, so these matched no paper; they list the pairs' papers."""
    db = make_library(root)
    _facets(db, "2306.00978", "W4A16")
    _facets(db, "2210.17323", "W4A8")
    _facets(db, "1412.6115", "W8A8", mentioned=("W4",))
    for typed, ids in (
        ("W4", {"2306.00978", "2210.17323"}),
        ("4-bit weights", {"2306.00978", "2210.17323"}),
        # (as a reviewer may type the side: each read as W4 or A16)
        ("INT4 weights", {"2306.00978", "2210.17323"}),
        ("4-bit-weights", {"2306.00978", "2210.17323"}),
        ("weights 4-bit", {"2306.00978", "2210.17323"}),
        # (the side first, then words before its width: these named no value)
        ("weights at 4 bits", {"2306.00978", "2210.17323"}),
        ("weights quantized to 4 bits", {"2306.00978", "2210.17323"}),
        ("activations in 16 bits", {"2306.00978"}),
        ("16-bit activations", {"2306.00978"}),
        ("A8", {"2210.17323", "1412.6115"}),
        ("8-bit activations", {"2210.17323", "1412.6115"}),
    ):
        result = CliRunner().invoke(cli, ["list", "--json", "--facet", typed])
        assert result.exit_code == 0, (typed, result.output)
        assert {p["id"] for p in json.loads(result.stdout)} == ids, typed
    assert CliRunner().invoke(cli, ["list", "--facet", "W3"]).exit_code == 1


def test_a_family_the_lens_stores_only_with_sizes_lists_its_members_papers(root):
    # `--facet ResNet` said "no paper in the library names ResNet" beside eleven papers that
    # evaluate ResNet-18 or ResNet-50: the lens keeps "LLaMA-2" beside LLaMA-2-7B, but not
    # "ResNet" beside ResNet-18
    from papers.library import store_facets
    from papers.models import Facet

    db = make_library(root)

    def models(paper_id, *values, mentioned=()):
        facets = [Facet("model", v, True, []) for v in values]
        store_facets(db, paper_id, facets + [Facet("model", v, False, []) for v in mentioned], "t")

    models("2306.00978", "ResNet-18", "LLaMA-2-7B", "LLaMA-2", "RoBERTa-base")
    models("2210.17323", "ResNet-50", "GPT-3-175B", "LLaMA-7B", "LLaMA")
    models("1412.6115", "VGG-16", "RoBERTa", mentioned=("ResNet-34", "ResNet"))
    for typed, ids in (
        ("ResNet", {"2306.00978", "2210.17323"}),  # (a member only mentioned is not run)
        ("resnet", {"2306.00978", "2210.17323"}),
        ("GPT-3", {"2210.17323"}),
        ("LLaMA", {"2210.17323"}),  # (LLaMA-2-7B is LLaMA-2's, not LLaMA's)
        ("LLaMA-2", {"2306.00978"}),
        # (a family one paper names alone and another with a size: both, whatever a third
        # mentions; it listed only the first)
        ("RoBERTa", {"1412.6115", "2306.00978"}),
    ):
        result = CliRunner().invoke(cli, ["list", "--json", "--facet", typed])
        assert result.exit_code == 0, (typed, result.output)
        assert {p["id"] for p in json.loads(result.stdout)} == ids, typed
    said = CliRunner().invoke(cli, ["list", "--facet", "ResNet"]).stderr
    assert said.startswith(
        "--facet ResNet: read as ResNet or any of ResNet-18, ResNet-34, ResNet-50\n"
    )
    said = CliRunner().invoke(cli, ["list", "--facet", "RoBERTa"]).stderr
    assert said.startswith("--facet RoBERTa: read as RoBERTa or any of RoBERTa-base\n")
    # (the lens keeps LLaMA-2 beside its sizes: its members add nothing to say)
    assert "read as" not in CliRunner().invoke(cli, ["list", "--facet", "LLaMA-2"]).stderr
    # with another facet, each member is one of the family, not all of it
    both = CliRunner().invoke(cli, ["list", "--json", "--facet", "ResNet", "--facet", "GPT-3"])
    assert [p["id"] for p in json.loads(both.stdout)] == ["2210.17323"]
    assert CliRunner().invoke(cli, ["list", "--facet", "Res"]).exit_code == 1


def test_a_suite_of_benchmarks_lists_the_papers_that_run_any_of_its_tasks(root):
    # `--facet zero-shot` said "no paper in the library names zero-shot" beside papers whose
    # tables run PIQA, HellaSwag and ARC: papers print the tasks, not the suite's name
    from papers.library import store_facets
    from papers.models import Facet

    db = make_library(root)

    def run_on(paper_id, *values, mentioned=()):
        facets = [Facet("benchmark", v, True, []) for v in values]
        facets += [Facet("benchmark", v, False, []) for v in mentioned]
        store_facets(db, paper_id, [*facets, Facet("precision", "W4A16", True, [])], "t")

    run_on("2306.00978", "PIQA", "HellaSwag", "WikiText-2")
    run_on("2210.17323", "LAMBADA", "WikiText-2")
    run_on("1412.6115", "ImageNet", mentioned=("ARC-Easy",))  # (a task only mentioned)
    for typed, ids in (
        ("zero-shot", {"2306.00978", "2210.17323"}),
        ("Zero-Shot Tasks", {"2306.00978", "2210.17323"}),
        ("commonsense reasoning", {"2306.00978"}),  # (LAMBADA is no commonsense task)
    ):
        result = CliRunner().invoke(cli, ["list", "--json", "--facet", typed, "--facet", "W4A16"])
        assert result.exit_code == 0, (typed, result.output)
        assert {p["id"] for p in json.loads(result.stdout)} == ids, typed
    said = CliRunner().invoke(cli, ["list", "--facet", "zero-shot"]).stderr
    assert said.startswith("--facet zero-shot: read as any of ARC-Easy, HellaSwag, LAMBADA, PIQA\n")
    asked = ["list", "--json", "--facet", "zero-shot", "--show", "benchmark"]
    shown = CliRunner().invoke(cli, asked)
    by_id = {p["id"]: p["evaluated"]["benchmark"] for p in json.loads(shown.stdout)}
    assert by_id["2306.00978"] == ["HellaSwag", "PIQA", "WikiText-2"]


def test_list_says_when_limit_left_papers_out(root):
    # `list --limit 2` said nothing of the others, where search, next and cited-by do: a
    # script reading --json took the first two for the library
    make_library(root)
    count = len(json.loads(CliRunner().invoke(cli, ["list", "--json"]).stdout))
    assert count >= 3
    cut = CliRunner().invoke(cli, ["list", "--json", "--limit", str(count - 1)])
    assert len(json.loads(cut.stdout)) == count - 1
    assert cut.stderr == f"more papers not shown: raise --limit (now {count - 1})\n"
    whole = CliRunner().invoke(cli, ["list", "--limit", str(count)])
    assert whole.exit_code == 0 and "not shown" not in whole.stderr


def test_a_library_adds_suites_of_its_own_that_mark_no_facet_stale(root):
    # a library's quant_vocab.toml said "unknown table 'suite'": a reader's own grouping
    # ("long context", or zero-shot as their team counts it) could not be asked for
    from papers.library import rules_version, stale_facets, store_facets
    from papers.models import Facet

    db = make_library(root)
    extra = root / "quant_vocab.toml"
    extra.write_text("[[baseline]]\nvalue = \"FooQuant\"\npatterns = ['FooQuant']\n")
    for paper_id, task in (("2306.00978", "LongBench"), ("2210.17323", "PIQA")):
        facets = [Facet("benchmark", task, True, []), Facet("precision", "W4A16", True, [])]
        store_facets(db, paper_id, facets, rules_version(root))
    assert stale_facets(db, root) == []
    extra.write_text(
        extra.read_text()
        + '\n[[suite]]\nvalue = "long context"\nnames = ["long-context"]\n'
        + 'members = ["LongBench", "Needle"]\n\n[[suite]]\nvalue = "zero-shot tasks"\n'
        + 'names = ["zero-shot"]\nmembers = ["LongBench"]\n'
    )
    os.utime(extra, (1, 1))  # (another stamp than the first file's, whatever the clock)
    assert stale_facets(db, root) == []  # (the rules read no suite)
    for typed, ids in (("long context", ["2306.00978"]), ("Long-Context", ["2306.00978"])):
        result = CliRunner().invoke(cli, ["list", "--json", "--facet", typed, "--facet", "W4A16"])
        assert result.exit_code == 0, result.output
        assert [p["id"] for p in json.loads(result.stdout)] == ids
    # a library's suite of a packaged name is the library's, by each of the packaged names
    # ("zero-shot accuracy" still read the packaged tasks)
    for typed in ("zero-shot", "zero-shot tasks", "zero-shot accuracy"):
        result = CliRunner().invoke(cli, ["list", "--json", "--facet", typed])
        assert [p["id"] for p in json.loads(result.stdout)] == ["2306.00978"], typed
    # a suite written wrong is said, and left out: the listings go on (the rules read none)
    baseline = "[[baseline]]\nvalue = \"FooQuant\"\npatterns = ['FooQuant']\n"
    extra.write_text(baseline + '\n[[suite]]  # my own\nvalue = "x"\nmembers = "PIQA"\n')
    from papers.library import suites

    suites.cache_clear()  # (one process: as the next command reads it)
    bad = CliRunner().invoke(cli, ["list", "--facet", "W4A16"])
    assert bad.exit_code == 0
    assert "quant_vocab.toml: " in bad.stderr and "members must be a list of text" in bad.stderr
    assert "its suites are left out" in bad.stderr
    assert stale_facets(db, root) == []  # (nor are the stored facets called stale)


def test_a_suite_no_paper_runs_is_said_to_be_run_by_none_not_to_name_no_value(root):
    # the README's own suite, in a library where no paper runs a member: "('long', 'context'
    # name no value; did you mean ConvNeXt?)", and a one-word suite "'kvbench' names no value"
    from papers.library import rules_version, store_facets
    from papers.models import Facet

    db = make_library(root)
    run_on = [Facet("benchmark", "WikiText-2", True, []), Facet("model", "ConvNeXt", True, [])]
    (root / "quant_vocab.toml").write_text(
        '[[suite]]\nvalue = "long context"\nnames = ["long-context"]\nmembers = ["LongBench", '
        '"LongBench v2", "Needle-in-a-Haystack", "RULER", "InfiniteBench"]\n\n'
        '[[suite]]\nvalue = "kvbench"\nmembers = ["LongBench"]\n'
    )
    rules = rules_version(root)
    store_facets(db, "2306.00978", [*run_on, Facet("model", "LLaMA-2", True, [])], rules)
    long_context = (
        "no library paper evaluates the suite long context or any of its members (LongBench, "
        "LongBench v2, Needle-in-a-Haystack, RULER, InfiniteBench)"
    )
    for typed, said in (
        ("long context", long_context),
        ("long context on LLaMA-2", long_context),  # (read as the suite and LLaMA-2)
        (
            "kvbench",
            "no library paper evaluates the suite kvbench or any of its members (LongBench)",
        ),
        # (a packaged suite too)
        (
            "zero-shot",
            "no library paper evaluates the suite zero-shot or any of its members "
            "(PIQA, HellaSwag, WinoGrande, ARC, ARC-Easy, ARC-Challenge and 7 more)",
        ),
    ):
        result = CliRunner().invoke(cli, ["list", "--facet", typed])
        assert result.exit_code == 1, typed
        assert said in result.stderr, (typed, result.stderr)
        assert "no value" not in result.stderr and "did you mean" not in result.stderr, typed
    # once a paper runs a member, the suite in a question is read as one value, not two words
    store_facets(db, "2210.17323", [Facet("benchmark", "RULER", True, []), *run_on[1:]], rules)
    store_facets(db, "2306.00978", [*run_on, Facet("benchmark", "LongBench", True, [])], rules)
    asked = ["list", "--json", "--facet", "long context with ConvNeXt"]
    result = CliRunner().invoke(cli, asked, catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert {p["id"] for p in json.loads(result.stdout)} == {"2210.17323", "2306.00978"}
    assert "read as long context + ConvNeXt" in result.stderr


def test_the_suites_are_no_part_of_the_rules_version():
    # the rules never read the suites: a suite added or changed marks no stored facet stale,
    # while a change anywhere else in the vocabulary does
    from importlib import resources

    from papers.library import VOCABULARY_FILE, _as_rules_read, suites

    data = resources.files("papers").joinpath(VOCABULARY_FILE).read_bytes()
    suite = b'[[suite]]\nvalue = "long context"\nnames = []\nmembers = ["LongBench"]\n\n'
    added = data.replace(b"[[suite]]", suite + b"[[suite]]", 1)
    assert _as_rules_read(VOCABULARY_FILE, added) == _as_rules_read(VOCABULARY_FILE, data)
    # (the words "[[suite]]" in a comment above are no table: the section is where one is)
    commented = b"# each [[suite]] table below\n" + data
    assert _as_rules_read(VOCABULARY_FILE, commented).startswith(b"# each [[suite]] table")
    assert b"[[suite]]" not in _as_rules_read(VOCABULARY_FILE, data)
    edited = data.replace(b'value = "PIQA"', b'value = "PIQA-1"', 1)
    assert _as_rules_read(VOCABULARY_FILE, edited) != _as_rules_read(VOCABULARY_FILE, data)
    assert suites()["zeroshot"].value == "zero-shot tasks"
    # each member is a benchmark the vocabulary reports, as it spells it
    import tomllib

    from papers.models import facet_key

    benchmarks = {
        facet_key(entry["value"])
        for entry in tomllib.loads(data.decode("utf-8"))["benchmark"]
        if isinstance(entry["value"], str)
    }
    members = {member for suite in suites().values() for member in suite.members}
    assert members and members <= benchmarks, members - benchmarks


def test_a_weights_side_reads_the_same_alone_and_with_other_values(root):
    """ "W4" names the W4 pairs; "W4 g128" read W4 as 4-bit, which adds the weight-only
    papers: one setting, two answers by spelling."""
    from papers.library import store_facets
    from papers.models import Facet

    db = make_library(root)
    g128 = Facet("granularity", "g128", True, [])
    store_facets(db, "2306.00978", [Facet("precision", "W4A16", True, []), g128], "test")
    store_facets(db, "2210.17323", [Facet("precision", "4-bit", True, []), g128], "test")
    alone = CliRunner().invoke(cli, ["list", "--json", "--facet", "W4", "--facet", "g128"])
    for typed in (
        "W4 g128",
        "INT4 weights g128",
        "weights 4-bit g128",
        "W4 gs128",
        "w4g128",
        "w4-g128",  # (it was 4-bit + g128, where w4g128 was W4 + g128)
    ):
        together = CliRunner().invoke(cli, ["list", "--json", "--facet", typed])
        assert "read as W4 + g128" in together.stderr, typed
        assert [p["id"] for p in json.loads(together.stdout)] == ["2306.00978"], typed
        assert json.loads(alone.stdout) == json.loads(together.stdout)


def test_a_weights_side_names_the_papers_that_write_only_the_weights_width(root):
    # "W4" misses GPTQ, which writes "4-bit" and no pair, as "W4A16" does; both say so
    db = make_library(root)
    _facets(db, "2306.00978", "W4A8")
    _facets(db, "2210.17323", "4-bit")
    for typed in ("W4", "4-bit weights"):
        result = CliRunner().invoke(cli, ["list", "--facet", typed])
        assert result.stderr.splitlines()[-1].startswith(
            "note: 1 more paper(s) evaluate 4-bit or INT4 and write no W4/A pair"
        ), typed
        assert result.stderr.splitlines()[-1].endswith(": 2210.17323")


@pytest.mark.parametrize(
    ("typed", "value"),
    [("gs128", "g128"), ("group128", "g128"), ("groupsize-64", "g64"), ("group size 64", "g64")],
)
def test_a_group_size_spelt_as_a_checkpoint_names_it(root, typed, value):
    from papers.library import store_facets
    from papers.models import Facet

    db = make_library(root)
    store_facets(db, "2210.17323", [Facet("granularity", value, True, [])], "test")
    result = CliRunner().invoke(cli, ["list", "--json", "--facet", typed])
    assert [p["id"] for p in json.loads(result.stdout)] == ["2210.17323"], result.stderr


def test_a_hugging_face_checkpoint_name_names_its_model(root):
    from papers.library import store_facets
    from papers.models import Facet

    db = make_library(root)
    facets = [Facet("model", "LLaMA-2-7B", True, []), Facet("granularity", "g128", True, [])]
    store_facets(db, "2210.17323", facets, "test")
    result = CliRunner().invoke(cli, ["list", "--json", "--facet", "llama-2-7b-hf"])
    assert "read as LLaMA-2-7B" in result.stderr
    assert [p["id"] for p in json.loads(result.stdout)] == ["2210.17323"]
    among = CliRunner().invoke(cli, ["list", "--json", "--facet", "g128 Llama-2-7b-hf"])
    assert "read as g128 + LLaMA-2-7B" in among.stderr
    # as it is pasted from the Hub, with its organisation
    hub = CliRunner().invoke(cli, ["list", "--json", "--facet", "meta-llama/Llama-2-7b-hf"])
    assert [p["id"] for p in json.loads(hub.stdout)] == ["2210.17323"], hub.stderr


def test_a_method_no_paper_compares_against_is_pointed_at_its_own_paper(root):
    # "--facet OmniQuant" with OmniQuant in the library but no paper using it as a baseline
    db = make_library(root)
    save_paper(db, Paper(id="2308.13137", title="OmniQuant: Omnidirectionally Calibrated"))
    _facets(db, "2210.17323", "4-bit")
    result = CliRunner().invoke(cli, ["list", "--facet", "OmniQuant"])
    assert result.exit_code == 1
    assert "2308.13137 is OmniQuant itself: 'papers facets 2308.13137'" in result.stderr


def test_a_method_asked_with_other_facets_names_its_own_paper_when_it_runs_them(root):
    # "who evaluates GPTQ at 3-bit on OPT-175B": GPTQ's own paper, which runs both, was left
    # out without a word (it is not its own baseline); said only when zero papers matched
    from papers.library import store_facets
    from papers.models import Facet

    db = make_library(root)  # (GPTQ's paper among them)
    run_ = [Facet("precision", "3-bit", True, []), Facet("model", "OPT-175B", True, [])]
    store_facets(db, "2210.17323", run_, "test")
    store_facets(db, "2306.00978", [*run_, Facet("baseline", "GPTQ", True, [])], "test")
    store_facets(db, "1412.6115", [Facet("baseline", "GPTQ", True, [])], "test")
    asked = ["list", "--facet", "3-bit", "--facet", "OPT-175B", "--facet", "GPTQ"]
    result = CliRunner().invoke(cli, asked)
    assert [line.split()[0] for line in result.stdout.splitlines()[2:]] == ["2306.00978"]
    assert (
        "note: 2210.17323 is GPTQ itself and evaluates the other facets asked: a paper is not "
        "its own baseline ('papers facets 2210.17323' shows what it evaluates)"
    ) in result.stderr.splitlines()
    # nor when no paper compares against it with the rest: said with the counts
    alone = CliRunner().invoke(cli, ["list", "--facet", "GPTQ", "--facet", "3-bit"])
    assert alone.exit_code == 0  # (2306.00978 runs both)
    store_facets(db, "2306.00978", run_, "test")  # (no longer compares against GPTQ)
    none = CliRunner().invoke(cli, ["list", "--facet", "GPTQ", "--facet", "3-bit"])
    assert none.exit_code == 1
    assert "no paper evaluates them all" in none.stderr
    assert "2210.17323 is GPTQ itself and evaluates the other facets asked" in none.stderr
    # not when it does not run them
    store_facets(db, "2210.17323", [Facet("precision", "3-bit", True, [])], "test")
    assert "itself" not in CliRunner().invoke(cli, asked).stderr
    # a method's paper known by its title's initials too ("LAPQ", as `show LAPQ` finds it)
    from papers.db import save_paper
    from papers.models import Paper

    save_paper(db, Paper(id="1911.07190", title="Loss Aware Post-training Quantization"))
    store_facets(db, "1911.07190", [Facet("precision", "4-bit", True, [])], "test")
    store_facets(
        db,
        "2306.00978",
        [Facet("precision", "4-bit", True, []), Facet("baseline", "LAPQ", True, [])],
        "test",
    )
    lapq = CliRunner().invoke(cli, ["list", "--facet", "LAPQ", "--facet", "4-bit"])
    assert "1911.07190 is LAPQ itself and evaluates the other facets asked" in lapq.stderr


def test_facets_asked_together_show_the_pages_where_they_meet(root):
    """ "W4A8 with per-group scales": a paper evaluates both, but maybe in two experiments;
    the listing says on which pages both are run, and names the papers where none holds both."""
    from papers.library import store_facets
    from papers.models import Facet

    db = make_library(root)
    store_facets(
        db,
        "2306.00978",
        [Facet("precision", "W4A8", True, [], [7, 8]), Facet("granularity", "g128", True, [], [8])],
        library_rules(root),
    )
    store_facets(
        db,
        "2210.17323",
        [Facet("precision", "W4A8", True, [], [3]), Facet("granularity", "g128", True, [], [9])],
        library_rules(root),
    )
    result = CliRunner().invoke(cli, ["list", "--facet", "W4A8", "--facet", "g128"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split()[:4] == ["id", "year", "same", "page"]
    cells = {line.split()[0]: line.split()[2] for line in lines[2:]}
    assert cells == {"2306.00978": "p.8", "2210.17323": "-"}
    assert result.stderr.splitlines()[-1] == (
        "note: 1 of 2 paper(s) evaluate them on no one page: perhaps in different "
        "experiments, or one is set once for all (in the method) ('papers facets ID' shows "
        "where): 2210.17323"
    )
    data = json.loads(CliRunner().invoke(cli, ["list", "--json", "--facet", "W4A8 g128"]).stdout)
    assert {p["id"]: p["same_page"] for p in data} == {"2306.00978": [8], "2210.17323": []}
    # one facet: no column; facets from older rules kept no pages: "?", not "-"
    assert "same page" not in CliRunner().invoke(cli, ["list", "--facet", "W4A8"]).stdout
    store_facets(db, "2210.17323", [Facet("precision", "W4A8", True, [])], "older rules")
    store_facets(db, "2306.00978", [Facet("precision", "W4A8", True, [])], "older rules")
    data = json.loads(
        CliRunner().invoke(cli, ["list", "--json", "--facet", "W4A8", "--facet", "W4A8"]).stdout
    )
    assert [p["same_page"] for p in data] == [None, None]


def library_rules(root) -> str:
    from papers.library import rules_version

    return rules_version(root)


def test_facets_stored_before_pages_were_kept_are_read_and_shown_as_unknown(root, monkeypatch):
    # a library of the last release: no pages column, facets from its (older) rules
    from papers.library import paper_facets, store_facets
    from papers.models import Facet

    db = make_library(root)
    old = [Facet("precision", "W4A8", True, []), Facet("granularity", "g128", True, [])]
    store_facets(db, "2210.17323", old, "older rules")
    with db.conn:
        db.execute("ALTER TABLE facets DROP COLUMN pages")
        db.execute("DELETE FROM _sqlite_migrations WHERE name = '012_facet_pages'")
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.conn.close()

    def unknown_pages() -> None:
        result = CliRunner().invoke(cli, ["list", "--facet", "W4A8", "--facet", "g128"])
        assert result.exit_code == 0, result.output
        assert result.stdout.splitlines()[2].split()[2] == "?"
        assert "no one page" not in result.stderr

    # where it cannot be written (a shared copy), it is read as it is: no pages known
    from test_library_root import readable_only

    with monkeypatch.context() as patched:
        readable_only(patched)
        unknown_pages()
    # where it can, opening it adds the column, and its facets' pages are not known either
    db = open_db(root)
    assert [f.pages for f in paper_facets(db, ["2210.17323"])["2210.17323"]] == [None, None]
    unknown_pages()


def test_list_show_takes_a_value_of_the_whole_paper_as_with_the_setting(root, monkeypatch):
    """A value read from the paper as a whole (pages "[]") bounds nothing, as in the 'same
    page' column: it went to "elsewhere". And a library of the last release but one, read
    where it cannot be written, has no pages at all: every value is with the setting (its
    `list --show` was a database error, "no such column: pages")."""
    from papers.library import store_facets
    from papers.models import Facet

    db = make_library(root)
    facets = [
        Facet("precision", "W4A8", True, [], [7]),
        Facet("method", "data-free", True, [], []),
        Facet("method", "PTQ", True, [], [7]),
        Facet("method", "QAT", True, [], [2]),
    ]
    store_facets(db, "2210.17323", facets, "test")
    asked = ["list", "--facet", "W4A8", "--show", "method", "--json"]
    (shown,) = json.loads(run(*asked).stdout)
    assert sorted(shown["evaluated"]["method"]) == ["PTQ", "data-free"]
    assert shown["elsewhere"]["method"] == ["QAT"]
    shown = _shown_read_only(
        db, monkeypatch, asked, "pages", ["012_facet_pages", "013_text_words_whole"]
    )
    assert sorted(shown["evaluated"]["method"]) == ["PTQ", "QAT", "data-free"]
    assert not shown["elsewhere"]["method"]


def test_list_show_reads_the_last_releases_facets_by_their_pages(root, monkeypatch):
    """Its facets have pages and no places (migration 014): where it cannot be written, it is
    read as it is, and a value is with the setting where it shares a page with it, as before;
    where places are known, only where it shares a table or sentence."""
    from papers.library import store_facets
    from papers.models import Facet

    db = make_library(root)
    facets = [
        Facet("precision", "W4A8", True, [], [7], [(7, 3)]),
        Facet("baseline", "RTN", True, [], [7], [(7, 3)]),
        Facet("baseline", "SmoothQuant", True, [], [7], [(7, -120)]),  # (a sentence of page 7)
    ]
    store_facets(db, "2210.17323", facets, "test")
    asked = ["list", "--facet", "W4A8", "--show", "baseline", "--json"]
    (shown,) = json.loads(run(*asked).stdout)
    assert (shown["evaluated"]["baseline"], shown["elsewhere"]["baseline"]) == (
        ["RTN"],
        ["SmoothQuant"],
    )
    shown = _shown_read_only(db, monkeypatch, asked, "places", ["014_facet_places"])
    assert shown["evaluated"]["baseline"] == ["RTN", "SmoothQuant"]


def _shown_read_only(db, monkeypatch, asked: list[str], column: str, lacking: list[str]) -> dict:
    """The one paper `asked` lists in a library an older release left (without `column` and
    the migrations `lacking`), read where it cannot be written."""
    from test_library_root import readable_only

    with db.conn:
        db.execute(f"ALTER TABLE facets DROP COLUMN {column}")
        marks = ", ".join("?" for _ in lacking)
        db.execute(f"DELETE FROM _sqlite_migrations WHERE name IN ({marks})", lacking)
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.conn.close()
    readable_only(monkeypatch)
    result = run(*asked)
    assert result.exit_code == 0, result.output
    (shown,) = json.loads(result.stdout)
    return shown


def test_compare_diff_sets_apart_the_papers_read_and_not_a_paper_never_read(root):
    # AWQ has no PDF: its "?" kept every row where GPTQ and 1412.6115 agree
    from papers.library import store_facets
    from papers.models import Facet

    db = make_library(root)
    (root / "papers" / "1412.6115v1.pdf").write_bytes(b"%PDF-1.4 fake")
    db["papers"].update("1412.6115", {"pdf": "papers/1412.6115v1.pdf"})
    for paper_id, bits in (("2210.17323", "4-bit"), ("1412.6115", "8-bit")):
        facets = [Facet("precision", bits, True, [], [3]), Facet("model", "OPT", True, [], [3])]
        store_facets(db, paper_id, facets, "test")
    out = run("compare", "2210.17323", "1412.6115", "2306.00978", "--diff").stdout
    rows = {line.split()[0]: line.split()[1:] for line in out.splitlines()[1:-1]}
    assert rows == {"precision": ["4-bit", "8-bit", "?"]}
    assert out.splitlines()[-1] == "Both with facets read evaluate: OPT"


def test_a_paper_never_extracted_is_unread_and_one_extracted_without_facets_is_not(root):
    # GPTQ has its PDF but no facets and no rules recorded (extraction never ran): "-" said
    # it evaluates nothing; once extracted and found to have none, "-" is right
    from papers.library import store_facets

    db = make_library(root)
    rows = {p["id"]: p for p in json.loads(run("list", "--show", "baseline", "--json").stdout)}
    assert rows["2210.17323"]["evaluated"] is None and rows["2306.00978"]["evaluated"] is None
    both = run("compare", "2210.17323", "2306.00978", "--diff")
    assert both.stdout == "2 of 2 papers have no facets read: nothing to set apart\n"
    store_facets(db, "2210.17323", [], "test")
    rows = {p["id"]: p for p in json.loads(run("list", "--show", "baseline", "--json").stdout)}
    assert rows["2210.17323"]["evaluated"] == {"baseline": []}


def test_the_spellings_a_listing_reads_once_follow_every_write(root):
    # (read once per open database while it is unchanged: a facet stored since, by this
    # connection or by another command, is listed)
    import sqlite3

    from papers.library import list_papers, store_facets
    from papers.models import Facet

    db = make_library(root)
    assert list_papers(db, facets=["W4A8"]) == []
    store_facets(db, "2210.17323", [Facet("precision", "W4A8", True, [])], "test")
    db.conn.commit()
    assert [p.id for p in list_papers(db, facets=["W4A8"])] == ["2210.17323"]
    other = sqlite3.connect(root / "papers" / "papers.db")
    with other:
        other.execute(
            "INSERT INTO facets (paper_id, category, value, evaluated) "
            "VALUES ('2306.00978', 'granularity', 'g128', 1)"
        )
    other.close()
    assert [p.id for p in list_papers(db, facets=["g128"])] == ["2306.00978"]


def test_a_facet_of_the_whole_paper_bounds_no_page(root):
    # a method family read from the title or abstract keeps no page: the other facets' pages
    # are where they meet, and two such facets meet nowhere known ("?", not "-")
    from papers.library import store_facets
    from papers.models import Facet

    db = make_library(root)
    facets = [
        Facet("method", "data-free", True, [], []),
        Facet("method", "PTQ", True, [], []),
        Facet("precision", "W4A8", True, [], [3, 5]),
    ]
    store_facets(db, "2210.17323", facets, "test")
    db.conn.commit()

    def same_page(*values: str):
        args = [arg for value in values for arg in ("--facet", value)]
        data = json.loads(CliRunner().invoke(cli, ["list", "--json", *args]).stdout)
        return data[0]["same_page"]

    assert same_page("data-free", "W4A8") == [3, 5]
    assert same_page("data-free", "PTQ") is None


def test_the_spellings_read_once_are_read_again_after_a_rollback(root):
    # (total_changes counts a write that a rollback undid: the spellings read inside it lasted)
    from papers.db import write_transaction
    from papers.library import list_papers, store_facets
    from papers.models import Facet

    db = make_library(root)
    store_facets(db, "2210.17323", [Facet("precision", "W4A8", True, [])], "test")
    db.conn.commit()
    with pytest.raises(KeyError), write_transaction(db):
        db.execute("DELETE FROM facets")
        assert list_papers(db, facets=["W4A8"]) == []
        raise KeyError("rolled back")
    assert [p.id for p in list_papers(db, facets=["W4A8"])] == ["2210.17323"]


@pytest.mark.parametrize(
    "typed",
    [
        "W4 A8",
        "A8 W4",
        "INT4 weights INT8 activations",
        "weights 4-bit, activations 8-bit",
        # (read as W4 + A8 with "and" between the sides)
        "4-bit weights and 8-bit activations",
        "W4 and A8",
    ],
)
def test_both_sides_typed_in_words_are_one_pair(root, typed):
    # "INT4 weights INT8 activations" read as W4 + A8: a paper of W4A4 and W8A8 runs matched
    db = make_library(root)
    _facets(db, "2306.00978", "W4A8")
    _facets(db, "2210.17323", "W4A4", "W8A8")
    result = CliRunner().invoke(cli, ["list", "--json", "--facet", typed])
    assert [p["id"] for p in json.loads(result.stdout)] == ["2306.00978"], result.stderr


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("3-bit and 4-bit weights", "W3 + W4"),
        ("2-, 3- and 4-bit weights", "W2 + W3 + W4"),
        ("3 and 4-bit weights on LLaMA-2", "W3 + W4 + LLaMA-2"),
        ("3-bit and 4-bit weights and 16-bit activations", "W3 + W4A16"),
        # (a slash lists them as papers print them: "3/4-bit" was read as 4-bit alone, the
        # "3/" taken for a Hugging Face owner; "INT4/INT8" as INT8)
        ("3/4-bit weights", "W3 + W4"),
        ("2/3/4-bit weights on LLaMA-2", "W2 + W3 + W4 + LLaMA-2"),
    ],
)
def test_widths_listed_before_a_side_are_each_of_that_side(root, typed, read):
    # "3-bit and 4-bit weights" was read as "3-bit + W4": a paper of 3-bit activations and
    # 4-bit weights matched it, one of 3-bit and 4-bit weights (W3A16, W4A16) did not
    db = make_library(root)
    _facets(db, "2306.00978", "W3A16", "W4A16", "W2A16", "LLaMA-2")
    # (its W8A8 makes its 3-bit of no known side: a paper whose pairs are all weight-only
    # writes its weights' width alone, and would be listed)
    _facets(db, "2210.17323", "W4A16", "3-bit", "W2A16", "W8A8", "LLaMA-2")
    result = CliRunner().invoke(cli, ["list", "--json", "--facet", typed])
    assert [p["id"] for p in json.loads(result.stdout)] == ["2306.00978"], result.stderr
    assert f"read as {read}\n" in result.stderr


def test_a_number_before_a_width_is_no_width_without_a_comma_or_and(root):
    # (a reviewer: "Llama 2 4-bit weights" was read as LLaMA + W2 + W4)
    db = make_library(root)
    _facets(db, "2306.00978", "W4A16", "LLaMA-2")
    result = CliRunner().invoke(cli, ["list", "--json", "--facet", "Llama 2 4-bit weights"])
    assert [p["id"] for p in json.loads(result.stdout)] == ["2306.00978"], result.stderr
    assert "read as LLaMA-2 + W4\n" in result.stderr
    listed = CliRunner().invoke(cli, ["list", "--facet", "int4 and int8 weights"])
    assert "read as W4 + W8\n" in listed.stderr
    # (a second review: with a comma, the number a name before it takes was a width too)
    for typed, read in (
        ("Llama 2, 4-bit weights", "LLaMA-2 + W4"),
        ("Qwen 2.5, 4-bit weights", "Qwen2.5 + W4"),
        ("Llama 2, 3-bit and 4-bit weights", "LLaMA-2 + W3 + W4"),
        ("3, 4-bit", "3-bit + 4-bit"),
    ):
        listed = CliRunner().invoke(cli, ["list", "--facet", typed])
        assert f"read as {read}\n" in listed.stderr, typed


def test_two_values_a_slash_joins_are_both_asked_and_a_checkpoint_is_its_model(root):
    db = make_library(root)
    _facets(db, "2306.00978", "INT4", "INT8", "3-bit", "4-bit", "LLaMA-2-7B")
    _facets(db, "2210.17323", "INT8", "4-bit", "LLaMA-2-7B")
    for typed, read, ids in (
        ("INT4/INT8", "INT4 + INT8", ["2306.00978"]),
        ("3/4-bit", "3-bit + 4-bit", ["2306.00978"]),
        ("3,4-bit", "3-bit + 4-bit", ["2306.00978"]),
        ("meta-llama/Llama-2-7b-hf", "LLaMA-2-7B", ["2306.00978", "2210.17323"]),
    ):
        result = CliRunner().invoke(cli, ["list", "--json", "--facet", typed])
        assert sorted(p["id"] for p in json.loads(result.stdout)) == sorted(ids), typed
        assert f"read as {read}\n" in result.stderr, typed


def test_or_between_facets_is_said_to_be_unread(root):
    db = make_library(root)
    _facets(db, "2306.00978", "GPTQ")
    result = CliRunner().invoke(cli, ["list", "--facet", "GPTQ or AWQ"])
    assert result.exit_code == 1
    assert (
        "('or' names no value); 'or' is not read: the values asked are all needed" in result.output
    )


def test_the_unread_facets_of_many_papers_are_read_within_sqlites_oldest_variable_limit(root):
    # (list --show over 1,200 papers bound 1,200 ids in one IN list: "too many SQL variables"
    # where SQLite is older than 3.32, whose limit is 999)
    import sqlite3

    from papers.library import facets_unread, list_papers

    db = open_db(root)
    with db.conn:
        db["papers"].insert_all(
            {"id": f"2301.{n:05d}", "title": f"Paper {n}", "added": "2026-01-01T00:00:00Z"}
            for n in range(1200)
        )
    db.conn.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 999)
    papers = list_papers(db)
    assert len(papers) == 1200 and facets_unread(db, papers) == {p.id for p in papers}


def test_a_paper_is_found_by_words_of_its_title_as_papis_finds_one(root):
    """A local PDF's title has no name before a colon ("Towards Accurate ... via Bit-Split
    and Stitching"): `show Bit-Split` said it named no paper, though the lens calls the paper
    so. Words of one title name it; of several, the error lists them; part of a longer name
    ("QuIP" of "QuIP#", "Split" of "Bit-Split") names nothing."""
    db = make_library(root)
    for paper_id, title in (
        ("local:f147c64b8638", "Towards Accurate Post-training Network Quantization via Bit-Split"),
        (
            "1806.08342",
            "Quantizing deep convolutional networks for efficient inference: A whitepaper",
        ),
        ("2402.04396", "QuIP#: Even Better LLM Quantization with Hadamard Incoherence"),
    ):
        save_paper(db, Paper(id=paper_id, title=title))
    db.conn.commit()
    for typed, expected in (
        ("Bit-Split", "local:f147c64b8638"),
        ("bit split", "local:f147c64b8638"),
        ("towards accurate", "local:f147c64b8638"),
        ("whitepaper", "1806.08342"),
        ("Hadamard incoherence", "2402.04396"),
    ):
        result = run("show", typed, "--json")
        assert result.exit_code == 0, (typed, result.output)
        assert json.loads(result.stdout)["id"] == expected, typed
    for typed in ("QuIP", "Split", "Bit"):
        result = run("show", typed)
        assert result.exit_code == 1 and "nor the name of a paper" in result.stderr, typed
    several = run("show", "quantization")
    assert several.exit_code == 1
    assert "several papers answer to quantization: 2210.17323, 2306.00978, 2402.04396, local:f" in (
        several.stderr
    )
    # a name references cite stays theirs in review commands, not a title word's paper
    store_references(
        db,
        "2210.17323",
        [
            Reference(
                n=1,
                raw="QuIP",
                title="QuIP: 2-bit quantization of large language models",
                arxiv="2307.13304",
            )
        ],
    )
    db.conn.commit()
    review = run("review", "show", "QuIP")
    assert "references cite it as 2307.13304" in review.stderr
    assert "no review note for Bit-Split" in run("review", "show", "Bit-Split").stderr


def test_a_same_page_cell_says_how_many_more_pages_it_leaves_out():
    from papers.cli import _pages_cell

    assert _pages_cell([7, 8, 9, 23, 25]) == "p.7, 8, 9, 23 +1 more"
    assert _pages_cell([7, 8]) == "p.7, 8"
    assert (_pages_cell([]), _pages_cell(None)) == ("-", "?")


def test_papers_added_offline_sort_by_the_month_of_their_id(root):
    """A paper added offline has no "published" date until arXiv answers: it sorted after
    every dated paper, a 2023 paper below a 2014 one (a tester's finding). It sorts by the
    month its id was assigned, as its year is shown; a local PDF's paper, with no date, last
    either way."""
    make_library(root)  # AWQ (2023-06), GPTQ (2022-10), 1412.6115 (2014-12), all dated
    db = open_db(root)
    save_paper(db, Paper(id="2303.17951", title="FP8 versus INT8"))  # (no "published")
    save_paper(db, Paper(id="hep-th/9901001", title="An old-style id"))
    save_paper(db, Paper(id="local:f147c64b8638", title="Bit-Split"))

    def ids(*args):
        return [p["id"] for p in json.loads(run("list", "--json", *args).stdout)]

    newest = ["2306.00978", "2303.17951", "2210.17323", "1412.6115", "hep-th/9901001"]
    assert ids("--sort", "published") == [*newest, "local:f147c64b8638"]
    assert ids("--sort", "published", "--reverse") == [*newest[::-1], "local:f147c64b8638"]
    assert ids("--sort", "published", "--limit", "2") == newest[:2]
