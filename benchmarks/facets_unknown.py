"""How often a name the vocabulary lacks is still found: leave-one-out over labelled papers.

    python benchmarks/facets_unknown.py --texts DIR [--labels DIR] [--category baseline] [--rare N]
        [--json]

A new paper's baselines and benchmarks are mostly names some earlier paper had, and a few that
no paper had: those only the rules that read names from their context (a comparison sentence,
a results table around known methods) can find. For each labelled paper (default the unseen
papers, tests/data/facets_unseen, with their markdown texts in --texts) and each of its
evaluated values of the category that has an entry of its own in the vocabulary, this removes
that one entry, runs the extraction, and counts the value as found when it comes out evaluated.
A model counts when a family's entry spells it without a size ("OLMo", "GLM-130B"); the
entries that spell it are removed.
Values the labeller marked ambiguous are left out. The baseline: the same values with the whole
vocabulary (the share found there is the most the context can give back).

--rare N counts only the values at most N of the papers label: "RTN" or "GPTQ" without their
entries say little, since every vocabulary has them, while a name one paper alone compares with
is most like the names a new paper brings.
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
import tomllib
from collections import Counter
from importlib import resources
from pathlib import Path

from facets import score
from facets_text import labelled_pages

from papers.models import facet_key
from papers.quant import compile_vocabulary, extract_facets

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "tests" / "data" / "facets_unseen"
NAMED = ("baseline", "benchmark", "model")  # categories whose entries are names


def entry_key(entry: dict) -> str:
    value = entry["value"]
    return facet_key(value[0] if isinstance(value, list) else value)


def entry_keys(entry: dict, category: str) -> set[str]:
    """The values an entry stands for: a method's or benchmark's first spelling; a model
    family's every spelling without a placeholder ("DenseNet", not "DenseNet-{depth}"), so that
    the family is gone whichever of its names is left out."""
    if category != "model":
        return {entry_key(entry)}
    value = entry["value"]
    templates = value if isinstance(value, list) else [value]
    return {facet_key(t) for t in templates if "{" not in t}


def without(data: dict, category: str, key: str) -> dict:
    """The vocabulary's data without the entry of one value (nor its mention in settings)."""
    less = copy.deepcopy(data)
    less[category] = [e for e in less[category] if key not in entry_keys(e, category)]
    settings = less.get("settings", {})
    if "post_training" in settings:
        settings["post_training"] = [v for v in settings["post_training"] if facet_key(v) != key]
    return less


def run(texts: Path, labels_dir: Path, category: str, data: dict) -> dict:
    full = compile_vocabulary(data)
    keys = {key for e in data[category] for key in entry_keys(e, category)}
    rows = []
    for label, pages in labelled_pages(texts, labels_dir):
        truth, found = score(label, extract_facets(pages, full), True)[category]
        for value in sorted(truth):
            key = facet_key(value)
            if key not in keys:
                continue
            vocab = compile_vocabulary(without(data, category, key))
            _, alone = score(label, extract_facets(pages, vocab), True)[category]
            rows.append(
                {
                    "paper": label["paper"],
                    "value": value,
                    "with_entry": value in found,
                    "without_entry": value in alone,
                }
            )
    return {
        "category": category,
        "values": len(rows),
        "with_entry": sum(r["with_entry"] for r in rows),
        "without_entry": sum(r["without_entry"] for r in rows),
        "rows": rows,
    }


def rare(report: dict, most: int) -> dict:
    """The report on the values at most `most` papers label only."""
    papers = Counter(row["value"] for row in report["rows"])
    rows = [row for row in report["rows"] if papers[row["value"]] <= most]
    return {
        **report,
        "values": len(rows),
        "with_entry": sum(r["with_entry"] for r in rows),
        "without_entry": sum(r["without_entry"] for r in rows),
        "rows": rows,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=Path, required=True, help="DIR of <text id>.md")
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("--category", choices=NAMED, default="baseline")
    parser.add_argument("--json", action="store_true", help="every value, found or not")
    parser.add_argument("--rare", type=int, default=0, help="only values N papers or fewer label")
    args = parser.parse_args(argv)
    if not args.texts.is_dir() or not args.labels.is_dir():
        print(f"not a folder: {args.texts if not args.texts.is_dir() else args.labels}")
        return 1
    text = resources.files("papers").joinpath("data/quant_vocab.toml").read_text("utf-8")
    report = run(args.texts, args.labels, args.category, tomllib.loads(text))
    if args.rare:
        report = rare(report, args.rare)
    if args.json:
        print(json.dumps(report, indent=1))
        return 0
    n = report["values"] or 1
    print(
        f"{report['category']}: {report['values']} labelled values with an entry of their own\n"
        f"  found with the whole vocabulary:   {report['with_entry']} "
        f"({report['with_entry'] / n:.0%})\n"
        f"  found with that one entry removed: {report['without_entry']} "
        f"({report['without_entry'] / n:.0%}, the names read from their context)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
