"""The width experiment's task: a tanh teacher, its training points, and the held-out grid that judges recovery.

A student *recovers the teacher's function* when the largest gap between the two functions on a
dense grid of GRID_POINTS evenly spaced x in the training interval [-2, 2] is at most the spec's
tolerance (docs/theory.md#width-experiment). The grid has 1,001 points; all but the two endpoints
lie between the 40 training points, so the rule judges the function, not the fit at the data.

The teachers are chosen so that a narrower student cannot recover them: "teacher3" is three
steep tanh units with alternating output signs (three transitions up, down, up); a width-2
network has only two. core.init_regions.width_floor measures how close a narrow student can get.

Light on purpose (numpy only): figures, exports and the spec import it.
"""

from __future__ import annotations

import numpy as np

from core.engine.activations import get_activation
from core.engine.data import REGRESSION, Dataset
from core.engine.mlp import Params, forward
from core.init_regions.task import TEACHER_X_RANGE
from core.validation import check_choice

# task -> hidden units (incoming weight w_j, bias b_j, outgoing weight v_j): f*(x) = sum_j v_j tanh(w_j x + b_j).
# Steep, well separated transitions (at x = -1.2, 0, 1.2 for teacher3; -0.6, 0.6 for teacher2) with
# alternating signs, so every unit is needed.
TEACHER_UNITS = {
    "teacher2": ((3.0, 1.8, 1.0), (3.0, -1.8, -1.0)),
    "teacher3": ((3.0, 3.6, 1.0), (3.0, 0.0, -1.0), (3.0, -3.6, 1.0)),
}
TEACHER_TASKS = {task: len(units) for task, units in TEACHER_UNITS.items()}
WIDTH_ACTIVATIONS = ("tanh",)  # the teachers are tanh networks
GRID_POINTS = 1001
RECOVERY_GRID = np.linspace(*TEACHER_X_RANGE, GRID_POINTS)
_EVAL_BLOCK = 64  # starts evaluated together: bounds the (starts x grid x width) array


def width_teacher(task: str) -> Params:
    """The teacher network 1-k-1 of ``task`` (output bias 0)."""
    units = np.array(TEACHER_UNITS[check_choice(task, "task", TEACHER_TASKS)])
    return Params((units[:, :1], units[None, :, 2]), (units[:, 1], np.zeros(1)))


def width_training_data(task: str, n_points: int) -> Dataset:
    """``n_points`` evenly spaced x in [-2, 2] and the teacher's exact outputs (no noise)."""
    x = np.linspace(*TEACHER_X_RANGE, n_points)[:, None]
    return Dataset(x, forward(width_teacher(task), x, "tanh")[:, 0], REGRESSION)


def teacher_on_grid(task: str) -> np.ndarray:
    """The teacher's outputs on RECOVERY_GRID (float64)."""
    return forward(width_teacher(task), RECOVERY_GRID[:, None], "tanh")[:, 0]


def grid_errors(flat: np.ndarray, width: int, task: str, activation: str = "tanh") -> np.ndarray:
    """Largest |f_student(x) - f_teacher(x)| over RECOVERY_GRID, per start, in float64.

    ``flat`` holds one 1-``width``-1 student per row in Params.flatten order (W_0, b_0, W_1, b_1).
    A row with a non-finite entry gets an infinite error.
    """
    flat = np.asarray(flat, dtype=np.float64).reshape(-1, 3 * width + 1)
    sigma, target = get_activation(activation).numpy, teacher_on_grid(task)
    errors = np.empty(len(flat))
    for first in range(0, len(flat), _EVAL_BLOCK):
        block = flat[first:first + _EVAL_BLOCK]
        w, b, v, c = block[:, :width], block[:, width:2 * width], block[:, 2 * width:3 * width], block[:, 3 * width]
        hidden = sigma(RECOVERY_GRID[None, :, None] * w[:, None, :] + b[:, None, :])  # (starts, grid, width)
        output = np.einsum("kgw,kw->kg", hidden, v) + c[:, None]
        with np.errstate(invalid="ignore"):
            gap = np.max(np.abs(output - target[None, :]), axis=1)
        errors[first:first + len(block)] = np.where(np.isfinite(gap), gap, np.inf)
    return errors


def recovered(errors: np.ndarray, tolerance: float) -> np.ndarray:
    """The success rule: the grid error is finite and at most ``tolerance``."""
    errors = np.asarray(errors)
    return np.isfinite(errors) & (errors <= tolerance)
