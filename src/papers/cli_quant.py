"""Click commands of the quantization lens: facets (one paper or the library) and compare."""

from __future__ import annotations

import itertools
import shutil
import sys
import textwrap
from typing import TYPE_CHECKING

import click

from .cli_common import (
    first_surname,
    nonempty,
    note_other_version,
    open_library,
    print_json,
    say_error,
    table,
    warn,
    why_nothing_read,
)
from .models import FACET_CATEGORIES as CATEGORIES

if TYPE_CHECKING:
    from collections.abc import Collection
    from pathlib import Path

    from sqlite_utils import Database

    from .models import Facet, Paper


def warn_stale(db: Database, root: Path, paper_ids: list[str] | None = None) -> None:
    """Say when shown facets come from older rules (an upgrade changed the rules or the
    vocabulary since they were computed): one paper by its id, more by their number."""
    from .db import is_readonly
    from .errors import VocabularyError
    from .library import check_vocabulary, stale_facets, vocabulary_extension

    stale = stale_facets(db, root, paper_ids)
    if not stale:
        return
    if vocabulary_extension(root) is not None:
        try:  # (an edit that broke the library's vocabulary: extract would refuse to run)
            check_vocabulary(root)
        except VocabularyError as exc:
            warn(
                f"note: {exc}; the facets shown come from the rules before it was edited "
                "('papers extract' recomputes them once it is fixed)"
            )
            return
    # (the papers shown, by their ids when there are few; a library-wide view, --stale)
    which = (
        " ".join(stale)
        if len(stale) == 1 or paper_ids is not None and len(stale) <= 5
        else "--stale"
    )
    # (a library read-only here cannot store them: whoever can write to it can)
    fix = (
        "the library is read-only here, so they cannot be recomputed"
        if is_readonly(db)
        else f"'papers extract {which}' recomputes them"
    )
    whose = stale[0] if len(stale) == 1 else f"{len(stale)} papers"
    warn(
        f"note: the facets of {whose} come from other rules than these (an upgrade, or an "
        f"edit of the library's quant_vocab.toml); {fix}"
    )


@click.command()
@click.argument("paper_id", required=False, callback=nonempty)
@click.option(
    "--all", "all_", is_flag=True, help="How often each setting is evaluated in the whole library."
)
@click.option("--evaluated", is_flag=True, help="Only facets the paper evaluates.")
@click.option(
    "--category",
    "categories",
    multiple=True,
    type=click.Choice(CATEGORIES, case_sensitive=False),
    help="Only this category (repeatable): with --all, the baselines most compared against.",
)
@click.option(
    "--evidence",
    "show_evidence",
    type=click.IntRange(min=0),
    default=1,
    show_default=True,
    help="Evidence snippets shown per facet (--json gives all that are kept, up to 3).",
)
@click.option("--json", "json_", is_flag=True, help="Print JSON.")
@click.pass_context
def facets(
    ctx: click.Context,
    paper_id: str | None,
    all_: bool,
    evaluated: bool,
    categories: tuple[str, ...],
    show_evidence: int,
    json_: bool,
) -> None:
    """Quantization facets of a paper: bit-widths, granularity, methods, baselines, models,
    benchmarks, each evaluated or only mentioned, with the page it was read on. The papers
    that evaluate a setting: 'papers list --facet W4A8'; several side by side: 'papers
    compare'.

    \b
    Examples:
        papers facets 2210.17323
        papers facets 2210.17323 --evaluated --json
        papers facets --all --category baseline
    """
    from .library import facet_summary, paper_facets, require_lens_paper

    if bool(paper_id) == all_:
        raise click.UsageError(
            "give a paper id or --all, not both" if all_ else "give a paper id or --all"
        )
    given = ctx.get_parameter_source("show_evidence") != click.core.ParameterSource.DEFAULT
    if all_ and (evaluated or given):
        # (--all counts evaluated facets by paper: no mentions, no evidence to show)
        raise click.UsageError(
            "--evaluated and --evidence are for one paper; --all counts the evaluated facets alone"
        )
    db, root = open_library()
    if all_:
        rows = [r for r in facet_summary(db) if not categories or r["category"] in categories]
        warn_stale(db, root)
        if json_:
            print_json(rows)
        if not rows:  # (a listing with nothing in it: exit 0, as `ls` of an empty folder)
            warn("No evaluated facets in the library.")
        if json_ or not rows:
            return
        click.echo(
            table(
                [(r["category"], r["value"], r["papers"], _some_ids(r["ids"])) for r in rows],
                ["category", "value", "papers", "ids"],
                {3: 60},
            )
        )
        if any(len(r["ids"]) > SHOWN_IDS for r in rows):  # (where the others are)
            warn(
                f"note: a row names its first {SHOWN_IDS} papers; 'papers list --facet VALUE' "
                "lists them all (--json too)"
            )
        return
    paper = require_lens_paper(db, paper_id)  # type: ignore[arg-type]
    note_other_version(paper_id, paper, "the facets shown are of")  # type: ignore[arg-type]
    stored = paper_facets(db, [paper.id])[paper.id]
    found = [
        f
        for f in stored
        if (f.evaluated or not evaluated) and (not categories or f.category in categories)
    ]
    warn_stale(db, root, [paper.id])
    if json_:
        print_json([f.to_dict() for f in found])
        return
    if not found:
        if (evaluated or categories) and stored:
            # (its facets were read: none is of what was asked, not "none found")
            kinds = " or ".join(categories or ["quantization"])
            asked = f"evaluated {kinds}" if evaluated else kinds
            warn(f"{paper.id}: no {asked} facets ('papers facets {paper.id}' shows the others)")
            return
        warn(f"{paper.id}: no quantization facets found{why_nothing_read(paper)}")
        return
    for category in CATEGORIES:
        items = [f for f in found if f.category == category]
        if not items:
            continue
        click.echo(f"{category}:")
        for facet in items:
            mark = "evaluated" if facet.evaluated else "mentioned"
            click.echo(f"  {facet.value:<22} {mark}")
            for ev in facet.evidence[:show_evidence]:
                click.echo(f"      p.{ev.page}: {' '.join(ev.snippet.split())}")


@click.command()
@click.argument("paper_ids", nargs=-1, required=True, callback=nonempty)
@click.option(
    "--markdown",
    is_flag=True,
    help="A markdown table to paste into a review (columns headed by [[id]] links).",
)
@click.option(
    "--diff",
    "differences",
    is_flag=True,
    help="Only what sets the papers apart: the values all of them evaluate are named once, "
    'under the table (with --json, as "shared"); a width one paper writes bare (4-bit) and '
    "another as INT4 or W4A16 is pointed out on stderr.",
)
@click.option("--json", "json_", is_flag=True, help="Print JSON: evaluated values per paper.")
def compare(paper_ids: tuple[str, ...], markdown: bool, differences: bool, json_: bool) -> None:
    """Side-by-side table of the evaluated facets of several papers (or of one, as a
    script's list of papers may hold one).

    A name that is no paper of the library has its error on stderr and the exit status 1;
    the papers found are still compared (one found: its column; with --diff, which needs
    two, no table).

    \b
    Examples:
        papers compare 2210.17323 2306.00978 2308.13137
        papers compare 2210.17323 2308.13137 --diff
        papers compare 2210.17323 2306.00978 --markdown > comparison.md
    """
    from .library import lens_papers

    if markdown and json_:
        raise click.UsageError("--markdown and --json are two outputs: give one")
    db, root = open_library()
    named, errors = lens_papers(db, paper_ids)
    by_id: dict[str, Paper] = {}
    named_as: dict[str, list[str]] = {}
    for text, paper in named:
        by_id.setdefault(paper.id, paper)
        named_as.setdefault(paper.id, []).append(text)
    papers = list(by_id.values())
    for paper_id, texts in named_as.items():  # (a column less than the papers named: why)
        names = list(dict.fromkeys(texts))
        if len(names) > 1:
            warn(f"{' and '.join(names)} name one paper, {paper_id}: one column")
        elif len(texts) > 1:  # ("GPTQ GPTQ" said "GPTQ name one paper")
            warn(f"{names[0]} is given {len(texts)} times: one column")
    if differences and len(papers) < 2 and not errors:  # (one paper is a column: xargs)
        raise click.UsageError(
            "--diff sets papers apart: give two papers or more"
            + (f" ({' and '.join(paper_ids)} are one paper)" if len(paper_ids) > 1 else "")
        )
    if papers and not (differences and len(papers) < 2):
        _compare(db, root, papers, markdown=markdown, differences=differences, json_=json_)
    elif papers:  # (--diff, and the names it could not find left one paper: nothing apart)
        # (the papers, not the names: "2210.17323 GPTQ Foo" names one paper twice)
        warn(
            f"note: --diff sets papers apart: of the {len(paper_ids)} names, only one library "
            f"paper ({papers[0].id}) was found, so no table"
        )
    # (the table it could make, then an error for each name it could not, as bibtex does)
    for error in errors:
        say_error(str(error))
    if errors:
        raise SystemExit(max(error.exit_code for error in errors))


def _compare(
    db: Database,
    root: Path,
    papers: list[Paper],
    markdown: bool,
    differences: bool,
    json_: bool,
) -> None:
    """compare's output for the papers found (one at least; two with `differences`)."""
    from .graph import title_name
    from .lens import differences_of, evaluated_values, spelt_apart_note
    from .library import facets_unread, paper_facets

    ids = [paper.id for paper in papers]
    found = paper_facets(db, ids)
    warn_stale(db, root, ids)
    for paper in papers:
        if not found[paper.id]:  # (its column of "-" is no finding)
            warn(f"{paper.id}: no quantization facets found{why_nothing_read(paper)}")
    # papers whose facets were never read (no PDF, no text layer): "?", not a column of "-"
    # that a table pasted into a note would show as a paper that evaluates nothing
    unread = facets_unread(db, papers)
    if differences:
        named = {p.id: f"{n} ({p.id})" if (n := title_name(p.title)) else p.id for p in papers}
        read = {pid: evaluated_values(found[pid]) for pid in ids if pid not in unread}
        if note := spelt_apart_note(read, named):
            warn(f"note: {note}")
    if json_:
        values = {pid: None if pid in unread else evaluated_values(found[pid]) for pid in ids}
        if differences:
            shared, apart = differences_of({k: v for k, v in values.items() if v is not None})
            print_json({"shared": shared, "papers": apart | {pid: None for pid in unread}})
        else:
            print_json(values)
        return
    # each column headed by the paper's name and id, "GPTQ (2210.17323)", when its title names
    # it; in markdown, for a review note, by a link the note's mentions read ("GPTQ
    # [[2210.17323]]"), and by its first author and year when its title names nothing
    columns = {}
    unknown = set()
    for paper in papers:
        name = title_name(paper.title)
        if markdown:
            name = name or " ".join(
                str(part) for part in (first_surname(paper), paper.year) if part
            )
            column = f"{name} [[{paper.id}]]".strip()
        else:
            column = f"{name} ({paper.id})" if name else paper.id
        columns[column] = found[paper.id]
        if paper.id in unread:
            unknown.add(column)
    # (at a terminal, within its width; piped, one line a category, for grep)
    width = shutil.get_terminal_size().columns if sys.stdout.isatty() else None
    rendered = compare_table(
        columns, markdown=markdown, width=width, differences=differences, unread=unknown
    )
    click.echo(rendered, nl=False)


SHOWN_IDS = 5  # ids a `facets --all` row shows (--json gives them all)


def _some_ids(ids: list[str]) -> str:
    """A row's papers, the first few and how many more: a setting a thousand papers evaluate
    makes no line of a thousand ids (piped, too: --json has them all)."""
    more = len(ids) - SHOWN_IDS
    return " ".join(ids[:SHOWN_IDS]) + (f" (+{more} more)" if more > 0 else "")


def compare_table(
    facets_by_paper: dict[str, list[Facet]],
    markdown: bool = False,
    width: int | None = None,
    differences: bool = False,
    unread: Collection[str] = (),
) -> str:
    """Side-by-side table of the evaluated facets of several papers, one row per category;
    as plain text within `width` columns when given (cells wrapped at their commas). With
    `differences`, what sets the papers apart: each cell without the values all of them
    evaluate, which a line under the table names, and no row where the papers read all agree
    (a paper never read sets nothing apart); without such a row, the line alone. The columns
    in `unread` (papers whose facets were never read) are "?" throughout. (Not in
    quant.py: how a table looks is no rule of extraction; see lens.py.)"""
    from .lens import differences_of, evaluated_values

    ids = list(facets_by_paper)
    values = {
        paper_id: evaluated_values(facets)
        for paper_id, facets in facets_by_paper.items()
        if paper_id not in unread
    }
    if differences:
        shared, values = differences_of(values)
    header = ["category", *ids]
    rows = [
        [
            category,
            *(
                "?" if paper_id in unread else ", ".join(values[paper_id].get(category, [])) or "-"
                for paper_id in ids
            ),
        ]
        for category in CATEGORIES
    ]
    if differences:
        # (a row where the papers read all agree has nothing to set apart: the "?" of a
        # paper never read is no difference)
        rows = [row for row in rows if any(cell not in ("-", "?") for cell in row[1:])]
        alike = ", ".join(
            v.replace(" ", _KEPT_SPACE) for category in CATEGORIES for v in shared[category]
        )  # (each value whole when wrapped; its spaces given back below)
        read = len(values)
        both = "Both" if read == 2 else f"All {read}"
        if read < 2:
            footer = (
                f"{len(unread)} of {len(ids)} papers have no facets read: nothing to set apart\n"
            )
        else:
            both += " with facets read" if unread else ""
            footer = f"{both} evaluate: {alike or 'nothing in common'}\n"
    else:
        footer = ""
    if footer and width is not None and not markdown:
        # (at a terminal, wrapped with each value whole: "outlier handling" is one, not
        # "outlier" and "handling")
        footer = "\n".join(_wrapped(footer, width)) + "\n"
    footer = footer.replace(_KEPT_SPACE, " ")
    if differences and not rows:  # (a table of its header alone looked broken)
        return footer
    if markdown:
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += [
            "| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows
        ]
        return "\n".join(lines) + "\n" + ("\n" + footer if footer else "")
    if width is None:
        return _plain_table(header, rows, None) + footer
    # as many papers side by side as the terminal holds, the others in blocks below (each with
    # the categories again), as pandas prints a wide frame: never wider than the terminal
    # while a block of one paper fits
    blocks, start = [], 1
    while start < len(header):
        end = len(header)
        while True:
            block = _plain_table(
                [header[0], *header[start:end]], [[r[0], *r[start:end]] for r in rows], width
            )
            if end - start == 1 or max(map(len, block.splitlines())) <= width:
                break
            end -= 1
        blocks.append(block)
        start = end
    return "\n".join(blocks) + footer


_KEPT_SPACE = "\u00a0"  # a space no wrap breaks at (textwrap breaks at ASCII white space)


def _wrapped(text: str, width: int) -> list[str]:
    """Lines of at most `width`, broken at spaces only: a value such as LLaMA-2-7B or ARC-Easy
    stays whole (never "ARC-" / "Easy")."""
    return textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)


def _plain_table(header: list[str], rows: list[list[str]], width: int | None) -> str:
    """compare's table as plain text, its paper columns narrowed to fit `width` when given
    (cells wrapped at their commas, down to 16 columns or the longest value)."""
    ids = header[1:]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    if width is not None and sum(widths) + 2 * len(widths) > width:
        room = max(16, (width - widths[0] - 2 * len(ids)) // len(ids))
        # (no narrower than its longest value and a comma: values are never cut)
        longest = [
            max(
                max((len(v) + 1 for row in rows for v in row[i].split(", ")), default=0),
                max(len(word) for word in header[i].split()),  # (a heading wraps at spaces)
            )
            for i in range(1, len(header))
        ]
        widths = [
            widths[0],
            *(max(min(w, room), n) for w, n in zip(widths[1:], longest, strict=True)),
        ]
    heads = [
        [cell] if len(cell) <= w else _wrapped(cell, w)
        for cell, w in zip(header, widths, strict=True)
    ]
    lines = [
        "  ".join(p.ljust(w) for p, w in zip(parts, widths, strict=True)).rstrip()
        for parts in itertools.zip_longest(*heads, fillvalue="")
    ]
    for row in rows:
        cells = [_packed(cell, w) for cell, w in zip(row, widths, strict=True)]
        for parts in itertools.zip_longest(*cells, fillvalue=""):
            lines.append("  ".join(p.ljust(w) for p, w in zip(parts, widths, strict=True)).rstrip())
    return "\n".join(lines) + "\n"


def _packed(cell: str, width: int) -> list[str]:
    """A cell's values, whole, as many a line as fit in width (a longer one alone)."""
    lines: list[str] = []
    values = cell.split(", ")
    for n, value in enumerate(values, 1):
        comma = n < len(values)  # (a line that goes on ends with one)
        if lines and len(lines[-1]) + 2 + len(value) + comma <= width:
            lines[-1] += f", {value}"
        else:
            if lines:
                lines[-1] += ","
            lines.append(value)
    return lines or [""]
