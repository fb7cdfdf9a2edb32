"""Runs the stages over a store: ingest sources, analyse whatever is stale, then bring the
corpus stages (speakers, stories, reuse; see newsprism.corpus.stages) up to date.

Every batch is one transaction, so an interrupted run loses at most the batch in flight and
never leaves half an article behind; running again picks up where it stopped. Progress goes
to an optional callback, so the CLI can draw bars and library users can ignore it.
"""

from __future__ import annotations

import multiprocessing
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from newsprism.analyse import AnalyseOptions, analyse_many
from newsprism.clean.templates import SiteTemplates, article_keys
from newsprism.corpus import stages
from newsprism.ingest import IngestOptions, read_sources
from newsprism.model import Analysis, Article, Problem
from newsprism.store import Store

#: ``on_progress(done, total)``; ``total`` is None when unknown.
Progress = Callable[[int, int | None], None]

INGEST_BATCH = 200
# An item's source names the input it came from plus, for inputs holding many articles,
# ``!member`` (archives), ``:LINE`` (JSONL) or ``#N`` (JSON lists, feeds, WARC records).
_INPUT_OF = re.compile(r"(?:!.*|:\d+|#\d+)$")
ANALYSE_BATCH = 64


@dataclass
class IngestReport:
    added: int = 0
    duplicates: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "error"]


def ingest(
    store: Store,
    sources: Iterable[str | Path],
    options: IngestOptions | None = None,
    *,
    on_progress: Progress | None = None,
    on_problem: Callable[[Problem], None] | None = None,
    total: int | None = None,
) -> IngestReport:
    """Read ``sources`` into ``store``, ``INGEST_BATCH`` articles per transaction."""
    report = IngestReport()
    inputs: set[str] = set()
    items = read_sources(sources, options or IngestOptions())

    def articles() -> Iterator[Article]:
        for item in items:
            # Progress counts inputs (files, URLs), as ``total`` does: a JSONL file or a feed
            # yields many articles.
            inputs.add(_INPUT_OF.sub("", item.source))
            if on_progress:
                on_progress(len(inputs), max(total, len(inputs)) if total else None)
            if isinstance(item, Problem):
                report.problems.append(item)
                if on_problem:
                    on_problem(item)
                continue
            yield item

    stream = articles()
    while batch := list(islice(stream, INGEST_BATCH)):
        result = store.add_articles(batch, line_keys=_line_keys)
        report.added += len(result.added)
        report.duplicates += len(result.duplicates)
    if report.problems:
        store.record_problems(report.problems)
    return report


def _line_keys(article: Article) -> set[int]:
    return article_keys(article.text)


def default_workers(n_articles: int) -> int:
    """One process for small jobs (a worker costs a model load), all cores for big ones."""
    if n_articles < 4 * ANALYSE_BATCH:
        return 1
    return max(1, min(os.cpu_count() or 1, 8))


def analyse_pending(
    store: Store,
    options: AnalyseOptions | None = None,
    *,
    workers: int | None = None,
    on_progress: Progress | None = None,
) -> int:
    """Analyse every article without a current analysis; returns how many were analysed."""
    options = options or AnalyseOptions()
    ids = store.ids_needing_analysis()
    workers = workers or default_workers(len(ids))
    chunks = (ids[i : i + ANALYSE_BATCH] for i in range(0, len(ids), ANALYSE_BATCH))
    done = 0
    if on_progress:
        on_progress(0, len(ids))
    for chunk_ids, analyses in _analyse_chunks(store, chunks, options, workers, _Templates(store)):
        store.save_analyses(zip(chunk_ids, analyses, strict=True))
        done += len(chunk_ids)
        if on_progress:
            on_progress(done, len(ids))
    return done


class _Templates:
    """Site templates for the outlets of each chunk, read from the store once per run."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.counts: dict[str, tuple[int, dict[int, int]]] = {}

    def for_articles(self, articles: list[Article]) -> SiteTemplates:
        outlets = {a.outlet for a in articles if a.outlet}
        missing = outlets - self.counts.keys()
        if missing:
            self.counts.update(self.store.site_counts(missing))
        templates = SiteTemplates()
        for outlet in outlets & self.counts.keys():
            templates.add_counts(outlet, *self.counts[outlet])
        return templates


def _load(store: Store, ids: Sequence[int]) -> list[Article]:
    by_id = {s.id: s.article for s in store.iter_articles(ids)}
    return [by_id[i] for i in ids]


def _analyse_chunks(
    store: Store,
    chunks: Iterator[list[int]],
    options: AnalyseOptions,
    workers: int,
    templates: _Templates,
) -> Iterator[tuple[list[int], list[Analysis]]]:
    if workers == 1:
        for ids in chunks:
            articles = _load(store, ids)
            yield ids, list(analyse_many(articles, options, templates.for_articles(articles)))
        return
    # Reads and writes stay in this process (one database connection); workers only compute.
    # A bounded window of chunks in flight keeps memory flat on a million articles.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        pending: dict[Future[list[Analysis]], list[int]] = {}
        for ids in chunks:
            articles = _load(store, ids)
            job = pool.submit(_analyse_list, articles, options, templates.for_articles(articles))
            pending[job] = ids
            if len(pending) >= 2 * workers:
                yield from _drain(pending, FIRST_COMPLETED)
        while pending:
            yield from _drain(pending, FIRST_COMPLETED)


def _drain(
    pending: dict[Future[list[Analysis]], list[int]], how: str
) -> Iterator[tuple[list[int], list[Analysis]]]:
    finished, _ = wait(pending, return_when=how)
    for future in finished:
        yield pending.pop(future), future.result()


def _analyse_list(
    articles: list[Article], options: AnalyseOptions, templates: SiteTemplates
) -> list[Analysis]:
    return list(analyse_many(articles, options, templates))


def update_corpus(
    store: Store,
    *,
    progress: Callable[[str], AbstractContextManager[Progress | None]] | None = None,
) -> dict[str, int]:
    """Run the corpus stages over every analysed article not yet taken in.

    ``progress(stage name)`` gives a context holding that stage's progress callback (the
    CLI's progress bars). Returns how many speakers there are, how many articles were
    placed in stories, and how many reuse links were added."""
    progress = progress or (lambda _name: nullcontext())
    out = {"speakers": stages.update_speakers(store)}
    with progress("Stories") as update:
        out["stories"] = stages.update_stories(store, on_progress=update)
    with progress("Reuse") as update:
        out["reuse links"] = stages.update_reuse(store, on_progress=update)
    return out
