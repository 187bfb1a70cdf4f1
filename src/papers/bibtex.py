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


def braced_title(title: str) -> str:
    """The title escaped, each word whose case matters in braces."""
    words = []
    for word in " ".join(title.split()).split(" "):
        escaped = escape(word)
        keep = any(_KEEP_CASE.fullmatch(part) for part in word.split("-"))
        words.append(f"{{{escaped}}}" if keep else escaped)
    return " ".join(words)


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
    if paper.doi:
        fields.append(("doi", escape(paper.doi)))
    body = "".join(f"  {name} = {{{value}}},\n" for name, value in fields)
    return f"@misc{{{key},\n{body}}}\n"


def entries(papers: Iterable[Paper]) -> str:
    """The entries of the papers in order, each key unique (a second frantar2022gptq is
    frantar2022gptqb, as Zotero's Better BibTeX suffixes them)."""
    taken: set[str] = set()
    out = []
    for paper in papers:
        base = key = citation_key(paper)
        suffix = ord("b")
        while key in taken:
            key = f"{base}{chr(suffix)}" if suffix <= ord("z") else f"{base}{suffix}"
            suffix += 1
        taken.add(key)
        out.append(entry(paper, key))
    return "\n".join(out)
