"""Full-text search over titles, authors, abstracts, full texts and review notes (SQLite FTS5).

Ranking is bm25 over one document per (paper, source). A paper appears once, at the rank of its
best-matching document, with the sources that matched. Snippets are computed only for the hits
shown: on 50 KB full texts, snippet() costs far more than ranking does.
"""

from __future__ import annotations

import os
import re
import sqlite3
import threading
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from pathlib import PurePosixPath
from typing import Any, NamedTuple

from sqlite_utils import Database

from .db import in_chunks, local_ids_beginning
from .errors import PapersError
from .ids import LOCAL_ID_RE, arxiv_id_or_none

SOURCES = ("title", "authors", "abstract", "text", "notes")
# a match piped and in JSON: guillemets, which neither markdown nor a citation uses (brackets
# were, and read "[[[LLM.int8]()]]" in a note's wiki link, "[[12]]" at a citation)
HIGHLIGHT = ("«", "»")
# around a match while a snippet is made, shown as HIGHLIGHT, or in colour at a terminal:
# Unicode noncharacters, which no text interchanges
# (PDF text holds control characters, \x02 among them, and private-use ones for odd glyphs);
# any in a text are taken out of its snippet
MARKS = ("\ufdd0", "\ufdd1")
SNIPPET_TOKENS = 16
# How many ranked documents to read per hit wanted, to fill `limit` distinct papers, and to
# see the other sources each hit matched in: read for the default limit at least, so that a
# smaller --limit shows the same sources for a hit (a whole paper's sources would cost ranking
# every match again: 2-4 times a search's time on 10,000 papers)
OVERFETCH = 5
DEFAULT_LIMIT = 20  # (papers search --limit's default too)
QUERY_WORDS = 100  # words a query may have
LONG_DOCUMENT = 8_000  # characters; above this, snippets are cut in Python (see _snippet)
TOKENIZE = "porter unicode61 remove_diacritics 2"  # the index's tokenizer (migration 001)


class BadQuery(PapersError):
    """A search query with nothing to search for."""


@dataclass
class SearchHit:
    id: str  # paper id (or note:<path> for a note naming no paper)
    title: str | None
    source: str  # where the best match is: title, authors, abstract, text, notes
    marked: str  # the snippet, MARKS around its matches (shown by `highlighted`)
    score: float  # bm25, lower is better (SQLite's convention), x4 for a title or author match
    sources: list[str] = field(default_factory=list)  # every source that matched, best first
    page: int | None = None  # the page of the full text the snippet is from (None: no page)

    @property
    def snippet(self) -> str:
        """The snippet, its matches between HIGHLIGHT's guillemets (as --json gives it)."""
        return highlighted(self.marked)

    def to_dict(self) -> dict[str, Any]:
        plain, matches = unmarked(self.marked)
        return {
            "id": self.id,
            "title": self.title,
            "source": self.source,
            "snippet": self.snippet,
            # (the snippet without marks, and where its matches are in it: a guillemet of the
            # text itself cannot be told from a match's)
            "text": plain,
            "matches": matches,
            "score": self.score,
            "sources": self.sources,
            "page": self.page,
        }


def unmarked(marked: str) -> tuple[str, list[list[int]]]:
    """A snippet made with MARKS without them, and the [start, end) of each match in it."""
    parts = marked.split(MARKS[0])
    plain, matches = [parts[0]], []
    at = len(parts[0])
    for part in parts[1:]:
        match, _, rest = part.partition(MARKS[1])
        matches.append([at, at + len(match)])
        plain += [match, rest]
        at += len(match) + len(rest)
    return "".join(plain), matches


def note_paths(db: Database, ids: list[str]) -> dict[str, list[str]]:
    """The live notes of each of these papers (or the note a "note:<path>" id is), which a
    search hit in notes matched: a paper's notes are one document of the index."""
    found: dict[str, list[str]] = {pid: [] for pid in ids}
    for pid in ids:
        if pid.startswith("note:"):
            found[pid].append(pid.removeprefix("note:"))
    papers = [pid for pid in ids if not pid.startswith("note:")]
    if papers:
        marks = ", ".join("?" * len(papers))
        for path, paper_id in db.execute(
            f"SELECT path, paper_id FROM reviews WHERE deleted = 0 AND paper_id IN ({marks}) "
            "ORDER BY path",
            papers,
        ):
            found[paper_id].append(path)
    return found


def highlighted(marked: str, marks: tuple[str, str] = HIGHLIGHT) -> str:
    """A snippet made with MARKS, its matches between `marks` (guillemets, or a terminal's
    colour codes)."""
    return marked.replace(MARKS[0], marks[0]).replace(MARKS[1], marks[1])


class EmptyLibrary(PapersError):
    """Nothing to search: no paper and no note (`search --json` still prints its `[]`)."""


@dataclass
class SearchResults:
    hits: list[SearchHit]
    query: str  # the FTS5 query that ran
    sources: list[str]  # the sources searched (empty: all)
    plain: bool = False  # the query was not valid FTS5 syntax and ran as plain words
    paper: tuple[str, str] | None = None  # (id, title) of the library paper the query's id names


# a part's name, singular or plural ("author:Frantar" searched every part, silently)
SOURCE_FILTER_RE = re.compile(
    rf"(?<![\w:])({'|'.join(s.removesuffix('s') for s in SOURCES)})s?\s*:\s*", re.IGNORECASE
)
_SOURCE_OF = {s.removesuffix("s"): s for s in SOURCES}


def split_source_filters(query: str) -> tuple[str, list[str]]:
    """`title:gptq` -> ("gptq", ["title"]): column filters name sources here, since every
    source is its own document (one FTS5 column), so they act like --in."""
    sources = [_SOURCE_OF[m.lower()] for m in SOURCE_FILTER_RE.findall(query)]
    return SOURCE_FILTER_RE.sub("", query), list(dict.fromkeys(sources))


def lowercase_operators(query: str) -> list[str]:
    """The operators a query writes in lower case, outside quotes, between words: FTS5 reads
    "hessian or cholesky" as three words, all required."""
    words = _QUOTED.sub(" ", query).split()
    return list(
        dict.fromkeys(
            word
            for i, word in enumerate(words)
            if word in ("or", "and", "not") and 0 < i < len(words) - 1
        )
    )


def plain_query(query: str) -> str:
    """The query as plain words: each word quoted, so punctuation is inert; dangling operators
    (`salient AND`, `NEAR(`) and column prefixes (`x:y`: FTS5 has no such column) dropped.
    A word with a digit before a colon is no column's name but a word of the query
    ("W4A8:per-group"): kept, apart from the word after it; a ratio ("1:4") is kept whole, so
    FTS5 reads its numbers as a phrase, in that order. A local paper's id ("local:f147") is no
    column either: its words, a phrase, the last its start, as a note writes the id."""
    words = []
    for word in query.split():
        if LOCAL_ID_RE.fullmatch(bare := word.strip("\"'()")):
            words.append(f'"{bare}"*')  # (no quote in it: the pattern's letters alone)
            continue
        if not _RATIO.fullmatch(bare):
            word = re.sub(r"\b(\w*\d\w*):(?=\S)", r"\1 ", word)
            word = re.sub(r"\b\w+:(?=\S)", " ", word)
        words += [
            '"' + w.replace('"', '""') + '"'
            for w in (w.strip("\"'()") for w in word.split())
            if re.search(r"\w", w) and w not in OPERATORS
        ]
    return " ".join(words)


_RATIO = re.compile(r"\d+(?::\d+)+")


def _is_query_error(exc: sqlite3.OperationalError) -> bool:
    message = str(exc).lower()
    return any(
        marker in message
        for marker in (
            "fts5",
            "syntax error",
            "no such column",
            "unterminated",
            "unknown special",
            "expected integer",  # ("NEAR(hessian, cholesky)": blamed on the database)
        )
    )


def _meaning_lost(query: str) -> str | None:
    """Why a query FTS5 rejected is not run as plain words, which keep every word and drop
    the operators: an exclusion or an alternative would become a requirement ("gptq -awq"
    listed AWQ first, "hessian NOT post-training" the papers with both); the query FTS5
    reads, as the error suggests it."""
    words = query.split()
    if any(word.startswith("NEAR") for word in words):
        return "FTS5 reads NEAR as NEAR(word word, N), e.g. NEAR(hessian cholesky, 5)"
    excluded = [w for w in words if w == "NOT" or (w.startswith("-") and len(w) > 1)]
    if not excluded and "OR" not in words:
        return None
    if words[-1] in ("OR", "NOT", "AND") or words[0] in ("OR", "AND"):
        # (suggesting the query again: "gptq OR" -> "try 'gptq OR'")
        dangling = words[-1] if words[-1] in ("OR", "NOT", "AND") else words[0]
        return f"{dangling} needs a word on each side: 'gptq {dangling} awq'"
    if words[0] == "NOT" or words[0].startswith("-"):
        found: list[str] = []
        excluding: list[str] = []
        after_not = False
        for word in words:
            if word == "NOT":
                after_not = True
            elif after_not or (word.startswith("-") and len(word) > 1):
                excluding.append(word if after_not else word[1:])
                after_not = False
            else:
                found.append(word)
        if not found:
            return "a search needs a word to find first: 'hessian NOT cholesky', not 'NOT cholesky'"
        words = [*found, *(f"-{word}" for word in excluding)]  # ("-awq gptq": gptq NOT awq)
    fixed: list[str] = []
    for word in words:
        if fixed and fixed[-1] == "AND" and (word == "NOT" or word.startswith("-")):
            fixed.pop()  # ("gptq AND NOT awq": FTS5's NOT takes no AND before it)
        if word.startswith("-") and len(word) > 1:
            fixed += ["NOT", _bare_or_local(word[1:])]
        elif word in OPERATORS or word.startswith(('"', "(")) or word.endswith(('"', ")")):
            fixed.append(word)
        else:
            fixed.append(_bare_or_local(word))
    return (
        f"FTS5 cannot read {query.strip()!r}, and as plain words its NOT or OR would be lost: "
        f"try {' '.join(fixed)!r} (a word with a hyphen in quotes, NOT for an exclusion)"
    )


def _bare_or_local(word: str) -> str:
    """_bare, but a local id as typed, which the search reads as its phrase (in quotes it is a
    phrase of whole words: "local:f147" does not find local:f147c64b8638)."""
    return word if LOCAL_ID_RE.fullmatch(word) else _bare(word)


def _bare(word: str) -> str:
    """A word as FTS5 reads it whole: quoted when it holds more than letters, digits and a
    final * (a hyphen, a dot)."""
    return word if re.fullmatch(r"\w+\*?", word) else '"' + word.replace('"', '""') + '"'


def search(
    db: Database,
    query: str,
    *,
    sources: list[str] | tuple[str, ...] | None = None,
    limit: int = DEFAULT_LIMIT,
) -> list[SearchHit]:
    """Papers matching an FTS5 query, best first (see search_query)."""
    return search_query(db, query, sources=sources, limit=limit).hits


def search_query(
    db: Database,
    query: str,
    *,
    sources: list[str] | tuple[str, ...] | None = None,
    limit: int = DEFAULT_LIMIT,
) -> SearchResults:
    """Papers matching an FTS5 query, best first.

    `title:x` style filters pick sources like `sources` does (which wins when both are given).
    A query FTS5 rejects (unbalanced quotes, `per-group`, `NEAR(`) is run again as plain words
    rather than failing; the result says so.
    """
    if not query.strip():
        raise BadQuery("empty search query")
    # (a word copied from a PDF viewer keeps its ligature, "efﬁcient", or its spacing accent,
    # "M¨uller", which the stored text has repaired: the query is repaired as the text was)
    from .glyphs import repair_text

    query = repair_text(query)
    typed = query.strip()
    if len(words := typed.split()) > QUERY_WORDS:
        # (a pasted passage: 1,000 words took 4 s, 20,000 more than 10 minutes)
        raise BadQuery(
            f"a query of {len(words)} words: search takes at most {QUERY_WORDS} (a few words "
            'of the passage, or a "quoted phrase" of them)'
        )
    arxiv = arxiv_id_or_none(typed)  # (an id, and nothing else)
    if arxiv is not None:
        # an arXiv id, as typed or pasted ("arXiv:2210.17323v2", a URL): the papers and notes
        # that name it, any version (FTS5 reads "2210.17323v2" as "2210" then "17323v2"), and
        # the paper itself when the library holds it
        wanted = _known_sources(sources or [])
        _require_documents(db)
        phrase = '"' + arxiv.id + '"*'
        hits = _search(db, phrase, wanted, limit, [])
        row = db.execute("SELECT id, title FROM papers WHERE id = ?", [arxiv.id]).fetchone()
        return SearchResults(hits, phrase, wanted, paper=row and (row[0], row[1]))
    local = LOCAL_ID_RE.fullmatch(typed)
    if local is not None:
        # a local paper's id, or its start, as notes link it ("[[local:f147c64b8638]]"): the
        # notes that name it (FTS5 read "local:" as a column, and the search ran without it),
        # and the paper itself when it is the one library paper the id begins
        wanted = _known_sources(sources or [])
        _require_documents(db)
        phrase = _local_phrase(local)
        hits = _search(db, phrase, wanted, limit, [])
        return SearchResults(hits, phrase, wanted, paper=_local_paper(db, [local]))
    # a local id among other words ("integer local:84fd"): the same phrase, a term of the query
    # as any word, where FTS5 read "local:" as a column's name and the query ran as plain words
    locals_ = list(_LOCAL_TOKEN.finditer(_QUOTED.sub(" ", typed)))
    phrased = _local_ids_as_phrases(typed)
    apart = None if sources else _terms_with_parts(phrased)
    if apart is not None:  # ("author:Frantar cholesky": each word in its own part)
        _require_documents(db)
        terms, parts = apart
        try:
            held = _papers_holding(db, terms, parts, limit, [], " ".join(terms))
        except sqlite3.OperationalError as exc:  # (a word FTS5 refuses alone: read whole)
            if not _is_query_error(exc):
                raise
            held = None
        if held is not None:
            return SearchResults(held, phrased, [], paper=_local_paper(db, locals_))
        # (every word in thousands of parts: the parts named restrict the whole query)
    query, named = split_source_filters(query)
    wanted = _known_sources(sources or named)
    _require_documents(db)
    if query.strip():
        match = _local_ids_as_phrases(query)
        excluded = _excluded_terms(match)
        try:
            hits = _search(db, match, wanted, limit, excluded)
        except sqlite3.OperationalError as exc:
            if not _is_query_error(exc):
                raise
        else:
            if not excluded and len(hits) < limit:
                hits += _across_parts(db, match, wanted, limit - len(hits), hits)
            # (the paper said, as for its id alone, where every hit names it: no OR, no NOT)
            every = _conjunction(match) and not {"OR", "NOT", "NEAR"} & set(_TERM_RE.findall(match))
            paper = _local_paper(db, locals_) if every else None
            return SearchResults(hits, match, wanted, paper=paper)
    fallback = plain_query(query)
    if not fallback:
        raise BadQuery(f"nothing to search for in {typed!r}")
    lost = _meaning_lost(query)
    if lost:
        raise BadQuery(lost)
    hits = _search(db, fallback, wanted, limit)
    if len(hits) < limit:  # ("zorblax OPT-175B": run as plain words, its words in two parts)
        hits += _across_parts(db, fallback, wanted, limit - len(hits), hits)
    return SearchResults(hits, fallback, wanted, plain=True)


# a local paper's id as a word of a query, outside quotes ("integer local:84fd")
_LOCAL_TOKEN = re.compile(rf"(?<![^\s(]){LOCAL_ID_RE.pattern}(?![^\s)])", re.IGNORECASE | re.ASCII)


def _local_phrase(local: re.Match[str]) -> str:
    """The FTS5 phrase of a local id, or its start, as notes link it ("[[local:f147c64b8638]]"
    is indexed as "local" "f147c64b8638"): FTS5 reads "local:f147" as a column and a word."""
    return f'"local {local.group("digits").lower()}"*'


def _local_ids_as_phrases(query: str) -> str:
    """The query with each local id outside its quotes as its phrase (_local_phrase), so that
    FTS5 reads the rest of it as typed."""
    pieces = re.split(r'("[^"]*")', query)  # (a quoted phrase reads "local:f147" as words)
    return "".join(
        piece if piece.startswith('"') else _LOCAL_TOKEN.sub(_local_phrase, piece)
        for piece in pieces
    )


def _local_paper(db: Database, locals_: list[re.Match[str]]) -> tuple[str, str] | None:
    """(id, title) of the one library paper the one local id of a query begins, else None."""
    if len({m.group("digits").lower() for m in locals_}) != 1:
        return None
    begun = local_ids_beginning(db, locals_[0].group("digits"))
    row = db.execute(
        "SELECT id, title FROM papers WHERE id = ?", begun if len(begun) == 1 else [None]
    ).fetchone()
    return row and (row[0], row[1])


def _known_sources(sources: Sequence[str]) -> list[str]:
    """The parts asked for, each once; an unknown one is an error."""
    wanted = list(dict.fromkeys(sources))
    unknown = [s for s in wanted if s not in SOURCES]
    if unknown:
        raise BadQuery(f"unknown source {unknown[0]!r} (use: {', '.join(SOURCES)})")
    return wanted


def _require_documents(db: Database) -> None:
    if db.execute("SELECT 1 FROM documents LIMIT 1").fetchone() is None:
        raise EmptyLibrary("the library is empty: nothing to search (add papers with 'papers add')")


def _excluded_terms(match: str) -> list[str]:
    """The terms a query excludes with NOT, when it is words and phrases ending in NOTs
    ("quantization NOT gptq"): none for one with groups or OR, which FTS5 reads alone."""
    tokens = _TERM_RE.findall(match)
    if "NOT" not in tokens or "OR" in tokens or any(c in match for c in "(){}"):
        return []
    first = tokens.index("NOT")
    tail = tokens[first:]
    if len(tail) % 2 or any(tail[i] != "NOT" for i in range(0, len(tail), 2)):
        return []
    excluded = tail[1::2]
    return excluded if all(_PLAIN_TERM.fullmatch(term) for term in excluded) else []


TITLE_BLOCK = 600  # characters of a text's start, its title and authors, a title match skips
EXCLUDED_ROUNDS = 64  # how many times the parts first asked for a NOT may ask for


def _papers_with(
    db: Database, paper_ids: set[str], terms: list[str], sources: list[str]
) -> set[str]:
    """Those of the papers a part of which (of the parts searched) holds one of the terms:
    FTS5 reads NOT within one part, so "quantization NOT gptq" listed papers whose title
    lacks GPTQ and whose text compares with it."""
    parts = _parts_of(db, list(paper_ids), sources)
    holding: set[str] = set()
    for term in terms:
        count = _parts_count(db, term)
        holding.update(parts[rowid][0] for rowid in _term_parts(db, term, count, parts))
    return holding


def _parts_of(
    db: Database, paper_ids: list[str], sources: list[str] | None = None
) -> dict[int, tuple[str, str]]:
    """The parts of these papers (of the parts searched): rowid -> (paper, source)."""
    where, chosen = _source_filter(sources or [])
    parts: dict[int, tuple[str, str]] = {}
    for chunk, marks in in_chunks(paper_ids):
        for rowid, paper_id, source in db.execute(
            f"SELECT id, paper_id, source FROM documents d WHERE paper_id IN ({marks}){where}",
            [*chunk, *chosen],
        ):
            parts[rowid] = (paper_id, source)
    return parts


def _parts_count(db: Database, term: str) -> int:
    """How many parts hold a term (FTS5 counts them at once, nothing read)."""
    return int(
        db.execute(
            "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH ?", [term]
        ).fetchone()[0]
    )


def _term_parts(db: Database, term: str, count: int, among: Collection[int]) -> list[int]:
    """The parts among `among` that hold a term in `count` parts: its parts read in one query
    up to ACROSS_PARTS_READ, met with these here (FTS5 runs a MATCH once for each rowid of an
    IN list: 1.5 s for 5,000 on 10,000 papers), else looked up among these."""
    if count <= ACROSS_PARTS_READ:
        return [
            rowid
            for (rowid,) in db.execute(
                "SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?", [term]
            )
            if rowid in among
        ]
    return _parts_matching(db, term, list(among))


_TERM_RE = re.compile(r'"[^"]*"\*?|[^\s"]+')
_PLAIN_TERM = re.compile(r'"[^"]*"\*?|\w+\*?')  # a word, a prefix, a phrase (or its prefix)


def _conjunction(match: str) -> list[str] | None:
    """The terms of a query that asks for all of them (words and phrases, AND between some),
    each an FTS5 query of its own; None for any other (OR, NOT, NEAR, groups, columns, "+")."""
    terms = [token for token in _TERM_RE.findall(match) if token != "AND"]
    if len(terms) < 2 or not all(_PLAIN_TERM.fullmatch(term) for term in terms):
        return None
    return terms


def _across_parts(
    db: Database, match: str, sources: list[str], room: int, found: list[SearchHit]
) -> list[SearchHit]:
    """See _papers_across_parts; a term FTS5 refuses alone adds nothing ("+" between words
    crashed the search whose whole query FTS5 had read)."""
    try:
        return _papers_across_parts(db, match, sources, room, found)
    except sqlite3.OperationalError as exc:
        if not _is_query_error(exc):
            raise
        return []


def _papers_across_parts(
    db: Database, match: str, sources: list[str], room: int, found: list[SearchHit]
) -> list[SearchHit]:
    """The papers whose parts hold all of a query's terms, though no one part does: each part
    (title, text, notes) is a document of its own, so "quantising BLOOM" found nothing when
    the note said "quantising" and the text "BLOOM". After the papers one part answers,
    by the match of their rarest term; none for a query of OR, NOT or NEAR, which FTS5 reads
    within one part."""
    terms = _conjunction(match)
    if terms is None or len(sources) == 1:
        return []
    return _papers_holding(db, terms, [sources] * len(terms), room, found, match) or []


def _papers_holding(
    db: Database,
    terms: list[str],
    term_sources: list[list[str]],
    room: int,
    found: list[SearchHit],
    match: str,
) -> list[SearchHit] | None:
    """The papers (but those `found`) with each term in one of its parts (all parts for an
    empty list), best first by the match of the rarest term. Its papers are the candidates
    (FTS5 counts a term's parts at once); the other terms are looked up in theirs only.
    None when every term is in more than ACROSS_PARTS_MAX parts."""
    counts = [_parts_count(db, term) for term in terms]
    rarest = counts.index(min(counts))
    if counts[rarest] == 0:
        return []  # (a term in no part)
    if counts[rarest] > ACROSS_PARTS_MAX:
        return None  # (a conjunction of common words, which one part answers)
    where, chosen = _source_filter(term_sources[rarest])
    first: dict[str, tuple[int, str, float]] = {}
    for rowid, paper_id, source, rank in db.execute(
        "SELECT f.rowid, d.paper_id, d.source, f.rank FROM documents_fts f JOIN documents d "
        f"ON d.id = f.rowid WHERE f.documents_fts MATCH ?{where} ORDER BY f.rank",
        [terms[rarest], *chosen],
    ):
        first.setdefault(paper_id, (rowid, source, rank))
    shown = {hit.id for hit in found}
    candidates = [paper_id for paper_id in first if paper_id not in shown]
    parts = _parts_of(db, candidates)  # (every part of the candidates)
    sources_of: dict[str, list[str]] = {p: [first[p][1]] for p in candidates}
    left = set(candidates)
    for i, term in enumerate(terms):
        if i == rarest or not left:
            continue
        allowed = set(term_sources[i]) or set(SOURCES)
        among = {rowid for rowid, (paper_id, _) in parts.items() if paper_id in left}
        matched = _term_parts(db, term, counts[i], among)
        having: set[str] = set()
        for rowid in matched:
            paper_id, source = parts[rowid]
            if source not in allowed:
                continue
            having.add(paper_id)
            if source not in sources_of[paper_id]:
                sources_of[paper_id].append(source)
        left &= having
    chosen_papers = [paper_id for paper_id in candidates if paper_id in left][:room]
    titles = _titles(db, chosen_papers)
    snippet_words, phrases = snippet_terms(match)
    return [
        SearchHit(
            id=paper_id,
            title=titles.get(paper_id),
            source=first[paper_id][1],
            marked=marked,
            score=_score(first[paper_id][2]),
            sources=sources_of[paper_id],
            page=page,
        )
        for paper_id in chosen_papers
        for marked, page in [
            _snippet(db, terms[rarest], first[paper_id][0], snippet_words, phrases)
        ]
    ]


_QUALIFIED_TERM = re.compile(r'(?:(?P<part>\w+)\s*:\s*)?(?P<term>"[^"]*"\*?|[^\s"]+)')


def _terms_with_parts(query: str) -> tuple[list[str], list[list[str]]] | None:
    """A conjunction whose words name their parts apart ("author:Frantar cholesky": Frantar
    an author, cholesky anywhere), as (terms, parts of each); None for any other query, which
    a part named in it restricts whole, as --in does."""
    terms: list[str] = []
    parts: list[list[str]] = []
    for token in _QUALIFIED_TERM.finditer(query):
        part, term = token.group("part"), token.group("term")
        if term == "AND" and part is None:
            continue
        if term in OPERATORS or term.startswith(("NEAR", "(", "-")) or term.endswith(")"):
            return None  # (OR, NOT, -word, NEAR, groups: FTS5's query, or refused as such)
        source = _SOURCE_OF.get(part.lower().removesuffix("s")) if part else None
        if part and source is None:
            return None
        # ("author:Frantar OPT-175B": a word with a hyphen, quoted as FTS5 reads it whole)
        terms.append(term if _PLAIN_TERM.fullmatch(term) else _bare(term))
        parts.append([source] if source else [])
    named = {tuple(p) for p in parts}
    if len(terms) < 2 or all(not p for p in parts) or len(named) == 1:
        return None  # (no part named, or one part for every word: a restriction of the whole)
    return terms, parts


ACROSS_PARTS_MAX = 5_000  # parts the rarest term may be in for the papers across parts
ACROSS_PARTS_READ = 50_000  # parts another term's are read in one query up to


def _parts_matching(db: Database, term: str, rowids: list[int]) -> list[int]:
    """The parts among `rowids` that hold `term` (a term too common to read all its parts)."""
    found = []
    for some, marks in in_chunks(rowids):
        found += [
            rowid
            for (rowid,) in db.execute(
                "SELECT rowid FROM documents_fts WHERE documents_fts MATCH ? "
                f"AND rowid IN ({marks})",
                [term, *some],
            )
        ]
    return found


# a match in a paper's title or authors outweighs one in its text: "Frantar" listed four papers
# that cite him (their text names him in every citation) above his own GPTQ and OBC. Weighed
# among the parts FTS5 ranks best (OVERFETCH times the papers asked): sorting every match by
# a weighed rank in SQL lost FTS5's own ordering, 285 ms for quant* on 10,000 papers, not 75
SOURCE_WEIGHTS = {"title": 4.0, "authors": 4.0}


def _score(rank: float) -> float:
    """bm25 to four significant digits: a term in most parts of the library scores about
    -1e-06 (its weight clamped), which four decimals printed as -0.0 for every hit."""
    return float(f"{rank:.4g}") + 0.0  # (+ 0.0: no "-0.0")


def _source_filter(sources: list[str]) -> tuple[str, list[str]]:
    if sources and set(sources) != set(SOURCES):
        return f" AND d.source IN ({', '.join('?' for _ in sources)})", list(sources)
    return "", []


def _search(
    db: Database,
    match: str,
    sources: list[str],
    limit: int,
    excluded: list[str] | None = None,
) -> list[SearchHit]:
    """The papers a query matches, best first; with `excluded` terms, but those a part of
    which holds one (see _excluded_terms), more parts asked for while some are left out."""
    where, chosen = _source_filter(sources)
    fetch = max(DEFAULT_LIMIT, limit) * OVERFETCH
    while True:
        ranked = db.execute(
            "SELECT f.rowid, d.paper_id, d.source, f.rank FROM documents_fts f "
            "JOIN documents d ON d.id = f.rowid "
            f"WHERE f.documents_fts MATCH ?{where} ORDER BY f.rank LIMIT ?",
            [match, *chosen, fetch],
        ).fetchall()
        left_out = (
            _papers_with(db, {row[1] for row in ranked}, excluded, sources) if excluded else set()
        )
        best: dict[str, tuple[int, str, float]] = {}
        matched: dict[str, list[str]] = {}
        # (the best part other than the title, whose snippet a title match shows: the title
        # is already the hit's first line)
        beside: dict[str, int] = {}
        weighed = sorted(
            (rank * SOURCE_WEIGHTS.get(source, 1.0), n, rowid, paper_id, source)
            for n, (rowid, paper_id, source, rank) in enumerate(ranked)
        )
        for rank, _, rowid, paper_id, source in weighed:
            if paper_id in left_out:
                continue
            if paper_id not in best:
                if len(best) >= limit:
                    continue
                best[paper_id] = (rowid, source, rank)
            if source != "title":
                beside.setdefault(paper_id, rowid)
            matched.setdefault(paper_id, []).append(source)
        if not left_out or len(best) >= limit or len(ranked) < fetch:
            break
        if fetch >= max(DEFAULT_LIMIT, limit) * OVERFETCH * EXCLUDED_ROUNDS:
            break  # (a NOT that leaves out nearly every match: the papers found so far)
        fetch *= 4
    hits = []
    titles = _titles(db, list(best))
    terms, phrases = snippet_terms(match)
    for paper_id, (rowid, source, rank) in best.items():
        shown = beside.get(paper_id, rowid) if source == "title" else rowid
        # (a title match's snippet of the text: past its first page's title block, which
        # only repeats the title the hit shows)
        after = TITLE_BLOCK if shown != rowid else 0
        marked, page = _snippet(db, match, shown, terms, phrases, after)
        hits.append(
            SearchHit(
                id=paper_id,
                title=titles.get(paper_id),
                source=source,
                marked=marked,
                score=_score(rank),
                sources=matched.get(paper_id, [source]),
                page=page,
            )
        )
    return hits


def _snippet(
    db: Database,
    match: str,
    rowid: int,
    terms: list[Term],
    phrases: list[list[Term]],
    after: int = 0,
) -> tuple[str, int | None]:
    """FTS5's snippet() for short documents; for long ones (full texts) a window found in Python,
    since snippet() re-tokenizes the whole 50 KB text (and expands prefixes against the index),
    from `after` on where a term is found there. With the page of a full text it is on (its
    pages are apart by form feeds), so that a reader can check it in the PDF."""
    row = db.execute("SELECT body, source FROM documents WHERE id = ?", [rowid]).fetchone()
    paged = bool(row) and row[1] == "text"
    if row and len(row[0]) > LONG_DOCUMENT:
        text = row[0]
        if MARKS[0] in text or MARKS[1] in text:
            text = text.replace(MARKS[0], "").replace(MARKS[1], "")
        window, at = window_snippet(text, terms, phrases=phrases, after=after, marks=MARKS)
        if window:
            return window, _page_at(text, at) if paged else None
    found = db.execute(
        "SELECT snippet(documents_fts, 0, ?, ?, '…', ?) FROM documents_fts "
        "WHERE documents_fts MATCH ? AND rowid = ?",
        [*MARKS, SNIPPET_TOKENS, match, rowid],
    ).fetchone()
    snippet = " ".join((found[0] if found else "").split())
    return snippet, _page_of(row[0], snippet) if paged and snippet else None


def _page_of(text: str, snippet: str) -> int | None:
    """The page of the first match in a text FTS5's snippet is from: the snippet's words from
    it on found in the text (the snippet's spaces are collapsed)."""
    matched = snippet[snippet.find(MARKS[0]) :] if MARKS[0] in snippet else snippet
    words = matched.replace(MARKS[0], "").replace(MARKS[1], "").strip("…").split()[:8]
    at = re.search(r"\s+".join(map(re.escape, words)), text) if words else None
    return _page_at(text, at.start()) if at else None


def _page_at(text: str, offset: int) -> int:
    """The page of a stored full text an offset is on (its pages are apart by form feeds)."""
    return text.count("\f", 0, offset) + 1


OPERATORS = {"AND", "OR", "NOT", "NEAR"}


class Term(NamedTuple):
    """A query word as a snippet looks for it: what its matches start with (lower case), and
    the stem the index gives them (None for `word*`, which matches any word so begun)."""

    start: str
    stem: str | None


_STEMS_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _tokenizer() -> sqlite3.Connection:
    """An in-memory table tokenized as the index is, and the tokens SQLite makes of a row."""
    db = sqlite3.connect(":memory:", check_same_thread=False)
    db.execute(f"CREATE VIRTUAL TABLE words USING fts5(word, tokenize='{TOKENIZE}')")
    db.execute("CREATE VIRTUAL TABLE tokens USING fts5vocab(words, 'instance')")
    return db


@lru_cache(maxsize=8192)
def index_stem(word: str) -> str | None:
    """A word's stem as the search index makes it, from SQLite's own tokenizer, so that a
    snippet marks a word only where the index matched it: "act" is no match in "activations"
    (the index reads "activ"), "sensitivity" is one in "sensitive" (both "sensit"). The stem of
    the word's first token; None where it has none ("_")."""
    with _STEMS_LOCK:
        db = _tokenizer()
        db.execute("INSERT INTO words (rowid, word) VALUES (1, ?)", [word])
        row = db.execute("SELECT term FROM tokens ORDER BY offset LIMIT 1").fetchone()
        db.execute("DELETE FROM words")
    return row[0] if row else None


def query_terms(query: str, quoted: bool = False) -> list[Term]:
    """The words of an FTS5 query (or of a `quoted` text in it, where a colon names no column)
    as snippets look for them, each once: operators and column names dropped, `word*` kept as a
    prefix, other words by their stem in the index (porter: `quantized` finds `quantization`)."""
    return list(dict.fromkeys(_query_words(query, quoted)))


def _query_words(query: str, quoted: bool = False) -> list[Term]:
    """The terms of a query's words in order, a repeated word each time (a phrase's words:
    "2.2 bit" is the phrase "2 2 bit", which the terms alone, "2" and "bit", found in "2-bit")."""
    terms: list[Term] = []
    without_columns = query if quoted else re.sub(r"(?:\{[^}]*\}|\b\w+)\s*:", " ", query)
    without_columns = _NEAR_DISTANCE.sub(")", without_columns)  # ("NEAR(a b, 5)": no word 5)
    for word in re.findall(_WORD, without_columns):
        if word in OPERATORS or word.startswith("NEAR"):
            continue
        if word.endswith("*"):
            term = Term(word[:-1].lower(), None)
        else:
            stem = index_stem(word)
            if stem is None:
                continue
            # (a stem need not begin the word: "happy" is "happi"; a word of that stem
            # begins as both do)
            term = Term(os.path.commonprefix([word.lower(), stem]) or stem, stem)
        terms.append(term)
    return terms


_WORD = re.compile(r"[^\W_]\w*\*?")
_NEAR_DISTANCE = re.compile(r"(?<=[\w\"*])\s*,\s*\d+\s*\)")


class Phrase(list[Term]):
    """A quoted phrase's terms in order, and what the query writes between them ("." in
    "2.2", whitespace as one space); None where a word of it is no term."""

    between: tuple[str, ...] | None = None


def query_phrases(query: str) -> list[list[Term]]:
    """The quoted phrases of an FTS5 query of two words or more, each as its terms in order
    (see query_terms): a snippet shows such a phrase where its words stand together, and
    rather where they stand as the query writes them ("2.2", not "||x||2 2" of a formula)."""
    phrases: list[list[Term]] = []
    for text in _QUOTED.findall(query):
        phrase = Phrase(_query_words(text, quoted=True))
        if len(phrase) < 2:
            continue
        words = list(re.finditer(_WORD, text))
        if len(words) == len(phrase):
            phrase.between = tuple(_spaced(text[a.end() : b.start()]) for a, b in pairwise(words))
        phrases.append(phrase)
    return phrases


def _spaced(separator: str) -> str:
    """A separator with its whitespace as one space (a PDF's line breaks as a query's spaces)."""
    return re.sub(r"\s+", " ", separator)


_QUOTED = re.compile(r'"([^"]*)"')


def snippet_terms(query: str) -> tuple[list[Term], list[list[Term]]]:
    """The words a snippet highlights alone, and the phrases it highlights whole: a phrase's
    words ("hessian inverse", "hessian-inverse") are matches only together, not apart."""
    phrases = query_phrases(query)
    return query_terms(_QUOTED.sub(_unless_phrase, query) if phrases else query), phrases


def _unless_phrase(quoted: re.Match[str]) -> str:
    """A quoted text kept among the words when it is one word, taken out when a phrase."""
    return " " if len(_query_words(quoted.group(1), quoted=True)) > 1 else quoted.group(0)


def _phrase_spans(
    lower: str, phrases: Sequence[list[Term]], limit: int
) -> list[tuple[int, int, int, bool]]:
    """Where each phrase's words follow one another, with nothing but separators between them
    (as FTS5 tokenizes: "Hessian-inverse" is the phrase "hessian inverse"): (start, end, n,
    whether the separators are the query's, see Phrase)."""
    spans = []
    for n, phrase in enumerate(phrases):
        first, rest = phrase[0], phrase[1:]
        between = phrase.between if isinstance(phrase, Phrase) else None
        for start, end in _positions(lower, first, limit):
            separators = []
            for term in rest:
                pos = end
                while pos < len(lower) and not lower[pos].isalnum():
                    pos += 1
                following = _positions(lower[pos : pos + 64], term, 1)
                if not following or following[0][0] != 0:
                    break
                separators.append(_spaced(lower[end:pos]))
                end = pos + following[0][1]
            else:
                spans.append((start, end, n, tuple(separators) == between))
                if len(spans) >= limit:
                    break
    return spans


def _positions(lower: str, term: Term, limit: int) -> list[tuple[int, int]]:
    """Where a word the term matches stands, found with str.find (far faster than a regex over
    50 KB), then the word's stem asked of the index's tokenizer."""
    found: list[tuple[int, int]] = []
    start = 0
    while len(found) < limit:
        i = lower.find(term.start, start)
        if i < 0:
            break
        start = i + 1
        if i > 0 and lower[i - 1].isalnum():
            continue
        end = i + len(term.start)
        while end < len(lower) and (lower[end].isalnum() or lower[end] == "_"):
            end += 1
        if term.stem is not None and index_stem(lower[i:end]) != term.stem:
            continue
        found.append((i, end))
    return found


class Window(NamedTuple):
    snippet: str  # "" where no term is found
    at: int  # where in the text its first match is (its page, for a full text)


def window_snippet(
    text: str,
    terms: list[Term],
    width: int = 200,
    per_term: int = 60,
    phrases: Sequence[list[Term]] = (),
    after: int = 0,
    marks: tuple[str, str] = HIGHLIGHT,
) -> Window:
    """The window of `width` characters holding the most distinct query terms, highlighted; a
    quoted phrase counts, and is highlighted, only where its words stand together, and is
    sought where they stand as the query writes them. Windows from `after` on are preferred
    where there are any."""
    lower = text.lower()
    if not (terms or phrases) or len(lower) != len(text):  # lengths changed: FTS5 does it
        return Window("", 0)
    # phrases first, each as one term numbered after the words; words inside them not again
    spans = _phrase_spans(lower, phrases, 10 * per_term) if phrases else []
    taken = [(start, end) for start, end, _, _ in spans]
    found = sorted(
        [(start, end, len(terms) + n, spelled) for start, end, n, spelled in spans]
        + [
            (start, end, n, False)
            for n, term in enumerate(terms)
            for start, end in _positions(lower, term, per_term)
            if not any(a <= start < b for a, b in taken)
        ]
    )
    if not found:
        return Window("", 0)
    if after and any(start >= after for start, _, _, _ in found):
        found = [item for item in found if item[0] >= after]
    wanted = len(terms) + len(phrases)
    reach = width - width // 3  # the window shown starts a third of its width before a term
    best, best_score = 0, (0, 0, 0)
    for i, (start, _, _, _) in enumerate(found):
        distinct, spelled = set(), set()
        for _start, end, n, as_written in found[i:]:
            if end > start + reach:
                break
            distinct.add(n)
            if as_written:
                spelled.add(n)
        score = (sum(n >= len(terms) for n in distinct), len(distinct), len(spelled))
        if score > best_score:
            best, best_score = i, score
            if len(distinct) == wanted and len(spelled) == len(phrases):
                break
    anchor = found[best][0]
    lo = max(0, anchor - width // 3)
    if lo > 0:
        space = text.rfind(" ", 0, lo)
        lo = space + 1 if space >= 0 and lo - space < 30 else lo
    hi = min(len(text), lo + width)
    if hi < len(text):
        space = text.find(" ", hi)
        hi = space if 0 <= space < hi + 30 else hi
    left, right = marks
    pieces, cursor = [], lo
    for start, end, _, _ in found:
        if start < cursor or end > hi:
            continue
        pieces += [text[cursor:start], left, text[start:end], right]
        cursor = end
    pieces.append(text[cursor:hi])
    prefix = "…" if lo > 0 else ""
    suffix = "…" if hi < len(text) else ""
    return Window(prefix + " ".join("".join(pieces).split()) + suffix, anchor)


def _titles(db: Database, paper_ids: list[str]) -> dict[str, str]:
    """Titles from the library, else from the note's front matter (papers not yet added)."""
    titles: dict[str, str] = {}
    for chunk, marks in in_chunks(paper_ids):  # (--limit 1000 binds 1,001)
        titles.update(db.execute(f"SELECT id, title FROM papers WHERE id IN ({marks})", chunk))
    missing = [p for p in paper_ids if p not in titles]
    for chunk, marks in in_chunks(missing):
        for paper_id, title in db.execute(
            "SELECT paper_id, json_extract(front_matter, '$.title') FROM reviews "
            f"WHERE paper_id IN ({marks}) AND deleted = 0 AND front_matter IS NOT NULL",
            chunk,
        ):
            if isinstance(title, str):
                titles.setdefault(paper_id, title)
    for key in [p for p in missing if p.startswith("note:") and p not in titles]:
        # a note that names no paper: its title, else its first heading, else its name
        row = db.execute(
            "SELECT json_extract(front_matter, '$.title'), content FROM reviews WHERE path = ?",
            [key.removeprefix("note:")],
        ).fetchone()
        if row is None:
            continue
        heading = _HEADING.search(row[1] or "")
        if isinstance(row[0], str) and row[0].strip():
            titles[key] = row[0]
        elif heading:
            titles[key] = heading.group(1).strip()
        else:
            titles[key] = PurePosixPath(key.removeprefix("note:")).stem
    return titles


_HEADING = re.compile(r"^#{1,6}[ \t]+(\S.*)$", re.MULTILINE)
