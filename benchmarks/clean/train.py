"""Train the cleaner's line model on the shared text-dev set, with an honest CV figure.

    .venv/bin/python benchmarks/clean/train.py [--folds 5] [--cv-only] [--page-weights]

Each line of each page is labelled by whether its text occurs in the page's
gold body (gold is read here only, never by the library or the bench
adapter). Cross-validation is GroupKFold with one group per outlet (URL host;
a page without a URL is its own group), so no outlet is in train and test at
once. Per fold, the whole pipeline (rules + fold model) is scored with the
shared scorer's metric next to the rules alone. The model shipped is then
trained on all of dev. Needs scikit-learn (training only).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import statistics
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.model_selection import GroupKFold

from newsprism.clean.core import apply_rules, assemble, decide
from newsprism.clean.features import FEATURES, RuleView, matrix
from newsprism.clean.model import LineModel
from newsprism.clean.model import stop_words as load_stop_words
from newsprism.clean.options import DEFAULT_OPTIONS
from newsprism.clean.templates import SiteTemplates, outlet_of_url

ROOT = Path(__file__).resolve().parents[2]
BENCH = ROOT.parent / "shared" / "bench" / "clean"
RULES = replace(DEFAULT_OPTIONS, use_model=False)
_TOKEN = re.compile(r"\w+")
STOP_LANGS = ("en", "es", "fr", "de", "ru", "it", "pt")


def load_scorer():
    spec = importlib.util.spec_from_file_location("score_clean", BENCH / "score_clean.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def stop_words() -> list[str]:
    return sorted(load_stop_words(STOP_LANGS))


@dataclass
class Page:
    id: str
    source: str
    group: str
    gold: str
    view: RuleView
    found: dict[str, str]
    x: np.ndarray
    y: np.ndarray
    w: np.ndarray


def labels(view: RuleView, gold: str) -> tuple[np.ndarray, np.ndarray]:
    """1 for a line whose text is in the gold body; weights: the line's share of page tokens."""
    gold_tokens = _TOKEN.findall(gold)
    grams = {tuple(gold_tokens[i : i + n]) for n in (1, 2, 3, 4) for i in range(len(gold_tokens))}
    y, tokens = [], []
    for line in view.lines:
        toks = _TOKEN.findall(line.text)
        tokens.append(len(toks))
        if len(toks) < 4:
            y.append(bool(toks) and tuple(toks) in grams)
        else:
            quads = [tuple(toks[i : i + 4]) for i in range(len(toks) - 3)]
            y.append(sum(q in grams for q in quads) >= 0.5 * len(quads))
    t = np.asarray(tokens, dtype=np.float64) + 1.0
    return np.asarray(y, dtype=np.int8), t / t.sum()


def read_pages(path: Path, stops: frozenset[str], use_templates: bool = True) -> list[Page]:
    records = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    # Templates from the input pages alone, exactly as the bench adapter builds them.
    templates = SiteTemplates()
    for r in records:
        if use_templates and (outlet := outlet_of_url(r.get("url"))) is not None:
            templates.add(outlet, r["page_text"])
    pages = []
    for r in records:
        outlet = outlet_of_url(r.get("url"))
        view, found = apply_rules(r["page_text"], options=RULES, templates=templates.view(outlet))
        y, w = labels(view, r["gold_body"])
        pages.append(
            Page(
                r["id"],
                r["id"].split("/")[0],
                outlet or r["id"],
                r["gold_body"],
                view,
                found,
                matrix(view, stops),
                y,
                w,
            )
        )
    return pages


def fit(pages: list[Page], args: argparse.Namespace) -> GradientBoostingClassifier:
    x = np.vstack([p.x for p in pages])
    y = np.concatenate([p.y for p in pages])
    w = np.concatenate([p.w for p in pages]) if args.page_weights else None
    model = GradientBoostingClassifier(
        n_estimators=args.trees,
        max_depth=args.depth,
        learning_rate=args.rate,
        subsample=0.5,
        random_state=0,
    )
    model.fit(x, y, sample_weight=w)
    return model


def export(model: GradientBoostingClassifier, stops: list[str], meta: dict) -> dict:
    trees = []
    for (estimator,) in model.estimators_:
        t = estimator.tree_
        trees.append(
            {
                "feature": [int(f) for f in t.feature],
                "threshold": [float(v) for v in t.threshold],
                "left": [int(c) for c in t.children_left],
                "right": [int(c) for c in t.children_right],
                "value": [round(float(v), 6) for v in t.value[:, 0, 0]],
            }
        )
    init = float(model._raw_predict_init(np.zeros((1, len(FEATURES))))[0, 0])
    return {
        "kind": "trees",
        "features": list(FEATURES),
        "init": init,
        "learning_rate": model.learning_rate,
        "max_depth": max(e.tree_.max_depth for (e,) in model.estimators_),
        "threshold": 0.5,  # replaced by the picked one
        "trees": trees,
        "stop_word_langs": list(STOP_LANGS),
        "meta": meta,
    }


def bodies(pages: list[Page], model: LineModel | None, threshold: float) -> list[str]:
    out = []
    for p in pages:
        cuts = p.view.cuts if model is None else decide(p.view, model.predict(p.x), threshold)
        out.append(assemble(p.view, cuts, p.found).body)
    return out


def pick_threshold(scorer, pages: list[Page], model: LineModel, candidates: list[float]) -> float:
    """The candidate threshold with the best F1 on ``pages`` (training pages only)."""
    if len(candidates) == 1:
        return candidates[0]
    golds = [p.gold for p in pages]
    f1 = {t: scorer.score(golds, bodies(pages, model, t))["f1"] for t in candidates}
    return max(candidates, key=lambda t: (f1[t], -abs(t - 0.5)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dev", type=Path, default=BENCH / "text-dev.jsonl")
    parser.add_argument("--out", type=Path, default=ROOT / "src/newsprism/data/clean_model.json")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--trees", type=int, default=150)
    parser.add_argument("--depth", type=int, default=4)
    parser.add_argument("--rate", type=float, default=0.1)
    parser.add_argument(
        "--thresholds",
        default="0.5",
        help="candidate thresholds; each fold picks one on its own training pages",
    )
    parser.add_argument("--no-templates", action="store_true", help="leave site templates out")
    parser.add_argument("--page-weights", action="store_true", help="weigh lines by page share")
    parser.add_argument("--cv-only", action="store_true", help="do not write the model")
    parser.add_argument("--no-cv", action="store_true", help="only train and write the model")
    args = parser.parse_args(argv)

    scorer = load_scorer()
    stops = stop_words()
    t0 = time.time()
    pages = read_pages(args.dev, frozenset(stops), not args.no_templates)
    candidates = [float(t) for t in args.thresholds.split(",")]
    n_lines = sum(len(p.y) for p in pages)
    print(f"{len(pages)} pages, {n_lines} lines, features in {time.time() - t0:.0f}s", flush=True)

    groups = [p.group for p in pages]
    oof_rules: dict[str, str] = {}
    oof_model: dict[str, str] = {}
    rows = []
    folds = GroupKFold(n_splits=args.folds).split(np.zeros(len(pages)), groups=groups)
    if args.no_cv:
        folds = iter(())
    for k, (train, test) in enumerate(folds, 1):
        train_pages = [pages[i] for i in train]
        fold_model = fit(train_pages, args)
        line_model = LineModel(export(fold_model, stops, {}))
        threshold = pick_threshold(scorer, train_pages, line_model, candidates)
        test_pages = [pages[i] for i in test]
        golds = [p.gold for p in test_pages]
        rules = bodies(test_pages, None, threshold)
        full = bodies(test_pages, line_model, threshold)
        r, m = scorer.score(golds, rules), scorer.score(golds, full)
        rows.append((k, len(test), r["f1"], m["f1"], m["precision"], m["recall"]))
        print(
            f"fold {k}: {len(test)} pages  rules F1 {r['f1']:.3f}  "
            f"rules+model F1 {m['f1']:.3f} (threshold {threshold} from the training pages)",
            flush=True,
        )
        for p, a, b in zip(test_pages, rules, full, strict=True):
            oof_rules[p.id], oof_model[p.id] = a, b

    print("\nfold  pages  rules-F1  model-F1  model-P  model-R")
    for k, n, rf, mf, mp, mr in rows:
        print(f"{k:>4}  {n:>5}  {rf:8.3f}  {mf:8.3f}  {mp:7.3f}  {mr:7.3f}")
    summary = {}
    if rows:
        mean_r = statistics.mean(r[2] for r in rows)
        mean_m = statistics.mean(r[3] for r in rows)
        print(f"mean         {mean_r:8.3f}  {mean_m:8.3f}")
    for name, preds in (("rules", oof_rules), ("rules+model", oof_model)) if rows else ():
        by_source: dict[str, tuple[list[str], list[str]]] = {}
        for p in pages:
            g, q = by_source.setdefault(p.source, ([], []))
            g.append(p.gold)
            q.append(preds[p.id])
        pooled = scorer.score([p.gold for p in pages], [preds[p.id] for p in pages])
        per = {s: round(scorer.score(g, q)["f1"], 3) for s, (g, q) in sorted(by_source.items())}
        summary[name] = {"f1": round(pooled["f1"], 4), "by_source": per}
        print(
            f"out-of-fold, all {len(pages)} pages, {name}: F1 {pooled['f1']:.3f} "
            f"P {pooled['precision']:.3f} R {pooled['recall']:.3f}  {per}"
        )
    if args.cv_only:
        return 0

    final = fit(pages, args)
    meta = {
        "trained_on": "shared/bench/clean/text-dev.jsonl",
        "pages": len(pages),
        "lines": n_lines,
        "cv": f"GroupKFold({args.folds}) by URL host",
        "cv_f1": summary,
        "params": {
            "trees": args.trees,
            "depth": args.depth,
            "rate": args.rate,
            "page_weights": args.page_weights,
        },
    }
    data = export(final, stops, meta)
    check = LineModel(data)
    data["threshold"] = meta["threshold"] = pick_threshold(scorer, pages, check, candidates)
    x = np.vstack([p.x for p in pages[:50]])
    assert np.allclose(check.predict(x), final.predict_proba(x)[:, 1], atol=1e-5)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
    print(f"model -> {args.out} ({args.out.stat().st_size // 1024} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
