"""The similarity test: does one unit render another? Word alignment, word rarity, and the
clause a rendering sits in."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from rapidfuzz.distance import LCSseq

from newsprism.corpus.families.model import FamilyParams, QuoteRecord, Span
from newsprism.corpus.families.units import CLAUSE, TRIM, Unit, pair_key


@dataclass(frozen=True, slots=True)
class Match:
    score: float
    l_span: Span  # token range of the matched window in the longer unit


class Rarity:
    """How surprising a shared word is: log((N + B) / df) for a word in df of N quotes,
    with B made-up quotes that lack every word (so in a small corpus words count as rare).
    Words shared by chance between N quotes add up to about log(N + B), so a link needs
    more than that: three common words are no evidence in a large corpus, unless they
    also run in the same order, which is rarer (pairs of adjacent words count alike)."""

    def __init__(self, df: Counter[str], key_df: Counter[int], vocab: dict[str, int], total: float):
        self.floor = math.log(total)
        self._vocab = vocab
        self._word = {w: self.floor - math.log(n) for w, n in df.items()}
        self._key_df = key_df
        self._total = total

    def of(self, words: Iterable[str]) -> float:
        return sum(self._word.get(w, self.floor) for w in words)

    def of_keys(self, keys: Iterable[int]) -> float:
        return sum(math.log(self._total / max(1, self._key_df[k])) for k in keys)

    def of_run(self, s: Unit, lu: Unit, pairs: list[Span]) -> float:
        """Adjacent content words of ``s`` matched to adjacent content words of ``lu``."""
        hits = [(a, b) for a, b in pairs if s.content[a]]
        keys = []
        for (a1, b1), (a2, b2) in pairwise(hits):
            w1, w2 = s.toks[a1], s.toks[a2]
            if w1 != w2 and s.rank[a2] == s.rank[a1] + 1 and lu.rank[b2] == lu.rank[b1] + 1:
                keys.append(pair_key(self._vocab[w1], self._vocab[w2]))
        return self.of_keys(keys)

    def could_link(self, u: Unit, v: Unit) -> bool:
        """Whether ``_judge``'s rarity test can pass: an upper bound from every word and
        adjacent pair the two units share, computed before aligning them."""
        return (
            self.of(u.words & v.words) >= self.floor
            or self.of_keys(u.adjacent & v.adjacent) >= self.floor
        )


def _match(s: Unit, lu: Unit, params: FamilyParams, rarity: Rarity) -> Match | None:
    """Best window of ``lu`` that renders ``s``, if any passes the test."""
    if s.short:
        return _match_phrase(s, lu)
    wanted = s.words
    if len(wanted & lu.words) < params.content_cover * len(wanted):
        return None  # not enough shared content words in any order
    first_at: dict[str, int] = {}
    for i, t in enumerate(s.toks):
        first_at.setdefault(t, i)
    # windows of the longer unit, each placing the shorter one's start at a shared word
    starts = {max(0, j - first_at[t] - 2) for j, t in enumerate(lu.toks) if t in wanted}
    width = len(s.toks) + max(3, len(s.toks) // 2) + 2
    best: Match | None = None
    for st in sorted(starts):
        window = lu.toks[st : st + width]
        blocks = LCSseq.editops(s.toks, window).as_matching_blocks()
        pairs = [(b.a + k, b.b + st + k) for b in blocks for k in range(b.size)]
        if pairs:
            m = _judge(s, lu, pairs, wanted, params, rarity)
            if m is not None and (best is None or m.score > best.score):
                best = m
    return best


def _judge(
    s: Unit,
    lu: Unit,
    pairs: list[Span],
    wanted: frozenset[str],
    params: FamilyParams,
    rarity: Rarity,
) -> Match | None:
    matched_s = {a for a, _ in pairs}
    shared = {s.toks[a] for a in matched_s if s.content[a]}
    cover = len(shared) / len(wanted)
    tcover = len(pairs) / len(s.toks)
    if cover < params.content_cover or tcover < params.token_cover:
        return None
    floor = rarity.floor
    if rarity.of(shared) < floor and rarity.of_run(s, lu, pairs) < floor:
        return None  # what they share is common enough to be chance
    lo, hi = pairs[0][1], pairs[-1][1]
    matched_l = {b for _, b in pairs}
    names_s = any(s.proper[a] for a in range(len(s.toks)) if a not in matched_s)
    around = range(max(0, lo - 1), min(len(lu.toks), hi + 2))
    if names_s and any(lu.proper[j] for j in around if j not in matched_l):
        return None  # a different name in the same place: another quote
    return Match((cover + tcover) / 2, (lo, hi + 1))


def _match_phrase(s: Unit, lu: Unit) -> Match | None:
    """A quoted phrase renders part of ``lu`` when its content words are an unbroken run of
    ``lu``'s content words ("more stable and more predictable" in "a more stable,
    predictable relationship")."""
    want, _ = s.run
    have, at = lu.run
    k = len(want)
    best: Match | None = None
    for i in range(len(have) - k + 1):
        if have[i : i + k] == want:
            lo, hi = at[i], at[i + k - 1]
            ctx = lu.toks[max(0, lo - len(s.toks)) : hi + len(s.toks)]
            tcover = LCSseq.similarity(s.toks, ctx) / len(s.toks)
            m = Match((1.0 + tcover) / 2, (lo, hi + 1))
            if best is None or m.score > best.score:
                best = m
    return best


@dataclass(frozen=True, slots=True)
class Link:
    a: int  # record
    a_span: Span  # rendering, characters in record a's text
    b: int
    b_span: Span
    score: float
    a_phrase: bool = False  # side a is a quoted phrase, not a sentence
    b_phrase: bool = False

    @property
    def full(self) -> bool:
        return not (self.a_phrase or self.b_phrase)


def verify(
    u: Unit, v: Unit, recs: list[QuoteRecord], params: FamilyParams, rarity: Rarity
) -> Link | None:
    if u.short != v.short:
        orders = [(u, v) if u.short else (v, u)]  # the phrase is looked for in the sentence
    elif len(u.toks) != len(v.toks):
        orders = [(u, v) if len(u.toks) < len(v.toks) else (v, u)]
    else:
        orders = [(u, v), (v, u)]
    for s, lu in orders:
        m = _match(s, lu, params, rarity)
        if m is not None:
            l_span = _clause(recs[lu.rec].text, lu, m.l_span)
            return Link(s.rec, (s.start, s.end), lu.rec, l_span, m.score, s.short, lu.short)
    return None


def _clause(text: str, u: Unit, tokens: Span, reach: int = 8) -> Span:
    """The matched words of a long unit widened to the clause around them: to the nearest
    clause punctuation within ``reach`` words on each side, else to the unit's edge when
    that is as near, else not at all."""
    a, b = tokens
    start, end = u.offs[a][0], u.offs[b - 1][1]
    lo = u.offs[a - reach][0] if a > reach else u.start
    cuts = [m.end() for m in CLAUSE.finditer(text, lo, start)]
    if cuts:
        start = cuts[-1]
    elif a <= reach:
        start = u.start
    hi = u.offs[b - 1 + reach][1] if b + reach <= len(u.toks) else u.end
    stop = CLAUSE.search(text, end, hi)
    if stop:
        end = stop.start()
    elif b + reach > len(u.toks):
        end = u.end
    while start < end and text[start] in TRIM:
        start += 1
    while end > start and text[end - 1] in TRIM:
        end -= 1
    return start, end
