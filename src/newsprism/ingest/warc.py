"""Web archives (``.warc``, ``.warc.gz``) through warcio.

Every ``response`` record with an HTML content type goes through the HTML
module; other records are passed over. ``ext_id`` and ``url`` are the
record's WARC-Target-URI (a differing canonical link goes to
``meta["canonical_url"]``); when the page carries no date, the WARC-Date
(when it was fetched) stands in, with ``published_source="warc"``.
``Article.source`` is ``path#N``, the Nth record of the file; its byte offset
is in ``meta["warc_offset"]``. Each record is capped at ``max_bytes``.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from ..model import Article, Problem
from .decode import DecodeError, charset_of, declared_charset, decode
from .html import article_from_html

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_warc(stream: BinaryIO, *, source: str, max_bytes: int) -> Iterator[Article | Problem]:
    """The HTML pages of a WARC file; a corrupt file ends in one Problem."""
    pages = 0
    try:
        records = ArchiveIterator(stream)
        for n, record in enumerate(records, 1):
            if record.rec_type != "response" or record.http_headers is None:
                continue
            content_type = record.http_headers.get_header("Content-Type") or ""
            if not content_type.lower().startswith(_HTML_TYPES):
                continue
            pages += 1
            uri = record.rec_headers.get_header("WARC-Target-URI") or f"{source}#{n}"
            where = f"record {n} ({uri})"
            data = record.content_stream().read(max_bytes + 1)
            if len(data) > max_bytes:
                yield Problem(source, f"{where}: over the size cap of {max_bytes:,} bytes")
                continue
            charset = charset_of(content_type) or declared_charset(data)
            try:
                html, encoding = decode(data, charset)
            except DecodeError as e:
                yield Problem(source, f"{where}: {e}")
                continue
            found = article_from_html(
                html, ext_id=uri, source=f"{source}#{n}", url=uri, kind="warc", raw_bytes=len(data)
            )
            if isinstance(found, Problem):
                yield Problem(source, f"{where}: {found.message}")
                continue
            found.meta["encoding"] = encoding
            found.meta["warc_offset"] = records.get_record_offset()
            if found.published is None and (fetched := record.rec_headers.get_header("WARC-Date")):
                found.published, found.published_source = fetched, "warc"
            yield found
    except (ArchiveLoadFailed, OSError, EOFError, ValueError, zlib.error) as e:
        yield Problem(source, f"corrupt WARC: {e}".strip())
        return
    if pages == 0:
        yield Problem(source, "no HTML responses in this WARC", level="warning")
