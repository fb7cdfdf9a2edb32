"""What the report shows of one article, and the order articles are listed in.

An article section shows its text with removed passages, entities, languages, quotes and
reused passages marked; the quotes found in it with their speakers; its story; and the
articles it took passages from or gave them to (``ArticleExtras``, from report.corpus).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from newsprism.analyse.dates import estimate_published
from newsprism.model import ESTIMATE, StoredArticle
from newsprism.report.segments import Range, Segment, article_segments

UNKNOWN_OUTLET = "Unknown outlet"
TOP_ENTITIES = 12


@dataclass(frozen=True, slots=True)
class Ref:
    """A link to an article section (or, for a story, to the story's section)."""

    anchor: str
    title: str
    outlet: str
    date: str | None


@dataclass(slots=True)
class QuoteView:
    article: Ref
    kind: str
    speaker: str
    speaker_anchor: str | None
    written: str | None  # the source as the article wrote it
    text: str


@dataclass(slots=True)
class ArticleExtras:
    """What an article section gains from the corpus stages."""

    quotes: list[QuoteView] = field(default_factory=list)
    marks: list[Range] = field(default_factory=list)  # body offsets: quotes, reused passages
    story: Ref | None = None
    reused: list[tuple[str, Ref, int]] = field(default_factory=list)  # (relation, other, chars)


@dataclass(slots=True)
class ArticleView:
    """What the template shows for one article."""

    anchor: str
    id: int
    title: str
    outlet: str
    date: str | None
    date_source: str | None
    url: str | None
    url_is_link: bool
    language: str | None
    author: str | None
    source: str
    kind: str
    analysed: bool
    segments: list[Segment]
    top_entities: list[tuple[str, str, int]] = field(default_factory=list)
    removed_spans: int = 0
    removed_chars: int = 0
    entity_count: int = 0
    foreign: list[str] = field(default_factory=list)
    extras: ArticleExtras = field(default_factory=ArticleExtras)


def anchor_of(article_id: int) -> str:
    return f"a-{article_id}"


def title_of(stored: StoredArticle) -> str:
    art, analysis = stored.article, stored.analysis
    found = analysis.cleaned.found if analysis else {}
    return (art.title or found.get("title") or art.ext_id or f"Article {stored.id}").strip()


def ref_of(stored: StoredArticle) -> Ref:
    a = stored.article
    return Ref(
        anchor_of(stored.id),
        title_of(stored),
        a.outlet or UNKNOWN_OUTLET,
        show_date(a.published, a.published_source),
    )


def article_view(stored: StoredArticle, extras: ArticleExtras | None = None) -> ArticleView:
    art, analysis = stored.article, stored.analysis
    extras = extras or ArticleExtras()
    found = analysis.cleaned.found if analysis else {}
    published, published_source = art.published, date_source(stored)
    if not published and found.get("published"):
        published, published_source = found["published"], "found by the cleaner"
    view = ArticleView(
        anchor=anchor_of(stored.id),
        id=stored.id,
        title=title_of(stored),
        outlet=art.outlet or UNKNOWN_OUTLET,
        date=show_date(published, art.published_source),
        date_source=published_source if published else None,
        url=art.url,
        url_is_link=bool(art.url and re.match(r"https?://", art.url, re.IGNORECASE)),
        language=analysis.language if analysis else None,
        author=art.author or found.get("author"),
        source=art.source,
        kind=art.kind,
        analysed=analysis is not None,
        segments=article_segments(stored, extras.marks),
        extras=extras,
    )
    if analysis is not None:
        body = analysis.cleaned.body
        counts = Counter(
            (s.label, " ".join(str(s.attrs.get("text") or s.text_of(body)).split()))
            for s in analysis.entities
        )
        view.top_entities = [
            (label, name, n) for (label, name), n in counts.most_common(TOP_ENTITIES) if name
        ]
        view.entity_count = len(analysis.entities)
        view.removed_spans = len(analysis.cleaned.removed)
        view.removed_chars = sum(s.end - s.start for s in analysis.cleaned.removed)
        view.foreign = sorted({s.label for s in analysis.languages})
    return view


def date_source(stored: StoredArticle) -> str | None:
    """Where an article's date came from; for our own estimate, also how it was reached."""
    art, analysis = stored.article, stored.analysis
    if art.published_source != ESTIMATE or analysis is None:
        return art.published_source
    note = (analysis.published or {}).get("note")
    if not note:
        # the store keeps the estimated day, not the reasoning: the same rules on the same
        # body give it again
        est = estimate_published(analysis.cleaned.body, title=art.title or "")
        note = est[2] if est else None
    return f"{ESTIMATE}: {note or 'a guess'}"


def show_date(value: str | None, source: str | None = None) -> str | None:
    """A publication date as a reader sees it; a day newsprism estimated reads "≈ 2021-01-21"
    everywhere, so nobody quotes our guess as the outlet's date."""
    if not value:
        return None
    mark = "≈ " if source == ESTIMATE else ""
    try:
        # The outlet's own wall time is what a reader expects; sorting uses UTC instead.
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return mark + value
    if "T" not in value and " " not in value.strip():
        return mark + parsed.date().isoformat()
    return mark + parsed.strftime("%Y-%m-%d %H:%M")


def _parse_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    # Mixed naive and aware datetimes cannot be compared: sort on UTC wall time.
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    return parsed


def _date_key(stored: StoredArticle) -> tuple[int, str, str, int]:
    art = stored.article
    parsed = _parse_date(art.published)
    if parsed is not None:
        return (0, parsed.isoformat(), (art.title or "").lower(), stored.id)
    if art.published:  # a date we cannot read sorts after readable ones, before none
        return (1, art.published, (art.title or "").lower(), stored.id)
    return (2, "", (art.title or "").lower(), stored.id)


def group_by_outlet(articles: Sequence[StoredArticle]) -> list[tuple[str, list[StoredArticle]]]:
    """Articles grouped by outlet (alphabetical, unknown last), each group by date, unknown last."""
    groups: dict[str, list[StoredArticle]] = {}
    for stored in articles:
        groups.setdefault(stored.article.outlet or UNKNOWN_OUTLET, []).append(stored)
    names = sorted(groups, key=lambda name: (name == UNKNOWN_OUTLET, name.casefold()))
    return [(name, sorted(groups[name], key=_date_key)) for name in names]
