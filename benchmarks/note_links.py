"""What following the library costs the notes: the [[name]] links read again after an add or rm.

    python benchmarks/note_links.py [--notes 3000] [--runs 5]

Builds a library of a few papers and --notes review notes, each with the template's related
papers (links by id) and a line of links by name ([[GPTQ]], [[AWQ#Method|awq]]), as a
reviewer writing in Obsidian would. Times, best of --runs, what `add` and `rm` run after they
change the library (reviews.relink_named_mentions):
- `unnamed`: a paper no note links by name was added or removed (most adds, and every
  paper of a crawl): the notes' links are scanned, none is read again;
- `named`: a paper every note links by name: every note's mentions are set again.
Baseline measured in the same run: every linked note read again, front matter and all, as
the first version did after each add and rm.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from library_links import best

from papers.db import open_db, save_paper
from papers.library import paper_name_keys
from papers.models import Paper
from papers.reviews import _Names, _set_mentions, parse_note, relink_named_mentions, sync_notes

PAPERS = {
    "2210.17323": "GPTQ: Accurate Post-Training Quantization for Generative Transformers",
    "2306.00978": "AWQ: Activation-aware Weight Quantization for LLM Compression",
    "2308.13137": "OmniQuant: Omnidirectionally Calibrated Quantization for LLMs",
    "2211.10438": "SmoothQuant: Accurate and Efficient Post-Training Quantization",
}

NOTE = """---
arxiv: "2308.13137"
title: "OmniQuant"
status: reading
tags: [quantization, llm]
---

# OmniQuant, copy {n}

## Summary

Learnable weight clipping and equivalent transformation, {n}.

## Related papers

- [[2210.17323]] GPTQ: Accurate Post-Training Quantization (2022)
- [[2306.00978]] AWQ: Activation-aware Weight Quantization (2023)
- [[2211.10438]] SmoothQuant: Accurate and Efficient Post-Training Quantization (2022)

## Notes

Compare with [[GPTQ]] and [[AWQ#Method|awq]]; see [[2210.17323-gptq-accurate]].
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        db = open_db(root)
        for paper_id, title in PAPERS.items():
            save_paper(db, Paper(id=paper_id, title=title))
        db.conn.commit()
        notes = root / "reviews"
        notes.mkdir()
        for n in range(args.notes):
            (notes / f"2308.13137-copy-{n}.md").write_text(NOTE.format(n=n), encoding="utf-8")
        sync_notes(db, root)
        unnamed = paper_name_keys(PAPERS["2211.10438"])
        named = paper_name_keys(PAPERS["2306.00978"])

        def again() -> None:  # (the baseline: every linked note read and linked again)
            names = _Names(db)
            with db.conn:
                for rel, content in db.execute(
                    "SELECT path, content FROM reviews WHERE instr(content, '[[') > 0"
                ).fetchall():
                    parsed = parse_note(content, Path(rel).name)
                    _set_mentions(db, rel, content, parsed.paper_id, names)

        def relink(names: set[str]) -> None:
            with db.conn:
                relink_named_mentions(db, names)

        base = best(again, args.runs)
        none = best(lambda: relink(unnamed), args.runs)
        every = best(lambda: relink(named), args.runs)
        mentions = db.execute("SELECT count(*) FROM mentions").fetchone()[0]
    print(f"library: {len(PAPERS)} papers, {args.notes} notes with links ({mentions} mentions)")
    print(f"baseline: every linked note read again  {base * 1000:7.0f} ms")
    print(f"unnamed: a paper no note names    {none * 1000:7.0f} ms  ({none / base:.3f}x baseline)")
    print(
        f"named: a paper every note names   {every * 1000:7.0f} ms  ({every / base:.2f}x baseline)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
