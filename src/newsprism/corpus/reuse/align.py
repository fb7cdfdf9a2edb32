"""Local alignment of a candidate pair into character spans on both sides.

Seeds are sentence pairs whose sketches collided. A seed is kept if the two sentences
really share their content words; kept pairs are extended to neighbouring sentences
(light and heavy rewrites swap adjacent sentences, so neighbours within two on either
side are tried), matched one-to-one, and grouped into runs that are contiguous on both
sides. Each run becomes one passage: the span from its first to its last sentence.

A run must then be evidence of copying, not of two writers covering the same facts; see
:func:`_is_copy` for the rules.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from .shingles import Unit


@dataclass(frozen=True, slots=True)
class Passage:
    """An aligned passage: spans into the two texts, sentences matched, words shared."""

    a_span: tuple[int, int]
    b_span: tuple[int, int]
    sentences: int
    shared: int
    score: float  # mean Jaccard of the matched sentences


@dataclass(frozen=True, slots=True)
class AlignParams:
    """Thresholds of :func:`align`, tuned on the shared benchmark's dev corpus; "words"
    are distinct content-word prefixes (see ``shingles.content_words``)."""

    seed_min: float = 0.55  # Jaccard a colliding sentence pair needs to be kept
    seed_shared: int = 5  # ... and this many shared content words
    ext_min: float = 0.34  # Jaccard for a neighbour of a kept pair
    ext_shared: int = 2
    run_shared: int = 7  # words a passage must share in all ...
    exact_shared: int = 5  # ... or this many if every matched sentence is word-identical
    whole_shared: int = 4  # ... or this many if that covers one whole (tiny) article
    reach: int = 2  # how far from a kept pair neighbours are tried
    gap: int = 2  # largest step between matched sentences within one run
    # see _is_copy; these count all words (function words too), not content words
    verbatim: int = 8  # words in a row, identical on both sides, that show copying
    min_line: int = 8  # words a passage of one verbatim sentence needs
    same_story: float = 0.25  # overlap of two articles' other sentences: same-story coverage


def _word_sets(us: Sequence[Unit]) -> list[frozenset[int]]:
    """The content words of each sentence (lazily stored documents build only those)."""
    sets = getattr(us, "word_sets", None)
    return sets() if sets is not None else [u.words for u in us]


def _word_set(us: Sequence[Unit]):
    """A function from a sentence's index to its content words."""
    one = getattr(us, "word_set", None)
    return one if one is not None else (lambda i: us[i].words)


def _sim(a: frozenset[int], b: frozenset[int]) -> tuple[float, int]:
    n = len(a & b)
    if not n:
        return 0.0, 0
    return n / (len(a) + len(b) - n), n


def keeps_seed(s: float, n: int, p: AlignParams) -> bool:
    """Whether a colliding sentence pair with Jaccard ``s`` and ``n`` shared words is a seed."""
    return s >= p.seed_min and (n >= p.seed_shared or (s == 1.0 and n >= p.whole_shared))


def seed_mask(shared: np.ndarray, union: np.ndarray, p: AlignParams) -> np.ndarray:
    """:func:`keeps_seed` for many pairs at once, from their shared and union word counts
    (int arrays): the index rejects most candidates with it before :func:`align` is
    called. ``n / union`` is the same float division as in ``_sim``, so the two agree."""
    s = shared / np.maximum(union, 1)
    whole = (shared == union) & (union > 0) & (shared >= p.whole_shared)
    return (s >= p.seed_min) & ((shared >= p.seed_shared) | whole)


def align(
    a: Sequence[Unit],
    b: Sequence[Unit],
    seeds: Iterable[tuple[int, int]],
    params: AlignParams = AlignParams(),
) -> list[Passage]:
    """Passages shared by the sentence lists ``a`` and ``b``, from seed pairs ``(i, j)``."""
    p = params
    scored: dict[tuple[int, int], tuple[float, int]] = {}
    frontier = []
    word_a, word_b = _word_set(a), _word_set(b)
    for i, j in seeds:
        s, n = _sim(word_a(i), word_b(j))
        if keeps_seed(s, n, p):
            scored[(i, j)] = (s, n)
            frontier.append((i, j))
    if not scored:
        return []
    # from here on every sentence's words may be looked at, many times: plain lists
    # (an indexed document's sentences come lazily, see ReuseIndex.units)
    wa, wb = _word_sets(a), _word_sets(b)
    len_a, len_b = len(wa), len(wb)
    # the hot loop of alignment: _sim inlined, pairs seen kept as ints, sizes looked up
    reach, ext_min, ext_shared = p.reach, p.ext_min, p.ext_shared
    size_b = [len(w) for w in wb]
    seen = {x * len_b + y for x, y in scored}
    while frontier:
        i, j = frontier.pop()
        y0, y1 = max(0, j - reach), min(len_b, j + reach + 1)
        for x in range(max(0, i - reach), min(len_a, i + reach + 1)):
            ax = wa[x]
            size_x = len(ax)
            row = x * len_b
            for y in range(y0, y1):
                if row + y in seen:
                    continue
                seen.add(row + y)
                by = wb[y]
                size_y = size_b[y]
                n = len(ax & by)
                s = n / (size_x + size_y - n) if n else 0.0
                short = size_x if size_x < size_y else size_y
                need = ext_shared if ext_shared < short else short
                if (s >= ext_min and n >= need) or (short and ax == by):
                    scored[(x, y)] = (s, n)
                    frontier.append((x, y))
    # one-to-one, best first
    used_a: set[int] = set()
    used_b: set[int] = set()
    matches = []
    for (i, j), (s, n) in sorted(scored.items(), key=lambda kv: (-kv[1][0], kv[0])):
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        matches.append((i, j, s, n))
    matches.sort()
    runs: list[list[tuple[int, int, float, int]]] = []
    for m in matches:
        if runs and m[0] - runs[-1][-1][0] <= p.gap and abs(m[1] - runs[-1][-1][1]) <= p.gap + 1:
            runs[-1].append(m)
        else:
            runs.append([m])
    n_a = sum(1 for w in wa if w)
    n_b = sum(1 for w in wb if w)
    background = _Background(wa, wb, matches)
    out = []
    for run in runs:
        if not _is_copy(run, a, b, len(run) in (n_a, n_b), background, p):
            continue
        ii = [m[0] for m in run]
        jj = [m[1] for m in run]
        out.append(
            Passage(
                (a[min(ii)].start, a[max(ii)].end),
                (b[min(jj)].start, b[max(jj)].end),
                len(run),
                sum(m[3] for m in run),
                sum(m[2] for m in run) / len(run),
            )
        )
    return out


Match = tuple[int, int, float, int]  # sentence of a, sentence of b, Jaccard, shared words


def _is_copy(
    run: list[Match],
    a: Sequence[Unit],
    b: Sequence[Unit],
    whole: bool,
    background: _Background,
    p: AlignParams,
) -> bool:
    """Whether an aligned run is evidence that one text was copied from the other.

    Two kinds of evidence: word order (a run of ``verbatim`` words identical on both
    sides rarely arises by chance; shorter runs are still mostly names and set phrases,
    "at the Democratic National Convention in Philadelphia") and overlap of content
    words over several sentences. What two articles share *without* copying is short or
    single:
      * formula lines ("Follow X on Twitter @x", "Copyright 2016 Wash Post.", "Share
        this:", "Click to share on Facebook") recur verbatim across an outlet's articles,
        alone or several in a row, so a run of verbatim sentences needs one of at least
        ``min_line`` words, unless it is the whole of one article (a brief);
      * two reports of one event state the same fact with the same names, numbers and
        roles ("Assistant general manager Tony DiLeo was appointed coach for the rest of
        the season" / "Stefanski named assistant general manager Tony DiLeo coach for the
        rest of the season"), so one sentence that matches only by its content words,
        with no verbatim run, is accepted only between articles that do not otherwise
        cover the same story: less than ``same_story`` of the content words of the
        smaller one's other sentences may occur in the other's (see :class:`_Background`).
        A reworded copy of a single sentence into a same-story article is lost by this;
        reworded copies of two or more sentences are not.
    """
    shared = sum(m[3] for m in run)
    exact = all(m[2] == 1.0 for m in run)
    need = (p.whole_shared if whole else p.exact_shared) if exact else p.run_shared
    if shared < min(need, p.run_shared):
        return False
    if whole:
        return True
    if exact:
        return any(min(len(a[i].tokens), len(b[j].tokens)) >= p.min_line for i, j, *_ in run)
    if len(run) > 1:
        return True
    ta, tb = a[run[0][0]].tokens, b[run[0][1]].tokens
    return _shares_run(ta, tb, p.verbatim) or background() < p.same_story


def _shares_run(x: tuple[int, ...], y: tuple[int, ...], k: int) -> bool:
    """Whether ``x`` and ``y`` have ``k`` consecutive tokens in common."""
    if min(len(x), len(y)) < k:
        return False
    grams = {x[i : i + k] for i in range(len(x) - k + 1)}
    return any(y[i : i + k] in grams for i in range(len(y) - k + 1))


class _Background:
    """How much two articles share besides the aligned text: of the content words of the
    sentences outside every match, the share of the smaller set found in the larger.
    Containment rather than Jaccard, so that a short brief and a long report of the
    same event count as the same story. Computed on first call, as few runs need it."""

    def __init__(
        self, a: Sequence[frozenset[int]], b: Sequence[frozenset[int]], matches: list[Match]
    ) -> None:
        self._args = (a, b, matches)
        self._value: float | None = None

    def __call__(self) -> float:
        if self._value is None:
            a, b, matches = self._args
            in_a = {m[0] for m in matches}
            in_b = {m[1] for m in matches}
            wa = set().union(*(w for i, w in enumerate(a) if i not in in_a))
            wb = set().union(*(w for j, w in enumerate(b) if j not in in_b))
            small = min(len(wa), len(wb))
            self._value = len(wa & wb) / small if small else 0.0
        return self._value
