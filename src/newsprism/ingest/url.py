"""http(s) URLs of pages and feeds, fetched with requests.

The body is capped at ``max_bytes`` while it streams in, and the whole fetch
at ``timeout`` seconds. What the body is (page, feed...) is sniffed like a
file's content, with the Content-Type standing in for the file suffix.
Anything that goes wrong is one Problem, "could not fetch: ...", naming the URL.
"""

from __future__ import annotations

import re
import time
from urllib.parse import unquote, urlsplit

import requests

from .. import __version__
from ..model import Problem
from .blob import Blob, over_cap
from .decode import charset_of

USER_AGENT = f"newsprism/{__version__} (+https://github.com/newsprism)"
_CHUNK = 64 * 1024
_TYPE_SUFFIX = {
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "application/rss+xml": ".rss",
    "application/atom+xml": ".atom",
    "application/rdf+xml": ".rss",
    "application/xml": ".xml",
    "text/xml": ".xml",
    "text/plain": ".txt",
    "application/json": ".json",
    "application/x-ndjson": ".jsonl",
    "application/jsonl": ".jsonl",
    "application/zip": ".zip",
}
_ERRNO = re.compile(r"\[Errno -?\d+\] ([^'\")\]]+)")


def is_url(text: str) -> bool:
    return text.lower().startswith(("http://", "https://"))


def fetch(url: str, *, max_bytes: int, timeout: float) -> Blob | Problem:
    """The body of a URL as a blob to sniff and read, or a Problem."""
    deadline = time.monotonic() + timeout
    try:
        with requests.get(
            url, stream=True, timeout=timeout, headers={"User-Agent": USER_AGENT}
        ) as response:
            if response.status_code >= 400:
                reason = f"HTTP {response.status_code} {response.reason or ''}".strip()
                return Problem(url, f"could not fetch: {reason}")
            length = response.headers.get("Content-Length", "")
            if length.isdigit() and int(length) > max_bytes:
                return Problem(url, f"could not fetch: {over_cap(int(length), max_bytes)}")
            chunks, total = [], 0
            for chunk in response.iter_content(_CHUNK):
                total += len(chunk)
                if total > max_bytes:
                    return Problem(url, f"could not fetch: {over_cap(None, max_bytes)}")
                if time.monotonic() > deadline:
                    return Problem(url, f"could not fetch: timed out after {timeout:g} s")
                chunks.append(chunk)
            content_type = response.headers.get("Content-Type", "")
    except requests.RequestException as e:
        return Problem(url, f"could not fetch: {_reason(e)}")
    mime = content_type.partition(";")[0].strip().lower()
    return Blob.of_bytes(
        b"".join(chunks),
        source=url,
        name=_name(url, mime),
        charset=charset_of(content_type),
        url=url,
    )


def _name(url: str, mime: str) -> str:
    """A file name for sniffing: the URL's last path segment, its suffix set by the Content-Type."""
    parts = urlsplit(url)
    segment = unquote(parts.path.rstrip("/").rpartition("/")[2]) or parts.hostname or "index"
    suffix = _TYPE_SUFFIX.get(mime)
    if suffix is None:
        return segment
    stem = segment.rsplit(".", 1)[0] if "." in segment else segment
    return stem + suffix


def _reason(error: requests.RequestException) -> str:
    """A short reason: 'connection refused', not urllib3's whole chain of wrappers."""
    if isinstance(error, requests.Timeout):
        return "timed out"
    text = str(error)
    if "Name or service not known" in text or "nodename nor servname" in text:
        return "host not found (DNS)"
    if m := _ERRNO.search(text):
        return m.group(1).strip().lower()
    return text[:200] or type(error).__name__
