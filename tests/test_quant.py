"""The quantization lens: spellings, the evaluated-vs-mentioned rule, and corpus accuracy."""

from __future__ import annotations

import json
import random
import re
import tomllib
from importlib import resources
from pathlib import Path
from re import _constants as sre_constants  # the regex parser's modules (Python 3.11+)
from re import _parser as sre_parse

import pytest

from papers.cli_quant import compare_table
from papers.db import open_db, save_paper
from papers.errors import VocabularyError
from papers.lens import evaluated_values, quant_setting_markdown, score_facets
from papers.library import facet_summary
from papers.models import Evidence, Facet, Paper
from papers.pdf import read_pdf
from papers.quant import (
    _WE_USE,
    CATEGORIES,
    DEFAULT_RIGHT,
    SNIPPET_CHARS,
    USE_REACH,
    WORD_END,
    WORD_REACH,
    _after_digits,
    _atoms,
    _counts_bits,
    _heading,
    _is_text,
    _plain_starts,
    _trie_regex,
    _trim_prefix,
    _unbroken,
    _uses,
    classify_lines,
    compared_names,
    compile_vocabulary,
    entry_method,
    extract_facets,
    literal_prefixes,
    load_vocabulary,
    named_value,
    negated_hits,
    render_template,
    scan_text,
)

LABELS = Path(__file__).parent / "data" / "facets"


def values(text: str, category: str) -> set[str]:
    return {hit.value for hit in scan_text(text) if hit.category == category}


def paper(
    *,
    intro: str = "",
    experiments: str = "",
    related: str = "",
    refs: str = "",
    conclusion: str | None = None,
) -> list[str]:
    """A synthetic paper: title, abstract, sections with numbered headings (a conclusion when
    given), bibliography."""
    closing = "" if conclusion is None else "\n4\nConclusion\n" + conclusion
    return [
        "FooQuant: Quantizing Things Well\nAbstract\nWe propose FooQuant, a post-training "
        "method.\n1\nIntroduction\n" + intro + "\n2\nRelated Work\n" + related,
        "3\nExperiments\n" + experiments + closing + "\nReferences\n" + refs,
    ]


def evaluated(facets: list[Facet], category: str) -> set[str]:
    return {f.value for f in facets if f.category == category and f.evaluated}


def mentioned(facets: list[Facet], category: str) -> set[str]:
    return {f.value for f in facets if f.category == category and not f.evaluated}


def assert_split(pages: list[str], category: str, inside: str, outside: str) -> None:
    """The sections are read: `inside` is evaluated (experiments, method), `outside` only
    mentioned (introduction)."""
    facets = extract_facets(pages)
    assert inside in evaluated(facets, category)
    assert outside in mentioned(facets, category)


def values_of(facets: list[Facet], category: str) -> set[str]:
    """Every value of the category, evaluated or mentioned."""
    return {f.value for f in facets if f.category == category}


# ---------------------------------------------------------------- spellings


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("we report W4A16 results", "W4A16"),
        ("we report w4a16 results", "W4A16"),
        ("W8A8 and W4A8 settings", "W4A8"),
        ("the W4A4KV4 setting", "W4A4KV4"),
        ("W4-A16 kernels", "W4A16"),
        ("the W4-A4-KV4 setting", "W4A4KV4"),
        ("weights are quantized to 4 bits and activations to 8 bits", "W4A8"),
        ("we quantize weights to 3 bits and activations to 8 bits", "W3A8"),
        ("weights are 4-bit and activations are 8-bit", "W4A8"),
        ("activations to 8-bit while weights to 4-bit", "W4A8"),
        ("both weights and activations are quantized to 3-bit", "W3A3"),
        ("weights and activations were both quantized into 4 bits", "W4A4"),
        ("the W2@g128 rows", "2-bit"),
        ("W4G128 checkpoints", "4-bit"),
        ("4-bit weights and 16-bit activations", "W4A16"),
        ("8-bit activations and 4-bit weights", "W4A8"),
        ("8-bit weights and activations", "W8A8"),
        # (with the attention's values' width after them: 2311.05161's Table 3 caption)
        ("PPL results of W4A8V4 (Weight-4bit, Activation-8bit, Value-4bit)", "W4A8"),
        ("the 2W4A accuracy", "W2A4"),
        ("we use 4-bit weights throughout", "W4"),
        ("with 8-bit activations", "A8"),
        ("a 4-bit KV cache", "KV4"),
        ("we quantize to INT4", "INT4"),
        ("int8 kernels", "INT8"),
        ("FP8 formats", "FP8"),
        ("the E4M3 format", "E4M3"),
        ("NF4 data type", "NF4"),
        ("4-bit NormalFloat", "NF4"),
        ("about 2.5 bits per parameter", "2.5 bits/param"),
        ("3.4 bits per weight on average", "3.4 bits/param"),
        ("at 2.125 bpv", "2.125 bits/param"),
        ("using only two bits per weight", "2-bit"),
        ("at three bits per parameter", "3-bit"),
        ("quantized to 3 bits", "3-bit"),
        ("4bit RTN", "4-bit"),
        ("ternary quantization levels", "ternary"),
        ("binarized networks", "binary"),
        ("binary weights", "binary"),
    ],
)
def test_precision_spellings(text, expected):
    assert expected in values(text, "precision")


def test_precision_forms_also_give_the_bit_width():
    found = values("W4A8 and INT3 and NF4", "precision")
    assert {"4-bit", "8-bit", "3-bit"} <= found


@pytest.mark.parametrize(
    ("text", "pairs"),
    [
        # ZeroQuant's settings: its attention weights at 8 bits, the feed-forward ones at 4
        ("For W4/8A16, PTQ can hardly", {"W4A16", "W8A16"}),
        ("ZeroQuant under the W4/8A8 quantization scheme", {"W4A8", "W8A8"}),
        # HAWQ-V3's layers at W4A4 or W8A8 (a table's cell): not W8A4
        ("71.47 W4/8A4/8 6.7", {"W4A4", "W8A8"}),
        ("W4A16/W8A8", {"W4A16", "W8A8"}),  # (two pairs, as before)
    ],
)
def test_weights_at_two_widths_give_a_pair_each(text, pairs):
    # "W4/8A16", the setting ZeroQuant runs throughout, gave no pair at all: `--facet W4A8`
    # and `--facet W8A16` left it out
    found = values(text, "precision")
    assert {value for value in found if value.startswith("W")} == pairs


def test_one_side_with_its_width_is_no_pair():
    found = values("the weights are quantized to 4 bits, and the scales to 8 bits", "precision")
    assert found == {"4-bit", "8-bit"}


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        ("weights and activations are quantized to 4-bit and 16-bit, respectively", "W4A16"),
        ("weights and activations are quantized to INT8 and INT4 respectively", "W8A4"),
        ("weights and activations are quantized to INT4 and FP16, respectively", "W4A16"),
    ],
)
def test_two_widths_for_weights_and_activations_go_in_order(text, pair):
    found = values(text, "precision")
    assert pair in found
    assert not {"W4A4", "W8A8"} & found  # not the first width for both sides


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        # 1902.06822's Table 5: its activations at INT4, its weights at INT8
        ("Top1 accuracy using INT4 MSE quantization of activations, INT8 weights", "W8A4"),
        ("INT4 quantization of weights with INT8 activations", "W4A8"),
    ],
)
def test_a_format_for_each_side_after_its_quantization_gives_the_pair(text, pair):
    found = values(text, "precision")
    assert {pair, "INT4", "INT8", "4-bit", "8-bit"} <= found
    assert not {"W4A4", "W8A8"} & found
    # (one side in floating point is no pair: 1902.06822's Table 1 runs weights alone)
    assert values("INT4 quantization of weights (FP32 activations)", "precision") == {
        "INT4",
        "4-bit",
    }


def test_omses_int8_weights_with_int4_activations_are_w8a4(corpus):
    facets = extract_facets(read_pdf(corpus / "pdf" / "1902.06822.pdf").pages)
    found = {f.value: f for f in facets if f.category == "precision" and f.evaluated}
    assert "W8A4" in found
    assert 7 in (found["W8A4"].pages or [])


def test_a_format_for_both_sides_gives_the_pair_and_the_format():
    found = values("weights and activations are quantized to INT4", "precision")
    assert {"W4A4", "INT4", "4-bit"} <= found


def test_llama_cpp_types_give_their_bit_width():
    # the k-quants and legacy types (Q4_K_M, Q3_K_S, Q8_0); an i-quant has no whole width
    assert values("Q4_K_M, Q3_K_S and Q8_0 against IQ2_XS", "precision") == {
        "4-bit",
        "3-bit",
        "8-bit",
    }
    # not in a file's name (T-MAC's reference "llama-2-7b.Q4_0.gguf model")
    assert values("the original llama-2-7b.Q4_0.gguf model", "granularity") == set()


def test_the_scales_own_format_is_no_setting():
    # Quant VideoGen: "we adopt FP8 E4M3 per-group scaling factors" is the scales' format; the
    # values' own FP8 is a setting
    experiments = "We adopt FP8 E4M3 per-group scaling factors. Group scales use INT8 codes."
    facets = extract_facets(paper(experiments=experiments))
    assert not {"FP8", "INT8", "8-bit", "E4M3"} & evaluated(facets, "precision")
    facets = extract_facets(paper(experiments="We quantize the KV cache to FP8 E4M3."))
    assert {"FP8", "E4M3"} <= evaluated(facets, "precision")
    # or said in words: "we employ FP8 to store the scale parameters and INT8 for the
    # zero-points" (2501.16383); INT8 for the weights is a setting
    stored = "We employ FP8 to store the scale parameters and INT8 for the zero-points."
    facets = extract_facets(paper(experiments=stored))
    assert not {"FP8", "INT8", "8-bit"} & evaluated(facets, "precision")
    facets = extract_facets(paper(experiments="We use INT8 for the weights."))
    assert "INT8" in evaluated(facets, "precision")


def test_full_precision_is_no_setting():
    found = values("FP16 and 16-bit and 32-bit baselines, W16A16", "precision")
    assert not found & {"16-bit", "32-bit", "W16A16"}


def test_llm_int8_is_a_baseline_not_a_precision():
    assert "INT8" not in values("LLM.int8() is strong", "precision")
    assert values("LLM.int8() is strong", "baseline") == {"LLM.int8()"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("per-tensor scales", {"per-tensor"}),
        ("tensor-wise quantization", {"per-tensor"}),
        ("per-channel weight quantization", {"per-channel"}),
        ("per channel quantization", {"per-channel"}),
        # in words, for the output channels (DecDEC); the input channels' scales are AWQ's
        # smoothing
        ("a single scale factor as metadata for each output channel", {"per-channel"}),
        ("a scaling ratio for each input channel", set()),
        ("per-row asymmetric quantization", {"per-channel"}),
        ("row-wise (output-channel) quantization", {"per-channel"}),
        ("per-token activation quantization", {"per-token"}),
        ("token-wise scales", {"per-token"}),
        ("per-group quantization", {"per-group"}),
        ("group-wise quantization", {"per-group"}),
        ("g128", {"g128", "per-group"}),
        ("W4A16g128", {"g128", "per-group"}),
        ("W4G128", {"g128", "per-group"}),
        ("W2@g128", {"g128", "per-group"}),
        ("INT3-g128", {"g128", "per-group"}),
        ("a group size of 128", {"g128", "per-group"}),
        ("groupsize 128", {"g128", "per-group"}),
        ("scaled per group of 128 by the group's mean", {"g128", "per-group"}),
        ("group-size 1024", {"g1024", "per-group"}),
        ("We set the group size as 128 in MWQ", {"g128", "per-group"}),
        ("QVG-Pro uses S=4 stages and group size B=16.", {"g16", "per-group"}),
        # a library's argument, as a paper quotes its configuration
        ("GPTQModel with `group_size = 128`, `desc_act = True`", {"g128", "per-group"}),
        # the traffic a decoder moves for each token is no granularity
        ("bound by per-token weight traffic from off-chip DRAM", set()),
        ("the per-token DRAM traffic is minimized", set()),
        # nor is an analysis of the loss token by token
        ("A per-token decomposition rules out the tail explanation", set()),
        ("decomposing the per-token negative log-likelihood", set()),
        # one scale a tensor or a layer, not a normalisation's, a format chosen per tensor, an
        # error measured layer by layer, or a layer-wise quantizer's algorithm (GPTQ's kind)
        ("the per-tensor normalization operator", set()),
        ("Per-tensor type allocation is the axis", set()),
        ("we analyze the per-layer quantization error", set()),
        ("per-layer quantization of the activations", {"per-tensor"}),
        ("the layer-wise quantization algorithm can be any", set()),
        ("Stability of layer-wise quantization effects", set()),
        # GPTQ's run-in heading, its problem's name (a reviewer saw "per-tensor mentioned")
        ("3 BACKGROUND Layer-Wise Quantization. At a high level, our method", set()),
        ("LAYERWISE QUANTIZATION. We first", set()),
        ("we use layer-wise quantization for activations", {"per-tensor"}),
        ("We apply Layer-Wise Quantization to activations", {"per-tensor"}),
        ("the activations get layer-wise quantization. Then", {"per-tensor"}),
        # a table's number above the "Group size" cell is another row's ("Tokens per sample")
        ("Tokens per sample\n2048\nGroup size\n128", {"g128", "per-group"}),
        ("with 128 group size", {"g128", "per-group"}),
        # groups of other things than weights, and grouped-query attention's groups
        ("executes operations in groups of 4 lanes", set()),
        ("The quantization group in GPTQ is set to 128.", {"g128", "per-group"}),
        # packing, not scaling (signSGD with majority vote)
        ("we bit-pack groups of 32 sign bits into single 32-bit floats", set()),
        ("split the dot product into groups of 64 products", set()),
        ("8 KV heads, head dim 128, GQA group size 8.", set()),
        # nor is what a decoder spends or computes for each token
        ("report the resulting per-token decoding latency", set()),
        ("at FP16 the per-token decoder bytes are 2.62 GB", set()),
        ("ranks blocks by the mean per-token cosine similarity", set()),
        # a row of a table, or a statistic of each row, is no granularity; a scheme's row is
        ("Bold PPL: lowest per row; bold ACC: highest per row.", set()),
        ("the largest per-row gradient magnitude", set()),
        ("use per-row weight ternarization", {"per-channel"}),
        ("per-tensor, per-row, or per-column granularity", {"per-tensor", "per-channel"}),
        # nor is a statistic of each channel
        ("the per-input-channel RMS across output channels", set()),
        ("consider per-channel learning rate scaling", set()),
        # a size for each of two settings, the second after "and"
        (
            "the group size is set to 128 for 4-bit quantization and 32 for 2-bit quantization.",
            {"g128", "g32", "per-group"},
        ),
        (
            "a group size of 64 for Llama 3.1 8B and Qwen 2.5 14B, and 128 for Qwen 2.5 32B",
            {"g64", "g128", "per-group"},
        ),
        ("Qwen3-8B (W4A4, group-128)", {"g128", "per-group"}),
        ("the W4 group:128 configurations", {"g128", "per-group"}),
        ("key and value group sizes in {32,64,128} ;", {"g32", "g64", "g128", "per-group"}),
        ("constraining the quantization group size to 1x16", {"g16", "per-group"}),
        ("an 8-bit integer with a scaling factor across every 32 elements", {"g32", "per-group"}),
        ("every 128 consecutive weights along the input share", {"g128", "per-group"}),
        ("W4A4 GS-64 5.84 6.02", {"g64", "per-group"}),
        ("per-block scales", {"per-block"}),
        # llama.cpp's block-wise types, by their names
        ("Q4_K_M, Q8_0 and IQ2_XS files", {"per-block"}),
        # a GPU kernel's thread block is none
        ("48 KB per-block shared memory", set()),
        ("256 threads per block", set()),
        ("every 16 E2M1 weights share an E4M3 block scale", {"per-block"}),  # NVFP4
        ("blockwise k-bit quantization", {"per-block"}),
        ("a blocksize of 64 for 4-bit weights", {"per-block"}),
        ("vector-wise quantization", {"per-channel", "per-token"}),
        # two granularities joined by a slash, and the size set after what it applies to
        # (MiniKV)
        (
            "The group size during token/channel-wise quantization is set to 16, i.e.",
            {"g16", "per-group", "per-token", "per-channel"},
        ),
        ("the group size for the keys is set to 32.", {"g32", "per-group"}),
        # stated without "set to" (KVmix), and broken at a line's end as a PDF's lines are
        ("The group size for quantization is 32. We selected", {"g32", "per-group"}),
        ("The group\nsize for quantization is 32.", {"g32", "per-group"}),
        ("with a group\nsize of 128", {"g128", "per-group"}),
        ("Group\nSize\n32\n64\n", {"g32", "g64", "per-group"}),
        ("per-layer quantizers", {"per-tensor"}),
        ("per layer quantization", {"per-tensor"}),
        ("we introduce a layer-wise shift-based scaling factor", {"per-tensor"}),
        ("channelwise vs layerwise Scaling factor for quantization", {"per-tensor"}),
        ("BNNs introduce several layerwise scalars", set()),
    ],
)
def test_granularity_spellings(text, expected):
    assert values(text, "granularity") == expected


@pytest.mark.parametrize(
    ("text", "category", "expected"),
    [
        # a group of RL rollouts, GPUs or a table's bits is no quantization group
        ("the group size in GRPO is set to 8", "granularity", set()),
        ("The group size during rollout is set to 16", "granularity", set()),
        ("the group size for the weights is set to 8 GPUs", "granularity", set()),
        # a spaced version only before a size or a sentence's end; other series keep theirs
        ("we use Qwen 3 times", "model", {"Qwen"}),
        # the organisation of a checkpoint id is no model
        ("the checkpoints of the meta-llama organisation", "model", set()),
        ("Qwen 2.5-VL-7B", "model", {"Qwen"}),
        ("Qwen 2.5 14B", "model", {"Qwen2.5", "Qwen2.5-14B"}),
        # other detectors, and DETR as an adjective
        ("Conditional DETR-R50, Anchor DETR and DETR-based detectors", "model", set()),
        # a passkey task's name, a word vector, a count of problems, a layer's bit budget
        ("Passkey retrieval is a synthetic test.", "benchmark", set()),
        ("served on NVIDIA B100 and B100 GPUs", "benchmark", set()),
        ("initialised with GloVe embeddings", "benchmark", set()),
        ("AMC 29 problems", "benchmark", set()),
        ("8-bit paged AdamW and 8-bit Adafactor", "precision", set()),
        # an optimizer named by its gradients' width (QSGD's "1bit-SGD")
        ("an optimized version of 1bit-SGD [35] and 1-bit LAMB", "precision", set()),
        # widths no quantization uses: an index, a mantissa (Tetra, the 65th set)
        ("the 47-bit index, a 23-bit mantissa and 33 bits", "precision", set()),
        ("the 12-bit and 16 bit accumulators", "precision", {"12-bit"}),
        ("bits are allocated on a per layer basis", "granularity", set()),
        # a short LLaMA name with a size its version was never released in
        ("L2-8B", "model", set()),
    ],
)
def test_names_and_settings_that_only_look_like_facets(text, category, expected):
    assert values(text, category) == expected


def test_granularity_false_friends():
    assert not values("the per-token latency is low", "granularity")
    assert not values("AWQ performs per-channel scaling", "granularity")
    # a metric and a statistic, no scales (OSFP4, the 64th set)
    assert not values("Per-token output MSE of the layer", "granularity")
    assert not values("recovered from stored per-channel absolute maxima", "granularity")
    # scales per channel are the granularity; scaling per channel is a transformation
    assert values("plus the per-channel scales of each row", "granularity") == {"per-channel"}
    assert not values("block-wise reconstruction", "granularity")
    # things counted per layer (MiniKV, CommVQ, a mixture of experts)
    for text in ("25% RW budget per layer", "Latency per layer per token", "8 experts per layer"):
        assert not values(text, "granularity"), text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("post-training quantization", "PTQ"),
        ("PTQ methods", "PTQ"),
        ("quantization-aware training", "QAT"),
        ("vector quantization with codebooks", "vector quantization"),
        ("a random Hadamard rotation", "rotation"),
        ("smoothing the activations", "smoothing"),
        ("migrate the quantization difficulty", "smoothing"),
        ("mixed-precision decomposition", "mixed precision"),
        ("outlier features", "outlier handling"),
        ("the inverse Hessian", "second-order"),
        ("second-order information", "second-order"),
        ("LoRA adapters", "low-rank/fine-tuning"),
        ("data-free quantization", "data-free"),
    ],
)
def test_method_spellings(text, expected):
    assert expected in values(text, "method")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("RTN", "RTN"),
        ("round-to-nearest", "RTN"),
        ("GPTQ", "GPTQ"),
        ("OPTQ", "GPTQ"),
        ("AWQ", "AWQ"),
        ("SmoothQuant", "SmoothQuant"),
        ("OmniQuant", "OmniQuant"),
        ("ZeroQuant-V2", "ZeroQuant-V2"),
        ("ZeroQuant-FP", "ZeroQuant-FP"),
        ("ZeroQuant-LKD", "ZeroQuant"),
        ("Q-Mamba", "Q-Mamba"),
        ("Degree-Quant", "Degree-Quant"),
        ("SGQuant", "SGQuant"),
        ("SpQR", "SpQR"),
        ("QuIP#", "QuIP#"),
        ("QuIP", "QuIP"),
        ("AQLM", "AQLM"),
        ("QuaRot", "QuaRot"),
        ("SpinQuant", "SpinQuant"),
        ("GPTVQ", "GPTVQ"),
        ("BRECQ", "BRECQ"),
        ("AdaRound", "AdaRound"),
        ("OS+", "Outlier Suppression+"),
        # the kernels and libraries that systems papers measure against
        ("NVIDIA's Transformer Engine", "Transformer Engine"),
        ("the Marlin kernel", "Marlin"),
        # gradient compression for distributed training, and federated learning's methods
        ("QSGD", "QSGD"),
        ("EXAQ (INT3)", "EXAQ"),
        ("TernGrad", "TernGrad"),
        ("SignSGD", "signSGD"),
        ("FedPAQ", "FedPAQ"),
        ("FedAvg", "FedAvg"),
    ],
)
def test_baseline_spellings(text, expected):
    assert values(f"compared with {text} here", "baseline") == {expected}


def test_a_variant_ending_in_a_known_name_is_not_that_name():
    # LoTA-QAF's own optimizer
    assert values("we update with t-SignSGD here", "baseline") == set()


def test_a_cited_name_the_vocabulary_reads_only_with_a_size_may_be_a_method():
    """ "SAM" is Segment Anything's family when sized ("SAM-H"), and sharpness-aware
    minimization when cited bare, as a compared optimizer; "GPT-4" stays a model."""
    pages = paper(
        experiments="We compare DoG with ERM (Gulrajani & Lopez-Paz, 2021), SAM (Foret et al., "
        "2021), SWA (Izmailov et al., 2018) and GPT-4 (OpenAI, 2023) at 4 bits."
    )
    baselines = evaluated(extract_facets(pages), "baseline")
    assert "SAM" in baselines
    assert "GPT-4" not in baselines


def test_methods_cited_with_from_and_their_authors_are_compared():
    """QCFS cites each baseline as "RMP from Han et al. (2020)" and lists them in its tables."""
    table = "Table 1: Accuracy.\nMethod\nT=4\nT=8\nRMP\n60.3%\n90.3%\nTSC\n-\n92.1%\n"
    pages = [
        "FooSNN: Low-Latency Spiking Networks\nAbstract\nWe convert ANNs.\n1\nIntroduction\n"
        "Text.\n",
        "4\nExperiments\nWe compare our method with the state-of-the-art conversion methods, "
        "including RMP from Han et\nal. (2020), TSC from Han & Roy (2020) and RNL from Ding et "
        "al. (2021).\n" + table + "References\n",
    ]
    assert {"RMP", "TSC"} <= evaluated(extract_facets(pages), "baseline")


def test_the_papers_own_method_cut_short_is_no_baseline():
    """FedWSQ's table has a row "FedWS", the method without its quantizer: an ablation of the
    paper's own, not a method it compares with; "GMPQ" beside the paper's own "GMPQ-TE" is the
    method it extends."""
    table = (
        "Table 1: Accuracy.\nMethod\nCIFAR-10\nFedAvg [31]\n70.6\nFedPAQ [35]\n71.2\n"
        "FedWS\n85.9\nFedWSQ\n86.1\n"
    )
    pages = [
        "FedWSQ: Federated Learning with Weight Standardization and Quantization\nAbstract\n"
        "We propose FedWSQ.\n1\nIntroduction\nText.\n",
        "4\nExperiments\n" + table + "FedWSQ beats FedAvg [31] and FedPAQ [35].\nReferences\n",
    ]
    baselines = evaluated(extract_facets(pages), "baseline")
    assert {"FedAvg", "FedPAQ"} <= baselines
    assert "FedWS" not in baselines
    # nor is the paper's own method in capitals (ReadKV's table prints "READKV (4,2)"), even
    # where something vouches for the name
    capitals = [
        pages[0],
        pages[1].replace("FedWS\n85.9\n", "FEDWSQ\n85.9\n")
        + "FEDWSQ (Lee et al., 2020) is cited.\n",
    ]
    assert "FEDWSQ" not in evaluated(extract_facets(capitals), "baseline")


def test_quip_sharp_is_not_also_quip():
    assert values("QuIP# beats", "baseline") == {"QuIP#"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("LLaMA-2-7B", {"LLaMA-2-7B", "LLaMA-2"}),
        ("Llama-2 7B", {"LLaMA-2-7B", "LLaMA-2"}),
        ("LLaMA2-70B", {"LLaMA-2-70B", "LLaMA-2"}),
        ("Llama-v2-7B", {"LLaMA-2-7B", "LLaMA-2"}),
        ("Llamav2-13B", {"LLaMA-2-13B", "LLaMA-2"}),
        ("LLaMA v2 70B", {"LLaMA-2-70B", "LLaMA-2"}),
        ("Llama 3 8B", {"LLaMA-3-8B", "LLaMA-3"}),
        ("LLaMA-7B", {"LLaMA-7B", "LLaMA"}),
        ("LLaMA-1-65B", {"LLaMA-65B", "LLaMA"}),
        # a table's short names (GPTVQ's "L1-65B ... L2-70B ... L3-8B"), only with a size
        ("L1-65B", {"LLaMA-65B", "LLaMA"}),
        ("L2-70B", {"LLaMA-2-70B", "LLaMA-2"}),
        ("L3-8B", {"LLaMA-3-8B", "LLaMA-3"}),
        ("L2-regularised", set()),
        # Mamba2, an architecture of its own (Quamba2), and Mamba ("Mamba1")
        ("Mamba2-8B", {"Mamba2-8B", "Mamba2"}),
        ("Mamba1 1.4B", {"Mamba-1.4B", "Mamba"}),
        ("Mamba-2.8B", {"Mamba-2.8B", "Mamba"}),
        # the other recurrent and linear-attention language models, and the hybrids (Pimba)
        ("RWKV-6 1.6B", {"RWKV-6-1.6B", "RWKV-6"}),
        ("RWKV-4-World-7B", {"RWKV-4-7B", "RWKV-4"}),
        ("RWKV", {"RWKV"}),
        ("RetNet-2.7B", {"RetNet-2.7B", "RetNet"}),
        ("GLA 1.3B", {"GLA-1.3B", "GLA"}),
        ("HGRN2-2.7B", {"HGRN2-2.7B", "HGRN2"}),
        ("HGRN", {"HGRN"}),
        ("Zamba2-7B", {"Zamba2-7B", "Zamba2"}),
        ("Zamba 7B", {"Zamba-7B", "Zamba"}),
        ("a glance at GLAD", set()),
        # a space after the family (LoTA-QAF)
        ("Qwen 2.5 14B", {"Qwen2.5-14B", "Qwen2.5"}),
        ("Qwen 25 times", {"Qwen"}),
        ("OPT-6.7B", {"OPT-6.7B", "OPT"}),
        ("OPT-125M", {"OPT-125M", "OPT"}),
        ("BLOOM-176B", {"BLOOM-176B", "BLOOM"}),
        ("Mistral-7B", {"Mistral-7B", "Mistral"}),
        ("Mixtral 8x7B", {"Mixtral-8x7B", "Mixtral"}),
        ("Falcon-180B", {"Falcon-180B", "Falcon"}),
        ("BERT-base", {"BERT-base", "BERT"}),
        ("ResNet-18", {"ResNet-18"}),
        ("ResNet50", {"ResNet-50"}),
        ("MobileNetV2", {"MobileNetV2", "MobileNet"}),
        ("Kimi-Linear-48B-A3B", {"Kimi-Linear-48B-A3B", "Kimi-Linear"}),
        ("GraphSAGE", {"GraphSAGE"}),
        ("GAT", {"GAT"}),
        ("R-GAT", {"R-GAT"}),  # the relational GAT of OGB-LSC, no GAT
        ("GIN", {"GIN"}),
        # super-resolution networks (2DQuant), a table's "-light" version no name of its own
        ("SwinIR-light [29]", {"SwinIR"}),
        ("EDSR and SRResNet", {"EDSR", "SRResNet"}),
    ],
)
def test_model_spellings(text, expected):
    assert values(f"we quantize {text} here", "model") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("WikiText-2", {"WikiText-2"}),
        ("WikiText2", {"WikiText-2"}),
        ("Wiki2", {"WikiText-2"}),
        ("C4", {"C4"}),
        ("PTB", {"PTB"}),
        ("Penn Treebank", {"PTB"}),
        ("PIQA", {"PIQA"}),
        ("ARC-e", {"ARC-Easy", "ARC"}),
        ("ARC-Challenge", {"ARC-Challenge", "ARC"}),
        ("HellaSwag", {"HellaSwag"}),
        ("WinoGrande", {"WinoGrande"}),
        ("BoolQ", {"BoolQ"}),
        ("MMLU", {"MMLU"}),
        ("MMLU-P", {"MMLU-Pro"}),  # a results table's short header
        ("MMLU-Pro", {"MMLU-Pro"}),
        ("MGSM", {"MGSM"}),
        ("Cora", {"Cora"}),
        ("ogbn-products", {"ogbn-products"}),
        ("IMDB-B", {"IMDB-BINARY"}),
        ("MAG240M", {"MAG240M"}),
        ("HMMT", {"HMMT"}),
        ("CMath", {"CMath"}),
        ("GLUE", {"GLUE"}),
        ("ImageNet", {"ImageNet"}),
        # LongBench's second version and its length-balanced subset, each with the suite
        ("LongBench v2 and LongBench-E", {"LongBench v2", "LongBench-E", "LongBench"}),
        ("AG-News and Yelp-Polarity", {"AG News", "Yelp"}),
        ("FreebaseQA (Jiang et al., 2019)", {"FreebaseQA"}),
        ("VBench-Long and VBench", {"VBench-Long", "VBench"}),
        # federated learning's sets (LEAF), and Fashion-MNIST shortened
        (
            "FEMNIST, Sent140, FMNIST and the Shakespeare dataset",
            {"FEMNIST", "Sent140", "Fashion-MNIST", "Shakespeare"},
        ),
        ("quotes of Shakespeare in prose", set()),
    ],
)
def test_benchmark_spellings(text, expected):
    assert values(f"results on {text} are", "benchmark") == expected


def test_words_inside_other_words_do_not_match():
    text = "optimal performance of the optimizer; arcade; rtnx; ct4; groups"
    assert not values(text, "model")
    assert not values(text, "baseline")
    assert not values(text, "benchmark")


# ---------------------------------------------------------------- evaluated vs mentioned


def test_related_work_only_mentions():
    facets = extract_facets(
        paper(related="ZeroQuant uses W8A8 with per-token scales on BLOOM-176B (PTB).")
    )
    assert "ZeroQuant" in mentioned(facets, "baseline")
    assert "W8A8" in mentioned(facets, "precision")
    assert "per-token" in mentioned(facets, "granularity")
    assert "BLOOM-176B" in mentioned(facets, "model")
    assert "PTB" in mentioned(facets, "benchmark")
    assert not evaluated(facets, "baseline") | evaluated(facets, "precision")


def test_experiments_evaluate():
    facets = extract_facets(
        paper(experiments="We evaluate W4A8 with per-group g128 scales on LLaMA-2-7B (WikiText-2).")
    )
    assert {"W4A8", "4-bit", "8-bit"} <= evaluated(facets, "precision")
    assert {"per-group", "g128"} <= evaluated(facets, "granularity")
    assert {"LLaMA-2-7B", "LLaMA-2"} <= evaluated(facets, "model")
    assert "WikiText-2" in evaluated(facets, "benchmark")


@pytest.mark.parametrize(
    "sentence, value",
    [
        # LoRA, which runs RoBERTa and DeBERTa
        (
            "DeBERTa (He et al., 2021) is a more recent variant of BERT that is trained at scale.",
            "BERT",
        ),
        (
            "RoBERTa optimized the recipe originally proposed in BERT (Devlin et al.).",
            "BERT",
        ),
        # QLoRA's description of a finetuning dataset
        (
            "The underlying documents are human-written and come from Pile and C4 while the rest",
            "C4",
        ),
    ],
)
def test_what_another_model_or_dataset_comes_of_is_not_run(sentence, value):
    facets = extract_facets(paper(experiments="We evaluate RoBERTa on MNLI. " + sentence))
    assert value in mentioned(facets, "model") | mentioned(facets, "benchmark")
    assert "RoBERTa" in evaluated(facets, "model")


def test_a_variant_the_paper_runs_is_run():
    facets = extract_facets(
        paper(experiments="We quantize the chat variant of LLaMA-2-7B and report MMLU.")
    )
    assert "LLaMA-2-7B" in evaluated(facets, "model")


def test_what_lora_and_qlora_name_as_origins_is_not_run(corpus):
    lora = extract_facets(read_pdf(corpus / "pdf" / "2106.09685.pdf").pages)
    assert "BERT" in mentioned(lora, "model")
    assert {"RoBERTa", "DeBERTa"} <= {v.split("-")[0] for v in evaluated(lora, "model")}
    qlora = extract_facets(read_pdf(corpus / "pdf" / "2305.14314.pdf").pages)
    assert "C4" in mentioned(qlora, "benchmark")


def test_a_preliminary_study_is_the_papers_own_experiment():
    # KIVI's "3.1. Preliminary Study of KV Cache Quantization", inside "3. Methodology"
    pages = [
        "FooKV: Quantizing Caches\nAbstract\nWe propose FooKV, a cache method.\n"
        "1\nIntroduction\nCaches are big.\n2\nBackground\nAttention caches keys.\n"
        "3\nMethodology\nWe describe the method here in detail.\n"
        "3.1\nPreliminary Study of KV Cache Quantization\n"
        "With per-token quantization INT4 keeps accuracy, and INT2 loses it: INT2 drops by\n"
        "ten points, while INT4 loses one.\nReferences\n"
    ]
    assert {"INT2", "INT4"} <= evaluated(extract_facets(pages), "precision")
    pages[0] = pages[0].replace("Preliminary Study of", "Preliminaries on")
    assert not {"INT2", "INT4"} & evaluated(extract_facets(pages), "precision")


def test_bibliography_never_counts():
    facets = extract_facets(
        paper(refs="[1] Frantar. GPTQ: accurate quantization. W3A16 on OPT-175B.")
    )
    found = {f.value for f in facets}
    assert not found & {"GPTQ", "W3A16", "OPT-175B"}


def test_appendix_before_the_references_counts():
    # lettered sections after the conclusion, without an "Appendix" heading (the Qwen3-4B
    # ternarization report): their settings are the paper's own
    pages = paper(
        conclusion="It works.\nB\nImplementation Checklist\n"
        "We also evaluate W2A16 on OPT-13B with Wiki2."
    )
    facets = extract_facets(pages)
    assert "W2A16" in evaluated(facets, "precision")
    # a lettered heading among the first sections (after "2 Related Work") is no appendix
    pages = paper(related="B\nImplementation Checklist\nThey evaluate W2A16 on OPT-13B.\n")
    assert "W2A16" not in evaluated(extract_facets(pages), "precision")
    # ... nor one after the experiments: the numbered section after it is read as before
    pages = paper(
        experiments="We test.\nB\nImplementation Details\nWe use it.\n4\nScaling Behaviour\n"
        "Other papers tried W2A16 on OPT-13B."
    )
    assert "W2A16" not in evaluated(extract_facets(pages), "precision")


@pytest.mark.parametrize(
    "after_conclusion",
    [
        # a line of prose that starts with "A" and a capital
        "A LoRA adapter could be merged into the\nweights, and W2A16 on OPT-13B may work.\n",
        # an entry of a table of contents, its page number below it
        "A Impact of Batch Normalization\n35\nW2A16 on OPT-13B.\n",
    ],
)
def test_what_after_a_conclusion_starts_no_appendix(after_conclusion):
    pages = paper(conclusion="It works.\n" + after_conclusion)
    assert "W2A16" not in evaluated(extract_facets(pages), "precision")


def test_lettered_subsections_of_a_paper_numbered_in_roman_are_no_appendix():
    pages = [
        "FooQuant: Quantizing Things Well\nAbstract\nWe propose FooQuant, a post-training "
        "method.\nI. INTRODUCTION\nWe study things.\nII. RELATED WORK\nOthers did things.\n"
        "III. PRELIMINARIES\nA. Uniform Quantization\nA uniform quantizer maps values.\n"
        "B. Hessian-based Methods\nGPTQ runs W3A16 on OPT-13B with Wiki2.\n",
        "IV. PROPOSED METHOD\nA. Overview\nOur method.\nV. EXPERIMENTS\nWe evaluate W4A16 on "
        "OPT-13B with Wiki2.\nVI. CONCLUSION\nDone.\nREFERENCES\n[1] Someone. A paper. 2020.\n",
    ]
    assert "W3A16" not in evaluated(extract_facets(pages), "precision")


def test_a_lettered_subsection_of_a_paper_numbered_in_roman_is_what_its_title_says():
    # Cambricon-D: "VII. METHODOLOGY", then "B. Benchmarks", the models and datasets run
    pages = [
        "FooQuant: Quantizing Things Well\nAbstract\nWe propose FooQuant, a post-training "
        "method.\nI. INTRODUCTION\nWe study things.\nII. DESIGN\nOur method.\n",
        "III. METHODOLOGY\nA. Hardware Configurations\nA simulator.\nB. Benchmarks\n"
        "Stable Diffusion v1.4 was tested on LSUN datasets [28].\nIV. EXPERIMENTAL RESULTS\n"
        "A. Performance\nIt is fast.\nV. CONCLUSION\nDone.\nREFERENCES\n[1] Someone. 2020.\n",
    ]
    facets = extract_facets(pages)
    assert "LSUN" in evaluated(facets, "benchmark")
    assert "Stable Diffusion v1.4" in evaluated(facets, "model")
    # a subsection with no known title is of its section's kind: the design's, a body
    design = pages[1].replace("B. Benchmarks", "B. Design Choices")
    facets = extract_facets([pages[0], design])
    assert "LSUN" in mentioned(facets, "benchmark")


def test_numbered_lines_of_an_algorithm_start_no_section_of_a_paper_numbered_in_roman():
    # BBS: its Algorithm 1's "4 Wtmp = Clip (W + constant)" and "8 Wtmp = GenSparseCol(...)"
    # were read as sections 4 and 8, after which "V. EVALUATION" could not begin
    listing = (
        "Algorithm 1\n4 Wtmp = Clip (W + constant)\n6 Wtmp = RemoveRedunCol(Wtmp)\n"
        "8 Wtmp = GenSparseCol(Wtmp)\n"
    )
    pages = [
        "FooQuant: Quantizing Things Well\nAbstract\nWe propose FooQuant, a post-training "
        "method.\nI. INTRODUCTION\nWe study things.\nII. RELATED WORK\nOthers did things.\n"
        f"III. PROPOSED METHOD\nA. Overview\nOur method.\n{listing}",
        "IV. HARDWARE\nA. The Unit\nIt multiplies.\nV. EVALUATION\nWe evaluate W4A16 on "
        "OPT-13B with Wiki2.\nVI. CONCLUSION\nDone.\nREFERENCES\n[1] Someone. A paper. 2020.\n",
    ]
    facets = extract_facets(pages)
    assert "W4A16" in evaluated(facets, "precision")
    assert "OPT-13B" in evaluated(facets, "model")
    # nor, in a paper numbered 1, 2, 3, does an assignment title a section
    arabic = [
        "FooQuant: Quantizing Things Well\nAbstract\nWe propose FooQuant, a post-training "
        f"method.\n1 Introduction\nWe study things.\n2 Related Work\nOthers did things.\n"
        f"3 Method\nOur method.\n{listing}",
        "4 Experiments\nWe evaluate W4A16 on OPT-13B with Wiki2.\n5 Conclusion\nDone.\n"
        "References\n[1] Someone. A paper. 2020.\n",
    ]
    assert "W4A16" in evaluated(extract_facets(arabic), "precision")
    # a line "I." taken for a section leaves the known titles of arabic sections theirs
    listed = [arabic[0].replace("method.\n", "method.\nI. Quantized Weights\n")]
    assert "W4A16" in evaluated(extract_facets([*listed, arabic[1]]), "precision")


def test_the_letter_after_an_appendix_before_the_references_continues_it():
    # "B" before the references, "C" after them
    pages = paper(conclusion="It works.\nB\nChecklist\nDone.", refs="[1] Someone. A paper. 2020.")
    pages.append("C\nAdditional Results\nWe also evaluate W2A16 on OPT-13B with Wiki2.\n")
    assert "W2A16" in evaluated(extract_facets(pages), "precision")


def test_appendix_after_references_counts():
    pages = paper(refs="[1] Someone. A paper. 2020.")
    pages.append("A\nAdditional Results\nWe also evaluate W2A16 on OPT-13B with Wiki2.\n")
    facets = extract_facets(pages)
    assert "W2A16" in evaluated(facets, "precision")
    assert "OPT-13B" in evaluated(facets, "model")


@pytest.mark.parametrize(
    "appendix",
    [
        # no "A Appendix" heading of its own: "A.1" after the references starts it (ParoQuant)
        "A.1 Core Algorithms\n",
        # the headings "A Notation", "B Algorithm" and "C Further experiments" lost their
        # letters or were not read: the first subsection of a later one starts it (SynQ)
        "NOTATION\nWe write W for weights.\nC.1 Proof of Theorem 1\nIt holds.\nC.2 Results\n",
    ],
)
def test_appendix_that_starts_with_its_first_subsection_counts(appendix):
    pages = paper(refs="[1] Someone. A paper. 2020.")
    pages.append(appendix + "We also evaluate W2A16 on OPT-13B with Wiki2.\n")
    assert "W2A16" in evaluated(extract_facets(pages), "precision")
    # a reference's page, such as "pp. 1-9", is no heading
    pages[-1] = "[2] Else. B.1 of the report, pp. 1-9. We evaluate W2A16 on OPT-13B.\n"
    assert "W2A16" not in evaluated(extract_facets(pages), "precision")
    # only a first subsection starts it: "C.3" in a reference list is a report's section
    pages[-1] = "C.3 Further results\nWe also evaluate W2A16 on OPT-13B with Wiki2.\n"
    assert "W2A16" not in evaluated(extract_facets(pages), "precision")


def test_caption_in_introduction_counts():
    intro = "Figure 1: Perplexity of OPT-66B on WikiText2 against RTN at 3 bits.\nMore text."
    facets = extract_facets(paper(intro=intro))
    assert "OPT-66B" in evaluated(facets, "model")
    assert "RTN" in evaluated(facets, "baseline")


def test_a_section_titled_with_a_format_is_a_section():
    # SageAttention3: "3 FP4 Attention for Inference Acceleration" after "2 Preliminary"
    text = (
        "FooAttention: Fast Attention\nAbstract\nWe propose FooAttention.\n1 Introduction\n"
        "Attention is slow.\n2 Preliminary\nQuantization maps values to a grid.\n"
        "3 FP4 Attention for Inference Acceleration\nWe choose NVFP4 because it is accurate.\n"
        "4 Experiments\nIt is fast.\nReferences\n"
    )
    assert "NVFP4" in evaluated(extract_facets([text]), "precision")
    # ... where the paper says it chooses it
    stated = text.replace("We choose NVFP4 because", "NVFP4 is chosen as")
    assert "NVFP4" not in evaluated(extract_facets([stated]), "precision")
    # a row's label is still no heading
    assert _heading("4 FP4 Attention for Inference", "") == ("4", "FP4 Attention for Inference")
    assert _heading("4 W4A16 (PTQ)", "") is None
    assert _heading("4 W4A4 RTN OmniQuant", "") is None


def test_a_caption_ends_with_its_short_last_line():
    # Quantix: "Figure 1. Performance comparison between FP16 baseline, 3-bit SqueezeLLM and
    # Quantix" / "for OPT-30B on A100", then background that names methods only in passing
    intro = (
        "Figure 1. Perplexity comparison between FP16 baseline, 3-bit RTN and our FooQuant\n"
        "for OPT-30B on A100\n"
        "The value mapping scheme in quantization can be uniform or non-uniform. Uniform\n"
        "quantization maps values to evenly spaced levels, as in FP6-LLM [39], AWQ [24]\n"
        "and SmoothQuant [40]. Other schemes adapt to the data distribution instead.\n"
    )
    facets = extract_facets(paper(intro=intro))
    assert {"OPT-30B"} <= evaluated(facets, "model") and "RTN" in evaluated(facets, "baseline")
    assert not {"AWQ", "SmoothQuant"} & evaluated(facets, "baseline")
    assert "FP6" not in evaluated(facets, "precision")


@pytest.mark.parametrize(
    ("sentence", "category", "value"),
    [
        ("We do not use LAMBADA due to a known bug.", "benchmark", "LAMBADA"),
        ("We did not try binary weights, which need a warm start.", "precision", "binary"),
        ("We exclude W8A8 quantization as it is nearly lossless at W8A8.", "precision", "W8A8"),
        ("We ex-\nclude W8A8 quantization here.", "precision", "W8A8"),
        ("Other data types (e.g., FP4 [13]), which we do not include.", "precision", "FP4"),
        ("LAMBADA is not used because of a bug.", "benchmark", "LAMBADA"),
        # the noun the value names, quoted or not, before the passive cue
        ("The ”E0M3” format is not included here.", "precision", "E0M3"),
        ("The W2A16 setting is not considered.", "precision", "W2A16"),
        ("We did not evaluate Pythia models since the code had a bug.", "model", "Pythia"),
        ("We cannot use LAMBADA here.", "benchmark", "LAMBADA"),
        ("We do not employ grouped quantization, to save space.", "granularity", "per-group"),
    ],
)
def test_negated_settings_are_only_mentioned(sentence, category, value):
    facets = extract_facets(paper(experiments=sentence))
    assert value in mentioned(facets, category)
    assert value not in evaluated(facets, category)


def test_negation_reaches_only_its_own_clause():
    facets = extract_facets(
        paper(
            experiments="We exclude W8A8 quantization as SmoothQuant is lossless there. "
            "We do not use any retraining and report W4A16 on OPT-13B."
        )
    )
    assert "SmoothQuant" in mentioned(facets, "baseline")  # one mention, no negation
    assert "W4A16" in evaluated(facets, "precision")
    assert "OPT-13B" in evaluated(facets, "model")
    assert "W8A8" in mentioned(facets, "precision")


def test_excluding_outliers_is_outlier_handling():
    text = "We exclude outliers from quantization. " * 4
    facets = extract_facets(paper(intro="We keep outliers in FP16.", experiments=text))
    assert "outlier handling" in evaluated(facets, "method") | mentioned(facets, "method")
    hits = [h for h in scan_text(text) if h.value == "outlier handling"]
    assert not negated_hits(text, [tuple(h) for h in hits])


def test_introduction_text_only_mentions():
    facets = extract_facets(paper(intro="Prior work such as SmoothQuant handles W8A8 well."))
    assert "SmoothQuant" in mentioned(facets, "baseline")


def test_table_cells_are_results():
    table = "\n".join(
        ["Method", "W3A16", "RTN", "25.73", "11.39", "14.95", "GPTQ", "8.06", "6.76", "7.12"]
    )
    facets = extract_facets(paper(intro=table))
    assert {"RTN", "GPTQ"} <= evaluated(facets, "baseline")
    assert "W3A16" in evaluated(facets, "precision")


def test_family_header_and_size_cells_make_models():
    table = "\n".join(["OPT / PPL", "125M", "1.3B", "13B", "FP16", "27.65", "14.62", "10.13"])
    facets = extract_facets(paper(experiments=table))
    assert {"OPT-125M", "OPT-1.3B", "OPT-13B"} <= evaluated(facets, "model")
    table = "\n".join(["LLaMA1&2 / PPL", "1-7B", "2-70B", "FP16", "5.68", "3.31"])
    facets = extract_facets(paper(experiments=table))
    assert {"LLaMA-7B", "LLaMA-2-70B"} <= evaluated(facets, "model")


def test_size_cells_with_a_zero_decimal_name_released_sizes():
    # PTNQ's model table: "OPT (Zhang et al., 2022) | 350.0M | 1.4 GB | Nvidia RTX 3070"
    rows = [
        ["OPT (Zhang et al., 2022)", "350.0M", "1.4 GB", "Nvidia RTX 3070"],
        ["TinyLLama (Zhang et al., 2024)", "1.1B", "4.40 GB", "Nvidia RTX 3090"],
        ["Llama3 et al. (2024)", "8.0B", "32.00 GB", "Nvidia A100"],
    ]
    table = "\n".join(["Model", "Parameters", "Memory", "GPU"] + [c for row in rows for c in row])
    models = evaluated(extract_facets(paper(experiments=table)), "model")
    assert {"OPT-350M", "TinyLlama-1.1B", "LLaMA-3-8B"} <= models
    assert not {"OPT-350.0M", "LLaMA-3-8.0B"} & models


def _caption_table(caption: str, cells: list[str]) -> str:
    return "\n".join([caption, *cells, "These results show that the method works on all of them."])


def test_a_caption_names_the_family_of_its_size_columns():
    # QuIP#'s tables: the family only in the caption, each column a version and size
    table = _caption_table(
        "Table 2. Llama 1 & 2 Wikitext2 and C4 perplexity, context length 2048.",
        ["BITS", "1-7", "1-13", "2-7", "2-70B", "16", "5.68", "5.09", "5.47", "3.32"],
    )
    facets = extract_facets(paper(experiments=table))
    assert {"LLaMA-7B", "LLaMA-13B", "LLaMA-2-7B", "LLaMA-2-70B"} <= evaluated(facets, "model")
    # "baselines with OPT." names the family at a sentence end
    table = _caption_table(
        "Table 6: Perplexity of SpQR and GPTQ baselines with OPT.",
        ["Size", "Method", "Wiki2", "30B", "4.10", "GPTQ", "4.48", "66B", "3.53", "GPTQ", "3.87"],
    )
    assert {"OPT-30B", "OPT-66B"} <= evaluated(extract_facets(paper(experiments=table)), "model")
    # a family whose name may go on ("BLOOMZ?"): the caption holds the shorter name (aespa)
    table = _caption_table(
        "Table 2: Performance (PPL) of aespa and existing methods on BLOOM\nmodels.",
        ["Method", "WikiText-2", "560M", "1.1B", "7.1B", "RTN", "27.4", "21.6", "13.5"],
    )
    models = evaluated(extract_facets(paper(experiments=table)), "model")
    assert {"BLOOM-560M", "BLOOM-1.1B", "BLOOM-7.1B"} <= models


@pytest.mark.parametrize(
    ("caption", "cells"),
    [
        # the family's name names a benchmark here
        ("Table 6: Zero-shot Vicuna benchmark scores as a percentage of ChatGPT's.", ["7B", "13B"]),
        # two families, or two versions of one: the sizes could be either's
        ("Table 3: Perplexity of OPT and LLaMA models.", ["13B", "30B"]),
        ("Table 3: Perplexity of LLaMA-2 and LLaMA-3 models.", ["7B", "13B", "8B", "70B"]),
        # a version and a size without a unit only for a family with versions ...
        ("Table 4: Perplexity of Falcon models.", ["1-7", "2-40", "1-180"]),
        # ... and only in columns of three sizes, or of two versions and two sizes: W/A
        # settings and layer ranges look the same
        ("Table 4: LLaMA-3-8B at these W/A settings.", ["2-8", "3-8", "4-8"]),
        ("Table 5: The layers of LLaMA we keep.", ["1-7", "1-13"]),
    ],
)
def test_a_caption_names_no_family_it_cannot_pin_down(caption, cells):
    table = _caption_table(caption, ["Model", *cells, "5.68", "5.09", "4.1", "3.3"])
    models = evaluated(extract_facets(paper(experiments=table)), "model")
    sized = {m for m in models if re.search(r"\d[BM]$", m)}
    assert sized <= {"LLaMA-3-8B"}, models  # only what the caption itself names


def test_a_caption_below_a_tall_table_names_its_size_columns():
    # ARB-LLM's Table 1: sizes as column heads, then a dozen methods' rows, one cell a line,
    # and only then the caption that names the family
    rows = [[method, "128", "3.00", *(f"{10 + k}.{j}" for k in range(6))] for j, method in
            enumerate(["RTN", "GPTQ", "PB-LLM", "BiLLM", "Ours"] * 2)]  # fmt: skip
    cells = ["Method", "Weight Bits", "1.3B", "2.7B", "6.7B", "13B", "30B", "66B"]
    table = "\n".join(
        ["We report the results below.", *cells, *(c for row in rows for c in row)]
        + ["Table 1: Perplexity of RTN, GPTQ, PB-LLM, BiLLM and ours on OPT family."]
    )
    assert len(table.splitlines()) > 90
    models = evaluated(extract_facets(paper(experiments=table)), "model")
    assert {"OPT-1.3B", "OPT-13B", "OPT-66B"} <= models


def test_stacked_tables_under_their_captions_keep_their_own_sizes():
    # each caption over its table: the LLaMA table's sizes are not the OPT caption's
    def table(caption: str, sizes: list[str], name: str) -> list[str]:
        rows = [x for k in range(20) for x in (f"{name}{k}", "5.1", "5.2", "5.3", "5.4")]
        return [caption, "Method", *sizes, *rows]

    cells = table(
        "Table 1: Perplexity of methods on LLaMA models.", ["7B", "13B", "30B", "65B"], "M"
    )
    cells += table("Table 2: Perplexity on the OPT family.", ["125M", "350M", "1.3B", "2.7B"], "N")
    text = "\n".join(["We report results below.", *cells, "These results show it works on all."])
    models = evaluated(extract_facets(paper(experiments=text)), "model")
    assert {"LLaMA-7B", "LLaMA-65B", "OPT-125M", "OPT-2.7B"} <= models
    assert not {"OPT-13B", "OPT-30B"} & models


def test_a_caption_that_runs_into_the_next_one_at_the_page_end():
    # the first caption's lines reach past the second's: no line is left above the second
    facets = extract_facets(["Table 3: OPT models\nTable 4: OPT models\n7B\n13B"])
    assert "OPT" in {f.value for f in facets}


def test_odd_pages_of_table_cells_never_fail():
    """Random pages of captions, sizes, pairs and table heads: extraction always returns."""
    import random

    cells = [
        "Table 2. Llama 1 & 2 perplexity.", "Table 3: OPT models", "Figure 1: LLaMA", "1-7",
        "2-13", "2-70B", "7B", "13B", "OPT", "LLaMA", "5.68", "W4A16", "#Bits", "W-A-KV",
        "4-4-4", "Avg bits", "Method", "GPTQ", "A.1 Results", "References", "Bits", "g128",
        "Qwen2.5-Instruct(7B/32B)", "Table", "1-", "-7", "LLaMA-2 and LLaMA-3", "", " ",
        "the quick brown fox jumps over the lazy dog again and again",
    ]  # fmt: skip
    rng = random.Random(1)
    for _ in range(400):
        pages = [
            "\n".join(rng.choice(cells) for _ in range(rng.randint(0, 40)))
            for _ in range(rng.randint(1, 3))
        ]
        assert isinstance(extract_facets(pages), list)


def test_a_caption_family_needs_two_size_cells():
    table = _caption_table("Table 2. Results on Llama 2.", ["Method", "7B", "5.47", "6.1"])
    assert "LLaMA-2-7B" not in evaluated(extract_facets(paper(experiments=table)), "model")


def test_bits_of_a_code_word_are_no_width():
    # QuIP#'s E8P code: "the first 8 bits ... the next 7 bits" count a code word's bits
    text = (
        "In this example, the first 8 bits of the codeword encode the entry in S, the next 7 "
        "bits encode the 7 right sign flips, and the last bit encodes the shift."
    )
    assert {"7-bit", "8-bit"} <= values(text, "precision")  # found, then
    facets = extract_facets(paper(experiments=text + "\n" + text))
    assert not {"7-bit", "8-bit"} & evaluated(facets, "precision")  # only mentioned


@pytest.mark.parametrize(
    ("text", "counts"),
    [
        ("the next 7 bits encode", True),
        ("The remaining 8 bits store signs", True),
        ("the first 4-bit LLM", False),  # a width, not a count
        ("weights to 4 bits", False),
    ],
)
def test_a_count_of_bits_follows_a_counting_word(text, counts):
    start = next(i for i, c in enumerate(text) if c.isdigit())
    assert _counts_bits(text, start) is counts


def test_own_method_is_no_baseline():
    pages = [
        "GPTQ: Accurate Post-Training Quantization\nAbstract\nWe propose GPTQ.\n",
        "3\nExperiments\nGPTQ beats RTN at 4-bit.\nTable 1: GPTQ and RTN.\n",
    ]
    facets = extract_facets(pages)
    assert evaluated(facets, "baseline") == {"RTN"}
    assert "GPTQ" not in {f.value for f in facets}


def test_a_cited_name_after_an_own_cue_is_another_papers_method():
    """AQLM: "an improved variant called QuIP# (Tseng et al., 2024) was introduced"."""
    pages = paper(
        intro="Concurrent to our work, an improved variant called QuIP# (Tseng et al., 2024) "
        "was introduced. We call our method FooQuant.",
        experiments="Table 1: Perplexity.\nQuIP#\n6.1\n5.9\nFooQuant\n5.8\n5.7\n5.6",
    )
    assert "QuIP#" in evaluated(extract_facets(pages), "baseline")
    named = paper(intro="We call it QuIP# [12].", experiments="Table 1: X.\nQuIP#\n1.0\n2.0\n3.0")
    assert "QuIP#" in evaluated(extract_facets(named), "baseline")
    own = paper(intro="We call it QuIP#.", experiments="Table 1: X.\nQuIP#\n1.0\n2.0\n3.0")
    assert "QuIP#" not in evaluated(extract_facets(own), "baseline")
    # a word after the name is no citation: "We propose the OmniQuant framework" is the paper's
    framed = paper(
        intro="We propose the OmniQuant framework for LLMs.",
        experiments="Table 1: X.\nGPTQ\n1.0\n2.0\nOmniQuant\n3.0\n4.0\n5.0",
    )
    assert evaluated(extract_facets(framed), "baseline") == {"GPTQ"}


def test_a_table_name_after_an_own_cue_is_the_papers_unless_cited():
    """Names only a table knows (`discovered`) follow the same rule as the vocabulary's."""
    table = "Table 1: X.\nGPTQ\n1.0\n2.0\nBarQuant\n3.0\n4.0\n5.0"
    cited = paper(intro="A variant called BarQuant (Lee et al., 2024) exists.", experiments=table)
    assert "BarQuant" in evaluated(extract_facets(cited + ["Lee. BarQuant. 2024."]), "baseline")
    own = paper(intro="We call our method BarQuant.", experiments=table)
    assert "BarQuant" not in evaluated(extract_facets(own + ["Lee. BarQuant. 2024."]), "baseline")


def test_the_proposed_name_is_the_papers_own_on_any_page():
    # FDA-BNN names its method only as "the proposed FDA-BNN", in its experiments
    table = "Table 1: X.\nGPTQ\n1.0\n2.0\nBarQuant\n3.0\n4.0\n5.0"
    said = "\nThe proposed BarQuant{} achieves 86.2%. The BarQuant method is fast."
    own = paper(experiments=table + said.format(""))
    assert "BarQuant" not in evaluated(extract_facets(own + ["Lee. BarQuant. 2024."]), "baseline")
    cited = paper(experiments=table + said.format(" [3]"))
    assert "BarQuant" in evaluated(extract_facets(cited + ["Lee. BarQuant. 2024."]), "baseline")
    # a name the vocabulary knows is a published method: there "the proposed" is another's
    known = paper(experiments=table + "\nThe proposed GPTQ solver is fast.")
    assert "GPTQ" in evaluated(extract_facets(known), "baseline")


def test_ours_marks_own_method():
    pages = paper(experiments="Table 2: Results.\nAWQ\n1.0\n2.0\nBarQuant (ours)\n3.0\n4.0\n5.0")
    pages[1] = pages[1].replace("BarQuant", "OmniQuant")
    facets = extract_facets(pages)
    assert "OmniQuant" not in values_of(facets, "baseline")
    assert "AWQ" in evaluated(facets, "baseline")


def test_method_family_is_the_papers_by_its_abstract_or_its_method_sections():
    pages = paper(experiments="Unlike QAT, QAT, QAT, QAT methods we need no training.")
    facets = extract_facets(pages)
    assert "QAT" in mentioned(facets, "method")  # named in the experiments only, in passing
    assert "PTQ" not in evaluated(facets, "method")  # one abstract hit, named nowhere else
    # the abstract and the introduction name it: the paper's approach (SoftWater names PTQ
    # there only)
    pages = paper(intro="Post-training quantization is cheap.", experiments="We run it.")
    assert "PTQ" in evaluated(extract_facets(pages), "method")
    pages[0] = pages[0].replace("a post-training method", "a method")
    assert "PTQ" not in evaluated(extract_facets(pages), "method")  # the introduction only


@pytest.mark.parametrize(
    "abstract",
    [
        # weighed against PTQ: naming QAT there does not make a QAT paper
        "QAT is too costly for LLMs, so we propose FooQuant, a post-training method.",
        # negated
        "We propose FooQuant. Quantization-aware training, which we do not use, is costly.",
    ],
)
def test_a_family_the_abstract_argues_against_is_not_the_papers(abstract):
    pages = paper(
        intro="QAT needs the training data.",
        related="QAT (Liu et al., 2023) trains with quantized weights.",
        experiments="We run FooQuant on LLaMA-7B.",
    )
    pages[0] = pages[0].replace("We propose FooQuant, a post-training method.", abstract)
    assert "QAT" not in evaluated(extract_facets(pages), "method")


def test_evidence_has_page_and_snippet():
    facets = extract_facets(paper(experiments="We evaluate W4A8 on Llama-2 7B."))
    facet = next(f for f in facets if f.value == "W4A8")
    assert facet.evidence[0].page == 2
    assert "W4A8" in facet.evidence[0].snippet
    assert len(facet.evidence[0].snippet) <= 110


def test_evidence_snippets_start_and_end_on_whole_words():
    # a window of SNIPPET_CHARS cut words in two ("ow-bit quantization", "ized error")
    before = "Unlike prior approaches for low-bit quantization we measure the quantized error. "
    after = " Further experiments on the remaining architectures followed accordingly afterwards."
    text = before + "We evaluate W4A8 on Llama-2 7B." + after
    facets = extract_facets(paper(experiments=text))
    (snippet,) = {e.snippet for f in facets if f.value == "W4A8" for e in f.evidence}
    words = text.split()
    assert snippet.split()[0] in words and snippet.split()[-1] in words
    assert len(snippet) <= SNIPPET_CHARS + 2 * WORD_REACH


def test_words_broken_at_line_ends_are_shown_whole():
    # TeX breaks words at line ends ("var-" / "ious"); the snippet shows them as printed
    # elsewhere in the paper: "various", "networks", but "post-training" with its hyphen
    elsewhere = "Post-training quantization of various networks. " * 2
    text = "We evaluate W4A8 on var-\nious net-\nworks and post-\ntraining baselines."
    facets = extract_facets(paper(experiments=elsewhere + "\n" + text))
    (snippet,) = {e.snippet for f in facets if f.value == "W4A8" for e in f.evidence}
    assert "W4A8 on various networks and post-training baselines." in snippet


@pytest.mark.parametrize(
    ("broken", "shown"),
    [
        ("var-\nious nets", "various nets"),  # TeX's hyphen: the paper prints "various"
        ("Arc-\nChallenge", "Arc-Challenge"),  # a compound of capitals
        ("we imple-\nTable 1. Results", "we imple-\nTable 1. Results"),  # a caption cut in
        ("a no-\ntable gain", "a no-\ntable gain"),  # two letters: "notable" or "no-table"
        ("a no-\nop kernel", "a no-op kernel"),  # ... unless the paper prints the compound
        ("Bloom-\n176B and 4-\nbit", "Bloom-176B and 4-bit"),  # a number's hyphen: the text's
        ("on Wiki-\nText2", "on WikiText2"),  # as the paper prints it, digits aside
    ],
)
def test_a_word_broken_at_a_line_end_is_joined_only_on_the_papers_evidence(broken, shown):
    from papers.hyphens import TextVocabulary

    words = TextVocabulary(["Various nets; a no-op. ARC in a table. WikiText2."], searches=100)
    assert _unbroken(broken, words) == shown


@pytest.mark.parametrize("side", ["end", "start"])
def test_a_snippet_cut_at_a_broken_word_takes_the_whole_word(side):
    # the window of SNIPPET_CHARS ends on "representa-" (or starts on "tion"): the word is
    # finished across the line break, as it is within a line ("ow-bit" in the test above)
    hit = "We evaluate W4A8 on Llama-2 7B."
    half = (SNIPPET_CHARS - len("W4A8")) // 2
    if side == "end":
        filler = "x " * ((half - len(" on Llama-2 7B.") - 3) // 2)
        text = f"Every representation. {hit} {filler}representa-\ntion of it."
    else:
        filler = " x" * ((half - len("We evaluate ") - 2) // 2)
        text = f"Every representation. Its representa-\ntion{filler} {hit}"
    (facet,) = [f for f in extract_facets([text]) if f.value == "W4A8"]
    (snippet,) = {e.snippet for e in facet.evidence}
    assert "representation" in snippet and "representa-" not in snippet
    assert " tion" not in snippet and not snippet.startswith("tion")


def test_a_baseline_run_in_a_table_shows_its_table_row_first():
    # GPTQ's experiments say AdaRound is "too slow" before its table runs it: the row, not the
    # sentence, is the evidence a reader checks first
    prose = (
        "More accurate methods, such as AdaRound or BRECQ, are currently too slow for "
        "billion-parameter models. We compare with AdaRound on small models. AdaRound is slow.\n"
    )
    table = "Table 1: Accuracy.\nMethod\n4bit\n3bit\nAdaRound\n69.34\n68.37\nOurs\n69.37\n67.88\n"
    facets = extract_facets(paper(experiments=prose + table))
    (facet,) = [f for f in facets if f.value == "AdaRound"]
    assert facet.evaluated
    assert "69.34" in facet.evidence[0].snippet
    assert "too slow" in facet.evidence[1].snippet and len(facet.evidence) == 3


def test_a_baseline_compared_in_prose_shows_the_sentence_of_its_result():
    # AWQ's SmoothQuant: three sentences of a paragraph that sets AWQ apart from it filled the
    # evidence, and "the default SmoothQuant achieves 11.55 WikiText-2 perplexity" was not shown
    prose = (
        "Differentiation with SmoothQuant. Our formula is related to SmoothQuant, which we "
        "compare with. Our method differs from SmoothQuant in its intuition. SmoothQuant also "
        "scales activations. In our experiments, the default SmoothQuant achieves 11.55 "
        "WikiText-2 perplexity, while ours achieves 6.24 on OPT-6.7B.\n"
    )
    facets = extract_facets(paper(experiments=prose))
    (facet,) = [f for f in facets if f.value == "SmoothQuant"]
    assert facet.evaluated
    assert "11.55" in facet.evidence[0].snippet
    assert "Differentiation" in facet.evidence[1].snippet


def test_a_word_too_long_to_finish_is_left_out_of_the_snippet():
    long_word = "x" * (SNIPPET_CHARS + WORD_REACH)
    text = f"{long_word} We evaluate W4A8 on Llama-2 7B with care. {long_word}"
    (facet,) = [f for f in extract_facets([text]) if f.value == "W4A8"]
    assert facet.evidence[0].snippet == "We evaluate W4A8 on Llama-2 7B with care."


def test_facet_json_shape():
    facets = extract_facets(paper(experiments="W4A16 on OPT-6.7B"))
    data = [f.to_dict() for f in facets]
    json.dumps(data)
    assert {"category", "value", "evaluated", "evidence"} <= set(data[0])
    assert all(d["category"] in CATEGORIES for d in data)


def test_empty_and_textless_pages():
    assert extract_facets([]) == []
    assert extract_facets(["", "\n\n"]) == []


# ---------------------------------------------------------------- vocabulary mechanics


def test_vocabulary_is_data_and_extensible():
    vocab = compile_vocabulary(
        {"baseline": [{"value": "FooQuant", "patterns": ["Foo-?Quant"]}], "settings": {}}
    )
    hits = scan_text("we compare with Foo-Quant and FooQuant", vocab)
    assert [h.value for h in hits] == ["FooQuant", "FooQuant"]


def test_packaged_vocabulary_loads_every_category():
    vocab = load_vocabulary()
    categories = {
        p.category for matchers in vocab.by_trigger.values() for m in matchers for p in m.patterns
    }
    assert categories | {p.category for p in vocab.loose} == set(CATEGORIES)


def test_earliest_pattern_in_file_order_wins_at_a_place():
    vocab = compile_vocabulary(
        {
            "baseline": [
                {"value": "Foo-{v}", "patterns": ["Foo-(?P<v>[A-Z])"]},
                {"value": "Foo", "patterns": ["Foo"], "right": ""},
            ],
            "model": [{"value": "Foo model", "patterns": ["Foo"], "right": ""}],
        }
    )
    hits = scan_text("we run Foo-X and Foo", vocab)
    assert [(h.category, h.value) for h in hits] == [
        ("baseline", "Foo-X"),
        ("model", "Foo model"),
        ("baseline", "Foo"),
        ("model", "Foo model"),
    ]


def test_numbers_inside_a_loose_match_are_scanned_too():
    # the filter after "12" reaches "4-bit" (", 4-bit" may continue a list), so only the digits
    # of "12" are consumed and the "4" is tried too
    assert values("sizes 12, 4-bit weights", "precision") == {"4-bit", "W4"}
    assert values("2.5 bits per parameter", "precision") == {"2.5 bits/param"}
    # the decimals of a number start nothing: no "1-bit" in "32.1 bits", no "5-bit" in a list
    assert values("a cost of 32.03 to 32.1 bits per weight", "precision") == set()
    assert values("quantized to 2.5, 3 and 4 bits", "precision") == {"3-bit", "4-bit"}


def test_loose_patterns_with_their_own_boundary_get_their_own_pass():
    data = {
        "precision": [
            {"value": "{n}x", "patterns": ["(?P<n>\\d)x"], "left": "(?<![0-9])"},
            {"value": "INT{n}", "patterns": ["INT(?P<n>\\d)"]},
        ]
    }
    vocab = compile_vocabulary(data)
    assert vocab.loose_regex is not None  # not merged into the trigger
    hits = scan_text("a4x speed-up with INT4 and 8x", vocab)
    assert [h.value for h in hits] == ["4x", "INT4", "8x"]
    assert [h.start for h in hits] == [1, 18, 27]


def test_loose_pattern_with_digit_alternatives_is_still_found():
    data = {"precision": [{"value": "{n}", "patterns": ["(?P<n>\\d{1,2}(?:-bit|\\dx))"]}]}
    vocab = compile_vocabulary(data)
    assert [h.value for h in scan_text("use 4-bit or 12x here", vocab)] == ["4-bit", "12x"]


def test_after_digits_refuses_what_may_start_with_a_digit():
    assert _after_digits(r"(?:(?:\d{1,2})W(?:\d{1,2})A)") == r"(?:(?:)W(?:\d{1,2})A)"
    assert _after_digits(r"(?:\d{1,3}\s+group)") == r"(?:\s+group)"
    assert _after_digits(r"(?:\d-bit|\d bits)") is None
    assert _after_digits(r"(?:(?:\d{1,2})(?:-bit|\dx))") is None
    assert _after_digits(r"(?:\d\d)") is None


def test_literal_prefixes_branch_small_classes():
    assert literal_prefixes("per[- ]?tensor") == [
        ("p", "e", "r", "-", "t", "e", "n", "s", "o", "r"),
        ("p", "e", "r", " ", "t", "e", "n", "s", "o", "r"),
        ("p", "e", "r", "t", "e", "n", "s", "o", "r"),
    ]
    assert literal_prefixes("Q?[LR]") == [("q", "l"), ("q", "r"), ("l",), ("r",)]
    assert literal_prefixes("?x") == []
    assert literal_prefixes("a|b") == []


def test_literal_prefixes_branch_an_optional_character():
    # "SE-?ResNet" stopped at "se": every "second", "set" and "sequence" tried it
    assert literal_prefixes("SE-?ResNet") == [tuple("se-resnet"), tuple("seresnet")]
    assert literal_prefixes(r"LLM\.?int8") == [tuple("llm.int8"), tuple("llmint8")]
    assert literal_prefixes("ab*c") == [("a",)]  # a repeat still ends the prefix


def test_literal_prefixes_read_a_class_range_as_its_characters():
    # "[2-8]" was three characters, "2", "-" and "8": "x5y" never started a match of "x[2-8]y"
    assert literal_prefixes("x[2-8]y") == [("x", str(n), "y") for n in range(2, 9)]
    assert literal_prefixes("FP(?P<n>[2-8])") == [("f", "p", str(n)) for n in range(2, 9)]
    assert literal_prefixes("x[a-z]y") == [("x",)]  # too many to branch


def test_literal_prefixes_end_at_a_repeated_class():
    # "FP[48]*" also matches "FP": the class was taken as certain (the review's finding)
    assert literal_prefixes("FP(?P<n>[48])*") == [("f", "p", "4"), ("f", "p", "8"), ("f", "p")]
    assert literal_prefixes("FP[48]{0,2}x") == [("f", "p", "4"), ("f", "p", "8"), ("f", "p")]
    assert literal_prefixes("FP[48]+x") == [("f", "p", "4"), ("f", "p", "8")]


def test_a_word_that_ends_covers_the_longer_names_it_starts():
    # "gpqa" and its end fires before "-diamond": the key must try GPQA-Diamond's pattern too
    vocab = compile_vocabulary(
        {
            "benchmark": [
                {"value": "GPQA-Diamond", "patterns": ["GPQA[- ]Diamond"]},
                {"value": "GPQA", "patterns": ["GPQA"]},
            ]
        }
    )
    assert sorted(vocab.by_trigger) == ["gpqa"]
    text = "GPQA-Diamond, GPQA Diamond and GPQA."
    assert [h.value for h in scan_text(text, vocab)] == ["GPQA-Diamond"] * 2 + ["GPQA"]


def test_literal_prefixes_end_where_no_letter_may_follow():
    # "OPTQ" then the word's end: "optimization" need not try the patterns of "opt"
    assert literal_prefixes("OPT(?![A-Za-z0-9])") == [("o", "p", "t", WORD_END)]
    assert literal_prefixes(r"OPT(?!\w)") == [("o", "p", "t", WORD_END)]
    assert literal_prefixes("OPT(?![A-Z])") == [("o", "p", "t")]  # lower case may follow
    assert _trim_prefix(("o", "p", "t", WORD_END)) == ("o", "p", "t", WORD_END)
    assert _trim_prefix(("o", "s", "+", WORD_END)) == ("o", "s")
    vocab = compile_vocabulary(
        {
            "baseline": [
                {"value": "OPTQ", "patterns": ["OPTQ"]},
                {"value": "OS+", "patterns": ["OS\\+"]},
            ]
        }
    )
    assert vocab.trigger.search("\noptq.") and not vocab.trigger.search("\noptqs")
    assert [h.value for h in scan_text("OPTQ, OPTQs, OS+x and OS+ here", vocab)] == ["OPTQ", "OS+"]


def test_literal_prefixes_branch_groups_of_words():
    # "per[- ]?(?:kernel|filter)" used to stop at the group: every "perplexity" tried it
    assert literal_prefixes("per[- ]?(?:kernel|filter)(?=x)") == [
        tuple(f"per{sep}{word}") for sep in ("-", " ", "") for word in ("kernel", "filter")
    ]
    assert literal_prefixes("x(?:ab|cd)?y") == [
        ("x", "a", "b", "y"),
        ("x", "c", "d", "y"),
        ("x", "y"),
    ]
    assert literal_prefixes("x(?:ab|cd)+y") == [("x",)]  # a repeated group ends the prefix


def test_literal_prefixes_stop_before_an_optional_digit():
    # "ChatGLM\\d?" took a digit as certain: "ChatGLM-6B" and "ChatGLM" were never tried
    assert literal_prefixes(r"ChatGLM\d?(?:[- ]\d{1,2}B)?") == [tuple("chatglm")]
    assert literal_prefixes(r"ab(?P<n>\d)?x") == [("a", "b")]
    assert literal_prefixes(r"ab\d{0,2}") == [("a", "b")]
    assert literal_prefixes(r"INT(?P<n>\d{1,2})") == [("i", "n", "t", "\\d")]
    assert values("InternLM-7B and ChatGLM-6B", "model") == {"InternLM", "ChatGLM"}


@pytest.mark.parametrize(
    ("text", "category", "expected"),
    [
        # sizes as released ("7B1") are the sizes written with a point; BLOOMZ is BLOOM
        ("BLOOM-7B1, BLOOMZ-1B7 and BLOOMZ", "model", {"BLOOM", "BLOOM-7.1B", "BLOOM-1.7B"}),
        ("Swin-T and SwinV2-B", "model", {"Swin", "Swin-T", "SwinV2"}),
        ("Mixtral-8x22B and Mixtral", "model", {"Mixtral", "Mixtral-8x22B"}),
        ("Yi-34B and StarCoder2-15B", "model", {"Yi", "Yi-34B", "StarCoder", "StarCoder2-15B"}),
        ("MXFP4, MXINT8 and NVFP4", "precision", {"MXFP4", "MXINT8", "NVFP4", "4-bit", "8-bit"}),
        # hyphenated, and the narrower casts a paper runs (Amove's "MX-FP3" rows): no FP3
        (
            "MX-FP4, MX-FP3 and MX-INT8",
            "precision",
            {"MXFP4", "MXFP3", "MXINT8", "4-bit", "3-bit", "8-bit"},
        ),
        # the shared-microexponent formats, not a laptop GPU
        ("MX4, MX6 and MX9", "precision", {"MX4", "MX6", "MX9", "4-bit", "6-bit", "9-bit"}),
        ("a GeForce MX450 and MX8.", "precision", {"MX8", "8-bit"}),
        ("W4-g128 and w3g64", "precision", {"4-bit", "3-bit"}),
        ("W4-g128 and w3g64", "granularity", {"g128", "g64", "per-group"}),
        ("LLM-FP4 and SmoothQuant+", "baseline", {"LLM-FP4", "SmoothQuant+"}),
        # "SmoothQuant+GPTQ" (a table's combination) is SmoothQuant with GPTQ
        ("SmoothQuant+GPTQ and SmoothQuant + AWQ", "baseline", {"SmoothQuant", "GPTQ", "AWQ"}),
        ("a low-rank approximation (LRA) of the weights", "benchmark", set()),
        ("a training-free low-bit weight quantization method", "method", {"PTQ"}),
        # checkpoint names, and names that hold another family's name
        (
            "facebook/opt-6.7b and bigscience/bloom-7b1",
            "model",
            {"OPT", "OPT-6.7B", "BLOOM", "BLOOM-7.1B"},
        ),
        ("the opt-in rate", "model", set()),
        ("Table 5 [https://arxiv.org/html/2501.12956v2#S4.T5]", "model", set()),  # a link's table
        ("meta-llama/Llama-2-7b-hf", "model", {"LLaMA-2", "LLaMA-2-7B"}),
        (
            "DeepSeek-R1-Distill-Qwen-7B",  # a model of its own, no Qwen-7B
            "model",
            {"DeepSeek-R1-Distill-Qwen", "DeepSeek-R1-Distill-Qwen-7B"},
        ),
        (
            "We apply learned rotations, as SpinQuant does; we rotate the activations",
            "method",
            {"rotation"},
        ),
        ("the rotated image", "method", set()),
        # vision transformers by scale and patch size, with their family
        (
            "ViT-B/16, DeiT-S and DeiT-Tiny",
            "model",
            {"ViT", "ViT-B/16", "DeiT", "DeiT-S", "DeiT-T"},
        ),
        ("Swin-T, Swin-Base and SwinV2", "model", {"Swin", "Swin-T", "Swin-B", "SwinV2"}),
        ("HQQ is a calibration-free method", "method", {"data-free"}),
        (
            "We consider 4-/8-bit and 2-/3-/4-bit weight quantization",
            "precision",
            {"2-bit", "3-bit", "4-bit", "8-bit"},
        ),
        ("We quantize the KV cache to 2 bits.", "precision", {"KV2", "2-bit"}),
        (
            "VPTQ, LoRC, Q-Diffusion, PTQ4DM and PTQD",
            "baseline",
            {"VPTQ", "LoRC", "Q-Diffusion", "PTQ4DM", "PTQD"},
        ),
        ("a training-free pruning method", "method", set()),
        (
            "DART, ListOps and Path-X of the Long Range  Arena (LRA), the Long-Range Arena",
            "benchmark",
            {"DART", "ListOps", "Path-X", "Long Range Arena"},
        ),
        ("LLM-FP4 and SmoothQuant+", "precision", set()),  # a method's name, not a format
        (
            "FlatQuant, OSTQuant, QUIK, AutoRound, SliM-LLM, DB-LLM, PD-Quant and NWQ",
            "baseline",
            {"FlatQuant", "OSTQuant", "QUIK", "AutoRound", "SliM-LLM", "DB-LLM", "PD-Quant", "NWQ"},
        ),
        # spellings of the 2023-2025 LLM papers (a probe of 80 snippets written from them)
        ("on 4-bit weight-activation quantization setups", "precision", {"W4A4", "4-bit"}),
        (
            "with 4-bit quantization of weight, activation, and KV-cache",
            "precision",
            {"W4A4KV4", "W4A4", "4-bit"},
        ),
        ("QuIK and QUIK, then ATOM-4bit and ZQ-Global", "baseline", {"QUIK", "Atom", "ZeroQuant"}),
        (
            "Wiki C4 HellaS. WinoG. CoQA",
            "benchmark",
            {"WikiText-2", "C4", "HellaSwag", "WinoGrande", "CoQA"},
        ),
        ("Wiki-103 and Wikipedia", "benchmark", {"WikiText-103"}),
        # a section's number is no dataset; image compression's test sets are (HAMP-LIC)
        ("see the BOPS analysis in Section IV-C4", "benchmark", set()),
        (
            "on the Kodak and Tecnick datasets, and 12 images of CLIC 2020",
            "benchmark",
            {"Kodak", "Tecnick", "CLIC"},
        ),
        ("Wiki-Bio, Wiki QA and English Wiki articles", "benchmark", set()),
        ("the Faster\nTransformer library", "baseline", {"FasterTransformer"}),
        ("thirty-two bits per weight", "precision", set()),
        (
            "2-bit (KIVI-2) and 4-bit (KIVI-4) KV cache quantization",
            "precision",
            {"KV2", "KV4", "2-bit", "4-bit"},
        ),
        (
            "LongChat-7B, GLM-130B and MT-NLG 530B",
            "model",
            {"LongChat", "LongChat-7B", "GLM", "GLM-130B", "MT-NLG", "MT-NLG-530B"},
        ),
        (
            "LLaMA models of sizes 7B, 13B, and 30B",
            "model",
            {"LLaMA", "LLaMA-7B", "LLaMA-13B", "LLaMA-30B"},
        ),
        (
            "Llama-2-7B, -13B and -70B",
            "model",
            {"LLaMA-2", "LLaMA-2-7B", "LLaMA-2-13B", "LLaMA-2-70B"},
        ),
        # spellings of a second probe: 100 passages of papers and their code's READMEs
        ("Results on Yi 34B.", "model", {"Yi", "Yi-34B"}),
        ("Zero-shot accuracy, Llama 2.", "model", {"LLaMA-2"}),
        (
            "METHOD\nBITS\nARCC\nARCE\nWINO\nOMNIQ\n4\nQUIP\n4\nQUIP#\n4",
            "baseline",
            {"OmniQuant", "QuIP", "QuIP#"},
        ),
        (
            "accuracy on Arc-c/e (Clark et al., 2018), Openbook QA and MMMU",
            "benchmark",
            {"ARC", "ARC-Easy", "ARC-Challenge", "OpenBookQA", "MMMU"},
        ),
        (
            "HellaSwag and Arc (Easy and Challenge)",
            "benchmark",
            {"HellaSwag", "ARC", "ARC-Easy", "ARC-Challenge"},
        ),
        (
            "--tasks arc_challenge,arc_easy,hendrycksTest and SAM-Sum",
            "benchmark",
            {"ARC", "ARC-Easy", "ARC-Challenge", "MMLU", "SAMSum"},
        ),
        (
            "compared with SparseGPT, FlexGen and TensorRT-LLM",
            "baseline",
            {"SparseGPT", "FlexGen", "TensorRT-LLM"},
        ),
        ("which finetunes R1 through quantization-aware-training", "method", {"QAT"}),
        ("NF4 and its 2-bit variant NF2", "precision", {"NF4", "NF2", "4-bit", "2-bit"}),
        ("an average of 1.09 bit-width weights", "precision", {"1.09 bits/param"}),
        (
            "for 4-bit weight 4-bit activation and 4-bit kv-cache on Llama-2-7b",
            "precision",
            {"W4A4KV4", "4-bit"},
        ),
        (
            "quantizing weight, activations and kv cache to 4-bit, 8-bit and 4-bit, respectively",
            "precision",
            {"W4A8KV4", "4-bit", "8-bit"},
        ),
        ("the group size G in Algorithm 1 is set as 32", "granularity", set()),
        ("the group size G is set as 32 in all runs", "granularity", {"per-group", "g32"}),
        ("the group size is fixed at 64.", "granularity", {"per-group", "g64"}),
        (
            "The quantization group size G is set to the Hugging Face default value of 64.",
            "granularity",
            {"per-group", "g64"},
        ),
        # the size right after "is" (an appendix of settings per baseline)
        (
            "The quantization group size is 64 for 3-bit models and 128 for 4-bit models.",
            "granularity",
            {"per-group", "g64", "g128"},
        ),
        ("the group size is 1 here, the group size is 2x larger", "granularity", set()),
        (
            "the group size is 0.3 perplexity, the group size is 2.1% lower, the group size is 4 "
            "times larger",
            "granularity",
            set(),
        ),
        # spellings of four whole unseen papers (SqueezeLLM, FOEM, OBR, MicroMix)
        (
            "Qwen2.5-Instruct(7B/32B), Qwen2.5-Coder-14B and Qwen2.5-Math-7B-Instruct",
            "model",
            {
                *("Qwen2.5", "Qwen2.5-7B", "Qwen2.5-32B", "Qwen2.5-Coder-14B"),
                "Qwen2.5-Math-7B-Instruct",
            },
        ),
        # vision-language series of their own
        (
            "LLaVA-OV-7B and Qwen2.5-VL-7B",
            "model",
            {"LLaVA-OneVision", "LLaVA-OneVision-7B", "Qwen2.5-VL", "Qwen2.5-VL-7B"},
        ),
        ("Omni-LUT-KV3 W4KV3A16 32x4", "precision", {"W4A16KV3", "4-bit", "3-bit", "KV3"}),
        # mixed-precision weights at an average width (MixLLM, SliderQuant)
        ("(i.e., W4.4A8) and W3.45A16", "precision", {"W4.4A8", "8-bit", "W3.45A16"}),
        ("a mix-precision scheme", "method", {"mixed precision"}),
        (
            "Aircraft [27], Food101 [2], Flowers102 [28], Pets [30], and Cars [17]",
            "benchmark",
            {"Aircraft", "Food-101", "Flowers-102", "Pets", "Cars"},
        ),
        (
            "VideoDC, VideoChat-GPT, MovieChat, TempCompass",
            "benchmark",
            {"VideoDC", "VideoChat-GPT", "MovieChat", "TempCompass"},
        ),
        ("against FIGLUT and Tender [21] and DFRot", "baseline", {"FIGLUT", "Tender", "DFRot"}),
        ("MMBench, MM-Vet and MME", "benchmark", {"MMBench", "MM-Vet", "MME"}),
        # detection and vision-language models, and their benchmarks (the eighth unseen set)
        ("Yolov5, YOLOv5s and YOLOv11s", "model", {"YOLOv5", "YOLOv5s", "YOLOv11", "YOLOv11s"}),
        # set 88's EFQ-Softmax: the video model in capitals, and the grounding benchmarks
        ("WAN2.2-TI2V-5B [21]", "model", {"Wan2.2", "Wan2.2-5B"}),
        (
            "RefCOCO [23] and RefCOCO+ [9], RefCOCOg",
            "benchmark",
            {"RefCOCO", "RefCOCO+", "RefCOCOg"},
        ),
        # set 88's KANELÉ: MLPerf Tiny and a control task
        (
            "ToyADMOS and Visual Wake Words, and HalfCheetah-v5",
            "benchmark",
            {"ToyADMOS", "Visual Wake Words", "HalfCheetah"},
        ),
        # evaluation sets the labels name that the vocabulary lacked
        (
            "SimpleQA, StrategyQA, AQuA-RAT, EvalPlus, FLORES-200, IWSLT'14 and LM1B",
            "benchmark",
            {"SimpleQA", "StrategyQA", "AQuA", "EvalPlus", "FLORES-200", "IWSLT", "LM1B"},
        ),
        (
            "TGIF-QA, ActivityNet, Fashion-MNIST, ObjectNet, LibriTTS, REDS4, WorldSense, "
            "MileBench, InfiniBench and the Winograd Schema Challenge",
            "benchmark",
            {
                *("TGIF-QA", "ActivityNet", "Fashion-MNIST", "ObjectNet", "LibriTTS", "REDS4"),
                *("WorldSense", "MileBench", "InfiniBench", "WSC"),
            },
        ),
        # "Winograd" alone only as a cell; a harness and a title are no evaluation
        ("Method\nWinograd\nHellaSwag", "benchmark", {"Winograd", "HellaSwag"}),
        ("a Winograd convolution kernel", "benchmark", set()),
        ("using the EvalPlus library", "benchmark", set()),
        ("Winogrande: An Adversarial Winograd Schema Challenge", "benchmark", {"WinoGrande"}),
        # models the labels name that the vocabulary lacked, or named without their scale
        (
            "EfficientNet-B0, EfficientNet-Lite0, EfficientDet-D0 and MobileViT-XXS",
            "model",
            {
                *("EfficientNet", "EfficientNet-B0", "EfficientNet-Lite0", "EfficientDet"),
                *("EfficientDet-D0", "MobileViT", "MobileViT-XXS"),
            },
        ),
        (
            "Falcon-E-3B-Instruct, a U-Net, GNMT and Transformer-XL Base",
            "model",
            {
                *("Falcon-E", "Falcon-E-3B-Instruct", "Falcon-E-3B", "U-Net", "GNMT"),
                *("Transformer-XL", "Transformer-XL-Base"),
            },
        ),
        ("we employ MK-UNet [20]", "model", set()),
        # set 90's models and benchmarks (after its first measurement)
        (
            "SqueezeNet 1.1 and PP-YOLOE+ Small",
            "model",
            {"SqueezeNet", "SqueezeNet-1.1"} | {"PP-YOLOE+", "PP-YOLOE+-S"},
        ),
        ("GPT-2-medium and GPT2 small", "model", {"GPT-2", "GPT-2-Medium", "GPT-2-Small"}),
        ("BraTS 2021 and ISIC 2020", "benchmark", {"BraTS", "BraTS 2021", "ISIC", "ISIC 2020"}),
        # the single-shot detector where the words say so, not the drive
        ("SSD (single shot multibox detection) [24] and the SSD framework", "model", {"SSD"}),
        ("the MultiBox Detector (SSD) framework", "model", {"SSD"}),
        ("weights offloaded to SSD storage", "model", set()),
        # the evaluation sets of other domains: graphs, robots, click-through, EEG, ECG, time
        # series, pose
        (
            "Cora and CiteSeer; OGB-LSC; SimplerEnv; Avazu; BCI Comp. IV-2a; "
            "Physionet EEG MM/MI; CHB-MIT; MIT-BIH; ETTh1 and ETTm2; Human3.6M",
            "benchmark",
            {
                *("Cora", "CiteSeer", "OGB-LSC", "SimplerEnv", "Avazu"),
                *("BCI Competition IV-2a", "PhysioNet EEG MM/MI", "CHB-MIT", "MIT-BIH"),
                *("ETTh1", "ETTm2", "Human3.6M"),
            },
        ),
        # LeNet by itself and as the family of its variants; MLPerf Tiny's ResNet-8
        ("LeNet-5 and LeNet on MNIST", "model", {"LeNet", "LeNet-5"}),
        ("ResNet-8 on CIFAR-10", "model", {"ResNet-8"}),
        ("a ResNet 8-bit model", "model", set()),
        # a count before "at group sizes" is no group size (set 92's PII report)
        (
            "the count is 4 at group size 32 and 0 at group sizes 64 and 128",
            "granularity",
            {"g32", "per-group", "g64", "g128"},
        ),
        # training in the low precision itself is quantization-aware (set 92's NVFP4 report)
        ("a 4-bit training methodology; NVFP4 training; FP8 pre-training", "method", {"QAT"}),
        # set 93's edge-accelerator paper: posits, and DistilBERT misspelt with its size
        ("Posit8 and posit(8, 2)", "precision", {"Posit8", "8-bit"}),
        ("DistillBERTbase and DistilBERT", "model", {"DistilBERT"}),
        ("a positive result", "precision", set()),
        # set 94's time-series and Korean models, and their benchmarks
        (
            "Chronos-2, Chronos-Bolt-Small, TimesFM-2.5, EXAONE-3.5-7.8B, SOLAR-10.7B-Instruct "
            "and EEVE-Korean-10.8B",
            "model",
            {
                *("Chronos-2", "Chronos-Bolt", "Chronos-Bolt-Small", "TimesFM", "TimesFM-2.5"),
                *("EXAONE-3.5", "EXAONE-3.5-7.8B", "SOLAR", "SOLAR-10.7B-Instruct"),
                *("EEVE-Korean", "EEVE-Korean-10.8B"),
            },
        ),
        ("KoBEST and KMMLU", "benchmark", {"KoBEST", "KMMLU"}),
        ("against DuoAttention", "baseline", {"DuoAttention"}),
        # set 87's LUT-KAN
        ("quantizing the splines of KANs", "model", {"KAN"}),
        # a task's model is a model of its own (set 87's UAV segmentation paper)
        (
            "YOLOv11n-seg, YOLOv8-pose and YOLO11s-cls",
            "model",
            {"YOLOv11", "YOLOv11n-seg", "YOLOv8", "YOLOv8-pose", "YOLO11", "YOLO11s-cls"},
        ),
        ("RT-DETR-R18", "model", {"RT-DETR", "RT-DETR-R18"}),
        (
            "LLaVA-v1.5 7B, LLaVA-1.5-13B, LLaVA-Next-7B and SmolVLM-2B",
            "model",
            {
                *("LLaVA-v1.5", "LLaVA-v1.5-7B", "LLaVA-v1.5-13B", "LLaVA-NeXT"),
                *("LLaVA-NeXT-7B", "SmolVLM", "SmolVLM-2B"),
            },
        ),
        (
            "HRBench-4K, ScienceQA, MME, POPE and BLiMP",
            "benchmark",
            {"HRBench", "HRBench-4K", "ScienceQA", "MME", "POPE", "BLiMP"},
        ),
        # a chat or instruct model is a model of its own, not a run of its base model (at a
        # sentence's end too, and by its Hugging Face name)
        ("We evaluate Llama-2-7B-Chat.", "model", {"LLaMA-2", "LLaMA-2-7B-Chat"}),
        # trained for a longer context (KVQuant)
        ("the LLaMA-2-7B-32K model", "model", {"LLaMA-2", "LLaMA-2-7B-32K"}),
        # BitNet trained at a size is a model (T-MAC, the ternary adapters)
        ("BitNet-b1.58-3B and BitNet b1.58 2B4T", "model", {"BitNet", "BitNet-3B", "BitNet-2B-4T"}),
        ("BitNet b1.58 is trained from scratch", "model", set()),
        ("We evaluate BitNet b1.58 3B. Then", "model", {"BitNet", "BitNet-3B"}),
        # a variant before "model" (not "chat mode")
        ("the Llama-2-7B-Chat model", "model", {"LLaMA-2", "LLaMA-2-7B-Chat"}),
        ("llama-2-7b-chat-hf", "model", {"LLaMA-2", "LLaMA-2-7B-Chat"}),
        (
            "Qwen3-4B-Thinking-2507 and Qwen3-30B-A3B-Instruct-2507",
            "model",
            {
                *("Qwen3", "Qwen3-4B-Thinking-2507"),
                "Qwen3-30B-A3B-Instruct-2507",
            },
        ),
        ("OSCAR (Zhou et al., 2026) and Oscar", "baseline", {"OSCAR"}),
        # mixtures of experts (the tenth unseen set), with the active parameters when no total
        # size is given (EAC-MoE), or the size first ("Deepseek-16b-moe-base")
        (
            "DeepSeekMoE-16B, Qwen-MoE-14B-Chat and Qwen1.5-MoE-A2.7B",
            "model",
            {
                *("DeepSeek-MoE", "DeepSeek-MoE-16B", "Qwen-MoE"),
                *("Qwen-MoE-14B-Chat", "Qwen1.5-MoE", "Qwen1.5-MoE-A2.7B"),
            },
        ),
        (
            "Qwen-MoE-A2.7B-14B, Deepseek-16b-moe-base and Qwen1.5- MoE-A2.7B",
            "model",
            {
                *("Qwen-MoE", "Qwen-MoE-14B", "DeepSeek-MoE", "DeepSeek-MoE-16B"),
                *("Qwen1.5-MoE", "Qwen1.5-MoE-A2.7B"),
            },
        ),
        ("needle tests and MRCR", "benchmark", {"MRCR"}),
        (
            "Llama-2-7B-Chat, Mistral-7B-Instruct-v0.2 and LLaMA-3-8B",
            "model",
            {
                *("LLaMA-2", "LLaMA-2-7B-Chat", "Mistral"),
                *("Mistral-7B-Instruct-v0.2", "LLaMA-3", "LLaMA-3-8B"),
            },
        ),
        ("Phi-1.5B and Mamba-1.4B", "model", {"Phi", "Phi-1.5", "Mamba", "Mamba-1.4B"}),
        (
            "Human-Eval, Human-Eval+, MBPP+, MATH, CMATH and MMLU-STEM",
            "benchmark",
            {"HumanEval", "HumanEval+", "MBPP+", "MATH", "CMATH", "MMLU-STEM"},
        ),
        (
            "WANDA, TensorRT FP8, TensorRT-LLM and AMXFP4",
            "baseline",
            {"Wanda", "TensorRT", "TensorRT-LLM", "AMXFP4"},
        ),
        ("AMXFP4 against MXFP4", "precision", {"MXFP4", "4-bit"}),
        # three more whole papers (RSAVQ, SoftWater, ResidualQuant)
        (
            "zero-shot tasks, including WinoGrand[37], HellaSwag",
            "benchmark",
            {"WinoGrande", "HellaSwag"},
        ),
        ("the per-token Hessian and the exact per-token curvature", "granularity", set()),
        ("OBR, a general and training-free framework", "method", {"PTQ"}),
        # an eleventh whole paper (FlatQuant)
        (
            "Qwen-2.5-Instruct (7B/32B) and Qwen-2.5-7B",
            "model",
            {"Qwen2.5", "Qwen2.5-7B", "Qwen2.5-32B"},
        ),
        ("AIME2024 and AIME 2025", "benchmark", {"AIME 2024", "AIME 2025"}),
        # two-digit years and two years at once (QeRL, PolarQuant, ParoQuant), and AMC
        (
            "MATH 500 AIME 24 AIME-25 AMC 23",
            "benchmark",
            {"MATH-500", "AIME 2024", "AIME 2025", "AMC 2023"},
        ),
        ("AIME 2024/2025 (Li et al., 2024)", "benchmark", {"AIME 2024", "AIME 2025"}),
        ("AIME 240 and AMC", "benchmark", {"AIME"}),
        ("five per-layer transformations", "granularity", set()),
        # the statistics' smoothing is no scale migration (SoftWater); SmoothQuant's is
        ("label smoothing, Laplace smoothing and a smoothing step", "method", set()),
        ("trained with label\nsmoothing", "method", set()),
        (
            "BigBenchHard and the Reddit TL;DR dataset; TL;DR: it works",
            "benchmark",
            {"BBH", "TL;DR"},
        ),
        ("the smoothing factor migrates the difficulty", "method", {"smoothing"}),
        # SliderQuant's "channel scaling (CS)"
        ("we use channel scaling (CS) and LoRA", "method", {"smoothing", "low-rank/fine-tuning"}),
        ("a training-free approach to pruning", "method", set()),
        ("a training-free framework for KV cache eviction", "method", set()),
        # reasoning models and their benchmarks (SliderQuant, ResidualQuant)
        ("Qwen3-30B-A3B, a mixture of experts", "model", {"Qwen3", "Qwen3-30B-A3B"}),
        (
            "DeepSeek-R1-Distill-Qwen-14B and DeepSeek-R1-Distill-Llama-8B",
            "model",
            {
                "DeepSeek-R1-Distill-Qwen",
                "DeepSeek-R1-Distill-Qwen-14B",
                "DeepSeek-R1-Distill-Llama",
                "DeepSeek-R1-Distill-Llama-8B",
            },
        ),
        # with the hyphen before "Distill" lost (HBLLM)
        (
            "DeepSeek-R1Distill-Llama-8B",
            "model",
            {"DeepSeek-R1-Distill-Llama", "DeepSeek-R1-Distill-Llama-8B"},
        ),
        # or spaced where a line broke (MoE-nD, the 110th set)
        (
            "layers of DeepSeek-R1- Distill-Qwen-7B",
            "model",
            {"DeepSeek-R1-Distill-Qwen", "DeepSeek-R1-Distill-Qwen-7B"},
        ),
        # by the short name (ParoQuant) and with the size run on (Binary Quadratic Quantization)
        (
            "R1-Distill-Llama-8B and DeepSeek-R1-Distill-Qwen1.5B",
            "model",
            {
                "DeepSeek-R1-Distill-Llama",
                "DeepSeek-R1-Distill-Llama-8B",
                "DeepSeek-R1-Distill-Qwen",
                "DeepSeek-R1-Distill-Qwen-1.5B",
            },
        ),
        ("MATH-500 and MATH500, a subset of MATH", "benchmark", {"MATH-500", "MATH"}),
        # accelerators for quantized models (BitMoD, MicroScopiQ); some are words
        (
            "compared with OliVe [29], ANT [30], GOBO, FIGNA and Tender [12]",
            "baseline",
            {"OliVe", "ANT", "GOBO", "FIGNA", "Tender"},
        ),
        ("an ANT colony, a tender point", "baseline", set()),
        # kernels and runtimes that low-bit kernel papers compare with (T-MAC, Bitnet.cpp)
        ("faster than llama.cpp [5] and T-MAC", "baseline", {"llama.cpp", "T-MAC"}),
        ("the LLaMA-2-7B model on vLLM", "baseline", set()),
        # a block size stated with "is" (IR-QLoRA, after QLoRA)
        ("we set the block size is 64 for quantization", "granularity", {"per-block"}),
        ("the block size was set to 64 for quantization", "granularity", {"per-block"}),
        # bias and safety suites (the bias study of inference acceleration, Q-resafe)
        (
            "DiscrimEvalGen, DiscrimEval, DT-Stereotyping, GlobalOpinion, WorldBench, CrowSPairs",
            "benchmark",
            {"DiscrimEvalGen", "DiscrimEval", "DT-Stereotyping", "GlobalOpinionQA"}
            | {"WorldBench", "CrowS"},
        ),
        # Stable Diffusion by its short name, at a sentence end too (StepbaQ); a video model and
        # the action videos it is scored on (Q-VDiT)
        (
            "SD v1.5. Then SDv1.4",
            "model",
            {"Stable Diffusion", "Stable Diffusion v1.5", "Stable Diffusion v1.4"},
        ),
        ("Latte on UCF-101, not a latte", "model", {"Latte"}),
        # NVIDIA's hybrid family by its version letter (an FP4 pretraining report)
        ("a Nemotron-H 8B model", "model", {"Nemotron-H", "Nemotron-H-8B"}),
        # Hubara et al.'s binarized networks, not the class of networks (FDA-BNN)
        ("e.g., BNN [18], Dorefa-Net [43] and BinaryNet", "baseline", {"BNN", "DoReFa-Net"}),
        # XNOR-Net++ is a method of its own, not XNOR-Net (BiDM's "XNOR++[2]" row)
        ("XNOR++ [2], XNOR-Net++ and XNOR [49]", "baseline", {"XNOR++", "XNOR-Net"}),
        ("BNNs are fast; the BNN keeps latent weights; BTC-BNN [37] kernels", "baseline", set()),
        # the dataset by its name, not the suite of zero-shot tasks (FraQAT, QA-LoRA)
        ("zero-shot on BoolQ [53] and CommonsenseQA [54]", "benchmark", {"BoolQ", "CommonsenseQA"}),
        ("Commonsense QA (CSQA) results; the CommonsenseQA benchmarks", "benchmark", set()),
        # Stable Diffusion 3.5 by variant, named by its version (FraQAT, SageAttention2++)
        (
            "SD3.5-Medium, SD3.5-M, SD3.5 Large and Stable-Diffusion3.5 (turbo)",
            "model",
            {
                "Stable Diffusion 3.5",
                "Stable Diffusion 3.5 Medium",
                "Stable Diffusion 3.5 Large",
                "Stable Diffusion 3.5 Turbo",
            },
        ),
        (
            "Stable Diffusion 3.5 times faster than SD v1.4",
            "model",
            {"Stable Diffusion", "Stable Diffusion v1.4"},
        ),
        (
            "Sana 600M, SANA-1.6B and Flux-schnell",
            "model",
            {"SANA", "SANA-600M", "SANA-1.6B", "FLUX.1", "FLUX.1-schnell"},
        ),
        ("Latte on UCF-101", "benchmark", {"UCF-101"}),
        # text-to-image suites (BitsFusion)
        ("GenEval, TIFA and PartiPrompts", "benchmark", {"GenEval", "TIFA", "PartiPrompts"}),
        (
            "AdvBench and HarmBench, StereoSet and ToxiGen",
            "benchmark",
            {"AdvBench", "HarmBench", "StereoSet", "ToxiGen"},
        ),  # fmt: skip
        # group sizes in a table row (PolarQuant) and after a method's name (QuaRot)
        (
            "Group Size\n32\n64\n128\n256\nPPL",
            "granularity",
            {"per-group", "g32", "g64", "g128", "g256"},
        ),
        ("Group size\n128\n4\n5.61", "granularity", {"per-group", "g128"}),
        ("QuaRot-256G and GPTQ-64G", "granularity", {"per-group", "g256", "g64"}),
        ("A4W4KV4 and A8W4", "precision", {"W4A4KV4", "W4A8", "4-bit", "8-bit"}),
        # activations first without the letters first (a YOLO table's "4a4w | 3a3w")
        ("| 4a4w     | 3a3w |", "precision", {"W4A4", "W3A3", "4-bit", "3-bit"}),
        ("the binarization of LLMs (BiLLM)", "precision", {"binary", "1-bit"}),
        ("the Phi-3-mini-4k-instruct model", "model", {"Phi", "Phi-3", "Phi-3-mini"}),
        # a sixth set: binary networks, zero-shot quantization, image and video benchmarks
        (
            "ReActNet, Bi-Real Net, IR-Net, INSTA-BNN, BI-DiffSR, Q-DM and TDQ",
            "baseline",
            {"ReActNet", "Bi-Real Net", "IR-Net", "INSTA-BNN", "BI-DiffSR", "Q-DM", "TDQ"},
        ),
        (
            "Qimera, IntraQ, AdaDFQ, AdaSG, HAST, TexQ and PSAQ-ViT",
            "baseline",
            {"Qimera", "IntraQ", "AdaDFQ", "AdaSG", "HAST", "TexQ", "PSAQ-ViT"},
        ),
        ("FFHQ and VBench", "benchmark", {"FFHQ", "VBench"}),
        ("row-wise scaling factors", "granularity", {"per-channel"}),
        # from a review: hardware, table cells, dishes and negations are none of these
        ("Tesla V100-PCIE-32G GPUs and a Jetson Orin-64G", "granularity", set()),
        ("Stable Diffusion\n2.3\n21.5", "model", {"Stable Diffusion"}),
        ("Stable Diffusion 2 times faster", "model", {"Stable Diffusion"}),
        (
            "using Stable Diffusion\nv1.4 with DPM",
            "model",
            {"Stable Diffusion", "Stable Diffusion v1.4"},
        ),
        ("the hotpot of ideas", "benchmark", set()),
        # a seventh set: LLM weight quantizers, depth estimation and super-resolution
        (
            "HIGGS, CrossQuant, BnB and TQT",
            "baseline",
            {"HIGGS", "CrossQuant", "bitsandbytes", "TQT"},
        ),
        ("DeepSeek-V2-Lite", "model", {"DeepSeek-V2-Lite", "DeepSeek-V2"}),
        # the method is capitalised; "outlier suppression strategies" are any of them
        ("outlier suppression strategies [3, 42]", "baseline", set()),
        # log2(3) bits are ternary ones (BitNet Distillation)
        ("1.58-bit BitNet; a 1.58bit model", "precision", {"1.58 bits/param", "ternary"}),
        ("1.585 bits per weight", "precision", {"1.585 bits/param"}),
        # "per-layer" is a granularity only of a quantizer (the 42nd set's gated residuals)
        ("a learnable per-layer gate against per-layer damage", "granularity", set()),
        ("on a per-layer level", "granularity", set()),
        # a prose line may end with it; a cell is a line of its own (set 89's KV-cache paper)
        ("Full methodology, per-layer\ndata, and raw commands", "granularity", set()),
        ("Granularity\nper-layer\n4.1", "granularity", {"per-tensor"}),
        ("per-layer quantization with per-layer scales", "granularity", {"per-tensor"}),
        (
            "per-layer, per-channel or per-group",
            "granularity",
            {"per-tensor", "per-channel", "per-group"},
        ),
        # group sizes as a set ("$G \in \{32, 64" as a converter prints TeX); powers of two
        (
            "group sizes G ∈ {32, 64, 128, 256, per-token}",
            "granularity",
            {"per-group", "g32", "g64", "g128", "g256", "per-token"},
        ),
        ("group sizes $G \\in \\{32, 64\\}$", "granularity", {"per-group", "g32", "g64"}),
        ("with group size $g = 3 2$ .", "granularity", set()),
        # "DeepSeek" alone is a company's models of every kind: no model of its own
        ("on DeepSeek (Liu et al., 2024a) and DeepSeek-16B-Base", "model", set()),
        # hybrid Mamba-Transformers (UniQL)
        (
            "Nemotron-H-8B [3] and Bamba-9B-v2",
            "model",
            {"Nemotron-H", "Nemotron-H-8B", "Bamba", "Bamba-9B-v2"},
        ),
        ("Bamba-v2 9B", "model", {"Bamba", "Bamba-9B-v2"}),
        (
            "SliceGPT, ShortGPT, MoDeGPT, LLM-Pruner, SVD-LLM and ASVD",
            "baseline",
            {"SliceGPT", "ShortGPT", "MoDeGPT", "LLM-Pruner", "SVD-LLM", "ASVD"},
        ),
        (
            "Depth Anything v2 and MiDaS",
            "model",
            {"Depth Anything", "Depth Anything v2", "MiDaS"},
        ),
        (
            "NYUv2, Sintel, ETH3D, DIODE, DIV2K, RealSR, DRealSR, Set5, Urban100",
            "benchmark",
            {"NYUv2", "Sintel", "ETH3D", "DIODE", "DIV2K", "RealSR", "DRealSR", "Set5", "Urban100"},
        ),
        ("a diode in the set of sintel", "benchmark", set()),
        ("Set5 [2], B100 [42], BSD100 and Manga109", "benchmark", {"Set5", "B100", "Manga109"}),
        # an eighth set: versions of methods are methods of their own, MoE sizes with "×"
        ("LSQ+ [4], LSQ [5], HAWQ-V2 and HAWQ", "baseline", {"LSQ+", "LSQ", "HAWQ-V2", "HAWQ"}),
        ("Mixtral 8×7b and Mixtral 8 × 22B", "model", {"Mixtral", "Mixtral-8x7B", "Mixtral-8x22B"}),
        ("MathQA", "benchmark", {"MathQA"}),
        (
            "GPQA-Diamond, LiveCodeBench v6, EvalCrafter, Vid4 and Vimeo-90K",
            "benchmark",
            {"GPQA-Diamond", "GPQA", "LiveCodeBench", "EvalCrafter", "Vid4", "Vimeo-90K"},
        ),
        ("requires no calibration data, without any calibration samples", "method", set()),
        ("the per-layer speedups of the kernel", "granularity", set()),
        ("the per-layer memory, per-layer checkpointing, the per-layer time", "granularity", set()),
        # vision transformers and a detector of BiViT's (cased: "a nest of" is no model)
        (
            "NesT-T, CvT-13, PVTv2-B1, PVT-Small and Cascade Mask R-CNN",
            "model",
            {"NesT-T", "NesT", "CvT-13", "CvT", "PVTv2-B1", "PVTv2", "PVT-S", "PVT"}
            | {"Cascade Mask R-CNN"},
        ),
        ("a nest of pvt files", "model", set()),
        ("robust to PVT variations and PVT corners", "model", set()),
        (
            "compared with BiT [50], AdaBin [51] and BiBERT [60]",
            "baseline",
            {"BiT", "AdaBin", "BiBERT"},
        ),
        ("Big Transfer's BiT-M and BiT-L models", "baseline", set()),
        ("VBench [11] and VBench-2.0 [34]", "benchmark", {"VBench", "VBench-2.0"}),
        ("GPTQ [5], GPTAQ [6] and GPTQ v2 [6]", "baseline", {"GPTQ", "GPTAQ"}),
        # a multimodal QAT paper's formats and benchmarks (RFQ)
        ("MXFP4 and HiF4 (HiFloat4)", "precision", {"MXFP4", "HiF4", "4-bit"}),
        (
            "RealWorldQA MMStar MMBenchEN SimpleVQA, prompts of the MovieGen [40] benchmark",
            "benchmark",
            {"RealWorldQA", "MMStar", "MMBench", "SimpleVQA", "MovieGen Bench"},
        ),
        ("the Movie Gen models and MMBench-Video", "benchmark", set()),
        # mixed-precision PTQ of a denoiser (the 24th unseen set)
        ("OMPQ ORM and CLADO allocate bits", "baseline", {"OMPQ", "CLADO"}),
        ("DRUNet on CelebA, CelebA-HQ, BSDS500 and CBSD68", "model", {"DRUNet"}),
        (
            "DRUNet on CelebA, CelebA-HQ, BSDS500 and CBSD68",
            "benchmark",
            {"CelebA", "CelebA-HQ", "BSDS500", "CBSD68"},
        ),
        ("quantized with the AIMET toolkit", "baseline", set()),
        # the 25th unseen set: an efficiency in 1-bit operations, GPTQ-like layer-wise quantizers
        ("the 1-bit-normalized metric counts 64 1-bit products", "precision", set()),
        ("reusing standard layer-wise quantizers such as GPTQ", "granularity", set()),
        ("layer-wise uniform quantizers for activations", "granularity", {"per-tensor"}),
        # the 26th unseen set: mobile vision models, MoE and open models, their baselines
        (
            "YOLOX-Nano, SE-ResNet-50, MobileNet SSD V2, MobileNetV3-L, MobileNeXt-x1.4 and "
            "ShuffleNetV2-1.0",
            "model",
            {"YOLOX-Nano", "YOLOX", "SE-ResNet-50", "SE-ResNet", "MobileNetV2-SSD"}
            | {"MobileNetV2", "MobileNetV3-L", "MobileNetV3", "MobileNet", "MobileNeXt-x1.4"}
            | {"MobileNeXt", "ShuffleNetV2-1.0", "ShuffleNetV2"},
        ),
        (
            "OpenLLaMA 3B, Mistral-v0.1 7B, Phi3.5-MoE and Open-Sora 1.2",
            "model",
            {"OpenLLaMA-3B", "OpenLLaMA", "Mistral-7B", "Mistral", "Phi-3.5-MoE", "Phi-3.5"}
            | {"Phi", "Open-Sora"},
        ),
        ("the OpenSORA prompt sets", "model", set()),
        # (the Marlin kernel is a baseline's name too: whether the results compare against it
        # is for the evaluated call, as for any method)
        (
            "HQQ, MxMoE, Jetfire, HALO and AdaCache; the Marlin kernel",
            "baseline",
            {"HQQ", "MxMoE", "Jetfire", "HALO", "AdaCache", "Marlin"},
        ),
        ("W4.25A15.5 against W4A16", "precision", {"W4.25A15.5", "W4A16", "4-bit"}),
        # the 27th unseen set: ImageNet's shifted test sets, video, audio and GLM models
        (
            "ImageNet-R, ImageNet-Sketch and ImageNet-V2",
            "benchmark",
            {"ImageNet-R", "ImageNet-Sketch", "ImageNet-V2"},
        ),
        (
            "CogVideoX-2B, CogVideoX1.5-5B, GLM-4-9B and Qwen2-Audio-7B",
            "model",
            {"CogVideoX-2B", "CogVideoX", "CogVideoX1.5-5B", "CogVideoX1.5", "GLM-4-9B", "GLM-4"}
            | {"Qwen2-Audio-7B", "Qwen2-Audio"},
        ),
        ("GLM-4.5 and a GLM fit", "model", {"GLM-4.5"}),  # a release of its own, no GLM-4
        (
            "BRECQ | APHQ | AdaLog | LogNet | SLogII | AffineQuant | aespa",
            "baseline",
            {"BRECQ", "APHQ-ViT", "AdaLog", "LogNet", "SLogII", "AffineQuant", "aespa"},
        ),
        ("We adopt channel-wise uniform quantizers", "granularity", {"per-channel"}),
        ("Channelwise (CW) quantization", "granularity", {"per-channel"}),
        ("channel-wise weight and activation quantization", "granularity", {"per-channel"}),
        ("-1 indicates per-channel/token", "granularity", {"per-channel", "per-token"}),
        ("per-token/channel quantization", "granularity", {"per-channel", "per-token"}),
        ("channel-wise scaling before quantization", "granularity", set()),
        ("the block-wise quantization reconstruction of BRECQ", "granularity", set()),
        # aespa: methods that reconstruct a layer or a block of layers at a time
        (
            "conventional block-wise quantization methods and layer-wise quantization schemes; "
            "block-wise quantization errors",
            "granularity",
            set(),
        ),
        ("AQLM learns per-layer codebooks", "granularity", set()),
        ("block-wise quantization with blocks of 64", "granularity", {"per-block"}),
        ("on V100-32G GPUs with 128G of memory", "granularity", set()),
        # a kernel's tiling, not a quantization block (QUIK: "too many rows per block")
        ("mapping too many rows per block results in over-subscription", "granularity", set()),
        ("one scale per block of 32 elements", "granularity", {"per-block"}),
        # a fifth set of whole papers: KV-cache, vision-transformer and diffusion baselines,
        # diffusion models and datasets, LongBench's column heads
        (
            "QJL, ZipCache, GEAR, SnapKV, H2O and StreamingLLM",
            "baseline",
            {"QJL", "ZipCache", "GEAR", "SnapKV", "H2O", "StreamingLLM"},
        ),
        (
            "APQ-ViT, I&S-ViT, IGQ-ViT, DopQ-ViT, AdaLog, ERQ and OASQ",
            "baseline",
            {"APQ-ViT", "I&S-ViT", "IGQ-ViT", "DopQ-ViT", "AdaLog", "ERQ", "OASQ"},
        ),
        ("APQ-ViT, I&S-ViT and IGQ-ViT on DeiT-S", "model", {"DeiT", "DeiT-S"}),
        (
            "PTQ4DiT, MixDQ, TFMQ-DM and SVDQuant",
            "baseline",
            {"PTQ4DiT", "MixDQ", "TFMQ-DM", "SVDQuant"},
        ),
        (
            "Stable Diffusion v1.4, SDXL-Turbo, DiT-XL/2 and LDM-4",
            "model",
            {
                "Stable Diffusion",
                "Stable Diffusion v1.4",
                "SDXL",
                "SDXL-Turbo",
                "DiT",
                "DiT-XL/2",
                "LDM",
                "LDM-4",
            },
        ),
        (
            "LSUN-Bedrooms and LSUN Church-Outdoor",
            "benchmark",
            {"LSUN", "LSUN-Bedrooms", "LSUN-Churches"},
        ),
        (
            "NtrvQA\nMF-en\n2Wiki\nHotpot\nLcc\nPassageRetrieval-en",
            "benchmark",
            {
                "NarrativeQA",
                "MultiFieldQA",
                "2WikiMultihopQA",
                "HotpotQA",
                "LCC",
                "PassageRetrieval",
            },
        ),
        # LongBench's tasks as KIVI-style tables shorten them (XQuant); "grep" is a tool
        (
            "NQA Qspr MFQA HPQA 2Wiki MSQ GRep QMSM MNews TREC TQA SSum RB LCC; we grep logs",
            "benchmark",
            {
                "Qasper",
                "MultiFieldQA",
                "HotpotQA",
                "2WikiMultihopQA",
                "GovReport",
                "QMSum",
                "MultiNews",
                "TREC",
                "SAMSum",
                "LCC",
            },
        ),
        # InfiniteBench's tasks as MiniKV's table heads them, LongBench's shortened
        (
            "InfiniteBench\nLong Book Choice\nLongDialogue QA\nCode Debug\nPasskey\n"
            "Number String\nKV Retrieval\nLongBook QA\nMath Find\nPassage Ret.\nPassage Ct.",
            "benchmark",
            {
                "InfiniteBench",
                "LongBook Choice",
                "LongDialogue QA",
                "Code Debug",
                "Passkey",
                "Number String",
                "KV Retrieval",
                "LongBook QA",
                "Math Find",
                "PassageRetrieval",
                "PassageCount",
            },
        ),
        # MBQ's vision-language benchmarks: LLaVA's own are no LLaVA model
        (
            "the LLaVA-bench-inthe-wild [31] and LLaVA-bench-wilder [20] datasets; OCRBench [32]",
            "benchmark",
            {"LLaVA-Bench-in-the-Wild", "LLaVA-Bench-Wilder", "OCRBench"},
        ),
        ("on LLaVA-Bench and LLaVA-Bench (In-the-Wild)", "model", set()),
        ("We keep the group size at 128. For", "granularity", {"g128", "per-group"}),
        # a mixture of experts made of LLaMA (D2MoE), no LLaMA of its own
        (
            "LLaMA-MoE-3.5B [46] and Mixtral 8x7B",
            "model",
            {"LLaMA-MoE-3.5B", "LLaMA-MoE", "Mixtral-8x7B", "Mixtral"},
        ),
        # LongBench's Chinese tasks (DuQuant) and ViGGO (LoTA-QAF)
        ("DuReader, VCSUM and LSHT; ViGGO", "benchmark", {"DuReader", "VCSUM", "LSHT", "ViGGO"}),
        # text-to-image diffusion transformers (H-SVDQuant) and their prompts
        (
            "FLUX.1-dev, FLUX.1-schnell, PixArt-Σ and Qwen-Image",
            "model",
            {"FLUX.1", "FLUX.1-dev", "FLUX.1-schnell", "PixArt-Σ", "Qwen-Image"},
        ),
        ("MJHQ-30K and sDCI prompts", "benchmark", {"MJHQ-30K", "sDCI"}),
        # detection transformers with their backbones (Q-DETR); a method ending in DETR is none
        (
            "DETR-R50, SMCA-DETR-R50 and Deformable DETR against Q-DETR and AQ-DETR",
            "model",
            {"DETR", "DETR-R50", "SMCA-DETR", "SMCA-DETR-R50", "Deformable DETR"},
        ),
        # vision-language benchmarks (balanced fitting)
        ("AI2D, ChartQA, DocVQA and NoCaps", "benchmark", {"AI2D", "ChartQA", "DocVQA", "NoCaps"}),
        # chat and reasoning evaluations, nearest-neighbour datasets, sub-1-bit LLM baselines,
        # vector search quantizers and multilingual BART (the fifteenth unseen set)
        (
            "Arena-Hard-Auto-v0.1 and MuSR; GloVe and DBpedia",
            "benchmark",
            {"Arena-Hard", "MuSR", "GloVe", "DBpedia"},
        ),
        (
            "STBLLM, BinaryMoS, LittleBit and RaBitQ",
            "baseline",
            {"STBLLM", "BinaryMoS", "LittleBit", "RaBitQ"},
        ),
        ("mBART-large and BART-base", "model", {"mBART", "BART-base"}),
        # state-space models' quantization methods (Quamba2)
        ("Quamba [5], Quamba2 and MambaQuant [6]", "baseline", {"Quamba", "Quamba2", "MambaQuant"}),
        # a list of integer widths (D2MoE)
        (
            "storing INT2/3/4 experts",
            "precision",
            {"INT2", "INT3", "INT4", "2-bit", "3-bit", "4-bit"},
        ),
        # an optimizer's 8-bit states are no setting of the model (QLoRA-style fine-tuning)
        ("with the paged 8-bit AdamW optimizer and 8-bit optimizers", "precision", set()),
        ("with 8-bit weights", "precision", {"W8", "8-bit"}),
        # (a needle test's passkey is no InfiniteBench task)
        ("the original passkey retrieval task", "benchmark", set()),
        ("an overhead of 32.1 bits", "precision", set()),
        # a decimal point spaced by the conversion (HBLLM): no "08-bit"
        ("an average weight storage of only 1 . 08 bits.", "precision", set()),
        # the 28th unseen set: small models, a long-context release, trustworthiness benchmarks
        (
            "longchat-7b-v1.5-32k and LongChat-13B",
            "model",
            {"LongChat", "LongChat-7B", "LongChat-7B-v1.5-32K", "LongChat-13B"},
        ),
        (
            "SmolLM2-360M-Instruct and SmolLM-1.7B",
            "model",
            {"SmolLM", "SmolLM-1.7B", "SmolLM2", "SmolLM2-360M-Instruct"},
        ),
        (
            "MobiLlama-500m-Chat and h2o-danube3-4B",
            "model",
            {"MobiLlama", "MobiLlama-500M-Chat", "H2O-Danube3", "H2O-Danube3-4B"},
        ),
        (
            "StableLM-2-1.6B, StableLM-3B and Gemma-1.1-7B",
            "model",
            {
                "StableLM",
                "StableLM-2",
                "StableLM-2-1.6B",
                "StableLM-3B",
                "Gemma-1.1",
                "Gemma-1.1-7B",
            },
        ),
        (
            "TrustLLM: ETHICS [39], Social-Chem-101, MoralChoice, AdvGLUE and AdvInstruction",
            "benchmark",
            {"TrustLLM", "ETHICS", "Social-Chem-101", "MoralChoice", "AdvGLUE", "AdvInstruction"},
        ),
        ("A ETHICS STATEMENT\nWe follow the Code of Ethics.", "benchmark", set()),
        # the 29th: a new small model family, table heads split in two words, SQuAD 2.0
        (
            "Ministral-3-14B-Reasoning-2512 and Ministral-8B-Instruct-2410",
            "model",
            {
                "Ministral",
                "Ministral-3",
                "Ministral-3-14B-Reasoning-2512",
                "Ministral-8B-Instruct-2410",
            },
        ),
        ("| Trivia QA | Repo Bench-P |", "benchmark", {"TriviaQA", "RepoBench-P"}),
        (
            "SQUAD [40], SQUADv2 [39], SQuAD 2.0 and SWAG",
            "benchmark",
            {"SQuAD", "SQuAD v2", "SWAG"},
        ),
        ("fine-tuned on ImageNet1k", "benchmark", {"ImageNet"}),
        ("on SQuAD v2. On SQuAD2.0. Then SQuAD-v2", "benchmark", {"SQuAD v2"}),
        (
            "the average per-layer GEMM latency and per-layer processing workload",
            "granularity",
            set(),
        ),
        # the 30th: a figure's threads, a legend's underscore, a version run on, an MoE compressor
        ("threads T0 T1 T2 T3 T4\nT5\nT6 and T4 T5", "model", set()),
        ("we fine-tune T5 and Flan-T5", "model", {"T5"}),
        ("cuBLAS_W16A16 TensorRT_LLM_W8A16", "baseline", {"TensorRT-LLM"}),
        (
            "DeepseekV2-Lite and DeepSeek-V3",
            "model",
            {"DeepSeek-V2", "DeepSeek-V2-Lite", "DeepSeek-V3"},
        ),
        ("EAC-MoE (Chen et al., 2025)", "baseline", {"EAC-MoE"}),
        # the 31st: KV-cache selection baselines, audio-visual speech
        (
            "SnapKV, Quest (Tang et al., 2024) and PQCache; a quest for speed",
            "baseline",
            {"SnapKV", "Quest", "PQCache"},
        ),
        ("separation on LRS3-TED and LRS3", "benchmark", {"LRS3-TED"}),
        # the 36th: fine-tuning and FP8-training baselines, encoder versions, harness tasks
        ("LoRA, DoRA (Liu et al., 2024) and MS-AMP FP8", "baseline", {"LoRA", "DoRA", "MS-AMP"}),
        ("a Dora the Explorer quote", "baseline", set()),
        (
            "DeBERTaV3-base, DeBERTa-v3-large and DeBERTa XXL",
            "model",
            {"DeBERTa-V3", "DeBERTa-V3-base", "DeBERTa-V3-large", "DeBERTa", "DeBERTa-XXL"},
        ),
        ("TÜLU2 with 7B and 13B, Tulu 2 70B; the TULU-V2-mix", "model", {"Tülu-2", "Tülu-2-70B"}),
        ("Tulu V2 70B; Tulu 2.5 models", "model", {"Tülu-2", "Tülu-2-70B"}),
        ("the TÜLU2-mix subset", "model", set()),
        # the 37th: a safety study's models and benchmarks
        (
            "the unaligned Mistral 7B\nInstruct v0.2 (Jiang et al., 2023) and Vicuna 13B v1.5",
            "model",
            {
                "Mistral",
                "Mistral-7B-Instruct-v0.2",
                "Vicuna",
                "Vicuna-13B",
                "Vicuna-13B-v1.5",
            },
        ),
        ("XSafety and SafetyBench", "benchmark", {"XSafety", "SafetyBench"}),
        # the 38th: vision state-space backbones, a VLM method and benchmark, a spelling
        (
            "VSSD-Tiny, VSSD-B, VMamba-S and Vim-Ti; the vim editor",
            "model",
            {"VSSD", "VSSD-Tiny", "VSSD-B", "VMamba", "VMamba-S", "Vim", "Vim-Ti"},
        ),
        ("Qwen2VL-7b(Wang et al., 2024)", "model", {"Qwen2-VL", "Qwen2-VL-7B"}),
        ("MBQ [12] on POPE and AMBER", "baseline", {"MBQ"}),
        ("MBQ [12] on POPE and AMBER", "benchmark", {"POPE", "AMBER"}),
        ("a calibration method for VLM rotation quantization", "method", {"rotation"}),
        # the 39th: models released in 2026, the data a model is named after, MMMU-Pro
        (
            "Qwen3.8-27B, Gemma-4-31B, Nemotron-3-120B and Kimi-K3-2.8T",
            "model",
            {
                "Qwen3.8",
                "Qwen3.8-27B",
                "Gemma-4",
                "Gemma-4-31B",
                "Nemotron-3",
                "Nemotron-3-120B",
                "Kimi-K3",
                "Kimi-K3-2.8T",
            },
        ),
        ("100M tokens of the Tulu 3 (Lambert et al., 2025) SFT corpus", "model", set()),
        # a size before the family's name, then "model": a model the paper trains (SageBwd)
        ("we train a 325M Llama model from scratch", "model", {"LLaMA", "LLaMA-325M"}),
        ("the 1.3B OPT models", "model", {"OPT", "OPT-1.3B"}),
        ("compared with 7B LLaMA", "model", {"LLaMA"}),
        ("the 7B and 13B LLaMA models", "model", {"LLaMA"}),  # a list: not the 13B alone
        ("Qwen2.5 18T tokens and a Qwen 3T-token corpus", "model", {"Qwen2.5", "Qwen"}),
        ("Nemotron 70B", "model", {"Nemotron", "Nemotron-70B"}),
        ("Model\nTask\nLLaMA-2-7B\nChat\n52.1", "model", {"LLaMA-2", "LLaMA-2-7B"}),
        ("the LLaMA\ntokenizer", "model", set()),
        # a tokenizer is no model (SageBwd trains its own with "the GPT2 tokenizer")
        (
            "the GPT2 tokenizer; the LLaMA-2 tokenizers and LLaMA-2-7B",
            "model",
            {"LLaMA-2", "LLaMA-2-7B"},
        ),
        ("MMMU-Pro (Yue et al., 2025) and MMMU", "benchmark", {"MMMU-Pro", "MMMU"}),
        # the 39th set: a non-uniform baseline by both its names; "any-precision" as words
        (
            "SqueezeLLM [19] and Any-Precision LLM [33]; Any-Precision [33] at 2 bits",
            "baseline",
            {"SqueezeLLM", "Any-Precision LLM"},
        ),
        ("an any-precision model", "baseline", set()),
        # llama.cpp's tools are programs, as llama.cpp is
        (
            "llama-quantize writes Q3_K; llama-bench on Llama-2-7B",
            "model",
            {"LLaMA-2", "LLaMA-2-7B"},
        ),
        # data named after a model is no model run (OSP's training mixture)
        (
            "Python code sampled from the StarCoder (Li et al.,\n2023) training set; Pythia-1B",
            "model",
            {"Pythia", "Pythia-1B"},
        ),
        # ... and so is a corpus named after one (BitNet Distillation, LLM.int8()'s RoBERTa)
        (
            "10B tokens sampled from the FALCON corpus [PMH+23]; the RoBERTa corpora; OPT-13B",
            "model",
            {"OPT", "OPT-13B"},
        ),
        # ... and small models as a flattened table prints them, version and size apart
        (
            "TinyLlama 1.1B 2T 28.3 MobileLLaMA 1.4B 1.3T 27.4 Stable LM 2 1.6B 2T 26.2 "
            "SmolLM 2 1.7B 11T 25.8 SmolLM 3B",
            "model",
            {
                "TinyLlama",
                "TinyLlama-1.1B",
                "MobileLLaMA",
                "MobileLLaMA-1.4B",
                "StableLM-2",
                "StableLM-2-1.6B",
                "SmolLM",
                "SmolLM2",
                "SmolLM2-1.7B",
                "SmolLM-3B",
            },
        ),
        # the 40th: generation models in a quantized-attention paper, short names of releases
        (
            "CogvideoX (2B), HunyuanVideo (Kong et al., 2024), Flux (schnell); a heat flux (W)",
            "model",
            {"CogVideoX", "CogVideoX-2B", "HunyuanVideo", "FLUX.1", "FLUX.1-schnell"},
        ),
        (
            "the open-sora [12] prompt sets; the Open-Sora (Zheng et al., 2024) prompts",
            "model",
            set(),
        ),
        (
            "DeepSeek-R1-Qwen-14B and Llama-3.1-Nemotron-70B",
            "model",
            {
                "DeepSeek-R1-Distill-Qwen",
                "DeepSeek-R1-Distill-Qwen-14B",
                "LLaMA-3.1-Nemotron",
                "LLaMA-3.1-Nemotron-70B",
            },
        ),
        (
            "lambada_openai, Lambada standard, LAMBADA, LogiQA and SciQ",
            "benchmark",
            {"LAMBADA-OpenAI", "LAMBADA-standard", "LAMBADA", "LogiQA", "SciQ"},
        ),
        ("LAMBADA std 0.4", "benchmark", {"LAMBADA"}),  # a standard deviation
        ("DeBERTa\nlarge", "model", {"DeBERTa"}),
        # methods named ahead of the papers that compare with them (the bibliographies of the
        # unseen texts): KV-cache and attention kernels, LLM, multimodal, diffusion, binary
        (
            "TurboQuant, PolarQuant, RotateKV, Palu [3], SageAttention2++ and SageAttention3",
            "baseline",
            {"TurboQuant", "PolarQuant", "RotateKV", "Palu", "SageAttention2++", "SageAttention3"},
        ),
        (
            "ARB-LLM_RC, PT²-LLM, PTQ1.61, QQQ, Norm-Tweaking, D2-MoE and Q-VLM",
            "baseline",
            {"ARB-LLM", "PT²-LLM", "PTQ1.61", "QQQ", "Norm Tweaking", "D²-MoE", "Q-VLM"},
        ),
        ("Q-ViT and I-ViT on DeiT-S", "baseline", {"Q-ViT", "I-ViT"}),
        (
            "ReCU, RBNN, APoT, EWGS and TetraJet-v2",
            "baseline",
            {"ReCU", "RBNN", "APoT", "EWGS", "TetraJet-v2"},
        ),
        # the words among them count only as names
        ("a palu, tequila and resq; the qoq and profit", "baseline", set()),
        # models and benchmarks the labels hold as run and no entry found
        (
            "gpt-oss-20b, InternVL2-8B, Wan2.1-T2V-1.3B, Mochi 1 and VGGT-1B",
            "model",
            {
                "GPT-OSS",
                "GPT-OSS-20B",
                "InternVL2",
                "InternVL2-8B",
                "Wan2.1",
                "Wan2.1-1.3B",
                "Mochi",
                "VGGT",
                "VGGT-1B",
            },
        ),
        ("Transformer-base and YOLO26n", "model", {"Transformer-base", "YOLO26", "YOLO26n"}),
        (
            "WMT16 En-Ro, SVHN, Tiny-ImageNet, PopQA, LibriSpeech, DROP and SVAMP",
            "benchmark",
            {
                "WMT16",
                "WMT16 En-Ro",
                "WMT En-Ro",
                "SVHN",
                "TinyImageNet",
                "PopQA",
                "LibriSpeech",
                "DROP",
                "SVAMP",
            },
        ),
        ("a drop in accuracy; the wan light", "benchmark", set()),
        # speech recognisers (the 57th unseen set)
        (
            "Conformer CTC Medium, Wav2Vec2 Base Korean, HuBERT (KO), Zipformer and KoCitrinet",
            "model",
            {
                "Conformer",
                "Conformer CTC Medium",
                "Wav2Vec2",
                "Wav2Vec2-Base",
                "HuBERT",
                "Zipformer",
                "KoCitrinet",
            },
        ),
        ("AIHub and KsponSpeech", "benchmark", {"AIHub", "KsponSpeech"}),
        # DeepSeek-R1's distilled models by their shortest names, and as a group
        (
            "R1-Qwen-14B and R1-Llama-8B",
            "model",
            {
                "DeepSeek-R1-Distill-Qwen",
                "DeepSeek-R1-Distill-Qwen-14B",
                "DeepSeek-R1-Distill-Llama",
                "DeepSeek-R1-Distill-Llama-8B",
            },
        ),
        ("across DeepSeek-R1-Distilled models", "model", set()),
        ("L2QER, MaskLLM and JSQ", "baseline", {"L2QER", "MaskLLM", "JSQ"}),
        # families named ahead of the papers that run them: language, vision-language, vision,
        # generation, speech synthesis, robot policies, 3D reconstruction
        (
            "Granite-3.1-8B, MiniCPM-V-2.6, OLMoE-1B-7B, Idefics3-8B and Command-R+",
            "model",
            {
                "Granite-3.1",
                "Granite-3.1-8B",
                "MiniCPM-V",
                "MiniCPM-V-2.6",
                "OLMoE",
                "OLMoE-1B-7B",
                "Idefics3",
                "Idefics3-8B",
                "Command-R+",
            },
        ),
        (
            "EfficientViT-B1, MobileOne-S1, SegFormer-B0, PointNet++ and Real-ESRGAN",
            "model",
            {
                "EfficientViT",
                "EfficientViT-B1",
                "MobileOne",
                "MobileOne-S1",
                "SegFormer",
                "SegFormer-B0",
                "PointNet++",
                "Real-ESRGAN",
            },
        ),
        (
            "F5-TTS, Kokoro-82M, StyleTTS 2, GR00T N1.5, OpenVLA-OFT, π0.5 and Fast3R",
            "model",
            {
                "F5-TTS",
                "Kokoro",
                "Kokoro-82M",
                "StyleTTS 2",
                "GR00T",
                "GR00T N1.5",
                "OpenVLA",
                "OpenVLA-OFT",  # (a model of its own since the 68th set)
                "π0.5",
                "Fast3R",
            },
        ),
        ("the bark of a zonos; kokoro tea", "model", set()),
        (
            "Kinetics-400, Something-Something V2, CUB-200-2011, LJSpeech and SWE-bench Verified",
            "benchmark",
            {"Kinetics-400", "Something-Something V2", "CUB-200-2011", "LJSpeech", "SWE-bench"},
        ),
        ("a common voice; the davis of", "benchmark", set()),
        # microscaling integers of every width, and NVFP4's integer counterpart (58th set)
        (
            "MXINT8, MXINT6, MXINT4 and NVINT4",
            "precision",
            {"MXINT8", "MXINT6", "MXINT4", "NVINT4", "8-bit", "6-bit", "4-bit"},
        ),
        ("the WUSH transforms", "baseline", {"WUSH"}),
        ("KVmix and Q-Palette", "baseline", {"KVmix", "Q-Palette"}),  # the 59th set
        # the 65th set: AdaRound's lower-case bias correction, Tetra's LLVQ
        (
            "empirical bias correction, bias correction from Nagel et al. and LLVQ",
            "baseline",
            {"Bias Correction", "LLVQ"},
        ),
        ("we apply a bias correction to the outputs", "baseline", set()),
        # the 66th set: QBasicVSR's Percentile baseline and UDM10; kvtc's models, its SVD
        # baseline and Lost in the Middle; SpinQuant's TLDR9+
        ("MinMax [20] and Percentile [27]", "baseline", {"Percentile"}),
        # the 68th set: BitVLA's encoder, suites and SEED-Bench's second version; ZipCache's
        # Line Retrieval
        ("SigLIP-L [49] as the vision encoder", "model", {"SigLIP", "SigLIP-L"}),
        # a scale per block named by what it is (ShiftAddLLM's figure, a scaling-law paper)
        ("(a) the block-wise scaling factors and (b)", "granularity", {"per-block"}),
        ("the block size of scaling factors may matter", "granularity", {"per-block"}),
        ("a tensor of block-wise FP8 (E4M3) scalers", "granularity", {"per-block"}),
        # recurrent networks (the 110th set), not a model's layers
        ("We quantize LSTM and GRU models", "model", {"LSTM", "GRU"}),
        ("we quantize the LSTM layers into int8", "model", set()),
        # CLIP by its image encoder only: "CLIP-ViT/G" names a diffusion model's text encoder
        ("on INT8 CLIP ViT-B/32, where", "model", {"CLIP", "CLIP ViT-B/32"}),
        ("two text encoders (CLIP-ViT/G and CLIP-ViT/L)", "model", set()),
        # the 69th set: QWHA's "Hella." column; Cambricon-D's models, datasets and baseline
        (
            "Arc-c Arc-e BoolQ Hella. Obqa",
            "benchmark",
            {"ARC", "ARC-Challenge", "ARC-Easy", "BoolQ", "HellaSwag", "OpenBookQA"},
        ),
        (
            "LSUN bedroom, LSUN cat and Conceptual Captions",
            "benchmark",
            {"LSUN", "LSUN-Bedrooms", "LSUN-Cats", "Conceptual Captions"},
        ),
        ("Guided-Diffusion [5], a classifier guided diffusion", "model", {"Guided-Diffusion"}),
        ("compared to Diffy [15]", "baseline", {"Diffy"}),
        ("ELQ Zhou et al. (2018), SYQ (Faraone et al., 2018)", "baseline", {"ELQ", "SYQ"}),
        # the 72nd set: Falcon's third release, apart from Falcon
        (
            "Falcon3-1B-Instruct and Falcon-7B",
            "model",
            {"Falcon3", "Falcon3-1B", "Falcon3-1B-Instruct", "Falcon", "Falcon-7B"},
        ),
        # the 70th set: Yi's second release, Tencent's Hunyuan models
        ("Yi-1.5-9B and Yi-34B", "model", {"Yi", "Yi-34B", "Yi-1.5", "Yi-1.5-9B"}),
        (
            "Hunyuan-1.8B-Instruct and Hunyuan-4B; HunyuanVideo",
            "model",
            {"Hunyuan", "Hunyuan-1.8B", "Hunyuan-1.8B-Instruct", "Hunyuan-4B", "HunyuanVideo"},
        ),
        ("OpenVLAOFT [18] and OpenVLA", "model", {"OpenVLA", "OpenVLA-OFT"}),
        (
            "LIBERO-Spatial, SeedBench2+ (test) and Line Retrieval [25]",
            "benchmark",
            {"LIBERO", "LIBERO-Spatial", "SEED-Bench", "SEED-Bench-2-Plus", "Line Retrieval"},
        ),
        # LongChat as a dataset is no model (CacheGen, the 67th set)
        ("on Mistral-7B with LongChat dataset [90]", "benchmark", {"LongChat"}),
        ("on Mistral-7B with LongChat dataset [90]", "model", {"Mistral", "Mistral-7B"}),
        ("LongChat-7B and LongChat", "model", {"LongChat", "LongChat-7B"}),
        ("the 99.9th percentile. Percentile values are clipped", "baseline", set()),
        ("xKV (Chang et al., 2025)", "baseline", {"xKV"}),
        (
            "Mistral NeMo 12B and MN-Minitron 8B",
            "model",
            {"Mistral-NeMo", "Mistral-NeMo-12B", "MN-Minitron", "MN-Minitron-8B"},
        ),
        (
            "UDM10, Lost in the Middle and TLDR9+",
            "benchmark",
            {"UDM10", "Lost in the Middle", "TLDR9+"},
        ),
        # NVFP4 scale choosers and nested lattices; DecodingTrust's perspectives, BOLD, and the
        # math competitions beside AIME; Toxic-BERT is no BERT (the 64th set)
        (
            "Four Over Six, 4over6, ScaleSweepMSE and NestQuantM",
            "baseline",
            {"Four Over Six", "ScaleSweep", "NestQuant"},
        ),
        (
            "DT-Fairness, DT-Toxicity, BOLD (Dhamala et al., 2021), CMIMC, HMMT and MMLU-Redux",
            "benchmark",
            {"DT-Fairness", "DT-Toxicity", "BOLD", "CMIMC", "HMMT", "MMLU-Redux"},
        ),
        ("the best results are in BOLD. a 4/6 split", "benchmark", set()),
        ("scored by Toxic-BERT", "model", set()),
        # Vicuna's version before its size, a checkpoint's lower case (the 60th set)
        ("Vicuna-v1.5-7B and vicuna-13b", "model", {"Vicuna", "Vicuna-7B", "Vicuna-13B"}),
        ("Bireal [61], BiRealNet and Bi-Real Net", "baseline", {"Bi-Real Net"}),
        # GLM's point releases and Meituan's LongCat-Flash (the 63rd set)
        (
            "GLM-4.7-Flash, GLM-4.5-Air and LongCat-Flash-Lite",
            "model",
            {
                "GLM-4.7",
                "GLM-4.7-Flash",
                "GLM-4.5",
                "GLM-4.5-Air",
                "LongCat-Flash",
                "LongCat-Flash-Lite",
            },
        ),
        ("GLM-4.7-Flash", "model", {"GLM-4.7", "GLM-4.7-Flash"}),  # (no GLM-4)
        (
            "HunyuanVideo-1.5, HunyuanVideo-13B and LongCat-Video",
            "model",
            {"HunyuanVideo-1.5", "HunyuanVideo", "HunyuanVideo-13B", "LongCat-Video"},
        ),
        ("a bireal number", "baseline", set()),
        # BitNet's versions are baselines of their own
        (
            "BitNet b1.58, BitNet 1.58, BitNet a4.8, BitNet v2 and BitNet",
            "baseline",
            {"BitNet b1.58", "BitNet a4.8", "BitNet v2", "BitNet"},
        ),
        # "-IT" is Gemma's instruct variant, and "-it" another family's instruct one
        ("Gemma-2-2B-IT", "model", {"Gemma-2", "Gemma-2-2B-IT"}),
        ("Llama3.1-8B-it", "model", {"LLaMA-3.1", "LLaMA-3.1-8B-Instruct"}),
        ("GPT-2 Medium on E2E-NLG [35]", "benchmark", {"E2E NLG Challenge"}),
        # Llama 3's checkpoint name, without its organisation's ("meta-llama/Meta-Llama-3-8B")
        ("Meta-Llama-3-8B", "model", {"LLaMA-3", "LLaMA-3-8B"}),
        # set 84's names (QATMA, Q-VLM)
        ("YOLO-World-L and OmDet-Turbo", "model", {"YOLO-World", "YOLO-World-L", "OmDet-Turbo"}),
        ("MoE-LLaVA-1.6B and LLaVA-7B", "model", {"MoE-LLaVA", "MoE-LLaVA-1.6B", "LLaVA-7B"}),
        ("VizWiz and Hateful Memes", "benchmark", {"VizWiz", "Hateful Memes"}),
        # a bit width after the name is no version: Llama at two bits
        ("Llama 2-bit GPTQ has tail and head confidence", "model", {"LLaMA"}),
        ("Llama 3 bits per weight", "model", {"LLaMA"}),
    ],
)
def test_spellings_of_recent_models_formats_and_methods(text, category, expected):
    assert values(text, category) == expected


@pytest.mark.parametrize(
    "text",
    [
        "results in the 2-2.8 bits per parameter range",  # AQLM's ranges
        "from 2 to 2.5 bits per parameter",
        "MicroMix utilizes 5-5.6 bits for Llama",
        "the 3−3.1 bits per parameter range",
    ],
)
def test_the_end_of_a_range_of_rates_is_no_setting(text):
    facets = extract_facets(paper(experiments=text + ". Table 1: Results.\n1.0\n2.0\n3.0"))
    assert not {f.value for f in facets if f.evaluated and "bits/param" in f.value}
    for setting in [
        "We run at 2.5 bits per parameter.",
        "We compress LLaMA-2-7B from 16 to 2.5 bits per parameter.",  # no range: a setting
    ]:
        assert "2.5 bits/param" in evaluated(
            extract_facets(paper(experiments=setting)), "precision"
        )


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("we compare with LLM-QAT", "method"),  # a baseline's name: the paper is no QAT paper
        ("the per-layer output reconstruction MSE and the per-layer Hessian", "granularity"),
        ("a per-layer bit-width search", "granularity"),
        ("we run it with llama.cpp on a laptop", "model"),
    ],
)
def test_names_that_contain_a_facet_give_none(text, category):
    assert not values(text, category)


@pytest.mark.parametrize(
    ("text", "category", "expected"),
    [
        ("LLaMA-2 7B/13B/70B", "model", {"LLaMA-2", "LLaMA-2-7B", "LLaMA-2-13B", "LLaMA-2-70B"}),
        (
            "LLaMA 7B, 13B, 30B, and 65B",
            "model",
            {"LLaMA", "LLaMA-7B", "LLaMA-13B", "LLaMA-30B", "LLaMA-65B"},
        ),
        ("OPT (1.3B, 2.7B)", "model", {"OPT", "OPT-1.3B", "OPT-2.7B"}),
        # a word for the family, or its citation, before the parenthesis
        (
            "the Qwen3 family (0.6B, 1.7B, 4B)",
            "model",
            {"Qwen3", "Qwen3-0.6B", "Qwen3-1.7B", "Qwen3-4B"},
        ),
        ("Qwen3 [38] (4B, 8B, 32B)", "model", {"Qwen3", "Qwen3-4B", "Qwen3-8B", "Qwen3-32B"}),
        # the bracket on the next line, as a PDF's line breaks put it
        ("on LLaMA-3\n(8B, 70B) models", "model", {"LLaMA-3", "LLaMA-3-8B", "LLaMA-3-70B"}),
        ("the OPT models (1.3B, 2.7B)", "model", {"OPT", "OPT-1.3B", "OPT-2.7B"}),
        # sizes in brackets that close are the paper's own models, released or not; a list
        # that goes on to tokens is read up to the sizes the family was released in
        ("we pre-train a Llama (400M) model", "model", {"LLaMA", "LLaMA-400M"}),
        # a variant after the list is every size's
        (
            "Qwen2.5-1.5B/3B-Instruct",
            "model",
            {
                "Qwen2.5",
                "Qwen2.5-1.5B-Instruct",
                "Qwen2.5-3B-Instruct",
            },
        ),
        (
            "LLaMA models of 130M and 1.1B parameters",
            "model",
            {"LLaMA", "LLaMA-130M", "LLaMA-1.1B"},
        ),
        ("OPT models at 1.3B and 2.7B, 300B tokens", "model", {"OPT", "OPT-1.3B", "OPT-2.7B"}),
        ("OPT (125M, 300B tokens)", "model", {"OPT", "OPT-125M"}),
        (
            "we train LLaMA-58M and Llama 130M on 10M tokens",
            "model",
            {"LLaMA", "LLaMA-58M", "LLaMA-130M"},
        ),
        # a version before the parenthesis; "Gemma 2B" stays a size
        (
            "Gemma 2 (9B, 27B) and Gemma 2B",
            "model",
            {"Gemma", "Gemma-2", "Gemma-2-9B", "Gemma-2-27B", "Gemma-2B"},
        ),
        ("We use LLaMA-3 8B/70B. We report", "model", {"LLaMA-3", "LLaMA-3-8B", "LLaMA-3-70B"}),
        # a name broken at a line-end hyphen, in two columns of a PDF
        (
            "On LLaMA-3-\n70B and OPT-\n13B, the gap",
            "model",
            {"LLaMA-3", "LLaMA-3-70B", "OPT", "OPT-13B"},
        ),
        (
            "LongBench (Qasper, HotpotQA, GovReport, TREC) and Needle-in-a-Haystack",
            "benchmark",
            {"LongBench", "Qasper", "HotpotQA", "GovReport", "TREC", "Needle-in-a-Haystack"},
        ),
        # only sizes the family was released in: the list has ended
        ("OPT-175B, 300B tokens", "model", {"OPT", "OPT-175B"}),
        ("2/3/4-bit", "precision", {"2-bit", "3-bit", "4-bit"}),
        ("quantized to 2, 3 and 4 bits", "precision", {"2-bit", "3-bit", "4-bit"}),
        ("4-, 3- and 2-bit weights", "precision", {"2-bit", "3-bit", "4-bit", "W2"}),
        # one pair each, and the last width still starts its own setting
        (
            "2-, 3- and 4-bit weights and activations",
            "precision",
            {"W2A2", "W3A3", "W4A4", "2-bit", "3-bit", "4-bit"},
        ),
        ("2 to 4 bits of information", "precision", set()),
        # both sides binary is a pair too
        ("binary weights and activations", "precision", {"W1A1", "1-bit", "binary"}),
        ("we binarize both weights and activations", "precision", {"W1A1", "1-bit", "binary"}),
        # an integer format named before both sides (1902.06822's Table 6)
        ("for INT4 weights and activations", "precision", {"W4A4", "INT4", "4-bit"}),
        # (not where the activations get a format of their own)
        ("INT4 weights and activations in FP16", "precision", {"INT4", "4-bit"}),
        ("group sizes of 32, 64 and 128", "granularity", {"per-group", "g32", "g64", "g128"}),
        ("group size 64/128", "granularity", {"per-group", "g64", "g128"}),
        # the last item may end the sentence; a decimal is still no item
        (
            "vary the group sizes to 32, 64, and 128. From Table 5",
            "granularity",
            {"per-group", "g32", "g64", "g128"},
        ),
        ("group size 64/128.5", "granularity", {"per-group", "g64"}),
        (
            "we quantize all weights, activations, and KV cache in 4 bits",
            "precision",
            {"W4A4KV4", "W4A4", "4-bit"},
        ),
        ("4-bit weights, activations and KV cache in FP16", "precision", {"4-bit", "W4"}),
        # a later item that is a bit width or a count of GPUs is no group size
        ("group size of 128, 4-bit weights", "granularity", {"per-group", "g128"}),
        ("group size of 128 and 2 GPUs", "granularity", {"per-group", "g128"}),
        # spaces alone do not continue a list: a table row may hold several families
        ("LLaMA-7B 13B 30B", "model", {"LLaMA", "LLaMA-7B"}),
        ("BLOOM-560M, 7B1", "model", {"BLOOM", "BLOOM-560M", "BLOOM-7.1B"}),
    ],
)
def test_lists_give_every_item(text, category, expected):
    assert values(text, category) == expected


def test_atoms_split_a_regex_into_what_it_concatenates():
    assert _atoms(r"(?:(?:)w(?:\d{1,2})a)(?![a-z])") == ["w", r"\d{1,2}", "a", "(?![a-z])"]
    assert _atoms(r"[- ]?bits?\s+(?:for\s+)?x") == [
        "[- ]?",
        "b",
        "i",
        "t",
        "s?",
        r"\s+",
        r"(?:for\s+)?",
        "x",
    ]
    # alternatives, flags, classes with "]" or ")" in them and lazy or possessive repeats
    assert _atoms(r"(?:a|b)(?i:c)[]a]*+[)(]\d{2,}?") == [
        "(?:a|b)",
        "(?i:c)",
        "[]a]*+",
        "[)(]",
        r"\d{2,}?",
    ]


def test_atoms_keep_long_escapes_whole():
    assert _atoms(r"\u2013bit\x2d\N{EN DASH}\012") == [
        r"\u2013",
        "b",
        "i",
        "t",
        r"\x2d",
        r"\N{EN DASH}",
        r"\012",
    ]
    # a library's loose patterns that differ inside an escape still compile, and are found
    data = {
        "precision": [
            {
                "value": "{n}-bit",
                "patterns": [r"(?P<n>\d{1,2}) \u2013bit", r"(?P<n>\d{1,2}) \u2014bits"],
            }
        ]
    }
    found = scan_text("use 4 \u2013bit and 8 \u2014bits", compile_vocabulary(data))
    assert [h.value for h in found] == ["4-bit", "8-bit"]


def test_the_filter_after_numbers_finds_what_the_plain_alternation_finds(corpus, monkeypatch):
    import papers.quant as quant

    data = _shipped_vocabulary()
    factored = compile_vocabulary(data)
    monkeypatch.setattr(quant, "_atoms", lambda source: [source])  # one atom each: no sharing
    plain = compile_vocabulary(data)
    assert factored.trigger.pattern != plain.trigger.pattern
    for name in ("2210.17323", "2306.00978", "2311.05161", "1806.08342"):
        for page in read_pdf(corpus / "pdf" / f"{name}.pdf").pages:
            text = ("\n" + page).lower()
            assert [m.span() for m in factored.trigger.finditer(text)] == [
                m.span() for m in plain.trigger.finditer(text)
            ]


def test_words_of_the_filter_start_with_a_character_not_a_repeat():
    assert _plain_starts(["[- ]?", "b", "i", "t"]) == [["[- ]", "b", "i", "t"], ["b", "i", "t"]]
    assert _plain_starts(["-?", "\\s*", "to"]) == [
        ["-", "\\s*", "to"],
        ["\\s", "\\s*", "to"],
        ["to"],
    ]
    assert _plain_starts(["\\s+", "x"]) == [["\\s", "\\s*", "x"]]
    assert _plain_starts(["(?:ab)?", "c"]) == [["(?:ab)?", "c"]]  # a group is left as it is


def test_a_trie_of_atoms_tries_a_shared_start_once():
    words = [tuple(_atoms(r"[- ]?bits?\s+weights?")), tuple(_atoms(r"[- ]?bits?\s+kv"))]
    assert _trie_regex(words, str) == r"[- ]?bits?\s+(?:kv|weights?)"
    # a filter: what starts with another word adds nothing
    assert _trie_regex([("a", "b"), ("a", "b", "c")], str) == "ab"


def test_the_filter_after_numbers_tries_each_shared_start_once():
    vocab = load_vocabulary()
    after = vocab.trigger.pattern.split("\\d*+(?=", 1)[1]
    # the patterns after a number that start with "[- ]?bits?" ("4-bit", "4 bits weights and 8
    # bits activations", ...) share one branch for "-bit" and one for "bit", not one each
    starting = [p for p in vocab.loose_matchers[0].patterns if "[- ]?bits?" in p.source]
    assert len(starting) > 5
    assert after.count("[- ]bits?") == 1
    text = "4-bit weights and 8-bit activations, 2.5 bits, W4A8, 64 group size"
    assert {h.value for h in scan_text(text)} == {
        "W4A8",
        "4-bit",
        "8-bit",
        "2.5 bits/param",
        "g64",
        "per-group",
    }


def test_render_template():
    assert render_template("W{w}A{a}", {"w": "4", "a": "8"}) == "W4A8"
    assert render_template("W{w}A{a}KV{kv}", {"w": "4", "a": "8"}) is None
    assert render_template("per-group{g:}", {"g": "128"}) == "per-group"
    assert render_template("LLaMA{!ver}", {"ver": "2"}) is None


# ---------------------------------------------------------------- helpers for the CLI


def facet(category: str, value: str, evaluated: bool = True) -> Facet:
    return Facet(category, value, evaluated)


def test_facet_summary_counts_papers_that_evaluate(tmp_path):
    db = open_db(tmp_path)
    for paper_id in ("b", "a", "c"):
        save_paper(db, Paper(id=paper_id, title=paper_id, authors=[]))
    stored = [
        ("b", "precision", "W4A8", 1),
        ("a", "precision", "W4A8", 1),
        ("a", "baseline", "GPTQ", 1),
        ("b", "baseline", "GPTQ", 0),
        ("c", "baseline", "AWQ", 0),  # mentioned by every paper that names it: not a row
        ("c", "precision", "W4A16", 1),
    ]
    with db.conn:
        db["facets"].insert_all(
            dict(zip(("paper_id", "category", "value", "evaluated"), row, strict=True))
            for row in stored
        )
    rows = facet_summary(db)
    assert [(r["category"], r["value"]) for r in rows] == [
        ("precision", "W4A8"),  # the most papers first within a category
        ("precision", "W4A16"),
        ("baseline", "GPTQ"),
    ]
    assert (rows[0]["papers"], rows[0]["ids"], rows[0]["mentioned_only"]) == (2, ["a", "b"], 0)
    assert (rows[2]["papers"], rows[2]["ids"], rows[2]["mentioned_only"]) == (1, ["a"], 1)


def test_compare_table_plain_and_markdown():
    data = {
        "2210.17323": [facet("precision", "4-bit"), facet("model", "OPT-175B")],
        "2306.00978": [facet("precision", "INT4"), facet("baseline", "GPTQ")],
    }
    plain = compare_table(data)
    assert plain.splitlines()[0].split() == ["category", "2210.17323", "2306.00978"]
    markdown = compare_table(data, markdown=True)
    assert markdown.startswith("| category | 2210.17323 | 2306.00978 |\n|---|---|---|")
    assert "| baseline | - | GPTQ |" in markdown


def test_quant_setting_markdown():
    text = quant_setting_markdown([facet("precision", "W4A16"), facet("granularity", "g128")])
    assert "- **Precision:** W4A16" in text
    assert "- **Granularity:** g128" in text
    # (none evaluated: "-", as compare and list --show say; their "?" is a paper never read)
    assert "- **Baselines:** -\n" in text


def test_quant_setting_markdown_gives_a_page_to_check_each_value_on():
    # "Check them against the paper" meant searching the PDF for each value: a page where
    # the paper runs it, its first evidence there as `papers facets` shows it (a table row)
    rtn = Facet("baseline", "RTN", True, [Evidence(2, "as RTN"), Evidence(7, "RTN 4.2")], [7, 9])
    opt = Facet("model", "OPT", True, [Evidence(3, "OPT")], [5, 4])
    titled = Facet("model", "BERT", True, [], [])  # (read from the paper as a whole)
    said = Facet("model", "GPT-2", True, [Evidence(6, "GPT-2")], None)
    text = quant_setting_markdown([rtn, opt, titled, said, facet("precision", "INT8", False)])
    assert "- **Baselines:** RTN (p.7)\n" in text
    assert "- **Models:** BERT, GPT-2 (p.6), OPT (p.4)\n" in text
    assert "- **Precision:** -\n" in text


def test_score_facets():
    scores = score_facets(
        {"precision": ["W4A16", "W3A16"]}, [facet("precision", "W4A16"), facet("precision", "INT8")]
    )
    assert scores["precision"] == (1, 1, 1)


# ---------------------------------------------------------------- corpus


def label_files() -> list[Path]:
    return sorted(LABELS.glob("*.json"))


def test_at_least_six_papers_are_labelled():
    labels = [json.loads(p.read_text("utf-8")) for p in label_files()]
    assert len(labels) >= 6
    for label in labels:
        assert set(label["facets"]) == set(CATEGORIES)


@pytest.fixture(scope="module")
def corpus_facets(corpus) -> dict[str, tuple[dict, list[Facet]]]:
    from papers.pdf import read_pdf

    out = {}
    for path in label_files():
        label = json.loads(path.read_text("utf-8"))
        doc = read_pdf(corpus / "pdf" / f"{label['paper']}.pdf")
        out[label["paper"]] = (label, extract_facets(doc.pages))
    return out


@pytest.mark.parametrize("category", CATEGORIES)
def test_corpus_precision_and_recall(corpus_facets, category):
    tp = fp = fn = 0
    for label, facets in corpus_facets.values():
        a, b, c = score_facets(label["facets"], facets)[category]
        tp, fp, fn = tp + a, fp + b, fn + c
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    assert precision >= 0.9, (category, precision)
    assert recall >= 0.8, (category, recall)


def test_corpus_evidence_points_at_real_text(corpus_facets, corpus):
    label, facets = corpus_facets["2210.17323"]
    gptq_groups = next(f for f in facets if f.value == "g128")
    assert gptq_groups.evaluated
    assert all(1 <= e.page <= 16 for e in gptq_groups.evidence)
    assert any("128" in e.snippet for e in gptq_groups.evidence)


def test_corpus_snippets_show_words_broken_at_line_ends_whole(corpus):
    from papers.pdf import read_pdf

    # Jacob et al. (1712.05877) prints "binary weight net-" / "works (BWN ...)" across a line
    facets = extract_facets(read_pdf(corpus / "pdf" / "1712.05877.pdf").pages)
    snippets = [e.snippet for f in facets for e in f.evidence]
    assert any("binary weight networks (BWN" in s for s in snippets)
    assert not any(re.search(r"[a-z]- [a-z]", s) for s in snippets)


# ---------------------------------------------------------------- rules that carry over


@pytest.mark.parametrize(
    ("text", "category", "expected"),
    [
        ("with group sizes of 1024 and 512", "granularity", {"g1024", "g512", "per-group"}),
        ("with a group size of 8,192, we", "granularity", {"g8192", "per-group"}),
        ("group sizes of 1,024 and 2,048", "granularity", {"g1024", "g2048"}),
        ("group size 1 and 128", "granularity", {"g128", "per-group"}),
        # a size of thousands with its separator (GPTVQ), not a list without spaces
        ("and a group size of\n8,192.", "granularity", {"g8192", "per-group"}),
        ("group sizes 64,128 and 256", "granularity", {"g64", "g128", "g256", "per-group"}),
        ("group size set to\n1024 and 512, respectively", "granularity", {"g1024", "g512"}),
        ("4.6 to 4.71 bits per parameter", "precision", {"4.6 bits/param", "4.71 bits/param"}),
        ("approximately 3.6 average bits per parameter", "precision", {"3.6 bits/param"}),
        ("scaling for 3- to 8-bit parameters", "precision", {"3-bit", "8-bit"}),
        ("GPT-J6B and GPT-NeoX20B", "model", {"GPT-J-6B", "GPT-NeoX-20B"}),
        (
            "Table H.1: The full results of GPT-3350M and GPT-31.3B",
            "model",
            {"GPT-3-350M", "GPT-3-1.3B"},
        ),
        ("125M to 13B OPT, BLOOM", "model", {"OPT", "BLOOM"}),
        (
            "BoolQ\nCopa\nRTE\nWSC\nMultiRC\nReCoRD\nANLI R1\nRACE-h\nWebQs",
            "benchmark",
            {"BoolQ", "COPA", "RTE", "WSC", "MultiRC", "ReCoRD", "ANLI", "RACE", "WebQuestions"},
        ),
        ("perplexity on The Pile Common Crawl", "benchmark", {"Pile-CC"}),
        ("compared with PEG and OMSE", "baseline", {"PEG", "OMSE"}),
    ],
)
def test_lists_ranges_and_glued_names(text, category, expected):
    assert expected <= values(text, category)


@pytest.mark.parametrize(
    ("text", "category", "absent"),
    [
        ("increased sensitivity in a group of 8192 × 128 weights", "granularity", "g8192"),
        ("we plot the row-wise weight range of the attention output", "granularity", "per-channel"),
        ("2.5\n3.0\n5.0\nAverage bits", "precision", "5.0 bits/param"),
        # a group of one weight is no group
        ("QA-LoRA (group-size=1) for binarization", "granularity", "g1"),
        ("QA-LoRA (group-size=1) for binarization", "granularity", "per-group"),
        ("group size 1 and 128", "granularity", "g1"),
        # a comma after a size of thousands ends it
        ("with a group size of 8,192, we", "granularity", "g8"),
        # a block of rows by columns is no group size
        ("the classification layer uses a group size of 100 × 96.", "granularity", "g100"),
        # words that name a dataset only as a cell or cited
        ("PointPillars on KITTI. Cars, pedestrians and cyclists are detected", "benchmark", "Cars"),
        ("quantized networks of the ACAS Xu Aircraft collision avoidance", "benchmark", "Aircraft"),
        ("The MME estimator of the scale is used.", "benchmark", "MME"),
        # a chat template is no chat model
        ("We use the LLaMA-2-7B chat template.", "model", "LLaMA-2-7B-Chat"),
        ("the Llama-2-7B Chat mode of the demo", "model", "LLaMA-2-7B-Chat"),
        ("We use the Llama-2-7B-Chat templates.", "model", "LLaMA-2-7B-Chat"),
        # an evaluation length is no long-context model
        ("LLaMA-2-7B-4K context", "model", "LLaMA-2-7B-4K"),
        # "64,128" is a list, not sixty-four thousand
        ("group sizes 64,128 and 256", "granularity", "g64128"),
    ],
)
def test_false_friends_of_lists_and_granularity(text, category, absent):
    assert absent not in values(text, category)


def test_bounds_and_overheads_are_no_bit_rates():
    facets = extract_facets(
        paper(
            experiments="SpQR reaches 4.6 bits per parameter, twice. We stay at 4.6 bits per "
            "parameter. All runs use less than 4.5 bits per parameter. Blocking adds 0.24 bits "
            "per parameter, and the 0.25 bits per parameter of outliers are an overhead. The "
            "residual lowers the rate by approximately 0.1 bit, then cuts it by 0.1 bits. "
            "Each weight is represented by 2.5 bits per parameter, in all runs by 2.5 bits per "
            "parameter. Even 0.3 bits matter; even 0.3 bits. A memory overhead increase of 0.75 "
            "bits, twice an increase of 0.75 bits."
        )
    )
    got = evaluated(facets, "precision")
    assert {"4.6 bits/param", "2.5 bits/param"} <= got  # "by" alone is no difference
    differences = {"4.5", "0.24", "0.25", "0.1", "0.3", "0.75"}
    # a number cell above a table head "Bit Width" is no rate (PTQ4ARVG)
    table = "\n".join(
        ["Table 2: FID and IS.", "Ours", "162.85", "0.68", "0.71", "Bit Width", "W8A8"]
    )
    assert "0.71 bits/param" not in evaluated(
        extract_facets(paper(experiments=table * 2)), "precision"
    )
    assert not {f"{d} bits/param" for d in differences} & got


def test_method_section_framing_counts_without_the_abstract():
    pages = [
        "BarQuant: Small Models\nAbstract\nWe make models small.\n1\nIntroduction\nText.\n"
        "2\nMethod\nWe propose a post-training quantization method that uses the Hessian. "
        "The Hessian inverse is updated; the Hessian is dampened.\n",
        "3\nExperiments\nWe run post-training quantization with the inverse Hessian.\n",
    ]
    got = evaluated(extract_facets(pages), "method")
    assert {"PTQ", "second-order"} <= got


def test_related_work_appendix_after_references_only_mentions():
    pages = paper(experiments="We evaluate W4A8 on LLaMA-7B.", refs="[1] A. Author. 2020.")
    pages.append("A\nRelated work\nSmoothQuant evaluates W8A8 on OPT-66B and BLOOM-176B.\n")
    facets = extract_facets(pages)
    assert "OPT-66B" in mentioned(facets, "model")
    assert "W8A8" in mentioned(facets, "precision")


def test_wrapped_reference_is_no_appendix():
    refs = (
        "Kovaleva, O., Kulshreshtha, S., Rogers, A., and Rumshisky,\n"
        "A. Bert busters: Outlier dimensions that disrupt trans-\n"
        "formers. ImageNet ImageNet ImageNet, 2021.\n"
    )
    facets = extract_facets(paper(experiments="We evaluate W4A8.", refs=refs))
    assert "ImageNet" not in evaluated(facets, "benchmark")


@pytest.mark.parametrize(
    "title",
    [
        *("A Results on WMT 2014", "A Results with a context length of 2048"),
        # an appendix named with its letter (EfficientQAT)
        *("Appendix A More Results", "APPENDIX B: ADDITIONAL EXPERIMENTS"),
    ],
)
def test_appendix_titled_with_a_year_or_a_length_counts(title):
    pages = paper(refs="[1] Someone. A paper. 2020.")
    pages.append(title + "\nWe also evaluate W2A16 on OPT-13B with Wiki2.\n")
    assert "W2A16" in evaluated(extract_facets(pages), "precision")


def test_appendix_of_other_methods_results_only_mentions():
    pages = paper(experiments="We evaluate W4A8 on LLaMA-7B.", refs="[1] A. Author. 2020.")
    pages.append("Appendix D Results Source of Other Methods\nBiLLM reports W1A16 on OPT-66B.\n")
    facets = extract_facets(pages)
    assert "OPT-66B" in mentioned(facets, "model")


def test_reference_by_an_initial_is_no_appendix():
    refs = (
        "A. Gersho. 1979. Asymptotically optimal block quantization. IEEE Trans\n"
        "actions on Information Theory, 25(4). ImageNet ImageNet ImageNet.\n"
    )
    facets = extract_facets(paper(experiments="We evaluate W4A8.", refs=refs))
    assert "ImageNet" not in evaluated(facets, "benchmark")


def test_the_rest_of_an_authors_name_wrapped_onto_a_line_is_no_appendix():
    # Amove's bibliography: "... Marta Andronic, George\nA Constantinides, and Mohamed S
    # Abdelfattah. 2024. BitMoD: ..." is no appendix A; the entries after it stay references
    refs = (
        "[7] Yuzong Chen, Ahmed F AbouElhamayed, Xilai Dai, Marta Andronic, George\n"
        "A Constantinides, and Mohamed S Abdelfattah. 2024. BitMoD: Bit-serial\n"
        "Mixture-of-Datatype LLM Acceleration. arXiv preprint (2024).\n"
        "[8] Haojun Xia et al. 2024. Fp6-llm: serving with fp6. MXFP8 recipes on ImageNet.\n"
    )
    facets = extract_facets(paper(experiments="We evaluate W4A8.", refs=refs))
    assert not {"FP6", "MXFP8"} & evaluated(facets, "precision")
    assert "ImageNet" not in evaluated(facets, "benchmark")


def test_a_figures_step_labels_skip_no_section_number():
    # SageAttention2's workflow figure: "4", "O", "5", "Optional", "+" are labels, not a
    # section 5 that would leave "4. Experiment" behind it; a heading lost in conversion
    # still lets the next number begin ("7 The INT quantization paradigm" after 5)
    figure = "3. FooQuant\nWe smooth Q and K.\n4\nO\n5\nOptional\n+\n"
    figure += "Figure 3. Workflow of FooQuant, which smooths Q\nand K first.\nThus it is fast.\n"
    experiments = "4. Experiment\n4.1. Setup\nWe run GLM-4-9B at W4A8.\n"
    page = "FooQuant: Fast\nAbstract\nWe do.\n1. Introduction\nText.\n2. Background\nText.\n"
    page += figure + experiments
    assert "GLM-4-9B" in evaluated(extract_facets([page]), "model")
    lost = "5. Results\nText.\n7\nThe INT quantization paradigm\nWe run GLM-4-9B at W4A8.\n"
    page = "FooQuant: Fast\nAbstract\nWe do.\n1. Introduction\nW4A8 is hard.\n" + lost
    assert "GLM-4-9B" in mentioned(extract_facets([page]), "model")


def test_the_preprint_styles_running_head_is_no_appendix():
    # "A PREPRINT" tops every page of arXiv's preprint style, the bibliography's too: no
    # appendix A begins there (1 Bit Is All We Need read its references as results)
    refs = "[1] M. Rastegari et al. Xnor-net: Imagenet classification. 2016.\nA PREPRINT\n"
    refs += "[2] Z. Liu et al. Bi-real net on ImageNet. 2018.\n"
    facets = extract_facets(paper(experiments="We evaluate W4A8.", refs=refs))
    assert "ImageNet" not in evaluated(facets, "benchmark")


def test_caption_and_list_items_are_no_headings():
    pages = [
        "Title\nAbstract\nWe study things.\n1. Introduction\n"
        "1. We find a new feature of outliers that show asym-\n"
        "2. We propose fast and stable ways to determine\n"
        "16\nFigure 1. Bit-level scaling laws for mean zero-shot performance\nof OPT.\n"
        "2 Related work\nZeroQuant evaluates W8A8 on BLOOM-176B and WikiText-2.\n",
        "3 Experiments\nWe evaluate W4A8 on LLaMA-7B and WikiText-2.\n",
    ]
    facets = extract_facets(pages)
    assert "W8A8" in mentioned(facets, "precision")
    assert "W4A8" in evaluated(facets, "precision")


def test_a_numbered_list_counting_past_its_section_is_no_section():
    # a list in section 3 goes on to "4." and "5.": the later "4. Experimental Setup" is
    # section 4 all the same, and so are its tables
    pages = [
        "Title\nAbstract\nWe study things.\n1. Introduction\nOur contributions:\n"
        "1. Systematic benchmarking of four small models across Q4 quantization\n"
        "on CPUs, measuring both speed and accuracy.\n"
        "2. Agent workflow evaluation that extends beyond single-turn inference to\n"
        "assess multi-step workflows.\n"
        "2. Related Work\nZeroQuant evaluates W8A8 on BLOOM-176B.\n"
        "3. Methodology\nWorkflow execution:\n1. Receive task instruction\n"
        "2. Construct prompt with system instruction and task input\n"
        "3. The model generates a response\n4. If tool call: execute tool, append result\n"
        "5. If final answer: record output, compute metrics\n"
        "4. Experimental Setup\nWe run W4A16 on Mistral-7B.\n",
    ]
    facets = extract_facets(pages)
    assert "W8A8" in mentioned(facets, "precision")
    assert {"W4A16"} <= evaluated(facets, "precision")
    assert "Mistral-7B" in evaluated(facets, "model")


def test_a_short_known_title_after_a_list_is_a_section():
    pages = [
        "Title\nAbstract\nWe study things.\n1 Introduction\nWe find:\n"
        "1. Outliers of activations grow with the model size in every layer we measure\n"
        "2. Related Work\nZeroQuant evaluates W8A8 on BLOOM-176B.\n"
        "3. Experiments\nWe evaluate W4A8 on LLaMA-7B.\n",
    ]
    facets = extract_facets(pages)
    assert "W8A8" in mentioned(facets, "precision")
    assert "W4A8" in evaluated(facets, "precision")


def test_family_header_with_a_size_column():
    rows = "\n".join(
        f"{size}\n{method}\n3.9\n10.1\n12.2"
        for size in ("6.7B", "13B")
        for method in ("SpQR", "RTN", "GPTQ")
    )
    text = "Table 9: OPT results.\nOPT\nSize\nMethod\nAvg bits\nWiki2\nC4\n" + rows
    facets = extract_facets(paper(experiments=text))
    assert {"OPT-6.7B", "OPT-13B"} <= evaluated(facets, "model")


HELDOUT = Path(__file__).parent / "data" / "facets_heldout"
HELDOUT2 = Path(__file__).parent / "data" / "facets_heldout2"
HELDOUT7 = Path(__file__).parent / "data" / "facets_heldout7"


@pytest.mark.parametrize(
    "labels", [HELDOUT, HELDOUT2, HELDOUT7], ids=["heldout", "heldout2", "heldout7"]
)
def test_heldout_papers_meet_the_targets_leniently(corpus, labels):
    """Papers labelled by someone else, from the papers alone: ambiguous values left out of
    both sides (strict scores are reported by benchmarks/facets.py --labels). A guard against
    regressions: these sets were measured first, then used for fixes."""
    from papers.pdf import read_pdf

    totals = {c: [0, 0, 0] for c in CATEGORIES}
    for path in sorted(labels.glob("*.json")):
        label = json.loads(path.read_text("utf-8"))
        pdf = corpus / "pdf" / f"{label['paper']}.pdf"
        if not pdf.exists():
            pdf = corpus / "nostamp" / f"{label['paper']}.pdf"
        facets = extract_facets(read_pdf(pdf).pages)
        found = {c: set(v) for c, v in evaluated_values(facets).items()}
        for category in CATEGORIES:
            ambiguous = set(label.get("ambiguous", {}).get(category, []))
            truth = set(label["facets"].get(category, [])) - ambiguous
            got = found.get(category, set()) - ambiguous
            for k, n in enumerate((len(truth & got), len(got - truth), len(truth - got))):
                totals[category][k] += n
    for category, (tp, fp, fn) in totals.items():
        assert tp / (tp + fp) >= 0.9, (category, totals[category])
        assert tp / (tp + fn) >= 0.8, (category, totals[category])


# ---------------------------------------------------------------- tables and own names (heldout2)


def test_method_names_from_a_results_table():
    """A name the vocabulary lacks is a baseline when it sits in the method column of a table
    that lists known methods, and is cited like a method; table words, datasets, models,
    settings and the paper's own variants are not."""
    table = "\n".join(
        [
            "Table 1: Perplexity on WikiText-2.",
            "Method",
            "Wiki2",
            "FP16",
            "5.68",
            "RTN",
            "6.29",
            "GPTQ (Frantar et al., 2022)",
            "6.13",
            "BazQuant [7]",
            "6.01",
            "PubMed",
            "6.40",
            "Average",
            "6.20",
            "LLaMA-7B",
            "5.90",
            "FooQuant-L",
            "5.95",
            "FooQuant (Ours)",
            "5.92",
        ]
    )
    text = "We compare with BazQuant [7] and GPTQ.\n" + table
    facets = extract_facets(paper(experiments=text))
    baselines = evaluated(facets, "baseline")
    assert {"RTN", "GPTQ", "BazQuant"} <= baselines
    assert not {"PubMed", "Average", "FooQuant", "FooQuant-L", "FP16"} & baselines
    evidence = next(f for f in facets if f.value == "BazQuant").evidence
    assert evidence and "BazQuant" in evidence[0].snippet


def test_table_names_need_a_known_method_nearby():
    table = "\n".join(["Table 3: Latency.", "Setting", "BazQuant [7]", "1.0", "2.0", "3.0"])
    facets = extract_facets(paper(experiments=table))
    assert "BazQuant" not in evaluated(facets, "baseline")


@pytest.mark.parametrize(
    "prose",
    [
        # NeurIPS's citations, the year in brackets (GMPQ-TE, the 71st set)
        "ZorBit Wang et al. [2020] rounds the weights.",
        # beaten, each with its score; or named among other methods
        "FooQuant outperforms BiLLM (32.48%) and ZorBit (9.73%).",
        "Other methods like ZorBit and BiLLM fall behind.",
    ],
)
def test_a_table_name_the_prose_cites_or_names_as_a_method_is_a_baseline(prose):
    rows = "Table 3: Perplexity.\nMethod\nWiki2\nBiLLM\n32.48\nZorBit\n9.73\nFooQuant\n7.83\n"
    assert "ZorBit" in evaluated(extract_facets(paper(experiments=rows + prose)), "baseline")
    # (the same table, the prose saying nothing of it)
    bare = extract_facets(paper(experiments=rows + "ZorBit serves the requests."))
    assert "ZorBit" not in evaluated(bare, "baseline")


def test_a_table_name_that_titles_a_cited_paper_is_a_baseline():
    """A name the vocabulary lacks, in a results table beside known methods, is a baseline
    when someone cites it; a bibliography entry whose title starts with the name ("SOAR:
    Scale optimization ...") cites it though the prose names it bare."""
    rows = "Table 1: Accuracy.\nMethod\nMMLU\nGPTQ\n71.2\nAWQ\n71.9\nSOAR\n72.4\nFooQuant\n73.0\n"
    prose = "SOAR optimizes the block scales."
    bibliography = (
        "[1] C. Bao, X. Yan. 2026. SOAR: Scale optimization for accurate reconstruction in NVFP4"
        " quantization. arXiv preprint arXiv:2605.12245."
    )
    cited = extract_facets(paper(experiments=rows + prose, refs=bibliography))
    assert "SOAR" in evaluated(cited, "baseline")
    # the same name, nowhere cited or titled: perhaps a setting, left out
    bare = extract_facets(paper(experiments=rows + prose, refs="[1] C. Bao. 2026. Other work."))
    assert "SOAR" not in {f.value for f in bare}
    # a name in the middle of a title is no method's name
    inside = "[1] C. Bao. 2026. Towards SOAR: a study. arXiv preprint arXiv:2605.12245."
    assert "SOAR" not in {
        f.value for f in extract_facets(paper(experiments=rows + prose, refs=inside))
    }


BERT_ROWS = (
    "Table 2: Results on GLUE.\nMethod\nMNLI\nQQP\nSST-2\nW8A8 [3] (QAT)\n83.9\n84.1\n92.8\n"
    "W8A8 (ours)\n84.0\n84.5\n93.0\n"
)
BERT_REFS = (
    "[1] A. Author. Attention is all you need. In NeurIPS, 2017.\n"
    "[2] B. Author. Other work on transformers. 2019.\n"
    "[3] Sheng Shen, Zhen Dong, Jiayu Ye, Linjian Ma, Zhewei Yao,\nand Kurt Keutzer. Q-BERT: "
    "Hessian based ultra low precision\nquantization of BERT. In AAAI, 2020.\n"
)


def test_a_row_citing_a_method_by_number_alone_compares_with_it():
    """ZeroQuant's rows "W8A8 [56] (QAT)" and "W8A8 [76] (QAT)" are Q-BERT's and Q8BERT's: the
    numbered entry's title opens with the method's name, which the row never prints."""
    facets = extract_facets(paper(experiments=BERT_ROWS, refs=BERT_REFS))
    assert "Q-BERT" in evaluated(facets, "baseline")
    (q_bert,) = [f for f in facets if f.value == "Q-BERT"]
    assert "W8A8 [3]" in q_bert.evidence[0].snippet


@pytest.mark.parametrize(
    "rows, refs",
    [
        # the entry's title does not open with a method's name
        (BERT_ROWS, BERT_REFS.replace("Q-BERT: Hessian", "Hessian")),
        # nor has the name at the title's start, after the authors
        (BERT_ROWS, BERT_REFS.replace("Q-BERT: Hessian", "Beyond Q-BERT: Hessian")),
        # the number is another entry's
        (BERT_ROWS.replace("[3]", "[2]"), BERT_REFS),
        # a sentence's last words under a table, not a row
        (
            BERT_ROWS.replace(" [3]", "") + "which is in line with other methods [3].\nWe go on.",
            BERT_REFS,
        ),
    ],
)
def test_a_number_cites_a_method_only_by_its_entrys_title_and_in_a_row(rows, refs):
    facets = extract_facets(paper(experiments=rows, refs=refs))
    assert "Q-BERT" not in {f.value for f in facets}


@pytest.mark.parametrize(
    "entry, method",
    [
        ("[12] E. Frantar, S. Ashkboos, and D. Alistarh. GPTQ: Accurate post-training", "GPTQ"),
        ("[56] S. Shen, Z. Dong, and K. Keutzer. Q-BERT: Hessian based ultra low", "Q-BERT"),
        ("[56] Sheng Shen and Kurt Keutzer. Q-BERT: Hessian based ultra low", "Q-BERT"),
        ("[3] C. Bao. Beyond Q-BERT: a study of ultra low precision", None),
    ],
)
def test_the_method_a_numbered_entrys_title_opens_with(entry, method):
    """Authors' initials before the title ("D. Alistarh. GPTQ: ...") hide no title."""
    assert entry_method(entry, load_vocabulary()) == method


def test_zeroquants_baselines_cited_by_number(corpus):
    facets = extract_facets(read_pdf(corpus / "pdf" / "2206.01861.pdf").pages)
    found = {f.value: f for f in facets if f.category == "baseline" and f.evaluated}
    assert {"Q-BERT", "Q8BERT"} <= set(found)
    assert "W8A8 [56] (QAT)" in found["Q-BERT"].evidence[0].snippet
    assert "W8A8 [76] (QAT)" in found["Q8BERT"].evidence[0].snippet


def test_a_model_library_in_a_table_of_methods_is_no_baseline():
    """timm (PyTorch Image Models) names the vision models a kernel paper runs, in the rows of a
    table that lists methods (SageAttention2's appendix); cited, it is still no method."""
    rows = "Table 9: Accuracy.\nMethod\nTop-1\nSageAttention\n80.1\nTIMM\n80.3\n"
    prose = "We run the vision models of TIMM (Wightman, 2019)."
    facets = extract_facets(paper(experiments=rows + prose))
    assert "SageAttention" in evaluated(facets, "baseline")
    assert "TIMM" not in {f.value for f in facets}


def test_a_pretraining_corpus_in_a_table_of_methods_is_no_baseline():
    """QERA's fine-tuning table heads its columns with the corpora (SlimPajama, GSM8K) beside
    rows of methods; a corpus beaten by nothing is still no method."""
    rows = "Table 2: Fine-tuning.\nMethod\nSlimPajama\n7.1\nQLoRA\n7.4\nLoftQ\n7.3\n"
    prose = "Our method outperforms QLoRA and LoftQ on SlimPajama (Soboleva et al., 2023)."
    facets = extract_facets(paper(experiments=rows + prose))
    assert {"QLoRA", "LoftQ"} <= evaluated(facets, "baseline")
    assert "SlimPajama" not in evaluated(facets, "baseline")


def test_a_table_name_the_results_prose_outperforms_is_a_baseline():
    """An uncited name in a results table beside known methods is a baseline when the prose
    compares the paper's results with it ("outperforming BiLLM and OneBit by large margins",
    GLVQ's Table 3); a name the prose only speeds up "over" or describes stays out."""
    rows = "Table 3: Perplexity.\nMethod\nWiki2\nBiLLM\n32.48\nZorBit\n9.73\nFooQuant\n7.83\n"
    beaten = "FooQuant outperforms BiLLM and ZorBit by large margins."
    facets = extract_facets(paper(experiments=rows + beaten))
    assert {"BiLLM", "ZorBit"} <= evaluated(facets, "baseline")
    for prose in ("FooQuant runs 2x faster over ZorBit.", "ZorBit serves the requests."):
        facets = extract_facets(paper(experiments=rows + prose))
        assert "ZorBit" not in {f.value for f in facets}, prose


def test_a_table_name_the_prose_spells_out_as_a_method_is_a_baseline():
    """An uncited name in a results table beside known methods is a baseline when the prose
    spells it out as a method ("round-to-nearest (RTN)"); a metric spelled out, or the paper's
    own method, is not."""

    def table(name: str) -> str:
        return f"Table 2: Perplexity.\nMethod\nWiki2\nGPTQ\n6.13\nAWQ\n6.09\n{name}\n7.20\n"

    spelled = "The simplest baseline is stochastic rounding (StR) of every weight."
    facets = extract_facets(paper(experiments=table("StR") + spelled))
    assert "StR" in evaluated(facets, "baseline")
    for name, prose in (
        ("TTFT", "We report the time to first token (TTFT) of each run."),
        ("PerSG", "Our proposed per-state-group quantization (PerSG) keeps the states."),
    ):
        facets = extract_facets(paper(experiments=table(name) + prose))
        assert name not in evaluated(facets, "baseline"), prose


def test_method_names_from_rows_laid_out_on_one_line():
    table = "Table 2: Top-1 accuracy.\nMethod W/A Top-1\nZeroQ 4/4 19.09\nQuxNet-Q [3] 4/4 34.53\n"
    facets = extract_facets(paper(experiments=table + "QuxNet-Q [3] is data-free."))
    assert {"ZeroQ", "QuxNet-Q"} <= evaluated(facets, "baseline")


def test_bit_width_columns_of_a_table():
    """Bare numbers under W-bit/A-bit columns (one cell a line) or W/A pairs are bit widths."""
    cells = ["Method", "W-bit", "A-bit", "Top-1", "DFQ", "✓", "3", "3", "0.10"]
    cells += ["DFQ", "✓", "5", "32", "60.1", "ZeroQ", "5", "32", "61.2", "DFQ", "6", "6", "67.30"]
    facets = extract_facets(paper(experiments="Table 1: Results.\n" + "\n".join(cells)))
    assert {"3-bit", "5-bit", "6-bit"} <= evaluated(facets, "precision")
    assert "32-bit" not in {f.value for f in facets}
    pairs = "Methods\nBits (W/A)\nResNet-18\nAdaRound\n3/32\n68.07\nBRECQ\n3/32\n69.81\n"
    pairs += "AdaRound\n2/4\n60.12\nBRECQ\n2/4\n64.80\n"
    facets = extract_facets(paper(experiments="Table 2: Results.\n" + pairs))
    assert {"2-bit", "3-bit", "4-bit"} <= evaluated(facets, "precision")
    # a cell under "W/A" is the pair; one side at 32 bits is no pair setting
    assert "W2A4" in evaluated(facets, "precision")
    assert "W3A32" not in {f.value for f in facets}
    # under separate columns, a row's two widths are its pair, as under "W/A" (SQuant's
    # "W-bit A-bit" tables: "--facet W4A4" finds the paper that runs 4-bit weights and
    # activations), and a row of 32-bit activations is a width of weights alone
    pairs_of_rows = {
        f.value
        for f in extract_facets(paper(experiments="Table 1: Results.\n" + "\n".join(cells)))
        if f.category == "precision" and f.value.startswith("W") and f.evaluated
    }
    assert pairs_of_rows == {"W3A3", "W6A6"}
    row = "Table 1: Results.\nMethod W-bit A-bit Top-1\nDFQ 4 4 60.10\nOurs 4 8 66.14\n"
    assert {"W4A4", "W4A8"} <= evaluated(extract_facets(paper(experiments=row)), "precision")
    # a W/A cell that opens a group of rows (a first column spanning them, as LAPQ prints
    # "8 / 4" over "MMSE", "LAPQ (Ours)", "ACIQ [1]"): the paper's own row among them makes
    # it run; it was taken for the cited row above it ("ACIQ [1]" of the group before)
    group = "Model\nW/A Method\nAccuracy(%)\n32 / 32 FP32\n69.7\nOurs\n68.8\nACIQ [1]\n65.5\n"
    group += "8 / 4\nMMSE\n68\nOurs\n66.3\nACIQ [1]\n52.4\n6 / 6\nACIQ [1]\n40.1\nKLD [19]\n31.9\n"
    found = evaluated(extract_facets(paper(experiments="Table 1: R.\n" + group)), "precision")
    assert "W8A4" in found and "W6A6" not in found  # (a group of cited rows alone: theirs)
    # a table read column by column: its widths in runs, whose neighbours are no row's pair
    # ("4", "4", "8" under W-bit, then "4", "8", "8" under A-bit made W4A4, W8A4, W8A8)
    by_column = "\n".join(["Method", "W-bit", "A-bit", "Top-1", "DFQ", "Ours", "GPTQ"])
    by_column += "\n" + "\n".join(["4", "4", "8", "4", "8", "8", "60.1", "66.1", "61.0"])
    found = evaluated(extract_facets(paper(experiments="Table 1: R.\n" + by_column)), "precision")
    assert {"4-bit", "8-bit"} <= found and not any(v.startswith("W") for v in found)
    # "#Bits (W-A-KV)" over "4-4-16" and "4-4-4", as rotation papers print them
    triples = (
        "#Bits (W-A-KV)\nMethod\n7B\n16-16-16\nFP16\n5.47\n4-4-16\nRTN\n2e3\n4-4-4\nOurs\n6.22\n"
    )
    found = evaluated(
        extract_facets(paper(experiments="Table 3: Results.\n" + triples)), "precision"
    )
    assert {"W4A4", "W4A4KV4", "W4A4KV16", "4-bit"} <= found  # "4-4-16" as the paper spells it
    assert not {"W16A16", "W16A16KV16"} & found  # full precision is no setting
    # the same with each row on one line, and the header after another cell of its line
    rows = (
        "Method #Bits (W-A-KV) BoolQ PIQA SIQA HellaSwag WinoGrande ARC-e ARC-c Wiki2 C4\n"
        "SmoothQuant 4-8-4 54.7 69.5 43.6 60.5 56.2 47.7 30.0 32.2 49.3 11.2 13.9\n"
        "LLM-QAT 4-8-8 72.9 76.9 47.2 71.3 66.9 68.7 45.0 51.2 62.5 7.4 9.4\n"
    )
    found = evaluated(extract_facets(paper(experiments="Table 3: Results.\n" + rows)), "precision")
    assert {"W4A8KV4", "W4A8KV8", "W4A8"} <= found
    # "Bit. (W/A)" after another head cell, as I&S-ViT prints it
    short = "Method\nOpti. Bit. (W/A)\nViT-S\nPTQ4ViT\n×\n4/4\n42.57\nRepQ-ViT\n×\n6/6\n80.43\n"
    found = evaluated(extract_facets(paper(experiments="Table 1: Results.\n" + short)), "precision")
    assert {"W4A4", "W6A6"} <= found
    prose = "we split the data 3/4 for training\nand 1/4 for testing in this experiment setting."
    facets = extract_facets(paper(experiments="the W/A ratio\n" + prose))
    assert not {"3-bit", "1-bit"} & {f.value for f in facets}
    # the head of the name column before it, the pairs as the table's columns (Quantization
    # Networks: "Methods W/A" over "1/32", "2/32", "1/1", "1/2", then the rows)
    across = "Methods W/A\n1/32\n2/32\n5/32\n1/1\n1/2\nBWN [27]\n56.8/79.4\n-\n-\n44.2/69.2\n-\n"
    found = evaluated(extract_facets(paper(experiments="Table 1: Top-1.\n" + across)), "precision")
    assert {"W1A1", "W1A2", "1-bit", "2-bit", "5-bit"} <= found
    # (a sentence about methods' W/A is still no head)
    prose = "the methods W/A\nratios were 3/4 and 1/4 for the data in this experiment setting."
    assert not {"W3A4", "W1A4"} & {f.value for f in extract_facets(paper(experiments=prose))}
    # the head in lower case, a cell of its own (FQ-BERT: "w/a" over "32/32" and "4/8")
    lower = "Model\nw/a\nSST-2\nBERT\n32/32\n92.32\nFQ-BERT\n4/8\n91.51\n"
    found = evaluated(
        extract_facets(paper(experiments="Table 1: Accuracy.\n" + lower)), "precision"
    )
    assert {"W4A8", "4-bit", "8-bit"} <= found
    # ("w/a" in a sentence is none: "trained w/a schedule")
    prose = (
        "the model trained w/a\nschedule of 3/4 and 1/4 of the steps in this experiment setting."
    )
    assert not {"W3A4", "W1A4"} & {f.value for f in extract_facets(paper(experiments=prose))}


def test_number_formats_compared_with_are_no_methods():
    # an FP8 training paper compares its format with others, cited
    prose = (
        "This section presents the accuracy of our methodology and compares\nit against other "
        "state-of-the-art data formats such as IEEE-754 FP32, FP16, and\nBFloat16 [15] and "
        "BarQuant [16]."
    )
    pages = paper(experiments=prose)
    regions = classify_lines(pages)
    vocab = load_vocabulary()
    pairs = zip(pages, regions, strict=True)
    names = set().union(*(compared_names(t, r, vocab) for t, r in pairs))
    assert "BarQuant" in names
    assert "BFloat16" not in names
    # nor is an architecture, cited (S2FP8 trains "Transformer (Vaswani et al., 2017)")
    architecture = paper(
        experiments="We compare with BarQuant [16] and Transformer (Vaswani et al., 2017) on "
        "IWSLT, and with FooBar (Lee et al., 2020)."
    )
    regions = classify_lines(architecture)
    pairs = zip(architecture, regions, strict=True)
    names = set().union(*(compared_names(t, r, vocab) for t, r in pairs))
    assert "BarQuant" in names
    assert "Transformer" not in names


def test_a_bits_column_after_the_names_gives_the_widths_of_its_rows():
    # as GPTQ, SpQR and QuIP# print them: the 2-bit rows are in the table only
    table = (
        "Method\nBits\nWiki2\nC4\nFP16\n16\n5.47\n7.08\nRTN\n4\n6.11\n7.71\n"
        "GPTQ\n3\n6.75\n8.44\nQuIP#\n2\n8.22\n11.01\n"
    )
    found = evaluated(
        extract_facets(paper(experiments="Table 1: Perplexity.\n" + table)), "precision"
    )
    assert {"2-bit", "3-bit", "4-bit"} <= found
    # a column of GPU counts before it: the number after a name is no width
    speed = "Kernel\nGPUs\nBits\nSpeed-up\ncuBLAS\n8\n16\n2.80\nOurs\n1\n4\n3.86\n"
    found = {f.value for f in extract_facets(paper(experiments="Table 2: Speed.\n" + speed))}
    assert not {"8-bit", "1-bit"} & found
    # a device and its count after the width, a section number after the last row
    rows = (
        "Method\nBits\nGPU\nBatch\ntok/s\nFP16\n16\nA100\n1\n45.1\nQuIP#\n2\nRTX 4090\n1\n"
        "120.3\nGPTQ\n4\n6.01\nOOM\n5\nConclusion\n"
    )
    found = {f.value for f in extract_facets(paper(experiments="Table 3: Speed.\n" + rows))}
    assert "4-bit" in found and not {"1-bit", "5-bit"} & found


def test_a_tables_caption_right_under_an_illustrations_caption_is_the_tables():
    """ZeroQuant's page 6: "Figure 2: The illustration of ... GeMM." then "Table 2: Result of
    BERTbase on ... GLUE benchmark": the figure's caption ran on into the table's, so the
    table's benchmark and model were an illustration's."""
    text = (
        "GeMM\nDequant\nFigure 2: The illustration of normal (left) and our fused (right) INT8 "
        "GeMM.\nTable 2: Result of BERT-base on the development set of GLUE benchmark (except "
        "WNLI). The\nbaseline uses full precision.\nMethod\nCoLA\nMNLI\nW8A8\n59.7\n84.9\n"
        "W4A8\n56.1\n83.0\n"
    )
    facets = extract_facets(paper(experiments=text))
    assert "GLUE" in evaluated(facets, "benchmark")


OS_TABLE = "Table 2: Results on OPT-13B.\nBits\nMethod\nPIQA\nINT6\nSmoothQuant\n76.1\nOurs\n77.2\n"


@pytest.mark.parametrize(
    "notation",
    [
        "Notation: We use INT8, INT6, INT4 to denote\nthe bitwidth of activation and weight.",
        "INT6 denotes the bit-width of both weights and activations.",
    ],
)
def test_an_integer_format_the_notation_gives_both_sides_is_their_pair(notation):
    """OS+ writes its settings INT8, INT6 and INT4, defined once as the width of weights and
    activations alike: a reviewer asking for W6A6 wants it."""
    facets = extract_facets(paper(experiments=notation + "\n" + OS_TABLE))
    assert "W6A6" in evaluated(facets, "precision")
    # with no such notation, INT6 is a width and no more
    assert "W6A6" not in values_of(extract_facets(paper(experiments=OS_TABLE)), "precision")


def test_os_plus_settings_are_pairs(corpus):
    facets = extract_facets(read_pdf(corpus / "pdf" / "2304.09145.pdf").pages)
    assert {"W8A8", "W6A6", "W4A4"} <= evaluated(facets, "precision")


W_BITS_ROWS = (
    "Method\nw-bits e-bits Acc\nBaseline\n32\n32\n93.0\nDirectQ\n4\n8\n85.6\nOurs\n4\n8\n"
    "92.6\nOurs\n3\n8\n92.5\nOurs\n2\n8\n84.6\n"
)


@pytest.mark.parametrize(
    "caption",
    [
        # Q-BERT's Table 1
        "Table 1: Results on SST-2. We abbreviate bits for weights as “w-bits”. All the models\n"
        "except for Baseline are using 8-bits activation.",
        "Table 1: Results on SST-2, activations kept at 8 bits.",
    ],
)
def test_a_weights_column_under_a_caption_setting_the_activations_gives_pairs(caption):
    found = evaluated(extract_facets(paper(experiments=caption + "\n" + W_BITS_ROWS)), "precision")
    assert {"W4A8", "W3A8", "W2A8", "4-bit", "3-bit", "2-bit"} <= found
    assert "W32A8" not in found  # (the full-precision row)


@pytest.mark.parametrize("head", ["w-bits", "W-bits", "Weight bits", "Weight-bit"])
def test_a_weights_column_alone_gives_its_widths_only(head):
    """With no width of activations set for the table, its rows are widths of weights."""
    rows = W_BITS_ROWS.replace("w-bits", head)
    facets = extract_facets(paper(experiments="Table 1: Results on SST-2.\n" + rows))
    found = evaluated(facets, "precision")
    assert {"4-bit", "3-bit", "2-bit"} <= found
    assert not any(value.startswith("W") for value in found)


def test_q_berts_weight_widths_at_8_bit_activations(corpus):
    facets = extract_facets(read_pdf(corpus / "pdf" / "1909.05840.pdf").pages)
    found = {f.value: f for f in facets if f.category == "precision" and f.evaluated}
    assert {"W2A8", "W3A8", "W4A8", "W8A8"} <= set(found)
    assert 6 in (found["W3A8"].pages or [])


# BRECQ's Table 5: the method columns' W/A pairs under no "W/A" head, the activations' width
# in the caption
PAIR_CELLS = (
    "Models\nBackbone\nFull Prec.\nAdaRound*\nZeroQ\nFooQuant (Ours)\n32/32\n4/8\n2/8\n"
    "4MP/8\n8/8\n4/8\n2/8\nFaster RCNN\nResNet-18\n34.55\n33.96\n23.01\n-\n34.53\n34.34\n"
    "31.82\nResNet-50\n38.55\n37.58\n19.63\n-\n38.54\n38.29\n34.23\n"
)


def test_pairs_under_a_caption_setting_the_activations_are_w_a_settings():
    caption = (
        "Table 5: Object detection task (MS COCO) comparison on fully quantized models. Activations"
        "\nhere are quantized to 8-bit. We report the bounding box mean Average Precision (mAP).\n"
    )
    found = evaluated(extract_facets(paper(experiments=caption + PAIR_CELLS)), "precision")
    assert {"W8A8", "W4A8", "W2A8"} <= found
    assert "W32A32" not in found  # (the full-precision column)
    # and the same caption printed under its table, prose after it
    prose = (
        "We find that FooQuant keeps the accuracy of the full-precision model on every backbone.\n"
    )
    pages = paper(experiments=prose + PAIR_CELLS + caption + prose)
    assert {"W8A8", "W4A8", "W2A8"} <= evaluated(extract_facets(pages), "precision")
    # with no width of activations in the caption, "4/8" may be anything: no pair
    plain = "Table 5: Object detection task (MS COCO) comparison on fully quantized models.\n"
    found = values_of(extract_facets(paper(experiments=plain + PAIR_CELLS)), "precision")
    assert not {"W4A8", "W2A8"} & found


def test_brecqs_detection_table_runs_w4a8_and_w2a8(corpus):
    facets = extract_facets(read_pdf(corpus / "pdf" / "2102.05426.pdf").pages)
    found = {f.value: f for f in facets if f.category == "precision" and f.evaluated}
    assert {"W8A8", "W4A8", "W2A8"} <= set(found)
    assert 8 in (found["W4A8"].pages or [])


def test_acronym_introduced_later_is_the_own_method():
    pages = paper(experiments="Table 4: GLUE.\nMethod\nQ8BERT\n1.0\n2.0\nPEG\n3.0\n4.0")
    pages.insert(1, "4\nMethod\nTo fix this, we introduce per-embedding-group (PEG) quantization.")
    facets = extract_facets(pages)
    assert "Q8BERT" in evaluated(facets, "baseline")
    assert "PEG" not in evaluated(facets, "baseline")


@pytest.mark.parametrize(
    ("text", "category", "expected"),
    [
        ("summarization on CNNDailyMail and XSUM", "benchmark", {"CNN/DailyMail", "XSum"}),
        ("CNN/DailyMail", "benchmark", {"CNN/DailyMail"}),
        ("PTB\nWIKI-2\nWIKI-103", "benchmark", {"PTB", "WikiText-2", "WikiText-103"}),
        ("BART-base and BART large", "model", {"BART-base", "BART-large"}),
        ("SqueezeNext and ShuffleNet", "model", {"SqueezeNext", "ShuffleNet"}),
        ("ZeroQ, DSG and GDFQ", "baseline", {"ZeroQ", "DSG", "GDFQ"}),
        ("NVIDIA FasterTransformer INT8", "baseline", {"FasterTransformer"}),
        ("MKQ-BERT latency", "baseline", {"MKQ-BERT"}),
    ],
)
def test_heldout2_vocabulary(text, category, expected):
    assert values(text, category) == expected


def test_dq_bart_is_no_bart_model():
    assert values("the DQ-BART algorithm", "model") == set()


def test_per_token_statistics_are_no_granularity():
    assert values("(a) Per-token ranges of the FFN output", "granularity") == set()
    assert values("per-token quantization", "granularity") == {"per-token"}


def test_one_side_in_full_precision_is_no_pair():
    assert values("W8A32 and W32A8", "precision") == {"8-bit"}


def test_results_section_named_for_accuracy_evaluates():
    pages = paper()
    pages[0] += "\n4\nModel Accuracy for INT4 Quantization\nWe fine-tune BART-base on XSum.\n"
    facets = extract_facets(pages)
    assert "XSum" in evaluated(facets, "benchmark")
    assert "BART-base" in evaluated(facets, "model")


@pytest.mark.parametrize(
    ("text", "category", "expected"),
    [
        ("the FP8-E4 format", "precision", {"E4M3", "FP8", "8-bit"}),
        ("FP8-E5 and FP8-E2", "precision", {"E5M2", "E2M5", "FP8"}),
        ("group size g ∈ {128, 256, 512}", "granularity", {"g128", "g256", "per-group"}),
        ("GPT Neo 1.3B and GPT-2 Medium", "model", {"GPT-Neo-1.3B", "GPT-2-Medium", "GPT-2"}),
        ("Yolov5, HRNet-W48 and DeepLabv3+", "model", {"YOLOv5", "HRNet-W48", "DeepLabV3+"}),
        ("Mnv2-ssd-lite and ResNeXt-101", "model", {"MobileNetV2-SSDLite", "ResNeXt-101"}),
        ("on Cityscapes, Pascal VOC and COLA", "benchmark", {"Cityscapes", "Pascal VOC", "CoLA"}),
        ("BWN, INQ and FGQ", "baseline", {"BWN", "INQ", "FGQ"}),
    ],
)
def test_vision_and_fp8_spellings(text, category, expected):
    assert expected <= values(text, category)


def test_g_equals_needs_a_group_size():
    assert not values("with g = 2 and g = 100", "granularity")


def test_method_section_sentence_pointing_at_a_figure_reports_a_result():
    pages = [
        "BarQuant: Small Models\nAbstract\nWe make models small.\n1\nIntroduction\nText.\n"
        "2\nMethod\nWe design a kernel. For the OPT-6.7B model in Fig. 6, accuracy holds. "
        "The design also suits OPT-13B in principle.\n",
        "3\nExperiments\nWe run it.\n",
    ]
    facets = extract_facets(pages)
    assert "OPT-6.7B" in evaluated(facets, "model")
    assert "OPT-13B" in mentioned(facets, "model")


# ---------------------------------------------------------------- generalisation (heldout3)


def test_words_broken_at_a_line_end_are_read_whole():
    assert values("we adopt post-\ntraining quantization", "method") == {"PTQ"}
    assert "OPT-13B" in values("for OPT-\n13B and OPT-30B", "model")
    # the hit still points into the line where the word starts
    hit = next(h for h in scan_text("x\nfor OPT-\n13B") if h.value == "OPT-13B")
    assert hit.start in range(2, 10)


def test_group_size_symbol_in_a_figure_legend():
    assert values("g = 128\ng = 64", "granularity") == {"g128", "g64", "per-group"}
    assert not values("g = 100 and g = 3", "granularity")


def test_bits_a_format_resolves_are_no_setting():
    text = "FP8-E5 only gives around 4 or 5 bits of information; FP8-E4 has 5 bits of accuracy"
    assert not values(text, "precision") - {"FP8", "E5M2", "E4M3", "8-bit"}


def test_mobilenet_ssd_is_one_model():
    assert "MobileNet-SSD" in values("models of MobileNet SSD [10, 25] on COCO", "model")


def test_a_number_among_table_cells_is_no_section():
    pages = [
        "Title\nAbstract\nText.\n1. Introduction\nWe quantize to INT4 in related ways.\n"
        "2. Method\nWe design it.\nDepth\n50\n100\n8\nAccuracy\n74.9%\n"
        "4. Experiments\nResults with INT8 weights and INT8 activations hold.\n"
        "5. Discussion\nOne could try INT4 as well.\n"
    ]
    facets = extract_facets(pages)
    assert "INT8" in evaluated(facets, "precision")
    assert "INT4" in mentioned(facets, "precision")


def test_comparison_to_other_work_only_mentions():
    pages = paper(
        experiments="We run W4A16 on LLaMA-7B.\n4\nComparison to other work\n"
        "The other paper runs ResNet-32 on CIFAR-100.\n"
    )
    facets = extract_facets(pages)
    assert "ResNet-32" in mentioned(facets, "model")
    assert "CIFAR-100" in mentioned(facets, "benchmark")


GRID = "wt.\nact.\n8\n7\n6\n5\n4\n8\n-0.9%\n-0.3%\n-0.4%\n-1.3%\n-3.5%\n7\n-1.3%\n-0.5%\n"


def test_weight_by_activation_grid_gives_the_widths():
    facets = extract_facets(paper(experiments="Ablation study.\n" + GRID))
    assert {"4-bit", "5-bit", "6-bit", "7-bit", "8-bit"} <= evaluated(facets, "precision")


def test_a_grid_gives_the_pairs_it_reports():
    # MolmoAct2's "W\\A" corner: rows of weight widths, a cell a column, a dash where the pair
    # was not run; the pairs of rows laid out whole only (the second grid loses a cell)
    grid = "W\\A\n8\n6\n4\n8\n0.380\n–\n–\n6\n0.379\n0.379\n–\n4\n0.374\n0.373\n0.576\n"
    facets = extract_facets(paper(experiments="Ablation study.\n" + grid * 2))
    pairs = {v for v in evaluated(facets, "precision") if v.startswith("W")}
    assert pairs == {"W8A8", "W6A8", "W6A6", "W4A8", "W4A6", "W4A4"}
    lost = GRID.replace("-0.3%\n", "")  # the first row's second cell lost
    facets = extract_facets(paper(experiments="Ablation study.\n" + lost * 2))
    assert not {v for v in values_of(facets, "precision") if v.startswith("W")}


def test_a_grid_at_the_top_of_a_page_gives_the_widths():
    first, second = paper(experiments="Ablation study: the grid is on the next page.\n")
    body, refs = second.split("\nReferences\n")
    facets = extract_facets([first, body, GRID + "\nReferences\n" + refs])
    assert {"4-bit", "5-bit", "6-bit", "7-bit", "8-bit"} <= evaluated(facets, "precision")


def test_sentences_about_other_papers_only_mention():
    experiments = (
        "Bondarenko et al. (2021) use per-token quantization for their models. "
        "Results are in Table 2.\n"
    )
    facets = extract_facets(paper(experiments=experiments))
    assert "per-token" in mentioned(facets, "granularity")
    # a citation crediting the source of the paper's own default is no such sentence
    experiments = "Our defaults are per-channel weight quantization (Dettmers et al., 2022).\n"
    facets = extract_facets(paper(experiments=experiments))
    assert "per-channel" in evaluated(facets, "granularity")
    # nor is a sentence saying what was applied to the paper's own models (LoTA-QAF's setup)
    experiments = (
        "GPTQ (Frantar et al., 2022) asymmetric quantization is applied to all these models, "
        "with a group size of 64 for Llama 3.1 8B.\n"
    )
    facets = extract_facets(paper(experiments=experiments))
    assert "g64" in evaluated(facets, "granularity")
    # nor one that takes the cited work's scheme as the paper's own (AsymKV, the 68th set)
    for experiments in (
        "Each decoder layer in FooQuant adheres to the quantization scheme outlined in KIVI "
        "(Liu et al., 2024c), that is, per-token quantization with a group size of 32.\n",
        "Following KIVI (Liu et al., 2024c), the values use a group size of 32.\n",
    ):
        facets = extract_facets(paper(experiments=experiments))
        assert "g32" in evaluated(facets, "granularity"), experiments
    experiments = "KIVI (Liu et al., 2024c) uses a group size of 32 for the values.\n"
    assert "g32" in mentioned(extract_facets(paper(experiments=experiments)), "granularity")


def test_a_hypothetical_is_a_mention():
    experiments = "With ranges set well, you could have even used a INT5 format instead.\n"
    facets = extract_facets(paper(experiments=experiments))
    assert "INT5" in mentioned(facets, "precision")


def test_an_illustration_figure_is_a_mention_and_a_results_legend_counts():
    experiments = (
        "We compare formats.\n0\n2\n2\n1\nUnsigned INT4 grid, unsigned FP4 grids\n"
        "Figure 4: An example of the floating point format for unsigned 4 bits.\n"
        "More text that is prose and goes on for a while in this section here.\n"
        "-5\n0\n5\n10\n15\ng = 128\ng = 64\nFigure 6. Accuracy drop for group sizes.\n"
    )
    pages = paper(experiments="We run W4A16.\n")
    pages.insert(1, "3.1 Design\n" + experiments)  # a method section (no results heading)
    pages[0] = pages[0].replace("2\nRelated Work\n", "2\nDesign of the method\n")
    facets = extract_facets(pages)
    assert "FP4" in mentioned(facets, "precision")
    assert {"g128", "g64"} <= evaluated(facets, "granularity")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("we used 8/8-bits for weights/activations here", {"W8A8", "8-bit"}),
        ("with 4-bits weights, 8-bits embedding and 8-bits activation", {"W4A8"}),
        ("the bits were set to be 4 for weights, 8 for embeddings and 8 for activations", {"W4A8"}),
        ("it quantizes both weights and activations as 8-bit integers", {"W8A8"}),
        ("we set weight and activation bits as 4 in (a)", {"W4A4"}),
        ("weights and activations to 4/8 bits", {"W4A8"}),
    ],
)
def test_weight_activation_pairs_in_prose(text, expected):
    assert expected <= values(text, "precision")


@pytest.mark.parametrize(
    "text",
    [
        "for layer-wise quantization, the entire tensor shares one range",
        "a single set of quantization parameters for all values within each activation array",
    ],
)
def test_one_range_per_tensor_is_per_tensor(text):
    assert values(text, "granularity") == {"per-tensor"}


@pytest.mark.parametrize(
    "text",
    [
        "guided by a layer-wise analysis of second order information",
        # GPTQ's objective, one layer at a time, says nothing of the scales (MagR)
        "the following simple estimate of the layer-wise quantization error",
        "Layer-wise quantization errors (root mse) for MagR+OPTQ and OPTQ",
        "we solve the layer-wise quantization problem with OPTQ",
    ],
)
def test_layer_wise_analysis_is_no_granularity(text):
    assert not values(text, "granularity")


def test_straight_through_estimator_is_qat():
    assert values("we use the Straight-through Estimator (STE) [2]", "method") == {"QAT"}


def test_run_in_headings_start_sections():
    pages = [
        "BarQuant: Small Models\nAbstract. We make models small with a new method of ours.\n"
        "1. Introduction. Quantization helps. Others use INT4 [3].\n"
        "2. Related Work.\nMany papers exist.\n"
        "4. Experiment. In this section, we describe our experiments on things.\n"
        "Results with INT8 weights and INT8 activations hold on SST-2.\n"
    ]
    assert_split(pages, "precision", "INT8", "INT4")


def test_a_group_size_the_paper_sets_in_its_method_is_evaluated():
    # "We set N=4 and group size 128" (a method section, no table): the paper's own setting;
    # a group size another paper used stays a mention
    pages = [
        "BarQuant: Small Models\nAbstract\nWe make models small with a new method.\n"
        "1\nIntroduction\nOthers quantize with a group size 64 [3].\n"
        "2\nMethod\nWe set N=4 and group size 128 and adapt GPTQ to the factors.\n"
        "3\nExperiments\nResults hold on WikiText-2.\n"
    ]
    assert_split(pages, "granularity", "g128", "g64")


def test_introduction_begins_the_paper_again_after_a_table_of_contents():
    # a contents list first ("3 Methodology" ... "7 Additional Results"), then the paper's own
    # numbered sections: "1 Introduction" starts them again, so the experiments are found
    pages = [
        "BarQuant: Small Models\n3 Methodology\n4 Experiments\n7 Additional Results\n"
        "Abstract\nWe make models small with a new method.\n"
        "1 Introduction\nOthers quantize to INT4 [3].\n2 Related Work\nMany papers.\n"
        "3 Methodology\nWe round weights.\n4 Experiments\nWe run INT8 weights on SST-2.\n"
    ]
    assert_split(pages, "precision", "INT8", "INT4")


def test_unnumbered_experiment_titles_start_sections():
    # AAAI's unnumbered headings: "Experiments and Results", "Experimental Setup"; and
    # "Evaluation Results" (QSVD's conversion)
    titles = ("Experiments and Results", "Experimental Setup", "Experiment Setup")
    for title in (*titles, "Evaluation Results", "Results and Discussion"):
        pages = [
            "BarQuant: Small Models\nAbstract\nWe make models small with a new method.\n"
            "Introduction\nQuantization helps. Others use INT4 [3].\n"
            f"{title}\nWe quantize weights and activations to INT8 on SST-2.\n"
        ]
        assert_split(pages, "precision", "INT8", "INT4")


def test_an_unnumbered_methodology_is_the_papers_own_method():
    # ISL-ViT-Tiny's headings: "Methodology" after the related work, its group size there
    pages = [
        "BarQuant: Small Models\nAbstract\nWe make models small.\nIntroduction\nOthers quantize.\n"
        "Related Work\nFooQuant uses groups of 64 [3].\nMethodology\nWe store the weight "
        "matrices at 4 bits in groups of 128, each group with its own scale.\n"
    ]
    facets = extract_facets(pages)
    assert "g128" in evaluated(facets, "granularity")
    assert "g64" in mentioned(facets, "granularity")


def test_british_spellings_of_quantization_are_read():
    # "quantisation-aware training", "vector quantisation" (ISL-ViT-Tiny); the evidence keeps
    # the paper's own spelling
    facets = extract_facets(
        paper(experiments="We use quantisation-aware training and vector quantisation. " * 2)
    )
    assert {"QAT", "vector quantization"} <= values_of(facets, "method")
    (qat,) = [f for f in facets if f.value == "QAT"]
    assert "quantisation-aware" in qat.evidence[0].snippet


# a results table laid out one cell a line, check marks extracted as control characters
_CITED_ROWS = (
    "Table 1. Quantization results for ResNet18. Here, we abbreviate Integer-Only Quantization\n"
    "as Int, Uniform Quantization as Uni, the Baseline Accuracy as BL, and the model size as\n"
    "Size. Our result with and without distillation is represented as the BarQuant row.\n"
    "Method\nInt Uni BL\nPrecision Size Top-1\n"
    "FooVQ (Park et al., 2018b)\n\x17\n\x17 69.91\nW8A8\n11.1 70.01\n"
    "BarQuant\n\x13 \x13 71.47\nW8A8\n11.1 71.56\n"
    "PACT (Choi et al., 2018)\n\x17\n\x13 70.20\nW5A5\n7.2\n69.80\n"
    "LQ-Nets (Zhang et al., 2018)\n\x17\n\x17 70.30 W4A32\n5.8 70.00\n"
    "CalibTIB(Hubara et al., 2020) \x17\n\x13 71.97\nW4A4\n5.8\n67.50\n"
    "BarQuant\n\x13 \x13 71.47\nW4A4\n5.8\n68.45\n"
)


def test_table_rows_of_cited_methods_are_baselines_and_not_own_settings():
    pages = [
        "BarQuant: Small Models\nAbstract\nWe propose BarQuant, an integer method.\n"
        "1\nIntroduction\nText.\n",
        "3\nExperiments\nThe results follow.\n" + _CITED_ROWS + "\nReferences\n"
        "[1] J. Park et al. FooVQ: value-aware quantization. 2018.\n"
        "[2] I. Hubara et al. CalibTIB: improving post training quantization. 2020.\n",
    ]
    facets = extract_facets(pages)
    assert {"FooVQ", "PACT", "CalibTIB", "LQ-Nets"} <= evaluated(facets, "baseline")
    assert {"W8A8", "W4A4"} <= evaluated(facets, "precision")
    assert "W5A5" in mentioned(facets, "precision")  # only PACT's row


def test_rows_beside_the_papers_own_row_are_methods_when_none_is_known():
    # QT-DoG's Table 1: domain-generalisation methods no vocabulary knows, beside "QT-DoG
    # (ours)"; its ensemble's row "EoQ†" with "(ours)" in the line under it is its own too;
    # the header's datasets are benchmarks
    rows = ["Table 1: Accuracy on DomainBed.", "Algorithm", "Size", "PACS", "VLCS", "Avg."]
    # (and a variant of a row marked as the paper's own is its own too: "GLVQ (ours)",
    # "GLVQ-8D")
    own = ("FooQuant (ours)", "EoQ†\n(ours)", "ZapQ (ours)", "ZapQ-8D")
    for name in ("ERM [3]", "CORAL [4]", "MIRO [5]", *own):
        rows += [name, "1x", "85.1", "77.4", "63.8"]
    rows.append("Table 2 shows that the ZapQ-8D method is fast.")
    facets = extract_facets(paper(experiments="\n".join(rows)))
    assert evaluated(facets, "baseline") == {"ERM", "CORAL", "MIRO"}
    assert {"PACS", "VLCS", "DomainBed"} <= evaluated(facets, "benchmark")


@pytest.mark.parametrize(
    "text",
    [
        "Overview of the trained ternary quantization procedure.",
        "The model is quantized and fine-tuned from the baseline.",
        "We fine-tune the quantized model for one epoch.",
        "Weights are quantized during training.",
        # a network of a bit width trained, and low-precision networks' training (LSQ)
        "we trained a 2-bit ResNet-18 model with LSQ for 90 epochs",
        "which has been shown to improve low precision network training",
        "a method for training low-precision networks",
    ],
)
def test_training_with_quantization_named_in_words_is_qat(text):
    assert values(text, "method") == {"QAT"}


def test_sizes_under_two_family_cells_go_to_the_family_that_has_them():
    # "OPT | LLaMA" over one row of sizes: 6.7B is OPT's, 7B is LLaMA's
    table = "\n".join(
        ["Table 3: Perplexity.", "OPT", "LLaMA", "125M", "6.7B", "7B", "Baseline"]
        + ["31.95", "12.29", "5.68", "RTN", "40.1", "13.0", "6.3"]
    )
    models = evaluated(extract_facets(paper(experiments=table)), "model")
    assert {"OPT-125M", "OPT-6.7B", "LLaMA-7B"} <= models
    assert not {"LLaMA-125M", "LLaMA-6.7B", "OPT-7B"} & models


def test_family_cells_in_a_row_take_their_own_runs_of_sizes():
    # KVQuant's Table 18: three family cells, a sized model's cell, then each family's sizes
    # in a rising run; no family takes another's ("LLaMA-3-7B", "LLaMA-2-30B")
    table = "\n".join(
        ["Table 18: Perplexity.", "Method", "LLaMA", "Llama-2", "Llama-3", "Mistral-7B"]
        + ["Avg. Num. Bits", "7B", "13B", "30B", "65B", "7B", "13B", "70B", "8B", "70B"]
        + ["baseline", "5.68", "5.09", "4.10", "3.53", "5.12", "4.57", "3.12", "5.54", "2.59"]
    )
    models = evaluated(extract_facets(paper(experiments=table)), "model")
    assert {"LLaMA-7B", "LLaMA-65B", "LLaMA-2-7B", "LLaMA-2-70B", "LLaMA-3-8B"} <= models
    assert {"LLaMA-3-70B", "Mistral-7B"} <= models
    assert not {"LLaMA-2-30B", "LLaMA-2-65B", "LLaMA-3-7B", "LLaMA-3-13B"} & models


def test_a_family_cell_that_names_llama_1_keeps_llama_1_sizes():
    # HBLLM's Table 1 (two tables side by side, read as one): "LLaMA1" over its own sizes and
    # the "8B" of the LLaMA3 half; LLaMA-8B and LLaMA-70B were never released
    table = "\n".join(
        ["Table 1: Perplexity.", "LLaMA1", "Size", "Method", "7B", "FrameQuant", "10.89"]
        + ["8B", "FrameQuant", "28.44", "13B", "BiLLM", "14.99", "70B", "BiLLM", "385.8"]
    )
    models = evaluated(extract_facets(paper(experiments=table)), "model")
    assert {"LLaMA-7B", "LLaMA-13B"} <= models
    assert not {"LLaMA-8B", "LLaMA-70B"} & models


def test_a_caption_family_leaves_sizes_to_the_versions_its_cells_name():
    # PLENA's Table 5: the caption names bare LLaMA, the cells over the sizes name LLaMA-2
    # and LLaMA-3 in one line; the sizes are theirs, no LLaMA-8B or LLaMA-70B
    table = "\n".join(
        ["Table 5: Perplexity with emulation (nonlinear ops in full precision) for LLaMA."]
        + ["LLaMA-2 [66] LLaMA-3 [46]", "Method", "W/A/KV", "7B", "13B", "70B", "8B", "70B"]
        + ["Baseline", "16/16/16", "5.47", "4.83", "3.31", "6.13", "2.85"]
    )
    models = evaluated(extract_facets(paper(experiments=table)), "model")
    assert not {"LLaMA-7B", "LLaMA-8B", "LLaMA-13B", "LLaMA-70B"} & models


def test_a_caption_over_its_table_runs_on_after_a_sentence():
    # SmoothQuant's Table 6: the caption's first line ends a sentence, its second goes on
    table = "\n".join(
        [
            "Results on LLaMA models.",
            "Table 6: SmoothQuant can enable lossless W8A8 quantization for LLaMA models [31].",
            "Results are perplexity on WikiText-2 dataset. We used per-token activation",
            "quantization and alpha = 0.8 for SmoothQuant.",
            *("Wiki PPL", "7B", "13B", "30B", "65B", "FP16", "11.51", "10.05", "7.53", "6.17"),
            "LLaMA models are new open language models with superior performance.",
        ]
    )
    models = evaluated(extract_facets(paper(experiments=table)), "model")
    assert {"LLaMA-7B", "LLaMA-13B", "LLaMA-30B", "LLaMA-65B"} <= models


def test_a_cited_benchmark_that_heads_a_table_column_is_evaluated():
    experiments = "\n".join(
        [
            "We evaluate on AgentBench [23] and on our HFTBench [seq. len 2048] framework.",
            "Table 2: Scores.",
            *("Model", "AgentBench", "HFTBench", "Qwen2.5-7B", "41.2", "3.1"),
        ]
    )
    assert {"AgentBench", "HFTBench"} <= evaluated(
        extract_facets(paper(experiments=experiments)), "benchmark"
    )


def test_a_benchmark_named_so_is_one_unless_it_is_cited_work():
    # FPX's own HFTBench; related benchmark suites cited in a table (the KV-cache study) or a
    # sentence (PB-LLM's "BiBench [Qin et al., 2023]")
    experiments = "\n".join(
        [
            "We evaluate on HFTBench, a high-frequency trading simulation, and LongBench.",
            "Table 2: Accuracy on HFTBench.",
            *("Model", "HFTBench", "Qwen2.5-7B", "41.2", "Qwen2.5-14B", "44.0"),
            "Table 3: Related suites. LLM-QBench (Gong et al., 2024) WikiText2 12.1",
            "Following the binarization benchmark in BiBench [Qin et al., 2023], we test more.",
            "The kernels pass our TestBench before each run.",
        ]
    )
    facets = extract_facets(paper(experiments=experiments))
    benchmarks = values_of(facets, "benchmark")
    assert {"HFTBench", "LongBench"} <= evaluated(facets, "benchmark")
    # cited suites, and a tool the vocabulary's settings name (not_benchmarks)
    assert not {"LLM-QBench", "BiBench", "Bench", "TestBench"} & benchmarks


def test_a_named_version_takes_only_its_released_sizes():
    # two version cells over one rising run: each takes the sizes it was released in
    table = "\n".join(
        ["Table 3: Perplexity.", "LLaMA-2", "LLaMA-3", "7B", "8B", "RTN", "5.9", "6.4"]
        + ["GPTQ", "5.8", "6.2"]
    )
    models = evaluated(extract_facets(paper(experiments=table)), "model")
    assert {"LLaMA-2-7B", "LLaMA-3-8B"} <= models
    assert not {"LLaMA-2-8B", "LLaMA-3-7B"} & models
    # a list after a versioned name stops at a size the version never had
    assert values("LLaMA-3 8B, 70B and 13B", "model") == {"LLaMA-3", "LLaMA-3-8B", "LLaMA-3-70B"}
    # LLaMA without a version keeps every size: papers write "LLaMA 7B/70B" for both
    assert {"LLaMA-7B", "LLaMA-70B"} <= values("LLaMA 7B/70B", "model")


def test_methods_named_in_a_comparison_of_the_experiments_are_baselines():
    # PACT: names the vocabulary lacks, in lists of comparisons, cited with ICLR's nested
    # parentheses somewhere in the paper; and a comparison that opens its sentence
    experiments = " ".join(
        [
            "For comparisons, we include results reported in prior work: BalancedQ (Zhou et al.",
            "(2017)), WRPN (Mishra et al. (2017)), LPBN (Graham (2017)) and HWGQ (Cai et al.",
            "(2017)). We further compare activation quantization with 4 previous schemes,",
            "BalancedQ, WRPN, LPBN, and HWGQ. We also compare the accuracy degradation with",
            "4 previous schemes (BalancedQ, WRPN, LPBN, and HWGQ). Compared with BarQ [12] and",
            "ZapQ [13], ours is better. Compared with BarQ [12] and ZapQ [13] it is faster. We",
            "compare BarQ [12] and ZapQ [13] once more.",
        ]
    )
    facets = extract_facets(paper(experiments=experiments))
    assert {"BalancedQ", "WRPN", "LPBN", "HWGQ", "BarQ"} <= evaluated(facets, "baseline")
    # (evaluated or not by the counts every baseline needs)
    assert "ZapQ" in values_of(facets, "baseline")
    # the same comparison in related work finds nothing
    facets = extract_facets(paper(related=experiments))
    assert not {"BalancedQ", "WRPN"} & values_of(facets, "baseline")


def test_methods_named_after_baselines_or_outperforms_in_the_experiments_are_baselines():
    # the accelerator paper and QuantWM: "our baselines—MicroscopiQ [54], FIGNA [34], and
    # Olive", "QuantWM consistently outperforms both QVG and KIVI"
    experiments = " ".join(
        [
            "Accelerator baselines: since our baselines, ZetaQ [54], KappaQ [34] and OmegaQ",
            "[35], run at W4A8, we use their settings. Our design consistently outperforms",
            "ZetaQ [54] and KappaQ [34] on all tasks, and it outperforms OmegaQ [35] too.",
            "Table 2 shows that ours beats ZetaQ, KappaQ and OmegaQ at W4A8.",
        ]
    )
    facets = extract_facets(paper(experiments=experiments))
    assert {"ZetaQ", "KappaQ", "OmegaQ"} <= evaluated(facets, "baseline")
    # the same sentences in related work find nothing
    facets = extract_facets(paper(related=experiments))
    assert not {"ZetaQ", "KappaQ"} & values_of(facets, "baseline")


def test_a_known_method_the_experiments_compare_with_once_is_a_baseline():
    # SplitQ: "For Qwen2.5-VL, we compare SplitQ with SmoothQuant [49], MBQ [26], and
    # MASQuant [16]", its one word on SmoothQuant, whose results are in no table
    experiments = "For Qwen2.5-VL, we compare FooQuant with SmoothQuant [49] and MBQ [26]."
    facets = extract_facets(paper(experiments=experiments))
    assert "SmoothQuant" in evaluated(facets, "baseline")
    # a name far after the cue, in a clause about something else, is no comparison: "We
    # compare GIFT-SW with TULU2 models, which are LLaMA2 models finetuned using ... DPO"
    far = (
        "We compare FooQuant with the ZorbNet models (Smith et al., 2023), which are models "
        "finetuned on a mixture of instructions and then quantized with AWQ [4]."
    )
    assert "AWQ" in mentioned(extract_facets(paper(experiments=far)), "baseline")
    # nor is a comparison other papers made ("Which Quantization Should I Use?")
    others = (
        "Benchmarking efforts, including the qLLM-eval framework [14], compare multiple PTQ "
        "approaches (e.g., AWQ and SmoothQuant) across tasks."
    )
    assert "AWQ" in mentioned(extract_facets(paper(experiments=others)), "baseline")
    # a list of names after the cue's few words, its citations broken across lines (MixLLM)
    listed = (
        "We also compare the ppl with GPTQ (Frantar et al., 2022), AWQ(Lin et\nal., 2024), "
        "SqueezeLLM(Kim et al., 2024), OmniQuant(Shao et al., 2024) and AffineQuant(Ma\net "
        "al., 2024)."
    )
    facets = extract_facets(paper(experiments=listed))
    assert {"SqueezeLLM", "OmniQuant", "AffineQuant"} <= evaluated(facets, "baseline")
    # or a list after a colon (MicroScopiQ)
    listed = (
        "We compare the performance of our FooQuant quantization framework against existing "
        "SoTA quantization algorithms: OmniQuant [81], AWQ [53], GPTQ [25]."
    )
    assert {"AWQ", "GPTQ"} <= evaluated(extract_facets(paper(experiments=listed)), "baseline")
    # a name in the list may be its authors (Relaxed Quantization: "Jacob et al. (2017)")
    listed = (
        "We compare against multiple works that employ fixed-point quantization: LR Net "
        "(Shayer et al., 2018), Jacob et al. (2017), TWN (Li et al., 2016), INQ (Zhou et al., "
        "2017), HWGQ (Cai et al., 2017) and rounding."
    )
    assert {"INQ", "HWGQ"} <= evaluated(extract_facets(paper(experiments=listed)), "baseline")
    # nor one whose subject is other work (QTIP: "These methods outperform scalar methods
    # including GPTQ, AWQ, and OmniQuant; comparisons can be found in QuIP# and AQLM")
    others = "These methods outperform scalar quantization methods including AWQ and OmniQuant."
    assert "AWQ" in mentioned(extract_facets(paper(experiments=others)), "baseline")
    # nor is the same sentence in related work
    facets = extract_facets(paper(related=experiments))
    assert "SmoothQuant" in mentioned(facets, "baseline")


def test_an_attention_layout_in_a_table_of_methods_is_no_method():
    # "Bytes Are Not Latency": "GQA source patch" in a row beside KVQuant's
    rows = ["Table 1: Ports.", "Method", "Patch", "KIVI [3]", "1.2", "GQA [27]", "2.0"]
    rows += ["KVQuant [4]", "3.1", "ZapKV [5]", "2.2"]
    text = "\n".join(rows) + "\nFooQuant outperforms KIVI, ZapKV and KVQuant."
    facets = extract_facets(paper(experiments=text))
    assert "ZapKV" in evaluated(facets, "baseline")
    assert "GQA" not in values_of(facets, "baseline")


def test_the_plain_straight_through_estimator_is_a_baseline_where_compared():
    # BEANet, GIFT-SW, PARQ: a table row "STE" against the paper's own; a QAT paper that trains
    # with it does not compare against it
    rows = ["Table 2: Accuracy.", "Method", "Top-1", "STE", "61.2", "XNOR-Net [3]", "51.2"]
    facets = extract_facets(paper(experiments="\n".join(rows)))
    assert "STE" in evaluated(facets, "baseline")
    method = "We train FooQuant with the straight-through estimator (STE) [4]."
    facets = extract_facets(paper(intro=method, experiments="We evaluate W4A8 on LLaMA-7B."))
    assert "STE" not in evaluated(facets, "baseline")


def test_a_known_method_with_a_network_after_it_is_that_method():
    # BEANet's table: "ReCU-18 [35]", "APD-BNN-A [32]" are ReCU and APD-BNN run on a network
    # of that depth or size, and "BEANet-nano" is the title's method
    rows = ["Table 2: Top-1 accuracy on ImageNet.", "Method", "OPs", "Top-1"]
    for name in ("XNOR-Net [13]", "Bi-Real-18 [15]", "ZapNet-18 [35]", "ZapNet-34 [35]"):
        rows += [name, "1.68", "65.1"]
    rows += ["QuuxBNN-A [32]", "4.82", "72.0", "FooQuant-nano", "1.82", "66.8"]
    experiments = "\n".join(rows) + "\nFooQuant outperforms ZapNet [35] and QuuxBNN [32]."
    facets = extract_facets(paper(experiments=experiments))
    assert {"ZapNet", "QuuxBNN"} <= evaluated(facets, "baseline")
    assert not {"ZapNet-18", "ZapNet-34", "QuuxBNN-A", "FooQuant-nano"} & values_of(
        facets, "baseline"
    )


def test_datasets_the_vocabulary_lacks_are_read_next_to_the_word_dataset():
    # named before the cue, listed after it; not the data trained or calibrated on, not a
    # word broken at a line end ("Su-perGLUE")
    experiments = " ".join(
        [
            "We evaluate on the ZorbNet-5K and QuuxQA datasets at W4A16. Results on the",
            "benchmarks: PlinkBench2 [12], FrobQA [13] and GlorpSet [14] follow. We calibrate",
            "on the CalibSet-9K and TuneData2 datasets. Also the Su-perGLUE and ZorbNet-5K",
            "datasets. Table 3 reports ZorbNet-5K, QuuxQA, FrobQA and GlorpSet at W4A16.",
        ]
    )
    facets = extract_facets(paper(experiments=experiments))
    benchmarks = values_of(facets, "benchmark")
    assert {"ZorbNet-5K", "QuuxQA", "FrobQA", "GlorpSet"} <= evaluated(facets, "benchmark")
    assert "PlinkBench2" in benchmarks
    assert not {"CalibSet-9K", "TuneData2", "Su-perGLUE"} & benchmarks
    # the same sentences in related work name no benchmark of this paper
    facets = extract_facets(paper(related=experiments))
    assert not {"ZorbNet-5K", "QuuxQA", "GlorpSet"} & values_of(facets, "benchmark")


def test_names_listed_beside_a_known_benchmark_model_or_method_share_its_kind():
    # "evaluating them on Leaderboard V1/V2, Arena-Hard, HumanEval, and MBPP"; "Qwen3-30B-A3B,
    # Qwen3-235B-A22B, and Ring-flash-2.0"; "RTN [9], GPTQ [10], ZorbQ [11], and AWQ [12]"
    experiments = " ".join(
        [
            "We evaluate them on QuuxQA, FrobEval, HumanEval, and MBPP at W4A16.",
            "We quantize Qwen3-30B-A3B, Qwen3-235B-A22B, and ZorbFlash-2.0 at W4A16.",
            "We compare RTN [9], GPTQ [10], ZorbQ [11], and AWQ [12] at W4A16.",
        ]
    )
    facets = extract_facets(paper(experiments=experiments))
    assert {"QuuxQA", "FrobEval"} <= evaluated(facets, "benchmark")
    assert "ZorbFlash-2.0" in evaluated(facets, "model")
    assert "ZorbQ" in evaluated(facets, "baseline")
    # the same sentences in related work name nothing of this paper
    facets = extract_facets(paper(related=experiments))
    assert not {"QuuxQA", "FrobEval", "ZorbFlash-2.0", "ZorbQ"} & {f.value for f in facets}


def test_the_image_encoder_of_a_clip_score_is_no_model_run():
    # "we also present the CLIP\nscore [21], employing ViT-L/14 [12] as the backbone" (StepbaQ)
    experiments = (
        "We quantize SDXL-Turbo at W8A8. To evaluate alignment we also present the CLIP\n"
        "score [21], employing ViT-L/14 [12] as the backbone."
    )
    facets = extract_facets(paper(experiments=experiments))
    assert "SDXL-Turbo" in evaluated(facets, "model")
    assert not {"ViT", "ViT-L/14"} & evaluated(facets, "model")
    run = paper(experiments="We quantize ViT-L/14 at W8A8 and report top-1 accuracy.")
    assert "ViT-L/14" in evaluated(extract_facets(run), "model")


def test_a_size_run_into_a_family_name_is_no_listed_benchmark():
    # ReadKV: "For C4, Qwen3B, Qwen14B, Yi, and DeepSeek select configurations" lists models
    experiments = "For C4, Qwen3B, Qwen14B, Yi, and DeepSeek select configurations at W4A16."
    facets = extract_facets(paper(experiments=experiments))
    assert "C4" in evaluated(facets, "benchmark")
    assert not {"Qwen3B", "Qwen14B"} & values_of(facets, "benchmark")


@pytest.mark.parametrize(
    "sentence",
    [
        # no list: a clause after a comma ("On Qwen3-Omni, FooQuant enables")
        "On MMLU, FrobEval enables W4A16.",
        # ", and" joins three names at least
        "We score MMLU with FrobEval, and GSM8K with QuuxQA at W4A16.",
        # "and" closes a list: what follows is another
        "We use MMLU and GSM8K, FrobEval reports W4A16.",
        # names of two kinds: no list of one kind
        "We run LLaMA-2-7B, FrobEval, and MMLU at W4A16.",
        # data to train or calibrate on
        "We calibrate on C4, FrobEval, and WikiText-2 at W4A16.",
        # the end or the start of a longer name ("Jetson TX2")
        "We ran it on Jetson FrobEval and the LLaMA-2-7B model at W4A16.",
        "We run LLaMA-2-7B and FrobEval Nano at W4A16.",
    ],
)
def test_names_beside_a_known_one_outside_a_closed_list_of_one_kind_are_nothing(sentence):
    facets = extract_facets(paper(experiments=sentence + " " + sentence))
    assert "FrobEval" not in {f.value for f in facets}


def test_an_ieee_caption_has_its_number_alone_on_a_line():
    # SPARK's "TABLE V" above the caption in capitals: the methods of its head row are
    # compared in a table, though no number is near them
    cells = "Model\nQ8BERT\nOS\nOlive\nANT\nSPARK\nAcc. loss\n1.1\n1.49\n0.92\n2.87\n0.34\n"
    caption = "TABLE V\nACCURACY LOSS (%) COMPARISON FOR BERT ON SST-2 DATASET.\n"
    facets = extract_facets(paper(experiments="Results follow.\n" + caption + cells))
    assert "Q8BERT" in evaluated(facets, "baseline")
    # the same number alone, with no caption after it, is no caption
    alone = extract_facets(paper(experiments="Results follow.\nTABLE V\n\n" + cells))
    assert "Q8BERT" not in evaluated(alone, "baseline")


def test_bit_width_triples_whose_order_the_caption_states_are_w_a_kv_settings():
    # OSP's Table 2: a head of triples alone, its order stated in the caption
    caption = (
        "Table 2: Ablation. Bit-width configurations (e.g., 16-16-16, 4-8-16) specify quantization"
        "\nprecision for weights, activations, and key-value cache respectively.\n"
    )
    rows = "Adam\n41.5\n11.4\n39.7\n21.6\n26.5\nMuon\n41.8\n11.2\n41.0\n12.4\n36.6\n"
    for head in ("16-16-16 4-8-16 4-4-4\n", "16-16-16\n4-8-16\n4-4-4\n"):  # or one a line
        settings = evaluated(extract_facets(paper(experiments=head + rows + caption)), "precision")
        assert {"W4A8KV16", "W4A4KV4", "W4A8", "W4A4"} <= settings
        assert not {"W16A16", "W16A16KV16"} & settings  # the unquantized reference
        # without the order, the same head may be anything
        alone = extract_facets(paper(experiments=head + rows + "Table 2: Ablation.\n"))
        assert not {"W4A8KV16", "W4A4KV4"} & evaluated(alone, "precision")
    # a lone triple is no head
    lone = extract_facets(paper(experiments="4-8-16\n" + rows + caption))
    assert "W4A8KV16" not in evaluated(lone, "precision")


def test_a_column_of_triples_whose_third_width_is_the_attentions_gives_w_a_pairs():
    """Q-DETR: "#Bits (W-A-Attention)" over one triple a row, "4-4-8" being W4A4 with 8-bit
    attention activations, no KV cache."""
    caption = (
        "Table 1. Components of Q-DETR-R50 on VOC. #Bits (W-A-Attention) denotes the bit-width"
        " of\nweights, activations, and attention activations.\n"
    )
    rows = "Method\n#Bits\nAP50\nBaseline\n4-4-8\n78.0\nQ-DETR\n4-4-8\n82.7\nLSQ\n3-3-8\n80.9\n"
    settings = evaluated(extract_facets(paper(experiments=caption + rows)), "precision")
    assert {"W4A4", "W3A3"} <= settings
    assert not {"W4A4KV8", "W3A3KV8"} & settings
    # one such cell alone is no column
    lone = paper(experiments=caption + "Method\n#Bits\nAP50\nBaseline\n4-4-8\n78.0\n")
    assert "W4A4" not in evaluated(extract_facets(lone), "precision")


def test_triples_in_table_rows_whose_order_one_word_states():
    """QATMA: "a 4-4-8 bit-width configuration (weight-activation-attention)", and a table whose
    rows hold a triple beside a granularity ("Ch-T-H 4-5-8"): each width is a setting too."""
    experiments = (
        "Our main results adopt a 4-4-8 bit-width configuration (weight-activation-attention)."
        "\nTable 8: Effect of bit-width.\nGranularity Bits Method LVIS\nQAT 23.0\n"
        "Ch-T-H      4-5-8\nOurs 23.8\nQAT 18.5\nCh-Ch-H     3-3-8\nOurs 20.0\n"
    )
    settings = evaluated(extract_facets(paper(experiments=experiments)), "precision")
    assert {"W4A5", "W3A3", "3-bit", "5-bit", "8-bit"} <= settings
    assert not {"W4A5KV8", "W3A3KV8"} & settings
    # without the order, the rows may be anything
    alone = experiments.replace(" (weight-activation-attention)", "")
    assert "W4A5" not in evaluated(extract_facets(paper(experiments=alone)), "precision")


def test_a_benchmark_against_named_methods_is_a_comparison():
    # BEANet: "We benchmarked against all landmark baselines: ..." has no "compare" in it
    experiments = (
        "We benchmarked against all landmark baselines: AlphaNet [13], BetaNet [15] and "
        "GammaNet [29]. We evaluate it against DeltaQ [3] and EpsQ [4] as well. " * 3
    )
    baselines = {f.value for f in extract_facets(paper(experiments=experiments))}
    assert {"AlphaNet", "BetaNet", "GammaNet", "DeltaQ", "EpsQ"} <= baselines
    # being robust against something compares nothing
    experiments = "It stays robust against AlphaNet [13], BetaNet [15] and GammaNet [29]. " * 3
    baselines = {f.value for f in extract_facets(paper(experiments=experiments))}
    assert not {"AlphaNet", "BetaNet", "GammaNet"} & baselines


def test_a_compared_method_spelled_out_is_known_by_its_cited_short_name():
    # HAMP-LIC: "The fixed-precision baselines include Range-Adaptive Quantization (RAQ) [3]
    # ... The mixed-precision baseline is Flexible Mixed Precision Quantization (FMPQ) [6]."
    experiments = (
        "The baselines include Range-Adaptive Quantization (RAQ) [3], and the fixed-point "
        "variant (FPQ) reported in [6]. The other baseline is Flexible Mixed Precision "
        "Quantization (FMPQ) [6]. "
    ) * 2
    baselines = values_of(extract_facets(paper(experiments=experiments)), "baseline")
    assert {"RAQ", "FMPQ"} <= baselines
    assert "FPQ" not in baselines  # no citation right after it: its own, or another's variant
    # an acronym the paper defines for its own terms is no comparison's
    own = "We quantize the Key Value cache (KVC) [3] and compare nothing. " * 2
    assert "KVC" not in values_of(extract_facets(paper(experiments=own)), "baseline")


def test_a_method_named_like_a_device_is_still_a_method():
    experiments = "We compared with TitanQ [6], V1-Quant [7] and the L40S [8] GPU. " * 3
    baselines = {f.value for f in extract_facets(paper(experiments=experiments))}
    assert {"TitanQ", "V1-Quant"} <= baselines and "L40S" not in baselines


def test_a_comparison_reads_citations_spaced_inside_their_brackets():
    experiments = "We compared with AlphaQ [ 3 ] and BetaQ [ 4, 5 ] on it. " * 3
    facets = extract_facets(paper(experiments=experiments))
    assert {"AlphaQ", "BetaQ"} <= values_of(facets, "baseline")


def test_a_comparison_reads_citations_broken_across_lines():
    # KVmix: "we evaluated KVmix against the latest SOTA method, QJL (Zandieh,\nDaliri, and Han
    # 2025)", as a PDF's text layer breaks it
    experiments = (
        "We evaluated ours against the latest method, ZetaQ (Zandieh,\nDaliri, and Han 2025).\n"
    )
    facets = extract_facets(paper(experiments=experiments * 3))
    assert "ZetaQ" in values_of(facets, "baseline")


@pytest.mark.parametrize(
    "sentence",
    [
        # where a result was measured
        "we compared the results on AlphaQ [3], BetaQ [4] and GammaQ [5]",
        # models quantized, data trained with, metrics, hardware and makers
        "we compared them when quantizing AlphaQ [3] and BetaQ [4]",
        "we compared models trained with AlphaQ [3] and BetaQ [4] data",
        "we compared images using PSNR, SSIM and LPIPS [50]",
        "we compared against the LUT [8] and MAC [9] units of an ASIC [15]",
        "we compared with OpenAI [5], Google [6] and NVIDIA [7]",
        # devices
        "we compared the kernels with TITAN [5], L40 [6] and A6000 [7] ones",
        # kinds of models, cited
        "we compared five benchmarks across three LVLMs (Chen et al., 2024b; Li et al., 2024)",
    ],
)
def test_what_a_comparison_names_that_is_no_method(sentence):
    experiments = ". ".join([sentence[0].upper() + sentence[1:]] * 3) + "."
    facets = extract_facets(paper(experiments=experiments))
    names = {"AlphaQ", "BetaQ", "GammaQ", "LPIPS", "LUT", "MAC", "ASIC", "OpenAI", "NVIDIA"}
    names |= {"TITAN", "L40", "A6000", "LVLMs"}
    assert not names & values_of(facets, "baseline")


def test_a_family_over_its_sizes_keeps_its_minor_version():
    # RoMeo's Table 2: "Llama-3.1" heads the columns "8B" and "70B"
    table = "Table 2: Perplexity.\nMethod\nLlama-3.1\nMethod\n8B\n70B\nBF16\n6.24\n2.81\n"
    table += "RTN\n7.1\n3.2\n"
    models = evaluated(extract_facets(paper(experiments=table)), "model")
    assert {"LLaMA-3.1-8B", "LLaMA-3.1-70B"} <= models
    assert not {"LLaMA-3-8B", "LLaMA-3-70B"} & models
    # a minor version takes the sizes it came in: Llama 3.2 had no 8B or 70B
    models = evaluated(extract_facets(paper(experiments=table.replace("3.1", "3.2"))), "model")
    assert not {"LLaMA-3.2-8B", "LLaMA-3.2-70B"} & models


def test_a_caption_under_a_table_without_sizes_keeps_the_next_tables_sizes():
    # a caption under its table, then prose, then the next table with its caption under it:
    # the sizes are the next caption's family's (the run-on of captions over their tables
    # must not take them)
    text = "\n".join(
        ["We report the methods below.", "Method", "Bits", "RTN", "4", "5.9", "GPTQ", "4", "5.7"]
        + ["Table 1: Perplexity of FooQuant on LLaMA models."]
        + ["These results show that the method works well on all models that we", "tried."]
        + ["Wiki PPL", "7B", "13B", "70B", "FP16", "5.47", "4.88", "3.32"]
        + ["Table 2: Perplexity of FooQuant on Vicuna models."]
        + ["We now turn to the ablations, which show where the gains come from."]
    )
    models = evaluated(extract_facets(paper(experiments=text)), "model")
    assert not {"LLaMA-7B", "LLaMA-13B", "LLaMA-70B"} & models


def test_a_method_cell_that_starts_with_a_family_name_is_no_family():
    table = "\n".join(["Table 2: Results.", "OPTQ", "1.3B", "13B", "15.2", "11.0"])
    models = {f.value for f in extract_facets(paper(experiments=table)) if f.category == "model"}
    assert not {"OPT-1.3B", "OPT-13B"} & models


def test_a_number_before_a_name_starting_with_bit_is_no_bit_rate():
    assert values("0.11\n0.54\nBit-split\n75.96", "precision") == set()
    assert values("at 2.5 bits per parameter", "precision") == {"2.5 bits/param"}


def test_a_pair_makes_its_sides_mentions():
    facets = extract_facets(
        paper(
            experiments="Table 1: W4A8 results.\nTable 2: 4-bit weight quantization.\n"
            "Table 3: 8-bit activation quantization."
        )
    )
    assert "W4A8" in evaluated(facets, "precision")
    assert {"W4", "A8"} <= mentioned(facets, "precision")
    alone = extract_facets(paper(experiments="Table 2: 4-bit weight quantization."))
    assert "W4" in evaluated(alone, "precision")


@pytest.mark.parametrize(
    ("text", "category", "expected"),
    [
        ("Resnet v1 50 and Resnet-v2-152", "model", {"ResNet-50", "ResNet-152"}),
        ("VGG16bn on ImageNet", "model", {"VGG-16"}),
        ("VGGNet-9, VGG-7 and VGG-small", "model", {"VGG-9", "VGG-7", "VGG-Small"}),
        ("Mistral Small 24B", "model", {"Mistral-Small", "Mistral-Small-24B"}),
        # forecasting networks; super-resolution's HAT by size (bare, a NAS method's name too)
        (
            "PatchTST, iTransformer, TSMixer, TimeMixer, SegRNN and DLinear",
            "model",
            {"PatchTST", "iTransformer", "TSMixer", "TimeMixer", "SegRNN", "DLinear"},
        ),
        ("HAT-S and HAT [12]", "model", {"HAT", "HAT-S"}),
        (
            "Test2K, Test4K, IMDB review and PennTreeBank",
            "benchmark",
            {"Test2K", "Test4K", "IMDB", "PTB"},
        ),
        # Segment Anything by its encoder; bare, "SAM" is also an optimizer
        ("SAM-H, SAM-ViT-B and SAM 2; SAM", "model", {"SAM", "SAM-H", "SAM-B", "SAM 2"}),
        ("LeNet-300-100 and LeNet-5 on MNIST", "model", {"LeNet", "LeNet-300-100", "LeNet-5"}),
        ("LeNet-300-100 and LeNet-5 on MNIST", "benchmark", {"MNIST"}),
        ("NCF trained on MovieLens-1B", "benchmark", {"MovieLens-1B"}),
        ("NCF trained on MovieLens-1B", "model", {"NCF"}),
        ("a table row\nKLD\n65.1", "baseline", {"KLD"}),
        ("a table row\nSVD\n65.1", "baseline", {"SVD"}),
        ("we compute the SVD of the weight", "baseline", set()),
        ("SVD (Denton et al., 2014)\n44.02%", "baseline", {"SVD"}),
        ("we compute the SVD (singular values) of W", "baseline", set()),
        ("GLUE tasks, CoNLL-03 and SQuAD", "benchmark", {"GLUE", "CoNLL-03", "SQuAD"}),
        ("with a 1-bit sign bit and a 5-bit exponent", "precision", set()),
        ("SmoothQuant (SQ) and AWQ;\nSQ\n41.3", "baseline", {"SmoothQuant", "AWQ"}),
        (
            "4-bit per-channel quantization of weights with 8-bit activations",
            "precision",
            {"W4A8", "4-bit", "8-bit"},
        ),
        ("inference without the need for full network retraining", "method", {"PTQ"}),
        ("activation-quantization-aware scaling (AQAS)", "method", {"smoothing"}),
    ],
)
def test_more_spellings(text, category, expected):
    assert values(text, category) == expected


def test_a_family_the_abstract_names_needs_one_use_in_the_method():
    pages = [
        "BarQuant\nAbstract\nWe quantize pretrained networks without full retraining.\n"
        "1\nIntroduction\nQuantization matters.\n2\nMethod\n"
        "Our approach works without the need for retraining.\n",
        "3\nExperiments\nTable 1: ResNet-50 on ImageNet.\nReferences\n",
    ]
    assert "PTQ" in evaluated(extract_facets(pages), "method")
    pages[0] = pages[0].replace("Our approach works without the need for retraining.", "")
    assert "PTQ" not in evaluated(extract_facets(pages), "method")


@pytest.mark.parametrize(
    ("text", "category", "expected"),
    [
        ("Table 4: A8W4 and A4W4 results", "precision", {"W4A8", "W4A4", "4-bit", "8-bit"}),
        ("compared with 1BitSGD", "baseline", {"1BitSGD"}),
        (
            "2-bit with 128 bucket size, or a bucket size of 512",
            "granularity",
            {"g128", "g512", "per-group"},
        ),
        (
            "uses a single set of quantization parameters for all values within each activa-tions "
            "array",
            "granularity",
            {"per-tensor"},
        ),
        (
            "two scaling coefficients W p\nl , W n\nl for each layer l",
            "granularity",
            {"per-tensor"},
        ),
        ("we only allow global quantization of activations", "granularity", {"per-tensor"}),
        ("layers are quantized kernel-wise", "granularity", {"per-channel"}),
    ],
)
def test_granularity_and_pairs_in_other_words(text, category, expected):
    assert values(text, category) == expected


def test_a_granularity_described_in_the_papers_own_words_is_evaluated():
    method = (
        "2\nMethod\nOur quantization scheme uses a single set of quantization parameters for "
        "all values within each weights array.\n"
    )
    pages = paper(intro=method)
    pages[0] = pages[0].replace("2\nRelated Work\n", "")
    assert "per-tensor" in evaluated(extract_facets(pages), "granularity")
    # the same words about another paper's scheme, or a granularity only named, are mentions
    cited = method.replace("Our quantization scheme uses", "Jacob et al. [12] use")
    pages = paper(intro=cited)
    pages[0] = pages[0].replace("2\nRelated Work\n", "")
    assert "per-tensor" not in evaluated(extract_facets(pages), "granularity")
    named = "2\nMethod\nPer-channel scales are common for the weights.\n"
    pages = paper(intro=named)
    pages[0] = pages[0].replace("2\nRelated Work\n", "")
    assert "per-channel" not in evaluated(extract_facets(pages), "granularity")
    # (named as what the paper's method uses, it is its choice, as "we use" says: "Both the
    # baseline method and our method use per-row weight ternarization")
    chosen = "2\nMethod\nOur scheme uses per-channel scales for the weights.\n"
    pages = paper(intro=chosen)
    pages[0] = pages[0].replace("2\nRelated Work\n", "")
    assert "per-channel" in evaluated(extract_facets(pages), "granularity")


def test_the_shipped_vocabulary_has_each_entry_once():
    # two entries with one value and the same settings are one entry written twice: the
    # second's patterns belong in the first (they had crept in for GOBO, Tender, PD-Quant)
    data = tomllib.loads(
        resources.files("papers").joinpath("data/quant_vocab.toml").read_text("utf-8")
    )
    seen: dict[tuple, int] = {}
    for category in CATEGORIES:
        for entry in data.get(category, []):
            settings = tuple(
                json.dumps(entry.get(key), sort_keys=True)
                for key in ("value", "also", "left", "right", "case", "min", "header", "sizes")
            )
            key = (category, settings)
            seen[key] = seen.get(key, 0) + 1
    assert [key for key, count in seen.items() if count > 1] == []


def test_the_shipped_vocabulary_scans_in_one_pass_with_word_triggers():
    # a pattern without a literal start (a lookbehind first) adds a second pass over every
    # page, and a two-letter start ("re-?train" -> "re") tries patterns at thousands of words
    vocab = load_vocabulary()
    assert vocab.loose_regex is None
    assert all(len(key) >= 2 or key.isdigit() for key in vocab.by_trigger), [
        key for key in vocab.by_trigger if len(key) < 2
    ]
    assert not {"re", "no", "weight", "weights"} & set(vocab.by_trigger)


def test_a_pair_the_paper_says_it_runs_is_evaluated():
    said = "We provide a scheme that quantizes both weights and activations as 8-bit integers."
    assert "W8A8" in evaluated(extract_facets(paper(intro=said)), "precision")
    cited = "Jacob et al. [4] quantize both weights and activations as 8-bit integers."
    assert "W8A8" not in evaluated(extract_facets(paper(intro=cited)), "precision")
    short = "We compare with W8A8 baselines."
    assert "W8A8" not in evaluated(extract_facets(paper(intro=short)), "precision")


@pytest.mark.parametrize(
    ("title", "own", "others"),
    [
        ("LORA: LOW-RANK ADAPTATION", "LoRA", {"QuIP", "GPTQ"}),
        # a longer name in the title is another method: QuIP# is no QuIP
        ("QUIP#: EVEN BETTER LLM QUANTIZATION", None, {"QuIP", "GPTQ", "LoRA"}),
    ],
)
def test_own_method_named_in_a_title_in_capitals(title, own, others):
    table = "Table 2: Results.\nMethod\nLoRA\n80.1\nQuIP\n79.3\nGPTQ\n77.0\n"
    pages = paper(experiments=table)
    pages[0] = pages[0].replace("FooQuant: Quantizing Things Well", title)
    baselines = evaluated(extract_facets(pages), "baseline")
    assert own not in baselines
    assert others <= baselines


@pytest.mark.parametrize(
    ("title", "studied"),
    [
        ("Evaluation of TurboQuant, QuaRot and GPTQ on AMD GPUs", True),
        ("HIP Kernels and System-Level Evaluation of TurboQuant,\nQuaRot and GPTQ", True),
        ("Revisiting TurboQuant", True),
        # the paper's own, named before the study or after a colon
        ("TurboQuant: An Evaluation of Rotations", False),
        ("Benchmarking Rotations: TurboQuant", False),
    ],
)
def test_methods_a_title_studies_are_no_own_methods(title, studied):
    table = "Table 2: Results.\nMethod\nTurboQuant\n80.1\nQuaRot\n79.3\nGPTQ\n77.0\n"
    pages = paper(experiments=table)
    pages[0] = pages[0].replace("FooQuant: Quantizing Things Well", title)
    baselines = evaluated(extract_facets(pages), "baseline")
    assert ("TurboQuant" in baselines) is studied
    assert {"QuaRot", "GPTQ"} <= baselines or not studied


def test_a_short_form_the_paper_defines_names_the_baseline():
    # "SmoothQuant (SQ)", and then only "SQ" in the results
    intro = "We study GPTQ, AWQ and SmoothQuant (SQ; Xiao et al., 2023) on Llama-2-7B."
    table = "Table 2: Results.\nMethod\nGPTQ W4\n80.1\nAWQ W4\n79.3\nSQ W8A8\n77.0\n"
    facets = extract_facets(paper(intro=intro, experiments=table))
    assert "SmoothQuant" in evaluated(facets, "baseline")
    assert "SQ" not in evaluated(facets, "baseline") | mentioned(facets, "baseline")
    # undefined, "SQ" names nothing; nor do brackets that are no short form of the name
    facets = extract_facets(paper(intro=intro.replace(" (SQ;", " (;"), experiments=table))
    assert "SmoothQuant" not in evaluated(facets, "baseline")
    odd = intro.replace("(SQ;", "(QS;")
    table = table.replace("SQ W8A8", "QS W8A8")
    assert "SmoothQuant" not in evaluated(
        extract_facets(paper(intro=odd, experiments=table)), "baseline"
    )


@pytest.mark.parametrize(
    "defined",
    [
        # (2311.05161's "SmoothQuant (Xiao et al.,\n2022) (SQ) scales activation"; a number)
        "We study GPTQ, AWQ and SmoothQuant (Xiao et al.,\n2022) (SQ) on Llama-2-7B.",
        "We study GPTQ, AWQ and SmoothQuant [41] (SQ) on Llama-2-7B.",
    ],
)
def test_a_short_form_after_the_names_citation_names_the_baseline(defined):
    table = "Table 2: Results.\nMethod\nGPTQ W4\n80.1\nAWQ W4\n79.3\nSQ W8A8\n77.0\n"
    facets = extract_facets(paper(intro=defined, experiments=table))
    assert "SmoothQuant" in evaluated(facets, "baseline")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a blocksize of 64 for W for higher quantization precision", {"per-block"}),
        ("3-bit GPTQ with block size 128.", {"per-block"}),
        ("a small quantization block size", {"per-block"}),
        # tiles of an attention kernel, pages of a KV cache
        ("the block size 16 and 32 work well for the Alpaca trace", set()),
        ("Effect of Block Size\nBlock Size\n64\n128\n256\nFwd + Bwd (ms)", set()),
    ],
)
def test_a_block_size_is_a_quantization_block_only_with_quantization_around(text, expected):
    assert values(text, "granularity") == expected


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("This raises two natural questions about the method.", "benchmark"),
        (
            "Vector quantization generalizes scalar quantization (SQ): compared with SQ, VQ",
            "baseline",
        ),
        ("a low-rank SVD\napproximation of the weight", "baseline"),
        ("a KLD of 0.02 to the FP16 model", "baseline"),
        ("Cache Type\nMean KLD\nSame top-p %", "baseline"),
        ("the runtime per kernel is measured", "granularity"),
        ("the attention kernel uses a block size of 128 in half precision", "granularity"),
        ("the model diverges without fine-tuning", "method"),
    ],
)
def test_ordinary_prose_is_no_facet(text, category):
    assert values(text, category) == set()


def test_fine_tuning_and_serving_benchmarks_and_deberta():
    text = "DeBERTa XXL on WikiSQL, SAMSum, E2E NLG Challenge, WebNLG and Long Range Arena"
    assert values(text, "model") == {"DeBERTa-XXL", "DeBERTa"}
    assert values("We fine-tune DeBERTa on GLUE.", "model") == {"DeBERTa"}
    assert values(text, "benchmark") == {
        "WikiSQL",
        "SAMSum",
        "E2E NLG Challenge",
        "WebNLG",
        "Long Range Arena",
    }


@pytest.mark.parametrize(
    ("text", "category", "expected"),
    [
        ("Qwen2.5-7B and Qwen-14B", "model", {"Qwen2.5-7B", "Qwen2.5", "Qwen-14B", "Qwen"}),
        ("Gemma-7B and Gemma-2-9B", "model", {"Gemma-7B", "Gemma-2-9B", "Gemma-2", "Gemma"}),
        ("Phi-3-mini and Phi-2", "model", {"Phi-3-mini", "Phi-3", "Phi-2", "Phi"}),
        # a version at its size, as tables head their columns
        (
            "Llama-3 70B | Phi-3 3.8B",
            "model",
            {"LLaMA-3", "LLaMA-3-70B", "Phi-3", "Phi-3-3.8B", "Phi"},
        ),
        ("Phi-3 (3.8B, 14B)", "model", {"Phi-3", "Phi-3-3.8B", "Phi-3-14B", "Phi"}),
        (
            "DenseNet-121, DenseNet169 and DenseNet",
            "model",
            {"DenseNet", "DenseNet-121", "DenseNet-169"},
        ),
        (
            "Qwen2.5-Omni-7B and Qwen3-Omni-30B-A3B",
            "model",
            {"Qwen2.5-Omni", "Qwen2.5-Omni-7B", "Qwen3-Omni", "Qwen3-Omni-30B-A3B"},
        ),
        (
            "CodeLlama-7B and Code Llama 13B",
            "model",
            {"CodeLlama-7B", "CodeLlama-13B", "CodeLlama"},
        ),
        ("MMLU-Pro and MMLU", "benchmark", {"MMLU-Pro", "MMLU"}),
        (
            "TruthfulQA, LongBench and BIG-Bench Hard",
            "benchmark",
            {"TruthfulQA", "LongBench", "BBH"},
        ),
        (
            "QServe, DuQuant, KIVI and BitNet b1.58",
            "baseline",
            {"QServe", "DuQuant", "KIVI", "BitNet b1.58"},
        ),
    ],
)
def test_recent_models_benchmarks_and_methods(text, category, expected):
    assert values(text, category) == expected


def test_bloomz_family_cell_reads_its_sizes():
    table = "\n".join(["Table 3: Accuracy.", "BLOOMZ", "560M", "7.1B", "Baseline", "40.1", "55.0"])
    models = evaluated(extract_facets(paper(experiments=table)), "model")
    assert {"BLOOM-560M", "BLOOM-7.1B"} <= models


# ---------------------------------------------------------------- the trigger filter is sound

_CATEGORY_SAMPLE = {
    sre_constants.CATEGORY_DIGIT: "7",
    sre_constants.CATEGORY_SPACE: " ",
    sre_constants.CATEGORY_WORD: "b",
}


def _sample(items, rnd: random.Random) -> str | None:
    """A random string the parsed regex may match (lookarounds ignored: checked afterwards)."""
    out = []
    for op, av in items:
        if op is sre_constants.LITERAL:
            out.append(chr(av))
        elif op is sre_constants.IN:
            choices = []
            for kind, arg in av:
                if kind is sre_constants.NEGATE:
                    return None
                if kind is sre_constants.LITERAL:
                    choices.append(chr(arg))
                elif kind is sre_constants.RANGE:
                    choices.append(chr(rnd.randint(*arg)))
                elif kind is sre_constants.CATEGORY and arg in _CATEGORY_SAMPLE:
                    choices.append(_CATEGORY_SAMPLE[arg])
            if not choices:
                return None
            out.append(rnd.choice(choices))
        elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT):
            low, high, sub = av
            for _ in range(rnd.choice([low, low, low + 1, min(high, low + 2)])):
                part = _sample(sub, rnd)
                if part is None:
                    return None
                out.append(part)
        elif op in (sre_constants.BRANCH, sre_constants.SUBPATTERN):
            part = _sample(rnd.choice(av[1]) if op is sre_constants.BRANCH else av[-1], rnd)
            if part is None:
                return None
            out.append(part)
        elif op not in (sre_constants.AT, sre_constants.ASSERT, sre_constants.ASSERT_NOT):
            return None
    return "".join(out)


def _starts_with(text: str, prefix: tuple[str, ...]) -> bool:
    pattern = "".join(
        token if token in ("\\d", WORD_END) else "\\s+" if token == " " else re.escape(token)
        for token in prefix
    )
    return re.match(pattern, text) is not None


def _shipped_vocabulary() -> dict:
    return tomllib.loads(
        resources.files("papers").joinpath("data/quant_vocab.toml").read_text("utf-8")
    )


def _shipped_patterns(right: bool = False):
    """(source, compiled, parsed) of every pattern of the packaged vocabulary; with `right`,
    the source and the compiled pattern end with the entry's right boundary."""
    data = _shipped_vocabulary()
    for category in CATEGORIES:
        for raw in data.get(category, []):
            flags = 0 if raw.get("case", False) else re.IGNORECASE
            boundary = raw.get("right", DEFAULT_RIGHT) if right else ""
            for source in raw["patterns"]:
                compiled = re.compile(source + boundary, flags)
                yield source + boundary, compiled, sre_parse.parse(source, flags)


def test_every_match_of_a_shipped_pattern_starts_with_its_trigger():
    # the scan tries a pattern only where its literal start is: a start that claims too much
    # (an optional digit taken as certain, as "ChatGLM\d?" once was) hides matches silently
    # (or, with a word's end, one that refuses text a match goes on with: "GPQA-Diamond")
    rnd = random.Random(6)
    for source, regex, parsed in _shipped_patterns(right=True):
        prefixes = [_trim_prefix(p) for p in literal_prefixes(source)]
        if not prefixes:
            continue  # tried at every word start or number instead
        for _ in range(60):
            sample = _sample(list(parsed), rnd)
            if sample is None:
                continue
            sample += rnd.choice(["", " ", "-", ".", "x", "X", "5", "+"])
            if regex.match(sample):
                found = sample.lower()
                assert any(_starts_with(found, p) for p in prefixes), (source, found)


def test_a_match_after_the_first_word_of_a_longer_trigger_is_found():
    # the scan consumes a trigger of several words ("all weight", "inception v") whole: when
    # it starts nothing there, the words inside it must still be tried
    vocab = load_vocabulary()
    firsts = sorted({k.split()[0] for k in vocab.by_trigger if " " in k and k.split()[0].isalpha()})
    assert "all" in firsts and "inception" in firsts
    rnd = random.Random(7)
    for _, regex, parsed in _shipped_patterns():
        for _ in range(10):
            sample = _sample(list(parsed), rnd)
            if not sample or not regex.fullmatch(sample) or not sample[0].isalnum():
                continue
            first = rnd.choice(firsts).capitalize()
            if not scan_text(sample, vocab):
                continue  # a sample the rules themselves turn down
            starts = {h.start for h in scan_text(f"{first}\n{sample}", vocab)}
            assert starts & {0, len(first) + 1}, (first, sample)
    assert values("We quantize all weights and activations to 4/8 bits.", "precision") == {
        "W4A8",
        "4-bit",
        "8-bit",
    }
    assert values("ResNet-50 Inception\nVGG-16", "model") == {"ResNet-50", "VGG-16"}


def _kv_paper(abstract: str, method: str) -> list[str]:
    return [
        "KVSqueeze: 2-bit KV Cache Quantization\nAbstract\n" + abstract + "\n"
        "1 Introduction\nServing LLMs is memory bound; KIVI [20] quantizes the KV cache.\n"
        "2 Method\n" + method + "\n"
        "3 Experiments\nWe evaluate Llama-2-7B with a 2-bit KV cache on LongBench against KIVI.\n"
    ]


def test_a_granularity_in_the_abstract_that_the_method_says_it_uses_is_evaluated():
    abstract = "The key cache is quantized per-channel and the value cache per-token."
    method = "We quantize keys per-channel and values per-token."
    found = evaluated(extract_facets(_kv_paper(abstract, method)), "granularity")
    assert {"per-channel", "per-token"} <= found
    # named in the method sections alone, or said of another paper's scheme: mentions
    found = evaluated(extract_facets(_kv_paper("We quantize the KV cache.", method)), "granularity")
    assert not {"per-channel", "per-token"} & found
    others = "KIVI [20] quantizes keys per-channel and values per-token."
    found = evaluated(extract_facets(_kv_paper(abstract, others)), "granularity")
    assert not {"per-channel", "per-token"} & found


def _titled_method_paper(abstract: str, heading: str) -> list[str]:
    return [
        "Compressing Networks\nAbstract\n" + abstract + "\n1\nIntroduction\nNetworks are large.\n"
        "2\nRelated Work\n2.1\nPost-training quantization\nOthers round weights.\n",
        f"3\n{heading}\nWe share weights between connections of a layer.\n"
        "4\nExperiments\nResults are in Table 1.\nReferences\n",
    ]


def test_a_method_titling_a_section_and_named_in_the_abstract_is_evaluated():
    # Deep Compression: "trained quantization" (min 3) in the abstract and a section's title
    abstract = "A pipeline of pruning, trained quantization and Huffman coding."
    facets = extract_facets(_titled_method_paper(abstract, "Trained Quantization and Sharing"))
    assert "QAT" in evaluated(facets, "method")
    # the section title alone is enough: a paper's own family often goes unnamed in its
    # abstract; the abstract alone is not
    facets = extract_facets(_titled_method_paper("A pipeline.", "Trained Quantization"))
    assert "QAT" in evaluated(facets, "method")
    facets = extract_facets(_titled_method_paper(abstract, "Weight Sharing"))
    assert "QAT" in mentioned(facets, "method")
    # a related-work section's subsection title is no section of the paper's own work
    assert "PTQ" in mentioned(facets, "method")


def _outlier_paper(method: str, experiments: str = "") -> list[str]:
    return [
        "Rotating Language Models\nAbstract\nWe rotate the weights of a language model before "
        "quantizing it.\n1\nIntroduction\nLanguage models are large.\n",
        "2\nMethod\n" + method + "\n3\nExperiments\nWe evaluate Llama-2-7B on WikiText-2 "
        "against GPTQ. " + experiments + "\nReferences\n",
    ]


def test_a_family_said_to_be_the_papers_own_is_evaluated_unnamed_in_the_abstract():
    # "outliers" needs four hits; "we propose to isolate the outliers" once says it is the
    # paper's own
    own = "We propose to isolate the outliers of each layer in a separate matrix."
    assert "outlier handling" in evaluated(extract_facets(_outlier_paper(own)), "method")
    said = "The outliers of each layer are isolated in a separate matrix."
    assert "outlier handling" in mentioned(extract_facets(_outlier_paper(said)), "method")
    # "we use", and a setup's "Quantization uses" / "Training uses", say so too (a CLIP paper's
    # "Quantization uses dynamic INT8 post-training quantization", BitNet's "we use the same
    # straight-through estimator")
    for used in (
        "We use a separate matrix for the outliers of each layer.",
        "The weights are rotated. Quantization uses a separate matrix for the outliers.",
    ):
        assert "outlier handling" in evaluated(extract_facets(_outlier_paper(used)), "method")


def test_a_family_named_three_times_in_the_papers_own_work_is_evaluated():
    # once in the method's prose and twice in the experiments: the paper's own family, though
    # its abstract never names it
    method = "The outliers of each layer are isolated in a separate matrix."
    results = "The outliers grow with depth. Isolating the outliers lowers the error."
    assert "outlier handling" in evaluated(
        extract_facets(_outlier_paper(method, results)), "method"
    )
    # twice is not enough, nor three times with none in the method's prose
    twice = "Isolating the outliers lowers the error."
    assert "outlier handling" in mentioned(extract_facets(_outlier_paper(method, twice)), "method")
    plain = "The layers are quantized one at a time."
    thrice = results + " The outliers are rare."
    assert "outlier handling" in mentioned(extract_facets(_outlier_paper(plain, thrice)), "method")


def test_a_family_named_in_the_title_and_the_abstract_is_the_papers():
    # "Mixed Precision DNNs: All You Need Is a Good Parametrization": the body speaks of bit
    # widths learned per layer and never names the family again
    pages = [
        "Mixed Precision DNNs: All You Need Is a Good Parametrization\nAbstract\nWe learn "
        "the step size and range of each layer and obtain mixed precision DNNs.\n"
        "1\nIntroduction\nBit widths differ by layer.\n",
        "2\nExperiments\nWe train ResNet-18 on ImageNet.\nReferences\n",
    ]
    assert "mixed precision" in evaluated(extract_facets(pages), "method")
    # once in the abstract alone, and nowhere else, is a mention; so is twice in the abstract
    # of a paper whose title does not name it
    pages[0] = pages[0].replace("Mixed Precision DNNs:", "DNNs:")
    assert "mixed precision" in mentioned(extract_facets(pages), "method")
    pages[0] = pages[0].replace(
        "We learn",
        "Mixed-precision quantization needs a costly search and mixed-precision kernels are "
        "slow. We instead learn",
    )
    assert "mixed precision" in mentioned(extract_facets(pages), "method")


def test_calibration_data_in_the_paper_makes_a_post_training_method():
    """DFRot and MicroMix never call themselves post-training, but calibrate on sample data
    in their method and experiments; a related-work mention alone is no such use."""
    method = (
        "3\nMethod\nThe rotation is fitted on a calibration set. We use the calibration "
        "data once per layer.\n"
    )
    experiments = (
        "4\nExperiments\nWe draw 128 calibration samples from WikiText-2. The calibration "
        "data are sequences of 2048 tokens.\nReferences\n"
    )
    front = (
        "BarRot: Rotating Things Well\nAbstract\nWe propose BarRot, a rotation of LLMs.\n"
        "1\nIntroduction\nOutliers hurt.\n2\nRelated Work\nOthers need a calibration set.\n"
    )
    assert "PTQ" in evaluated(extract_facets([front + method, experiments]), "method")
    other = "3\nMethod\nThe rotation is fitted by gradient descent on the training set.\n"
    assert "PTQ" not in evaluated(extract_facets([front + other, experiments]), "method")
    assert "PTQ" in mentioned(extract_facets([front + other, experiments]), "method")


def test_models_the_vocabulary_lacks_are_read_from_name_and_size():
    """Ouro-1.4B and Huginn-3.5B are in no vocabulary; a name, a hyphen and a size in
    billions say they are models. Names the vocabulary knows otherwise give none."""
    pages = paper(
        experiments="We quantize Ouro-1.4B and Huginn-3.5B, and compare with QUIK-4B. "
        "ResNet-18B is a wider ResNet-18, and GPT3-175B is too large. Neo-1.3B: GPT-Neo.",
    )
    models = evaluated(extract_facets(pages), "model")
    assert {"Ouro", "Ouro-1.4B", "Huginn", "Huginn-3.5B"} <= models
    assert not {"QUIK", "QUIK-4B", "ResNet-18B", "GPT3", "GPT3-175B", "Neo", "Neo-1.3B"} & models
    assert "GPT-3-175B" in models
    related = paper(related="Ouro-1.4B loops its layers.", experiments="We test LLaMA-7B.")
    assert "Ouro-1.4B" in mentioned(extract_facets(related), "model")
    assert "Ouro-1.4B" not in evaluated(extract_facets(related), "model")


def test_the_titles_method_as_subject_makes_its_family_the_papers():
    """SynQ never says "we fine-tune": "SynQ fine-tunes the quantized model" says it."""
    pages = [
        "SynQ: Accurate Zero-shot Quantization\nAbstract\nWe study zero-shot quantization.\n"
        "1\nIntroduction\nData are scarce.\n2\nRelated Work\nOthers fine-tune the quantized "
        "model.\n3\nMethod\nSynQ fine-tunes the quantized model with soft labels.\n",
        "4\nExperiments\nSYNQ also fine-tunes the quantized model on ImageNet.\nReferences\n",
    ]
    assert "QAT" in evaluated(extract_facets(pages), "method")
    anonymous = [pages[0].replace("SynQ: ", "").replace("SynQ f", "It f"), pages[1]]
    assert "QAT" not in evaluated(extract_facets(anonymous), "method")


def test_an_abstract_that_concedes_a_family_does_not_claim_it():
    """QuEST (QAT from scratch): "While post-training compression methods are very popular,
    the question of obtaining accurate 1-bit models by training remains open"."""
    abstract = (
        "FooQAT: Training in One Bit\nAbstract\nWhile post-training quantization methods are "
        "very popular, obtaining accurate 1-bit models by training remains open. We train in "
        "one bit.\n"
    )
    pages = [
        abstract + "1\nIntroduction\nPTQ methods are far from full accuracy.\n",
        "3\nExperiments\nWe train LLaMA-7B.\nReferences\n",
    ]
    assert "PTQ" not in evaluated(extract_facets(pages), "method")
    claimed = [pages[0].replace("While post-training", "As post-training"), pages[1]]
    assert "PTQ" in evaluated(extract_facets(claimed), "method")


def test_quantization_aware_distillation_is_qat():
    assert values("we employ quantization-aware knowledge distillation", "method") == {"QAT"}


def test_method_names_far_below_the_known_one_in_a_long_table():
    """SynQ's table prints ten numbers a row, one a line: its fifth row starts 55 lines below
    GDFQ's, past the reach of the one known cell but near the name cell above it."""
    rows = ["GDFQ (Xu et al., 2020)"]
    names = ["GenQ", "MidQ", "AdaQ", "ZedQ", "YakQ"]  # none in the vocabulary
    for name in names:
        rows += [f"{n}.1" for n in range(60, 70)] + [f"{name} (Li et al., 2021)"]
    rows += [f"{n}.5" for n in range(60, 70)]
    text = "We compare with GenQ, MidQ, AdaQ, ZedQ and YakQ [3].\nTable 2: Accuracy.\n"
    facets = extract_facets(paper(experiments=text + "\n".join(rows)))
    assert {"GDFQ", *names} <= evaluated(facets, "baseline")


def test_sized_names_that_are_table_words_or_datasets_are_no_models():
    pages = paper(
        experiments="Table 1: Results.\nOurs-7B\n5.1\nFP16-7B\n5.0\nBaseline-7B\n5.3\n"
        "We pretrain on LAION-2B and SlimPajama-6B, then test Ouro-1.4B. Sub-2B models fail.",
    )
    models = evaluated(extract_facets(pages), "model")
    assert "Ouro-1.4B" in models
    assert not {"Ours-7B", "FP16-7B", "Baseline-7B", "LAION-2B", "SlimPajama-6B"} & models
    assert not {"Sub-2B", "Sub"} & models  # a bound on the size


def test_the_own_method_on_a_sized_model_and_a_teaser_figure():
    """Quamba2's "Quamba2-8B" is its method on Mamba2-8B, no model; S2Q-VDiT's teaser caption
    before the abstract ("We quantize HunyuanVideo [24]") is no title naming its method, and a
    table's "HunyuanVideo" is the model the paper also calls "HunyuanVideo-13B"."""
    pages = [
        "BarQ2: Quantizing Video Models\nAnna Author\nFigure 1: We present BarQ2, a method. We "
        "quantize HunyuanVideo [24] to 4 bits.\nAbstract\nWe propose BarQ2, a post-training "
        "method.\n1\nIntroduction\nText.\n",
        "3\nExperiments\nWe test HunyuanVideo-13B [24], Foo-3B [25] and Mamba2-8B: BarQ2-8B.\n"
        "Table 1: Results.\nModel\nMethod\nScore\nHunyuanVideo\nSmoothQuant [3]\n47.5\n"
        "HunyuanVideo\nQuaRot [4]\n48.1\nHunyuanVideo\nBarQ2\n50.2\nReferences\n",
    ]
    facets = extract_facets(pages)
    models = evaluated(facets, "model")
    assert {"HunyuanVideo-13B", "Foo-3B"} <= models
    assert not {"BarQ2", "BarQ2-8B"} & models
    assert "HunyuanVideo" not in evaluated(facets, "baseline")
    assert {"SmoothQuant", "QuaRot"} <= evaluated(facets, "baseline")


def test_models_the_experiments_list_are_models_not_baselines():
    """QuantWM lists the world models it runs, which no vocabulary knows (LongKat-Video stands
    for its LongCat-Video, now known), and then makes them the rows of its tables beside the
    methods; a citation may break across lines."""
    pages = [
        "QuantWM: Two-Bit KV Caches for World Models\nAbstract\nWe propose QuantWM, a "
        "training-free method.\n1\nIntroduction\nText.\n",
        "4\nExperiments\nWe run five video generation and world models, including "
        "LongKat-Video (Team et al., 2025), HY-World 1.5 (Sun et\nal., 2025) and Causal-Forcing "
        "(Zhu et al., 2026).\nTable 1: Results.\nModel\nMethod\nPSNR\nLongKat-Video\nKIVI [3]"
        "\n20.7\nLongKat-Video\nQuantWM\n25.5\nCausal-Forcing\nKIVI [3]\n21.1\n"
        "Causal-Forcing\nQuantWM\n24.0\nHY-World 1.5\nKIVI [3]\n19.9\n"
        "An appendix on the use of LLMs: we used two chat-based language models: ChatGPT and "
        "Claude+ to write LaTeX.\nReferences\n",
    ]
    facets = extract_facets(pages)
    assert {"LongKat-Video", "HY-World 1.5", "Causal-Forcing"} <= evaluated(facets, "model")
    assert evaluated(facets, "baseline") == {"KIVI"}
    assert "ChatGPT" not in evaluated(facets, "model")
    # the methods a comparison calls "models" stay methods, wherever the sentence says so
    for sentence in [
        "We compare with five baseline",
        "We compare our method against quantizers designed for video generation and world",
        "Following recent works on five video generation and world",
    ]:
        changed = [pages[0], pages[1].replace("We run five video generation and world", sentence)]
        assert "LongKat-Video" not in evaluated(extract_facets(changed), "model"), sentence


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # in brackets or after a dash right after "models"
        ("The pure Transformer models (Wav2Vec4, HuBARD) degrade.", {"Wav2Vec4", "HuBARD"}),
        ("We use four LLM models-GLAX, RetNex, and HGRNX [15, 61].", {"RetNex", "HGRNX"}),
        # the networks the paper quantizes, cited; one capital is enough where cited
        ("We calibrate fully-trained GraphSAGX [10], GXN [31], and Lattez [26].", {"Lattez"}),
        # what the paper applies its method to, a colon after a plural of models, cited names
        # before "models"
        (
            "We apply our FooQ to Open-SORAX (HPC-AI, 2024) and Lattez (Ma et al., 2024).",
            {"Lattez"},
        ),
        ("We evaluate two MoE LLMs: LLAMOEX [46] and MIXTRALX [17].", {"LLAMOEX", "MIXTRALX"}),
        ("We use the popular DETRX [4] and SMCA-DETRX [11] models.", {"DETRX", "SMCA-DETRX"}),
    ],
)
def test_models_the_experiments_name_as_models(sentence, expected):
    page = "4\nExperiments\n" + sentence + " Lattez is fast.\n"
    models = evaluated(extract_facets(paper(experiments=page)), "model")
    assert expected <= models


def test_names_quantized_without_a_citation_or_kinds_of_blocks_are_no_models():
    for sentence in [
        "We quantize GraphSAGX and GXN for 4-bit.",  # no citation: maybe anything
        "These models have different architectures (DiX, MM-DiX, linear attention).",
        "We used two chat-based language models: GraphSAGX and GXN to write.",
        # a kind of a known model, a plural family, a word broken at a line's end
        "the down_proj in LLaMA-like (Touvron et al., 2023) models",
        "We apply quantized training to ResNets [9] and Incep-tionV3 [30].",
        # a series of models (SDP4Bit)
        "we conduct pre-training on GXT-series [23] models ranging from 125M to 6.7B",
    ]:
        models = values_of(extract_facets(paper(experiments=sentence)), "model")
        unknown = {"GraphSAGX", "GXN", "DiX", "MM-DiX", "LLaMA-like", "ResNets", "Incep-tionV3"}
        unknown.add("GXT-series")
        assert not unknown & models, sentence


def _method_section_pages(method: str) -> list[str]:
    """A paper whose method section is `method`, with experiments that name no setting."""
    return [
        "FooNet: Four-bit Activations\nAbstract\nWe train 1-bit models.\n1\nIntroduction\n"
        "Text.\n3\nMethod\n" + method + "\n4\nExperiments\nWe train FooNet-1B.\n",
        "References\n[1] Someone. A paper. 2020.\n",
    ]


def test_a_granularity_the_method_section_says_the_paper_uses():
    """BitNet v2 states its quantizers' granularity only in its method section."""
    pages = _method_section_pages
    own = "For the weights, we use per-tensor absmean. For activations, we adopt per-token absmax."
    assert {"per-tensor", "per-token"} <= evaluated(extract_facets(pages(own)), "granularity")
    # (Anda, in its background and motivation section)
    background = [
        "FooNet: Four-bit Activations\nAbstract\nWe design an accelerator.\n1\nIntroduction\n"
        "Text.\n2\nBackground and Motivation\nBased on these observations, we select a group "
        "size of 64 for later experiments.\n3\nMethod\nText.\n4\nExperiments\nWe run "
        "FooNet-1B.\n",
        "References\n[1] Someone. A paper. 2020.\n",
    ]
    assert {"g64", "per-group"} <= evaluated(extract_facets(background), "granularity")
    # (in a subsection of that section)
    background[0] = background[0].replace("Motivation\n", "Motivation\n2.1\nObservations\n")
    assert "2.1\nObservations" in background[0]
    assert {"g64", "per-group"} <= evaluated(extract_facets(background), "granularity")
    others = "Prior work [3] uses per-tensor absmean; SmoothQuant applies per-token scales."
    assert not evaluated(extract_facets(pages(others)), "granularity")
    supposed = (
        "If we use per-tensor scaling, outliers dominate. When we apply per-token scales, ..."
    )
    assert not evaluated(extract_facets(pages(supposed)), "granularity")


def test_a_granularity_the_method_section_says_in_the_passive():
    """MolmoAct2's action-expert report says how its tensors are quantized only in its method
    section, in the passive."""
    pages = _method_section_pages
    own = "Weights are quantized per output channel; activations are quantized per tensor."
    assert {"per-channel", "per-tensor"} <= evaluated(extract_facets(pages(own)), "granularity")
    supposed = "When the Key is quantized per channel, the tensor is reshaped."
    assert not evaluated(extract_facets(pages(supposed)), "granularity")
    others = "In prior work [3], activations are quantized per tensor."
    assert not evaluated(extract_facets(pages(others)), "granularity")


def test_a_method_that_is_a_family_of_models_keeps_its_models():
    # sizes no other model of the paper has: the paper's own models (BitNet v2, TriLM)
    pages = [
        "FooLM: A Family of Ternary Language Models\nAbstract\nWe pretrain ternary models.\n"
        "1\nIntroduction\nText.\n",
        "3\nExperiments\nWe pretrain FooLM-1B, FooLM-3B and FooLM-7B against LLaMA-2-7B.\n",
    ]
    assert {"FooLM-1B", "FooLM-3B", "FooLM-7B"} <= evaluated(extract_facets(pages), "model")


def test_a_first_page_without_an_abstract_heading_has_no_title_to_its_end():
    """Without an "Abstract" heading (lost in VQ-LLM's conversion, absent from some PDFs), the
    title ran to the body's first "abstract", and every method named before it was the paper's
    own, none a baseline."""
    filler = "Kernels move data between memory levels. " * 50
    pages = [
        "FooVQ: Fast Kernels for Vector Quantization\nAnna Author\n1\nIntroduction\n"
        + filler
        + "Element-wise methods such as AWQ [3] keep scales. "
        + filler
        + "We formally abstract the hierarchy.\n",
        "4\nExperiments\nTable 1: Latency.\nMethod\nW4A16\nAWQ [3]\n5.6\nFooVQ\n4.4\n"
        "We compare with AWQ [3] at 4 bits.\nReferences\n",
    ]
    assert len(pages[0]) > 4000
    assert "AWQ" in evaluated(extract_facets(pages), "baseline")


def test_a_teaser_figure_printed_before_the_title_leaves_the_title_the_papers():
    pages = [
        "Figure 1: Overview of our method.\nQuaRot: Outlier-Free 4-Bit Inference\nAnna Author\n"
        "Abstract\nWe study rotations.\n1\nIntroduction\nText.\n",
        "3\nExperiments\nTable 1: Results.\nMethod\nW4A4\nGPTQ [3]\n5.1\nQuaRot\n4.9\n"
        "SmoothQuant [4]\n6.0\nReferences\n",
    ]
    assert evaluated(extract_facets(pages), "baseline") == {"GPTQ", "SmoothQuant"}


def test_a_teaser_figure_after_the_authors_names_no_method_of_the_paper():
    """VC-Attention's teaser compares its method with SageAttention2 in panels printed between
    the authors and the abstract: those labels are the figure's, not the title's."""
    authors = "Anna Author, Bo Author, Cy Author, Di Author, Ed Author, Flo Author\n" * 5
    teaser = "SageAttention2 (8-bit)\nPSNR: 19.9 dB\nFooAttn (8-bit)\nPSNR: 20.2 dB\n"
    pages = [
        "FooAttn: Low-bit Attention\n" + authors + teaser + "Figure 1: FooAttn is faster than "
        "prior low-bit attention.\nAbstract\nWe quantize attention.\n1\nIntroduction\nText.\n",
        "3\nExperiments\nTable 1: Results.\nMethod\nPSNR\nSageAttention2 [3]\n19.9\n"
        "FooAttn\n20.2\nReferences\n",
    ]
    assert evaluated(extract_facets(pages), "baseline") == {"SageAttention2"}


def test_a_method_family_named_again_and_again_in_the_experiments_is_the_papers():
    """MixLLM never calls itself post-training, but its experiments name the calibration data
    over and over; a family named a few times there stays a mention."""

    def pages(times: int) -> list[str]:
        uses = " ".join(f"Run {k} uses 128 calibration samples from C4." for k in range(times))
        return [
            "FooMix: Mixed Widths\nAbstract\nWe quantize LLMs.\n1\nIntroduction\nText.\n",
            "3\nExperiments\n" + uses + "\nReferences\n",
        ]

    assert "PTQ" in evaluated(extract_facets(pages(6)), "method")
    assert "PTQ" not in evaluated(extract_facets(pages(3)), "method")


def test_while_doing_something_concedes_nothing():
    """ "While keeping the simplicity of post-training quantization, FooQ reaches 2 bits"."""
    pages = [
        "FooQ: Two Bits\nAbstract\nWhile keeping the simplicity of post-training "
        "quantization, FooQ reaches 2 bits.\n1\nIntroduction\nPTQ is cheap.\n",
        "3\nExperiments\nWe quantize LLaMA-7B.\nReferences\n",
    ]
    assert "PTQ" in evaluated(extract_facets(pages), "method")


def test_a_bare_family_beside_its_versions_is_only_mentioned():
    """ "We test the Qwen family: Qwen2.5-7B and Qwen2.5-32B": Qwen means the versions."""
    versions = paper(experiments="We test the Qwen family: Qwen2.5-7B and Qwen2.5-32B.")
    facets = extract_facets(versions)
    assert {"Qwen2.5", "Qwen2.5-7B"} <= evaluated(facets, "model")
    assert "Qwen" in mentioned(facets, "model") and "Qwen" not in evaluated(facets, "model")
    both = paper(experiments="We test the LLaMA family: LLaMA-7B and LLaMA-2-7B.")
    assert {"LLaMA", "LLaMA-2"} <= evaluated(extract_facets(both), "model")
    factors = paper(experiments="We test the LDM family: LDM-4 and LDM-8 on LSUN.")
    assert {"LDM", "LDM-4"} <= evaluated(extract_facets(factors), "model")


def test_a_major_version_beside_its_minor_ones_is_only_mentioned():
    """ "The Llama 3 models: LLaMA-3.1-8B and LLaMA-3.2-3B": Llama 3 means the minor versions,
    unless the paper runs a model of its own (LLaMA-3-8B)."""
    minors = paper(experiments="We test Llama 3 models: Llama-3.1-8B and Llama-3.2-3B.")
    facets = extract_facets(minors)
    assert {"LLaMA-3.1", "LLaMA-3.2", "LLaMA-3.1-8B"} <= evaluated(facets, "model")
    assert "LLaMA-3" in mentioned(facets, "model") and "LLaMA-3" not in evaluated(facets, "model")
    own = paper(experiments="We test Llama 3 models: Llama-3-8B and Llama-3.1-8B.")
    assert {"LLaMA-3", "LLaMA-3.1"} <= evaluated(extract_facets(own), "model")


def test_a_family_whose_only_models_are_distilled_into_it_is_only_mentioned():
    """ "R1-Qwen-14B" and "Llama-8B" shorten DeepSeek-R1-Distill-Qwen-14B and -Llama-8B: the
    paper runs no Qwen nor Llama of their own."""
    distilled = paper(
        experiments="We evaluate DeepSeek-R1-Distill-Qwen-14B and DeepSeek-R1-Distill-Llama-8B "
        "(R1-Qwen-14B and Llama-8B below) at W4A16. Qwen and Llama models lose accuracy."
    )
    facets = extract_facets(distilled)
    assert "DeepSeek-R1-Distill-Qwen-14B" in evaluated(facets, "model")
    assert not {"Qwen", "LLaMA"} & evaluated(facets, "model")
    own = paper(experiments="We evaluate DeepSeek-R1-Distill-Qwen-14B and Qwen2.5-7B at W4A16.")
    assert {"Qwen2.5", "Qwen2.5-7B"} <= evaluated(extract_facets(own), "model")


def test_a_versions_sizes_shortened_in_a_table_are_no_bare_family():
    """LoTA-QAF runs Qwen2.5-14B and Qwen2.5-32B, which its table prints as "Qwen-14B" and
    "Qwen-32B": two sizes of the version make the unversioned names the version shortened. A
    size the version lacks (LLaMA-30B) is the unversioned family's own."""
    table = "Table 1: Results.\nModel\nPIQA\nQwen-14B\n77.9\nQwen-32B\n82.4\n"
    shortened = paper(experiments="We fine-tune Qwen2.5-14B and Qwen2.5-32B.\n" + table)
    facets = extract_facets(shortened)
    assert {"Qwen2.5-14B", "Qwen2.5-32B"} <= evaluated(facets, "model")
    assert "Qwen" in mentioned(facets, "model")
    own = paper(experiments="We run LLaMA-7B, LLaMA-13B, LLaMA-30B, LLaMA-2-7B and LLaMA-2-13B.")
    assert {"LLaMA", "LLaMA-2"} <= evaluated(extract_facets(own), "model")
    # Anda's table names both at the same sizes, side by side: two families
    row = (
        "Table 3: Results.\nOPT-6.7B LLaMA-7B LLaMA2-7B LLaMA-13B LLaMA2-13B\n5.1 5.2 5.3 5.4 5.5\n"
    )
    both = paper(experiments="We evaluate the LLaMA and LLaMA2 families.\n" + row)
    assert {"LLaMA", "LLaMA-2"} <= evaluated(extract_facets(both), "model")
    # the version's sizes count in its instruct models too, which replace their base models
    instruct = paper(
        experiments="We fine-tune Qwen2.5-14B-Instruct and Qwen2.5-32B-Instruct.\n" + table
    )
    facets = extract_facets(instruct)
    assert {"Qwen2.5-14B-Instruct", "Qwen2.5-32B-Instruct"} <= evaluated(facets, "model")
    assert "Qwen" in mentioned(facets, "model")


def test_a_versions_model_named_without_its_version_is_only_mentioned():
    """ "Uniform wins on Llama-8B" in a paper of LLaMA-3.1-8B, "the 3B Qwen model" in one of
    Qwen2.5-3B: no LLaMA nor Qwen came first in those sizes, so the names shorten the versions.
    LLaMA-7B beside LLaMA-2-7B is the first LLaMA, and so is Gemma-2B beside Gemma-2-2B (the
    vocabulary does not say which sizes Gemma came in first)."""
    shortened = paper(
        experiments="We evaluate LLaMA-3.1-8B and Qwen2.5-3B at W4A16. Uniform wins on "
        "Llama-8B. Power use for the 3B Qwen model stabilizes."
    )
    facets = extract_facets(shortened)
    assert {"LLaMA-3.1-8B", "Qwen2.5-3B"} <= evaluated(facets, "model")
    assert {"LLaMA-8B", "Qwen-3B"} <= mentioned(facets, "model") - evaluated(facets, "model")
    firsts = paper(experiments="We evaluate LLaMA-7B, LLaMA-2-7B, Gemma-2B and Gemma-2-2B.")
    assert {"LLaMA-7B", "LLaMA-2-7B", "Gemma-2B", "Gemma-2-2B"} <= evaluated(
        extract_facets(firsts), "model"
    )


def test_sized_names_that_are_common_words_mixtures_or_table_rows():
    """ "Hunyuan Video-13B" is no model "Video" (the paper writes "video"); a mixture of experts
    keeps its active parameters; a sized cell of a results table is a model, not a method."""
    pages = paper(
        experiments="We generate video with Hunyuan Video-13B and Kimi-Linear-48B-A3B.\n"
        "Table 1: Results.\nRTN\n5.1\n6.1\nGPTQ\n5.0\n6.0\nCogVideoX-2B\n4.9\n5.9\n",
    )
    facets = extract_facets(pages)
    models = evaluated(facets, "model")
    assert {"Kimi-Linear", "Kimi-Linear-48B-A3B", "CogVideoX-2B"} <= models
    assert not {"Video", "Video-13B"} & models
    assert "CogVideoX-2B" not in evaluated(facets, "baseline")


# ---------------------------------------------------------------- PTQ from its baselines

_SMALL_PAPER = [
    "BarNet: Small Networks\nAbstract\nWe make language models small.\n1\nIntroduction\n"
    "Small models are good.\n",
    "2\nExperiments\nTable 1: Perplexity on WikiText-2 of LLaMA-2-7B.\nMethod\nW4A16\nGPTQ\n"
    "5.91\nAWQ\n5.83\nBarNet\n5.70\nBarNet beats GPTQ and AWQ on LLaMA-2-7B.\nReferences\n"
    "[1] Frantar. GPTQ. 2022.\n",
]


def test_a_paper_that_evaluates_post_training_baselines_runs_ptq():
    # the paper never writes "post-training": its table of GPTQ and AWQ says it
    facets = extract_facets(_SMALL_PAPER)
    assert evaluated(facets, "baseline") == {"GPTQ", "AWQ"}
    assert "PTQ" in evaluated(facets, "method")
    (ptq,) = [f for f in facets if f.value == "PTQ"]
    assert "GPTQ" in ptq.evidence[0].snippet


def test_a_quantization_aware_paper_compared_with_ptq_baselines_runs_no_ptq():
    intro, experiments = _SMALL_PAPER
    pages = [
        intro.replace("We make", "We train with quantization-aware training to make"),
        experiments.replace("BarNet beats", "Our quantization-aware training of BarNet beats"),
    ]
    facets = extract_facets(pages)
    assert evaluated(facets, "baseline") == {"GPTQ", "AWQ"}
    assert evaluated(facets, "method") == {"QAT"}


def test_post_training_names_only_baselines_of_the_vocabulary():
    data = {
        "settings": {"post_training": ["GPTQ"]},
        "baseline": [{"value": "AWQ", "patterns": ["AWQ"]}],
    }
    with pytest.raises(ValueError, match="GPTQ"):
        compile_vocabulary(data)


def test_a_variant_of_another_method_the_paper_names_keeps_that_method_a_baseline():
    # MobileQuant: "The new models, which we termed SmoothQuant-Edge and OmniQuant-Edge" are
    # its baselines, not its own method
    intro, experiments = _SMALL_PAPER
    pages = [
        intro.replace(
            "small.",
            "small. The new baselines, which we termed SmoothQuant-Edge and "
            "OmniQuant-Edge, run on phones.",
        ),
        experiments.replace("GPTQ", "SmoothQuant-Edge").replace("AWQ", "OmniQuant-Edge"),
    ]
    assert evaluated(extract_facets(pages), "baseline") == {"SmoothQuant", "OmniQuant"}
    own = [intro.replace("small.", "small. We propose SmoothQuant and OmniQuant."), pages[1]]
    assert evaluated(extract_facets(own), "baseline") == set()


def test_a_participle_names_the_papers_method_only_in_a_sentence_about_its_work():
    # aespa's background: "this algorithm, termed BRECQ, not only performs better than
    # AdaRound" names another's method, which its tables then compare against
    intro, experiments = _SMALL_PAPER
    others = intro.replace(
        "small.", "small. In prior work, this algorithm, termed\nGPTQ, performs better than AWQ."
    )
    assert evaluated(extract_facets([others, experiments]), "baseline") == {"GPTQ", "AWQ"}
    own = intro.replace("small.", "small. We design a new solver, termed GPTQ, for this.")
    assert evaluated(extract_facets([own, experiments]), "baseline") == {"AWQ"}
    figure = own.replace("solver,", "solver (see Fig. 1 for an overview),")
    assert evaluated(extract_facets([figure, experiments]), "baseline") == {"AWQ"}
    cited = intro.replace(
        "small.", "small. Frantar et al. proposed a one-shot solver, termed GPTQ, which beats AWQ."
    )
    assert evaluated(extract_facets([cited, experiments]), "baseline") == {"GPTQ", "AWQ"}


@pytest.mark.parametrize("quoted", ['"GPTQ"', "“GPTQ”", "'GPTQ'"])
def test_the_papers_method_may_be_named_in_quotes(quoted):
    # WAGE: 'we develop a new method termed as "WAGE"', a name no title gives, then a row of its
    # results table
    intro, experiments = _SMALL_PAPER
    own = intro.replace("small.", f"small. We develop a new method termed as {quoted} for this.")
    assert evaluated(extract_facets([own, experiments]), "baseline") == {"AWQ"}


def test_a_name_made_an_adjective_is_not_the_name():
    # MobileQuant: "down_proj in LLaMA-like models" evaluates no LLaMA
    assert values("the down_proj in LLaMA-like (Touvron et al.) models", "model") == set()
    assert values("Llama-2-like models", "model") == set()
    assert values("an OPT-style decoder and OPT-6.7B", "model") == {"OPT", "OPT-6.7B"}
    assert values("a GPTQ-style solver and GPTQ-based methods", "baseline") == set()
    assert values("GPTQ-R, a variant of GPTQ", "baseline") == {"GPTQ"}


def test_a_granularity_the_paper_applies_in_its_preliminaries_is_evaluated():
    # BitsFusion's "3.1 Preliminaries": "Following the common settings [38, 17], we apply the
    # channel-wise quantization"; the same words about others stay a mention
    applied = "Following the common settings [38], we apply the channel-wise quantization."
    prelims = "Prior work quantizes.\n2.1\nPreliminaries\n" + applied
    assert "per-channel" in evaluated(extract_facets(paper(related=prelims)), "granularity")
    others = "Prior work [38] applies the channel-wise quantization."
    assert "per-channel" in mentioned(extract_facets(paper(related=others)), "granularity")
    # the other mention sections say what others do, or will be done: "Conventionally, we use
    # per-tensor quantization for activations [12]" in related work stays a mention
    assert "per-channel" in mentioned(extract_facets(paper(related=applied)), "granularity")
    future = "Future work.\nIn later versions we also apply the channel-wise quantization."
    conclusion = extract_facets(paper(conclusion=future))
    assert "per-channel" in mentioned(conclusion, "granularity")


def test_vit_alone_is_the_class_of_models_unless_a_table_or_a_sized_vit_makes_it_one():
    prose = "We quantize ViTs, DeiT-S and DeiT-B, on ImageNet. ViT quantization is hard."
    facets = extract_facets(paper(experiments=prose))
    assert {"DeiT-S", "DeiT-B"} <= evaluated(facets, "model")
    assert "ViT" in mentioned(facets, "model")
    sized = extract_facets(paper(experiments=prose + " We also quantize ViT-B/16 on ImageNet."))
    assert {"ViT", "ViT-B/16"} <= evaluated(sized, "model")
    table = "Table 1: Top-1 accuracy.\nModel\nW8A8\nW4A8\nViT\n77.75\n76.42\nDeiT-S\n79.8\n78.1\n"
    assert "ViT" in evaluated(extract_facets(paper(experiments=prose + "\n" + table)), "model")


@pytest.mark.parametrize(
    "sentence",
    [
        "Our method is not a post-training quantization method.",
        "Unlike post-training quantization, we fine-tune every weight of BarNet.",
        "We train BarNet with quantization-aware training on the same data.",
    ],
)
def test_no_ptq_from_baselines_where_the_paper_sets_ptq_apart_or_trains(sentence):
    # the review's cases: a denial, a concession, the training named in the paper's experiments
    intro, experiments = _SMALL_PAPER
    pages = [intro, experiments.replace("BarNet beats", sentence + " BarNet beats")]
    facets = extract_facets(pages)
    assert evaluated(facets, "baseline") == {"GPTQ", "AWQ"}
    assert "PTQ" not in evaluated(facets, "method")


def test_a_name_inside_a_longer_trigger_is_found_but_not_a_name_inside_a_name():
    # "per-output-channel" is one trigger now: the "channel scaling" after it is still read,
    # and "BERT" inside "Q-BERT" still is not
    found = {(h.category, h.value) for h in scan_text("per-output-channel\nscaling")}
    assert found == {("granularity", "per-channel"), ("method", "smoothing")}
    assert {h.value for h in scan_text("Q-BERT and I-BERT")} == {"Q-BERT", "I-BERT"}


def test_a_kelvin_sign_reads_as_the_letter_k():
    # NFC makes it K; lower-cased, it was a "k" that ended no word for the trigger
    assert values("We compare with Atom here.", "baseline") == {"Atom"}
    assert values("We compare with Atom\u212a here.", "baseline") == set()  # "AtomK"
    assert values("\u212aIVI keys", "baseline") == {"KIVI"}


def test_a_lookahead_ends_a_word_only_when_it_refuses_every_letter_and_digit():
    for ahead in ("(?![A-Za-z0-9]{2})", r"(?!\w\w)", "(?![A-Za-z0-9]-)", r"(?!\w*\()"):
        assert literal_prefixes("Foo" + ahead) == [("f", "o", "o")], ahead
        vocab = compile_vocabulary(
            {"baseline": [{"value": "Foo", "patterns": ["Foo" + ahead], "right": ""}]}
        )
        assert [h.value for h in scan_text("FooX results", vocab)] == ["Foo"], ahead
    assert literal_prefixes(r"Foo(?!\w|\.\d)") == [("f", "o", "o", WORD_END)]


def test_a_static_or_dynamic_granularity_the_paper_applies_is_evaluated():
    # TailorKV: "we apply static per-token quantization to the value cache" (its method section)
    sentence = "For these layers, we apply static per-token quantization to the value cache."
    pages = [
        "FooKV: Caches\nAbstract\nWe compress caches.\n1\nIntroduction\nCaches are big.\n"
        "2\nTailored Caches\n" + sentence + "\n3\nExperiments\nIt works.\n",
        "References\n[1] A. Someone. A paper. 2020.\n",
    ]
    assert "per-token" in evaluated(extract_facets(pages), "granularity")
    pages[0] = pages[0].replace("we apply static", "they apply static")
    assert "per-token" in mentioned(extract_facets(pages), "granularity")


def test_a_granularity_the_paper_adopts_after_its_own_use_is_evaluated():
    # LogQuant's implementation section: the granularity of the keys, in a participle
    sentence = (
        "For our implementation, we utilized Quanto as the quantization backend, adopting the "
        "Key-per-channel strategy."
    )
    pages = [
        "FooKV: Caches\nAbstract\nWe compress caches.\n1\nIntroduction\nCaches are big.\n"
        "2\nLog Caches\n" + sentence + "\n3\nExperiments\nIt works.\n",
        "References\n[1] A. Someone. A paper. 2020.\n",
    ]
    assert "per-channel" in evaluated(extract_facets(pages), "granularity")
    pages[0] = pages[0].replace("we utilized", "KIVI utilized")
    assert "per-channel" in mentioned(extract_facets(pages), "granularity")


def test_a_trigger_compiles_its_patterns_when_the_scan_first_meets_it():
    # compiling all of them took most of a command's vocabulary load (about 250 of 330 ms)
    vocab = compile_vocabulary(_shipped_vocabulary())
    assert vocab.by_trigger._compiled == {}
    assert values("GPTQ and AWQ", "baseline") == {"GPTQ", "AWQ"}
    assert [h.value for h in scan_text("GPTQ on OPT-6.7B", vocab)] == ["GPTQ", "OPT-6.7B", "OPT"]
    assert set(vocab.by_trigger._compiled) == {"gptq", "opt"}
    assert len(list(vocab.by_trigger.values())) == len(vocab.by_trigger)


def test_a_trigger_text_is_resolved_to_its_matchers_once():
    # "int4" has the matchers of the key "int0": the scan remembers that under "int4" itself
    vocab = compile_vocabulary(_shipped_vocabulary())
    text = "INT4 weights, then INT4 again"
    first = [h.value for h in scan_text(text, vocab)]
    assert "int4" in vocab.by_trigger.resolved
    assert vocab.by_trigger.resolved["int4"] == vocab.by_trigger.get("int0")
    assert [h.value for h in scan_text(text, vocab)] == first
    assert first.count("INT4") == 2


def test_a_bad_pattern_of_a_library_is_reported_when_the_vocabulary_loads(tmp_path):
    extra = tmp_path / "quant_vocab.toml"
    extra.write_text('[[baseline]]\nvalue = "Foo"\npatterns = ["Foo(bar"]\n', "utf-8")
    with pytest.raises(VocabularyError, match="not a usable vocabulary entry"):
        load_vocabulary(extra=str(extra))


def test_a_granularity_the_method_sections_come_back_to_is_evaluated():
    """SageAttention2 and Omni-LUT describe their per-channel and per-token quantizers in their
    method sections without a "we use": three mentions there make it the paper's own, two do
    not (a method section also weighs other papers' choices)."""

    def pages(method: str) -> list[str]:
        return [
            "FooAttention: Fast Attention\nAbstract\nWe accelerate attention.\n1\nIntroduction\n"
            "Text.\n3\nMethod\n" + method + "\n4\nExperiments\nWe run FooAttention on OPT-1.3B.\n",
            "References\n[1] Someone. A paper. 2020.\n",
        ]

    sentences = [
        "The value path employs per-channel quantization with one scale a column.",
        "Preprocessing: subtract the mean of K, then quantize V per-channel.",
        "Per-channel quantization of V also absorbs the outliers of its columns.",
    ]
    facets = extract_facets(pages(" ".join(sentences)))
    assert "per-channel" in evaluated(facets, "granularity")
    facets = extract_facets(pages(" ".join(sentences[:2])))
    assert "per-channel" in mentioned(facets, "granularity")


def test_a_column_of_group_sizes_gives_the_sizes():
    """GLVQ ablates the group size in a table whose rows start with the size, one cell a line;
    QA-LoRA and L4Q put it in the second column."""

    def pages(table: str) -> list[str]:
        return [
            "FooQuant: Grouped Codebooks\nAbstract\nWe quantize weights.\n1\nIntroduction\nText.\n"
            "3\nExperiments\nWe report perplexity on WikiText-2.\n"
            "Table 9: Ablation of the group size on Llama-2-7B.\n" + table,
            "References\n[1] Someone. A paper. 2020.\n",
        ]

    first = "Group Size\n2-bit\n3-bit\n32\n6.26\n5.71\n64\n6.26\n5.72\n256\n6.34\n5.78\n"
    assert {"g32", "g64", "g256", "per-group"} <= evaluated(
        extract_facets(pages(first)), "granularity"
    )
    second = "Model\nGroup Size\nPIQA\nLLaMA-2 7B\n128\n78.8\n64\n77.5\n"
    assert {"g64", "g128"} <= evaluated(extract_facets(pages(second)), "granularity")
    # a 16 is the FP16 row's bits (EfficientQAT's Table 10)
    sizes = "Model\n# Bit\nGroup size\nbits/param\nLLaMA-2-7B\n16\n-\n16\n12.55\n"
    sizes += "4\n64\n4.25\n3.61\n4\n128\n4.13\n3.51\n"
    found = evaluated(extract_facets(pages(sizes)), "granularity")
    assert {"g64", "g128"} <= found and "g16" not in found
    # one size may be anything; sizes need a result after them
    for table in ("Group Size\nPIQA\n128\n78.8\n", "Group Size\nMemory\n128\nOOM\n64\nOOM\n"):
        assert not evaluated(extract_facets(pages(table)), "granularity")


def test_a_subsection_after_a_lost_section_heading_begins_that_section():
    """UniQL's conversion printed "Proposed Framework: UniQL" without its 3: its "3.2
    Structured Weight Sorting" still begins the method, which the related work does not run
    into. After an unnumbered "Experiments", "4.1 Quantizing OPT" is a part of the experiments."""

    def pages(middle: str) -> list[str]:
        return [
            "FooQuant: Sorted Weights\nAbstract\nWe compress models.\n1\nIntroduction\nText.\n"
            "2\nRelated Work\nOther work quantizes activations [3].\n" + middle,
            "References\n[1] Someone. A paper. 2020.\n",
        ]

    lost = "Proposed Framework: FooQuant\n3.2 Weight Sorting\nWe employ per-channel quantization."
    assert "per-channel" in evaluated(extract_facets(pages(lost)), "granularity")
    titled = (
        "3 Method\nText.\nExperiments\n4.1 Quantizing OPT\nW4A8 keeps the accuracy of OPT-1.3B."
    )
    assert "W4A8" in evaluated(extract_facets(pages(titled)), "precision")


def test_a_section_that_opens_on_its_training_setup_is_the_experiments():
    """The QAT scaling-law paper's "4 QAT Scaling Law" opens on "4.1 Training Setup", and its
    "4.3 Decomposition" runs W4A4: the whole section is its experiments. A "3.1 Problem Setup"
    opens a method, whose subsections stay the method."""

    def pages(first: str) -> list[str]:
        return [
            "FooLaw: Scaling QAT\nAbstract\nWe fit a law.\n1\nIntroduction\nText.\n"
            f"2 QAT Scaling Law\n2.1 {first}\nWe train 40 models.\n"
            "2.2 Decomposition of the Error\nThe W4A4 error grows with the data.\n",
            "References\n[1] Someone. A paper. 2020.\n",
        ]

    assert "W4A4" in evaluated(extract_facets(pages("Training Setup")), "precision")
    assert "W4A4" not in evaluated(extract_facets(pages("Problem Setup")), "precision")


def test_a_width_below_which_a_paper_works_is_no_setting():
    """A bound below a width ("sub-2-bit weights", the 42nd set's ternary diffusion model) is
    no 2-bit setting, though "2-bit weights" are one."""
    below = "We train sub-2-bit weights on LLaDA. The sub-2-bit model is sub-4bit too."
    facets = extract_facets(paper(experiments=below))
    assert not evaluated(facets, "precision") & {"2-bit", "W2", "4-bit"}
    assert "2-bit" in mentioned(facets, "precision")
    at = extract_facets(paper(experiments=below.replace("sub-", "")))
    assert "2-bit" in evaluated(at, "precision")


@pytest.mark.parametrize(
    "typed, named",
    [
        ("OPTQ", "GPTQ"),
        ("  group   size 128 ", "g128"),
        ("Llama 2 7B", "LLaMA-2-7B"),
        ("quantization-aware training", "QAT"),
        ("Wikitext2", "WikiText-2"),
        ("W4A8", "W4A8"),
        ("Hadamard rotation", None),  # names rotation only in part
        ("no such thing", None),
    ],
)
def test_named_value_reads_a_whole_spelling(typed, named):
    assert named_value(typed) == named


@pytest.mark.parametrize(
    ("before", "uses"),
    [
        ("In all experiments we adopt ", True),
        ("We then use a symmetric ", True),
        ("Both the baseline method and our method use ", True),
        ("we utilized Quanto as the quantization backend, adopting the Key-", True),
        ("If we use ", False),
        ("KIVI [20] uses ", False),
        ("we quantize keys with ", False),
    ],
)
def test_the_quick_look_for_a_use_agrees_with_the_whole_pattern(before, uses):
    # _uses looks for the verb at the end first, then for who uses it: the same answers as
    # _WE_USE alone, in less time
    text = "Some words come first. " + before + "per-token quantization."
    start = len("Some words come first. " + before)
    assert _uses(text, start) is uses
    assert (_WE_USE.search(text, max(0, start - USE_REACH), start) is not None) is uses


def test_a_cited_table_name_with_one_capital_is_a_method_a_table_word_is_not():
    # a KV-cache paper's table: "Quest (Tang et al., 2024)" beside SnapKV and PQCache
    table = "Table 2: LongBench.\nMethod\nBudget\nQA\nSnapKV\n192\n35.2\nZephyrine\n192\n40.1\n"
    table += "Random\n192\n20.2\nPQCache\n192\n48.4\n"
    cited = "We compare with Zephyrine (Tang et al., 2024) and Random (Li et al., 2023). "
    experiments = table + cited + "A random choice of tokens is worse. "
    baselines = values_of(extract_facets(paper(experiments=experiments)), "baseline")
    assert "Zephyrine" in baselines
    assert "Random" not in baselines  # the paper writes it in lower case: a word
    # never cited in brackets: no method's name
    uncited = values_of(extract_facets(paper(experiments=table)), "baseline")
    assert "Zephyrine" not in uncited


def test_a_surname_or_the_end_of_a_longer_name_is_no_method():
    # FlashAttention: "Rabe and Staats [66]", and "Charles Staats" in its bibliography
    table = "Table 2: Speed.\nMethod\nTime\nPerformer\n3.1\nStaats\n2.0\nLinformer\n2.2\n"
    experiments = table + "We compared with Rabe and Staats [66]. " * 2
    refs = "[66] Markus N Rabe and Charles Staats. Self-attention does not need memory."
    baselines = values_of(extract_facets(paper(experiments=experiments, refs=refs)), "baseline")
    assert "Staats" not in baselines
    # a longer name's last word: "with and without Causal Mask (Vaswani, 2017)"
    masked = table.replace("Staats", "Mask") + "We compared with Causal Mask (Vaswani, 2017). "
    assert "Mask" not in values_of(extract_facets(paper(experiments=masked)), "baseline")


def test_a_benchmark_evaluated_by_name_is_the_edition_the_paper_names():
    # MedCompress: "brain tumor segmentation using BraTS 2021" in its setup, "BraTS" in its
    # tables; two editions named leave both as they are
    setup = "We segment brain tumors using BraTS 2021.\n"
    table = "Table 2: Results.\nTask\nDice\nBraTS\n0.871\nBraTS\n0.866\n"
    facets = extract_facets(paper(related=setup, experiments=table))
    assert {"BraTS", "BraTS 2021"} <= evaluated(facets, "benchmark")
    two = setup + "We also used BraTS 2020.\n"
    facets = extract_facets(paper(related=two, experiments=table))
    assert {"BraTS 2020", "BraTS 2021"} <= mentioned(facets, "benchmark")


def test_a_value_an_entry_also_names_is_one_hit():
    # "Mamba" is the entry's value and its family (its `also`, "Mamba{!ver}"): one hit,
    # counted once, one snippet of evidence (it was two, which counted a family named once
    # as named twice)
    assert [(h.category, h.value) for h in scan_text("we run Mamba once")] == [("model", "Mamba")]
    facets = extract_facets(paper(experiments="We evaluate Mamba at W4A16."))
    (mamba,) = [f for f in facets if f.value == "Mamba"]
    assert len(mamba.evidence) == 1


def test_a_family_named_in_passing_in_the_experiments_is_only_mentioned():
    """A paper runs sized models: a family it names bare once or twice in the experiments'
    prose, in no table and with no model of it run, is a family spoken of."""
    passing = paper(
        experiments="We evaluate LLaMA-2-7B and LLaMA-2-13B at W4A16. The gains should "
        "transfer to other model families, such as the Qwen3 series, and to Gemma."
    )
    facets = extract_facets(passing)
    assert "LLaMA-2-7B" in evaluated(facets, "model")
    assert {"Qwen3", "Gemma"} <= mentioned(facets, "model")
    # with a model of it run, or named in a table, or often, the family is the paper's
    sized = paper(experiments="We evaluate LLaMA-2-7B and Qwen3-8B at W4A16 on the Qwen3 series.")
    assert {"Qwen3", "Qwen3-8B"} <= evaluated(extract_facets(sized), "model")
    table = paper(
        experiments="Table 2: Perplexity at W4A16.\nModel\nWiki2\nC4\nGemma\n5.47\n6.90\n"
        "LLaMA-2-7B\n5.12\n6.63\nWe evaluate LLaMA-2-7B and Gemma."
    )
    assert "Gemma" in evaluated(extract_facets(table), "model")
    often = paper(
        experiments="We evaluate LLaMA-2-7B and Gemma at W4A16. Gemma loses 0.3 points. "
        "Gemma keeps its accuracy at W8A8."
    )
    assert "Gemma" in evaluated(extract_facets(often), "model")


def test_a_place_is_shown_once_in_a_facets_evidence():
    # two hits whose snippets are the same text (a short page, or two sizes of one header)
    (facet,) = [
        f for f in extract_facets(["We evaluate W4A8 and W4A8 again."]) if f.value == "W4A8"
    ]
    assert facet.evidence == [Evidence(page=1, snippet="We evaluate W4A8 and W4A8 again.")]


def test_a_row_of_a_name_and_its_numbers_is_no_prose_that_ends_a_table():
    # AWQ's Table 3: header cells one a line above rows such as "GPTQ-R 33.98% 30.71% ...",
    # long lines that ended the table's block as if they were prose, leaving ARC-e mentioned
    row = " ".join(f"{30 + i}.{i}1%" for i in range(10))
    table = "\n".join(
        ["MMLU (5-shot)", "Hums.", "STEM", "PIQA", "ARC-e", "Avg.", "FP16 -", row, "INT3"]
        + ["RTN", row, f"GPTQ-R {row}", "AWQ", row, "INT4", "RTN", row, f"GPTQ-R {row}", "AWQ"]
        + [row, "Table 3. AWQ outperforms RTN and GPTQ under 3-bit quantization."]
    )
    facets = extract_facets(paper(intro="We quantize weights.\n" + table))
    assert "ARC-Easy" in evaluated(facets, "benchmark")
    # a long line of prose that holds numbers is still prose
    said = "The accuracy drops from 67.30% to 59.66% when the weights are quantized to 3 bits."
    assert _is_text(said) and not _is_text(f"GPTQ-R {row}")


@pytest.mark.parametrize(
    ("experiments", "expected"),
    [
        # (2311.05161's appendix: the calibration set, then a result on another benchmark)
        (
            "When calibrating weights with OPTQ, we follow the baseline calibration setting. "
            "We use a subset of the C4 dataset, randomly selecting 128 samples with a sequence "
            "length of 2048. We report perplexity on WikiText-2 for LLaMA-7B.",
            False,
        ),
        ("Our calibration data consists of 128 random 2048-token segments from C4.", False),
        # results on the benchmark, whatever the paper calibrates on
        (
            "We calibrate on 128 samples of WikiText-2. We report perplexity on C4.",
            True,
        ),
        ("Perplexity on C4 after calibration on 128 samples from WikiText-2.", True),
        # the benchmarks of the sentence after a calibration sentence are run
        ("We calibrate on WikiText-2. We also consider C4 and PIQA on LLaMA-7B.", True),
    ],
)
def test_a_benchmark_named_as_calibration_data_is_no_result(experiments, expected):
    facets = extract_facets(paper(experiments=experiments))
    assert ("C4" in evaluated(facets, "benchmark")) is expected


def test_a_facet_keeps_the_pages_that_run_it():
    # the pages of its results, not of its mentions: where `list --facet A --facet B` meets
    pages = paper(intro="W4A8 is hard.", experiments="Table 1: W4A8 results on LLaMA-7B.")
    pages[1] = pages[1].removesuffix("\nReferences\n")
    pages.append("4\nMore Results\nTable 5: W4A8 with g128 on LLaMA-7B.\nReferences\n")
    (facet,) = [f for f in extract_facets(pages) if f.value == "W4A8"]
    assert facet.evaluated and facet.pages == [2, 3]


def test_a_facet_settled_by_its_tables_still_keeps_every_page_it_is_run_on(corpus_facets):
    # GPTQ's RTN rows run through its tables on pp. 14-16, past the three snippets of evidence
    _, facets = corpus_facets["2210.17323"]
    (rtn,) = [f for f in facets if f.value == "RTN"]
    assert {e.page for e in rtn.evidence} == {2} and {14, 15, 16} <= set(rtn.pages)


@pytest.mark.parametrize(
    "sentence",
    [
        "We compare with other PTQ methods on LLaMA-7B.",
        "Compared with recent post-training quantization (PTQ) methods, FooQuant wins.",
        "Accuracy of PTQ versus QAT on LLaMA-7B.",
    ],
)
def test_a_ptq_paper_compared_with_other_ptq_methods_is_still_ptq(sentence):
    # "other", "recent" methods of the family are the paper's own family's: no concession
    pages = [
        "FooQuant: Quantizing Things Well\nAbstract\nFooQuant reduces the error of LLMs.\n"
        "1\nIntroduction\nIntro text.\n2\nMethod\nFooQuant quantizes weights.",
        "3\nExperiments\nTable 1: Results.\nMethod\nGPTQ W4A16\n80.1\nFooQuant W4A16\n81.3\n"
        + sentence
        + "\nReferences\n",
    ]
    assert "PTQ" in evaluated(extract_facets(pages), "method")


def test_a_family_the_paper_compares_itself_with_is_not_its_own():
    # BRECQ, a PTQ paper, with its section "Comparison with quantization-aware training"
    experiments = (
        "4.3\nCOMPARISON WITH QUANTIZATION-AWARE TRAINING\n"
        "Table 4: Performance as well as training cost comparison with quantization-aware "
        "training (QAT).\nIn this section, we compare our algorithm (post-training "
        "quantization) with some quantization-aware training methods. FooQuant is the first "
        "to be on a par with quantization-aware training using 4-bit on LLaMA-7B."
    )
    facets = extract_facets(paper(experiments=experiments))
    assert "QAT" not in evaluated(facets, "method") and "QAT" in mentioned(facets, "method")
    # the same sentences without the comparison: the paper's own
    ran = (
        experiments.replace("COMPARISON WITH ", "")
        .replace("comparison with", "of")
        .replace("we compare our algorithm (post-training quantization) with", "we run")
        .replace("on a par with", "trained with")
    )
    assert "QAT" in evaluated(extract_facets(paper(experiments=ran)), "method")


@pytest.mark.parametrize(
    ("sentence", "run"),
    [
        # AWQ's "Differentiation with SmoothQuant": a design said of another method
        (
            "SmoothQuant balances the smoothness between weight and activation since both of "
            "them are quantized using the same INT8 quantizer.",
            False,
        ),
        # a result of that method at that width is one the paper ran
        ("SmoothQuant reaches 11.55 perplexity with INT8 on LLaMA-7B.", True),
        # the paper's own sentence about the width
        ("We quantize both weights and activations with an INT8 quantizer.", True),
        # how the other method fares is a result the paper ran, in words or beside its own
        ("SmoothQuant collapses with INT8 attention, while FooQuant stays accurate.", True),
        ("SmoothQuant fails under INT8 quantization, but FooQuant does not.", True),
        # a citation's number is no result
        ("SmoothQuant [41] balances weight and activation in one INT8 quantizer.", False),
    ],
)
def test_a_width_said_of_another_method_is_no_setting_run(sentence, run):
    experiments = f"We compare FooQuant with SmoothQuant [3] on LLaMA-7B. {sentence}"
    facets = extract_facets(paper(experiments=experiments))
    assert ("INT8" in evaluated(facets, "precision")) is run


@pytest.mark.parametrize(
    ("before", "against"),
    [
        ("the accuracy of PTQ versus ", True),
        ("the accuracy of PTQ vs. ", True),
        ("FooQuant is the first to be on a\npar with ", True),
        ("we compare our algorithm (post-training quantization) with some ", True),
        ("we compare with other ", False),  # (the paper's own family, and others')
        ("we use ", False),
    ],
)
def test_what_the_paper_sets_itself_against(before, against):
    from papers.quant import _set_against

    assert _set_against(before + "QAT", len(before)) is against


def test_a_second_order_polynomial_is_no_second_order_method(corpus):
    # I-BERT approximates GELU and exp with "a second-order polynomial": no Hessian there
    from papers.pdf import read_pdf

    facets = extract_facets(read_pdf(corpus / "nostamp" / "I-BERT.pdf").pages)
    assert "second-order" not in evaluated(facets, "method")
    hessian = "We use second-order information to quantize LLaMA-7B. " * 3
    assert "second-order" in evaluated(extract_facets(paper(experiments=hessian)), "method")


def test_a_formulas_product_sign_is_no_bullet():
    # "◦" and "∙" after a space are a formula's (nuQmm's "(Ai ◦(Bi · x)), where A is an
    # (m × n) FP16 scale"), which cut the sentence in two places; at a line's start, a bullet
    from papers.quant import _BULLETS

    assert not _BULLETS.search("compute (Ai ◦(Bi · x)), where A is an FP16 scale")
    assert [m.group() for m in _BULLETS.finditer("items:\n◦ one\n∙ two • three")] == [
        "◦ ",
        "∙ ",
        "• ",
    ]


def test_a_family_cell_under_a_one_line_caption_is_the_next_tables():
    # GPTQ prints its captions under their tables: "Table 9: OPT perplexity results on PTB."
    # then its BLOOM table's "BLOOM" cell, read as the caption's second line, so the BLOOM
    # models took the OPT table's place (and the OPT C4 table's models the BLOOM one's)
    prose = "We study post-training quantization of large language models in detail here.\n" * 6

    def table(family: str, sizes: list[str]) -> str:
        cells = [family, "Bits", *sizes, "full", "16"]
        cells += [f"{10 + i}.{j}" for i in range(2) for j in range(len(sizes))]
        return "\n".join(cells) + "\n"

    page = (
        "4\nExperiments\n"
        + prose
        + table("OPT", ["125M", "350M", "1.3B"])
        + "Table 9: OPT perplexity results on PTB.\n"
        + table("BLOOM", ["560M", "1.1B", "1.7B"])
        + "Table 10: BLOOM perplexity results on C4.\n"
        + prose
    )
    found = {f.value: f for f in extract_facets([prose, page, prose])}
    assert found["BLOOM-560M"].places == found["C4"].places
    assert found["OPT-125M"].places == found["PTB"].places
    assert not set(found["OPT-125M"].places) & set(found["BLOOM-560M"].places)


def test_each_item_of_a_bulleted_list_is_a_place_of_its_own():
    # OmniQuant's appendix lists its experiments in bullets on one paragraph: "... Falcon-180B
    # (Table A18). • MMLU ... • ... W4A8 on LLaMa-1-7B": one place, so Falcon "ran" W4A8
    prose = "We study post-training quantization of large language models in detail here.\n" * 6
    bullets = (
        "4\nExperiments\n"
        "• We run Falcon-180B at W3A16 with RTN as the baseline (Table A18). • MMLU accuracy\n"
        "of LLaMA-7B (Table A16). • Asymmetric bits quantization, including W4A8 on the\n"
        "LLaMA-13B model.\n"
    )
    found = {f.value: f for f in extract_facets([prose + bullets, prose])}
    assert found["Falcon-180B"].places == found["W3A16"].places
    assert not set(found["W4A8"].places) & set(found["Falcon-180B"].places)
    assert found["W4A8"].places == found["LLaMA-13B"].places


def test_a_tables_long_caption_and_its_cells_are_one_place():
    """A caption of six lines: its first lines are known as a caption, the later ones read as
    prose, which cut the table from them (W3A16 in the cells, g128 and WikiText-2 in the
    caption were two places: `list --show` kept their baselines apart)."""
    prose = "We study post-training quantization of large language models in detail here.\n" * 6
    caption = [
        "Table 2: Weight-only quantization results of the models on WikiText-2 perplexity, with",
        "all methods using a group size of 128 in this table, and we compare the methods",
        "against the baselines listed below, with the same calibration set for all of them",
        "drawn from the same corpus, and the same number of samples, which is the same as",
        "in the previous work that we compare with, and the same sequence length of 2048,",
        "and the same model for all of them in this experiment.",
    ]
    cells = ["Method", "W3A16", "RTN", "7.01", "6.66", "GPTQ", "6.55", "6.29", "Ours", "6.15"]
    page = prose + "\n".join(caption) + "\n" + "\n".join(cells) + "\n" + prose
    found = {f.value: f for f in extract_facets([page, prose])}
    assert found["W3A16"].places == found["g128"].places == found["WikiText-2"].places
    assert found["W3A16"].places == [(1, 6)]  # (the caption's first line)
    # a value on the caption's later lines too (it was given its sentence's place)
    later = "4\nExperiments\n" + page.replace(
        "and the same model for all of them in this experiment.",
        "and the same model for all of them, with perplexity on C4.",
    )
    found = {f.value: f for f in extract_facets([later, prose])}
    assert found["C4"].evaluated and found["C4"].places == found["W3A16"].places == [(1, 8)]


def test_a_figures_caption_and_the_prose_after_it_are_no_tables_caption():
    """A table under a paragraph that follows a figure's caption was given the figure's
    caption as its own (a reviewer: GPTQ's g32 table took Figure 3's LAMBADA)."""
    prose = "We study post-training quantization of large language models in detail here.\n" * 6
    figure = [
        "Figure 2: The perplexity of the quantized models on WikiText-2 as the group size grows",
        "from 32 to 1024 for all methods that we compare in this figure, for a coarser grouping.",
        "We now turn to the activation quantization results of the models in the table below,",
        "which compare our method with the other methods that quantize the activations as well.",
    ]
    cells = ["Method", "W4A4", "SmoothQuant", "12.1", "11.3", "Ours", "9.15", "8.95"]
    caption = ["Table 2: Weight-activation quantization results, perplexity on C4."]
    page = prose + "\n".join(figure + cells + caption) + "\n" + prose
    found = {f.value: f for f in extract_facets([page, prose])}
    figure_line = prose.count("\n")
    assert found["W4A4"].places and found["W4A4"].places != [(1, figure_line)]
    assert found["W4A4"].places == [(1, figure_line + 4)]  # (the table's first line)


def test_a_caption_printed_under_its_table_is_the_tables_place():
    """A paper that prints its table captions after their cells (GPTQ, OS+, 2311.05161): the
    caption was a place of its own, so W4A8 in the caption and LLaMA-7B in the cells were in
    no one table (`list --together` left the paper out), and a second table stacked under the
    first took the first's caption as its own."""
    prose = "We study post-training quantization of large language models in detail here.\n" * 6
    first = ["Method", "LLaMA-7B", "RTN", "12.1", "11.3", "Ours", "9.15", "8.95"]
    first_caption = ["Table 1: W4A8 quantization results, average accuracy on PIQA."]
    second = ["Method", "OPT-6.7B", "SmoothQuant", "10.1", "10.3", "Ours", "9.05", "8.85"]
    second_caption = ["Table 2: W8A8 quantization results, perplexity on C4."]
    lines = first + first_caption + second + second_caption
    page = prose + "\n".join(lines) + "\n" + prose
    found = {f.value: f for f in extract_facets([page, prose])}
    table_1 = found["LLaMA-7B"].places
    assert table_1 == found["W4A8"].places == found["PIQA"].places
    table_2 = found["OPT-6.7B"].places
    assert table_2 == found["W8A8"].places == found["C4"].places != table_1
    # (in such a paper, a table whose caption is printed above it keeps its caption: a
    # caption with prose above it and cells below is that table's, whatever the vote)
    fourth = ["Method", "Mistral-7B", "RTN", "12.1", "11.3", "Ours", "9.15", "8.95"]
    fourth += ["Table 4: W6A6 quantization results, accuracy on MMLU."]
    third = ["Table 3: W4A4 quantization results, perplexity on WikiText-2."]
    third += ["Method", "OPT-13B", "RTN", "12.1", "11.3", "Ours", "9.15", "8.95"]
    tables = ["\n".join(lines), "\n".join(third), "\n".join(fourth)]
    page = prose + f"\n{prose}".join(tables) + "\n" + prose
    found = {f.value: f for f in extract_facets([page, prose])}
    assert found["W4A4"].places == found["WikiText-2"].places == found["OPT-13B"].places
    assert found["LLaMA-7B"].places == found["W4A8"].places  # (the vote still below: 2 to 1)
    assert found["Mistral-7B"].places == found["W6A6"].places == found["MMLU"].places
    # (a paper that prints captions above their tables is read as before: the caption and the
    # cells under it are one place)
    above = first_caption + first + ["", "We then run more experiments on larger models."]
    page = prose + "\n".join(above) + "\n" + prose
    found = {f.value: f for f in extract_facets([page, prose])}
    assert found["W4A8"].places == found["LLaMA-7B"].places


def test_captions_under_tables_and_column_headers_join_their_tables(corpus):
    # GPTQ's Table 7 (g32 in its cells, WikiText2 in its caption under them) and 2311.05161's
    # Table 1 (W4A8 and PIQA in the caption under its LLaMA-7B rows)
    from papers.pdf import read_pdf

    def together(pdf, *values):
        found = {f.value: f for f in extract_facets(read_pdf(corpus / "pdf" / pdf).pages)}
        return set.intersection(*(set(found[v].places) for v in values))

    assert together("2210.17323.pdf", "g32", "WikiText-2")
    assert {page for page, _ in together("2311.05161.pdf", "W4A8", "LLaMA-7B", "PIQA")} == {5}
    # and a table's column headers, with too few numbers near them to be cells ("HellaSwag
    # (↑)" over "FP16 INT8* INT6", OS+'s p.7): they were a sentence's place, so its INT8 rows
    # on BLOOM-176B had no benchmark with them
    on_7 = together("2304.09145.pdf", "INT8", "BLOOM-176B", "HellaSwag")
    assert {page for page, _ in on_7} == {7}
    # (but not the short last line of a paragraph: "at 4-bit precision." over GPTQ's 2-bit
    # Table 7 on p.9 is a sentence's, not the table's)
    assert not {where for where in together("2210.17323.pdf", "4-bit", "g32") if where[0] == 9}


def test_a_sentence_goes_on_past_et_al_and_e_g():
    # (a second review: "et al." and "e.g." before a capital began a new sentence's place)
    from papers.quant import classify_lines

    text = (
        "We compare with GPTQ, e.g. MobileNets are used. Then OPT is run. "
        "As in Frantar et al. GPTQ is fast."
    )
    lines = classify_lines([text])[0]
    where = {
        word: lines.place(text, 0, text.index(word))
        for word in ("GPTQ", "MobileNets", "OPT", "Frantar", "fast")
    }
    assert where["GPTQ"] == where["MobileNets"] != where["OPT"]
    assert where["Frantar"] == where["fast"] != where["OPT"]


def test_the_papers_own_method_said_in_the_passive_is_its_own(corpus):
    # I-BERT's Table 2: "I-BERT is quantized and fine-tuned from the baseline" (its only
    # word of training) made no QAT paper of it; another's method so said stays another's
    from papers.pdf import read_pdf

    facets = extract_facets(read_pdf(corpus / "nostamp" / "I-BERT.pdf").pages)
    assert "QAT" in evaluated(facets, "method")
    own = "Table 2: FooQuant is quantized and fine-tuned from the baseline on LLaMA-7B.\n"
    assert "QAT" in evaluated(extract_facets(paper(experiments=own)), "method")
    other = own.replace("FooQuant is", "BarQuant is")
    assert "QAT" not in evaluated(extract_facets(paper(experiments=other)), "method")


def test_advice_to_others_is_no_setting_the_paper_runs():
    # the whitepaper's (1806.08342) hardware section: "Our recommendation is to support 4,8 and
    # 16-bit weights and activations", which made W4A4 evaluated though no table runs it
    def facets_in_body(sentence: str) -> list:
        pages = paper(experiments="We run W8A8.\n")
        pages.insert(1, "7 Accelerator design\n" + sentence + "\n")  # (no results heading)
        return extract_facets(pages)

    advice = (
        "Our recommendation is to support 4,8 and 16-bit weights and activations.",
        "We recommend that accelerators support 4-bit weights and activations at once.",
    )
    for sentence in advice:
        assert "W4A4" in mentioned(facets_in_body(sentence), "precision"), sentence
    own = "We use 4-bit weights and activations for every layer of our networks."
    assert "W4A4" in evaluated(facets_in_body(own), "precision")
