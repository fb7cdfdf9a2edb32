"""Decide what kind of input a file is, from its first bytes and its name.

Content wins over the suffix where it is clear: a ``.txt`` holding an HTML
page is HTML, a ``.dat`` starting with ``<rss`` is a feed. Where the content
is plain text, the suffix decides: ``.txt``/``.md``/no suffix are articles,
anything else (``.csv``, ``.py``...) is ``unknown`` and skipped with a warning.
"""

from __future__ import annotations

import json
import re
import zlib
from typing import Literal

Kind = Literal["text", "html", "jsonl", "json", "warc", "feed", "zip", "tar", "binary", "unknown"]

#: How many leading bytes sniffing looks at.
HEAD_BYTES = 8192

_SUFFIX_KINDS: dict[str, Kind] = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    "": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".shtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".warc": "warc",
    ".warc.gz": "warc",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "feed",
    ".zip": "zip",
    ".tar": "tar",
    ".tar.gz": "tar",
    ".tgz": "tar",
    ".tar.bz2": "tar",
    ".tbz2": "tar",
    ".tar.xz": "tar",
    ".txz": "tar",
}

_BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\xd0\xcf\x11\xe0", b"\x7fELF")
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
# Prolog and comments before the root element of an XML or HTML document.
_PROLOG = re.compile(r"\A(?:\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>)*", re.S | re.I)
_FIRST_TAG = re.compile(r"<([A-Za-z][\w:.-]*)")
_HTML_TAGS_TEXT = (
    "html head body meta title link script style div p span a img table section "
    "article header nav main footer form h1 h2 h3 h4 h5 h6 ul ol li br center font b "
    "i iframe"
)
_HTML_TAGS = frozenset(_HTML_TAGS_TEXT.split())
_FEED_ROOTS = frozenset({"rss", "feed", "rdf:rdf", "rdf"})


def suffix_of(name: str) -> str:
    """The suffix that decides the kind, with double suffixes like ``.tar.gz`` kept whole."""
    lower = name.lower()
    for double in (".warc.gz", ".tar.gz", ".tar.bz2", ".tar.xz"):
        if lower.endswith(double):
            return double
    dot = lower.rfind(".")
    return lower[dot:] if dot > 0 else ""


def sniff(head: bytes, name: str) -> Kind:
    """The kind of an input, given its first bytes (``HEAD_BYTES`` is enough) and its name."""
    suffix = suffix_of(name)
    by_suffix = _SUFFIX_KINDS.get(suffix, "unknown")
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip"
    if head.startswith(b"\x1f\x8b"):
        return _sniff_gzip(head, by_suffix)
    if head.startswith((b"BZh", b"\xfd7zXZ")):
        return "tar" if by_suffix == "tar" else "binary"
    if head[257:262] == b"ustar":
        return "tar"
    if head.startswith(b"WARC/"):
        return "warc"
    if head.startswith(_BINARY_MAGIC):
        return "binary"
    text = _head_text(head)
    if text is None:
        return "binary"
    by_content = _sniff_text(text)
    if by_content == "markup-html":
        return "html"
    if by_content == "markup-feed":
        return "feed"
    if by_content == "markup-xml":
        # XML that is neither a feed nor a page: a feed suffix does not make it one.
        return "html" if by_suffix == "html" else "unknown"
    if by_suffix == "jsonl" and by_content == "json":
        return "json"  # a JSON list named .jsonl: its reader copes with both
    if by_suffix in ("json", "jsonl"):
        return by_suffix
    if by_content in ("json", "jsonl"):
        return by_content
    if by_suffix == "feed":
        return "unknown"
    return by_suffix


def _sniff_gzip(head: bytes, by_suffix: Kind) -> Kind:
    try:
        inner = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 1024)
    except zlib.error:
        # Named as a WARC or tar: let its reader say it is corrupt.
        return by_suffix if by_suffix in ("warc", "tar") else "binary"
    if inner.startswith(b"WARC/"):
        return "warc"
    if inner[257:262] == b"ustar" or by_suffix == "tar":
        return "tar"
    if by_suffix == "warc":
        return "warc"
    return "binary"


def _head_text(head: bytes) -> str | None:
    """The head as text for sniffing, or None when it looks binary."""
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return head[len(bom) :].decode(encoding, errors="ignore")
    if b"\0" in head:
        return None
    controls = sum(1 for b in head if b < 32 and b not in b"\t\n\r\f\v\x1b")
    if head and controls / len(head) > 0.1:
        return None
    # Only ASCII markers matter from here on, so any 8-bit encoding will do.
    return head.decode("latin-1")


def _sniff_text(text: str) -> str:
    """``markup-html``, ``markup-feed``, ``markup-xml``, ``json``, ``jsonl`` or ``text``."""
    stripped = text.lstrip()
    if stripped.startswith("<"):
        if re.match(r"<!doctype\s+html", stripped, re.I):
            return "markup-html"
        rest = stripped[_PROLOG.match(stripped).end() :]  # type: ignore[union-attr]
        tag = _FIRST_TAG.match(rest)
        if tag:
            root = tag.group(1).lower()
            if root in _FEED_ROOTS or root.endswith(":rdf"):
                return "markup-feed"
            if root in _HTML_TAGS:
                return "markup-html"
            if stripped.startswith("<?xml"):
                return "markup-xml"
        return "text"
    if stripped.startswith("{"):
        first = stripped.split("\n", 1)[0]
        if "\n" not in stripped and first.startswith('{"'):
            return "jsonl"  # one long first line, cut off by the head
        try:
            return "jsonl" if isinstance(json.loads(first), dict) else "text"
        except ValueError:
            return "text"
    if re.match(r"\[\s*(\{|\Z)", stripped):
        return "json"
    return "text"
