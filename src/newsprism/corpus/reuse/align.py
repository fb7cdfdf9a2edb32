"""Local alignment of a candidate pair into character spans on both sides.

Seeds are sentence pairs whose sketches collided. A seed is kept if the two sentences
really share their content words; kept pairs are extended to neighbouring sentences
(light and heavy rewrites swap adjacent sentences, so neighbours within two on either
side are tried), matched one-to-one, and grouped into runs that are contiguous on both
sides. Each run becomes one passage: the span from its first to its last sentence.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

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


def _sim(a: frozenset[str], b: frozenset[str]) -> tuple[float, int]:
    n = len(a & b)
    if not n:
        return 0.0, 0
    return n / (len(a) + len(b) - n), n


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
    for i, j in seeds:
        s, n = _sim(a[i].words, b[j].words)
        if s >= p.seed_min and (n >= p.seed_shared or (s == 1.0 and n >= p.whole_shared)):
            scored[(i, j)] = (s, n)
            frontier.append((i, j))
    if not scored:
        return []
    seen = set(scored)
    while frontier:
        i, j = frontier.pop()
        for di in range(-p.reach, p.reach + 1):
            for dj in range(-p.reach, p.reach + 1):
                x, y = i + di, j + dj
                if (x, y) in seen or not (0 <= x < len(a) and 0 <= y < len(b)):
                    continue
                seen.add((x, y))
                s, n = _sim(a[x].words, b[y].words)
                short = min(len(a[x].words), len(b[y].words))
                if (s >= p.ext_min and n >= min(p.ext_shared, short)) or (
                    short and a[x].words == b[y].words
                ):
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
    # short identical lines ("Outlet | Top Stories") recur by chance; accept them only
    # when they are all there is of one of the articles (a republished brief)
    n_a = sum(1 for u in a if u.words)
    n_b = sum(1 for u in b if u.words)
    out = []
    for run in runs:
        shared = sum(m[3] for m in run)
        if all(m[2] == 1.0 for m in run):
            need = p.whole_shared if len(run) in (n_a, n_b) else p.exact_shared
        else:
            need = p.run_shared
        if shared < min(need, p.run_shared):
            continue
        ii = [m[0] for m in run]
        jj = [m[1] for m in run]
        out.append(
            Passage(
                (a[min(ii)].start, a[max(ii)].end),
                (b[min(jj)].start, b[max(jj)].end),
                len(run),
                shared,
                sum(m[2] for m in run) / len(run),
            )
        )
    return out
