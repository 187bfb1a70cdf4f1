from __future__ import annotations

import json
import sys
from functools import partial

from click.testing import CliRunner

from papers.cli import cli
from papers.db import open_db, save_paper
from papers.library import store_references
from papers.models import Paper, Reference
from papers.resolve import link_library_papers


def test_cited_by_shows_mentions_in_reviews(root):
    db = open_db(root)
    save_paper(
        db,
        Paper(id="2210.17323", title="GPTQ", authors=["Elias Frantar"], published="2022-10-31"),
    )
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
            "title": "GPTQ",  # (the note's paper is in the library)
            "year": 2022,
            "n": None,
            "by": "review",
            "note": "reviews/2210.17323-gptq.md",
        }
    ]
    text = runner.invoke(cli, ["cited-by", "2208.07339"], catch_exceptions=False).output
    assert "mentioned in review reviews/2210.17323-gptq.md" in text


def test_cited_by_limit_bounds_the_note_mentions_too(root):
    # --limit 1 listed one citation and every note mention besides, and said nothing of them
    db = open_db(root)
    for pid, title in (("2210.17323", "GPTQ"), ("2306.00978", "AWQ"), ("2402.15319", "GPTVQ")):
        save_paper(db, Paper(id=pid, title=title, published="2023-01-01"))
    store_references(db, "2210.17323", [Reference(n=1, raw="x", arxiv="2208.07339")])
    (root / "reviews").mkdir()
    for pid in ("2306.00978", "2402.15319"):
        (root / "reviews" / f"{pid}.md").write_text(f'---\narxiv: "{pid}"\n---\n[[2208.07339]]\n')
    runner = CliRunner()
    assert runner.invoke(cli, ["review", "sync"]).exit_code == 0
    every = json.loads(runner.invoke(cli, ["cited-by", "2208.07339", "--json"]).output)
    assert [row["by"] for row in every] == ["id", "review", "review"]
    for limit, shown in ((1, 1), (2, 2), (3, 3)):
        result = runner.invoke(cli, ["cited-by", "2208.07339", "--limit", str(limit), "--json"])
        assert json.loads(result.stdout) == every[:shown]
        left = 3 - shown
        assert (f"{left} more citing paper(s) or note mention(s)" in result.stderr) == bool(left)


def test_the_templates_related_list_is_no_mention_until_the_reviewer_writes_there(root):
    db = open_db(root)
    save_paper(db, Paper(id="2210.17323", title="GPTQ", authors=["Elias Frantar"]))
    save_paper(db, Paper(id="2208.07339", title="LLM.int8()", published="2022-08-15"))
    save_paper(db, Paper(id="2306.00978", title="AWQ", published="2023-06-01"))
    cited = [Reference(n=1, raw="LLM.int8()", arxiv="2208.07339")]
    store_references(db, "2210.17323", cited)  # GPTQ cites LLM.int8(), not AWQ
    note = root / "reviews" / "2210.17323-gptq.md"
    note.parent.mkdir()
    front = '---\narxiv: "2210.17323"\n---\n'
    # the template listed LLM.int8(); the reviewer added AWQ there and wrote it in Weaknesses
    related = (
        "## Related papers\n\n- [[2208.07339]] LLM.int8() (2022)\n- [[2306.00978]] AWQ (2023)\n"
    )
    note.write_text(front + "## Weaknesses\n\n- [[2306.00978]] AWQ (2023)\n\n" + related)
    runner = CliRunner()
    assert runner.invoke(cli, ["review", "sync"], catch_exceptions=False).exit_code == 0

    def mentioned() -> set[str]:
        rows = open_db(root).execute("SELECT arxiv_id FROM mentions").fetchall()
        return {row[0] for row in rows}

    # the template's line is the citation graph again: only AWQ, which GPTQ does not cite
    assert mentioned() == {"2306.00978"}
    edited = related.replace("LLM.int8() (2022)", "LLM.int8() (2022): outliers kept in FP16")
    note.write_text(front + "Nothing yet.\n\n" + edited)
    assert runner.invoke(cli, ["review", "sync"], catch_exceptions=False).exit_code == 0
    assert mentioned() == {"2208.07339", "2306.00978"}  # a line the reviewer changed counts
    # the same line outside the section is the reviewer's own
    note.write_text(front + "## Method\n\n- [[2208.07339]] LLM.int8() (2022)\n")
    assert runner.invoke(cli, ["review", "sync"], catch_exceptions=False).exit_code == 0
    assert mentioned() == {"2208.07339"}


def gptq_note_citing_llm_int8(root, monkeypatch):
    """GPTQ and LLM.int8() in the library, GPTQ citing it, and GPTQ's note made from the
    template (its Related papers list LLM.int8()): (a CLI runner, the note's path)."""
    db = open_db(root)
    save_paper(db, Paper(id="2210.17323", title="GPTQ", authors=["Elias Frantar"]))
    save_paper(db, Paper(id="2208.07339", title="LLM.int8()", published="2022-08-15"))
    store_references(db, "2210.17323", [Reference(n=1, raw="LLM.int8()", arxiv="2208.07339")])
    monkeypatch.setenv("EDITOR", "true")
    runner = CliRunner()
    assert runner.invoke(cli, ["review", "open", "2210.17323"]).exit_code == 0
    return runner, next((root / "reviews").glob("2210.17323-*.md"))


def test_the_templates_lines_stay_no_mention_after_a_cited_paper_is_removed(root, monkeypatch):
    # the note is made from the template while LLM.int8() is in the library; the paper is
    # removed, the reviewer writes elsewhere in the note: its untouched line is still the
    # template's, and neither cited-by nor the graph get a review edge from it
    runner, note = gptq_note_citing_llm_int8(root, monkeypatch)
    assert "- [[2208.07339]] LLM.int8() (2022)" in note.read_text()
    assert runner.invoke(cli, ["rm", "2208.07339", "--yes"]).exit_code == 0
    note.write_text(note.read_text() + "\nMy own words.\n")
    moved = note.with_name("2210.17323-renamed.md")
    note.rename(moved)  # (and the note renamed: it is the same note)
    assert runner.invoke(cli, ["review", "sync"], catch_exceptions=False).exit_code == 0
    assert open_db(root).execute("SELECT arxiv_id FROM mentions").fetchall() == []
    result = runner.invoke(cli, ["cited-by", "2208.07339", "--json"], catch_exceptions=False)
    assert [c["by"] for c in json.loads(result.output)] == ["id"]


def test_a_note_with_windows_line_ends_keeps_its_template_lines_no_mentions(root, monkeypatch):
    # (git's core.autocrlf on Windows writes the note back with CRLF)
    runner, note = gptq_note_citing_llm_int8(root, monkeypatch)
    note.write_bytes(note.read_bytes().replace(b"\n", b"\r\n"))
    assert runner.invoke(cli, ["review", "sync"], catch_exceptions=False).exit_code == 0
    assert open_db(root).execute("SELECT arxiv_id FROM mentions").fetchall() == []
    found = runner.invoke(cli, ["search", "Strengths", "--in", "notes"])
    assert found.exit_code == 1  # (a heading of the template: no hit)


def test_a_note_made_on_another_machine_keeps_its_template_lines_no_mentions(
    root, tmp_path, monkeypatch
):
    """A colleague's note, or one pulled into a clone: this library's database never saw the
    template write it, and still tells the template's lines from the reviewer's."""

    def library(folder):
        db = open_db(folder)
        save_paper(db, Paper(id="2210.17323", title="GPTQ", authors=["Elias Frantar"]))
        save_paper(db, Paper(id="2208.07339", title="LLM.int8()", published="2022-08-15"))
        refs = [Reference(n=1, raw="LLM.int8()", arxiv="2208.07339")]
        store_references(db, "2210.17323", refs)
        db.conn.commit()

    library(root)
    monkeypatch.setenv("EDITOR", "true")
    runner = CliRunner()
    assert runner.invoke(cli, ["review", "open", "2210.17323"]).exit_code == 0
    note = next((root / "reviews").glob("2210.17323-*.md"))
    note.write_text(note.read_text() + "\nMy own words on arXiv:2306.00978 outliers.\n")
    clone = tmp_path / "clone"
    library(clone)
    (clone / "reviews").mkdir()
    (clone / "reviews" / note.name).write_text(note.read_text())
    monkeypatch.setenv("PAPERS_ROOT", str(clone))
    assert runner.invoke(cli, ["review", "sync"], catch_exceptions=False).exit_code == 0
    assert runner.invoke(cli, ["search", "Strengths", "--in", "notes"]).exit_code == 1
    assert runner.invoke(cli, ["search", "outliers", "--in", "notes"]).exit_code == 0
    # the reviewer's own line mentions AWQ; the template's list line (LLM.int8()) does not
    mentions = open_db(clone).execute("SELECT arxiv_id FROM mentions").fetchall()
    assert mentions == [("2306.00978",)]


def test_a_note_edited_by_hand_counts_in_cited_by_and_graph_at_once(root):
    """The README promises a note's links in cited-by and graph: a note written in the user's
    own editor, with no review command run since, shows there too."""
    db = open_db(root)
    save_paper(db, Paper(id="2210.17323", title="GPTQ", authors=["Elias Frantar"]))
    save_paper(db, Paper(id="2208.07339", title="LLM.int8()", published="2022-08-15"))
    db.conn.commit()
    note = root / "reviews" / "2210.17323-gptq.md"
    note.parent.mkdir()
    note.write_text('---\narxiv: "2210.17323"\n---\nSee [[2208.07339]].\n')
    runner = CliRunner()
    cited = runner.invoke(cli, ["cited-by", "2208.07339", "--json"], catch_exceptions=False)
    assert [(c["id"], c["by"]) for c in json.loads(cited.output)] == [("2210.17323", "review")]
    drawn = runner.invoke(cli, ["graph", "--format", "json"], catch_exceptions=False).output
    edges = {(e["source"], e["target"], e["kind"]) for e in json.loads(drawn)["edges"]}
    assert ("2210.17323", "2208.07339", "mentions") in edges


def test_the_graph_around_a_paper_holds_the_notes_that_mention_it(root):
    # cited-by lists OmniQuant's note as mentioning GPTQ: the graph around GPTQ draws it too
    db = open_db(root)
    save_paper(db, Paper(id="2210.17323", title="GPTQ"))
    save_paper(db, Paper(id="2308.13137", title="OmniQuant"))
    db.conn.commit()
    note = root / "reviews" / "2308.13137-omniquant.md"
    note.parent.mkdir()
    note.write_text('---\narxiv: "2308.13137"\n---\nBeats [[2210.17323]].\n')
    runner = CliRunner()
    drawn = runner.invoke(cli, ["graph", "2210.17323", "--format", "json"], catch_exceptions=False)
    edges = {(e["source"], e["target"], e["kind"]) for e in json.loads(drawn.output)["edges"]}
    assert edges == {("2308.13137", "2210.17323", "mentions")}


def test_a_note_mentioning_a_paper_brings_only_that_mention_around_it(root):
    # the note on OmniQuant mentions GPTQ and AWQ: around either, the one edge to it, whatever
    # the order the rows come in
    db = open_db(root)
    for paper_id, title in (("2210.17323", "GPTQ"), ("2306.00978", "AWQ"), ("2308.13137", "Omni")):
        save_paper(db, Paper(id=paper_id, title=title))
    db.conn.commit()
    note = root / "reviews" / "2308.13137-omniquant.md"
    note.parent.mkdir()
    note.write_text('---\narxiv: "2308.13137"\n---\n[[2210.17323]] and [[2306.00978]].\n')
    runner = CliRunner()
    for around in ("2210.17323", "2306.00978"):
        drawn = runner.invoke(cli, ["graph", around, "--format", "json"], catch_exceptions=False)
        edges = {(e["source"], e["target"]) for e in json.loads(drawn.stdout)["edges"]}
        assert edges == {("2308.13137", around)}, around


OMNI_NOTE = "2308.13137-omniquant.md"


def library_with_note(root, papers: dict[str, str], name: str, text: str):
    """A library of these papers (id: title) and one note in reviews/: the note's path."""
    db = open_db(root)
    for paper_id, title in papers.items():
        save_paper(db, Paper(id=paper_id, title=title))
    db.conn.commit()
    note = root / "reviews" / name
    note.parent.mkdir(parents=True, exist_ok=True)
    note.write_text(text)
    return note


def synced_mentions(root, sync: bool = True) -> list[str]:
    """The papers the library's notes mention, after a `review sync` (unless sync=False)."""
    if sync:
        result = CliRunner().invoke(cli, ["review", "sync"], catch_exceptions=False)
        assert result.exit_code == 0, result.output
    rows = open_db(root).execute("SELECT arxiv_id FROM mentions ORDER BY arxiv_id").fetchall()
    return [row[0] for row in rows]


def test_wiki_links_by_a_papers_name_or_its_notes_file_name_are_mentions(root):
    """Obsidian links notes by file name, and a reviewer writes [[GPTQ]]: both mention the
    paper; a name two papers share, or none has, mentions nothing."""
    titles = {
        "2210.17323": "GPTQ: Accurate Post-Training Quantization for Generative Transformers",
        "2306.00978": "AWQ: Activation-aware Weight Quantization for LLM Compression",
        "2308.13137": "OmniQuant: Omnidirectionally Calibrated Quantization for LLMs",
        "2402.15319": "GPTVQ: The Blessing of Dimensionality for LLM Quantization",
        "2401.00001": "QuIP: 2-Bit Quantization of Large Language Models",
        "2401.00002": "QuIP: Another Paper Named the Same",
        "2402.04396": "QuIP#: Even Better LLM Quantization with Hadamard Incoherence",
    }
    library_with_note(
        root,
        titles,
        OMNI_NOTE,
        '---\narxiv: "2308.13137"\n---\n'
        "Beats [[GPTQ]] and [[awq|the AWQ paper]]; see [[2402.15319-gptvq-the-blessing#Method]]\n"
        "and [[reviews/2402.15319-gptvq-the-blessing.md]]; [[QuIP]] is two papers, [[LSQ]] none,\n"
        "[[Some other note]] is just a note; [[QuIP#]] is one, and [[GPTQ#Results]] a heading.\n"
        "Unlike [[smoothquant]].\n",
    )
    # a note named as Obsidian users name them, about a paper not in the library
    (root / "reviews" / "SmoothQuant.md").write_text('---\narxiv: "2211.10438"\n---\n')
    assert synced_mentions(root) == [
        "2210.17323",
        "2211.10438",
        "2306.00978",
        "2402.04396",
        "2402.15319",
    ]
    runner = CliRunner()
    cited = runner.invoke(cli, ["cited-by", "GPTQ", "--json"], catch_exceptions=False)
    assert [(c["id"], c["by"]) for c in json.loads(cited.output)] == [("2308.13137", "review")]


def test_sync_names_the_wiki_links_that_link_nothing_once_when_the_note_is_read(root):
    """[[OmniQuant]] written before OmniQuant is added linked nothing, and nothing said so: a
    reviewer took it for a link (a typo the same). Said when the note is read, not at every
    command; links to a paper, a note, an id or an ambiguous name are not dangling."""
    papers = {
        "2210.17323": "GPTQ: Accurate Post-Training Quantization",
        "2401.00001": "QuIP: 2-Bit Quantization of Large Language Models",
        "2401.00002": "QuIP: Another Paper Named the Same",
    }
    note = library_with_note(
        root,
        papers,
        "2306.00978-awq.md",
        '---\narxiv: "2306.00978"\n---\nBeats [[GPTQ]] and [[QuIP]], not [[OmniQuant|Omni]],\n'
        "[[Smoothquant#Results]] or [[Concepts]]; [[2402.15319]] and [[Frantar, arXiv:2211.10438]]"
        ". Again [[OmniQuant]].\n"
        # (an embed, a heading of the note itself, a file: Obsidian's, none a paper's)
        "![[fig1.png]] ![[Concepts]] [[#Summary]] [[slides.pdf]] [[board.canvas#Left]]\n",
    )
    (root / "reviews" / "concepts.md").write_text("# concepts\n")
    runner = CliRunner()
    first = runner.invoke(cli, ["review", "sync"], catch_exceptions=False)
    assert first.exit_code == 0
    lines = [line for line in first.stderr.splitlines() if "links nothing" in line]
    assert len(lines) == 1
    assert lines[0].startswith(
        "warning: reviews/2306.00978-awq.md: [[OmniQuant]], [[Smoothquant#Results]] name no paper "
        "or note"
    )
    # the next command reads no note: nothing said again (review sync, the check, says all)
    again = runner.invoke(cli, ["stats"], catch_exceptions=False)
    assert "links nothing" not in again.stderr
    # the paper added, the note edited: its link counts, nothing dangles
    save_paper(open_db(root), Paper(id="2308.13137", title="OmniQuant: Omnidirectionally"))
    note.write_text(note.read_text().replace("[[Smoothquant#Results]] or ", ""))
    edited = runner.invoke(cli, ["review", "sync"], catch_exceptions=False)
    assert edited.exit_code == 0 and "links nothing" not in edited.stderr
    assert "2308.13137" in synced_mentions(root, sync=False)


def test_a_wiki_link_by_a_papers_initials_is_a_mention_as_show_reads_it(root):
    # `papers show OBC` is Optimal Brain Compression; a note's [[OBC]] mentioned nothing, and
    # said nothing; nor did it once the paper was added after the note
    note = library_with_note(
        root,
        {"1911.07190": "Loss Aware Post-training Quantization"},
        OMNI_NOTE,
        '---\narxiv: "2308.13137"\n---\nAs [[OBC]] and [[LAPQ]] do.\n',
    )
    assert synced_mentions(root) == ["1911.07190"]
    title = "Optimal Brain Compression: A Framework for Accurate Post-Training Quantization"
    db = open_db(root)
    from papers.library import _relink_named_mentions

    with db.conn:
        save_paper(db, Paper(id="2208.11580", title=title))
        _relink_named_mentions(db, [title])  # (as `add` does, in its transaction)
    assert synced_mentions(root, sync=False) == ["1911.07190", "2208.11580"]
    assert note.exists()


def test_a_link_with_folders_names_the_note_of_that_path(root):
    # Obsidian writes [[a/Draft]] when two notes are named Draft: the link mentioned nothing,
    # and said nothing
    papers = {"2106.09685": "LoRA: Low-Rank Adaptation", "2305.14314": "QLoRA: Efficient"}
    library_with_note(root, papers, "a/Draft.md", '---\narxiv: "2106.09685"\n---\nx\n')
    library_with_note(root, papers, "b/Draft.md", '---\narxiv: "2305.14314"\n---\ny\n')
    library_with_note(root, papers, "c/Idea.md", "# an idea, about no paper\n")
    note = library_with_note(
        root,
        papers,
        OMNI_NOTE,
        '---\narxiv: "2308.13137"\n---\n'
        "See [[a/Draft]] and [[reviews/b/Draft.md|q]], [[c/Idea]].\n",
    )
    synced = CliRunner().invoke(cli, ["review", "sync"], catch_exceptions=False)
    assert "links nothing" not in synced.stderr
    assert synced_mentions(root, sync=False) == ["2106.09685", "2305.14314"]
    # a link by a path whose note names no paper is none, not another note's of that name
    (root / "reviews" / "a" / "Draft.md").write_text("# a draft of no paper\n")
    note.write_text(note.read_text().replace(" and [[reviews/b/Draft.md|q]]", ""))
    assert synced_mentions(root) == []  # (b/Draft's QLoRA, by the name alone, was one)
    note.write_text(note.read_text().replace("[[c/Idea]]", "[[d/Nothing]]"))
    said = CliRunner().invoke(cli, ["review", "sync"], catch_exceptions=False).stderr
    assert "[[d/Nothing]] names no paper or note" in said


def test_links_in_code_are_the_codes_not_the_notes(root):
    # a reviewer's pasted pandas `df[["wikitext2_ppl", "c4_ppl"]]` was a dangling link at
    # every edit, and `x = 1 # [[GPTQ]]` in a code block a mention, as was `arXiv:...` in code
    papers = {"2210.17323": "GPTQ: Accurate Post-Training Quantization"}
    library_with_note(
        root,
        papers,
        OMNI_NOTE,
        '---\narxiv: "2308.13137"\n---\nText.\n\n```python\nres = df[["wikitext2_ppl", "c4_ppl"]]\n'
        "x = 1  # [[GPTQ]]\n```\n\n    indented [[2106.09685]]\n\nInline `see arXiv:1712.05877`"
        " and ~~~ none.\nBut [[2402.15319]] counts.\n\n~~~\nfenced [[2208.07339]]\n~~~\n"
        # (a list's indented paragraph and nested item are text, not code: a reviewer lost
        # their links so)
        "- a loose item\n\n    continued: [[2211.10438]]\n\n    - nested arXiv:2004.10568\n",
    )
    synced = CliRunner().invoke(cli, ["review", "sync"], catch_exceptions=False)
    assert "links nothing" not in synced.stderr
    assert synced_mentions(root, sync=False) == ["2004.10568", "2211.10438", "2402.15319"]
    # a library indexed before: its notes with code read again once, their code's links gone
    db = open_db(root)
    with db.conn:
        db.execute(
            "INSERT INTO mentions (review_path, arxiv_id) VALUES (?, '2210.17323')",
            [f"reviews/{OMNI_NOTE}"],
        )
        db.execute("DELETE FROM _sqlite_migrations WHERE name = '016_links_not_in_code'")
    open_db(root).conn.close()  # (opening the library migrates it)
    assert synced_mentions(root) == ["2004.10568", "2211.10438", "2402.15319"]


def test_notes_with_tilde_fences_or_lists_are_read_again_after_the_upgrade(root):
    # migration 016 read again notes with backticks or indented lines, not "~~~" fences;
    # and 016's reading lost a list's indented links (017 reads both again)
    papers = {"2308.13137": "OmniQuant: Omnidirectionally Calibrated"}
    fenced = "---\narxiv: '2308.13137'\n---\n~~~\n[[2210.17323]]\n~~~\n"
    library_with_note(root, papers, OMNI_NOTE, fenced)
    assert synced_mentions(root) == []
    db = open_db(root)
    with db.conn:  # (as 016 left it: the fenced link a mention)
        db.execute(
            "INSERT INTO mentions (review_path, arxiv_id) VALUES (?, '2210.17323')",
            [f"reviews/{OMNI_NOTE}"],
        )
        db.execute("DELETE FROM _sqlite_migrations WHERE name = '017_code_fences_and_lists'")
    open_db(root).conn.close()  # (opening the library migrates it)
    assert synced_mentions(root) == []


def test_a_wiki_link_by_name_follows_the_library_as_papers_are_added_and_removed(
    fake_arxiv, root, corpus
):
    """[[GPTQ]] written before GPTQ is in the library mentions it once `add` brings it, with
    no edit of the note, and no longer once `rm` takes it away (a name means a library paper)."""
    library_with_note(
        root,
        {"2308.13137": "OmniQuant: Omnidirectionally Calibrated"},
        OMNI_NOTE,
        '---\narxiv: "2308.13137"\n---\nBeats [[notes/GPTQ.md#Results|GPTQ]].\n',
    )
    runner = CliRunner()
    assert synced_mentions(root) == []
    assert runner.invoke(cli, ["add", "2210.17323"], catch_exceptions=False).exit_code == 0
    assert synced_mentions(root, sync=False) == ["2210.17323"]
    assert runner.invoke(cli, ["rm", "2210.17323", "--yes"], catch_exceptions=False).exit_code == 0
    assert synced_mentions(root, sync=False) == []


def test_notes_with_wiki_links_are_read_again_after_the_upgrade(root):
    papers = {
        "2210.17323": "GPTQ: Accurate Post-Training Quantization",
        "2308.13137": "OmniQuant: Omnidirectionally Calibrated",
    }
    library_with_note(root, papers, OMNI_NOTE, '---\narxiv: "2308.13137"\n---\nBeats [[GPTQ]].\n')
    assert synced_mentions(root) == ["2210.17323"]
    # as the last release indexed it: no mention, and the migration not yet run
    db = open_db(root)
    with db.conn:
        db.execute("DELETE FROM mentions")
        db.execute("DELETE FROM _sqlite_migrations WHERE name = '010_wiki_links_by_name'")
    open_db(root).conn.close()  # (opening the library migrates it)
    assert synced_mentions(root) == ["2210.17323"]


def test_notes_naming_an_id_with_a_digit_too_many_are_read_again_after_the_upgrade(root):
    papers = {"2106.09685": "LoRA: Low-Rank Adaptation of Large Language Models"}
    note = '---\narxiv: "2308.13137"\n---\nA typo: arXiv:2106.096851.\n'
    library_with_note(root, papers, OMNI_NOTE, note)
    assert synced_mentions(root) == []
    # as the last release indexed it: the typo a mention of LoRA, the migration not yet run
    db = open_db(root)
    with db.conn:
        db.execute(
            "INSERT INTO mentions (review_path, arxiv_id) VALUES (?, '2106.09685')",
            [f"reviews/{OMNI_NOTE}"],
        )
        db.execute("DELETE FROM _sqlite_migrations WHERE name = '011_no_digit_after_an_id'")
    assert synced_mentions(root, sync=False) == ["2106.09685"]
    open_db(root).conn.close()  # (opening the library migrates it)
    assert synced_mentions(root) == []


def test_a_wiki_link_by_name_follows_a_paper_renamed_by_arxiv(fake_arxiv, root, corpus):
    """A paper first titled from its PDF's stamp page ("Preprint. Under review.") gets its
    arXiv title from `add` later: [[AWQ]] means it from then on, with no edit of the note."""
    db = open_db(root)
    save_paper(db, Paper(id="2306.00978", version=1, title="Preprint. Under review.", source="pdf"))
    db.conn.commit()
    library_with_note(
        root, {}, "2210.17323-gptq.md", '---\narxiv: "2210.17323"\n---\nSee [[AWQ]].\n'
    )
    assert synced_mentions(root) == []
    other = root / "reviews" / "2308.13137-omni.md"  # (a link by the title it had)
    other.write_text('---\narxiv: "2308.13137"\n---\nSee [[Preprint. Under review.]]\n')
    assert synced_mentions(root) == ["2306.00978"]
    runner = CliRunner()
    added = runner.invoke(cli, ["add", "--no-pdf", "2306.00978"], catch_exceptions=False)
    assert "arXiv metadata added" in added.stderr + added.stdout
    rows = open_db(root).execute("SELECT review_path FROM mentions").fetchall()
    assert [row[0] for row in rows] == ["reviews/2210.17323-gptq.md"]  # (not the old title's)


def test_a_link_to_a_note_by_its_name_follows_the_note(root):
    """[[SmoothQuant]] written before reviews/SmoothQuant.md exists mentions its paper once
    the note is made, and no longer once it is deleted, with no edit of the linking note."""
    note = library_with_note(
        root,
        {"2308.13137": "OmniQuant: Omnidirectionally Calibrated"},
        OMNI_NOTE,
        '---\narxiv: "2308.13137"\n---\nUnlike [[SmoothQuant]].\n',
    )
    notes = note.parent
    mentioned = partial(synced_mentions, root)
    assert mentioned() == []
    (notes / "SmoothQuant.md").write_text('---\narxiv: "2211.10438"\n---\n')
    assert mentioned() == ["2211.10438"]
    (notes / "SmoothQuant.md").write_text('---\narxiv: "2211.10439"\n---\n')  # (a typo fixed)
    assert mentioned() == ["2211.10439"]
    (notes / "SmoothQuant.md").unlink()
    assert mentioned() == []
    (notes / "SmoothQuant.md").write_text('---\narxiv: "2211.10439"\n---\n')  # (back again)
    assert mentioned() == ["2211.10439"]


def test_a_note_of_that_name_is_the_links_page_even_when_it_names_no_paper(root):
    """As in Obsidian, [[LoRA]] is the concept note reviews/LoRA.md, not the library paper
    named LoRA; once that note names a paper (front matter added later), it mentions that."""
    papers = {
        "2305.14314": "QLoRA: Efficient Finetuning of Quantized LLMs",
        "2106.09685": "LoRA: Low-Rank Adaptation of Large Language",
    }
    note = library_with_note(
        root, papers, "2305.14314-qlora.md", '---\narxiv: "2305.14314"\n---\nBuilt on [[LoRA]].\n'
    )
    (note.parent / "LoRA.md").write_text("# Low-rank adapters, my notes\n")
    assert synced_mentions(root) == []
    (note.parent / "LoRA.md").write_text('---\narxiv: "2106.09685"\n---\n# Low-rank adapters\n')
    assert synced_mentions(root) == ["2106.09685"]


def test_a_command_interrupted_after_it_changed_the_library_leaves_the_links_right(
    fake_arxiv, root, corpus, monkeypatch
):
    """The [[name]] links follow a paper in the transaction that adds or removes it: a Ctrl-C
    just after (while add links references, while rm deletes the PDF) leaves no mention that
    a fresh sync would not make, and none missing (nothing would read the note again)."""
    from papers import library, resolve

    library_with_note(root, {}, "topic.md", "# reading list\n\nStart with [[GPTQ]].\n")
    assert synced_mentions(root) == []
    runner = CliRunner()
    with monkeypatch.context() as patched:
        patched.setattr(resolve, "link_library_papers", _interrupt)
        runner.invoke(cli, ["add", "--no-pdf", "2210.17323"])
    assert synced_mentions(root) == ["2210.17323"]  # (the note unchanged: not read again)
    assert runner.invoke(cli, ["add", "2210.17323"], catch_exceptions=False).exit_code == 0
    pdf = root / "papers" / "2210.17323v2.pdf"
    assert pdf.exists()
    unlink, pressed = library._unlink, []

    def interrupted_once(*args):  # (a Ctrl-C as the PDF is deleted)
        if not pressed:
            pressed.append(True)
            raise KeyboardInterrupt
        unlink(*args)

    with monkeypatch.context() as patched:
        patched.setattr(library, "_unlink", interrupted_once)
        stopped = runner.invoke(cli, ["rm", "2210.17323", "--yes"])
    assert stopped.exit_code == 130
    assert synced_mentions(root) == []
    assert not pdf.exists()  # (the paper gone, its PDF is too: it is out of rm's reach after)


def _interrupt(*args, **kwargs):
    raise KeyboardInterrupt


def test_a_link_to_a_note_whose_file_name_is_decomposed_counts(root):
    """macOS (and some zip or rsync copies) write file names decomposed ("e" + accent): a
    [[Résumé-GPTQ]] link, typed either way, means that note all the same."""
    import unicodedata

    stem = unicodedata.normalize("NFD", "Résumé-GPTQ")
    papers = {"2210.17323": "GPTQ: Accurate Post-Training Quantization"}
    library_with_note(root, papers, f"{stem}.md", '---\narxiv: "2210.17323"\n---\nx\n')
    for typed in ("NFC", "NFD"):
        link = unicodedata.normalize(typed, "Résumé-GPTQ")
        (root / "reviews" / OMNI_NOTE).write_text(
            f'---\narxiv: "2308.13137"\n---\nSee [[{link}]] ({typed}).\n'
        )
        assert synced_mentions(root) == ["2210.17323"], typed


def test_a_paper_named_with_its_accents_decomposed_is_found(root):
    """A name typed decomposed (as some terminals and file names give accents) is the
    paper's name all the same."""
    import unicodedata

    db = open_db(root)
    save_paper(db, Paper(id="2401.00001", title="Résumé: quantizing with accents"))
    db.conn.commit()
    typed = unicodedata.normalize("NFD", "Résumé")
    result = CliRunner().invoke(cli, ["show", typed, "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["id"] == "2401.00001"


def test_refs_show_the_labels_a_paper_cites_by(root):
    """SpQR cites "[FAHA22]": its reference list's labels, which the reader sees in the text,
    were stored and never shown, so "[FAHA22]" was found by counting down the list."""
    db = open_db(root)
    save_paper(db, Paper(id="2306.03078", title="SpQR"))
    save_paper(db, Paper(id="2210.17323", title="GPTQ"))
    labelled = [
        Reference(n=1, raw="Brown et al.", title="Language models", marker="[BMR+20]"),
        Reference(n=2, raw="Frantar et al.", title="Gptq", arxiv="2210.17323", marker="[FAHA22]"),
    ]
    store_references(db, "2306.03078", labelled)
    store_references(db, "2210.17323", [Reference(n=1, raw="Alistarh", title="QSGD", marker="[1]")])
    run = partial(CliRunner().invoke, cli, catch_exceptions=False)
    text = run(["refs", "2306.03078", "--offline"]).stdout.splitlines()
    assert text[0].split()[:3] == ["n", "marker", "status"]
    assert text[3].split()[:3] == ["2", "[FAHA22]", "library"]
    data = json.loads(run(["refs", "2306.03078", "--offline", "--json"]).stdout)
    assert [ref["marker"] for ref in data] == ["[BMR+20]", "[FAHA22]"]
    # (a numbered list: its markers are the numbers the n column shows)
    numbered = run(["refs", "2210.17323", "--offline"]).stdout.splitlines()
    assert numbered[0].split()[:2] == ["n", "status"]
    assert (
        json.loads(run(["refs", "2210.17323", "--offline", "--json"]).stdout)[0]["marker"] == "[1]"
    )


def test_markdown_links_to_a_notes_file_are_mentions(root):
    """Editors with wiki links off (VS Code, Obsidian's setting) link notes as markdown:
    "[GPTQ](2210.17323-gptq.md)" mentions GPTQ as [[2210.17323-gptq]] does; a URL to some
    other site's .md file, an image and a link to a heading of the note itself do not."""
    papers = {
        "2210.17323": "GPTQ: Accurate Post-Training Quantization",
        "2306.00978": "AWQ: Activation-aware Weight Quantization",
        "2402.15319": "GPTVQ: The Blessing of Dimensionality",
        "2308.13137": "OmniQuant: Omnidirectionally Calibrated",
    }
    library_with_note(
        root,
        papers,
        OMNI_NOTE,
        '---\narxiv: "2308.13137"\n---\n'
        "Beats [GPTQ [1]](2210.17323-gptq-accurate.md) and [AWQ](<./awq notes.md#Results>);\n"
        '[the VQ one](../reviews/My%20GPTVQ%20note.md "GPTVQ"). Not [x](https://e.org/2402.04396-a.md),\n'
        "![fig](2306.00978-fig.png), [up](#summary) or `[code](2401.00001-x.md)`.\n",
    )
    (root / "reviews" / "awq notes.md").write_text('---\narxiv: "2306.00978"\n---\n')
    (root / "reviews" / "My GPTVQ note.md").write_text('---\narxiv: "2402.15319"\n---\n')
    assert synced_mentions(root) == ["2210.17323", "2306.00978", "2402.15319"]


def test_a_markdown_link_to_a_note_follows_the_note(root):
    # as [[SmoothQuant]] does (see above): the note made later, with no edit of the linking one
    note = library_with_note(
        root,
        {"2308.13137": "OmniQuant: Omnidirectionally Calibrated"},
        OMNI_NOTE,
        '---\narxiv: "2308.13137"\n---\nUnlike [SQ](SmoothQuant.md).\n',
    )
    assert synced_mentions(root) == []
    (note.parent / "SmoothQuant.md").write_text('---\narxiv: "2211.10438"\n---\n')
    assert synced_mentions(root) == ["2211.10438"]
    (note.parent / "SmoothQuant.md").unlink()
    assert synced_mentions(root) == []


def test_links_in_the_front_matter_are_mentions_and_dangling_ones_are_said(root):
    """Obsidian's properties link papers ("related: ['[[GPTQ]]']") and its graph counts them;
    the note's own arxiv: is no mention of itself, and a property naming no paper is said."""
    papers = {
        "2210.17323": "GPTQ: Accurate Post-Training Quantization",
        "2308.13137": "OmniQuant: Omnidirectionally Calibrated",
    }
    library_with_note(
        root,
        papers,
        OMNI_NOTE,
        '---\narxiv: "2308.13137"\nurl: https://arxiv.org/abs/2308.13137\n'
        'related:\n  - "[[GPTQ]]"\n  - "arXiv:2306.00978"\n  - "[[OmniQuantt]]"\n---\nBody.\n',
    )
    result = CliRunner().invoke(cli, ["review", "sync"], catch_exceptions=False)
    assert result.exit_code == 0
    assert "[[OmniQuantt]] names no paper" in result.stderr
    assert synced_mentions(root, sync=False) == ["2210.17323", "2306.00978"]


def test_notes_with_markdown_or_front_matter_links_are_read_again_after_the_upgrade(root):
    papers = {"2210.17323": "GPTQ: Accurate Post-Training Quantization"}
    note = '---\narxiv: "2308.13137"\nrelated: "[[GPTQ]]"\n---\nSee [it](2402.15319-gptvq.md).\n'
    library_with_note(root, papers, OMNI_NOTE, note)
    assert synced_mentions(root) == ["2210.17323", "2402.15319"]
    db = open_db(root)
    with db.conn:  # (as the last release indexed it: neither link a mention)
        db.execute("DELETE FROM mentions")
        db.execute(
            "DELETE FROM _sqlite_migrations WHERE name = '018_markdown_and_front_matter_links'"
        )
    open_db(root).conn.close()  # (opening the library migrates it)
    assert synced_mentions(root) == ["2210.17323", "2402.15319"]


BIT_SPLIT = "local:f147c64b8638"  # (bit_split.pdf of the corpus, which has no arXiv stamp)
BIT_SPLIT_TITLE = "Towards Accurate Post-training Network Quantization via Bit-Split and Stitching"


def gptq_citing_a_local_paper(root):
    """GPTQ, and a local paper (no arXiv id) that GPTQ's bibliography cites."""
    db = open_db(root)
    save_paper(db, Paper(id="2210.17323", title="GPTQ: Accurate Post-Training Quantization"))
    save_paper(db, Paper(id=BIT_SPLIT, title=BIT_SPLIT_TITLE, authors=["Peisong Wang"]))
    cited = Reference(n=1, raw=f"Wang. {BIT_SPLIT_TITLE}. 2020.", title=BIT_SPLIT_TITLE)
    store_references(db, "2210.17323", [cited])
    link_library_papers(db)
    db.conn.commit()


def test_the_templates_link_to_a_local_paper_is_one_it_reads(root, tmp_path, monkeypatch):
    # review open wrote "- [[local:f147c64b8638]] Towards ..." in Related papers, then warned
    # that the link named no paper of the library; and on every sync that read the note
    gptq_citing_a_local_paper(root)
    script = tmp_path / "editor.py"
    script.write_text("import sys\nopen(sys.argv[-1], 'a').write('My own words.\\n')\n")
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    runner = CliRunner()
    opened = runner.invoke(cli, ["review", "open", "GPTQ"], catch_exceptions=False)
    assert opened.exit_code == 0, opened.output
    note = next((root / "reviews").glob("2210.17323-*.md"))
    assert f"- [[{BIT_SPLIT}]] {BIT_SPLIT_TITLE}" in note.read_text()
    assert "links nothing" not in opened.stderr
    note.write_text(note.read_text() + "More.\n")
    synced = runner.invoke(cli, ["review", "sync"], catch_exceptions=False)
    assert synced.exit_code == 0 and "links nothing" not in synced.stderr
    assert synced_mentions(root, sync=False) == []  # (the template's line: the graph's already)


def test_a_wiki_link_by_a_local_id_or_its_start_is_a_mention(root):
    """[[local:f147c64b8638]] and [[local:f147]] name a local paper as `papers show` takes
    them; a local id the library lacks links nothing yet, said (no fetch can add it), and
    counts once its PDF is added, as an arXiv id's link does."""
    gptq_citing_a_local_paper(root)
    db = open_db(root)
    save_paper(db, Paper(id="local:84fd4cab5596", title="I-BERT: Integer-only BERT Quantization"))
    save_paper(db, Paper(id="local:84fd0000aaaa", title="Another local paper"))
    db.conn.commit()
    note = root / "reviews" / OMNI_NOTE
    note.parent.mkdir()
    note.write_text(
        '---\narxiv: "2308.13137"\n---\nAs [[local:f147c64b8638|Bit-Split]] does.\n', "utf-8"
    )
    runner = CliRunner()
    first = runner.invoke(cli, ["review", "sync"], catch_exceptions=False)
    assert first.exit_code == 0 and "links nothing" not in first.stderr
    assert synced_mentions(root, sync=False) == [BIT_SPLIT]
    cited = runner.invoke(cli, ["cited-by", BIT_SPLIT, "--json"], catch_exceptions=False)
    assert [(c["id"], c["by"]) for c in json.loads(cited.stdout)] == [
        ("2210.17323", "title"),  # (its bibliography, linked by title)
        ("2308.13137", "review"),
    ]
    # its start (any case), one the library has two papers of, and ids of no library paper
    note.write_text(
        '---\narxiv: "2308.13137"\n---\nAs [[LOCAL:F147C6]] does; [[local:84fd]] is two, '
        "[[local:abcd]] none, [[local:0123456789ab]] not added yet.\n",
        "utf-8",
    )
    second = runner.invoke(cli, ["review", "sync"], catch_exceptions=False)
    assert second.exit_code == 0
    assert "[[local:abcd]], [[local:0123456789ab]] name no paper or note" in second.stderr
    # (no id brings a local paper: its PDF does)
    assert "('papers add FILE.pdf' adds the local paper, and the link counts" in second.stderr
    assert synced_mentions(root, sync=False) == ["local:0123456789ab", BIT_SPLIT]


def test_a_wiki_link_by_a_local_ids_start_follows_the_library(root, corpus):
    """[[local:f147]] written before the paper is added mentions it once `add` brings its PDF,
    with no edit of the note, and no longer once `rm` takes it away (as a [[name]] does)."""
    omni = {"2308.13137": "OmniQuant: Omnidirectionally Calibrated"}
    library_with_note(root, omni, OMNI_NOTE, '---\narxiv: "2308.13137"\n---\nAs [[local:f147]].\n')
    runner = CliRunner()
    assert synced_mentions(root) == []
    pdf = str(corpus / "nostamp" / "bit_split.pdf")
    assert runner.invoke(cli, ["add", pdf], catch_exceptions=False).exit_code == 0
    assert synced_mentions(root, sync=False) == [BIT_SPLIT]
    assert runner.invoke(cli, ["rm", BIT_SPLIT, "--yes"], catch_exceptions=False).exit_code == 0
    assert synced_mentions(root, sync=False) == []


def test_notes_with_local_id_links_are_read_again_after_the_upgrade(root):
    library_with_note(
        root,
        {BIT_SPLIT: BIT_SPLIT_TITLE},
        OMNI_NOTE,
        '---\narxiv: "2308.13137"\n---\nAs [[Local:F147C64B8638]] does.\n',
    )
    assert synced_mentions(root) == [BIT_SPLIT]
    db = open_db(root)
    with db.conn:  # (as the last release indexed it: no mention)
        db.execute("DELETE FROM mentions")
        db.execute("DELETE FROM _sqlite_migrations WHERE name = '019_local_id_links'")
    open_db(root).conn.close()  # (opening the library migrates it)
    assert synced_mentions(root) == [BIT_SPLIT]
