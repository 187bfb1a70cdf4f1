"""Facets computed in a second process during ingest: the same facets as in-process, no
deadlock however many papers are sent before an answer is read, and the command's own process
takes over when the worker is off, gone or fails."""

from __future__ import annotations

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
    assert worker.start(1, PAGES, None)
    got = worker.result(1)
    assert got == extract_facets(PAGES, load_vocabulary())
    assert ("baseline", "GPTQ", True) in values(got)


def test_the_worker_on_a_corpus_paper(worker, corpus):
    doc = read_pdf(corpus / "pdf" / "2210.17323.pdf")  # GPTQ
    assert worker.start(7, doc.pages, None)
    assert worker.result(7) == extract_facets(doc.pages, load_vocabulary())


def test_many_papers_sent_before_any_answer_is_read(worker):
    """The parent sends every local PDF before it reads an answer: the worker must keep
    reading while its answers wait, or both processes block on full pipes."""
    big = PAGES * 400  # about 100 KB of text, with many facets to answer
    sent = threading.Event()

    def send() -> None:
        for key in range(12):
            worker.start(key, big, None)
        sent.set()

    thread = threading.Thread(target=send, daemon=True)
    thread.start()
    assert sent.wait(60), "the parent blocked sending: the pipes are full both ways"
    expected = extract_facets(big, load_vocabulary())
    assert [worker.result(key) == expected for key in range(12)] == [True] * 12


def test_answers_come_to_the_key_asked_for(worker):
    other = [PAGES[0], "4 Experiments\nWe evaluate OPT-6.7B at W8A8 against SmoothQuant on C4.\n"]
    worker.start(1, PAGES, None)
    worker.start(2, other, None)
    second = worker.result(2)  # the first answer is kept for when it is asked for
    assert ("model", "OPT-6.7B", True) in values(second)
    assert ("model", "LLaMA-2-7B", True) in values(worker.result(1))
    assert worker.result(1) is None  # given once; not sent again


def test_ctrl_c_is_for_the_command_alone(worker):
    """Ctrl-C in a terminal reaches the foreground process group: the worker is not in it, and
    ignores SIGINT sent to it anyway; the command stops it on its way out."""
    assert os.getpgid(worker._process.pid) != os.getpgid(0)
    worker.start(1, PAGES, None)
    assert worker.result(1) is not None  # the worker is serving: its handler is set
    worker._process.send_signal(signal.SIGINT)
    worker.start(2, PAGES, None)
    assert worker.result(2) == extract_facets(PAGES, load_vocabulary())


def test_a_page_the_extraction_fails_on_is_answered_with_none(worker):
    worker.start(1, [None], None)  # type: ignore[list-item]
    assert worker.result(1) is None
    worker.start(2, PAGES, None)  # and the worker goes on
    assert worker.result(2) is not None


def test_an_answer_that_cannot_be_read_stops_the_worker(worker):
    from multiprocessing.connection import Connection

    read, write = os.pipe()
    os.write(write, b"\x00\x00\x00\x05garbage")
    os.close(write)
    worker._answers.close()
    worker._answers = Connection(read, writable=False)
    worker.start(1, PAGES, None)
    assert worker.result(1) is None
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
        for key in (1, 2):
            noisy.start(key, PAGES, None)
        # a garbled pipe reads as a huge message that never ends: wait in a thread
        thread = threading.Thread(target=lambda: answers.extend([noisy.result(1), noisy.result(2)]))
        thread.start()
        thread.join(60)
        if thread.is_alive():
            noisy._process.kill()  # ends the read, and the thread
        thread.join()
    assert answers == [extract_facets(PAGES, load_vocabulary())] * 2


def test_the_process_computes_the_facets_when_the_worker_is_gone(worker):
    facets = Facets(None, worker)
    doc = doc_of(PAGES)
    facets.start(doc)
    worker._process.kill()
    got, version = facets.get(doc)
    assert values(got) == values(extract_facets(PAGES, load_vocabulary()))
    assert version == _rules_version(None)
    assert not worker.running
    other = doc_of(PAGES[1:])
    facets.start(other)  # nothing to send it to
    assert values(facets.get(other)[0]) == values(extract_facets(PAGES[1:], load_vocabulary()))


def test_no_worker_when_turned_off(monkeypatch):
    monkeypatch.setenv("PAPERS_FACET_WORKER", "0")
    assert not config.facet_worker()
    with FacetWorker() as off:
        assert not off.running
        assert not off.start(1, PAGES, None)
        assert off.result(1) is None
    facets = Facets(None, off)
    doc = doc_of(PAGES)
    facets.start(doc)
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


def test_the_vocabulary_and_version_agree_when_it_is_edited_meanwhile(worker, root):
    """The library's vocabulary edited while a paper waits for the worker: the facets stored
    and the rules version stored with them come from the same file."""
    path = config.vocab_extension(root)
    path.write_text(EXTENSION)
    pages = [PAGES[0], "4 Experiments\nTable 1: FooQuant and BarQuant on WikiText-2 at W4A16.\n"]
    for edit in (False, True):
        facets = Facets(root, worker)
        busy = doc_of(PAGES * 400)  # the worker is busy with it when the edit comes
        facets.start(busy)
        doc = doc_of(pages)
        facets.start(doc)
        sent_with = _rules_version(vocabulary_extension(root))
        if edit:
            path.write_text(EXTENSION.replace("FooQuant", "BarQuant") + "# edited\n")
        facets.get(busy)
        got, version = facets.get(doc)
        found = {f.value for f in got if f.category == "baseline"}
        if edit:
            assert found == {"BarQuant"}
            assert version == _rules_version(vocabulary_extension(root)) != sent_with
        else:
            assert found == {"FooQuant"}
            assert version == sent_with


def paper_pdf(path) -> None:
    doc = pymupdf.open()
    for text in PAGES:
        doc.new_page().insert_text((72, 72), text, fontsize=10)
    doc.save(path)


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
    answered: list[bool] = []  # whether each paper's facets came from the worker
    original = FacetWorker.result

    def spy(self, key):
        got = original(self, key)
        answered.append(got is not None)
        return got

    monkeypatch.setattr(FacetWorker, "result", spy)
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
