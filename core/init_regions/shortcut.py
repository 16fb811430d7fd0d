"""The symmetry shortcut: on a swap-symmetric slice, train half the starts and mirror the rest.

Gradient descent (and Adam, and minibatch SGD with a shared batch order) is equivariant under
permutations of hidden units: train(g·θ₀) = g·train(θ₀) ([RECON], docs/theory.md#training-symmetry). On a slice
whose two axes are the same coordinate of units a and b, with every other coordinate unchanged
by swapping a and b, the start at (x, y) is the swap of the start at (y, x). So only the cells
with x ≥ y (the representative half, diagonal included) need training; each other cell's whole
run is its mirror cell's run with units a and b swapped.

Grids are row-major over y: cell k = iy * R + ix starts at (xs[ix], ys[iy]).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from core.engine.mlp import Params, count_params
from core.symmetry.transforms import permute


@dataclass(frozen=True, eq=False)
class SwapSymmetry:
    """Swapping hidden units ``units`` (1-based) maps the slice to itself, mirroring it across x = y.

    ``perm`` permutes flattened parameters: (g·θ)[i] = θ[perm[i]]; the swap is its own inverse.
    """

    units: tuple[int, int]
    perm: np.ndarray


def swap_permutation(widths: Sequence[int], a: int, b: int) -> np.ndarray:
    """Coordinate permutation of swapping hidden units a and b (1-based) of a one-hidden-layer net."""
    order = list(range(widths[1]))
    order[a - 1], order[b - 1] = b - 1, a - 1
    positions = Params.unflatten(np.arange(count_params(widths), dtype=np.float64), widths)
    return permute(positions, [order]).flatten().astype(np.intp)  # where each coordinate comes from


def find_swap_symmetry(widths: Sequence[int], x_index: int, y_index: int, base: np.ndarray, xs: np.ndarray,
                       ys: np.ndarray) -> SwapSymmetry | None:
    """The unit swap that mirrors this slice across its diagonal, or None if there is none.

    Needs: identical axes (same values), the swap exchanging the two varied coordinates, and the
    base parameters (every other coordinate) unchanged by the swap.
    """
    if len(xs) != len(ys) or not np.array_equal(xs, ys):
        return None
    others = np.setdiff1d(np.arange(len(base)), [x_index, y_index])
    for a in range(1, widths[1] + 1):
        for b in range(a + 1, widths[1] + 1):
            perm = swap_permutation(widths, a, b)
            exchanges = perm[x_index] == y_index and perm[y_index] == x_index
            if exchanges and np.array_equal(base[perm][others], base[others]):
                return SwapSymmetry((a, b), perm)
    return None


def mirror_cells(resolution: int) -> np.ndarray:
    """mirror[k]: the cell whose start is the swap of cell k's start (transpose of the grid)."""
    iy, ix = np.divmod(np.arange(resolution * resolution), resolution)
    return ix * resolution + iy


def representative_cells(resolution: int) -> np.ndarray:
    """Cells with x ≥ y (ix ≥ iy): the half trained by the shortcut, diagonal included."""
    iy, ix = np.divmod(np.arange(resolution * resolution), resolution)
    return ix >= iy


def saving_factor(resolution: int) -> float:
    """Network-steps of the full map over those of the shortcut: R² / (R(R+1)/2) = 2R/(R+1)."""
    return 2 * resolution / (resolution + 1)


def mirror_rows(values: np.ndarray, resolution: int, trained: np.ndarray,
                perm: np.ndarray | None = None) -> np.ndarray:
    """Fill the untrained cells (rows along axis 0) from their mirror cells, permuting columns by ``perm``."""
    out = np.array(values, copy=True)
    source = mirror_cells(resolution)[~trained]
    filled = values[source]
    out[~trained] = filled if perm is None else filled[..., perm]
    return out


@dataclass(frozen=True)
class Agreement:
    """How a shortcut map compares with a fully trained one."""

    same_outcome: int
    n_cells: int
    max_param_difference: float
    max_loss_difference: float

    @property
    def identical(self) -> bool:
        """Whether every cell has the same outcome in both maps."""
        return self.same_outcome == self.n_cells


def compare_maps(codes_a: ArrayLike, codes_b: ArrayLike, final_a: ArrayLike, final_b: ArrayLike,
                 loss_a: np.ndarray, loss_b: np.ndarray) -> Agreement:
    """Cell-by-cell agreement of two maps of the same spec (outcome codes, final θ, final loss)."""
    codes_a, codes_b = np.asarray(codes_a), np.asarray(codes_b)
    if codes_a.shape != codes_b.shape:
        raise ValueError(f"maps of {codes_a.shape} and {codes_b.shape} cells: must have the same cells")
    finite = np.isfinite(loss_a) & np.isfinite(loss_b)
    loss_gap = float(np.max(np.abs(loss_a[finite] - loss_b[finite]), initial=0.0))
    return Agreement(int(np.sum(codes_a == codes_b)), int(codes_a.size),
                     float(np.max(np.abs(np.asarray(final_a) - np.asarray(final_b)), initial=0.0)), loss_gap)
