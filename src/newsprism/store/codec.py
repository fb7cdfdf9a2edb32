"""Articles and analyses to table rows and back."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from newsprism.model import ESTIMATE, Analysis, Article, BodyMap, Cleaned, Span, StoredArticle

# Span layers: "removed" points into articles.text, the others into articles.body.
REMOVED, LANGUAGE, SENTENCE, ENTITY = "removed", "language", "sentence", "entity"
QUOTE, DATE = "quote", "date"


def article_row(article: Article, now: str) -> dict[str, Any]:
    return {
        "ext_id": article.ext_id,
        "source": article.source,
        "kind": article.kind,
        "content_hash": article.content_hash,
        "title": article.title,
        "published": article.published,
        "published_source": article.published_source,
        "outlet": article.outlet,
        "outlet_source": article.outlet_source,
        "author": article.author,
        "url": article.url,
        "meta": article.meta,
        "text": article.text,
        "ingested_at": now,
    }


def analysis_row(current: Mapping[str, Any], analysis: Analysis, now: str) -> dict[str, Any]:
    """New values for an article's columns. ``current`` holds its title, published,
    published_source and author: metadata the cleaner found fills only what is missing."""
    found = analysis.cleaned.found
    row = {
        "body": analysis.cleaned.body,
        "body_map": analysis.cleaned.body_map.to_json(),
        "found": dict(found) or None,
        "language": analysis.language,
        "language_score": analysis.language_score,
        "analysis_version": Analysis.VERSION,
        "analysed_at": now,
    }
    # An earlier estimate is not the article's own date: a new analysis estimates afresh.
    current = dict(current)
    if current["published_source"] == ESTIMATE:
        current["published"] = current["published_source"] = None
    for key in ("title", "author", "published"):
        row[key] = current[key] or found.get(key) or None
    row["published_source"] = current["published_source"]
    if not current["published"] and row["published"]:
        row["published_source"] = "dateline"
    elif not row["published"] and analysis.published:
        # an estimate from the dates the text mentions: stored with its source, so every
        # view can say it is one
        row["published"] = analysis.published["date"]
        row["published_source"] = analysis.published["source"]
    return row


def span_rows(article_id: int, analysis: Analysis) -> list[dict[str, Any]]:
    layers = (
        (REMOVED, analysis.cleaned.removed),
        (LANGUAGE, analysis.languages),
        (SENTENCE, analysis.sentences),
        (ENTITY, analysis.entities),
        (QUOTE, analysis.quotes),
        (DATE, analysis.dates),
    )
    return [
        {
            "article_id": article_id,
            "layer": layer,
            "start": s.start,
            "end": s.end,
            "label": s.label,
            "attrs": s.attrs or None,
        }
        for layer, group in layers
        for s in group
    ]


def stored_article(row: Mapping[str, Any], spans: Sequence[Mapping[str, Any]]) -> StoredArticle:
    """Rebuild an article from its row and its span rows (in insertion order)."""
    article = Article(
        ext_id=row["ext_id"],
        text=row["text"],
        source=row["source"],
        kind=row["kind"],
        title=row["title"],
        published=row["published"],
        published_source=row["published_source"],
        outlet=row["outlet"],
        outlet_source=row["outlet_source"],
        author=row["author"],
        url=row["url"],
        meta=row["meta"] or {},
    )
    if row["analysis_version"] is None:
        return StoredArticle(row["id"], article, None)
    layers: dict[str, list[Span]] = {
        layer: [] for layer in (REMOVED, LANGUAGE, SENTENCE, ENTITY, QUOTE, DATE)
    }
    for s in spans:
        layers[s["layer"]].append(Span(s["start"], s["end"], s["label"], s["attrs"] or {}))
    cleaned = Cleaned(
        body=row["body"] or "",
        body_map=BodyMap.from_json(row["body_map"] or []),
        removed=layers[REMOVED],
        found=row["found"] or {},
    )
    analysis = Analysis(
        cleaned=cleaned,
        language=row["language"],
        language_score=row["language_score"] or 0.0,
        languages=layers[LANGUAGE],
        sentences=layers[SENTENCE],
        entities=layers[ENTITY],
        quotes=layers[QUOTE],
        dates=layers[DATE],
    )
    return StoredArticle(row["id"], article, analysis)
