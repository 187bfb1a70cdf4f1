"""Benchmark `papers search` on a generated library: 10,000 papers with ~50 KB full texts and
1,000 review notes, then time the in-process search function over a set of queries.

    python benchmarks/search.py                  # full size, DB in a temp folder
    python benchmarks/search.py --db /tmp/bench-search --keep   # reuse the build
    python benchmarks/search.py --papers 1000 --notes 100       # quick run

Text is generated from a realistic vocabulary: word frequencies read from the corpus PDFs
(../shared/corpus/pdf) when present, else a built-in list of domain words, plus a long tail of
rare made-up words and a few per-paper terms (method names) so that selective queries exist.
Full texts are built from a pool of generated paragraphs, which keeps generation fast while the
index still holds every token of every document.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from papers import config
from papers.db import open_db
from papers.search import search

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "pdf"
BUILTIN_WORDS = """
the of and to in a is for we that with on as by are this quantization model weights bits
precision activation layer error outliers matrix per channel group token accuracy perplexity
llama opt bloom gptq awq smoothquant omniquant gptvq vector codebook calibration data int4 int8
fp16 w4a16 w8a8 w4a8 hessian rounding scale zero point kernel latency throughput memory gpu
inference training post fine tuning transformer attention heads embedding results table figure
show method propose approach baseline compared experiments dataset wikitext c4 lambada zero shot
tasks language models large billion parameters compression pruning sparsity low rank learned
""".split()  # noqa: SIM905
QUERIES = [
    "quantization",
    "weight quantization",
    '"post training quantization"',
    "hessian AND rounding",
    "quant*",
    "outliers activation smoothing",
    "NEAR(codebook vector, 5)",
    "W4A16 OR W8A8",
    "perplexity wikitext llama",
    "per-group g128",  # FTS syntax error: retried as plain words
    "methodname42",  # a rare, per-paper term
    "methodname4217 calibration",
    "zyxquorb",  # matches nothing
]
SOURCE_QUERIES = [("quantization", ["notes"]), ("rounding", ["title", "abstract"])]


def vocabulary() -> tuple[list[str], list[float]]:
    counts: Counter[str] = Counter()
    pdfs = sorted(CORPUS.glob("*.pdf")) if CORPUS.is_dir() else []
    if pdfs:
        from papers.pdf import read_pdf

        for pdf in pdfs:
            text = read_pdf(pdf).text
            counts.update(w.lower() for w in re.findall(r"[A-Za-z][A-Za-z0-9\-]{1,20}", text))
    if not counts:
        counts.update({w: 1000 // (i + 1) + 1 for i, w in enumerate(BUILTIN_WORDS)})
    rng = random.Random(7)
    letters = "abcdefghijklmnopqrstuvwxyz"
    for i in range(30_000):  # long tail of rare words
        counts["".join(rng.choice(letters) for _ in range(rng.randint(5, 11)))] += 1 + (i % 3 == 0)
    words, weights = zip(*counts.items(), strict=True)
    return list(words), list(map(float, weights))


def paragraphs(rng: random.Random, words: list[str], weights: list[float], n: int) -> list[str]:
    out = []
    cumulative = list(itertools.accumulate(weights))  # choices() would redo this every call
    for _ in range(n):
        sentence_words = rng.choices(words, cum_weights=cumulative, k=rng.randint(40, 90))
        out.append(" ".join(sentence_words).capitalize() + ".")
    return out


def build(root: Path, n_papers: int, n_notes: int, text_kb: int, seed: int = 1) -> dict[str, float]:
    """Write the generated library straight into SQLite, one transaction, executemany."""
    rng = random.Random(seed)
    words, weights = vocabulary()
    pool = paragraphs(rng, words, weights, 20_000)
    cumulative = list(itertools.accumulate(weights))
    started = time.perf_counter()  # the build proper: generating the vocabulary is not timed
    db = open_db(root)
    conn = db.conn
    target = text_kb * 1024
    papers_rows, docs, review_rows = [], [], []
    with conn:
        for i in range(n_papers):
            paper_id = f"{2300 + i // 90000:04d}.{i % 90000:05d}"
            title = " ".join(rng.choices(words, cum_weights=cumulative, k=rng.randint(6, 12)))
            title = title.title()
            authors = [f"Author{rng.randint(1, 5000)} Surname{rng.randint(1, 5000)}" for _ in "abc"]
            abstract = " ".join(rng.sample(pool, 3)) + f" We call it methodname{i}."
            papers_rows.append(
                (paper_id, title, json.dumps(authors), abstract, "2023-05-01", "2024-01-01")
            )
            parts, size = [f"methodname{i}"], 0
            while size < target:
                para = rng.choice(pool)
                parts.append(para)
                size += len(para) + 2
            docs += [
                (paper_id, "title", title),
                (paper_id, "authors", ", ".join(authors)),
                (paper_id, "abstract", abstract),
                (paper_id, "text", "\n\n".join(parts)),
            ]
            if len(docs) >= 4000:
                conn.executemany(
                    "INSERT INTO documents (paper_id, source, body) VALUES (?, ?, ?)", docs
                )
                docs.clear()
        conn.executemany(
            "INSERT INTO papers (id, title, authors, abstract, published, added) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            papers_rows,
        )
        for j in range(n_notes):
            paper_id = papers_rows[rng.randrange(len(papers_rows))][0]
            body = "\n\n".join(rng.sample(pool, 6)) + f"\n\nSee [[{papers_rows[0][0]}]]."
            path = f"reviews/{paper_id}-note-{j}.md"
            review_rows.append((path, paper_id, body, "0" * 64, "reviewed", "2025-01-01"))
            docs.append((paper_id, "notes", body))
        conn.executemany(
            "INSERT INTO reviews (path, paper_id, content, sha256, status, synced) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            review_rows,
        )
        conn.executemany(
            "INSERT INTO documents (paper_id, source, body) VALUES (?, ?, ?) "
            "ON CONFLICT (paper_id, source) DO UPDATE SET body = body || char(10) || excluded.body",
            docs,
        )
    built = time.perf_counter() - started
    with conn:
        conn.execute("INSERT INTO documents_fts(documents_fts) VALUES ('optimize')")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    optimized = time.perf_counter() - started - built
    size = config.db_path(root).stat().st_size
    return {"build_s": built, "optimize_s": optimized, "db_mb": size / 1e6}


def bare_fts(db, query: str) -> float | None:
    """Baseline: the bare FTS5 statement, best 20 documents by bm25, no snippets, no grouping
    by paper, no fallback (None when FTS5 rejects the query as typed)."""
    start = time.perf_counter()
    try:
        db.execute(
            "SELECT rowid FROM documents_fts WHERE documents_fts MATCH ? ORDER BY rank LIMIT 20",
            [query],
        ).fetchall()
    except Exception:
        return None
    return (time.perf_counter() - start) * 1000


def measure(root: Path, repeats: int) -> dict[str, object]:
    db = open_db(root)
    cases = [(q, None) for q in QUERIES] + SOURCE_QUERIES
    for query, sources in cases:  # warm the page cache once, as a running library would be
        search(db, query, sources=sources, limit=20)
    timings: list[float] = []
    baseline: list[float] = []
    per_query = {}
    for query, sources in cases:
        runs, bare = [], []
        for _ in range(repeats):
            start = time.perf_counter()
            hits = search(db, query, sources=sources, limit=20)
            runs.append((time.perf_counter() - start) * 1000)
            bare.append(bare_fts(db, query))
        timings += runs
        baseline += [b for b in bare if b is not None]
        label = query + (f" --in {','.join(sources)}" if sources else "")
        per_query[label] = {"median_ms": round(statistics.median(runs), 2), "hits": len(hits)}
    timings.sort()
    p95 = timings[min(len(timings) - 1, int(round(0.95 * (len(timings) - 1))))]
    return {
        "baseline_median_ms": round(statistics.median(baseline), 2),
        "ratio_vs_baseline": round(statistics.median(timings) / statistics.median(baseline), 2),
        "median_ms": round(statistics.median(timings), 2),
        "p95_ms": round(p95, 2),
        "max_ms": round(timings[-1], 2),
        "runs": len(timings),
        "queries": per_query,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=10_000)
    parser.add_argument("--notes", type=int, default=1_000)
    parser.add_argument("--text-kb", type=int, default=50)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--db", type=Path, help="library root to build in (or reuse with --keep)")
    parser.add_argument("--keep", action="store_true", help="reuse an existing build at --db")
    args = parser.parse_args(argv)
    tmp = None
    if args.db is None:
        tmp = tempfile.TemporaryDirectory(prefix="papers-bench-")
        root = Path(tmp.name)
    else:
        root = args.db
        root.mkdir(parents=True, exist_ok=True)
    result: dict[str, object] = {
        "papers": args.papers,
        "notes": args.notes,
        "text_kb": args.text_kb,
    }
    if args.keep and config.db_path(root).exists():
        print(f"reusing {config.db_path(root)}", file=sys.stderr)
    else:
        if config.db_path(root).exists():
            sys.exit(f"{config.db_path(root)} exists: pass --keep to reuse it, or remove it")
        print(f"building {args.papers} papers in {root} ...", file=sys.stderr)
        result |= build(root, args.papers, args.notes, args.text_kb)
    result |= measure(root, args.repeats)
    print(json.dumps(result, indent=2))
    if tmp is not None:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
