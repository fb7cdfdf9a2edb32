"""Adding a few articles to a large story store: merging around them against merging all.

    .venv/bin/python benchmarks/stories/incremental.py [--sizes 11109 100000] [--new 5]

What ``newsprism analyze`` does when articles arrive in a store that has stories: place them
online, then run the merge passes. A state of N GoogleNews titles (synthetic copies above
11,109, as in ``run.py``) is built the way the corpus stage builds one (online ``add_many`` in
batches, then one merge over everything); then ``--new`` held-out titles arrive, one at a
time, and each is followed by the merge passes either around the stories it joined
(``merge_stories(touched=...)``, what the stage runs) or over the whole state (what it ran
before), each on its own copy of the state. Wall seconds per arrival, both in one process, so
the ratio is measured side by side.
"""

from __future__ import annotations

import argparse
import copy
import json
import time
from pathlib import Path

from run import BATCH, BENCH, synthetic

from newsprism.corpus.stories.cluster import StoryClusterer
from newsprism.corpus.stories.merge import merge_stories


def build(docs: list[dict]) -> StoryClusterer:
    state = StoryClusterer()
    for start in range(0, len(docs), BATCH):
        chunk = docs[start : start + BATCH]
        state.add_many((str(d["id"]), d["title"], d["title"], None) for d in chunk)
    merge_stories(state)
    return state


def arrive(state: StoryClusterer, doc: dict, local: bool) -> tuple[float, int]:
    """Seconds to place one article and merge after it; and the merges made."""
    t0 = time.perf_counter()
    sid = state.add(str(doc["id"]), doc["title"], doc["title"])
    merged = merge_stories(state, touched={sid} if local else None)
    return time.perf_counter() - t0, merged


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="*", default=[11109, 100000])
    ap.add_argument("--new", type=int, default=5)
    ap.add_argument("--out", type=Path, default=None)
    a = ap.parse_args()
    rows = []
    for n in a.sizes:
        docs = synthetic(n + a.new)
        t0 = time.perf_counter()
        state = build(docs[:n])
        built = time.perf_counter() - t0
        local, whole = copy.deepcopy(state), state
        for i, doc in enumerate(docs[n:]):
            doc = doc | {"id": f"new-{i}"}
            t_local, m_local = arrive(local, doc, True)
            t_whole, m_whole = arrive(whole, doc, False)
            row = {
                "articles": n,
                "arrival": i,
                "build_s": round(built, 1),
                "local_s": round(t_local, 3),
                "whole_s": round(t_whole, 3),
                "ratio": round(t_whole / t_local, 1),
                "merges_local": m_local,
                "merges_whole": m_whole,
            }
            print(row, flush=True)
            rows.append(row)
    if a.out:
        a.out.write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    print(f"inputs: {BENCH.name}/googlenews-titles.jsonl (synthetic copies above 11,109)")


if __name__ == "__main__":
    main()
