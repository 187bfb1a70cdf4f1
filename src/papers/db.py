"""open_db(): a sqlite-utils Database with pragmas set and migrations applied."""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
import shlex
import shutil
import sqlite3
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

from sqlite_utils import Database

from . import config
from .errors import LibraryBusy, LibraryError, ReadOnlyLibrary
from .files import process_running, process_start
from .models import Paper

BUSY_TIMEOUT_MS = 30_000
BUSY_SLICE_MS = 200  # (the longest a Ctrl-C waits to be heard while another command writes)
BUSY_NOTICE_MS = 2_000  # a wait for another command's write this long is said (then goes on)
# papers/.writing: the pid, host, start time and command line of the command writing
WRITING_NAME = ".writing"
COMMAND_SHOWN = 120  # characters of that command line said to a command waiting for it


def _connect(path: Path, readonly: bool, immutable: bool = False) -> sqlite3.Connection:
    if readonly:
        uri = f"file:{path}?mode=ro" + ("&immutable=1" if immutable else "")
        conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        conn.execute("PRAGMA query_only = 1")  # (what is_readonly asks)
    else:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def open_db(root: Path, *, create: bool = True) -> Database:
    """Open the library database, creating the folder and schema on first write.

    With create=False a missing library raises LibraryError instead of creating files, so
    read-only commands never leave an empty library behind.
    """
    path = config.db_path(root)
    if path.exists() and path.stat().st_size == 0 and any(path.parent.glob("*.pdf")):
        # (SQLite takes an empty file for a new database: the library's papers would vanish)
        raise LibraryError(
            f"the library database {path} is empty while papers/ holds PDFs: restore it from "
            "a backup, or move it away and 'papers add papers/*.pdf' to rebuild"
        )
    if not path.exists():
        if root.is_file():  # (the CLI refuses --root and $PAPERS_ROOT naming one, before)
            raise LibraryError(f"{root} is a file, not a folder")
        if not create:
            raise LibraryError(f"no library at {root} (run 'papers add' first, or pass --root)")
        made = not path.parent.exists()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise LibraryError(f"cannot create {path.parent}: {exc.strerror}") from None
        if made:
            # (a library kept in git, with its notes, commits reviews/, not the database and
            # PDFs: said where git reads it, as a virtual environment does for itself)
            with contextlib.suppress(OSError):
                (path.parent / ".gitignore").write_text(GITIGNORE, encoding="utf-8")
    try:
        conn = _connect(path, readonly=False)
        try:
            _enable_wal(conn)
            db = Database(conn, execute_plugins=False)
            _migrate(db, path)
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # (WAL's shared memory)
        except BaseException:
            # (closed now, not when the traceback goes: a first add interrupted here discards
            # the library it made, which it cannot while a connection of its own holds it)
            conn.close()
            raise
    except sqlite3.OperationalError as exc:
        full = _disk_full(path.parent)
        if not create and (_cannot_write(exc) or full):
            # (a full disk: SQLite cannot make the shared-memory file a write-ahead log needs)
            readonly = _open_readonly(path)
            if readonly is not None:
                if full and config.notice is not None:  # (the user's own library: say why)
                    config.notice(
                        "warning: the disk is full: the library is read as it was, notes "
                        "changed since as last indexed"
                    )
                return readonly
        hint = " (can its folder be written?)" if _cannot_write(exc) else ""
        if full:
            hint = " (the disk is full)"
        raise LibraryError(f"cannot use the library database {path}: {exc}{hint}") from None
    except sqlite3.DatabaseError as exc:
        raise LibraryError(f"the library database {path} is damaged: {exc}") from None
    return db


def _disk_full(folder: Path) -> bool:
    """Whether the library's disk has no room left (SQLite says only "disk I/O error")."""
    try:
        return shutil.disk_usage(folder).free < 64 * 1024
    except OSError:
        return False


def _cannot_write(exc: sqlite3.Error) -> bool:
    """Whether SQLite failed for want of write access (a read-only folder, mount or file)."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    return (
        _is_readonly_error(exc)
        or name.startswith("SQLITE_CANTOPEN")
        or "unable to open" in str(exc)
    )


def _needs_writing(pending: list[Any]) -> bool:
    """Whether a library with these migrations pending cannot be read before they run: all
    but those a library is readable without (migrations.READS_AS_IT_IS: notes marked to be
    read again, a column read as unknown, texts mended for search)."""
    from .migrations import READS_AS_IT_IS

    return any(migration.name not in READS_AS_IT_IS for migration in pending)


def _needs_upgrade(path: Path) -> LibraryError:
    return LibraryError(
        f"the library at {path.parent.parent} needs an upgrade, which needs write access to "
        "its folder"
    )


IDS_A_QUERY = 500  # values bound in one IN list (SQLite before 3.32 takes 999 variables at most)
_Value = TypeVar("_Value")


def in_chunks(values: Sequence[_Value]) -> Iterator[tuple[Sequence[_Value], str]]:
    """The values IDS_A_QUERY at a time, each chunk with its "?, ?, ..." for an IN list: a
    list of a thousand ids is "too many SQL variables" where SQLite is older than 3.32."""
    for at in range(0, len(values), IDS_A_QUERY):
        chunk = values[at : at + IDS_A_QUERY]
        yield chunk, ", ".join("?" * len(chunk))


def is_readonly(db: Database) -> bool:
    """Whether the library was opened read-only (see _open_readonly): nothing is written."""
    return bool(db.execute("PRAGMA query_only").fetchone()[0])


def _open_readonly(path: Path) -> Database | None:
    """The library read-only, for a command that only reads, where it cannot be opened for
    writing (a read-only folder or mount, someone else's library): a WAL database there cannot
    make its shared-memory file, so it is read as immutable when plain read-only fails. None
    when it cannot be read either; an error when it needs an upgrade, which writes."""
    from .migrations import migrations

    wal = path.with_name(path.name + "-wal")
    # (immutable reads the database file alone: not while a WAL holds changes not yet in it)
    unwritten = wal.exists() and wal.stat().st_size > 0
    for immutable in (False, True) if not unwritten else (False,):
        try:
            conn = _connect(path, readonly=True, immutable=immutable)
            db = Database(conn, execute_plugins=False)
            pending = migrations.pending(db)
        except sqlite3.Error:
            continue
        if _needs_writing(pending):
            raise _needs_upgrade(path)
        _refuse_newer(db, path)
        return db
    return None


def _enable_wal(conn: sqlite3.Connection) -> None:
    """Switch to WAL once; the switch needs a moment alone with the file, so retry briefly."""
    for attempt in range(50):
        try:
            if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == 49:
                raise
            time.sleep(0.05)


@functools.cache
def _known_migrations() -> frozenset[str]:
    """The names of this version's migrations (all pending on an empty database), once."""
    from .migrations import migrations

    return frozenset(m.name for m in migrations.pending(Database(memory=True)))


def _refuse_newer(db: Database, path: Path) -> None:
    """A library a newer papers has upgraded (a migration this version does not know): its
    tables may hold what this version would misread or lose, so it is not used."""
    from .migrations import migrations

    newer = [m.name for m in migrations.applied(db) if m.name not in _known_migrations()]
    if newer:
        raise LibraryError(
            f"the library at {path.parent.parent} was upgraded by a newer papers "
            f"({', '.join(newer)}); upgrade papers to use it"
        )


def _migrate(db: Database, path: Path) -> None:
    """Apply pending migrations under one write lock, so two processes opening a new library at
    once both succeed: the second waits (busy timeout), then finds nothing left to do."""
    from .migrations import migrations

    pending = migrations.pending(db)
    if not pending:
        _refuse_newer(db, path)
        return
    try:
        with write_transaction(db):
            migrations.apply(db)  # nested: each migration runs in a savepoint of this transaction
    except ReadOnlyLibrary:
        if _needs_writing(pending):
            raise _needs_upgrade(path) from None
        # (only notes to read again: read as it is, where it cannot be written)


# what a library holds before anything was added to it: the migrations' own record, the empty
# full-text index's settings, and arXiv's answers to the lookups (a cache)
_EMPTY_LIBRARY_TABLES = ("_sqlite_migrations", "arxiv_cache", "documents_fts_")


GITIGNORE = "# papers' database and PDFs, made again by 'papers review sync': not for git\n*\n"


def discard_unused_library(db: Database | None, root: Path, made: list[Path]) -> bool:
    """Delete a library the command created and put nothing in (its database, then the folders
    it made, `made`, deepest first), so that a first `papers add` that failed leaves the folder
    as it was. Only when no other process has the database open (a WAL database leaves WAL
    only for its last connection), and every table is as a new library has it, checked again
    under an exclusive lock held while the file goes. `db` None: the command was interrupted
    in open_db, before it had the library, and the database (if made yet) is opened here.
    Whether it did."""
    path = config.db_path(root)
    if db is not None:
        if not _delete_unused(db, path):
            return False
    elif path.exists():
        try:  # (mode=rw: no database is made where another command discarded its own)
            conn = sqlite3.connect(f"file:{path}?mode=rw", uri=True, timeout=0)
        except sqlite3.Error:
            return False
        try:
            if not _delete_unused(Database(conn, execute_plugins=False), path):
                return False
        finally:
            with contextlib.suppress(sqlite3.Error):
                conn.close()
    if path.exists():
        return False  # (it could not be deleted: the library stays, and so do its folders)
    ignore = path.parent / ".gitignore"
    with contextlib.suppress(OSError):
        if path.parent in made and ignore.read_text(encoding="utf-8") == GITIGNORE:
            ignore.unlink()  # (the one it wrote)
    for folder in made:
        with contextlib.suppress(OSError):
            folder.rmdir()  # (only when empty: a file another command put there stays)
    return True


def _delete_unused(db: Database, path: Path) -> bool:
    """Delete the database file at `path` if it holds nothing and no other process has it
    open (see discard_unused_library); closes `db` when it did. Whether it did."""
    conn = db.conn
    try:
        if not holds_nothing(db):
            return False
        if conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0] != "delete":
            return False
        conn.execute("PRAGMA busy_timeout = 0")
        conn.execute("BEGIN EXCLUSIVE")  # (nobody reads or writes it until it is gone)
        if not holds_nothing(db):
            conn.execute("ROLLBACK")
            return False
        if os.name == "nt":  # (Windows deletes no file a process holds open: closed first)
            conn.execute("ROLLBACK")
            conn.close()
        for name in (path.name, path.name + "-journal", path.name + "-wal", path.name + "-shm"):
            with contextlib.suppress(OSError):
                path.with_name(name).unlink()
    except sqlite3.Error:
        return False  # (another command has it open: it is its library now)
    with contextlib.suppress(sqlite3.Error):
        conn.close()
    return True


def holds_nothing(db: Database) -> bool:
    """Whether every table of the library is as a new library has it: one a failed first add
    discards, and one whose first paper makes it a library (the add that stores it says so)."""
    tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    return not any(
        db.execute(f"SELECT 1 FROM [{table}] LIMIT 1").fetchone()
        for table in tables
        if not table.startswith(_EMPTY_LIBRARY_TABLES)
    )


# PRAGMA user_version's bit set once the library has held a paper: an add into a library that
# `papers rm` emptied stores no "first paper", and says no "new library" (holds_nothing alone
# cannot tell an emptied library from a new one)
HELD_A_PAPER = 1


def first_paper(db: Database) -> bool:
    """Whether the paper being stored (in a write transaction) is the library's first ever,
    marking the library as one that has held a paper."""
    version = int(db.execute("PRAGMA user_version").fetchone()[0])
    if version & HELD_A_PAPER:
        return False
    db.execute(f"PRAGMA user_version = {version | HELD_A_PAPER}")
    return holds_nothing(db)


READ_ONLY_HERE = (
    "the library is read-only here (its folder or database cannot be written); "
    "this command needs to write"
)


def library_root(db: Database) -> Path | None:
    """The root of the library whose database this is (<root>/papers/papers.db), else None (a
    database in memory, or a file elsewhere): what the library's own files are found by."""
    row = db.execute("PRAGMA database_list").fetchone()
    path = Path(row[2]) if row and row[2] else None
    if path is None or path.name != config.DB_NAME or path.parent.name != config.PAPERS_DIR:
        return None
    return path.parent.parent


def read_only_here(db: Database) -> str:
    """Why a command cannot write the library: its folder or file is read-only, or (which
    SQLite also reports so) its disk is full."""
    row = db.execute("PRAGMA database_list").fetchone()
    if row and row[2] and _disk_full(Path(row[2]).parent):
        return "the library's disk is full: free some space; this command needs to write"
    return READ_ONLY_HERE


class _Probed(Exception):
    """Ends check_writable's transaction, rolled back."""


def check_writable(db: Database) -> None:
    """ReadOnlyLibrary now, where the database file cannot be written (SQLite opens such a
    file read-only, and BEGIN succeeds on it): before a command makes a file it would then
    fail to record (`review open` wrote the note, then failed). A write of the schema's
    version as it is, rolled back."""
    try:
        with write_transaction(db):
            version = int(db.execute("PRAGMA user_version").fetchone()[0])
            db.execute(f"PRAGMA user_version = {version}")
            raise _Probed
    except _Probed:
        pass


def _is_readonly_error(exc: sqlite3.Error) -> bool:
    name = getattr(exc, "sqlite_errorname", "") or ""
    return name.startswith("SQLITE_READONLY") or "readonly" in str(exc)


@contextlib.contextmanager
def write_transaction(db: Database, *, wait_ms: int | None = None) -> Iterator[Database]:
    """BEGIN IMMEDIATE: take the write lock up front, so two commands writing at once wait for
    each other (busy timeout) instead of failing on a lock upgrade. wait_ms: a shorter wait,
    silent, for a write the command can do without (LibraryBusy when it is over)."""
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    marker = _writing_marker(db)
    try:
        if wait_ms is None:
            _begin_immediate(db.conn, marker)
        else:
            _begin_within(db.conn, wait_ms)
    except sqlite3.OperationalError as exc:
        if _is_readonly_error(exc):
            raise ReadOnlyLibrary(read_only_here(db)) from None
        if "locked" in str(exc) or "busy" in str(exc):
            waited = BUSY_TIMEOUT_MS if wait_ms is None else wait_ms
            writer = _writer(marker)
            raise LibraryBusy(
                f"the library is busy: {writer or 'another command'} has held its "
                f"database for {waited / 1000:g} s; try again when it is done",
                writer=writer,
            ) from None
        raise LibraryError(f"cannot write the library database: {exc}") from None
    try:
        try:
            _say_writing(marker)  # (inside: a Ctrl-C while it is written still rolls back)
            yield db
        finally:
            _done_writing(marker)  # (before the lock goes: the next writer's file is its own)
    except sqlite3.OperationalError as exc:
        db.rollback()
        if _is_readonly_error(exc):
            raise ReadOnlyLibrary(read_only_here(db)) from None
        raise
    except BaseException:
        db.rollback()
        raise
    else:
        db.conn.execute("COMMIT")


def _writing_marker(db: Database) -> Path | None:
    """papers/.writing of this database's library (None: no library's, as in memory)."""
    root = library_root(db)
    return None if root is None else config.papers_dir(root) / WRITING_NAME


def _command_line() -> str:
    """This process's command line as its user would know it ("papers add 2402.15319"), in
    text whatever bytes an argument held (a file's name in Latin-1)."""
    words = config.command_line or [os.path.basename(sys.argv[0] or "python"), *sys.argv[1:]]
    return shlex.join(os.fsencode(word).decode("utf-8", "replace") for word in words)


def _say_writing(marker: Path | None) -> None:
    """Write who holds the write lock, for a command that waits for it to name it (it said
    only "another papers command"). Written once the lock is held, so only its holder writes
    it; a file that cannot be written (a read-only folder) costs the waiter the name, never
    the write."""
    if marker is None:
        return
    pid = os.getpid()
    record = json.dumps(
        {"pid": pid, "host": _host(), "started": _started(pid), "command": _command_line()[:1000]}
    )
    with contextlib.suppress(OSError):
        marker.write_text(record + "\n", encoding="utf-8")


@functools.cache
def _host() -> str:
    """This machine's name, as papers/.writing records its writer's (read once a process)."""
    import platform

    return platform.node()


@functools.cache
def _started(pid: int) -> int | None:
    """This process's start time (files.process_start), read once a process: by its pid, so a
    forked child reads its own."""
    return process_start(pid)


def _done_writing(marker: Path | None) -> None:
    """Remove this process's papers/.writing, while it still holds the lock."""
    if marker is not None:
        with contextlib.suppress(OSError):
            marker.unlink()


def _writer(marker: Path | None) -> str | None:
    """The command papers/.writing names ("'papers add 2402.15319' (pid 1234)"), when that
    process is alive; None for no file, an unreadable one, or a stale one a killed command
    left (the lock is then another's: a tool without the file, or a command just starting).
    Stale too: a record whose pid runs a process started at another time than the record's,
    the pid given to another process since. A library shared between machines names the
    other machine, whose pids mean nothing here: not probed. A record from before host and
    start were kept is read as this machine's, its pid probed alone."""
    if marker is None:
        return None
    try:
        record = json.loads(marker.read_text(encoding="utf-8"))
        pid, command = int(record["pid"]), str(record["command"])
        host, started = record.get("host"), record.get("started")
        host = None if host is None else str(host)
        started = None if started is None else int(started)
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None
    if pid <= 0:
        return None
    if len(command) > COMMAND_SHOWN:
        command = command[: COMMAND_SHOWN - 3] + "..."
    if host is not None and host != _host():
        return f"{command!r} (pid {pid} on host {host}, not checked from here)"
    if not process_running(pid):
        return None
    if started is not None and process_start(pid) not in (None, started):
        return None
    return f"{command!r} (pid {pid})"


def _begin_immediate(conn: sqlite3.Connection, marker: Path | None = None) -> None:
    """BEGIN IMMEDIATE within the busy timeout; a wait past BUSY_NOTICE_MS is said on stderr
    (config.notice) before the rest of the timeout, naming the command it waits for when
    `marker` (papers/.writing) does: 30 s of silence reads as a hang."""
    first = min(BUSY_NOTICE_MS, BUSY_TIMEOUT_MS)
    if first >= BUSY_TIMEOUT_MS or config.notice is None:
        conn.execute("BEGIN IMMEDIATE")
        return
    conn.execute(f"PRAGMA busy_timeout = {first}")
    try:
        conn.execute("BEGIN IMMEDIATE")
        return
    except sqlite3.OperationalError as exc:
        if "locked" not in str(exc) and "busy" not in str(exc):
            raise
        writer = _writer(marker) or "another papers command"
        config.notice(
            f"{writer} is writing the library; waiting for it (up to "
            f"{(BUSY_TIMEOUT_MS - first) / 1000:g} s more)"
        )
    finally:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    # the rest of the wait in slices: SQLite waits in C, where a Ctrl-C is only seen when it
    # returns, and a user told to wait presses it (it took the whole wait to be heard)
    _begin_within(conn, BUSY_TIMEOUT_MS - first)


def _begin_within(conn: sqlite3.Connection, wait_ms: int) -> None:
    """BEGIN IMMEDIATE, waiting at most wait_ms for another command's write, in slices a
    Ctrl-C is heard between."""
    deadline = time.monotonic() + wait_ms / 1000
    try:
        while True:
            left = int((deadline - time.monotonic()) * 1000)
            conn.execute(f"PRAGMA busy_timeout = {max(1, min(BUSY_SLICE_MS, left))}")
            try:
                conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                busy = "locked" in str(exc) or "busy" in str(exc)
                if not busy or time.monotonic() >= deadline:
                    raise
    finally:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")


def loads(value: str | None, default: Any = None) -> Any:
    return json.loads(value) if value else default


def now_iso() -> str:
    """UTC timestamp with seconds, the format of every *added*/*updated* column."""
    from datetime import UTC, datetime

    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def paper_from_row(row: dict[str, Any]) -> Paper:
    return Paper(
        id=row["id"],
        title=row["title"],
        authors=loads(row.get("authors"), []),
        version=row.get("version"),
        abstract=row.get("abstract"),
        categories=loads(row.get("categories"), []),
        primary_category=row.get("primary_category"),
        published=row.get("published"),
        updated=row.get("updated"),
        doi=row.get("doi"),
        journal_ref=row.get("journal_ref"),
        comment=row.get("comment"),
        pdf=row.get("pdf"),
        sha256=row.get("sha256"),
        pages=row.get("pages"),
        has_text=None if row.get("has_text") is None else bool(row["has_text"]),
        source=row.get("source") or "arxiv",
        added=row.get("added"),
    )


def paper_to_row(paper: Paper) -> dict[str, Any]:
    return {
        "id": paper.id,
        "version": paper.version,
        "title": paper.title,
        "authors": json.dumps(paper.authors, ensure_ascii=False),
        "abstract": paper.abstract,
        "categories": json.dumps(paper.categories),
        "primary_category": paper.primary_category,
        "published": paper.published,
        "updated": paper.updated,
        "doi": paper.doi,
        "journal_ref": paper.journal_ref,
        "comment": paper.comment,
        "pdf": paper.pdf,
        "sha256": paper.sha256,
        "pages": paper.pages,
        "has_text": None if paper.has_text is None else int(paper.has_text),
        "source": paper.source,
        "added": paper.added or now_iso(),
    }


def like_literal(text: str) -> str:
    """Text for a LIKE pattern with ESCAPE '\\': its own % and _ are letters, not wildcards."""
    return re.sub(r"([\\%_])", r"\\\1", text)


def local_ids_beginning(db: Database, digits: str) -> list[str]:
    """The library's local papers whose id begins with these hex digits ("f147" of
    local:f147c64b8638), a few: one is the paper a short id means, as git takes a commit's."""
    return [
        str(row[0])
        for row in db.execute(
            "SELECT id FROM papers WHERE id LIKE ? ESCAPE '\\' ORDER BY id LIMIT 10",
            [f"local:{like_literal(digits.lower())}%"],
        )
    ]


def get_paper(db: Database, paper_id: str) -> Paper | None:
    rows = list(db.query("SELECT * FROM papers WHERE id = ?", [paper_id]))
    return paper_from_row(rows[0]) if rows else None


def save_paper(db: Database, paper: Paper) -> None:
    """Insert or replace a paper row and its title/authors/abstract search documents, under
    the write lock (taken up front): written bare, from two connections at once, a deferred
    transaction's upgrade failed at once with "database is locked", no busy wait."""
    with write_transaction(db):
        db.table("papers").upsert(paper_to_row(paper), pk="id")
        set_document(db, paper.id, "title", paper.title)
        set_document(db, paper.id, "authors", ", ".join(paper.authors))
        set_document(db, paper.id, "abstract", paper.abstract or "")


def set_document(db: Database, paper_id: str, source: str, body: str | None) -> None:
    """Index one searchable text (title, authors, abstract, text, notes) of a paper."""
    if not body:
        db.execute("DELETE FROM documents WHERE paper_id = ? AND source = ?", [paper_id, source])
        return
    db.execute(
        "INSERT INTO documents (paper_id, source, body) VALUES (?, ?, ?) "
        "ON CONFLICT (paper_id, source) DO UPDATE SET body = excluded.body",
        [paper_id, source, body],
    )
