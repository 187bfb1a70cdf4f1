"""Review notes: markdown files in reviews/ that the person owns, indexed and backed up in SQLite.

The file is the truth; the database keeps the last synced copy of every note (so a deleted note
can be restored), the paper each note is about, its status, and the papers it links to. The tool
writes a note only to create it, to change front matter lines on request, or to restore it, and
never over a file that changed since it last read it. When an editor's save replaces a version
that the tool had synced meanwhile, that version is kept in reviews/_conflicts/.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import json
import math
import os
import re
import secrets
import shlex
import shutil
import signal
import stat
import string
import subprocess
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable, Collection, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from sqlite_utils import Database

from . import config
from .db import (
    check_writable,
    get_paper,
    loads,
    local_ids_beginning,
    now_iso,
    set_document,
    write_transaction,
)
from .errors import AmbiguousPaper, BadIdentifier, NoteConflict, PaperNotInLibrary, PapersError
from .files import held_alone, is_utf8_text, scratch_file, shown_name
from .ids import LOCAL_DIGITS, LOCAL_ID_RE, LOCAL_PREFIX, local_id_spelling, parse_arxiv_id
from .models import REVIEW_STATUSES, Paper, name_key

STATUSES = REVIEW_STATUSES
TEMPLATE_NAME = "_template.md"
NOTES_SOURCE = "notes"

BUILTIN_TEMPLATE = """\
---
$id_field: "$id"
title: $title_yaml
authors: $authors_yaml
year: $year
status: to-read
tags: []
rating:
created: $today
updated: $today
---

# $title

## Summary


## Method


## Quantization setting

$quant_setting

## Results


## Strengths


## Weaknesses


## Questions


## Related papers

$related
"""


class EditorFailed(PapersError):
    """The editor could not be started or exited with an error (the note itself is kept)."""


class NoteNotFound(PapersError):
    """No review note exists for the paper or path given."""


class BadFrontMatter(PapersError):
    """The note's YAML front matter cannot be read, so the tool will not rewrite it."""


class BadTemplate(PapersError):
    """The notes' template would write a note whose front matter cannot be read: no note is
    made from it (a note made so is listed as broken, and its status cannot be set)."""


# ---------------------------------------------------------------------------------------------
# Pure helpers: text in, data out.


@dataclass
class ParsedNote:
    """What a note's text says about itself."""

    front_matter: dict[str, Any] | None  # None when absent or broken
    body: str  # the text after the front matter (the whole text when there is none)
    error: str | None = None  # why the front matter could not be read
    paper_id: str | None = None
    # why its arxiv: (or id:) names no paper, when none does, or names another than its file
    id_problem: str | None = None
    conflict: bool = False  # git's conflict markers: a merge left unresolved
    twice: list[str] = field(default_factory=list)  # keys the front matter writes twice


MISTYPED = "one is mistyped"  # (how the row's error marks such a note: its paper is not fetched)

# git's markers of a merge left unresolved: "<<<<<<< HEAD", "=======", ">>>>>>> branch", in order
CONFLICT_RE = re.compile(
    r"^<{7}(?:[ \t].*)?\r?\n(?:.*\n)*?={7}\r?\n(?:.*\n)*?>{7}(?:[ \t]|\r?$)", re.M
)
CONFLICT_NOTE = "an unresolved merge conflict (git's <<<<<<< markers)"


FRONT_MATTER_RE = re.compile(
    r"\A(?P<open>\ufeff?---[ \t]*\r?\n)(?P<yaml>.*?)(?P<close>^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z))",
    re.DOTALL | re.MULTILINE,
)
# The raw value of the id line, so an unquoted `arxiv: 2401.10000` is not read as a float.
RAW_ID_RE = re.compile(r"^(?:arxiv|id)[ \t]*:[ \t]*[\"']?([^\"'\s#]+)", re.MULTILINE)
FILENAME_ID_RE = re.compile(
    r"^(?:(?P<new>\d{4}\.\d{4,5})|(?P<old>[a-z][a-z\-]*(?:\.[A-Z]{2})?_\d{7})|"
    r"(?P<local>local_[0-9a-f]{6,64}))(?:v\d+)?(?=-|\.md$|$)",
    re.IGNORECASE | re.ASCII,  # (ASCII digits only: "２４０２.１５３１９-x.md" names no paper)
)
# (ASCII digits, as ids have; \s still any space: "arXiv:\u00a02402.15319" pasted from a PDF)
# (no digit after the id: "arXiv:2106.096851", a typo, is no mention of 2106.09685)
_ANY_ID = r"(?:[0-9]{4}\.[0-9]{4,5}|[a-z][a-z\-]*(?:\.[A-Z]{2})?/[0-9]{7})"
_ID_MENTIONS = (
    rf"\barxiv:\s*(?P<prefixed>{_ANY_ID}(?:v[0-9]+)?)(?![0-9])"
    r"|(?P<url>(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html)/"
    rf"{_ANY_ID}(?:v[0-9]+)?)(?![0-9])"
    # arXiv's DOI (which `papers add` takes) and a Hugging Face paper page
    rf"|\b10\.48550/arxiv\.(?P<doi>{_ANY_ID}(?:v[0-9]+)?)(?![0-9])"
    r"|\b(?:huggingface|hf)\.co/papers/(?P<hf>[0-9]{4}\.[0-9]{4,5})(?![0-9])"
)
ID_MENTION_RE = re.compile(_ID_MENTIONS, re.IGNORECASE)
# a wiki link, its target up to "|" (an alias follows) or "]]", no bracket in it (as
# Obsidian's), over a line break too (a hard-wrapped alias: "[[2210.17323|the GPTQ\n
# baseline]]" always counted): read in linear time, no two parts of the pattern competing for
# its spaces nor a run of "[" read again from each of them; trimmed in Python
_WIKI_LINK = r"\[\[(?P<wiki>[^\[\]|]*)(?:\|[^\[\]]*)?\]\]"
WIKI_LINK_RE = re.compile(_WIKI_LINK)
# a markdown link to a note's file, as editors write one when wiki links are off:
# "[GPTQ](2210.17323-gptq.md)", "[x](<my note.md#Method>)", "[x](My%20note.md "title")"; read
# from its "](" (the link text may hold brackets); a URL with a scheme is no note's
_MD_LINK = (
    r"\]\((?P<md><[^<>\n]+?\.md(?:#[^<>\n]*)?>|[^\s()<>]+?\.md(?:#[^\s()<>]*)?)"
    r"(?:[ \t]+\"[^\"\n]*\")?\)"
)
MD_LINK_RE = re.compile(_MD_LINK, re.IGNORECASE)
MENTION_RE = re.compile(_WIKI_LINK + "|" + _MD_LINK + "|" + _ID_MENTIONS, re.IGNORECASE)


def slugify(title: str, max_words: int = 6, max_len: int = 48) -> str:
    """A short ASCII slug of a title, for file names that read well in `ls` and in git."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_title.lower())[:max_words]
    # whole words, as many as fit ("...-calibrated-quantizat" read as a typo); a first word
    # longer than all of it is cut
    while len(words) > 1 and len("-".join(words)) > max_len:
        words.pop()
    slug = "-".join(words)[:max_len]
    return slug or "note"


def safe_paper_id(paper_id: str) -> str:
    """A paper id as it may appear in a file name (old-style slashes and colons removed)."""
    return paper_id.replace("/", "_").replace(":", "_")


def note_filename(paper_id: str, title: str) -> str:
    return f"{safe_paper_id(paper_id)}-{slugify(title)}.md"


def paper_id_from_filename(name: str) -> str | None:
    """The paper id a note's file name starts with (2402.15319-..., hep-th_9901001-...)."""
    match = FILENAME_ID_RE.match(name)
    if not match:
        return None
    if match.group("new"):
        return match.group("new")
    if match.group("old"):
        with contextlib.suppress(BadIdentifier):
            return parse_arxiv_id(match.group("old").replace("_", "/")).id
        return None
    return "local:" + match.group("local")[len("local_") :].lower()


def _plain(value: Any) -> Any:
    """YAML dates and timestamps as ISO strings, so the front matter is JSON-serialisable."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def normalise_paper_id(value: str) -> str | None:
    if (local := local_id_spelling(value)) is not None:
        return local
    try:
        return parse_arxiv_id(value).id
    except BadIdentifier:
        return None


@functools.cache
def _note_loader() -> Any:
    """YAML's safe loader as a note's front matter needs it: a date that is no date
    ("reviewed: 2024-02-30", a typo) stays text rather than failing the whole note, and an
    alias ("*name") is refused: notes come from shared repositories, and nested aliases (a
    "billion laughs") make a few lines take minutes and gigabytes."""
    import yaml

    class NoteLoader(yaml.SafeLoader):
        def compose_node(self, parent: Any, index: Any) -> Any:
            if self.check_event(yaml.events.AliasEvent):
                raise yaml.composer.ComposerError(
                    None, None, "aliases (*name) are not read here", self.peek_event().start_mark
                )
            return super().compose_node(parent, index)

        def construct_yaml_timestamp(self, node: Any) -> Any:
            try:
                return super().construct_yaml_timestamp(node)
            except ValueError:  # (a day or month out of range)
                return self.construct_scalar(node)

    NoteLoader.add_constructor("tag:yaml.org,2002:timestamp", NoteLoader.construct_yaml_timestamp)
    return NoteLoader


def load_yaml(source: str) -> Any:
    """A YAML text as notes are read (see _note_loader), its lone surrogates (a "\\udce9"
    escape: no character, which SQLite and the output refuse) made U+FFFD."""
    import yaml

    return _whole_text(yaml.load(source, Loader=_note_loader()))  # noqa: S506 - a SafeLoader subclass


def _whole_text(value: Any) -> Any:
    if isinstance(value, str):
        if is_utf8_text(value):
            return value
        return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    if isinstance(value, list):
        return [_whole_text(item) for item in value]
    if isinstance(value, dict):
        return {_whole_text(k): _whole_text(v) for k, v in value.items()}
    return value


def parse_note(text: str, filename: str | None = None) -> ParsedNote:
    """Split a note into front matter and body and find the paper it is about.

    The paper id comes from the front matter (`arxiv:` or `id:`), else from the file name, so a
    note with broken YAML is still indexed for the right paper.
    """
    match = FRONT_MATTER_RE.match(text)
    front: dict[str, Any] | None = None
    error = None
    body = text
    if match:
        body = text[match.end() :]
        import yaml

        try:
            loaded = load_yaml(match.group("yaml"))
        except RecursionError:  # ("x: [[[[..." thousands deep)
            error = "broken YAML front matter: nested too deeply"
        except yaml.YAMLError as exc:
            mark = _yaml_error_mark(exc)
            # (the mark counts the YAML's lines from 0; the note's first line is the "---")
            where = f" (line {mark.line + 2})" if mark is not None else ""
            problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
            if mark is not None and mark is getattr(exc, "context_mark", None):
                # (what is left open: "while scanning a quoted scalar")
                problem += f" {getattr(exc, 'context', '')}"
            error = f"broken YAML front matter{where}: {problem}"
        else:
            if loaded is None:
                front = {}
            elif isinstance(loaded, dict):
                front = _plain(loaded)
            else:
                error = "front matter is not a YAML mapping"
    elif text.lstrip("\ufeff").startswith("---"):
        error = "front matter has no closing '---' line"
    paper_id = None
    problem = None
    if front is not None:
        raw = RAW_ID_RE.search(match.group("yaml")) if match else None
        for key in ("arxiv", "id"):
            value = front.get(key)
            if value in (None, "", []):
                continue
            if isinstance(value, list) and len(value) > 1:
                problem = problem or (
                    f"{key} holds several ids, and a note is about one paper: link the others "
                    "in its text ([[ID]])"
                )
                continue
            if isinstance(value, list):
                value = value[0]  # ([2402.15319]: the one id)
            elif not isinstance(value, str) and raw:
                value = raw.group(1)  # YAML read 2401.10000 as a number
            paper_id = normalise_paper_id(str(value))
            if paper_id:
                break
            problem = problem or f"{key}: {str(value)!r} is not an arXiv id"
    named = paper_id_from_filename(filename) if filename else None
    if paper_id is not None:
        problem = None  # (the other key names the paper: "arxiv: n/a" beside "id: ...")
        if named is not None and named != paper_id:
            # (two digits swapped in arxiv: moved the note to a paper nobody meant, silently)
            problem = f"arxiv: names {paper_id}, its file name {named}: {MISTYPED}"
    else:
        paper_id = named  # (a mistyped arxiv: is still said)
    twice = []
    if front is not None and match:  # (YAML keeps the last silently: "status:" pasted twice)
        keys = Counter(TOP_KEY_RE.findall(match.group("yaml")))
        twice = [key for key, count in keys.items() if count > 1 and key in front]
    conflict = "<<<<<<<" in text and CONFLICT_RE.search(text) is not None
    if conflict:  # (the YAML's error, if any, comes from the markers: said first)
        error = CONFLICT_NOTE + (f"; {error}" if error else "")
    return ParsedNote(
        front_matter=front,
        body=_lines(body),
        error=error,
        paper_id=paper_id,
        id_problem=problem,
        conflict=conflict,
        twice=twice,
    )


def _yaml_error_mark(exc: Any) -> Any:
    """Where a YAML error starts for the person: for an item left open (a quote, a "[" or
    "{" not closed), the line that opens it, which the error's context marks; YAML finds it
    missing lines later, at the end of the front matter or the next key."""
    context = getattr(exc, "context", None) or ""
    opened = context.startswith(("while scanning a quoted scalar", "while parsing a flow"))
    if opened and getattr(exc, "context_mark", None) is not None:
        return exc.context_mark
    return getattr(exc, "problem_mark", None)


TOP_KEY_RE = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:(?:[ \t]|$)", re.MULTILINE)


def _lines(body: str) -> str:
    """Windows line ends, as git's autocrlf writes them, as lines elsewhere."""
    return body.replace("\r\n", "\n") if "\r" in body else body


def front_matter_text(text: str) -> str:
    """A note's front matter as written (its YAML, unread), or "" when it has none."""
    match = FRONT_MATTER_RE.match(text)
    return match.group("yaml") if match else ""


def note_body(text: str) -> str:
    """A note without its front matter, as parse_note splits it (without reading the YAML)."""
    match = FRONT_MATTER_RE.match(text)
    return _lines(text[match.end() :] if match else text)


def extract_mentions(
    text: str, exclude: str | None = None, named: Callable[[str], list[str]] | None = None
) -> list[str]:
    """Papers linked from a note: [[2402.15319]], arXiv:2402.15319 and arxiv.org URLs, and
    wiki links as Obsidian writes them: to another note by its file name
    ([[2210.17323-gptq-accurate-post-training|GPTQ]], [[...#Method]]), or, with `named`
    (the library papers a name means), to a paper by its name or title ([[GPTQ]]); and
    markdown links to a note's file ("[GPTQ](2210.17323-gptq.md)"), read as wiki links are."""
    found: list[str] = []
    for match in MENTION_RE.finditer(text):
        wiki = match.group("wiki")
        if (md := match.group("md")) is not None:
            ids = [] if (target := md_link_target(md)) is None else [_wiki_target(target, named)]
        elif wiki is None:
            ids = [_mentioned_id(match)]
        else:  # the page it links to, and any id written in it ("[[Frantar, arXiv:2210.17323]]")
            ids = [_wiki_target(wiki, named)] + [
                _mentioned_id(inner) for inner in ID_MENTION_RE.finditer(match.group())
            ]
        for paper_id in ids:
            if paper_id and paper_id != exclude and paper_id not in found:
                found.append(paper_id)
    return found


def md_link_target(written: str) -> str | None:
    """The note a markdown link's target names, as a wiki link would ("my note.md#Method" for
    "<my%20note.md#Method>"); None for a URL ("https://host/x.md" is no note of the library)."""
    target = unquote(written.strip().removeprefix("<").removesuffix(">")).strip()
    if re.match(r"[a-z][a-z0-9+.\-]*:", target, re.IGNORECASE):
        return None  # (a scheme: "https:", "file:")
    return target.removeprefix("./") or None


def _ended(status: int) -> str:
    """How an editor ended, as a shell says it: a negative status is the signal that ended it."""
    if status < 0:
        try:
            return f"was stopped by {signal.Signals(-status).name}"
        except ValueError:
            return f"was stopped by signal {-status}"
    return f"exited with status {status}"


def _mentioned_id(match: re.Match[str]) -> str | None:
    """The arXiv id of an id mention (arXiv:ID, an arxiv.org URL, a DOI, a Hugging Face page)."""
    groups = match.groupdict()
    text = groups["prefixed"] or groups["url"] or groups["doi"] or groups["hf"]
    return _arxiv_id(text) if text else None


def _arxiv_id(text: str) -> str | None:
    try:
        return parse_arxiv_id(text).id
    except BadIdentifier:
        return None


def _wiki_target(link: str, named: Callable[[str], list[str]] | None) -> str | None:
    """The paper a [[link]] points to: an id, a note's file name, or one paper's name; the
    link whole, then before a "#heading" ("QuIP#" is a name, "GPTQ#Method" a heading)."""
    for target in _link_targets(link):
        paper_id = _arxiv_id(target) or _note_file_id(target) or _local_id(target, named)
        if paper_id is None and named is not None:
            ids = named(target)
            paper_id = ids[0] if len(ids) == 1 else None
            if paper_id is None and isinstance(named, _Names) and named.by_path(target):
                return None  # (the note of that path names no paper: not another's of its name)
        if paper_id is not None:
            return paper_id
    return None


def _local_id(target: str, named: Callable[[str], list[str]] | None) -> str | None:
    """The local paper a link names by its id: whole, whether or not the library holds it yet
    (as an arXiv id: the link counts once its PDF is added), or by its start, the one library
    paper it begins (as `papers show local:f147` takes it)."""
    match = LOCAL_ID_RE.fullmatch(target)
    if match is None:
        return None
    digits = match.group("digits").lower()
    if len(digits) == LOCAL_DIGITS:
        return f"local:{digits}"
    begun = named.local(digits) if isinstance(named, _Names) else []
    return begun[0] if len(begun) == 1 else None


def _note_file_id(name: str) -> str | None:
    """The paper of a note's file name ("2210.17323-gptq-accurate"), when it is an id arXiv
    could have given: a typo ("2210.1732", "2213.12345") names no paper."""
    paper_id = paper_id_from_filename(name)
    if paper_id is None or paper_id.startswith("local:"):
        return paper_id
    return _arxiv_id(paper_id)


def _link_targets(link: str) -> list[str]:
    """What a [[link]] may name, in turn: the link whole ("hep-th/9901001", "QuIP#"), then
    without its folder, then before its "#" (a heading), without ".md"; in NFC, as titles
    are, and without the backslash a table's escaped "|" leaves ("[[GPTQ\\|alias]]")."""
    whole = unicodedata.normalize("NFC", link).strip().removesuffix("\\").strip()
    targets: list[str] = []
    for part in (whole, whole.split("#", 1)[0].strip()):
        for target in (part, part.rsplit("/", 1)[-1]):
            target = target[:-3] if target.lower().endswith(".md") else target
            if target.strip() and target.strip() not in targets:
                targets.append(target.strip())
    return targets


def _status(value: Any) -> str | None:
    """A note's status as the tool spells it: "Reviewed" is reviewed (any other spelling is
    kept as written, and sync says it is unknown)."""
    value = _the_one(value)  # ("status: [reading]")
    if value is None or isinstance(value, list | dict):
        return None  # (no status: sync says why; Python's "['a', 'b']" was shown as one)
    text = str(value).strip()
    return text.lower() if text.lower() in STATUSES else text


def _the_one(value: Any) -> Any:
    """A front matter value written as a list of one, as that value ("[reading]"), as arxiv:
    reads one id."""
    return value[0] if isinstance(value, list) and len(value) == 1 else value


# a tag in a note's text as Obsidian reads one: "#" after a space or a line's start, then
# letters, digits, "_", "-" or "/" with one that is no digit ("#12", an issue, is no tag; nor
# "# Title", a heading, "page#Method" or "[x](#method)", a link's anchor)
_INLINE_TAG = re.compile(r"(?<!\S)#([\w/-]*[^\W\d][\w/-]*)")
# code, where "#" is the code's own: a fenced block, or a span between backticks
_CODE = re.compile(r"^(```|~~~).*?^\1[^\n]*$|`[^`\n]+`", re.MULTILINE | re.DOTALL)


def inline_tags(body: str) -> list[str]:
    """The #tags a note's text writes (not in code), each once whatever its case (as Obsidian
    counts them), in order."""
    if "#" not in body:
        return []
    text = without_code(body)
    found: dict[str, str] = {}
    for match in _INLINE_TAG.finditer(text):
        tag = match.group(1).rstrip("/-")
        found.setdefault(tag.casefold(), tag)
    return list(found.values())


def without_code(text: str) -> str:
    """A note's text without its code (fenced blocks, spans, indented blocks), where "#" and
    "[[" are the code's own."""
    if "`" not in text and "~~~" not in text and "    " not in text and "\t" not in text:
        return text
    return _without_indented_code(_CODE.sub(" ", text))


def _without_indented_code(text: str) -> str:
    """Markdown's indented code blocks left out: lines indented four spaces (or a tab) after
    a blank line, up to the next line that is not. Not within a list: there an indented line
    after a blank one is the item's next paragraph, or a nested item (a reviewer's links in
    them were lost as code)."""
    kept: list[str] = []
    in_code = in_list = False
    blank_before = True
    for line in text.split("\n"):
        indented = line.startswith(("    ", "\t"))
        in_code = indented and not in_list and (in_code or blank_before)
        if not in_code:
            kept.append(line)
        if line.strip():
            blank_before = False
            if _LIST_ITEM.match(line):
                in_list = True
            elif not indented:
                in_list = False  # (a paragraph of its own ends the list)
        elif not in_code:
            blank_before = True
    return "\n".join(kept)


_LIST_ITEM = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]")


def _tag_words(tags: list[Any]) -> list[str]:
    """A note's tags as words, as YAML wrote them: `[1, true, null]` are "1" and "true"
    (not Python's "True", nor "None"); a nested list or mapping is no tag."""
    words = []
    for tag in tags:
        if isinstance(tag, bool):
            words.append("true" if tag else "false")
        elif tag is not None and not isinstance(tag, dict | list):
            words.append(str(tag))
    return words


def _rating(value: Any) -> float | None:
    """A note's rating as a number, None unless it is a finite one ("inf" and "1e999" are
    none: JSON has no Infinity for `review list --json` to print)."""
    value = _the_one(value)  # ("rating: [5]")
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        rating = float(value)
    except ValueError:
        return None
    return rating if math.isfinite(rating) else None


def _as_written(value: Any) -> str:
    """A front matter value as YAML spells it ("[reading, done]", "'done'"), not as Python
    does ("['reading', 'done']")."""
    if isinstance(value, str):
        return repr(value)
    if not isinstance(value, list | dict):
        return json.dumps(value, default=str)  # (3, true, null: one line, as YAML has them)
    import yaml

    # (one line however long; no "..." after it)
    dumped = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=1 << 30)
    return str(dumped).strip().removesuffix("...").strip()


def front_matter_problems(front: dict[str, Any]) -> list[str]:
    """Values the tool cannot use, so sync can say so (the file is left as the person wrote it)."""
    problems = []
    status = front.get("status")
    if status not in (None, "") and _status(status) not in STATUSES:
        problems.append(f"unknown status {_as_written(status)} (use one of: {', '.join(STATUSES)})")
    rating = front.get("rating")
    if rating not in (None, "") and _rating(rating) is None:
        problems.append(f"rating {_as_written(rating)} is not a number")
    tags = front.get("tags")
    if tags not in (None, "") and not isinstance(tags, list | str):
        problems.append("tags should be a list, e.g. [vq, llm]")
    elif isinstance(tags, list) and any(isinstance(t, dict | list) for t in tags):
        problems.append("tags should be words, e.g. [vq, llm] (a nested one is left out)")
    for key in ("reviewed", "created", "updated"):
        value = front.get(key)
        # (a date YAML could not read stays text: "2024-02-30"; the goal still counts its year)
        if isinstance(value, str) and _DATE_LIKE.match(value) and not _is_date(value):
            problems.append(f"{key}: {value} is no date (its year still counts)")
    return problems


_DATE_LIKE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _is_date(value: str) -> bool:
    try:
        date.fromisoformat(value[:10])
    except ValueError:
        return False
    return True


# `key:` then the value (quoted, or plain up to a ` #` comment), then the comment and the end.
FIELD_LINE_RE = r"""^(?P<head>{key}[ \t]*:[ \t]*)
    (?P<value>"(?:[^"\\\r\n]|\\.)*"|'(?:[^'\r\n]|'')*'|(?:[^#\r\n]|(?<=\S)\#)*?)
    (?P<tail>[ \t]*(?:[ \t]\#[^\r\n]*)?)(?P<eol>\r?\n|\Z)"""


def set_front_matter_fields(text: str, values: dict[str, str]) -> str:
    """Rewrite (or add) top-level `key: value` lines in the front matter, keeping every other
    byte: other lines, comments (also on the line changed), spacing, key order, quoting and line
    endings. Refuses (BadFrontMatter) when the result would not read back as the values asked,
    e.g. a value written over several lines."""
    match = FRONT_MATTER_RE.match(text)
    if not match:
        raise BadFrontMatter("the note has no front matter block to update")
    block = match.group("yaml")
    eol = "\r\n" if match.group("open").endswith("\r\n") else "\n"
    for key, value in values.items():
        pattern = re.compile(FIELD_LINE_RE.format(key=re.escape(key)), re.MULTILINE | re.VERBOSE)
        found = pattern.search(block)
        if found:
            head = found.group("head")
            if not head[-1:].isspace():
                head += " "
            line = f"{head}{value}{found.group('tail')}{found.group('eol')}"
            block = block[: found.start()] + line + block[found.end() :]
        else:
            if block and not block.endswith("\n"):
                block += eol
            block += f"{key}: {value}{eol}"
    start, end = match.span("yaml")
    new_text = text[:start] + block + text[end:]

    front = parse_note(new_text).front_matter
    wanted = {k: _plain(load_yaml(v)) for k, v in values.items()}
    if front is None or any(front.get(k) != v for k, v in wanted.items()):
        raise BadFrontMatter(
            f"cannot safely set {', '.join(values)} in this front matter; edit the file by hand"
        )
    return new_text


def render_template(template: str, values: dict[str, str]) -> str:
    """$-placeholders only (string.Template), so braces in a template or a title are safe."""
    return string.Template(template).safe_substitute(values)


def yaml_string(value: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def related_markdown(papers: list[Paper]) -> str:
    return "\n".join(related_line(paper) for paper in papers)


def related_line(paper: Paper) -> str:
    year = f" ({paper.year})" if paper.year else ""
    return f"- [[{paper.id}]] {paper.title}{year}"


RELATED_LINE_RE = re.compile(r"^- \[\[([^\]\s|]+)\]\] ", re.MULTILINE)
RELATED_SECTION_RE = re.compile(r"^## Related papers[ \t]*$(?:\n(?!## ).*)*", re.MULTILINE)


def template_values(paper: Paper, quant_setting: str, related: list[Paper]) -> dict[str, str]:
    is_arxiv = not paper.id.startswith("local:")
    return {
        "id_field": "arxiv" if is_arxiv else "id",
        "id": paper.id,
        "arxiv": paper.id if is_arxiv else "",
        "title": paper.title,
        "title_yaml": yaml_string(paper.title),
        "authors": ", ".join(paper.authors),
        "authors_yaml": "[" + ", ".join(yaml_string(a) for a in paper.authors) + "]",
        "year": str(paper.year or ""),
        "today": date.today().isoformat(),
        "quant_setting": quant_setting,
        "related": related_markdown(related),
    }


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# ---------------------------------------------------------------------------------------------
# Records and reports.


@dataclass
class ReviewInfo:
    """One note as the database knows it."""

    id: str | None  # paper id
    path: str  # relative to the root
    status: str | None
    title: str | None
    tags: list[str]
    rating: float | None
    created: str | None
    updated: str | None
    deleted: bool
    error: str | None
    in_library: bool
    # the date the note was marked reviewed (its `reviewed:`), which the yearly goal counts
    reviewed: str | None = None
    # a live note with no text (a truncating save): `review restore` brings back its last text
    empty: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


GROUPED = 3  # notes with one problem said one by one; more are one line
SHOWN = 5  # the notes (or papers) such a line names


def _first(items: list[str]) -> str:
    more = len(items) - SHOWN
    return ", ".join(items[:SHOWN]) + (f" (+{more} more)" if more > 0 else "")


MAX_LINKS_SHOWN = 5  # a note's dangling links named in its warning line


def _grouped(problems: list[tuple[str, str]]) -> list[str]:
    """(problem, path) pairs as warning lines: "path: problem", or for a problem many notes
    share, "problem, in N notes: the first few paths (+M more)", in the order first met."""
    paths: dict[str, list[str]] = {}
    for problem, path in problems:
        paths.setdefault(problem, []).append(path)
    out = []
    for problem, where in paths.items():
        if len(where) > GROUPED:
            out.append(f"{problem}, in {len(where)} notes: {_first(where)}")
        else:
            out += [f"{path}: {problem}" for path in where]
    return out


@dataclass
class SyncReport:
    """What a sync did and what the person should know about (one line each)."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    renamed: list[tuple[str, str]] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    # deleted notes whose text is now in a file papers does not read ("_inbox/", ".old/")
    hidden: dict[str, str] = field(default_factory=dict)  # note path -> where it is now
    unchanged: int = 0
    broken: list[tuple[str, str]] = field(default_factory=list)  # (path, error)
    unreadable: list[tuple[str, str]] = field(default_factory=list)  # (path, error), skipped
    invalid: list[tuple[str, str]] = field(default_factory=list)  # (path, unusable value)
    no_paper: list[str] = field(default_factory=list)  # notes naming no paper at all
    missing: dict[str, list[str]] = field(default_factory=dict)  # paper id -> note paths
    # of those, local PDFs (no arXiv id): the titles their notes give, to tell which PDF to add
    local_titles: dict[str, str | None] = field(default_factory=dict)
    duplicates: dict[str, list[str]] = field(default_factory=dict)  # paper id -> note paths
    # deleted notes whose name another note has taken: (path, the copy of the deleted text)
    kept: list[tuple[str, str]] = field(default_factory=list)
    # notes emptied since the last sync (a truncating save): (path, the copy of their text)
    emptied: list[tuple[str, str]] = field(default_factory=list)
    not_a_folder: str | None = None  # what stands where reviews/ should be: no note read
    occupied: set[str] = field(default_factory=set)  # deleted notes whose path a folder holds
    # live notes whose arxiv: and file name disagree: (path, what each says), every sync
    misnamed: list[tuple[str, str]] = field(default_factory=list)
    # notes read now whose [[name]] links name no paper and no note: (path, the links)
    dangling: list[tuple[str, list[str]]] = field(default_factory=list)
    fetched: list[str] = field(default_factory=list)
    fetch_failed: list[str] = field(default_factory=list)  # one message per paper not added
    fetch_error: str | None = None  # a one-line summary when some could not be added

    @property
    def touched(self) -> bool:
        return bool(self.added or self.changed or self.renamed or self.deleted)

    def warnings(self) -> list[str]:
        """One line a note, or, for a problem more than GROUPED notes share (a folder of notes
        imported from elsewhere), one line that names the first few of them."""
        out = _grouped(
            [(f"{error}; body indexed, file left as is", path) for path, error in self.broken]
        )
        out += _grouped(
            [(f"cannot be read ({error}); skipped", path) for path, error in self.unreadable]
        )
        out += _grouped([(problem, path) for path, problem in self.invalid])
        if len(self.no_paper) > GROUPED:
            out.append(
                f"{len(self.no_paper)} notes name no paper (add 'arxiv: ID' to their front "
                f"matter): {_first(self.no_paper)}"
            )
        else:
            out += [
                f"{path}: names no paper (add 'arxiv: ID' to its front matter)"
                for path in self.no_paper
            ]
        out += self._local_missing()
        arxiv = {i: paths for i, paths in self.missing.items() if not i.startswith("local:")}
        if self.fetch_failed:  # the papers still missing are these, with the reason
            # (one reason for many: arXiv unreachable): reason -> (paper id, message)
            why: dict[str, list[tuple[str, str]]] = {}
            for message in self.fetch_failed:
                paper_id, colon, reason = message.partition(": ")
                if not colon or " " in paper_id:  # ("not found on arXiv: ID": the id last)
                    reason, colon, paper_id = message.rpartition(": ")
                if not colon or not paper_id or " " in paper_id:
                    reason, paper_id = message, ""  # (no id to tell apart: said alone)
                why.setdefault(reason, []).append((paper_id, message))
            for reason, failed in why.items():
                ids = [paper_id for paper_id, _ in failed]
                if len(failed) > GROUPED and all(ids):
                    out.append(f"not added, {len(ids)} papers: {reason}: {_first(ids)}")
                else:
                    out += [f"not added: {message}" for _, message in failed]
        elif len(arxiv) > GROUPED:
            ids = sorted(arxiv)
            notes = sum(len(paths) for paths in arxiv.values())
            out.append(
                f"{notes} notes name {len(ids)} papers not in the library: {_first(ids)} "
                "(run 'papers review sync --fetch' or 'papers add ID'; 'papers review list' "
                "shows the notes)"
            )
        else:
            for paper_id, paths in sorted(arxiv.items()):
                out.append(
                    f"{', '.join(paths)}: {paper_id} is not in the library "
                    "(run 'papers review sync --fetch' or 'papers add ID')"
                )
        for path, links in self.dangling:
            shown = ", ".join(f"[[{link}]]" for link in links[:MAX_LINKS_SHOWN])
            if len(links) > MAX_LINKS_SHOWN:
                shown += f" (+{len(links) - MAX_LINKS_SHOWN} more)"
            # (a local paper comes from its PDF alone: no id brings it)
            local = sum(link.lower().startswith("local:") for link in links)
            adds = (
                "'papers add FILE.pdf' adds the local paper"
                if local == len(links)
                else "'papers add ID' adds the paper, 'papers add FILE.pdf' a local one"
                if local
                else "'papers add ID' adds the paper"
            )
            out.append(
                f"{path}: {shown} {'names' if len(links) == 1 else 'name'} no paper or note of "
                f"the library, so links nothing yet ({adds}, and the link counts from then on)"
            )
        for paper_id, paths in sorted(self.duplicates.items()):
            out.append(f"{len(paths)} notes claim {paper_id}: {_first(paths)} (all indexed)")
        gone = [path for path in self.deleted if path not in self.hidden]
        if len(gone) > GROUPED:
            out.append(
                f"{len(gone)} notes are gone (deleted, or moved out of reviews/): {_first(gone)}; "
                "'papers review list --deleted' lists them, 'papers review restore NOTE' brings "
                "one back"
            )
        else:
            out += [
                f"{path} is gone (a folder or another file has its path now); move that away, "
                f"then 'papers review restore {path}' brings it back"
                if path in self.occupied
                else f"{path} is gone (deleted, or moved out of reviews/); 'papers review "
                f"restore {path}' brings it back"
                for path in gone
            ]
        out += [
            f"{path} was deleted, and a new file has its name: the deleted note's text is kept "
            f"in {copy}; 'papers review restore {copy}' brings it back beside the new one"
            for path, copy in self.kept
        ]
        out += [
            f"{path} is empty now: its last text is kept in {copy}; 'papers review restore "
            f"{path}' brings it back"
            for path, copy in self.emptied
        ]
        if self.not_a_folder:
            out.append(
                f"{self.not_a_folder}: no note is read, and none counts as deleted, until it is "
                "a folder again"
            )
        out += _grouped(
            [
                (f"{problem}; its paper is not added until they agree", path)
                for path, problem in self.misnamed
            ]
        )
        hidden = [f"{old} to {new}" for old, new in self.hidden.items()]
        unread = "not read (a file or folder whose name starts with '_' or '.')"
        if len(hidden) > GROUPED:
            out.append(
                f"{len(hidden)} notes moved where they are {unread}, and count as deleted "
                f"until they are moved back: {_first(hidden)}"
            )
        else:
            out += [
                f"{old} moved to {new}, which is {unread}: it counts as deleted until it is "
                "moved back"
                for old, new in self.hidden.items()
            ]
        return out

    def _local_missing(self) -> list[str]:
        """The notes of local PDFs the library lacks (a clone's: papers/ is not shared): only
        adding the PDF again mends them, neither arXiv nor --fetch can."""
        remedy = "add the PDF with 'papers add path/to/file.pdf'"
        if len(self.local_titles) > GROUPED:
            ids = sorted(self.local_titles)
            notes = [path for i in ids for path in self.missing.get(i, [])]
            return [
                f"{len(notes)} notes name {len(ids)} local PDFs not in the library: "
                f"{_first(notes)} ({remedy} for each)"
            ]
        out = []
        for paper_id, title in sorted(self.local_titles.items()):
            named = f'{paper_id} ("{title}")' if title else paper_id
            out.append(
                f"{', '.join(self.missing.get(paper_id, []))}: {named} is a local PDF not in "
                f"the library ({remedy})"
            )
        return out

    def summary(self) -> str:
        parts = [
            f"{len(self.added)} new",
            f"{len(self.changed)} changed",
            f"{len(self.renamed)} renamed",
            f"{len(self.deleted)} deleted",
            f"{self.unchanged} unchanged",
        ]
        if self.fetched:
            parts.append(f"{len(self.fetched)} papers added")
        return "notes: " + ", ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# ---------------------------------------------------------------------------------------------
# Warnings said once: a command that indexes the notes on its way (search, graph, stats ...)
# says a problem of a note once for the note as it is, where it said every problem of every
# note again whenever any note had changed; `review sync` says them all, each time.

SAID_TABLE = "said_warnings"
# the kinds of warning each full sync finds for every note (the others, only for the notes it
# reads): one of these it no longer finds is forgotten, to be said again if it comes back
_FOUND_FOR_EVERY_NOTE = ("missing", "claims", "misnamed", "unreadable")


def _said_items(report: SyncReport) -> list[tuple[str, str]]:
    """(note path, warning) for each problem of a note the report holds: what is remembered
    as said. Events (a note deleted, emptied, moved) are said once as they happen anyway."""
    items = [(path, f"broken {error}") for path, error in report.broken]
    items += [(path, f"unreadable {error}") for path, error in report.unreadable]
    items += [(path, f"invalid {problem}") for path, problem in report.invalid]
    items += [(path, "no paper") for path in report.no_paper]
    items += [(path, f"missing {i}") for i, paths in report.missing.items() for path in paths]
    items += [(path, f"dangling {' '.join(links)}") for path, links in report.dangling]
    items += [(path, f"claims {i}") for i, paths in report.duplicates.items() for path in paths]
    items += [(path, f"misnamed {problem}") for path, problem in report.misnamed]
    return items


def _note_digests(db: Database) -> dict[str, str]:
    return dict(db.execute("SELECT path, sha256 FROM reviews WHERE deleted = 0").fetchall())


def _said(db: Database) -> dict[tuple[str, str], str]:
    """(path, warning) -> the note's digest when it was said; none in a library an older
    release made that cannot be written (it has no table of them)."""
    if not db[SAID_TABLE].exists():
        return {}
    rows = db.execute(f"SELECT path, warning, sha256 FROM {SAID_TABLE}").fetchall()
    return {(path, warning): digest for path, warning, digest in rows}


def unsaid(db: Database, report: SyncReport, again: Collection[str] = ()) -> SyncReport:
    """The report without the problems already said of each note as it is now; those of the
    notes in `again` (the note a review command is about) are kept, said each time."""
    digests = _note_digests(db)
    said = _said(db)

    def new(path: str, warning: str) -> bool:
        return path in again or said.get((path, warning)) != digests.get(path, "")

    out = dataclasses.replace(report)
    out.broken = [(p, e) for p, e in report.broken if new(p, f"broken {e}")]
    out.unreadable = [(p, e) for p, e in report.unreadable if new(p, f"unreadable {e}")]
    out.invalid = [(p, x) for p, x in report.invalid if new(p, f"invalid {x}")]
    out.no_paper = [p for p in report.no_paper if new(p, "no paper")]
    missing = {
        i: [p for p in paths if new(p, f"missing {i}")] for i, paths in report.missing.items()
    }
    out.missing = {i: paths for i, paths in missing.items() if paths}
    out.local_titles = {i: t for i, t in report.local_titles.items() if i in out.missing}
    out.dangling = [(p, ls) for p, ls in report.dangling if new(p, f"dangling {' '.join(ls)}")]
    # (two notes claiming a paper: both named, when either is new or changed)
    out.duplicates = {
        i: paths
        for i, paths in report.duplicates.items()
        if any(new(p, f"claims {i}") for p in paths)
    }
    out.misnamed = [(p, x) for p, x in report.misnamed if new(p, f"misnamed {x}")]
    return out


def remember_said(db: Database, report: SyncReport, *, wait_ms: int | None = None) -> None:
    """Remember the problems of a full sync's report as said, for each note as it is now, and
    forget those it no longer finds. Writes only when that changes anything; ReadOnlyLibrary
    where nothing can be written, LibraryBusy when another command holds the lock longer than
    wait_ms."""
    from .db import read_only_here
    from .errors import ReadOnlyLibrary

    digests = _note_digests(db)
    said = _said(db)
    now = {item: digests.get(item[0], "") for item in _said_items(report)}
    gone = [
        item
        for item, digest in said.items()
        if item not in now
        and (item[1].split(" ", 1)[0] in _FOUND_FOR_EVERY_NOTE or digests.get(item[0]) != digest)
    ]
    fresh = [
        (path, warning, digest)
        for (path, warning), digest in now.items()
        if said.get((path, warning)) != digest
    ]
    if not gone and not fresh:
        return
    if not db[SAID_TABLE].exists():  # (an older library read as it is: see READS_AS_IT_IS)
        raise ReadOnlyLibrary(read_only_here(db))
    with write_transaction(db, wait_ms=wait_ms):
        db.conn.executemany(f"DELETE FROM {SAID_TABLE} WHERE path = ? AND warning = ?", gone)
        db.conn.executemany(f"INSERT OR REPLACE INTO {SAID_TABLE} VALUES (?, ?, ?)", fresh)


# ---------------------------------------------------------------------------------------------
# Sync: files -> database.


def _rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def note_files(root: Path) -> list[Path]:
    """Every note: reviews/**/*.md except the template and hidden or underscore files."""
    folder = config.reviews_dir(root)
    if not folder.is_dir():
        return []
    found = []
    for path in folder.rglob("*.md"):
        parts = path.relative_to(folder).parts
        if any(part.startswith((".", "_")) for part in parts):
            continue
        if path.is_file():
            found.append(path)
    return sorted(found)


def _hidden_moves(root: Path, gone: dict[str, str], notes: list[Path]) -> dict[str, str]:
    """The notes just found gone whose very text is in a file note_files skips (a note moved
    into "_inbox/"): {note path: that file's path}; `notes`, what note_files found. Conflict
    copies are no moves."""
    folder = config.reviews_dir(root)
    skipped = set(folder.rglob("*.md")) - set(notes)
    found: list[tuple[float, str, str]] = []  # (when its inode changed, path, digest)
    for path in skipped:
        rel = _rel(root, path)
        if rel.startswith(f"{config.REVIEWS_DIR}/{CONFLICTS_DIR}/") or not is_utf8_text(rel):
            continue
        with contextlib.suppress(OSError):
            info = path.stat()
            if not stat.S_ISREG(info.st_mode):
                continue  # (a pipe or a device named .md: its read never ends, or fills memory)
            found.append((info.st_ctime, rel, sha256_bytes(path.read_bytes())))
    by_digest: dict[str, str] = {}
    # the same text in several skipped files ("_old.md", a copy kept before): the note is the
    # one moved last, as a rename changes a file's ctime and a copy made earlier keeps its own
    for _, rel, digest in sorted(found, key=lambda item: (-item[0], item[1])):
        by_digest.setdefault(digest, rel)
    return {old: by_digest[digest] for old, digest in gone.items() if digest in by_digest}


def _decode(data: bytes) -> tuple[str, str | None]:
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        return data.decode("utf-8", errors="replace"), "not UTF-8: invalid bytes indexed as U+FFFD"


def _mismatch(parsed: ParsedNote) -> str | None:
    """The note's id and file name disagreeing, kept on its row: said at every sync, and its
    paper not fetched (a fresh clone added the mistyped id's paper)."""
    problem = parsed.id_problem
    return problem if problem is not None and problem.endswith(MISTYPED) else None


def _row_for(
    rel: str, text: str, digest: str, mtime: float, parsed: ParsedNote, error: str | None
) -> dict[str, Any]:
    front = parsed.front_matter or {}
    tags = front.get("tags") or front.get("tag") or []  # ("tag:", which Obsidian reads too)
    if isinstance(tags, str):
        tags = [t.strip() for t in tags.split(",") if t.strip()]
    elif not isinstance(tags, list):
        tags = [tags]
    # and the body's own (#weight-only in the text), as Obsidian lists a note's tags
    written = {str(t).lstrip("#").casefold() for t in tags}
    tags = tags + [t for t in inline_tags(parsed.body) if t.casefold() not in written]
    rating = _rating(front.get("rating"))
    status = front.get("status")
    updated = front.get("updated") or datetime.fromtimestamp(mtime, UTC).strftime("%Y-%m-%d")
    return {
        "path": rel,
        "paper_id": parsed.paper_id,
        "content": text,
        "sha256": digest,
        "mtime": mtime,
        "status": _status(status),
        "tags": json.dumps(_tag_words(tags), ensure_ascii=False),
        "rating": rating,
        "front_matter": json.dumps(parsed.front_matter, ensure_ascii=False)
        if parsed.front_matter is not None
        else None,
        # (both, when both: review list and stats tell one from the other)
        "error": "; ".join(e for e in (error, parsed.error, _mismatch(parsed)) if e) or None,
        "created": str(front["created"]) if front.get("created") else None,
        "updated": str(updated),
        "synced": now_iso(),
        "deleted": 0,
    }


def _upsert_review(db: Database, record: dict[str, Any]) -> None:
    """Plain SQL rather than Table.upsert, which commits on its own and would split the sync's
    transaction."""
    columns = list(record)
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c != "path")
    db.execute(
        f"INSERT INTO reviews ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)}) "
        f"ON CONFLICT (path) DO UPDATE SET {updates}",
        [record[c] for c in columns],
    )


def _reindex_paper_notes(db: Database, paper_key: str) -> None:
    """One `notes` document per paper: the bodies of all its live notes, so two notes claiming
    the same paper are both searchable."""
    if paper_key.startswith("note:"):  # a note that names no paper: itself (see _paper_key)
        sql = "SELECT content, tags, prefilled FROM reviews WHERE path = ? AND paper_id IS NULL"
        key = paper_key.removeprefix("note:")
    else:
        sql = "SELECT content, tags, prefilled FROM reviews WHERE paper_id = ?"
        key = paper_key
    rows = db.execute(sql + " AND deleted = 0 ORDER BY path", [key]).fetchall()
    set_document(db, paper_key, NOTES_SOURCE, "\n\n".join(note_search_text(*r) for r in rows))


def tag_matches(wanted: str, tags: list[str]) -> bool:
    """Whether a note's tags hold `wanted` as Obsidian finds tags: whatever their case, with or
    without "#", a nested tag under it ("quant/weight-only" for "quant"), and the tags of a
    string written "#obc #hessian" one by one (a tag holds no space)."""
    key = wanted.strip().lstrip("#").lower()  # (lower, as Obsidian: "ß" is no "ss")

    def holds(tag: str) -> bool:
        tag = tag.strip().lstrip("#").lower()
        return tag == key or tag.startswith(key + "/")

    for written in map(str, tags):
        # (a tag of several words as written, "weight only"; "#a #b" is two tags)
        parts = written.replace(",", " ").split() if "#" in written else [written]
        if any(holds(part) for part in parts):
            return True
    return False


def note_search_text(content: str, tags_json: str | None, prefilled: str | None = None) -> str:
    """What search sees of a note: the body (front matter is metadata, and `status: reviewed`
    in every note would match) without the lines the template wrote and nobody changed (its
    headings, the facets and related papers it listed: search finds what the reviewer wrote),
    then its tags."""
    tags = loads(tags_json, []) or []
    body = "\n".join(_own_lines(parse_note(content).body, prefilled))
    return body + (f"\n\ntags: {' '.join(tags)}" if tags else "")


def _own_lines(body: str, prefilled: str | None) -> list[str]:
    """The body's lines but those the template wrote and nobody changed: each line the
    template wrote, as many times as it wrote it (the same words written again by the
    reviewer stay: a kept default answer is not found, a repeated one is)."""
    template = Counter(_unpaged(line) for line in loads(prefilled, []) or [])
    lines = body.split("\n")
    if not template:
        return lines
    kept = []
    for line in lines:
        key = _unpaged(line.rstrip())
        if template[key] > 0:
            template[key] -= 1
        else:
            kept.append(line)
    return kept


_PAGE_MARK = re.compile(r" \(p\.\d+\)")


def _unpaged(line: str) -> str:
    """A template line without the pages the Quantization setting gives its values ("W4A16
    (p.7)"): a note made before they were given, or elsewhere, is still the template's."""
    return _PAGE_MARK.sub("", line) if " (p." in line else line


class _Names:
    """The paper a [[name]] means: the paper of the note of that file name ([[SmoothQuant]] for
    reviews/SmoothQuant.md, as Obsidian links it; none when that note names no paper), else
    the library papers of that name; indexed on first use (most syncs meet no [[name]])."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.index: Callable[[str], list[str]] | None = None
        self.initials: Callable[[str], list[str]] | None = None
        self.notes: dict[str, set[str | None]] = {}
        self.paths: dict[str, set[str | None]] = {}  # "llm/omni": a note by its folders too
        self.spelt: dict[str, list[str]] = {}
        self.begun: dict[str, list[str]] = {}  # hex digits -> the local papers they begin

    def __call__(self, name: str) -> list[str]:
        if self.index is None:
            from .library import paper_names

            self.index = paper_names(self.db)
            for path, paper_id in self.db.execute(
                "SELECT path, paper_id FROM reviews WHERE deleted = 0"
            ):
                stem = unicodedata.normalize("NFC", Path(path).stem)  # (as links are read)
                self.notes.setdefault(stem.casefold(), set()).add(paper_id)
                inside = unicodedata.normalize("NFC", path).removeprefix(f"{config.REVIEWS_DIR}/")
                self.paths.setdefault(inside.removesuffix(".md").casefold(), set()).add(paper_id)
        if (matched := self.by_path(name)) is not None:
            return sorted({p for path in matched for p in self.paths[path] if p})
        by_note = self.notes.get(name.casefold())
        if by_note is not None:  # (a note of that name is the link's page, as in Obsidian,
            return sorted(p for p in by_note if p)  # even one that names no paper: LoRA.md)
        found = self.index(name)
        if not found:  # ("[[OBC]]", "[[OPTQ]]": as `papers show` reads them; see papers_meant)
            from .library import initials_index, named_by_spelling

            if self.initials is None:  # (the titles read once for every link)
                self.initials = initials_index(self.db)
            found = self.initials(name)
            if not found:
                if name not in self.spelt:  # (the vocabulary loads once, for the first)
                    self.spelt[name] = named_by_spelling(self.db, name)
                found = self.spelt[name]
        return found

    def by_path(self, name: str) -> list[str] | None:
        """The notes a link with folders names ("[[a/Draft]]", "[[reviews/b/Draft.md]]": as
        Obsidian tells apart notes of one name), by their path in reviews/ or its end; None
        for a name without folders, or one that is no note's."""
        if "/" not in name:
            return None
        wanted = name.casefold().removeprefix(f"{config.REVIEWS_DIR}/").removesuffix(".md")
        found = [p for p in self.paths if p == wanted or p.endswith("/" + wanted)]
        return found or None

    def local(self, digits: str) -> list[str]:
        """The library's local papers whose id begins with these hex digits."""
        if digits not in self.begun:
            self.begun[digits] = local_ids_beginning(self.db, digits)
        return self.begun[digits]

    def known(self, name: str) -> bool:
        """Whether a name is a note's or at least one paper's (several: an ambiguous link)."""
        return bool(self(name)) or name.casefold() in self.notes or bool(self.by_path(name))


# a link to a file of another kind than a note, as Obsidian links images, PDFs and canvases
_ATTACHMENT = re.compile(
    r"\.(?:png|jpe?g|gif|svg|webp|bmp|avif|pdf|mp[34]|webm|mov|wav|ogg|m4a|csv|tsv|txt|json|"
    r"html?|canvas|excalidraw|zip|tex|bib|py|ipynb)$",
    re.IGNORECASE,
)


def dangling_links(text: str, names: _Names) -> list[str]:
    """The [[links]] of a note (its body and front matter) that name no paper and no note of
    the library, as written: a paper not added yet ([[OmniQuant]]) or a typo, which would
    otherwise link nothing in silence. (A link with an id in it is a paper's, said elsewhere
    when it is not added; a markdown link is a file's path, which the editor resolves.)"""
    found: list[str] = []
    if "[[" not in text:
        return found
    text = without_code(note_body(text)) + "\n" + front_matter_text(text)
    for match in WIKI_LINK_RE.finditer(text):
        if ID_MENTION_RE.search(match.group()) or text[match.start() - 1 : match.start()] == "!":
            continue  # (an embed, "![[fig1.png]]", is a file's, not a paper's)
        link = " ".join(match.group("wiki").split()).removesuffix("\\").strip()
        if link.startswith("#") or _ATTACHMENT.search(link.split("#", 1)[0]):
            continue  # (a heading of the note itself, "[[#Summary]]"; a file, "[[paper.pdf]]")
        if link not in found and _dangling(link, names):
            found.append(link)
    return found


def _dangling(link: str, names: _Names) -> bool:
    """Whether a [[link]]'s text names no paper and no note."""
    targets = _link_targets(link)
    return bool(targets) and not any(_known_target(t, names) for t in targets)


def _known_target(target: str, names: _Names) -> bool:
    """Whether one of a link's targets names a paper or a note; a local id, a local paper of
    the library (one it lacks links nothing yet: no fetch adds it, and a typo never)."""
    if (local := LOCAL_ID_RE.fullmatch(target)) is not None:
        return bool(names.local(local.group("digits").lower()))
    return bool(_arxiv_id(target) or _note_file_id(target) or names.known(target))


def _set_mentions(
    db: Database, rel: str, content: str, paper_id: str | None, names: _Names | None = None
) -> None:
    db.execute("DELETE FROM mentions WHERE review_path = ?", [rel])
    body = note_body(content)
    mentioning = _without_prefilled(db, body, paper_id, rel) if paper_id else body
    # (not in code, as Obsidian reads links: a pasted `df[["ppl", "c4"]]` links nothing); and
    # the links of the front matter ("related: ['[[GPTQ]]']", as Obsidian's properties link)
    linking = without_code(mentioning) + "\n" + front_matter_text(content)
    mentions = extract_mentions(linking, paper_id, names or _Names(db))
    db.conn.executemany(
        "INSERT OR IGNORE INTO mentions (review_path, arxiv_id) VALUES (?, ?)",
        [(rel, m) for m in mentions],
    )


def relink_named_mentions(
    db: Database, names: set[str], skip: set[str] | None = None, local_ids: Collection[str] = ()
) -> None:
    """The mentions of the notes whose wiki links give one of these names (name_key), or the
    start of one of these local ids ("[[local:f147]]"), after papers (or notes) of those
    names came, went or were renamed: a [[name]] means a paper of the library, which may be
    one now, or no longer one. Only those notes are read again (most links are ids: the
    template's). (Callers hold the write transaction.)"""
    index = _Names(db)
    for rel, content, paper_id in db.execute(
        "SELECT path, content, paper_id FROM reviews WHERE deleted = 0"
        " AND (instr(content, '[[') > 0 OR instr(content, '](') > 0)"
    ).fetchall():
        if skip and rel in skip:
            continue  # (read just now)
        links = [m.group("wiki") for m in WIKI_LINK_RE.finditer(content)]
        links += [t for m in MD_LINK_RE.finditer(content) if (t := md_link_target(m.group("md")))]
        if not any(
            name_key(target) in names or _begins_one(target, local_ids)
            for link in links
            for target in _link_targets(link)
        ):
            continue
        # (the paper as sync read it: its YAML need not be read again)
        _set_mentions(db, rel, content, paper_id, index)


def _begins_one(target: str, local_ids: Collection[str]) -> bool:
    """Whether a link is the start of one of these local ids (a whole one counts as it is)."""
    match = LOCAL_ID_RE.fullmatch(target) if local_ids else None
    return match is not None and any(
        paper_id.startswith(f"local:{match.group('digits').lower()}") for paper_id in local_ids
    )


def _without_prefilled(db: Database, body: str, paper_id: str, rel: str) -> str:
    """The note without the lines of its "Related papers" section that are still the template's
    list as written: the paper cites those papers, which the citation graph already says. A
    line the reviewer changed or added there, or a link anywhere else, stays a mention. The
    template's lines are those it wrote into this note (kept when it was made), and those it
    would write today (notes made before that was kept)."""
    section = RELATED_SECTION_RE.search(body)
    if section is None or not RELATED_LINE_RE.search(section.group()):
        return body
    prefilled = {related_line(paper) for paper in related_papers(db, paper_id)}
    row = db.execute("SELECT prefilled FROM reviews WHERE path = ?", [rel]).fetchone()
    prefilled.update(loads(row[0] if row else None, []))
    kept = [line for line in section.group().split("\n") if line.rstrip() not in prefilled]
    return body[: section.start()] + "\n".join(kept) + body[section.end() :]


def _paper_key(paper_id: str | None, rel: str) -> str:
    """The documents row key: the paper, or the note itself when it names no paper."""
    return paper_id or f"note:{rel}"


def sync_notes(
    db: Database,
    root: Path,
    *,
    fetch: bool = False,
    only: list[Path] | None = None,
    pdf: bool = True,
    progress: Callable[[str], None] | None = None,
    written: dict[str, list[str]] | None = None,
    wait_ms: int | None = None,
    every_note: bool = False,
) -> SyncReport:
    """Index every note: new, changed, renamed and deleted files, in one transaction.
    `written`: the lines the template wrote into new notes, by path (create_note knows them).
    `wait_ms`: the longest wait for another command's write (LibraryBusy after it).
    `every_note`: the report holds the problems of every note, not only of those read now
    (`review sync`, the check a person runs: other commands say each problem once).

    Reads every file and compares its sha256 with the last synced one (cheap for thousands of
    notes, and immune to coarse mtimes). A file that disappeared keeps its row (deleted=1) so
    `review restore` can write it back. With fetch=True, papers the notes name that are not in
    the library are added from arXiv (with their PDFs unless pdf=False); progress gets one line
    per paper.
    """
    report = SyncReport()
    unchanged = _all_unchanged(db, root, only)
    if unchanged is not None:
        # nothing to write: no write lock, so reading commands (search, cited-by) run while
        # another command holds it
        report.unchanged = unchanged
        if every_note and only is None:
            _problems_not_read(db, report, set(), _Names(db))
        _set_missing(db, report, None if only is None else set())
        report.misnamed = _misnamed(db) if only is None else []
        report.duplicates = duplicate_notes(db, None if only is None else set())
        if fetch and report.missing:
            _fetch_missing(db, root, report, pdf, progress, fill=only is None)
        return report
    touched_papers: set[str] = set()
    linking: list[tuple[str, str, str | None]] = []  # (path, body, paper) of notes read again
    repapered: list[str] = []  # notes read again that name another paper than before
    with write_transaction(db, wait_ms=wait_ms):
        # the folder and the rows are read under the write lock: a note another command
        # creates and indexes meanwhile is either in both or in neither, never taken for a
        # deleted one
        files = note_files(root) if only is None else [p for p in only if p.is_file()]
        rows = {
            r["path"]: r
            for r in db.query(
                "SELECT path, paper_id, sha256, mtime, deleted, synced, prefilled, "
                # (a note an upgrade marked for reading again: its digest, for renames)
                "CASE WHEN sha256 = '' THEN content END AS unread_content FROM reviews"
            )
        }
        on_disk = {_rel(root, p): p for p in files}
        for rel, path in on_disk.items():
            if not is_utf8_text(rel):
                problem = "its file name is not UTF-8: rename it"
                report.unreadable.append((shown_name(rel), problem))
                continue
            try:
                data = path.read_bytes()
                mtime = path.stat().st_mtime
            except FileNotFoundError:
                # gone since the folder was listed (an editor's save renames it away for a
                # moment): read at the next sync, and not taken for deleted
                continue
            except OSError as exc:
                report.unreadable.append((rel, exc.strerror or str(exc)))
                continue
            digest = sha256_bytes(data)
            row = rows.get(rel)
            if row and row["sha256"] == digest and not row["deleted"]:
                report.unchanged += 1
                if row["mtime"] != mtime:
                    db.execute("UPDATE reviews SET mtime = ? WHERE path = ?", [mtime, rel])
                continue
            text, decode_error = _decode(data)
            parsed = parse_note(text, path.name)
            record = _row_for(rel, text, digest, mtime, parsed, decode_error)
            record["raw"] = data if decode_error else None  # (restored as it was written)
            if row is None:
                moved_from = None
                if only is None:
                    moved_from = _find_renamed(db, rows, on_disk, digest, parsed)
                if moved_from:
                    record["prefilled"] = rows[moved_from]["prefilled"]  # (the same note)
                    db.execute("DELETE FROM mentions WHERE review_path = ?", [moved_from])
                    db.execute("DELETE FROM reviews WHERE path = ?", [moved_from])
                    old_key = rows.pop(moved_from)["paper_id"]
                    touched_papers.add(_paper_key(old_key, moved_from))
                    report.renamed.append((moved_from, rel))
                else:
                    report.added.append(rel)
                    record["prefilled"] = (
                        json.dumps(written[rel], ensure_ascii=False)
                        if written and rel in written
                        else _template_lines_here(db, root, parsed.paper_id, parsed.body)
                    )
            else:
                if row["deleted"] and row["sha256"] not in ("", digest):
                    # another note has a deleted note's name (a colleague's note for the same
                    # paper, pulled): the deleted one's saved text, which restore offered, is
                    # kept as a file before its row becomes this note's
                    saved = _saved_text(db, rel)
                    copy = _keep_conflict_copy(root, path, saved[0], saved[1])
                    report.kept.append((rel, _rel(root, copy)))
                    # and its row goes with it, still deleted: listed by `review list
                    # --deleted` and found by `review restore PAPER`, as any deleted note
                    _move_row(db, rel, _rel(root, copy), keep=True)
                elif not text.strip():
                    # emptied (an editor that crashed while saving, a `> note.md`): its last
                    # text, which the index held and restore cannot offer for a note on disk,
                    # is kept as a file before the row takes the empty one
                    saved = _saved_text(db, rel)
                    if saved is not None and (saved[1] or (saved[0] or "").strip()):
                        copy = _keep_conflict_copy(root, path, saved[0], saved[1])
                        report.emptied.append((rel, _rel(root, copy)))
                report.changed.append(rel)
                touched_papers.add(_paper_key(row["paper_id"], rel))
                if row["paper_id"] != parsed.paper_id or row["deleted"]:
                    # (links to it by its name mean another paper now, or it is back)
                    repapered.append(rel)
            _upsert_review(db, record)
            linking.append((rel, text, parsed.paper_id))
            touched_papers.add(_paper_key(parsed.paper_id, rel))
            _add_problems(report, rel, parsed, decode_error)
        # (reviews/ made a file: its notes are not gone, only out of reach; none counts as
        # deleted, which said of each "is gone (deleted, or moved out of reviews/)")
        report.not_a_folder = notes_folder_problem(root)
        if only is None and not report.not_a_folder:
            for rel, row in rows.items():
                if rel not in on_disk and not row["deleted"]:
                    db.execute(
                        "UPDATE reviews SET deleted = 1, synced = ? WHERE path = ?",
                        [now_iso(), rel],
                    )
                    report.deleted.append(rel)
                    if os.path.lexists(root / rel):  # (a folder at its path: not a note)
                        report.occupied.add(rel)
                    touched_papers.add(_paper_key(row["paper_id"], rel))
            if report.deleted:
                gone = {rel: _row_digest(rows[rel]) for rel in report.deleted}
                report.hidden = _hidden_moves(root, gone, files)
        if only is None:
            read = {rel for rel, _, _ in linking}
            for rel, content, filled_paper in _fill_template_lines(db, root):
                if rel not in read:
                    linking.append((rel, content, filled_paper))
                touched_papers.add(filled_paper)
        # the links once every note is indexed: [[SmoothQuant]] may be a note read after it
        names = _Names(db)
        read_now = {*report.added, *report.changed, *(new for _, new in report.renamed)}
        for rel, content, paper_id in linking:
            _set_mentions(db, rel, content, paper_id, names)
            if rel in read_now and (links := dangling_links(content, names)):
                report.dangling.append((rel, links))
        if every_note and only is None:
            _problems_not_read(db, report, read_now, names)
        # and other notes' links to a note made, renamed or deleted here, by its file name
        came_or_went = [
            *report.added,
            *report.deleted,
            *repapered,
            *(path for pair in report.renamed for path in pair),
        ]
        if came_or_went:
            stems = {name_key(Path(rel).stem) for rel in came_or_went}
            relink_named_mentions(db, stems - {""}, skip={rel for rel, _, _ in linking})
        # and live notes whose search document is gone (a `papers rm` once deleted it)
        touched_papers.update(
            row[0] for row in db.execute(f"SELECT DISTINCT paper_id {_UNSEARCHABLE_NOTES}")
        )
        for key in touched_papers:
            _reindex_paper_notes(db, key)
    changed_paths = set(report.added + report.changed + [new for _, new in report.renamed])
    _set_missing(db, report, None if only is None else changed_paths)
    report.misnamed = _misnamed(db, None if only is None else changed_paths)
    report.duplicates = duplicate_notes(db, None if only is None else touched_papers)
    if fetch and report.missing:
        _fetch_missing(db, root, report, pdf, progress, fill=only is None)
    return report


def _add_problems(
    report: SyncReport, rel: str, parsed: ParsedNote, decode_error: str | None
) -> None:
    """A note's problems its text shows, into the report (those of the library, a paper not
    in it or two notes for one, are found for all notes at once)."""
    if parsed.error or decode_error:
        report.broken.append((rel, parsed.error or decode_error or ""))
    if parsed.id_problem and not _mismatch(parsed):  # (that one: report.misnamed)
        report.invalid.append((rel, parsed.id_problem))
    for problem in front_matter_problems(parsed.front_matter or {}):
        report.invalid.append((rel, problem))
    for key in parsed.twice:
        report.invalid.append((rel, f"{key}: is written twice; the last one counts"))
    if parsed.paper_id is None and not parsed.id_problem:  # (said above: no twice)
        report.no_paper.append(rel)


def _problems_not_read(db: Database, report: SyncReport, read: set[str], names: _Names) -> None:
    """The problems of the live notes a sync did not read (unchanged), from their text as
    indexed, as they would be said were they read now (about a third of a millisecond a note)."""
    read = read | {rel for rel, _ in report.unreadable}  # (said: cannot be read)
    for rel, content, raw in db.execute(
        "SELECT path, content, raw FROM reviews WHERE deleted = 0 ORDER BY path"
    ).fetchall():
        if rel in read:
            continue
        decode_error = _decode(raw)[1] if raw else None
        _add_problems(report, rel, parse_note(content, Path(rel).name), decode_error)
        if links := dangling_links(content, names):
            report.dangling.append((rel, links))


def _filled_after_fetch(db: Database, root: Path) -> None:
    """The template lines of the notes whose papers a fetch just added (see
    _fill_template_lines), found before the command ends."""
    with write_transaction(db):
        filled = _fill_template_lines(db, root)
        names = _Names(db)
        for rel, content, paper_id in filled:
            _set_mentions(db, rel, content, paper_id, names)
        for paper_id in {paper_id for _, _, paper_id in filled}:
            _reindex_paper_notes(db, paper_id)


# live notes whose search document is gone (a `papers rm` once deleted it): indexed again
_UNSEARCHABLE_NOTES = (
    "FROM reviews r WHERE deleted = 0 AND paper_id IS NOT NULL AND NOT EXISTS "
    f"(SELECT 1 FROM documents d WHERE d.paper_id = r.paper_id AND d.source = '{NOTES_SOURCE}')"
)


def _all_unchanged(db: Database, root: Path, only: list[Path] | None) -> int | None:
    """How many notes there are when a sync would change nothing (each file as last indexed,
    none gone, every live note searchable), read without a lock; None when one differs, and
    the sync must look again under the write lock."""
    files = note_files(root) if only is None else [p for p in only if p.is_file()]
    rows = {r[0]: (r[1], r[2]) for r in db.execute("SELECT path, sha256, deleted FROM reviews")}
    seen = set()
    for path in files:
        rel = _rel(root, path)
        seen.add(rel)
        row = rows.get(rel)
        if row is None or row[1] or not row[0]:
            return None
        try:
            if sha256_bytes(path.read_bytes()) != row[0]:
                return None
        except OSError:
            return None
    if only is None and any(rel not in seen and not deleted for rel, (_, deleted) in rows.items()):
        return None
    lost = db.execute(f"SELECT 1 {_UNSEARCHABLE_NOTES} LIMIT 1").fetchone()
    unfilled = only is None and db.execute(f"SELECT 1 {_UNFILLED} LIMIT 1").fetchone()
    return None if lost or unfilled else len(seen)


# live notes of library papers whose template lines are not known: met before their paper
# was in the library (a clone's notes, indexed before `review sync --fetch` added the papers)
_UNFILLED = (
    "FROM reviews r JOIN papers p ON p.id = r.paper_id WHERE r.deleted = 0 AND r.prefilled IS NULL"
)


def _fill_template_lines(db: Database, root: Path) -> list[tuple[str, str, str]]:
    """The lines the template would write for the paper of each such note, now that it is in
    the library, are the template's (see _template_lines_here): its headings and related
    papers counted as the reviewer's (search hits, mentions) on the second machine only.
    Returns (path, text, paper) of the notes to link again. (Callers hold the write lock.)"""
    filled = []
    for rel, content, paper_id in db.execute(
        f"SELECT r.path, r.content, r.paper_id {_UNFILLED}"
    ).fetchall():
        # (once: "[]" for none)
        lines = _template_lines_here(db, root, paper_id, note_body(content)) or "[]"
        db.execute("UPDATE reviews SET prefilled = ? WHERE path = ?", [lines, rel])
        filled.append((rel, content, paper_id))
    return filled


def template_lines_learnt(db: Database, root: Path, paper_id: str) -> None:
    """Once the library reads a paper's facets (its PDF added after its notes were indexed: a
    clone's 'review sync --no-pdf', then 'papers add'), the "Quantization setting" lines the
    template writes from them are the template's in its notes too, where they were taken for
    the reviewer's words for good (search found them); added to the lines known, never in
    place of them (a note made here keeps what its template wrote). (Callers hold the write
    lock.)"""
    notes = db.execute(
        "SELECT path, content, prefilled FROM reviews "
        "WHERE paper_id = ? AND deleted = 0 AND prefilled IS NOT NULL",
        [paper_id],
    ).fetchall()
    learnt = []
    for rel, content, prefilled in notes:
        known: list[str] = loads(prefilled, []) or []
        now = loads(_template_lines_here(db, root, paper_id, note_body(content)), []) or []
        if added := [line for line in now if line not in known]:
            db.execute(
                "UPDATE reviews SET prefilled = ? WHERE path = ?",
                [json.dumps(known + added, ensure_ascii=False), rel],
            )
            learnt.append((rel, content))
    if learnt:
        names = _Names(db)
        for rel, content in learnt:
            _set_mentions(db, rel, content, paper_id, names)  # (a related line: not a mention)
        _reindex_paper_notes(db, paper_id)


def _row_digest(row: dict[str, Any]) -> str:
    """The digest a note had when last synced (that of its text, for one migration 007 marked
    to be read again)."""
    if row["sha256"] or not row.get("unread_content"):
        return row["sha256"]
    return sha256_bytes(row["unread_content"].encode("utf-8"))


def _find_renamed(
    db: Database,
    rows: dict[str, dict[str, Any]],
    on_disk: dict[str, Path],
    digest: str,
    parsed: ParsedNote,
) -> str | None:
    """The row a new file was renamed from: a vanished note with the same content, else the
    only vanished note about the same paper whose own lines (all but those its template
    wrote) the new file mostly still holds, a note renamed and edited. Another note for the
    paper, made after one was deleted, is no rename: the deleted one stays, to be restored
    (a rename taken for that is safe: the old note is listed as deleted, and restorable)."""
    gone = [r for p, r in rows.items() if p not in on_disk]
    same = [r["path"] for r in gone if _row_digest(r) == digest]
    if len(same) == 1:
        return same[0]
    if parsed.paper_id:
        candidates = [
            r["path"] for r in gone if r["paper_id"] == parsed.paper_id and not r["deleted"]
        ]
        if len(candidates) == 1 and _carried_over(db, candidates[0], parsed.body):
            return candidates[0]
    return None


def _carried_over(db: Database, old_path: str, new_body: str) -> bool:
    """Whether most (half or more) of the lines the reviewer wrote in the old note are in
    the new body."""
    row = db.execute("SELECT content, prefilled FROM reviews WHERE path = ?", [old_path]).fetchone()
    if row is None:
        return False
    lines = _own_lines(parse_note(row[0] or "").body, row[1])
    own = [line.rstrip() for line in lines if line.strip()]
    kept = {line.rstrip() for line in new_body.split("\n")}
    return 2 * sum(line in kept for line in own) >= len(own)


def _missing_papers(db: Database, paths: set[str] | None) -> dict[str, list[str]]:
    """Papers live notes name that are not in the library, with the notes' paths (not those
    of a note whose id and file name disagree: which paper it means is not known)."""
    rows = db.execute(
        "SELECT r.paper_id, r.path FROM reviews r LEFT JOIN papers p ON p.id = r.paper_id "
        "WHERE r.deleted = 0 AND r.paper_id IS NOT NULL AND p.id IS NULL "
        "AND (r.error IS NULL OR instr(r.error, ?) = 0) ORDER BY r.path",
        [MISTYPED],
    ).fetchall()
    missing: dict[str, list[str]] = {}
    for paper_id, path in rows:
        if paths is None or path in paths:
            missing.setdefault(paper_id, []).append(path)
    return missing


def _set_missing(db: Database, report: SyncReport, paths: set[str] | None) -> None:
    """The report's papers the notes name that the library lacks (see _missing_papers), and
    for the local PDFs among them the title their notes give (a clone has their notes, not
    their PDFs, and the reader is told which to add)."""
    report.missing = _missing_papers(db, paths)
    report.local_titles = {}
    for paper_id in sorted(i for i in report.missing if i.startswith("local:")):
        titles = [
            title
            for (front,) in db.execute(
                "SELECT front_matter FROM reviews WHERE deleted = 0 AND paper_id = ? ORDER BY path",
                [paper_id],
            )
            if isinstance(title := (loads(front, {}) or {}).get("title"), str) and title.strip()
        ]
        report.local_titles[paper_id] = titles[0].strip() if titles else None


def _misnamed(db: Database, paths: set[str] | None = None) -> list[tuple[str, str]]:
    """(path, what its arxiv: and file name say) of live notes whose two ids disagree."""
    rows = db.execute(
        "SELECT path, error FROM reviews WHERE deleted = 0 AND instr(error, ?) > 0 ORDER BY path",
        [MISTYPED],
    ).fetchall()
    return [
        (path, next(part for part in error.split("; ") if part.endswith(MISTYPED)))
        for path, error in rows
        if paths is None or path in paths
    ]


def duplicate_notes(db: Database, paper_keys: set[str] | None = None) -> dict[str, list[str]]:
    """Papers claimed by more than one live note."""
    rows = db.execute(
        "SELECT paper_id, group_concat(path, char(10)) FROM "
        "(SELECT paper_id, path FROM reviews WHERE deleted = 0 AND paper_id IS NOT NULL "
        "ORDER BY path) GROUP BY paper_id HAVING count(*) > 1"
    ).fetchall()
    return {
        pid: paths.split("\n") for pid, paths in rows if paper_keys is None or pid in paper_keys
    }


def add_missing_papers(
    db: Database,
    root: Path,
    ids: list[str],
    *,
    pdf: bool = True,
    progress: Callable[[str], None] | None = None,
) -> tuple[list[str], list[str]]:
    """Add papers from arXiv like `papers add` (metadata, and the PDF unless pdf=False):
    (ids added, one failure message per paper not added)."""
    from .library import add_papers  # imported lazily: it pulls in the network code

    failed: list[str] = []
    wanted = []
    for i in ids:
        try:  # (one note's bad id must not keep the others' papers out)
            parse_arxiv_id(i)
        except BadIdentifier as exc:
            failed.append(str(exc))
            continue
        wanted.append(i)
    added: list[str] = []
    if not wanted:
        return added, failed
    step = (lambda text: progress(f"adding {text}")) if progress else None
    for result in add_papers(db, root, wanted, pdf=pdf, progress=step):
        if progress:
            for warning in result.warnings:
                progress(f"warning: {warning}")
        if result.ok and result.paper is not None:
            added.append(result.paper.id)
        else:
            message = result.message
            failed.append(message if result.input in message else f"{result.input}: {message}")
    return added, failed


def may_come(failure: str) -> bool:
    """Whether a paper not added may be added by asking again (arXiv unreachable or busy),
    not one arXiv does not have or an id that is none."""
    return not failure.startswith(("not found on arXiv", "not an arXiv id"))


def _fetch_missing(
    db: Database,
    root: Path,
    report: SyncReport,
    pdf: bool,
    progress: Callable[[str], None] | None,
    fill: bool = True,
) -> None:
    """Add the papers the notes name that the library lacks; with `fill`, then the template
    lines of their notes (see _filled_after_fetch). A local PDF's is none to fetch, nor a
    failure to add one: the warnings say to add its PDF (see SyncReport._local_missing)."""
    ids = sorted(i for i in report.missing if not i.startswith("local:"))
    if not ids:
        return
    try:
        report.fetched, report.fetch_failed = add_missing_papers(
            db, root, ids, pdf=pdf, progress=progress
        )
    except PapersError as exc:
        report.fetch_failed = [str(exc)]
    if report.fetch_failed:
        report.fetch_error = (
            f"{len(ids) - len(report.fetched)} of the {len(ids)} papers the notes name could "
            "not be added; "
        )
        if any(may_come(message) for message in report.fetch_failed):
            report.fetch_error += "run 'papers review sync --fetch' to try again"
        else:  # (arXiv has no such paper: asking again cannot help, the note's id may)
            notes = [path for i in ids if i not in report.fetched for path in report.missing[i]]
            report.fetch_error += f"check the arxiv: line of {_first(notes)}"
    _set_missing(db, report, None)
    if fill and report.fetched:
        _filled_after_fetch(db, root)
    if report.fetched and report.dangling:  # (a clone's [[GPTQ]] names the paper just added)
        names = _Names(db)
        report.dangling = [
            (rel, still)
            for rel, links in report.dangling
            if (still := [link for link in links if _dangling(link, names)])
        ]


def library_is_empty(db: Database) -> bool:
    return db.execute("SELECT count(*) FROM papers").fetchone()[0] == 0


def is_fresh_clone(root: Path) -> bool:
    """A folder with reviews/ but no library yet: a team member's clone of shared reviews."""
    return config.reviews_dir(root).is_dir() and not config.db_path(root).exists()


# ---------------------------------------------------------------------------------------------
# Queries.


def _info(row: dict[str, Any], in_library: bool) -> ReviewInfo:
    front = loads(row.get("front_matter"), {}) or {}
    title = front.get("title") if isinstance(front.get("title"), str) else None
    return ReviewInfo(
        id=row["paper_id"],
        path=row["path"],
        status=row["status"],
        title=title,
        tags=loads(row["tags"], []),
        rating=row["rating"],
        created=row["created"],
        updated=row["updated"],
        deleted=bool(row["deleted"]),
        error=row["error"],
        in_library=in_library,
        reviewed=str(front["reviewed"]) if front.get("reviewed") else None,
        empty=_emptied(row),
    )


def _emptied(row: dict[str, Any]) -> bool:
    """A live note whose text, as last synced, is none (or only spaces)."""
    return not row["deleted"] and not row["raw"] and not (row["content"] or "").strip()


def list_reviews(
    db: Database,
    *,
    status: str | None = None,
    tag: str | None = None,
    include_deleted: bool = False,
) -> list[ReviewInfo]:
    """Notes, most recently updated first."""
    if status is not None and status not in STATUSES:
        raise PapersError(f"unknown status {status!r} (use one of: {', '.join(STATUSES)})")
    rows = db.query(
        "SELECT r.*, p.title AS paper_title, p.id IS NOT NULL AS in_library FROM reviews r "
        "LEFT JOIN papers p ON p.id = r.paper_id ORDER BY r.updated DESC, r.path"
    )
    out = []
    for row in rows:
        if row["deleted"] and not include_deleted:
            continue
        info = _info(row, bool(row["in_library"]))
        info.title = row["paper_title"] or info.title
        # (a note without a status counts as to-read, as stats counts it)
        if status and (info.status or "to-read") != status:
            continue
        if tag and not tag_matches(tag, info.tags):
            continue
        out.append(info)
    return out


def notes_mentioning(db: Database, paper_id: str) -> list[tuple[str | None, str]]:
    """(paper the note is about, note path) of every live note linking to paper_id, for
    `papers cited-by` to show "mentioned in review" next to citations."""
    key = normalise_paper_id(paper_id) or paper_id
    rows = db.execute(
        "SELECT r.paper_id, r.path FROM mentions m JOIN reviews r ON r.path = m.review_path "
        "WHERE m.arxiv_id = ? AND r.deleted = 0 ORDER BY r.path",
        [key],
    ).fetchall()
    return [(pid, path) for pid, path in rows]


def find_note_rows(db: Database, root: Path, ref: str) -> list[dict[str, Any]]:
    """Notes named by a paper id (any spelling) or by a path/file name under reviews/; by a
    paper, also its emptied notes whose kept text alone names it."""
    return _note_rows(db, root, ref)[0]


def _note_rows(db: Database, root: Path, ref: str) -> tuple[list[dict[str, Any]], str | None]:
    """find_note_rows, and the paper `ref` names when it names one rather than a note's path."""
    candidate = Path(ref)
    rels = {
        ref,
        candidate.as_posix(),
        f"{config.REVIEWS_DIR}/{candidate.name}",
        f"{config.REVIEWS_DIR}/{candidate.as_posix()}",  # ("llm/Omni.md", within reviews/)
    }
    if candidate.suffix.lower() != ".md":  # (a note by its name: "Café-AWQ")
        rels.add(f"{config.REVIEWS_DIR}/{candidate.name}.md")
        rels.add(f"{config.REVIEWS_DIR}/{candidate.as_posix()}.md")
    with contextlib.suppress(ValueError):
        rels.add(_rel(root, (Path.cwd() / candidate).resolve()))
    # (accents composed on both sides: a name typed, or a file macOS named, decomposed)
    rels = {unicodedata.normalize("NFC", rel) for rel in rels}
    # (_order: the row's rowid, which tells the later of two rows synced in one second)
    every = "SELECT rowid AS _order, * FROM reviews"
    every_row = list(db.query(every))
    rows = [r for r in every_row if unicodedata.normalize("NFC", r["path"]) in rels]
    if rows:
        return rows, None
    if "/" not in ref:  # (a note by its file name in a subfolder, as [[Omni]] links it)
        name = unicodedata.normalize("NFC", candidate.name.removesuffix(".md"))
        rows = [r for r in every_row if unicodedata.normalize("NFC", Path(r["path"]).stem) == name]
        if rows:
            return rows, None
    paper_id = _paper_id(db, ref)
    if paper_id is None:
        # (a note whose paper was removed: by the title it records, as its paper was named)
        if rows := _titled_notes(every_row, ref):
            return rows, None
        raise _not_a_paper(db, ref)
    rows = list(db.query(every + " WHERE paper_id = ? ORDER BY path", [paper_id]))
    # an emptied note whose file name names no paper (renamed by its reviewer) names none once
    # empty: the text kept of it says which it was (open made a second note for the paper)
    named = {r["path"] for r in rows}
    rows += [r for r in _emptied_notes_about(db, root, paper_id) if r["path"] not in named]
    return rows, paper_id


def emptied_note_named(db: Database, root: Path, ref: str) -> str | None:
    """The path of the one live note `ref` names when it is empty (a truncating save): opened
    as it is, its last text comes back by `review restore` only while it stays empty."""
    try:
        live = [row for row in find_note_rows(db, root, ref) if not row["deleted"]]
    except PapersError:
        return None  # (the command says why, as it looks for the note itself)
    return live[0]["path"] if len(live) == 1 and _emptied(live[0]) else None


def note_paths_named(db: Database, root: Path, ref: str) -> set[str]:
    """The paths of the notes `ref` names, as find_note_rows finds them; none where it names
    none (the command that looks for the note says why)."""
    try:
        return {row["path"] for row in find_note_rows(db, root, ref)}
    except PapersError:
        return set()


def _titled_notes(rows: list[dict[str, Any]], ref: str) -> list[dict[str, Any]]:
    """The notes whose front matter's title is, or begins with, the name `ref` ("SpQR" for
    "SpQR: A Sparse-Quantized ..."), as a library paper's title names it."""
    from .library import paper_name_keys

    key = name_key(ref)
    found = []
    for row in rows:
        title = (loads(row["front_matter"], {}) or {}).get("title")
        if key and isinstance(title, str) and key in paper_name_keys(title):
            found.append(row)
    return sorted(found, key=lambda row: row["path"])


def _not_a_paper(db: Database, ref: str) -> BadIdentifier:
    """The error for a name no library paper, no note and no id is: what the library's
    references know of it, as `papers cited-by` finds a paper outside the library by name."""
    from .graph import cited_outside

    arxiv_id, title = cited_outside(db, ref)
    if arxiv_id is not None:
        return BadIdentifier(
            f"{ref} is not in the library; references cite it as {arxiv_id}: 'papers add "
            f"{arxiv_id}' adds it"
        )
    if title is not None:
        return BadIdentifier(
            f'{ref} is not in the library; references cite it as "{title}", with no arXiv id '
            f"known ('papers cited-by {ref}' lists who cites it)"
        )
    from .library import did_you_mean

    return BadIdentifier(
        f"not an arXiv id, a library paper's name or a note path: {ref}" + did_you_mean(db, ref)
    )


def _paper_id(db: Database, ref: str) -> str | None:
    """The paper an id (any spelling) or a library paper's name ("GPTQ") means; None when it
    is neither, an error when several papers answer to it. Words of a library paper's title
    ("Bit-Split") last, and only for a name the references do not cite: "review open QuIP"
    is the QuIP they cite, not the library's "QuIP#: ...", whose title holds the word."""
    paper_id = normalise_paper_id(ref)
    # (a local id's start, "local:84fd", is the one library paper it begins, as `show` reads it)
    if paper_id is None or paper_id.startswith(LOCAL_PREFIX):
        from .library import ambiguous, named_in_titles, resolve_paper_id

        try:
            paper_id = resolve_paper_id(db, ref, titles=False)
        except AmbiguousPaper:
            raise
        except BadIdentifier:
            from .graph import cited_outside

            if cited_outside(db, ref) != (None, None) or not (found := named_in_titles(db, ref)):
                return None
            if len(found) > 1:
                raise ambiguous(ref, found) from None
            return found[0]
    return paper_id


def _saved_text(db: Database, rel: str) -> Any:
    """A note's text as the index last read it, and its own bytes when not UTF-8 (a row)."""
    return db.execute("SELECT content, raw FROM reviews WHERE path = ?", [rel]).fetchone()


def notes_folder_problem(root: Path) -> str | None:
    """What stands where reviews/ should be, when something other than a folder does (a file,
    a link to nothing): no note is read there, none counts as deleted, none can be written."""
    folder = config.reviews_dir(root)
    if not os.path.lexists(folder) or folder.is_dir():
        return None
    what = "a link to nothing" if folder.is_symlink() and not folder.exists() else "a file"
    return f"{config.REVIEWS_DIR} is not a folder ({what} has its name)"


def _require_notes_folder(root: Path) -> None:
    if (problem := notes_folder_problem(root)) is not None:
        raise PapersError(f"{problem}: move it away, and the notes' folder back")


def _restore_hint(root: Path, row: dict[str, Any], ref: str) -> str:
    """How to bring a deleted note back: `review restore` refuses while something else (a
    folder, a pipe) is at its path, so the hint says to move that away first."""
    restore = f"run 'papers review restore {ref}'"
    at = root / row["path"]
    if _in_conflicts(row["path"]):  # (its copy, at its path: restored beside the new file)
        return restore
    if os.path.lexists(at):
        what = "a folder" if at.is_dir() else "something else"
        return f"{what} is at its path now: move it away, then {restore}"
    return restore


def _one_live_note(db: Database, root: Path, ref: str) -> dict[str, Any]:
    rows = find_note_rows(db, root, ref)
    live = [r for r in rows if not r["deleted"]]
    if not live:
        if rows:
            raise NoteNotFound(
                f"the note {rows[0]['path']} was deleted; {_restore_hint(root, rows[0], ref)} "
                "to get it back"
            )
        paper_id = _paper_id(db, ref)
        if paper_id is not None and (misnamed := _named_for(db, paper_id)):
            path, other = misnamed[0]
            raise NoteNotFound(
                f"no review note for {ref}: {path} is named for it but its front matter "
                f"names {other}; fix its arxiv: line, or name the note by its path"
            )
        if paper_id is not None and get_paper(db, paper_id) is None:
            # ("review open" makes notes for library papers only: add it first)
            raise NoteNotFound(
                f"no review note for {ref}, which is not in the library: 'papers add {ref}', "
                f"then 'papers review open {ref}'"
            )
        raise NoteNotFound(f"no review note for {ref} (create one with 'papers review open {ref}')")
    if len(live) > 1:
        paths = ", ".join(r["path"] for r in live)
        raise PapersError(f"several notes for {ref}: {paths}; name one by its path")
    return live[0]


def show_review(db: Database, root: Path, ref: str) -> str:
    """The note's text as it is on disk."""
    _require_notes_folder(root)
    row = _one_live_note(db, root, ref)
    return (root / row["path"]).read_bytes().decode("utf-8", errors="replace")


def emptied_note_hint(root: Path, rel: str, ref: str | None = None) -> str:
    """What to say of a note that has no text: that it is empty, and how its last text, when
    a copy of it is kept, comes back (`ref`: as the person named the note)."""
    copy = kept_text(root, rel)
    if copy is None:
        return f"{rel} is empty, and no earlier text of it is kept"
    return (
        f"{rel} is empty: 'papers review restore {ref or rel}' brings back its last text "
        f"(kept in {_rel(root, copy)})"
    )


# ---------------------------------------------------------------------------------------------
# Writes to note files: create, change front matter lines, restore.


def _write_new(path: Path, text: str, raw: bytes | None = None) -> None:
    """Create a note whole or not at all; never replaces an existing file (FileExistsError).
    `raw`: the note's own bytes, written instead of the text (one that is not UTF-8).

    The text goes to a hidden temporary file first, then is linked to its name, which fails
    if the name exists: an interrupted write never leaves part of a note under a note's name,
    where the next sync would take it for the note (and, for a restored note, overwrite the
    saved copy with it)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PapersError(f"cannot create {path.parent}: {exc.strerror}") from None
    data = raw if raw is not None else text.encode("utf-8")
    with contextlib.ExitStack() as stack:
        try:
            tmp = stack.enter_context(scratch_file(_hidden_beside(path)))
        except OSError as exc:
            raise PapersError(f"cannot write in {path.parent}: {exc.strerror}") from None
        with open(tmp, "wb") as handle:
            handle.write(data)
        try:
            os.link(tmp, path)
        except FileExistsError as exc:  # (named as the note, not the temporary file)
            raise FileExistsError(exc.errno, exc.strerror, str(path)) from None
        except OSError:
            # (a file system without hard links: the name is made exclusively, then filled)
            with open(path, "xb") as handle:
                try:
                    handle.write(data)
                except BaseException:
                    path.unlink(missing_ok=True)
                    raise


def _hidden_beside(note: Path) -> Path:
    """A temporary file's name beside a note: hidden, so sync never reads it as a note."""
    return note.with_name(f".{note.name}.{secrets.token_hex(4)}.tmp")


def _check_unchanged(path: Path, expected_sha: str) -> None:
    if sha256_bytes(path.read_bytes()) != expected_sha:
        raise NoteConflict(
            f"{path.name} changed on disk while the tool was working; nothing written. "
            "Run 'papers review sync' and try again"
        )


def _replace_if_unchanged(root: Path, path: Path, expected_sha: str, text: str | bytes) -> None:
    """Replace a note atomically, refusing if it changed since we read it (an editor saved).
    A note that is a symbolic link (kept in another repository, linked in) is replaced where
    it points, so the link stays and its file gets the change."""
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    _check_unchanged(path, expected_sha)
    mode = path.stat().st_mode
    with contextlib.ExitStack() as stack:
        try:
            tmp = stack.enter_context(scratch_file(_hidden_beside(path), 0o600))
        except OSError as exc:  # (named as the folder, not the temporary file: a read-only one)
            raise PapersError(f"cannot write in {path.parent}: {exc.strerror}") from None
        with open(tmp, "wb") as handle:
            handle.write(text if isinstance(text, bytes) else text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode & 0o7777)
        # checked again just before the replace: an editor's save while the new text was
        # written is kept, not replaced; the file replaced is held open across the replace,
        # so a write into it between the check and the replace (or by a writer that opened it
        # before), which the new file lacks, is found and kept in _conflicts/
        with open(path, "rb") as replaced:
            _check_unchanged(path, expected_sha)
            os.replace(tmp, path)
            last = replaced.read()
    if sha256_bytes(last) != expected_sha:
        copy = _keep_conflict_copy(root, path, last.decode("utf-8", "replace"), last)
        if config.notice is not None:
            config.notice(
                f"warning: {path.name} was written to while papers rewrote its front matter: "
                f"that version is kept in {_rel(root, copy)}"
            )


def set_status(
    db: Database, root: Path, ref: str, status: str, *, synced: bool = False
) -> ReviewInfo:
    """Change the status (and updated date) lines of a note's front matter, nothing else.

    Moving to `reviewed` also records `reviewed: <date>` the first time, which is what the
    yearly goal counts. synced=True: the caller has just synced the notes folder.
    """
    if status not in STATUSES:
        raise PapersError(f"unknown status {status!r} (use one of: {', '.join(STATUSES)})")
    if not synced:
        sync_notes(db, root)
    _require_notes_folder(root)
    row = _one_live_note(db, root, ref)
    path = root / row["path"]
    data = path.read_bytes()
    digest = sha256_bytes(data)
    if not _is_utf8(data):  # (rewriting it would turn its other bytes into U+FFFD)
        raise BadFrontMatter(
            f"{row['path']}: not UTF-8 text; save it as UTF-8, then run this again"
        )
    text = data.decode("utf-8")
    parsed = parse_note(text, path.name)
    if parsed.front_matter is None or parsed.conflict:
        raise BadFrontMatter(
            f"{row['path']}: {parsed.error or 'no front matter'}; fix it, then run this again"
        )
    if twice := [key for key in ("status", "updated", "reviewed") if key in parsed.twice]:
        raise BadFrontMatter(
            f"{row['path']}: {twice[0]}: is written twice in its front matter; keep one, then "
            "run this again"
        )
    today = date.today().isoformat()
    values = {"status": status, "updated": today}
    if status == "reviewed" and not parsed.front_matter.get("reviewed"):
        values["reviewed"] = today
    new_text = set_front_matter_fields(text, values)
    # (the library must be able to index the change first: the command said it failed after
    # it had changed the note)
    check_writable(db)
    carry = _open_in_editor(root, row["path"]) and new_text != text
    if carry:  # (before the note is written: an editor closing meanwhile finds it)
        _carry_into_editors_save(root, row["path"], values)
    try:
        if new_text != text:
            _replace_if_unchanged(root, path, digest, new_text)
    except BaseException:
        if carry:
            _carried_status(root, row["path"]).unlink(missing_ok=True)
        raise
    if carry and config.notice is not None:
        config.notice(
            f"warning: {row['path']} is open in an editor ('papers review open'), whose save "
            "would replace this change: the status is carried into that save when the editor "
            "closes (unless the editor changes the status line itself)"
        )
    sync_notes(db, root, only=[path])
    return _info_for_path(db, row["path"])


def _info_for_path(db: Database, rel: str) -> ReviewInfo:
    row = next(
        db.query(
            "SELECT r.*, p.title AS paper_title, p.id IS NOT NULL AS in_library FROM reviews r "
            "LEFT JOIN papers p ON p.id = r.paper_id WHERE r.path = ?",
            [rel],
        )
    )
    info = _info(row, bool(row["in_library"]))
    info.title = row["paper_title"] or info.title
    return info


@dataclass
class Restored:
    path: Path
    # the kept copy an emptied note's text came from (None: a deleted note, from the index)
    source: Path | None = None
    # the copy in _conflicts/ a note was written back from, and the note that has the name it
    # was kept of, when there is one (it is restored beside it)
    kept: Path | None = None
    taken: str | None = None
    # the other deleted notes the name given means (the last deleted was restored)
    others: list[str] = field(default_factory=list)


def restore_review(db: Database, root: Path, ref: str, *, synced: bool = False) -> Restored:
    """Write a deleted note back from the last synced copy, or an emptied one's last text back
    from reviews/_conflicts/ (where sync kept it); never over a file that has text.
    synced=True: the caller has just synced the notes folder."""
    if not synced:
        sync_notes(db, root)
    _require_notes_folder(root)
    if (copy := _unindexed_copy(db, root, ref)) is not None:
        return _restore_kept_copy(db, root, copy)
    rows, paper_id = _note_rows(db, root, ref)
    if not rows:
        if paper_id is not None and (copies := _copies_about(root, paper_id)):
            raise NoteNotFound(
                f"no note for {ref} is indexed, but {copies[0]} keeps a note's text about it: "
                f"'papers review restore {copies[0]}' brings it back"
            )
        raise NoteNotFound(f"no review note for {ref} has ever been synced")
    deleted = [r for r in rows if r["deleted"]]
    emptied = [r for r in rows if _emptied(r)]
    if deleted and emptied:  # (which one is meant: the path says)
        raise NoteConflict(
            f"{ref} has an emptied note ({', '.join(r['path'] for r in emptied)}) and a deleted "
            f"one ({', '.join(r['path'] for r in deleted)}): name the one to restore by its path"
        )
    if not deleted:
        if len(emptied) == 1:
            return _restore_emptied(db, root, emptied[0]["path"])
        paths = ", ".join(r["path"] for r in rows)
        if emptied:
            raise NoteConflict(f"several notes for {ref} are empty: {paths}; name one by its path")
        raise NoteConflict(f"nothing to restore: {paths} is on disk (nothing was deleted)")
    # the last deleted: by when, then by which row came last (two deleted in one second)
    row = max(deleted, key=lambda r: (r["synced"], r["_order"]))
    others = [r["path"] for r in deleted if r is not row]
    if _in_conflicts(row["path"]):  # (a deleted note whose name another note took)
        restored = _restore_kept_copy(db, root, root / row["path"], row)
        restored.others = others
        return restored
    path = root / row["path"]
    if path.exists():  # appeared since the sync above
        raise NoteConflict(f"{row['path']} exists; move it away first, then restore")
    if path.is_symlink():  # (a link to a file that is gone: it would be written through)
        raise NoteConflict(
            f"{row['path']} is a link to {os.readlink(path)}, which is missing; "
            "remove the link, then restore"
        )
    check_writable(db)  # (before the note is written back, as set_status)
    _write_new(path, row["content"], raw=row["raw"])
    sync_notes(db, root, only=[path])
    return Restored(path, others=others)


def _in_conflicts(rel: str) -> bool:
    return rel.startswith(f"{config.REVIEWS_DIR}/{CONFLICTS_DIR}/")


_KEPT_NAME = re.compile(r"(?P<stem>.+)\.(?P<stamp>\d{8}-\d{6}(?:-\d+)?)\.md")


def _kept_from(copy: Path) -> str:
    """The file name of the note a copy in _conflicts/ was kept of (see _keep_conflict_copy)."""
    match = _KEPT_NAME.fullmatch(copy.name)
    return f"{match['stem']}.md" if match else copy.name


def _move_row(db: Database, old: str, new: str, *, keep: bool = False) -> None:
    """A note's row to another path (`keep`: a copy of it, the old one staying)."""
    columns = [c for c in db["reviews"].columns_dict if c != "path"]
    listed = ", ".join(columns)
    db.execute(
        f"INSERT INTO reviews (path, {listed}) SELECT ?, {listed} FROM reviews WHERE path = ?",
        [new, old],
    )
    if not keep:
        db.execute("DELETE FROM reviews WHERE path = ?", [old])


def _unindexed_copy(db: Database, root: Path, ref: str) -> Path | None:
    """The file in reviews/_conflicts/ that `ref` names, when no row is at its path (a copy
    kept before a deleted note's row went with its copy, or of an editor's replaced save)."""
    folder = config.reviews_dir(root) / CONFLICTS_DIR
    candidate = Path(ref)
    for path in (Path.cwd() / candidate, root / candidate, config.reviews_dir(root) / candidate):
        with contextlib.suppress(OSError, ValueError):
            path = path.parent.resolve() / path.name
            rel = _rel(root, path)
            if path.parent == folder.resolve() and path.is_file() and path.suffix == ".md":
                known = db.execute("SELECT 1 FROM reviews WHERE path = ?", [rel]).fetchone()
                return None if known else path
    return None


def _restore_kept_copy(
    db: Database, root: Path, copy: Path, row: dict[str, Any] | None = None
) -> Restored:
    """A note's text kept in _conflicts/ written back as a note: under the name it was kept
    of, or beside the file that has that name now (-2, -3 ...); the copy stays. `row`: the
    deleted note's row at the copy's path, which goes with it."""
    target = free_note_path(db, root, config.reviews_dir(root) / _kept_from(copy))
    if row is not None:
        content, raw = row["content"], row["raw"]
    else:
        try:
            raw = copy.read_bytes()
        except OSError as exc:
            raise PapersError(f"cannot read {_rel(root, copy)}: {exc.strerror}") from None
        content = raw.decode("utf-8", "replace")
    if not (raw or content.encode("utf-8")).strip():
        raise NoteConflict(f"nothing to restore: {_rel(root, copy)} is empty")
    check_writable(db)  # (before the note is written back, as set_status)
    _write_new(target, content, raw=raw)
    if row is not None:
        with write_transaction(db):
            db.execute("DELETE FROM mentions WHERE review_path = ?", [row["path"]])
            _move_row(db, row["path"], _rel(root, target))
    sync_notes(db, root, only=[target])
    taken = config.reviews_dir(root) / _kept_from(copy)
    return Restored(target, kept=copy, taken=None if taken == target else _rel(root, taken))


def _kept_stamp(copy: Path) -> tuple[str, str]:
    """When a copy in _conflicts/ was kept, as its name says, to sort copies by."""
    match = _KEPT_NAME.fullmatch(copy.name)
    return (match["stamp"] if match else "", copy.name)


def _kept_paper(copy: Path, name: str) -> str | None:
    """The paper a note's text kept in `copy` names (`name`: the note's file name)."""
    try:
        data = copy.read_bytes()
    except OSError:
        return None
    if not data.strip():
        return None
    return parse_note(_decode(data)[0], name).paper_id


def _emptied_notes_about(db: Database, root: Path, paper_id: str) -> list[dict[str, Any]]:
    """Live emptied notes whose last text, kept in _conflicts/, is about paper_id."""
    rows = db.query(
        "SELECT rowid AS _order, * FROM reviews WHERE deleted = 0 AND paper_id IS NULL "
        "ORDER BY path"
    )
    return [
        row
        for row in rows
        if _emptied(row)
        and (copy := kept_text(root, row["path"])) is not None
        and _kept_paper(copy, Path(row["path"]).name) == paper_id
    ]


def _copies_about(root: Path, paper_id: str) -> list[str]:
    """The copies in _conflicts/ of notes about paper_id, the latest first."""
    folder = config.reviews_dir(root) / CONFLICTS_DIR
    found: list[Path] = []
    with contextlib.suppress(OSError):
        found.extend(
            copy
            for copy in folder.iterdir()
            if copy.suffix == ".md"
            and copy.is_file()
            and _kept_paper(copy, _kept_from(copy)) == paper_id
        )
    found.sort(key=_kept_stamp, reverse=True)
    return [_rel(root, copy) for copy in found]


def kept_text(root: Path, rel: str) -> Path | None:
    """The latest copy of a note that reviews/_conflicts/ keeps and that holds text (named
    by _keep_conflict_copy: the note's name, then when it was kept)."""
    stem = Path(rel).stem
    named = re.compile(re.escape(stem) + r"\.(\d{8}-\d{6})(?:-(\d+))?\.md")
    found = []
    with contextlib.suppress(OSError):
        for copy in (config.reviews_dir(root) / CONFLICTS_DIR).iterdir():
            match = named.fullmatch(copy.name)
            if match and copy.is_file():
                found.append((match.group(1), int(match.group(2) or 1), copy))
    for _, _, copy in sorted(found, reverse=True):
        with contextlib.suppress(OSError):
            if copy.read_bytes().strip():
                return copy
    return None


def _restore_emptied(db: Database, root: Path, rel: str) -> Restored:
    """An emptied note's last text, from the copy sync kept, written over the empty file:
    only while it is still empty (a save meanwhile is the reviewer's, and stays)."""
    path = root / rel
    name = Path(rel).name
    shared = [
        other
        for (other,) in db.execute("SELECT path FROM reviews WHERE path != ?", [rel]).fetchall()
        if Path(other).name == name
    ]
    if shared:  # (the copies are named by the file's name: another note's could be taken)
        raise NoteConflict(
            f"{rel} is empty, but its copies in {config.REVIEWS_DIR}/{CONFLICTS_DIR}/ are named "
            f"by its file name, which {', '.join(shared)} share: copy its text back by hand"
        )
    copy = kept_text(root, rel)
    if copy is None:
        raise NoteConflict(
            f"nothing to restore: {rel} is empty, and no earlier text of it is kept in "
            f"{config.REVIEWS_DIR}/{CONFLICTS_DIR}/"
        )
    data = path.read_bytes()
    if data.decode("utf-8", "replace").strip():
        raise NoteConflict(f"{rel} has text again; nothing restored")
    check_writable(db)  # (before the note is written back, as set_status)
    _replace_if_unchanged(root, path, sha256_bytes(data), copy.read_bytes())
    sync_notes(db, root, only=[path])
    return Restored(path, copy)


def related_papers(db: Database, paper_id: str) -> list[Paper]:
    """References of a paper that are in the library, in the order they are printed."""
    from .resolve import TARGET_SQL

    rows = db.query(
        f"""
        SELECT p.* FROM refs r
        LEFT JOIN ref_links l ON l.paper_id = r.paper_id AND l.key = r.key
        JOIN papers p ON p.id = {TARGET_SQL}
        WHERE r.paper_id = ? AND p.id != ?
        ORDER BY r.n
        """,
        [paper_id, paper_id],
    )
    from .db import paper_from_row

    seen: dict[str, Paper] = {}
    for row in rows:
        seen.setdefault(row["id"], paper_from_row(row))
    return list(seen.values())


def quant_setting_section(db: Database, paper_id: str) -> str:
    """The Quantization setting prefill from the stored facets; empty when the lens is absent."""
    try:
        from .lens import quant_setting_markdown
    except ImportError:
        return ""
    from .library import paper_facets

    facets = paper_facets(db, [paper_id])[paper_id]
    if not facets:
        return ""
    # (said where it is read, hidden once rendered: these are read by rules, not by a person)
    source = (
        f"<!-- Read from the paper's text by 'papers facets {paper_id}': each value is evaluated "
        "somewhere in the paper, not necessarily together. Check them against the paper. -->\n"
    )
    return source + quant_setting_markdown(facets)


def load_template(root: Path) -> str:
    """reviews/_template.md, else the built-in template; BadTemplate when it cannot be read
    (a template saved in Latin-1 was a traceback in every command that met a new note)."""
    custom = config.reviews_dir(root) / TEMPLATE_NAME
    if not custom.is_file():
        return BUILTIN_TEMPLATE
    name = _rel(root, custom)
    try:
        data = custom.read_bytes()
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise BadTemplate(
            f"{name} is not UTF-8 (line {line}): save it as UTF-8; no note was made"
        ) from None
    except OSError as exc:
        raise BadTemplate(
            f"{name} cannot be read ({exc.strerror or exc}); no note was made"
        ) from None


def create_note(db: Database, root: Path, paper: Paper) -> Path:
    """Write a new note for a paper from the template and index it."""
    text, written = _from_template(db, root, paper)
    path = new_note_path(db, root, paper)
    _write_new(path, text)
    # (what the template wrote, known here: indexed with the note, not rendered again)
    sync_notes(db, root, only=[path], written={_rel(root, path): written})
    return path


def _from_template(db: Database, root: Path, paper: Paper) -> tuple[str, list[str]]:
    """A paper's note as the template writes it here and now, and the lines it wrote, to be
    remembered: the related papers' lines (see _without_prefilled) and every other line of
    its body (see note_search_text)."""
    related = related_papers(db, paper.id)
    values = template_values(paper, quant_setting_section(db, paper.id), related)
    template = load_template(root)
    text = render_template(template, values)
    if (error := parse_note(text).error) is not None:
        raise BadTemplate(_template_problem(root, template, error))
    written = [related_line(p) for p in related]
    body = [line.rstrip() for line in parse_note(text).body.split("\n") if line.strip()]
    written += [line for line in body if line not in written]  # (each related line once)
    return text, written


_PLACEHOLDER_ALONE = re.compile(r"^(\$(\w+|\{\w+\}))[ \t]*$", re.MULTILINE)


def _template_problem(root: Path, template: str, error: str) -> str:
    """What is wrong with a template whose note's front matter cannot be read, in one line:
    a placeholder alone on a line of its front matter ("$id_field" for "$id_field: "$id"",
    which writes "arxiv" alone, no key and value) named as such, else the YAML's error."""
    custom = config.reviews_dir(root) / TEMPLATE_NAME
    name = _rel(root, custom) if custom.is_file() else "the built-in template"
    why = error
    match = FRONT_MATTER_RE.match(template)
    alone = _PLACEHOLDER_ALONE.search(match.group("yaml")) if match else None
    if match and alone:
        line = template.count("\n", 0, match.start("yaml") + alone.start()) + 1
        word = alone.group(1)
        fix = '$id_field: "$id"' if alone.group(2).strip("{}") == "id_field" else f"key: {word}"
        why = f"{word} stands alone on its line {line}, with no value (write '{fix}')"
    return f"{name} would write a note whose front matter cannot be read: {why}; no note was made"


def _template_lines_here(
    db: Database, root: Path, paper_id: str | None, body: str = ""
) -> str | None:
    """For a note this library meets for the first time, made elsewhere (a colleague's, a
    clone's: its database remembers nothing of what the template wrote), the lines the
    template would write for its paper here: those the note holds unchanged are the
    template's, not the reviewer's (no search hits, no mentions). Its "Related papers" lines
    of papers the paper cites are the template's too, though this library lacks them (a
    clone's: each was a "mentioned in review" and a search hit on the clone alone). None for
    a note naming no library paper."""
    paper = get_paper(db, paper_id) if paper_id else None
    if paper is None:
        return None
    try:
        written = _from_template(db, root, paper)[1]
    except (OSError, PapersError):  # (a custom template that cannot be read: as before)
        return None
    section = RELATED_SECTION_RE.search(body)
    if section is not None:
        titles = _cited_titles(db, paper.id)
        for line in section.group().split("\n"):
            link = RELATED_LINE_RE.match(line)
            # (a reference that prints no id and is not looked up yet has none: its title is
            # the bibliography's all the same, as LAPQ's in GPTQ's on a clone)
            if (
                link
                and _as_the_template_writes(line, titles.get(link.group(1), titles[None]))
                and line.rstrip() not in written
            ):
                written.append(line.rstrip())
    return json.dumps(written, ensure_ascii=False)


def _cited_titles(db: Database, paper_id: str) -> dict[str | None, list[str]]:
    """The titles the paper's bibliography prints for each paper it cites, by arXiv id, and
    under None those of the references that name no paper yet (no id printed, not looked up,
    not unlinked by hand)."""
    from .resolve import TARGET_SQL

    titles: dict[str | None, list[str]] = {None: []}
    for target, title, manual in db.execute(
        f"SELECT {TARGET_SQL}, r.title, l.manual FROM refs r LEFT JOIN ref_links l "
        "ON l.paper_id = r.paper_id AND l.key = r.key WHERE r.paper_id = ?",
        [paper_id],
    ):
        if title and (target or not manual):
            titles.setdefault(target or None, []).append(title)
    return titles


def _as_the_template_writes(line: str, titles: list[str]) -> bool:
    """Whether a "Related papers" line is the template's for a cited paper: its words (but
    the year) those of the title the bibliography prints. A line the reviewer wrote about a
    cited paper ("- [[2006.10518]] AdaRound-style rounding is what our tricks replace") is
    theirs: searched, and a mention."""
    text = _YEAR_AT_END.sub("", line.split("]]", 1)[-1])
    words = set(_TITLE_WORD.findall(text.lower()))
    if not words:
        return False
    return any(
        len(words & set(_TITLE_WORD.findall(title.lower()))) >= 0.7 * len(words) for title in titles
    )


_YEAR_AT_END = re.compile(r"\s*\(\d{4}\)\s*$")
_TITLE_WORD = re.compile(r"[^\W_]{3,}")


def new_note_path(db: Database, root: Path, paper: Paper) -> Path:
    """reviews/<id>-<slug>.md, or -2, -3 ... when that name is taken on disk or by a deleted
    note's saved copy (which a new note at the same path would overwrite in the database)."""
    base = config.reviews_dir(root) / note_filename(paper.id, paper.title)
    return free_note_path(db, root, base)


def free_note_path(db: Database, root: Path, base: Path) -> Path:
    """`base`, or -2, -3 ... when that name is taken on disk or by a deleted note's row."""
    for n in range(1, 1000):
        path = base if n == 1 else base.with_name(f"{base.stem}-{n}.md")
        known = db.execute("SELECT 1 FROM reviews WHERE path = ?", [_rel(root, path)]).fetchone()
        if not os.path.lexists(path) and known is None:  # (nor a link to a missing file)
            return path
    raise NoteConflict(f"no free file name for a new note next to {_rel(root, base)}")


# ---------------------------------------------------------------------------------------------
# Editors.


def editor_command() -> list[str]:
    """$VISUAL, then $EDITOR, then a sensible default found on PATH."""
    for var in ("VISUAL", "EDITOR"):
        value = os.environ.get(var, "").strip()
        if value:
            try:
                return shlex.split(value, posix=os.name != "nt")
            except ValueError as exc:  # ("No closing quotation")
                raise EditorFailed(f"${var} is no command ({exc}): {value}") from None
    if os.name == "nt":
        return ["notepad"]
    found = next(
        (n for n in ("sensible-editor", "editor", "nano", "vim", "vi") if shutil.which(n)), None
    )
    if found is None:
        raise EditorFailed("no editor found: set $EDITOR (for example EDITOR=nano)")
    if not (sys.stdin.isatty() and (_stdout_is_terminal() or _has_terminal())):
        # (a script, cron: a terminal editor would wait on no one; `note=$(papers review open
        # ID)` at a terminal is fine, the editor drawn on it: see run_editor)
        raise EditorFailed("no $VISUAL or $EDITOR set, and no terminal for a default editor")
    return [found]


def run_editor(path: Path, *, wait: bool = True) -> int | None:
    """Open the note in the editor; return its exit status (None when not waiting).

    While the editor runs, Ctrl-C is the editor's alone (as git does): the terminal sends it
    to both, and papers quitting would take down an editor that has not saved."""
    try:
        command = [*editor_command(), str(path)]
    except EditorFailed as exc:
        raise EditorFailed(f"{exc}; the note is at {path}") from None
    try:
        if not wait:
            # (a GUI editor, left running: a script taking papers' output or its errors,
            # `$(...)` or a log, would wait for it to close them)
            quiet = subprocess.DEVNULL
            out = None if _stdout_is_terminal() else quiet
            err = None if _is_terminal(sys.stderr) else quiet
            subprocess.Popen(command, start_new_session=True, stdout=out, stderr=err)
            return None
        terminal = None if _stdout_is_terminal() else _terminal()
        try:
            process = subprocess.Popen(command, stdout=terminal or _stderr_fd())
        finally:
            if terminal is not None:
                terminal.close()  # (the editor has its own descriptor)
        try:
            with _sigint_ignored():
                return process.wait()
        except BaseException:  # (SIGTERM, SIGHUP: papers ends, and the editor with it, as git)
            process.terminate()
            try:
                process.wait(timeout=EDITOR_GRACE)
            except subprocess.TimeoutExpired:  # (an editor that ignores SIGTERM)
                process.kill()
                process.wait()
            raise
    except FileNotFoundError:
        raise EditorFailed(
            f"editor not found: {command[0]} (check $VISUAL/$EDITOR); the note is at {path}"
        ) from None
    except PermissionError:
        raise EditorFailed(f"editor cannot be run: {command[0]}; the note is at {path}") from None


EDITOR_GRACE = 5.0  # seconds an editor has to end after SIGTERM before it is killed


# Where the editor writes: the terminal it inherits, unless papers' own output is taken by a
# script (`note=$(papers review open ID)`), whose data is the note's path alone: then the
# terminal itself (vim drawn on it, as ever), else stderr (an editor script's words).


def _stdout_is_terminal() -> bool:
    return _is_terminal(sys.stdout)


def _is_terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # (a stream without a descriptor)
        return False


def _terminal() -> Any:
    """The controlling terminal, opened for writing; None without one (cron, CI)."""
    try:
        return open("/dev/tty", "wb")  # noqa: SIM115 (closed once the editor has it)
    except OSError:
        return None


def _has_terminal() -> bool:
    terminal = _terminal()
    if terminal is None:
        return False
    terminal.close()
    return True


def _stderr_fd() -> int | None:
    try:
        return sys.stderr.fileno()
    except (AttributeError, ValueError, OSError):
        return None


@contextlib.contextmanager
def _sigint_ignored() -> Iterator[None]:
    """SIGINT ignored in this process for the block (in the main thread, where Python
    handles signals; elsewhere nothing changes)."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


@dataclass
class OpenResult:
    path: Path
    created: bool
    changed: bool  # the note changed while the editor was open
    waited: bool
    report: SyncReport | None = None
    kept: Path | None = None  # a version changed elsewhere that the editor's save replaced
    deleted: bool = False  # the editor deleted the note (its saved copy stays, to restore)
    carried: str | None = None  # the status `review status` set meanwhile, carried into the save


def _live_note(db: Database, root: Path, ref: str) -> Path | None:
    """The paper's one live note (None when it has none; several are an error)."""
    live = [r for r in find_note_rows(db, root, ref) if not r["deleted"]]
    if len(live) > 1:
        paths = ", ".join(r["path"] for r in live)
        raise PapersError(f"several notes for {ref}: {paths}; name one by its path")
    return root / live[0]["path"] if live else None


def _named_for(db: Database, paper_id: str) -> list[tuple[str, str]]:
    """(path, paper named) of live notes whose file name names paper_id and whose front matter
    names another paper."""
    rows = db.execute(
        "SELECT path, paper_id FROM reviews WHERE deleted = 0 AND paper_id IS NOT NULL "
        "AND paper_id != ?",
        [paper_id],
    ).fetchall()
    return [
        (path, other) for path, other in rows if paper_id_from_filename(Path(path).name) == paper_id
    ]


def _new_note(db: Database, root: Path, ref: str, new: bool) -> Path:
    """A new note for a paper that has no live one, unless a deleted one should be restored."""
    rows = find_note_rows(db, root, ref)
    if rows and not new:
        raise NoteConflict(
            f"the note {rows[0]['path']} was deleted; {_restore_hint(root, rows[0], ref)} to "
            f"get it back, or 'papers review open {ref} --new' to start a new one"
        )
    paper_id = _paper_id(db, ref)
    if paper_id is None:
        from .library import did_you_mean

        raise BadIdentifier(
            f"not an arXiv id, nor the name of a paper in the library: {ref}"
            + did_you_mean(db, ref)
        )
    if not new and (misnamed := _named_for(db, paper_id)):
        # (its arxiv: mistyped: a second note for the paper would split the review in two)
        path, other = misnamed[0]
        raise NoteConflict(
            f"{path} is named for {paper_id} but its front matter names {other}: fix its "
            f"arxiv: line, or run 'papers review open {ref} --new' to start another note"
        )
    paper = get_paper(db, paper_id)
    if paper is None:
        error = PaperNotInLibrary(paper_id)
        error.args = (f"{error} (add it first: papers add {paper_id})",)
        raise error
    return create_note(db, root, paper)


def open_review(
    db: Database,
    root: Path,
    ref: str,
    *,
    wait: bool = True,
    new: bool = False,
    synced: bool = False,
) -> OpenResult:
    """Create the note if needed, open it in the editor, then index what was saved.

    The note is created and indexed before the editor starts, so a failing editor loses
    nothing. After the editor exits, `updated:` is set to today if the note changed (only that
    line, and only if nothing else changed the file meanwhile). synced=True: the caller has
    just synced the notes folder.
    """
    if not synced:
        sync_notes(db, root)
    _require_notes_folder(root)
    path = _live_note(db, root, ref)
    created = False
    if path is None:
        # under the write lock, looked for again: two commands opening the same paper's note
        # at once make one note (indexed as it is made, under the lock), which the second then
        # opens
        with write_transaction(db):
            path = _live_note(db, root, ref)
            if path is None:
                path, created = _new_note(db, root, ref, new), True
    opened = path.read_bytes()  # (what the editor opens: see _holds)
    before = sha256_bytes(opened)
    with _editing(root, _rel(root, path)):
        status = run_editor(path, wait=wait)
    if not wait:
        return OpenResult(path, created, changed=False, waited=False)
    report, kept, carried = _after_edit(db, root, path, before, opened)
    # (an edit another command indexed while the editor was open changed the note too)
    changed = report.touched or (path.is_file() and sha256_bytes(path.read_bytes()) != before)
    rel = _rel(root, path)
    moved = dict(report.renamed).get(rel)
    if moved is not None:  # (the editor saved it under another name: that note, followed)
        path = root / moved
    if status not in (0, None):
        failed = EditorFailed(
            f"the editor {_ended(status)}; the note is kept at {_rel(root, path)}"
            + (" and its changes were indexed" if changed else "")
            + (f"; the version it replaced is in {_rel(root, kept)}" if kept else "")
        )
        if status < 0:  # (stopped by a signal, Ctrl-C: 130 as a shell says, not 1)
            failed.exit_code = 128 - status
        raise failed
    gone = rel in report.deleted
    return OpenResult(
        path,
        created,
        changed=changed,
        waited=True,
        report=report,
        kept=kept,
        deleted=gone,
        carried=carried,
    )


def _after_edit(
    db: Database, root: Path, path: Path, before: str, opened: bytes
) -> tuple[SyncReport, Path | None, str | None]:
    """Index what the editor saved; (sync report, copy of a version the editor overwrote, the
    status `review status` set meanwhile that was carried into the save).

    If another command synced a different version of the note while the editor was open (a
    second editor, `review status`, a git pull followed by a papers command), the editor's save
    has replaced it on disk: that version is written to reviews/_conflicts/ before the
    database forgets it, so no text is lost.
    """
    kept = None
    rel = _rel(root, path)
    carried = _take_carried_status(root, rel)
    row = db.execute(
        "SELECT sha256, content, raw, updated FROM reviews WHERE path = ? AND deleted = 0", [rel]
    ).fetchone()
    if not path.exists():
        # Some editors save elsewhere and rename; a plain deletion is kept for restore.
        return sync_notes(db, root), None, None
    data = path.read_bytes()
    digest = sha256_bytes(data)
    values: dict[str, str] = {}
    text = data.decode("utf-8") if _is_utf8(data) else None
    parsed = parse_note(text, path.name) if text is not None else None
    front = None if parsed is None or parsed.conflict else parsed.front_matter
    if front is not None and digest != before:
        counted = row[3] if row is not None else None  # (the date the goal counted it by)
        values = _dates_after_an_edit(front, opened, path.name, date.today().isoformat(), counted)
    carry = False  # (whether the save gets the status `review status` set meanwhile)
    if front is None or not carried:
        carried = None  # (a front matter that cannot be read: the status version is kept)
    elif _status(front.get("status")) == _status(carried.get("status")):
        pass  # (the save holds it: the editor read the change in, or the editor never saved)
    elif _status_kept(front, opened, path.name):
        values |= carried  # (the save undid it, the editor's buffer holding the old status)
        carry = True
    else:
        carried = None  # (the editor set another status itself: its own counts)
    if (
        row is not None
        and row[0] not in (before, digest)
        and not _holds(data, row[1], opened)
        and not (carried and _status_set_alone(opened, row[1], carried))
    ):
        kept = _keep_conflict_copy(root, path, row[1], row[2])
    if values and text is not None:
        try:
            _replace_if_unchanged(root, path, digest, set_front_matter_fields(text, values))
        except (NoteConflict, BadFrontMatter):
            if carry and row is not None and kept is None:  # (the status version: kept)
                kept = _keep_conflict_copy(root, path, row[1], row[2])
            carry = False
    status = _status(carried.get("status")) if carry and carried else None
    return sync_notes(db, root), kept, status if isinstance(status, str) else None


def _status_kept(front: dict[str, Any], opened: bytes, name: str) -> bool:
    """Whether the editor's save left the status as the editor opened it."""
    before = parse_note(opened.decode("utf-8", errors="replace"), name).front_matter or {}
    return _status(front.get("status")) == _status(before.get("status"))


def _status_set_alone(opened: bytes, synced: str | None, carried: dict[str, str]) -> bool:
    """Whether the version synced while the editor was open is the opened note with only the
    front matter values `review status` set (carried into the save: nothing else to keep)."""
    if synced is None or not _is_utf8(opened):
        return False
    try:
        return set_front_matter_fields(opened.decode("utf-8"), carried) == synced
    except BadFrontMatter:
        return False


@contextlib.contextmanager
def _editing(root: Path, rel: str) -> Iterator[None]:
    """While an editor has the note open: a lock another `review open` of it finds taken, and
    says so before its editor starts. Two editors that save within a moment of each other
    left one save, the other's lost without a word (what papers had not indexed yet it could
    not keep in _conflicts/). Where no lock can be taken (no fcntl, a read-only folder), none."""
    with held_alone(_editing_lock(root, rel)) as alone:
        if alone is False and config.notice is not None:
            config.notice(
                f"warning: {rel} is open in another editor ('papers review open'): if "
                "both save, one save may replace the other's; close one of them"
            )
        if alone:  # (values left for a session that ended before taking them: not this one's)
            _carried_status(root, rel).unlink(missing_ok=True)
        yield


def _editing_lock(root: Path, rel: str) -> Path:
    """The lock `review open` holds while an editor has the note open (see _editing)."""
    name = hashlib.sha256(rel.encode()).hexdigest()[:16]
    # (in papers/, not in reviews/, which git may hold)
    return config.papers_dir(root) / ".editing" / f"{name}.lock"


def _open_in_editor(root: Path, rel: str) -> bool:
    """Whether another `review open` has the note open in an editor now (holds its lock)."""
    lock = _editing_lock(root, rel)
    if not lock.exists():
        return False
    with held_alone(lock) as alone:
        return alone is False


def _carried_status(root: Path, rel: str) -> Path:
    """Where `review status` leaves the front matter values it set while an editor had the
    note open, for that `review open` to carry into the editor's save (which would replace
    them: the editor's buffer holds the status it opened with)."""
    return _editing_lock(root, rel).with_suffix(".status.json")


def _carry_into_editors_save(root: Path, rel: str, values: dict[str, str]) -> None:
    path = _carried_status(root, rel)
    with contextlib.suppress(OSError, ValueError):  # (a second status: the last one counts)
        values = json.loads(path.read_text(encoding="utf-8")) | values
    path.write_text(json.dumps(values), encoding="utf-8")


def _take_carried_status(root: Path, rel: str) -> dict[str, str] | None:
    """The values `review status` set while the editor was open (see _carried_status), once."""
    path = _carried_status(root, rel)
    try:
        values = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    finally:
        path.unlink(missing_ok=True)
    return values if isinstance(values, dict) else None


def _dates_after_an_edit(
    front: dict[str, Any], opened: bytes, name: str, today: str, counted: str | None = None
) -> dict[str, str]:
    """The front matter dates an edit in the editor moves: `updated` to today, and for a
    note that says `reviewed` without a `reviewed:` date, that date, which the yearly goal
    counts by (else by `updated`, which this edit moves): today if the edit made it reviewed,
    else the date the goal counted it by before (a finished review edited later stays in its
    year): its `reviewed:` (a line the edit took out), its `updated:`, else `counted` (the
    index's date, the file's when the note had none)."""
    values: dict[str, str] = {}
    if str(front.get("updated")) != today:
        values["updated"] = today
    if _status(front.get("status")) == "reviewed" and not front.get("reviewed"):
        before = parse_note(opened.decode("utf-8", errors="replace"), name).front_matter or {}
        if _status(before.get("status")) == "reviewed":
            values["reviewed"] = str(
                before.get("reviewed") or before.get("updated") or counted or today
            )
        else:
            values["reviewed"] = today
    return values


def _holds(data: bytes, other: str | None, opened: bytes) -> bool:
    """Whether the version synced meanwhile was an earlier save of this editor's own: it
    only added to the note as the editor opened it, and the editor's last save holds all of
    it, as many times. Nothing of it is lost, so no conflict copy. A change made elsewhere that
    took lines out (a colleague's pull, another editor) is no such save, and is kept."""
    if other is None or not (_is_utf8(data) and _is_utf8(opened)):
        return False

    def lines(text: str) -> Counter[str]:
        return Counter(text.replace("\r\n", "\n").split("\n"))

    earlier = lines(other)
    return not lines(opened.decode("utf-8")) - earlier and not earlier - lines(data.decode("utf-8"))


CONFLICTS_DIR = "_conflicts"


def _keep_conflict_copy(root: Path, path: Path, content: str, raw: bytes | None = None) -> Path:
    """Write a version of a note that would otherwise be lost; never over an existing file
    (its own bytes, `raw`, for one that is not UTF-8). The folder starts with `_`, so sync does
    not index the copies as notes."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    folder = config.reviews_dir(root) / CONFLICTS_DIR
    for n in range(1, 1000):
        suffix = "" if n == 1 else f"-{n}"
        copy = folder / f"{path.stem}.{stamp}{suffix}.md"
        try:
            _write_new(copy, content, raw)
        except FileExistsError:
            continue
        return copy
    raise NoteConflict(f"cannot keep a copy of {path.name} in {folder}")


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
