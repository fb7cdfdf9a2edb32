"""Bytes to text: UTF-8 first, else the declared charset, else charset-normalizer."""

from __future__ import annotations

import codecs
import re

import charset_normalizer

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# charset-normalizer guesses from the text alone, and on a few lines of French
# it may prefer cp1257 to cp1252. When a common code page reads the bytes
# almost as cleanly (within this much "chaos"), that is the likelier one.
_COMMON = ("cp1252", "cp1251", "iso8859_2", "koi8_r")
_CHAOS_MARGIN = 0.1
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)


class DecodeError(ValueError):
    """The bytes are not text in any encoding we can tell."""


def decode(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Return ``(text, encoding)``. Raises DecodeError when the bytes are not text."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding), encoding
            except UnicodeDecodeError as e:
                raise DecodeError(f"not valid {encoding} after its byte-order mark") from e
    if b"\0" in data:
        raise DecodeError("binary file (NUL bytes)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if declared and _known(declared):
        try:
            return data.decode(declared), codecs.lookup(declared).name
        except UnicodeDecodeError:
            pass
    return _guess(data)


def declared_charset(html: bytes) -> str | None:
    """The charset a page declares in a ``<meta>`` tag near its top, if any."""
    m = _META_CHARSET.search(html[:4096])
    return m.group(1).decode("ascii", "ignore") if m else None


def charset_of(content_type: str) -> str | None:
    """The charset parameter of a Content-Type header, if any."""
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def _known(encoding: str) -> bool:
    try:
        codecs.lookup(encoding)
    except LookupError:
        return False
    return True


def _guess(data: bytes) -> tuple[str, str]:
    matches = charset_normalizer.from_bytes(data)
    best = matches.best()
    if best is None:
        raise DecodeError("binary file or unknown text encoding")
    if best.encoding in _COMMON:
        return str(best), best.encoding
    close = {m.encoding: m for m in matches if m.chaos <= best.chaos + _CHAOS_MARGIN}
    for encoding in _COMMON:
        if encoding in close:
            return str(close[encoding]), encoding
    text = str(best)
    for encoding in _COMMON:
        try:
            if data.decode(encoding) == text:
                return text, encoding
        except UnicodeDecodeError:
            continue
    return text, best.encoding
