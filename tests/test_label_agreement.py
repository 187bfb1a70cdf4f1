"""benchmarks/label_agreement.py: two labellers' labels of the same papers, scored one against
the other."""

from __future__ import annotations

import json
from pathlib import Path

from benchmark_scripts import load


def _load():
    return load("label_agreement")


def _write(folder: Path, name: str, facets: dict, ambiguous: dict | None = None) -> None:
    folder.mkdir(exist_ok=True)
    label = {"paper": name, "text": f"t{name}", "title": name, "notes": "", "facets": facets}
    label["ambiguous"] = ambiguous or {}
    (folder / f"{name}.json").write_text(json.dumps(label), "utf-8")


def test_second_labels_are_scored_against_the_first(tmp_path):
    agreement = _load()
    first, second = tmp_path / "first", tmp_path / "second"
    _write(first, "p1", {"baseline": ["GPTQ", "AWQ", "RTN"], "model": ["OPT-1.3B"]})
    # the second labeller misses RTN, adds SmoothQuant, spells AWQ the same; p2 has no pair
    _write(second, "p1", {"baseline": ["GPTQ", "AWQ", "SmoothQuant"], "model": ["OPT-1.3B"]})
    _write(second, "p2", {"baseline": ["GPTQ"]})
    report = agreement.run(first, second)
    assert report["papers"] == ["p1"]
    baseline = report["second_vs_first"]["strict"]["baseline"]
    assert (baseline["tp"], baseline["fp"], baseline["fn"]) == (2, 1, 1)
    assert report["second_vs_first"]["strict"]["model"]["recall"] == 1.0
    assert report["second_vs_first"]["papers"][0]["lenient"]["baseline"] == {
        "false_positives": ["SmoothQuant"],
        "missed": ["RTN"],
    }


def test_lenient_drops_what_either_labeller_called_ambiguous(tmp_path):
    agreement = _load()
    first, second = tmp_path / "first", tmp_path / "second"
    _write(first, "p1", {"baseline": ["GPTQ", "RTN"]}, {"baseline": ["AWQ"]})
    _write(second, "p1", {"baseline": ["GPTQ", "AWQ"]}, {"baseline": ["RTN"]})
    report = agreement.run(first, second)
    lenient = report["second_vs_first"]["lenient"]["baseline"]
    assert (lenient["tp"], lenient["fp"], lenient["fn"]) == (1, 0, 0)
    strict = report["second_vs_first"]["strict"]["baseline"]
    assert (strict["tp"], strict["fp"], strict["fn"]) == (1, 1, 1)


def test_the_extractor_is_scored_against_both_labellers(tmp_path):
    agreement = _load()
    first, second, texts = tmp_path / "first", tmp_path / "second", tmp_path / "texts"
    texts.mkdir()
    (texts / "tp1.md").write_text(
        "# FooQuant\n\n## Abstract\n\nWe propose FooQuant.\n\n## 4 Experiments\n\n"
        "Table 1: Perplexity on WikiText-2.\n\n| Method | OPT-1.3B | OPT-6.7B |\n|---|---|---|\n"
        "| FP16 | 14.6 | 10.9 |\n| GPTQ | 15.2 | 11.4 |\n| AWQ | 15.0 | 11.3 |\n"
        "| FooQuant | 14.1 | 11.0 |\n",
        "utf-8",
    )
    _write(first, "p1", {"baseline": ["GPTQ", "AWQ"]})
    _write(second, "p1", {"baseline": ["GPTQ"]})
    report = agreement.run(first, second, texts)
    found = report["extractor_vs_first"]["papers"][0]["lenient"]["baseline"]
    assert found == {"false_positives": [], "missed": []}
    assert report["extractor_vs_second"]["papers"][0]["lenient"]["baseline"] == {
        "false_positives": ["AWQ"],
        "missed": [],
    }


def test_the_command_says_when_no_paper_is_labelled_twice(tmp_path, capsys):
    agreement = _load()
    _write(tmp_path / "first", "p1", {"baseline": ["GPTQ"]})
    _write(tmp_path / "second", "p2", {"baseline": ["GPTQ"]})
    code = agreement.main(
        ["--first", str(tmp_path / "first"), "--second", str(tmp_path / "second")]
    )
    assert code == 1
    assert "no label" in capsys.readouterr().err


SECOND = Path(__file__).parent / "data" / "facets_unseen_second"


def test_every_second_label_pairs_with_a_first_label():
    agreement = _load()
    first = agreement.read_labels(agreement.FIRST)
    second = agreement.read_labels(SECOND)
    assert len(second) == 6
    for key, label in second.items():
        assert key in first, key
        assert first[key]["paper"] == label["paper"]
        assert set(label["facets"]) <= set(agreement.CATEGORIES)
        assert set(label.get("ambiguous", {})) <= set(agreement.CATEGORIES)
    report = agreement.run(agreement.FIRST, SECOND)
    assert len(report["papers"]) == 6
    assert report["second_vs_first"]["strict"]["all"]["tp"] > 0
