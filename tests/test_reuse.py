"""Passage reuse engine on small hand-written articles and on the five seeds."""

from __future__ import annotations

import pickle
from pathlib import Path

from newsprism.clean import clean
from newsprism.corpus.reuse import AlignParams, Doc, ReuseFinder, ReuseIndex, find_reuse
from newsprism.corpus.reuse.shingles import content_words, sentence_spans, shingles
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


# Two reports of one event, each with its own sentences, and one sentence stating the same
# fact in other words (names, title and "rest of the season" shared, no 8 words in a row).
FACT_A = (
    "Assistant general manager Tony DiLeo was appointed head coach of the Philadelphia "
    "basketball team for the rest of the season on Saturday."
)
FACT_B = (
    "Stefanski named assistant general manager Tony DiLeo head coach of the Philadelphia "
    "team for the rest of this season."
)
STORY_A = (
    "The 76ers fired Maurice Cheeks on Saturday after a poor start to the season. "
    "Cheeks had led Philadelphia to the playoffs twice in four seasons. "
    "The team has lost nine of its last twelve games and sits last in its division."
)
STORY_B = (
    "Philadelphia dismissed coach Maurice Cheeks after the 76ers won only nine of their "
    "first twenty-three games. Cheeks, a former 76ers guard, reached the playoffs twice. "
    "Players said the division race was slipping away from the team."
)


def test_same_fact_in_two_reports_of_one_story_is_not_reuse() -> None:
    a = Doc("a", art(STORY_A, FACT_A, ""), "2024-05-01T08:00:00Z")
    b = Doc("b", art(STORY_B, FACT_B, ""), "2024-05-02T08:00:00Z")
    assert find_reuse([a, b]) == []
    # it is the same-story rule that decides: without it the sentence pair is a link
    loose = ReuseFinder(params=AlignParams(same_story=1.0))
    assert len(find_reuse([a, b], loose)) == 1


def test_reworded_sentence_between_unrelated_articles_is_reuse() -> None:
    a = Doc("a", art(A_BEFORE, FACT_A, A_AFTER), "2024-05-01T08:00:00Z")
    b = Doc("b", art(B_BEFORE, FACT_B, B_AFTER), "2024-05-02T08:00:00Z")
    (link,) = find_reuse([a, b])
    assert a.text[slice(*link.source_span)] == FACT_A
    assert b.text[slice(*link.target_span)] == FACT_B


def test_short_formula_line_is_not_reuse() -> None:
    line = "Follow Jeff Poor on Twitter @jeff_poor."
    a = Doc("a", art(A_BEFORE, A_AFTER, line), "2024-05-01T08:00:00Z", "x")
    b = Doc("b", art(B_BEFORE, B_AFTER, line), "2024-05-02T08:00:00Z", "x")
    assert find_reuse([a, b]) == []
    assert len(find_reuse([a, b], ReuseFinder(params=AlignParams(min_line=0)))) == 1
    # ... but a brief that is nothing else is republished whole
    brief = Doc("c", "Published July 28, 2004", "2024-05-01T08:00:00Z")
    copy = Doc("d", "Published July 28, 2004", "2024-05-01T09:00:00Z")
    (link,) = find_reuse([brief, copy])
    assert link.near_duplicate


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
    # the same bodies do link once one really takes a paragraph from another
    para = max(docs[0].text.split("\n\n"), key=len)
    taken = Doc("taken", docs[1].text + "\n\n" + para)
    links = find_reuse([docs[0], taken, *docs[2:]])
    assert [(x.source_id, x.target_id) for x in links] == [(docs[0].id, "taken")]
    assert taken.text[slice(*links[0].target_span)] == para


def test_shingles_keep_offsets_and_ignore_quote_marks() -> None:
    text = "“Yes,” he said -- we will go."
    got = shingles(text, 3)
    assert [s for _, _, s in got] == ["yes he said", "he said we", "said we will", "we will go"]
    for start, end, s in got:
        assert text[start:end].lower().startswith(s.split()[0])
        assert text[start:end].lower().endswith(s.split()[-1])
    assert content_words('"Yes," he said.') == content_words("“Yes”, he said")


def test_index_answers_the_same_from_its_sorted_arrays() -> None:
    small, big = ReuseIndex(), ReuseIndex()
    # a tiny buffer sends every entry through the sorted arrays: flushes, merges, and
    # entries of removed documents dropped on the way
    small._table.FRESH, small._table.GROWTH = 4, 2
    texts = [art(A_BEFORE, PASSAGE, A_AFTER), art(B_BEFORE, PASSAGE, B_AFTER), LIGHT] * 4
    texts += [art(B_AFTER, A_BEFORE, ""), art(A_AFTER, B_BEFORE, "")]
    for k, t in enumerate(texts):
        sk = small.sketch(t)
        assert small.query(sk) == big.query(sk)
        small.add(k, sk)
        big.add(k, sk)
        if k % 5 == 4:
            small.remove(k - 2)
            big.remove(k - 2)
    assert small._table._runs and not big._table._runs
    assert len(small) == len(big) == len(texts) - 2
    for t in texts:
        sk = small.sketch(t)
        assert small.query(sk) == big.query(sk)
        assert any(small.query(sk).values())


def test_finder_survives_pickling() -> None:
    # the corpus stage saves the finder in the store between runs
    a = Doc("a", art(A_BEFORE, PASSAGE, A_AFTER), "2024-05-01T08:00:00Z")
    b = Doc("b", art(B_BEFORE, LIGHT, B_AFTER), "2024-05-02T08:00:00Z")
    finder = ReuseFinder()
    assert finder.add(a) == []
    (link,) = pickle.loads(pickle.dumps(finder)).add(b)
    assert (link.source_id, link.target_id) == ("a", "b")
    assert a.text[slice(*link.source_span)] == PASSAGE


def test_titles_and_initials_do_not_end_sentences() -> None:
    text = (
        "As a new godfather, Mr. Gigante acted. John F. Kennedy came on Jan. 5. "
        "It is in the U.S. The end."
    )
    got = [text[s:e] for s, e in sentence_spans(text)]
    assert got == [
        "As a new godfather, Mr. Gigante acted.",
        "John F. Kennedy came on Jan. 5.",
        "It is in the U.S.",
        "The end.",
    ]


def test_batch_sketches_match_sketches_made_from_units() -> None:
    # the batch path (flat numpy arrays, lazy sentences) and a Sketch built from Unit
    # objects, as outside callers may, must index and align alike; "İ" lower-cases to two
    # characters, which takes the tokeniser's slower path
    from newsprism.corpus.reuse import Sketch
    from newsprism.corpus.reuse.shingles import units

    texts = [art(A_BEFORE, PASSAGE, A_AFTER), art("İstanbul İzmir. " + B_BEFORE, LIGHT, B_AFTER)]
    index = ReuseIndex()
    for k, (sk, t) in enumerate(zip(index.sketch_many(texts), texts, strict=True)):
        us = units(t)
        assert list(sk.units) == us
        plain = Sketch(us, sk.rows, sk.keys)
        assert index.query(plain) == index.query(sk)
        index.add(k, plain if k else sk)
    assert list(index.units(1)) == units(texts[1])
    # the passage: sentences 3-5 of the second text (one sentence more before it), 2-4 of the first
    assert {(3, 2), (4, 3), (5, 4)} <= index.query(index.sketch(texts[1]))[0]


def test_seed_rule_is_the_same_one_at_a_time_and_in_numpy() -> None:
    import numpy as np

    from newsprism.corpus.reuse.align import keeps_seed, seed_mask

    grid = [
        (n, la, lb) for la in range(0, 12) for lb in range(0, 12) for n in range(min(la, lb) + 1)
    ]
    shared = np.array([n for n, _, _ in grid])
    union = np.array([la + lb - n for n, la, lb in grid])
    for p in (AlignParams(), AlignParams(seed_min=0.3, seed_shared=2, whole_shared=1)):
        one = [keeps_seed(n / (la + lb - n) if n else 0.0, n, p) for n, la, lb in grid]
        assert seed_mask(shared, union, p).tolist() == one
        assert any(one) and not all(one)


TEXTS = [
    art(A_BEFORE, PASSAGE, A_AFTER),
    art(B_BEFORE, LIGHT, B_AFTER),
    art(STORY_A, FACT_A, A_AFTER),
    art(STORY_B, FACT_B, B_BEFORE),
    art(A_AFTER, B_BEFORE, B_AFTER),
    LIGHT,
]


def test_query_with_params_keeps_only_the_seeds_align_would() -> None:
    from newsprism.corpus.reuse.align import keeps_seed

    p = AlignParams(seed_min=0.95)
    index = ReuseIndex()
    for k, t in enumerate(TEXTS[:-1]):
        index.add(k, index.sketch(t))
    sk = index.sketch(TEXTS[-1])
    every, kept = index.query(sk), index.query(sk, p)
    want = {}
    for doc, seeds in every.items():
        other = index.units(doc)
        ok = set()
        for i, j in seeds:
            a, b = sk.units[i].words, other[j].words
            n = len(a & b)
            if keeps_seed(n / len(a | b) if n else 0.0, n, p):
                ok.add((i, j))
        if ok:
            want[doc] = ok
    assert kept == want
    assert kept and sum(map(len, kept.values())) < sum(map(len, every.values()))


def test_add_many_answers_as_query_then_add_would() -> None:
    # a tiny max_bucket makes the cap count entries from the batch and from before it;
    # repeated texts put the same keys several times in one batch
    texts = [*TEXTS, TEXTS[0], TEXTS[1], TEXTS[0], TEXTS[0] + "\n\nShare this:"]
    for params in (None, AlignParams()):
        one, many = ReuseIndex(max_bucket=2), ReuseIndex(max_bucket=2)
        for index in (one, many):
            for k, t in enumerate(texts[:3]):
                index.add(("old", k), index.sketch(t))
            index.remove(("old", 1))
        sketches = one.sketch_many(texts)
        want = []
        for k, sk in enumerate(sketches):
            want.append(one.query(sk, params))
            one.add(k, sk)
        assert many.add_many(list(range(len(texts))), sketches, params) == want
        assert any(isinstance(d, int) for found in want for d in found)  # batch pairs too
        assert len(one) == len(many)
        for t in texts:
            sk = one.sketch(t)
            assert many.query(sk, params) == one.query(sk, params)


def test_finder_in_batches_links_as_one_by_one() -> None:
    docs = [Doc(str(k), t, f"2024-05-{k + 1:02d}T08:00:00Z") for k, t in enumerate(TEXTS * 2)]
    one = ReuseFinder()
    links = [x for d in docs for x in one.add(d)]
    assert links
    assert ReuseFinder().add_many(docs) == links
