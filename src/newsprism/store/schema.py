"""The tables of a newsprism store (current schema version; see migrate.py for older ones)."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
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
    Column("layer", String(16), nullable=False),  # removed | language | sentence | entity
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
