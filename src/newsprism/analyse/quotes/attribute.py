"""Attributions inside one parsed sentence unit: cue verbs, their subjects and complements.

Rules over the dependency parse (no tagger needed): a reporting-verb form heads the cue,
its nominal subject is the source, and its complement clause is the content. Quotation
spans in the unit decide the kind: content that is (almost) all quotation is direct,
content that merely contains a quotation is partial, content with none is indirect.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from newsprism.analyse.quotes.lexicon import NO_OBJECT, Lexicon
from newsprism.analyse.quotes.marks import Mark
from newsprism.analyse.quotes.model import Pos

# Dependency labels a clause-heading verb can carry; nouns like "the call" are left out.
_VERB_DEPS = {"ROOT", "ccomp", "conj", "advcl", "relcl", "xcomp", "parataxis", "acl", "pcomp"}
_INHERIT_DEPS = {"advcl", "xcomp", "conj", "pcomp", "acl", "acomp"}
_WH = {"when", "if", "while", "after", "before", "once", "until", "unless"}
_RELATIVE = {"who", "which", "that"}
_EDGE_PUNCT = set('.,;:–—-«»“”„"‘’') | {"''", "``"}


@dataclass(slots=True)
class Raw:
    """An attribution before speaker resolution."""

    content: list[Pos]
    cue: Pos | None
    source: Pos | None
    kind: str
    pending: bool = False  # cue and source found, content expected in the next unit
    head: int | None = None  # body offset of the source's head word
    refers: Pos | None = None  # what a relative "who" stands for, for resolution
    unit_start: int = 0  # body offset of the unit it was found in
    marks: list[Mark] = field(default_factory=list)


def _span(doc: Doc, off: int, lo: int, hi: int) -> Pos:
    """Character span of tokens ``lo..hi`` (inclusive), trimmed of edge punctuation."""
    while lo < hi and doc[lo].text in _EDGE_PUNCT:
        lo += 1
    while hi > lo and doc[hi].text in _EDGE_PUNCT:
        hi -= 1
    return off + doc[lo].idx, off + doc[hi].idx + len(doc[hi])


def _subject(t: Token) -> tuple[Token, bool] | None:
    """The speaker token of cue ``t`` and whether it is an antecedent (span ends at it)."""
    v = t
    for _ in range(3):
        for c in v.children:
            if c.dep_ == "nsubj":
                if c.lower_ in _RELATIVE and v.dep_ == "relcl":
                    return v.head, True
                return c, False
        if v.dep_ == "relcl":
            return v.head, True
        if v.dep_ not in _INHERIT_DEPS or v.head is v:
            break
        if any(c.dep_ in ("mark", "auxpass", "nsubjpass") or c.lower_ in _WH for c in v.children):
            return None  # "when asked", "if approved": not the head's speech
        v = v.head
    if t.dep_ == "ROOT" and t.i > 0:
        # a misparsed subject ("…, the Secretary of State, Antony Blinken, asserted") often
        # ends right before the verb, hanging off something else as an apposition
        k = t.i - 1
        while k > 0 and t.doc[k].is_punct:
            k -= 1
        prev = t.doc[k]
        if prev.dep_ in ("appos", "pobj", "conj") and prev.text[:1].isupper():
            return prev, False
    return None


def _source_span(doc: Doc, off: int, s: Token, antecedent: bool, cue: Token) -> Pos:
    """The source noun phrase, without a relative or adverbial clause hanging off it
    ("Sanders, who has already sent…" is "Sanders"), as PolNeAR marks it."""
    if antecedent or cue in s.subtree or s.dep_ in ("appos", "pobj", "conj"):
        return _span(doc, off, s.left_edge.i, s.i)
    hi = s.right_edge.i
    for c in s.children:
        if c.i > s.i and c.dep_ in ("relcl", "advcl", "acl"):
            hi = min(hi, c.left_edge.i - 1)
    lo, hi = s.left_edge.i, max(hi, s.i)
    start, end = _span(doc, off, lo, hi)
    text = doc.text
    # an apposition keeps its closing comma: "Dean Johnson, a salesman from Sumter,"
    if "," in text[start - off : end - off] and text[end - off : end - off + 1] == ",":
        end += 1
    return start, end


def _complement(t: Token, lex: Lexicon) -> Token | None:
    """The content head: a complement clause, else an object, an infinitive or a
    prepositional object ("warned of", "spoke about")."""
    by_dep: dict[str, Token] = {}
    for c in t.children:
        by_dep.setdefault(c.dep_, c)
    if "ccomp" in by_dep:
        return by_dep["ccomp"]
    if "dobj" in by_dep and t.lower_ not in NO_OBJECT:
        return by_dep["dobj"]
    if "xcomp" in by_dep:
        return by_dep["xcomp"]
    for c in t.children:
        if c.dep_ == "prep" and c.lower_ in lex.preps and c.i > t.i:
            pobj = next((g for g in c.children if g.dep_ in ("pobj", "pcomp")), None)
            if pobj is not None:
                return pobj
    return None


def _content_of(doc: Doc, off: int, comp: Token) -> Pos:
    # PolNeAR's content keeps the complementiser ("that the talks would continue") and,
    # for "urged the agency to act", the object before the infinitive
    lo = comp.left_edge.i
    if comp.dep_ == "xcomp":
        obj = next((c for c in comp.head.children if c.dep_ == "dobj" and c.i < comp.i), None)
        if obj is not None:
            lo = min(lo, obj.left_edge.i)
    return _span(doc, off, lo, comp.right_edge.i)


def _inside(p: int, marks: list[Mark]) -> bool:
    return any(m.start <= p < m.end for m in marks)


def _outside_chars(text: str, off: int, span: Pos, marks: list[Mark]) -> int:
    """Alphanumeric characters of ``span`` that lie outside every quotation span."""
    chunk = text[span[0] - off : span[1] - off]
    for m in marks:
        s, e = max(m.start, span[0]) - span[0], min(m.end, span[1]) - span[0]
        if e > s:
            chunk = chunk[:s] + " " * (e - s) + chunk[e:]  # blank the quotation out
    return sum(c.isalnum() for c in chunk)


def _adjacent(text: str, off: int, cue: Pos, source: Pos | None, marks: list[Mark]) -> bool:
    """Whether a quotation opens the unit right before the speech clause or opens right
    after it (``“…,” he said`` / ``He said: “…”``): then the quotation is the content."""
    lo = hi = cue[0]
    hi = cue[1]
    if source and source[1] <= cue[0] and cue[0] - source[1] < 40:
        lo = source[0]
    elif source and source[0] >= cue[1] and source[0] - cue[1] < 5:
        hi = source[1]  # "…,” said the head of the State Department"
    for m in marks:
        before = text[m.end - off : lo - off]
        opens = text[: m.start - off].rstrip(" –—")
        starts = not opens or opens[-1] in ".:;!?" or m.dash
        if m.end <= lo and not before.strip(" ,:;–—-") and starts:
            return True
        if m.start >= hi and not text[hi - off : m.start - off].strip(" ,:;–—-"):
            return True
    return False


def _words(text: str, off: int, m: Mark) -> int:
    return len(text[m.start - off : m.end - off].split())


def _kind(marks: list[Mark]) -> str:
    return "dash" if any(m.dash for m in marks) else "direct"


def _widen(span: Pos, marks: list[Mark]) -> tuple[Pos, list[Mark]]:
    hit = [m for m in marks if m.start < span[1] and span[0] < m.end]
    s = min([span[0]] + [m.start for m in hit])
    e = max([span[1]] + [m.end for m in hit])
    return (s, e), hit


def attribute_unit(doc: Doc, off: int, marks: list[Mark], lex: Lexicon) -> list[Raw]:
    """Attributions of the unit parsed as ``doc``, which starts at body offset ``off``."""
    text = doc.text
    out: list[Raw] = []
    claimed: set[Mark] = set()
    bare: list[
        tuple[Token, Pos | None, int | None, Pos | None]
    ] = []  # cues without a complement clause
    for t in doc:
        a = off + t.idx
        if _inside(a, marks):
            continue
        low = t.lower_
        if low == "according" and t.i + 1 < len(doc) and doc[t.i + 1].lower_ == "to":
            r = _according(doc, off, t, marks)
            if r:
                claimed.update(r.marks)
                out.append(r)
            continue
        if low not in lex.forms or t.dep_ not in _VERB_DEPS:
            continue
        subj = _subject(t)
        source = _source_span(doc, off, *subj, t) if subj else None
        head = off + subj[0].idx if subj else None
        refers = None
        rel = next((c for c in t.children if c.dep_ == "nsubj" and c.lower_ in _RELATIVE), None)
        if rel is not None and subj and subj[1]:
            # PolNeAR marks the relative pronoun as the source; resolve its antecedent
            refers, source = source, (off + rel.idx, off + rel.idx + len(rel))
        cue = (a, a + len(t))
        comp = _complement(t, lex)
        own = source if (subj and subj[0].head is t) or refers else None
        if comp is None or _adjacent(text, off, cue, own, marks):
            bare.append((t, source, head, refers))  # the content is the unit's quotations, if any
            continue
        span = _content_of(doc, off, comp)
        if source is None and comp.dep_ != "ccomp":
            continue  # "supporting Rubio": without a speaker, an object is rarely speech
        if source and span[0] < source[1] and source[0] < span[1]:
            continue
        if _outside_chars(text, off, span, marks) < 3 and any(
            m.start < span[1] and span[0] < m.end for m in marks
        ):
            bare.append((t, source, head, refers))
            continue
        span, hit = _widen(span, marks)
        claimed.update(hit)
        kind = "partial" if hit else "indirect"
        out.append(Raw([span], cue, source, kind, marks=hit, head=head, refers=refers))
    free = [m for m in marks if m not in claimed]
    for t, source, head, refers in bare:
        quotes = [m for m in free if not (source and source[0] <= m.start < source[1])]
        if not quotes:
            if text.rstrip().endswith(":") and source:
                a = off + t.idx
                out.append(Raw([], (a, a + len(t)), source, "direct", True, head, refers))
            continue
        a = off + t.idx
        spans = [(m.start, m.end) for m in quotes]
        out.append(Raw(spans, (a, a + len(t)), source, _kind(quotes), False, head, refers, quotes))
        free = [m for m in free if m not in quotes]
    unit_len = len(text.strip())
    for m in free:
        words = _words(text, off, m)
        if words >= 4 or (m.end - m.start) >= 0.6 * unit_len:
            out.append(Raw([(m.start, m.end)], None, None, _kind([m]), marks=[m]))
    return out


def _according(doc: Doc, off: int, t: Token, marks: list[Mark]) -> Raw | None:
    to = doc[t.i + 1]
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
    if pobj is None:
        return None
    source = _span(doc, off, pobj.left_edge.i, pobj.right_edge.i)
    cue = (off + t.idx, off + to.idx + len(to))
    head = t.head if t.head is not t else t
    skip = {x.i for x in t.subtree}
    keep = [x.i for x in head.subtree if x.i not in skip] if head is not t else []
    if not keep:
        # "according to X" hangs off a noun or the root badly: the rest of the unit
        keep = [x.i for x in doc if x.i not in skip]
    if not keep:
        return None
    runs: list[list[int]] = [[keep[0], keep[0]]]
    for i in keep[1:]:
        if i == runs[-1][1] + 1:
            runs[-1][1] = i
        else:
            runs.append([i, i])
    spans = [_span(doc, off, lo, hi) for lo, hi in runs]
    spans = [s for s in spans if s[1] > s[0] and doc.text[s[0] - off : s[1] - off].strip(" ,.")]
    if not spans:
        return None
    hit = [m for m in marks if any(m.start < e and s < m.end for s, e in spans)]
    spans = [_widen(s, marks)[0] for s in spans]
    kind = "indirect"
    if hit:
        outside = sum(_outside_chars(doc.text, off, s, marks) for s in spans)
        kind = _kind(hit) if outside < 3 else "partial"
    return Raw(spans, cue, source, kind, marks=hit, head=off + pobj.idx)
