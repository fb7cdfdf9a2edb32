"""RSS and Atom feeds through feedparser: each entry is an article.

Title, link (``url``), published date (ISO), author and content come from the
entry; the content is ``content:encoded`` (Atom ``content``) else the summary,
turned from HTML into text with paragraphs separated by blank lines. The
feed's title is the outlet of every entry (``outlet_source="metadata"``).
``ext_id`` is the entry's id, else its link; ``Article.source`` is ``path#N``.
"""

from __future__ import annotations

import email.utils
import html
import re
from collections.abc import Iterator
from typing import Any

import feedparser

from ..model import Article, Problem
from .dates import to_iso
from .html import fragment_to_text

_TAG = re.compile(r"<[A-Za-z/][^>]*>")


def read_feed(data: bytes, *, source: str, name: str) -> Iterator[Article | Problem]:
    """The entries of an RSS/Atom feed (bytes: feedparser honours the XML encoding)."""
    parsed = feedparser.parse(data)
    if not parsed.entries:
        if parsed.get("bozo"):
            yield Problem(source, f"not a valid feed ({parsed.get('bozo_exception')})")
        else:
            yield Problem(source, "no entries in this feed", level="warning")
        return
    outlet = (parsed.feed.get("title") or "").strip() or None
    for n, entry in enumerate(parsed.entries, 1):
        yield _article(entry, outlet, source=source, n=n, name=name)


def _article(
    entry: Any, outlet: str | None, *, source: str, n: int, name: str
) -> Article | Problem:
    link = entry.get("link") or None
    text = _content(entry)
    if not text:
        which = link or entry.get("title") or "?"
        return Problem(source, f"entry {n} ({which}): no content or summary")
    published = _date(entry)
    return Article(
        ext_id=entry.get("id") or link or f"{name}#{n}",
        text=text,
        source=f"{source}#{n}",
        kind="feed",
        title=(entry.get("title") or "").strip() or None,
        published=published,
        published_source="metadata" if published else None,
        outlet=outlet,
        outlet_source="metadata" if outlet else None,
        author=_author(entry.get("author")),
        url=link,
    )


def _content(entry: Any) -> str:
    """The fullest body the entry has, as text."""
    candidates = [c for c in entry.get("content", []) if c.get("value")]
    if entry.get("summary"):
        candidates.append(entry.get("summary_detail") or {"value": entry.summary})
    for candidate in sorted(candidates, key=lambda c: -len(c["value"])):
        value = candidate["value"]
        # feedparser calls every RSS description text/html; only tags make it so.
        if _TAG.search(value):
            text = fragment_to_text(value)
        elif "html" in (candidate.get("type") or ""):
            text = html.unescape(value).strip()
        else:
            text = value.strip()
        if text:
            return text
    return ""


def _author(raw: str | None) -> str | None:
    """The author's name; RSS writes ``desk@site.example (Name)``."""
    if not raw or not raw.strip():
        return None
    name, address = email.utils.parseaddr(raw)
    return name.strip() if name.strip() and "@" in address else raw.strip()


def _date(entry: Any) -> str | None:
    # The raw string keeps the feed's own time zone; the parsed tuple is UTC.
    for key in ("published", "updated", "created"):
        if iso := to_iso(entry.get(key)):
            return iso
    return None
