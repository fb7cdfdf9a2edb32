"""The corpus stages over a store: canonical speakers, stories, and passage reuse.

They run after per-article analysis and read only what it stored. Stories and reuse are
online: their state (the clusterer, the reuse index) is saved in the store with their
results, in one transaction, so the next run places only the articles that arrived since.
A saved state is tagged with a fingerprint of the code and model that made it; after an
upgrade the stage starts afresh over every article, since old and new results would not
agree. Speakers are cheap to recompute from the stored quotes, so they are rebuilt each
time.
"""

from __future__ import annotations

import pickle
import zlib
from collections.abc import Callable
from datetime import date
from importlib import resources
from itertools import islice

from newsprism.corpus.reuse import Doc, ReuseFinder, ReuseLink
from newsprism.corpus.speakers import SpeakerMention, canonical_speakers
from newsprism.corpus.stories import (
    Item,
    StoryClusterer,
    cluster,
    label,
    merge_stories,
    narratives,
)
from newsprism.model import ESTIMATE, Analysis
from newsprism.store import Store
from newsprism.store.records import ReuseRow, StoryRow, TextRow

#: ``on_progress(done, total)``, as in newsprism.pipeline.
Progress = Callable[[int, int | None], None]

STORIES = "stories"
REUSE = "reuse"
# Articles placed between two saves: bounds what an interrupted run has to redo.
SAVE_EVERY = 5000
# Articles per call of a stage: the stories' sentence encoder and the reuse index's search
# are several times cheaper batched. SAVE_EVERY is a multiple of it.
BATCH = 250


def update_speakers(store: Store) -> int:
    """Rebuild the canonical speakers from every stored quote; returns how many.

    Aliases are the names the articles resolved their speakers to, plus each source as
    written when it holds the speaker's surname ("Mr. Blinken", "Secretary of State Antony
    Blinken"): role phrases and pronouns are resolved per article, and are no names."""
    quotes = [q for q in store.quote_rows() if q.speaker]
    kinds = [q.span.attrs.get("speaker_kind") for q in quotes]
    people = {q.speaker for q, k in zip(quotes, kinds, strict=True) if k == "PERSON"}
    surnames = {name.split()[-1] for name in people}
    # spaCy's label for one mention is noisy ("Ilse Marrow" as ORG in one article): a name
    # the corpus elsewhere gives to a person, or a person's surname, is that person
    kinds = [
        "PERSON" if q.speaker in people or q.speaker in surnames else k
        for q, k in zip(quotes, kinds, strict=True)
    ]
    found = canonical_speakers(
        SpeakerMention(q.speaker, k, (q.article_id, q.span.start))
        for q, k in zip(quotes, kinds, strict=True)
    )
    aliases = {alias: e.id for e in found.entities for alias in e.aliases}
    for q, k in zip(quotes, kinds, strict=True):
        entity = found.resolve(q.speaker, k)
        words = (q.span.attrs.get("source_text") or "").split()
        if entity is None or entity.name.split()[-1] not in words:
            continue
        # up to the surname: "Secretary of State Antony Blinken on Sunday" is a name and a day
        end = len(words) - words[::-1].index(entity.name.split()[-1])
        aliases.setdefault(" ".join(words[:end]), entity.id)
    store.replace_speakers([(e.id, e.name, e.kind) for e in found.entities], aliases)
    return len(found.entities)


def update_stories(store: Store, *, on_progress: Progress | None = None) -> int:
    """Place every analysed article not yet in a story; returns how many were placed.

    With no usable saved state, every article is clustered afresh with ``cluster`` (the
    online pass, a second pass that revisits early decisions, the merge passes); later runs
    add the new arrivals online, then run the merge passes only around the stories they
    joined."""
    version = fingerprint(STORIES)
    saved = store.load_state(STORIES, version)
    if saved is None:
        store.reset_stage(STORIES)
        rows = list(store.iter_texts(store.analysed_ids()))
        state = cluster(Item(str(r.id), r.title or "", r.body or "", _day(r)) for r in rows)
        if on_progress:
            on_progress(len(rows), len(rows))
        _save_stories(store, state, {r.id: state.story_of[str(r.id)] for r in rows}, version)
        return len(rows)
    state: StoryClusterer = pickle.loads(saved)
    new = [i for i in store.analysed_ids() if str(i) not in state.story_of]
    # Date order, as the stream would have brought them: the time features assume it.
    rows = sorted(store.iter_texts(new), key=lambda r: (r.published is None, r.published or ""))
    placed: dict[int, int] = {}
    for start in range(0, len(rows), BATCH):
        chunk = rows[start : start + BATCH]
        stories = state.add_many((str(r.id), r.title or "", r.body or "", _day(r)) for r in chunk)
        placed |= {r.id: s for r, s in zip(chunk, stories, strict=True)}
        done = start + len(chunk)
        if done % SAVE_EVERY == 0 or done == len(rows):
            placed |= _merge(state, set(placed.values()))
            _save_stories(store, state, placed, version)
            placed = {}
        if on_progress:
            on_progress(done, len(rows))
    return len(rows)


def _merge(state: StoryClusterer, touched: set[int]) -> dict[int, int]:
    """Run the story merge pass, as ``cluster`` does after its passes, so a store grown
    online ends like one clustered at once; returns the articles whose story changed. Only
    pairs holding a story that new articles joined (``touched``) are considered, so the cost
    follows what arrived, not the size of the store."""
    before = dict(state.story_of)
    if not merge_stories(state, touched=touched):
        return {}
    return {int(a): s for a, s in state.story_of.items() if before.get(a) != s}


def _save_stories(
    store: Store, state: StoryClusterer, placed: dict[int, int], version: int
) -> None:
    outlets = {str(i): outlet for i, outlet in store.outlets().items()}
    thread = narratives(state)
    rows = []
    for story in state.live():
        lab = label(state, story, outlets)
        rows.append(
            StoryRow(
                id=story.id,
                narrative=thread.get(story.id),
                label=lab.headline,
                first_date=lab.first,
                last_date=lab.last,
                size=lab.size,
                outlets=list(lab.outlets),
                entities=list(lab.entities),
            )
        )
    data = pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL)
    store.save_stories((STORIES, version, data), placed, rows)


def update_reuse(store: Store, *, on_progress: Progress | None = None) -> int:
    """Compare every analysed article not yet indexed with those before it; returns how
    many links were added."""
    version = fingerprint(REUSE)
    saved = store.load_state(REUSE, version)
    if saved is None:
        store.reset_stage(REUSE)
    finder, seen = pickle.loads(saved) if saved else (ReuseFinder(), set())
    new = [i for i in store.analysed_ids() if i not in seen]
    links: list[ReuseRow] = []
    added = done = 0
    rows = store.iter_texts(new)
    while chunk := list(islice(rows, BATCH)):
        docs = [Doc(str(r.id), r.body or "", r.published, r.outlet) for r in chunk]
        links.extend(_row(link) for link in finder.add_many(docs))
        seen.update(r.id for r in chunk)
        done += len(chunk)
        if done % SAVE_EVERY == 0 or done == len(new):
            data = pickle.dumps((finder, seen), protocol=pickle.HIGHEST_PROTOCOL)
            store.add_reuse_links((REUSE, version, data), links)
            added += len(links)
            links = []
        if on_progress:
            on_progress(done, len(new))
    return added


def fingerprint(stage: str) -> int:
    """A number that changes whenever the code (or shipped model) of a stage changes, so a
    state saved by other code is never unpickled into this one. The analysis version is
    part of it: a new analysis rewrites the bodies that stored offsets point into."""
    root = resources.files("newsprism")
    parts = sorted(root.joinpath("corpus", stage).iterdir(), key=lambda f: f.name)
    if stage == STORIES:
        parts += [f for f in root.joinpath("data").iterdir() if f.name.startswith("stories-")]
    crc = zlib.crc32(str(Analysis.VERSION).encode())
    for f in parts:
        if f.name.endswith((".py", ".json")):
            crc = zlib.crc32(f.read_bytes(), crc)
    return crc & 0x7FFFFFFF


def _row(link: ReuseLink) -> ReuseRow:
    return ReuseRow(
        source_id=int(link.source_id),
        source_start=link.source_span[0],
        source_end=link.source_span[1],
        target_id=int(link.target_id),
        target_start=link.target_span[0],
        target_end=link.target_span[1],
        score=float(link.score),
        shared=int(link.shared_words),
        near_duplicate=bool(link.near_duplicate),
    )


def _day(row: TextRow) -> date | None:
    """The article's own date. An estimate from the dates its text mentions is left out:
    it is often a year off, and a wrong date joins stories as surely as a right one."""
    if not row.published or row.published_source == ESTIMATE:
        return None
    try:
        return date.fromisoformat(row.published[:10])
    except ValueError:
        return None
