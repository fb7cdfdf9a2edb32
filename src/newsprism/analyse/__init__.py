"""Per-article analysis: pure functions of one article, so the same code runs in one
process, in a process pool, or inside Spark's ``mapPartitions``.

Analysis v1 is: clean the text, identify languages, then split sentences and find
named entities with spaCy. Every span it returns points into the cleaned body.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from newsprism.analyse import lang, nlp
from newsprism.analyse.parse import parse_bodies
from newsprism.clean import CleanOptions, clean
from newsprism.clean.templates import SiteTemplates
from newsprism.model import Analysis, Article

__all__ = ["AnalyseOptions", "analyse", "analyse_many"]


@dataclass(frozen=True)
class AnalyseOptions:
    """Settings of analysis v1; plain data, so they travel to worker processes."""

    model: str | None = None  # spaCy pipeline name; None = NEWSPRISM_SPACY_MODEL or the default
    batch_size: int = 32  # articles cleaned and parsed together
    clean: CleanOptions = field(default_factory=CleanOptions)


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
        for c, (code, score, spans), (sentences, entities) in zip(
            cleaned, languages, parsed, strict=True
        ):
            yield Analysis(
                cleaned=c,
                language=code,
                language_score=score,
                languages=spans,
                sentences=sentences,
                entities=entities,
            )
