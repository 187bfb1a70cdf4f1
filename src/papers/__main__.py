"""The `papers` command and `python -m papers`.

Importing the CLI takes a moment; a Ctrl-C during it ends quietly (exit 130) as one during a
command does, not with a traceback from inside the import machinery."""

from __future__ import annotations

import sys


def _interrupt(signum: int, frame: object) -> None:
    from papers.errors import Terminated

    raise Terminated(signum)  # (the cleanup of a Ctrl-C: temporary files, transactions)


def _closed_streams_to_devnull() -> None:
    """A stream closed by the caller (`papers list >&-`, `papers rm ID <&-`) is None in Python:
    reading or writing it gave a traceback. It is the null device instead: nothing to read
    (a prompt is then answered no), nothing shown."""
    import os

    for name, mode in (("stdin", "r"), ("stdout", "w"), ("stderr", "w")):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, mode))  # noqa: SIM115 (for the process's life)


def _unencodable_characters_replaced() -> None:
    """A terminal or pipe in a legacy encoding (Latin-1, cp1252) cannot show "…" or "Ré":
    writing one ended the command with a traceback. The output shows "?" there instead
    (JSON escapes such characters, see cli_common.print_json; stderr already shows them as
    escapes)."""
    encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "")
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is not None and encoding and not encoding.startswith("utf"):
        reconfigure(errors="replace")


def _arguments_not_text() -> str | None:
    """The first argument that is no UTF-8 ("caf\\xe9" typed in a Latin-1 terminal reaches
    Python with a lone surrogate, which SQLite and the files' names refuse: a traceback in
    14 commands), shown with its odd bytes escaped; None when all are text."""
    import os

    for arg in sys.argv[1:]:
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            if os.path.lexists(arg):
                continue  # (a file's name: `add ~/Downloads/*.pdf` says what it can of each)
            return arg.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return None


def main() -> None:
    import signal

    _closed_streams_to_devnull()
    _unencodable_characters_replaced()
    odd = _arguments_not_text()
    if odd is not None:
        sys.stderr.write(f"Error: not UTF-8 text: {odd[:200]}\n")
        raise SystemExit(2)

    # `kill`, `timeout` and a closed terminal end a command as Ctrl-C does: without this a
    # download's .part file and a PDF not yet recorded stayed in papers/
    # (not one already ignored: `nohup papers refs ID --add ... &` must outlive its terminal)
    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None and signal.getsignal(number) is not signal.SIG_IGN:
            signal.signal(number, _interrupt)
    try:
        from papers import config
        from papers.cli import cli
    except KeyboardInterrupt as exc:
        sys.stderr.write("Interrupted.\n")
        raise SystemExit(getattr(exc, "exit_code", 130)) from None
    config.command_line = ["papers", *sys.argv[1:]]  # (what a command waiting for it says)
    try:
        cli(prog_name="papers")
    finally:
        # the command is done; a signal while the process ends (the facet worker stopped, the
        # threads joined) ends it at once, as the signal asks, not with a traceback from
        # inside the interpreter's exit
        for name in ("SIGINT", "SIGTERM", "SIGHUP"):
            number = getattr(signal, name, None)
            if number is not None and signal.getsignal(number) is not signal.SIG_IGN:
                signal.signal(number, _exit_now)


def _exit_now(signum: int, frame: object) -> None:
    """End the process with the signal's status, output flushed: its work is done."""
    import os

    try:
        sys.stdout.flush()
    finally:
        os._exit(128 + signum)


if __name__ == "__main__":
    main()
