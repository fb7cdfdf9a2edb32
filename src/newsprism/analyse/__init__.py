"""Per-article analysis: pure functions of one article, so the same code runs in one
process, in a process pool, or inside Spark's ``mapPartitions``.

Analysis v2 is: clean the text, identify languages, split sentences and find named
entities with spaCy, find who said what (quotes, with within-article speakers), and date
the article and the date expressions it holds. Every span it returns points into the
cleaned body. Corpus-wide work (canonical speakers, stories, reuse) happens later, in
``newsprism.corpus``, over the stored results.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from itertools import islice

from newsprism.analyse import lang, nlp
from newsprism.analyse.dates import ArticleDates, article_dates
from newsprism.analyse.parse import parse_bodies
from newsprism.analyse.quotes import Quote, QuoteOptions, find_quotes_many
from newsprism.clean import CleanOptions, clean
from newsprism.clean.templates import SiteTemplates
from newsprism.model import ESTIMATE, Analysis, Article, Cleaned, Span

__all__ = ["FRAGMENT_JOIN", "AnalyseOptions", "analyse", "analyse_many"]

#: Joins the fragments of a quote broken by its attribution in a stored quote's "text".
FRAGMENT_JOIN = " … "


@dataclass(frozen=True)
class AnalyseOptions:
    """Settings of analysis v2; plain data, so they travel to worker processes."""

    model: str | None = None  # spaCy pipeline name; None = NEWSPRISM_SPACY_MODEL or the default
    batch_size: int = 32  # articles cleaned and parsed together
    clean: CleanOptions = field(default_factory=CleanOptions)
    quotes: QuoteOptions = field(default_factory=QuoteOptions)


def analyse(
    article: Article, options: AnalyseOptions | None = None, templates: SiteTemplates | None = None
) -> Analysis:
    """Analyse one article."""
    return next(analyse_many([article], options, templates))


def analyse_many(
    articles: Iterable[Article],
    options: AnalyseOptions | None = None,
    templates: SiteTemplates | None = None,
) -> Iterator[Analysis]:
    """Analyse articles in order, one ``Analysis`` per article, streaming in batches.

    ``templates`` are the site templates learned from the corpus so far: lines that recur
    across an outlet's pages are cleaned away as furniture."""
    options = options or AnalyseOptions()
    english = nlp.load(options.model)
    it = iter(articles)
    while batch := list(islice(it, options.batch_size)):
        cleaned = [
            clean(a, options.clean, templates.view(a.outlet) if templates else None) for a in batch
        ]
        languages = [lang.detect_languages(c.body) for c in cleaned]
        # English pipelines tag English text only; other bodies get sentences, no entities,
        # until a stage for their language exists.
        parsed = parse_bodies(
            [c.body for c in cleaned],
            [code in (None, "en") for code, _, _ in languages],
            english,
            nlp.sentencizer(),
        )
        english_bodies = [
            c.body
            for c, (code, _, _) in zip(cleaned, languages, strict=True)
            if code in (None, "en")
        ]
        found = iter(find_quotes_many(english_bodies, english, options.quotes))
        for a, c, (code, score, spans), (sentences, entities) in zip(
            batch, cleaned, languages, parsed, strict=True
        ):
            quotes = next(found) if code in (None, "en") else []
            dated = _dates(a, c)
            yield Analysis(
                cleaned=c,
                language=code,
                language_score=score,
                languages=spans,
                sentences=sentences,
                entities=entities,
                quotes=[quote_span(q, c.body, entities) for q in quotes],
                dates=dated.mentions,
                published=None
                if dated.published is None or dated.source == (a.published_source or "metadata")
                else {
                    "date": dated.published,
                    "source": dated.source,
                    "confidence": dated.confidence,
                    "note": dated.note,
                },
            )


def _dates(article: Article, cleaned: Cleaned) -> ArticleDates:
    if article.published_source == ESTIMATE:  # our own earlier guess: guess again
        article = replace(article, published=None, published_source=None)
    # A date line the cleaner took out of the text counts as the article's own date.
    if not article.published and cleaned.found.get("published"):
        article = replace(
            article, published=cleaned.found["published"], published_source="dateline"
        )
    return article_dates(article, cleaned.body)


def quote_span(q: Quote, body: str, entities: Sequence[Span] = ()) -> Span:
    """A quote as a stored span: it covers the content, its label is the kind, and
    ``speaker_kind`` is the entity label the article most often gives the speaker's name
    ("PERSON" for a pronoun), for the corpus-wide speaker resolution."""
    start, end = q.content_span
    kind = None
    if q.source and body[q.source[0] : q.source[1]].strip().lower() in ("he", "she"):
        kind = "PERSON"
    elif q.speaker:
        names = (body[x.start : x.end].strip() for x in entities)
        labels = Counter(
            x.label
            for x, name in zip(entities, names, strict=True)
            if name and (name == q.speaker or q.speaker.endswith(" " + name))
        )
        kind = labels.most_common(1)[0][0] if labels else None
    return Span(
        start,
        end,
        q.kind,
        {
            "content": [list(c) for c in q.content],
            "cue": list(q.cue) if q.cue else None,
            "source": list(q.source) if q.source else None,
            "speaker": q.speaker,
            "source_text": body[q.source[0] : q.source[1]] if q.source else None,
            "speaker_kind": kind,
            "text": FRAGMENT_JOIN.join(body[s:e] for s, e in q.content),
        },
    )
