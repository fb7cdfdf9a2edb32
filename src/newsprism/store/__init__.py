"""The newsprism store: articles, their analyses, ingest problems and the corpus-wide results
(speakers, stories, reuse links; see results.py) in SQLite or PostgreSQL.

with Store.open("news.db") as store:        # or "postgresql://user@host/db"
    store.add_articles(articles)
    for stored in store.iter_articles():
        ...
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

from sqlalchemy import (
    Connection,
    Engine,
    Table,
    delete,
    func,
    insert,
    nulls_last,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.sql import bindparam

from newsprism.errors import NewsprismError
from newsprism.model import Analysis, Article, Problem, StoredArticle
from newsprism.store import codec, engine, migrate
from newsprism.store.migrate import SCHEMA_VERSION
from newsprism.store.records import AddResult, ArticleRow
from newsprism.store.results import CorpusTables
from newsprism.store.schema import (
    articles,
    ingest_problems,
    line_counts,
    outlet_pages,
    spans,
)

__all__ = ["SCHEMA_VERSION", "AddResult", "ArticleRow", "Store"]

_T = TypeVar("_T")
# Rows per statement when the input is an iterable of unknown length.
_CHUNK = 500
# The order articles are listed and streamed in. Python sorts the same way (see _sort_key).
_ORDER = (nulls_last(articles.c.outlet), nulls_last(articles.c.published), articles.c.id)


class Store(CorpusTables):
    """Articles and analyses in one database. Open with ``Store.open(path_or_url)``."""

    def __init__(self, eng: Engine, url: str, name: str, schema_version: int) -> None:
        self._engine = eng
        self.url = url
        self.name = name
        self.schema_version = schema_version

    @classmethod
    def open(cls, url: str | Path) -> Store:
        """Open (creating or upgrading) the store at a file path or a database URL."""
        sa_url = engine.to_url(url)
        name = engine.describe(sa_url)
        eng = engine.create(sa_url)
        try:
            version = migrate.prepare(eng, name)
        except NewsprismError:
            eng.dispose()
            raise
        except SQLAlchemyError as e:
            eng.dispose()
            reason = " ".join(str(getattr(e, "orig", None) or e).split())  # one line
            raise NewsprismError(f"{name}: cannot open the database: {reason}") from e
        return cls(eng, sa_url.render_as_string(hide_password=False), name, version)

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.name!r}, schema_version={self.schema_version})"

    # -- writing ---------------------------------------------------------------------------

    def add_articles(
        self,
        items: Iterable[Article],
        line_keys: Callable[[Article], Iterable[int]] | None = None,
    ) -> AddResult:
        """Store new articles in one transaction, skipping any whose content is already
        stored or came earlier in this batch. An error (or Ctrl-C) stores none of them.

        With ``line_keys``, each new article's line keys are counted for its outlet in the
        same transaction (see ``site_counts``), so the counts never disagree with the
        articles stored."""
        result = AddResult()
        known: dict[str, int] = {}  # content hash -> id, for this batch
        now = _now()
        with engine.writing(self._engine) as conn:
            for chunk in _chunks(items, _CHUNK):
                hashes = [a.content_hash for a in chunk]
                unseen = set(hashes) - known.keys()
                if unseen:
                    stmt = select(articles.c.content_hash, articles.c.id).where(
                        articles.c.content_hash.in_(unseen)
                    )
                    known.update((h, i) for h, i in conn.execute(stmt))
                firsts: dict[str, Article] = {}  # new content: its first article in the chunk
                for a, h in zip(chunk, hashes, strict=True):
                    if h not in known:
                        firsts.setdefault(h, a)
                fresh: dict[str, int] = {}
                if firsts:
                    stmt = insert(articles).returning(articles.c.id, sort_by_parameter_order=True)
                    rows = [codec.article_row(a, now) for a in firsts.values()]
                    fresh = dict(zip(firsts, conn.scalars(stmt, rows).all(), strict=True))
                for a, h in zip(chunk, hashes, strict=True):
                    if h in fresh and h not in known:
                        known[h] = fresh[h]
                        result.added.append(known[h])
                    else:
                        result.duplicates.append((a.ext_id, known[h]))
                if line_keys is not None:
                    _count_lines(conn, [firsts[h] for h in fresh], line_keys)
        return result

    def save_analyses(self, results: Iterable[tuple[int, Analysis]]) -> None:
        """Store analyses in one transaction, replacing each article's previous one."""
        now = _now()
        set_row = update(articles).where(articles.c.id == bindparam("_id"))
        with engine.writing(self._engine) as conn:
            for chunk in _chunks(results, _CHUNK // 5):
                latest = dict(chunk)  # an id twice in a chunk: the last analysis wins
                ids = list(latest)
                current = {
                    r.id: r._mapping
                    for r in conn.execute(
                        select(
                            articles.c.id,
                            articles.c.title,
                            articles.c.published,
                            articles.c.published_source,
                            articles.c.author,
                        ).where(articles.c.id.in_(ids))
                    )
                }
                for i in ids:
                    if i not in current:
                        raise NewsprismError(f"no article with id {i}")
                conn.execute(delete(spans).where(spans.c.article_id.in_(ids)))
                rows = [
                    {"_id": i, **codec.analysis_row(current[i], a, now)} for i, a in latest.items()
                ]
                conn.execute(set_row, rows)
                span_rows = [r for i, a in latest.items() for r in codec.span_rows(i, a)]
                if span_rows:
                    conn.execute(insert(spans), span_rows)

    def record_problems(self, problems: Iterable[Problem]) -> None:
        """Keep the inputs a batch could not read, for ``problems()`` to list later."""
        now = _now()
        with engine.writing(self._engine) as conn:
            for chunk in _chunks(problems, _CHUNK):
                rows = [
                    {"source": p.source, "message": p.message, "level": p.level, "seen_at": now}
                    for p in chunk
                ]
                conn.execute(insert(ingest_problems), rows)

    # -- reading ---------------------------------------------------------------------------

    def problems(self) -> list[Problem]:
        """Every recorded ingest problem, oldest first."""
        t = ingest_problems
        stmt = select(t.c.source, t.c.message, t.c.level).order_by(t.c.id)
        with self._engine.connect() as conn:
            return [Problem(s, m, lv) for s, m, lv in conn.execute(stmt)]

    def site_counts(
        self, outlets: Iterable[str], *, min_articles: int = 2
    ) -> dict[str, tuple[int, dict[int, int]]]:
        """For each outlet: how many of its articles were counted, and in how many of them
        each line key occurs (keys in fewer than ``min_articles`` are left out)."""
        wanted = sorted(set(outlets))
        out: dict[str, tuple[int, dict[int, int]]] = {}
        with self._engine.connect() as conn:
            for chunk in _chunks(wanted, _CHUNK):
                for outlet, n in conn.execute(
                    select(outlet_pages.c.outlet, outlet_pages.c.n_articles).where(
                        outlet_pages.c.outlet.in_(chunk)
                    )
                ):
                    out[outlet] = (n, {})
                stmt = select(line_counts.c.outlet, line_counts.c.key, line_counts.c.n_articles)
                stmt = stmt.where(
                    line_counts.c.outlet.in_(chunk), line_counts.c.n_articles >= min_articles
                )
                for outlet, key, n in conn.execute(stmt):
                    out[outlet][1][key] = n
        return out

    def ids_needing_analysis(self) -> list[int]:
        """Articles never analysed, or analysed by an older analysis version."""
        v = articles.c.analysis_version
        stmt = (
            select(articles.c.id)
            .where(v.is_(None) | (v < Analysis.VERSION))
            .order_by(articles.c.id)
        )
        with self._engine.connect() as conn:
            return list(conn.scalars(stmt))

    def get(self, key: int | str) -> StoredArticle:
        """An article by numeric id or, failing that, by ext_id (the lowest id if several)."""
        with self._engine.connect() as conn:
            if isinstance(key, int) or key.strip().isdigit():
                found = _load(conn, [int(key)])
                if found:
                    return found[0]
            if isinstance(key, str):
                stmt = (
                    select(articles.c.id)
                    .where(articles.c.ext_id == key)
                    .order_by(articles.c.id)
                    .limit(1)
                )
                i = conn.scalar(stmt)
                if i is not None:
                    return _load(conn, [i])[0]
        raise NewsprismError(f"no article with id or name {key}")

    def iter_articles(
        self, ids: Iterable[int] | None = None, *, batch_size: int = 200
    ) -> Iterator[StoredArticle]:
        """Articles (all, or those in ``ids``) by outlet, published, id, read in batches
        so a large store never sits in memory at once."""
        with self._engine.connect() as conn:
            order = _ordered_ids(conn, ids)
        for start in range(0, len(order), batch_size):
            # A connection per batch: no transaction stays open while the caller works.
            with self._engine.connect() as conn:
                batch = _load(conn, order[start : start + batch_size])
            yield from batch

    def list_articles(
        self, *, outlet: str | None = None, limit: int | None = None
    ) -> list[ArticleRow]:
        """Articles without their text, in the order ``iter_articles`` gives them."""
        n_entities = (
            select(func.count())
            .where(spans.c.article_id == articles.c.id, spans.c.layer == codec.ENTITY)
            .scalar_subquery()
        )
        a = articles.c
        columns = (a.id, a.ext_id, a.outlet, a.published, a.title, a.language, n_entities)
        stmt = select(*columns, a.analysis_version, a.published_source).order_by(*_ORDER)
        if outlet is not None:
            stmt = stmt.where(a.outlet == outlet)
        if limit is not None:
            stmt = stmt.limit(limit)
        with self._engine.connect() as conn:
            return [
                ArticleRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7] is not None, r[8])
                for r in conn.execute(stmt)
            ]

    def counts(self) -> dict[str, int]:
        """How many articles, analysed articles, sentences, entities and removed passages."""
        with self._engine.connect() as conn:
            n_articles, n_analysed = conn.execute(
                select(func.count(), func.count(articles.c.analysis_version))
            ).one()
            by_layer = dict(
                conn.execute(select(spans.c.layer, func.count()).group_by(spans.c.layer)).all()
            )
        return {
            "articles": n_articles,
            "analysed": n_analysed,
            "sentences": by_layer.get(codec.SENTENCE, 0),
            "entities": by_layer.get(codec.ENTITY, 0),
            "removed": by_layer.get(codec.REMOVED, 0),
        }

    def export_rows(self) -> Iterator[dict[str, Any]]:
        """One flat dict per article, for ``newsprism export``."""
        for stored in self.iter_articles():
            art, an = stored.article, stored.analysis
            body = an.cleaned.body if an else None
            entities = [
                {"text": e.attrs.get("text", e.text_of(body or "")), "label": e.label}
                | {"start": e.start, "end": e.end}
                for e in (an.entities if an else [])
            ]
            yield {
                "id": stored.id,
                "ext_id": art.ext_id,
                "title": art.title,
                "outlet": art.outlet,
                "published": art.published,
                "url": art.url,
                "author": art.author,
                "language": an.language if an else None,
                "body": body,
                "n_sentences": len(an.sentences) if an else 0,
                "n_entities": len(entities),
                "entities": entities,
            }


def _count_lines(
    conn: Connection, added: list[Article], line_keys: Callable[[Article], Iterable[int]]
) -> None:
    """Add the new articles' line keys to their outlets' counts (an upsert per row)."""
    pages: Counter[str] = Counter()
    lines: Counter[tuple[str, int]] = Counter()
    for a in added:
        if a.outlet:
            pages[a.outlet] += 1
            lines.update((a.outlet, key) for key in set(line_keys(a)))
    if not pages:
        return
    _upsert_add(conn, outlet_pages, [{"outlet": o, "n_articles": n} for o, n in pages.items()])
    rows = [{"outlet": o, "key": k, "n_articles": n} for (o, k), n in lines.items()]
    for chunk in _chunks(rows, _CHUNK * 10):
        _upsert_add(conn, line_counts, chunk)


def _upsert_add(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert ``rows``, adding ``n_articles`` to the rows that already exist."""
    dialect_insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    stmt = dialect_insert(table)
    keys = [c.name for c in table.primary_key.columns]
    stmt = stmt.on_conflict_do_update(
        index_elements=keys, set_={"n_articles": table.c.n_articles + stmt.excluded.n_articles}
    )
    conn.execute(stmt, rows)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _chunks(items: Iterable[_T], size: int) -> Iterator[list[_T]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def _sort_key(row: Any) -> tuple[Any, ...]:
    # Same order as _ORDER: NULLs last, then code-point order (SQLite BINARY, PostgreSQL "C").
    i, outlet, published = row
    return (outlet is None, outlet or "", published is None, published or "", i)


def _ordered_ids(conn: Connection, ids: Iterable[int] | None) -> array[int] | list[int]:
    if ids is None:
        # An int array: a million ids take 8 MB rather than 36.
        return array("q", conn.scalars(select(articles.c.id).order_by(*_ORDER)))
    keys = []
    for chunk in _chunks(dict.fromkeys(ids), _CHUNK):
        stmt = select(articles.c.id, articles.c.outlet, articles.c.published).where(
            articles.c.id.in_(chunk)
        )
        rows = conn.execute(stmt).all()
        if len(rows) < len(chunk):
            missing = set(chunk) - {r[0] for r in rows}
            raise NewsprismError(f"no article with id {min(missing)}")
        keys.extend(rows)
    return [r[0] for r in sorted(keys, key=_sort_key)]


def _load(conn: Connection, ids: list[int] | array[int]) -> list[StoredArticle]:
    """The articles with these ids, in this order (absent ids are left out)."""
    ids = list(ids)
    rows = {r.id: r._mapping for r in conn.execute(select(articles).where(articles.c.id.in_(ids)))}
    by_article: dict[int, list[Any]] = {i: [] for i in rows}
    stmt = select(spans).where(spans.c.article_id.in_(ids)).order_by(spans.c.article_id, spans.c.id)
    for s in conn.execute(stmt):
        by_article[s.article_id].append(s._mapping)
    return [codec.stored_article(rows[i], by_article[i]) for i in ids if i in rows]
