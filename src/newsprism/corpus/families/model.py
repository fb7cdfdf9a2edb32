"""What a quote family is made of: the quote records that go in, the families that come
out, and the settings of the grouping."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class QuoteRecord:
    """One quote of one article, as the quote stage found it.

    ``span`` is where ``text`` sits in the article body; when ``text`` is exactly that
    slice, the span of a member's rendering is exact too.
    """

    article: str
    outlet: str | None
    published: date | datetime | str | None
    speaker: str | None  # canonical speaker name, or None when unresolved
    text: str
    span: Span
    lang: str | None = None  # language code; guessed from the script when None
    speaker_kind: str | None = None  # "PERSON", "ORG"...: the canonical speaker's kind


@dataclass(frozen=True)
class FamilyParams:
    """Thresholds of the similarity test and the candidate index."""

    content_cover: float = 0.75  # share of a full unit's content words matched in order
    token_cover: float = 0.7  # share of all its words matched in order
    max_short: int = 3  # units with at most this many content words are quoted phrases
    pair_reach: int = 1  # content words this far apart form an index pair (1: adjacent)
    triple_reach: int = 3  # content words this far apart form an index triple
    probe_df: int = 50  # a sentence is looked up by its triples in at most this many quotes
    min_probe: int = 3  # and by its this many rarest triples whatever their counts
    max_df: int = 2000  # keys in more quotes than this are stock phrases, not indexed
    max_phrase_df: int = 50  # a quoted phrase whose words meet in more quotes is a stock one
    prior: int = 1000  # quotes assumed to lack every word, for word rarity (see Rarity)
    cross_threshold: float = 0.8  # cosine linking units across languages (translations: 0.77-0.92)


@dataclass(frozen=True)
class Member:
    """A quote of the family, and the part of it that renders the family's quote."""

    record: QuoteRecord
    text: str  # the rendering: the matched sentence, phrase or clause
    span: Span  # the rendering's span in the article body
    diff: list[tuple[str, str]]  # word diff against the earliest member's rendering

    @property
    def article(self) -> str:
        return self.record.article

    @property
    def outlet(self) -> str | None:
        return self.record.outlet

    @property
    def published(self) -> date | datetime | str | None:
        return self.record.published

    @property
    def speaker(self) -> str | None:
        return self.record.speaker


@dataclass
class Family:
    """The renderings of one quote, earliest first."""

    id: str
    members: list[Member] = field(default_factory=list)

    @property
    def earliest(self) -> Member:
        return self.members[0]

    @property
    def articles(self) -> list[str]:
        return list(dict.fromkeys(m.article for m in self.members))

    @property
    def speakers(self) -> dict[str, list[str]]:
        """Each attributed speaker with the outlets (or articles) that name them."""
        out: dict[str, list[str]] = {}
        for m in self.members:
            if m.speaker is not None:
                where = out.setdefault(m.speaker, [])
                if (m.outlet or m.article) not in where:
                    where.append(m.outlet or m.article)
        return out

    @property
    def speaker_mismatch(self) -> bool:
        """Whether the members attribute the quote to different speakers."""
        return len(self.speakers) > 1

    def to_json(self) -> dict[str, Any]:
        return {
            "family": self.id,
            "members": [
                {
                    "article": m.article,
                    "outlet": m.outlet,
                    "published": iso(m.published),
                    "speaker": m.speaker,
                    "text": m.text,
                    "span": list(m.span),
                }
                for m in self.members
            ],
        }


def iso(d: date | datetime | str | None) -> str | None:
    return d.isoformat() if isinstance(d, date) else d
