"""The data that flows through newsprism.

Everything downstream of ingest speaks in spans: ``(start, end)`` character
offsets. Spans that describe what cleaning removed point into
``Article.text`` (the text as ingested); every other span points into the
cleaned ``body``. ``BodyMap`` translates body offsets back to the ingested
text, so a view can always show a passage where it came from.
"""

from __future__ import annotations

import bisect
import hashlib
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Span:
    """A labelled stretch of characters, ``text[start:end]``."""

    start: int
    end: int
    label: str = ""
    attrs: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span ({self.start}, {self.end})")

    def text_of(self, text: str) -> str:
        return text[self.start : self.end]


#: ``Article.published_source`` of a day newsprism guessed from the dates a text mentions:
#: a hint for clustering, shown as a guess and never used to order what a reader compares.
ESTIMATE = "estimate"


@dataclass(slots=True)
class Article:
    """One article as ingested, before any analysis.

    ``ext_id`` is the id a user knows it by: the file name, the JSONL ``id``,
    the URL. ``source`` says where exactly it was read from (a path, with
    ``!member`` for archive members and ``:LINE`` for JSONL lines).
    """

    ext_id: str
    text: str
    source: str
    kind: str
    title: str | None = None
    published: str | None = None  # ISO 8601 date or datetime
    published_source: str | None = None  # "metadata", "dateline", "url", ESTIMATE
    outlet: str | None = None
    outlet_source: str | None = None  # "metadata", "url", "option", "outlets.csv", "folder"
    author: str | None = None
    url: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def content_hash(self) -> str:
        """Identity for de-duplication: the same text under the same title is the same article."""
        h = hashlib.sha256()
        h.update((self.title or "").strip().encode("utf-8"))
        h.update(b"\0")
        h.update(" ".join(self.text.split()).encode("utf-8"))
        return h.hexdigest()


@dataclass(frozen=True, slots=True)
class Problem:
    """An input that could not be read. Reported, never fatal for the batch."""

    source: str
    message: str
    level: str = "error"  # "error" or "warning" (e.g. an unknown extension, skipped)

    def __str__(self) -> str:
        return f"{self.source}: {self.message}"


@dataclass(frozen=True, slots=True)
class BodyMap:
    """Maps offsets in the cleaned body back to offsets in the ingested text.

    The body is built from kept pieces of the text, joined by separators the
    cleaner inserts. Each segment is ``(body_start, text_start, length)``.
    """

    segments: tuple[tuple[int, int, int], ...]

    def to_text(self, offset: int) -> int:
        """The text offset of a body offset (separator offsets map to the next piece)."""
        if not self.segments:
            return offset
        starts = [s[0] for s in self.segments]
        i = max(bisect.bisect_right(starts, offset) - 1, 0)
        body_start, text_start, length = self.segments[i]
        if offset <= body_start + length:
            return text_start + max(offset - body_start, 0)
        if i + 1 < len(self.segments):
            return self.segments[i + 1][1]
        return text_start + length

    def span_to_text(self, start: int, end: int) -> tuple[int, int]:
        return self.to_text(start), self.to_text(end)

    def to_json(self) -> list[list[int]]:
        return [list(s) for s in self.segments]

    @classmethod
    def from_json(cls, data: list[list[int]]) -> BodyMap:
        return cls(tuple((int(a), int(b), int(c)) for a, b, c in data))


@dataclass(slots=True)
class Cleaned:
    """What the cleaner made of an article's text.

    ``removed`` spans point into the ingested text; their label is the reason
    (``"pattern:share"``, ``"title"``, ``"dateline"``...). ``found`` holds
    metadata recovered from removed lines (``title``, ``published``, ``author``).
    """

    body: str
    body_map: BodyMap
    removed: list[Span]
    found: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class Analysis:
    """The per-article annotations of analysis v2. Spans point into ``cleaned.body``
    except ``cleaned.removed``, which points into the article's text."""

    cleaned: Cleaned
    language: str | None
    language_score: float
    languages: list[Span]  # paragraphs whose language differs from the article's, label=code
    sentences: list[Span]
    entities: list[Span]  # label = spaCy entity label, attrs["text"]
    # label = kind (direct, partial, indirect, dash); the span covers the content; attrs:
    # "content" (fragments), "cue", "source" (spans or None), "speaker" (within-article name)
    quotes: list[Span] = field(default_factory=list)
    # date expressions; attrs: "date" (ISO or None), "text", "kind"
    dates: list[Span] = field(default_factory=list)
    # the publication date the text implies, when the article carries none:
    # {"date", "source", "confidence", "note"}
    published: dict[str, Any] | None = None

    #: Bumped whenever analysis output changes, so ``analyze`` knows what is stale.
    VERSION = 2


@dataclass(slots=True)
class StoredArticle:
    """An article read back from the store, with whatever analysis it has."""

    id: int
    article: Article
    analysis: Analysis | None
