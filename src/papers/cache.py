"""Compiled artefacts kept between commands, in the user's cache folder.

Parsing and compiling the quantization vocabulary takes a fresh process about 0.1 s, and a
command's first paper waited for it. Its compiled form is kept here, pickled under a digest of
everything it was built from: an upgrade or an edited library vocabulary gives another file,
never a stale one. The folder is the user's own (config.cache_dir), never a library's: a
library may be shared, and loading a pickle runs code. For the same reason a file is read only
if it and its folder are the user's and nobody else may write them, as OpenSSH asks of
~/.ssh: a cache folder pointed at a shared place is not trusted. Any failure reads as a miss,
and the caller builds the thing again.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import secrets
import stat
from pathlib import Path
from typing import Any

from . import config
from .files import scratch_file

KEEP = 8  # files of one kind kept: the most recently used


def digest(*parts: bytes) -> str:
    """A key for what `parts` (source texts, versions) build."""
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(len(part).to_bytes(8, "little"))  # ("ab", "c") is not ("a", "bc")
        hasher.update(part)
    return hasher.hexdigest()[:32]


def _folder() -> Path | None:
    try:
        return config.cache_dir()
    except RuntimeError:  # no home folder to put it in (Path.home): no cache
        return None


def load(kind: str, key: str) -> Any | None:
    """The value saved under `key`, or None: never saved, or unreadable (truncated, written by
    another version of a class), which only costs building it again."""
    folder = _folder()
    if folder is None:
        return None
    path = folder / f"{kind}-{key}.pickle"
    try:
        with open(path, "rb") as file:
            if not (_trusted(os.fstat(file.fileno())) and _trusted(os.stat(folder))):
                return None
            value = pickle.load(file)
    except Exception:  # noqa: BLE001 (a cache: whatever is wrong with the file, it is a miss)
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # recently used: kept by the pruning of save
    return value


def _trusted(status: os.stat_result) -> bool:
    """Whether only this user can have written the file or folder (where users exist)."""
    if not hasattr(os, "getuid"):
        return True  # (Windows: the profile's folders are the user's own)
    return status.st_uid == os.getuid() and not status.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def save(kind: str, key: str, value: Any) -> None:
    """Keep `value` under `key` (atomically: a command reading it meanwhile sees the old file or
    the whole new one), and prune the kind to its KEEP most recently used files. Best effort:
    a folder that cannot be written leaves things as they are."""
    folder = _folder()
    if folder is None:
        return
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)  # (see _trusted)
        # (a hidden file nothing would ever remove, were it left: see files.scratch_file)
        with scratch_file(folder / f".{kind}-{secrets.token_hex(8)}.tmp", 0o600) as tmp:
            with open(tmp, "wb") as file:
                pickle.dump(value, file, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, folder / f"{kind}-{key}.pickle")
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        return
    _prune(folder, kind)


def _prune(folder: Path, kind: str) -> None:
    def used(path: os.DirEntry[str]) -> float:
        try:
            return path.stat().st_mtime
        except OSError:
            return 0.0

    try:
        with os.scandir(folder) as entries:
            files = [
                e for e in entries if e.name.startswith(f"{kind}-") and e.name.endswith(".pickle")
            ]
    except OSError:
        return
    for entry in sorted(files, key=used, reverse=True)[KEEP:]:
        with contextlib.suppress(OSError):
            os.unlink(entry.path)
