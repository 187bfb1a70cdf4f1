"""Quantization facets found in a paper's text: precision, granularity, method, baselines, models.

Pure functions over the text of each page (as `pdf.read_pdf` gives it). The vocabularies live in
`data/quant_vocab.toml` so a new method or model is one entry there, not a code change.

A facet is *evaluated* when the paper runs it: it occurs in the experiments, results or appendix
sections, in a table, or in a figure/table caption. Abstract, introduction, related work and
conclusion only *mention*; the bibliography never counts.
"""

from __future__ import annotations

import bisect
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .models import Evidence, Facet

CATEGORIES: tuple[str, ...] = (
    "precision",
    "granularity",
    "method",
    "baseline",
    "model",
    "benchmark",
)
MAX_EVIDENCE = 3
SNIPPET_CHARS = 100

# Region kinds of a line.
MENTION, BODY, EVAL, REFS, ABSTRACT = 0, 1, 2, 3, 4

DEFAULT_LEFT = r"(?<![A-Za-z0-9])"
DEFAULT_RIGHT = r"(?![A-Za-z0-9])"
_NAMED_GROUP = re.compile(r"\(\?P<\w+>")
_PLACEHOLDER = re.compile(r"\{(!?)(\w+)(:?)\}")


# ---------------------------------------------------------------- vocabulary


@dataclass(frozen=True)
class _Entry:
    templates: tuple[str, ...]
    also: tuple[tuple[str, str], ...]
    min_count: int


@dataclass(frozen=True)
class _Pattern:
    category: str
    entry: _Entry
    order: int  # position in the vocabulary: earlier patterns win at the same place
    prefixes: tuple[tuple[str, ...], ...]  # what every match starts with (literal_prefixes)
    regex: re.Pattern[str]  # the pattern with its boundaries


@dataclass
class Vocabulary:
    """Compiled vocabularies.

    Scanning is two-step for speed: one trie-shaped regex over the lower-cased text finds the
    places where some literal prefix starts a word, then only the patterns sharing that first
    letter are tried there. Patterns without a literal prefix (`4-bit`) get one alternation.
    """

    # trigger text (digit tokens as "0") -> (union of its patterns, the patterns in order)
    by_trigger: dict[str, tuple[re.Pattern[str], list[_Pattern]]]
    trigger: re.Pattern[str]
    loose: list[_Pattern]
    loose_regex: re.Pattern[str]
    exclude: frozenset[str]
    # (table cell naming a model family, its entry): sizes in the cells below complete it
    headers: list[tuple[re.Pattern[str], _Entry]] = field(default_factory=list)
    any_header: re.Pattern[str] = re.compile("(?!)")


def _as_list(value: str | list[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


_META = set("\\()[]{}?*+|.^$")
_DIGIT_START = re.compile(r"(?:\(\?P<\w+>)?\\d")
DIGIT = "\\d"  # trie token standing for any digit


_SMALL_CLASS = re.compile(r"\[([^\\\]^]{1,3})\](\?)?")
MAX_VARIANTS = 8


def literal_prefixes(source: str) -> list[tuple[str, ...]]:
    """The literal starts every match of the pattern begins with (lower case, a digit token at
    the end when a digit follows); small classes such as `[- ]?` branch into variants so that
    "per[- ]?tensor" triggers on "per-tensor" rather than on every "perplexity". Empty when the
    pattern starts with anything else."""
    if _top_level_bar(source):
        return []
    variants: list[list[str]] = [[]]
    i = 0
    while i < len(source):
        char = source[i]
        if _DIGIT_START.match(source, i):
            for v in variants:
                v.append(DIGIT)
            break
        small = _SMALL_CLASS.match(source, i)
        if small and len(variants) * (len(small.group(1)) + 1) <= MAX_VARIANTS:
            grown = [v + [c.lower()] for v in variants for c in small.group(1)]
            variants = grown + (variants if small.group(2) else [])
            i = small.end()
            continue
        if char in _META:
            if char in "?*{" and source[i - 1 : i] not in ("]", ")", ""):
                for v in variants:
                    if v:
                        v.pop()  # the last literal is optional
            break
        for v in variants:
            v.append(char.lower())
        i += 1
    if any(not v for v in variants):
        return []
    return [tuple(v) for v in variants]


def _top_level_bar(source: str) -> bool:
    """Whether the pattern is an alternation at its outer level (then it has no one prefix)."""
    depth, escaped, in_class = 0, False, False
    for char in source:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            return True
    return False


def _terminals(words: Iterable[tuple[str, ...]]) -> set[tuple[str, ...]]:
    """The shortest words: a word that starts with another one adds nothing to a trigger."""
    kept: set[tuple[str, ...]] = set()
    for word in sorted(set(words), key=len):
        if not any(word[:n] in kept for n in range(1, len(word))):
            kept.add(word)
    return kept


def _trie_regex(words: Iterable[tuple[str, ...]]) -> str:
    """A regex matching any of the words, shaped as a trie so each step is one literal test."""
    trie: dict = {}
    for word in sorted(set(words)):
        node = trie
        for char in word:
            if "" in node:
                break  # a shorter word already covers this one
            node = node.setdefault(char, {})
        else:
            node.clear()
            node[""] = {}

    def render(node: dict) -> str:
        branches = [
            (c if c == DIGIT else re.escape(c)) + render(child)
            for c, child in sorted(node.items())
            if c
        ]
        if not branches:
            return ""
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return render(trie)


def _union(patterns: list[_Pattern]) -> re.Pattern[str]:
    """One regex that matches where any of the patterns does (each keeps its own case rule)."""
    parts = []
    for pattern in patterns:
        body = _NAMED_GROUP.sub("(?:", pattern.regex.pattern)
        parts.append(f"(?i:{body})" if pattern.regex.flags & re.IGNORECASE else body)
    return re.compile("|".join(parts))


_LEADING_DIGIT = re.compile(r"^((?:\(\?:)*)\\d(?:\{(\d+)(?:,(\d+))?\})?")


def _drop_leading_digit(body: str) -> str | None:
    """The pattern with its first digit taken off (`\\d{1,2}...` -> `\\d{0,1}...`), or None."""
    match = _LEADING_DIGIT.match(body)
    if not match:
        return None
    low = int(match.group(2) or 1)
    high = int(match.group(3) or match.group(2) or 1)
    rest = f"\\d{{{max(low - 1, 0)},{high - 1}}}" if high > 1 else ""
    return match.group(1) + rest + body[match.end() :]


def _loose_regex(loose: list[_Pattern]) -> re.Pattern[str]:
    """One filter for the patterns without a literal prefix, run on the lower-cased text.

    When they all start with a digit, the filter starts with a plain `[0-9]` so the regex engine
    can skip to digits quickly; the word boundary is tested once rather than per alternative."""
    if not loose:
        return re.compile("(?!)")
    bodies = [_NAMED_GROUP.sub("(?:", p.regex.pattern) for p in loose]
    if all(b.startswith(DEFAULT_LEFT) for b in bodies):
        bodies = [b[len(DEFAULT_LEFT) :] for b in bodies]
        trimmed = [_drop_leading_digit(b) for b in bodies]
        if all(t is not None for t in trimmed):
            source = "[0-9](?<![A-Za-z0-9][0-9])(?:" + "|".join(trimmed) + ")"  # type: ignore[arg-type]
        else:
            source = DEFAULT_LEFT + "(?:" + "|".join(bodies) + ")"
    else:
        source = "|".join(bodies)
    if not re.search(r"\\[A-Z]", source):
        return re.compile(source.lower())  # lower-cased text: faster than IGNORECASE
    return re.compile(source, re.IGNORECASE)


def compile_vocabulary(data: dict) -> Vocabulary:
    """Build the scanners from the parsed TOML (see the file's header for the format)."""
    all_prefixed: list[_Pattern] = []
    loose: list[_Pattern] = []
    headers: list[tuple[re.Pattern[str], _Entry]] = []
    order = 0
    for category in CATEGORIES:
        for raw in data.get(category, []):
            entry = _Entry(
                templates=_as_list(raw["value"]),
                also=tuple((c, t) for c, t in raw.get("also", [])),
                min_count=int(raw.get("min", 1)),
            )
            flags = 0 if raw.get("case", False) else re.IGNORECASE
            if "header" in raw:
                headers.append((re.compile(raw["header"], flags), entry))
            left = raw.get("left", DEFAULT_LEFT)
            right = raw.get("right", DEFAULT_RIGHT)
            for source in raw["patterns"]:
                regex = re.compile(f"{left}(?:{source}){right}", flags)
                prefixes = literal_prefixes(source)
                pattern = _Pattern(category, entry, order, tuple(prefixes), regex)
                order += 1
                if prefixes and all(p[0] != DIGIT for p in prefixes):
                    all_prefixed.append(pattern)
                else:
                    loose.append(pattern)
    terminals = _terminals(prefix for p in all_prefixed for prefix in p.prefixes)
    grouped: dict[str, list[_Pattern]] = {}
    for pattern in all_prefixed:
        for prefix in pattern.prefixes:
            for length in range(1, len(prefix) + 1):
                if prefix[:length] in terminals:
                    key = "".join("0" if t == DIGIT else t for t in prefix[:length])
                    group = grouped.setdefault(key, [])
                    if pattern not in group:
                        group.append(pattern)
                    break
    by_trigger = {key: (_union(group), group) for key, group in grouped.items()}
    trigger = re.compile(DEFAULT_LEFT + _trie_regex(terminals)) if terminals else re.compile("(?!)")
    loose_regex = _loose_regex(loose)
    exclude = frozenset(data.get("settings", {}).get("exclude", []))
    any_header = re.compile(
        "|".join(
            f"(?i:{_NAMED_GROUP.sub('(?:', h.pattern)})"
            if h.flags & re.IGNORECASE
            else _NAMED_GROUP.sub("(?:", h.pattern)
            for h, _ in headers
        )
        or "(?!)"
    )
    return Vocabulary(by_trigger, trigger, loose, loose_regex, exclude, headers, any_header)


@lru_cache(maxsize=4)
def load_vocabulary(path: str | None = None) -> Vocabulary:
    """The packaged vocabulary, or another TOML file with the same layout."""
    if path is None:
        text = resources.files("papers").joinpath("data/quant_vocab.toml").read_text("utf-8")
    else:
        text = Path(path).read_text("utf-8")
    return compile_vocabulary(tomllib.loads(text))


def _normalise_group(name: str, value: str) -> str:
    if name == "size":
        return re.sub(r"\s+", "", value).upper()
    if name == "variant":
        return value.lower()
    return value


def render_template(template: str, groups: dict[str, str | None]) -> str | None:
    """Fill `{name}` from the matched groups; None when a needed group is missing.

    `{name:}` needs the group but prints nothing; `{!name}` needs it absent.
    """
    missing = False

    def fill(match: re.Match[str]) -> str:
        nonlocal missing
        negate, name, silent = match.group(1), match.group(2), match.group(3)
        value = groups.get(name)
        if negate:
            missing = missing or value is not None
            return ""
        if value is None:
            missing = True
            return ""
        return "" if silent else value

    text = _PLACEHOLDER.sub(fill, template)
    return None if missing else text


def _values_of(
    entry: _Entry, category: str, groups: dict[str, str | None]
) -> list[tuple[str, str]]:
    """Canonical (category, value) pairs produced by one hit."""
    out: list[tuple[str, str]] = []
    for template in entry.templates:
        value = render_template(template, groups)
        if value is not None:
            out.append((category, value))
            break
    for other, template in entry.also:
        value = render_template(template, groups)
        if value is not None:
            out.append((other, value))
    return out


# ---------------------------------------------------------------- regions

_NUMBER = re.compile(
    r"^(?:(\d{1,2})((?:\.\d{1,2}){0,3})|([A-H]\d{0,2})((?:\.\d{1,2}){0,3})|([IVX]{1,5}))\.?$"
)
_NUMBERED_TITLE = re.compile(
    r"^((?:\d{1,2}(?:\.\d{1,2}){0,3})|(?:[A-H]\d{0,2}(?:\.\d{1,2}){0,3})|(?:[IVX]{1,5}\.))"
    r"\.?\s+(.+)$"
)
_REFS_TITLE = re.compile(r"^(?:references|bibliography|literature cited|works cited)$")
_APPENDIX_TITLE = re.compile(r"^(?:appendix|appendices|supplementary|supplemental)\b")
_EVAL_TITLE = re.compile(
    r"experiment|evaluation|results|empirical|ablation|benchmark|analysis|setup|"
    r"implementation details|comparison|case stud|performance"
)
_MENTION_TITLE = re.compile(
    r"abstract|introduction|related work|prior work|previous work|background|preliminar|"
    r"motivation|conclusion|concluding|discussion|limitation|broader impact|societal impact|"
    r"acknowledg|future work|^summary"
)
_UNNUMBERED = re.compile(
    r"^(?:abstract|introduction|related works?|background|preliminaries|conclusions?|"
    r"discussion|limitations|acknowledge?ments?|references|bibliography|appendix|appendices|"
    r"supplementary material|experiments?|results|evaluation)$",
    re.IGNORECASE,
)
_ROMAN = {
    "I": 1,
    "II": 2,
    "III": 3,
    "IV": 4,
    "V": 5,
    "VI": 6,
    "VII": 7,
    "VIII": 8,
    "IX": 9,
    "X": 10,
}


def _is_title(text: str) -> bool:
    """A heading's title: short, capitalised, not a sentence."""
    words = text.split()
    if not 1 <= len(words) <= 10 or len(text) > 80:
        return False
    if not text[0].isupper() or text[-1] in ".,;:=":
        return False
    letters = sum(c.isalpha() for c in text)
    return letters >= max(3, len(text) // 2)


def _heading(line: str, following: str) -> tuple[str, str] | None:
    """(number, title) when the line starts a section; number is "" for an unnumbered one."""
    if len(line) <= 30 and _UNNUMBERED.match(line):
        return "", line
    first = line[0]
    second = line[1:2]
    if not (first.isdigit() or (first in "ABCDEFGHIVX" and (second in " .IV" or second.isdigit()))):
        return None
    match = _NUMBER.match(line)
    if match and _is_title(following):
        return line.rstrip("."), following
    match = _NUMBERED_TITLE.match(line)
    if match and _is_title(match.group(2)):
        return match.group(1).rstrip("."), match.group(2)
    return None


def _title_kind(title: str) -> int | None:
    lowered = title.lower().strip()
    if lowered == "abstract":
        return ABSTRACT
    if _EVAL_TITLE.search(lowered):
        return EVAL
    if _MENTION_TITLE.search(lowered):
        return MENTION
    return None


_HEADING_START = re.compile(
    r"(?m)^[ \t]*(?:(?:\d{1,2}|[A-H]\d{0,2})(?:\.\d{1,2}){0,3}\.?(?:[ \t]+|[ \t]*\n[ \t]*)[A-Z]"
    r"|[IVX]{1,5}\.[ \t]+[A-Z]"
    r"|(?i:abstract|introduction|related|background|preliminar|conclusion|discussion|limitation|"
    r"acknowledg|references|bibliography|appendi|supplement|experiment|results|evaluation))"
)
_NUMERIC_LINE = re.compile(
    r"(?m)^[ \t]*[\d.,±%×xX+\-–—/()~*†‡$<>=eE \t]*\d[\d.,±%×xX+\-–—/()~*†‡$<>=eE \t]*$"
)
_CAPTION_LINE = re.compile(
    r"(?m)^[ \t]*(?:Table|TABLE|Tab\.|Figure|FIGURE|Fig\.)\s*(?:[A-Z]?\d+|[IVX]+)\s*[:.|]"
)
TABLE_WINDOW = 3  # lines each side of a cell that are looked at for numeric cells
TABLE_NEIGHBOURS = 3  # numeric cells needed around a short line to call it a table cell
CAPTION_LINES = 5


@dataclass
class _PageLines:
    """Where a page's lines start, which region each is in, and which look like table cells.

    Kinds are stored as changes (line index, kind) and table flags are computed only for the
    lines that hold a hit: a page has thousands of lines and a few dozen hits."""

    starts: list[int]  # offset of each line in the page text
    lengths: list[int]  # stripped length of each line
    change_lines: list[int]
    change_kinds: list[int]
    numeric: list[int]  # indices of lines that are numeric cells, ascending
    forced: set[int]  # captions and table headers

    def text_spans(self, length: int) -> list[tuple[int, int]]:
        """Character spans of the page outside the bibliography."""
        spans: list[tuple[int, int]] = []
        bounds = [*self.change_lines[1:], len(self.starts)]
        for first, last, kind in zip(self.change_lines, bounds, self.change_kinds, strict=True):
            if kind == REFS:
                continue
            start = self.starts[first]
            end = self.starts[last] if last < len(self.starts) else length
            if spans and spans[-1][1] == start:
                spans[-1] = (spans[-1][0], end)
            else:
                spans.append((start, end))
        return spans

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset) - 1

    def kind(self, line: int) -> int:
        return self.change_kinds[bisect.bisect_right(self.change_lines, line) - 1]

    def tabular(self, line: int) -> bool:
        if line in self.forced:
            return True
        if self.lengths[line] > 60:
            return False
        lo = bisect.bisect_left(self.numeric, line - TABLE_WINDOW)
        hi = bisect.bisect_right(self.numeric, line + TABLE_WINDOW)
        own = 1 if line in self.numeric[lo:hi] else 0
        return hi - lo - own >= TABLE_NEIGHBOURS


def _line_starts(page: str) -> list[int]:
    starts = [0]
    find = page.find
    pos = find("\n")
    while pos != -1:
        starts.append(pos + 1)
        pos = find("\n", pos + 1)
    return starts


def classify_lines(pages: list[str]) -> list[_PageLines]:
    """Region kind of every line (abstract, mention, body, evaluated, bibliography) and table
    cells. Only lines that can start a section are examined."""
    kind = ABSTRACT  # title and abstract, until the first section heading
    top = 0  # current top-level section number
    top_kind = MENTION
    in_refs = False
    in_appendix = False
    result: list[_PageLines] = []
    for page in pages:
        lines = page.split("\n")
        starts = _line_starts(page)
        change_lines = [0]
        change_kinds = [REFS if in_refs else kind]
        for candidate in _HEADING_START.finditer(page):
            i = bisect.bisect_right(starts, candidate.start()) - 1
            line = lines[i].strip()
            if not line or len(line) > 90:
                continue
            following = lines[i + 1].strip() if i + 1 < len(lines) else ""
            head = _heading(line, following)
            if head is None:
                continue
            number, title = head
            lowered = title.lower().strip()
            if _REFS_TITLE.match(lowered):
                in_refs, kind = True, REFS
            elif _APPENDIX_TITLE.match(lowered) or (
                in_refs and number[:1] in ("A", "B") and "." not in number
            ):
                in_refs, in_appendix, kind, top_kind = False, True, EVAL, EVAL
            elif in_refs:
                pass
            elif in_appendix:
                kind = MENTION if _title_kind(title) == MENTION else EVAL
            elif number == "":
                found = _title_kind(title)
                if found is not None:
                    kind = top_kind = found
            else:
                top, top_kind, kind = _apply_numbered(number, title, top, top_kind, kind)
            current = REFS if in_refs else kind
            if current != change_kinds[-1]:
                if change_lines[-1] == i:
                    change_kinds[-1] = current
                else:
                    change_lines.append(i)
                    change_kinds.append(current)
        numeric = sorted(
            {bisect.bisect_right(starts, m.start()) - 1 for m in _NUMERIC_LINE.finditer(page)}
        )
        forced: set[int] = set()
        for caption in _CAPTION_LINE.finditer(page):
            i = bisect.bisect_right(starts, caption.start()) - 1
            for j in range(i, min(len(lines), i + CAPTION_LINES)):
                forced.add(j)
                if j > i and lines[j].rstrip().endswith("."):
                    break
        lengths = [len(line.strip()) for line in lines]
        result.append(_PageLines(starts, lengths, change_lines, change_kinds, numeric, forced))
    return result


def _apply_numbered(
    number: str, title: str, top: int, top_kind: int, kind: int
) -> tuple[int, int, int]:
    """Move to a numbered section if its number follows the current one (figure axes and page
    numbers also look like numbers)."""
    head = number.split(".")[0]
    if head in _ROMAN:
        value = _ROMAN[head]
    elif head.isdigit():
        value = int(head)
    else:
        return top, top_kind, kind
    found = _title_kind(title)
    if "." not in number or head in _ROMAN:
        # a known title ("5 Experiments") may follow unnumbered or skipped sections
        if top < value <= top + 2 or (found is not None and top < value <= 20):
            new_kind = found if found is not None else BODY
            return value, new_kind, new_kind
        return top, top_kind, kind
    if value == top:
        return top, top_kind, found if found is not None else top_kind
    return top, top_kind, kind


# ---------------------------------------------------------------- extraction


@dataclass
class _Hits:
    eligible: int = 0  # hits that count towards evaluated
    tabular: int = 0  # hits in tables and captions
    abstract: int = 0  # hits in the title and abstract
    min_count: int = 1_000
    # (eligible, order, page, start, end): snippets are cut only for the evidence kept
    evidence: list[tuple[bool, int, int, int, int]] = field(default_factory=list)


_OWN_CUE = re.compile(
    r"(?:we\s+(?:propose|present|introduce|develop|call|name|dub|term)\w*|"
    r"(?:called|dubbed|named|termed|coined))\s+(?:(?!with|to|against|than|over|from)[\w-]+\s+){0,6}$",
    re.IGNORECASE,
)
_OURS = re.compile(r"^[ \t]*\([ \t]*ours\b", re.IGNORECASE)


def _snippet(text: str, start: int, end: int) -> str:
    half = max(0, (SNIPPET_CHARS - (end - start)) // 2)
    piece = text[max(0, start - half) : end + half]
    return re.sub(r"\s+", " ", piece).strip()


@dataclass(frozen=True)
class Hit:
    category: str
    value: str
    start: int
    end: int
    min_count: int = 1  # eligible hits its entry needs to count as evaluated


def scan_text(
    text: str, vocab: Vocabulary | None = None, spans: list[tuple[int, int]] | None = None
) -> list[Hit]:
    """Every vocabulary hit in a text (or in the given spans of it), in order; within a
    category hits do not overlap."""
    vocab = vocab or load_vocabulary()
    lowered = text.lower()
    if len(lowered) != len(text):  # a few Unicode letters change length: keep offsets exact
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    found: list[tuple[int, int, _Pattern, re.Match[str]]] = []
    by_trigger = vocab.by_trigger
    spans = [(0, len(text))] if spans is None else spans
    triggers = (m for start, end in spans for m in vocab.trigger.finditer(lowered, start, end))
    for trigger in triggers:
        pos = trigger.start()
        key = trigger.group()
        candidates = by_trigger.get(key) or by_trigger.get(key[:-1] + "0")
        if candidates is None or not candidates[0].match(text, pos):
            continue  # "perplexity" starts like "per-channel" but matches nothing
        for pattern in candidates[1]:
            match = pattern.regex.match(text, pos)
            if match:
                found.append((pos, pattern.order, pattern, match))
    if vocab.loose:
        looses = (m for s, e in spans for m in vocab.loose_regex.finditer(lowered, s, e))
        for loose in looses:
            for pattern in vocab.loose:
                match = pattern.regex.match(text, loose.start())
                if match:
                    found.append((loose.start(), pattern.order, pattern, match))
    found.sort(key=lambda item: (item[0], item[1]))
    hits: list[Hit] = []
    taken: dict[str, int] = {}  # end of the last accepted hit per category
    for pos, _, pattern, match in found:
        if pos < taken.get(pattern.category, 0):
            continue
        taken[pattern.category] = match.end()
        groups = {k: _normalise_group(k, v) for k, v in match.groupdict().items() if v}
        for category, value in _values_of(pattern.entry, pattern.category, groups):
            if value not in vocab.exclude:
                hits.append(
                    Hit(category, value, match.start(), match.end(), pattern.entry.min_count)
                )
    return hits


_SIZE_CELL = re.compile(r"^(?:(?P<ver>[123])-)?(?P<size>\d{1,3}(?:\.\d{1,2})?\s?[BM])$")
HEADER_REACH = 25  # lines below a family cell that may hold its sizes


def table_models(text: str, lines_info: _PageLines, vocab: Vocabulary) -> list[Hit]:
    """Models named by a family cell and size cells below it ("OPT", "125M", "1.3B", ...), as
    tables come out of the text layer one cell per line. Marks those lines as tabular."""
    if not vocab.headers:
        return []
    hits: list[Hit] = []
    lines = text.split("\n")
    starts = lines_info.starts
    for i, line in enumerate(lines):
        cell = line.strip()
        if not cell or len(cell) > 40 or not vocab.any_header.match(cell):
            continue
        for header, entry in vocab.headers:
            found = header.match(cell)
            if not found:
                continue
            header_ver = found.groupdict().get("ver")
            started = False
            for j in range(i + 1, min(len(lines), i + 1 + HEADER_REACH)):
                size = _SIZE_CELL.match(lines[j].strip())
                if not size:
                    if started or j > i + 3:
                        break
                    continue
                started = True
                lines_info.forced.update((i, j))
                ver = size.group("ver") or header_ver
                groups = {"size": _normalise_group("size", size.group("size"))}
                if ver and ver != "1":
                    groups["ver"] = ver
                for category, value in _values_of(entry, "model", groups):
                    start = starts[i] + line.index(cell)
                    hits.append(Hit(category, value, start, start + len(cell)))
            break
    return hits


def own_method_names(pages: list[str], page_hits: list[list[Hit]]) -> set[str]:
    """Names of the paper's own method: in the title, after "we propose", or marked "(ours)"."""
    names: set[str] = set()
    if not pages:
        return names
    first = pages[0]
    cut = re.search(r"\babstract\b", first, re.IGNORECASE)
    title_end = cut.start() if cut else 600
    for number, (text, hits) in enumerate(zip(pages, page_hits, strict=True)):
        for hit in hits:
            if hit.category != "baseline":
                continue
            if (
                number == 0
                and hit.start < title_end
                or number < 2
                and _OWN_CUE.search(text[max(0, hit.start - 120) : hit.start])
                or _OURS.match(text[hit.end : hit.end + 12])
            ):
                names.add(hit.value)
    return names


def extract_facets(pages: list[str], vocab: Vocabulary | None = None) -> list[Facet]:
    """Every facet found in the pages, with evidence, evaluated or only mentioned."""
    vocab = vocab or load_vocabulary()
    regions = classify_lines(pages)
    page_hits = [
        scan_text(text, vocab, lines.text_spans(len(text))) + table_models(text, lines, vocab)
        for text, lines in zip(pages, regions, strict=True)
    ]
    own = own_method_names(pages, page_hits)
    slots: dict[tuple[str, str], _Hits] = {}
    order = 0
    for page_number, (lines, hits) in enumerate(zip(regions, page_hits, strict=True), start=1):
        for hit in hits:
            line = lines.line_of(hit.start)
            kind = lines.kind(line)
            if kind == REFS:
                continue
            tabular = lines.tabular(line)
            if hit.category == "method":
                eligible = kind in (BODY, EVAL) or tabular
            else:
                eligible = kind == EVAL or tabular
            category = hit.category
            if category == "baseline" and hit.value in own:
                continue  # the paper's own method is no baseline
            slot = slots.setdefault((category, hit.value), _Hits())
            slot.eligible += eligible
            slot.tabular += tabular and kind != ABSTRACT
            slot.abstract += kind == ABSTRACT
            slot.min_count = min(slot.min_count, hit.min_count)
            order += 1
            slot.evidence.append((eligible, order, page_number, hit.start, hit.end))
    facets: list[Facet] = []
    for (category, value), slot in slots.items():
        evaluated = _is_evaluated(category, slot)
        chosen = sorted(slot.evidence, key=lambda e: (not e[0], e[1]))[:MAX_EVIDENCE]
        evidence = [
            Evidence(page=page, snippet=_snippet(pages[page - 1], start, end))
            for _, _, page, start, end in chosen
        ]
        facets.append(Facet(category, value, evaluated, evidence))
    facets.sort(key=lambda f: (CATEGORIES.index(f.category), not f.evaluated, _natural(f.value)))
    return facets


BASELINE_TEXT_HITS = 3  # a baseline absent from every table needs this many results mentions


def _is_evaluated(category: str, slot: _Hits) -> bool:
    """The evaluated-vs-mentioned rule, per category.

    Baselines are methods the results compare against: they show up in a table or caption, or
    repeatedly in the results text. A method family must be the paper's own approach: named in
    the title or abstract and used in the method or experiments sections.
    """
    if category == "baseline":
        return slot.tabular > 0 or slot.eligible >= BASELINE_TEXT_HITS
    if category == "method":
        return slot.abstract > 0 and slot.eligible >= slot.min_count
    return slot.eligible >= slot.min_count


def _natural(value: str) -> list[object]:
    """Sort key that puts W4A8 before W4A16 and OPT-6.7B before OPT-13B."""
    parts = re.split(r"(\d+(?:\.\d+)?)", value.lower())
    return [(0, float(p), "") if i % 2 else (1, 0.0, p) for i, p in enumerate(parts)]


# ---------------------------------------------------------------- helpers for the CLI and reviews


def evaluated_values(facets: Iterable[Facet]) -> dict[str, list[str]]:
    """Evaluated values per category, in the facets' order."""
    out: dict[str, list[str]] = {category: [] for category in CATEGORIES}
    for facet in facets:
        if facet.evaluated and facet.value not in out.setdefault(facet.category, []):
            out[facet.category].append(facet.value)
    return out


def score_facets(
    expected: dict[str, list[str]], facets: Iterable[Facet]
) -> dict[str, tuple[int, int, int]]:
    """(true positives, false positives, false negatives) of evaluated facets per category."""
    found = evaluated_values(facets)
    scores: dict[str, tuple[int, int, int]] = {}
    for category in CATEGORIES:
        truth = set(expected.get(category, []))
        got = set(found.get(category, []))
        scores[category] = (len(truth & got), len(got - truth), len(truth - got))
    return scores


def summarize(facets_by_paper: dict[str, list[Facet]]) -> list[dict]:
    """How often each setting is evaluated across the library, most common first."""
    papers: dict[tuple[str, str], list[str]] = {}
    mentioned: dict[tuple[str, str], int] = {}
    for paper_id, facets in facets_by_paper.items():
        for facet in facets:
            key = (facet.category, facet.value)
            if facet.evaluated:
                papers.setdefault(key, [])
                if paper_id not in papers[key]:
                    papers[key].append(paper_id)
            else:
                mentioned[key] = mentioned.get(key, 0) + 1
    rows = [
        {
            "category": category,
            "value": value,
            "papers": len(ids),
            "mentioned_only": mentioned.get((category, value), 0),
            "ids": sorted(ids),
        }
        for (category, value), ids in papers.items()
    ]
    rows.sort(key=lambda r: (CATEGORIES.index(r["category"]), -r["papers"], _natural(r["value"])))
    return rows


def compare_table(facets_by_paper: dict[str, list[Facet]], markdown: bool = False) -> str:
    """Side-by-side table of the evaluated facets of several papers, one row per category."""
    ids = list(facets_by_paper)
    values = {paper_id: evaluated_values(facets) for paper_id, facets in facets_by_paper.items()}
    header = ["category", *ids]
    rows = [
        [category, *(", ".join(values[paper_id].get(category, [])) or "-" for paper_id in ids)]
        for category in CATEGORIES
    ]
    if markdown:
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += [
            "| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows
        ]
        return "\n".join(lines) + "\n"
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in [header, *rows]
    ]
    return "\n".join(lines) + "\n"


_SECTION_LABELS = {
    "precision": "Precision",
    "granularity": "Granularity",
    "method": "Method family",
    "baseline": "Baselines",
    "model": "Models",
    "benchmark": "Benchmarks",
}


def quant_setting_markdown(facets: list[Facet]) -> str:
    """A few lines for the review template's "Quantization setting" section."""
    values = evaluated_values(facets)
    lines = []
    for category in CATEGORIES:
        found = values.get(category, [])
        lines.append(f"- **{_SECTION_LABELS[category]}:** {', '.join(found) if found else '?'}")
    return "\n".join(lines) + "\n"
