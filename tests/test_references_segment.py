"""Bibliography segmentation on synthetic layout lines: no PDF needed."""

from __future__ import annotations

import re

import pytest

from papers.hyphens import TextVocabulary, vocabulary_of
from papers.models import PdfLine
from papers.references import (
    _reflike_share,
    find_bibliography_pages,
    join_lines,
    split_entries,
)

PITCH = 11.0


def page_lines(
    rows: list[tuple[float, str]],
    page: int = 0,
    column: int = 0,
    top: float = 80.0,
    size: float = 9.0,
    width: float = 400.0,
) -> list[PdfLine]:
    """Lines stacked from `top` at a fixed pitch; each row is (x0, text)."""
    lines = []
    for i, (x0, text) in enumerate(rows):
        y0 = top + i * PITCH
        lines.append(PdfLine(text, page, x0, y0, x0 + width, y0 + size, size=size, column=column))
    return lines


def heading(page: int = 0, y0: float = 60.0, text: str = "References") -> PdfLine:
    return PdfLine(text, page, 50.0, y0, 120.0, y0 + 12, size=12.0, bold=True)


def test_numbered_entries_with_indented_continuations():
    lines = [heading()] + page_lines(
        [
            (50, "[1] A. Author and B. Author. A first title. In Venue, 2020."),
            (50, "[2] C. Writer. A second title that runs over"),
            (65, "two lines. arXiv preprint arXiv:2101.00001, 2021."),
            (50, "[3] D. Person. Third. 2019."),
        ]
    )
    assert split_entries(lines) == [
        ("[1]", "A. Author and B. Author. A first title. In Venue, 2020."),
        (
            "[2]",
            "C. Writer. A second title that runs over two lines. arXiv preprint "
            "arXiv:2101.00001, 2021.",
        ),
        ("[3]", "D. Person. Third. 2019."),
    ]


def test_a_running_head_on_one_page_of_the_bibliography_goes_when_the_page_text_drops_it():
    """An LNCS paper heads odd pages with its title and even ones with its authors: on a
    bibliography of two pages each head stands once, and repeats on no other bibliography
    page. read_pdf, which saw every page, left it out of the page's text: so is it here."""
    head = PdfLine("Loss Aware Post-Training Quantization 17", 1, 280, 30, 480, 40, size=9.0)
    lines = (
        [heading()]
        + page_lines(
            [
                (50, "1. A. Author: A first title. In: Proceedings of the"),
                (62, "IEEE Conference on Things, pp. 1-2 (2019)"),
                (50, "2. B. Author: A second title. In: Proceedings of the"),
            ]
        )
        + [head]
        + page_lines([(62, "IEEE International Conference on Vision (2019)")], page=1)
    )
    page_texts = [
        "References\n1. A. Author: A first title. In: Proceedings of the\nIEEE Conference on "
        "Things, pp. 1-2 (2019)\n2. B. Author: A second title. In: Proceedings of the\n",
        "IEEE International Conference on Vision (2019)\n",
    ]
    second = "B. Author: A second title. In: Proceedings of the IEEE International Conference"
    entries = split_entries(lines, page_texts=page_texts)
    assert entries[1][1].startswith(second)
    assert "Loss Aware" in split_entries(lines)[1][1]  # (without the pages' texts: kept)


def test_numbered_marker_inside_text_does_not_split():
    lines = [heading()] + page_lines(
        [
            (50, "1. A. Author. Title one, 2020."),
            (50, "2. B. Author. Title two, as in"),
            (62, "2015. Proceedings, 2021."),
        ]
    )
    entries = split_entries(lines)
    assert [m for m, _ in entries] == ["1.", "2."]
    assert entries[1][1] == "B. Author. Title two, as in 2015. Proceedings, 2021."


def test_author_year_hanging_indent_and_running_header_and_page_numbers():
    def page(number: int, rows: list[tuple[float, str]]) -> list[PdfLine]:
        header = PdfLine("Published at ICLR 2023", number, 50, 30, 250, 40, size=10.0)
        footer = PdfLine(str(number + 10), number, 200, 750, 210, 760, size=10.0)
        return [header, *page_lines(rows, page=number), footer]

    lines = (
        [heading()]
        + page(
            0,
            [
                (50, "Dan Alistarh, Demjan Grubic, and Milan Vojnovic. QSGD: Randomized"),
                (60, "quantization for communication-efficient SGD. In NeurIPS, 2017."),
                (50, "Tom Brown, Benjamin Mann, et al. Language models are few-shot"),
            ],
        )
        + page(
            1,
            [
                (60, "learners. In NeurIPS, 2020."),
                (50, "Tri Dao. FlashAttention. arXiv preprint arXiv:2205.14135, 2022."),
            ],
        )
    )
    assert split_entries(lines) == [
        (
            None,
            "Dan Alistarh, Demjan Grubic, and Milan Vojnovic. QSGD: Randomized "
            "quantization for communication-efficient SGD. In NeurIPS, 2017.",
        ),
        (
            None,
            "Tom Brown, Benjamin Mann, et al. Language models are few-shot learners. "
            "In NeurIPS, 2020.",
        ),
        (None, "Tri Dao. FlashAttention. arXiv preprint arXiv:2205.14135, 2022."),
    ]


def test_entry_crossing_into_the_right_column_stays_whole():
    left = page_lines(
        [
            (50, "[1] A. Author. First entry. 2020."),
            (50, "[2] B. Author. Second entry that"),
        ],
        width=200,
    )
    right = page_lines(
        [
            (330, "continues in the right column. 2021."),
            (315, "[3] C. Author. Third entry. 2022."),
        ],
        column=1,
        top=60,
        width=200,
    )
    # Right-column lines come first in the list: reading order must not depend on it.
    entries = split_entries([heading(), *right, *left])
    assert [m for m, _ in entries] == ["[1]", "[2]", "[3]"]
    assert entries[1][1] == "B. Author. Second entry that continues in the right column. 2021."


def test_justified_pieces_on_one_baseline_are_one_line():
    lines = [
        heading(),
        PdfLine("Y. Chen.", 0, 50, 80, 90, 89, size=9),
        PdfLine("Compressing neural networks", 0, 100, 80.2, 300, 89.2, size=9),
        PdfLine("with the hashing trick. CoRR, 2015.", 0, 60, 91, 300, 100, size=9),
    ]
    assert split_entries(lines) == [
        (None, "Y. Chen. Compressing neural networks with the hashing trick. CoRR, 2015.")
    ]


def test_hyphenation_undone_only_where_a_word_was_split():
    vocabulary = vocabulary_of(["Deep compression and low-precision gemm"])
    assert join_lines(["Deep com-", "pression: pruning"], vocabulary) == (
        "Deep compression: pruning"
    )
    assert join_lines(["efficient integer-", "arithmetic-only inference"], vocabulary) == (
        "efficient integer-arithmetic-only inference"
    )
    assert join_lines(["L. Fei-", "Fei. Imagenet"], vocabulary) == "L. Fei-Fei. Imagenet"
    assert join_lines(["a small low-", "precision gemm"], vocabulary) == (
        "a small low-precision gemm"
    )
    assert join_lines(["pages 251–", "276, 1998."], vocabulary) == "pages 251–276, 1998."


def test_line_end_hyphen_kept_without_evidence_for_a_joined_word():
    """The paper prints neither form: an acronym, or a word of the paper before a long tail,
    keeps the hyphen; syllables and names are joined."""
    vocabulary = vocabulary_of(["We use human labels, the GPU, over time, in memory."])
    assert join_lines(["Concurrent GPU-", "accelerated DNN"], vocabulary) == (
        "Concurrent GPU-accelerated DNN"
    )
    assert join_lines(["A human-", "annotated dialogue"], vocabulary) == (
        "A human-annotated dialogue"
    )
    assert join_lines(["via over-", "parameterization."], vocabulary) == (
        "via over-parameterization."
    )
    assert join_lines(["with in-", "memory processing"], vocabulary) == (
        "with in-memory processing"
    )
    assert join_lines(["Deep com-", "monsense"], vocabulary) == "Deep commonsense"
    assert join_lines(["M. At-", "tariyan"], vocabulary) == "M. Attariyan"
    assert join_lines(["boost your smart-", "phone"], vocabulary) == "boost your smartphone"


def test_urls_broken_across_lines_are_rejoined():
    vocabulary: set[str] = set()
    assert join_lines(["URL https://mit-han-lab.github.", "io/smoothquant."], vocabulary) == (
        "URL https://mit-han-lab.github.io/smoothquant."
    )
    assert join_lines(["https://www.qualcomm.com/news/how-can-", "snapdragon-845"], set()) == (
        "https://www.qualcomm.com/news/how-can-snapdragon-845"
    )
    # A URL that ends the entry is not glued to a back-reference or a year.
    assert join_lines(["https://github.com/google/gemmlowp.", "2, 4"], set()) == (
        "https://github.com/google/gemmlowp. 2, 4"
    )
    assert join_lines(["URL http://arxiv.org/abs/1811.03962.", "2019."], set()) == (
        "URL http://arxiv.org/abs/1811.03962. 2019."
    )
    # ... but a number cut at its dot goes on, and so does a URL cut after its scheme.
    assert join_lines(["available at http://arxiv.org/abs/1811.", "03962."], set()) == (
        "available at http://arxiv.org/abs/1811.03962."
    )
    assert join_lines(["URL https://doi.org/10.1145/1390156.", "1390204."], set()) == (
        "URL https://doi.org/10.1145/1390156.1390204."
    )
    assert join_lines(["2018a. URL http:", "//arxiv.org/abs/1804.08838."], set()) == (
        "2018a. URL http://arxiv.org/abs/1804.08838."
    )
    assert join_lines(["see http:", "the protocol"], set()) == "see http: the protocol"


def test_backreference_page_lists_are_removed_when_the_paper_prints_them():
    lines = [heading()] + page_lines(
        [
            (50, "[1] M. Abadi. Tensorflow. Software available from tensorflow. org, 1,"),
            (65, "2015. 5, 11, 12, 13"),
            (50, "[2] W. Chen. Compressing networks. CoRR, abs/1504.04788, 2015. 1"),
            (50, "[3] J. Deng. Imagenet. In CVPR, pages 248–255. IEEE, 2009. 2,"),
            (65, "11"),
        ]
    )
    assert [raw for _, raw in split_entries(lines)] == [
        "M. Abadi. Tensorflow. Software available from tensorflow. org, 1, 2015.",
        "W. Chen. Compressing networks. CoRR, abs/1504.04788, 2015.",
        "J. Deng. Imagenet. In CVPR, pages 248–255. IEEE, 2009.",
    ]


def test_trailing_number_kept_when_entries_do_not_end_in_back_references():
    lines = [heading()] + page_lines(
        [
            (50, "[1] A. Author. Title. Journal, 2020. Vol. 5"),
            (50, "[2] B. Author. Title. Journal, 2021."),
            (50, "[3] C. Author. Title. Journal, 2022."),
        ]
    )
    assert split_entries(lines)[0][1] == "A. Author. Title. Journal, 2020. Vol. 5"


def test_list_ends_where_a_larger_appendix_heading_starts():
    lines = [heading()] + page_lines(
        [
            (50, "[1] A. Author. Title one. 2020."),
            (50, "[2] B. Author. Title two. 2021."),
        ]
    )
    lines.append(PdfLine("A Proofs", 0, 50, 120, 120, 132, size=12.0, bold=True))
    lines += page_lines([(50, "Proof. We will prove the theorem using 2 lemmas.")], top=140)
    assert [m for m, _ in split_entries(lines)] == ["[1]", "[2]"]


def test_alpha_markers_right_aligned():
    rows = [
        (112, "[BMR+20] Tom Brown, Benjamin Mann, et al. Language models are"),
        (162, "few-shot learners. In NeurIPS, 2020."),
        (128, "[DZ22] Tim Dettmers and Luke Zettlemoyer. The case for 4-bit precision."),
        (162, "arXiv preprint arXiv:2212.09720, 2022."),
    ]
    entries = split_entries([heading(), *page_lines(rows)])
    assert [m for m, _ in entries] == ["[BMR+20]", "[DZ22]"]


def test_no_lines_no_entries():
    assert split_entries([]) == []
    assert split_entries([heading()]) == []


def test_find_bibliography_pages_runs_until_the_appendix():
    body = "Introduction\nWe study quantization.\n" * 20
    refs = "\n".join(
        f"A. Author{i}, et al. Title {i}. In Proceedings, 20{i:02d}." for i in range(20)
    )
    appendix = "A Proofs\nWe prove the theorem.\n" * 30
    pages = [body, body + "\nReferences\n" + refs, refs, refs[:400] + "\n" + appendix, appendix]
    assert find_bibliography_pages(pages) == [1, 2, 3]
    assert find_bibliography_pages([body, appendix]) == []


def test_vocabulary_of_keeps_non_ascii_letters_in_words():
    vocabulary = vocabulary_of(["Müller-Straße fix", "Ελληνικά quanti-\nzation", "Łódź 3rd"])
    assert vocabulary == {"fix", "müller", "straße", "müller-straße", "ελληνικά", "łódź", "rd"}


# Hyphens, line-end hyphens ("-\n"), whitespace after a hyphen, doubled hyphens, digits and
# non-ASCII letters (a dotted capital I lower-cases to two characters, "²" is a letter to \w).
TRICKY_PAGES = [
    "Low-bit quanti-\nzation of Müller-Straße nets; post- training and pre-\n trained x-\n- y",
    "foo--bar -baz qux- \n quux MÜLLER-straße ², ½x İstanbul xİ- y a-\tb c-\u00a0d int8 fp-16",
    "end-\nstart a-\n b-c\n-d e-f-g low-bit",
]


def queries_for(pages: list[str]) -> set[str]:
    """Every word of the vocabulary, and near misses: halves, joined halves, compounds."""
    text = "\n".join(pages)
    words = re.findall(r"[^\W\d_]+", text.lower())
    found = set(vocabulary_of(pages)) | set(text.split()) | set(text.lower().split())
    found |= {w for chunk in text.lower().split() for w in re.split(r"[^\w-]+", chunk)}
    for a, b in zip(words, words[1:], strict=False):
        found |= {a + b, f"{a}-{b}", a[:3], b[-3:]}
    return found


@pytest.mark.parametrize("searches", [10**6, 0, 3])
def test_text_vocabulary_answers_as_vocabulary_of(searches):
    """Looked up one by one (`searches`), all at once, or first one way then the other."""
    expected = vocabulary_of(TRICKY_PAGES)
    vocabulary = TextVocabulary(TRICKY_PAGES, searches)
    for word in sorted(queries_for(TRICKY_PAGES)):
        assert (word in vocabulary) == (word in expected), word
    assert "quantization" not in expected and "quanti" not in expected  # split at a line end
    assert {"low-bit", "low", "bit", "müller-straße", "straße"} <= expected
    assert 42 not in vocabulary


def test_text_vocabulary_on_corpus_pages(corpus):
    from papers.pdf import read_pdf

    pages = read_pdf(corpus / "pdf" / "2210.17323.pdf").pages
    expected = vocabulary_of(pages)
    vocabulary = TextVocabulary(pages, 10**6)
    words = sorted(queries_for(pages))
    assert len(words) > 5000
    assert [word for word in words if (word in vocabulary) != (word in expected)] == []


def test_find_bibliography_pages_other_headings_and_plain_pages():
    entries = "\n".join(
        f"[{i}] A. Author. A title. In Proceedings, 20{10 + i}." for i in range(1, 9)
    )
    for heading in ("Works Cited", "BIBLIOGRAPHY", "7 References", "Referenceſ"):
        pages = ["Intro text\nwith words\n", f"{heading}\n{entries}", "Appendix\nA proof.\n"]
        assert find_bibliography_pages(pages) == [1], heading
    assert find_bibliography_pages(["Intro text\nwith words\n", entries]) == []


@pytest.mark.parametrize(
    ("line", "reflike"),
    [
        ("(2020)", True),
        ("1950a", True),
        ("x2020 y", False),  # a year inside a word
        ("1949", False),
        ("In Proc. ICML", True),
        ("xIn Proc", False),
        ("pp. 3", True),
        ("app. 3", False),
        ("pages 12", True),
        ("wpages 1", False),
        ("  [12] Foo", True),
        ("a [12]", False),  # a marker counts only at the start
    ],
)
def test_reference_like_lines(line, reflike):
    assert _reflike_share([line]) == (int(reflike), 1)


# twelve references on the page that opens the list: (x, text) rows, hanging indents
WIDGET_REFERENCES = [
    row
    for i in range(12)
    for row in [
        (50, f"Ann Writer{i} and Bo Person{i}. A study of widgets number {i}."),
        (60, f"In Proceedings of Widgets, 20{i:02d}."),
    ]
]


def test_the_last_reference_over_the_page_break_is_kept_and_the_appendix_after_it_is_not():
    """OmniQuant's [47] runs onto the first lines of the page its appendix starts on: that
    page is read for them, and its lines after them are no reference, though its heading
    ("A") begins as the reference does ("Alan ..."), and the reference's last line comes in
    pieces."""
    from papers.models import PdfDocument
    from papers.references import extract_references

    first = WIDGET_REFERENCES
    last = [
        (50, "Alan Zheng, Wei-Lin Chiang, Ying Sheng, Siyuan Zhuang, Zhanghao Wu,"),
        (60, "Zi Lin, Zhuohan Li, Dacheng Li, Eric Xing, et al. Judging llm-as-a-judge with"),
        (60, "mt-bench and chatbot arena. arXiv preprint arXiv:2306.05685, 2023."),
    ]
    appendix = [(50, "A"), (50, "In this appendix, we provide further details as follows:")]
    appendix += [(50, f"Section {i} presents the pseudo code of step {i}.") for i in range(25)]
    pages = [
        "References\n" + "\n".join(t for _, t in first),
        "\n".join(t for _, t in last + appendix),
    ]
    assert find_bibliography_pages(pages) == [0, 1]
    tail = page_lines(last + appendix, page=1)
    # (the list's last line justified: PyMuPDF gives it in two pieces on one baseline)
    end = tail[2]
    tail[2:3] = [
        PdfLine("mt-bench and chatbot arena.", 1, 60.0, end.y0, 200.0, end.y1, size=end.size),
        PdfLine(
            "arXiv preprint arXiv:2306.05685, 2023.", 1, 210.0, end.y0, 400.0, end.y1, size=end.size
        ),
    ]
    lines = [heading(), *page_lines(first), *tail]
    doc = PdfDocument(pages=pages, page_count=2, has_text=True, bib_lines=lines)
    raws = [r.raw for r in extract_references(doc)]
    assert len(raws) == 13 and raws[-1].endswith("arXiv:2306.05685, 2023.")
    # a page that opens with prose is not read, however many years it cites further down
    prose_first = "\n".join([t for _, t in appendix] + [t for _, t in last])
    assert find_bibliography_pages([pages[0], prose_first]) == [0]


def test_a_page_opening_with_several_references_is_read_up_to_the_appendix_heading():
    """Three references over nine lines (author lists run over two of them) open the page,
    then a bold "Appendix" heading and its text: the page is read as before tails were, and
    the list ends at the heading, none of the three lost."""
    from papers.models import PdfDocument
    from papers.references import extract_references

    first = WIDGET_REFERENCES
    last = [
        (50, "Lianmin Zheng, Wei-Lin Chiang, Ying Sheng, Siyuan Zhuang, Zhanghao Wu,"),
        (60, "Zi Lin, Zhuohan Li, Dacheng Li, Eric Xing, et al. Judging llm-as-a-judge with"),
        (60, "mt-bench and chatbot arena. arXiv preprint arXiv:2306.05685, 2023."),
        (50, "Yilong Zhao, Chien-Yu Lin, Kan Zhu, Zihao Ye, Lequn Chen, Size Zheng,"),
        (60, "Luis Ceze, Arvind Krishnamurthy, Tianqi Chen, and Baris Kasikci. Atom:"),
        (60, "Low-bit quantization for efficient and accurate LLM serving, 2023."),
        (50, "Susan Zhang, Stephen Roller, Naman Goyal, Mikel Artetxe, Moya Chen,"),
        (60, "Shuohui Chen, Christopher Dewan, Mona Diab, Xian Li, Xi Victoria Lin"),
        (60, "et al. OPT: Open pre-trained transformer language models, 2022."),
    ]
    appendix = [(50, f"In this appendix we give the details of part {i} here.") for i in range(40)]
    pages = [
        "References\n" + "\n".join(t for _, t in first),
        "\n".join([t for _, t in last] + ["Appendix"] + [t for _, t in appendix]),
    ]
    after = page_lines(appendix, page=1, top=80.0 + 10 * PITCH)
    lines = [heading(), *page_lines(first), *page_lines(last, page=1)]
    lines += [heading(page=1, y0=80.0 + 9 * PITCH, text="Appendix"), *after]
    doc = PdfDocument(pages=pages, page_count=2, has_text=True, bib_lines=lines)
    raws = [r.raw for r in extract_references(doc)]
    assert len(raws) == 15 and raws[-1].endswith("transformer language models, 2022.")
