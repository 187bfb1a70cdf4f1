"""A command run with one of its streams on a pseudo-terminal, as at a user's terminal."""

from __future__ import annotations

import contextlib
import os
import pty
import subprocess
import sys


def run_at_terminal(args: list[str], env: dict[str, str], stream: str) -> tuple[int, bytes, bytes]:
    """Run `python -m papers ARGS` with `stream` ("stdout" or "stderr") on a terminal: (exit
    status, what the terminal showed, what the other stream gave)."""
    leader, follower = pty.openpty()
    other = "stderr" if stream == "stdout" else "stdout"
    out = subprocess.run(
        [sys.executable, "-m", "papers", *args],
        env=env,
        **{stream: follower, other: subprocess.PIPE},
    )
    os.close(follower)
    shown = b""
    with contextlib.suppress(OSError):  # (EIO once the command's end closed the terminal)
        while chunk := os.read(leader, 65536):
            shown += chunk
    os.close(leader)
    return out.returncode, shown, getattr(out, other)
