"""The corpus-wide tables: speakers, stories, reuse links and stage state, on both backends."""

from __future__ import annotations

import pytest

from newsprism.corpus.attribution import attributions, quote_families
from newsprism.model import Analysis, Article, BodyMap, Cleaned, Span
from newsprism.store import Store
from newsprism.store.records import ReuseRow, StoryRow

BODY = "Ilse Marrow said: “The harbour will reopen.” The Halvard Line declined to comment."


def stored_pair(s: Store) -> tuple[int, int]:
    a = Article("a.txt", BODY, "a.txt", "text", title="A", published="2025-03-01", outlet="Harbour")
    b = Article("b.txt", BODY + " More.", "b.txt", "text", title="B", outlet="Coast")
    ids = s.add_articles([a, b]).added
    quote = Span(
        19,
        44,
        "direct",
        {
            "content": [[19, 44]],
            "cue": [11, 15],
            "source": [0, 11],
            "speaker": "Ilse Marrow",
            "speaker_kind": "PERSON",
            "source_text": "Ilse Marrow",
            "text": BODY[19:44],
        },
    )
    cleaned = Cleaned(BODY, BodyMap(((0, 0, len(BODY)),)), [])
    s.save_analyses((i, Analysis(cleaned, "en", 0.99, [], [], [], quotes=[quote])) for i in ids)
    return ids[0], ids[1]


@pytest.fixture
def any_store(db_url: str):
    with Store.open(db_url) as s:
        yield s


def test_quotes_are_stored_as_spans_and_listed_with_their_articles(any_store: Store) -> None:
    a, b = stored_pair(any_store)
    rows = list(any_store.quote_rows())
    assert [(r.article_id, r.speaker, r.text) for r in rows] == [
        (a, "Ilse Marrow", BODY[19:44]),
        (b, "Ilse Marrow", BODY[19:44]),
    ]
    assert [r.article_id for r in any_store.quote_rows(outlet="Coast")] == [b]
    assert any_store.get(a).analysis.quotes[0].attrs["cue"] == [11, 15]
    assert any_store.corpus_counts()["quotes"] == 2


def test_an_estimated_date_is_marked_and_never_orders_a_quote_family(any_store: Store) -> None:
    _, b = stored_pair(any_store)
    again = any_store.get(b).analysis
    again.published = {"date": "2025-02-01", "source": "estimate", "confidence": 0.1}
    any_store.save_analyses([(b, again)])
    rows = {r.article_id: r for r in any_store.quote_rows()}
    assert (rows[b].published, rows[b].published_source) == ("2025-02-01", "estimate")
    listed = {r.id: r.published_source for r in any_store.list_articles()}
    assert listed[b] == "estimate"
    (family,) = quote_families(attributions(any_store))
    # the guessed day (earlier than the printed one) does not make b the first rendering
    assert [(m.article, m.published) for m in family.members] == [
        ("a.txt", "2025-03-01"),
        ("b.txt", None),
    ]


def test_speakers_are_replaced_whole(any_store: Store) -> None:
    any_store.replace_speakers(
        [("person:x", "X Y", "PERSON")], {"X Y": "person:x", "Y": "person:x"}
    )
    any_store.replace_speakers(
        [("person:ilse-marrow", "Ilse Marrow", "PERSON")], {"Ilse Marrow": "person:ilse-marrow"}
    )
    (only,) = any_store.speakers()
    assert (only.id, only.aliases) == ("person:ilse-marrow", ["Ilse Marrow"])
    assert any_store.speaker_aliases() == {"Ilse Marrow": "person:ilse-marrow"}


def test_stories_state_and_members_are_saved_together(any_store: Store) -> None:
    a, b = stored_pair(any_store)
    row = StoryRow(
        0,
        0,
        "Harbour to reopen",
        "2025-03-01",
        "2025-03-01",
        2,
        ["Coast", "Harbour"],
        ["Ilse Marrow"],
    )
    any_store.save_stories(("stories", 1, b"state-1"), {a: 0, b: 0}, [row])
    assert any_store.load_state("stories", 1) == b"state-1"
    assert any_store.load_state("stories", 2) is None  # another version's state is not read
    assert any_store.stories() == [row]
    assert any_store.story(0) == (row, [a, b])
    assert any_store.story(7) is None
    assert any_store.story_of() == {a: 0, b: 0}

    any_store.reset_stage("stories")
    assert any_store.load_state("stories", 1) is None
    assert any_store.stories() == [] and any_store.story_of() == {}


def test_reuse_links_round_trip_and_filter_by_article(any_store: Store) -> None:
    a, b = stored_pair(any_store)
    link = ReuseRow(a, 0, 44, b, 0, 44, 0.97, 6, True)
    any_store.add_reuse_links(("reuse", 1, b"index"), [link])
    assert any_store.reuse_rows() == [link]
    assert any_store.reuse_rows([b]) == [link]
    assert any_store.reuse_rows([a + b + 100]) == []
    assert any_store.load_state("reuse", 1) == b"index"
    any_store.reset_stage("reuse")
    assert any_store.reuse_rows() == []


def test_a_failed_write_keeps_the_old_state(any_store: Store) -> None:
    a, _ = stored_pair(any_store)
    any_store.save_stories(("stories", 1, b"good"), {a: 0}, [])
    with pytest.raises(Exception):  # noqa: B017 - any database error
        any_store.save_stories(("stories", 1, b"bad"), {a + 1000: 0}, [])  # no such article
    assert any_store.load_state("stories", 1) == b"good"
