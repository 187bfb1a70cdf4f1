"""Reading goals and progress: reviews completed per year, and how much of what the papers under
review cite has been read.

Definitions (also in `papers stats --help`):
- A paper's status is the most advanced status among its notes (to-read < reading < reviewed);
  a paper without a note is `no note`.
- A review is completed in the year of its `reviewed:` front matter date (written by
  `papers review status ID reviewed`), else of its `updated:` date.
- Papers under review are those whose status is `reading` or `reviewed`.
- A reference is *read* when the cited paper has a note with status `reviewed`, *reading* when
  its note says `reading`, and *unread* otherwise (not in the library, no note, or `to-read`).
  References that resolve to no arXiv id are counted as unresolved: nobody can tell.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from sqlite_utils import Database

from .db import loads, write_transaction
from .errors import PapersError

STATUS_ORDER = {"to-read": 1, "reading": 2, "reviewed": 3}
UNDER_REVIEW = ("reading", "reviewed")


@dataclass
class YearProgress:
    year: int
    completed: int
    target: int | None


@dataclass
class ReferenceProgress:
    """For one paper under review: its references by reading state."""

    id: str
    title: str
    status: str
    references: int  # entries in its bibliography
    resolved: int  # distinct arXiv ids they resolve to
    in_library: int
    read: int
    reading: int
    unread: int
    unresolved: int


@dataclass
class Stats:
    by_status: dict[str, int]
    notes_without_paper: int  # notes naming a paper that is not in the library
    years: list[YearProgress]
    under_review: list[ReferenceProgress] = field(default_factory=list)
    cited: dict[str, int] = field(default_factory=dict)  # totals over distinct cited papers
    # library papers with a note whose front matter could not be read (its status unknown)
    broken_notes: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def set_goal(db: Database, target: int, year: int | None = None) -> YearProgress:
    """Set how many reviews to complete in a year (this year by default); 0 removes the goal,
    as the progress bar and `stats --json` (null) both read no goal."""
    year = year or date.today().year
    if target < 0:
        raise PapersError("a goal is a number of reviews, 0 or more")
    if not 1900 <= year <= 9999:
        raise PapersError(f"not a year: {year}")
    with write_transaction(db):
        if target:
            db.execute(
                "INSERT INTO goals (year, target) VALUES (?, ?) "
                "ON CONFLICT (year) DO UPDATE SET target = excluded.target",
                [year, target],
            )
        else:
            db.execute("DELETE FROM goals WHERE year = ?", [year])
    completed = completed_per_year(db).get(year, 0)
    return YearProgress(year, completed, target or None)


def progress_bar(done: int, target: int | None, width: int = 20) -> str:
    """[##########----------] 1/2 (50%); a full bar once the goal is met."""
    if not target:
        return f"{done} reviewed (no goal set)"
    filled = min(width, round(width * done / target))
    percent = round(100 * done / target)
    return f"[{'#' * filled}{'-' * (width - filled)}] {done}/{target} ({percent}%)"


def _year_of(value: Any) -> int | None:
    text = str(value or "")
    return int(text[:4]) if text[:4].isdigit() else None


def completed_per_year(db: Database) -> dict[int, int]:
    """Papers reviewed per year: a paper once (two notes of it reviewed are one review, in
    the year of the first), and a note naming no paper (a comparison) is no paper's review,
    as "Papers by status" counts them."""
    first: dict[str, int] = {}
    for row in db.query(
        "SELECT paper_id, front_matter, updated, synced FROM reviews "
        "WHERE deleted = 0 AND status = 'reviewed' AND paper_id IS NOT NULL"
    ):
        front = loads(row["front_matter"], {}) or {}
        year = (
            _year_of(front.get("reviewed")) or _year_of(row["updated"]) or _year_of(row["synced"])
        )
        if year:
            first[row["paper_id"]] = min(year, first.get(row["paper_id"], year))
    counts: dict[int, int] = {}
    for year in first.values():
        counts[year] = counts.get(year, 0) + 1
    return counts


def paper_statuses(db: Database) -> dict[str, str]:
    """The most advanced status of each paper that has a live note."""
    statuses: dict[str, str] = {}
    for paper_id, status in db.execute(
        "SELECT paper_id, status FROM reviews WHERE deleted = 0 AND paper_id IS NOT NULL"
    ).fetchall():
        current = statuses.get(paper_id)
        if current is None or STATUS_ORDER.get(status, 0) > STATUS_ORDER.get(current, 0):
            statuses[paper_id] = status if status in STATUS_ORDER else "to-read"
    return statuses


def yearly_progress(db: Database) -> list[YearProgress]:
    """Each year with a goal or a completed review, and this year, oldest first."""
    goals = dict(db.execute("SELECT year, target FROM goals").fetchall())
    completed = completed_per_year(db)
    years = sorted(set(goals) | set(completed) | {date.today().year})
    return [YearProgress(y, completed.get(y, 0), goals.get(y)) for y in years]


def compute_stats(db: Database) -> Stats:
    statuses = paper_statuses(db)
    library = {pid: title for pid, title in db.execute("SELECT id, title FROM papers").fetchall()}
    by_status = {"no note": 0, "to-read": 0, "reading": 0, "reviewed": 0}
    for paper_id in library:
        by_status[statuses.get(paper_id, "no note")] += 1
    progress = yearly_progress(db)

    under_review = []
    cited_states: dict[str, str] = {}
    unresolved_total = 0
    for paper_id, title in sorted(library.items()):
        status = statuses.get(paper_id)
        if status not in UNDER_REVIEW:
            continue
        targets, unresolved, total = _resolved_references(db, paper_id)
        unresolved_total += unresolved
        states = {t: _reading_state(t, statuses) for t in targets}
        cited_states.update(states)
        values = list(states.values())
        under_review.append(
            ReferenceProgress(
                id=paper_id,
                title=title,
                status=status,
                references=total,
                resolved=len(targets),
                in_library=sum(1 for t in targets if t in library),
                read=values.count("read"),
                reading=values.count("reading"),
                unread=values.count("unread"),
                unresolved=unresolved,
            )
        )
    cited_values = list(cited_states.values())
    cited = {
        "papers": len(cited_states),
        "in_library": sum(1 for t in cited_states if t in library),
        "read": cited_values.count("read"),
        "reading": cited_values.count("reading"),
        "unread": cited_values.count("unread"),
        "unresolved_references": unresolved_total,
    }
    notes_without_paper = db.execute(
        "SELECT count(*) FROM reviews r LEFT JOIN papers p ON p.id = r.paper_id "
        "WHERE r.deleted = 0 AND r.paper_id IS NOT NULL AND p.id IS NULL"
    ).fetchone()[0]
    broken_notes = db.execute(
        "SELECT count(DISTINCT r.paper_id) FROM reviews r JOIN papers p ON p.id = r.paper_id "
        "WHERE r.deleted = 0 AND coalesce(r.error, '') != '' AND r.front_matter IS NULL"
    ).fetchone()[0]
    return Stats(by_status, notes_without_paper, progress, under_review, cited, broken_notes)


def _reading_state(paper_id: str, statuses: dict[str, str]) -> str:
    status = statuses.get(paper_id)
    return {"reviewed": "read", "reading": "reading"}.get(status or "", "unread")


def _resolved_references(db: Database, paper_id: str) -> tuple[list[str], int, int]:
    """(distinct arXiv ids the references resolve to, unresolved count, total references).

    A stored link wins, even an unresolved one (manual, or a printed id the resolver rejected);
    otherwise the arXiv id printed in the reference."""
    from .resolve import TARGET_SQL

    rows = db.execute(
        f"""
        SELECT {TARGET_SQL}
        FROM refs r LEFT JOIN ref_links l ON l.paper_id = r.paper_id AND l.key = r.key
        WHERE r.paper_id = ? ORDER BY r.n
        """,
        [paper_id],
    ).fetchall()
    targets: list[str] = []
    unresolved = 0
    for (target,) in rows:
        if not target:
            unresolved += 1
        elif target != paper_id and target not in targets:
            targets.append(target)
    return targets, unresolved, len(rows)
