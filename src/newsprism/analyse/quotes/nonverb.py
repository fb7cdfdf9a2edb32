"""Attributions not headed by a reporting verb: "according to X", "in the latest poll",
cue nouns ("his claim that …") and raising verbs ("is expected to …", no source).
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from newsprism.analyse.quotes.lexicon import Lexicon
from newsprism.analyse.quotes.marks import Mark
from newsprism.analyse.quotes.source import source_span
from newsprism.analyse.quotes.spans import Raw, fragments, outside_subtree, token_span, widen

# Dependency labels of a cue noun ("the criticism", "his claim"), and the prepositions
# that carry its content.
NOUN_DEPS = {"nsubj", "nsubjpass", "dobj", "pobj", "attr", "appos"}
_NOUN_PREPS = {"of", "about", "for", "over", "against", "on"}


def noun_cue(doc: Doc, off: int, t: Token, marks: list[Mark]) -> Raw | None:
    """A cue noun with its content: "his criticism of the deal", "the claim that …";
    the possessor, if any, is the source."""
    comp = next((c for c in t.children if c.dep_ in ("acl", "ccomp") and c.i > t.i), None)
    if comp is not None and doc[comp.left_edge.i].lower_ != "that":
        comp = None
    if comp is None:
        prep = next((c for c in t.children if c.dep_ == "prep" and c.lower_ in _NOUN_PREPS), None)
        comp = next((g for g in prep.children if g.dep_ == "pobj"), None) if prep else None
    if comp is None:
        return None
    span, hit = widen(token_span(doc, off, comp.left_edge.i, comp.right_edge.i), marks)
    poss = next((c for c in t.children if c.dep_ == "poss"), None)
    # PolNeAR keeps the possessive ending: "Mr. Trump's" assertion
    source = token_span(doc, off, poss.left_edge.i, poss.right_edge.i) if poss is not None else None
    far = None
    if poss is None:
        # "Trump made the claim that …": the claim is the subject's
        far = next(
            (c for v in t.ancestors for c in v.children if c.dep_ == "nsubj" and c.i < t.i),
            None,
        )
        if far is not None and not (span[0] <= off + far.idx < span[1]):
            source = source_span(doc, off, far, False, t)
        else:
            far = None
    a = off + t.idx
    feats = {
        "route=noun": 1.0,
        f"cue={t.lower_}": 1.0,
        f"cuedep={t.dep_}": 1.0,
        f"comp={comp.dep_}": 1.0,
        f"comp_first={doc[comp.left_edge.i].lower_}": 1.0,
    }
    if far is not None:
        feats["subj_far"] = 1.0
    kind = "partial" if hit else "indirect"
    owner = poss if poss is not None else far
    head = off + owner.idx if owner is not None else None
    return Raw([span], (a, a + len(t)), source, kind, marks=hit, head=head, feats=feats)


# "Trump appears to lead", "the vote is expected to pass": PolNeAR marks these as
# attributions without a source, the whole clause (subject included) as the content.
RAISING = frozenset(["appear", "appears", "appeared", "seem", "seems", "seemed", "expected"])


def raising(doc: Doc, off: int, t: Token, marks: list[Mark], lex: Lexicon) -> Raw | None:
    xcomp = next((c for c in t.children if c.dep_ == "xcomp" and c.i > t.i), None)
    subj = next((c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if xcomp is None or subj is None or subj.i > t.i:
        return None
    if xcomp.lower_ in lex.forms:
        # "he seemed to indicate that …": the subject's own speech, found as the cue
        # "indicate" with the subject of "seemed"
        return None
    span, hit = widen(token_span(doc, off, subj.left_edge.i, xcomp.right_edge.i), marks)
    kind = "partial" if hit else "indirect"
    feats = {"route=raising": 1.0, f"cue={t.lower_}": 1.0, f"cuedep={t.dep_}": 1.0}
    cue = (off + t.idx, off + t.idx + len(t))
    return Raw([span], cue, None, kind, marks=hit, feats=feats)


# "In the latest poll, Clinton led …": the poll is the source, "in" the cue.
_IN_SOURCES = frozenset(
    ["poll", "polls", "survey", "surveys", "words", "view", "eyes", "mind", "opinion"]
)


def in_source(doc: Doc, off: int, t: Token, marks: list[Mark]) -> Raw | None:
    pobj = next((c for c in t.children if c.dep_ == "pobj"), None)
    if pobj is None or not any(x.lower_ in _IN_SOURCES for x in pobj.subtree):
        return None
    head = t.head
    if head == t:
        return None
    got = fragments(doc, off, outside_subtree(head.subtree, t), marks)
    if got is None:
        return None
    spans, hit, kind = got
    source = token_span(doc, off, pobj.left_edge.i, pobj.right_edge.i)
    feats = {"route=in": 1.0, f"headdep={head.dep_}": 1.0, "cue=in": 1.0}
    cue = (off + t.idx, off + t.idx + len(t))
    return Raw(spans, cue, source, kind, marks=hit, head=off + pobj.idx, feats=feats)


def according(doc: Doc, off: int, t: Token, marks: list[Mark]) -> Raw | None:
    to = doc[t.i + 1]
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
    if pobj is None:
        return None
    source = token_span(doc, off, pobj.left_edge.i, pobj.right_edge.i)
    cue = (off + t.idx, off + to.idx + len(to))
    head = t.head
    keep = outside_subtree(head.subtree, t) if head != t else []
    if not keep:
        # "according to X" hangs off a noun or the root badly: the rest of the unit
        keep = outside_subtree(doc, t)
    got = fragments(doc, off, keep, marks)
    if got is None:
        return None
    spans, hit, kind = got
    feats = {"route=according": 1.0, f"headdep={head.dep_}": 1.0, "cue=according": 1.0}
    return Raw(spans, cue, source, kind, marks=hit, head=off + pobj.idx, feats=feats)
