"""Publication dates for undated articles, estimated from the corpus around them.

An article that prints no date still names people, places and things that dated articles of
the same corpus name too. Its estimate is the weighted median date of its nearest dated
articles (IDF cosine over stems and entities, candidates from an inverted index over the
rarest of them, so the cost per article stays bounded). When the text itself mentions month-day
dates without a year ("a briefing on January 21"), those are placed in the year nearest to the
neighbours' date, and the median of those within ``REFINE_DAYS`` of it becomes the estimate:
the corpus gives the period, the text the day. Nothing here is hand-listed; with no dated
neighbour there is no estimate.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date

from newsprism.analyse.dates import resolve_mentions

from .cluster import Item
from .text import bags

#: Dated neighbours an estimate is drawn from, and the least cosine one must have.
NEIGHBOURS = 5
MIN_COS = 0.1
#: Keys (rarest stems and entities) looked up per article.
MAX_KEYS = 15
#: Month-day mentions this close to the neighbours' date refine the estimate.
REFINE_DAYS = 45
#: Confidence ceiling of an estimate: it is a hint, never as good as a printed date.
MAX_CONFIDENCE = 0.45


def _vector(it: Item) -> dict[str, float]:
    b = bags(it.title, it.text)
    vec = {"s:" + t: v for t, v in b.stem.items()}
    vec.update({"e:" + t: v for t, v in b.ent.items()})
    return vec


def estimate_dates(items: Iterable[Item]) -> dict[str, tuple[date | None, float, str]]:
    """Article id -> (date, confidence, source) for every item.

    Dated items keep their date (confidence 1.0, source ``"given"``). Undated ones get an
    estimate from their dated neighbours (source ``"corpus"``, or ``"corpus+text"`` when
    the text's own month-day mentions set the day), or ``(None, 0.0, "none")``.
    """
    items = list(items)
    vecs = [_vector(it) for it in items]
    df: Counter[str] = Counter()
    for v in vecs:
        df.update(v.keys())
    n = len(items) + 1

    def idf(t: str) -> float:
        return math.log(n / (df[t] + 1)) + 1.0

    weighted = [{t: v * idf(t) for t, v in vec.items()} for vec in vecs]
    norms = [math.sqrt(sum(w * w for w in vec.values())) or 1.0 for vec in weighted]
    index: dict[str, list[int]] = defaultdict(list)
    for i, it in enumerate(items):
        if it.published is not None:
            for t in vecs[i]:
                index[t].append(i)
    out: dict[str, tuple[date | None, float, str]] = {}
    for i, it in enumerate(items):
        if it.published is not None:
            out[it.id] = (it.published, 1.0, "given")
            continue
        # the rarest terms some other article shares (a term of this article alone finds none)
        keys = heapq.nlargest(
            MAX_KEYS, ((t, w) for t, w in weighted[i].items() if df[t] > 1), key=lambda kv: kv[1]
        )
        shared: dict[int, float] = defaultdict(float)
        for t, w in keys:
            for j in index.get(t, ()):
                shared[j] += w
        near = []
        for j, _ in heapq.nlargest(3 * NEIGHBOURS, shared.items(), key=lambda kv: kv[1]):
            a, b = weighted[i], weighted[j]
            dot = sum(w * b.get(t, 0.0) for t, w in a.items())
            cos = dot / (norms[i] * norms[j])
            if cos >= MIN_COS:
                near.append((cos, items[j].published))
        near = heapq.nlargest(NEIGHBOURS, near, key=lambda cd: cd[0])
        if not near:
            out[it.id] = (None, 0.0, "none")
            continue
        anchor = _weighted_median([(d.toordinal(), c) for c, d in near])
        spread = max(d.toordinal() for _, d in near) - min(d.toordinal() for _, d in near)
        conf = MAX_CONFIDENCE * (sum(c for c, _ in near) / len(near)) ** 0.5
        conf /= 1.0 + spread / 60.0  # neighbours months apart: a vaguer estimate
        base = date.fromordinal(anchor)
        days = [
            date.fromisoformat(s.attrs["date"]).toordinal()
            for s in resolve_mentions(f"{it.title}\n{it.text}", base)
            if s.attrs["kind"] == "month-day" and s.attrs["date"]
        ]
        # only mentions near the anchor date the article; others recall older events
        days = [d for d in days if abs(d - anchor) <= REFINE_DAYS]
        if days:
            out[it.id] = (date.fromordinal(sorted(days)[len(days) // 2]), conf, "corpus+text")
        else:
            out[it.id] = (base, conf, "corpus")
    return out


def _weighted_median(values: list[tuple[int, float]]) -> int:
    values = sorted(values)
    half = sum(w for _, w in values) / 2
    acc = 0.0
    for v, w in values:
        acc += w
        if acc >= half:
            return v
    return values[-1][0]


__all__ = ["estimate_dates"]
