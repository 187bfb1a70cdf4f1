"""PyMuPDF's text layer repaired: ligatures, TeX's spacing accents, soft hyphens.

One set of rules for the pages (`pdf.read_pdf`, which keeps their lines) and for the
reference entries (`refparse.normalize_text`, which collapses their spaces first), so that a
name reads the same in the text and in the bibliography.
"""

from __future__ import annotations

import re
import unicodedata

LIGATURES = {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
# Spacing accents as TeX fonts draw them, which PyMuPDF returns as characters of their own,
# and the combining marks they stand for. Most are drawn before their letter ("R´e",
# "M¨uller", "Ili´c"), sometimes with a space between.
ACCENTS_BEFORE = {
    "\u00b4": "\u0301",  # acute
    "\u02dd": "\u030b",  # double acute
    "\u00a8": "\u0308",  # diaeresis
    "\u02c6": "\u0302",  # circumflex
    "\u02dc": "\u0303",  # tilde
    "\u02c7": "\u030c",  # caron
    "\u02d8": "\u0306",  # breve
    "\u02d9": "\u0307",  # dot above
    "\u02da": "\u030a",  # ring above
    "\u00af": "\u0304",  # macron
    "\u02db": "\u0328",  # ogonek ("Tr˛ebacz" in QLoRA's bibliography)
}
# Hyphens that are not the ASCII one: soft hyphens (where a word was broken), and the hyphen
# and non-breaking hyphen of word processors ("XNOR\u2011Net", "Bi\u2011Real"), which no name
# or pattern is spelled with
HYPHENS = ("\u00ad", "\u2010", "\u2011")
# The cedilla is drawn after its letter ("Laurenc¸on").
ACCENTS_AFTER = {"\u00b8": "\u0327"}
# A grave accent is also a quote mark ("`quoted'"): an accent only between a letter and a
# vowel ("R`enyi", "Koneˇcn`y").
GRAVE = "\u0300"

# a letter, not one of the spacing modifiers, which Unicode also counts as letters ("ˆ", "ˇ")
_LETTER = r"[^\W\d_\u02b0-\u02ff]"
# The patterns that rewrite accents start with them, so that the regex engine skips straight
# to those instead of trying every position of a page.
# (a run of accents stacks on one letter: "Nguy˜ˆen"; a space may come between, never a line
# break: "ˆ\nW" in a formula is two lines of a page)
_BEFORE_RE = re.compile(f"([{''.join(ACCENTS_BEFORE)}]+)[ \\t]?({_LETTER})")
_GRAVE_RE = re.compile(f"`(?<={_LETTER}`)([aeiouyAEIOUY])")
# (a space may come between: "Laurenc ¸on"; the letter before is checked in _after)
_AFTER_RE = re.compile(f"[ \\t]?([{''.join(ACCENTS_AFTER)}])")
# PyMuPDF sometimes loses the space after a ligature glyph: "JeﬀPool", "SefﬁNaor".
_LIGATURE_GLUE_RE = re.compile(f"([{''.join(LIGATURES)}])(?=[A-Z][a-z])")
_ANY_LIGATURE_RE = re.compile(f"[{''.join(LIGATURES)}]")
_ANY_ACCENT_RE = re.compile(f"[{''.join(ACCENTS_BEFORE)}{''.join(ACCENTS_AFTER)}`]")


def _after(match: re.Match[str]) -> str:
    start = match.start()
    if start and match.string[start - 1].isalpha():
        return ACCENTS_AFTER[match.group(1)]
    return match.group()


def _before(match: re.Match[str]) -> str:
    # a dotless i under an accent is an i ("´ı" is í: NFC composes no accent onto "ı"); of
    # stacked accents the one next to the letter sits on it first
    marks = "".join(ACCENTS_BEFORE[accent] for accent in reversed(match.group(1)))
    return match.group(2).replace("\u0131", "i") + marks


def repair_text(text: str) -> str:
    """Ligatures expanded, spacing accents put on their letters (NFC), soft hyphens and the
    other HYPHENS made hyphens. Lines are kept; spaces too, but for the one an accent or a
    ligature lost or gained ("Husz´ ar", "JeﬀPool")."""
    if text.isascii() and "`" not in text:
        return text
    if _ANY_LIGATURE_RE.search(text):
        text = _LIGATURE_GLUE_RE.sub(r"\1 ", text)
        for ligature, letters in LIGATURES.items():  # str.translate is ten times slower
            text = text.replace(ligature, letters)
    for hyphen in HYPHENS:
        if hyphen in text:
            text = text.replace(hyphen, "-")
    if _ANY_ACCENT_RE.search(text):
        if any(accent in text for accent in ACCENTS_AFTER):
            text = _AFTER_RE.sub(_after, text)
        text = _BEFORE_RE.sub(_before, text)
        if "`" in text:
            text = _GRAVE_RE.sub(lambda m: m.group(1) + GRAVE, text)
    return unicodedata.normalize("NFC", text)
