"""Small result records the store hands back."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from newsprism.model import Span


@dataclass(slots=True)
class AddResult:
    """What ``Store.add_articles`` did: ids of new articles, and ``(ext_id, existing id)``
    for each input whose content was already stored (or came earlier in the same batch)."""

    added: list[int] = field(default_factory=list)
    duplicates: list[tuple[str, int]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ArticleRow:
    """One line of ``newsprism list``: an article without its text."""

    id: int
    ext_id: str
    outlet: str | None
    published: str | None
    title: str | None
    language: str | None
    n_entities: int
    analysed: bool
    published_source: str | None = None


@dataclass(frozen=True, slots=True)
class TextRow:
    """An analysed article as the corpus stages read it: cleaned body and metadata."""

    id: int
    ext_id: str
    title: str | None
    body: str | None
    published: str | None
    outlet: str | None
    published_source: str | None = None


@dataclass(frozen=True, slots=True)
class QuoteRow:
    """A stored quote (``span``: content span, label = kind, attrs as analysis wrote them)
    with its article's metadata."""

    article_id: int
    ext_id: str
    outlet: str | None
    published: str | None
    title: str | None
    span: Span
    published_source: str | None = None

    @property
    def speaker(self) -> str | None:
        return self.span.attrs.get("speaker")

    @property
    def text(self) -> str:
        return self.span.attrs.get("text", "")


@dataclass(frozen=True, slots=True)
class SpeakerRow:
    """A canonical speaker and every name it goes by."""

    id: str
    name: str
    kind: str | None
    aliases: list[str]


@dataclass(frozen=True, slots=True)
class StoryRow:
    """One story: its label (most central headline), dates, size, outlets, key entities."""

    id: int
    narrative: int | None
    label: str
    first_date: str | None
    last_date: str | None
    size: int
    outlets: list[str]
    entities: list[str]

    def to_row(self) -> dict[str, Any]:
        return {f: getattr(self, f) for f in self.__slots__}  # type: ignore[attr-defined]

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> StoryRow:
        return cls(**{f: row[f] for f in cls.__slots__})  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class ReuseRow:
    """A passage of ``source_id`` reused in ``target_id`` (the source is the earlier)."""

    source_id: int
    source_start: int
    source_end: int
    target_id: int
    target_start: int
    target_end: int
    score: float
    shared: int
    near_duplicate: bool

    def to_row(self) -> dict[str, Any]:
        return {f: getattr(self, f) for f in self.__slots__}  # type: ignore[attr-defined]

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> ReuseRow:
        return cls(**{f: row[f] for f in cls.__slots__})  # type: ignore[attr-defined]
