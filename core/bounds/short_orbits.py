"""When a grid network has fewer distinct relabellings than |G|: a short orbit.

The orbit of θ under the hidden-unit permutations G has |G| / |Stab(θ)| members, so it is short
exactly when some relabelling OTHER than the identity leaves θ unchanged. Identical incoming weights
and bias are not enough: the swap of two units also swaps their outgoing weights (column j of W_l).
With one hidden layer (no other layer can move with it) the rule is: two hidden units agree in
incoming weights, bias AND outgoing weights. With two or more hidden layers a relabelling may move
several layers at once, so units that differ in their outgoing weights can still be fixed together
(docs/theory.md#orbit-count).

Numpy only. Matrices are numbered from 0: hidden unit j of layer l owns row j of W_{l-1}, entry j of
b_{l-1} and column j of W_l; vectors are in core.engine.mlp.Params.flatten order.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Sequence

import numpy as np

from core import limits
from core.engine.mlp import count_params
from core.validation import check_int, check_widths, shown

# Brute force over the whole group: at most this many relabellings (8! = 40,320).
MAX_BRUTE_FORCE_ORDER = 40_320


def _check(widths) -> tuple[int, ...]:
    return check_widths(widths, input_dim=limits.BOUNDS_INPUT_DIM, hidden=limits.BOUNDS_WIDTH,
                        depth=limits.BOUNDS_DEPTH)


def _layers(theta: np.ndarray, widths: Sequence[int]) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Writable W_0..W_L and b_0..b_L from a flat vector (Params.flatten order)."""
    weights, biases, start = [], [], 0
    for d_in, d_out in zip(widths[:-1], widths[1:]):
        weights.append(theta[start:start + d_out * d_in].reshape(d_out, d_in).copy())
        start += d_out * d_in
        biases.append(theta[start:start + d_out].copy())
        start += d_out
    return weights, biases


def _vector(theta, widths) -> np.ndarray:
    theta = np.asarray(theta, dtype=np.float64)
    if theta.shape != (count_params(widths),):
        raise ValueError(f"theta of shape {theta.shape}: must have shape ({count_params(widths)},) for widths "
                         f"{list(widths)}")
    return theta


def relabel(theta: np.ndarray, widths: Sequence[int], perms: Sequence[Sequence[int]]) -> np.ndarray:
    """θ with the units of hidden layer l reordered by perms[l-1] (new unit i = old unit perms[l-1][i]).

    Moves row i of W_{l-1}, entry i of b_{l-1} and column i of W_l together. Returns a new flat vector.
    """
    widths = _check(widths)
    weights, biases = _layers(_vector(theta, widths), widths)
    for layer, perm in enumerate(perms, start=1):
        index = np.asarray(perm, dtype=np.intp)
        if sorted(index.tolist()) != list(range(widths[layer])):
            raise ValueError(f"perms[{layer - 1}] {shown(list(perm))}: must reorder 0..{widths[layer] - 1}")
        weights[layer - 1], biases[layer - 1] = weights[layer - 1][index, :], biases[layer - 1][index]
        weights[layer] = weights[layer][:, index]
    return np.concatenate([np.concatenate([w.ravel(), b]) for w, b in zip(weights, biases)])


def _group(widths) -> Iterator[tuple[tuple[int, ...], ...]]:
    order = math.prod(math.factorial(d) for d in widths[1:-1])
    if order > MAX_BRUTE_FORCE_ORDER:
        raise ValueError(f"widths {list(widths)}: {order:,} relabellings, too many to try one by one "
                         f"(at most {MAX_BRUTE_FORCE_ORDER:,})")
    return itertools.product(*(itertools.permutations(range(d)) for d in widths[1:-1]))


def orbit_size(theta: np.ndarray, widths: Sequence[int]) -> int:
    """How many distinct parameter vectors the relabellings of hidden units make from θ (brute force)."""
    widths = _check(widths)
    theta = _vector(theta, widths)
    return len({relabel(theta, widths, perms).tobytes() for perms in _group(widths)})


def fixed_by_a_relabelling(theta: np.ndarray, widths: Sequence[int]) -> bool:
    """True when some relabelling other than the identity leaves θ exactly unchanged (a short orbit)."""
    widths = _check(widths)
    theta = _vector(theta, widths)
    identity = tuple(tuple(range(d)) for d in widths[1:-1])
    return any(perms != identity and np.array_equal(relabel(theta, widths, perms), theta)
               for perms in _group(widths))


def identical_unit_pairs(theta: np.ndarray, widths: Sequence[int]) -> list[tuple[int, int, int]]:
    """(layer, i, j) for every pair of hidden units i < j of one layer that agree in incoming weights,
    bias and outgoing weights. Swapping such a pair alone leaves θ unchanged."""
    widths = _check(widths)
    weights, biases = _layers(_vector(theta, widths), widths)
    pairs = []
    for layer in range(1, len(widths) - 1):
        units = np.column_stack([weights[layer - 1], biases[layer - 1], weights[layer].T])
        pairs += [(layer, i, j) for i, j in itertools.combinations(range(widths[layer]), 2)
                  if np.array_equal(units[i], units[j])]
    return pairs


def one_layer_short_orbit_count(widths: Sequence[int], m: int) -> int:
    """Exact number of the m^S grid networks of a ONE-hidden-layer network whose orbit is short.

    A unit is its d_0 + 1 + d_out parameters (incoming weights, bias, outgoing weights), so it takes
    q = m^(d_0 + 1 + d_out) values; the orbit is full exactly when the d_1 units are pairwise different:
    q (q − 1) ··· (q − d_1 + 1) ways, times m^(d_out) output biases.
    """
    widths = _check(widths)
    if len(widths) != 3:
        raise ValueError(f"widths {list(widths)}: must have one hidden layer (the rule for deeper networks "
                         "is not pairwise)")
    m = check_int(m, "grid size m", limits.ORBIT_GRID_M)
    d0, d1, dout = widths
    q = m ** (d0 + 1 + dout)
    full = math.prod(q - k for k in range(d1)) * m**dout if d1 <= q else 0
    return m ** count_params(widths) - full
