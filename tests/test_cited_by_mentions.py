from __future__ import annotations

import json

from click.testing import CliRunner

from papers.cli import cli
from papers.db import open_db, save_paper
from papers.models import Paper


def test_cited_by_shows_mentions_in_reviews(root):
    db = open_db(root)
    save_paper(db, Paper(id="2210.17323", title="GPTQ", authors=["Elias Frantar"]))
    note = root / "reviews" / "2210.17323-gptq.md"
    note.parent.mkdir()
    note.write_text(
        '---\narxiv: "2210.17323"\nstatus: reading\n---\nCompare with [[2208.07339]].\n'
    )
    runner = CliRunner()
    assert runner.invoke(cli, ["review", "sync"], catch_exceptions=False).exit_code == 0
    result = runner.invoke(cli, ["cited-by", "2208.07339", "--json"], catch_exceptions=False)
    assert result.exit_code == 0
    assert json.loads(result.output) == [
        {
            "id": "2210.17323",
            "title": None,
            "year": None,
            "n": None,
            "by": "review",
            "note": "reviews/2210.17323-gptq.md",
        }
    ]
    text = runner.invoke(cli, ["cited-by", "2208.07339"], catch_exceptions=False).output
    assert "mentioned in review reviews/2210.17323-gptq.md" in text
