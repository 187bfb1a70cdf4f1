"""The `papers` command line: parse, call one core function, render. No SQL, no PDF code."""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from . import __version__, config
from .cli_common import (
    confirm,
    current_root,
    first_surname,
    limit_note,
    nonempty,
    not_a_folder,
    note_other_version,
    one_line,
    open_library,
    print_json,
    say_error,
    table,
    warn,
)
from .errors import BadIdentifier, PapersError
from .models import FACET_CATEGORIES, facet_key

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sqlite_utils import Database

    from .library import Shown
    from .models import Paper

# what writing the output fails with (a full disk or quota, a file too large, an I/O error)
_OUTPUT_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO})


class PapersGroup(click.Group):
    """Turns the core's typed errors into one-line messages and exit codes."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except PapersError as exc:
            say_error(str(exc))
            ctx.exit(exc.exit_code)
        except sqlite3.Error as exc:  # (a full disk, a database damaged while in use)
            click.echo(f"Error: the library database: {exc}", err=True)
            ctx.exit(1)
        except OSError as exc:
            _os_error(ctx, exc)
        except KeyboardInterrupt as exc:
            click.echo("Interrupted; nothing half-written was kept.", err=True)
            ctx.exit(getattr(exc, "exit_code", 130))  # (143 for SIGTERM: see errors.Terminated)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        # (--help and --version print while the arguments are read, before invoke)
        try:
            return super().parse_args(ctx, args)
        except OSError as exc:
            _os_error(ctx, exc)
            raise  # (not reached: _os_error exits)


def _os_error(ctx: click.Context, exc: OSError) -> None:
    """An OSError a command let through, in one line: the output could not be written (a full
    disk, `> /dev/full`), or a file the core did not expect to fail; or the reader of a pipe
    has what it wanted."""
    if exc.errno == errno.EPIPE:
        if _reader_gone():
            # the reader has what it wanted (`| head -1`): no error, as ripgrep ends,
            # where click's exit 1 read as "nothing found" under `set -o pipefail`
            with contextlib.suppress(OSError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            ctx.exit(0)
        raise exc  # (another pipe: click ends quietly)
    if exc.filename:
        message = f"{exc.filename}: {exc.strerror or exc}"
    elif exc.errno in _OUTPUT_ERRNOS:
        message = f"cannot write the output: {exc.strerror}"
    else:
        message = str(exc)
    say_error(message)
    with contextlib.suppress(OSError):
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 (nothing more to flush)
    ctx.exit(1)


def _reader_gone() -> bool:
    """Whether stdout is a pipe whose reader has closed it (poll says so), rather than another
    pipe the command wrote to."""
    import select
    import stat

    try:
        fd = sys.stdout.fileno()
        if not hasattr(select, "poll"):  # (Windows: stdout a pipe is all that can be asked)
            return stat.S_ISFIFO(os.fstat(fd).st_mode)
        poller = select.poll()
        poller.register(fd, select.POLLOUT)
        # (Linux says POLLERR of a pipe whose reader is gone, the BSDs and macOS POLLHUP)
        return any(events & (select.POLLERR | select.POLLHUP) for _, events in poller.poll(0))
    except (AttributeError, OSError, ValueError):  # (no real stdout)
        return False


def _root_folder(param: click.Parameter, value: str | None) -> Path | None:
    """--root's folder; "" (a script's unset $LIB) is a usage error, not the working
    directory, and a file is none."""
    if value is None:
        return None
    if not value.strip():
        raise click.BadParameter("an empty value names no folder", param=param)
    folder = Path(value).expanduser()
    if folder.exists() and not folder.is_dir():
        raise click.BadParameter(not_a_folder(value), param=param)
    return folder


def _set_root(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    folder = _root_folder(param, value)
    if folder is not None:
        token = config.root_override.set(folder.resolve())
        ctx.call_on_close(lambda: config.root_override.reset(token))


@click.group(cls=PapersGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--root",
    metavar="DIRECTORY",
    expose_value=False,
    callback=_set_root,
    help="Library folder (default: $PAPERS_ROOT, else the nearest folder holding "
    "papers/papers.db, else the git checkout whose reviews/ you are in, else the working "
    "directory); also taken after the command.",
)
@click.version_option(__version__, prog_name="papers")
def cli() -> None:
    """A workbench for reviewing research papers: arXiv, PDFs, references and notes.

    Wherever a command takes a paper (PAPER, PAPER_ID, ID), a library paper may be given by
    its arXiv id (with or without version) or by its name or title ("GPTQ", "llm.int8").

    \b
    Examples:
        papers add 2402.15319
        papers facets GPTQ
        papers list --facet W4A16 --facet per-group --facet LLaMA-2
    """
    config.notice = warn  # (arXiv's long waits, said on stderr)


@cli.command()
@click.argument("inputs", nargs=-1, required=True, callback=nonempty)
@click.option("--no-pdf", is_flag=True, help="Store the metadata only; do not download the PDF.")
@click.option("--json", "json_", is_flag=True, help="Print the results as JSON.")
@click.option("-s", "--silent", is_flag=True, help="No progress messages on stderr.")
def add(inputs: tuple[str, ...], no_pdf: bool, json_: bool, silent: bool) -> None:
    """Add papers by arXiv id, arXiv URL, arXiv DOI (10.48550/arXiv.ID) or local PDF.

    A PDF with an arXiv stamp gets arXiv's metadata; when arXiv cannot be reached, or does not
    list that version yet, it is added from the PDF alone (title from the PDF), and adding its
    id later fetches the metadata.

    \b
    Examples:
        papers add 2402.15319 2210.17323v2 hep-th/9901001
        papers add https://arxiv.org/abs/2306.00978
        papers add ~/Downloads/*.pdf
    """
    from .db import discard_unused_library, now_iso, open_db
    from .library import (
        AddResult,
        add_papers,
        classify_inputs,
        paper_json,
        papers_added_since,
        short,
    )

    config.facet_worker()  # (a bad setting is said before anything is done)
    try:
        items = classify_inputs(inputs)  # a malformed id fails here, before anything is done
    except BadIdentifier as exc:
        if len(inputs) > 1:  # (say that the others were not added either: fix it, run again)
            raise BadIdentifier(
                f"{exc}; nothing was added (every input is checked first)"
            ) from None
        raise
    if no_pdf and any(item.local_pdf for item in items) and not silent:
        warn("note: --no-pdf is for arXiv ids; a local PDF given is stored, as it is the input")
    root = current_root()  # (once: the library a first add makes is the one it may discard)
    made = config.new_folders(config.papers_dir(root))
    new = not config.db_path(root).exists()
    db: Database | None = None
    started = now_iso()
    said: set[str] = set()

    def report(result: AddResult) -> None:
        for message in result.warnings:
            warn(f"Warning: {message}")
        if not result.ok and not json_:
            warn(f"Error: {result.message}")
        elif result.ok and not json_ and not silent:
            warn(result.message)
            if result.paper:
                said.add(result.paper.id)

    try:
        # (opened inside: a Ctrl-C while it makes a new library discards that library too)
        db = open_db(root, create=True)
        results = add_papers(db, root, list(inputs), pdf=not no_pdf, report=report)
    except BaseException as exc:
        if isinstance(exc, KeyboardInterrupt) and db is not None:
            # (stored whole just before the interruption, and not yet said: "nothing
            # half-written was kept" alone read as if it had not been added)
            for paper in papers_added_since(db, started, items):
                if paper.id not in said:
                    warn(f"{paper.id}: added {short(paper.title)} before the interruption")
        if new:
            discard_unused_library(db, root, made)
        raise
    if new and not any(r.ok for r in results):
        # a first add that added nothing (a mistyped id) leaves no library behind: the folder
        # would be taken for one by every command run under it
        discard_unused_library(db, root, made)
    elif any(r.first for r in results) and not json_ and not silent:
        # (a mistyped --root or a command run in the wrong folder starts a library of its own:
        # said once, as `git init` says where it made one, by the add that stored its first
        # paper: of three at once, the ones that made its file and added nothing said it)
        warn(f"note: a new library at {root} (papers/ holds its PDFs and database)")
    if json_:
        print_json(
            [
                {
                    "input": r.input,
                    "status": r.status,
                    # (the title whole, as in "paper": the message shortens it for a terminal)
                    "message": r.message.replace(
                        short(r.paper.title), " ".join(r.paper.title.split()), 1
                    )
                    if r.paper and r.paper.title
                    else r.message,
                    "paper": paper_json(r.paper) if r.paper else None,
                }
                for r in results
            ]
        )
    if any(not r.ok for r in results):
        sys.exit(1)


@cli.command(name="list")
@click.argument("word", required=False, callback=nonempty)
@click.option(
    "--sort",
    type=click.Choice(["added", "published", "title"]),
    default="added",
    show_default=True,
    help="Order of the listing (dates newest first, titles A to Z).",
)
@click.option("--reverse", is_flag=True, help="Oldest first (titles Z to A).")
@click.option("--limit", type=click.IntRange(min=1), help="Show at most this many papers.")
@click.option(
    "--facet",
    "facets",
    multiple=True,
    help="Only papers that evaluate this quantization facet, whatever its case, hyphens or "
    'spaces ("llama2-7b" is LLaMA-2-7B), or spelt as the vocabulary reads papers ("OPTQ" is '
    'GPTQ, "group size 128" or "gs128" g128; "W4" or "INT4 weights" the papers of any W4 '
    "pair, with a note of the papers that write only 4-bit); repeatable: all must match, "
    "each somewhere in the paper (not necessarily in one experiment: the 'same page' "
    "column, same_page in --json, gives the pages that hold them all).",
)
@click.option(
    "--show",
    "categories",
    multiple=True,
    type=click.Choice(FACET_CATEGORIES, case_sensitive=False),
    help="A column of each paper's evaluated values of this category (repeatable; in --json, "
    '"evaluated"). With --facet, the values evaluated in a table or sentence that holds the '
    "facets asked (against which baselines, on which models), else on a page that does, "
    'marked "(page)", and how many elsewhere ("elsewhere", "bound" in --json).',
)
@click.option(
    "--together",
    "together_only",
    is_flag=True,
    help="With --facet: only the papers where one table or sentence holds all the facets asked "
    "(one experiment, as far as the lens tells; not only some page).",
)
@click.option("--json", "json_", is_flag=True, help="Print a JSON list.")
def list_(
    word: str | None,
    sort: str,
    reverse: bool,
    limit: int | None,
    facets: tuple[str, ...],
    categories: tuple[str, ...],
    together_only: bool,
    json_: bool,
) -> None:
    """List the library's papers, or those with WORD in the title or authors, or those that
    evaluate a quantization setting (--facet W4A8).

    \b
    Examples:
        papers list
        papers list quantization --sort published
        papers list --facet W4A8 --facet per-group --json
        papers list --facet W4A8 --facet LLaMA-2 --show baseline
        papers list --facet W4A16 --facet g128 --facet LLaMA --together
    """
    from .library import (
        family_members,
        list_papers,
        pages_together,
        paper_json,
        places_together,
        read_facets,
        shown_values,
    )

    if any(not value.strip() for value in facets):
        raise click.BadParameter(
            "a facet is a value such as W4A8 or per-group", param_hint="--facet"
        )
    if together_only and not facets:
        raise click.UsageError("--together goes with --facet: the facets one table must hold")
    db, root = open_library()
    readings = read_facets(db, root, list(facets))
    for typed, named in readings.items():
        warn(f"--facet {typed}: read as {' + '.join(named)}")
    wanted = [named for value in facets for named in readings.get(value, [value])]
    for value in wanted:
        members, alone = family_members(db, value)
        if members:
            shown = ", ".join(members[:SHOWN_MEMBERS])
            more = (
                f" and {len(members) - SHOWN_MEMBERS} more" if len(members) > SHOWN_MEMBERS else ""
            )
            what = f"{value} or any of" if alone else "any of"
            warn(f"--facet {value}: read as {what} {shown}{more}")
    papers = list_papers(
        db,
        word=word,
        sort=sort,
        reverse=reverse,
        # (one more than asked: whether --limit left some out, which is said)
        limit=None if together_only or not limit else limit + 1,
        facets=wanted,
    )
    not_together: list[str] = []  # (--together: left out, in no one table or sentence)
    unplaced: list[str] = []  # (or their places not known: stored by an older release)
    held: dict[str, set[tuple[int, int]] | None] | None = None  # (read once, for --show too)
    if together_only and len(wanted) > 1:  # (one facet is always with itself)
        # (filtered before --limit: the first N that hold them together, not N minus some)
        held = places_together(db, [p.id for p in papers], wanted, root)
        not_together = [p.id for p in papers if held.get(p.id) == set()]
        unplaced = [p.id for p in papers if held.get(p.id) is None]
        papers = [p for p in papers if held.get(p.id)]
    cut = limit is not None and len(papers) > limit
    papers = papers[:limit] if limit else papers
    if facets or categories:  # (--show shows stored facets too: a value just added is not)
        from .cli_quant import warn_stale

        warn_stale(db, root)
    together = _together(db, papers, wanted)
    categories = tuple(dict.fromkeys(category.lower() for category in categories))
    values = {}
    if categories:
        # (with facets asked, the values of their setting: on the pages that hold them all,
        # which the 'same page' column has read for two facets or more)
        ids = [p.id for p in papers]
        setting = (together or pages_together(db, ids, wanted)) if wanted else None
        # (and finer: the tables and sentences of those pages that hold them all)
        if held is None and wanted:
            held = places_together(db, ids, wanted, root)
        places = held
        values = shown_values(db, papers, categories, setting, places)
    if json_:
        print_json(
            [
                paper_json(p)
                | ({"same_page": together[p.id]} if together else {})
                | (_shown_json(values[p.id], bool(wanted)) if categories else {})
                for p in papers
            ]
        )
    elif papers:
        click.echo(_listing(papers, together, categories, values))
    hints = _weights_alone(db, wanted, word, more=bool(papers))
    hints += _weight_only_unknown(db, wanted, word, {p.id for p in papers})
    hints += _integer_width(db, wanted, word, {p.id for p in papers})
    if papers:
        hints += _method_itself(db, word, wanted, {p.id for p in papers})
    by_page = [p.id for p in papers if categories and (got := values[p.id]) and got.bound == "page"]
    if by_page and not json_:
        hints.append(
            f"{BY_PAGE} {len(by_page)} paper(s): no one table or sentence holds all the facets "
            "asked, so their values are those of the pages that do, which may hold other "
            f"experiments ('papers facets ID' gives the evidence): {_some_ids_of(by_page)}"
        )
    unread = [p.id for p in papers if categories and values[p.id] is None]
    if unread:
        hints.append(
            f"{len(unread)} paper(s) have no facets to show ('?'): no PDF, no text layer, or "
            f"never extracted ('papers facets ID' says which): {_some_ids_of(unread)}"
        )
    apart = [pid for pid, pages in together.items() if pages == []]
    if apart:
        hints.append(
            f"{len(apart)} of {len(papers)} paper(s) evaluate them on no one page: perhaps in "
            "different experiments, or one is set once for all (in the method) "
            f"('papers facets ID' shows where): {_some_ids_of(apart)}"
        )
    if not_together:
        hints.append(
            f"{len(not_together)} more paper(s) evaluate them each somewhere, in no one table "
            f"or sentence (listed without --together): {_some_ids_of(not_together)}"
        )
    if unplaced:
        from .library import stale_facets

        stale = set(stale_facets(db, root, unplaced))
        if stale_ids := [pid for pid in unplaced if pid in stale]:
            hints.append(
                f"{len(stale_ids)} more paper(s) evaluate them, where no place is known (facets "
                f"stored by other rules: 'papers extract --stale'): {_some_ids_of(stale_ids)}"
            )
        if whole := [pid for pid in unplaced if pid not in stale]:
            hints.append(
                f"{len(whole)} more paper(s) evaluate them, none in any one table or sentence "
                "(read from the paper as a whole, or derived, as PTQ from its baselines): "
                f"{_some_ids_of(whole)}"
            )
    if not papers:  # (one line, with why when facets were asked)
        why = (
            ("; ".join(hints) or _why_no_paper_matches(db, root, word, wanted, list(facets)))
            if facets
            else None
        )
        warn(
            "No papers."
            if not (word or facets)
            else one_line("No paper matches" + (f": {why}" if why else "."))
        )
    else:
        for hint in hints:
            warn(f"note: {hint}")
    if cut:  # (a script reading --json took the first N for all)
        limit_note("more papers", limit)
    if not papers and (word or facets):
        sys.exit(1)  # (nothing found: STYLE.md habit 5; an empty library is no query)


def _why_no_paper_matches(
    db: Database, root: Path, word: str | None, wanted: list[str], typed: list[str]
) -> str | None:
    """The setting may be in papers that name it without evaluating it, or in none; of
    several facets, each may be evaluated, never together."""
    from .library import (
        close_values,
        count_papers,
        library_defines,
        library_suites,
        list_papers,
        papers_meant,
        stale_facets,
        unread_parts,
    )

    naming = list_papers(db, word=word, facets=wanted, mentioned=True)
    alone = [(value, count_papers(db, word=word, facets=[value])) for value in wanted]
    if len(wanted) > 1 and all(count for _, count in alone):
        # ("it" was both: OmniQuant, which evaluates SmoothQuant, was said to only mention it;
        # with a word, of its papers: others may evaluate them all)
        of_word = (
            f"{count_papers(db, word=word)} paper(s) match {word!r}; none of them"
            if word
            else "no paper"
        )
        why = f"{of_word} evaluates them all; " + ", ".join(
            f"{value}: {count} paper(s)" for value, count in alone
        )
        if naming:
            why += f"; {len(naming)} name them all, evaluated or not: {_some_ids(naming)}"
        for note in _method_itself(db, word, wanted, set()):
            why += f"; {note}"  # ("GPTQ" and "ResNet": GPTQ's paper runs ResNet)
        return why
    if naming:
        return f"{len(naming)} paper(s) mention it without evaluating it: {_some_ids(naming)}"
    unknown = [value for value in wanted if not count_papers(db, facets=[value], mentioned=True)]
    if unknown:
        # a suite is known, not misspelt, where no paper runs a member: its members are said
        in_suites = library_suites(db)
        asked = {value: suite for value in unknown if (suite := in_suites.get(facet_key(value)))}
        unknown = [value for value in unknown if value not in asked]
        said = [
            f"no library paper evaluates the suite {value} or any of its members "
            f"({_some_members(suite.written)})"
            for value, suite in asked.items()
        ]
        # a value of the library's quant_vocab.toml that facets stored by other rules may not
        # have looked for (one just added there): no typo, and 'papers extract' finds it
        stale = stale_facets(db, root) if unknown else []
        defined = library_defines(root, unknown) if stale else []
        unknown = [value for value in unknown if value not in defined]
        if defined:
            said.append(_defined_not_read(db, defined, len(stale)))
        # (a spelling nothing in the library has: 'papers facets --all' lists them)
        unread = [
            part for value in typed if value in unknown for part in unread_parts(db, root, value)
        ]
        # (not "names": vLLM names the KV cache on every page, as no facet)
        if unknown:
            said.append(f"no library paper has the facet {', '.join(unknown)}")
        why = "; ".join(said)
        if unread:  # ("W4A8 on Llama-2 PPL": which word)
            verb = "names" if len(unread) == 1 else "name"
            close = [value for part in unread for value in close_values(db, part)]
            meant = f"; did you mean {' or '.join(dict.fromkeys(close))}?" if close else ""
            why += f" ({', '.join(repr(part) for part in unread)} {verb} no value{meant})"
        if any(part.lower() == "or" for part in unread):  # ("GPTQ or AWQ")
            why += (
                "; 'or' is not read: the values asked are all needed, so for either of two "
                "run one 'papers list --facet' for each"
            )
        if unknown or asked:
            why += (
                "; 'papers facets --all' lists the values there are, 'papers search' reads the text"
            )
        itself = [(value, ids[0]) for value in unknown if len(ids := papers_meant(db, value)) == 1]
        for value, paper_id in itself:  # (a method's own paper: no paper compares against it)
            why += (
                f"; {paper_id} is {value} itself: 'papers facets {paper_id}' shows what it "
                f"evaluates, 'papers cited-by {paper_id}' who cites it"
            )
        return why
    return _filter_that_emptied(db, word, wanted)


def _filter_that_emptied(db: Database, word: str | None, wanted: list[str]) -> str | None:
    """Which filter of a query took its last papers (each matches some alone): `list
    Dettmers --facet W4A8` said a bare "No paper matches". A filter no paper matches alone
    is named; else the word, then each facet in turn, narrow the papers till one leaves
    none. Counted by SQLite, a filter at a time (count_papers)."""
    from .library import count_papers

    if word and not count_papers(db, word=word):
        return f"no paper has {word!r} in its title or authors"
    for value in wanted:
        if not count_papers(db, facets=[value]):
            return f"no paper evaluates {value}"
    kept = count_papers(db, word=word) if word else 0
    steps = [f"match {word!r}"] if word else []
    for n, value in enumerate(wanted):
        left = count_papers(db, word=word, facets=wanted[: n + 1])
        if kept and not left:
            return f"{kept} paper(s) {' and '.join(steps)}; none of them evaluates {value}"
        kept = left
        steps.append(f"evaluate {value}")
    return None


def _defined_not_read(db: Database, defined: list[str], stale: int) -> str:
    """Why no paper has values the library's quant_vocab.toml defines, when the stored facets
    of `stale` papers come from other rules (an edit of that file among them)."""
    from .db import is_readonly

    it, verb = ("it", "is") if len(defined) == 1 else ("them", "are")
    fix = (
        "the library is read-only here, so they cannot be read again"
        if is_readonly(db)
        else f"'papers extract --stale' reads those papers again for {it}"
    )
    return (
        f"{', '.join(defined)} {verb} defined in the library's {config.VOCAB_NAME}, but the "
        f"facets of {stale} paper(s) were stored by other rules, which may not have looked "
        f"for {it} ({fix})"
    )


def _integer_width(
    db: Database, wanted: list[str], word: str | None, listed: set[str]
) -> list[str]:
    """The papers `--facet INTn` misses that write n-bit alone (see integer_width_alone)."""
    from .library import integer_width_alone

    return [
        f"{len(papers)}{' more' if listed else ''} paper(s) evaluate {bits}-bit without "
        f"writing INT{bits} (most write the width alone, whatever its format; --facet "
        f"{bits}-bit lists them): {_some_ids(papers)}"
        for bits, papers in integer_width_alone(db, wanted, word, listed).items()
    ]


def _weight_only_unknown(
    db: Database, wanted: list[str], word: str | None, listed: set[str]
) -> list[str]:
    """For `--facet weight-only`: the papers that evaluate the rest of the query and write
    widths alone, no W/A pair at all (GPTQ's "4-bit"), which may be weight-only or not."""
    from .library import WEIGHT_ONLY_NAMES, list_papers, widths_alone

    asked = [value for value in wanted if facet_key(value) in WEIGHT_ONLY_NAMES]
    if not asked:
        return []
    others = [value for value in wanted if value not in asked]
    candidates = [p for p in list_papers(db, word=word, facets=others) if p.id not in listed]
    if not (alone := widths_alone(db, candidates)):
        return []
    return [
        f"{len(alone)}{' more' if listed else ''} paper(s) evaluate widths alone and write no "
        "W/A pair, weight-only or not (GPTQ writes 4-bit): " + _some_ids(alone)
    ]


def _method_itself(
    db: Database, word: str | None, wanted: list[str], listed: set[str]
) -> list[str]:
    """The method's own paper a query leaves out (see own_papers_running)."""
    from .library import own_papers_running

    return [
        f"{paper_id} is {value} itself"
        + (" and evaluates the other facets asked" if len(wanted) > 1 else "")
        + f": a paper is not its own baseline ('papers facets {paper_id}' shows what it "
        "evaluates)"
        for value, paper_id in own_papers_running(db, wanted, word, listed)
    ]


def _weights_alone(
    db: Database, wanted: list[str], word: str | None, more: bool = True
) -> list[str]:
    """The papers a WnA16 or WnAn query misses that write only n-bit (see
    weights_width_alone)."""
    from .library import weights_width_alone

    hints = []
    for bits, one_width, papers in weights_width_alone(db, wanted, word).values():
        why = (
            f"(a paper that quantizes activations may write one width for both sides, as INT{bits})"
            if one_width
            else "(a weight-only paper may write only its weights' width, as GPTQ does)"
        )
        hints.append(
            f"{len(papers)}{' more' if more else ''} paper(s) evaluate {bits}-bit or INT{bits} "
            f"and write no W{bits}/A pair {why}: {_some_ids(papers)}"
        )
    return hints


SHOWN_PAGES = 4  # pages a "same page" cell lists
SHOWN_MEMBERS = 6  # members of a family a note names


def _some_members(members: Sequence[str]) -> str:
    more = f" and {len(members) - SHOWN_MEMBERS} more" if len(members) > SHOWN_MEMBERS else ""
    return ", ".join(members[:SHOWN_MEMBERS]) + more


SHOWN_CHARS = 40  # a --show column at a terminal (piped, whole)
BY_PAGE = "(page)"  # a --show cell bounded by pages, not by a table or sentence


def _together(db: Database, papers: list[Paper], wanted: list[str]) -> dict[str, list[int] | None]:
    """For two facets or more, the pages where each paper runs them all (None: not known, see
    pages_together); empty for one facet."""
    from .library import pages_together

    if len(wanted) < 2 or not papers:
        return {}
    return pages_together(db, [p.id for p in papers], wanted)


def _listing(
    papers: list[Paper],
    together: dict[str, list[int] | None],
    categories: tuple[str, ...],
    values: dict[str, Shown | None],
) -> str:
    """`list`'s table: with facets asked together, after the year, the pages where they meet
    (or none); the categories shown (--show) before the title, which a terminal cuts last."""
    fit = SHOWN_CHARS if sys.stdout.isatty() else None
    rows = [
        [
            p.id,
            p.year or "",
            *([_pages_cell(together[p.id])] if together else []),
            first_surname(p),
            *(_shown_cell(values[p.id], category, fit) for category in categories),
            p.title,
        ]
        for p in papers
    ]
    headers = ["id", "year", *(["same page"] if together else []), "first author"]
    headers += [*categories, "title"]
    last = len(headers) - 1
    columns = range(last - len(categories), last)
    return table(
        rows, headers, {columns.start - 1: 18, **dict.fromkeys(columns, SHOWN_CHARS), last: 70}
    )


def _shown_cell(shown: Shown | None, category: str, width: int | None) -> str:
    """A --show cell: the values ("-" for none), "?" for facets never read, and how many the
    paper evaluates elsewhere than with the facets asked; within `width` at a terminal, the
    values left out counted ("AWQ, GPTQ +9 more"), not cut mid-word."""
    if shown is None:
        return "?"
    values, others = shown.with_them[category], len(shown.elsewhere[category])
    more = f" ({others} elsewhere)" if others else ""
    if shown.bound == "page":
        more += " " + BY_PAGE  # (no table or sentence holds them all: see the note)
    text = ", ".join(values)
    if width is not None and len(text) + len(more) > width:
        kept: list[str] = []
        for value in values:
            left = len(values) - len(kept) - 1
            tail = f" +{left} more" if left else ""
            if len(", ".join([*kept, value])) + len(tail) + len(more) > width and kept:
                break
            kept.append(value)
        left = len(values) - len(kept)
        text = ", ".join(kept) + (f" +{left} more" if left else "")
    return (text or "-") + more


def _shown_json(shown: Shown | None, asked: bool) -> dict[str, Any]:
    """A paper's --show values in --json: "evaluated" (null: never read) and, with facets
    asked, the values "elsewhere" than with them."""
    if shown is None:
        return {"evaluated": None} | ({"elsewhere": None} if asked else {})
    if not asked:
        return {"evaluated": shown.with_them}
    return {"evaluated": shown.with_them, "elsewhere": shown.elsewhere, "bound": shown.bound}


def _pages_cell(pages: list[int] | None) -> str:
    """p.7, 9, 12 (and how many more), "-" for none, "?" for facets without pages."""
    if pages is None:
        return "?"
    if not pages:
        return "-"
    more = len(pages) - SHOWN_PAGES
    # ("+1" alone read as a page number or a count of what: a tester asked)
    return "p." + ", ".join(map(str, pages[:SHOWN_PAGES])) + (f" +{more} more" if more > 0 else "")


def _some_ids_of(ids: list[str]) -> str:
    """The first ten ids for a hint line, and "..." when there are more."""
    return " ".join(ids[:10]) + (" ..." if len(ids) > 10 else "")


def _some_ids(papers: list[Paper]) -> str:
    """The first ten papers' ids for a hint line, and "..." when there are more."""
    return _some_ids_of([p.id for p in papers])


@cli.command()
@click.argument("paper_ids", nargs=-1, callback=nonempty)
def bibtex(paper_ids: tuple[str, ...]) -> None:
    """BibTeX entries of papers (all of the library's without ids), to cite them.

    An id may also be a cited paper the library does not hold, once `papers refs` has looked
    up the references that cite it (its arXiv metadata is kept). A name it cannot cite has its
    error on stderr and the exit status 1; the others' entries are still printed.

    Entries are @misc, as arXiv exports them (eprint, archivePrefix, primaryClass, url; a DOI
    where arXiv has one); keys are surname, year and a title word (frantar2022gptq), papers of
    the library that share one told apart by b, c, ... in the order of their ids; a title's
    acronyms and mixed-case names are braced so the style keeps their case, its TeX kept. A
    title read from a PDF in capitals throughout is put in title case, each word as the
    paper's text writes it, or braced once whole when the paper has no text. A local PDF's
    year is the one a venue or copyright line of its first page prints (none when it prints
    none: not the years it cites, nor the file's date).

    \b
    Examples:
        papers bibtex GPTQ 2306.00978 >> review.bib
        papers bibtex > library.bib
        papers bibtex 2211.10438       # cited by a library paper, not added
    """
    from .bibtex import citation_keys, entries
    from .library import list_papers, papers_to_cite, title_spellings

    db, _ = open_library()
    library = list_papers(db, sort="published", reverse=True)
    errors: list[PapersError] = []
    if paper_ids:
        papers, errors = papers_to_cite(db, paper_ids)
    else:
        papers = library
        if not papers:
            raise PapersError("the library is empty: add a paper first (papers add ID)")
    # (keys unique across the library, then the cited papers named: the same for a library
    # paper whichever papers are exported)
    held = {paper.id for paper in library}
    keys = citation_keys([*library, *(p for p in papers if p.id not in held)])
    if papers:
        click.echo(entries(papers, keys, title_spellings(db, papers)), nl=False)
    # (the entries it could make, then an error for each name it could not, as cat does)
    for error in errors:
        say_error(str(error))
    if errors:
        raise SystemExit(max(error.exit_code for error in errors))


@cli.command()
@click.argument("paper_id", callback=nonempty)
@click.option("--json", "json_", is_flag=True, help="Print the details as JSON.")
def show(paper_id: str, json_: bool) -> None:
    """Show a paper's metadata, files and counts.

    \b
    Example:
        papers show 2210.17323
    """
    from .library import FROM_PDF, paper_details, require_paper

    db, root = open_library()
    paper = require_paper(db, paper_id)
    note_other_version(paper_id, paper, "the library's metadata is of")
    details = paper_details(db, root, paper)
    if json_:
        print_json(details)
        return
    version = f"v{details['version']}" if details["version"] else ""
    lines = [
        f"{details['id']}{version}  {details['title']}",
        f"authors:    {', '.join(details['authors'])}",
        f"published:  {details['published'] or '-'}   updated: {details['updated'] or '-'}",
        f"categories: {', '.join(details['categories']) or '-'}"
        + (f" (primary {details['primary_category']})" if details["primary_category"] else ""),
    ]
    for key in ("doi", "journal_ref", "comment"):
        if details[key]:
            lines.append(f"{key + ':':<12}{details[key]}")
    pdf = details["pdf"] or "- (no PDF)"
    if details["pdf"] and not details["pdf_exists"]:
        pdf += "  (missing on disk)"
    lines.append(f"pdf:        {pdf}")
    if details["pages"]:
        no_text = "" if details["has_text"] else ", no text layer"
        lines.append(f"pages:      {details['pages']}{no_text}")
    counts = details["counts"]
    lines.append(
        f"counts:     {counts['references']} references, {counts['facets']} facets, "
        f"cited by {counts['cited_by']} in the library{_cited_how(counts)}, "
        f"{counts['text_chars']} text characters"
    )
    if len(details["files"]) > 1:
        lines.append("files:      " + ", ".join(f["path"] for f in details["files"]))
    for path in details["reviews"]:
        lines.append(f"review:     {path}")
    lines.append(f"added:      {details['added']}")
    if details["source"] == FROM_PDF:
        lines.append(
            f"metadata:   from the PDF (arXiv was unreachable); 'papers add {details['id']}' "
            "fetches arXiv's"
        )
    if details["abstract"]:
        lines += ["", " ".join(details["abstract"].split())]
    click.echo("\n".join(lines))


def _cited_how(counts: dict[str, int]) -> str:
    """How the library's citers name a paper, as `cited-by` lists them: " (by id)", " (by
    title)", or " (5 by id, 3 by title)"; nothing when none cites it."""
    by_id, by_title = counts["cited_by_id"], counts["cited_by_title"]
    if by_id and by_title:
        return f" ({by_id} by id, {by_title} by title)"
    return " (by id)" if by_id else " (by title)" if by_title else ""


@cli.command()
@click.argument("paper_id", callback=nonempty)
@click.option("-y", "--yes", is_flag=True, help="Do not ask for confirmation.")
def rm(paper_id: str, yes: bool) -> None:
    """Remove a paper and its PDFs from the library (notes in reviews/ are kept).

    A version the library holds besides the one it reads (2210.17323v1 beside v2) removes
    that version's PDF only.

    \b
    Examples:
        papers rm 2210.17323v1
        papers rm 2210.17323 --yes
    """
    from .library import held_version_file, remove_file, remove_paper, require_paper, short

    db, root = open_library()
    paper = require_paper(db, paper_id)
    # a version names one PDF, never the whole paper ("rm 2210.17323v1" keeps v2)
    rel = held_version_file(db, paper, paper_id)
    if rel is not None:
        if not yes:
            confirm(f"Remove {rel}?")
        remove_file(db, root, paper, rel)
        warn(f"Removed {rel}; {paper.id} stays in the library")
        return
    if not yes:
        confirm(f"Remove {paper.id} ({short(paper.title)}) and its PDFs?")
    deleted = remove_paper(db, root, paper)
    warn(f"Removed {paper.id}" + (f" and {len(deleted)} PDF file(s)" if deleted else ""))


@cli.command(name="open")
@click.argument("paper_id", callback=nonempty)
@click.option(
    "--page",
    type=click.IntRange(min=1),
    help="At this page (the p.N that facets, search and notes cite), where the viewer takes one.",
)
def open_(paper_id: str, page: int | None) -> None:
    """Open a paper's PDF in the system viewer ($PAPERS_PDF_VIEWER overrides it); with a
    version, that version's PDF when the library kept it. --page is given to evince, okular,
    zathura, mupdf and sioyek, and to a $PAPERS_PDF_VIEWER that writes {page} where its
    page goes.

    \b
    Examples:
        papers open 2210.17323
        papers open 2210.17323v1
        papers open 2306.03078 --page 9
        PAPERS_PDF_VIEWER='evince --page-index={page}' papers open GPTQ --page 4
    """
    from .library import pdf_pages, require_paper, version_pdf

    db, root = open_library()
    paper = require_paper(db, paper_id)
    path, note = version_pdf(db, root, paper, paper_id)
    if note:
        warn(note)
    pages = pdf_pages(db, root, paper, path) if page is not None else None
    if page is not None and pages and page > pages:
        raise click.BadParameter(f"{path.name} has {pages} pages", param_hint="'--page'")
    viewer = os.environ.get("PAPERS_PDF_VIEWER")
    if viewer:
        import shlex
        import subprocess

        try:
            words = shlex.split(viewer)
            command = viewer_command(words, str(path), page)
            with subprocess.Popen(command) as started:
                try:  # (a viewer that fails fails at once: then no note that it opened)
                    code = started.wait(timeout=VIEWER_FAILS_WITHIN)
                except subprocess.TimeoutExpired:
                    code = None
                if page is not None and command == [*words, str(path)] and not code:
                    # (once it runs, before it ends: it may not return until closed)
                    warn(_NO_PAGE)
                if code is None:
                    code = started.wait()
        except ValueError as exc:  # ("No closing quotation")
            raise PapersError(f"$PAPERS_PDF_VIEWER is no command ({exc}): {viewer}") from None
        except OSError as exc:
            raise PapersError(f"cannot start the PDF viewer {viewer!r}: {exc.strerror}") from None
        if code:
            raise PapersError(f"the PDF viewer {viewer!r} exited with status {code}")
        return
    if click.launch(str(path)) != 0:
        raise PapersError(f"no PDF viewer could open {path}; set PAPERS_PDF_VIEWER")
    if page is not None:  # (once a viewer opened it: it was said before one failed to)
        warn(_NO_PAGE)


VIEWER_FAILS_WITHIN = 0.5  # seconds a viewer that cannot open the PDF takes to say so

_NO_PAGE = (
    "note: opened at its first page: this viewer is not told a page; set PAPERS_PDF_VIEWER to "
    "one that takes it ('evince --page-index={page}', 'zathura --page {page}')"
)
# how viewers are told a page, by their program's name ({page}: the number, {path}: the PDF)
_PAGE_ARGUMENTS = {
    "evince": ["--page-index={page}", "{path}"],
    "okular": ["--page", "{page}", "{path}"],
    "zathura": ["--page", "{page}", "{path}"],
    "sioyek": ["--page", "{page}", "{path}"],
    "mupdf": ["{path}", "{page}"],
    "mupdf-gl": ["{path}", "{page}"],
}


def viewer_command(viewer: list[str], path: str, page: int | None) -> list[str]:
    """The command that opens the PDF: the viewer's own words, where `{page}` in them is the
    page (and `{path}`, if written, the PDF); a viewer known by name told the page its way;
    any other, the PDF after its words, at its first page."""
    if not viewer:
        raise ValueError("empty")

    def filled(words: list[str]) -> list[str]:
        return [w.replace("{page}", str(page or 1)).replace("{path}", path) for w in words]

    if any("{page}" in word or "{path}" in word for word in viewer):
        return (
            filled(viewer) if any("{path}" in word for word in viewer) else [*filled(viewer), path]
        )
    known = _PAGE_ARGUMENTS.get(os.path.basename(viewer[0]))
    if page is None or known is None:
        return [*viewer, path]
    return [*viewer, *filled(known)]


@cli.command()
@click.argument("paper_ids", nargs=-1, callback=nonempty)
@click.option("--all", "all_", is_flag=True, help="Every paper in the library.")
@click.option(
    "--stale",
    is_flag=True,
    help="The papers whose facets came from other rules (after an upgrade); run again after "
    "an interruption, it goes on where it stopped.",
)
@click.option("-s", "--silent", is_flag=True, help="No progress messages on stderr.")
def extract(paper_ids: tuple[str, ...], all_: bool, stale: bool, silent: bool) -> None:
    """Extract text, references and facets again from stored PDFs (keeps reference links).

    A paper arXiv has not described (a local PDF, or one added offline) also gets its title
    and authors read from the PDF again (a local PDF its year too). References that name a
    library paper by its title are linked to it, as when a paper is added.

    \b
    Examples:
        papers extract 2210.17323
        papers extract --stale
        papers extract --all
    """
    from .library import extract_again, require_paper, stale_facets

    if (bool(paper_ids) + all_ + stale) != 1:
        raise click.UsageError("give paper ids, --all or --stale (one of them)")
    db, root = open_library()
    for text in paper_ids:  # (the PDF extracted is the version the library reads)
        note_other_version(text, require_paper(db, text), "extracting")
    if stale:
        paper_ids = tuple(stale_facets(db, root))
        if not paper_ids:
            if not silent:
                warn("every paper's facets come from these rules: nothing to extract")
            return

    def done(paper_id: str, n_refs: int, n_facets: int) -> None:
        if not silent:
            warn(f"{paper_id}: {n_refs} references, {n_facets} facets")

    left: list[tuple[str, str]] = []

    def skipped(paper_id: str, why: str) -> None:
        left.append((paper_id, why))

    failed = extract_again(db, root, None if all_ else list(paper_ids), done=done, skipped=skipped)
    if left and not silent:  # (each when few; a library of PDF-less crawls: their number)
        if len(left) <= 3:
            for paper_id, why in left:
                warn(f"{paper_id}: left as it is: {why}")
        else:
            ids = _some_ids_of([paper_id for paper_id, _ in left])
            warn(f"{len(left)} papers left as they are (no PDF, or changed meanwhile): {ids}")
    if failed:
        for message in failed[:-1]:
            warn(f"Error: {message}")
        more = f" ({len(failed)} papers not extracted)" if len(failed) > 1 else ""
        raise PapersError(failed[-1] + more)


def _register() -> None:
    """Commands that live in their own modules (each imports its heavy parts lazily)."""
    from .cli_quant import compare, facets
    from .cli_refs import cited_by, graph, next_, refs
    from .cli_reviews import goal, review, search, stats

    for command in (refs, cited_by, next_, graph, review, search, goal, stats, facets, compare):
        cli.add_command(command)
    for command in cli.commands.values():
        _accept_root(command)


def _accept_root(command: click.Command) -> None:
    """--root after the command too ("papers list --root ~/lib", "papers review open ID --root
    DIR"), as it is read before it: a script or an alias may put it either side."""
    command.params.append(
        click.Option(
            ["--root"],
            expose_value=False,
            is_eager=True,
            callback=_set_root,
            hidden=True,  # (said once, in the main help)
        )
    )
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            _accept_root(sub)


_register()
