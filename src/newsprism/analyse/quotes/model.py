"""The result of quote attribution: one ``Quote`` per attribution, spans into the body."""

from __future__ import annotations

from dataclasses import dataclass

Pos = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Quote:
    """Who said what: ``content`` fragments, the ``cue`` (reporting verb) and the ``source``.

    ``speaker`` is the within-article resolution of the source (a full name for people),
    or the last speaker for a floating quote; ``None`` when nothing could be resolved.
    """

    content: tuple[Pos, ...]
    cue: Pos | None
    source: Pos | None
    kind: str  # "direct" | "partial" | "indirect" | "dash"
    speaker: str | None = None
    # reported speech inside another attribution's content ("Psaki noted that Blinken,
    # who said that X, ..."): kept for who-said-what, left out where a benchmark's
    # annotation (PolNeAR's) never nests
    nested: bool = False

    @property
    def content_span(self) -> Pos:
        """The span covering every content fragment."""
        return self.content[0][0], self.content[-1][1]
