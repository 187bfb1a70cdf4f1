"""The compiled vocabulary kept between commands: read back instead of compiled, the same
facets either way, a new file for another vocabulary, and any damage to the cache a miss."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from papers import cache, config, quant
from papers.errors import VocabularyError
from papers.pdf import read_pdf
from papers.quant import Vocabulary, extract_facets, load_vocabulary


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("PAPERS_CACHE_DIR", str(folder))
    load_vocabulary.cache_clear()  # this process's own cache: each load below reads the files
    yield folder
    load_vocabulary.cache_clear()


def pickles(folder: Path) -> list[Path]:
    return sorted(folder.glob("vocabulary-*.pickle"))


def no_toml(monkeypatch) -> None:
    """Parsing the TOML fails from now on: a vocabulary still loaded came from the cache."""

    def refuse(text: str) -> dict:
        raise AssertionError("the vocabulary was compiled again")

    monkeypatch.setattr(quant.tomllib, "loads", refuse)


def assert_loads_without_cache() -> None:
    """The vocabulary still loads, compiled in this process, and finds what it should."""
    load_vocabulary.cache_clear()
    try:
        vocabulary = load_vocabulary()
    finally:
        load_vocabulary.cache_clear()
    assert "GPTQ" in {h.value for h in quant.scan_text("We compare with GPTQ.", vocabulary)}


def test_a_compiled_vocabulary_is_read_back_and_finds_the_same_facets(
    cache_dir, corpus, monkeypatch
):
    pages = read_pdf(corpus / "pdf" / "2306.00978.pdf").pages  # AWQ
    compiled = load_vocabulary()
    assert len(pickles(cache_dir)) == 1
    expected = extract_facets(pages, compiled)
    load_vocabulary.cache_clear()
    no_toml(monkeypatch)
    cached = load_vocabulary()
    assert cached is not compiled
    assert extract_facets(pages, cached) == expected
    assert {"W4A16", "GPTQ", "RTN"} <= {f.value for f in expected if f.evaluated}


def test_a_fresh_process_loads_the_cached_vocabulary_without_compiling_it(cache_dir):
    load_vocabulary()
    program = (
        "import tomllib\n"
        "def refuse(text): raise SystemExit('compiled again')\n"
        "tomllib.loads = refuse\n"
        "from papers.quant import load_vocabulary\n"
        "print(len(load_vocabulary().by_trigger))\n"
    )
    env = {**os.environ, "PAPERS_CACHE_DIR": str(cache_dir)}
    out = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, env=env, check=True
    )
    assert int(out.stdout) == len(load_vocabulary().by_trigger) > 100


def test_another_version_of_the_rules_compiles_its_own(cache_dir, monkeypatch):
    """An upgrade changes quant.py: its vocabulary is compiled again, never read from the file
    the old code wrote (whose classes it may not share)."""
    load_vocabulary()
    monkeypatch.setattr(quant, "_builder_source", lambda: b"the next version of quant.py")
    load_vocabulary.cache_clear()
    load_vocabulary()
    assert len(pickles(cache_dir)) == 2


def test_a_damaged_cache_file_is_compiled_again_and_replaced(cache_dir):
    load_vocabulary()
    [path] = pickles(cache_dir)
    whole = path.read_bytes()
    path.write_bytes(whole[: len(whole) // 2])  # truncated, as by a full disk
    load_vocabulary.cache_clear()
    assert isinstance(load_vocabulary(), Vocabulary)
    assert path.read_bytes() == whole
    path.write_bytes(b"not a pickle at all")
    load_vocabulary.cache_clear()
    assert isinstance(load_vocabulary(), Vocabulary)


def test_a_cache_that_cannot_be_written_costs_only_the_compilation(tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("a file where the folder would be")
    monkeypatch.setenv("PAPERS_CACHE_DIR", str(blocked / "cache"))
    assert_loads_without_cache()
    assert blocked.read_text() == "a file where the folder would be"


def test_ctrl_c_as_the_temporary_file_is_made_leaves_none(
    cache_dir, monkeypatch, ctrl_c_as_temp_file_is_made
):
    # the signal lands as the file is made, before the pickle is written: no hidden file is
    # left in the cache folder, which nothing would ever remove
    with pytest.raises(KeyboardInterrupt):
        cache.save("thing", "key", [1, 2])
    ctrl_c_as_temp_file_is_made()  # (ends it)
    assert list(cache_dir.iterdir()) == []
    cache.save("thing", "key", [1, 2])  # and the next save works
    assert cache.load("thing", "key") == [1, 2]


def test_a_temporary_file_of_another_process_is_not_removed(cache_dir, monkeypatch):
    # the same name made by another process: this save fails (a miss, nothing raised) and
    # leaves that file alone
    cache_dir.mkdir()
    theirs = cache_dir / ".thing-0123.tmp"
    theirs.write_bytes(b"half a pickle of another process")
    monkeypatch.setattr(cache.secrets, "token_hex", lambda n: "0123")
    cache.save("thing", "key", [1, 2])
    assert theirs.read_bytes() == b"half a pickle of another process"
    assert cache.load("thing", "key") is None


def test_without_a_home_folder_there_is_no_cache_and_no_error(monkeypatch):
    monkeypatch.delenv("PAPERS_CACHE_DIR")
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)

    def homeless() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(config.Path, "home", staticmethod(homeless))
    assert_loads_without_cache()
    cache.save("thing", "key", 1)
    assert cache.load("thing", "key") is None


def test_a_library_vocabulary_has_its_own_file_and_an_edit_gives_another(
    cache_dir, tmp_path, monkeypatch
):
    extra = tmp_path / "quant_vocab.toml"
    extra.write_text('[[baseline]]\nvalue = "FooQuant"\npatterns = ["FooQuant"]\n', "utf-8")
    load_vocabulary()
    load_vocabulary(None, str(extra), "first")
    assert len(pickles(cache_dir)) == 2
    extra.write_text('[[baseline]]\nvalue = "BarQuant"\npatterns = ["BarQuant"]\n', "utf-8")
    load_vocabulary(None, str(extra), "edited")
    assert len(pickles(cache_dir)) == 3
    load_vocabulary.cache_clear()
    no_toml(monkeypatch)
    vocabulary = load_vocabulary(None, str(extra), "edited")
    found = {h.value for h in quant.scan_text("We compare FooQuant and BarQuant.", vocabulary)}
    assert found == {"BarQuant"}


def test_a_bad_library_vocabulary_is_reported_and_nothing_is_cached(cache_dir, tmp_path):
    extra = tmp_path / "quant_vocab.toml"
    extra.write_text('[[baseline]]\nvalue = "Foo"\npatterns = ["Foo(bar"]\n', "utf-8")
    with pytest.raises(VocabularyError, match="not a usable vocabulary entry"):
        load_vocabulary(None, str(extra), "x")
    assert pickles(cache_dir) == []
    extra.write_bytes(b"\xff\xfe not utf-8")
    with pytest.raises(VocabularyError, match="quant_vocab.toml"):
        load_vocabulary(None, str(extra), "y")


def test_the_cache_keeps_its_most_recently_used_files(cache_dir):
    for n in range(cache.KEEP + 3):
        cache.save("thing", f"key{n}", n)
        os.utime(cache_dir / f"thing-key{n}.pickle", (n, n))  # written in this order
    assert cache.load("thing", "key0") is None  # pruned
    assert cache.load("thing", "key3") == 3  # read: now the most recently used
    cache.save("thing", "newest", "x")
    kept = {p.name for p in cache_dir.glob("thing-*.pickle")}
    assert len(kept) == cache.KEEP
    assert {"thing-key3.pickle", "thing-newest.pickle", "thing-key10.pickle"} <= kept
    assert "thing-key4.pickle" not in kept
    assert not list(cache_dir.glob(".thing-*"))  # no temporary file left


def test_the_digest_tells_where_one_part_ends():
    assert cache.digest(b"ab", b"c") != cache.digest(b"a", b"bc")
    assert cache.digest(b"ab", b"c") == cache.digest(b"ab", b"c")


def test_the_cache_folder_is_the_users_and_follows_xdg(monkeypatch, tmp_path):
    monkeypatch.delenv("PAPERS_CACHE_DIR")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert config.cache_dir() == tmp_path / "xdg" / "papers"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/path")  # ignored, as the spec says
    assert config.cache_dir() == tmp_path / ".cache" / "papers"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert config.cache_dir() == tmp_path / ".cache" / "papers"
    monkeypatch.setenv("PAPERS_CACHE_DIR", "~/elsewhere")
    assert config.cache_dir() == tmp_path / "elsewhere"


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="no users to tell apart")
def test_a_file_someone_else_could_have_written_is_not_loaded(cache_dir, monkeypatch):
    # loading a pickle runs code: a cache folder pointed at a shared place is no way in
    cache.save("thing", "key", [1, 2])
    [path] = cache_dir.glob("thing-*.pickle")
    assert cache.load("thing", "key") == [1, 2]
    path.chmod(0o666)
    assert cache.load("thing", "key") is None
    path.chmod(0o600)
    cache_dir.chmod(0o777)
    assert cache.load("thing", "key") is None
    cache_dir.chmod(0o700)
    assert cache.load("thing", "key") == [1, 2]
    monkeypatch.setattr(os, "getuid", lambda: path.stat().st_uid + 1)
    assert cache.load("thing", "key") is None


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="no users to tell apart")
def test_the_cache_folder_is_made_for_its_user_alone(cache_dir):
    load_vocabulary()
    assert cache_dir.stat().st_mode & 0o077 == 0
    assert all(path.stat().st_mode & 0o077 == 0 for path in pickles(cache_dir))
