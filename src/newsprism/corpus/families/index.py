"""Candidate pairs from an inverted index (never all pairs), each verified into a link."""

from __future__ import annotations

from collections import Counter, defaultdict
from itertools import chain, groupby

from newsprism.corpus.families.match import Link, Rarity, verify
from newsprism.corpus.families.model import FamilyParams, QuoteRecord
from newsprism.corpus.families.units import Unit, index_keys


class Sets:
    """Union-find over quotes: the families in the making."""

    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        p = self.parent
        while p[x] != x:
            p[x] = p[p[x]]
            x = p[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def lexical_links(recs: list[QuoteRecord], units: list[Unit], params: FamilyParams) -> list[Link]:
    vocab: dict[str, int] = {}
    df: Counter[int] = Counter()  # in how many quotes each key occurs
    word_df: Counter[str] = Counter()  # and each content word
    # units come grouped by quote: count each quote's keys once, as its last unit passes
    for _, group in groupby(units, key=lambda u: u.rec):
        keys: set[int] = set()
        words: set[str] = set()
        for u in group:
            u.pairs, u.triples = index_keys(u, params, vocab)
            keys.update(u.pairs, u.triples)
            words.update(u.words)
        df.update(keys)
        word_df.update(words)
    rarity = Rarity(word_df, df, vocab, len(recs) + params.prior)
    for u in units:
        if u.short and min((df[k] for k in u.pairs), default=0) > params.max_phrase_df:
            u.pairs = []  # a stock phrase: in too many quotes to tell which one it renders
        u.pairs = [k for k in u.pairs if df[k] <= params.max_df]
        # a key of one quote matches nothing; rarest first, for the probe below
        u.triples = [
            k for _, k in sorted((df[k], k) for k in u.triples if 1 < df[k] <= params.max_df)
        ]
    every_pair: dict[int, list[int]] = defaultdict(list)  # phrases look in all units
    phrase_pair: dict[int, list[int]] = defaultdict(list)  # sentences look for phrases
    triple: dict[int, list[int]] = defaultdict(list)  # sentences look for sentences
    links: list[Link] = []
    joined = Sets(len(recs))  # full links seen so far: a joined pair needs no check
    cover = params.content_cover
    articles = [r.article for r in recs]
    for ui, u in enumerate(units):
        if u.short:
            found = [every_pair[k] for k in u.pairs]
        else:
            # Looked up by its rare triples (and its few rarest): renderings of a sentence
            # share most triples, rare ones too, while sentences with only common words in
            # common are not compared. Indexed by every triple.
            found = [phrase_pair[k] for k in u.pairs]
            found += (
                triple[k]
                for i, k in enumerate(u.triples)
                if i < params.min_probe or df[k] <= params.probe_df
            )
        hits = Counter(chain.from_iterable(found))
        for k in u.pairs:
            every_pair[k].append(ui)
            if u.short:
                phrase_pair[k].append(ui)
        if not u.short:
            for k in u.triples:
                triple[k].append(ui)
        article = articles[u.rec]
        nu = len(u.words)
        for vi, n in hits.items():
            v = units[vi]
            # one article's overlapping attributions would make a family of one article
            if articles[v.rec] == article:
                continue
            if u.short or v.short:
                # a phrase is an unbroken run of the other's content words: all its pairs
                need = len(u.pairs) if not v.short else len(v.pairs)
                if u.short and v.short:
                    need = min(len(u.pairs), len(v.pairs))
                if n < max(1, need):
                    continue
            else:
                nv = len(v.words)
                if len(u.words & v.words) < cover * (nu if nu < nv else nv):
                    continue  # too few content words in common, in any order
                if not rarity.could_link(u, v):
                    continue
                if joined.find(u.rec) == joined.find(v.rec):
                    continue
            link = verify(u, v, recs, params, rarity)
            if link is not None:
                links.append(link)
                if link.full:
                    joined.union(u.rec, v.rec)
    return links
