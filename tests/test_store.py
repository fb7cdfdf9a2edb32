"""The store, against real SQLite files and (when NEWSPRISM_TEST_PG is set) PostgreSQL."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Connection, create_engine, inspect, text

from newsprism.errors import NewsprismError
from newsprism.model import Analysis, Article, BodyMap, Cleaned, Problem, Span
from newsprism.store import SCHEMA_VERSION, ArticleRow, Store, migrate
from newsprism.store.engine import to_url

# The schema as newsprism wrote it at version 1, before ingest_problems existed.
# {pk} is the dialect's auto-incrementing integer primary key.
V1_DDL = """
CREATE TABLE meta (key VARCHAR(64) PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE articles (
    id {pk}, ext_id TEXT NOT NULL, source TEXT NOT NULL, kind VARCHAR(32) NOT NULL,
    content_hash VARCHAR(64) NOT NULL UNIQUE, title TEXT, published TEXT,
    published_source VARCHAR(32), outlet TEXT, outlet_source VARCHAR(32), author TEXT,
    url TEXT, meta JSON NOT NULL, text TEXT NOT NULL, body TEXT, body_map JSON, found JSON,
    language VARCHAR(16), language_score FLOAT, analysis_version INTEGER,
    ingested_at VARCHAR(40) NOT NULL, analysed_at VARCHAR(40)
);
CREATE INDEX ix_articles_ext_id ON articles (ext_id);
CREATE INDEX ix_articles_outlet_published ON articles (outlet, published, id);
CREATE TABLE spans (
    id {pk}, article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    layer VARCHAR(16) NOT NULL, "start" INTEGER NOT NULL, "end" INTEGER NOT NULL,
    label TEXT NOT NULL, attrs JSON
);
CREATE INDEX ix_spans_article_layer ON spans (article_id, layer);
INSERT INTO meta (key, value) VALUES ('schema_version', '1');
"""
PRIMARY_KEY = {"sqlite": "INTEGER PRIMARY KEY AUTOINCREMENT", "postgresql": "SERIAL PRIMARY KEY"}


def article(ext_id: str, text: str, **kw: str | None) -> Article:
    return Article(ext_id=ext_id, text=text, source=f"{ext_id}.txt", kind="text", **kw)


def analysis(found: dict[str, str] | None = None, n_sentences: int = 2) -> Analysis:
    """An analysis of the text "Share this\\nBiden met Putin. They spoke." """
    body = "Biden met Putin. They spoke."
    cleaned = Cleaned(
        body=body,
        body_map=BodyMap(((0, 11, len(body)),)),
        removed=[Span(0, 10, "pattern:share")],
        found=found or {},
    )
    return Analysis(
        cleaned=cleaned,
        language="en",
        language_score=0.97,
        languages=[Span(17, 28, "de")],
        sentences=[Span(0, 16), Span(17, 28)][:n_sentences],
        entities=[Span(0, 5, "PERSON", {"text": "Biden"}), Span(10, 15, "PERSON", {})],
    )


@contextmanager
def raw_sql(url: str) -> Iterator[Connection]:
    """A plain connection past the store, to build or inspect a database by hand."""
    eng = create_engine(to_url(url))
    try:
        with eng.begin() as conn:
            yield conn
    finally:
        eng.dispose()


@pytest.fixture
def any_store(db_url: str) -> Iterator[Store]:
    """A fresh store on each backend."""
    with Store.open(db_url) as s:
        yield s


# -- opening ---------------------------------------------------------------------------------


def test_open_creates_then_reopens(db_url: str) -> None:
    with Store.open(db_url) as s:
        assert s.schema_version == SCHEMA_VERSION == 4
        assert s.counts() == dict(articles=0, analysed=0, sentences=0, entities=0, removed=0)
        s.add_articles([article("a", "one")])
    with Store.open(db_url) as s:
        assert s.counts()["articles"] == 1


def test_open_accepts_path_and_sqlite_url(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    with Store.open(path) as s:
        s.add_articles([article("a", "one")])
    with Store.open(f"sqlite:///{path}") as s:
        assert s.get("a").article.text == "one"
        assert s.url == f"sqlite:///{path}"


def test_postgres_urls_use_psycopg() -> None:
    assert to_url("postgresql://u@h/db").drivername == "postgresql+psycopg"
    assert to_url("postgres://u@h/db").drivername == "postgresql+psycopg"
    with pytest.raises(NewsprismError, match="unsupported database"):
        to_url("mysql://u@h/db")


def test_sqlite_uses_wal(store: Store, tmp_path: Path) -> None:
    with sqlite3.connect(tmp_path / "news.db") as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_text_file_is_not_a_database(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("just some notes\n")
    with pytest.raises(NewsprismError, match=r"notes\.txt: not a database"):
        Store.open(notes)
    assert notes.read_text() == "just some notes\n"


def test_folder_is_not_a_database(tmp_path: Path) -> None:
    with pytest.raises(NewsprismError, match="is a folder"):
        Store.open(tmp_path)
    with pytest.raises(NewsprismError, match="does not exist"):
        Store.open(tmp_path / "nowhere" / "news.db")


def test_other_database_is_refused(db_url: str) -> None:
    with raw_sql(db_url) as conn:
        conn.execute(text("CREATE TABLE customers (id INTEGER PRIMARY KEY)"))
    with pytest.raises(NewsprismError, match="not a newsprism database"):
        Store.open(db_url)


def test_newer_schema_is_refused(db_url: str) -> None:
    Store.open(db_url).close()
    with raw_sql(db_url) as conn:
        conn.execute(text("UPDATE meta SET value = '5' WHERE key = 'schema_version'"))
    message = "database schema version 5 is newer than this newsprism \\(4\\); upgrade newsprism"
    with pytest.raises(NewsprismError, match=message):
        Store.open(db_url)


def make_version_1(db_url: str, old: Article) -> None:
    """A database as version 1 left it, holding the article ``old``."""
    with raw_sql(db_url) as conn:
        pk = PRIMARY_KEY[conn.dialect.name]
        for statement in V1_DDL.format(pk=pk).split(";"):
            if statement.strip():
                conn.execute(text(statement))
        conn.execute(
            text(
                "INSERT INTO articles (ext_id, source, kind, content_hash, title, meta, text,"
                " ingested_at) VALUES (:ext_id, 'old-1.txt', 'text', :hash, :title, '{}',"
                " :text, '2024-01-01T00:00:00+00:00')"
            ),
            {"ext_id": old.ext_id, "hash": old.content_hash, "title": old.title, "text": old.text},
        )


def test_version_1_database_is_migrated(db_url: str) -> None:
    old = article("old-1", "Written by version one.", title="Old")
    make_version_1(db_url, old)

    with Store.open(db_url) as s:
        assert s.schema_version == SCHEMA_VERSION
        stored = s.get("old-1")
        assert (stored.article.title, stored.article.text) == ("Old", old.text)
        assert stored.analysis is None
        assert s.ids_needing_analysis() == [stored.id]
        assert s.add_articles([old]).duplicates == [("old-1", stored.id)]
        s.record_problems([Problem("feed.xml", "not XML")])
        assert s.problems() == [Problem("feed.xml", "not XML")]
    with raw_sql(db_url) as conn:
        assert conn.scalar(text("SELECT value FROM meta WHERE key = 'schema_version'")) == str(
            SCHEMA_VERSION
        )


# -- adding ----------------------------------------------------------------------------------


def test_add_deduplicates_within_batch_and_against_store(any_store: Store) -> None:
    first = any_store.add_articles(
        [
            article("a", "Biden met Putin.", title="Summit"),
            article("b", "Another story."),
            article("a-copy", "Biden   met\nPutin.", title=" Summit "),  # same after whitespace
            article("a-retitled", "Biden met Putin.", title="Other title"),
        ]
    )
    a, b, retitled = first.added
    assert first.duplicates == [("a-copy", a)]
    assert any_store.get(a).article.ext_id == "a"  # the first of equal articles is kept

    second = any_store.add_articles([article("b-again", "Another story."), article("c", "New.")])
    assert second.duplicates == [("b-again", b)]
    assert len(second.added) == 1
    assert any_store.counts()["articles"] == 4
    assert retitled not in (a, b)


def test_add_keeps_every_field(any_store: Store) -> None:
    full = Article(
        ext_id="https://example.com/x",
        text="Body text. «Quoted» — ünïcode.",
        source="dump.jsonl:7",
        kind="jsonl",
        title="Title",
        published="2021-06-16T10:00:00+03:00",
        published_source="metadata",
        outlet="example.com",
        outlet_source="url",
        author="A. Writer",
        url="https://example.com/x",
        meta={"tags": ["a", "b"], "n": 3},
    )
    (i,) = any_store.add_articles([full]).added
    assert any_store.get(i).article == full


@pytest.mark.parametrize("n_before", [2, 1200])  # 1200: past the first rows written
def test_add_is_undone_when_interrupted(db_url: str, n_before: int) -> None:
    def articles() -> Iterator[Article]:
        for n in range(n_before):
            yield article(f"x{n}", f"article number {n}")
        raise KeyboardInterrupt

    with Store.open(db_url) as s:
        s.add_articles([article("kept", "already here")])
        with pytest.raises(KeyboardInterrupt):
            s.add_articles(articles())
        assert [r.ext_id for r in s.list_articles()] == ["kept"]
    with Store.open(db_url) as s:
        assert s.counts()["articles"] == 1
        assert s.add_articles([article("x0", "article number 0")]).added  # never stored


# -- analyses --------------------------------------------------------------------------------


def test_analysis_round_trip(any_store: Store) -> None:
    (i,) = any_store.add_articles([article("a", "Share this\nBiden met Putin. They spoke.")]).added
    assert any_store.get(i).analysis is None
    saved = analysis()
    any_store.save_analyses([(i, saved)])

    got = any_store.get(i).analysis
    assert got == saved
    # Span equality ignores attrs; the entity text must survive too.
    assert [e.attrs for e in got.entities] == [{"text": "Biden"}, {}]
    assert got.cleaned.body_map.to_text(0) == 11


def test_found_metadata_fills_only_gaps(any_store: Store) -> None:
    ids = any_store.add_articles(
        [
            article("bare", "Text one."),
            article("dated", "Text two.", title="Own title", published="2020-01-01"),
        ]
    ).added
    found = {"title": "Found title", "published": "2021-06-16", "author": "Found Author"}
    any_store.save_analyses([(i, analysis(found)) for i in ids])

    bare, dated = (any_store.get(i).article for i in ids)
    assert (bare.title, bare.published, bare.published_source, bare.author) == (
        "Found title",
        "2021-06-16",
        "dateline",
        "Found Author",
    )
    assert (dated.title, dated.published, dated.published_source) == (
        "Own title",
        "2020-01-01",
        None,
    )
    assert any_store.get(ids[0]).analysis.cleaned.found == found


def test_reanalysis_replaces_spans(any_store: Store) -> None:
    (i,) = any_store.add_articles([article("a", "text")]).added
    any_store.save_analyses([(i, analysis(n_sentences=2))])
    any_store.save_analyses([(i, analysis(n_sentences=1))])
    assert len(any_store.get(i).analysis.sentences) == 1
    assert any_store.counts() == dict(articles=1, analysed=1, sentences=1, entities=2, removed=1)


def test_ids_needing_analysis(any_store: Store) -> None:
    a, b = any_store.add_articles([article("a", "one"), article("b", "two")]).added
    assert any_store.ids_needing_analysis() == [a, b]
    any_store.save_analyses([(a, analysis())])
    assert any_store.ids_needing_analysis() == [b]
    with raw_sql(any_store.url) as conn:  # as if analysed by an older analysis version
        conn.execute(text("UPDATE articles SET analysis_version = 0"))
    assert any_store.ids_needing_analysis() == [a, b]


def test_save_analyses_is_all_or_nothing(any_store: Store) -> None:
    (i,) = any_store.add_articles([article("a", "one")]).added
    with pytest.raises(NewsprismError, match="no article with id 999"):
        any_store.save_analyses([(i, analysis()), (999, analysis())])
    assert any_store.get(i).analysis is None

    more = any_store.add_articles(article(f"m{n}", f"more {n}") for n in range(300)).added

    def interrupted() -> Iterator[tuple[int, Analysis]]:
        for j in [i, *more]:  # past the first rows written
            yield j, analysis()
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        any_store.save_analyses(interrupted())
    assert any_store.counts() == dict(articles=301, analysed=0, sentences=0, entities=0, removed=0)


def test_deleting_an_article_deletes_its_spans(store: Store) -> None:
    (i,) = store.add_articles([article("a", "one")]).added
    store.save_analyses([(i, analysis())])
    with store._engine.begin() as conn:  # foreign_keys=ON must be set on the store's connections
        conn.execute(text("DELETE FROM articles"))
        assert conn.scalar(text("SELECT count(*) FROM spans")) == 0


# -- reading ---------------------------------------------------------------------------------


def test_get_by_id_or_name(any_store: Store) -> None:
    a, b = any_store.add_articles([article("first", "one"), article("1000", "two")]).added
    assert any_store.get(a).article.ext_id == "first"
    assert any_store.get(str(a)).article.ext_id == "first"
    assert any_store.get("1000").id == b  # no article has id 1000: found by name
    with pytest.raises(NewsprismError, match="no article with id or name nope"):
        any_store.get("nope")
    with pytest.raises(NewsprismError, match="no article with id or name 5000"):
        any_store.get(5000)


def _outlet_pile(s: Store) -> dict[str, int]:
    items = [
        article("b-late", "1", outlet="b", published="2021-02-01"),
        article("none", "2"),
        article("a-undated", "3", outlet="a"),
        article("B-caps", "4", outlet="B", published="2021-01-01"),
        article("b-early", "5", outlet="b", published="2021-01-01"),
        article("a-dated", "6", outlet="a", published="2020-01-01"),
    ]
    ids = s.add_articles(items).added
    return {a.ext_id: i for a, i in zip(items, ids, strict=True)}


# Outlet, then published, then id; missing values last; code-point order ("B" before "a").
EXPECTED_ORDER = ["B-caps", "a-dated", "a-undated", "b-early", "b-late", "none"]


def test_iter_articles_order_and_batches(any_store: Store) -> None:
    ids = _outlet_pile(any_store)
    for batch_size in (1, 4, 200):
        got = [s.article.ext_id for s in any_store.iter_articles(batch_size=batch_size)]
        assert got == EXPECTED_ORDER
    some = [ids["none"], ids["b-early"], ids["B-caps"]]
    assert [s.article.ext_id for s in any_store.iter_articles(some)] == [
        "B-caps",
        "b-early",
        "none",
    ]
    with pytest.raises(NewsprismError, match="no article with id 777"):
        list(any_store.iter_articles([ids["none"], 777]))


def test_iter_articles_reads_batches_lazily(any_store: Store) -> None:
    ids = _outlet_pile(any_store)
    stream = any_store.iter_articles(batch_size=2)
    assert next(stream).article.ext_id == "B-caps"
    # Analysed after the stream started: a later batch must show it.
    any_store.save_analyses([(ids["none"], analysis())])
    rest = list(stream)
    assert rest[-1].article.ext_id == "none"
    assert rest[-1].analysis is not None


def test_list_articles(any_store: Store) -> None:
    ids = _outlet_pile(any_store)
    any_store.save_analyses([(ids["b-early"], analysis())])
    rows = any_store.list_articles()
    assert [r.ext_id for r in rows] == EXPECTED_ORDER
    assert any_store.list_articles(outlet="b") == [
        ArticleRow(ids["b-early"], "b-early", "b", "2021-01-01", None, "en", 2, True),
        ArticleRow(ids["b-late"], "b-late", "b", "2021-02-01", None, None, 0, False),
    ]
    assert [r.ext_id for r in any_store.list_articles(limit=2)] == EXPECTED_ORDER[:2]


def test_export_rows(any_store: Store) -> None:
    a, b = any_store.add_articles(
        [article("a", "Share this\nBiden met Putin.", outlet="o"), article("b", "x", outlet="p")]
    ).added
    any_store.save_analyses([(a, analysis())])
    first, second = any_store.export_rows()
    assert first == {
        "id": a,
        "ext_id": "a",
        "title": None,
        "outlet": "o",
        "published": None,
        "url": None,
        "author": None,
        "language": "en",
        "body": "Biden met Putin. They spoke.",
        "n_sentences": 2,
        "n_entities": 2,
        "entities": [
            {"text": "Biden", "label": "PERSON", "start": 0, "end": 5},
            {"text": "Putin", "label": "PERSON", "start": 10, "end": 15},
        ],
    }
    assert (second["id"], second["body"], second["entities"]) == (b, None, [])


def test_problems_are_kept(any_store: Store) -> None:
    assert any_store.problems() == []
    skipped = [Problem("a.pdf", "unknown extension", "warning"), Problem("b.html", "empty")]
    any_store.record_problems(skipped)
    any_store.record_problems([])
    assert any_store.problems() == skipped


def test_failed_migration_changes_nothing(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    make_version_1(db_url, article("old-1", "Written by version one."))

    real = list(migrate.MIGRATIONS)

    def half_done(conn: Connection) -> None:
        real[0](conn)  # creates ingest_problems...
        raise RuntimeError("power cut")  # ...and dies before the version is written

    monkeypatch.setattr(migrate, "MIGRATIONS", [half_done])
    with pytest.raises(RuntimeError, match="power cut"):
        Store.open(db_url)
    with raw_sql(db_url) as conn:
        assert conn.scalar(text("SELECT value FROM meta WHERE key = 'schema_version'")) == "1"
        assert "ingest_problems" not in inspect(conn).get_table_names()
    monkeypatch.setattr(migrate, "MIGRATIONS", real)
    with Store.open(db_url) as s:
        assert s.schema_version == SCHEMA_VERSION
        assert s.get("old-1").article.text == "Written by version one."


# -- site line counts ------------------------------------------------------------------------


def line_lengths(a: Article) -> list[int]:
    """A stand-in for line keys: any deterministic ints per line will do for the store."""
    return [len(line) for line in a.text.splitlines() if line]


def test_line_counts_grow_incrementally_per_outlet(any_store: Store) -> None:
    first = [
        article("a1", "Share\nOne story here", outlet="Daily"),
        article("a2", "Share\nAnother story", outlet="Daily"),
        article("b1", "Share\nElsewhere", outlet="Weekly"),
        article("n1", "Share\nNo outlet at all"),
    ]
    any_store.add_articles(first, line_keys=line_lengths)
    counts = any_store.site_counts(["Daily", "Weekly", "Nobody"])
    assert counts == {"Daily": (2, {5: 2}), "Weekly": (1, {})}
    assert any_store.site_counts(["Weekly"], min_articles=1) == {"Weekly": (1, {5: 1, 9: 1})}

    more = [
        article("a3", "Share\nThird story!!", outlet="Daily"),
        article("a1-again", "Share\nOne story here", outlet="Daily"),  # a duplicate: not counted
    ]
    any_store.add_articles(more, line_keys=line_lengths)
    assert any_store.site_counts(["Daily"]) == {"Daily": (3, {5: 3, 13: 2})}


def test_line_counts_roll_back_with_their_batch(any_store: Store) -> None:
    def interrupted() -> Iterator[Article]:
        yield article("a1", "Share\nOne", outlet="Daily")
        yield article("a2", "Share\nTwo", outlet="Daily")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        any_store.add_articles(interrupted(), line_keys=line_lengths)
    assert any_store.site_counts(["Daily"], min_articles=1) == {}
