"""Synthetic scale run for newsprism.corpus.families.quote_families.

Makes N quote records: base statements (function words from spaCy's English stop list,
content words Zipf-distributed over a 40k made-up vocabulary) rendered in 1-8 articles each,
verbatim, lightly edited (1-3 words replaced, dropped or inserted), cut to a quoted phrase
inside a paraphrase, or truncated; plus unique one-off quotes. Reports grouping time, peak
RSS and pair precision/recall against the generator's truth (records of one base).

usage: python benchmarks/families/scale.py N [N ...]
"""

from __future__ import annotations

import random
import resource
import sys
import time
from collections import defaultdict
from itertools import combinations

from spacy.lang.en.stop_words import STOP_WORDS

from newsprism.corpus.families import QuoteRecord, quote_families

FUNC = sorted(w for w in STOP_WORDS if w.isalpha())
SYL = ["ka", "to", "ri", "mo", "sen", "lar", "vek", "pa", "du", "nor", "bel", "is", "tra", "gon"]


def vocab(rng: random.Random, n: int) -> list[str]:
    words = set()
    while len(words) < n:
        words.add("".join(rng.choice(SYL) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def make(n: int, seed: int = 7) -> tuple[list[QuoteRecord], list[int]]:
    rng = random.Random(seed)
    words = vocab(rng, 40_000)
    weights = [1 / (r + 1) ** 1.05 for r in range(len(words))]
    cum = []
    total = 0.0
    for w in weights:
        total += w
        cum.append(total)

    def content(k: int) -> list[str]:
        return rng.choices(words, cum_weights=cum, k=k)

    def sentence() -> list[str]:
        toks = []
        for c in content(rng.randint(4, 14)):
            toks += [*rng.sample(FUNC, rng.randint(0, 2)), c]
        return toks

    records: list[QuoteRecord] = []
    truth: list[int] = []
    base = 0
    article = 0
    while len(records) < n:
        toks = sentence()
        copies = 1 if rng.random() < 0.3 else min(8, 1 + int(rng.expovariate(0.5)))
        for _ in range(copies):
            r = rng.random()
            t = list(toks)
            if r < 0.4:
                pass
            elif r < 0.8:
                for _ in range(rng.randint(1, 3)):
                    i = rng.randrange(len(t))
                    op = rng.random()
                    if op < 0.4:
                        t[i] = content(1)[0]
                    elif op < 0.7 and len(t) > 4:
                        del t[i]
                    else:
                        t.insert(i, rng.choice(FUNC))
            elif r < 0.9:
                i = rng.randrange(max(1, len(t) - 5))
                part = t[i : i + rng.randint(3, 6)]
                t = [*content(3), "said", "that", "“", *part, "”", *content(2)]
            else:
                t = t[: max(4, len(t) * 2 // 3)]
            text = " ".join(t).replace("“ ", "“").replace(" ”", "”").capitalize() + "."
            article += rng.randint(1, 3)
            records.append(
                QuoteRecord(
                    f"art{article}", f"outlet{article % 200}", None, None, text, (0, len(text))
                )
            )
            truth.append(base)
        base += 1
    return records[:n], truth[:n]


def score(records, truth, families) -> tuple[float, float, int]:
    index = {id(r): i for i, r in enumerate(records)}
    found = set()
    for f in families:
        ids = sorted(index[id(m.record)] for m in f.members)
        found.update(combinations(ids, 2))
    by_base = defaultdict(list)
    for i, b in enumerate(truth):
        by_base[b].append(i)
    gold = {p for ids in by_base.values() for p in combinations(ids, 2)}
    tp = len(found & gold)
    return tp / max(1, len(found)), tp / max(1, len(gold)), len(gold)


def main() -> None:
    for n in map(int, sys.argv[1:]):
        records, truth = make(n)
        t, c = time.perf_counter(), time.process_time()
        families = quote_families(records)
        dt, cpu = time.perf_counter() - t, time.process_time() - c
        p, r, g = score(records, truth, families)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"n={n} families={len(families)} wall={dt:.2f}s cpu={cpu:.2f}s "
            f"rate={n / cpu:,.0f} quotes/cpu-s "
            f"peak_rss={rss:.0f}MiB pair_precision={p:.3f} pair_recall={r:.3f} gold_pairs={g}"
        )


if __name__ == "__main__":
    main()
