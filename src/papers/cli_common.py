"""Helpers shared by the Click modules: the library root, opening the database, rendering."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

import click
from sqlite_utils import Database

from . import config
from .db import open_db
from .models import Paper

# the largest integer SQLite stores: a count or a number past it is an option error, not an
# OverflowError from the database
SQLITE_MAX = 2**63 - 1


def fits_sqlite(ctx: click.Context, param: click.Parameter, value: int | None) -> int | None:
    """A click callback: a number past SQLITE_MAX is an option error (exit 2), which an
    IntRange bounded there also gives, but without "<=9223372036854775807" in every help."""
    if value is not None and value > SQLITE_MAX:
        raise click.BadParameter(f"{value} is larger than any library holds")
    return value


def confirm(text: str) -> None:
    """Ask on stderr and abort on no, as click.confirm(abort=True) does; but a SIGTERM or SIGHUP
    at the prompt ends the command as that signal does elsewhere (exit 143 or 129), where
    click would turn it into "Aborted!" and exit 1."""
    from .errors import Terminated

    fd = _stdin_fd()
    if fd is None:  # (no file behind stdin: click's own prompt, as CliRunner feeds it)
        try:
            click.confirm(text, abort=True, err=True)
        except click.Abort as exc:
            if isinstance(exc.__context__, Terminated):
                raise exc.__context__ from None
            raise
        return
    while True:
        click.echo(f"{text} [y/N]: ", nl=False, err=True)
        try:
            line = _read_line(fd)
        except Terminated:
            raise
        except KeyboardInterrupt:
            raise click.Abort() from None
        answer = (line or "").strip().lower()
        if line is None or answer in ("", "n", "no"):
            raise click.Abort()
        if answer in ("y", "yes"):
            return
        click.echo("Error: invalid input", err=True)


def _stdin_fd() -> int | None:
    """The descriptor behind stdin where it can be waited on with select() (not on Windows)."""
    if sys.platform == "win32":
        return None
    try:
        return sys.stdin.fileno()
    except (AttributeError, OSError, ValueError):
        return None


def _read_line(fd: int) -> str | None:
    """One line of fd (None at its end), waiting in slices of select() so a signal is heard
    within a tenth of a second. A blocking read only hears a signal that comes during it: with
    click 8.4, which writes the prompt from C just before reading, a SIGTERM sent on seeing the
    prompt came in between and the command hung. A byte at a time: nothing read past the line
    is kept in a buffer the next reader of stdin would not see."""
    import os
    import select

    data = bytearray()
    while True:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if not ready:
            continue
        byte = os.read(fd, 1)
        if not byte:
            return data.decode("utf-8", "replace") if data else None
        if byte == b"\n":
            return data.decode("utf-8", "replace")
        data += byte


def current_root() -> Path:
    """The library root for this command (--root, $PAPERS_ROOT, upward search, cwd).
    $PAPERS_ROOT naming a file is a usage error, as --root FILE is: it is --root's default,
    and click reads an option's environment variable as the option (exit 2, not 1)."""
    root = config.find_root(None)
    if root.is_file():  # (only $PAPERS_ROOT can name one: --root's callback refused a file)
        typed = os.environ.get("PAPERS_ROOT") or str(root)
        raise click.BadParameter(not_a_folder(typed), param_hint="$PAPERS_ROOT")
    return root


def not_a_folder(typed: str) -> str:
    """What --root or $PAPERS_ROOT naming a file says, alike."""
    return f"{typed} is a file, not a folder"


def open_library(*, create: bool = False) -> tuple[Database, Path]:
    """Open the library; read-only commands pass create=False so they never create files."""
    root = current_root()
    return open_db(root, create=create), root


# how long a reading command waits for another command's write before it shows the notes as
# last indexed: long enough for one paper's or one note's write, short of a hang
AUTOSYNC_WAIT_MS = 2_000


def autosync_notes(
    db: Database, root: Path, *, wait: bool = False, about: str | None = None, every: bool = False
) -> Any:
    """Pick up notes changed since the last command (GUI editors, `open --no-wait`, git pull,
    a note edited by hand), so what a note links shows at once. A library that can only be
    read shows the notes as last indexed, and so does one another command is writing: the
    indexing is a listing's extra, never a reason to wait or fail (as `git status` refreshes
    the index only when it gets the lock). wait=True: a command about one note (show, open,
    status), which a note not yet indexed would answer wrongly, waits as writes do. The
    problems of the notes are said as say_note_warnings says them."""
    from .db import is_readonly
    from .errors import LibraryBusy, ReadOnlyLibrary
    from .reviews import SyncReport, sync_notes

    if is_readonly(db):
        return SyncReport()
    try:
        report = sync_notes(db, root, wait_ms=None if wait else AUTOSYNC_WAIT_MS)
    except ReadOnlyLibrary:
        return SyncReport()  # (a database file that cannot be written in a folder that can)
    except LibraryBusy as busy:
        # (named as the waits for a write name it, from papers/.writing)
        writer = busy.writer or "another papers command"
        warn(
            "warning: notes changed since the last command are shown as last indexed: "
            f"{writer} is writing the library (the next command reads them)"
        )
        return SyncReport()
    say_note_warnings(db, root, report, about=about, every=every and report.touched)
    return report


def say_note_warnings(
    db: Database, root: Path, report: Any, *, about: str | None = None, every: bool = False
) -> None:
    """Say each problem of a note once for the note as it is (a paper not in the library, two
    notes claiming one paper ...): every command indexes the notes, and said it again at each
    one after any note changed. Those of the notes `about` names (the note or paper a review
    command is about) are said each time, and every=True says them all (review list after a
    change). Where that cannot be remembered (a library read as it is), they are said only
    when a note changed, as before."""
    from .errors import LibraryBusy, ReadOnlyLibrary
    from .reviews import SyncReport, note_paths_named, remember_said, unsaid

    again = note_paths_named(db, root, about) if about is not None else set()
    shown = report if every else unsaid(db, report, again)
    try:
        # (no wait for another command's write: the warnings are said again next time)
        remember_said(db, report, wait_ms=0)
    except ReadOnlyLibrary:
        shown = report if report.touched or report.not_a_folder else SyncReport()
    except LibraryBusy:
        pass
    for line in shown.warnings():
        warn(f"warning: {line}")


def note_other_version(text: str, paper: Any, what: str) -> None:
    """Say so when an id typed with a version ("2210.17323v1") gets the paper at the version
    the library reads: "note: 2210.17323v1 asked; <what> v2"."""
    from .errors import BadIdentifier
    from .ids import parse_arxiv_id

    try:
        asked = parse_arxiv_id(text).version
    except BadIdentifier:
        return
    if asked and paper.version and asked != paper.version:
        warn(f"note: {text} asked; {what} v{paper.version}")


EMPTY_NAME = "an empty value names no paper"


def nonempty(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    """A click callback: an id, name, note or word given as "" (a script's unset "$ID")
    names nothing, and is a usage error rather than the latest paper, the whole library, or
    the working directory."""
    values = value if isinstance(value, tuple) else (value,)
    if any(isinstance(v, str) and not v.strip() for v in values):
        if param.name == "tag":
            raise click.BadParameter("an empty value names no tag")
        words = param.name in ("query", "word")
        raise click.BadParameter("an empty value is no word to look for" if words else EMPTY_NAME)
    if param.name != "query":  # (a search's query is bounded in words, search.QUERY_WORDS)
        for v in values:
            if isinstance(v, str) and (too_long := name_too_long(v)):
                raise click.BadParameter(too_long)
    return value


def name_too_long(value: str) -> str | None:
    """Why an id, name, title, path or word is too long to look up, or None: 50,000 characters
    made a database error of the lookup ("LIKE or GLOB pattern too complex")."""
    if len(value) > LONGEST_NAME:
        return f"{len(value)} characters are too many to name anything here"
    return None


LONGEST_NAME = 4096  # characters of an id, name, title or path (a path's longest, PATH_MAX)


def _as_json(value: Any) -> Any:
    """What JSON cannot hold as it is: a set as a sorted list (review sync's "occupied" was
    the string "{'reviews/a.md'}", "set()" when empty), anything else (a path) as text."""
    if isinstance(value, set | frozenset):
        return sorted(value, key=str)
    return str(value)


def print_json(data: Any) -> None:
    """Indented for a person at a terminal; compact (and about ten times faster, through the
    C encoder) when piped to another program."""
    indent = 2 if sys.stdout.isatty() else None
    # (\u escapes where the output's encoding cannot hold every character: the same JSON)
    encoding = (getattr(sys.stdout, "encoding", None) or "utf-8").lower().replace("-", "")
    ascii_only = not encoding.startswith("utf")
    text = json.dumps(data, indent=indent, ensure_ascii=ascii_only, default=_as_json)
    if not ascii_only and _SURROGATE.search(text):
        # (a file name that is not UTF-8, as given: its bytes were written raw, and the JSON was
        # no UTF-8; escaped, it is, and json.loads gives the name back)
        text = json.dumps(data, indent=indent, ensure_ascii=True, default=_as_json)
    click.echo(text)


_SURROGATE = re.compile("[\ud800-\udfff]")


def first_surname(paper: Any) -> str:
    """The first author's last name, as listings show a paper ("Frantar")."""
    return paper.authors[0].split()[-1] if paper.authors else ""


# progress bars drawn on stderr now: a line said meanwhile (arXiv's silence, from a timer
# thread) clears the bar's line first and redraws the bar after it, not "0/58no answer ..."
_BARS: list[Any] = []


def bar_shown(bar: Any) -> None:
    _BARS.append(bar)


def bar_gone(bar: Any) -> None:
    if bar in _BARS:
        _BARS.remove(bar)


def warn(message: str) -> None:
    if not _BARS:
        click.echo(message, err=True)
        return
    # (the line cleared: bars are drawn at a terminal only, and click keeps the code there)
    click.echo("\r\033[K", nl=False, err=True, color=True)
    click.echo(message, err=True)
    for bar in list(_BARS):
        with contextlib.suppress(AttributeError):
            bar._last_line = None  # (click redraws a line only when it changed)
            bar.render_progress()


def why_nothing_read(paper: Paper) -> str:
    """Why a paper has no references or facets, when the library knows: no PDF (added with
    --no-pdf, or offline), or no text in it; said alike by refs and facets."""
    if not paper.pdf:
        return f" (it has no PDF: 'papers add {paper.id}' gets it)"
    if paper.has_text is False:
        return " (its PDF has no text layer: scanned?)"
    return ""


def limit_note(left_out: str, limit: int | None) -> None:
    """What --limit left out of a listing, said on stderr (a script reading --json would
    take the listing for all), in one wording for every command."""
    warn(f"{left_out} not shown: raise --limit" + (f" (now {limit})" if limit else ""))


def nothing_found(message: str) -> NoReturn:
    """A query that found nothing: its one line on stderr and exit 1 (STYLE.md habit 5), also
    after `--json` printed its empty list, so a script can tell it from an answer."""
    warn(one_line(message))
    sys.exit(1)


_LINE_BREAKS = str.maketrans({"\n": "\\n", "\r": "\\r", "\x0b": "\\v", "\x0c": "\\f"})


def say_error(message: str) -> None:
    """An error's one line on stderr, as every command says one (bibtex's and compare's for
    each name too)."""
    click.echo(f"Error: {one_line(message)}", err=True)


def one_line(message: str) -> str:
    """An error's message in one line: an input it quotes may hold a line break (an id
    pasted with its newline), which made the one line of an error two."""
    return message.translate(_LINE_BREAKS)


def table(
    rows: Sequence[Sequence[Any]],
    headers: Sequence[str],
    widths: dict[int, int] | None = None,
    *,
    terminal: int | None = None,
) -> str:
    """A plain aligned text table. At a terminal (`terminal` columns wide, read from stdout when
    not given) the columns named in `widths` are cut to that many characters, and the last of
    them to what the terminal leaves it; piped, nothing is cut, so grep sees whole titles."""
    if terminal is None and sys.stdout.isatty():
        terminal = shutil.get_terminal_size().columns
    widths = dict(widths or {}) if terminal else {}
    head = list(headers)
    if widths and terminal:
        last = max(widths)
        others = [
            max([_width(head[i])] + [_width(_cell(r[i], widths.get(i))) for r in rows])
            for i in range(len(head))
            if i != last
        ]
        widths[last] = max(10, len(head[last]), terminal - sum(others) - 2 * (len(head) - 1))
    cells = [[_cell(v, widths.get(i)) for i, v in enumerate(row)] for row in rows]
    sizes = [max([_width(head[i])] + [_width(r[i]) for r in cells]) for i in range(len(head))]
    lines = ["  ".join(_pad(h, sizes[i]) for i, h in enumerate(head)).rstrip()]
    lines.append("  ".join("-" * s for s in sizes))
    for row in cells:
        lines.append("  ".join(_pad(v, sizes[i]) for i, v in enumerate(row)).rstrip())
    return "\n".join(lines)


def _cell(value: Any, width: int | None) -> str:
    text = "" if value is None else " ".join(str(value).split())
    if width and _width(text) > width:
        return _cut(text, width - 1) + "…"
    return text


def _char_width(char: str) -> int:
    """Columns a character takes in a terminal: two for CJK ideographs and full-width forms,
    none for a combining accent, else one."""
    if char.isascii():
        return 1
    import unicodedata

    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def _width(text: str) -> int:
    """Columns text takes: a title in Chinese or Japanese, counted in characters, pushed
    every cell after it out of line."""
    return len(text) if text.isascii() else sum(map(_char_width, text))


def _cut(text: str, width: int) -> str:
    """The start of text that fits in width columns."""
    used = 0
    for i, char in enumerate(text):
        used += _char_width(char)
        if used > width:
            return text[:i]
    return text


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))
