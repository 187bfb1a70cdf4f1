"""Shared fixtures: a hermetic library root, an unreachable default arXiv, the corpus folder."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

pytest_plugins = ["fake_arxiv"]

# A suite started in the background by a shell without job control (`(pytest &)` in a script)
# has SIGINT ignored, and so would every `papers` process its tests start: the tests of Ctrl-C
# then timed out. Caught here, the signal is back to its default in each process started.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

CORPUS = Path(
    os.environ.get("PAPERS_CORPUS")
    or Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
)


@pytest.fixture(scope="session")
def session_cache(tmp_path_factory):
    """One cache folder for the whole run (compiled vocabularies), never the user's."""
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(autouse=True)
def hermetic(tmp_path, monkeypatch, session_cache):
    """Every test gets its own library root; arXiv points at a closed port unless a test
    starts the fake server, so no test can reach the internet."""
    root = tmp_path / "lib"
    root.mkdir()
    monkeypatch.setenv("PAPERS_ROOT", str(root))
    monkeypatch.setenv("PAPERS_CACHE_DIR", str(session_cache))
    monkeypatch.setenv("PAPERS_ARXIV_API", "http://127.0.0.1:9/api/query")
    monkeypatch.setenv("PAPERS_ARXIV_DELAY", "0")
    monkeypatch.setenv("PAPERS_ARXIV_RETRIES", "1")
    monkeypatch.setenv("PAPERS_ARXIV_BACKOFF", "0.01")
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    # (a command run in process sets config.notice, and it stayed for the tests after it: a
    # notice's own failure showed only in the whole suite, behind another test's command)
    from papers import config

    monkeypatch.setattr(config, "notice", None)
    return root


@pytest.fixture
def root(hermetic) -> Path:
    return hermetic


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The shared corpus folder; tests that need it skip cleanly when it is absent."""
    if not (CORPUS / "pdf").is_dir():
        pytest.skip(f"corpus not found at {CORPUS}")
    return CORPUS


@pytest.fixture
def ctrl_c_as_temp_file_is_made(monkeypatch):
    """os.open makes a ".tmp" or ".part" file, then a KeyboardInterrupt lands, as a Ctrl-C just as a
    temporary file is made; calling the fixture's value ends it (not monkeypatch.undo(), which
    would also undo the hermetic library root and cache folder)."""
    real_open = os.open

    def interrupted_open(name, flags, *args, **kwargs):
        if str(name).endswith((".tmp", ".part")):
            os.close(real_open(name, flags, *args, **kwargs))
            raise KeyboardInterrupt
        return real_open(name, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", interrupted_open)
    return lambda: monkeypatch.setattr(os, "open", real_open)
