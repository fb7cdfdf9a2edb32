"""Schema versions: create a new store, upgrade an older one, refuse a newer one.

``MIGRATIONS[n - 1]`` takes a store from version ``n`` to ``n + 1``. A migration spells out
the DDL of its own version rather than using ``schema.py``, which describes only the latest.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Connection,
    Engine,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    inspect,
    select,
    text,
)

from newsprism.errors import NewsprismError
from newsprism.store import schema
from newsprism.store.engine import writing

SCHEMA_VERSION = 4
_VERSION_KEY = "schema_version"
# Any fixed number: serialises concurrent opens of one PostgreSQL database.
_PG_LOCK = 0x6E657773


def _v1_to_v2(conn: Connection) -> None:
    """Version 2 keeps the inputs a batch skipped, so they can be listed later."""
    # Spelled out as the table was at version 2, not taken from schema.py: the current
    # schema moves on, and a migration must keep doing what it did.
    md = MetaData()
    Table(
        "ingest_problems",
        md,
        Column("id", Integer, primary_key=True),
        Column("source", Text, nullable=False),
        Column("message", Text, nullable=False),
        Column("level", String(16), nullable=False),
        Column("seen_at", String(40), nullable=False),
    )
    md.create_all(conn)


def _v2_to_v3(conn: Connection) -> None:
    """Version 3 counts each outlet's recurring lines, to learn site templates."""
    md = MetaData()
    Table(
        "outlet_pages",
        md,
        Column("outlet", Text, primary_key=True),
        Column("n_articles", Integer, nullable=False),
    )
    Table(
        "line_counts",
        md,
        Column("outlet", Text, primary_key=True),
        Column("key", BigInteger, primary_key=True, autoincrement=False),
        Column("n_articles", Integer, nullable=False),
    )
    md.create_all(conn)
    # Articles stored before version 3 are not counted: templates learn from new arrivals.


def _v3_to_v4(conn: Connection) -> None:
    """Version 4 keeps the corpus-wide results: speakers, stories, reuse links, and the
    state of the online stages. Existing articles are analysed again (analysis v2 adds
    quotes and dates), and the corpus stages then take them in."""
    md = MetaData()
    Table("articles", md, Column("id", Integer, primary_key=True))  # for the foreign keys
    Table(
        "speakers",
        md,
        Column("id", String(80), primary_key=True),
        Column("name", Text, nullable=False),
        Column("kind", String(16)),
    )
    Table(
        "speaker_aliases",
        md,
        Column("alias", Text, primary_key=True),
        Column("speaker_id", String(80), nullable=False),
        Index("ix_speaker_aliases_speaker", "speaker_id"),
    )
    Table(
        "stories",
        md,
        Column("id", Integer, primary_key=True, autoincrement=False),
        Column("narrative", Integer),
        Column("label", Text, nullable=False),
        Column("first_date", String(10)),
        Column("last_date", String(10)),
        Column("size", Integer, nullable=False),
        Column("outlets", JSON, nullable=False),
        Column("entities", JSON, nullable=False),
    )
    Table(
        "story_articles",
        md,
        Column(
            "article_id",
            Integer,
            ForeignKey("articles.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        Column("story_id", Integer, nullable=False),
        Index("ix_story_articles_story", "story_id"),
    )
    ref = ForeignKey
    Table(
        "reuse_links",
        md,
        Column("id", Integer, primary_key=True),
        Column("source_id", Integer, ref("articles.id", ondelete="CASCADE"), nullable=False),
        Column("source_start", Integer, nullable=False),
        Column("source_end", Integer, nullable=False),
        Column("target_id", Integer, ref("articles.id", ondelete="CASCADE"), nullable=False),
        Column("target_start", Integer, nullable=False),
        Column("target_end", Integer, nullable=False),
        Column("score", Float, nullable=False),
        Column("shared", Integer, nullable=False),
        Column("near_duplicate", Boolean, nullable=False),
        Index("ix_reuse_links_source", "source_id"),
        Index("ix_reuse_links_target", "target_id"),
    )
    Table(
        "corpus_state",
        md,
        Column("name", String(32), primary_key=True),
        Column("version", Integer, nullable=False),
        Column("data", LargeBinary, nullable=False),
    )
    md.create_all(conn, tables=[t for t in md.sorted_tables if t.name != "articles"])


MIGRATIONS: list[Callable[[Connection], None]] = [_v1_to_v2, _v2_to_v3, _v3_to_v4]
assert len(MIGRATIONS) == SCHEMA_VERSION - 1


def prepare(engine: Engine, name: str) -> int:
    """Bring the database at ``engine`` to ``SCHEMA_VERSION``; ``name`` is used in messages."""
    with engine.connect() as conn:
        version = _read_version(conn, name)
        conn.rollback()
    if version == SCHEMA_VERSION:
        return version
    with writing(engine) as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK})
        # Read again under the write lock: another process may have got here first.
        version = _read_version(conn, name)
        if version is None:
            schema.metadata.create_all(conn)
            conn.execute(schema.meta.insert(), {"key": _VERSION_KEY, "value": str(SCHEMA_VERSION)})
            return SCHEMA_VERSION
        for n in range(version, SCHEMA_VERSION):
            MIGRATIONS[n - 1](conn)
        conn.execute(
            schema.meta.update()
            .where(schema.meta.c.key == _VERSION_KEY)
            .values(value=str(SCHEMA_VERSION))
        )
    return SCHEMA_VERSION


def _read_version(conn: Connection, name: str) -> int | None:
    """The stored schema version; None for an empty database."""
    tables = set(inspect(conn).get_table_names())
    if not tables:
        return None
    if schema.meta.name not in tables:
        raise NewsprismError(f"{name}: not a newsprism database (it has no table 'meta')")
    value = conn.scalar(select(schema.meta.c.value).where(schema.meta.c.key == _VERSION_KEY))
    try:
        version = int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise NewsprismError(
            f"{name}: not a newsprism database (no schema version in table 'meta')"
        ) from None
    if version > SCHEMA_VERSION:
        raise NewsprismError(
            f"{name}: database schema version {version} is newer than this newsprism "
            f"({SCHEMA_VERSION}); upgrade newsprism"
        )
    if version < 1:
        raise NewsprismError(f"{name}: bad schema version {version} in table 'meta'")
    return version
