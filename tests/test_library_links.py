"""References linked to library papers by title, without arXiv (resolve.link_library_papers):
stricter than arXiv's matching, since arXiv is not asked and may know another paper."""

from __future__ import annotations

from papers.db import open_db, save_paper
from papers.library import store_references
from papers.models import Paper, Reference
from papers.resolve import link_library_papers, stored_references


def paper(db, arxiv_id: str, title: str, author: str, year: int) -> None:
    save_paper(db, Paper(id=arxiv_id, title=title, authors=[author], published=f"{year}-05-01"))


def cite(
    db, citing: str, title: str, author: str | None, year: int | None, asked: bool = False
) -> str | None:
    """Store one reference of `citing` (`asked`: arXiv was asked and found nothing), link the
    library, and say what it was linked to."""
    authors = [author] if author else []
    raw = f"{author}. {title}. {year}."  # (a reference of its own, not one linked before)
    store_references(db, citing, [Reference(n=1, raw=raw, title=title, year=year, authors=authors)])
    if asked:
        row = {"paper_id": citing, "key": stored_references(db, citing)[0].key}
        db["ref_links"].insert({**row, "method": "none", "updated": "2026-01-01T00:00:00Z"})
    link_library_papers(db)
    return stored_references(db, citing)[0].resolved


def test_before_arxiv_is_asked_only_the_same_title_links(root):
    """ "Qwen2 technical report" is not the library's "Qwen2.5 Technical Report" (same authors,
    same year): arXiv, asked first, tells them apart. The same title links, marked library."""
    db = open_db(root)
    paper(db, "2412.15115", "Qwen2.5 Technical Report", "An Yang", 2024)
    paper(db, "2406.66666", "A citing paper about widgets", "Carl Citer", 2024)
    assert cite(db, "2406.66666", "Qwen2 technical report", "Yang", 2024) is None
    assert cite(db, "2406.66666", "Qwen2.5 technical report", "Yang", 2024) == "2412.15115"
    assert stored_references(db, "2406.66666")[0].method == "library"
    # nor after arXiv was asked and found nothing: a version number tells them apart, though
    # author and year agree (as "The Llama 2 herd of models" is not "The Llama 3 Herd ...")
    assert cite(db, "2406.66666", "Qwen2 technical report", "Yang", 2024, asked=True) is None
    paper(db, "2407.21783", "The Llama 3 Herd of Models", "Abhimanyu Dubey", 2024)
    assert cite(db, "2406.66666", "The Llama 2 herd of models", "Dubey", 2024, asked=True) is None


def test_the_first_author_printed_must_be_the_papers(root):
    db = open_db(root)
    title = "Efficient Quantization of Large Language Models"
    paper(db, "2401.11111", title, "Alice Smith", 2024)
    paper(db, "2403.33333", "A citing paper about widgets", "Carl Citer", 2024)
    assert cite(db, "2403.33333", title, "Jones", 2024) is None  # (another paper of the title)
    paper(db, "2402.22222", title, "Bob Jones", 2024)
    assert cite(db, "2403.33333", title, "Jones", 2024) == "2402.22222"
    assert cite(db, "2403.33333", title, None, 2024) is None  # (two answer: none wins)


def test_a_short_title_needs_author_and_year(root):
    db = open_db(root)
    paper(db, "2405.55555", "Quantization", "Wei Gray", 2024)
    paper(db, "2406.66666", "A citing paper about widgets", "Carl Citer", 2024)
    assert cite(db, "2406.66666", "Quantization", "Gray", 1998) is None
    assert cite(db, "2406.66666", "Quantization", None, 2024) is None
    assert cite(db, "2406.66666", "Quantization", "Gray", 2024) == "2405.55555"


def test_numbers_in_titles_tell_papers_apart_unless_author_and_year_agree(root):
    db = open_db(root)
    paper(db, "2001.00001", "Nvidia A100 tensor core GPU architecture", "NVIDIA", 2020)
    paper(
        db,
        "2208.07339",
        "LLM.int8(): 8-bit Matrix Multiplication for Transformers at Scale",
        "Tim Dettmers",
        2022,
    )
    paper(db, "2406.66666", "A citing paper about widgets", "Carl Citer", 2024)
    assert (
        cite(db, "2406.66666", "Nvidia H100 tensor core GPU architecture", "NVIDIA", 2022) is None
    )
    assert (
        cite(
            db,
            "2406.66666",
            "GPT3.int8(): 8-bit matrix multiplication for transformers at scale",
            "Dettmers",
            2022,
            asked=True,
        )
        == "2208.07339"
    )


def test_a_journal_version_years_later_is_the_same_paper(root):
    db = open_db(root)
    paper(db, "1911.07190", "Loss aware post-training quantization", "Yury Nahshan", 2019)
    paper(db, "2210.17323", "GPTQ: Accurate Post-Training Quantization", "Elias Frantar", 2022)
    assert cite(db, "2210.17323", "Loss aware post-training quantization", "Nahshan", 2021) == (
        "1911.07190"
    )


def test_before_arxiv_is_asked_a_near_title_links_when_author_and_year_agree(root):
    """GPTQ's ICLR title, printed by FP8-versus-INT8 with its authors a year later: GPTQ."""
    db = open_db(root)
    paper(
        db,
        "2210.17323",
        "GPTQ: Accurate Post-Training Quantization for Generative Pre-trained Transformers",
        "Elias Frantar",
        2022,
    )
    paper(db, "2303.17951", "FP8 versus INT8 for efficient deep learning inference", "M B", 2023)
    iclr = "Gptq: Accurate quantization for generative pre-trained transformers"
    assert cite(db, "2303.17951", iclr, "Frantar", 2023) == "2210.17323"
    assert cite(db, "2303.17951", iclr, "Someone", 2023) is None  # (another author: arXiv first)
    assert cite(db, "2303.17951", iclr, None, 2023) is None  # (no author printed: arXiv first)


def test_a_method_renamed_is_the_same_paper_when_author_and_year_agree(root):
    """GPTQ was published at ICLR as OPTQ: the name before the colon changed, the rest and the
    authors did not (2311.05161 cites both). Another name with another author, or years apart,
    or a title that is not "Name: ..." stays for arXiv to decide."""
    db = open_db(root)
    gptq = "GPTQ: Accurate Post-Training Quantization for Generative Pre-trained Transformers"
    paper(db, "2210.17323", gptq, "Elias Frantar", 2022)
    paper(db, "2311.05161", "Enhancing computation efficiency in LLMs", "Janghwan Lee", 2023)
    optq = "OPTQ: Accurate quantization for generative pre-trained transformers"
    assert cite(db, "2311.05161", optq, "Frantar", 2023) == "2210.17323"
    assert cite(db, "2311.05161", optq, "Someone", 2023) is None
    assert cite(db, "2311.05161", optq, "Frantar", 2019) is None
    plain = "Accurate quantization for generative pre-trained transformers revisited"
    assert cite(db, "2311.05161", plain, "Frantar", 2023) is None
    # the first author, not any: SmoothQuant's last author, Han, is no rename's first
    save_paper(
        db,
        Paper(
            id="2211.10438",
            title="SmoothQuant: Accurate and efficient post-training quantization for large "
            "language models",
            authors=["Guangxuan Xiao", "Ji Lin", "Song Han"],
            published="2022-11-18",
        ),
    )
    quantease = "QuantEase: Accurate and efficient quantization for large language models"
    assert cite(db, "2311.05161", quantease, "Han", 2023) is None
