"""The shared seed articles and benchmark files load as they are."""

from __future__ import annotations

from itertools import islice
from pathlib import Path

from newsprism.ingest import IngestOptions, count_inputs, read_sources
from newsprism.model import Article

SHARED = Path(__file__).resolve().parents[3] / "shared"
SEEDS = SHARED / "corpus" / "seeds"
BENCH = SHARED / "bench"

TITLES = {
    "000": "The White House: The US does not seek to escalate relations with Russia",
    "001": "The US wants a “more stable relationship” with Russia, but depends on Putin",
    "002": (
        "Blinken Says It's 'Up to Russia to Decide' What Relationship It Will Have with US - FARS"
    ),
    "003": "The dialogue will continue: US to respond to Russian security proposals",
    "004": "Joe Biden Calls for De-Escalation Of Tensions With Russia",
}


def test_seeds_are_five_articles_with_their_titles() -> None:
    items = list(read_sources([SEEDS]))
    assert all(isinstance(a, Article) for a in items), items
    by_prefix = {a.ext_id[:3]: a for a in items}
    assert {k: a.title for k, a in by_prefix.items()} == TITLES
    assert [a.ext_id for a in items] == sorted(a.ext_id for a in items)
    assert by_prefix["002"].ext_id == "002_048f34a3824fe1eb.txt"
    assert all(a.kind == "text" and a.meta["encoding"] == "utf-8" for a in items)


def test_seed_002_date_line_gives_published() -> None:
    (seed,) = read_sources([next(SEEDS.glob("002_*.txt"))])
    assert seed.published == "2021-05-24"
    assert seed.published_source == "dateline"
    assert seed.text.startswith("Monday, May 24, 2021\n")  # the text stays whole
    assert seed.title in seed.text


def test_short_first_lines_are_not_dates() -> None:
    # 003 has "World News" and 004 "Sharing is caring!" right under the title.
    for prefix in ("000", "001", "003", "004"):
        (seed,) = read_sources([next(SEEDS.glob(f"{prefix}_*.txt"))])
        assert seed.published is None and seed.published_source is None, prefix


def test_count_inputs_counts_files_without_reading() -> None:
    assert count_inputs([SEEDS]) == 5
    assert count_inputs([SEEDS, next(SEEDS.glob("000_*")), "https://example.com/"]) == 7


def test_polnear_lines_keep_text_exactly() -> None:
    path = BENCH / "quotes" / "polnear-dev.jsonl"
    first = next(iter(read_sources([path])))
    assert isinstance(first, Article)
    assert first.ext_id == "breitbart_2016-09-12_stealth-over-health-hillary-clin"
    assert first.source == f"{path}:1"
    assert first.outlet == "breitbart" and first.outlet_source == "metadata"
    assert first.published == "2016-09-12" and first.published_source == "metadata"
    assert first.text.startswith("Stealth Over Health: Hillary Clinton Was Headed to ER")
    assert first.title.startswith("Stealth Over Health")


def test_ecbplus_lines_load_without_outlet() -> None:
    items = list(islice(read_sources([BENCH / "stories" / "ecbplus-dev.jsonl"]), 5))
    assert all(isinstance(a, Article) for a in items), items
    assert items[0].ext_id == "2_1ecb"
    # outlet, url and published are null in ECB+: nothing is made up for them
    assert all(a.outlet is None and a.url is None and a.published is None for a in items)


def test_clean_bench_page_text_and_html_lines() -> None:
    (page,) = islice(read_sources([BENCH / "clean" / "text-dev.jsonl"]), 1)
    assert page.meta["text_from"] == "page_text"
    assert page.text.startswith("Home\nPress Room")
    assert page.url.startswith("http://www.un.org/")
    assert page.outlet == "un.org" and page.outlet_source == "url"
    # html-dev.jsonl is bigger than the default cap: JSONL is capped per line, not per file
    path = BENCH / "clean" / "html-dev.jsonl"
    assert path.stat().st_size > IngestOptions().max_bytes
    (html,) = islice(read_sources([path]), 1)
    assert isinstance(html, Article), html
    assert html.ext_id == page.ext_id and html.meta["text_from"] == "html"
    assert "Kosovo" in html.text and "Press Room" not in html.text


def test_reuse_corpus_lines() -> None:
    items = list(islice(read_sources([BENCH / "reuse" / "dev-corpus.jsonl"]), 3))
    assert all(isinstance(a, Article) for a in items), items
    assert [a.ext_id for a in items] == ["b04d6d9ee8", "413148b9d5", "c50748e16a"]
    assert items[0].outlet == "wash-post"
    assert items[0].published == "2016-09-14T08:12:18Z"
