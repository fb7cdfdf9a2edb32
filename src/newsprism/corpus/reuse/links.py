"""Reuse links: an aligned passage given a direction (earlier article = source)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Doc:
    """An article as the reuse engine sees it. ``published`` is ISO 8601 (or None)."""

    id: str
    text: str
    published: str | None = None
    outlet: str | None = None


@dataclass(frozen=True, slots=True)
class ReuseLink:
    """``target`` reuses ``source_span`` of ``source`` at ``target_span``.

    ``near_duplicate`` marks whole-article republication (the aligned passages cover
    most of both articles); it is the same on every link of the pair.
    """

    source_id: str
    source_span: tuple[int, int]
    target_id: str
    target_span: tuple[int, int]
    score: float
    shared_words: int
    near_duplicate: bool = False


def earlier_first(a: Doc, b: Doc) -> bool:
    """True if ``a`` is the source of a pair: earlier publication, ties (and missing dates,
    which sort last) broken by id so the answer never depends on input order."""
    ka = (a.published is None, a.published or "", a.id)
    kb = (b.published is None, b.published or "", b.id)
    return ka <= kb


def covered(spans: list[tuple[int, int]]) -> int:
    """Characters covered by the union of ``spans``."""
    total, end = 0, -1
    for s, e in sorted(spans):
        if e <= end:
            continue
        total += e - max(s, end)
        end = e
    return total
