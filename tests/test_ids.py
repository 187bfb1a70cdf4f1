from __future__ import annotations

import pytest

from papers.errors import BadIdentifier
from papers.ids import ArxivId, local_id_spelling, parse_arxiv_id
from papers.models import Paper


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2402.15319", ArxivId("2402.15319")),
        ("2402.15319v2", ArxivId("2402.15319", 2)),
        ("arXiv:2402.15319", ArxivId("2402.15319")),
        ("ARXIV: 2402.15319v3", ArxivId("2402.15319", 3)),
        ("https://arxiv.org/abs/2402.15319v1", ArxivId("2402.15319", 1)),
        ("https://arxiv.org/pdf/2402.15319v2", ArxivId("2402.15319", 2)),
        ("https://arxiv.org/pdf/2402.15319v2.pdf", ArxivId("2402.15319", 2)),
        ("http://export.arxiv.org/abs/2402.15319", ArxivId("2402.15319")),
        ("arxiv.org/abs/2402.15319/", ArxivId("2402.15319")),
        # as copied from a browser, with a query or an anchor
        ("https://arxiv.org/abs/2306.00978?context=cs", ArxivId("2306.00978")),
        ("https://arxiv.org/abs/2306.00978v2#S3", ArxivId("2306.00978", 2)),
        ("https://arxiv.org/pdf/2306.00978v2.pdf?download=1", ArxivId("2306.00978", 2)),
        ("hep-th/9901001", ArxivId("hep-th/9901001")),
        ("math.GT/0309136", ArxivId("math/0309136")),
        ("math.gt/0309136v1", ArxivId("math/0309136", 1)),
        ("https://arxiv.org/abs/hep-th/9901001v2", ArxivId("hep-th/9901001", 2)),
        ("1412.6115", ArxivId("1412.6115")),
        ("0704.0001", ArxivId("0704.0001")),
        ("  2210.17323 ", ArxivId("2210.17323")),
        # copied from a sentence, and arXiv's DOI as bibliographies and links print it
        ("2210.17323.", ArxivId("2210.17323")),
        ("arXiv:2210.17323v2,", ArxivId("2210.17323", 2)),
        ("10.48550/arXiv.2210.17323", ArxivId("2210.17323")),
        ("https://doi.org/10.48550/ARXIV.2210.17323", ArxivId("2210.17323")),
        ("doi:10.48550/arxiv.hep-th/9901001", ArxivId("hep-th/9901001")),
    ],
)
def test_every_spelling_of_an_id(text, expected):
    assert parse_arxiv_id(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "abc",
        "",
        "2402.1531",
        "1412.61150",
        "1313.12345",
        "0703.0001",
        "2402.15319v0",
        "2402.15319vx",
        "https://example.org/abs/2402.15319",
        "hep-th/99010",
        "10.1000/xyz",
    ],
)
def test_malformed_ids_are_refused(text):
    with pytest.raises(BadIdentifier, match="not an arXiv id"):
        parse_arxiv_id(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("local:f147c64b8638", "local:f147c64b8638"),
        ("LOCAL:F147C64B8638", "local:f147c64b8638"),
        (" Local:F147 ", "local:f147"),
        ("2210.17323", None),
        ("f147c64b8638", None),
        ("localf147", None),
    ],
)
def test_a_local_id_is_read_in_any_case(text, expected):
    assert local_id_spelling(text) == expected


def test_file_names_are_safe_for_old_style_ids():
    assert ArxivId("hep-th/9901001", 2).filename == "hep-th_9901001v2.pdf"
    assert ArxivId("2402.15319", 1).filename == "2402.15319v1.pdf"
    assert str(ArxivId("2402.15319")) == "2402.15319"


@pytest.mark.parametrize(
    ("paper_id", "year"),
    [
        ("2306.00978", 2023),
        ("0704.0001", 2007),
        ("1412.6115", 2014),
        ("hep-th/9901001", 1999),
        ("math.GT/0309136", 2003),
        ("local:3f2a9c0d1e4b", None),
    ],
)
def test_a_paper_without_arxivs_dates_takes_its_year_from_its_id(paper_id, year):
    assert Paper(id=paper_id, title="t").year == year
    assert Paper(id=paper_id, title="t", published="2020-01-02T00:00:00Z").year == 2020
