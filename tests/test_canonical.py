"""Canonical form: invariant on orbits, idempotent, function-preserving, and it obeys its own rule."""

import numpy as np
import pytest

from core.engine.distances import function_gap, parameter_distance
from core.engine.init_schemes import init_params
from core.engine.mlp import Params
from core.symmetry.canonical import canonical_element, canonical_form, canonical_rule, tolerant_descending_order
from core.symmetry.group import random_symmetry
from core.symmetry.transforms import permute

ALL = ["tanh", "relu", "leaky_relu", "sigmoid", "gelu", "sin", "identity"]
WIDTHS = [(3, 5, 4, 2), (2, 6, 1), (4, 3, 7, 2, 3), (1, 1, 1)]


def generic(widths, seed):
    rng = np.random.default_rng(seed)
    return init_params(widths, scheme="uniform", scale=1.5, rng=rng), rng.uniform(-2, 2, size=(100, widths[0]))


def max_diff(a: Params, b: Params) -> float:
    return float(np.max(np.abs(a.flatten() - b.flatten())))


@pytest.mark.parametrize("widths", WIDTHS)
@pytest.mark.parametrize("activation", ALL)
def test_canonical_form_is_invariant_idempotent_and_keeps_the_function(activation, widths):
    params, X = generic(widths, seed=21)
    canonical = canonical_form(params, activation)
    rng = np.random.default_rng(22)
    for _ in range(8):
        _, twin = random_symmetry(params, activation, rng=rng)
        assert max_diff(canonical_form(twin, activation), canonical) <= 1e-12
    assert max_diff(canonical_form(canonical, activation), canonical) <= 1e-12
    assert function_gap(params, canonical, X, activation) <= 1e-12


def test_canonical_form_collapses_distance_between_twins():
    params, _ = generic((3, 5, 4, 2), seed=23)
    _, twin = random_symmetry(params, "tanh", rng=np.random.default_rng(24))
    assert parameter_distance(params, twin) > 1.0
    assert parameter_distance(canonical_form(params, "tanh"), canonical_form(twin, "tanh")) == 0.0


@pytest.mark.parametrize("activation", ALL)
def test_canonical_element_is_the_unscramble_move(activation):
    params, _ = generic((3, 5, 4, 2), seed=25)
    element = canonical_element(params, activation)
    assert element.apply(params, activation).allclose(canonical_form(params, activation), atol=0)
    # and its inverse scrambles the representative back into θ
    assert element.inverse().apply(canonical_form(params, activation), activation).allclose(params, atol=1e-12)


@pytest.mark.parametrize("activation", ["tanh", "relu", "identity", "sigmoid"])
def test_canonical_form_obeys_its_rule(activation):
    canonical = canonical_form(generic((3, 6, 5, 2), seed=26)[0], activation)
    for layer in (1, 2):
        keys = np.column_stack([canonical.weights[layer - 1], canonical.biases[layer - 1]])
        assert [tuple(row) for row in keys] == sorted((tuple(row) for row in keys), reverse=True)
        if activation in ("relu", "identity"):
            np.testing.assert_allclose(np.linalg.norm(keys, axis=1), 1.0, rtol=0, atol=1e-14)
        if activation in ("tanh", "identity", "sigmoid"):
            assert np.all(keys[:, 0] > 0)


def test_units_tied_on_incoming_weights_are_ordered_by_outgoing_weights():
    """Two duplicated units (same incoming row, different outgoing): swapping them changes θ, not f."""
    weights = (np.array([[0.5, -1.0], [0.5, -1.0], [0.2, 0.3]]), np.array([[1.0, -2.0, 0.7]]))
    params = Params(weights, (np.array([0.1, 0.1, 0.0]), np.array([0.3])))
    swapped = permute(params, [[1, 0, 2]])
    assert parameter_distance(params, swapped) > 1.0
    assert canonical_form(swapped, "tanh").allclose(canonical_form(params, "tanh"), atol=0)


@pytest.mark.parametrize("activation", ALL)
def test_degenerate_networks_are_handled_deterministically(activation):
    zero = init_params((2, 4, 3, 1), scheme="zero", rng=np.random.default_rng(0))
    assert canonical_form(zero, activation).allclose(zero, atol=0)
    constant = init_params((2, 4, 3, 1), scheme="constant", rng=np.random.default_rng(0))
    assert canonical_form(canonical_form(constant, activation), activation).allclose(
        canonical_form(constant, activation), atol=1e-12)


def test_tolerant_order_treats_close_values_as_equal_and_is_transitive():
    tol = 1e-9
    keys = np.array([[0.0, 1.0], [0.6e-9, 3.0], [1.2e-9, 2.0], [5.0, 0.0]])
    # 0, 0.6e-9, 1.2e-9 form one cluster (chained gaps <= tol), so column 1 decides among them.
    assert tolerant_descending_order(keys, tol) == [3, 1, 2, 0]
    assert tolerant_descending_order(np.zeros((3, 2)), tol) == [0, 1, 2]  # full ties: index order


def test_canonical_rule_describes_the_activation_group():
    assert "length 1" in canonical_rule("relu") and "positive" not in canonical_rule("relu")
    assert "positive" in canonical_rule("tanh") and "length 1" not in canonical_rule("tanh")
    assert "sorted" in canonical_rule("gelu")


def test_canonical_form_rejects_bad_arguments():
    params, _ = generic((3, 5, 4, 2), seed=27)
    with pytest.raises(ValueError, match=r"tol -1.0: must be a finite number in \[0, 1\]"):
        canonical_form(params, "tanh", tol=-1.0)
    with pytest.raises(TypeError, match="params list: must be core.engine.mlp.Params"):
        canonical_form([], "tanh")
