"""Analysis v1 on hand-written text and on the seed articles."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsprism.analyse import analyse, analyse_many
from newsprism.analyse.lang import detect_languages
from newsprism.analyse.parse import pieces, split_at_breaks
from newsprism.model import Article

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "seeds"


def seed(name_prefix: str) -> Article:
    path = next(SEEDS.glob(f"{name_prefix}_*.txt"))
    return Article(
        ext_id=path.name, text=path.read_text(encoding="utf-8"), source=str(path), kind="text"
    )


def article(text: str) -> Article:
    return Article(ext_id="t.txt", text=text, source="t.txt", kind="text")


def test_spans_point_into_the_body() -> None:
    a = analyse(
        article(
            "Harbour closed after tanker runs aground\n\n"
            "The harbour minister Ilse Marrow said on Tuesday that Port Veyra would reopen soon. "
            "The Castellan coastguard sent two boats.\n\nDozens of ships wait outside the "
            "harbour for the channel to reopen."
        )
    )
    body = a.cleaned.body
    assert a.language == "en"
    last = "Dozens of ships wait outside the harbour for the channel to reopen."
    assert [body[s.start : s.end] for s in a.sentences][-1] == last
    people = [e.attrs["text"] for e in a.entities if e.label == "PERSON"]
    assert "Ilse Marrow" in people
    for e in a.entities:
        assert body[e.start : e.end] == e.attrs["text"]


@pytest.mark.xfail(
    strict=True,
    reason="The line model cuts a short closing sentence (score 0.04): web pages end in short "
    "furniture lines, and it learned that. Known defect of clean v2 (cleaning issue).",
)
def test_short_closing_sentence_is_kept() -> None:
    a = analyse(
        article(
            "Harbour closed after tanker runs aground\n\n"
            "The harbour minister Ilse Marrow said on Tuesday that Port Veyra would reopen soon. "
            "The Castellan coastguard sent two boats.\n\nShips wait outside the harbour."
        )
    )
    assert a.cleaned.body.endswith("Ships wait outside the harbour.")


def test_sentences_never_cross_blank_lines() -> None:
    text = "Intro line\n\nshort\n\nAnother paragraph that ends here."
    a = analyse(article(text))
    for s in a.sentences:
        assert "\n\n" not in s.text_of(a.cleaned.body)


def test_paragraph_in_another_language_is_tagged() -> None:
    body = (
        "The minister spoke to reporters about the harbour and the ships waiting outside it.\n\n"
        "Диалог продолжится: США ответят на российские предложения по безопасности\n\n"
        "She said the harbour would reopen within ten days and that the coastguard would help."
    )
    lang, _, spans = detect_languages(body)
    assert lang == "en"
    assert [(body[s.start : s.end][:6], s.label) for s in spans] == [("Диалог", "ru")]


def test_seed_003_cyrillic_line_is_tagged_russian() -> None:
    a = analyse(seed("003"))
    tagged = {a.cleaned.body[s.start : s.end]: s.label for s in a.languages}
    line = "Диалог продолжится: США ответят на российские предложения по безопасности"
    assert tagged.get(line) == "ru"
    assert a.language == "en"


def test_non_english_article_gets_sentences_but_no_english_entities() -> None:
    a = analyse(
        article(
            "Заголовок статьи\n\n"
            "Министр заявил, что порт откроется через десять дней. Береговая охрана помогает."
        )
    )
    assert a.language == "ru"
    assert len(a.sentences) >= 2
    assert a.entities == []


def test_long_bodies_are_cut_at_paragraph_breaks() -> None:
    body = "\n\n".join(f"Paragraph {i} says something." for i in range(50))
    parts = pieces(body, limit=200)
    assert "".join(text for _, text in parts) == body
    assert all(len(text) <= 200 for _, text in parts)
    assert all(text.startswith("\n\nParagraph") for _, text in parts[1:])


def test_split_at_breaks_trims() -> None:
    text = "  one\n\n two \n\n"
    assert [text[s:e] for s, e in split_at_breaks(text, 0, len(text))] == ["one", "two"]


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seed_entities_and_sentences(prefix: str) -> None:
    (a,) = list(analyse_many([seed(prefix)]))
    body = a.cleaned.body
    assert a.sentences and a.entities
    assert all(body[s.start : s.end].strip() == body[s.start : s.end] for s in a.sentences)
    names = " ".join(e.attrs["text"] for e in a.entities if e.label == "PERSON")
    expected = {"000": "Psaki", "001": "Blinken", "002": "Lavrov", "003": "Blinken", "004": "Biden"}
    assert expected[prefix] in names
