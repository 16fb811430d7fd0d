"""First-layer weights as images: each hidden unit's 64 input weights drawn as the 8x8 image it responds to.

For the digits (8x8 pixels) a figure can show θ_A's units, θ_B's in its own order, and aligned θ_B's in A's
order: unit i of aligned B is unit perm[i] of B (times its sign for tanh), so matched units sit side by side.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from core.engine.mlp import Params
from core.symmetry.alignment import Alignment


@dataclass(frozen=True, eq=False)
class ReceptiveFields:
    """Arrays (h, side, side) of first-layer weights; perm[i] is the unit of B placed at position i, flipped
    where signs[perm[i]] is -1 (signs indexed by B's own units, as core.symmetry.alignment.Alignment.signs)."""

    a: np.ndarray
    b: np.ndarray
    aligned_b: np.ndarray
    perm: tuple[int, ...]
    signs: tuple[int, ...]


def unit_images(params: Params) -> np.ndarray:
    """The first-layer weights (h, d) of ``params`` reshaped to (h, s, s); ValueError unless d = s² (64 for digits)."""
    weights = params.weights[0]
    side = math.isqrt(weights.shape[1])
    if side * side != weights.shape[1]:
        raise ValueError(f"input width {weights.shape[1]}: receptive fields need square images (e.g. 64 = 8x8)")
    return weights.reshape(weights.shape[0], side, side).copy()


def receptive_fields(params_a: Params, params_b: Params, alignment: Alignment) -> ReceptiveFields:
    """The first hidden layer's units of θ_A, θ_B and the aligned θ_B as images, with the matching of layer 1."""
    return ReceptiveFields(unit_images(params_a), unit_images(params_b), unit_images(alignment.aligned),
                           alignment.perms[0], alignment.signs[0])
