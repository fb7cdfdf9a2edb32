"""Schema versions: create a new store, upgrade an older one, refuse a newer one.

``MIGRATIONS[n - 1]`` takes a store from version ``n`` to ``n + 1``. A migration spells out
the DDL of its own version rather than using ``schema.py``, which describes only the latest.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    Engine,
    Integer,
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

SCHEMA_VERSION = 3
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


MIGRATIONS: list[Callable[[Connection], None]] = [_v1_to_v2, _v2_to_v3]
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
