"""Quote attribution (who said what), per article, parsing only what needs parsing.

``find_quotes(body)`` returns the attributions of one cleaned body: direct quotes in any
marks, dialogue-dash quotes, partial quotes inside reported speech, indirect speech and
``according to``, each with content, cue and source spans and a within-article speaker.
Only sentence units that hold a quotation mark, a dialogue dash or a reporting-verb form
are parsed; a few more are parsed on demand when a pronoun needs an antecedent.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from spacy.language import Language
from spacy.tokens import Doc

from newsprism.analyse import nlp as nlp_mod
from newsprism.analyse.quotes.attribute import Raw, attribute_unit
from newsprism.analyse.quotes.lexicon import Lexicon, lexicon
from newsprism.analyse.quotes.marks import Mark, paragraphs, quote_marks, units
from newsprism.analyse.quotes.model import Quote
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


@dataclass(slots=True)
class _Unit:
    start: int
    end: int
    marks: list[Mark]
    candidate: bool
    para: int
    doc: Doc | None = None
    named: bool = False  # entities set on ``doc``


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


_UNNAMED = {"he", "she", "him", "her", "i", "we", "you", "they", "it", "who", "which", "that"}


@dataclass(frozen=True)
class _Pipes:
    """Parsing without NER for every candidate unit; NER, on the same Docs, only for the
    units whose attributions name a speaker."""

    nlp: Language

    def parse(self, jobs: list[tuple[str, _Unit]]) -> None:
        off = [p for p in ("ner",) if p in self.nlp.pipe_names]
        with self.nlp.select_pipes(disable=off):
            for doc, u in self.nlp.pipe(jobs, as_tuples=True):
                u.doc = doc

    def tag(self, units: list[_Unit]) -> None:
        todo = [u for u in units if u.doc is not None and not u.named]
        if "ner" in self.nlp.pipe_names and todo:
            # the NER of the small English models has its own embeddings: no tok2vec needed
            for _ in self.nlp.get_pipe("ner").pipe(u.doc for u in todo):
                pass
        for u in todo:
            u.named = True


def find_quotes(
    body: str, nlp: Language | None = None, options: QuoteOptions | None = None
) -> list[Quote]:
    """The attributions of one cleaned body, in text order.

    ``nlp`` needs a parser (default: the analysis pipeline, ``nlp.load(options.model)``).
    Candidate units are parsed with its NER off; its NER then runs only on the units whose
    attributions name a speaker, and on a few more when a pronoun or title needs them.
    """
    return next(find_quotes_many([body], nlp, options))


def find_quotes_many(
    bodies: Iterable[str], nlp: Language | None = None, options: QuoteOptions | None = None
) -> Iterator[list[Quote]]:
    """Attributions for each body, in order, parsing candidate units in batches."""
    options = options or QuoteOptions()
    pipes = _Pipes(nlp or nlp_mod.load(options.model))
    lex = lexicon(options.cue_threshold)
    it = iter(bodies)
    while batch := list(islice(it, options.batch_size)):
        plans = [plan(b, lex, options.parse_all) for b in batch]
        jobs = [(p.body[u.start : u.end], u) for p in plans for u in p.units if u.candidate]
        pipes.parse(jobs)
        found = [_find(p, lex) for p in plans]
        named = {id(u): u for raws in found for r, u in raws if _names_someone(_unit_text(u), r)}
        pipes.tag(list(named.values()))
        for p, raws in zip(plans, found, strict=True):
            yield _resolve(p, raws, pipes, options)


def _unit_text(u: _Unit) -> str:
    return u.doc.text if u.doc is not None else ""


def _names_someone(text: str, r: Raw) -> bool:
    """Whether an attribution's source needs entities to be named (not "he", "who")."""
    if r.source is None:
        return False
    s, e = r.refers or r.source
    return any(c.isupper() for c in text[s - r.unit_start : e - r.unit_start]) and (
        text[s - r.unit_start : e - r.unit_start].strip().lower() not in _UNNAMED
    )


def _find(p: _Plan, lex: Lexicon) -> list[tuple[Raw, _Unit]]:
    raws: list[tuple[Raw, _Unit]] = []
    for u in p.units:
        if u.doc is None:
            continue
        for r in attribute_unit(u.doc, u.start, u.marks, lex):
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
                )
                u = last_unit or u
            elif (
                r.cue is None
                and last
                and last_unit
                and last_unit.para == u.para
                and last.kind in ("direct", "dash")
            ):
                # '"A," he said. "B."' is one attribution with two fragments
                last.content.extend(r.content)
                last.marks.extend(r.marks)
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
            continue
        out.append((r, u))
    return out[::-1]


def _resolve(
    p: _Plan, raws: list[tuple[Raw, _Unit]], pipes: _Pipes, options: QuoteOptions
) -> list[Quote]:
    mentions: list[Mention] = []
    bindings = []
    for u in p.units:
        if u.doc is not None and u.named:
            ms, bs = read_doc(u.doc, u.start, u.marks)
            mentions += ms
            bindings += bs
    starts = [u.start for u in p.units]

    def context(pos: int) -> list[Mention]:
        # parse and tag, once, the few units just before a pronoun
        i = max(k for k, s in enumerate(starts) if s <= pos) if starts[0] <= pos else 0
        found: list[Mention] = []
        for u in p.units[max(0, i - options.context_units) : i]:
            if u.doc is None or not u.named:
                if u.doc is None:
                    pipes.parse([(p.body[u.start : u.end], u)])
                pipes.tag([u])
                ms, _ = read_doc(u.doc, u.start, u.marks)
                mentions.extend(ms)
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
        pipes.parse([(p.body[u.start : u.end], u) for u in fresh if u.doc is None])
        pipes.tag(fresh)
        found: list[Binding] = []
        for u in fresh:
            ms, bs = read_doc(u.doc, u.start, u.marks)
            mentions.extend(ms)
            found += bs
        return found

    resolver = Resolver(p.body, mentions, bindings, context, more_bindings)
    out = []
    previous: Raw | None = None
    for r, u in sorted(raws, key=lambda ru: (ru[0].source or ru[0].content[0])[0]):
        source = r.source
        if source:
            speaker = resolver.resolve(r.refers or source, r.head, u.start)
            previous = r
        else:
            speaker = resolver.last(r.content[0][0])
            if r.cue is None and previous is not None:
                source = previous.source  # a floating quote: the last speaker's mention
        out.append(Quote(tuple(sorted(r.content)), r.cue, source, r.kind, speaker))
    out.sort(key=lambda q: q.content[0])
    return out
