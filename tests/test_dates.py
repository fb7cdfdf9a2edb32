"""Publication dates and resolved event dates."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from newsprism.analyse.dates import (
    article_dates,
    clue_interval,
    date_from_url,
    estimate_published,
    resolve_mentions,
)
from newsprism.ingest.text import article_from_text
from newsprism.model import Article

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "seeds"


def _art(text: str, **kw) -> Article:
    return Article(ext_id="x", text=text, source="t", kind="text", **kw)


def _resolved(text: str, base: date) -> dict[str, str | None]:
    return {s.attrs["text"]: s.attrs["date"] for s in resolve_mentions(text, base)}


def test_relative_expressions_resolve_against_the_publication_date():
    base = date(2021, 5, 24)  # a Monday
    got = _resolved(
        "Blinken on Sunday said it; yesterday Lavrov replied. Last April, Biden offered "
        "a summit. The talks on Thursday failed. Next Friday they meet; two days ago too.",
        base,
    )
    assert got["on Sunday"] == "2021-05-23"
    assert got["yesterday"] == "2021-05-23"
    assert got["Last April"] == "2021-04-01"
    assert got["on Thursday"] == "2021-05-20"
    assert got["Next Friday"] == "2021-05-28"
    assert got["two days ago"] == "2021-05-22"


def test_weekday_of_the_publication_day_is_that_day_and_month_days_go_to_nearest_year():
    got = _resolved(
        "At the White House on Thursday. Sanctions start on June 14.", date(2021, 4, 15)
    )
    assert got["on Thursday"] == "2021-04-15"
    assert got["June 14"] == "2021-06-14"
    got = _resolved("Last April and on 3 March 2019.", date(2021, 3, 10))
    assert got["Last April"] == "2020-04-01"
    assert got["3 March 2019"] == "2019-03-03"


def test_spans_point_into_the_text_and_undated_articles_keep_them_unresolved():
    text = "He spoke yesterday."
    d = article_dates(_art(text))
    assert d.published is None and d.source is None and d.confidence == 0.0
    (span,) = d.mentions
    assert text[span.start : span.end] == "yesterday" and span.attrs["date"] is None


def test_sources_in_turn_metadata_then_url():
    d = article_dates(
        _art("on Sunday", published="2021-05-24T10:00:00+00:00", published_source="metadata")
    )
    assert (d.published, d.source) == ("2021-05-24", "metadata")
    assert d.mentions[0].attrs["date"] == "2021-05-23"
    d = article_dates(_art("no date here", url="https://x.com/world/2021/05/24/blinken-russia"))
    assert (d.published, d.source) == ("2021-05-24", "url")
    assert date_from_url("https://x.com/2021-05-24-slug") == date(2021, 5, 24)
    assert date_from_url("https://x.com/news/20210524/slug") == date(2021, 5, 24)
    assert date_from_url("https://x.com/2021/13/40/") is None


def test_date_line_in_the_text_when_ingest_found_none():
    d = article_dates(_art("Some title\n\nMonday, May 24, 2021\n\nBlinken on Sunday said."))
    assert (d.published, d.source) == ("2021-05-24", "dateline")
    assert {s.attrs["text"]: s.attrs["date"] for s in d.mentions}["on Sunday"] == "2021-05-23"


def test_estimate_uses_printed_years_and_says_so():
    est = estimate_published("The vote on March 3, 2019 and the count on March 5.")
    assert est is not None
    day, conf, note = est
    assert day.year == 2019 and day.month == 3 and 0 < conf < 0.9 and "printed year" in note
    assert estimate_published("Nothing dated at all.") is None
    assert clue_interval("nothing about anything") is None


def test_a_date_that_opens_a_period_or_names_a_plan_is_not_the_day_of_writing():
    assert estimate_published("Tensions grew since Biden took office on January 20, 2021.") is None
    assert estimate_published("Banks are barred from new debt starting on June 14, 2021.") is None
    assert estimate_published("The talks will resume on March 3, 2019.") is None
    assert estimate_published("Payment is due by 3 March 2019.") is None
    est = estimate_published("Since 2014 ties are poor. He spoke at a briefing on May 4, 2021.")
    assert est is not None and est[0] == date(2021, 5, 4)


def test_a_month_day_takes_the_first_year_inside_the_clue_period():
    # Blinken became Secretary of State on 26 January 2021, so his January 21 is a later year;
    # several later years fit, so the estimate says it is ambiguous and is barely trusted
    text = "Secretary of State Blinken spoke at a briefing on January 21."
    day, conf, note = estimate_published(text)
    assert day == date(2022, 1, 21) and conf <= 0.1 and "several years fit" in note
    day, _, _ = estimate_published("Covid talks began on December 20.")
    assert day == date(2020, 12, 20)


def test_seed_003_is_estimated_in_january_2022():
    path = next(SEEDS.glob("003_*.txt"))
    art = article_from_text(path.read_text("utf-8"), ext_id="003", source=str(path))
    d = article_dates(art)
    assert d.source == "estimate"
    assert d.published.startswith("2022-01")
    assert d.confidence < 0.5


def test_seed_002_dateline_wins_and_resolves_on_sunday():
    path = next(SEEDS.glob("002_*.txt"))
    art = article_from_text(path.read_text("utf-8"), ext_id="002", source=str(path))
    d = article_dates(art)
    assert (d.published, d.source) == ("2021-05-24", "dateline")
    got = {s.attrs["text"]: s.attrs["date"] for s in d.mentions}
    assert got["on Sunday"] == "2021-05-23"
