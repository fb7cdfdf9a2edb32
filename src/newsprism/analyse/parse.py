"""Sentences and named entities from spaCy, as spans into the body.

Bodies are parsed in pieces of at most ``nlp.MAX_DOC_CHARS`` cut at paragraph breaks, and
a sentence never runs across a blank line: spaCy sometimes glues a short line, such as a
headline in another language, to the paragraph after it.
"""

from __future__ import annotations

import re

from spacy.language import Language

from newsprism.analyse.nlp import MAX_DOC_CHARS
from newsprism.model import Span

_BREAK = re.compile(r"\n\s*\n")


def pieces(body: str, limit: int = MAX_DOC_CHARS) -> list[tuple[int, str]]:
    """``body`` cut into ``(offset, text)`` pieces of at most ``limit`` characters,
    at paragraph breaks where possible."""
    out: list[tuple[int, str]] = []
    start = 0
    while len(body) - start > limit:
        cut = body.rfind("\n\n", start, start + limit)
        if cut <= start:
            cut = body.rfind(" ", start, start + limit)
        if cut <= start:
            cut = start + limit
        out.append((start, body[start:cut]))
        start = cut
    out.append((start, body[start:]))
    return out


def split_at_breaks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``(start, end)`` split at blank lines, trimmed of surrounding whitespace."""
    out = []
    pos = start
    for m in _BREAK.finditer(text, start, end):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, end))
    trimmed = []
    for s, e in out:
        chunk = text[s:e]
        s += len(chunk) - len(chunk.lstrip())
        e -= len(chunk) - len(chunk.rstrip())
        if e > s:
            trimmed.append((s, e))
    return trimmed


def parse_bodies(
    bodies: list[str], tag_entities: list[bool], english: Language, sentencizer: Language
) -> list[tuple[list[Span], list[Span]]]:
    """Sentences and entities for each body; entities only where ``tag_entities`` is true."""
    jobs: dict[bool, list[tuple[str, tuple[int, int]]]] = {True: [], False: []}
    for i, (body, full) in enumerate(zip(bodies, tag_entities, strict=True)):
        for offset, text in pieces(body):
            jobs[full].append((text, (i, offset)))
    sentences: list[list[Span]] = [[] for _ in bodies]
    entities: list[list[Span]] = [[] for _ in bodies]
    for full, pipeline in ((True, english), (False, sentencizer)):
        for doc, (i, offset) in pipeline.pipe(jobs[full], as_tuples=True):
            body = bodies[i]
            for sent in doc.sents:
                for s, e in split_at_breaks(body, offset + sent.start_char, offset + sent.end_char):
                    sentences[i].append(Span(s, e, "sentence"))
            for ent in doc.ents:
                s, e = offset + ent.start_char, offset + ent.end_char
                entities[i].append(Span(s, e, ent.label_, {"text": body[s:e]}))
    return list(zip(sentences, entities, strict=True))
