"""Reading PDFs: generated ones for the edge cases, corpus ones against the truth lists."""

from __future__ import annotations

import difflib
import json
import subprocess
import sys
from pathlib import Path

import pymupdf
import pytest
from fake_arxiv import CORPUS_PAPERS

from papers.errors import PdfError
from papers.pdf import (
    TypeLine,
    authors_from_lines,
    find_stamp,
    first_page_heading,
    read_pdf,
    title_from_lines,
    verify_pdf,
)
from papers.references import extract_references

ENTRIES = [
    "[1] A. Author and B. Writer. Quantized networks for everyone. In ICML, 2020.",
    "[2] C. Person. Low-bit inference at scale. arXiv preprint arXiv:2101.00001, 2021.",
    "[3] D. Scholar. A third paper. Journal of Results, 2019.",
]


def make_pdf(path: Path, with_references: bool = True) -> Path:
    doc = pymupdf.open()
    page = doc.new_page()
    y = 72
    for line in ["A Study of Quantization", "1 Introduction", "We quantize models to 4 bits."]:
        page.insert_text((72, y), line, fontsize=11)
        y += 16
    if with_references:
        page = doc.new_page()
        page.insert_text((72, 72), "References", fontsize=14)
        y = 100
        for entry in ENTRIES:
            page.insert_text((72, y), entry, fontsize=8)
            y += 14
    doc.save(path)
    doc.close()
    return path


def test_generated_pdf_bibliography(tmp_path):
    doc = read_pdf(make_pdf(tmp_path / "paper.pdf"))
    assert doc.page_count == 2 and doc.has_text
    assert "We quantize models" in doc.pages[0]
    assert {line.page for line in doc.bib_lines} == {1}
    refs = extract_references(doc)
    assert [r.marker for r in refs] == ["[1]", "[2]", "[3]"]
    assert [r.n for r in refs] == [1, 2, 3]
    assert refs[1].raw == ENTRIES[1].removeprefix("[2] ")
    assert refs[1].arxiv == "2101.00001"
    assert refs.warnings == []


def test_pdf_without_bibliography_gives_no_references_and_a_warning(tmp_path):
    doc = read_pdf(make_pdf(tmp_path / "plain.pdf", with_references=False))
    assert doc.bib_lines == []
    refs = extract_references(doc)
    assert refs == []
    assert refs.warnings


def test_truncated_pdf_raises_pdf_error(tmp_path):
    whole = make_pdf(tmp_path / "whole.pdf").read_bytes()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(PdfError):
        read_pdf(cut)
    with pytest.raises(PdfError):
        verify_pdf(cut)


def test_encrypted_pdf_raises_pdf_error(tmp_path):
    source = pymupdf.open(make_pdf(tmp_path / "open.pdf"))
    locked = tmp_path / "locked.pdf"
    source.save(locked, encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw="owner", user_pw="secret")
    source.close()
    with pytest.raises(PdfError, match="encrypted"):
        read_pdf(locked)


def test_not_a_pdf_and_missing_file(tmp_path):
    html = tmp_path / "error.pdf"
    html.write_text("<html>rate limited</html>")
    with pytest.raises(PdfError, match="not a PDF"):
        read_pdf(html)
    with pytest.raises(PdfError):
        read_pdf(tmp_path / "missing.pdf")


def test_a_pdf_cut_short_or_past_its_header_says_it_is_damaged(corpus, tmp_path):
    # a real PDF cut off at 200 KB said "PDF has no pages"; an HTML page behind a %PDF
    # header said MuPDF's "Failed to open file '...' as type pdf." with its name twice
    cut = tmp_path / "cut.pdf"
    cut.write_bytes((corpus / "pdf" / "2210.17323.pdf").read_bytes()[:200_000])
    with pytest.raises(PdfError, match=f"^damaged or truncated PDF: {cut}$"):
        read_pdf(cut)
    fake = tmp_path / "fake.pdf"
    fake.write_bytes(b"%PDF-1.4\n<html>hello</html>")
    with pytest.raises(PdfError) as failed:
        read_pdf(fake)
    assert str(failed.value) == f"damaged PDF, MuPDF cannot open it: {fake}"


def test_find_stamp():
    assert find_stamp("arXiv:2210.17323v2  [cs.LG]  22 Mar 2023") == "2210.17323v2"
    assert find_stamp("no stamp here") is None


def truth(corpus: Path, paper: str) -> list[dict]:
    lines = (corpus / "truth" / f"{paper}.jsonl").read_text().splitlines()
    return [json.loads(line) for line in lines if line]


@pytest.mark.parametrize(
    "paper", ["1712.05877", "1806.08342", "2102.05426", "2208.07339", "2210.17323", "2306.00978"]
)
def test_corpus_reference_lists_match_truth(corpus, paper):
    expected = truth(corpus, paper)
    refs = extract_references(read_pdf(corpus / "pdf" / f"{paper}.pdf"))
    assert len(refs) == len(expected)
    same = sum(r.raw == t["raw"] for r, t in zip(refs, expected, strict=True))
    assert same >= 0.8 * len(expected)  # the rest differ only where the text layer does
    assert [r.marker for r in refs] == [t["marker"] for t in expected]


def test_corpus_exact_raws(corpus):
    """Cases the layout rules exist for: back-references, two columns, accents, hyphens."""
    two_column = extract_references(read_pdf(corpus / "pdf" / "1712.05877.pdf"))
    expected = truth(corpus, "1712.05877")
    for index in (0, 18, 19, 34):  # backrefs, URL overflowing the column, last entry
        assert two_column[index].raw == expected[index]["raw"]
    author_year = extract_references(read_pdf(corpus / "pdf" / "2210.17323.pdf"))
    expected = truth(corpus, "2210.17323")
    laurencon = next(r for r in author_year if r.raw.startswith("Hugo Lauren"))
    assert laurencon.raw == next(t["raw"] for t in expected if "BigScience" in t["raw"])
    assert author_year[-1].raw == expected[-1]["raw"]
    awq = extract_references(read_pdf(corpus / "pdf" / "2306.00978.pdf"))
    expected = truth(corpus, "2306.00978")
    assert awq[23].raw == expected[23]["raw"]  # integer-arithmetic-only kept


HELDOUT = Path(__file__).resolve().parent / "data" / "references_heldout"


@pytest.mark.parametrize("paper", sorted(p.stem for p in HELDOUT.glob("*.jsonl")))
def test_heldout_reference_lists_match_truth(corpus, paper):
    """Papers whose lists were hand-checked independently of the rules: every entry found,
    titles, first authors and author lists at the targets."""
    lines = (HELDOUT / f"{paper}.jsonl").read_text(encoding="utf-8").splitlines()
    expected = [json.loads(line) for line in lines if line]
    refs = extract_references(read_pdf(corpus / "pdf" / f"{paper}.pdf"))
    assert len(refs) == len(expected)
    pairs = list(zip(refs, expected, strict=True))
    assert sum(r.raw == t["raw"] for r, t in pairs) >= 0.8 * len(pairs)
    assert sum(r.title == t["title"] for r, t in pairs) >= 0.95 * len(pairs)
    assert sum(r.authors[:1] == t["authors"][:1] for r, t in pairs) >= 0.98 * len(pairs)
    assert sum(r.authors == t["authors"] for r, t in pairs) >= 0.95 * len(pairs)
    assert [r.arxiv for r in refs] == [t["arxiv"] for t in expected]


def test_heldout_exact_raws(corpus):
    """Line-end hyphens without evidence in the paper, and URLs cut at a dot or a scheme."""
    lora = extract_references(read_pdf(corpus / "pdf" / "2106.09685.pdf"))
    assert "via over-parameterization. In ICML" in lora[4].raw
    assert "abs/1811.03962." in lora[4].raw
    assert "A human-annotated dialogue" in lora[16].raw
    assert lora[18].doi == "10.1145/1390156.1390204"
    assert lora[27].url == "http://arxiv.org/abs/1804.08838"
    vllm = extract_references(read_pdf(corpus / "pdf" / "2309.06180.pdf"))
    assert vllm[20].title is not None and "{GPU-accelerated}" in vllm[20].title


def test_corpus_pages_in_reading_order(corpus):
    doc = read_pdf(corpus / "pdf" / "2210.17323.pdf")
    assert doc.arxiv_stamp and doc.arxiv_stamp.startswith("2210.17323v")
    assert doc.page_count == len(doc.pages)
    assert "ﬁ" not in doc.text and "efficient" in doc.text
    assert {line.page for line in doc.bib_lines} == {9, 10, 11}


def test_every_corpus_pdf_reads(corpus):
    paths = [
        p for folder in ("pdf", "nostamp", "versions") for p in (corpus / folder).glob("*.pdf")
    ]
    assert paths
    for path in paths:
        refs = extract_references(read_pdf(path))
        assert 10 <= len(refs) <= 120, path.name


def test_page_text_is_pymupdfs_own_plain_text(corpus):
    """read_pdf skips PyMuPDF's glyph-box correction while writing plain text (for speed):
    the text must stay what `page.get_text()` gives, less the page numbers and the stamp,
    and the switch must be restored."""
    from papers.glyphs import repair_text

    path = corpus / "pdf" / "1712.05877.pdf"
    doc = read_pdf(path)
    assert pymupdf.TOOLS.unset_quad_corrections() is False
    with pymupdf.open(path) as plain:
        for number, (ours, page) in enumerate(zip(doc.pages, plain, strict=True), start=1):
            theirs = repair_text(page.get_text()).splitlines(keepends=True)
            furniture = {f"{number}\n", "arXiv:1712.05877v1  [cs.LG]  15 Dec 2017\n"}
            edits = difflib.SequenceMatcher(None, theirs, ours.splitlines(keepends=True))
            removed = []
            for op, i1, i2, _, _ in edits.get_opcodes():
                assert op in ("equal", "delete"), (number, theirs[i1:i2])
                removed += theirs[i1:i2] if op == "delete" else []
            assert set(removed) <= furniture and len(removed) == len(set(removed))


def test_layout_lines_are_pymupdfs_dict_lines(corpus):
    """The bibliography lines are PyMuPDF's `dict` lines of those pages (rotated and blank
    ones left out), with MuPDF's own glyph boxes: the same text and x positions as the
    corrected boxes, tops and bottoms within the corrected ones."""
    path = corpus / "pdf" / "2210.17323.pdf"
    doc = read_pdf(path)
    assert pymupdf.TOOLS.unset_quad_corrections() is False
    pages = sorted({line.page for line in doc.bib_lines})
    assert pages
    with pymupdf.open(path) as plain:
        corrected = []
        for index in pages:
            for block in plain[index].get_text("dict")["blocks"]:
                for line in block.get("lines", ()):
                    text = "".join(span["text"] for span in line["spans"])
                    if abs(line["dir"][1]) <= 0.1 and text.strip():
                        corrected.append((index, text, line["bbox"]))
    assert len(corrected) == len(doc.bib_lines)
    for ours, (index, text, (x0, y0, x1, y1)) in zip(doc.bib_lines, corrected, strict=True):
        assert (ours.page, ours.text, ours.x0, ours.x1) == (index, text, x0, x1)
        assert y0 - 0.01 <= ours.y0 < ours.y1 <= y1 + 0.01


def test_damaged_pdf_prints_no_mupdf_messages(tmp_path):
    """MuPDF would print "MuPDF error: ..." to stdout, corrupting --json output. Run in a
    child process: PyMuPDF writes to the stdout it found at import, out of pytest's reach."""
    doc = pymupdf.open()
    for text in ("First page", "Second page"):
        doc.new_page().insert_text((72, 72), text)
    data = doc.tobytes(deflate=False)
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(data.replace(b"<</Length ", b"<</Le}}{{ ", 1))  # same byte length
    code = (
        "import sys, pymupdf; from pathlib import Path; from papers.pdf import read_pdf\n"
        "doc = read_pdf(Path(sys.argv[1]))\n"
        "assert 'invalid key' in pymupdf.TOOLS.mupdf_warnings()  # MuPDF did complain\n"
        "print(repr(doc.pages[1].strip()))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code, str(damaged)], capture_output=True, text=True, check=True
    )
    assert run.stdout == "'Second page'\n"
    assert run.stderr == ""


# ---------------------------------------------------------------- the printed title


def titled_pdf(path: Path, title_lines: list[str], size: float = 17.0) -> Path:
    """A first page as papers set it: a small running header, the title in large type over
    one or more lines, authors and an abstract in body type; no title in the metadata."""
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 40), "Published as a conference paper at ICLR 2024", fontsize=9)
    y = 90.0
    for line in title_lines:
        page.insert_text((72, y), line, fontsize=size)
        y += size * 1.2
    for line in ["Ada Author, Bo Writer", "University of Somewhere", "Abstract"]:
        y += 14
        page.insert_text((72, y), line, fontsize=10)
    page.insert_text((72, y + 14), "Large language models are costly to serve.", fontsize=10)
    doc.save(path)
    doc.close()
    return path


def test_the_title_is_the_largest_type_over_all_its_lines(tmp_path):
    pdf = titled_pdf(tmp_path / "t.pdf", ["Quantizing Everything:", "A Study at Four Bits"])
    assert first_page_heading(pdf)[0] == "Quantizing Everything: A Study at Four Bits"


def test_a_word_broken_at_the_title_line_end_is_joined_a_hyphenated_one_is_not(tmp_path):
    # "LANGUAGE" is a word of the page (the abstract), "POSTTRAINING" is not
    pdf = titled_pdf(tmp_path / "t.pdf", ["POST-", "TRAINING FOR LARGE LAN-", "GUAGE MODELS"])
    assert first_page_heading(pdf)[0] == "POST-TRAINING FOR LARGE LANGUAGE MODELS"
    # a compound whose second part is in lower case keeps its hyphen too
    pdf = titled_pdf(tmp_path / "u.pdf", ["Efficient Activation-", "aware Quantization"])
    assert first_page_heading(pdf)[0] == "Efficient Activation-aware Quantization"


def test_small_capitals_mix_two_sizes_in_one_title():
    # "GPTQ: A" at 17.2 points, "CCURATE" at 13.8; the second line only has the smaller size
    lines = [
        TypeLine("Published as a conference paper", 27.8, 108, 10.0, 10.0),
        TypeLine("GPTQ: ACCURATE POST-TRAINING QUANTIZATION", 80.5, 108, 17.2, 13.8),
        TypeLine("FOR GENERATIVE PRE-TRAINED TRANSFORMERS", 100.0, 108, 17.2, 13.8),
        TypeLine("QUANTIZATION BY BLOCK", 117.0, 108, 13.8, 13.8),
        TypeLine("Elias Frantar", 135.0, 108, 10.0, 7.0),
    ]
    assert title_from_lines(lines, 792.0) == (
        "GPTQ: ACCURATE POST-TRAINING QUANTIZATION FOR GENERATIVE PRE-TRAINED TRANSFORMERS"
        " QUANTIZATION BY BLOCK"
    )
    assert title_from_lines([], 792.0) is None


def test_no_title_stands_out_when_the_page_is_set_in_one_size(tmp_path):
    # a title no larger than the text: the first line is a better guess than the whole page
    pdf = titled_pdf(tmp_path / "t.pdf", ["A Study of Quantization"], size=10.0)
    assert first_page_heading(pdf)[0] is None
    lines = [TypeLine("Published as a conference paper", 27.8, 108, 10.0, 10.0)]
    assert title_from_lines(lines, 792.0) is None


def test_a_footnote_mark_in_the_title_does_not_pull_in_the_authors(tmp_path):
    path = tmp_path / "t.pdf"
    doc = pymupdf.open()
    page = doc.new_page()
    title = 'Quantizing Everything at Four Bits<sup style="font-size:8px">*</sup>'
    page.insert_htmlbox(pymupdf.Rect(72, 60, 540, 100), f'<p style="font-size:17px">{title}</p>')
    page.insert_text((72, 112), "Ada Author, Bo Writer", fontsize=10)
    page.insert_text((72, 126), "University of Somewhere", fontsize=10)
    page.insert_text((72, 160), "Large language models are costly to serve, so we", fontsize=10)
    page.insert_text(
        (72, 172), "quantize them to four bits and measure what it costs.", fontsize=10
    )
    doc.save(path)
    doc.close()
    assert first_page_heading(path)[0] == "Quantizing Everything at Four Bits"


@pytest.mark.parametrize(
    ("name", "title"),
    [
        (
            "2308.13137",
            "OMNIQUANT: OMNIDIRECTIONALLY CALIBRATED QUANTIZATION FOR LARGE LANGUAGE MODELS",
        ),
        (
            "2210.17323",
            "GPTQ: ACCURATE POST-TRAINING QUANTIZATION FOR GENERATIVE PRE-TRAINED TRANSFORMERS",
        ),
        ("2106.09685", "LORA: LOW-RANK ADAPTATION OF LARGE LANGUAGE MODELS"),
        (
            "2306.00978",
            "AWQ: Activation-aware Weight Quantization for LLM Compression and Acceleration",
        ),
    ],
)
def test_printed_titles_of_corpus_papers(corpus, name, title):
    assert first_page_heading(corpus / "pdf" / f"{name}.pdf")[0] == title


def typeline(text: str, y0: float, x0: float = 108, size: float = 10.0, marked: str = ""):
    """A first page's line as first_page_heading reads it, about 6 points a character wide."""
    return TypeLine(text, y0, x0, size, size, x0 + 6 * len(text), marked)


TITLE = typeline("Quantizing Everything at Four Bits", 80, size=17.2)
ABSTRACT = typeline("Abstract", 300, x0=280, size=12)
BODY = [
    typeline("We quantize large language models to four bits and more.", 320 + i) for i in range(20)
]


def test_the_authors_are_the_names_under_the_title():
    lines = [
        TITLE,
        typeline("Tim Dettmers, Mike Lewis and Younes Belkada & Luke Zettlemoyer", 120),
        typeline("University of Washington", 140),
        ABSTRACT,
        typeline("Quantization Matters", 310),  # (a heading below the abstract is no one)
        *BODY,
    ]
    assert authors_from_lines(lines, 792.0) == [
        "Tim Dettmers",
        "Mike Lewis",
        "Younes Belkada",
        "Luke Zettlemoyer",
    ]
    # no title found, no place to read the authors from: none rather than a guess
    assert authors_from_lines([typeline("Tim Dettmers, Mike Lewis", 120), *BODY], 792.0) == []


def test_footnote_marks_and_affiliation_numbers_part_the_names():
    # "Ji Lin¹* Jiaming Tang¹²* Song Han¹": the marks are left out of the text, which runs
    # the names together, and stand as commas in what the byline is read from
    byline = typeline("Ji LinJiaming TangSong Han", 120, marked="Ji Lin,,Jiaming Tang,,,Song Han,")
    numbered = typeline("Tim Dettmers 1 Luke Zettlemoyer 2", 134)
    lines = [TITLE, byline, numbered, ABSTRACT, *BODY]
    assert authors_from_lines(lines, 792.0) == [
        "Ji Lin",
        "Jiaming Tang",
        "Song Han",
        "Tim Dettmers",
        "Luke Zettlemoyer",
    ]


def test_a_name_broken_at_a_line_end_is_read_whole():
    lines = [
        TITLE,
        typeline("Yury Nahshan1, Chaim Baskin2, Evgenii", 120),
        typeline("Zheltonozhskii2[0000-0002-5400-9321], Ron Banner1, and", 132),
        typeline("Mart van Baalen, Daniel Y. Fu", 144),
        ABSTRACT,
        *BODY,
    ]
    assert authors_from_lines(lines, 792.0) == [
        "Yury Nahshan",
        "Chaim Baskin",
        "Evgenii Zheltonozhskii",
        "Ron Banner",
        "Mart van Baalen",
        "Daniel Y. Fu",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "IST Austria",  # an acronym names an institution, not a person
        "ETH Zurich",
        "Microsoft Corporation",
        "Tim Dettmers, University of Washington",  # a line with anything but names: none
        "dettmers@cs.washington.edu",
        "June 24, 2022",
        "(Version 2)",
    ],
)
def test_a_line_holding_anything_but_names_gives_none(text):
    assert authors_from_lines([TITLE, typeline(text, 120), ABSTRACT, *BODY], 792.0) == []


def test_below_an_affiliation_a_name_is_read_only_where_it_heads_a_block():
    # names, then the affiliations listed one under another, of which "Santa Clara" reads as
    # a name (as LLM.int8()'s "Hugging Face" under "Facebook AI Research")
    listed = [
        TITLE,
        typeline("Tim Dettmers", 176, x0=127),
        typeline("Mike Lewis", 176, x0=217),
        typeline("University of Washington", 217, x0=252),
        typeline("NVIDIA", 228, x0=258),
        typeline("Santa Clara", 240, x0=256),
        ABSTRACT,
        *BODY,
    ]
    assert authors_from_lines(listed, 792.0) == ["Tim Dettmers", "Mike Lewis"]
    # SpQR's: a block per author (name, affiliation), in rows; the second row's names come
    # after the first row's affiliations
    blocks = [
        TITLE,
        typeline("Tim Dettmers", 172, x0=146),
        typeline("University of Washington", 182, x0=126),
        typeline("Vage Egiazarian", 172, x0=399),
        typeline("HSE University & Yandex", 182, x0=381),
        typeline("Elias Frantar", 213, x0=220),
        typeline("IST Austria", 222, x0=225),
        ABSTRACT,
        *BODY,
    ]
    assert authors_from_lines(blocks, 792.0) == ["Tim Dettmers", "Vage Egiazarian", "Elias Frantar"]


def test_names_side_by_side_are_read_left_to_right():
    # a line whose name bears a mark starts higher on the page than its neighbour's
    lines = [
        TITLE,
        typeline("Tim Dettmers", 162, x0=154),
        typeline("Artidoro Pagnoni", 160, x0=266, marked="Artidoro Pagnoni,"),
        ABSTRACT,
        *BODY,
    ]
    assert authors_from_lines(lines, 792.0) == ["Tim Dettmers", "Artidoro Pagnoni"]


@pytest.mark.parametrize("arxiv_id", sorted(CORPUS_PAPERS))
def test_printed_authors_of_corpus_papers(corpus, arxiv_id):
    """The authors each corpus paper's first page prints (read by hand: fake_arxiv.py)."""
    _, authors = first_page_heading(corpus / "pdf" / f"{arxiv_id}.pdf")
    assert authors == list(CORPUS_PAPERS[arxiv_id][0])


def test_the_stored_text_has_no_c0_or_c1_control_characters():
    from papers.models import PdfDocument

    doc = PdfDocument(pages=["a\x00b\x85c\x9bd\te\nf", "g"], page_count=2, has_text=True)
    assert doc.text == "a b c d\te\nf\fg"


# ------------------------------------------- first pages laid out as a reviewer found them


def first_page(path: Path, header: list[tuple[str, float, float, float]]) -> Path:
    """A US-letter first page: the title at 17 points, then `header` (text, size, x,
    baseline), then "Abstract" and a body of ten-point text."""
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    page.insert_text((100, 90), "Quantizing Everything at Four Bits", fontsize=17)
    for text, size, x, y in header:
        page.insert_text((x, y), text, fontsize=size)
    page.insert_text((280, 330), "Abstract", fontsize=12, fontname="hebo")
    body = "We study quantization of large language models to low bit widths in this work."
    for i in range(30):
        page.insert_text((72, 350 + i * 12), body, fontsize=10)
    doc.save(path)
    doc.close()
    return path


def test_a_place_under_its_author_in_smaller_type_is_no_author(tmp_path):
    # a block per author (name, then the city in smaller type), two authors to a row
    pdf = first_page(
        tmp_path / "p.pdf",
        [
            ("Alice Smith", 11, 100, 130),
            ("Bob Jones", 11, 300, 130),
            ("Mountain View", 10, 105, 143),
            ("New York", 10, 305, 143),
            ("Dan Brown", 11, 200, 185),
            ("Palo Alto", 10, 200, 198),
        ],
    )
    assert first_page_heading(pdf)[1] == ["Alice Smith", "Bob Jones", "Dan Brown"]


def test_an_address_under_the_names_lends_no_word_to_the_next_line(tmp_path):
    # "California" is no first name broken at the line end whose surname is "Hong Kong"
    pdf = first_page(
        tmp_path / "p.pdf",
        [
            ("Alice Smith, Bob Jones", 11, 150, 130),
            ("Santa Clara, California", 10, 200, 150),
            ("Hong Kong", 10, 200, 165),
        ],
    )
    # ("Santa Clara" in smaller type, too far under the names to be their affiliation, could
    # as well be the byline under a subtitle: none rather than a guess)
    assert first_page_heading(pdf)[1] == []
    # in the names' own type: a word carried to a line that holds no names was no first name
    lines = [
        TITLE,
        typeline("Tim Dettmers, Mike Lewis, Luke", 120),
        typeline("University of Washington", 132),
        ABSTRACT,
        *BODY,
    ]
    assert authors_from_lines(lines, 792.0) == []
    # nor is a name read in part: a surname in a line not read ("White" under an affiliation)
    lines = [
        TITLE,
        typeline("Tim Dettmers", 120),
        typeline("University of Washington", 132),
        typeline("Mike Lewis, Luke", 160),
        typeline("Zettlemoyer", 172),
        ABSTRACT,
        *BODY,
    ]
    assert authors_from_lines(lines, 792.0) == []


@pytest.mark.parametrize(
    ("header", "authors"),
    [
        (
            [("Supplementary Material", 14, 200, 115), ("Alice Smith, Bob Jones", 11, 150, 140)],
            ["Alice Smith", "Bob Jones"],
        ),
        # a subtitle in words a name could hold: names in two types, none read
        ([("Sparse Relaxations", 14, 200, 115), ("Alice Smith, Bob Jones", 11, 150, 140)], []),
        ([("Technical Report", 11, 250, 130), ("Alice Smith", 11, 250, 150)], ["Alice Smith"]),
        ([("Large Language Models", 11, 250, 130)], []),
        (
            [("Efficient Deep Learning", 11, 250, 130), ("Alice Smith", 11, 250, 150)],
            ["Alice Smith"],
        ),
    ],
)
def test_a_subtitle_or_label_over_the_byline_is_no_author(tmp_path, header, authors):
    assert first_page_heading(first_page(tmp_path / "p.pdf", header))[1] == authors


def test_a_team_is_no_person(tmp_path):
    pdf = first_page(tmp_path / "p.pdf", [("Llama Team", 11, 250, 130)])
    assert first_page_heading(pdf)[1] == []
