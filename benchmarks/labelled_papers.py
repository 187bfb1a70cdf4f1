"""Every paper labelled in tests/data (the corpus sets and the unseen sets), one a line.

    python benchmarks/labelled_papers.py [--data DIR]

Prints `paper | text | title` for each label file of tests/data/facets*/, sorted by paper id,
with each paper once. A helper looking for a new unseen paper checks its candidates against
this list, by arXiv id, by the index's text id and by title. The corpus labels have no text id
and are known only by their arXiv id and title: a second copy of such a paper in the index is
easy to take for a new one.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"


def labelled(data: Path) -> list[tuple[str, str, str]]:
    """(paper, text id or "", title) of each labelled paper, once each."""
    seen: dict[str, tuple[str, str, str]] = {}
    for path in sorted(data.glob("facets*/*.json")):
        label = json.loads(path.read_text("utf-8"))
        paper = label["paper"]
        title = " ".join(label.get("title", "").split())
        if paper not in seen or (label.get("text") and not seen[paper][1]):
            seen[paper] = (paper, label.get("text", ""), title)
    return sorted(seen.values())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args(argv)
    rows = labelled(args.data)
    if not rows:
        print(f"no label files under {args.data}/facets*/", file=sys.stderr)
        return 1
    for paper, text, title in rows:
        print(f"{paper} | {text or '-'} | {title}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
