"""The article text of an HTML page: trafilatura, the page's own text, then the text track.

trafilatura finds where the article is, but it drops parts of it (short
paragraphs, subheadings, list items) and finds nothing on some broken
pages. So the page is also laid out as text (one block a line, like a copy
of the page), trafilatura's paragraphs are located in that text, and the
stretch between the first and the last of them is the article, gaps filled
in. The text track's ``clean_text`` then removes what furniture is left. With
no extraction at all, the whole page text goes through ``clean_text``.
"""

from __future__ import annotations

import itertools
import logging
import re

import lxml.html
import trafilatura
from lxml import etree

from .core import clean_text
from .options import DEFAULT_OPTIONS, CleanOptions

# trafilatura logs its complaints about a page; an empty result says enough.
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)

#: A page line counts as found in trafilatura's output from this many words
#: (shorter lines such as "Share" occur anywhere).
MATCH_MIN_WORDS = 3
#: A longer run of page lines that trafilatura skipped between two found
#: lines is not article (a related-links box, comments).
MAX_GAP_LINES = 25
#: A <title> this long holding markup swallowed the page (an unclosed tag).
SWALLOWED_TITLE_CHARS = 300

# The region starts at trafilatura's first paragraph: there is no title line.
_REGION_OPTIONS = CleanOptions(first_line_is_title=False)

# Layout of the page text: these start a new line, those are set off by a blank line.
_LINE_TAGS = frozenset(
    [
        "article", "aside", "br", "dd", "details", "div", "dt", "fieldset", "figcaption",
        "footer", "form", "header", "hr", "legend", "li", "main", "nav", "table", "tr",
    ]
)  # fmt: skip
_BLOCK_TAGS = frozenset(
    [
        "blockquote", "dl", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "ol", "p", "pre",
        "title", "ul",
    ]
)  # fmt: skip
_INVISIBLE = ("script", "style", "link", "meta", "object", "embed", "applet", "iframe", "frame")
_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"\w+")
_CLOSES = re.compile(r"[,:;.!?\")]")
_MARKUP = re.compile(r"</?(?:head|body|div|table|p)\b", re.IGNORECASE)
_NEWLINE, _BLANK = "\n", "\n\n"


def extract_html(html: str, *, url: str | None = None) -> str:
    """The article text of an HTML page, cleaned, paragraphs split by blank lines; "" when
    none."""
    text, region = article_text(html, url=url)
    if not text:
        return ""
    return clean_text(text, options=_REGION_OPTIONS if region else DEFAULT_OPTIONS).body


def article_text(html: str, *, url: str | None = None) -> tuple[str, bool]:
    """The page's article before cleaning, and whether it was found as a region of the page
    (else it is the whole page's text, for the cleaner to find the article in).

    Ingest keeps this as ``Article.text``, so the cleaner's removed spans point into it.
    """
    root = _parse(html)
    if root is None:
        return "", False
    title = root.find(".//title")
    if title is not None and _swallowed(title.text or ""):
        html = title.text or ""
        root = _parse(html)
        if root is None:
            return "", False
    found = _trafilatura(html, url)
    # The <title> is metadata, and as the page's first line it would anchor the region
    # there whenever the headline repeats it, taking the navigation in between along.
    body = root.find("body")
    page = page_text(body if body is not None else root)
    if found:
        return article_region(page, found) or found, True
    return page, False


def page_text(root: etree._Element) -> str:
    """The visible text of a parsed page, one block a line (``root`` is modified)."""
    etree.strip_elements(root, *_INVISIBLE, with_tail=False)
    etree.strip_elements(root, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    out: list[str] = []
    prev = _BLANK  # _NEWLINE, _BLANK or the last text added

    def breaks(tag: object) -> None:
        nonlocal prev
        if prev is _BLANK or not isinstance(tag, str):
            return
        if tag in _BLOCK_TAGS:
            out.append("\n" if prev is _NEWLINE else "\n\n")
            prev = _BLANK
        elif tag in _LINE_TAGS and prev is not _NEWLINE:
            out.append("\n")
            prev = _NEWLINE

    def add(raw: str | None) -> None:
        nonlocal prev
        text = _SPACES.sub(" ", raw.strip()) if raw else ""
        if not text:
            return
        # Inline elements are words apart ("<b>Paris</b>France"), except before
        # closing punctuation or after an opening bracket.
        glued = not prev[-1].isspace() and (_CLOSES.match(text) or prev.endswith("("))
        if prev is not _NEWLINE and prev is not _BLANK and not glued:
            out.append(" ")
        out.append(text)
        prev = raw

    for event, element in etree.iterwalk(root, events=("start", "end")):
        breaks(element.tag)
        if event == "start":
            add(element.text)
        elif element is not root:
            add(element.tail)
    return "".join(out).strip()


def article_region(page: str, extracted: str) -> str | None:
    """The lines of ``page`` from the first to the last one found in ``extracted``,
    leaving out long runs that trafilatura skipped; None when none is found."""
    lines = page.split("\n")
    haystack = f" {' '.join(_WORD.findall(extracted))} "
    hits = []
    for i, line in enumerate(lines):
        words = _WORD.findall(line)
        if len(words) >= MATCH_MIN_WORDS and f" {' '.join(words)} " in haystack:
            hits.append(i)
    if not hits:
        return None
    keep = set(hits)
    for a, b in itertools.pairwise(hits):
        if b - a - 1 <= MAX_GAP_LINES:
            keep.update(range(a, b))
    # Blank lines stay: they separate the paragraphs for clean_text.
    return "\n".join(line for i, line in enumerate(lines) if i in keep or not line.strip())


def _parse(html: str) -> etree._Element | None:
    # As bytes: lxml refuses a str that declares its own encoding.
    data = html.strip().replace("\x00", "").encode("utf-8", "replace")
    if not data:
        return None
    parser = lxml.html.HTMLParser(recover=True, encoding="utf-8")
    try:
        return etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError:
        return None


def _swallowed(title: str) -> bool:
    """Did an unclosed <title> ("</tit" cut off in the crawl) take in the rest of the page?"""
    return len(title) > SWALLOWED_TITLE_CHARS and bool(_MARKUP.search(title))


def _trafilatura(html: str, url: str | None) -> str:
    found = trafilatura.extract(html, url=url, include_comments=False)
    if not found:
        # trafilatura's own parsing gives up on some broken pages (a cut-off
        # doctype, a page that starts with a table) that lxml reads.
        root = _parse(html)
        if root is not None:
            found = trafilatura.extract(root, url=url, include_comments=False)
    return found or ""
