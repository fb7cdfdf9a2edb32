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

Time is the other constraint: the chance that some unrelated sentence shares a band with
a query sentence grows with the index, so candidates per article grow linearly with the
corpus (on the benchmark's scale corpus, 5 per article over the first 10k articles and 27
over the last 10k of 100k, with 0.7 of them real in both). All indexed documents'
content words therefore sit in one array (``_words``), so that a query checks every
colliding sentence pair against :func:`align`'s seed rule in a few numpy operations, and
only documents with a real seed cost a Python call (about one per article at 10k and at
100k). ``add_many`` answers a batch of articles with one search of the index, as if they
had been queried and added one by one: numpy's cost per call outweighed the work of one
article's search.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, pairwise

import numpy as np

from .align import AlignParams, seed_mask
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
    """A document's sentences in three arrays: ``meta`` (start, end, end of its words, end
    of its tokens; int32), ``words`` (uint32) and ``tokens`` (uint16)."""

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


class _Grow:
    """A 1-d array appended to in place, its capacity grown by half when full (amortised
    constant time per element). Pickled without the spare capacity."""

    __slots__ = ("arr", "n")

    def __init__(self, dtype: type) -> None:
        self.arr = np.zeros(1024, dtype=dtype)
        self.n = 0

    def __len__(self) -> int:
        return self.n

    def extend(self, values: np.ndarray) -> None:
        k = len(values)
        if self.n + k > len(self.arr):
            new = np.empty(max(len(self.arr) * 3 // 2, self.n + k), dtype=self.arr.dtype)
            new[: self.n] = self.arr[: self.n]
            self.arr = new
        self.arr[self.n : self.n + k] = values
        self.n += k

    def __getstate__(self) -> np.ndarray:
        return self.arr[: self.n].copy()

    def __setstate__(self, arr: np.ndarray) -> None:
        self.arr, self.n = arr, len(arr)


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

    FRESH = 1 << 16  # entries kept in the dict before they are sorted into an array ...
    SHARE = 64  # ... or 1/SHARE of the entries in the arrays, if that is more
    # a second, smaller array takes each flush and is merged into the large one when it
    # reaches 1/GROWTH of it: queries look in two arrays, and the large one is copied
    # only when it has grown by that share. The second array is copied at every flush,
    # so with flushes of a fixed size the copying grew with the square of the index (7%
    # of the profiled time of the last 10k articles of 100k); flushes of a fixed share
    # of it make it at most SHARE / GROWTH copies of the second array per copy of the
    # large one
    GROWTH = 8

    def __init__(self) -> None:
        # the newest entries: the first value of each key, and any further values
        self._fresh: dict[int, int] = {}
        self._more: dict[int, list[int]] = {}
        self._n_fresh = 0
        self._runs: list[_Run] = []
        self._n_runs = 0  # entries in the arrays

    def __len__(self) -> int:
        return self._n_fresh + self._n_runs

    def add(self, keys: np.ndarray, values: np.ndarray, alive: np.ndarray) -> None:
        """Store ``values[i]`` under each key of row ``i`` of ``keys``."""
        fresh, more = self._fresh, self._more
        ks, vs = keys.ravel(), np.repeat(values, keys.shape[1])
        # the first entry of each key (in order) and the further ones
        order = np.argsort(ks, kind="stable")
        first = np.concatenate(([True], ks[order][1:] != ks[order][:-1]))[: len(ks)]
        k1, v1 = ks[order[first]], vs[order[first]]
        again = fresh.keys() & k1.tolist()  # keys already there: few, found at C speed
        if again:
            seen = np.isin(k1, np.fromiter(again, dtype=np.uint64, count=len(again)))
            for k, v in zip(k1[seen].tolist(), v1[seen].tolist(), strict=True):
                more.setdefault(k, []).append(v)
            k1, v1 = k1[~seen], v1[~seen]
        fresh.update(zip(k1.tolist(), v1.tolist(), strict=True))
        rest = order[~first]
        for k, v in zip(ks[rest].tolist(), vs[rest].tolist(), strict=True):
            more.setdefault(k, []).append(v)
        self._n_fresh += len(ks)
        if self._n_fresh >= max(self.FRESH, self._n_runs // self.SHARE):
            self._flush(alive)

    def hits(
        self, keys: np.ndarray, cap: int, extra: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(position in keys, value)`` arrays, one entry per value stored under one of
        ``keys`` (uint64), leaving out keys stored more than ``cap`` times (counting
        ``extra[k]`` more entries under ``keys[k]``), and the count for each key."""
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
                    further = more.get(key, ())
                    fw.extend([k] * (1 + len(further)))
                    fv.append(v)
                    fv.extend(further)
            where.append(np.array(fw, dtype=np.int64))
            vals.append(np.array(fv, dtype=np.uint64))
        if where:
            w, v = np.concatenate(where), np.concatenate(vals)
        else:
            w, v = np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.uint64)
        count = np.bincount(w, minlength=len(keys))
        if extra is not None:
            count += extra
        # a key stored more than ``cap`` times is boilerplate
        keep = count[w] <= cap
        return w[keep], v[keep], count

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
        self._n_runs = sum(map(len, self._runs))


def _sentence_words(sketches: Sequence[Sketch]) -> tuple[np.ndarray, np.ndarray]:
    """The content words of the sketches' sentences, numbered through all of them: the
    count per sentence and sorted ``(sentence << 32) | word`` keys."""
    stored = [
        sk.stored if sk.stored is not None else _Stored.from_units(sk.units) for sk in sketches
    ]
    q_len = np.concatenate([np.diff(st.meta[:, 2].astype(np.int64), prepend=0) for st in stored])
    words = np.concatenate([st.words for st in stored]).astype(np.uint64)
    q_keys = np.repeat(np.arange(len(q_len), dtype=np.uint64), q_len) << np.uint64(32)
    return q_len, np.sort(q_keys | words)  # sorted already when sketched in one batch


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
        # the content words of every indexed sentence, in order of indexing: sentence g
        # (global number) has ``_words[_wend[g]:_wend[g + 1]]``, and the first sentence
        # of the document in a slot is ``_first[slot]``
        self._words = _Grow(np.uint32)
        self._wend = _Grow(np.int64)
        self._wend.extend(np.zeros(1, dtype=np.int64))
        self._first = _Grow(np.int64)
        # per document, the rest of its ``_Stored``: (meta, tokens). A tuple of arrays,
        # unlike an object, is not tracked by the garbage collector (with these and the
        # finder's metadata as objects, its full passes took 2.5 s of a 100k-article run;
        # 1 s without)
        self._docs: dict[Hashable, tuple[np.ndarray, np.ndarray]] = {}
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
        # sort and drop repeats: np.unique (hash-based in numpy 2) took ten times longer
        pairs = np.sort((sid[content] << np.uint64(32)) | codes[content])
        pairs = pairs[np.concatenate(([True], pairs[1:] != pairs[:-1]))[: len(pairs)]]
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
        meta, tokens = self._docs[doc_id]
        g = int(self._first.arr[self._slot_of[doc_id]])
        wend = self._wend.arr
        return _Stored(meta, self._words.arr[wend[g] : wend[g + len(meta)]], tokens).units()

    def query(
        self, sketch: Sketch, params: AlignParams | None = None
    ) -> dict[Hashable, set[tuple[int, int]]]:
        """Indexed documents sharing a band with ``sketch``: ``{doc_id: {(i, j)}}`` where
        ``i`` is a sentence of the query and ``j`` one of the indexed document. With
        ``params``, only the pairs :func:`align` would keep as seeds under them (and only
        the documents left with one)."""
        if not len(sketch.rows):
            return {}
        q, v, _ = self._table.hits(sketch.keys.ravel(), self.max_bucket)
        slot = (v >> np.uint64(UNIT_BITS)).astype(np.int64)
        live = self._alive[slot]
        slot, q, v = slot[live], q[live], v[live]
        i = sketch.rows[q // self.bands].astype(np.int64)
        j = (v & np.uint64(UNIT_MASK)).astype(np.int64)
        # distinct (document, i, j), grouped by document
        packed = np.sort((slot << (2 * UNIT_BITS)) | (i << UNIT_BITS) | j)
        if len(packed) > 1:  # np.unique costs more on arrays this small
            packed = packed[np.concatenate(([True], packed[1:] != packed[:-1]))]
        if params is not None and len(packed):
            q_len, q_keys = _sentence_words([sketch])
            i = (packed >> UNIT_BITS) & UNIT_MASK
            counts = self._seeds(q_len, q_keys, i, packed >> (2 * UNIT_BITS), packed & UNIT_MASK)
            packed = packed[seed_mask(*counts, params)]
        slots = (packed >> (2 * UNIT_BITS)).tolist()
        ii = ((packed >> UNIT_BITS) & UNIT_MASK).tolist()
        jj = (packed & UNIT_MASK).tolist()
        cuts = [0, *(np.flatnonzero(np.diff(packed >> (2 * UNIT_BITS))) + 1).tolist(), len(slots)]
        return {
            self._slots[slots[a]]: set(zip(ii[a:b], jj[a:b], strict=True))
            for a, b in pairwise(cuts)
            if b > a
        }

    def _seeds(
        self, q_len: np.ndarray, q_keys: np.ndarray, i: np.ndarray, slot: np.ndarray, j: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """``(shared, union)`` content-word counts of the sentence pairs (query sentence
        ``i``, sentence ``j`` of the indexed document in ``slot``), from the query side's
        words per sentence and sorted (sentence, word) keys (see :func:`_sentence_words`):
        each word of sentence ``j`` is looked up among the keys, keyed by ``i``."""
        g = self._first.arr[slot] + j
        b0 = self._wend.arr[g]
        b_len = self._wend.arr[g + 1] - b0
        # every word of every indexed sentence named, flattened, with its pair's number
        owner = np.repeat(np.arange(len(g)), b_len)
        pos = np.arange(int(b_len.sum())) + np.repeat(b0 - (np.cumsum(b_len) - b_len), b_len)
        keys = (i[owner].astype(np.uint64) << np.uint64(32)) | self._words.arr[pos]
        at = np.minimum(np.searchsorted(q_keys, keys), max(len(q_keys) - 1, 0))
        found = q_keys[at] == keys if len(q_keys) else np.zeros(len(keys), dtype=bool)
        shared = np.bincount(owner[found], minlength=len(g))
        return shared, q_len[i] + b_len - shared

    def add(self, doc_id: Hashable, sketch: Sketch) -> None:
        """Index ``sketch`` under ``doc_id`` (which must be new)."""
        if doc_id in self._docs:
            raise ValueError(f"document {doc_id!r} is already indexed")
        slot = self._register(doc_id, sketch)
        packed = sketch.rows.astype(np.uint64) | np.uint64(slot << UNIT_BITS)
        self._table.add(sketch.keys, packed, self._alive)

    def _register(self, doc_id: Hashable, sketch: Sketch) -> int:
        """Store a document's sentences and give it a slot; its band keys are not added."""
        stored = sketch.stored
        if stored is None:
            stored = _Stored.from_units(sketch.units)
        # the words go to the shared array; the sketch's own are left as they are
        self._first.extend(np.array([len(self._wend) - 1], dtype=np.int64))
        self._wend.extend(stored.meta[:, 2].astype(np.int64) + len(self._words))
        self._words.extend(stored.words)
        self._docs[doc_id] = (stored.meta, stored.tokens)
        slot = self._slot_of[doc_id] = len(self._slots)
        self._slots.append(doc_id)
        if slot >= len(self._alive):
            self._alive = np.concatenate((self._alive, np.zeros_like(self._alive)))
        self._alive[slot] = True
        return slot

    def add_many(
        self,
        doc_ids: Sequence[Hashable],
        sketches: Sequence[Sketch],
        params: AlignParams | None = None,
    ) -> list[dict[Hashable, set[tuple[int, int]]]]:
        """Add the documents one after the other, each with what :meth:`query` (with
        ``params``) would return just before it is added: the same answers as alternating
        ``query`` and ``add``, but the index is searched once for the whole batch, in
        numpy, and the pairs within the batch are found by sorting its band keys.
        Per-document calls cost more in numpy's overhead than in work at this size.
        (One difference: removed documents' entries count towards ``max_bucket`` until
        their array is next merged, and a batch may delay a merge.)"""
        if len(set(doc_ids)) < len(doc_ids) or any(d in self._docs for d in doc_ids):
            raise ValueError("documents must be new and distinct")
        n_docs, bands, cap = len(sketches), self.bands, self.max_bucket
        first_slot = len(self._slots)
        slots = [self._register(d, sk) for d, sk in zip(doc_ids, sketches, strict=True)]
        out: list[dict[Hashable, set[tuple[int, int]]]] = [{} for _ in range(n_docs)]
        n_rows = np.array([len(sk.rows) for sk in sketches], dtype=np.int64)
        if n_rows.sum():
            # every band key of the batch, with its document and sentence
            keys = np.concatenate([sk.keys for sk in sketches]).ravel()
            doc = np.repeat(np.repeat(np.arange(n_docs), n_rows), bands)
            unit = np.repeat(np.concatenate([sk.rows for sk in sketches]).astype(np.int64), bands)
            # within the batch: for each key, the entries of earlier documents (a stable
            # sort keeps document order among equal keys)
            order = np.argsort(keys, kind="stable")
            sk_, sd = keys[order], doc[order]
            at = np.arange(len(order))
            new_key = np.concatenate(([True], sk_[1:] != sk_[:-1]))
            new_doc = new_key | np.concatenate(([True], sd[1:] != sd[:-1]))
            g0 = np.maximum.accumulate(np.where(new_key, at, 0))  # first entry of its key
            earlier = np.maximum.accumulate(np.where(new_doc, at, 0)) - g0
            before = np.empty_like(earlier)
            before[order] = earlier
            # the index before the batch; the cap counts the batch's earlier entries too
            w, v, count = self._table.hits(keys, cap, before)
            slot = (v >> np.uint64(UNIT_BITS)).astype(np.int64)
            live = self._alive[slot]
            w, slot, j = w[live], slot[live], (v[live] & np.uint64(UNIT_MASK)).astype(np.int64)
            # pairs within the batch: each entry with every earlier document's entry
            p = np.flatnonzero((count[order] <= cap) & (earlier > 0))
            n = earlier[p]
            a = order[np.repeat(p, n)]
            b = order[np.arange(int(n.sum())) + np.repeat(g0[p] - (np.cumsum(n) - n), n)]
            qd = np.concatenate((doc[w], doc[a]))
            qi = np.concatenate((unit[w], unit[a]))
            slot = np.concatenate((slot, first_slot + doc[b]))
            j = np.concatenate((j, unit[b]))
            # distinct (query document, indexed document, i, j), in that order
            packed = (slot << (2 * UNIT_BITS)) | (qi << UNIT_BITS) | j
            by = np.lexsort((packed, qd))
            qd, packed = qd[by], packed[by]
            if len(packed) > 1:
                same = (packed[1:] == packed[:-1]) & (qd[1:] == qd[:-1])
                keep = np.concatenate(([True], ~same))
                qd, packed = qd[keep], packed[keep]
            if params is not None and len(packed):
                q_len, q_keys = _sentence_words(sketches)
                s0 = np.concatenate(([0], np.cumsum([len(sk.units) for sk in sketches])))
                i = (packed >> UNIT_BITS) & UNIT_MASK
                slot = packed >> (2 * UNIT_BITS)
                keep = seed_mask(
                    *self._seeds(q_len, q_keys, s0[qd] + i, slot, packed & UNIT_MASK), params
                )
                qd, packed = qd[keep], packed[keep]
            self._group(qd, packed, out)
        if n_rows.sum():
            rows = np.concatenate([sk.rows for sk in sketches]).astype(np.uint64)
            slot_of_row = np.repeat(np.array(slots, dtype=np.uint64), n_rows)
            packed = (slot_of_row << np.uint64(UNIT_BITS)) | rows
            self._table.add(np.concatenate([sk.keys for sk in sketches]), packed, self._alive)
        return out

    def _group(self, qd: np.ndarray, packed: np.ndarray, out: list[dict]) -> None:
        """Fill ``out[d]`` with ``{doc_id: {(i, j)}}`` from pairs sorted by (d, packed)."""
        docs = qd.tolist()
        slots = (packed >> (2 * UNIT_BITS)).tolist()
        ii = ((packed >> UNIT_BITS) & UNIT_MASK).tolist()
        jj = (packed & UNIT_MASK).tolist()
        change = (np.diff(packed >> (2 * UNIT_BITS)) != 0) | (np.diff(qd) != 0)
        cuts = [0, *(np.flatnonzero(change) + 1).tolist(), len(slots)]
        for a, b in pairwise(cuts):
            if b > a:
                out[docs[a]][self._slots[slots[a]]] = set(zip(ii[a:b], jj[a:b], strict=True))

    def remove(self, doc_id: Hashable) -> None:
        """Forget ``doc_id``; a no-op when it is not indexed. Its band entries stay until
        their array is next merged, and its words for good (nothing removes documents
        often), but queries no longer return them."""
        if self._docs.pop(doc_id, None) is None:
            return
        slot = self._slot_of.pop(doc_id)
        self._slots[slot] = None
        self._alive[slot] = False
