"""A learned yes/no on each candidate attribution: the rules propose, a logistic model keeps.

The rules in ``attribute.py`` cast a wide net (any cue form with a subject and an object
is proposed); on PolNeAR train a quarter of what they propose is not an attribution
("released a video", "calling them"). ``benchmarks/quotes/train.py`` fits a logistic
regression over sparse parse and text features of each candidate, labelled by whether it
covers a gold attribution, and writes its weights to ``data/quotes-filter.json``; scoring
is a dot product, so no learning library is needed at run time.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from newsprism.analyse.quotes.model import Pos

FILTER_FILE = "quotes-filter.json"

_WORD = re.compile(r"\w+")
_PRONOUNS = {"he", "she", "they", "i", "we", "you", "it"}
_RELATIVE = {"who", "which", "that"}
# Opening words of a content that say what kind of clause it is.
_OPENERS = {
    "that",
    "to",
    "what",
    "how",
    "why",
    "whether",
    "if",
    "the",
    "a",
    "he",
    "she",
    "they",
    "it",
    "i",
    "we",
    "him",
    "her",
    "them",
    "his",
    "their",
    "this",
}


@lru_cache(maxsize=1)
def _cue_precision() -> dict[str, float]:
    text = resources.files("newsprism").joinpath("data", "quotes-cues.json").read_text("utf-8")
    return json.loads(text)["cues"]


def _bucket(n: int) -> str:
    for top in (1, 2, 3, 5, 8, 13, 21, 34):
        if n <= top:
            return str(top)
    return "many"


def text_features(
    body: str,
    content: tuple[Pos, ...],
    cue: Pos | None,
    source: Pos | None,
    kind: str,
    speaker: str | None,
) -> dict[str, float]:
    """Features read off the spans of one resolved candidate."""
    f: dict[str, float] = {f"kind={kind}": 1.0, f"frags={min(len(content), 3)}": 1.0}
    words = [w for s, e in content for w in _WORD.findall(body[s:e])]
    f[f"words={_bucket(len(words))}"] = 1.0
    first = words[0].lower() if words else ""
    capital = sum(w[:1].isupper() for w in words)
    if words and len(words) <= 10 and capital >= 0.6 * len(words):
        f["title_like"] = 1.0  # "Orange Is the New Black": a title, not speech
    if words and words[0][:1].isupper():
        f["opens_capital"] = 1.0
    f[f"first={first if first in _OPENERS else 'other'}"] = 1.0
    last = body[content[-1][0] : content[-1][1]].rstrip("”\"'’» ")[-1:]
    if last in "?!":
        f["ends_question"] = 1.0
    if cue is None:
        f["no_cue"] = 1.0
    else:
        prec = _cue_precision()
        f["cue_precision"] = max(
            (prec.get(w.lower(), 0.0) for w in _WORD.findall(body[cue[0] : cue[1]])), default=0.0
        )
    if source is None:
        f["src=none"] = 1.0
    else:
        src = body[source[0] : source[1]]
        low = src.strip().lower()
        sw = _WORD.findall(src)
        if low in _PRONOUNS:
            f["src=pronoun"] = 1.0
        elif low in _RELATIVE:
            f["src=relative"] = 1.0
        elif src[:1].isupper():
            f["src=capital"] = 1.0
        else:
            f["src=lower"] = 1.0
        f[f"srcwords={_bucket(len(sw))}"] = 1.0
        if cue is not None:
            f["src_first" if source[0] < cue[0] else "src_after"] = 1.0
            gap = cue[0] - source[1] if source[0] < cue[0] else source[0] - cue[1]
            f[f"gap={_bucket(max(gap, 0))}"] = 1.0
    if speaker is None:
        f["speaker=none"] = 1.0
    return f


@dataclass(frozen=True)
class Filter:
    """Logistic weights over named features and the probability a candidate needs."""

    bias: float
    weights: dict[str, float]
    threshold: float

    def probability(self, feats: dict[str, float]) -> float:
        z = self.bias + sum(self.weights.get(k, 0.0) * v for k, v in feats.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def keep(self, feats: dict[str, float]) -> bool:
        return self.probability(feats) >= self.threshold


def select(contents: list[tuple[Pos, ...]], probs: list[float], threshold: float) -> list[bool]:
    """Which candidates to keep: those at ``threshold`` or above, most probable first,
    skipping any whose content overlaps one already kept. In PolNeAR two attributions
    almost never share content (133 overlapping pairs in 19,832 on train), while the
    rules often propose the same words twice (a verb and a noun cue, nested clauses)."""
    taken: list[Pos] = []
    keep = [False] * len(contents)
    for i in sorted(range(len(contents)), key=lambda i: -probs[i]):
        if probs[i] < threshold:
            break
        frags = contents[i]
        if any(s < te and ts < e for s, e in frags for ts, te in taken):
            continue
        keep[i] = True
        taken.extend(frags)
    return keep


NESTED_MIN_PROB = 0.9


def nested(
    found: list[tuple[Pos, Pos | None, Pos | None]],
    probs: list[float],
    chosen: list[bool],
    threshold: float,
) -> list[bool]:
    """Candidates ``select`` dropped that are whole attributions inside a kept one's
    content: content, cue and source all within it ("noted that Blinken, who said that
    X, ..."). They are reported speech within reported speech, not duplicates. Nesting
    is rare (133 overlapping pairs in 19,832 on PolNeAR train), so only a near-certain
    candidate (``NESTED_MIN_PROB``) is kept this way."""

    def within(span: Pos | None, outer: Pos) -> bool:
        return span is not None and outer[0] <= span[0] and span[1] <= outer[1]

    kept = [span for (span, _, _), yes in zip(found, chosen, strict=True) if yes]
    return [
        not yes
        and p >= max(threshold, NESTED_MIN_PROB)
        and any(
            within(span, o) and within(cue, o) and within(source, o) and span != o for o in kept
        )
        for (span, cue, source), p, yes in zip(found, probs, chosen, strict=True)
    ]


@lru_cache(maxsize=1)
def load() -> Filter | None:
    """The shipped filter, or None if the data file is absent (then everything is kept)."""
    path = resources.files("newsprism").joinpath("data", FILTER_FILE)
    if not path.is_file():
        return None
    doc = json.loads(path.read_text(encoding="utf-8"))
    return Filter(float(doc["bias"]), dict(doc["weights"]), float(doc["threshold"]))
