"""`papers list` on a generated library of 10,000 papers: wall time of the whole command.

Each paper has some 40 facets (400,000 rows, each with evidence as extraction stores it);
`list --facet W4A16 --facet per-group` is timed too (with the hint about weight-only papers it
prints), `list --show precision` (each paper's evaluated values as a column), the two together
(the values evaluated in the tables and sentences that hold the facets asked), and `facets
--all`, the library's counts.

Baseline measured in the same run: a bare `python -c pass` start (the floor of any Python CLI).
Also reports which heavy modules a read-only command imports (must be none).

    python benchmarks/list_speed.py [--papers 10000] [--runs 7]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from papers.db import now_iso, open_db

HEAVY = ("arxiv", "requests", "pymupdf", "fitz")
PROBE = """
import sys
from papers.cli import cli
try:
    cli(["list", "--json"], standalone_mode=False)
except SystemExit:
    pass
print("HEAVY", sorted({m.split(".")[0] for m in sys.modules} & set(sys.argv[1:])))
"""


def build_library(root: Path, count: int) -> None:
    db = open_db(root)
    rows = [
        {
            "id": f"{2300 + i // 90000:04d}.{i % 90000 + 10000:05d}",
            "version": 1,
            "title": f"Quantization study number {i} of large language models",
            "authors": json.dumps([f"Author {i}", "Second Author", "Third Author"]),
            "categories": json.dumps(["cs.LG"]),
            "published": f"20{10 + i % 15:02d}-01-01T00:00:00Z",
            "added": now_iso(),
            "source": "arxiv",
        }
        for i in range(count)
    ]
    # (pages, and where on them, as extraction stores them; a release without places has none)
    places = "places" in db["facets"].columns_dict
    with db.conn:
        db["papers"].insert_all(rows, batch_size=1000)
        db["facets"].insert_all(facet_rows([row["id"] for row in rows], places), batch_size=5000)


# the facet values a generated paper draws from (each paper some 40 of them): the spellings
# a library stores, so that `list --facet` matches them as it matches real ones
POOL = [
    *(f"W{w}A{a}" for w in (2, 3, 4, 8) for a in (4, 8, 16)),
    *(f"g{g}" for g in (32, 64, 128)),
    *("per-group", "per-channel", "per-token", "per-tensor", "PTQ", "QAT", "GPTQ", "AWQ"),
    *(f"LLaMA-2-{n}B" for n in (7, 13, 70)),
    *(f"OPT-{n}B" for n in (1.3, 2.7, 6.7, 13, 30, 66)),
    *(f"Benchmark-{n}" for n in range(300)),
]


def facet_rows(ids: list[str], places: bool = True) -> list[dict]:
    import random

    pick = random.Random(20261130)
    # three snippets of evidence each, as extraction stores them (some 300 characters of JSON)
    evidence = json.dumps([{"page": page, "snippet": "x" * 100} for page in (3, 5, 7)])
    rows = []
    for pid in ids:
        for value in pick.sample(POOL, 40):
            pages = sorted(pick.sample(range(1, 13), 3))
            row = {
                "paper_id": pid,
                "category": "precision",
                "value": value,
                "evaluated": 1,
                "evidence": evidence,
                "pages": json.dumps(pages),
            }
            if places:  # (a table, or a sentence, of each page)
                row["places"] = json.dumps(
                    [[p, pick.choice([0, 40, -1 - pick.randrange(4000)])] for p in pages]
                )
            rows.append(row)
    return rows


def wall(cmd: list[str], env: dict[str, str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        build_library(root, args.papers)
        env = {**os.environ, "PAPERS_ROOT": str(root)}
        papers_cmd = [sys.executable, "-m", "papers"]
        base = wall([sys.executable, "-c", "pass"], env, args.runs)
        table = wall([*papers_cmd, "list"], env, args.runs)
        as_json = wall([*papers_cmd, "list", "--json"], env, args.runs)
        by_facet = wall(
            [*papers_cmd, "list", "--facet", "W4A16", "--facet", "per-group"], env, args.runs
        )
        shown = wall([*papers_cmd, "list", "--show", "precision"], env, args.runs)
        question = [*papers_cmd, "list", "--facet", "W4A16", "--facet", "per-group", "--show"]
        asked = wall([*question, "precision"], env, args.runs)
        summary = wall([*papers_cmd, "facets", "--all"], env, args.runs)
        probe = subprocess.run(
            [sys.executable, "-c", PROBE, *HEAVY],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    heavy = probe.rsplit("HEAVY", 1)[1].strip()
    base_m = statistics.median(base)
    print(f"library: {args.papers} papers, {args.runs} runs each, median wall time")
    print(f"  python -c pass          {base_m * 1000:7.1f} ms  (baseline)")
    for name, times in (
        ("papers list", table),
        ("papers list --json", as_json),
        ("list --facet x2", by_facet),
        ("list --show", shown),
        ("--facet x2 --show", asked),
        ("facets --all", summary),
    ):
        med = statistics.median(times)
        print(f"  {name:<22}  {med * 1000:7.1f} ms  ratio {med / base_m:4.1f}x baseline")
    print(f"  heavy modules imported by 'list': {heavy}")


if __name__ == "__main__":
    main()
