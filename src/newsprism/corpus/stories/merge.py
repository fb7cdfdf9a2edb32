"""The story merge pass: join stories that an online pass left split.

An online pass splits one event when its first articles were too far apart to join, and once
a fragment has a few members, each of them finds its nearest neighbours inside the fragment,
so re-placing articles one by one never undoes it. This pass compares whole stories instead:
pairs of stories whose members are each other's nearest neighbours are scored by a learned
logistic model over story-pair features (share of the members' neighbour links that cross,
centroid cosines of words and of sentence vectors, sizes, date gap, the event markers and key
names of ``cluster.py``); the share of links is a proportion, so it reads the same for
headlines and for full articles.
Pairs are merged best first; a story absorbed in a round does not absorb others in that round,
and rounds repeat until nothing merges. Candidates come only from neighbour links, so a round
costs one neighbour query per article (near-linear).

Two kinds of pair are never merged, whatever the model says; both rules come from where its
training data is blind. In ECB+ every story has ten or more articles, so nearly every story
left after the article pass is a fragment, and the model learned that linked stories belong
together about half the time, however small. In a real corpus most small stories are whole.
- Two single articles: the article model already compared them when each was placed (a
  neighbour's story is always among an article's candidates) and said no; it was trained on
  exactly that question, so the pass leaves it with its answer.
- Stories whose members mention calendar days, years or numbers, none of them shared and
  some in conflict (``clash``): the same team firing another coach on another day. Weekdays
  recur every week and are left out.
``benchmarks/stories/train.py`` fits the model and picks its thresholds with both rules in
place; train figures with and without them are in ``docs/benchmarks.md``.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np

from .cluster import DECAY_DAYS, KEY_NAMES, Story, StoryClusterer, missing_names
from .model import STORY_FEATURES, MergeModel, load_story_merge_model
from .text import MARK_KINDS

if TYPE_CHECKING:
    from .linkage import LinkCuts

MAX_ROUNDS = 6


def story_pairs(
    state: StoryClusterer,
    neighbours: dict[str, list[tuple[float, str]]],
    only: set[int] | None = None,
) -> tuple[list[tuple[int, int]], np.ndarray]:
    """Candidate story pairs (linked by nearest neighbours) and their feature rows; with
    ``only``, just the pairs that hold one of those stories."""
    links: dict[tuple[int, int], float] = defaultdict(float)
    total: dict[int, float] = defaultdict(float)
    for s in state.live():
        for m in s.members:
            for c, other in neighbours.get(m, ()):
                sid = state.story_of.get(other)
                if sid is None:
                    continue
                total[s.id] += c
                if sid != s.id:
                    links[(s.id, sid)] += c
    pairs = sorted(
        {(min(a, b), max(a, b)) for a, b in links if only is None or a in only or b in only}
    )
    rows = []
    for a, b in pairs:
        la = links.get((a, b), 0.0) / (total[a] or 1.0)
        lb = links.get((b, a), 0.0) / (total[b] or 1.0)
        rows.append(pair_features(state, state.stories[a], state.stories[b], la, lb))
    return pairs, np.array(rows, dtype=float).reshape(len(pairs), len(STORY_FEATURES))


def pair_features(
    state: StoryClusterer, a: Story, b: Story, link_a: float, link_b: float
) -> list[float]:
    """The feature row of a story pair, in the order of ``model.STORY_FEATURES``."""
    cos = {c: _story_cos(state, a, b, c) for c in ("stem", "ent", "title")}
    no_ent = 0.0 if a.sums["ent"] and b.sums["ent"] else 1.0
    small, large = sorted((a.size, b.size))
    short = (a.n_short + b.n_short) / max(a.size + b.size, 1)
    link_max = max(link_a, link_b)
    na, nb = (float(np.sqrt(s.vsum @ s.vsum)) for s in (a, b))
    sem = max(float(a.vsum @ b.vsum) / (na * nb), 0.0) if na > 1e-6 and nb > 1e-6 else 0.0
    if a.first is not None and b.first is not None:
        gap = max(0, max(a.first, b.first) - min(a.last, b.last))
        decay, no_dates = math.exp(-gap / DECAY_DAYS), 0.0
    else:
        decay, no_dates = 0.0, 1.0
    return [
        link_max,
        min(link_a, link_b),
        cos["stem"],
        cos["ent"],
        cos["title"],
        no_ent,
        math.log1p(small),
        math.log1p(large),
        short,
        short * link_max,
        short * cos["stem"],
        decay,
        no_dates,
        *pair_mark_features(a, b),
        max(
            missing_names(_key_names(state, a), b.sums["ent"]),
            missing_names(_key_names(state, b), a.sums["ent"]),
        ),
        sem,
        short * sem,
    ]


def _key_names(state: StoryClusterer, s: Story) -> list[str]:
    ents = s.sums["ent"]
    return heapq.nlargest(KEY_NAMES, ents, key=lambda t: ents[t] * state.idf("ent", t))


def pair_mark_features(a: Story, b: Story) -> list[float]:
    """Per marker kind: agreement, the best marker both stories' members mention (the
    smaller of its two member shares), and conflict, how far both stories mention markers
    of that kind (the smaller share) beyond that agreement."""
    ma, mb = a.sums["mark"], b.sums["mark"]
    sa, sb = max(a.size, 1), max(b.size, 1)
    if len(ma) > len(mb):
        ma, mb, sa, sb = mb, ma, sb, sa
    agree = dict.fromkeys(MARK_KINDS, 0.0)
    for t, v in ma.items():
        if t[0] != "k" and t in mb:
            agree[t[0]] = max(agree[t[0]], min(v / sa, mb[t] / sb))
    out = []
    for k in MARK_KINDS:
        cover = min(ma.get("k:" + k, 0.0) / sa, mb.get("k:" + k, 0.0) / sb)
        out += [min(agree[k], 1.0), min(max(cover - agree[k], 0.0), 1.0)]
    return out


def _story_cos(state: StoryClusterer, a: Story, b: Story, channel: str) -> float:
    va, vb = a.sums[channel], b.sums[channel]
    if not va or not vb or a.norm2[channel] <= 0 or b.norm2[channel] <= 0:
        return 0.0
    if len(va) > len(vb):
        va, vb = vb, va
    idf = state.idf
    dot = sum(v * vb.get(t, 0.0) * idf(channel, t) ** 2 for t, v in va.items())
    return min(dot / math.sqrt(a.norm2[channel] * b.norm2[channel]), 1.0)


def clash(a: Story, b: Story) -> bool:
    """Whether two stories are two events by their markers: their days, years and numbers
    (not weekdays) share nothing, and some of them conflict."""
    marks = pair_mark_features(a, b)[:6]  # (agree, conflict) for days, years, numbers
    return sum(marks[1::2]) > 0.5 and not any(marks[::2])


def merge_stories(
    state: StoryClusterer,
    model: MergeModel | None = None,
    *,
    link: bool = True,
    cuts: LinkCuts | None = None,
    touched: Iterable[int] | None = None,
) -> int:
    """Merge split stories in place, then (``link``) run the average-link pass of
    ``linkage.py`` with ``cuts`` (default: the shipped ones); returns how many merges were
    made. ``touched``: consider only pairs holding one of these stories (those new articles
    joined), so a store that grows by a few articles pays for those, not for its size."""
    from .linkage import link_stories  # linkage.py builds on this module

    model = model or load_story_merge_model()
    scope = None if touched is None else {t for t in touched if state.stories[t].members}
    neighbours = scope_neighbours(state, scope)
    merged = 0
    for _ in range(MAX_ROUNDS):
        pairs, rows = story_pairs(state, neighbours, scope)
        if not pairs:
            break
        p = model.prob(rows)
        absorbed: set[int] = set()
        absorbers: set[int] = set()
        n = 0
        short = rows[:, STORY_FEATURES.index("short")] >= 0.5
        for k in np.argsort(-p, kind="stable"):
            if p[k] <= model.threshold_for(bool(short[k])):
                continue
            a, b = (state.stories[i] for i in pairs[k])
            if max(a.size, b.size) == 1 or clash(a, b):
                continue
            into, other = (a, b) if (a.size, -a.id) >= (b.size, -b.id) else (b, a)
            if into.id in absorbed or other.id in absorbed or other.id in absorbers:
                continue
            state.absorb(into, other)
            absorbed.add(other.id)
            absorbers.add(into.id)
            if scope is not None:
                scope.add(into.id)
            n += 1
        merged += n
        if n == 0:
            break
    if link:
        merged += link_stories(state, neighbours, cuts, scope)
    return merged


def scope_neighbours(
    state: StoryClusterer, scope: set[int] | None
) -> dict[str, list[tuple[float, str]]]:
    """Nearest neighbours of every placed article, or (``scope``) of the members of those
    stories and of the stories they link to: enough to score every pair holding one of them."""
    if scope is None:
        return {m: state.doc_neighbours(m) for s in state.live() for m in s.members}
    out = {m: state.doc_neighbours(m) for sid in scope for m in state.stories[sid].members}
    partners = {state.story_of[o] for found in out.values() for _, o in found} - scope
    for sid in partners:
        out |= {m: state.doc_neighbours(m) for m in state.stories[sid].members}
    return out
