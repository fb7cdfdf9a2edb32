"""Vectorised MinHash: all permutations at once over a batch of sets of 32-bit hashes.

The permutations are multiply-shift hashes (Dietzfelbinger et al.): the high 32 bits of
``a * x + b`` in wrapping uint64 arithmetic, ``a`` odd; no division, unlike the
``mod p`` family. One numpy expression computes every permutation of every element of a
block of sets (blocks small enough to stay in cache), and ``np.minimum.reduceat`` takes
the minimum per set.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Sequence
from itertools import chain

import numpy as np

BLOCK = 4096  # set elements per numpy block
EMPTY = np.uint32(0xFFFFFFFF)


def hash32(token: str) -> int:
    """A 32-bit hash of a string, stable across processes (unlike ``hash``). CRC-32 is
    enough here: its output only feeds the random permutations below."""
    return zlib.crc32(token.encode("utf-8"))


class TokenHasher(dict[str, int]):
    """Caches :func:`hash32` per token: vocabularies are small next to token counts."""

    def __missing__(self, token: str) -> int:
        h = self[token] = hash32(token)
        return h

    def __call__(self, tokens: Iterable[str]) -> list[int]:
        return list(map(self.__getitem__, tokens))


class MinHasher:
    """``num_perm`` MinHash permutations with a fixed seed."""

    def __init__(self, num_perm: int = 32, seed: int = 1) -> None:
        rng = np.random.default_rng(seed)
        self.num_perm = num_perm
        self.a = rng.integers(0, 2**63, num_perm, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
        self.b = rng.integers(0, 2**63, num_perm, dtype=np.uint64)

    def signatures(self, sets: Sequence[Sequence[int]]) -> np.ndarray:
        """One ``uint32`` signature row per set; an empty set gets all ``EMPTY``."""
        out = np.full((len(sets), self.num_perm), EMPTY, dtype=np.uint32)
        start = 0
        while start < len(sets):
            stop, size = start, 0
            while stop < len(sets) and (size < BLOCK or stop == start):
                size += len(sets[stop])
                stop += 1
            self._block(sets, start, stop, out)
            start = stop
        return out

    def signatures_flat(self, flat: np.ndarray, lens: np.ndarray) -> np.ndarray:
        """:meth:`signatures` of sets given as one array of elements (uint64) and the
        length of each set, all non-zero: no Python object per set."""
        out = np.empty((len(lens), self.num_perm), dtype=np.uint32)
        ends = np.cumsum(lens)
        starts = ends - lens
        i = 0
        while i < len(lens):
            # the sets up to BLOCK elements (at least one set)
            stop = min(len(lens), int(np.searchsorted(ends, starts[i] + BLOCK)) + 1)
            part = flat[starts[i] : ends[stop - 1]]
            with np.errstate(over="ignore"):
                hv = (part[:, None] * self.a + self.b) >> np.uint64(32)
            out[i:stop] = np.minimum.reduceat(hv, starts[i:stop] - starts[i], axis=0)
            i = stop
        return out

    def _block(self, sets: Sequence[Sequence[int]], start: int, stop: int, out: np.ndarray):
        part = sets[start:stop]
        lens = np.fromiter(map(len, part), dtype=np.int64, count=len(part))
        nonempty = np.flatnonzero(lens)
        if not len(nonempty):
            return
        flat = np.fromiter(chain.from_iterable(part), dtype=np.uint64, count=int(lens.sum()))
        with np.errstate(over="ignore"):
            hv = (flat[:, None] * self.a + self.b) >> np.uint64(32)
        starts = np.concatenate(([0], np.cumsum(lens[nonempty])[:-1]))
        out[start + nonempty] = np.minimum.reduceat(hv, starts, axis=0).astype(np.uint32)
