"""The three function-preserving moves on an MLP's hidden units (docs/theory.md#symmetries-by-activation).

For hidden unit j of layer l (layers 1..L, units 0-based) the unit's *incoming* parameters are row j
of W_{l-1} and entry j of b_{l-1}; its *outgoing* parameters are column j of W_l. Matrices are numbered
from 0 as in the figures (docs/theory.md#notation): a unit of hidden layer 1 owns a row of W_0, an entry
of b_0 and a column of W_1. Inputs and
outputs never move, and b_l belongs to the next layer's units.

- ``permute``: reorder units; works for every elementwise activation since sigma(Pz) = P sigma(z).
- ``flip_signs``: negate incoming and outgoing parameters. Exact for odd activations
  (tanh, sin, identity). For the sigmoid, sigma(-z) = 1 - sigma(z), so ``flip_signs`` applies the
  *affine* flip instead: it also moves the old outgoing column into the next bias,
  b_l <- b_l + W_l[:, j]_old. Design choice: one function, so "the sign flip this activation admits"
  is always ``flip_signs``; the naive (broken) sigmoid flip lives in core.symmetry.wrong_moves.
- ``rescale``: incoming times c > 0, outgoing divided by c; exact for positively homogeneous
  activations (relu, leaky_relu, identity).

Every function returns new Params and raises ValueError for a move that would change the function.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from core.engine.activations import get_activation
from core.engine.mlp import Params, require_params
from core.symmetry.checks import check_permutation, check_scales, check_signs, per_layer


def writable_copies(params: Params) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Writable private copies of every weight and bias (Params itself stays untouched)."""
    return [w.copy() for w in params.weights], [b.copy() for b in params.biases]


def permute(params: Params, perms: Sequence[Sequence[int] | np.ndarray]) -> Params:
    """Reorder the units of every hidden layer: new unit i of layer l is old unit ``perms[l-1][i]``.

    W_{l-1} <- W_{l-1}[p, :], b_{l-1} <- b_{l-1}[p], W_l <- W_l[:, p]; b_l is not touched.
    """
    params = require_params(params)
    perms = per_layer(perms, "perms", params.hidden_widths)
    checked = [
        check_permutation(p, layer, width)
        for layer, (p, width) in enumerate(zip(perms, params.hidden_widths), start=1)
    ]
    weights, biases = writable_copies(params)
    for layer, perm in enumerate(checked, start=1):
        index = np.array(perm, dtype=np.intp)
        weights[layer - 1] = weights[layer - 1][index, :]
        biases[layer - 1] = biases[layer - 1][index]
        weights[layer] = weights[layer][:, index]
    return Params(tuple(weights), tuple(biases))


def flip_signs(params: Params, signs: Sequence[Sequence[int] | np.ndarray], activation: str) -> Params:
    """Flip the units whose sign is -1 (one ±1 array per hidden layer).

    Odd activations: negate row j of W_{l-1}, b_{l-1}[j] and column j of W_l.
    Sigmoid: the same plus b_l <- b_l + W_l[:, j]_old (the affine flip, docs/theory.md#symmetries-by-activation).
    Any -1 under another activation is a ValueError.
    """
    params = require_params(params)
    act = get_activation(activation)
    signs = per_layer(signs, "signs", params.hidden_widths)
    checked = [
        np.array(check_signs(s, layer, width, act), dtype=np.float64)
        for layer, (s, width) in enumerate(zip(signs, params.hidden_widths), start=1)
    ]
    weights, biases = writable_copies(params)
    for layer, sign in enumerate(checked, start=1):
        if act.name == "sigmoid":
            # sigma(-z) = 1 - sigma(z): the flipped unit's constant part goes into the next bias.
            # Read the old outgoing columns before negating them.
            biases[layer] = biases[layer] + weights[layer][:, sign < 0].sum(axis=1)
        weights[layer - 1] = weights[layer - 1] * sign[:, None]
        biases[layer - 1] = biases[layer - 1] * sign
        weights[layer] = weights[layer] * sign[None, :]
    return Params(tuple(weights), tuple(biases))


def rescale(params: Params, scales: Sequence[Sequence[float] | np.ndarray], activation: str) -> Params:
    """Multiply each unit's incoming parameters by c > 0 and divide its outgoing weights by c.

    Any factor other than 1 needs a positively homogeneous activation (relu, leaky_relu, identity).
    """
    params = require_params(params)
    act = get_activation(activation)
    scales = per_layer(scales, "scales", params.hidden_widths)
    checked = [
        np.array(check_scales(c, layer, width, act), dtype=np.float64)
        for layer, (c, width) in enumerate(zip(scales, params.hidden_widths), start=1)
    ]
    weights, biases = writable_copies(params)
    for layer, scale in enumerate(checked, start=1):
        weights[layer - 1] = weights[layer - 1] * scale[:, None]
        biases[layer - 1] = biases[layer - 1] * scale
        weights[layer] = weights[layer] / scale[None, :]
    return Params(tuple(weights), tuple(biases))
