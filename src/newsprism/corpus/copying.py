"""Who copied whom: stored reuse links gathered per article pair and per outlet pair.

The read side of the reuse stage, shared by ``newsprism reuse`` and the report.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from newsprism.corpus.reuse.links import covered
from newsprism.store.records import ReuseRow


@dataclass(slots=True)
class Copy:
    """Everything ``target`` took from ``source`` (the earlier article)."""

    source: int
    target: int
    passages: list[ReuseRow] = field(default_factory=list)

    @property
    def near_duplicate(self) -> bool:
        return any(p.near_duplicate for p in self.passages)

    @property
    def chars(self) -> int:
        """Characters of the target covered by reused passages."""
        return covered([(p.target_start, p.target_end) for p in self.passages])


@dataclass(frozen=True, slots=True)
class Edge:
    """One arrow of a copy graph: ``target`` outlet took from ``source`` outlet."""

    source: str
    target: str
    articles: int  # article pairs
    passages: int
    chars: int


def copies(links: Iterable[ReuseRow]) -> list[Copy]:
    """Links grouped by (source article, target article), largest reuse first."""
    pairs: dict[tuple[int, int], Copy] = {}
    for link in links:
        key = (link.source_id, link.target_id)
        pairs.setdefault(key, Copy(*key)).passages.append(link)
    return sorted(pairs.values(), key=lambda c: (-c.chars, c.source, c.target))


def copy_graph(pairs: Iterable[Copy], outlet_of: Mapping[int, str | None]) -> list[Edge]:
    """Outlet-level arrows: which outlet took how much from which."""
    acc: dict[tuple[str, str], list[int]] = {}
    for c in pairs:
        key = (outlet_of.get(c.source) or "unknown", outlet_of.get(c.target) or "unknown")
        n = acc.setdefault(key, [0, 0, 0])
        n[0] += 1
        n[1] += len(c.passages)
        n[2] += c.chars
    edges = [Edge(s, t, *n) for (s, t), n in acc.items()]
    return sorted(edges, key=lambda e: (-e.chars, e.source, e.target))


def passage(body: str | None, start: int, end: int, limit: int) -> str:
    """The text of a reused passage on one line, cut to ``limit`` characters for display."""
    text = " ".join((body or "")[start:end].split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
