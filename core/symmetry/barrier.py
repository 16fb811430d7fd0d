"""The interpolation barrier: the loss along the straight line from θ_A to θ_B, before and after
aligning B's units to A's (core.symmetry.alignment, Git Re-Basin's weight matching).

Two independently trained networks usually sit in "different orderings" of the same kind of
solution, so the midpoint of the straight line between them is a poor network (a loss bump, the
barrier). Aligned B computes exactly B's function, yet the line to it is often much flatter.
Barrier = max_t [L(θ_t) − ((1 − t) L(θ_A) + t L(θ_B))], the bump above the chord (≥ 0 here).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.engine.data import CLASSIFICATION, Dataset
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
    """The training loss in float64 numpy: binary cross-entropy on logits, or mean squared error."""
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
    alignment = align(params_a, params_b, activation)
    ts, before = loss_along_line(params_a, params_b, data, activation, n_points=n_points)
    _, after = loss_along_line(params_a, alignment.aligned, data, activation, n_points=n_points)
    return BarrierStudy(alignment, ts, before, after, barrier(ts, before), barrier(ts, after))
