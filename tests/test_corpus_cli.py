"""The corpus commands end to end on the seed articles: quotes with canonical speakers, quote
families, stories, reuse, and the report's corpus sections. Real CLI, real SQLite, real models."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli_run import newsprism
from newsprism.store import Store


def run_json(seeded: Path, *args: str) -> list[dict]:
    done = newsprism(*args, "--db", seeded / "np.db", "--json")
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines() if line.strip()]


def seed(row: dict) -> str:
    return row["article"][:3]


def test_seed_direct_quotes_have_their_canonical_speakers(seeded: Path) -> None:
    rows = [r for r in run_json(seeded, "quotes") if r["kind"] in ("direct", "dash")]
    said: dict[str, set[str]] = {}
    for r in rows:
        said.setdefault(seed(r), set()).add(r["speaker"])
    # 003 writes "Anthony Blinken": canonically, one person with 001's and 002's "Antony"
    assert said == {
        "000": {"Jen Psaki"},
        "001": {"Antony Blinken"},
        "002": {"Antony Blinken", "Dmitry Peskov"},
        "003": {"Antony Blinken"},
        "004": {"Joe Biden"},
    }


def test_a_speaker_is_found_by_any_alias_across_spellings(seeded: Path) -> None:
    rows = run_json(seeded, "quotes", "--speaker", "blinken")
    assert rows
    assert {r["speaker"] for r in rows} == {"Antony Blinken"}
    assert len({r["speaker_id"] for r in rows}) == 1
    # 003 spells him "Anthony", 002 "Antony": one person
    assert {"002", "003"} <= {seed(r) for r in rows}
    with Store.open(seeded / "np.db") as store:
        (blinken,) = [s for s in store.speakers() if s.name == "Antony Blinken"]
    assert {"Antony Blinken", "Anthony Blinken"} <= set(blinken.aliases)


def test_quotes_filter_by_outlet(seeded: Path) -> None:
    assert run_json(seeded, "quotes", "--outlet", "seeds")
    assert run_json(seeded, "quotes", "--outlet", "no such outlet") == []


def test_the_stable_predictable_family_is_found_with_its_speaker_mismatch(seeded: Path) -> None:
    families = run_json(seeded, "quotes", "--families")
    (family,) = [f for f in families if any("predictable" in m["text"] for m in f["members"])]
    members = {seed(m): m for m in family["members"]}
    assert set(members) == {"000", "001", "002", "004"}
    assert members["004"]["speaker"] == "Joe Biden"
    assert {members[k]["speaker"] for k in ("000", "001", "002")} == {"Antony Blinken"}
    for m in family["members"]:
        assert set(m) == {"article", "outlet", "published", "speaker", "text", "span"}
        assert m["article"].endswith(".txt")
    human = newsprism("quotes", "--families", "--db", seeded / "np.db")
    assert human.returncode == 0 and "speakers differ" in human.stdout


def seed_stories(seeded: Path) -> tuple[dict[str, int], dict[int, int | None]]:
    """Each seed's story id, and each story's narrative."""
    with Store.open(seeded / "np.db") as store:
        story_of = store.story_of()
        by_ext = {s.article.ext_id[:3]: s.id for s in store.iter_articles()}
        narrative = {s.id: s.narrative for s in store.stories()}
    return {k: story_of[i] for k, i in by_ext.items()}, narrative


def test_every_seed_is_in_a_story_and_the_story_commands_show_them(seeded: Path) -> None:
    story, narrative = seed_stories(seeded)
    assert set(story) == {"000", "001", "002", "003", "004"}
    assert set(story.values()) <= set(narrative)
    listing = newsprism("stories", "--db", seeded / "np.db")
    assert listing.returncode == 0, listing.stderr
    one = newsprism("story", str(story["004"]), "--db", seeded / "np.db")
    assert one.returncode == 0 and "Joe Biden Calls" in " ".join(one.stdout.split())
    missing = newsprism("story", "999999", "--db", seeded / "np.db")
    assert missing.returncode == 1 and "no story with id 999999" in missing.stderr


def test_seeds_make_four_stories_in_one_narrative_with_003_apart_from_004(seeded: Path) -> None:
    story, narrative = seed_stories(seeded)
    assert len(set(story.values())) >= 4
    assert story["003"] != story["004"]
    assert len({narrative[s] for s in story.values()}) == 1


def test_an_estimated_date_is_shown_as_one_with_its_reasoning(seeded: Path) -> None:
    listed = newsprism("articles", "--db", seeded / "np.db")
    assert "≈ 2022-01-21" in listed.stdout  # 003: Blinken's "briefing on January 21"
    shown = newsprism("show", "003_835e391d53f4a3f3.txt", "--db", seeded / "np.db")
    assert "2022-01-21 (estimate: estimated from 1 date mention(s)" in " ".join(
        shown.stdout.split()
    )
    report = (seeded / "report.html").read_text("utf-8")
    assert "≈ 2022-01-21" in report and "from estimate: estimated from 1 date" in report
    # 003's story timeline shows its day as the estimate it is
    timeline = report[report.index('id="s-') :]
    assert "≈ 2022-01-21" in timeline


def test_no_reuse_is_claimed_between_the_seeds(seeded: Path) -> None:
    with Store.open(seeded / "np.db") as store:
        assert store.reuse_rows() == []
    done = newsprism("reuse", "--db", seeded / "np.db")
    assert done.returncode == 0 and "No reused passages." in done.stdout


def test_running_again_places_nothing_twice(seeded: Path) -> None:
    with Store.open(seeded / "np.db") as store:
        before = store.story_of()
    done = newsprism("analyze", "--db", seeded / "np.db", "--no-report")
    assert done.returncode == 0, done.stderr
    assert "0 article(s) placed in stories; 0 new reuse link(s)" in " ".join(done.stdout.split())
    with Store.open(seeded / "np.db") as store:
        assert store.story_of() == before


def test_report_has_stories_speakers_families_and_highlighted_quotes(seeded: Path) -> None:
    html = (seeded / "report.html").read_text(encoding="utf-8")
    for anchor in ('id="stories"', 'id="speakers"', 'id="families"'):
        assert anchor in html
    assert 'class="q q-direct"' in html
    assert "Attributed to different speakers" in html


CHROMIUM = Path("/usr/bin/chromium")


def test_report_in_a_real_browser(seeded: Path) -> None:
    """Open the report in Debian's chromium: nothing is fetched from outside the file, the
    corpus index links to the family section, and a highlighted quote names its speaker."""
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium (.ci/run installs it)")
    sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright
    fetched: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page(viewport={"width": 1300, "height": 900})
        page.on("request", lambda r: fetched.append(r.url))
        page.goto((seeded / "report.html").as_uri())
        page.click("nav.index a[href='#families']")
        family = page.locator("#families section.family").first
        assert family.is_visible()
        assert "predictable" in family.inner_text()
        assert family.bounding_box()["y"] < 900  # scrolled into view
        quote = page.locator("span.q-direct").first
        assert quote.get_attribute("title").startswith("direct quote: ")
        page.click("nav.index a[href='#stories']")
        assert page.locator("#stories table.index tr").count() >= 2
        browser.close()
    assert all(url.startswith("file://") for url in fetched), fetched
