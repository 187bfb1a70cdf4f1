"""Resolving references to arXiv: matching rules, the cache, the request budget, manual links."""

from __future__ import annotations

import json
import math

import click
import pytest
from click.testing import CliRunner

from papers import config
from papers.cli import PapersGroup
from papers.cli_refs import cited_by, graph, next_, refs
from papers.db import open_db, save_paper
from papers.errors import NetworkError
from papers.library import store_references
from papers.models import ArxivEntry, Paper, Reference
from papers.resolve import (
    ACCEPT,
    cached_entries,
    cached_fetch,
    cached_search,
    known_on_arxiv,
    link_library_papers,
    match_title,
    requests_to_resolve,
    resolve_paper,
    stored_references,
    surname_matches,
    title_query,
    title_similarity,
)

GPTQ = "GPTQ: Accurate Post-Training Quantization for Generative Pre-trained Transformers"
AWQ = "AWQ: Activation-aware Weight Quantization for LLM Compression and Acceleration"

app = PapersGroup("papers", commands={c.name: c for c in (refs, cited_by, next_, graph)})


def run(*args: str):
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def entry(arxiv_id, title, authors=("Elias Frantar",), year=2022, version=1) -> ArxivEntry:
    return ArxivEntry(
        arxiv_id=arxiv_id,
        version=version,
        title=title,
        authors=list(authors),
        abstract="",
        categories=["cs.LG"],
        primary_category="cs.LG",
        published=f"{year}-03-01T00:00:00Z",
        updated=f"{year}-03-01T00:00:00Z",
    )


def ref(n=1, title=GPTQ, authors=("Frantar",), year=2022, arxiv=None, raw=None) -> Reference:
    raw = raw or f"{', '.join(authors)}. {title}. {year}." + (f" arXiv:{arxiv}" if arxiv else "")
    return Reference(n=n, raw=raw, authors=list(authors), title=title, year=year, arxiv=arxiv)


def library(root, refs_list, paper_id="2402.15319", title="GPTVQ: The Blessing of Dimensionality"):
    db = open_db(root)
    save_paper(db, Paper(id=paper_id, title=title, published="2024-02-23T00:00:00Z"))
    store_references(db, paper_id, refs_list)
    db.conn.commit()
    return db


# -- pure matching -------------------------------------------------------------------------------


def test_title_similarity_ignores_case_punctuation_and_accents():
    assert title_similarity(GPTQ.lower().replace(":", ""), GPTQ) == 1.0
    assert title_similarity("Léonard: a study", "Leonard - A Study") == 1.0
    assert title_similarity("", GPTQ) == 0.0


def test_near_copies_score_below_an_exact_title():
    variant = GPTQ.replace("GPTQ:", "GPTQ v2:")
    one_word = GPTQ.replace("Accurate", "Efficient")
    assert title_similarity(GPTQ, variant) < 0.97
    assert title_similarity(GPTQ, one_word) < title_similarity(GPTQ, variant)
    # Cited without its acronym: still a near match.
    tail = GPTQ.split(":", 1)[1]
    assert title_similarity(tail, GPTQ) >= ACCEPT


def test_surname_matching_handles_particles_and_compounds():
    assert surname_matches("Le Scao", "Teven Le Scao")
    assert surname_matches("Aminabadi", "Reza Yazdani Aminabadi")
    assert surname_matches("van Baalen", "Mart Van Baalen")
    assert not surname_matches("Smith", "John Smithson")


def test_title_query_ands_significant_words_in_the_title_field():
    assert title_query("Attention is all you need") == "ti:attention AND ti:need"
    query = title_query(GPTQ)
    assert query is not None and query.count("ti:") <= 6
    assert all(part.startswith("ti:") for part in query.split(" AND "))
    assert "ti:for" not in query
    assert title_query("On the") is None
    assert title_query(None) is None


def test_match_title_prefers_the_exact_title_over_decoys():
    decoys = [
        entry("2301.00001", GPTQ.replace("GPTQ:", "GPTQ v2:"), ("Someone Else",)),
        entry("2301.00002", GPTQ.replace("Accurate", "Efficient")),
        entry("2210.17323", GPTQ),
    ]
    found = match_title(ref(), decoys)
    assert found.resolved == "2210.17323"
    assert found.method == "title"
    assert found.confidence == 1.0
    assert [c["arxiv"] for c in found.candidates][0] == "2210.17323"


def test_two_equally_good_candidates_leave_the_reference_unresolved():
    twins = [entry("2210.17323", GPTQ), entry("2210.99999", GPTQ)]
    found = match_title(ref(), twins)
    assert found.resolved is None
    assert {c["arxiv"] for c in found.candidates} == {"2210.17323", "2210.99999"}


def test_a_title_match_must_agree_on_year_or_first_author():
    other = entry("1901.00001", GPTQ, ("Someone Else",), year=2019)
    assert match_title(ref(), [other]).resolved is None
    # Year within one of any arXiv version is enough ...
    assert match_title(ref(year=2023), [entry("2210.17323", GPTQ, ("X Y",))]).resolved
    # ... and so is the first author alone.
    assert match_title(ref(year=None), [entry("2210.17323", GPTQ)]).resolved == "2210.17323"
    # A different title is never accepted, whatever agrees.
    assert match_title(ref(title=AWQ), [entry("2210.17323", GPTQ)]).resolved is None


# -- against the fake arXiv ----------------------------------------------------------------------


def test_request_budget_and_zero_requests_the_second_time(fake_arxiv, root):
    printed = []
    for i in range(130):
        arxiv_id = f"2301.{10000 + i}"
        fake_arxiv.add(arxiv_id, 1, f"Paper number {i} about quantized widgets", ["Ann Author"])
        printed.append(
            ref(i + 1, f"Paper number {i} about quantized widgets", ("Author",), 2023, arxiv_id)
        )
    fake_arxiv.add(
        "2210.17323", 2, GPTQ, ["Elias Frantar", "Dan Alistarh"], published="2022-10-31T00:00:00Z"
    )
    fake_arxiv.add("2306.00978", 1, AWQ, ["Ji Lin", "Song Han"], published="2023-06-01T00:00:00Z")
    by_title = [
        ref(131, GPTQ, ("Frantar", "Alistarh"), 2023),
        ref(132, AWQ, ("Lin",), 2023),
        ref(133, "A paper arXiv has never heard of at all", ("Nobody",), 2020),
        ref(134, "Cuda", (), None),  # too short to search
    ]
    db = library(root, printed + by_title)
    fake_arxiv.log.clear()
    # (the cost a crawl says before it spends it: the requests made below)
    assert requests_to_resolve(db, ["2402.15319"]) == 2 + 3

    summary = resolve_paper(db, "2402.15319")
    assert len(fake_arxiv.id_list_requests) == math.ceil(130 / 100)
    assert len(fake_arxiv.search_requests) == 3
    assert fake_arxiv.count("/api") == 2 + 3
    assert summary.printed == 130 and summary.title == 2 and summary.unresolved == 2
    links = {s.ref.n: s for s in stored_references(db, "2402.15319")}
    assert links[131].resolved == "2210.17323" and links[131].method == "title"
    assert links[132].resolved == "2306.00978"
    assert links[1].method == "printed" and links[1].confidence == 1.0

    fake_arxiv.log.clear()
    assert requests_to_resolve(db, ["2402.15319"]) == 0
    assert requests_to_resolve(db, ["2402.15319"], refresh=True) == 2 + 3
    resolve_paper(db, "2402.15319")
    assert fake_arxiv.count() == 0
    # Even a forced re-resolution from the cache asks nothing: only --refresh does.
    result = run("refs", "2402.15319", "--json")
    assert result.exit_code == 0
    assert fake_arxiv.count() == 0
    result = run("refs", "2402.15319", "--json", "--refresh")
    assert result.exit_code == 0
    assert fake_arxiv.count("/api") == 2 + 3


def test_the_requests_to_come_count_a_batch_of_ids_a_paper(fake_arxiv, root):
    """Each paper's lookup fetches its own printed ids: three papers with one uncached id each
    are three requests, not one batch (a reviewer: 29 papers were said to take 4); a title
    two papers cite is searched once, an id a paper before it fetched is not fetched again."""
    db = library(root, [ref(1, GPTQ, arxiv="2210.17323"), ref(2, "A title cited twice here")])
    for n, pid in enumerate(("2306.00978", "2308.13137"), start=2):
        save_paper(db, Paper(id=pid, title=f"Paper {n}"))
        cited = [
            ref(1, f"Paper cited {n}", arxiv=f"2301.0000{n}"),
            ref(2, "A title cited twice here"),
        ]
        store_references(db, pid, cited + [ref(3, GPTQ, arxiv="2210.17323")])
    db.conn.commit()
    papers = ["2402.15319", "2306.00978", "2308.13137"]
    assert requests_to_resolve(db, papers) == 3 + 1
    assert requests_to_resolve(db, papers, refresh=True) == 3 + 3


def test_the_requests_to_come_are_said_with_the_time_they_take():
    from papers.resolve import requests_said

    assert requests_said(1, 3.0) == "about 1 arXiv request"
    assert requests_said(271, 3.0) == "about 271 arXiv requests (~14 min at one every 3 s)"
    assert requests_said(2000, 3.0) == "about 2000 arXiv requests (~1.7 h at one every 3 s)"
    assert requests_said(271, 0) == "about 271 arXiv requests"


def test_cache_keeps_misses_and_search_results(fake_arxiv, root):
    db = open_db(root)
    fake_arxiv.add("2210.17323", 2, GPTQ, ["Elias Frantar"])
    first = cached_fetch(db, ["2210.17323v1", "2301.99999", "not-an-id"])
    assert first["2210.17323"].title == GPTQ
    assert first["2301.99999"] is None and first["not-an-id"] is None
    assert [sorted(ids) for ids in fake_arxiv.id_list_requests] == [["2210.17323", "2301.99999"]]
    again = cached_fetch(db, ["2210.17323", "2301.99999"])
    assert again["2301.99999"] is None
    assert len(fake_arxiv.id_list_requests) == 1
    hits = cached_search(db, "ti:gptq AND ti:accurate")
    assert [e.arxiv_id for e in hits] == ["2210.17323"]
    assert cached_search(db, "ti:nothingatall AND ti:here") == []
    cached_search(db, "ti:nothingatall AND ti:here")
    assert len(fake_arxiv.search_requests) == 2
    cached = {r["key"]: r["found"] for r in db.query("SELECT key, found FROM arxiv_cache")}
    assert cached["search:ti:nothingatall AND ti:here"] == 0
    assert cached["id:2301.99999"] == 0


def test_printed_id_that_does_not_exist_falls_back_to_the_title(fake_arxiv, root):
    fake_arxiv.add("2210.17323", 2, GPTQ, ["Elias Frantar"], published="2022-10-31T00:00:00Z")
    db = library(
        root,
        [
            ref(1, GPTQ, ("Frantar",), 2022, arxiv="2210.99999"),
            ref(2, "Unknown things entirely unseen", ("Nobody",), 2020, arxiv="2101.99999"),
        ],
    )
    resolve_paper(db, "2402.15319")
    links = {s.ref.n: s for s in stored_references(db, "2402.15319")}
    assert links[1].resolved == "2210.17323" and links[1].method == "title"
    assert links[2].resolved is None
    assert links[2].candidates[0]["note"] == "printed id not found on arXiv"
    data = json.loads(run("refs", "2402.15319", "--json", "--unresolved").output)
    assert [d["n"] for d in data] == [2]
    assert data[0]["status"] == "unresolved" and data[0]["resolved"] is None


def test_a_printed_id_naming_another_paper_of_the_same_year_is_not_taken(fake_arxiv, root):
    """A misprint in an id's last digits names a paper of the same year and month: OmniQuant
    prints QuIP as arXiv:2307.13304, and were that another paper's id (another title, another
    first author), it was taken for QuIP because the years agreed (shown as fact by refs,
    graph, next and bibtex). The title route decides instead, and finds QuIP where it is."""
    quip = "QuIP: 2-Bit Quantization of Large Language Models With Guarantees"
    fake_arxiv.add(
        "2307.13304",
        1,
        "Some other paper about cooking",
        ["Ann Cook"],
        published="2023-07-25T00:00:00Z",
    )
    fake_arxiv.add("2307.13305", 2, quip, ["Jerry Chee"], published="2023-07-25T00:00:00Z")
    db = library(root, [ref(1, quip, ("Chee",), 2023, arxiv="2307.13304")])
    resolve_paper(db, "2402.15319")
    link = stored_references(db, "2402.15319")[0]
    assert (link.resolved, link.method) == ("2307.13305", "title")
    # one the title route cannot find either stays unresolved, its printed id marked
    db = library(
        root / "b",
        [ref(1, "An unfindable title of a lost paper", ("Chee",), 2023, arxiv="2307.13304")],
    )
    resolve_paper(db, "2402.15319")
    link = stored_references(db, "2402.15319")[0]
    assert link.resolved is None
    assert "2307.13304?" in run("refs", "2402.15319", "--root", str(root / "b")).output
    # a reference whose authors were not read keeps its printed id by the year, as before: a
    # paper renamed on arXiv (ZeroQuant-V2, first "A Comprehensive Study on Post-Training
    # Quantization for Large Language Models") is not lost to the title route
    renamed = "A Comprehensive Study on Post-Training Quantization for Large Language Models"
    fake_arxiv.add(
        "2303.08302",
        2,
        "ZeroQuant-V2: Exploring Post-training Quantization in LLMs from "
        "Comprehensive Study to Low Rank Compensation",
        ["Zhewei Yao"],
        published="2023-03-15T00:00:00Z",
    )
    db = library(root / "c", [ref(1, renamed, (), 2023, arxiv="2303.08302")])
    resolve_paper(db, "2402.15319")
    link = stored_references(db, "2402.15319")[0]
    assert (link.resolved, link.method) == ("2303.08302", "printed")


def test_an_id_linked_by_hand_offline_is_confirmed_by_the_next_lookup(fake_arxiv, root):
    """A link made by hand --offline stayed "ID?" once arXiv answered: `refs --refresh` did not
    ask about it, and only linking again online confirmed it (found by a tester). The next
    lookup asks arXiv about it, once; an id arXiv lacks stays marked."""
    fake_arxiv.add("2210.17323", 2, GPTQ, ["Elias Frantar"], published="2022-10-31T00:00:00Z")
    library(root, [ref(1, GPTQ, ("Frantar",), 2022), ref(2, AWQ, ("Lin",), 2023)])
    for n, arxiv_id in ((1, "2210.17323"), (2, "2306.99999")):
        assert run("refs", "link", "2402.15319", str(n), arxiv_id, "--offline").exit_code == 0
    shown = run("refs", "2402.15319", "--offline").output
    assert "2210.17323?" in shown and "2306.99999?" in shown
    assert fake_arxiv.id_list_requests == []
    shown = run("refs", "2402.15319").output
    assert "2210.17323?" not in shown and "2210.17323" in shown
    assert "2306.99999?" in shown  # (arXiv has no such paper)
    assert len(fake_arxiv.id_list_requests) == 1
    run("refs", "2402.15319")  # (asked once: the answers, misses too, are cached)
    assert len(fake_arxiv.id_list_requests) == 1


def test_ambiguous_reference_lists_its_candidates(fake_arxiv, root):
    for arxiv_id in ("2210.17323", "2210.17324"):
        fake_arxiv.add(arxiv_id, 1, GPTQ, ["Elias Frantar"], published="2022-10-31T00:00:00Z")
    library(root, [ref(1, GPTQ, ("Frantar",), 2022)])
    result = run("refs", "2402.15319", "--unresolved")
    assert result.exit_code == 0
    assert "unresolved" in result.output
    assert "candidate 2210.17323" in result.output and "candidate 2210.17324" in result.output


def test_an_ambiguous_reference_unlinked_by_hand_no_longer_offers_candidates(fake_arxiv, root):
    for arxiv_id in ("2210.17323", "2210.17324"):
        fake_arxiv.add(arxiv_id, 1, GPTQ, ["Elias Frantar"], published="2022-10-31T00:00:00Z")
    library(root, [ref(1, GPTQ, ("Frantar",), 2022)])
    assert "have arXiv candidates" in run("refs", "2402.15319").output
    assert run("refs", "unlink", "2402.15319", "1").exit_code == 0  # decided: not on arXiv
    assert "candidate" not in run("refs", "2402.15319").output
    assert "candidate" not in run("refs", "2402.15319", "--unresolved").output


def test_refs_listing_json_fields_status_and_filters(fake_arxiv, root):
    fake_arxiv.add("2210.17323", 2, GPTQ, ["Elias Frantar"], published="2022-10-31T00:00:00Z")
    fake_arxiv.add("2306.00978", 1, AWQ, ["Ji Lin"], published="2023-06-01T00:00:00Z")
    db = library(
        root,
        [ref(1, GPTQ, ("Frantar",), 2022, "2210.17323"), ref(2, AWQ, ("Lin",), 2023)],
    )
    save_paper(db, Paper(id="2210.17323", title=GPTQ, added="2020-01-01T00:00:00Z"))
    db.conn.commit()
    # Without an id: the most recently added paper (2402.15319 here).
    data = json.loads(run("refs", "--json").output)
    expected = {"n", "raw", "authors", "et_al", "title", "year", "venue", "arxiv", "doi", "url"}
    assert expected | {"status", "resolved", "method", "confidence"} <= set(data[0])
    assert [(d["status"], d["resolved"], d["method"]) for d in data] == [
        ("library", "2210.17323", "printed"),
        ("arxiv", "2306.00978", "title"),
    ]
    missing = json.loads(run("refs", "--missing", "2402.15319", "--json").output)
    assert [d["n"] for d in missing] == [2]
    text = run("refs", "2402.15319").output
    assert "library" in text and "2306.00978" in text and "Frantar" in text


def test_offline_a_printed_id_not_looked_up_yet_is_unchecked_not_on_arxiv(fake_arxiv, root):
    """Before any lookup, `refs --offline` showed a printed id "arxiv  1308.3432", as if arXiv
    had confirmed it; looked up (arXiv: no such paper) it is "unresolved  1308.3432?". Not
    looked up, it is "unchecked", with the "?"; what a lookup shows is unchanged."""
    fake_arxiv.add("2210.17323", 2, GPTQ, ["Elias Frantar"], published="2022-10-31T00:00:00Z")
    library(
        root,
        [
            ref(1, GPTQ, ("Frantar",), 2022, "2210.17323"),
            ref(2, "Estimating or propagating gradients", ("Bengio",), 2013, "1308.3432"),
        ],
    )

    def rows(*args: str) -> list[list[str]]:
        return [
            line.split()[:3] for line in run("refs", "2402.15319", *args).stdout.splitlines()[2:]
        ]

    assert rows("--offline") == [
        ["1", "unchecked", "2210.17323?"],
        ["2", "unchecked", "1308.3432?"],
    ]
    offline = json.loads(run("refs", "2402.15319", "--offline", "--json").stdout)
    assert [(d["status"], d["resolved"], d["method"]) for d in offline] == [
        ("unchecked", "2210.17323", None),  # (taken at its printed id, as graph and next do)
        ("unchecked", "1308.3432", None),
    ]
    missing = json.loads(run("refs", "2402.15319", "--offline", "--missing", "--json").stdout)
    assert [d["n"] for d in missing] == [1, 2]  # (as before: the ids it prints, unchecked)
    assert rows() == [["1", "arxiv", "2210.17323"], ["2", "unresolved", "1308.3432?"]]
    assert rows("--offline") == rows()  # (looked up: the stored links)


def test_a_link_by_hand_to_an_unlike_title_is_said_and_one_to_the_paper_itself_refused(
    fake_arxiv, root
):
    """A reference number off by one links the wrong paper without a word (a tester linked
    LSQ's reference to Q-BERT): it is said; a paper citing itself is refused."""
    fake_arxiv.add("2210.17323", 2, GPTQ, ["Elias Frantar"], published="2022-10-31T00:00:00Z")
    fake_arxiv.add("2306.00978", 1, AWQ, ["Ji Lin"], published="2023-06-01T00:00:00Z")
    db = library(root, [ref(1, GPTQ, ("Frantar",), 2022), ref(2, AWQ, ("Lin",), 2023)])
    resolve_paper(db, "2402.15319")
    unlike = run("refs", "link", "2402.15319", "1", "2306.00978")
    assert unlike.exit_code == 0
    assert unlike.stderr.splitlines()[-1] == (
        f'note: reference 1 prints "{GPTQ}": linked as asked; '
        "'papers refs unlink 2402.15319 1 --reset' undoes it"
    )
    alike = run("refs", "link", "2402.15319", "2", "2306.00978")
    assert alike.exit_code == 0 and "note:" not in alike.stderr
    itself = run("refs", "link", "2402.15319", "2", "2402.15319", "--offline")
    assert itself.exit_code == 1
    assert "reference 2 of 2402.15319 cannot be 2402.15319 itself" in itself.stderr


def test_manual_link_and_unlink_survive_re_extraction(fake_arxiv, root):
    fake_arxiv.add("2210.17323", 2, GPTQ, ["Elias Frantar"], published="2022-10-31T00:00:00Z")
    fake_arxiv.add("2306.00978", 1, AWQ, ["Ji Lin"], published="2023-06-01T00:00:00Z")
    first = [ref(1, GPTQ, ("Frantar",), 2022), ref(2, AWQ, ("Lin",), 2023)]
    db = library(root, first)
    resolve_paper(db, "2402.15319")
    assert run("refs", "link", "2402.15319", "1", "2306.00978").exit_code == 0
    assert run("refs", "unlink", "2402.15319", "2").exit_code == 0
    # Re-extraction: the same raw strings in another order (and a new entry in front).
    extra = ref(1, "A new first entry found by a better extractor", ("New",), 2021)
    moved = [
        extra,
        ref(2, AWQ, ("Lin",), 2023, raw=first[1].raw),
        ref(3, GPTQ, ("Frantar",), 2022, raw=first[0].raw),
    ]
    store_references(db, "2402.15319", moved)
    db.conn.commit()
    resolve_paper(db, "2402.15319", refresh=True)
    links = {s.ref.n: s for s in stored_references(db, "2402.15319")}
    assert (links[3].resolved, links[3].method, links[3].manual) == ("2306.00978", "manual", True)
    assert (links[2].resolved, links[2].manual) == (None, True)
    assert run("refs", "unlink", "2402.15319", "3", "--reset").exit_code == 0
    resolve_paper(db, "2402.15319")
    assert stored_references(db, "2402.15319")[2].resolved == "2210.17323"


def test_link_rejects_unknown_ids_and_numbers(fake_arxiv, root):
    library(root, [ref(1, GPTQ, ("Frantar",), 2022)])
    result = run("refs", "link", "2402.15319", "1", "2301.99999")
    assert result.exit_code == 1 and "not found on arXiv: 2301.99999" in result.output
    assert "--offline links it without asking arXiv" in result.output
    result = run("refs", "link", "2402.15319", "9", "2210.17323", "--offline")
    assert result.exit_code == 1 and "no reference number 9" in result.output
    assert run("refs", "link", "2402.15319", "0", "2210.17323").exit_code == 2
    assert run("refs", "link", "2402.15319", "1", "banana").exit_code == 1


def test_a_link_by_hand_arxiv_did_not_confirm_is_shown_with_a_question_mark(fake_arxiv, root):
    """`refs link ... --offline` to an id arXiv says it lacks showed as confirmed ("arxiv",
    no "?"), as a link arXiv confirmed does."""
    fake_arxiv.add("2210.17323", 2, GPTQ, ["Elias Frantar"], published="2022-10-31T00:00:00Z")
    library(root, [ref(1, GPTQ, ("Frantar",), 2022), ref(2, AWQ, ("Lin",), 2023)])
    assert run("refs", "link", "2402.15319", "2", "2301.99999").exit_code == 1  # (arXiv: no)
    assert run("refs", "link", "2402.15319", "2", "2301.99999", "--offline").exit_code == 0
    assert run("refs", "link", "2402.15319", "1", "2210.17323").exit_code == 0
    shown = run("refs", "2402.15319", "--offline")
    rows = {line.split()[0]: line.split()[1:3] for line in shown.stdout.splitlines()[2:]}
    assert rows["2"] == ["arxiv", "2301.99999?"]
    assert rows["1"] == ["arxiv", "2210.17323"]  # (confirmed when it was linked)
    assert "1 reference(s) linked by hand to an id arXiv has not confirmed" in shown.stderr


def test_refs_without_network_shows_stored_links_then_fails(root):
    """The links found so far are shown, and the exit status says the answer is partial: a
    script tells it from arXiv's whole answer (--offline asks nothing and succeeds)."""
    library(root, [ref(1, GPTQ, ("Frantar",), 2022, "2210.17323")])
    result = CliRunner().invoke(app, ["refs", "2402.15319"], catch_exceptions=False)
    assert result.exit_code == 1
    assert "2210.17323" in result.stdout
    [error] = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert "the links shown are those found so far" in error
    as_json = CliRunner().invoke(app, ["refs", "2402.15319", "--json"], catch_exceptions=False)
    assert as_json.exit_code == 1 and json.loads(as_json.stdout)[0]["arxiv"] == "2210.17323"
    offline = CliRunner().invoke(app, ["refs", "2402.15319", "--offline"])
    assert offline.exit_code == 0 and "Error" not in offline.stderr


def test_refs_usage_errors(root):
    library(root, [ref(1)])
    assert run("refs", "2402.15319", "--depth", "2").exit_code == 2
    assert run("refs", "2402.15319", "--add", "--depth", "0").exit_code == 2
    assert run("refs", "2402.15319", "--add", "--limit", "-1").exit_code == 2
    assert run("refs", "2402.15319", "extra").exit_code == 2
    # an empty id (a script's unset "$ID") is no paper, not the latest one
    for args in (["refs", ""], ["refs", " "], ["next", "--for", ""], ["graph", ""]):
        assert run(*args).exit_code == 2, args
    assert run("refs", "9999.99999").exit_code == 1


def test_every_command_has_help_with_an_example():
    for command in (refs, cited_by, next_, graph, refs.commands["link"], refs.commands["unlink"]):
        assert command.help and "papers " in command.help
    usage = run("refs", "--help").output
    assert "[ID]" in usage and "link" in usage


def test_empty_library_is_a_clear_error(root):
    open_db(root).conn.commit()
    result = run("refs")
    assert result.exit_code == 1 and "library is empty" in result.output
    assert config.db_path(root).exists()


@pytest.mark.parametrize("args", [["refs", "--json"], ["graph"]])
def test_read_commands_need_a_library(root, args):
    assert run(*args).exit_code == 1


def test_group_parsing_keeps_subcommands_reachable(root):
    assert isinstance(refs, click.Group)
    assert set(refs.commands) == {"link", "unlink"}


# a local paper (a PDF without an arXiv id) some references cite by its title
LOCAL_BIT_SPLIT = Paper(
    id="local:bbbb00000002",
    title="Towards Accurate Post-Training Network Quantization",
    authors=["Peisong Wang"],
)


def test_a_reference_links_to_a_local_paper_only_when_year_or_author_agree_too(fake_arxiv, root):
    # "Attention is all you need" (Vaswani, 2017) is no local "Attention is not all you need"
    # (Dong, 2021), though their titles are 0.92 alike; the local copy of the paper itself is
    cited = [
        ref(1, "Attention is all you need", ("Vaswani",), 2017),
        ref(2, "Towards accurate post-training network quantization", ("Wang",), 2020),
    ]
    db = library(root, cited)
    save_paper(
        db,
        Paper(
            id="local:aaaa00000001",
            title="Attention is not all you need",
            authors=["Y. Dong"],
            published="2021-03-05T00:00:00Z",
        ),
    )
    save_paper(db, LOCAL_BIT_SPLIT)
    db.conn.commit()
    resolve_paper(db, "2402.15319")
    links = {s.ref.n: (s.resolved, s.confidence) for s in stored_references(db, "2402.15319")}
    assert links[1][0] is None
    assert links[2] == ("local:bbbb00000002", 1.0)


def test_removing_a_local_paper_unlinks_the_references_to_it(fake_arxiv, root):
    db = library(root, [ref(1, "Towards accurate post-training network quantization", ("Wang",))])
    save_paper(db, LOCAL_BIT_SPLIT)
    db.conn.commit()
    resolve_paper(db, "2402.15319")
    assert stored_references(db, "2402.15319")[0].resolved == "local:bbbb00000002"
    from papers.cli import cli

    assert CliRunner().invoke(cli, ["rm", "local:bbbb00000002", "--yes"]).exit_code == 0
    assert stored_references(open_db(root), "2402.15319")[0].target is None


def test_a_link_to_a_paper_of_the_library_needs_no_request(root):
    # arXiv unreachable (the hermetic default): linking to a library paper by id or name works
    db = library(root, [ref(1, GPTQ, ("Frantar",), 2022)])
    save_paper(db, Paper(id="2210.17323", title=GPTQ))
    db.conn.commit()
    linked = run("refs", "link", "2402.15319", "1", "GPTQ")
    assert linked.exit_code == 0
    assert f"2402.15319 [1] -> 2210.17323 ({GPTQ})" in linked.stderr
    assert stored_references(db, "2402.15319")[0].resolved == "2210.17323"


def test_a_reference_to_the_citing_paper_itself_is_self_not_library(root):
    # (a paper citing its workshop version, or printing its own id: no other paper to read)
    library(root, [ref(1, GPTQ, ("Frantar",), 2022, "2210.17323"), ref(2, arxiv="2402.15319")])
    listed = json.loads(run("refs", "2402.15319", "--offline", "--json").output)
    assert [r["status"] for r in listed] == ["unchecked", "self"]  # (GPTQ: not looked up)
    table = run("refs", "2402.15319", "--offline").stdout.splitlines()
    assert [line.split()[1] for line in table[2:]] == ["unchecked", "self"]


def test_a_local_paper_is_linked_by_its_title_when_the_citing_paper_is_added(root):
    # Bit-Split as a local PDF, then OBC, which cites it by title: show, refs and cited-by
    # agree at once, before arXiv is asked about the reference (and offline)
    db = library(root, [])
    save_paper(db, LOCAL_BIT_SPLIT)
    db.conn.commit()
    store_references(
        db,
        "2402.15319",
        [ref(1, "Towards accurate post-training network quantization", ("Wang",), 2020)],
    )
    db.conn.commit()
    link_library_papers(db, citing=["2402.15319"])
    listed = json.loads(run("refs", "2402.15319", "--offline", "--json").output)
    assert [(r["status"], r["resolved"], r["method"]) for r in listed] == [
        ("library", "local:bbbb00000002", "library")
    ]
    cited = json.loads(run("cited-by", "local:bbbb00000002", "--json").output)
    assert [(c["id"], c["by"]) for c in cited] == [("2402.15319", "title")]  # (no id printed)


def test_an_empty_answer_for_several_ids_is_asked_again_before_it_is_believed(
    fake_arxiv, root, corpus
):
    """arXiv now and then answers a page with no entries, as it answers ids it lacks: for
    three ids or more, none found is asked once more; believed (and cached) only then. Once,
    such a page left a paper's printed ids "not on arXiv" until --refresh."""
    ids = ["2210.17323", "2306.00978", "2208.07339"]
    for arxiv_id in [*ids, "2402.15319"]:  # (and the citing paper, as arXiv has it)
        fake_arxiv.add(arxiv_id, 1, f"Paper number {arxiv_id}", ["Ann Author"])
    fake_arxiv.serve_recorded("arxivpy_id_0000.0000_s0_m100.xml", id_list=ids, times=1)
    # (references printing no title: the id alone decides, whatever the corpus's entries say)
    db = library(
        root,
        [ref(n, None, ("Nobody",), 2023, arxiv=i) for n, i in enumerate(ids, 1)],
    )
    resolve_paper(db, "2402.15319")
    assert {s.ref.n: s.resolved for s in stored_references(db, "2402.15319")} == {
        1: "2210.17323",
        2: "2306.00978",
        3: "2208.07339",
    }
    assert len(fake_arxiv.id_list_requests) == 2
    # ids arXiv really lacks: asked twice, then remembered, and not asked again
    missing = ["2301.99997", "2301.99998", "2301.99999"]
    assert set(cached_fetch(db, missing).values()) == {None}
    assert len(fake_arxiv.id_list_requests) == 4
    assert set(cached_fetch(db, missing).values()) == {None}
    assert len(fake_arxiv.id_list_requests) == 4


def test_an_empty_answer_that_leaves_out_a_paper_arxiv_has_is_a_fault_not_papers_missing(
    fake_arxiv, root, corpus
):
    """A tester's arXiv answered every batch with an empty feed: the printed ids of a paper's
    references were remembered as "not on arXiv", and stayed so once arXiv answered again.
    Asked again with a library paper's id among them, an answer that leaves that one out too
    is a fault: nothing is stored, and the next command asks again."""
    ids = ["2210.17323", "2306.00978", "2208.07339"]
    for arxiv_id in [*ids, "2402.15319"]:
        fake_arxiv.add(arxiv_id, 1, f"Paper number {arxiv_id}", ["Ann Author"])
    db = library(
        root,
        [ref(n, None, ("Nobody",), 2023, arxiv=i) for n, i in enumerate(ids, 1)],
    )
    assert known_on_arxiv(db) == "2402.15319"  # (the citing paper, in the library)
    empty = "arxivpy_id_0000.0000_s0_m100.xml"
    fake_arxiv.serve_recorded(empty, id_list=ids, times=1)
    fake_arxiv.serve_recorded(empty, id_list=[*ids, "2402.15319"], times=1)
    with pytest.raises(NetworkError, match="leaving out 2402.15319 too"):
        cached_fetch(db, ids)
    assert cached_entries(db, ids) == {}  # (nothing remembered as missing)
    # arXiv answers again: the papers are found
    assert all(cached_fetch(db, ids).values())
    # an answer that holds the known paper alone: the others are missing, and remembered
    missing = ["2301.99997", "2301.99998", "2301.99999"]
    asked = len(fake_arxiv.id_list_requests)
    assert set(cached_fetch(db, missing).values()) == {None}
    assert set(cached_entries(db, missing).values()) == {None}
    assert len(fake_arxiv.id_list_requests) == asked + 2
    # the same once arXiv's error entry for a malformed id made the batch be asked again
    # without it (the known paper was left out of that retry)
    fake_arxiv.mark_malformed("2301.99990")
    more = ["2301.99990", "2301.99991", "2301.99992", "2301.99993"]
    asked = len(fake_arxiv.id_list_requests)
    assert set(cached_fetch(db, more).values()) == {None}
    assert "2402.15319" in fake_arxiv.id_list_requests[-1]
    assert len(fake_arxiv.id_list_requests) == asked + 3  # (all four, three, three and it)


def test_counts_show_no_upper_bound_though_a_huge_one_is_an_option_error(root):
    # "[1<=x<=9223372036854775807]" in help and errors: SQLite's bound, no user's
    library(root, [ref(1)])
    for args in (["cited-by", "--help"], ["refs", "link", "--help"], ["goal", "set", "--help"]):
        assert "9223372036854775807" not in run(*args).output, args
    huge = "99999999999999999999999"
    result = CliRunner().invoke(app, ["refs", "link", "2402.15319", huge, "2210.17323"])
    assert result.exit_code == 2 and f"{huge} is larger than any library holds" in result.stderr


def test_printed_years_agree_waives_the_year_for_a_distinctive_title_printed_the_same():
    """A misprinted year (nuQmm's AdaRound of 2017) is no other paper where the title, printed
    the same, tells the paper apart and the first authors agree; else the year decides."""
    from papers.resolve import printed_years_agree

    ada = "Up or down? Adaptive rounding for post-training quantization"
    assert printed_years_agree(ada.lower() + ".", 2017, ada, 2020, 2020, ("Nagel", "Markus Nagel"))
    assert printed_years_agree(ada, 2017, ada, 2020)  # (authors unknown: nothing tells apart)
    assert not printed_years_agree(ada, 2017, ada, 2020, authors=("Smith", "Markus Nagel"))
    assert not printed_years_agree(ada + " of CNNs", 2017, ada, 2020)  # (alike, not the same)
    assert not printed_years_agree("Deep model compression", 2023, "Deep model compression", 2015)
    assert printed_years_agree("Deep model compression", 2016, "Deep model compression", 2015)
