"""The interpolation barrier: the loss along the straight line from θ_A to θ_B, before and after
aligning B's units to A's (core.symmetry.alignment, Git Re-Basin's weight matching).

Two independently trained networks usually sit in "different orderings" of the same kind of
solution, so the midpoint of the straight line between them is a poor network (a loss bump, the
barrier). Aligned B computes exactly B's function, yet the line to it is often much flatter.
Barrier = max_t [L(θ_t) − ((1 − t) L(θ_A) + t L(θ_B))], the bump above the chord (≥ 0 here).

The loss is the training loss (core.engine.losses): one output, labels 0/1 for classification.
Anything else (a 3-class classifier imported from scikit-learn, say) is refused, not scored on
its first logit (the checks live in core.engine.data, so this module never loads torch).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.engine.data import CLASSIFICATION, Dataset, check_binary_labels, check_loss_inputs
from core.engine.mlp import Params, forward
from core.symmetry.alignment import Alignment, align
from core.validation import check_int


@dataclass(frozen=True, eq=False)
class BarrierStudy:
    alignment: Alignment
    ts: np.ndarray
    loss_before: np.ndarray  # along θ_A → θ_B
    loss_after: np.ndarray   # along θ_A → aligned θ_B
    barrier_before: float
    barrier_after: float


def mean_loss(params: Params, data: Dataset, activation: str) -> float:
    """The training loss in float64 numpy: binary cross-entropy on logits, or mean squared error.

    ValueError for a network with more than one output or data it cannot score (see core.engine.losses).
    """
    check_loss_inputs(params.widths, data, "data")
    if data.task == CLASSIFICATION:
        check_binary_labels(data.y, "data.y")  # again: a Dataset's arrays can be changed in place
    f = forward(params, data.X, activation)[:, 0]
    if data.task == CLASSIFICATION:
        return float(np.mean(np.logaddexp(0.0, f) - data.y * f))  # stable log(1 + e^f) - y f
    return float(np.mean((f - data.y) ** 2))


def loss_along_line(params_a: Params, params_b: Params, data: Dataset, activation: str, *,
                    n_points: int = 41) -> tuple[np.ndarray, np.ndarray]:
    """(t, L((1 − t) θ_A + t θ_B)) for t evenly spaced in [0, 1]."""
    ts = np.linspace(0.0, 1.0, check_int(n_points, "n_points", (2, 1001)))
    a, b = params_a.flatten(), params_b.flatten()
    losses = [mean_loss(Params.unflatten((1 - t) * a + t * b, params_a.widths), data, activation) for t in ts]
    return ts, np.array(losses)


def barrier(ts: np.ndarray, losses: np.ndarray) -> float:
    """max_t [losses(t) − chord(t)]: the largest bump of ``losses`` above the line between its end values."""
    chord = (1 - ts) * losses[0] + ts * losses[-1]
    return float(np.max(losses - chord))


def barrier_study(params_a: Params, params_b: Params, data: Dataset, activation: str, *,
                  n_points: int = 41) -> BarrierStudy:
    """Align B to A, then measure the loss along both straight lines."""
    for name, params in (("params_a", params_a), ("params_b", params_b)):
        if not isinstance(params, Params):
            raise TypeError(f"{name} {type(params).__name__}: must be core.engine.mlp.Params")
        check_loss_inputs(params.widths, data, "data")  # before the alignment's work
    alignment = align(params_a, params_b, activation)
    ts, before = loss_along_line(params_a, params_b, data, activation, n_points=n_points)
    _, after = loss_along_line(params_a, alignment.aligned, data, activation, n_points=n_points)
    return BarrierStudy(alignment, ts, before, after, barrier(ts, before), barrier(ts, after))
