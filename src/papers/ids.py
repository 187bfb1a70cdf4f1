"""arXiv identifiers: recognise every spelling a user types or pastes, and name files safely."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import BadIdentifier

# New-style ids (0704.0001 onwards: YYMM.NNNN until 2014, YYMM.NNNNN since 2015) and old-style
# archive/YYMMNNN ids, optionally with a subject class (math.GT/0309136).
NEW_ID = r"(?P<new>\d{4}\.\d{4,5})"
OLD_ID = r"(?P<old>[a-z][a-z\-]*(?:\.[A-Z]{2})?/\d{7})"
VERSION = r"(?:v(?P<version>\d+))?"
# (ASCII: \d would take other scripts' digits, "２２１０.１７３２３", for an id)
ID_RE = re.compile(rf"(?:{NEW_ID}|{OLD_ID}){VERSION}", re.IGNORECASE | re.ASCII)
URL_RE = re.compile(
    r"^(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html)/(?P<rest>.+?)(?:\.pdf)?/?"
    r"(?:[?#].*)?$",  # (a query or an anchor, as copied from a browser: "?context=cs", "#S3")
    re.IGNORECASE,
)
PREFIX_RE = re.compile(r"^arxiv:\s*", re.IGNORECASE)
# arXiv's DOI of a paper, as bibliographies and DOI links print it
DOI_RE = re.compile(
    r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)?10\.48550/arxiv\.(?P<rest>.+)$", re.IGNORECASE
)
# a local paper's id ("local:f147c64b8638": its PDF's sha256, cut to LOCAL_DIGITS), or its
# start as commands take one (four hex digits at least, as git takes a commit's)
LOCAL_ID_RE = re.compile(r"local:(?P<digits>[0-9a-f]{4,12})", re.IGNORECASE | re.ASCII)
LOCAL_DIGITS = 12
LOCAL_PREFIX = "local:"


def local_id_spelling(text: str) -> str | None:
    """A local paper's id (or its start) as the library spells it, whatever case it was typed
    in ("LOCAL:F147C6" -> "local:f147c6"): the prefix is ours and the digits a digest's hex,
    so case tells nothing, as arXiv ids are read in any case. None for text without the
    prefix."""
    text = text.strip()
    return text.lower() if text[: len(LOCAL_PREFIX)].lower() == LOCAL_PREFIX else None


@dataclass(frozen=True)
class ArxivId:
    id: str  # without version
    version: int | None = None

    def __str__(self) -> str:
        return f"{self.id}v{self.version}" if self.version else self.id

    @property
    def filename(self) -> str:
        """File name of this version's PDF: old-style slashes become underscores."""
        return f"{safe_name(str(self))}.pdf"


def safe_name(arxiv_id: str) -> str:
    return arxiv_id.replace("/", "_")


def _valid_new(new: str) -> bool:
    month = int(new[2:4])
    digits = len(new.split(".")[1])
    year = int(new[:2])
    if not 1 <= month <= 12:
        return False
    if (year, month) < (7, 4):  # new-style ids began in April 2007
        return False
    # Five-digit numbers replaced four-digit ones in January 2015.
    return digits == (5 if (year, month) >= (15, 1) else 4)


def parse_arxiv_id(text: str) -> ArxivId:
    """Parse an id as a user types or pastes it; raise BadIdentifier when it is none.

    Accepts 2402.15319, 2402.15319v2, arXiv:2402.15319, arxiv.org/abs|pdf URLs (with or without
    .pdf and version), arXiv's DOI (10.48550/arXiv.2402.15319, also as a doi.org link) and
    old-style ids such as hep-th/9901001 and math.GT/0309136; a full stop or comma after it, as
    copied from a sentence, is left out.
    """
    candidate = text.strip().rstrip(".,;")
    url = URL_RE.match(candidate) or DOI_RE.match(candidate)
    if url:
        candidate = url.group("rest")
    candidate = PREFIX_RE.sub("", candidate)
    match = ID_RE.fullmatch(candidate)
    if not match or (match.group("new") and not _valid_new(match.group("new"))):
        raise BadIdentifier(f"not an arXiv id: {text}")
    base = match.group("new") or _canonical_old(match.group("old"))
    version = int(match.group("version")) if match.group("version") else None
    if version == 0:
        raise BadIdentifier(f"not an arXiv id: {text}")
    return ArxivId(base, version)


def arxiv_id_or_none(text: str) -> ArxivId | None:
    """The arXiv id a text is (any spelling parse_arxiv_id reads), or None when it is none."""
    try:
        return parse_arxiv_id(text)
    except BadIdentifier:
        return None


def _canonical_old(old: str) -> str:
    """math.GT/0309136 -> math/0309136: arXiv names old papers by archive, not subject class."""
    archive, number = old.split("/")
    return f"{archive.split('.')[0].lower()}/{number}"
