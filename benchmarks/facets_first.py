"""Every unseen set's first measurement again, pooled: how the rules carry to papers they never saw.

    python benchmarks/facets_first.py --texts DIR [--last N] [--why] [--by-domain] [--interval]
        [--json]

Each set of tests/data/facets_unseen was scored once on the code as it stood before the fixes
it prompted, then used for fixes. One set is a few papers, too few to judge a category by; all
of them together are not. For each (label commit, first-measurement commit) pair in
benchmarks/facets_first_sets.json, this exports that commit's src/ and benchmarks/ with `git
archive` (the working tree is not touched), takes the label files as the label commit added
them, and runs that commit's own benchmarks/facets_text.py on them (its markdown conversion
and scoring as they were then; the first set predates the script and uses its label commit's).
The counts are summed over the sets, per category. DIR holds the texts (<text id>.md), which
are not in the repository (docs/benchmarks.md says where they come from).

--why also sorts each lenient miss of a first measurement by what would have found it: the
value was extracted but called a mention (the evaluated-or-mentioned call), its label's spelling
is in the text but nothing was extracted (a name or spelling the vocabulary lacked), or the
paper never writes it that way (a size from a table's header, a width from two columns).

--by-domain splits the pooled lenient scores by what each paper quantizes, read from its
labelled models: language models (LLaMA, OPT, Qwen, BERT...), vision models (ResNet, ViT,
DeiT...), or other (diffusion, speech, graph networks). It answers whether the shortfall is only
that of papers outside the lens's main field. Each first measurement's facets are scored here
by today's benchmarks/facets.py, so the pooled figures may differ from the others by a point.

--interval gives each category's pooled lenient precision and recall a 90% bootstrap interval:
the sets are drawn again with replacement (a set is one labelling session's few papers, so
sets, not facets, are the independent units), 2,000 times with a fixed seed. A target outside
the interval is missed (or met) by more than the choice of papers explains.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from papers.models import Facet
from papers.quant import CATEGORIES as FACET_CATEGORIES

sys.path.insert(0, str(Path(__file__).resolve().parent))
from facets import TARGET_PRECISION, TARGET_RECALL, precision_recall, tally  # noqa: E402
from facets_text import render as render_table  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SETS = Path(__file__).resolve().parent / "facets_first_sets.json"
UNSEEN = "tests/data/facets_unseen/"
CATEGORIES = [*FACET_CATEGORIES, "all"]


def _git(*args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(ROOT), *args], capture_output=True, text=True, check=True
    ).stdout


def _export(commit: str, into: Path) -> Path:
    """The commit's src/ and benchmarks/ under `into`, once."""
    tree = into / commit
    if not tree.is_dir():
        tree.mkdir(parents=True)
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", commit, "src", "benchmarks"],
            capture_output=True,
            check=True,
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    return tree


# run with the first-measurement commit's src/ on the path: every facet of each labelled text,
# mentions too, as that commit's facets_text.py reads the markdown
_LIST_FACETS = """
import importlib.util, json, sys
from pathlib import Path
from papers.quant import extract_facets
spec = importlib.util.spec_from_file_location("facets_text", sys.argv[1])
text_module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(text_module)
texts, labels, out = Path(sys.argv[2]), Path(sys.argv[3]), {}
for path in sorted(labels.glob("*.json")):
    label = json.loads(path.read_text("utf-8"))
    text = (texts / (label.get("text", label["paper"]) + ".md")).read_text("utf-8")
    facets = extract_facets(text_module.markdown_pages(text))
    out[label["paper"]] = [[f.category, f.value, f.evaluated] for f in facets]
print(json.dumps(out))
"""
WHY = ("mention", "named", "unwritten")
DOMAINS = ("language", "vision", "other")
# the families whose models make a paper one of language or of vision models (checked in turn)
_LANGUAGE = re.compile(
    r"(?:LLaMA|Llama|TinyLlama|CodeLlama|OPT|Qwen|Mistral|Mixtral|Falcon|BLOOM|Gemma|Phi|GPT|Pythia|DeepSeek|Vicuna|"
    r"InternLM|Yi|Baichuan|ChatGLM|GLM|OLMo|SmolLM|Nemotron|BitNet|Mamba|StableLM|StarCoder|MPT|"
    r"Granite|Kimi|MiniCPM|LLaVA|InternVL|Jamba|RWKV|T5|Flan|BERT|RoBERTa|DistilBERT|TinyBERT|"
    r"MobileBERT|ALBERT|MiniLM|DeBERTa)",
    re.IGNORECASE,
)
_VISION = re.compile(
    r"(?:ResNet|ResNeXt|MobileNet|ViT|DeiT|Swin|VGG|EfficientNet|Inception|RegNet|DETR|YOLO|"
    r"ConvNeXt|DenseNet|AlexNet|GoogLeNet|SqueezeNet|ShuffleNet|MnasNet|Mask R-CNN|Faster R-CNN|"
    r"RetinaNet|EVA|BEiT|CLIP|LeViT|PVT|DINO|EDSR|RCAN|SwinIR|MobileViT|ReActNet|BNext|Bi-Real|"
    r"XNOR)",
    re.IGNORECASE,
)


def domain(label: dict) -> str:
    """What the paper quantizes, from its labelled models (the ambiguous ones too)."""
    models = [*label["facets"].get("model", []), *label.get("ambiguous", {}).get("model", [])]
    for name, family in (("language", _LANGUAGE), ("vision", _VISION)):
        if any(family.match(model) for model in models):
            return name
    return "other"


def why_missed(value: str, category: str, facets: list, text: str) -> str:
    """What a missed label was in the extraction: a mention, a name in the text the extraction
    did not find, or a value the text never writes as labelled."""
    if any(f[0] == category and f[1] == value and not f[2] for f in facets):
        return "mention"
    word = re.compile(rf"(?<![a-z0-9]){re.escape(value.lower())}(?![a-z0-9])")
    return "named" if word.search(text.lower()) else "unwritten"


def _lenient_misses(row: dict) -> dict[str, list[str]]:
    """A paper's lenient misses per category, in either form facets_text.py has printed."""
    detail = row.get("lenient", row)  # early versions printed only the lenient lists
    return {c: detail.get(c, {}).get("missed", []) for c in FACET_CATEGORIES}


def _python(tree: Path, args: list[str], failed: str) -> str:
    """The output of Python run with the commit's src/ on its path; a one-line error if it
    fails."""
    run = subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        env={
            **os.environ,
            "PYTHONPATH": str(tree / "src"),
            "PYTHONDONTWRITEBYTECODE": "1",
            # each commit's compiled vocabulary (later commits keep one) beside its tree, not
            # in the user's cache folder, where fifty old versions would push theirs out
            "PAPERS_CACHE_DIR": str(tree / ".vocabulary-cache"),
        },
    )
    if run.returncode != 0:
        raise SystemExit(f"{failed}: {run.stderr.strip().splitlines()[-1]}")
    return run.stdout


def score_set(
    label_commit: str,
    first: str,
    texts: Path,
    scratch: Path,
    why: bool = False,
    by_domain: bool = False,
) -> dict:
    """The first measurement of one set: its labels as added, on the code it was measured on."""
    work = scratch / "sets" / label_commit
    (work / "labels").mkdir(parents=True)
    (work / "texts").mkdir()
    sources: dict[str, Path] = {}  # paper -> its text
    labels: dict[str, dict] = {}  # paper -> its label
    added = _git("show", "--diff-filter=A", "--name-only", "--format=", label_commit).split()
    for name in (f for f in added if f.startswith(UNSEEN) and f.endswith(".json")):
        content = _git("show", f"{label_commit}:{name}")
        (work / "labels" / Path(name).name).write_text(content, encoding="utf-8")
        label = json.loads(content)
        labels[label["paper"]] = label
        source = sources[label["paper"]] = texts / f"{label.get('text', label['paper'])}.md"
        if not source.is_file():  # facets_text.py would skip the paper and score the set without it
            raise SystemExit(f"{label_commit}: {Path(name).name} has no text {source}")
        os.symlink(source.resolve(), work / "texts" / source.name)
    tree = _export(first, scratch / "trees")
    script = tree / "benchmarks" / "facets_text.py"
    if not script.exists():  # the first set: the script came with its labels
        script = _export(label_commit, scratch / "trees") / "benchmarks" / "facets_text.py"
    dirs = [str(work / "texts"), str(work / "labels")]
    failed = f"{label_commit} on {first}"
    report = json.loads(
        _python(tree, [str(script), "--texts", dirs[0], "--labels", dirs[1], "--json"], failed)
    )
    reasons: dict[str, dict[str, int]] = {c: dict.fromkeys(WHY, 0) for c in FACET_CATEGORIES}
    scored: dict[str, list] = {d: [] for d in DOMAINS}  # (paper, label, facets) per domain
    if why or by_domain:
        extracted = json.loads(_python(tree, ["-c", _LIST_FACETS, str(script), *dirs], failed))
    if by_domain:
        for paper, listed in extracted.items():
            facets = [Facet(category, value, evaluated) for category, value, evaluated in listed]
            scored[domain(labels[paper])].append((paper, labels[paper], facets))
    # each domain's totals in the shape of a set's, so that pool() sums them over the sets
    domains = {d: {"papers": len(rows), **tally(rows)[1]} for d, rows in scored.items()}
    if why:
        for row in report["papers"]:
            text = sources[row["paper"]].read_text("utf-8")
            for category, missed in _lenient_misses(row).items():
                for value in missed:
                    reason = why_missed(value, category, extracted[row["paper"]], text)
                    reasons[category][reason] += 1
    return {
        "label_commit": label_commit,
        "first": first,
        "papers": [paper["paper"] for paper in report["papers"]],
        "why": reasons,
        "domains": domains,
        **{
            mode: {c: {k: report[mode][c][k] for k in ("tp", "fp", "fn")} for c in CATEGORIES}
            for mode in ("strict", "lenient")
        },
    }


def pool(sets: list[dict]) -> dict:
    """Counts summed over the sets, with precision and recall per category."""
    return {
        mode: {
            category: precision_recall(
                *(sum(s[mode][category][k] for s in sets) for k in ("tp", "fp", "fn"))
            )
            for category in CATEGORIES
        }
        for mode in ("strict", "lenient")
    }


def interval(
    sets: list[dict], draws: int = 2000, level: float = 0.9, seed: int = 0
) -> dict[str, dict[str, tuple[float, float]]]:
    """Per category, the bootstrap interval of the pooled lenient precision and recall, drawing
    the sets again with replacement."""
    rng = random.Random(seed)
    found: dict[str, dict[str, list[float]]] = {
        c: {"precision": [], "recall": []} for c in CATEGORIES
    }
    for _ in range(draws):
        lenient = pool(rng.choices(sets, k=len(sets)))["lenient"]
        for category in CATEGORIES:
            for measure in ("precision", "recall"):
                found[category][measure].append(lenient[category][measure])
    low, high = int(draws * (1 - level) / 2), int(draws * (1 + level) / 2) - 1
    for measures in found.values():
        for values in measures.values():
            values.sort()
    return {
        category: {m: (v[low], v[high]) for m, v in measures.items()}
        for category, measures in found.items()
    }


def render(
    sets: list[dict],
    pooled: dict,
    why: bool = False,
    by_domain: bool = False,
    intervals: dict | None = None,
) -> str:
    papers = sum(len(s["papers"]) for s in sets)
    head = f"{len(sets)} sets, {papers} papers, each on its first-measurement commit"
    # the table facets_text.py prints for one run, "<" where a category misses the targets
    out = head + "\n" + render_table({"papers": [], **pooled}).lstrip("\n")
    if why:
        lines = ["", "lenient misses by what they were in the extraction:"]
        lines.append(f"{'category':<12} {'missed':>6} {'mention':>8} {'named':>6} {'unwritten':>9}")
        for category in FACET_CATEGORIES:
            n = [sum(s["why"][category][k] for s in sets) for k in WHY]
            lines.append(f"{category:<12} {sum(n):>6} {n[0]:>8} {n[1]:>6} {n[2]:>9}")
        lines.append("mention: extracted, not as evaluated; named: its label's spelling is in")
        lines.append("the text, nothing extracted; unwritten: the text never writes it that way")
        out += "\n" + "\n".join(lines)
    if by_domain:
        lines = ["", "lenient P/R by what the papers quantize (scored by today's facets.py):"]
        lines.append(
            f"{'domain':<9} {'papers':>6}  " + " ".join(f"{c[:11]:>11}" for c in CATEGORIES)
        )
        for name in DOMAINS:
            lenient = pool([s["domains"][name] for s in sets])["lenient"]
            papers = sum(s["domains"][name]["papers"] for s in sets)
            cells = (
                f"{lenient[c]['precision']:.2f}/{lenient[c]['recall']:.2f}" for c in CATEGORIES
            )
            lines.append(f"{name:<9} {papers:>6}  " + " ".join(cell.rjust(11) for cell in cells))
        out += "\n" + "\n".join(lines)
    if intervals:
        lines = ["", "lenient 90% intervals, the sets drawn again 2,000 times:"]
        lines.append(f"{'category':<12} {'precision':>13} {'recall':>13}")
        for category in CATEGORIES:
            cells = [
                "{:.2f}–{:.2f}{}".format(*intervals[category][m], mark)
                for m, target in (("precision", TARGET_PRECISION), ("recall", TARGET_RECALL))
                for mark in [_against(intervals[category][m], target)]
            ]
            lines.append(f"{category:<12} {cells[0]:>13} {cells[1]:>13}")
        lines.append("<: the whole interval is under the target; ?: the target is inside it")
        out += "\n" + "\n".join(lines)
    return out


def _against(bounds: tuple[float, float], target: float) -> str:
    return "<" if bounds[1] < target else "?" if bounds[0] < target else " "


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=Path, required=True, help="DIR of <text id>.md")
    parser.add_argument("--last", type=int, default=0, help="only the last N sets")
    parser.add_argument("--why", action="store_true", help="what each miss was in the extraction")
    parser.add_argument("--by-domain", action="store_true", help="split by what papers quantize")
    parser.add_argument("--interval", action="store_true", help="bootstrap intervals of the pool")
    parser.add_argument("--json", action="store_true", help="every set's counts and the pool")
    args = parser.parse_args(argv)
    pairs = json.loads(SETS.read_text(encoding="utf-8"))["sets"]
    pairs = pairs[-args.last :] if args.last else pairs
    with tempfile.TemporaryDirectory() as scratch:
        sets = [
            score_set(s["labels"], s["first"], args.texts, Path(scratch), args.why, args.by_domain)
            for s in pairs
        ]
    pooled = pool(sets)
    intervals = interval(sets) if args.interval else None
    print(
        json.dumps({"sets": sets, "pooled": pooled, "intervals": intervals}, indent=1)
        if args.json
        else render(sets, pooled, args.why, args.by_domain, intervals)
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
