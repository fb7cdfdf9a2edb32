"""The text as lines with offsets, and what each line looks like."""

from __future__ import annotations

import re
from dataclasses import dataclass

_WORD = re.compile(r"\w+")
# Sentence-final punctuation, possibly followed by closing quotes or brackets.
_SENTENCE_END = re.compile(r"[.!?…。][\"'”’»)\]]*$")
_INNER_PUNCT = re.compile(r"[,.;:!?]\s")


@dataclass(frozen=True, slots=True)
class Line:
    """One non-blank line: ``text == source[start:end]`` with outer whitespace left out."""

    index: int  # position among the non-blank lines
    start: int
    end: int
    text: str
    block: int  # paragraph number: blank lines separate paragraphs
    words: int

    @property
    def ends_sentence(self) -> bool:
        return bool(_SENTENCE_END.search(self.text))


@dataclass(slots=True)
class Cut:
    """What to remove of a line (usually all of it), and why."""

    label: str
    why: str
    start: int
    end: int


def whole_line(line: Line, label: str, why: str) -> Cut:
    return Cut(label, why, line.start, line.end)


def is_whole(cuts: dict[int, Cut], line: Line) -> bool:
    """Is all of ``line`` cut (not just a prefix such as "(FNA)- ")?"""
    cut = cuts.get(line.index)
    return cut is not None and cut.start == line.start and cut.end == line.end


def shorten(s: str, n: int = 60) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


def split_lines(text: str) -> list[Line]:
    """The non-blank lines of ``text``, each stripped, with their paragraph number."""
    lines: list[Line] = []
    block = 0
    pos = 0
    blank_before = False
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            if blank_before and lines:
                block += 1
            start = pos + (len(raw) - len(raw.lstrip()))
            lines.append(
                Line(
                    len(lines),
                    start,
                    start + len(stripped),
                    stripped,
                    block,
                    len(_WORD.findall(stripped)),
                )
            )
            blank_before = False
        else:
            blank_before = True
        pos += len(raw) + 1
    return lines


def _mostly_capitalised(text: str) -> bool:
    """Navigation reads "Home News Sports Entertainment"; prose has lower-case words."""
    cased = [w for w in _WORD.findall(text) if w[0].isalpha() and w[0].lower() != w[0].upper()]
    if len(cased) < 6:
        return False
    return sum(w[0].isupper() for w in cased) > 0.7 * len(cased)


def kind_of(line: Line, prose_min_words: int) -> str:
    """ "prose", "sentence" (short but sentence-like), "heading" or "short".

    Prose is what articles are made of; runs of "short" lines are what
    navigation, footers and widgets are made of.
    """
    if _mostly_capitalised(line.text):
        return "heading" if line.words >= 5 else "short"
    if line.ends_sentence:
        if line.words >= prose_min_words:
            return "prose"
        if line.words >= 3:
            return "sentence"
    elif line.words >= 3 * prose_min_words and len(_INNER_PUNCT.findall(line.text)) >= 2:
        return "prose"  # a long paragraph that lost its final stop
    if line.words >= 5:
        return "heading"
    return "short"
