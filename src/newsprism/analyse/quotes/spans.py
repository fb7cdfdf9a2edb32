"""Character spans of token ranges and quotation marks, and the record of one candidate.

Shared by the rules that find attributions (``attribute.py``, ``nonverb.py``,
``colon.py``): a span is trimmed of edge punctuation, widened to the quotations it
touches, and its kind (direct, partial, indirect) follows from how much of it is quoted.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from newsprism.analyse.quotes.marks import Mark
from newsprism.analyse.quotes.model import Pos

EDGE_PUNCT = set('.,;:–—-«»“”„"‘’') | {"''", "``"}


@dataclass(slots=True)
class Raw:
    """An attribution before speaker resolution."""

    content: list[Pos]
    cue: Pos | None
    source: Pos | None
    kind: str
    pending: bool = False  # cue and source found, content expected in the next unit
    head: int | None = None  # body offset of the source's head word
    refers: Pos | None = None  # what a relative "who" stands for, for resolution
    unit_start: int = 0  # body offset of the unit it was found in
    marks: list[Mark] = field(default_factory=list)
    feats: dict[str, float] = field(default_factory=dict)  # parse features for the filter


def token_span(doc: Doc, off: int, lo: int, hi: int) -> Pos:
    """Character span of tokens ``lo..hi`` (inclusive), trimmed of edge punctuation."""
    while lo < hi and (doc[lo].text in EDGE_PUNCT or doc[lo].is_space):
        lo += 1
    while hi > lo and (doc[hi].text in EDGE_PUNCT or doc[hi].is_space):
        hi -= 1
    return off + doc[lo].idx, off + doc[hi].idx + len(doc[hi])


def inside(p: int, marks: list[Mark]) -> bool:
    return any(m.start <= p < m.end for m in marks)


def outside_chars(text: str, off: int, span: Pos, marks: list[Mark]) -> int:
    """Alphanumeric characters of ``span`` that lie outside every quotation span."""
    chunk = text[span[0] - off : span[1] - off]
    for m in marks:
        s, e = max(m.start, span[0]) - span[0], min(m.end, span[1]) - span[0]
        if e > s:
            chunk = chunk[:s] + " " * (e - s) + chunk[e:]  # blank the quotation out
    return sum(c.isalnum() for c in chunk)


def kind_of(marks: list[Mark]) -> str:
    return "dash" if any(m.dash for m in marks) else "direct"


def widen(span: Pos, marks: list[Mark]) -> tuple[Pos, list[Mark]]:
    hit = [m for m in marks if m.start < span[1] and span[0] < m.end]
    s = min([span[0]] + [m.start for m in hit])
    e = max([span[1]] + [m.end for m in hit])
    return (s, e), hit


def outside_subtree(tokens: Iterable[Token], t: Token) -> list[int]:
    """Indices of ``tokens`` that are not in ``t``'s subtree: what a cue interrupts."""
    skip = {x.i for x in t.subtree}
    return [x.i for x in tokens if x.i not in skip]


def fragments(
    doc: Doc, off: int, keep: list[int], marks: list[Mark]
) -> tuple[list[Pos], list[Mark], str] | None:
    """Content fragments made of the token indices ``keep`` (runs of adjacent tokens),
    the quotations they touch, and the kind that makes; None when there are none."""
    if not keep:
        return None
    runs: list[list[int]] = [[keep[0], keep[0]]]
    for i in keep[1:]:
        if i == runs[-1][1] + 1:
            runs[-1][1] = i
        else:
            runs.append([i, i])
    spans = [token_span(doc, off, lo, hi) for lo, hi in runs]
    spans = [s for s in spans if s[1] > s[0] and doc.text[s[0] - off : s[1] - off].strip(" ,.")]
    if not spans:
        return None
    hit = [m for m in marks if any(m.start < e and s < m.end for s, e in spans)]
    spans = [widen(s, marks)[0] for s in spans]
    kind = "indirect"
    if hit:
        outside = sum(outside_chars(doc.text, off, s, marks) for s in spans)
        kind = kind_of(hit) if outside < 3 else "partial"
    return spans, hit, kind
