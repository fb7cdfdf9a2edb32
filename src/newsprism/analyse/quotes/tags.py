"""Speech tags right after a quotation: ``"…," Oliver barked`` and ``"…," said Skelly``.

A verb that follows a quotation closed on a comma (or ``?``/``!``) reports it whatever
the verb is, so such a verb is a cue even when the lexicon does not list it. The parser
often loses the speaker of an inverted tag (``said Skelly`` parsed as a modifier,
``opined Cleveland's Plain Dealer`` as an object): the words right after the verb are
the speaker then. And a quotation with no cue at all still sits in someone's clause
(``Trump leaned in and boomed: "…"``): its subject is a better speaker than the last one.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from newsprism.analyse.quotes.lexicon import wordset
from newsprism.analyse.quotes.marks import Mark

# Words after an inverted tag verb that open a time phrase, not the speaker's name.
_NOT_SPEAKERS = wordset(
    "monday tuesday wednesday thursday friday saturday sunday january february march "
    "april may june july august september october november december today yesterday"
)
# Lower-case openers of a speaker phrase: '"…," said the senator', 'added another'.
_OPENERS = frozenset(["the", "a", "an", "another", "one", "his", "her", "their", "its"])
TAG_DEPS = frozenset(["ROOT", "parataxis", "ccomp"])  # what a tag verb can be


def closes_on_tag(text: str, off: int, m: Mark) -> bool:
    """Whether quotation ``m`` ends the way a quotation before a speech tag does: with a
    comma, question or exclamation mark inside or a comma right after it."""
    inner = text[max(m.start - off, m.end - off - 3) : m.end - off]
    return any(c in inner for c in ",?!") or text[m.end - off : m.end - off + 1] == ","


def after_quote(text: str, off: int, pos: int, marks: list[Mark]) -> Mark | None:
    """The quotation that body offset ``pos`` follows with only commas and spaces between,
    if it ends the way quotations before a tag do."""
    for m in marks:
        if (
            m.end <= pos
            and not text[m.end - off : pos - off].strip(" ,")
            and closes_on_tag(text, off, m)
        ):
            return m
    return None


def tag_verb(t: Token, text: str, off: int, marks: list[Mark]) -> bool:
    """Whether ``t`` is the verb of a speech tag: right after the quotation (inverted), or
    right after its subject which is right after the quotation."""
    if t.dep_ not in TAG_DEPS or not (t.is_alpha and t.is_lower):
        return False
    if after_quote(text, off, off + t.idx, marks):
        return inverted_subject(t, next_quote(t, off, marks)) is not None
    subj = next((c for c in t.children if c.dep_ == "nsubj" and c.i < t.i), None)
    return (
        subj is not None
        and subj.right_edge.i + 1 == t.i
        and after_quote(text, off, off + t.doc[subj.left_edge.i].idx, marks) is not None
    )


def next_quote(t: Token, off: int, marks: list[Mark]) -> int:
    """Index of the first token after ``t`` that opens a quotation (else the doc's end)."""
    starts = [m.start for m in marks if m.start > off + t.idx]
    if not starts:
        return len(t.doc)
    first = min(starts)
    return next((k.i for k in t.doc[t.i + 1 :] if off + k.idx >= first), len(t.doc))


def inverted_subject(t: Token, end: int | None = None) -> Token | None:
    """The speaker after an inverted tag verb: the phrase that opens right after it and
    ends before token ``end`` (the next quotation, if any)."""
    doc = t.doc
    end = len(doc) if end is None else end
    if t.i + 1 >= len(doc):
        return None
    k = doc[t.i + 1]
    if not k.is_alpha or k.lower_ in _NOT_SPEAKERS:
        return None
    if not (k.is_title or k.is_upper or k.lower_ in _OPENERS):
        return None
    s = k
    # climb to the top of the phrase, staying after the verb
    while s.head != t and s.head != s and t.i < s.head.i < end:
        s = s.head
    return s


def governing_subject(doc: Doc, off: int, m: Mark, marks: list[Mark]) -> tuple[Token, Token] | None:
    """The nearest clause head outside quotation ``m`` that governs it and has a subject
    before it, outside every quotation: ``(head, subject)``."""
    inside = [k for k in doc if m.start <= off + k.idx < m.end and not k.is_punct]
    if not inside:
        return None
    first = min(k.i for k in inside)

    def quoted(k: Token) -> bool:
        return any(q.start <= off + k.idx < q.end for q in marks)

    for v in inside[0].ancestors:
        if quoted(v):
            continue
        subj = next((c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None:
            continue
        if subj.i < first and not quoted(subj) and subj.right_edge.i < first:
            return v, subj
        return None
    return None
