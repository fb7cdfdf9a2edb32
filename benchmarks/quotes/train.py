"""Learn the quote stage's data from PolNeAR train: the cue lexicon and the candidate filter.

Cue lexicon (``-o``): for every word that occurs in an annotated cue at least
``--min-count`` times, the share of its occurrences in the text that are inside a cue (its
precision as a cue word). The quote stage uses the words above a threshold both to pick
the sentences worth parsing and to find cue verbs in them.

Candidate filter (``--filter``): runs the rules on every train article with the filter off,
labels each candidate by whether it covers more than 30% of some gold content (the GGT
match), fits a logistic regression over its features (``analyse/quotes/filter.py``), and
picks the probability threshold that maximises GGT@0.3 F1 on out-of-fold predictions
(5 folds by article), scored with the shared scorer. Needs scikit-learn (``.[bench]``).

    python benchmarks/quotes/train.py ../shared/bench/quotes/polnear-train.jsonl \
        -o src/newsprism/data/quotes-cues.json --filter src/newsprism/data/quotes-filter.json
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from pathlib import Path

WORD = re.compile(r"[A-Za-z]+")
# Function words that sit inside multi-word cues ("has said", "according to") but say nothing.
STOP = set(
    re.findall(
        r"\w+",
        "the a an of to in on for and with by his her their its at as is was be been has have had "
        "not also he she it they that this from",
    )
)


def learn(path: Path, min_count: int, min_precision: float) -> dict[str, float]:
    in_cue: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    with path.open(encoding="utf-8") as lines:
        for lineno, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as err:
                raise SystemExit(f"{path}:{lineno}: invalid JSON ({err.msg})") from err
            text = rec["text"]
            seen.update(m.group().lower() for m in WORD.finditer(text))
            for att in rec.get("attributions", []):
                for s, e in att.get("cue_spans") or ([att["cue"]] if att.get("cue") else []):
                    in_cue.update({m.group().lower() for m in WORD.finditer(text[s:e])})
    return {
        w: round(c / seen[w], 3)
        for w, c in sorted(in_cue.items())
        if c >= min_count and w not in STOP and c / seen[w] >= min_precision
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("train", type=Path)
    ap.add_argument("-o", "--out", type=Path, help="write the cue lexicon here")
    ap.add_argument("--min-count", type=int, default=3)
    ap.add_argument("--min-precision", type=float, default=0.15)
    ap.add_argument("--filter", type=Path, help="write the candidate filter here")
    ap.add_argument("--cache", type=Path, help="candidates JSONL to reuse (or write)")
    ap.add_argument("--c", type=float, default=0.5, help="inverse L2 strength")
    a = ap.parse_args()
    if a.out:
        write_cues(a)
    if a.filter:
        from filter_train import train_filter  # scikit-learn only when asked for

        train_filter(a.train, a.filter, a.cache, a.c)


def write_cues(a: argparse.Namespace) -> None:
    cues = learn(a.train, a.min_count, a.min_precision)
    doc = {
        "about": "cue-word precision on PolNeAR train, by benchmarks/quotes/train.py",
        "min_count": a.min_count,
        "min_precision": a.min_precision,
        "cues": cues,
    }
    a.out.write_text(json.dumps(doc, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{len(cues)} cue words -> {a.out}")


if __name__ == "__main__":
    main()
