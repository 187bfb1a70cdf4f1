"""Facet extraction in a second process, beside the rest of the ingest.

Extraction is pure Python and holds the GIL, so a thread could not run it beside reference
extraction and the database write; a process can, on a second core. Started when a command
begins to add papers, the worker also loads the vocabulary (what a command's first paper used
to wait for) while this process asks arXiv and reads PDFs. With one core, or when the worker
cannot start or stops answering, the facets are computed in this process as before: the
result is the same either way.
"""

from __future__ import annotations

import atexit
import contextlib
import itertools
import os
import signal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import config

if TYPE_CHECKING:  # multiprocessing is imported only where a worker starts
    from multiprocessing.connection import Connection

    from .models import Facet

# the library's vocabulary extension: its path, mtime and size (see library.vocabulary_extension)
Extension = tuple[str, tuple[int, int]] | None


def serve(requests: Connection, answers: Connection) -> None:
    """The worker: answer each (key, pages, extension) with (key, facets or None), in order.

    A thread reads the requests as they come, so the parent, sending the next paper, never
    waits for the worker, which may itself be waiting for the parent to read an answer."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    import queue
    import sys
    import threading

    # the thread reading a paper takes the interpreter within 0.5 ms of its arrival, not the
    # default 5 ms, while this one compiles the vocabulary ahead
    sys.setswitchinterval(0.0005)

    jobs: queue.SimpleQueue = queue.SimpleQueue()
    gone = object()  # the parent has gone or closed the pipe

    def read() -> None:
        try:
            while True:
                jobs.put(requests.recv())
        finally:  # the parent gone, or a request that cannot be read: stop, and it sees why
            jobs.put(gone)

    # reading before the rules are imported: a paper larger than the pipe's buffer, sent at
    # once, would otherwise hold the parent until they are
    threading.Thread(target=read, daemon=True).start()

    from .quant import extract_facets, library_vocabulary

    def facets(pages: list[str], ext: Extension) -> list[Facet] | None:
        if ext is not None and config.file_stamp(ext[0]) != ext[1]:
            return None  # edited since it was sent: the parent reads it again, and its version
        try:
            return extract_facets(pages, library_vocabulary(ext))
        except Exception:  # the parent computes them again, and reports what goes wrong
            return None

    extension = jobs.get()  # load the vocabulary before the first paper comes
    if extension is gone:
        return
    try:
        ahead = library_vocabulary(extension).compile_ahead()
    except Exception:  # a broken vocabulary: each paper's answer says so (None)
        ahead = iter(())
    try:
        while True:
            # between papers, compile the rest of the vocabulary, one trigger at a time
            if jobs.empty() and next(ahead, gone) is not gone:
                continue
            job = jobs.get()
            if job is gone:
                return
            key, pages, ext = job
            answers.send((key, facets(pages, ext)))
    except OSError:  # the parent has gone
        return


def _widen(pipe: int) -> None:
    """Make the pipe hold a whole paper's text (100-300 KB; 64 KB by default on Linux): the
    parent then sends it without waiting for the worker, busy with the vocabulary, to read
    chunk after chunk. Elsewhere, or where refused, the pipe stays as it is."""
    try:
        import fcntl

        for size in (1 << 20, 1 << 18):  # the most an unprivileged process may ask, by default
            with contextlib.suppress(OSError):
                fcntl.fcntl(pipe, fcntl.F_SETPIPE_SZ, size)
                return
    except (ImportError, AttributeError):  # not Linux
        return


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class FacetWorker:
    """Facets of documents sent with `start`, collected with `result` by the ticket it gave;
    `close` stops the worker (it is also a context manager). `result` returns None where the
    caller must compute them itself: the worker is gone, or could not compute them."""

    # the worker's Python command; -P: not the current directory first on the path, where a
    # papers.py or another copy of the package would shadow this one
    arguments: tuple[str, ...] = ("-P", "-m", "papers.facet_worker")

    def __init__(self, extension: Extension = None) -> None:
        self._requests: Connection | None = None
        self._answers: Connection | None = None
        self._process: Any = None
        self._tickets = itertools.count(1)
        self._sent: list[int] = []  # tickets awaiting an answer, in the order sent
        self._done: dict[int, list[Facet] | None] = {}
        self._dropped: set[int] = set()  # answers nobody will ask for
        import sys

        if cores() < 2 or os.name != "posix" or not sys.executable or not config.facet_worker():
            return
        import subprocess
        from multiprocessing.connection import Connection

        # A plain interpreter, not multiprocessing's spawn, which would run the caller's main
        # module again in the worker; it imports this very copy of the package.
        package_parent = str(Path(__file__).resolve().parents[1])
        path = os.pathsep.join(filter(None, [package_parent, os.environ.get("PYTHONPATH")]))
        try:
            self._process = subprocess.Popen(
                [sys.executable, *self.arguments],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env={**os.environ, "PYTHONPATH": path},
                start_new_session=True,  # Ctrl-C in the terminal is for the command alone
            )
            assert self._process.stdin is not None and self._process.stdout is not None
            self._requests = Connection(os.dup(self._process.stdin.fileno()), readable=False)
            self._answers = Connection(os.dup(self._process.stdout.fileno()), writable=False)
            self._process.stdin.close()
            self._process.stdout.close()
            _widen(self._requests.fileno())
            self._requests.send(extension)
        except (OSError, ValueError):
            self.close()

    def __enter__(self) -> FacetWorker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def running(self) -> bool:
        return self._requests is not None and self._process.poll() is None

    def start(self, pages: list[str], extension: Extension) -> int | None:
        """Send a document's pages: the ticket of its answer, or None if nobody takes them."""
        if self._requests is None:
            return None
        ticket = next(self._tickets)
        try:
            self._requests.send((ticket, pages, extension))
        except (OSError, ValueError):
            self.close()
            return None
        self._sent.append(ticket)
        return ticket

    def result(self, ticket: int) -> list[Facet] | None:
        """The facets sent under ticket, waiting for them; None if they did not come."""
        while ticket not in self._done:
            if self._answers is None or ticket not in self._sent:
                return None
            try:
                got, facets = self._answers.recv()
            except Exception:  # gone, or an answer that cannot be read: this process goes on
                self.close()
                return None
            self._sent.remove(got)
            if got in self._dropped:
                self._dropped.discard(got)
            else:
                self._done[got] = facets
        return self._done.pop(ticket)

    def drop(self, ticket: int) -> None:
        """Forget a document's answer, which nobody will ask for (its paper failed, or was
        already in the library)."""
        if self._done.pop(ticket, None) is None and ticket in self._sent:
            self._dropped.add(ticket)

    def close(self) -> None:
        """Stop the worker at once: it holds nothing that could be lost."""
        for conn in (self._requests, self._answers):
            if conn is not None:
                conn.close()
        self._requests = self._answers = None
        if self._process is not None:
            if self._process.poll() is None:
                self._process.terminate()
            self._process.wait()
            self._process = None
        self._sent.clear()
        self._done.clear()
        self._dropped.clear()


_shared: FacetWorker | None = None


def shared(extension: Extension = None) -> FacetWorker | None:
    """This process's worker, started on first use and kept until the process exits: a crawl
    adds papers one call at a time, and each call would otherwise load the vocabulary again.
    None where there is to be no worker (one core, PAPERS_FACET_WORKER=0)."""
    global _shared
    if not config.facet_worker():
        return None
    if _shared is not None and _shared.running:
        return _shared
    if _shared is None:
        atexit.register(_close_shared)
    _shared = FacetWorker(extension)
    return _shared if _shared.running else None


def _close_shared() -> None:
    if _shared is not None:
        _shared.close()


if __name__ == "__main__":
    from multiprocessing.connection import Connection

    requests, answers = Connection(os.dup(0), writable=False), Connection(os.dup(1), readable=False)
    os.dup2(os.open(os.devnull, os.O_RDWR), 0)  # a stray print cannot garble the answers
    os.dup2(0, 1)
    serve(requests, answers)
