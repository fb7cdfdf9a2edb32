"""Online story clustering, after Miranda et al. 2018 ("Multilingual Clustering of Streaming News").

Each arriving article is compared only with a few candidate stories: those sharing its rarest
stems or entities (an inverted index), within a time window when both sides have dates. For each
candidate a feature vector is built (TF-IDF cosines per channel with IDF kept incrementally, a
containment share that does not shrink with text length, time decay from the story's newest,
oldest and mean dates, size) and the learned logistic model scores it. The best candidate takes
the article when its probability beats the learned threshold; otherwise a new story opens.

Story vectors keep raw sublinear term frequencies; IDF is applied at comparison time, so nothing
is recomputed when it changes. Cached story norms use the IDF of the moment they were updated and
are refreshed, all together, each time the number of articles doubles (amortised linear).
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from .model import FEATURES, MergeModel, load_model
from .text import CHANNELS, Bags, bags, stem

#: Days over which the time-decay features fall to 1/e.
DECAY_DAYS = 7.0
#: Candidate stories whose newest article is further than this from the article are skipped.
WINDOW_DAYS = 30
#: Candidates scored per article; retrieval keys looked up per article.
MAX_CANDIDATES = 20
MAX_KEYS = 15
#: Index keys held by more stories than this are too common to retrieve by.
MAX_POSTING = 2000


@dataclass(slots=True)
class Story:
    """One story: its members and the summed term frequencies of each channel."""

    id: int
    members: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    days: list[int | None] = field(default_factory=list)  # date ordinals
    sums: dict[str, dict[str, float]] = field(default_factory=lambda: {c: {} for c in CHANNELS})
    norm2: dict[str, float] = field(default_factory=lambda: dict.fromkeys(CHANNELS, 0.0))
    first: int | None = None
    last: int | None = None
    day_sum: int = 0
    n_dated: int = 0

    @property
    def size(self) -> int:
        return len(self.members)

    def first_date(self) -> date | None:
        return date.fromordinal(self.first) if self.first else None

    def last_date(self) -> date | None:
        return date.fromordinal(self.last) if self.last else None


class StoryClusterer:
    """The state of an online clustering; ``add`` assigns one article and returns its story id."""

    def __init__(self, model: MergeModel | None = None, *, window_days: int = WINDOW_DAYS):
        self.model = model or load_model()
        self.window_days = window_days
        self.stories: list[Story] = []
        self.story_of: dict[str, int] = {}
        self.df: dict[str, dict[str, int]] = {c: defaultdict(int) for c in CHANNELS}
        self.n_docs = 0
        self._postings: dict[str, dict[int, int]] = defaultdict(dict)
        self._refresh_at = 64

    # -- IDF ---------------------------------------------------------------------------

    def idf(self, channel: str, term: str) -> float:
        return math.log((self.n_docs + 1) / (self.df[channel].get(term, 0) + 1)) + 1.0

    def _weighted_norm2(self, channel: str, vec: dict[str, float]) -> float:
        df, n = self.df[channel], self.n_docs + 1
        return sum((v * (math.log(n / (df.get(t, 0) + 1)) + 1.0)) ** 2 for t, v in vec.items())

    # -- public API ----------------------------------------------------------------------

    def add(
        self,
        doc_id: str,
        title: str,
        text: str,
        published: date | None = None,
        *,
        force_story: int | None = None,
    ) -> int:
        """Assign one article; ``force_story`` (training) puts it into that story instead
        (-1: a new story)."""
        b = self.observe(title, text)
        return self.place(doc_id, title or text[:200], b, published, force_story=force_story)

    def observe(self, title: str, text: str) -> Bags:
        """An article's bags, counted into the document frequencies."""
        b = bags(title, text)
        self._count(b)
        return b

    def place(
        self,
        doc_id: str,
        title: str,
        b: Bags,
        published: date | None = None,
        *,
        force_story: int | None = None,
    ) -> int:
        """Assign an observed article (see ``add``)."""
        if doc_id in self.story_of:
            raise ValueError(f"article {doc_id!r} was already added")
        day = published.toordinal() if published else None
        if force_story is not None:
            sid = force_story if force_story >= 0 else None
        else:
            cands, feats = self.candidates(b, day)
            sid = None
            if cands:
                p = self.model.prob(feats)
                best = int(np.argmax(p))
                if p[best] > self.model.threshold:
                    sid = cands[best]
        story = self._new_story() if sid is None else self.stories[sid]
        self._join(story, doc_id, title, b, day)
        return story.id

    def candidates(self, b: Bags, day: int | None) -> tuple[list[int], np.ndarray]:
        """Candidate story ids for an article's bags, and their feature rows."""
        keys = self._keys(b)
        weights = dict(keys)
        hits: dict[int, float] = defaultdict(float)
        for key, w in keys:
            posting = self._postings.get(key)
            if not posting or len(posting) > MAX_POSTING:
                continue
            for sid in posting:
                hits[sid] += w  # postings drop a story as soon as it holds no such term
        if day is not None:
            hits = {
                s: v
                for s, v in hits.items()
                if self.stories[s].last is None
                or abs(self.stories[s].last - day) <= self.window_days
                or abs(self.stories[s].first - day) <= self.window_days
            }
        top = heapq.nlargest(MAX_CANDIDATES, hits.items(), key=lambda kv: kv[1])
        total = sum(weights.values()) or 1.0
        ids = [s for s, _ in top]
        prepared = self._prepare(b)
        feats = np.array(
            [self.features(prepared, self.stories[s], day, h / total) for s, h in top],
            dtype=float,
        ).reshape(len(ids), len(FEATURES))
        return ids, feats

    def _prepare(self, b: Bags) -> dict[str, tuple[list[tuple[str, float]], float, bool]]:
        """Per channel: (term, tf * idf^2) pairs and the IDF-weighted norm, computed once per
        article instead of once per candidate. Key "title_stem": the title's stems, matched
        against the story's stem channel."""
        title_stems: dict[str, float] = {}
        for t, v in b.title.items():
            k = stem(t)
            title_stems[k] = title_stems.get(k, 0.0) + v
        out = {}
        n = self.n_docs + 1
        for name, channel, vec in (
            *((c, c, b.channel(c)) for c in CHANNELS),
            ("title_stem", "stem", title_stems),
        ):
            df = self.df[channel]
            pairs, n2 = [], 0.0
            for t, v in vec.items():
                w = math.log(n / (df.get(t, 0) + 1)) + 1.0
                n2 += (v * w) ** 2
                pairs.append((t, v * w * w))
            out[name] = (pairs, math.sqrt(n2), bool(vec))
        out["short"] = b.short
        return out

    def features(self, prepared: dict, story: Story, day: int | None, share: float) -> list[float]:
        """The feature row of (article, story), in the order of ``model.FEATURES``."""
        cos = [self._cos(prepared[c], story, c) for c in CHANNELS]
        cos_ts = self._cos(prepared["title_stem"], story, "stem")
        if day is not None and story.n_dated:
            mean = story.day_sum / story.n_dated
            decay = [
                math.exp(-abs(day - story.last) / DECAY_DAYS),
                math.exp(-abs(day - story.first) / DECAY_DAYS),
                math.exp(-abs(day - mean) / DECAY_DAYS),
            ]
            no_dates = 0.0
        else:
            decay, no_dates = [0.0, 0.0, 0.0], 1.0
        no_ent = 0.0 if (prepared["ent"][2] and story.sums["ent"]) else 1.0
        short = 1.0 if prepared["short"] else 0.0
        return [
            *cos,
            cos_ts,
            share,
            no_ent,
            *decay,
            no_dates,
            math.log1p(story.size),
            short,
            short * cos[2],
            short * share,
        ]

    def labels(self) -> dict[str, int]:
        """Article id -> story id."""
        return dict(self.story_of)

    def live(self) -> list[Story]:
        """The stories that hold articles (a re-pass can leave empty slots)."""
        return [s for s in self.stories if s.members]

    # -- internals -------------------------------------------------------------------------

    def _keys(self, b: Bags) -> list[tuple[str, float]]:
        """The article's rarest stems and entities, with their IDF, for the index."""
        scored = [("s:" + t, v * self.idf("stem", t)) for t, v in b.stem.items()]
        scored += [("e:" + t, v * self.idf("ent", t)) for t, v in b.ent.items()]
        return heapq.nlargest(MAX_KEYS, scored, key=lambda kv: kv[1])

    @staticmethod
    def _cos(doc: tuple[list[tuple[str, float]], float, bool], story: Story, channel: str) -> float:
        pairs, dnorm, _ = doc
        svec = story.sums[channel]
        sn2 = story.norm2[channel]
        if not pairs or sn2 <= 0.0 or dnorm <= 0.0:
            return 0.0
        get = svec.get
        dot = sum(c * get(t, 0.0) for t, c in pairs)
        return min(dot / (dnorm * math.sqrt(sn2)), 1.0) if dot > 0.0 else 0.0

    def _count(self, b: Bags) -> None:
        self.n_docs += 1
        for c in CHANNELS:
            df = self.df[c]
            for t in b.channel(c):
                df[t] += 1
        if self.n_docs >= self._refresh_at:
            self._refresh_at *= 2
            for s in self.stories:
                for c in CHANNELS:
                    s.norm2[c] = self._weighted_norm2(c, s.sums[c])

    def leave(self, doc_id: str, b: Bags) -> None:
        """Take an article (with the bags it was placed with) out of its story, for a re-pass."""
        s = self.stories[self.story_of.pop(doc_id)]
        n = self.n_docs + 1
        for c in CHANNELS:
            sums, df = s.sums[c], self.df[c]
            delta = 0.0
            for t, v in b.channel(c).items():
                old = sums.get(t, 0.0)
                new = old - v
                w = math.log(n / (df.get(t, 0) + 1)) + 1.0
                delta += (new * new - old * old) * w * w
                if new > 1e-9:
                    sums[t] = new
                else:
                    sums.pop(t, None)
            s.norm2[c] = max(s.norm2[c] + delta, 0.0) if sums else 0.0
        for prefix, vec in (("s:", b.stem), ("e:", b.ent)):
            for t in vec:
                posting = self._postings[prefix + t]
                left = posting.get(s.id, 0) - 1
                if left > 0:
                    posting[s.id] = left
                else:
                    posting.pop(s.id, None)
        k = s.members.index(doc_id)
        day = s.days[k]
        del s.members[k], s.titles[k], s.days[k]
        if day is not None:
            s.day_sum -= day
            s.n_dated -= 1
            dated = [d for d in s.days if d is not None]
            s.first, s.last = (min(dated), max(dated)) if dated else (None, None)

    def _new_story(self) -> Story:
        s = Story(id=len(self.stories))
        self.stories.append(s)
        return s

    def _join(self, s: Story, doc_id: str, title: str, b: Bags, day: int | None) -> None:
        n = self.n_docs + 1
        for c in CHANNELS:
            sums, df = s.sums[c], self.df[c]
            delta = 0.0
            for t, v in b.channel(c).items():
                old = sums.get(t, 0.0)
                w = math.log(n / (df.get(t, 0) + 1)) + 1.0
                delta += ((old + v) ** 2 - old * old) * w * w
                sums[t] = old + v
            s.norm2[c] += delta
        for prefix, vec in (("s:", b.stem), ("e:", b.ent)):
            for t in vec:
                posting = self._postings[prefix + t]
                posting[s.id] = posting.get(s.id, 0) + 1
        s.members.append(doc_id)
        s.titles.append(title)
        s.days.append(day)
        if day is not None:
            s.first = day if s.first is None else min(s.first, day)
            s.last = day if s.last is None else max(s.last, day)
            s.day_sum += day
            s.n_dated += 1
        self.story_of[doc_id] = s.id


@dataclass(frozen=True, slots=True)
class Item:
    """An article as the clusterer needs it."""

    id: str
    title: str
    text: str
    published: date | None = None


def cluster(
    items: Iterable[Item], model: MergeModel | None = None, *, passes: int = 2
) -> StoryClusterer:
    """A full (re-)clustering: dated articles in date order, undated ones after, as given.

    The first pass is the online one; each further pass takes every article out of its story
    and places it again against everything else (fixing what an early, thin story got wrong).
    Stories emptied by a re-pass stay as empty slots so that ids remain stable.
    """
    items = list(items)
    order = sorted(
        range(len(items)),
        key=lambda i: (items[i].published is None, items[i].published or date.min, i),
    )
    state = StoryClusterer(model)
    seen: list[Bags] = [None] * len(items)  # type: ignore[list-item]
    for i in order:
        it = items[i]
        seen[i] = state.observe(it.title, it.text)
        state.place(it.id, it.title or it.text[:200], seen[i], it.published)
    for _ in range(passes - 1):
        for i in order:
            it = items[i]
            state.leave(it.id, seen[i])
            state.place(it.id, it.title or it.text[:200], seen[i], it.published)
    return state
