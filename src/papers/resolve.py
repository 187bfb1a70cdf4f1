"""Reference -> arXiv id: the printed id first, else a cached title search and a fuzzy match.

A wrong link is worse than no link: a title match must clear a similarity threshold *and* agree
on the year or the first author, and two candidates that are equally good leave the reference
unresolved with both recorded. Every arXiv lookup, hit or miss, goes through the SQLite cache
(`arxiv_cache`), so resolving the same paper twice costs no request.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from sqlite_utils import Database

from .db import in_chunks, loads, now_iso, write_transaction
from .errors import BadIdentifier, PaperNotInLibrary, PapersError
from .ids import local_id_spelling, parse_arxiv_id
from .models import ArxivEntry, Reference

# A title match must reach this similarity (0..1) and agree on year or first author.
ACCEPT = 0.88
# Two accepted candidates whose scores differ by less than this are "equally good".
TIE_MARGIN = 0.015
# A non-identical title never scores above this, so an exact title always beats a near-copy
# (a "v2" variant, a title one word apart) by a clear margin.
NEAR_CAP = 0.97
# Candidates shown for an unresolved reference must at least look related.
CANDIDATE_FLOOR = 0.6
SEARCH_RESULTS = 20
MAX_QUERY_WORDS = 6

_STOP_TEXT = """
    a an and are as at be by can do does for from has have how in into is it its of on or
    our over the their this to towards toward under via vs what when where which who why with
    without we you your not no all any more most very using use based new one two"""
STOP_WORDS = frozenset(_STOP_TEXT.split())


# --------------------------------------------------------------------------------------------
# Pure text functions


_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


def normalise_title(text: str | None) -> str:
    """Lower case, accents stripped, punctuation to spaces: the form titles are compared in."""
    if not text:
        return ""
    if not text.isascii():  # (most titles are: no accents to strip)
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.casefold().replace("'", "").replace("\u2019", "")
    return " ".join(_NOT_ALNUM.sub(" ", text).split())


def title_tokens(text: str | None) -> list[str]:
    return normalise_title(text).split()


def _dice(a: list[str], b: list[str]) -> float:
    common = sum((Counter(a) & Counter(b)).values())
    return 2 * common / (len(a) + len(b)) if a and b else 0.0


def title_similarity(printed: str | None, other: str | None, at_least: float = 0.0) -> float:
    """How alike two titles are, 0..1: 1 only for the same words in the same order.

    The average of a character ratio (catches split or joined words, small typos) and a word
    overlap (catches inserted or swapped words); a printed title that is exactly the part of
    the other after (or before) its colon, as when a paper is cited without its acronym,
    counts as a near match. With `at_least`, a pair that cannot reach it gives 0.0 as soon as
    cheap bounds show it (a library's titles are compared by the thousand).
    """
    return tokens_similarity(printed, title_tokens(printed), other, title_tokens(other), at_least)


def tokens_similarity(
    printed: str | None, a: list[str], other: str | None, b: list[str], at_least: float = 0.0
) -> float:
    """title_similarity of two titles whose tokens are known: a title compared with many
    others is normalised once."""
    if not a or not b:
        return 0.0
    sa, sb = " ".join(a), " ".join(b)
    if sa == sb:
        return 1.0
    if sa.replace(" ", "") == sb.replace(" ", ""):
        return NEAR_CAP
    colon = 0.0
    for x, x_tokens, y in ((printed, a, other), (other, b, printed)):
        if y and ":" in y and ":" not in (x or ""):
            head, tail = y.split(":", 1)
            if len(x_tokens) >= 3 and title_tokens(tail) == x_tokens:
                colon = max(colon, 0.93)
            elif len(x_tokens) >= 4 and title_tokens(head) == x_tokens:
                colon = max(colon, 0.9)
    dice = _dice(a, b)
    if at_least and colon < at_least and (1.0 + dice) / 2 < at_least:
        return 0.0
    matcher = SequenceMatcher(None, sa, sb, autojunk=False)
    if at_least and colon < at_least and (matcher.quick_ratio() + dice) / 2 < at_least:
        return 0.0
    score = max((matcher.ratio() + dice) / 2, colon)
    return round(min(score, NEAR_CAP), 4)


def renamed_similarity(printed: str | None, other: str | None, at_least: float = 0.0) -> float:
    """How alike two titles are when both name a method before a colon and the names differ
    ("OPTQ: Accurate quantization for generative pre-trained transformers", GPTQ's title at
    ICLR, and arXiv's "GPTQ: Accurate Post-Training Quantization for ..."): the similarity of
    what follows the colons, 0.0 when either title is not of that form. Only as good as the
    author and year that must agree with it: a method renamed keeps its authors and year."""
    heads, tails = [], []
    for title in (printed, other):
        head, colon, tail = (title or "").partition(":")
        if not colon or len(title_tokens(head)) != 1 or len(title_tokens(tail)) < 4:
            return 0.0
        heads.append(normalise_title(head))
        tails.append(tail)
    if heads[0] == heads[1]:
        return 0.0  # (the same name: title_similarity has compared them)
    return title_similarity(tails[0], tails[1], at_least)


def surname_matches(surname: str | None, full_name: str | None) -> bool:
    """Does a printed surname ("Le Scao", "Frantar") name this arXiv author ("Teven Le Scao")?"""
    s, f = title_tokens(surname), title_tokens(full_name)
    if not s or not f:
        return False
    return f[-len(s) :] == s or s[-1] == f[-1]


def entry_year_range(entry: ArxivEntry) -> tuple[int, int] | None:
    """First and last year the paper appeared on arXiv (v1 and the latest version)."""
    years = [int(d[:4]) for d in (entry.published, entry.updated) if d and d[:4].isdigit()]
    return (min(years), max(years)) if years else None


def year_agrees(year: int | None, entry: ArxivEntry) -> bool:
    """A printed year within one year of any arXiv version (conference years lag preprints)."""
    span = entry_year_range(entry)
    if year is None or span is None:
        return False
    return span[0] - 1 <= year <= span[1] + 1


def author_agrees(authors: list[str], entry: ArxivEntry) -> bool:
    return bool(authors and entry.authors) and surname_matches(authors[0], entry.authors[0])


def _plural_looking(word: str) -> bool:
    return len(word) > 3 and word.endswith("s") and not word.endswith("ss")


def title_query(title: str | None) -> str | None:
    """An arXiv `search_query` for a title: its significant words AND-ed in the title field.

    Words are reduced to letters and digits (an apostrophe splits: "Huggingface's" searches
    "huggingface"), so nothing needs quoting; stop words and single letters are dropped. At most
    MAX_QUERY_WORDS words are kept, in title order: the longest (most distinctive) ones, avoiding
    plural-looking words, which citations often spell differently ("network"/"networks"), so
    one misprinted or inflected word rarely empties the result. The fuzzy match decides.
    """
    text = re.sub(r"['\u2019]", " ", title or "")
    words = [w for w in title_tokens(text) if w not in STOP_WORDS and (len(w) > 1 or w.isdigit())]
    words = list(dict.fromkeys(words))
    if len(words) < 2 and not (words and len(words[0]) >= 5):
        return None
    if len(words) > MAX_QUERY_WORDS:
        ranked = sorted(words, key=lambda w: (_plural_looking(w), -len(w), words.index(w)))
        keep = set(ranked[:MAX_QUERY_WORDS])
        words = [w for w in words if w in keep]
    return " AND ".join(f"ti:{w}" for w in words)


# --------------------------------------------------------------------------------------------
# Matching one reference against candidate entries


@dataclass
class Resolution:
    """What a reference points to; method is printed, title, manual or none."""

    resolved: str | None
    method: str
    confidence: float | None
    candidates: list[dict[str, Any]] = field(default_factory=list)


def _candidate(entry: ArxivEntry, score: float, **extra: Any) -> dict[str, Any]:
    span = entry_year_range(entry)
    data = {
        "arxiv": entry.arxiv_id,
        "title": entry.title,
        "year": span[0] if span else None,
        "first_author": entry.authors[0] if entry.authors else None,
        "score": round(score, 3),
    }
    data.update(extra)
    return data


def match_title(ref: Reference, entries: Iterable[ArxivEntry]) -> Resolution:
    """Pick the entry a reference names by title, or none when unsure (then list candidates)."""
    scored: list[tuple[float, float, ArxivEntry, bool, bool]] = []
    seen: set[str] = set()
    for entry in entries:
        if entry.arxiv_id in seen:
            continue
        seen.add(entry.arxiv_id)
        sim = title_similarity(ref.title, entry.title)
        y_ok, a_ok = year_agrees(ref.year, entry), author_agrees(ref.authors, entry)
        total = sim + 0.02 * y_ok + 0.02 * a_ok
        scored.append((total, sim, entry, y_ok, a_ok))
    scored.sort(key=lambda item: -item[0])
    candidates = [
        _candidate(e, s, year_agrees=y, author_agrees=a)
        for _, s, e, y, a in scored[:5]
        if s >= CANDIDATE_FLOOR
    ]
    accepted = [item for item in scored if item[1] >= ACCEPT and (item[3] or item[4])]
    if not accepted:
        return Resolution(None, "none", None, candidates)
    best = accepted[0]
    if len(accepted) > 1 and best[0] - accepted[1][0] < TIE_MARGIN:
        return Resolution(None, "none", None, candidates)
    _, sim, entry, y_ok, a_ok = best
    confidence = sim - 0.05 * (not y_ok) - 0.05 * (not a_ok)
    return Resolution(entry.arxiv_id, "title", round(confidence, 3), candidates)


def check_printed(ref: Reference, entry: ArxivEntry | None) -> Resolution | None:
    """Confirm a printed id; None when it must be re-checked by title (unknown or misprinted)."""
    if entry is None:
        return None
    sim = title_similarity(ref.title, entry.title) if ref.title else 1.0
    a_ok = author_agrees(ref.authors, entry)
    # (the year is little evidence: an id's first digits are its year and month, so a misprint
    # in its last ones names a paper of the same year; a title and a first author unlike the
    # reference's are another paper, whatever the year. Without authors read, the year is all
    # there is: a paper renamed on arXiv, ZeroQuant-V2's first title, is kept by it)
    if ref.title and sim < 0.5 and not a_ok and (ref.authors or not year_agrees(ref.year, entry)):
        return None  # the id names some other paper: probably a misprint
    confidence = 1.0 if sim >= ACCEPT or a_ok else 0.9
    return Resolution(entry.arxiv_id, "printed", confidence, [])


# --------------------------------------------------------------------------------------------
# Cache: every lookup, hit or miss, lives in arxiv_cache


def _canonical(arxiv_id: str) -> str | None:
    try:
        return parse_arxiv_id(arxiv_id).id
    except BadIdentifier:
        return None


def _store_cache(db: Database, rows: list[tuple[str, bool, str | None]]) -> None:
    if not rows:
        return
    stamp = now_iso()
    with write_transaction(db):
        for key, found, response in rows:
            db.execute(
                "INSERT INTO arxiv_cache (key, found, response, fetched) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (key) DO UPDATE SET found = excluded.found, "
                "response = excluded.response, fetched = excluded.fetched",
                [key, int(found), response, stamp],
            )


def store_entries(db: Database, entries: dict[str, ArxivEntry | None]) -> None:
    """Cache id lookups, hits and misses, under id:<id without version>."""
    rows = []
    for arxiv_id, entry in entries.items():
        key = _canonical(arxiv_id)
        if key:
            response = json.dumps(entry.to_dict(), ensure_ascii=False) if entry else None
            rows.append((f"id:{key}", entry is not None, response))
    _store_cache(db, rows)


def cached_entries(db: Database, ids: Iterable[str]) -> dict[str, ArxivEntry | None]:
    """What the cache knows about these ids, without any request (absent ids are left out)."""
    wanted = {i for i in (_canonical(x) for x in ids) if i}
    known: dict[str, ArxivEntry | None] = {}
    keys = [f"id:{i}" for i in wanted]
    for chunk, marks in in_chunks(keys):
        for row in db.query(
            f"SELECT key, found, response FROM arxiv_cache WHERE key IN ({marks})", chunk
        ):
            data = loads(row["response"])
            entry = ArxivEntry.from_dict(data) if row["found"] and data else None
            known[row["key"][3:]] = entry
    return known


def cached_fetch(
    db: Database, ids: Iterable[str], refresh: bool = False
) -> dict[str, ArxivEntry | None]:
    """Metadata for arXiv ids (any spelling; versions dropped), None for ids arXiv lacks.

    Only ids the cache does not hold are requested, in one call (arxiv_source batches 100 per
    request); malformed ids are answered None without asking arXiv. Keys of the result are the
    ids without version.
    """
    canonical = {x: _canonical(x) for x in ids}
    wanted = list(dict.fromkeys(c for c in canonical.values() if c))
    known = {} if refresh else cached_entries(db, wanted)
    missing = [i for i in wanted if i not in known]
    if missing:
        from . import arxiv_source

        fetched = arxiv_source.fetch_entries(missing, known=known_on_arxiv(db, missing))
        rows = []
        for arxiv_id in missing:
            entry = fetched.get(arxiv_id)
            known[arxiv_id] = entry
            response = json.dumps(entry.to_dict(), ensure_ascii=False) if entry else None
            rows.append((f"id:{arxiv_id}", entry is not None, response))
        _store_cache(db, rows)
    result: dict[str, ArxivEntry | None] = {c: known.get(c) for c in wanted}
    for original, c in canonical.items():
        if c is None:
            result[original] = None
    return result


def known_on_arxiv(db: Database, besides: Collection[str] = ()) -> str | None:
    """An id arXiv has (a library paper's, else one it answered before), not among `besides`:
    the check that an empty answer is arXiv's fault (arxiv_source.fetch_entries)."""
    rows = db.execute(
        "SELECT id FROM papers WHERE source = 'arxiv' ORDER BY added DESC LIMIT 20"
    ).fetchall()
    rows += db.execute(
        "SELECT substr(key, 4) FROM arxiv_cache WHERE key LIKE 'id:%' AND found LIMIT 20"
    ).fetchall()
    return next((row[0] for row in rows if row[0] not in besides), None)


def cached_search(
    db: Database, query: str, refresh: bool = False, max_results: int = SEARCH_RESULTS
) -> list[ArxivEntry]:
    """Entries an arXiv search_query returns, cached under search:<query> (misses too).

    The entries found are also cached by id, so a later printed-id lookup costs nothing.
    """
    key = f"search:{query}"
    if not refresh:
        row = db.execute("SELECT response FROM arxiv_cache WHERE key = ?", [key]).fetchone()
        if row is not None:
            return [ArxivEntry.from_dict(d) for d in loads(row[0], [])]
    from . import arxiv_source

    entries = arxiv_source.search(query, max_results=max_results)
    payload = json.dumps([e.to_dict() for e in entries], ensure_ascii=False)
    rows: list[tuple[str, bool, str | None]] = [(key, bool(entries), payload)]
    rows += [
        (f"id:{e.arxiv_id}", True, json.dumps(e.to_dict(), ensure_ascii=False)) for e in entries
    ]
    _store_cache(db, rows)
    return entries


# --------------------------------------------------------------------------------------------
# Resolving a paper's references


@dataclass
class StoredRef:
    """A row of refs with its link (if any): what listings and the graph work from."""

    paper_id: str
    ref: Reference
    key: str
    resolved: str | None = None
    method: str | None = None
    confidence: float | None = None
    candidates: list[dict[str, Any]] = field(default_factory=list)
    manual: bool = False
    linked: bool = False  # a ref_links row exists (resolution was attempted or set by hand)

    @property
    def target(self) -> str | None:
        """The arXiv id this reference stands for: its link, else the printed id."""
        return self.resolved if self.linked else self.ref.arxiv


def unconfirmed_id(item: StoredRef, entries: Mapping[str, ArxivEntry | None]) -> str | None:
    """The id a reference stands for that arXiv has not confirmed, which `refs` shows "ID?":
    the id it prints, not looked up yet (--offline, arXiv unreachable) or looked up where
    arXiv did not confirm it (no such paper, or another paper's id); or the id it was linked
    to by hand where the arXiv cache (`entries`, read for those ids) holds no paper for it
    (linked --offline, or arXiv had no such paper). None when arXiv confirmed it, or the
    reference stands for no id. A library paper's id is confirmed by being there: the caller
    asks that."""
    if not item.linked:
        return item.ref.arxiv
    if not item.resolved:
        return None if item.manual else item.ref.arxiv  # (unlinked by hand: it stands for none)
    if item.manual and entries.get(item.resolved) is None:
        return item.resolved
    return None


# SQL twin of StoredRef.target over `refs r LEFT JOIN ref_links l`: a stored link decides (even an
# unresolved one: a printed id the resolver rejected stays rejected), else the printed id.
TARGET_SQL = "CASE WHEN l.key IS NOT NULL THEN l.resolved ELSE r.arxiv END"


def ref_from_row(row: dict[str, Any]) -> Reference:
    return Reference(
        n=row["n"],
        raw=row["raw"],
        marker=row.get("marker"),
        authors=loads(row.get("authors"), []),
        et_al=bool(row.get("et_al")),
        title=row.get("title"),
        year=row.get("year"),
        venue=row.get("venue"),
        arxiv=row.get("arxiv"),
        doi=row.get("doi"),
        url=row.get("url"),
    )


STORED_SQL = """
    SELECT r.*, l.resolved AS l_resolved, l.method AS l_method, l.confidence AS l_confidence,
           l.candidates AS l_candidates, l.manual AS l_manual, l.key AS l_key
    FROM refs r LEFT JOIN ref_links l ON l.paper_id = r.paper_id AND l.key = r.key
"""


# The references that stand for an id (TARGET_SQL = ?1) as two indexed lookups, where the
# CASE would scan every reference: linked to it, or printing it with no link.
REFERENCES_TO_SQL = (
    f"{STORED_SQL} WHERE l.resolved = ?1 "
    f"UNION ALL {STORED_SQL} WHERE r.arxiv = ?1 AND l.key IS NULL"
)


def stored_from_row(row: dict[str, Any]) -> StoredRef:
    return StoredRef(
        paper_id=row["paper_id"],
        ref=ref_from_row(row),
        key=row["key"],
        resolved=row["l_resolved"],
        method=row["l_method"],
        confidence=row["l_confidence"],
        candidates=loads(row["l_candidates"], []),
        manual=bool(row["l_manual"]),
        linked=row["l_key"] is not None,
    )


def stored_references(db: Database, paper_id: str) -> list[StoredRef]:
    rows = db.query(STORED_SQL + " WHERE r.paper_id = ? ORDER BY r.n", [paper_id])
    return [stored_from_row(r) for r in rows]


# What the citation graph reads of every reference of a library (`next`, the whole graph): its
# place, title, year, first author (decoded by SQLite) and what it stands for, not its raw
# text, other authors or arXiv's candidates, whose decoding took most of the time `next`
# spent on a library of a thousand papers
_GRAPH_SQL = """
    SELECT r.paper_id, r.n, r.key, r.title, r.year, r.arxiv, json_extract(r.authors, '$[0]'),
           l.key AS l_key, l.resolved AS l_resolved, l.manual AS l_manual
    FROM refs r LEFT JOIN ref_links l ON l.paper_id = r.paper_id AND l.key = r.key
    ORDER BY r.paper_id, r.n
"""


def graph_references(db: Database) -> list[StoredRef]:
    """Every reference of the library with the fields the graph reads: its Reference has no
    raw text, venue or links, and of its authors the first alone (a title printed the same
    with years apart is one paper where they do not differ: printed_years_agree); no
    candidates are loaded (see _GRAPH_SQL)."""
    return [
        StoredRef(
            paper_id=paper_id,
            ref=Reference(
                n=n, raw="", title=title, year=year, arxiv=arxiv, authors=[first] if first else []
            ),
            key=key,
            resolved=resolved,
            manual=bool(manual),
            linked=l_key is not None,
        )
        for paper_id, n, key, title, year, arxiv, first, l_key, resolved, manual in db.execute(
            _GRAPH_SQL
        )
    ]


def cited_ids(db: Database, paper_ids: Iterable[str]) -> dict[str, list[str]]:
    """The arXiv ids each paper's references stand for (StoredRef.target), or print where
    arXiv did not confirm them (as cited-by counts them), in reference order: for the
    citations among many papers at once (one query, no reference decoded)."""
    cited: dict[str, list[str]] = {}
    wanted = list(dict.fromkeys(paper_ids))
    stands_for = (
        "CASE WHEN l.key IS NULL THEN r.arxiv WHEN l.resolved IS NOT NULL THEN l.resolved "
        "WHEN NOT l.manual THEN r.arxiv END"
    )
    for chunk, marks in in_chunks(wanted):
        sql = (
            f"SELECT r.paper_id, {stands_for} FROM refs r "
            "LEFT JOIN ref_links l ON l.paper_id = r.paper_id AND l.key = r.key "
            f"WHERE r.paper_id IN ({marks}) ORDER BY r.paper_id, r.n"
        )
        for paper_id, target in db.execute(sql, chunk):
            if target:
                cited.setdefault(paper_id, []).append(target)
    return cited


@dataclass
class ResolveSummary:
    paper_id: str
    references: int = 0
    printed: int = 0
    title: int = 0
    manual: int = 0
    unresolved: int = 0

    def to_dict(self) -> dict[str, Any]:
        """`refs --all --json`: the paper is `id`, as in list and show, and each count says
        what it counts (a bare "title" read as one)."""
        return {
            "id": self.paper_id,
            "references": self.references,
            "by_printed_id": self.printed,
            "by_title": self.title,
            "by_hand": self.manual,
            "unresolved": self.unresolved,
        }


def iter_resolutions(
    db: Database,
    refs: list[Reference],
    *,
    refresh: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> Iterator[Resolution]:
    """Resolve references (of one paper) against arXiv through the cache, one by one.

    Cost on an empty cache: one fetch for all printed ids (ceil(P/100) id_list requests) and
    at most one search per reference that has to go by title (a confirmed printed id never
    searches; references with the same title share one search, even with refresh); nothing
    when everything is cached. A generator, so a caller can keep what was resolved before the
    network failed.
    """
    printed = cached_fetch(db, [r.arxiv for r in refs if r.arxiv], refresh=refresh)
    searched: dict[str, list[ArxivEntry]] = {}
    for done, ref in enumerate(refs):
        if progress:
            progress(done, len(refs))
        notes: list[dict[str, Any]] = []
        if ref.arxiv:
            canonical = _canonical(ref.arxiv)
            entry = printed.get(canonical) if canonical else None
            confirmed = check_printed(ref, entry)
            if confirmed is not None:
                yield confirmed
                continue
            if entry is None:
                notes.append({"arxiv": ref.arxiv, "note": "printed id not found on arXiv"})
            else:
                notes.append(_candidate(entry, 0.0, note="printed id names another paper"))
        query = title_query(ref.title)
        if query is None:
            yield Resolution(None, "none", None, notes)
            continue
        if query not in searched:
            searched[query] = cached_search(db, query, refresh=refresh)
        found = match_title(ref, searched[query])
        found.candidates = notes + found.candidates
        yield found


def resolve_references(
    db: Database,
    refs: list[Reference],
    *,
    refresh: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> list[Resolution]:
    """Resolve references (of one paper); see iter_resolutions for the request cost."""
    return list(iter_resolutions(db, refs, refresh=refresh, progress=progress))


def pending_references(db: Database, paper_id: str, refresh: bool = False) -> int:
    """How many of a paper's references resolve_paper would look at (for a progress total)."""
    stored = stored_references(db, paper_id)
    return len(_to_look_at(stored, refresh))


def _to_look_at(stored: list[StoredRef], refresh: bool) -> list[StoredRef]:
    """The references a lookup looks at: those not decided by hand, and not linked yet unless
    refreshed (resolve_paper; pending_references counts them, requests_to_resolve costs them)."""
    return [s for s in stored if not s.manual and (refresh or not s.linked)]


def requests_to_resolve(db: Database, paper_ids: Iterable[str], refresh: bool = False) -> int:
    """About how many arXiv requests resolving these papers' references takes (resolve_paper
    on each, in turn): per paper, a batch of 100 of its printed ids that neither the cache nor
    an earlier paper's lookup holds, and a title search for each of its other references
    whose search neither holds (with refresh, every title again, once a paper). A printed id
    the cache lacks is taken to confirm, as most do: it needs no search. Said before a crawl,
    where requests are seconds apart (PAPERS_ARXIV_DELAY)."""
    requests = 0
    fetched: set[str] = set()  # ids and searches the papers before this one asked
    searched: set[str] = set()
    for paper_id in paper_ids:
        todo = [s.ref for s in _to_look_at(stored_references(db, paper_id), refresh)]
        printed = {c for r in todo if r.arxiv and (c := _canonical(r.arxiv))}
        known = {} if refresh else cached_entries(db, list(printed - fetched))
        new_ids = printed - set(known) - (set() if refresh else fetched)
        requests += -(-len(new_ids) // 100)
        fetched |= new_ids
        queries: set[str] = set()
        for ref in todo:
            canonical = _canonical(ref.arxiv) if ref.arxiv else None
            if canonical and (canonical not in known or check_printed(ref, known[canonical])):
                continue
            if (query := title_query(ref.title)) is not None:
                queries.add(query)
        if not refresh:
            queries -= searched
            searched |= queries
            for chunk, marks in in_chunks([f"search:{q}" for q in queries]):
                cached = db.execute(f"SELECT key FROM arxiv_cache WHERE key IN ({marks})", chunk)
                queries -= {key.removeprefix("search:") for (key,) in cached}
        requests += len(queries)
    return requests


def requests_said(requests: int, delay: float) -> str:
    """How a number of arXiv requests is said before they are made: "about 271 arXiv requests
    (~14 min at one every 3 s)", the time where it is a minute or more."""
    said = f"about {requests} arXiv request{'s' if requests != 1 else ''}"
    seconds = requests * delay
    if seconds >= 60:
        when = f"~{seconds / 60:.0f} min" if seconds < 5400 else f"~{seconds / 3600:.1f} h"
        said += f" ({when} at one every {delay:g} s)"
    return said


def resolve_paper(
    db: Database,
    paper_id: str,
    *,
    refresh: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ResolveSummary:
    """Resolve a library paper's references and store the links (manual links are kept).

    References that already have a link are left alone unless refresh is set, so a second run
    requests nothing (it may still link, by title, references arXiv did not find to library
    papers added since). progress(done, total) is called before each reference is looked at
    (title searches take a request each, seconds apart).
    """
    stored = stored_references(db, paper_id)
    todo = _to_look_at(stored, refresh)
    results: list[Resolution] = []
    try:
        for res in iter_resolutions(db, [s.ref for s in todo], refresh=refresh, progress=progress):
            results.append(res)
    finally:
        # Keep what was resolved before a failure: a second run resumes from there.
        _store_links(db, paper_id, todo[: len(results)], results)
    link_library_papers(db, citing=[paper_id])
    # the ids linked by hand that arXiv was never asked about (linked --offline): asked now,
    # once, so that `refs` stops showing them "ID?" (arXiv's "no such paper" is kept too)
    by_hand = {s.resolved for s in stored if s.manual and s.resolved}
    if by_hand:  # (cached_fetch asks only about the ids the cache lacks)
        library = {row[0] for row in db.execute("SELECT id FROM papers")}
        cached_fetch(db, sorted(by_hand - library))
    summary = ResolveSummary(paper_id)
    for s in stored_references(db, paper_id):
        summary.references += 1
        if s.manual:
            summary.manual += 1
        elif s.resolved and s.method == "printed":
            summary.printed += 1
        elif s.resolved and s.method in ("title", "library"):
            summary.title += 1
        else:
            summary.unresolved += 1
    return summary


def papers_to_look_up(db: Database, refresh: bool = False) -> list[str]:
    """The papers `refs --all` looks up: those not looked up yet, or with refresh every paper
    that has references."""
    if not refresh:
        return papers_not_looked_up(db)
    return [row[0] for row in db.execute("SELECT DISTINCT paper_id FROM refs ORDER BY 1")]


def papers_not_looked_up(db: Database) -> list[str]:
    """Library papers with references arXiv was never asked about (no link stored: not
    listed by `refs` since they were extracted), whose printed ids graph and next take as
    they are, and whose titles no search has matched yet."""
    return [
        row[0]
        for row in db.execute(
            "SELECT DISTINCT r.paper_id FROM refs r LEFT JOIN ref_links l "
            "ON l.paper_id = r.paper_id AND l.key = r.key WHERE l.key IS NULL ORDER BY r.paper_id"
        )
    ]


class _LibraryTitles:
    """The library's papers (or some) as title matching reads them, with an index of their
    titles' words: a reference is compared with the papers it shares a word with, not with
    every paper (a library of 1,000 papers holds some 50,000 references)."""

    def __init__(self, db: Database, ids: list[str] | None = None) -> None:
        sql = "SELECT id, title, published, authors FROM papers"
        params: list[str] = []
        if ids is not None:
            sql += f" WHERE id IN ({','.join('?' * len(ids))})"
            params = ids
        # (id, title, year, authors, title words, the numbers among them)
        self.papers: list[tuple[str, str, int | None, list[str], set[str], set[str]]] = []
        self.by_word: dict[str, list[int]] = {}
        for row in db.query(sql, params):
            year = row["published"] or ""
            tokens = set(title_tokens(row["title"]))
            for word in significant_words(tokens):
                self.by_word.setdefault(word, []).append(len(self.papers))
            self.papers.append(
                (
                    row["id"],
                    row["title"],
                    int(year[:4]) if year[:4].isdigit() else None,
                    loads(row["authors"], []),
                    tokens,
                    title_numbers(row["title"]),
                )
            )

    def tokens(self) -> list[set[str]]:
        return [paper[4] for paper in self.papers]

    def match(self, ref: Reference, citing: str, asked: bool = True) -> tuple[str, float] | None:
        """The library paper a reference names, with the similarity of the titles. Stricter
        than on arXiv, which is not asked here and may know another paper of that title:
        - a first author printed must be one of the paper's;
        - a year printed no earlier than the year before the paper's and at most three after
          (a journal version);
        - numbers in the titles' names the same ("A100", "H100"; see numbers_differ);
        - a short title ("Quantization") needs both the author and the year;
        then the year (within one) or the author must agree, or the title be the same word
        for word, and the titles be alike by ACCEPT. A reference arXiv was not `asked` about
        needs the same title but for spacing (NEAR_CAP), unless its author and year (within
        one) agree too ("Gptq: Accurate quantization for generative pre-trained transformers",
        Frantar 2023, is GPTQ); with them, a method renamed is the same paper too ("OPTQ:
        Accurate quantization ...", GPTQ's title at ICLR; see renamed_similarity). The best
        match wins by TIE_MARGIN, or none does."""
        words = title_tokens(ref.title)
        word_set = set(words)
        near = rare_word_postings(word_set, self.by_word)
        numbers = title_numbers(ref.title)
        scored = []
        for i in near:
            paper_id, title, year, authors, tokens, paper_numbers = self.papers[i]
            # (a cheap look at the shared words first: most titles share few)
            shared = len(tokens & word_set)
            if paper_id == citing or 2 * shared < 0.5 * (len(tokens) + len(words)):
                continue
            author = (
                any(surname_matches(ref.authors[0], a) for a in authors)
                if ref.authors and authors
                else None
            )
            # (years apart: None when either is unknown)
            apart = ref.year - year if year is not None and ref.year is not None else None
            if author is False or not years_agree(ref.year, year):
                continue
            if len(words) < 4 and not (author and apart is not None):
                continue
            close = bool(author) and apart is not None and abs(apart) <= 1
            if numbers_differ(numbers, paper_numbers, close):
                continue
            least = ACCEPT if asked or close else NEAR_CAP
            similarity = title_similarity(ref.title, title, least)
            if close and similarity < least and surname_matches(ref.authors[0], authors[0]):
                # (renamed: the paper's first author, not any of its authors, and its year)
                similarity = renamed_similarity(ref.title, title, least)
            agrees = author or (apart is not None and abs(apart) <= 1)
            if similarity >= least and (agrees or (similarity == 1.0 and len(words) >= 4)):
                scored.append((similarity, paper_id))
        scored.sort(reverse=True)
        if scored and (len(scored) == 1 or scored[0][0] - scored[1][0] >= TIE_MARGIN):
            return scored[0][1], scored[0][0]
        return None


def years_agree(printed: int | None, first: int | None, last: int | None = None) -> bool:
    """Can a printed year be that of a paper known from `first` (to `last`)? From the year
    before to three after (a journal version); unknown on either side, it can."""
    if printed is None or first is None:
        return True
    return first - 1 <= printed <= (first if last is None else last) + 3


# A title printed the same with this many significant words or more names one paper, whatever
# years its references print (see printed_years_agree)
DISTINCT_TITLE_WORDS = 5


def printed_years_agree(
    printed: str | None,
    year: int | None,
    title: str | None,
    first: int | None,
    last: int | None = None,
    authors: tuple[str | None, str | None] = (None, None),
) -> bool:
    """Can a reference printing the title `printed` in `year` be the paper titled `title` from
    `first` (to `last`)? Where the years agree (years_agree), yes. Otherwise only where the
    title is printed the same (normalise_title) and long enough to tell papers apart by itself
    (DISTINCT_TITLE_WORDS), and the first authors (`authors`: the reference's and the
    paper's, where known) do not differ: nuQmm prints AdaRound (2020) as of 2017, a misprint,
    not another paper; a short title is as generic as "Deep learning" (LeCun et al. 2015,
    Goodfellow et al. 2016), so its year still decides."""
    if years_agree(year, first, last):
        return True
    norm = normalise_title(printed)
    if norm != normalise_title(title) or len(significant_words(set(norm.split()))) < (
        DISTINCT_TITLE_WORDS
    ):
        return False
    ours, theirs = authors
    return not ours or not theirs or surname_matches(ours, theirs)


def title_numbers(title: str | None) -> set[str]:
    """The words with a digit of a title's name, where model names and versions stand
    ("Qwen2.5 Technical Report", "Nvidia A100 ..."): the part before its colon when it has
    one ("SqueezeNet: ... <0.5MB model size" is one paper however the size is printed), but a
    year printed in it."""
    name = (title or "").split(":", 1)[0]
    return {
        w for w in title_tokens(name) if any(c.isdigit() for c in w) and not _YEAR_WORD.fullmatch(w)
    }


def numbers_differ(printed: set[str], known: set[str], close: bool) -> bool:
    """Do two titles' numbers (title_numbers) tell their papers apart? When they differ, yes,
    unless author and year agree (`close`) and no differing word is a bare number or the
    same name with another number on the other side: "GPT3.int8()" is LLM.int8() by its
    authors that year, "Qwen2" is not "Qwen2.5", nor "Llama 2" "Llama 3"."""
    if printed == known:
        return False
    if not close:
        return True
    left, right = printed - known, known - printed
    if any(w.isdigit() for w in left | right):
        return True
    letters = {w.rstrip("0123456789") for w in left}
    return any(w.rstrip("0123456789") in letters for w in right)


_YEAR_WORD = re.compile(r"(?:19|20)\d\d")


def rare_word_postings(words: set[str], by_word: dict[str, list[int]]) -> set[int]:
    """The entries of an index of title words that hold one of the two rarest significant
    words of these: a title alike enough to be the same paper holds most of its words, so one
    of those, and common words ("quantization", "neural") would bring half the index."""
    lists = sorted((by_word[word] for word in significant_words(words) if word in by_word), key=len)
    return {i for postings in lists[:2] for i in postings}


def significant_words(words: set[str]) -> set[str]:
    """The words of a title that tell it apart: not "a", "of", "for", "and" ..."""
    return {word for word in words if len(word) > 2 and word not in STOP_WORDS}


def link_library_papers(
    db: Database, citing: list[str] | None = None, cited: list[str] | None = None
) -> None:
    """References that name a library paper by title, linked to it without asking arXiv, so
    refs, cited-by, graph and next agree from the moment a paper is added: the references of
    `citing` (all when None) to the papers `cited` (all when None). Only references that stand
    for no paper yet: no printed id, or a lookup that found none; a decision made by hand is
    left as it is. A reference arXiv was not asked about yet takes a title the same but for
    spacing, or a near one whose author and year agree (see _LibraryTitles.match), and its
    link is marked `library`: arXiv decides on the others when they are listed. A local paper
    (a PDF without an arXiv id) is linked by the same rules: it is the copy the user reads,
    and show, cited-by and graph must count it alike before and after `refs`."""
    titles = _LibraryTitles(db, cited)
    if not titles.papers:
        return
    sql = (
        "SELECT r.paper_id, r.key, r.n, r.raw, r.title, r.year, r.authors, l.key AS l_key "
        "FROM refs r LEFT JOIN ref_links l ON l.paper_id = r.paper_id AND l.key = r.key "
        "WHERE r.title IS NOT NULL AND r.title != '' AND ((l.key IS NULL AND r.arxiv IS NULL) "
        "OR (l.key IS NOT NULL AND l.resolved IS NULL AND l.manual = 0))"
    )
    params: list[str] = []
    if citing is not None:
        sql += f" AND r.paper_id IN ({','.join('?' * len(citing))})"
        params += citing
    # a title that names a paper holds most of its words: one of its two longest (SQLite
    # leaves out the rest before a row is read), and a third of them (looked for in the
    # lower-cased title before a reference is read)
    need = [(sorted(sig), max(1, len(sig) // 3)) for sig in map(significant_words, titles.tokens())]
    quick = cited is not None and len(need) <= 8
    if quick:
        longest = [w for words, _ in need for w in sorted(words, key=len, reverse=True)[:2]]
        sql += f" AND ({' OR '.join('instr(lower(r.title), ?) > 0' for _ in longest) or '0'})"
        params += longest
    found = []
    for citing_id, key, n, raw, title, year, authors, l_key in db.execute(sql, params):
        if quick:
            lower = title.lower()
            if not any(sum(w in lower for w in words) >= k for words, k in need):
                continue
        ref = Reference(n=n, raw=raw, title=title, year=year, authors=loads(authors, []))
        asked = l_key is not None
        match = titles.match(ref, citing_id, asked)
        if match is not None:
            found.append((citing_id, key, *match, "title" if asked else "library"))
    if not found:
        return
    stamp = now_iso()
    with write_transaction(db):
        for citing_id, key, paper_id, similarity, method in found:
            db.execute(
                "INSERT INTO ref_links (paper_id, key, resolved, method, confidence, updated) "
                "SELECT ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM papers WHERE id = ?) "
                "ON CONFLICT (paper_id, key) DO UPDATE SET resolved = excluded.resolved, "
                "method = excluded.method, confidence = excluded.confidence, "
                "updated = excluded.updated "
                "WHERE ref_links.manual = 0 AND ref_links.resolved IS NULL",
                [citing_id, key, paper_id, method, similarity, stamp, paper_id],
            )


def _store_links(
    db: Database, paper_id: str, items: list[StoredRef], results: list[Resolution]
) -> None:
    """Write automatic links; a manual decision made meanwhile is never overwritten."""
    if not items:
        return
    stamp = now_iso()
    with write_transaction(db):
        if db.execute("SELECT 1 FROM papers WHERE id = ?", [paper_id]).fetchone() is None:
            # removed by another command while arXiv was asked (papers rm)
            raise PaperNotInLibrary(paper_id)
        for item, res in zip(items, results, strict=True):
            db.execute(
                "INSERT INTO ref_links (paper_id, key, resolved, method, confidence, "
                "candidates, manual, updated) VALUES (?, ?, ?, ?, ?, ?, 0, ?) "
                "ON CONFLICT (paper_id, key) DO UPDATE SET resolved = excluded.resolved, "
                "method = excluded.method, confidence = excluded.confidence, "
                "candidates = excluded.candidates, manual = 0, updated = excluded.updated "
                "WHERE ref_links.manual = 0",
                [
                    paper_id,
                    item.key,
                    res.resolved,
                    res.method,
                    res.confidence,
                    json.dumps(res.candidates, ensure_ascii=False),
                    stamp,
                ],
            )


def _stored_ref(db: Database, paper_id: str, n: int) -> StoredRef:
    rows = list(db.query(STORED_SQL + " WHERE r.paper_id = ? AND r.n = ?", [paper_id, n]))
    if not rows:
        raise PapersError(f"{paper_id} has no reference number {n}")
    return stored_from_row(rows[0])


def _set_manual(db: Database, item: StoredRef, resolved: str | None) -> None:
    with write_transaction(db):
        db.execute(
            "INSERT INTO ref_links (paper_id, key, resolved, method, confidence, candidates, "
            "manual, updated) VALUES (?, ?, ?, 'manual', 1.0, ?, 1, ?) "
            "ON CONFLICT (paper_id, key) DO UPDATE SET resolved = excluded.resolved, "
            "method = 'manual', confidence = 1.0, manual = 1, updated = excluded.updated",
            [item.paper_id, item.key, resolved, json.dumps(item.candidates), now_iso()],
        )


def link_reference(
    db: Database, paper_id: str, n: int, arxiv_id: str, *, verify: bool = True
) -> tuple[StoredRef, ArxivEntry | None]:
    """Link reference n of a paper to an arXiv id by hand, or to a local paper of the library
    (a PDF without an arXiv id); the link survives re-extraction and re-resolution. With
    verify, an arXiv id is looked up (cached) and must exist on arXiv."""
    local = local_id_spelling(arxiv_id)  # ("LOCAL:84FD4C0A1B2C" too)
    target = local or parse_arxiv_id(arxiv_id).id
    in_library = db.execute("SELECT 1 FROM papers WHERE id = ?", [target]).fetchone() is not None
    if local and not in_library:
        raise PaperNotInLibrary(target)
    if target == paper_id:
        raise PapersError(f"reference {n} of {paper_id} cannot be {paper_id} itself")
    item = _stored_ref(db, paper_id, n)
    entry = None
    if verify and not in_library:  # (a paper of the library exists: no request)
        entry = cached_fetch(db, [target]).get(target)
        if entry is None:
            from .errors import NotFoundOnArxiv

            raise NotFoundOnArxiv(target)
    _set_manual(db, item, target)
    return _stored_ref(db, paper_id, n), entry


def unlink_reference(db: Database, paper_id: str, n: int, *, reset: bool = False) -> StoredRef:
    """Mark reference n as pointing to nothing on arXiv (kept across re-resolution); with
    reset, forget any manual decision so the automatic resolution applies again."""
    item = _stored_ref(db, paper_id, n)
    if reset:
        with write_transaction(db):
            db.execute("DELETE FROM ref_links WHERE paper_id = ? AND key = ?", [paper_id, item.key])
    else:
        _set_manual(db, item, None)
    return _stored_ref(db, paper_id, n)
