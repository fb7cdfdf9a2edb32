"""Speaker-colon lines, found with string rules only: ``Sanders: Brexit could help Trump``
(headlines) and ``BENENSON: Senator Sanders doesn't get to decide…`` (transcripts).

PolNeAR marks these as attributions with ``:`` as the cue. The learned filter weighs
them like any other candidate ("Update: …" and "Photo: …" are not speech).
"""

from __future__ import annotations

import re

from newsprism.analyse.quotes.marks import Mark
from newsprism.analyse.quotes.spans import Raw

# One to four capitalised words, then a colon and the rest of the line.
_LINE = re.compile(r"((?:[A-Z][\w.'’-]*\s+){0,3}[A-Z][\w.'’-]*)\s*:\s+(?=\S)")


def colon_line(body: str, start: int, end: int, marks: list[Mark], first: bool) -> Raw | None:
    """The attribution of paragraph ``body[start:end]`` if it opens with ``Name:``."""
    m = _LINE.match(body, start, end)
    if m is None or m.end() >= end:
        return None
    name = m.group(1)
    colon = body.index(":", m.end(1))
    content = (m.end(), end)
    words = name.split()
    inside = [q for q in marks if content[0] <= q.start < content[1]]
    quoted = sum(q.end - q.start for q in inside) >= 0.8 * (content[1] - content[0])
    feats = {
        "route=colon": 1.0,
        "cue=:": 1.0,
        f"colon_words={len(words)}": 1.0,
        "colon_caps": float(name.isupper()),
        "colon_first_paragraph": float(first),
    }
    kind = ("dash" if any(q.dash for q in inside) else "direct") if quoted else "indirect"
    return Raw(
        [content],
        (colon, colon + 1),
        (m.start(1), m.end(1)),
        kind,
        head=m.end(1) - len(words[-1]),
        marks=inside,
        unit_start=start,
        feats=feats,
    )
