"""Can a narrower student fit the teacher at all? The best fit found with a long budget, per narrow width.

The width experiment's claim "a narrower student cannot recover this teacher" must be shown,
not asserted. For each width below the teacher's, ``starts`` random starts are fitted to the
training points by a least-squares solver (Levenberg-Marquardt, float64, run until it converges
or ``max_evaluations`` is spent: a far longer budget than any training run of the experiment).
The floor reports the lowest training MSE and the lowest grid error found. It is the best
*found*, not a proven global minimum: a statement about these many long runs [OURS].

It takes a few seconds (about 4 s for the lesson's teacher), so the lesson's floor is shipped with
the scene data (core.init_regions.shipped) and computed live only for other settings, within
FLOOR_MAX_WORK.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
from scipy.optimize import least_squares

from core import limits
from core.init_regions.width_task import TEACHER_TASKS, grid_errors, width_training_data
from core.validation import check_choice, check_int

FLOOR_STARTS = 200
FLOOR_MAX_EVALUATIONS = 4000
_FLOOR_KEY = 1000
# Least-squares work cap of a live floor: starts x evaluations x points x parameters, summed over the
# widths (the lesson's floor is 3.5e8, about 4 s on one core; this allows about 3x that).
FLOOR_MAX_WORK = 1.2e9
_START_SCALE = 3.0  # starts spread over the teacher's own scale (weights and biases of a few units)


@dataclass(frozen=True)
class NarrowFloor:
    """The best fits found for one width below the teacher's."""

    width: int
    starts: int
    max_evaluations: int
    best_train_mse: float
    best_grid_error: float


def _residuals(params: np.ndarray, x: np.ndarray, y: np.ndarray, width: int) -> np.ndarray:
    w, b, v, c = params[:width], params[width:2 * width], params[2 * width:3 * width], params[3 * width]
    return np.tanh(np.outer(x, w) + b) @ v + c - y


def _jacobian(params: np.ndarray, x: np.ndarray, y: np.ndarray, width: int) -> np.ndarray:
    w, b, v = params[:width], params[width:2 * width], params[2 * width:3 * width]
    hidden = np.tanh(np.outer(x, w) + b)
    slope = (1 - hidden ** 2) * v
    return np.hstack([slope * x[:, None], slope, hidden, np.ones((len(x), 1))])


def floor_work(task: str, n_points: int, *, starts: int = FLOOR_STARTS,
               max_evaluations: int = FLOOR_MAX_EVALUATIONS) -> int:
    """The most work a floor can take: starts x evaluations x points x parameters, summed over the narrow widths."""
    teacher_width = TEACHER_TASKS[check_choice(task, "task", TEACHER_TASKS)]
    return starts * max_evaluations * n_points * sum(3 * w + 1 for w in range(1, teacher_width))


def check_floor_work(task: str, n_points: int, *, starts: int = FLOOR_STARTS,
                     max_evaluations: int = FLOOR_MAX_EVALUATIONS) -> None:
    """ValueError naming the work when a live floor would take more than FLOOR_MAX_WORK."""
    work = floor_work(task, n_points, starts=starts, max_evaluations=max_evaluations)
    if work > FLOOR_MAX_WORK:
        raise ValueError(f"least-squares floor work {work:.3g} (starts x evaluations x points x parameters) for task "
                         f"{task!r} with {n_points} points: at most {FLOOR_MAX_WORK:.3g} allowed live; use fewer "
                         "training points")


@functools.lru_cache(maxsize=8)
def narrow_floor(task: str, n_points: int, *, starts: int = FLOOR_STARTS,
                 max_evaluations: int = FLOOR_MAX_EVALUATIONS, seed: int = 0) -> tuple[NarrowFloor, ...]:
    """One NarrowFloor per width 1 .. teacher width - 1 (empty for a 1-unit teacher)."""
    teacher_width = TEACHER_TASKS[check_choice(task, "task", TEACHER_TASKS)]
    check_floor_work(task, n_points, starts=starts, max_evaluations=max_evaluations)
    return tuple(best_fit(task, n_points, width, starts=starts, max_evaluations=max_evaluations, seed=seed)
                 for width in range(1, teacher_width))


def best_fit(task: str, n_points: int, width: int, *, starts: int = FLOOR_STARTS,
             max_evaluations: int = FLOOR_MAX_EVALUATIONS, seed: int = 0) -> NarrowFloor:
    """The lowest training MSE and grid error of ``starts`` least-squares fits of a 1-``width``-1 student."""
    teacher_width = TEACHER_TASKS[check_choice(task, "task", TEACHER_TASKS)]
    check_int(width, "width", (1, 64))
    check_int(starts, "floor starts", (1, 10_000))
    check_int(seed, "seed", limits.SEED)
    data = width_training_data(task, n_points)
    x, y = data.X[:, 0], data.y
    # its own sub-stream (spawn keys past the named streams of core.rng): fixed by (seed, task, width)
    generator = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(_FLOOR_KEY, teacher_width, width)))
    fitted = []
    for _ in range(starts):
        start = generator.normal(scale=_START_SCALE, size=3 * width + 1)
        fit = least_squares(_residuals, start, jac=_jacobian, args=(x, y, width), method="lm",
                            max_nfev=max_evaluations)
        fitted.append(fit.x)
    fitted_array = np.array(fitted)
    mse = np.array([np.mean(_residuals(p, x, y, width) ** 2) for p in fitted_array])
    return NarrowFloor(width, starts, max_evaluations, float(np.min(mse)),
                       float(np.min(grid_errors(fitted_array, width, task))))
