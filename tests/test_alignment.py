"""Weight matching recovers planted symmetries exactly and never changes b's function."""

import numpy as np
import pytest

from core.engine.distances import function_gap, parameter_distance
from core.engine.init_schemes import init_params
from core.symmetry.alignment import align
from core.symmetry.group import random_symmetry

ALL = ["tanh", "relu", "leaky_relu", "sigmoid", "gelu", "sin", "identity"]
WIDTHS = [(3, 5, 4, 2), (2, 16, 1), (4, 6, 7, 5, 3)]


def generic(widths, seed):
    rng = np.random.default_rng(seed)
    return init_params(widths, scheme="uniform", scale=1.5, rng=rng), rng.uniform(-2, 2, size=(100, widths[0]))


@pytest.mark.parametrize("widths", WIDTHS)
@pytest.mark.parametrize("activation", ALL)
def test_align_recovers_a_planted_symmetry(activation, widths):
    params, _ = generic(widths, seed=31)
    element, twin = random_symmetry(params, activation, rng=np.random.default_rng(32))
    result = align(params, twin, activation)
    undo = element.inverse()
    assert result.perms == undo.perms and result.signs == undo.signs  # exactly
    for found, planted in zip(result.scales, undo.scales):
        np.testing.assert_allclose(found, planted, rtol=1e-12)
    assert result.element.compose(element).is_identity()
    assert result.distance_before > 1.0 and result.distance_after <= 1e-12
    assert result.aligned.allclose(params, atol=1e-12)


@pytest.mark.parametrize("activation", ["tanh", "gelu", "sin"])
def test_planted_permutation_and_flips_give_distance_exactly_zero(activation):
    params, _ = generic((3, 5, 4, 2), seed=33)
    _, twin = random_symmetry(params, activation, rng=np.random.default_rng(34))
    assert align(params, twin, activation).distance_after == 0.0


@pytest.mark.parametrize("activation", ALL)
def test_aligning_independent_networks_keeps_b_function_and_lowers_distance(activation):
    params_a, X = generic((2, 12, 12, 1), seed=35)
    params_b, _ = generic((2, 12, 12, 1), seed=36)
    result = align(params_a, params_b, activation)
    assert function_gap(params_b, result.aligned, X, activation) <= 1e-12
    assert result.distance_before == parameter_distance(params_a, params_b)
    assert result.distance_after == pytest.approx(parameter_distance(params_a, result.aligned), abs=1e-12)
    assert result.distance_after < result.distance_before
    assert result.aligned.allclose(result.element.apply(params_b, activation), atol=0)


def test_refinement_sweeps_never_make_the_match_worse():
    params_a, _ = generic((2, 10, 10, 10, 1), seed=37)
    params_b, _ = generic((2, 10, 10, 10, 1), seed=38)
    first_pass = align(params_a, params_b, "tanh", max_sweeps=0)
    refined = align(params_a, params_b, "tanh")
    assert refined.distance_after <= first_pass.distance_after


def test_align_rejects_mismatched_networks():
    params_a, _ = generic((3, 5, 4, 2), seed=39)
    params_b, _ = generic((3, 5, 3, 2), seed=40)
    with pytest.raises(ValueError, match=r"params_b has widths \(3, 5, 3, 2\): must equal params_a's widths"):
        align(params_a, params_b, "tanh")
    with pytest.raises(ValueError, match="max_sweeps -1: must be an integer in"):
        align(params_a, params_a, "tanh", max_sweeps=-1)
    with pytest.raises(TypeError, match="params_a tuple: must be core.engine.mlp.Params"):
        align((), params_a, "tanh")
