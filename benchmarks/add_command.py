"""What the quantization facets add to whole `papers add` and `papers extract --all` commands.

    python benchmarks/add_command.py [--corpus DIR] [--repeat N]

Each run adds every corpus PDF (pdf/ and nostamp/) to a fresh library with one `papers add`
command, then runs `papers extract --all` on it, each in a fresh interpreter and timed from
outside (wall clock), in three modes run alternately:
- none: the facets left out (the baseline: `library.Facets` replaced by one that gives none);
- process: the facets computed in the command's own process (PAPERS_FACET_WORKER=0);
- worker: the facets computed in the second process, as `papers add` does by default.
arXiv is a closed port on 127.0.0.1, so a stamped PDF is added offline, from itself (no
network time hides anything). The best of --repeat runs counts.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from facets import corpus_pdfs, default_corpus

ROOT = Path(__file__).resolve().parents[1]
MODES = ("none", "process", "worker")

# the CLI, with the facets left out in mode "none"
_CLI = """
import os, sys
from papers import library
if os.environ["BENCH_MODE"] == "none":
    from no_facets import NoFacets  # (benchmarks/ is on PYTHONPATH)
    library.Facets = NoFacets
from papers.cli import cli
cli(prog_name="papers")
"""


def timed(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", _CLI, *args], env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def run(corpus: Path, repeat: int) -> dict[str, dict[str, float]]:
    pdfs = [str(p) for p in corpus_pdfs(corpus)]
    best = {mode: {"add": float("inf"), "extract": float("inf")} for mode in MODES}
    # the compiled vocabulary's cache: its own folder, written by the first run (as a user's is
    # by their first command), not the user's
    with tempfile.TemporaryDirectory() as cache:
        for _ in range(repeat):
            for mode in MODES:
                add, extract = commands(pdfs, mode, cache)
                best[mode]["add"] = min(best[mode]["add"], add)
                best[mode]["extract"] = min(best[mode]["extract"], extract)
    return best


def commands(pdfs: list[str], mode: str, cache: str) -> tuple[float, float]:
    """`papers add` of the PDFs into a fresh library, then `papers extract --all`: seconds."""
    with tempfile.TemporaryDirectory() as library:
        env = {
            **os.environ,
            "PAPERS_ROOT": library,
            "PAPERS_ARXIV_API": "http://127.0.0.1:9/api/query",
            "PAPERS_ARXIV_RETRIES": "0",
            "PAPERS_FACET_WORKER": "1" if mode == "worker" else "0",
            "BENCH_MODE": mode,
            "PAPERS_CACHE_DIR": cache,
            "PYTHONPATH": os.pathsep.join(
                filter(None, [str(ROOT / "benchmarks"), os.environ.get("PYTHONPATH")])
            ),
        }
        return timed(["add", "--silent", *pdfs], env), timed(["extract", "--all", "--silent"], env)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=default_corpus())
    parser.add_argument("--repeat", type=int, default=3, help="runs per mode; the best counts")
    args = parser.parse_args(argv)
    if not (args.corpus / "pdf").is_dir():
        print(f"corpus not found at {args.corpus}", file=sys.stderr)
        return 1
    best = run(args.corpus, args.repeat)
    print(f"whole commands over the corpus, wall clock, best of {args.repeat} (seconds):")
    print(f"{'facets':<10}{'add':>8}{'':>9}{'extract --all':>15}")
    base = best["none"]
    for mode in MODES:
        add, extract = best[mode]["add"], best[mode]["extract"]
        print(
            f"{mode:<10}{add:8.2f} {add / base['add'] - 1:+7.1%}"
            f"{extract:15.2f} {extract / base['extract'] - 1:+7.1%}"
        )
    print("(the percentages: time added against the same command without facets)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
