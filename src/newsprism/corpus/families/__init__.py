"""Quote families: the renderings of one quote across articles and outlets.

Each quote is cut into comparison units: its sentences, and the quoted stretches inside a
partial or indirect quote (`wants “more stable and more predictable” relations` gives the
unit `more stable and more predictable`). Candidate pairs come from an inverted index,
never from all pairs: sentences are indexed by ordered triples of nearby content words and
looked up by their rare ones, quoted phrases by pairs of adjacent content words; keys in
too many quotes are left out. A candidate is verified by a word alignment (rapidfuzz's LCS
over word tokens) of the shorter unit against windows of the longer one:

- a unit with four or more content words must have at least 3/4 of them, and 70% of all
  its words, in order inside one window, and no unmatched proper name facing another one
  (`... with China` is not `... with India`); what the two share must also be rarer than
  chance in this corpus (three common words are no evidence among 100k quotes);
- a shorter unit (a quoted phrase) must have all its content words as one unbroken run of
  the other's content words.

Links between full units join families (union-find over quotes); a quoted phrase only
attaches to one family and never bridges two, so a stock phrase cannot chain unrelated
quotes together. With a multilingual encoder, units in different languages are linked by
cosine similarity. A family needs quotes from at least two articles, and has one member
per rendering: nested attributions of one article keep the innermost person.
"""

from __future__ import annotations

from collections.abc import Iterable

from newsprism.corpus.encoder import Encoder, load_encoder
from newsprism.corpus.families.crosslang import cross_links
from newsprism.corpus.families.diff import diff_words
from newsprism.corpus.families.group import families, group
from newsprism.corpus.families.index import lexical_links
from newsprism.corpus.families.model import Family, FamilyParams, Member, QuoteRecord
from newsprism.corpus.families.units import make_units

__all__ = [
    "Encoder",
    "Family",
    "FamilyParams",
    "Member",
    "QuoteRecord",
    "diff_words",
    "load_encoder",
    "quote_families",
]


def quote_families(
    records: Iterable[QuoteRecord],
    params: FamilyParams | None = None,
    encoder: Encoder | None = None,
) -> list[Family]:
    """The families of renderings among ``records``, largest first.

    ``encoder`` (for instance :func:`load_encoder`) adds links between quotes in different
    languages; without it only same-language renderings are found.
    """
    params = params or FamilyParams()
    recs = list(records)
    units = [u for i, r in enumerate(recs) for u in make_units(i, r.text, params)]
    links = lexical_links(recs, units, params)
    if encoder is not None:
        links += cross_links(recs, units, encoder, params)
    sets = group(len(recs), links)
    return families(recs, links, sets)
