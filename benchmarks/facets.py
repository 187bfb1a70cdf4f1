"""Precision and recall of the quantization lens against hand labels, and its ingest overhead.

    /tmp/venv/bin/python benchmarks/facets.py [--corpus DIR] [--json]

Labels: tests/data/facets/<arxiv id>.json (evaluated facets per category, read from the papers'
experiment sections by hand). The text comes from papers.pdf.read_pdf, as at ingest time; the
overhead is extraction time over read_pdf time for the same files (best of three runs each).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from papers.pdf import read_pdf
from papers.quant import CATEGORIES, extract_facets, load_vocabulary, score_facets

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "tests" / "data" / "facets"
TARGET_PRECISION = 0.9
TARGET_RECALL = 0.8
TARGET_OVERHEAD = 0.10


def default_corpus() -> Path:
    return Path(os.environ.get("PAPERS_CORPUS") or ROOT.parent / "shared" / "corpus")


def ratio(num: int, den: int) -> float:
    return num / den if den else 1.0


def best_of(runs: int, func, *args):
    best, result = float("inf"), None
    for _ in range(runs):
        start = time.perf_counter()
        result = func(*args)
        best = min(best, time.perf_counter() - start)
    return best, result


def run(corpus: Path) -> dict:
    load_vocabulary()  # compiled once per process, as in the CLI
    papers = []
    totals = {c: [0, 0, 0] for c in CATEGORIES}
    read_total = extract_total = 0.0
    for label_file in sorted(LABELS.glob("*.json")):
        label = json.loads(label_file.read_text("utf-8"))
        pdf = corpus / "pdf" / f"{label['paper']}.pdf"
        read_time, doc = best_of(3, read_pdf, pdf)
        extract_time, facets = best_of(3, extract_facets, doc.pages)
        read_total += read_time
        extract_total += extract_time
        scores = score_facets(label["facets"], facets)
        row = {
            "paper": label["paper"],
            "read_ms": read_time * 1000,
            "extract_ms": extract_time * 1000,
        }
        for category, (tp, fp, fn) in scores.items():
            totals[category][0] += tp
            totals[category][1] += fp
            totals[category][2] += fn
            row[category] = {
                "precision": ratio(tp, tp + fp),
                "recall": ratio(tp, tp + fn),
                "false_positives": sorted(
                    {f.value for f in facets if f.category == category and f.evaluated}
                    - set(label["facets"].get(category, []))
                ),
                "missed": sorted(
                    set(label["facets"].get(category, []))
                    - {f.value for f in facets if f.category == category and f.evaluated}
                ),
            }
        papers.append(row)
    overall = {
        c: {
            "precision": ratio(tp, tp + fp),
            "recall": ratio(tp, tp + fn),
            "tp": tp,
            "fp": fp,
            "fn": fn,
        }
        for c, (tp, fp, fn) in totals.items()
    }
    corpus_read = corpus_extract = 0.0
    all_pdfs = sorted((corpus / "pdf").glob("*.pdf"))
    for pdf in all_pdfs:
        read_time, doc = best_of(3, read_pdf, pdf)
        extract_time, _ = best_of(3, extract_facets, doc.pages)
        corpus_read += read_time
        corpus_extract += extract_time
    return {
        "corpus_papers": len(all_pdfs),
        "corpus_read_ms": corpus_read * 1000,
        "corpus_extract_ms": corpus_extract * 1000,
        "corpus_overhead": ratio_f(corpus_extract, corpus_read),
        "papers": papers,
        "overall": overall,
        "read_ms": read_total * 1000,
        "extract_ms": extract_total * 1000,
        "overhead": ratio_f(extract_total, read_total),
    }


def ratio_f(num: float, den: float) -> float:
    return num / den if den else 0.0


def render(report: dict) -> str:
    lines = []
    for row in report["papers"]:
        cells = "  ".join(
            f"{c[:5]} {row[c]['precision']:.2f}/{row[c]['recall']:.2f}" for c in CATEGORIES
        )
        lines.append(f"{row['paper']:<11} {cells}  (P/R)")
        for c in CATEGORIES:
            if row[c]["false_positives"] or row[c]["missed"]:
                lines.append(
                    f"    {c}: extra {row[c]['false_positives']} missed {row[c]['missed']}"
                )
    lines.append("")
    lines.append(f"{'category':<12} precision  recall   tp  fp  fn")
    for c, o in report["overall"].items():
        flag = "" if o["precision"] >= TARGET_PRECISION and o["recall"] >= TARGET_RECALL else "  <"
        lines.append(
            f"{c:<12} {o['precision']:9.2f}  {o['recall']:6.2f}  "
            f"{o['tp']:3d} {o['fp']:3d} {o['fn']:3d}{flag}"
        )
    lines.append("")
    lines.append(
        f"read_pdf {report['read_ms']:.0f} ms, extract_facets {report['extract_ms']:.0f} ms: "
        f"{report['overhead']:.1%} added on the labelled papers"
    )
    lines.append(
        f"whole corpus ({report['corpus_papers']} PDFs): "
        f"read_pdf {report['corpus_read_ms']:.0f} ms, "
        f"extract_facets {report['corpus_extract_ms']:.0f} ms: "
        f"{report['corpus_overhead']:.1%} added (target <= {TARGET_OVERHEAD:.0%})"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=default_corpus())
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(argv)
    if not (args.corpus / "pdf").is_dir():
        print(f"corpus not found at {args.corpus}", file=sys.stderr)
        return 1
    report = run(args.corpus)
    print(json.dumps(report, indent=2) if args.json else render(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
