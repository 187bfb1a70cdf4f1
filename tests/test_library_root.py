from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from papers import config
from papers.cli import cli
from papers.db import open_db, save_paper, set_document
from papers.models import Paper


def readable_only(monkeypatch) -> None:
    """SQLite as in a read-only folder or mount: the database opens immutable only."""
    from papers import db as db_module

    real = db_module._connect

    def refused(path, readonly, immutable=False):
        if not immutable:
            raise sqlite3.OperationalError("unable to open database file")
        return real(path, readonly, immutable)

    monkeypatch.setattr(db_module, "_connect", refused)


@contextlib.contextmanager
def another_command_writing(root, release_after: float | None = None):
    """Another command holding the library's write lock: for the block, or for
    `release_after` seconds of it (then it commits nothing and lets go)."""
    other = sqlite3.connect(root / "papers" / "papers.db", check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    release = None
    if release_after is not None:
        release = threading.Timer(release_after, other.rollback)
        release.start()
    try:
        yield
    finally:
        if release is not None:
            release.join()
        other.rollback()
        other.close()


def test_root_precedence(tmp_path, monkeypatch):
    explicit = tmp_path / "explicit"
    env = tmp_path / "env"
    monkeypatch.setenv("PAPERS_ROOT", str(env))
    assert config.find_root(explicit) == explicit.resolve()
    assert config.find_root(None) == env.resolve()


def test_upward_search_then_working_directory(tmp_path, monkeypatch):
    monkeypatch.delenv("PAPERS_ROOT")
    lib = tmp_path / "lib"
    (lib / "papers").mkdir(parents=True)
    (lib / "papers" / "papers.db").write_bytes(b"")
    deep = lib / "reviews" / "sub"
    deep.mkdir(parents=True)
    assert config.find_root(None, cwd=deep) == lib.resolve()
    elsewhere = tmp_path / "other"
    elsewhere.mkdir()
    assert config.find_root(None, cwd=elsewhere) == elsewhere.resolve()


def test_a_fresh_clones_notes_folder_has_its_root_above_it(tmp_path, monkeypatch, fake_arxiv):
    # `papers add` run inside a fresh clone's reviews/ made a second library there, beside
    # the notes, which `review list` then did not see
    monkeypatch.delenv("PAPERS_ROOT")
    clone = tmp_path / "clone"
    (clone / ".git").mkdir(parents=True)  # (a checkout of the team's notes)
    (clone / "reviews" / "sub").mkdir(parents=True)
    (clone / "reviews" / "sub" / "gptq.md").write_text("---\narxiv: '2210.17323'\n---\nx\n")
    assert config.find_root(None, cwd=clone / "reviews" / "sub") == clone.resolve()
    monkeypatch.chdir(clone / "reviews")
    fake_arxiv.add("2306.00978", 1, "AWQ: Activation-aware Weight Quantization", ["Ji Lin"])
    assert CliRunner().invoke(cli, ["add", "--no-pdf", "2306.00978"]).exit_code == 0
    assert (clone / "papers" / "papers.db").is_file()
    assert not (clone / "reviews" / "papers").exists()
    assert "reviews/sub/gptq.md" in CliRunner().invoke(cli, ["review", "list"]).stdout
    # a library in a folder of a checkout, as well as at its top
    mono = tmp_path / "mono"
    (mono / ".git").mkdir(parents=True)
    (mono / "lib" / "reviews").mkdir(parents=True)
    assert config.find_root(None, cwd=mono / "lib" / "reviews") == (mono / "lib").resolve()
    # a folder named reviews that no checkout holds is no library's (~/reviews/icml2025)
    (tmp_path / "home" / "reviews" / "icml").mkdir(parents=True)
    icml = (tmp_path / "home" / "reviews" / "icml").resolve()
    assert config.find_root(None, cwd=icml) == icml
    # a library whose reviews/ links elsewhere is found from inside the link, as the shell
    # names the folder ($PWD)
    elsewhere = tmp_path / "notes-elsewhere"
    elsewhere.mkdir()
    (clone / "reviews-link").symlink_to(elsewhere)
    monkeypatch.chdir(clone / "reviews-link")
    monkeypatch.setenv("PWD", str(clone / "reviews-link"))
    assert config.find_root(None) == clone
    monkeypatch.setenv("PWD", "/nonexistent")  # (a stale $PWD is not taken)
    assert config.find_root(None) == elsewhere.resolve()
    # a library found on the way up still comes first
    outer = tmp_path / "outer"
    (outer / "papers").mkdir(parents=True)
    (outer / "papers" / "papers.db").write_bytes(b"")
    (outer / "x" / "reviews").mkdir(parents=True)
    assert config.find_root(None, cwd=outer / "x" / "reviews") == outer.resolve()


def test_root_option_wins_over_environment(tmp_path, root):
    other = tmp_path / "other"
    db = open_db(other)
    save_paper(db, Paper(id="2210.17323", title="GPTQ", authors=["Elias Frantar"]))
    result = CliRunner().invoke(
        cli, ["--root", str(other), "list", "--json"], catch_exceptions=False
    )
    assert result.exit_code == 0
    assert '"2210.17323"' in result.output
    # The override ends with the command.
    assert config.find_root(None) == root.resolve()


def test_root_option_after_the_command_too(tmp_path, root):
    other, third = tmp_path / "other", tmp_path / "third"
    save_paper(open_db(other), Paper(id="2210.17323", title="GPTQ", authors=["Elias Frantar"]))
    save_paper(open_db(third), Paper(id="2306.00978", title="AWQ", authors=["Ji Lin"]))
    runner = CliRunner()
    listed = runner.invoke(cli, ["list", "--json", "--root", str(other)], catch_exceptions=False)
    assert [p["id"] for p in json.loads(listed.stdout)] == ["2210.17323"]
    # a subcommand of a group, and --root on both sides: the command's own wins
    goal = runner.invoke(cli, ["--root", str(third), "goal", "set", "4", "--root", str(other)])
    assert goal.exit_code == 0, goal.output
    assert open_db(other).execute("SELECT target FROM goals").fetchall() == [(4,)]
    assert open_db(third).execute("SELECT count(*) FROM goals").fetchone() == (0,)
    assert config.find_root(None) == root.resolve()  # (the override ends with the command)


def test_an_empty_root_is_a_usage_error_not_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    for args in (["--root", "", "add", "1412.6115"], ["list", "--root", " "]):
        result = runner.invoke(cli, args)
        assert result.exit_code == 2 and "an empty value names no folder" in result.output
    (tmp_path / "notes.txt").write_text("x")
    for args in (["--root", "notes.txt", "list"], ["review", "sync", "--root", "notes.txt"]):
        result = runner.invoke(cli, args)
        assert result.exit_code == 2
        assert "Error: Invalid value for '--root': notes.txt is a file, not a folder" in (
            result.stderr
        )
    assert not (tmp_path / "papers").exists()  # (no library made in the working directory)


def test_a_root_that_is_a_file_is_a_usage_error_from_the_environment_too(tmp_path, monkeypatch):
    # $PAPERS_ROOT naming a file exited 1 where --root FILE exited 2: it is --root's default,
    # and click reads an option's environment variable as the option (a usage error)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.txt").write_text("x")
    monkeypatch.setenv("PAPERS_ROOT", "notes.txt")
    runner = CliRunner()
    for args in (["list"], ["goal", "set", "2"], ["add", "1412.6115"], ["review", "sync"]):
        result = runner.invoke(cli, args)
        assert result.exit_code == 2, (args, result.output)
        [error] = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
        assert error == "Error: Invalid value for $PAPERS_ROOT: notes.txt is a file, not a folder"
        assert "Traceback" not in result.output
    assert not (tmp_path / "papers").exists()
    # (--root given, the variable is not read: the option wins, as ever)
    (tmp_path / "empty").mkdir()
    elsewhere = runner.invoke(cli, ["list", "--root", "empty"])
    assert elsewhere.exit_code == 1 and "no library at" in elsewhere.stderr  # (none there)


def test_database_settings_and_schema(root):
    db = open_db(root)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    assert {"papers", "files", "documents", "documents_fts", "arxiv_cache"} <= set(db.table_names())
    applied = [m["name"] for m in db.query("SELECT name FROM _sqlite_migrations")]
    # Opening again applies nothing twice.
    open_db(root)
    again = [m["name"] for m in open_db(root).query("SELECT name FROM _sqlite_migrations")]
    assert applied == again


def test_two_writers_at_once_both_succeed(root):
    """Two connections creating the schema and writing at the same moment: no 'locked' error."""
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            db = open_db(root)
            for i in range(20):
                save_paper(db, Paper(id=f"2301.{n}{i:04d}", title=f"paper {n} {i}"))
        except BaseException as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    count = sqlite3.connect(config.db_path(root)).execute("SELECT count(*) FROM papers").fetchone()
    assert count[0] == 40


def test_read_only_command_on_missing_library_creates_nothing(root):
    result = CliRunner().invoke(cli, ["list"], catch_exceptions=False)
    assert result.exit_code == 1
    assert "no library" in result.output
    assert not (root / "papers").exists()


def test_a_library_another_command_keeps_busy_is_a_one_line_error(tmp_path, monkeypatch):
    # another connection holds the write lock past the busy timeout: the command says so in
    # one line, no traceback, and the library is untouched
    from papers import db as db_module

    root = tmp_path / "lib"
    open_db(root)
    monkeypatch.setenv("PAPERS_ROOT", str(root))
    monkeypatch.setattr(db_module, "BUSY_TIMEOUT_MS", 200)
    with another_command_writing(root):
        result = CliRunner().invoke(cli, ["goal", "set", "2"])
        # reading commands whose notes need no indexing answer meanwhile
        reads = [CliRunner().invoke(cli, args) for args in (["review", "list"], ["stats"])]
    assert result.exit_code == 1
    assert result.output == (
        "Error: the library is busy: another command has held its database for 0.2 s; "
        "try again when it is done\n"
    )
    assert [r.exit_code for r in reads] == [0, 0], [r.output for r in reads]


def test_a_ctrl_c_during_a_wait_for_another_commands_write_is_heard(tmp_path, monkeypatch):
    """SQLite waits for a lock in C, where Python sees a signal only when it returns: the wait
    goes in slices, so a Ctrl-C stops the command while the other still writes."""
    import os
    import signal
    import threading

    from papers import config
    from papers import db as db_module
    from papers.db import write_transaction

    root = tmp_path / "lib"
    db = open_db(root)
    monkeypatch.setattr(db_module, "BUSY_NOTICE_MS", 100)
    monkeypatch.setattr(config, "notice", lambda message: None)
    other = sqlite3.connect(root / "papers" / "papers.db", check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    released = threading.Event()

    def release() -> None:
        released.set()
        other.rollback()

    threading.Timer(0.5, os.kill, [os.getpid(), signal.SIGINT]).start()  # the user's Ctrl-C
    end = threading.Timer(10, release)  # the other command ends its write much later
    end.start()
    try:
        with pytest.raises(KeyboardInterrupt), write_transaction(db):
            pass
        assert not released.is_set()  # (heard while the other command still held the lock)
    finally:
        end.cancel()
        release()
        other.close()


def test_a_wait_for_another_commands_write_is_said(tmp_path, monkeypatch):

    from papers import db as db_module

    root = tmp_path / "lib"
    open_db(root)
    monkeypatch.setenv("PAPERS_ROOT", str(root))
    monkeypatch.setattr(db_module, "BUSY_NOTICE_MS", 100)
    with another_command_writing(root, release_after=0.5):  # (then it ends its write)
        result = CliRunner().invoke(cli, ["goal", "set", "2"])
    assert result.exit_code == 0, result.output
    assert "another papers command is writing the library; waiting for it" in result.stderr
    assert open_db(root).execute("SELECT target FROM goals").fetchall() == [(2,)]


# a papers command in another process, holding the write lock until its stdin closes
_HOLDER = """
import sys
from pathlib import Path
from papers import config
from papers.db import open_db, write_transaction
config.command_line = sys.argv[2:]
with write_transaction(open_db(Path(sys.argv[1]))):
    print("writing", flush=True)
    sys.stdin.read()
"""


@contextlib.contextmanager
def a_papers_command_writing(root, *command: str, release_after: float | None = None):
    """Another `papers` process writing the library (its command line `command`): for the
    block, or for `release_after` seconds of it. Yields its pid."""
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(root), *command],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    release = None
    try:
        assert holder.stdout is not None and holder.stdin is not None
        assert holder.stdout.readline() == "writing\n"
        if release_after is not None:
            release = threading.Timer(release_after, holder.stdin.close)
            release.start()
        yield holder.pid
    finally:
        if release is not None:
            release.join()
        with contextlib.suppress(OSError):
            holder.stdin.close()
        holder.wait(timeout=30)


def test_a_wait_for_another_commands_write_names_that_command(tmp_path, monkeypatch):
    # it said "another papers command": which one, of the three in the other terminals?
    from papers import db as db_module

    root = tmp_path / "lib"
    open_db(root)
    monkeypatch.setenv("PAPERS_ROOT", str(root))
    monkeypatch.setattr(db_module, "BUSY_NOTICE_MS", 100)
    with a_papers_command_writing(root, "papers", "add", "2402.15319", release_after=1.0) as pid:
        result = CliRunner().invoke(cli, ["goal", "set", "2"])
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(
        f"'papers add 2402.15319' (pid {pid}) is writing the library; waiting for it (up to "
    )
    assert open_db(root).execute("SELECT target FROM goals").fetchall() == [(2,)]
    assert not (root / "papers" / ".writing").exists()  # (gone with its write, and ours)


def test_a_library_busy_past_the_wait_names_the_command_that_holds_it(tmp_path, monkeypatch):
    from papers import db as db_module

    root = tmp_path / "lib"
    open_db(root)
    monkeypatch.setenv("PAPERS_ROOT", str(root))
    monkeypatch.setattr(db_module, "BUSY_TIMEOUT_MS", 200)
    with a_papers_command_writing(root, "papers", "refs", "GPTQ", "--add") as pid:
        result = CliRunner().invoke(cli, ["goal", "set", "2"])
    assert result.exit_code == 1
    assert result.output == (
        f"Error: the library is busy: 'papers refs GPTQ --add' (pid {pid}) has held its "
        "database for 0.2 s; try again when it is done\n"
    )


def test_a_writing_command_is_recorded_with_its_arguments_as_text(root, monkeypatch):
    # an argument that is no UTF-8 (a file's name in Latin-1) is recorded all the same
    from papers.db import write_transaction

    monkeypatch.setattr(config, "command_line", ["papers", "add", os.fsdecode(b"caf\xe9.pdf")])
    db = open_db(root)
    marker = root / "papers" / ".writing"
    with write_transaction(db):
        record = json.loads(marker.read_bytes().decode("utf-8"))
    assert record["pid"] == os.getpid()
    assert record["command"] == "papers add 'caf\ufffd.pdf'"
    assert not marker.exists()
    with contextlib.suppress(RuntimeError), write_transaction(db):
        raise RuntimeError  # (a write that failed: rolled back, and its record gone too)
    assert not marker.exists()


def test_a_record_left_by_a_killed_command_names_no_one(tmp_path, monkeypatch):
    # its process is gone: the lock is another's (here no papers command's), not named after it
    from papers import db as db_module

    root = tmp_path / "lib"
    open_db(root)
    monkeypatch.setenv("PAPERS_ROOT", str(root))
    monkeypatch.setattr(db_module, "BUSY_NOTICE_MS", 100)
    monkeypatch.setattr(db_module, "BUSY_TIMEOUT_MS", 300)
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    import platform

    (root / "papers" / ".writing").write_text(
        json.dumps({"pid": gone.pid, "host": platform.node(), "command": "papers add 1"})
    )
    with another_command_writing(root):
        result = CliRunner().invoke(cli, ["goal", "set", "2"])
    assert result.exit_code == 1
    assert result.stderr.startswith("another papers command is writing the library; waiting")
    assert "Error: the library is busy: another command has held its database" in result.stderr


def the_wait_said_for(root, record: dict) -> str:
    """What a command waiting for the lock says of it, with papers/.writing holding `record`."""
    from papers import db as db_module

    (root / "papers" / ".writing").write_text(json.dumps(record))
    return db_module._writer(root / "papers" / ".writing") or "another papers command"


def a_process_that_waits():
    """A process that lives until its stdin closes (a pid in use)."""
    return subprocess.Popen(
        [sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE
    )


def start_of(pid: int) -> int | None:
    """A process's start time as Linux says it (field 22 of /proc/<pid>/stat); None elsewhere."""
    stat = Path("/proc") / str(pid) / "stat"
    return int(stat.read_bytes().rsplit(b")", 1)[1].split()[22 - 3]) if stat.exists() else None


@pytest.mark.skipif(not os.path.exists("/proc/self/stat"), reason="no /proc: no start times")
def test_a_record_whose_pid_was_reused_names_no_one(root):
    # the command that wrote it is gone and its pid now another process's: that process was
    # named as the library's writer
    import platform

    open_db(root)
    with a_process_that_waits() as other:  # (its stdin closed as the block ends: it ends)
        started = start_of(other.pid)
        assert started is not None
        record = {"pid": other.pid, "host": platform.node(), "command": "papers add 1"}
        assert the_wait_said_for(root, {**record, "started": started + 1}) == (
            "another papers command"
        )
        # (the process that wrote it, still running: named)
        assert the_wait_said_for(root, {**record, "started": started}) == (
            f"'papers add 1' (pid {other.pid})"
        )


def test_a_writing_command_records_its_host_and_start(root):
    import platform

    from papers.db import write_transaction

    db = open_db(root)
    with write_transaction(db):
        record = json.loads((root / "papers" / ".writing").read_text())
    assert record["host"] == platform.node()
    assert record["started"] == start_of(os.getpid())  # (None where there is no /proc)


def test_a_record_from_before_host_and_start_were_kept_is_still_read(root):
    open_db(root)
    with a_process_that_waits() as other:
        said = the_wait_said_for(root, {"pid": other.pid, "command": "papers add 1"})
    assert said == f"'papers add 1' (pid {other.pid})"


def test_a_record_from_another_host_is_said_so_and_its_pid_not_probed(root, monkeypatch):
    from papers import db as db_module

    open_db(root)
    probed: list[int] = []
    monkeypatch.setattr(db_module, "process_running", lambda pid: probed.append(pid) or False)
    record = {"pid": 4242, "host": "lab-7", "started": 99, "command": "papers add 1"}
    assert the_wait_said_for(root, record) == (
        "'papers add 1' (pid 4242 on host lab-7, not checked from here)"
    )
    assert probed == []


def test_a_record_that_cannot_be_written_never_fails_the_write(root, monkeypatch):
    open_db(root)
    (root / "papers" / ".writing").mkdir()  # (as a folder where it cannot be written)
    result = CliRunner().invoke(cli, ["goal", "set", "2"])
    assert result.exit_code == 0, result.output
    assert open_db(root).execute("SELECT target FROM goals").fetchall() == [(2,)]


def test_a_library_that_cannot_be_written_is_still_read(tmp_path, monkeypatch):
    # as in a read-only folder or mount, SQLite cannot open the database for writing (nor
    # make a WAL database's shared-memory file): reading commands work, writing ones say why

    root = tmp_path / "lib"
    db = open_db(root)
    save_paper(db, Paper(id="2210.17323", title="GPTQ", added="2026-01-01T00:00:00Z"))
    from papers.library import store_references
    from papers.models import Reference

    with db.conn:  # (one reference taken at the id it prints, never checked)
        store_references(
            db, "2210.17323", [Reference(n=1, raw="A. LLM.int8().", arxiv="2208.07339")]
        )
        # and facets from rules of an older release
        db["facets"].insert(
            {"paper_id": "2210.17323", "category": "precision", "value": "W4A16", "evaluated": 1}
        )
    db.conn.close()
    monkeypatch.setenv("PAPERS_ROOT", str(root))
    note = root / "reviews" / "2210.17323-gptq.md"
    note.parent.mkdir()
    note.write_text('---\narxiv: "2210.17323"\n---\nMine.\n')
    assert CliRunner().invoke(cli, ["review", "sync"]).exit_code == 0  # (indexed while writable)
    written = open_db(root)
    written.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # (all in the file, as a copy would be)
    written.conn.close()
    with monkeypatch.context() as patched:
        readable_only(patched)
        listed = CliRunner().invoke(cli, ["list", "--json"])
        assert listed.exit_code == 0 and json.loads(listed.output)[0]["id"] == "2210.17323"
        # refs shows the links stored, as --offline does, instead of failing to store more
        shown = CliRunner().invoke(cli, ["refs", "2210.17323"])
        assert shown.exit_code == 0, shown.output
        assert "read-only here; showing the links stored" in shown.stderr
        assert "2208.07339" in shown.stdout
        assert "not checked with arXiv yet" not in shown.stderr  # (nothing can check them here)
        # the facets are shown with what they are, and no advice to run what cannot run here
        facets = CliRunner().invoke(cli, ["facets", "2210.17323"])
        assert facets.exit_code == 0 and "W4A16" in facets.stdout
        assert facets.stderr == (
            "note: the facets of 2210.17323 come from other rules than these (an upgrade, or an "
            "edit of the library's quant_vocab.toml); the library is read-only here, so they "
            "cannot be recomputed\n"
        )
        # a note cannot be indexed here: said before the editor starts, not after the edit
        editor = tmp_path / "editor.sh"
        editor.write_text('#!/bin/sh\necho "an edit" >> "$1"\n')
        editor.chmod(0o755)
        monkeypatch.setenv("EDITOR", str(editor))
        opened = CliRunner().invoke(cli, ["review", "open", "2210.17323"])
        assert opened.exit_code == 1 and opened.output.startswith(
            "Error: the library is read-only here"
        )
        assert note.read_text() == '---\narxiv: "2210.17323"\n---\nMine.\n'  # (never opened)
        # nor a status: said before the note is changed, not after (it said it failed, yet
        # the note read "status: reviewed")
        status = CliRunner().invoke(cli, ["review", "status", "2210.17323", "reviewed"])
        assert status.exit_code == 1 and status.output.startswith(
            "Error: the library is read-only here"
        )
        assert note.read_text() == '---\narxiv: "2210.17323"\n---\nMine.\n'
        removed = CliRunner().invoke(cli, ["rm", "2210.17323", "--yes"])
        assert removed.exit_code == 1
        assert removed.output == (
            "Error: the library is read-only here (its folder or database cannot be written); "
            "this command needs to write\n"
        )
    assert open_db(root).execute("SELECT count(*) FROM papers").fetchone()[0] == 1


def test_a_read_only_library_with_unwritten_changes_is_not_read_as_immutable(tmp_path, monkeypatch):
    # its WAL holds changes the database file lacks: reading the file alone would show an
    # older library, so the command says it cannot use the library instead

    root = tmp_path / "lib"
    open_db(root).conn.close()
    wal = root / "papers" / "papers.db-wal"
    wal.write_bytes(b"changes not yet checkpointed")
    monkeypatch.setenv("PAPERS_ROOT", str(root))
    readable_only(monkeypatch)
    result = CliRunner().invoke(cli, ["list"])
    assert result.exit_code == 1
    assert "cannot use the library database" in result.output


def test_notes_search_and_stats_of_a_library_that_cannot_be_written(tmp_path, monkeypatch):
    # the commands that sync notes first read them as last indexed instead of failing
    from papers.reviews import sync_notes

    root = tmp_path / "lib"
    db = open_db(root)
    save_paper(db, Paper(id="2210.17323", title="GPTQ", added="2026-01-01T00:00:00Z"))
    note = root / "reviews" / "2210.17323-gptq.md"
    note.parent.mkdir()
    note.write_text("---\narxiv: '2210.17323'\nstatus: reading\n---\nLattice thoughts.\n")
    sync_notes(db, root)
    db.conn.close()
    monkeypatch.setenv("PAPERS_ROOT", str(root))
    readable_only(monkeypatch)
    for args, shows in (
        (["review", "list"], "reading"),
        (["search", "lattice"], "2210.17323"),
        (["stats"], "reading"),
    ):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 0, (args, result.output)
        assert shows in result.output


def test_review_open_on_a_database_file_it_cannot_write_makes_no_note(tmp_path, monkeypatch):
    # SQLite opens a file it may not write read-only, and BEGIN succeeds: the note was made,
    # then the command failed to record it; `review status` and `review restore` changed the
    # note, then failed
    from papers import db as db_module

    root = tmp_path / "lib"
    db = open_db(root)
    save_paper(db, Paper(id="2210.17323", title="GPTQ", added="2026-01-01T00:00:00Z"))
    save_paper(db, Paper(id="2306.00978", title="AWQ", added="2026-01-02T00:00:00Z"))
    db.conn.close()
    kept = root / "reviews" / "2306.00978-awq.md"
    kept.parent.mkdir()
    kept.write_text("---\narxiv: '2306.00978'\nstatus: reading\n---\nmine\n")
    gone = root / "reviews" / "2210.17323-gptq.md"
    gone.write_text("---\narxiv: '2210.17323'\n---\nlost\n")
    monkeypatch.setenv("PAPERS_ROOT", str(root))
    assert CliRunner().invoke(cli, ["review", "sync"]).exit_code == 0
    gone.unlink()
    assert CliRunner().invoke(cli, ["review", "sync"]).exit_code == 0
    real = db_module._connect

    def file_not_writable(path, readonly, immutable=False):
        if readonly:
            return real(path, readonly, immutable)
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)  # (no query_only: as SQLite
        conn.execute("PRAGMA foreign_keys = ON")  # opens a file it may not write)
        return conn

    monkeypatch.setattr(db_module, "_connect", file_not_writable)
    monkeypatch.setenv("PAPERS_ROOT", str(root))
    monkeypatch.setenv("EDITOR", "true")
    result = CliRunner().invoke(cli, ["review", "open", "2210.17323"])
    assert result.exit_code == 1 and "read-only here" in result.output
    assert sorted(p.name for p in (root / "reviews").iterdir()) == ["2306.00978-awq.md"]
    before = kept.read_bytes()
    for args in (
        ["review", "status", "2306.00978", "reviewed"],
        ["review", "restore", "2210.17323"],
    ):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 1 and "read-only here" in result.output, args
    assert kept.read_bytes() == before and not gone.exists()


def older_library_read_only(tmp_path, monkeypatch, lacking: str, text: str | None = None):
    """A library whose migration `lacking` has not run (as an older release left it), whose
    database file this user may read but not write: its root. Its one paper has `text` as its
    full text, when given."""
    from papers import db as db_module

    root = tmp_path / "lib"
    db = open_db(root)
    save_paper(db, Paper(id="2210.17323", title="GPTQ", added="2026-01-01T00:00:00Z"))
    if text is not None:
        set_document(db, "2210.17323", "text", text)
    db.execute("DELETE FROM _sqlite_migrations WHERE name = ?", [lacking])
    db.conn.commit()
    db.conn.close()
    real = db_module._connect

    def query_only(path, readonly, immutable=False):
        conn = real(path, readonly, immutable)
        conn.execute("PRAGMA query_only = 1")  # as a file it may read but not write
        return conn

    monkeypatch.setattr(db_module, "_connect", query_only)
    monkeypatch.setenv("PAPERS_ROOT", str(root))
    return root


def test_a_library_needing_an_upgrade_it_cannot_write_says_so(tmp_path, monkeypatch):
    root = older_library_read_only(tmp_path, monkeypatch, "006_note_prefilled")
    result = CliRunner().invoke(cli, ["list"])
    assert result.exit_code == 1
    assert result.output == (
        f"Error: the library at {root} needs an upgrade, which needs write access to its folder\n"
    )


@pytest.mark.parametrize(
    "lacking",
    ["010_wiki_links_by_name", "018_markdown_and_front_matter_links", "019_local_id_links"],
)
def test_a_library_lacking_only_a_read_again_migration_is_read_where_it_cannot_be_written(
    tmp_path, monkeypatch, lacking
):
    """Migrations 010, 018 and 019 only mark notes to be read again: a shared copy an older
    release made, that this user cannot write, is still read as it is (it was refused whole:
    018 was left out of READS_AS_IT_IS)."""
    older_library_read_only(tmp_path, monkeypatch, lacking)
    result = CliRunner().invoke(cli, ["list", "--json"])
    assert result.exit_code == 0, result.output
    assert [p["id"] for p in json.loads(result.stdout)] == ["2210.17323"]


def test_a_library_of_the_last_release_is_read_where_it_cannot_be_written(tmp_path, monkeypatch):
    """The last release's library lacks only 013 (its texts' words made whole for search): a
    read-only copy of it was refused whole ("needs an upgrade"); it is read and searched as it
    is, words broken at line ends and all."""
    text = "The inverse Hes-\nsian is updated."
    older_library_read_only(tmp_path, monkeypatch, "013_text_words_whole", text)
    for args in (["list", "--json"], ["search", "inverse", "--json"], ["show", "2210.17323"]):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 0, (args, result.output)
    found = CliRunner().invoke(cli, ["search", "inverse", "--json"])
    assert [hit["id"] for hit in json.loads(found.stdout)] == ["2210.17323"]


def test_notes_indexed_before_the_note_fixes_are_mended_by_the_upgrade(tmp_path, monkeypatch):
    # a library whose notes were indexed by the code before migration 007: a capitalised
    # status counts, and a note that names no paper becomes searchable at the next sync
    from papers.migrations import migrations
    from papers.reviews import sync_notes
    from papers.search import search

    root = tmp_path / "lib"
    db = open_db(root)
    (root / "reviews").mkdir()
    (root / "reviews" / "ideas.md").write_text("Plain thoughts on lattices.\n")
    (root / "reviews" / "2210.17323-gptq.md").write_text(
        "---\narxiv: '2210.17323'\nstatus: Reviewed\n---\nText.\n"
    )
    sync_notes(db, root)
    with db.conn:  # as the older code left them
        db.execute("UPDATE reviews SET status = 'Reviewed' WHERE paper_id = '2210.17323'")
        db.execute("UPDATE documents SET body = '' WHERE paper_id LIKE 'note:%'")
        db.execute("DELETE FROM _sqlite_migrations WHERE name = '007_note_fixes'")
    db.conn.close()
    db = open_db(root)  # the upgrade
    assert not migrations.pending(db)
    assert db.execute("SELECT status FROM reviews WHERE paper_id = '2210.17323'").fetchone() == (
        "reviewed",
    )
    sync_notes(db, root)
    assert [h.source for h in search(db, "lattices")] == ["notes"]


def test_a_note_marked_for_reading_again_is_still_followed_through_a_rename(tmp_path):
    from papers.reviews import sync_notes

    root = tmp_path / "lib"
    db = open_db(root)
    (root / "reviews").mkdir()
    (root / "reviews" / "ideas.md").write_text("Plain thoughts on lattices.\n")
    sync_notes(db, root)
    with db.conn:  # as migration 007 leaves a note that names no paper
        db.execute("UPDATE reviews SET sha256 = ''")
    (root / "reviews" / "ideas.md").rename(root / "reviews" / "ideas-2.md")
    report = sync_notes(db, root)
    assert report.renamed == [("reviews/ideas.md", "reviews/ideas-2.md")]
    assert report.deleted == []


def test_notes_as_indexed_need_no_write_lock_to_search(tmp_path, monkeypatch):
    # search, cited-by and graph index notes first; notes unchanged since, they answer while
    # another command holds the write lock
    from papers import db as db_module

    root = tmp_path / "lib"
    db = open_db(root)
    save_paper(db, Paper(id="2210.17323", title="GPTQ", added="2026-01-01T00:00:00Z"))
    db.conn.commit()
    note = root / "reviews" / "2210.17323-gptq.md"
    note.parent.mkdir()
    note.write_text('---\narxiv: "2210.17323"\n---\nHessian, see [[2306.00978]].\n')
    monkeypatch.setenv("PAPERS_ROOT", str(root))
    assert CliRunner().invoke(cli, ["review", "sync"]).exit_code == 0
    monkeypatch.setattr(db_module, "BUSY_TIMEOUT_MS", 200)
    with another_command_writing(root):
        runs = [
            CliRunner().invoke(cli, args)
            for args in (["search", "hessian"], ["cited-by", "2306.00978"], ["graph"])
        ]
    assert [r.exit_code for r in runs] == [0, 0, 0], [r.output for r in runs]
    assert "2210.17323" in runs[0].stdout and "review" in runs[1].stdout


def test_a_library_a_newer_papers_upgraded_is_refused_in_one_line(tmp_path, monkeypatch):
    root = tmp_path / "lib"
    open_db(root).conn.close()
    conn = sqlite3.connect(root / "papers" / "papers.db")
    with conn:
        conn.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
            "VALUES ('papers', '999_from_the_future', '2030-01-01')"
        )
    conn.close()
    monkeypatch.setenv("PAPERS_ROOT", str(root))
    result = CliRunner().invoke(cli, ["list"])
    assert result.exit_code == 1
    assert "was upgraded by a newer papers (999_from_the_future); upgrade papers" in result.output


def test_an_emptied_database_beside_pdfs_is_no_empty_library(tmp_path, monkeypatch):
    root = tmp_path / "lib"
    open_db(root).conn.close()
    (root / "papers" / "2210.17323v2.pdf").write_bytes(b"%PDF-1.4 kept")
    for leftover in ("papers.db-wal", "papers.db-shm"):
        (root / "papers" / leftover).unlink(missing_ok=True)
    (root / "papers" / "papers.db").write_bytes(b"")  # (emptied: a failed copy, a sync tool)
    monkeypatch.setenv("PAPERS_ROOT", str(root))
    result = CliRunner().invoke(cli, ["list"])
    assert result.exit_code == 1 and "is empty while papers/ holds PDFs" in result.output
    assert (root / "papers" / "papers.db").stat().st_size == 0  # (nothing written over it)


def test_notes_indexed_before_the_safe_front_matter_reading_are_read_again(tmp_path):
    # a note indexed by older code as broken for a date typo: after the upgrade (migration
    # 008) the next sync reads it again, and its status counts
    from papers.reviews import sync_notes

    root = tmp_path / "lib"
    db = open_db(root)
    (root / "reviews").mkdir()
    note = root / "reviews" / "2210.17323-gptq.md"
    note.write_text("---\narxiv: '2210.17323'\nstatus: reviewed\nreviewed: 2024-02-30\n---\nx\n")
    sync_notes(db, root)
    with db.conn:  # as the older code left it
        db.execute("UPDATE reviews SET status = NULL, front_matter = NULL")
        db.execute("DELETE FROM _sqlite_migrations WHERE name = '008_notes_read_again'")
    db.conn.close()
    db = open_db(root)  # the upgrade
    report = sync_notes(db, root)
    assert report.changed == ["reviews/2210.17323-gptq.md"]
    assert db.execute("SELECT status FROM reviews").fetchone() == ("reviewed",)


def test_a_note_that_is_not_utf8_indexed_before_its_bytes_were_kept_is_read_again(tmp_path):
    # migration 009: the next sync keeps the bytes of a note indexed before, so restoring it
    # gives them back
    from papers.reviews import sync_notes

    root = tmp_path / "lib"
    db = open_db(root)
    (root / "reviews").mkdir()
    note = root / "reviews" / "2210.17323-gptq.md"
    note.write_bytes("---\narxiv: '2210.17323'\nstatus: [x\n---\ncaf\xe9\n".encode("latin-1"))
    sync_notes(db, root)
    with db.conn:  # as the older code left it: no column for the bytes, one problem said
        db.execute("ALTER TABLE reviews DROP COLUMN raw")
        db.execute("UPDATE reviews SET error = 'not UTF-8: invalid bytes indexed as U+FFFD'")
        db.execute("DELETE FROM _sqlite_migrations WHERE name = '009_note_raw_bytes'")
    db.conn.close()
    db = open_db(root)  # the upgrade
    assert db.execute("SELECT raw FROM reviews").fetchone() == (None,)
    sync_notes(db, root)
    raw, error = db.execute("SELECT raw, error FROM reviews").fetchone()
    assert raw == note.read_bytes() and "front matter" in error


def _library_with_a_changed_note(tmp_path, monkeypatch):
    """A library whose one note links GPTQ by id, indexed, then edited to link AWQ instead:
    the edit is not indexed yet. Its root."""
    root = tmp_path / "lib"
    db = open_db(root)
    for arxiv_id, title in (("2210.17323", "GPTQ"), ("2306.00978", "AWQ")):
        save_paper(db, Paper(id=arxiv_id, title=title, added="2026-01-01T00:00:00Z"))
    db.conn.commit()
    db.conn.close()
    note = root / "reviews" / "ideas.md"
    note.parent.mkdir()
    note.write_text("Hessian, see [[2210.17323]].\n")
    monkeypatch.setenv("PAPERS_ROOT", str(root))
    assert CliRunner().invoke(cli, ["review", "sync"]).exit_code == 0
    note.write_text("Scales, see [[2306.00978]].\n")
    return root


def test_a_reading_command_shows_notes_as_indexed_while_another_command_writes(
    tmp_path, monkeypatch
):
    """Indexing a changed note is a reading command's extra: while another command holds the
    write lock it answers from the notes as last indexed, with a warning, instead of waiting
    out the busy timeout and failing; the next command reads the note."""
    from papers import cli_common
    from papers import db as db_module

    root = _library_with_a_changed_note(tmp_path, monkeypatch)
    monkeypatch.setattr(db_module, "BUSY_TIMEOUT_MS", 300)
    monkeypatch.setattr(cli_common, "AUTOSYNC_WAIT_MS", 200)
    with another_command_writing(root):
        runs = [
            CliRunner().invoke(cli, args)
            for args in (["cited-by", "2210.17323"], ["review", "list"], ["stats"])
        ]
    assert [r.exit_code for r in runs] == [0, 0, 0], [r.output for r in runs]
    warning = (
        "warning: notes changed since the last command are shown as last indexed: another "
        "papers command is writing the library (the next command reads them)\n"
    )
    assert [r.stderr for r in runs] == [warning] * 3
    assert "reviews/ideas.md" in runs[0].stdout  # (the link as last indexed)
    after = CliRunner().invoke(cli, ["cited-by", "2306.00978"])
    assert after.exit_code == 0, after.output
    assert "reviews/ideas.md" in after.stdout and "last indexed" not in after.stderr


def test_notes_shown_as_indexed_name_the_command_that_writes(tmp_path, monkeypatch):
    # it said "another papers command" where the waits for a write name it from its record
    from papers import cli_common

    root = _library_with_a_changed_note(tmp_path, monkeypatch)
    monkeypatch.setattr(cli_common, "AUTOSYNC_WAIT_MS", 200)
    with a_papers_command_writing(root, "papers", "add", "2402.15319") as pid:
        result = CliRunner().invoke(cli, ["cited-by", "2210.17323"])
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "warning: notes changed since the last command are shown as last indexed: "
        f"'papers add 2402.15319' (pid {pid}) is writing the library (the next command reads "
        "them)\n"
    )


def database_file_read_only(monkeypatch) -> None:
    """SQLite as with a database file this user cannot write, in a folder that can be: the
    file opens read-only, and query_only is not set."""
    from papers import db as db_module

    real = db_module._connect

    def file_read_only(path, readonly, immutable=False):
        if readonly:
            return real(path, readonly, immutable)
        return sqlite3.connect(f"file:{path}?mode=ro", uri=True)

    monkeypatch.setattr(db_module, "_connect", file_read_only)


def test_a_database_file_that_cannot_be_written_is_read_when_a_note_changed(tmp_path, monkeypatch):
    """A database file SQLite opens read-only in a folder that can be written (another user's
    file): reading commands show the notes as last indexed, as in a read-only folder, where
    they failed once a note had changed."""
    _library_with_a_changed_note(tmp_path, monkeypatch)
    database_file_read_only(monkeypatch)
    runs = [CliRunner().invoke(cli, args) for args in (["cited-by", "2210.17323"], ["stats"])]
    assert [r.exit_code for r in runs] == [0, 0], [r.output for r in runs]
    assert "reviews/ideas.md" in runs[0].stdout
    write = CliRunner().invoke(cli, ["review", "sync"])
    assert write.exit_code == 1
    assert "read-only here" in write.output


def test_refs_of_a_paper_never_looked_up_on_a_database_file_opened_read_only(
    tmp_path, monkeypatch, fake_arxiv
):
    """The folder can be written, the database file not: `refs` of a paper whose references
    were never looked up failed whole ("this command needs to write"); it shows the links
    stored, as in a read-only folder, and says so."""
    from papers.library import store_references
    from papers.models import Reference

    root = tmp_path / "lib"
    db = open_db(root)
    save_paper(db, Paper(id="2210.17323", title="GPTQ", added="2026-01-01T00:00:00Z"))
    ref = Reference(n=1, raw="AWQ. arXiv:2306.00978", title="AWQ", arxiv="2306.00978")
    store_references(db, "2210.17323", [ref])
    db.conn.commit()
    db.conn.close()
    fake_arxiv.add("2306.00978", 1, "AWQ", ["Ji Lin"])
    database_file_read_only(monkeypatch)
    monkeypatch.setenv("PAPERS_ROOT", str(root))
    result = CliRunner().invoke(cli, ["refs", "2210.17323"])
    assert result.exit_code == 0, result.output
    assert "2306.00978" in result.stdout
    assert "read-only here; showing the links stored" in result.stderr


def test_a_command_about_one_note_waits_for_another_commands_write_to_index_it(
    tmp_path, monkeypatch
):
    """review show/status of a note made since the last command: it must be indexed to be
    found, so these wait for the write lock as writes do (with the listings' short wait they
    said "no review note" for a note that is there)."""
    from papers import cli_common

    root = _library_with_a_changed_note(tmp_path, monkeypatch)
    monkeypatch.setattr(cli_common, "AUTOSYNC_WAIT_MS", 100)

    def while_another_writes(args: list[str]):
        with another_command_writing(root, release_after=0.6):
            return CliRunner().invoke(cli, args)

    (root / "reviews" / "awq.md").write_text('---\narxiv: "2306.00978"\n---\nScales.\n')
    status = while_another_writes(["review", "status", "2306.00978", "reviewed"])
    assert status.exit_code == 0, status.output
    (root / "reviews" / "gptq.md").write_text('---\narxiv: "2210.17323"\n---\nHessian.\n')
    shown = while_another_writes(["review", "show", "2210.17323"])
    assert shown.exit_code == 0 and "Hessian." in shown.stdout
    # and goal set, which says the progress of the notes as they are
    (root / "reviews" / "gptq.md").write_text(
        '---\narxiv: "2210.17323"\nstatus: reviewed\nreviewed: 2026-01-02\n---\nHessian.\n'
    )
    goal = while_another_writes(["goal", "set", "2", "--year", "2026"])
    assert goal.exit_code == 0 and "2/2 (100%)" in goal.stderr, goal.output


def test_an_interrupted_add_does_not_wait_out_another_commands_write_to_clean_up(
    tmp_path, monkeypatch
):
    """A Ctrl-C while another command writes: the clean-up asks the database whether a PDF it
    placed is recorded, but waits for it only briefly (it waited the whole busy timeout, so
    the Ctrl-C was obeyed only when the other command was done); unasked, the PDF stays, for
    the next add of the paper to take."""
    from papers import db as db_module
    from papers import library

    root = tmp_path / "lib"
    open_db(root).conn.close()
    pdf = root / "papers" / "2210.17323v2.pdf"
    pdf.write_bytes(b"%PDF-1.7 placed by the interrupted add")
    monkeypatch.setattr(db_module, "BUSY_TIMEOUT_MS", 60_000)
    monkeypatch.setattr(library, "CLEANUP_WAIT_MS", 100)
    other = sqlite3.connect(root / "papers" / "papers.db")
    other.execute("BEGIN IMMEDIATE")
    outcome: list[BaseException] = []

    def interrupted_add() -> None:
        db = open_db(root)  # (in the thread that uses it)
        try:
            with library._taken_back(db, root, "papers/2210.17323v2.pdf", True):
                raise KeyboardInterrupt
        except BaseException as exc:  # noqa: BLE001 (the test reads what came out)
            outcome.append(exc)

    worker = threading.Thread(target=interrupted_add, daemon=True)
    worker.start()
    worker.join(timeout=20)  # (the other command holds the lock for the whole test)
    done = not worker.is_alive()
    other.rollback()
    other.close()
    worker.join()
    assert done, "the clean-up waited for the other command"
    assert [type(exc) for exc in outcome] == [KeyboardInterrupt]
    assert pdf.exists()


def test_a_note_is_not_restored_where_the_library_cannot_record_it(tmp_path, monkeypatch):
    root = tmp_path / "lib"
    db = open_db(root)
    save_paper(db, Paper(id="2210.17323", title="GPTQ", added="2026-01-01T00:00:00Z"))
    db.conn.commit()
    db.conn.close()
    monkeypatch.setenv("PAPERS_ROOT", str(root))
    note = root / "reviews" / "2210.17323-gptq.md"
    note.parent.mkdir()
    note.write_text('---\narxiv: "2210.17323"\n---\nMine.\n')
    assert CliRunner().invoke(cli, ["review", "sync"]).exit_code == 0
    note.unlink()
    assert CliRunner().invoke(cli, ["review", "sync"]).exit_code == 0  # (deleted, recorded)
    written = open_db(root)
    written.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    written.conn.close()
    with monkeypatch.context() as patched:
        readable_only(patched)
        restored = CliRunner().invoke(cli, ["review", "restore", "2210.17323"])
        assert restored.exit_code == 1
        assert restored.output.startswith("Error: the library is read-only here")
        assert not note.exists()  # (it was written back, and the command said it failed)
