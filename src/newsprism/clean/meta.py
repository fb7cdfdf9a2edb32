"""Metadata in furniture lines: dates, bylines, agency prefixes."""

from __future__ import annotations

import functools

import dateparser

from .patterns import AGENCY_PREFIX, BYLINES, DATE_LINE, DESK_BYLINE

_CONNECTORS = {"and", "&", "y", "et", "und", "и"}


def parse_date_line(line: str) -> str | None:
    """The ISO date of a line that is nothing but a date (with an optional label)."""
    if len(line) > 80:
        return None
    m = DATE_LINE.fullmatch(line)
    if not m:
        return None
    return _parse_date(m.group("date"))


@functools.lru_cache(maxsize=4096)
def _parse_date(s: str) -> str | None:
    when = dateparser.parse(s, settings={"REQUIRE_PARTS": ["day", "month", "year"]})
    return when.date().isoformat() if when else None


def _looks_like_name(name: str) -> bool:
    tokens = [t for t in name.replace(",", " ").split() if t.lower() not in _CONNECTORS]
    return 0 < len(tokens) <= 6 and all(t[0].isupper() for t in tokens)


def parse_byline(line: str) -> tuple[str, bool] | None:
    """``(author, ends_article)`` when the line is a byline, else None."""
    if len(line) > 100:
        return None
    for regex, ends in BYLINES:
        m = regex.fullmatch(line)
        if m and _looks_like_name(m.group("name")):
            return m.group("name").strip(" ,"), ends
    m = DESK_BYLINE.fullmatch(line)
    if m and _looks_like_name(m.group("name")):
        return m.group("name"), True
    return None


def agency_prefix(line: str) -> tuple[str, int] | None:
    """``(agency, length)`` of a "(FNA)- " prefix opening a paragraph, else None."""
    m = AGENCY_PREFIX.match(line)
    if not m or m.end() == len(line):
        return None
    return m.group("agency"), m.end()
