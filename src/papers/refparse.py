"""Parse one bibliography entry into fields (authors, title, year, venue, arXiv id, DOI, URL).

Pure string work so the parser can be tested on hand-written entries and on the hand-checked
truth lists without a PDF. The common ML styles are covered by a few rules rather than by
per-paper cases: natbib author-year ("Surname, F., ... (2020). Title. Venue."), plain numbered
("F. Surname, ... and F. Surname. Title. In Venue, 2020."), ACL ("Names. 2020. Title."), IEEE
("F. Surname and F. Surname, “Title,” in Venue, 2020.") and Vancouver ("Surname F, Surname F.").
"""

from __future__ import annotations

import functools
import re

from .errors import BadIdentifier
from .glyphs import repair_text
from .ids import parse_arxiv_id
from .models import Reference

# --- text normalisation -------------------------------------------------------------------


def normalize_text(raw: str) -> str:
    """Spaces collapsed (an entry is one line), then PDF text-layer artefacts undone
    (glyphs.repair_text). A soft hyphen inside an entry joined a word at a line end: it goes."""
    text = " ".join(raw.split())  # the same as collapsing r"\s+" and stripping
    return repair_text(text.replace("\u00ad", ""))


# --- identifiers ----------------------------------------------------------------------------

_NEW = r"\d{4}\.\d{4,5}"
_ARCHIVES = (
    r"(?:hep-th|hep-ph|hep-lat|hep-ex|gr-qc|astro-ph|cond-mat|quant-ph|math-ph|nucl-th|nucl-ex"
    r"|nlin|math|cs|physics|q-bio|q-fin|stat|chao-dyn|solv-int|alg-geom|dg-ga|funct-an|q-alg"
    r"|cmp-lg|adap-org|patt-sol|supr-con|mtrl-th|chem-ph|comp-gas|atom-ph|acc-phys|ao-sci"
    r"|bayes-an|plasm-ph)"
)
_OLD = _ARCHIVES + r"(?:\.[A-Za-z]{2})?/\d{7}"
_ID = rf"(?P<id>{_NEW}|{_OLD})(?:v\d+)?"
_CLASSES = r"(?:\s*\[[\w.\-]+(?:,\s*[\w.\-]+)*\])?"  # "[cs.LG]", "[cs, stat]"
# Every printed spelling, each anchored on a marker so that bare numbers (pages, DOIs) never
# count: arXiv:ID, arXiv preprint ID, abs/ID (CoRR, ArXiv), arxiv.org/abs|pdf/ID, the arXiv DOI.
# "[aA](?i:rxiv)" is "(?i:arxiv)" spelled so that the regex engine can skip ahead to an "a".
_ARXIV_PATTERNS = [
    re.compile(rf"[aA](?i:rxiv)\s*:\s*{_ID}{_CLASSES}"),
    re.compile(rf"[aA](?i:rxiv)(?:\s+(?i:preprint|e-prints?))?,?\s+{_ID}{_CLASSES}"),
    re.compile(rf"(?:(?i:vol)\.\s*)?(?<![\w.])abs/{_ID}"),
    re.compile(rf"[aA](?i:rxiv\.org)/(?:abs|pdf|html)/{_ID}(?:\.pdf)?"),
    re.compile(rf"10\.48550/(?i:arxiv)\.{_ID}"),
    re.compile(rf"(?<![\w/.\-]){_ARCHIVES}(?:\.[A-Za-z]{{2}})?/\d{{7}}(?:v\d+)?(?![\w/])"),
]
# A pattern above can only match where these are printed (checked first: most entries have
# no arXiv id, and scanning a string for a cheap substring costs far less than a regex).
_OLD_ID_HINT_RE = re.compile(r"/\d{7}")
_BROKEN_ID_HINT_RE = re.compile(r"\d[.\-]\s")
_ARXIV_MARKER = r"(?:(?i:arxiv)\s*:\s*|(?<![\w.])abs/|(?i:arxiv\.org)/(?:abs|pdf)/)"
_BROKEN_DOT_RE = re.compile(rf"({_ARXIV_MARKER})(\d{{4}})\.\s+(\d{{4,5}})\b")
_BROKEN_HYPHEN_RE = re.compile(rf"({_ARXIV_MARKER})(\d{{4}}\.\d{{1,4}})-\s+(\d{{1,4}})\b")

_DOI_RE = re.compile(r"(?:(?i:doi)\s*:?\s*|(?i:https?://(?:dx\.)?doi\.org/))?(10\.\d{4,9}/\S+)")
_URL_RE = re.compile(r"(?:https?://|(?<![\w@/.])www\.)\S+", re.IGNORECASE)
_AVAILABLE_RE = re.compile(
    r"(?i:software available (?:from|at)|available (?:from|at)|url:?)\s+"
    r"((?:[\w\-]+\.\s?)+(?:org|com|net|io|edu|ai|gov|dev)\b(?:/\S*)?)"
)
_URL_TRAIL = ".,;:)]}>\"'”’"


def folded(text: str) -> str:
    """Text lower-cased for substring checks that stand before case-insensitive regexes.

    The re module also matches "ı" and "İ" to i and "ſ" to s; those are mapped here too, so
    a failed check means the regex cannot match.
    """
    lower = text.lower()
    if not lower.isascii():
        lower = lower.replace("ı", "i").replace("ſ", "s").replace("\u0307", "")
    return lower


def _repair_ids(text: str) -> str:
    """Rejoin arXiv ids that the line joiner split ("arXiv:2402. 15319", "2402.153- 19")."""
    if "abs/" not in text and "arxiv" not in folded(text) or not _BROKEN_ID_HINT_RE.search(text):
        return text
    text = _BROKEN_DOT_RE.sub(r"\1\2.\3", text)

    def hyphen(m: re.Match[str]) -> str:
        joined = m.group(2) + m.group(3)
        if 4 <= len(joined.split(".")[1]) <= 5:
            return m.group(1) + joined
        return m.group(0)

    return _BROKEN_HYPHEN_RE.sub(hyphen, text)


def find_arxiv_id(text: str) -> tuple[str | None, list[tuple[int, int]]]:
    """The printed arXiv id (without version) and the spans of every spelling of it."""
    arxiv_id, spans = _find_arxiv_id(text)
    return arxiv_id, list(spans)


@functools.lru_cache(maxsize=16)
def _find_arxiv_id(text: str) -> tuple[str | None, tuple[tuple[int, int], ...]]:
    """find_arxiv_id, cached: an entry without URLs is searched again unchanged (its body)."""
    lower = folded(text)
    has_arxiv = "arxiv" in lower
    old_style = "/" in text and _OLD_ID_HINT_RE.search(text) is not None
    if not has_arxiv and not old_style and "abs/" not in text:
        return None, ()  # no pattern can match: most entries without an id end here
    found: list[tuple[int, str]] = []
    spans: list[tuple[int, int]] = []
    possible = (
        has_arxiv,
        has_arxiv,
        "abs/" in text,
        "arxiv.org" in lower,
        "10.48550/" in text and has_arxiv,
        old_style,
    )
    for pattern, may_match in zip(_ARXIV_PATTERNS, possible, strict=True):
        if not may_match:
            continue
        for m in pattern.finditer(text):
            arxiv_id = _printed_id(m.group("id") if "id" in pattern.groupindex else m.group(0))
            if arxiv_id is not None:
                found.append((m.start(), arxiv_id))
                spans.append(m.span())
    return (min(found)[1] if found else None), tuple(spans)


@functools.lru_cache(maxsize=1024)
def _printed_id(candidate: str) -> str | None:
    """The id (without version) a spelling found by _ARXIV_PATTERNS names, or None when it
    names none (cached: each entry is searched three times, whole and in parts)."""
    try:
        return parse_arxiv_id(candidate).id
    except BadIdentifier:
        return None


def _extend_url(url: str, rest: str) -> tuple[str, int]:
    """Rejoin a URL that a line break or a drawn underscore cut; return it and chars used."""
    used = 0
    while True:
        m = re.match(r" (\S+)", rest[used:])
        if not m:
            break
        token = m.group(1)
        host_part = "/" not in url.split("://", 1)[-1]
        urlish = bool(re.search(r"[/.#_=?-]\w", token))
        cut_at_hyphen = url.endswith("-") and re.match(r"[a-z0-9]", token)
        cut_at_slash = url.endswith("/") and urlish and not token[:1].isupper()
        cut_in_host = (
            url.endswith(".") and host_part and re.match(r"[A-Za-z0-9\-]+(?:[./]|$)", token)
        )
        if cut_at_hyphen or cut_at_slash or cut_in_host:
            url += token
        elif not url.endswith(".") and "/" in token.rstrip(_URL_TRAIL) and "://" not in token:
            url += "_" + token  # LaTeX-drawn underscore read as a space
        elif "#" in url and re.fullmatch(r"[a-z]+[.]?", token) and not rest[used + m.end() :]:
            url += "_" + token
        else:
            break
        used += m.end()
    return url, used


def find_urls(text: str) -> tuple[list[str], list[tuple[int, int]]]:
    """Printed URLs (rejoined, trailing punctuation dropped) and their spans in text."""
    urls: list[str] = []
    spans: list[tuple[int, int]] = []
    lower = folded(text)  # cheap checks first: most entries print no URL
    matches = _URL_RE.finditer(text) if "http" in lower or "www." in lower else ()
    for m in matches:
        if spans and m.start() < spans[-1][1]:
            continue
        url, used = _extend_url(m.group(0), text[m.end() :])
        end = m.end() + used
        url = url.rstrip(_URL_TRAIL)
        if re.fullmatch(r"(?i)https?://|www\.", url):
            continue
        start = m.start()
        if text[max(0, start - 3) : start].lower() == "url":  # "urlhttp://..." from a broken \url
            start -= 3
        urls.append(url)
        spans.append((start, end))
    if "available" not in lower and "url" not in lower:
        return urls, spans
    for m in _AVAILABLE_RE.finditer(text):
        if any(s <= m.start(1) < e for s, e in spans):
            continue
        urls.append(re.sub(r"\s+", "", m.group(1)).rstrip(_URL_TRAIL))
        spans.append(m.span(1))
    return urls, spans


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    """Remove spans from text (identifiers), keeping the rest in place."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    for start, end in reversed(merged):
        text = text[:start] + " " + text[end:]
    # Spaces are collapsed first (the same result as last), so that only " " is left and the
    # two punctuation passes run only where the text has what they rewrite.
    text = " ".join(text.split())
    if " ." in text or " ," in text or " ;" in text or " :" in text:
        text = text.replace(" .", ".").replace(" ,", ",").replace(" ;", ";").replace(" :", ":")
    if _PUNCT_PAIR_RE.search(text):
        text = _PUNCT_RUN_RE.sub(r"\1", text)
    return text


_PUNCT_RUN_RE = re.compile(r"([,;:])(?:\s*[,;:])+")
_PUNCT_PAIR_RE = re.compile(r"[,;:][,;:]")


# --- years ----------------------------------------------------------------------------------

_YEAR = r"(?:19|20)\d\d"
# The look-behind comes after the "19"/"20" so that the regex engine can skip ahead to them.
_YEAR_RE = re.compile(r"(?:19|20)(?<![\w/.:–\-]\d\d)\d\d(?:[a-z](?![a-z]))?(?![\w–\-]|\.\d)")
_PAREN_YEAR_RE = re.compile(rf"\(({_YEAR})[a-z]?\)")
_MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_TRAILING_DATE_RE = re.compile(rf"[,.]?\s*(?:{_MONTHS}\s+)?\(?{_YEAR}[a-z]?\)?\s*[.,]?\s*$")
_LEADING_DATE_RE = re.compile(rf"^(?:{_MONTHS}\s+)?\(?{_YEAR}[a-z]?\)?(?:[.,]\s*|$)")


_DAY_RE = re.compile(rf"(?:{_MONTHS}\s+\d{{1,2}}|\b\d{{1,2}}\s*[–-]\s*\d{{1,2}})\s*,?$")


def _may_end_in_year(text: str) -> bool:
    """Whether _TRAILING_DATE_RE can match: the text, less closing punctuation, a bracket and a
    year letter, ends in a year. Much cheaper than the regex, which most titles fail."""
    tail = text.rstrip().rstrip(".,").rstrip().rstrip(")")
    if tail[-1:].isalpha():
        tail = tail[:-1]
    return tail[-4:-2] in ("19", "20") and tail[-2:].isdigit()


# The parts of a regex anchored at the end (`$`), from its end back to its start: a whitespace
# run (None), or at most this many characters (the longest month, "September.", is 10).
_TRAILING_DATE_PARTS = (None, 1, None, 1, 1, 4, 1, None, 10, None, 1)
_DAY_PARTS = ((1, None, 2, None, 10), (1, None, 2, None, 1, None, 2))  # its two alternatives


def _earliest_start(text: str, parts: tuple[int | None, ...]) -> int:
    """A place at or before the start of any match of a regex anchored at the end of text.

    Searching from every position of a long text costs far more than the one attempt near
    its end that can succeed. Walking back over each part of the regex at its longest (every
    whitespace run in full) reaches a place no match can start before, so a search started
    there finds the same match (look-behinds and \\b still see the text before it).
    """
    start = len(text)
    for part in parts:
        if part is None:
            while start > 0 and text[start - 1].isspace():
                start -= 1
        else:
            start = max(start - part, 0)
    return start


def _trailing_date(text: str) -> re.Match[str] | None:
    """_TRAILING_DATE_RE.search(text), only where a match can start."""
    if not _may_end_in_year(text):
        return None
    return _TRAILING_DATE_RE.search(text, _earliest_start(text, _TRAILING_DATE_PARTS))


def strip_trailing_date(text: str) -> str:
    """Drop a publication date ("..., 2020", "..., July 2017") from the end of text, but not the
    year of a full date that belongs to a venue ("..., March 8-11, 1994")."""
    m = _trailing_date(text)
    if not m:
        return text
    head = text[: m.start()]
    if _DAY_RE.search(head, min(_earliest_start(head, parts) for parts in _DAY_PARTS)):
        return text
    return text[: m.start()]


def find_year(text: str) -> int | None:
    """Publication year: the parenthesised author-year one, else the last plausible year."""
    paren = _PAREN_YEAR_RE.search(text)
    if paren:
        return int(paren.group(1))
    years = [int(m.group(0)[:4]) for m in _YEAR_RE.finditer(text)]
    years = [y for y in years if 1900 <= y <= 2039]
    return years[-1] if years else None


# --- authors --------------------------------------------------------------------------------

_PARTICLES = {
    "van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "dos", "das", "la", "le",
    "ter", "ten", "zu", "y", "i", "st.", "al", "el", "bin", "ibn",
}  # fmt: skip
_CAP_PARTICLES = {"Van", "Von", "De", "Del", "Della", "Di", "Da", "Du", "Le", "La", "Der", "Den"}
_JOINING_PARTICLES = {"del", "y", "i"}  # "Villanova del Moral", "Ramón y Cajal"
_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}
# Capital and small letters of names, spelled out as classes: initials and surnames are not
# all ASCII ("Ł. Kaiser", "Ö. Yılmaz"). Latin, Greek and Cyrillic cover the printed names.
_UP = "A-Z" + "".join(c for c in map(chr, range(0xC0, 0x530)) if c.isupper())
_LO = "a-z" + "".join(c for c in map(chr, range(0xC0, 0x530)) if c.islower())
_INITIAL_DOT_RE = re.compile(
    rf"^(?:[{_UP}][{_LO}]?\.|[a-z]\.|(?:[{_UP}]\.){{2,}}"
    # ("M.v." for Mart van Baalen, "X.s." for Xian-sheng Hua, as LNCS styles print them)
    rf"|[{_UP}]\.?[-‐]\s?[{_UP}][{_LO}]?\.?|[{_UP}]\.[-‐]?[{_LO}]\.)[,;:]?$"
)
_INITIAL_BARE_RE = re.compile(rf"^[{_UP}]{{1,3}}[,;]?$")
_HYPHEN_BROKEN_INITIAL_RE = re.compile(rf"^[{_UP}]\.[-‐]$")  # "J.-" of "J.- B."
_ET_AL_RE = re.compile(r"(?:,?\s*\bet\.?\s*al\b\.?|,?\s*\band\s+others\b\.?)\s*$", re.IGNORECASE)
_SPLIT_RE = re.compile(r"\s*[,;]\s*(?:and\s+|&\s*)?|\s+and\s+|\s+&\s+")
_SF_START_RE = re.compile(
    rf"^(?:[^\s,.()]+\s){{0,3}}[^\s,.()\d]+,\s+(?:[{_UP}][{_LO}]?\.|[{_UP}]\.?[-‐][{_UP}]\.|[{_UP}]\.[-‐][{_LO}]\.)"
)
_SF_FULL_START_RE = re.compile(
    rf"^(?:[a-z]+\s){{0,2}}[{_UP}][^\s,.()]*,\s[{_UP}][^\s,.()\d]+(?:\s[{_UP}][^\s,()\d]*)?,\s"
    rf"(?:and\s)?(?:[a-z]+\s){{0,2}}[{_UP}][^\s,.()]*,\s[{_UP}]"
)
_VANCOUVER_NAME = rf"(?:[{_UP}][^\s,.()\d]*\s){{1,3}}[{_UP}]{{1,3}}"
_VANCOUVER_START_RE = re.compile(rf"^{_VANCOUVER_NAME},\s{_VANCOUVER_NAME}[,.]\s")


@functools.lru_cache(maxsize=4096)
def _is_initial_token(token: str) -> bool:
    """One abbreviated given name as printed: "J.", "L.-J.", "M.F.", "d." (cached: author
    lists repeat the same few initials, and the scanners ask about each token twice)."""
    return bool(_INITIAL_DOT_RE.match(token))


_INITIAL_CORE_RE = re.compile(
    rf"[{_UP}]|[a-z]|(?:[{_UP}]\.)+[{_UP}]|[{_UP}]\.?[-‐][{_UP}][{_LO}]?|[{_UP}]\.[-‐]?[{_LO}]"
)


def _gf_block_end(tokens: list[str]) -> int:
    """Tokens in a given-name-first author list: it ends at the first full stop after a word
    that is neither an initial nor the "al" of "et al."."""
    for i, token in enumerate(tokens):
        if token.endswith(".") and not token.endswith(".,"):
            core = token.rstrip(".")
            if _INITIAL_CORE_RE.fullmatch(core):
                continue
            return i + 1
        if token.startswith(("“", '"')):
            return i
        if token.endswith(":"):  # "Author, Author: Title" or a title with no authors before
            names = all(t[:1].isupper() or t in _PARTICLES or t == "and" for t in tokens[: i + 1])
            return i + 1 if i >= 1 and names else 0
    return 0


def _sf_full_scan(tokens: list[str]) -> tuple[list[str], bool, int]:
    """Scan "Surname, Given Names, Surname, Given, and Surname, Given G." lists."""
    authors: list[str] = []
    i, n = 0, len(tokens)
    while i < n:
        if tokens[i] in ("and", "&"):
            i += 1
        if i + 1 < n and tokens[i] == "et" and tokens[i + 1].startswith("al"):
            return authors, True, i + 2
        j = i
        while j < n and j - i < 3 and not tokens[j].endswith(","):
            j += 1
        if j >= n or not tokens[j].endswith(","):
            return authors, False, i
        surname = " ".join(tokens[i : j + 1]).rstrip(",")
        k = j + 1
        while k < n and k - j <= 3 and not tokens[k].endswith((",", ".", ":")):
            k += 1
        if k >= n or k - j > 3:
            return authors, False, i
        authors.append(surname)
        i = k + 1
        if tokens[k].endswith((".", ":")) and not (i < n and tokens[i] in ("and", "&")):
            if _is_initial_token(tokens[k]) and i < n and _is_initial_token(tokens[i]):
                continue
            return authors, False, i
    return authors, False, i


def _sf_scan(tokens: list[str]) -> tuple[list[str], bool, int]:
    """Scan a surname-first list ("Surname, F. G., Surname, F., and Surname, F."): the
    surnames, et al., and the number of tokens the list takes."""
    authors: list[str] = []
    i = 0
    n = len(tokens)
    while i < n:
        if tokens[i] in ("and", "&"):
            i += 1
            continue
        if tokens[i] == "et" and i + 1 < n and tokens[i + 1].startswith("al"):
            return authors, True, i + 2
        if tokens[i] == "others" or tokens[i] == "others.":
            return authors, True, i + 1
        # surname: up to four tokens, the last ending with a comma (most often just that one)
        j = i
        while j < n and j - i < 4 and tokens[j][-1] != ",":  # split() leaves no empty token
            j += 1
        if j >= n or tokens[j][-1] != ",":
            return authors, False, i
        if j == i:
            surname = tokens[i].rstrip(",")
        elif any("." in t for t in tokens[i:j]):
            return authors, False, i
        else:
            surname = " ".join(tokens[i : j + 1]).rstrip(",")
        k = j + 1
        initials_end = k
        more = False
        while k < n:
            token = tokens[k]
            if (
                _HYPHEN_BROKEN_INITIAL_RE.match(token)
                and k + 1 < n
                and _is_initial_token(tokens[k + 1])
            ):
                k += 1  # "J.- B.": "J.-B." with a space where the line broke
                continue
            if not _is_initial_token(token) and not (
                _INITIAL_BARE_RE.match(token)
                and (
                    token.endswith(",")
                    or (
                        k + 1 < n
                        and (tokens[k + 1] in ("and", "&") or _is_initial_token(tokens[k + 1]))
                    )
                )
            ):
                break
            k += 1
            initials_end = k
            last = token[-1]
            if last == "," or last == ";":
                more = True
                break
            if last == ":":
                break
        if initials_end == j + 1:
            # one given name printed whole amid initials ("Gokhale, V., Jin, Jonghoon, Dundar,
            # A., ..."): a capitalised word and a comma, with the list going on after it
            given = tokens[k] if k < n else ""
            if (
                authors
                and k + 2 < n
                and given[:1].isupper()
                and given[:-1].isalpha()
                and given.endswith(",")
                and tokens[k + 1].endswith(",")
                and _is_initial_token(tokens[k + 2])
            ):
                authors.append(surname)
                i = k + 1
                continue
            # a name printed whole, given name first, in place of "Surname, I." ("Hu, E. J.,
            # yelong shen, Wallis, P., ..."): two or three words and a comma, the list going on
            # with a surname and its initials
            if (
                authors
                and i < j <= i + 2
                and all(t.rstrip(",").replace("-", "").isalpha() for t in tokens[i : j + 1])
                and k + 1 < n
                and tokens[k].endswith(",")
                and _is_initial_token(tokens[k + 1])
            ):
                authors.append(_surname_from_name(surname))
                i = k
                continue
            return authors, False, i  # no initials: not this format (or an organisation)
        authors.append(surname)
        i = initials_end
        if i + 1 < n and tokens[i] == "et" and tokens[i + 1].startswith("al"):
            return authors, True, i + 2
        if not more and not (i < n and tokens[i] in ("and", "&")):
            return authors, False, i
    return authors, False, i


def _surname_from_name(name: str) -> str:
    """Surname of a given-name-first name: the last word with the particles before it
    ("van der Maaten", "Le Scao", "Villanova del Moral"); never the first word alone."""
    tokens = [t for t in name.split() if t]
    while len(tokens) > 1 and tokens[-1].lower().rstrip(",") in _SUFFIXES:
        tokens.pop()
    if len(tokens) <= 1:
        return tokens[0] if tokens else ""
    start = len(tokens) - 1
    for k in range(1, len(tokens) - 1):
        if tokens[k] in _PARTICLES or tokens[k] in _CAP_PARTICLES:
            start = k
            if (
                tokens[k] in _JOINING_PARTICLES
                and k >= 2
                and tokens[k - 1][:1].isupper()
                and not _is_initial_token(tokens[k - 1])
                and len(tokens[k - 1]) > 2
            ):
                start = k - 1
            break
    return " ".join(tokens[start:])


_ORG_WORDS = {
    "team", "services", "inc", "inc.", "corporation", "corp.", "foundation", "group", "lab",
    "labs", "laboratory", "research", "ai", "institute", "consortium", "project", "community",
    "contributors", "developers", "university", "committee", "association", "society", "ltd",
    "llc", "blog", "library", "authors", "organization", "organisation", "company", "org",
}  # fmt: skip


def _looks_like_organisation(part: str) -> bool:
    """Whether the one name of an author block names an organisation, not a person: a word
    in capitals names no person's given name or surname ("TII UAE", "LMSYS ORG")."""
    tokens = part.split()
    if len(tokens) <= 1 or tokens[-1].lower().rstrip(".") in _ORG_WORDS:
        return True
    if any(len(t) >= 3 and t.isalpha() and t.isupper() for t in tokens):
        return True
    if "(" in part or any(ch.isdigit() for ch in part):
        return True
    return any(t[:1].islower() and t not in _PARTICLES and not _is_initial_token(t) for t in tokens)


def _may_end_in_et_al(block: str) -> bool:
    """Whether _ET_AL_RE can match: the block ends in "al" or "others", maybe with a dot."""
    tail = block.rstrip()
    if tail.endswith("."):
        tail = tail[:-1]
    tail = tail[-6:].lower().replace("ſ", "s")  # the re module matches "ſ" to s
    return tail.endswith(("al", "others"))


def split_authors(block: str) -> tuple[list[str], bool]:
    """Surnames in printed order from an author block, and whether it ends in "et al."."""
    block = block.strip().rstrip(",;").strip()
    et_al = False
    m = _ET_AL_RE.search(block) if _may_end_in_et_al(block) else None
    if m:
        et_al = True
        block = block[: m.start()].strip().rstrip(",;").strip()
    if not block:
        return [], et_al
    tokens = block.split()
    if _SF_START_RE.match(block):
        authors, sf_et_al, used = _sf_scan(tokens)
        if authors and used >= len(tokens):
            return authors, et_al or sf_et_al
    if _SF_FULL_START_RE.match(block):
        authors, full_et_al, used = _sf_full_scan(tokens)
        if authors and used >= len(tokens):
            return authors, et_al or full_et_al
    if _VANCOUVER_START_RE.match(block + " "):
        parts = [p for p in _SPLIT_RE.split(block.rstrip(".")) if p]
        names = []
        for part in parts:
            words = part.split()
            if len(words) >= 2 and _INITIAL_BARE_RE.match(words[-1].rstrip(".")):
                names.append(" ".join(words[:-1]))
            else:
                names = []
                break
        if names:
            return names, et_al
    parts = [p.strip() for p in _SPLIT_RE.split(block) if p and p.strip()]
    if len(parts) == 1 and _looks_like_organisation(parts[0]):
        return [parts[0].rstrip(".")], et_al
    authors = []
    for part in parts:
        if part.lower() in ("others", "et al", "et al."):
            et_al = True
            continue
        if part.lower().rstrip(".") in _SUFFIXES:
            continue
        authors.append(_surname_from_name(part).rstrip(".,"))
    return [a for a in authors if a], et_al


# --- title and venue ------------------------------------------------------------------------

_ABBREVIATIONS = {"vs", "e.g", "i.e", "etc", "proc", "st", "dr", "mr", "mrs", "vol", "no", "fig"}
_VENUE_START_RE = re.compile(
    r"(?:In\s|in\s|arXiv|ArXiv|CoRR|Proc|Advances|Journal|Trans|IEEE|ACM|International|"
    r"Conference|Workshop|Nature|Science|https?://|\(?(?:19|20)\d\d|$)"
)
_QUOTED_RE = re.compile(r"[“\"]\s*(.+?)\s*[”\"]")


_SENTENCE_STOP_RE = re.compile(r"([.?!])(?:\s+|$)")
_VENUE_WORD_RE = re.compile(
    r"(?:arxiv|in\s|https?:|www\.|url|doi|pp?\.|pages|vol|no\.|tech)", re.IGNORECASE
)


def _last_word(text: str) -> str | None:
    r"""What re.search(r"(\S+)$", text) finds, without the regex scanning every position."""
    if text.endswith("\n"):  # `$` also matches before a final newline
        text = text[:-1]
    if not text or text[-1].isspace():
        return None
    return text.rsplit(None, 1)[-1]


def _sentence_end(text: str) -> int:
    """Index where the first sentence (a title) of text ends."""
    for m in _SENTENCE_STOP_RE.finditer(text):
        before = text[: m.start()]
        if m.group(1) == ".":
            word = _last_word(before)
            if word and word.lower().rstrip(".") in _ABBREVIATIONS:
                continue
            after = text[m.end() :]
            if after[:1].islower() and not _VENUE_WORD_RE.match(after):
                continue  # "Llm. int8 ()": a dot the text layer split off, not a sentence end
            return m.start()
        rest = text[m.end() :]
        if _VENUE_START_RE.match(rest):
            return m.start() + 1
    return len(text)


def _clean_title(title: str) -> str:
    title = title.strip().strip(",;:").strip()
    if title.endswith(".") and not title.endswith("..."):
        title = title[:-1].rstrip()
    return title


_HARD_CUT_RE = re.compile(
    r",?\s*\b(?:pages|pp\.|pg\.|page|volume|vol\.|Vol\.|no\.|number|chapter|art\.|article)\s"
    r"|,?\s*\b\d+(?:\.\d+)?\s*\(\d+\)|,\s*\d+\s*:\s*\d+|[.,]\s*\d+\s*[–-]\s*\d+\b"
    r"|,\s*[A-Z]{2,}[’']\d\d\b"
    r"|[.,]?\s*(?:19|20)\d\d\s*;"
)
# A sentence naming a publisher (and its place), not a meeting or a journal.
_PUBLISHER_RE = re.compile(
    r"(?i)^(?!.*\b(?:conference|conf\.|workshop|symposium|transactions|trans\.|journal"
    r"|proceedings|proc\.|letters|magazine|meeting)\b)"
    r"(?:springer|ieee|acm|pmlr|mit press|elsevier|omnipress|curran|jmlr|aaai|"
    r"morgan kaufmann|wiley|openreview|cambridge university press|oxford university press|"
    r"[\w.\-]+\.(?:org|net|com)\b|.*\b(?:press|association|inc\.?|publishers?|society|"
    r"foundation|ieee|acm)\b)"
)


def clean_venue(rest: str) -> str | None:
    """The venue as printed, without pages, volume, publisher, year and identifiers."""
    venue = _LEADING_DATE_RE.sub("", rest.strip().strip(".,;: "))
    m = _ARXIV_VENUE_RE.match(venue)
    if m:
        return m.group("v")
    if _NOT_A_VENUE_RE.match(venue):
        return None
    venue = _IN_RE.sub("", venue)
    if "ed" in venue:  # every spelling of "editors" holds it
        venue = _EDITORS_RE.sub("", venue)
    if "vailable" in venue:  # "In ICML, 2019. Full version available at <url>"
        venue = _AVAILABLE_TAIL_RE.sub("", venue)
    if venue.endswith(")"):  # "... systems 13 (2000)": a volume and its year
        venue = _VOLUME_YEAR_RE.sub("", venue)
    venue = _strip_venue_date(venue)
    cut = _HARD_CUT_RE.search(venue)
    if cut:
        venue = _strip_venue_date(venue[: cut.start()])
    sentences = _VENUE_SENTENCE_RE.split(venue)
    if (
        len(sentences) > 1
        and _PUBLISHER_RE.match(sentences[-1].strip())
        and (len(sentences) > 2 or " " in sentences[0].strip())  # not "Commun. ACM"
    ):
        venue = ". ".join(sentences[:-1])  # "Proceedings of the ECCV. Springer"
    venue = _VOLUME_TAIL_RE.sub("", venue)  # a bare volume number: "..., 31."
    if "URL" in venue:
        venue = _URL_TAIL_RE.sub("", venue)
    venue = venue.strip().strip(".,;: ").strip()
    if venue.endswith("("):  # (what a date in brackets leaves: "(ICCV) (October 2019)")
        venue = venue[:-1].rstrip(".,;: ")
    if not venue or _LEADING_DATE_RE.fullmatch(venue) or not _LETTER_RE.search(venue):
        return None
    return venue


def _strip_venue_date(venue: str) -> str:
    """strip_trailing_date, but a year printed right after an acronym names the meeting
    ("Findings of the ACL: EMNLP 2020", "NeurIPS 2022")."""
    m = _trailing_date(venue)
    if m and m.group(0)[:1].isspace() and _ACRONYM_YEAR_RE.search(venue, max(m.start() - 12, 0)):
        return venue
    return strip_trailing_date(venue)


_ACRONYM_YEAR_RE = re.compile(rf"\b[A-Z][A-Za-z]*[A-Z][A-Za-z]*\s+{_YEAR}\s*$")
_AVAILABLE_TAIL_RE = re.compile(r"(?i)(?:^|[.,])\s*[^.,]*\bavailable\s+(?:at|from|online)\s*:?\s*$")
_VOLUME_YEAR_RE = re.compile(rf"\s+\d{{1,3}}(?:\.\d{{1,3}})?\s*\({_YEAR}\)$")
_ARXIV_VENUE_RE = re.compile(
    r"^(?P<v>arXiv preprint|arXiv e-prints?|ArXiv preprint|ArXiv|arXiv|arxiv|CoRR)\b"
)
_NOT_A_VENUE_RE = re.compile(
    r"(?i)^(?:software available|available (?:from|at)|url\b|accessed|online\b)"
)
_IN_RE = re.compile(r"^(?:In|in)\s*:?\s+")
_EDITORS_RE = re.compile(r"^.*?,\s*(?:editors?|eds?\.|\(eds?\.?\)),\s*")
# A full stop after three ordinary characters; the look-behind follows the dot so that the
# regex engine can skip ahead to dots.
_VENUE_SENTENCE_RE = re.compile(r"\.(?<=[^\s.]{3}\.)\s+")
_VOLUME_TAIL_RE = re.compile(r",\s*\d{1,3}\s*$")
_URL_TAIL_RE = re.compile(r"\s*\bURL\s*$")
_LETTER_RE = re.compile(r"[A-Za-z]")


# --- the entry ------------------------------------------------------------------------------


def parse_reference(raw: str, n: int = 0, marker: str | None = None) -> Reference:
    """Split one reference string into fields; fields it cannot find stay empty."""
    text = _repair_ids(normalize_text(raw))
    text = _STRAY_MARKER_RE.sub("", text)
    ref = Reference(n=n, raw=raw, marker=marker)

    urls, url_spans = find_urls(text)
    ref.url = urls[0] if urls else None
    arxiv, _ = find_arxiv_id(text)
    doi_match = _DOI_RE.search(text) if "10." in text else None
    doi_spans: list[tuple[int, int]] = []
    if doi_match:
        ref.doi = doi_match.group(1).rstrip(_URL_TRAIL)
        doi_spans.append(doi_match.span())
    if arxiv is None:  # an arXiv id can only hide inside a URL or a DOI
        arxiv, _ = find_arxiv_id(" ".join(urls + ([ref.doi] if ref.doi else [])))
    ref.arxiv = arxiv

    # URLs go before segmenting (their dots would end sentences); ids stay for the venue.
    body = _blank(text, [s for s in url_spans if not any(a <= s[0] < b for a, b in doi_spans)])
    if "URL" in body:
        body = _URL_WORD_RE.sub("", body).strip()
    no_ids = _blank(body, _identifier_spans(body))
    ref.year = find_year(no_ids)

    block, title, rest = _segment(body)
    ref.authors, ref.et_al = split_authors(block)
    if title is not None:
        tail = _trailing_date(title)
        if tail and tail.start() > 0 and tail.group(0).lstrip().startswith((",", "(")):
            title = title[: tail.start()]
        ref.title = _clean_title(title) or None
    rest_no_ids = _blank(rest, _identifier_spans(rest))
    ref.venue = clean_venue(rest_no_ids) if rest_no_ids else None
    printed = _PRINTED_ARXIV_RE.match(rest)
    if ref.venue is None and printed:
        ref.venue = "arXiv" if printed.group(1).lower() == "arxiv" else "CoRR"
    return ref


_PRINTED_ARXIV_RE = re.compile(r"(?i)^\W*(?:in:?\s+)?(arxiv|corr)\b")
_STRAY_MARKER_RE = re.compile(r"^(?:\[[^\]\s]{1,12}\]|\d{1,3}\.(?=\s+[A-Z]))\s*")
_URL_WORD_RE = re.compile(r"\bURL\b\.?")


def _identifier_spans(text: str) -> list[tuple[int, int]]:
    """Where arXiv ids and DOIs are printed in text."""
    spans = find_arxiv_id(text)[1]
    if "10." in text:  # every DOI starts with it
        spans += [m.span() for m in _DOI_RE.finditer(text)]
    return spans


_VANCOUVER_END_RE = re.compile(rf"[{_UP}]{{1,3}}\.|al\.")
_YEAR_LEAD_RE = re.compile(rf"^[(\[]?(?:{_YEAR}[a-z]?|n\.\s?d\.)[)\]]?[.,:]?\s*")


def _segment(body: str) -> tuple[str, str | None, str]:
    """Cut an entry into author block, title and the rest (venue, year, pages)."""
    quoted = _QUOTED_RE.search(body)
    if quoted:
        before = body[: quoted.start()].strip()
        # IEEE: the quote follows the authors; anything else before it means another style
        if not before or before.endswith((",", ".", ":")) and len(before.split(". ")) <= 3:
            gf_end = _gf_block_end(before.split()) if before else 0
            if not before or gf_end in (0, len(before.split())):
                return before.rstrip(".,:; "), quoted.group(1), body[quoted.end() :]

    tokens = body.split()
    if _SF_START_RE.match(body):
        _, _, used = _sf_scan(tokens)
    elif _SF_FULL_START_RE.match(body):
        used = _sf_full_scan(tokens)[2]
    elif _VANCOUVER_START_RE.match(body):
        used = next((i + 1 for i, t in enumerate(tokens) if _VANCOUVER_END_RE.fullmatch(t)), 0)
    else:
        used = _gf_block_end(tokens)
    block = " ".join(tokens[:used])
    rest = " ".join(tokens[used:]).lstrip(" .,;")
    # author-year year, or the ACL-style year sentence, sits between authors and title
    year_lead = _YEAR_LEAD_RE.match(rest)
    if year_lead and used:
        rest = rest[year_lead.end() :]
    if not rest:
        return block, None, ""
    quoted = _QUOTED_RE.match(rest)
    if quoted:
        return block, quoted.group(1), rest[quoted.end() :]
    end = _sentence_end(rest)
    return block, rest[:end], rest[end:].lstrip(" .")
