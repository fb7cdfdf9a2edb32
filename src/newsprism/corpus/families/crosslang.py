"""Renderings across languages, linked by a multilingual sentence encoder."""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict

from newsprism.corpus.encoder import Encoder
from newsprism.corpus.families.match import Link
from newsprism.corpus.families.model import FamilyParams, QuoteRecord
from newsprism.corpus.families.units import Unit


def _script(text: str) -> str:
    """The main script of a text, standing in for its language when none is given."""
    counts: Counter[str] = Counter()
    for ch in text:
        if ch.isalpha():
            counts[unicodedata.name(ch, "X").split()[0]] += 1
    return counts.most_common(1)[0][0].lower() if counts else "none"


def cross_links(
    recs: list[QuoteRecord], units: list[Unit], encoder: Encoder, params: FamilyParams
) -> list[Link]:
    """Links between units in different languages whose vectors are close. Compares each
    language's units with the other languages' only: a one-language corpus costs nothing,
    and within a language the word test decides."""
    import numpy as np

    langs: dict[str, list[int]] = defaultdict(list)
    for ui, u in enumerate(units):
        if len(u.toks) >= 4:  # a vector of two or three words says little
            r = recs[u.rec]
            langs[(r.lang or _script(r.text[u.start : u.end])).lower()].append(ui)
    if len(langs) < 2:
        return []
    names = sorted(langs)
    vecs = {}
    for lang in names:
        texts = [recs[units[i].rec].text[units[i].start : units[i].end] for i in langs[lang]]
        v = np.asarray(encoder.encode(texts), dtype=np.float32)
        vecs[lang] = v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-9)
    links = []
    for x, la in enumerate(names):
        for lb in names[x + 1 :]:
            for row in range(0, len(langs[la]), 1024):
                sims = vecs[la][row : row + 1024] @ vecs[lb].T
                for i, j in zip(*np.nonzero(sims >= params.cross_threshold), strict=True):
                    u, v = units[langs[la][row + i]], units[langs[lb][j]]
                    if u.rec != v.rec:
                        score = float(sims[i, j])
                        # the whole unit's meaning matched, not a phrase: a full link
                        links.append(Link(u.rec, (u.start, u.end), v.rec, (v.start, v.end), score))
    return links
