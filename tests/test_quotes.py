"""Quote attribution: every case on small hand-written text, then the seed articles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsprism.analyse.quotes import Quote, find_candidates_many, find_quotes, mask, plan
from newsprism.analyse.quotes.colon import colon_line
from newsprism.analyse.quotes.filter import select
from newsprism.analyse.quotes.lexicon import lexicon
from newsprism.analyse.quotes.marks import quote_marks
from newsprism.bench.quotes import run
from newsprism.clean import clean
from newsprism.model import Article

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "seeds"


def parts(text: str, q: Quote) -> tuple[list[str], str | None, str | None, str, str | None]:
    """A quote as (content fragments, source, cue, kind, speaker) texts."""
    return (
        [text[s:e] for s, e in q.content],
        text[q.source[0] : q.source[1]] if q.source else None,
        text[q.cue[0] : q.cue[1]] if q.cue else None,
        q.kind,
        q.speaker,
    )


def only(text: str) -> tuple[list[str], str | None, str | None, str, str | None]:
    quotes = find_quotes(text)
    assert len(quotes) == 1, [parts(text, q) for q in quotes]
    return parts(text, quotes[0])


@pytest.mark.parametrize(
    ("opening", "closing"),
    [("“", "”"), ('"', '"'), ("„", "“"), ("«", "»"), ("‘", "’"), ("''", "''")],
)
def test_direct_quotes_in_any_marks(opening: str, closing: str) -> None:
    text = f"{opening}The harbour will reopen on Monday,{closing} Maria Keller said."
    content = f"{opening}The harbour will reopen on Monday,{closing}"
    assert only(text) == ([content], "Maria Keller", "said", "direct", "Maria Keller")


def test_a_second_opening_mark_closes_a_broken_quote() -> None:
    text = "“Of course we will reopen the port, “Maria Keller added."
    assert only(text) == (
        ["“Of course we will reopen the port, “"],
        "Maria Keller",
        "added",
        "direct",
        "Maria Keller",
    )


def test_a_quote_across_paragraphs_is_one_attribution_with_a_pronoun_speaker() -> None:
    text = (
        "Maria Keller spoke on Tuesday.\n\n"
        "“We will reopen the harbour on Monday, and the ships are waiting.\n\n"
        "“We are ready,” she said."
    )
    quote = find_quotes(text)[-1]
    assert parts(text, quote) == (
        ["“We will reopen the harbour on Monday, and the ships are waiting.", "“We are ready,”"],
        "she",
        "said",
        "direct",
        "Maria Keller",
    )


def test_dash_dialogue() -> None:
    text = (
        "Maria Keller met the press.\n\n"
        "– We have agreed on a plan. Then we will decide how to move forward –” she said."
    )
    quote = find_quotes(text)[-1]
    assert parts(text, quote) == (
        ["– We have agreed on a plan. Then we will decide how to move forward –”"],
        "she",
        "said",
        "dash",
        "Maria Keller",
    )


def test_dash_subheadings_are_not_dialogue() -> None:
    text = "– Framing the battle ahead –."
    assert quote_marks(text, 0, len(text)) == []


def test_partial_quote_inside_reported_speech() -> None:
    text = (
        "Maria Keller said the port is ready to respond if the strike continues with its "
        "“aggressive and reckless actions.”"
    )
    assert only(text) == (
        [
            "the port is ready to respond if the strike continues with its "
            "“aggressive and reckless actions.”"
        ],
        "Maria Keller",
        "said",
        "partial",
        "Maria Keller",
    )


def test_indirect_speech_with_a_that_clause() -> None:
    text = "Maria Keller noted that the talks would continue."
    assert only(text) == (
        ["that the talks would continue"],
        "Maria Keller",
        "noted",
        "indirect",
        "Maria Keller",
    )


def test_according_to() -> None:
    text = "According to the ministry, the port will reopen next week."
    assert only(text) == (
        ["the port will reopen next week"],
        "the ministry",
        "According to",
        "indirect",
        "ministry",
    )


def test_x_told_y() -> None:
    text = "Maria Keller told reporters that the port would reopen."
    assert only(text) == (
        ["that the port would reopen"],
        "Maria Keller",
        "told",
        "indirect",
        "Maria Keller",
    )


def test_who_said_that_names_the_antecedent() -> None:
    text = (
        "The plan was backed by the harbour minister Maria Keller, "
        "who said that the port would reopen."
    )
    assert only(text) == (["that the port would reopen"], "who", "said", "indirect", "Maria Keller")


def test_a_floating_quote_inherits_the_last_speaker() -> None:
    text = "“The port is open,” Maria Keller said.\n\n“We want a stable, predictable season.”"
    first, floating = find_quotes(text)
    assert parts(text, first)[4] == "Maria Keller"
    content, _, cue, kind, speaker = parts(text, floating)
    assert (content, cue, kind, speaker) == (
        ["“We want a stable, predictable season.”"],
        None,
        "direct",
        "Maria Keller",
    )


def test_organisations_speak() -> None:
    text = "The Kremlin repeatedly said that the claims were baseless."
    assert only(text) == (
        ["that the claims were baseless"],
        "The Kremlin",
        "said",
        "indirect",
        "Kremlin",
    )


def test_a_role_resolves_to_the_name_bound_by_apposition() -> None:
    text = (
        "The harbour minister, Maria Keller, opened the port.\n\n“We are ready,” said the minister."
    )
    assert parts(text, find_quotes(text)[-1]) == (
        ["“We are ready,”"],
        "the minister",
        "said",
        "direct",
        "Maria Keller",
    )


def test_a_surname_resolves_to_the_full_name() -> None:
    text = "Maria Keller opened the port.\n\n“We are ready,” Keller said."
    assert only(text)[4] == "Maria Keller"


def test_parenthetical_speech_is_the_sentence_around_the_cue() -> None:
    text = "The harbour will reopen next week, Maria Keller said, once the strike is over."
    assert only(text) == (
        ["The harbour will reopen next week", "once the strike is over"],
        "Maria Keller",
        "said",
        "indirect",
        "Maria Keller",
    )


def test_called_x_a_quote_keeps_the_object_with_the_quotation() -> None:
    text = 'Maria Keller called the plan a "reckless gamble" on Monday.'
    assert only(text) == (
        ['the plan a "reckless gamble"'],
        "Maria Keller",
        "called",
        "partial",
        "Maria Keller",
    )


def test_a_poll_speaks_through_in() -> None:
    text = "In the latest harbour survey, most dockers backed the strike."
    content, source, cue, kind, _ = only(text)
    assert (content, source, cue, kind) == (
        ["most dockers backed the strike"],
        "the latest harbour survey",
        "In",
        "indirect",
    )


def test_speaker_colon_lines() -> None:
    text = "KELLER: We will reopen the port on Monday."
    line = colon_line(text, 0, len(text), [], True)
    assert line is not None
    assert text[slice(*line.source)] == "KELLER"
    assert [text[s:e] for s, e in line.content] == ["We will reopen the port on Monday."]
    assert colon_line("The plan failed.", 0, 16, [], True) is None


def test_overlapping_candidates_keep_only_the_more_probable() -> None:
    contents = [((0, 50),), ((10, 20),), ((60, 80),), ((70, 90),)]
    assert select(contents, [0.6, 0.9, 0.2, 0.5], 0.35) == [False, True, False, True]


def test_the_bench_adapter_writes_offsets_into_the_input(tmp_path: Path) -> None:
    text = "“The port is open,” Maria Keller said."
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a1", "text": text}) + "\n", encoding="utf-8")
    assert run(src, tmp_path / "out.jsonl") == 1
    rec = json.loads((tmp_path / "out.jsonl").read_text(encoding="utf-8"))
    (att,) = rec["attributions"]
    assert rec["id"] == "a1"
    assert text[slice(*att["content"])] == "“The port is open,”"
    assert text[slice(*att["source"])] == "Maria Keller"
    assert text[slice(*att["cue"])] == "said"
    assert att["source_name"] == "Maria Keller"


# ----------------------------------------------------------------- the seed articles


def seed_quotes(prefix: str) -> tuple[str, list[Quote]]:
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    article = Article(
        ext_id=path.name, text=path.read_text(encoding="utf-8"), source=str(path), kind="text"
    )
    body = clean(article).body
    return body, find_quotes(body)


def direct(body: str, quotes: list[Quote]) -> dict[str, str | None]:
    """Opening words of each direct or dash quote -> its speaker."""
    return {
        body[q.content[0][0] : q.content[0][1]][:40]: q.speaker
        for q in quotes
        if q.kind in ("direct", "dash")
    }


def speaker_of(found: dict[str, str | None], opening: str) -> str | None:
    (speaker,) = [s for key, s in found.items() if key.startswith(opening)]
    return speaker


@pytest.mark.parametrize(
    ("prefix", "speakers"),
    [
        ("000", {"Jen Psaki"}),
        ("001", {"Antony Blinken"}),
        ("002", {"Antony Blinken", "Dmitry Peskov"}),
        ("003", {"Anthony Blinken"}),
        ("004", {"Joe Biden"}),
    ],
)
def test_seed_direct_quotes_have_the_right_speakers(prefix: str, speakers: set[str]) -> None:
    body, quotes = seed_quotes(prefix)
    found = direct(body, quotes)
    assert found
    assert set(found.values()) == speakers


def test_seed_001_role_resolves_to_blinken() -> None:
    body, quotes = seed_quotes("001")
    (q,) = [q for q in quotes if body[q.content[0][0] :].startswith("“We would prefer")]
    assert body[q.source[0] : q.source[1]] == "the head of the State Department"
    assert q.speaker == "Antony Blinken"


def test_seed_004_floating_quote_inherits_biden() -> None:
    body, quotes = seed_quotes("004")
    (q,) = [q for q in quotes if body[q.content[0][0] :].startswith("“We want a stable")]
    assert (q.cue, q.kind, q.speaker) == (None, "direct", "Joe Biden")


def test_seed_002_dialogue_goes_to_blinken_and_peskov_and_skips_the_teaser() -> None:
    body, quotes = seed_quotes("002")
    found = direct(body, quotes)
    assert speaker_of(found, '"And there are clearly areas') == "Antony Blinken"
    assert speaker_of(found, '"It’s really important') == "Antony Blinken"
    assert speaker_of(found, '"The most important thing') == "Dmitry Peskov"
    assert "Featured Post" not in body


def test_long_quotations_are_parsed_as_a_stand_in_of_the_same_length() -> None:
    text = "“We will reopen the harbour on Monday and the ships are waiting,” Maria Keller said."
    (unit,) = plan(text, lexicon()).units
    masked = mask(text, unit)
    assert len(masked) == len(text)
    assert masked != text
    # outside the quotation, every character (so every offset) is unchanged
    close = text.index("”")
    assert masked[close:] == text[close:] and masked[0] == text[0]
    assert only(text)[1:] == ("Maria Keller", "said", "direct", "Maria Keller")


def test_a_relative_clause_stays_in_the_source_unless_it_reports_speech() -> None:
    text = "Dan Ortiz, who owns the bakery, said that the market would reopen."
    assert only(text)[1] == "Dan Ortiz, who owns the bakery,"
    text = "Dan Ortiz, who has said that taxes are too high, argued that the market would reopen."
    sources = {parts(text, q)[1] for q in find_quotes(text)}
    assert "Dan Ortiz" in sources


def test_a_dateline_is_not_part_of_the_source() -> None:
    text = (
        "WASHINGTON (Reuters) - U.S. presidential candidate Dan Ortiz said on Tuesday that "
        "the market would reopen."
    )
    assert only(text)[1] == "U.S. presidential candidate Dan Ortiz"


def test_an_apposition_names_the_person_not_the_employer() -> None:
    text = (
        "Lieutenant Oren Pask, a spokesperson for the Castellan Coast Guard, said the vessel "
        'was safe. "There is no leak," he said.'
    )
    found = find_quotes(text)
    assert [q.speaker for q in found] == ["Lieutenant Oren Pask", "Lieutenant Oren Pask"]


def test_she_is_not_the_man_who_spoke_last() -> None:
    text = (
        'Lieutenant Oren Pask said the crew was safe. "There is no leak," he said.\n\n'
        "The harbour minister, Ilse Marrow, visited the control room at midday. "
        '"We will reopen within ten days," she told reporters.'
    )
    found = {text[q.content_span[0] : q.content_span[1]]: q.speaker for q in find_quotes(text)}
    assert found['"We will reopen within ten days,"'] == "Ilse Marrow"
    assert found['"There is no leak,"'] == "Lieutenant Oren Pask"


def candidates(text: str) -> list[tuple[list[str], str | None, str | None, str, str | None]]:
    """Every candidate the rules propose for ``text``, before the learned filter."""
    (found,) = find_candidates_many([text])
    return [parts(text, q) for q, _ in found]


def test_the_stand_in_leaves_no_run_of_spaces_for_the_parser() -> None:
    text = "“We will reopen the harbour on Monday and the ships are waiting,” Maria Keller said."
    (unit,) = plan(text, lexicon()).units
    masked = mask(text, unit)
    assert "  " not in masked and masked.startswith("“It is so")


def test_a_verb_right_after_a_quotation_is_a_cue_even_if_no_list_has_it() -> None:
    text = '"Nobody leaves this harbour before the inspection is over," Ilse Marrow barked.'
    assert only(text)[1:4] == ("Ilse Marrow", "barked", "direct")


def test_an_inverted_tag_names_the_speaker_after_the_verb() -> None:
    text = '"The quota will empty this town," opined the Sumter Gazette.'
    assert only(text)[1:3] == ("the Sumter Gazette", "opined")


def test_a_quotation_in_someones_clause_is_theirs_not_the_last_speakers() -> None:
    text = (
        "“The port is open,” Maria Keller said.\n\n"
        "Oren Pask leaned over the railing and boomed: “Nobody sails before the inspection.”"
    )
    found = {parts(text, q)[0][0]: parts(text, q) for q in find_quotes(text)}
    assert found["“Nobody sails before the inspection.”"][1] == "Oren Pask"


def test_a_full_stop_closing_a_quotation_ends_the_sentence() -> None:
    text = "She shouted: “We are staying here tonight.” Oren Pask made a call."
    starts = [text[u.start : u.end] for u in plan(text, lexicon()).units]
    assert starts == ["She shouted: “We are staying here tonight.”", "Oren Pask made a call."]
    text = "“Are we staying here tonight?” Oren Pask asked."
    assert len(plan(text, lexicon()).units) == 1  # a question mark may precede a tag


def test_asked_about_x_he_said_gives_the_asking_no_source() -> None:
    text = "Asked whether the harbour would reopen, Maria Keller said that it would."
    asked = [c for c in candidates(text) if c[2] == "Asked"]
    assert asked and all(source is None for _, source, *_ in asked)
    kept = {(parts(text, q)[1], parts(text, q)[2]) for q in find_quotes(text)}
    assert kept == {(None, "Asked"), ("Maria Keller", "said")}


def test_by_saying_takes_the_subject_of_the_verb() -> None:
    text = "The harbour master answered the critics by saying, “The port is safe for every ship.”"
    said = {parts(text, q)[2]: parts(text, q)[1] for q in find_quotes(text)}
    assert said["saying"] == "The harbour master"
    # found as the subject of "answered", not guessed as the nearest subject above
    (found,) = find_candidates_many([text])
    (feats,) = [f for q, f in found if q.cue and text[q.cue[0] : q.cue[1]] == "saying"]
    assert "subj_far" not in feats


def test_asked_by_names_the_one_who_asked() -> None:
    text = "Maria Keller was asked by the harbour master whether the port would reopen soon."
    sources = {c[1] for c in candidates(text) if c[2] == "asked"}
    assert sources == {"the harbour master"}


def test_seemed_to_suggest_is_the_subjects_speech() -> None:
    text = "Oren Pask seemed to suggest that the harbour would close for the winter."
    found = candidates(text)
    assert ("Oren Pask", "suggest") in {(c[1], c[2]) for c in found}
    assert not [c for c in found if c[2] == "seemed"]


def test_as_x_put_it() -> None:
    text = "As Professor Ilse Marrow put it: “A harbour without ships is only a lake.”"
    found = [c for c in candidates(text) if c[2] == "put"]
    assert [c[:2] for c in found] == [
        (["“A harbour without ships is only a lake.”"], "Professor Ilse Marrow")
    ]


@pytest.mark.parametrize(
    ("text", "source"),
    [
        # a participle right after the noun is part of the source, after a comma it is not
        (
            "A report released on Monday by the harbour authority said that fish stocks fell.",
            "A report released on Monday by the harbour authority",
        ),
        (
            "Oren Pask, writing in the Sumter Gazette, argued that fish stocks fell.",
            "Oren Pask",
        ),
        # discourse words are not part of the source; quantifiers are
        ("But Maria Keller said that fish stocks fell.", "Maria Keller"),
        (
            "Only 40 percent of the fishermen said that fish stocks fell.",
            "Only 40 percent of the fishermen",
        ),
        # a floating quantifier and a day are not
        (
            "Maria Keller and Oren Pask both said that fish stocks fell.",
            "Maria Keller and Oren Pask",
        ),
        ("A harbour report on Wednesday said that fish stocks fell.", "A harbour report"),
        # closing punctuation matches the opening one
        (
            "Oren Pask — a fisherman from Sumter — said that fish stocks fell.",
            "Oren Pask — a fisherman from Sumter —",
        ),
        ("Sen. Oren Pask (D-R.I.), said that fish stocks fell.", "Sen. Oren Pask (D-R.I.),"),
    ],
)
def test_source_span_edges(text: str, source: str) -> None:
    assert source in {c[1] for c in candidates(text) if c[2] == "said" or c[2] == "argued"}


def test_a_passive_cue_has_no_source() -> None:
    text = "Oren Pask, who is said to favour the new quota, left the meeting early."
    said = [c for c in candidates(text) if c[2] == "said"]
    assert said and all(source is None for _, source, *_ in said)


def test_while_saying_is_the_main_subjects_speech() -> None:
    text = "Oren Pask praised the crew, while saying that the harbour needs new cranes."
    sources = {c[1] for c in candidates(text) if c[2] == "saying"}
    assert sources == {"Oren Pask"}
