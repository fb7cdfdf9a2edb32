"""The corpus-wide tables of a store: speakers, stories, reuse links and stage state.

Mixed into ``Store``. Per-article results live in ``spans``; these tables hold what the
corpus stages (``newsprism.corpus``) make of many articles at once. Each write is one
transaction that also saves the stage's state, so an interrupted run never leaves the
tables and the state disagreeing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from sqlalchemy import Connection, Engine, delete, func, insert, nulls_last, select

from newsprism.model import Span
from newsprism.store import codec, engine
from newsprism.store.records import QuoteRow, ReuseRow, SpeakerRow, StoryRow, TextRow
from newsprism.store.schema import (
    articles,
    corpus_state,
    reuse_links,
    spans,
    speaker_aliases,
    speakers,
    stories,
    story_articles,
)

_CHUNK = 500


class CorpusTables:
    _engine: Engine

    # -- inputs of the corpus stages -------------------------------------------------------

    def analysed_ids(self) -> list[int]:
        """Ids of the articles with a current analysis, in id (arrival) order."""
        stmt = select(articles.c.id).where(articles.c.body.is_not(None)).order_by(articles.c.id)
        with self._engine.connect() as conn:
            return list(conn.scalars(stmt))

    def iter_texts(self, ids: Iterable[int], *, batch_size: int = 500) -> Iterator[TextRow]:
        """Cleaned bodies with the metadata the corpus stages need, in the order of ``ids``."""
        a = articles.c
        ids = list(ids)
        for start in range(0, len(ids), batch_size):
            chunk = ids[start : start + batch_size]
            columns = (a.id, a.ext_id, a.title, a.body, a.published, a.outlet, a.published_source)
            stmt = select(*columns).where(a.id.in_(chunk))
            with self._engine.connect() as conn:
                rows = {r.id: TextRow(*r) for r in conn.execute(stmt)}
            yield from (rows[i] for i in chunk if i in rows)

    def outlets(self) -> dict[int, str]:
        """article id -> outlet, for every article with one."""
        stmt = select(articles.c.id, articles.c.outlet).where(articles.c.outlet.is_not(None))
        with self._engine.connect() as conn:
            return dict(conn.execute(stmt).all())

    def quote_rows(
        self, article_ids: Iterable[int] | None = None, *, outlet: str | None = None
    ) -> Iterator[QuoteRow]:
        """Stored quotes (all, or those of some articles or one outlet) with their
        article's metadata, by article then position."""
        a = articles.c
        stmt = (
            select(
                a.id,
                a.ext_id,
                a.outlet,
                a.published,
                a.title,
                spans.c.start,
                spans.c.end,
                spans.c.label,
                spans.c.attrs,
                a.published_source,
            )
            .join(spans, spans.c.article_id == a.id)
            .where(spans.c.layer == codec.QUOTE)
            .order_by(a.id, spans.c.start)
        )
        if article_ids is not None:
            stmt = stmt.where(a.id.in_(list(article_ids)))
        if outlet is not None:
            stmt = stmt.where(a.outlet == outlet)
        with self._engine.connect() as conn:
            for r in conn.execute(stmt):
                span = Span(r[5], r[6], r[7], r[8] or {})
                yield QuoteRow(r[0], r[1], r[2], r[3], r[4], span, r[9])

    # -- speakers --------------------------------------------------------------------------

    def replace_speakers(
        self, entities: Iterable[tuple[str, str, str | None]], aliases: Mapping[str, str]
    ) -> None:
        """Replace the canonical speakers: ``(id, name, kind)`` rows and alias -> id."""
        with engine.writing(self._engine) as conn:
            conn.execute(delete(speaker_aliases))
            conn.execute(delete(speakers))
            rows = [{"id": i, "name": n, "kind": k} for i, n, k in entities]
            _insert(conn, speakers, rows)
            _insert(
                conn, speaker_aliases, [{"alias": a, "speaker_id": i} for a, i in aliases.items()]
            )

    def speakers(self) -> list[SpeakerRow]:
        """Canonical speakers with their aliases, by name."""
        with self._engine.connect() as conn:
            aliases: dict[str, list[str]] = {}
            for alias, sid in conn.execute(
                select(speaker_aliases).order_by(speaker_aliases.c.alias)
            ):
                aliases.setdefault(sid, []).append(alias)
            rows = conn.execute(select(speakers).order_by(speakers.c.name, speakers.c.id))
            return [SpeakerRow(i, n, k, aliases.get(i, [])) for i, n, k in rows]

    def speaker_aliases(self) -> dict[str, str]:
        """alias -> canonical speaker id."""
        with self._engine.connect() as conn:
            stmt = select(speaker_aliases.c.alias, speaker_aliases.c.speaker_id)
            return dict(conn.execute(stmt).all())

    # -- stage state -----------------------------------------------------------------------

    def load_state(self, name: str, version: int) -> bytes | None:
        """A stage's saved state, or None when absent or written by another version."""
        stmt = select(corpus_state.c.data).where(
            corpus_state.c.name == name, corpus_state.c.version == version
        )
        with self._engine.connect() as conn:
            return conn.scalar(stmt)

    def reset_stage(self, name: str) -> None:
        """Forget a stage's state and results, for a full recompute."""
        with engine.writing(self._engine) as conn:
            conn.execute(delete(corpus_state).where(corpus_state.c.name == name))
            if name == "stories":
                conn.execute(delete(story_articles))
                conn.execute(delete(stories))
            elif name == "reuse":
                conn.execute(delete(reuse_links))

    # -- stories ---------------------------------------------------------------------------

    def save_stories(
        self,
        state: tuple[str, int, bytes],
        members: Mapping[int, int],
        rows: Iterable[StoryRow],
    ) -> None:
        """Save new story memberships (article id -> story id), replace the story rows,
        and save the clusterer's state, in one transaction."""
        with engine.writing(self._engine) as conn:
            ids = list(members)
            for start in range(0, len(ids), _CHUNK):
                chunk = ids[start : start + _CHUNK]
                conn.execute(delete(story_articles).where(story_articles.c.article_id.in_(chunk)))
            _insert(
                conn,
                story_articles,
                [{"article_id": a, "story_id": s} for a, s in members.items()],
            )
            conn.execute(delete(stories))
            _insert(conn, stories, [r.to_row() for r in rows])
            _save_state(conn, *state)

    def stories(self, *, min_size: int = 1) -> list[StoryRow]:
        """Stories, newest first, then by size."""
        stmt = select(stories).where(stories.c.size >= min_size)
        stmt = stmt.order_by(
            nulls_last(stories.c.last_date.desc()), stories.c.size.desc(), stories.c.id
        )
        with self._engine.connect() as conn:
            return [StoryRow.from_row(r._mapping) for r in conn.execute(stmt)]

    def story(self, story_id: int) -> tuple[StoryRow, list[int]] | None:
        """One story and its article ids (by date, undated last), or None."""
        with self._engine.connect() as conn:
            row = conn.execute(select(stories).where(stories.c.id == story_id)).first()
            if row is None:
                return None
            stmt = (
                select(story_articles.c.article_id)
                .join(articles, articles.c.id == story_articles.c.article_id)
                .where(story_articles.c.story_id == story_id)
                .order_by(nulls_last(articles.c.published), articles.c.id)
            )
            return StoryRow.from_row(row._mapping), list(conn.scalars(stmt))

    def story_of(self) -> dict[int, int]:
        """article id -> story id, for every clustered article."""
        with self._engine.connect() as conn:
            stmt = select(story_articles.c.article_id, story_articles.c.story_id)
            return dict(conn.execute(stmt).all())

    # -- reuse -----------------------------------------------------------------------------

    def add_reuse_links(self, state: tuple[str, int, bytes], links: Iterable[ReuseRow]) -> None:
        """Add reuse links and save the reuse index's state, in one transaction."""
        with engine.writing(self._engine) as conn:
            _insert(conn, reuse_links, [link.to_row() for link in links])
            _save_state(conn, *state)

    def reuse_rows(self, article_ids: Iterable[int] | None = None) -> list[ReuseRow]:
        """Reuse links (all, or those touching ``article_ids``), by source, target, span."""
        t = reuse_links.c
        stmt = select(reuse_links).order_by(t.source_id, t.target_id, t.source_start)
        if article_ids is not None:
            ids = list(article_ids)
            stmt = stmt.where(t.source_id.in_(ids) | t.target_id.in_(ids))
        with self._engine.connect() as conn:
            return [ReuseRow.from_row(r._mapping) for r in conn.execute(stmt)]

    def corpus_counts(self) -> dict[str, int]:
        """How many quotes, speakers, stories and reuse links the store holds."""
        with self._engine.connect() as conn:
            n = select(func.count())
            return {
                "quotes": conn.scalar(n.select_from(spans).where(spans.c.layer == codec.QUOTE)),
                "speakers": conn.scalar(n.select_from(speakers)),
                "stories": conn.scalar(n.select_from(stories).where(stories.c.size > 0)),
                "reuse links": conn.scalar(n.select_from(reuse_links)),
            }


def _save_state(conn: Connection, name: str, version: int, data: bytes) -> None:
    conn.execute(delete(corpus_state).where(corpus_state.c.name == name))
    conn.execute(insert(corpus_state), {"name": name, "version": version, "data": data})


def _insert(conn: Connection, table: Any, rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), _CHUNK):
        conn.execute(insert(table), rows[start : start + _CHUNK])
