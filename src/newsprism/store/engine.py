"""Turning what the user gave as ``--db`` into a configured SQLAlchemy engine."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Connection, Engine, create_engine, event, make_url
from sqlalchemy.exc import ArgumentError

from newsprism.errors import NewsprismError

_SQLITE_MAGIC = b"SQLite format 3\x00"
# Execution option that makes a SQLite transaction take the write lock at BEGIN.
_WRITE = "newsprism_write"


def to_url(target: str | Path) -> URL:
    """A path (``news.db``) or a URL (``sqlite:///…``, ``postgresql://…``) as a SQLAlchemy URL."""
    if isinstance(target, Path) or "://" not in target:
        return URL.create("sqlite", database=str(target))
    try:
        url = make_url(target)
    except ArgumentError as e:
        raise NewsprismError(f"{target}: not a database path or URL ({e})") from e
    backend, _, driver = url.drivername.partition("+")
    if backend in ("postgresql", "postgres"):
        # psycopg 3 is the driver we test and ship as the "postgres" extra.
        return url.set(drivername="postgresql+psycopg")
    if backend == "sqlite" and driver in ("", "pysqlite"):
        return url
    raise NewsprismError(
        f"{url.render_as_string(hide_password=True)}: unsupported database "
        "(use a file path, sqlite:///FILE or postgresql://…)"
    )


def describe(url: URL) -> str:
    """How to name the database in messages: its file for SQLite, else the URL sans password."""
    if is_sqlite(url) and url.database and url.database != ":memory:":
        return url.database
    return url.render_as_string(hide_password=True)


def is_sqlite(url: URL) -> bool:
    return url.get_backend_name() == "sqlite"


def create(url: URL) -> Engine:
    """An engine for ``url``; SQLite files are checked first so a wrong ``--db`` fails clearly."""
    dumps = _json_dumps
    if not is_sqlite(url):
        return create_engine(url, json_serializer=dumps, pool_pre_ping=True)
    if url.database and url.database != ":memory:" and not url.database.startswith("file:"):
        _check_sqlite_file(Path(url.database))
    engine = create_engine(url, json_serializer=dumps, connect_args={"timeout": 30})
    event.listen(engine, "connect", _sqlite_connect)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """One write transaction. On SQLite it takes the write lock at once, so two writers queue
    up instead of one failing with "database is locked" when it upgrades a read lock."""
    with engine.connect() as conn:
        conn.execution_options(**{_WRITE: True})
        with conn.begin():
            yield conn


def _json_dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _check_sqlite_file(path: Path) -> None:
    if path.is_dir():
        raise NewsprismError(f"{path}: is a folder, not a database file")
    if not path.parent.is_dir():
        raise NewsprismError(f"{path}: folder {path.parent} does not exist")
    if not path.exists():
        return
    try:
        with path.open("rb") as f:
            head = f.read(len(_SQLITE_MAGIC))
    except OSError as e:
        raise NewsprismError(f"{path}: cannot read: {e.strerror}") from e
    # An empty file is an empty SQLite database; anything else must carry the magic header.
    if head and head != _SQLITE_MAGIC:
        raise NewsprismError(f"{path}: not a database (newsprism expects a SQLite file it made)")


def _sqlite_connect(dbapi_conn: Any, _record: Any) -> None:
    # Take BEGIN away from the sqlite3 module, which skips it before DDL and SELECT, so that
    # a migration or a batch is really one transaction (SQLAlchemy's documented recipe).
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def _sqlite_begin(conn: Connection) -> None:
    if conn.get_execution_options().get(_WRITE):
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        conn.exec_driver_sql("BEGIN")
