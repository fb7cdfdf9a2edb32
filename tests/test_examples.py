"""The example corpus holds what examples/README.md says it holds."""

from __future__ import annotations

import csv
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus"

# Opening mark included, closing left off: outlets put the comma inside the quote.
WORDING_A = "“We will have the harbour open again within ten days"
WORDING_B = "“the harbour will be open again within ten days"
WORDING_C = "“We expect the port to reopen within ten days"

COPIED = (
    "Lieutenant Oren Pask, a spokesperson for the Castellan Coast Guard, said the vessel was "
    "carrying about 14,000 tonnes of methanol and that all 19 crew members were accounted for. "
    '"There is no sign of a leak at this stage, but we have laid a boom around the stern as a '
    'precaution and we are keeping every other vessel well clear," he said.'
)


def read(rel: str) -> str:
    return (CORPUS / rel).read_text(encoding="utf-8")


def all_files() -> list[Path]:
    return sorted(p for p in CORPUS.rglob("*") if p.is_file())


def containing(needle: str) -> set[str]:
    return {p.relative_to(CORPUS).as_posix() for p in all_files() if needle in p.read_text("utf-8")}


def feed_items(path: Path) -> list[ET.Element]:
    return ET.parse(path).getroot().findall("./channel/item")


def test_corpus_has_every_format() -> None:
    suffixes = {p.suffix for p in all_files()}
    assert {".txt", ".html", ".jsonl", ".xml", ".csv"} <= suffixes
    assert len(list(CORPUS.rglob("*.txt"))) == 5
    assert len(list(CORPUS.rglob("*.html"))) == 2


def test_corpus_holds_eight_to_twelve_articles() -> None:
    n = len(list(CORPUS.rglob("*.txt"))) + len(list(CORPUS.rglob("*.html")))
    for path in CORPUS.rglob("*.jsonl"):
        n += sum(1 for line in path.read_text("utf-8").splitlines() if line.strip())
    for path in CORPUS.rglob("*.xml"):
        n += len(feed_items(path))
    assert 8 <= n <= 12


def test_jsonl_lines_have_the_agreed_fields() -> None:
    lines = read("wire/cpa.jsonl").splitlines()
    assert len(lines) == 2
    for line in lines:
        record = json.loads(line)
        assert set(record) == {"id", "outlet", "published", "url", "title", "text"}
        assert record["text"].count("\n\n") >= 3  # paragraphs, not one blob


def test_feed_is_rss2_with_outlet_as_channel_title() -> None:
    root = ET.parse(CORPUS / "feeds" / "bayline.xml").getroot()
    assert root.tag == "rss" and root.get("version") == "2.0"
    assert root.findtext("./channel/title") == "Bayline Radio News"
    (item,) = feed_items(CORPUS / "feeds" / "bayline.xml")
    for tag in ("title", "link", "pubDate", "author"):
        assert item.findtext(tag)
    content = item.findtext("{http://purl.org/rss/1.0/modules/content/}encoded")
    assert content and content.count("<p>") >= 4


def test_html_pages_carry_the_metadata_ingest_reads() -> None:
    for path in CORPUS.rglob("*.html"):
        page = path.read_text("utf-8")
        for needle in (
            'property="og:site_name"',
            'name="author"',
            'property="article:published_time"',
            'rel="canonical"',
            "<article",
            "<h1>",
        ):
            assert needle in page, f"{path.name}: no {needle}"


def test_text_pages_start_with_a_title_and_one_has_a_weekday_date_line() -> None:
    for path in CORPUS.rglob("*.txt"):
        first = next(line for line in path.read_text("utf-8").splitlines() if line.strip())
        assert len(first.split()) >= 5, f"{path.name}: first line is not a headline"
    lines = read("courier/minister-ten-days.txt").splitlines()
    assert "Tuesday, March 4, 2025" in lines[:5]


def test_text_pages_carry_site_furniture() -> None:
    page = read("harbourwatch/tanker-aground.txt")
    for furniture in (
        "Share this article",
        "Leave a Reply",
        "Your email address will not be published.",
        "four + six =",
        "Related Articles",
        "Mara Lindqvist covers shipping",
    ):
        assert furniture in page


def test_outlets_csv_maps_existing_folders() -> None:
    with (CORPUS / "outlets.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert rows and set(rows[0]) == {"pattern", "outlet"}
    for row in rows:
        assert (CORPUS / row["pattern"]).is_dir(), row["pattern"]
    assert {"harbourwatch", "seaboard", "courier", "veyradaily"} <= {r["pattern"] for r in rows}


@pytest.mark.parametrize(
    ("wording", "where"),
    [
        (
            WORDING_A,
            {"harbourwatch/tanker-aground.txt", "seaboard/tanker-aground-port-veyra.txt"},
        ),
        (WORDING_B, {"courier/minister-ten-days.txt"}),
        (WORDING_C, {"tidewatergazette/salvage-begins.html"}),
    ],
)
def test_quote_wordings_are_where_the_readme_says(wording: str, where: set[str]) -> None:
    assert containing(wording) == where


def test_each_wording_is_attributed_to_marrow() -> None:
    for wording, rel in (
        (WORDING_A, "harbourwatch/tanker-aground.txt"),
        (WORDING_B, "courier/minister-ten-days.txt"),
        (WORDING_C, "tidewatergazette/salvage-begins.html"),
    ):
        paragraph = next(p for p in read(rel).splitlines() if wording in p)
        assert "Marrow" in paragraph


def test_copied_paragraph_is_in_source_copier_and_republication_only() -> None:
    assert containing(COPIED) == {
        "harbourwatch/tanker-aground.txt",
        "seaboard/tanker-aground-port-veyra.txt",
        "veyradaily/fishermen-fear-spill.txt",
    }
    # The copier is otherwise a different article: its lead is its own.
    assert "chemical tanker carrying methanol ran aground" not in read(
        "veyradaily/fishermen-fear-spill.txt"
    )


def test_republication_has_a_spanish_title_line_and_the_same_body() -> None:
    original = read("harbourwatch/tanker-aground.txt").splitlines()
    copy = read("seaboard/tanker-aground-port-veyra.txt").splitlines()
    assert copy[0] == original[0]
    assert "Un buque cisterna químico encalla en la entrada del puerto de Port Veyra" in copy[:6]
    # The news paragraphs: from the lead to the last line before the closing share prompt.
    lead = next(i for i, line in enumerate(original) if line.startswith("A chemical tanker"))
    end = original.index("Share this article", lead)
    body = [line for line in original[lead:end] if line.strip()]
    shared = [line for line in body if line in copy]
    assert len(body) == 7
    assert len(shared) == 4  # nearly verbatim: two paragraphs edited, the last one dropped


def test_misspelt_name_occurs_once() -> None:
    hits = sum(p.read_text("utf-8").count("Ilsa Marrow") for p in all_files())
    assert hits == 1


def test_urls_use_only_reserved_domains() -> None:
    for path in all_files():
        # Namespace declarations are identifiers, not links.
        text = re.sub(r'xmlns(:\w+)?="[^"]*"', "", path.read_text("utf-8"))
        for host in re.findall(r"https?://([^/\"'<>\s]+)", text):
            assert host.endswith(".test") or re.search(r"(^|\.)example\.", host), (
                f"{path.name}: {host}"
            )
