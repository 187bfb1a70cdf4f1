"""How the library uses a paper it cites: a method (a baseline too), or a model, benchmark or
software the library's papers run. `papers next` leaves the last three out unless asked: a
reviewer asking what to read next wants the ideas the field builds on, not GPT-3, GLUE and
PyTorch, which every paper cites.

A role is read from what the lens knows, nothing listed here: the vocabulary's names
(quant_vocab.toml, with a library's additions) in a cited paper's title before its colon
("OPT: Open pre-trained ...", "GLUE: A multi-task benchmark ..."), or the data file's
[[software]] and [[titled]] tables for papers whose title names no value ("Language models
are few-shot learners" is GPT-3's); else the names the citing papers' facet evidence prints
right before a citation of it ("WikiText-2 [33]", "BERT-base (Devlin et al., 2019)").
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING

from sqlite_utils import Database

from .db import in_chunks, library_root
from .models import facet_key, name_key

if TYPE_CHECKING:
    from .quant import Vocabulary

ROLES = ("method", "model", "benchmark", "software")
# what `next` shows unless asked: the methods, and the papers whose role is unknown
READING = frozenset({"method", ""})
# a vocabulary category -> the role of a paper named by one of its values
_ROLE_OF = {"baseline": "method", "method": "method", "model": "model", "benchmark": "benchmark"}

# what a title's name may carry around the vocabulary's: "The LAMBADA dataset"
_AROUND_NAME = re.compile(r"^(?:the\s+)?|\s+(?:dataset|datasets|benchmark|corpus)$", re.I)
_REPORT = re.compile(r"\s+technical\s+report$", re.I)  # "GPT-4 Technical Report"

# a citation right after a name: "[33]", "[4, 7-9]", "[BMR+20]", "(Devlin et al., 2019)",
# "(2016)" after "Rajpurkar et al."
_CITATION = re.compile(
    r"\[(?P<marks>[^\[\]]{1,40})\]|\((?P<inside>[^()]{0,80}?(?:19|20)\d\d[a-z]?)\)"
)
_AUTHOR_YEAR = re.compile(r"(?P<author>[^\W\d_][\w'’-]*)[^;]*?(?P<year>(?:19|20)\d\d)")
_YEAR_ALONE = re.compile(r"\s*(?P<year>(?:19|20)\d\d)[a-z]?\s*")
# the authors before "(2016)": "Rajpurkar et al.", "Kim and Lee"
_AUTHORS_BEFORE = re.compile(
    r"(?P<author>[^\W\d_][\w'’-]*)(?:\s+et\s+al\.?|\s+(?:and|&)\s+[^\W\d_][\w'’-]*)?\s*$"
)
_RANGE = re.compile(r"(\d{1,4})\s*[-–]\s*(\d{1,4})")
NAME_WORDS = 4  # the words before a citation a value may take ("Llama 2 70B [41]")
NAME_REACH = 60  # the characters before a citation the vocabulary reads for a name
_PUNCTUATION = re.compile(r"^[^\w]+|[^\w+#]+$")  # around a name: "(LLaMA", "C4,"


def title_role(title: str | None, vocab: Vocabulary, titled: dict[str, str]) -> str:
    """The role a title gives its paper by the name it opens with (before its colon, or
    before "Technical Report"): the data file's role for the title or that name (titled_roles:
    software, "Attention is all you need" a model), else the role of the one vocabulary value
    the name is ("BERT", "GLUE", "SmoothQuant"); "" for none.
    """
    from .graph import title_name
    from .quant import scan_text

    if not title:
        return ""
    name = title_name(title) or (_REPORT.split(title)[0] if _REPORT.search(title) else None)
    given = titled.get(name_key(title)) or (titled.get(name_key(name)) if name else None)
    if given:
        return given
    if not name:
        return ""
    core = _AROUND_NAME.sub("", name.strip())
    found = {
        _ROLE_OF[hit.category]
        for hit in scan_text(core, vocab)
        if hit.category in _ROLE_OF and hit.start == 0 and hit.end == len(core)
    }
    # (a name the vocabulary has both ways, "BitNet" a model and a method: a method to read)
    return "method" if "method" in found else min(found, key=ROLES.index, default="")


def family_role(title: str | None, vocab: Vocabulary) -> str:
    """ "model" when a title's name is a model family's in other capitals than the
    vocabulary's patterns take ("Bloom: A 176b-parameter ...", "Opt: Open ..."): weaker than
    the citing papers' word (see roles), which it only completes."""
    from .graph import title_name

    name = title_name(title or "")
    if name is None:
        return ""
    return "model" if facet_key(_AROUND_NAME.sub("", name.strip())) in vocab.families else ""


def cited_roles(db: Database, vocab: Vocabulary) -> dict[tuple[str, int], set[str]]:
    """The roles the citing papers' facets give their references: (citing paper, reference
    number) -> roles, where a facet's evidence prints a name right before a citation: the
    facet's own value (a model, a benchmark, a method or baseline: "WikiText2 [33]" for
    WikiText-2), or another value the vocabulary reads there ("the CommonCrawl subset of The
    Pile (Gao et al., 2020)", Pile-CC, a benchmark)."""
    from .quant import scan_text

    named: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    sql = (
        "SELECT paper_id, category, value, evidence FROM facets WHERE category IN "
        "('model', 'benchmark', 'baseline', 'method') "
        "AND (evidence LIKE '%[%' OR evidence LIKE '%(%')"
    )
    # each citation of a snippet (one sentence is the evidence of several facets) -> its
    # marks and the text before them; those a facet's value names need no scan
    unnamed: dict[tuple[str, str, int], tuple[tuple[str, ...], str]] = {}
    named_at: set[tuple[str, str, int]] = set()
    for paper_id, category, value, evidence in db.execute(sql):
        key = facet_key(value)
        for item in json.loads(evidence or "[]"):
            snippet = item.get("snippet") or ""
            for citation in _CITATION.finditer(snippet):
                marks = _marks(citation, snippet[: citation.start()].rstrip())
                if marks is None:
                    continue
                at = (paper_id, snippet, citation.start())
                if _ends_with_value(marks[1], key):
                    named.setdefault(paper_id, []).append((marks[0], _ROLE_OF[category]))
                    named_at.add(at)
                else:
                    unnamed[at] = marks
    for at, (cited, before) in unnamed.items():
        if at in named_at:
            continue
        paper_id = at[0]
        window = before[-NAME_REACH:]
        if len(before) > NAME_REACH and " " in window:
            window = window.split(" ", 1)[1]  # (from a word's start)
        named.setdefault(paper_id, []).extend(
            (cited, _ROLE_OF[hit.category])
            for hit in scan_text(window, vocab)
            if hit.category in _ROLE_OF and hit.end == len(window)
        )
    return _to_references(db, named)


def _ends_with_value(text: str, key: str) -> bool:
    """Whether a text ends with a facet value (by its facet_key), as a paper writes it: its
    last words, or the value's name without its number or size ("WikiText [33]" for
    WikiText-2, "OPT [64]" for OPT-13B)."""
    words = text.split()[-NAME_WORDS:]
    for k in range(1, len(words) + 1):
        written = facet_key(_PUNCTUATION.sub("", "".join(words[-k:])))
        if written and (
            written == key or (key.startswith(written) and key[len(written)].isdigit())
        ):
            return True
    return False


def _marks(citation: re.Match[str], before: str) -> tuple[tuple[str, ...], str] | None:
    """A citation's marks, as _to_references reads them ("#12", "[BMR+20]", "@devlin:2019"),
    and the text before it that names what it cites (before "Rajpurkar et al." in "Rajpurkar
    et al. (2016)"); None when it cites nothing ("(see Table 2)")."""
    if citation.group("marks") is not None:
        cited: list[str] = []
        for part in re.split(r"[,;]", citation.group("marks")):
            part = part.strip()
            if (span := _RANGE.fullmatch(part)) is not None:
                first, last = int(span.group(1)), int(span.group(2))
                if first <= last <= first + 20:
                    cited += [f"#{n}" for n in range(first, last + 1)]
            elif part.isdigit():
                cited.append(f"#{int(part)}")
            elif part and " " not in part:
                cited.append(f"[{part}]")
        return (tuple(cited), before) if cited else None
    inside = citation.group("inside")
    if (alone := _YEAR_ALONE.fullmatch(inside)) is not None:
        authors = _AUTHORS_BEFORE.search(before)
        if authors is None:
            return None
        year = alone.group("year")
        return (f"@{name_key(authors.group('author'))}:{year}",), before[: authors.start()].rstrip()
    found = tuple(
        f"@{name_key(m.group('author'))}:{m.group('year')}"
        for part in inside.split(";")
        if (m := _AUTHOR_YEAR.search(part)) is not None
    )
    return (found, before) if found else None


def _to_references(
    db: Database, named: dict[str, list[tuple[tuple[str, ...], str]]]
) -> dict[tuple[str, int], set[str]]:
    """The references the marks name: "#12" the one whose marker is that number, "[BMR+20]"
    the one with that marker, "@devlin:2019" the one whose first author and year they are
    (none when two are)."""
    roles: dict[tuple[str, int], set[str]] = {}
    for chunk, marks in in_chunks(list(named)):
        by_mark: dict[str, dict[str, list[int]]] = {}
        for paper_id, n, marker, authors, year in db.execute(
            f"SELECT paper_id, n, marker, authors, year FROM refs WHERE paper_id IN ({marks})",
            chunk,
        ):
            keys = by_mark.setdefault(paper_id, {})
            if marker:
                digits = re.sub(r"\D", "", marker)
                key = f"#{int(digits)}" if digits and not re.search(r"[A-Za-z]", marker) else marker
                keys.setdefault(key, []).append(n)
            first = json.loads(authors or "[]")[:1]
            if first and year:
                keys.setdefault(f"@{name_key(first[0])}:{year}", []).append(n)
        for paper_id in chunk:
            keys = by_mark.get(paper_id, {})
            for cited, role in named[paper_id]:
                for mark in cited:
                    found = keys.get(mark, [])
                    if len(found) == 1:  # (two references of one first author and year: neither)
                        roles.setdefault((paper_id, found[0]), set()).add(role)
    return roles


def roles_of(
    db: Database, suggestions: Iterable[tuple[str | None, list[tuple[str, int]]]]
) -> list[str]:
    """The role of each cited paper, given as its title and the references citing it
    ((citing paper, reference number)): its title's name, else what most of its citers'
    evidence calls it (a method when a method is among the most), else a model family its
    title names in other capitals; "" when nothing tells."""
    from .library import titled_roles, vocabulary_extension
    from .quant import library_vocabulary

    items = list(suggestions)
    if not items:
        return []
    vocab = library_vocabulary(vocabulary_extension(library_root(db)))
    titled = titled_roles()
    cited = cited_roles(db, vocab)
    found = []
    for title, references in items:
        role = title_role(title, vocab, titled)
        if not role:
            votes: Counter[str] = Counter()
            for reference in references:
                votes.update(cited.get(reference, ()))
            if votes:
                most = max(votes.values())
                best = [r for r in ROLES if votes[r] == most]
                role = "method" if "method" in best else best[0]
        found.append(role or family_role(title, vocab))
    return found
