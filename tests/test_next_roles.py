"""`papers next` tells the methods to read from the models, benchmarks and software the library
runs: a quantization reviewer's next reading opened with GPT-3, BERT, OPT and GLUE."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from papers.cli import cli
from papers.db import open_db, save_paper
from papers.library import store_facets, store_references
from papers.models import Evidence, Facet, Paper, Reference

GPTVQ, GPTQ = "2402.15319", "2210.17323"
OPT = "OPT: Open pre-trained transformer language models"
GLUE = "GLUE: A multi-task benchmark and analysis platform for natural language understanding"
GPT3 = "Language models are few-shot learners"
PYTORCH = "PyTorch: An imperative style, high-performance deep learning library"
SMOOTH = "SmoothQuant: Accurate and efficient post-training quantization for large language models"
LSQ = "Learned step size quantization"  # (no name: its role unknown, kept)
WIKITEXT = "Pointer sentinel mixture models"


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def cited(n: int, title: str, year: int = 2022) -> Reference:
    raw = f"[{n}] Someone. {title}. {year}."
    return Reference(n=n, raw=raw, marker=f"[{n}]", authors=["Someone"], title=title, year=year)


@pytest.fixture
def library(root):
    """Two library papers citing OPT, GLUE, GPT-3 (its title names no model: GPTVQ's facets
    print "GPT-3 [3]"), PyTorch, SmoothQuant and LSQ."""
    db = open_db(root)
    for paper_id, title in ((GPTVQ, "GPTVQ: The blessing of dimensionality"), (GPTQ, "GPTQ")):
        save_paper(db, Paper(id=paper_id, title=title, published="2024-01-01T00:00:00Z"))
    titles = [OPT, GLUE, GPT3, PYTORCH, SMOOTH, LSQ]
    for paper_id in (GPTVQ, GPTQ):
        store_references(db, paper_id, [cited(n, t) for n, t in enumerate(titles, 1)])
    snippet = "the largest of the GPT-3 [3] models, and SmoothQuant [5] at W8A8"
    store_facets(
        db,
        GPTVQ,
        [
            Facet("model", "GPT-3", False, [Evidence(1, snippet)]),
            Facet("baseline", "SmoothQuant", True, [Evidence(1, snippet)]),
        ],
        "rules",
    )
    db.conn.commit()
    return root


def test_next_leaves_out_the_papers_of_models_benchmarks_and_software(library):
    result = run("next", "--json")
    shown = json.loads(result.stdout)
    assert [(s["title"], s["role"]) for s in shown] == [(SMOOTH, "method"), (LSQ, "")]
    assert (
        "4 paper(s) of models, benchmarks and software left out: --all-roles shows them"
        in result.stderr
    )
    table = run("next")
    assert table.stdout.splitlines()[0].split() == ["cited", "arxiv", "year", "title"]


def test_next_all_roles_and_role_show_them_with_their_roles(library):
    every = json.loads(run("next", "--all-roles", "--json").stdout)
    roles = {s["title"]: s["role"] for s in every}
    assert roles == {
        OPT: "model",  # (its title's name)
        GLUE: "benchmark",
        GPT3: "model",  # (the citing paper's facet: "GPT-3 [3]")
        PYTORCH: "software",  # (the data file's [[software]])
        SMOOTH: "method",
        LSQ: "",
    }
    assert "left out" not in run("next", "--all-roles").stderr
    table = run("next", "--all-roles").stdout.splitlines()
    assert table[0].split() == ["cited", "arxiv", "year", "role", "title"]
    assert any(line.split()[2:4] == ["2022", "benchmark"] for line in table[2:])
    chosen = json.loads(run("next", "--role", "model", "--role", "benchmark", "--json").stdout)
    assert {s["title"] for s in chosen} == {OPT, GLUE, GPT3}
    both = run("next", "--role", "model", "--all-roles")
    assert both.exit_code == 2 and "give one of them" in both.output
    assert run("next", "--role", "baseline").exit_code == 2


def test_next_about_a_topic_keeps_every_role(library):
    """--about chose the papers by their titles' words: a model's among them is asked for."""
    result = run("next", "--about", "pre-trained", "--json")
    assert [(s["title"], s["role"]) for s in json.loads(result.stdout)] == [(OPT, "model")]
    assert "left out" not in result.stderr


def test_next_with_nothing_but_models_to_suggest_says_so(root):
    db = open_db(root)
    save_paper(db, Paper(id=GPTQ, title="GPTQ", published="2022-01-01T00:00:00Z"))
    store_references(db, GPTQ, [cited(1, OPT), cited(2, GLUE)])
    db.conn.commit()
    result = CliRunner().invoke(cli, ["next", "--json"])
    assert result.exit_code == 1 and json.loads(result.stdout) == []
    assert "Nothing to suggest but 2 paper(s) of models and benchmarks: --all-roles" in (
        result.stderr
    )


def test_next_on_a_real_paper_leaves_out_its_models_and_benchmarks(fake_arxiv, root, corpus):
    """AWQ's references: OPT's paper (its title's name, "Opt: Open ..." as AWQ prints it),
    WikiText-2's ("Pointer sentinel
    mixture models", which AWQ cites as "WikiText-2 [33]") and SmoothQuant, a baseline."""
    assert run("add", "2306.00978").exit_code == 0
    listed = json.loads(run("next", "--all-roles", "--json", "--limit", "1000").stdout)
    every = {s["title"]: s["role"] for s in listed}
    shown = {s["title"] for s in json.loads(run("next", "--json", "--limit", "1000").stdout)}
    opt = next(title for title in every if title.lower().startswith("opt: open pre-trained"))
    smooth = next(title for title in every if title.lower().startswith("smoothquant:"))
    assert (every[opt], every[WIKITEXT], every[smooth]) == ("model", "benchmark", "method")
    assert opt not in shown and WIKITEXT not in shown and smooth in shown


def test_the_data_file_gives_roles_to_papers_whose_titles_name_nothing(root):
    """Attention, PaLM and GPT-4 topped a reviewer's `next` with no role, where no citing
    paper printed their names before the citation: the data file's [[titled]] and
    [[software]] tables know them by their titles, in any capitals."""
    db = open_db(root)
    save_paper(db, Paper(id=GPTQ, title="GPTQ", published="2022-01-01T00:00:00Z"))
    titles = [
        "Attention is All you Need",
        "Palm: Scaling language modeling with pathways",
        "GPT-4 Technical Report",
        "Megatron-LM: Training multi-billion parameter language models using model parallelism",
        "Measuring Massive Multitask Language Understanding",
        LSQ,
    ]
    store_references(db, GPTQ, [cited(n, t) for n, t in enumerate(titles, 1)])
    db.conn.commit()
    every = json.loads(run("next", "--all-roles", "--json").stdout)
    assert [s["role"] for s in sorted(every, key=lambda s: titles.index(s["title"]))] == [
        "model",
        "model",
        "model",
        "software",
        "benchmark",
        "",
    ]
    shown = run("next", "--json")
    assert [s["title"] for s in json.loads(shown.stdout)] == [LSQ]
    assert "5 paper(s) of models, benchmarks and software left out" in shown.stderr


def test_a_citation_by_author_and_year_names_the_reference_of_that_author_and_year(root):
    """ "WikiText2 (Merity et al., 2016)" and "SQuAD Rajpurkar et al. (2018)" name those
    references; "OPT (Frantar et al., 2022)", where two references are Frantar's of 2022,
    names neither."""
    db = open_db(root)
    save_paper(db, Paper(id=GPTQ, title="GPTQ", published="2022-01-01T00:00:00Z"))
    papers = [
        ("Merity", WIKITEXT, 2016),
        ("Rajpurkar", "Know what you don't know: Unanswerable questions", 2018),
        ("Frantar", "Optimal brain compression", 2022),
        ("Frantar", "SPDY: Accurate pruning with speedup guarantees", 2022),
    ]
    store_references(
        db,
        GPTQ,
        [
            Reference(n=n, raw=title, authors=[author, "Other"], title=title, year=year)
            for n, (author, title, year) in enumerate(papers, 1)
        ],
    )
    snippets = {
        ("benchmark", "WikiText-2"): "perplexity on WikiText2 (Merity et al., 2016) and C4",
        ("benchmark", "SQuAD"): "BERT-base on SQuAD Rajpurkar et al. (2018), as in",
        ("model", "OPT"): "the OPT (Frantar et al., 2022) models",
    }
    facets = [Facet(c, v, True, [Evidence(2, text)]) for (c, v), text in snippets.items()]
    store_facets(db, GPTQ, facets, "rules")
    db.conn.commit()
    every = json.loads(run("next", "--all-roles", "--json").stdout)
    assert {s["title"]: s["role"] for s in every} == {
        WIKITEXT: "benchmark",
        papers[1][1]: "benchmark",
        papers[2][1]: "",
        papers[3][1]: "",
    }
