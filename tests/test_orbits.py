"""Exact orbit counts against brute force: over group elements and over every grid point.

The oracles apply the symmetry literally (docs/theory.md#notation index form: W_{l-1} <- W_{l-1}[p, :],
b_{l-1} <- b_{l-1}[p], W_l <- W_l[:, p], with signs for flips) to parameter vectors, so they
share no cycle-type or gcd reasoning with core.bounds.orbits.
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import numpy as np
import pytest

from core import limits
from core.bounds.covering import log_orbit_upper_bound
from core.bounds.orbits import (
    exact_orbit_count,
    exact_signed_orbit_count,
    log_naive_orbit_estimate,
    naive_orbit_estimate,
    orbit_count_work,
)
from core.engine.mlp import Params, count_params, forward

# --------------------------------------------------------------------------- oracles


def split(theta, widths):
    """Parameter vector -> lists of W_i (d_{i+1}, d_i) and b_i, in Params.flatten order."""
    weights, biases, start = [], [], 0
    for d_in, d_out in zip(widths[:-1], widths[1:]):
        weights.append(theta[..., start:start + d_out * d_in].reshape(theta.shape[:-1] + (d_out, d_in)))
        start += d_out * d_in
        biases.append(theta[..., start:start + d_out])
        start += d_out
    return weights, biases


def join(weights, biases):
    parts = []
    for w, b in zip(weights, biases):
        parts += [w.reshape(w.shape[:-2] + (-1,)), b]
    return np.concatenate(parts, axis=-1)


def transform(theta, widths, perms, signs):
    """Apply one permutation (and sign vector) per hidden layer to theta of shape (..., S)."""
    weights, biases = split(theta, widths)
    for layer, (p, s) in enumerate(zip(perms, signs), start=1):
        p, s = np.asarray(p), np.asarray(s, dtype=theta.dtype)  # int8 grids stay int8
        weights[layer - 1] = weights[layer - 1][..., p, :] * s[:, None]
        biases[layer - 1] = biases[layer - 1][..., p] * s
        weights[layer] = weights[layer][..., :, p] * s[None, :]
    return join(weights, biases)


def group_elements(widths, signed):
    """Every (perms, signs) pair: all permutations (and sign vectors) of every hidden layer."""
    per_layer = []
    for d in widths[1:-1]:
        sign_choices = list(itertools.product((1, -1), repeat=d)) if signed else [(1,) * d]
        per_layer.append(list(itertools.product(itertools.permutations(range(d)), sign_choices)))
    for element in itertools.product(*per_layer):
        yield [p for p, _ in element], [s for _, s in element]


def fixed_grid_points(source, sign, m):
    """Grid points fixed by theta_new[k] = sign[k] * theta[source[k]] (grid symmetric about 0)."""
    seen, count = set(), 1
    for start in range(len(source)):
        if start in seen:
            continue
        k, product = start, 1
        while k not in seen:
            seen.add(k)
            product *= sign[k]
            k = source[k]
        if product == 1:
            count *= m
        elif m % 2 == 0:  # a negated cycle must be 0, and an even grid has no 0
            return 0
    return count


def burnside_over_elements(widths, m, signed=False):
    """Orbit count by Burnside, summing fixed points over every group element."""
    labels = np.arange(1, count_params(widths) + 1)
    total, order = 0, 0
    for perms, signs in group_elements(widths, signed):
        moved = transform(labels, widths, perms, signs)
        total += fixed_grid_points(np.abs(moved) - 1, np.sign(moved), m)
        order += 1
    assert total % order == 0
    return total // order


def orbits_over_grid(widths, m, signed=False):
    """Orbit count by canonicalising every grid point to the smallest code in its orbit."""
    n_params = count_params(widths)
    shape = (m,) * n_params
    values = np.arange(1 - m, m, 2, dtype=np.int8)  # the grid -B + (2i-1)B/m in units of B/m
    points = np.stack(np.meshgrid(*[values] * n_params, indexing="ij"), axis=-1).reshape(-1, n_params)
    smallest = None
    for perms, signs in group_elements(widths, signed):
        moved = (transform(points, widths, perms, signs) + m - 1) // 2
        code = np.ravel_multi_index(tuple(moved.T), shape)
        smallest = code if smallest is None else np.minimum(smallest, code)
    return len(np.unique(smallest))


def shallow_multisets(widths, m, signed=False):
    """One hidden layer: m^{d_2} x multisets of d_1 unit tuples of k = d_0 + 1 + d_2 grid values
    (docs/theory.md#orbit-count); with sign flips, a unit tuple only counts up to its sign."""
    d_in, d_hidden, d_out = widths
    tuples = m ** (d_in + 1 + d_out)
    classes = (tuples + 1) // 2 if signed else tuples  # odd m: the zero tuple is its own negative
    return m**d_out * math.comb(classes + d_hidden - 1, d_hidden)


# --------------------------------------------------------------------------- the oracles themselves


@pytest.mark.parametrize("activation", ["tanh", "sin"])
def test_oracle_transformation_preserves_the_function(activation):
    widths = (2, 3, 4, 2)
    rng = np.random.default_rng(7)
    theta = rng.uniform(-1, 1, size=count_params(widths))
    x = rng.uniform(-1, 1, size=(50, widths[0]))
    before = forward(Params.unflatten(theta, widths), x, activation)
    for perms, signs in [([[2, 0, 1], [3, 1, 0, 2]], [[1, -1, 1], [-1, -1, 1, 1]])]:
        after = forward(Params.unflatten(transform(theta, widths, perms, signs), widths), x, activation)
        np.testing.assert_allclose(after, before, atol=1e-12)


def test_oracle_transformation_moves_parameters():
    widths = (1, 2, 1)
    theta = np.arange(1.0, count_params(widths) + 1)
    assert not np.array_equal(transform(theta, widths, [[1, 0]], [[1, 1]]), theta)


# --------------------------------------------------------------------------- unsigned counts


GRID_CASES = [((1, 2, 1), m) for m in (1, 2, 3)] + [((1, 2, 2, 1), m) for m in (1, 2, 3)]
GRID_CASES += [((2, 3, 1), m) for m in (1, 2, 3)] + [((1, 3, 2, 1), m) for m in (1, 2)]


@pytest.mark.parametrize("widths, m", GRID_CASES)
def test_exact_count_matches_both_brute_forces(widths, m):
    exact = exact_orbit_count(widths, m)
    assert exact == burnside_over_elements(widths, m)
    assert exact == orbits_over_grid(widths, m)


ELEMENT_CASES = [((1, 3, 2, 1), 3), ((1, 4, 4, 1), 2), ((1, 4, 4, 1), 3), ((2, 4, 3, 1), 3),
                 ((1, 2, 3, 2, 1), 4), ((1, 5, 2, 2), 2), ((1, 3, 3, 3, 1), 2)]


@pytest.mark.parametrize("widths, m", ELEMENT_CASES)
def test_exact_count_matches_burnside_over_group_elements(widths, m):
    assert exact_orbit_count(widths, m) == burnside_over_elements(widths, m)


@pytest.mark.parametrize("widths, m", [((3, 7, 2), 5), ((1, 12, 1), 3), ((2, 16, 1), 2), ((4, 9, 3), 64)])
def test_shallow_count_equals_multisets_of_unit_tuples(widths, m):
    assert exact_orbit_count(widths, m) == shallow_multisets(widths, m)


def test_paper_digest_cross_check_values():
    # reference counts worked independently (not from the paper); docs/theory.md#orbit-count
    assert exact_orbit_count((1, 2, 1), 3) == 1134
    assert exact_orbit_count((1, 3, 1), 3) == 10962
    assert exact_orbit_count((2, 3, 1), 2) == 1632
    assert exact_orbit_count((1, 2, 2, 1), 2) == 2336


@pytest.mark.parametrize("widths", [(1, 1, 1), (3, 5, 4, 2), (2, 16, 16, 16, 1)])
def test_one_grid_value_gives_one_orbit(widths):
    assert exact_orbit_count(widths, 1) == 1


@pytest.mark.parametrize("widths", [(1, 1, 1), (3, 5, 4, 2), (2, 12, 6, 1)])
def test_one_grid_value_gives_one_signed_orbit(widths):
    assert exact_signed_orbit_count(widths, 1) == 1


def test_width_one_layers_have_no_symmetry():
    widths = (2, 1, 1, 3)
    assert exact_orbit_count(widths, 3) == 3 ** count_params(widths)


# --------------------------------------------------------------------------- bounds around the count


@pytest.mark.parametrize("widths, m", GRID_CASES + ELEMENT_CASES + [((2, 16, 16, 16, 1), 3)])
def test_naive_estimate_below_and_recon_bound_above_exact_count(widths, m):
    exact = exact_orbit_count(widths, m)
    assert naive_orbit_estimate(widths, m) <= exact  # the identity's term of Burnside's sum
    assert math.log(exact) <= log_orbit_upper_bound(widths, m) + 1e-9


def test_plain_division_is_not_an_upper_bound():
    # docs/theory.md#orbit-count: networks a relabelling fixes have short orbits, so m^S/|G| undercounts
    assert naive_orbit_estimate((1, 2, 2, 1), 2) == Fraction(2**13, 4)
    assert exact_orbit_count((1, 2, 2, 1), 2) > naive_orbit_estimate((1, 2, 2, 1), 2)


def test_log_naive_estimate_matches_exact_fraction():
    for widths, m, signed in [((1, 3, 2, 1), 3, False), ((2, 5, 4, 1), 7, True)]:
        exact = naive_orbit_estimate(widths, m, signed=signed)
        log_exact = math.log(exact.numerator) - math.log(exact.denominator)
        assert log_naive_orbit_estimate(widths, m, signed=signed) == pytest.approx(log_exact, rel=1e-12)


def test_log_naive_estimate_works_far_beyond_exact_counts():
    value = log_naive_orbit_estimate((784,) + (4096,) * 100 + (10,), 64)
    assert math.isfinite(value) and value > 0


# --------------------------------------------------------------------------- signed counts (stretch)


SIGNED_GRID_CASES = [((1, 2, 1), m) for m in (1, 2, 3)] + [((1, 2, 2, 1), m) for m in (1, 2)]
SIGNED_GRID_CASES += [((2, 3, 1), 2), ((1, 1, 1), 3)]


@pytest.mark.parametrize("widths, m", SIGNED_GRID_CASES)
def test_signed_count_matches_both_brute_forces(widths, m):
    exact = exact_signed_orbit_count(widths, m)
    assert exact == burnside_over_elements(widths, m, signed=True)
    assert exact == orbits_over_grid(widths, m, signed=True)


@pytest.mark.parametrize("widths, m", [((1, 3, 2, 1), 3), ((1, 3, 3, 1), 2), ((1, 3, 3, 1), 3),
                                       ((1, 4, 2, 1), 4), ((2, 2, 2, 2, 1), 5)])
def test_signed_count_matches_burnside_over_group_elements(widths, m):
    assert exact_signed_orbit_count(widths, m) == burnside_over_elements(widths, m, signed=True)


@pytest.mark.parametrize("widths, m", [((3, 7, 2), 5), ((1, 10, 1), 4), ((2, 12, 1), 3)])
def test_signed_shallow_count_equals_multisets_up_to_sign(widths, m):
    assert exact_signed_orbit_count(widths, m) == shallow_multisets(widths, m, signed=True)


@pytest.mark.parametrize("widths, m", [((1, 3, 2, 1), 2), ((2, 4, 4, 1), 3), ((1, 6, 5, 1), 4)])
def test_sign_flips_merge_orbits(widths, m):
    signed = exact_signed_orbit_count(widths, m)
    assert naive_orbit_estimate(widths, m, signed=True) <= signed < exact_orbit_count(widths, m)


# --------------------------------------------------------------------------- limits and errors


def test_target_architecture_is_within_the_work_cap():
    assert orbit_count_work((2, 16, 16, 16, 1)) <= limits.ORBIT_MAX_TRANSFER_ENTRIES


@pytest.mark.parametrize("widths", [(1, 30, 30, 1), (1, 201, 1)])
def test_too_many_cycle_types_is_refused(widths):
    with pytest.raises(ValueError, match=r"too large to count orbits exactly .* transfer-matrix entries"):
        exact_orbit_count(widths, 2)


def test_signed_count_has_its_own_larger_work():
    assert orbit_count_work((2, 16, 16, 16, 1), signed=True) > limits.ORBIT_MAX_TRANSFER_ENTRIES
    with pytest.raises(ValueError, match="too large to count orbits exactly"):
        exact_signed_orbit_count((2, 16, 16, 16, 1), 3)


def test_too_many_digits_is_refused():
    with pytest.raises(ValueError, match=r"\$m\^S\$ has about .* bits .* too large"):
        exact_orbit_count((1000, 4, 1), 64)
    with pytest.raises(ValueError, match=r"\$m\^S\$ has about"):
        naive_orbit_estimate((1000, 4, 1), 64)


@pytest.mark.parametrize("m, error, message", [(0, ValueError, r"grid size m 0: must be an integer in \[1, 64\]"),
                                               (65, ValueError, "grid size m 65"),
                                               (2.5, TypeError, "grid size m 2.5")])
def test_grid_size_is_validated(m, error, message):
    with pytest.raises(error, match=message):
        exact_orbit_count((1, 2, 1), m)


def test_widths_are_validated():
    with pytest.raises(ValueError, match="hidden width 0 in layer 1"):
        exact_orbit_count((1, 0, 1), 2)
    with pytest.raises(ValueError, match="must list the input width"):
        exact_orbit_count((1, 1), 2)
