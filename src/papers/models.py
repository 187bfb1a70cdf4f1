"""Plain dataclasses shared by every layer; outside libraries are converted to these at the edge."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Any

REVIEW_STATUSES = ("to-read", "reading", "reviewed")
FACET_CATEGORIES = ("precision", "granularity", "method", "baseline", "model", "benchmark")


@dataclass
class ArxivEntry:
    """One paper's metadata as arXiv reports it (one entry of an Atom feed)."""

    arxiv_id: str  # without version: 2402.15319, hep-th/9901001
    version: int | None
    title: str
    authors: list[str]
    abstract: str
    categories: list[str]
    primary_category: str | None
    published: str | None  # ISO 8601
    updated: str | None
    doi: str | None = None
    journal_ref: str | None = None
    comment: str | None = None
    pdf_url: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ArxivEntry:
        fields: dict[str, Any] = {k: data.get(k) for k in cls.__dataclass_fields__}
        return cls(**fields)


@dataclass
class Paper:
    """A paper in the library (from arXiv, or a local PDF without an arXiv id)."""

    id: str  # arXiv id without version, or "local:<sha256 prefix>"
    title: str
    authors: list[str] = field(default_factory=list)
    version: int | None = None
    abstract: str | None = None
    categories: list[str] = field(default_factory=list)
    primary_category: str | None = None
    published: str | None = None
    updated: str | None = None
    doi: str | None = None
    journal_ref: str | None = None
    comment: str | None = None
    pdf: str | None = None  # relative to the library root
    sha256: str | None = None
    pages: int | None = None
    has_text: bool | None = None
    source: str = "arxiv"  # "arxiv", "local", or "pdf" (stamped, metadata from the PDF)
    added: str | None = None

    @property
    def year(self) -> int | None:
        """The year of the first version; before arXiv has answered (a paper added offline),
        the one its id encodes: "2306.00978" and "hep-th/9901001" were submitted in 2023 and
        1999. A local PDF's "published" is the year its first page prints, if any
        (library.printed_year)."""
        if self.published and self.published[:4].isdigit():
            return int(self.published[:4])
        return arxiv_id_year(self.id)


def arxiv_id_year(arxiv_id: str) -> int | None:
    """The year an arXiv id was assigned (YYMM.NNNNN since 2007, archive/YYMMNNN before)."""
    digits = arxiv_id.rpartition("/")[2]
    if len(digits) < 4 or not digits[:4].isdigit() or not 1 <= int(digits[2:4]) <= 12:
        return None
    yy = int(digits[:2])
    return (1900 if yy >= 91 else 2000) + yy


@dataclass
class Reference:
    """One entry of a paper's bibliography, parsed into fields."""

    n: int  # 1-based position in the printed list
    raw: str
    marker: str | None = None
    authors: list[str] = field(default_factory=list)  # surnames, in printed order
    et_al: bool = False
    title: str | None = None
    year: int | None = None
    venue: str | None = None
    arxiv: str | None = None  # printed arXiv id, without version
    doi: str | None = None
    url: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Evidence:
    page: int  # 1-based
    snippet: str


@dataclass
class Facet:
    """A quantization setting, method, baseline, model or benchmark a paper covers."""

    category: str  # precision, granularity, method, baseline, model, benchmark
    value: str  # canonical spelling: W4A16, per-group, g128, GPTQ, LLaMA-2-7B, WikiText-2
    evaluated: bool
    evidence: list[Evidence] = field(default_factory=list)
    # the pages that run it (results, tables, the paper's own setup): where two facets meet;
    # [] for one read from the paper as a whole (a family named in its title), None unknown
    pages: list[int] | None = None
    # where on those pages, finer than a page: (page, block), a block a table (its first
    # line) or a sentence of prose (its start, as a negative number), so that a page of a
    # weight-only table and a weight-activation table tells their baselines apart; None unknown
    places: list[tuple[int, int]] | None = None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        del data["places"]  # (the rules' bookkeeping: pages say where, as a reader counts)
        return data


_SPELLING_MARKS = re.compile(r"[-_\s]")


# a fractional bit width is an average over the weights: "1.58-bit" is "1.58 bits/param"
_FRACTIONAL_BITS = re.compile(r"(\d+\.\d+)bits?(?:/param(?:eter)?|perparam(?:eter)?)?")


def facet_key(value: str) -> str:
    """A facet value as compared across spellings: users and papers write "Llama2-7B",
    "llama-2 7b" and "LLaMA-2-7B", "AIME-2024" and "AIME 2024", "per group" and "per-group",
    "1.58-bit" and "1.58 bits/param"."""
    key = _SPELLING_MARKS.sub("", value).casefold()
    fractional = _FRACTIONAL_BITS.fullmatch(key)
    return f"{fractional.group(1)}bits/param" if fractional else key


# what a name may be typed with or without: "llm.int8" is LLM.int8(), "qbert" Q-BERT; not
# "+" or "#", which name other papers (OS+, QuIP#)
_NAME_MARKS = re.compile(r"[\s\-_.,:;()\[\]{}'\"’‘“”/]+")


def name_key(text: str) -> str:
    """A paper's name as compared with what a user types: case, spaces, hyphens, dots and
    brackets aside, accents composed (a name typed or a file named with them decomposed)."""
    if not text.isascii():  # (a fast test: most names are ASCII)
        text = unicodedata.normalize("NFC", text)
    return _NAME_MARKS.sub("", text).casefold()


def title_words(text: str) -> re.Pattern[str] | None:
    """What finds these words in a title, whole and in order, as papis and Zotero find a
    paper by words of its title (case, hyphens and spaces between words aside; a casefolded
    NFC title is searched), or None for too little to name a paper by ("show a", "rm Q8")."""
    words = re.findall(r"[^\W_]+", folded_title(text))
    if sum(map(len, words)) < TITLE_WORDS_CHARS:
        return None
    joined = r"[\W_]*".join(map(re.escape, words))
    # (whole words, and not the start or end of a longer name: "QuIP" is not "QuIP#", "OS"
    # not "OS+", "Split" not "Bit-Split")
    return re.compile(rf"(?<![^\W_])(?<![^\W_]-){joined}(?![^\W_]|[#+]|-[^\W_])")


TITLE_WORDS_CHARS = 4


def folded_title(title: str) -> str:
    """A title as title_words reads and searches it: NFC, casefolded (an ASCII title as it
    is, but for case: no normalizing of 100,000 reference titles that need none)."""
    return (title if title.isascii() else unicodedata.normalize("NFC", title)).casefold()


_NUMBER = re.compile(r"(\d+(?:\.\d+)?)([KMBT](?![A-Za-z]))?")
_SCALE = {"K": 1e3, "M": 1e6, "B": 1e9, "T": 1e12}


@lru_cache(maxsize=4096)  # (extraction sorts every paper's facets by it: values recur)
def value_order(value: str) -> tuple[tuple[int, str, float], ...]:
    """A facet value's place in a list: numbers by their size, a model's with its unit
    (OPT-125M, OPT-1.3B, OPT-13B; g32, g64, g128), words by their letters."""
    key: list[tuple[int, str, float]] = []
    at = 0
    for number in _NUMBER.finditer(value):
        key.append((0, value[at : number.start()].casefold(), 0.0))
        key.append((1, "", float(number.group(1)) * _SCALE.get(number.group(2) or "", 1.0)))
        at = number.end()
    key.append((0, value[at:].casefold(), 0.0))
    return tuple(key)


@dataclass
class PdfLine:
    """One text line of a PDF page with its position, for layout-aware parsing."""

    text: str
    page: int  # 0-based page index
    x0: float
    y0: float
    x1: float
    y1: float
    size: float = 0.0  # font size of the line's first span
    bold: bool = False
    column: int = 0  # 0 for the left (or only) column, 1 for the right one


# control characters but tab, line feed and carriage return (a form feed separates pages),
# and the C1 ones (U+0085 breaks lines for str.splitlines, U+009B starts a terminal sequence)
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@dataclass
class PdfDocument:
    """What the tool keeps of a PDF: text in reading order, layout of the bibliography pages."""

    pages: list[str]  # text of each page in reading order
    page_count: int
    has_text: bool
    title: str | None = None  # from the PDF's own metadata
    author: str | None = None
    arxiv_stamp: str | None = None  # id with version read from the arXiv stamp, e.g. 2210.17323v2
    # the stamp is arXiv's, up the first page's margin (not an id the page's text cites)
    stamp_in_margin: bool = False
    bib_lines: list[PdfLine] = field(default_factory=list)  # lines of the bibliography pages
    # the first page's text with its running header and footer, which `pages` leave out: the
    # venue and year a paper prints there ("Published as a conference paper at ICLR 2016")
    first_page_whole: str = ""

    @property
    def text(self) -> str:
        """The whole text; pages are separated by form feeds so page numbers can be recovered.
        Without the NUL and other control characters PyMuPDF gives for some glyphs (large
        delimiters): stored and searched text that a terminal shows, and whose length SQLite
        counts (it stops at a NUL); the pages keep them, as the extraction has read them.
        Words broken at line ends are whole (hyphens.join_broken_words): a search for a word
        the paper prints once, broken, found nothing, and its halves were words of their own."""
        from .hyphens import join_broken_words

        return join_broken_words(
            "\f".join(
                CONTROL_CHARACTERS.sub(" ", page) if CONTROL_CHARACTERS.search(page) else page
                for page in self.pages
            )
        )
