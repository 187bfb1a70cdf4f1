"""open_db(): a sqlite-utils Database with pragmas set and migrations applied."""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from . import config
from .errors import LibraryError

BUSY_TIMEOUT_MS = 30_000


def _connect(path: Path, readonly: bool) -> sqlite3.Connection:
    if readonly:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
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
    if not path.exists():
        if not create:
            raise LibraryError(f"no library at {root} (run 'papers add' first, or pass --root)")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise LibraryError(f"cannot create {path.parent}: {exc.strerror}") from None
    try:
        conn = _connect(path, readonly=False)
        if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            conn.execute("PRAGMA journal_mode = WAL")
        db = Database(conn)
        _migrate(db)
    except sqlite3.OperationalError as exc:
        raise LibraryError(f"cannot use the library database {path}: {exc}") from None
    except sqlite3.DatabaseError as exc:
        raise LibraryError(f"the library database {path} is damaged: {exc}") from None
    return db


def _migrate(db: Database) -> None:
    """Apply pending migrations; two processes opening a new library at once must both succeed."""
    from .migrations import migrations

    for attempt in range(5):
        if not migrations.pending(db):
            return
        try:
            migrations.apply(db)
            return
        except sqlite3.IntegrityError:
            # The other process recorded the same migration first; re-read and go on.
            time.sleep(0.05 * (attempt + 1))
        except sqlite3.OperationalError as exc:
            if "already exists" not in str(exc):
                raise
            time.sleep(0.05 * (attempt + 1))
    if migrations.pending(db):
        raise LibraryError("could not bring the database schema up to date")


def loads(value: str | None, default: Any = None) -> Any:
    return json.loads(value) if value else default
