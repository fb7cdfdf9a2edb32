"""Dates of an article: when it was published, and which days its relative expressions mean.

The publication date comes, in turn, from what ingest found (metadata, date line), the URL
path (``/2021/05/24/``), a date line in the text (for articles ingest did not read as text),
and otherwise an estimate from the dates the text mentions, leaving out those that open a
period or name a plan ("since … took office on January 20"). Month-day mentions without a
year ("a briefing on January 21") get their year from an explicit year next to them, a weekday
printed with them, public chronology in ``data/stories-date-clues.json`` (who held which office
when: a Secretary of State Blinken's January 21 is not in 2021), or years printed elsewhere in
the text. Estimates carry a low confidence on purpose: they are a hint, shown as a guess.

Event dates: ``on Sunday``, ``yesterday``, ``last April``, ``three days ago``... are found by a
regex (``dateparser.search`` is slow and finds too much) and resolved against the publication
date. Weekdays and months are resolved here (news convention: "on Thursday" in a Thursday paper
is that day); other relative phrases go to ``dateparser.parse`` with ``RELATIVE_BASE``.
English only for now.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache
from importlib import resources

import dateparser

from newsprism.ingest.dates import parse_date_line
from newsprism.ingest.text import DATELINE_LINES
from newsprism.model import ESTIMATE, Article, Span

MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MON = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WD = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_NUM = r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|a few|several)"

# Most specific first: one regex, alternatives tried left to right at each position.
_MENTION = re.compile(
    rf"""\b(?:
      (?P<md>(?:(?P<md_wd>{_WD}),?\s+)?(?P<md_mon>{_MON})\s+
             (?P<md_day>\d{{1,2}})(?:st|nd|rd|th)?
             (?:,?\s+(?P<md_year>(?:19|20)\d\d))?(?!\d))
    | (?P<dm>(?:(?P<dm_wd>{_WD}),?\s+)?(?P<dm_day>\d{{1,2}})(?:st|nd|rd|th)?\s+
             (?:of\s+)?(?P<dm_mon>{_MON})
             (?:,?\s+(?P<dm_year>(?:19|20)\d\d))?)
    | (?P<lastmon>(?:last|this|next|(?:in|since)\s+(?:early|late|mid-?)?)\s*
             (?P<lm_mon>{_MON})(?!\s*\d))
    | (?P<wd>(?:(?P<wd_mod>last|this|next|on|since|until|by)\s+)?(?P<wd_day>{_WD})
             (?!,?\s+(?:{_MON}|\d)))
    | (?P<rel>yesterday|today|tonight|tomorrow|(?:the\s+)?day\s+before\s+yesterday
             |(?:last|this|next|past)\s+(?:week(?:end)?|month|year)
             |{_NUM}\s+(?:days?|weeks?|months?|years?)\s+ago)
    )\b""",
    re.I | re.X,
)
_URL_DATE = re.compile(
    r"/((?:19|20)\d\d)[/_-](0?[1-9]|1[0-2])[/_-](0?[1-9]|[12]\d|3[01])(?:/|[_-]|\b)"
)
_URL_YYYYMMDD = re.compile(r"/((?:19|20)\d\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?:/|\b)")
_YEAR = re.compile(r"(?<![\d/.-])((?:19|20)\d\d)(?![\d/.-])")

# A mention that opens or closes a period, or names a plan, says the article is later or
# earlier than that day, not that it was written then: "since Biden took office on January
# 20", "sanctions starting on June 14", "talks will resume on March 3".
_ANCHOR_FAR = re.compile(
    r"\b(?:since|until|till|starting|beginning|effective|will|scheduled|due|expected|planned"
    r"|took\s+office|sworn\s+in|inaugurated)\b[^.;:!?\n]{0,40}$",
    re.I,
)
_ANCHOR_NEAR = re.compile(r"\b(?:from|by|before|after)\s+(?:on\s+)?$", re.I)

#: Confidence of each publication-date source.
CONFIDENCE = {"metadata": 0.95, "dateline": 0.9, "url": 0.85}


@dataclass(frozen=True, slots=True)
class ArticleDates:
    """Publication date (ISO date or None), where it came from, how sure, and event dates.

    ``source`` is the ingest source (``metadata``, ``dateline``...), ``url``, ``estimate``
    or None. ``mentions`` are spans into the text given, label ``"date"``, with
    ``attrs["date"]`` (ISO date, or None when there was no base to resolve it against),
    ``attrs["text"]`` and ``attrs["kind"]`` (``absolute``, ``month-day``, ``weekday``,
    ``month``, ``relative``).
    """

    published: str | None
    source: str | None
    confidence: float
    mentions: list[Span] = field(default_factory=list)
    note: str = ""


def article_dates(article: Article, text: str | None = None) -> ArticleDates:
    """The dates of one article; ``text`` (default: the article's text) is what spans index."""
    text = article.text if text is None else text
    if article.published:
        day = _iso_day(article.published)
        if day:
            source = article.published_source or "metadata"
            conf = CONFIDENCE.get(source, 0.8)
            return ArticleDates(day.isoformat(), source, conf, resolve_mentions(text, day))
    if article.url:
        day = date_from_url(article.url)
        if day:
            return ArticleDates(
                day.isoformat(), "url", CONFIDENCE["url"], resolve_mentions(text, day)
            )
    day = _dateline(text)
    if day:
        src = "dateline"
        return ArticleDates(day.isoformat(), src, CONFIDENCE[src], resolve_mentions(text, day))
    est = estimate_published(text, title=article.title or "")
    if est is None:
        return ArticleDates(None, None, 0.0, resolve_mentions(text, None), "no date found")
    day, conf, note = est
    return ArticleDates(day.isoformat(), ESTIMATE, conf, resolve_mentions(text, day), note)


def _dateline(text: str) -> date | None:
    """A line holding just a date among the first few non-empty lines (ingest's rule)."""
    lines = [line for line in text.split("\n", 40) if line.strip()][:DATELINE_LINES]
    for line in lines:
        iso = parse_date_line(line)
        if iso:
            return date.fromisoformat(iso)
    return None


def date_from_url(url: str) -> date | None:
    """A full date in a URL path (``/2021/05/24/``, ``/2021-05-24-``, ``/20210524/``)."""
    for pattern in (_URL_DATE, _URL_YYYYMMDD):
        m = pattern.search(url)
        if m:
            try:
                return date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                continue
    return None


def _iso_day(value: str) -> date | None:
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None


@cache
def _clues() -> list[tuple[tuple[str, ...], date, date]]:
    raw = json.loads(
        resources.files("newsprism").joinpath("data", "stories-date-clues.json").read_text("utf-8")
    )
    return [
        (tuple(c["all"]), date.fromisoformat(c["from"]), date.fromisoformat(c["to"]))
        for c in raw["clues"]
    ]


def clue_interval(text: str) -> tuple[date, date, list[str]] | None:
    """The period the text's dated clues agree on (intersection), with the clues matched."""
    low = text.lower()
    lo, hi, names = date.min, date.max, []
    for words, start, end in _clues():
        if all(w in low for w in words):
            if start > hi or end < lo:
                continue  # contradicts the clues already taken; keep the earlier (more specific)
            lo, hi = max(lo, start), min(hi, end)
            names.append(" + ".join(words))
    return (lo, hi, names) if names else None


def estimate_published(text: str, title: str = "") -> tuple[date, float, str] | None:
    """An estimated publication date from the dates the text mentions, with confidence and why.

    Month-day mentions get a year (printed, from clues, or the latest year printed in the
    text); the estimate is the median of those dates. Without any month-day mention but with
    clues, the middle of the clue period, at a very low confidence.
    """
    full = f"{title}\n{text}"
    clues = clue_interval(full)
    years = [int(y) for y in _YEAR.findall(full)]
    days: list[date] = []
    how = set()
    for m in _MENTION.finditer(full):
        kind = "md" if m["md"] else "dm" if m["dm"] else None
        if kind is None or _anchors_a_period(full, m.start()):
            continue
        mon = _month(m[f"{kind}_mon"])
        day = int(m[f"{kind}_day"])
        if m[f"{kind}_year"]:
            got = _safe_date(int(m[f"{kind}_year"]), mon, day)
            how.add("printed year")
        elif m[f"{kind}_wd"]:
            got = _year_from_weekday(mon, day, WEEKDAYS.index(m[f"{kind}_wd"].lower()), clues)
            how.add("weekday")
        elif clues:
            got, ambiguous = _in_interval(mon, day, clues[0], clues[1])
            how.add("clues, several years fit" if ambiguous else "clues")
        elif years:
            got = _safe_date(max(years), mon, day)
            how.add("latest printed year")
        else:
            got = None
        if got:
            days.append(got)
    if days:
        est = sorted(days)[len(days) // 2]
        conf = 0.5 if "printed year" in how or "weekday" in how else 0.3
        if "clues, several years fit" in how:
            conf = 0.1
        why = ", ".join(sorted(how))
        if clues:
            why += f"; clues: {', '.join(clues[2])}"
        return est, conf, f"estimated from {len(days)} date mention(s) ({why})"
    if clues and clues[1] - clues[0] < timedelta(days=400):
        mid = clues[0] + (clues[1] - clues[0]) / 2
        return mid, 0.15, f"estimated from clues only: {', '.join(clues[2])}"
    return None


def _anchors_a_period(text: str, at: int) -> bool:
    before = text[max(0, at - 60) : at]
    return bool(_ANCHOR_NEAR.search(before) or _ANCHOR_FAR.search(before))


def _month(name: str) -> int:
    key = name.lower().rstrip(".")[:3]
    return [m[:3] for m in MONTHS].index(key) + 1


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _in_interval(month: int, day: int, lo: date, hi: date) -> tuple[date | None, bool]:
    """The earliest month-day inside [lo, hi], else the nearest; and whether more than one
    year fitted (an ambiguous estimate)."""
    days = [
        d
        for year in range(max(lo.year - 1, 1900), min(hi.year + 1, 2100) + 1)
        if (d := _safe_date(year, month, day))
    ]
    fits = [d for d in days if lo <= d <= hi]
    if fits:
        return fits[0], len(fits) > 1
    nearest = min(days, key=lambda d: min(abs((d - lo).days), abs((d - hi).days)), default=None)
    return nearest, False


def _year_from_weekday(month: int, day: int, weekday: int, clues) -> date | None:
    """The year in which month-day falls on the weekday printed with it (latest before 2100,
    nearest to the clue period when there is one)."""
    hits = [
        d
        for y in range(1990, 2100)
        if (d := _safe_date(y, month, day)) and d.weekday() == weekday and d <= date.today()
    ]
    if not hits:
        return None
    if clues:
        return min(hits, key=lambda d: abs((d - clues[0]).days))
    return hits[-1]


def resolve_mentions(text: str, base: date | None) -> list[Span]:
    """Date expressions in ``text`` as spans with the ISO dates they mean relative to ``base``."""
    out = []
    for m in _MENTION.finditer(text):
        kind, day = _resolve(m, base)
        out.append(
            Span(
                m.start(),
                m.end(),
                "date",
                {"text": m[0], "kind": kind, "date": day.isoformat() if day else None},
            )
        )
    return out


def _resolve(m: re.Match, base: date | None) -> tuple[str, date | None]:
    for kind in ("md", "dm"):
        if m[kind]:
            mon, day = _month(m[f"{kind}_mon"]), int(m[f"{kind}_day"])
            if m[f"{kind}_year"]:
                return "absolute", _safe_date(int(m[f"{kind}_year"]), mon, day)
            if base is None:
                return "month-day", None
            # nearest occurrence: papers mention recent past days and scheduled ones ahead
            cands = [
                d
                for y in (base.year - 1, base.year, base.year + 1)
                if (d := _safe_date(y, mon, day))
            ]
            return "month-day", min(cands, key=lambda d: (abs((d - base).days), d > base))
    if base is None:
        return ("month" if m["lastmon"] else "weekday" if m["wd"] else "relative"), None
    if m["lastmon"]:
        mon = _month(m["lm_mon"])
        word = m["lastmon"].split()[0].lower()
        year = base.year
        if word == "last":
            year = base.year if mon < base.month else base.year - 1
        elif word == "next":
            year = base.year if mon > base.month else base.year + 1
        elif word in ("in", "since") and mon > base.month:
            year = base.year - 1  # "in December" read in May: the December past
        return "month", date(year, mon, 1)
    if m["wd"]:
        wd = WEEKDAYS.index(m["wd_day"].lower())
        mod = (m["wd_mod"] or "").lower()
        back = (base.weekday() - wd) % 7
        if mod == "next":
            return "weekday", base + timedelta(days=(wd - base.weekday()) % 7 or 7)
        if mod == "last" and back == 0:
            back = 7
        return "weekday", base - timedelta(days=back)
    phrase = " ".join(m["rel"].lower().split())
    if phrase == "tonight":
        return "relative", base
    if phrase.endswith("before yesterday"):
        return "relative", base - timedelta(days=2)
    parsed = dateparser.parse(
        phrase,
        languages=["en"],
        settings={
            "RELATIVE_BASE": datetime(base.year, base.month, base.day, 12),
            "PREFER_DATES_FROM": "past",
        },
    )
    return "relative", parsed.date() if parsed else None
