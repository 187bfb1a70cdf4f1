"""The only module that imports PyMuPDF: text in reading order, the arXiv stamp, layout lines.

Imported lazily by the core so read-only commands never pay for `import pymupdf`.
"""

from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pymupdf

from .errors import PdfError
from .files import is_utf8_text
from .glyphs import repair_text
from .models import PdfDocument, PdfLine
from .references import assign_columns, find_bibliography_pages

# PyMuPDF's plain text flags. Ligatures are kept and expanded by repair_text, which also
# restores the space PyMuPDF drops after some ("JeﬀPool"). Images are never needed, which
# keeps the detailed `dict` extraction cheap.
TEXT_FLAGS = (
    pymupdf.TEXT_PRESERVE_LIGATURES
    | pymupdf.TEXT_PRESERVE_WHITESPACE
    | pymupdf.TEXT_MEDIABOX_CLIP
    | pymupdf.TEXT_CID_FOR_UNKNOWN_UNICODE
)
# MuPDF reports what it finds wrong in a damaged file by printing to stdout, which would
# corrupt `--json` output; a damaged PDF is reported as one PdfError line instead.
pymupdf.TOOLS.mupdf_display_errors(False)
pymupdf.TOOLS.mupdf_display_warnings(False)

BOLD_FONT_RE = re.compile(r"bold|black|heavy|semibold|[-,.]b$|medi", re.IGNORECASE)

STAMP_RE = re.compile(
    r"arXiv:\s*((?:\d{4}\.\d{4,5})|(?:[a-z][a-z.\-]+/\d{7}))(v\d+)",
    re.IGNORECASE,
)


def check_pdf_bytes(head: bytes) -> None:
    """Refuse what is plainly not a PDF (an HTML error page, an empty body)."""
    if not head.lstrip()[:5].startswith(b"%PDF"):
        raise PdfError("not a PDF (it does not start with %PDF)")


def open_pdf(path: Path) -> pymupdf.Document:
    """Open a PDF or raise PdfError for a missing, truncated, encrypted or non-PDF file."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(1024)
    except OSError as exc:
        raise PdfError(f"cannot read {path}: {exc.strerror}") from None
    try:
        check_pdf_bytes(head)
    except PdfError:
        raise PdfError(f"not a PDF: {path}") from None
    try:
        if is_utf8_text(str(path)):
            doc = pymupdf.open(path, filetype="pdf")
        else:  # (MuPDF opens no path whose name is not UTF-8: a Latin-1 zip's "r\xe9sum\xe9.pdf")
            doc = pymupdf.open(stream=Path(path).read_bytes(), filetype="pdf")
    except Exception as exc:  # PyMuPDF raises its own FileDataError and RuntimeError
        # (MuPDF's own words only where they say more than that: "Failed to open file '...'
        # as type pdf." named the file twice)
        detail = str(exc).replace(f" '{path}'", "").strip()
        more = "" if detail.startswith("Failed to open file") else f" ({detail})"
        raise PdfError(f"damaged PDF, MuPDF cannot open it{more}: {path}") from None
    if doc.needs_pass:
        doc.close()
        raise PdfError(f"encrypted PDF (needs a password): {path}")
    if doc.page_count == 0:
        # (a file cut off before its page tree is "repaired" into no pages at all)
        repaired = doc.is_repaired
        doc.close()
        raise PdfError(f"{'damaged or truncated PDF' if repaired else 'PDF has no pages'}: {path}")
    return doc


def _check_not_repaired(doc: pymupdf.Document, path: Path) -> None:
    """A file MuPDF had to repair is damaged or was cut off: refused, not half read."""
    if doc.is_repaired:
        raise PdfError(f"damaged or truncated PDF: {path}")


def verify_pdf(path: Path) -> int:
    """Check that a downloaded file is a complete PDF; returns its page count."""
    doc = open_pdf(path)
    try:
        count = doc.page_count
        # Loading the last page catches bodies cut off before the end of the page tree.
        doc.load_page(count - 1).get_text("text")
        _check_not_repaired(doc, path)
        return count
    except PdfError:
        raise
    except Exception as exc:
        raise PdfError(f"damaged or truncated PDF: {path} ({exc})") from None
    finally:
        doc.close()


def find_stamp(text: str) -> str | None:
    """The arXiv id with version printed in the stamp on the first page, if any."""
    match = STAMP_RE.search(text)
    return f"{match.group(1)}{match.group(2)}" if match else None


def first_page_stamp(margin: str | None, first_page: str) -> str | None:
    """The arXiv id with version a PDF is stamped with: the stamp found in its margin, else
    one in the first page's text only in the stamp's whole shape ("arXiv:2210.17323v2
    [cs.LG] 22 Mar 2023"). An id the first page cites ("GPTQ (Frantar et al.,
    arXiv:2210.17323v2)") is no stamp: a workshop paper citing GPTQ was filed as GPTQ."""
    if margin:
        return find_stamp(margin)
    whole = STAMP_BLOCK_RE.search(first_page)
    return find_stamp(whole.group()) if whole else None


# --------------------------------------------------------------------------- page furniture

# A text block as PyMuPDF's `extractBLOCKS` gives it: x0, y0, x1, y1 (y grows downwards), text.
Block = tuple[float, float, float, float, str]

# The whole text of the stamp arXiv prints up the left margin of the first page.
STAMP_BLOCK_RE = re.compile(
    r"arXiv:\s*(?:\d{4}\.\d{4,5}|[a-z][a-z.\-]+/\d{7})v\d+\s*(?:\[[^\]\n]{1,20}\])?"
    r"\s*\d{1,2}\s*[A-Z][a-z]{2}\s*\d{4}",
    re.IGNORECASE,
)
# A page number as printed alone: "3", "- 3 -", "Page 3 of 16", "iv".
FOLIO_RE = re.compile(
    r"(?:[Pp]age\s+)?[-–—]?\s*(?:\d{1,4}|[ivxl]{1,6})\s*[-–—]?(?:\s*(?:/|of)\s*\d{1,4})?"
)
NUMBERS_ONLY_RE = re.compile(r"(?:\s*\d{1,4}\s*\n)+\s*")
_DIGITS_RE = re.compile(r"\d+")
_LETTERS_RE = re.compile(r"[^\W\d_]{3}")
EDGE_BAND = 0.15  # running headers and footers lie in the top and bottom 15% of a page
EDGE_ROWS = 2  # a header can sit above a second header row ("A PREPRINT", a date line)
SAME_HEIGHT = 3.0  # points: a repeated header sits at the same height on every page


def _furniture_key(text: str) -> str:
    """What repeats from page to page: the text with page numbers and spacing folded."""
    return " ".join(_DIGITS_RE.sub("#", text.lower()).split())


def _edge_rows(blocks: list[Block], near: list[int], top: bool) -> Iterator[list[int]]:
    """Indexes of the blocks in the outermost rows of a page, from the edge inwards: the
    blocks that overlap the height of the block nearest the edge.

    `near` holds the blocks that start in the top band (that end in the bottom band): rows
    from further in hold no block inside the band, and are never furniture.
    """
    remaining = sorted(near, key=lambda i: blocks[i][1] if top else -blocks[i][3])
    while remaining:
        edge = blocks[remaining[0]]
        if top:
            row = [remaining[0]] + [i for i in remaining[1:] if blocks[i][1] < edge[3] - 1]
        else:
            row = [remaining[0]] + [i for i in remaining[1:] if blocks[i][3] > edge[1] + 1]
        yield row
        remaining = remaining[len(row) :]  # the row is where the sorted blocks start


def _line_numbers(blocks: list[Block]) -> set[int]:
    """Review-copy line numbers: blocks of bare numbers in a margin that count up by one."""
    numeric = [
        i
        for i, block in enumerate(blocks)
        if block[4][-2:-1].isdigit() and NUMBERS_ONLY_RE.fullmatch(block[4])
    ]
    if len(numeric) == len(blocks) or sum(blocks[i][4].count("\n") for i in numeric) < 5:
        return set()
    numeric_set = set(numeric)
    others = [block for i, block in enumerate(blocks) if i not in numeric_set]
    left = min(block[0] for block in others)
    right = max(block[2] for block in others)
    found: set[int] = set()
    for side in (
        [i for i in numeric if blocks[i][2] < left - 1],
        [i for i in numeric if blocks[i][0] > right + 1],
    ):
        side.sort(key=lambda i: blocks[i][1])
        numbers = [int(n) for i in side for n in blocks[i][4].split()]
        steps = sum(b == a + 1 for a, b in zip(numbers, numbers[1:], strict=False))
        if len(numbers) >= 5 and steps >= 0.8 * (len(numbers) - 1):
            found.update(side)
    return found


def page_texts(pages: list[list[Block]], heights: list[float]) -> tuple[list[str], str | None]:
    """The text of each page without its furniture, and the text of the arXiv stamp.

    Left in, a running header, a footer or a page number lands in the middle of the sentence
    that runs on to the next page ("... is a quadratic, 3 Published as a conference paper at
    ICLR 2023 whose Hessian ..."). A block in the outermost rows of a page, inside its top or
    bottom band, is furniture when the same text (digits aside) sits at the same height on
    at least three pages (every page of a shorter document; running heads that alternate
    between even and odd pages repeat on their own; half the pages for a text without a
    word, which could be a tick label of figures placed alike), or, alone in the bottom row,
    when it is a bare page number. Review-copy line numbers go too, and the stamp is taken
    out of the first page: it is not part of the paper's text. Blocks keep PyMuPDF's order,
    which for the LaTeX output of the corpus is column by column.
    """
    pages = [list(blocks) for blocks in pages]
    stamp = None
    if pages:
        for index, block in enumerate(pages[0]):
            if "arXiv:" in block[4] and STAMP_BLOCK_RE.fullmatch(block[4].strip()):
                stamp = block[4].strip()
                del pages[0][index]
                break
    # Per page: the blocks that start in the top band, those that end in the bottom band,
    # and the furniture key of each block lying wholly inside a band.
    edges: list[tuple[list[int], list[int], float, float]] = []
    keys: list[dict[int, str]] = []
    seen: dict[str, list[tuple[int, float, float]]] = {}
    for number, (blocks, height) in enumerate(zip(pages, heights, strict=True)):
        top_limit, bottom_limit = EDGE_BAND * height, (1 - EDGE_BAND) * height
        near_top = [i for i, block in enumerate(blocks) if block[1] < top_limit]
        near_bottom = [i for i, block in enumerate(blocks) if block[3] > bottom_limit]
        page_keys = {}
        for i in near_top + near_bottom:
            block = blocks[i]
            if block[3] <= top_limit or block[1] >= bottom_limit:
                key = page_keys[i] = _furniture_key(block[4])
                seen.setdefault(key, []).append((number, block[1], block[3]))
        edges.append((near_top, near_bottom, top_limit, bottom_limit))
        keys.append(page_keys)
    needed = max(2, min(3, len(pages)))
    needed_bare = max(needed, (len(pages) + 1) // 2)

    answers: dict[tuple[str, float, float], bool] = {}  # page numbers ask the same question

    def repeated(block: Block, key: str) -> bool:
        question = (key, block[1], block[3])
        if question not in answers:
            same = {
                page
                for page, y0, y1 in seen[key]
                if abs(y0 - block[1]) <= SAME_HEIGHT or abs(y1 - block[3]) <= SAME_HEIGHT
            }
            answers[question] = len(same) >= (needed if _LETTERS_RE.search(key) else needed_bare)
        return answers[question]

    texts = []
    for blocks, (near_top, near_bottom, top_limit, bottom_limit), page_keys in zip(
        pages, edges, keys, strict=True
    ):
        furniture = _line_numbers(blocks) if len(blocks) > 5 else set()
        for top, near in ((True, near_top), (False, near_bottom)):
            for depth, row in enumerate(_edge_rows(blocks, near, top)):
                found = []
                for i in row:
                    block = blocks[i]
                    if block[3] > top_limit if top else block[1] < bottom_limit:
                        continue  # not inside the band
                    if repeated(block, page_keys[i]) or (
                        not top and row == [i] and FOLIO_RE.fullmatch(block[4].strip())
                    ):
                        found.append(i)
                furniture.update(found)
                if len(found) < len(row) or depth + 1 == EDGE_ROWS:
                    break
        if furniture:
            text = "".join([block[4] for i, block in enumerate(blocks) if i not in furniture])
        else:
            text = "".join([block[4] for block in blocks])
        # A form feed inside a page would split it in two where pages are joined by them.
        texts.append(text.replace("\f", " ") if "\f" in text else text)
    return texts, stamp


@functools.lru_cache(maxsize=256)
def _bold_font(name: str) -> bool:
    """Whether a font's name says it is bold (a page uses a handful of fonts many times)."""
    return bool(BOLD_FONT_RE.search(name))


def layout_lines(textpage: pymupdf.TextPage, page_index: int, width: float) -> list[PdfLine]:
    """The horizontal text lines of one page with position, size and weight, columns set."""
    lines: list[PdfLine] = []
    for block in textpage.extractDICT()["blocks"]:
        for line in block.get("lines", ()):
            if abs(line["dir"][1]) > 0.1:  # rotated text: the arXiv stamp, table labels
                continue
            spans = line["spans"]
            text = "".join([span["text"] for span in spans])
            if not text.strip():
                continue
            first = next(span for span in spans if span["text"].strip())
            x0, y0, x1, y1 = line["bbox"]
            bold = bool(first["flags"] & 16) or _bold_font(first["font"])
            lines.append(PdfLine(text, page_index, x0, y0, x1, y1, round(first["size"], 2), bold))
    assign_columns(lines, width)
    return lines


TITLE_ZONE = 0.5  # the title is set in the top half of the first page
TITLE_SIZE_SLACK = 0.6  # points: sizes closer than this are one size
TITLE_LINE_GAP = 2.5  # font sizes: the most a title's next line starts below the previous one
TITLE_LINES = 5
TITLE_CHARS = 300
_WORD = re.compile(r"[^\W\d_]+")
_MARKS = "*∗†‡§¶"  # footnote marks


class TypeLine(NamedTuple):
    """A text line of a first page with the sizes of its type (footnote marks left out)."""

    text: str
    y0: float
    x0: float
    largest: float  # its largest and smallest spans: small capitals mix two sizes
    smallest: float
    x1: float = 0.0
    # the text with a comma for each footnote mark and superscript left out of `text`: what
    # parts the names of a byline set without commas ("Ji Lin¹* Jiaming Tang¹²*")
    marked: str = ""


def title_from_lines(lines: list[TypeLine], height: float) -> str | None:
    """The title of a paper from the lines of its first page: the first run of lines set in
    the largest type of the page's top half, with the lines below it set in the same type
    ("GPTQ: ACCURATE POST-TRAINING QUANTIZATION" in small capitals, then "FOR GENERATIVE ...").
    None when that type is no larger than the text's (nothing stands out as a title). A word
    broken at a line end is joined back when the page spells it whole ("LAN-" "GUAGE")."""
    run = _title_run(lines, height)
    # the words of the page, to tell a word broken at a line end ("LAN-" "GUAGE", which the
    # abstract spells "language") from a hyphenated one ("POST-" "TRAINING", "Activation-"
    # "aware")
    words = {word.lower() for line in lines for word in _WORD.findall(line.text)}
    title = ""
    for line in run:
        text = " ".join(line.text.split()).rstrip(_MARKS)
        if title.endswith("-"):
            before = _WORD.findall(title[:-1])[-1:]
            after = _WORD.match(text)
            broken = bool(before and after and (before[0] + after.group()).lower() in words)
            title = (title[:-1] if broken else title) + text
        else:
            title += " " + text if title else text
    title = repair_text(title).strip()
    return title[:TITLE_CHARS] or None


def _title_run(lines: list[TypeLine], height: float) -> list[TypeLine]:
    """The lines of the title (see title_from_lines), top to bottom; none when no type
    stands out as a title's."""
    top = [
        line
        for line in lines
        if line.y0 < height * TITLE_ZONE and sum(c.isalpha() for c in line.text) >= 3
    ]
    if not top:
        return []
    largest = max(line.largest for line in top)
    weight: dict[float, int] = {}  # size -> characters set in it, over the page
    for line in lines:
        weight[line.smallest] = weight.get(line.smallest, 0) + len(line.text)
    body = max(weight, key=lambda size: weight[size])
    if largest <= body + TITLE_SIZE_SLACK:
        return []
    run: list[TypeLine] = []
    for line in sorted(top, key=lambda line: (line.y0, line.x0)):
        if run:
            smallest = min(title.smallest for title in run)
            if line.y0 - run[-1].y0 > TITLE_LINE_GAP * largest or len(run) == TITLE_LINES:
                break
            if line.largest < smallest - TITLE_SIZE_SLACK:
                break
        elif largest - line.largest > TITLE_SIZE_SLACK:
            continue
        run.append(line)
    return run


def authors_from_lines(lines: list[TypeLine], height: float) -> list[str]:
    """The authors printed under the title on a first page, for a PDF whose metadata names
    none (most arXiv PDFs): the lines between the title and the abstract that hold names
    only. A line with anything else (an affiliation, an e-mail, a date) holds no names, and
    below one, a name is read only where it heads a block of its own (one author's name,
    affiliation and e-mail stacked, beside or under another's), so "Santa Clara" under
    "NVIDIA" is no author. The byline is set in the type of its first line of names: a line
    in other type right under another ("Mountain View" under "Alice Smith") is an address,
    and names in two types apart (a subtitle over the byline) leave it unclear which are the
    authors. A word carried to the next line as a first name ("..., Evgenii" over
    "Zheltonozhskii, ...") must begin a name there. No title found, or anything unclear, no
    authors: a wrong list is worse than none, which a reader sees is missing (and arXiv's
    metadata fills in later)."""
    run = _title_run(lines, height)
    if not run:
        return []
    below = run[-1].y0
    byline: list[TypeLine] = []
    for line in sorted(lines, key=lambda line: (line.y0, line.x0)):
        if line.y0 <= below + 0.5 or line in run:
            continue
        if line.y0 > height * TITLE_ZONE or _BYLINE_END.match(" ".join(line.text.split())):
            break
        byline.append(line)
    names: list[str] = []
    others: list[TypeLine] = []  # lines read that hold something else than names
    size = 0.0  # the byline's type: that of its first line of names
    carried = ""  # a name broken at a line end ("..., Evgenii" "Zheltonozhskii, ...")
    for line in _rows(byline):
        found = _names_in_line(carried + (line.marked or line.text))
        in_type = not size or abs(line.largest - size) <= TITLE_SIZE_SLACK
        if carried and (found is None or not in_type):
            return []  # the carried word began no name: the line before held none either
        carrying, carried = bool(carried), ""
        if found is None:
            others.append(line)
            continue
        under = any(_right_under(line, other) for other in byline if other is not line)
        if not in_type:
            if under:  # an address or affiliation under its author ("Mountain View")
                others.append(line)
                continue
            return []  # names in two types (a subtitle and the byline): which are the authors?
        if others and under:
            if carrying:
                return []  # the line ending in a first name was no author's either
            others.append(line)
            continue
        in_line, carried = found
        size = size or line.largest
        names += [name for name in in_line if name not in names]
    if carried:
        return []  # a first name whose surname never came
    return names[:MAX_AUTHORS]


def _right_under(line: TypeLine, other: TypeLine) -> bool:
    """Whether a line sits right under another, as an author's affiliation under the name
    or a block's next line: within a line or two below, sharing some of its width."""
    return (
        other.y0 < line.y0
        and line.y0 - other.y0 < BLOCK_LINE_GAP * max(line.largest, other.largest)
        and other.x0 < (line.x1 or line.x0 + 1)
        and line.x0 < (other.x1 or other.x0 + 1)
    )


BLOCK_LINE_GAP = 1.8  # font sizes: the most a line of one author's block sits below the last
MAX_AUTHORS = 100
# where a byline ends: the abstract, a table of contents or the first section
_BYLINE_END = re.compile(
    r"(?:\d[\d.]*\s*)?(?:a\s?bstract|contents|introduction|keywords)\b", re.IGNORECASE
)


def _rows(lines: list[TypeLine]) -> list[TypeLine]:
    """Lines in reading order: those set side by side (names a few points apart in height,
    "Tim Dettmers" beside "Ari Holtzman") left to right."""
    rows: list[list[TypeLine]] = []
    for line in lines:  # (sorted top to bottom)
        if rows and line.y0 - rows[-1][0].y0 < 0.5 * line.largest:
            rows[-1].append(line)
        else:
            rows.append([line])
    return [line for row in rows for line in sorted(row, key=lambda line: line.x0)]


# what parts names in a byline: commas, "and", "&", affiliation numbers, footnote marks,
# brackets (an ORCID "[0000-0002-5400-9321]", "(Version 2)")
_NAME_SEPARATOR = re.compile(
    r"\s*(?:[,;&()\[\]{}|]|\band\b|\d+(?:[-−–]\d+)*|[" + _MARKS + r"⋆♠♣♦♥])\s*"
)
_NAME_PARTICLES = frozenset(
    "van von der den de da del della di du la le dos das ten ter bin al".split()  # noqa: SIM905
)
# words of an affiliation, an address or a page's furniture, and of the labels and subtitles
# set over a byline ("Technical Report", "Llama Team"): a line with one holds no names
_NOT_NAME_WORDS = frozenset(
    """university universidad universität université institute institut research researcher
    laboratory laboratories lab labs inc corp corporation company co ltd llc limited
    gmbh technologies technology academy group college school department dept center
    centre faculty foundation sciences science engineering hospital google microsoft
    facebook meta amazon nvidia huawei qualcomm intel apple ibm alibaba baidu tencent
    bytedance samsung deepmind openai yandex face magic ai brain china usa abstract
    introduction contents equal contribution correspondence corresponding author authors
    email preprint conference workshop proceedings version draft submitted review
    published paper arxiv github team technical report supplementary material materials
    appendix large language models model learning efficient neural networks network
    survey benchmark tutorial""".split()  # noqa: SIM905 (a list of words)
)


def _names_in_line(text: str) -> tuple[list[str], str] | None:
    """The names a byline's line holds, and the start of a name it breaks at its end ("...,
    Evgenii"); None when it holds anything but names (an affiliation, an address, an e-mail,
    a date), or none."""
    text = repair_text(" ".join(text.split()))
    parts = [part.strip() for part in _NAME_SEPARATOR.split(text)]
    parts = [part for part in parts if part]
    if not parts:
        return None
    carried = ""
    if text.endswith(parts[-1]) and " " not in parts[-1] and _name_word(parts[-1]):
        carried = parts.pop() + " "  # a first name whose surname begins the next line
    names = [" ".join(part.split()) for part in parts]
    if not all(_is_name(name) for name in names):
        return None
    return names, carried


def _name_word(word: str) -> bool:
    """A capitalised word of a name ("Zeyuan", "Allen-Zhu", "Ré", "O'Neil"): not an acronym
    ("ETH", "IST", "AI"), which names an institution."""
    return (
        bool(_NAME_WORD.fullmatch(word) and word[0].isupper() and not word.isupper())
        and word.lower() not in _NOT_NAME_WORDS
    )


_NAME_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


def _is_name(text: str) -> bool:
    """Whether text reads as one person's name: two to five words, capitalised but for
    particles ("Mart van Baalen"), initials inside ("Daniel Y. Fu", "Suparna S Nair")."""
    words = text.split()
    if not 2 <= len(words) <= 5:
        return False
    full = 0
    for word in words:
        if _name_word(word):
            full += 1
        elif not (word in _NAME_PARTICLES or (len(word.rstrip(".")) == 1 and word[0].isupper())):
            return False
    return full >= 2 and _name_word(words[-1])


def first_page_heading(path: Path) -> tuple[str | None, list[str]]:
    """The title and the authors printed on the first page (see title_from_lines and
    authors_from_lines), read together from one extraction of the page, for a PDF whose
    metadata has none (most arXiv PDFs): read when a paper is added without arXiv's metadata,
    and by `papers extract`."""
    try:
        doc = open_pdf(path)
    except PdfError:
        return None, []
    try:
        page = doc.load_page(0)
        with _plain_glyph_boxes():
            blocks = page.get_textpage(flags=TEXT_FLAGS).extractDICT()["blocks"]
        lines: list[TypeLine] = []
        for block in blocks:
            for line in block.get("lines", ()):
                if abs(line["dir"][1]) > 0.1:  # rotated: the arXiv stamp
                    continue
                # footnote marks are no part of the title ("Bits*", "Author1")
                spans = []
                marked = ""
                for span in line["spans"]:
                    if span["flags"] & 1 or (
                        span["text"].strip() and not span["text"].strip().strip(_MARKS)
                    ):
                        marked += ","
                    else:
                        spans.append(span)
                        marked += span["text"]
                # the type of the words sets the line's sizes
                sizes = [span["size"] for span in spans if _WORD.search(span["text"])]
                if not sizes:
                    continue
                text = "".join([span["text"] for span in spans])
                x0, y0, x1 = line["bbox"][:3]
                lines.append(TypeLine(text, y0, x0, max(sizes), min(sizes), x1, marked))
        height = page.rect.height
        return title_from_lines(lines, height), authors_from_lines(lines, height)
    except Exception:  # PyMuPDF's errors on a damaged page: the caller falls back
        return None, []
    finally:
        doc.close()


@contextlib.contextmanager
def _plain_glyph_boxes() -> Iterator[None]:
    """Let PyMuPDF take MuPDF's own glyph boxes while it extracts text.

    PyMuPDF otherwise re-derives every glyph's box from the font's ascender and descender
    (taller boxes for the many TeX fonts whose ascender and descender span less than an em),
    which costs about a sixth of plain text extraction and 40% of the `dict` one. For plain
    text a box only decides whether the glyph lies off the page: the answer can differ only
    for a glyph that straddles the page edge, and the text of every corpus PDF is the same
    either way. For the layout lines, x positions, text, sizes and weights stay the same and
    only the tops and bottoms move (MuPDF's boxes are a tenth shorter at the median), and
    every corpus bibliography is split and parsed exactly as with the corrected boxes. The
    switch is process-wide in PyMuPDF, so it is restored at once.
    """
    before = pymupdf.TOOLS.unset_quad_corrections()
    pymupdf.TOOLS.unset_quad_corrections(True)
    try:
        yield
    finally:
        pymupdf.TOOLS.unset_quad_corrections(before)


def peek_pdf(path: Path) -> tuple[int, str, str | None] | None:
    """Page count, first page's text and arXiv stamp of a PDF that opens, repaired or not (a
    copy a viewer saved with its annotations); None when it does not open (not a PDF, an
    empty or encrypted one). Tells an annotated copy of a paper from another PDF."""
    try:
        doc = open_pdf(path)
    except PdfError:
        return None
    try:
        with _plain_glyph_boxes():
            page = doc.load_page(0)
            _, blocks = _text_page(page)
        pages, stamp = page_texts([blocks], [page.rect.height])
        first = repair_text(pages[0]) if pages else ""
        return doc.page_count, first, first_page_stamp(stamp, first)
    except Exception:  # (PyMuPDF's own errors on a file it half opens)
        return None
    finally:
        doc.close()


def _text_page(page: pymupdf.Page) -> tuple[Any, list[Block]]:
    """A page's text page and its text blocks, without its annotations: they are deleted in
    memory only (the file is never written), since a reviewer's highlights and notes in a
    kept copy are not the paper's text, references or facets. Deleting costs nothing on a
    page without any (arXiv's links are no annotations)."""
    while page.first_annot is not None:
        page.delete_annot(page.first_annot)
    textpage = page.get_textpage(flags=TEXT_FLAGS)
    return textpage, [block[:5] for block in textpage.extractBLOCKS() if block[6] == 0]


def read_pdf(
    path: Path,
    repaired_ok: bool = False,
    text_ready: Callable[[list[str]], None] | None = None,
) -> PdfDocument:
    """Text of every page in reading order, the arXiv stamp, the PDF's own metadata, and the
    layout lines of the bibliography pages. A file MuPDF must repair is refused (a download
    cut short), unless `repaired_ok`: a kept copy a viewer saved (see library._same_document).

    Each page is extracted once into a text page. Its text comes from PyMuPDF's blocks (the
    same text as its plain text, in the same order, for about the same cost) because their
    positions tell running headers, footers, page numbers, line numbers and the arXiv stamp
    from the body, which `page_texts` leaves out so they do not end up inside sentences. The
    detailed (and four times dearer) layout is extracted from the same text pages, only for
    the pages that hold the bibliography. Both use MuPDF's own glyph boxes (see
    `_plain_glyph_boxes`).

    `text_ready` is given the pages' text as soon as it is final, before the bibliography's
    layout is read: the facet worker starts on it while this process finishes the PDF. It may
    get the text of a PDF that is then refused.
    """
    doc = open_pdf(path)
    try:
        if not repaired_ok:
            _check_not_repaired(doc, path)
        textpages = []
        sizes = []
        blocks = []
        with _plain_glyph_boxes():
            for page in doc:  # type: ignore[attr-defined]  # Document is iterable
                textpage, page_blocks = _text_page(page)
                textpages.append(textpage)
                sizes.append((page.rect.width, page.rect.height))
                blocks.append(page_blocks)
        pages, stamp = page_texts(blocks, [height for _, height in sizes])
        pages = [repair_text(text) for text in pages]
        if text_ready is not None:
            text_ready(pages)
        bib_lines: list[PdfLine] = []
        with _plain_glyph_boxes():
            for index in find_bibliography_pages(pages):
                bib_lines.extend(layout_lines(textpages[index], index, sizes[index][0]))
        if not repaired_ok:
            _check_not_repaired(doc, path)  # MuPDF may repair a broken file only once read
        meta = doc.metadata or {}
        return PdfDocument(
            pages=pages,
            page_count=doc.page_count,
            has_text=any(p.strip() for p in pages),
            title=(meta.get("title") or "").strip() or None,
            author=(meta.get("author") or "").strip() or None,
            arxiv_stamp=first_page_stamp(stamp, pages[0]) if pages else None,
            stamp_in_margin=bool(stamp and find_stamp(stamp)),
            bib_lines=bib_lines,
            first_page_whole=repair_text("".join(b[4] for b in blocks[0])) if blocks else "",
        )
    except PdfError:
        raise
    except Exception as exc:
        raise PdfError(f"cannot read PDF {path}: {exc}") from None
    finally:
        doc.close()
