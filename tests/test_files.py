"""Temporary files beside a library's files: whole or nothing, and none left for good."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from papers.files import ORPHAN_AGE, part_beside, remove_orphans


def dead_pid() -> int:
    """The pid of a process that has ended."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def aged(path, seconds: float = ORPHAN_AGE + 60):
    path.write_bytes(b"%PDF-1.7 half")
    then = time.time() - seconds
    os.utime(path, (then, then))
    return path


def test_what_a_process_killed_outright_left_goes_and_nothing_else(tmp_path):
    mine = part_beside(tmp_path / "2210.17323v2.pdf")
    assert mine.name.startswith(".2210.17323v2.pdf.") and f".{os.getpid()}-" in mine.name
    gone = aged(tmp_path / f".2210.17323v2.pdf.{dead_pid()}-0a1b2c3d.part")
    fresh = tmp_path / f".2306.00978v1.pdf.{dead_pid()}-0a1b2c3d.part"
    fresh.write_bytes(b"%PDF being written elsewhere")  # (another machine's, say: recent)
    running = aged(tmp_path / f".2208.07339v2.pdf.{os.getppid()}-0a1b2c3d.part")
    ours = aged(mine)
    unnamed = aged(tmp_path / ".2309.06180v1.pdf.0a1b2c3d.part")  # (an older version's name)
    pdf = aged(tmp_path / "2210.17323v2.pdf")
    remove_orphans(tmp_path)
    assert not gone.exists()
    assert all(p.exists() for p in (fresh, running, ours, unnamed, pdf))


def test_a_download_removes_what_a_killed_download_left(fake_arxiv, corpus, tmp_path):
    from papers import arxiv_source

    folder = tmp_path / "papers"
    folder.mkdir()
    left = aged(folder / f".2210.17323v2.pdf.{dead_pid()}-0a1b2c3d.part")
    arxiv_source.download_pdf(fake_arxiv.pdf_url("2210.17323v2"), folder / "2210.17323v2.pdf")
    assert not left.exists()
    assert sorted(p.name for p in folder.iterdir()) == ["2210.17323v2.pdf"]


def test_on_windows_a_process_is_never_probed_with_a_signal(monkeypatch):
    """os.kill(pid, 0) is Ctrl-C on Windows, not a probe: a record's pid is taken as running
    there (a stale record names its command), never sent a signal."""
    import os
    import sys

    from papers.files import process_running

    def kill(pid, sig):
        raise AssertionError(f"os.kill({pid}, {sig}) on Windows")

    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(os, "kill", kill)
    assert process_running(2**22 + 12345)
