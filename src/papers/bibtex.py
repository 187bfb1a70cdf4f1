"""BibTeX entries for library papers, to cite them in a review written in LaTeX.

Pure formatting: a Paper in, text out. The fields are those arXiv's own "Export BibTeX
citation" gives (@misc with eprint, archivePrefix, primaryClass and url), a DOI when arXiv
knows one, and titles whose acronyms and mixed-case names are braced so a style's
lower-casing keeps "GPTQ" and "OmniQuant" as printed. A title set in capitals throughout (as
ICLR prints them, read from a PDF added offline) is put in title case first, each word as the
paper's own text writes it ("LoRA", "LLMs", "low-rank"), else braced once as a whole.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping

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


def braced_title(title: str, spellings: Mapping[str, str] | None = None) -> str:
    """The title escaped, each word whose case matters in braces; the TeX it writes (math,
    commands, balanced braces) as it is, as arXiv's own export keeps it.

    A title in capitals throughout (see shouted) would have every word braced, "{QLORA:}
    {EFFICIENT} ...": with `spellings` (text_spellings of the paper's text) it is put in
    title case, each word as the text writes it, and braced as any title; without them it is
    braced once as a whole, as printed, since which of its words are acronyms is unknown
    (title case alone would print "Gptq" and "Lora")."""
    title = " ".join(title.split())
    math = _MATH.findall(title)
    # (each math span as one mark, so that its spaces and capitals are not a word's)
    marked = _MATH.sub(lambda m: f"\x00{math.index(m.group())}\x00", title)
    braces = _balanced(marked)
    whole = False
    if shouted(title):
        if spellings:
            marked = _title_cased(marked, spellings)
        else:
            whole = True
    words = []
    for word in marked.split(" "):
        escaped = "".join(
            piece if _COMMAND.fullmatch(piece) else _escape_title(piece, braces)
            for piece in _COMMAND.split(word)
        )
        keep = not whole and any(_KEEP_CASE.fullmatch(part.strip("{}")) for part in word.split("-"))
        words.append(f"{{{escaped}}}" if keep else escaped)
    text = " ".join(words)
    text = re.sub("\x00(\\d+)\x00", lambda m: math[int(m.group(1))], text)
    return f"{{{text}}}" if whole else text


# a word of a title: a run of letters and digits ("POST", "INT8"), not one inside a TeX
# command ("\emph")
_WORD = re.compile(r"(?<!\\)(?<![^\W_])[^\W_]+")
# a web or mail address ("https://github.com/IST-DASLab/gptq", "name@lab.org"), whose case
# is not the words'
_ADDRESS = re.compile(r"\S*(?:://|@|www\.)\S*")
# words a title in title case writes in lower case but first or after a colon (Chicago's
# articles, conjunctions and short prepositions)
_MINOR_WORDS = frozenset(
    ["a", "an", "the", "and", "but", "or", "nor", "for", "of", "in", "on", "at", "to", "by"]
    + ["as", "via", "vs", "versus", "with", "from", "into", "per"]
)


def shouted(title: str) -> bool:
    """Whether a title is in capitals throughout: no lower-case letter outside its TeX, and
    two words at least ("GPTQ" alone is an acronym, not a shouted title)."""
    text = _COMMAND.sub(" ", _MATH.sub(" ", title))
    words = [w for w in _WORD.findall(text) if any(c.isalpha() for c in w)]
    return len(words) >= 2 and not any(c.islower() for c in text)


def text_spellings(title: str, text: str) -> dict[str, str]:
    """How a paper's text writes each word of its title, by the word in lower case: in lower
    case where it ever does (a word: "efficient"), else its commonest form with capitals
    inside ("LoRA", "LLMs"), else capitalised ("Huffman"), else in capitals (an acronym the
    text only shouts: "GPTQ"). A capitalised or shouted form is not taken over a lower-case
    one: a sentence's first word and a heading ("1 INTRODUCTION") write any word so. Left
    out: words the text never writes, those it writes once and in capitals (the title
    itself: "PUSHING" is no acronym for that), and the words of addresses (GPTQ's
    "github.com/IST-DASLab/gptq" made "Gptq")."""
    wanted = {w.lower() for w in _WORD.findall(title)}
    seen: dict[str, Counter[str]] = {}
    for match in _WORD.finditer(_ADDRESS.sub(" ", text)):
        form = match.group()
        if form.lower() in wanted:
            seen.setdefault(form.lower(), Counter())[form] += 1
    spellings = {}
    for word, forms in seen.items():
        common = [form for form, _ in forms.most_common()]
        mixed = [f for f in common if not f.isupper() and _KEEP_CASE.fullmatch(f)]
        capitalised = [f for f in common if not f.isupper()]
        if word in forms:
            spellings[word] = word
        elif mixed or capitalised:
            spellings[word] = (mixed or capitalised)[0]
        elif forms.total() > 1:
            spellings[word] = common[0]
    return spellings


def _title_cased(title: str, spellings: Mapping[str, str]) -> str:
    """A shouted title in title case, each word as `spellings` has it: a word in lower case
    capitalised (a minor word inside the title, "of", as it is), another as written. A word
    the text never writes is taken for an ordinary one unless it holds a digit ("INT8"): an
    acronym of a title names what the paper is about, which its text writes again."""
    out = []
    last = 0
    first = True
    for match in _WORD.finditer(title):
        between = title[last : match.start()]
        first = first or any(mark in between for mark in ":?!\u2014")
        out.append(between)
        word = match.group()
        last = match.end()
        if not any(c.isalpha() for c in word):  # (a number, a math span's mark)
            out.append(word)
            continue
        spelt = spellings.get(word.lower())
        if spelt is None and any(c.isdigit() for c in word):
            spelt = word
        spelt = spelt if spelt is not None else word.lower()
        # (a compound's first part is capitalised even when minor: "On-the-Fly")
        leads = title[last : last + 1] == "-" and not between.endswith("-")
        if spelt == spelt.lower() and (spelt not in _MINOR_WORDS or first or leads):
            spelt = spelt[0].upper() + spelt[1:]
        out.append(spelt)
        first = False
    out.append(title[last:])
    return "".join(out)


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


def entry(paper: Paper, key: str, spellings: Mapping[str, str] | None = None) -> str:
    """One @misc entry, as arXiv exports it (a local PDF: its title, authors and year);
    `spellings`: the words of its text, for a title in capitals (see braced_title)."""
    fields = [("title", braced_title(paper.title, spellings))]
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


def entries(
    papers: Iterable[Paper],
    keys: dict[str, str] | None = None,
    spellings: Mapping[str, Mapping[str, str]] | None = None,
) -> str:
    """The entries of the papers in order, keyed by `keys` (citation_keys of the papers given
    when None); `spellings`: text_spellings by paper id, for titles in capitals."""
    papers = list(papers)
    keys = keys if keys is not None else citation_keys(papers)
    spellings = spellings or {}
    return "\n".join(entry(p, keys[p.id], spellings.get(p.id)) for p in papers)
