"""Facets computed in a second process during ingest: the same facets as in-process, no
deadlock however many papers are sent before an answer is read, and the command's own process
takes over when the worker is off, gone or fails."""

from __future__ import annotations

import fcntl
import json
import os
import signal
import threading

import pymupdf
import pytest
from click.testing import CliRunner

from papers import config, facet_worker
from papers.cli import cli
from papers.facet_worker import FacetWorker
from papers.library import Facets, _rules_version, vocabulary_extension
from papers.models import PdfDocument
from papers.pdf import read_pdf
from papers.quant import extract_facets, load_vocabulary

PAGES = [
    "Fast Quantization\nAbstract\nWe quantize LLaMA-2-7B weights.\n",
    "4 Experiments\nWe compare with GPTQ [3] and AWQ [4] at W4A16 with group size 128 on "
    "WikiText-2.\nTable 1: Perplexity of LLaMA-2-7B on WikiText-2 at W4A16, g128, against GPTQ "
    "and AWQ.\n",
]


def doc_of(pages: list[str]) -> PdfDocument:
    return PdfDocument(pages=pages, page_count=len(pages), has_text=True)


def values(facets) -> set[tuple[str, str, bool]]:
    return {(f.category, f.value, f.evaluated) for f in facets}


@pytest.fixture
def worker():
    if facet_worker.cores() < 2:
        pytest.skip("the worker runs only with a second core")
    with FacetWorker() as running:
        assert running.running
        yield running


def test_the_worker_gives_the_facets_of_the_process_itself(worker):
    ticket = worker.start(PAGES, None)
    assert ticket is not None
    got = worker.result(ticket)
    assert got == extract_facets(PAGES, load_vocabulary())
    assert ("baseline", "GPTQ", True) in values(got)


def test_the_worker_on_a_corpus_paper(worker, corpus):
    doc = read_pdf(corpus / "pdf" / "2210.17323.pdf")  # GPTQ
    ticket = worker.start(doc.pages, None)
    assert worker.result(ticket) == extract_facets(doc.pages, load_vocabulary())


def test_many_papers_sent_before_any_answer_is_read(worker):
    """The parent sends every local PDF before it reads an answer: the worker must keep
    reading while its answers wait, or both processes block on full pipes."""
    big = PAGES * 400  # about 100 KB of text, with many facets to answer
    sent = threading.Event()
    tickets: list = []

    def send() -> None:
        tickets.extend(worker.start(big, None) for _ in range(12))
        sent.set()

    thread = threading.Thread(target=send, daemon=True)
    thread.start()
    assert sent.wait(60), "the parent blocked sending: the pipes are full both ways"
    expected = extract_facets(big, load_vocabulary())
    assert [worker.result(ticket) == expected for ticket in tickets] == [True] * 12


@pytest.mark.skipif(not hasattr(fcntl, "F_SETPIPE_SZ"), reason="pipe sizes are Linux's")
def test_a_whole_paper_is_sent_while_the_worker_is_busy(worker):
    """The pipe holds a paper of several hundred KB: the parent hands it over and goes on to
    its references even while the worker reads nothing (here: stopped)."""
    assert fcntl.fcntl(worker._requests.fileno(), fcntl.F_GETPIPE_SZ) >= 1 << 18
    big = PAGES * 700  # about 180 KB of text, more than a default pipe's 64 KB
    ticket: list = []
    worker._process.send_signal(signal.SIGSTOP)
    try:
        thread = threading.Thread(target=lambda: ticket.append(worker.start(big, None)))
        thread.daemon = True
        thread.start()
        thread.join(30)
        assert not thread.is_alive(), "the parent waited for the worker to read the paper"
    finally:
        worker._process.send_signal(signal.SIGCONT)
    assert worker.result(ticket[0]) == extract_facets(big, load_vocabulary())


def test_answers_come_to_the_ticket_asked_for(worker):
    other = [PAGES[0], "4 Experiments\nWe evaluate OPT-6.7B at W8A8 against SmoothQuant on C4.\n"]
    first, second, dropped, third = (worker.start(pages, None) for pages in (PAGES, other) * 2)
    assert ("model", "OPT-6.7B", True) in values(worker.result(second))  # first is kept
    worker.drop(dropped)  # its paper failed: its answer is not kept when it comes
    assert ("model", "OPT-6.7B", True) in values(worker.result(third))
    assert ("model", "LLaMA-2-7B", True) in values(worker.result(first))
    assert worker.result(first) is None  # given once
    assert worker.result(dropped) is None
    assert worker._done == {} and worker._dropped == set() and worker._sent == []


def test_ctrl_c_is_for_the_command_alone(worker):
    """Ctrl-C in a terminal reaches the foreground process group: the worker is not in it, and
    ignores SIGINT sent to it anyway; the command stops it on its way out."""
    assert os.getpgid(worker._process.pid) != os.getpgid(0)
    assert worker.result(worker.start(PAGES, None)) is not None  # serving: its handler is set
    worker._process.send_signal(signal.SIGINT)
    assert worker.result(worker.start(PAGES, None)) == extract_facets(PAGES, load_vocabulary())


def test_a_page_the_extraction_fails_on_is_answered_with_none(worker):
    assert worker.result(worker.start([None], None)) is None  # type: ignore[list-item]
    assert worker.result(worker.start(PAGES, None)) is not None  # and the worker goes on


def test_an_answer_that_cannot_be_read_stops_the_worker(worker):
    from multiprocessing.connection import Connection

    read, write = os.pipe()
    os.write(write, b"\x00\x00\x00\x05garbage")
    os.close(write)
    worker._answers.close()
    worker._answers = Connection(read, writable=False)
    assert worker.result(worker.start(PAGES, None)) is None
    assert not worker.running


NOISY = """
import runpy, sys
from papers import quant
plain = quant.extract_facets

def noisy(*args, **kwargs):
    print("a library says hello")
    sys.stdout.flush()
    return plain(*args, **kwargs)

quant.extract_facets = noisy
runpy.run_module("papers.facet_worker", run_name="__main__")
"""


def test_a_stray_print_in_the_worker_does_not_garble_the_answers(monkeypatch):
    """The worker's stdout is not the pipe of its answers: what a library prints there is lost."""
    if facet_worker.cores() < 2:
        pytest.skip("the worker runs only with a second core")
    monkeypatch.setattr(FacetWorker, "arguments", ("-c", NOISY))
    answers: list = []
    with FacetWorker() as noisy:
        tickets = [noisy.start(PAGES, None) for _ in range(2)]
        # a garbled pipe reads as a huge message that never ends: wait in a thread
        thread = threading.Thread(target=lambda: answers.extend(map(noisy.result, tickets)))
        thread.start()
        thread.join(60)
        if thread.is_alive():
            noisy._process.kill()  # ends the read, and the thread
        thread.join()
    assert answers == [extract_facets(PAGES, load_vocabulary())] * 2


def test_the_process_computes_the_facets_when_the_worker_is_gone(worker):
    facets = Facets(None, worker)
    doc = doc_of(PAGES)
    facets.start(doc.pages)
    worker._process.kill()
    got, version = facets.get(doc)
    assert values(got) == values(extract_facets(PAGES, load_vocabulary()))
    assert version == _rules_version(None)
    assert not worker.running
    other = doc_of(PAGES[1:])
    facets.start(other.pages)  # nothing to send it to
    assert values(facets.get(other)[0]) == values(extract_facets(PAGES[1:], load_vocabulary()))


def test_no_worker_when_turned_off(monkeypatch):
    monkeypatch.setenv("PAPERS_FACET_WORKER", "0")
    assert not config.facet_worker()
    with FacetWorker() as off:
        assert not off.running
        assert off.start(PAGES, None) is None
        assert facet_worker.shared() is None
    facets = Facets(None, off)
    doc = doc_of(PAGES)
    facets.start(doc.pages)
    assert values(facets.get(doc)[0]) == values(extract_facets(PAGES, load_vocabulary()))


def test_no_worker_with_one_core(monkeypatch):
    monkeypatch.setattr(facet_worker, "cores", lambda: 1)
    with FacetWorker() as off:
        assert not off.running


EXTENSION = """
[[baseline]]
value = "FooQuant"
patterns = ['FooQuant']
"""


def edited(root) -> None:
    config.vocab_extension(root).write_text(EXTENSION.replace("FooQuant", "BarQuant") + "#\n")


def baselines(facets: list) -> set[str]:
    return {f.value for f in facets if f.category == "baseline"}


PAGES_FOO = [PAGES[0], "4 Experiments\nTable 1: FooQuant and BarQuant on WikiText-2 at W4A16.\n"]


def test_an_edit_before_the_worker_reads_the_vocabulary(worker, root):
    """The library's vocabulary edited while a paper waits for the worker: the facets and the
    rules version stored with them both come from the edited file."""
    config.vocab_extension(root).write_text(EXTENSION)
    with Facets(root, worker) as facets:
        worker._process.send_signal(signal.SIGSTOP)  # the paper waits
        doc = doc_of(PAGES_FOO)
        facets.start(doc.pages)
        edited(root)
        worker._process.send_signal(signal.SIGCONT)
        got, version = facets.get(doc)
    assert baselines(got) == {"BarQuant"}
    assert version == _rules_version(vocabulary_extension(root))


def test_an_edit_after_the_worker_has_answered(worker, root):
    """Edited after the worker computed the facets: they and their version are the old ones."""
    config.vocab_extension(root).write_text(EXTENSION)
    sent_with = _rules_version(vocabulary_extension(root))
    with Facets(root, worker) as facets:
        doc = doc_of(PAGES_FOO)
        facets.start(doc.pages)
        assert worker._answers.poll(30)  # the answer is there
        edited(root)
        _rules_version.cache_clear()
        got, version = facets.get(doc)
    assert baselines(got) == {"FooQuant"}
    assert version == sent_with != _rules_version(vocabulary_extension(root))


def paper_pdf(path) -> None:
    doc = pymupdf.open()
    for text in PAGES:
        doc.new_page().insert_text((72, 72), text, fontsize=10)
    doc.save(path)


def worker_answers(monkeypatch) -> list[bool]:
    """Whether each paper's facets came from the worker, in the order they were asked for."""
    answered: list[bool] = []
    original = FacetWorker.result

    def spy(self, ticket):
        got = original(self, ticket)
        answered.append(got is not None)
        return got

    monkeypatch.setattr(FacetWorker, "result", spy)
    return answered


def test_add_stores_the_same_facets_with_the_worker_and_without(root, tmp_path, monkeypatch):
    runner = CliRunner()

    def added_facets() -> set[tuple[str, str, bool]]:
        assert runner.invoke(cli, ["add", str(pdf)], catch_exceptions=False).exit_code == 0
        listed = json.loads(runner.invoke(cli, ["list", "--json"]).stdout)
        out = runner.invoke(cli, ["facets", listed[0]["id"], "--json"]).stdout
        assert runner.invoke(cli, ["rm", listed[0]["id"], "--yes"]).exit_code == 0
        return {(f["category"], f["value"], f["evaluated"]) for f in json.loads(out)}

    pdf = tmp_path / "fast.pdf"
    paper_pdf(pdf)
    answered = worker_answers(monkeypatch)
    with_worker = added_facets()
    monkeypatch.setenv("PAPERS_FACET_WORKER", "0")
    without = added_facets()
    assert ("baseline", "GPTQ", True) in with_worker
    assert with_worker == without
    assert answered == ([True] if facet_worker.cores() > 1 else [])


def test_compile_ahead_compiles_every_trigger_key():
    load_vocabulary.cache_clear()  # the packaged vocabulary, compiled afresh
    vocab = load_vocabulary()
    assert not vocab.by_trigger._compiled
    steps = sum(1 for _ in vocab.compile_ahead())
    assert steps == len(vocab.by_trigger) == len(vocab.by_trigger._compiled)


class Unreadable:
    """Pickles, but cannot be unpickled: int("...") raises in the worker's reader."""

    def __reduce__(self):
        return (int, ("not a number",))


def test_a_request_that_cannot_be_read_stops_the_worker(worker):
    answers: list = []
    ticket = worker.start([Unreadable()], None)  # type: ignore[list-item]
    thread = threading.Thread(target=lambda: answers.append(worker.result(ticket)))
    thread.start()
    thread.join(30)
    if thread.is_alive():
        worker._process.kill()  # ends the wait, and the thread
        thread.join()
        pytest.fail("the worker waited for ever after a request it could not read")
    assert answers == [None] and not worker.running


def test_a_papers_module_in_the_working_directory_does_not_shadow_the_package(
    worker, tmp_path, monkeypatch
):
    (tmp_path / "papers.py").write_text("raise SystemExit('not the package')\n")
    monkeypatch.chdir(tmp_path)
    with FacetWorker() as elsewhere:
        assert elsewhere.result(elsewhere.start(PAGES, None)) == extract_facets(
            PAGES, load_vocabulary()
        )


def test_one_worker_serves_a_whole_crawl(root, tmp_path, monkeypatch):
    """add_papers is called once per paper by a crawl: the worker, and its loaded vocabulary,
    stay from one call to the next."""
    if facet_worker.cores() < 2:
        pytest.skip("the worker runs only with a second core")
    monkeypatch.setattr(facet_worker, "_shared", None)
    from papers.db import open_db
    from papers.library import add_papers

    db = open_db(config.db_path(root))
    pids = []
    for name in ("one", "two"):
        pdf = tmp_path / f"{name}.pdf"
        paper_pdf(pdf)
        [result] = add_papers(db, root, [str(pdf)])
        assert result.ok
        pids.append(facet_worker._shared._process.pid)
    assert pids[0] == pids[1]
    facet_worker._shared.close()
    assert facet_worker.shared().running  # a worker that died is replaced
    facet_worker._shared.close()


def order_of_events(monkeypatch) -> list[str]:
    """What happens, in order: "sent" when a paper's text goes to the worker, "layout" when
    read_pdf reads the layout of a bibliography page."""
    from papers import pdf as pdf_module

    events: list[str] = []
    layout, start = pdf_module.layout_lines, FacetWorker.start

    def read_layout(*args, **kwargs):
        events.append("layout")
        return layout(*args, **kwargs)

    def send(self, pages, extension):
        events.append("sent")
        return start(self, pages, extension)

    monkeypatch.setattr(pdf_module, "layout_lines", read_layout)
    monkeypatch.setattr(FacetWorker, "start", send)
    return events


def test_read_pdf_hands_over_the_text_before_the_bibliography_layout(corpus, monkeypatch):
    events = order_of_events(monkeypatch)
    handed: list[list[str]] = []

    def ready(pages: list[str]) -> None:
        events.append("handed")
        handed.append(pages)

    doc = read_pdf(corpus / "pdf" / "2210.17323.pdf", text_ready=ready)
    assert len(handed) == 1 and handed[0] is doc.pages  # (the list Facets.get looks up)
    assert events[0] == "handed" and events.count("layout") > 0, events
    without = read_pdf(corpus / "pdf" / "2210.17323.pdf")
    assert without.pages == doc.pages and without.bib_lines == doc.bib_lines


@pytest.mark.parametrize("source", ["local", "arxiv"])
def test_add_sends_the_text_to_the_worker_before_the_bibliography_is_read(
    source, root, corpus, monkeypatch, request
):
    """The worker computes the facets while this process reads the bibliography's layout
    (about 7% of read_pdf), not only while it extracts references and writes: a local PDF and
    one downloaded from arXiv alike."""
    if facet_worker.cores() < 2:
        pytest.skip("the worker runs only with a second core")
    monkeypatch.setattr(facet_worker, "_shared", None)
    if source == "arxiv":
        request.getfixturevalue("fake_arxiv")
        given = "2210.17323"
    else:
        given = str(corpus / "nostamp" / "I-BERT.pdf")  # (no arXiv stamp: no request)
    events = order_of_events(monkeypatch)
    answered = worker_answers(monkeypatch)
    result = CliRunner().invoke(cli, ["add", given], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert events[0] == "sent" and "layout" in events, events
    assert events.count("sent") == 1  # (not sent again when stored)
    assert answered == [True]
    facet_worker._shared.close()
