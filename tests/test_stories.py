"""Story clustering: hand-written events, incremental adds, and the five seed articles."""

from __future__ import annotations

import json
import pickle
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from newsprism.analyse.dates import article_dates
from newsprism.bench.stories import run
from newsprism.corpus.stories import (
    FEATURES,
    Item,
    MergeModel,
    StoryClusterer,
    cluster,
    estimate_dates,
    label,
    load_model,
    merge_stories,
    narratives,
)
from newsprism.corpus.stories.cluster import mark_features
from newsprism.corpus.stories.linkage import LinkCuts, link_stories
from newsprism.corpus.stories.semantic import embed, sem_text
from newsprism.corpus.stories.text import markers
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
    assert load_model(path).threshold_for(True) == model.threshold_for(True)
    assert 0.0 < model.threshold_for(True) < 1.0
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


QUAKE_3 = Item(
    "q3",
    "Iquique residents sleep outside after the Chile earthquake",
    "Residents of Iquique slept outside after the magnitude 6.1 earthquake in northern "
    "Chile; the US Geological Survey recorded aftershocks near Iquique and Arica.",
)


QUAKE_4 = Item(
    "q4",
    "Aftershocks rattle Arica after Chile quake",
    "Aftershocks rattled Arica and Iquique in northern Chile a day after the magnitude 6.1 "
    "earthquake, the US Geological Survey said.",
)


def _force(state: StoryClusterer, fragments: list[list[Item]]) -> None:
    """Place each fragment's articles in a story of their own, as a too-strict pass would."""
    for fragment in fragments:
        sid = -1
        for it in fragment:
            sid = state.add(it.id, it.title, it.text, force_story=sid)


def test_merge_pass_joins_a_split_story_and_keeps_others_apart():
    state = StoryClusterer()
    _force(state, [[QUAKE_1, QUAKE_2], [OSCARS], [QUAKE_3, QUAKE_4]])
    assert len(state.live()) == 3
    assert merge_stories(state) >= 1
    labels = state.labels()
    assert labels["q1"] == labels["q2"] == labels["q3"] == labels["q4"] != labels["o1"]
    assert {s.size for s in state.live()} == {4, 1}
    assert sorted(state.stories[labels["q1"]].members) == ["q1", "q2", "q3", "q4"]
    # the merged story keeps working online
    assert state.add("q5", QUAKE_1.title, QUAKE_1.text) == labels["q1"]


def test_merge_after_new_articles_looks_only_around_their_stories():
    state = StoryClusterer()
    _force(state, [[QUAKE_1, QUAKE_2], [OSCARS], [QUAKE_3, QUAKE_4]])
    labels = state.labels()
    # only the Oscars story took a new article: the split quake story is left for later
    assert merge_stories(state, touched={labels["o1"]}) == 0
    assert state.labels() == labels
    # a new article in one quake fragment brings the other in
    assert merge_stories(state, touched={labels["q3"]}) >= 1
    joined = state.labels()
    assert joined["q1"] == joined["q2"] == joined["q3"] == joined["q4"] != joined["o1"]


def test_learned_merge_leaves_two_single_articles_to_the_article_model():
    # the article model compared them when each was placed; the learned pass does not
    # overrule it (the average-link pass, measured on mean similarity, may)
    state = StoryClusterer()
    _force(state, [[QUAKE_1], [QUAKE_3]])
    assert merge_stories(state, link=False) == 0
    assert len(state.live()) == 2


def test_average_link_joins_alike_stories_and_keeps_others_apart():
    state = StoryClusterer()
    _force(state, [[QUAKE_1], [OSCARS], [QUAKE_3]])
    neighbours = {m: state.doc_neighbours(m) for m in ("q1", "o1", "q3")}
    assert link_stories(state, neighbours, LinkCuts(full=0.6, short=0.6)) == 1
    labels = state.labels()
    assert labels["q1"] == labels["q3"] != labels["o1"]
    # a strict cut joins nothing
    state = StoryClusterer()
    _force(state, [[QUAKE_1], [OSCARS], [QUAKE_3]])
    assert link_stories(state, neighbours, LinkCuts(full=0.1, short=0.1)) == 0
    # nor does any cut join stories further apart in time than the clusterer's window
    state = StoryClusterer()
    state.add("q1", QUAKE_1.title, QUAKE_1.text, date(2014, 4, 1), force_story=-1)
    state.add("q3", QUAKE_3.title, QUAKE_3.text, date(2014, 9, 1), force_story=-1)
    neighbours = {m: state.doc_neighbours(m) for m in ("q1", "q3")}
    assert link_stories(state, neighbours, LinkCuts(full=0.9, short=0.9)) == 0


QUAKE_RU = Item(
    "ru",
    "Землетрясение магнитудой 6,1 произошло на севере Чили",
    "Землетрясение магнитудой 6,1 произошло на севере Чили близ портового города Икике, "
    "сообщила Геологическая служба США. Здания тряслись в Икике и Арике.",
)
QUAKE_ES = Item(
    "es",
    "Un sismo de magnitud 6,1 sacude el norte de Chile",
    "Un sismo de magnitud 6,1 sacudió el norte de Chile cerca de la ciudad portuaria de "
    "Iquique, informó el Servicio Geológico de Estados Unidos. Los edificios temblaron en "
    "Iquique y Arica.",
)


def test_russian_and_spanish_reports_join_the_english_story():
    # the Russian report shares no word with the others: only the multilingual sentence
    # vectors link it, and between scripts they alone measure the similarity
    labels = cluster([QUAKE_1, OSCARS, QUAKE_2, QUAKE_3, QUAKE_RU, QUAKE_ES]).labels()
    assert labels["ru"] == labels["es"] == labels["q1"] == labels["q2"] == labels["q3"]
    assert labels["o1"] != labels["q1"]


def test_undated_articles_take_the_period_of_their_dated_neighbours():
    talks = "Lavrov and Blinken met in Geneva over the Nord Stream pipeline and NATO expansion"
    items = [
        Item("a", "Geneva talks", f"{talks}. Officials spoke on Friday.", date(2022, 1, 21)),
        Item("b", "Geneva talks go on", f"{talks}; the Kremlin answered.", date(2022, 1, 24)),
        Item("c", "Olympics", "The Tokyo Olympics opened with Naomi Osaka.", date(2021, 7, 23)),
        # no printed year: the month-day takes the year of its neighbours, the day its own
        Item("d", "Talks in Geneva", f"{talks}, in a briefing on January 21.", None),
        Item("e", "Tokyo", "Naomi Osaka lit the cauldron at the Tokyo Olympics.", None),
        Item("f", "Recipe", "Slow-cooked lentil soup with cumin and lemon.", None),
    ]
    got = estimate_dates(items)
    assert got["a"] == (date(2022, 1, 21), 1.0, "given")
    day, conf, source = got["d"]
    assert (day, source) == (date(2022, 1, 21), "corpus+text") and 0 < conf < 0.5
    day, conf, source = got["e"]
    assert (day, source) == (date(2021, 7, 23), "corpus") and 0 < conf < 0.5
    assert got["f"] == (None, 0.0, "none")


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


def test_seeds_four_stories_one_narrative_sanctions_apart_from_geneva():
    state = cluster(_seed_items())
    labels = state.labels()
    assert len(set(labels.values())) >= 4
    assert labels["004"] != labels["003"]
    narr = narratives(state)
    assert len({narr[s] for s in labels.values()}) == 1


def test_markers_read_days_years_numbers_and_weekdays():
    got = markers(
        "Posted: May 24, 2005. On Thursday the navy held 26 pirates; a magnitude 6.1 quake "
        "hit on 3rd March and 1,200 people left. Seen 2/3/2009."
    )
    assert {"d:05-24", "y:2005", "d:03-03", "d:02-03", "y:2009"} <= set(got)
    assert {"n:26", "n:6.1", "n:1200", "w:thursday"} <= set(got)
    # the day and year of a date are not numbers of their own
    assert not {"n:24", "n:3", "n:2005"} & set(got)
    assert {"k:d", "k:y", "k:n", "k:w"} <= set(got)
    assert markers("No dates or numbers here.") == {}


def test_mark_features_agree_with_the_same_day_and_conflict_with_another():
    story = {"d:05-24": 2.0, "k:d": 2.0, "y:2005": 1.0, "k:y": 1.0}
    same = mark_features({"d:05-24": 1.0, "k:d": 1.0}, story, 2)
    other = mark_features({"d:11-13": 1.0, "k:d": 1.0}, story, 2)
    assert same[:2] == [1.0, 0.0]  # date agreement, date conflict
    assert other[:2] == [0.0, 1.0]
    assert mark_features({}, story, 2) == [0.0] * 8  # nothing to compare: no evidence


def _firing(n: str, coach: str, day: str, record: str, gm: str, other: bool = False) -> Item:
    if other:
        return Item(
            n,
            f"{coach} out as Hawks coach",
            f"{coach} is out as head coach of the Harbor City Hawks. {gm}, the general "
            f"manager, made the call on {day} with the Hawks at {record}.",
        )
    return Item(
        n,
        f"Harbor City Hawks fire head coach {coach}",
        f"The Harbor City Hawks fired head coach {coach} on {day}, with the team at {record} "
        f"and last in the Atlantic Division. General manager {gm} said {coach} was told "
        f"at the Hawks' practice arena in Harbor City.",
    )


def test_twin_events_same_team_other_coach_and_day_stay_apart():
    # the same team fires a coach twice, years apart: same setting, other incident
    items = [
        _firing("a1", "Tom Reyes", "March 3", "9-14", "Lena Park"),
        _firing("a2", "Tom Reyes", "March 3", "9-14", "Lena Park", other=True),
        _firing("b1", "Dan Lowe", "November 18", "4-11", "Marcus Bell"),
        _firing("b2", "Dan Lowe", "November 18", "4-11", "Marcus Bell", other=True),
    ]
    labels = cluster(items).labels()
    assert labels["a1"] == labels["a2"]
    assert labels["b1"] == labels["b2"]
    assert labels["a1"] != labels["b1"]


class _CountingEncoder:
    """A stand-in encoder: one fixed direction per first word, counting its calls."""

    def __init__(self) -> None:
        self.calls = 0

    def encode(self, texts: list[str]):
        self.calls += 1
        rows = np.zeros((len(texts), 512), dtype=np.float32)
        for i, t in enumerate(texts):
            rows[i, sum(map(ord, t.split()[0])) % 512] = 3.0
        return rows


def test_sentence_text_is_the_title_and_the_start_of_the_body():
    body = "Strong quake shakes Iquique\n" + "Buildings shook in Arica. " * 40
    got = sem_text("Strong quake shakes Iquique", body)
    assert got.startswith("Strong quake shakes Iquique\nBuildings shook")
    assert got.count("Strong quake") == 1 and len(got) < 400
    assert sem_text("quake hits chile", "quake hits chile") == "quake hits chile"
    vecs = embed(_CountingEncoder(), ["quake hits", "", "oscars host"])
    assert np.allclose(np.linalg.norm(vecs, axis=1), [1.0, 0.0, 1.0])


def test_add_many_encodes_once_and_equals_adding_one_by_one():
    arts = [(it.id, it.title, it.text, None) for it in (QUAKE_1, OSCARS, QUAKE_2, QUAKE_3)]
    one = StoryClusterer()
    for a in arts:
        one.add(*a)
    enc = _CountingEncoder()
    many = StoryClusterer(encoder=enc)
    many.add_many(arts)
    assert enc.calls == 1
    many_default = StoryClusterer()
    assert many_default.add_many(arts) == [one.story_of[a[0]] for a in arts]


def test_saved_state_leaves_the_encoder_out_and_keeps_working():
    enc = _CountingEncoder()
    state = StoryClusterer(encoder=enc)
    state.add(QUAKE_1.id, QUAKE_1.title, QUAKE_1.text)
    back = pickle.loads(pickle.dumps(state))
    assert back.encoder is None and state.encoder is enc
    assert np.allclose(back.stories[0].vsum, state.stories[0].vsum)
    back.add(QUAKE_2.id, QUAKE_2.title, QUAKE_2.text)  # the shipped encoder takes over
    assert enc.calls == 1


def test_model_clips_features_to_their_training_range(tmp_path):
    n = len(FEATURES)
    coef = np.zeros(n)
    coef[FEATURES.index("log_size")] = -1.0
    low, high = np.zeros(n), np.full(n, 4.0)
    model = MergeModel(coef, 0.0, 0.5, np.zeros(n), np.ones(n), {}, low=low, high=high)
    x = np.zeros((3, n))
    x[:, FEATURES.index("log_size")] = [3.0, 4.0, 6.0]  # a story bigger than any in training
    p = model.prob(x)
    assert p[0] > p[1] == p[2]
    path = tmp_path / "m.json"
    path.write_text(json.dumps(model.to_json()))
    assert np.array_equal(load_model(path).prob(x), p)
    free = MergeModel(coef, 0.0, 0.5, np.zeros(n), np.ones(n), {})
    assert free.prob(x)[2] < p[2]
