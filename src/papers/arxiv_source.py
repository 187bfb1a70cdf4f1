"""The only module that talks to arXiv: batched metadata, search, PDF downloads.

It imports `arxiv` and `requests` at top level, so the rest of the package imports it inside the
functions that fetch (read-only commands never pay for it). Everything leaving this module is our
own `ArxivEntry`.

Politeness and robustness live in one place, `_Session`, which `arxiv.Client` is made to use:
every request (metadata, search, PDF) waits for its turn so that at most one request is sent per
`config.arxiv_delay()` seconds process-wide, over one connection at a time; every request has a
timeout; 429/502/503/504 and connection failures are retried with exponential backoff (honouring
Retry-After) and then become one `NetworkError`. A connection that cannot even be opened (refused,
unknown host, no route: the network or arXiv is down) is retried once only, so that an offline
`papers add paper.pdf` falls back to the PDF's own metadata in seconds, not half a minute. A
request that got no answer within the timeout (a server that accepts and then hangs) is retried
once only too: a hung server rarely recovers in the seconds of a backoff, and four more timeouts
of 30 s made a dead arXiv cost three minutes; its first silence is said on stderr at once. The
`arxiv` package's own retries are switched off because they retry at once, without backoff, and
its requests carry no timeout.
"""

from __future__ import annotations

import contextlib
import hashlib
import http
import logging
import os
import re
import threading
import time
from collections.abc import Callable, Iterator
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import urlsplit

import arxiv
import requests
from urllib3.exceptions import DecodeError, NewConnectionError, ProtocolError, ReadTimeoutError
from urllib3.exceptions import HTTPError as Urllib3Error
from urllib3.exceptions import SSLError as Urllib3SSLError

from . import __version__, config
from .errors import (
    BadIdentifier,
    LibraryError,
    NetworkError,
    PaperPdfError,
    PapersError,
    PdfError,
    ServerError,
)
from .files import part_beside, remove_orphans, scratch_file
from .ids import ArxivId, parse_arxiv_id
from .models import ArxivEntry

USER_AGENT = f"papers/{__version__} (paper-review workbench; +https://arxiv.org/help/api)"
BATCH_SIZE = 100  # ids per id_list request (arXiv's documented page size)
RETRY_STATUSES = {429, 502, 503, 504}
RETRY_AFTER_CAP = 60.0  # seconds: never sleep longer than this on a server's say-so
WAIT_NOTICE = 5.0  # seconds: a wait before a retry this long is said (config.notice)
DOWNLOAD_NOTICE = 15.0  # seconds between two words of a slow download's progress
CONNECT_RETRIES = 1  # for a connection that could not be opened at all (see _never_connected)
SILENCE_RETRIES = 1  # for a request that got no answer within the timeout (see _timed_out)
SILENCE_NOTICE = 10.0  # seconds: silence this long (or half the timeout) is said, the wait goes on
CHUNK_SIZE = 64 * 1024

ERROR_ID_RE = re.compile(rb"<id>\s*https?://arxiv\.org/api/errors#([^<\s]*)\s*</id>")
ERROR_SUMMARY_RE = re.compile(rb"<summary>([^<]*)</summary>")
FEED_RE = re.compile(rb"<(?:\w+:)?feed[\s>]")
TOTAL_RE = re.compile(rb"<opensearch:totalResults[^>]*>\s*(\d+)\s*<")
FEED_END_RE = re.compile(rb"</(?:\w+:)?feed>\s*\Z")  # (a mirror may prefix it: </atom:feed>)
OLD_SUBJECT_RE = re.compile(r"^([a-z\-]+)\.[A-Z]{2}/")

# The arxiv package logs a warning for every entry it skips, including arXiv's own error entries
# (which we report ourselves); without a handler Python would print those to stderr.
logging.getLogger("arxiv").addHandler(logging.NullHandler())

# Process-wide pacing: one lock (one request at a time) and the end time of the last request.
_PACE_LOCK = threading.RLock()
_last_request_end: float | None = None


# ---------------------------------------------------------------------------------------------
# Public API


def fetch_entries(ids: list[str], known: str | None = None) -> dict[str, ArxivEntry | None]:
    """Metadata for many ids in as few requests as arXiv allows (100 ids per id_list request).

    Keys are the ids exactly as given; the value is None when arXiv has no such paper. An id
    without a version gets the latest version; an id with one gets that version. Ids that
    `parse_arxiv_id` rejects are None without asking arXiv (arXiv would reject them too, and one
    malformed id makes arXiv answer the whole batch with an error). If arXiv still answers a batch
    with an error entry, the id it blames is marked not found and the rest are asked again; when
    it blames none of them the batch is split in halves, so one bad id costs a few requests, not
    one request per id.

    `known` is an id arXiv has (a library paper's): an answer with no entry for several ids is
    asked again with it among them, and if arXiv leaves it out too, the empty answer was a
    fault (NetworkError), not papers it lacks, which callers would remember as missing.
    """
    wanted: dict[str, ArxivId] = {}
    for given in ids:
        try:
            wanted[given] = _api_id(parse_arxiv_id(given))
        except BadIdentifier:
            continue
    query_ids = list(dict.fromkeys(str(parsed) for parsed in wanted.values()))
    entries: list[ArxivEntry] = []
    if query_ids:
        with _Session() as session:
            for start in range(0, len(query_ids), BATCH_SIZE):
                batch = query_ids[start : start + BATCH_SIZE]
                entries.extend(_fetch_batch(session, batch, known=known))
    by_key: dict[str, list[ArxivEntry]] = {}
    for entry in entries:
        by_key.setdefault(_match_key(entry.arxiv_id), []).append(entry)
    return {given: _pick(by_key, wanted.get(given)) for given in ids}


# what the arxiv package raises on an entry it cannot parse (a date "2022", a missing field):
# a mirror's or proxy's answer, not arXiv's; said in one line like a network fault
_UNREADABLE = (ValueError, KeyError, AttributeError, TypeError, IndexError)


_BAD_ADDRESS = (
    requests.exceptions.MissingSchema,
    requests.exceptions.InvalidSchema,
    requests.exceptions.InvalidURL,
)


@contextlib.contextmanager
def _readable_answer() -> Iterator[None]:
    """What goes wrong reading arXiv's feed, in one line: an address requests refuses before
    sending (MissingSchema, InvalidURL) is the setting's fault; an answer requests cannot
    decode (a proxy's bad gzip, endless redirects) or the arxiv package cannot parse (a
    mirror's date "2022") is a network fault, which lets an add fall back on a stamped PDF."""
    try:
        yield
    except _BAD_ADDRESS as exc:
        raise PapersError(
            f"arXiv cannot be asked at {_url()} ({exc}); check PAPERS_ARXIV_API"
        ) from None
    except requests.RequestException as exc:
        raise NetworkError(f"arXiv's answer could not be read ({exc}; {_url()})") from None
    except _UNREADABLE as exc:
        raise NetworkError(f"arXiv sent a feed that cannot be read ({exc}; {_url()})") from None


def search(query: str, max_results: int = 10) -> list[ArxivEntry]:
    """Entries matching an arXiv search_query (`ti:"..." AND au:...`), in arXiv's order."""
    if max_results <= 0:
        return []
    found: list[ArxivEntry] = []
    with _Session() as session:
        client = _client(session, page_size=min(max_results, BATCH_SIZE))
        request = arxiv.Search(query=query, max_results=max_results)
        attempt = 0
        while len(found) < max_results:
            try:
                with _readable_answer():
                    for result in client.results(request, offset=len(found)):
                        entry = to_entry(result)
                        if entry is not None:
                            found.append(entry)
                break
            except arxiv.UnexpectedEmptyPageError:
                # arXiv sporadically answers a later page with nothing; ask again after a pause.
                if attempt >= config.arxiv_retries():
                    raise NetworkError(
                        f"arXiv kept returning empty result pages for {query!r}"
                    ) from None
                time.sleep(_backoff(attempt))
                attempt += 1
            except arxiv.HTTPError as exc:
                if _feed_error(session.last_response) is None:
                    raise _http_error(exc.status, exc.url) from None
                break
        error = _feed_error(session.last_response)
        if error is not None:
            raise PapersError(f"arXiv rejected the search {query!r}: {error[1] or error[0]}")
        if (why := _incomplete(session.last_response, len(found), max_results)) is not None:
            raise NetworkError(f"arXiv's answer to the search {query!r} {why} ({_url()})")
    return found


def download_pdf(url: str, dest: Path, check: Callable[[Path], object] | None = None) -> str:
    """Download a PDF to dest, all or nothing; returns its sha256 (hex).

    The body goes to a hidden temporary file next to dest and is renamed over dest only once it
    is complete (Content-Length honoured), starts with %PDF and passes `check` (by default
    `pdf.verify_pdf`; `pdf.read_pdf` checks as much and keeps the text, so a caller that reads
    the PDF anyway opens it once). An HTML page, a truncated body, a network failure or Ctrl-C
    leaves no file behind.
    """
    if check is None:
        from .pdf import verify_pdf  # pymupdf: only needed once something was downloaded

        check = verify_pdf

    dest = Path(dest)
    remove_orphans(dest.parent)  # (what a download killed outright left behind)
    with contextlib.ExitStack() as stack:
        try:
            tmp = stack.enter_context(scratch_file(part_beside(dest)))
        except OSError as exc:
            raise LibraryError(f"cannot write into {dest.parent}: {exc.strerror}") from None
        with open(tmp, "wb") as handle:
            digest = _download_to(url, handle)
            handle.flush()
            os.fsync(handle.fileno())
        with open(tmp, "rb") as written:
            head = written.read(1024)
        if not head.lstrip()[:5].startswith(b"%PDF"):
            kind = "an empty body" if not head else "something else (HTML?)"
            raise PdfError(f"not a PDF: {url} sent {kind}")
        try:
            check(tmp)
        except PdfError as exc:
            # what the check found ("encrypted PDF (needs a password)"), of the URL, not of
            # the temporary file
            said = str(exc)
            if str(tmp) in said:
                message = said.replace(str(tmp), url)
            else:  # (a check that names the URL itself: "stamped ..., not ...")
                message = said if url and url in said else ""
            # (another paper's PDF is this paper's trouble alone; a PDF that does not open
            # may be a download cut where its length could not be checked: tried again)
            failure = PaperPdfError if isinstance(exc, PaperPdfError) else PdfError
            raise failure(message or f"damaged or truncated PDF from {url}") from exc
        os.replace(tmp, dest)
        return digest


def to_entry(result: arxiv.Result) -> ArxivEntry | None:
    """Convert one `arxiv.Result`; None for what is not a paper (an arXiv error entry)."""
    try:
        parsed = parse_arxiv_id(result.get_short_id())
    except BadIdentifier:
        return None
    categories = list(dict.fromkeys(result.categories))
    return ArxivEntry(
        arxiv_id=parsed.id,
        version=parsed.version,
        title=_one_line(result.title) or "",
        authors=[name for name in (_one_line(a.name) for a in result.authors) if name],
        abstract=_one_line(result.summary) or "",
        categories=categories,
        primary_category=result.primary_category or (categories[0] if categories else None),
        published=_iso(result.published),
        updated=_iso(result.updated),
        doi=_one_line(result.doi),
        journal_ref=_one_line(result.journal_ref),
        comment=_one_line(result.comment),
        pdf_url=result.pdf_url or None,
    )


# ---------------------------------------------------------------------------------------------
# Metadata helpers


def _api_id(parsed: ArxivId) -> ArxivId:
    """The id as arXiv names it: old-style subject classes are not part of it
    (math.GT/0309136 is math/0309136)."""
    return ArxivId(OLD_SUBJECT_RE.sub(r"\1/", parsed.id), parsed.version)


def _match_key(arxiv_id: str) -> str:
    return OLD_SUBJECT_RE.sub(r"\1/", arxiv_id)


def _pick(by_key: dict[str, list[ArxivEntry]], wanted: ArxivId | None) -> ArxivEntry | None:
    """The entry answering one requested id: that version if one was asked, else the latest."""
    if wanted is None:
        return None
    candidates = by_key.get(_match_key(wanted.id), [])
    if wanted.version is not None:
        return next((e for e in candidates if e.version == wanted.version), None)
    return max(candidates, key=lambda e: e.version or 0, default=None)


# this many ids asked and none found looks like the empty page arXiv sends now and then (as
# its answer for ids it lacks does): asked once more before it is believed, and cached
DOUBTFUL_EMPTY = 3


def _fetch_batch(
    session: _Session, batch: list[str], again: bool = True, known: str | None = None
) -> list[ArxivEntry]:
    """One id_list request; on an arXiv error entry drop the blamed id (or halve) and retry;
    an empty answer for DOUBTFUL_EMPTY ids or more is asked once more (again=True), with the
    `known` id among them when there is one (see fetch_entries)."""
    client = _client(session, page_size=BATCH_SIZE)
    request = arxiv.Search(id_list=batch, max_results=len(batch))
    try:
        with _readable_answer():
            results = list(client.results(request))
    except arxiv.HTTPError as exc:
        if _feed_error(session.last_response) is None:
            raise _http_error(exc.status, exc.url) from None
        results = []
    except arxiv.UnexpectedEmptyPageError:  # a second page, though 100 ids fit in one
        raise NetworkError(f"arXiv sent an incomplete answer for {len(batch)} ids") from None
    error = _feed_error(session.last_response)
    if error is None:
        if not _is_feed(session.last_response):
            raise NetworkError(f"arXiv answered with something other than an Atom feed ({_url()})")
        if (why := _incomplete(session.last_response, len(results), len(batch))) is not None:
            raise NetworkError(f"arXiv's answer for {len(batch)} ids {why} ({_url()})")
        if not results and again and len(batch) >= DOUBTFUL_EMPTY:
            time.sleep(_backoff(0))
            if known is None or known in batch:
                return _fetch_batch(session, batch, again=False)
            if len(batch) < BATCH_SIZE:
                return _asked_with(session, batch, known)
            half = len(batch) // 2  # (no place for it: each half asked with it)
            return _asked_with(session, batch[:half], known) + _asked_with(
                session, batch[half:], known
            )
        return [entry for entry in (to_entry(r) for r in results) if entry is not None]
    if "id_format" not in error[0] and "_id_" not in error[0]:
        # Not about an id (splitting the batch would not help): arXiv rejects the request itself.
        raise PapersError(f"arXiv rejected the request: {error[1] or error[0]}")
    blamed = error[0].removeprefix("incorrect_id_format_for_")
    if blamed in batch and len(batch) > 1:
        return _fetch_batch(session, [i for i in batch if i != blamed], known=known)
    if len(batch) == 1:
        return []
    half = len(batch) // 2
    return _fetch_batch(session, batch[:half], known=known) + _fetch_batch(
        session, batch[half:], known=known
    )


def _asked_with(session: _Session, batch: list[str], known: str) -> list[ArxivEntry]:
    """The batch asked again with an id arXiv has among them: an answer that leaves that one
    out too is arXiv's fault, not papers it lacks (see fetch_entries)."""
    found = _fetch_batch(session, [*batch, known], again=False)
    if not found:
        raise NetworkError(
            f"arXiv answered {len(batch)} ids with no entry, twice, the second time leaving "
            f"out {known} too, which it has: a fault, nothing is taken as missing; try again "
            f"later ({_url()})"
        )
    return found


def _client(session: _Session, page_size: int) -> arxiv.Client:
    # Pacing and retries are ours (process-wide, with backoff); the client only builds URLs,
    # pages and parses.
    client = arxiv.Client(page_size=page_size, delay_seconds=0.0, num_retries=0)
    client.query_url_format = _url() + "?{}"
    if not isinstance(getattr(client, "_session", None), requests.Session):
        raise RuntimeError("this version of the arxiv package has no Client._session to replace")
    client._session = session
    return client


def _url() -> str:
    return config.arxiv_api_url().split("?", 1)[0]


def _feed_error(response: requests.Response | None) -> tuple[str, str] | None:
    """(error id, message) when the response is arXiv's error feed (malformed id or query)."""
    if response is None:
        return None
    content = response.content or b""
    match = ERROR_ID_RE.search(content)
    if match is None:
        return None
    summary = ERROR_SUMMARY_RE.search(content)
    message = summary.group(1).decode("utf-8", "replace").strip() if summary else ""
    return match.group(1).decode("utf-8", "replace"), message


def _incomplete(response: requests.Response | None, received: int, asked: int) -> str | None:
    """Why a feed that parsed is not arXiv's whole answer, or None: cut off before its end,
    or holding fewer entries than it announces (arXiv sometimes sends an empty page with
    totalResults above zero). Such an answer is a network fault to try again, never papers
    found missing, which would be cached."""
    content = (response.content if response is not None else b"") or b""
    if FEED_END_RE.search(content[-256:]) is None:
        return "was cut off"
    total = TOTAL_RE.search(content)
    announced = min(int(total.group(1)), asked) if total else 0
    if received < announced:
        return f"held {received} of the {announced} entries it announced"
    return None


def _is_feed(response: requests.Response | None) -> bool:
    return response is not None and FEED_RE.search((response.content or b"")[:4096]) is not None


def _http_error(status: int, url: str) -> NetworkError:
    return NetworkError(f"arXiv answered HTTP {status} {_reason(status)} ({_host(url)})")


def _one_line(text: str | None) -> str | None:
    if text is None:
        return None
    text = " ".join(text.split())
    return text or None


def _iso(moment: Any) -> str | None:
    """arXiv's own timestamp spelling, 2016-05-26T17:59:46Z (all arXiv times are UTC)."""
    if moment is None or getattr(moment, "tzinfo", None) is None:
        return None  # the arxiv package's placeholder for a missing date is naive datetime.min
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


# ---------------------------------------------------------------------------------------------
# HTTP: pacing, timeouts, retries


class _Session(requests.Session):
    """requests.Session that paces, times out and retries every request it sends.

    `arxiv.Client` calls `get()` on it; `download_pdf` too (streaming). The last response is
    kept because `arxiv.Client` discards the body of a non-200 answer, and arXiv's error entry
    for a malformed id comes with HTTP 400.
    """

    def __init__(self) -> None:
        config.check_network_settings()  # (all of them, before the first request)
        super().__init__()
        self.headers["User-Agent"] = USER_AGENT
        self.last_response: requests.Response | None = None

    def request(self, method: str | bytes, url: str | bytes, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        kwargs.setdefault("timeout", config.arxiv_timeout())
        # arxiv.Client sends its own User-Agent per request; ours names this tool instead.
        headers = {
            k: v for k, v in (kwargs.get("headers") or {}).items() if k.lower() != "user-agent"
        }
        kwargs["headers"] = headers
        stream = bool(kwargs.get("stream"))
        url = url.decode() if isinstance(url, bytes) else url
        verb = method.decode() if isinstance(method, bytes) else method  # (requests wants str)
        retries = config.arxiv_retries()
        attempt = 0
        silences = 0  # (attempts that got no answer within the timeout)
        tried: list[_Failed] = []  # (each attempt's failure, for the error that gives up)
        first_started: float | None = None
        while True:
            limit = retries
            with _PACE_LOCK:
                _wait_for_turn()
                retry_after: float | None = None
                stalled = False  # (the answer began, then its body stopped within the timeout)
                started = time.monotonic()
                first_started = first_started if first_started is not None else started
                try:
                    # (the first silence only: the retry after it is said itself)
                    notice = config.notice if silences == 0 else None
                    with _Silence(url, kwargs["timeout"], notice=notice) as silence:
                        # streamed, so that the silence knows when the answer began; a body
                        # not asked streamed is read here, under the same watch, as requests
                        # would read it
                        response = super().request(verb, url, **{**kwargs, "stream": True})
                        silence.heard()
                        if not stream:
                            _read_body(response, silence.heard)
                # (a body cut off mid-chunk is the connection's failure too)
                except (
                    requests.ConnectionError,
                    requests.Timeout,
                    requests.exceptions.ChunkedEncodingError,
                ) as exc:
                    _mark_request_end()
                    failure = _describe_failure(exc, kwargs["timeout"], began=silence.began)
                    timed_out = _timed_out(exc)
                    stalled = silence.began and timed_out
                    status = None
                    tried.append(_Failed(failure, _short_failure(exc, failure, stalled), False))
                    if _never_connected(exc):
                        limit = min(retries, CONNECT_RETRIES)
                    elif timed_out:
                        silences += 1
                        limit = _silence_limit(retries, attempt, silences)
                else:
                    status = response.status_code
                    if status not in RETRY_STATUSES:
                        if not stream:  # a streamed body is still being read: the caller marks
                            _mark_request_end()
                        self.last_response = response
                        return response
                    _mark_request_end()
                    retry_after = _retry_after(response.headers.get("Retry-After"))
                    response.close()
                    failure = f"{status} {_reason(status)}"
                    tried.append(_Failed(failure, str(status), True))
            if attempt >= limit:
                took = time.monotonic() - first_started
                raise NetworkError(_given_up(tried, took, url))
            wait = _backoff(attempt)
            if retry_after is not None:
                wait = max(wait, min(retry_after, RETRY_AFTER_CAP))
            # (silence reads as a hang: a long wait is said, and so is a retry after an attempt
            # that itself took long, a timeout of 30 s)
            took = time.monotonic() - started
            if (wait >= WAIT_NOTICE or took >= WAIT_NOTICE) and config.notice is not None:
                if status is not None:
                    what = f"answered {failure}"
                elif stalled:
                    what = f"stopped answering ({failure})"
                else:
                    what = f"did not answer ({failure})"
                config.notice(
                    f"arXiv {what}; trying again in {round(wait, 1):g} s ({attempt + 1} of {limit})"
                )
            time.sleep(wait)
            attempt += 1


class _Failed(NamedTuple):
    """One attempt's failure: said in full, said short (among others), and whether it was an
    HTTP status (arXiv answered) or the connection's."""

    failure: str  # "503 Service Unavailable", "no answer within 30 s"
    short: str  # "503", "timeout"
    status: bool


def _given_up(tried: list[_Failed], seconds: float, url: str) -> str:
    """The one line of a request that failed every attempt: how many attempts, over how long,
    and what each met; where one failure met them all, that one in full ("arXiv kept
    answering 503 Service Unavailable after 4 attempts over 31 s"), else each in short ("arXiv
    unavailable after 4 attempts over 31 s (503, 503, timeout, 503; export.arxiv.org)"): the
    last alone made a 503 after a timeout look like a busy arXiv, not a hung one."""
    host = _host(url)
    last = tried[-1]
    if all(attempt.failure == last.failure for attempt in tried):
        head = (
            f"arXiv kept answering {last.failure}"
            if last.status
            else f"arXiv unreachable: {last.failure}"
        )
        shorts = ""
    else:
        head = "arXiv unavailable" if any(a.status for a in tried) else "arXiv unreachable"
        shorts = ", ".join(attempt.short for attempt in tried) + "; "
    if len(tried) == 1:
        return f"{head} ({host})"
    return f"{head} after {len(tried)} attempts over {_duration(seconds)} s ({shorts}{host})"


def _short_failure(exc: Exception, failure: str, stalled: bool) -> str:
    """A connection failure in a word or two, as one of several attempts' (see _given_up)."""
    if _timed_out(exc):
        return "stalled" if stalled else "timeout"
    if failure == "its answer was cut off before its end":
        return "cut off"
    if failure == "connection closed without an answer":
        return "closed"
    return failure.removeprefix("connection ")  # ("refused", "reset by peer")


def _duration(seconds: float) -> str:
    """Seconds as a person reads them: 31, 7.5, 0.04."""
    if seconds >= 10:
        return f"{seconds:.0f}"
    return f"{seconds:.1f}" if seconds >= 1 else f"{seconds:.2f}"


class _Silence:
    """The watch over one request's silence, for the time of a `with`: says (notice, on
    stderr) once a request has had no answer for SILENCE_NOTICE s, or for half the timeout
    when that is shorter, while it goes on waiting for the rest: the same request may still
    be answered, and a new one would cost arXiv a request and the user the time already
    waited. A thread says it, since the wait is inside a socket read. `heard()` marks the
    answer's headers, then each piece of its body: the silence said is the one since the last
    of them, said once."""

    def __init__(self, url: str, timeout: Any, *, notice: Callable[[str], object] | None) -> None:
        # (one tuple, swapped whole: the watching thread reads both halves of one moment)
        self._last: tuple[bool, float] = (False, time.monotonic())  # (answer begun, heard at)
        self._done = threading.Event()
        seconds = _timeout_seconds(timeout)
        if notice is None or seconds is None:
            return
        self._host = _host(url)
        self._seconds = seconds
        self._after = min(SILENCE_NOTICE, seconds / 2)
        self._notice = notice
        threading.Thread(target=self._watch, daemon=True).start()

    @property
    def began(self) -> bool:
        """Whether the answer began (its headers came)."""
        return self._last[0]

    def heard(self) -> None:
        self._last = (True, time.monotonic())

    def __enter__(self) -> _Silence:
        return self

    def __exit__(self, *exc: object) -> None:
        self._done.set()

    def _watch(self) -> None:
        wait = self._after
        while not self._done.wait(wait):
            began, heard_at = self._last
            quiet = time.monotonic() - heard_at
            if quiet >= self._after:
                # (headers came and then nothing: an answer stalled, not one never given)
                what = (
                    f"{self._host} began to answer but sent nothing more"
                    if began
                    else f"no answer from {self._host}"
                )
                self._notice(
                    f"{what} in {self._after:g} s; "
                    f"waiting up to {self._seconds:g} s (PAPERS_ARXIV_TIMEOUT)"
                )
                return
            wait = self._after - quiet


def _silence_limit(retries: int, attempt: int, silences: int) -> int:
    """The last attempt's number once `silences` attempts, this one among them, got no
    answer in time: SILENCE_RETRIES more of them, whatever other failures had before."""
    return min(retries, attempt + SILENCE_RETRIES + 1 - silences)


def _timeout_seconds(timeout: Any) -> float | None:
    """The read timeout of a requests timeout (seconds, or a (connect, read) pair)."""
    seconds = timeout[-1] if isinstance(timeout, tuple) else timeout
    return float(seconds) if isinstance(seconds, int | float) else None


def _wait_for_turn() -> None:
    """Sleep until config.arxiv_delay() seconds have passed since the last request ended."""
    delay = config.arxiv_delay()
    if _last_request_end is None or delay <= 0:
        return
    while True:
        remaining = _last_request_end + delay - time.monotonic()
        if remaining <= 0:
            return
        time.sleep(remaining)


def _mark_request_end() -> None:
    global _last_request_end
    _last_request_end = time.monotonic()


def _backoff_base() -> float:
    """Seconds before the first retry (doubling after each)."""
    return config.arxiv_backoff()


def _backoff(attempt: int) -> float:
    return _backoff_base() * (2**attempt)


def _retry_after(value: str | None) -> float | None:
    """Seconds asked for by a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _never_connected(exc: Exception) -> bool:
    """Whether no connection could be opened (refused, unknown host, unreachable network), as
    opposed to one dropped or timed out: waiting minutes for it to come back helps no one."""
    if isinstance(exc, requests.Timeout):
        return False
    reason = getattr(exc.args[0], "reason", None) if exc.args else None
    return isinstance(reason, NewConnectionError)


def _describe_failure(exc: Exception, timeout: Any, *, began: bool = False) -> str:
    """A short reason for a connection failure instead of urllib3's nested repr. began: the
    answer's headers came (a timeout is then its body's, urllib3's "Read timed out.")."""
    if _timed_out(exc):
        seconds = _timeout_seconds(timeout)
        within = f" within {seconds:g} s" if seconds is not None else ""
        return f"its answer began but nothing more came{within}" if began else f"no answer{within}"
    text = str(exc)
    if isinstance(exc, requests.exceptions.ChunkedEncodingError) or "IncompleteRead" in text:
        return "its answer was cut off before its end"
    errno_text = re.search(r"\[Errno -?\d+\] ([^'\")]+)", text)
    if errno_text:
        return errno_text.group(1).strip().lower()
    if "RemoteDisconnected" in text or "closed connection" in text:
        return "connection closed without an answer"
    if "Connection reset" in text or "ConnectionResetError" in text:
        return "connection reset"
    return type(exc).__name__


def _reason(status: int) -> str:
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return ""


def _host(url: str) -> str:
    try:
        return urlsplit(url).netloc or url
    except ValueError:  # (an address requests refuses too, "http://[::1/": said before it is)
        return url


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


# ---------------------------------------------------------------------------------------------
# PDF streaming


def _download_to(url: str, handle: Any) -> str:
    """Stream url into handle while hashing; raise PdfError for a short body. A body that stops
    (the connection dropped, or no data within the timeout) is downloaded again from the start,
    as a failed request is retried (PAPERS_ARXIV_RETRIES, with the same backoff); one that
    stalled before its first chunk came is a hung server, downloaded again once only, as a
    request without an answer is (SILENCE_RETRIES). A body that comes too slowly to finish
    (PAPERS_ARXIV_SPEED_LIMIT, see _Pace) is one that stopped too."""
    retries = config.arxiv_retries()
    attempt = 0
    silences = 0
    with _PACE_LOCK:  # the whole download is one request: nothing else goes out meanwhile
        try:
            while True:
                handle.seek(0)
                handle.truncate()
                try:
                    return _stream_to(url, handle)
                except _BodyCut as cut:
                    _mark_request_end()  # (the next try waits its turn too: PAPERS_ARXIV_DELAY)
                    limit = retries
                    if cut.silent:
                        silences += 1
                        limit = _silence_limit(retries, attempt, silences)
                    if attempt >= limit:
                        after = f" ({_plural(attempt, 'retry', 'retries')})" if attempt else ""
                        raise PdfError(f"{cut}{after}") from None
                    wait = _backoff(attempt)
                    if config.notice is not None:
                        config.notice(
                            f"{cut}; trying again in {round(wait, 1):g} s "
                            f"({attempt + 1} of {limit})"
                        )
                    time.sleep(wait)
                    attempt += 1
        finally:
            _mark_request_end()


class _BodyCut(Exception):
    """A PDF's body stopped before its end: downloaded again, or a PdfError at the last try.
    silent: nothing came within the timeout, not even the first chunk (a hung server)."""

    def __init__(self, message: str, *, silent: bool = False) -> None:
        super().__init__(message)
        self.silent = silent


def _stream_to(url: str, handle: Any) -> str:
    """One download of url into handle (see _download_to), its sha256."""
    digest = hashlib.sha256()
    received = 0
    with _Session() as session:
        try:
            response = session.get(url, stream=True, headers={"Accept": "application/pdf"})
        except (requests.TooManyRedirects, *_BAD_ADDRESS) as exc:
            # this paper's link, not arXiv, is at fault (a loop of redirects, an
            # address requests refuses): the batch or crawl goes on with the next
            raise PaperPdfError(
                f"cannot download the PDF from {url or '(no link)'}: {exc}"
            ) from None
        with response:
            status = response.status_code
            if status in (404, 410):
                # this paper's PDF, not arXiv, is missing (withdrawn, or never made):
                # a crawl goes on with the next paper, as after a damaged PDF
                raise PaperPdfError(f"arXiv has no PDF at {url} (HTTP {status} {_reason(status)})")
            if status != 200:
                # (a status arXiv does not ask to retry, for this PDF: 500 for one
                # paper; 429 and 503, its "slow down", were retried and stop a crawl)
                raise ServerError(f"arXiv answered HTTP {status} {_reason(status)}: {url}")
            expected = _content_length(response)
            of = f" of {expected}" if expected is not None else ""
            said = time.monotonic()  # (a slow download says how far it got, now and then)
            head, tail = b"", b""  # (its first bytes, and its last: see _ends_as_a_pdf)
            pace = _Pace(config.arxiv_speed_limit(), config.arxiv_speed_time())
            try:
                for chunk in _chunks(response, pace.arrived):
                    _write_chunk(handle, chunk)
                    digest.update(chunk)
                    received += len(chunk)
                    head = head if len(head) >= 5 else (head + chunk)[:5]
                    tail = (tail + chunk)[-PDF_END_WINDOW:]
                    if time.monotonic() - said >= DOWNLOAD_NOTICE:
                        said = time.monotonic()
                        _say_progress(url, received, expected)
            except requests.RequestException as exc:  # the body ended early or stalled
                stalled = _timed_out(exc)
                how = (
                    f"no data within {config.arxiv_timeout():g} s"
                    if stalled
                    else "the connection ended"
                )
                # (the bytes that came, as the speed limit says them; whether a whole chunk
                # came decides the retries: none is a hung server's)
                raise _BodyCut(
                    f"truncated download from {url}: {how} after {pace.total}{of} bytes",
                    silent=stalled and received == 0,
                ) from None
            except _TooSlow:
                # (a trickle: each byte within the timeout, the PDF in days; retried as a
                # stall is, once only when not one chunk came, as from a hung server)
                raise _BodyCut(
                    f"truncated download from {url}: slower than {pace.limit:g} bytes a second "
                    f"for {pace.seconds:g} s (PAPERS_ARXIV_SPEED_LIMIT) after {pace.total}{of} "
                    "bytes",
                    silent=received == 0,
                ) from None
            except OSError as exc:  # our side: disk full, folder gone
                raise LibraryError(f"cannot write the PDF: {exc.strerror or exc}") from None
            if expected is not None and received != expected:
                raise _BodyCut(f"truncated download from {url}: got {received} of {expected} bytes")
            if expected is None and head == b"%PDF-" and not _ends_as_a_pdf(tail):
                # no length promised, and the connection closed before the PDF's end marker:
                # cut short (it was read as a damaged PDF, and not downloaded again)
                raise _BodyCut(
                    f"truncated download from {url}: the connection ended after {received} "
                    "bytes, before the PDF's end"
                )
    return digest.hexdigest()


PDF_END_WINDOW = 65536  # the last bytes of a body kept to find a PDF's end in
_PADDING = b" \t\r\n\x00\x0c"  # (what a server or a writer may pad a PDF's end with)


def _ends_as_a_pdf(tail: bytes) -> bool:
    """Whether the end of a body holds a PDF's end marker, %%EOF, in its last 1,024 bytes
    once padding is left out (where readers look for it, ISO 32000-1 7.5.5)."""
    return b"%%EOF" in tail.rstrip(_PADDING)[-1024:]


def _timed_out(exc: BaseException) -> bool:
    """Whether a failure reading a body was the read timeout (requests wraps urllib3's
    ReadTimeoutError, "Read timed out.", in a ConnectionError while streaming)."""
    return isinstance(exc, requests.Timeout) or "timed out" in str(exc)


def _say_progress(url: str, received: int, expected: int | None) -> None:
    if config.notice is not None:
        of = f" of {expected / 1e6:.1f}" if expected else ""
        config.notice(f"still downloading {url}: {received / 1e6:.1f}{of} MB so far")


def _content_length(response: requests.Response) -> int | None:
    """The promised body size, when it can be compared with the bytes we receive."""
    if response.headers.get("Content-Encoding", "identity").lower() != "identity":
        return None  # the length is then that of the encoded body
    raw = response.headers.get("Content-Length")
    return int(raw) if raw and raw.isdigit() else None


class _TooSlow(Exception):
    """A download's body came slower than PAPERS_ARXIV_SPEED_LIMIT (see _Pace)."""


class _Pace:
    """A download's speed against curl's --speed-limit and --speed-time: once it has stayed
    under `limit` bytes a second for `seconds` on end, the download is ended (_TooSlow). The
    speed is measured as bytes arrive, over samples of a tenth of the window (at most 1 s), so
    one pause shorter than the window (a first byte slow to come, a stall the timeout allows)
    does not end a download that is otherwise fast enough, as a slow window's average did; a
    trickle, each byte within the timeout, is ended at its first byte past the window."""

    SAMPLES = 10  # samples in a window
    LONGEST_SAMPLE = 1.0  # seconds

    def __init__(self, limit: float, seconds: float) -> None:
        self.limit = limit
        self.seconds = seconds
        self.total = 0  # bytes arrived (the download's chunks count whole ones only)
        self._sample = min(self.LONGEST_SAMPLE, seconds / self.SAMPLES)
        self._mark = time.monotonic()  # where the sample under way began
        self._bytes = 0  # bytes in that sample
        self._slow_since: float | None = None  # the start of the slow samples on end

    def arrived(self, count: int) -> None:
        self.total += count
        if self.limit <= 0:
            return
        self._bytes += count
        now = time.monotonic()
        if now - self._mark < self._sample:
            return
        if self._bytes >= self.limit * (now - self._mark):
            self._slow_since = None
        elif self._slow_since is None:
            self._slow_since = self._mark
        self._mark, self._bytes = now, 0
        if self._slow_since is not None and now - self._slow_since >= self.seconds:
            raise _TooSlow


def _pieces(response: requests.Response) -> Iterator[bytes]:
    """A streamed body as it arrives, a read at a time (urllib3's read1, from 2.2: a read of a
    fixed size waits for all of its bytes, so a body that trickles in would never be seen
    arriving), with urllib3's errors turned into requests' as Response.iter_content turns
    them ("Read timed out." stays in the words); the connection is given back at its end."""
    try:
        while piece := response.raw.read1(CHUNK_SIZE, decode_content=True):
            yield piece
    except ProtocolError as exc:
        raise requests.exceptions.ChunkedEncodingError(exc) from exc
    except DecodeError as exc:
        raise requests.exceptions.ContentDecodingError(exc) from exc
    except ReadTimeoutError as exc:
        raise requests.exceptions.ConnectionError(exc) from exc
    except Urllib3SSLError as exc:
        raise requests.exceptions.SSLError(exc) from exc
    except Urllib3Error as exc:  # (any other: the connection's failure too)
        raise requests.exceptions.ConnectionError(exc) from exc


def _chunks(response: requests.Response, arrived: Callable[[int], None]) -> Iterator[bytes]:
    """The body in chunks of CHUNK_SIZE bytes (the last shorter), each piece read told to
    `arrived` as it comes (_pieces)."""
    pending = bytearray()
    for piece in _pieces(response):
        arrived(len(piece))
        pending += piece
        while len(pending) >= CHUNK_SIZE:
            yield bytes(pending[:CHUNK_SIZE])
            del pending[:CHUNK_SIZE]
    if pending:
        yield bytes(pending)


def _read_body(response: requests.Response, heard: Callable[[], None]) -> None:
    """Read the body of a response asked streamed, as requests reads one that is not,
    telling `heard` of each piece as it comes (_pieces)."""
    body = bytearray()
    for piece in _pieces(response):
        heard()
        body += piece
    # (what Response.content keeps once read; the arxiv package and _feed_error read it)
    response._content = bytes(body)
    response._content_consumed = True


def _write_chunk(handle: Any, chunk: bytes) -> None:
    """One write of the download (a seam for tests that interrupt a download half-way)."""
    handle.write(chunk)
