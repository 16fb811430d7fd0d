"""Initialisation schemes registry. Every scheme: (widths, scale, rng) -> Params.

``scale`` multiplies each scheme's natural size (B for uniform, the gain for the others).
"representative" draws uniformly, then sorts each hidden layer's units so their biases are
non-increasing: a point of the fundamental domain of the permutation group (docs/theory.md#effective-volume),
computing exactly the same function as the unsorted draw.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from core import limits
from core.engine.mlp import Params
from core.limits import LIBRARY, EngineLimits
from core.validation import check_choice, check_float, check_generator, check_widths


def _layer_shapes(widths):
    return list(zip(widths[1:], widths[:-1]))  # (d_out, d_in) per layer


def _uniform(widths, scale, rng):
    shapes = _layer_shapes(widths)
    return Params(
        tuple(rng.uniform(-scale, scale, size=s) for s in shapes),
        tuple(rng.uniform(-scale, scale, size=s[0]) for s in shapes),
    )


def _xavier(widths, scale, rng):
    weights = []
    for d_out, d_in in _layer_shapes(widths):
        bound = scale * np.sqrt(6.0 / (d_in + d_out))
        weights.append(rng.uniform(-bound, bound, size=(d_out, d_in)))
    return Params(tuple(weights), tuple(np.zeros(w.shape[0]) for w in weights))


def _he(widths, scale, rng):
    weights = [rng.normal(0.0, scale * np.sqrt(2.0 / d_in), size=(d_out, d_in))
               for d_out, d_in in _layer_shapes(widths)]
    return Params(tuple(weights), tuple(np.zeros(w.shape[0]) for w in weights))


def _orthogonal(widths, scale, rng):
    weights = []
    for d_out, d_in in _layer_shapes(widths):
        q, r = np.linalg.qr(rng.normal(size=(max(d_out, d_in), min(d_out, d_in))))
        q = q * np.sign(np.diag(r))  # makes the draw uniform (Haar) over orthogonal matrices
        weights.append(scale * (q if d_out >= d_in else q.T))
    return Params(tuple(weights), tuple(np.zeros(w.shape[0]) for w in weights))


def _zero(widths, scale, rng):
    shapes = _layer_shapes(widths)
    return Params(tuple(np.zeros(s) for s in shapes), tuple(np.zeros(s[0]) for s in shapes))


def _constant(widths, scale, rng):
    """Every unit of a hidden layer identical: same incoming weights, bias and outgoing weights.

    Such a start is fixed by every permutation of the layer, so gradient descent (which is
    permutation-equivariant) can never make the units differ.
    """
    weights, biases, last = [], [], len(widths) - 2
    for i, (d_out, d_in) in enumerate(_layer_shapes(widths)):
        if i == 0:  # input -> first hidden layer: identical rows
            w = np.repeat(rng.uniform(-scale, scale, size=(1, d_in)), d_out, axis=0)
        elif i == last:  # last hidden layer -> output: identical columns
            w = np.repeat(rng.uniform(-scale, scale, size=(d_out, 1)), d_in, axis=1)
        else:  # hidden -> hidden: identical rows and columns
            w = np.full((d_out, d_in), rng.uniform(-scale, scale))
        weights.append(w)
        hidden_bias = np.full(d_out, rng.uniform(-scale, scale))
        biases.append(rng.uniform(-scale, scale, size=d_out) if i == last else hidden_bias)
    return Params(tuple(weights), tuple(biases))


def _representative(widths, scale, rng):
    params = _uniform(widths, scale, rng)
    weights, biases = list(params.weights), list(params.biases)
    for l in range(1, len(widths) - 1):  # hidden layers, forward order
        order = np.argsort(-biases[l - 1], kind="stable")  # non-increasing biases
        weights[l - 1], biases[l - 1] = weights[l - 1][order], biases[l - 1][order]
        weights[l] = weights[l][:, order]
    return Params(tuple(weights), tuple(biases))


INIT_SCHEMES = {
    "uniform": _uniform,
    "xavier": _xavier,
    "he": _he,
    "orthogonal": _orthogonal,
    "zero": _zero,
    "constant": _constant,
    "representative": _representative,
}

SCHEME_LABELS = {
    "uniform": "Uniform on [-B, B]",
    "xavier": "Xavier / Glorot",
    "he": "He / Kaiming",
    "orthogonal": "Orthogonal",
    "zero": "Zero (all weights 0)",
    "constant": "Constant (units identical)",
    "representative": "Representative (sorted biases)",
}

# Schemes whose hidden units all start identical: gradient descent never tells them apart.
SYMMETRIC_SCHEMES = ("zero", "constant")


def initialise(widths: Sequence[int], *, scheme: str, scale: float, rng: np.random.Generator) -> Params:
    """Draw Params for already-validated ``widths``."""
    check_choice(scheme, "init scheme", INIT_SCHEMES)
    scale = check_float(scale, "init scale", limits.INIT_SCALE)
    check_generator(rng)
    return INIT_SCHEMES[scheme](widths, scale, rng)


def init_params(widths: Sequence[int], *, scheme: str = "xavier", scale: float = 1.0,
                rng: np.random.Generator, limits: EngineLimits | None = LIBRARY) -> Params:
    """Draw initial parameters for ``widths`` (checked against ``limits``, core.limits: LIBRARY's generous
    bounds by default, CLASSROOM where the app calls, None for no upper bounds) with a registered scheme."""
    return initialise(check_widths(widths, limits=limits), scheme=scheme, scale=scale, rng=rng)
