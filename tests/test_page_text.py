"""Page text in reading order without running headers, footers, page numbers or the stamp."""

from __future__ import annotations

from pathlib import Path

import pymupdf

from papers.pdf import page_texts, read_pdf

HEADER = "Proceedings of the Workshop on Tests 2024"
STAMP = "arXiv:2101.00001v2  [cs.LG]  5 Jan 2021"
# Two columns per page; the last sentence of each page runs on to the next one.
COLUMNS = [
    (
        ["Quantization maps weights", "to a few bits and keeps", "accuracy when calibrated."],
        ["A second column follows", "the first one, and the", "quantized weights are"],
    ),
    (
        ["stored in four bits with", "one scale per group of", "one hundred weights."],
        ["Activations stay in", "sixteen bits, so the", "matrix products run"],
    ),
    (
        ["in mixed precision on", "current accelerators.", "Results follow below."],
        ["Perplexity grows by less", "than one point on every", "model we tried."],
    ),
]


def make_two_column_pdf(path: Path, stamp: bool = True, line_numbers: bool = False) -> Path:
    """Pages as LaTeX writes them: header, left column, right column, page number."""
    doc = pymupdf.open()
    line_no = 0
    for number, (left, right) in enumerate(COLUMNS, start=1):
        page = doc.new_page(width=612, height=792)
        page.insert_text((180, 40), HEADER, fontsize=9)
        for x, lines in ((72, left), (320, right)):
            for row, line in enumerate(lines):
                page.insert_text((x, 100 + 14 * row), line, fontsize=10)
        if line_numbers:  # a review copy: every row of the page numbered in the left margin
            for row in range(8):
                line_no += 1
                page.insert_text((40, 100 + 14 * row), f"{line_no:03d}", fontsize=7)
        page.insert_text((303, 760), str(number), fontsize=10)
        if stamp and number == 1:
            page.insert_text((30, 600), STAMP, fontsize=16, rotate=90)
    doc.save(path)
    doc.close()
    return path


def expected_pages() -> list[str]:
    return ["".join(line + "\n" for line in left + right) for left, right in COLUMNS]


def test_generated_two_column_pages_read_column_by_column_without_furniture(tmp_path):
    doc = read_pdf(make_two_column_pdf(tmp_path / "two.pdf"))
    assert doc.pages == expected_pages()
    assert doc.arxiv_stamp == "2101.00001v2"
    assert "quantized weights are\n\fstored in four bits" in doc.text
    assert "arXiv" not in doc.text and HEADER not in doc.text
    assert doc.has_text


def test_review_copy_line_numbers_are_dropped(tmp_path):
    doc = read_pdf(make_two_column_pdf(tmp_path / "review.pdf", stamp=False, line_numbers=True))
    assert doc.pages == expected_pages()
    assert doc.arxiv_stamp is None


def test_pdf_with_only_an_image_has_no_text(tmp_path):
    pixmap = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 40, 40), False)
    pixmap.set_rect(pixmap.irect, (200, 30, 30))
    doc = pymupdf.open()
    for _ in range(2):
        doc.new_page().insert_image(pymupdf.Rect(72, 72, 300, 300), pixmap=pixmap)
    path = tmp_path / "scan.pdf"
    doc.save(path)
    doc.close()
    read = read_pdf(path)
    assert read.has_text is False
    assert read.pages == ["", ""] and read.page_count == 2
    assert read.arxiv_stamp is None and read.bib_lines == []


# Blocks as PyMuPDF gives them: x0, y0, x1, y1, text; a US letter page is 792 points high.
def _page(number: int, body: str, top: str | None = None, bottom: str | None = None):
    blocks = []
    if top is not None:
        blocks.append((200.0, 30.0, 400.0, 40.0, top + "\n"))
    blocks.append((72.0, 72.0, 540.0, 700.0, body + "\n"))
    if bottom is not None:
        blocks.append((300.0, 742.0, 310.0, 752.0, bottom + "\n"))
    return blocks


def test_alternating_running_heads_and_page_numbers_go():
    heads = ["2 A. Author et al.", "A Short Title 3"] * 3
    pages = [_page(n, f"body {n}", top=heads[n]) for n in range(6)]
    texts, stamp = page_texts(pages, [792.0] * 6)
    assert texts == [f"body {n}\n" for n in range(6)]
    assert stamp is None


def test_page_number_styles_at_the_bottom():
    for folio in ("7", "- 7 -", "Page 7 of 16", "vii"):
        texts, _ = page_texts([_page(0, "body", bottom=folio)], [792.0])
        assert texts == ["body\n"], folio


def test_what_is_not_furniture_stays():
    # A word at the top of one page only, a line that repeats lower down the page, a number
    # at the top of a few pages (a tick label of figures placed alike), a last line that is
    # not alone in the bottom row: all stay.
    pages = [_page(n, "body", top="Figure 3: results") for n in range(1)]
    pages += [[(72.0, 300.0, 300.0, 310.0, "Table 1\n"), (72.0, 320.0, 540.0, 400.0, "b\n")]] * 3
    pages += [_page(n, "body", top="0.5") for n in range(3)]
    pages += [[(72.0, 72.0, 540.0, 700.0, "body\n"), (100.0, 745.0, 300.0, 755.0, "12\n"),
               (310.0, 745.0, 500.0, 755.0, "Layer 4\n")]]  # fmt: skip
    pages += [_page(n, "body") for n in range(2)]
    texts, _ = page_texts(pages, [792.0] * len(pages))
    assert texts[0] == "Figure 3: results\nbody\n"
    assert texts[1:4] == ["Table 1\nb\n"] * 3
    assert texts[4:7] == ["0.5\nbody\n"] * 3
    assert texts[7] == "body\n12\nLayer 4\n"


def test_form_feed_inside_a_page_does_not_split_it():
    texts, _ = page_texts([[(72.0, 72.0, 540.0, 700.0, "a\fb\n")]], [792.0])
    assert texts == ["a b\n"]


def test_corpus_running_header_gone_and_sentence_joins_across_pages(corpus):
    """GPTQ (ICLR 2023): header on every page, page numbers at the bottom, arXiv stamp."""
    doc = read_pdf(corpus / "pdf" / "2210.17323.pdf")
    assert "Published as a conference paper" not in doc.text
    assert "arXiv:2210.17323" not in doc.pages[0]
    assert doc.arxiv_stamp and doc.arxiv_stamp.startswith("2210.17323v")
    # Page 3 ends in the middle of a sentence that page 4 finishes.
    assert doc.pages[2].endswith("Since the corresponding objective is a quadratic,\n")
    assert doc.pages[3].startswith("whose Hessian is")
    assert "a quadratic,\n\fwhose Hessian" in doc.text
    for number, text in enumerate(doc.pages[:9], start=1):  # the body, before the references
        assert text.rstrip().splitlines()[-1] != str(number)


def test_corpus_alternating_running_heads_gone(corpus):
    """LNCS: "2 Y. Nahshan et al." on even pages, the short title and number on odd pages."""
    doc = read_pdf(corpus / "pdf" / "1911.07190.pdf")
    lines = {line.strip() for line in doc.text.splitlines()}
    assert "Y. Nahshan et al." not in lines
    assert "Loss Aware Post-Training Quantization" not in lines
    assert "Loss Aware Post-training Quantization" in doc.pages[0]  # the title stays


def test_corpus_preprint_header_of_two_lines_gone(corpus):
    doc = read_pdf(corpus / "versions" / "2210.17323v1.pdf")
    assert doc.arxiv_stamp == "2210.17323v1"
    assert "A PREPRINT" in doc.pages[0]  # the title page's own line, not a running header
    assert all("A PREPRINT" not in text for text in doc.pages[1:])


def test_corpus_two_column_page_reads_column_by_column(corpus):
    """CVPR two-column layout: the left column is read to its end before the right one."""
    page = read_pdf(corpus / "pdf" / "1712.05877.pdf").pages[2]
    order = [
        "permits efficient implementation of all arithmetic using only",  # left, top
        "2.2. Integer-arithmetic-only matrix multiplication",  # left, bottom
        "to translate real-numbers computation into quantized-values",  # left, last line
        "computation, and how the latter can be designed to involve",  # right, top
        "Consider the multiplication of two square N × N ma-",  # right
    ]
    positions = [page.index(line) for line in order]
    assert positions == sorted(positions)
