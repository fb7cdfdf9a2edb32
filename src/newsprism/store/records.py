"""Small result records the store hands back."""

from __future__ import annotations

from dataclasses import dataclass, field


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
