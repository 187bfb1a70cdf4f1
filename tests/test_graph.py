"""The citation graph: cited-by, next, and the dot / mermaid / json / graphml drawings."""

from __future__ import annotations

import gc
import json
import shutil
from xml.etree import ElementTree as ET

import pytest
from click.testing import CliRunner

from papers.cli import PapersGroup
from papers.cli_refs import cited_by, graph, next_, refs
from papers.db import open_db, save_paper
from papers.errors import AmbiguousPaper
from papers.graph import (
    build_graph,
    collector_paused,
    next_reading,
    render,
    short_title,
    to_dot,
    to_mermaid,
)
from papers.graph import cited_by as find_citers
from papers.library import store_references
from papers.models import Paper, Reference

app = PapersGroup("papers", commands={c.name: c for c in (refs, cited_by, next_, graph)})

GPTVQ, GPTQ, AWQ, SMOOTH = "2402.15319", "2210.17323", "2306.00978", "2211.10438"
LLM_INT8, OBC, ZEROQ = "2208.07339", "2208.11580", "2206.01861"


def run(*args: str):
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def reference(n: int, title: str, year: int, arxiv: str | None = None) -> Reference:
    raw = f"Someone. {title}. {year}." + (f" arXiv:{arxiv}" if arxiv else "")
    return Reference(n=n, raw=raw, authors=["Someone"], title=title, year=year, arxiv=arxiv)


def _gptq_references(*more: Reference) -> list[Reference]:
    """GPTQ's references in the test library: LLM.int8() by its id, OBC by its title alone,
    ZeroQuant by its id; then `more`."""
    return [
        reference(
            1, "Llm.int8(): 8-bit matrix multiplication for transformers at scale", 2022, LLM_INT8
        ),
        reference(2, "Optimal brain compression: a framework for accurate post-training", 2022),
        reference(3, "ZeroQuant: efficient and affordable post-training quantization", 2022, ZEROQ),
        *more,
    ]


@pytest.fixture
def db(root):
    """GPTVQ, GPTQ and SmoothQuant in the library. GPTVQ cites GPTQ, AWQ, SmoothQuant,
    LLM.int8() (resolved by title) and OBC (no id); GPTQ and SmoothQuant cite LLM.int8();
    GPTVQ's review note mentions OBC."""
    db = open_db(root)
    papers = {
        GPTVQ: ("GPTVQ: The Blessing of Dimensionality for LLM Quantization", 2024),
        GPTQ: (
            "GPTQ: Accurate Post-Training Quantization for Generative Pre-trained Transformers",
            2022,
        ),
        SMOOTH: (
            "SmoothQuant: Accurate and Efficient Post-Training Quantization for Large "
            "Language Models",
            2022,
        ),
    }
    for i, (pid, (title, year)) in enumerate(papers.items()):
        save_paper(
            db,
            Paper(
                id=pid,
                title=title,
                published=f"{year}-01-01T00:00:00Z",
                added=f"2026-01-0{i + 1}T00:00:00Z",
            ),
        )
    store_references(
        db,
        GPTVQ,
        [
            reference(1, papers[GPTQ][0], 2022, GPTQ),
            reference(
                2, "AWQ: Activation-aware weight quantization for LLM compression", 2023, AWQ
            ),
            reference(3, papers[SMOOTH][0], 2022, SMOOTH),
            reference(4, "Llm.int8(): 8-bit matrix multiplication for transformers at scale", 2022),
            reference(5, "Optimal brain compression: a framework for accurate post-training", 2022),
        ],
    )
    store_references(db, GPTQ, _gptq_references())
    store_references(
        db,
        SMOOTH,
        [
            reference(
                1,
                "Llm.int8(): 8-bit matrix multiplication for transformers at scale",
                2022,
                LLM_INT8,
            )
        ],
    )
    # GPTVQ's reference 4 was resolved by title; a manual decision unlinks nothing here.
    key = db.execute("SELECT key FROM refs WHERE paper_id = ? AND n = 4", [GPTVQ]).fetchone()[0]
    db["ref_links"].insert(
        {
            "paper_id": GPTVQ,
            "key": key,
            "resolved": LLM_INT8,
            "method": "title",
            "confidence": 1.0,
            "candidates": "[]",
            "manual": 0,
            "updated": "2026-01-01T00:00:00Z",
        }
    )
    # (the note on disk too: commands that draw the graph index the notes first)
    note = root / "reviews" / "2402.15319-gptvq.md"
    note.parent.mkdir(exist_ok=True)
    note.write_text(f'---\narxiv: "{GPTVQ}"\n---\nCompare with [[{OBC}]].\n')
    db["reviews"].insert(
        {
            "path": "reviews/2402.15319-gptvq.md",
            "paper_id": GPTVQ,
            "content": "",
            "sha256": "x",
            "synced": "2026-01-01T00:00:00Z",
            "deleted": 0,
        }
    )
    db["mentions"].insert({"review_path": "reviews/2402.15319-gptvq.md", "arxiv_id": OBC})
    db.conn.commit()
    return db


def test_cited_by_id_and_by_title(db):
    result = find_citers(db, LLM_INT8)
    assert {c.paper_id for c in result.citations} == {GPTVQ, GPTQ, SMOOTH}
    # (GPTVQ's [4] prints no id: it was linked by its title)
    assert {(c.paper_id, c.by) for c in result.citations} == {
        (GPTVQ, "title"),
        (GPTQ, "id"),
        (SMOOTH, "id"),
    }
    assert not result.in_library
    # OBC has no arXiv id in any reference: found by its title.
    by_title = find_citers(db, "Optimal Brain Compression: A Framework for Accurate Post-Training")
    assert {(c.paper_id, c.by) for c in by_title.citations} == {(GPTVQ, "title"), (GPTQ, "title")}
    library_paper = find_citers(db, GPTQ)
    assert [c.paper_id for c in library_paper.citations] == [GPTVQ]
    assert library_paper.in_library


def test_next_ranks_outside_papers_by_citing_library_papers(db):
    ranked = next_reading(db)
    assert (ranked[0].arxiv, ranked[0].count) == (LLM_INT8, 3)
    assert ranked[0].cited_by == sorted([GPTVQ, GPTQ, SMOOTH])
    obc = [s for s in ranked if s.arxiv is None and s.title.startswith("Optimal brain")]
    assert [s.count for s in obc] == [2]  # known by title only, cited by GPTVQ and GPTQ
    assert all(s.arxiv not in {GPTQ, SMOOTH, GPTVQ} for s in ranked)
    # SmoothQuant cites only LLM.int8(), which three library papers cite.
    assert [(s.arxiv, s.count) for s in next_reading(db, SMOOTH)] == [(LLM_INT8, 3)]


def test_the_collector_is_paused_while_the_library_is_read_and_left_as_it_was(db):
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError), collector_paused():
        raise ValueError  # (an error in the command: the collector runs again after it)
    assert gc.isenabled()
    next_reading(db, roles=True)
    build_graph(db)
    assert gc.isenabled()
    gc.disable()  # (a caller that paused it: it stays paused)
    try:
        with collector_paused():
            pass
        next_reading(db)
        build_graph(db, GPTVQ)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_next_for_a_paper_is_what_it_cites_and_deeper_what_those_cite(db):
    """GPTVQ cites GPTQ (in the library), AWQ, LLM.int8() and OBC; GPTQ also cites ZeroQuant.
    What to read before GPTVQ is what GPTVQ cites; depth 2 adds what GPTQ cites."""
    direct = {s.arxiv or s.title[:7] for s in next_reading(db, GPTVQ)}
    assert direct == {AWQ, LLM_INT8, "Optimal"}
    assert {s.arxiv for s in next_reading(db, GPTVQ, depth=2)} >= {ZEROQ}
    assert run("next", "--depth", "2").exit_code == 2  # (depth without --for)
    assert ZEROQ in run("next", "--for", GPTVQ, "--depth", "2").output


def test_next_about_a_topic_keeps_the_papers_whose_title_holds_it(db):
    """A reviewer's next reading led by BERT, GPT-3 and GLUE, which every paper cites:
    --about keeps the titles that hold its words as search reads them (quantization is in
    "Quantization" and "quantized"), any of several topics."""
    titles = [s.title for s in next_reading(db, GPTVQ)]
    assert any(t.startswith("Llm.int8()") for t in titles)  # (no word of quantization)
    data = json.loads(run("next", "--for", GPTVQ, "--about", "quantization", "--json").stdout)
    assert [d["arxiv"] for d in data] == [AWQ]
    both = run("next", "--for", GPTVQ, "--about", "quantized", "--about", "matrix multiplication")
    assert {line.split()[1].rstrip("?") for line in both.stdout.splitlines()[2:]} == {AWQ, LLM_INT8}
    # (every word of one topic: "brain" and "surgery" are not both in OBC's title)
    assert json.loads(run("next", "--about", "brain compression", "--json").stdout)[0]["title"]
    none = CliRunner().invoke(app, ["next", "--for", GPTVQ, "--about", "brain surgery"])
    assert none.exit_code == 1
    assert "Nothing to suggest about brain surgery: none of the 3 paper(s)" in none.output
    wordless = CliRunner().invoke(app, ["next", "--about", "!!!"])  # (a reviewer)
    assert wordless.exit_code == 2 and "'!!!' holds no word" in wordless.output
    # (a regression sweep: "quant*" and "quantization OR pruning" suggested nothing, silently)
    prefix = json.loads(run("next", "--for", GPTVQ, "--about", "quant*", "--json").stdout)
    assert [d["arxiv"] for d in prefix] == [AWQ]
    either = CliRunner().invoke(app, ["next", "--about", "quantization OR pruning"])
    assert either.exit_code == 2 and "give --about twice" in either.output
    # (a tester's "quant", a word's start, found nothing without a word on "quant*")
    begun = CliRunner().invoke(app, ["next", "--for", GPTVQ, "--about", "quant"])
    assert begun.exit_code == 1
    assert begun.output.endswith("has it in its title; --about 'quant*' finds 1\n")
    assert "--about 'brain*" not in none.output  # (no hint that would find nothing)
    # (a tester's script: --json printed nothing at all, where every query prints its [])
    empty = CliRunner().invoke(app, ["next", "--about", "zzzz", "--json"])
    assert empty.exit_code == 1 and json.loads(empty.stdout) == []


def test_next_cli_json_and_unknown_paper(db):
    data = json.loads(run("next", "--for", GPTVQ, "--json").stdout)
    assert data[0] == {
        "id": LLM_INT8,  # (as every listing names a paper: `jq '.[].id'` gave nulls)
        "arxiv": LLM_INT8,
        "title": "Llm.int8(): 8-bit matrix multiplication for transformers at scale",
        "year": 2022,
        "count": 3,
        "cited_by": sorted([GPTVQ, GPTQ, SMOOTH]),
        "confirmed": True,  # (GPTVQ's reference 4 is linked to it)
        "role": "method",  # (its title's name, LLM.int8(), a baseline of the lens)
    }
    assert run("next", "--for", "2101.00001").exit_code == 1
    assert run("next", "--limit", "0").exit_code == 2


def test_graph_whole_library_and_around_a_paper(db):
    whole = build_graph(db)
    assert {GPTVQ, GPTQ, SMOOTH, AWQ, LLM_INT8, ZEROQ, OBC} == set(whole.nodes)
    assert whole.nodes[GPTQ].library and not whole.nodes[AWQ].library
    assert whole.nodes[GPTQ].year == 2022 and whole.nodes[GPTQ].label == "GPTQ"
    kinds = {(e.source, e.target): e.kind for e in whole.edges}
    assert kinds[(GPTVQ, OBC)] == "mentions"
    assert kinds[(GPTVQ, LLM_INT8)] == "cites"
    near = build_graph(db, GPTVQ, depth=1)
    assert ZEROQ not in near.nodes and LLM_INT8 in near.nodes
    far = build_graph(db, GPTVQ, depth=2)
    assert ZEROQ in far.nodes  # through GPTQ, which is in the library
    assert len({(e.source, e.target, e.kind) for e in far.edges}) == len(far.edges)


def test_renderings(db):
    g = build_graph(db, GPTVQ, depth=2)
    dot = to_dot(g)
    assert dot.startswith("digraph papers {") and dot.rstrip().endswith("}")
    assert f'"{GPTVQ}" -> "{GPTQ}";' in dot
    assert 'label="mentioned in review"' in dot
    assert "dashed" in dot and "#dbeafe" in dot
    mermaid = to_mermaid(g)
    assert mermaid.startswith("```mermaid\nflowchart LR\n") and mermaid.endswith("```\n")
    assert "classDef library" in mermaid and "class " in mermaid
    assert "-. mentioned in review .->" in mermaid
    assert '["GPTQ<br/>2022"]' in mermaid

    result = run("graph", GPTVQ, "--depth", "2", "--format", "graphml")
    assert result.exit_code == 0
    tree = ET.fromstring(result.stdout.split("\n", 1)[1])
    ns = "{http://graphml.graphdrawing.org/xmlns}"
    nodes = tree.findall(f"{ns}graph/{ns}node")
    assert len(nodes) == len(g.nodes)
    data = json.loads(run("graph", "--format", "json").stdout)
    assert {n["id"] for n in data["nodes"] if n["library"]} == {GPTVQ, GPTQ, SMOOTH}
    assert {"source": GPTVQ, "target": OBC, "kind": "mentions"} in data["edges"]


def test_the_graph_marks_an_id_arxiv_has_not_confirmed_as_refs_does(db):
    """GPTVQ's reference 5 (OBC, printed by its title) linked by hand --offline: `refs` shows
    "2208.11580?", and the graph drew it as it draws a paper arXiv confirmed, in every format,
    of the whole library and around GPTVQ. AWQ's id, printed and never looked up, is marked
    too, as `refs` shows it; a lookup's link (LLM.int8()) and a library paper are not."""
    from papers.models import ArxivEntry
    from papers.resolve import store_entries

    mention = {n["id"]: n for n in json.loads(run("graph", "--format", "json").stdout)["nodes"]}
    assert mention[OBC]["confirmed"] is None  # (a note's mention alone: no reference to ask)
    assert mention[OBC]["label"] == OBC  # (untitled: nothing cached, no reference to it)
    assert run("refs", "link", GPTVQ, "5", OBC, "--offline").exit_code == 0
    assert f"{OBC}?" in run("refs", GPTVQ, "--offline").stdout
    for around in ((), (GPTVQ,)):
        data = json.loads(run("graph", *around, "--format", "json").stdout)
        nodes = {n["id"]: n for n in data["nodes"]}
        assert (nodes[OBC]["confirmed"], nodes[OBC]["label"]) == (
            False,
            "Optimal brain compression (?)",
        )
        assert (nodes[AWQ]["confirmed"], nodes[AWQ]["label"]) == (False, "AWQ (?)")
        assert nodes[LLM_INT8]["confirmed"] is True and nodes[GPTQ]["confirmed"] is True
        assert 'label="Optimal brain compression (?)\\n2022"' in run("graph", *around).stdout
        mermaid = run("graph", *around, "--format", "mermaid").stdout
        assert '["Optimal brain compression (?)<br/>2022"]' in mermaid
        assert '["GPTQ<br/>2022"]' in mermaid
        graphml = run("graph", *around, "--format", "graphml").stdout
        tree = ET.fromstring(graphml.split("\n", 1)[1])
        ns = "{http://graphml.graphdrawing.org/xmlns}"
        confirmed = {
            node.get("id"): node.find(f"{ns}data[@key='confirmed']").text
            for node in tree.findall(f"{ns}graph/{ns}node")
        }
        assert (confirmed[OBC], confirmed[GPTQ]) == ("false", "true")
    # arXiv's answer for the id, once cached (a link made online): confirmed, no mark
    entry = ArxivEntry(OBC, 1, "Optimal brain compression", ["X"], "", [], None, None, None)
    store_entries(db, {OBC: entry})
    db.conn.commit()
    nodes = {n["id"]: n for n in json.loads(run("graph", "--format", "json").stdout)["nodes"]}
    assert (nodes[OBC]["confirmed"], nodes[OBC]["label"]) == (True, "Optimal brain compression")


def test_refs_json_says_whether_arxiv_confirmed_the_id_as_the_table_marks_it(db):
    """`refs --json` had no word of it: the table shows "2208.11580?" for a link made by hand
    --offline, "2306.00978?" for AWQ's printed id never looked up, and the JSON gave both as
    any other link."""
    from papers.models import ArxivEntry
    from papers.resolve import store_entries

    assert run("refs", "link", GPTVQ, "5", OBC, "--offline").exit_code == 0

    def confirmed() -> dict:
        rows = json.loads(run("refs", GPTVQ, "--offline", "--json").stdout)
        return {r["resolved"] or r["n"]: r["confirmed"] for r in rows}

    before = confirmed()
    assert (before[OBC], before[AWQ]) == (False, False)
    assert [v for k, v in before.items() if isinstance(k, int)] == [None] * sum(
        isinstance(k, int) for k in before
    )  # (standing for no id: nothing to confirm)
    entry = ArxivEntry(OBC, 1, "Optimal brain compression", ["X"], "", [], None, None, None)
    store_entries(db, {OBC: entry})
    db.conn.commit()
    assert confirmed()[OBC] is True


def test_next_marks_an_id_linked_by_hand_offline_as_refs_does(db):
    """`next` showed OBC, linked by hand --offline to an id arXiv never confirmed, as
    confirmed ("confirmed": true, no "?"), where `refs` and `graph` show "2208.11580?"."""
    from papers.models import ArxivEntry
    from papers.resolve import store_entries

    assert run("refs", "link", GPTVQ, "5", OBC, "--offline").exit_code == 0

    def suggested() -> dict:
        return {s["id"]: s for s in json.loads(run("next", "--all-roles", "--json").stdout)}

    assert suggested()[OBC]["confirmed"] is False
    assert f"{OBC}?" in run("next", "--all-roles").stdout
    entry = ArxivEntry(OBC, 1, "Optimal brain compression", ["X"], "", [], None, None, None)
    store_entries(db, {OBC: entry})
    db.conn.commit()
    assert suggested()[OBC]["confirmed"] is True


def test_graph_to_text_files_and_images(db, tmp_path, monkeypatch):
    out = tmp_path / "g.mmd"
    assert run("graph", "--output", str(out)).exit_code == 0
    assert out.read_text().startswith("flowchart LR")
    monkeypatch.setattr(shutil, "which", lambda name: None)
    result = run("graph", "--output", str(tmp_path / "g.svg"))
    assert result.exit_code == 1
    assert "apt-get install graphviz" in result.output and "brew install graphviz" in result.output
    assert not (tmp_path / "g.svg").exists()


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz not installed")
def test_graph_svg_with_graphviz(db, tmp_path):
    out = tmp_path / "g.svg"
    assert run("graph", GPTVQ, "--output", str(out)).exit_code == 0
    assert b"<svg" in out.read_bytes()


def test_graph_bad_input(db, tmp_path):
    assert run("graph", GPTVQ, "--depth", "0").exit_code == 2
    # a text format and an image file: one of them would be dropped without a word
    clash = run("graph", "--format", "json", "--output", str(tmp_path / "g.svg"))
    assert (
        clash.exit_code == 2 and "--format json writes text, and g.svg is an image" in clash.stderr
    )
    assert not (tmp_path / "g.svg").exists()
    assert "or name a .json file for the json text" in clash.stderr
    assert run("graph", "--format", "png").exit_code == 2
    assert run("graph", "2101.00001").exit_code == 1
    # levels need a paper to start from: the whole library's graph ignored --depth silently
    deep = run("graph", "--depth", "3")
    assert deep.exit_code == 2 and "--depth goes with PAPER" in deep.stderr


def test_graph_to_dash_is_stdout_and_its_json_is_compact_when_piped(db, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    dashed = run("graph", GPTVQ, "--format", "mermaid", "-o", "-")
    assert dashed.exit_code == 0 and dashed.stdout.startswith("```mermaid")
    assert not (tmp_path / "-").exists()
    named = run("graph", GPTVQ, "--format", "mermaid", "-o", "./-")  # (the file of that name)
    assert named.exit_code == 0 and (tmp_path / "-").read_text().startswith("```mermaid")
    piped = run("graph", "--format", "json").stdout  # (CliRunner's stdout is no terminal)
    assert piped.count("\n") == 1 and json.loads(piped)["nodes"]


def test_cited_by_cli(db):
    data = json.loads(run("cited-by", LLM_INT8, "--json").output)
    assert {d["id"] for d in data} == {GPTVQ, GPTQ, SMOOTH}
    # nothing found: exit 1 with its one line (STYLE.md habit 5), also under --json, whose
    # stdout is still an empty list
    result = run("cited-by", GPTVQ)
    assert result.exit_code == 1 and result.stderr == f"No library paper cites {GPTVQ}.\n"
    assert run("cited-by", "  ").exit_code == 2  # (no paper named at all: usage)
    lsq = run("cited-by", "LSQ")  # (a name the field uses, no reference prints)
    assert lsq.exit_code == 1 and lsq.stderr == (
        "LSQ names no paper the library knows: no library title, and no reference's title is "
        "it or names it before a colon; try its title or its id\n"
    )
    quiet = run("cited-by", GPTVQ, "--json")
    assert (quiet.exit_code, json.loads(quiet.stdout)) == (1, [])
    assert "No library paper cites" in quiet.stderr


def test_cited_by_an_id_arxiv_did_not_confirm_still_lists_the_papers_that_print_it(db):
    # after `refs --all` looked up AdaRound's printed id and arXiv answered "not found", the
    # papers printing it vanished from `cited-by 2004.10568` ("No library paper cites"), where
    # `refs` still shows them "2004.10568?"; one unlinked by hand is not listed
    adaround, title = "2004.10568", "Up or down? Adaptive rounding for post-training quantization"
    store_references(db, GPTQ, [reference(19, title, 2020, adaround)])
    store_references(db, SMOOTH, [reference(7, title, 2020, adaround)])
    for paper_id, n, manual in ((GPTQ, 19, 0), (SMOOTH, 7, 1)):
        _not_confirmed(db, paper_id, n, manual)
    result = run("cited-by", adaround, "--json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [(r["id"], r["n"], r["by"]) for r in rows] == [(GPTQ, 19, "printed id")]
    assert f"print {adaround} as its id where arXiv did not confirm it" in result.stderr
    assert find_citers(db, adaround).title == title  # (as the references print it)


def test_an_unconfirmed_node_is_told_from_a_title_that_asks_a_question():
    """ "?" after a title (as "ID?" in `refs`) read the same as a title ending in "?": a
    confirmed "Back to simplicity?" looked unconfirmed."""
    from papers.graph import Node

    asks = Node("2001.00001", "Back to simplicity?", 2020, False, confirmed=True)
    unsure = Node("2001.00002", "Back to simplicity?", 2020, False, confirmed=False)
    assert (asks.label, unsure.label) == ("Back to simplicity?", "Back to simplicity? (?)")


def test_short_titles():
    assert short_title("GPTQ: Accurate Post-Training Quantization") == "GPTQ"
    assert short_title("Optimal fine-grained N:M sparsity") == "Optimal fine-grained N:M sparsity"
    long = "A very long title without any colon that goes on and on about quantization"
    assert len(short_title(long)) <= 40 and short_title(long).endswith("…")


def test_show_counts_the_citing_papers_cited_by_finds_by_id(db, root):
    # GPTVQ prints GPTQ's id without a stored link: `papers cited-by` counts it, and `show`
    # says the same number
    from papers.cli import cli

    by_id = [c for c in find_citers(db, GPTQ).citations if c.by == "id"]
    shown = CliRunner().invoke(cli, ["show", GPTQ, "--json"], catch_exceptions=False)
    assert json.loads(shown.output)["counts"]["cited_by"] == len({c.paper_id for c in by_id}) == 1
    text = CliRunner().invoke(cli, ["show", GPTQ], catch_exceptions=False).output
    assert "cited by 1 in the library (by id)" in text


def test_show_says_how_its_citers_cite_it_as_cited_by_lists_them(db, root):
    """LLM.int8(): two citers print its id, GPTVQ's reference was linked by its title; OBC:
    both citers name it by title alone, linked to the library paper."""
    from collections import Counter

    from papers.cli import cli
    from papers.resolve import link_library_papers

    save_paper(
        db,
        Paper(
            id=LLM_INT8, title="LLM.int8(): 8-bit Matrix Multiplication for Transformers at Scale"
        ),
    )
    save_paper(
        db, Paper(id=OBC, title="Optimal Brain Compression: A Framework for Accurate Post-Training")
    )
    link_library_papers(db)
    for paper, label in ((LLM_INT8, "(2 by id, 1 by title)"), (OBC, "(by title)")):
        how = Counter(c.by for c in find_citers(db, paper).citations)
        text = CliRunner().invoke(cli, ["show", paper], catch_exceptions=False).output
        assert f"cited by {how.total()} in the library {label}," in text
        shown = json.loads(CliRunner().invoke(cli, ["show", paper, "--json"]).output)["counts"]
        assert (shown["cited_by_id"], shown["cited_by_title"]) == (how["id"], how["title"])
    empty = CliRunner().invoke(cli, ["show", GPTVQ], catch_exceptions=False).output
    assert "cited by 0 in the library, " in empty


def test_a_drawing_interrupted_midway_leaves_the_previous_one(db, root, tmp_path, monkeypatch):
    from pathlib import Path

    from papers import graph as graph_module

    out = tmp_path / "graph.mmd"
    out.write_text("the drawing of yesterday\n", encoding="utf-8")
    with monkeypatch.context() as patched:
        real = Path.write_text

        def interrupted(self, data, *args, **kwargs):
            real(self, data[:10], *args, **kwargs)
            raise KeyboardInterrupt

        patched.setattr(Path, "write_text", interrupted)
        with pytest.raises(KeyboardInterrupt):
            graph_module.write_graph(build_graph(db), out, None)
    assert out.read_text(encoding="utf-8") == "the drawing of yesterday\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []
    assert graph_module.write_graph(build_graph(db), out, None) == "mermaid"
    assert "GPTQ" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--missing", "--unresolved"], "--missing and --unresolved"),
        (["--refresh", "--offline"], "drop --offline"),
    ],
)
def test_refs_filters_that_contradict_each_other_are_usage_errors(db, args, says):
    result = CliRunner().invoke(app, ["refs", GPTVQ, *args])
    assert result.exit_code == 2
    assert says in result.output


def test_a_drawing_through_a_symlink_writes_the_file_it_names_and_keeps_its_mode(db, tmp_path):
    from papers import graph as graph_module

    real = tmp_path / "notes" / "graph.mmd"
    real.parent.mkdir()
    real.write_text("old\n", encoding="utf-8")
    real.chmod(0o640)
    link = tmp_path / "link.mmd"
    link.symlink_to(real)
    graph_module.write_graph(build_graph(db), link, None)
    assert link.is_symlink()
    assert "GPTQ" in real.read_text(encoding="utf-8")
    assert real.stat().st_mode & 0o777 == 0o640


def test_a_drawing_to_a_pipe_is_written_into_it(db, tmp_path):
    import os
    import threading

    from papers import graph as graph_module

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[str] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_text(encoding="utf-8")))
    reader.start()
    graph_module.write_graph(build_graph(db), fifo, "json")
    reader.join(10)
    assert json.loads(got[0])["nodes"] and fifo.exists() and not fifo.is_file()


def test_cited_by_and_next_count_the_same_citers_of_a_paper_outside_the_library(db):
    # GPTQ cites ZeroQuant by id; another library paper by its title alone, and arXiv's
    # title is not cached: `next` and `cited-by` both count the two
    other = "2301.00001"
    save_paper(db, Paper(id=other, title="Another study", added="2026-01-09T00:00:00Z"))
    store_references(
        db,
        other,
        [reference(1, "ZeroQuant: efficient and affordable post-training quantization", 2022)],
    )
    zeroquant = next(s for s in next_reading(db) if s.arxiv == ZEROQ)
    citers = find_citers(db, ZEROQ).citations
    assert zeroquant.count == len(citers) == 2
    assert {(c.paper_id, c.by) for c in citers} == {(GPTQ, "id"), (other, "title")}


def test_next_says_how_many_papers_its_limit_left_out(db):
    every = json.loads(run("next", "--json").stdout)
    assert len(every) >= 2
    cut = run("next", "--limit", "1", "--json")
    assert json.loads(cut.stdout) == every[:1]
    assert f"{len(every) - 1} more paper(s) not shown: raise --limit (now 1)" in cut.stderr
    assert "not shown" not in run("next", "--json").stderr


def test_graph_cited_by_and_next_take_a_library_papers_name(db):
    from papers.graph import build_graph

    assert find_citers(db, "gptq").target == GPTQ
    assert [c.paper_id for c in find_citers(db, "GPTQ").citations] == [GPTVQ]
    assert GPTQ in build_graph(db, "GPTQ").nodes
    assert next_reading(db, "SmoothQuant") == next_reading(db, SMOOTH)


def test_graph_and_cited_by_take_a_papers_initials_as_show_does(db):
    # `show OBC` found Optimal Brain Compression (its title's initials); `cited-by OBC` said
    # it "names no paper the library knows" and `graph OBC` "not in the library"
    from papers.graph import build_graph

    title = "Optimal Brain Compression: A Framework for Accurate Post-Training Quantization"
    save_paper(db, Paper(id=OBC, title=title, published="2022-08-24T00:00:00Z"))
    db.conn.commit()
    assert find_citers(db, "OBC").target == OBC
    assert build_graph(db, "OBC").nodes[OBC].library
    drawn = run("graph", "OBC", "--format", "json")
    assert drawn.exit_code == 0 and OBC in {n["id"] for n in json.loads(drawn.stdout)["nodes"]}
    assert run("cited-by", "OBC").exit_code == 0


def test_the_graph_of_an_empty_library_in_json_is_the_empty_graph(root):
    # a script's `papers graph --format json | jq` had no JSON at all to read
    open_db(root).conn.close()
    drawn = run("graph", "--format", "json")
    assert drawn.exit_code == 1 and "the library is empty" in drawn.stderr
    assert json.loads(drawn.stdout) == {"nodes": [], "edges": []}
    assert run("graph").stdout == ""  # (dot: nothing half-drawn)


def test_cited_by_a_title_does_not_load_the_vocabulary(db, monkeypatch):
    # a title that names no library paper was tried as a method's other spelling ("OPTQ"),
    # which loads the lens's vocabulary: 0.15 s more for every cited-by by title
    import papers.quant

    def no_vocabulary(*args, **kwargs):
        raise AssertionError("the vocabulary was loaded")

    monkeypatch.setattr(papers.quant, "load_vocabulary", no_vocabulary)
    title = "Attention is all you need for widget quantization"
    assert run("cited-by", title).exit_code == 1  # (found nothing, and said so)


def test_a_local_papers_id_is_taken_alike_by_every_command(db):
    # `show 98fea004` found the local paper, `graph` and `next --for` said "not in the
    # library"; and `show " local:98fea0046bca "` (pasted) was refused where graph took it
    from papers.cli import cli

    local = "local:98fea0046bca"
    save_paper(db, Paper(id=local, title="A study of widgets", published="2024-01-01T00:00:00Z"))
    store_references(db, local, [reference(1, "GPTQ: Accurate post-training", 2022, GPTQ)])
    db.conn.commit()
    for typed in ("98fea004", f" {local} ", local, local.upper(), "Local:98FEA004"):
        drawn = run("graph", typed, "--format", "json")
        assert drawn.exit_code == 0, (typed, drawn.output)
        assert local in {n["id"] for n in json.loads(drawn.stdout)["nodes"]}
        # (GPTQ, all it cites, is in the library: nothing to read next, and no error)
        suggested = run("next", "--for", typed)
        assert (
            "nothing" in suggested.stderr.lower() and "not in the library" not in suggested.stderr
        )
        shown = CliRunner().invoke(cli, ["show", typed, "--json"])
        assert shown.exit_code == 0 and json.loads(shown.stdout)["id"] == local, typed
    # (a prefix of four hex digits at least, as git takes one: "a" was this paper)
    for short in ("9", "98f", "a"):
        assert run("graph", short).exit_code == 1, short
        assert CliRunner().invoke(cli, ["show", short]).exit_code == 1, short


def test_the_graph_around_a_paper_has_the_library_papers_that_cite_it(db):
    around = build_graph(db, GPTQ)
    assert (GPTVQ, GPTQ, "cites") in {(e.source, e.target, e.kind) for e in around.edges}
    assert around.nodes[GPTVQ].library


def test_the_graph_around_a_paper_outside_the_library_is_its_citers(db):
    around = build_graph(db, LLM_INT8)  # cited by all three library papers
    assert {(e.source, e.target) for e in around.edges} == {
        (GPTVQ, LLM_INT8),
        (GPTQ, LLM_INT8),
        (SMOOTH, LLM_INT8),
    }  # (not the citations among its citers: thousands may cite a paper, see below)
    assert not around.nodes[LLM_INT8].library
    assert around.nodes[LLM_INT8].title  # (as the references print it: nothing cached)
    by_name = build_graph(db, "AWQ")  # the name GPTVQ's reference prints before its colon
    assert set(by_name.nodes) == {AWQ, GPTVQ} and not by_name.nodes[AWQ].library
    mentioned = build_graph(db, OBC)  # cited without an id, but GPTVQ's note mentions it
    assert [(e.source, e.target, e.kind) for e in mentioned.edges] == [(GPTVQ, OBC, "mentions")]
    drawn = run("graph", AWQ, "--format", "json")
    assert drawn.exit_code == 0
    assert json.loads(drawn.stdout)["edges"] == [{"source": GPTVQ, "target": AWQ, "kind": "cites"}]
    nobody = run("graph", "2101.00001")
    assert nobody.exit_code == 1 and nobody.stderr == (
        "Error: 2101.00001 is not in the library, and no library paper cites it or mentions it "
        "in a review note\n"
    )


def test_the_graph_around_an_outside_paper_has_its_citers_by_title_as_cited_by_does(db):
    # GPTQ prints AWQ's title with no id (not looked up yet): cited-by counts it, so does the graph
    store_references(
        db,
        GPTQ,
        [reference(1, "AWQ: Activation-aware weight quantization for LLM compression", 2023)],
    )
    assert {c.paper_id for c in find_citers(db, AWQ).citations} == {GPTVQ, GPTQ}
    assert {e.source for e in build_graph(db, AWQ).edges} == {GPTVQ, GPTQ}
    # and by its title, as cited-by takes it
    by_title = build_graph(db, "AWQ: Activation-aware weight quantization for LLM compression")
    assert {e.source for e in by_title.edges} == {GPTVQ, GPTQ}
    # a name the references print with no id at all: who cites it is cited-by's to say
    result = run("graph", "Optimal brain compression")
    assert result.exit_code == 1 and result.stderr == (
        "Error: the references to Optimal brain compression (Optimal brain compression: a "
        "framework for accurate post-training) print no arXiv id, and no lookup has found one "
        "('papers refs --all' looks them up); 'papers cited-by \"Optimal brain compression\"' "
        "lists who cites it\n"
    )
    # its whole title, as cited-by takes it: the same, not "not in the library"
    whole = run("graph", "Optimal brain compression: a framework for accurate post-training")
    assert whole.exit_code == 1 and whole.stderr.startswith(
        "Error: no arXiv id is known for the paper cited as Optimal brain compression: a "
        "framework for accurate post-training (no reference citing it points to one)"
    )
    assert run("graph", "A title nobody cites at all").stderr == (
        "Error: not in the library: A title nobody cites at all\n"
    )
    # every reference looked up: no advice to look them up
    with db.conn:
        db.execute(
            "INSERT INTO ref_links (paper_id, key, resolved, method, updated) "
            "SELECT paper_id, key, NULL, 'none', '2026-01-01' FROM refs r WHERE NOT EXISTS "
            "(SELECT 1 FROM ref_links l WHERE l.paper_id = r.paper_id AND l.key = r.key)"
        )
    looked_up = run("graph", "Optimal brain compression").stderr
    assert "print no arXiv id, and no lookup has found one; " in looked_up
    assert "refs --all" not in looked_up


def test_cited_by_lists_the_most_recent_first_within_a_year_too(db):
    """--limit keeps the latest citers: OmniQuant (August 2023) before SpQR (June) before
    Outlier Suppression+ (April), whatever their ids say."""
    for paper_id, published in (
        ("2308.13137", "2023-08-25"),
        ("2306.03078", "2023-06-05"),
        ("2304.09145", "2023-04-18"),
    ):
        save_paper(db, Paper(id=paper_id, title=paper_id, published=f"{published}T00:00:00Z"))
        store_references(db, paper_id, [reference(1, "Any title of a cited paper", 2022, AWQ)])
    citers = [c.paper_id for c in find_citers(db, AWQ).citations]
    assert citers == [GPTVQ, "2308.13137", "2306.03078", "2304.09145"]
    limited = run("cited-by", AWQ, "--limit", "2", "--json")
    assert [c["id"] for c in json.loads(limited.stdout)] == [GPTVQ, "2308.13137"]


def test_the_graph_around_a_paper_draws_the_citations_among_the_papers_it_reaches(db):
    # around GPTVQ (depth 1): GPTQ and SmoothQuant, which it cites, both cite LLM.int8(),
    # which it cites too; as AWQ citing GPTQ around OmniQuant, the picture must not leave
    # that out (one step beyond the depth, no paper added for it)
    around = build_graph(db, GPTVQ, depth=1)
    edges = {(e.source, e.target, e.kind) for e in around.edges}
    assert {(GPTQ, LLM_INT8, "cites"), (SMOOTH, LLM_INT8, "cites")} <= edges
    assert ZEROQ not in around.nodes  # (what GPTQ cites beyond: depth 2)


def test_the_citers_of_a_paper_are_drawn_without_their_citations_of_one_another(db):
    # around LLM.int8(), its three citers; that GPTVQ cites GPTQ and SmoothQuant is left out:
    # around a paper thousands cite, those would be the whole library's citations
    around = build_graph(db, LLM_INT8)
    assert {(e.source, e.target) for e in around.edges} == {
        (GPTVQ, LLM_INT8),
        (GPTQ, LLM_INT8),
        (SMOOTH, LLM_INT8),
    }


def test_a_paper_outside_the_library_with_a_note_of_its_own_has_its_mentions(db):
    # a note about a paper not added ([[GPTQ]] in reviews/2401.00009.md): its graph is the
    # note's links, not "no library paper cites it or mentions it"
    outside = "2401.00009"
    db["reviews"].insert(
        {
            "path": "reviews/2401.00009.md",
            "paper_id": outside,
            "content": "",
            "sha256": "z",
            "synced": "2026-01-01T00:00:00Z",
            "deleted": 0,
        }
    )
    db["mentions"].insert({"review_path": "reviews/2401.00009.md", "arxiv_id": GPTQ})
    db.conn.commit()
    around = build_graph(db, outside)
    assert [(e.source, e.target, e.kind) for e in around.edges] == [(outside, GPTQ, "mentions")]


def test_a_citers_note_about_another_paper_drawn_is_drawn(db):
    # around LLM.int8(), GPTVQ and GPTQ are citers; GPTVQ's note on GPTQ is an edge between
    # two papers drawn (the mentions were read before the citers were added)
    db["mentions"].insert({"review_path": "reviews/2402.15319-gptvq.md", "arxiv_id": GPTQ})
    db.conn.commit()
    around = build_graph(db, LLM_INT8)
    assert (GPTVQ, GPTQ, "mentions") in {(e.source, e.target, e.kind) for e in around.edges}
    assert OBC not in around.nodes


def test_notes_at_the_edge_of_the_graph_link_papers_drawn_but_add_none(db):
    # around GPTVQ (depth 1), GPTQ is one step away: its note's mention of SmoothQuant (drawn)
    # is drawn, its mention of a paper two steps from GPTVQ is not, as its references are not
    other = "2301.00001"
    db["reviews"].insert(
        {
            "path": "reviews/2210.17323-gptq.md",
            "paper_id": GPTQ,
            "content": "",
            "sha256": "y",
            "synced": "2026-01-01T00:00:00Z",
            "deleted": 0,
        }
    )
    for target in (SMOOTH, other):
        db["mentions"].insert({"review_path": "reviews/2210.17323-gptq.md", "arxiv_id": target})
    db.conn.commit()
    around = build_graph(db, GPTVQ, depth=1)
    assert (GPTQ, SMOOTH, "mentions") in {(e.source, e.target, e.kind) for e in around.edges}
    assert other not in around.nodes
    assert other in build_graph(db, GPTVQ, depth=2).nodes
    assert other in build_graph(db).nodes  # (the whole library's graph has every note)


def test_the_citers_around_a_paper_bring_no_review_mentions_of_their_own(db):
    # GPTVQ cites GPTQ, and GPTVQ's note mentions OBC: the graph around GPTQ has GPTVQ as a
    # citer, but not the mention, which has nothing to do with GPTQ
    around = build_graph(db, GPTQ)
    assert GPTVQ in around.nodes
    assert not [e for e in around.edges if e.kind == "mentions"]
    assert OBC not in around.nodes


def test_next_shows_the_title_as_the_citer_who_kept_its_capitals_prints_it(db):
    """Bibliography styles lowercase titles ("Llm.int8(): ..."); one citer's own spelling
    ("LLM.int8(): ...") is the one shown, for an arXiv paper and for one known by title."""
    store_references(
        db,
        SMOOTH,
        [
            reference(
                1,
                "LLM.int8(): 8-bit Matrix Multiplication for Transformers at Scale",
                2022,
                LLM_INT8,
            ),
            reference(2, "Optimal Brain Compression: A Framework for Accurate Post-Training", 2022),
        ],
    )
    kept = "LLM.int8(): 8-bit Matrix Multiplication for Transformers at Scale"
    # (a style that prints all in capitals keeps no capitals of the author's)
    store_references(db, GPTVQ, [reference(1, kept.upper(), 2022, LLM_INT8)])
    titles = {s.arxiv or "": s.title for s in next_reading(db)}
    assert titles[LLM_INT8] == kept
    assert titles[""] == "Optimal Brain Compression: A Framework for Accurate Post-Training"
    # cited-by's heading and the graph's node say it as `next` does
    assert find_citers(db, LLM_INT8).title == kept
    assert build_graph(db).nodes[LLM_INT8].title == kept


def test_cited_by_names_the_reference_that_links_to_the_paper_before_one_like_it_by_title(db):
    """SmoothQuant's list holds LLM.int8() twice: [1] by title only, [2] with its id. The
    citation is [2], by id, as `show` counts it."""
    title = "Llm.int8(): 8-bit matrix multiplication for transformers at scale"
    store_references(db, SMOOTH, [reference(1, title, 2022), reference(2, title, 2022, LLM_INT8)])
    [smooth] = [c for c in find_citers(db, LLM_INT8).citations if c.paper_id == SMOOTH]
    assert (smooth.n, smooth.by) == (2, "id")


def test_next_counts_one_paper_printed_different_ways_once(db):
    """ "...neural network" without an id and "...neural networks" with one are one paper, and
    "Xnor-net" is "Xnornet"; a library paper printed another way is no suggestion."""
    han = "Learning both weights and connections for efficient neural network"
    store_references(
        db,
        SMOOTH,
        [
            reference(1, han + "s", 2015, "1506.02626"),
            reference(2, "Xnor-net: Imagenet classification using binary convolutional", 2016),
            reference(
                3,
                "GPTQ: accurate post-training quantization for generative pretrained transformers",
                2023,
            ),
        ],
    )
    store_references(
        db,
        GPTQ,
        [
            reference(1, han, 2015),
            reference(2, "Xnornet: Imagenet classification using binary convolutional", 2016),
        ],
    )
    store_references(db, GPTVQ, [reference(1, han, 2015)])
    ranked = {(s.arxiv, s.title[:4]): s.count for s in next_reading(db)}
    assert ranked[("1506.02626", "Lear")] == 3
    assert ranked[(None, "Xnor")] == 2
    assert not any(title.startswith("GPTQ") for _, title in ranked)


def test_cited_by_a_name_the_references_give_a_paper_outside_the_library(db):
    """ "AWQ" is no library paper; GPTVQ's reference [2] prints "AWQ: Activation-aware ..." with
    its id: the name means that paper, in any case. A name printed for a paper known by title
    only means that title; a name the references give two papers is an error listing them."""
    for name in ("AWQ", "awq"):
        result = find_citers(db, name)
        assert result.target == AWQ and [c.paper_id for c in result.citations] == [GPTVQ]
    by_title = find_citers(db, "optimal brain compression")
    assert {c.paper_id for c in by_title.citations} == {GPTVQ, GPTQ}
    store_references(
        db, SMOOTH, [reference(1, "AWQ: another paper altogether", 2024, "2401.00001")]
    )
    with pytest.raises(AmbiguousPaper, match="AWQ names 2 cited papers: .*another paper"):
        find_citers(db, "AWQ")


def test_cited_by_leaves_out_a_reference_unlinked_by_hand(db):
    from papers.resolve import unlink_reference

    obc = "Optimal Brain Compression: A Framework for Accurate Post-Training"
    assert {c.paper_id for c in find_citers(db, obc).citations} == {GPTVQ, GPTQ}
    unlink_reference(db, GPTVQ, 5)  # (the reviewer decided it is no paper to link)
    assert {c.paper_id for c in find_citers(db, obc).citations} == {GPTQ}


def test_next_keeps_apart_papers_whose_titles_differ_in_a_number_or_whose_years_cannot_match(db):
    """Qwen2 is not Qwen2.5, an H100 report not the A100 one, and a generic title printed in
    2023 is not the arXiv paper of 2015 with its title (a distinctive one is: see
    test_a_title_printed_the_same_with_a_misprinted_year_is_one_paper); a year printed in a
    title is no version number ("...GEMM library.(2017)")."""
    store_references(
        db,
        SMOOTH,
        [
            reference(1, "Qwen2.5 technical report", 2024, "2412.15115"),
            reference(2, "Nvidia A100 tensor core GPU architecture", 2020),
            reference(3, "Efficient neural network inference", 2015, "1507.00001"),
            reference(4, "Gemmlowp: a small self-contained low-precision GEMM library", 2017),
        ],
    )
    store_references(
        db,
        GPTQ,
        [
            reference(1, "Qwen2 technical report", 2024),
            reference(2, "Nvidia H100 tensor core GPU architecture", 2022),
            reference(3, "Efficient neural network inference.", 2023),
            reference(
                5, "gemmlowp: a small self-contained low-precision gemm library.(2017)", 2017
            ),
        ],
    )
    counts = {(s.arxiv, s.title.lower()[:12]): s.count for s in next_reading(db)}
    assert counts[("2412.15115", "qwen2.5 tech")] == 1 and counts[(None, "qwen2 techni")] == 1
    assert counts[(None, "nvidia a100 ")] == 1 and counts[(None, "nvidia h100 ")] == 1
    assert counts[("1507.00001", "efficient ne")] == 1 and counts[(None, "efficient ne")] == 1
    assert counts[(None, "gemmlowp: a ")] == 2
    # numbers count in a title's name only: after its colon a size printed two ways is one
    # paper ("<0.5MB model size", "1mb model size")
    squeeze = "SqueezeNet: AlexNet-level accuracy with 50x fewer parameters and "
    store_references(db, GPTVQ, [reference(1, squeeze + "<0.5MB model size", 2016)])
    store_references(db, SMOOTH, [reference(1, squeeze + "1mb model size", 2016)])
    assert [s.count for s in next_reading(db) if s.title.startswith("SqueezeNet")] == [2]


ADAROUND = "Up or down? Adaptive rounding for post-training quantization"


def by(author: str, n: int, title: str, year: int, arxiv: str | None = None) -> Reference:
    """A reference whose first author is `author`."""
    return Reference(
        n=n,
        raw=f"{author}. {title}. {year}.",
        authors=[author],
        title=title,
        year=year,
        arxiv=arxiv,
    )


def test_a_title_printed_the_same_with_a_misprinted_year_is_one_paper(db):
    """nuQmm prints AdaRound (2020) as of 2017: one paper still, for cited-by's name lookup,
    its count by title and next's grouping, as the title tells it apart and the authors agree."""
    store_references(db, SMOOTH, [by("Nagel", 1, ADAROUND, 2020, "2004.10568")])
    store_references(db, GPTQ, [by("Nagel", 9, ADAROUND.lower() + ".", 2017)])
    store_references(db, GPTVQ, [by("Nagel", 9, ADAROUND, 2020)])
    result = run("cited-by", "Up or down? adaptive rounding", "--json")
    assert result.exit_code == 0, result.output
    citers = {c["id"]: c["by"] for c in json.loads(result.stdout)}
    assert citers == {SMOOTH: "id", GPTQ: "title", GPTVQ: "title"}
    assert len(find_citers(db, "2004.10568").citations) == 3
    (adaround,) = [s for s in next_reading(db) if s.title.startswith("Up or down")]
    assert (adaround.arxiv, adaround.count) == ("2004.10568", 3)


def test_a_title_printed_the_same_years_apart_by_other_authors_is_another_paper(db):
    """The year keeps papers apart where the title, printed the same, does not tell them
    apart: by other first authors, or a title too short to be one paper's alone."""
    distinct = "Learning sparse ternary codes for compressed recurrent speech models"
    store_references(
        db,
        SMOOTH,
        [
            by("Nagel", 1, distinct, 2020, "2004.00001"),
            by("Han", 2, "Deep model compression", 2015, "1510.00002"),
        ],
    )
    store_references(
        db, GPTQ, [by("Lee", 9, distinct, 2012), by("Han", 10, "Deep model compression", 2023)]
    )
    suggested = [(s.arxiv, s.count) for s in next_reading(db) if s.title == distinct]
    assert sorted(suggested, key=str) == [("2004.00001", 1), (None, 1)]
    suggested = [
        (s.arxiv, s.count) for s in next_reading(db) if s.title == "Deep model compression"
    ]
    assert sorted(suggested, key=str) == [("1510.00002", 1), (None, 1)]
    with pytest.raises(AmbiguousPaper, match="names 2 cited papers"):
        find_citers(db, "sparse ternary codes")
    assert [c.paper_id for c in find_citers(db, "2004.00001").citations] == [SMOOTH]


def test_next_for_a_paper_without_references_says_why(db):
    save_paper(db, Paper(id="2306.00978", title="AWQ: Activation-aware Weight Quantization"))
    result = run("next", "--for", "2306.00978")
    assert result.exit_code == 1
    assert result.stderr == (
        "Nothing to suggest: 2306.00978 has no references (no PDF: 'papers add' fetches it).\n"
    )


def test_cited_by_a_short_title_printed_whole_is_that_title_not_a_name(db):
    """ "Binarized neural networks" is a whole title one reference prints (Hubara et al.,
    2016) and the name another prints before a colon (Courbariaux et al., with its id): asked
    for, it is the title."""
    store_references(db, GPTQ, [reference(1, "Binarized neural networks", 2016)])
    store_references(
        db,
        SMOOTH,
        [
            reference(
                1, "Binarized neural networks: Training deep neural networks", 2016, "1602.02830"
            )
        ],
    )
    result = find_citers(db, "Binarized neural networks")
    assert [c.paper_id for c in result.citations] == [GPTQ]
    assert [c.paper_id for c in find_citers(db, "1602.02830").citations] == [SMOOTH]


def test_cited_by_keeps_apart_titles_that_differ_in_a_number_as_next_does(db):
    store_references(db, GPTQ, [reference(1, "Qwen2 technical report", 2024)])
    store_references(db, SMOOTH, [reference(1, "Qwen2.5 technical report", 2024, "2412.15115")])
    assert [c.paper_id for c in find_citers(db, "2412.15115").citations] == [SMOOTH]
    assert [c.paper_id for c in find_citers(db, "Qwen2 technical report").citations] == [GPTQ]


def test_a_references_filter_that_matches_nothing_is_nothing_found(db):
    result = run("refs", SMOOTH, "--unresolved", "--offline")  # (its one reference: on arXiv)
    assert result.exit_code == 1 and result.stderr == f"{SMOOTH}: no references match\n"
    quiet = run("refs", SMOOTH, "--unresolved", "--offline", "--json")
    assert (quiet.exit_code, json.loads(quiet.stdout)) == (1, [])
    assert run("refs", SMOOTH, "--offline").exit_code == 0


def test_refs_of_a_paper_without_references_says_why_as_facets_does(db):
    # `refs` of a paper added with --no-pdf said "no references" where `facets` said it has
    # no PDF and what gets it
    from papers.cli_quant import facets

    save_paper(db, Paper(id=AWQ, title="AWQ: Activation-aware Weight Quantization"))
    db.conn.commit()
    for command in (refs, facets):
        said = CliRunner().invoke(command, [AWQ], catch_exceptions=False)
        assert said.exit_code == 0
        assert said.stderr.endswith(f" (it has no PDF: 'papers add {AWQ}' gets it)\n")
    assert run("refs", AWQ, "--offline").stderr == (
        f"{AWQ}: no references (it has no PDF: 'papers add {AWQ}' gets it)\n"
    )
    with db.conn:  # (a PDF without a text layer: no references read, and why)
        db.execute("UPDATE papers SET pdf = 'papers/x.pdf', has_text = 0 WHERE id = ?", [AWQ])
    assert run("refs", AWQ, "--offline").stderr == (
        f"{AWQ}: no references (its PDF has no text layer: scanned?)\n"
    )


def test_cited_by_says_by_title_where_the_citer_prints_no_id_for_the_paper_it_links_to(db):
    # `cited-by I-BERT` (a local PDF) listed its citers "by id", where they print no id for
    # it: `refs --json` says they were linked by its title; so for a link a title search made
    from papers.resolve import link_library_papers

    local, citing = "local:84fd4cab5596", "2304.09145"
    save_paper(db, Paper(id=local, title="I-BERT: Integer-only BERT Quantization"))
    save_paper(db, Paper(id=citing, title="Outlier Suppression+", published="2023-04-18"))
    store_references(db, citing, [reference(28, "I-bert: Integer-only bert quantization", 2021)])
    link_library_papers(db)  # (as `add` links a library paper's title)
    [linked] = json.loads(run("refs", citing, "--offline", "--json").stdout)
    assert (linked["resolved"], linked["arxiv"], linked["method"]) == (local, None, "library")
    cited = run("cited-by", "I-BERT", "--json")
    assert [(c["id"], c["n"], c["by"]) for c in json.loads(cited.stdout)] == [(citing, 28, "title")]
    # GPTVQ's [4] was linked to LLM.int8() by a title search; GPTQ and SmoothQuant print its id
    assert {(c.paper_id, c.by) for c in find_citers(db, LLM_INT8).citations} == {
        (GPTVQ, "title"),
        (GPTQ, "id"),
        (SMOOTH, "id"),
    }


def test_titles_are_found_by_their_letters_and_a_near_tie_joins_neither():
    from papers.graph import _TitleIndex

    titles = _TitleIndex()
    titles.add("FasterTransformer", "title:a")
    assert titles.find("Faster transformer") == "title:a"  # (no word in common: the letters)
    base = "Efficient low bit quantization of large transformer language models on "
    titles.add(base + "phones", "2101.00001", 2021)
    titles.add(base + "drones", "2101.00002", 2021)
    assert titles.find(base + "clones", 2021) is None  # (as like one as the other: neither)
    assert titles.find(base + "the phones", 2021) == "2101.00001"


def test_next_shows_the_title_most_citers_print_not_one_garbled_with_its_authors(db):
    clean = "Data-free quantization through weight equalization and bias correction"
    garbled = "Baalen, M.v., Blankevoort, T., Welling, M.: " + clean
    dfq = "1906.04721"
    store_references(db, GPTVQ, [reference(1, clean, 2019, dfq)])
    store_references(db, GPTQ, [reference(1, garbled, 2019, dfq)])
    store_references(db, SMOOTH, [reference(1, clean.lower(), 2019, dfq)])
    [shown] = [s.title for s in next_reading(db) if s.arxiv == dfq]
    assert shown == clean


def test_cited_by_a_title_counts_references_linked_to_the_paper_the_references_title_so(db):
    """ZeroQuant is known only as GPTQ's reference prints it, with its id: asked by its title,
    that reference counts, by id."""
    found = find_citers(db, "ZeroQuant: efficient and affordable post-training quantization")
    assert [(c.paper_id, c.by) for c in found.citations] == [(GPTQ, "id")]


def test_next_finds_a_paper_renamed_on_arxiv_by_the_title_its_citers_print(db):
    """Banner et al.'s paper is "ACIQ: ..." on arXiv and "Post-training 4-bit quantization ..."
    in the references that print its id: a reference printing that title without the id, a
    word spelt another way, is the same paper."""
    store_references(
        db,
        GPTVQ,
        [
            reference(
                1,
                "Post-training 4-bit quantization of convolution networks for rapid-deployment",
                2018,
                "1810.05723",
            )
        ],
    )
    store_references(
        db,
        SMOOTH,
        [
            reference(
                1,
                "Post training 4-bit quantization of convolutional networks for rapid-deployment",
                2019,
            )
        ],
    )
    from papers.models import ArxivEntry
    from papers.resolve import store_entries

    aciq = "ACIQ: Analytical Clipping for Integer Quantization of neural networks"
    entry = ArxivEntry("1810.05723", 3, aciq, ["Ron Banner"], "", [], None, "2018-10-02", None)
    store_entries(db, {"1810.05723": entry})
    [banner] = [s for s in next_reading(db) if s.arxiv == "1810.05723"]
    assert (banner.title, banner.count) == (aciq, 2)


def test_a_name_is_found_with_or_without_its_dots_hyphens_and_brackets(db):
    # "llm.int8" is LLM.int8() (cited by title, outside the library); "gptq" and "Smooth-Quant"
    # are library papers' names
    by_name = json.loads(run("cited-by", "llm.int8", "--json").output)
    by_id = json.loads(run("cited-by", LLM_INT8, "--json").output)
    assert by_name and {d["id"] for d in by_name} == {d["id"] for d in by_id}
    from papers.library import papers_named

    assert papers_named(db, "gptq") == [GPTQ]
    assert papers_named(db, "Smooth-Quant") == [SMOOTH]
    # "+" and "#" name other papers: OS+ is no OS
    assert papers_named(db, "GPTQ+") == []


def test_the_graph_around_a_paper_counts_its_own_papers_not_looked_up(db):
    # none of the fixture's references was looked up on arXiv: the whole library's three
    # papers, but around SmoothQuant only it and GPTVQ (its citer) are drawn
    whole = run("graph", "--format", "json")
    assert "the references of 3 paper(s) are not looked up" in whole.stderr
    around = run("graph", SMOOTH, "--format", "json")
    assert "the references of 2 paper(s) are not looked up" in around.stderr


def test_next_marks_an_id_only_printed_as_refs_does(db):
    """AWQ's id is printed in GPTVQ's reference 2, never looked up: "2306.00978?", as `refs`
    shows it (a lookup may still drop it), where LLM.int8(), linked, has no mark."""
    data = {s["arxiv"]: s for s in json.loads(run("next", "--for", GPTVQ, "--json").stdout)}
    assert data[AWQ]["confirmed"] is False and data[LLM_INT8]["confirmed"] is True
    assert data[None]["confirmed"] is None  # (OBC, by its printed title: no id to confirm)
    rows = {line.split()[1]: line for line in run("next", "--for", GPTVQ).stdout.splitlines()[2:]}
    assert f"{AWQ}?" in rows and LLM_INT8 in rows and "-" in rows  # (OBC: a title alone)


def _not_confirmed(db, paper_id: str, n: int, manual: int = 0) -> None:
    """A reference looked up where arXiv did not confirm the id it prints (with manual:
    unlinked by hand)."""
    key = db.execute("SELECT key FROM refs WHERE paper_id = ? AND n = ?", [paper_id, n]).fetchone()
    db["ref_links"].insert(
        {
            "paper_id": paper_id,
            "key": key[0],
            "resolved": None,
            "method": "none",
            "confidence": 0.0,
            "candidates": "[]",
            "manual": manual,
            "updated": "2026-01-01T00:00:00Z",
        }
    )
    db.conn.commit()


def test_next_keeps_a_printed_id_arxiv_did_not_confirm_as_refs_and_cited_by_do(db):
    """`next` showed AdaRound "2004.10568?" before `refs --all` and "-" after (arXiv did not
    confirm the id), where `refs` shows "2004.10568?" and cited-by lists its citers "by
    printed id": the id a user would add is kept, still marked, with the same citers."""
    from papers.models import ArxivEntry
    from papers.resolve import store_entries

    adaround, title = "2004.10568", "Up or down? Adaptive rounding for post-training quantization"
    store_references(db, GPTQ, [reference(19, title, 2020, adaround)])
    store_references(db, SMOOTH, [reference(7, title, 2020, adaround)])
    store_references(db, GPTVQ, [reference(9, title, 2020)])  # (by its title alone)

    def shown() -> tuple[dict, str]:
        data = [s for s in json.loads(run("next", "--json").stdout) if s["title"] == title]
        rows = [line for line in run("next").stdout.splitlines() if "Adaptive rounding" in line]
        assert len(data) == len(rows) == 1
        return data[0], rows[0].split()[1]

    before = shown()
    assert before[1] == f"{adaround}?"
    _not_confirmed(db, GPTQ, 19)
    _not_confirmed(db, SMOOTH, 7)
    store_entries(db, {adaround: None})  # (arXiv: no such paper)
    db.conn.commit()
    after = shown()
    assert after == before
    assert (after[0]["id"], after[0]["confirmed"], after[0]["count"]) == (adaround, False, 3)
    assert after[0]["cited_by"] == sorted(c.paper_id for c in find_citers(db, adaround).citations)
    # one unlinked by hand is not it (as cited-by leaves it out): the others still print it
    db.execute("UPDATE ref_links SET manual = 1 WHERE paper_id = ? AND resolved IS NULL", [SMOOTH])
    db.conn.commit()
    data, id_shown = shown()
    assert (id_shown, data["cited_by"]) == (f"{adaround}?", sorted([GPTQ, GPTVQ]))
    # had arXiv's entry for the id named another paper, its title is not this one's
    other = ArxivEntry(adaround, 1, "Some other paper", ["X"], "", [], None, None, None)
    store_entries(db, {adaround: other})
    db.conn.commit()
    assert shown()[1] == f"{adaround}?"


def test_the_graph_titles_a_rejected_printed_id_as_the_references_print_it(db):
    """A printed id arXiv did not confirm, its entry in the cache another paper's: the graph
    drew the node with that paper's title ("Some other paper (?)"), where `next` keeps the title
    the references print."""
    from papers.models import ArxivEntry
    from papers.resolve import store_entries

    adaround, title = "2004.10568", "Up or down? Adaptive rounding for post-training quantization"
    store_references(db, GPTQ, [reference(19, title, 2020, adaround)])
    _not_confirmed(db, GPTQ, 19)
    other = ArxivEntry(adaround, 1, "Some other paper", ["X"], "", [], None, None, None)
    store_entries(db, {adaround: other})
    db.conn.commit()
    for around in ((), (GPTQ,)):
        nodes = {
            n["id"]: n
            for n in json.loads(run("graph", *around, "--format", "json").stdout)["nodes"]
        }
        assert nodes[adaround]["confirmed"] is False
        assert nodes[adaround]["label"] == "Up or down? Adaptive rounding for… (?)"
        assert nodes[adaround]["year"] == 2020


def test_the_graph_around_a_paper_draws_what_it_cites_by_title_as_cited_by_finds_it(db):
    """OmniQuant cites AdaRound by its title alone; SmoothQuant prints AdaRound's id, which
    arXiv did not confirm. `cited-by 2004.10568` lists both, but the graph around OmniQuant
    had no edge to it, and a review note's mention drew it untitled ("2004.10568")."""
    omni, adaround = "2308.13137", "2004.10568"
    title = "Up or down? Adaptive rounding for post-training quantization"
    save_paper(db, Paper(id=omni, title="OmniQuant", added="2026-01-09T00:00:00Z"))
    store_references(db, omni, [reference(33, title.lower(), 2020)])
    store_references(db, SMOOTH, [reference(7, title, 2020, adaround)])
    _not_confirmed(db, omni, 33)  # (looked up: no arXiv paper found by its title)
    _not_confirmed(db, SMOOTH, 7)
    assert {(c.paper_id, c.by) for c in find_citers(db, adaround).citations} == {
        (omni, "title"),
        (SMOOTH, "printed id"),
    }
    around = build_graph(db, omni)
    assert {(e.source, e.target, e.kind) for e in around.edges} == {(omni, adaround, "cites")}
    # a reference printing a wrong id beside a title: cited-by lists it for both, so does the graph
    white = "A white paper on neural network quantization"
    store_references(
        db, omni, [reference(33, title.lower(), 2020), reference(34, white, 2021, "1308.3432")]
    )
    store_references(db, GPTQ, [reference(20, white, 2021, "2106.08295")])
    _not_confirmed(db, omni, 34)
    for cited in ("1308.3432", "2106.08295"):
        assert omni in {c.paper_id for c in find_citers(db, cited).citations}
    assert {e.target for e in build_graph(db, omni).edges} == {adaround, "1308.3432", "2106.08295"}
    store_references(db, omni, [reference(33, title.lower(), 2020)])
    around = build_graph(db, omni)
    assert (around.nodes[adaround].title, around.nodes[adaround].library) == (title, False)
    # (its id only printed, where arXiv did not confirm it: marked as `refs` shows it)
    assert 'p1["Up or down? Adaptive rounding for… (?)<br/>2020"]' in to_mermaid(around)
    # drawn for a review note's mention alone, it is titled as the references print it
    db["mentions"].insert({"review_path": "reviews/2402.15319-gptvq.md", "arxiv_id": adaround})
    db.conn.commit()
    noted = build_graph(db, GPTVQ)
    assert (GPTVQ, adaround, "mentions") in {(e.source, e.target, e.kind) for e in noted.edges}
    assert noted.nodes[adaround].title == title
    # and around AdaRound, its citers as cited-by lists them (SmoothQuant: an id printed)
    assert {e.source for e in build_graph(db, adaround).edges} >= {omni, SMOOTH}


def _reference_scans(db, run) -> int:
    """How many statements run() has SQLite read every stored reference for (its plan scans
    refs, with no index to search)."""
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    try:
        run()
    finally:
        db.conn.set_trace_callback(None)
    scans = 0
    for sql in statements:
        if sql.lstrip().upper().startswith(("SELECT", "WITH")):
            plan = [row[3] for row in db.execute(f"EXPLAIN QUERY PLAN {sql}")]
            scans += any(step in ("SCAN r", "SCAN refs") for step in plan)
    return scans


def test_the_graph_around_a_paper_reads_the_references_titles_once(db):
    """OmniQuant cites four papers by title alone (SmoothQuant prints their ids), and GPTQ
    (a title printed a little apart): the graph around it asked cited-by of each, which reads
    every reference's title, and read them again for its own look (5 s around a paper of a
    1,000-paper library, see benchmarks/library_links.py). It draws the same edges, reading
    them once (for the papers that cite OmniQuant by its title)."""
    omni = "2308.13137"
    cited = {
        "2004.10568": "Up or down? Adaptive rounding for post-training quantization",
        "2102.05426": "BRECQ: Pushing the limit of post-training quantization by block "
        "reconstruction",
        "1906.04721": "Data-free quantization through weight equalization and bias correction",
        "2203.05740": "QDrop: Randomly dropping quantization for extremely low-bit "
        "post-training quantization",
    }
    save_paper(db, Paper(id=omni, title="OmniQuant", added="2026-01-09T00:00:00Z"))
    gptq = "GPTQ: Accurate quantization for generative pre-trained transformers"
    printed = [reference(n, t.lower(), 2021) for n, t in enumerate(cited.values(), 1)]
    store_references(db, omni, [*printed, reference(5, gptq, 2022)])
    store_references(
        db, SMOOTH, [reference(n, t, 2021, a) for n, (a, t) in enumerate(cited.items(), 1)]
    )
    for n in range(1, 6):
        _not_confirmed(db, omni, n)  # (looked up: no arXiv paper found by its title)
    for arxiv in [*cited, GPTQ]:
        assert (omni, "title") in {(c.paper_id, c.by) for c in find_citers(db, arxiv).citations}
    drawn = []
    assert _reference_scans(db, lambda: drawn.append(build_graph(db, omni))) == 1
    assert {(e.source, e.target) for e in drawn[0].edges} == {(omni, a) for a in [*cited, GPTQ]}


def _printed_unconfirmed(db, paper_id: str, n: int, title: str, year: int, arxiv: str | None):
    """A reference looked up where arXiv did not confirm the id it prints (or found none)."""
    store_references(db, paper_id, [reference(n, title, year, arxiv)])
    _not_confirmed(db, paper_id, n)


def test_a_paper_named_as_its_references_print_it_is_the_id_they_print_unconfirmed(db, root):
    # `graph SmoothQuant` refused ("print 2211.10438, which arXiv did not confirm") where
    # `graph 2211.10438` drew it, and `cited-by SmoothQuant` left out the note that writes
    # arXiv:2211.10438, which `cited-by 2211.10438` lists: by name, by title or by words of
    # its title, a paper is the id its references print, as by that id
    quip = "2307.13304"
    title = "QuIP: 2-bit quantization of large language models with guarantees"
    _printed_unconfirmed(db, GPTQ, 9, title, 2023, quip)
    _printed_unconfirmed(db, SMOOTH, 9, title, 2023, None)
    note = root / "reviews" / "2402.15319-gptvq.md"
    note.write_text(f'---\narxiv: "{GPTVQ}"\n---\nCompare with [[{OBC}]] and arXiv:{quip}.\n')
    by_id = run("graph", quip, "--format", "json")
    assert by_id.exit_code == 0, by_id.output
    drawn = json.loads(by_id.stdout)
    assert {(e["source"], e["kind"]) for e in drawn["edges"]} == {
        (GPTQ, "cites"),
        (SMOOTH, "cites"),
        (GPTVQ, "mentions"),
    }
    said = f"note: {quip} is the id the references print, which arXiv did not confirm"
    assert said in by_id.stderr
    cited = run("cited-by", quip, "--json")
    assert [(c["id"], c["by"]) for c in json.loads(cited.stdout)] == [
        (GPTQ, "printed id"),
        (SMOOTH, "title"),
        (GPTVQ, "review"),
    ]
    for named in ("QuIP", "quip", title, "2-bit quantization of large language models"):
        graph_named = run("graph", named, "--format", "json")
        assert graph_named.exit_code == 0, (named, graph_named.output)
        assert json.loads(graph_named.stdout) == drawn and said in graph_named.stderr, named
        assert run("cited-by", named, "--json").stdout == cited.stdout, named


def test_the_graph_around_a_paper_says_on_stderr_how_many_references_it_leaves_out(db):
    # around OmniQuant, 38 neighbours for 47 references, and not a word of the 9 (datasets,
    # harnesses) that give no arXiv id: GPTVQ's OBC, cited by title alone, is no citation drawn
    drawn = run("graph", GPTVQ, "--format", "json")
    assert drawn.exit_code == 0
    assert (GPTVQ, OBC) not in {
        (e["source"], e["target"])
        for e in json.loads(drawn.stdout)["edges"]
        if e["kind"] == "cites"
    }
    assert (
        f"note: 1 of {GPTVQ}'s 5 references are not drawn: they give no arXiv id and none is "
        f"known for their title (datasets, software, papers arXiv lacks); 'papers refs {GPTVQ} "
        "--unresolved' lists them among its unresolved ones\n"
    ) in drawn.stderr
    deeper = run("graph", GPTVQ, "--depth", "2")  # (GPTQ's OBC too; SmoothQuant's one is drawn)
    assert "note: 2 of the 9 references of the 3 papers followed are not drawn" in deeper.stderr
    assert "not drawn" not in run("graph", SMOOTH).stderr  # (nothing left out: nothing said)


def test_the_whole_librarys_graph_says_on_stderr_how_many_references_it_leaves_out(db):
    """The graph around a paper says how many of its references it leaves out; the whole
    library's said nothing of GPTVQ's and GPTQ's OBC, printed by its title alone (no id, none
    known for it). One line on stderr; stdout is the drawing alone, as before."""
    said = (
        "note: 2 of the 9 references of the library's 3 papers are not drawn: they give no "
        "arXiv id and none is known for their title (datasets, software, papers arXiv lacks); "
        "'papers refs ID --unresolved' lists each paper's among its unresolved ones\n"
    )
    drawn = run("graph", "--format", "json")
    assert drawn.exit_code == 0 and said in drawn.stderr
    assert drawn.stderr.count("not drawn") == 1
    assert json.loads(drawn.stdout) == json.loads(render(build_graph(db), "json"))
    dot = run("graph")
    assert said in dot.stderr and dot.stdout == to_dot(build_graph(db))
    # both linked (by hand): nothing left out, nothing said
    assert run("refs", "link", GPTVQ, "5", OBC, "--offline").exit_code == 0
    assert run("refs", "link", GPTQ, "2", OBC, "--offline").exit_code == 0
    assert "not drawn" not in run("graph").stderr


def test_graph_and_cited_by_take_words_of_a_library_papers_title_as_show_does(db, root):
    """`show whitepaper` found the library's quantization whitepaper by a word of its title;
    `graph whitepaper` said "not in the library" and `cited-by whitepaper` that the library
    knows no such paper, where no reference prints those words (a note mentions it)."""
    white = "1806.08342"
    title = "Quantizing deep convolutional networks for efficient inference: A whitepaper"
    save_paper(db, Paper(id=white, title=title, published="2018-06-21T00:00:00Z"))
    db.conn.commit()
    note = root / "reviews" / "2402.15319-gptvq.md"
    note.write_text(f'---\narxiv: "{GPTVQ}"\n---\nAs in [[{white}]].\n')
    drawn = run("graph", "whitepaper", "--format", "json")
    assert drawn.exit_code == 0, drawn.output
    edges = json.loads(drawn.stdout)["edges"]
    assert {(e["source"], e["target"], e["kind"]) for e in edges} == {(GPTVQ, white, "mentions")}
    citers = run("cited-by", "whitepaper", "--json")
    assert citers.exit_code == 0, citers.output
    assert GPTVQ in citers.stdout


def _obc_in_the_library(db) -> None:
    """OBC in the library under the title GPTVQ and GPTQ print for it, with no id (their
    references 5 and 2); GPTQ also cites a dataset arXiv lacks (no id, no paper titled so)."""
    title = "Optimal brain compression: a framework for accurate post-training"
    save_paper(db, Paper(id=OBC, title=title, published="2022-08-24T00:00:00Z"))
    pile = "The Pile: an 800GB dataset of diverse text for language modeling"
    store_references(db, GPTQ, _gptq_references(reference(4, pile, 2020)))
    db.conn.commit()


def test_the_whole_librarys_graph_draws_what_a_paper_cites_by_title_as_around_it(db):
    """GPTVQ and GPTQ cite OBC, a library paper, by its title alone: the graph around each
    drew the citation (as cited-by lists them), the whole library's graph did not."""
    _obc_in_the_library(db)
    assert {(c.paper_id, c.by) for c in find_citers(db, OBC).citations} == {
        (GPTVQ, "title"),
        (GPTQ, "title"),
    }
    drawn = run("graph", "--format", "json")
    assert drawn.exit_code == 0, drawn.output
    cites = {
        (e["source"], e["target"])
        for e in json.loads(drawn.stdout)["edges"]
        if e["kind"] == "cites"
    }
    assert {(GPTVQ, OBC), (GPTQ, OBC)} <= cites
    dot = run("graph").stdout
    assert f'"{GPTVQ}" -> "{OBC}";' in dot and f'"{GPTQ}" -> "{OBC}";' in dot
    # the same citations, drawn the same way, as around each paper
    whole = build_graph(db)
    for paper in (GPTVQ, GPTQ):
        around = {(e.source, e.target, e.kind) for e in build_graph(db, paper).edges}
        assert {(e.source, e.target, e.kind) for e in whole.edges if e.source == paper} == {
            edge for edge in around if edge[0] == paper
        }
    assert whole.nodes[OBC].library and whole.nodes[OBC].label == "Optimal brain compression"


def test_the_whole_librarys_graph_does_not_count_a_citation_by_title_as_left_out(db):
    """The whole library's note counted GPTVQ's and GPTQ's references to OBC, by title alone,
    among those not drawn, though they are drawn: only GPTQ's dataset is left out."""
    _obc_in_the_library(db)
    assert build_graph(db).undrawn == {GPTVQ: (0, 5), GPTQ: (1, 4), SMOOTH: (0, 1), OBC: (0, 0)}
    drawn = run("graph", "--format", "json")
    assert drawn.exit_code == 0, drawn.output
    assert (
        "note: 1 of the 10 references of the library's 4 papers are not drawn: they give no "
        "arXiv id and none is known for their title (datasets, software, papers arXiv lacks); "
        "'papers refs ID --unresolved' lists each paper's among its unresolved ones\n"
    ) in drawn.stderr
