"""benchmarks/facets_text.py: whole papers in markdown become page texts like read_pdf's."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from benchmark_scripts import load

from papers.models import Evidence, Facet
from papers.quant import CATEGORIES, extract_facets

BENCHMARK = Path(__file__).resolve().parents[1] / "benchmarks" / "facets_text.py"
UNSEEN = Path(__file__).parent / "data" / "facets_unseen"


def _load():
    return load("facets_text")


MARKDOWN = r"""# **FooQuant:** Quantizing Things

#### **Abstract**

We propose FooQuant, a post-training method.

#### 1. Introduction

Some text.

<span id="page-1-0"></span>#### 4. Experiments

Table 2. Perplexity (↓) on *WikiText2*.

| Method | W4A16 | W3A16 |
|--------|-------|-------|
| RTN    | 6.1   | 25.7  |
| **GPTQ** | 5.9 | 8.1   |
| a\|b<br>c | 1 | 2 |

![](_page_1_Figure_2.jpeg)
"""


def test_markdown_becomes_pages_with_one_table_cell_a_line():
    pages = _load().markdown_pages(MARKDOWN)
    assert len(pages) == 2  # the page anchor starts page 2
    assert pages[0].splitlines()[:2] == ["FooQuant: Quantizing Things", "Abstract"]
    lines = pages[1].splitlines()
    assert lines[0] == "4. Experiments"
    assert lines[1] == "Table 2. Perplexity (↓) on WikiText2."
    assert lines[2:8] == ["Method", "W4A16", "W3A16", "RTN", "6.1", "25.7"]
    assert "GPTQ" in lines and "a|b" in lines and "c" in lines  # a bar kept, a break a line
    assert not any(line.startswith("|") or "![" in line for line in lines)


def test_html_tables_become_one_cell_a_line():
    html = (
        "Some text.\n"
        "<table><tr><th>Method</th><th>Avg bits</th></tr>"
        "<tr><td>QuIP#</td><td>2.02</td></tr><tr><td>AQLM<br>(ours)</td><td>2.07</td></tr>"
        "<tr><td>I&amp;S-ViT</td><td>2.5</td></tr></table>"
    )
    lines = _load().markdown_pages(html)[0].splitlines()
    assert lines == [
        *["Some text.", "Method", "Avg bits", "QuIP#", "2.02", "AQLM", "(ours)", "2.07"],
        *["I&S-ViT", "2.5"],
    ]


def test_citation_links_read_as_a_pdf_prints_them():
    # the converter escapes a citation's brackets inside a link to its reference
    pages = _load().markdown_pages(
        r"On EvalCrafter [\[34\]](#page-12-13) and VBench [\[5,](#page-9-1) [7\]](#page-9-2)."
    )
    assert pages[0].strip() == "On EvalCrafter [34] and VBench [5, 7]."
    # and an author-year citation's parentheses, split over two links
    pages = _load().markdown_pages(
        r"OmniQuant [\(Shao et al.,](#page-9-7) [2023\)](#page-9-8) learns the clipping."
    )
    assert pages[0].strip() == "OmniQuant (Shao et al., 2023) learns the clipping."


def test_arxiv_html_tables_lose_their_markup():
    # LaTeXML's HTML, as some conversions keep it: a row tag alone on its line, a formula's
    # markup and TeX source in a cell, and a placeholder before the table
    lines = (
        _load()
        .markdown_pages(
            "[TABLE S5.T5]\n"
            '<table class="ltx_tabular">\n<tr class="ltx_tr">\n'
            '<th class="ltx_td"><span class="ltx_text">WikiText-2 (<math class="ltx_Math">'
            "<semantics><mo>↓</mo><annotation>\\downarrow</annotation></semantics></math>)"
            "</span></th>\n"
            '<td class="ltx_td">OPT-6.7B</td>\n</tr>\n</table>\n[/TABLE]\n'
        )[0]
        .splitlines()
    )
    assert lines == ["WikiText-2 (↓)", "OPT-6.7B"]


def test_text_in_angle_brackets_is_no_tag():
    lines = _load().markdown_pages("if a<b and c>d, the <EOS> token\n\nsee <https://x.org/W4A8>")
    assert lines[0].splitlines() == [
        "if a<b and c>d, the <EOS> token",
        "see <https://x.org/W4A8>",
    ]


def test_glyphs_are_repaired_as_read_pdf_repairs_them():
    # a word processor's non-breaking hyphen and a ligature, as a PDF's text layer gives them
    pages = _load().markdown_pages("XNOR\u2011Net and Bi\u2011RealNet are e\ufb00ective")
    assert pages[0] == "XNOR-Net and Bi-RealNet are effective"


def test_underscore_emphasis_is_dropped_as_a_pdf_prints_none():
    # IEEE's italic "_Abstract_ —": "_" is a word character, so the marked word was no
    # "Abstract" and the title ran to the first "abstract" of the body (VQ-LLM)
    pages = _load().markdown_pages("_Abstract_ —Vector quantization of W_q and group_size")
    assert pages[0] == "Abstract —Vector quantization of W_q and group_size"


def test_footnote_citations_read_as_numbered_references():
    pages = _load().markdown_pages(
        "We follow LLaVA [^39].\n\n[^39]: Haotian Liu. Visual instruction tuning. 2023.\n"
    )
    assert pages[0].splitlines() == [
        "We follow LLaVA [39].",
        "References",
        "[39] Haotian Liu. Visual instruction tuning. 2023.",
    ]


def test_a_tei_conversion_reads_with_its_headings_and_bibliography():
    # GROBID's TEI as some conversions print it (FP4 All the Way, QSVD): a heading is a
    # "Section:" line, each section ends with its citation keys, the bibliography is "Ref_id"
    # lines; read as a PDF prints them, the experiments are a section and the titles of the
    # cited papers are not the paper's text
    text = (
        "Section: Experiments\nWe train Llama2 7B in FP4.\nthis section cite: ['b17', 'b1']\n"
        "Section: \nthis section cite: []\n"
        "Ref_id:b0 Title: Gptq: Accurate post-training quantization Year: (2023)\n"
        "Ref_id:b1 Title: Awq: Activation-aware weight quantization Year: (2024)\n"
    )
    assert _load().markdown_pages(text)[0].splitlines() == [
        "Experiments",
        "We train Llama2 7B in FP4.",
        "References",
        "Ref_id:b0 Title: Gptq: Accurate post-training quantization Year: (2023)",
        "Ref_id:b1 Title: Awq: Activation-aware weight quantization Year: (2024)",
    ]
    facets = extract_facets(_load().markdown_pages("Intro.\n" + text))
    assert {f.value for f in facets if f.evaluated} >= {"FP4", "LLaMA-2-7B"}
    assert "GPTQ" not in {f.value for f in facets if f.evaluated}


def test_the_pages_read_as_a_paper():
    facets = extract_facets(_load().markdown_pages(MARKDOWN))
    evaluated = {(f.category, f.value) for f in facets if f.evaluated}
    assert {("baseline", "RTN"), ("baseline", "GPTQ"), ("precision", "W4A16")} <= evaluated


def test_unseen_labels_name_their_text():
    paths = sorted(UNSEEN.glob("*.json"))
    assert len(paths) == 406  # the 406 papers docs/benchmarks.md reports
    for path in paths:
        label = json.loads(path.read_text("utf-8"))
        assert label["text"].isdigit() and set(label["facets"]) <= set(CATEGORIES), path.name


def test_no_text_no_score(tmp_path, capsys):
    assert _load().main(["--texts", str(tmp_path)]) == 1
    assert "no text" in capsys.readouterr().err


def test_labels_without_a_text_are_counted_not_scored(tmp_path, capsys):
    texts, labels = tmp_path / "texts", tmp_path / "labels"
    texts.mkdir()
    labels.mkdir()
    for name in ("1", "2"):
        label = {"paper": name, "text": name, "title": name, "facets": {"baseline": ["GPTQ"]}}
        (labels / f"{name}.json").write_text(json.dumps(label), "utf-8")
    (texts / "1.md").write_text(MARKDOWN, "utf-8")
    assert _load().main(["--texts", str(texts), "--labels", str(labels)]) == 0
    captured = capsys.readouterr()
    assert "1 papers scored; 1 labels" in captured.err
    assert captured.out.startswith("1  1\n") and "\n2  2" not in captured.out


def test_tally_scores_strict_and_lenient():
    _load()  # puts benchmarks/ on the path, where facets.py is
    from facets import tally

    label = {
        "facets": {"precision": ["W4A16", "W3A16"], "baseline": ["GPTQ"]},
        "ambiguous": {"precision": ["W3A16"]},
    }
    facets = [
        Facet("precision", "W4A16", True, [Evidence(1, "W4A16")]),
        Facet("precision", "W8A8", True, [Evidence(1, "W8A8")]),
        Facet("baseline", "GPTQ", False, [Evidence(1, "GPTQ")]),  # mentioned only
    ]
    rows, overall = tally([("p", label, facets)])
    assert rows[0]["precision"]["false_positives"] == ["W8A8"]
    assert rows[0]["precision"]["missed"] == ["W3A16"]
    assert rows[0]["lenient"]["precision"] == {"false_positives": ["W8A8"], "missed": []}
    assert overall["strict"]["all"]["tp"] == 1 and overall["strict"]["all"]["fn"] == 2
    assert overall["lenient"]["precision"]["recall"] == 1.0
    assert overall["lenient"]["baseline"]["recall"] == 0.0


def test_facets_benchmark_scores_several_label_folders_together(tmp_path, capsys):
    _load()
    from facets import load_labels, main

    for folder, paper in (("a", "2210.17323"), ("b", "2306.00978")):
        (tmp_path / folder).mkdir()
        label = {"paper": paper, "facets": {"baseline": ["GPTQ"]}}
        (tmp_path / folder / f"{paper}.json").write_text(json.dumps(label), "utf-8")
    labels = load_labels([tmp_path / "a", tmp_path / "b"])
    assert sorted(labels) == ["2210.17323", "2306.00978"]
    # a missing folder is named before anything is timed
    args = ["--labels", str(tmp_path / "a"), "--labels", str(tmp_path / "missing")]
    assert main(args) == 1
    assert str(tmp_path / "missing") in capsys.readouterr().err


def test_tally_compares_spellings_as_list_facet_does():
    """A labeller's "AIME-2024" is the vocabulary's "AIME 2024"; "OPT-13B" stays no OPT-1.3B."""
    _load()
    from facets import tally

    label = {
        "facets": {"benchmark": ["AIME-2024"], "model": ["OPT-1.3B"]},
        "ambiguous": {"benchmark": ["math500"]},
    }
    facets = [
        Facet("benchmark", "AIME 2024", True, [Evidence(1, "AIME 2024")]),
        Facet("benchmark", "MATH-500", True, [Evidence(1, "MATH-500")]),
        Facet("model", "OPT-13B", True, [Evidence(1, "OPT-13B")]),
    ]
    rows, overall = tally([("p", label, facets)])
    assert rows[0]["benchmark"]["missed"] == [] and overall["strict"]["benchmark"]["tp"] == 1
    assert rows[0]["benchmark"]["false_positives"] == ["MATH-500"]
    assert rows[0]["lenient"]["benchmark"]["false_positives"] == []
    assert rows[0]["model"]["false_positives"] == ["OPT-13B"]


def _load_first():
    return load("facets_first")


def test_first_measurements_pool_counts_not_ratios():
    first = _load_first()

    def counts(tp, fp, fn):
        return {c: {"tp": tp, "fp": fp, "fn": fn} for c in first.CATEGORIES}

    # a small set's perfect score weighs as little as its two facets
    sets = [
        {"strict": counts(2, 0, 0), "lenient": counts(2, 0, 0), "papers": ["a"]},
        {"strict": counts(6, 2, 4), "lenient": counts(6, 1, 2), "papers": ["b", "c"]},
    ]
    pooled = first.pool(sets)
    assert pooled["strict"]["model"] == {
        "tp": 8,
        "fp": 2,
        "fn": 4,
        "precision": 0.8,
        "recall": 8 / 12,
    }
    assert pooled["lenient"]["all"]["recall"] == 0.8
    assert "2 sets, 3 papers" in first.render(sets, pooled)


def test_first_measurements_split_by_what_the_papers_quantize():
    first = _load_first()
    assert first.domain({"facets": {"model": ["LLaMA-2-7B", "LLaMA-2"]}}) == "language"
    assert first.domain({"facets": {"model": ["DeiT-S"]}, "ambiguous": {}}) == "vision"
    # a paper with both is read by its language models; the ambiguous ones count too
    assert first.domain({"facets": {"model": ["ViT-B"]}, "ambiguous": {"model": ["BERT"]}}) == (
        "language"
    )
    assert first.domain({"facets": {"model": ["GCN", "Stable Diffusion"]}}) == "other"

    def counts(tp, fp, fn, papers):
        # each domain as score_set gives it: its papers' count and their tally, per mode
        def scored(tp, fp, fn):
            tally = {c: {"tp": tp, "fp": fp, "fn": fn} for c in first.CATEGORIES}
            return {"strict": tally, "lenient": tally}

        return {
            "language": {"papers": papers, **scored(tp, fp, fn)},
            "vision": {"papers": 0, **scored(0, 0, 0)},
            "other": {"papers": 0, **scored(0, 0, 0)},
        }

    lenient = {c: {"tp": 1, "fp": 0, "fn": 0} for c in first.CATEGORIES}
    sets = [
        {"strict": lenient, "lenient": lenient, "papers": ["a"], "domains": counts(3, 1, 0, 1)},
        {"strict": lenient, "lenient": lenient, "papers": ["b"], "domains": counts(1, 0, 4, 1)},
    ]
    table = first.render(sets, first.pool(sets), by_domain=True).splitlines()
    language = next(line for line in table if line.startswith("language"))
    # pooled over the sets: 4 found of 8 labelled, 1 false of 5 extracted
    assert language.split()[1:3] == ["2", "0.80/0.50"]
    assert next(line for line in table if line.startswith("vision")).split()[1] == "0"


def test_first_measurement_intervals_come_from_drawing_the_sets_again():
    first = _load_first()

    def tallied(tp, fp, fn):
        counts = {c: {"tp": tp, "fp": fp, "fn": fn} for c in first.CATEGORIES}
        return {"strict": counts, "lenient": counts, "papers": ["p"]}

    # sets that agree leave no doubt: the interval is the pooled figure itself
    same = first.interval([tallied(9, 1, 1)] * 5, draws=200)
    assert same["model"] == {"precision": (0.9, 0.9), "recall": (0.9, 0.9)}
    # sets that disagree spread it, and the pooled figure lies inside
    mixed = [tallied(10, 0, 0), tallied(5, 5, 10), tallied(8, 2, 2), tallied(6, 0, 6)]
    low, high = first.interval(mixed, draws=500)["baseline"]["recall"]
    pooled = first.pool(mixed)["lenient"]["baseline"]["recall"]
    assert low < pooled < high and low >= 5 / 15 and high <= 1.0
    # the same seed, the same interval: the figure in docs/benchmarks.md can be checked
    assert first.interval(mixed, draws=500) == first.interval(mixed, draws=500)
    table = first.render(mixed, first.pool(mixed), intervals=first.interval(mixed, draws=500))
    row = next(line for line in table.splitlines()[-9:] if line.startswith("granularity"))
    assert row.split()[1].endswith("?")  # precision: the target 0.9 is inside the interval
    assert first.interval([tallied(1, 1, 1)] * 3, draws=50)["all"]["recall"] == (0.5, 0.5)
    assert first.render(
        [tallied(1, 1, 1)],
        first.pool([tallied(1, 1, 1)]),
        intervals=first.interval([tallied(1, 1, 1)], draws=50),
    ).splitlines()[-2].split()[1:] == ["0.50–0.50<", "0.50–0.50<"]


def test_first_measurement_sets_are_in_labelling_order():
    sets = json.loads((BENCHMARK.parent / "facets_first_sets.json").read_text("utf-8"))["sets"]
    labels = [s["labels"] for s in sets]
    assert len(set(labels)) == len(labels) == 113
    assert all(len(s["first"]) == 7 and s["first"] != s["labels"] for s in sets)


def test_first_measurement_stops_on_a_missing_text(tmp_path, monkeypatch):
    first = _load_first()
    repo = tmp_path / "repo"
    labels = repo / "tests" / "data" / "facets_unseen"
    labels.mkdir(parents=True)
    (labels / "2401.00001.json").write_text('{"paper": "2401.00001", "text": "123"}', "utf-8")
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "labels"], check=True)
    commit = subprocess.run(
        [*git, "rev-parse", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()
    monkeypatch.setattr(first, "ROOT", repo)
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "2401.00001.md").write_text("named by its paper id, not by its text id", "utf-8")
    # scored without it, the set would look better or worse than it was, with no word of it
    with pytest.raises(SystemExit, match=r"2401\.00001\.json has no text .*123\.md"):
        first.score_set(commit, "0000000", texts, tmp_path / "scratch")


def test_a_first_measurement_miss_is_sorted_by_what_it_was_in_the_extraction():
    first = _load_first()
    facets = [["baseline", "GPTQ", False], ["model", "OPT", True]]
    text = "We compare with GPTQ and Marlin on OPT (65B in Table 2)."
    # found, but as a mention: the evaluated-or-mentioned call missed it
    assert first.why_missed("GPTQ", "baseline", facets, text) == "mention"
    # written in the text, never extracted: a name the vocabulary lacked
    assert first.why_missed("Marlin", "baseline", facets, text) == "named"
    # a mention of another category does not count for this one
    assert first.why_missed("GPTQ", "model", facets, text) == "named"
    # never written as labelled: the size comes from a table's header
    assert first.why_missed("OPT-65B", "model", facets, text) == "unwritten"
    # ... and a name inside a word is not written ("ARC" in "search")
    assert first.why_missed("ARC", "benchmark", facets, "a search over ARCH-7") == "unwritten"


def test_misses_are_read_from_either_form_facets_text_printed():
    first = _load_first()
    old = {"paper": "p", "model": {"false_positives": [], "missed": ["OPT-13B"]}}
    new = {"paper": "p", "lenient": {"model": {"false_positives": [], "missed": ["OPT-13B"]}}}
    for row in (old, new):
        misses = first._lenient_misses(row)
        assert misses["model"] == ["OPT-13B"] and misses["baseline"] == []


def _load_unknown():
    return load("facets_unknown")


def test_leave_one_out_finds_a_name_from_its_comparison_not_from_the_list(tmp_path):
    """GPTQ, removed from the vocabulary, is still read from the comparison that cites it;
    AQLM, named in sentences that compare nothing, is found through its entry alone."""
    import tomllib
    from importlib import resources

    unknown = _load_unknown()
    texts, labels = tmp_path / "texts", tmp_path / "labels"
    texts.mkdir()
    labels.mkdir()
    extra = (
        "\nWe compare our method with GPTQ [3] and AWQ [4] at W4A16. GPTQ [3] is slower than "
        "ours. AQLM [7] runs at W2A16 in Table 3. AQLM [7] reaches 6.0. AQLM is slow.\n"
    )
    (texts / "x.md").write_text(MARKDOWN + extra, "utf-8")
    label = {"paper": "x", "facets": {"baseline": ["GPTQ", "AQLM", "ZetaQ"]}}
    (labels / "x.json").write_text(json.dumps(label), "utf-8")
    data = tomllib.loads(
        resources.files("papers").joinpath("data/quant_vocab.toml").read_text("utf-8")
    )
    report = unknown.run(texts, labels, "baseline", data)
    rows = {r["value"]: (r["with_entry"], r["without_entry"]) for r in report["rows"]}
    assert rows == {"AQLM": (True, False), "GPTQ": (True, True)}  # ZetaQ has no entry
    assert (report["values"], report["with_entry"], report["without_entry"]) == (2, 2, 1)
    # the vocabulary without an entry drops it from the settings that name it too
    assert "GPTQ" in data["settings"]["post_training"]
    assert "GPTQ" not in unknown.without(data, "baseline", "gptq")["settings"]["post_training"]


def test_leave_one_out_of_a_model_removes_every_entry_that_spells_it():
    unknown = _load_unknown()
    data = {
        "model": [
            {"value": ["DenseNet-{depth}", "DenseNet"], "patterns": ["DenseNet"]},
            {"value": "GLM-130B", "patterns": ["GLM-130B"]},
            {"value": ["GLM-{size}", "GLM"], "patterns": ["GLM"]},
        ]
    }
    assert unknown.entry_keys(data["model"][0], "model") == {"densenet"}
    less = unknown.without(data, "model", "glm")
    assert [e["value"] for e in less["model"]] == [["DenseNet-{depth}", "DenseNet"], "GLM-130B"]
    # a method's entry stands for its first spelling only
    assert unknown.entry_keys({"value": ["GPTQ", "OPTQ"]}, "baseline") == {"gptq"}


def test_leave_one_out_of_rare_names_counts_the_values_few_papers_label():
    unknown = _load_unknown()
    rows = [
        {"paper": "a", "value": "GPTQ", "with_entry": True, "without_entry": True},
        {"paper": "b", "value": "GPTQ", "with_entry": True, "without_entry": True},
        {"paper": "b", "value": "ZetaQ", "with_entry": True, "without_entry": False},
        {"paper": "c", "value": "EtaQ", "with_entry": False, "without_entry": False},
    ]
    report = unknown.rare({"category": "baseline", "rows": rows}, 1)
    assert [r["value"] for r in report["rows"]] == ["ZetaQ", "EtaQ"]
    assert (report["values"], report["with_entry"], report["without_entry"]) == (2, 1, 0)


def test_first_paper_timings_are_the_best_of_each_pdf_and_mode(tmp_path, monkeypatch):
    # benchmarks/facets.py --cold: a fresh interpreter per PDF and mode varies by many points
    # from one run to the next, so each PDF and mode keeps its least time over the runs; the
    # warm-up run (the first PDF once more, writing the caches) is not counted
    facets = load("facets")
    (tmp_path / "pdf").mkdir()
    for name in ("a", "b"):
        (tmp_path / "pdf" / f"{name}.pdf").write_bytes(b"%PDF-1.7\n")
    times = iter(
        # warm-up: ingest+facets, then none/process/worker; then two runs over a and b
        ["9 9", "9", "9", "9"]
        + ["1.0 0.5", "2.0", "3.0", "2.4", "1.2 0.6", "2.2", "3.3", "2.1"]
        + ["0.8 0.7", "2.5", "2.8", "2.6", "1.1 0.4", "2.0", "3.5", "2.3"]
    )

    class Done:
        def __init__(self) -> None:
            self.stdout = next(times)

    monkeypatch.setattr(facets.subprocess, "run", lambda *a, **k: Done())
    cold = facets.cold_costs(tmp_path, 2, runs=2)
    assert cold["papers"] == 2
    assert cold["ingest"] == pytest.approx((0.8 + 1.1) * 1000)
    assert cold["facets"] == pytest.approx((0.5 + 0.4) * 1000)
    assert cold["wall"] == pytest.approx({"none": 4000, "process": 6100, "worker": 4500})
    assert cold["overhead_wall_worker"] == pytest.approx(0.125)


def test_labelled_papers_lists_corpus_and_unseen_labels_once(tmp_path, capsys):
    # the corpus labels (no text id) are listed beside the unseen ones, so that a helper does
    # not label a second copy of AWQ or OS+ as a new paper
    listing = load("labelled_papers")
    assert listing.main(["--data", str(tmp_path)]) == 1
    (tmp_path / "facets").mkdir()
    (tmp_path / "facets_unseen").mkdir()
    (tmp_path / "facets_unseen_second").mkdir()
    awq = {"paper": "2306.00978", "title": "AWQ:  Activation-aware\nWeight Quantization"}
    (tmp_path / "facets" / "2306.00978.json").write_text(json.dumps(awq), "utf-8")
    ganq = {"paper": "2501.12956", "text": "25699456805", "title": "GANQ"}
    for folder in ("facets_unseen", "facets_unseen_second"):
        (tmp_path / folder / "25699456805.json").write_text(json.dumps(ganq), "utf-8")
    assert listing.main(["--data", str(tmp_path)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "2306.00978 | - | AWQ: Activation-aware Weight Quantization",
        "2501.12956 | 25699456805 | GANQ",
    ]
    rows = listing.labelled(UNSEEN.parent)
    assert len(rows) >= 217 + 6  # the unseen papers and the corpus sets
