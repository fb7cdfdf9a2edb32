"""Comparison units: a quote's sentences and quoted stretches, their words and index keys."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from itertools import accumulate, pairwise

from spacy.lang.en.stop_words import STOP_WORDS as _EN_STOP
from spacy.lang.ru.stop_words import STOP_WORDS as _RU_STOP

from newsprism.corpus.families.model import FamilyParams, Span

_WORD = re.compile(r"\w+(?:['’]\w+)*")
_STOP = frozenset(_EN_STOP) | frozenset(_RU_STOP)
# pairs of marks around a quoted stretch; an opening mark left open runs to the end
_QUOTED = re.compile(r"“([^“”]+)(?:”|$)|«([^«»]+)(?:»|$)|„([^„“”]+)(?:[“”]|$)|\"([^\"]+)(?:\"|$)")
_SENT_END = re.compile(r"[.!?…]+[\"”»’')\]]*\s+(?=[\"“«„‘(\[]?[A-ZА-ЯЁ0-9])")
CLAUSE = re.compile(r"[,;:—–()\[\]\"“”«»„]")
TRIM = " \t\n\"“”«»„‘’'–—-"


def _norm(word: str) -> str:
    """Lower case, no possessive, no plural `s`: the forms rewrites change."""
    w = word.lower()
    if w.endswith(("'s", "’s")):
        w = w[:-2]
    if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
        w = w[:-1]
    return w


def _is_content(word: str) -> bool:
    w = word.lower().replace("’", "'")
    return not (w in _STOP or w.split("'")[0] in _STOP or (len(w) == 1 and not w.isdigit()))


@functools.lru_cache(maxsize=200_000)
def _word(word: str) -> tuple[str, bool]:
    """A word's normal form and whether it carries content; cached, words repeat a lot."""
    return _norm(word), _is_content(word)


@dataclass(slots=True)
class Unit:
    rec: int
    start: int  # character offsets in the record's text
    end: int
    toks: list[str]
    offs: list[Span]
    content: list[bool]
    proper: list[bool]  # capitalised content word not opening the unit
    rank: list[int]  # content words up to each token, less one (a content word's place)
    short: bool
    run: tuple[list[str], list[int]] = ([], [])  # see content_run
    words: frozenset[str] = frozenset()  # distinct content words
    adjacent: frozenset[int] = frozenset()  # keys of pairs of adjacent content words
    pairs: list[int] = field(default_factory=list)  # index keys, see index_keys
    triples: list[int] = field(default_factory=list)


def _segments(text: str) -> list[Span]:
    """The sentences of a quote, and of each quoted stretch inside it."""
    spans: list[Span] = [(0, len(text))]
    for m in _QUOTED.finditer(text):
        g = next(i for i in range(1, 5) if m.group(i) is not None)
        spans.append((m.start(g), m.end(g)))
    out: list[Span] = []
    for s, e in spans:
        cuts = [s, *(m.end() for m in _SENT_END.finditer(text, s, e)), e]
        for a, b in pairwise(cuts):
            while a < b and text[a] in TRIM:
                a += 1
            while b > a and text[b - 1] in TRIM:
                b -= 1
            if b > a:
                out.append((a, b))
    return list(dict.fromkeys(out))


def make_units(rec: int, text: str, params: FamilyParams) -> list[Unit]:
    units = []
    for s, e in _segments(text):
        words = list(_WORD.finditer(text, s, e))
        forms = [_word(w.group()) for w in words]
        toks = [t for t, _ in forms]
        content = [c for _, c in forms]
        distinct = {t for t, c in zip(toks, content, strict=True) if c}
        if len(distinct) < 2:
            continue  # one word is no evidence that two quotes are one
        proper = [
            c and i > 0 and w.group()[:1].isupper()
            for i, (w, c) in enumerate(zip(words, content, strict=True))
        ]
        units.append(
            Unit(
                rec,
                s,
                e,
                toks,
                [w.span() for w in words],
                content,
                proper,
                list(accumulate(content, initial=-1))[1:],
                len(distinct) <= params.max_short,
            )
        )
    return units


def index_keys(u: Unit, params: FamilyParams, vocab: dict[str, int]) -> tuple[list[int], list[int]]:
    """Index keys of a unit: ordered pairs of content words at most ``pair_reach`` content
    words apart (a quoted phrase is found by these), and ordered triples spanning at most
    ``triple_reach`` (sentences are found by these: far rarer than pairs, so stock word
    pairs do not make every sentence a candidate of every other)."""
    words = [t for t, c in zip(u.toks, u.content, strict=True) if c]
    n = len(words)
    u.run = content_run(u)
    u.words = frozenset(words)
    # words numbered in order of first sight: keys are small ints, the same on every run
    cs = [vocab.setdefault(w, len(vocab)) for w in words]
    pairs = {
        pair_key(cs[i], cs[j])
        for i in range(n)
        for j in range(i + 1, min(n, i + params.pair_reach + 1))
        if cs[i] != cs[j]
    }
    r = params.triple_reach
    triples = {
        (cs[i] << 42) | (cs[j] << 21) | cs[k]
        for i in range(n)
        for j in range(i + 1, min(n, i + r))
        for k in range(j + 1, min(n, i + r + 1))
    }
    u.adjacent = frozenset(pairs)
    return sorted(pairs), sorted(triples)


def pair_key(a: int, b: int) -> int:
    return (a << 21) | b


def content_run(u: Unit) -> tuple[list[str], list[int]]:
    """Content words in order, a repeated word once, with their token positions."""
    words: list[str] = []
    at: list[int] = []
    for i, (t, c) in enumerate(zip(u.toks, u.content, strict=True)):
        if c and (not words or words[-1] != t):
            words.append(t)
            at.append(i)
    return words, at
