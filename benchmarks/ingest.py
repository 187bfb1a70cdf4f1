"""Offline ingest of each corpus PDF against plain PyMuPDF text extraction of the same file.

Two measures, each against the baseline `[page.get_text() for page in pymupdf.open(path)]`
timed in the same run on the same file:
- text + db: text in reading order (headers and footers removed) and the database write of the
  paper and its full text with the FTS index (what issue 2 asks to stay within 1.5x);
- full ingest: everything `papers add` does once the PDF is on disk, adding the references
  (issue 3) and the quantization facets (issue 6).

    python benchmarks/ingest.py [--corpus ../shared/corpus] [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import pymupdf

from papers.db import open_db, save_paper, set_document, write_transaction
from papers.library import _store
from papers.models import Paper
from papers.pdf import read_pdf

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def plain_text(path: Path) -> float:
    start = time.perf_counter()
    with pymupdf.open(path) as doc:
        [page.get_text() for page in doc]
    return time.perf_counter() - start


def text_and_db(path: Path, root: Path) -> float:
    db = open_db(root)
    start = time.perf_counter()
    doc = read_pdf(path)
    paper = Paper(id=path.stem, title=path.stem, pages=doc.page_count, has_text=doc.has_text)
    with write_transaction(db):
        save_paper(db, paper)
        set_document(db, paper.id, "text", doc.text)
    elapsed = time.perf_counter() - start
    db.close()
    return elapsed


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
    print(
        f"{'file':<22}{'pages':>6}{'refs':>6}{'plain ms':>10}{'text+db':>9}{'ratio':>7}"
        f"{'full':>8}{'ratio':>7}"
    )
    light, full, totals = [], [], [0.0, 0.0, 0.0]
    with tempfile.TemporaryDirectory() as tmp:
        for path in pdfs:
            plain, lean, ours, refs = [], [], [], 0
            for i in range(args.repeat):
                plain.append(plain_text(path))
                lean.append(text_and_db(path, Path(tmp) / f"{path.stem}-lean-{i}"))
                elapsed, refs = ingest(path, Path(tmp) / f"{path.stem}-{i}")
                ours.append(elapsed)
            p, t, o = statistics.median(plain), statistics.median(lean), statistics.median(ours)
            for k, v in enumerate((p, t, o)):
                totals[k] += v
            light.append(t / p)
            full.append(o / p)
            pages = pymupdf.open(path).page_count
            print(
                f"{path.name:<22}{pages:>6}{refs:>6}{p * 1000:>10.1f}{t * 1000:>9.1f}{t / p:>7.2f}"
                f"{o * 1000:>8.1f}{o / p:>7.2f}"
            )
    for name, ratios, total in (("text + db", light, totals[1]), ("full ingest", full, totals[2])):
        print(
            f"{name}: ratio {total / totals[0]:.2f} over all files (plain {totals[0]:.2f} s), "
            f"median per file {statistics.median(ratios):.2f}, worst {max(ratios):.2f}"
        )


if __name__ == "__main__":
    main()
