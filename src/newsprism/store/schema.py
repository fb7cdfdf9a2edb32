"""The tables of a newsprism store (current schema version; see migrate.py for older ones)."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

# Articles are listed in (outlet, published, id) order. PostgreSQL would sort text by the
# server's locale; "C" makes it code-point order, as SQLite does, so both list alike and the
# index serves the ORDER BY.
SortableText = Text().with_variant(Text(collation="C"), "postgresql")

meta = Table(
    "meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

articles = Table(
    "articles",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("ext_id", Text, nullable=False),
    Column("source", Text, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("content_hash", String(64), nullable=False, unique=True),
    Column("title", Text),
    Column("published", SortableText),  # ISO 8601
    Column("published_source", String(32)),
    Column("outlet", SortableText),
    Column("outlet_source", String(32)),
    Column("author", Text),
    Column("url", Text),
    Column("meta", JSON, nullable=False),
    Column("text", Text, nullable=False),  # as ingested; "removed" spans point here
    Column("body", Text),  # cleaned; every other span points here
    Column("body_map", JSON(none_as_null=True)),
    Column("found", JSON(none_as_null=True)),  # metadata the cleaner recovered from removed lines
    Column("language", String(16)),
    Column("language_score", Float),
    Column("analysis_version", Integer),  # NULL: never analysed
    Column("ingested_at", String(40), nullable=False),
    Column("analysed_at", String(40)),
    Index("ix_articles_ext_id", "ext_id"),
    Index("ix_articles_outlet_published", "outlet", "published", "id"),
    # Ids are shown to users: never hand out a deleted article's id again.
    sqlite_autoincrement=True,
)

spans = Table(
    "spans",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "article_id",
        Integer,
        ForeignKey("articles.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("layer", String(16), nullable=False),  # removed|language|sentence|entity|quote|date
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("label", Text, nullable=False),
    Column("attrs", JSON(none_as_null=True)),  # NULL when empty: most spans carry nothing extra
    Index("ix_spans_article_layer", "article_id", "layer"),
)

# Added in schema version 2.
ingest_problems = Table(
    "ingest_problems",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("source", Text, nullable=False),
    Column("message", Text, nullable=False),
    Column("level", String(16), nullable=False),
    Column("seen_at", String(40), nullable=False),
)

# Added in schema version 3. How many of an outlet's articles hold each line (by key, see
# newsprism.clean.templates): lines recurring across an outlet's pages are its site template.
# Counted as articles arrive, so templates sharpen incrementally.
outlet_pages = Table(
    "outlet_pages",
    metadata,
    Column("outlet", Text, primary_key=True),
    Column("n_articles", Integer, nullable=False),
)

line_counts = Table(
    "line_counts",
    metadata,
    Column("outlet", Text, primary_key=True),
    Column("key", BigInteger, primary_key=True, autoincrement=False),
    Column("n_articles", Integer, nullable=False),
)

# Added in schema version 4: the corpus-wide results, rebuilt or extended after analysis.

# Canonical speakers: one row per person or organisation, and every name it goes by.
speakers = Table(
    "speakers",
    metadata,
    Column("id", String(80), primary_key=True),  # derived from the canonical name: stable
    Column("name", Text, nullable=False),
    Column("kind", String(16)),
)

speaker_aliases = Table(
    "speaker_aliases",
    metadata,
    Column("alias", Text, primary_key=True),
    Column("speaker_id", String(80), nullable=False),
    Index("ix_speaker_aliases_speaker", "speaker_id"),
)

stories = Table(
    "stories",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("narrative", Integer),
    Column("label", Text, nullable=False),
    Column("first_date", String(10)),
    Column("last_date", String(10)),
    Column("size", Integer, nullable=False),
    Column("outlets", JSON, nullable=False),
    Column("entities", JSON, nullable=False),
)

story_articles = Table(
    "story_articles",
    metadata,
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("story_id", Integer, nullable=False),
    Index("ix_story_articles_story", "story_id"),
)

reuse_links = Table(
    "reuse_links",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("source_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("source_start", Integer, nullable=False),
    Column("source_end", Integer, nullable=False),
    Column("target_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("target_start", Integer, nullable=False),
    Column("target_end", Integer, nullable=False),
    Column("score", Float, nullable=False),
    Column("shared", Integer, nullable=False),
    Column("near_duplicate", Boolean, nullable=False),
    Index("ix_reuse_links_source", "source_id"),
    Index("ix_reuse_links_target", "target_id"),
)

# The incremental state of an online corpus stage (the story clusterer, the reuse index),
# so that a new article is placed without recomputing the others.
corpus_state = Table(
    "corpus_state",
    metadata,
    Column("name", String(32), primary_key=True),
    Column("version", Integer, nullable=False),
    Column("data", LargeBinary, nullable=False),
)
