"""The only module that imports PyMuPDF: text in reading order, the arXiv stamp, layout lines.

Imported lazily by the core so read-only commands never pay for `import pymupdf`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pymupdf

from .errors import PdfError
from .models import PdfDocument

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


def read_pdf(path: Path) -> PdfDocument:
    """Text of every page in reading order, the arXiv stamp and the PDF's own metadata."""
    doc = open_pdf(path)
    try:
        if doc.is_repaired:
            raise PdfError(f"damaged or truncated PDF: {path}")
        pages = [page.get_text("text") for page in doc]
        meta = doc.metadata or {}
        return PdfDocument(
            pages=pages,
            page_count=doc.page_count,
            has_text=any(p.strip() for p in pages),
            title=(meta.get("title") or "").strip() or None,
            author=(meta.get("author") or "").strip() or None,
            arxiv_stamp=find_stamp(pages[0]) if pages else None,
        )
    except PdfError:
        raise
    except Exception as exc:
        raise PdfError(f"cannot read PDF {path}: {exc}") from None
    finally:
        doc.close()
