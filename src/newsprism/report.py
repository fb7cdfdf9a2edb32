"""The self-contained HTML report: every article with what cleaning removed and what analysis found.

The report is one file with inline CSS and no external resources, so it can be
mailed, archived or opened offline. Highlights come from stored spans, never
from searching the text again: each article's ingested text is cut into
segments (removed / kept / entity / foreign-language) in Python, and the
template only escapes and styles them.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

import jinja2

from newsprism.model import Problem, StoredArticle

UNKNOWN_OUTLET = "Unknown outlet"
TOP_ENTITIES = 12


class Segment(NamedTuple):
    """A stretch of an article's text and how to show it.

    ``kind`` is ``"text"`` (kept, plain), ``"removed"`` (cut by the cleaner),
    ``"ent"`` (a named entity), ``"gap"`` (blank text between removed runs) or
    ``"lang"`` (a language badge that carries no article text). ``attrs`` holds
    ``label``, ``why`` and ``lang`` as they apply.
    """

    kind: str
    text: str
    attrs: Mapping[str, str]


class Range(NamedTuple):
    """A labelled range of character offsets, to be turned into segments."""

    start: int
    end: int
    kind: str
    attrs: Mapping[str, str] = {}


def split_segments(text: str, ranges: Iterable[Range], *, plain: str = "text") -> list[Segment]:
    """Cut ``text`` into segments: one per range, and ``plain`` ones for the gaps.

    Ranges are meant not to overlap, but stored spans come from several
    stages and offsets mapped between body and text can straddle boundaries,
    so this clips instead of failing: ranges are clamped to the text, a range
    that starts inside an earlier one loses its overlapping head, and empty
    ranges are dropped. The segments' texts always join back to ``text``.
    """
    n = len(text)
    out: list[Segment] = []
    pos = 0
    for r in sorted(ranges, key=lambda r: (r.start, r.end)):
        start = min(max(r.start, pos), n)
        end = min(max(r.end, start), n)
        if start == end:
            continue
        if start > pos:
            out.append(Segment(plain, text[pos:start], {}))
        out.append(Segment(r.kind, text[start:end], dict(r.attrs)))
        pos = end
    if pos < n:
        out.append(Segment(plain, text[pos:], {}))
    return out


def article_segments(stored: StoredArticle) -> list[Segment]:
    """The article's ingested text as segments, with removed parts, entities and languages."""
    text = stored.article.text
    analysis = stored.analysis
    if analysis is None:
        return [Segment("text", text, {})] if text else []
    cleaned = analysis.cleaned
    to_text = cleaned.body_map.span_to_text

    removed = [
        Range(s.start, s.end, "removed", {"label": s.label, "why": str(s.attrs.get("why") or "")})
        for s in cleaned.removed
    ]
    entities = [
        Range(*to_text(s.start, s.end), "ent", {"label": s.label}) for s in analysis.entities
    ]
    languages = [(*to_text(s.start, s.end), s.label) for s in analysis.languages]

    out: list[Segment] = []
    badged: set[int] = set()
    pos = 0
    last_cut: str | None = None  # label of the removed run just shown, if nothing kept since
    for seg in split_segments(text, removed):
        start, end = pos, pos + len(seg.text)
        pos = end
        if seg.kind == "removed":
            # Leading blank lines stay apart, so the reason tag sits where the cut text begins.
            rest = seg.text.lstrip()
            if rest and len(rest) < len(seg.text):
                out.append(Segment("removed", seg.text[: len(seg.text) - len(rest)], seg.attrs))
                seg = Segment("removed", rest, seg.attrs)
            if rest:
                label = seg.attrs.get("label", "")
                # A comment form cut line by line needs its reason tag once, not on every line.
                if label == last_cut:
                    seg = Segment("removed", seg.text, {**seg.attrs, "repeat": "1"})
                last_cut = label
            out.append(seg)
            continue
        if seg.text.strip():
            last_cut = None
        # Inside a kept stretch: foreign-language runs, then entities within each run.
        lang_ranges = [
            Range(a - start, b - start, "text", {"lang": code, "i": str(i)})
            for i, (a, b, code) in enumerate(languages)
            if a < end and b > start
        ]
        for run_seg, run_start in _with_offsets(split_segments(seg.text, lang_ranges), start):
            run_end = run_start + len(run_seg.text)
            lang = run_seg.attrs.get("lang")
            if lang is not None:
                i = int(run_seg.attrs["i"])
                if i not in badged:
                    badged.add(i)
                    out.append(Segment("lang", lang, {"lang": lang}))
            inner = [
                Range(r.start - run_start, r.end - run_start, "ent", r.attrs)
                for r in entities
                if r.start < run_end and r.end > run_start
            ]
            extra = {"lang": lang} if lang is not None else {}
            for piece in split_segments(run_seg.text, inner):
                kind = piece.kind
                if kind == "ent" and not piece.text.strip():
                    kind = "text"  # what is left of a clipped entity may be a bare newline
                attrs = {**piece.attrs, **extra} if kind == "ent" else extra
                out.append(Segment(kind, piece.text, attrs))
    return _mark_gaps(out)


def _mark_gaps(segments: list[Segment]) -> list[Segment]:
    """Blank text between two removed runs becomes a ``"gap"``, hidden along with them."""
    out = list(segments)
    for i, seg in enumerate(out):
        if seg.kind != "text" or seg.text.strip():
            continue
        before = out[i - 1].kind if i > 0 else None
        after = out[i + 1].kind if i + 1 < len(out) else None
        if before in ("removed", "gap") and after == "removed":
            out[i] = Segment("gap", seg.text, seg.attrs)
    return out


def _with_offsets(segments: list[Segment], start: int) -> Iterable[tuple[Segment, int]]:
    for seg in segments:
        yield seg, start
        start += len(seg.text)


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


def article_view(stored: StoredArticle) -> ArticleView:
    art, analysis = stored.article, stored.analysis
    found = analysis.cleaned.found if analysis else {}
    published, published_source = art.published, art.published_source
    if not published and found.get("published"):
        published, published_source = found["published"], "found by the cleaner"
    view = ArticleView(
        anchor=f"a-{stored.id}",
        id=stored.id,
        title=(art.title or found.get("title") or art.ext_id or f"Article {stored.id}").strip(),
        outlet=art.outlet or UNKNOWN_OUTLET,
        date=_show_date(published),
        date_source=published_source if published else None,
        url=art.url,
        url_is_link=bool(art.url and re.match(r"https?://", art.url, re.IGNORECASE)),
        language=analysis.language if analysis else None,
        author=art.author or found.get("author"),
        source=art.source,
        kind=art.kind,
        analysed=analysis is not None,
        segments=article_segments(stored),
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


def _show_date(value: str | None) -> str | None:
    if not value:
        return None
    try:
        # The outlet's own wall time is what a reader expects; sorting uses UTC instead.
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return value
    if "T" not in value and " " not in value.strip():
        return parsed.date().isoformat()
    return parsed.strftime("%Y-%m-%d %H:%M")


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


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("newsprism", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _css_class(label: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "_", label) or "none"


def render_report(
    articles: Sequence[StoredArticle],
    *,
    title: str = "newsprism report",
    generated: str | None = None,
    problems: Sequence[Problem] = (),
) -> str:
    """The report as one HTML string. ``generated`` defaults to now (UTC); pass "" to omit it."""
    if generated is None:
        generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    groups = [(name, [article_view(s) for s in group]) for name, group in group_by_outlet(articles)]
    views = [v for _, group in groups for v in group]
    languages = Counter(v.language for v in views if v.language)
    labels = sorted(
        {seg.attrs["label"] for v in views for seg in v.segments if seg.kind == "ent"}
        | {label for v in views for label, _, _ in v.top_entities}
    )
    context: dict[str, Any] = {
        "title": title,
        "generated": generated,
        "groups": groups,
        "n_articles": len(views),
        "n_outlets": len({v.outlet for v in views if v.outlet != UNKNOWN_OUTLET}),
        "languages": languages.most_common(),
        "n_unanalysed": sum(not v.analysed for v in views),
        "labels": labels,
        "problems": list(problems),
        "css_class": _css_class,
    }
    return _environment().get_template("report.html.j2").render(context)


def write_report(path: Path, articles: Sequence[StoredArticle], **kw: Any) -> None:
    """Render the report and write it to ``path`` atomically (temp file in the same folder)."""
    html = render_report(articles, **kw)
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(html)
        os.chmod(tmp, 0o644)  # mkstemp makes it private; a report is meant to be shared
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
