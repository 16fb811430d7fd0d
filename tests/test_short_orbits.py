"""When a grid network has a short orbit, by brute-force enumeration (issue 13, point 5).

The page used to say that two units with identical incoming weights and bias give fewer
relabellings. The swap also moves their outgoing weights: on 1-2-1 with 2 grid values, 16 of the 32
grid networks with identical incoming weights have full-size orbits. The right rule: a non-identity
relabelling must fix the network; with one hidden layer, two units identical in incoming AND
outgoing parameters (docs/theory.md#orbit-count). The oracle applies core.symmetry.transforms.permute
(an independent implementation of the relabelling) to every grid network.
"""

from __future__ import annotations

import itertools
import math
from pathlib import Path

import numpy as np
import pytest

from core.bounds.orbit_comparison import compare_orbits
from core.bounds.orbits import exact_orbit_count
from core.bounds.short_orbits import (
    fixed_by_a_relabelling,
    identical_unit_pairs,
    one_layer_short_orbit_count,
    orbit_size,
    relabel,
)
from core.engine.mlp import Params, count_params
from core.symmetry.transforms import permute

ROOT = Path(__file__).resolve().parents[1]


def grid_networks(widths, m: int):
    """Every vector of the m-point grid on [-1, 1] (values -1 + (2i-1)/m), as flat float64 arrays."""
    values = [-1 + (2 * i - 1) / m for i in range(1, m + 1)]
    for point in itertools.product(values, repeat=count_params(widths)):
        yield np.array(point)


def oracle_orbit(theta, widths) -> set[bytes]:
    """The orbit of θ under hidden-unit permutations, by core.symmetry.transforms.permute."""
    params = Params.unflatten(theta, widths)
    group = itertools.product(*(itertools.permutations(range(d)) for d in widths[1:-1]))
    return {permute(params, [list(p) for p in perms]).flatten().tobytes() for perms in group}


def identical_incoming(theta, widths) -> bool:
    """Hidden units 0 and 1 of a one-layer network have the same incoming weights and bias."""
    params = Params.unflatten(theta, widths)
    return bool(np.array_equal(params.weights[0][0], params.weights[0][1]) and params.biases[0][0] == params.biases[0][1])


def test_identical_incoming_weights_are_not_enough_on_1_2_1():
    """The issue's count: 32 grid networks with identical incoming weights, 16 of them with full orbits."""
    widths = (1, 2, 1)
    tied = [theta for theta in grid_networks(widths, 2) if identical_incoming(theta, widths)]
    full = [theta for theta in tied if len(oracle_orbit(theta, widths)) == 2]
    assert (len(tied), len(full)) == (32, 16)
    for theta in tied:
        assert fixed_by_a_relabelling(theta, widths) == (len(oracle_orbit(theta, widths)) == 1)


@pytest.mark.parametrize("widths, m", [((1, 2, 1), 2), ((2, 2, 1), 2), ((1, 3, 1), 2), ((1, 2, 2), 2),
                                       ((1, 2, 1), 3)])
def test_one_layer_rule_matches_brute_force(widths, m):
    """One hidden layer: short orbit <=> two units equal in incoming weights, bias AND outgoing weights."""
    short = 0
    orbits: set[frozenset] = set()
    order = math.factorial(widths[1])
    for theta in grid_networks(widths, m):
        orbit = oracle_orbit(theta, widths)
        orbits.add(frozenset(orbit))
        is_short = len(orbit) < order
        assert orbit_size(theta, widths) == len(orbit)
        assert fixed_by_a_relabelling(theta, widths) == is_short
        assert bool(identical_unit_pairs(theta, widths)) == is_short
        short += is_short
    assert one_layer_short_orbit_count(widths, m) == short
    assert exact_orbit_count(widths, m) == len(orbits)  # Burnside against enumeration


def test_deeper_networks_can_be_fixed_without_an_identical_pair():
    """Two hidden layers: swapping both layers at once fixes W_1 = I although no two units are identical."""
    params = Params((np.ones((2, 1)), np.eye(2), np.ones((1, 2))), (np.zeros(2), np.zeros(2), np.zeros(1)))
    theta, widths = params.flatten(), params.widths
    assert identical_unit_pairs(theta, widths) == []  # layer-1 units differ in outgoing weights (columns of I)
    assert fixed_by_a_relabelling(theta, widths)
    assert np.array_equal(relabel(theta, widths, [(1, 0), (1, 0)]), theta)
    assert orbit_size(theta, widths) == len(oracle_orbit(theta, widths)) == 2


def test_relabel_agrees_with_the_symmetry_lesson():
    rng = np.random.default_rng(0)
    widths = (2, 3, 4, 1)
    theta = rng.normal(size=count_params(widths))
    perms = [(2, 0, 1), (3, 1, 0, 2)]
    expected = permute(Params.unflatten(theta, widths), [list(p) for p in perms]).flatten()
    assert np.array_equal(relabel(theta, widths, perms), expected)


def test_bad_input_is_refused_with_a_reason():
    with pytest.raises(ValueError, match="must have shape"):
        orbit_size(np.zeros(3), (1, 2, 1))
    with pytest.raises(ValueError, match="must reorder"):
        relabel(np.zeros(7), (1, 2, 1), [(0, 0)])
    with pytest.raises(ValueError, match="one hidden layer"):
        one_layer_short_orbit_count((1, 2, 2, 1), 2)
    with pytest.raises(ValueError, match="too many"):
        orbit_size(np.zeros(count_params((1, 9, 1))), (1, 9, 1))


def test_the_comparison_counts_short_orbits_only_where_the_rule_is_exact():
    one = compare_orbits((2, 2, 1), 2, odd=False)
    assert one.short_orbits == 32 and one.exact * 2 == one.grid + one.short_orbits
    assert compare_orbits((2, 4, 4, 1), 2, odd=False).short_orbits is None  # deeper: no pairwise rule


def test_the_page_states_the_right_condition():
    """The orbit panel's words: non-identity relabelling, incoming AND outgoing; never the old rule."""
    from pages.shared.bounds.checks import _short_orbit_rule
    source = (ROOT / "pages/shared/bounds/checks.py").read_text()
    assert "have identical incoming weights and bias" not in source
    one = _short_orbit_rule(compare_orbits((2, 2, 1), 2, odd=False))
    assert "incoming weights, bias *and* outgoing weights" in one and "32 of the 512 grid networks" in one
    deep = _short_orbit_rule(compare_orbits((2, 4, 4, 1), 2, odd=False))
    assert "outgoing weights" in deep and "more than one layer at once" in deep
