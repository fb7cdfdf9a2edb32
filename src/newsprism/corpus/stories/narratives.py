"""Narratives and labels: the looser level over stories, and what to call each story.

A narrative groups stories that share actors and themes across weeks: stories are visited in
date order and each joins the narrative whose entity-and-stem profile is most similar (IDF
cosine) if that similarity reaches ``NARRATIVE_MIN_COS`` and the narrative was active within
``NARRATIVE_GAP_DAYS``; else it opens one. There is no training data for this level, so the two
settings are hand-set (and stated here); entities weigh double, since a narrative is about the
same actors. The gap is a year: one thread of relations between two governments (the seed
articles) runs over nine months with eight of them between two of its stories.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .cluster import Story, StoryClusterer
from .text import bags, stem

NARRATIVE_MIN_COS = 0.15
NARRATIVE_GAP_DAYS = 365
ENTITY_WEIGHT = 2.0


@dataclass(frozen=True, slots=True)
class StoryLabel:
    """What a reader sees of a story."""

    story: int
    headline: str  # the member title closest to the story's centre
    first: str | None  # ISO dates of the earliest and latest dated member
    last: str | None
    size: int
    outlets: tuple[str, ...]
    entities: tuple[str, ...]  # key entities (or key terms when the text has no capitals)


def _profile(state: StoryClusterer, story: Story) -> dict[str, float]:
    prof: dict[str, float] = {}
    for t, v in story.sums["ent"].items():
        prof["e:" + t] = ENTITY_WEIGHT * v / story.size * state.idf("ent", t)
    for t, v in story.sums["stem"].items():
        prof["s:" + t] = v / story.size * state.idf("stem", t)
    return prof


def _cos(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    dot = sum(v * b.get(t, 0.0) for t, v in a.items())
    na = math.sqrt(sum(v * v for v in a.values()))
    nb = math.sqrt(sum(v * v for v in b.values()))
    return dot / (na * nb) if na and nb else 0.0


def narratives(state: StoryClusterer) -> dict[int, int]:
    """Story id -> narrative id (numbered from 0 in order of opening)."""
    order = sorted(state.live(), key=lambda s: (s.first is None, s.first or 0, s.id))
    cents: list[dict[str, float]] = []
    lasts: list[int | None] = []
    out: dict[int, int] = {}
    for s in order:
        prof = _profile(state, s)
        best, best_cos = None, NARRATIVE_MIN_COS
        for n, cent in enumerate(cents):
            last = lasts[n]
            if s.first is not None and last is not None and s.first - last > NARRATIVE_GAP_DAYS:
                continue
            c = _cos(prof, cent)
            if c >= best_cos:
                best, best_cos = n, c
        if best is None:
            cents.append(dict(prof))
            lasts.append(s.last)
            out[s.id] = len(cents) - 1
            continue
        cent = cents[best]
        for t, v in prof.items():
            cent[t] = cent.get(t, 0.0) + v
        if s.last is not None:
            lasts[best] = max(lasts[best] or s.last, s.last)
        out[s.id] = best
    return out


def label(state: StoryClusterer, story: Story, outlets: dict[str, str] | None = None) -> StoryLabel:
    """The label of one story; ``outlets`` maps member ids to outlet names when known."""
    centre = {t: v * state.idf("stem", t) for t, v in story.sums["stem"].items()}
    best, best_cos = story.titles[0], -1.0
    for title in story.titles:
        stems: dict[str, float] = {}
        for t, v in bags(title, title).title.items():
            stems[stem(t)] = stems.get(stem(t), 0.0) + v * state.idf("stem", stem(t))
        c = _cos(stems, centre)
        if c > best_cos:
            best, best_cos = title, c
    ents = story.sums["ent"] or story.sums["title"]
    channel = "ent" if story.sums["ent"] else "title"
    key = sorted(ents, key=lambda t: -ents[t] * state.idf(channel, t))[:5]
    first, last = story.first_date(), story.last_date()
    names = sorted({outlets[m] for m in story.members if outlets and outlets.get(m)})
    return StoryLabel(
        story=story.id,
        headline=best,
        first=first.isoformat() if first else None,
        last=last.isoformat() if last else None,
        size=story.size,
        outlets=tuple(names),
        entities=tuple(key),
    )
