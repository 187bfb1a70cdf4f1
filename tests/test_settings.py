"""Settings read from the environment: an unusable value is one error that names it."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from papers import config
from papers.cli import cli
from papers.errors import PapersError


@pytest.mark.parametrize(
    ("name", "raw"),
    [
        ("PAPERS_ARXIV_TIMEOUT", "inf"),
        ("PAPERS_ARXIV_TIMEOUT", "1e400"),
        ("PAPERS_ARXIV_TIMEOUT", "0"),
        ("PAPERS_ARXIV_TIMEOUT", "-1"),
        ("PAPERS_ARXIV_TIMEOUT", "nan"),
        ("PAPERS_ARXIV_TIMEOUT", "abc"),
        ("PAPERS_ARXIV_DELAY", "inf"),
        ("PAPERS_ARXIV_DELAY", "-3"),
        ("PAPERS_ARXIV_BACKOFF", "inf"),
        ("PAPERS_ARXIV_RETRIES", "-1"),
        ("PAPERS_ARXIV_RETRIES", "2.5"),
        ("PAPERS_ARXIV_RETRIES", "1000000"),
        ("PAPERS_ARXIV_SPEED_LIMIT", "-1"),
        ("PAPERS_ARXIV_SPEED_LIMIT", "abc"),
        ("PAPERS_ARXIV_SPEED_LIMIT", "inf"),
        ("PAPERS_ARXIV_SPEED_TIME", "0"),
        ("PAPERS_ARXIV_SPEED_TIME", "nan"),
        # Python's own spellings, which float() reads: "1_0" was ten seconds
        ("PAPERS_ARXIV_DELAY", "1_0"),
        ("PAPERS_ARXIV_TIMEOUT", "\u0663"),  # (an Arabic-Indic 3)
        ("PAPERS_ARXIV_BACKOFF", "infinity"),
        ("PAPERS_ARXIV_RETRIES", "1_0"),
        ("PAPERS_ARXIV_SPEED_LIMIT", "1_000"),
        ("PAPERS_ARXIV_SPEED_TIME", "\uff13"),  # (a fullwidth 3)
    ],
)
def test_an_unusable_setting_is_an_error_that_names_it(monkeypatch, name, raw):
    monkeypatch.setenv(name, raw)
    read = {
        "PAPERS_ARXIV_TIMEOUT": config.arxiv_timeout,
        "PAPERS_ARXIV_DELAY": config.arxiv_delay,
        "PAPERS_ARXIV_BACKOFF": config.arxiv_backoff,
        "PAPERS_ARXIV_RETRIES": config.arxiv_retries,
        "PAPERS_ARXIV_SPEED_LIMIT": config.arxiv_speed_limit,
        "PAPERS_ARXIV_SPEED_TIME": config.arxiv_speed_time,
    }[name]
    with pytest.raises(PapersError, match=f"{name} must be .*not '{raw}'"):
        read()


def test_usable_settings_and_defaults(monkeypatch):
    for name in ("PAPERS_ARXIV_TIMEOUT", "PAPERS_ARXIV_DELAY", "PAPERS_ARXIV_RETRIES"):
        monkeypatch.delenv(name, raising=False)
    assert (config.arxiv_timeout(), config.arxiv_delay(), config.arxiv_retries()) == (30.0, 3.0, 4)
    monkeypatch.setenv("PAPERS_ARXIV_DELAY", "0")
    monkeypatch.setenv("PAPERS_ARXIV_TIMEOUT", " 2.5 ")
    monkeypatch.setenv("PAPERS_ARXIV_RETRIES", "0")
    assert (config.arxiv_timeout(), config.arxiv_delay(), config.arxiv_retries()) == (2.5, 0.0, 0)
    monkeypatch.setenv("PAPERS_ARXIV_RETRIES", "3.0")  # (a whole number written so)
    assert config.arxiv_retries() == 3
    # (the spellings of a number other programs write too)
    for raw, seconds in (("1e1", 10.0), (".5", 0.5), ("+2", 2.0), ("3.", 3.0), ("1E-1", 0.1)):
        monkeypatch.setenv("PAPERS_ARXIV_DELAY", raw)
        assert config.arxiv_delay() == seconds, raw


def test_the_speed_limit_and_its_defaults(monkeypatch):
    for name in ("PAPERS_ARXIV_SPEED_LIMIT", "PAPERS_ARXIV_SPEED_TIME"):
        monkeypatch.delenv(name, raising=False)
    assert (config.arxiv_speed_limit(), config.arxiv_speed_time()) == (1000.0, 30.0)
    monkeypatch.setenv("PAPERS_ARXIV_SPEED_LIMIT", "0")  # (off)
    monkeypatch.setenv("PAPERS_ARXIV_SPEED_TIME", "0.5")
    assert (config.arxiv_speed_limit(), config.arxiv_speed_time()) == (0.0, 0.5)


def test_a_bad_speed_limit_is_said_before_any_request(fake_arxiv, root, monkeypatch):
    monkeypatch.setenv("PAPERS_ARXIV_SPEED_LIMIT", "fast")
    result = CliRunner().invoke(cli, ["add", "2210.17323"])
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: PAPERS_ARXIV_SPEED_LIMIT must be a number of bytes a second from 0 to 1e+09, "
        "not 'fast'\n"
    )
    assert fake_arxiv.log == []


def test_the_command_says_it_in_one_line(fake_arxiv, root, monkeypatch):
    monkeypatch.setenv("PAPERS_ARXIV_TIMEOUT", "inf")
    result = CliRunner().invoke(cli, ["add", "--no-pdf", "2210.17323"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    [line] = [ln for ln in result.stderr.splitlines() if ln.startswith("Error:")]
    assert "PAPERS_ARXIV_TIMEOUT must be a number of seconds" in line


def test_an_underscore_in_a_number_is_said_in_one_line(fake_arxiv, root, monkeypatch):
    # (PAPERS_ARXIV_DELAY=1_0 was read as ten seconds: float() takes Python's underscores)
    monkeypatch.setenv("PAPERS_ARXIV_DELAY", "1_0")
    result = CliRunner().invoke(cli, ["add", "--no-pdf", "2210.17323"])
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: PAPERS_ARXIV_DELAY must be a number of seconds from 0 to 86400, not '1_0'\n"
    )
    assert fake_arxiv.log == []


def test_a_bad_setting_is_said_once_for_several_papers(fake_arxiv, root, monkeypatch):
    monkeypatch.setenv("PAPERS_ARXIV_DELAY", "abc")
    result = CliRunner().invoke(cli, ["add", "--no-pdf", "2210.17323", "2306.00978", "2308.13137"])
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: PAPERS_ARXIV_DELAY must be a number of seconds from 0 to 86400, not 'abc'\n"
    )


def test_a_bad_backoff_is_said_before_any_request(fake_arxiv, root, corpus, monkeypatch):
    # (it was read only when a retry came, and then hid the answer that caused the retry)
    from papers.db import open_db, save_paper
    from papers.library import store_references
    from papers.models import Paper, Reference

    db = open_db(root)
    save_paper(db, Paper(id="2210.17323", title="GPTQ"))
    cited = Reference(n=1, raw="Dettmers. LLM.int8(). 2022.", title="LLM.int8()", year=2022)
    store_references(db, "2210.17323", [cited])
    db.conn.commit()
    monkeypatch.setenv("PAPERS_ARXIV_BACKOFF", "-2")
    result = CliRunner().invoke(cli, ["refs", "2210.17323"])
    assert result.exit_code == 1
    assert result.stderr.endswith(
        "Error: PAPERS_ARXIV_BACKOFF must be a number of seconds from 0 to 86400, not '-2'\n"
    )


def test_a_bad_setting_is_said_once_for_stamped_pdfs_too(fake_arxiv, root, corpus, monkeypatch):
    # (a local PDF with an arXiv stamp is looked up on arXiv: each failed on its own)
    monkeypatch.setenv("PAPERS_ARXIV_DELAY", "abc")
    pdfs = [str(corpus / "pdf" / f"{paper_id}.pdf") for paper_id in ("2306.00978", "2208.07339")]
    result = CliRunner().invoke(cli, ["add", *pdfs])
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: PAPERS_ARXIV_DELAY must be a number of seconds from 0 to 86400, not 'abc'\n"
    )


def test_the_facet_worker_switch_is_read_as_a_switch(monkeypatch):
    # "abc" was read as on, silently; only 0, no and false turned it off
    for raw, on in (("0", False), ("off", False), ("No", False), ("yes", True), ("", True)):
        monkeypatch.setenv("PAPERS_FACET_WORKER", raw)
        assert config.facet_worker() is on, raw


@pytest.mark.parametrize(
    "args",
    [
        ["add", "--no-pdf", "2210.17323"],
        ["refs", "2210.17323", "--add"],  # ("adding depth 1" was printed before the error)
    ],
)
def test_a_bad_facet_worker_switch_stops_a_command_before_it_does_anything(
    fake_arxiv, root, monkeypatch, args
):
    monkeypatch.setenv("PAPERS_FACET_WORKER", "abc")
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: PAPERS_FACET_WORKER must be 1 or 0 (yes/no, true/false, on/off), not 'abc'\n"
    )
    assert not (root / "papers").exists()
