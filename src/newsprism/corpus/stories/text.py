"""What the story clusterer reads of an article: bags of tokens, stems and entities.

Entities are capitalised phrases ("Antony Blinken", "NATO", "Russian Foreign Minister"), found
by a regex instead of spaCy NER: NER costs ~100x more per article, and for clustering only
"which names does this article share with that story" matters. Lower-cased text (the GoogleNews
titles) has no such phrases; the token and stem channels carry it alone, by design.
Stems are a crude suffix strip (no stemmer ships with the project's dependencies); they only
have to make "sanction/sanctions/sanctioned" one key.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from spacy.lang.en.stop_words import STOP_WORDS

from newsprism.analyse.dates import MONTHS

#: Channels of an article's bag of words; each gets its own IDF and its own cosine.
TEXT_CHANNELS = ("title", "body", "stem", "ent")
#: All channels a story sums: the text ones and the event markers (``markers``).
CHANNELS = (*TEXT_CHANNELS, "mark")
#: Kinds of event marker: calendar day, year, other number, weekday.
MARK_KINDS = ("d", "y", "n", "w")

_TOKEN = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")
_CAP_WORD = r"(?:[A-Z][\w’'.-]*[\w]|[A-Z])"
_ENTITY = re.compile(rf"{_CAP_WORD}(?:\s+(?:of\s+the\s+|of\s+|de\s+|al-)?{_CAP_WORD})*")
_SUFFIXES = (
    "ations",
    "ation",
    "ings",
    "ing",
    "ness",
    "ies",
    "ied",
    "ers",
    "er",
    "es",
    "ed",
    "ly",
    "s",
)
_NOT_ENTITY = frozenset(
    [
        "i",
        "the",
        "a",
        "an",
        "this",
        "that",
        "these",
        "those",
        "it",
        "he",
        "she",
        "they",
        "we",
        "you",
        "his",
        "her",
        "its",
        "their",
        "our",
        "my",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "mr",
        "mrs",
        "ms",
        "dr",
    ]
)
_MONTH = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
_MONTH += r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_MONTH_DAY = re.compile(rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?\b", re.I)
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\b", re.I)
_SLASH_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/((?:19|20)?\d{2})\b")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_NUMBER = re.compile(r"(?<![\w.,/:-])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w/:]|[.,]\d)")
_WEEKDAY = re.compile(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I)

STOP = frozenset(STOP_WORDS) | {"s", "’s", "'s", "said", "says", "told", "like", "new"}


@dataclass(frozen=True, slots=True)
class Bags:
    """Sublinear term frequencies (1 + log tf) per channel."""

    title: dict[str, float]
    body: dict[str, float]
    stem: dict[str, float]
    ent: dict[str, float]
    mark: dict[str, float]
    short: bool = False  # no body beyond the title (headline feeds)
    vec: np.ndarray | None = None  # unit sentence vector (``semantic.py``), if encoded

    def channel(self, name: str) -> dict[str, float]:
        return getattr(self, name)


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens without stop words and bare numbers."""
    out = []
    for m in _TOKEN.finditer(text):
        w = m.group().lower().replace("’", "'")
        if w.endswith("'s"):
            w = w[:-2]
        if len(w) > 1 and w not in STOP and not w.isdigit():
            out.append(w)
    return out


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def entities(text: str) -> list[str]:
    """Capitalised phrases, lower-cased; a sentence's first word only when it is part of a
    longer phrase or looks like a name (not a stop word)."""
    out = []
    for m in _ENTITY.finditer(text):
        phrase = m.group().strip(".’'-")
        words = phrase.split()
        while words and words[0].lower() in _NOT_ENTITY | STOP:
            words = words[1:]
        if not words:
            continue
        key = " ".join(words).lower().replace("’", "'")
        if key.endswith("'s"):
            key = key[:-2]
        if len(key) > 1:
            out.append(key)
    return out


def _month(name: str) -> int:
    return next(i for i, m in enumerate(MONTHS, 1) if m.startswith(name.lower()[:3]))


def markers(text: str) -> dict[str, float]:
    """Event markers: the calendar days ("d:05-24"), years ("y:2005"), other numbers
    ("n:26", "n:6.1") and weekdays ("w:saturday") a text mentions, each 1.0, plus one
    "k:KIND" key per kind present. Twin events (same actors, same kind of event, another
    incident) share names but differ in exactly these; a story counts, per key, how many
    members mention it. Month-days carry no year, since most pages print none."""
    out: set[str] = set()
    taken: list[tuple[int, int]] = []
    for m in _MONTH_DAY.finditer(text):
        day = int(m.group(2))
        if 1 <= day <= 31:
            out.add(f"d:{_month(m.group(1)):02d}-{day:02d}")
            taken.append(m.span())
    for m in _DAY_MONTH.finditer(text):
        day = int(m.group(1))
        if 1 <= day <= 31:
            out.add(f"d:{_month(m.group(2)):02d}-{day:02d}")
            taken.append(m.span())
    for m in _SLASH_DATE.finditer(text):
        month, day = int(m.group(1)), int(m.group(2))  # US order: month/day/year
        if 1 <= month <= 12 and 1 <= day <= 31:
            out.add(f"d:{month:02d}-{day:02d}")
            year = m.group(3)
            out.add(f"y:{year if len(year) == 4 else '20' + year}")
            taken.append(m.span())
    for m in _YEAR.finditer(text):
        out.add(f"y:{m.group(1)}")
        taken.append(m.span())
    taken.sort()
    for m in _NUMBER.finditer(text):
        a, b = m.span()
        if any(x <= a < y or x < b <= y for x, y in taken):
            continue  # the day or year of a date
        v = m.group(1).replace(",", "")
        out.add("n:" + (v.rstrip("0").rstrip(".") if "." in v else v.lstrip("0") or "0"))
    out.update("w:" + w.lower() for w in _WEEKDAY.findall(text))
    out.update({"k:" + k[0] for k in out})
    return dict.fromkeys(out, 1.0)


def _sublinear(items: list[str]) -> dict[str, float]:
    return {k: 1.0 + math.log(c) for k, c in Counter(items).items()}


def _entities(title: str, body: str) -> list[str]:
    # Title Case headlines make every word a capital; trust the title's phrases only when
    # the body names them too (or when there is no body).
    body_ents = entities(body)
    if not body_ents:
        return entities(title)
    known = set(body_ents)
    return [e for e in entities(title) if e in known] + body_ents


def bags(title: str, text: str, vec: np.ndarray | None = None) -> Bags:
    """The bags of one article. Without a body (or when the body is the title, as in headline
    feeds) the title stands for the body, so short and full texts share one model."""
    title = (title or "").strip()
    body = (text or "").strip()
    if title and title in body[: len(title) + 300]:
        body = body.replace(title, "", 1).strip()  # the title line, under a date line or not
    if not title:
        title = body.split("\n", 1)[0][:300]
    body_or_title = body or title
    title_toks = tokens(title)
    body_toks = tokens(body_or_title)
    all_toks = title_toks + body_toks if body else title_toks
    return Bags(
        title=_sublinear(title_toks),
        body=_sublinear(body_toks),
        stem=_sublinear([stem(w) for w in all_toks]),
        ent=_sublinear(_entities(title, body)),
        mark=markers(f"{title}\n{body}"),
        short=not body,
        vec=vec,
    )
