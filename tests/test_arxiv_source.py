"""arxiv_source against the fake arXiv: recorded responses, batching, retries, downloads."""

from __future__ import annotations

import hashlib
import os
import re
import time
from pathlib import Path

import pymupdf
import pytest
from fake_arxiv import (
    HUNG_ANSWER_IDS,
    HUNG_ANSWERS,
    HUNG_ATOM_HEADERS,
    HUNG_PDF_HEADERS,
    HungServer,
    error_feed,
    unused_port,
)

from papers import arxiv_source, config
from papers.errors import LibraryError, NetworkError, PapersError, PdfError


def make_pdf(pages: int = 3, padding: int = 0) -> bytes:
    """A small real PDF; `padding` bytes of an embedded file make it bigger when needed."""
    doc = pymupdf.open()
    for number in range(pages):
        page = doc.new_page()
        page.insert_text((72, 72), f"Page {number + 1} of a test paper on quantization")
    if padding:
        doc.embfile_add("padding.bin", os.urandom(padding))
    data = doc.tobytes()
    doc.close()
    return data


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.fixture
def folder(tmp_path) -> Path:
    """An empty download folder (tmp_path itself holds the hermetic library root)."""
    path = tmp_path / "downloads"
    path.mkdir()
    return path


# ---------------------------------------------------------------------------------------------
# Real recorded responses


def test_recorded_new_style_entry(fake_arxiv, corpus):
    fake_arxiv.serve_recorded("arxivpy_id_1605.08386_s0_m100.xml")
    entries = arxiv_source.fetch_entries(["1605.08386"])
    entry = entries["1605.08386"]
    assert entry is not None
    assert (entry.arxiv_id, entry.version) == ("1605.08386", 1)
    assert entry.title == "Heat-bath random walks with Markov bases"
    assert entry.authors == ["Caprice Stanley", "Tobias Windisch"]
    assert entry.categories == ["math.CO", "math.ST"]
    assert entry.primary_category == "math.CO"
    assert entry.published == "2016-05-26T17:59:46Z"
    assert entry.updated == "2016-05-26T17:59:46Z"
    assert entry.comment == "20 pages, 3 figures"
    assert entry.doi is None and entry.journal_ref is None
    assert entry.pdf_url == "https://arxiv.org/pdf/1605.08386v1"
    assert entry.abstract.startswith("Graphs on lattice points are studied")
    assert fake_arxiv.id_list_requests == [["1605.08386"]]


def test_recorded_old_style_entry_with_journal_ref(fake_arxiv, corpus):
    fake_arxiv.serve_recorded("arxivpy_id_astro-ph_0601001_s0_m100.xml")
    entry = arxiv_source.fetch_entries(["astro-ph/0601001"])["astro-ph/0601001"]
    assert entry is not None
    assert (entry.arxiv_id, entry.version) == ("astro-ph/0601001", 1)
    assert entry.journal_ref == "ActaAstron.56:1-50,2006"
    assert entry.authors == ["Andrew Gould", "Susan Dorsher", "B. Scott Gaudi", "Andrzej Udalski"]
    assert entry.abstract.startswith("We derive the frequencies")  # leading blanks gone
    assert "\n" not in entry.abstract
    assert entry.primary_category == "astro-ph"


def test_recorded_old_style_id_with_version(fake_arxiv, corpus):
    fake_arxiv.serve_recorded("arxivpy_id_quant-ph_0201082v1_s0_m100.xml")
    entry = arxiv_source.fetch_entries(["quant-ph/0201082v1"])["quant-ph/0201082v1"]
    assert entry is not None
    assert (entry.arxiv_id, entry.version) == ("quant-ph/0201082", 1)
    assert entry.categories == ["quant-ph", "cs.PL"]
    assert entry.authors == ["Stephen Blaha"]


def test_recorded_new_style_id_with_version(fake_arxiv, corpus):
    fake_arxiv.serve_recorded("arxivpy_id_2104.12255v1_s0_m100.xml")
    entry = arxiv_source.fetch_entries(["2104.12255v1"])["2104.12255v1"]
    assert entry is not None
    assert entry.title == "0"  # a real title, not a missing one
    assert entry.comment is None
    assert entry.authors == ["Quan Thoi Minh Nguyen"]


def test_recorded_empty_feed_is_not_found(fake_arxiv, corpus):
    # 0000.0000 is rejected by parse_arxiv_id, so the empty answer is served for a valid id.
    fake_arxiv.serve_recorded("arxivpy_id_0000.0000_s0_m100.xml", id_list="2301.99999")
    assert arxiv_source.fetch_entries(["2301.99999"]) == {"2301.99999": None}
    assert fake_arxiv.count("/api") == 1


def test_an_empty_page_that_announces_results_is_a_network_fault_not_a_miss(
    fake_arxiv, corpus, tmp_path
):
    """arXiv sometimes answers with no entry though totalResults says one: asked again later,
    never cached as "not on arXiv"; nor is a feed cut off before its end."""
    empty = (corpus / "atom" / "arxivpy_id_0000.0000_s0_m100.xml").read_bytes()
    lying = tmp_path / "lying.xml"
    lying.write_bytes(empty.replace(b"<opensearch:totalResults>0<", b"<opensearch:totalResults>1<"))
    fake_arxiv.serve_recorded(lying, status=200, id_list="2301.99999", times=1)
    with pytest.raises(NetworkError, match="held 0 of the 1 entries it announced"):
        arxiv_source.fetch_entries(["2301.99999"])
    whole = (corpus / "atom" / "arxivpy_id_1605.08386_s0_m100.xml").read_bytes()
    cut = tmp_path / "cut.xml"
    cut.write_bytes(whole[: whole.index(b"</entry>")])
    fake_arxiv.serve_recorded(cut, status=200, id_list="1605.08386", times=1)
    with pytest.raises(NetworkError, match="was cut off"):
        arxiv_source.fetch_entries(["1605.08386"])
    # (a feed that names its namespace, as a mirror may, ends whole with </atom:feed>)
    prefixed = tmp_path / "prefixed.xml"
    prefixed.write_bytes(
        whole.replace(
            b"<feed ", b'<atom:feed xmlns:atom="http://www.w3.org/2005/Atom" ', 1
        ).replace(b"</feed>", b"</atom:feed>")
    )
    fake_arxiv.serve_recorded(prefixed, status=200, id_list="1605.08386", times=1)
    try:
        arxiv_source.fetch_entries(["1605.08386"])
    except NetworkError as exc:
        assert "cut off" not in str(exc)
    fake_arxiv.serve_recorded(lying, status=200, search_query=None, times=1)
    with pytest.raises(NetworkError, match="search"):
        arxiv_source.search('ti:"nothing at all"')


def test_recorded_error_entry_with_http_400_is_not_found(fake_arxiv, corpus):
    fake_arxiv.serve_recorded("arxivpy_id_abc_s0_m100.xml", id_list="2301.00001")
    assert arxiv_source.fetch_entries(["2301.00001"]) == {"2301.00001": None}
    assert fake_arxiv.count("/api") == 1


def test_recorded_error_entry_with_http_200_is_not_found(fake_arxiv, corpus):
    fake_arxiv.serve_recorded("arxivpy_id_abc_s0_m100.xml", status=200, id_list="2301.00001")
    assert arxiv_source.fetch_entries(["2301.00001"]) == {"2301.00001": None}


def test_recorded_batch_with_one_missing_id(fake_arxiv, corpus):
    # 0808.05394 has five digits before 2015: parse_arxiv_id rejects it, so it is not sent.
    fake_arxiv.serve_recorded(
        "arxivpy_id_0808.05394_1707.08567_s0_m100.xml", id_list=["1707.08567"]
    )
    entries = arxiv_source.fetch_entries(["0808.05394", "1707.08567"])
    assert entries["0808.05394"] is None
    entry = entries["1707.08567"]
    assert entry is not None and len(entry.authors) == 34
    assert entry.authors[0] == "Kees A. Schouhamer Immink"
    assert "Dirk Wübben" in entry.authors
    assert fake_arxiv.id_list_requests == [["1707.08567"]]


def test_recorded_batch_answer_for_a_valid_missing_id(fake_arxiv, corpus):
    fake_arxiv.serve_recorded(
        "arxivpy_id_0808.05394_1707.08567_s0_m100.xml", id_list=["2301.00002", "1707.08567"]
    )
    entries = arxiv_source.fetch_entries(["2301.00002", "1707.08567"])
    assert entries["2301.00002"] is None
    assert entries["1707.08567"] is not None
    assert entries["1707.08567"].title.startswith("Proceedings of Workshop AEW10")


# ---------------------------------------------------------------------------------------------
# Batching and matching


def test_250_ids_take_three_requests_and_match_back(fake_arxiv):
    ids = [f"2301.{n:05d}" for n in range(1, 251)]
    for n, arxiv_id in enumerate(ids):
        if n % 10 != 3:  # every tenth id is unknown to arXiv
            fake_arxiv.add(arxiv_id, 1 + n % 3, f"Paper number {n}", [f"Author {n}"])
    entries = arxiv_source.fetch_entries(ids)
    assert [len(batch) for batch in fake_arxiv.id_list_requests] == [100, 100, 50]
    assert list(entries) == ids
    for n, arxiv_id in enumerate(ids):
        entry = entries[arxiv_id]
        if n % 10 == 3:
            assert entry is None
        else:
            assert entry is not None
            assert (entry.arxiv_id, entry.version, entry.title) == (
                arxiv_id,
                1 + n % 3,
                f"Paper number {n}",
            )


def test_fake_answers_out_of_order_and_results_still_match(fake_arxiv):
    fake_arxiv.add("2401.00001", 1, "First", ["A"])
    fake_arxiv.add("2401.00002", 1, "Second", ["B"])
    entries = arxiv_source.fetch_entries(["2401.00001", "2401.00002"])
    assert entries["2401.00001"].title == "First"
    assert entries["2401.00002"].title == "Second"


def test_versions(fake_arxiv):
    fake_arxiv.add("2402.15319", 1, "GPTVQ v1", ["Mart van Baalen"])
    fake_arxiv.add("2402.15319", 2, "GPTVQ v2", ["Mart van Baalen"])
    entries = arxiv_source.fetch_entries(["2402.15319", "2402.15319v1", "2402.15319v3"])
    assert (entries["2402.15319"].version, entries["2402.15319"].title) == (2, "GPTVQ v2")
    assert (entries["2402.15319v1"].version, entries["2402.15319v1"].title) == (1, "GPTVQ v1")
    assert entries["2402.15319v3"] is None
    assert fake_arxiv.id_list_requests == [["2402.15319", "2402.15319v1", "2402.15319v3"]]


def test_ids_as_given_are_the_keys(fake_arxiv):
    fake_arxiv.add("2402.15319", 2, "GPTVQ", ["Mart van Baalen"])
    given = ["arXiv:2402.15319", "https://arxiv.org/abs/2402.15319v2", "2402.15319"]
    entries = arxiv_source.fetch_entries(given)
    assert list(entries) == given
    assert all(entry is not None and entry.arxiv_id == "2402.15319" for entry in entries.values())
    assert fake_arxiv.id_list_requests == [["2402.15319", "2402.15319v2"]]


def test_old_style_ids(fake_arxiv):
    fake_arxiv.add("hep-th/9901001", 1, "An old hep-th paper", ["P. Physicist"])
    fake_arxiv.add("math/0309136", 2, "A knot paper", ["T. Topologist"])
    entries = arxiv_source.fetch_entries(["hep-th/9901001", "math.GT/0309136", "hep-th/9901001v1"])
    assert entries["hep-th/9901001"].title == "An old hep-th paper"
    assert entries["hep-th/9901001v1"].version == 1
    knot = entries["math.GT/0309136"]
    assert (knot.arxiv_id, knot.version) == ("math/0309136", 2)
    # The subject class is not part of an old-style id: arXiv is asked for math/0309136.
    assert "math/0309136" in fake_arxiv.id_list_requests[0]


def test_unknown_id_is_none(fake_arxiv):
    assert arxiv_source.fetch_entries(["2301.00042"]) == {"2301.00042": None}
    assert fake_arxiv.count("/api") == 1


def test_malformed_ids_are_none_without_a_request(fake_arxiv):
    fake_arxiv.add("2301.00001", 1, "Real", ["A"])
    entries = arxiv_source.fetch_entries(["abc", "2301.00001", "not-an-id"])
    assert entries == {"abc": None, "2301.00001": entries["2301.00001"], "not-an-id": None}
    assert entries["2301.00001"] is not None
    assert fake_arxiv.id_list_requests == [["2301.00001"]]


def test_no_valid_ids_no_request(fake_arxiv):
    assert arxiv_source.fetch_entries(["abc"]) == {"abc": None}
    assert arxiv_source.fetch_entries([]) == {}
    assert fake_arxiv.count() == 0


def test_batch_error_blaming_one_id_drops_it_and_asks_again(fake_arxiv):
    for n in (1, 5, 7):
        fake_arxiv.add(f"2301.0000{n}", 1, f"Paper {n}", ["A"])
    fake_arxiv.mark_malformed("2301.00005")
    entries = arxiv_source.fetch_entries(["2301.00001", "2301.00005", "2301.00007"])
    assert entries["2301.00005"] is None
    assert entries["2301.00001"].title == "Paper 1"
    assert entries["2301.00007"].title == "Paper 7"
    assert fake_arxiv.id_list_requests == [
        ["2301.00001", "2301.00005", "2301.00007"],
        ["2301.00001", "2301.00007"],
    ]


def test_batch_error_blaming_no_known_id_splits_the_batch(fake_arxiv, corpus):
    ids = [f"2301.0000{n}" for n in range(1, 5)]
    for arxiv_id in ids:
        fake_arxiv.add(arxiv_id, 1, f"Paper {arxiv_id}", ["A"])
    fake_arxiv.serve_recorded("arxivpy_id_abc_s0_m100.xml", id_list=ids, times=1)
    entries = arxiv_source.fetch_entries(ids)
    assert all(entries[i] is not None and entries[i].title == f"Paper {i}" for i in ids)
    assert fake_arxiv.id_list_requests == [ids, ids[:2], ids[2:]]


def test_error_entry_not_about_ids_is_raised_not_split(fake_arxiv, tmp_path):
    answer = tmp_path / "error.xml"
    answer.write_bytes(error_feed("max_results_too_large", "max_results too large"))
    ids = [f"2301.0000{n}" for n in range(1, 5)]
    fake_arxiv.serve_recorded(answer, status=400, id_list=ids)
    with pytest.raises(PapersError, match="arXiv rejected the request: max_results too large"):
        arxiv_source.fetch_entries(ids)
    assert fake_arxiv.count("/api") == 1


def test_answer_that_is_not_a_feed_is_a_network_error(fake_arxiv, tmp_path):
    page = tmp_path / "proxy.html"
    page.write_text("<html><body>Service temporarily moved</body></html>")
    fake_arxiv.serve_recorded(page, status=200, id_list="2301.00001")
    with pytest.raises(NetworkError, match="not an Atom feed|other than an Atom feed"):
        arxiv_source.fetch_entries(["2301.00001"])


def test_requests_name_the_tool(fake_arxiv):
    arxiv_source.fetch_entries(["2301.00001"])
    assert fake_arxiv.log[0].headers["User-Agent"].startswith("papers/")


# ---------------------------------------------------------------------------------------------
# Retries, failures, timeouts


@pytest.mark.parametrize("status", [429, 502, 503, 504])
def test_retryable_status_then_success(fake_arxiv, monkeypatch, status):
    monkeypatch.setenv("PAPERS_ARXIV_RETRIES", "4")
    fake_arxiv.add("2301.00001", 1, "Patience", ["A"])
    fake_arxiv.fail(status, times=2)
    entry = arxiv_source.fetch_entries(["2301.00001"])["2301.00001"]
    assert entry is not None and entry.title == "Patience"
    assert fake_arxiv.count("/api") == 3


def test_retry_after_is_honoured(fake_arxiv, monkeypatch):
    monkeypatch.setenv("PAPERS_ARXIV_RETRIES", "2")
    fake_arxiv.add("2301.00001", 1, "Later", ["A"])
    fake_arxiv.fail(503, times=1, retry_after="0.3")
    assert arxiv_source.fetch_entries(["2301.00001"])["2301.00001"] is not None
    first, second = fake_arxiv.times("/api")
    assert second - first >= 0.3


def test_429_outlasting_the_retries(fake_arxiv, monkeypatch):
    monkeypatch.setenv("PAPERS_ARXIV_RETRIES", "3")
    fake_arxiv.fail(429, times=None)
    with pytest.raises(NetworkError) as caught:
        arxiv_source.fetch_entries(["2301.00001"])
    # (one failure met every attempt: it alone, in full)
    assert re.fullmatch(
        r"arXiv kept answering 429 Too Many Requests after 4 attempts over [\d.]+ s "
        r"\(127\.0\.0\.1:\d+\)",
        str(caught.value),
    )
    assert fake_arxiv.count("/api") == 4


def test_the_error_after_the_retries_says_what_each_attempt_met(fake_arxiv, monkeypatch):
    """It said the last attempt's failure alone ("arXiv kept answering 503 ... after 3
    retries"), though three attempts before it met others: the attempts, in short, and how
    long they took, on one line."""
    monkeypatch.setenv("PAPERS_ARXIV_RETRIES", "4")
    fake_arxiv.drop_connection(times=1)
    fake_arxiv.fail(503, times=2)
    fake_arxiv.fail(429, times=1, retry_after="0.3")
    fake_arxiv.fail(503, times=None)
    with pytest.raises(NetworkError) as caught:
        arxiv_source.fetch_entries(["2301.00001"])
    message = str(caught.value)
    said = re.fullmatch(
        r"arXiv unavailable after 5 attempts over ([\d.]+) s "
        r"\(closed, 503, 503, 429, 503; 127\.0\.0\.1:\d+\)",
        message,
    )
    assert said, message
    first, *_, last = fake_arxiv.times("/api")
    assert float(said.group(1)) == pytest.approx(last - first, abs=0.05)
    assert float(said.group(1)) >= 0.3  # (the Retry-After waited)
    assert fake_arxiv.count("/api") == 5
    # no answer that said arXiv is there: unreachable, each attempt said
    fake_arxiv.reset()
    monkeypatch.setenv("PAPERS_ARXIV_TIMEOUT", "0.2")
    monkeypatch.setenv("PAPERS_ARXIV_RETRIES", "2")
    fake_arxiv.slow(1.0, times=1)
    fake_arxiv.drop_connection(times=None)
    with pytest.raises(NetworkError) as caught:
        arxiv_source.fetch_entries(["2301.00001"])
    assert re.fullmatch(
        r"arXiv unreachable after 3 attempts over [\d.]+ s "
        r"\(timeout, closed, closed; 127\.0\.0\.1:\d+\)",
        str(caught.value),
    ), str(caught.value)


def test_other_http_errors_are_not_retried(fake_arxiv, monkeypatch):
    monkeypatch.setenv("PAPERS_ARXIV_RETRIES", "3")
    fake_arxiv.fail(500, times=None)
    with pytest.raises(NetworkError, match="HTTP 500 Internal Server Error"):
        arxiv_source.fetch_entries(["2301.00001"])
    assert fake_arxiv.count("/api") == 1


@pytest.mark.parametrize("retries", ["1", "4"])
def test_connection_refused_is_retried_once_only(monkeypatch, retries):
    # the network or arXiv is down: an offline add must not wait out four backoffs
    monkeypatch.setenv("PAPERS_ARXIV_API", f"http://127.0.0.1:{unused_port()}/api/query")
    monkeypatch.setenv("PAPERS_ARXIV_RETRIES", retries)
    monkeypatch.setenv("PAPERS_ARXIV_BACKOFF", "0.01")
    with pytest.raises(NetworkError) as caught:
        arxiv_source.fetch_entries(["2301.00001"])
    message = str(caught.value)
    assert message.startswith("arXiv unreachable: connection refused after 2 attempts over ")
    assert "\n" not in message


def test_a_connection_dropped_every_time_gets_all_the_retries(fake_arxiv, monkeypatch):
    monkeypatch.setenv("PAPERS_ARXIV_RETRIES", "3")
    fake_arxiv.drop_connection(times=None)
    with pytest.raises(NetworkError, match="after 4 attempts over "):
        arxiv_source.fetch_entries(["2301.00001"])
    assert fake_arxiv.count("/api") == 4


def test_dropped_connection_is_retried(fake_arxiv, monkeypatch):
    monkeypatch.setenv("PAPERS_ARXIV_RETRIES", "2")
    fake_arxiv.add("2301.00001", 1, "Second try", ["A"])
    fake_arxiv.drop_connection(times=1)
    assert arxiv_source.fetch_entries(["2301.00001"])["2301.00001"].title == "Second try"
    assert fake_arxiv.count("/api") == 2


def test_connection_dropped_every_time(fake_arxiv, monkeypatch):
    monkeypatch.setenv("PAPERS_ARXIV_RETRIES", "1")
    fake_arxiv.drop_connection(times=None)
    with pytest.raises(NetworkError, match="^arXiv unreachable: "):
        arxiv_source.fetch_entries(["2301.00001"])
    assert fake_arxiv.count("/api") == 2


def test_timeout(fake_arxiv, monkeypatch):
    # a server silent for the whole timeout, twice, is hung: not asked a third time (four
    # retries of 30 s made a dead arXiv cost three minutes)
    monkeypatch.setenv("PAPERS_ARXIV_TIMEOUT", "0.2")
    monkeypatch.setenv("PAPERS_ARXIV_RETRIES", "3")
    fake_arxiv.slow(2.0)
    with pytest.raises(
        NetworkError, match=r"arXiv unreachable: no answer within 0\.2 s after 2 attempts over "
    ):
        arxiv_source.fetch_entries(["2301.00001"])
    assert fake_arxiv.count("/api") == 2


@pytest.mark.parametrize(("answer", "silence", "failure"), HUNG_ANSWERS, ids=HUNG_ANSWER_IDS)
def test_a_hung_server_is_asked_twice_and_its_silence_said_at_once(
    monkeypatch, answer, silence, failure
):
    # it accepts, then never answers (or sends the headers of an answer and no more): the
    # headers-only case was said "ConnectionError", and both were asked five times
    notices: list[str] = []
    monkeypatch.setattr(config, "notice", notices.append)
    monkeypatch.setenv("PAPERS_ARXIV_TIMEOUT", "0.5")
    monkeypatch.setenv("PAPERS_ARXIV_RETRIES", "4")
    with HungServer(answer) as server:
        monkeypatch.setenv("PAPERS_ARXIV_API", server.api_url)
        with pytest.raises(NetworkError) as caught:
            arxiv_source.fetch_entries(["2301.00001"])
        seen = server.connections
        host = server.url.removeprefix("http://")
    assert re.fullmatch(
        rf"arXiv unreachable: {failure} within 0\.5 s after 2 attempts over [\d.]+ s \({host}\)",
        str(caught.value),
    ), str(caught.value)
    assert seen == 2  # (it was 5: every retry waited out the whole timeout)
    # said while the first wait goes on, once: the retry after it says itself
    said = silence.format(host=host)
    assert notices == [f"{said} in 0.25 s; waiting up to 0.5 s (PAPERS_ARXIV_TIMEOUT)"]


def test_an_answer_that_keeps_coming_is_not_said_silent(monkeypatch):
    # a body that comes slowly, a piece every 0.1 s for 1.2 s, past the 0.3 s after which a
    # silence is said: it was said "no answer from ..." though it never stopped
    import socket
    import threading

    body = b"<feed>" + b" " * 11 + b"</feed>"
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()

    def serve() -> None:
        conn, _ = server.accept()
        with conn:
            conn.recv(65536)
            conn.sendall(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/atom+xml\r\n"
                + f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
            )
            for piece in (body[i : i + 2] for i in range(0, len(body), 2)):
                time.sleep(0.1)
                conn.sendall(piece)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    notices: list[str] = []
    monkeypatch.setattr(config, "notice", notices.append)
    monkeypatch.setenv("PAPERS_ARXIV_TIMEOUT", "0.6")
    monkeypatch.setenv("PAPERS_ARXIV_RETRIES", "0")
    try:
        with arxiv_source._Session() as session:
            started = time.monotonic()
            response = session.get(f"http://127.0.0.1:{server.getsockname()[1]}/api/query")
            took = time.monotonic() - started
    finally:
        thread.join(5)
        server.close()
    assert response.content == body
    assert took >= 0.9  # (past the notice's 0.3 s, three times)
    assert notices == []


def test_a_retry_after_an_answer_that_stalled_says_it_stopped(monkeypatch):
    # headers, then nothing for the whole timeout: "arXiv did not answer" was untrue
    notices: list[str] = []
    monkeypatch.setattr(config, "notice", notices.append)
    monkeypatch.setattr(arxiv_source, "WAIT_NOTICE", 0.2)
    monkeypatch.setenv("PAPERS_ARXIV_TIMEOUT", "0.3")
    monkeypatch.setenv("PAPERS_ARXIV_RETRIES", "1")
    monkeypatch.setenv("PAPERS_ARXIV_BACKOFF", "0.01")
    with HungServer(HUNG_ATOM_HEADERS) as server:
        monkeypatch.setenv("PAPERS_ARXIV_API", server.api_url)
        with pytest.raises(NetworkError):
            arxiv_source.fetch_entries(["2301.00001"])
    assert notices[1:] == [
        "arXiv stopped answering (its answer began but nothing more came within 0.3 s); "
        "trying again in 0 s (1 of 1)"
    ]


def test_a_silence_is_not_said_when_the_answer_comes_first(fake_arxiv, monkeypatch):
    notices: list[str] = []
    monkeypatch.setattr(config, "notice", notices.append)
    monkeypatch.setenv("PAPERS_ARXIV_TIMEOUT", "2")
    fake_arxiv.add("2301.00001", 1, "Prompt", ["A"])
    assert arxiv_source.fetch_entries(["2301.00001"])["2301.00001"] is not None
    time.sleep(1.2)  # (past the time the silence would have been said)
    assert notices == []


def test_one_slow_answer_then_a_quick_one(fake_arxiv, monkeypatch):
    monkeypatch.setenv("PAPERS_ARXIV_TIMEOUT", "0.2")
    monkeypatch.setenv("PAPERS_ARXIV_RETRIES", "1")
    fake_arxiv.add("2301.00001", 1, "Eventually", ["A"])
    fake_arxiv.slow(2.0, times=1)
    assert arxiv_source.fetch_entries(["2301.00001"])["2301.00001"].title == "Eventually"


def test_requests_are_spaced_by_the_delay(fake_arxiv, monkeypatch, tmp_path):
    monkeypatch.setenv("PAPERS_ARXIV_DELAY", "0.2")
    fake_arxiv.add("2301.00001", 1, "Spaced quantization", ["A"], pdf=make_pdf(1))
    arxiv_source.fetch_entries(["2301.00001"])
    arxiv_source.fetch_entries(["2301.00002"])
    arxiv_source.search("ti:spaced")
    arxiv_source.download_pdf(fake_arxiv.pdf_url("2301.00001v1"), tmp_path / "a.pdf")
    arxiv_source.fetch_entries(["2301.00003"])
    times = fake_arxiv.times()
    assert len(times) == 5
    gaps = [later - earlier for earlier, later in zip(times, times[1:], strict=False)]
    assert min(gaps) >= 0.2, gaps


def test_retries_are_spaced_too(fake_arxiv, monkeypatch):
    monkeypatch.setenv("PAPERS_ARXIV_DELAY", "0.2")
    monkeypatch.setenv("PAPERS_ARXIV_RETRIES", "2")
    fake_arxiv.fail(503, times=2)
    arxiv_source.fetch_entries(["2301.00001"])
    times = fake_arxiv.times("/api")
    assert len(times) == 3
    assert all(later - earlier >= 0.2 for earlier, later in zip(times, times[1:], strict=False))


# ---------------------------------------------------------------------------------------------
# Search


def test_search_matches_and_converts(fake_arxiv):
    fake_arxiv.add(
        "2402.15319",
        2,
        "GPTVQ: The Blessing of Dimensionality for LLM Quantization",
        ["Mart van Baalen", "Andrey Kuzmin", "Markus Nagel"],
        abstract="Vector quantization for LLMs.",
        categories=("cs.LG", "cs.AI"),
        doi="10.1234/gptvq",
        journal_ref="Proc. Imaginary Conf. 2024",
        comment="12 pages",
    )
    found = arxiv_source.search('ti:"blessing of dimensionality" AND au:van_baalen')
    assert [e.arxiv_id for e in found] == ["2402.15319"]
    entry = found[0]
    assert entry.categories == ["cs.LG", "cs.AI"] and entry.primary_category == "cs.LG"
    assert (entry.doi, entry.journal_ref, entry.comment) == (
        "10.1234/gptvq",
        "Proc. Imaginary Conf. 2024",
        "12 pages",
    )
    assert entry.pdf_url == fake_arxiv.pdf_url("2402.15319v2")
    assert fake_arxiv.search_requests == ['ti:"blessing of dimensionality" AND au:van_baalen']


def test_search_pages_through_results(fake_arxiv):
    for n in range(1, 131):
        fake_arxiv.add(f"2305.{n:05d}", 1, f"Zebrafish study {n}", ["A"])
    found = arxiv_source.search("ti:zebrafish", max_results=120)
    assert [e.title for e in found] == [f"Zebrafish study {n}" for n in range(1, 121)]
    starts = [q["start"] for path, q in fake_arxiv.requests if path.startswith("/api")]
    assert starts == ["0", "100"]


def test_search_without_match(fake_arxiv):
    assert arxiv_source.search("ti:nonexistentwordxyz") == []
    assert fake_arxiv.count("/api") == 1


def test_search_rejected_by_arxiv(fake_arxiv, corpus):
    fake_arxiv.serve_recorded("arxivpy_id_abc_s0_m100.xml", search_query="ti:(((")
    with pytest.raises(PapersError, match="arXiv rejected the search"):
        arxiv_source.search("ti:(((")


def test_search_429_then_success(fake_arxiv, monkeypatch):
    monkeypatch.setenv("PAPERS_ARXIV_RETRIES", "2")
    fake_arxiv.add("2305.00001", 1, "Okapi behaviour", ["A"])
    fake_arxiv.fail(429, times=1)
    assert [e.title for e in arxiv_source.search("ti:okapi")] == ["Okapi behaviour"]


# ---------------------------------------------------------------------------------------------
# PDF download


def test_download_pdf(fake_arxiv, folder):
    data = make_pdf(3)
    fake_arxiv.add("2301.00001", 1, "Downloadable", ["A"], pdf=data)
    dest = folder / "2301.00001v1.pdf"
    sha = arxiv_source.download_pdf(fake_arxiv.pdf_url("2301.00001v1"), dest)
    assert sha == hashlib.sha256(data).hexdigest()
    assert dest.read_bytes() == data
    assert leftovers(folder) == ["2301.00001v1.pdf"]
    assert fake_arxiv.log[-1].headers["User-Agent"].startswith("papers/")


def test_download_corpus_pdf(fake_arxiv, corpus, folder):
    dest = folder / "2210.17323v1.pdf"
    sha = arxiv_source.download_pdf(fake_arxiv.pdf_url("2210.17323v1"), dest)
    source = (corpus / "versions" / "2210.17323v1.pdf").read_bytes()
    assert sha == hashlib.sha256(source).hexdigest()
    assert dest.stat().st_size == len(source)


@pytest.mark.parametrize("url", ["http://[::1/pdf/2301.00001v1", "ftp://127.0.0.1/x.pdf"])
def test_a_pdf_link_requests_refuses_is_that_papers_failure(folder, url, monkeypatch):
    # (with a notice set, as by the CLI: the silence to say was worded before the request,
    # and urlsplit raised ValueError on "[::1")
    monkeypatch.setattr(config, "notice", [].append)
    with pytest.raises(PdfError, match="cannot download the PDF from"):
        arxiv_source.download_pdf(url, folder / "2301.00001v1.pdf")
    assert leftovers(folder) == []


def test_html_instead_of_pdf(fake_arxiv, folder):
    fake_arxiv.add("2301.00001", 1, "Captcha", ["A"], pdf=make_pdf(1))
    fake_arxiv.html_instead_of_pdf()
    dest = folder / "2301.00001v1.pdf"
    with pytest.raises(PdfError, match="not a PDF"):
        arxiv_source.download_pdf(fake_arxiv.pdf_url("2301.00001v1"), dest)
    assert leftovers(folder) == []


def test_truncated_body(fake_arxiv, folder):
    fake_arxiv.add("2301.00001", 1, "Cut short", ["A"], pdf=make_pdf(5, padding=200_000))
    fake_arxiv.truncate_pdf(0.5)
    with pytest.raises(PdfError, match="truncated download"):
        arxiv_source.download_pdf(fake_arxiv.pdf_url("2301.00001v1"), folder / "x.pdf")
    assert leftovers(folder) == []


def test_a_body_cut_short_is_downloaded_again(fake_arxiv, folder, monkeypatch):
    """A dropped connection mid-body was a failed paper at once, though a failed request is
    retried: the PDF is downloaded again from its start, and the retry is said."""
    pdf = make_pdf(5, padding=200_000)
    fake_arxiv.add("2301.00001", 1, "Cut short once", ["A"], pdf=pdf)
    fake_arxiv.truncate_pdf(0.5, times=1)
    said: list[str] = []
    monkeypatch.setattr(config, "notice", said.append)
    dest = folder / "x.pdf"
    arxiv_source.download_pdf(fake_arxiv.pdf_url("2301.00001v1"), dest)
    assert dest.read_bytes() == pdf and fake_arxiv.count("/pdf") == 2
    assert said[0].startswith("truncated download from ") and "trying again" in said[0]
    # (the download again waits its turn, as every request does: PAPERS_ARXIV_DELAY)
    monkeypatch.setenv("PAPERS_ARXIV_DELAY", "0.6")
    fake_arxiv.truncate_pdf(0.5, times=1)
    arxiv_source.download_pdf(fake_arxiv.pdf_url("2301.00001v1"), dest)
    first, second = fake_arxiv.times("/pdf")[-2:]
    assert second - first >= 0.6
    assert (
        f"the connection ended after {len(pdf) // 2} of {len(pdf)} bytes"  # (the half that came)
        in said[0]
    )


def test_a_body_without_a_length_cut_short_is_downloaded_again(fake_arxiv, folder, monkeypatch):
    # no Content-Length, the connection closed half-way: read as "damaged PDF, MuPDF cannot
    # open it" and not downloaded again; a PDF without its %%EOF marker is cut short
    pdf = make_pdf(5, padding=200_000)
    fake_arxiv.add("2301.00001", 1, "Cut, no length", ["A"], pdf=pdf)
    fake_arxiv.truncate_pdf(0.5, times=1, no_length=True)
    said: list[str] = []
    monkeypatch.setattr(config, "notice", said.append)
    dest = folder / "x.pdf"
    arxiv_source.download_pdf(fake_arxiv.pdf_url("2301.00001v1"), dest)
    assert dest.read_bytes() == pdf and fake_arxiv.count("/pdf") == 2
    assert said[0].startswith("truncated download from ")
    assert f"the connection ended after {len(pdf) // 2} bytes, before the PDF's end" in said[0]
    # a body without a length that ends at the PDF's end marker is taken as it is (the fake
    # sends all but the last byte, the newline after "%%EOF")
    fake_arxiv.truncate_pdf(len(pdf), times=1, no_length=True)
    arxiv_source.download_pdf(fake_arxiv.pdf_url("2301.00001v1"), dest)
    assert dest.read_bytes() == pdf[:-1] and fake_arxiv.count("/pdf") == 3
    # (padding after the marker is no cut: a reviewer's 2 KB of white space was said to be
    # one; MuPDF, which looks for the end within the last 1,024 bytes too, calls it damaged)
    assert arxiv_source._ends_as_a_pdf(pdf + b" \n" * 1500 + b"\x00")
    assert not arxiv_source._ends_as_a_pdf(pdf + b"x" * 1100)
    assert not arxiv_source._ends_as_a_pdf(pdf[: len(pdf) // 2])


def test_a_body_that_stalls_says_so(fake_arxiv, folder, monkeypatch):
    # it said "the connection ended after 0 of N bytes" of a body that stopped, still open,
    # after 1,000 bytes had come (saved: none, a chunk is 64 KiB); the bytes that came are said
    monkeypatch.setenv("PAPERS_ARXIV_TIMEOUT", "0.5")
    monkeypatch.setenv("PAPERS_ARXIV_RETRIES", "0")
    pdf = make_pdf(5, padding=200_000)
    fake_arxiv.add("2301.00001", 1, "Stalled", ["A"], pdf=pdf)
    fake_arxiv.stall_pdf(amount=1000, seconds=3)
    with pytest.raises(PdfError) as failed:
        arxiv_source.download_pdf(fake_arxiv.pdf_url("2301.00001v1"), folder / "x.pdf")
    assert f"no data within 0.5 s after 1000 of {len(pdf)} bytes" in str(failed.value)
    assert leftovers(folder) == []


def test_a_pdf_server_that_never_answers_is_asked_twice(folder, monkeypatch):
    monkeypatch.setenv("PAPERS_ARXIV_TIMEOUT", "0.5")
    monkeypatch.setenv("PAPERS_ARXIV_RETRIES", "4")
    with HungServer() as server:
        with pytest.raises(NetworkError, match=r"no answer within 0\.5 s after 2 attempts"):
            arxiv_source.download_pdf(server.pdf_url("2301.00001v1"), folder / "x.pdf")
        assert server.connections == 2
    assert leftovers(folder) == []


def test_a_pdf_that_stalls_before_its_first_chunk_is_downloaded_again_once(folder, monkeypatch):
    # headers and a few bytes, then silence: a hung server, as one that never answers
    said: list[str] = []
    monkeypatch.setattr(config, "notice", said.append)
    monkeypatch.setenv("PAPERS_ARXIV_TIMEOUT", "0.5")
    monkeypatch.setenv("PAPERS_ARXIV_RETRIES", "4")
    with HungServer(HUNG_PDF_HEADERS) as server:
        url = server.pdf_url("2301.00001v1")
        with pytest.raises(PdfError) as failed:
            arxiv_source.download_pdf(url, folder / "x.pdf")
        assert server.connections == 2  # (it was 5)
    assert str(failed.value) == (
        f"truncated download from {url}: no data within 0.5 s after 9 of 500000 bytes (1 retry)"
    )
    assert said[-1].endswith("; trying again in 0 s (1 of 1)")
    assert leftovers(folder) == []


def test_a_pdf_that_stalls_after_its_first_chunk_gets_all_the_retries(
    fake_arxiv, folder, monkeypatch
):
    # data came, then stopped: a connection in trouble, not a hung server
    monkeypatch.setenv("PAPERS_ARXIV_TIMEOUT", "0.5")
    monkeypatch.setenv("PAPERS_ARXIV_RETRIES", "2")
    fake_arxiv.add("2301.00001", 1, "Stalled late", ["A"], pdf=make_pdf(5, padding=300_000))
    fake_arxiv.stall_pdf(amount=arxiv_source.CHUNK_SIZE + 1000, seconds=3)
    with pytest.raises(PdfError, match=r"no data within 0\.5 s after 66536 of \d+ bytes \(2"):
        arxiv_source.download_pdf(fake_arxiv.pdf_url("2301.00001v1"), folder / "x.pdf")
    assert fake_arxiv.count("/pdf") == 3


def _arxiv_settings(monkeypatch, **settings: str) -> None:
    """PAPERS_ARXIV_<NAME> for each name given (timeout="5": PAPERS_ARXIV_TIMEOUT=5)."""
    for name, value in settings.items():
        monkeypatch.setenv(f"PAPERS_ARXIV_{name.upper()}", value)


def test_a_pdf_that_trickles_is_ended_by_the_speed_limit(fake_arxiv, folder, monkeypatch):
    # a byte every 0.05 s: each read is answered well within the timeout, so the download went
    # on for as long as the server kept trickling (a byte every 29 s under arXiv's 30 s: days)
    said: list[str] = []
    monkeypatch.setattr(config, "notice", said.append)
    _arxiv_settings(monkeypatch, timeout="5", retries="4", speed_limit="1000", speed_time="0.3")
    pdf = make_pdf(5, padding=200_000)
    fake_arxiv.add("2301.00001", 1, "Trickled", ["A"], pdf=pdf)
    fake_arxiv.trickle_pdf(every=0.05, seconds=3)
    url = fake_arxiv.pdf_url("2301.00001v1")
    with pytest.raises(PdfError) as failed:
        arxiv_source.download_pdf(url, folder / "x.pdf")
    said_bytes = re.fullmatch(
        re.escape(f"truncated download from {url}: slower than 1000 bytes a second for 0.3 s ")
        + rf"\(PAPERS_ARXIV_SPEED_LIMIT\) after (\d+) of {len(pdf)} bytes \(1 retry\)",
        str(failed.value),
    )
    # (the bytes that came, a few: it said 0, counting whole chunks only)
    assert said_bytes is not None and int(said_bytes.group(1)) > 0, str(failed.value)
    # (not one chunk came: downloaded again once only, as from a hung server)
    assert fake_arxiv.count("/pdf") == 2
    assert said[-1].endswith("; trying again in 0 s (1 of 1)")
    assert leftovers(folder) == []


def test_the_speed_limit_can_be_turned_off(fake_arxiv, folder, monkeypatch):
    _arxiv_settings(monkeypatch, timeout="5", retries="0", speed_limit="0", speed_time="0.1")
    fake_arxiv.add("2301.00001", 1, "Trickled", ["A"], pdf=make_pdf(5, padding=200_000))
    fake_arxiv.trickle_pdf(every=0.05, seconds=0.5)
    with pytest.raises(PdfError, match=r"the connection ended after \d+ of"):
        arxiv_source.download_pdf(fake_arxiv.pdf_url("2301.00001v1"), folder / "x.pdf")
    assert leftovers(folder) == []


def test_a_pause_within_the_timeout_does_not_end_a_download_faster_than_the_limit(
    fake_arxiv, folder, monkeypatch
):
    # a pause shorter than the window is not slowness on end (curl's --speed-time): a body
    # that came at 3000 bytes a second after 1.5 s without a byte was ended as "slower than
    # 1000 bytes a second for 2 s", its first two seconds' average (with the defaults, a
    # 2 kB/s download whose first byte took 20 s, or that paused 20 s)
    _arxiv_settings(monkeypatch, timeout="5", retries="0", speed_limit="1000", speed_time="2")
    pdf = make_pdf(1, padding=3000)
    fake_arxiv.add("2301.00001", 1, "Paused", ["A"], pdf=pdf)
    fake_arxiv.trickle_pdf(every=0.01, step=30, pause=1.5, seconds=30)
    digest = arxiv_source.download_pdf(fake_arxiv.pdf_url("2301.00001v1"), folder / "x.pdf")
    assert digest == hashlib.sha256(pdf).hexdigest()
    assert (folder / "x.pdf").read_bytes() == pdf


def test_a_trickle_slower_than_the_window_is_ended_too(fake_arxiv, folder, monkeypatch):
    # a byte every 0.5 s, the window 0.3 s: each wait is longer than the window (a timeout
    # longer than the window: PAPERS_ARXIV_TIMEOUT=120, a byte a minute)
    _arxiv_settings(monkeypatch, timeout="5", retries="0", speed_time="0.3")
    fake_arxiv.add("2301.00001", 1, "Trickled", ["A"], pdf=make_pdf(1, padding=3000))
    fake_arxiv.trickle_pdf(every=0.5, seconds=5)
    with pytest.raises(PdfError, match="slower than 1000 bytes a second for 0.3 s"):
        arxiv_source.download_pdf(fake_arxiv.pdf_url("2301.00001v1"), folder / "x.pdf")
    assert leftovers(folder) == []


def test_truncated_pdf_with_matching_length(fake_arxiv, folder):
    fake_arxiv.add("2301.00001", 1, "Cut short", ["A"], pdf=make_pdf(5, padding=200_000))
    fake_arxiv.truncate_pdf(0.5, honest_length=True)
    with pytest.raises(PdfError, match="damaged or truncated PDF"):
        arxiv_source.download_pdf(fake_arxiv.pdf_url("2301.00001v1"), folder / "x.pdf")
    assert leftovers(folder) == []


def test_ctrl_c_during_download_leaves_nothing(fake_arxiv, monkeypatch, folder):
    data = make_pdf(2, padding=400_000)
    assert len(data) > 3 * arxiv_source.CHUNK_SIZE
    fake_arxiv.add("2301.00001", 1, "Interrupted", ["A"], pdf=data)
    writes = []

    def interrupted_write(handle, chunk):
        handle.write(chunk)
        writes.append(len(chunk))
        if len(writes) == 2:
            raise KeyboardInterrupt

    monkeypatch.setattr(arxiv_source, "_write_chunk", interrupted_write)
    with pytest.raises(KeyboardInterrupt):
        arxiv_source.download_pdf(fake_arxiv.pdf_url("2301.00001v1"), folder / "x.pdf")
    assert len(writes) == 2  # something was written before the interrupt
    assert leftovers(folder) == []


def test_ctrl_c_right_after_the_part_file_is_made_leaves_nothing(
    fake_arxiv, folder, ctrl_c_as_temp_file_is_made
):
    # the signal lands as the file is made, before the download starts (seen once in CI: the
    # test of `papers add` saw the .part file and sent SIGINT while the process was descheduled)
    fake_arxiv.add("2301.00001", 1, "Interrupted", ["A"], pdf=make_pdf(2))
    with pytest.raises(KeyboardInterrupt):
        arxiv_source.download_pdf(fake_arxiv.pdf_url("2301.00001v1"), folder / "x.pdf")
    assert leftovers(folder) == []


def test_pdf_not_on_server(fake_arxiv, folder):
    # (the paper's PDF is missing, not arXiv: no network error that stops a crawl)
    with pytest.raises(PdfError, match=r"arXiv has no PDF at .* \(HTTP 404"):
        arxiv_source.download_pdf(fake_arxiv.pdf_url("2301.09999v1"), folder / "x.pdf")
    assert leftovers(folder) == []


def test_pdf_503_then_success(fake_arxiv, monkeypatch, folder):
    monkeypatch.setenv("PAPERS_ARXIV_RETRIES", "2")
    data = make_pdf(2)
    fake_arxiv.add("2301.00001", 1, "Busy", ["A"], pdf=data)
    fake_arxiv.fail(503, times=1, path_prefix="/pdf")
    sha = arxiv_source.download_pdf(fake_arxiv.pdf_url("2301.00001v1"), folder / "x.pdf")
    assert sha == hashlib.sha256(data).hexdigest()
    assert fake_arxiv.count("/pdf") == 2


def test_pdf_unreachable(monkeypatch, folder):
    monkeypatch.setenv("PAPERS_ARXIV_RETRIES", "0")
    url = f"http://127.0.0.1:{unused_port()}/pdf/2301.00001v1"
    with pytest.raises(NetworkError, match="^arXiv unreachable: connection refused"):
        arxiv_source.download_pdf(url, folder / "x.pdf")
    assert leftovers(folder) == []


def test_download_into_a_missing_folder(fake_arxiv, folder):
    fake_arxiv.add("2301.00001", 1, "Nowhere", ["A"], pdf=make_pdf(1))
    with pytest.raises(LibraryError, match="cannot write into"):
        arxiv_source.download_pdf(fake_arxiv.pdf_url("2301.00001v1"), folder / "no" / "x.pdf")
    assert fake_arxiv.count("/pdf") == 0


def test_replaces_an_existing_file_only_when_complete(fake_arxiv, folder):
    dest = folder / "x.pdf"
    dest.write_bytes(b"previous content")
    fake_arxiv.add("2301.00001", 1, "Replacement", ["A"], pdf=make_pdf(2))
    fake_arxiv.html_instead_of_pdf(times=1)
    with pytest.raises(PdfError):
        arxiv_source.download_pdf(fake_arxiv.pdf_url("2301.00001v1"), dest)
    assert dest.read_bytes() == b"previous content"
    arxiv_source.download_pdf(fake_arxiv.pdf_url("2301.00001v1"), dest)
    assert dest.read_bytes().startswith(b"%PDF")
    assert leftovers(folder) == ["x.pdf"]


@pytest.mark.parametrize(
    ("answer", "stall", "said"),
    [
        # a chunked body that breaks off (it said "ChunkedEncodingError", a class's name)
        (b"Transfer-Encoding: chunked\r\n\r\nzz\r\nnot a chunk", 0, "its answer was cut off"),
        # fewer bytes than promised, then the connection closed
        (b"Content-Length: 5000\r\n\r\n<feed", 0, "its answer was cut off"),
        # headers, then silence (it said "no answer")
        (
            b"Content-Length: 5000\r\n\r\n<feed",
            1.0,
            "its answer began but nothing more came within 0.3 s",
        ),
    ],
)
def test_a_body_cut_off_or_stalled_is_a_network_error_that_says_so(
    monkeypatch, answer, stall, said
):
    # an answer whose body breaks off: a network error (retried) that says what happened,
    # not a stray OSError nor the name of an exception
    import socket
    import threading

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    port = server.getsockname()[1]

    def answer_on(conn: socket.socket) -> None:
        conn.recv(65536)
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/atom+xml\r\n" + answer)
        time.sleep(stall)
        conn.close()

    def serve() -> None:
        # (each connection answered at once: the retry's is not kept waiting behind the stall)
        answering = []
        for _ in range(2):
            conn, _ = server.accept()
            answering.append(threading.Thread(target=answer_on, args=(conn,), daemon=True))
            answering[-1].start()
        for each in answering:
            each.join(5)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    monkeypatch.setenv("PAPERS_ARXIV_API", f"http://127.0.0.1:{port}/api/query")
    monkeypatch.setenv("PAPERS_ARXIV_RETRIES", "1")
    monkeypatch.setenv("PAPERS_ARXIV_BACKOFF", "0.01")
    monkeypatch.setenv("PAPERS_ARXIV_TIMEOUT", "0.3")
    try:
        with pytest.raises(NetworkError, match=f"^arXiv unreachable: {said}.* after 2 attempts"):
            arxiv_source.fetch_entries(["2301.00001"])
    finally:
        thread.join(5)
        server.close()


def test_an_entry_with_a_date_that_is_no_date_is_a_one_line_error(fake_arxiv, corpus, tmp_path):
    # a mirror or proxy answers arXiv's feed with an entry dated "2022": the arxiv package
    # cannot parse it; said in one line, as a network fault, not a traceback
    recorded = (corpus / "atom" / "arxivpy_id_1605.08386_s0_m100.xml").read_text()
    broken = tmp_path / "broken.xml"
    broken.write_text(
        recorded.replace("<updated>2016-05-26T17:59:46Z</updated>", "<updated>2022</updated>")
    )
    fake_arxiv.serve_recorded(broken, status=200, id_list="1605.08386")
    with pytest.raises(NetworkError, match="arXiv sent a feed that cannot be read"):
        arxiv_source.fetch_entries(["1605.08386"])


def test_a_long_wait_before_a_retry_is_said(fake_arxiv, monkeypatch):
    # arXiv asks for a minute (Retry-After): the user hears why nothing happens meanwhile
    from papers import config

    said: list[str] = []
    monkeypatch.setattr(config, "notice", said.append)
    monkeypatch.setattr(arxiv_source, "WAIT_NOTICE", 0.2)
    monkeypatch.setenv("PAPERS_ARXIV_RETRIES", "2")
    fake_arxiv.add("2301.00001", 1, "Later", ["A"])
    fake_arxiv.fail(503, times=1, retry_after="0.3")
    assert arxiv_source.fetch_entries(["2301.00001"])["2301.00001"] is not None
    assert said == ["arXiv answered 503 Service Unavailable; trying again in 0.3 s (1 of 2)"]


def test_a_retry_after_an_attempt_that_timed_out_is_said(fake_arxiv, monkeypatch):
    # arXiv silent for the whole timeout: the wait before the retry is short, the user has
    # waited already; said at once rather than after several timeouts
    from papers import config

    said: list[str] = []
    monkeypatch.setattr(config, "notice", said.append)
    monkeypatch.setattr(arxiv_source, "WAIT_NOTICE", 0.2)
    monkeypatch.setenv("PAPERS_ARXIV_TIMEOUT", "0.3")
    monkeypatch.setenv("PAPERS_ARXIV_RETRIES", "2")
    fake_arxiv.add("2301.00001", 1, "Later", ["A"])
    fake_arxiv.slow(1.0, times=1, path_prefix="/api")
    assert arxiv_source.fetch_entries(["2301.00001"])["2301.00001"] is not None
    host = fake_arxiv.url.removeprefix("http://")
    assert said[0] == f"no answer from {host} in 0.15 s; waiting up to 0.3 s (PAPERS_ARXIV_TIMEOUT)"
    assert said[1:] == [
        "arXiv did not answer (no answer within 0.3 s); trying again in 0 s (1 of 1)"
    ]


def test_a_slow_download_says_how_far_it_got(fake_arxiv, folder, monkeypatch):
    from papers import config

    said: list[str] = []
    monkeypatch.setattr(config, "notice", said.append)
    monkeypatch.setattr(arxiv_source, "DOWNLOAD_NOTICE", 0.0)  # (every chunk)
    fake_arxiv.add("2301.00001", 1, "Big", ["A"], pdf=make_pdf(5, padding=300_000))
    arxiv_source.download_pdf(fake_arxiv.pdf_url("2301.00001v1"), folder / "2301.00001v1.pdf")
    assert said and all(line.startswith("still downloading http") for line in said)
    assert " MB so far" in said[-1]


def test_an_api_address_requests_cannot_use_is_said_as_such(monkeypatch):
    # a typo in PAPERS_ARXIV_API (no scheme): a setting to check, not a feed "cannot be read"
    monkeypatch.setenv("PAPERS_ARXIV_API", "127.0.0.1:9/api/query")
    with pytest.raises(PapersError, match="check PAPERS_ARXIV_API") as caught:
        arxiv_source.fetch_entries(["2301.00001"])
    assert not isinstance(caught.value, NetworkError)


def test_an_encrypted_pdf_from_arxiv_is_said_to_be_encrypted(fake_arxiv, folder):
    from papers.pdf import read_pdf

    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "Locked")
    data = doc.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="u", owner_pw="o")
    doc.close()
    fake_arxiv.add("2301.00001", 1, "Locked", ["A"], pdf=data)
    url = fake_arxiv.pdf_url("2301.00001v1")
    with pytest.raises(PdfError, match=f"encrypted PDF \\(needs a password\\): {url}$"):
        arxiv_source.download_pdf(url, folder / "x.pdf", check=read_pdf)
    assert leftovers(folder) == []


def test_an_answer_requests_cannot_decode_is_a_network_fault(fake_arxiv, monkeypatch):
    # a proxy's bad gzip or endless redirects: said as arXiv's answer, not as a wrong setting
    # (a network fault lets `add` of a stamped PDF fall back on the PDF)
    import arxiv
    import requests

    def undecodable(self, search, offset=0):
        raise requests.exceptions.ContentDecodingError("bad gzip")
        yield  # (a generator, as Client.results is)

    monkeypatch.setattr(arxiv.Client, "results", undecodable)
    with pytest.raises(NetworkError, match="arXiv's answer could not be read"):
        arxiv_source.fetch_entries(["2301.00001"])
