"""Which outlet an article comes from, and how we know.

In order of priority (``Article.outlet_source`` in brackets):

1. the ``outlet`` option, when given: it overrides everything ("option");
2. what the input says: a JSON record's ``outlet`` field, an HTML page's site
   name, a feed's title ("metadata");
3. a sidecar ``outlets.csv`` with columns ``pattern,outlet`` ("outlets.csv").
   A pattern is a file name, a glob, or a folder, relative to the csv's
   folder (``courier``, ``courier/*.txt``, ``a.txt``); an archive counts as a
   folder (``bundle.zip/site``). The csv nearest the file wins: the lookup
   starts in the file's folder and goes up to the folder the user named (for a
   file named directly, only its own folder), and in each csv the first
   matching row wins;
4. the article URL's host without ``www.`` ("url");
5. last resort, for files that hold one article (text and HTML files, also
   inside archives): the name of the folder the file is in, even when that is
   the folder the user named ("folder"). Records of JSONL/JSON files, feed
   entries and WARC records are not given their folder's name: a folder holding
   a dump says nothing about where each record came from, so they keep no outlet.
"""

from __future__ import annotations

import csv
import io
from fnmatch import fnmatchcase
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from ..model import Article, Problem
from .blob import Blob, Place

OUTLETS_CSV = "outlets.csv"
_ONE_ARTICLE_KINDS = frozenset({"text", "html"})


class OutletRules:
    """Decides outlets; reads each outlets.csv once. Problems with a csv pile up in ``problems``."""

    def __init__(self, option: str | None = None) -> None:
        self.option = option
        self.problems: list[Problem] = []
        self._tables: dict[Path, list[tuple[str, str]]] = {}

    def assign(self, article: Article, blob: Blob) -> None:
        """Set ``article.outlet`` and ``outlet_source`` by the rules above."""
        if self.option:
            article.outlet, article.outlet_source = self.option, "option"
            return
        if article.outlet:
            article.outlet_source = article.outlet_source or "metadata"
            return
        found: tuple[str | None, str] = (None, "")
        if blob.place is not None:
            found = (self.csv_outlet(blob.place), "outlets.csv")
        if not found[0]:
            found = (url_host(article.url), "url")
        if not found[0] and article.kind in _ONE_ARTICLE_KINDS:
            found = (blob.folder, "folder")
        if found[0]:
            article.outlet, article.outlet_source = found

    def csv_outlet(self, place: Place) -> str | None:
        """The outlet the nearest matching outlets.csv gives a file, if any."""
        directory, root = place.file.parent, place.root
        rel = PurePosixPath(place.file.name)
        if place.inner:
            rel = rel / place.inner
        while True:
            for pattern, outlet in self._table(directory / OUTLETS_CSV):
                if _matches(pattern, rel):
                    return outlet
            if directory == root or root not in directory.parents:
                return None
            rel = PurePosixPath(directory.name) / rel
            directory = directory.parent

    def _table(self, path: Path) -> list[tuple[str, str]]:
        if path not in self._tables:
            self._tables[path] = self._load(path) if path.is_file() else []
        return self._tables[path]

    def _load(self, path: Path) -> list[tuple[str, str]]:
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as e:
            self.problems.append(Problem(str(path), f"cannot read outlets.csv ({e})", "warning"))
            return []
        rows: list[tuple[str, str]] = []
        for n, row in enumerate(csv.reader(io.StringIO(text)), 1):
            cells = [c.strip() for c in row]
            if not any(cells) or cells[0].startswith("#"):
                continue
            if n == 1 and [c.lower() for c in cells[:2]] == ["pattern", "outlet"]:
                continue
            if len(cells) < 2 or not cells[0] or not cells[1]:
                self.problems.append(
                    Problem(str(path), f"line {n}: expected 'pattern,outlet'", "warning")
                )
                continue
            rows.append((cells[0], cells[1]))
        return rows


def url_host(url: str | None) -> str | None:
    """The host of an http(s) URL without ``www.``, or None."""
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return parts.hostname.removeprefix("www.")


def _matches(pattern: str, rel: PurePosixPath) -> bool:
    pattern = pattern.removeprefix("./").rstrip("/")
    path = str(rel)
    return (
        pattern in (rel.name, path)
        or path.startswith(pattern + "/")
        or fnmatchcase(path, pattern)
        or fnmatchcase(rel.name, pattern)
    )
