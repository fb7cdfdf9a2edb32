"""Fit the quote stage's candidate filter on PolNeAR train (called by ``train.py --filter``).

Labels come from the gold contents only: a candidate is positive when it covers more
than 30% of the characters of some gold content, the GGT match at 0.3. The threshold is
chosen on out-of-fold probabilities with the shared scorer's own GGT matching, so the
choice reflects one-to-one matching and not just the per-candidate labels.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from newsprism.analyse.quotes import QuoteOptions, find_candidates_many
from newsprism.analyse.quotes.filter import select
from newsprism.bench.quotes import to_record

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "bench" / "quotes"
MIN_FEATURE_COUNT = 3


def _scorer():
    sys.path.insert(0, str(SHARED))
    import score_quotes

    return score_quotes


def candidates(train: Path, cache: Path | None) -> list[dict]:
    """One row per train article: its gold and every candidate with features."""
    if cache and cache.exists():
        return [json.loads(line) for line in cache.open(encoding="utf-8")]
    arts = [json.loads(line) for line in train.open(encoding="utf-8") if line.strip()]
    found = find_candidates_many(
        (a["text"] for a in arts), options=QuoteOptions(learned_filter=False)
    )
    rows = []
    for art, cands in zip(arts, found, strict=True):
        rows.append(
            {
                "id": art["id"],
                "text": art["text"],
                "attributions": art["attributions"],
                "candidates": [{"record": to_record(q), "feats": f} for q, f in cands],
            }
        )
    if cache:
        with cache.open("w", encoding="utf-8") as out:
            for r in rows:
                out.write(json.dumps(r) + "\n")
    return rows


def labels(rows: list[dict], sq) -> list[int]:
    y = []
    for r in rows:
        gold = [sq.Att(a, r["text"]) for a in r["attributions"]]
        for c in r["candidates"]:
            p = sq.Att(c["record"], r["text"])
            y.append(
                int(
                    any(
                        sq.length(g.content)
                        and sq.overlap(g.content, p.content) / sq.length(g.content) > 0.3
                        for g in gold
                    )
                )
            )
    return y


def _content(record: dict) -> tuple[tuple[int, int], ...]:
    return tuple(tuple(s) for s in record.get("content_spans") or [record["content"]])


def ggt_f1(rows: list[dict], probs: list[float], threshold: float, sq) -> float:
    """GGT@0.3 F1 of what the run-time selection keeps at ``threshold``."""
    tp = fp = fn = 0
    k = 0
    for r in rows:
        gold = [sq.Att(a, r["text"]) for a in r["attributions"]]
        cands = r["candidates"]
        mine = probs[k : k + len(cands)]
        k += len(cands)
        keep = select([_content(c["record"]) for c in cands], list(mine), threshold)
        pred = [sq.Att(c["record"], r["text"]) for c, yes in zip(cands, keep, strict=True) if yes]
        t, f, n, *_ = sq.ggt_article(gold, pred, 0.3)
        tp, fp, fn = tp + t, fp + f, fn + n
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def train_filter(train: Path, out: Path, cache: Path | None, c: float) -> None:
    sq = _scorer()
    rows = candidates(train, cache)
    feats = [cand["feats"] for r in rows for cand in r["candidates"]]
    groups = [i for i, r in enumerate(rows) for _ in r["candidates"]]
    y = np.array(labels(rows, sq))
    counts: dict[str, int] = {}
    for f in feats:
        for key in f:
            counts[key] = counts.get(key, 0) + 1
    feats = [{k: v for k, v in f.items() if counts[k] >= MIN_FEATURE_COUNT} for f in feats]
    vec = DictVectorizer()
    x = vec.fit_transform(feats)
    print(f"{x.shape[0]} candidates, {x.shape[1]} features, {y.mean():.3f} positive")
    oof = np.zeros(len(y))
    for tr, te in GroupKFold(n_splits=5).split(x, y, groups):
        model = LogisticRegression(C=c, max_iter=2000).fit(x[tr], y[tr])
        oof[te] = model.predict_proba(x[te])[:, 1]
    base = ggt_f1(rows, [1.0] * len(y), 0.0, sq)
    best = (base, 0.0)
    for th in np.arange(0.1, 0.71, 0.05):
        f1 = ggt_f1(rows, list(oof), float(th), sq)
        print(f"threshold {th:.2f}: GGT@0.3 F1 {f1:.4f} (out of fold)")
        best = max(best, (f1, float(th)))
    print(f"no filter: {base:.4f}; best threshold {best[1]:.2f}: {best[0]:.4f}")
    model = LogisticRegression(C=c, max_iter=2000).fit(x, y)
    weights = {
        name: round(float(w), 4)
        for name, w in zip(vec.get_feature_names_out(), model.coef_[0], strict=True)
        if abs(w) >= 1e-3
    }
    doc = {
        "about": "candidate filter fitted on PolNeAR train by benchmarks/quotes/train.py",
        "C": c,
        "out_of_fold_ggt03_f1": round(best[0], 4),
        "threshold": round(best[1], 2),
        "bias": round(float(model.intercept_[0]), 4),
        "weights": dict(sorted(weights.items())),
    }
    out.write_text(json.dumps(doc, indent=0) + "\n", encoding="utf-8")
    print(f"{len(weights)} weights -> {out}")
