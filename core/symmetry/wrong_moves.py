"""Deliberately wrong versions of the symmetry moves, for the lesson's "break it" controls and as
negative controls in tests. Each one changes the function of a generic network.

They check shapes (a permutation must still be a permutation) but skip the activation rules that
core.symmetry.transforms enforces, and each leaves out exactly the piece its name says.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from core.engine.mlp import Params, require_params
from core.symmetry.checks import check_permutation, check_scales, check_signs, per_layer
from core.symmetry.transforms import writable_copies


def _perm_arrays(params: Params, perms) -> list[np.ndarray]:
    perms = per_layer(perms, "perms", params.hidden_widths)
    return [
        np.array(check_permutation(p, layer, width), dtype=np.intp)
        for layer, (p, width) in enumerate(zip(perms, params.hidden_widths), start=1)
    ]


def _broken_permute(params, perms, *, move_bias: bool, move_next_columns: bool) -> Params:
    params = require_params(params)
    weights, biases = writable_copies(params)
    for layer, index in enumerate(_perm_arrays(params, perms), start=1):
        weights[layer - 1] = weights[layer - 1][index, :]
        if move_bias:
            biases[layer - 1] = biases[layer - 1][index]
        if move_next_columns:
            weights[layer] = weights[layer][:, index]
    return Params(tuple(weights), tuple(biases))


def permute_incoming_only(params: Params, perms: Sequence[Sequence[int] | np.ndarray]) -> Params:
    """Rows of W_{l-1} and b_{l-1} move, the columns of W_l stay: units reach the wrong outputs."""
    return _broken_permute(params, perms, move_bias=True, move_next_columns=False)


def permute_without_bias(params: Params, perms: Sequence[Sequence[int] | np.ndarray]) -> Params:
    """Rows of W_{l-1} and columns of W_l move, b_{l-1} stays: units swap biases."""
    return _broken_permute(params, perms, move_bias=False, move_next_columns=True)


def permute_weight_rows_only(params: Params, perms: Sequence[Sequence[int] | np.ndarray]) -> Params:
    """Only the rows of W_{l-1} move: neither the bias nor the outgoing columns follow."""
    return _broken_permute(params, perms, move_bias=False, move_next_columns=False)


def naive_flip_signs(params: Params, signs: Sequence[Sequence[int] | np.ndarray]) -> Params:
    """Negate incoming and outgoing parameters for any activation, without the sigmoid's bias
    correction: exact for odd activations, wrong for sigmoid, relu, gelu."""
    params = require_params(params)
    signs = per_layer(signs, "signs", params.hidden_widths)
    weights, biases = writable_copies(params)
    for layer, (s, width) in enumerate(zip(signs, params.hidden_widths), start=1):
        sign = np.array(check_signs(s, layer, width, None), dtype=np.float64)
        weights[layer - 1] = weights[layer - 1] * sign[:, None]
        biases[layer - 1] = biases[layer - 1] * sign
        weights[layer] = weights[layer] * sign[None, :]
    return Params(tuple(weights), tuple(biases))


def unchecked_rescale(params: Params, scales: Sequence[Sequence[float] | np.ndarray]) -> Params:
    """Incoming times c, outgoing divided by c, for any activation: wrong for tanh, sigmoid, ..."""
    params = require_params(params)
    scales = per_layer(scales, "scales", params.hidden_widths)
    weights, biases = writable_copies(params)
    for layer, (c, width) in enumerate(zip(scales, params.hidden_widths), start=1):
        scale = np.array(check_scales(c, layer, width, None), dtype=np.float64)
        weights[layer - 1] = weights[layer - 1] * scale[:, None]
        biases[layer - 1] = biases[layer - 1] * scale
        weights[layer] = weights[layer] / scale[None, :]
    return Params(tuple(weights), tuple(biases))
