"""The proof that a move kept the function: compare f_θ and f_θ' in float64 where the lesson looks.

Two numbers make the case: ``max |f_θ − f_θ'|`` over a dense grid of the plotted region and over
every data point (~1e-15 for a symmetry: rounding only), and ``‖θ − θ'‖`` (large: the weights
really moved). A coarser grid of |f_θ − f_θ'| is kept for the difference map.

For a classification network f_θ is the raw output (the logit, before the sigmoid), which is what the
gap above measures; the plots show P(class 1) = σ(f_θ), which saturates, so a logit gap of 10 can be a
small change of the picture. The proof therefore also measures ``max |σ(f_θ) − σ(f_θ')|`` for
classification (``probability_gap``), and the words say both numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import expit

from core.engine.data import CLASSIFICATION, Dataset
from core.engine.distances import function_gap, parameter_distance

# The proof grid is the region the decision figures draw, so it uses the very same extent and grid.
from core.engine.grids import input_grid, plot_extent
from core.engine.mlp import Params, forward
from core.validation import check_int

SAME_FUNCTION = 1e-12  # float64 rounding on these networks is ~1e-15; a gap this small is "the same function"
DENSE = 200     # 200 x 200 = 40,000 points for the max over the plane (4,000 on a line)
DISPLAY = 80    # resolution of the difference map


@dataclass(frozen=True, eq=False)
class Proof:
    grid_gap: float            # max |Δf| over the dense grid
    data_gap: float            # max |Δf| over every data point (train and test)
    parameter_distance: float  # ‖θ − θ'‖₂
    n_grid: int
    n_data: int
    xs: np.ndarray             # display grid axes (ys is None for 1-D inputs)
    ys: np.ndarray | None
    difference: np.ndarray     # |Δf| on the display grid: (len(ys), len(xs)) or (len(xs),)
    # Classification only (None for regression): max |σ(f_θ) − σ(f_θ')| = the largest change of P(class 1)
    probability_grid_gap: float | None = None
    probability_data_gap: float | None = None

    @property
    def classification(self) -> bool:
        """True when f is a logit and the pictures show P(class 1) = σ(f)."""
        return self.probability_grid_gap is not None

    @property
    def gap(self) -> float:
        """The headline number: max |Δf| over grid and data together."""
        return max(self.grid_gap, self.data_gap)

    @property
    def probability_gap(self) -> float | None:
        """Classification: the largest change of P(class 1) over grid and data (None for regression)."""
        if self.probability_grid_gap is None or self.probability_data_gap is None:
            return None
        return max(self.probability_grid_gap, self.probability_data_gap)


def gap_words(proof: Proof) -> str:
    """What the gap measures, in words built from the measured numbers: "outputs differ by up to 0.3" for
    regression; for classification the raw outputs (logits, before the sigmoid) and P(class 1), both."""
    if proof.probability_gap is None:
        return f"outputs differ by up to {proof.gap:.2g}"
    return (f"raw outputs (logits, before the sigmoid) differ by up to {proof.gap:.2g}; "
            f"P(class 1) by up to {proof.probability_gap:.2g}")


def probability_gap(original: Params, current: Params, X: np.ndarray, activation: str) -> float:
    """max over the rows of X of |σ(f_θ(x)) − σ(f_θ'(x))| in float64: the change of P(class 1)."""
    before, after = forward(original, X, activation), forward(current, X, activation)
    return float(np.max(np.abs(expit(before) - expit(after))))


def _points(low, high, resolution: int, input_dim: int):
    if input_dim == 1:
        xs = np.linspace(low[0], high[0], resolution * 20)
        return xs, None, xs[:, None]
    return input_grid(low, high, resolution)


def probe_points(datasets: list[Dataset], resolution: int = 60) -> np.ndarray:
    """The data points plus a grid over their region: where other panels measure max |Δf|."""
    datasets = [d for d in datasets if d is not None and d.n_samples]
    low, high = plot_extent(*datasets)
    grid = _points(low, high, check_int(resolution, "resolution", (2, 1000)), datasets[0].input_dim)[2]
    return np.concatenate([grid] + [d.X for d in datasets])


def prove(original: Params, current: Params, activation: str, datasets: list[Dataset], *,
          dense: int = DENSE, display: int = DISPLAY) -> Proof:
    """Compare ``original`` and ``current`` on a dense grid over the data's region and on the data."""
    datasets = [d for d in datasets if d is not None and d.n_samples]
    if not datasets:
        raise ValueError("datasets: need at least one non-empty dataset to place the grid")
    input_dim = datasets[0].input_dim
    if input_dim not in (1, 2) or original.widths[0] != input_dim:
        raise ValueError(f"the network takes {original.widths[0]} inputs and the data has {input_dim}: "
                         "the proof panel draws 1 or 2 inputs that match")
    dense, display = check_int(dense, "dense", (10, 1000)), check_int(display, "display", (10, 300))
    low, high = plot_extent(*datasets)
    _, _, grid = _points(low, high, dense, input_dim)
    X = np.concatenate([d.X for d in datasets])
    xs, ys, shown = _points(low, high, display, input_dim)
    difference = np.abs(forward(original, shown, activation) - forward(current, shown, activation))[:, 0]
    classification = datasets[0].task == CLASSIFICATION
    return Proof(
        grid_gap=function_gap(original, current, grid, activation),
        data_gap=function_gap(original, current, X, activation),
        parameter_distance=parameter_distance(original, current),
        n_grid=len(grid), n_data=len(X), xs=xs, ys=ys,
        difference=difference if ys is None else difference.reshape(len(ys), len(xs)),
        probability_grid_gap=probability_gap(original, current, grid, activation) if classification else None,
        probability_data_gap=probability_gap(original, current, X, activation) if classification else None,
    )
