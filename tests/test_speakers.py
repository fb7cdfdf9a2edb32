"""Canonical speakers across a corpus: spelling variants, titles, bare surnames, orgs."""

from __future__ import annotations

from newsprism.corpus.speakers import SpeakerMention, canonical_speakers, parse_name


def mentions(*names: tuple[str, str | None, int]) -> list[SpeakerMention]:
    """``(name, kind, count)`` triples as mentions, each with its own passage."""
    return [SpeakerMention(n, k, (n, i)) for n, k, count in names for i in range(count)]


def test_blinken_spellings_titles_and_surname_are_one_person() -> None:
    found = canonical_speakers(
        mentions(
            ("Antony Blinken", "PERSON", 3),
            ("Anthony Blinken", "PERSON", 2),
            ("Mr. Blinken", None, 1),
            ("Blinken", None, 2),
            ("Secretary of State Antony Blinken", "PERSON", 1),
            ("the Secretary of State of the United States, Antony Blinken", None, 1),
        )
    )
    assert len(found.entities) == 1
    blinken = found.entities[0]
    assert blinken.name == "Antony Blinken"  # the most frequent full form
    assert blinken.kind == "PERSON"
    assert blinken.id == "person:antony-blinken"
    assert blinken.aliases["Anthony Blinken"] == [("Anthony Blinken", 0), ("Anthony Blinken", 1)]
    assert set(blinken.aliases) == {
        "Antony Blinken",
        "Anthony Blinken",
        "Mr. Blinken",
        "Blinken",
        "Secretary of State Antony Blinken",
        "the Secretary of State of the United States, Antony Blinken",
    }
    assert blinken.mentions == 10
    for name in ("Anthony Blinken", "Mr. Blinken", "Blinken", "Antoni Blinken"):
        assert found.resolve(name) is blinken, name


def test_transliterations_join_without_a_table() -> None:
    found = canonical_speakers(
        mentions(
            ("Sergei Lavrov", "PERSON", 1),
            ("Sergey Lavrov", "PERSON", 2),
            ("Russian Foreign Minister Sergei Lavrov", None, 1),
            ("Alexei Navalny", "PERSON", 1),
            ("Aleksei Navalnyi", "PERSON", 1),
        )
    )
    assert len(found.entities) == 2
    navalny = found.resolve("Alexei Navalny")
    assert navalny is not None and navalny is found.resolve("Aleksei Navalnyi")
    lavrov = found.resolve("Sergei Lavrov")
    assert lavrov is not None and lavrov.name == "Sergey Lavrov"
    assert lavrov.mentions == 4
    assert found.resolve("Sergej Lavroff") is lavrov  # a spelling the corpus never used


def test_family_members_stay_apart_and_bare_surname_goes_to_the_dominant_one() -> None:
    found = canonical_speakers(
        mentions(
            ("Joe Biden", "PERSON", 6),
            ("Hunter Biden", "PERSON", 1),
            ("Biden", None, 3),
            ("President Biden", None, 1),
        )
    )
    joe, hunter = found.resolve("Joe Biden"), found.resolve("Hunter Biden")
    assert joe is not None and hunter is not None and joe is not hunter
    assert found.resolve("Biden") is joe
    assert set(joe.aliases) == {"Joe Biden", "Biden", "President Biden"}
    assert set(hunter.aliases) == {"Hunter Biden"}


def test_bare_surname_stays_alone_when_two_people_share_it_evenly() -> None:
    found = canonical_speakers(
        mentions(("Joe Biden", "PERSON", 2), ("Jill Biden", "PERSON", 2), ("Biden", None, 2))
    )
    bare = [e for e in found.entities if e.name == "Biden"]
    assert len(bare) == 1 and set(bare[0].aliases) == {"Biden"}
    assert found.resolve("Biden") is bare[0]
    assert {e.name for e in found.entities} == {"Joe Biden", "Jill Biden", "Biden"}


def test_different_people_with_similar_names_are_not_joined() -> None:
    found = canonical_speakers(
        mentions(
            ("Dmitry Peskov", "PERSON", 2),
            ("Dmitry Medvedev", "PERSON", 2),
            ("Sergei Ryabkov", "PERSON", 1),
            ("Sergei Lavrov", "PERSON", 1),
            ("Sergei Lavrentiev", "PERSON", 1),
            ("John Kerry", "PERSON", 1),
            ("John Kirby", "PERSON", 1),
            ("Kim Jong Un", "PERSON", 1),
            ("Kim Jong Il", "PERSON", 1),
        )
    )
    assert len(found.entities) == 9


def test_organisations_join_on_form_and_unique_acronym() -> None:
    found = canonical_speakers(
        mentions(
            ("The Kremlin", "ORG", 2),
            ("Kremlin", None, 1),
            ("North Atlantic Treaty Organization", "ORG", 1),
            ("NATO", None, 2),
            ("the White House", None, 1),
            ("Russia", "GPE", 1),
        )
    )
    kremlin = found.resolve("the Kremlin")
    assert kremlin is not None and kremlin.name == "Kremlin" and kremlin.kind == "ORG"
    assert set(kremlin.aliases) == {"The Kremlin", "Kremlin"}
    assert kremlin.id == "org:kremlin"
    nato = found.resolve("NATO")
    assert nato is not None and nato is found.resolve("North Atlantic Treaty Organization")
    assert found.resolve("White House") is not kremlin
    assert len(found.entities) == 4


def test_ids_are_stable_across_runs_and_input_order() -> None:
    ms = mentions(
        ("Antony Blinken", "PERSON", 2),
        ("Anthony Blinken", "PERSON", 1),
        ("Sergey Lavrov", "PERSON", 1),
        ("The Kremlin", "ORG", 1),
    )
    a = canonical_speakers(ms)
    b = canonical_speakers(list(reversed(ms)))
    assert sorted(e.id for e in a.entities) == sorted(e.id for e in b.entities)
    assert {e.id: e.name for e in a.entities} == {e.id: e.name for e in b.entities}


def test_unknown_names_resolve_to_nothing() -> None:
    found = canonical_speakers(mentions(("Joe Biden", "PERSON", 1)))
    assert found.resolve("Vladimir Putin") is None
    assert found.resolve("Hunter Biden") is None  # another first name is another person


def test_parse_name_drops_titles_and_keeps_the_name() -> None:
    assert parse_name("Kremlin Spokesman Dmitry Peskov").display == "Dmitry Peskov"
    assert parse_name("Jen Psaki, the White House press secretary,").display == "Jen Psaki"
    assert parse_name("President [Joe] Biden’s").display == "Joe Biden"
    assert parse_name("Martin Luther King").last == "king"
    assert parse_name("Ludwig van Beethoven").last == "van beethoven"
    assert parse_name("the Secretary of State").kind != "PERSON"
    assert parse_name("White House").kind == "ORG"
    assert parse_name("With Russia").kind != "PERSON"
