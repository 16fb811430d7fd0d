"""The proof that a move kept the function: compare f_θ and f_θ' in float64 where the lesson looks.

Two numbers make the case: ``max |f_θ − f_θ'|`` over a dense grid of the plotted region and over
every data point (~1e-15 for a symmetry: rounding only), and ``‖θ − θ'‖`` (large: the weights
really moved). A coarser grid of |f_θ − f_θ'| is kept for the difference map.

For a classification network f_θ is the raw output (the logit, before the sigmoid), which is what the
gap above measures; the plots show P(class 1) = σ(f_θ), which saturates, so a logit gap of 10 can be a
small change of the picture. The proof therefore also measures ``max |σ(f_θ) − σ(f_θ')|`` for
classification (``probability_gap``), and the words say both numbers.

Any number of outputs: gaps are maxima over every output (a K-class network's K logits), and the
probabilities are σ(f) for one output, softmax(f) over K >= 2 outputs (every class's probability).
Any number of inputs: with 1 or 2 the probe is the plotted line or plane; with more (e.g. the 64 pixels
of digits) nothing is plotted and the "grid" is ``WIDE_PROBES`` points drawn uniformly in the data's box
(seeded: the same points every time), beside every data point.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import expit, softmax

from core import rng as rng_streams
from core.engine.data import CLASSIFICATION, Dataset
from core.engine.distances import function_gap, parameter_distance

# The proof grid is the region the decision figures draw, so it uses the very same extent and grid.
from core.engine.grids import input_grid, plot_extent
from core.engine.mlp import Params, forward
from core.validation import check_int

SAME_FUNCTION = 1e-12  # float64 rounding on these networks is ~1e-15; a gap this small is "the same function"
DENSE = 200     # 200 x 200 = 40,000 points for the max over the plane (4,000 on a line)
DISPLAY = 80    # resolution of the difference map
WIDE_PROBES = 4_000  # probe points in the data's box for networks with more than 2 inputs (no plane to grid)


@dataclass(frozen=True, eq=False)
class Proof:
    grid_gap: float            # max |Δf| over the dense grid
    data_gap: float            # max |Δf| over every data point (train and test)
    parameter_distance: float  # ‖θ − θ'‖₂
    n_grid: int
    n_data: int
    xs: np.ndarray             # display grid axes (ys is None for 1-D inputs)
    ys: np.ndarray | None
    difference: np.ndarray     # max over outputs of |Δf| on the display grid: (len(ys), len(xs)) or (len(xs),);
    #                            empty (as xs) for more than 2 inputs, where nothing is plotted
    # Classification only (None for regression): the largest change of a class probability, max |σ(f_θ) − σ(f_θ')|
    # for one output (P(class 1)), max over classes of |softmax(f_θ) − softmax(f_θ')| for several
    probability_grid_gap: float | None = None
    probability_data_gap: float | None = None
    n_outputs: int = 1         # several: f is a vector of logits and the probabilities are a softmax

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
        """Classification: the largest change of a class probability over grid and data (None for regression)."""
        if self.probability_grid_gap is None or self.probability_data_gap is None:
            return None
        return max(self.probability_grid_gap, self.probability_data_gap)


def gap_words(proof: Proof) -> str:
    """What the gap measures, in words built from the measured numbers: "outputs differ by up to 0.3" for
    regression; for classification the raw outputs (logits) and the class probabilities, both."""
    if proof.probability_gap is None:
        return f"outputs differ by up to {proof.gap:.2g}"
    if proof.n_outputs > 1:
        return (f"raw outputs ({proof.n_outputs} logits, before the softmax) differ by up to {proof.gap:.2g}; "
                f"class probabilities by up to {proof.probability_gap:.2g}")
    return (f"raw outputs (logits, before the sigmoid) differ by up to {proof.gap:.2g}; "
            f"P(class 1) by up to {proof.probability_gap:.2g}")


def class_probabilities(logits: np.ndarray) -> np.ndarray:
    """Class probabilities of (n, K) logits: σ for one output (P(class 1)), softmax over K >= 2 outputs."""
    return expit(logits) if logits.shape[1] == 1 else softmax(logits, axis=1)


def probability_gap(original: Params, current: Params, X: np.ndarray, activation: str) -> float:
    """max over the rows of X (and the classes) of the change of a class probability, in float64:
    |σ(f_θ(x)) − σ(f_θ'(x))| for one output, |softmax(f_θ(x)) − softmax(f_θ'(x))| for several."""
    before, after = forward(original, X, activation), forward(current, X, activation)
    return float(np.max(np.abs(class_probabilities(before) - class_probabilities(after))))


def _points(low, high, resolution: int, input_dim: int):
    if input_dim == 1:
        xs = np.linspace(low[0], high[0], resolution * 20)
        return xs, None, xs[:, None]
    return input_grid(low, high, resolution)


def _box_points(low: np.ndarray, high: np.ndarray, n: int) -> np.ndarray:
    """``n`` points uniform in the box [low, high] (more than 2 inputs: no plane to grid), always the same ones."""
    return rng_streams.stream(0, "symmetry").uniform(low, high, size=(n, len(low)))


def _probe(low, high, resolution: int, input_dim: int, n_wide: int) -> np.ndarray:
    return _points(low, high, resolution, input_dim)[2] if input_dim <= 2 else _box_points(low, high, n_wide)


def probe_points(datasets: list[Dataset], resolution: int = 60) -> np.ndarray:
    """The data points plus a grid over their region (more than 2 inputs: ``WIDE_PROBES`` points in the data's
    box): where other panels measure max |Δf|."""
    datasets = [d for d in datasets if d is not None and d.n_samples]
    low, high = plot_extent(*datasets)
    grid = _probe(low, high, check_int(resolution, "resolution", (2, 1000)), datasets[0].input_dim, WIDE_PROBES)
    return np.concatenate([grid] + [d.X for d in datasets])


def prove(original: Params, current: Params, activation: str, datasets: list[Dataset], *,
          dense: int = DENSE, display: int = DISPLAY) -> Proof:
    """Compare ``original`` and ``current`` on a dense grid over the data's region and on the data."""
    datasets = [d for d in datasets if d is not None and d.n_samples]
    if not datasets:
        raise ValueError("datasets: need at least one non-empty dataset to place the grid")
    input_dim = datasets[0].input_dim
    if original.widths[0] != input_dim:
        raise ValueError(f"the network takes {original.widths[0]} inputs and the data has {input_dim}: "
                         "they must match")
    dense, display = check_int(dense, "dense", (10, 1000)), check_int(display, "display", (10, 300))
    low, high = plot_extent(*datasets)
    grid = _probe(low, high, dense, input_dim, WIDE_PROBES)
    X = np.concatenate([d.X for d in datasets])
    if input_dim <= 2:
        xs, ys, shown = _points(low, high, display, input_dim)
    else:  # nothing is plotted: no display grid
        xs, ys, shown = np.empty(0), None, np.empty((0, input_dim))
    difference = np.abs(forward(original, shown, activation) - forward(current, shown, activation)).max(
        axis=1, initial=0.0)
    classification = datasets[0].task == CLASSIFICATION
    return Proof(
        grid_gap=function_gap(original, current, grid, activation),
        data_gap=function_gap(original, current, X, activation),
        parameter_distance=parameter_distance(original, current),
        n_grid=len(grid), n_data=len(X), xs=xs, ys=ys,
        difference=difference if ys is None else difference.reshape(len(ys), len(xs)),
        probability_grid_gap=probability_gap(original, current, grid, activation) if classification else None,
        probability_data_gap=probability_gap(original, current, X, activation) if classification else None,
        n_outputs=original.widths[-1],
    )
