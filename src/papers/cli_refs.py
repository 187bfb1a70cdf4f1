"""Click commands for the citation graph: refs (list, link, unlink, crawl), cited-by, next, graph.

Each command parses, calls one core function (resolve, crawl, graph) and renders; errors are the
core's typed PapersError, turned into one-line messages by the main group.
"""

from __future__ import annotations

import re
import sys
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from . import config
from .cli_common import (
    EMPTY_NAME,
    autosync_notes,
    bar_gone,
    bar_shown,
    current_root,
    fits_sqlite,
    limit_note,
    name_too_long,
    nonempty,
    nothing_found,
    open_library,
    print_json,
    table,
    warn,
    why_nothing_read,
)
from .errors import NetworkError, PaperNotInLibrary, PapersError, ReadOnlyLibrary
from .roles import ROLES

if TYPE_CHECKING:
    from .graph import Graph, Suggestion


class RefsGroup(click.Group):
    """`papers refs [ID]` lists references, `papers refs link|unlink ...` corrects them.

    The first word that is not a subcommand's name is taken as the paper id, wherever it stands
    among the listing options, so `papers refs 2402.15319 --json` and `papers refs --json
    2402.15319` both work and `papers refs link ...` still reaches the subcommand.
    """

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        args = list(args)
        paper_id: str | None = None
        index = 0
        while index < len(args):
            token = args[index]
            if token == "--":
                if index + 1 < len(args):
                    paper_id = args.pop(index + 1)
                args.pop(index)
                break
            if token.startswith("-") and len(token) > 1:
                option = self._option(ctx, token.split("=", 1)[0])
                takes_value = (
                    option is not None and not option.is_flag and not option.count
                ) and "=" not in token
                index += 2 if takes_value else 1
                continue
            if token not in self.commands:
                paper_id = args.pop(index)
            break
        rest = super().parse_args(ctx, args)
        if paper_id is not None and not paper_id.strip():
            # (a script's unset "$ID": not the most recently added paper in its place)
            raise click.BadParameter(EMPTY_NAME, ctx, param_hint="ID")  # (as nonempty says)
        if paper_id is not None and (too_long := name_too_long(paper_id)):
            raise click.BadParameter(too_long, ctx, param_hint="ID")
        ctx.params["paper_id"] = paper_id
        return rest

    def _option(self, ctx: click.Context, name: str) -> click.Option | None:
        for param in self.get_params(ctx):
            if isinstance(param, click.Option) and name in (*param.opts, *param.secondary_opts):
                return param
        return None

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        return ["[OPTIONS] [ID]", "| COMMAND [ARGS]..."]


def _library_paper(db: Any, text: str | None) -> str:
    """The paper a command names, or the most recently added one."""
    from .library import latest_paper_id, require_paper

    if text:
        return require_paper(db, text).id
    latest = latest_paper_id(db)
    if latest is None:
        raise PapersError("the library is empty: add a paper first (papers add ID)")
    return latest


def _status(item: Any, library_ids: set[str], paper_id: str) -> str:
    """Where a reference leads: the citing paper itself ("self": its workshop version, or its
    own id printed), a library paper, arXiv, the id it prints not looked up yet ("unchecked":
    --offline, or arXiv unreachable; "arxiv" would claim arXiv confirmed it), or nowhere
    known."""
    target = item.target
    if target == paper_id:
        return "self"  # (cited-by and graph leave it out too: no paper cites itself)
    if target and target in library_ids:
        return "library"
    if target and not item.linked:
        return "unchecked"
    return "arxiv" if target else "unresolved"


_LABEL = re.compile(r"[^\W\d_]")  # a marker with a letter: a label, not a number


def reference_json(item: Any, status: str, confirmed: bool | None) -> dict[str, Any]:
    """The stable JSON shape of one reference with its link.

    A reference not looked up yet (offline, or the network failed first) is taken at its
    printed id, with method and confidence null: nothing confirmed it. "confirmed" is false
    where the table shows "ID?" (resolve.unconfirmed_id), null where it stands for no id.
    """
    data = item.ref.to_dict()  # ("marker": as printed, "[FAHA22]", "[12]", or null)
    data.update(
        {
            "status": status,
            "resolved": item.target,
            "confirmed": confirmed,
            "method": item.method if item.linked else None,
            "confidence": item.confidence,
            "candidates": item.candidates,
        }
    )
    return data


def _bars_drawn() -> bool:
    """Whether stderr is a terminal that redraws a bar in place. Not a dumb one (TERM=dumb:
    Emacs's M-x shell, some CI logs), where the bar's cursor codes printed as text."""
    import os

    return sys.stderr.isatty() and os.environ.get("TERM") != "dumb"


class _ResolveBar:
    """A progress bar on stderr for resolving references, shown only when there is work."""

    def __init__(self, silent: bool) -> None:
        self.silent = silent
        self.bar: Any = None

    def update(self, done: int, total: int) -> None:
        if self.silent:
            return
        if self.bar is None:
            self.bar = click.progressbar(length=total, label="resolving", file=sys.stderr)
            self.bar.__enter__()
            bar_shown(self.bar)
        self.bar.update(done - self.bar.pos)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.update(self.bar.length - self.bar.pos)
            bar_gone(self.bar)
            self.bar.__exit__(None, None, None)
            self.bar = None


class _BarProgress:
    """click.progressbar on stderr, one bar per crawl step (resolving, adding)."""

    def __init__(self, silent: bool) -> None:
        self.silent = silent
        self.bar: Any = None

    def start(self, label: str, total: int) -> None:
        if self.silent:
            return
        if sys.stderr.isatty() and not _bars_drawn():
            click.echo(label, err=True)  # (the step named once, as piped)
            return
        self.bar = click.progressbar(length=total, label=label, file=sys.stderr, show_pos=True)
        self.bar.__enter__()
        bar_shown(self.bar)

    def update(self, position: int, item: str = "") -> None:
        if self.bar is not None:
            self.bar.update(max(0, position - self.bar.pos), item or None)

    def end(self) -> None:
        if self.bar is not None:
            bar_gone(self.bar)
            self.bar.__exit__(None, None, None)
            self.bar = None


@click.group(cls=RefsGroup, invoke_without_command=True)
@click.option(
    "--missing",
    is_flag=True,
    help="Only references on arXiv not yet in the library (and those unchecked).",
)
@click.option("--unresolved", is_flag=True, help="Only references not found on arXiv.")
@click.option(
    "--json",
    "json_",
    is_flag=True,
    help="Print a JSON list: 'resolved' is the id a reference links to, 'arxiv' the one it prints.",
)
@click.option("--refresh", is_flag=True, help="Look everything up again (ignore the cache).")
@click.option("--offline", is_flag=True, help="Show stored links only; make no request.")
@click.option("--add", "add_", is_flag=True, help="Add the cited arXiv papers (crawl).")
@click.option(
    "--depth", type=click.IntRange(min=1), help="With --add: levels to follow (default 1)."
)
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    help="With --add: add at most this many cited papers in all, ID itself besides when it is "
    "new (rerunning resumes, never exceeds).",
)
@click.option(
    "--no-pdf", is_flag=True, help="With --add: cited papers without PDFs (so no deeper levels)."
)
@click.option(
    "--all",
    "all_",
    is_flag=True,
    help="Look up the references of every library paper not looked up yet (with --refresh, "
    "all again), for graph and next; one line per paper.",
)
@click.option("-s", "--silent", is_flag=True, help="No progress messages on stderr.")
@click.pass_context
def refs(
    ctx: click.Context,
    paper_id: str | None,
    all_: bool,
    missing: bool,
    unresolved: bool,
    json_: bool,
    refresh: bool,
    offline: bool,
    add_: bool,
    depth: int | None,
    limit: int | None,
    no_pdf: bool,
    silent: bool,
) -> None:
    """List a paper's references: in the library, on arXiv, or unresolved.

    Without ID, the most recently added paper. References are resolved to arXiv on first
    listing (printed ids, then title search; every lookup cached). A reference that gives a
    library paper's title word for word needs no lookup: it is linked to that paper as soon
    as both are in the library. An
    unresolved one shows the candidates found, or the id it prints with "?" when arXiv did
    not confirm it (--unresolved says why); one to the paper itself says "self". When arXiv
    cannot be reached, the links found so far are shown and the exit status is 1; a reference
    not looked up yet (there, or with --offline) is "unchecked", at the id it prints with
    "?". With --add,
    the cited arXiv papers are added breadth-first; an interrupted crawl resumes when run
    again.

    \b
    Examples:
        papers refs 2402.15319
        papers refs 2402.15319 --missing --json
        papers refs 2402.15319 --add --depth 2 --limit 20
        papers refs --all
        papers refs link 2402.15319 12 2210.17323
    """
    if ctx.invoked_subcommand is not None:
        return
    if all_:
        if paper_id or missing or unresolved or offline or add_ or depth or limit or no_pdf:
            raise click.UsageError(
                "--all looks up every paper's references: give no ID, and only --refresh, "
                "--json or --silent"
            )
        _resolve_all(refresh, json_, silent)
        return
    if not add_ and (depth or limit or no_pdf):
        raise click.UsageError("--depth, --limit and --no-pdf go with --add")
    if add_ and offline:
        raise click.UsageError("--add needs the network; drop --offline")
    if missing and unresolved:
        # (each keeps what the other drops: together they would always list nothing)
        raise click.UsageError("--missing and --unresolved list different references; give one")
    if refresh and offline:
        raise click.UsageError("--refresh looks everything up again; drop --offline")
    if add_:
        _crawl(paper_id, depth or 1, limit, not no_pdf, refresh, json_, silent)
        return
    _list_refs(paper_id, missing, unresolved, json_, refresh, offline, silent)


def _resolve_all(refresh: bool, json_: bool, silent: bool) -> None:
    """Every library paper's references looked up (those never looked up, or all with
    refresh), one paper after another: a failure keeps what was found and names the paper
    where a second run resumes."""
    from .db import is_readonly
    from .resolve import ResolveSummary, papers_to_look_up, resolve_paper

    db, _ = open_library()
    if is_readonly(db):
        raise PapersError("the library is read-only here; refs --all stores the links it finds")
    todo = papers_to_look_up(db, refresh)
    if todo and not (silent or json_):
        from .resolve import requests_said, requests_to_resolve

        if requests := requests_to_resolve(db, todo, refresh):
            said = requests_said(requests, config.arxiv_delay())
            warn(f"looking up the references of {len(todo)} paper(s): {said}")
    summaries: list[ResolveSummary] = []
    for paper_id in todo:
        bar = _ResolveBar(silent=silent or json_ or not _bars_drawn())
        try:
            summary = resolve_paper(db, paper_id, refresh=refresh, progress=bar.update)
        except PaperNotInLibrary:
            bar.close()
            continue  # removed meanwhile (papers rm): nothing of it to look up
        except (NetworkError, KeyboardInterrupt) as exc:
            bar.close()
            if json_:
                print_json([s.to_dict() for s in summaries])
            again = (
                "'papers refs --all --refresh' again, which starts over"
                if refresh
                else "'papers refs --all' again to go on"
            )
            where = f"stopped at {paper_id} ({len(summaries)} of {len(todo)} papers done, kept)"
            if isinstance(exc, KeyboardInterrupt):  # (Ctrl-C, SIGTERM: its exit status)
                warn(f"Interrupted; {where}: run {again}")
                sys.exit(getattr(exc, "exit_code", 130))
            raise PapersError(f"{exc}; {where}: run {again}") from None
        bar.close()
        summaries.append(summary)
        if not json_:
            click.echo(
                f"{paper_id}: {summary.references} references; {summary.printed} by printed id, "
                f"{summary.title} by title, {summary.manual} by hand, "
                f"{summary.unresolved} unresolved"
            )
    if json_:
        print_json([s.to_dict() for s in summaries])
    elif not todo and not silent:
        warn("Every paper's references are looked up already (--refresh looks them up again)")


def _unlooked_note(db: Any, among: set[str] | None = None) -> None:
    """What graph and next say when some papers' references (of those `among`, when given)
    were never looked up: printed ids taken as they are, titles not searched (a paper cited
    by title alone is missed)."""
    from .resolve import papers_not_looked_up

    count = len([p for p in papers_not_looked_up(db) if among is None or p in among])
    if count:
        warn(
            f"note: the references of {count} paper(s) are not looked up on arXiv yet, so "
            "papers they cite by title alone are missing here: 'papers refs --all' looks them up"
        )


def _list_refs(
    paper_text: str | None,
    missing: bool,
    unresolved: bool,
    json_: bool,
    refresh: bool,
    offline: bool,
    silent: bool,
) -> None:
    from .db import is_readonly
    from .resolve import resolve_paper

    db, _ = open_library()
    paper_id = _library_paper(db, paper_text)
    if paper_text is None and not (silent or json_):  # (which paper the table is of)
        from .library import get_paper, short

        title = getattr(get_paper(db, paper_id), "title", None) or ""
        warn(f"references of {paper_id} ({short(title)}), the most recently added paper")
    readonly = is_readonly(db)
    said = "Warning: the library is read-only here; showing the links stored (as --offline)"
    if not offline and readonly:
        warn(said)
    failure: NetworkError | None = None
    if not offline and not readonly:
        bar = _ResolveBar(silent=silent or json_ or not _bars_drawn())
        try:
            resolve_paper(db, paper_id, refresh=refresh, progress=bar.update)
        except NetworkError as exc:
            failure = exc
        except ReadOnlyLibrary:  # (a database file SQLite opened read-only: found on writing)
            readonly = True
            warn(said)
        finally:
            bar.close()
    try:
        _show_refs(db, paper_id, missing, unresolved, json_, checkable=not readonly)
    except SystemExit:  # (nothing matched: said; the failure below says why it may be so)
        if failure is None:
            raise
    if failure is not None:
        # (after the links found so far: exit 1, so that a script tells a partial answer
        # from arXiv's whole one)
        raise NetworkError(
            f"{failure}; the links shown are those found so far: papers refs {paper_id} "
            "looks up the rest when arXiv answers (--offline shows the stored ones)"
        )


def _show_refs(
    db: Any, paper_id: str, missing: bool, unresolved: bool, json_: bool, checkable: bool = True
) -> None:
    from .resolve import stored_references

    library_ids = {r["id"] for r in db.query("SELECT id FROM papers")}
    items = [
        (item, _status(item, library_ids, paper_id)) for item in stored_references(db, paper_id)
    ]
    if missing:  # (an id printed, not checked yet, is taken at its word, as graph and next do)
        items = [(i, s) for i, s in items if s in ("arxiv", "unchecked")]
    if unresolved:
        items = [(i, s) for i, s in items if s == "unresolved"]
    from .resolve import cached_entries, unconfirmed_id

    def unsure(item: Any, status: str, entries: Any) -> str | None:
        """The id the table shows "ID?": a library paper's id is confirmed by being there."""
        return None if status in ("self", "library") else unconfirmed_id(item, entries)

    if json_:
        from .graph import stands_for

        entries = cached_entries(db, [i.target for i, _ in items if i.manual and i.target])

        def confirmed(item: Any, status: str) -> bool | None:
            """As the table shows it: "ID?" false, an id true, no id (unresolved) null."""
            if status not in ("self", "library") and stands_for(item) is None:
                return None
            return unsure(item, status, entries) is None

        print_json([reference_json(i, s, confirmed(i, s)) for i, s in items])
    if not items and (missing or unresolved):
        nothing_found(f"{paper_id}: no references match")  # (a query: STYLE.md habit 5)
    if not items and not json_:
        from .library import get_paper

        paper = get_paper(db, paper_id)
        warn(f"{paper_id}: no references{why_nothing_read(paper) if paper else ''}")
    if json_ or not items:
        return
    # (and the ids linked by hand outside the library: one linked --offline, or where arXiv
    # said no such paper, is marked "?" as an id arXiv did not confirm is)
    by_hand = [i.target for i, s in items if i.manual and i.target and s == "arxiv"]
    entries = cached_entries(
        db, [*(i.target for i, _ in items if i.target and not i.ref.title), *by_hand]
    )
    rows: list[tuple[Any, ...]] = []
    undecided = unconfirmed = unchecked = unconfirmed_by_hand = 0
    for item, status in items:
        ref = item.ref
        unchecked += bool(ref.arxiv and not item.linked)  # (taken at its printed id for now)
        entry = entries.get(item.target or "")
        title = ref.title or (entry.title if entry else None) or ref.raw
        first = (
            ref.authors[0] if ref.authors else (entry.authors[0] if entry and entry.authors else "")
        )
        shown = item.target or ""
        # (a reference unlinked by hand is decided: its candidates are no longer offered)
        matches = _title_candidates(item) if status == "unresolved" and not item.manual else []
        if matches:
            undecided += 1
            shown = f"{len(matches)} candidate" + ("s" if len(matches) > 1 else "")
        elif doubtful := unsure(item, status, entries):
            shown = f"{doubtful}?"
            # (not looked up yet, "unchecked" as its status says, is counted above)
            if item.manual:  # (linked --offline, or arXiv had no such paper)
                unconfirmed_by_hand += 1
            elif item.linked:  # (the id it prints, which arXiv did not confirm: --unresolved)
                unconfirmed += 1
        rows.append((ref.n, status, shown, ref.year or "", first, title))
    headers = ["n", "status", "resolved", "year", "first author", "title"]
    widths = {4: 16, 5: 70}
    if any(_LABEL.search(item.ref.marker or "") for item, _ in items):
        # (a paper that cites by label, "[FAHA22]": the label the reader sees in its text)
        rows = [
            (row[0], item.ref.marker or "", *row[1:])
            for row, (item, _) in zip(rows, items, strict=True)
        ]
        headers.insert(1, "marker")
        widths = {5: 16, 6: 70}
    # ("resolved", as --json names the id a reference links to: its "arxiv" is the id it prints)
    click.echo(table(rows, headers, widths))
    if unresolved:
        nowhere = 0
        for item, _ in items:
            candidates = item.candidates if not item.manual else []
            for cand in candidates:
                if "score" in cand or not cand.get("note"):
                    click.echo(f"  [{item.ref.n}] candidate {_describe_candidate(cand)}")
                else:  # (the id it prints, and why arXiv did not confirm it: no candidate)
                    click.echo(f"  [{item.ref.n}] {cand.get('arxiv')}: {cand['note']}")
            if not candidates:  # (no id printed, no candidate: said why, not left blank)
                click.echo(f"  [{item.ref.n}] {_why_unresolved(item, paper_id)}")
            nowhere += bool(item.linked and not item.manual and not _title_candidates(item))
        if nowhere:  # (a dataset, a book, a paper arXiv lacks; or one it has by another title)
            warn(
                f"{nowhere} reference(s) found nowhere on arXiv: 'papers refs link {paper_id} N "
                "ID' links one by hand"
            )
    else:
        if undecided:
            warn(
                f"{undecided} unresolved reference(s) have arXiv candidates: "
                f"papers refs {paper_id} --unresolved (then papers refs link {paper_id} N ID)"
            )
        if unconfirmed:
            warn(
                f"{unconfirmed} reference(s) print an id arXiv did not confirm (ID?): "
                f"papers refs {paper_id} --unresolved says why"
            )
        if unconfirmed_by_hand:
            warn(
                f"{unconfirmed_by_hand} reference(s) linked by hand to an id arXiv has not "
                "confirmed (ID?: linked --offline, or arXiv had no such paper)"
            )
        if unchecked and checkable:  # (a library read-only here cannot store the checks)
            warn(
                f"{unchecked} reference(s) are shown at the arXiv id they print, not checked with "
                f"arXiv yet: papers refs {paper_id} checks them"
            )


def _why_unresolved(item: Any, paper_id: str) -> str:
    """Why a reference with no candidate to show is unresolved: unlinked by hand, no title to
    search arXiv for, or a title search that found no paper alike (a dataset, a book, a paper
    arXiv lacks)."""
    from .resolve import title_query

    if item.manual:
        return f"unlinked by hand ('papers refs unlink {paper_id} {item.ref.n} --reset' undoes it)"
    if not item.linked:
        return "not looked up yet"
    if title_query(item.ref.title) is None:
        return "no arXiv id printed, and no title to search for"
    return "no arXiv id printed, and a title search found no paper alike"


def _title_candidates(item: Any) -> list[dict[str, Any]]:
    """arXiv papers a title search found for an unresolved reference (not mere notes)."""
    return [c for c in item.candidates if c.get("arxiv") and "score" in c and not c.get("note")]


def _describe_candidate(cand: dict[str, Any]) -> str:
    """One candidate on one line: id, year, title, and why it was not taken."""
    parts = [str(cand.get("arxiv"))]
    if cand.get("year"):
        parts.append(f"({cand['year']})")
    if cand.get("title"):
        parts.append(str(cand["title"]))
    if cand.get("note"):
        why = str(cand["note"])
    else:
        why = f"title similarity {cand.get('score', 0):.2f}"
        agree = [
            w
            for w, key in (("year", "year_agrees"), ("first author", "author_agrees"))
            if cand.get(key)
        ]
        why += f", {' and '.join(agree)} agree" if agree else ", neither year nor author agree"
    return " ".join(parts) + f" - {why}"


def _crawl(
    paper_text: str | None,
    depth: int,
    limit: int | None,
    pdf: bool,
    refresh: bool,
    json_: bool,
    silent: bool,
) -> None:
    from .crawl import crawl
    from .library import resolve_paper_id

    config.facet_worker()  # (a bad setting said before anything is done, as add says it)
    config.check_network_settings()
    new = not config.db_path(current_root()).exists()
    db, root = open_library(create=True)
    start = resolve_paper_id(db, paper_text) if paper_text else _library_paper(db, None)
    if not pdf and depth > 1 and not silent:
        warn(
            "Warning: with --no-pdf the cited papers have no reference lists, "
            "so the crawl cannot go deeper than depth 1"
        )
    progress = _BarProgress(silent or json_)
    try:
        result = crawl(
            db, root, start, depth=depth, limit=limit, pdf=pdf, refresh=refresh, progress=progress
        )
    except KeyboardInterrupt as exc:
        progress.end()
        warn("Interrupted; the papers added so far are kept: run the same command to resume.")
        sys.exit(getattr(exc, "exit_code", 130))
    if json_:
        print_json(
            {
                "root": result.root,
                "depth": result.depth,
                "added": result.added,
                "failed": [{"arxiv": a, "error": e} for a, e in result.failed],
                "missing": result.missing,
                "left_out": [{"arxiv": a, "error": e} for a, e in result.left_out],
                "no_pdf": result.no_pdf,
                "present": result.present,
                "pending": result.pending,
                "stopped_by_limit": result.stopped_by_limit,
                "total_added": result.total_added,
                "error": result.error,
            }
        )
    else:
        for arxiv_id in result.added:
            click.echo(arxiv_id)
        if not silent and not result.error:
            limited = result.pending and not result.failed
            stopped = result.stopped_by_limit and result.reached < depth
            warn(
                f"{start}: added {len(result.added)} paper(s)"
                # (a rerun: what its earlier runs added is in the library, none "present")
                + (
                    f" ({earlier} more by earlier runs)"
                    if (earlier := result.total_added - len(result.added)) > 0
                    else ""
                )
                + f"; depth {result.reached}"
                + (f" of {depth}" if result.pending and result.reached < depth else "")
                + " reached"
                # (the last level asked for, some of it still queued: "depth 1 reached" read
                # as done beside "5 still queued")
                + (", not finished" if result.pending and result.reached >= depth else "")
                # (--depth 3, and the papers of level 2 cite nothing new: no early stop)
                + (
                    " (nothing further to follow)"
                    if not result.pending and result.reached < depth and not stopped
                    else ""
                )
                # (--limit 2 where earlier runs added 7: the deeper levels were never looked
                # at, which "nothing further to follow" said they held nothing)
                + (
                    f", stopped by --limit {limit}, which this crawl's runs have added in all "
                    f"(raise it to go deeper)"
                    if stopped and not result.pending
                    else ""
                )
                + f"; {result.present} already in the library; {len(result.failed)} failed; "
                + (f"{len(result.missing)} not on arXiv; " if result.missing else "")
                + (f"{result.no_pdf} left out (no PDF to be had); " if result.no_pdf else "")
                + f"{result.pending} still queued"
                + (" (raise --limit to continue)" if limited else "")
            )
    for arxiv_id in result.missing if not silent else ():
        warn(f"  left out {arxiv_id}: not found on arXiv")
    if new and not silent and not json_:  # (as the add that starts a library says)
        warn(f"note: a new library at {root} (papers/ holds its PDFs and database)")
    for arxiv_id, error in result.left_out if not silent else ():
        warn(
            f"  left out {arxiv_id}: {error} ('papers add {arxiv_id}' tries again; the same "
            "command with --no-pdf adds it without)"
        )
    for arxiv_id, error in result.failed:
        warn(f"  failed {arxiv_id}: {error}")
    if result.error:
        warn(f"Error: {result.error}")
        sys.exit(1)
    if result.failed:
        # A paper that failed stays queued: the crawl is not finished.
        warn(
            f"Error: {len(result.failed)} paper(s) could not be added; "
            "run the same command again to resume (failed papers are retried)"
        )
        sys.exit(1)


# a printed title this unlike the paper linked to (title_similarity) is said after a link
UNLIKE_TITLE = 0.5


@refs.command()
@click.argument("paper", callback=nonempty)
@click.argument("n", type=click.IntRange(min=1), callback=fits_sqlite)
@click.argument("arxiv_id", callback=nonempty)
@click.option("--offline", is_flag=True, help="Do not check on arXiv that the id exists.")
def link(paper: str, n: int, arxiv_id: str, offline: bool) -> None:
    """Link reference N of PAPER to ARXIV_ID by hand (kept across re-extraction); or to a
    library paper by its name or local id (a PDF without an arXiv id).

    \b
    Examples:
        papers refs link 2402.15319 12 2210.17323
        papers refs link 2210.17323 1 QSGD
    """
    from .resolve import link_reference

    db, _ = open_library()
    paper_id = _library_paper(db, paper)
    from .library import resolve_paper_id

    # an arXiv id in any spelling, or a library paper by its name or local id (or a prefix)
    arxiv_id = resolve_paper_id(db, arxiv_id)
    from .errors import NotFoundOnArxiv

    try:
        item, entry = link_reference(db, paper_id, n, arxiv_id, verify=not offline)
    except NotFoundOnArxiv as exc:
        raise PapersError(f"{exc} (--offline links it without asking arXiv)") from None
    from .db import get_paper

    linked = get_paper(db, item.resolved) if item.resolved and not entry else None
    target_title = entry.title if entry else linked.title if linked else None
    title = f" ({target_title})" if target_title else ""
    warn(f"{paper_id} [{n}] -> {item.resolved}{title}")
    from .resolve import title_similarity

    printed = item.ref.title
    if printed and target_title and title_similarity(printed, target_title) < UNLIKE_TITLE:
        # (a reference number off by one is an easy slip, and nothing shows it later)
        warn(
            f'note: reference {n} prints "{printed}": linked as asked; '
            f"'papers refs unlink {paper_id} {n} --reset' undoes it"
        )


@refs.command()
@click.argument("paper", callback=nonempty)
@click.argument("n", type=click.IntRange(min=1), callback=fits_sqlite)
@click.option("--reset", is_flag=True, help="Forget the manual decision: resolve automatically.")
def unlink(paper: str, n: int, reset: bool) -> None:
    """Mark reference N of PAPER as not on arXiv (kept across re-extraction).

    \b
    Examples:
        papers refs unlink 2402.15319 12
        papers refs unlink 2402.15319 12 --reset
    """
    from .resolve import unlink_reference

    db, _ = open_library()
    paper_id = _library_paper(db, paper)
    unlink_reference(db, paper_id, n, reset=reset)
    what = "will be resolved automatically again" if reset else "unlinked"
    warn(f"{paper_id} [{n}] {what}")


@click.command(name="cited-by")
@click.argument("paper", callback=nonempty)
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    help="Show at most this many rows: citing papers (the most recent first), then notes.",
)
@click.option("--json", "json_", is_flag=True, help="Print a JSON list.")
def cited_by(paper: str, limit: int | None, json_: bool) -> None:
    """List the library papers that cite PAPER: an id (in the library or not), a title, a
    name ("SmoothQuant", as a library title or the references print it before a colon; a name
    they print for several papers is an error that lists them), or words of a title they
    print ("Up or down? adaptive rounding"). Named so, a paper is the id they print for it,
    also where arXiv did not confirm it, and listed as by that id.

    A citing paper is listed "by id" where its reference prints the id, "by title" where it
    names the paper by its title alone (linked by it, or its title alike), and "by printed
    id" where it prints the id but arXiv did not confirm it (a typo, or a paper arXiv lacks:
    `refs` shows it "ID?").

    \b
    Examples:
        papers cited-by 2210.17323
        papers cited-by SmoothQuant
        papers cited-by "Attention is all you need"
    """
    from .graph import cited_by as find
    from .reviews import notes_mentioning

    if not paper.strip():
        raise click.BadParameter("give an id, a title or a name", param_hint="PAPER")
    db, root = open_library()
    autosync_notes(db, root)  # (a note edited by hand since: its links count now)
    result = find(db, paper)
    from .library import did_you_mean, get_paper

    left_out = 0
    if limit is not None and len(result.citations) > limit:
        left_out = len(result.citations) - limit
        result.citations = result.citations[:limit]  # (most recent first, as sorted)

    mentions = notes_mentioning(db, result.target) if result.target else []
    if limit is not None and len(result.citations) + len(mentions) > limit:
        # (--limit bounds the rows: citations first, then the notes that mention the paper)
        kept = max(0, limit - len(result.citations))
        left_out += len(mentions) - kept
        mentions = mentions[:kept]
    # a note's paper, when the library holds it: its title and year, as a citation has
    about: dict[str | None, tuple[str | None, int | None]] = {}
    for pid, _ in mentions:
        known = get_paper(db, pid) if pid else None
        about[pid] = (known.title, known.year) if known else (None, None)
    if json_:
        print_json(
            [
                # (every row has every key: "note" is a mention's alone)
                {
                    "id": c.paper_id,
                    "title": c.title,
                    "year": c.year,
                    "n": c.n,
                    "by": c.by,
                    "note": None,
                }
                for c in result.citations
            ]
            + [
                {
                    "id": pid,
                    "title": about[pid][0],
                    "year": about[pid][1],
                    "n": None,
                    "by": "review",
                    "note": path,
                }
                for pid, path in mentions
            ]
        )
    elif result.citations or mentions:
        rows: list[tuple[object, ...]] = [
            (c.paper_id, c.year or "", c.n, c.by, c.title) for c in result.citations
        ]
        rows += [
            (pid or "-", about[pid][1] or "", "", "review", f"mentioned in review {path}")
            for pid, path in mentions
        ]
        click.echo(table(rows, ["id", "year", "ref", "by", "title"], {4: 70}))
    if unconfirmed := sum(c.by == "printed id" for c in result.citations):
        warn(
            f"note: {unconfirmed} of them print {result.target} as its id where arXiv did not "
            "confirm it (a typo, or a paper arXiv lacks): 'papers refs ID' shows it with '?'"
        )
    if left_out:
        limit_note(f"{left_out} more citing paper(s) or note mention(s)", limit)
    if not result.citations and not mentions:
        if result.target is None and ":" not in paper and len(paper.split()) <= 4:
            # (a name no reference prints before its colon, nor any title: maybe a name the
            # field uses that the references do not, "LSQ" for "Learned step size quantization")
            nothing_found(
                f"{paper} names no paper the library knows: no library title, and no "
                "reference's title is it or names it before a colon; try its title or its id"
                + did_you_mean(db, paper)
            )
        nothing_found(f"No library paper cites {result.target or paper}.")


_WORD_END = re.compile(r"(?<=\w)(?![\w*])")  # where a word ends without a "*"


@click.command(name="next")
@click.option(
    "--for",
    "for_",
    metavar="ID",
    callback=nonempty,
    help="Only papers ID cites (what to read before reviewing it).",
)
@click.option(
    "--depth",
    type=click.IntRange(1, 100),
    default=1,
    show_default=True,
    help="With --for: also what the library papers ID cites cite, DEPTH - 1 steps on.",
)
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=20,
    show_default=True,
    help="Show at most this many papers.",
)
@click.option(
    "--about",
    "topics",
    multiple=True,
    callback=nonempty,
    help="Only papers whose title holds these words, as search reads them, quant* any word so "
    "begun (repeatable: any of them).",
)
@click.option(
    "--role",
    "roles",
    multiple=True,
    type=click.Choice(ROLES),
    metavar="ROLE",
    help="Only papers of this role: method, model, benchmark or software (repeatable).",
)
@click.option(
    "--all-roles",
    is_flag=True,
    help="Also the papers of the models, benchmarks and software the library runs.",
)
@click.option("--json", "json_", is_flag=True, help="Print a JSON list.")
def next_(
    for_: str | None,
    depth: int,
    limit: int,
    topics: tuple[str, ...],
    roles: tuple[str, ...],
    all_roles: bool,
    json_: bool,
) -> None:
    """Rank papers not in the library by how many library papers cite them.

    Each has a role, how the library uses it: a method (a baseline too), or a model, a
    benchmark or software it runs, read from the names of the quantization lens (a title's
    name before its colon, "OPT: Open ...", the titles of the lens's data file, "Attention is
    all you need", or a citing paper's "WikiText-2 [33]"); unknown when none tells. The
    papers of models, benchmarks and software are left out unless --all-roles or --role asks
    for them, or --about picks the papers.

    \b
    Examples:
        papers next
        papers next --for 2402.15319 --limit 10
        papers next --for 2402.15319 --depth 2
        papers next --for 2402.15319 --about quantization --about pruning
        papers next --role model --role benchmark
    """
    from .graph import about, next_reading
    from .roles import READING

    if depth > 1 and for_ is None:
        raise click.UsageError("--depth goes with --for")
    if roles and all_roles:
        raise click.UsageError("--role and --all-roles: give one of them")
    for topic in topics:
        if not re.search(r"[^\W_]", topic):  # ("!!!": it would leave nothing, silently)
            raise click.BadParameter(f"{topic!r} holds no word", param_hint="'--about'")
        if re.search(r"\b(?:OR|or|AND|NOT)\b", topic):  # (a title holds every word of one)
            raise click.BadParameter(
                f"{topic!r}: a topic is words a title holds, all of them; for either of two, "
                "give --about twice",
                param_hint="'--about'",
            )
    db, _ = open_library()
    ranked = next_reading(db, for_, depth, roles=True)
    if topics:
        everything, ranked = ranked, about(ranked, topics)
        if everything and not ranked:
            # (a word's start typed, "quant": its words, as search reads it, are whole)
            begun = tuple(_WORD_END.sub("*", topic) for topic in topics)
            hint = ""
            if begun != topics and (found := about(everything, begun)):
                hint = f"; --about {' --about '.join(map(repr, begun))} finds {len(found)}"
            if json_:
                print_json([])  # (an empty list, as every --json query gives: STYLE.md habit 5)
            nothing_found(
                f"Nothing to suggest about {' or '.join(topics)}: none of the "
                f"{len(everything)} paper(s) to suggest has it in its title{hint}"
            )
    left_out: list[Suggestion] = []
    if roles:
        ranked = [s for s in ranked if s.role in roles]
    elif not all_roles and not topics:  # (--about chose the papers: whatever they are)
        left_out = [s for s in ranked if s.role not in READING]
        ranked = [s for s in ranked if s.role in READING]
    suggestions = ranked[:limit]
    if suggestions:  # (nothing found is its one line)
        _unlooked_note(db)
    if left_out:
        kinds = _roles_named(left_out)
        if not suggestions:
            if json_:
                print_json([])
            nothing_found(
                f"Nothing to suggest but {len(left_out)} paper(s) of {kinds}: --all-roles "
                "shows them"
            )
        warn(f"{len(left_out)} paper(s) of {kinds} left out: --all-roles shows them")
    if len(ranked) > limit:
        limit_note(f"{len(ranked) - limit} more paper(s)", limit)
    if json_:
        # ("id" as every other listing names a paper; "arxiv" kept for the scripts using it)
        print_json([{"id": s.arxiv} | asdict(s) for s in suggestions])
    elif suggestions:
        # (an id only printed, not looked up yet, marked as `refs` marks it)
        # (the role where the listing may hold other roles than the methods to read)
        shown = bool(roles or all_roles or topics)
        rows = [
            (s.count, f"{s.arxiv}{'' if s.confirmed else '?'}" if s.arxiv else "-", s.year or "")
            + ((s.role,) if shown else ())
            + (s.title or "",)
            for s in suggestions
        ]
        headers = ["cited", "arxiv", "year", *(["role"] if shown else []), "title"]
        click.echo(table(rows, headers, {len(headers) - 1: 70}))
    if not suggestions:
        if for_ is not None:
            from .library import require_paper
            from .resolve import stored_references

            paper = require_paper(db, for_)
            if not stored_references(db, paper.id):
                why = "no PDF: 'papers add' fetches it" if not paper.pdf else "none were read"
                nothing_found(f"Nothing to suggest: {paper.id} has no references ({why}).")
        if roles:
            nothing_found(f"Nothing to suggest: no paper of the role(s) {', '.join(roles)}.")
        nothing_found("Nothing to suggest: no reference points outside the library.")


_ROLE_KINDS = {"model": "models", "benchmark": "benchmarks", "software": "software"}


def _roles_named(suggestions: list[Suggestion]) -> str:
    """ "models, benchmarks and software": the roles these papers have, in that order."""
    present = {s.role for s in suggestions}
    kinds = [kind for role, kind in _ROLE_KINDS.items() if role in present]
    return kinds[0] if len(kinds) == 1 else f"{', '.join(kinds[:-1])} and {kinds[-1]}"


@click.command()
@click.argument("paper", required=False, callback=nonempty)
@click.option(
    "--depth", type=click.IntRange(min=1), default=1, show_default=True, help="Levels from PAPER."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["dot", "mermaid", "json", "graphml"]),
    help="Text format (default dot, or from the --output suffix).",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, allow_dash=True),
    help="Write to a file; .svg, .png and .pdf are drawn with Graphviz ('-' is stdout).",
)
def graph(paper: str | None, depth: int, fmt: str | None, output: Path | str | None) -> None:
    """Draw the citation graph of the library, or around PAPER: what it cites (to --depth
    levels) and the library papers that cite it or whose review notes mention it. PAPER may
    be outside the library (an arXiv id, or a name, title or words of a title that references
    print, as cited-by takes it, once an arXiv id is known for it: one they print counts,
    also where arXiv did not confirm it, said on stderr): its graph is the library papers
    that cite it or mention it ('papers cited-by' also finds the papers citing one with no
    id). The citations among the papers PAPER reaches through references are drawn too, not
    those among its citers. A reference that names a paper by its title alone (no arXiv id)
    is drawn as a citation of it, as cited-by counts it; references that give no arXiv id,
    with none known for their title (datasets, software), are not drawn: how many is said on
    stderr.

    Library papers are filled, outside papers dashed; edges from a paper's review note to
    papers it mentions are marked "mentioned in review". A paper whose id arXiv has not
    confirmed for any reference to it (printed and not looked up yet, or no such paper, or
    linked by hand --offline: 'papers refs' shows it "ID?") has " (?)" after its name, and
    "confirmed": false in JSON. Mermaid output can be pasted into a markdown note.

    \b
    Examples:
        papers graph 2402.15319 --depth 2 --format mermaid
        papers graph --output graph.svg
    """
    from .graph import IMAGE_SUFFIXES, TEXT_SUFFIXES, build_graph, render, write_graph

    if depth > 1 and paper is None:
        raise click.UsageError("--depth goes with PAPER (the whole library has no levels)")
    # ('-' is stdout, as the Unix tools read it; "./-" is the file of that name)
    output = None if output in (None, "-") else Path(output)
    if output is not None and fmt not in (None, "dot") and output.suffix.lower() in IMAGE_SUFFIXES:
        # (an image is drawn from dot: a text format asked for would be dropped without a word)
        suffix = next(s for s, f in TEXT_SUFFIXES.items() if f == fmt)
        raise click.UsageError(
            f"--format {fmt} writes text, and {output.name} is an image (drawn from dot): "
            f"drop --format to draw it, or name a {suffix} file for the {fmt} text"
        )
    db, root = open_library()
    autosync_notes(db, root)  # (a note edited by hand since: its links are edges now)
    result = build_graph(db, paper, depth=depth)
    if not result.nodes:
        if fmt == "json" and output is None:
            from .graph import graph_json

            print_json(graph_json(result))  # (the empty graph, as every --json gives its [])
        raise PapersError("the library is empty: nothing to draw")
    written = None
    if output is None and fmt == "json":
        from .graph import graph_json

        print_json(graph_json(result))  # (compact when piped, as every --json)
    elif output is None:
        click.echo(render(result, fmt or "dot"), nl=False)
    else:
        written = write_graph(result, output, fmt)
    # (once drawn: a drawing that failed, Graphviz missing, says its error alone)
    _unlooked_note(db, {n.id for n in result.nodes.values() if n.library})
    _graph_notes(result, whole=paper is None)
    if output is not None:
        warn(f"wrote {output} ({written}; {len(result.nodes)} nodes, {len(result.edges)} edges)")


def _graph_notes(drawn: Graph, whole: bool = False) -> None:
    """What a drawing leaves unsaid, on stderr (its stdout may be --format json): that the
    paper it is drawn around is known by an id arXiv did not confirm, and how many references
    of the papers whose references are drawn (`whole`: the library's every paper) name no
    paper it could draw."""
    if drawn.unconfirmed:
        warn(
            f"note: {drawn.unconfirmed} is the id the references print, which arXiv did not "
            "confirm (a typo, or a paper arXiv lacks): 'papers refs ID --unresolved' says why"
        )
    left_out = sum(n for n, _ in drawn.undrawn.values())
    if not left_out:
        return
    total = sum(count for _, count in drawn.undrawn.values())
    if len(drawn.undrawn) == 1:
        paper = next(iter(drawn.undrawn))
        whose, listed = f"{paper}'s {total} references", "them"
    else:
        paper, listed = "ID", "each paper's"
        papers = "the library's" if whole else "the"
        whose = f"the {total} references of {papers} {len(drawn.undrawn)} papers"
        whose += "" if whole else " followed"
    warn(
        f"note: {left_out} of {whose} are not drawn: they give no arXiv id and none is known "
        f"for their title (datasets, software, papers arXiv lacks); 'papers refs {paper} "
        f"--unresolved' lists {listed} among its unresolved ones"
    )
