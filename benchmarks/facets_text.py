"""Precision and recall of the quantization lens on whole papers given as markdown text.

    python benchmarks/facets_text.py --texts DIR [--labels DIR] [--json]

The corpus holds no unlabelled quantization paper, so unseen papers come from elsewhere: full
markdown conversions of papers (as the `marker` PDF converter writes them) found in a public
text index. They are not in the repository; docs/benchmarks.md lists where each came from.
Each DIR/<paper>.md is turned into the page texts `papers.pdf.read_pdf` would give (pages split
at the converter's page anchors, one table cell a line, paragraphs wrapped, headings as plain
lines, markup dropped), run through `extract_facets`, and scored like benchmarks/facets.py
against --labels (default tests/data/facets_unseen: labelled by helpers that read neither the
rules nor the extractor's output).
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

from papers.glyphs import repair_text
from papers.quant import CATEGORIES, extract_facets

sys.path.insert(0, str(Path(__file__).resolve().parent))
from facets import meets, tally  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "tests" / "data" / "facets_unseen"

_ANCHOR = re.compile(r'(?:id="page-(\d+)-|_page_(\d+)_)')
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[((?:\\.|[^\]\\])*)\]\(#[^)]*\)")  # "[\[34\]](#page-12-13)" too
_EMPHASIS = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
# "_Abstract_ —Vector quantization": a PDF prints no marks, and "_" is a word character, so a
# marked "Abstract" would not be the word (not "W_q" or "group_size": a word character before)
_UNDERSCORES = re.compile(r"(?<![\w\\])_(?=[^\s_])([^_\n]+?)(?<=[^\s_\\])_(?!\w)")
_RULE = re.compile(r"[|\s:\-]+")
_HEADING = re.compile(r"#+\s*(.*)")
# a conversion from GROBID's TEI: "Section: Experiments" for a heading, "this section cite:
# ['b12', 'b7']" after each section, "Ref_id:b0 Title: ..." for each entry of the bibliography
_TEI_HEADING = re.compile(r"Section:\s*(.*)")
_TEI_CITES = re.compile(r"this section cite: \[[^\]]*\]")
_TEI_REFERENCE = re.compile(r"Ref_id:b\d+\b")
# the cell and row tags of an HTML table, which some conversions print instead of markdown
_HTML_CELL = re.compile(r"</?(?:table|thead|tbody|tr|td|th)\b[^>]*>", re.IGNORECASE)
# what else an arXiv HTML (LaTeXML) conversion leaves: a formula's markup and its TeX source
# ("<math ...><mo>↓</mo>...<annotation>\downarrow</annotation></math>"), layout tags, and
# the brackets around a table or an algorithm ("[TABLE S5.T5]", "[/TABLE]")
_ANNOTATION = re.compile(r"<annotation(?:-xml)?\b.*?</annotation(?:-xml)?>", re.DOTALL)
# an HTML or MathML tag, by its shape: a lower-case name, then attributes with their values
# ('class="ltx_tr"'), so that "a<b and c>d", "<EOS>" and "<https://...>" stay text
_TAG_SHAPE = r"</?[a-z][a-z0-9-]*(?:\s+[a-z-]+=(?:\"[^\"<>]*\"|'[^'<>]*'|[^\s<>\"']+))*\s*/?>"
_ANY_TAG = re.compile(_TAG_SHAPE)
_ONLY_TAGS = re.compile(rf"(?:\s*{_TAG_SHAPE})+\s*")
_PLACEHOLDER = re.compile(r"\[/?(?:TABLE|ALGORITHM|FIGURE)\b[^\]]*\]")
# citations as footnotes ("LLaVA [^39]"), defined at the end ("[^39]: Haotian Liu, ..."): the
# definitions are the bibliography, which a PDF prints under its own heading
_FOOTNOTE = re.compile(r"\[\^(\d{1,3})\]")
_FOOTNOTE_DEFINITION = re.compile(r"\[\^(\d{1,3})\]:")
WRAP = 85  # characters a line, as a PDF's single column prints them


def _clean(line: str) -> str:
    line = _ANY_TAG.sub("", _ANNOTATION.sub("", _PLACEHOLDER.sub("", line.replace("<br>", " "))))
    line = _FOOTNOTE.sub(r"[\1]", _LINK.sub(r"\1", _IMAGE.sub("", line)))
    line = line.replace("**", "").replace("\\*", "*").replace("\\_", "_").replace("\\#", "#")
    line = line.replace("\\[", "[").replace("\\]", "]")  # citations as a PDF prints them
    line = line.replace("\\(", "(").replace("\\)", ")")  # "[\(Shao et al.,](#page-9-7)"
    return _UNDERSCORES.sub(r"\1", _EMPHASIS.sub(r"\1", line))


def markdown_pages(markdown: str) -> list[str]:
    """Page texts shaped like read_pdf's from a markdown conversion of a paper."""
    pages: dict[int, list[str]] = {}
    page = 0
    notes = False  # whether the footnote definitions (the bibliography) have begun
    for raw in markdown.split("\n"):
        for anchor in _ANCHOR.finditer(raw):
            page = max(page, int(anchor.group(1) or anchor.group(2)))
        out = pages.setdefault(page, [])
        line = raw.strip()
        if line.startswith("```"):
            continue  # a fence; what it holds (an algorithm, say) a PDF prints as text
        if (
            not line
            or (line.startswith("|") and _RULE.fullmatch(line))
            or _ONLY_TAGS.fullmatch(line)
        ):
            continue  # (a line of HTML tags alone: a table's row or a layout box opening)
        if line.startswith("|"):  # a table row: one cell a line, as PDF text gives tables
            row = line.strip("|").replace("\\|", "\0").split("|")  # "\|" is a cell's own bar
            _cells(row, out)
            continue
        if "<td" in line or "<th" in line:  # an HTML table, the same way
            _cells(_HTML_CELL.split(line), out)
            continue
        if _FOOTNOTE_DEFINITION.match(line):
            if not notes:
                notes = True
                out.append("References")
            line = _FOOTNOTE_DEFINITION.sub(r"[\1]", line, count=1)  # "[39] Liu, ..."
        line = _clean(line)
        if _TEI_CITES.fullmatch(line):
            continue
        if _TEI_REFERENCE.match(line) and not notes:
            notes = True
            out.append("References")
        heading = _HEADING.match(line) or _TEI_HEADING.match(line)
        if heading:
            if title := heading.group(1).strip():
                out.append(title)
            continue
        line = line.removeprefix("- ")
        if line:
            out.extend(textwrap.wrap(line, WRAP, break_long_words=False, break_on_hyphens=False))
    # the glyphs repaired as read_pdf repairs them (ligatures, accents, hyphens)
    return [repair_text("\n".join(pages.get(i, []))) for i in range(max(pages, default=0) + 1)]


def _cells(row: list[str], out: list[str]) -> None:
    """Each cell a line; a break in a cell ("#Bits<br>W-A-KV") is a line of its own, and an
    HTML entity ("I&amp;S-ViT") the character it stands for."""
    for cell in row:
        for part in cell.replace("\0", "|").split("<br>"):
            if part := html.unescape(_clean(part)).strip():
                out.append(part)


def labelled_pages(texts: Path, labels_dir: Path) -> Iterator[tuple[dict, list[str]]]:
    """Each label of labels_dir whose text is in texts (<text id>.md), with the text's pages."""
    for path in sorted(labels_dir.glob("*.json")):
        label = json.loads(path.read_text("utf-8"))
        source = texts / f"{label.get('text', label['paper'])}.md"
        if source.is_file():
            yield label, markdown_pages(source.read_text("utf-8"))


def run(texts: Path, labels_dir: Path) -> dict:
    papers, overall = tally(
        (label["paper"], label, extract_facets(pages))
        for label, pages in labelled_pages(texts, labels_dir)
    )
    labelled = sum(1 for _ in labels_dir.glob("*.json"))
    return {
        "papers": papers,
        "strict": overall["strict"],
        "lenient": overall["lenient"],
        # a label whose text is not in the folder is skipped: the scores are of the rest
        "without_text": labelled - len(papers),
    }


def render(report: dict) -> str:
    lines = []
    for row in report["papers"]:
        lines.append(f"{row['paper']}  {row['title'][:70]}")
        for category in CATEGORIES:
            detail = row["lenient"][category]
            if detail["false_positives"] or detail["missed"]:
                lines.append(
                    f"    {category}: extra {detail['false_positives']} missed {detail['missed']}"
                )
    lines.append("")
    lines.append(f"{'category':<12} {'strict P':>9}  {'R':>6}   tp  fp  fn   {'lenient P':>9}  R")
    for category in [*CATEGORIES, "all"]:
        s, lo = report["strict"][category], report["lenient"][category]
        flag = "" if category == "all" or meets(lo) else " <"
        lines.append(
            f"{category:<12} {s['precision']:9.2f}  {s['recall']:6.2f}  {s['tp']:3d} {s['fp']:3d} "
            f"{s['fn']:3d}   {lo['precision']:9.2f}  {lo['recall']:.2f}{flag}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=Path, required=True, help="folder of <paper>.md texts")
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if not args.texts.is_dir():
        print(f"texts not found at {args.texts}", file=sys.stderr)
        return 1
    report = run(args.texts, args.labels)
    if not report["papers"]:
        print(f"no text in {args.texts} has a label in {args.labels}", file=sys.stderr)
        return 1
    print(json.dumps(report, indent=2) if args.json else render(report))
    if report["without_text"]:
        print(
            f"{len(report['papers'])} papers scored; {report['without_text']} labels of "
            f"{args.labels} have no text in {args.texts}",
            file=sys.stderr,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
