"""Typed errors raised by the core; the CLI turns each into a one-line message and exit code 1."""

from __future__ import annotations


class PapersError(Exception):
    """Base class for every user-facing failure."""

    exit_code = 1


class BadIdentifier(PapersError):
    """The text given is not an arXiv id, an arXiv URL or a readable PDF path."""


class AmbiguousPaper(BadIdentifier):
    """A name that several papers of the library answer to."""


class NotFoundOnArxiv(PapersError):
    """arXiv answered, but has no paper with this id."""

    def __init__(self, arxiv_id: str, latest: str | None = None):
        # (a version past the last: the paper is there, the version is not)
        hint = f" (arXiv has it up to {latest})" if latest else ""
        super().__init__(f"not found on arXiv: {arxiv_id}{hint}")
        self.arxiv_id = arxiv_id


class NetworkError(PapersError):
    """arXiv could not be reached, or kept refusing after the retries."""


class ServerError(NetworkError):
    """arXiv answered one paper's PDF with an error status it does not ask to retry (500):
    that paper's trouble, maybe alone (a crawl goes on with the others), where a connection
    that never opens, or arXiv's "slow down" (429, 503) after the retries, is everyone's."""


class VocabularyError(PapersError):
    """A library's quant_vocab.toml that cannot be read or compiled."""


class PdfError(PapersError):
    """A PDF that is truncated, encrypted, not a PDF at all, or unreadable."""


class PaperPdfError(PdfError):
    """This paper's PDF alone is at fault (arXiv has none, its link is broken, the file is
    another paper's), not arXiv or the connection: a crawl leaves the paper out."""


class PaperNotInLibrary(PapersError):
    """A command named a paper that the library does not hold."""

    def __init__(self, paper_id: str, hint: str = ""):
        super().__init__(f"not in the library: {paper_id}{hint}")
        self.paper_id = paper_id


class LibraryError(PapersError):
    """The library folder cannot be used (read-only, corrupt database, ...)."""


class LibraryBusy(LibraryError):
    """Another command held the library's write lock for the whole wait. `writer`: that
    command as papers/.writing names it ("'papers add 2402.15319' (pid 1234)"), if it does."""

    def __init__(self, message: str, writer: str | None = None) -> None:
        super().__init__(message)
        self.writer = writer


class ReadOnlyLibrary(LibraryError):
    """A command that writes, on a library this process can only read."""


class NoteConflict(PapersError):
    """A review note changed on disk since the tool last read it."""


class Terminated(KeyboardInterrupt):
    """SIGTERM or SIGHUP, raised where Ctrl-C would be so the same cleanup runs; the exit
    status is the shell's for that signal (143 for SIGTERM, 129 for SIGHUP)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.exit_code = 128 + signum
