"""What the library shows of the facets quant.py extracts: the values a paper evaluates, what
papers share, the review template's prefill, and the benchmark's scores.

Apart from the rules because quant.py's text is part of the rules' version (library.RULES_FILES):
a change here marks no stored facets stale, and the commands that show facets need not import
the rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

from .models import FACET_CATEGORIES as CATEGORIES
from .models import Facet, facet_key, value_order


def evaluated_values(facets: Iterable[Facet]) -> dict[str, list[str]]:
    """Evaluated values per category, numbers in order of size (g32, g64, g128)."""
    out: dict[str, list[str]] = {category: [] for category in CATEGORIES}
    for facet in facets:
        if facet.evaluated and facet.value not in out.setdefault(facet.category, []):
            out[facet.category].append(facet.value)
    for values in out.values():
        values.sort(key=value_order)
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


def shared_values(values: dict[str, dict[str, list[str]]]) -> dict[str, list[str]]:
    """The values of each category that every paper evaluates (of evaluated_values per paper),
    in the first paper's order."""
    first, *rest = values.values()
    return {
        category: [
            v for v in first.get(category, []) if all(v in r.get(category, []) for r in rest)
        ]
        for category in CATEGORIES
    }


def differences_of(
    values: dict[str, dict[str, list[str]]],
) -> tuple[dict[str, list[str]], dict[str, dict[str, list[str]]]]:
    """What papers share, and what each evaluates beyond it (of evaluated_values per paper):
    `compare --diff`, as a table and as JSON. One paper (the others' facets never read)
    shares nothing."""
    if len(values) < 2:
        return {category: [] for category in CATEGORIES}, values
    shared = shared_values(values)
    apart = {
        paper_id: {c: [v for v in vs if v not in shared.get(c, [])] for c, vs in by.items()}
        for paper_id, by in values.items()
    }
    return shared, apart


class SpeltApart(NamedTuple):
    """A paper that writes widths bare ("4-bit") where another writes them as an integer
    format or a weight-only pair (INT4, W4A16)."""

    paper: str
    bare: list[str]
    other: str
    spelt: list[str]


_BARE_WIDTH = re.compile(r"(\d+)-bit")


def spelt_apart(values: dict[str, dict[str, list[str]]]) -> list[SpeltApart]:
    """Where `compare --diff` sets apart what may be one setting spelt two ways: GPTQ's
    3-bit and 4-bit weights are AWQ's INT3, INT4, W3A16 and W4A16, but GPTQ writes neither
    (the lens keeps what each paper writes). Of evaluated_values per paper."""
    found = []
    for paper, by in values.items():
        precision = set(by.get("precision", []))
        if _quantizes_more(precision):
            continue  # (a width alone beside W4A8 or A8 may be either side's)
        bare = {
            match.group(1)
            for value in precision
            if (match := _BARE_WIDTH.fullmatch(value))
            and f"INT{match.group(1)}" not in precision
            and f"W{match.group(1)}A16" not in precision
        }
        for other, other_by in values.items():
            if other == paper:
                continue
            theirs = other_by.get("precision", [])
            # (their INT4 is weights' only when their pairs say so, as AWQ's W4A16 and W3A16:
            # OS+'s INT4 is its weights' and activations')
            weights = [f"W{n}A16" for n in bare]
            if _weight_only(theirs):
                weights += [f"INT{n}" for n in bare]
            spelt = [v for v in theirs if v in weights]
            if spelt:
                widths = sorted(
                    {n for n in bare if f"INT{n}" in spelt or f"W{n}A16" in spelt}, key=int
                )
                found.append(SpeltApart(paper, [f"{n}-bit" for n in widths], other, spelt))
    return found


# by facet_key: a W/A pair (its activations', its KV cache's), an activations' or KV cache's
# width alone (A16 and KV16 are never stored: no setting)
_PAIR = re.compile(r"w\d+(?:\.\d+)?a(\d+)(kv\d+)?")
_OTHER_SIDE = re.compile(r"(?:a|kv)\d+")


def quantized_sides(value: str) -> str | None:
    """What a precision value says of the sides it quantizes: "weights" (a weight-only pair,
    W4A16), "more" (a pair that quantizes activations or a KV cache, W4A8, W4A16KV4, or their
    width alone, A8), else None (a width alone, 4-bit, INT4: either side's)."""
    key = facet_key(value)
    if (pair := _PAIR.fullmatch(key)) is not None:
        return "weights" if pair.group(1) == "16" and pair.group(2) is None else "more"
    return "more" if _OTHER_SIDE.fullmatch(key) else None


def _quantizes_more(values: Iterable[str]) -> bool:
    return any(quantized_sides(value) == "more" for value in values)


def _weight_only(values: list[str]) -> bool:
    """Whether a paper's pairs, which it writes, are all weight-only (W4A16, W3A16)."""
    sides = {quantized_sides(value) for value in values}
    return "weights" in sides and "more" not in sides


def spelt_apart_note(values: dict[str, dict[str, list[str]]], names: dict[str, str]) -> str:
    """One line for all that spelt_apart finds (each pair of papers made a line of its own),
    with the papers by `names`; empty when it finds nothing."""
    bare: dict[str, set[str]] = {}
    spelt: dict[str, set[str]] = {}
    for apart in spelt_apart(values):
        bare.setdefault(apart.paper, set()).update(apart.bare)
        spelt.setdefault(apart.other, set()).update(apart.spelt)
    if not bare:
        return ""
    return (
        f"{_each_writes(bare, names)}, where {_each_writes(spelt, names)}: perhaps the same "
        "settings, as a weight-only paper may write only its weights' width (the lens keeps "
        "each paper's own spelling; 'papers facets ID' gives the evidence)"
    )


def _each_writes(values: dict[str, set[str]], names: dict[str, str]) -> str:
    """ "GPTQ writes 3-bit, 4-bit and SpQR 4-bit": each paper with its own values (one list for
    two papers read as if both wrote all of it)."""
    return _and(
        [
            f"{names[paper]}{'' if k else ' writes'} {', '.join(sorted(them, key=value_order))}"
            for k, (paper, them) in enumerate(values.items())
        ]
    )


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


_SECTION_LABELS = {
    "precision": "Precision",
    "granularity": "Granularity",
    "method": "Method family",
    "baseline": "Baselines",
    "model": "Models",
    "benchmark": "Benchmarks",
}


def quant_setting_markdown(facets: list[Facet]) -> str:
    """A few lines for the review template's "Quantization setting" section, each value with
    a page where the paper runs it: the section asks the reviewer to check them against the
    paper, which meant a search of the PDF for each."""
    values = evaluated_values(facets)
    page = {(f.category, f.value): _first_page(f) for f in facets if f.evaluated}
    lines = []
    for category in CATEGORIES:
        found = [
            value + (f" (p.{at})" if (at := page.get((category, value))) else "")
            for value in values.get(category, [])
        ]
        # ("-": read, and none evaluated, as `compare` and `list --show` say; "?" there is a
        # paper never read, which has no section)
        lines.append(f"- **{_SECTION_LABELS[category]}:** {', '.join(found) if found else '-'}")
    return "\n".join(lines) + "\n"


def _first_page(facet: Facet) -> int | None:
    """The page of its first evidence that runs it (as `papers facets` shows it: a table's row
    first), else the first page that runs it, else its first evidence's (none: read from the
    paper as a whole, a family named in its title)."""
    running = set(facet.pages or ())
    for evidence in facet.evidence:
        if evidence.page in running:
            return evidence.page
    if running:
        return min(running)
    return facet.evidence[0].page if facet.evidence else None
