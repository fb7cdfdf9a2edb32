"""The learned merge decision: a logistic model over candidate features, read from JSON.

``benchmarks/stories/train.py`` fits it on ``ecbplus-train.jsonl`` and writes
``data/stories-model.json``; inference is a dot product in numpy.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np

from newsprism.errors import NewsprismError

MODEL_FILE = "stories-model.json"
STORY_MERGE_FILE = "stories-merge-model.json"

#: Event markers (days, years, numbers, weekdays the text mentions) and key names, as
#: agreement and conflict between an article (or story) and a story: features of both models.
MARKER_FEATURES = (
    "date_agree",
    "date_conflict",
    "year_agree",
    "year_conflict",
    "number_agree",
    "number_conflict",
    "weekday_agree",
    "weekday_conflict",
    "missing_names",
)

#: Feature names, in the order of the coefficient vector. ``cos_sem``: cosine of the
#: article's sentence vector with the story's mean vector (``semantic.py``).
FEATURES = (
    "cos_title",
    "cos_body",
    "cos_stem",
    "cos_ent",
    "cos_title_story_stem",
    "retrieval_share",
    "no_entities",
    "decay_newest",
    "decay_oldest",
    "decay_mean",
    "no_dates",
    "log_size",
    "short",
    "short_x_cos_stem",
    "short_x_share",
    "nn_max",
    "nn_share",
    "nn_top",
    "short_x_nn_max",
    *MARKER_FEATURES,
    "cos_sem",
    "short_x_cos_sem",
)


#: Features of a pair of stories, for the merge pass (``merge.py``).
STORY_FEATURES = (
    "link_max",
    "link_min",
    "cos_stem",
    "cos_ent",
    "cos_title",
    "no_entities",
    "log_size_small",
    "log_size_large",
    "short",
    "short_x_link_max",
    "short_x_cos_stem",
    "decay_gap",
    "no_dates",
    *MARKER_FEATURES,
    "cos_sem",
    "short_x_cos_sem",
)


@dataclass(frozen=True, slots=True)
class MergeModel:
    """P(article belongs to story) = sigmoid(x @ coef + intercept); join when > threshold.

    ``short_threshold`` applies to headlines (no body): with a tenth of the words, the same
    evidence of one event gives a lower probability, and the best cut on train differs.

    ``low``/``high``: each feature's range in the training rows. Inputs are clipped to it, so
    the linear model never extrapolates: ECB+ stories hold a few dozen articles, and a
    size coefficient learned there would otherwise keep pushing ever harder against stories
    of hundreds (headline feeds group far more articles per story)."""

    coef: np.ndarray
    intercept: float
    threshold: float
    mean: np.ndarray
    scale: np.ndarray
    meta: dict
    short_threshold: float | None = None
    low: np.ndarray | None = None
    high: np.ndarray | None = None

    def threshold_for(self, short: bool) -> float:
        """The cut for an article (or story pair) without a body, or with one."""
        if short and self.short_threshold is not None:
            return self.short_threshold
        return self.threshold

    def prob(self, x: np.ndarray) -> np.ndarray:
        if self.low is not None and self.high is not None:
            x = np.clip(x, self.low, self.high)
        z = ((x - self.mean) / self.scale) @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-z))

    def to_json(self, features: tuple[str, ...] = FEATURES) -> dict:
        return {
            "features": list(features),
            "coef": [float(c) for c in self.coef],
            "intercept": float(self.intercept),
            "threshold": float(self.threshold),
            "threshold_short": float(self.threshold_for(True)),
            "mean": [float(c) for c in self.mean],
            "scale": [float(c) for c in self.scale],
            "meta": self.meta,
        } | (
            {"low": [float(c) for c in self.low], "high": [float(c) for c in self.high]}
            if self.low is not None and self.high is not None
            else {}
        )

    @classmethod
    def from_json(
        cls, data: dict, source: str = MODEL_FILE, features: tuple[str, ...] = FEATURES
    ) -> MergeModel:
        if list(data.get("features", [])) != list(features):
            raise NewsprismError(
                f"{source}: features {data.get('features')} do not match this version's "
                f"{list(features)}; retrain with benchmarks/stories/train.py"
            )
        return cls(
            coef=np.asarray(data["coef"], dtype=float),
            intercept=float(data["intercept"]),
            threshold=float(data["threshold"]),
            mean=np.asarray(data["mean"], dtype=float),
            scale=np.asarray(data["scale"], dtype=float),
            meta=dict(data.get("meta", {})),
            short_threshold=data.get("threshold_short"),
            low=np.asarray(data["low"], dtype=float) if "low" in data else None,
            high=np.asarray(data["high"], dtype=float) if "high" in data else None,
        )


def load_model(path: Path | None = None) -> MergeModel:
    """The shipped model, or the one at ``path``."""
    if path is not None:
        return MergeModel.from_json(json.loads(path.read_text("utf-8")), str(path))
    return _shipped()


def load_story_merge_model(path: Path | None = None) -> MergeModel:
    """The shipped story-pair model of the merge pass, or the one at ``path``."""
    if path is not None:
        data = json.loads(path.read_text("utf-8"))
        return MergeModel.from_json(data, str(path), STORY_FEATURES)
    return _shipped(STORY_MERGE_FILE)


@cache
def _shipped(name: str = MODEL_FILE) -> MergeModel:
    text = resources.files("newsprism").joinpath("data", name).read_text("utf-8")
    features = STORY_FEATURES if name == STORY_MERGE_FILE else FEATURES
    return MergeModel.from_json(json.loads(text), name, features)
