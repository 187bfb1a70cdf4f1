"""A library's own additions to the quantization vocabulary (<library>/quant_vocab.toml): used by
add and extract, recorded in the rules version (so older facets are flagged), and a broken file
is a one-line error."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pymupdf
import pytest
from click.testing import CliRunner

from papers import config, quant
from papers.cli import cli
from papers.quant import compile_vocabulary, merge_vocabularies, scan_text

EXTENSION = """
[[baseline]]
value = "FooQuant"
patterns = ['FooQuant']

[[benchmark]]
value = "BarBench"
patterns = ['BarBench']

[settings]
exclude = ["W8A8"]
"""


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def paper_pdf(path) -> None:
    """A small paper whose experiments compare against FooQuant on BarBench at W8A8 and W4A8."""
    doc = pymupdf.open()
    page = doc.new_page()
    text = (
        "A Study of Quantization\nAbstract\nWe study weight quantization.\n"
        "1 Experiments\nWe compare with FooQuant on BarBench at W4A8 and W8A8.\n"
        "Table 1: FooQuant on BarBench at W4A8.\n"
    )
    page.insert_text((72, 72), text, fontsize=10)
    doc.save(path)


def facets(paper_id: str) -> set[tuple[str, str]]:
    data = json.loads(run("facets", paper_id, "--json").stdout)
    return {(f["category"], f["value"]) for f in data}


@pytest.fixture
def added(root, tmp_path):
    path = tmp_path / "study.pdf"
    paper_pdf(path)
    assert run("add", str(path)).exit_code == 0
    return json.loads(run("list", "--json").stdout)[0]["id"]


def test_library_entries_are_used_when_present(root, added):
    assert ("baseline", "FooQuant") not in facets(added)
    config.vocab_extension(root).write_text(EXTENSION, encoding="utf-8")
    flagged = run("facets", added)
    assert "come from other rules" in flagged.output  # the rules changed: say so
    assert run("extract", added).exit_code == 0
    found = facets(added)
    assert {("baseline", "FooQuant"), ("benchmark", "BarBench")} <= found
    assert ("precision", "W8A8") not in found  # the library's exclude list adds to the packaged
    assert ("precision", "W4A8") in found
    assert "come from other rules" not in run("facets", added).output


def test_a_broken_extension_is_a_one_line_error(root, added):
    config.vocab_extension(root).write_text("[[baseline]]\nvalue = 'X'\n", encoding="utf-8")
    result = run("extract", added)
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and "quant_vocab.toml" in result.output
    # commands that show facets say what is wrong, not only that the rules changed
    shown = run("facets", added)
    assert shown.exit_code == 0
    assert shown.stderr.startswith(f"note: {config.vocab_extension(root)}: not a usable")
    assert "recomputes them once it is fixed" in shown.stderr
    assert "patterns" in result.output
    assert "Traceback" not in result.output
    # a template that always renders hides the ones after it: said, not silently ignored
    unreachable = "[[model]]\nvalue = ['FooNet-2', 'FooNet']\npatterns = ['FooNet']\n"
    config.vocab_extension(root).write_text(unreachable, encoding="utf-8")
    result = run("extract", added)
    assert result.exit_code == 1 and "never used" in result.output
    config.vocab_extension(root).write_text("[[baseline\n", encoding="utf-8")
    result = run("extract", added)
    assert result.exit_code == 1 and "quant_vocab.toml" in result.output
    assert facets(added)  # the stored facets are untouched


KL_DIVERGENCE = """
[[baseline]]
value = "KLDiv"
patterns = ['KL[- ]divergence']
"""


def kl_pdf(path) -> None:
    """A paper that compares against KLD calibration and mentions KL divergence in passing."""
    doc = pymupdf.open()
    page = doc.new_page()
    text = (
        "A Study of Calibration\nAbstract\nWe study activation quantization.\n"
        "1 Experiments\nWe compare with KLD on BarBench at W8A8.\n"
        "Table 1: KLD on BarBench at W8A8.\n"
        "2 Related work\nKL divergence is one way to set the ranges.\n"
    )
    page.insert_text((72, 72), text, fontsize=10)
    doc.save(path)


def test_a_value_added_to_the_library_vocabulary_is_a_value_before_extract(root, tmp_path):
    """A value quant_vocab.toml defines, whose patterns do not match its own name ("KLDiv" for
    "KL divergence"), was said to name no value (did you mean KLD?) until 'papers extract'
    read the papers again: it is the library's value, which the stored facets predate."""
    path = tmp_path / "kl.pdf"
    kl_pdf(path)
    assert run("add", str(path)).exit_code == 0
    paper = json.loads(run("list", "--json").stdout)[0]["id"]
    assert ("baseline", "KLD") in facets(paper)
    config.vocab_extension(root).write_text(KL_DIVERGENCE, encoding="utf-8")
    stale = run("list", "--facet", "KLDiv")
    assert stale.exit_code == 1  # (nothing found)
    why = [line for line in stale.stderr.splitlines() if line.startswith("No paper matches")]
    assert len(why) == 1
    assert "KLDiv is defined in the library's quant_vocab.toml" in why[0]
    assert "'papers extract --stale' reads those papers again for it" in why[0]
    assert "names no value" not in stale.stderr and "did you mean" not in stale.stderr
    # in lower case, and among other words, it is the same value
    typed = run("list", "--facet", "kldiv on BarBench")
    assert "names no value" not in typed.stderr and "did you mean" not in typed.stderr
    assert "KLDiv is defined in the library's quant_vocab.toml" in typed.stderr
    assert run("extract", "--stale").exit_code == 0
    read = run("list", "--facet", "KLDiv")
    assert read.exit_code == 1
    assert f"1 paper(s) mention it without evaluating it: {paper}" in read.stderr
    assert "quant_vocab.toml" not in read.stderr  # (no longer stale: nothing to read again)


def test_list_show_says_the_values_shown_predate_the_library_vocabulary(root, tmp_path):
    """`list --show baseline` shows stored facets: after an edit of quant_vocab.toml it said
    nothing of their being stale (its KLDiv column empty), where --facet and compare did."""
    path = tmp_path / "kl.pdf"
    kl_pdf(path)
    assert run("add", str(path)).exit_code == 0
    assert run("list", "--show", "baseline").stderr == ""
    config.vocab_extension(root).write_text(KL_DIVERGENCE, encoding="utf-8")
    shown = run("list", "--show", "baseline")
    assert shown.exit_code == 0 and "KLD" in shown.stdout
    assert "come from other rules" in shown.stderr
    assert "come from other rules" not in run("list").stderr  # (no facets shown)


def test_a_library_value_no_paper_has_once_extracted_is_no_unknown_value(root, added):
    config.vocab_extension(root).write_text(KL_DIVERGENCE, encoding="utf-8")
    assert run("extract", "--stale").exit_code == 0
    result = run("list", "--facet", "KLDiv")
    assert result.exit_code == 1
    assert "no library paper has the facet KLDiv" in result.stderr
    assert "names no value" not in result.stderr and "extract" not in result.stderr


def test_a_packaged_value_its_patterns_do_not_match_is_a_value():
    """The packaged method "rotation" is read from "Hadamard" or "rotation matrix", never from
    "rotation" alone: typed, it is the value all the same."""
    vocab = quant.load_vocabulary()
    assert quant.named_values("rotation", vocab) is None
    assert quant.defined_value("Rotation", vocab) == "rotation"
    assert quant.defined_value("W{w}A{a}", vocab) is None  # (a template is no value)


def test_merge_puts_library_entries_first_and_extends_settings():
    base = {
        "settings": {"exclude": ["16-bit"]},
        "baseline": [{"value": "Foo", "patterns": ["Foo"]}],
    }
    extra = tomllib.loads(EXTENSION)
    merged = merge_vocabularies(base, extra)
    assert [e["value"] for e in merged["baseline"]] == ["FooQuant", "Foo"]
    assert merged["settings"]["exclude"] == ["16-bit", "W8A8"]
    vocab = compile_vocabulary(merged)
    assert {h.value for h in scan_text("FooQuant beats Foo", vocab)} == {"FooQuant", "Foo"}
    with pytest.raises(ValueError, match="unknown table"):
        merge_vocabularies(base, {"baselines": []})
    # a key the rules do not read was dropped without a word ("patern": the entry matched
    # nothing); so was a setting misspelt ("exclud": nothing excluded)
    typo = {"baseline": [{"value": "FooQuant", "patterns": ["FooQuant"], "typo_key": 1}]}
    with pytest.raises(ValueError, match="unknown key 'typo_key' in a baseline entry"):
        merge_vocabularies(base, typo)
    with pytest.raises(ValueError, match="unknown setting 'exclud' \\(use exclude\\)"):
        merge_vocabularies(base, {"settings": {"exclud": ["ternary"]}})


def test_an_entry_starting_with_punctuation_matches_after_a_letter():
    # "\+KD" has no word to start from: it is tried everywhere, as in "QAT+KD"
    extra = {"method": [{"value": "distillation", "patterns": ["\\+KD"], "left": ""}]}
    vocab = compile_vocabulary(extra)
    assert {h.value for h in scan_text("we train with QAT+KD", vocab)} == {"distillation"}


def test_a_pattern_with_an_optional_start_keeps_decimals_out():
    """A pattern whose start is optional has no literal start, so the vocabulary scans for it
    in a pass of its own; that pass, like the usual one, starts nothing at a number's decimals."""
    base = tomllib.loads(
        (Path(quant.__file__).parent / "data" / "quant_vocab.toml").read_text("utf-8")
    )
    extra = tomllib.loads(
        """
[[model]]
value = "FooLM"
patterns = ['(?:Meta-)?FooLM']
"""
    )
    vocab = compile_vocabulary(merge_vocabularies(base, extra))
    assert vocab.loose_regex is not None  # the pass of its own
    text = "an average storage cost of 32.03 to 32.1 bits per weight, and 3 bits for FooLM"
    hits = {(hit.category, hit.value) for hit in scan_text(text, vocab)}
    assert ("precision", "1-bit") not in hits
    assert {("precision", "3-bit"), ("model", "FooLM")} <= hits


def test_a_settings_value_written_alone_is_one_value_and_a_table_an_error():
    base = {"settings": {"exclude": ["W2A2"]}}
    merged = merge_vocabularies(base, {"settings": {"exclude": "ternary"}})
    assert merged["settings"]["exclude"] == ["W2A2", "ternary"]  # (not its seven letters)
    with pytest.raises(ValueError, match=r"settings.exclude must be a list of values"):
        merge_vocabularies(base, {"settings": {"exclude": {"a": 1}}})
