"""BibTeX entries for library papers, to cite them in a review written in LaTeX.

Pure formatting: a Paper in, text out. The fields are those arXiv's own "Export BibTeX
citation" gives (@misc with eprint, archivePrefix, primaryClass and url), a DOI when arXiv
knows one, and titles whose acronyms and mixed-case names are braced so a style's
lower-casing keeps "GPTQ" and "OmniQuant" as printed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from .models import Paper

# words a citation key skips at the start of a title (as Google Scholar's keys do)
_SMALL_WORDS = frozenset(
    ["a", "an", "the", "on", "of", "for", "in", "to", "and", "with", "towards", "toward", "via"]
)
_LATEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_SPECIAL = re.compile("|".join(map(re.escape, _LATEX_SPECIAL)))
# a part of a word a style must not lower-case: a capital after its first letter ("GPTQ",
# "OmniQuant", "LLM.int8()", "QuIP#"), or a digit beside capitals ("W4A8"); not a part in
# title case ("Post-Training")
_KEEP_CASE = re.compile(r".+[A-Z].*|.*[A-Z].*\d.*|.*\d.*[A-Z].*")


def escape(text: str) -> str:
    """Text with LaTeX's special characters escaped; other characters as they are (UTF-8, which
    biber and modern BibTeX read)."""
    return _SPECIAL.sub(lambda m: _LATEX_SPECIAL[m.group()], " ".join(text.split()))


_MATH = re.compile(r"\$[^$]+\$")  # arXiv titles write TeX: "$\omega$Test", "$O(n)$"
_COMMAND = re.compile(r"(\\(?:[A-Za-z]+|[^A-Za-z\s]))")  # "\emph", "\'e"
_TITLE_SPECIAL = re.compile(r"[&%#_~^$\\]")


def braced_title(title: str) -> str:
    """The title escaped, each word whose case matters in braces; the TeX it writes (math,
    commands, balanced braces) as it is, as arXiv's own export keeps it."""
    title = " ".join(title.split())
    math = _MATH.findall(title)
    # (each math span as one mark, so that its spaces and capitals are not a word's)
    marked = _MATH.sub(lambda m: f"\x00{math.index(m.group())}\x00", title)
    braces = _balanced(marked)
    words = []
    for word in marked.split(" "):
        escaped = "".join(
            piece if _COMMAND.fullmatch(piece) else _escape_title(piece, braces)
            for piece in _COMMAND.split(word)
        )
        keep = any(_KEEP_CASE.fullmatch(part.strip("{}")) for part in word.split("-"))
        words.append(f"{{{escaped}}}" if keep else escaped)
    text = " ".join(words)
    return re.sub("\x00(\\d+)\x00", lambda m: math[int(m.group(1))], text)


def _escape_title(text: str, braces: bool) -> str:
    special = _TITLE_SPECIAL if braces else _SPECIAL
    return special.sub(lambda m: _LATEX_SPECIAL.get(m.group(), "\\" + m.group()), text)


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def _ascii_letters(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z]", "", folded.lower())


def citation_key(paper: Paper) -> str:
    """surname + year + first word of the title that is not a small one: frantar2022gptq."""
    surname = _ascii_letters(paper.authors[0].split()[-1]) if paper.authors else ""
    words = [_ascii_letters(word) for word in re.split(r"[\s\-:]+", paper.title)]
    first = next((w for w in words if w and w not in _SMALL_WORDS), "")
    return f"{surname or 'anon'}{paper.year or ''}{first}"


def entry(paper: Paper, key: str) -> str:
    """One @misc entry, as arXiv exports it (a local PDF: its title, authors and year)."""
    fields = [("title", braced_title(paper.title))]
    if paper.authors:
        fields.append(("author", " and ".join(escape(name) for name in paper.authors)))
    if paper.year:
        fields.append(("year", str(paper.year)))
    if not paper.id.startswith("local:"):
        fields += [("eprint", paper.id), ("archivePrefix", "arXiv")]
        if paper.primary_category:
            fields.append(("primaryClass", paper.primary_category))
        fields.append(("url", f"https://arxiv.org/abs/{paper.id}"))
    if paper.doi and "{" not in paper.doi and "}" not in paper.doi:
        fields.append(("doi", paper.doi))  # (a verbatim field: escaped, the link breaks)
    body = "".join(f"  {name} = {{{value}}},\n" for name, value in fields)
    return f"@misc{{{key},\n{body}}}\n"


def citation_keys(papers: Iterable[Paper]) -> dict[str, str]:
    """Each paper's key, unique among the papers given (the library's, so that a key does not
    depend on which papers one export holds): papers that share one are told apart by b, c,
    ... in the order of their ids (arXiv's, the order they were submitted), as Better BibTeX
    suffixes them."""
    keys: dict[str, str] = {}
    taken: set[str] = set()
    for paper in sorted(papers, key=lambda p: (p.id.startswith("local:"), p.id)):
        base = key = citation_key(paper)
        suffix = ord("b")
        while key in taken:
            key = f"{base}{chr(suffix)}" if suffix <= ord("z") else f"{base}{suffix}"
            suffix += 1
        taken.add(key)
        keys[paper.id] = key
    return keys


def entries(papers: Iterable[Paper], keys: dict[str, str] | None = None) -> str:
    """The entries of the papers in order, keyed by `keys` (citation_keys of the papers given
    when None)."""
    papers = list(papers)
    keys = keys if keys is not None else citation_keys(papers)
    return "\n".join(entry(paper, keys[paper.id]) for paper in papers)
