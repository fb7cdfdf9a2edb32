"""Settings for ingest: one frozen dataclass, plain defaults."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class FieldMap:
    """Names of the JSON fields read from JSONL/JSON records.

    The defaults fit the shared benchmark formats (``id, text, title, published,
    outlet, url`` plus ``html`` or ``page_text`` for the clean track).
    """

    id: str = "id"
    text: str = "text"
    title: str = "title"
    published: str = "published"
    outlet: str = "outlet"
    url: str = "url"
    author: str = "author"
    html: str = "html"
    page_text: str = "page_text"


@dataclass(frozen=True)
class IngestOptions:
    """How sources are read.

    ``max_bytes`` caps whatever is read into memory whole: a plain file (text,
    HTML, JSON, feed), a URL body, an archive member, one JSONL line, one WARC
    record. Files that are streamed (JSONL, WARC, zip, tar) are not capped as a
    whole, so a 60 MB JSONL of small records loads; each record is.
    """

    outlet: str | None = None  # overrides every other outlet source
    fields: FieldMap = field(default_factory=FieldMap)
    max_bytes: int = 50 * 1024 * 1024
    timeout: float = 20.0  # URL fetch timeout, seconds
