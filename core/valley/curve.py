"""The interpolation curve between two networks: test loss and test accuracy at θ_t = (1 − t) θ_A + t θ_B.

Scored in float64 NumPy by core.symmetry.barrier (the loss: the training objective, softmax cross-entropy for
K >= 3 classes; the accuracy: core.symmetry.scores.accuracy), and the barriers are core.symmetry.barrier.barrier:
the largest bump of the loss above the chord between its end values, and the largest dip of the accuracy
below its chord. Both are >= 0 because the ends lie on their chords.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.engine.data import Dataset
from core.engine.mlp import Params
from core.symmetry.barrier import barrier, loss_along_line
from core.symmetry.scores import accuracy


@dataclass(frozen=True, eq=False)
class InterpolationCurve:
    """ts (T,), loss (T,) and accuracy (T,) along one straight line; ts[0] = 0 is θ_A, ts[-1] = 1 is θ_B."""

    ts: np.ndarray
    loss: np.ndarray
    accuracy: np.ndarray

    @property
    def loss_barrier(self) -> float:
        """max over t of loss(t) minus the chord (1 − t) loss(0) + t loss(1): the bump the line climbs."""
        return barrier(self.ts, self.loss)

    @property
    def accuracy_barrier(self) -> float:
        """max over t of the chord of the accuracy minus accuracy(t): the dip the line falls into."""
        return barrier(self.ts, self.accuracy, higher_is_better=True)


def interpolation_curve(params_a: Params, params_b: Params, data: Dataset, activation: str, *,
                        n_points: int = 21) -> InterpolationCurve:
    """Test loss and accuracy of ``data`` at ``n_points`` evenly spaced t in [0, 1] between θ_A and θ_B."""
    ts, loss = loss_along_line(params_a, params_b, data, activation, n_points=n_points)
    _, hits = loss_along_line(params_a, params_b, data, activation, n_points=n_points, metric=accuracy)
    return InterpolationCurve(ts, loss, hits)
