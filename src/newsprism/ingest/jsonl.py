"""JSON Lines (one object a line) and JSON (a list of objects, or one object).

Field names come from ``FieldMap``. A record's text is its ``text`` field,
else its ``page_text`` (kept as it is: the cleaner works on it), else its
``html`` run through the HTML module. ``meta["text_from"]`` says which.
Texts are kept exactly as given, so offsets into the record's ``text`` stay
valid. A broken line or a record without text is one Problem naming the line;
the next lines are still read. ``Article.source`` is ``path:LINE`` (``path#N``
for the Nth object of a JSON list); ``ext_id`` is the record's id, else
``name:LINE`` (``name#N``).
"""

from __future__ import annotations

import codecs
import io
import json
from collections.abc import Iterator
from typing import Any, BinaryIO

from ..model import Article, Problem
from .dates import to_iso
from .decode import DecodeError, decode
from .html import article_from_html
from .options import FieldMap


def read_jsonl(
    stream: BinaryIO, *, source: str, name: str, fields: FieldMap, max_bytes: int
) -> Iterator[Article | Problem]:
    """The records of a JSON Lines stream, one line at a time (each line capped at max_bytes)."""
    lineno = 0
    while raw := stream.readline(max_bytes + 1):
        lineno += 1
        if len(raw) > max_bytes and not raw.endswith(b"\n"):
            _skip_line(stream)
            yield Problem(source, f"line {lineno}: over the size cap of {max_bytes:,} bytes")
            continue
        if lineno == 1:
            raw = raw.removeprefix(codecs.BOM_UTF8)
        if not raw.strip():
            continue
        where = f"line {lineno}"
        try:
            record = json.loads(raw.decode("utf-8").rstrip("\r\n"))
        except UnicodeDecodeError as e:
            yield Problem(source, f"{where}: not UTF-8 ({e.reason} at byte {e.start + 1})")
            continue
        except json.JSONDecodeError as e:
            yield Problem(source, f"{where}: invalid JSON ({_json_error(e)})")
            continue
        yield article_from_record(
            record,
            fields=fields,
            source=source,
            where=where,
            locator=f":{lineno}",
            default_id=f"{name}:{lineno}",
        )


def read_json(
    data: bytes, *, source: str, name: str, fields: FieldMap, max_bytes: int
) -> Iterator[Article | Problem]:
    """The records of a JSON file: a list of objects or one object.

    A ``.json`` that is really JSON Lines (the parser stops at "Extra data") is read as such.
    """
    try:
        text, _ = decode(data)
    except DecodeError as e:
        yield Problem(source, str(e))
        return
    try:
        value = json.loads(text)
    except json.JSONDecodeError as e:
        if e.msg == "Extra data":
            yield from read_jsonl(
                io.BytesIO(data), source=source, name=name, fields=fields, max_bytes=max_bytes
            )
        else:
            yield Problem(source, f"line {e.lineno}: invalid JSON ({_json_error(e)})")
        return
    if isinstance(value, dict):
        yield article_from_record(
            value, fields=fields, source=source, where="object", locator="", default_id=name
        )
        return
    if not isinstance(value, list):
        yield Problem(source, f"JSON holds a {type(value).__name__}, not objects")
        return
    for n, record in enumerate(value, 1):
        yield article_from_record(
            record,
            fields=fields,
            source=source,
            where=f"item {n}",
            locator=f"#{n}",
            default_id=f"{name}#{n}",
        )


def article_from_record(
    record: Any, *, fields: FieldMap, source: str, where: str, locator: str, default_id: str
) -> Article | Problem:
    """One JSON object as an Article; a Problem (naming ``where``) when it holds no text."""
    if not isinstance(record, dict):
        return Problem(source, f"{where}: not a JSON object")
    ext_id = _string(record.get(fields.id)) or default_id
    url = _string(record.get(fields.url))
    article_source = source + locator
    text, text_from = _string(record.get(fields.text)), fields.text
    if not text:
        text, text_from = _string(record.get(fields.page_text)), fields.page_text
    if text:
        article = Article(ext_id=ext_id, text=text, source=article_source, kind="jsonl")
    elif html := _string(record.get(fields.html)):
        text_from = fields.html
        found = article_from_html(html, ext_id=ext_id, source=article_source, url=url, kind="jsonl")
        if isinstance(found, Problem):
            return Problem(source, f"{where}: {found.message}")
        article = found
    else:
        names = ", ".join(f"'{f}'" for f in (fields.text, fields.page_text, fields.html))
        return Problem(source, f"{where}: no text (none of the fields {names} holds any)")
    article.meta["text_from"] = text_from
    _apply_fields(article, record, fields, url)
    return article


def _apply_fields(
    article: Article, record: dict[str, Any], fields: FieldMap, url: str | None
) -> None:
    """The record's own fields win over what was found in its HTML."""
    if title := _string(record.get(fields.title)):
        article.title = title.strip()
    raw_date = record.get(fields.published)
    if raw_date not in (None, ""):
        if published := to_iso(raw_date):
            article.published, article.published_source = published, "metadata"
        else:
            article.meta["published_raw"] = str(raw_date)
    if outlet := _string(record.get(fields.outlet)):
        article.outlet, article.outlet_source = outlet.strip(), "metadata"
    if author := _author(record.get(fields.author)):
        article.author = author
    if url:
        article.url = url


def _string(value: Any) -> str | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return value if isinstance(value, str) and value.strip() else None


def _author(value: Any) -> str | None:
    if isinstance(value, list):
        names = [v.strip() for v in value if isinstance(v, str) and v.strip()]
        return ", ".join(names) or None
    return value.strip() if isinstance(value, str) and value.strip() else None


def _json_error(error: json.JSONDecodeError) -> str:
    # json's messages end in "at", made for its own ": line 1 column 5 (char 4)".
    what = error.msg.removesuffix(" at").removesuffix(" starting")
    return f"{what} at column {error.colno}"


def _skip_line(stream: BinaryIO) -> None:
    while chunk := stream.readline(1 << 20):
        if chunk.endswith(b"\n"):
            return
