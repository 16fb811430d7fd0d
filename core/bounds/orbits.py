"""Exact number of distinct grid networks up to the hidden-unit symmetries (Burnside's lemma).

Every one of the S parameters takes one of m grid values (the symmetric grid
``-B + (2i-1)B/m``, i = 1..m, docs/theory.md#baseline-bound). Two grid points are the same network
function when a permutation of hidden units (and, for odd activations, sign flips of hidden
units) maps one to the other, so the number of distinct grid functions is at most the number
of orbits of the group G on the grid. Burnside's lemma counts them:

    #orbits = (1/|G|) * sum_{g in G} fix(g),

where fix(g) is the number of grid points g leaves unchanged.

Why cycle types: fix(g) depends on g only through the cycle type of each layer's permutation,
so the sum runs over cycle types (integer partitions) weighted by the number of permutations
of that type, d! / prod_k k^{a_k} a_k!, instead of over the prod d_l! group elements.

Why a transfer matrix: W_i is acted on by the pair (layer i+1's permutation on rows, layer i's
on columns). A row cycle of length r and a column cycle of length c split the r*c entries
into gcd(r, c) cycles, so W_i contributes sum gcd(r, c) cycles and b_i one cycle per row
cycle. Each factor of fix(g) involves only two consecutive layers, so the sum over all
combinations of cycle types factorises into a product of matrices indexed by the cycle types
of consecutive layers, summed left to right. Inputs and outputs never move.

Signed permutations (odd activations): a grid point is fixed when it is constant along every
cycle whose sign product is +1 and zero along every cycle whose sign product is -1. The grid
contains 0 exactly when m is odd, so a negative cycle multiplies fix(g) by 1 (m odd) or 0
(m even). A row cycle (r, sign e_r) and a column cycle (c, sign e_c) give gcd(r, c) cycles,
each of sign e_r^(c/g) * e_c^(r/g), g = gcd(r, c).

Provenance: the counting is exact mathematics (Burnside); the use of the grid orbit count as
a covering-number bound is our reconstruction of the paper's idea (docs/theory.md#orbit-count).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from core import limits
from core.engine.mlp import count_params
from core.validation import check_int, check_widths

PROVENANCE = {
    "exact_orbit_count": (
        "[RECON] our reconstruction: exact number of grid networks up to permutations of hidden "
        "units (Burnside's lemma); it bounds the number of distinct grid functions (docs/theory.md#orbit-count)"
    ),
    "exact_signed_orbit_count": (
        "[RECON] our reconstruction: as exact_orbit_count with sign flips as well (odd activations, "
        "docs/theory.md#orbit-count); not verified whether the paper uses sign flips"
    ),
    "naive_orbit_estimate": (
        "[RECON] $m^S/|G|$: plain division by the group order; NOT an upper bound on a grid "
        "(a network that a non-identity relabelling fixes has a shorter orbit, docs/theory.md#orbit-count)"
    ),
}

# Above this width the number of cycle types alone exceeds any sensible work cap
# (p(200) is about 4e12), so we never enumerate partitions beyond it.
_LARGEST_ENUMERABLE_WIDTH = 200


@dataclass(frozen=True)
class _CycleTypes:
    """All cycle types of one layer's (signed) permutations, as multiplicity vectors.

    positive[s, k] / negative[s, k] = number of cycles of length k with sign product +1 / -1
    in state s; shape (n_states, max_length + 1). ``counts[s]`` = how many group elements of
    this layer have that cycle type (Python ints).
    """

    positive: np.ndarray
    negative: np.ndarray
    counts: list[int]


def exact_orbit_count(widths: Sequence[int], m: int) -> int:
    """Number of grid networks up to permutations of hidden units, as an exact int.

    Parameters
    ----------
    widths : sequence of int, length L + 2
        (d_0, d_1, ..., d_L, d_{L+1}); hidden layers 1..L are permuted.
    m : int
        Grid values per parameter, in ``limits.ORBIT_GRID_M``.

    Raises
    ------
    ValueError
        If the architecture is too large to count exactly within the work caps
        ``limits.ORBIT_MAX_TRANSFER_ENTRIES`` and ``limits.ORBIT_MAX_BITS``.
    """
    return _orbit_count(widths, m, signed=False)


def exact_signed_orbit_count(widths: Sequence[int], m: int) -> int:
    """Number of grid networks up to permutations AND sign flips of hidden units (exact int).

    The symmetry group of odd activations (tanh, sin): signed permutations, order
    prod_l 2^{d_l} d_l!. Same parameters and errors as :func:`exact_orbit_count`.
    """
    return _orbit_count(widths, m, signed=True)


def naive_orbit_estimate(widths: Sequence[int], m: int, *, signed: bool = False) -> Fraction:
    """m^S / |G| as an exact Fraction: the naive "divide by the group order" estimate.

    It is a LOWER bound on the orbit count (the identity's term of Burnside's sum), never an
    upper bound on a grid. Limited by ``limits.ORBIT_MAX_BITS`` like the exact count.
    """
    widths, m = _check_orbit_inputs(widths, m)
    _check_result_size(widths, m)
    return Fraction(m ** count_params(widths), _group_order(widths, signed))


def log_naive_orbit_estimate(widths: Sequence[int], m: int, *, signed: bool = False) -> float:
    """ln(m^S / |G|) as a float, for any architecture (no size cap)."""
    widths, m = _check_orbit_inputs(widths, m)
    hidden = widths[1:-1]
    log_group = sum(math.lgamma(d + 1) for d in hidden) + (sum(hidden) * math.log(2) if signed else 0.0)
    return count_params(widths) * math.log(m) - log_group


def orbit_count_work(widths: Sequence[int], *, signed: bool = False) -> int | float:
    """Transfer-matrix entries :func:`exact_orbit_count` would touch (inf when hopeless).

    The page can call this first to decide whether to offer the exact count.
    """
    widths = check_widths(
        widths, input_dim=limits.BOUNDS_INPUT_DIM, hidden=limits.BOUNDS_WIDTH, depth=limits.BOUNDS_DEPTH
    )
    return _transfer_work(widths, signed)


# --------------------------------------------------------------------------- internals


def _orbit_count(widths, m, *, signed: bool) -> int:
    widths, m = _check_orbit_inputs(widths, m)
    _check_work(widths, signed)
    _check_result_size(widths, m)
    longest = max(widths[1:-1])
    layers = [_fixed_layer(widths[0], longest)]
    layers += [_cycle_types(d, longest, signed) for d in widths[1:-1]]
    layers += [_fixed_layer(widths[-1], longest)]
    tables = _cycle_sign_tables(longest)

    # Row vector over the cycle types of the current layer: sum of fix-point factors so far,
    # weighted by how many group elements realise each combination of cycle types.
    totals = np.array([1], dtype=object)
    for columns, rows in zip(layers[:-1], layers[1:]):
        factors = _fixed_point_factors(columns, rows, tables, m)
        totals = totals.dot(factors) * np.array(rows.counts, dtype=object)
    burnside_sum = int(totals[0])
    order = _group_order(widths, signed)
    orbits, remainder = divmod(burnside_sum, order)
    assert remainder == 0, "Burnside's sum must be divisible by the group order"
    return orbits


def _check_orbit_inputs(widths, m) -> tuple[tuple[int, ...], int]:
    widths = check_widths(
        widths, input_dim=limits.BOUNDS_INPUT_DIM, hidden=limits.BOUNDS_WIDTH, depth=limits.BOUNDS_DEPTH
    )
    return widths, check_int(m, "grid size m", limits.ORBIT_GRID_M)


def _check_work(widths, signed: bool) -> None:
    work, cap = _transfer_work(widths, signed), limits.ORBIT_MAX_TRANSFER_ENTRIES
    if work > cap:
        shown = "more than 10¹²" if math.isinf(work) else f"{work:,}"
        raise ValueError(
            f"widths {list(widths)}: too large to count orbits exactly ({shown} transfer-matrix "
            f"entries, the limit is {cap:,}); use the upper bound instead"
        )


def _check_result_size(widths, m) -> None:
    bits, cap = count_params(widths) * math.log2(m), limits.ORBIT_MAX_BITS
    if bits > cap:
        raise ValueError(
            f"widths {list(widths)} with grid size m {m}: $m^S$ has about {bits:,.0f} bits "
            f"(the limit is {cap:,}); too large to count orbits exactly, use the upper bound instead"
        )


def _transfer_work(widths, signed: bool) -> int | float:
    states = [1] + [_cycle_type_count(d, signed) for d in widths[1:-1]] + [1]
    return sum(a * b for a, b in zip(states[:-1], states[1:]))


def _cycle_type_count(d: int, signed: bool) -> int | float:
    """p(d) unsigned; sum_k p(k) p(d-k) signed (pairs of partitions). inf beyond enumerable."""
    if d > _LARGEST_ENUMERABLE_WIDTH:
        return math.inf
    p = _partition_numbers(d)
    return sum(p[k] * p[d - k] for k in range(d + 1)) if signed else p[d]


def _partition_numbers(n: int) -> list[int]:
    """p(0..n) by the standard coin-change recurrence over part sizes."""
    p = [1] + [0] * n
    for part in range(1, n + 1):
        for total in range(part, n + 1):
            p[total] += p[total - part]
    return p


def _group_order(widths, signed: bool) -> int:
    hidden = widths[1:-1]
    order = math.prod(math.factorial(d) for d in hidden)
    return order * 2 ** sum(hidden) if signed else order


def _partitions(n: int, largest: int | None = None):
    """Yield the partitions of n as non-increasing tuples of parts."""
    largest = n if largest is None else largest
    if n == 0:
        yield ()
        return
    for part in range(min(n, largest), 0, -1):
        for rest in _partitions(n - part, part):
            yield (part,) + rest


@functools.lru_cache(maxsize=64)
def _partition_table(n: int, longest: int, cycle_factor: int) -> tuple[np.ndarray, tuple[int, ...]]:
    """All partitions of n as multiplicity rows, shape (p(n), longest + 1), and their
    centraliser orders prod_k (f k)^{a_k} a_k! (f = 1: permutations, f = 2: signed)."""
    rows = np.zeros((_partition_numbers(n)[n], longest + 1), dtype=np.int64)
    centralisers = []
    for row, parts in enumerate(_partitions(n)):
        for part in parts:
            rows[row, part] += 1
        centralisers.append(
            math.prod((cycle_factor * k) ** int(a) * math.factorial(int(a)) for k, a in enumerate(rows[row]) if a)
        )
    return rows, tuple(centralisers)


@functools.lru_cache(maxsize=16)
def _cycle_types(d: int, longest: int, signed: bool) -> _CycleTypes:
    """Cycle types of S_d (signed: of the hyperoctahedral group B_d) and their class sizes.

    Class size = group order / centraliser order. A signed cycle type is a pair of partitions
    (positive cycles of k units, negative cycles of d - k units).
    """
    if not signed:
        rows, centralisers = _partition_table(d, longest, 1)
        counts = [math.factorial(d) // c for c in centralisers]
        return _CycleTypes(rows, np.zeros_like(rows), counts)
    order = 2**d * math.factorial(d)
    positive, negative, counts = [], [], []
    for k in range(d + 1):  # k units sit in positive cycles, d - k in negative ones
        plus, plus_centralisers = _partition_table(k, longest, 2)
        minus, minus_centralisers = _partition_table(d - k, longest, 2)
        positive.append(np.repeat(plus, len(minus), axis=0))
        negative.append(np.tile(minus, (len(plus), 1)))
        counts += [order // (a * b) for a in plus_centralisers for b in minus_centralisers]
    return _CycleTypes(np.concatenate(positive), np.concatenate(negative), counts)


def _fixed_layer(n: int, longest: int) -> _CycleTypes:
    """Input or output layer: n units that never move (n positive 1-cycles), one state."""
    vector = np.zeros((1, longest + 1), dtype=np.int64)
    vector[0, 1] = n
    return _CycleTypes(vector, np.zeros_like(vector), [1])


def _cycle_sign_tables(longest: int) -> dict[tuple[int, int], tuple[np.ndarray, np.ndarray]]:
    """For row-cycle sign e_r and column-cycle sign e_c: (positive, negative) cycle counts.

    tables[(e_r, e_c)] = (P, N), P[r, c] / N[r, c] = number of entry cycles with sign +1 / -1
    made by a row cycle of length r and a column cycle of length c (gcd(r, c) in total).
    """
    lengths = np.arange(longest + 1)
    r, c = np.meshgrid(lengths, lengths, indexing="ij")
    g = np.gcd(r, c)
    safe_g = np.where(g == 0, 1, g)  # row/column 0 is never used (no cycles of length 0)
    row_odd, col_odd = (c // safe_g) % 2 == 1, (r // safe_g) % 2 == 1  # exponents of e_r, e_c
    tables = {}
    for e_r in (1, -1):
        for e_c in (1, -1):
            negative = ((e_r == -1) & row_odd) ^ ((e_c == -1) & col_odd)
            tables[(e_r, e_c)] = (np.where(negative, 0, g), np.where(negative, g, 0))
    return tables


def _fixed_point_factors(columns: _CycleTypes, rows: _CycleTypes, tables, m: int) -> np.ndarray:
    """Object matrix F[s, t]: fix-point factor of W_i and b_i for column state s, row state t.

    Shape (n_column_states, n_row_states). F = m^{positive cycles}, or 0 when m is even and
    some cycle is negative (a negative cycle forces the value 0, which an even grid lacks).
    """
    positive = np.zeros((len(columns.counts), len(rows.counts)), dtype=np.int64)
    negative = np.zeros_like(positive)
    row_parts = {1: rows.positive, -1: rows.negative}
    column_parts = {1: columns.positive, -1: columns.negative}
    for (e_r, e_c), (plus, minus) in tables.items():
        # multi_dot picks the cheaper bracketing (one side is often a single fixed state)
        positive += np.linalg.multi_dot([column_parts[e_c], plus.T, row_parts[e_r].T])
        negative += np.linalg.multi_dot([column_parts[e_c], minus.T, row_parts[e_r].T])
    # b_i follows layer i+1's (row) permutation: one cycle per row cycle, with its sign.
    positive += rows.positive.sum(axis=1)[None, :]
    negative += rows.negative.sum(axis=1)[None, :]
    exponents, where = np.unique(positive, return_inverse=True)
    powers = np.array([m ** int(e) for e in exponents], dtype=object)
    factors = powers[where.reshape(positive.shape)]
    if m % 2 == 0:
        factors[negative > 0] = 0
    return factors
