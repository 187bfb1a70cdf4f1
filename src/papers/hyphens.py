"""Line-end hyphens: the paper's own words say whether one belongs to the word or is TeX's.

A word a PDF breaks at a line end ("quanti-" / "zation") and a compound that happens to end a
line ("compute-" / "bound") look alike; the paper usually prints the word whole, or the
compound, somewhere else. Used to join a reference's lines and to show evidence snippets.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable

_VOCABULARY_RE = re.compile(r"[^\W\d_]+(?:[-\0]\s*[^\W\d_]+)*")

_NON_ASCII_RE = re.compile(r"[^\x00-\x7f]")
_LETTER_RE = re.compile(r"[^\W\d_]")


def _vocabulary_re(lower: str) -> re.Pattern[str]:
    """_VOCABULARY_RE for one lower-cased text, its letter class spelled out as a-z plus the
    other letters the text holds (lower-casing leaves no A-Z): the same matches on this text,
    found twice as fast as with the Unicode class."""
    others = {ch for ch in set(_NON_ASCII_RE.findall(lower)) if _LETTER_RE.match(ch)}
    if len(others) > 300:  # a text in another script: a long class gains nothing
        return _VOCABULARY_RE
    letters = "a-z" + "".join(sorted(others))  # letters are never special in a class
    return re.compile(rf"[{letters}]+(?:[-\0]\s*[{letters}]+)*")


def vocabulary_of(texts: Iterable[str]) -> set[str]:
    """Lower-cased words, hyphenated compounds and their parts, to judge line-end hyphens."""
    # Halves of words hyphenated at a line end are no evidence of anything: the pair is
    # found as one token through the \0 and left out.
    text = "\n".join(texts).lower().replace("-\n", "\0")
    words = set(_vocabulary_re(text).findall(text))  # deduplicated first: words repeat
    words = {w for w in words if "\0" not in w}
    for word in [w for w in words if "-" in w]:
        words.update(word.split("-"))
    return words


# What a word of vocabulary_of without whitespace can be: letters, with single hyphens inside.
_PLAIN_WORD_RE = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
SEARCHED_WORDS = 12  # at most this many words are looked up one by one


def _is_letter(char: str) -> bool:
    """Whether `char` matches [^\\W\\d_] (the same answer for every code point), sans regex."""
    return char.isalnum() and not char.isdecimal()


class TextVocabulary(Container[str]):
    """`vocabulary_of(texts)` as a container that does only the work its questions need.

    Only words at line-end hyphens are ever asked about: those of a bibliography (none or a
    handful for most papers, a hundred for some) or of the evidence snippets the lens shows
    (a few dozen). Collecting every word of every page costs
    about as much as 50 substring searches of the text, so up to `searches` words are looked
    up by searching the lower-cased text, checking each place found against the words
    vocabulary_of would take from there; past that, the whole vocabulary is collected.
    A word of vocabulary_of is a chain of letter runs, each joined to the next by a hyphen
    or a line-end hyphen ("\\0") and optional whitespace; a chain holding "\\0" gives none;
    one holding a hyphen also gives its parts (split at the hyphens).
    """

    def __init__(self, texts: Iterable[str], searches: int = SEARCHED_WORDS):
        self._texts = list(texts)
        self._searches = searches
        self._lower: str | None = None
        self._words: set[str] | None = None
        self._answers: dict[str, bool] = {}

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        if self._words is not None:
            return word in self._words
        answer = self._answers.get(word)
        if answer is not None:
            return answer
        if len(self._answers) >= self._searches or any(char.isspace() for char in word):
            self._words = vocabulary_of(self._texts)
            return word in self._words
        answer = self._answers[word] = self._search(word)
        return answer

    def _search(self, word: str) -> bool:
        if not _PLAIN_WORD_RE.fullmatch(word):
            return False  # no word or part without whitespace has another shape
        if self._lower is None:
            self._lower = "\n".join(self._texts).lower().replace("-\n", "\0")
        text = self._lower
        whole = "-" in word  # a hyphenated word must be a whole chain, not a part
        start = text.find(word)
        while start >= 0:
            if _word_at(text, start, start + len(word), whole):
                return True
            start = text.find(word, start + 1)
        return False


def _word_at(text: str, start: int, end: int, whole: bool) -> bool:
    """Whether the letters text[start:end] give vocabulary_of a word at this place."""
    if start > 0 and _is_letter(text[start - 1]) or end < len(text) and _is_letter(text[end]):
        return False  # inside a longer run of letters
    before = _joint_before(text, start)
    after = _joint_after(text, end)
    if before is None and after is None:
        return True  # a chain of its own
    if whole:
        return False
    if before is not None and (before[0] != "-" or before[1] != start):
        return False  # "\0" (no word), or whitespace after the hyphen (the part is " word")
    # A part of a hyphenated chain, unless a line-end hyphen joins the chain anywhere.
    while before is not None:
        if before[0] == "\0":
            return False
        before = _joint_before(text, _run_start(text, before[2]))
    while after is not None:
        if after[0] == "\0":
            return False
        after = _joint_after(text, _run_end(text, after[1]))
    return True


def _joint_before(text: str, start: int) -> tuple[str, int, int] | None:
    """The joint between the letter run starting at `start` and the run before it, as
    (hyphen or "\\0", index just after the joint, index of the previous run's last letter),
    or None when the run starts a chain."""
    j = start - 1
    while j >= 0 and text[j].isspace():
        j -= 1
    if j >= 1 and text[j] in "-\0" and _is_letter(text[j - 1]):
        return text[j], j + 1, j - 1
    return None


def _joint_after(text: str, end: int) -> tuple[str, int] | None:
    """The joint between the letter run ending at `end` and the next run, as (hyphen or
    "\\0", index of the next run's first letter), or None when the run ends a chain."""
    if end >= len(text) or text[end] not in "-\0":
        return None
    k = end + 1
    while k < len(text) and text[k].isspace():
        k += 1
    if k < len(text) and _is_letter(text[k]):
        return text[end], k
    return None


def _run_start(text: str, last: int) -> int:
    while last > 0 and _is_letter(text[last - 1]):
        last -= 1
    return last


def _run_end(text: str, first: int) -> int:
    while first < len(text) and _is_letter(text[first]):
        first += 1
    return first


_HYPHENATED_HEAD_RE = re.compile(r"[^\W\d_][\w-]*-$")
_HYPHENATED_TAIL_RE = re.compile(r"[\w-]+")


def keep_hyphen(before: str, after: str, vocabulary: Container[str]) -> bool:
    """Decide whether a line-end hyphen belongs to the text (True) or is TeX hyphenation.

    Evidence comes from the paper itself: the joined word or the hyphenated compound printed
    elsewhere; TeX never breaks a word that already has a hyphen anywhere but there; two
    whole words on either side make a compound ("quantization-friendly").
    """
    head = _HYPHENATED_HEAD_RE.search(last_word(before))
    tail = _HYPHENATED_TAIL_RE.match(after)
    if not head or not tail:
        return True
    head_word, tail_word = head.group(0)[:-1], tail.group(0)
    if not tail_word[0].isalpha():
        return True
    if "-" in head_word or "-" in tail_word:
        return True
    joined = (head_word + tail_word).lower()
    # (the joined word first: usually printed, it spares a search of the whole text for a
    # compound that is seldom printed)
    if joined in vocabulary:
        return False
    if f"{head_word}-{tail_word}".lower() in vocabulary:
        return True
    if tail_word[0].isupper() or len(head_word) < 2:
        return True
    if head_word.isupper():
        return True  # an acronym before a word: "GPU-accelerated", never one hyphenated word
    head_known = head_word.lower() in vocabulary
    tail_known = len(tail_word) >= 3 and tail_word.lower() in vocabulary
    if head_known and tail_known and len(head_word) >= 3:
        return True
    # Longer words on both sides: the paper's own word before the break and a word of the
    # paper after it ("in-memory"), or a lower-case word of four letters or more before a
    # long tail ("human-annotated", "over-parameterization"). TeX breaks words into
    # syllables, which are seldom words of the paper.
    if head_known and len(tail_word) >= 5 and tail_word.islower():
        return tail_known or len(head_word) >= 4 and head_word.islower()
    return False


def last_word(text: str) -> str:
    """The run of non-space characters that ends text ("" if it ends in a space).

    A regex of only non-space characters that ends in `$` can match only there, so searching
    this instead of the whole entry, again for every line joined, gives the same match.
    """
    if text.endswith("\n"):  # `$` also matches before a final newline
        text = text[:-1]
    if not text or text[-1].isspace():
        return ""
    return text.rsplit(None, 1)[-1]


# the next line's first word after a line-end hyphen, starting with a letter ("quantiza-" /
# "tion", "post-" / "training"; not "4-" / "bit" nor "Bloom-" / "176B", which a search reads
# alike either way)
_TAIL_RE = re.compile(r"[^\W\d_][\w-]*")


def join_broken_words(text: str) -> str:
    """The text with each word broken at a line end whole again, the hyphen kept where the
    paper prints the compound (see keep_hyphen), and the line break moved after the word:
    search found no "outliers" in a paper that prints it once, as "out-" / "liers", and
    "Quest" in every "re-" / "quest"."""
    at = text.find("-\n")
    if at < 0:
        return text
    vocabulary = TextVocabulary([text])
    lower: str | None = None
    parts: list[str] = []
    done = 0  # the text before this is in parts
    while at >= 0:
        tail = _TAIL_RE.match(text, at + 2)
        if (
            tail is not None
            and at > done
            and _is_letter(text[at - 1])
            and tail.group() not in _SUSPENDING  # ("layer-" / "or group-wise": as printed)
        ):
            start = at - 1
            while start > done and not text[start - 1].isspace():
                start -= 1  # (the line's last word, as keep_hyphen reads it)
            head = text[start:at]
            keep = keep_hyphen(head + "-", tail.group(), vocabulary)
            compound = f"{head}-{tail.group()}".lower()
            if not keep and compound in vocabulary:
                # both spellings printed: the one the paper prints more ("pre-trained" 31
                # times, "pretrained" once, in LoRA)
                lower = lower if lower is not None else text.lower()
                keep = lower.count(compound) > lower.count(compound.replace("-", ""))
            # (the line break after the word and what sticks to it: "word.", not "word\n.")
            end = _NON_SPACE_RE.match(text, tail.end()).end()  # type: ignore[union-attr]
            parts += [text[done:at], "-" if keep else "", text[at + 2 : end], "\n"]
            done = end
        at = text.find("-\n", max(at + 2, done))
    parts.append(text[done:])
    return "".join(parts)


_SUSPENDING = frozenset(["or", "and", "nor", "to", "vs"])
_NON_SPACE_RE = re.compile(r"\S*")
