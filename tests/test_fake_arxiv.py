"""The fake arXiv itself: does it answer like the real one, and misbehave on request?"""

from __future__ import annotations

import hashlib
import http.client
import re
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from fake_arxiv import FakeArxiv, FakePaper, parse_query

ATOM = "{http://www.w3.org/2005/Atom}"
OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"


def get(url: str, timeout: float = 5) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def api(fake: FakeArxiv, **params: str) -> tuple[int, ET.Element]:
    query = "&".join(f"{k}={urllib.request.quote(v, safe=',/')}" for k, v in params.items())
    status, _, body = get(f"{fake.api_url}?{query}")
    return status, ET.fromstring(body)


def entry_ids(feed: ET.Element) -> list[str]:
    return [e.findtext(f"{ATOM}id") for e in feed.findall(f"{ATOM}entry")]


def child_tags(element: ET.Element) -> list[str]:
    return [child.tag for child in element]


def total(feed: ET.Element) -> int:
    return int(feed.findtext(f"{OPENSEARCH}totalResults"))


# ---------------------------------------------------------------------------------------------
# Registry


def test_corpus_is_preloaded(fake_arxiv, corpus):
    pdfs = sorted(p.stem for p in (corpus / "pdf").glob("*.pdf"))
    assert sorted(fake_arxiv.papers) == pdfs
    manifest = (corpus / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()[1:]
    for line in manifest:
        _, arxiv_id, stamp_version, title, *_ = line.split("\t")
        paper = fake_arxiv.get(arxiv_id)
        assert paper is not None
        assert (paper.version, paper.title) == (int(stamp_version[1:]), title)
        assert paper.authors and all(name.strip() for name in paper.authors)
        assert paper.pdf == corpus / "pdf" / f"{arxiv_id}.pdf"
    assert [p.version for p in fake_arxiv.papers["2210.17323"]] == [1, 2]
    assert fake_arxiv.get("2210.17323", 1).pdf == corpus / "versions" / "2210.17323v1.pdf"
    assert fake_arxiv.get("2106.09685").version == 2  # from EXTRA.tsv's stamp
    assert fake_arxiv.get("2106.09685").title.startswith("LoRA: Low-Rank Adaptation")


def test_old_style_subject_class_is_not_part_of_the_id(fake_arxiv):
    fake_arxiv.add("math.GT/0309136", 2, "Knots", ["A"], pdf=b"%PDF-1.4 knots")
    assert list(fake_arxiv.papers)[-1] == "math/0309136"
    for asked in ("math.GT/0309136", "math/0309136v2"):
        _, feed = api(fake_arxiv, id_list=asked)
        assert entry_ids(feed) == ["http://arxiv.org/abs/math/0309136v2"]
    assert get(fake_arxiv.pdf_url("math.GT/0309136v2"))[2] == b"%PDF-1.4 knots"


def test_add_replaces_a_version_and_keeps_others(fake_arxiv):
    fake_arxiv.add("2402.15319", 1, "Old title", ["A"])
    fake_arxiv.add("2402.15319", 2, "New", ["A"])
    fake_arxiv.add("2402.15319", 1, "Fixed title", ["A"])
    assert [(p.version, p.title) for p in fake_arxiv.papers["2402.15319"]] == [
        (1, "Fixed title"),
        (2, "New"),
    ]
    assert fake_arxiv.get("2402.15319").version == 2


# ---------------------------------------------------------------------------------------------
# Atom format


def test_entry_layout_matches_a_recorded_response(fake_arxiv, corpus):
    recorded = ET.parse(corpus / "atom" / "arxivpy_id_1605.08386_s0_m100.xml").getroot()
    fake_arxiv.add(
        "1605.08386",
        1,
        "Heat-bath random walks with Markov bases",
        ["Caprice Stanley", "Tobias Windisch"],
        abstract="Graphs on lattice points.",
        categories=("math.CO", "math.ST"),
        comment="20 pages, 3 figures",
        published="2016-05-26T17:59:46Z",
    )
    status, feed = api(fake_arxiv, id_list="1605.08386", start="0", max_results="100")
    assert status == 200
    assert child_tags(feed) == child_tags(recorded)
    ours, theirs = feed.find(f"{ATOM}entry"), recorded.find(f"{ATOM}entry")
    assert child_tags(ours) == child_tags(theirs)
    for tag in ("id", "title", "published", "updated"):
        assert ours.findtext(f"{ATOM}{tag}") == theirs.findtext(f"{ATOM}{tag}")
    pdf_link = [link for link in ours.findall(f"{ATOM}link") if link.get("title") == "pdf"]
    assert pdf_link[0].get("href") == fake_arxiv.pdf_url("1605.08386v1")
    assert pdf_link[0].get("type") == "application/pdf"
    assert total(feed) == 1


def test_optional_fields_are_written(fake_arxiv):
    fake_arxiv.add(
        "2402.15319",
        1,
        "A & B <C>",
        ["Ann", "Bob"],
        doi="10.1/x",
        journal_ref="J. Test 1 (2024)",
        categories=("cs.LG", "stat.ML"),
    )
    _, feed = api(fake_arxiv, id_list="2402.15319")
    entry = feed.find(f"{ATOM}entry")
    arxiv_ns = "{http://arxiv.org/schemas/atom}"
    assert entry.findtext(f"{ATOM}title") == "A & B <C>"
    assert entry.findtext(f"{arxiv_ns}doi") == "10.1/x"
    assert entry.findtext(f"{arxiv_ns}journal_ref") == "J. Test 1 (2024)"
    assert entry.find(f"{arxiv_ns}primary_category").get("term") == "cs.LG"
    assert [a.findtext(f"{ATOM}name") for a in entry.findall(f"{ATOM}author")] == ["Ann", "Bob"]


def test_unknown_id_is_an_empty_feed_like_arxivs(fake_arxiv, corpus):
    recorded = ET.parse(corpus / "atom" / "arxivpy_id_0000.0000_s0_m100.xml").getroot()
    status, feed = api(fake_arxiv, id_list="0000.0000", start="0", max_results="100")
    assert status == 200
    assert child_tags(feed) == child_tags(recorded)
    assert total(feed) == 0 and entry_ids(feed) == []


def test_abc_gets_arxivs_recorded_error_verbatim(fake_arxiv, corpus):
    status, _, body = get(f"{fake_arxiv.api_url}?id_list=abc")
    assert status == 400
    assert body == (corpus / "atom" / "arxivpy_id_abc_s0_m100.xml").read_bytes()


def test_other_malformed_ids_get_the_same_error_shape(fake_arxiv, corpus):
    status, _, body = get(f"{fake_arxiv.api_url}?id_list=2301.00001,foo_bar")
    assert status == 400
    recorded = (corpus / "atom" / "arxivpy_id_abc_s0_m100.xml").read_text(encoding="utf-8")
    expected = recorded.replace("for_abc", "for_foo_bar").replace("for abc", "for foo_bar")

    def without_dates(text: str) -> str:
        return re.sub(r"<updated>[^<]*</updated>", "", text)

    assert without_dates(body.decode()) == without_dates(expected)


def test_marked_ids_are_malformed(fake_arxiv):
    fake_arxiv.mark_malformed("2301.00005")
    status, feed = api(fake_arxiv, id_list="2301.00001,2301.00005")
    assert status == 400
    assert entry_ids(feed) == ["https://arxiv.org/api/errors#incorrect_id_format_for_2301.00005"]


def test_id_list_versions_and_order(fake_arxiv):
    fake_arxiv.add("2402.15319", 1, "v1", ["A"])
    fake_arxiv.add("2402.15319", 2, "v2", ["A"])
    fake_arxiv.add("hep-th/9901001", 3, "old", ["B"])
    _, feed = api(fake_arxiv, id_list="2402.15319,2402.15319v1,hep-th/9901001,2301.00009")
    assert entry_ids(feed) == [
        "http://arxiv.org/abs/hep-th/9901001v3",
        "http://arxiv.org/abs/2402.15319v1",
        "http://arxiv.org/abs/2402.15319v2",
    ]  # reversed: arXiv does not promise the requested order


# ---------------------------------------------------------------------------------------------
# search_query


@pytest.fixture
def searchable(fake_arxiv):
    fake_arxiv.add("2001.00001", 1, "From stripe to checkerboard order", ["Adrian Del Maestro"])
    fake_arxiv.add("2001.00002", 1, "Quantum criticality in wires", ["Adrian Del Maestro"])
    fake_arxiv.add("2001.00003", 1, "Pyrochlore magnets", ["Adrian Del Maestro", "X. Y"])
    fake_arxiv.add("2001.00004", 1, "Checkerboard tilings", ["Someone Else"], abstract="Wires.")
    return fake_arxiv


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("au:del_maestro", ["2001.00001", "2001.00002", "2001.00003"]),
        ("au:del_maestro AND ti:checkerboard", ["2001.00001"]),
        ('au:del_maestro AND ti:"quantum criticality"', ["2001.00002"]),
        ("au:del_maestro ANDNOT (ti:checkerboard OR ti:Pyrochlore)", ["2001.00002"]),
        ("ti:checkerboard OR ti:pyrochlore", ["2001.00001", "2001.00003", "2001.00004"]),
        ("all:wires", ["2001.00002", "2001.00004"]),
        ("wires", ["2001.00002", "2001.00004"]),
        ('ti:"checkerboard order"', ["2001.00001"]),
        ('ti:"order checkerboard"', []),
    ],
)
def test_search_query(searchable, query, expected):
    mine = [p for p in searchable.papers if p.startswith("2001.")]
    papers = [searchable.get(arxiv_id) for arxiv_id in mine]
    matcher = parse_query(query)
    assert [p.arxiv_id for p in papers if matcher(p)] == expected


def test_search_over_http_with_paging(searchable):
    _, feed = api(searchable, search_query="au:del_maestro", start="1", max_results="1")
    assert total(feed) == 3
    assert entry_ids(feed) == ["http://arxiv.org/abs/2001.00002v1"]
    assert feed.findtext(f"{OPENSEARCH}startIndex") == "1"
    assert searchable.search_requests == ["au:del_maestro"]


def test_search_sorted_by_date(fake_arxiv):
    fake_arxiv.add("2001.00011", 1, "Okapi early", ["A"], published="2020-01-01T00:00:00Z")
    fake_arxiv.add("2001.00012", 1, "Okapi late", ["A"], published="2020-06-01T00:00:00Z")
    _, feed = api(fake_arxiv, search_query="ti:okapi", sortBy="submittedDate")
    assert entry_ids(feed) == [
        "http://arxiv.org/abs/2001.00012v1",
        "http://arxiv.org/abs/2001.00011v1",
    ]


def test_bad_search_query_raises():
    with pytest.raises(ValueError):
        parse_query("ti:x AND )")


# ---------------------------------------------------------------------------------------------
# PDFs


def test_pdf_routes(fake_arxiv, corpus):
    v1 = (corpus / "versions" / "2210.17323v1.pdf").read_bytes()
    v2 = (corpus / "pdf" / "2210.17323.pdf").read_bytes()
    for path, expected in [
        ("2210.17323v1", v1),
        ("2210.17323v1.pdf", v1),
        ("2210.17323", v2),
        ("2210.17323v2.pdf", v2),
    ]:
        status, headers, body = get(f"{fake_arxiv.url}/pdf/{path}")
        assert status == 200 and headers["Content-Type"] == "application/pdf"
        assert hashlib.sha256(body).digest() == hashlib.sha256(expected).digest()
    assert get(f"{fake_arxiv.url}/pdf/2210.17323v9")[0] == 404


def test_pdf_for_old_style_id_and_bytes(fake_arxiv):
    fake_arxiv.add("hep-th/9901001", 1, "Old", ["A"], pdf=b"%PDF-1.4 fake bytes")
    assert get(fake_arxiv.pdf_url("hep-th/9901001v1"))[2] == b"%PDF-1.4 fake bytes"
    fake_arxiv.add("hep-th/9901002", 1, "No PDF", ["A"])
    assert get(fake_arxiv.pdf_url("hep-th/9901002v1"))[0] == 404


# ---------------------------------------------------------------------------------------------
# Misbehaving on request


def test_fail_with_retry_after_then_recover(fake_arxiv):
    fake_arxiv.fail(503, times=2, retry_after=7)
    first, second, third = (get(f"{fake_arxiv.api_url}?id_list=2301.00001") for _ in range(3))
    assert [first[0], second[0], third[0]] == [503, 503, 200]
    assert first[1]["Retry-After"] == "7"
    assert "Retry-After" not in third[1]


def test_fail_only_under_its_prefix(fake_arxiv):
    fake_arxiv.add("2301.00001", 1, "T", ["A"], pdf=b"%PDF-1.4 x")
    fake_arxiv.fail(429, times=None, path_prefix="/pdf")
    assert get(f"{fake_arxiv.api_url}?id_list=2301.00001")[0] == 200
    assert get(fake_arxiv.pdf_url("2301.00001v1"))[0] == 429
    assert get(fake_arxiv.pdf_url("2301.00001v1"))[0] == 429
    fake_arxiv.reset()
    assert get(fake_arxiv.pdf_url("2301.00001v1"))[0] == 200


def test_slow_answers_time_out(fake_arxiv):
    fake_arxiv.slow(2.0, times=1)
    with pytest.raises((TimeoutError, urllib.error.URLError)):
        get(f"{fake_arxiv.api_url}?id_list=2301.00001", timeout=0.2)
    assert get(f"{fake_arxiv.api_url}?id_list=2301.00001", timeout=2)[0] == 200


def test_drop_connection(fake_arxiv):
    fake_arxiv.drop_connection(times=1)
    with pytest.raises((http.client.RemoteDisconnected, urllib.error.URLError, ConnectionError)):
        get(f"{fake_arxiv.api_url}?id_list=2301.00001")
    assert get(f"{fake_arxiv.api_url}?id_list=2301.00001")[0] == 200
    assert fake_arxiv.count("/api") == 2


def test_html_instead_of_pdf(fake_arxiv):
    fake_arxiv.add("2301.00001", 1, "T", ["A"], pdf=b"%PDF-1.4 x")
    fake_arxiv.html_instead_of_pdf(times=1)
    status, headers, body = get(fake_arxiv.pdf_url("2301.00001v1"))
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert body.startswith(b"<!DOCTYPE html>")
    assert get(fake_arxiv.pdf_url("2301.00001v1"))[2] == b"%PDF-1.4 x"


def test_truncate_pdf(fake_arxiv):
    data = b"%PDF-1.4 " + bytes(range(256)) * 40
    fake_arxiv.add("2301.00001", 1, "T", ["A"], pdf=data)
    fake_arxiv.truncate_pdf(100, times=1)
    with pytest.raises(http.client.IncompleteRead) as caught:
        get(fake_arxiv.pdf_url("2301.00001v1"))
    assert caught.value.partial == data[:100]
    fake_arxiv.truncate_pdf(0.25, honest_length=True, times=1)
    status, headers, body = get(fake_arxiv.pdf_url("2301.00001v1"))
    assert body == data[: len(data) // 4] and headers["Content-Length"] == str(len(data) // 4)


# ---------------------------------------------------------------------------------------------
# Recorded answers and the request log


def test_serve_recorded_verbatim_with_its_status(fake_arxiv, corpus):
    recorded = corpus / "atom" / "arxivpy_id_astro-ph_0601001_s0_m100.xml"
    fake_arxiv.serve_recorded(recorded.name)
    status, _, body = get(f"{fake_arxiv.api_url}?id_list=astro-ph/0601001")
    assert (status, body) == (200, recorded.read_bytes())
    # Other queries are still answered from the registry.
    assert get(f"{fake_arxiv.api_url}?id_list=2210.17323")[2] != recorded.read_bytes()


def test_serve_recorded_once_for_any_query(fake_arxiv, tmp_path):
    page = tmp_path / "answer.xml"
    page.write_bytes(b"<feed/>")
    fake_arxiv.serve_recorded(page, status=503, id_list=None, times=1)
    assert get(f"{fake_arxiv.api_url}?id_list=2301.00001")[0] == 503
    assert get(f"{fake_arxiv.api_url}?id_list=2301.00001")[0] == 200  # used up
    fake_arxiv.serve_recorded(page, status=503, search_query="ti:x", times=1)
    assert get(f"{fake_arxiv.api_url}?search_query=ti:x")[0] == 503
    assert get(f"{fake_arxiv.api_url}?search_query=ti:x")[0] == 200


def test_request_log(fake_arxiv):
    get(f"{fake_arxiv.api_url}?id_list=2301.00001,2301.00002&max_results=100")
    get(f"{fake_arxiv.api_url}?search_query=ti:okapi")
    get(f"{fake_arxiv.url}/pdf/2301.00001v1")
    assert (
        fake_arxiv.count() == 3 and fake_arxiv.count("/api") == 2 and fake_arxiv.count("/pdf") == 1
    )
    assert fake_arxiv.id_list_requests == [["2301.00001", "2301.00002"]]
    assert fake_arxiv.search_requests == ["ti:okapi"]
    path, query = fake_arxiv.requests[0]
    assert path == "/api/query" and query["max_results"] == "100"
    times = fake_arxiv.times()
    assert times == sorted(times)


def test_fake_without_corpus_starts_empty():
    fake = FakeArxiv(preload=False).start()
    try:
        status, _, body = get(f"{fake.api_url}?id_list=2210.17323")
        assert status == 200 and b"<entry>" not in body
        assert fake.papers == {}
    finally:
        fake.stop()


def test_fake_paper_reads_pdf_lazily(tmp_path):
    path = tmp_path / "p.pdf"
    paper = FakePaper("2301.00001", 1, "T", ["A"], pdf=path)
    path.write_bytes(b"%PDF-1.4 late")  # written after registration
    assert paper.pdf_bytes() == b"%PDF-1.4 late"
    assert FakePaper("2301.00001", 1, "T", ["A"]).pdf_bytes() is None
    assert isinstance(paper.pdf, Path)
