"""Shared fixtures: real stores, SQLite in tmp_path and PostgreSQL when NEWSPRISM_TEST_PG is set
(``scripts/with-postgres.sh`` sets it)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.exc import DBAPIError

from cli_run import SEEDS, newsprism
from newsprism.store import Store


@pytest.fixture(scope="session")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with the five seeds analysed by the real CLI, and its report: made once and
    shared by the end-to-end tests (which only read it, or repeat idempotent commands)."""
    tmp = tmp_path_factory.mktemp("seeds")
    done = newsprism("analyze", SEEDS, "--db", tmp / "np.db", "--report", tmp / "report.html")
    assert done.returncode == 0, done.stderr
    return tmp


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A fresh SQLite file store."""
    with Store.open(tmp_path / "news.db") as s:
        yield s


@pytest.fixture
def pg_url() -> str:
    """The test PostgreSQL server's URL; the test skips without one."""
    url = os.environ.get("NEWSPRISM_TEST_PG")
    if not url:
        pytest.skip("NEWSPRISM_TEST_PG is not set (run under scripts/with-postgres.sh)")
    return url


@pytest.fixture
def pg_database(pg_url: str) -> Iterator[str]:
    """The URL of a new, empty PostgreSQL database of its own, dropped afterwards, so tests
    stay independent and can run in parallel."""
    admin_url = make_url(pg_url).set(drivername="postgresql+psycopg")
    name = f"newsprism_test_{uuid.uuid4().hex[:16]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            try:
                # A language-aware collation, as production servers have, so a test notices
                # an ORDER BY that would sort differently from SQLite.
                conn.execute(
                    text(
                        f'CREATE DATABASE "{name}" TEMPLATE template0 LOCALE_PROVIDER icu'
                        " ICU_LOCALE 'en-US' LOCALE 'C'"
                    )
                )
            except DBAPIError:  # a server built without ICU
                conn.execute(text(f'CREATE DATABASE "{name}"'))
        yield admin_url.set(database=name).render_as_string(hide_password=False)
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh empty database on each backend: a SQLite file path, or a PostgreSQL URL."""
    if request.param == "sqlite":
        return str(tmp_path / "news.db")
    return request.getfixturevalue("pg_database")
