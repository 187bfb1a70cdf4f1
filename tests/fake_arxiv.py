"""A fake arXiv on 127.0.0.1 for tests (pytest plugin; the `fake_arxiv` fixture).

It answers `GET /api/query` (id_list and search_query) in the Atom format of the recorded
responses in ../shared/corpus/atom/ and serves PDFs at `/pdf/<id>v<n>`, so a whole
`papers add` runs on loopback. Tests can make it misbehave (429/503 with Retry-After, slow
answers, dropped connections, HTML instead of a PDF, truncated bodies) and read what it was asked.

The registry is preloaded with every corpus PDF when the corpus is present: titles from
MANIFEST.tsv / EXTRA.tsv (the three garbled EXTRA titles are corrected), versions from the stamp,
and author lists, primary categories and dates as printed on each PDF's first page and arXiv
stamp (read once by hand with PyMuPDF; the corpus itself records no authors). The `published`
date of a paper whose corpus copy is not v1 is the first day of its id's month (the v1 date is
not in the corpus). Abstracts are empty.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import parse_qs, unquote, urlsplit
from xml.sax.saxutils import escape, quoteattr

import pytest

CORPUS = Path(
    os.environ.get("PAPERS_CORPUS")
    or Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
)

FEED_OPEN = (
    "<?xml version='1.0' encoding='UTF-8'?>\n"
    '<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" '
    'xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">\n'
)
ATOM_TYPE = "application/atom+xml; charset=utf-8"
# What arXiv accepts as an id in id_list (it answers an unknown but well-formed id with an
# empty feed, and anything else with an error entry for the whole request).
VALID_ID = re.compile(r"(?:\d{4}\.\d{4,5}|[a-z][a-z\-]*(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?")
HTML_PAGE = (
    b"<!DOCTYPE html>\n<html><head><title>arXiv</title></head><body>"
    b"<h1>Please verify you are a human</h1><p>Access to this page has been denied.</p>"
    b"</body></html>\n"
)

# Corpus papers as printed on their first page: authors, primary category (from the stamp),
# date of the stamped version.
CORPUS_PAPERS: dict[str, tuple[tuple[str, ...], str, str]] = {
    "1412.6115": (
        ("Yunchao Gong", "Liu Liu", "Ming Yang", "Lubomir Bourdev"),
        "cs.CV",
        "2014-12-18",
    ),
    "1510.00149": (("Song Han", "Huizi Mao", "William J. Dally"), "cs.CV", "2016-02-15"),
    "1612.01064": (
        ("Chenzhuo Zhu", "Song Han", "Huizi Mao", "William J. Dally"),
        "cs.LG",
        "2017-02-23",
    ),
    "1712.05877": (
        (
            "Benoit Jacob",
            "Skirmantas Kligys",
            "Bo Chen",
            "Menglong Zhu",
            "Matthew Tang",
            "Andrew Howard",
            "Hartwig Adam",
            "Dmitry Kalenichenko",
        ),
        "cs.LG",
        "2017-12-15",
    ),
    "1806.08342": (("Raghuraman Krishnamoorthi",), "cs.LG", "2018-06-21"),
    "1902.06822": (
        ("Yoni Choukroun", "Eli Kravchik", "Fan Yang", "Pavel Kisilev"),
        "cs.LG",
        "2019-03-25",
    ),
    "1909.05840": (
        (
            "Sheng Shen",
            "Zhen Dong",
            "Jiayu Ye",
            "Linjian Ma",
            "Zhewei Yao",
            "Amir Gholami",
            "Michael W. Mahoney",
            "Kurt Keutzer",
        ),
        "cs.CL",
        "2019-09-25",
    ),
    "1911.07190": (
        (
            "Yury Nahshan",
            "Brian Chmiel",
            "Chaim Baskin",
            "Evgenii Zheltonozhskii",
            "Ron Banner",
            "Alex M. Bronstein",
            "Avi Mendelson",
        ),
        "cs.LG",
        "2020-03-16",
    ),
    "2011.10680": (
        (
            "Zhewei Yao",
            "Zhen Dong",
            "Zhangcheng Zheng",
            "Amir Gholami",
            "Jiali Yu",
            "Eric Tan",
            "Leyuan Wang",
            "Qijing Huang",
            "Yida Wang",
            "Michael W. Mahoney",
            "Kurt Keutzer",
        ),
        "cs.CV",
        "2021-06-23",
    ),
    "2102.05426": (
        (
            "Yuhang Li",
            "Ruihao Gong",
            "Xu Tan",
            "Yang Yang",
            "Peng Hu",
            "Qi Zhang",
            "Fengwei Yu",
            "Wei Wang",
            "Shi Gu",
        ),
        "cs.LG",
        "2021-07-25",
    ),
    "2106.09685": (
        (
            "Edward Hu",
            "Yelong Shen",
            "Phillip Wallis",
            "Zeyuan Allen-Zhu",
            "Yuanzhi Li",
            "Shean Wang",
            "Lu Wang",
            "Weizhu Chen",
        ),
        "cs.CL",
        "2021-10-16",
    ),
    "2109.12948": (
        ("Yelysei Bondarenko", "Markus Nagel", "Tijmen Blankevoort"),
        "cs.LG",
        "2021-09-27",
    ),
    "2202.07471": (
        (
            "Cong Guo",
            "Yuxian Qiu",
            "Jingwen Leng",
            "Xiaotian Gao",
            "Chen Zhang",
            "Yunxin Liu",
            "Fan Yang",
            "Yuhao Zhu",
            "Minyi Guo",
        ),
        "cs.LG",
        "2022-02-14",
    ),
    "2205.14135": (
        ("Tri Dao", "Daniel Y. Fu", "Stefano Ermon", "Atri Rudra", "Christopher Ré"),
        "cs.LG",
        "2022-06-23",
    ),
    "2206.01861": (
        (
            "Zhewei Yao",
            "Reza Yazdani Aminabadi",
            "Minjia Zhang",
            "Xiaoxia Wu",
            "Conglong Li",
            "Yuxiong He",
        ),
        "cs.CL",
        "2022-06-04",
    ),
    "2206.09557": (
        (
            "Gunho Park",
            "Baeseong Park",
            "Sungjae Lee",
            "Minsub Kim",
            "Byeongwook Kim",
            "Se Jung Kwon",
            "Youngjoo Lee",
            "Dongsoo Lee",
        ),
        "cs.DC",
        "2022-11-01",
    ),
    "2208.07339": (
        ("Tim Dettmers", "Mike Lewis", "Younes Belkada", "Luke Zettlemoyer"),
        "cs.LG",
        "2022-11-10",
    ),
    "2208.11580": (("Elias Frantar", "Sidak Pal Singh", "Dan Alistarh"), "cs.LG", "2023-01-08"),
    "2210.17323": (
        ("Elias Frantar", "Saleh Ashkboos", "Torsten Hoefler", "Dan Alistarh"),
        "cs.LG",
        "2023-03-22",
    ),
    "2212.09720": (("Tim Dettmers", "Luke Zettlemoyer"), "cs.LG", "2023-02-28"),
    "2301.12017": (
        ("Xiaoxia Wu", "Cheng Li", "Reza Yazdani Aminabadi", "Zhewei Yao", "Yuxiong He"),
        "cs.CL",
        "2023-01-27",
    ),
    "2303.17951": (
        (
            "Mart van Baalen",
            "Andrey Kuzmin",
            "Suparna S Nair",
            "Yuwei Ren",
            "Eric Mahurin",
            "Chirag Patel",
            "Sundar Subramanian",
            "Sanghyuk Lee",
            "Markus Nagel",
            "Joseph Soriaga",
            "Tijmen Blankevoort",
        ),
        "cs.LG",
        "2023-03-31",
    ),
    "2304.09145": (
        (
            "Xiuying Wei",
            "Yunchen Zhang",
            "Yuhang Li",
            "Xiangguo Zhang",
            "Ruihao Gong",
            "Jinyang Guo",
            "Xianglong Liu",
        ),
        "cs.CL",
        "2023-10-23",
    ),
    "2305.14314": (
        ("Tim Dettmers", "Artidoro Pagnoni", "Ari Holtzman", "Luke Zettlemoyer"),
        "cs.LG",
        "2023-05-23",
    ),
    "2306.00978": (
        ("Ji Lin", "Jiaming Tang", "Haotian Tang", "Shang Yang", "Xingyu Dang", "Song Han"),
        "cs.CL",
        "2023-06-01",
    ),
    "2306.03078": (
        (
            "Tim Dettmers",
            "Ruslan Svirschevski",
            "Vage Egiazarian",
            "Denis Kuznedelev",
            "Elias Frantar",
            "Saleh Ashkboos",
            "Alexander Borzunov",
            "Torsten Hoefler",
            "Dan Alistarh",
        ),
        "cs.CL",
        "2023-06-05",
    ),
    "2308.13137": (
        (
            "Wenqi Shao",
            "Mengzhao Chen",
            "Zhaoyang Zhang",
            "Peng Xu",
            "Lirui Zhao",
            "Zhiqian Li",
            "Kaipeng Zhang",
            "Peng Gao",
            "Yu Qiao",
            "Ping Luo",
        ),
        "cs.LG",
        "2024-03-18",
    ),
    "2309.06180": (
        (
            "Woosuk Kwon",
            "Zhuohan Li",
            "Siyuan Zhuang",
            "Ying Sheng",
            "Lianmin Zheng",
            "Cody Hao Yu",
            "Joseph E. Gonzalez",
            "Hao Zhang",
            "Ion Stoica",
        ),
        "cs.LG",
        "2023-09-12",
    ),
    "2311.05161": (
        (
            "Janghwan Lee",
            "Minsoo Kim",
            "Seungcheol Baek",
            "Seok Joong Hwang",
            "Wonyong Sung",
            "Jungwook Choi",
        ),
        "cs.CL",
        "2023-11-09",
    ),
}
# EXTRA.tsv titles are read off page 1 and some came out garbled or cut short.
TITLE_FIXES = {
    "2106.09685": "LoRA: Low-Rank Adaptation of Large Language Models",
    "2205.14135": "FlashAttention: Fast and Memory-Efficient Exact Attention with IO-Awareness",
    "2311.05161": "Enhancing Computation Efficiency in Large Language Models through Weight and "
    "Activation Quantization",
}
GPTQ_V1_DATE = "2022-10-31"


@dataclass
class FakePaper:
    arxiv_id: str
    version: int
    title: str
    authors: list[str]
    abstract: str = ""
    published: str = "2023-01-01T00:00:00Z"
    updated: str | None = None
    categories: list[str] = field(default_factory=lambda: ["cs.LG"])
    pdf: Path | bytes | None = None
    doi: str | None = None
    journal_ref: str | None = None
    comment: str | None = None

    @property
    def versioned_id(self) -> str:
        return f"{self.arxiv_id}v{self.version}"

    def pdf_bytes(self) -> bytes | None:
        if self.pdf is None:
            return None
        return self.pdf if isinstance(self.pdf, bytes) else Path(self.pdf).read_bytes()


class RecordedRequest(NamedTuple):
    path: str
    query: dict[str, str]
    at: float  # time.monotonic() when the request arrived
    headers: dict[str, str]


@dataclass
class _Rule:
    kind: str  # fail, slow, drop, html, truncate, trickle, recorded, other, loop
    path_prefix: str = ""
    times: int | None = None  # None: every matching request
    status: int = 200
    retry_after: str | None = None
    seconds: float = 0.0
    amount: float = 0.5  # truncate: bytes (>= 1) or a fraction of the body (< 1)
    honest_length: bool = False
    no_length: bool = False  # truncate: no Content-Length at all, the connection closed
    stall: float = 0.0  # truncate: seconds to hang after the partial body
    every: float = 0.0  # trickle: seconds between two pieces
    step: int = 1  # trickle: bytes a piece
    pause: float = 0.0  # trickle: seconds between the headers and the first piece
    body: bytes = b""
    id_list: frozenset[str] | None = None
    search_query: str | None = None
    other: str = ""  # other: the paper whose PDF is sent instead

    def applies(self, path: str, query: dict[str, str]) -> bool:
        if self.times == 0 or not path.startswith(self.path_prefix):
            return False
        if self.id_list is not None and set(_split_ids(query.get("id_list", ""))) != self.id_list:
            return False
        return self.search_query is None or query.get("search_query") == self.search_query

    def use(self) -> None:
        if self.times is not None:
            self.times -= 1


class _Loopback:
    """The addresses of a server on 127.0.0.1, as arXiv's are laid out, from its port."""

    @property
    def port(self) -> int:
        raise NotImplementedError

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        return f"{self.url}/api/query"

    def pdf_url(self, versioned_id: str) -> str:
        return f"{self.url}/pdf/{versioned_id}"


class FakeArxiv(_Loopback):
    """The fake server, its paper registry, its failure plans and its request log."""

    def __init__(self, preload: bool = True):
        self.papers: dict[str, list[FakePaper]] = {}  # id without version -> versions
        self.malformed: set[str] = set()  # ids treated as malformed besides VALID_ID misfits
        self.log: list[RecordedRequest] = []
        self._rules: list[_Rule] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        if preload and (CORPUS / "pdf").is_dir():
            self.load_corpus(CORPUS)

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self) -> FakeArxiv:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                fake._handle(self)

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request: Any, client_address: Any) -> None:
                pass  # a client that hung up on a slow or truncated answer is expected

        self._server = Server(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    @property
    def port(self) -> int:
        assert self._server is not None, "start() the fake first"
        return self._server.server_address[1]

    # -- registry ----------------------------------------------------------------------------

    def add(
        self,
        arxiv_id: str,
        version: int,
        title: str,
        authors: list[str] | tuple[str, ...],
        abstract: str = "",
        published: str = "2023-01-01T00:00:00Z",
        categories: tuple[str, ...] | list[str] = ("cs.LG",),
        pdf: Path | bytes | None = None,
        doi: str | None = None,
        journal_ref: str | None = None,
        comment: str | None = None,
        updated: str | None = None,
    ) -> FakePaper:
        """Register one version of a paper (replacing that version if already there).

        Like arXiv, the fake knows old-style ids without their subject class: math.GT/0309136
        is registered, answered and linked as math/0309136.
        """
        paper = FakePaper(
            arxiv_id=canonical_id(arxiv_id),
            version=version,
            title=title,
            authors=list(authors),
            abstract=abstract,
            published=published,
            updated=updated or published,
            categories=list(categories),
            pdf=pdf,
            doi=doi,
            journal_ref=journal_ref,
            comment=comment,
        )
        with self._lock:
            versions = [p for p in self.papers.get(paper.arxiv_id, []) if p.version != version]
            self.papers[paper.arxiv_id] = sorted([*versions, paper], key=lambda p: p.version)
        return paper

    def get(self, arxiv_id: str, version: int | None = None) -> FakePaper | None:
        """A registered paper: that version, or the latest when version is None."""
        versions = self.papers.get(canonical_id(arxiv_id), [])
        if version is None:
            return versions[-1] if versions else None
        return next((p for p in versions if p.version == version), None)

    def load_corpus(self, corpus: Path) -> None:
        """Register every PDF of the corpus pdf/ folder, and GPTQ v1 from versions/."""
        titles: dict[str, tuple[str, int]] = {}
        for row in _read_tsv(corpus / "MANIFEST.tsv"):
            titles[row["arxiv_id"]] = (row["title"], int(row["version_stamp_seen"].lstrip("v")))
        for row in _read_tsv(corpus / "EXTRA.tsv"):
            stamp = re.match(r"arXiv:(\S+?)v(\d+)", row["stamp"])
            if stamp and row["file"].startswith("pdf/"):
                titles.setdefault(stamp.group(1), (row["title"], int(stamp.group(2))))
        for path in sorted((corpus / "pdf").glob("*.pdf")):
            arxiv_id = path.stem
            if arxiv_id not in titles:
                continue
            title, version = titles[arxiv_id]
            authors, category, date = CORPUS_PAPERS.get(arxiv_id, (("A. Author",), "cs.LG", ""))
            month_start = f"20{arxiv_id[:2]}-{arxiv_id[2:4]}-01"
            published = date if (version == 1 and date) else month_start
            if arxiv_id == "2210.17323":
                published = GPTQ_V1_DATE
            self.add(
                arxiv_id,
                version,
                TITLE_FIXES.get(arxiv_id, title),
                authors,
                published=f"{published}T00:00:00Z",
                updated=f"{date or month_start}T00:00:00Z",
                categories=(category,),
                pdf=path,
            )
        gptq_v1 = corpus / "versions" / "2210.17323v1.pdf"
        if gptq_v1.is_file() and "2210.17323" in titles:
            authors, category, _ = CORPUS_PAPERS["2210.17323"]
            self.add(
                "2210.17323",
                1,
                titles["2210.17323"][0],
                authors,
                published=f"{GPTQ_V1_DATE}T00:00:00Z",
                categories=(category,),
                pdf=gptq_v1,
            )

    # -- failure plans -----------------------------------------------------------------------

    def fail(
        self,
        status: int,
        times: int | None = 1,
        path_prefix: str = "/api",
        retry_after: float | str | None = None,
    ) -> None:
        """Answer the next `times` matching requests with this HTTP status (None: all)."""
        after = None if retry_after is None else str(retry_after)
        self._add_rule(_Rule("fail", path_prefix, times, status=status, retry_after=after))

    def slow(self, seconds: float, times: int | None = None, path_prefix: str = "") -> None:
        """Wait this long before answering (before the status line, so a read timeout fires)."""
        self._add_rule(_Rule("slow", path_prefix, times, seconds=seconds))

    def drop_connection(self, times: int | None = 1, path_prefix: str = "") -> None:
        """Close the connection without answering."""
        self._add_rule(_Rule("drop", path_prefix, times))

    def html_instead_of_pdf(self, times: int | None = None) -> None:
        """Answer PDF requests with 200 and an HTML page (what a captcha or proxy does)."""
        self._add_rule(_Rule("html", "/pdf", times))

    def truncate_pdf(
        self,
        amount: float = 0.5,
        honest_length: bool = False,
        times: int | None = None,
        no_length: bool = False,
    ) -> None:
        """Send only part of each PDF: `amount` bytes (>= 1) or that fraction (< 1).

        By default Content-Length still announces the whole file and the connection closes
        early (a dropped download); with honest_length=True the header matches the short body,
        so only the PDF check can tell; with no_length=True there is no header, and the body
        ends where the connection closes.
        """
        rule = _Rule("truncate", "/pdf", times, amount=amount, honest_length=honest_length)
        rule.no_length = no_length
        self._add_rule(rule)

    def redirect_loop(self, path_prefix: str = "/pdf", times: int | None = None) -> None:
        """Answer with a redirect to the same address, for ever (a misconfigured mirror)."""
        self._add_rule(_Rule("loop", path_prefix, times))

    def other_pdf(self, other: str, times: int | None = None) -> None:
        """Answer PDF requests with another paper's PDF (a mirror or a proxy that mixed them)."""
        self._add_rule(_Rule("other", "/pdf", times, other=other))

    def stall_pdf(self, amount: float = 0.5, seconds: float = 30.0) -> None:
        """Send part of each PDF, then hang for `seconds` before closing: a download caught
        in the middle, for Ctrl-C tests."""
        self._add_rule(_Rule("truncate", "/pdf", None, amount=amount, stall=seconds))

    def trickle_pdf(
        self,
        every: float = 0.05,
        seconds: float = 2.0,
        times: int | None = None,
        *,
        step: int = 1,
        pause: float = 0.0,
    ) -> None:
        """Send each PDF one byte (`step` bytes) every `every` seconds (each read answered well
        within any timeout) for `seconds`, then close the connection: a download that would
        take days. `pause`: seconds of silence after the headers, before the first byte."""
        self._add_rule(
            _Rule("trickle", "/pdf", times, every=every, seconds=seconds, step=step, pause=pause)
        )

    def serve_recorded(
        self,
        recorded: str | Path,
        status: int | None = None,
        id_list: str | list[str] | None = None,
        search_query: str | None = None,
        times: int | None = None,
    ) -> None:
        """Answer matching /api requests with a recorded response, byte for byte.

        `recorded` is a file name in the corpus atom/ folder or a path. Status, id_list and
        search_query default to the query the file answers according to atom/SOURCES.tsv, so
        serve_recorded("arxivpy_id_abc_s0_m100.xml") answers id_list=abc with HTTP 400.
        """
        path = Path(recorded)
        if not path.is_absolute() and not path.exists():
            path = CORPUS / "atom" / path
        source = _recorded_source(path)
        if status is None:
            status = source.get("status", 200)
        if id_list is None and search_query is None:
            id_list = source.get("id_list")
            search_query = source.get("search_query")
        ids = None
        if id_list is not None:
            ids = frozenset(_split_ids(id_list if isinstance(id_list, str) else ",".join(id_list)))
        self._add_rule(
            _Rule(
                "recorded",
                "/api",
                times,
                status=status,
                body=path.read_bytes(),
                id_list=ids,
                search_query=search_query,
            )
        )

    def mark_malformed(self, *ids: str) -> None:
        """Treat these ids as malformed (arXiv's error entry for the whole request)."""
        self.malformed.update(ids)

    def reset(self) -> None:
        """Forget every failure plan and recorded answer."""
        with self._lock:
            self._rules.clear()

    def _add_rule(self, rule: _Rule) -> None:
        with self._lock:
            self._rules.append(rule)

    def _take(self, kind: str, path: str, query: dict[str, str]) -> _Rule | None:
        with self._lock:
            for rule in self._rules:
                if rule.kind == kind and rule.applies(path, query):
                    rule.use()
                    return rule
        return None

    # -- request log -------------------------------------------------------------------------

    @property
    def requests(self) -> list[tuple[str, dict[str, str]]]:
        """(path, query) of every request, in arrival order."""
        return [(r.path, r.query) for r in self.log]

    def count(self, path_prefix: str = "") -> int:
        return sum(1 for r in self.log if r.path.startswith(path_prefix))

    def times(self, path_prefix: str = "") -> list[float]:
        """Arrival times (time.monotonic) of the requests under path_prefix."""
        return [r.at for r in self.log if r.path.startswith(path_prefix)]

    @property
    def id_list_requests(self) -> list[list[str]]:
        """The ids asked for by each id_list request."""
        return [
            _split_ids(r.query["id_list"])
            for r in self.log
            if r.path.startswith("/api") and r.query.get("id_list")
        ]

    @property
    def search_requests(self) -> list[str]:
        return [
            r.query["search_query"]
            for r in self.log
            if r.path.startswith("/api") and r.query.get("search_query")
        ]

    # -- HTTP --------------------------------------------------------------------------------

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(handler.path)
        path = unquote(parts.path)
        query = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        with self._lock:
            self.log.append(
                RecordedRequest(path, query, time.monotonic(), dict(handler.headers.items()))
            )
        slow = self._take("slow", path, query)
        if slow is not None:
            self._stopping.wait(slow.seconds)
        if self._take("drop", path, query) is not None:
            handler.close_connection = True
            with contextlib.suppress(OSError):
                handler.connection.shutdown(socket.SHUT_RDWR)
            return
        failure = self._take("fail", path, query)
        if failure is not None:
            headers = {"Retry-After": failure.retry_after} if failure.retry_after else {}
            body = f"{failure.status} error from the fake arXiv\n".encode()
            _send(handler, failure.status, body, "text/plain", headers)
            return
        if path.startswith("/api/query"):
            recorded = self._take("recorded", path, query)
            if recorded is not None:
                _send(handler, recorded.status, recorded.body, ATOM_TYPE)
                return
            status, body = self._api(query)
            _send(handler, status, body, ATOM_TYPE)
        elif path.startswith("/pdf/"):
            self._pdf(handler, path, query)
        else:
            _send(handler, 404, b"<html><body>Not found</body></html>", "text/html")

    def _api(self, query: dict[str, str]) -> tuple[int, bytes]:
        ids = _split_ids(query.get("id_list", ""))
        search_query = query.get("search_query", "")
        start = _int(query.get("start"), 0)
        max_results = _int(query.get("max_results"), 10)
        bad = next((i for i in ids if not VALID_ID.fullmatch(i) or i in self.malformed), None)
        if bad is not None:
            recorded = CORPUS / "atom" / f"arxivpy_id_{bad}_s0_m100.xml"
            if bad == "abc" and recorded.is_file():
                return 400, recorded.read_bytes()  # arXiv's real answer, byte for byte
            return 400, error_feed(
                f"incorrect_id_format_for_{bad}", f"incorrect id format for {bad}"
            )
        if ids:
            found: list[FakePaper] = []
            for requested in ids:
                paper = self._lookup(requested)
                if paper is not None and paper not in found:
                    found.append(paper)
            found.reverse()  # arXiv does not keep the requested order; neither do we
            if search_query:
                matcher = parse_query(search_query)
                found = [p for p in found if matcher(p)]
        elif search_query:
            matcher = parse_query(search_query)
            with self._lock:
                every = [p for versions in self.papers.values() for p in versions[-1:]]
            found = _sorted([p for p in every if matcher(p)], query)
        else:
            found = []
        page = found[start : start + max_results]
        return 200, self.feed(page, query, total=len(found), start=start, per_page=max_results)

    def _lookup(self, requested: str) -> FakePaper | None:
        match = re.fullmatch(r"(.+?)(?:v(\d+))?", requested)
        assert match is not None
        return self.get(match.group(1), int(match.group(2)) if match.group(2) else None)

    def _pdf(self, handler: BaseHTTPRequestHandler, path: str, query: dict[str, str]) -> None:
        name = path.removeprefix("/pdf/").removesuffix(".pdf")
        paper = self._lookup(name) if name else None
        data = paper.pdf_bytes() if paper else None
        if data is None:
            _send(handler, 404, b"<html><body>No PDF for this paper</body></html>", "text/html")
            return
        if self._take("loop", path, query) is not None:
            handler.send_response(302)
            handler.send_header("Location", handler.path)
            handler.send_header("Content-Length", "0")
            handler.end_headers()
            return
        if self._take("html", path, query) is not None:
            _send(handler, 200, HTML_PAGE, "text/html; charset=utf-8")
            return
        swap = self._take("other", path, query)
        if swap is not None:
            other = self._lookup(swap.other)
            data = other.pdf_bytes() if other else data
        trickle = self._take("trickle", path, query)
        if trickle is not None:
            handler.send_response(200)
            handler.send_header("Content-Type", "application/pdf")
            handler.send_header("Content-Length", str(len(data)))
            handler.end_headers()
            handler.wfile.flush()
            handler.close_connection = True
            if self._stopping.wait(trickle.pause):
                return
            until = time.monotonic() + trickle.seconds
            for start in range(0, len(data), trickle.step):
                if time.monotonic() >= until or self._stopping.wait(trickle.every):
                    break
                handler.wfile.write(data[start : start + trickle.step])
                handler.wfile.flush()
            return
        cut = self._take("truncate", path, query)
        if cut is None:
            _send(handler, 200, data, "application/pdf")
            return
        keep = int(cut.amount) if cut.amount >= 1 else int(len(data) * cut.amount)
        keep = max(0, min(keep, len(data) - 1))
        length = keep if cut.honest_length else len(data)
        handler.send_response(200)
        handler.send_header("Content-Type", "application/pdf")
        if cut.no_length:
            handler.send_header("Connection", "close")
        else:
            handler.send_header("Content-Length", str(length))
        handler.end_headers()
        handler.wfile.write(data[:keep])
        handler.wfile.flush()
        if cut.stall:
            self._stopping.wait(cut.stall)
        handler.close_connection = True

    # -- Atom --------------------------------------------------------------------------------

    def feed(
        self,
        papers: list[FakePaper],
        query: dict[str, str] | None = None,
        total: int | None = None,
        start: int = 0,
        per_page: int = 100,
    ) -> bytes:
        """An Atom feed laid out like arXiv's (see corpus atom/arxivpy_id_1605.08386_*.xml)."""
        query = query or {}
        search_query = query.get("search_query", "")
        id_list = query.get("id_list", "")
        digest = hashlib.sha1(repr(sorted(query.items())).encode()).hexdigest()[:27]
        title = (
            f"arXiv Query: search_query={search_query}&id_list={id_list}"
            f"&start={start}&max_results={per_page}"
        )
        link = (
            f"https://arxiv.org/api/query?search_query={search_query}&start={start}"
            f"&max_results={per_page}&id_list={id_list}"
        )
        lines = [
            FEED_OPEN,
            f"  <id>https://arxiv.org/api/{digest}</id>\n",
            f"  <title>{escape(title)}</title>\n",
            f"  <updated>{_now()}</updated>\n",
            f'  <link href={quoteattr(link)} type="application/atom+xml"/>\n',
            f"  <opensearch:itemsPerPage>{per_page}</opensearch:itemsPerPage>\n",
            f"  <opensearch:totalResults>"
            f"{len(papers) if total is None else total}</opensearch:totalResults>\n",
            f"  <opensearch:startIndex>{start}</opensearch:startIndex>\n",
        ]
        lines.extend(self.entry(paper) for paper in papers)
        lines.append("</feed>\n")
        return "".join(lines).encode("utf-8")

    def entry(self, paper: FakePaper) -> str:
        vid = paper.versioned_id
        out = [
            "  <entry>\n",
            f"    <id>http://arxiv.org/abs/{vid}</id>\n",
            f"    <title>{escape(paper.title)}</title>\n",
            f"    <updated>{paper.updated or paper.published}</updated>\n",
            f'    <link href="{self.url}/abs/{vid}" rel="alternate" type="text/html"/>\n',
            f'    <link href="{self.url}/pdf/{vid}" rel="related" type="application/pdf"'
            ' title="pdf"/>\n',
        ]
        if paper.doi:
            out.append(
                f'    <link href={quoteattr("https://doi.org/" + paper.doi)} rel="related"'
                ' title="doi"/>\n'
            )
        out.append(f"    <summary>{escape(paper.abstract)}</summary>\n")
        out.extend(
            f'    <category term={quoteattr(c)} scheme="http://arxiv.org/schemas/atom"/>\n'
            for c in paper.categories
        )
        out.append(f"    <published>{paper.published}</published>\n")
        if paper.comment:
            out.append(f"    <arxiv:comment>{escape(paper.comment)}</arxiv:comment>\n")
        if paper.categories:
            out.append(f"    <arxiv:primary_category term={quoteattr(paper.categories[0])}/>\n")
        if paper.journal_ref:
            out.append(f"    <arxiv:journal_ref>{escape(paper.journal_ref)}</arxiv:journal_ref>\n")
        if paper.doi:
            out.append(f"    <arxiv:doi>{escape(paper.doi)}</arxiv:doi>\n")
        for name in paper.authors:
            out.append(f"    <author>\n      <name>{escape(name)}</name>\n    </author>\n")
        out.append("  </entry>\n")
        return "".join(out)


def canonical_id(arxiv_id: str) -> str:
    """arXiv's spelling of an id: an old-style subject class is not part of it."""
    return re.sub(r"^([a-z\-]+)\.[A-Z]{2}/", r"\1/", arxiv_id)


def error_feed(error_id: str, message: str) -> bytes:
    """arXiv's answer to a malformed id (corpus atom/arxivpy_id_abc_s0_m100.xml, HTTP 400)."""
    now = _now()
    url = f"https://arxiv.org/api/errors#{error_id}"
    return (
        FEED_OPEN + "  <id>https://arxiv.org/</id>\n"
        "  <title>arXiv Search Results</title>\n"
        f"  <updated>{now}</updated>\n"
        "  <opensearch:itemsPerPage>1</opensearch:itemsPerPage>\n"
        "  <opensearch:totalResults>1</opensearch:totalResults>\n"
        "  <opensearch:startIndex>0</opensearch:startIndex>\n"
        "  <entry>\n"
        f"    <id>{escape(url)}</id>\n"
        "    <title>Error</title>\n"
        f"    <updated>{now}</updated>\n"
        f'    <link href={quoteattr(url)} rel="alternate" type="text/html"/>\n'
        f"    <summary>{escape(message)}</summary>\n"
        "    <author>\n      <name>arXiv api core</name>\n    </author>\n"
        "  </entry>\n"
        "</feed>\n"
    ).encode("utf-8")


# -- search_query ------------------------------------------------------------------------------

FIELDS = {
    "ti": lambda p: p.title,
    "au": lambda p: " ; ".join(p.authors),
    "abs": lambda p: p.abstract,
    "co": lambda p: p.comment or "",
    "jr": lambda p: p.journal_ref or "",
    "cat": lambda p: " ".join(p.categories),
    "id": lambda p: p.arxiv_id,
    "all": lambda p: " ".join([p.title, *p.authors, p.abstract, p.comment or ""]),
}
TOKEN_RE = re.compile(
    r"\s*(?:(?P<paren>[()])|(?P<op>ANDNOT|AND|OR)(?=[\s(]|$)"
    r'|(?:(?P<field>[a-z]+):)?(?:"(?P<phrase>[^"]*)"|(?P<word>[^\s()"]+)))'
)


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def parse_query(query: str) -> Any:
    """A predicate on FakePaper for arXiv's search_query syntax (enough of it for tests):
    field:word, field:"a phrase", bare terms (all:), AND / OR / ANDNOT evaluated left to right,
    parentheses. au:del_maestro matches "Del Maestro"."""
    tokens: list[tuple[str, Any]] = []
    position = 0
    query = query.strip()
    while position < len(query):
        match = TOKEN_RE.match(query, position)
        if match is None or match.end() == position:
            raise ValueError(f"cannot parse search_query at {query[position:]!r}")
        position = match.end()
        if match.group("paren"):
            tokens.append(("paren", match.group("paren")))
        elif match.group("op"):
            tokens.append(("op", match.group("op")))
        else:
            name = match.group("field") or "all"
            text = (
                match.group("phrase") if match.group("phrase") is not None else match.group("word")
            )
            tokens.append(("term", (name, _words(text.replace("_", " ")))))
    stream = iter(tokens + [("end", None)])
    current = [next(stream)]

    def advance() -> tuple[str, Any]:
        token = current[0]
        current[0] = next(stream)
        return token

    def term() -> Any:
        kind, value = advance()
        if kind == "paren" and value == "(":
            inner = expression()
            advance()  # ")"
            return inner
        if kind != "term":
            raise ValueError(f"unexpected {value!r} in search_query {query!r}")
        name, words = value
        getter = FIELDS.get(name, FIELDS["all"])
        return lambda paper: _contains(_words(getter(paper)), words)

    def expression() -> Any:
        left = term()
        while current[0][0] in ("op", "term") or current[0] == ("paren", "("):
            operator = advance()[1] if current[0][0] == "op" else "AND"
            right = term()
            left = _combine(operator, left, right)
        return left

    return expression()


def _combine(operator: str, left: Any, right: Any) -> Any:
    if operator == "OR":
        return lambda p: left(p) or right(p)
    if operator == "ANDNOT":
        return lambda p: left(p) and not right(p)
    return lambda p: left(p) and right(p)


def _contains(haystack: list[str], needle: list[str]) -> bool:
    if not needle:
        return False
    width = len(needle)
    return any(haystack[i : i + width] == needle for i in range(len(haystack) - width + 1))


def _sorted(papers: list[FakePaper], query: dict[str, str]) -> list[FakePaper]:
    keys = {"submittedDate": "published", "lastUpdatedDate": "updated"}
    key = keys.get(query.get("sortBy", ""))
    if key is None:
        return papers  # relevance: registration order
    reverse = query.get("sortOrder", "descending") == "descending"
    return sorted(papers, key=lambda p: getattr(p, key) or "", reverse=reverse)


# -- helpers -----------------------------------------------------------------------------------


def _send(
    handler: BaseHTTPRequestHandler,
    status: int,
    body: bytes,
    content_type: str,
    headers: dict[str, str] | None = None,
) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(body)))
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    handler.end_headers()
    handler.wfile.write(body)


def _split_ids(id_list: str) -> list[str]:
    return [i.strip() for i in id_list.split(",") if i.strip()]


def _int(raw: str | None, default: int) -> int:
    try:
        return int(raw) if raw else default
    except ValueError:
        return default


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _read_tsv(path: Path) -> Iterator[dict[str, str]]:
    if not path.is_file():
        return
    with open(path, encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)


def _recorded_source(path: Path) -> dict[str, Any]:
    """Status, id_list and search_query of a recorded response, from atom/SOURCES.tsv."""
    for row in _read_tsv(path.parent / "SOURCES.tsv"):
        if row.get("file") != path.name:
            continue
        answered = row.get("query_answered", "")
        source: dict[str, Any] = {}
        status = re.search(r"\(HTTP (\d{3})", answered)
        if status:
            source["status"] = int(status.group(1))
        request = re.search(r"GET \S+\?(\S+)", answered)
        if request:
            params = {k: v[0] for k, v in parse_qs(request.group(1)).items()}
            if params.get("id_list"):
                source["id_list"] = params["id_list"]
            elif params.get("search_query"):
                source["search_query"] = params["search_query"]
        return source
    return {}


class HungServer(_Loopback):
    """A server on 127.0.0.1 that accepts connections and never answers: arXiv hung behind a
    load balancer that still accepts. With `answer`, it reads the request and sends those
    bytes (headers, maybe a little body), then nothing more. It counts the connections it saw
    and keeps each open until stop()."""

    def __init__(self, answer: bytes = b"") -> None:
        self.answer = answer
        self.connections = 0
        self._listener = socket.socket()
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen()
        self._listener.settimeout(0.05)
        self._open: list[socket.socket] = []
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)

    def start(self) -> HungServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join(timeout=5)
        for conn in self._open:
            with contextlib.suppress(OSError):
                conn.close()
        self._listener.close()

    def __enter__(self) -> HungServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        return self._listener.getsockname()[1]

    def _accept(self) -> None:
        while not self._stopping.is_set():
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections += 1
            self._open.append(conn)
            if self.answer:
                with contextlib.suppress(OSError):
                    conn.settimeout(1.0)
                    conn.recv(65536)  # (the request, so the answer comes after it)
                    conn.sendall(self.answer)


HUNG_ATOM_HEADERS = (
    b"HTTP/1.1 200 OK\r\nContent-Type: application/atom+xml; charset=utf-8\r\n"
    b"Content-Length: 5000\r\n\r\n<?xml version='1.0' encoding='UTF-8'?>\n<feed"
)

# what a hung arXiv sends, and what is said of it while it lasts and when it fails: nothing at
# all, or the headers of an answer and no more (it was said "no answer from ...", and failed
# "no answer", as the first); for pytest.mark.parametrize("answer, silence, failure", ...)
HUNG_ANSWERS = [
    (b"", "no answer from {host}", "no answer"),
    (
        HUNG_ATOM_HEADERS,
        "{host} began to answer but sent nothing more",
        "its answer began but nothing more came",
    ),
]
HUNG_ANSWER_IDS = ["silent", "headers only"]
HUNG_PDF_HEADERS = (
    b"HTTP/1.1 200 OK\r\nContent-Type: application/pdf\r\nContent-Length: 500000\r\n\r\n%PDF-1.7\n"
)


@pytest.fixture
def hung_arxiv(monkeypatch: pytest.MonkeyPatch) -> Iterator[HungServer]:
    """A server that accepts and never answers; PAPERS_ARXIV_API points at it, no delay."""
    with HungServer() as server:
        monkeypatch.setenv("PAPERS_ARXIV_API", server.api_url)
        monkeypatch.setenv("PAPERS_ARXIV_DELAY", "0")
        monkeypatch.setenv("PAPERS_ARXIV_BACKOFF", "0.01")
        yield server


def unused_port() -> int:
    """A loopback port nothing listens on (for 'connection refused')."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def fake_arxiv(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeArxiv]:
    """A running fake arXiv; PAPERS_ARXIV_API points at it, no delay, tiny backoff."""
    fake = FakeArxiv().start()
    monkeypatch.setenv("PAPERS_ARXIV_API", fake.api_url)
    monkeypatch.setenv("PAPERS_ARXIV_DELAY", "0")
    monkeypatch.setenv("PAPERS_ARXIV_BACKOFF", "0.01")
    try:
        yield fake
    finally:
        fake.stop()
