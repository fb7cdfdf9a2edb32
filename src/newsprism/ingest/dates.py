"""Dates: date lines in plain text, and metadata dates to ISO 8601."""

from __future__ import annotations

import email.utils
import re
from datetime import date, datetime
from functools import cache

import dateparser
from dateparser.languages.loader import default_loader

#: Languages whose month and weekday names a date line may use.
DATELINE_LANGUAGES = ("en", "ru", "uk", "es", "fr", "de", "it", "pt")
# Labels a date line may carry; stripped before parsing.
_LABEL = re.compile(
    r"^\s*(?:(?:last\s+)?(?:published|updated|posted|modified)|date)\s*(?:on|at)?\s*:?\s*",
    re.I,
)
_EXTRA_WORDS_TEXT = (
    "published updated posted modified last date on at "
    "gmt utc est edt cst cdt mst mdt pst pdt cet cest eet eest msk bst ist z"
)
_EXTRA_WORDS = frozenset(_EXTRA_WORDS_TEXT.split())
_NAME_KEYS = (
    "january february march april may june july august september october november "
    "december monday tuesday wednesday thursday friday saturday sunday am pm skip"
)
_WORD = re.compile(r"[^\W\d_]+")
_NUMBER_PART = re.compile(r"\d+(?:st|nd|rd|th|er|e|º|ª)?", re.I)
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_SETTINGS = {"REQUIRE_PARTS": ["day", "month", "year"], "RETURN_AS_TIMEZONE_AWARE": False}
MAX_DATELINE_CHARS = 80


@cache
def _date_words() -> frozenset[str]:
    words = set(_EXTRA_WORDS)
    keys = _NAME_KEYS.split()
    for language in DATELINE_LANGUAGES:
        info = default_loader.get_locale(language).info
        for key in keys:
            for name in info.get(key, []):
                words.update(w.lower() for w in _WORD.findall(name))
    return frozenset(words)


def is_date_line(line: str) -> bool:
    """Whether a line holds just a date, like ``Monday, May 24, 2021``.

    Strict on purpose: every word must be a month, weekday, time or label word
    and a four-digit year must be there, so "World News" or "Sharing is caring!"
    never count, whatever dateparser would make of them.
    """
    line = line.strip()
    if not line or len(line) > MAX_DATELINE_CHARS or not _YEAR.search(line):
        return False
    rest = _NUMBER_PART.sub(" ", line)
    words = [w.lower() for w in _WORD.findall(rest)]
    return all(w in _date_words() for w in words)


def parse_date_line(line: str) -> str | None:
    """The ISO date of a date line, or None when it is not one."""
    if not is_date_line(line):
        return None
    parsed = dateparser.parse(
        _LABEL.sub("", line.strip()), languages=list(DATELINE_LANGUAGES), settings=_SETTINGS
    )
    return parsed.date().isoformat() if parsed else None


def to_iso(value: object) -> str | None:
    """A metadata date as ISO 8601 (date, or datetime with its offset); None if unreadable.

    ISO strings are kept as they are; RFC 822 dates (RSS) and other forms are converted.
    """
    if isinstance(value, datetime | date):
        return value.isoformat()
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        datetime.fromisoformat(text)
        return text
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(text).isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    parsed = dateparser.parse(text, settings={"RETURN_AS_TIMEZONE_AWARE": False})
    if parsed is None:
        return None
    return parsed.isoformat() if ":" in text else parsed.date().isoformat()
