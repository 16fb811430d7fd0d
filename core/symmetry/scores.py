"""Ready-made scores for the barrier study (core.symmetry.barrier): callables ``(outputs, y) -> float``.

``outputs`` are a network's logits, float64 of shape (n_samples, d_out); ``y`` the targets, one per row.
They are multi-output aware: one output is a binary logit (or a regression value), several outputs
are the logits of a softmax over d_out classes with integer labels 0..d_out-1. Losses are lower-is-better
(pass as ``loss=``), accuracy is higher-is-better (pass as ``metric=``).
"""

from __future__ import annotations

import numpy as np
from scipy.special import log_softmax

from core.validation import shown


def _class_labels(outputs: np.ndarray, y: np.ndarray) -> np.ndarray:
    """y as integer class indices valid for ``outputs``' d_out (0/1 for one logit)."""
    classes = max(outputs.shape[1], 2)
    labels = np.asarray(y)
    if labels.shape != (outputs.shape[0],):
        raise ValueError(f"y has shape {labels.shape}: must have one label per row of outputs ({outputs.shape[0]})")
    as_int = labels.astype(np.int64)
    if not np.array_equal(as_int, labels) or as_int.min() < 0 or as_int.max() >= classes:
        bad = np.unique(labels[(as_int != labels) | (as_int < 0) | (as_int >= classes)])
        raise ValueError(f"y contains the label(s) {shown(bad.tolist())}: with {outputs.shape[1]} output(s) "
                         f"labels must be integers 0..{classes - 1}")
    return as_int


def softmax_cross_entropy(outputs: np.ndarray, y: np.ndarray) -> float:
    """Mean cross-entropy of integer labels under softmax(outputs) (d_out ≥ 2), or binary cross-entropy
    on the logit (d_out = 1): what scikit-learn's ``log_loss`` computes from ``predict_proba``."""
    labels = _class_labels(outputs, y)
    if outputs.shape[1] == 1:
        f = outputs[:, 0]
        return float(np.mean(np.logaddexp(0.0, f) - labels * f))  # stable log(1 + e^f) − y f
    return float(-np.mean(log_softmax(outputs, axis=1)[np.arange(len(labels)), labels]))


def accuracy(outputs: np.ndarray, y: np.ndarray) -> float:
    """Share of rows whose predicted class (argmax of the logits; logit > 0 for one output) is y."""
    labels = _class_labels(outputs, y)
    predicted = (outputs[:, 0] > 0).astype(np.int64) if outputs.shape[1] == 1 else np.argmax(outputs, axis=1)
    return float(np.mean(predicted == labels))


def mean_squared_error(outputs: np.ndarray, y: np.ndarray) -> float:
    """Mean over rows of the squared error summed over outputs (y of shape (n,) or (n, d_out))."""
    targets = np.asarray(y, dtype=np.float64).reshape(outputs.shape[0], -1)
    if targets.shape[1] != outputs.shape[1]:
        raise ValueError(f"y has shape {np.shape(y)}: must have one target per output ({outputs.shape[1]}) per row")
    return float(np.mean(np.sum((outputs - targets) ** 2, axis=1)))
