"""The line model: gradient-boosted trees (or a logistic regression) read from JSON.

``benchmarks/clean/train.py`` trains it with scikit-learn and writes
``newsprism/data/clean_model.json``: feature names, stop words, and the
trees as flat arrays. Scoring needs only numpy, so every worker loads it in
milliseconds; no pickle is involved.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable
from importlib import import_module, resources
from typing import Any

import numpy as np

from .features import FEATURES

MODEL_FILE = "clean_model.json"


def stop_words(langs: Iterable[str]) -> frozenset[str]:
    """spaCy's stop words of ``langs``, casefolded: read from spaCy, never copied here."""
    words: set[str] = set()
    for lang in langs:
        words |= import_module(f"spacy.lang.{lang}.stop_words").STOP_WORDS
    return frozenset(w.casefold() for w in words)


class LineModel:
    """P(line is article text) from a page's feature rows."""

    def __init__(self, data: dict[str, Any]) -> None:
        names = tuple(data["features"])
        if names != FEATURES:
            raise ValueError(
                f"{MODEL_FILE}: model features do not match clean.features.FEATURES"
                " (retrain with benchmarks/clean/train.py)"
            )
        self.kind: str = data["kind"]
        self.threshold: float = float(data.get("threshold", 0.5))
        self.stop_words: frozenset[str] = stop_words(data.get("stop_word_langs", ()))
        self.meta: dict[str, Any] = data.get("meta", {})
        if self.kind == "logistic":
            self.coef = np.asarray(data["coef"], dtype=np.float64)
            self.intercept = float(data["intercept"])
        elif self.kind == "trees":
            self.init = float(data["init"])
            self.rate = float(data["learning_rate"])
            # All trees in one node table; each tree's root is its offset.
            feature, threshold, left, right, value, roots = [], [], [], [], [], []
            for tree in data["trees"]:
                base = len(feature)
                roots.append(base)
                feature += tree["feature"]
                threshold += tree["threshold"]
                left += [c + base if c >= 0 else -1 for c in tree["left"]]
                right += [c + base if c >= 0 else -1 for c in tree["right"]]
                value += tree["value"]
            self.feature = np.asarray(feature, dtype=np.intp)
            self.threshold_at = np.asarray(threshold, dtype=np.float64)
            self.left = np.asarray(left, dtype=np.intp)
            self.right = np.asarray(right, dtype=np.intp)
            self.value = np.asarray(value, dtype=np.float64)
            self.roots = np.asarray(roots, dtype=np.intp)
            self.depth = int(data["max_depth"])
        else:
            raise ValueError(f"{MODEL_FILE}: unknown model kind {self.kind!r}")

    def predict(self, x: np.ndarray) -> np.ndarray:
        """Probabilities, one per row of ``x``."""
        if len(x) == 0:
            return np.zeros(0)
        if self.kind == "logistic":
            raw = x @ self.coef + self.intercept
        else:
            rows = np.arange(len(x))[:, None]
            node = np.broadcast_to(self.roots, (len(x), len(self.roots))).copy()
            for _ in range(self.depth):
                feat = self.feature[node]
                leaf = feat < 0
                go_left = x[rows, np.where(leaf, 0, feat)] <= self.threshold_at[node]
                node = np.where(leaf, node, np.where(go_left, self.left[node], self.right[node]))
            raw = self.init + self.rate * self.value[node].sum(axis=1)
        return 1.0 / (1.0 + np.exp(-raw))


@functools.cache
def default_model() -> LineModel:
    """The model shipped in ``newsprism/data`` (loaded once per process)."""
    text = resources.files("newsprism").joinpath("data", MODEL_FILE).read_text(encoding="utf-8")
    return LineModel(json.loads(text))
