"""`papers search`: FTS5 over titles, authors, abstracts, full texts and notes."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from papers.cli import cli
from papers.cli_reviews import search as search_command
from papers.db import open_db, save_paper, set_document
from papers.errors import PapersError
from papers.models import Paper
from papers.reviews import sync_notes
from papers.search import (
    TOKENIZE,
    BadQuery,
    Term,
    plain_query,
    query_phrases,
    query_terms,
    search,
    search_query,
    snippet_terms,
    window_snippet,
)

FILLER = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 300  # ~17 KB


@pytest.fixture
def lib(root):
    db = open_db(root)
    with db.conn:
        save_paper(
            db,
            Paper(
                id="2402.15319",
                title="GPTVQ: The Blessing of Dimensionality for LLM Quantization",
                authors=["Mart van Baalen"],
                abstract="Vector quantization improves the size versus accuracy trade-off.",
            ),
        )
        save_paper(
            db,
            Paper(
                id="2210.17323",
                title="GPTQ: Accurate Post-Training Quantization for Generative Transformers",
                authors=["Elias Frantar", "Dan Alistarh"],
                abstract="One-shot weight quantization with approximate second-order information.",
            ),
        )
        save_paper(db, Paper(id="2306.00978", title="AWQ: Activation-aware Weight Quantization"))
        set_document(
            db,
            "2210.17323",
            "text",
            FILLER + "The inverse Hessian is updated with a Cholesky decomposition. " + FILLER,
        )
        set_document(db, "2306.00978", "text", "Salient channels per-group g128 scaling. " * 3)
    notes = root / "reviews"
    notes.mkdir()
    (notes / "2402.15319-gptvq.md").write_text(
        "---\narxiv: '2402.15319'\n---\nCodebook initialisation is the tricky part.\n",
        encoding="utf-8",
    )
    (notes / "2401.99999-unknown.md").write_text(
        "---\narxiv: '2401.99999'\ntitle: A Paper Not Yet Added\n---\nMentions codebook too.\n",
        encoding="utf-8",
    )
    sync_notes(db, root)
    return db


def test_title_hits_rank_first_and_carry_sources(lib):
    hits = search(lib, "quantization")
    assert {h.id for h in hits} == {"2402.15319", "2210.17323", "2306.00978"}
    assert len(hits) == len({h.id for h in hits})  # one hit per paper
    assert all(h.source in {"title", "abstract"} for h in hits)
    gptvq = next(h for h in hits if h.id == "2402.15319")
    assert set(gptvq.sources) == {"title", "abstract"}
    assert "«Quantization»" in gptvq.snippet or "«quantization»" in gptvq.snippet
    assert hits == sorted(hits, key=lambda h: h.score)


def test_full_text_hit_has_a_short_highlighted_window(lib):
    hits = search(lib, "cholesky decompositions")
    assert [(h.id, h.source) for h in hits] == [("2210.17323", "text")]
    snippet = hits[0].snippet
    assert "«Cholesky» «decomposition»" in snippet
    assert len(snippet) < 300 and snippet.startswith("…") and snippet.endswith("…")


def test_a_word_copied_with_its_ligature_finds_the_text(lib):
    # "efﬁcient" copied from a PDF viewer said "Nothing matches": the stored text has the
    # letters (glyphs.repair), the query kept the ligature
    # (and as the text's other repairs: a spacing accent, "M¨uller" as TeX fonts draw it)
    with lib.conn:
        set_document(
            lib, "2306.00978", "text", "An efficient scheme for low-bit fine-tuning by Müller."
        )
    for query in ("efﬁcient", "eﬃcient", '"low-bit ﬁne-tuning"', "M¨uller"):
        hits = search(lib, query)
        assert [h.id for h in hits] == ["2306.00978"], query
    assert "«efficient»" in search(lib, "efﬁcient")[0].snippet


def test_notes_are_searchable_even_for_papers_not_in_library(lib):
    hits = search(lib, "codebook", sources=["notes"])
    by_id = {h.id: h for h in hits}
    assert set(by_id) == {"2402.15319", "2401.99999"}
    assert by_id["2401.99999"].title == "A Paper Not Yet Added"
    assert by_id["2402.15319"].title.startswith("GPTVQ")
    assert "«Codebook»" in by_id["2402.15319"].snippet
    assert search(lib, "codebook", sources=["title", "abstract"]) == []


def test_source_filter_and_limit(lib):
    assert [h.id for h in search(lib, "Frantar", sources=["authors"])] == ["2210.17323"]
    assert search(lib, "Frantar", sources=["title"]) == []
    assert len(search(lib, "quantization", limit=1)) == 1
    with pytest.raises(BadQuery, match="unknown source"):
        search(lib, "x", sources=["body"])


def test_the_command_says_when_its_limit_left_papers_out(lib):
    # `search --json` stopped at --limit (20) without a word: a script took it for all
    runner = CliRunner()
    cut = runner.invoke(cli, ["search", "quantization", "--limit", "1", "--json"])
    assert cut.exit_code == 0 and len(json.loads(cut.stdout)) == 1
    assert "more matching papers not shown: raise --limit (now 1)" in cut.stderr
    whole = runner.invoke(cli, ["search", "quantization", "--limit", "1000", "--json"])
    assert len(json.loads(whole.stdout)) > 1 and "raise --limit" not in whole.stderr


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ('"unbalanced quote', []),
        ("per-group g128", ["2306.00978"]),
        ('"salient channels', ["2306.00978"]),
        ("salient AND", ["2306.00978"]),
        ("AND salient", ["2306.00978"]),
        ("hessian:cholesky", ["2210.17323"]),  # no such column: the word after it is searched
    ],
)
def test_fts_syntax_errors_fall_back_to_plain_words(lib, query, expected):
    result = search_query(lib, query)  # never an sqlite3 error
    assert result.plain
    assert [h.id for h in result.hits] == expected


@pytest.mark.parametrize(
    ("query", "said"),
    [
        # (as plain words, "gptq awq": AWQ listed first, the opposite of what was asked)
        ("gptq -awq", "try 'gptq NOT awq'"),
        ("hessian NOT post-training", "try 'hessian NOT \"post-training\"'"),
        ("W4A16 OR per-channel", "try 'W4A16 OR \"per-channel\"'"),
        ("NOT cholesky", "a search needs a word to find first"),
        ("-cholesky hessian", "try 'hessian NOT cholesky'"),  # (the user's words, in order)
        ("NOT cholesky hessian", "try 'hessian NOT cholesky'"),
        ("gptq OR", "OR needs a word on each side"),  # (it suggested 'gptq OR' again)
        ("awq OR gptq NOT", "NOT needs a word on each side"),
        ("gptq AND NOT awq", "try 'gptq NOT awq'"),  # (it suggested the same query back)
        ("title:gptq -cholesky", "try 'gptq NOT cholesky'"),  # (it found the word excluded)
        # (it said "the library database: expected integer")
        ("NEAR(hessian, cholesky)", "NEAR(word word, N)"),
        ("salient NEAR(", "NEAR(word word, N)"),
    ],
)
def test_a_query_whose_operators_plain_words_would_lose_is_refused(lib, query, said):
    with pytest.raises(BadQuery) as refused:
        search(lib, query)
    assert said in str(refused.value)


def test_a_word_with_a_dash_in_front_is_the_querys_not_an_option(lib, root):
    runner = CliRunner()
    for args in (["-cholesky", "hessian"], ["hessian", "-cholesky", "--limit", "2"]):
        result = runner.invoke(cli, ["search", *args])
        assert result.exit_code == 1, result.output  # (not click's "No such option: -c")
        assert "NOT" in result.stderr
    assert runner.invoke(cli, ["search", "-h"]).stdout.startswith("Usage: ")
    assert runner.invoke(cli, ["search", "--bogus", "x"]).exit_code == 2
    both = runner.invoke(cli, ["search", "--limit", "1", "hessian", "--json"])
    assert both.exit_code == 0 and len(json.loads(both.stdout)) == 1
    # every option that takes a value keeps it, the --root every command takes after it too
    rooted = runner.invoke(cli, ["search", "hessian", "--root", str(root), "--limit", "1"])
    assert rooted.exit_code == 0, rooted.output
    dangling = runner.invoke(cli, ["search", "gptq", "--limit"])
    assert dangling.exit_code == 2 and "'--limit' requires an argument" in dangling.output


@pytest.mark.parametrize("query", ["*", "((", "NEAR(", '"', "-", "AND", "AND OR NOT", "title:"])
def test_queries_with_no_words_are_a_clear_error(lib, query):
    with pytest.raises(BadQuery, match="nothing to search for"):
        search(lib, query)


def test_column_filters_name_sources(lib):
    result = search_query(lib, "title:quantization")
    assert result.sources == ["title"] and not result.plain
    assert all(h.source == "title" for h in result.hits) and len(result.hits) == 3
    assert search(lib, "title: salient") == []  # the word is in a full text, not a title
    assert [h.id for h in search(lib, "TEXT:salient")] == ["2306.00978"]
    # --in wins over a filter in the query
    assert [h.source for h in search(lib, "abstract:hessian", sources=["text"])] == ["text"]


def test_empty_library_is_a_clear_error(root):
    db = open_db(root)
    with pytest.raises(PapersError, match="the library is empty"):
        search(db, "quantization")


def test_empty_query(lib):
    with pytest.raises(BadQuery):
        search(lib, "   ")
    assert search(lib, '"" ""') == []


def test_fts_operators_still_work(lib):
    assert [h.id for h in search(lib, "hessian AND cholesky")] == ["2210.17323"]
    assert {h.id for h in search(lib, "GPTVQ OR AWQ")} == {"2402.15319", "2306.00978"}
    assert {h.id for h in search(lib, "quant*", sources=["title"])} == {
        "2402.15319",
        "2210.17323",
        "2306.00978",
    }


def test_pure_helpers():
    assert plain_query('per-group "x" title:y') == '"per-group" "x" "y"'
    # (a word with a digit is no column: "1" and "W4A8" were dropped, widening the search)
    assert plain_query("ratio 1:4") == '"ratio" "1:4"'  # FTS5: the phrase "1 4"
    assert plain_query("(1:4:8)") == '"1:4:8"'
    assert plain_query("W4A8:per-group") == '"W4A8" "per-group"'
    assert plain_query("(local:f147) x:y") == '"local:f147"* "y"'  # (a local id, or its start)
    # (a NEAR's distance is no word: "search 'NEAR(outlier sensitivity, 5)'" marked "top-[5]")
    assert query_terms("NEAR(outlier sensitivity, 5)") == query_terms("outlier sensitivity")
    assert query_terms('NEAR("a b" c,10)') == query_terms('"a b" c')
    assert query_terms("quant* AND hessians NEAR(a b) title:foo") == [
        Term("quant", None),
        Term("hessian", "hessian"),
        Term("a", "a"),
        Term("b", "b"),
        Term("foo", "foo"),
    ]
    text = "x " * 500 + "we quantize weights; later the quantized model " + "y " * 500
    out = window_snippet(text, query_terms("quantization weights")).snippet
    assert "«quantize» «weights»" in out and "«quantized»" in out
    assert window_snippet(text, query_terms("absent")).snippet == ""


def test_a_snippet_marks_the_words_the_index_matched():
    """The index stems words (porter): "act" matches "acts" and "acting", not "activations"
    or "actual", which a snippet used to mark (and centre on) as if they were the match;
    "sensitivity" matches "sensitive", which it did not mark."""
    text = "activations actual " * 300 + "the model acts on it, acting " + "y " * 500
    out = window_snippet(text, query_terms("act")).snippet
    assert "«acts»" in out and "«acting»" in out
    assert "«activations»" not in out and "«actual»" not in out
    out = window_snippet(
        "x " * 500 + "very sensitive to noise " + "y " * 500, query_terms("sensitivity")
    ).snippet
    assert "«sensitive»" in out
    assert (
        window_snippet("activations " * 900, query_terms("act")).snippet == ""
    )  # FTS5's own, then
    # a prefix query is the words so begun, as FTS5 reads it
    assert (
        "«activations»" in window_snippet("x " * 500 + "activations", query_terms("act*")).snippet
    )


def test_snippets_stem_as_the_index_does(tmp_path):
    db = open_db(tmp_path)
    sql = db.execute("SELECT sql FROM sqlite_master WHERE name = 'documents_fts'").fetchone()[0]
    assert TOKENIZE in sql


def test_a_quoted_phrase_is_shown_where_its_words_stand_together():
    """ "hessian inverse": the window shows the phrase, highlighted whole (a hyphen between its
    words too, as FTS5 reads it), not the first place both words stand apart."""
    text = (
        "the inverse of a matrix and the Hessian of the loss "
        + "x " * 120
        + "we keep the Hessian-inverse in Cholesky form "
        + "y " * 500
    )
    out = window_snippet(text, [], phrases=query_phrases('"hessian inverse"')).snippet
    assert "«Hessian-inverse»" in out and "«inverse»" not in out and "«Hessian»" not in out
    # a phrase far into the window's reach is shown too (a window starts before its first word)
    late = "quantization " + "z " * 75 + "Hessian inverse " + "y " * 500
    out = window_snippet(
        late, query_terms("quantization"), phrases=query_phrases('"hessian inverse"')
    ).snippet
    assert "«Hessian inverse»" in out


def test_a_phrases_words_are_no_terms_of_their_own():
    from papers.search import snippet_terms

    for query in ('"hessian inverse" cholesky', '"hessian-inverse" cholesky'):
        terms, phrases = snippet_terms(query)
        assert terms == [Term("cholesk", "choleski")]
        assert phrases == [[Term("hessian", "hessian"), Term("invers", "invers")]]
    assert snippet_terms('"gptq" awq') == ([Term("gptq", "gptq"), Term("awq", "awq")], [])


def test_a_ratio_is_searched_and_shown_as_one(lib):
    """ "ratio 1:4" (no FTS5 syntax: a colon names a column) ran as the words "ratio", "1" and
    "4", anywhere, and its snippet marked every "1"; it is the numbers in that order."""
    with lib.conn:
        for paper_id, text in [("2401.00001", "a ratio of 1:4 here"), ("2401.00002", "4, 1, 2")]:
            save_paper(lib, Paper(id=paper_id, title=f"Paper {paper_id}"))
            set_document(lib, paper_id, "text", f"1 {FILLER} a ratio {text} {FILLER}")
    results = search_query(lib, "ratio 1:4")
    assert results.plain and [hit.id for hit in results.hits] == ["2401.00001"]
    assert "«1:4»" in results.hits[0].snippet and "[1]" not in results.hits[0].snippet


def test_a_phrase_that_repeats_a_token_keeps_each_of_them():
    """ "2.2 bit" is the phrase "2 2 bit" (the tokenizer splits at the dot): its snippet terms
    were "2" and "bit", each once, which marked "2-bit"; "2.2" alone was the word "2"."""
    two, bit = Term("2", "2"), Term("bit", "bit")
    assert query_phrases('"2.2 bit"') == [[two, two, bit]]
    assert snippet_terms('"2.2"') == ([], [[two, two]])
    assert snippet_terms('"gptq gptq"') == ([], [[Term("gptq", "gptq")] * 2])
    assert query_terms("2 2 bit") == [two, bit]  # (words apart: each one once)
    text = (
        "Jiaming Tang1,2 quantized to 2-bit weights "
        + "x " * 200
        + "At ≈2.2 bit (group-size 128) the perplexity "
        + "y " * 500
    )
    out = window_snippet(text, [], phrases=query_phrases('"2.2 bit"')).snippet
    assert "≈«2.2 bit» (group-size" in out and "2-bit" not in out
    terms, phrases = snippet_terms('"2.2"')
    out = window_snippet(text, terms, phrases=phrases).snippet
    assert "≈«2.2» bit" in out and "«2»" not in out


def test_a_phrase_is_shown_where_it_stands_as_the_query_writes_it():
    """FTS5 reads "2.2" as the tokens 2 and 2, which "||x||2 2" of a formula holds too (and
    "−0.2 −2.4" of a table): a window shows the decimal where the text writes it so."""
    formula = "the loss ||WX||2 2 is minimised; the table: −0.2 −2.4 +1.2 "
    decimal = "the perplexity rises by 2.2 points "
    text = formula + "x " * 200 + decimal + "y " * 500
    for query in ('"2.2"', '"2 2"'):
        terms, phrases = snippet_terms(query)
        out = window_snippet(text, terms, phrases=phrases).snippet
        if query == '"2.2"':
            assert "by «2.2» points" in out and "||" not in out
        else:  # (as written: the formula's)
            assert "||WX||«2 2» is" in out
    # where the text never writes it so, the tokens together are shown all the same
    terms, phrases = snippet_terms('"2.2"')
    out = window_snippet(formula + "y " * 500, terms, phrases=phrases).snippet
    assert "||WX||«2 2» is" in out
    # a phrase's case is no difference; a line break is a space
    phrases = query_phrases('"Hessian inverse"')
    late = "the Hessian-inverse " + "x " * 200 + "its hessian\ninverse " + "y " * 500
    out = window_snippet(late, [], phrases=phrases).snippet
    assert "its «hessian inverse»" in out and "Hessian-inverse" not in out


def test_a_decimal_is_searched_and_shown_where_it_stands(lib):
    """`search '"2.2 bit"'` showed page 1's "quantized to «2-bit»", `search 2.2` the lone «2»s
    of an affiliation: both are the page the decimal is on, marked whole (not page two's
    "||WX||2 2", which FTS5 matches too, but the query does not write)."""
    pages = [
        f"Ji Lin1 Jiaming Tang1,2 Song Han1 {FILLER} weights quantized to 2-bit or ternary.",
        f"{FILLER} the error argmin ||WX − ŴX||2 2 (1) on page two",
        f"{FILLER} At ≈2.2 bit (group-size 128) the perplexity rises. {FILLER}",
    ]
    with lib.conn:
        set_document(lib, "2210.17323", "text", "\f".join(pages))
    [hit] = search(lib, '"2.2 bit"')
    assert hit.page == 3 and "≈«2.2 bit» (group-size" in hit.snippet
    plain, matches = hit.to_dict()["text"], hit.to_dict()["matches"]
    assert [plain[a:b] for a, b in matches] == ["2.2 bit"]
    results = search_query(lib, "2.2")
    assert results.plain and [h.id for h in results.hits] == ["2210.17323"]
    [hit] = results.hits
    assert hit.page == 3 and "≈«2.2» bit" in hit.snippet and "«2»" not in hit.snippet


def test_search_highlights_a_phrase_whole(lib):
    [hit] = search(lib, '"inverse hessian" cholesky')
    assert "«inverse Hessian»" in hit.snippet and "«Cholesky»" in hit.snippet


def test_cli_json_and_text(lib):
    runner = CliRunner()
    result = runner.invoke(cli, ["search", "cholesky", "--json"], catch_exceptions=False)
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data[0]["id"] == "2210.17323" and data[0]["source"] == "text"
    assert {"id", "title", "source", "snippet", "score"} <= set(data[0])
    text = runner.invoke(cli, ["search", "codebook", "--in", "notes"], catch_exceptions=False)
    assert "2402.15319" in text.stdout and "[notes]" in text.stdout
    nothing = runner.invoke(cli, ["search", "zyxquorb"], catch_exceptions=False)
    assert nothing.exit_code == 1 and nothing.stderr == "Nothing matches: zyxquorb\n"
    empty = runner.invoke(cli, ["search", "zyxquorb", "--json"], catch_exceptions=False)
    assert (empty.exit_code, json.loads(empty.stdout)) == (1, [])
    assert empty.stderr == "Nothing matches: zyxquorb\n"
    bad = runner.invoke(cli, ["search", "x", "--in", "body"], catch_exceptions=False)
    assert bad.exit_code == 2
    assert "Example" in search_command.help


def test_json_says_where_its_matches_are_and_which_notes_matched(lib, root):
    # a tester's script could not find the match among a snippet's brackets ("[10]", "H[L]ij",
    # "[[AWQ]]"), which marked matches then, nor which note a hit in notes came from
    set_document(lib, "2306.00978", "text", f"{FILLER} see [10] and the [Hessian] here {FILLER}")
    (root / "reviews" / "ideas.md").write_text("Codebook thoughts, [[AWQ]] aside.\n")
    sync_notes(lib, root)
    found = CliRunner().invoke(cli, ["search", "hessian", "--in", "text", "--json"])
    by_id = {hit["id"]: hit for hit in json.loads(found.stdout)}
    hit = by_id["2306.00978"]
    [(start, end)] = hit["matches"]
    assert hit["text"][start:end] == "Hessian" and hit["text"][start - 1] == "["
    assert "[" not in hit["text"].replace("[10]", "").replace("[Hessian]", "")
    assert hit["notes"] == []
    noted = CliRunner().invoke(cli, ["search", "codebook", "--in", "notes", "--json"])
    by_id = {hit["id"]: hit for hit in json.loads(noted.stdout)}
    assert by_id["2402.15319"]["notes"] == ["reviews/2402.15319-gptvq.md"]
    assert by_id["note:reviews/ideas.md"]["notes"] == ["reviews/ideas.md"]
    for hit in by_id.values():
        assert all(hit["text"][a:b].lower() == "codebook" for a, b in hit["matches"])


def test_a_note_that_names_no_paper_is_searchable(lib, root):
    # no front matter, or broken YAML: the sync says the body is indexed, and search finds it
    (root / "reviews" / "ideas.md").write_text("Plain thoughts on lattice codebooks.\n")
    (root / "reviews" / "broken.md").write_text("---\ntitle: [oops\n---\nA trellisword here.\n")
    sync_notes(lib, root)
    assert [h.source for h in search(lib, "lattice")] == ["notes"]
    assert [h.source for h in search(lib, "trellisword")] == ["notes"]
    result = CliRunner().invoke(cli, ["search", "lattice"])
    assert result.exit_code == 0 and "ideas.md" in result.output


def test_a_hit_shows_the_same_sources_whatever_the_limit(root):
    """The sources a hit matched in are its paper's, not those that made the ranking's first
    few rows: with --limit 1 a paper found by its title lost its full text (h3)."""
    db = open_db(root)
    with db.conn:
        save_paper(db, Paper(id="2401.00001", title="Quantization"))
        set_document(db, "2401.00001", "text", FILLER + " quantization " + FILLER)
        for n in range(2, 9):
            save_paper(db, Paper(id=f"2401.0000{n}", title=f"Quantization of model {n}"))
    everything = search(db, "quantization", limit=20)
    assert everything[0].id == "2401.00001" and everything[0].sources == ["title", "text"]
    assert search(db, "quantization", limit=1)[0].sources == ["title", "text"]


def test_words_broken_at_line_ends_are_found_whole_and_their_halves_are_no_words(root, tmp_path):
    # "outliers" printed once, as "out-" / "liers", was not found; "re-" / "quest" was a hit
    # for the method Quest; a compound the paper prints ("post-training") keeps its hyphen
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page()
    lines = [
        "Low-bit kernels are sensitive to out-",
        "liers in activations. Each re-",
        "quest is served in a batch. We use post-",
        "training quantization, as post-training methods do, on 4-",
        "bit weights.",
    ]
    page.insert_text((72, 72), "\n".join(lines), fontsize=10)
    pdf = tmp_path / "kernels.pdf"
    doc.save(pdf)
    assert CliRunner().invoke(cli, ["add", str(pdf)]).exit_code == 0
    found = CliRunner().invoke(cli, ["search", "outliers", "--json"])
    assert found.exit_code == 0 and "«outliers»" in json.loads(found.stdout)[0]["snippet"]
    assert CliRunner().invoke(cli, ["search", "Quest"]).exit_code == 1
    assert CliRunner().invoke(cli, ["search", "liers"]).exit_code == 1
    body = open_db(root).execute("SELECT body FROM documents WHERE source = 'text'").fetchone()[0]
    assert "post-training\n quantization" in body and "4-\nbit" in body  # (digits: as printed)


def test_the_upgrade_makes_the_words_of_stored_texts_whole(root, monkeypatch):
    db = open_db(root)
    save_paper(db, Paper(id="2402.15319", title="GPTVQ"))
    broken = "Vector quanti-\nzation of weights with out-\nliers.\fPage two"
    with db.conn:
        set_document(db, "2402.15319", "text", broken)
        db.execute("DELETE FROM _sqlite_migrations WHERE name = '013_text_words_whole'")
    assert search(db, "outliers") == []  # (as the last release indexed it)
    from papers import config, migrations

    said: list[str] = []
    monkeypatch.setattr(migrations, "TEXTS_SAID", 1)  # (many texts: what it does is said)
    monkeypatch.setattr(config, "notice", said.append)
    db = open_db(root)  # (opening the library migrates it)
    assert said == ["note: making the words of 1 stored texts whole for search, once"]
    body = db.execute("SELECT body FROM documents WHERE source = 'text'").fetchone()[0]
    assert body == "Vector quantization\n of weights with outliers.\n\fPage two"
    assert [hit.id for hit in search(db, "outliers")] == ["2402.15319"]


def test_all_the_words_of_a_query_may_be_in_different_parts_of_a_paper(lib):
    # each part is a document of its own: "codebook Baalen" (a note's word and an author)
    # found nothing, though the paper holds both
    hits = search(lib, "codebook Baalen")
    assert [h.id for h in hits] == ["2402.15319"]
    assert set(hits[0].sources) == {"notes", "authors"} and "«" in hits[0].snippet
    assert [h.id for h in search(lib, 'initialisation AND "vector quantization"')] == ["2402.15319"]
    # a paper one part answers comes first, once
    both = search(lib, "hessian cholesky")
    assert [h.id for h in both] == ["2210.17323"]
    # NOT leaves out GPTVQ, whose authors hold Baalen; one part asked, one part
    assert [h.id for h in search(lib, "codebook NOT Baalen")] == ["2401.99999"]
    assert search(lib, "codebook Frantar") == []
    assert search(lib, "codebook Baalen", sources=["notes"]) == []


def test_a_note_naming_no_paper_is_titled_by_its_heading_and_scores_are_never_minus_zero(lib, root):
    # `search Hadamard` showed "note:reviews/topics/rotation-ideas.md" with no title; and a
    # term in most parts of the library scored -0.0 for every hit
    (root / "reviews" / "topics").mkdir()
    (root / "reviews" / "topics" / "rotation-ideas.md").write_text(
        "Some preamble.\n\n# Rotation ideas\n\nHadamard before quantization.\n"
    )
    (root / "reviews" / "bare.md").write_text("Hadamard again, no heading.\n")
    sync_notes(lib, root)
    titles = {h.id: h.title for h in search(lib, "Hadamard")}
    assert titles == {
        "note:reviews/topics/rotation-ideas.md": "Rotation ideas",
        "note:reviews/bare.md": "bare",
    }


def test_a_term_in_most_parts_of_the_library_scores_no_minus_zero(lib):
    # bm25 clamps such a term's weight: four decimals printed -0.0 for every hit
    scores = [h.score for h in search(lib, "quantization")]
    assert all(str(score) != "-0.0" for score in scores)
    assert scores == sorted(scores) and all(score < 0 for score in scores)


def test_an_authors_own_papers_come_before_those_that_cite_them(lib):
    # "Frantar" listed the papers whose text cites him in every other line above his GPTQ
    set_document(
        lib, "2306.00978", "text", "As Frantar et al. show, and Frantar again, Frantar (2022). " * 5
    )
    hits = search(lib, "Frantar")
    assert [(h.id, h.source) for h in hits] == [("2210.17323", "authors"), ("2306.00978", "text")]
    assert hits[0].score < hits[1].score


def test_parts_and_operators_as_people_type_them(lib):
    # "author:Frantar" searched every part, "--in Title" was refused while "Title:gptq" worked,
    # and "hessian or cholesky" required the word "or", without a word said
    assert [h.source for h in search(lib, "author:Frantar")] == ["authors"]
    runner = CliRunner()
    titled = runner.invoke(cli, ["search", "gptq", "--in", "Title", "--json"])
    assert titled.exit_code == 0 and {h["source"] for h in json.loads(titled.stdout)} == {"title"}
    said = runner.invoke(cli, ["search", "hessian or cholesky"]).stderr
    assert "note: 'or' is searched as a word; OR, in capitals, is an operator" in said
    assert (
        "is searched as a word" not in runner.invoke(cli, ["search", '"trade-off or not"']).stderr
    )


def test_the_pass_across_parts_takes_plain_words_and_leaves_what_fts5_reads_alone(lib):
    # "hessian + cholesky" (FTS5's +) crashed the pass after FTS5 had read the whole query;
    # "codebook Baalen-like" ran as plain words and never looked across parts
    assert [h.id for h in search(lib, "inverse + hessian cholesky")] == ["2210.17323"]
    assert search(lib, '"inverse hessian"* cholesky') != []
    plain = search_query(lib, "codebook van-Baalen")
    assert plain.plain and [h.id for h in plain.hits] == ["2402.15319"]


def test_a_broken_word_is_joined_as_the_paper_prints_it_most():
    # "pre-trained" printed 31 times and "pretrained" once (LoRA): the join took the rare one,
    # and the phrase "freezes the pre-trained model" was no longer found; a suspended hyphen
    # ("layer- or group-wise") was glued to "layeror"; the line break went before a full stop
    from papers.hyphens import join_broken_words

    text = (
        "We use pre-trained and pre-trained weights, once pretrained ones. It freezes the pre-\n"
        "trained model, layer-\nor group-wise, and its quantiza-\ntion.\nNext line"
    )
    joined = join_broken_words(text)
    assert "freezes the pre-trained\n model" in joined
    assert "layer-\nor group-wise" in joined
    assert "quantization.\n\nNext line" in joined


def test_a_part_named_before_one_word_holds_that_word_alone(lib):
    # "author:Frantar cholesky" found nothing: the part named restricted every word; and
    # "title:gptq text:cholesky" listed papers whose title has no GPTQ
    assert [(h.id, set(h.sources)) for h in search(lib, "author:Frantar cholesky")] == [
        ("2210.17323", {"authors", "text"})
    ]
    assert [h.id for h in search(lib, "title:gptvq codebook")] == ["2402.15319"]
    assert search(lib, "title:gptq codebook") == []
    # one part for every word restricts the whole query, as --in does
    assert [h.source for h in search(lib, "title:quantization title:gptq")] == ["title"]


def test_not_leaves_out_the_papers_any_part_of_which_holds_the_word(lib):
    # FTS5 reads NOT within one part: "hessian NOT Frantar" listed GPTQ, whose text has no
    # "Frantar" though its authors do
    assert search(lib, "hessian NOT Frantar") == []
    assert [h.id for h in search(lib, "hessian NOT awq")] == ["2210.17323"]
    # a NOT inside a group is FTS5's, within one part, as before
    assert [h.id for h in search(lib, "hessian AND (cholesky NOT Frantar)")] == ["2210.17323"]


def test_parts_named_in_queries_with_operators_or_common_words(lib, monkeypatch):
    # "title:gptq OR awq" was a database error once parts per word were read; a word with a
    # hyphen after a part named restricted the whole query; a part's filter must hold
    assert {h.id for h in search(lib, "title:gptq OR awq")} >= {"2210.17323"}
    # (with an operator, the part named restricts the whole query, as --in does)
    assert [h.id for h in search(lib, "author:Frantar NOT cholesky")] == ["2210.17323"]
    assert [h.id for h in search(lib, "author:Frantar one-shot")] == ["2210.17323"]
    assert search(lib, "title:gptq codebook") == []  # (codebook: GPTVQ's note, not GPTQ's)
    assert search(lib, "title:awq cholesky") == []  # (cholesky: GPTQ's text, not AWQ's)
    assert search(lib, "hessian title:Frantar") == []  # (Frantar: GPTQ's authors, no title)
    # every word in more parts than the pass takes: the parts named restrict the whole
    from papers import search as search_module

    monkeypatch.setattr(search_module, "ACROSS_PARTS_MAX", 0)
    assert [h.source for h in search(lib, "title:gptq text:quantization")] == ["title"]


@pytest.mark.parametrize("read_at_once", [0, 10**9])
def test_the_other_terms_are_found_however_their_parts_are_read(lib, monkeypatch, read_at_once):
    from papers import search as search_module

    monkeypatch.setattr(search_module, "ACROSS_PARTS_READ", read_at_once)
    assert [h.id for h in search(lib, "codebook Baalen")] == ["2402.15319"]
    assert search(lib, "hessian NOT Frantar") == []


def test_not_asks_for_more_papers_while_some_are_left_out_and_keeps_to_the_parts_asked(
    lib, monkeypatch
):
    from papers import search as search_module

    # (one part asked at first: the best matches are left out, the next are asked for)
    monkeypatch.setattr(search_module, "OVERFETCH", 1)
    monkeypatch.setattr(search_module, "DEFAULT_LIMIT", 1)
    assert [h.id for h in search(lib, "quantization NOT Frantar", limit=1)] != ["2210.17323"]
    assert len(search(lib, "quantization NOT Frantar", limit=2)) == 2
    # with --in, a word in a part not asked leaves nothing out
    assert "2210.17323" in {
        h.id for h in search(lib, "quantization NOT Frantar", sources=["title"])
    }


def test_a_title_match_shows_a_snippet_of_another_part_that_matches(lib):
    # a title match, weighed first, showed the title again as its snippet
    (hit,) = search(lib, "GPTQ", sources=["title", "abstract"])
    assert hit.source == "title" and hit.sources == ["title"]  # (the abstract: no GPTQ)
    (hit,) = [h for h in search(lib, "quantization") if h.id == "2402.15319"]
    assert hit.source == "title" and "size versus accuracy" in hit.snippet  # (its abstract)


def test_a_title_matchs_text_snippet_skips_the_title_block(root):
    # the text's first match is its own title: the snippet repeated the hit's title line
    db = open_db(root)
    save_paper(db, Paper(id="2401.00001", title="Foo Quantization of Giant Models"))
    text = "Foo Quantization of Giant Models\\nAnn Author, Bob Writer\\n" + FILLER
    set_document(db, "2401.00001", "text", text + " We apply quantization per channel. " + FILLER)
    (hit,) = search(db, "quantization")
    assert hit.source == "title" and "We apply «quantization» per channel" in hit.snippet


def test_an_arxiv_id_finds_the_papers_and_notes_that_name_it_and_says_the_paper_is_here(lib, root):
    """A reviewer pastes an id: the papers citing it (any version, as bibliographies print
    it), the notes naming it, and a word that the library holds the paper itself; no note
    about FTS5 syntax, which an id is no misuse of."""
    with lib.conn:
        set_document(
            lib,
            "2402.15319",
            "text",
            "GPTQ: Accurate quantization. arXiv preprint arXiv:2210.17323v2, 2022. "
            "Frantar et al. 2210.17324 is another paper.",
        )
    (root / "reviews" / "2402.15319-gptvq.md").write_text(
        "---\narxiv: '2402.15319'\n---\nCompare with https://arxiv.org/abs/2306.00978 here.\n",
        encoding="utf-8",
    )
    runner = CliRunner()
    for typed in ("2210.17323", "arXiv:2210.17323v1", "https://arxiv.org/abs/2210.17323"):
        result = runner.invoke(cli, ["search", typed, "--json"], catch_exceptions=False)
        assert [hit["id"] for hit in json.loads(result.stdout)] == ["2402.15319"], typed
        assert result.stderr.splitlines()[-1] == (
            "note: 2210.17323 is in the library: GPTQ: Accurate Post-Training Quantization for "
            "Generative Transformers ('papers show 2210.17323'); the search finds the papers "
            "and notes that name it"
        )
        assert "FTS5" not in result.stderr
    noted = runner.invoke(cli, ["search", "2306.00978", "--in", "notes"], catch_exceptions=False)
    assert noted.stdout.startswith("2402.15319") and "[notes]" in noted.stdout
    # an id the library lacks: its citations only, and nothing said of it
    absent = runner.invoke(cli, ["search", "2210.17324"], catch_exceptions=False)
    assert absent.stdout.startswith("2402.15319") and "note:" not in absent.stderr
    assert runner.invoke(cli, ["search", "2401.00001"]).exit_code == 1


def test_a_local_id_finds_the_notes_that_name_it_and_says_the_paper_is_here(lib, root):
    """`search local:f147c64b8638` said "not valid FTS5 syntax" (FTS5 reads "local:" as a
    column) and ran without it: its start found nothing. As an arXiv id: the notes linking
    it, whole or by its start, and a word that the library holds the paper."""
    with lib.conn:
        save_paper(lib, Paper(id="local:f147c64b8638", title="Towards Accurate Bit-Split"))
        save_paper(lib, Paper(id="local:f1470000aaaa", title="Another local paper"))
    (root / "reviews" / "2402.15319-gptvq.md").write_text(
        "---\narxiv: '2402.15319'\n---\nAs [[local:f147c64b8638|Bit-Split]] splits bits.\n",
        encoding="utf-8",
    )
    runner = CliRunner()
    for typed in ("local:f147c64b8638", "LOCAL:F147C6", "local:f147"):
        result = runner.invoke(cli, ["search", typed, "--json"], catch_exceptions=False)
        assert result.exit_code == 0, typed
        assert [hit["id"] for hit in json.loads(result.stdout)] == ["2402.15319"], typed
        assert "FTS5" not in result.stderr
        said = "note: local:f147c64b8638 is in the library: Towards Accurate Bit-Split"
        assert (said in result.stderr) == (typed != "local:f147"), typed  # (f147: two papers)
    # among other words: the id kept, not dropped as a column's name
    mixed = search_query(lib, "splits local:f147")
    assert [h.id for h in mixed.hits] == ["2402.15319"]
    assert "«local:f147c64b8638»" in mixed.hits[0].snippet
    assert search(lib, "local:f1470000") == []  # (a start no note writes)
    assert runner.invoke(cli, ["search", "local:abcd"]).exit_code == 1


def test_a_local_id_among_words_is_a_term_as_it_is_alone_with_no_fts5_note(lib, root):
    """`search "integer local:84fd"` said "not valid FTS5 syntax" (FTS5 read "local:" as a
    column) and ran as plain words: the id is the phrase its search alone runs, a term of the
    query as any word is (a part named before a word holds that word alone, NOT leaves out
    the notes that name it), and the paper is said as for its id alone."""
    with lib.conn:
        save_paper(lib, Paper(id="local:84fd4c0a1b2c", title="I-BERT: Integer-only BERT"))
    (root / "reviews" / "2402.15319-gptvq.md").write_text(
        "---\narxiv: '2402.15319'\n---\nAs [[local:84fd4c0a1b2c|I-BERT]], integer only.\n",
        encoding="utf-8",
    )
    (root / "reviews" / "2306.00978-awq.md").write_text(
        "---\narxiv: '2306.00978'\n---\nInteger kernels, unlike [[LOCAL:84FD]] here.\n",
        encoding="utf-8",
    )
    runner = CliRunner()

    def found(query: str) -> tuple[list[str], str]:
        result = runner.invoke(cli, ["search", query, "--json"], catch_exceptions=False)
        assert "FTS5" not in result.stderr and "Traceback" not in result.output, query
        return [hit["id"] for hit in json.loads(result.stdout)], result.stderr

    said = "note: local:84fd4c0a1b2c is in the library: I-BERT: Integer-only BERT"
    for typed in ("integer local:84fd", "INTEGER LOCAL:84FD", "local:84fd AND integer"):
        ids, stderr = found(typed)
        assert sorted(ids) == ["2306.00978", "2402.15319"], typed
        assert said in stderr, typed
    assert found("kernels local:84fd")[0] == ["2306.00978"]
    assert found("kernels local:84fd4c0a1b2c")[0] == []  # (its note writes the id's start)
    # (a word in the title, the id in the notes: the paper, as "author:Frantar cholesky")
    assert found("title:GPTVQ local:84fd")[0] == ["2402.15319"]
    assert found("notes:kernels local:84fd")[0] == ["2306.00978"]
    # NOT leaves the notes that name it out, and then no paper is said to be named
    ids, stderr = found("integer NOT local:84fd")
    assert ids == ["local:84fd4c0a1b2c"] and "note:" not in stderr
    assert found("local:84fd OR local:ffff")[0] == found("local:84fd")[0]
    # in quotes, a phrase of words as ever ("local 84fd" whole: the AWQ note's link)
    assert found('"local:84fd" integer')[0] == ["2306.00978"]
    # and the query offered for a -word keeps the id as the search reads it
    refused = runner.invoke(cli, ["search", "integer -local:84fd"])
    assert refused.exit_code == 1 and "try 'integer NOT local:84fd'" in refused.stderr


def test_a_match_is_shown_in_colour_at_a_terminal_and_in_guillemets_elsewhere(lib, monkeypatch):
    """Brackets around a match looked like a citation's ("[12]") beside it: at a terminal the
    match is in colour, as grep and ripgrep show it; piped, and in JSON, between guillemets."""
    import io

    from papers import cli_reviews

    runner = CliRunner()
    piped = runner.invoke(cli, ["search", "cholesky"], catch_exceptions=False)
    assert "«Cholesky»" in piped.stdout and "\x1b[" not in piped.stdout
    data = json.loads(runner.invoke(cli, ["search", "cholesky", "--json"]).stdout)
    assert "«Cholesky»" in data[0]["snippet"] and "marked" not in data[0]
    monkeypatch.setattr(cli_reviews, "_colour", lambda: True)
    coloured = runner.invoke(cli, ["search", "cholesky"], catch_exceptions=False, color=True)
    assert "\x1b[1;31mCholesky\x1b[0m" in coloured.stdout and "«Cholesky»" not in coloured.stdout
    monkeypatch.undo()

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr("sys.stdout", Terminal())
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert cli_reviews._colour()
    for name, value in (("NO_COLOR", "1"), ("TERM", "dumb")):
        with monkeypatch.context() as env:
            env.setenv(name, value)
            assert not cli_reviews._colour(), name


def test_a_match_in_a_wiki_link_is_marked_apart_from_its_brackets(lib, root):
    """Brackets around a match inside a note's wiki link printed "[[[LLM.int8]()]]": piped,
    and in --json's "snippet", a match is between guillemets, which no markdown uses."""
    (root / "reviews" / "outliers.md").write_text(
        "Compare with [[LLM.int8()]] and [[SmoothQuant]] on outlier features.\n"
    )
    sync_notes(lib, root)
    runner = CliRunner()
    piped = runner.invoke(cli, ["search", "smoothquant"], catch_exceptions=False)
    assert "[[«SmoothQuant»]]" in piped.stdout and "[[[" not in piped.stdout
    dotted = runner.invoke(cli, ["search", "LLM.int8"], catch_exceptions=False)
    assert "[[«LLM.int8»()]]" in dotted.stdout
    (hit,) = json.loads(runner.invoke(cli, ["search", "smoothquant", "--json"]).stdout)
    assert "[[«SmoothQuant»]]" in hit["snippet"]
    [(start, end)] = hit["matches"]
    assert hit["text"][start - 2 : end + 2] == "[[SmoothQuant]]"


def test_control_and_marking_characters_in_a_text_make_no_highlight(root):
    """PyMuPDF's text holds control characters (nuQmm's figures: "\\x02"), which the first
    marks were: each became a bracket, or a colour left on at a terminal."""
    db = open_db(root)
    save_paper(db, Paper(id="2206.09557", title="nuQmm"))
    odd = "Latency \x02 0.0 \x03 0^@ \ufdd0 \ufdd1 "
    set_document(db, "2206.09557", "text", FILLER + odd + "FasterTransformer framework. " + FILLER)
    (hit,) = search(db, "FasterTransformer")
    assert hit.snippet.count("«") == 1 and hit.snippet.count("»") == 1
    assert "«FasterTransformer»" in hit.snippet and "\ufdd0" not in hit.snippet


def test_a_pasted_passage_is_refused_with_what_to_type(lib):
    # 1,000 words took 4 s, 20,000 more than 10 minutes
    passage = " ".join(["quantization"] * 101)
    result = CliRunner().invoke(cli, ["search", passage])
    assert result.exit_code == 1  # (after lib's note's warning, said by no command before)
    error = result.stderr.splitlines()[-1]
    assert error.startswith("Error: a query of 101 words: search takes at most 100")
    assert CliRunner().invoke(cli, ["search", " ".join(["cholesky"] * 100)]).exit_code == 0


def test_a_thousand_hits_are_titled_within_sqlites_oldest_variable_limit(root):
    # (--limit 1000 bound 1,001 ids in one IN list for the hits' titles: "too many SQL
    # variables" where SQLite is older than 3.32, whose limit is 999)
    import sqlite3

    db = open_db(root)
    with db.conn:
        for n in range(1001):
            save_paper(db, Paper(id=f"2301.{n:05d}", title=f"Paper {n} on codebooks"))
    db.conn.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 999)
    hits = search(db, "codebooks", limit=1001)
    assert len(hits) == 1001 and all(hit.title.startswith("Paper ") for hit in hits)


def test_a_text_snippet_says_its_page(lib):
    """A hit in a full text says the page its snippet is on (pages are apart by form feeds in
    the stored text), so that it can be checked in the PDF; a note's has none."""
    with lib.conn:
        for paper_id, filler in (("2401.00001", FILLER), ("2401.00002", "short page. ")):
            save_paper(lib, Paper(id=paper_id, title=f"Paper {paper_id}"))
            pages = [f"{filler} page one", f"{filler} page two", f"{filler} the zyxbilevel step"]
            set_document(lib, paper_id, "text", "\f".join(pages))
    hits = {hit.id: hit for hit in search(lib, "zyxbilevel")}
    # (a long text's window, and a short one's FTS5 snippet)
    assert hits["2401.00001"].page == hits["2401.00002"].page == 3
    assert hits["2401.00001"].to_dict()["page"] == 3
    [note] = search(lib, "codebook initialisation")
    assert note.source == "notes" and note.page is None
    out = CliRunner().invoke(search_command, ["zyxbilevel"]).stdout
    assert "    p.3: " in out
