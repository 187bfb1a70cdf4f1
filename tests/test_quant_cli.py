"""The quantization lens through the CLI: facets computed by `papers add`, facets, compare,
list --facet, and the review template prefilled from them."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from papers.cli import cli


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture
def library(fake_arxiv, root, corpus):
    result = run("add", "2210.17323", "2208.07339")
    assert result.exit_code == 0, result.output
    return root


def test_add_computes_facets_with_evidence(library):
    data = json.loads(run("facets", "2210.17323", "--json").output)
    assert data
    for facet in data:
        assert facet["category"] in {
            "precision",
            "granularity",
            "method",
            "baseline",
            "model",
            "benchmark",
        }
        assert isinstance(facet["evaluated"], bool)
        assert all(e["page"] >= 1 and e["snippet"] for e in facet["evidence"])
    evaluated = {(f["category"], f["value"]) for f in data if f["evaluated"]}
    assert ("granularity", "g128") in evaluated
    assert ("baseline", "RTN") in evaluated
    assert ("benchmark", "WikiText-2") in evaluated
    assert ("method", "PTQ") in evaluated


def test_facets_text_groups_by_category(library):
    out = run("facets", "2208.07339").output
    assert out.splitlines()[0].endswith(":")
    assert "evaluated" in out and "p." in out


def test_list_filters_on_evaluated_facets(library):
    both = json.loads(run("list", "--json", "--facet", "C4").output)
    assert {p["id"] for p in both} == {"2210.17323", "2208.07339"}
    one = json.loads(run("list", "--json", "--facet", "g128", "--facet", "C4").output)
    assert [p["id"] for p in one] == ["2210.17323"]
    none = run("list", "--json", "--facet", "g128", "--facet", "no-such-facet")
    assert (none.exit_code, json.loads(none.stdout)) == (1, [])  # (nothing found)


def test_list_facet_matches_any_spelling(library):
    """Users type "wikitext2", "G128" or "per group" for WikiText-2, g128 and per-group."""
    exact = json.loads(run("list", "--json", "--facet", "WikiText-2", "--facet", "g128").output)
    assert [p["id"] for p in exact] == ["2210.17323"]
    loose = json.loads(run("list", "--json", "--facet", "wikitext2", "--facet", "G 128").output)
    assert [p["id"] for p in loose] == ["2210.17323"]
    # letters and digits still count: "g12" is no g128, "W4A1" no W4A16
    assert json.loads(run("list", "--json", "--facet", "g12").stdout) == []


def test_list_facet_reads_other_spellings_with_the_vocabulary(library):
    """A reviewer types a facet as papers write it: "group size 128" for g128, "LLM.int8" for
    LLM.int8(). Values stored under the typed spelling need no reading."""
    result = CliRunner().invoke(
        cli, ["list", "--json", "--facet", "group size 128", "--facet", "LLM.int8"]
    )
    assert [p["id"] for p in json.loads(result.stdout)] == ["2210.17323"]
    assert "--facet group size 128: read as g128" in result.stderr
    assert "--facet LLM.int8: read as LLM.int8()" in result.stderr
    direct = CliRunner().invoke(cli, ["list", "--json", "--facet", "int8"])
    assert [p["id"] for p in json.loads(direct.stdout)] == ["2208.07339"]
    assert "read as" not in direct.stderr
    unknown = CliRunner().invoke(cli, ["list", "--facet", "Hadamard frobnication"])
    assert "read as" not in unknown.stderr and "No paper matches" in unknown.stderr


def test_a_facet_typed_as_several_names_needs_them_all(library):
    # "W3A16g128" is W3A16 and g128 (not W3A16 alone); "channel-wise" per-channel
    both = CliRunner().invoke(cli, ["list", "--json", "--facet", "OPT-175B g128"])
    assert "--facet OPT-175B g128: read as OPT-175B + g128" in both.stderr
    assert [p["id"] for p in json.loads(both.stdout)] == ["2210.17323"]
    none = CliRunner().invoke(cli, ["list", "--json", "--facet", "BLOOM-176B W8A8"])
    assert json.loads(none.stdout) == []  # GPTQ has BLOOM-176B, LLM.int8() has W8A8: neither both
    wise = CliRunner().invoke(cli, ["list", "--json", "--facet", "channel-wise"])
    assert "--facet channel-wise: read as per-channel" in wise.stderr


def test_facet_key_ignores_case_hyphens_and_spaces():
    from papers.models import facet_key

    assert facet_key("LLaMA-2-7B") == facet_key("llama2 7b") == facet_key("Llama_2-7B")
    assert facet_key("AIME 2024") == facet_key("AIME-2024")
    assert facet_key("OPT-1.3B") != facet_key("OPT-13B")
    # a fractional width is an average: "1.58-bit" is "1.58 bits/param"; whole widths stay
    assert facet_key("1.58-bit") == facet_key("1.58 bits/param") == facet_key("1.58 bits")
    assert facet_key("4-bit") != facet_key("4 bits/param")


def test_facets_across_the_library(library):
    rows = json.loads(run("facets", "--all", "--json").output)
    c4 = next(r for r in rows if r["value"] == "C4")
    assert c4["papers"] == 2
    assert c4["ids"] == ["2208.07339", "2210.17323"]
    # options of one paper's view that --all would silently drop are usage errors
    for extra in (["--evaluated"], ["--evidence", "3"]):
        result = run("facets", "--all", *extra)
        assert result.exit_code == 2 and "--all counts the evaluated facets alone" in result.output
    both = run("facets", "--all", "2210.17323")
    assert both.exit_code == 2 and "give a paper id or --all, not both" in both.output
    assert "give a paper id or --all\n" in run("facets").output


def test_facets_across_the_library_shows_a_few_ids_a_row():
    from papers.cli_quant import _some_ids

    ids = [f"2401.{n:05d}" for n in range(1, 1001)]
    assert _some_ids(ids) == "2401.00001 2401.00002 2401.00003 2401.00004 2401.00005 (+995 more)"
    assert _some_ids(ids[:2]) == "2401.00001 2401.00002"


def test_facets_across_the_library_says_where_a_rows_other_papers_are(root):
    # a tester: "(+N more)" and no way to see them but --json
    from papers.db import open_db, save_paper
    from papers.library import rules_version, store_facets
    from papers.models import Facet, Paper

    db = open_db(root)
    for n in range(1, 8):
        save_paper(db, Paper(id=f"2401.{n:05d}", title=f"Paper {n}", authors=["A"], version=1))
        facets = [Facet("granularity", "g128", True, [])]
        facets += [Facet("precision", "W4A16", True, [])] if n < 3 else []
        store_facets(db, f"2401.{n:05d}", facets, rules_version(root))
    result = run("facets", "--all")
    assert "(+2 more)" in result.stdout
    assert result.stderr == (
        "note: a row names its first 5 papers; 'papers list --facet VALUE' lists them all "
        "(--json too)\n"
    )
    assert run("facets", "--all", "--category", "precision").stderr == ""  # (none cut)


def test_compare_markdown(library):
    out = run("compare", "2210.17323", "2208.07339", "--markdown").output
    lines = out.splitlines()
    # (headed by links a review note reads: a table pasted there was invisible to the graph)
    assert lines[0] == "| category | GPTQ [[2210.17323]] | LLM.int8() [[2208.07339]] |"
    assert lines[1].startswith("|---")
    assert any(line.startswith("| granularity |") and "g128" in line for line in lines)


def test_compare_markdown_pasted_in_a_note_mentions_the_papers_and_names_each(
    library, monkeypatch, tmp_path
):
    from papers.db import open_db, save_paper
    from papers.library import store_facets
    from papers.models import Facet, Paper

    db = open_db(library)
    untitled = Paper(
        id="2311.05161",
        title="Enhancing Computation Efficiency in Large Language Models",
        authors=["Janghwan Lee", "Minsoo Kim"],
        published="2023-11-09",
    )
    save_paper(db, untitled)
    store_facets(db, "2311.05161", [Facet("precision", "W4A8", True, [])], "test")
    table = run("compare", "2210.17323", "2311.05161", "--markdown").stdout
    # (a column whose title names no method: its first author and year, not a bare id)
    assert table.splitlines()[0] == "| category | GPTQ [[2210.17323]] | Lee 2023 [[2311.05161]] |"
    note = library / "reviews" / "2208.07339-llm-int8.md"
    note.parent.mkdir(exist_ok=True)
    note.write_text("---\narxiv: '2208.07339'\n---\n## Compared\n\n" + table)
    cited = run("cited-by", "2311.05161")
    assert cited.exit_code == 0 and "mentioned in review" in cited.stdout


def test_compare_of_one_paper_is_its_column_and_only_diff_needs_two(library):
    # `papers list --facet ... --json | jq -r '.[].id' | xargs papers compare --json` failed
    # (exit 2) when the query found one paper
    one = run("compare", "2210.17323", "--json")
    assert one.exit_code == 0 and list(json.loads(one.stdout)) == ["2210.17323"]
    same = run("compare", "2210.17323", "GPTQ", "--json")  # (its name: one paper)
    assert json.loads(same.stdout) == json.loads(one.stdout)
    # (said: a column less than the papers named read as a paper lost)
    assert "2210.17323 and GPTQ name one paper, 2210.17323: one column" in same.stderr
    twice = run("compare", "GPTQ", "GPTQ")
    assert "GPTQ is given 2 times: one column" in twice.stderr
    assert "one column" not in one.stderr
    assert run("compare", "2210.17323").stdout.splitlines()[0].split() == [
        "category",
        "GPTQ",
        "(2210.17323)",
    ]
    alone = run("compare", "2210.17323", "GPTQ", "--diff")
    assert alone.exit_code == 2 and "give two papers or more" in alone.output
    assert "(2210.17323 and GPTQ are one paper)" in alone.output
    both = run("compare", "2210.17323", "2208.07339", "--markdown", "--json")
    assert both.exit_code == 2 and "give one" in both.output


def test_compare_shows_the_papers_it_finds_and_says_which_names_it_cannot(library):
    """`compare A B C` with C no library paper printed nothing: as `bibtex A B C` does, the
    papers it finds are compared and each other name has its error (and hints) on stderr."""
    unknown = (
        "Error: not an arXiv id, nor the name of a paper in the library: AdaRound; 1 library "
        "paper(s) have it as a facet: 'papers list --facet AdaRound' lists them\n"
        "Error: not an arXiv id, nor the name of a paper in the library: Mistral\n"
    )
    names = ("2210.17323", "AdaRound", "2208.07339", "Mistral")
    result = run("compare", *names)
    assert result.exit_code == 1 and result.stderr == unknown
    assert result.stdout == run("compare", "2210.17323", "2208.07339").stdout
    pasted = run("compare", *names, "--markdown")
    assert pasted.exit_code == 1 and pasted.stderr == unknown
    header = "| category | GPTQ [[2210.17323]] | LLM.int8() [[2208.07339]] |"
    assert pasted.stdout.splitlines()[0] == header
    data = run("compare", *names, "--json")
    assert data.exit_code == 1 and data.stderr == unknown
    assert list(json.loads(data.stdout)) == ["2210.17323", "2208.07339"]
    apart = run("compare", *names, "--diff", "--json")
    assert apart.exit_code == 1 and set(json.loads(apart.stdout)) == {"shared", "papers"}
    # one paper found: its column, as `compare A` shows it; none: the errors alone
    one = run("compare", "GPTQ", "Mistral")
    assert one.exit_code == 1 and one.stdout == run("compare", "GPTQ").stdout
    assert one.stderr == unknown.splitlines(keepends=True)[1]
    none = run("compare", "AdaRound", "Mistral", "--json")
    assert (none.exit_code, none.stdout, none.stderr) == (1, "", unknown)
    # --diff with one paper found sets nothing apart: the errors, and no table
    alone = run("compare", "GPTQ", "Mistral", "--diff")
    assert (alone.exit_code, alone.stdout) == (1, "")
    assert alone.stderr.endswith(unknown.splitlines(keepends=True)[1])
    assert "--diff sets papers apart: of the 2 names, only one library paper (2210.17323)" in (
        alone.stderr
    )
    # (two names of one paper are one paper: "2 of the 3 names are library papers" misled)
    twice = run("compare", "2210.17323", "GPTQ", "Mistral", "--diff")
    assert (twice.exit_code, twice.stdout) == (1, "")
    assert "of the 3 names, only one library paper (2210.17323) was found" in twice.stderr


def test_compare_with_an_arxiv_id_outside_the_library_says_how_to_add_it(library):
    # `compare SmoothQuant GPTQ` named the id references cite it by and how to add it, where
    # `compare 2206.01861 GPTQ` said "not in the library" alone (found by a tester)
    result = run("compare", "2206.01861", "GPTQ")
    assert result.exit_code == 1 and result.stderr == (
        "Error: not in the library: 2206.01861; 2 library paper(s) cite it; "
        "'papers add 2206.01861' adds it\n"
    )


def test_extract_recomputes_facets(library):
    import sqlite3

    from papers import config

    conn = sqlite3.connect(config.db_path(library))
    before = conn.execute("SELECT count(*) FROM facets").fetchone()[0]
    conn.execute("DELETE FROM facets")
    conn.commit()
    assert run("extract", "--all").exit_code == 0
    assert conn.execute("SELECT count(*) FROM facets").fetchone()[0] == before


def test_review_template_prefilled_from_facets(library, tmp_path, monkeypatch):
    monkeypatch.setenv("EDITOR", "true")
    assert run("review", "open", "2210.17323").exit_code == 0
    note = next((library / "reviews").glob("2210.17323-*.md")).read_text()
    section = note.split("## Quantization setting", 1)[1].split("##", 1)[0]
    assert "g128" in section and "RTN" in section
    # where the values come from, and that they are not one experiment's (hidden when rendered)
    assert section.strip().splitlines()[0] == (
        "<!-- Read from the paper's text by 'papers facets 2210.17323': each value is evaluated "
        "somewhere in the paper, not necessarily together. Check them against the paper. -->"
    )
    # the template's own lines: no search hit, no mention of the paper
    assert run("search", "necessarily", "--in", "notes").exit_code == 1


def _db(root):
    import sqlite3

    from papers import config

    return sqlite3.connect(config.db_path(root))


def test_facets_from_older_rules_are_flagged_until_extracted_again(library):
    fresh = run("facets", "2210.17323")
    assert "come from other rules" not in fresh.output
    conn = _db(library)
    with conn:  # as if an upgrade changed quant.py or the vocabulary since
        conn.execute("UPDATE facet_rules SET version = 'old' WHERE paper_id = '2210.17323'")
    conn.close()
    one = run("facets", "2210.17323")
    assert "facets of 2210.17323 come from other rules" in one.output
    assert "papers extract 2210.17323" in one.output
    assert "facets of 2210.17323 come from" in run("facets", "--all").output  # not "1 papers"
    assert "come from other rules" in run("list", "--facet", "g128").output
    assert "come from other rules" in run("compare", "2210.17323", "2208.07339").output
    assert "come from other rules" not in run("facets", "2208.07339").output
    assert run("extract", "2210.17323").exit_code == 0
    assert "come from other rules" not in run("facets", "--all").output


def test_extract_stale_recomputes_only_the_stale_papers_and_goes_on_where_it_stopped(library):
    conn = _db(library)
    with conn:  # an upgrade that changed the rules: both papers' facets stale
        conn.execute("UPDATE facet_rules SET version = 'old'")
    conn.close()
    many = run("facets", "--all")
    assert "'papers extract --stale' recomputes them" in many.output
    first = run("extract", "2208.07339")  # (as if a --stale run stopped after one paper)
    assert first.exit_code == 0
    rest = run("extract", "--stale")
    assert rest.exit_code == 0
    assert "2210.17323:" in rest.output and "2208.07339:" not in rest.output
    assert "nothing to extract" in run("extract", "--stale").output
    assert run("extract", "--stale", "--all").exit_code == 2


def test_facets_stored_before_the_rules_were_recorded_are_stale(library):
    conn = _db(library)
    with conn:  # a library from before migration 005: facets, no record of their rules
        conn.execute("DELETE FROM facet_rules")
    conn.close()
    assert "facets of 2 papers come from other rules" in run("facets", "--all").output
    # a comparison of both names them, rather than the whole library
    compared = run("compare", "2210.17323", "2208.07339").output
    assert "'papers extract 2208.07339 2210.17323' recomputes them" in compared
    assert run("extract", "--all").exit_code == 0
    assert "come from other rules" not in run("facets", "--all").output


def test_rm_forgets_the_rules_of_its_facets(library):
    assert run("rm", "--yes", "2208.07339").exit_code == 0
    conn = _db(library)
    left = [r[0] for r in conn.execute("SELECT paper_id FROM facet_rules")]
    conn.close()
    assert left == ["2210.17323"]


@pytest.fixture
def rules_copy(tmp_path, monkeypatch):
    """The package's rule files copied where a test may change them."""
    from importlib import resources

    from papers import library

    package = resources.files("papers")
    copy = tmp_path / "package"
    for name in library.RULES_FILES:
        (copy / name).parent.mkdir(parents=True, exist_ok=True)
        (copy / name).write_bytes(package.joinpath(name).read_bytes())
    monkeypatch.setattr(resources, "files", lambda _: copy)
    library._rules_version.cache_clear()
    yield copy
    library._rules_version.cache_clear()


@pytest.mark.parametrize(
    "name", ["quant.py", "data/quant_vocab.toml", "pdf.py", "glyphs.py", "hyphens.py"]
)
def test_the_rules_version_covers_the_rules_the_vocabulary_and_the_text_clean_up(rules_copy, name):
    from papers import library

    before = library.rules_version()
    with (rules_copy / name).open("a") as changed:
        changed.write("\n# changed\n")
    library._rules_version.cache_clear()
    assert library.rules_version() != before


def test_sizes_and_group_sizes_are_listed_in_order_of_size():
    from papers.cli_quant import compare_table
    from papers.lens import quant_setting_markdown
    from papers.models import Facet

    facets = [
        Facet(category, value, True, [])
        for category, value in [
            ("model", "OPT-13B"),
            ("model", "OPT-125M"),
            ("model", "OPT-1.3B"),
            ("model", "OPT"),
            ("granularity", "g128"),
            ("granularity", "g32"),
            ("granularity", "per-group"),
            ("precision", "4-bit"),
            ("precision", "2.5 bits/param"),
        ]
    ]
    note = quant_setting_markdown(facets)
    assert "**Models:** OPT, OPT-125M, OPT-1.3B, OPT-13B" in note
    assert "**Granularity:** g32, g128, per-group" in note
    assert "**Precision:** 2.5 bits/param, 4-bit" in note
    assert "OPT, OPT-125M, OPT-1.3B, OPT-13B" in compare_table({"a": facets, "b": []})


def test_a_facet_no_paper_evaluates_says_which_papers_mention_it(library):
    evaluated = {
        f["value"]
        for paper in ("2210.17323", "2208.07339")
        for f in json.loads(run("facets", paper, "--json").output)
        if f["evaluated"]
    }
    facets = json.loads(run("facets", "2210.17323", "--json").output)
    mentioned = next(f["value"] for f in facets if f["value"] not in evaluated)
    result = CliRunner().invoke(cli, ["list", "--facet", mentioned])
    assert "No paper matches" in result.stderr
    assert "mention it without evaluating it: " in result.stderr and "2210.17323" in result.stderr


def test_a_comparison_at_a_terminal_fits_its_width():
    from papers.cli_quant import compare_table
    from papers.models import Facet

    many = [Facet("model", f"OPT-{n}B", True, []) for n in (1, 2, 6, 13, 30, 66, 175)]
    text = compare_table({"2210.17323": many, "2306.00978": many}, width=60)
    assert max(len(line) for line in text.splitlines()) <= 60
    assert "OPT-175B" in text and text.count("OPT-66B") == 2
    assert len(compare_table({"a": many, "b": many}).splitlines()) == 7  # piped: one line each


def test_a_heading_wider_than_its_column_wraps_and_stays_over_its_column():
    from papers.cli_quant import compare_table
    from papers.models import Facet

    few = [Facet("precision", v, True, []) for v in ("2-bit", "3-bit", "4-bit", "W4A16")]
    heads = ["GPTQ (2210.17323)", "AWQ (2306.00978)", "OmniQuant (2308.13137)"]
    text = compare_table(dict.fromkeys(heads, few), width=66)
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= 66
    # each column's heading starts where its values start
    starts = [lines[0].index(word) for word in ("GPTQ", "AWQ", "OmniQuant")]
    first_row = next(line for line in lines if line.startswith("precision"))
    assert [first_row[i - 1 : i + 5] for i in starts] == [" 2-bit"] * 3
    assert "(2308.13137)" in lines[1] or "(2308.13137)" in lines[0]


def test_papers_a_narrow_terminal_cannot_hold_side_by_side_go_below():
    """Three papers at 60 columns: two side by side, the third in a block of its own under
    them, the categories again on its left; no line wider than the terminal."""
    from papers.cli_quant import compare_table
    from papers.models import Facet

    values = ("2-bit", "3-bit", "4-bit", "W4A16", "W4A4KV4", "2.2 bits/param")
    shared = [Facet("precision", v, True, []) for v in values]
    heads = ["GPTQ (2210.17323)", "AWQ (2306.00978)", "OmniQuant (2308.13137)"]
    papers = {
        head: [*shared, Facet("baseline", f"OutlierSuppression+{n}", True, [])]
        for n, head in enumerate(heads)
    }
    text = compare_table(papers, width=60, differences=True)
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= 60
    assert lines[0].split() == ["category", "GPTQ", "(2210.17323)", "AWQ", "(2306.00978)"]
    assert lines[1].split() == ["baseline", "OutlierSuppression+0", "OutlierSuppression+1"]
    second = lines.index("") + 1  # (a blank line between blocks)
    assert lines[second].split() == ["category", "OmniQuant", "(2308.13137)"]
    assert lines[second + 1].split() == ["baseline", "OutlierSuppression+2"]
    footer = " ".join(lines[second + 2 :])  # (wrapped at the width too)
    assert footer == "All 3 evaluate: 2-bit, 2.2 bits/param, 3-bit, 4-bit, W4A4KV4, W4A16"
    assert "\n\n" not in compare_table(papers, width=200)
    # (what every paper shares, at a narrow terminal: no row to narrow, no error, and no
    # table of a header alone: the line of what they share, wrapped)
    alike = compare_table(dict.fromkeys(heads, shared), width=40, differences=True)
    assert alike.startswith("All 3 evaluate: 2-bit") and "category" not in alike
    assert max(len(line) for line in alike.splitlines()) <= 40


def test_a_value_typed_that_also_names_a_family_reads_as_the_family():
    from papers.quant import named_values

    assert named_values("LoRA") == ["low-rank/fine-tuning"]  # (not "LoRA" and the family)
    assert named_values("W4A16g128") == ["W4A16", "g128"]


def test_a_size_unit_is_a_unit_only_before_no_letter():
    from papers.models import value_order

    values = ["W4A4KV4", "W4A16", "W4A4", "OPT-1.3B", "OPT-125M", "E5M2", "E4M3"]
    assert sorted(values, key=value_order) == [
        "E4M3",
        "E5M2",
        "OPT-125M",
        "OPT-1.3B",
        "W4A4",
        "W4A4KV4",
        "W4A16",
    ]


def test_a_comparison_never_cuts_a_value():
    from papers.cli_quant import compare_table
    from papers.models import Facet

    facets = [Facet("precision", v, True, []) for v in ("2-bit", "2.2 bits/param", "3-bit")]
    facets.append(Facet("method", "outlier handling", True, []))
    text = compare_table({"2210.17323": facets, "2306.00978": facets}, width=40)
    assert text.count("2.2 bits/param,") == 2 and text.count("outlier handling") == 2


def test_a_pair_of_one_width_offers_no_paper_that_quantizes_no_activations(library):
    """`list --facet W4A4` offered SpQR and QLoRA as papers that may write one width for
    weights and activations: weight-only papers that write no W/A pair at all. A paper none
    of whose evaluated widths is an activations' (GPTQ, SpQR, QLoRA) is not offered, nor one
    that writes its pairs (BRECQ's W2A4 and W4A4: its 3-bit is no W3A3)."""
    added = run("add", "2306.03078", "2305.14314", "2102.05426")
    assert added.exit_code == 0, added.output
    four = run("list", "--facet", "W4A4")  # (BRECQ writes W4A4 itself)
    assert [line.split()[0] for line in four.stdout.splitlines()[2:]] == ["2102.05426"]
    assert "write no W4/A pair" not in four.stderr
    # (SpQR evaluates 3-bit, QLoRA INT8; LLM.int8(), in the library already, has per-token
    # scales and writes no pair: the next test)
    three = run("list", "--facet", "W3A3")
    assert three.exit_code == 1 and "write no W3/A pair" not in three.stderr
    # (BRECQ runs W8A8 itself, its Table 5's "8/8" columns; QLoRA's INT8 is still no offer)
    eight = run("list", "--facet", "W8A8")
    assert [line.split()[0] for line in eight.stdout.splitlines()[2:]] == ["2102.05426"]
    assert eight.stderr.endswith("as INT8): 2208.07339\n")


def test_a_pair_of_one_width_offers_a_paper_with_scales_per_token(library):
    """LLM.int8() writes "Int8" for both sides and no W/A pair; its per-token scales (vector-wise
    quantization of the hidden states) say it quantizes activations, so `--facet W8A8` offers
    it, where QLoRA, which evaluates INT8 weights only, is still left out."""
    added = run("add", "2208.07339", "2305.14314")
    assert added.exit_code == 0, added.output
    result = run("list", "--facet", "W8A8")
    assert result.exit_code == 1 and result.stderr == (
        "No paper matches: 1 paper(s) evaluate 8-bit or INT8 and write no W8/A pair (a paper "
        "that quantizes activations may write one width for both sides, as INT8): 2208.07339\n"
    )


def test_a_facet_nothing_in_the_library_names_says_so(library):
    result = CliRunner().invoke(cli, ["list", "--facet", "nonsense"])
    assert "No paper matches" in result.stderr
    assert (
        "no library paper has the facet nonsense ('nonsense' names no value); 'papers facets "
        "--all' lists" in result.stderr
    )


def test_a_facet_spelt_nearly_as_a_library_value_gets_it_offered(library):
    """A typo ("GTPQ") and a value no library paper has (GPTVQ, which the vocabulary knows)
    got the same answer: a typo is said, with the values it may have meant."""
    typo = CliRunner().invoke(cli, ["list", "--facet", "Wikitxt2"])
    assert typo.exit_code == 1
    assert "('Wikitxt2' names no value; did you mean WikiText-2?)" in typo.stderr
    several = CliRunner().invoke(cli, ["list", "--facet", "4-bit on BLOM"])
    assert "('BLOM' names no value; did you mean BLOOM" in several.stderr
    known = CliRunner().invoke(cli, ["list", "--facet", "GPTVQ"])
    assert "no library paper has the facet GPTVQ;" in known.stderr
    assert "names no value" not in known.stderr


def test_a_facet_typed_in_lower_case_is_read_part_by_part(library):
    """The vocabulary reads "C4" or "E4M3" only as papers print them; a reviewer types them in
    any case, alone or with other names."""
    both = CliRunner().invoke(cli, ["list", "--json", "--facet", "c4 g128"])
    assert "--facet c4 g128: read as C4 + g128" in both.stderr
    assert [p["id"] for p in json.loads(both.stdout)] == ["2210.17323"]
    hyphened = CliRunner().invoke(cli, ["list", "--json", "--facet", "c4-int8"])
    assert [p["id"] for p in json.loads(hyphened.stdout)] == ["2208.07339"]
    unknown = CliRunner().invoke(cli, ["list", "--facet", "c4 banana"])
    assert unknown.exit_code == 1 and "no library paper has the facet c4 banana" in unknown.stderr


def test_compare_diff_shows_what_sets_the_papers_apart(library):
    """ "What does GPTQ evaluate that LLM.int8() does not?": the shared values once, below."""
    full = json.loads(run("compare", "2210.17323", "2208.07339", "--json").output)
    shared = {
        c: [v for v in full["2210.17323"][c] if v in full["2208.07339"][c]]
        for c in full["2210.17323"]
    }
    assert "C4" in shared["benchmark"]
    data = json.loads(run("compare", "2210.17323", "2208.07339", "--diff", "--json").output)
    assert data["shared"] == shared
    for pid, by_category in data["papers"].items():
        for category, values in by_category.items():
            assert values == [v for v in full[pid][category] if v not in shared[category]]
    assert "g128" in data["papers"]["2210.17323"]["granularity"]
    text = run("compare", "2210.17323", "2208.07339", "--diff").output
    *table, footer = text.splitlines()
    assert footer.startswith("Both evaluate: ") and "C4" in footer
    assert "g128" in text and not any("C4" in line for line in table)
    markdown = run("compare", "2210.17323", "2208.07339", "--diff", "--markdown").output
    assert markdown.splitlines()[0].startswith("| category |") and "Both evaluate: " in markdown


def test_compare_diff_says_when_a_width_may_be_one_setting_spelt_two_ways(root):
    # AWQ's INT4 and W4A16 beside GPTQ's "4-bit" read as experiments GPTQ never ran: a
    # reviewer pasting the diff would write that GPTQ evaluates no W4A16
    from papers.db import open_db, save_paper
    from papers.library import rules_version, store_facets
    from papers.models import Facet, Paper

    db = open_db(root)
    names = {"2306.00978": "AWQ: Activation-aware", "2210.17323": "GPTQ: Accurate"}
    names |= {"2306.03078": "SpQR: A Sparse-Quantized", "1712.05877": "Integer-only"}
    for pid, title in names.items():
        save_paper(db, Paper(id=pid, title=title, authors=["A"], version=1))
    evaluated = {
        "2306.00978": ["INT3", "INT4", "W3A16", "W4A16", "4-bit"],
        "2210.17323": ["3-bit", "4-bit", "2-bit"],
        "2306.03078": ["4-bit"],
        "1712.05877": ["8-bit", "INT8", "W8A8"],  # (writes its INT8 itself: nothing to say)
    }
    for pid, values in evaluated.items():
        facets = [Facet("precision", v, True, []) for v in values]
        store_facets(db, pid, facets, rules_version(root))  # (the rules of now: not stale)
    result = run("compare", "AWQ", "GPTQ", "SpQR", "1712.05877", "--diff")
    assert result.exit_code == 0
    assert result.stderr == (
        "note: GPTQ (2210.17323) writes 3-bit, 4-bit and SpQR (2306.03078) 4-bit, where AWQ "
        "(2306.00978) writes INT3, INT4, W3A16, W4A16: perhaps the same settings, as a "
        "weight-only paper may write only its weights' width (the lens keeps each paper's own "
        "spelling; 'papers facets ID' gives the evidence)\n"
    )
    assert "INT4" in result.stdout  # (the table is as it was)
    assert run("compare", "AWQ", "GPTQ").stderr == ""  # (said with --diff only)
    assert run("compare", "AWQ", "1712.05877", "--diff").stderr == ""
    # (each paper with its own spellings: one list read as if both wrote all of it, where
    # this one's INT4 is not counted, as it runs W4A4 too)
    mixed = [Facet("precision", v, True, []) for v in ("W3A16", "W4A16", "INT4", "W4A4")]
    store_facets(db, "1712.05877", mixed, rules_version(root))
    three = run("compare", "GPTQ", "AWQ", "1712.05877", "--diff").stderr
    assert (
        "where AWQ (2306.00978) writes INT3, INT4, W3A16, W4A16 and 1712.05877 W3A16, W4A16:"
        in three
    )
    # an INT4 whose paper writes no pair (OS+: its weights' and activations') is no W4A16,
    # nor is a width alone beside a W4A8
    store_facets(db, "1712.05877", [Facet("precision", "INT4", True, [])], rules_version(root))
    assert run("compare", "GPTQ", "1712.05877", "--diff").stderr == ""
    mixed = [Facet("precision", v, True, []) for v in ("4-bit", "W4A8")]
    store_facets(db, "2210.17323", mixed, rules_version(root))
    assert run("compare", "GPTQ", "AWQ", "--diff").stderr == ""


def test_compare_says_when_a_paper_has_no_facets(fake_arxiv, root, corpus):
    # SpQR added without its PDF: its column of "-" is no finding, and stderr says why
    assert run("add", "2210.17323").exit_code == 0
    assert run("add", "--no-pdf", "2306.03078").exit_code == 0
    result = CliRunner().invoke(cli, ["compare", "2210.17323", "2306.03078"])
    assert result.exit_code == 0
    assert "2306.03078: no quantization facets found (it has no PDF" in result.stderr
    assert "2210.17323: no quantization" not in result.stderr
    # its cells are "?", never read, not the "-" of values a paper does not evaluate: a
    # table pasted into a note, without stderr, must not say SpQR evaluates nothing
    pasted = run("compare", "2210.17323", "2306.03078", "--markdown").stdout
    rows = [line.split(" | ") for line in pasted.splitlines()[2:] if line.startswith("| ")]
    assert rows and all(row[-1].rstrip(" |") == "?" for row in rows)
    assert all(row[1] != "?" for row in rows)
    data = json.loads(run("compare", "2210.17323", "2306.03078", "--json").stdout)
    assert data["2306.03078"] is None and data["2210.17323"]["baseline"]
    # nor does SpQR share nothing, or everything, with GPTQ: nothing is set apart
    apart = run("compare", "2210.17323", "2306.03078", "--diff").stdout
    assert apart.splitlines()[-1] == "1 of 2 papers have no facets read: nothing to set apart"
    diff = json.loads(run("compare", "2210.17323", "2306.03078", "--diff", "--json").stdout)
    assert diff["papers"]["2306.03078"] is None
    assert not any(diff["shared"].values()) and diff["papers"]["2210.17323"]["baseline"]


def test_a_facet_typed_without_its_marks_or_with_brackets_is_read(library):
    # "llm-int8" and "llmint8" are LLM.int8() (its dots and brackets aside); "FP8 (E4M3)" as
    # papers print it reads as its two names
    for typed in ("llm-int8", "llmint8"):
        found = CliRunner().invoke(cli, ["list", "--json", "--facet", typed])
        assert [p["id"] for p in json.loads(found.stdout)] == ["2210.17323"], typed
        assert f"--facet {typed}: read as LLM.int8()" in found.stderr
    both = CliRunner().invoke(cli, ["list", "--json", "--facet", "INT8 (per-token)"])
    assert "--facet INT8 (per-token): read as INT8 + per-token" in both.stderr


def test_a_compare_footer_keeps_each_value_whole():
    # "Both evaluate: ..., ARC-" / "Easy, PIQA" at 80 columns: a value broken at its hyphen
    from papers.cli_quant import compare_table
    from papers.models import Facet

    shared = ["WikiText-2", "ARC-Easy", "outlier handling", "LLaMA-2-7B", "2.2 bits/param"] * 4
    facets = [Facet("benchmark", f"{v}{i}", True, []) for i, v in enumerate(shared)]
    text = compare_table({"a": facets, "b": facets}, width=40, differences=True)
    lines = text.splitlines()  # (no row sets them apart: the line alone, no table)
    values = {f"{v}{i}" for i, v in enumerate(shared)}
    assert lines[0].startswith("Both evaluate: ")
    lines[0] = lines[0].removeprefix("Both evaluate: ")
    # each line a run of whole values (one of two words too: "outlier handling")
    assert all(value in values for line in lines for value in line.rstrip(",").split(", "))
    assert "\u00a0" not in text
    plain = compare_table({"a": facets, "b": facets}, differences=True)  # (piped: no wrap)
    assert "\u00a0" not in plain and "outlier handling2" in plain


def test_help_leads_from_one_paper_to_the_lens_queries_and_says_names_work():
    # a newcomer reading --help alone found neither `list --facet` nor that "GPTQ" is a PAPER
    top = run("--help").output
    assert "by its name or title" in top and "papers list --facet" in top
    facets_help = run("facets", "--help").output
    assert "'papers list --facet W4A8'" in facets_help and "'papers" in facets_help
    assert "--facet" in run("list", "--help").output.split("Options:")[0]


def test_facets_of_one_category_for_a_paper_and_for_the_library(library):
    # "which baselines are most compared against" meant reading every category of --all
    every = json.loads(run("facets", "--all", "--json").stdout)
    baselines = json.loads(run("facets", "--all", "--category", "baseline", "--json").stdout)
    assert baselines == [row for row in every if row["category"] == "baseline"] and baselines
    table = run("facets", "--all", "--category", "baseline").stdout.splitlines()
    assert {line.split()[0] for line in table[2:]} == {"baseline"}
    two = json.loads(
        run(
            "facets", "2210.17323", "--category", "method", "--category", "baseline", "--json"
        ).stdout
    )
    assert {f["category"] for f in two} == {"method", "baseline"}
    assert run("facets", "--all", "--category", "bits").exit_code == 2
    # (in any case, as --facet reads its values)
    cased = run("facets", "--all", "--category", "Baseline", "--json")
    assert json.loads(cased.stdout) == baselines


def test_list_shows_the_values_each_paper_evaluates_of_a_category(library):
    """The issue's question in one command: who evaluates a setting, and against which
    baselines. Without --facet, every value the paper evaluates (as `facets` has them); with
    it, those evaluated on a page that holds the facets asked, the others elsewhere."""
    facets = json.loads(run("facets", "2210.17323", "--evaluated", "--json").output)
    pages = {f["value"]: set(f["pages"]) for f in facets}
    baselines = sorted(f["value"] for f in facets if f["category"] == "baseline")
    everything = json.loads(run("list", "--show", "Baseline", "--show", "method", "--json").output)
    shown = {p["id"]: p for p in everything}["2210.17323"]
    assert "elsewhere" not in shown and list(shown["evaluated"]) == ["baseline", "method"]
    assert sorted(shown["evaluated"]["baseline"]) == baselines and "RTN" in baselines
    assert "PTQ" in shown["evaluated"]["method"]
    found = json.loads(
        run("list", "--facet", "g8", "--facet", "RTN", "--show", "baseline", "--json").output
    )
    assert [p["id"] for p in found] == ["2210.17323"]
    with_them, elsewhere = found[0]["evaluated"]["baseline"], found[0]["elsewhere"]["baseline"]
    assert sorted(with_them + elsewhere) == baselines
    assert with_them and elsewhere  # (GPTQ runs RTN on more pages than it runs g8)
    setting = pages["g8"] & pages["RTN"]
    assert all(pages[value] & setting for value in with_them)
    assert not any(pages[value] & setting for value in elsewhere)
    out = run("list", "--facet", "g8", "--facet", "RTN", "--show", "baseline").output
    head, _, row = out.splitlines()[:3]
    assert "baseline" in head and row.startswith("2210.17323")
    assert f"{', '.join(with_them)} ({len(elsewhere)} elsewhere)" in row
    plain = json.loads(run("list", "--json").output)
    assert "evaluated" not in plain[0]  # (the JSON shape without --show is unchanged)


def test_a_show_cell_at_a_terminal_counts_the_values_it_leaves_out():
    from papers.cli import _shown_cell
    from papers.library import Shown

    values = ["AWQ", "GPTQ", "LLM-QAT", "LSQ", "MinMax", "Outlier Suppression+", "PACT"]
    shown = Shown({"baseline": values}, {"baseline": ["SpQR", "SqueezeLLM"]})
    cell = _shown_cell(shown, "baseline", 40)
    # (one "+N" only: "LLM-QAT +4 (+2 elsewhere)" read as two counts of one kind)
    assert cell == "AWQ, GPTQ, LLM-QAT +4 more (2 elsewhere)" and len(cell) <= 40
    assert _shown_cell(shown, "baseline", None).startswith(", ".join(values))
    assert _shown_cell(Shown({"baseline": []}, {"baseline": ["RTN"]}), "baseline", 40) == (
        "- (1 elsewhere)"
    )
    assert _shown_cell(None, "baseline", 40) == "?"


def test_list_show_takes_only_a_category():
    result = CliRunner().invoke(cli, ["list", "--show", "baselines"])
    assert result.exit_code == 2 and "'baselines' is not one of" in result.output


def test_list_show_marks_a_paper_without_facets_read_apart_from_one_with_none(
    fake_arxiv, root, corpus
):
    # SpQR added without its PDF: "?" and a note, not the "-" of a paper that runs none
    assert run("add", "2210.17323").exit_code == 0
    assert run("add", "--no-pdf", "2306.03078").exit_code == 0
    result = CliRunner().invoke(cli, ["list", "--show", "baseline", "--show", "method"])
    rows = {line.split()[0]: line for line in result.stdout.splitlines()[2:]}
    assert rows["2306.03078"].split()[3:5] == ["?", "?"]
    assert "RTN" in rows["2210.17323"]
    assert "1 paper(s) have no facets to show ('?'): no PDF, no text layer" in result.stderr
    assert "2306.03078" in result.stderr.splitlines()[-1]
    data = json.loads(run("list", "--show", "baseline", "--json").stdout)
    assert {p["id"]: p["evaluated"] is None for p in data} == {
        "2210.17323": False,
        "2306.03078": True,
    }


def test_the_issues_question_on_omniquant_against_its_pdf(fake_arxiv, root, corpus):
    """ "Who runs W4A4 on LLaMA-7B, and against which baselines?" on OmniQuant's real PDF, as
    a tester checked it page by page: SmoothQuant, LLM-QAT and OS+ (p.8), MinMax, PACT and
    LSQ (p.20), RTN (p.22) are its W4A4 baselines on LLaMA-7B; SpQR and SqueezeLLM it
    compares with in weight-only tables alone, elsewhere."""
    assert run("add", "2308.13137").exit_code == 0
    asked = ["list", "--facet", "W4A4", "--facet", "LLaMA-7B", "--show", "baseline", "--json"]
    (found,) = json.loads(run(*asked).stdout)
    assert found["id"] == "2308.13137" and {8, 20, 22} <= set(found["same_page"])
    with_them = set(found["evaluated"]["baseline"])
    assert {"SmoothQuant", "LLM-QAT", "Outlier Suppression+", "MinMax", "PACT", "LSQ"} <= with_them
    assert "RTN" in with_them
    assert {"SpQR", "SqueezeLLM"} <= set(found["elsewhere"]["baseline"])


def test_show_keeps_the_baselines_of_another_table_on_the_same_page_apart(fake_arxiv, root, corpus):
    """OmniQuant's page 7 holds its weight-only table (W3A16g128 on LLaMA: RTN, GPTQ, AWQ)
    and the sentence that names its weight-activation baselines (SmoothQuant, OS+, LLM-QAT,
    RPTQ), run on page 8. A tester asking who runs 3-bit per-group weights on LLaMA got all
    seven: a page was the finest bound. The tables and sentences holding the facets asked
    are now."""
    assert run("add", "2308.13137").exit_code == 0
    asked = ["--facet", "3-bit", "--facet", "LLaMA", "--facet", "per-group"]
    [paper] = json.loads(run("list", *asked, "--show", "baseline", "--json").stdout)
    assert paper["evaluated"]["baseline"] == ["AWQ", "GPTQ", "RTN"] and paper["bound"] == "place"
    # no one table or sentence holds INT4 (a sentence of page 7), g128 and LLaMA (Table 1):
    # the page bounds them, which holds the weight-activation baselines' sentence too, and
    # the answer says so (a tester read it as bound by tables)
    other = ["--facet", "INT4", "--facet", "g128", "--facet", "LLaMA", "--show", "baseline"]
    [fell] = json.loads(run("list", *other, "--json").stdout)
    assert fell["bound"] == "page" and "SmoothQuant" in fell["evaluated"]["baseline"]
    said = CliRunner().invoke(cli, ["list", *other])
    assert "elsewhere) (page)" in said.stdout.splitlines()[2]
    assert "(page) 1 paper(s): no one table or sentence holds all the facets asked" in said.stderr
    assert {"SmoothQuant", "Outlier Suppression+", "LLM-QAT"} <= set(paper["elsewhere"]["baseline"])
    # (and the weight-activation question the other way round)
    [paper] = json.loads(run("list", "--facet", "W4A4", "--show", "baseline", "--json").stdout)
    assert {"SmoothQuant", "LLM-QAT", "Outlier Suppression+"} <= set(paper["evaluated"]["baseline"])
    # (a table later on a page that a value was first met on: Lee et al.'s p.14 holds W4A16
    # g=128 with RTN, GPTQ and AWQ below a table of other settings; GPTQ and AWQ were
    # "elsewhere", their first place on the page the one kept)
    assert run("add", "2311.05161").exit_code == 0
    found = json.loads(run("list", "--facet", "W4A16", "--show", "baseline", "--json").stdout)
    lee = {p["id"]: p for p in found}["2311.05161"]
    assert {"RTN", "GPTQ", "AWQ"} <= set(lee["evaluated"]["baseline"])
    # facets stored without places (an older release): the pages bound them, as before
    with _db(root) as db:
        db.execute("UPDATE facets SET places = NULL")
    shown = json.loads(run("list", *asked, "--show", "baseline", "--json").stdout)
    assert "SmoothQuant" in {p["id"]: p for p in shown}["2308.13137"]["evaluated"]["baseline"]


def test_glue_is_any_of_its_tasks_as_q_bert_prints_them(fake_arxiv, root, corpus):
    # Q-BERT's Table 1 runs W8A8 on SST-2 and MNLI and never writes "GLUE": `--facet GLUE`
    # left it out, though it is a GLUE paper; LLM.int8() (no GLUE task) stays out
    assert run("add", "1909.05840", "2208.07339").exit_code == 0
    facets = json.loads(run("facets", "1909.05840", "--json").output)
    evaluated = {f["value"] for f in facets if f["category"] == "benchmark" and f["evaluated"]}
    assert {"SST-2", "MNLI"} <= evaluated and "GLUE" not in evaluated
    result = run("list", "--json", "--facet", "GLUE", "--facet", "W8A8")
    assert [p["id"] for p in json.loads(result.stdout)] == ["1909.05840"]
    assert "--facet GLUE: read as GLUE or any of " in result.stderr
    assert run("list", "--json", "--facet", "GLUE benchmark").exit_code == 0


def test_facets_of_a_name_outside_the_library_says_what_the_library_knows(library):
    # `facets SmoothQuant` said only that no library paper has the name, beside papers that
    # compare with it, and references that cite it by its arXiv id
    from papers.db import open_db
    from papers.library import store_references
    from papers.models import Reference

    db = open_db(library)
    cited = Reference(n=1, raw="x", title="AdaRound: Up or down?", arxiv="2004.10568")
    store_references(db, "2208.07339", [cited])
    db.conn.commit()
    for args in (("facets", "AdaRound"), ("compare", "GPTQ", "AdaRound")):
        result = run(*args)
        assert result.exit_code == 1
        assert result.stderr == (
            "Error: not an arXiv id, nor the name of a paper in the library: AdaRound; 1 library "
            "paper(s) have it as a facet: 'papers list --facet AdaRound' lists them; references "
            "cite it as 2004.10568: 'papers add 2004.10568' adds it\n"
        )
    # (named in both papers, evaluated in neither: where to read of it)
    assert "; 2 library paper(s) mention it: 'papers search ZeroQuant' finds where;" in (
        run("facets", "ZeroQuant").stderr
    )
    unknown = run("facets", "Mistral")
    assert unknown.stderr == (
        "Error: not an arXiv id, nor the name of a paper in the library: Mistral\n"
    )


def test_facets_of_a_category_a_read_paper_lacks_says_so_not_none_found(library):
    """`facets FlashAttention --category precision` said "no quantization facets found" of a
    paper with twenty facets (a tester's finding): none of the category asked, said so."""
    assert run("add", "2205.14135").exit_code == 0
    result = run("facets", "2205.14135", "--category", "precision")
    assert result.exit_code == 0 and result.stdout == ""
    assert result.stderr == (
        "2205.14135: no precision facets ('papers facets 2205.14135' shows the others)\n"
    )
    both = run(
        "facets",
        "2205.14135",
        "--evaluated",
        "--category",
        "precision",
        "--category",
        "granularity",
    )
    assert "no evaluated precision or granularity facets" in both.stderr
    assert run("facets", "2205.14135").stdout.startswith(("model:", "method:", "baseline:"))
