"""Offline ingest of each corpus PDF against plain PyMuPDF text extraction of the same file.

Ingest = what `papers add` does once the PDF is on disk: text in reading order, references,
quantization facets, and the database write (one transaction). The baseline, measured in the
same run on the same file, is `[page.get_text() for page in pymupdf.open(path)]`.

    python benchmarks/ingest.py [--corpus ../shared/corpus] [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import pymupdf

from papers.db import open_db
from papers.library import _store
from papers.models import Paper
from papers.pdf import read_pdf

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def plain_text(path: Path) -> float:
    start = time.perf_counter()
    with pymupdf.open(path) as doc:
        [page.get_text() for page in doc]
    return time.perf_counter() - start


def ingest(path: Path, root: Path) -> tuple[float, int]:
    db = open_db(root)
    start = time.perf_counter()
    doc = read_pdf(path)
    paper = Paper(id=path.stem, title=path.stem, pages=doc.page_count, has_text=doc.has_text)
    _store(db, paper, doc, None)
    elapsed = time.perf_counter() - start
    refs = db.execute("SELECT count(*) FROM refs WHERE paper_id = ?", [path.stem]).fetchone()[0]
    db.close()
    return elapsed, refs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=3, help="runs per file; the median counts")
    args = parser.parse_args()
    pdfs = sorted((args.corpus / "pdf").glob("*.pdf")) + sorted(
        (args.corpus / "nostamp").glob("*.pdf")
    )
    print(f"{'file':<22}{'pages':>6}{'refs':>6}{'plain ms':>10}{'ingest ms':>11}{'ratio':>7}")
    ratios, total_plain, total_ingest = [], 0.0, 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for path in pdfs:
            plain, ours, refs = [], [], 0
            for i in range(args.repeat):
                plain.append(plain_text(path))
                elapsed, refs = ingest(path, Path(tmp) / f"{path.stem}-{i}")
                ours.append(elapsed)
            p, o = statistics.median(plain), statistics.median(ours)
            total_plain += p
            total_ingest += o
            ratios.append(o / p)
            pages = pymupdf.open(path).page_count
            print(
                f"{path.name:<22}{pages:>6}{refs:>6}{p * 1000:>10.1f}{o * 1000:>11.1f}{o / p:>7.2f}"
            )
    print(
        f"overall: plain {total_plain:.2f} s, ingest {total_ingest:.2f} s, "
        f"ratio {total_ingest / total_plain:.2f} (median per file {statistics.median(ratios):.2f},"
        f" worst {max(ratios):.2f})"
    )


if __name__ == "__main__":
    main()
