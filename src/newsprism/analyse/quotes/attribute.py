"""Attributions inside one parsed sentence unit: cue verbs, their subjects and complements.

Rules over the dependency parse (no tagger needed): a reporting-verb form heads the cue,
its nominal subject is the source (cut as in ``source.py``), and its complement clause is
the content. Quotation spans in the unit decide the kind: content that is (almost) all
quotation is direct, content that merely contains a quotation is partial, content with
none is indirect. Parenthetical cues ("X, he said, Y") and speech tags after a quotation
(``tags.py``) are verbs too; "according to X", "in the latest poll", cue nouns and raising
verbs are in ``nonverb.py``. Every candidate carries features (``Raw.feats``) for the
learned filter in ``filter.py``, which decides what is kept; the rules here lean towards
proposing too much.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from newsprism.analyse.quotes import tags
from newsprism.analyse.quotes.lexicon import NO_OBJECT, Lexicon
from newsprism.analyse.quotes.marks import Mark
from newsprism.analyse.quotes.model import Pos
from newsprism.analyse.quotes.nonverb import (
    NOUN_DEPS,
    RAISING,
    according,
    in_source,
    noun_cue,
    raising,
)
from newsprism.analyse.quotes.source import VERB_DEPS, source_span
from newsprism.analyse.quotes.spans import (
    Raw,
    fragments,
    inside,
    kind_of,
    outside_chars,
    outside_subtree,
    token_span,
    widen,
)

__all__ = ["Raw", "attribute_unit"]

_INHERIT_DEPS = {"advcl", "xcomp", "conj", "pcomp", "acl", "acomp"}
_WH = {"when", "if", "while", "after", "before", "once", "until", "unless"}
_RELATIVE = {"who", "which", "that"}
# Past participles of cue verbs that do not end in -ed: "a developer known to be …"
_PARTICIPLES = frozenset(["known", "said", "told", "thought", "seen", "shown", "written"])


_PUT = frozenset(["put", "puts"])
# Words the unit loop acts on besides cue words and tag verbs.
_SPECIAL_WORDS = frozenset(["according", "in"]) | _PUT | RAISING


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


def _marked(v: Token) -> bool:
    """Whether clause ``v`` opens with a subordinator that hides its speaker ("when
    asked", "if approved"); "while saying", "before adding" are the main subject's."""
    if v.lower_.endswith("ing"):
        return False
    return any(c.dep_ == "mark" or c.lower_ in _WH for c in v.children)


def _unsaid(t: Token) -> bool:
    """Whether cue ``t`` leaves its speaker out on purpose: "Asked about X, he said",
    "when asked", "after being asked", "an event called X". PolNeAR gives these no
    source; the subject of the main clause is the one asked, not the one asking."""
    kids = {c.dep_ for c in t.children}
    if "nsubj" in kids:
        return False
    if kids & {"auxpass", "nsubjpass"}:
        return True  # passive: "was announced", "who is said to have", "is known for"
    if t.dep_ not in _INHERIT_DEPS:
        return False
    if _marked(t):
        return True
    # a past participle opening its own clause: passive
    return (
        t.dep_ in ("advcl", "acl")
        and (t.lower_.endswith("ed") or t.lower_ in _PARTICIPLES)
        and "aux" not in kids
        and t.left_edge.i == t.i
    )


def _far_subject(t: Token) -> Token | None:
    """The subject of the nearest clause above cue ``t`` that has one."""
    return next(
        (c for v in t.ancestors for c in v.children if c.dep_ in ("nsubj", "nsubjpass")), None
    )


def _subject(t: Token) -> tuple[Token, bool] | None:
    """The speaker token of cue ``t`` and whether it is an antecedent (span ends at it)."""
    agent = next((c for c in t.children if c.dep_ == "agent"), None)
    by = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
    if by is not None:
        return by, False  # "Rubio was asked by moderator Gerard Baker whether …"
    if _unsaid(t):
        return None
    v = t
    for _ in range(3):
        for c in v.children:
            if c.dep_ == "nsubj":
                if c.lower_ in _RELATIVE and v.dep_ == "relcl":
                    return v.head, True
                return c, False
        if v.dep_ == "relcl":
            return v.head, True
        if v.dep_ not in _INHERIT_DEPS or v.head == v:
            break
        if _marked(v) or any(c.dep_ in ("auxpass", "nsubjpass") for c in v.children):
            return None  # "when asked", "if approved": not the head's speech
        v = v.head
        if v.dep_ == "prep" and t.dep_ == "pcomp" and v.head != v:
            v = v.head  # "she responded by saying", "before saying": the verb's subject
    if t.dep_ == "ROOT" and t.i > 0:
        # a misparsed subject ("…, the Secretary of State, Antony Blinken, asserted") often
        # ends right before the verb, hanging off something else as an apposition
        k = t.i - 1
        while k > 0 and t.doc[k].is_punct:
            k -= 1
        prev = t.doc[k]
        if prev.dep_ in ("appos", "pobj", "conj", "compound") and prev.text[:1].isupper():
            return prev, False
    return None


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
    return token_span(doc, off, lo, hi)


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
        low = t.lower_
        if low not in lex.cues and low not in _SPECIAL_WORDS and t.dep_ not in tags.TAG_DEPS:
            continue  # most words: nothing below applies (checked first, for speed)
        a = off + t.idx
        if inside(a, marks):
            continue
        if low == "according" and t.i + 1 < len(doc) and doc[t.i + 1].lower_ == "to":
            r = according(doc, off, t, marks)
            if r:
                claimed.update(r.marks)
                out.append(r)
            continue
        if low == "in" and t.dep_ == "prep":
            r = in_source(doc, off, t, marks)
            if r:
                claimed.update(r.marks)
                out.append(r)
            continue
        if low in RAISING:
            r = raising(doc, off, t, marks, lex)
            if r:
                claimed.update(r.marks)
                out.append(r)
            continue
        # only words the lexicon lacks need to be tag verbs, or "put it" ("As Foner put it:")
        tag = low not in lex.cues and tags.tag_verb(t, text, off, marks)
        put_it = low in _PUT and t.i + 1 < len(doc) and doc[t.i + 1].lower_ == "it"
        if low not in lex.cues and not tag and not put_it:
            continue
        if t.dep_ in NOUN_DEPS and not tag:
            r = noun_cue(doc, off, t, marks)
            if r:
                claimed.update(r.marks)
                out.append(r)
            continue
        if t.dep_ not in VERB_DEPS:
            continue
        subj = _subject(t)
        if subj and inside(off + subj[0].idx, marks):
            subj = None  # a misparse: the speaker is never inside the quotation
        after = tags.after_quote(text, off, a, marks)
        unsaid = subj is None and _unsaid(t)
        if subj is None and after is not None and not unsaid:
            inverted = tags.inverted_subject(t, tags.next_quote(t, off, marks))
            subj = (inverted, False) if inverted is not None else None
        source = source_span(doc, off, *subj, t, lex.forms) if subj else None
        head = off + subj[0].idx if subj else None
        refers = None
        rel = next((c for c in t.children if c.dep_ == "nsubj" and c.lower_ in _RELATIVE), None)
        if rel is not None and subj and subj[1]:
            # PolNeAR marks the relative pronoun as the source; resolve its antecedent
            refers, source = source, (off + rel.idx, off + rel.idx + len(rel))
        cue = (a, a + len(t))
        comp = None if put_it else _complement(t, lex)
        own = source if (subj and subj[0].head == t) or refers else None
        wide = {"wide_cue": 1.0} if low not in lex.forms else {}
        if low not in lex.cues:
            wide["tag_verb"] = 1.0
        # '"The risk," said X, "is that …"' is dialogue, not a cue inside a sentence
        if comp is None and t.dep_ == "parataxis" and t.head != t and after is None:
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
            feats = {**_cue_feats(t, route, comp, subj and subj[0]), **wide}
            far = _far_subject(t) if source is None and not unsaid else None
            if far is not None and not inside(off + far.idx, marks):
                # 'a sign saying "…"', 'his campaign sent a text saying: "…"'
                source = source_span(doc, off, far, False, t, lex.forms)
                head = off + far.idx
                feats["subj_far"] = 1.0
            bare.append((t, source, head, refers, feats))
            continue
        span = _content_of(doc, off, comp)
        if source and span[0] < source[1] and source[0] < span[1]:
            continue
        feats = {**_cue_feats(t, "clause", comp, subj and subj[0]), **wide}
        if source is None and not unsaid:
            # the rules above give up on deep verbs ("went on to accuse"); the nearest
            # governing subject is a guess the filter can weigh
            far = _far_subject(t)
            if far is not None and not (span[0] <= off + far.idx < span[1]):
                source = source_span(doc, off, far, False, t, lex.forms)
                head = off + far.idx
                feats["subj_far"] = 1.0
        if source is None and comp.dep_ != "ccomp":
            feats["object_no_source"] = 1.0  # "supporting Rubio": rarely speech
        if outside_chars(text, off, span, marks) < 3 and any(
            m.start < span[1] and span[0] < m.end for m in marks
        ):
            bare.append((t, source, head, refers, feats))
            continue
        span, hit = widen(span, marks)
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
                kind_of(quotes),
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
            cue = source = head = None
            got = tags.governing_subject(doc, off, m, marks)
            if got is not None:
                # 'Trump leaned in and boomed: "…"': the clause's subject, not the last speaker
                v, subj = got
                source = source_span(doc, off, subj, False, v, lex.forms)
                cue, head = (off + v.idx, off + v.idx + len(v)), off + subj.idx
                feats["free_subject"] = 1.0
            out.append(
                Raw(
                    [(m.start, m.end)], cue, source, kind_of([m]), marks=[m], head=head, feats=feats
                )
            )
    return out


def _parenthetical(doc: Doc, off: int, t: Token, marks: list[Mark]) -> tuple | None:
    """ "A new manager, he said, could set a new tone": the content is the sentence the
    cue interrupts, in fragments, when it is mostly not quotation."""
    got = fragments(doc, off, outside_subtree(t.head.subtree, t), marks)
    if got is None:
        return None
    spans, hit, kind = got
    if sum(outside_chars(doc.text, off, sp, marks) for sp in spans) < 15:
        return None  # '"A," he said, "B."' is dialogue: the quotations are the content
    return spans, hit, kind
