"""The interpolation barrier: a loss (or a metric) along the straight line from θ_A to θ_B, before and
after aligning B's units to A's (core.symmetry.alignment, Git Re-Basin's weight matching).

Two independently trained networks usually sit in "different orderings" of the same kind of
solution, so the midpoint of the straight line between them is a poor network (a loss bump, the
barrier). Aligned B computes exactly B's function, yet the line to it is often much flatter.

For a loss L (lower is better): barrier = max_t [L(θ_t) − ((1 − t) L(θ_A) + t L(θ_B))], the largest bump
above the chord. For a metric M (higher is better, e.g. accuracy): barrier = max_t [((1 − t) M(θ_A) +
t M(θ_B)) − M(θ_t)], the largest dip below the chord, i.e. the barrier of the loss −M (for accuracy it
equals the error barrier of 1 − accuracy). Either way a larger barrier is a worse line, and it is ≥ 0
because the ends lie on the chord.

Without ``loss``/``metric`` the score is the training loss (core.engine.losses, :func:`mean_loss`): binary
cross-entropy for 2 classes (one logit), softmax cross-entropy for K >= 3 classes (K logits), mean squared
error for regression; a network whose output width does not fit the data (core.engine.data.output_width)
is refused, never scored on its first logit. A ``loss=`` or ``metric=`` callable receives (outputs, y), outputs the
logits of shape (n_samples, d_out) in float64, and returns a number: any number of outputs and any
labels it understands (core.symmetry.scores has softmax cross-entropy and accuracy). With a callable,
``data`` may also be a pair (X, y). This module never loads torch.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.special import log_softmax

from core.engine.data import CLASSIFICATION, Dataset, check_class_labels, check_loss_inputs
from core.engine.mlp import Params, forward, require_params
from core.symmetry.alignment import Alignment, align
from core.validation import check_array, check_int

Score = Callable[[np.ndarray, np.ndarray], float]


@dataclass(frozen=True, eq=False)
class BarrierStudy:
    alignment: Alignment
    ts: np.ndarray
    loss_before: np.ndarray  # the score along θ_A → θ_B (a loss, or a metric when higher_is_better)
    loss_after: np.ndarray   # along θ_A → aligned θ_B
    barrier_before: float
    barrier_after: float
    higher_is_better: bool = False  # True when the score is a metric (barrier: the dip below the chord)


def mean_loss(params: Params, data: Dataset, activation: str) -> float:
    """The training loss in float64 numpy: binary cross-entropy on the logit (2 classes), softmax cross-entropy
    on the logits (K >= 3 classes; scikit-learn's log_loss), or mean squared error (regression).

    ValueError for an output width that does not fit the data, or labels it cannot score (core.engine.data).
    """
    check_loss_inputs(params.widths, data, "data")
    if data.task == CLASSIFICATION:
        check_class_labels(data.y, "data.y", data.n_classes)  # again: a Dataset's arrays can be changed in place
    outputs = forward(params, data.X, activation)
    if data.task == CLASSIFICATION and outputs.shape[1] > 1:
        picked = log_softmax(outputs, axis=1)[np.arange(data.n_samples), data.y.astype(np.int64)]
        return float(-np.mean(picked))
    f = outputs[:, 0]
    if data.task == CLASSIFICATION:
        return float(np.mean(np.logaddexp(0.0, f) - data.y * f))  # stable log(1 + e^f) - y f
    return float(np.mean((f - data.y) ** 2))


@dataclass(frozen=True)
class _Scorer:
    """How one network is scored: the default training loss, or a callable on (outputs, y)."""

    function: Score | None
    name: str
    higher_is_better: bool
    X: np.ndarray | None = None
    y: np.ndarray | None = None

    def __call__(self, params: Params, data: Any, activation: str) -> float:
        if self.function is None or self.X is None or self.y is None:
            return mean_loss(params, data, activation)
        value = self.function(forward(params, self.X, activation), self.y)
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise TypeError(f"{self.name} returned {type(value).__name__}: must return a number") from None
        if not np.isfinite(number):
            raise ValueError(f"{self.name} returned {number}: must return a finite number")
        return number


def _scorer(widths: tuple[int, ...], data: Any, loss: Score | None, metric: Score | None) -> _Scorer:
    """Check ``data`` against the network and the choice of score before any work."""
    if loss is not None and metric is not None:
        raise ValueError("loss and metric both given: pass one (loss: lower is better; metric: higher is better)")
    function, name = (loss, "loss") if loss is not None else (metric, "metric")
    if function is None:
        if not isinstance(data, Dataset):
            raise TypeError(f"data {type(data).__name__}: the default loss needs a core.engine.data.Dataset; a pair "
                            "(X, y) is accepted once you pass loss= or metric= (a callable (outputs, y) -> number)")
        check_loss_inputs(widths, data, "data")
        return _Scorer(None, "loss", False)
    if not callable(function):
        raise TypeError(f"{name} {type(function).__name__}: must be a callable (outputs, y) -> number")
    if isinstance(data, Dataset):
        X, y = data.X, data.y
    elif isinstance(data, tuple) and len(data) == 2:
        X, y = check_array(data[0], "data X", ndim=2), np.asarray(data[1])
    else:
        raise TypeError(f"data {type(data).__name__}: must be a core.engine.data.Dataset or a pair (X, y)")
    if X.shape[1] != widths[0] or len(y) != X.shape[0]:
        raise ValueError(f"data has X of shape {X.shape} and {len(y)} targets: the network takes {widths[0]} "
                         "inputs and needs one target per row of X")
    return _Scorer(function, name, metric is not None, X, y)


def loss_along_line(params_a: Params, params_b: Params, data: Any, activation: str, *, n_points: int = 41,
                    loss: Score | None = None, metric: Score | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(t, score((1 − t) θ_A + t θ_B)) for t evenly spaced in [0, 1]; the score as in the module docstring."""
    ts = np.linspace(0.0, 1.0, check_int(n_points, "n_points", (2, 1001)))
    score = _scorer(require_params(params_a).widths, data, loss, metric)
    return ts, _along(score, params_a, params_b, data, activation, ts)


def _along(score: _Scorer, params_a: Params, params_b: Params, data: Any, activation: str,
           ts: np.ndarray) -> np.ndarray:
    a, b = params_a.flatten(), params_b.flatten()
    return np.array([score(Params.unflatten((1 - t) * a + t * b, params_a.widths), data, activation) for t in ts])


def barrier(ts: np.ndarray, losses: np.ndarray, *, higher_is_better: bool = False) -> float:
    """The largest bump of ``losses`` above the chord between its end values (a loss), or with
    ``higher_is_better`` the largest dip of a metric below it (see the module docstring)."""
    chord = (1 - ts) * losses[0] + ts * losses[-1]
    return float(np.max(chord - losses if higher_is_better else losses - chord))


def barrier_study(params_a: Params, params_b: Params, data: Any, activation: str, *, n_points: int = 41,
                  loss: Score | None = None, metric: Score | None = None,
                  align_options: Mapping[str, Any] | None = None) -> BarrierStudy:
    """Align B to A (``align_options``: keywords of core.symmetry.alignment.align, e.g. group= or
    method=), then measure the score along both straight lines (the training loss, or ``loss``/``metric``)."""
    for name, params in (("params_a", params_a), ("params_b", params_b)):
        if not isinstance(params, Params):
            raise TypeError(f"{name} {type(params).__name__}: must be core.engine.mlp.Params")
        score = _scorer(params.widths, data, loss, metric)  # before the alignment's work
    ts = np.linspace(0.0, 1.0, check_int(n_points, "n_points", (2, 1001)))
    alignment = align(params_a, params_b, activation, **dict(align_options or {}))
    before = _along(score, params_a, params_b, data, activation, ts)
    after = _along(score, params_a, alignment.aligned, data, activation, ts)
    higher = score.higher_is_better
    return BarrierStudy(alignment, ts, before, after, barrier(ts, before, higher_is_better=higher),
                        barrier(ts, after, higher_is_better=higher), higher)
