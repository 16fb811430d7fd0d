"""A classifier's answers on a dataset, class by class: which class it predicts for each true class (the
confusion matrix) and how sure it is (the mean probability it gives every class, per true class).

Predictions follow the trainers' accuracy rule exactly (core.engine.losses): the argmax of K >= 2 logits, and
logit > 0 for one logit. Probabilities are softmax over K logits, and (1 − σ, σ) for one logit (P(class 0),
P(class 1)). Counting is scikit-learn's confusion_matrix, with every class listed even where it has no point.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import expit, softmax
from sklearn.metrics import confusion_matrix

from core.engine.data import CLASSIFICATION, Dataset, output_width
from core.engine.mlp import Params, forward, require_params


@dataclass(frozen=True)
class ClassReport:
    """``counts[i, j]``: points of true class i predicted as j. ``mean_probabilities[i, j]``: the mean, over the
    points of true class i, of the probability the network gives class j (NaN rows for a class with no point)."""

    counts: np.ndarray
    mean_probabilities: np.ndarray

    @property
    def n_points(self) -> int:
        """How many points the report counts."""
        return int(self.counts.sum())

    @property
    def accuracy(self) -> float:
        """Share of points on the diagonal (NaN for no points)."""
        return float(np.trace(self.counts) / self.n_points) if self.n_points else float("nan")


def probabilities(logits: np.ndarray) -> np.ndarray:
    """(n, K) class probabilities of (n, K) logits, K >= 2; (n, 2) = (1 − σ, σ) of (n, 1) logits."""
    if logits.shape[1] == 1:
        p = expit(logits[:, 0])
        return np.column_stack([1.0 - p, p])
    return softmax(logits, axis=1)


def predicted_classes(logits: np.ndarray) -> np.ndarray:
    """The trainers' rule: argmax of several logits, logit > 0 for one."""
    return (logits[:, 0] > 0).astype(int) if logits.shape[1] == 1 else np.argmax(logits, axis=1)


def class_report(params: Params, activation: str, data: Dataset) -> ClassReport:
    """The confusion matrix and mean class probabilities of the network ``params`` on ``data`` (a classification
    set; ValueError for regression)."""
    params = require_params(params)
    if data.task != CLASSIFICATION or data.n_classes is None:
        raise ValueError(f"data task {data.task!r}: a class report needs classification data")
    k = int(data.n_classes)
    if params.widths[-1] != output_width(data):
        raise ValueError(f"params output width {params.widths[-1]}: must be {output_width(data)} for {k} classes")
    logits = forward(params, data.X, activation)
    labels = data.y.astype(int)
    counts = confusion_matrix(labels, predicted_classes(logits), labels=list(range(k)))
    probs = probabilities(logits)
    means = np.full((k, k), np.nan)
    for true_class in range(k):
        mine = labels == true_class
        if mine.any():
            means[true_class] = probs[mine].mean(axis=0)
    return ClassReport(counts, means)
