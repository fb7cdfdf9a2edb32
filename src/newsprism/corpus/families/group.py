"""From links to families: union, phrases attached without bridging, one member per
rendering, earliest first."""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from datetime import date, datetime

from newsprism.corpus.families.diff import diff_words
from newsprism.corpus.families.index import Sets
from newsprism.corpus.families.match import Link
from newsprism.corpus.families.model import Family, Member, QuoteRecord, Span, iso


def group(n: int, links: list[Link]) -> Sets:
    """Sentence links join families. A quoted phrase attaches its quote to the one family
    it links to best and never joins two, so a stock phrase cannot chain quotes together;
    phrases quoted alike in several articles, and in no family, form one of their own."""
    sets = Sets(n)
    for link in links:
        if link.full:
            sets.union(link.a, link.b)
    size = Counter(sets.find(i) for i in range(n))
    best: dict[int, tuple[float, int]] = {}
    for link in links:
        for me, other, phrase in ((link.a, link.b, link.a_phrase), (link.b, link.a, link.b_phrase)):
            if phrase and size[sets.find(me)] == 1 and size[sets.find(other)] > 1:
                cand = (link.score, -sets.find(other))
                if me not in best or cand > best[me]:
                    best[me] = cand
    for me, (_, root) in sorted(best.items()):
        sets.union(me, -root)
    for link in links:
        if link.a_phrase and link.b_phrase and link.a not in best and link.b not in best:
            sets.union(link.a, link.b)
    return sets


def families(recs: list[QuoteRecord], links: list[Link], sets: Sets) -> list[Family]:
    order = {}
    for r in recs:
        order.setdefault(r.article, len(order))
    rendering: dict[int, tuple[float, Span]] = {}
    for link in links:
        if sets.find(link.a) != sets.find(link.b):
            continue
        score = link.score
        for rec, span in ((link.a, link.a_span), (link.b, link.b_span)):
            if rec not in rendering or score > rendering[rec][0]:
                rendering[rec] = (score, span)
    groups: dict[int, list[int]] = defaultdict(list)
    for rec in sorted(rendering):
        groups[sets.find(rec)].append(rec)
    out = []
    for members in groups.values():
        if len({recs[i].article for i in members}) < 2:
            continue
        members = _one_per_rendering(recs, members, rendering)
        members.sort(
            key=lambda i: (*_when(recs[i].published), order[recs[i].article], recs[i].span)
        )
        texts = []
        for i in members:
            s, e = rendering[i][1]
            texts.append((recs[i].text[s:e], _body_span(recs[i], s, e)))
        first = texts[0][0]
        fam = Family(_family_id(recs[members[0]], texts[0][1]))
        fam.members = [
            Member(recs[i], text, span, diff_words(first, text))
            for i, (text, span) in zip(members, texts, strict=True)
        ]
        out.append(fam)
    out.sort(key=lambda f: (-len(f.members), f.id))
    return out


def _one_per_rendering(
    recs: list[QuoteRecord], members: list[int], rendering: dict[int, tuple[float, Span]]
) -> list[int]:
    """One member per rendering. Nested attributions of one article that share it (a quote
    inside another one's reported speech: `Peskov said the Kremlin "regrets" it`) keep the
    innermost one whose speaker is a person, as quotation marks quote people; the innermost
    of all when no speaker is known to be one."""
    keep: dict[tuple[str, Span], int] = {}
    for i in members:
        s, e = rendering[i][1]
        key = (recs[i].article, _body_span(recs[i], s, e))
        j = keep.get(key)
        if j is None or _nested_rank(recs[i]) < _nested_rank(recs[j]):
            keep[key] = i
    return sorted(keep.values())


def _nested_rank(r: QuoteRecord) -> tuple[bool, int]:
    return r.speaker_kind != "PERSON", r.span[1] - r.span[0]


def _when(d: date | datetime | str | None) -> tuple[int, str]:
    """Sort key for publication: dated first, by ISO text (dates and datetimes agree)."""
    return (1, "") if d is None else (0, iso(d) or "")


def _body_span(r: QuoteRecord, s: int, e: int) -> Span:
    if r.span[1] - r.span[0] == len(r.text):
        return r.span[0] + s, r.span[0] + e
    return r.span  # the text is not a plain slice of the body (joined fragments)


def _family_id(r: QuoteRecord, span: Span) -> str:
    """Named after the earliest rendering, so a rerun over the same corpus gives the same id."""
    key = f"{r.article}\x00{span[0]}\x00{span[1]}".encode()
    return "qf-" + hashlib.blake2b(key, digest_size=6).hexdigest()
