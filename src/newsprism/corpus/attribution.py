"""Who said what, across the corpus: stored quotes with their canonical speakers.

The read side of the quotes and speakers stages, shared by ``newsprism quotes`` and the
report: each stored quote is joined to the canonical speaker its within-article name
resolves to, can be filtered by speaker (any alias) and outlet, and renderings of one
quote across articles are grouped into families.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from newsprism.analyse import FRAGMENT_JOIN
from newsprism.corpus.families import Family, QuoteRecord, load_encoder
from newsprism.corpus.families import quote_families as families_among
from newsprism.model import ESTIMATE
from newsprism.store import Store
from newsprism.store.records import QuoteRow, SpeakerRow


@dataclass(frozen=True, slots=True)
class Attribution:
    """A stored quote and the canonical speaker it is attributed to (None: unresolved)."""

    quote: QuoteRow
    speaker: SpeakerRow | None

    @property
    def speaker_name(self) -> str | None:
        return self.speaker.name if self.speaker else self.quote.speaker


def attributions(
    store: Store, *, speaker: str | None = None, outlet: str | None = None
) -> list[Attribution]:
    """Every stored quote with its canonical speaker, by article and position.

    ``speaker`` matches, case-insensitively, any part of a canonical name or alias
    ("lavrov" finds Sergei and Sergey Lavrov); ``outlet`` is matched exactly."""
    rows = store.quote_rows(outlet=outlet)
    return attribute(rows, store.speakers(), store.speaker_aliases(), speaker=speaker)


def attribute(
    rows: Iterable[QuoteRow],
    speakers: Iterable[SpeakerRow],
    alias_of: Mapping[str, str],
    *,
    speaker: str | None = None,
) -> list[Attribution]:
    """``rows`` joined to the canonical speakers their names resolve to (``alias_of``:
    within-article name -> speaker id), for a caller that has the speaker tables already."""
    by_id = {s.id: s for s in speakers}
    wanted = matching_speakers(by_id.values(), speaker) if speaker else None
    out = []
    for q in rows:
        sid = alias_of.get(q.speaker or "")
        if wanted is not None and sid not in wanted:
            continue
        out.append(Attribution(q, by_id.get(sid) if sid else None))
    return out


def matching_speakers(speakers: Iterable[SpeakerRow], query: str) -> set[str]:
    """Ids of the speakers whose name or an alias contains ``query`` (case-insensitive)."""
    q = query.casefold().strip()
    return {s.id for s in speakers if any(q in name.casefold() for name in (s.name, *s.aliases))}


def quote_families(
    found: Iterable[Attribution], *, cross_language: bool | None = None
) -> list[Family]:
    """The families of renderings among ``found``, largest first, each member attributed
    to its canonical speaker.

    ``cross_language`` links quotes across languages with the multilingual encoder; by
    default it is used only when the quotes are written in more than one script."""
    records = [record for a in found for record in _records(a)]
    if cross_language is None:
        cross_language = len({_script(r.text) for r in records}) > 1
    return families_among(records, encoder=load_encoder() if cross_language else None)


def _records(a: Attribution) -> Iterator[QuoteRecord]:
    """One record per content fragment ('"A," he said. "B."' has two), so that every
    member of a family points at exactly its own words."""
    q = a.quote
    fragments = q.span.attrs.get("content") or [[q.span.start, q.span.end]]
    texts = q.text.split(FRAGMENT_JOIN)
    if len(texts) != len(fragments):  # the words themselves hold the joiner
        fragments, texts = [[q.span.start, q.span.end]], [q.text]
    for (start, end), text in zip(fragments, texts, strict=True):
        yield QuoteRecord(
            article=q.ext_id,
            outlet=q.outlet,
            # A family's earliest appearance is a claim a reader acts on: our own estimate
            # of an undated article's day is too rough to order renderings by.
            published=None if q.published_source == ESTIMATE else q.published,
            speaker=a.speaker_name,
            text=text,
            span=(start, end),
            speaker_kind=a.speaker.kind if a.speaker else q.span.attrs.get("speaker_kind"),
        )


def _script(text: str) -> str:
    """Latin or not, which is all the choice above needs."""
    letters = [c for c in text if c.isalpha()]
    latin = sum(c.isascii() or "À" <= c <= "ɏ" for c in letters)
    return "latin" if latin * 2 >= len(letters) else "other"
