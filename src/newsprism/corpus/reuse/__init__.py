"""Passage reuse: who copied whom.

``find_reuse(docs)`` returns :class:`ReuseLink` for every passage two articles share.
The method follows passim: sentences are sketched (MinHash over their content words),
candidate pairs come from LSH buckets (never all pairs), and each candidate pair is
aligned locally into character spans on both sides. Direction comes from the dates.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .align import AlignParams, Passage, align
from .index import ReuseIndex, Sketch
from .links import Doc, ReuseLink, covered, earlier_first

__all__ = [
    "AlignParams",
    "Doc",
    "Passage",
    "ReuseFinder",
    "ReuseIndex",
    "ReuseLink",
    "Sketch",
    "align",
    "find_reuse",
]

#: share of both articles' sentence text the passages must cover for a near-duplicate
NEAR_DUP_COVER = 0.8
SKETCH_BATCH = 256


class ReuseFinder:
    """Incremental reuse detection: each added article is compared with the ones before."""

    def __init__(self, index: ReuseIndex | None = None, params: AlignParams | None = None):
        self.index = index or ReuseIndex()
        self.params = params or AlignParams()
        # published and outlet per indexed article: a tuple of strings is not tracked
        # by the garbage collector, and 100k tracked objects made its full passes slow
        self._docs: dict[str, tuple[str | None, str | None]] = {}

    def add(self, doc: Doc, sketch: Sketch | None = None) -> list[ReuseLink]:
        """Index ``doc`` and return its links to the articles already indexed."""
        if sketch is None:
            sketch = self.index.sketch(doc.text)
        links = self._align(doc, sketch, self.index.query(sketch, self.params))
        self.index.add(doc.id, sketch)
        # the text is not needed again (sentences are in the index): keep the metadata only
        self._docs[doc.id] = (doc.published, doc.outlet)
        return links

    def add_many(
        self, docs: Sequence[Doc], sketches: Sequence[Sketch] | None = None
    ) -> list[ReuseLink]:
        """:meth:`add` for each of ``docs`` in turn (the same links, in the same order),
        with one search of the index for all of them (see ``ReuseIndex.add_many``)."""
        if sketches is None:
            sketches = self.index.sketch_many([d.text for d in docs])
        found = self.index.add_many([d.id for d in docs], sketches, self.params)
        for d in docs:
            self._docs[d.id] = (d.published, d.outlet)
        links: list[ReuseLink] = []
        for d, sk, seeds in zip(docs, sketches, found, strict=True):
            links.extend(self._align(d, sk, seeds))
        return links

    def _align(
        self, doc: Doc, sketch: Sketch, found: dict[str, set[tuple[int, int]]]
    ) -> list[ReuseLink]:
        links: list[ReuseLink] = []
        for other_id, seeds in sorted(found.items()):
            other_units = self.index.units(other_id)
            passages = align(sketch.units, other_units, seeds, self.params)
            if passages:
                other = Doc(other_id, "", *self._docs[other_id])
                links.extend(_links(doc, sketch, other, other_units, passages))
        return links

    def remove(self, doc_id: str) -> None:
        self.index.remove(doc_id)
        self._docs.pop(doc_id, None)


def _links(new: Doc, sketch: Sketch, old: Doc, old_units, passages: list[Passage]):
    def body(us):
        chars = us.chars() if hasattr(us, "chars") else sum(u.end - u.start for u in us)
        return chars or 1

    dup = covered([p.a_span for p in passages]) >= NEAR_DUP_COVER * body(sketch.units) and covered(
        [p.b_span for p in passages]
    ) >= NEAR_DUP_COVER * body(old_units)
    new_is_source = earlier_first(new, old)
    for p in passages:
        if new_is_source:
            yield ReuseLink(new.id, p.a_span, old.id, p.b_span, p.score, p.shared, dup)
        else:
            yield ReuseLink(old.id, p.b_span, new.id, p.a_span, p.score, p.shared, dup)


def _add_batch(finder: ReuseFinder, batch: list[Doc], links: list[ReuseLink]) -> None:
    # sketching and searching for a batch at once amortises numpy's per-call cost; each
    # article is still compared with everything before it, the batch's included
    if batch:
        links.extend(finder.add_many(batch))


def find_reuse(docs: Iterable[Doc], finder: ReuseFinder | None = None) -> list[ReuseLink]:
    """All reuse links among ``docs``, sorted by source, target and span."""
    finder = finder or ReuseFinder()
    links: list[ReuseLink] = []
    batch: list[Doc] = []
    for d in docs:
        batch.append(d)
        if len(batch) == SKETCH_BATCH:
            _add_batch(finder, batch, links)
            batch = []
    _add_batch(finder, batch, links)
    links.sort(key=lambda x: (x.source_id, x.target_id, x.source_span, x.target_span))
    return links
