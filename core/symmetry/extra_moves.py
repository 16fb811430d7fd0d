"""Moves that keep the function for one activation only, beyond permutations, flips and rescaling.

- sin: ``shift_sine_bias`` adds 2πk to a unit's bias (sin has period 2π); ``reflect_sine_unit`` negates
  the unit's incoming weights and sets b → π − b (sin(π − z) = sin z), leaving the outgoing weights.
  Together with the flip they make sin's set of equivalent weights infinite.
- identity (linear networks): ``mix_linear_layer`` replaces hidden layer l's units by A times them for any
  invertible A: W_{l-1} → A W_{l-1}, b_{l-1} → A b_{l-1}, W_l → W_l A⁻¹ (a continuum of moves).

Hidden unit j of layer l owns row j of W_{l-1}, entry j of b_{l-1} and column j of W_l
(docs/theory.md#notation). These moves are exact in real arithmetic; in float64 the function changes
only by rounding (π and A⁻¹ are rounded).
"""

from __future__ import annotations

import numpy as np

from core.engine.mlp import Params, require_params
from core.symmetry.transforms import writable_copies
from core.validation import check_array, check_int


def _unit(params: Params, layer: int, unit: int) -> tuple[int, int]:
    layer = check_int(layer, "layer", (1, len(params.hidden_widths)))
    width = params.hidden_widths[layer - 1]
    return layer, check_int(unit, "unit", (0, width - 1), where=f" in layer {layer} ({width} units)")


def shift_sine_bias(params: Params, layer: int, unit: int, k: int) -> Params:
    """b_{l-1}[unit] += 2πk: the same function for sin (period 2π)."""
    params = require_params(params)
    layer, unit = _unit(params, layer, unit)
    weights, biases = writable_copies(params)
    biases[layer - 1][unit] += 2.0 * np.pi * check_int(k, "k", (-1_000, 1_000))
    return Params(tuple(weights), tuple(biases))


def reflect_sine_unit(params: Params, layer: int, unit: int) -> Params:
    """Row of W_{l-1} negated, b → π − b, column of W_l kept: sin(π − z) = sin(z)."""
    params = require_params(params)
    layer, unit = _unit(params, layer, unit)
    weights, biases = writable_copies(params)
    weights[layer - 1][unit, :] *= -1.0
    biases[layer - 1][unit] = np.pi - biases[layer - 1][unit]
    return Params(tuple(weights), tuple(biases))


def mix_linear_layer(params: Params, layer: int, matrix: np.ndarray) -> Params:
    """Hidden layer ``layer`` of a linear network replaced by A·(its units), A invertible (d_l × d_l)."""
    params = require_params(params)
    layer = check_int(layer, "layer", (1, len(params.hidden_widths)))
    width = params.hidden_widths[layer - 1]
    a = check_array(matrix, "matrix A", ndim=2)
    if a.shape != (width, width):
        raise ValueError(f"matrix A has shape {a.shape}: must be {width} × {width} (the width of layer {layer})")
    if np.linalg.matrix_rank(a) < width:
        raise ValueError(f"matrix A has rank {np.linalg.matrix_rank(a)}: must be invertible (rank {width})")
    weights, biases = writable_copies(params)
    weights[layer - 1] = a @ weights[layer - 1]
    biases[layer - 1] = a @ biases[layer - 1]
    weights[layer] = weights[layer] @ np.linalg.inv(a)
    return Params(tuple(weights), tuple(biases))
