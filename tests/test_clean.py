"""Clean v1 on the five seed articles and on small hand-written texts."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from newsprism.clean import CleanOptions, clean, clean_text
from newsprism.model import Article, Cleaned

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "seeds"

PROSE = (
    "The minister said on Tuesday that the talks would resume next week in Geneva, "
    "after both sides agreed on an agenda."
)
PROSE_2 = (
    "Officials from the two delegations declined to say which topics would come first, "
    "but diplomats expect trade and security to dominate the meeting."
)


def seed(prefix: str) -> Article:
    assert SEEDS.is_dir(), f"{SEEDS} is missing: the tests need ../shared next to the repo"
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return Article(
        ext_id=path.name, text=path.read_text(encoding="utf-8"), source=str(path), kind="text"
    )


# Distinctive fragments of each seed's own paragraphs; the last one is its last real paragraph.
ARTICLE_TEXT = {
    "000": [
        "At the same time, as Jen Psaki stressed",
        "While the United States expresses concern about Russia",
        "When asked to comment on yesterday",
        "Of course, we reserve the right to take action",
    ],
    "001": [
        "The US stresses the importance of initiating dialogues",
        "Referring to the current Russia-Ukraine escalation",
        "When asked if Putin has accepted the US invitation",
        "Last April, Biden offered his Russian counterpart a summit",
    ],
    "002": [
        "Secretary of State Antony Blinken on Sunday said it was",
        "While appearing on CNN's",
        "Kremlin Spokesman Dmitry Peskov has noted",
        '"Lavrov told the president in detail about the outcome',
    ],
    "003": [
        "US Secretary of State Anthony Blinken said that the US had agreed",
        "This is how he answered the journalists",
        "He noted that there are things in which the United States",
        "He stressed that the discussion of these issues will take place",
    ],
    "004": [
        "US President Joe Biden has called for de-escalating",
        "Among the expelled diplomats are five employees",
        "“We want a stable, predictable relationship.”",
        "The two are bitterly divided over Ukraine, human rights",
    ],
}

FURNITURE = [
    "Leave a Reply",
    "Sharing is caring!",
    "nine + ten =",
    "Featured Post",
    "Tulsi Gabbard",
    "Graduated From Princeton",
    "sbr / mrg",
    "SMEStreet Edit Desk",
    "Back to top button",
    "bloggers like this",
    "Akismet",
    "World News",
]


@pytest.fixture(scope="module")
def cleaned() -> dict[str, tuple[Article, Cleaned]]:
    out = {}
    for prefix in ARTICLE_TEXT:
        article = seed(prefix)
        out[prefix] = (article, clean(article))
    return out


@pytest.mark.parametrize("prefix", sorted(ARTICLE_TEXT))
def test_seed_keeps_every_paragraph_of_the_article(cleaned, prefix):
    _, result = cleaned[prefix]
    for fragment in ARTICLE_TEXT[prefix]:
        assert fragment in result.body, f"{prefix}: lost {fragment!r}"


# The beginnings of the lines that are furniture; every other line must stay whole.
FURNITURE_LINES = {
    "000": ["The White House: The US", "Author: ", "Graduated From", "Function: "],
    "001": ["The US wants a", "sbr / mrg"],
    "002": [
        "Monday, May 24",
        "Blinken Says It's",
        "No comments",
        "Post a Comment",
        "Only News",
        "Calculadora",
        "Featured Post",
        "“The U.S. must stop",
        "US Congresswoman, Tulsi",
        "Blog Widget",
    ],
    "003": ["The dialogue will continue", "World News", "Leave a Reply", "nine + ten"],
    "004": [
        "Joe Biden Calls",
        "Sharing is caring",
        "SMEStreet Edit Desk",
        "Related Articles",
        "Leave a Reply",
        "Your email address",
        "This site uses Akismet",
        "Back to top",
        "%d bloggers",
    ],
}


@pytest.mark.parametrize("prefix", sorted(ARTICLE_TEXT))
def test_seed_keeps_every_line_that_is_not_furniture(cleaned, prefix):
    article, result = cleaned[prefix]
    for line in filter(None, (ln.strip() for ln in article.text.splitlines())):
        if line.startswith(tuple(FURNITURE_LINES[prefix])):
            assert line not in result.body, f"{prefix}: kept {line[:60]!r}"
        else:
            assert line.removeprefix("(FNA)- ") in result.body, f"{prefix}: lost {line[:60]!r}"


@pytest.mark.parametrize("prefix", sorted(ARTICLE_TEXT))
def test_seed_body_has_no_furniture(cleaned, prefix):
    _, result = cleaned[prefix]
    for junk in FURNITURE:
        assert junk not in result.body, f"{prefix}: kept {junk!r}"


def test_seed_metadata_is_recovered(cleaned):
    assert cleaned["002"][1].found["published"] == "2021-05-24"
    assert cleaned["002"][1].found["agency"] == "FNA"
    assert cleaned["000"][1].found["author"] == "Steve Cowan"
    assert "SMEStreet Edit Desk" in cleaned["004"][1].found["author"]
    assert cleaned["004"][1].found["title"] == (
        "Joe Biden Calls for De-Escalation Of Tensions With Russia"
    )
    assert cleaned["002"][1].found["title"].startswith("Blinken Says It's 'Up to Russia")


def test_seed_foreign_headline_stays(cleaned):
    article, result = cleaned["003"]
    russian = next(line for line in article.text.splitlines() if line.startswith("Диалог"))
    assert russian in result.body


def test_seed_agency_prefix_alone_is_removed(cleaned):
    article, result = cleaned["002"]
    prefix_spans = [s for s in result.removed if s.text_of(article.text) == "(FNA)- "]
    assert len(prefix_spans) == 1
    assert result.body.split("\n\n")[0].startswith("Secretary of State Antony Blinken on Sunday")


@pytest.mark.parametrize("prefix", sorted(ARTICLE_TEXT))
def test_seed_removed_spans_carry_reasons(cleaned, prefix):
    article, result = cleaned[prefix]
    assert result.removed
    for span in result.removed:
        assert span.label and span.attrs["why"]
        assert span.text_of(article.text).strip()


@pytest.mark.parametrize("prefix", sorted(ARTICLE_TEXT))
def test_seed_body_map_round_trip(cleaned, prefix):
    article, result = cleaned[prefix]
    assert_round_trip(article.text, result)


def assert_round_trip(text: str, result: Cleaned) -> None:
    """Every body segment is the text at its place, and body + removed cover the text."""
    covered = [0] * len(text)
    for body_start, text_start, length in result.body_map.segments:
        piece = text[text_start : text_start + length]
        assert piece == result.body[body_start : body_start + length]
        assert result.body_map.to_text(body_start) == text_start
        for k in range(text_start, text_start + length):
            covered[k] += 1
    for span in result.removed:
        for k in range(span.start, span.end):
            covered[k] += 1
    for k, ch in enumerate(text):
        if not ch.isspace():
            assert covered[k] == 1, f"offset {k} ({ch!r}) covered {covered[k]} times"
    # Outside the segments the body holds only the separators the cleaner put in.
    in_segment = [False] * len(result.body)
    for body_start, _, length in result.body_map.segments:
        in_segment[body_start : body_start + length] = [True] * length
    assert all(ch == "\n" for ch, inside in zip(result.body, in_segment, strict=True) if not inside)


def test_leave_a_reply_inside_prose_is_kept():
    sentence = (
        "Readers who want to leave a reply to the mayor can do so at the town hall meeting, "
        "which starts at seven."
    )
    text = f"Town hall opens to readers\n\n{PROSE}\n\n{sentence}\n\n{PROSE_2}\n"
    result = clean_text(text)
    assert sentence in result.body
    assert PROSE in result.body and PROSE_2 in result.body


def test_comment_form_after_the_article_goes_with_what_follows():
    text = (
        f"Talks to resume\n\n{PROSE}\n\n{PROSE_2}\n\n{PROSE} {PROSE_2}\n\n"
        "Leave a Reply\n\nName *\n\n"
        "Great article, I agree with every word you wrote about the minister and the talks.\n\n"
        "3 + 4 =\n"
    )
    result = clean_text(text)
    assert result.body.endswith(PROSE_2)
    labels = {s.label for s in result.removed}
    assert {"title", "pattern:comments", "pattern:captcha", "position:tail"} <= labels
    assert "Great article" not in result.body


@pytest.mark.parametrize(
    ("line", "label"),
    [
        ("Share this:", "pattern:share"),
        ("Share on Facebook", "pattern:share"),
        ("seven − two =", "pattern:captcha"),
        ("12 minus 3 = ", "pattern:captcha"),
        ("Related Posts", "pattern:related"),
        ("Deja una respuesta", "pattern:comments"),
        ("Оставить комментарий", "pattern:comments"),
        ("Schreibe einen Kommentar", "pattern:comments"),
        ("abc / xyz", "pattern:slug"),
        ("Back to top", "pattern:nav"),
        ("By Jane Doe", "byline"),
        ("Tuesday, January 8, 2008", "dateline"),
    ],
)
def test_furniture_lines_are_removed_with_their_reason(line, label):
    text = f"Talks to resume\n\n{PROSE}\n\n{line}\n\n{PROSE_2}\n"
    result = clean_text(text)
    assert line.strip() not in result.body
    (span,) = [s for s in result.removed if s.label == label]
    assert span.text_of(text) == line.strip()
    assert PROSE in result.body and PROSE_2 in result.body


def test_byline_and_date_are_recovered():
    text = f"Talks to resume\n\nBy Jane Doe\n\nTuesday, January 8, 2008\n\n{PROSE}\n"
    result = clean_text(text)
    assert result.found["author"] == "Jane Doe"
    assert result.found["published"] == "2008-01-08"
    assert result.body == PROSE


def test_a_date_inside_a_sentence_is_not_a_dateline():
    sentence = "The treaty was signed on Tuesday, January 8, 2008 in Lisbon by both leaders."
    result = clean_text(f"Treaty signed\n\n{sentence}\n")
    assert result.body == sentence
    assert "published" not in result.found


def test_article_goes_on_after_a_related_box():
    text = (
        f"Talks to resume\n\n{PROSE}\n\n{PROSE_2}\n\n{PROSE}\n\n{PROSE_2}\n\n"
        "Related Articles\n\nSomething else happened somewhere\n\n"
        f"{PROSE_2}\n\n{PROSE}\n\nThe minister declined to comment.\n"
    )
    result = clean_text(text)
    assert result.body.endswith(f"{PROSE_2}\n\n{PROSE}\n\nThe minister declined to comment.")
    assert "Something else happened" not in result.body


def test_comment_count_at_the_top_does_not_end_the_article():
    result = clean_text(f"Talks to resume\n\n5 Comments\n\n{PROSE}\n\n{PROSE_2}\n")
    assert result.body == f"{PROSE}\n\n{PROSE_2}"


def test_navigation_before_and_after_the_article_goes():
    nav = "\n".join(["Home", "World", "Business", "Sport", "Weather", "Contact us"])
    text = f"Talks to resume | Daily Planet\n{nav}\n\n{PROSE}\n\n{PROSE_2}\n\n{nav}\n"
    result = clean_text(text)
    assert result.body == f"{PROSE}\n\n{PROSE_2}"
    assert {s.label for s in result.removed} >= {"title", "position:head", "position:tail"}
    assert_round_trip(text, result)


def test_known_title_is_removed_and_first_line_kept_otherwise():
    text = f"{PROSE}\n\nTalks to resume\n\n{PROSE_2}\n"
    result = clean_text(text, title="Talks to resume")
    assert result.body == f"{PROSE}\n\n{PROSE_2}"
    assert result.found["title"] == "Talks to resume"
    # Without a title, a first line that reads as a sentence is text, not a title.
    assert clean_text(f"{PROSE}\n\n{PROSE_2}\n").body == f"{PROSE}\n\n{PROSE_2}"


def test_paragraph_keeps_its_inner_newlines_and_maps_back():
    text = f"Talks to resume\r\n\r\n  {PROSE}\r\n{PROSE_2}\r\n\r\n\r\n{PROSE}\r\n"
    result = clean_text(text)
    assert result.body == f"{PROSE}\n{PROSE_2}\n\n{PROSE}"
    assert_round_trip(text, result)
    word = result.body.rindex("Geneva")
    assert text[result.body_map.to_text(word) :].startswith("Geneva")


def test_text_without_prose_loses_only_its_title():
    result = clean_text("Short note\nwith two lines")
    assert result.body == "with two lines"
    assert clean_text("").body == ""


def test_options_are_frozen_plain_data():
    options = CleanOptions()
    with pytest.raises(dataclasses.FrozenInstanceError):
        options.prose_min_words = 3  # type: ignore[misc]
    headline = "Talks between the two delegations to resume"
    text = f"{headline}\n\n{PROSE}\n"
    assert clean_text(text).body == PROSE
    no_title = CleanOptions(first_line_is_title=False)
    assert clean_text(text, options=no_title).body == f"{headline}\n\n{PROSE}"
