"""An article's ingested text cut into segments for display, from stored spans only.

Highlights come from stored spans, never from searching the text again: the text is cut
into removed / kept / entity / foreign-language segments here, and marks (quotes, reused
passages) are laid over them; the template only escapes and styles.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from itertools import pairwise
from typing import NamedTuple

from newsprism.model import StoredArticle


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


def article_segments(stored: StoredArticle, marks: Sequence[Range] = ()) -> list[Segment]:
    """The article's ingested text as segments, with removed parts, entities and languages;
    ``marks`` (body offsets) lay their attrs over the kept text they cover: quotes,
    reused passages."""
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
    marked = [Range(*to_text(m.start, m.end), m.kind, m.attrs) for m in marks]
    return _overlay(_mark_gaps(out), marked)


def _overlay(segments: list[Segment], marks: Sequence[Range]) -> list[Segment]:
    """Split kept segments at the marks' edges; each piece takes the attrs of the marks
    covering it (marks may overlap each other and entities, unlike ranges)."""
    if not marks:
        return segments
    out: list[Segment] = []
    pos = 0
    for seg in segments:
        if seg.kind == "lang":  # a badge: no article text, no offsets
            out.append(seg)
            continue
        start, end = pos, pos + len(seg.text)
        pos = end
        here = [m for m in marks if m.start < end and start < m.end]
        if seg.kind in ("removed", "gap") or not here:
            out.append(seg)
            continue
        cuts = sorted(
            {start, end} | {min(max(x, start), end) for m in here for x in (m.start, m.end)}
        )
        for a, b in pairwise(cuts):
            attrs = dict(seg.attrs)
            for m in here:
                if m.start <= a and b <= m.end:
                    attrs.update(m.attrs)
            out.append(Segment(seg.kind, seg.text[a - start : b - start], attrs))
    return out


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
