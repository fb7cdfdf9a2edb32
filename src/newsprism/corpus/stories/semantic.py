"""Sentence vectors for the story features: meaning that word overlap misses.

Two headlines of one event often share one word or none ("quake hits chile" / "strong tremor
shakes iquique"), so their TF-IDF cosine is near zero while a sentence encoder still places
them close. Full articles have enough words for the lexical channels; for headlines the vector
carries most of the evidence. The encoder is the corpus stages' shared one
(``newsprism.corpus.encoder``).

Only the title and the start of the body are encoded: the encoder reads a sentence or two, and
a bounded input keeps its cost per article constant (about 1 ms a headline in batches).
"""

from __future__ import annotations

import numpy as np

from newsprism.corpus.encoder import Encoder

#: Characters of the body (after the title) that go into an article's vector.
BODY_CHARS = 300
DIM = 512


def sem_text(title: str, body: str) -> str:
    """What is encoded of an article: its title and the first ``BODY_CHARS`` of the rest."""
    title = (title or "").strip()
    body = (body or "").strip()
    if title and title in body[: len(title) + 300]:
        body = body.replace(title, "", 1).strip()
    if not title:
        return body[: BODY_CHARS + 200]
    return f"{title}\n{body[:BODY_CHARS]}" if body else title


def embed(encoder: Encoder, texts: list[str]) -> np.ndarray:
    """Unit vectors (float32, one row per text); an empty text gets a zero row."""
    out = np.zeros((len(texts), DIM), dtype=np.float32)
    todo = [i for i, t in enumerate(texts) if t.strip()]
    if todo:
        v = np.asarray(encoder.encode([texts[i] for i in todo]), dtype=np.float32)
        norms = np.linalg.norm(v, axis=1, keepdims=True)
        out[todo] = v / np.where(norms > 0, norms, 1.0)
    return out
