"""The line model: features, JSON models applied with numpy, and how its scores revise cuts."""

from __future__ import annotations

import json
from importlib import resources

import numpy as np
import pytest

from newsprism.clean import CleanOptions, clean_text
from newsprism.clean.core import apply_rules, decide
from newsprism.clean.features import FEATURES, matrix
from newsprism.clean.model import MODEL_FILE, LineModel, default_model

PROSE = (
    "The minister said on Tuesday that the talks would resume next week in Geneva, "
    "after both sides agreed on an agenda."
)
PROSE_2 = (
    "Officials from the two delegations declined to say which topics would come first, "
    "but diplomats expect trade and security to dominate the meeting."
)
RULES_ONLY = CleanOptions(use_model=False)


def col(name: str) -> int:
    return FEATURES.index(name)


def logistic(weights: dict[str, float], intercept: float = 0.0, threshold: float = 0.5) -> dict:
    coef = [weights.get(name, 0.0) for name in FEATURES]
    return {
        "kind": "logistic",
        "features": list(FEATURES),
        "coef": coef,
        "intercept": intercept,
        "threshold": threshold,
    }


def test_features_describe_shape_place_and_rules():
    text = f"Talks resume\n\nweather report\n\n{PROSE}\n\n{PROSE_2}\n\nShare this:\n"
    view, _ = apply_rules(text, options=RULES_ONLY)
    x = matrix(view, frozenset({"the", "that", "on", "in", "after", "to", "but"}))
    assert x.shape == (5, len(FEATURES))
    title, home, prose, _, share = x
    assert title[col("rule_title")] == 1 and share[col("rule_pattern")] == 1
    assert home[col("rule_position:head")] == 1 and home[col("before_run")] == 1
    assert prose[col("in_run")] == 1 and prose[col("kind_prose")] == 1
    assert prose[col("stop_ratio")] > 0.2 and home[col("stop_ratio")] == 0
    assert prose[col("ends_sentence")] == 1 and home[col("ends_sentence")] == 0
    assert share[col("after_run")] == 1 and share[col("rel_pos")] == pytest.approx(0.8)


def test_logistic_model_scores_rows():
    model = LineModel(logistic({"log_chars": 1.0}, intercept=-2.0))
    x = np.zeros((2, len(FEATURES)))
    x[1, col("log_chars")] = 2.0
    assert model.predict(x) == pytest.approx([1 / (1 + np.exp(2)), 0.5])


def test_tree_model_walks_each_tree_to_its_leaf():
    # Two stumps on log_chars (<= 3 goes left) and ends_sentence (<= 0.5 goes left).
    stump = {"left": [1, -1, -1], "right": [2, -1, -1]}
    data = {
        "kind": "trees",
        "features": list(FEATURES),
        "init": 0.5,
        "learning_rate": 0.5,
        "max_depth": 1,
        "trees": [
            {**stump, "feature": [col("log_chars"), -2, -2], "threshold": [3, -2, -2],
             "value": [0, -2.0, 2.0]},
            {**stump, "feature": [col("ends_sentence"), -2, -2], "threshold": [0.5, -2, -2],
             "value": [0, -1.0, 1.0]},
        ],
    }  # fmt: skip
    model = LineModel(data)
    x = np.zeros((3, len(FEATURES)))
    x[1, col("log_chars")] = 5.0
    x[2, col("log_chars")], x[2, col("ends_sentence")] = 5.0, 1.0
    raw = np.array([0.5 + 0.5 * (-3), 0.5 + 0.5 * (2 - 1), 0.5 + 0.5 * 3])
    assert model.predict(x) == pytest.approx(1 / (1 + np.exp(-raw)))
    assert model.predict(np.zeros((0, len(FEATURES)))).shape == (0,)


def test_a_model_for_other_features_is_refused():
    data = logistic({})
    data["features"] = data["features"][:-1]
    with pytest.raises(ValueError, match="retrain"):
        LineModel(data)


def test_shipped_model_is_json_with_the_current_features():
    raw = resources.files("newsprism").joinpath("data", MODEL_FILE).read_text(encoding="utf-8")
    data = json.loads(raw)
    assert data["features"] == list(FEATURES)
    model = default_model()
    assert model.kind in ("trees", "logistic") and 0 < model.threshold < 1
    assert "the" in model.stop_words and "и" in model.stop_words
    view, _ = apply_rules(
        f"Talks resume\n\nweather report\n\n{PROSE}\n\n{PROSE_2}\n", options=RULES_ONLY
    )
    p = model.predict(matrix(view, model.stop_words))
    assert ((p >= 0) & (p <= 1)).all() and p[2] > p[1]


def test_decide_gives_back_position_cuts_and_cuts_what_reads_as_furniture():
    text = f"Talks resume\n\nweather report\n\n{PROSE}\n\nA short line in the middle\n\n{PROSE_2}\n"
    view, _ = apply_rules(text, options=RULES_ONLY)
    labels = {i: c.label for i, c in view.cuts.items()}
    assert labels == {0: "title", 1: "position:head"}
    cuts = decide(view, [0.1, 0.9, 0.9, 0.2, 0.9], threshold=0.5)
    assert cuts[0].label == "title"  # rules other than position stand
    assert 1 not in cuts  # the model gives "weather report" back
    assert cuts[3].label == "model" and "model score 0.20" in cuts[3].why
    assert 2 not in cuts and 4 not in cuts
    cuts = decide(view, [0.9, 0.1, 0.9, 0.9, 0.9], threshold=0.5)
    assert cuts[1].label == "position:head" and "model score 0.10" in cuts[1].why
    assert view.cuts[1].why == cuts[1].why.split("; model")[0]  # the rule view is untouched


def test_model_threshold_option_overrides_the_models():
    text = f"Talks resume\n\n{PROSE}\n\n{PROSE_2}\n"
    assert clean_text(text, options=CleanOptions(model_threshold=0.0)).body == (
        f"{PROSE}\n\n{PROSE_2}"
    )
    everything_goes = clean_text(text, options=CleanOptions(model_threshold=1.01))
    assert everything_goes.body == f"{PROSE}\n\n{PROSE_2}"  # never nothing: the rules stand
