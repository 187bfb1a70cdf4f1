"""Every view of "what a reference points to" agrees: refs, the review template, stats."""

from __future__ import annotations

from papers.db import now_iso, open_db, save_paper
from papers.goals import _resolved_references
from papers.library import reference_key, store_references
from papers.models import Paper, Reference
from papers.resolve import stored_references
from papers.reviews import related_papers


def test_a_printed_id_the_resolver_rejected_is_not_a_target(root):
    db = open_db(root)
    for pid, title in (("2301.00001", "Citing"), ("2210.17323", "GPTQ"), ("2306.00978", "AWQ")):
        save_paper(db, Paper(id=pid, title=title))
    misprinted = Reference(n=1, raw="A. B. Wrong id. arXiv:2210.17323, 2022.", arxiv="2210.17323")
    unchecked = Reference(n=2, raw="C. D. AWQ. arXiv:2306.00978, 2023.", arxiv="2306.00978")
    store_references(db, "2301.00001", [misprinted, unchecked])
    # The resolver looked at the first printed id and rejected it (another paper's title).
    db.table("ref_links").insert(
        {
            "paper_id": "2301.00001",
            "key": reference_key(misprinted.raw),
            "resolved": None,
            "method": "none",
            "confidence": 0.0,
            "candidates": "[]",
            "manual": 0,
            "updated": now_iso(),
        }
    )
    targets = [item.target for item in stored_references(db, "2301.00001")]
    assert targets == [None, "2306.00978"]
    assert [p.id for p in related_papers(db, "2301.00001")] == ["2306.00978"]
    resolved, unresolved, total = _resolved_references(db, "2301.00001")
    assert (resolved, unresolved, total) == (["2306.00978"], 1, 2)
