"""Quote attribution (who said what), per article, parsing only what needs parsing.

``find_quotes(body)`` returns the attributions of one cleaned body: direct quotes in any
marks, dialogue-dash quotes, partial quotes inside reported speech, indirect speech and
``according to``, each with content, cue and source spans and a within-article speaker.
Only sentence units that hold a quotation mark, a dialogue dash or a reporting-verb form
are parsed, with long quotations replaced by a short stand-in clause (no rule reads inside
them); a few more units are parsed on demand when a pronoun needs an antecedent. The NER
runs only on a few tokens around each source that names someone, once per wording.

The rules propose more than they keep: a logistic filter learned on PolNeAR train
(``filter.py``) scores every candidate, and the most probable ones are kept as long as
their contents do not overlap; speakers are then resolved again over what was kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from newsprism.analyse import nlp as nlp_mod
from newsprism.analyse.quotes import filter as filter_mod
from newsprism.analyse.quotes.attribute import attribute_unit
from newsprism.analyse.quotes.colon import colon_line
from newsprism.analyse.quotes.lexicon import Lexicon, lexicon
from newsprism.analyse.quotes.marks import Mark, paragraphs, quote_marks, units
from newsprism.analyse.quotes.model import Quote
from newsprism.analyse.quotes.spans import Raw
from newsprism.analyse.quotes.speakers import Binding, Mention, Resolver, read_doc

__all__ = ["Quote", "QuoteOptions", "find_quotes", "find_quotes_many"]


@dataclass(frozen=True)
class QuoteOptions:
    """Settings of the quote stage; plain data, so they travel to worker processes."""

    model: str | None = None  # spaCy pipeline; None = the analysis default
    batch_size: int = 32  # articles whose candidate units are parsed together
    parse_all: bool = False  # parse every unit, not only candidates (for comparison)
    context_units: int = 2  # unparsed units before a pronoun parsed on demand
    cue_threshold: float | None = 0.25  # learned cue words kept (precision on PolNeAR train)
    attribution_threshold: float | None = 0.1  # cue words tried inside parsed units
    learned_filter: bool = True  # drop candidates the learned filter rejects (filter.py)


@dataclass(slots=True)
class _Unit:
    start: int
    end: int
    marks: list[Mark]
    candidate: bool
    para: int
    doc: Doc | None = None
    named: bool = False  # entities set on all of ``doc``
    spotted: bool = False  # entities set only around the sources found in ``doc``
    subjects: bool = False  # entities set around every subject of ``doc`` too


@dataclass(slots=True)
class _Plan:
    body: str
    units: list[_Unit] = field(default_factory=list)


def plan(body: str, lex: Lexicon, parse_all: bool = False) -> _Plan:
    """Units of ``body`` with their quotation spans, and which of them need parsing."""
    p = _Plan(body)
    for k, (ps, pe) in enumerate(paragraphs(body)):
        marks = quote_marks(body, ps, pe)
        for us, ue in units(body, ps, pe, marks):
            mine = [m for m in marks if m.start < ue and us < m.end]
            cand = parse_all or bool(mine) or lex.candidate(body[us:ue])
            p.units.append(_Unit(us, ue, mine, cand, k))
    return p


# A long quotation is parsed as this short clause, its last word stretched to the same
# length: no rule reads inside a quotation (no cue, no speaker is taken from there), only
# the shape of the sentence around it matters, and the parse costs per token. Padding
# with spaces instead leaves a whitespace token that derails the parse of what follows
# ('"It is so   ," Trump tweeted' made "Trump" an adverbial, not the subject).
_STANDIN = "It is so"
_MASK_WORDS = 6


def mask(body: str, u: _Unit) -> str:
    """The text of unit ``u`` to parse: long sentence-like quotations replaced by a
    stand-in clause of the same length, so every offset outside them is unchanged."""
    text = body[u.start : u.end]
    for m in u.marks:
        if m.open_end or m.dash or m.start < u.start or m.end > u.end:
            continue
        s, e = m.start - u.start, m.end - u.start
        a = next((i for i in range(s, e) if text[i].isalnum()), e)
        b = next((i + 1 for i in range(e - 1, a, -1) if text[i].isalnum()), a)
        inner = text[a:b]
        if len(inner.split()) < _MASK_WORDS or not (inner[0].isupper() or not text[:s].strip()):
            continue
        text = text[:a] + _STANDIN.ljust(b - a, _STANDIN[-1]) + text[b:]
    return text


_UNNAMED = {"he", "she", "him", "her", "i", "we", "you", "they", "it", "who", "which", "that"}


# Pipes whose output no rule reads; the parser of the small English models does not need
# the tagger (each listens to the shared tok2vec), and the NER runs later, where needed.
_UNREAD = ("tagger", "attribute_ruler", "lemmatizer", "ner")


@dataclass(frozen=True)
class _Pipes:
    """Parsing without NER for every candidate unit; NER, on the same Docs, only around
    the sources that name a speaker (``spot``), or on whole units (``tag``)."""

    nlp: Language

    def parse(self, jobs: list[tuple[str, _Unit]]) -> None:
        # the rules read the dependency parse only: tags and lemmas would be wasted work
        off = [p for p in _UNREAD if p in self.nlp.pipe_names]
        with self.nlp.select_pipes(disable=off):
            for doc, u in self.nlp.pipe(jobs, as_tuples=True, batch_size=64):
                u.doc = doc

    def tag(self, units: list[_Unit]) -> None:
        todo = [u for u in units if u.doc is not None and not u.named]
        if "ner" in self.nlp.pipe_names and todo:
            # the NER of the small English models has its own embeddings: no tok2vec needed;
            # entities already spotted in a window are kept, the rest is filled in
            for _ in self.nlp.get_pipe("ner").pipe(u.doc for u in todo):
                pass
        for u in todo:
            u.named = True

    def spot(self, sources: list[tuple[_Unit, int, int]]) -> None:
        """NER on token windows around the sources ``(unit, first, end token)`` only: the
        NER costs as much as the parse, and a name needs a few tokens of context, not its
        sentence. A source worded like one already seen in the batch ("Trump", "the State
        Department") gets that one's entities without running the NER again."""
        sources = [x for x in sources if not x[0].named]
        if "ner" in self.nlp.pipe_names and sources:
            seen: dict[str, tuple[int, list[tuple[int, int, str]]]] = {}
            jobs = []
            for u, a, b in sources:
                key = u.doc[a:b].text
                if key not in seen:
                    seen[key] = (len(jobs), [])
                    jobs.append((u, a, b))
            ner = self.nlp.get_pipe("ner")
            pieces = (u.doc[max(0, a - _MARGIN) : b + _MARGIN].as_doc() for u, a, b in jobs)
            found: dict[int, list[Span]] = {}
            for (u, a, b), piece in zip(jobs, ner.pipe(pieces), strict=True):
                lo = max(0, a - _MARGIN)
                ents = [(lo + e.start, lo + e.end, e.label_) for e in piece.ents]
                found.setdefault(id(u), []).extend(Span(u.doc, s, e, lab) for s, e, lab in ents)
                seen[u.doc[a:b].text][1].extend(
                    (s - a, e - a, lab) for s, e, lab in ents if a <= s and e <= b
                )
            for u, a, b in sources:
                first, ents = seen[u.doc[a:b].text]
                if jobs[first] != (u, a, b):
                    found.setdefault(id(u), []).extend(
                        Span(u.doc, a + s, a + e, lab) for s, e, lab in ents if a + e <= b
                    )
            for u, _, _ in sources:
                if id(u) in found:
                    spans = list(u.doc.ents) + found.pop(id(u))
                    u.doc.set_ents(filter_spans(spans), default="unmodified")
        for u, _, _ in sources:
            u.spotted = True


def find_quotes(
    body: str, nlp: Language | None = None, options: QuoteOptions | None = None
) -> list[Quote]:
    """The attributions of one cleaned body, in text order.

    ``nlp`` needs a parser (default: the analysis pipeline, ``nlp.load(options.model)``).
    Candidate units are parsed with its NER off; its NER then runs only around the sources
    that name a speaker, and on a few more units when a pronoun or title needs them.
    """
    return next(find_quotes_many([body], nlp, options))


def find_quotes_many(
    bodies: Iterable[str], nlp: Language | None = None, options: QuoteOptions | None = None
) -> Iterator[list[Quote]]:
    """Attributions for each body, in order, parsing candidate units in batches."""
    options = options or QuoteOptions()
    keep = filter_mod.load() if options.learned_filter else None
    for found in _candidates(bodies, nlp, options, keep):
        yield [q for q, _ in found]


def find_candidates_many(
    bodies: Iterable[str], nlp: Language | None = None, options: QuoteOptions | None = None
) -> Iterator[list[tuple[Quote, dict[str, float]]]]:
    """Every candidate attribution of each body with its filter features, none dropped
    (what ``benchmarks/quotes/train.py`` learns the filter from)."""
    return _candidates(bodies, nlp, options or QuoteOptions(), None)


def _candidates(
    bodies: Iterable[str],
    nlp: Language | None,
    options: QuoteOptions,
    keep: filter_mod.Filter | None,
) -> Iterator[list[tuple[Quote, dict[str, float]]]]:
    pipes = _Pipes(nlp or nlp_mod.load(options.model))
    lex = lexicon(options.cue_threshold, options.attribution_threshold)
    it = iter(bodies)
    while batch := list(islice(it, options.batch_size)):
        plans = [plan(b, lex, options.parse_all) for b in batch]
        jobs = [(mask(p.body, u), u) for p in plans for u in p.units if u.candidate]
        pipes.parse(jobs)
        found = [_find(p, lex) for p in plans]
        pipes.spot(_sources([ru for raws in found for ru in raws]))
        for p, raws in zip(plans, found, strict=True):
            yield _resolve(p, raws, pipes, options, keep)


# Tokens of context kept on each side of a source for the NER (its CNN sees 4 each way).
_MARGIN = 4


def _sources(raws: list[tuple[Raw, _Unit]]) -> list[tuple[_Unit, int, int]]:
    """The token spans of the sources that name someone (not "he", "who"), by unit."""
    out = []
    for r, u in raws:
        if r.source is None or u.doc is None:
            continue
        s, e = r.refers or r.source
        if not (u.start <= s and e <= u.end):
            continue
        span = u.doc.char_span(s - u.start, e - u.start, alignment_mode="expand")
        if span is None:
            continue
        words = span.text
        if any(c.isupper() for c in words) and words.strip().lower() not in _UNNAMED:
            out.append((u, span.start, span.end))
    return out


def _subjects(u: _Unit) -> list[tuple[_Unit, int, int]]:
    """The token spans of the capitalised sentence subjects of a parsed unit."""
    assert u.doc is not None
    return [
        (u, t.left_edge.i, t.i + 1)
        for t in u.doc
        if t.dep_ in ("nsubj", "nsubjpass")
        and any(x.is_title for x in t.doc[t.left_edge.i : t.i + 1])
    ]


def _find(p: _Plan, lex: Lexicon) -> list[tuple[Raw, _Unit]]:
    raws: list[tuple[Raw, _Unit]] = []
    para = -1
    for u in p.units:
        if u.para != para:
            para = u.para
            mine = [v for v in p.units if v.para == para]
            marks = [m for v in mine for m in v.marks]
            line = colon_line(p.body, u.start, mine[-1].end, marks, para == 0)
            if line is not None:
                raws.append((line, u))
        if u.doc is None:
            continue
        for r in attribute_unit(u.doc, u.start, u.marks, lex, p.body[u.start : u.end]):
            r.unit_start = u.start
            last, last_unit = raws[-1] if raws else (None, None)
            if r.cue is None and last and last.pending:
                raws.pop()
                r = Raw(
                    r.content,
                    last.cue,
                    last.source,
                    r.kind,
                    head=last.head,
                    refers=last.refers,
                    marks=r.marks,
                    unit_start=last.unit_start,
                    feats={**last.feats, "colon_next_unit": 1.0},
                )
                u = last_unit or u
            elif (
                r.cue is None
                and last
                and last_unit
                and last_unit.para == u.para
                and (
                    last.kind in ("direct", "dash")
                    # 'Rubio "apologized," Hannity said. "I think …"' is one attribution too
                    or (last.kind == "partial" and last.cue and last.content[-1][1] < last.cue[0])
                )
            ):
                # '"A," he said. "B."' is one attribution with two fragments
                last.content.extend(r.content)
                last.marks.extend(r.marks)
                last.feats["joined_next"] = 1.0
                continue
            raws.append((r, u))
    raws = [(r, u) for r, u in raws if not r.pending and r.content]
    # a quote left open at a paragraph end goes on in the next paragraph's quote
    out: list[tuple[Raw, _Unit]] = []
    for r, u in reversed(raws):
        nxt, nxt_unit = out[-1] if out else (None, None)
        if (
            r.cue is None
            and any(m.open_end for m in r.marks)
            and nxt
            and nxt_unit
            and nxt_unit.para == u.para + 1
            and nxt.kind in ("direct", "dash")
        ):
            nxt.content[:0] = r.content
            nxt.feats["joined_paragraph"] = 1.0
            continue
        out.append((r, u))
    return out[::-1]


def _resolve(
    p: _Plan,
    raws: list[tuple[Raw, _Unit]],
    pipes: _Pipes,
    options: QuoteOptions,
    keep: filter_mod.Filter | None = None,
) -> list[tuple[Quote, dict[str, float]]]:
    mentions: list[Mention] = []
    bindings = []
    for u in p.units:
        if u.doc is not None and (u.named or u.spotted):
            ms, bs = read_doc(u.doc, u.start, u.marks)
            mentions += ms
            bindings += bs
    starts = [u.start for u in p.units]

    def context(pos: int) -> list[Mention]:
        # parse, and spot the subjects of, the few units just before a pronoun: the
        # pronoun's antecedent is sought among sentence subjects
        i = max(k for k, s in enumerate(starts) if s <= pos) if starts[0] <= pos else 0
        found: list[Mention] = []
        for u in p.units[max(0, i - options.context_units) : i]:
            if u.doc is None or not (u.named or u.subjects):
                if u.doc is None:
                    pipes.parse([(mask(p.body, u), u)])
                pipes.spot(_subjects(u))
                u.subjects = True
                ms, _ = read_doc(u.doc, u.start, u.marks)
                known = {(m.start, m.end) for m in mentions}
                mentions.extend(m for m in ms if (m.start, m.end) not in known)
            found += [m for m in mentions if u.start <= m.start < u.end and m.subject]
        return found

    def more_bindings(pos: int, titles: frozenset[str]) -> list[Binding]:
        # parse and tag the earlier units not seen yet that mention one of the titles
        fresh = [
            u
            for u in p.units
            if u.start < pos
            and (u.doc is None or not u.named)
            and not titles.isdisjoint(re.findall(r"[a-z]+", p.body[u.start : u.end].lower()))
        ]
        pipes.parse([(mask(p.body, u), u) for u in fresh if u.doc is None])
        pipes.tag(fresh)
        found: list[Binding] = []
        for u in fresh:
            ms, bs = read_doc(u.doc, u.start, u.marks)
            mentions.extend(ms)
            found += bs
        return found

    def speak(
        todo: list[int], nested: frozenset[int] = frozenset(), look: bool = True
    ) -> list[tuple[Quote, dict[str, float], int]]:
        resolver = Resolver(
            p.body, mentions, bindings, context if look else None, more_bindings if look else None
        )
        out = []
        previous: Raw | None = None
        for k in sorted(todo, key=lambda k: (raws[k][0].source or raws[k][0].content[0])[0]):
            r, u = raws[k]
            source = r.source
            if source:
                speaker = resolver.resolve(r.refers or source, r.head, u.start)
                previous = r
            else:
                speaker = resolver.last(r.content[0][0])
                if previous is not None and r.cue is None:
                    # a floating quote: the last speaker's mention (a cue without a
                    # subject does not inherit one: on train that was wrong 9 times in 10)
                    source = previous.source
            content = tuple(sorted(r.content))
            feats = {
                **r.feats,
                **filter_mod.text_features(p.body, content, r.cue, source, r.kind, speaker),
            }
            if r.source is None and source is not None:
                feats["floating"] = 1.0
            quote = Quote(content, r.cue, source, r.kind, speaker, k in nested)
            out.append((quote, feats, k))
        out.sort(key=lambda qfk: qfk[0].content[0])
        _context_features([(q, f) for q, f, _ in out])
        return out

    # the first pass only feeds the filter: no parsing on demand for the antecedents of
    # candidates it may drop (on PolNeAR train the kept set is unchanged; ~4% faster)
    first = speak(list(range(len(raws))), look=keep is None)
    if keep is not None:
        # resolve again without the rejected candidates: a pronoun or a floating quote
        # must not inherit the speaker of something that is not an attribution
        probs = [keep.probability(f) for _, f, _ in first]
        chosen = filter_mod.select([q.content for q, _, _ in first], probs, keep.threshold)
        inner = filter_mod.nested(
            [(q.content_span, q.cue, q.source) for q, _, _ in first], probs, chosen, keep.threshold
        )
        picked = [k for (_, _, k), yes in zip(first, chosen, strict=True) if yes]
        inside = frozenset(k for (_, _, k), yes in zip(first, inner, strict=True) if yes)
        first = speak(picked + sorted(inside), inside)
    return [(q, f) for q, f, _ in first]


def _context_features(found: list[tuple[Quote, dict[str, float]]]) -> None:
    """How each candidate sits among the others: one nested in another's content is often
    a duplicate of it, or a belief inside someone's speech."""
    spans = [q.content_span for q, _ in found]
    order = sorted(range(len(found)), key=lambda i: spans[i])
    for n, i in enumerate(order):
        # sweep in start order: only the spans starting before this one ends can overlap
        for j in order[n + 1 :]:
            if spans[j][0] >= spans[i][1]:
                break
            if spans[j][1] > spans[i][0]:
                _pair(found[i], spans[i], found[j], spans[j])
                _pair(found[j], spans[j], found[i], spans[i])


def _pair(
    this: tuple[Quote, dict[str, float]],
    span: tuple[int, int],
    that: tuple[Quote, dict[str, float]],
    other_span: tuple[int, int],
) -> None:
    (q, feats), (other, ofeats) = this, that
    s, e = span
    os_, oe = other_span
    if os_ <= s and e <= oe:
        feats[f"inside_other={other.kind}"] = 1.0
        if "route=noun" in ofeats or "wide_cue" in ofeats:
            feats["inside_weak_other"] = 1.0
    elif s <= os_ and oe <= e:
        feats[f"contains_other={other.kind}"] = 1.0
    else:
        feats["crosses_other"] = 1.0
    if q.cue and other.cue and q.cue == other.cue:
        feats["shares_cue"] = 1.0
