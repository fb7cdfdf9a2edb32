"""Incremental LSH index over sentence-level MinHash sketches.

Copies are often one paragraph of an otherwise different article, so whole-document
sketches miss them; every sentence is sketched on its own and banded like datasketch's
``MinHashLSH``. A query returns, per indexed document, the sentence pairs that share a
band: the seeds for alignment. Adding a document never recomputes anything else.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .minhash import MinHasher, TokenHasher
from .shingles import Unit, units

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

    Keys are kept as one numpy array (not Python ints) because they are only read again
    to remove the document, and at 100k articles per-int objects dominate memory.
    """

    units: list[Unit]
    rows: np.ndarray  # int32: which units are sketched
    keys: np.ndarray  # uint64, shape (len(rows), bands)

    def band_keys(self) -> list[tuple[int, list[int]]]:
        """``(unit, [band key, ...])`` for each sketched unit."""
        return list(zip(self.rows.tolist(), self.keys.tolist(), strict=True))


class ReuseIndex:
    """LSH over sentence sketches, with ``add``, ``query`` and ``remove``.

    ``threshold`` is the Jaccard similarity of two sentences' content words at which they
    should collide; bands and rows are chosen from it. Sentences with fewer than
    ``min_words`` content words are not indexed (bylines, footers), and buckets holding
    more than ``max_bucket`` documents are ignored at query time (boilerplate).
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
        self._hasher = TokenHasher()
        self._minhash = MinHasher(self.bands * self.rows, seed)
        rng = np.random.default_rng(seed + 1)
        self._mult = rng.integers(0, 2**63, self.rows, dtype=np.uint64) * np.uint64(2) + np.uint64(
            1
        )
        self._band_salt = rng.integers(0, 2**63, self.bands, dtype=np.uint64)
        # band key -> indexed sentences, each packed as (document slot << UNIT_BITS) | sentence
        self._buckets: dict[int, list[int]] = {}
        self._docs: dict[Hashable, Sketch] = {}
        self._slots: list[Hashable | None] = []
        self._slot_of: dict[Hashable, int] = {}

    def __len__(self) -> int:
        return len(self._docs)

    def __contains__(self, doc_id: Hashable) -> bool:
        return doc_id in self._docs

    def sketch(self, text: str) -> Sketch:
        """Split ``text`` into sentences and compute their band keys."""
        return self.sketch_many([text])[0]

    def sketch_many(self, texts: Sequence[str]) -> list[Sketch]:
        """:meth:`sketch` for several texts with one vectorised MinHash call."""
        all_units = [units(t) for t in texts]
        big = [
            (d, i)
            for d, us in enumerate(all_units)
            for i, u in enumerate(us[:MAX_UNITS])
            if len(u.words) >= self.min_words
        ]
        if big:
            sigs = self._minhash.signatures([self._hasher(all_units[d][i].words) for d, i in big])
            sigs = sigs.astype(np.uint64).reshape(len(big), self.bands, self.rows)
            with np.errstate(over="ignore"):
                bk = (sigs * self._mult).sum(axis=2, dtype=np.uint64) + self._band_salt
        else:
            bk = np.zeros((0, self.bands), dtype=np.uint64)
        owner = np.fromiter((d for d, _ in big), dtype=np.int64, count=len(big))
        unit = np.fromiter((i for _, i in big), dtype=np.int32, count=len(big))
        cuts = np.searchsorted(owner, np.arange(len(texts) + 1))
        return [
            Sketch(us, unit[cuts[d] : cuts[d + 1]], bk[cuts[d] : cuts[d + 1]])
            for d, us in enumerate(all_units)
        ]

    def units(self, doc_id: Hashable) -> list[Unit]:
        """The sentences of an indexed document."""
        return self._docs[doc_id].units

    def query(self, sketch: Sketch) -> dict[Hashable, set[tuple[int, int]]]:
        """Indexed documents sharing a band with ``sketch``: ``{doc_id: {(i, j)}}`` where
        ``i`` is a sentence of the query and ``j`` one of the indexed document."""
        out: dict[int, set[tuple[int, int]]] = defaultdict(set)
        buckets, cap = self._buckets, self.max_bucket
        for i, ks in sketch.band_keys():
            for k in ks:
                hits = buckets.get(k)
                if not hits or len(hits) > cap:
                    continue
                for v in hits:
                    out[v >> UNIT_BITS].add((i, v & UNIT_MASK))
        return {self._slots[d]: seeds for d, seeds in out.items()}

    def add(self, doc_id: Hashable, sketch: Sketch) -> None:
        """Index ``sketch`` under ``doc_id`` (which must be new)."""
        if doc_id in self._docs:
            raise ValueError(f"document {doc_id!r} is already indexed")
        self._docs[doc_id] = sketch
        slot = self._slot_of[doc_id] = len(self._slots)
        self._slots.append(doc_id)
        buckets = self._buckets
        base = slot << UNIT_BITS
        for j, ks in sketch.band_keys():
            v = base | j
            for k in ks:
                hits = buckets.get(k)
                if hits is None:
                    buckets[k] = [v]
                else:
                    hits.append(v)

    def remove(self, doc_id: Hashable) -> None:
        """Forget ``doc_id``; a no-op when it is not indexed."""
        sketch = self._docs.pop(doc_id, None)
        if sketch is None:
            return
        slot = self._slot_of.pop(doc_id)
        self._slots[slot] = None
        for _, ks in sketch.band_keys():
            for k in ks:
                hits = self._buckets.get(k)
                if hits is None:
                    continue
                hits[:] = [v for v in hits if v >> UNIT_BITS != slot]
                if not hits:
                    del self._buckets[k]
