"""The best positive scale for one hidden unit, in closed form, and the exact matching cost it gives.

Rescaling unit k of network b by c > 0 multiplies its incoming row a (weights and bias) by c and its
outgoing column v by 1/c. Against unit j of network a (row a*, column v*) that costs

    f(c) = ‖c·a − a*‖² + ‖v/c − v*‖²  =  c²A − 2cP + V/c² − 2Q/c + ‖a*‖² + ‖v*‖²,

with A = ‖a‖², P = ⟨a, a*⟩, V = ‖v‖², Q = ⟨v, v*⟩. Setting f'(c) = 0 and multiplying by c³/2 gives the
quartic A c⁴ − P c³ + Q c − V = 0; the minimiser over c > 0, when one exists, is one of its positive
real roots. We take the root with the smallest f, and also try c = 1 (no change), so the chosen scale
never costs more than keeping the unit as it is: a zero row (A = 0 or V = 0) or an infimum that is
only approached as c → 0 or ∞ then falls back on 1 or on the finite root that remains.

Only the weights of hidden layer l's own units depend on that layer's permutation and scales (the
rest of the network is fixed), so the matrix of these minimal costs, one entry per pair (j, k), makes
the linear assignment for that layer exact: alignment.py uses it for block coordinate descent.
"""

from __future__ import annotations

import numpy as np

_IMAG_TOL = 1e-7  # eigenvalues of the companion matrix with a larger relative imaginary part are not real


def _quartic_roots(A: np.ndarray, P: np.ndarray, Q: np.ndarray, V: np.ndarray) -> np.ndarray:
    """Real positive roots of A c⁴ − P c³ + Q c − V (elementwise, A > 0), NaN where there are fewer than 4."""
    n = A.size
    companion = np.zeros((n, 4, 4))
    # Monic form c⁴ + p3 c³ + p2 c² + p1 c + p0: first row holds -p3, -p2, -p1, -p0.
    companion[:, 0, 0] = P / A
    companion[:, 0, 2] = -Q / A
    companion[:, 0, 3] = V / A
    companion[:, 1, 0] = companion[:, 2, 1] = companion[:, 3, 2] = 1.0
    finite = np.all(np.isfinite(companion), axis=(1, 2))
    roots = np.full((n, 4), np.nan)
    if finite.any():
        eig = np.linalg.eigvals(companion[finite])
        real = np.abs(eig.imag) <= _IMAG_TOL * (1.0 + np.abs(eig.real))
        roots[finite] = np.where(real & (eig.real > 0), eig.real, np.nan)
    return _polish(roots, A[:, None], P[:, None], Q[:, None], V[:, None])


def _polish(c: np.ndarray, A, P, Q, V) -> np.ndarray:
    # Eigenvalues are accurate to about 1e-15 of the largest root; two Newton steps on the quartic make
    # each root accurate relative to itself (planted scales are recovered to rounding).
    for _ in range(2):
        g = ((A * c - P) * c * c) * c + Q * c - V
        slope = (4.0 * A * c - 3.0 * P) * c * c + Q
        step = np.divide(g, slope, out=np.zeros_like(c), where=np.isfinite(c) & (slope != 0.0))
        polished = c - step
        c = np.where(np.isfinite(polished) & (polished > 0), polished, c)
    return c


def _cost(c: np.ndarray, A, P, Q, V) -> np.ndarray:
    """f(c) without the constant ‖a*‖² + ‖v*‖² (NaN stays NaN)."""
    return A * c * c - 2.0 * P * c + V / (c * c) - 2.0 * Q / c


def best_scales(A: np.ndarray, P: np.ndarray, Q: np.ndarray, V: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Elementwise (c, f(c) − ‖a*‖² − ‖v*‖²): the c > 0 among the quartic's roots and 1 with the least cost.

    Arrays of one shape: A = ‖a‖², P = ⟨a, a*⟩, Q = ⟨v, v*⟩, V = ‖v‖² (see the module docstring).
    """
    shape = np.shape(A)
    A, P, Q, V = (np.asarray(x, dtype=np.float64).ravel() for x in (A, P, Q, V))
    candidates = np.full((A.size, 6), np.nan)
    candidates[:, 0] = 1.0
    quartic = A > 0.0
    candidates[quartic, 1:5] = _quartic_roots(A[quartic], P[quartic], Q[quartic], V[quartic])
    # A zero incoming row (so P = 0 too) leaves the linear equation Q c = V.
    linear = ~quartic & (Q > 0.0) & (V > 0.0)
    candidates[linear, 5] = V[linear] / Q[linear]
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        costs = _cost(candidates, A[:, None], P[:, None], Q[:, None], V[:, None])
    costs = np.where(np.isfinite(candidates) & np.isfinite(costs), costs, np.inf)
    pick = np.argmin(costs, axis=1)  # column 0 (c = 1) is always finite, so ties and failures keep c = 1
    rows = np.arange(A.size)
    return candidates[rows, pick].reshape(shape), costs[rows, pick].reshape(shape)


def pair_costs(inc_a: np.ndarray, out_a: np.ndarray, inc_b: np.ndarray, out_b: np.ndarray,
               flips: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(cost, scale, sign), each [unit j of a, unit k of b]: the least cost of putting b's unit k,
    rescaled (and flipped, when ``flips``), in a's place j, up to a constant per j.

    inc_*: one row per unit, its incoming weights and bias; out_*: one row per unit, its outgoing weights.
    """
    A = np.broadcast_to(np.sum(inc_b * inc_b, axis=1), (inc_a.shape[0], inc_b.shape[0]))
    V = np.broadcast_to(np.sum(out_b * out_b, axis=1), A.shape)
    P, Q = inc_a @ inc_b.T, out_a @ out_b.T
    scale, cost = best_scales(A, P, Q, V)
    sign = np.ones(cost.shape, dtype=int)
    if flips:  # a flipped unit negates both a and v: P and Q change sign
        flipped_scale, flipped_cost = best_scales(A, -P, -Q, V)
        better = flipped_cost < cost
        scale, cost = np.where(better, flipped_scale, scale), np.where(better, flipped_cost, cost)
        sign[better] = -1
    return cost, scale, sign
