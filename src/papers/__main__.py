"""The `papers` command and `python -m papers`.

Importing the CLI takes a moment; a Ctrl-C during it ends quietly (exit 130) as one during a
command does, not with a traceback from inside the import machinery."""

from __future__ import annotations

import sys


def main() -> None:
    try:
        from papers.cli import cli
    except KeyboardInterrupt:
        sys.stderr.write("Interrupted.\n")
        raise SystemExit(130) from None
    cli(prog_name="papers")


if __name__ == "__main__":
    main()
