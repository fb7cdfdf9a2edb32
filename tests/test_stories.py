"""Story clustering: hand-written events, incremental adds, and the five seed articles."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from newsprism.analyse.dates import article_dates
from newsprism.bench.stories import run
from newsprism.corpus.stories import (
    FEATURES,
    Item,
    MergeModel,
    StoryClusterer,
    cluster,
    label,
    load_model,
    narratives,
)
from newsprism.errors import InputError, NewsprismError
from newsprism.ingest.text import article_from_text

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "seeds"

QUAKE_1 = Item(
    "q1",
    "Magnitude 6.1 earthquake strikes northern Chile near Iquique",
    "A magnitude 6.1 earthquake struck northern Chile near the port city of Iquique on "
    "Tuesday, the US Geological Survey said. Buildings shook in Iquique and Arica.",
)
QUAKE_2 = Item(
    "q2",
    "Strong earthquake shakes Iquique in northern Chile",
    "A strong earthquake of magnitude 6.1 shook Iquique and Arica in northern Chile, "
    "according to the US Geological Survey. No damage was reported in Iquique.",
)
OSCARS = Item(
    "o1",
    "Hugh Jackman named host of the Academy Awards ceremony",
    "Hugh Jackman will host the Academy Awards ceremony at the Kodak Theatre in Los "
    "Angeles, the Academy of Motion Picture Arts and Sciences announced.",
)


def test_two_events_make_two_stories_and_rewording_joins():
    state = cluster([QUAKE_1, OSCARS, QUAKE_2])
    labels = state.labels()
    assert labels["q1"] == labels["q2"]
    assert labels["o1"] != labels["q1"]
    assert len(state.live()) == 2


def test_incremental_add_leaves_earlier_assignments_alone():
    state = cluster([QUAKE_1, OSCARS])
    before = state.labels()
    sizes = {s.id: s.size for s in state.stories}
    sid = state.add(QUAKE_2.id, QUAKE_2.title, QUAKE_2.text)
    assert sid == before["q1"]
    assert {k: v for k, v in state.labels().items() if k != "q2"} == before
    assert state.stories[sid].size == sizes[sid] + 1
    with pytest.raises(ValueError):
        state.add(QUAKE_2.id, QUAKE_2.title, QUAKE_2.text)


def test_titles_only_work_with_the_same_model():
    state = StoryClusterer()
    for n, t in enumerate(
        [
            "earthquake strikes northern chile iquique",
            "chile earthquake iquique magnitude",
            "hugh jackman host academy awards",
            "jackman oscars host announced",
        ]
    ):
        state.add(str(n), t, t)
    labels = state.labels()
    assert labels["0"] == labels["1"]
    assert labels["2"] != labels["0"]


def test_label_is_the_most_central_headline_with_dates():
    items = [
        Item("a", "Chile earthquake", "Iquique earthquake felt.", date(2014, 4, 1)),
        Item(QUAKE_1.id, QUAKE_1.title, QUAKE_1.text, date(2014, 4, 2)),
        Item(QUAKE_2.id, QUAKE_2.title, QUAKE_2.text, date(2014, 4, 3)),
    ]
    state = cluster(items)
    story = state.stories[state.labels()["q1"]]
    lab = label(state, story, outlets={"q1": "reuters.com", "q2": "bbc.co.uk"})
    assert lab.headline in {QUAKE_1.title, QUAKE_2.title}
    assert lab.first <= "2014-04-02" <= lab.last
    assert set(lab.outlets) <= {"reuters.com", "bbc.co.uk"} and lab.outlets
    assert "iquique" in lab.entities


def test_time_window_keeps_far_apart_stories_apart():
    state = StoryClusterer(window_days=30)
    state.add("a", QUAKE_1.title, QUAKE_1.text, date(2014, 4, 1))
    assert state.add("b", QUAKE_2.title, QUAKE_2.text, date(2016, 4, 1)) != state.story_of["a"]


def test_model_json_round_trip_and_feature_check(tmp_path):
    model = load_model()
    assert 0.0 < model.threshold < 1.0
    path = tmp_path / "m.json"
    path.write_text(json.dumps(model.to_json()))
    assert load_model(path).threshold == model.threshold
    bad = model.to_json() | {"features": list(FEATURES[:-1])}
    with pytest.raises(NewsprismError):
        MergeModel.from_json(bad)


def test_bench_adapter_ignores_metadata_and_names_bad_lines(tmp_path):
    src = tmp_path / "in.jsonl"
    docs = [
        {"id": "q1", "title": QUAKE_1.title, "text": QUAKE_1.text, "url": "http://a/1"},
        {"id": "q2", "title": QUAKE_2.title, "text": QUAKE_2.text, "published": "2001-01-01"},
        {"id": "o1", "title": OSCARS.title, "text": OSCARS.text, "outlet": "x"},
    ]
    src.write_text("\n".join(json.dumps(d) for d in docs) + "\n")
    out = tmp_path / "out.jsonl"
    assert run(src, out) == 3
    pred = {r["id"]: r["story"] for r in map(json.loads, out.read_text().splitlines())}
    assert pred["q1"] == pred["q2"] != pred["o1"]
    src.write_text('{"id": "x", "title": "t"}\nnot json\n')
    with pytest.raises(InputError, match=r"in\.jsonl:2"):
        run(src, out)


def _seed_items() -> list[Item]:
    files = sorted(SEEDS.glob("*.txt"))
    assert len(files) == 5, f"seeds missing in {SEEDS}"
    items = []
    for f in files:
        art = article_from_text(f.read_text("utf-8"), ext_id=f.name[:3], source=str(f))
        d = article_dates(art)
        day = date.fromisoformat(d.published) if d.published else None
        items.append(Item(art.ext_id, art.title or "", art.text, day))
    return items


@pytest.mark.xfail(
    strict=True,
    reason="The clue table once held an entry written for this seed (Russia + security "
    "proposals); without it the year of 003 is not estimated. Dates must be learned from "
    "the corpus (dated articles sharing its terms), not hand-listed: issue 4.",
)
def test_seeds_four_stories_one_narrative_sanctions_apart_from_geneva():
    state = cluster(_seed_items())
    labels = state.labels()
    assert len(set(labels.values())) >= 4
    assert labels["004"] != labels["003"]
    narr = narratives(state)
    assert len({narr[s] for s in labels.values()}) == 1
