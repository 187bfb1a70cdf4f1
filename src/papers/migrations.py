"""Append-only schema migrations. Never edit one that has shipped: add a new one at the end."""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("papers")


@migrations(name="001_papers")
def m001_papers(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE papers (
            id TEXT PRIMARY KEY,            -- arXiv id without version, or local:<sha256[:12]>
            version INTEGER,
            title TEXT NOT NULL,
            authors TEXT NOT NULL DEFAULT '[]',     -- JSON list of names, in order
            abstract TEXT,
            categories TEXT NOT NULL DEFAULT '[]',  -- JSON list
            primary_category TEXT,
            published TEXT,
            updated TEXT,
            doi TEXT,
            journal_ref TEXT,
            comment TEXT,
            pdf_url TEXT,
            pdf TEXT,                       -- path of the current PDF, relative to the root
            sha256 TEXT,
            pages INTEGER,
            has_text INTEGER,               -- 0 when the PDF has no text layer
            source TEXT NOT NULL DEFAULT 'arxiv',   -- arxiv or local
            added TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX papers_added ON papers(added)")
    db.execute("CREATE INDEX papers_published ON papers(published)")
    db.execute("CREATE INDEX papers_sha256 ON papers(sha256)")
    # Every PDF ever downloaded for a paper: a newer version never deletes the old file.
    db.execute(
        """
        CREATE TABLE files (
            paper_id TEXT NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
            version INTEGER,
            path TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            pages INTEGER,
            added TEXT NOT NULL,
            PRIMARY KEY (paper_id, path)
        )
        """
    )
    # One searchable document per (paper, source): title, authors, abstract, text, notes.
    db.execute(
        """
        CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            paper_id TEXT NOT NULL,
            source TEXT NOT NULL,           -- title, authors, abstract, text, notes
            body TEXT NOT NULL,
            UNIQUE (paper_id, source)
        )
        """
    )
    db.table("documents").enable_fts(
        ["body"], tokenize="porter unicode61 remove_diacritics 2", create_triggers=True
    )
    # Every arXiv lookup, hit or miss: repeating a command costs no request.
    db.execute(
        """
        CREATE TABLE arxiv_cache (
            key TEXT PRIMARY KEY,           -- id:2402.15319 or search:<query>
            found INTEGER NOT NULL,         -- 0 for a miss
            response TEXT,                  -- JSON: one entry (id:) or a list of entries (search:)
            fetched TEXT NOT NULL
        )
        """
    )


@migrations(name="002_references")
def m002_references(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE refs (
            paper_id TEXT NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
            n INTEGER NOT NULL,
            key TEXT NOT NULL,              -- hash of the normalised raw string, stable across runs
            raw TEXT NOT NULL,
            marker TEXT,
            authors TEXT NOT NULL DEFAULT '[]',
            et_al INTEGER NOT NULL DEFAULT 0,
            title TEXT,
            year INTEGER,
            venue TEXT,
            arxiv TEXT,
            doi TEXT,
            url TEXT,
            PRIMARY KEY (paper_id, n)
        )
        """
    )
    db.execute("CREATE INDEX refs_key ON refs(paper_id, key)")
    db.execute("CREATE INDEX refs_arxiv ON refs(arxiv)")
    # What a reference points to. Keyed by the raw-string hash, not by position, so links
    # (manual ones above all) survive re-extraction.
    db.execute(
        """
        CREATE TABLE ref_links (
            paper_id TEXT NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
            key TEXT NOT NULL,
            resolved TEXT,                  -- arXiv id without version, or NULL (unresolved)
            method TEXT,                    -- printed, title, manual, none
            confidence REAL,
            candidates TEXT NOT NULL DEFAULT '[]',  -- JSON list when ambiguous
            manual INTEGER NOT NULL DEFAULT 0,
            updated TEXT NOT NULL,
            PRIMARY KEY (paper_id, key)
        )
        """
    )
    db.execute("CREATE INDEX ref_links_resolved ON ref_links(resolved)")
    # Breadth-first crawl state, so an interrupted crawl resumes where it stopped.
    db.execute(
        """
        CREATE TABLE crawl_queue (
            root TEXT NOT NULL,
            arxiv_id TEXT NOT NULL,
            depth INTEGER NOT NULL,
            status TEXT NOT NULL DEFAULT 'pending',  -- pending, done, failed
            error TEXT,
            PRIMARY KEY (root, arxiv_id)
        )
        """
    )


@migrations(name="003_reviews")
def m003_reviews(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE reviews (
            path TEXT PRIMARY KEY,          -- relative to the root: reviews/<id>-<slug>.md
            paper_id TEXT,  -- no foreign key: a note may name a paper not added yet
            content TEXT NOT NULL,          -- last synced content: what restore writes back
            sha256 TEXT NOT NULL,
            mtime REAL,
            status TEXT,
            tags TEXT NOT NULL DEFAULT '[]',
            rating REAL,
            front_matter TEXT,              -- JSON, or NULL when the YAML is broken
            error TEXT,                     -- why the front matter could not be read
            created TEXT,
            updated TEXT,
            synced TEXT NOT NULL,
            deleted INTEGER NOT NULL DEFAULT 0
        )
        """
    )
    db.execute("CREATE INDEX reviews_paper ON reviews(paper_id)")
    db.execute(
        """
        CREATE TABLE mentions (
            review_path TEXT NOT NULL REFERENCES reviews(path) ON DELETE CASCADE,
            arxiv_id TEXT NOT NULL,
            PRIMARY KEY (review_path, arxiv_id)
        )
        """
    )
    db.execute("CREATE TABLE goals (year INTEGER PRIMARY KEY, target INTEGER NOT NULL)")


@migrations(name="004_facets")
def m004_facets(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE facets (
            paper_id TEXT NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
            category TEXT NOT NULL,
            value TEXT NOT NULL,
            evaluated INTEGER NOT NULL,
            evidence TEXT NOT NULL DEFAULT '[]',    -- JSON list of {page, snippet}
            PRIMARY KEY (paper_id, category, value)
        )
        """
    )
    db.execute("CREATE INDEX facets_value ON facets(value, evaluated)")


@migrations(name="005_facet_rules")
def m005_facet_rules(db: Database) -> None:
    # which version of the rules (quant.py and its vocabulary) computed each paper's facets
    db.execute(
        """
        CREATE TABLE facet_rules (
            paper_id TEXT PRIMARY KEY REFERENCES papers(id) ON DELETE CASCADE,
            version TEXT NOT NULL
        )
        """
    )


@migrations(name="006_note_prefilled")
def m006_note_prefilled(db: Database) -> None:
    # the "Related papers" lines the template wrote into a note (a JSON list): they stay
    # the template's, not the reviewer's mentions, after a cited paper is removed or retitled
    db.execute("ALTER TABLE reviews ADD COLUMN prefilled TEXT")


@migrations(name="007_note_fixes")
def m007_note_fixes(db: Database) -> None:
    # notes indexed before two fixes: a status in capitals ("Reviewed") is that status, and a
    # note that names no paper is read again at the next sync, which indexes its body for
    # search (its search document was left empty)
    db.execute(
        "UPDATE reviews SET status = lower(trim(status)) "
        "WHERE lower(trim(status)) IN ('to-read', 'reading', 'reviewed') "
        "AND status != lower(trim(status))"
    )
    db.execute("UPDATE reviews SET sha256 = '' WHERE paper_id IS NULL AND deleted = 0")


@migrations(name="008_notes_read_again")
def m008_notes_read_again(db: Database) -> None:
    # notes indexed before their front matter was read with aliases refused and impossible
    # dates kept as text: read again at the next sync, so an old "billion laughs" or a note
    # indexed as broken for a date typo is indexed as it reads now
    db.execute("UPDATE reviews SET sha256 = '' WHERE deleted = 0")


@migrations(name="009_note_raw_bytes")
def m009_note_raw_bytes(db: Database) -> None:
    # a note whose bytes are not UTF-8 (a colleague's editor saving in cp1252): its bytes, kept
    # so that restoring it gives back what was written, not U+FFFD where they were; notes
    # indexed with a problem are read again at the next sync, which keeps those bytes and
    # says every problem a note has (it said one: "not UTF-8" hid broken front matter)
    db.execute("ALTER TABLE reviews ADD COLUMN raw BLOB")
    db.execute("UPDATE reviews SET sha256 = '' WHERE deleted = 0 AND error IS NOT NULL")


# migrations that only mark notes to be read again, add a column read as unknown where it is
# absent, mend the stored texts for search (013: a word broken at a line end is found once
# written whole), or add a table a command can do without (020: the warnings said): a library
# that lacks no other can be read as it is where it cannot be written (a shared or mounted
# copy an older release made)
READS_AS_IT_IS = frozenset(
    {
        "008_notes_read_again",
        "010_wiki_links_by_name",
        "011_no_digit_after_an_id",
        "012_facet_pages",
        "013_text_words_whole",
        "014_facet_places",
        "015_inline_tags",
        "016_links_not_in_code",
        "017_code_fences_and_lists",
        "018_markdown_and_front_matter_links",
        "019_local_id_links",
        "020_said_warnings",
    }
)


@migrations(name="010_wiki_links_by_name")
def m010_wiki_links_by_name(db: Database) -> None:
    # notes with wiki links are read again at the next sync: [[GPTQ]] (a paper's name) and
    # [[2210.17323-gptq-...]] (another note's file name) are mentions now
    db.execute("UPDATE reviews SET sha256 = '' WHERE deleted = 0 AND instr(content, '[[') > 0")


@migrations(name="011_no_digit_after_an_id")
def m011_no_digit_after_an_id(db: Database) -> None:
    # every note is read again at the next sync (nearly all name arXiv in their front matter):
    # an id with a digit too many ("arXiv:2106.096851", a typo) no longer mentions the paper of
    # its first digits, arXiv's DOIs (10.48550/arXiv.ID) and Hugging Face paper pages are
    # mentions now, and a mistyped arxiv: value is said
    db.execute("UPDATE reviews SET sha256 = '' WHERE deleted = 0")


@migrations(name="012_facet_pages")
def m012_facet_pages(db: Database) -> None:
    # the pages each facet is run on, so `list --facet A --facet B` can say where both are
    # (facets stored before have none known: their rules are older, 'papers extract' fills
    # them; "[]" is a facet read from the paper as a whole, as a method family from its title)
    db.execute("ALTER TABLE facets ADD COLUMN pages TEXT")  # (NULL: not known)


@migrations(name="013_text_words_whole")
def m013_text_words_whole(db: Database) -> None:
    # the papers' text as search indexes it, each word broken at a line end whole again
    # (PdfDocument.text): "outliers" printed once as "out-" / "liers" was not found, and "re-"
    # / "quest" was a "Quest"; a few milliseconds a paper, once, a batch of texts at a time
    # (all at once held 1.7 GB for 10,000 papers), said when there are many
    from . import config
    from .hyphens import join_broken_words

    sql = (
        "SELECT id, body FROM documents WHERE source = 'text' AND id > ? "
        "AND instr(body, '-' || char(10)) > 0 ORDER BY id LIMIT 200"
    )
    # (counted without reading them: the texts are read once, below)
    count = db.execute("SELECT count(*) FROM documents WHERE source = 'text'").fetchone()[0]
    if count >= TEXTS_SAID and config.notice is not None:
        config.notice(f"note: making the words of {count} stored texts whole for search, once")
    last = 0
    while rows := db.execute(sql, [last]).fetchall():
        for row_id, body in rows:
            whole = join_broken_words(body)
            if whole != body:
                db.execute("UPDATE documents SET body = ? WHERE id = ?", [whole, row_id])
        last = rows[-1][0]


TEXTS_SAID = 200  # stored texts from which the upgrade says what it is doing


@migrations(name="014_facet_places")
def m014_facet_places(db: Database) -> None:
    # where on its pages each facet is run (Facet.places: a table, or a sentence), so that
    # `list --facet W3A16 --show baseline` keeps a weight-activation table's baselines apart
    # from a weight-only table's on the same page (NULL: not known, the pages bound them)
    db.execute("ALTER TABLE facets ADD COLUMN places TEXT")


@migrations(name="015_inline_tags")
def m015_inline_tags(db: Database) -> None:
    # notes with a "#" are read again at the next sync: a #tag in the text is a tag now, as
    # Obsidian lists it (`review list --tag weight-only` found only front matter tags)
    db.execute("UPDATE reviews SET sha256 = '' WHERE deleted = 0 AND instr(content, '#') > 0")


@migrations(name="016_links_not_in_code")
def m016_links_not_in_code(db: Database) -> None:
    # notes with code (a backtick, or a line indented four spaces) are read again at the next
    # sync: a link or id in code is the code's, no mention (`df[["a", "b"]]` in pasted code)
    db.execute(
        "UPDATE reviews SET sha256 = '' WHERE deleted = 0 "
        "AND (instr(content, '`') > 0 OR instr(content, char(10) || '    ') > 0 "
        "OR instr(content, char(10) || char(9)) > 0)"
    )


@migrations(name="017_code_fences_and_lists")
def m017_code_fences_and_lists(db: Database) -> None:
    # notes read again at the next sync: 016 missed code fenced with "~~~", and read a
    # list's indented paragraphs and nested items as code (their links lost as mentions)
    db.execute(
        "UPDATE reviews SET sha256 = '' WHERE deleted = 0 "
        "AND (instr(content, '~~~') > 0 OR instr(content, char(10) || '    ') > 0 "
        "OR instr(content, char(10) || char(9)) > 0)"
    )


@migrations(name="018_markdown_and_front_matter_links")
def m018_markdown_and_front_matter_links(db: Database) -> None:
    # notes read again at the next sync: a markdown link to a note's file
    # ("[GPTQ](2210.17323-gptq.md)") and a link in the front matter ("related: '[[GPTQ]]'",
    # as Obsidian's properties link) are mentions now
    db.execute(
        "UPDATE reviews SET sha256 = '' WHERE deleted = 0 "
        "AND (instr(content, '](') > 0 OR instr(content, '---') > 0)"
    )


@migrations(name="019_local_id_links")
def m019_local_id_links(db: Database) -> None:
    # notes with a local id in a wiki link are read again at the next sync: [[local:ID]] (as
    # the template's "Related papers" writes it) and [[local:f147]] are mentions now
    db.execute(
        "UPDATE reviews SET sha256 = '' WHERE deleted = 0 AND instr(lower(content), '[[local:') > 0"
    )


@migrations(name="020_said_warnings")
def m020_said_warnings(db: Database) -> None:
    # the warnings about a note a command has said (a paper not in the library, two notes
    # claiming one paper ...), with the note's digest then: the commands that index notes on
    # their way (search, graph, stats ...) say each once for the note as it is, not again
    # at every command after another note changed (absent: none said, none remembered)
    db.execute(
        """
        CREATE TABLE said_warnings (
            path TEXT NOT NULL,             -- the note's, relative to the root
            warning TEXT NOT NULL,          -- its kind and subject: "missing 2101.00001"
            sha256 TEXT NOT NULL,           -- the note's digest when said ('' if unread)
            PRIMARY KEY (path, warning)
        )
        """
    )
