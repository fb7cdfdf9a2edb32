"""Reuse benchmark: quality on dev with the shared scorer, speed and memory at scale.

    .venv/bin/python benchmarks/reuse/run.py [--scales 10000 100000] [--work /tmp/DIR]

1. ``newsprism bench reuse dev-corpus.jsonl -o PRED`` and ``score_reuse.py`` on dev.
2. For each ``--scales K``: the generator's ``--scale K`` corpus (made in ``--work`` if
   missing, never in the repo), then, each in its own process so peak RSS is its own and
   both at the same time so they see the same machine load,
   newsprism's engine (spans included) and datasketch ``MinHashLSH`` at document level
   (the shared baseline (a), 128 permutations, word 5-shingles, threshold 0.02). Both
   are scored at pair level against the scale gold.
Writes ``benchmarks/reuse/results.json`` and prints a markdown table.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import subprocess
import sys
import time
from collections import Counter
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
BENCH = REPO.parent / "shared" / "bench" / "reuse"
SOURCES = [
    BENCH.parent / "quotes" / "polnear-train.jsonl",
    BENCH.parent / "quotes" / "polnear-dev.jsonl",
    BENCH.parent / "stories" / "ecbplus-train.jsonl",
    BENCH.parent / "stories" / "ecbplus-dev.jsonl",
]
PY = sys.executable


def score(gold: Path, pred: Path) -> dict:
    out = subprocess.run(
        [PY, str(BENCH / "score_reuse.py"), str(gold), str(pred), "--json"],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout)


def quality(
    work: Path, corpus: Path = BENCH / "dev-corpus.jsonl", gold: Path = BENCH / "dev-gold.jsonl"
) -> dict:
    pred = work / f"{corpus.stem}-pred.jsonl"
    cli = Path(PY).with_name("newsprism")
    t0 = time.perf_counter()
    subprocess.run(
        [str(cli), "bench", "reuse", str(corpus), "-o", str(pred)],
        check=True,
        capture_output=True,
    )
    res = score(gold, pred)
    res["time_s"] = time.perf_counter() - t0
    res["same_topic"] = same_topic_negatives(pred, corpus, gold)
    res["near_duplicate_flag"] = near_duplicates(pred, gold)
    res["false_pairs"] = res["pred_pairs"] - round(res["pair_recall"] * res["gold_pairs"])
    return res


def other_seed(seed: int, work: Path) -> dict:
    """Quality on a corpus the generator makes with another seed from the same sources:
    other articles sampled, other passages injected and edited. The rules were written
    from dev's errors; this shows whether they hold on a sample they were not read from
    (the source articles, and so their natural overlaps, are the same pool)."""
    corpus, gold = work / f"seed{seed}-corpus.jsonl", work / f"seed{seed}-gold.jsonl"
    if not (corpus.is_file() and gold.is_file()):
        subprocess.run(
            [
                *(PY, str(BENCH / "make_reuse.py"), "--sources", *map(str, SOURCES)),
                *("--n-docs", "2000", "--seed", str(seed)),
                *("-o", str(corpus), "--gold", str(gold), "--no-check"),
            ],
            check=True,
            capture_output=True,
        )
    return quality(work, corpus, gold)


def near_duplicates(pred: Path, gold_path: Path = BENCH / "dev-gold.jsonl") -> dict:
    """Precision and recall of the ``near_duplicate`` flag against gold ``duplicate`` pairs."""
    gold = set()
    with open(gold_path, encoding="utf-8") as fh:
        for line in fh:
            g = json.loads(line)
            if g["kind"] == "duplicate":
                gold.add(frozenset((g["source_id"], g["target_id"])))
    flagged = set()
    with open(pred, encoding="utf-8") as fh:
        for line in fh:
            x = json.loads(line)
            if x.get("near_duplicate"):
                flagged.add(frozenset((x["source_id"], x["target_id"])))
    hit = len(gold & flagged)
    return {
        "gold": len(gold),
        "flagged": len(flagged),
        "precision": hit / len(flagged) if flagged else None,
        "recall": hit / len(gold) if gold else None,
    }


def minhash_micro(num_perm: int = 128, shingle: int = 5) -> dict:
    """Sketching alone: word 5-shingle sets of the dev articles, 128 permutations, our
    vectorised MinHash vs datasketch ``MinHash.update_batch`` (hashing included in both)."""
    from datasketch import MinHash

    from newsprism.corpus.reuse.minhash import MinHasher, TokenHasher

    sets = []
    with open(BENCH / "dev-corpus.jsonl", encoding="utf-8") as fh:
        for line in fh:
            w = re.findall(r"\w+", json.loads(line)["text"].lower())
            sets.append({" ".join(w[k : k + shingle]) for k in range(max(1, len(w) - shingle + 1))})
    c0 = time.process_time()
    tmpl = MinHash(num_perm=num_perm, seed=1)
    for sh in sets:
        m = MinHash(num_perm=num_perm, seed=1, permutations=tmpl.permutations, scheme=tmpl.scheme)
        m.update_batch([x.encode("utf-8") for x in sh])
    ds = time.process_time() - c0
    c0 = time.process_time()
    hasher, mh = TokenHasher(), MinHasher(num_perm)
    for k in range(0, len(sets), 256):
        mh.signatures([hasher(sh) for sh in sets[k : k + 256]])
    ours = time.process_time() - c0
    return {"docs": len(sets), "datasketch_cpu_s": ds, "newsprism_cpu_s": ours, "ratio": ds / ours}


def _grams(text: str, n: int = 6) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def same_topic_negatives(
    pred: Path,
    corpus: Path = BENCH / "dev-corpus.jsonl",
    gold_path: Path = BENCH / "dev-gold.jsonl",
) -> dict:
    """False links among same-topic article pairs that share no passage (ECB+ part of dev).

    The corpus has no topic field, so each dev article's word 6-grams are looked up in the
    ECB+ sources and it takes the topic most of them come from.
    PolNeAR-derived articles (all US politics) are left out: their topics are not labelled.
    """
    gram_topic: dict[tuple[str, ...], str] = {}
    for name in ("ecbplus-train.jsonl", "ecbplus-dev.jsonl"):
        with open(BENCH.parent / "stories" / name, encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                for g in _grams(rec["text"]):
                    gram_topic.setdefault(g, str(rec["gold_topic"]))
    topic: dict[str, str] = {}
    with open(corpus, encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            votes = Counter(gram_topic[g] for g in _grams(rec["text"]) if g in gram_topic)
            if votes:  # ties go to the smaller topic id, not to set iteration order
                topic[rec["id"]] = min(votes.items(), key=lambda kv: (-kv[1], kv[0]))[0]
    gold = set()
    with open(gold_path, encoding="utf-8") as fh:
        for line in fh:
            g = json.loads(line)
            gold.add(frozenset((g["source_id"], g["target_id"])))
    by_topic = Counter(topic.values())
    same = sum(n * (n - 1) // 2 for n in by_topic.values())
    gold_same = 0
    for pair in gold:
        a, b = tuple(pair)
        gold_same += a in topic and topic.get(b) == topic[a]
    negatives = same - gold_same
    false = set()
    with open(pred, encoding="utf-8") as fh:
        for line in fh:
            x = json.loads(line)
            a, b = x["source_id"], x["target_id"]
            if a in topic and topic.get(b) == topic[a] and frozenset((a, b)) not in gold:
                false.add(frozenset((a, b)))
    return {
        "articles_with_topic": len(topic),
        "negative_pairs": negatives,
        "false_pairs": len(false),
        "false_per_1000": 1000 * len(false) / negatives if negatives else None,
    }


def generate(k: int, work: Path) -> tuple[Path, Path, float | None]:
    corpus, gold = work / f"scale-{k}.jsonl", work / f"scale-{k}-gold.jsonl"
    if corpus.is_file() and gold.is_file():
        return corpus, gold, None
    t0 = time.perf_counter()
    subprocess.run(
        [
            *(PY, str(BENCH / "make_reuse.py"), "--sources", *map(str, SOURCES)),
            *("--n-docs", "2000", "--seed", "1", "--scale", str(k)),
            *("-o", str(corpus), "--gold", str(gold), "--no-check"),
        ],
        check=True,
        capture_output=True,
    )
    return corpus, gold, time.perf_counter() - t0


def measure(method: str, corpus: Path, pred: Path) -> dict:
    """Run one method in this process and report time and peak RSS (called in a child)."""
    load0 = os.getloadavg()[0]  # the VM is shared: how busy it was is part of the figure
    t0 = time.perf_counter()
    if method == "newsprism":
        from newsprism.bench.reuse import run

        n_links = run(corpus, pred)
    else:
        sys.path.insert(0, str(BENCH))
        import baselines  # the shared baseline (a), unchanged

        docs = baselines.read_corpus(str(corpus))
        lines = baselines.DocMinHash(docs).predict(threshold=0.02)
        baselines.write_jsonl(str(pred), lines)
        n_links = len(lines)
    secs = time.perf_counter() - t0
    with open(corpus, encoding="utf-8") as fh:
        n_docs = sum(1 for line in fh if line.strip())
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "docs": n_docs,
        "links": n_links,
        "seconds": secs,
        "cpu_s": ru.ru_utime + ru.ru_stime,  # the VM is shared: CPU time is the fairer clock
        "peak_rss_mb": ru.ru_maxrss / 1024,
        "load_1min": [round(load0, 2), round(os.getloadavg()[0], 2)],
    }


def children(methods: list[str], corpus: Path, work: Path, k: int) -> dict[str, dict]:
    """Each method in its own process (so peak RSS is its own), all at the same time: on
    a shared VM whose load changes from minute to minute, methods run one after the other
    were timed on different machines in effect (one run had datasketch at load 0.3-1.4
    and newsprism at 1.4-2.4). Together, they share one core each and the same load."""
    procs = {
        m: subprocess.Popen(
            [PY, __file__, "--measure", m, str(corpus), str(work / f"scale-{k}-{m}.jsonl")],
            stdout=subprocess.PIPE,
            text=True,
        )
        for m in methods
    }
    out = {}
    for m, proc in procs.items():
        stdout, _ = proc.communicate()
        if proc.returncode:
            raise subprocess.CalledProcessError(proc.returncode, proc.args)
        out[m] = json.loads(stdout.strip().splitlines()[-1])
    return out


def table(results: dict) -> str:
    q = results["dev"]
    rk = q["pair_recall_by_kind"]
    rows = [
        "| dev (2,000 articles) | value |",
        "|---|---|",
        f"| pair P / R / F1 | {q['pair_precision']:.3f} / {q['pair_recall']:.3f} / "
        f"{q['pair_f1']:.3f} |",
        "| pair recall dup / exact / light / heavy | "
        + " / ".join(f"{rk[k]:.3f}" for k in ("duplicate", "exact", "light", "heavy"))
        + " |",
        f"| char P / R / F1 | {q['char_precision']:.3f} / {q['char_recall']:.3f} / "
        f"{q['char_f1']:.3f} |",
        f"| plagdet (macro / micro) | {q['plagdet']:.3f} / {q['plagdet_micro']:.3f} |",
        f"| direction accuracy | {q['direction_accuracy']:.3f} |",
        f"| false pairs | {q['false_pairs']} |",
        f"| false links per 1,000 same-topic negative pairs (ECB+ part) | "
        f"{q['same_topic']['false_pairs']} / {q['same_topic']['negative_pairs']:,} = "
        f"{q['same_topic']['false_per_1000']:.2f} |",
        f"| near-duplicate flag P / R (gold duplicate pairs) | "
        f"{q['near_duplicate_flag']['precision']:.3f} / {q['near_duplicate_flag']['recall']:.3f} |",
        f"| time (wall, shared VM) | {q['time_s']:.1f} s |",
        *_other_seed_rows(results),
        "",
        "| corpus | method | articles/s (wall) | wall s | CPU s | peak RSS MB | pair F1 | spans "
        "| 1-min load (start, end) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for k, sc in results["scale"].items():
        for m, r in sc["methods"].items():
            rows.append(
                f"| {int(k):,} | {m} | {r['docs'] / r['seconds']:,.0f} | {r['seconds']:.1f} | "
                f"{r['cpu_s']:.1f} | {r['peak_rss_mb']:,.0f} | {r['pair_f1']:.3f} | "
                f"{'yes' if m == 'newsprism' else 'no'} | "
                + ", ".join(f"{x:.1f}" for x in r.get("load_1min", []))
                + " |"
            )
        rows.append(
            f"| {int(k):,} | datasketch / newsprism time | wall {sc['ratio']:.2f}x | "
            f"CPU {sc['cpu_ratio']:.2f}x | | | | | |"
        )
    if "minhash" in results:
        mm = results["minhash"]
        rows.append("")
        rows.append(
            f"MinHash alone ({mm['docs']:,} dev articles, 128 permutations, word 5-shingles, "
            f"CPU s): datasketch {mm['datasketch_cpu_s']:.2f}, newsprism "
            f"{mm['newsprism_cpu_s']:.2f}, ratio {mm['ratio']:.1f}x."
        )
    if "growth" in results:
        g = results["growth"]
        rows.append("")
        rows.append(
            f"CPU time growth {g['from']:,} -> {g['to']:,} articles: "
            f"newsprism x{g['newsprism']:.2f}, "
            f"datasketch x{g['datasketch']:.2f} (x{g['to'] / g['from']:.0f} would be linear)."
        )
    return "\n".join(rows)


def _other_seed_rows(results: dict) -> list[str]:
    rows = []
    for key in sorted(k for k in results if k.startswith("seed")):
        q = results[key]
        rk = q["pair_recall_by_kind"]
        st = q["same_topic"]
        rows += [
            f"| {key} corpus (2,000 articles): pair F1 / char F1 / direction | "
            f"{q['pair_f1']:.3f} / {q['char_f1']:.3f} / {q['direction_accuracy']:.3f} |",
            f"| {key}: pair recall dup / exact / light / heavy | "
            + " / ".join(f"{rk[k]:.3f}" for k in ("duplicate", "exact", "light", "heavy"))
            + " |",
            f"| {key}: false links per 1,000 same-topic negatives | "
            f"{st['false_pairs']} / {st['negative_pairs']:,} = {st['false_per_1000']:.2f} |",
        ]
    return rows


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--scales", type=int, nargs="*", default=[10000, 100000])
    ap.add_argument("--work", type=Path, default=Path("/tmp/newsprism-reuse-bench"))
    ap.add_argument("--out", type=Path, default=HERE / "results.json")
    ap.add_argument("--measure", nargs=3, metavar=("METHOD", "CORPUS", "PRED"))
    ap.add_argument(
        "--other-seeds", type=int, nargs="*", default=[2], help="dev-sized corpora to check"
    )
    args = ap.parse_args(argv)
    if args.measure:
        m, c, p = args.measure
        print(json.dumps(measure(m, Path(c), Path(p))))
        return
    args.work.mkdir(parents=True, exist_ok=True)
    results: dict = {
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {len(os.sched_getaffinity(0))} cores",
        "versions": {p: metadata.version(p) for p in ("numpy", "datasketch")},
    }
    dev = quality(args.work)
    results["dev"] = dev
    for seed in args.other_seeds:
        results[f"seed{seed}"] = other_seed(seed, args.work)
    results["minhash"] = minhash_micro()
    print(f"dev: pair F1 {dev['pair_f1']:.3f}, char F1 {dev['char_f1']:.3f}", file=sys.stderr)
    if not args.scales and args.out.is_file():
        old = json.loads(args.out.read_text(encoding="utf-8"))
        for key in ("scale", "growth", "versions"):
            if key in old:
                results[key] = old[key]
        results["note"] = "dev re-run alone; the scale section is from the earlier full run"
    else:
        results["scale"] = {}
    for k in args.scales:
        corpus, gold, gen_s = generate(k, args.work)
        sc: dict = {"generate_s": gen_s, "methods": {}}
        for m, r in children(["newsprism", "datasketch"], corpus, args.work, k).items():
            pred = args.work / f"scale-{k}-{m}.jsonl"
            s = score(gold, pred)
            r.update({x: s[x] for x in ("pair_precision", "pair_recall", "pair_f1")})
            r["char_f1"] = s["char_f1"]
            sc["methods"][m] = r
            results["scale"][str(k)] = sc
            print(f"{k} {m}: {json.dumps(r)}", file=sys.stderr)
            _write(args.out, results)  # partial results survive an interrupted run
        ms = sc["methods"]
        sc["ratio"] = ms["datasketch"]["seconds"] / ms["newsprism"]["seconds"]
        sc["cpu_ratio"] = ms["datasketch"]["cpu_s"] / ms["newsprism"]["cpu_s"]
        results["scale"][str(k)] = sc
    if len(args.scales) >= 2:
        lo, hi = str(min(args.scales)), str(max(args.scales))
        results["growth"] = {
            "from": int(lo),
            "to": int(hi),
            **{
                m: results["scale"][hi]["methods"][m]["cpu_s"]
                / results["scale"][lo]["methods"][m]["cpu_s"]
                for m in ("newsprism", "datasketch")
            },
        }
    _write(args.out, results)
    print(table(results))


def _write(path: Path, results: dict) -> None:
    path.write_text(json.dumps(results, indent=1, sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
