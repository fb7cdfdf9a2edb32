"""Online story clustering, after Miranda et al. 2018 ("Multilingual Clustering of Streaming News").

Each arriving article is compared only with a few candidate stories: those sharing its rarest
stems or entities (an inverted index), within a time window when both sides have dates. For each
candidate a feature vector is built (TF-IDF cosines per channel with IDF kept incrementally, a
containment share that does not shrink with text length, time decay from the story's newest,
oldest and mean dates, size, nearest-neighbour features, and event evidence: the calendar days,
years, numbers and weekdays the text mentions agreeing or conflicting with the story's, and how
many of the article's key names the story lacks) and the learned logistic model scores it. The
best candidate takes the article when its probability beats the learned threshold (one for
headlines, one for full articles); otherwise a new story opens. A sentence vector of the title
and the start of the body (``semantic.py``) adds a cosine that does not need shared words,
which is most of the evidence two headlines have.

Nearest neighbours: a second inverted index over articles (each keeps its ``DOC_TERMS``
strongest stems) finds the placed articles closest to the new one; which stories they sit in
(the best cosine, its share of the neighbours' cosine, the single nearest) reads the same for
headlines and full articles, whereas a cosine with a whole story's centroid falls as the story
grows and is smaller for short texts. Only the newest ``DOC_SCAN`` entries of a posting are
scanned, so the cost per article is bounded.

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

from ..encoder import Encoder, load_encoder
from .model import FEATURES, MergeModel, load_model
from .semantic import DIM, embed, sem_text
from .text import CHANNELS, MARK_KINDS, TEXT_CHANNELS, Bags, bags, stem

#: Days over which the time-decay features fall to 1/e.
DECAY_DAYS = 7.0
#: Candidate stories whose newest article is further than this from the article are skipped.
WINDOW_DAYS = 30
#: Candidates scored per article; retrieval keys looked up per article.
MAX_CANDIDATES = 20
MAX_KEYS = 15
#: Index keys held by more stories than this are too common to retrieve by.
MAX_POSTING = 2000
#: Nearest earlier articles looked at per article; stems kept per article for that.
NEIGHBOURS = 10
DOC_TERMS = 40
#: Newest entries of a stem's article posting that are scanned (bounds the cost per article).
DOC_SCAN = 200
#: An article's highest-weighted entities, checked against a candidate story.
KEY_NAMES = 5


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
    n_short: int = 0  # members without a body (headlines)
    vsum: np.ndarray = field(default_factory=lambda: np.zeros(DIM, dtype=np.float32))

    @property
    def size(self) -> int:
        return len(self.members)

    def first_date(self) -> date | None:
        return date.fromordinal(self.first) if self.first else None

    def last_date(self) -> date | None:
        return date.fromordinal(self.last) if self.last else None


class StoryClusterer:
    """The state of an online clustering; ``add`` assigns one article and returns its story id."""

    def __init__(
        self,
        model: MergeModel | None = None,
        *,
        window_days: int = WINDOW_DAYS,
        encoder: Encoder | None = None,
    ):
        self.model = model or load_model()
        self.encoder = encoder
        self.window_days = window_days
        self.stories: list[Story] = []
        self.story_of: dict[str, int] = {}
        self.df: dict[str, dict[str, int]] = {c: defaultdict(int) for c in CHANNELS}
        self.n_docs = 0
        self._postings: dict[str, dict[int, int]] = defaultdict(dict)
        self._refresh_at = 64
        # Article-level index, for nearest neighbours: an article's strongest stems (raw
        # sublinear tf), its date, and stem -> article positions in arrival order.
        self._doc_pos: dict[str, int] = {}
        self._doc_ids: list[str] = []
        self._doc_vecs: list[dict[str, float]] = []
        self._doc_days: list[int | None] = []
        self._doc_postings: dict[str, list[int]] = defaultdict(list)

    def __getstate__(self) -> dict:
        # the encoder holds the model weights: a saved state takes the shipped one back
        return {k: v for k, v in self.__dict__.items() if k != "encoder"}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self.encoder = None

    def embed(self, pairs: list[tuple[str, str]]) -> np.ndarray:
        """Sentence vectors of (title, text) pairs, encoded in one batch."""
        return embed(self.encoder or load_encoder(), [sem_text(t, x) for t, x in pairs])

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

    def add_many(self, articles: Iterable[tuple[str, str, str, date | None]]) -> list[int]:
        """``add`` each (id, title, text, published) in turn, their sentence vectors encoded
        together (an encoder call per article costs several times a batched one); the
        result is that of adding them one by one."""
        batch = list(articles)
        vecs = self.embed([(t, x) for _, t, x, _ in batch])
        out = []
        for (doc_id, title, text, published), v in zip(batch, vecs, strict=True):
            b = self.observe(title, text, v)
            out.append(self.place(doc_id, title or text[:200], b, published))
        return out

    def observe(self, title: str, text: str, vec: np.ndarray | None = None) -> Bags:
        """An article's bags, counted into the document frequencies; ``vec``: its sentence
        vector when already encoded."""
        if vec is None:
            vec = self.embed([(title, text)])[0]
        b = bags(title, text, vec)
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
                if p[best] > self.model.threshold_for(b.short):
                    sid = cands[best]
        story = self._new_story() if sid is None else self.stories[sid]
        self._join(story, doc_id, title, b, day)
        if doc_id not in self._doc_pos:
            self._index_doc(doc_id, b, day)
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
        prepared = self._prepare(b)
        nbrs = self._neighbours(prepared["stem"], keys, day)
        ids = [s for s, _ in top]
        ids += [s for s in dict.fromkeys(s for _, s, _ in nbrs) if s not in set(ids)]
        total = sum(weights.values()) or 1.0
        nsum = sum(c for c, _, _ in nbrs) or 1.0
        rows = []
        for s in ids:
            mine = [c for c, n, _ in nbrs if n == s]
            nn = [
                max(mine, default=0.0),
                sum(mine) / nsum,
                1.0 if nbrs and nbrs[0][1] == s else 0.0,
            ]
            rows.append(self.features(prepared, self.stories[s], day, hits.get(s, 0.0) / total, nn))
        feats = np.array(rows, dtype=float).reshape(len(ids), len(FEATURES))
        return ids, feats

    def _neighbours(
        self,
        doc: tuple[list[tuple[str, float]], float, bool],
        keys,
        day: int | None,
        skip: int | None = None,
    ) -> list[tuple[float, int, int]]:
        """The article's nearest placed articles: (stem cosine, their story, their position),
        best first.

        Articles sharing its key stems are counted (newest ``DOC_SCAN`` per stem), the most
        shared get an exact cosine over their stored stems."""
        pairs, dnorm, _ = doc
        if dnorm <= 0.0:
            return []
        shared: dict[int, float] = defaultdict(float)
        for key, w in keys:
            if key.startswith("s:"):
                for j in self._doc_postings.get(key[2:], ())[-DOC_SCAN:]:
                    shared[j] += w
        df, n = self.df["stem"], self.n_docs + 1
        out = []
        for j, _ in heapq.nlargest(3 * NEIGHBOURS, shared.items(), key=lambda kv: kv[1]):
            sid = self.story_of.get(self._doc_ids[j])
            if sid is None or j == skip:  # the article itself (out for a re-pass, or asking)
                continue
            other = self._doc_days[j]
            if day is not None and other is not None and abs(day - other) > self.window_days:
                continue
            vec = self._doc_vecs[j]
            dot = sum(c * vec.get(t, 0.0) for t, c in pairs)
            if dot <= 0.0:
                continue
            n2 = sum((v * (math.log(n / (df.get(t, 0) + 1)) + 1.0)) ** 2 for t, v in vec.items())
            out.append((min(dot / (dnorm * math.sqrt(n2)), 1.0), sid, j))
        out.sort(key=lambda csj: -csj[0])
        return out[:NEIGHBOURS]

    def doc_neighbours(self, doc_id: str) -> list[tuple[float, str]]:
        """The nearest other placed articles of a placed article (cosine, id), from its
        stored stems."""
        pos = self._doc_pos[doc_id]
        vec = self._doc_vecs[pos]
        prepared = self._prepare(Bags({}, {}, vec, {}, {}))["stem"]
        keys = heapq.nlargest(
            MAX_KEYS,
            (("s:" + t, v * self.idf("stem", t)) for t, v in vec.items()),
            key=lambda kv: kv[1],
        )
        found = self._neighbours(prepared, keys, self._doc_days[pos], skip=pos)
        return [(c, self._doc_ids[j]) for c, _, j in found]

    def doc_stems(self, doc_id: str) -> dict[str, float]:
        """A placed article's strongest stems (sublinear tf), as kept for its neighbours."""
        return self._doc_vecs[self._doc_pos[doc_id]]

    def absorb(self, into: Story, other: Story) -> None:
        """Merge story ``other`` into ``into``; ``other`` stays as an empty slot."""
        n = self.n_docs + 1
        for c in CHANNELS:
            sums, df = into.sums[c], self.df[c]
            for t, v in other.sums[c].items():
                sums[t] = sums.get(t, 0.0) + v
            into.norm2[c] = sum(
                (v * (math.log(n / (df.get(t, 0) + 1)) + 1.0)) ** 2 for t, v in sums.items()
            )
            other.sums[c] = {}
            other.norm2[c] = 0.0
        for key in [*("s:" + t for t in into.sums["stem"]), *("e:" + t for t in into.sums["ent"])]:
            posting = self._postings.get(key)
            if posting and other.id in posting:
                posting[into.id] = posting.get(into.id, 0) + posting.pop(other.id)
        for doc_id in other.members:
            self.story_of[doc_id] = into.id
        into.members += other.members
        into.titles += other.titles
        into.days += other.days
        into.day_sum += other.day_sum
        into.n_dated += other.n_dated
        into.n_short += other.n_short
        into.vsum = into.vsum + other.vsum
        other.vsum = np.zeros(DIM, dtype=np.float32)
        dated = [d for d in into.days if d is not None]
        into.first, into.last = (min(dated), max(dated)) if dated else (None, None)
        other.members, other.titles, other.days = [], [], []
        other.day_sum = other.n_dated = other.n_short = 0
        other.first = other.last = None

    def _index_doc(self, doc_id: str, b: Bags, day: int | None) -> None:
        pos = len(self._doc_ids)
        vec = dict(
            heapq.nlargest(
                DOC_TERMS, b.stem.items(), key=lambda kv: kv[1] * self.idf("stem", kv[0])
            )
        )
        self._doc_pos[doc_id] = pos
        self._doc_ids.append(doc_id)
        self._doc_vecs.append(vec)
        self._doc_days.append(day)
        for t in vec:
            self._doc_postings[t].append(pos)

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
        out["marks"] = b.mark
        out["vec"] = b.vec
        # the article's own key names, for what the story lacks of them (``missing_names``)
        out["key_ents"] = heapq.nlargest(
            KEY_NAMES, b.ent, key=lambda t: b.ent[t] * self.idf("ent", t)
        )
        return out

    def features(
        self, prepared: dict, story: Story, day: int | None, share: float, nn: list[float]
    ) -> list[float]:
        """The feature row of (article, story), in the order of ``model.FEATURES``; ``nn``:
        the best neighbour cosine in the story, its share of the neighbours' cosine, and
        whether the nearest neighbour is in it."""
        cos = [self._cos(prepared[c], story, c) for c in TEXT_CHANNELS]
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
        sem = sem_cos(prepared["vec"], story.vsum)
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
            *nn,
            short * nn[0],
            *mark_features(prepared["marks"], story.sums["mark"], story.size),
            missing_names(prepared["key_ents"], story.sums["ent"]),
            sem,
            short * sem,
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
        s.n_short -= b.short
        if b.vec is not None:
            s.vsum = s.vsum - b.vec
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
        s.n_short += b.short
        if b.vec is not None:
            s.vsum = s.vsum + b.vec
        if day is not None:
            s.first = day if s.first is None else min(s.first, day)
            s.last = day if s.last is None else max(s.last, day)
            s.day_sum += day
            s.n_dated += 1
        self.story_of[doc_id] = s.id


def sem_cos(vec: np.ndarray | None, vsum: np.ndarray) -> float:
    """Cosine of a unit sentence vector with a story's summed member vectors."""
    if vec is None:
        return 0.0
    n = float(np.sqrt(vsum @ vsum))
    return max(float(vec @ vsum) / n, 0.0) if n > 1e-6 else 0.0


def missing_names(keys: list[str], names: dict[str, float]) -> float:
    """The share of an article's key names (its ``KEY_NAMES`` highest-weighted entities)
    that a story never mentions: a twin event has the same setting but its own protagonist
    (another coach fired, another ship attacked), which a cosine over all names dilutes."""
    return sum(1 for t in keys if t not in names) / len(keys) if keys else 0.0


def mark_features(mine: dict[str, float], sums: dict[str, float], size: int) -> list[float]:
    """Per marker kind (``MARK_KINDS``): agreement, the largest share of the story's members
    that mention one of the article's markers of that kind, and conflict, the share that
    mention some marker of that kind but not that one (0 when the article has none).
    Shares, not counts, so a story that grows does not come to agree with everything."""
    size = max(size, 1)
    out = []
    for k in MARK_KINDS:
        keys = [t for t in mine if t[0] == k]
        if not keys:
            out += [0.0, 0.0]
            continue
        agree = max(sums.get(t, 0.0) for t in keys) / size
        cover = sums.get("k:" + k, 0.0) / size
        out += [min(agree, 1.0), min(max(cover - agree, 0.0), 1.0)]
    return out


@dataclass(frozen=True, slots=True)
class Item:
    """An article as the clusterer needs it."""

    id: str
    title: str
    text: str
    published: date | None = None


def cluster(
    items: Iterable[Item],
    model: MergeModel | None = None,
    *,
    passes: int = 2,
    merge: bool | MergeModel = True,
    link: bool = True,
    encoder: Encoder | None = None,
) -> StoryClusterer:
    """A full (re-)clustering: dated articles in date order, undated ones after, as given.

    The first pass is the online one; each further pass takes every article out of its story
    and places it again against everything else (fixing what an early, thin story got wrong).
    Then the merge pass (``merge.py``; ``merge`` may name its model) joins stories left
    split, ending (``link``) with the average-link pass of ``linkage.py``. Stories emptied
    by a re-pass or a merge stay as empty slots so that ids remain stable.
    """
    items = list(items)
    order = sorted(
        range(len(items)),
        key=lambda i: (items[i].published is None, items[i].published or date.min, i),
    )
    state = StoryClusterer(model, encoder=encoder)
    vecs = state.embed([(it.title, it.text) for it in items])
    seen: list[Bags] = [None] * len(items)  # type: ignore[list-item]
    for i in order:
        it = items[i]
        seen[i] = state.observe(it.title, it.text, vecs[i])
        state.place(it.id, it.title or it.text[:200], seen[i], it.published)
    for _ in range(passes - 1):
        for i in order:
            it = items[i]
            state.leave(it.id, seen[i])
            state.place(it.id, it.title or it.text[:200], seen[i], it.published)
    if merge is not False:
        from .merge import merge_stories  # merge.py builds on this module

        merge_stories(state, None if merge is True else merge, link=link)
    return state
