"""Issue 4 end to end: the real `papers` CLI against the fake arXiv preloaded with the corpus.

Resolve (request budget, cache, --refresh), listing fields and filters, manual links across
`papers extract`, the crawl (breadth-first, clean stdout, resume after the network dies),
cited-by, next, graph, and the bad inputs the issue names. Every count is read from the fake's
request log.
"""

from __future__ import annotations

import json
import math
import re
import shutil
import sqlite3
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import pymupdf
import pytest
from click.testing import CliRunner

from papers import config
from papers.cli import cli
from papers.db import open_db
from papers.resolve import title_query, title_similarity

GPTQ, OBC, INT8, FLASH = "2210.17323", "2208.11580", "2208.07339", "2205.14135"
BRECQ, LAPQ, NUQMM, ZEROQUANT = "2102.05426", "1911.07190", "2206.09557", "2206.01861"
# What GPTQ cites that the fake arXiv (the corpus) holds: five printed ids, two by title.
GPTQ_ON_ARXIV = {FLASH, INT8, OBC, NUQMM, ZEROQUANT, BRECQ, LAPQ}
AWQ = "2306.00978"
ATTENTION = "1706.03762"
JSON_FIELDS = {
    "n",
    "raw",
    "marker",  # as printed: "[12]", "[FAHA22]", or null
    "authors",
    "et_al",
    "title",
    "year",
    "venue",
    "arxiv",
    "doi",
    "url",
    "status",
    "resolved",
    "confirmed",  # false where the table shows "ID?"; null where it stands for no id
    "method",
    "confidence",
    "candidates",  # listed for unresolved references (bad input: two equally good matches)
}


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def refs_json(*args: str) -> list[dict]:
    result = run("refs", *args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def by_title(data: list[dict], words: str) -> dict:
    [found] = [d for d in data if d["title"] and words.lower() in d["title"].lower()]
    return found


def snapshot(root: Path) -> dict:
    """What a crawl leaves in a library: papers, PDFs, references, links, the queue."""
    db = open_db(root, create=False)
    return {
        "papers": sorted((r["id"], r["pdf"]) for r in db.query("SELECT id, pdf FROM papers")),
        "refs": sorted((r["paper_id"], r["n"], r["key"]) for r in db.query("SELECT * FROM refs")),
        "links": sorted(
            (r["paper_id"], r["key"], r["resolved"], r["method"])
            for r in db.query("SELECT * FROM ref_links")
        ),
        "queue": sorted(
            (r["arxiv_id"], r["depth"], r["status"]) for r in db.query("SELECT * FROM crawl_queue")
        ),
        "pdfs": sorted(p.name for p in (root / "papers").glob("*.pdf")),
    }


# -- resolving: request budget and cache ---------------------------------------------------------


def test_resolving_a_corpus_paper_stays_within_the_request_budget(fake_arxiv, corpus):
    assert run("add", GPTQ).exit_code == 0
    fake_arxiv.log.clear()
    data = refs_json(GPTQ)

    printed = {d["arxiv"] for d in data if d["arxiv"]}
    assert len(printed) == 15
    # One batched id_list request (ceil(15/100)) holding exactly the printed ids.
    assert len(fake_arxiv.id_list_requests) == math.ceil(len(printed) / 100) == 1
    assert set(fake_arxiv.id_list_requests[0]) == printed
    confirmed = [d for d in data if d["method"] == "printed"]
    assert {d["resolved"] for d in confirmed} == {FLASH, INT8, OBC, NUQMM, ZEROQUANT}
    assert all(d["confidence"] == 1.0 and d["status"] == "arxiv" for d in confirmed)
    # Searches: only for references not confirmed by their printed id, each query once.
    by_title_route = [d for d in data if d["method"] != "printed"]
    searches = fake_arxiv.search_requests
    assert len(searches) == len(set(searches)) <= len(by_title_route)
    assert set(searches) == {title_query(d["title"]) for d in by_title_route} - {None}
    assert not {title_query(d["title"]) for d in confirmed} & set(searches)
    titled = {d["resolved"]: d for d in data if d["method"] == "title"}
    assert set(titled) == {BRECQ, LAPQ}
    assert all(d["status"] == "arxiv" and d["confidence"] >= 0.88 for d in titled.values())
    assert len(fake_arxiv.requests) == 1 + len(searches)

    # The second time, and every read-only command, costs nothing.
    fake_arxiv.log.clear()
    assert refs_json(GPTQ) == data
    for args in (["refs", GPTQ], ["next"], ["cited-by", OBC], ["graph"], ["refs", "--missing"]):
        assert run(*args).exit_code == 0, args
    assert fake_arxiv.count() == 0

    # --refresh asks again: the same single batch and the same searches, nothing twice.
    assert refs_json(GPTQ, "--refresh") == data
    assert len(fake_arxiv.id_list_requests) == 1
    assert sorted(fake_arxiv.search_requests) == sorted(searches)


def die_after(fake, monkeypatch, requests: int) -> None:
    """From the given number of requests on, every request fails with HTTP 503."""
    handle = fake._handle
    armed = []

    def dying(handler):
        if len(fake.log) == requests and not armed:
            armed.append(True)
            fake.fail(503, times=None, path_prefix="")
        handle(handler)

    monkeypatch.setattr(fake, "_handle", dying)


def test_resolving_keeps_what_was_found_when_the_network_dies(
    fake_arxiv, corpus, root, monkeypatch
):
    assert run("add", GPTQ).exit_code == 0
    fake_arxiv.log.clear()
    die_after(fake_arxiv, monkeypatch, 1 + 9)  # the id batch and nine searches get through
    result = run("refs", GPTQ)
    assert result.exit_code == 1  # (the answer is partial: a script can tell)
    assert "503" in result.stderr and "the links shown are those found so far" in result.stderr
    first = set(fake_arxiv.search_requests[:9])
    db = open_db(root, create=False)
    linked = db.execute("SELECT count(*) FROM ref_links WHERE paper_id = ?", [GPTQ]).fetchone()[0]
    assert 9 <= linked < 35  # the confirmed printed ids and the nine searched references
    pending = [d for d in refs_json(GPTQ, "--offline") if d["method"] is None]
    assert len(pending) == 35 - linked  # not looked up yet: nothing claims they were checked
    assert all(d["confidence"] is None and d["resolved"] == d["arxiv"] for d in pending)
    printed = sum(1 for d in pending if d["arxiv"])
    assert printed > 0
    shown = run("refs", GPTQ, "--offline")
    assert f"{printed} reference(s) are shown at the arXiv id they print, not checked" in (
        shown.stderr
    )

    fake_arxiv.reset()
    fake_arxiv.log.clear()
    data = refs_json(GPTQ)
    assert fake_arxiv.id_list_requests == []  # cached
    second = fake_arxiv.search_requests
    assert not first & set(second) and len(first) + len(second) == 30
    assert {d["resolved"] for d in data if d["method"] == "title"} == {BRECQ, LAPQ}
    assert "not checked with arXiv yet" not in run("refs", GPTQ).stderr  # (all checked now)


def test_listing_fields_filters_and_the_latest_paper(fake_arxiv, corpus):
    assert run("add", GPTQ).exit_code == 0
    assert run("add", OBC).exit_code == 0
    # Without an ID: the most recently added paper (OBC).
    latest = refs_json()
    assert latest == refs_json(OBC) and latest
    data = refs_json(GPTQ)
    for d in data:
        assert set(d) == JSON_FIELDS
        assert d["status"] in {"library", "arxiv", "unresolved"}
        assert d["method"] in {"printed", "title", "manual", "none"}
        assert (d["resolved"] is None) == (d["status"] == "unresolved")
        # (all looked up: a link is confirmed; an unresolved one printing an id arXiv did not
        # confirm is "ID?", one printing none stands for no id)
        unresolved = None if not d["arxiv"] else False
        assert d["confirmed"] is (unresolved if d["status"] == "unresolved" else True)
        assert d["confidence"] is None or 0 < d["confidence"] <= 1
        assert isinstance(d["authors"], list) and isinstance(d["et_al"], bool)
    assert by_title(data, "Optimal brain compression")["status"] == "library"
    missing = refs_json(GPTQ, "--missing")
    unresolved = refs_json("--unresolved", GPTQ)
    assert {d["resolved"] for d in missing} == GPTQ_ON_ARXIV - {OBC}
    assert all(d["status"] == "arxiv" for d in missing)
    assert all(d["status"] == "unresolved" for d in unresolved)
    library = [d for d in data if d["status"] == "library"]
    assert len(missing) + len(unresolved) + len(library) == len(data) == 35

    table = run("refs", GPTQ)
    assert table.exit_code == 0
    lines = table.stdout.splitlines()
    assert lines[0].split()[:4] == ["n", "status", "resolved", "year"]
    row = next(line for line in lines if line.split()[0] == str(by_title(data, "BRECQ")["n"]))
    assert row.split()[1:5] == ["arxiv", BRECQ, "2021", "Li"]
    # the column and the JSON field of the same name hold the same ids (`| jq -r .resolved`)
    shown = [line.split()[2] for line in run("refs", GPTQ, "--missing").stdout.splitlines()[2:]]
    assert shown == [d["resolved"] for d in missing]


def test_manual_link_and_unlink_survive_re_extraction(fake_arxiv, corpus):
    assert run("add", GPTQ).exit_code == 0
    data = refs_json(GPTQ)
    attention = by_title(data, "Attention is all you need")
    flash = by_title(data, "FlashAttention")
    assert attention["status"] == "unresolved" and flash["resolved"] == FLASH
    fake_arxiv.add(ATTENTION, 7, "Attention Is All You Need", ["Ashish Vaswani"])

    assert run("refs", "link", GPTQ, str(attention["n"]), ATTENTION).exit_code == 0
    assert run("refs", "unlink", GPTQ, str(flash["n"])).exit_code == 0
    extracted = run("extract", GPTQ)
    assert extracted.exit_code == 0 and "35 references" in extracted.stderr
    for args in ((GPTQ,), (GPTQ, "--refresh")):
        after = refs_json(*args)
        linked, unlinked = by_title(after, "Attention is all"), by_title(after, "FlashAttention")
        assert (linked["resolved"], linked["method"], linked["status"]) == (
            ATTENTION,
            "manual",
            "arxiv",
        )
        assert (unlinked["resolved"], unlinked["method"], unlinked["status"]) == (
            None,
            "manual",
            "unresolved",
        )
    # --reset hands the reference back to the automatic resolution.
    assert run("refs", "unlink", GPTQ, str(flash["n"]), "--reset").exit_code == 0
    assert by_title(refs_json(GPTQ), "FlashAttention")["method"] == "printed"


# -- bad input: ambiguous titles, ids that do not exist, duplicates -------------------------------

TWIN = "Twin towers of quantized sprockets for tiny devices"


def citing_pdf(title: str, entries: list[tuple[str, str]]) -> bytes:
    """A one-page paper whose numbered reference list holds these two-line entries."""
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 72), title, fontsize=14)
    page.insert_text((72, 110), "We build on prior work [1, 2].", fontsize=10)
    y = 150.0
    page.insert_text((72, y), "References", fontsize=12)
    for i, (first, second) in enumerate(entries, 1):
        page.insert_text((72, y + 20), f"[{i}] {first}", fontsize=9)
        page.insert_text((90, y + 32), second, fontsize=9)
        y += 30
    data = doc.tobytes()
    doc.close()
    return data


@pytest.fixture
def tricky(fake_arxiv, corpus):
    """2302.00001 cites: a title two arXiv papers share, an id arXiv does not have, OBC
    without its id, the same arXiv-less title twice, and LLM.int8() by its printed id."""
    for arxiv_id, day in (("2301.11111", "05"), ("2301.22222", "09")):
        fake_arxiv.add(arxiv_id, 1, TWIN, ["Ann Author"], published=f"2023-01-{day}T00:00:00Z")
    entries = [
        (f"Ann Author and Bob Writer. {TWIN}.", "In ICML, 2023."),
        (
            "Carl Coder. A paper that nobody ever wrote down.",
            "arXiv preprint arXiv:2301.99999, 2023.",
        ),
        (
            "Elias Frantar and Dan Alistarh. Optimal brain compression: A framework for",
            "accurate post-training quantization and pruning. In NeurIPS, 2022.",
        ),
        ("Ashish Vaswani and Noam Shazeer. Attention is all you need.", "In NeurIPS, 2017."),
        ("Ashish Vaswani and Noam Shazeer. Attention is all you need.", "arXiv preprint, 2017."),
        (
            "Tim Dettmers and Mike Lewis. LLM.int8(): 8-bit matrix multiplication for",
            "transformers at scale. arXiv preprint arXiv:2208.07339, 2022.",
        ),
    ]
    sprocket_paper_citing(fake_arxiv, entries)
    fake_arxiv.log.clear()
    return fake_arxiv


def sprocket_paper_citing(fake_arxiv, entries: list[tuple[str, str]]) -> None:
    """2302.00001, "Sprocket quantization", on arXiv and in the library, its PDF's reference
    list these entries (each two printed lines)."""
    pdf = citing_pdf("Sprocket quantization", entries)
    fake_arxiv.add("2302.00001", 1, "Sprocket quantization", ["Zed Zulu"], pdf=pdf)
    assert run("add", "2302.00001").exit_code == 0


def test_ambiguous_and_unknown_references_stay_unresolved_with_candidates(tricky):
    result = run("refs")
    assert result.exit_code == 0
    # (without ID: the table does not name its paper, so stderr does)
    assert result.stderr.splitlines()[0] == (
        "references of 2302.00001 (Sprocket quantization), the most recently added paper"
    )
    assert "the most recently added" not in run("refs", "2302.00001").stderr
    data = refs_json()
    assert [d["n"] for d in data] == [1, 2, 3, 4, 5, 6]
    twin, ghost, obc, att1, att2, int8 = data
    # Two arXiv papers match equally well: no link, both candidates recorded and shown.
    assert (twin["status"], twin["resolved"], twin["method"]) == ("unresolved", None, "none")
    assert {c["arxiv"] for c in twin["candidates"]} == {"2301.11111", "2301.22222"}
    row = next(line for line in result.stdout.splitlines() if line.startswith("1 "))
    assert "2 candidates" in row
    assert "papers refs 2302.00001 --unresolved" in result.stderr
    listing = run("refs", "--unresolved").stdout
    assert "[1] candidate 2301.11111 (2023)" in listing
    assert "[1] candidate 2301.22222 (2023)" in listing
    # A printed id arXiv does not have: unresolved, with the reason; its title was searched.
    assert (ghost["arxiv"], ghost["status"], ghost["resolved"]) == (
        "2301.99999",
        "unresolved",
        None,
    )
    assert ghost["candidates"] == [{"arxiv": "2301.99999", "note": "printed id not found on arXiv"}]
    assert "[2] 2301.99999: printed id not found on arXiv" in listing  # (no candidate)
    # the listing shows the id it prints, marked as not confirmed, and says where to look
    row = next(line for line in result.stdout.splitlines() if line.startswith("2 "))
    assert row.split()[1:3] == ["unresolved", "2301.99999?"]
    assert "1 unresolved reference(s) have arXiv candidates" in result.stderr  # (the twin)
    assert "1 reference(s) print an id arXiv did not confirm" in result.stderr
    assert (obc["resolved"], obc["method"]) == (OBC, "title")
    assert (int8["resolved"], int8["method"]) == (INT8, "printed")
    assert att1["status"] == att2["status"] == "unresolved"
    # one that prints no id and that a title search did not find is said so (it was blank)
    assert "[4] no arXiv id printed, and a title search found no paper alike" in listing
    assert "[5] no arXiv id printed, and a title search found no paper alike" in listing
    said = run("refs", "--unresolved").stderr
    assert "3 reference(s) found nowhere on arXiv: 'papers refs link 2302.00001 N ID'" in said

    # Budget: one id_list for the two printed ids, one search per distinct title (the two
    # "Attention" entries share one; LLM.int8()'s confirmed id needs none).
    assert [sorted(ids) for ids in tricky.id_list_requests] == [["2208.07339", "2301.99999"]]
    assert len(tricky.search_requests) == len(set(tricky.search_requests)) == 4
    tricky.log.clear()
    assert refs_json("--refresh") == data
    assert len(tricky.search_requests) == 4 and len(tricky.id_list_requests) == 1
    assert run("refs", "unlink", "2302.00001", "4").exit_code == 0
    assert "[4] unlinked by hand ('papers refs unlink 2302.00001 4 --reset' undoes it)" in (
        run("refs", "--unresolved").stdout
    )

    # A crawl follows only real links: the twins and the unknown id are never queued.
    crawl = run("refs", "--add", "--no-pdf", "--json")
    assert crawl.exit_code == 0, crawl.output
    report = json.loads(crawl.stdout)
    assert sorted(report["added"]) == sorted([OBC, INT8])
    assert report["failed"] == [] and report["error"] is None


def test_depth_and_limit_must_be_positive(fake_arxiv, corpus):
    assert run("add", GPTQ, "--no-pdf").exit_code == 0
    fake_arxiv.log.clear()
    for bad in (
        ["--depth", "0"],
        ["--depth", "-1"],
        ["--limit", "0"],
        ["--limit", "-3"],
        ["--depth", "two"],
    ):
        result = run("refs", GPTQ, "--add", *bad)
        assert result.exit_code == 2, bad
        assert "Invalid value" in result.stderr
    assert run("graph", GPTQ, "--depth", "0").exit_code == 2
    assert run("refs", GPTQ, "--depth", "2").exit_code == 2  # --depth without --add
    assert fake_arxiv.count() == 0


# -- the crawl -----------------------------------------------------------------------------------


def test_crawl_is_breadth_first_with_progress_on_stderr_only(fake_arxiv, corpus, root):
    result = run("refs", GPTQ, "--add", "--depth", "2", "--limit", "9")
    assert result.exit_code == 0, result.output
    added = result.stdout.split()
    assert added[0] == GPTQ  # the starting paper was not in the library
    assert set(added[1:8]) == GPTQ_ON_ARXIV  # all of depth 1 before any of depth 2
    assert len(added) == 1 + 9
    assert all(line.strip() in added for line in result.stdout.splitlines())
    for label in ("resolving depth 1", "adding depth 1", "resolving depth 2", "adding depth 2"):
        assert label in result.stderr
    # (each level's cost said before it is spent)
    assert re.search(r"resolving depth 2: \d+ references, about \d+ arXiv requests", result.stderr)
    assert "added 10 paper(s); depth 2 reached" in result.stderr
    db = open_db(root, create=False)
    depth2 = {r[0] for r in db.execute("SELECT arxiv_id FROM crawl_queue WHERE depth = 2")}
    assert set(added[8:]) <= depth2

    # --json: stdout is one JSON document; the same command again adds nothing, asks nothing.
    fake_arxiv.log.clear()
    again = run("refs", GPTQ, "--add", "--depth", "2", "--limit", "9", "--json")
    report = json.loads(again.stdout)
    assert report["added"] == [] and report["total_added"] == 9 and report["error"] is None
    assert fake_arxiv.count() == 0
    again = run("refs", GPTQ, "--add", "--depth", "2", "--limit", "9")
    assert "added 0 paper(s) (9 more by earlier runs); depth 2 reached" in again.stderr


def test_crawl_without_pdfs_says_it_cannot_go_deeper(fake_arxiv, corpus, root):
    result = run("refs", GPTQ, "--add", "--depth", "2", "--no-pdf")
    assert result.exit_code == 0
    assert "cannot go deeper than depth 1" in result.stderr
    assert set(result.stdout.split()) == GPTQ_ON_ARXIV | {GPTQ}
    db = open_db(root, create=False)
    pdfs = {r["id"]: r["pdf"] for r in db.query("SELECT id, pdf FROM papers")}
    assert pdfs[GPTQ] and all(pdfs[i] is None for i in GPTQ_ON_ARXIV)
    assert fake_arxiv.count("/pdf") == 1


@pytest.mark.parametrize("dies_after", [20, 45, 130])
def test_crawl_resumes_after_the_network_dies(
    fake_arxiv, corpus, tmp_path, monkeypatch, dies_after
):
    """The network dies after N requests (while resolving GPTQ's references, while adding
    depth 1, while resolving depth 2); rerunning the command ends where an uninterrupted
    crawl ends."""
    command = ["refs", GPTQ, "--add", "--depth", "2", "--limit", "10"]
    monkeypatch.setenv("PAPERS_ROOT", str(tmp_path / "whole"))
    assert run(*command).exit_code == 0
    expected = snapshot(tmp_path / "whole")
    assert len(expected["papers"]) == 11

    monkeypatch.setenv("PAPERS_ROOT", str(tmp_path / "broken"))
    fake_arxiv.log.clear()
    die_after(fake_arxiv, monkeypatch, dies_after)
    broken = run(*command)
    assert broken.exit_code == 1
    errors = [line for line in broken.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and errors[0].endswith("run the same command again to resume")
    assert "503" in errors[0]
    assert len(snapshot(tmp_path / "broken")["papers"]) < 11
    assert not list((tmp_path / "broken" / "papers").glob(".*.part"))

    fake_arxiv.reset()
    resumed = run(*command)
    assert resumed.exit_code == 0, resumed.output
    assert snapshot(tmp_path / "broken") == expected


def reachable(resolved: dict[str, list[dict]], start: str) -> set[str]:
    """Library papers reachable from start through resolved references."""
    seen, queue = {start}, [start]
    for paper in queue:
        for d in resolved[paper]:
            if d["resolved"] in resolved and d["resolved"] not in seen:
                seen.add(d["resolved"])
                queue.append(d["resolved"])
    return seen


# -- cited-by, next, graph -----------------------------------------------------------------------


@pytest.fixture
def crawled(fake_arxiv, corpus, root):
    """GPTQ and the seven papers it cites that arXiv has, every reference list resolved, AWQ
    beside them (not cited by GPTQ), and a review note on GPTQ mentioning two papers."""
    assert run("refs", GPTQ, "--add", "--depth", "1").exit_code == 0
    assert run("add", AWQ).exit_code == 0
    library = [GPTQ, *sorted(GPTQ_ON_ARXIV), AWQ]
    resolved = {paper: refs_json(paper) for paper in library}
    note = root / "reviews" / f"{GPTQ}-gptq.md"
    note.parent.mkdir()
    note.write_text(f"---\narxiv: '{GPTQ}'\n---\nCompare with [[{AWQ}]] and arXiv:{ATTENTION}.\n")
    assert run("review", "sync").exit_code == 0
    fake_arxiv.log.clear()
    return resolved


def test_cited_by_by_id_and_by_title(crawled, fake_arxiv):
    expected = {p for p, data in crawled.items() if any(d["resolved"] == INT8 for d in data)}
    found = json.loads(run("cited-by", INT8, "--json").stdout)
    assert {c["id"] for c in found} == expected and GPTQ in expected
    assert all(c["by"] == "id" for c in found)
    # --limit: the most recent citing papers, and how many more
    assert len(expected) >= 2
    limited = run("cited-by", INT8, "--limit", "1")
    assert len([line for line in limited.stdout.splitlines()[2:] if line.strip()]) == 1
    assert (
        f"{len(expected) - 1} more citing paper(s) or note mention(s) not shown: raise --limit"
        in limited.stderr
    )
    assert len(json.loads(run("cited-by", INT8, "--limit", "1", "--json").stdout)) == 1
    # A library paper given by its title: the references resolved to it count.
    title = "Optimal Brain Compression: A Framework for Accurate Post-Training Quantization"
    found = json.loads(run("cited-by", title, "--json").stdout)
    assert GPTQ in {c["id"] for c in found}
    # A paper arXiv does not have, by title: the references printing that title.
    found = json.loads(run("cited-by", "Attention is all you need", "--json").stdout)
    n = by_title(crawled[GPTQ], "Attention is all you need")["n"]
    assert {"id": GPTQ, "n": n, "by": "title"}.items() <= next(
        c for c in found if c["id"] == GPTQ
    ).items()
    citers = {
        p
        for p, data in crawled.items()
        if any(
            d["resolved"] is None
            and title_similarity(d["title"], "Attention is all you need") >= 0.88
            for d in data
        )
    }
    assert {c["id"] for c in found} == citers
    missing = run("cited-by", "A title nobody ever cited in this library")
    assert missing.exit_code == 1 and "No library paper cites" in missing.stderr
    assert fake_arxiv.count() == 0


def test_next_ranks_what_the_library_cites(crawled, fake_arxiv):
    every = json.loads(run("next", "--limit", "1000", "--json").stdout)
    counts = [s["count"] for s in every]
    assert counts == sorted(counts, reverse=True) and counts[0] > 1
    library = set(crawled)
    for s in every:
        assert s["arxiv"] not in library
        assert s["count"] == len(s["cited_by"]) and set(s["cited_by"]) <= library
    for s in [s for s in every if s["arxiv"]][:5]:
        # (an id arXiv did not confirm among them: those printing it, as cited-by counts them)
        linked = {
            p for p, data in crawled.items() if any(d["resolved"] == s["arxiv"] for d in data)
        }
        cited = {c["id"] for c in json.loads(run("cited-by", s["arxiv"], "--json").stdout)}
        assert set(s["cited_by"]) == cited and linked <= cited
        assert s["confirmed"] == bool(linked)
    assert any(not s["confirmed"] for s in every if s["arxiv"])
    # --for ID: the papers ID cites, each counted as in the whole list; --depth 2 adds what
    # the library papers ID cites cite
    ranked_all = {(s["arxiv"], s["title"]): s for s in every}
    for start in (AWQ, GPTQ):
        ranked = json.loads(run("next", "--for", start, "--limit", "1000", "--json").stdout)
        assert ranked and all(start in s["cited_by"] for s in ranked)
        assert all(ranked_all[(s["arxiv"], s["title"])] == s for s in ranked)
        deeper = json.loads(
            run("next", "--for", start, "--depth", "9", "--limit", "1000", "--json").stdout
        )
        scope = reachable(crawled, start)
        assert all(set(s["cited_by"]) & scope for s in deeper)
        assert {p for s in deeper for p in s["cited_by"]} & scope == scope
    assert AWQ not in reachable(crawled, GPTQ) and GPTQ in reachable(crawled, AWQ)
    assert run("next", "--for", "2101.00001").exit_code == 1
    table = run("next", "--limit", "3")
    assert table.stdout.splitlines()[0].split() == ["cited", "arxiv", "year", "title"]
    assert len(table.stdout.splitlines()) == 2 + 3
    assert fake_arxiv.count() == 0


def test_graph_formats_depth_and_review_mentions(crawled, fake_arxiv):
    data = json.loads(run("graph", GPTQ, "--format", "json").stdout)
    nodes = {n["id"]: n for n in data["nodes"]}
    assert set(nodes) >= {GPTQ, *GPTQ_ON_ARXIV}
    assert all(nodes[i]["library"] for i in GPTQ_ON_ARXIV) and not nodes[ATTENTION]["library"]
    assert nodes[GPTQ]["label"] == "GPTQ" and nodes[GPTQ]["year"] == 2022
    cites = {(e["source"], e["target"]) for e in data["edges"] if e["kind"] == "cites"}
    assert {(GPTQ, t) for t in GPTQ_ON_ARXIV} <= cites
    # depth 1: what GPTQ cites, and the library papers that cite GPTQ (each joined to GPTQ),
    # with the citations among them
    joined = {
        end
        for e in data["edges"]
        if GPTQ in (e["source"], e["target"])
        for end in (e["source"], e["target"])
    }
    assert set(nodes) == joined
    assert all(source in nodes and target in nodes for source, target in cites)
    mentions = {(e["source"], e["target"]) for e in data["edges"] if e["kind"] == "mentions"}
    assert mentions == {(GPTQ, AWQ), (GPTQ, ATTENTION)}

    deeper = json.loads(run("graph", GPTQ, "--depth", "2", "--format", "json").stdout)
    sources = {e["source"] for e in deeper["edges"] if e["kind"] == "cites"}
    assert GPTQ in sources and sources & GPTQ_ON_ARXIV
    assert len(deeper["nodes"]) > len(data["nodes"])

    dot = run("graph", GPTQ, "--format", "dot").stdout
    assert dot.startswith("digraph papers {") and "mentioned in review" in dot
    assert f'"{GPTQ}" [label="GPTQ\\n2022"' in dot and "dashed" in dot
    mermaid = run("graph", GPTQ, "--format", "mermaid").stdout
    assert mermaid.startswith("```mermaid\nflowchart LR\n") and mermaid.endswith("```\n")
    assert "mentioned in review" in mermaid and "classDef outside" in mermaid
    graphml = run("graph", "--format", "graphml").stdout
    tree = ET.fromstring(graphml.split("\n", 1)[1])
    ns = "{http://graphml.graphdrawing.org/xmlns}"
    assert len(tree.findall(f"{ns}graph/{ns}node")) == len(
        json.loads(run("graph", "--format", "json").stdout)["nodes"]
    )
    assert fake_arxiv.count() == 0


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is not installed")
def test_graph_renders_svg_and_png_with_graphviz(crawled, tmp_path):
    for name, magic in (("graph.svg", b"<svg"), ("graph.png", b"\x89PNG")):
        out = tmp_path / name
        result = run("graph", GPTQ, "--output", str(out))
        assert result.exit_code == 0, result.output
        assert magic in out.read_bytes()[:400] and result.stdout == ""
        assert f"wrote {out}" in result.stderr
    assert "GPTQ" in (tmp_path / "graph.svg").read_text()


def test_graph_image_without_graphviz_says_how_to_install_it(crawled, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    out = tmp_path / "graph.svg"
    result = run("graph", "--output", str(out))
    assert result.exit_code == 1 and not out.exists()
    assert result.stderr.startswith("Error: ") and len(result.stderr.splitlines()) == 1
    assert "apt-get install graphviz" in result.stderr
    text = tmp_path / "graph.md"
    assert run("graph", "--output", str(text)).exit_code == 0
    assert text.read_text().startswith("```mermaid")


def test_references_to_local_papers_are_in_the_library(fake_arxiv, corpus):
    # GPTQ cites Bit-Split and QSGD, added as PDFs without an arXiv id: Bit-Split is found by
    # its title; QSGD is linked by hand by its name; both then show as in the library
    assert run("add", GPTQ).exit_code == 0
    assert run("add", str(corpus / "nostamp" / "bit_split.pdf")).exit_code == 0
    assert run("add", str(corpus / "nostamp" / "QSGD-NeurIPS2017.pdf")).exit_code == 0
    local = {p["title"]: p["id"] for p in json.loads(run("list", "--json").stdout)}
    bit_split = next(i for t, i in local.items() if "Bit-Split" in t or "bit-split" in t)
    qsgd = next(i for t, i in local.items() if t.startswith("QSGD"))
    data = refs_json(GPTQ)
    split = by_title(data, "bit-split and stitching")
    assert (split["status"], split["resolved"]) == ("library", bit_split)
    qsgd_ref = by_title(data, "QSGD")
    assert run("refs", "link", GPTQ, str(qsgd_ref["n"]), "QSGD").exit_code == 0
    linked = by_title(refs_json(GPTQ), "QSGD")
    assert (linked["status"], linked["resolved"]) == ("library", qsgd)
    cited = json.loads(run("cited-by", bit_split, "--json").stdout)
    assert [(c["id"], c["by"]) for c in cited] == [(GPTQ, "title")]  # (it prints no id)


def test_a_local_pdf_added_later_is_found_by_the_references_already_stored(fake_arxiv, corpus):
    assert run("add", GPTQ).exit_code == 0
    split = by_title(refs_json(GPTQ), "bit-split and stitching")
    assert split["status"] == "unresolved"
    assert run("add", str(corpus / "nostamp" / "bit_split.pdf")).exit_code == 0
    later = by_title(refs_json(GPTQ, "--offline"), "bit-split and stitching")  # (no lookup)
    assert later["status"] == "library" and later["resolved"].startswith("local:")


def test_a_local_pdf_added_is_linked_at_once_by_references_not_yet_looked_up(
    fake_arxiv, corpus, root
):
    # GPTQ's references are stored, not yet looked up on arXiv: adding the Bit-Split PDF links
    # the one that gives its title, with no request, as an arXiv paper of the library would be
    assert run("add", GPTQ).exit_code == 0
    assert run("add", str(corpus / "nostamp" / "bit_split.pdf")).exit_code == 0
    fake_arxiv.log.clear()
    split = by_title(refs_json(GPTQ, "--offline"), "bit-split and stitching")
    assert (split["status"], split["method"]) == ("library", "library")
    assert split["resolved"].startswith("local:")
    assert fake_arxiv.count() == 0


@pytest.mark.parametrize("order", ["cited first", "citing first"])
def test_a_reference_naming_a_library_paper_by_title_is_linked_when_it_is_added(
    fake_arxiv, corpus, order
):
    """GPTQ cites BRECQ by title alone ([16], no arXiv id). Whichever is added first, the
    reference is linked when both are in the library, without asking arXiv: refs, cited-by
    and the graph agree from then on."""
    first, second = (BRECQ, GPTQ) if order == "cited first" else (GPTQ, BRECQ)
    assert run("add", first).exit_code == 0 and run("add", second).exit_code == 0
    fake_arxiv.log.clear()
    ref = by_title(refs_json(GPTQ, "--offline"), "brecq")
    assert (ref["status"], ref["resolved"]) == ("library", BRECQ)
    cited = json.loads(run("cited-by", BRECQ, "--json").stdout)
    assert (GPTQ, "title") in [(c["id"], c["by"]) for c in cited]  # (linked by its title)
    edges = json.loads(run("graph", "--format", "json").stdout)["edges"]
    assert {"source": GPTQ, "target": BRECQ, "kind": "cites"} in edges
    assert fake_arxiv.count() == 0


def test_extract_links_references_stored_before_library_papers_were_linked(
    fake_arxiv, corpus, root
):
    assert run("add", GPTQ, BRECQ).exit_code == 0
    from papers import config

    with sqlite3.connect(config.db_path(root)) as conn:  # (as a library from before)
        conn.execute("DELETE FROM ref_links")
    assert by_title(refs_json(GPTQ, "--offline"), "brecq")["status"] != "library"
    assert run("extract", GPTQ).exit_code == 0
    assert by_title(refs_json(GPTQ, "--offline"), "brecq")["resolved"] == BRECQ


def test_refs_all_looks_up_every_paper_so_next_and_graph_are_whole(fake_arxiv, corpus):
    """Right after `add`, graph and next see printed ids and the library's own titles only:
    they say so, and `refs --all` looks every paper's references up, resuming after a
    failure; then GPTQ's two papers cited by title alone are edges of the graph."""
    assert run("add", GPTQ, AWQ).exit_code == 0
    before = CliRunner().invoke(cli, ["graph", "--format", "json"])
    assert "the references of 2 paper(s) are not looked up on arXiv yet" in before.stderr
    edges = {(e["source"], e["target"]) for e in json.loads(before.stdout)["edges"]}
    assert (GPTQ, LAPQ) not in edges  # (cited by title alone: no search yet)
    # arXiv fails from the start: nothing is lost, the error says where to go on from
    fake_arxiv.fail(503, times=None, path_prefix="/api")
    failed = CliRunner().invoke(cli, ["refs", "--all"])
    assert failed.exit_code == 1 and "stopped at 2210.17323" in failed.output
    # (its cost said before it is spent: minutes at arXiv's pace for a library's references)
    assert re.search(r"looking up the references of 2 paper\(s\): about \d+ arXiv", failed.stderr)
    assert "'papers refs --all' again" in failed.output
    fake_arxiv.reset()
    done = CliRunner().invoke(cli, ["refs", "--all", "--json"])
    assert done.exit_code == 0, done.output
    summaries = json.loads(done.stdout)
    assert [s["id"] for s in summaries] == [GPTQ, AWQ]
    assert set(summaries[0]) == {
        "id", "references", "by_printed_id", "by_title", "by_hand", "unresolved"
    }  # fmt: skip
    assert summaries[0]["by_title"] >= 2  # (LAPQ and BRECQ)
    after = CliRunner().invoke(cli, ["graph", "--format", "json"])
    assert "not looked up" not in after.stderr
    edges = {(e["source"], e["target"]) for e in json.loads(after.stdout)["edges"]}
    assert {(GPTQ, LAPQ), (GPTQ, BRECQ)} <= edges
    again = CliRunner().invoke(cli, ["refs", "--all"])
    assert again.exit_code == 0 and "looked up already" in again.stderr
    assert run("refs", GPTQ, "--all").exit_code == 2  # (one paper, or all)


def test_refs_all_stopped_after_a_paper_goes_on_from_the_next(fake_arxiv, corpus, monkeypatch):
    from papers import resolve
    from papers.errors import NetworkError

    assert run("add", GPTQ, AWQ).exit_code == 0
    real = resolve.resolve_paper

    def fails_on_awq(db, paper_id, **kwargs):
        if paper_id == AWQ:
            raise NetworkError("arXiv unreachable")
        return real(db, paper_id, **kwargs)

    monkeypatch.setattr(resolve, "resolve_paper", fails_on_awq)
    stopped = CliRunner().invoke(cli, ["refs", "--all"])
    assert stopped.exit_code == 1
    assert "stopped at 2306.00978 (1 of 2 papers done, kept)" in stopped.output
    monkeypatch.setattr(resolve, "resolve_paper", real)
    resumed = CliRunner().invoke(cli, ["refs", "--all", "--json"])
    assert [s["id"] for s in json.loads(resumed.stdout)] == [AWQ]


def test_refs_all_interrupted_says_what_is_kept_and_prints_it(fake_arxiv, corpus, monkeypatch):
    from papers import resolve

    assert run("add", GPTQ, AWQ).exit_code == 0
    real = resolve.resolve_paper

    def ctrl_c_on_awq(db, paper_id, **kwargs):
        if paper_id == AWQ:
            raise KeyboardInterrupt
        return real(db, paper_id, **kwargs)

    monkeypatch.setattr(resolve, "resolve_paper", ctrl_c_on_awq)
    stopped = CliRunner().invoke(cli, ["refs", "--all", "--json"])
    assert stopped.exit_code == 130
    assert [s["id"] for s in json.loads(stopped.stdout)] == [GPTQ]
    assert "Interrupted; stopped at 2306.00978 (1 of 2 papers done, kept)" in stopped.stderr


def test_graph_by_a_name_whose_printed_id_arxiv_did_not_confirm_draws_it_and_says_so(
    fake_arxiv, corpus
):
    """After the lookup, the reference to FooQuant prints an id arXiv does not have: the graph
    is drawn around that id, as `graph 2301.99998` draws it, and says on stderr that arXiv
    did not confirm it (it refused, where the id was drawn)."""
    entries = [
        ("Ashish Vaswani and Noam Shazeer. Attention is all you need.", "In NeurIPS, 2017."),
        ("Carl Coder. FooQuant: quantizing sprockets.", "arXiv preprint arXiv:2301.99998, 2023."),
        (
            "Tim Dettmers and Mike Lewis. LLM.int8(): 8-bit matrix multiplication for",
            "transformers at scale. arXiv preprint arXiv:2208.07339, 2022.",
        ),
    ]
    sprocket_paper_citing(fake_arxiv, entries)
    assert run("refs", "--all").exit_code == 0
    result = CliRunner().invoke(cli, ["graph", "FooQuant", "--format", "json"])
    assert result.exit_code == 0
    by_id = CliRunner().invoke(cli, ["graph", "2301.99998", "--format", "json"])
    assert json.loads(result.stdout) == json.loads(by_id.stdout)
    assert {"source": "2302.00001", "target": "2301.99998", "kind": "cites"} in json.loads(
        result.stdout
    )["edges"]
    assert (
        "note: 2301.99998 is the id the references print, which arXiv did not confirm (a typo, "
        "or a paper arXiv lacks): 'papers refs ID --unresolved' says why\n"
    ) in result.stderr
    assert "2302.00001" in run("cited-by", "FooQuant").stdout


@pytest.mark.skipif(sys.platform == "win32", reason="advisory locks are POSIX")
def test_one_crawl_from_a_paper_at_a_time(fake_arxiv, corpus, root):
    """Two `refs ID --add --limit 5` at once each took the papers the other had just added for
    papers already there: together they added 6, a depth-2 paper before depth 1 was done (a
    tester, 4 of 20 runs). The second is refused, and runs on where the first stopped."""
    import fcntl

    assert run("add", GPTQ).exit_code == 0
    with open(config.papers_dir(root) / f".crawl-{GPTQ}.lock", "a") as other:
        fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)  # (the first crawl, running)
        second = CliRunner().invoke(cli, ["refs", GPTQ, "--add", "--limit", "2"])
        assert second.exit_code == 1
        assert f"another 'papers refs {GPTQ} --add' is running in this library" in second.output
        assert second.stdout == ""
    third = run("refs", GPTQ, "--add", "--limit", "2")
    assert third.exit_code == 0 and len(third.stdout.split()) == 2
