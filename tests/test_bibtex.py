"""`papers bibtex`: entries to cite library papers, as arXiv exports them."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import pymupdf
from click.testing import CliRunner

from papers.bibtex import braced_title, citation_key, entries, escape, text_spellings
from papers.cli import cli
from papers.db import open_db, save_paper
from papers.models import Paper

GPTQ = Paper(
    id="2210.17323",
    title="GPTQ: Accurate Post-Training Quantization for Generative Pre-trained Transformers",
    authors=["Elias Frantar", "Saleh Ashkboos", "Torsten Hoefler", "Dan Alistarh"],
    published="2022-10-31T00:00:00Z",
    primary_category="cs.LG",
)


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_an_entry_is_arxivs_misc_with_a_key_of_surname_year_and_title_word():
    text = entries([GPTQ])
    assert text.startswith("@misc{frantar2022gptq,\n")
    fields = dict(re.findall(r"^  (\w+) = \{(.*)\},$", text, re.MULTILINE))
    assert fields == {
        "title": "{GPTQ:} Accurate Post-Training Quantization for Generative Pre-trained "
        "Transformers",
        "author": "Elias Frantar and Saleh Ashkboos and Torsten Hoefler and Dan Alistarh",
        "year": "2022",
        "eprint": "2210.17323",
        "archivePrefix": "arXiv",
        "primaryClass": "cs.LG",
        "url": "https://arxiv.org/abs/2210.17323",
    }
    assert text.rstrip().endswith("}")


def test_a_titles_tex_is_kept_and_a_doi_is_verbatim():
    # (a reviewer: "$\\omega$Test" became "\\$\\textbackslash{}omega\\$Test", and a DOI's "_"
    # and "%" were escaped in a verbatim field, breaking its link)
    assert braced_title(r"$\omega$Test: $O(n \log n)$ Tests of {Net}") == (
        r"{$\omega$Test:} $O(n \log n)$ Tests of {Net}"
    )
    assert braced_title(r"Caf\'e au lait: 100% & $5") == r"Caf\'e au lait: 100\% \& \$5"
    assert braced_title("An unbalanced } brace") == r"An unbalanced \} brace"
    text = entries([replace(GPTQ, doi="10.1000/abc_def%20")])
    assert "  doi = {10.1000/abc_def%20},\n" in text


def test_a_styles_lower_casing_keeps_acronyms_and_names():
    assert braced_title("QuIP#: Even Better LLM Quantization") == (
        r"{QuIP\#:} Even Better {LLM} Quantization"
    )
    assert braced_title("LLM.int8(): 8-bit Matrix") == "{LLM.int8():} 8-bit Matrix"
    assert braced_title("Q-BERT and W4A8 on OmniQuant") == "{Q-BERT} and {W4A8} on {OmniQuant}"
    assert escape("100% of $x_1$ & {b} ~ ^ \\") == (
        r"100\% of \$x\_1\$ \& \{b\} \textasciitilde{} \textasciicircum{} \textbackslash{}"
    )


def test_a_title_in_capitals_is_title_cased_as_its_text_writes_its_words():
    """ICLR prints titles in capitals, and a PDF added offline keeps them: every word was
    braced, "{QLORA:} {EFFICIENT} {FINETUNING} {OF} ...". The paper's text says which words
    are acronyms; without it the title is braced once, as printed."""
    title = "QLORA: EFFICIENT FINETUNING OF QUANTIZED LLMS ON-THE-FLY"
    text = (
        f"{title}\nABSTRACT\nWe present QLoRA, an efficient finetuning approach. QLoRA "
        "backpropagates through a frozen, 4-bit quantized model into LLMs, on the fly. Code: "
        "https://github.com/artidoro/qlora and mail qlora@uw.edu.\n1 INTRODUCTION\nFinetuning"
    )
    spellings = text_spellings(title, text)
    assert spellings == {
        "qlora": "QLoRA",  # (not the address's "qlora", nor the title's capitals)
        "efficient": "efficient",
        "finetuning": "finetuning",
        "quantized": "quantized",
        "llms": "LLMs",
        "on": "on",
        "the": "the",
        "fly": "fly",
    }  # ("OF", in capitals once, the title's own: no evidence either way)
    assert braced_title(title, spellings) == (
        "{QLoRA:} Efficient Finetuning of Quantized {LLMs} On-the-Fly"
    )
    # an acronym the text only writes in capitals stays so; a word it never writes is a word
    shouted = "GPTQ: ACCURATE POST-TRAINING QUANTIZATION FOR GPT3 TRANSFORMERS"
    assert braced_title(shouted, {"gptq": "GPTQ", "accurate": "accurate"}) == (
        "{GPTQ:} Accurate Post-Training Quantization for {GPT3} Transformers"
    )
    assert text_spellings("GPTQ: A B", "GPTQ: A B. GPTQ is fast.")["gptq"] == "GPTQ"
    # no text to go by: braced whole, once (title case would print "Qlora" and "Llms")
    assert braced_title(title) == "{QLORA: EFFICIENT FINETUNING OF QUANTIZED LLMS ON-THE-FLY}"
    assert braced_title(title, {}) == braced_title(title)
    paper = Paper(id="local:abc", title="TRAINED TERNARY QUANTIZATION", authors=["C Zhu"])
    assert "  title = {{TRAINED TERNARY QUANTIZATION}},\n" in entries([paper])
    # a title with a word in lower case, or an acronym alone, is braced word by word
    assert braced_title("QLORA: Efficient Finetuning of LLMs") == (
        "{QLORA:} Efficient Finetuning of {LLMs}"
    )
    assert braced_title("GPTQ") == "{GPTQ}"


def test_bibtex_of_a_paper_added_offline_with_its_title_in_capitals(root, corpus):
    """LoRA's PDF, added with arXiv unreachable: its title is the one page 1 prints, in
    ICLR's capitals; its entry writes it in title case, as its text writes the words."""
    added = run("add", str(corpus / "pdf" / "2106.09685.pdf"))
    assert added.exit_code == 0, added.output
    assert "LORA: LOW-RANK ADAPTATION" in run("show", "2106.09685").stdout
    text = run("bibtex", "2106.09685").stdout
    assert "  title = {{LoRA:} Low-Rank Adaptation of Large Language Models},\n" in text


def test_keys_skip_small_words_fold_accents_and_are_unique():
    paper = Paper(id="2301.00001", title="The Case for Ré-Quantization", authors=["José Núñez"])
    assert citation_key(paper) == "nunez2023case"
    again = [replace(GPTQ, id=f"2210.1732{n}") for n in (5, 4)]
    thrice = entries([GPTQ, *again])  # (told apart in the order of their ids)
    assert re.findall(r"@misc\{(\w+),", thrice) == [
        "frantar2022gptq",
        "frantar2022gptqc",
        "frantar2022gptqb",
    ]
    anonymous = Paper(id="local:abc123", title="Notes", authors=[])
    text = entries([anonymous])
    assert text.startswith("@misc{anonnotes,") and "eprint" not in text and "url" not in text


def test_bibtex_of_named_papers_and_of_the_whole_library(root):
    db = open_db(root)
    save_paper(db, GPTQ)
    save_paper(db, Paper(id="2306.00978", title="AWQ: Activation-aware Weight Quantization",
                         authors=["Ji Lin"], published="2023-06-01T00:00:00Z",
                         doi="10.48550/arXiv.2306.00978"))  # fmt: skip
    db.conn.commit()
    both = run("bibtex")
    assert both.exit_code == 0
    assert re.findall(r"@misc\{(\w+),", both.stdout) == ["frantar2022gptq", "lin2023awq"]
    assert "  doi = {10.48550/arXiv.2306.00978},\n" in both.stdout
    # by name or id, each paper once
    named = run("bibtex", "AWQ", "2306.00978v1")
    assert re.findall(r"@misc\{(\w+),", named.stdout) == ["lin2023awq"]
    unknown = CliRunner().invoke(cli, ["bibtex", "QuIP"])
    assert unknown.exit_code == 1 and unknown.stdout == ""
    # one unknown name costs the others nothing (`bibtex GPTQ AWQ X >> review.bib` appended
    # nothing); it has its error on stderr, and the exit status says one was missing
    some = CliRunner().invoke(cli, ["bibtex", "GPTQ", "QuIP", "AWQ", "2301.00001"])
    assert some.exit_code == 1
    assert re.findall(r"@misc\{(\w+),", some.stdout) == ["frantar2022gptq", "lin2023awq"]
    assert some.stderr.count("Error: ") == 2 and "QuIP" in some.stderr
    assert "2301.00001" in some.stderr and "Traceback" not in some.output


def test_a_key_is_the_same_whichever_papers_are_exported(root):
    """Two library papers share frantar2022gptq: `bibtex B >> review.bib` after `bibtex A`
    wrote the key twice, and a whole export gave a paper another's key when one published
    earlier was added."""
    db = open_db(root)
    save_paper(db, GPTQ)
    save_paper(db, replace(GPTQ, id="2210.17324", title="GPTQ for everything"))
    db.conn.commit()
    alone = re.findall(r"@misc\{(\w+),", run("bibtex", "2210.17324").stdout)
    assert alone == ["frantar2022gptqb"]
    assert re.findall(r"@misc\{(\w+),", run("bibtex", "2210.17323").stdout) == ["frantar2022gptq"]


def test_bibtex_of_an_empty_library_says_so(root):
    open_db(root).conn.close()
    result = CliRunner().invoke(cli, ["bibtex"])
    assert result.exit_code == 1
    assert result.output == "Error: the library is empty: add a paper first (papers add ID)\n"


def test_a_cited_paper_the_library_does_not_hold_is_cited_from_its_looked_up_metadata(root):
    """A review cites more papers than its writer adds: a paper a library paper cites, whose
    arXiv metadata `refs` kept when it looked the references up, has its entry too."""
    import json as json_module

    from papers.models import ArxivEntry
    from papers.resolve import _store_cache

    db = open_db(root)
    save_paper(db, GPTQ)
    db.conn.commit()
    smooth = ArxivEntry(
        arxiv_id="2211.10438",
        version=2,
        title="SmoothQuant: Accurate and Efficient Post-Training Quantization for LLMs",
        authors=["Guangxuan Xiao", "Ji Lin"],
        abstract="",
        categories=["cs.CL"],
        primary_category="cs.CL",
        published="2022-11-18T00:00:00Z",
        updated=None,
    )
    _store_cache(db, [("id:2211.10438", True, json_module.dumps(smooth.to_dict()))])
    result = run("bibtex", "2211.10438", "GPTQ")
    assert re.findall(r"@misc\{(\w+),", result.stdout) == ["xiao2022smoothquant", "frantar2022gptq"]
    assert "  eprint = {2211.10438},\n" in result.stdout
    unknown = CliRunner().invoke(cli, ["bibtex", "2301.00001"])
    assert unknown.exit_code == 1 and "'papers add 2301.00001' adds it" in unknown.output


def test_a_cited_id_arxiv_did_not_know_says_so(root):
    from papers.resolve import _store_cache

    db = open_db(root)
    save_paper(db, GPTQ)
    db.conn.commit()
    _store_cache(db, [("id:2304.01373", False, None)])  # (looked up: arXiv had none)
    result = CliRunner().invoke(cli, ["bibtex", "2304.01373"])
    assert result.exit_code == 1
    assert "arXiv had no such paper when the references citing it were looked up" in result.output


# ---------------------------------------------------------------------------------------------
# The year of a local PDF (no arXiv id to tell it)


def test_a_local_pdfs_year_is_the_one_its_venue_or_copyright_line_prints():
    from papers.library import printed_year

    icml = (
        "Proceedings of the 38th International Conference on Machine\n"
        "Learning, PMLR 139, 2021. Copyright 2021 by the author(s).\n"
    )
    assert printed_year("I-BERT\nSehoon Kim\nAbstract\n" + icml) == 2021
    assert (
        printed_year("31st Conference on Neural Information Processing Systems (NIPS 2017)") == 2017
    )
    assert printed_year("Published as a conference paper at ICLR 2016\nDEEP COMPRESSION") == 2016
    assert printed_year("© 2023 Copyright held by the owner/author(s).") == 2023
    # the years of the papers it cites, and of a venue it is only submitted to, say nothing
    body = "(Krizhevsky et al., 2012; He et al., 2016) in 2019 and 2020 a conference paper"
    assert printed_year(f"Title\n{body}\nTable 1 (2018)\n") is None
    assert printed_year("Under review as a conference paper at ICLR 2015") is None
    assert printed_year("Submitted to the 2024 Conference on Machine Learning") is None
    # venue lines that disagree, and a year yet to come, are no year either
    assert printed_year(f"{icml}Published as a conference paper at ICLR 2022") is None
    assert printed_year("Published as a conference paper at ICLR 2999") is None
    assert printed_year("Proceedings of the 2021 Conference, pages 1024-1031, 2021") == 2021


def _paper_pdf(path, title: str, header: str | None, pages: int = 3) -> None:
    """A PDF whose pages carry a running header (a conference's, with its year) over text
    that cites other papers' years."""
    doc = pymupdf.open()
    for number in range(pages):
        page = doc.new_page()
        if header:
            page.insert_text((72, 40), header, fontsize=9)
        if number == 0:
            page.insert_text((72, 100), title, fontsize=16)
            page.insert_text((72, 130), "Ada Lovelace", fontsize=11)
        page.insert_text((72, 200 + number), "As Han et al. (2015) showed in 2015, we quantize.")
    doc.save(path)


def test_a_local_pdf_gets_its_printed_year_and_a_key_like_an_arxiv_papers(root, tmp_path):
    """A local PDF had no year in its entry and a key of its author's name and title word,
    'lovelacedeep'; its running header (left out of its text) prints its year."""
    _paper_pdf(tmp_path / "a.pdf", "Deep Kernels for Low-Bit Inference", "Published as a "
               "conference paper at ICLR 2016")  # fmt: skip
    _paper_pdf(tmp_path / "b.pdf", "Deep Kernels Again", None)
    for name in ("a.pdf", "b.pdf"):
        assert run("add", str(tmp_path / name)).exit_code == 0
    listed = {p["title"]: p for p in json.loads(run("list", "--json").stdout)}
    assert listed["Deep Kernels for Low-Bit Inference"]["year"] == 2016
    assert listed["Deep Kernels Again"]["year"] is None  # (only the cited papers' 2015)
    text = run("bibtex").stdout
    assert re.findall(r"@misc\{(\w+),", text) == ["lovelace2016deep", "lovelacedeep"]
    assert text.count("  year = {2016},\n") == 1 and "year = {2015}" not in text
    # a local paper added before: `papers extract` reads its year as it reads its title
    paper_id = listed["Deep Kernels for Low-Bit Inference"]["id"]
    db = open_db(root)
    db.execute("UPDATE papers SET published = NULL WHERE id = ?", [paper_id])
    db.conn.commit()
    assert "lovelacedeep" in run("bibtex", paper_id).stdout
    assert run("extract", paper_id).exit_code == 0
    assert "@misc{lovelace2016deep," in run("bibtex", paper_id).stdout


def test_the_corpus_conference_pdfs_are_cited_with_their_years(root, corpus):
    for name in ("I-BERT.pdf", "QSGD-NeurIPS2017.pdf", "bit_split.pdf"):
        assert run("add", str(corpus / "nostamp" / name)).exit_code == 0
    text = run("bibtex").stdout
    keys = re.findall(r"@misc\{(\w+),", text)
    # (the key's title word as an arXiv paper's: I-BERT's "I", as Scholar's shen2020q)
    assert sorted(keys) == ["alistarh2017qsgd", "kim2021i", "wang2020accurate"]
    assert sorted(re.findall(r"year = \{(\d+)\}", text)) == ["2017", "2020", "2021"]
