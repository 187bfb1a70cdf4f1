"""The citation graph of the library: who cites whom, what to read next, and pictures of it.

Everything here reads the database only (references, their links, the arXiv cache, review
mentions): no request is ever made, so these commands work offline. A reference stands for the
arXiv id it was resolved to, or the id printed in it: before resolution, or where arXiv did not
confirm it (see stands_for).
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import re
import shutil
import stat
import subprocess
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple
from xml.etree import ElementTree as ET

from sqlite_utils import Database

from .db import in_chunks, paper_from_row
from .errors import AmbiguousPaper, BadIdentifier, PaperNotInLibrary, PapersError
from .files import part_beside, scratch_file
from .ids import local_id_spelling, parse_arxiv_id
from .models import ArxivEntry, Paper, Reference, name_key
from .resolve import (
    ACCEPT,
    REFERENCES_TO_SQL,
    STORED_SQL,
    TIE_MARGIN,
    StoredRef,
    cached_entries,
    cited_ids,
    entry_year_range,
    graph_references,
    normalise_title,
    printed_years_agree,
    rare_word_postings,
    significant_words,
    stored_from_row,
    stored_references,
    title_numbers,
    title_similarity,
    title_tokens,
    tokens_similarity,
    unconfirmed_id,
    years_agree,
)

FORMATS = ("dot", "mermaid", "json", "graphml")
IMAGE_SUFFIXES = {".svg": "svg", ".png": "png", ".pdf": "pdf"}
TEXT_SUFFIXES = {
    ".dot": "dot",
    ".gv": "dot",
    ".mmd": "mermaid",
    ".md": "mermaid",
    ".json": "json",
    ".graphml": "graphml",
}


class GraphvizMissing(PapersError):
    """Rendering an image needs Graphviz's `dot` program, which is not installed."""

    def __init__(self) -> None:
        super().__init__(
            "rendering an image needs Graphviz's 'dot' program, which is not installed: "
            "install it (apt-get install graphviz, or brew install graphviz) or write text "
            "with --format dot|mermaid|json|graphml"
        )


# --------------------------------------------------------------------------------------------
# What the library knows


@dataclass
class Library:
    """A snapshot of the citation data, loaded once per command."""

    papers: dict[str, Paper]
    # citing paper id -> its references (from load_library, as graph_references reads them:
    # no raw text, authors or candidates)
    refs: dict[str, list[StoredRef]]

    def targets(self, paper_id: str) -> list[str]:
        """Distinct arXiv ids a paper cites, in reference order, without self-citations."""
        ids = [t for s in self.refs.get(paper_id, []) if (t := stands_for(s))]
        return [t for t in dict.fromkeys(ids) if t != paper_id]


def stands_for(item: StoredRef) -> str | None:
    """The id a reference stands for, as cited-by counts it: its link, else the id it prints,
    also where arXiv did not confirm it (`refs` shows it "ID?": before the lookup it stood for
    that id too), unless it was unlinked by hand."""
    if item.target:
        return item.target
    if item.linked and not item.manual and item.ref.arxiv:
        return item.ref.arxiv
    return None


def load_library(db: Database) -> Library:
    return Library(_all_papers(db), _by_citing(graph_references(db)))


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector paused while a command reads the whole library: it ran
    every few hundred objects made, going over the references made before (two objects each,
    a hundred thousand for a thousand papers), and took about a fifth of `next` and `graph`.
    Their objects are freed by reference counting as before; a cycle, should one be left, is
    collected when the collector runs again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _all_papers(db: Database) -> dict[str, Paper]:
    return {r["id"]: paper_from_row(r) for r in db.query("SELECT * FROM papers")}


def _paper_titles(db: Database) -> dict[str, Paper]:
    """The library's papers with what a graph and cited-by read of them (id, title, date,
    first author): around a paper, a graph reads them all, and their abstracts and authors
    took most of its time."""
    sql = "SELECT id, title, published, json_extract(authors, '$[0]') AS first FROM papers"
    return {
        row["id"]: Paper(
            id=row["id"],
            title=row["title"],
            published=row["published"],
            authors=[row["first"]] if row["first"] else [],
        )
        for row in db.query(sql)
    }


def _by_citing(items: Iterable[StoredRef]) -> dict[str, list[StoredRef]]:
    refs: dict[str, list[StoredRef]] = defaultdict(list)
    for item in items:
        refs[item.paper_id].append(item)
    return dict(refs)


def _references_to(db: Database, target: str) -> list[StoredRef]:
    """The references that stand for `target` (see REFERENCES_TO_SQL)."""
    rows = db.query(f"SELECT * FROM ({REFERENCES_TO_SQL}) ORDER BY paper_id, n", [target])
    return [stored_from_row(r) for r in rows]


def _citing_library(db: Database, target: str, papers: dict[str, Paper] | None = None) -> Library:
    """The library's papers (`papers`, when read already) with the references that can be
    about `target` alone: linked to it, printing it, or printing it where arXiv did not
    confirm it."""
    lib = Library(_all_papers(db) if papers is None else papers, {})
    _add_references(lib, _standing_for(db, target))
    return lib


def _standing_for(db: Database, target: str) -> list[StoredRef]:
    """The references that stand for `target` (see stands_for): linked to it, printing it,
    or printing it where arXiv did not confirm it."""
    return _references_to(db, target) + _printing_unconfirmed(db, target)


def _printing_unconfirmed(db: Database, target: str) -> list[StoredRef]:
    """The references that print `target` as their id where arXiv did not confirm it (no such
    paper there: a typo, or one withdrawn), not unlinked by hand: `refs` shows them as
    "ID?", so cited-by counts them too, said so ("printed id")."""
    sql = STORED_SQL + (
        " WHERE r.arxiv = ? AND l.key IS NOT NULL AND l.resolved IS NULL AND NOT l.manual"
    )
    return [stored_from_row(r) for r in db.query(sql, [target])]


def _references_titled(
    db: Database, title: str, keep: Callable[[str, int | None, str | None], bool]
) -> list[StoredRef]:
    """The references that stand for no paper and may print this title: those holding one of
    its two longest words (a title alike enough to be it holds most of its words), whose
    printed title, year and first author `keep` takes (only those are read whole: a common
    word is in thousands of titles)."""
    longest = _longest_words(title)
    if not longest:
        return []
    # (LIKE folds ASCII letters as lower() does, and reads each title in half the time; the
    # words are [0-9a-z]+, no wildcard among them)
    holds = " OR ".join("r.title LIKE ?" for _ in longest)
    sql = (
        "SELECT r.rowid, r.title, r.year, json_extract(r.authors, '$[0]') FROM refs r "
        "LEFT JOIN ref_links l "
        "ON l.paper_id = r.paper_id AND l.key = r.key WHERE r.title IS NOT NULL AND "
        f"(l.key IS NULL AND r.arxiv IS NULL OR l.key IS NOT NULL AND l.resolved IS NULL) "
        f"AND ({holds})"
    )
    kept = [
        rowid
        for rowid, printed, year, author in db.execute(sql, [f"%{w}%" for w in longest])
        if keep(printed, year, author)
    ]
    found = []
    for chunk, marks in in_chunks(kept):
        found += [
            stored_from_row(r) for r in db.query(f"{STORED_SQL} WHERE r.rowid IN ({marks})", chunk)
        ]
    return found


def _longest_words(title: str | None) -> list[str]:
    """The two longest significant words of a title (the first alphabetically of a length):
    the words a reference printing it is sought by (_references_titled)."""
    return sorted(significant_words(set(title_tokens(title))), key=lambda w: (-len(w), w))[:2]


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _holds_one(printed: str | None, words: list[str]) -> bool:
    """Does a printed title hold one of these words, as _references_titled's SQL reads it
    (ASCII letters folded, the rest as printed)?"""
    folded = (printed or "").translate(_ASCII_LOWER)
    return any(word in folded for word in words)


def _add_references(lib: Library, items: list[StoredRef]) -> None:
    """More references into a library snapshot, each once, in printed order."""
    for paper_id, more in _by_citing(items).items():
        have = lib.refs.setdefault(paper_id, [])
        keys = {item.key for item in have}
        have.extend(item for item in more if item.key not in keys)
        have.sort(key=lambda item: item.ref.n)


def _paper_key(text: str) -> str | None:
    """The library/arXiv id a user typed, or None when the text is not an id (a title)."""
    if (local := local_id_spelling(text)) is not None:  # ("LOCAL:84FD" too)
        return local
    try:
        return parse_arxiv_id(text).id
    except BadIdentifier:
        return None


def _library_key(db: Database, lib: Library, text: str) -> str:
    """The library paper an id or a name means; PaperNotInLibrary when none does."""
    key = _paper_key(text)
    if key is None or key not in lib.papers:
        # (the vocabulary's spellings last, as resolve_paper_id asks them)
        key = _one_named(db, text, spellings=True) or key
    if key is None or key not in lib.papers:
        from .library import did_you_mean

        raise PaperNotInLibrary(text, did_you_mean(db, text))
    return key


@dataclass
class Named:
    """The paper a user's text means, as cited-by and graph read it: one reading for both, so
    that they answer alike, and each alike whichever way the paper is named."""

    # its id: a library paper's, an arXiv paper's, or the one its references print where
    # arXiv did not confirm it (what `cited-by ID` and `graph ID` take it for)
    target: str | None
    # else the title its references print, with no id known for it
    title: str | None = None
    # with no target: the ids its references print, several, where arXiv confirmed none
    printed: list[str] = field(default_factory=list)
    # with no target: the papers titled so (a library paper and its twin, say): their citers
    # by id are its citers
    same_paper: set[str] = field(default_factory=set)
    by_name: bool = False  # named as the references print it before their title's colon
    lib: Library | None = None  # the whole library, where reading the text loaded it


def named_paper(db: Database, text: str) -> Named:
    """What `text` names: an id; a library paper by its name or initials ("GPTQ", "OBC"); a
    paper outside it by the name references print before their title's colon
    ("SmoothQuant"), by the vocabulary's other spelling ("OPTQ"), by its title, or by words
    of the title its references print, whole and in order ("Up or down? adaptive rounding").
    A paper its references name with no confirmed id is the id they print, if they print one:
    `cited-by SmoothQuant` is `cited-by 2211.10438` where arXiv did not confirm that id."""
    key = _paper_key(text)
    if key is None or key.startswith("local:"):  # (a name, or a local id's start)
        key = _one_named(db, text) or key
    if key is not None:
        return Named(key)
    lib = load_library(db)
    cited = _cited_name(lib, text)
    if cited.target is not None or cited.title is not None:
        return _named_cited(cited, lib, by_name=True)
    # ("OPTQ": GPTQ, asked after the references' names, as it loads the vocabulary)
    from .library import named_by_spelling

    spelt = named_by_spelling(db, text)
    if len(spelt) == 1:
        return Named(spelt[0])
    # a title: the one paper it is, else as the references print it, else words of theirs
    titled = _ids_titled(db, lib, text)
    if len(titled) == 1:
        return Named(titled.pop(), lib=lib)
    if titled:
        return Named(None, title=text, same_paper=titled, lib=lib)
    if alike := _referenced_as(lib, text):
        printed = sorted({t for item in alike if _by_title(item) and (t := stands_for(item))})
        if len(printed) == 1:
            return Named(printed[0], lib=lib)
        return Named(None, title=text, printed=printed, lib=lib)
    cited = _cited_in_words(lib, text)
    if cited.target is None and cited.title is None and not cited.printed:
        # (last, words of a library paper's title, as `show whitepaper` finds it: `graph` and
        # `cited-by whitepaper` said the library knows no such paper)
        from .library import named_in_titles

        if len(in_titles := named_in_titles(db, text)) == 1:
            return Named(in_titles[0], lib=lib)
    return _named_cited(cited, lib)


def _named_cited(cited: _Cited, lib: Library, by_name: bool = False) -> Named:
    """Named for what the references say of a paper: its id; else the one id they print where
    arXiv did not confirm it; else the title they print."""
    if cited.target is None and len(cited.printed) == 1:
        return Named(cited.printed[0], by_name=by_name, lib=lib)
    return Named(cited.target, cited.title, cited.printed, by_name=by_name, lib=lib)


def _referenced_as(lib: Library, title: str) -> list[StoredRef]:
    """The references printing a title alike to this one, as cited-by counts a citer by its
    title; sought by its longest word first (a typo is no reason to compare it with every
    reference of the library)."""
    numbers = title_numbers(title)
    word = max(re.findall(r"\w+", title.casefold()), key=len, default="")
    return [
        item
        for items in lib.refs.values()
        for item in items
        if item.ref.title
        and word in item.ref.title.casefold()
        and _titled_alike(item.ref.title, title, numbers)
    ]


def _graph_root(db: Database, lib: Library, text: str) -> str:
    """The paper a graph is drawn around, as cited-by reads its name (named_paper): a library
    paper, else an arXiv paper outside it, whose graph is the library papers that cite it or
    whose notes mention it."""
    named = named_paper(db, text)
    if named.target is not None:
        return named.target
    outside = named.same_paper - lib.papers.keys()
    if len(outside) == 1:  # (titled as a library paper and one paper outside it)
        return outside.pop()
    if named.same_paper:
        from .library import ambiguous

        raise ambiguous(text, sorted(named.same_paper))
    cite = f"'papers cited-by \"{text}\"' lists who cites it"
    if named.title is not None and named.by_name:
        if named.printed:  # (looked up, and arXiv confirmed none: no one id to draw around)
            why = (
                f"print {', '.join(named.printed)}, which arXiv did not confirm ('papers refs "
                "ID --unresolved' says why; 'papers refs link ID N ARXIV' links one by hand)"
            )
        else:
            from .resolve import papers_not_looked_up

            why = "print no arXiv id, and no lookup has found one"
            if papers_not_looked_up(db):  # (advice only while some are not looked up)
                why += " ('papers refs --all' looks them up)"
        raise PapersError(f"the references to {text} ({named.title}) {why}; {cite}")
    if named.title is not None:  # (cited by that title, with no id known: not "not in library")
        printed = f" (they print {', '.join(named.printed)})" if named.printed else ""
        raise PapersError(
            f"no arXiv id is known for the paper cited as {text} (no reference citing it "
            f"points to one{printed}), so there is no paper to draw around; {cite}"
        )
    from .library import did_you_mean

    raise PaperNotInLibrary(text, did_you_mean(db, text))


def _one_named(db: Database, text: str, spellings: bool = False) -> str | None:
    """The library paper a name means ("GPTQ", "OBC"), or a local paper's id begins with
    ("98fea004", as `show` takes it), when exactly one does; with `spellings`, also by the
    vocabulary's other spellings of a method ("OPTQ"), asked last (it loads the vocabulary)."""
    from .library import resolve_paper_id

    try:
        return resolve_paper_id(db, text, spellings=spellings, titles=False)
    except (BadIdentifier, AmbiguousPaper):
        return None


class _Cited(NamedTuple):
    """What the references say of a paper outside the library: the id they point to, else the
    title they print and the ids they print where arXiv did not confirm them."""

    target: str | None
    title: str | None
    printed: list[str]


_NOTHING_CITED = _Cited(None, None, [])


def _cited_name(lib: Library, text: str) -> _Cited:
    """The paper outside the library a name means ("SmoothQuant"), as references print it
    before their title's colon (see _one_cited); nothing when no reference names it so."""
    wanted = " ".join(text.split()).casefold()
    if not wanted or ":" in wanted or len(wanted.split()) > 4:
        return _NOTHING_CITED
    typed = name_key(text)  # ("llm.int8" names LLM.int8())
    whole = normalise_title(text)
    if any(
        normalise_title(item.ref.title) == whole for items in lib.refs.values() for item in items
    ):
        return _NOTHING_CITED  # (a title printed whole: "The LAMBADA dataset" is one)
    named = [
        item
        for items in lib.refs.values()
        for item in items
        if item.ref.title
        and ":" in item.ref.title
        and name_key(title_name(item.ref.title) or "") == typed
    ]
    return _one_cited(named, text)


def _cited_in_words(lib: Library, text: str) -> _Cited:
    """The paper whose printed title holds these words, whole and in order, as a library paper
    is found by words of its title (named_in_titles): "Up or down? adaptive rounding" is
    AdaRound, cited by that title (see _one_cited)."""
    from .models import folded_title, title_words

    pattern = title_words(text)
    if pattern is None:
        return _NOTHING_CITED
    # (its longest word looked for first: the pattern is searched in few of 100,000 titles)
    longest = max(re.findall(r"[^\W_]+", folded_title(text)), key=len)
    found = [
        item
        for items in lib.refs.values()
        for item in items
        if item.ref.title
        and longest in (folded := folded_title(item.ref.title))
        and pattern.search(folded)
    ]
    return _one_cited(found, text)


def _one_cited(items: list[StoredRef], text: str) -> _Cited:
    """The one paper these references (that `text` found) cite: its id when they point to an
    arXiv paper; else a title they print, and the ids they print where arXiv did not confirm
    them. References naming several papers so ("PIQA": a benchmark of 2020 and a database of
    2003) are an AmbiguousPaper error that lists them."""
    # one paper each: by id, else by title as `next` groups them
    papers = _TitleIndex()
    for item in items:
        if item.target:
            papers.add(item.ref.title, item.target, item.ref.year, _first(item.ref))
    found: dict[str, tuple[str, int | None]] = {}
    members: dict[str, list[StoredRef]] = defaultdict(list)
    for item in sorted(items, key=lambda item: not item.target):
        key = item.target or papers.find(item.ref.title, item.ref.year, _first(item.ref))
        if key is None:
            key = f"title:{normalise_title(item.ref.title)}"
            papers.add(item.ref.title, key, item.ref.year, _first(item.ref))
        found.setdefault(key, (item.ref.title or "", item.ref.year))
        members[key].append(item)
    if len(found) > 1:
        listed = "; ".join(f"{title} ({year})" if year else title for title, year in found.values())
        raise AmbiguousPaper(
            f"{text} names {len(found)} cited papers: {listed}; give a title or an id"
        )
    for key, (title, _) in found.items():
        if not key.startswith("title:"):
            return _Cited(key, None, [])
        printed = {t for item in members[key] if _by_title(item) and (t := stands_for(item))}
        return _Cited(None, title, sorted(printed))
    return _NOTHING_CITED


def cited_outside(db: Database, text: str) -> tuple[str | None, str | None]:
    """_cited_name over the whole library: what its references know of a paper outside it
    that a name means (`review open SmoothQuant` says so, as cited-by finds it)."""
    cited = _cited_name(load_library(db), text)
    return cited.target, cited.title


def reachable(lib: Library, start: str, depth: int | None = None) -> list[str]:
    """Library papers reachable from start through references (start first, breadth-first)."""
    seen = {start: 0}
    queue = [start]
    for paper_id in queue:
        if depth is not None and seen[paper_id] >= depth:
            continue
        for target in lib.targets(paper_id):
            if target in lib.papers and target not in seen:
                seen[target] = seen[paper_id] + 1
                queue.append(target)
    return queue


# --------------------------------------------------------------------------------------------
# cited-by


@dataclass
class Citation:
    paper_id: str
    title: str
    year: int | None
    n: int  # the reference's number in the citing paper
    # how the reference names it: "id" (it prints the id: confirmed by arXiv, or not looked
    # up yet), "printed id" (printed, not confirmed by arXiv) or "title" (it prints no id for
    # it: linked by its title, by a search or by hand, or its title alike)
    by: str


@dataclass
class CitedBy:
    target: str | None  # arXiv or library id, None when asked by title
    title: str | None
    in_library: bool
    citations: list[Citation] = field(default_factory=list)


def cited_by(db: Database, text: str, papers: dict[str, Paper] | None = None) -> CitedBy:
    """Library papers citing a paper given by id (library or not) or by title.

    A reference counts when it resolves to (or prints) the id, or, when it points to no id, when
    its title matches the paper's title (known from the library or the arXiv cache). `papers`:
    the library's papers, when the caller has read them.
    """
    named = named_paper(db, text)
    target = named.target
    # asked by id, or by a name or title meaning one: the references that can be about it,
    # not the library's every one (which took seconds on a library of thousands of papers)
    lib = (named.lib or load_library(db)) if target is None else _citing_library(db, target, papers)
    title: str | None = None
    years: tuple[int, int] | None = None
    author: str | None = None
    if target is None:
        title = named.title or text
    else:
        entry = None if target in lib.papers else cached_entries(db, [target]).get(target)
        title, years, author = _known_title(lib.papers, target, entry, lib.refs.values())
    alike = _alike_to(title)
    if target is not None and title:
        # (only those it counts by title below: the year agreeing, the title alike)
        def keep(printed: str, year: int | None, first: str | None) -> bool:
            return _year_fits(printed, year, first, title, years, author) and alike(printed)

        _add_references(lib, _references_titled(db, title, keep))
    result = CitedBy(target, title, target in lib.papers)
    # Asked by title: references resolved to a paper with that title count by id too.
    same_paper = {target} if target is not None else named.same_paper
    for paper_id, items in lib.refs.items():
        if paper_id == target:
            continue
        found = _citation_in(items, target, same_paper, title, years, alike, author=author)
        if found:  # one citation per citing paper
            n, by = found
            if by == "id" and not any(
                item.ref.n == n and item.ref.arxiv in same_paper for item in items
            ):
                by = "title"  # (linked by its title, by a search or by hand: it prints no id)
            citing = lib.papers.get(paper_id)
            result.citations.append(
                Citation(
                    paper_id,
                    citing.title if citing else paper_id,
                    citing.year if citing else None,
                    n,
                    by,
                )
            )
    # the most recent first: by the date each was published (within a year too), then by id
    published = {pid: paper.published or "" for pid, paper in lib.papers.items()}
    result.citations.sort(key=lambda c: c.paper_id)
    result.citations.sort(key=lambda c: (c.year or 0, published.get(c.paper_id, "")), reverse=True)
    return result


def _known_title(
    papers: dict[str, Paper],
    target: str,
    entry: ArxivEntry | None,
    refs: Iterable[list[StoredRef]],
) -> tuple[str | None, tuple[int, int] | None, str | None]:
    """The title (and years, and first author) a paper's citers by title are matched with, as
    cited-by reads it: the library's, else arXiv's (`entry`, from the cache), else the one
    `refs` (lists of references, among them those that stand for it) print beside its id."""
    paper = papers.get(target)
    if paper is not None:
        first = paper.authors[0] if paper.authors else None
        return paper.title, (paper.year, paper.year) if paper.year else None, first
    if entry is not None:
        return entry.title, entry_year_range(entry), entry.authors[0] if entry.authors else None
    # arXiv's title unknown here: as `papers next` does, the title of a reference that points
    # to it, so references without an id are matched by it too
    printed = _Printed()
    for items in refs:
        for item in items:
            if item.ref.title and (
                item.target == target or (item.target is None and item.ref.arxiv == target)
            ):
                printed.add(target, item.ref)
    if target not in printed:
        return None, None, None
    title, year = printed.get(target)
    return title, (year, year) if year else None, printed.author(target)


def _year_fits(
    printed: str | None,
    year: int | None,
    author: str | None,
    title: str | None,
    years: tuple[int, int] | None,
    their_author: str | None,
) -> bool:
    """Can a reference printing this title, year and first author be the paper known by
    `title`, `years` and `their_author` (_known_title)? See printed_years_agree."""
    if years is None:
        return True
    return printed_years_agree(printed, year, title, *years, authors=(author, their_author))


def _citation_in(
    items: list[StoredRef],
    target: str | None,
    same_paper: set[str],
    title: str | None,
    years: tuple[int, int] | None,
    alike: Callable[[str | None], bool],
    words: list[str] | None = None,
    author: str | None = None,
) -> tuple[int, str] | None:
    """How a paper's references cite a paper, as cited-by counts them: (the reference's
    number, "id" | "printed id" | "title"), or None. `alike` tells whether a printed title is
    its `title` (see _alike_to); with `words`, by title only a reference holding one of them
    (those _references_titled reads). `years` and `author`: the paper's, as _known_title
    gives them."""
    found: tuple[int, str] | None = None
    for item in items:
        if item.target is not None and item.target in same_paper:
            return (item.ref.n, "id")  # (a link or printed id is surer than a title: it wins)
        if (
            found is None
            and item.target is None
            and target is not None
            and item.ref.arxiv == target
            and not (item.linked and item.manual)  # (unlinked by hand: not it)
        ):
            found = (item.ref.n, "printed id")  # (one arXiv did not confirm)
            continue
        # by title only a reference nobody decided about (one unlinked by hand is not it),
        # its year agreeing as `next` groups references
        if (
            found is None
            and title
            and not item.target
            and not (item.linked and item.manual)
            and _year_fits(item.ref.title, item.ref.year, _first(item.ref), title, years, author)
            and (words is None or _holds_one(item.ref.title, words))
            and alike(item.ref.title)
        ):
            found = (item.ref.n, "title")
    return found


def _first(ref: Reference) -> str | None:
    return ref.authors[0] if ref.authors else None


def _ids_titled(db: Database, lib: Library, title: str) -> set[str]:
    """Library papers and cited arXiv papers whose title is this one (nearly): as arXiv
    gives it, else as the references that point to it print it (`next` shows that title)."""
    ids = {pid for pid, p in lib.papers.items() if title_similarity(title, p.title) >= ACCEPT}
    targets = {item.target for items in lib.refs.values() for item in items if item.target}
    entries = cached_entries(db, targets - ids)
    for arxiv_id, entry in entries.items():
        if entry is not None and title_similarity(title, entry.title) >= ACCEPT:
            ids.add(arxiv_id)
    numbers = title_numbers(title)
    for items in lib.refs.values():
        for item in items:
            target = item.target
            if (
                target
                and target not in ids
                and entries.get(target) is None
                and _titled_alike(item.ref.title, title, numbers)
            ):
                ids.add(target)
    return ids


def _alike_to(title: str | None) -> Callable[[str | None], bool]:
    """_titled_alike(printed, title, ...), each printed title compared once (many citers print
    one the same way)."""
    numbers = title_numbers(title)
    judged: dict[str | None, bool] = {}

    def alike(printed: str | None) -> bool:
        if printed not in judged:
            judged[printed] = bool(title) and _titled_alike(printed, title or "", numbers)
        return judged[printed]

    return alike


def _titled_alike(printed: str | None, title: str, numbers: set[str]) -> bool:
    """Does a printed title name the paper of `title` (whose title_numbers are `numbers`)?
    Alike at ACCEPT, and the numbers of their names the same, as `next` groups them."""
    return (
        bool(printed)
        and title_numbers(printed) == numbers
        and title_similarity(printed, title, ACCEPT) >= ACCEPT
    )


# --------------------------------------------------------------------------------------------
# next: what to read


@dataclass
class Suggestion:
    arxiv: str | None  # None for a paper known only by its printed title
    title: str | None
    year: int | None
    count: int
    cited_by: list[str]
    # whether arXiv confirmed the id (a reference linked to it), or it is only printed: not
    # looked up yet, or looked up where arXiv did not confirm it ("2303.12712?", as `refs`
    # shows it either way); None for a paper known by its printed title alone (no id)
    confirmed: bool | None = True
    # how the library uses it (see roles.py): "method", "model", "benchmark", "software",
    # or "" unknown (and when next_reading was not asked for roles)
    role: str = ""


def about(suggestions: list[Suggestion], topics: Iterable[str]) -> list[Suggestion]:
    """The suggestions whose title is about one of the topics: holds every word of it, as
    search matches a word (its stem: "quantization" is in "Quantized neural networks"; and
    `quant*` any word so begun). A reviewer's next reading without the BERT, GPT-3 and GLUE
    that every paper cites."""
    from .search import index_stem

    def stems(text: str) -> set[str]:
        return {stem for word in re.findall(r"[^\W_]+", text) if (stem := index_stem(word))}

    def holds(title: str, words: list[str], prefixes: list[str]) -> bool:
        lower = re.findall(r"[^\W_]+", title.lower())
        return set(words) <= stems(title) and all(
            any(word.startswith(prefix) for word in lower) for prefix in prefixes
        )

    wanted = []
    for topic in topics:
        prefixes = [word[:-1].lower() for word in re.findall(r"[^\W_]+\*", topic)]
        words = sorted(stems(re.sub(r"[^\W_]+\*", " ", topic)))
        if words or prefixes:
            wanted.append((words, prefixes))
    return [s for s in suggestions if s.title and any(holds(s.title, w, p) for w, p in wanted)]


@collector_paused()
def next_reading(
    db: Database, for_id: str | None = None, depth: int = 1, roles: bool = False
) -> list[Suggestion]:
    """Papers outside the library, ranked by how many library papers cite them.

    With for_id, only the papers it cites ("what should I read before reviewing this one?"),
    or with depth N those that it or a library paper it reaches in N - 1 steps cites; their
    rank is still how many library papers cite them. (The papers reachable at any depth were
    the whole library in a library of one field.) References without an arXiv id are grouped
    by title, and join an arXiv paper when their title matches its title. With `roles`,
    each says how the library uses it (see roles.py: it loads the vocabulary).
    """
    lib = load_library(db)
    chosen = None
    if for_id is not None:
        chosen = set(reachable(lib, _library_key(db, lib, for_id), depth - 1))
    citers: dict[str, set[str]] = defaultdict(set)
    citing: dict[str, list[tuple[str, int]]] = defaultdict(list)  # key -> (paper, ref number)
    linked: list[tuple[str, StoredRef]] = []  # the linked references and the ids they stand for
    # ids printed where arXiv did not confirm them (`refs` shows them "ID?", cited-by lists
    # them "by printed id"): still the id a user would add, so shown as before the lookup
    rejected: set[str] = set()
    printed = _Printed()
    untitled: list[tuple[str, StoredRef]] = []
    for paper_id in lib.papers:
        for item in lib.refs.get(paper_id, []):
            target = stands_for(item)
            if target and not item.target:
                rejected.add(target)
            if target and target != paper_id and target not in lib.papers:
                citers[target].add(paper_id)
                citing[target].append((paper_id, item.ref.n))
                printed.add(target, item.ref)
                if item.linked and item.target:
                    linked.append((target, item))
            elif not target and item.ref.title and not (item.linked and item.manual):
                untitled.append((paper_id, item))
    info = {key: printed.get(key) for key in citers}

    entries = cached_entries(db, list(citers))
    # ids a linked reference stands for that arXiv confirmed (the others only printed, or
    # linked by hand to an id arXiv has no paper for: `refs` shows both "ID?")
    confirmed = {target for target, item in linked if unconfirmed_id(item, entries) is None}
    authors = {key: printed.author(key) for key in citers}
    for arxiv_id, entry in entries.items():
        # (arXiv's entry for an id it did not confirm is some other paper's, or none)
        if entry is not None and (arxiv_id in confirmed or arxiv_id not in rejected):
            span = entry_year_range(entry)
            info[arxiv_id] = (entry.title, span[0] if span else info[arxiv_id][1])
            authors[arxiv_id] = entry.authors[0] if entry.authors else authors[arxiv_id]
    titles = _TitleIndex()
    for paper in lib.papers.values():
        # (a library paper: not suggested)
        titles.add(paper.title, "", paper.year, paper.authors[0] if paper.authors else None)
    for arxiv_id, (title, year) in info.items():
        titles.add(title, arxiv_id, year, authors[arxiv_id])
        # and as the references that point to it print it: a paper renamed on arXiv ("Post
        # training 4-bit quantization ..." became "ACIQ: ...") is found by its old title too
        for printed_title, printed_year in printed.seen.get(arxiv_id, ()):
            if printed_title != title:
                titles.add(printed_title, arxiv_id, printed_year or year, authors[arxiv_id])
    # one title printed alike (and its year and first author) is one paper, sought once: a
    # library's untitled references repeat the same few hundred titles, each a comparison
    # with its neighbours
    keys: dict[tuple[str, int | None, str | None], str] = {}
    norms: dict[str | None, str] = {}  # (each printed title normalised once: they repeat)
    for paper_id, item in untitled:
        norm = norms.get(item.ref.title)
        if norm is None:
            norm = norms[item.ref.title] = normalise_title(item.ref.title)
        if len(norm) < 12:
            continue
        author = _first(item.ref)
        key = keys.get((norm, item.ref.year, author))
        if key is None:
            found = titles.find(item.ref.title, item.ref.year, author)
            key = found if found is not None else f"title:{norm}"
            keys[norm, item.ref.year, author] = key
            if found is None:
                titles.add(item.ref.title, key, item.ref.year, author)
        if key == "":
            continue
        citers[key].add(paper_id)
        citing[key].append((paper_id, item.ref.n))
        if key.startswith("title:"):
            printed.add(key, item.ref)
    info.update({key: printed.get(key) for key in citers if key.startswith("title:")})

    keyed = [
        (
            key,
            Suggestion(
                None if key.startswith("title:") else key,
                info[key][0],
                info[key][1],
                len(papers),
                sorted(papers),
                None if key.startswith("title:") else key in confirmed,
            ),
        )
        for key, papers in citers.items()
        if chosen is None or papers & chosen
    ]
    keyed.sort(key=lambda k: (-k[1].count, k[1].arxiv is None, -(k[1].year or 0), k[1].arxiv or ""))
    if roles:
        from .roles import roles_of

        given = roles_of(db, [(s.title, citing[key]) for key, s in keyed])
        for (_, suggestion), role in zip(keyed, given, strict=True):
            suggestion.role = role
    return [suggestion for _, suggestion in keyed]


class _TitleIndex:
    """Titles, each with a key and a year, found again by a title printed another way: the
    same words ("network" and "networks") at title_similarity's ACCEPT, or the same letters
    ("Xnor-net" and "Xnornet"). As the library's title links, it keeps papers apart whose
    titles differ in a number ("Qwen2", "Qwen2.5"; "A100", "H100"), or whose years cannot be
    one paper's (a printed year from the year before to three after; a title printed the same
    but a generic one, or by another first author: printed_years_agree), and a title two keys
    answer about as well joins neither (TIE_MARGIN). Only titles that share enough words with
    the one sought are compared (an inverted index of their words)."""

    def __init__(self) -> None:
        self.exact: dict[str, int] = {}  # the normalised title -> its entry
        self.joined: dict[str, int] = {}  # the title without its spaces -> its entry
        # (title, key, year, tokens, words, numbers)
        self.entries: list[tuple[str, str, int | None, list[str], set[str], set[str]]] = []
        self.authors: list[str | None] = []  # (each entry's first author, where known)
        self.by_word: dict[str, list[int]] = defaultdict(list)

    def add(
        self, title: str | None, key: str, year: int | None = None, author: str | None = None
    ) -> None:
        norm = normalise_title(title)
        if not norm or norm in self.exact:
            return
        self.exact[norm] = len(self.entries)
        self.joined.setdefault(norm.replace(" ", ""), len(self.entries))
        tokens = norm.split()
        words = set(tokens)
        self.entries.append((title or "", key, year, tokens, words, title_numbers(title)))
        self.authors.append(author)
        for word in significant_words(words):
            self.by_word[word].append(len(self.entries) - 1)

    def find(
        self, title: str | None, year: int | None = None, author: str | None = None
    ) -> str | None:
        norm = normalise_title(title)
        if norm in self.exact:
            at = self.exact[norm]
            same = self.entries[at]
            agree = printed_years_agree(
                title, year, same[0], same[2], authors=(author, self.authors[at])
            )
            return same[1] if agree else None
        tokens = norm.split()
        words = set(tokens)
        numbers = title_numbers(title)
        scored: list[tuple[float, str]] = []
        for i in rare_word_postings(words, self.by_word):
            entry_title, key, entry_year, entry_tokens, entry_words, entry_numbers = self.entries[i]
            # (ACCEPT needs the words mostly the same: a cheap look before a comparison)
            common = len(words & entry_words)
            if 2 * common < 0.7 * (len(words) + len(entry_words)) or numbers != entry_numbers:
                continue
            if not years_agree(year, entry_year):
                continue
            score = tokens_similarity(title, tokens, entry_title, entry_tokens, ACCEPT)
            if score >= ACCEPT:
                scored.append((score, key))
        scored.sort(reverse=True)
        if not scored:
            # the same letters, spaced another way ("Xnornet"), when no title is like it
            joined = self.joined.get(norm.replace(" ", ""))
            if joined is None or not years_agree(year, self.entries[joined][2]):
                return None
            return self.entries[joined][1]
        best_score, best = scored[0]
        rivals = [score for score, key in scored[1:] if key != best]
        return best if not rivals or best_score - rivals[0] >= TIE_MARGIN else None


class _Printed:
    """The titles references print for each paper (key), and the one to show: the spelling
    most citers print, as compared (a title garbled by one citer's bibliography, authors and
    all, is outvoted), and of its ways with capitals the one that keeps most: a style that
    lowercases ("Opt: Open pre-trained transformer language models") loses the capitals an
    author wrote (OPT), and none adds capitals that were not there."""

    def __init__(self) -> None:
        self.seen: dict[str, list[tuple[str, int | None]]] = defaultdict(list)
        self.years: dict[str, int | None] = {}
        self.authors: dict[str, str] = {}  # (the first author the first reference names)

    def add(self, key: str, ref: Reference) -> None:
        self.years.setdefault(key, ref.year)  # (a key is known, titled or not)
        if ref.title:
            self.seen[key].append((ref.title, ref.year))
        if ref.authors:
            self.authors.setdefault(key, ref.authors[0])

    def author(self, key: str) -> str | None:
        return self.authors.get(key)

    def __contains__(self, key: str) -> bool:
        return key in self.years

    def get(self, key: str) -> tuple[str | None, int | None]:
        spellings = self.seen.get(key)
        if not spellings:
            return None, self.years.get(key)
        if len(spellings) == 1:
            return spellings[0]
        # (each spelling once: a paper cited by a thousand prints a few)
        printed = Counter(title for title, _ in spellings)
        forms = {title: normalise_title(title) for title in printed}
        votes: Counter[str] = Counter()
        for title, count in printed.items():
            votes[forms[title]] += count
        most = max(votes.values())
        capitals = {title: _capitals(title) for title in printed if votes[forms[title]] == most}
        return max((s for s in spellings if s[0] in capitals), key=lambda s: capitals[s[0]])


def _capitals(text: str) -> tuple[bool, int]:
    """How well a title keeps its capitals: a style that prints all in capitals keeps none
    ("LLM.INT8(): 8-BIT ..."), then the more capitals the better."""
    return (not text.isupper(), sum(c.isupper() for c in text))


# --------------------------------------------------------------------------------------------
# The graph


@dataclass
class Node:
    id: str
    title: str | None
    year: int | None
    library: bool
    # whether arXiv confirmed its id: a library paper, or a reference standing for it whose id
    # arXiv confirmed; False where none did (`refs` shows them "ID?": not looked up yet, no
    # such paper, linked by hand --offline); None where no reference stands for it (drawn for
    # a review note's mention alone)
    confirmed: bool | None = True

    @property
    def label(self) -> str:
        """The node's name in a drawing, marked " (?)" where `refs` marks an id arXiv has not
        confirmed "ID?": a drawing never shows one as fact (apart, since a title may end in
        "?" itself: "Back to simplicity?")."""
        return short_title(self.title or self.id) + (" (?)" if self.confirmed is False else "")

    @property
    def url(self) -> str | None:
        return None if self.id.startswith("local:") else f"https://arxiv.org/abs/{self.id}"


@dataclass
class Edge:
    source: str
    target: str
    kind: str  # cites, mentions


@dataclass
class Graph:
    nodes: dict[str, Node] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)
    # for each paper whose references were followed (around a paper), or each library paper
    # (the whole library), how many of them name no paper drawn (no arXiv id, none known for
    # their title: a dataset, software, a book), and how many it has; said on stderr, as a
    # drawing has no place for them
    undrawn: dict[str, tuple[int, int]] = field(default_factory=dict)
    # around a paper outside the library known only by the id its references print, where
    # arXiv did not confirm it (`refs` shows it "ID?"): that id
    unconfirmed: str | None = None


def title_name(title: str) -> str | None:
    """The name a title gives its method before a colon ("GPTQ"), if it gives one."""
    title = " ".join(title.split())
    if ": " in title:  # "GPTQ: Accurate ..." but not "N:M sparsity"
        head = title.split(": ", 1)[0].strip()
        if head and len(head.split()) <= 4 and len(head) <= 30:
            return head
    return None


def short_title(title: str, width: int = 40) -> str:
    """A node label: the acronym before a colon ("GPTQ"), else the title cut at a word."""
    title = " ".join(title.split())
    name = title_name(title)
    if name:
        return name
    if len(title) <= width:
        return title
    cut = title[: width - 1].rsplit(" ", 1)[0]
    return cut + "…"


@collector_paused()
def build_graph(db: Database, root_id: str | None = None, depth: int = 1) -> Graph:
    """The citation graph: of the whole library (library papers and what they cite), or from
    root_id outward for `depth` steps (only library papers have known references), with the
    library papers that cite root_id. A root outside the library has those alone. Either way
    a paper cites what its references stand for and the papers they name by title alone, as
    cited-by counts them (_TitledTargets).

    Edges from a review note's paper to the papers the note mentions are kept as "mentions".
    """
    # around a paper: the references of the papers it reaches, read as they are reached, and
    # those that cite it (by index), not the library's every one
    lib = load_library(db) if root_id is None else Library(_paper_titles(db), {})
    graph = Graph()
    # around a paper, the root and those whose references were followed (closer than
    # `depth`): their notes' mentions may add papers, as their references did; the others'
    # only link papers drawn
    expanded: set[str] = set()
    noted: list[tuple[str, str]] = []  # (a note's paper, a paper it mentions), every note
    ref_titles = _Printed()
    titled_targets: _TitledTargets | None = None  # (read once, for the first paper needing it)

    def add_edge(source: str, target: str, kind: str) -> None:
        graph.edges.append(Edge(source, target, kind))

    def cited(paper_id: str, everything: bool) -> list[str]:
        """What a paper's references cite, in reference order: the ids they stand for, then
        the papers they name by title alone, as cited-by finds them (said in ref_titles, and
        the references naming no paper counted in graph.undrawn). `everything`: `lib` holds
        every reference of the library, so those that stand for a paper named by title are
        read there (around a paper, they are read by index)."""
        nonlocal titled_targets
        items = lib.refs.get(paper_id, [])
        left_out: list[StoredRef] = []
        by_title = False
        for item in items:
            if (target := stands_for(item)) is None:
                left_out.append(item)
            elif target != paper_id:
                ref_titles.add(target, item.ref)
            by_title = by_title or _by_title(item)
        titled: list[tuple[str, StoredRef]] = []
        if by_title:
            if titled_targets is None:
                titled_targets = _TitledTargets(db, lib.papers)
            titled = titled_targets.cited_by(paper_id, items)
            named = {item.ref.n for _, item in titled}
            left_out = [item for item in left_out if item.ref.n not in named]
        graph.undrawn[paper_id] = (len(left_out), len(items))
        for target, item in titled:
            if not everything and target not in ref_titles and target not in lib.papers:
                # (named as those with its id print it too)
                for other in _standing_for(db, target):
                    ref_titles.add(target, other.ref)
            ref_titles.add(target, item.ref)
        return lib.targets(paper_id) + [t for t, _ in titled]

    if root_id is None:
        frontier = sorted(lib.papers)
        for paper_id in frontier:
            graph.nodes[paper_id] = Node(paper_id, None, None, True)
        for paper_id in frontier:
            for target in cited(paper_id, everything=True):
                graph.nodes.setdefault(target, Node(target, None, None, target in lib.papers))
                add_edge(paper_id, target, "cites")
    else:
        key = _graph_root(db, lib, root_id)
        graph.nodes[key] = Node(key, None, None, key in lib.papers)
        expanded.add(key)  # (also outside the library: a note of its own links its papers)
        frontier = [key] if key in lib.papers else []
        for _ in range(depth):
            following: list[str] = []
            for paper_id in frontier:
                expanded.add(paper_id)
                if paper_id not in lib.refs:
                    lib.refs[paper_id] = stored_references(db, paper_id)
                for target in cited(paper_id, everything=False):
                    if target not in graph.nodes:
                        graph.nodes[target] = Node(target, None, None, target in lib.papers)
                        following.append(target)
                    add_edge(paper_id, target, "cites")
            frontier = [p for p in following if p in lib.papers]

    members = set(graph.nodes)  # (the mentions of their notes; not of notes drawn below)
    for row in db.query(
        "SELECT DISTINCT r.paper_id, m.arxiv_id FROM mentions m "
        "JOIN reviews r ON r.path = m.review_path "
        "WHERE r.deleted = 0 AND r.paper_id IS NOT NULL"
    ):
        source, target = row["paper_id"], row["arxiv_id"]
        if source == target:
            continue
        noted.append((source, target))
        if root_id is not None and source not in expanded and target != key:
            continue  # (a paper at the edge of the graph: its notes add no paper; see below)
        if source in members or (root_id is not None and target == key):
            # (around a paper, also the notes that mention it, as cited-by lists them)
            graph.nodes.setdefault(source, Node(source, None, None, source in lib.papers))
            graph.nodes.setdefault(target, Node(target, None, None, target in lib.papers))
            add_edge(source, target, "mentions")

    if root_id is not None:
        # the citations among the papers reached, whatever their distance: around OmniQuant,
        # which cites AWQ and GPTQ, that AWQ cites GPTQ (not among its citers: thousands of
        # papers cite GPTQ, whose citations of one another would be the whole library)
        reached = set(graph.nodes)
        # (those whose references were followed have all their citations drawn already)
        sources = [node for node in reached if node in lib.papers and node not in expanded]
        for paper_id, targets in cited_ids(db, sources).items():
            for target in dict.fromkeys(targets):
                if target in reached and target != paper_id:
                    add_edge(paper_id, target, "cites")  # (one drawn already is dropped below)
        # and the library papers that cite it: "around" a paper is both ways (after the
        # review mentions, which are those of the root and the papers it reaches)
        if key not in lib.papers:  # (a paper outside the library is named as they print it)
            linked = False
            for item in _references_to(db, key):
                ref_titles.add(key, item.ref)
                linked = linked or item.linked
            if not linked and _printing_unconfirmed(db, key):
                graph.unconfirmed = key
        # as cited-by lists them: by id, by an id printed where arXiv did not confirm it, by
        # a title printed with no id (as cited-by and next count them)
        citing = {c.paper_id for c in cited_by(db, key, lib.papers).citations}
        for paper_id in sorted(citing & lib.papers.keys()):
            if paper_id != key:
                graph.nodes.setdefault(paper_id, Node(paper_id, None, None, True))
                add_edge(paper_id, key, "cites")  # (an edge drawn already is dropped below)

        if len(graph.nodes) == 1 and key not in lib.papers:
            raise PapersError(
                f"{root_id} is not in the library, and no library paper cites it or mentions it "
                "in a review note"
            )
        # and what the notes of the papers drawn say of one another (a citer's note too)
        for source, target in noted:
            if source in graph.nodes and target in graph.nodes:
                add_edge(source, target, "mentions")

    _mark_unconfirmed(db, graph, lib, everything=root_id is None)
    _fill_nodes(db, graph, lib, ref_titles)
    seen: set[tuple[str, str, str]] = set()
    unique = []
    for edge in graph.edges:
        mark = (edge.source, edge.target, edge.kind)
        if mark not in seen:
            seen.add(mark)
            unique.append(edge)
    graph.edges = unique
    return graph


def _by_title(item: StoredRef) -> bool:
    """Can cited-by count this reference by its title: one standing for no paper (printing no
    id, or one arXiv did not confirm), not unlinked by hand?"""
    return item.target is None and bool(item.ref.title) and not (item.linked and item.manual)


def _words(title: str) -> list[str]:
    """title_tokens, quicker for an ASCII title (most are): a graph reads thousands."""
    if title.isascii():
        return re.findall(r"[0-9a-z]+", title.lower().replace("'", ""))
    return title_tokens(title)


class _Known(NamedTuple):
    """A paper's title as cited-by reads it (_known_title), and what it compares of it."""

    title: str | None
    years: tuple[int, int] | None
    words: list[str]  # _longest_words
    alike: Callable[[str | None], bool]  # _alike_to
    author: str | None  # its first author, where known


class _TitledTargets:
    """The papers a reference with no id may name, as cited-by would list its citer: the
    library's papers by their titles, and the ids the references stand for outside it, by the
    titles those print (cited-by then reads arXiv's title where cached). Read once per graph;
    only titles alike enough to be one (most of the words shared, or one title the part of
    the other before or after its colon) are compared as cited-by compares them."""

    def __init__(self, db: Database, papers: dict[str, Paper]) -> None:
        self.db = db
        self.papers = papers
        # (target, its title's words, how many, whether it has a colon, how many of its words
        # are significant): each title read once
        self.entries: list[tuple[str, set[str], int, bool, int]] = []
        self.by_word: dict[str, list[int]] = defaultdict(list)  # (a word -> the entries with it)
        self.alike_to: dict[str, frozenset[str]] = {}  # (a title -> _alike_one of it)
        for paper_id, paper in papers.items():
            self._add(paper_id, paper.title)
        # (by indexes: a library whose references all point to its papers reads none here)
        linked = [
            target
            for (target,) in db.execute(
                "SELECT DISTINCT resolved FROM ref_links WHERE resolved > ''"
            )
            if target not in papers
        ]
        for chunk, marks in in_chunks(linked):
            for target, title in db.execute(
                "SELECT DISTINCT l.resolved, r.title FROM ref_links l JOIN refs r "
                "ON r.paper_id = l.paper_id AND r.key = l.key "
                f"WHERE l.resolved IN ({marks}) AND r.title IS NOT NULL",
                chunk,
            ):
                self._add(target, title)
        for target, title in db.execute(
            "SELECT DISTINCT r.arxiv, r.title FROM refs r LEFT JOIN ref_links l "
            "ON l.paper_id = r.paper_id AND l.key = r.key WHERE r.arxiv > '' "
            "AND (l.key IS NULL OR l.resolved IS NULL AND NOT l.manual) "
            "AND r.arxiv NOT IN (SELECT id FROM papers) AND r.title IS NOT NULL"
        ):
            self._add(target, title)
        self.known: dict[str, _Known] = {}  # (a target -> its title, as cited-by reads it)
        # (see _named_by)
        self.named: dict[tuple[str, int | None, str | None], list[str]] = {}

    def _add(self, target: str, title: str | None) -> None:
        if title:
            tokens = _words(title)
            words = set(tokens)
            significant = significant_words(words)
            for word in significant:
                self.by_word[word].append(len(self.entries))
            self.entries.append((target, words, len(tokens), ":" in title, len(significant)))

    def _alike(self, titles: list[str]) -> set[str]:
        """The targets of the titles that may be alike enough to one of these for cited-by
        (title_similarity at ACCEPT): the dice of their words at least 0.76 (a word printed
        twice counted as if shared), or one title the part of the other before or after its
        colon (its words all the other's, three or more). Each title is sought once (the
        library's references print the same titles again and again)."""
        found: set[str] = set()
        for title in titles:
            if title not in self.alike_to:
                self.alike_to[title] = self._alike_one(title)
            found |= self.alike_to[title]
        return found

    def _alike_one(self, title: str) -> frozenset[str]:
        """_alike of one title: the targets of the titles sharing one of its significant
        words (an index of them), compared; those whose shared words (counted in the index)
        cannot make them alike are not (most share a word such as "quantization")."""
        tokens = _words(title)
        words, count, colon = set(tokens), len(tokens), ":" in title
        significant = significant_words(words)
        rest = len(words) - len(significant)  # (at most these more shared: "a", "of" ...)
        sharing: Counter[int] = Counter()
        for word in significant:
            sharing.update(self.by_word.get(word, ()))
        found = set()
        for i, shared in sharing.items():
            target, theirs, their_count, their_colon, their_significant = self.entries[i]
            if target in found:
                continue
            if not (
                2 * (shared + rest + count - len(words)) >= 0.75 * (count + their_count)
                or (shared == len(significant) and count >= 3 and their_colon and not colon)
                or (shared == their_significant and their_count >= 3 and colon)
            ):
                continue  # (not alike, however many of its other words it shares)
            common = len(words & theirs)
            twice = min(count - len(words), their_count - len(theirs))
            if (
                2 * (common + twice) >= 0.75 * (count + their_count)
                or (common == len(words) and count >= 3 and their_colon and not colon)
                or (common == len(theirs) and their_count >= 3 and colon and not their_colon)
            ):
                found.add(target)
        return frozenset(found)

    def _known(self, target: str) -> _Known:
        if target not in self.known:
            entry = None
            refs: list[list[StoredRef]] = []
            if target not in self.papers:
                entry = cached_entries(self.db, [target]).get(target)
                refs = [_standing_for(self.db, target)] if entry is None else []
            title, years, author = _known_title(self.papers, target, entry, refs)
            self.known[target] = _Known(
                title, years, _longest_words(title), _alike_to(title), author
            )
        return self.known[target]

    def cited_by(self, paper_id: str, items: list[StoredRef]) -> list[tuple[str, StoredRef]]:
        """The papers that cited-by lists `paper_id` (whose references are `items`) a citer
        of by the title of a reference, each with that reference: around OmniQuant, AdaRound,
        whose title BRECQ prints with its id. Each title printed (and its year) is compared
        once a graph: the whole library's references print the same titles again and again."""
        titled = []
        naming: dict[str, list[int]] = {}  # (a paper -> where the references naming it are)
        for at, item in enumerate(items):
            if _by_title(item):
                titled.append(item)
                named_by = self._named_by(item.ref.title or "", item.ref.year, _first(item.ref))
                for target in named_by:
                    naming.setdefault(target, []).append(at)
        if not naming:
            return []
        # (a reference standing for one of them, or printing its id, may be found first)
        standing: dict[str, list[int]] = defaultdict(list)
        for at, item in enumerate(items):
            stands = item.target or item.ref.arxiv
            if stands is not None and stands in naming:
                standing[stands].append(at)
        found = []
        for target in sorted(naming.keys() - {paper_id}):
            if target not in standing:  # (_citation_in finds the first naming it by title)
                found.append((target, items[naming[target][0]]))
                continue
            title, years, words, alike, author = self._known(target)
            some = [items[at] for at in sorted({*naming[target], *standing[target]})]
            citation = _citation_in(some, target, {target}, title, years, alike, words, author)
            # (by an id it is drawn already; by one printed where arXiv did not confirm it
            # too, but the reference is also one naming it by title where the library's or
            # other papers' references give it a title like it)
            if citation is not None and (
                citation[1] == "title"
                or citation[1] == "printed id"
                and self._titled_elsewhere(target, paper_id, titled)
            ):
                found.append((target, next(i for i in some if i.ref.n == citation[0])))
        return found

    def _named_by(self, title: str, year: int | None, author: str | None) -> list[str]:
        """The papers a reference printing this title (and year and first author), and no id,
        names by its title as _citation_in reads it (of those _alike finds): each compared
        once a graph."""
        if (title, year, author) not in self.named:
            ref = Reference(n=0, raw="", title=title, year=year, authors=[author] if author else [])
            printed = StoredRef("", ref, "")
            named = []
            for target in sorted(self._alike([title])):
                known, years, words, alike, their = self._known(target)
                if known and _citation_in(
                    [printed], target, {target}, known, years, alike, words, their
                ):
                    named.append(target)
            self.named[title, year, author] = named
        return self.named[title, year, author]

    def _titled_elsewhere(self, target: str, paper_id: str, titled: list[StoredRef]) -> bool:
        """Does the library give `target` a title like one of these references', or a
        reference of another paper standing for it print one?"""
        paper = self.papers.get(target)
        if paper is not None:
            titles = [paper.title]
        else:
            titles = [
                other.ref.title
                for other in _standing_for(self.db, target)
                if other.paper_id != paper_id and other.ref.title
            ]
        wanted = [(item.ref.title or "", set(title_tokens(item.ref.title))) for item in titled]
        for title in titles:
            tokens, numbers = set(title_tokens(title)), title_numbers(title)
            if any(
                2 * len(tokens & theirs) >= 0.7 * (len(tokens) + len(theirs))
                and _titled_alike(printed, title, numbers)
                for printed, theirs in wanted
            ):
                return True
        return False


def _fill_nodes(db: Database, graph: Graph, lib: Library, ref_titles: _Printed) -> None:
    """Titles and years: the library, else the arXiv cache, else what the reference printed.
    The cache's entry for an id no reference could confirm (_mark_unconfirmed) is another
    paper's, where the references print one: their title is the node's (as `next` has it)."""
    outside = [n for n in graph.nodes if n not in lib.papers]
    entries = cached_entries(db, outside)
    for node_id in outside:
        if entries.get(node_id) is None and node_id not in ref_titles:
            # (drawn for a review note's mention alone: as the library's references print it)
            for item in _standing_for(db, node_id):
                ref_titles.add(node_id, item.ref)
    for node in graph.nodes.values():
        paper = lib.papers.get(node.id)
        if paper is not None:
            node.title, node.year = paper.title, paper.year
            continue
        entry = entries.get(node.id)
        if node.confirmed is False and node.id in ref_titles:
            entry = None  # (arXiv's paper of that id, which the references do not mean)
        if entry is not None:
            span = entry_year_range(entry)
            node.title, node.year = entry.title, span[0] if span else None
        elif node.id in ref_titles:
            node.title, node.year = ref_titles.get(node.id)


def _mark_unconfirmed(db: Database, graph: Graph, lib: Library, everything: bool) -> None:
    """Mark each node outside the library whose id no reference standing for it has
    confirmed, across the library, as `refs` marks such a reference "ID?" (unconfirmed_id);
    one no reference stands for (a note's mention alone) as not asked. `everything`: `lib`
    holds every reference of the library (the whole graph), else each node's are read by
    index."""
    outside = [node for node in graph.nodes if node not in lib.papers]
    if not outside:
        return
    if everything:
        items: Iterable[StoredRef] = (item for items in lib.refs.values() for item in items)
    else:
        items = [item for node in outside for item in _standing_for(db, node)]
    wanted = set(outside)
    standing = [(target, item) for item in items if (target := stands_for(item)) in wanted]
    entries = cached_entries(db, {t for t, item in standing if item.manual})
    confirmed = {t for t, item in standing if unconfirmed_id(item, entries) is None}
    referenced = {t for t, _ in standing}
    for node_id in outside:
        node = graph.nodes[node_id]
        node.confirmed = node_id in confirmed if node_id in referenced else None


# --------------------------------------------------------------------------------------------
# Rendering


def _dot_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _dot_quote(text: str) -> str:
    return f'"{_dot_escape(text)}"'


def to_dot(graph: Graph) -> str:
    """Graphviz source: library papers filled blue, outside papers dashed; mentions dotted."""
    lines = [
        "digraph papers {",
        "  rankdir=LR;",
        '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=10];',
        '  edge [color="#555555"];',
    ]
    for node in graph.nodes.values():
        label = _dot_escape(node.label) + (f"\\n{node.year}" if node.year else "")
        style = (
            'fillcolor="#dbeafe", color="#1d4ed8", penwidth=1.5'
            if node.library
            else 'fillcolor="#ffffff", color="#9ca3af", style="rounded,dashed,filled"'
        )
        tooltip = _dot_quote(node.title or node.id)
        url = f", URL={_dot_quote(node.url)}" if node.url else ""
        lines.append(f'  {_dot_quote(node.id)} [label="{label}", tooltip={tooltip}, {style}{url}];')
    for edge in graph.edges:
        extra = (
            ' [style=dashed, color="#d97706", label="mentioned in review", fontsize=8]'
            if edge.kind == "mentions"
            else ""
        )
        lines.append(f"  {_dot_quote(edge.source)} -> {_dot_quote(edge.target)}{extra};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _mermaid_text(text: str) -> str:
    return text.replace('"', "#quot;").replace("<", "#lt;").replace(">", "#gt;")


def to_mermaid(graph: Graph, fenced: bool = True) -> str:
    """A Mermaid flowchart; fenced as ```mermaid so it renders when pasted into markdown."""
    names = {node_id: f"p{i}" for i, node_id in enumerate(graph.nodes)}
    lines = ["flowchart LR"]
    for node in graph.nodes.values():
        label = _mermaid_text(node.label) + (f"<br/>{node.year}" if node.year else "")
        lines.append(f'  {names[node.id]}["{label}"]')
    for edge in graph.edges:
        arrow = " -. mentioned in review .-> " if edge.kind == "mentions" else " --> "
        lines.append(f"  {names[edge.source]}{arrow}{names[edge.target]}")
    lines.append("  classDef library fill:#dbeafe,stroke:#1d4ed8,stroke-width:2px")
    lines.append("  classDef outside fill:#ffffff,stroke:#9ca3af,stroke-dasharray:4 3")
    for cls, is_library in (("library", True), ("outside", False)):
        members = [names[n.id] for n in graph.nodes.values() if n.library == is_library]
        if members:
            lines.append(f"  class {','.join(members)} {cls}")
    for node in graph.nodes.values():
        if node.url:
            lines.append(f'  click {names[node.id]} "{node.url}"')
    body = "\n".join(lines)
    return f"```mermaid\n{body}\n```\n" if fenced else body + "\n"


def graph_json(graph: Graph) -> dict[str, Any]:
    return {
        "nodes": [
            {
                "id": n.id,
                "title": n.title,
                "label": n.label,
                "year": n.year,
                "library": n.library,
                "confirmed": n.confirmed,
                "url": n.url,
            }
            for n in graph.nodes.values()
        ],
        "edges": [{"source": e.source, "target": e.target, "kind": e.kind} for e in graph.edges],
    }


def to_graphml(graph: Graph) -> str:
    """GraphML for Gephi, yEd, Cytoscape or networkx."""
    ns = "http://graphml.graphdrawing.org/xmlns"
    root = ET.Element("graphml", xmlns=ns)
    keys = [
        ("title", "node", "string"),
        ("label", "node", "string"),
        ("year", "node", "int"),
        ("library", "node", "boolean"),
        ("confirmed", "node", "boolean"),
        ("kind", "edge", "string"),
    ]
    for name, domain, kind in keys:
        attrib = {"id": name, "for": domain, "attr.name": name, "attr.type": kind}
        ET.SubElement(root, "key", attrib=attrib)
    g = ET.SubElement(root, "graph", id="papers", edgedefault="directed")
    for node in graph.nodes.values():
        el = ET.SubElement(g, "node", id=node.id)
        values = {
            "title": node.title or "",
            "label": node.label,
            "year": None if node.year is None else str(node.year),
            "library": "true" if node.library else "false",
            "confirmed": None if node.confirmed is None else str(node.confirmed).lower(),
        }
        for name, value in values.items():
            if value is not None:
                ET.SubElement(el, "data", key=name).text = value
    for i, edge in enumerate(graph.edges):
        el = ET.SubElement(g, "edge", id=f"e{i}", source=edge.source, target=edge.target)
        ET.SubElement(el, "data", key="kind").text = edge.kind
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"


def render(graph: Graph, fmt: str, *, fenced: bool = True) -> str:
    if fmt == "dot":
        return to_dot(graph)
    if fmt == "mermaid":
        return to_mermaid(graph, fenced=fenced)
    if fmt == "json":
        return json.dumps(graph_json(graph), indent=2, ensure_ascii=False) + "\n"
    if fmt == "graphml":
        return to_graphml(graph)
    raise PapersError(f"unknown graph format: {fmt} (use one of {', '.join(FORMATS)})")


def format_for_output(path: Path, fmt: str | None) -> tuple[str, str | None]:
    """(text format, image format or None) for an output file; the suffix decides the image."""
    suffix = path.suffix.lower()
    if suffix in IMAGE_SUFFIXES:
        return "dot", IMAGE_SUFFIXES[suffix]
    return fmt or TEXT_SUFFIXES.get(suffix, "dot"), None


def render_image(dot_source: str, output: Path, image_format: str) -> None:
    """Draw with Graphviz's dot into output (written whole or not at all)."""
    dot = shutil.which("dot")
    if dot is None:
        raise GraphvizMissing()

    def draw(path: Path) -> None:
        proc = subprocess.run(
            [dot, f"-T{image_format}", "-o", str(path)],
            input=dot_source.encode(),
            capture_output=True,
            timeout=300,
        )
        if proc.returncode != 0:
            message = proc.stderr.decode(errors="replace").strip().splitlines()
            raise PapersError(f"Graphviz failed: {message[-1] if message else proc.returncode}")

    try:
        _write_whole(output, draw)
    except subprocess.TimeoutExpired:
        raise PapersError("Graphviz took too long; draw a smaller graph (--depth)") from None


def write_graph(graph: Graph, output: Path, fmt: str | None) -> str:
    """Write the graph to a file: an image through Graphviz, or text; returns what was written."""
    text_format, image = format_for_output(output, fmt)
    if image:
        render_image(to_dot(graph), output, image)
        return image
    body = render(graph, text_format, fenced=output.suffix.lower() != ".mmd")
    _write_whole(output, lambda path: path.write_text(body, encoding="utf-8"))
    return text_format


def _write_whole(output: Path, write: Callable[[Path], object]) -> None:
    """Write a drawing whole or not at all: to a temporary file of its own beside the file a
    path names (through symlinks), renamed over it with the old file's mode; an interrupted
    write never leaves half a drawing in place of the previous one. What is no regular file
    (/dev/stdout, a pipe) is written directly."""
    try:
        if output.exists() and not output.is_file():
            write(output)
            return
        target = output.resolve()
        with scratch_file(part_beside(target)) as tmp:
            write(tmp)
            if target.exists():
                os.chmod(tmp, stat.S_IMODE(target.stat().st_mode))
            tmp.replace(target)
    except OSError as exc:
        raise PapersError(f"cannot write {output}: {exc.strerror}") from None
