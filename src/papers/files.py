"""A temporary file of this process's own, for writing a file whole or not at all.

A download, a copied PDF, a note or a cached value is written to a hidden name beside its place
and then renamed (or linked) there. The temporary file is made exclusively, so two commands at
once never share one, and it is named before it is made and removed on the way out of the block
whatever happens, so a Ctrl-C as it is made, or while it is written, leaves none behind."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path


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
