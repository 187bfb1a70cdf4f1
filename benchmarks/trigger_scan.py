"""How much of extract_facets is the trigger regex, and how close that regex is to a bare scan.

    python benchmarks/trigger_scan.py [--corpus DIR] [--repeat N]

The facets' CPU time over ingest is over the 10% target (benchmarks/facets.py). The trigger is
the one regex `_scan` runs over every page to find where a vocabulary name may start; the rest
of extract_facets is the rules that read around what it finds. This script reads every corpus
PDF once (read_pdf), then times, best of --repeat, over all the pages:

- extract_facets, the whole extraction;
- the trigger's scan, as `_scan` runs it (lower-cased text after a newline);
- the baseline: the same scan for the characters a trigger starts at (any character that is
  not a lower-case letter or digit) with nothing behind them, what Python's regex engine pays
  to visit those places at all.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

from facets import corpus_pdfs, default_corpus

from papers.pdf import read_pdf
from papers.quant import extract_facets, load_vocabulary

# a trigger's first character, then one that never follows it in a page's text
BARE_SCAN = re.compile("[^a-z0-9]\x00")


def best_of(runs: int, func) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.process_time()
        func()
        best = min(best, time.process_time() - start)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=default_corpus())
    parser.add_argument("--repeat", type=int, default=5, help="runs per measure; the best counts")
    args = parser.parse_args(argv)
    pdfs = corpus_pdfs(args.corpus)
    if not pdfs:
        print(f"corpus not found at {args.corpus}", file=sys.stderr)
        return 1
    vocab = load_vocabulary()
    docs = [read_pdf(pdf).pages for pdf in pdfs]
    texts = [("\n" + page).lower() for pages in docs for page in pages]
    trigger = vocab.trigger
    found = sum(1 for text in texts for _ in trigger.finditer(text))

    def facets() -> None:
        for pages in docs:
            extract_facets(pages, vocab)

    def scan() -> None:
        for text in texts:
            for _ in trigger.finditer(text):
                pass

    def bare() -> None:
        for text in texts:
            BARE_SCAN.search(text)

    whole = best_of(args.repeat, facets)
    triggered = best_of(args.repeat, scan)
    baseline = best_of(args.repeat, bare)
    chars = sum(map(len, texts))
    print(f"{len(pdfs)} PDFs, {len(texts)} pages, {chars:,} characters, {found:,} triggers")
    print(f"CPU ms, best of {args.repeat}:")
    print(f"  extract_facets          {whole * 1000:7.1f}")
    print(f"  trigger scan            {triggered * 1000:7.1f}  {triggered / whole:.0%} of it")
    print(f"  bare scan (baseline)    {baseline * 1000:7.1f}  trigger {triggered / baseline:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
