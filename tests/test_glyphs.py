"""The repairs of PyMuPDF's text layer, shared by page text and reference entries."""

import pytest

from papers.glyphs import repair_text
from papers.refparse import normalize_text, parse_reference


def test_ligatures_and_split_accents():
    assert repair_text("Christopher R´e and Hugo Laurenc¸on") == "Christopher Ré and Hugo Laurençon"
    assert repair_text("M¨uller, Doll´ar, Ili´c, Mach´aˇcek") == "Müller, Dollár, Ilić, Macháček"
    assert repair_text("JeﬀPool and eﬃcient ﬁne-tuning") == "Jeff Pool and efficient fine-tuning"
    assert repair_text("plain ascii") == "plain ascii"


@pytest.mark.parametrize(
    ("printed", "name"),
    [
        ("M. Tr˛ebacz", "M. Trębacz"),  # the ogonek before its letter, as QLoRA prints it
        ("Jakub Koneˇcn`y", "Jakub Konečnỳ"),  # a grave accent between a letter and a vowel
        ("´ıñigo", "íñigo"),  # a dotless i under an accent is an i
        ("Laurenc ¸on", "Laurençon"),  # a space before a cedilla
        ("Husz´ ar", "Huszár"),  # a space after an accent
        ("Nguy˜ˆen", "Nguyễn"),  # stacked accents, the one next to the letter first
    ],
)
def test_page_text_and_entries_read_a_name_alike(printed, name):
    """One set of rules: a name in the text is the name its bibliography entry gives."""
    assert repair_text(printed) == name
    assert normalize_text(printed) == name
    entry = parse_reference(f"A. Smith and {printed}. A title of a paper. In ICML, 2021.")
    assert entry.authors == ["Smith", name.split()[-1]]


def test_lines_and_quotes_are_kept():
    # a hat over the next line's letter is two lines of a formula: the lines stay apart
    assert repair_text("where ˆ\nW refers to W") == "where ˆ\nW refers to W"
    # a backtick before a consonant is a quote mark
    assert repair_text("the `best' run") == "the `best' run"


def test_canonical_forms():
    # the Ohm sign is the Greek capital omega (NFC), composed and decomposed accents agree
    assert repair_text("\u2126(n) bits and e\u0301") == "\u03a9(n) bits and é"


def test_soft_hyphens():
    # a page keeps its line-end hyphen, an entry joins the word
    assert repair_text("quanti\u00ad\nzation") == "quanti-\nzation"
    assert normalize_text("quanti\u00adzation of Ré") == "quantization of Ré"


def test_word_processor_hyphens_are_hyphens():
    # a non-breaking hyphen ("XNOR\u2011Net") and the Unicode hyphen read as names are spelled
    assert repair_text("XNOR\u2011Net and Bi\u2010Real") == "XNOR-Net and Bi-Real"
