"""Passage reuse engine on small hand-written articles and on the five seeds."""

from __future__ import annotations

from pathlib import Path

from newsprism.clean import clean
from newsprism.corpus.reuse import Doc, ReuseIndex, find_reuse
from newsprism.corpus.reuse.shingles import content_words, shingles
from newsprism.model import Article

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "seeds"

PASSAGE = (
    "The regional water authority confirmed on Thursday that the northern reservoir had "
    "fallen to its lowest level since records began in 1921. Engineers warned that pumping "
    "restrictions would remain in force across the valley until heavy autumn rains "
    'replenished the supply. "We are asking every household to cut back," said director '
    "Maria Okafor."
)
# changed words, straight -> curly quotes, a dropped "that"
LIGHT = (
    "The regional water authority confirmed Thursday that the northern reservoir had "
    "dropped to its lowest level since records began in 1921. Engineers cautioned pumping "
    "restrictions would stay in force across the valley until heavy autumn rains "
    "replenished the supply. “We are asking every household to cut back,” said director "
    "Maria Okafor."
)
A_BEFORE = (
    "Farmers in the lowlands have begun selling cattle early as pasture dries out. "
    "Auction prices dropped sharply at the market in Tenby over the weekend."
)
A_AFTER = (
    "Local schools will close their swimming pools for the rest of the term. "
    "The council plans a public meeting about long-term storage projects in October."
)
B_BEFORE = (
    "A new cycling route opened along the old railway line between two market towns. "
    "Volunteers spent three summers clearing brambles and rebuilding stone bridges."
)
B_AFTER = (
    "Tourism operators said bookings for the holiday season looked strong regardless. "
    "A folk festival is expected to draw thousands of visitors to the riverside park."
)


def art(before: str, middle: str, after: str) -> str:
    return f"{before}\n\n{middle}\n\n{after}"


def test_exact_paragraph_found_with_exact_spans() -> None:
    a = Doc("a", art(A_BEFORE, PASSAGE, A_AFTER), "2024-05-01T08:00:00Z", "x")
    b = Doc("b", art(B_BEFORE, PASSAGE, B_AFTER), "2024-05-02T08:00:00Z", "y")
    (link,) = find_reuse([a, b])
    assert (link.source_id, link.target_id) == ("a", "b")
    assert a.text[slice(*link.source_span)] == PASSAGE
    assert b.text[slice(*link.target_span)] == PASSAGE
    assert not link.near_duplicate


def test_light_edit_found() -> None:
    a = Doc("a", art(A_BEFORE, PASSAGE, A_AFTER), "2024-05-01T08:00:00Z")
    b = Doc("b", art(B_BEFORE, LIGHT, B_AFTER), "2024-05-02T08:00:00Z")
    (link,) = find_reuse([a, b])
    assert a.text[slice(*link.source_span)] == PASSAGE
    assert b.text[slice(*link.target_span)] == LIGHT


def test_direction_follows_dates_not_input_order() -> None:
    a = Doc("a", art(A_BEFORE, PASSAGE, A_AFTER), "2024-05-03T08:00:00Z")
    b = Doc("b", art(B_BEFORE, PASSAGE, B_AFTER), "2024-05-02T08:00:00Z")
    for docs in ([a, b], [b, a]):
        (link,) = find_reuse(docs)
        assert (link.source_id, link.target_id) == ("b", "a")
        assert b.text[slice(*link.source_span)] == PASSAGE


def test_republication_is_near_duplicate() -> None:
    body = art(A_BEFORE, PASSAGE, A_AFTER)
    a = Doc("a", body, "2024-05-01T08:00:00Z", "x")
    b = Doc("b", body + "\n\nShare this:\n\nCopyright 2024 Y.", "2024-05-01T09:00:00Z", "y")
    links = find_reuse([b, a])
    assert links
    assert all(x.near_duplicate and x.source_id == "a" for x in links)
    assert sum(x.source_span[1] - x.source_span[0] for x in links) >= 0.9 * len(body)


def test_topic_and_common_phrase_are_not_reuse() -> None:
    a = Doc(
        "a",
        "Washington said it wants a stable, predictable relationship with Moscow. "
        "The secretary of state met his counterpart in Geneva for three hours on Monday. "
        "Sanctions over the conflict in Ukraine were the main topic of the talks.",
        "2024-05-01T08:00:00Z",
    )
    b = Doc(
        "b",
        "The Kremlin accused the United States of meddling in its internal affairs again. "
        "Officials in Washington insist they want a stable, predictable relationship. "
        "Analysts in Moscow expect the sanctions to stay for many years to come.",
        "2024-05-02T08:00:00Z",
    )
    assert find_reuse([a, b]) == []


def test_index_is_incremental() -> None:
    index = ReuseIndex()
    a = index.sketch(art(A_BEFORE, PASSAGE, A_AFTER))
    b = index.sketch(art(B_BEFORE, PASSAGE, B_AFTER))
    c = index.sketch(art(A_AFTER, B_BEFORE, B_AFTER))
    assert index.query(b) == {}
    index.add("a", a)
    hits = index.query(b)
    assert set(hits) == {"a"}
    # the passage is sentences 2-4 of both articles
    assert {(2, 2), (3, 3), (4, 4)} <= hits["a"]
    index.add("c", c)
    assert set(index.query(b)) == {"a", "c"}  # c shares B's own sentences
    index.remove("a")
    assert "a" not in index and len(index) == 1
    assert set(index.query(b)) == {"c"}
    index.remove("c")
    assert index.query(b) == {}


def test_no_reuse_between_the_seeds() -> None:
    assert SEEDS.is_dir(), f"{SEEDS} is missing: the tests need ../shared next to the repo"
    docs = []
    for path in sorted(SEEDS.glob("*.txt")):
        article = Article(
            ext_id=path.name, text=path.read_text(encoding="utf-8"), source=str(path), kind="text"
        )
        docs.append(Doc(path.name, clean(article).body))
    assert len(docs) == 5
    assert all(len(d.text) > 1000 for d in docs)
    assert find_reuse(docs) == []


def test_shingles_keep_offsets_and_ignore_quote_marks() -> None:
    text = "“Yes,” he said -- we will go."
    got = shingles(text, 3)
    assert [s for _, _, s in got] == ["yes he said", "he said we", "said we will", "we will go"]
    for start, end, s in got:
        assert text[start:end].lower().startswith(s.split()[0])
        assert text[start:end].lower().endswith(s.split()[-1])
    assert content_words('"Yes," he said.') == content_words("“Yes”, he said")
