"""The only module that imports PyMuPDF: text in reading order, the arXiv stamp, layout lines.

Imported lazily by the core so read-only commands never pay for `import pymupdf`.
"""

from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import Iterator
from pathlib import Path

import pymupdf

from .errors import PdfError
from .models import PdfDocument, PdfLine
from .references import assign_columns, find_bibliography_pages, normalise_text

# PyMuPDF's plain text flags. Ligatures are kept and expanded by normalise_text, which also
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
        doc = pymupdf.open(path, filetype="pdf")
    except Exception as exc:  # PyMuPDF raises its own FileDataError and RuntimeError
        raise PdfError(f"cannot open PDF {path}: {exc}") from None
    if doc.needs_pass:
        doc.close()
        raise PdfError(f"encrypted PDF (needs a password): {path}")
    if doc.page_count == 0:
        doc.close()
        raise PdfError(f"PDF has no pages: {path}")
    return doc


def verify_pdf(path: Path) -> int:
    """Check that a downloaded file is a complete PDF; returns its page count."""
    doc = open_pdf(path)
    try:
        count = doc.page_count
        # Loading the last page catches bodies cut off before the end of the page tree.
        doc.load_page(count - 1).get_text("text")
        if doc.is_repaired:
            raise PdfError(f"damaged or truncated PDF: {path}")
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


@contextlib.contextmanager
def _plain_glyph_boxes() -> Iterator[None]:
    """Let PyMuPDF take MuPDF's own glyph boxes while it writes plain text.

    For plain text a glyph's box only decides whether the glyph lies off the page. PyMuPDF
    first re-derives the box from the font's ascender and descender (taller boxes for the
    many TeX fonts whose ascender and descender span less than an em), at a cost of about a
    sixth of the whole text extraction; the answer can differ only for a glyph that straddles
    the page edge, and the text of every corpus PDF is the same either way. The layout lines
    keep the corrected boxes: they are extracted after this. The switch is process-wide in
    PyMuPDF, so it is restored at once.
    """
    before = pymupdf.TOOLS.unset_quad_corrections()
    pymupdf.TOOLS.unset_quad_corrections(True)
    try:
        yield
    finally:
        pymupdf.TOOLS.unset_quad_corrections(before)


def read_pdf(path: Path) -> PdfDocument:
    """Text of every page in reading order, the arXiv stamp, the PDF's own metadata, and the
    layout lines of the bibliography pages.

    Plain text is extracted once per page; the detailed (and four times dearer) layout is
    extracted from the same text pages, only for the pages that hold the bibliography.
    """
    doc = open_pdf(path)
    try:
        if doc.is_repaired:
            raise PdfError(f"damaged or truncated PDF: {path}")
        textpages = []
        widths = []
        pages = []
        with _plain_glyph_boxes():
            for page in doc:
                textpage = page.get_textpage(flags=TEXT_FLAGS)
                textpages.append(textpage)
                widths.append(page.rect.width)
                pages.append(normalise_text(textpage.extractText()))
        bib_lines: list[PdfLine] = []
        for index in find_bibliography_pages(pages):
            bib_lines.extend(layout_lines(textpages[index], index, widths[index]))
        meta = doc.metadata or {}
        return PdfDocument(
            pages=pages,
            page_count=doc.page_count,
            has_text=any(p.strip() for p in pages),
            title=(meta.get("title") or "").strip() or None,
            author=(meta.get("author") or "").strip() or None,
            arxiv_stamp=find_stamp(pages[0]) if pages else None,
            bib_lines=bib_lines,
        )
    except PdfError:
        raise
    except Exception as exc:
        raise PdfError(f"cannot read PDF {path}: {exc}") from None
    finally:
        doc.close()
