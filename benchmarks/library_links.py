"""What linking references to library papers by title, and `next`, cost on a large library.

    python benchmarks/library_links.py [--papers 1000] [--refs 50] [--corpus DIR]

Builds a library of --papers papers with --refs references each, their titles drawn from the
reference titles of the corpus PDFs (real titles, so real word frequencies; one paper in five
is also cited by its own title, so links are made). Then times, best of three:
- `add`: linking when one paper is added (its references to the library, and the library's
  references to it), as `papers add` does after storing it;
- `all`: linking every reference at once, as `papers extract --all` does at its end;
- `next`: the whole `papers next` ranking, and with each paper's role (as the command reads
  them: the vocabulary loaded, once a process, and the titles' names read; the generated
  library has no facets);
- `cited-by`: `papers cited-by` of the library paper the most references link to;
- `graph`: `papers graph` around that paper (depth 1), and of the whole library;
- `command`: `papers next` and `papers graph` run as a user runs them (a new process each:
  start, imports, the vocabulary read from the cache, the notes' sync, printing), best of
  three, with the papers package and the cache folder of this process.
Baseline measured in the same run: reading one corpus PDF and its references (read_pdf and
extract_references, the ingest work of one `papers add`), the median over the corpus.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from facets import corpus_pdfs, default_corpus

from papers.db import open_db, save_paper
from papers.graph import build_graph, cited_by, next_reading
from papers.library import store_references
from papers.models import Paper, Reference
from papers.pdf import read_pdf
from papers.references import extract_references
from papers.resolve import link_library_papers


def corpus_titles(corpus: Path) -> tuple[list[str], float]:
    """The corpus PDFs' reference titles, and the median time to read a PDF and its list."""
    titles, times = [], []
    for pdf in corpus_pdfs(corpus):
        start = time.perf_counter()
        references = extract_references(read_pdf(pdf))
        times.append(time.perf_counter() - start)
        titles += [r.title for r in references if r.title and len(r.title) > 20]
    return sorted(set(titles)), statistics.median(times)


def build(root: Path, titles: list[str], papers: int, refs: int) -> list[str]:
    rng = random.Random(1)
    db = open_db(root)
    # (valid arXiv ids, from 2401: cited-by is asked by one)
    ids = [f"24{i // 90000 + 1:02d}.{i % 90000 + 10000:05d}" for i in range(papers)]
    with db.conn:
        for n, paper_id in enumerate(ids):
            title = rng.choice(titles) if n % 5 == 0 else f"{rng.choice(titles)} {n}"
            save_paper(
                db,
                Paper(id=paper_id, title=title, authors=["Ann Author"], published="2023-01-01"),
            )
        for paper_id in ids:
            store_references(
                db,
                paper_id,
                [
                    Reference(
                        n=k + 1,
                        raw=f"{paper_id} {k}",
                        title=rng.choice(titles),
                        year=2023,
                        authors=["Author"],
                    )
                    for k in range(refs)
                ],
            )
    return ids


def best(fn, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def command(root: Path, *args: str) -> float:
    """The best of three runs of `papers ARGS` on the library, output thrown away."""
    import papers

    # (the papers package this script imports, not one installed elsewhere)
    source = str(Path(papers.__file__).parents[1])
    path = os.pathsep.join(p for p in (source, os.environ.get("PYTHONPATH")) if p)
    env = {**os.environ, "PYTHONPATH": path}
    run = [sys.executable, "-m", "papers", "--root", str(root), *args]
    return best(lambda: subprocess.run(run, env=env, capture_output=True, check=True))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=1000)
    parser.add_argument("--refs", type=int, default=50)
    parser.add_argument("--corpus", type=Path, default=default_corpus())
    args = parser.parse_args(argv)
    titles, ingest = corpus_titles(args.corpus)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        ids = build(root, titles, args.papers, args.refs)
        db = open_db(root)

        def unlink() -> None:
            with db.conn:
                db.execute("DELETE FROM ref_links")

        def add_one() -> None:
            link_library_papers(db, citing=ids[:1])
            link_library_papers(db, cited=ids[:1])

        def link_all() -> None:
            unlink()
            link_library_papers(db)

        add = best(lambda: (unlink(), add_one()))
        every = best(link_all)
        links = db.execute("SELECT count(*) FROM ref_links").fetchone()[0]
        ranking = best(lambda: next_reading(db))
        start = time.perf_counter()
        roles_of = Counter(s.role for s in next_reading(db, roles=True))
        first_roles = time.perf_counter() - start
        with_roles = best(lambda: next_reading(db, roles=True))
        cited = db.execute(  # the library paper the most references link to
            "SELECT resolved FROM ref_links WHERE resolved IS NOT NULL "
            "GROUP BY resolved ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()[0]
        citers = len(cited_by(db, cited).citations)
        asked = best(lambda: cited_by(db, cited))
        around = best(lambda: build_graph(db, cited, 1))
        whole = best(lambda: build_graph(db))
        next_command, graph_command = command(root, "next"), command(root, "graph")
    print(f"library: {args.papers} papers x {args.refs} references ({len(titles)} titles)")
    print(f"baseline: one PDF read with its references (median) {ingest * 1000:.0f} ms")
    print(f"add: links of one paper added  {add * 1000:6.0f} ms  ({add / ingest:.2f}x baseline)")
    print(f"all: every reference, {links} links  {every * 1000:6.0f} ms  ({every / ingest:.1f}x)")
    print(f"next: the whole ranking  {ranking * 1000:6.0f} ms  ({ranking / ingest:.1f}x baseline)")
    print(
        f"next: with roles  {with_roles * 1000:6.0f} ms, the first in the process "
        f"{first_roles * 1000:.0f} ms (vocabulary loaded)  ({with_roles / ingest:.1f}x baseline); "
        + ", ".join(f"{role or 'unknown'} {n}" for role, n in roles_of.most_common())
    )
    print(
        f"cited-by: the paper most linked to, {citers} citing papers  {asked * 1000:6.0f} ms  "
        f"({asked / ingest:.2f}x baseline)"
    )
    print(f"graph: around that paper, depth 1  {around * 1000:6.0f} ms  ({around / ingest:.2f}x)")
    print(f"graph: the whole library  {whole * 1000:6.0f} ms  ({whole / ingest:.1f}x baseline)")
    print(
        f"command: papers next  {next_command * 1000:6.0f} ms  ({next_command / ingest:.1f}x "
        f"baseline); papers graph  {graph_command * 1000:6.0f} ms  "
        f"({graph_command / ingest:.1f}x baseline)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
