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


def kind_of(line: Line, prose_min_words: int) -> str:
    """"prose", "sentence" (short but sentence-like), "heading" or "short".

    Prose is what articles are made of; runs of "short" lines are what
    navigation, footers and widgets are made of.
    """
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
