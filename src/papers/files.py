"""A temporary file of this process's own, for writing a file whole or not at all.

A download, a copied PDF, a note or a cached value is written to a hidden name beside its place
and then renamed (or linked) there. The temporary file is made exclusively, so two commands at
once never share one, and it is named before it is made and removed on the way out of the block
whatever happens, so a Ctrl-C as it is made, or while it is written, leaves none behind."""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import sys
import time
from collections.abc import Iterator
from pathlib import Path


def is_utf8_text(text: str) -> bool:
    """Whether a text (a file's name, an argument, a YAML value) is text the database and the
    output can hold: a name in another encoding (a Latin-1 "café.md" from an old zip) reaches
    Python with lone surrogates in it, and so does a YAML escape of one ("\\udce9")."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def shown_name(text: str) -> str:
    """Such a text as it can be printed: its odd bytes as backslash escapes ("caf\\xe9")."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


# a temporary file of part_beside: hidden, its writer's pid, a random part
_PART_RE = re.compile(r"\..+\.(\d+)-[0-9a-f]+\.part")
ORPHAN_AGE = 3600.0  # seconds untouched before a dead process's temporary file goes


@contextlib.contextmanager
def scratch_file(path: Path, mode: int = 0o666) -> Iterator[Path]:
    """Make the empty file path, which no one else has (else FileExistsError), with mode (less
    the umask); yield it to be written and renamed or linked away; remove what is left of it on
    the way out. A file of that name made by another process is never removed."""
    ours = True  # (a Ctrl-C just after os.open made the file lands inside the try below)
    try:
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode))
        except OSError:
            ours = False  # nothing made, or a file of another process
            raise
        yield path
    finally:
        if ours:
            with contextlib.suppress(OSError):
                path.unlink(missing_ok=True)


def part_beside(dest: Path) -> Path:
    """The temporary name for writing dest: hidden beside it, no other's, and naming this
    process, so that one left by a process killed outright can be told from one being written
    (see remove_orphans)."""
    return dest.with_name(f".{dest.name}.{os.getpid()}-{secrets.token_hex(4)}.part")


def remove_orphans(folder: Path) -> None:
    """Remove the temporary files (part_beside) that a process killed outright (kill -9, a
    power cut) left in the folder, where nothing else would ever remove them: their process
    is gone and they have not been written for an hour (a library shared between machines may
    hold another machine's, whose pid means nothing here: those are being written, or old)."""
    now = time.time()
    for path in folder.glob(".*.part"):
        match = _PART_RE.fullmatch(path.name)
        if match is None or process_running(int(match.group(1))):
            continue
        with contextlib.suppress(OSError):
            if now - path.stat().st_mtime >= ORPHAN_AGE:
                path.unlink()


def process_running(pid: int) -> bool:
    """Whether a process with this id runs here (this one, another user's: yes). Not known on
    Windows, where os.kill(pid, 0) sends a Ctrl-C, not a probe: taken as running."""
    if pid == os.getpid() or sys.platform == "win32":
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True  # (another user's process, or a pid this system cannot even name)
    return True


def process_start(pid: int) -> int | None:
    """When a process started, in clock ticks since the machine booted (field 22 of Linux's
    /proc/<pid>/stat, starttime): with its pid it names one process, where a pid alone may
    have been given to another since. None where it cannot be read (no /proc, as on macOS and
    Windows; the process gone)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            stat = handle.read()
    except (OSError, ValueError):
        return None
    # (field 2, the command's name, is in parentheses and may hold spaces and parentheses
    # itself: the fields are counted after its last ")", from field 3)
    fields = stat[stat.rfind(b")") + 1 :].split()
    try:
        return int(fields[22 - 3])
    except (IndexError, ValueError):
        return None


@contextlib.contextmanager
def held_alone(path: Path) -> Iterator[bool | None]:
    """An advisory lock on `path` (made if need be) for the block: True when this process holds
    it, False when another does (the block runs all the same: the caller says or refuses),
    None where none can be taken (no fcntl, as on Windows; a folder it cannot write)."""
    try:
        import fcntl
    except ImportError:
        yield None
        return
    try:
        path.parent.mkdir(exist_ok=True)
        handle = open(path, "a")  # noqa: SIM115
    except OSError:
        yield None
        return
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        yield True
