"""Attributions inside one parsed sentence unit: cue verbs, their subjects and complements.

Rules over the dependency parse (no tagger needed): a reporting-verb form heads the cue,
its nominal subject is the source, and its complement clause is the content. Quotation
spans in the unit decide the kind: content that is (almost) all quotation is direct,
content that merely contains a quotation is partial, content with none is indirect.

Besides verbs: "according to X", "in the latest poll", cue nouns ("his claim that …"),
parenthetical cues ("X, he said, Y") and raising verbs ("is expected to …", no source).
Every candidate carries features (``Raw.feats``) for the learned filter in ``filter.py``,
which decides what is kept; the rules here lean towards proposing too much.
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
# Dependency labels of a cue noun ("the criticism", "his claim"), and the prepositions
# that carry its content.
_NOUN_DEPS = {"nsubj", "nsubjpass", "dobj", "pobj", "attr", "appos"}
_NOUN_PREPS = {"of", "about", "for", "over", "against", "on"}
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
    feats: dict[str, float] = field(default_factory=dict)  # parse features for the filter


def _cue_feats(t: Token, route: str, comp: Token | None, subj: Token | None) -> dict[str, float]:
    """What the parse says about one cue, for the learned filter (``filter.py``)."""
    f = {
        f"route={route}": 1.0,
        f"cue={t.lower_}": 1.0,
        f"cuedep={t.dep_}": 1.0,
        f"headdep={t.head.dep_}": 1.0,
        f"comp={comp.dep_ if comp is not None else 'none'}": 1.0,
    }
    kids = {c.dep_ for c in t.children}
    for dep in ("neg", "aux", "auxpass", "dobj", "dative", "mark", "advmod", "npadvmod"):
        if dep in kids:
            f[f"kid={dep}"] = 1.0
    if comp is not None:
        f[f"comp_first={comp.doc[comp.left_edge.i].lower_}"] = 1.0
        if comp.dep_ == "dobj" and comp.left_edge.i == comp.right_edge.i:
            f["comp_one_word"] = 1.0
    if subj is not None:
        f[f"subjdep={subj.dep_}"] = 1.0
        f["subj_before" if subj.i < t.i else "subj_after"] = 1.0
    return f


def _span(doc: Doc, off: int, lo: int, hi: int) -> Pos:
    """Character span of tokens ``lo..hi`` (inclusive), trimmed of edge punctuation."""
    while lo < hi and (doc[lo].text in _EDGE_PUNCT or doc[lo].is_space):
        lo += 1
    while hi > lo and (doc[hi].text in _EDGE_PUNCT or doc[hi].is_space):
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


def _source_span(
    doc: Doc, off: int, s: Token, antecedent: bool, cue: Token, forms: frozenset[str] | None = None
) -> Pos:
    """The source noun phrase, without an adverbial clause hanging off it, and without a
    relative clause that reports speech of its own ("Sanders, who has said that …, argued"
    is "Sanders"), as PolNeAR marks it; other relative clauses stay ("Republicans, who
    hold a majority, said": so on PolNeAR train, 105 times against 41). Without ``forms``
    (the cue words) every relative clause before the cue is cut."""
    if antecedent or cue in s.subtree or s.dep_ in ("appos", "pobj", "conj"):
        return _span(doc, off, s.left_edge.i, s.i)
    hi = s.right_edge.i
    for c in s.children:
        if c.i <= s.i:
            continue
        if c.dep_ == "relcl":
            if forms is None:
                speaks = s.i < cue.i
            else:
                speaks = any(x.dep_ in _VERB_DEPS and x.lower_ in forms for x in c.subtree)
            if speaks:
                hi = min(hi, c.left_edge.i - 1)
        elif c.dep_ in ("advcl", "acl"):
            hi = min(hi, c.left_edge.i - 1)
    lo, hi = s.left_edge.i, max(hi, s.i)
    while lo < s.i and doc[lo].dep_ in ("advmod", "mark", "cc", "preconj") and doc[lo].is_alpha:
        lo += 1  # "Even those who …", "While populists like …": not part of the source
    for k in range(hi - 1, lo, -1):
        # a dateline is not part of the source: "WASHINGTON (Reuters) - U.S. candidate X"
        if doc[k].text in ("—", "–", "-", "--") and doc[k].whitespace_ and _dateline(doc, lo, k):
            lo = k + 1
            break
    if hi > s.i and doc[hi].lower_ in ("'s", "’s") and doc[hi].dep_ != "case":
        hi -= 1  # "he's" is a contraction, not a possessive
    start, end = _span(doc, off, lo, hi)
    text = doc.text
    # an apposition keeps its closing comma: "Dean Johnson, a salesman from Sumter,"
    if "," in text[start - off : end - off] and text[end - off : end - off + 1] == ",":
        end += 1
    return start, end


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


def _complement(t: Token, lex: Lexicon) -> Token | None:
    """The content head: a complement clause, else an object, an infinitive or a
    prepositional object ("warned of", "spoke about")."""
    by_dep: dict[str, Token] = {}
    for c in t.children:
        by_dep.setdefault(c.dep_, c)
    if "ccomp" in by_dep:
        return by_dep["ccomp"]
    if "oprd" in by_dep:
        return by_dep["oprd"]  # "called her a 'horrible witness'"
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
    lo, hi = comp.left_edge.i, comp.right_edge.i
    if comp.dep_ in ("xcomp", "oprd"):
        obj = next(
            (c for c in comp.head.children if c.dep_ in ("dobj", "oprd") and c.i < comp.i), None
        )
        if obj is not None:
            lo = min(lo, obj.left_edge.i)
    elif comp.dep_ == "dobj":
        # "accused him of lying", "described him as …": the object and what it is for
        prep = next(
            (
                c
                for c in comp.head.children
                if c.dep_ == "prep"
                and c.i == comp.right_edge.i + 1
                and c.lower_ in ("of", "for", "as")
            ),
            None,
        )
        if prep is not None:
            hi = prep.right_edge.i
    return _span(doc, off, lo, hi)


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


def attribute_unit(
    doc: Doc, off: int, marks: list[Mark], lex: Lexicon, text: str | None = None
) -> list[Raw]:
    """Attributions of the unit parsed as ``doc``, which starts at body offset ``off``.

    ``text`` is the unit's own text when ``doc`` was parsed from a stand-in of the same
    length (long quotations masked, see ``mask``); the two agree outside quotations."""
    text = doc.text if text is None else text
    out: list[Raw] = []
    claimed: set[Mark] = set()
    # cues whose content is the unit's quotations, if any
    bare: list[tuple[Token, Pos | None, int | None, Pos | None, dict[str, float]]] = []
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
        if low == "in" and t.dep_ == "prep":
            r = _in_source(doc, off, t, marks)
            if r:
                claimed.update(r.marks)
                out.append(r)
            continue
        if low in _RAISING:
            r = _raising(doc, off, t, marks)
            if r:
                claimed.update(r.marks)
                out.append(r)
            continue
        if low not in lex.cues:
            continue
        if t.dep_ in _NOUN_DEPS:
            r = _noun_cue(doc, off, t, marks)
            if r:
                claimed.update(r.marks)
                out.append(r)
            continue
        if t.dep_ not in _VERB_DEPS:
            continue
        subj = _subject(t)
        if subj and _inside(off + subj[0].idx, marks):
            subj = None  # a misparse: the speaker is never inside the quotation
        source = _source_span(doc, off, *subj, t, lex.forms) if subj else None
        head = off + subj[0].idx if subj else None
        refers = None
        rel = next((c for c in t.children if c.dep_ == "nsubj" and c.lower_ in _RELATIVE), None)
        if rel is not None and subj and subj[1]:
            # PolNeAR marks the relative pronoun as the source; resolve its antecedent
            refers, source = source, (off + rel.idx, off + rel.idx + len(rel))
        cue = (a, a + len(t))
        comp = _complement(t, lex)
        own = source if (subj and subj[0].head is t) or refers else None
        wide = {"wide_cue": 1.0} if low not in lex.forms else {}
        if comp is None and t.dep_ == "parataxis" and t.head is not t:
            got = _parenthetical(doc, off, t, marks)
            if got is not None:
                spans, hit, kind = got
                claimed.update(hit)
                feats = {**_cue_feats(t, "parenthetical", None, subj and subj[0]), **wide}
                out.append(
                    Raw(spans, cue, source, kind, marks=hit, head=head, refers=refers, feats=feats)
                )
                continue
        if comp is None or _adjacent(text, off, cue, own, marks):
            route = "adjacent" if comp is not None else "bare"
            bare.append(
                (t, source, head, refers, {**_cue_feats(t, route, comp, subj and subj[0]), **wide})
            )
            continue
        span = _content_of(doc, off, comp)
        if source and span[0] < source[1] and source[0] < span[1]:
            continue
        feats = {**_cue_feats(t, "clause", comp, subj and subj[0]), **wide}
        if source is None:
            # the rules above give up on deep verbs ("went on to accuse"); the nearest
            # governing subject is a guess the filter can weigh
            far = next(
                (c for v in t.ancestors for c in v.children if c.dep_ in ("nsubj", "nsubjpass")),
                None,
            )
            if far is not None and not (span[0] <= off + far.idx < span[1]):
                source = _source_span(doc, off, far, False, t, lex.forms)
                head = off + far.idx
                feats["subj_far"] = 1.0
        if source is None and comp.dep_ != "ccomp":
            feats["object_no_source"] = 1.0  # "supporting Rubio": rarely speech
        if _outside_chars(text, off, span, marks) < 3 and any(
            m.start < span[1] and span[0] < m.end for m in marks
        ):
            bare.append((t, source, head, refers, feats))
            continue
        span, hit = _widen(span, marks)
        claimed.update(hit)
        kind = "partial" if hit else "indirect"
        out.append(Raw([span], cue, source, kind, marks=hit, head=head, refers=refers, feats=feats))
    free = [m for m in marks if m not in claimed]
    for t, source, head, refers, feats in bare:
        quotes = [m for m in free if not (source and source[0] <= m.start < source[1])]
        if not quotes:
            if text.rstrip().endswith(":") and source:
                a = off + t.idx
                out.append(
                    Raw([], (a, a + len(t)), source, "direct", True, head, refers, feats=feats)
                )
            continue
        a = off + t.idx
        spans = [(m.start, m.end) for m in quotes]
        out.append(
            Raw(
                spans,
                (a, a + len(t)),
                source,
                _kind(quotes),
                False,
                head,
                refers,
                marks=quotes,
                feats=feats,
            )
        )
        free = [m for m in free if m not in quotes]
    unit_len = len(text.strip())
    for m in free:
        words = _words(text, off, m)
        if words >= 4 or (m.end - m.start) >= 0.6 * unit_len:
            feats = {"route=free": 1.0, "free_whole_unit": float(m.end - m.start >= 0.6 * unit_len)}
            out.append(Raw([(m.start, m.end)], None, None, _kind([m]), marks=[m], feats=feats))
    return out


def _noun_cue(doc: Doc, off: int, t: Token, marks: list[Mark]) -> Raw | None:
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
    span, hit = _widen(_span(doc, off, comp.left_edge.i, comp.right_edge.i), marks)
    poss = next((c for c in t.children if c.dep_ == "poss"), None)
    # PolNeAR keeps the possessive ending: "Mr. Trump's" assertion
    source = _span(doc, off, poss.left_edge.i, poss.right_edge.i) if poss is not None else None
    far = None
    if poss is None:
        # "Trump made the claim that …": the claim is the subject's
        far = next(
            (c for v in t.ancestors for c in v.children if c.dep_ == "nsubj" and c.i < t.i),
            None,
        )
        if far is not None and not (span[0] <= off + far.idx < span[1]):
            source = _source_span(doc, off, far, False, t)
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


def _fragments(
    doc: Doc, off: int, keep: list[int], marks: list[Mark]
) -> tuple[list[Pos], list[Mark], str] | None:
    """Content fragments made of the token indices ``keep`` (runs of adjacent tokens),
    the quotations they touch, and the kind that makes."""
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
    return spans, hit, kind


def _parenthetical(doc: Doc, off: int, t: Token, marks: list[Mark]) -> tuple | None:
    """ "A new manager, he said, could set a new tone": the content is the sentence the
    cue interrupts, in fragments, when it is mostly not quotation."""
    skip = {x.i for x in t.subtree}
    keep = [x.i for x in t.head.subtree if x.i not in skip]
    if not keep:
        return None
    got = _fragments(doc, off, keep, marks)
    if got is None:
        return None
    spans, hit, kind = got
    if sum(_outside_chars(doc.text, off, sp, marks) for sp in spans) < 15:
        return None  # '"A," he said, "B."' is dialogue: the quotations are the content
    return spans, hit, kind


# "Trump appears to lead", "the vote is expected to pass": PolNeAR marks these as
# attributions without a source, the whole clause (subject included) as the content.
_RAISING = frozenset(["appear", "appears", "appeared", "seem", "seems", "seemed", "expected"])


def _raising(doc: Doc, off: int, t: Token, marks: list[Mark]) -> Raw | None:
    xcomp = next((c for c in t.children if c.dep_ == "xcomp" and c.i > t.i), None)
    subj = next((c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if xcomp is None or subj is None or subj.i > t.i:
        return None
    span, hit = _widen(_span(doc, off, subj.left_edge.i, xcomp.right_edge.i), marks)
    kind = "partial" if hit else "indirect"
    feats = {"route=raising": 1.0, f"cue={t.lower_}": 1.0, f"cuedep={t.dep_}": 1.0}
    cue = (off + t.idx, off + t.idx + len(t))
    return Raw([span], cue, None, kind, marks=hit, feats=feats)


# "In the latest poll, Clinton led …": the poll is the source, "in" the cue.
_IN_SOURCES = frozenset(
    ["poll", "polls", "survey", "surveys", "words", "view", "eyes", "mind", "opinion"]
)


def _in_source(doc: Doc, off: int, t: Token, marks: list[Mark]) -> Raw | None:
    pobj = next((c for c in t.children if c.dep_ == "pobj"), None)
    if pobj is None or not any(x.lower_ in _IN_SOURCES for x in pobj.subtree):
        return None
    head = t.head
    skip = {x.i for x in t.subtree}
    keep = [x.i for x in head.subtree if x.i not in skip]
    if head is t or not keep:
        return None
    got = _fragments(doc, off, keep, marks)
    if got is None:
        return None
    spans, hit, kind = got
    source = _span(doc, off, pobj.left_edge.i, pobj.right_edge.i)
    feats = {"route=in": 1.0, f"headdep={head.dep_}": 1.0, "cue=in": 1.0}
    cue = (off + t.idx, off + t.idx + len(t))
    return Raw(spans, cue, source, kind, marks=hit, head=off + pobj.idx, feats=feats)


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
    got = _fragments(doc, off, keep, marks)
    if got is None:
        return None
    spans, hit, kind = got
    feats = {"route=according": 1.0, f"headdep={head.dep_}": 1.0, "cue=according": 1.0}
    return Raw(spans, cue, source, kind, marks=hit, head=off + pobj.idx, feats=feats)
