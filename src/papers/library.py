"""Use cases on a library: add papers, list, show, remove, re-extract.

Heavy modules (arxiv_source, pdf, references, quant) are imported inside the functions that need
them, so read-only commands start fast.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import os
import re
import shlex
import shutil
import unicodedata
import weakref
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from sqlite_utils import Database

from . import config, facet_worker
from .db import (
    first_paper,
    get_paper,
    in_chunks,
    library_root,
    like_literal,
    local_ids_beginning,
    now_iso,
    paper_from_row,
    save_paper,
    set_document,
    write_transaction,
)
from .errors import (
    AmbiguousPaper,
    BadIdentifier,
    LibraryError,
    NetworkError,
    NotFoundOnArxiv,
    PaperNotInLibrary,
    PaperPdfError,
    PapersError,
    PdfError,
)
from .facet_worker import FacetWorker
from .files import part_beside, scratch_file
from .ids import LOCAL_PREFIX, ArxivId, arxiv_id_or_none, local_id_spelling, parse_arxiv_id
from .models import (
    ArxivEntry,
    Facet,
    Paper,
    PdfDocument,
    Reference,
    facet_key,
    folded_title,
    name_key,
    title_words,
    value_order,
)

Progress = Callable[[str], None]
FROM_PDF = "pdf"  # source of a paper whose metadata comes from its PDF until arXiv answers
LOCAL = "local"  # source of a PDF arXiv does not know: its metadata always comes from the PDF


@dataclass
class AddResult:
    """What happened to one input of `papers add`."""

    input: str
    status: str  # added, updated, unchanged, failed
    message: str
    paper: Paper | None = None
    warnings: list[str] = field(default_factory=list)
    error: PapersError | None = None  # why it failed, so callers can stop on a NetworkError
    # the library's first paper: of two adds at once in an empty folder, the one that stored
    # it made the library and says where, not the one that made its file and added nothing
    first: bool = False

    @property
    def ok(self) -> bool:
        return self.status != "failed"


@dataclass
class _Input:
    text: str
    arxiv: ArxivId | None = None
    local_pdf: Path | None = None


def _failed(item: _Input, exc: PapersError) -> AddResult:
    """A failed input, its message naming it ("2208.07339: arXiv unreachable: ..."): several
    inputs fail alike when arXiv cannot be reached."""
    message = str(exc)
    name = str(item.arxiv) if item.arxiv is not None else item.text
    # (named where the message does not name it before a URL: "truncated download from
    # http://.../pdf/2210.17323v2: ..." left the paper to be read out of the URL)
    said = message.split("http", 1)[0]
    if name not in said and item.text not in said:
        message = f"{name}: {message}"
    return AddResult(item.text, "failed", message, error=exc)


def classify_inputs(inputs: Iterable[str]) -> list[_Input]:
    """Tell arXiv ids from local PDF paths; a malformed id fails before anything is done."""
    classified = []
    for text in inputs:
        if not text.strip():  # ("" is the working directory as a path: no folder to read)
            raise BadIdentifier("an empty argument is neither an arXiv id nor a PDF")
        path = Path(text).expanduser()
        as_id = arxiv_id_or_none(text)
        if as_id is not None and (path.is_dir() or (path.is_file() and not _starts_pdf(path))):
            # an id that a folder or another file in the working directory happens to name
            classified.append(_Input(text, arxiv=as_id))
        elif path.is_file():
            classified.append(_Input(text, local_pdf=path))
        elif path.is_dir():
            raise BadIdentifier(f"is a folder, not a PDF or an arXiv id: {text}")
        elif path.exists():  # (a pipe, a device: nothing to read a PDF from)
            raise BadIdentifier(f"not a regular file: {text}")
        elif text.lower().endswith(".pdf") and not re.match(r"^https?://", text, re.I):
            raise BadIdentifier(f"no such file: {text}")
        else:
            classified.append(_Input(text, arxiv=parse_arxiv_id(text)))
    return classified


def _starts_pdf(path: Path) -> bool:
    """Whether a file is a PDF by its header (which may follow up to 1 KB of other bytes, as
    readers allow); one that cannot be read is taken for the file it names, whose reading then
    says what is wrong."""
    try:
        with open(path, "rb") as handle:
            return b"%PDF-" in handle.read(1024)
    except OSError:
        return True


def add_papers(
    db: Database,
    root: Path,
    inputs: list[str],
    *,
    pdf: bool = True,
    progress: Progress | None = None,
    cached: bool = False,
    report: Callable[[AddResult], None] | None = None,
) -> list[AddResult]:
    """Add arXiv ids, arXiv URLs and local PDFs; one batched metadata request for all ids.

    A malformed id raises BadIdentifier before anything is fetched. Other failures (not on
    arXiv, a bad PDF, the network) are reported per input and do not stop the others.
    `cached` takes metadata of ids typed without a version from the lookup cache (the crawl
    has just fetched it); a plain `papers add` always asks arXiv, to see new versions.
    `report` is called with each result as soon as it is known, in input order.
    """
    items = classify_inputs(inputs)
    ensure_writable(root)
    check_vocabulary(root)  # (before any download: it would fail each paper after its PDF)
    config.check_network_settings()  # (a stamped local PDF asks arXiv too)
    with Facets(root, facet_worker.shared(vocabulary_extension(root))) as facets:
        results = _add_papers(db, root, items, facets, pdf, progress, cached, report)
    added = [r.paper.id for r in results if r.status == "added" and r.paper]
    if added:
        from .resolve import link_library_papers

        # their references that name library papers, and the references that name them
        link_library_papers(db, citing=added)
        link_library_papers(db, cited=added)
    return results


def _relink_named_mentions(db: Database, titles: list[str], paper_id: str | None = None) -> None:
    """Notes' [[name]] links to papers of these titles, and [[local:f147]] ones to the start of
    this paper's id, as the library now names its papers (see reviews.relink_named_mentions);
    in the transaction of the change that renames, adds or removes a paper, so that no
    interruption leaves one without the other."""
    from .reviews import relink_named_mentions

    names = {key for title in titles for key in paper_name_keys(title)}
    # (and its initials: a note's [[OBC]] is Optimal Brain Compression once it is added)
    names |= {name_key(short) for title in titles for short in _initials(title or "")}
    with write_transaction(db):  # (the caller's: a savepoint in it)
        local = [paper_id] if paper_id and paper_id.startswith("local:") else []
        relink_named_mentions(db, names, local_ids=local)


def _add_papers(
    db: Database,
    root: Path,
    items: list[_Input],
    facets: Facets,
    pdf: bool,
    progress: Progress | None,
    cached: bool,
    report: Callable[[AddResult], None] | None,
) -> list[AddResult]:
    from . import arxiv_source
    from .pdf import read_pdf
    from .resolve import cached_entries, known_on_arxiv, store_entries

    results: dict[int, AddResult] = {}
    local_docs: dict[int, tuple[PdfDocument, str]] = {}

    # Local PDFs: read the stamp to learn the arXiv id; a PDF without one is a local paper.
    for index, item in enumerate(items):
        if item.local_pdf is None:
            continue
        try:
            # (its facets in the worker while the rest of it and the next PDF are read)
            doc = read_pdf(item.local_pdf, text_ready=facets.start)
        except PapersError as exc:
            results[index] = _failed(item, exc)
            continue
        sha = sha256_file(item.local_pdf)
        local_docs[index] = (doc, sha)
        if doc.arxiv_stamp:
            item.arxiv = parse_arxiv_id(doc.arxiv_stamp)

    wanted = [str(item.arxiv) for i, item in enumerate(items) if item.arxiv and i not in results]
    wanted = list(dict.fromkeys(wanted))
    # Only version-less lookups are cached: they are what the resolver asks for.
    versionless = {str(item.arxiv) for item in items if item.arxiv and item.arxiv.version is None}
    entries: dict[str, ArxivEntry | None] = {}
    if cached:
        entries.update(cached_entries(db, [w for w in wanted if w in versionless]))
    missing = [w for w in wanted if w not in entries]
    offline: NetworkError | None = None
    if missing:
        try:
            fetched = arxiv_source.fetch_entries(missing, known=known_on_arxiv(db, missing))
        except PapersError as exc:
            if isinstance(exc, NetworkError):
                offline = exc  # a stamped PDF is added from itself (see _add_from_stamp)
            for index, item in enumerate(items):
                if item.arxiv and str(item.arxiv) in missing and index not in results:
                    if offline is not None and index in local_docs:
                        continue
                    held = _held_offline(db, root, item, pdf) if offline is not None else None
                    results[index] = held or _failed(item, exc)
            fetched = {}
        entries.update(fetched)
        store_entries(db, {k: v for k, v in fetched.items() if k in versionless})
        if fetched:  # (arXiv answered: a version it said it lacks may be past its last)
            entries.update(_latest_of_absent_versions(db, items, fetched))

    for index, item in enumerate(items):
        if index not in results:
            if progress:
                progress(item.text)
            results[index] = _add_one(
                db, root, item, entries, local_docs.get(index), facets, pdf=pdf, offline=offline
            )
        if report:
            report(results[index])
    return [results[i] for i in range(len(items))]


def _held_offline(db: Database, root: Path, item: _Input, pdf: bool) -> AddResult | None:
    """An id the library already holds whole, when arXiv cannot be reached: unchanged, as an
    add with arXiv answering says (a script's `papers add ID` before reading it failed on a
    train), else None. Held whole is that version (the library's, for an id without one), and
    its PDF unless --no-pdf; whether arXiv has a newer version is not known, and said."""
    assert item.arxiv is not None
    existing = get_paper(db, item.arxiv.id)
    if existing is None or existing.source == FROM_PDF:
        return None  # (added from its PDF alone: arXiv's metadata is still to be had)
    asked = item.arxiv.version
    if asked is not None and asked < (existing.version or 0):
        # an older version: its PDF kept beside, as online says (or none asked for)
        if pdf:
            return _older_pdf_kept(db, root, item, existing, asked)
        note = f"{ArxivId(existing.id, asked)}: {_newer_held(existing, asked)}"
        return AddResult(item.text, "unchanged", note, existing)
    if asked is not None and asked != existing.version:
        return None
    if pdf and (existing.pdf is None or _pdf_gone(db, root, existing)):
        return None
    name = str(ArxivId(existing.id, existing.version))
    if asked is not None:
        return AddResult(item.text, "unchanged", f"{name}: already in the library", existing)
    message = f"{name}: already in the library (arXiv not reached: a newer version not looked for)"
    return AddResult(item.text, "unchanged", message, existing)


def _latest_of_absent_versions(
    db: Database, items: list[_Input], answered: dict[str, ArxivEntry | None]
) -> dict[str, ArxivEntry | None]:
    """For a version arXiv answered it does not have ("2306.00978v9"), the paper's latest
    version under its bare id (cached, else one request for them all), so the error can say
    the paper is there; a network failure here only leaves the error shorter."""
    from . import arxiv_source
    from .resolve import cached_entries, known_on_arxiv, store_entries

    absent = [
        item.arxiv.id
        for item in items
        if item.arxiv and item.arxiv.version and answered.get(str(item.arxiv), 0) is None
    ]
    bases = [b for b in dict.fromkeys(absent) if b not in answered]
    if not bases:
        return {}
    found: dict[str, ArxivEntry | None] = dict(cached_entries(db, bases))
    if asked := [b for b in bases if b not in found]:
        try:
            fetched = arxiv_source.fetch_entries(asked, known=known_on_arxiv(db, asked))
        except PapersError:
            return found
        store_entries(db, fetched)
        found.update(fetched)
    return found


def _add_one(
    db: Database,
    root: Path,
    item: _Input,
    entries: dict[str, ArxivEntry | None],
    local: tuple[PdfDocument, str] | None,
    facets: Facets,
    *,
    pdf: bool,
    offline: NetworkError | None = None,
) -> AddResult:
    try:
        if item.arxiv is None:
            assert local is not None
            return _add_local(db, root, item, *local, facets)
        entry = entries.get(str(item.arxiv))
        if (
            local is not None
            and not local[0].stamp_in_margin
            and not _titled_on_page(entry, local[0])
        ):
            # a stamp read from the page's text, not its margin ("See also arXiv:2208.07339v2
            # [cs.LG] 10 Nov 2022" in a footnote): the paper only when it bears that title
            item.arxiv = None
            return _add_local(db, root, item, *local, facets)
        if entry is None and offline is not None and local is not None:
            return _add_from_stamp(db, root, item, *local, offline, facets)
        if entry is None:
            latest = entries.get(item.arxiv.id) if item.arxiv.version else None
            missing = NotFoundOnArxiv(str(item.arxiv), f"v{latest.version}" if latest else None)
            if local is not None and local[0].stamp_in_margin:
                # a PDF arXiv stamped, of a version its API does not list yet (it lags behind
                # new versions): the paper from the PDF, as offline, rather than refused
                return _add_from_stamp(db, root, item, *local, missing, facets)
            raise missing
        return _add_arxiv(db, root, item, entry, facets, pdf=pdf, local=local)
    except PapersError as exc:
        return _failed(item, exc)


def _titled_on_page(entry: ArxivEntry | None, doc: PdfDocument) -> bool:
    """Whether the first page holds the title arXiv gives the id (most of its words): what
    makes a stamp found in a page's text, not its margin, the paper's own."""
    from .resolve import title_tokens

    if entry is None or not doc.pages:
        return False
    wanted = {word for word in title_tokens(entry.title) if len(word) > 2}
    on_page = set(title_tokens(doc.pages[0]))
    return bool(wanted) and len(wanted & on_page) >= 0.8 * len(wanted)


def ensure_writable(root: Path) -> None:
    """The library's folder can take files, and is still where the command found it: a crawl
    whose library was moved meanwhile (mv lib lib-old) made the old path again for its PDFs,
    while the moved database recorded them."""
    if not config.db_path(root).exists():
        raise LibraryError(
            f"the library is no longer at {root} (moved or deleted while this command ran): "
            "run the command again where it is now"
        )
    folder = config.papers_dir(root)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise LibraryError(f"cannot create {folder}: {exc.strerror}") from None
    probe = folder / f".write-test-{os.getpid()}"
    try:
        probe.write_bytes(b"")
    except OSError:
        raise LibraryError(f"library folder is not writable: {folder}") from None
    finally:
        with contextlib.suppress(OSError):
            probe.unlink(missing_ok=True)  # (also after a Ctrl-C just as it was made)


def _add_arxiv(
    db: Database,
    root: Path,
    item: _Input,
    entry: ArxivEntry,
    facets: Facets,
    *,
    pdf: bool,
    local: tuple[PdfDocument, str] | None,
) -> AddResult:
    from . import arxiv_source

    existing = get_paper(db, entry.arxiv_id)
    version = entry.version
    if existing is not None and existing.source == FROM_PDF:
        # arXiv's metadata for a paper added from its PDF; an older version asked for does not
        # replace the newer PDF already stored
        version = max(version or 0, existing.version or 0) or None
    name = str(ArxivId(entry.arxiv_id, version))
    restored = gone = missing = False
    if existing is not None:
        arxiv_described = existing.source != FROM_PDF  # (arXiv's metadata replaces the PDF's)
        older = (version or 0) < (existing.version or 0) and arxiv_described
        # a PDF the library lacks, or whose file is gone from papers/: fetched or copied again
        missing = existing.pdf is not None and not (root / existing.pdf).exists()
        gone = _pdf_gone(db, root, existing)
        # (or the PDF it reads is an older version's: added with --no-pdf since)
        held = _file_row(db, existing)
        stale = held is not None and held[0] not in (None, version)
        need_pdf = (pdf or local is not None) and (existing.pdf is None or gone or stale)
        if older:
            # an older version never replaces the newer one the library reads; its PDF is
            # kept beside it when asked for (to compare versions: `papers open ID vN`)
            if pdf and local is None and entry.pdf_url and version:
                return _keep_older_pdf(db, root, item, entry, existing, version)
            note = _newer_held(existing, version)
            # (v2's PDF missing, not v1's: need_pdf asks of the version given)
            if (pdf or local is not None) and (existing.pdf is None or gone):
                note += f"; 'papers add {entry.arxiv_id}' gets v{existing.version}'s PDF"
            return AddResult(item.text, "unchanged", f"{name}: {note}", existing)
        if existing.version == version and arxiv_described and not need_pdf:
            return AddResult(item.text, "unchanged", f"{name}: already in the library", existing)
        restored = gone and need_pdf

    pdf_rel: str | None = None
    sha: str | None = None
    doc: PdfDocument | None = None
    created = False  # a file this call wrote into papers/, which a failure takes back
    notes: list[str] = []  # (what was set aside, said with the result)
    if local is not None or pdf:
        from .pdf import read_pdf

        if not entry.pdf_url and local is None:
            raise PapersError(f"arXiv gives no PDF link for {name}")
        dest = config.papers_dir(root) / ArxivId(entry.arxiv_id, version).filename
        pdf_rel = dest.relative_to(root).as_posix()
        if local is not None:
            doc, sha = local
            created = not dest.exists()
            sha = _place_copy(db, item.local_pdf, dest, sha, existing, notes)  # type: ignore[arg-type]
        elif dest.exists() and _keep(_trusted_file(db, dest, pdf_rel, entry, version), notes):
            sha = sha256_file(dest)
        else:
            url = entry.pdf_url or ""
            if version and entry.version and version != entry.version:
                # (the newer version kept for a paper added from its PDF: that version's PDF,
                # not the one of the metadata asked for)
                url = re.sub(r"v\d+$", f"v{version}", url)
            read: list[PdfDocument] = []  # the check reads the text: the PDF is opened once
            sha = arxiv_source.download_pdf(
                url,
                dest,
                check=lambda path: read.append(_downloaded(path, url, name, facets.start)),
            )
            created = True
            doc = read[0]
        if doc is None:  # (a kept copy: see _trusted_file)
            doc = read_pdf(dest, repaired_ok=True, text_ready=facets.start)

    paper = Paper(
        **_described(entry),
        version=version,
        pdf=pdf_rel if pdf_rel else (existing.pdf if existing else None),
        sha256=sha if sha else (existing.sha256 if existing else None),
        pages=doc.page_count if doc else (existing.pages if existing else None),
        has_text=doc.has_text if doc else (existing.has_text if existing else None),
        source="arxiv",
        added=existing.added if existing else now_iso(),
    )
    try:
        with _taken_back(db, root, pdf_rel, created):
            stored = _store(db, paper, doc, entry.pdf_url, facets)
    except _StoredMeanwhile as meanwhile:
        return _stored_meanwhile(item, name, version, meanwhile.current)
    warnings = stored.warnings + notes
    if existing is None and stored.before is not None:
        # (two `papers add` of one paper at once: the later one to write says so, not "added")
        existing = stored.before
        if existing.version == version and existing.source != FROM_PDF:
            same = pdf_rel is None or existing.pdf == pdf_rel
            status = "unchanged" if same else "updated"
            what = "already in the library" if same else "PDF added"
            return AddResult(item.text, status, f"{name}: {what} ({MEANWHILE})", paper, warnings)
    if existing is None:
        message = f"{name}: added {short(paper.title)}"
        return AddResult(item.text, "added", message, paper, warnings, first=stored.first)
    if (existing.version or 0) < (version or 0):
        status = "updated"
        # (looked at after the store: a `papers rm` meanwhile took the old PDF with the paper)
        held_old = existing.pdf and existing.pdf != paper.pdf and (root / existing.pdf).exists()
        kept = " (old PDF kept)" if held_old and not gone else ""
        message = f"{name}: updated from v{existing.version}{kept}"
    elif existing.source == FROM_PDF:
        status, message = "updated", f"{name}: arXiv metadata added"
    else:
        # (restored: the very file that was missing; another version's is a PDF added)
        same_file = restored and paper.pdf == existing.pdf
        why = "it was missing from papers/" if missing else "the file there was not its PDF"
        what = f"PDF restored ({why})" if same_file else "PDF added"
        status, message = "updated", f"{name}: {what}"
    return AddResult(item.text, status, message, paper, warnings)


def _older_pdf_kept(
    db: Database, root: Path, item: _Input, existing: Paper, version: int
) -> AddResult | None:
    """An "unchanged" result when an older version's PDF is kept beside the newer one the
    library reads (and is still that version's), else None."""
    name = ArxivId(existing.id, version)
    dest = config.papers_dir(root) / name.filename
    rel = dest.relative_to(root).as_posix()
    if _recorded(db, rel) and dest.exists() and _kept_version_holds(db, dest, rel, existing):
        reads = f"the library reads v{existing.version}"
        return AddResult(item.text, "unchanged", f"{name}: PDF already kept ({reads})", existing)
    return None


def _newer_held(existing: Paper, version: int | None) -> str:
    """What an add of an older version says of the newer one the library holds."""
    return f"already in the library as v{existing.version} (newer than v{version})"


def _keep_older_pdf(
    db: Database, root: Path, item: _Input, entry: ArxivEntry, existing: Paper, version: int
) -> AddResult:
    """An older version's PDF, downloaded beside the newer one the library reads and recorded
    as that version's file; the paper, its text and facets stay the newer version's."""
    from . import arxiv_source

    name = str(ArxivId(entry.arxiv_id, version))
    dest = config.papers_dir(root) / ArxivId(entry.arxiv_id, version).filename
    rel = dest.relative_to(root).as_posix()
    reads = f"the library reads v{existing.version}"
    if (kept := _older_pdf_kept(db, root, item, existing, version)) is not None:
        return kept
    notes: list[str] = []
    if dest.exists():
        _say_aside(_set_aside(dest), notes)
    read: list[PdfDocument] = []
    url = entry.pdf_url or ""
    sha = arxiv_source.download_pdf(
        url, dest, check=lambda path: read.append(_downloaded(path, url, name))
    )
    with _taken_back(db, root, rel, True), write_transaction(db):
        if get_paper(db, existing.id) is None:  # (papers rm meanwhile: no FOREIGN KEY error)
            raise PapersError(
                f"{name}: {existing.id} was removed by another command while its PDF was "
                f"downloaded; 'papers add {name}' adds it again"
            )
        db.execute(
            "INSERT OR REPLACE INTO files (paper_id, version, path, sha256, pages, added) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [existing.id, version, rel, sha, read[0].page_count, now_iso()],
        )
    without = "" if existing.pdf else f" (v{existing.version}'s PDF: 'papers add {existing.id}')"
    message = f"{name}: PDF kept, {reads}{without}; 'papers open {name}' opens it"
    return AddResult(item.text, "updated", message, existing, notes)


def _downloaded(
    path: Path, url: str, name: str, text_ready: Callable[[list[str]], None] | None = None
) -> PdfDocument:
    """A downloaded PDF, read, when it is the paper asked for: one whose arXiv stamp (in the
    margin, where arXiv prints it: not an id its first page cites) names another paper or
    version (a mirror or a proxy that sent the wrong file) is refused, as it would fill the
    paper's text, references and facets with another's. (`text_ready`: see read_pdf.)"""
    from .pdf import read_pdf

    doc = read_pdf(path, text_ready=text_ready)
    wanted = parse_arxiv_id(name)
    if doc.stamp_in_margin and _stamp_contradicts(doc.arxiv_stamp, wanted.id, wanted.version):
        raise PaperPdfError(f"the PDF from {url} is stamped {doc.arxiv_stamp}, not {name}: refused")
    return doc


def _stamp_contradicts(stamp: str | None, paper_id: str, version: int | None) -> bool:
    """Whether a PDF's arXiv stamp names another paper, or another version of it."""
    named = arxiv_id_or_none(stamp) if stamp else None
    return named is not None and (
        named.id != paper_id or bool(named.version and version and named.version != version)
    )


def _recorded(db: Database, rel: str) -> bool:
    return db.execute("SELECT 1 FROM files WHERE path = ?", [rel]).fetchone() is not None


# how long the clean-up of a failed or interrupted add waits for another command's write:
# a Ctrl-C during that command's long write is obeyed at once, not after it (the PDF stays,
# and the next `papers add` of the paper takes it)
CLEANUP_WAIT_MS = 1_000


@contextlib.contextmanager
def _taken_back(db: Database, root: Path, rel: str | None, created: bool) -> Iterator[None]:
    """Nothing half-written: when the block fails (or Ctrl-C), a PDF this call placed in
    papers/ goes, unless a row names it (checked under the write lock, so a concurrent add
    of the same paper that stored it keeps it; if the database cannot be asked, it stays)."""
    try:
        yield
    except BaseException:
        if created and rel is not None:
            with contextlib.suppress(Exception), write_transaction(db, wait_ms=CLEANUP_WAIT_MS):
                if not _recorded(db, rel):
                    (root / rel).unlink(missing_ok=True)
        raise


_WORD = re.compile(r"\w{3,}")


def _words_kept(wanted: str, found: str, share: float = 0.8) -> bool:
    """Whether most of the words (three letters or more) of `wanted` are in `found`."""
    words = set(_WORD.findall(wanted.lower()))
    return bool(words) and len(words & set(_WORD.findall(found.lower()))) >= share * len(words)


def _same_document(
    db: Database,
    path: Path,
    paper_id: str,
    title: str,
    pages: int | None,
    version: int | None,
    *,
    by_text: bool = True,
) -> bool:
    """Whether a PDF that is not the one recorded is still the paper's: a copy annotated or
    saved again by a viewer opens (even repaired), has the paper's pages, no arXiv stamp of
    another paper or version, and its first page holds the words stored of it (or, with no
    text stored or by_text False, its title's words: an older version kept beside the one
    the library reads). An emptied file, a broken one, another paper's PDF or another
    version's is not."""
    from .pdf import peek_pdf

    peek = peek_pdf(path)
    if peek is None:
        return False
    count, first, stamp = peek
    if _stamp_contradicts(stamp, paper_id, version):
        return False
    if pages and count != pages:
        return False
    row = (
        by_text
        and db.execute(
            "SELECT body FROM documents WHERE paper_id = ? AND source = 'text'", [paper_id]
        ).fetchone()
    )
    stored = row[0].split("\f", 1)[0] if row and row[0] and row[0].strip() else ""
    return _words_kept(stored, first) if stored else _words_kept(title, first)


def _set_aside(path: Path) -> Path | None:
    """Move a file that cannot stand for its paper out of the way of a fresh copy, never
    deleting what could hold someone's work: an empty file goes, anything else is renamed
    `<name>.replaced-<time>-<n>` beside it (a name no file has: never one renamed over another).
    Returns the new name (None for an empty or vanished file)."""
    try:
        if path.stat().st_size == 0:
            path.unlink()
            return None
    except FileNotFoundError:
        return None
    stamp = now_iso().replace(":", "")
    for n in itertools.count(1):
        aside = path.with_name(f"{path.name}.replaced-{stamp}-{n}")
        try:
            os.link(path, aside)  # (fails when the name is taken: rename would replace it)
        except FileExistsError:
            continue
        except FileNotFoundError:
            return None
        path.unlink()
        return aside
    raise AssertionError("unreachable")


def _trusted_file(
    db: Database, dest: Path, rel: str, entry: ArxivEntry, version: int | None
) -> tuple[bool, Path | None]:
    """Whether a PDF already at a paper's file name can be taken as it is: the one recorded
    (its digest unchanged), or a copy of the paper (see _same_document; for a paper not
    stored yet, by arXiv's title). Anything else is set aside (see _set_aside), to be
    downloaded again; its new name is returned. A file that cannot be read stops the add:
    nothing is downloaded over it."""
    row = db.execute("SELECT sha256 FROM files WHERE path = ?", [rel]).fetchone()
    paper = get_paper(db, entry.arxiv_id)
    try:
        if row is not None and sha256_file(dest) == row[0]:
            return True, None
    except OSError as exc:
        raise LibraryError(f"cannot read {dest}: {exc.strerror or exc}") from None
    title = paper.title if paper is not None else entry.title
    pages = paper.pages if paper is not None and paper.version == version else None
    if _same_document(db, dest, entry.arxiv_id, title, pages, version):
        return True, None
    return False, _set_aside(dest)


def _keep(trusted: tuple[bool, Path | None], notes: list[str]) -> bool:
    """_trusted_file's answer, its set-aside file said in `notes`."""
    kept, aside = trusted
    _say_aside(aside, notes)
    return kept


def _add_again(paper: Paper) -> str:
    """What `papers add` takes to get a paper's PDF again: its id, or a local paper's file."""
    return paper.id if paper.source != LOCAL else "FILE.pdf"


def _say_aside(aside: Path | None, notes: list[str]) -> None:
    """Say in `notes` where a file set aside (see _set_aside) went, if anywhere."""
    if aside is not None:
        notes.append(
            f"the file there could not stand for this paper's PDF (broken, or another paper's "
            f"or version's): kept as papers/{aside.name}"
        )


def _pdf_gone(db: Database, root: Path, paper: Paper) -> bool:
    """Whether the paper's PDF is recorded but its file is gone from papers/, or can no
    longer stand for it (see _same_document: an annotated copy can)."""
    if paper.pdf is None:
        return False
    path = root / paper.pdf
    if not path.exists():
        return True
    try:
        if paper.sha256 is None or sha256_file(path) == paper.sha256:
            return False
    except OSError:
        return False  # (unreadable here: not replaced; reading it later says why)
    return not _copy_of(db, path, paper)


def _copy_of(db: Database, path: Path, paper: Paper) -> bool:
    """_same_document for a stored paper: its title, pages, and the version of its file; a file
    written just now is read once it stops changing (a viewer saving highlights in place:
    caught half-written, the annotated PDF was set aside as broken)."""
    version = _held_version(db, paper)
    if _same_document(db, path, paper.id, paper.title, paper.pages, version):
        return True
    return _waited_while_written(path) and _same_document(
        db, path, paper.id, paper.title, paper.pages, version
    )


SAVING_WINDOW_S = 2.0  # a file modified this recently may be half-written by another program
SETTLED_S = 0.5  # ... and has stopped changing once unchanged this long
SETTLE_WAIT_S = 10.0  # the longest wait for it


def _waited_while_written(path: Path) -> bool:
    """Whether a file was modified within SAVING_WINDOW_S, and then waited for until it went
    SETTLED_S unchanged (at most SETTLE_WAIT_S): to be read again."""
    import time

    try:
        info = path.stat()
    except OSError:
        return False
    if time.time() - info.st_mtime > SAVING_WINDOW_S:
        return False
    deadline = time.monotonic() + SETTLE_WAIT_S
    last = (info.st_size, info.st_mtime_ns)
    while time.monotonic() < deadline:
        time.sleep(0.1)
        try:
            info = path.stat()
        except OSError:
            return True  # (gone meanwhile: what reads it next says so)
        now = (info.st_size, info.st_mtime_ns)
        if now == last and time.time() - info.st_mtime >= SETTLED_S:
            break
        last = now
    return True


def _held_version(db: Database, paper: Paper) -> int | None:
    """The version of the PDF the library reads for a paper (None for a local paper)."""
    row = _file_row(db, paper)
    return row[0] if row else paper.version


def _file_row(db: Database, paper: Paper) -> tuple[int | None] | None:
    """The `files` row (its version) of the PDF the library reads for a paper, if any."""
    return db.execute(
        "SELECT version FROM files WHERE paper_id = ? AND path = ?", [paper.id, paper.pdf or ""]
    ).fetchone()


def _place_copy(
    db: Database, source: Path, dest: Path, sha: str, paper: Paper | None, notes: list[str]
) -> str:
    """Copy a local PDF to its place in papers/, unless the file there is already it or a
    copy of the stored paper (annotated: kept, its digest returned); a file that is neither
    is set aside first, and `notes` says where. The digest of the file in place."""
    if dest.exists():
        current = sha256_file(dest)
        if current == sha or (paper is not None and _copy_of(db, dest, paper)):
            return current
        _say_aside(_set_aside(dest), notes)
    copy_atomic(source, dest)
    return sha


def _attach_pdf(
    db: Database,
    root: Path,
    item: _Input,
    existing: Paper,
    doc: PdfDocument,
    sha: str,
    facets: Facets,
) -> AddResult:
    """A local PDF of the version a stored paper describes, as its PDF (no request)."""
    assert item.local_pdf is not None and item.arxiv is not None
    dest = config.papers_dir(root) / item.arxiv.filename
    created = not dest.exists()
    notes: list[str] = []
    sha = _place_copy(db, item.local_pdf, dest, sha, existing, notes)
    paper = replace(
        existing,
        pdf=dest.relative_to(root).as_posix(),
        sha256=sha,
        pages=doc.page_count,
        has_text=doc.has_text,
    )
    row = db.execute("SELECT pdf_url FROM papers WHERE id = ?", [existing.id]).fetchone()
    with _taken_back(db, root, paper.pdf, created):
        warnings = _store(db, paper, doc, row[0] if row else None, facets).warnings + notes
    return AddResult(item.text, "updated", f"{item.arxiv}: PDF added", paper, warnings)


def _add_from_stamp(
    db: Database,
    root: Path,
    item: _Input,
    doc: PdfDocument,
    sha: str,
    why: PapersError,
    facets: Facets,
) -> AddResult:
    """A PDF with an arXiv stamp while arXiv is unreachable (offline first), or does not list
    that version yet: its id and version from the stamp, title and authors from the PDF, so the
    paper, its text, references and facets are there at once; a later `papers add ID` replaces
    the metadata with arXiv's."""
    assert item.local_pdf is not None and item.arxiv is not None
    arxiv = item.arxiv
    existing = get_paper(db, arxiv.id)
    if existing is not None:
        gone = _pdf_gone(db, root, existing)
        if existing.pdf and not gone and (arxiv.version or 0) <= (existing.version or 0):
            newer = (arxiv.version or 0) < (existing.version or 0)
            said = f" as v{existing.version} (newer than v{arxiv.version})" if newer else ""
            message = f"{arxiv}: already in the library{said}"
            return AddResult(item.text, "unchanged", message, existing)
        if arxiv.version is not None and arxiv.version == existing.version:
            # the very version the library describes, without its PDF: nothing to ask arXiv
            return _attach_pdf(db, root, item, existing, doc, sha, facets)
        # another version for a stored paper: arXiv must say which version is which
        return _failed(item, why)
    dest = config.papers_dir(root) / arxiv.filename
    created = not dest.exists()
    notes: list[str] = []
    sha = _place_copy(db, item.local_pdf, dest, sha, None, notes)
    paper = _paper_from_pdf(
        root,
        item.local_pdf,
        doc,
        sha,
        dest,
        paper_id=arxiv.id,
        version=arxiv.version,
        source=FROM_PDF,
    )
    try:
        with _taken_back(db, root, paper.pdf, created):
            stored = _store(db, paper, doc, None, facets)
    except _StoredMeanwhile as meanwhile:
        return _stored_meanwhile(item, str(arxiv), arxiv.version, meanwhile.current)
    warnings = stored.warnings + notes
    if stored.before is not None:
        message = f"{arxiv}: already in the library ({MEANWHILE})"
        return AddResult(item.text, "unchanged", message, paper, warnings)
    warnings.append(
        f"{arxiv.id}: {'title and authors' if paper.authors else 'title'} taken from the PDF "
        f"({why}); "
        f"'papers add {arxiv.id}' fetches arXiv's metadata later"
    )
    message = f"{arxiv}: added {short(paper.title)} (from the PDF)"
    return AddResult(item.text, "added", message, paper, warnings, first=stored.first)


def _add_local(
    db: Database, root: Path, item: _Input, doc: PdfDocument, sha: str, facets: Facets
) -> AddResult:
    """A PDF without an arXiv stamp: a local paper titled from its metadata or first page."""
    assert item.local_pdf is not None
    paper_id = f"local:{sha[:12]}"
    existing = get_paper(db, paper_id)
    if existing is not None:
        if existing.pdf and _pdf_gone(db, root, existing):
            # (its copy in papers/ deleted or replaced: this very file, its id says, again)
            notes: list[str] = []
            _place_copy(db, item.local_pdf, root / existing.pdf, sha, existing, notes)
            message = f"{paper_id}: PDF restored"
            return AddResult(item.text, "updated", message, existing, notes)
        return AddResult(item.text, "unchanged", f"{paper_id}: already in the library", existing)
    dest = config.papers_dir(root) / f"local-{sha[:12]}.pdf"
    created = not dest.exists()
    copy_atomic(item.local_pdf, dest)
    paper = _paper_from_pdf(root, item.local_pdf, doc, sha, dest, paper_id=paper_id, source=LOCAL)
    with _taken_back(db, root, paper.pdf, created):
        stored = _store(db, paper, doc, None, facets)
    if stored.before is not None:
        message = f"{paper_id}: already in the library ({MEANWHILE})"
        return AddResult(item.text, "unchanged", message, paper, stored.warnings)
    return AddResult(
        item.text,
        "added",
        f"{paper_id}: added {short(paper.title)} (local PDF)",
        paper,
        stored.warnings,
        first=stored.first,
    )


def _paper_from_pdf(
    root: Path,
    path: Path,
    doc: PdfDocument,
    sha: str,
    dest: Path,
    *,
    paper_id: str,
    source: str,
    version: int | None = None,
) -> Paper:
    """A paper described by its PDF alone, stored at dest: title and authors from the PDF,
    named after its file when it shows no title."""
    title, authors = local_title_and_authors(doc, path)
    # (a paper with an arXiv id has the year its id encodes, until arXiv gives the date)
    year = printed_year(doc.first_page_whole) if source == LOCAL else None
    return Paper(
        id=paper_id,
        version=version,
        source=source,
        title=title or _name_as_text(path.stem),
        authors=authors,
        published=str(year) if year else None,
        pdf=dest.relative_to(root).as_posix(),
        sha256=sha,
        pages=doc.page_count,
        has_text=doc.has_text,
        added=now_iso(),
    )


def _name_as_text(name: str) -> str:
    """A file's name as text to store: one that is not UTF-8 (a Latin-1 zip's "r\xe9sum\xe9")
    read as Latin-1, which any bytes are; SQLite refused its escapes with a traceback."""
    raw = os.fsencode(name)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def local_title_and_authors(doc: PdfDocument, path: Path) -> tuple[str | None, list[str]]:
    """Title and authors of a PDF that arXiv does not know, or has not described yet (added
    offline): its metadata, else the title and authors printed on page 1 (most arXiv PDFs
    carry no metadata), else for the title page 1's first line; no title when the PDF shows
    none (the caller names the paper after its file)."""
    from .pdf import first_page_heading

    title = doc.title
    authors: list[str] = []
    if doc.author:
        authors = [
            name
            for name in (a.strip() for a in re.split(r";|,| and ", doc.author))
            if name and not _PLACEHOLDER_AUTHOR.match(name)
        ]
    untitled = not title or title.lower() in {"untitled", "microsoft word"} or len(title) < 4
    if untitled or not authors:
        printed_title, printed_authors = first_page_heading(path)
        title = printed_title if untitled else title
        authors = authors or printed_authors
    if not title or len(title) < 4:
        lines = [ln.strip() for ln in (doc.pages[0] if doc.pages else "").splitlines()]
        lines = [ln for ln in lines if len(ln) > 3 and not re.match(r"^(arxiv|http)", ln, re.I)]
        title = lines[0] if lines else None
    return title, authors


# a line of a first page that says where and when the paper appeared: a conference's or
# journal's footer or header, a copyright line ("Proceedings of the 38th International
# Conference on Machine Learning, PMLR 139, 2021. Copyright 2021 by the author(s).", "31st
# Conference on Neural Information Processing Systems (NIPS 2017)", "Published as a
# conference paper at ICLR 2024", "© 2023 Copyright held by the owner/author(s).")
_VENUE_LINE = re.compile(
    r"\b(?:proceedings|conference|workshop|symposium|journal|transactions|published|accepted"
    r"|appear(?:s|ing)? in|pmlr|copyright)\b|©",
    re.IGNORECASE,
)
# what a venue line says of a paper not (yet) there ("Under review as a conference paper at
# ICLR 2015": written in 2014), or a sentence citing another paper ("(Han et al., 2016)")
_NOT_THE_PAPERS = re.compile(
    r"under review|submitted|preprint|do not distribute|et al\b|\bin press\b", re.IGNORECASE
)
_YEAR = re.compile(r"(?<![\d.,/-])(?:19[5-9]\d|20\d\d)(?![\d.,/-]?\d)")


def printed_year(first_page: str) -> int | None:
    """The year a local PDF's first page says it appeared, from its venue or copyright lines
    (see _VENUE_LINE); None when they name none, or disagree. Other years of the page are
    no evidence: those of the papers it cites ("Krizhevsky et al., 2012"), of a venue it is
    under review for. Nor is the PDF's metadata: its dates are the file's (QSGD's NeurIPS
    2017 PDF has none of its making, and was saved in 2018), and its subject the template's
    ("Proceedings of the International Conference on Machine Learning 2022" on an ICML 2023
    paper). A paper's stored "published" is this year alone ("2021")."""
    years: set[int] = set()
    for line in first_page.splitlines():
        if _VENUE_LINE.search(line) and not _NOT_THE_PAPERS.search(line):
            years.update(int(year) for year in _YEAR.findall(line))
    latest = int(now_iso()[:4]) + 1  # (a camera-ready for next year's conference)
    years = {year for year in years if year <= latest}
    return years.pop() if len(years) == 1 else None


# what templates and word processors leave in a PDF's author field ("Anonymous Submission" in
# ICML's template): no one's name, so the list would show "Submission" as the first author
_PLACEHOLDER_AUTHOR = re.compile(
    # "Anonymous", "Anonymous ACL submission", "Anonymous Authors1"
    r"(?:anonymous\b.*|(?:first|second|third|unknown)\s+authors?\d*|authors?\d*(?:\s+names?)?"
    r"|author\(s\)|your\s+name|names?|unknown|administrator|admin|user|owner|submission"
    r"|microsoft\s+(?:office\s+)?user)\s*$",
    re.IGNORECASE,
)


class _Stored(NamedTuple):
    """What _store said, and the paper as the library held it just before (None: new), which
    another command may have stored since this one looked."""

    warnings: list[str]
    before: Paper | None
    first: bool  # the library held nothing before (see AddResult.first)


MEANWHILE = "another command added it meanwhile"


class _StoredMeanwhile(Exception):
    """Another command stored the paper, at a newer version or as arXiv describes it, between
    an add's look and its write: the add writes nothing (see _store)."""

    def __init__(self, current: Paper) -> None:
        super().__init__(current.id)
        self.current = current


def _stored_meanwhile(item: _Input, name: str, version: int | None, current: Paper) -> AddResult:
    """What an add says that another command's stored paper stopped (see _StoredMeanwhile)."""
    newer = (current.version or 0) > (version or 0)
    said = f" as v{current.version}, newer than v{version}" if newer and version else ""
    message = f"{name}: already in the library{said} ({MEANWHILE})"
    return AddResult(item.text, "unchanged", message, current)


def _store(
    db: Database,
    paper: Paper,
    doc: PdfDocument | None,
    pdf_url: str | None,
    facets: Facets | None = None,
) -> _Stored:
    """Write the paper, its file, text, references and facets in one transaction. The facets
    come from `facets` (in-process, without the library's vocabulary additions, when None);
    they are collected last, so a worker computes them while the rest is written."""
    warnings: list[str] = []
    references: list[Reference] | None = None
    facets = facets or Facets(None)
    if doc is not None:
        facets.start(doc.pages)  # (unless read_pdf sent them)
        if not doc.has_text:
            warnings.append(f"{paper.id}: the PDF has no text layer (scanned?); text not indexed")
        references, ref_warning = extract_references(doc)
        if ref_warning:
            warnings.append(f"{paper.id}: {ref_warning}")
    with write_transaction(db):
        current = get_paper(db, paper.id)
        if current is not None and (
            (current.version or 0) > (paper.version or 0)
            or (paper.source == FROM_PDF and current.source != FROM_PDF)
        ):
            # another command stored a newer version, or arXiv's metadata, since this one
            # looked: neither is replaced (by an older version, by what a PDF says)
            raise _StoredMeanwhile(current)
        if current is not None:
            paper = replace(paper, added=current.added)  # (added once, by the first command)
        first = current is None and first_paper(db)
        before = current.title if current is not None else None
        if paper.pdf is None and current is not None and current.pdf is not None:
            # another command stored a PDF since this one looked (`add --no-pdf` beside a
            # whole `add`): metadata alone does not take it away
            paper = replace(
                paper,
                pdf=current.pdf,
                sha256=current.sha256,
                pages=current.pages,
                has_text=current.has_text,
                added=current.added,
            )
        save_paper(db, paper)
        db.execute("UPDATE papers SET pdf_url = ? WHERE id = ?", [pdf_url, paper.id])
        # a PDF stored now (`doc`), not one kept from before: its row keeps its own version
        # ("add --no-pdf" of v2 beside v1's PDF does not make that file v2's)
        if doc is not None and paper.pdf and paper.sha256:
            db.table("files").upsert(
                {
                    "paper_id": paper.id,
                    "version": paper.version,
                    "path": paper.pdf,
                    "sha256": paper.sha256,
                    "pages": paper.pages,
                    "added": now_iso(),
                },
                pk=("paper_id", "path"),
            )
        if doc is not None:
            set_document(db, paper.id, "text", doc.text if doc.has_text else "")
        if references is not None:
            store_references(db, paper.id, references)
        if doc is not None:
            store_facets(db, paper.id, *facets.get(doc))
        if before != paper.title:
            # notes' [[name]] links to it, in the same transaction: a command interrupted
            # after it leaves no mention that a fresh sync would not make
            _relink_named_mentions(db, [paper.title, *([before] if before else [])], paper.id)
    return _Stored(warnings, current, first)


def extract_references(doc: PdfDocument) -> tuple[list[Reference], str | None]:
    from .references import extract_references as extract

    refs = extract(doc)
    if not refs and doc.has_text:
        why = "; ".join(refs.warnings) or "no recognisable bibliography"
        return refs, f"{why}; no references stored"
    return refs, None


def vocabulary_extension(root: Path | None) -> tuple[str, tuple[int, int]] | None:
    """The library's quant_vocab.toml, if any, with its mtime and size (for the caches)."""
    if root is None:
        return None
    path = config.vocab_extension(root)
    stamp = config.file_stamp(path)
    return None if stamp is None else (str(path), stamp)


def check_vocabulary(root: Path) -> None:
    """Raise VocabularyError when the library's quant_vocab.toml cannot be used (loaded in
    this process, cached; nothing to do without one)."""
    extension = vocabulary_extension(root)
    if extension is not None:
        from .quant import library_vocabulary

        library_vocabulary(extension)


class Facets:
    """The facets of the documents a command ingests: computed in the worker when there is one
    (`start` sends a document's text as soon as it is read: `read_pdf` hands it over before the
    bibliography's layout), else here when asked for. Closing it drops the answers nobody
    asked for."""

    def __init__(self, root: Path | None, worker: FacetWorker | None = None) -> None:
        self.root = root
        self.worker = worker
        # id() of the pages of each document sent -> the pages (kept alive, so that their id()
        # is not reused), its ticket, and the version of the vocabulary it was sent with, taken
        # then: an edit while it waits in the worker cannot give its facets another version
        self._sent: dict[int, tuple[list[str], int, str]] = {}

    def __enter__(self) -> Facets:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self, pages: list[str]) -> None:
        """Send a document's pages (the list its PdfDocument holds) to the worker."""
        if self.worker is None or id(pages) in self._sent:
            return
        extension = vocabulary_extension(self.root)
        version = _rules_version(extension)
        ticket = self.worker.start(pages, extension)
        if ticket is not None:
            self._sent[id(pages)] = (pages, ticket, version)

    def get(self, doc: PdfDocument) -> tuple[list[Facet], str]:
        sent = self._sent.pop(id(doc.pages), None)
        if sent is not None and self.worker is not None:
            facets = self.worker.result(sent[1])
            if facets is not None:
                return facets, sent[2]
        return extract_facets(doc, self.root)

    def close(self) -> None:
        if self.worker is not None:
            for _, ticket, _ in self._sent.values():
                self.worker.drop(ticket)
        self._sent.clear()


def extract_facets(doc: PdfDocument, root: Path | None = None) -> tuple[list[Facet], str]:
    """The document's facets and the version of the rules that computed them, from one look
    at the library's vocabulary (an edit in between cannot record the wrong version)."""
    from .quant import extract_facets as extract
    from .quant import library_vocabulary

    extension = vocabulary_extension(root)
    return extract(doc.pages, library_vocabulary(extension)), _rules_version(extension)


def reference_key(raw: str) -> str:
    """A hash of the raw string, stable across re-extractions that only change spacing."""
    norm = re.sub(r"[^0-9a-z]+", "", raw.casefold())
    return hashlib.sha1(norm.encode()).hexdigest()[:16]


def store_references(db: Database, paper_id: str, references: list[Reference]) -> None:
    """Replace a paper's references; links (ref_links, keyed by raw hash) are left in place."""
    db.execute("DELETE FROM refs WHERE paper_id = ?", [paper_id])
    rows = [
        {
            "paper_id": paper_id,
            "n": ref.n,
            "key": reference_key(ref.raw),
            "raw": ref.raw,
            "marker": ref.marker,
            "authors": json.dumps(ref.authors, ensure_ascii=False),
            "et_al": int(ref.et_al),
            "title": ref.title,
            "year": ref.year,
            "venue": ref.venue,
            "arxiv": ref.arxiv,
            "doi": ref.doi,
            "url": ref.url,
        }
        for ref in references
    ]
    if rows:
        db.table("refs").insert_all(rows)


# what the facets are computed by: the rules, the vocabulary and the text clean-up that feeds them
VOCABULARY_FILE = "data/quant_vocab.toml"
RULES_FILES = ("quant.py", VOCABULARY_FILE, "pdf.py", "glyphs.py", "hyphens.py")


def rules_version(root: Path | None = None) -> str:
    """A digest of the facet rules (RULES_FILES and the library's additions): facets stored
    under another one are stale, and the facet commands say so (read without importing the
    rules)."""
    return _rules_version(vocabulary_extension(root))


@lru_cache(maxsize=4)
def _rules_version(extension: tuple[str, tuple[int, int]] | None) -> str:
    from importlib import resources

    package = resources.files("papers")
    digest = hashlib.sha256()
    for name in RULES_FILES:
        digest.update(_as_rules_read(name, package.joinpath(name).read_bytes()))
    if extension is not None:
        with contextlib.suppress(OSError):  # gone since: the packaged rules alone
            digest.update(_without_suite_tables(Path(extension[0]).read_bytes()))
    return digest.hexdigest()[:12]


def _without_suite_tables(data: bytes) -> bytes:
    """A library's vocabulary file without its [[suite]] tables (each up to the next table),
    which only queries read: a suite added there marks no stored facet stale."""
    kept, in_suite = [], False
    for line in data.splitlines(keepends=True):
        if header := _TABLE_HEADER.match(line):
            in_suite = header.group(1) == b"suite"
        if not in_suite:
            kept.append(line)
    return b"".join(kept).rstrip()  # (the blank line before a suite is no rule either)


# a TOML table's header line: "[settings]", "[[baseline]]", "[[ suite ]]  # mine"
_TABLE_HEADER = re.compile(rb"^[ \t]*\[\[?[ \t]*([A-Za-z_][\w.-]*)[ \t]*\]\]?[ \t]*(?:#.*)?$", re.M)


def _as_rules_read(name: str, data: bytes) -> bytes:
    """A rules file as the rules read it: the vocabulary without its suites, which only
    queries read (a suite added marks no stored facet stale)."""
    if name != VOCABULARY_FILE:
        return data
    text = data.decode("utf-8")
    start, end = _suites_section(text)
    return (text[:start] + text[end:]).encode("utf-8")


def stale_facets(
    db: Database, root: Path | None = None, paper_ids: list[str] | None = None
) -> list[str]:
    """Papers whose stored facets came from other rules than these (or from before the rules
    were recorded): `papers extract` recomputes them."""
    sql = (  # one index lookup per paper (not a scan of every facet row)
        "SELECT paper_id FROM facet_rules WHERE version != ? "
        "UNION SELECT p.id FROM papers p "
        "WHERE NOT EXISTS (SELECT 1 FROM facet_rules r WHERE r.paper_id = p.id) "
        "AND EXISTS (SELECT 1 FROM facets f WHERE f.paper_id = p.id)"
    )
    found = [row[0] for row in db.execute(sql, [rules_version(root)]).fetchall()]
    if paper_ids is not None:
        wanted = set(paper_ids)
        found = [pid for pid in found if pid in wanted]
    return sorted(found)


def store_facets(db: Database, paper_id: str, facets: list[Facet], version: str) -> None:
    db.execute(
        "INSERT OR REPLACE INTO facet_rules (paper_id, version) VALUES (?, ?)",
        [paper_id, version],
    )
    db.execute("DELETE FROM facets WHERE paper_id = ?", [paper_id])
    rows = [
        {
            "paper_id": paper_id,
            "category": f.category,
            "value": f.value,
            "evaluated": int(f.evaluated),
            "evidence": json.dumps(
                [{"page": e.page, "snippet": e.snippet} for e in f.evidence], ensure_ascii=False
            ),
            "pages": None if f.pages is None else json.dumps(f.pages),
            "places": None if f.places is None else json.dumps(f.places),
        }
        for f in facets
    ]
    if rows:
        db.table("facets").upsert_all(rows, pk=("paper_id", "category", "value"))
    if (root := library_root(db)) is not None:  # (the lines its notes' template writes)
        from .reviews import template_lines_learnt

        template_lines_learnt(db, root, paper_id)


Done = Callable[[str, int, int], None]  # (paper id, references, facets) as each is stored


def extract_again(
    db: Database,
    root: Path,
    paper_ids: list[str] | None,
    progress: Progress | None = None,
    done: Done | None = None,
    skipped: Callable[[str, str], None] | None = None,
) -> list[str]:
    """Re-run text, reference and facet extraction on stored PDFs (after the extractor
    improved). Links attached to references are keyed by raw hash and survive. The title and
    authors of a paper arXiv has not described (a local PDF, or one added offline) are read
    from the PDF again too: they are derived from it like the rest.

    `done` hears of each paper as it is stored, `skipped` of each left as it is, and why. A
    paper whose PDF is missing or unreadable does not stop the others: its one-line error is
    among those returned.
    """
    if paper_ids is None:
        papers = [paper_from_row(r) for r in db.query("SELECT * FROM papers ORDER BY added")]
    else:
        papers = [require_paper(db, pid) for pid in paper_ids]
    failed: list[str] = []
    check_vocabulary(root)
    with Facets(root, facet_worker.shared(vocabulary_extension(root))) as facets:
        for paper in papers:
            if progress:
                progress(paper.id)
            try:
                counts = _extract_paper(db, root, paper, facets)
            except PdfError as exc:  # (this paper's PDF; a library that cannot be used stops all)
                if get_paper(db, paper.id) is None:  # (papers rm, its PDF with it)
                    if skipped is not None:  # (said, as when it goes after the PDF is read)
                        skipped(paper.id, "another command removed it meanwhile")
                    continue
                message = str(exc)
                failed.append(message if message.startswith(paper.id) else f"{paper.id}: {message}")
                continue
            if counts is not None and done is not None:
                done(paper.id, *counts)
            elif counts is None and skipped is not None:
                skipped(
                    paper.id,
                    f"it has no PDF ('papers add {paper.id}' gets it)"
                    if not paper.pdf
                    else "another command removed it or stored another version meanwhile",
                )
    from .resolve import link_library_papers

    # (references read anew, or by an older reader, that name library papers)
    link_library_papers(db, citing=None if paper_ids is None else [p.id for p in papers])
    return failed


def _extract_paper(
    db: Database, root: Path, paper: Paper, facets: Facets
) -> tuple[int, int] | None:
    """Extract one paper again: (references, facets), or None when it has no PDF, or another
    command removed it or stored another version of it while its PDF was read."""
    from .pdf import read_pdf

    if not paper.pdf:
        return None
    path = root / paper.pdf
    # (said with what gets it back, as for a PDF that changed)
    missing = f"{paper.id}: PDF missing: {paper.pdf} ('papers add {_add_again(paper)}' gets it)"
    if not path.exists():
        raise PdfError(missing)
    try:
        digest = sha256_file(path)
    except FileNotFoundError:
        raise PdfError(missing) from None
    changed = bool(paper.sha256) and digest != paper.sha256
    if changed and not _copy_of(db, path, paper):
        # (emptied, or another paper's PDF copied over it: its text stored under this id; a
        # copy annotated in a viewer is read as it is now)
        again = _add_again(paper)
        raise PdfError(
            f"{paper.id}: {paper.pdf} is not the PDF that was added, nor a copy of it (it "
            f"changed since); 'papers add {again}' gets it again"
        )
    # (a kept copy a viewer saved may need repairs; the facets start before its bibliography)
    doc = read_pdf(path, repaired_ok=changed, text_ready=facets.start)
    references, _ = extract_references(doc)
    described = paper
    if paper.source in (FROM_PDF, LOCAL):
        title, authors = local_title_and_authors(doc, path)
        # a paper named after its file keeps the name it was added under
        described = replace(paper, title=title or paper.title, authors=authors)
    if paper.source == LOCAL:
        year = printed_year(doc.first_page_whole)
        described = replace(described, published=str(year) if year else None)
    with write_transaction(db):
        now = db.execute(
            "SELECT pdf, sha256, version FROM papers WHERE id = ?", [paper.id]
        ).fetchone()
        if now is None or tuple(now) != (paper.pdf, paper.sha256, paper.version):
            facets.get(doc)  # (collected, not stored)
            # removed by another command while it was read (papers rm), or updated to another
            # version or PDF, whose text that command stored: this PDF's would overwrite it
            return None
        if changed:  # (the copy it is now: annotated, saved again by a viewer)
            described = replace(described, sha256=digest)
            db.execute("UPDATE files SET sha256 = ? WHERE path = ?", [digest, paper.pdf])
        if described != paper:
            save_paper(db, described)
        if described.title != paper.title:  # (read again from its PDF: [[name]] links to it)
            _relink_named_mentions(db, [paper.title, described.title])
        set_document(db, paper.id, "text", doc.text if doc.has_text else "")
        db.execute(
            "UPDATE papers SET has_text = ?, pages = ? WHERE id = ?",
            [int(doc.has_text), doc.page_count, paper.id],
        )
        store_references(db, paper.id, references)
        found, version = facets.get(doc)
        store_facets(db, paper.id, found, version)
    return len(references), len(found)


def resolve_paper_id(
    db: Database, text: str, *, spellings: bool = True, titles: bool = True
) -> str:
    """The library id a user means: an arXiv id in any spelling, or a local:... id. Without
    `spellings`, not the vocabulary's other spellings of a method (whose loading a command
    asking about a paper outside the library should not wait for); without `titles`, not a
    paper by words of its title (named_in_titles), where the name may be a paper outside the
    library that references cite ("QuIP" beside a library's "QuIP#: ...")."""
    text = text.strip()  # (" local:98fea004 ", pasted: an arXiv id so written was taken)
    if (local := local_id_spelling(text)) is not None:  # ("LOCAL:84FD" too)
        short = local.removeprefix(LOCAL_PREFIX)
        if _LOCAL_PREFIX.fullmatch(short) and get_paper(db, local) is None:
            # ("local:84fd", as `show 84fd` takes it: the one local paper it begins)
            begun = local_ids_beginning(db, short)
            if len(begun) > 1:
                raise ambiguous(text, begun)
            if begun:
                return begun[0]
        return local
    try:
        return parse_arxiv_id(text).id
    except BadIdentifier:
        # a local paper by a prefix of its id (four hex digits at least, as git takes one),
        # or a paper by its name: one, or the choice
        prefixed = local_ids_beginning(db, text) if _LOCAL_PREFIX.fullmatch(text) else []
        found = sorted({*prefixed, *papers_named(db, text)})
        if not found:
            found = named_by_initials(db, text)
        if not found and spellings:
            found = named_by_spelling(db, text)
        if not found and titles:
            found = named_in_titles(db, text)
        if len(found) == 1:
            return found[0]
        if found:
            raise ambiguous(text, found) from None
        raise BadIdentifier(
            f"not an arXiv id, nor the name of a paper in the library: {text}"
            + did_you_mean(db, text)
        ) from None


CLOSE_NAME = 0.75  # difflib's ratio for a typo: "GPTQQ" (0.89) and "GTPQ" (0.75), not "OBQ"/"OBC"


def _close_spellings(key: str, spelt: dict[str, str]) -> list[str]:
    """The spellings (values of `spelt`, by their compared keys) of the keys nearest `key`, a
    typo's, closest first: what a name or a facet value no paper has may have meant."""
    import difflib

    return [spelt[k] for k in difflib.get_close_matches(key, spelt, n=3, cutoff=CLOSE_NAME)]


def did_you_mean(db: Database, text: str) -> str:
    """What to say after a name no paper has, when it is a typo of a library paper's name (the
    name before its title's colon): " (did you mean GPTQ?)", as git and cargo suggest a
    command; else ""."""
    from .graph import title_name

    names: dict[str, str] = {}
    for (title,) in db.execute("SELECT title FROM papers"):
        if name := title_name(title or ""):
            names.setdefault(name_key(name), name)
    close = _close_spellings(name_key(text), names)
    return f" (did you mean {' or '.join(close)}?)" if close else ""


def ambiguous(text: str, found: list[str]) -> AmbiguousPaper:
    """The error for a name several papers answer to, naming the first few."""
    shown = ", ".join(found[:AMBIGUOUS_SHOWN])
    if (more := len(found) - AMBIGUOUS_SHOWN) > 0:
        shown += f" and {more} more"
    return AmbiguousPaper(f"several papers answer to {text}: {shown}")


AMBIGUOUS_SHOWN = 8


def named_in_titles(db: Database, text: str) -> list[str]:
    """The library papers whose title holds these words, whole and in order (title_words):
    "Bit-Split" is "Towards Accurate Post-training Network Quantization via Bit-Split and
    Stitching", a local PDF with no name before a colon; "whitepaper" the quantization
    whitepaper."""
    pattern = title_words(text)
    if pattern is None:
        return []
    return sorted(
        paper_id
        for paper_id, title in db.execute("SELECT id, title FROM papers")
        if pattern.search(folded_title(title or ""))
    )


def named_by_spelling(db: Database, text: str) -> list[str]:
    """The library papers named by the lens's spelling of a method: "OPTQ" (GPTQ's name at
    ICLR) is the GPTQ paper, "OS+" Outlier Suppression+, as `list --facet` reads them."""
    if len(text) > SPELLING_CHARS or len(text.split()) > SPELLING_WORDS:
        return []  # (a title, or a phrase: no method's name, and not worth the vocabulary)
    from .quant import named_value  # (only for a name no paper has: the vocabulary loads)

    value = named_value(text)
    return papers_named(db, value) if value and value != text else []


# the longest text read as a method's other spelling ("OPTQ", "Outlier Suppression+")
SPELLING_CHARS, SPELLING_WORDS = 40, 4


def named_by_initials(db: Database, text: str) -> list[str]:
    """The one library paper whose title's initials a name is ("LAPQ" for "Loss Aware
    Post-training Quantization", "OBC" for "Optimal Brain Compression: A Framework ..."),
    else none."""
    return initials_index(db)(text)


def initials_index(db: Database) -> Callable[[str], list[str]]:
    """named_by_initials over an index of the library's titles built once, for many names
    (a sync's wiki links: one scan of every title for each took seconds)."""
    index: dict[str, set[str]] = {}
    for paper_id, title in db.execute("SELECT id, title FROM papers"):
        for short in _initials(title or ""):
            index.setdefault(short, set()).add(paper_id)

    def named(text: str) -> list[str]:
        if not _ACRONYM.fullmatch(text):
            return []
        found = index.get(text.upper(), set())
        return sorted(found) if len(found) == 1 else []

    return named


_ACRONYM = re.compile(r"[A-Za-z][A-Za-z0-9]{2,7}")  # (three letters at least: "rm XY" is no name)
_LOCAL_PREFIX = re.compile(r"[0-9a-fA-F]{4,12}")  # (a local id's digest, or its start)
_SMALL_WORDS = frozenset(
    ["a", "an", "and", "by", "for", "from", "in", "of", "on", "the", "to", "via", "with"]
)


def _initials(title: str) -> set[str]:
    """The acronyms a title (before its colon, when it has one) may be known by: the first
    letters of its words, a hyphenated word once or for each part, small words or not."""
    main = title.split(":", 1)[0]
    words = re.findall(r"[^\W_][\w'-]*", main)
    variants = set()
    for skip_small in (False, True):
        kept = [w for w in words if not (skip_small and w.lower() in _SMALL_WORDS)]
        variants.add("".join(w[0] for w in kept).upper())
        variants.add("".join(p[0] for w in kept for p in w.split("-") if p).upper())
    return variants


def paper_name_keys(title: str) -> set[str]:
    """The names a paper is known by, as name_key compares them: its title, and the name
    before the title's colon ("GPTQ" for "GPTQ: Accurate Post-Training Quantization ...")."""
    from .graph import short_title

    return {name_key(title), name_key(short_title(title))} - {""}


def paper_names(db: Database) -> Callable[[str], list[str]]:
    """papers_named over an index built once, for many names (a sync's wiki links)."""
    index: dict[str, set[str]] = {}
    for paper_id, title in db.execute("SELECT id, title FROM papers"):
        for key in paper_name_keys(title):
            index.setdefault(key, set()).add(paper_id)
    return lambda text: sorted(index.get(name_key(text), ()))


def papers_named(db: Database, text: str) -> list[str]:
    """The library papers a name means: by title, or by the name before the title's colon,
    in any case, with or without its dots, hyphens and brackets ("llm.int8" is LLM.int8())."""
    return paper_names(db)(text)


def papers_meant(db: Database, text: str) -> list[str]:
    """The library papers a name means, as every command reads a paper's name: by its title or
    the name before its colon (papers_named), else by the lens's spelling of a method ("OPTQ")
    or the title's initials ("OBC"). `show OBC` found Optimal Brain Compression where
    `cited-by OBC`, `graph OBC` and a note's [[OBC]] found nothing."""
    return papers_named(db, text) or named_by_initials(db, text) or named_by_spelling(db, text)


def require_paper(db: Database, text: str) -> Paper:
    paper = get_paper(db, resolve_paper_id(db, text))
    if paper is None:
        raise PaperNotInLibrary(text)
    return paper


def require_lens_paper(db: Database, text: str) -> Paper:
    """require_paper, for the lens's commands: a name no library paper has may be a facet
    of library papers and a paper their references cite (`facets SmoothQuant` said only
    that no paper has the name, where `list --facet SmoothQuant` lists four)."""
    try:
        return require_paper(db, text)
    except AmbiguousPaper:
        raise
    except BadIdentifier as exc:
        raise BadIdentifier(str(exc) + outside_hint(db, text)) from None
    except PaperNotInLibrary as exc:
        # (an arXiv id outside the library: what its name would have said, `compare
        # SmoothQuant` against `compare 2211.10438`)
        raise PaperNotInLibrary(exc.paper_id, _id_outside_hint(db, text)) from None


def _id_outside_hint(db: Database, text: str) -> str:
    """How many library papers cite an arXiv id the library lacks, and how to add it."""
    from .resolve import REFERENCES_TO_SQL

    try:
        arxiv_id = parse_arxiv_id(text).id
    except BadIdentifier:
        return ""
    citing = {row["paper_id"] for row in db.query(REFERENCES_TO_SQL, [arxiv_id])}
    cited = f"; {len(citing)} library paper(s) cite it" if citing else ""
    return f"{cited}; 'papers add {arxiv_id}' adds it"


def lens_papers(
    db: Database, texts: Iterable[str]
) -> tuple[list[tuple[str, Paper]], list[PapersError]]:
    """require_lens_paper for each name: the papers found, each with the name it was given
    by, and the errors of the names that are none (with the same hints): one unknown name
    costs no other paper its column (`compare A B C` printed nothing when C was unknown, as
    `bibtex A B C` once did; see papers_to_cite)."""
    found: list[tuple[str, Paper]] = []
    errors: list[PapersError] = []
    for text in texts:
        try:
            found.append((text, require_lens_paper(db, text)))
        except PapersError as exc:
            errors.append(exc)
    return found, errors


def outside_hint(db: Database, text: str) -> str:
    """What the library knows of a name that is none of its papers: how many papers have it
    as a facet, and the arXiv id its references cite it by (or "")."""
    from .graph import cited_outside

    hint = ""
    spelt = _spellings_by_key(db).get(facet_key(text), [])
    if spelt and len(text) <= SPELLING_CHARS:
        marks = ", ".join("?" * len(spelt))
        evaluated, named = db.execute(
            f"SELECT count(DISTINCT CASE WHEN evaluated = 1 THEN paper_id END), "
            f"count(DISTINCT paper_id) FROM facets WHERE value IN ({marks})",
            spelt,
        ).fetchone()
        typed = f'"{text.strip()}"' if shlex.quote(text.strip()) != text.strip() else text.strip()
        if evaluated:
            hint += f"; {evaluated} library paper(s) have it as a facet: 'papers list --facet "
            hint += f"{typed}' lists them"
        else:
            hint += f"; {named} library paper(s) mention it: 'papers search {typed}' finds where"
    arxiv_id, _ = cited_outside(db, text) if len(text.split()) <= 4 else (None, None)
    if arxiv_id is not None:
        hint += f"; references cite it as {arxiv_id}: 'papers add {arxiv_id}' adds it"
    return hint


# the month an arXiv id was assigned ("2303.17951": 2023-03, "hep-th/9901001": 1999-01), as
# Paper.year reads it: the date a paper added offline (no "published" yet) sorts by
_DIGITS = "(CASE WHEN instr(id, '/') THEN substr(id, instr(id, '/') + 1) ELSE id END)"
_ID_MONTH = (
    f"(CASE WHEN substr({_DIGITS}, 1, 4) GLOB '[0-9][0-9][0-9][0-9]' "
    f"AND substr({_DIGITS}, 3, 2) BETWEEN '01' AND '12' "
    f"THEN (CASE WHEN substr({_DIGITS}, 1, 2) >= '91' THEN '19' ELSE '20' END) "
    f"|| substr({_DIGITS}, 1, 2) || '-' || substr({_DIGITS}, 3, 2) END)"
)
# (title: see list_papers; a paper with no date, a local PDF's, last either way)
SORTS = {"added": "added", "published": f"coalesce(published, {_ID_MONTH})", "title": "title"}


def _described(entry: ArxivEntry) -> dict[str, Any]:
    """A paper's fields as arXiv describes it (its files, added date and version apart)."""
    return {
        "id": entry.arxiv_id,
        "title": entry.title,
        "authors": entry.authors,
        "abstract": entry.abstract,
        "categories": entry.categories,
        "primary_category": entry.primary_category,
        "published": entry.published,
        "updated": entry.updated,
        "doi": entry.doi,
        "journal_ref": entry.journal_ref,
        "comment": entry.comment,
    }


def pdf_pages(db: Database, root: Path, paper: Paper, path: Path) -> int | None:
    """The pages of one of a paper's PDFs (a version's, as `open` shows it), as stored."""
    rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else None
    row = db.execute(
        "SELECT pages FROM files WHERE paper_id = ? AND path = ?", [paper.id, rel]
    ).fetchone()
    return row[0] if row and row[0] else paper.pages


def papers_to_cite(db: Database, texts: Iterable[str]) -> tuple[list[Paper], list[PapersError]]:
    """The papers named, each once: the library's (by id or name), or a paper on arXiv that
    the library does not hold but whose metadata a lookup kept (`refs` looked up the
    references that cite it): a review cites more papers than its writer adds. And the errors
    of the names that are none of these: one unknown name costs no other its entry (`bibtex
    A B C >> review.bib` printed nothing when C was unknown)."""
    found: dict[str, Paper] = {}
    errors: list[PapersError] = []
    for text in texts:
        try:
            paper = _paper_to_cite(db, text)
        except PapersError as exc:
            errors.append(exc)
            continue
        found.setdefault(paper.id, paper)
    return list(found.values()), errors


# (enough of a paper's text for its abstract and introduction, which write its title's words)
SPELLING_TEXT = 30_000


def title_spellings(db: Database, papers: Iterable[Paper]) -> dict[str, dict[str, str]]:
    """For each paper whose title is in capitals throughout (a PDF's, read offline: ICLR
    prints titles so), how the beginning of its text writes the title's words
    (bibtex.text_spellings), by paper id; a paper without text has none."""
    from .bibtex import shouted, text_spellings

    spellings: dict[str, dict[str, str]] = {}
    for paper in papers:
        if not shouted(paper.title):
            continue
        row = db.execute(
            "SELECT substr(body, 1, ?) FROM documents WHERE paper_id = ? AND source = 'text'",
            [SPELLING_TEXT, paper.id],
        ).fetchone()
        if row and row[0]:
            spellings[paper.id] = text_spellings(paper.title, row[0])
    return spellings


def _paper_to_cite(db: Database, text: str) -> Paper:
    """One paper of papers_to_cite, or its PapersError."""
    from .resolve import cached_entries

    try:
        return require_paper(db, text)
    except PaperNotInLibrary:
        arxiv = arxiv_id_or_none(text)
        known = cached_entries(db, [arxiv.id]) if arxiv else {}
        entry = known.get(arxiv.id) if arxiv else None
        if entry is None:
            if arxiv is None:
                raise
            if arxiv.id in known:  # (looked up, and arXiv had no such paper then)
                raise PapersError(
                    f"{arxiv.id} is not in the library, and arXiv had no such paper when "
                    "the references citing it were looked up ('papers add "
                    f"{arxiv.id}' asks again)"
                ) from None
            raise PapersError(
                f"{arxiv.id} is neither in the library nor among the papers whose "
                f"references were looked up: 'papers add {arxiv.id}' adds it"
            ) from None
        return Paper(**_described(entry), version=entry.version)


def papers_added_since(db: Database, since: str, items: list[_Input]) -> list[Paper]:
    """The papers of these inputs (classify_inputs) added at `since` (now_iso) or later,
    oldest first: not those another command added meanwhile."""
    asked = {item.arxiv.id for item in items if item.arxiv is not None}
    local = any(item.local_pdf is not None for item in items)
    rows = db.query("SELECT * FROM papers WHERE added >= ? ORDER BY added, rowid", [since])
    return [
        paper
        for paper in map(paper_from_row, rows)
        if paper.id in asked or (local and paper.id.startswith("local:"))
    ]


def list_papers(
    db: Database,
    *,
    word: str | None = None,
    sort: str = "added",
    reverse: bool = False,
    limit: int | None = None,
    facets: list[str] | None = None,
    mentioned: bool = False,
) -> list[Paper]:
    """Papers, newest first by default; `word` filters on title or author names;
    `facets` keeps papers that evaluate every one of them (with `mentioned`, that name each,
    evaluated or not)."""
    sql, params = _papers_where(db, "SELECT * FROM papers", word, facets, mentioned)
    if sort == "title":
        # A to Z as a reader expects, accents and case aside ("Über" among the U's, where
        # SQLite's NOCASE put it after "Z"): sorted here, then cut to --limit
        titled = sorted(
            (paper_from_row(r) for r in db.query(sql, params)),
            key=lambda paper: (_title_order(paper.title), paper.id),
            reverse=reverse,
        )
        return titled[:limit] if limit else titled
    # dates newest first (as a reader expects); --reverse turns it
    order = "ASC" if reverse else "DESC"
    # (papers a crawl adds within one second: in the order they were added, as the "most
    # recently added" paper that refs and review take without an id)
    tie = "rowid" if sort == "added" else "id"
    key = SORTS[sort]
    sql += f" ORDER BY {key} IS NULL, {key} {order}, {tie} {order}"
    if limit:
        sql += f" LIMIT {min(int(limit), 2**63 - 1)}"  # (SQLite's largest integer)
    return [paper_from_row(r) for r in db.query(sql, params)]


def count_papers(
    db: Database,
    *,
    word: str | None = None,
    facets: list[str] | None = None,
    mentioned: bool = False,
) -> int:
    """How many papers list_papers would list, counted by SQLite: why a query found nothing
    is said without loading every paper of a big library, once for each filter."""
    sql, params = _papers_where(db, "SELECT count(*) FROM papers", word, facets, mentioned)
    return int(db.execute(sql, params).fetchone()[0])


def _papers_where(
    db: Database, select: str, word: str | None, facets: list[str] | None, mentioned: bool
) -> tuple[str, list[Any]]:
    """`select` with the WHERE clause of list_papers's filters, and its parameters."""
    where: list[str] = []
    params: list[Any] = []
    if word:
        # (composed, as stored titles are: "Ré" typed on macOS arrives as "R", "e", "\u0301")
        pattern = f"%{like_literal(unicodedata.normalize('NFC', word))}%"
        where.append("(title LIKE ? ESCAPE '\\' OR authors LIKE ? ESCAPE '\\')")
        params += [pattern, pattern]
    spellings = _spellings_by_key(db) if facets else {}
    in_suites = library_suites(db) if facets else {}
    evaluated = "" if mentioned else "evaluated = 1 AND "
    for value in facets or []:
        # the stored values spelt so (facet_key), found once among the distinct values, then
        # looked up by index: not facet_key on every facet row of the library for each
        key = facet_key(value)
        spelt = _stored_spellings(key, spellings, in_suites)
        marks = ", ".join("?" * len(spelt)) or "NULL"
        clause = f"id IN (SELECT paper_id FROM facets WHERE {evaluated}value IN ({marks}))"
        params += spelt
        bare = _bare_widths(key, spellings)
        weights, others = _pair_values(spellings) if bare else ([], [])
        if weights:
            # (or its weights' width as a paper whose pairs are all weight-only writes it)
            bare_marks = ", ".join("?" * len(bare))
            clause = (
                f"({clause} OR id IN (SELECT paper_id FROM facets WHERE {evaluated}value IN "
                f"({bare_marks}) AND paper_id IN ({_weight_only_sql(weights, others)})))"
            )
            params += [*bare, *weights, *others]
        where.append(clause)
    if where:
        select += " WHERE " + " AND ".join(where)
    return select, params


# letters no decomposition takes apart, as a reader sorts them
_LETTERS_AS_READ = str.maketrans({"æ": "ae", "ø": "o", "œ": "oe", "đ": "d", "ł": "l", "þ": "th"})


def _title_order(title: str | None) -> str:
    """A title as it sorts: case folded, accents off ("Über" as "uber", "Æsir" as "aesir"),
    from its first letter or digit (not its opening quote)."""
    decomposed = unicodedata.normalize("NFKD", title or "")
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    plain = plain.translate(_LETTERS_AS_READ)
    start = next((i for i, c in enumerate(plain) if c.isalnum()), len(plain))
    return plain[start:]


def pages_together(
    db: Database, paper_ids: list[str], facets: list[str]
) -> dict[str, list[int] | None]:
    """The pages on which each paper runs every one of the facets (as list_papers reads them:
    any spelling, a side for its pairs): one table or results page holds them together, where
    a paper that evaluates them all may evaluate them in different experiments. A facet read
    from the paper as a whole (no page) bounds nothing; None where a facet's pages are not
    known (stored by an older release), or no facet has any."""
    together = _together(db, paper_ids, facets, "pages")
    return {pid: None if found is None else sorted(found) for pid, found in together.items()}


def places_together(
    db: Database, paper_ids: list[str], facets: list[str], root: Path | None = None
) -> dict[str, set[tuple[int, int]] | None]:
    """The places (Facet.places: a table, or a sentence, of a page) that hold every one of the
    facets, as pages_together reads their pages; None where some facet's places are not known
    (stored before places were, or a library read where it cannot be upgraded). A facet of a
    paper whose facets these rules stored, with no places, has none by design (derived from
    others, as PTQ from its baselines, or read from the paper as a whole): it bounds nothing."""
    current = set(paper_ids) - set(stale_facets(db, root, paper_ids)) if paper_ids else set()
    return _together(db, paper_ids, facets, "places", current)


def _together(
    db: Database,
    paper_ids: list[str],
    facets: list[str],
    column: str,
    current: set[str] | None = None,
) -> dict:
    """Per paper, the pages or places (`column`) that every one of the facets has."""
    if not paper_ids or not facets:
        return {}
    if column not in db["facets"].columns_dict:
        return dict.fromkeys(paper_ids)  # (a library an older release made, read-only)
    spellings = _spellings_by_key(db)
    in_suites = library_suites(db)
    wanted = [set(_stored_spellings(key, spellings, in_suites)) for key in map(facet_key, facets)]
    # (and the weights' width alone, for a paper whose pairs are all weight-only: AWQ writes
    # W4A16 in a figure's legend, INT4 in the tables that run it)
    bare = [set(_bare_widths(key, spellings)) for key in map(facet_key, facets)]
    weight_only = _weight_only_papers(db) if any(bare) else set()
    found: dict[str, list[set | None]] = {pid: [set() for _ in wanted] for pid in paper_ids}
    values = sorted(set().union(*wanted, *bare))
    # (by the value index, as list_papers matched them; the papers listed are kept here)
    rows = db.query(
        f"SELECT * FROM facets WHERE value IN ({','.join('?' * len(values))}) AND evaluated = 1",
        values,
    )
    for row in rows:
        if (sets := found.get(row["paper_id"])) is None:
            continue
        stored = row.get(column)
        alone = row["paper_id"] in weight_only
        for index, spelt in enumerate(wanted):
            if (into := sets[index]) is None:
                continue
            if row["value"] not in spelt and not (alone and row["value"] in bare[index]):
                continue
            if stored is None and current and row["paper_id"] in current:
                continue  # (no place by design, see places_together: it bounds nothing)
            if stored is None:
                sets[index] = None  # (not known: nor is where they meet)
            else:
                into.update(
                    map(tuple, json.loads(stored)) if column == "places" else json.loads(stored)
                )
    together: dict = {}
    for pid, sets in found.items():
        bounded = [where for where in sets if where]  # (a facet of the whole paper: no bound)
        unknown = any(where is None for where in sets) or not bounded
        together[pid] = None if unknown else set.intersection(*bounded)  # type: ignore[arg-type]
    return together


def _places(stored: str | None) -> list[tuple[int, int]] | None:
    return None if stored is None else [(page, block) for page, block in json.loads(stored)]


_WEIGHTS_SIDE = re.compile(r"w(\d+(?:\.\d+)?)")
_ACTIVATIONS_SIDE = re.compile(r"a(\d+)")


def _stored_spellings(
    key: str, spellings: dict[str, list[str]], named: dict[str, Suite]
) -> list[str]:
    """The stored values a typed facet names: its spellings, and for a side its pairs, and
    for a family its members (see _members_of)."""
    return [
        *spellings.get(key, []),
        *_pairs_with_side(key, spellings),
        *_members_of(key, spellings, named),
    ]


def _members_of(
    key: str, spellings: dict[str, list[str]], named: dict[str, Suite] | None = None
) -> list[str]:
    """The stored values of a suite (see suites), or of a family the lens does not store
    beside them: "ResNet" is
    ResNet-18 and ResNet-50, "GPT-3" GPT-3-175B, "RoBERTa" RoBERTa-base (the lens keeps
    "LLaMA-2" beside "LLaMA-2-7B", not "ResNet" beside "ResNet-18"): `--facet ResNet` found no
    paper, and `--facet RoBERTa` only those that name RoBERTa alone. A member is the family
    and a last part with a digit or a size ("VGG-16", "Inception-v3", "BERT-large"), and is no
    family of other values: LLaMA-2 is not LLaMA's (LLaMA-1's), since LLaMA-2-7B is its."""
    if not key or not _HAS_MEMBERS.search(key):
        return []
    if (suite := (named or {}).get(key)) is not None:  # (GLUE's tasks too, beside GLUE)
        return [value for member in suite.members for value in spellings.get(member, [])]
    if key in WEIGHT_ONLY_NAMES and key not in spellings:
        # ("weight-only": the weight-only pairs the library stores, W4A16, W3A16, ...)
        from .lens import quantized_sides

        return [
            v for values in spellings.values() for v in values if quantized_sides(v) == "weights"
        ]
    families = {facet_key(_family_part(v)) for values in spellings.values() for v in values}
    return [
        value
        for values in spellings.values()
        for value in values
        if (family := _family_part(value)) != value
        and facet_key(family) == key
        and facet_key(value) not in families
    ]


_HAS_MEMBERS = re.compile(r"[a-z]")  # (a width, "4", names no family)


def _suites_section(text: str) -> tuple[int, int]:
    """Where the vocabulary file's suites (and the software and titled tables after them,
    which only `next` reads) are: from the rule ("# ---") over its first [[suite]] table to the next
    section's rule, or an empty span."""
    found = _SUITE_TABLE.search(text)  # (a table's line: not the words in a comment)
    if found is None:
        return 0, 0
    first = found.start()
    end = text.find("\n# ---", first)
    return text.rfind("\n# ---", 0, first) + 1, len(text) if end < 0 else end + 1


_SUITE_TABLE = re.compile(r"^\[\[suite\]\]", re.MULTILINE)


# what a reader types for weight-only settings (by facet_key): any weight-only pair
WEIGHT_ONLY_NAMES = frozenset({"weightonly", "weightsonly", "weightonlyquantization"})


def widths_alone(db: Database, papers: list[Paper]) -> list[Paper]:
    """Of these papers, those that evaluate a width alone (4-bit, INT4) and write no W/A pair
    at all (GPTQ, SpQR): weight-only or not, the lens cannot tell."""
    from .lens import quantized_sides

    if not papers:
        return []
    marks = ", ".join("?" * len(papers))
    sides: dict[str, set[str | None]] = {}
    for paper_id, value in db.execute(
        f"SELECT paper_id, value FROM facets WHERE evaluated = 1 AND category = 'precision' "
        f"AND paper_id IN ({marks})",
        [p.id for p in papers],
    ):
        sides.setdefault(paper_id, set()).add(quantized_sides(value))
    return [p for p in papers if sides.get(p.id) == {None}]


class Suite(NamedTuple):
    """Benchmarks a reader asks for by one name ("zero-shot"): its name, its members' keys,
    and its members as the file writes them (which a reader is told)."""

    value: str
    members: tuple[str, ...]
    written: tuple[str, ...] = ()


def library_suites(db: Database) -> dict[str, Suite]:
    """The suites a library's queries read: the vocabulary's, and its own quant_vocab.toml's."""
    return suites(vocabulary_extension(library_root(db)))


@lru_cache(maxsize=4)
def suites(extension: tuple[str, tuple[int, int]] | None = None) -> dict[str, Suite]:
    """The vocabulary's suites by the facet_key of each name a reader may type, with a
    library's own (see vocabulary_extension) before them. Read from the data file's [[suite]]
    tables alone (a listing does not load the compiled vocabulary)."""
    import tomllib
    from importlib import resources

    text = resources.files("papers").joinpath(VOCABULARY_FILE).read_text("utf-8")
    start, end = _suites_section(text)  # (the whole file takes 20 ms to read)
    found = _suites_by_name(tomllib.loads(text[start:end]).get("suite", []))
    if extension is not None:
        from .quant import check_suites

        try:
            own = tomllib.loads(Path(extension[0]).read_text("utf-8")).get("suite", [])
            check_suites(own)
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, ValueError) as exc:
            # (the rules read no suite: a listing goes on with the packaged ones, and says so)
            if config.notice is not None:
                config.notice(f"note: {extension[0]}: {exc}; its suites are left out")
            return found
        mine = _suites_by_name(own)
        # a packaged suite one of the library's names is replaced whole: each of its names
        # reads the library's ("zero-shot accuracy" beside "zero-shot tasks")
        instead = {found[key]: suite for key, suite in mine.items() if key in found}
        found = {key: instead.get(suite, suite) for key, suite in found.items()}
        found.update(mine)
    return found


def _suites_by_name(tables: list[dict[str, Any]]) -> dict[str, Suite]:
    found: dict[str, Suite] = {}
    for raw in tables:
        written = tuple(raw["members"])
        suite = Suite(raw["value"], tuple(facet_key(m) for m in written), written)
        for name in [raw["value"], *raw.get("names", [])]:
            found[facet_key(name)] = suite
    return found


@lru_cache(maxsize=1)
def titled_roles() -> dict[str, str]:
    """The roles the data file gives papers by their names or titles, by the name_key of each:
    its software ([[software]]: PyTorch, HuggingFace's Transformers) and the papers whose
    title names no vocabulary value ([[titled]]: "Language models are few-shot learners" is
    GPT-3's, a model). No rule reads them (they sit beside the suites): `papers next` sets
    these papers apart from the methods to read."""
    import tomllib
    from importlib import resources

    text = resources.files("papers").joinpath(VOCABULARY_FILE).read_text("utf-8")
    start, end = _suites_section(text)
    tables = tomllib.loads(text[start:end])
    found: dict[str, str] = {}
    for kind in ("titled", "software"):  # (software's names last: a name both ways is software)
        for raw in tables.get(kind, []):
            role = "software" if kind == "software" else raw["role"]
            for name in [raw["value"], *raw.get("names", [])]:
                found[name_key(name)] = role
    return found


_SIZE_WORDS = frozenset(
    ["base", "large", "small", "tiny", "mini", "medium", "xl", "xxl", "huge", "giant"]
)


def _family_part(value: str) -> str:
    """A model's name without its last part when that part is a size or a number
    ("ResNet-18" -> "ResNet", "BERT-large" -> "BERT"); else the value itself."""
    family, dash, last = value.rpartition("-")
    if dash and family and (any(c.isdigit() for c in last) or last.lower() in _SIZE_WORDS):
        return family
    return value


def family_members(db: Database, value: str) -> tuple[list[str], bool]:
    """The members `--facet value` also stands for (see _members_of), when they add papers
    that do not evaluate the value itself (empty when the lens stores the family beside its
    sizes, as LLaMA's: nothing to say), and whether the library stores the value itself."""
    spellings = _spellings_by_key(db)
    key = facet_key(value)
    itself = spellings.get(key, []) + _pairs_with_side(key, spellings)
    members = _members_of(key, spellings, library_suites(db))
    if not members:
        return [], bool(itself)
    marks, own = ", ".join("?" * len(members)), ", ".join("?" * len(itself)) or "NULL"
    added = db.execute(
        f"SELECT 1 FROM facets WHERE evaluated = 1 AND value IN ({marks}) AND paper_id NOT IN "
        f"(SELECT paper_id FROM facets WHERE evaluated = 1 AND value IN ({own})) LIMIT 1",
        [*members, *itself],
    ).fetchone()
    return (sorted(members) if added else []), bool(itself)


def _pairs_with_side(key: str, spellings: dict[str, list[str]]) -> list[str]:
    """The stored W/A pairs a width of one side names ("W4", typed or read from "4-bit
    weights", names W4A16 and W4A8; "A8" names W4A8 and W8A8): a paper that evaluates a pair
    keeps the side alone only as a mention, so the side alone would match no paper."""
    if weights := _WEIGHTS_SIDE.fullmatch(key):
        pair = re.compile(rf"w{re.escape(weights.group(1))}a\d+(?:\.\d+)?(?:kv\d+)?")
    elif activations := _ACTIVATIONS_SIDE.fullmatch(key):
        pair = re.compile(rf"w\d+(?:\.\d+)?a{activations.group(1)}(?:kv\d+)?")
    else:
        return []
    return [value for k, values in spellings.items() if pair.fullmatch(k) for value in values]


def _bare_widths(key: str, spellings: dict[str, list[str]]) -> list[str]:
    """The stored spellings of the width a weights' width asked ("W4", "W4A16") writes alone,
    "INT4" and "4-bit", which a paper whose pairs are all weight-only writes for its weights
    (see _weight_only_papers); none for any other value."""
    if key in WEIGHT_ONLY_NAMES:  # (any width, as "weight-only" is any weight-only pair)
        return [v for k, values in spellings.items() if _BARE_WIDTH.fullmatch(k) for v in values]
    asked = _WEIGHT_ONLY_PAIR.fullmatch(key)  # (W4, W4A16)
    if asked is None:
        return []
    bits = asked.group(1)
    return [*spellings.get(f"int{bits}", []), *spellings.get(f"{bits}bit", [])]


_BARE_WIDTH = re.compile(r"int\d+|\d+bit")  # (by facet_key: INT4, 4-bit)


def _weight_only_papers(db: Database) -> set[str]:
    """The papers whose every W/A pair they evaluate is weight-only (W4A16, W3A16; no W4A8, no
    KV cache): they write their settings in pairs where they quantize only weights, so their
    INT4 and 4-bit are their weights' widths (AWQ: W4A16 in a figure, INT4-g128 in its
    tables). A paper that writes no pair at all (GPTQ's "4-bit") is not one of them: the lens
    cannot tell its widths' sides, and the listing names it in a note instead."""
    weights, others = _pair_values(_spellings_by_key(db))
    if not weights:
        return set()
    # (by the value index, of the few pair values there are: not a scan of every facet row)
    return {
        paper_id
        for (paper_id,) in db.execute(_weight_only_sql(weights, others), [*weights, *others])
    }


def _papers_writing_one_width(db: Database) -> set[str]:
    """The papers that may write one width for weights and activations (LLM.int8()'s "Int8"):
    they quantize activations, as an activations' width alone (A8) or scales per token (which
    only activations have) say, and write no pair that quantizes them (W4A8, W8A8, W4A16KV4):
    a paper that writes its pairs writes the one of one width too, so its bare "8-bit" is no
    W8A8 (2311.05161's A8 of W4A8, OBC's 2-bit weights beside its "4w4a")."""
    _, others = _pair_values(_spellings_by_key(db))
    pairs = [value for value in others if facet_key(value).startswith("w")]
    alone = [value for value in others if not facet_key(value).startswith("w")]
    evaluated = "SELECT paper_id FROM facets WHERE evaluated = 1"
    sql = (
        f"{evaluated} AND ((category = 'precision' AND value IN ({', '.join('?' * len(alone))}))"
        " OR (category = 'granularity' AND value = 'per-token'))"
    )
    if pairs:
        sql += f" EXCEPT {evaluated} AND category = 'precision' AND value IN "
        sql += f"({', '.join('?' * len(pairs))})"
    return {paper_id for (paper_id,) in db.execute(sql, [*alone, *pairs])}


def _pair_values(spellings: dict[str, list[str]]) -> tuple[list[str], list[str]]:
    """The stored W/A pairs: weight-only ones (W4A16), and the settings that quantize more
    than weights (W4A8, W4A16KV4, and an activations' or KV cache's width alone, "A8")."""
    from .lens import quantized_sides

    weights: list[str] = []
    others: list[str] = []
    for values in spellings.values():
        sides = quantized_sides(values[0])  # (every spelling of a key says the same)
        if sides is not None:
            (weights if sides == "weights" else others).extend(values)
    return weights, others


def _weight_only_sql(weights: list[str], others: list[str]) -> str:
    """The papers that evaluate a weight-only pair and no other pair, as SQL over the pair
    values given as parameters (weights', then others')."""
    evaluated = "SELECT paper_id FROM facets WHERE evaluated = 1 AND category = 'precision'"
    sql = f"{evaluated} AND value IN ({', '.join('?' * len(weights))})"
    if others:
        sql += f" EXCEPT {evaluated} AND value IN ({', '.join('?' * len(others))})"
    return sql


def _stored_by_key(db: Database) -> dict[str, str]:
    """One stored spelling of each facet value, by its facet_key (from _spellings_by_key's
    one read of the values, which list_papers then reads again from memory)."""
    return {key: values[-1] for key, values in _spellings_by_key(db).items()}


def _spellings_by_key(db: Database) -> dict[str, list[str]]:
    """Every facet value the library stores, by its facet_key ("LLaMA-2-7B" and "llama2 7b"
    are one). Read once while the database is unchanged: a listing asks for them up to four
    times (the filter, the pages where facets meet, the weight-only hint), each a scan of
    every facet row."""
    state = (db.conn.total_changes, db.execute("PRAGMA data_version").fetchone()[0])
    known = _SPELLINGS.get(db)
    # (none kept within a transaction: one rolled back leaves total_changes as it counted)
    if known is not None and known[0] == state and not db.conn.in_transaction:
        return known[1]
    spellings: dict[str, list[str]] = {}
    for (value,) in db.execute("SELECT DISTINCT value FROM facets"):
        spellings.setdefault(facet_key(value), []).append(value)
    if not db.conn.in_transaction:
        _SPELLINGS[db] = (state, spellings)
    return spellings


# per open database: its state when read (this connection's changes, others' commits), and
# the spellings then
_SPELLINGS: weakref.WeakKeyDictionary[Database, tuple[tuple[int, int], dict[str, list[str]]]] = (
    weakref.WeakKeyDictionary()
)


def read_facets(db: Database, root: Path | None, values: list[str]) -> dict[str, list[str]]:
    """The `--facet` values no stored facet is spelt as, with the values each names in the
    vocabulary (the library's additions included), all of which a paper must evaluate: "OPTQ"
    is GPTQ, "group size 128" g128, "W4A16g128" W4A16 and g128, "channel-wise" per-channel
    (read as a kind of quantization). The vocabulary is loaded only when some value needs it."""
    if not values:
        return {}
    stored = _stored_by_key(db)
    in_suites = suites(vocabulary_extension(root))
    unknown = [value for value in values if facet_key(value) not in stored]
    # (a suite's name is read as the suite: family_members says which members it stands for)
    unknown = [
        value
        for value in unknown
        if facet_key(value) not in in_suites and facet_key(value) not in WEIGHT_ONLY_NAMES
    ]
    if not unknown:
        return {}
    from .quant import library_vocabulary, named_values

    vocab = library_vocabulary(vocabulary_extension(root))
    readings = {}
    for typed in unknown:
        # a group size as GPTQ's checkpoints write it, "128g" ("4bit-128g"), or after the
        # granularity ("per-group 128"): as "g128"
        value = _GROUP_AFTER.sub(r"\1 g\2", _GROUP_LAST.sub(r"g\1", typed))
        value = _LISTED_WIDTHS.sub(_each_width, _SLASHED_WIDTHS.sub(_each_slashed, value))
        named = _side_named(value)
        sides = _SIDE_IN_QUERY.sub(lambda m: (_side_named(m.group()) or [m.group()])[0], value)
        # both sides are one pair ("INT4 weights INT8 activations" is W4A8, as "W4 A8" reads),
        # and a side's group size its own value ("w4g128", as checkpoints are named)
        sides = _SIDE_GROUP.sub(r"\1 \2", _PAIR_OF_SIDES.sub(_pair_of_sides, sides))
        if named is None and sides != value:  # ("INT4 weights g128": W4 as it reads alone)
            whole = len([part for part in _QUERY_SEPARATORS.split(sides) if part]) == 1
            named = (
                _read_whole(sides, stored, vocab)  # ("W4A8", from the words of both sides)
                if whole
                else _named_by_parts(sides, stored, vocab, in_suites)
            )
        if named is None and any(_side_named(part) for part in _QUERY_SEPARATORS.split(value)):
            named = _named_by_parts(value, stored, vocab, in_suites)  # ("W4 g128")
        owner, _, name = value.rpartition("/")
        # a Hugging Face name ("meta-llama/Llama-2-7b-hf"), not two values ("INT4/INT8")
        if named is None and owner and _read_whole(owner, stored, vocab) is None:
            named = _read_whole(_CHECKPOINT_SUFFIX.sub("", name), stored, vocab)
        if named is None:
            named = _read_whole(value, stored, vocab)
        if named is None and facet_key(value).endswith("wise"):
            named = named_values(f"{value} quantization", vocab)  # ("channel-wise" alone)
        if named is None:
            named = _named_by_parts(value, stored, vocab, in_suites)
        if named is None:  # ("llm-int8", "llmint8": LLM.int8() without its marks)
            by_name = {name_key(v): v for v in stored.values()}
            named = [by_name[name_key(value)]] if name_key(value) in by_name else None
        if named is None:
            named = _capitalised(value, lambda text: _read_whole(text, stored, vocab))
        if named is not None and [facet_key(n) for n in named] != [facet_key(typed)]:
            readings[typed] = named
    return readings


_GROUP_LAST = re.compile(r"(?<![\w.])(\d+)g(?![\w.])", re.IGNORECASE)
_GROUP_AFTER = re.compile(r"(?<![\w.])(per[-_ ]?group)[-_ ]+(\d+)(?![\w.])", re.IGNORECASE)


_CHECKPOINT_SUFFIX = re.compile(r"[-_]hf$", re.IGNORECASE)  # a Hugging Face checkpoint's
_QUERY_SEPARATORS = re.compile(r"[\s_/,+()]+")  # ("FP8 (E4M3)", as papers print it)
# a width of one side in words, as a query may spell it: "INT4 weights", "4-bit-weights",
# "weights 4-bit", "16-bit activations"
# "weights 4-bit", "weights at 4 bits", "activations quantized to 8 bits"
_SIDE_WORDS = (
    r"(?:int)?(?P<n>\d+(?:\.\d+)?)(?:[-_ ]?bits?)?[-_ ]+(?P<after>weights?|activations?)"
    r"|(?P<before>weights?|activations?)[-_ ]+(?:quanti[sz]ed[-_ ]+)?(?:(?:at|to|in)[-_ ]+)?"
    r"(?:int)?(?P<m>\d+(?:\.\d+)?)(?:[-_ ]?bits?)?"
)
# widths a slash or comma lists, as papers print them: "3/4-bit", "2/3/4-bit weights", "3,4-bit"
# (not a number a name before it takes: "Llama 2, 4-bit weights" is LLaMA-2 and W4)
_SLASHED_WIDTHS = re.compile(
    r"(?<![\w./,-])(?<![A-Za-z]\s)(?P<widths>\d+(?:\.\d+)?(?:(?:/|,\s*)\d+(?:\.\d+)?)+)"
    r"[-_ ]?bits?(?![\w.-])",
    re.IGNORECASE,
)
# widths listed before their one side, each of which the side is of: "3-bit and 4-bit
# weights", "2-, 3- and 4-bit weights" (read as "3-bit" and W4, the weights of one only)
# (a width is a number of one or two digits; one without "bit" or "-" needs a comma or "and"
# after it: "Llama 2 4-bit weights" is LLaMA-2 and W4, not W2 and W4)
_LISTED_WIDTHS = re.compile(
    r"(?<![\w.-])(?<![A-Za-z]\s)(?P<widths>(?:(?:int)?\d{1,2}(?:\.\d+)?"
    r"(?:(?:[-_ ]?bits?|-)(?:\s*,\s*|\s+)(?:and\s+)?|\s*,\s*(?:and\s+)?|\s+and\s+))+)"
    r"(?:int(?P<int>\d{1,2})|(?P<last>\d{1,2}(?:\.\d+)?)[-_ ]?bits?)[-_ ]+"
    r"(?P<side>weights?|activations?)(?![\w.-])",
    re.IGNORECASE,
)
# a group size as checkpoints and scripts name it: "gs128", "group128", "groupsize-64"
_GROUP_WORDS = r"(?:gs|group(?:[-_ ]?size)?)[-_ =]?(?P<group>\d+)"
# a width of one side: "W4", "A8", or in words
_SIDE_QUERY = re.compile(rf"(?P<side>[wa])(?P<bits>\d+(?:\.\d+)?)|{_SIDE_WORDS}", re.IGNORECASE)
_GROUP_QUERY = re.compile(_GROUP_WORDS, re.IGNORECASE)
# the same in words, among other values: "INT4 weights g128", "gs128 LLaMA-2-7B" (not "W4",
# which reads alone as a part: nor a width of no side, "4-bit")
_SIDE_IN_QUERY = re.compile(
    rf"(?<![\w.-])(?:{_SIDE_WORDS}|{_GROUP_WORDS})(?![\w.-])", re.IGNORECASE
)
# two sides, as a query may name a pair: "W4 A8", "A8, W4", "4-bit weights and 8-bit
# activations" (after the sides are read: "W4 and A8")
_PAIR_OF_SIDES = re.compile(
    r"(?<![\w.-])(?:[Ww](?P<w>\d+(?:\.\d+)?)[\s,/+_-]+(?:and\s+)?[Aa](?P<a>\d+)"
    r"|[Aa](?P<a2>\d+)[\s,/+_-]+(?:and\s+)?[Ww](?P<w2>\d+(?:\.\d+)?))(?![\w.-])"
)
# a side and its group size run together: "w4g128", "W3g64"
_SIDE_GROUP = re.compile(r"(?<![\w.-])([WwAa]\d+(?:\.\d+)?)[-_]?([Gg]\d+)(?![\w.-])")


def _read_whole(value: str, stored: dict[str, str], vocab: Any) -> list[str] | None:
    """The values a spelling names as a whole: a stored value in any case, a side, a name of
    the vocabulary, or a value it defines, which a paper may not have yet (a value added to the
    library's quant_vocab.toml, before 'papers extract' reads the papers again)."""
    from .quant import defined_value, named_values

    if facet_key(value) in stored:
        return [stored[facet_key(value)]]
    named = _side_named(value) or named_values(value, vocab)
    if named is None and _CHECKPOINT_SUFFIX.search(value):  # ("llama-2-7b-hf")
        named = named_values(_CHECKPOINT_SUFFIX.sub("", value), vocab)
    if named is None and (defined := defined_value(value, vocab)) is not None:
        named = [defined]  # ("KLDiv", whose patterns read "KL divergence")
    return named


def _each_slashed(match: re.Match[str]) -> str:
    """ "3/4-bit" as "3-bit 4-bit", a width each (the vocabulary reads the first alone)."""
    return " ".join(f"{width}-bit" for width in re.split(r"/|,\s*", match.group("widths")))


def _each_width(match: re.Match[str]) -> str:
    """Each width of a list with the side it is of: "3-bit and 4-bit weights" is "3-bit
    weights 4-bit weights", both of which a paper must evaluate."""
    side = match.group("side")
    last = match.group("last") or match.group("int")
    widths = re.findall(r"\d+(?:\.\d+)?", match.group("widths")) + [last]
    return " ".join(f"{width}-bit {side}" for width in widths)


def _pair_of_sides(match: re.Match[str]) -> str:
    return f"W{match.group('w') or match.group('w2')}A{match.group('a') or match.group('a2')}"


def _side_named(value: str) -> list[str] | None:
    """The side a query names, as a W/A pair spells it ("INT4 weights" is W4), or a group size
    as a checkpoint's name spells it ("gs128" is g128), or None."""
    value = " ".join(value.split())
    if group := _GROUP_QUERY.fullmatch(value):
        return ["g" + group.group("group")]
    side = _SIDE_QUERY.fullmatch(value)
    if side is None:
        return None
    if side.group("side"):
        return [side.group("side").upper() + side.group("bits")]
    which = (side.group("after") or side.group("before")).lower()
    return [which[0].upper() + (side.group("n") or side.group("m"))]


def _named_by_parts(
    value: str, stored: dict[str, str], vocab: Any, named: dict[str, Suite]
) -> list[str] | None:
    """The values of a spelling read part by part, each part a stored value in any case or a
    name of the vocabulary, parts split at spaces and then, where a part names nothing, at its
    hyphens: "c4 g128" is C4 and g128, "fp8-e4m3" FP8 and E4M3 (the vocabulary reads "C4" and
    "E4M3" only in capitals in a paper, where "c4" or "e4m3" in lower case are seldom them).
    A name of several words is read whole first ("OPT 175B", "Penn Treebank")."""
    parts = [part for part in _QUERY_SEPARATORS.split(value) if part]
    if len(parts) < 2 and "-" not in value:
        return None
    values, unread = _read_spans(parts, stored, vocab, named)
    return None if unread else list(dict.fromkeys(values)) or None


def _read_spans(
    parts: list[str], stored: dict[str, str], vocab: Any, named: dict[str, Suite]
) -> tuple[list[str], list[str]]:
    """The values a query's parts name, part by part ("W4 g128": W4 and g128), and where a
    part names nothing, read with the part before it or after it ("GPTQ on OPT 175B": OPT
    175B is OPT-175B, "Penn Treebank" PTB), small words between them left out; and the parts
    that name nothing."""
    spans: list[tuple[int, int, list[str]]] = []  # (first part, end, values)
    unread: list[str] = []
    i = 0
    while i < len(parts):
        values = _read_phrase(parts[i], stored, vocab, named)
        if values is not None:
            spans.append((i, i + 1, values))
            i += 1
            continue
        if spans and spans[-1][1] == i and i + 1 - spans[-1][0] <= SPAN_WORDS:
            start = spans[-1][0]
            joined = _read_phrase(" ".join(parts[start : i + 1]), stored, vocab, named)
            if joined is not None:  # (with the parts before it: "OPT" and "175B")
                spans[-1] = (start, i + 1, joined)
                i += 1
                continue
        for end in range(min(len(parts), i + SPAN_WORDS), i + 1, -1):
            joined = _read_phrase(" ".join(parts[i:end]), stored, vocab, named)
            if joined is not None:  # (with the parts after it: "penn" and "treebank")
                spans.append((i, end, joined))
                i = end
                break
        else:
            if parts[i].casefold() not in _QUERY_SMALL_WORDS:
                unread.append(parts[i])
            i += 1
    return [value for _, _, values in spans for value in values], unread


SPAN_WORDS = 3  # words a name of the vocabulary may take in a query


def _read_phrase(
    phrase: str, stored: dict[str, str], vocab: Any, named: dict[str, Suite]
) -> list[str] | None:
    """The values a phrase names: as a part (_read_part), as papers capitalise it ("penn
    treebank"), as a suite, or as a family stored with its sizes only ("ResNet"), both of
    which list_papers reads as their members. A suite is a value whether or not a paper runs
    a member ("long context" read as "long" and "context" was said to name no value)."""
    values = _read_part(phrase, stored, vocab)
    if values is None:
        values = _capitalised(phrase, lambda text: _read_part(text, stored, vocab))
    if values is None and facet_key(phrase) in named:
        values = [phrase]
    if values is None and " " not in phrase:
        spellings = {key: [value] for key, value in stored.items()}
        if _members_of(facet_key(phrase), spellings, named):
            values = [phrase]
    return values


def _capitalised(text: str, read: Callable[[str], list[str] | None]) -> list[str] | None:
    """A name the vocabulary reads only as papers capitalise it, typed in lower case ("penn
    treebank", "mmlu"): read title-cased, else in capitals; None for text with a capital."""
    if text.lower() != text:
        return None
    return read(text.title()) or read(text.upper())


def _read_part(
    part: str, stored: dict[str, str], vocab: Any, split: bool = True
) -> list[str] | None:
    """The values one part of a query names, whole ("W4 g128": W4 as it reads alone) or, where
    it names nothing, hyphen by hyphen ("fp8-e4m3")."""
    values = _read_whole(part, stored, vocab)
    if values is None and split and "-" in part:
        pieces = [_read_part(piece, stored, vocab, False) for piece in part.split("-") if piece]
        if all(piece is not None for piece in pieces):
            return [value for piece in pieces for value in piece or ()]
    return values


# the words between values when a query is typed as a question is put ("who evaluates W4A8
# on Llama-2 against GPTQ"), and the words that say what a value is ("OmniQuant on the
# Vicuna benchmark")
_QUERY_SMALL_WORDS = frozenset(
    [
        *("on", "with", "at", "and", "in", "for", "of", "the", "using", "via", "vs", "versus"),
        *("&", "benchmark", "benchmarks", "dataset", "datasets", "model", "models"),
        *("who", "which", "what", "paper", "papers", "against", "to", "than"),
        *("evaluate", "evaluates", "evaluated", "evaluating", "run", "runs", "running"),
        *("compare", "compares", "compared", "comparing"),
        # (and what a setting is of: "per-group scales", "per-channel quantization", "W8A8
        # quantized OPT"; not "weights" or "activations", which narrow a width to its side)
        *("scale", "scales", "scaling", "quantization", "quantized", "quantizing"),
        *("setting", "settings"),
    ]
)


def unread_parts(db: Database, root: Path | None, value: str) -> list[str]:
    """The words of a --facet value that name nothing (no stored value, no name of the
    vocabulary), for the error that says which: "W4A8 on Llama-2 PPL" failed as a whole."""
    from .quant import library_vocabulary

    parts = [part for part in _QUERY_SEPARATORS.split(value) if part]
    if not parts:
        return []
    vocab = library_vocabulary(vocabulary_extension(root))
    return _read_spans(parts, _stored_by_key(db), vocab, library_suites(db))[1]


def library_defines(root: Path | None, values: list[str]) -> list[str]:
    """Those of these values the library's quant_vocab.toml gives (see quant.literal_values):
    facets stored before it was edited never looked for them, so no paper may have them yet."""
    import tomllib

    from .quant import literal_values

    extension = vocabulary_extension(root)
    if extension is None or not values:
        return []
    try:
        own = literal_values(tomllib.loads(Path(extension[0]).read_text("utf-8")))
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError):
        return []  # (a broken file: the staleness note says so, see cli_quant.warn_stale)
    return [value for value in values if facet_key(value) in own]


def close_values(db: Database, word: str) -> list[str]:
    """The library's facet values spelt nearly as a word that names none ("GTPQ": GPTQ,
    "Llamma-2": LLaMA-2), closest first: a typo and a value no paper has got one answer."""
    return _close_spellings(facet_key(word), _stored_by_key(db))


# a weight-only pair, or the weights' side alone (which names any pair of that side)
_WEIGHT_ONLY_PAIR = re.compile(r"w(\d+)(?:a16)?", re.IGNORECASE)
_ONE_WIDTH_PAIR = re.compile(r"w(\d)a\1", re.IGNORECASE)  # (W8A8, W4A4: one width for both)


class WidthAlone(NamedTuple):
    """Papers a W/A query misses that write only the width: the width, whether the query was
    a pair of one width (WnAn) or weight-only (WnA16, Wn), and the papers."""

    bits: str
    one_width: bool
    papers: list[Paper]


def weights_width_alone(
    db: Database, wanted: list[str], word: str | None = None
) -> dict[str, WidthAlone]:
    """For each `--facet WnA16` (or Wn) asked, the papers it misses that may be weight-only at
    n bits: they evaluate n-bit or INTn and the other facets asked, and name no Wn/A pair. A
    weight-only paper often writes only its weights' width (GPTQ's "4-bit"), and the lens reads
    a pair only where one is written; these are a hint, not taken for WnA16. The same for a
    pair of one width, WnAn: a paper that quantizes activations may write one width for both
    sides (OS+: "We use INT8, INT6, INT4 to denote the bitwidth of activation and weight").
    Keyed by the value asked."""
    found: dict[str, WidthAlone] = {}
    weight_only: set[str] | None = None  # (read once, for the first weights' width asked)
    activations: set[str] | None = None  # (read once, for the first WnAn asked)
    for value in wanted:
        one_width = _ONE_WIDTH_PAIR.fullmatch(facet_key(value))
        pair = _WEIGHT_ONLY_PAIR.fullmatch(facet_key(value)) or one_width
        if not pair:
            continue
        bits = pair.group(1)
        others = [other for other in wanted if other is not value]
        named = db.query(
            "SELECT DISTINCT paper_id FROM facets WHERE evaluated = 1 AND category = 'precision' "
            "AND lower(value) LIKE ?",
            [f"w{bits}a%"],
        )
        left_out = {row["paper_id"] for row in named}
        among: set[str] | None = None  # (the papers it may name; None: any)
        if one_width:
            # (only a paper that quantizes activations and writes no pair for it: one that
            # quantizes none may be weight-only, as SpQR and QLoRA are, and AWQ, whose pairs
            # are all weight-only, and one that writes its pairs would have written WnAn)
            if activations is None:
                activations = _papers_writing_one_width(db)
            among = activations
        else:
            # (nor a paper whose pairs are all weight-only: its width alone is listed as WnA16)
            if weight_only is None:
                weight_only = _weight_only_papers(db)
            left_out |= weight_only
        papers: dict[str, Paper] = {}
        for width in (f"{bits}-bit", f"INT{bits}"):
            for paper in list_papers(db, word=word, facets=[*others, width]):
                if paper.id not in left_out and (among is None or paper.id in among):
                    papers.setdefault(paper.id, paper)
        if papers:
            found[value] = WidthAlone(bits, one_width is not None, list(papers.values()))
    return found


def integer_width_alone(
    db: Database, wanted: list[str], word: str | None, listed: set[str]
) -> dict[str, list[Paper]]:
    """For each `--facet INTn` asked, the papers (not among `listed`) that evaluate n-bit and
    the other facets asked without writing INTn: most write "4-bit" for the same integer
    grid (GPTQ, SpQR). Keyed by n."""
    found: dict[str, list[Paper]] = {}
    for value in wanted:
        integer = _INTEGER_WIDTH.fullmatch(value)
        if integer is None:
            continue
        bits = integer.group(1)
        others = [other for other in wanted if other is not value]
        width = list_papers(db, word=word, facets=[*others, f"{bits}-bit"])
        if more := [paper for paper in width if paper.id not in listed]:
            found[bits] = more
    return found


_INTEGER_WIDTH = re.compile(r"int(\d+)", re.IGNORECASE)


def own_papers_running(
    db: Database, wanted: list[str], word: str | None, listed: set[str]
) -> list[tuple[str, str]]:
    """(value, paper) for each method asked whose own library paper is not among `listed`
    and evaluates the rest of the query: a paper is not its own baseline, so "who evaluates
    GPTQ at 3-bit on OPT-175B" left GPTQ's paper out without a word."""
    found = []
    initials: Callable[[str], list[str]] | None = None
    for value in wanted:
        # (by a title's initials too, "LAPQ", for a method the library stores: not for every
        # value asked, which read every title and loaded the vocabulary, +300 ms on 10,000
        # papers; the values are the vocabulary's own spellings already)
        named = papers_named(db, value)
        if not named and _is_stored_method(db, value):
            initials = initials or initials_index(db)
            named = initials(value)
        if len(named) != 1 or named[0] in listed:
            continue
        others = [other for other in wanted if other is not value]
        if others and named[0] not in {p.id for p in list_papers(db, word=word, facets=others)}:
            continue
        found.append((value, named[0]))
    return found


def _is_stored_method(db: Database, value: str) -> bool:
    """Whether some paper compares against this value (a baseline the facets store)."""
    row = db.execute(
        "SELECT 1 FROM facets WHERE value = ? AND category = 'baseline' LIMIT 1", [value]
    ).fetchone()
    return row is not None


def paper_details(db: Database, root: Path, paper: Paper) -> dict[str, Any]:
    """Everything `papers show` prints: metadata, paths, counts."""
    from .resolve import REFERENCES_TO_SQL

    files = list(
        db.query(
            "SELECT version, path, sha256, pages, added FROM files WHERE paper_id = ? "
            "ORDER BY version",
            [paper.id],
        )
    )
    # as `papers cited-by` counts by id: a reference's link, else the id it prints (by
    # index: a scan of every reference took most of `show` on a large library); each citer by
    # its first such reference, which cited-by lists "by id" where it prints the id, else "by
    # title" (linked by its title, a search or by hand). (SQLite takes a bare column from the
    # row of min())
    citers = db.execute(
        f"SELECT arxiv = ?1, min(n) FROM ({REFERENCES_TO_SQL}) WHERE paper_id != ?1 "
        "GROUP BY paper_id",
        [paper.id],
    ).fetchall()
    by_id = sum(1 for prints_id, _ in citers if prints_id)
    counts = {
        "references": _count(db, "SELECT count(*) FROM refs WHERE paper_id = ?", paper.id),
        "facets": _count(db, "SELECT count(*) FROM facets WHERE paper_id = ?", paper.id),
        "cited_by": len(citers),
        "cited_by_id": by_id,
        "cited_by_title": len(citers) - by_id,
        "text_chars": _count(
            db,
            "SELECT length(body) FROM documents WHERE paper_id = ? AND source = 'text'",
            paper.id,
        ),
    }
    reviews = [
        r["path"]
        for r in db.query("SELECT path FROM reviews WHERE paper_id = ? AND deleted = 0", [paper.id])
    ]
    data = paper_json(paper)
    data.update(
        {
            "abstract": paper.abstract,
            "categories": paper.categories,
            "primary_category": paper.primary_category,
            "updated": paper.updated,
            "doi": paper.doi,
            "journal_ref": paper.journal_ref,
            "comment": paper.comment,
            "sha256": paper.sha256,
            "pages": paper.pages,
            "has_text": paper.has_text,
            "source": paper.source,
            "pdf_exists": bool(paper.pdf and (root / paper.pdf).exists()),
            "files": files,
            "reviews": reviews,
            "counts": counts,
        }
    )
    return data


def _count(db: Database, sql: str, arg: str) -> int:
    row = db.execute(sql, [arg]).fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def paper_json(paper: Paper) -> dict[str, Any]:
    """The stable JSON shape of a paper in listings."""
    return {
        "id": paper.id,
        "version": paper.version,
        "title": paper.title,
        "authors": paper.authors,
        "published": paper.published,
        "year": paper.year,
        "pdf": paper.pdf,
        "added": paper.added,
    }


def remove_paper(db: Database, root: Path, paper: Paper) -> list[str]:
    """Delete a paper, its rows and its PDFs; notes in reviews/ are never touched.

    Returns the files deleted."""
    with write_transaction(db):
        # (read under the lock: a version another command added while rm waited is removed
        # with the rest, not left on disk with no row that names it)
        files = [
            r["path"] for r in db.query("SELECT path FROM files WHERE paper_id = ?", [paper.id])
        ]
        row = db.execute("SELECT pdf FROM papers WHERE id = ?", [paper.id]).fetchone()
        for pdf in (paper.pdf, row[0] if row else None):
            if pdf and pdf not in files:
                files.append(pdf)
        for table in ("refs", "ref_links", "facets", "facet_rules", "files"):
            db.execute(f"DELETE FROM {table} WHERE paper_id = ?", [paper.id])
        # the paper's documents, not its notes': the notes stay, and searchable
        db.execute("DELETE FROM documents WHERE paper_id = ? AND source != 'notes'", [paper.id])
        if paper.id.startswith("local:"):
            # references linked to it point at nothing now (an arXiv id is still arXiv's)
            db.execute("DELETE FROM ref_links WHERE resolved = ?", [paper.id])
        db.execute("DELETE FROM papers WHERE id = ?", [paper.id])
        # (a name two papers shared means one now; a short local id, maybe another paper)
        _relink_named_mentions(db, [paper.title], paper.id)
    deleted = []
    failed: list[LibraryError] = []
    interrupted: KeyboardInterrupt | None = None
    for rel in files:
        path = _library_file(root, rel)
        if path is not None and (path.exists() or path.is_symlink()):
            while True:  # (a Ctrl-C waits for the few files left: the paper is gone already,
                try:  # and a PDF left behind would be out of rm's reach)
                    _unlink(path, rel)
                except KeyboardInterrupt as exc:
                    interrupted = exc
                    continue
                except LibraryError as exc:
                    failed.append(exc)  # the other files are still removed
                    break
                deleted.append(rel)
                break
    if interrupted is not None:
        raise interrupted
    if failed:
        raise failed[0]
    return deleted


def _unlink(path: Path, rel: str) -> None:
    """Remove a file whose row is gone; one that cannot be removed is a one-line error that
    names it (the library no longer refers to it)."""
    try:
        path.unlink(missing_ok=True)
    except OSError as exc:
        raise LibraryError(
            f"removed from the library, but {rel} could not be deleted: {exc.strerror}"
        ) from None


def held_version_file(db: Database, paper: Paper, text: str) -> str | None:
    """The PDF of the version `text` names ("2210.17323v1"), when it names one the paper is
    not read from; None for an id without a version, or the version the library reads. A
    version the library never held is an error, not the whole paper."""
    if paper.id.startswith("local:"):
        return None  # (named by its id or a prefix of it: no versions)
    try:
        version = parse_arxiv_id(text).version
    except BadIdentifier:
        return None  # (named by its name: the paper)
    if version is None or version == paper.version:
        return None
    rows = [
        r["path"]
        for r in db.query(
            "SELECT path FROM files WHERE paper_id = ? AND version = ?", [paper.id, version]
        )
    ]
    others = [path for path in rows if path != paper.pdf]
    if others:
        return others[0]
    if rows:  # (metadata of a later version, the PDF still this one's)
        raise PapersError(
            f"{paper.id}v{version}'s PDF is the one the library reads; "
            f"'papers rm {paper.id}' removes the paper"
        )
    raise PapersError(
        f"{paper.id}v{version} is not in the library (it holds v{paper.version}); "
        f"'papers rm {paper.id}' removes the paper"
    )


def remove_file(db: Database, root: Path, paper: Paper, rel: str) -> None:
    """Delete one stored PDF of a paper (an older version's), its row first."""
    with write_transaction(db):
        db.execute("DELETE FROM files WHERE paper_id = ? AND path = ?", [paper.id, rel])
    path = _library_file(root, rel)
    if path is not None:
        _unlink(path, rel)


def _library_file(root: Path, rel: str) -> Path | None:
    """The file a stored path names, to delete: only ever inside papers/ (never a note, never
    a file outside the library); a symbolic link in papers/ is itself that file, and the file
    it points to, the user's wherever it is, stays."""
    papers_dir = config.papers_dir(root).resolve()
    path = root / rel
    if path.is_symlink() and path.parent.resolve() == papers_dir:
        return path  # (also when papers/ itself is a link, to another disk)
    path = path.resolve()
    return path if papers_dir in path.parents else None


def version_pdf(db: Database, root: Path, paper: Paper, text: str) -> tuple[Path, str | None]:
    """The PDF of the version `text` names ("2210.17323v1" beside v2, when the library kept
    it), else the one the library reads, with a note when that PDF is of another version than
    the metadata (added with --no-pdf since); a version whose PDF the library does not hold is
    an error, not another version's PDF shown as if it were that one."""
    try:
        version = None if paper.id.startswith("local:") else parse_arxiv_id(text).version
    except BadIdentifier:
        version = None  # (named by its name: the paper)
    held = {
        r["path"]: r["version"]
        for r in db.query("SELECT path, version FROM files WHERE paper_id = ?", [paper.id])
    }
    reading = held.get(paper.pdf or "")  # the version of the PDF the library reads
    wanted = version or paper.version
    if paper.pdf and (root / paper.pdf).exists() and _pdf_gone(db, root, paper):
        # (another paper's PDF copied over it, a broken file: not shown as this paper)
        again = _add_again(paper)
        raise PapersError(
            f"{paper.pdf} is no longer {paper.id}'s PDF (it changed since it was added): "
            f"'papers add {again}' sets it aside and gets the paper's again"
        )
    if version is None and reading is not None and reading != paper.version:
        note = (
            f"{paper.id}: v{reading}'s PDF (the library has no PDF of v{paper.version}: "
            f"'papers add {paper.id}' gets it)"
        )
        return pdf_path(root, paper), note
    if reading == wanted or (reading is None and version in (None, paper.version)):
        return pdf_path(root, paper), None
    rows = [path for path, v in held.items() if v == wanted]
    if not rows:
        kept = ", ".join(f"v{v}" for v in sorted({v for v in held.values() if v})) or "none"
        raise PapersError(
            f"{paper.id}v{wanted}'s PDF is not in the library (it holds {kept}); "
            f"'papers add {paper.id}v{wanted}' gets it"
        )
    path = root / rows[0]
    if not path.exists():
        raise PapersError(f"PDF missing: {rows[0]} ('papers add {paper.id}v{wanted}' gets it)")
    if not _kept_version_holds(db, path, rows[0], paper):
        raise PapersError(
            f"{rows[0]} is no longer {paper.id}v{wanted}'s PDF (it changed since it was kept): "
            f"'papers add {paper.id}v{wanted}' sets it aside and gets it again"
        )
    return path, None


def _kept_version_holds(db: Database, path: Path, rel: str, paper: Paper) -> bool:
    """Whether an older version's kept PDF is still that version's: the file recorded, or a
    copy of it (annotated: see _same_document, with that version's pages and stamp)."""
    row = db.execute(
        "SELECT version, sha256, pages FROM files WHERE paper_id = ? AND path = ?", [paper.id, rel]
    ).fetchone()
    if row is None or (row[1] and sha256_file(path) == row[1]):
        return True
    # (by its title: the text stored is the version the library reads, another one)
    return _same_document(db, path, paper.id, paper.title, row[2], row[0], by_text=False)


def pdf_path(root: Path, paper: Paper) -> Path:
    if not paper.pdf:
        raise PapersError(
            f"{paper.id} has no PDF (added with --no-pdf? run 'papers add {paper.id}')"
        )
    path = root / paper.pdf
    if not path.exists():
        raise PapersError(f"PDF missing: {paper.pdf} ('papers add {_add_again(paper)}' gets it)")
    return path


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def copy_atomic(source: Path, dest: Path) -> None:
    """Copy through a temporary file so an interrupted copy never leaves half a PDF."""
    # (a file of its own: two adds of the same PDF at once never share one)
    try:
        with scratch_file(part_beside(dest)) as tmp:
            with open(tmp, "wb") as out, open(source, "rb") as src:
                shutil.copyfileobj(src, out, 1 << 20)
            tmp.replace(dest)
    except OSError as exc:
        raise LibraryError(f"cannot write {dest}: {exc.strerror}") from None


def short(title: str, width: int = 60) -> str:
    """A title cut to width for a line of stderr, at a word's end ("... for La…" read as a
    typo), unless its last word would take more than a third of the room."""
    title = " ".join(title.split())
    if len(title) <= width:
        return title
    cut = title[: width - 1]
    space = cut.rfind(" ")
    return (cut[:space].rstrip(",:;") if space > width * 2 // 3 else cut) + "…"


def latest_paper_id(db: Database) -> str | None:
    row = db.execute("SELECT id FROM papers ORDER BY added DESC, rowid DESC LIMIT 1").fetchone()
    return row[0] if row else None


def facet_summary(db: Database) -> list[dict[str, Any]]:
    """How often each setting is evaluated across the library, most common first (`facets
    --all`): per value, the papers that evaluate it and how many only mention it. Counted in
    SQL: decoding every facet took seconds on a library of thousands of papers."""
    from .models import FACET_CATEGORIES, value_order

    sql = """
        SELECT category, value, group_concat(CASE WHEN evaluated THEN paper_id END, char(31)),
               sum(evaluated = 0)
        FROM facets GROUP BY category, value HAVING max(evaluated) > 0
    """
    rows = [
        {
            "category": category,
            "value": value,
            "papers": len(ids := sorted(evaluated_by.split("\x1f"))),
            "mentioned_only": mentioned,
            "ids": ids,
        }
        for category, value, evaluated_by, mentioned in db.execute(sql)
    ]
    rows.sort(
        key=lambda r: (FACET_CATEGORIES.index(r["category"]), -r["papers"], value_order(r["value"]))
    )
    return rows


def facets_unread(db: Database, papers: list[Paper]) -> set[str]:
    """The papers whose facets were never read, rather than found to be none: no PDF, a PDF
    without a text layer, or never extracted (no rules recorded, no facet stored): '?' in
    `list --show` and `compare`, not the '-' of a paper that evaluates nothing."""
    with_facets: set[str] = set()
    extracted: set[str] = set()
    for ids, marks in in_chunks([p.id for p in papers]):
        with_facets.update(
            row[0]
            for row in db.execute(
                f"SELECT DISTINCT paper_id FROM facets WHERE paper_id IN ({marks})", ids
            )
        )
        extracted.update(
            row[0]
            for row in db.execute(
                f"SELECT paper_id FROM facet_rules WHERE paper_id IN ({marks})", ids
            )
        )
    return {
        p.id
        for p in papers
        if p.id not in with_facets and (p.id not in extracted or not p.pdf or p.has_text is False)
    }


class Shown(NamedTuple):
    """A paper's evaluated values of some categories (`list --show`): with the facets asked,
    those evaluated on the pages that hold them (`with_them`) and the others (`elsewhere`)."""

    with_them: dict[str, list[str]]
    elsewhere: dict[str, list[str]]
    # what bounds them: "place" (a table or sentence holds every facet asked), "page" (none
    # does, or none is known: the pages that hold them, which may hold other experiments),
    # None (no facets asked, or their pages not known)
    bound: str | None = None


def shown_values(
    db: Database,
    papers: list[Paper],
    categories: Sequence[str],
    setting: dict[str, list[int] | None] | None = None,
    places: dict[str, set[tuple[int, int]] | None] | None = None,
) -> dict[str, Shown | None]:
    """Each paper's evaluated values of some categories, sized values in order of size; None
    for a paper whose facets were never read (facets_unread), which an empty list would call a
    paper that evaluates none.

    `setting` is, per paper, the pages that hold the facets asked (pages_together): a value is
    with them when it is evaluated on one of those pages, as a baseline in the table of a W4A8
    run is, or when its own pages bound nothing (read from the paper as a whole, or not
    known); a paper that runs them on no one page has every other value elsewhere, and where
    the setting's pages are not known (None) every value is with them. Finer, where `places`
    (places_together) has tables or sentences of those pages that hold the facets asked, a
    value is with them only in one of these: OmniQuant's page 7 holds its weight-only table
    (W3A16g128: RTN, GPTQ, AWQ) and the sentence naming its weight-activation baselines. Read
    without the evidence, whose JSON decoding is most of paper_facets' time."""
    from .models import value_order

    shown: dict[str, Shown | None] = {
        paper.id: Shown({c: [] for c in categories}, {c: [] for c in categories})
        for paper in papers
    }
    marks = ", ".join("?" for _ in categories)
    # (a library an older release made, read where it cannot be written, has no pages column:
    # its pages are not known)
    # (nor are they read without a setting to bound by: 400,000 rows' JSON was a third of the
    # time of `list --show` on 10,000 papers)
    columns = db["facets"].columns_dict if setting is not None else {}
    pages_column = "pages" if "pages" in columns else "NULL"
    places_column = "places" if "places" in columns else "NULL"
    sql = (
        f"SELECT paper_id, category, value, {pages_column}, {places_column} FROM facets"
        f" WHERE evaluated AND category IN ({marks})"
    )
    for paper_id, category, value, pages, at in db.execute(sql, list(categories)):
        if (found := shown.get(paper_id)) is None:
            continue
        where = None if setting is None else setting.get(paper_id)
        # (no pages: not known, or "[]", a value read from the paper as a whole, which bounds
        # nothing, as in pages_together)
        stored: list[int] = json.loads(pages) if pages and where is not None else []
        apart = where is not None and bool(stored) and not set(stored) & set(where)
        held = (places or {}).get(paper_id)
        if held and where and at and (value_places := _places(at)):
            # (the setting's places on its pages, and the value's, known: as finely as that)
            apart = not any(place in held for place in value_places if place[0] in where)
        values = (found.elsewhere if apart else found.with_them)[category]
        if value not in values:
            values.append(value)
    unread = facets_unread(db, papers)
    for paper in papers:
        found = shown[paper.id]
        if paper.id in unread:
            shown[paper.id] = None
        elif found is not None:
            for values in (*found.with_them.values(), *found.elsewhere.values()):
                values.sort(key=value_order)
            where = None if setting is None else setting.get(paper.id)
            if (places or {}).get(paper.id) and where:
                shown[paper.id] = found._replace(bound="place")
            elif where:
                shown[paper.id] = found._replace(bound="page")
    return shown


def paper_facets(db: Database, paper_ids: list[str] | None = None) -> dict[str, list[Facet]]:
    """Stored quantization facets, per paper (all papers when paper_ids is None), in a stable
    order: category as the lens lists them, evaluated first, then value."""
    from .models import Evidence

    sql = "SELECT * FROM facets"
    params: list[str] = []
    if paper_ids is not None:
        sql += f" WHERE paper_id IN ({','.join('?' * len(paper_ids))})"
        params = paper_ids
    found: dict[str, list[Facet]] = {pid: [] for pid in paper_ids or []}
    for row in db.query(sql + " ORDER BY paper_id", params):
        evidence = [Evidence(e["page"], e["snippet"]) for e in json.loads(row["evidence"])]
        # (unknown: stored by an older release, or read where no upgrade can add the column)
        pages = None if row.get("pages") is None else json.loads(row["pages"])
        places = _places(row.get("places"))
        found.setdefault(row["paper_id"], []).append(
            Facet(row["category"], row["value"], bool(row["evaluated"]), evidence, pages, places)
        )
    for facets in found.values():  # (sizes and group sizes by number: OPT-125M before OPT-1.3B)
        facets.sort(key=lambda f: (not f.evaluated, value_order(f.value)))
    return found
