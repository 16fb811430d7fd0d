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
    shown_steps: np.ndarray     # steps whose unit curves are kept
    xs: np.ndarray              # inputs of the curves
    unit_curves: np.ndarray     # (len(shown_steps), width, len(xs)) hidden unit outputs
    outputs: np.ndarray         # (len(shown_steps), len(xs)) network output
    target: np.ndarray          # (len(xs),) the teacher's output
    final_loss: float


@dataclass(frozen=True)
class WidthRow:
    """One cell of the width experiment: the starts of one (scheme, width), counted."""

    scheme: str
    width: int
    successes: int
    n_starts: int
    low: float
    high: float
    median_loss: float
    diverged: int

    @property
    def share(self) -> float:
        """The share of starts that fit perfectly."""
        return self.successes / self.n_starts


@dataclass(frozen=True)
class WidthResult:
    """The width experiment's rows, ordered by scheme then width."""

    spec: WidthSpec
    rows: tuple[WidthRow, ...]

    def curve(self, scheme: str) -> list[WidthRow]:
        """The rows of ``scheme``, in width order: one curve of the figure."""
        return [row for row in self.rows if row.scheme == scheme]
