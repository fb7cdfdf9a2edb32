"""Text units for reuse detection: sentences, their normalised words, word n-gram shingles.

Offsets are always kept so that a match can be turned back into a character span.
Normalisation is deliberately lossy (lower case, quote marks and punctuation dropped,
word prefixes) so that light and inflectional edits still match.
"""

from __future__ import annotations

import re
import sys
from typing import NamedTuple

# \w+ ignores quote marks, dashes and other punctuation, so "“Yes,” he said" and
# '"Yes" -- he said' give the same words.
WORD = re.compile(r"\w+")
# A sentence ends at end punctuation (plus closing quotes) before a capital, digit or
# opening quote, or at a line break. Lines are split first (str.find is fast) and the
# pattern starts with a character class (no look-behind) so the regex engine skips ahead.
SENT_END = re.compile(r"([.!?][\"”’')\]]*)\s+(?=[\"“‘(\[]?[A-Z0-9])")
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
    """One sentence of a document: its character span and normalised content words."""

    start: int
    end: int
    words: frozenset[str]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence, whitespace trimmed."""
    out: list[tuple[int, int]] = []
    pos, n = 0, len(text)
    while pos < n:
        nl = text.find("\n", pos)
        if nl < 0:
            nl = n
        line = text[pos:nl]
        stripped = line.lstrip()
        start = len(line) - len(stripped)
        for m in SENT_END.finditer(line, start):
            out.append((pos + start, pos + m.end(1)))
            start = m.end()
        end = len(line.rstrip())
        if end > start:
            out.append((pos + start, pos + end))
        pos = nl + 1
    return out


def content_words(text: str) -> frozenset[str]:
    """Lower-cased word prefixes of ``text`` without function words."""
    words = set(WORD.findall(text.lower()))
    words -= STOPWORDS
    # interned: the same prefix recurs in millions of sentences, one string object will do
    return frozenset(map(sys.intern, {w[:PREFIX] for w in words}))


def units(text: str) -> list[Unit]:
    """The sentences of ``text`` as :class:`Unit`."""
    return [Unit(s, e, content_words(text[s:e])) for s, e in sentence_spans(text)]


def shingles(text: str, n: int = 5) -> list[tuple[int, int, str]]:
    """Word ``n``-gram shingles of ``text`` as ``(start, end, shingle)`` with character offsets."""
    toks = [(m.start(), m.end(), m.group().lower()) for m in WORD.finditer(text)]
    if len(toks) < n:
        return [(toks[0][0], toks[-1][1], " ".join(t for _, _, t in toks))] if toks else []
    return [
        (toks[i][0], toks[i + n - 1][1], " ".join(t for _, _, t in toks[i : i + n]))
        for i in range(len(toks) - n + 1)
    ]
