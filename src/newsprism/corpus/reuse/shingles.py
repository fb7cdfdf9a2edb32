"""Text units for reuse detection: sentences, their normalised words, word n-gram shingles.

Offsets are always kept so that a match can be turned back into a character span.
Normalisation is deliberately lossy (lower case, quote marks and punctuation dropped,
word prefixes) so that light and inflectional edits still match. Words are kept as 32-bit
hashes: an index of 100k articles holds millions of sentences, and ints pack into numpy
arrays where strings cannot.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from typing import NamedTuple

from .minhash import hash32

# \w+ ignores quote marks, dashes and other punctuation, so "“Yes,” he said" and
# '"Yes" -- he said' give the same words.
WORD = re.compile(r"\w+")
# A sentence ends at end punctuation (plus closing quotes) before a capital, digit or
# opening quote, or at a line break. Lines are split first (str.find is fast) and the
# pattern starts with a character class (no look-behind) so the regex engine skips ahead.
SENT_END = re.compile(r"([.!?][\"”’')\]]*)[^\S\n]+(?=[\"“‘(\[]?[A-Z0-9])")
# Words that end in a full stop before a name or a number without ending the sentence.
# Not "Inc.", "Co." or "U.S.", which end sentences as often as not.
_ABBREVIATION_TEXT = """mr mrs ms dr prof rev sen rep gov gen lt col maj capt sgt cmdr adm
    supt st mt ft jan feb mar apr jun jul aug sep sept oct nov dec"""
ABBREVIATIONS = frozenset(_ABBREVIATION_TEXT.split())
_LONGEST = max(map(len, ABBREVIATIONS))
# Keeping only a prefix folds inflections ("released"/"releases") that rewrites change.
PREFIX = 6

_STOP_TEXT = """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did didn do does doesn don down during
    each even few for from further had has have having he her here hers herself him himself
    his how i if in into is isn it its itself just let ll me more most my myself no nor not
    now of off on once one only or other our ours ourselves out over own re s said same says
    she should so some such t than that the their theirs them themselves then there these
    they this those through to too under until up upon us very was we were what when where
    which while who whom why will with within would you your yours yourself yourselves"""
# single letters and digits carry no evidence of copying
STOPWORDS = frozenset(_STOP_TEXT.split()) | frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


class Unit(NamedTuple):
    """One sentence of a document: its character span, the hashes of its normalised
    content words (a set, for overlap) and of all its word prefixes in order (function
    words included, for verbatim runs). Token hashes are 16 bits: they are only compared
    in runs of several words, where chance collisions do not add up to a false run."""

    start: int
    end: int
    words: frozenset[int]
    tokens: tuple[int, ...] = ()


class _Hashes(dict[str, int]):
    """Caches the hash of a word's prefix per word (``bits`` low bits of
    :func:`hash32`): vocabularies are small next to token counts. Cleared when full, so
    that a long run over ever new names cannot grow it without bound."""

    LIMIT = 200_000

    def __init__(self, bits: int) -> None:
        super().__init__()
        self.mask = (1 << bits) - 1

    def __missing__(self, word: str) -> int:
        if len(self) >= self.LIMIT:
            self.clear()
        h = self[word] = hash32(word[:PREFIX]) & self.mask
        return h


_WORD_HASH = _Hashes(32)
_TOKEN_HASH = _Hashes(16)


def _abbreviation(line: str, dot: int) -> bool:
    """Whether the full stop at ``line[dot]`` ends a title or an initial ("Mr. Gigante",
    "John F. Kennedy", "Jan. 5") rather than a sentence. Splitting there would cut one
    sentence into pieces too short to count as evidence of copying."""
    if line[dot] != "." or (dot > _LONGEST and line[dot - _LONGEST - 1 : dot].isalpha()):
        return False  # the usual case, a longer word: no walk back letter by letter
    start = dot
    while start > 0 and line[start - 1].isalpha():
        start -= 1
    word = line[start:dot]
    if start > 0 and not line[start - 1].isspace() and line[start - 1] not in '"“‘(':
        return False
    return (len(word) == 1 and word.isupper()) or word.lower() in ABBREVIATIONS


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence, whitespace trimmed."""
    # one regex pass over the whole text (its whitespace never crosses a line break),
    # then a walk over the lines: a regex call per line cost more than the matching
    cuts = [
        (m.start(), m.end(1), m.end())
        for m in SENT_END.finditer(text)
        if not (text[m.start()] == "." and _abbreviation(text, m.start()))
    ]
    out: list[tuple[int, int]] = []
    pos, n, k, n_cuts = 0, len(text), 0, len(cuts)
    while pos < n:
        nl = text.find("\n", pos)
        if nl < 0:
            nl = n
        line = text[pos:nl]
        start = pos + len(line) - len(line.lstrip())
        while k < n_cuts and cuts[k][0] < nl:
            out.append((start, cuts[k][1]))
            start = cuts[k][2]
            k += 1
        end = pos + len(line.rstrip())
        if end > start:
            out.append((start, end))
        pos = nl + 1
    return out


def content_words(text: str) -> frozenset[str]:
    """Lower-cased word prefixes of ``text`` without function words."""
    words = set(WORD.findall(text.lower()))
    words -= STOPWORDS
    # interned: the same prefix recurs in millions of sentences, one string object will do
    return frozenset(map(sys.intern, {w[:PREFIX] for w in words}))


#: the function-word bit of a word code
STOP = 1 << 32


class _Codes(dict[str, int]):
    """Caches, per lower-cased word, the 32-bit hash of its prefix with bit 32 set for a
    function word: one lookup per token serves both the content-word sets and the token
    sequences (whose 16-bit hashes are the low bits). Cleared when full, like ``_Hashes``."""

    LIMIT = 200_000

    def __missing__(self, word: str) -> int:
        if len(self) >= self.LIMIT:
            self.clear()
        h = self[word] = hash32(word[:PREFIX]) | (STOP if word in STOPWORDS else 0)
        return h


_CODES = _Codes()


class Tokens(NamedTuple):
    """The sentences of several texts, flat: ``spans`` (start, end) per sentence,
    ``counts`` tokens per sentence, ``sentences`` per text and ``codes`` per token
    (see ``_Codes``), in order."""

    spans: list[tuple[int, int]]
    counts: list[int]
    sentences: list[int]
    codes: list[int]


def tokenise(texts: Iterable[str]) -> Tokens:
    """Sentences and word codes of ``texts`` in one pass, with no per-sentence objects
    beyond the word lists: building sets and tuples for every sentence of every article
    was most of the sketching time, and most sentences are never looked at again."""
    spans: list[tuple[int, int]] = []
    counts: list[int] = []
    sentences: list[int] = []
    codes: list[int] = []
    code, findall = _CODES.__getitem__, WORD.findall
    for text in texts:
        ss = sentence_spans(text)
        low = text.lower()
        if len(low) == len(text):  # "İ" lower-cases to two characters and shifts offsets
            for s, e in ss:
                words = findall(low, s, e)
                counts.append(len(words))
                codes.extend(map(code, words))
        else:
            for s, e in ss:
                words = findall(text[s:e].lower())
                counts.append(len(words))
                codes.extend(map(code, words))
        spans.extend(ss)
        sentences.append(len(ss))
    return Tokens(spans, counts, sentences, codes)


def units(text: str) -> list[Unit]:
    """The sentences of ``text`` as :class:`Unit`."""
    out = []
    word_hash, token_hash = _WORD_HASH.__getitem__, _TOKEN_HASH.__getitem__
    new, stop = tuple.__new__, STOPWORDS  # tuple.__new__ skips NamedTuple's Python-level __new__
    low = text.lower()
    if len(low) == len(text):
        # one lower() per text, and findall within bounds instead of a slice per sentence
        findall = WORD.findall
        for s, e in sentence_spans(text):
            words = findall(low, s, e)
            content = frozenset(map(word_hash, set(words) - stop))
            out.append(new(Unit, (s, e, content, tuple(map(token_hash, words)))))
        return out
    # a few characters lower-case to two ("İ"): offsets in ``low`` would shift
    for s, e in sentence_spans(text):
        words = WORD.findall(text[s:e].lower())
        content = frozenset(map(word_hash, set(words) - stop))
        out.append(new(Unit, (s, e, content, tuple(map(token_hash, words)))))
    return out


def shingles(text: str, n: int = 5) -> list[tuple[int, int, str]]:
    """Word ``n``-gram shingles of ``text`` as ``(start, end, shingle)`` with character offsets."""
    toks = [(m.start(), m.end(), m.group().lower()) for m in WORD.finditer(text)]
    if len(toks) < n:
        return [(toks[0][0], toks[-1][1], " ".join(t for _, _, t in toks))] if toks else []
    return [
        (toks[i][0], toks[i + n - 1][1], " ".join(t for _, _, t in toks[i : i + n]))
        for i in range(len(toks) - n + 1)
    ]
