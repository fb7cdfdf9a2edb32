"""Synthetic scale run for newsprism.corpus.speakers.canonical_speakers.

300k mentions of 30k made-up people (random ASCII names; 60% full names with kind PERSON,
20% "Mr. X", 20% bare surnames), people drawn with an exponential skew.

usage: python benchmarks/families/speakers_scale.py
"""

from __future__ import annotations

import random
import string
import time

from newsprism.corpus.speakers import SpeakerMention, canonical_speakers

N_MENTIONS = 300_000
N_PEOPLE = 30_000


def main() -> None:
    rng = random.Random(3)

    def name() -> str:
        return "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(4, 9)))

    firsts = [name().capitalize() for _ in range(3000)]
    lasts = [name().capitalize() for _ in range(20000)]
    people = [(rng.choice(firsts), rng.choice(lasts)) for _ in range(N_PEOPLE)]
    mentions = []
    for i in range(N_MENTIONS):
        first, last = people[min(int(rng.expovariate(1 / 3000)), len(people) - 1)]
        r = rng.random()
        text = f"{first} {last}" if r < 0.6 else (f"Mr. {last}" if r < 0.8 else last)
        mentions.append(SpeakerMention(text, "PERSON" if r < 0.6 else None, i))
    wall, cpu = time.perf_counter(), time.process_time()
    found = canonical_speakers(mentions)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    distinct = len({m.name for m in mentions})
    print(
        f"{len(mentions)} mentions, {distinct} distinct names -> {len(found.entities)} "
        f"entities in wall {wall:.2f}s, cpu {cpu:.2f}s"
    )
    t = time.perf_counter()
    hits = sum(found.resolve(m.name) is not None for m in mentions[:20000])
    print(f"resolve 20000: {time.perf_counter() - t:.2f}s, {hits} resolved")


if __name__ == "__main__":
    main()
