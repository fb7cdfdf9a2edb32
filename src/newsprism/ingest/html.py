"""HTML pages: the article as text, plus the page's metadata from trafilatura.

``text`` is the article region of the page (``clean.html.article_text``:
trafilatura's extraction widened to the page lines around it, so nothing it
skipped inside the article is lost), paragraphs separated by blank lines as in
the plain-text files. It is not cleaned yet: the cleaner runs on it later and
keeps what it removes, as for every other kind of input.
Title, date, author, canonical URL and site name come from the page's
metadata; the site name is the outlet (``outlet_source="metadata"``) unless
it is only the URL's host name, which trafilatura falls back to.
"""

from __future__ import annotations

import logging
import re
from datetime import date
from urllib.parse import urlsplit

import lxml.html
import trafilatura
from lxml import etree
from trafilatura.metadata import extract_metadata

from ..clean.html import article_text
from ..model import Article, Problem

_WWW = re.compile(r"^(?:www|w[0-9]+)\.")
_BLOCKS_TEXT = (
    "p div br li h1 h2 h3 h4 h5 h6 blockquote tr pre section article header footer dd dt "
)
_BLOCKS = frozenset(_BLOCKS_TEXT.split())

# trafilatura logs its complaints about a page (empty tree, no main text); they
# reach the user as our Problem for that input instead, naming the file.
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)


def article_from_html(
    html: str,
    *,
    ext_id: str,
    source: str,
    url: str | None = None,
    kind: str = "html",
    raw_bytes: int | None = None,
) -> Article | Problem:
    """An Article from an HTML page, or a Problem when no article text is found.

    ``url`` is the page's address when known (a WARC record, a fetched URL);
    the page's canonical link, if any, is then kept in ``meta["canonical_url"]``.
    """
    body = _paragraphs(article_text(html, url=url)[0])
    if not body:
        return Problem(source, "no article text found in HTML")
    doc = _metadata(html, url)
    page_url = url or doc.url
    meta: dict[str, object] = {"html_bytes": raw_bytes or len(html.encode("utf-8"))}
    if url and doc.url and doc.url != url:
        meta["canonical_url"] = doc.url
    outlet = doc.sitename if doc.sitename and not _is_host(doc.sitename, page_url) else None
    return Article(
        ext_id=ext_id,
        text=body,
        source=source,
        kind=kind,
        title=doc.title or None,
        published=doc.date or None,
        published_source="metadata" if doc.date else None,
        outlet=outlet,
        outlet_source="metadata" if outlet else None,
        author=doc.author or None,
        url=page_url or None,
        meta=meta,
    )


def fragment_to_text(fragment: str) -> str:
    """The text of an HTML fragment (a feed entry's content), paragraphs split by blank lines.

    trafilatura first; it declines very short fragments, and then the block
    structure of the fragment is read directly.
    """
    doc = trafilatura.bare_extraction(fragment, include_comments=False, favor_recall=True)
    text = _paragraphs(doc.text) if doc is not None and doc.text else ""
    return text or _block_text(fragment)


def _metadata(html: str, url: str | None) -> trafilatura.settings.Document:
    # extensive_search would guess a date from anywhere in the page text; a
    # guess is not metadata, so only the page's own date markup counts.
    params = {
        "original_date": True,
        "extensive_search": False,
        "max_date": date.today().isoformat(),
    }
    try:
        return extract_metadata(html, default_url=url, date_config=params)
    except (ValueError, etree.ParserError):  # markup lxml cannot read: no metadata
        return trafilatura.settings.Document()


def _paragraphs(text: str) -> str:
    return "\n\n".join(line.strip() for line in text.splitlines() if line.strip())


def _block_text(fragment: str) -> str:
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return fragment.strip()
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCKS:
            element.tail = "\n" + (element.tail or "")
    return _paragraphs(root.text_content())


def _is_host(name: str, url: str | None) -> bool:
    """Whether a site name is only trafilatura's fallback: the URL's host (and port)."""
    if not url:
        return False
    parts = urlsplit(url)
    hosts = {parts.netloc.lower(), (parts.hostname or "").lower()}
    hosts |= {_WWW.sub("", h) for h in hosts}
    return name.lower() in hosts - {""}
