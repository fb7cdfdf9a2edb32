"""Story clustering: quality on ECB+ dev and GoogleNews titles, and speed against a baseline.

    .venv/bin/python benchmarks/stories/run.py [--sizes 10000 30000 100000]
        [--agglo-sizes 1000 5000 11109] [--out benchmarks/stories/results.json]

Quality: each set goes through the bench adapter (``newsprism.bench.stories.run``, the same code
as ``newsprism bench stories``) and the shared scorer; a second row scores the narrative level
(each article labelled with its story's narrative) against the same gold, for information.
Speed: every measurement runs in a fresh child process, which reports wall seconds and its
peak RSS (``ru_maxrss``): ours (online clustering, one pass, articles arriving in batches of
``BATCH`` for the sentence encoder; the seconds spent encoding are reported too) and
scikit-learn's agglomerative baseline exactly as in the shared ``baselines.py`` (TF-IDF,
average link, cosine, cut at 0.80), at the sizes it can handle. Inputs above 11,109 are
synthetic: GoogleNews titles repeated with fresh ids, each copy with one word dropped at
random (seeded), then shuffled; stated in the results.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BENCH = ROOT.parent / "shared" / "bench" / "stories"
KEYS = ("bcubed_p", "bcubed_r", "bcubed_f1", "nmi", "nmi_geometric", "ari")


def load(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def synthetic(n: int, seed: int = 0) -> list[dict]:
    """``n`` GoogleNews-like titles: the originals, then perturbed copies with fresh ids."""
    base = load(BENCH / "googlenews-titles.jsonl")
    rng = random.Random(seed)
    out = []
    for i in range(n):
        d = base[i % len(base)]
        words = d["title"].split()
        if i >= len(base) and len(words) > 2:
            words.pop(rng.randrange(len(words)))
        t = " ".join(words)
        out.append({"id": f"s{i}", "title": t, "text": t, "gold_story": d["gold_story"]})
    rng.shuffle(out)
    return out


def quality(name: str) -> dict:
    sys.path.insert(0, str(BENCH))
    from score_stories import load_gold, load_pred, score

    from newsprism.bench.stories import run

    gold_path = BENCH / f"{name}.jsonl"
    pred_path = Path("/tmp") / f"newsprism-stories-{name}.pred.jsonl"
    t0 = time.perf_counter()
    n = run(gold_path, pred_path)
    secs = time.perf_counter() - t0
    m = score(load_gold(gold_path), load_pred(pred_path))
    row = {k: round(m[k], 4) for k in KEYS}
    row.update(
        n_pred=m["n_pred_clusters"],
        n_gold=m["n_gold_clusters"],
        docs=n,
        seconds=round(secs, 2),
    )
    return row


def narrative_quality(name: str) -> dict:
    """The looser level scored against the same gold: each article takes its story's
    narrative. Not a target; it shows which level a gold set's grouping is closer to."""
    sys.path.insert(0, str(BENCH))
    from score_stories import load_gold, score

    from newsprism.bench.stories import PASSES
    from newsprism.corpus.stories import Item, cluster, narratives

    gold_path = BENCH / f"{name}.jsonl"
    docs = load(gold_path)
    items = [Item(str(d["id"]), d.get("title") or "", d.get("text") or "") for d in docs]
    state = cluster(items, passes=PASSES)
    thread = narratives(state)
    m = score(load_gold(gold_path), {k: thread[v] for k, v in state.labels().items()})
    row = {k: round(m[k], 4) for k in KEYS}
    row.update(n_pred=m["n_pred_clusters"], n_gold=m["n_gold_clusters"], docs=len(docs))
    return row


#: Articles per ``add_many`` call in the timed stream: a feed delivers them in small batches,
#: and the sentence encoder costs several times more called per article.
BATCH = 256


class _Timed:
    """The sentence encoder, adding up the seconds spent in it."""

    def __init__(self, inner) -> None:
        self.inner, self.seconds = inner, 0.0

    def encode(self, texts: list[str]):
        t0 = time.perf_counter()
        try:
            return self.inner.encode(texts)
        finally:
            self.seconds += time.perf_counter() - t0


def worker(method: str, n: int) -> dict:
    """One timed run in this (fresh) process."""
    docs = synthetic(n) if n > 11109 else load(BENCH / "googlenews-titles.jsonl")[:n]
    sys.path.insert(0, str(BENCH))
    from score_stories import score

    # Imports before the clock; each method loads only what it needs, so RSS is its own.
    if method == "ours":
        from newsprism.corpus.encoder import load_encoder
        from newsprism.corpus.stories import StoryClusterer

        encoder = _Timed(load_encoder())
    else:
        from baselines import agglo_cut, agglo_tree, vectorize

    t0 = time.perf_counter()
    if method == "ours":
        state = StoryClusterer(encoder=encoder)
        for k in range(0, len(docs), BATCH):
            state.add_many((d["id"], d["title"], d["text"], None) for d in docs[k : k + BATCH])
        labels = [state.story_of[d["id"]] for d in docs]
        t_last = time.perf_counter()
        state.add("one-more", docs[0]["title"], docs[0]["text"])
        one_more = time.perf_counter() - t_last
    else:
        labels = list(agglo_cut(agglo_tree(vectorize(docs)), 0.80))
        one_more = None
        encoder = None
    secs = time.perf_counter() - t0
    m = score(
        {d["id"]: d["gold_story"] for d in docs},
        dict(zip([d["id"] for d in docs], labels, strict=True)),
    )
    return {
        "method": method,
        "n": n,
        "synthetic": n > 11109,
        "seconds": round(secs, 2),
        "articles_per_s": round(n / secs, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "add_one_more_ms": round(one_more * 1000, 2) if one_more is not None else None,
        "encode_s": round(encoder.seconds, 2) if encoder is not None else None,
        "bcubed_f1": round(m["bcubed_f1"], 4),
        "n_pred": m["n_pred_clusters"],
    }


def timed(method: str, n: int) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--worker", method, str(n)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def table(results: dict) -> str:
    lines = [
        "| set | B3 P | B3 R | B3 F1 | NMI geo | ARI | pred / gold | time |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, r in results["quality"].items():
        lines.append(
            f"| {name} | {r['bcubed_p']:.3f} | {r['bcubed_r']:.3f} | **{r['bcubed_f1']:.3f}** | "
            f"{r['nmi_geometric']:.3f} | {r['ari']:.3f} | {r['n_pred']} / {r['n_gold']} | "
            f"{r['seconds']:.1f} s |"
        )
    for name, r in results.get("narratives", {}).items():
        lines.append(
            f"| {name}, narrative level (not the target) | {r['bcubed_p']:.3f} | "
            f"{r['bcubed_r']:.3f} | {r['bcubed_f1']:.3f} | {r['nmi_geometric']:.3f} | "
            f"{r['ari']:.3f} | {r['n_pred']} / {r['n_gold']} | - |"
        )
    lines += [
        "",
        "| method | articles | synthetic | seconds | articles/s | peak RSS MB | "
        "one more article | of which encoder s | B3 F1 | clusters |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results["speed"]:
        one = f"{r['add_one_more_ms']:.1f} ms" if r["add_one_more_ms"] is not None else "-"
        enc = r.get("encode_s")
        lines.append(
            f"| {r['method']} | {r['n']} | {'yes' if r['synthetic'] else 'no'} | {r['seconds']} | "
            f"{r['articles_per_s']} | {r['peak_rss_mb']} | {one} | {'-' if enc is None else enc} | "
            f"{r['bcubed_f1']:.3f} | "
            f"{r['n_pred']} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="*", default=[10000, 30000, 100000])
    ap.add_argument("--agglo-sizes", type=int, nargs="*", default=[1000, 5000, 11109])
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks/stories/results.json")
    ap.add_argument("--sets", nargs="*", default=["ecbplus-dev", "googlenews-titles"])
    ap.add_argument("--worker", nargs=2, metavar=("METHOD", "N"), help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.worker:
        print(json.dumps(worker(a.worker[0], int(a.worker[1]))))
        return
    results = {"quality": {}, "narratives": {}, "speed": []}
    for name in a.sets:
        results["quality"][name] = quality(name)
        print(name, results["quality"][name], flush=True)
        results["narratives"][name] = narrative_quality(name)
        print(name, "narratives", results["narratives"][name], flush=True)
    for n in a.agglo_sizes:
        results["speed"].append(timed("ours", n))
        results["speed"].append(timed("agglo", n))
        print(results["speed"][-2:], flush=True)
    for n in a.sizes:
        results["speed"].append(timed("ours", n))
        print(results["speed"][-1], flush=True)
    results["notes"] = (
        "Speed inputs are GoogleNews titles; sizes above 11109 repeat them with fresh ids and one "
        "word dropped per copy. agglo = shared baselines.py agglomerative (t=0.80). One process "
        "per row; 2-core VM shared with other jobs, so read times as orders of magnitude."
    )
    a.out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    md = a.out.with_suffix(".md")
    md.write_text(table(results), encoding="utf-8")
    print(table(results))


if __name__ == "__main__":
    main()
