"""The average-link pass: join stories whose articles are, on average, alike.

The learned passes (``cluster.py``, ``merge.py``) weigh features fitted on ECB+, where a story
is one incident reported by about eleven full articles. A headline feed groups hundreds of
six-word titles per story, and there the learned models stop far too early (GoogleNews:
BCubed F1 0.45 without this pass). One measure carries over better: the mean, over every pair
of articles across two stories, of the average of their TF-IDF cosine and their
sentence-vector cosine. ``benchmarks/stories/ceiling.py`` shows it is the best of the three
representations on ECB+ and on GoogleNews alike, though not at one cut (0.70 on ECB+ train
headlines, 0.81 on GoogleNews); the cut here is learned on ECB+ train.

So this pass runs last. Linked stories (members that are nearest neighbours, as in the merge
pass) are joined best first while their mean similarity reaches ``1 - cut``; after each join
the new story's links are scored again. The two cuts (full articles; headlines) are chosen by
``benchmarks/stories/train.py`` on ECB+ train and shipped in ``data/stories-link.json``.
Pairs whose days, years and numbers clash (``merge.clash``) are never joined.

Mean similarity is exact from per-story sums: the sum of the members' unit sentence vectors
(``Story.vsum``) and of their unit TF-IDF vectors (from the stems each article keeps in the
neighbour index, weighed by the current IDF).

Reports of one event in two languages share no words, so word neighbours never link them and
their TF-IDF cosine is zero. Each story is therefore also linked to its nearest stories by
sentence vector (the encoder is multilingual), and between stories written in two scripts
(Cyrillic and Latin, say) the mean similarity is the sentence vectors' alone. Stories whose
dates lie further apart than the clusterer's time window are never joined.
"""

from __future__ import annotations

import heapq
import json
import math
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np

from .cluster import Story, StoryClusterer
from .merge import clash

LINK_FILE = "stories-link.json"
#: Nearest stories by sentence vector linked to each story, besides its word neighbours.
VECTOR_NEIGHBOURS = 3
_BLOCK = 1024  # stories per matrix product when looking for them


@dataclass(frozen=True, slots=True)
class LinkCuts:
    """Distance cuts of the average-link pass: join while mean similarity >= 1 - cut."""

    full: float
    short: float
    meta: dict = field(default_factory=dict)

    def for_pair(self, a: Story, b: Story) -> float:
        """Headline stories (most members without a body) take the headline cut."""
        short = (a.n_short + b.n_short) / max(a.size + b.size, 1) >= 0.5
        return self.short if short else self.full


def load_link_cuts(path: Path | None = None) -> LinkCuts:
    """The shipped cuts, or those at ``path``."""
    return _shipped() if path is None else _parse(path.read_text("utf-8"))


@cache
def _shipped() -> LinkCuts:
    return _parse(resources.files("newsprism").joinpath("data", LINK_FILE).read_text("utf-8"))


def _parse(text: str) -> LinkCuts:
    data = json.loads(text)
    return LinkCuts(float(data["cut"]), float(data["cut_short"]), dict(data.get("meta", {})))


def link_stories(
    state: StoryClusterer,
    neighbours: dict[str, list[tuple[float, str]]],
    cuts: LinkCuts | None = None,
    only: set[int] | None = None,
) -> int:
    """Join linked stories by average link, in place; returns how many joins were made.
    ``neighbours``: each member's nearest articles (``StoryClusterer.doc_neighbours``);
    ``only``: consider just the pairs holding one of these stories."""
    cuts = cuts or load_link_cuts()
    live = state.live()
    only = None if only is None else {i for i in only if state.stories[i].members}
    tfidf: dict[int, dict[str, float]] = {}
    script: dict[int, str] = {}
    links: dict[int, set[int]] = defaultdict(set)

    def link(a: int, b: int) -> None:
        if a != b and (only is None or a in only or b in only):
            links[a].add(b)
            links[b].add(a)

    for s in live:
        for m in s.members:
            for _, other in neighbours.get(m, ()):
                sid = state.story_of.get(other)
                if sid is not None:
                    link(s.id, sid)
    for a, b in _vector_links(live, None if only is None else [state.stories[i] for i in only]):
        link(a, b)
    heap: list[tuple[float, int, int, int, int]] = []
    sizes = {s.id: s.size for s in live}

    def push(a: int, b: int) -> None:
        sa, sb = state.stories[a], state.stories[b]
        if _far_apart(sa, sb, state.window_days):
            return
        for s in (sa, sb):
            if s.id not in tfidf:
                tfidf[s.id], script[s.id] = _tfidf_sum(state, s), _script(s)
        lexical = script[a] == script[b]
        sim = _mean_similarity(sa, sb, tfidf[a], tfidf[b], lexical)
        if sim >= 1.0 - cuts.for_pair(sa, sb):
            heapq.heappush(heap, (-sim, a, b, sa.size, sb.size))

    for a, partners in links.items():
        for b in partners:
            if a < b:
                push(a, b)
    joined = 0
    while heap:
        _, a, b, na, nb = heapq.heappop(heap)
        sa, sb = state.stories[a], state.stories[b]
        if sizes.get(a) != na or sizes.get(b) != nb:
            continue  # scored before one of them changed: its new score is queued
        if clash(sa, sb):
            continue
        into, other = (sa, sb) if (sa.size, -sa.id) >= (sb.size, -sb.id) else (sb, sa)
        state.absorb(into, other)
        for t, v in tfidf.pop(other.id).items():
            tfidf[into.id][t] = tfidf[into.id].get(t, 0.0) + v
        script[into.id] = _script(into)
        if only is not None:
            only.add(into.id)
        sizes[into.id] = into.size
        del sizes[other.id]
        partners = (links.pop(into.id, set()) | links.pop(other.id, set())) - {into.id, other.id}
        links[into.id] = partners
        for p in partners:
            links[p].discard(other.id)
            links[p].add(into.id)
            push(min(into.id, p), max(into.id, p))
        joined += 1
    return joined


def _tfidf_sum(state: StoryClusterer, s: Story) -> dict[str, float]:
    """The sum of the members' unit TF-IDF vectors over their indexed stems."""
    out: dict[str, float] = {}
    for m in s.members:
        w = {t: v * state.idf("stem", t) for t, v in state.doc_stems(m).items()}
        norm = math.sqrt(sum(x * x for x in w.values()))
        if norm <= 0.0:
            continue
        for t, x in w.items():
            out[t] = out.get(t, 0.0) + x / norm
    return out


def _mean_similarity(
    a: Story, b: Story, xa: dict[str, float], xb: dict[str, float], lexical: bool = True
) -> float:
    """Mean over member pairs of (TF-IDF cosine + sentence-vector cosine) / 2, or of the
    sentence-vector cosine alone when the stories share no script (``lexical`` False)."""
    semantic = float(a.vsum @ b.vsum) / (a.size * b.size)
    if not lexical:
        return semantic
    if len(xa) > len(xb):
        xa, xb = xb, xa
    words = sum(v * xb.get(t, 0.0) for t, v in xa.items()) / (a.size * b.size)
    return (words + semantic) / 2.0


def _vector_links(
    stories: list[Story], queries: list[Story] | None = None
) -> Iterator[tuple[int, int]]:
    """Each story of ``queries`` (default: all) with its ``VECTOR_NEIGHBOURS`` nearest others
    among ``stories`` by mean sentence vector."""
    queries = stories if queries is None else queries
    if len(stories) < 2 or not queries:
        return
    k = min(VECTOR_NEIGHBOURS + 1, len(stories))  # one of them is the story itself
    vecs = _unit([s.vsum for s in stories])
    for start in range(0, len(queries), _BLOCK):
        block = queries[start : start + _BLOCK]
        sims = _unit([s.vsum for s in block]) @ vecs.T
        best = np.argpartition(-sims, k - 1, axis=1)[:, :k]
        for s, row in zip(block, best, strict=True):
            for j in row:
                yield s.id, stories[int(j)].id


def _unit(rows: list[np.ndarray]) -> np.ndarray:
    vecs = np.stack(rows).astype(np.float32)
    norms = np.linalg.norm(vecs, axis=1, keepdims=True)
    return vecs / np.where(norms > 0, norms, 1.0)


def _script(s: Story) -> str:
    """The writing system most of a story's words are in ("LATIN", "CYRILLIC", ...)."""
    counts: Counter[str] = Counter()
    for t, v in s.sums["stem"].items():
        if t[:1].isalpha():
            counts[unicodedata.name(t[0], "?").split(" ")[0]] += v
    return counts.most_common(1)[0][0] if counts else ""


def _far_apart(a: Story, b: Story, window_days: int) -> bool:
    """Whether the two stories' dates lie further apart than the time window."""
    if a.first is None or b.first is None or a.last is None or b.last is None:
        return False
    return max(a.first, b.first) - min(a.last, b.last) > window_days
