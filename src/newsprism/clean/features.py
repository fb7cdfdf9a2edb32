"""What the line model sees of each line: its shape, its place, and what the rules said.

One row per non-blank line, columns named by ``FEATURES``. The shape of a
line (length, punctuation, stop words, capitals) says prose or furniture; its
place (relative position, distance from the main run of prose, its
neighbours) says article or page frame; the rules' verdicts (pattern,
template, position zone) are inputs too, so the model learns when to trust
them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection
from dataclasses import dataclass

import numpy as np

from .lines import Cut, Line

_WORD = re.compile(r"\w+")
_PUNCT = re.compile(r"[^\w\s]")
_SENTENCE_BREAK = re.compile(r"[.!?…]['\"”’»)]*\s+\S")
_SEPARATORS = re.compile(r"\s[|»·•/>]\s|\s[|»·•]|^[|»·•>-]")
_WEB = re.compile(r"https?://|www\.|@\w|\.com\b", re.IGNORECASE)
_KINDS = ("prose", "sentence", "heading", "short")
_RULES = ("pattern", "title", "meta", "template", "position:head", "position:tail")


@dataclass(slots=True)
class RuleView:
    """What the rule pass decided about a page's lines: all the model reads of it."""

    text: str
    lines: list[Line]
    kinds: list[str]
    cuts: dict[int, Cut]
    tail: set[int]  # lines after an end-of-article marker
    run: tuple[int, int] | None  # the main run of prose (first, last line), if any
    template_share: list[float]  # share of the outlet's pages each line occurs on
    head: frozenset[int] = frozenset()  # headline-like lines kept just above the run


FEATURES: tuple[str, ...] = (
    "log_chars",
    "log_words",
    "punct_ratio",
    "stop_ratio",
    "upper_ratio",
    "digit_ratio",
    "ends_sentence",
    "sentences",
    "separators",
    "web",
    *(f"kind_{k}" for k in _KINDS),
    "rel_pos",
    "rel_char_pos",
    "in_run",
    "before_run",
    "after_run",
    "run_distance",
    "run_char_distance",
    *(f"rule_{r}" for r in _RULES),
    "partial_cut",
    "in_tail_zone",
    "template_share",
    "prev_log_chars",
    "next_log_chars",
    "window_prose",
    "prev_prose",
    "next_prose",
    "block_lines",
    "page_log_lines",
    "page_prose_share",
    "run_share",
)


def _rule_of(label: str) -> str | None:
    if label.startswith("pattern:"):
        return "pattern"
    if label in ("dateline", "byline"):
        return "meta"
    return label if label in _RULES else None


def matrix(view: RuleView, stop_words: Collection[str]) -> np.ndarray:
    """The feature rows of a page's lines, in ``FEATURES`` order."""
    lines, n = view.lines, len(view.lines)
    out = np.zeros((n, len(FEATURES)), dtype=np.float64)
    if n == 0:
        return out
    col = {name: k for k, name in enumerate(FEATURES)}
    total_chars = max(len(view.text), 1)
    log_chars = [math.log1p(len(line.text)) for line in lines]
    prose = [k == "prose" for k in view.kinds]
    block_size: dict[int, int] = {}
    for line in lines:
        block_size[line.block] = block_size.get(line.block, 0) + 1
    run_start, run_end = view.run if view.run is not None else (n, -1)
    run_chars = sum(len(line.text) for line in lines[run_start : run_end + 1]) if view.run else 0
    prose_share = sum(prose) / n

    for i, line in enumerate(lines):
        row = out[i]
        text = line.text
        chars = len(text)
        words = _WORD.findall(text)
        nw = max(len(words), 1)
        row[col["log_chars"]] = log_chars[i]
        row[col["log_words"]] = math.log1p(len(words))
        row[col["punct_ratio"]] = len(_PUNCT.findall(text)) / chars
        row[col["stop_ratio"]] = sum(w.casefold() in stop_words for w in words) / nw
        row[col["upper_ratio"]] = sum(w[0].isupper() for w in words) / nw
        row[col["digit_ratio"]] = sum(ch.isdigit() for ch in text) / chars
        row[col["ends_sentence"]] = line.ends_sentence
        row[col["sentences"]] = math.log1p(len(_SENTENCE_BREAK.findall(text)))
        row[col["separators"]] = len(_SEPARATORS.findall(text))
        row[col["web"]] = bool(_WEB.search(text))
        row[col[f"kind_{view.kinds[i]}"]] = 1.0
        row[col["rel_pos"]] = i / n
        row[col["rel_char_pos"]] = line.start / total_chars
        if view.run is not None:
            if i < run_start:
                row[col["before_run"]] = 1.0
                row[col["run_distance"]] = math.log1p(run_start - i)
                gap = lines[run_start].start - line.end
            elif i > run_end:
                row[col["after_run"]] = 1.0
                row[col["run_distance"]] = math.log1p(i - run_end)
                gap = line.start - lines[run_end].end
            else:
                row[col["in_run"]] = 1.0
                gap = 0
            row[col["run_char_distance"]] = math.log1p(max(gap, 0))
        cut = view.cuts.get(i)
        if cut is not None:
            if cut.start == line.start and cut.end == line.end:
                rule = _rule_of(cut.label)
                if rule is not None:
                    row[col[f"rule_{rule}"]] = 1.0
            else:
                row[col["partial_cut"]] = 1.0
        row[col["in_tail_zone"]] = i in view.tail
        row[col["template_share"]] = view.template_share[i]
        row[col["prev_log_chars"]] = log_chars[i - 1] if i > 0 else 0.0
        row[col["next_log_chars"]] = log_chars[i + 1] if i + 1 < n else 0.0
        window = prose[max(i - 2, 0) : i + 3]
        row[col["window_prose"]] = sum(window) / len(window)
        row[col["prev_prose"]] = prose[i - 1] if i > 0 else 0.0
        row[col["next_prose"]] = prose[i + 1] if i + 1 < n else 0.0
        row[col["block_lines"]] = math.log1p(block_size[line.block])
        row[col["page_log_lines"]] = math.log1p(n)
        row[col["page_prose_share"]] = prose_share
        row[col["run_share"]] = run_chars / total_chars
    return out
