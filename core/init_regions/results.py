"""What the lesson "Where you start decides where you end" computes: result types only.

Light on purpose (numpy, no torch): figures and exports import these, never the trainers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.init_regions.shortcut import SwapSymmetry
from core.init_regions.task import MapSpec
from core.init_regions.width_spec import WidthSpec


@dataclass(frozen=True, eq=False)
class MapResult:
    """Arrays over the K = R² cells (row-major over y) of one map."""

    spec: MapSpec
    xs: np.ndarray
    ys: np.ndarray
    starts: np.ndarray           # (K, S) initial parameters, flattened
    final: np.ndarray            # (K, S) final parameters (last finite ones after a divergence)
    final_loss: np.ndarray       # (K,) NaN for diverged starts
    diverged_at: np.ndarray      # (K,) step of divergence, -1 if none
    frame_steps: np.ndarray      # (F,)
    frame_loss: np.ndarray       # (F, K)
    trajectory_cells: np.ndarray  # (M,) cells whose path is drawn
    trajectories: np.ndarray     # (F, M, 2) the two varied coordinates at each frame step
    trained: np.ndarray          # (K,) True where the start was trained, False where mirrored
    symmetry: SwapSymmetry | None  # the slice's swap symmetry, whether or not the shortcut used it
    device: str = "CPU"          # what trained it, in words (core.engine.device.device_words)

    @property
    def resolution(self) -> int:
        """R, the number of grid points along each axis."""
        return len(self.xs)

    @property
    def network_steps_trained(self) -> int:
        """The work actually done: trained starts x steps."""
        return int(self.trained.sum()) * self.spec.steps

    @property
    def network_steps_full(self) -> int:
        """The work of training every start: all K starts x steps."""
        return self.trained.size * self.spec.steps


@dataclass(frozen=True, eq=False)
class ZeroDemo:
    """A zero- or constant-initialised network trained: its units never tell themselves apart."""

    scheme: str
    width: int
    steps: np.ndarray           # every step 0..T
    unit_spread: np.ndarray     # (T+1,) max |unit j - unit 1| over all units' parameters, per step
    merged_gap: np.ndarray      # (T+1,) max |f_width-d(x) - f_merged-width-1(x)| on the data, per step
    hidden_size: np.ndarray     # (T+1,) max |θ| over every hidden unit's incoming weights, bias and outgoing weight
    output_bias: np.ndarray     # (T+1,) the output bias b_1, per step
    shown_steps: np.ndarray     # steps whose unit curves are kept
    xs: np.ndarray              # inputs of the curves
    unit_curves: np.ndarray     # (len(shown_steps), width, len(xs)) hidden unit outputs
    outputs: np.ndarray         # (len(shown_steps), len(xs)) network output
    target: np.ndarray          # (len(xs),) the teacher's output
    final_loss: float

    @property
    def units_silent(self) -> bool:
        """Every hidden unit's incoming and outgoing weights (and bias) exactly 0 at every step: a constant function."""
        return bool(np.all(self.hidden_size == 0.0))

    @property
    def units_identical(self) -> bool:
        """Every unit exactly equal to unit 1 at every step (incoming weights, bias and outgoing weight)."""
        return bool(np.all(self.unit_spread == 0.0))


@dataclass(frozen=True)
class WidthRow:
    """One cell of the width experiment: the starts of one (scheme, width), counted after ``budget`` steps.

    A start *recovered* the teacher when its grid error (largest gap to the teacher's function on
    the dense grid, core.init_regions.width_task) is at most the spec's tolerance; (low, high) is
    the Wilson 95% interval of successes / n_starts. Non-finite values are NaN.
    """

    scheme: str
    width: int
    budget: int                 # training steps after which the starts were judged
    successes: int
    n_starts: int
    low: float
    high: float
    median_error: float         # median grid error over the starts
    best_error: float           # smallest grid error of any start
    best_loss: float            # smallest training MSE of any start
    diverged: int               # starts that diverged within the budget

    @property
    def share(self) -> float:
        """The share of starts that recovered the teacher's function."""
        return self.successes / self.n_starts


@dataclass(frozen=True)
class WidthResult:
    """The width experiment's rows, ordered by scheme, then width, then budget."""

    spec: WidthSpec
    rows: tuple[WidthRow, ...]

    def curve(self, scheme: str, budget: int | None = None) -> list[WidthRow]:
        """The rows of ``scheme`` at ``budget`` (default: the longest), in width order: one curve of the figure."""
        budget = max(self.spec.budgets) if budget is None else budget
        return [row for row in self.rows if row.scheme == scheme and row.budget == budget]
