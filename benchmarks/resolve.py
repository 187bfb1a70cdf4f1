"""Benchmark reference resolution (papers.resolve) against a fake arXiv full of near-duplicates.

    /tmp/venv/bin/python benchmarks/resolve.py [--corpus ../shared/corpus] [--show-errors]

The fake arXiv (tests/fake_arxiv.py's server, on 127.0.0.1) knows every paper behind a truth
reference that prints an arXiv id (../shared/corpus/truth/*.jsonl), under the truth title, with
the truth surnames as authors and the id's month as its v1 date (so a printed conference year
may disagree with arXiv's, as in life). Next to each one it holds decoys:

  - a "v2" variant of the same words ("GPTQ v2: Accurate ...") by the same authors, same year;
  - the title with one word replaced, by other authors, same year;
  - the title with one word dropped, by the same first author, a year later;
  - the same words with two neighbours swapped, by other authors, same year;

plus every entry of the recorded search responses in ../shared/corpus/atom/. Each citing paper's
references are then resolved twice, each time with an empty cache:

  printed  the references as printed (id route, title route only if the id fails);
  title    the same references with the arXiv id removed from the string and the field.

Finally the references that print no id are resolved too: the fake knows none of those papers
(unless another reference cites the same title with an id), so any other link is a false one.

Reported: precision (correct links / links made) and recall (correct links / references) of
each route, requests per resolved reference, and whether every paper stayed within the request
budget (ceil(P/100) id_list requests for P printed ids, one search per title-route reference).
Targets: precision >= 0.995 on both; recall 1.0 by printed id and >= 0.97 by title.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from xml.etree import ElementTree as ET

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from fake_arxiv import FakeArxiv  # noqa: E402

from papers.db import open_db  # noqa: E402
from papers.errors import BadIdentifier  # noqa: E402
from papers.ids import parse_arxiv_id  # noqa: E402
from papers.models import Reference  # noqa: E402
from papers.resolve import normalise_title, resolve_references, title_query  # noqa: E402

ATOM = "{http://www.w3.org/2005/Atom}"
REPLACEMENTS = ["robust", "sparse", "scalable", "adaptive", "dynamic", "hierarchical"]
ID_IN_RAW = re.compile(
    r"(?:arXiv\s*(?:preprint\s*)?:?\s*|abs/|arxiv\.org/(?:abs|pdf)/|doi:10\.48550/arXiv\.)"
    r"\s*\d{4}\.\d{4,5}(?:v\d+)?(?:\s*\[[a-z\-.A-Z]+\])?",
    re.IGNORECASE,
)


def load_truth(corpus: Path) -> dict[str, list[dict]]:
    papers: dict[str, list[dict]] = {}
    for path in sorted((corpus / "truth").glob("*.jsonl")):
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
        papers[path.stem] = rows
    return papers


def arxiv_date(arxiv_id: str) -> str:
    """The first day of the id's month: when version 1 appeared."""
    if re.match(r"^\d{4}\.", arxiv_id):
        return f"20{arxiv_id[:2]}-{arxiv_id[2:4]}-01T00:00:00Z"
    number = arxiv_id.split("/")[1]
    century = "19" if int(number[:2]) > 90 else "20"
    return f"{century}{number[:2]}-{number[2:4]}-01T00:00:00Z"


def shift_year(date: str, years: int) -> str:
    return f"{int(date[:4]) + years}{date[4:]}"


def names(surnames: list[str]) -> list[str]:
    return [f"A. {s}" for s in surnames] or ["A. Nonymous"]


def decoy_titles(title: str) -> list[str]:
    """Near-identical titles: a v2 variant, one word replaced, one dropped, two swapped."""
    words = title.split()
    if ":" in title:
        head, tail = title.split(":", 1)
        variant = f"{head} v2:{tail}"
    else:
        variant = f"{title} v2"
    longest = max(range(len(words)), key=lambda i: len(words[i]))
    replacement = next(w for w in REPLACEMENTS if w not in title.lower())
    replaced = " ".join(replacement if i == longest else w for i, w in enumerate(words))
    dropped = " ".join(w for i, w in enumerate(words) if i != longest) if len(words) > 2 else ""
    swapped = words[:]
    if len(words) > 3:
        swapped[1], swapped[2] = swapped[2], swapped[1]
    out = [variant, replaced, dropped, " ".join(swapped) if len(words) > 3 else ""]
    return [t for t in out if t and t != title]


def decoy_id(counter: list[int]) -> str:
    counter[0] += 1
    return f"2512.{counter[0]:05d}"


def recorded_entries(corpus: Path) -> list[tuple[str, int, str, list[str], str]]:
    out = []
    for path in sorted((corpus / "atom").glob("*.xml")):
        try:
            tree = ET.parse(path)
        except ET.ParseError:
            continue
        for entry in tree.getroot().iter(f"{ATOM}entry"):
            raw_id = (entry.findtext(f"{ATOM}id") or "").rsplit("/abs/", 1)[-1]
            try:
                parsed = parse_arxiv_id(raw_id)
            except BadIdentifier:
                continue
            title = " ".join((entry.findtext(f"{ATOM}title") or "").split())
            authors = [a.findtext(f"{ATOM}name") or "" for a in entry.iter(f"{ATOM}author")]
            published = entry.findtext(f"{ATOM}published") or "2020-01-01T00:00:00Z"
            out.append((parsed.id, parsed.version or 1, title, authors, published))
    return out


def build_fake(truth: dict[str, list[dict]], corpus: Path) -> tuple[FakeArxiv, int]:
    fake = FakeArxiv(preload=False)
    first: dict[str, dict] = {}
    for rows in truth.values():
        for row in rows:
            if row["arxiv"] and row["arxiv"] not in first:
                first[row["arxiv"]] = row
    counter = [0]
    decoys = 0
    for arxiv_id, row in first.items():
        date = arxiv_date(arxiv_id)
        fake.add(arxiv_id, 1, row["title"], names(row["authors"]), published=date)
    for arxiv_id, row in first.items():
        date = arxiv_date(arxiv_id)
        authors = names(row["authors"])
        others = ["B. Decoy", "C. Decoy"]
        plans = [
            (authors, date),
            (others, date),
            ([authors[0], "D. Decoy"], shift_year(date, 1)),
            (others, date),
        ]
        for title, (who, when) in zip(decoy_titles(row["title"]), plans, strict=False):
            fake.add(decoy_id(counter), 1, title, who, published=when)
            decoys += 1
    for arxiv_id, version, title, authors, published in recorded_entries(corpus):
        if arxiv_id not in fake.papers:
            fake.add(arxiv_id, version, title, authors, published=published)
            decoys += 1
    return fake, decoys


def reference(row: dict, *, keep_id: bool) -> Reference:
    raw = row["raw"] if keep_id else ID_IN_RAW.sub("", row["raw"])
    return Reference(
        n=row["n"],
        raw=raw,
        marker=row.get("marker"),
        authors=row["authors"],
        et_al=row["et_al"],
        title=row["title"],
        year=row["year"],
        venue=row["venue"],
        arxiv=row["arxiv"] if keep_id else None,
        doi=row["doi"],
        url=row["url"],
    )


def run_absent(fake: FakeArxiv, truth: dict[str, list[dict]], show: bool) -> dict:
    """References printing no id: the fake knows none of them (except papers that another
    reference cites with an id), so every other link made is a false positive."""
    same_paper = {}
    for rows in truth.values():
        for row in rows:
            if row["arxiv"]:
                same_paper[normalise_title(row["title"])] = row["arxiv"]
    stats = defaultdict(int)
    errors: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        db = open_db(Path(tmp))
        for paper, rows in truth.items():
            rows = [r for r in rows if not r["arxiv"]]
            results = resolve_references(db, [reference(r, keep_id=True) for r in rows])
            for row, result in zip(rows, results, strict=True):
                stats["references"] += 1
                if result.resolved is None:
                    continue
                stats["resolved"] += 1
                if same_paper.get(normalise_title(row["title"])) == result.resolved:
                    stats["correct"] += 1
                elif show:
                    errors.append(
                        f"  WRONG  {paper}[{row['n']}] -> {result.resolved} {row['title']}"
                    )
    stats["errors"] = errors
    return stats


def run_route(fake: FakeArxiv, truth: dict[str, list[dict]], keep_id: bool, show: bool) -> dict:
    stats = defaultdict(int)
    errors: list[str] = []
    within_budget = True
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        db = open_db(Path(tmp))
        for paper, rows in truth.items():
            rows = [r for r in rows if r["arxiv"]]
            refs = [reference(r, keep_id=keep_id) for r in rows]
            before = len(fake.log)
            results = resolve_references(db, refs)
            asked = fake.log[before:]
            id_lists = sum(1 for r in asked if r.query.get("id_list"))
            searches = sum(1 for r in asked if r.query.get("search_query"))
            printed = len({r.arxiv for r in refs if r.arxiv})
            by_title = sum(1 for r in refs if title_query(r.title))
            if id_lists > math.ceil(printed / 100) or searches > by_title:
                within_budget = False
            stats["id_list"] += id_lists
            stats["search"] += searches
            for row, result in zip(rows, results, strict=True):
                stats["references"] += 1
                if result.resolved is None:
                    if show:
                        errors.append(f"  missed {paper}[{row['n']}] {row['arxiv']} {row['title']}")
                    continue
                stats["resolved"] += 1
                if result.resolved == row["arxiv"]:
                    stats["correct"] += 1
                elif show:
                    errors.append(
                        f"  WRONG  {paper}[{row['n']}] {row['arxiv']} -> {result.resolved} "
                        f"{row['title']}"
                    )
            # The same references again: the cache must answer everything.
            before = len(fake.log)
            resolve_references(db, refs)
            if len(fake.log) != before:
                within_budget = False
    stats["seconds"] = time.perf_counter() - started
    stats["within_budget"] = within_budget
    stats["errors"] = errors
    return stats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--show-errors", action="store_true", help="List misses and wrong links.")
    args = parser.parse_args()
    if not (args.corpus / "truth").is_dir():
        sys.exit(f"corpus not found at {args.corpus}")
    truth = load_truth(args.corpus)
    fake, decoys = build_fake(truth, args.corpus)
    fake.start()
    os.environ["PAPERS_ARXIV_API"] = fake.api_url
    os.environ["PAPERS_ARXIV_DELAY"] = "0"
    try:
        known = len(fake.papers) - decoys
        print(f"fake arXiv: {known} cited papers, {decoys} decoys")
        print(
            f"{'route':8} {'refs':>5} {'linked':>6} {'correct':>7} {'precision':>9} "
            f"{'recall':>7} {'id_list':>7} {'search':>6} {'req/link':>8} {'budget':>6} "
            f"{'time':>6}"
        )
        for name, keep in (("printed", True), ("title", False)):
            s = run_route(fake, truth, keep, args.show_errors)
            precision = s["correct"] / s["resolved"] if s["resolved"] else 1.0
            recall = s["correct"] / s["references"] if s["references"] else 1.0
            requests = s["id_list"] + s["search"]
            per_link = requests / s["resolved"] if s["resolved"] else float("nan")
            print(
                f"{name:8} {s['references']:>5} {s['resolved']:>6} {s['correct']:>7} "
                f"{precision:>9.4f} {recall:>7.4f} {s['id_list']:>7} {s['search']:>6} "
                f"{per_link:>8.3f} {'ok' if s['within_budget'] else 'OVER':>6} "
                f"{s['seconds']:>5.1f}s"
            )
            for line in s["errors"]:
                print(line)
        absent = run_absent(fake, truth, args.show_errors)
        wrong = absent["resolved"] - absent["correct"]
        print(
            f"no printed id, not on the fake arXiv: {absent['references']} references, "
            f"{absent['resolved']} linked ({absent['correct']} to the same paper cited elsewhere "
            f"with its id), {wrong} wrong"
        )
        for line in absent["errors"]:
            print(line)
    finally:
        fake.stop()


if __name__ == "__main__":
    main()
