"""Click commands for review notes, search, goals and stats; cli.py registers them.

Commands parse, call one core function and render: data to stdout, messages to stderr.
PapersError from the core propagates to the main group, which prints `Error: <msg>`.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

import click

from . import config
from .cli_common import (
    autosync_notes,
    current_root,
    fits_sqlite,
    limit_note,
    nonempty,
    nothing_found,
    print_json,
    say_note_warnings,
    table,
    warn,
)
from .db import open_db
from .models import REVIEW_STATUSES as STATUSES

if TYPE_CHECKING:
    from sqlite_utils import Database

    from .reviews import SyncReport

SOURCE_CHOICES = ("title", "authors", "abstract", "text", "notes")

# in papers/ while a first sync of a clone has papers still to add (see review_sync)
CLONE_SYNC_MARK = ".review-sync-unfinished"


def _root(ctx: click.Context) -> Path:
    """The library root (--root of the main group, $PAPERS_ROOT, upward search, cwd)."""
    return current_root()


def _open(root: Path):
    """The library database; created only when there are notes to index (an existing one is
    never created, so one that can only be read is opened read-only)."""
    create = config.reviews_dir(root).is_dir() and not config.db_path(root).exists()
    return open_db(root, create=create)


@click.group()
def review() -> None:
    """Review notes: markdown in reviews/, indexed.

    One note per paper, `reviews/<id>-<title-slug>.md`, with YAML front matter (arxiv, title,
    authors, year, status, tags, rating, created, updated). Links such as [[2210.17323]],
    [[GPTQ]] (a library paper's name, or its title's initials: [[OBC]]),
    [[2210.17323-gptq-accurate]] (another note's file name, as Obsidian links; or as a
    markdown link, [GPTQ](2210.17323-gptq-accurate.md)), arXiv:2210.17323, arxiv.org URLs,
    arXiv DOIs (10.48550/arXiv.ID) or Hugging Face paper pages in a note, its front matter
    too, show in `papers graph` and `papers cited-by`; a [[name]] that names no
    paper or note yet is said when the note is read, and counts once the paper is added. A line
    of the prefilled "Related papers" list counts once you change it. `papers search` finds
    what you wrote in a note, not the lines the template wrote and you left as they are. Tags
    are the front matter's and the #tags in the text.

    \b
    Example:
        papers review open 2402.15319
    """


@review.command("open")
@click.argument("paper", callback=nonempty)
@click.option("--no-wait", is_flag=True, help="Return at once; changes are indexed later.")
@click.option(
    "--new", is_flag=True, help="Start a new note even if a deleted one could be restored."
)
@click.pass_context
def review_open(ctx: click.Context, paper: str, no_wait: bool, new: bool) -> None:
    """Create a paper's note if needed and open it in $VISUAL/$EDITOR.

    A new note is written from reviews/_template.md when there is one, else from the built-in
    template; $id_field, $id, $arxiv, $title, $title_yaml, $authors, $authors_yaml, $year,
    $today, $quant_setting (the lens's prefill) and $related (the cited papers the library
    holds) are filled in.

    \b
    Example:
        papers review open 2402.15319
    """
    from .db import check_writable, is_readonly, read_only_here
    from .errors import ReadOnlyLibrary
    from .reviews import emptied_note_hint, emptied_note_named, open_review

    root = _root(ctx)
    db = _open(root)
    if is_readonly(db):  # (said before the editor, not after the reviewer's edit)
        raise ReadOnlyLibrary(read_only_here(db))
    check_writable(db)  # (a database file that cannot be written: before the note is made)
    autosync_notes(db, root, wait=True, about=paper)
    _stale_template(db, root, paper, new)
    if not new and (empty := emptied_note_named(db, root, paper)) is not None:
        warn(f"warning: {emptied_note_hint(root, empty, paper)}")  # (before its editor opens)
    result = open_review(db, root, paper, wait=not no_wait, new=new, synced=True)
    rel = result.path.relative_to(root).as_posix()
    if result.created:
        warn(f"created {rel}")
    if not result.waited:
        warn(
            f"opened {rel}; changes are indexed by the next papers command or 'papers review sync'"
        )
    elif result.deleted:
        warn(f"the editor deleted {rel}; 'papers review restore {paper}' brings it back")
    elif result.changed:
        warn(f"indexed {rel}")
    else:
        warn(
            f"no changes in {rel} (if the editor is still open, later saves are indexed by the "
            "next papers command or 'papers review sync')"
        )
    if result.carried:  # (the editor's save held the status it opened with)
        warn(
            f"{rel}: status {result.carried}, set meanwhile by 'papers review status', is "
            "carried into the editor's save"
        )
    if result.kept:
        warn(
            f"warning: {rel} was changed elsewhere while the editor was open and the editor's "
            f"save replaced that version; it is kept in {result.kept.relative_to(root).as_posix()}"
        )
    if result.report:
        report = result.report
        if result.deleted:  # (said above, with the way back)
            report.deleted = [path for path in report.deleted if path != rel]
            report.hidden.pop(rel, None)
        say_note_warnings(db, root, report, about=rel)
    if not result.deleted:  # (the note's path, for a script: none when it is gone)
        click.echo(str(result.path))


def _stale_template(db: Database, root: Path, paper: str, new: bool) -> None:
    """Before a note is made, say when the facets its "Quantization setting" is filled from
    come from older rules (the commands that show facets say so; the template keeps them)."""
    from .cli_quant import warn_stale
    from .errors import PapersError
    from .library import resolve_paper_id
    from .reviews import find_note_rows

    try:
        if new or not [r for r in find_note_rows(db, root, paper) if not r["deleted"]]:
            warn_stale(db, root, [resolve_paper_id(db, paper)])
    except PapersError:
        return  # (what open_review says of it)


@review.command("list")
@click.option(
    "--status",
    type=click.Choice(STATUSES, case_sensitive=False),
    help="Only notes with this status.",
)
@click.option(
    "--tag",
    callback=nonempty,
    help=(
        "Only notes with this tag, in the front matter's tags or as a #tag in the text "
        "(whatever its case; with '#' or not; nested tags under it)."
    ),
)
@click.option("--deleted", is_flag=True, help="Include deleted notes (restorable).")
@click.option(
    "json_", "--json", is_flag=True, help="Print the results as a JSON array (one object each)."
)
@click.pass_context
def review_list(
    ctx: click.Context, status: str | None, tag: str | None, deleted: bool, json_: bool
) -> None:
    """List review notes: status, updated, paper id (or path), flags, title.

    \b
    Example:
        papers review list --status reading
    """
    from .reviews import MISTYPED, emptied_note_hint, list_reviews

    root = _root(ctx)
    db = _open(root)
    synced = autosync_notes(db, root, every=True)  # (the listing of the notes: all said)
    notes = list_reviews(db, status=status, tag=tag, include_deleted=deleted)
    if json_:
        print_json([n.to_dict() for n in notes])
    if not notes and (status or tag):
        nothing_found("no review notes match")  # (a query: STYLE.md habit 5)
    if not notes and not json_:
        warn("no review notes")  # (and no table's header: nothing for `| wc -l` to count)
    if json_ or not notes:
        return
    # (two notes for one paper, both live or both deleted: told apart by their paths)
    claimed = Counter((note.id, note.deleted) for note in notes if note.id)
    rows = []
    for note in notes:
        flags = " (deleted)" if note.deleted else ""
        if note.id is None:
            flags += " (names no paper)"
        elif not note.in_library:
            flags += " (not in library)"
        if note.id and claimed[(note.id, note.deleted)] > 1:
            flags += f" [{note.path}]"
        if note.error:  # (what is wrong: a note whose bytes are not UTF-8 may read well)
            flags += " (not UTF-8)" if note.error.startswith("not UTF-8") else ""
            flags += " (merge conflict)" if "merge conflict" in note.error else ""
            flags += " (id and file name differ)" if MISTYPED in note.error else ""
            flags += " (front matter broken)" if "front matter" in note.error else ""
        flags += " (empty)" if note.empty else ""
        updated = (note.updated or "")[:10]
        rows.append(
            (note.status or "?", updated, note.id or note.path, flags, note.title or note.path)
        )
    # (a header, as the other listings have; the flags before the title, which a terminal cuts)
    # (at a terminal a long path in the id column is cut, not the titles of every note)
    if any(row[3] for row in rows):
        click.echo(
            table(rows, ["status", "updated", "id", "flags", "title"], {2: 24, 3: 20, 4: 70})
        )
    else:
        shown = [(a, b, c, t) for a, b, c, _, t in rows]
        click.echo(table(shown, ["status", "updated", "id", "title"], {2: 24, 3: 70}))
    said = {path for path, _ in synced.emptied}  # (the sync just said so, and how)
    for note in notes:
        if note.empty and note.path not in said:
            warn(f"warning: {emptied_note_hint(root, note.path)}")


@review.command("show")
@click.argument("note", callback=nonempty)
@click.pass_context
def review_show(ctx: click.Context, note: str) -> None:
    """Print a note (by paper id or path).

    \b
    Example:
        papers review show 2402.15319
    """
    from .reviews import emptied_note_hint, find_note_rows, show_review

    root = _root(ctx)
    db = _open(root)
    synced = autosync_notes(db, root, wait=True, about=note)
    text = show_review(db, root, note)
    click.echo(text, nl=False)
    if not text.strip():  # (nothing on stdout: said why, and how its text comes back)
        [rel] = [row["path"] for row in find_note_rows(db, root, note) if not row["deleted"]]
        if rel not in {path for path, _ in synced.emptied}:  # (the sync just said so)
            warn(f"warning: {emptied_note_hint(root, rel)}")  # (the path: one note, surely)


@review.command("status")
@click.argument("note", callback=nonempty)
@click.argument("status", type=click.Choice(STATUSES, case_sensitive=False))
@click.pass_context
def review_status(ctx: click.Context, note: str, status: str) -> None:
    """Set a note's status in its front matter.

    Nothing else in the file changes: the `status:` value and the `updated:` date are
    rewritten in place (comments, spacing and line endings kept); the first move to `reviewed`
    also records `reviewed: <date>`, which the yearly goal counts. While 'papers review open'
    has the note in an editor, whose save would replace the change, it is said, and the
    status is carried into that save when the editor closes.

    \b
    Example:
        papers review status 2402.15319 reviewed
    """
    from .reviews import set_status

    root = _root(ctx)
    db = _open(root)
    autosync_notes(db, root, wait=True, about=note)
    info = set_status(db, root, note, status, synced=True)
    warn(f"{info.path}: status {info.status}")


@review.command("sync")
@click.option(
    "--fetch", is_flag=True, help="Add papers the notes name that are not in the library."
)
@click.option(
    "--no-pdf", is_flag=True, help="When adding papers, store the metadata only (no PDF)."
)
@click.option("json_", "--json", is_flag=True, help="Output the report as JSON.")
@click.option("-s", "--silent", is_flag=True, help="No progress messages on stderr.")
@click.pass_context
def review_sync(ctx: click.Context, fetch: bool, no_pdf: bool, json_: bool, silent: bool) -> None:
    """Index every note: new, changed, renamed and deleted files.

    Says every problem of every note each time (other commands that index the notes say each
    once, until the note changes).

    On a fresh clone (reviews/ but no papers/ folder, or a library holding no paper yet) the
    papers the notes name are added like 'papers add' does: metadata from arXiv and the PDF
    (text, references), unless --no-pdf. Elsewhere, --fetch does the same.

    \b
    Examples:
        papers review sync
        git clone team-reviews && cd team-reviews && papers review sync
    """
    from .errors import LibraryError, PapersError, ReadOnlyLibrary
    from .reviews import is_fresh_clone, library_is_empty, may_come, remember_said, sync_notes

    root = _root(ctx)
    if not config.reviews_dir(root).is_dir() and not config.db_path(root).exists():
        raise LibraryError(
            f"no library and no reviews/ folder at {root} (pass --root, or cd into the library)"
        )
    fresh = is_fresh_clone(root)
    db = open_db(root)
    # a first sync of a clone that did not finish (Ctrl-C, arXiv gone): the next one goes on
    # adding, though the library holds papers now (it added nothing more, and said --fetch)
    unfinished = config.papers_dir(root) / CLONE_SYNC_MARK
    auto = fresh or library_is_empty(db) or unfinished.exists()
    if auto:
        with contextlib.suppress(OSError):  # (a read-only library: nothing to resume there)
            unfinished.touch()
    try:
        report: SyncReport = sync_notes(
            db,
            root,
            fetch=fetch or auto,
            pdf=not no_pdf,
            progress=None if silent else warn,
            every_note=True,  # (each problem of each note: other commands say each once)
        )
    except KeyboardInterrupt:
        if auto:
            warn("the papers the notes name not added yet: run 'papers review sync' again")
        raise
    if not (report.fetch_failed and any(may_come(m) for m in report.fetch_failed)):
        unfinished.unlink(missing_ok=True)  # (done, or only failures asking again cannot mend)
    if json_:
        print_json(report.to_dict())
    elif not silent:
        warn(report.summary())
    for line in report.warnings():  # (all of them: the check a person runs)
        warn(f"warning: {line}")
    with contextlib.suppress(ReadOnlyLibrary):  # (a library read as it is: nothing changed)
        remember_said(db, report)  # (not said again by the next command)
    if report.fetch_error:
        raise PapersError(report.fetch_error)


@review.command("restore")
@click.argument("note", callback=nonempty)
@click.pass_context
def review_restore(ctx: click.Context, note: str) -> None:
    """Write a deleted note back from the library's last synced copy.

    An emptied note (a save that truncated it) gets its last text back, from the copy
    reviews/_conflicts/ keeps of it; a note that has text is never written over. A deleted
    note whose name a new file took, or any copy in reviews/_conflicts/ named by its path, is
    written back beside that file (-2, -3 ...).

    \b
    Example:
        papers review restore 2402.15319
    """
    from .reviews import restore_review

    root = _root(ctx)
    db = _open(root)
    # (what changed since is said, as other commands do)
    autosync_notes(db, root, wait=True, about=note)
    restored = restore_review(db, root, note, synced=True)
    rel = restored.path.relative_to(root).as_posix()
    if restored.source is not None:
        source = restored.source.relative_to(root).as_posix()
        warn(f"restored {rel}: it was empty; its last text is written back from {source}")
    elif restored.kept is not None:
        kept = restored.kept.relative_to(root).as_posix()
        beside = f", beside {restored.taken} (another note has its name)" if restored.taken else ""
        warn(f"restored {rel} from {kept}{beside}")
    else:
        warn(f"restored {rel}")
    if others := restored.others:  # (the last deleted was restored: the others, to tell apart)
        warn(
            f"{len(others)} more deleted note(s) for {note}: {', '.join(others)}; 'papers "
            "review restore PATH' brings one back"
        )


class _QueryCommand(click.Command):
    """`papers search -cholesky hessian`: a word with a dash in front is the query's (an
    exclusion, which the search then says how to write), not an option: it was "No such
    option: -c". "-h" is still the help; "--limit 2" still an option, anywhere."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if "--" in args:
            return super().parse_args(ctx, args)
        # (every option that takes a value, the hidden --root too: "--root DIR" after the
        # query lost its folder to the query's words)
        valued = {
            name
            for param in self.params
            if isinstance(param, click.Option) and not param.is_flag and not param.count
            for name in (*param.opts, *param.secondary_opts)
        }
        options: list[str] = []
        words: list[str] = []
        taking = None
        for arg in args:
            if taking is not None:
                options.append(arg)
                taking = None
            elif arg in valued:
                options.append(arg)
                taking = arg
            elif (_DASHED_WORD.fullmatch(arg) and arg != "-h") or (
                arg.startswith("-") and any(char.isspace() for char in arg)
            ):  # (a quoted query that starts with one: "-awq gptq")
                words.append(arg)
            elif arg.startswith("-"):
                options.append(arg)
            else:
                words.append(arg)
        if taking is not None:
            raise click.UsageError(f"Option '{taking}' requires an argument.", ctx)
        return super().parse_args(ctx, [*options, "--", *words] if words else options)


_DASHED_WORD = re.compile(r"-[^\W\d_][\w.-]*")


@click.command("search", cls=_QueryCommand)
@click.argument("query", nargs=-1, required=True, callback=nonempty)
@click.option(
    "in_",
    "--in",
    type=click.Choice(SOURCE_CHOICES, case_sensitive=False),
    multiple=True,
    help="Search only these parts (repeatable); `title:word` before every word does the "
    "same, before one word (author:Frantar cholesky) it holds that word alone.",
)
@click.option(
    "--limit",
    type=click.IntRange(1, 1000),
    default=20,  # (search.DEFAULT_LIMIT, not imported before a search runs)
    show_default=True,
    help="Show at most this many papers.",
)
@click.option(
    "json_", "--json", is_flag=True, help="Print the results as a JSON array (one object each)."
)
@click.pass_context
def search(
    ctx: click.Context, query: tuple[str, ...], in_: tuple[str, ...], limit: int, json_: bool
) -> None:
    """Full-text search of papers and notes (bm25).

    Searches titles, authors, abstracts, full texts and review notes. FTS5 syntax works
    ("exact phrase", AND, OR, NOT, quant*, NEAR(a b, 5)); a query that is not valid syntax
    is searched as plain words, unless that would lose its NOT or OR (it is then refused,
    with the query to type). The words of a query may be in different parts of a paper (a
    word of your note, one of its text); a NOT after the words to find leaves out a paper any
    part of which holds its word; OR, NEAR and a NOT within parentheses apply within one
    part. An arXiv id finds the papers and notes that name it, in any version; a local
    paper's id (local:f147c64b8638, or its start) the notes that link it. Each hit
    shows where it matched: in colour at a terminal (not with NO_COLOR set), between «»
    when piped and in --json ("text" and "matches" give the snippet without them and where
    its matches are, in characters); a snippet of a full text, the page of the PDF it is on
    (p.6: "page" in --json); a hit in notes, its notes' paths ("notes" in --json).

    \b
    Examples:
        papers search '"vector quantization"' --in text --in notes
        papers search 'hessian AND cholesky' --json
        papers search 'gptq NOT awq'
    """
    from .search import (
        HIGHLIGHT,
        EmptyLibrary,
        highlighted,
        lowercase_operators,
        note_paths,
        search_query,
    )

    root = _root(ctx)
    db = _open(root)
    autosync_notes(db, root)
    text = " ".join(query)
    try:
        # (one more than shown: whether --limit left papers out, which is then said)
        result = search_query(db, text, sources=list(in_) or None, limit=limit + 1)
    except EmptyLibrary:
        if json_:
            print_json([])  # (the empty list --json promises, then the error)
        raise
    hits = result.hits[:limit]
    if result.plain:
        warn(f"note: not valid FTS5 syntax, searched as plain words: {result.query}")
    if result.paper is not None:
        paper_id, title = result.paper
        warn(
            f"note: {paper_id} is in the library: {title} ('papers show {paper_id}'); the "
            "search finds the papers and notes that name it"
        )
    for word in lowercase_operators(text):
        warn(f"note: '{word}' is searched as a word; {word.upper()}, in capitals, is an operator")
    if json_:
        # (and the notes a hit in notes is from: their paths, to open or grep)
        noted = note_paths(db, [h.id for h in hits if "notes" in h.sources])
        print_json([h.to_dict() | {"notes": noted.get(h.id, [])} for h in hits])
    else:
        # (a match in colour at a terminal, as grep and ripgrep show it; piped, between
        # guillemets, which no citation "[12]" nor wiki link "[[GPTQ]]" beside it uses)
        marks = COLOUR_MARKS if _colour() else HIGHLIGHT
        for hit in hits:
            also = [s for s in hit.sources if s != hit.source]
            where = hit.source + (f", also {', '.join(also)}" if also else "")
            click.echo(f"{hit.id}  {hit.title or ''}  [{where}]")
            # (the page of the PDF the snippet is on, to check it there: 'papers open ID')
            page = f"p.{hit.page}: " if hit.page is not None else ""
            click.echo(f"    {page}{highlighted(hit.marked, marks)}")
    if len(result.hits) > limit:
        limit_note("more matching papers", limit)
    if not hits:
        nothing_found(f"Nothing matches: {text}")


COLOUR_MARKS = ("\x1b[1;31m", "\x1b[0m")  # bold red, as grep --color marks a match


def _colour() -> bool:
    """Whether stdout takes colour: a terminal, not a dumb one, and no NO_COLOR (no-color.org)."""
    return (
        sys.stdout.isatty() and os.environ.get("TERM") != "dumb" and not os.environ.get("NO_COLOR")
    )


@click.group(invoke_without_command=True)
@click.pass_context
def goal(ctx: click.Context) -> None:
    """Reading goals: reviews to complete per year (alone: each year's progress).

    \b
    Example:
        papers goal set 2 --year 2025
        papers goal
    """
    if ctx.invoked_subcommand is not None:
        return
    from .goals import progress_bar, yearly_progress

    root = _root(ctx)
    db = _open(root)
    autosync_notes(db, root)  # (the reviews completed as the notes say now)
    for year in yearly_progress(db):
        click.echo(f"{year.year}  {progress_bar(year.completed, year.target)}")


@goal.command("set")
@click.argument("target", type=click.IntRange(min=0), callback=fits_sqlite)
@click.option(
    "--year", type=click.IntRange(1900, 9999), help="Year of the goal (this year by default)."
)
@click.pass_context
def goal_set(ctx: click.Context, target: int, year: int | None) -> None:
    """Set how many reviews to complete in a year (0 removes the goal).

    \b
    Example:
        papers goal set 2 --year 2025
    """
    from .goals import progress_bar, set_goal

    root = _root(ctx)
    db = _open(root)  # (no library made for a goal: it would capture every later add below)
    # (the progress said counts the notes as they are now; it writes, so it waits as writes do)
    autosync_notes(db, root, wait=True)
    progress = set_goal(db, target, year)
    warn(f"goal for {progress.year}: {progress_bar(progress.completed, progress.target)}")


@click.command("stats")
@click.option("json_", "--json", is_flag=True, help="Output JSON.")
@click.pass_context
def stats(ctx: click.Context, json_: bool) -> None:
    """Progress: statuses, yearly goal, references read.

    Papers by status, and reviews completed per year against the goal, with a progress bar.

    For each paper under review (status reading or reviewed): how many of the papers it cites
    are read (their note says reviewed), being read, or unread.

    \b
    Example:
        papers stats
    """
    from .goals import compute_stats, progress_bar

    root = _root(ctx)
    db = _open(root)
    autosync_notes(db, root)
    result = compute_stats(db)
    if json_:
        print_json(result.to_dict())
        return
    click.echo("Papers by status:")
    for status, count in result.by_status.items():
        click.echo(f"  {status:<9} {count}")
    if result.notes_without_paper:
        n = result.notes_without_paper
        names = "note names a paper" if n == 1 else "notes name papers"
        click.echo(f"  ({n} {names} not in the library)")
    if result.broken_notes:
        n = result.broken_notes
        have = "paper has" if n == 1 else "papers have"
        click.echo(
            f"  ({n} {have} a note whose front matter cannot be read: "
            "its status is unknown, as if it said to-read; papers review list marks it)"
        )
    click.echo("Reviews completed:")
    for year in result.years:
        click.echo(f"  {year.year}  {progress_bar(year.completed, year.target)}")
    if result.under_review:
        click.echo("References of the papers under review:")
        from .graph import short_title

        for paper in result.under_review:
            # (the papers found are on arXiv or local PDFs of the library)
            click.echo(
                f"  {paper.id} {short_title(paper.title, 50)} ({paper.status}): "
                f"{paper.read} read, {paper.reading} reading, {paper.unread} unread of "
                f"{paper.resolved} cited papers found; {paper.unresolved} unresolved"
            )
            if paper.resolved:
                click.echo(f"    {progress_bar(paper.read, paper.resolved)}")
        cited = result.cited
        click.echo(
            f"  all cited papers: {cited['read']} read, {cited['reading']} reading, "
            f"{cited['unread']} unread of {cited['papers']} ({cited['in_library']} in the library)"
        )
