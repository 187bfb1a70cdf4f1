"""benchmarks/library_links.py runs, on a small library, and makes links (it would measure
nothing if its generated titles never named a library paper)."""

from __future__ import annotations

from benchmark_scripts import load


def test_the_benchmark_builds_a_library_whose_references_name_its_papers(corpus, capsys):
    bench = load("library_links")
    assert bench.main(["--papers", "30", "--refs", "10", "--corpus", str(corpus)]) == 0
    out = capsys.readouterr().out
    assert "library: 30 papers x 10 references" in out
    links = int(out.split("all: every reference, ")[1].split(" links")[0])
    assert links > 0 and "x baseline" in out
    assert "command: papers next" in out and "papers graph" in out  # (each run as a user runs it)
