"""The source phrase of a cue, cut the way PolNeAR marks speakers.

The subject's subtree, less what PolNeAR leaves out: a relative clause that reports
speech of its own, an adverbial or comma-separated participle clause, a dateline, a
discourse word before it ("But", "While"), a floating quantifier or a day after it; and
with the closing comma or dash of an apposition kept.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from newsprism.analyse.quotes.lexicon import wordset
from newsprism.analyse.quotes.model import Pos
from newsprism.analyse.quotes.spans import token_span

# Dependency labels a clause-heading verb can carry; nouns like "the call" are left out.
VERB_DEPS = {"ROOT", "ccomp", "conj", "advcl", "relcl", "xcomp", "parataxis", "acl", "pcomp"}


# Words that end a subject phrase without belonging to the source.
_FLOATING_QUANTIFIERS = frozenset(["both", "all", "each", "alike"])
_WHEN = wordset("monday tuesday wednesday thursday friday saturday sunday today yesterday")
# Words that open a subject phrase without belonging to the source.
_LEADERS = {"advmod", "cc", "preconj"}
_DISCOURSE = wordset(
    "but and or nor while even then yet so now perhaps also still however meanwhile "
    "indeed instead thus though although whereas"
)


def source_span(
    doc: Doc, off: int, s: Token, antecedent: bool, cue: Token, forms: frozenset[str] | None = None
) -> Pos:
    """The source noun phrase, without an adverbial clause hanging off it, and without a
    relative clause that reports speech of its own ("Sanders, who has said that …, argued"
    is "Sanders"), as PolNeAR marks it; other relative clauses stay ("Republicans, who
    hold a majority, said": so on PolNeAR train, 105 times against 41). Without ``forms``
    (the cue words) every relative clause before the cue is cut."""
    if antecedent or cue in s.subtree or s.dep_ in ("appos", "pobj", "conj", "compound"):
        return token_span(doc, off, s.left_edge.i, s.i)
    hi = s.right_edge.i
    for c in s.children:
        if c.i <= s.i:
            continue
        if c.dep_ == "relcl":
            if forms is None:
                speaks = s.i < cue.i
            else:
                speaks = any(x.dep_ in VERB_DEPS and x.lower_ in forms for x in c.subtree)
            if speaks:
                hi = min(hi, c.left_edge.i - 1)
        elif (
            c.dep_ == "advcl"
            or (c.dep_ == "acl" and doc[c.left_edge.i - 1].text == ",")
            or (c.dep_ == "appos" and c.lower_.endswith("ing") and c.is_lower)
        ):
            # "Nate Cohn, writing in the Times," is Nate Cohn; but "a report released in
            # September" and "people briefed on the talks" are the whole phrase on PolNeAR
            hi = min(hi, c.left_edge.i - 1)
    lo, hi = s.left_edge.i, max(hi, s.i)
    lo, hi = _misparsed_edges(doc, s, cue, lo, hi)
    while (
        lo < s.i
        and doc[lo].is_alpha
        and (doc[lo].dep_ == "mark" or (doc[lo].dep_ in _LEADERS and doc[lo].lower_ in _DISCOURSE))
    ):
        # "Even those who …", "But Matt Morrison": not part of the source; "only 49
        # percent of Republicans", "both Blocher and the SVP" are
        lo += 1
    for k in range(hi - 1, lo, -1):
        # a dateline is not part of the source: "WASHINGTON (Reuters) - U.S. candidate X"
        if doc[k].text in ("—", "–", "-", "--") and doc[k].whitespace_ and _dateline(doc, lo, k):
            lo = k + 1
            break
    if hi > s.i and doc[hi].lower_ in ("'s", "’s") and doc[hi].dep_ != "case":
        hi -= 1  # "he's" is a contraction, not a possessive
    while hi > s.i and doc[hi].lower_ in _FLOATING_QUANTIFIERS:
        hi -= 1  # "Richards and Menendez both said"
    if (
        hi > s.i
        and doc[hi].dep_ == "pobj"
        and doc[hi].lower_ in _WHEN
        and doc[hi - 1].dep_ == "prep"
    ):
        hi -= 2  # "a congressional report on Wednesday said"
    start, end = token_span(doc, off, lo, hi)
    text = doc.text
    # an apposition keeps its closing comma: "Dean Johnson, a salesman from Sumter,", and
    # so does a name with its party and state: "Sen. Jack Reed (D-R.I.),", and a dash
    # closes what a dash opened: "Jason Sims — a teacher from Mount Pleasant —"
    inner = text[start - off : end - off]
    after = text[end - off : end - off + 2]
    if ("," in inner or inner.endswith(")")) and after[:1] == ",":
        end += 1
    for dash in ("—", "–", "-"):
        if f" {dash} " in inner and after == f" {dash}":
            end += 2
    return start, end


def _misparsed_edges(doc: Doc, s: Token, cue: Token, lo: int, hi: int) -> tuple[int, int]:
    """Source edges the parser splits off a name phrase: "Vatican spokesman the Rev.
    Federico Lombardi told" (two subjects in a row), and a sentence-opening word made the
    root ("Presumptive Democratic nominee Hillary Clinton blasted", "White House hopeful
    Hillary Clinton has waded"), with the cue its complement."""
    if s.head == cue:
        nxt = next((c for c in cue.children if c.dep_ == "nsubj" and c.left_edge.i == hi + 1), None)
        if nxt is not None:
            hi = nxt.i
    root = cue.head
    if cue.dep_ == "ccomp" and s.head == cue and root.dep_ == "ROOT" and root.i < lo:
        first = root.left_edge.i
        opens = first == 0 or doc[first - 1].is_punct
        if opens and lo - first <= 4 and all(doc[k].is_alpha for k in range(first, lo)):
            lo = first
    return lo, hi


def _dateline(doc: Doc, lo: int, hi: int) -> bool:
    """Whether tokens ``lo..hi-1`` are a dateline: capitalised words, all letters upper
    case outside parentheses, or anything ending with an agency in parentheses
    ("New York (AFP)")."""
    if hi - lo >= 4 and doc[hi - 1].text == ")" and doc[hi - 3].text == "(":
        return doc[hi - 2].is_alpha and doc[hi - 2].text[:1].isupper()
    depth, words = 0, 0
    for t in doc[lo:hi]:
        depth += t.text == "("
        depth -= t.text == ")"
        if depth == 0 and t.is_alpha:
            if not t.is_upper:
                return False
            words += 1
    return words > 0
