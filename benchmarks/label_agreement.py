"""How well two people who label the same papers by hand agree, beside how well the extractor
agrees with each of them.

    python benchmarks/label_agreement.py --second DIR [--first DIR] [--texts DIR] [--json]

The issue's targets (precision 0.9, recall 0.8 per category) are measured against one person's
labels. What a paper "evaluates" is partly a reading: a baseline named once in a table note, a
granularity the method implies but never names, a model family beside its sizes. Two careful
labellers disagree on some of these, and the extractor cannot agree with a labeller more than
the labellers agree with each other. This measures that ceiling.

--first (default tests/data/facets_unseen) and --second hold labels of the same papers, made
independently (the second labeller never saw the first labels, nor the rules, nor the
extractor's output); they are paired by the text they label ("text", else "paper"). The second
labels are scored as if they were an extraction, against the first: precision is the share of
the second labeller's values the first also gave, recall the share of the first's values the
second also gave. Lenient drops the values either labeller marked ambiguous, from both sides.

With --texts (the papers' markdown, as for benchmarks/facets_text.py), the extractor is scored
on the same papers against each labeller, with the same values dropped, so the three rows
compare like with like.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from facets import tally  # noqa: E402

from papers.models import Facet  # noqa: E402
from papers.quant import CATEGORIES  # noqa: E402

MODES = {
    "lenient": "values either labeller called ambiguous dropped",
    "strict": "as labelled",
}
ROOT = Path(__file__).resolve().parents[1]
FIRST = ROOT / "tests" / "data" / "facets_unseen"


def read_labels(folder: Path) -> dict[str, dict]:
    """Labels keyed by the text they label."""
    labels = {}
    for path in sorted(folder.glob("*.json")):
        label = json.loads(path.read_text("utf-8"))
        labels[str(label.get("text", label["paper"]))] = label
    return labels


def as_facets(label: dict) -> list[Facet]:
    """A label's evaluated values, as the extractor would give them."""
    return [
        Facet(category, value, True)
        for category in CATEGORIES
        for value in label["facets"].get(category, [])
    ]


def with_both_ambiguous(label: dict, other: dict) -> dict:
    """The label, with the values either labeller called ambiguous marked ambiguous."""
    ambiguous = {
        category: [
            *label.get("ambiguous", {}).get(category, []),
            *other.get("ambiguous", {}).get(category, []),
        ]
        for category in CATEGORIES
    }
    return {**label, "ambiguous": ambiguous}


def run(first_dir: Path, second_dir: Path, texts: Path | None = None) -> dict:
    first, second = read_labels(first_dir), read_labels(second_dir)
    shared = [key for key in second if key in first]
    rows = {
        "second_vs_first": tally(
            (first[k]["paper"], with_both_ambiguous(first[k], second[k]), as_facets(second[k]))
            for k in shared
        )
    }
    if texts is not None:
        from facets_text import markdown_pages

        from papers.quant import extract_facets

        extracted = {
            k: extract_facets(markdown_pages((texts / f"{k}.md").read_text("utf-8")))
            for k in shared
            if (texts / f"{k}.md").is_file()
        }
        for name, labels, other in (
            ("extractor_vs_first", first, second),
            ("extractor_vs_second", second, first),
        ):
            rows[name] = tally(
                (labels[k]["paper"], with_both_ambiguous(labels[k], other[k]), extracted[k])
                for k in shared
                if k in extracted
            )
    return {
        "papers": [first[k]["paper"] for k in shared],
        **{name: {"papers": papers, **overall} for name, (papers, overall) in rows.items()},
    }


def render(report: dict) -> str:
    names = [name for name in report if name != "papers"]
    lines = [f"{len(report['papers'])} papers labelled twice: {', '.join(report['papers'])}", ""]
    for mode, says in MODES.items():
        lines.append(f"{mode} P/R ({says})")
        lines.append(f"{'category':<12}" + "".join(f"{name:>22}" for name in names))
        for category in [*CATEGORIES, "all"]:
            cells = []
            for name in names:
                s = report[name][mode][category]
                cells.append(f"{s['precision']:.2f}/{s['recall']:.2f} ({s['tp'] + s['fn']:3d})")
            lines.append(f"{category:<12}" + "".join(f"{cell:>22}" for cell in cells))
        lines.append("")
    lines.append("(n): the values the reference labeller gave (tp + fn)")
    first = report["second_vs_first"]
    lines.append("")
    lines.append("where the labellers differ (lenient): second only / first only")
    for row in first["papers"]:
        for category in CATEGORIES:
            detail = row["lenient"][category]
            if detail["false_positives"] or detail["missed"]:
                lines.append(
                    f"  {row['paper']} {category}: {detail['false_positives']} / {detail['missed']}"
                )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--second", type=Path, required=True, help="the second labels")
    parser.add_argument("--first", type=Path, default=FIRST, help="the first labels")
    parser.add_argument("--texts", type=Path, help="the papers' markdown, to score the extractor")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    for folder in (args.first, args.second, args.texts):
        if folder is not None and not folder.is_dir():
            print(f"not a folder: {folder}", file=sys.stderr)
            return 1
    report = run(args.first, args.second, args.texts)
    if not report["papers"]:
        print(f"no label in {args.second} labels a paper of {args.first}", file=sys.stderr)
        return 1
    print(json.dumps(report, indent=2) if args.json else render(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
