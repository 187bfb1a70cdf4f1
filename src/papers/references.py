"""Bibliography section -> entries: pure functions over layout lines (no PDF library here).

`pdf.py` hands over the text lines of the pages that hold the bibliography, with positions;
this module finds where the list starts and ends, drops running headers, footers and line
numbers, splits the list into entries (numbered markers, or hanging indents and vertical gaps
for author-year styles), and rebuilds each entry's text as it was printed. Field parsing is
`refparse.parse_reference`.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass, field

from .glyphs import repair_text
from .hyphens import SEARCHED_WORDS, TextVocabulary, keep_hyphen, last_word
from .models import PdfDocument, PdfLine, Reference
from .refparse import folded

# --------------------------------------------------------------------------- section bounds

HEADING_RE = re.compile(
    r"^\s*(?:(?:\d{1,2}|[IVX]{1,4}|[A-Z])\s*[.:]?\s+)?"
    r"(?:references?(?:\s+and\s+notes)?|bibliography|literature\s+cited|works\s+cited)"
    r"\s*[.:]?\s*$",
    re.IGNORECASE,
)
# What starts after the list: appendices, supplementary material, checklists.
AFTER_RE = re.compile(
    r"^\s*(?:appendix|appendices|supplementary|supplemental|checklist|"
    r"neurips\s+paper\s+checklist|technical\s+appendices)\b",
    re.IGNORECASE,
)
# A line that looks like part of a reference: a year, "arXiv", "et al.", a venue word, pages,
# or a "[12]" marker at its start. Every alternative starts with a fixed letter or digit (the
# word-boundary checks look back afterwards), which lets the regex engine skip ahead to them.
REFLIKE_RE = re.compile(
    r"19[5-9]\d(?<!\w\d{4})[a-z]?\b|20[0-4]\d(?<!\w\d{4})[a-z]?\b|arXiv|et al\.|"
    r"In Proc(?<!\wIn Proc)|Proceedings|Conference|Journal|pp\.(?<!\wpp\.)|"
    r"pages (?<!\wpages )\d"
)
MARKER_START_RE = re.compile(r"\s*\[\d+\]")
# Words one of which every heading that HEADING_RE accepts holds, lower-cased.
HEADING_WORDS = ("referenc", "bibliograph", "cited")


def _reflike(line: str) -> bool:
    return bool(REFLIKE_RE.search(line) or MARKER_START_RE.match(line))


def _reflike_share(lines: Sequence[str]) -> tuple[int, int]:
    lines = [line for line in lines if line.strip()]
    return sum(map(_reflike, lines)), len(lines)


def find_bibliography_pages(pages: Sequence[str]) -> list[int]:
    """0-based indexes of the pages that hold the bibliography, judged from plain text.

    The list starts on the page with a "References"/"Bibliography" heading followed by
    reference-like lines, and runs on while pages stay dense with years, "et al." and venues;
    the first page that is not dense is kept only when it opens with references (the list
    ends there and an appendix follows).
    """
    best: tuple[int, int] | None = None  # (score, page)
    for index, text in enumerate(pages):
        lower = folded(text)
        if not any(word in lower for word in HEADING_WORDS):
            continue  # no heading on this page: skip the line by line look
        lines = text.split("\n")
        for pos, line in enumerate(lines):
            if len(line) < 40 and HEADING_RE.match(line):
                score, _ = _reflike_share(lines[pos + 1 : pos + 30])
                if score >= 3 and (best is None or score > best[0]):
                    best = (score, index)
                break
    if best is None:
        return []
    start = best[1]
    found = [start]
    for index in range(start + 1, len(pages)):
        lines = [line for line in pages[index].split("\n") if line.strip()]
        if _runs_on(lines):
            found.append(index)
            continue
        if _opens_with_references(lines) or bibliography_tail(pages, index):
            found.append(index)
        break
    return found


def _runs_on(lines: Sequence[str]) -> bool:
    """A page the list runs on over: dense with years, "et al." and venues."""
    hits, total = _reflike_share(lines)
    return bool(total) and hits / total >= 0.15


def _opens_with_references(lines: Sequence[str]) -> bool:
    """A page not dense with references that opens with several (the list ends there)."""
    return _reflike_share(lines[:15])[0] >= 4


def bibliography_tail(pages: Sequence[str], index: int) -> int:
    """How many opening lines of page `index` end a list that ran on from the page before,
    when that is all the page holds of it: the last reference split over the page break, then
    an appendix (OmniQuant's [47]). 0 when the page does not open so, or is dense with
    references (read whole, as the list runs on over it)."""
    lines = [line for line in pages[index].split("\n") if line.strip()]
    if not lines or _runs_on(lines) or _opens_with_references(lines):
        return 0
    if sum(map(_reflike, lines[:3])) < 2:
        return 0
    end = 0
    for i, line in enumerate(lines[:6]):
        if _reflike(line):
            end = i + 1
        elif i > end:  # a second line in a row without a reference's marks: the list is over
            break
    return end


def _cut_tail(lines: list[PdfLine], pages: Sequence[str]) -> list[PdfLine]:
    """The bibliography's lines without what follows the list on a tail page (see
    bibliography_tail): cut at the layout line that starts the first plain line after the
    list, looked for after the one that starts the list's last line. When either cannot be
    found, that page's lines are all left out, as before tails were read."""
    last = lines[-1].page if lines else -1
    if not 0 <= last < len(pages) or lines[0].page == last:
        return lines
    keep = bibliography_tail(pages, last)
    if not keep:
        return lines
    plain = [" ".join(line.split()) for line in pages[last].split("\n") if line.strip()]
    on_page = [i for i, line in enumerate(lines) if line.page == last]

    def starts(line: PdfLine, text: str) -> bool:
        # (a layout line may be a piece of a printed line: justified text is cut in spans)
        piece = " ".join(line.text.split())
        return bool(piece) and (
            piece.startswith(text) or (text.startswith(piece) and len(piece) >= min(len(text), 12))
        )

    last_line = next((i for i in on_page if starts(lines[i], plain[keep - 1])), None)
    if last_line is None:
        return lines[: on_page[0]]
    # (a tail page holds more than the tail: it is not dense with references)
    cut = next((i for i in on_page if i > last_line and starts(lines[i], plain[keep])), None)
    return lines[: on_page[0] if cut is None else cut]


# --------------------------------------------------------------------------- layout rows


@dataclass
class Row:
    """One printed line: the PdfLines sharing a baseline in one column, left to right."""

    page: int
    column: int
    x0: float
    y0: float
    x1: float
    y1: float
    size: float
    bold: bool
    text: str
    parts: list[PdfLine] = field(default_factory=list)

    @property
    def height(self) -> float:
        return max(self.y1 - self.y0, 0.1)


def assign_columns(lines: list[PdfLine], width: float) -> None:
    """Set `column` on the lines of one page: 1 for the right column of a two-column page.

    A page is two-column when many lines sit wholly on either side of the middle and few
    cross it; lines that cross (wide tables, overflowing URLs) stay in the left column.
    """
    middle = width / 2
    left = sum(1 for ln in lines if ln.x1 <= middle + 4)
    right = sum(1 for ln in lines if ln.x0 >= middle - 4)
    cross = len(lines) - left - right
    two = left >= 5 and right >= 5 and cross <= 0.25 * (left + right)
    for line in lines:
        line.column = 1 if two and line.x0 >= middle - 4 else 0


def build_rows(lines: Iterable[PdfLine]) -> list[Row]:
    """Group lines into printed rows in reading order (page, column, top to bottom).

    PyMuPDF splits a justified line into pieces where the spacing is wide; pieces whose
    vertical extents overlap by half their height are one printed line.
    """
    by_column: dict[tuple[int, int], list[PdfLine]] = {}
    for line in lines:
        if line.text.strip():
            by_column.setdefault((line.page, line.column), []).append(line)
    rows: list[Row] = []
    for (page, column), group in sorted(by_column.items()):
        group.sort(key=lambda ln: ((ln.y0 + ln.y1) / 2, ln.x0))
        current: list[list[PdfLine]] = []
        top = bottom = 0.0  # vertical extent of current[-1]
        for line in group:
            y0, y1 = line.y0, line.y1
            if current:
                # min() and max() spelled out: this runs for every line of every page
                overlap = (bottom if bottom < y1 else y1) - (top if top > y0 else y0)
                height = bottom - top if bottom - top < y1 - y0 else y1 - y0
                if height > 0 and overlap >= 0.5 * height:
                    current[-1].append(line)
                    if y0 < top:
                        top = y0
                    if y1 > bottom:
                        bottom = y1
                    continue
            current.append([line])
            top, bottom = y0, y1
        for parts in current:
            first = parts[0]
            if len(parts) == 1:
                y0, x1, y1 = first.y0, first.x1, first.y1
                text = " ".join(first.text.split())  # spaces collapsed, ends stripped
            else:
                parts.sort(key=lambda ln: ln.x0)
                first = parts[0]
                y0 = min(p.y0 for p in parts)
                x1 = max(p.x1 for p in parts)
                y1 = max(p.y1 for p in parts)
                text = " ".join([word for p in parts for word in p.text.split()])
            rows.append(
                Row(page, column, first.x0, y0, x1, y1, first.size, first.bold, text, parts)
            )
    return rows


_DIGITS_RE = re.compile(r"\d+")
_PAGE_NUMBER_RE = re.compile(r"^(?:page\s+)?(?:\d{1,4}|[ivxlc]{1,6})(?:\s*(?:/|of)\s*\d+)?$", re.I)


def _line_pitch(rows: Sequence[Row]) -> float:
    steps = [
        b.y0 - a.y0
        for a, b in zip(rows, rows[1:], strict=False)
        if (a.page, a.column) == (b.page, b.column) and 0 < b.y0 - a.y0 < 4 * a.height
    ]
    return statistics.median(steps) if steps else 12.0


def drop_page_furniture(rows: list[Row], page_texts: Sequence[str] | None = None) -> list[Row]:
    """Remove running headers, footers, page numbers and review-copy line numbers.

    A header or footer is the top or bottom row of a page that is a page number or repeats
    (digits aside) at the same height on another page, or, with the pages' texts as read_pdf
    gives them (which it cleared of the furniture it found over the whole paper), one that
    its page's text leaves out: a running head printed on every other page may stand on one
    page of the bibliography alone ("Loss Aware Post-Training Quantization 17" amid an LNCS
    reference). Line numbers are bare numbers in the margin beside the text.
    """
    if not rows:
        return rows
    pages: dict[int, list[Row]] = {}
    for row in rows:
        pages.setdefault(row.page, []).append(row)
    edges: dict[int, tuple[Row, Row]] = {}
    seen: dict[str, list[float]] = {}
    for page, page_rows in pages.items():
        top = min(page_rows, key=lambda r: r.y0)
        bottom = max(page_rows, key=lambda r: r.y1)
        edges[page] = (top, bottom)
        for row in {id(top): top, id(bottom): bottom}.values():
            seen.setdefault(_DIGITS_RE.sub("#", row.text.lower()), []).append(row.y0)
    pitch = _line_pitch(rows)
    furniture: set[int] = set()
    squashed: dict[int, str] = {}  # page -> its text, squashed (see _left_out)
    for page, (top, bottom) in edges.items():
        for row in (top, bottom):
            others = [r for r in pages[page] if r is not row]
            if not others:
                continue
            places = seen[_DIGITS_RE.sub("#", row.text.lower())]
            repeated = sum(abs(y - row.y0) <= 3 for y in places) >= 2
            if row is top:
                gap = min(r.y0 for r in others) - row.y1
            else:
                gap = row.y0 - max(r.y1 for r in others)
            # A lone number right under the text is a wrapped back-reference, not a folio.
            folio = _PAGE_NUMBER_RE.match(row.text) and gap > 0.8 * pitch
            if repeated or folio or _left_out(row, page_texts, squashed):
                furniture.add(id(row))
    # Line numbers of review copies: bare numbers left or right of the text block.
    for page_rows in pages.values():
        text_rows = [r for r in page_rows if not r.text.isdigit()]
        if not text_rows:
            continue
        left = min(r.x0 for r in text_rows)
        right = max(r.x1 for r in text_rows)
        for row in page_rows:
            if row.text.isdigit() and (row.x1 < left - 2 or row.x0 > right + 2):
                furniture.add(id(row))
    return [row for row in rows if id(row) not in furniture]


def section_rows(rows: list[Row]) -> list[Row]:
    """The rows between the bibliography heading and whatever follows the list."""
    start = next((i + 1 for i, row in enumerate(rows) if HEADING_RE.match(row.text)), 0)
    body = rows[start:]
    if not body:
        return []
    sizes = [round(row.size, 1) for row in body[:40] if row.size > 0]
    body_size = Counter(sizes).most_common(1)[0][0] if sizes else 0.0
    for index, row in enumerate(body):
        short = len(row.text.split()) <= 12 and not row.text.rstrip().endswith((",", ";"))
        larger = body_size > 0 and row.size >= body_size * 1.15
        if index > 0 and short and larger and not row.text[:1].isdigit():
            return body[:index]
        if short and (larger or row.bold) and AFTER_RE.match(row.text):
            return body[:index]
        if index > 0 and short and larger and re.match(r"^[A-Z]\.?(\s|$)", row.text):
            return body[:index]
    return body


# --------------------------------------------------------------------------- entries

NUMBERED_MARKERS = (
    re.compile(r"^\[(\d{1,4})\]\s*"),  # [12]
    re.compile(r"^(\d{1,4})\.\s+(?=\S)"),  # 12.
    re.compile(r"^\((\d{1,4})\)\s+"),  # (12)
)
ALPHA_MARKER_RE = re.compile(r"^\[([A-Za-z][A-Za-z+\-.' ]{0,12}\d{2,4}[a-z]?)\]\s*")


def _marker_style(rows: Sequence[Row]) -> re.Pattern[str] | None:
    """The marker pattern of a numbered list, judged from its first rows."""
    for pattern in (*NUMBERED_MARKERS, ALPHA_MARKER_RE):
        hits = [m for row in rows[:3] if (m := pattern.match(row.text))]
        if hits and (pattern is ALPHA_MARKER_RE or hits[0].group(1) in {"1", "0"} or len(hits) > 1):
            return pattern
    return None


def _group_numbered(rows: list[Row], pattern: re.Pattern[str]) -> list[tuple[str, list[Row]]]:
    groups: list[tuple[str, list[Row]]] = []
    expected: int | None = None
    text_left = _text_lefts(rows, pattern)
    for row in rows:
        match = pattern.match(row.text)
        starts = False
        outdented = row.x0 < text_left.get((row.page, row.column), row.x0 + 1) - 2
        if match and pattern is ALPHA_MARKER_RE:
            starts = outdented
        elif match:
            number = int(match.group(1))
            if expected is None or number == expected:
                starts = True
            elif expected < number <= expected + 3:
                starts = outdented
            if starts:
                expected = number + 1
        if starts and match:
            marker = match.group(0).strip()
            groups.append((marker, [row]))
            row.text = row.text[match.end() :]
        elif groups:
            groups[-1][1].append(row)
    return groups


def _text_lefts(rows: Sequence[Row], pattern: re.Pattern[str]) -> dict[tuple[int, int], float]:
    """Where continuation lines start in each column of a numbered list (the usual x0 of
    rows without a marker); markers hang out to the left of it."""
    seen: dict[tuple[int, int], Counter[float]] = {}
    for row in rows:
        if not pattern.match(row.text):
            seen.setdefault((row.page, row.column), Counter())[round(row.x0)] += 1
    return {key: counter.most_common(1)[0][0] for key, counter in seen.items()}


def _column_lefts(rows: Sequence[Row]) -> dict[tuple[int, int], float]:
    lefts: dict[tuple[int, int], float] = {}
    for row in rows:
        key = (row.page, row.column)
        lefts[key] = min(lefts.get(key, row.x0), row.x0)
    return lefts


def _group_author_year(rows: list[Row]) -> list[tuple[None, list[Row]]]:
    """Split an unnumbered list at hanging indents, or else at wider vertical gaps."""
    lefts = _column_lefts(rows)
    # A column that holds only continuation lines has its left edge at the indent: compare
    # with the other columns of the same side.
    indents = [
        round(row.x0 - lefts[(row.page, row.column)])
        for row in rows
        if 4 <= row.x0 - lefts[(row.page, row.column)] <= 40
    ]
    indent = Counter(indents).most_common(1)[0][0] if indents else 0.0
    hanging = len(indents) >= 0.2 * len(rows) and indent > 0
    if hanging:
        for key, left in list(lefts.items()):
            same_side = [v for k, v in lefts.items() if k[1] == key[1] and k != key]
            if same_side:
                usual = statistics.median(same_side)
                if abs(left - (usual + indent)) <= 2:
                    lefts[key] = usual
    pitch = _line_pitch(rows)
    groups: list[tuple[None, list[Row]]] = []
    previous: Row | None = None
    for row in rows:
        left = lefts[(row.page, row.column)]
        same_column = previous is not None and (previous.page, previous.column) == (
            row.page,
            row.column,
        )
        gap = row.y0 - previous.y0 if previous is not None and same_column else None
        if hanging:
            starts = row.x0 <= left + min(3.0, indent / 2)
        else:
            starts = gap is None or gap > 1.35 * pitch
        if starts or not groups:
            groups.append((None, [row]))
        else:
            groups[-1][1].append(row)
        previous = row
    return groups


# --------------------------------------------------------------------------- joining lines

_URL_START_RE = re.compile(r"(?:https?://|www\.|ftp://)\S*$|\S+\.(?:com|org|net|io|edu)/\S*$")
_URL_NEXT_RE = re.compile(r"^[\w/#?=&%~.\-:+]+")
_NUMBER_CUT_RE = re.compile(r"[/.]\d{4,}\.$")  # a URL ending in a number and its dot
_NUMBER_TAIL_RE = re.compile(r"(?!(?:19|20)\d\d\.?$)\d{4,}\.?")  # more digits, not a year


def _url_at_end(text: str) -> re.Match[str] | None:
    return _URL_START_RE.search(last_word(text))


def _url_continues(before: str, after: str) -> bool:
    """Whether a URL at the end of `before` runs on into `after`."""
    url = _url_at_end(before)
    if not url:
        # "URL http:" / "//arxiv.org/abs/...": the scheme alone ends the line
        return after.startswith("//") and last_word(before).lower().endswith(
            ("http:", "https:", "ftp:")
        )
    nxt = _URL_NEXT_RE.match(after)
    if not nxt:
        return False
    token = nxt.group(0)
    if re.fullmatch(r"[\d,]+", token.rstrip(".")):
        # a year, a page number or a back-reference list; but a number cut at its dot
        # ("abs/1811." / "03962", "10.1145/1390156." / "1390204") goes on
        return (
            _NUMBER_CUT_RE.search(url.group(0)) is not None
            and _NUMBER_TAIL_RE.fullmatch(token) is not None
        )
    if url.group(0)[-1] in "/-_#?=&%~":
        return True
    return any(ch in token.rstrip(".") for ch in "/.#?=&_")


def join_lines(texts: Sequence[str], vocabulary: Container[str]) -> str:
    """Join the printed lines of one entry, undoing hyphenation and broken URLs."""
    out = ""
    for text in texts:
        text = text.strip()
        if not text:
            continue
        if not out:
            out = text
        elif out.endswith(("–", "—", "/")):
            out += text
        elif out.endswith("-") and len(out) > 1 and out[-2].isalpha():
            if _url_at_end(out) and _url_continues(out, text) or keep_hyphen(out, text, vocabulary):
                out += text
            else:
                out = out[:-1] + text
        elif _url_continues(out, text):
            out += text
        else:
            out += " " + text
    return out


_BACKREF_TAIL_RE = re.compile(r"(?<=[.)\]])\s+\d{1,4}(?:\s*,\s*\d{1,4})*,?\s*$")
_CITED_ON_RE = re.compile(
    r"\s*[(\[]?\s*(?:cited on (?:pages?|pp?\.)|↑)\s*[\d,\s–-]+(?:and\s+\d+)?\.?\s*[)\]]?\s*$",
    re.IGNORECASE,
)


def _strip_backrefs(raws: list[str]) -> list[str]:
    """Remove hyperref back-reference page lists ("... 2015. 5, 11, 12").

    A trailing list of numbers is only taken for back-references when most entries of the
    paper end with one, so a single entry ending in a number keeps it.
    """
    # The regexes run only where their cheap necessary condition holds: most entries end in
    # a full stop, and few print "cited on".
    raws = [
        _CITED_ON_RE.sub("", raw) if "↑" in raw or "cited on" in folded(raw) else raw
        for raw in raws
    ]
    ending = [raw for raw in raws if _ends_in_number(raw)]
    tails = sum(bool(_BACKREF_TAIL_RE.search(raw)) for raw in ending)
    if raws and tails >= 0.5 * len(raws):
        raws = [_BACKREF_TAIL_RE.sub("", raw) if _ends_in_number(raw) else raw for raw in raws]
    return raws


def _ends_in_number(raw: str) -> bool:
    """Whether _BACKREF_TAIL_RE can match: the text ends in a digit or a comma."""
    tail = raw.rstrip()
    return tail[-1:].isdigit() or tail.endswith(",")


def _squash(text: str) -> str:
    return _NOT_ALNUM_RE.sub("", repair_text(text).lower())


_NOT_ALNUM_RE = re.compile(r"[^0-9a-z]+")


def _left_out(row: Row, page_texts: Sequence[str] | None, squashed: dict[int, str]) -> bool:
    """Whether the page's text, as read_pdf gives it, leaves the row out (as furniture)."""
    if page_texts is None or not 0 <= row.page < len(page_texts):
        return False
    key = _squash(row.text)
    if len(key) < 8:  # (a few letters stand anywhere: no sign either way)
        return False
    if row.page not in squashed:
        squashed[row.page] = _squash(page_texts[row.page])
    return key not in squashed[row.page]


def split_entries(
    lines: Sequence[PdfLine],
    vocabulary: Container[str] | None = None,
    page_texts: Sequence[str] | None = None,
) -> list[tuple[str | None, str]]:
    """(marker, raw text) of each bibliography entry in printed order; [] when none is found.

    `lines` are the layout lines of the bibliography pages (any text before the heading and
    after the list is cut off here). `vocabulary` (words of the whole paper) helps decide
    which line-end hyphens to keep; `page_texts` (the paper's pages as read_pdf gives them)
    tell the running heads it found over the whole paper.
    """
    rows = drop_page_furniture(build_rows(lines), page_texts)
    rows = section_rows(rows)
    if not rows:
        return []
    for row in rows:
        row.text = repair_text(row.text)
    if vocabulary is None:
        vocabulary = TextVocabulary([row.text for row in rows])
    pattern = _marker_style(rows)
    groups: list[tuple[str | None, list[Row]]]
    if pattern is not None:
        groups = list(_group_numbered(rows, pattern))
    else:
        groups = list(_group_author_year(rows))
    markers = [marker for marker, _ in groups]
    raws = [join_lines([row.text for row in group], vocabulary) for _, group in groups]
    raws = _strip_backrefs(raws)
    entries = [
        (marker, " ".join(raw.split()))  # spaces collapsed, ends stripped
        for marker, raw in zip(markers, raws, strict=True)
    ]
    return [(marker, raw) for marker, raw in entries if len(raw) >= 8]


class ReferenceList(list[Reference]):
    """The references of one paper, with warnings for the caller to log (never raised)."""

    def __init__(self, references: Iterable[Reference] = (), warnings: Iterable[str] = ()):
        super().__init__(references)
        self.warnings = list(warnings)


def extract_references(doc: PdfDocument) -> ReferenceList:
    """The parsed bibliography of a read PDF; empty, with a warning, when there is none."""
    from .refparse import parse_reference

    if not doc.bib_lines:
        return ReferenceList(warnings=["no bibliography found"])
    bib_lines = _cut_tail(doc.bib_lines, doc.pages)
    # Each line-end hyphen asks about up to four words: search for them only when few are.
    hyphens = sum(line.text.rstrip().endswith("-") for line in bib_lines)
    vocabulary = TextVocabulary(doc.pages, SEARCHED_WORDS if hyphens <= 3 else 0)
    entries = split_entries(bib_lines, vocabulary, doc.pages)
    if not entries:
        return ReferenceList(warnings=["bibliography heading found, but no entries in it"])
    references = ReferenceList()
    for n, (marker, raw) in enumerate(entries, start=1):
        parsed = parse_reference(raw)
        parsed.n, parsed.raw, parsed.marker = n, raw, marker
        references.append(parsed)
    return references
