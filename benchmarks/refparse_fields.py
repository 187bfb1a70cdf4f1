"""Score parse_reference on the hand-checked truth lists: per-field accuracy per paper and overall.

Usage: python benchmarks/refparse_fields.py [CORPUS_DIR] [--truth DIR] [--show FIELD]
(CORPUS_DIR defaults to ../shared/corpus next to the project; --truth reads the lists from DIR
instead of CORPUS_DIR/truth, e.g. tests/data/references_heldout; --show prints the misses of
FIELD, or of every field with "all").
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from pathlib import Path

from papers.refparse import parse_reference

FIELDS = ["title", "first_author", "authors", "et_al", "year", "venue", "doi", "url"]


def norm_title(text: str | None) -> str:
    """Casefold, collapse whitespace, strip punctuation at the ends."""
    text = re.sub(r"\s+", " ", (text or "")).casefold()
    return text.strip(" .,;:!?\"“”'’")


def norm_name(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


def compare(truth: dict, got) -> dict[str, bool]:
    """Which fields of one parsed entry match the truth."""
    names_t = [norm_name(a) for a in truth["authors"]]
    names_g = [norm_name(a) for a in got.authors]
    return {
        "title": norm_title(truth["title"]) == norm_title(got.title),
        "first_author": (names_t[:1] == names_g[:1]),
        "authors": names_t == names_g,
        "et_al": bool(truth["et_al"]) == got.et_al,
        "year": truth["year"] == got.year,
        "venue": norm_title(truth["venue"]) == norm_title(got.venue),
        "doi": (truth["doi"] or None) == got.doi,
        "url": (truth["url"] or None) == got.url,
    }


def score(corpus: Path, truth: Path | None = None) -> dict:
    """Per-paper and overall accuracies, arXiv precision/recall, and the misses of the lists
    in `truth` (default: the corpus truth folder)."""
    papers: dict[str, dict[str, float]] = {}
    totals = dict.fromkeys(FIELDS, 0)
    count = 0
    tp = fp = fn = 0
    misses: list[tuple[str, str, int, object, object]] = []
    for path in sorted((truth or corpus / "truth").glob("*.jsonl")):
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
        hits = dict.fromkeys(FIELDS, 0)
        for row in rows:
            got = parse_reference(row["raw"], row["n"], row.get("marker"))
            result = compare(row, got)
            for field, ok in result.items():
                hits[field] += ok
                if not ok:
                    key = {"first_author": "authors"}.get(field, field)
                    misses.append((field, path.stem, row["n"], row.get(key), getattr(got, key)))
            if got.arxiv and got.arxiv == row["arxiv"]:
                tp += 1
            elif got.arxiv:
                fp += 1
                misses.append(("arxiv", path.stem, row["n"], row["arxiv"], got.arxiv))
            if row["arxiv"] and got.arxiv != row["arxiv"]:
                fn += 1
                if not got.arxiv:
                    misses.append(("arxiv", path.stem, row["n"], row["arxiv"], got.arxiv))
        papers[path.stem] = {f: hits[f] / len(rows) for f in FIELDS}
        for f in FIELDS:
            totals[f] += hits[f]
        count += len(rows)
    overall = {f: totals[f] / count for f in FIELDS}
    overall["arxiv_precision"] = tp / (tp + fp) if tp + fp else 1.0
    overall["arxiv_recall"] = tp / (tp + fn) if tp + fn else 1.0
    return {"papers": papers, "overall": overall, "count": count, "misses": misses}


def main(argv: list[str]) -> None:
    show = truth = None
    if "--show" in argv:
        i = argv.index("--show")
        show = argv[i + 1]
        argv = argv[:i] + argv[i + 2 :]
    if "--truth" in argv:
        i = argv.index("--truth")
        truth = Path(argv[i + 1])
        argv = argv[:i] + argv[i + 2 :]
    corpus = Path(argv[0]) if argv else Path(__file__).resolve().parents[1].parent / "shared/corpus"
    result = score(corpus, truth)
    print("paper       " + " ".join(f"{f[:8]:>8}" for f in FIELDS))
    for paper, acc in result["papers"].items():
        print(f"{paper:11} " + " ".join(f"{acc[f]:8.3f}" for f in FIELDS))
    overall = result["overall"]
    print(f"{'overall':11} " + " ".join(f"{overall[f]:8.3f}" for f in FIELDS))
    print(
        f"entries {result['count']}  arXiv precision {overall['arxiv_precision']:.3f}"
        f"  recall {overall['arxiv_recall']:.3f}"
    )
    for field, paper, n, want, got in result["misses"]:
        if show in (field, "all"):
            print(f"  {field} {paper}#{n}: want {want!r} got {got!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
