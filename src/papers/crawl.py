"""Breadth-first crawl of the citation graph: add the papers a paper cites, level by level.

The queue lives in SQLite (`crawl_queue`, keyed by the crawl's starting paper), and each paper is
added in its own transaction, so a crawl stopped by Ctrl-C or a network failure resumes where it
stopped when the same command runs again: finished papers are skipped, expanding a finished
paper costs no request (its references are resolved through the cache), failed ones are retried.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from sqlite_utils import Database

from .db import get_paper, write_transaction
from .errors import NetworkError, PaperPdfError, PapersError, ServerError
from .models import ArxivEntry
from .resolve import (
    cached_fetch,
    pending_references,
    requests_said,
    requests_to_resolve,
    resolve_paper,
    stored_references,
)

# Stop (and leave the rest pending) after this many papers in a row failed to be added: the
# network or arXiv is most likely down, and trying every remaining paper would only be slow.
MAX_FAILURES_IN_A_ROW = 3


class CrawlProgress(Protocol):
    """A progress display: one bar per step (resolving a level's references, adding papers)."""

    def start(self, label: str, total: int) -> None: ...

    def update(self, position: int, item: str = "") -> None: ...

    def end(self) -> None: ...


@dataclass
class CrawlResult:
    root: str
    depth: int
    added: list[str] = field(default_factory=list)  # added by this run
    present: int = 0  # cited papers that were already in the library
    failed: list[tuple[str, str]] = field(default_factory=list)  # (id, why) in this run
    missing: list[str] = field(default_factory=list)  # not on arXiv: left out, not retried
    # on arXiv, but its PDF is not to be had (none there, damaged): left out, not retried
    left_out: list[tuple[str, str]] = field(default_factory=list)  # (id, why)
    no_pdf: int = 0  # so left out by this crawl over all its runs
    reached: int = 0  # the deepest level with papers added or present (a limit stops earlier)
    pending: int = 0  # still queued (limit reached, or stopped early)
    total_added: int = 0  # added by this crawl over all its runs
    failures_in_a_row: int = 0
    # the limit stopped it with papers left to add, queued or at a level not looked at yet
    stopped_by_limit: bool = False
    error: str | None = None  # why the crawl stopped early (network); rerun to resume


def _queue(db: Database, root: str, depth: int, statuses: tuple[str, ...]) -> list[str]:
    marks = ",".join("?" * len(statuses))
    rows = db.execute(
        f"SELECT arxiv_id FROM crawl_queue WHERE root = ? AND depth = ? AND status IN ({marks}) "
        "ORDER BY rowid",
        [root, depth, *statuses],
    ).fetchall()
    return [r[0] for r in rows]


def _set_status(db: Database, root: str, arxiv_id: str, status: str, error: str | None) -> None:
    with write_transaction(db):
        db.execute(
            "UPDATE crawl_queue SET status = ?, error = ? WHERE root = ? AND arxiv_id = ?",
            [status, error, root, arxiv_id],
        )


def _count(db: Database, root: str, status: str, max_depth: int | None = None) -> int:
    sql = "SELECT count(*) FROM crawl_queue WHERE root = ? AND status = ?"
    params: list[object] = [root, status]
    if max_depth is not None:
        sql += " AND depth <= ?"
        params.append(max_depth)
    return int(db.execute(sql, params).fetchone()[0])


def _expand(
    db: Database,
    root: str,
    parents: list[str],
    depth: int,
    refresh: bool,
    progress: CrawlProgress | None,
) -> None:
    """Queue what the parents cite at this depth; papers already held are marked present."""
    parents = [p for p in parents if get_paper(db, p) is not None]
    fresh = {p: refresh and p == root for p in parents}
    todo = {p: pending_references(db, p, fresh[p]) for p in parents}
    total = sum(todo.values())
    if progress and total:
        # (what the level costs, said before it is spent: a depth 2 of 20 papers is hundreds
        # of title searches, a quarter of an hour at arXiv's pace)
        from . import config

        requests = sum(
            requests_to_resolve(db, [p for p in parents if todo[p] and fresh[p] == again], again)
            for again in (False, True)
        )
        cost = f": {total} references, {requests_said(requests, config.arxiv_delay())}"
        progress.start(f"resolving depth {depth}" + (cost if requests else ""), total)
    try:
        base = 0
        for parent in parents:

            def step(done: int, _total: int, base: int = base, parent: str = parent) -> None:
                if progress and total:
                    progress.update(base + done, parent)

            resolve_paper(db, parent, refresh=fresh[parent], progress=step)
            base += todo[parent]
    finally:
        if progress and total:
            progress.end()
    rows: list[tuple[str, str]] = []
    for parent in parents:
        for item in stored_references(db, parent):
            target = item.target
            if target and target != root:
                status = "present" if get_paper(db, target) is not None else "pending"
                rows.append((target, status))
    if not rows:
        return
    with write_transaction(db):
        for target, status in dict(rows).items():
            db.execute(
                "INSERT OR IGNORE INTO crawl_queue (root, arxiv_id, depth, status) "
                "VALUES (?, ?, ?, ?)",
                [root, target, depth, status],
            )


def crawl(
    db: Database,
    library_root: Path,
    start: str,
    *,
    depth: int = 1,
    limit: int | None = None,
    pdf: bool = True,
    refresh: bool = False,
    progress: CrawlProgress | None = None,
) -> CrawlResult:
    """Add the arXiv papers `start` cites, then what those cite, down to `depth` levels.

    `limit` caps how many papers this crawl adds in all (over every run of it), so running the
    same command again only finishes what an interrupted run left. When arXiv cannot be
    reached the crawl stops with `error` set; everything done so far is kept, and running the
    same crawl again continues from there.
    """
    if depth < 1 or (limit is not None and limit < 1):
        raise PapersError("depth and limit must be positive")
    with _one_crawl(library_root, start):
        return _crawl(db, library_root, start, depth, limit, pdf, refresh, progress)


@contextlib.contextmanager
def _one_crawl(library_root: Path, start: str) -> Iterator[None]:
    """One crawl from a paper at a time in a library: two at once each took the papers the
    other had just added for ones already there, so together they went past --limit and out
    of breadth-first order. Where no lock can be taken (no fcntl, a read-only folder), none."""
    from . import config
    from .files import held_alone

    name = start.replace("/", "_").replace(":", "_")
    with held_alone(config.papers_dir(library_root) / f".crawl-{name}.lock") as alone:
        if alone is False:
            raise PapersError(
                f"another 'papers refs {start} --add' is running in this library; run this one "
                "again when it ends: it goes on from where that one stops"
            )
        yield


def _crawl(
    db: Database,
    library_root: Path,
    start: str,
    depth: int,
    limit: int | None,
    pdf: bool,
    refresh: bool,
    progress: CrawlProgress | None,
) -> CrawlResult:
    from .library import add_papers

    result = CrawlResult(start, depth)
    if get_paper(db, start) is None:
        # The starting paper always gets its PDF: its references are what the crawl follows.
        added = add_papers(db, library_root, [start], pdf=True)
        if not added or not added[0].ok:
            raise PapersError(added[0].message if added else f"cannot add {start}")
        result.added.append(start)

    level = 1
    limited = False
    try:
        for level in range(1, depth + 1):
            parents = [start] if level == 1 else _queue(db, start, level - 1, ("done", "present"))
            _expand(db, start, parents, level, refresh, progress)
            if not _add_level(
                db, library_root, start, level, limit, pdf, result, progress, refresh
            ):
                limited = True  # (what _add_level stops for: the limit reached)
                break
    except NetworkError as exc:
        result.error = str(exc)
    result.pending = _count(db, start, "pending", depth) + _count(db, start, "failed", depth)
    result.stopped_by_limit = limited and (result.pending > 0 or level < depth)
    # the deepest level with a paper added or found in the library, over all runs
    row = db.execute(
        "SELECT max(depth) FROM crawl_queue WHERE root = ? AND depth <= ? "
        "AND status IN ('done', 'present')",
        [start, depth],
    ).fetchone()
    result.reached = int(row[0] or 0)
    result.present = _count(db, start, "present", depth)
    result.total_added = _count(db, start, "done")
    result.no_pdf = _count(db, start, "no_pdf", depth)
    if result.error:
        result.error += (
            f"; the crawl stopped at depth {level} after adding {len(result.added)} paper(s): "
            "run the same command again to resume"
        )
    return result


def _add_level(
    db: Database,
    library_root: Path,
    start: str,
    level: int,
    limit: int | None,
    pdf: bool,
    result: CrawlResult,
    progress: CrawlProgress | None,
    refresh: bool = False,
) -> bool:
    """Add the queued papers of one level; False when the crawl must stop (limit, failures).
    The limit counts papers added: one arXiv does not have, left out for good (until a
    --refresh), takes no place of one that can be added."""
    from .library import add_papers

    statuses: tuple[str, ...] = ("pending", "failed")
    if refresh:
        statuses += ("missing", "no_pdf")
    elif not pdf:  # (what was left out for want of its PDF is added without one)
        statuses += ("no_pdf",)
    todo = []
    for arxiv_id in _queue(db, start, level, statuses):
        if get_paper(db, arxiv_id) is not None:
            # added since it was queued (by hand, or by another crawl): present, not added,
            # and no place of the limit
            _set_status(db, start, arxiv_id, "present", None)
        else:
            todo.append(arxiv_id)
    if not todo:
        return True  # (a level done by earlier runs takes no room: the next is looked at)
    room = None if limit is None else limit - _count(db, start, "done")
    if room is not None and room <= 0:
        return False
    # Batched metadata lookups (cached), instead of one per paper: the whole level, or under a
    # limit as many as there is room for, and more only for those arXiv does not have
    known: dict[str, ArxivEntry | None] = {}
    if room is None:
        known = cached_fetch(db, todo, refresh=refresh)
    else:
        looked, have = 0, 0
        while looked < len(todo) and have < room:
            chunk = todo[looked : looked + room - have]
            found = cached_fetch(db, chunk, refresh=refresh)
            known.update(found)
            have += sum(found.get(arxiv_id) is not None for arxiv_id in chunk)
            looked += len(chunk)
        todo = todo[:looked]
    if progress:
        progress.start(f"adding depth {level}", len(todo))
    try:
        for position, arxiv_id in enumerate(todo, 1):
            if known.get(arxiv_id) is None:
                _set_status(db, start, arxiv_id, "missing", "not found on arXiv")
                result.missing.append(arxiv_id)
            else:
                outcome = add_papers(db, library_root, [arxiv_id], pdf=pdf, cached=True)[0]
                if outcome.status == "unchanged":
                    # added meanwhile by another command (the same crawl in another terminal):
                    # present, as one added before the level was queued
                    _set_status(db, start, arxiv_id, "present", None)
                    result.failures_in_a_row = 0
                elif outcome.ok:
                    _set_status(db, start, arxiv_id, "done", None)
                    result.added.append(arxiv_id)
                    result.failures_in_a_row = 0
                elif isinstance(outcome.error, PaperPdfError):
                    # a PDF arXiv lacks (404), a broken link, another paper's PDF: that paper's
                    # alone, and arXiv answered. Left out as a paper arXiv lacks is (retried, it
                    # failed every run; counted, three of them kept every later paper out)
                    _set_status(db, start, arxiv_id, "no_pdf", outcome.message)
                    result.left_out.append(
                        (arxiv_id, outcome.message.removeprefix(f"{arxiv_id}: "))
                    )
                    result.failures_in_a_row = 0
                else:
                    error = outcome.error
                    _set_status(db, start, arxiv_id, "failed", outcome.message)
                    if isinstance(error, NetworkError) and not isinstance(error, ServerError):
                        raise error  # not the paper's fault: it is retried on the next run
                    # (an error status for this paper's PDF, a full disk, a cut download, an
                    # HTML page: the others are tried, and it is again on the next run; several
                    # in a row stop the crawl, as arXiv's)
                    result.failed.append((arxiv_id, outcome.message.removeprefix(f"{arxiv_id}: ")))
                    result.failures_in_a_row += 1
                    if result.failures_in_a_row >= MAX_FAILURES_IN_A_ROW:
                        raise NetworkError(
                            f"{result.failures_in_a_row} papers in a row could not be added "
                            f"(last: {outcome.message})"
                        )
            if progress:
                progress.update(position, arxiv_id)
    finally:
        if progress:
            progress.end()
    return limit is None or _count(db, start, "done") < limit
