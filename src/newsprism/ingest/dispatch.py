"""Route each input to the reader for its kind, and give every article its outlet."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from ..model import Article, Problem
from . import archive
from .blob import Blob, over_cap, read_capped
from .decode import DecodeError, declared_charset, decode
from .feed import read_feed
from .html import article_from_html
from .jsonl import read_json, read_jsonl
from .options import IngestOptions
from .outlets import OutletRules
from .sniff import HEAD_BYTES, sniff, suffix_of
from .text import article_from_text
from .url import fetch, is_url
from .walk import count_files, walk
from .warc import read_warc

_DEFAULTS = IngestOptions()
#: Archives inside archives are opened this deep, and no deeper.
MAX_ARCHIVE_DEPTH = 4


def read_sources(
    sources: Iterable[str | Path], options: IngestOptions = _DEFAULTS
) -> Iterator[Article | Problem]:
    """Articles from files, folders, archives and URLs; a Problem for each bad input.

    Never raises for a bad input: the Problem names it, and the rest of the
    batch goes on. Folders are read recursively in name order.
    """
    rules = OutletRules(options.outlet)
    for source in _listed(sources):
        text = str(source)
        inputs = (
            [fetch(text, max_bytes=options.max_bytes, timeout=options.timeout)]
            if is_url(text)
            else walk(Path(source))
        )
        for item in inputs:
            if isinstance(item, Problem):
                yield item
            else:
                yield from _read_blob(item, options, rules, depth=0)


def count_inputs(sources: Iterable[str | Path]) -> int | None:
    """How many inputs (files and URLs) ``read_sources`` will open, for a progress bar.

    Cheap: folders are listed, nothing is read. An archive, JSONL file, WARC or
    feed counts as one input, however many articles it holds.
    """
    return sum(1 if is_url(str(s)) else count_files(Path(s)) for s in _listed(sources))


def _listed(sources: Iterable[str | Path] | str | Path) -> Iterable[str | Path]:
    # One path passed bare would otherwise be read one character at a time.
    return [sources] if isinstance(sources, str | Path) else sources


def _read_blob(
    blob: Blob, options: IngestOptions, rules: OutletRules, depth: int
) -> Iterator[Article | Problem]:
    try:
        with blob.open() as stream:
            head = stream.read(HEAD_BYTES)
        if not head.strip() and (blob.size is None or blob.size <= HEAD_BYTES):
            yield Problem(blob.source, "empty file")
            return
        kind = sniff(head, blob.name)
        if kind in ("zip", "tar"):
            yield from _read_archive(blob, kind, options, rules, depth)
            return
        for item in _read_kind(blob, kind, options):
            if isinstance(item, Article):
                rules.assign(item, blob)
                yield from rules.problems
                rules.problems.clear()
            yield item
    except Exception as e:  # a reader's bug must not end the batch; say where it happened
        yield Problem(blob.source, f"could not read ({type(e).__name__}: {e})")


def _read_archive(
    blob: Blob, kind: str, options: IngestOptions, rules: OutletRules, depth: int
) -> Iterator[Article | Problem]:
    if depth >= MAX_ARCHIVE_DEPTH:
        yield Problem(blob.source, f"archive nested more than {MAX_ARCHIVE_DEPTH} deep, not opened")
        return
    for member in archive.members(blob, kind, options.max_bytes):
        if isinstance(member, Problem):
            yield member
        else:
            yield from _read_blob(member, options, rules, depth + 1)


def _read_kind(blob: Blob, kind: str, options: IngestOptions) -> Iterator[Article | Problem]:
    if kind == "binary":
        yield Problem(blob.source, "binary file, not read")
        return
    if kind == "unknown":
        suffix = suffix_of(blob.name) or "no suffix"
        yield Problem(blob.source, f"skipped: unknown file type ({suffix})", level="warning")
        return
    if kind == "jsonl":
        with blob.open() as stream:
            yield from read_jsonl(
                stream,
                source=blob.source,
                name=blob.name,
                fields=options.fields,
                max_bytes=options.max_bytes,
            )
        return
    if kind == "warc":
        with blob.open() as stream:
            yield from read_warc(stream, source=blob.source, max_bytes=options.max_bytes)
        return
    # The other kinds are read whole, so the cap applies to the whole input.
    if blob.size is not None and blob.size > options.max_bytes:
        yield Problem(blob.source, over_cap(blob.size, options.max_bytes))
        return
    with blob.open() as stream:
        data = read_capped(stream, options.max_bytes)
    if data is None:
        yield Problem(blob.source, over_cap(None, options.max_bytes))
    elif not data.strip():
        yield Problem(blob.source, "empty file")
    elif kind == "json":
        yield from read_json(
            data,
            source=blob.source,
            name=blob.name,
            fields=options.fields,
            max_bytes=options.max_bytes,
        )
    elif kind == "feed":
        yield from read_feed(data, source=blob.source, name=blob.name)
    else:
        yield _read_document(blob, kind, data)


def _read_document(blob: Blob, kind: str, data: bytes) -> Article | Problem:
    """A text or HTML file: one article."""
    declared = blob.charset or (declared_charset(data) if kind == "html" else None)
    try:
        text, encoding = decode(data, declared)
    except DecodeError as e:
        return Problem(blob.source, str(e))
    if not text.strip():
        return Problem(blob.source, "empty file")
    if kind == "html":
        found = article_from_html(
            text, ext_id=blob.ext_id, source=blob.source, url=blob.url, raw_bytes=len(data)
        )
    else:
        found = article_from_text(text, ext_id=blob.ext_id, source=blob.source)
        if blob.url:
            found.url = blob.url
    if isinstance(found, Article):
        found.meta["encoding"] = encoding
    return found
