"""Score bibliography extraction against the hand-checked truth lists of the corpus.

    python benchmarks/references.py                   # every truth paper, with refextract if any
    python benchmarks/references.py --no-refextract --repeat 5
    python benchmarks/references.py path/to/2210.17323.pdf ...
    python benchmarks/references.py --corpus-speed --repeat 5   # time ratio of every corpus PDF
    python benchmarks/references.py --no-refextract --truth tests/data/references_heldout

For each paper: segmentation precision/recall/F1 (an extracted entry matches a truth entry when
their normalised raw strings have a difflib ratio >= 0.9), accuracy of title, first-author
surname, whole author list and year over matched entries, precision/recall of printed arXiv ids,
and time. Our time (read_pdf + extract_references) is compared with PyMuPDF's own plain text
extraction of the same file. refextract (benchmark-only, needs poppler's pdftotext) is scored
the same way when it is importable, e.g. run this file with a venv that has it installed.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import statistics
import sys
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CORPUS = Path(
    os.environ.get("PAPERS_CORPUS") or Path(__file__).resolve().parents[2] / "shared" / "corpus"
)
MATCH_RATIO = 0.9
ARXIV_RE = re.compile(r"(\d{4}\.\d{4,5}|[a-z\-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?", re.IGNORECASE)


def norm(text: str | None) -> str:
    """Lower case, accents folded, punctuation and whitespace collapsed."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[\W_]+", " ", text.lower()).strip()


@dataclass
class Entry:
    """One extracted entry in the benchmark's own terms, whichever tool produced it."""

    raw: str
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    author_text: str | None = None  # refextract gives names as printed, not surnames
    year: int | None = None
    arxiv: list[str] = field(default_factory=list)


@dataclass
class Score:
    truth: int = 0
    found: int = 0
    matched: int = 0
    title: int = 0
    first_author: int = 0
    authors: int = 0
    year: int = 0
    arxiv_truth: int = 0
    arxiv_found: int = 0
    arxiv_right: int = 0
    seconds: float = 0.0

    def add(self, other: Score) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def row(self) -> str:
        p = self.matched / self.found if self.found else 0.0
        r = self.matched / self.truth if self.truth else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        m = self.matched or 1
        ap = self.arxiv_right / self.arxiv_found if self.arxiv_found else 1.0
        ar = self.arxiv_right / self.arxiv_truth if self.arxiv_truth else 1.0
        return (
            f"{self.found:4d}/{self.truth:<4d} P={p:.3f} R={r:.3f} F1={f1:.3f} "
            f"title={self.title / m:.3f} first={self.first_author / m:.3f} "
            f"authors={self.authors / m:.3f} year={self.year / m:.3f} "
            f"arxivP={ap:.3f} arxivR={ar:.3f} {self.seconds * 1000:7.1f}ms"
        )


def match(found: list[Entry], truth: list[dict[str, Any]]) -> list[tuple[Entry, dict[str, Any]]]:
    """One-to-one matches, nearest position first so duplicate entries pair up in order."""
    truth_norm = [norm(t["raw"]) for t in truth]
    used: set[int] = set()
    pairs = []
    for index, entry in enumerate(found):
        text = norm(entry.raw)
        order = sorted(range(len(truth)), key=lambda j: abs(j - index))
        for j in order:
            if j in used:
                continue
            matcher = difflib.SequenceMatcher(None, text, truth_norm[j], autojunk=False)
            if matcher.real_quick_ratio() < MATCH_RATIO or matcher.quick_ratio() < MATCH_RATIO:
                continue
            if matcher.ratio() >= MATCH_RATIO:
                used.add(j)
                pairs.append((entry, truth[j]))
                break
    return pairs


def score(found: list[Entry], truth: list[dict[str, Any]], seconds: float) -> Score:
    result = Score(truth=len(truth), found=len(found), seconds=seconds)
    for entry, expected in match(found, truth):
        result.matched += 1
        result.title += norm(entry.title) == norm(expected["title"])  # null truth wants null
        result.year += entry.year == expected["year"]
        want = [norm(a) for a in expected["authors"]]
        if entry.author_text is not None:  # printed names: look for the surnames in order
            have = norm(entry.author_text)
            result.first_author += bool(want) and want[0] in have.split(",")[0]
            positions = [have.find(a) for a in want]
            result.authors += bool(want) and -1 not in positions and positions == sorted(positions)
        else:
            have_list = [norm(a) for a in entry.authors]
            result.first_author += have_list[:1] == want[:1]
            result.authors += have_list == want
    want_ids = Counter(t["arxiv"] for t in truth if t.get("arxiv"))
    have_ids = Counter(a for e in found for a in e.arxiv)
    result.arxiv_truth = sum(want_ids.values())
    result.arxiv_found = sum(have_ids.values())
    result.arxiv_right = sum((want_ids & have_ids).values())
    return result


def best_time(func: Any, repeat: int) -> tuple[float, Any]:
    best, value = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        value = func()
        best = min(best, time.perf_counter() - start)
    return best, value


def run_ours(path: Path, repeat: int) -> tuple[float, list[Entry]]:
    from papers.pdf import read_pdf
    from papers.references import extract_references

    def work() -> list[Any]:
        return extract_references(read_pdf(path))

    seconds, refs = best_time(work, repeat)
    entries = [
        Entry(
            raw=r.raw,
            title=r.title,
            authors=list(r.authors),
            year=r.year,
            arxiv=[r.arxiv] if r.arxiv else [],
        )
        for r in refs
    ]
    return seconds, entries


def run_plain_pymupdf(path: Path, repeat: int, glyph_corrections: bool = True) -> float:
    """PyMuPDF's own plain text extraction, as users call it (`glyph_corrections`), or with
    the per-glyph box correction off that read_pdf switches off for plain text (the same text,
    cheaper): the second shows what the extractor's own work costs."""
    import pymupdf

    def work() -> list[str]:
        with pymupdf.open(path) as doc:
            return [p.get_text() for p in doc]

    before = pymupdf.TOOLS.unset_quad_corrections()
    pymupdf.TOOLS.unset_quad_corrections(not glyph_corrections)
    try:
        return best_time(work, repeat)[0]
    finally:
        pymupdf.TOOLS.unset_quad_corrections(before)


def run_refextract(path: Path) -> tuple[float, list[Entry]]:
    from refextract import extract_references_from_file

    seconds, refs = best_time(lambda: extract_references_from_file(str(path)), 1)
    entries = []
    for ref in refs:
        ids = []
        for text in ref.get("reportnumber", []) + ref.get("url", []):
            if "arxiv" in text.lower() or ARXIV_RE.fullmatch(text.split(":")[-1]):
                found = ARXIV_RE.search(text.split("arXiv:")[-1])
                if found:
                    ids.append(found.group(1))
        years = [int(y) for y in ref.get("year", []) if y.isdigit()]
        entries.append(
            Entry(
                raw=" ".join(ref.get("raw_ref", [])),
                title=(ref.get("title") or [None])[0],
                author_text=" ".join(ref.get("author", [])),
                year=years[0] if years else None,
                arxiv=ids,
            )
        )
    return seconds, entries


def refextract_available() -> bool:
    try:
        import refextract  # noqa: F401
    except ImportError:
        return False
    return True


def corpus_table(paths: list[Path]) -> int:
    """Run the extractor over many PDFs: none may crash, counts should look plausible."""
    from papers.errors import PdfError
    from papers.pdf import read_pdf
    from papers.references import extract_references

    failures = 0
    for path in paths:
        try:
            start = time.perf_counter()
            doc = read_pdf(path)
            refs = extract_references(doc)
            seconds = time.perf_counter() - start
        except PdfError as exc:
            print(f"{path.name:28s} PdfError: {exc}")
            continue
        except Exception as exc:  # the point of this table is to find these
            failures += 1
            print(f"{path.name:28s} CRASH {type(exc).__name__}: {exc}")
            continue
        pages = sorted({line.page + 1 for line in doc.bib_lines})
        span = f"p{pages[0]}-{pages[-1]}" if pages else "-"
        warn = f" warnings={refs.warnings}" if refs.warnings else ""
        print(
            f"{path.parent.name + '/' + path.name:28s} {doc.page_count:3d}p bib={span:8s}"
            f" refs={len(refs):4d} {seconds * 1000:6.1f}ms{warn}"
        )
        if refs:
            print(f"    first: {refs[0].raw[:110]}")
            print(f"    last:  {refs[-1].raw[:110]}")
    return 1 if failures else 0


def corpus_speed(paths: list[Path], repeat: int) -> int:
    """Time every PDF (truth or not): PyMuPDF's plain text, ours, and their ratio.

    The targets hold per file, so the worst ratio is what counts. The two are timed in turns
    (best of `repeat` each), so that a busy moment of the machine hits both alike.
    """
    from papers.errors import PdfError
    from papers.pdf import read_pdf
    from papers.references import extract_references

    ratios: list[float] = []
    print(f"{'file':28s} {'pages':>5s} {'refs':>5s} {'plain ms':>9s} {'ours ms':>8s} {'ratio':>6s}")
    for path in paths:
        plain = ours = float("inf")
        refs: list[Any] = []
        pages = 0
        try:
            for _ in range(repeat):
                plain = min(plain, run_plain_pymupdf(path, 1))
                start = time.perf_counter()
                doc = read_pdf(path)
                refs = extract_references(doc)
                ours = min(ours, time.perf_counter() - start)
                pages = doc.page_count
        except PdfError as exc:
            print(f"{path.name:28s} PdfError: {exc}")
            continue
        ratios.append(ours / plain)
        print(
            f"{path.parent.name + '/' + path.name:28s} {pages:5d} {len(refs):5d}"
            f" {plain * 1000:9.1f} {ours * 1000:8.1f} {ours / plain:6.2f}"
        )
    if not ratios:
        print("no PDFs timed", file=sys.stderr)
        return 1
    worst = max(ratios)
    print(f"{len(ratios)} files: worst x{worst:.2f}, median x{statistics.median(ratios):.2f}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("pdfs", nargs="*", type=Path, help="PDFs named <arxiv id>.pdf")
    parser.add_argument("--no-refextract", action="store_true", help="skip refextract")
    parser.add_argument("--repeat", type=int, default=3, help="timing runs (best is kept)")
    parser.add_argument(
        "--corpus-table",
        action="store_true",
        help="instead of scoring, list pages/#refs/first/last entry of every corpus PDF",
    )
    parser.add_argument(
        "--corpus-speed",
        action="store_true",
        help="instead of scoring, time plain PyMuPDF text and ours on every corpus PDF",
    )
    parser.add_argument(
        "--truth",
        type=Path,
        default=CORPUS / "truth",
        help="folder of <arxiv id>.jsonl truth lists (PDFs are read from the corpus pdf/ folder)",
    )
    args = parser.parse_args(argv)
    folders = ("pdf", "nostamp", "versions")
    corpus_pdfs = [p for f in folders for p in sorted((CORPUS / f).glob("*.pdf"))]
    if args.corpus_table:
        return corpus_table(args.pdfs or corpus_pdfs)
    if args.corpus_speed:
        return corpus_speed(args.pdfs or corpus_pdfs, args.repeat)
    truth_dir = args.truth
    paths = args.pdfs or [
        CORPUS / "pdf" / f"{p.stem}.pdf" for p in sorted(truth_dir.glob("*.jsonl"))
    ]
    if not paths:
        print(f"no truth files in {truth_dir}", file=sys.stderr)
        return 1
    with_refextract = not args.no_refextract and refextract_available()
    if not args.no_refextract and not with_refextract:
        print("refextract is not importable: skipped", file=sys.stderr)
    ours_total, theirs_total = Score(), Score()
    plain_total = same_text_total = 0.0
    for path in paths:
        truth_file = truth_dir / f"{path.stem}.jsonl"
        if not truth_file.exists():
            print(f"{path.name}: no truth file, skipped", file=sys.stderr)
            continue
        truth = [json.loads(line) for line in truth_file.read_text().splitlines() if line]
        plain = run_plain_pymupdf(path, args.repeat)
        same_text_total += run_plain_pymupdf(path, args.repeat, glyph_corrections=False)
        seconds, entries = run_ours(path, args.repeat)
        ours = score(entries, truth, seconds)
        ours_total.add(ours)
        plain_total += plain
        print(f"{path.stem:12s} ours       {ours.row()}  x{seconds / plain:.2f} plain")
        if with_refextract:
            seconds, entries = run_refextract(path)
            theirs = score(entries, truth, seconds)
            theirs_total.add(theirs)
            print(f"{path.stem:12s} refextract {theirs.row()}  x{seconds / plain:.2f} plain")
    print(
        f"{'OVERALL':12s} ours       {ours_total.row()}  x{ours_total.seconds / plain_total:.2f}"
        f" plain ({plain_total * 1000:.0f}ms)"
    )
    print(
        f"{'':12s} x{ours_total.seconds / same_text_total:.2f} plain text without PyMuPDF's"
        f" glyph-box correction ({same_text_total * 1000:.0f}ms), which gives the same text"
    )
    if with_refextract:
        print(
            f"{'OVERALL':12s} refextract {theirs_total.row()}"
            f"  x{theirs_total.seconds / plain_total:.2f} plain"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
