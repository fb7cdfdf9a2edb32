"""Incremental LSH index over sentence-level MinHash sketches.

Copies are often one paragraph of an otherwise different article, so whole-document
sketches miss them; every sentence is sketched on its own and banded like datasketch's
``MinHashLSH``. A query returns, per indexed document, the sentence pairs that share a
band: the seeds for alignment. Adding a document never recomputes anything else.

Memory is the constraint at 100k articles (millions of sentences, ten million band
keys), so nothing is kept as per-sentence Python objects:
  * a document's sentences are three numpy arrays (:class:`_Stored`), turned back into
    :class:`Unit` only when the document is a candidate;
  * band keys live in two sorted numpy arrays with a directory (``_Table``, ``_Run``),
    about 16 bytes an entry: new entries go to a small dict, which is sorted into the
    arrays when full.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, pairwise

import numpy as np

from .minhash import MinHasher
from .shingles import STOP, Unit, tokenise

UNIT_BITS = 12
UNIT_MASK = (1 << UNIT_BITS) - 1
MAX_UNITS = 1 << UNIT_BITS  # sentences past this in one document are not indexed


@lru_cache(maxsize=64)
def optimal_params(threshold: float, num_perm: int) -> tuple[int, int]:
    """``(bands, rows)`` minimising false positives + false negatives around ``threshold``
    (the same criterion as datasketch, equal weights)."""
    best, best_err = (1, num_perm), float("inf")
    below = np.linspace(0.0, threshold, 200)
    above = np.linspace(threshold, 1.0, 200)
    for b in range(1, num_perm + 1):
        for r in range(1, num_perm // b + 1):
            fp = np.trapezoid(1 - (1 - below**r) ** b, below)
            fn = np.trapezoid((1 - above**r) ** b, above)
            if fp + fn < best_err:
                best, best_err = (b, r), fp + fn
    return best


@dataclass(slots=True)
class Sketch:
    """A document's sentences and the band keys of the ones long enough to sketch.
    ``stored`` is the compact form the index keeps (made from ``units`` if missing)."""

    units: Sequence[Unit]
    rows: np.ndarray  # int32: which units are sketched
    keys: np.ndarray  # uint64, shape (len(rows), bands)
    stored: _Stored | None = None

    def band_keys(self) -> list[tuple[int, list[int]]]:
        """``(unit, [band key, ...])`` for each sketched unit."""
        return list(zip(self.rows.tolist(), self.keys.tolist(), strict=True))


class _Stored:
    """An indexed document's sentences in three arrays: ``meta`` (start, end, end of its
    words, end of its tokens; int32), ``words`` (uint32) and ``tokens`` (uint16)."""

    __slots__ = ("meta", "tokens", "words")

    def __init__(self, meta: np.ndarray, words: np.ndarray, tokens: np.ndarray) -> None:
        self.meta, self.words, self.tokens = meta, words, tokens

    @classmethod
    def from_units(cls, us: Sequence[Unit]) -> _Stored:
        meta = np.array(
            [(u.start, u.end, len(u.words), len(u.tokens)) for u in us], dtype=np.int32
        ).reshape(-1, 4)
        np.cumsum(meta[:, 2:], axis=0, out=meta[:, 2:])
        words = np.array(list(chain.from_iterable(u.words for u in us)), dtype=np.uint32)
        tokens = np.array(list(chain.from_iterable(u.tokens for u in us)), dtype=np.uint16)
        return cls(meta, words, tokens)

    def units(self) -> _LazyUnits:
        return _LazyUnits(self)

    def chars(self) -> int:
        """Characters in the document's sentences."""
        return int((self.meta[:, 1] - self.meta[:, 0]).sum())


class _LazyUnits(Sequence[Unit]):
    """The sentences of a stored document, each built on first access: most candidate
    documents are rejected after a look at the few sentences their seeds name."""

    __slots__ = ("_cache", "_doc", "_sets", "_word_ends")

    def __init__(self, doc: _Stored) -> None:
        self._doc = doc
        self._cache: list[Unit | None] = [None] * len(doc.meta)
        self._sets: list[frozenset[int] | None] = [None] * len(doc.meta)
        self._word_ends: list[int] | None = None

    def word_set(self, i: int) -> frozenset[int]:
        """The content words of sentence ``i`` alone: all that a seed check needs."""
        w = self._sets[i]
        if w is None:
            ends = self._word_ends
            if ends is None:
                ends = self._word_ends = [0, *self._doc.meta[:, 2].tolist()]
            w = self._sets[i] = frozenset(self._doc.words[ends[i] : ends[i + 1]].tolist())
        return w

    def word_sets(self) -> list[frozenset[int]]:
        """Every sentence's content words, without building the rest of each :class:`Unit`
        (alignment extends over all sentences but needs tokens only for its matches)."""
        sets = self._sets
        if None in sets:
            words = self._doc.words.tolist()
            w0 = 0
            for i, w1 in enumerate(self._doc.meta[:, 2].tolist()):
                if sets[i] is None:
                    sets[i] = frozenset(words[w0:w1])
                w0 = w1
        return sets  # type: ignore[return-value]

    def __len__(self) -> int:
        return len(self._cache)

    def chars(self) -> int:
        return self._doc.chars()

    def __iter__(self) -> Iterator[Unit]:
        # all of them: one conversion per array instead of one per sentence
        d, cache = self._doc, self._cache
        words, tokens = d.words.tolist(), d.tokens.tolist()
        w0 = t0 = 0
        for i, (start, end, w1, t1) in enumerate(d.meta.tolist()):
            u = cache[i]
            if u is None:
                u = cache[i] = Unit(start, end, frozenset(words[w0:w1]), tuple(tokens[t0:t1]))
            yield u
            w0, t0 = w1, t1

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self._cache)
        u = self._cache[i]
        if u is None:
            d = self._doc
            m = d.meta
            w0 = int(m[i - 1, 2]) if i else 0
            t0 = int(m[i - 1, 3]) if i else 0
            start, end, w1, t1 = m[i].tolist()
            w = self._sets[i]
            if w is None:
                w = self._sets[i] = frozenset(d.words[w0:w1].tolist())
            u = self._cache[i] = Unit(start, end, w, tuple(d.tokens[t0:t1].tolist()))
        return u


class _Run:
    """Entries sorted by key, with a directory: band keys are uniform 64-bit hashes, so
    their top bits spread them evenly, and ``start[t]`` is where the keys with top bits
    ``t`` begin. A lookup reads two directory cells and a few neighbouring keys, where a
    binary search over millions of keys would miss the cache at every step."""

    __slots__ = ("keys", "shift", "start", "vals")

    def __init__(self, keys: np.ndarray, vals: np.ndarray) -> None:
        self.keys, self.vals = keys, vals
        bits = max(1, len(keys).bit_length() - 1)  # one to two keys per cell
        self.shift = np.uint64(64 - bits)
        cells = np.bincount((keys >> self.shift).astype(np.int64), minlength=1 << bits)
        index = np.int32 if len(keys) < 2**31 else np.int64  # half the memory when it fits
        self.start = np.concatenate(([0], np.cumsum(cells))).astype(index)

    def __len__(self) -> int:
        return len(self.keys)

    def find(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``(which of keys, value)`` for every stored entry under one of ``keys``."""
        cell = (keys >> self.shift).astype(np.int64)
        lo = self.start[cell].astype(np.int64)
        n = self.start[cell + 1] - lo
        total = int(n.sum())
        if not total:
            return n[:0], self.vals[:0]
        # every position of every key's cell, flattened
        owner = np.repeat(np.arange(len(keys)), n)
        pos = np.arange(total) + np.repeat(lo - (np.cumsum(n) - n), n)
        hit = self.keys[pos] == keys[owner]
        return owner[hit], self.vals[pos[hit]]


class _Table:
    """A multimap from band key to packed sentence ids, append-only: ``hits`` returns, for
    each of many keys at once, its values if there are not too many."""

    FRESH = 1 << 16  # entries kept in the dict before they are sorted into an array
    # a second, smaller array takes each flush and is merged into the large one when it
    # reaches 1/GROWTH of it: queries look in two arrays, and the large one is copied
    # only when it has grown by that share
    GROWTH = 8

    def __init__(self) -> None:
        # the newest entries: the first value of each key, and any further values
        self._fresh: dict[int, int] = {}
        self._more: dict[int, list[int]] = {}
        self._n_fresh = 0
        self._runs: list[_Run] = []

    def __len__(self) -> int:
        return self._n_fresh + sum(map(len, self._runs))

    def add(self, keys: np.ndarray, values: np.ndarray, alive: np.ndarray) -> None:
        """Store ``values[i]`` under each key of row ``i`` of ``keys``."""
        fresh = self._fresh
        ks = keys.ravel().tolist()
        vs = np.repeat(values, keys.shape[1]).tolist()
        if len(set(ks)) == len(ks) and fresh.keys().isdisjoint(ks):
            fresh.update(zip(ks, vs, strict=True))  # the usual case: no Python loop
        else:
            more = self._more
            for k, v in zip(ks, vs, strict=True):
                if k in fresh:
                    more.setdefault(k, []).append(v)
                else:
                    fresh[k] = v
        self._n_fresh += len(ks)
        if self._n_fresh >= self.FRESH:
            self._flush(alive)

    def hits(self, keys: np.ndarray, cap: int) -> tuple[np.ndarray, np.ndarray]:
        """``(position in keys, value)`` arrays, one entry per value stored under one of
        ``keys`` (uint64), leaving out keys stored more than ``cap`` times."""
        where, vals = [], []
        for run in self._runs:
            w, v = run.find(keys)
            where.append(w)
            vals.append(v)
        fresh, more = self._fresh, self._more
        listed = keys.tolist()
        if not fresh.keys().isdisjoint(listed):  # a C-level test spares the loop most times
            fw: list[int] = []
            fv: list[int] = []
            for k, key in enumerate(listed):
                v = fresh.get(key)
                if v is not None:
                    extra = more.get(key, ())
                    fw.extend([k] * (1 + len(extra)))
                    fv.append(v)
                    fv.extend(extra)
            where.append(np.array(fw, dtype=np.int64))
            vals.append(np.array(fv, dtype=np.uint64))
        if not where:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.uint64)
        w, v = np.concatenate(where), np.concatenate(vals)
        # a key stored more than ``cap`` times is boilerplate
        keep = np.bincount(w, minlength=len(keys))[w] <= cap
        return w[keep], v[keep]

    def _flush(self, alive: np.ndarray) -> None:
        fresh, more = self._fresh, self._more
        extra = list(chain.from_iterable(more.values()))
        keys = np.array(
            [*fresh, *chain.from_iterable([k] * len(v) for k, v in more.items())],
            dtype=np.uint64,
        )
        vals = np.array([*fresh.values(), *extra], dtype=np.uint64)
        self._fresh, self._more, self._n_fresh = {}, {}, 0
        live = _live(vals, alive)
        keys, vals = keys[live], vals[live]
        order = np.argsort(keys)
        new = _Run(keys[order], vals[order])
        if len(self._runs) < 2:
            self._runs.append(new)
        else:
            self._runs[1] = _merge(self._runs[1], new, alive)
            if self.GROWTH * len(self._runs[1]) >= len(self._runs[0]):
                self._runs = [_merge(self._runs[0], self._runs[1], alive)]


def _live(vals: np.ndarray, alive: np.ndarray) -> np.ndarray:
    """Which packed values belong to documents still indexed."""
    return alive[(vals >> np.uint64(UNIT_BITS)).astype(np.int64)]


def _merge(old: _Run, new: _Run, alive: np.ndarray) -> _Run:
    """Two runs as one, without removed documents' entries, in linear time: each entry
    of ``new`` goes after the equal keys of ``old``."""
    k1, v1, k2, v2 = old.keys, old.vals, new.keys, new.vals
    at = np.searchsorted(k1, k2, "right") + np.arange(len(k2))
    keys = np.empty(len(k1) + len(k2), dtype=k1.dtype)
    vals = np.empty(len(keys), dtype=v1.dtype)
    mask = np.ones(len(keys), dtype=bool)
    mask[at] = False
    keys[at], vals[at] = k2, v2
    keys[mask], vals[mask] = k1, v1
    live = _live(vals, alive)
    if not live.all():
        keys, vals = keys[live], vals[live]
    return _Run(keys, vals)


class ReuseIndex:
    """LSH over sentence sketches, with ``add``, ``query`` and ``remove``.

    ``threshold`` is the Jaccard similarity of two sentences' content words at which they
    should collide; bands and rows are chosen from it. Sentences with fewer than
    ``min_words`` content words are not indexed (bylines, footers), and buckets holding
    more than ``max_bucket`` sentences are ignored at query time (boilerplate).
    """

    def __init__(
        self,
        threshold: float = 0.5,
        num_perm: int = 32,
        *,
        min_words: int = 4,
        max_bucket: int = 40,
        seed: int = 1,
    ) -> None:
        self.threshold = threshold
        self.bands, self.rows = optimal_params(threshold, num_perm)
        self.min_words = min_words
        self.max_bucket = max_bucket
        self._minhash = MinHasher(self.bands * self.rows, seed)
        rng = np.random.default_rng(seed + 1)
        self._mult = rng.integers(0, 2**63, self.rows, dtype=np.uint64) * np.uint64(2) + np.uint64(
            1
        )
        self._band_salt = rng.integers(0, 2**63, self.bands, dtype=np.uint64)
        # band key -> indexed sentences, each packed as (document slot << UNIT_BITS) | sentence
        self._table = _Table()
        self._docs: dict[Hashable, _Stored] = {}
        self._slots: list[Hashable | None] = []
        self._slot_of: dict[Hashable, int] = {}
        self._alive = np.zeros(1024, dtype=bool)  # per slot: removed documents are False

    def __len__(self) -> int:
        return len(self._docs)

    def __contains__(self, doc_id: Hashable) -> bool:
        return doc_id in self._docs

    def sketch(self, text: str) -> Sketch:
        """Split ``text`` into sentences and compute their band keys."""
        return self.sketch_many([text])[0]

    def sketch_many(self, texts: Sequence[str]) -> list[Sketch]:
        """:meth:`sketch` for several texts: tokens, content-word sets, MinHash and the
        stored arrays are computed for all of them at once, in numpy."""
        tk = tokenise(texts)
        n_sent = np.array(tk.sentences, dtype=np.int64)
        counts = np.array(tk.counts, dtype=np.int64)
        codes = np.array(tk.codes, dtype=np.uint64)
        n = len(counts)
        tokens = (codes & np.uint64(0xFFFF)).astype(np.uint16)
        # content words: per sentence, the distinct codes without the function-word bit
        sid = np.repeat(np.arange(n, dtype=np.uint64), counts)
        content = codes < np.uint64(STOP)
        pairs = np.unique((sid[content] << np.uint64(32)) | codes[content])
        words = (pairs & np.uint64(0xFFFFFFFF)).astype(np.uint32)
        n_words = np.bincount((pairs >> np.uint64(32)).astype(np.int64), minlength=n)
        # per document: first sentence, first word, first token
        s0 = np.concatenate(([0], np.cumsum(n_sent)))
        w_end, t_end = np.cumsum(n_words), np.cumsum(counts)
        w0 = np.concatenate(([0], w_end))[s0]
        t0 = np.concatenate(([0], t_end))[s0]
        doc = np.repeat(np.arange(len(texts)), n_sent)
        meta = np.empty((n, 4), dtype=np.int32)
        meta[:, :2] = np.array(tk.spans, dtype=np.int32).reshape(-1, 2)
        meta[:, 2] = w_end - w0[doc]
        meta[:, 3] = t_end - t0[doc]
        local = np.arange(n) - s0[doc]
        sketched = (n_words >= max(self.min_words, 1)) & (local < MAX_UNITS)
        big = np.flatnonzero(sketched)
        if len(big):
            sel = np.repeat(sketched, n_words)
            sigs = self._minhash.signatures_flat(words[sel].astype(np.uint64), n_words[big])
            sigs = sigs.astype(np.uint64).reshape(len(big), self.bands, self.rows)
            with np.errstate(over="ignore"):
                bk = (sigs * self._mult).sum(axis=2, dtype=np.uint64) + self._band_salt
        else:
            bk = np.zeros((0, self.bands), dtype=np.uint64)
        unit = local[big].astype(np.int32)
        cuts = np.searchsorted(doc[big], np.arange(len(texts) + 1))
        out = []
        for d in range(len(texts)):
            a, b = s0[d], s0[d + 1]
            st = _Stored(meta[a:b], words[w0[d] : w0[d + 1]], tokens[t0[d] : t0[d + 1]])
            out.append(
                Sketch(st.units(), unit[cuts[d] : cuts[d + 1]], bk[cuts[d] : cuts[d + 1]], st)
            )
        return out

    def units(self, doc_id: Hashable) -> Sequence[Unit]:
        """The sentences of an indexed document (built lazily, one by one). Not cached
        across queries: keeping the last thousand candidates' sentences saved no time
        at 40k articles, candidates rarely recur soon enough."""
        return self._docs[doc_id].units()

    def query(self, sketch: Sketch) -> dict[Hashable, set[tuple[int, int]]]:
        """Indexed documents sharing a band with ``sketch``: ``{doc_id: {(i, j)}}`` where
        ``i`` is a sentence of the query and ``j`` one of the indexed document."""
        if not len(sketch.rows):
            return {}
        q, v = self._table.hits(sketch.keys.ravel(), self.max_bucket)
        slot = (v >> np.uint64(UNIT_BITS)).astype(np.int64)
        live = self._alive[slot]
        slot, q, v = slot[live], q[live], v[live]
        i = sketch.rows[q // self.bands].astype(np.int64)
        j = (v & np.uint64(UNIT_MASK)).astype(np.int64)
        # distinct (document, i, j), grouped by document
        packed = np.sort((slot << (2 * UNIT_BITS)) | (i << UNIT_BITS) | j)
        if len(packed) > 1:  # np.unique costs more on arrays this small
            packed = packed[np.concatenate(([True], packed[1:] != packed[:-1]))]
        slots = (packed >> (2 * UNIT_BITS)).tolist()
        ii = ((packed >> UNIT_BITS) & UNIT_MASK).tolist()
        jj = (packed & UNIT_MASK).tolist()
        cuts = [0, *(np.flatnonzero(np.diff(packed >> (2 * UNIT_BITS))) + 1).tolist(), len(slots)]
        return {
            self._slots[slots[a]]: set(zip(ii[a:b], jj[a:b], strict=True))
            for a, b in pairwise(cuts)
            if b > a
        }

    def add(self, doc_id: Hashable, sketch: Sketch) -> None:
        """Index ``sketch`` under ``doc_id`` (which must be new)."""
        if doc_id in self._docs:
            raise ValueError(f"document {doc_id!r} is already indexed")
        stored = sketch.stored
        if stored is None:
            stored = _Stored.from_units(sketch.units)
        self._docs[doc_id] = stored
        slot = self._slot_of[doc_id] = len(self._slots)
        self._slots.append(doc_id)
        if slot >= len(self._alive):
            self._alive = np.concatenate((self._alive, np.zeros_like(self._alive)))
        self._alive[slot] = True
        packed = sketch.rows.astype(np.uint64) | np.uint64(slot << UNIT_BITS)
        self._table.add(sketch.keys, packed, self._alive)

    def remove(self, doc_id: Hashable) -> None:
        """Forget ``doc_id``; a no-op when it is not indexed. Its band entries stay until
        their array is next merged, but queries no longer return them."""
        if self._docs.pop(doc_id, None) is None:
            return
        slot = self._slot_of.pop(doc_id)
        self._slots[slot] = None
        self._alive[slot] = False
