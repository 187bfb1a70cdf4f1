"""The `papers` command and `python -m papers`.

Importing the CLI takes a moment; a Ctrl-C during it ends quietly (exit 130) as one during a
command does, not with a traceback from inside the import machinery."""

from __future__ import annotations

import sys


def _interrupt(signum: int, frame: object) -> None:
    from papers.errors import Terminated

    raise Terminated(signum)  # (the cleanup of a Ctrl-C: temporary files, transactions)


def main() -> None:
    import signal

    # `kill`, `timeout` and a closed terminal end a command as Ctrl-C does: without this a
    # download's .part file and a PDF not yet recorded stayed in papers/
    # (not one already ignored: `nohup papers refs ID --add ... &` must outlive its terminal)
    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None and signal.getsignal(number) is not signal.SIG_IGN:
            signal.signal(number, _interrupt)
    try:
        from papers.cli import cli
    except KeyboardInterrupt as exc:
        sys.stderr.write("Interrupted.\n")
        raise SystemExit(getattr(exc, "exit_code", 130)) from None
    cli(prog_name="papers")


if __name__ == "__main__":
    main()
