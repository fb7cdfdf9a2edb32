"""Plain-text articles: the whole file is the text; title and date line from the top.

The title is the first non-empty line that is not a date line (and not a
paragraph: lines over ``MAX_TITLE_CHARS`` are not taken for titles). A line
holding just a date among the first ``DATELINE_LINES`` non-empty lines gives
``published`` (``published_source="dateline"``). Both stay inside ``text``;
the cleaner removes them later.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Article
from .dates import parse_date_line

DATELINE_LINES = 5
MAX_TITLE_CHARS = 300


def article_from_text(text: str, *, ext_id: str, source: str) -> Article:
    """An Article from the decoded text of a plain-text file."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    title = published = None
    for n, line in enumerate(_non_empty_lines(text)):
        day = parse_date_line(line) if n < DATELINE_LINES else None
        if day:
            published = published or day
        elif title is None:
            title = line if len(line) <= MAX_TITLE_CHARS else ""  # "": seen, but a paragraph
        if title is not None and (published or n >= DATELINE_LINES - 1):
            break
    return Article(
        ext_id=ext_id,
        text=text,
        source=source,
        kind="text",
        title=title or None,
        published=published,
        published_source="dateline" if published else None,
    )


def _non_empty_lines(text: str) -> Iterator[str]:
    for line in text.split("\n"):
        if line.strip():
            yield line.strip()
