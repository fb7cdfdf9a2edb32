"""Quotation spans and sentence units, found with string rules only (no parsing).

A quote span runs from its opening mark to its closing mark, both included. The rules
tolerate what real copy does: NYT's ``''``, a second opening mark used as the closing
one, a closing mark with no opening one (the quote then starts at a dialogue dash or at
the paragraph), a quote left open at the end of a paragraph (it runs to the paragraph
end), and paragraphs opened by a dialogue dash (``– We have agreed …–” he said``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPEN = "“„«"
CLOSE = "”»"
DASHES = "–—"
# Characters the scanner acts on; everything between them is skipped in one search.
_SPECIAL = re.compile(r"[\"“”„«»‘’'`–—]")
_PARA = re.compile(r"[^\n]+")
# Sentence ends: terminal punctuation, optional closing mark, space, then a likely start.
_SENT_END = re.compile(r"[.!?]['\"”’»)\]]*\s+(?=['\"“‘«(\[–—]*[A-Z0-9])")
_ABBREV = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|St|Sen|Rep|Gov|Gen|Lt|Col|Jr|Sr|Prof|No|vs|Inc|Corp|Co|Ltd|Jan|Feb|Mar|Apr|Aug|Sept|Sep|Oct|Nov|Dec|Rev|Ft|Mt)|\b[A-Z]|\.[A-Z])\.$"
)


@dataclass(frozen=True, slots=True)
class Mark:
    """A quotation span; ``dash`` for dialogue-dash quotes, ``open_end`` if never closed."""

    start: int
    end: int
    dash: bool = False
    open_end: bool = False


def paragraphs(body: str) -> list[tuple[int, int]]:
    """Non-blank lines as ``(start, end)``, trimmed."""
    out = []
    for m in _PARA.finditer(body):
        s, e = m.start(), m.end()
        chunk = m.group()
        s += len(chunk) - len(chunk.lstrip())
        e -= len(chunk) - len(chunk.rstrip())
        if e > s:
            out.append((s, e))
    return out


def _is_word(c: str) -> bool:
    return c.isalnum()


def quote_marks(body: str, start: int, end: int) -> list[Mark]:
    """Quotation spans inside one paragraph ``body[start:end]``."""
    out: list[Mark] = []
    i = start
    open_at = -1
    dash_open = False
    closer = ""
    if body[start] in DASHES:
        open_at, dash_open, closer = start, True, "dash"
        i = start + 1
    while i < end:
        nxt_mark = _SPECIAL.search(body, i, end)
        if nxt_mark is None:
            break
        i = nxt_mark.start()
        c = body[i]
        two = body[i : i + 2]
        prev = body[i - 1] if i > start else " "
        nxt = body[i + 1] if i + 1 < end else " "
        if open_at < 0:
            if c in OPEN or c == '"' or two == "''" or two == "``":
                open_at, closer = i, c
                i += 2 if two in ("''", "``") else 1
                continue
            if c == "‘" and not _is_word(prev):
                open_at, closer = i, c
            elif c in CLOSE:
                # closing mark with no opening one: the quote began at a dash or the paragraph
                s = start
                for m in re.finditer(r"(?:^|\s)[–—]\s", body[start:i]):
                    s = start + m.end() - 2
                if i - s > 1:
                    out.append(Mark(s, i + 1, dash=body[s] in DASHES))
            i += 1
            continue
        # a quote is open
        closes = False
        width = 1
        if closer == "dash":
            tail = body[i + 1 : end].strip(" .,;:!?")
            if c in CLOSE or (c in DASHES and not nxt.isalnum() and (prev != " " or not tail)):
                closes = True
                if c in DASHES and nxt in CLOSE:
                    width = 2
        elif closer == "‘":
            closes = c == "’" and not _is_word(nxt)
        elif closer in ("'", "`"):
            closes = two == "''"
            width = 2
        elif c in CLOSE or c == '"' or (c in OPEN and i - open_at > 1):
            closes = True
        elif two == "''":
            closes, width = True, 2
        if closes and dash_open and not body[i + width : end].strip(" .,;:!?"):
            # "– Framing the battle ahead –." is a subheading, not dialogue
            open_at, dash_open, closer = -1, False, ""
            i += width
            continue
        if closes:
            out.append(Mark(open_at, i + width, dash=dash_open))
            open_at, dash_open, closer = -1, False, ""
            i += width
            continue
        i += 1
    if open_at >= 0 and end - open_at > 1:
        out.append(Mark(open_at, end, dash=dash_open, open_end=True))
    return out


def units(body: str, start: int, end: int, marks: list[Mark]) -> list[tuple[int, int]]:
    """Sentences of one paragraph, never cut inside a quotation span."""
    out = []
    s = start
    for m in _SENT_END.finditer(body, start, end):
        cut = m.start() + 1
        if _ABBREV.search(body[max(start, cut - 6) : cut]):
            continue
        closed = body[m.start() : m.end()].rstrip()
        if any(q.start < cut < q.end for q in marks) and not (
            # '… win it all." Clinton made an appeal.': a full stop closing the quotation
            # ends the sentence too (not '?' or '!': '"…?" Lichtman said')
            closed[0] == "." and any(q.end == m.start() + len(closed) for q in marks)
        ):
            continue
        out.append((s, m.end()))
        s = m.end()
    out.append((s, end))
    return [(a, b - (len(body[a:b]) - len(body[a:b].rstrip()))) for a, b in out if b > a]
