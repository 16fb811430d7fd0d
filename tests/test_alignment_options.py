"""Issue 19, "alignment a researcher can steer": group=, restarts, random layer order, activation matching.

Oracles: a planted element of the chosen group is recovered exactly by both methods for every activation
that has that symmetry; brute force over every permutation (and sign) of one tiny hidden layer gives the
optimum weight matching reaches; more restarts never end further away than one.
"""

import itertools

import numpy as np
import pytest

from core.engine.activations import ACTIVATIONS
from core.engine.distances import function_gap, parameter_distance
from core.engine.init_schemes import init_params
from core.symmetry.alignment import align
from core.symmetry.checks import admits_rescaling, admits_sign_flip
from core.symmetry.group import GroupElement, random_element
from core.symmetry.search_group import allowed_groups, search_group
from core.symmetry.transforms import flip_signs, permute

ALL = list(ACTIVATIONS)
PLANTED = [(activation, group) for activation in ALL for group in allowed_groups(activation)]
WIDTHS = (3, 5, 4, 2)


def generic(widths, seed):
    rng = np.random.default_rng(seed)
    return init_params(widths, scheme="uniform", scale=1.5, rng=rng), rng.uniform(-2, 2, size=(200, widths[0]))


def planted_element(hidden_widths, activation, group, seed) -> GroupElement:
    """A random element of the activation's group with only the parts ``group`` names."""
    full = random_element(hidden_widths, activation, rng=np.random.default_rng(seed))
    chosen = search_group(group, activation)
    return GroupElement(full.perms,
                        full.signs if chosen.flips else tuple((1,) * d for d in hidden_widths),
                        full.scales if chosen.scales else tuple((1.0,) * d for d in hidden_widths))


def test_the_default_group_is_the_whole_group_the_activation_admits():
    for activation in ALL:
        default = search_group(None, activation)
        act = ACTIVATIONS[activation]
        assert (default.flips, default.scales) == (admits_sign_flip(act), admits_rescaling(act))
        assert default.name == allowed_groups(activation)[-1] or activation == "identity"


@pytest.mark.parametrize("method", ["weights", "activations"])
@pytest.mark.parametrize(("activation", "group"), PLANTED)
def test_a_planted_element_of_the_chosen_group_is_recovered_exactly(activation, group, method):
    params, X = generic(WIDTHS, seed=51)
    element = planted_element(params.hidden_widths, activation, group, seed=52)
    twin = element.apply(params, activation)
    result = align(params, twin, activation, group=group, method=method, X=X)
    undo = element.inverse()
    assert result.perms == undo.perms and result.signs == undo.signs
    for found, planted in zip(result.scales, undo.scales):
        np.testing.assert_allclose(found, planted, rtol=1e-10)
    assert result.distance_before > 1.0 and result.distance_after <= 1e-10
    assert result.aligned.allclose(params, atol=1e-10)


@pytest.mark.parametrize("cost", ["correlation", "l2"])
@pytest.mark.parametrize("activation", ALL)
def test_activation_matching_on_a_planted_permutation_ends_at_distance_zero(activation, cost):
    params, X = generic(WIDTHS, seed=53)
    element = planted_element(params.hidden_widths, activation, "permutations", seed=54)
    twin = element.apply(params, activation)
    result = align(params, twin, activation, group="permutations", method="activations", X=X, cost=cost)
    assert result.distance_after == 0.0
    # Searching the whole group, fitted scales are 1 to rounding.
    assert align(params, twin, activation, method="activations", X=X, cost=cost).distance_after <= 1e-12


@pytest.mark.parametrize("activation", ["tanh", "relu", "sigmoid", "identity"])
def test_activation_matching_keeps_b_function_on_independent_networks(activation):
    params_a, X = generic((2, 9, 7, 1), seed=55)
    params_b, _ = generic((2, 9, 7, 1), seed=56)
    result = align(params_a, params_b, activation, method="activations", X=X)
    assert function_gap(params_b, result.aligned, X, activation) <= 1e-12
    assert result.distance_after == parameter_distance(params_a, result.aligned)
    assert result.aligned.allclose(result.element.apply(params_b, activation), atol=0)


def brute_force(params_a, params_b, activation, flips):
    """The least ‖θ_a − g·θ_b‖ over every permutation (and every sign pattern) of the one hidden layer."""
    d = params_b.hidden_widths[0]
    patterns = itertools.product((1, -1), repeat=d) if flips else [(1,) * d]
    best = np.inf
    for signs in patterns:
        flipped = flip_signs(params_b, [signs], activation)
        for perm in itertools.permutations(range(d)):
            best = min(best, parameter_distance(params_a, permute(flipped, [perm])))
    return best


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize(("activation", "group", "flips"), [("gelu", "permutations", False),
                                                           ("tanh", "permutations", False),
                                                           ("tanh", "permutations+signs", True)])
def test_weight_matching_finds_the_brute_force_optimum_of_one_tiny_layer(activation, group, flips, seed):
    d = 2 + seed % 3  # 2, 3 or 4 hidden units
    params_a, _ = generic((3, d, 2), seed=100 + seed)
    params_b, _ = generic((3, d, 2), seed=200 + seed)
    result = align(params_a, params_b, activation, group=group)
    assert result.distance_after == pytest.approx(brute_force(params_a, params_b, activation, flips), rel=1e-12)


@pytest.mark.parametrize("seed", range(6))
def test_best_of_restarts_never_ends_further_than_one_restart(seed):
    params_a, _ = generic((2, 12, 12, 12, 1), seed=300 + seed)
    params_b, _ = generic((2, 12, 12, 12, 1), seed=400 + seed)
    for activation, random_order in (("tanh", False), ("tanh", True), ("relu", True)):
        one = align(params_a, params_b, activation, restarts=1, random_order=random_order,
                    rng=np.random.default_rng(seed))
        many = align(params_a, params_b, activation, restarts=4, random_order=random_order,
                     rng=np.random.default_rng(seed))
        assert many.distance_after <= one.distance_after
        assert function_gap(params_b, many.aligned, np.zeros((1, 2)), activation) <= 1e-12


def test_restarts_are_reproducible_from_the_seed_and_can_find_a_closer_match():
    params_a, _ = generic((2, 10, 10, 10, 1), seed=61)
    params_b, _ = generic((2, 10, 10, 10, 1), seed=62)
    runs = [align(params_a, params_b, "tanh", restarts=6, random_order=True, rng=np.random.default_rng(7))
            for _ in range(2)]
    assert runs[0].element == runs[1].element and runs[0].distance_after == runs[1].distance_after
    assert runs[0].distance_after <= align(params_a, params_b, "tanh").distance_after


def test_the_permutation_group_of_relu_is_the_gelu_search():
    """group='permutations' under relu searches what 'gelu' (permutations only) does: same distance, no scales."""
    params_a, _ = generic((2, 16, 16, 1), seed=63)
    params_b, _ = generic((2, 16, 16, 1), seed=64)
    relu = align(params_a, params_b, "relu", group="permutations")
    assert relu.distance_after == align(params_a, params_b, "gelu").distance_after
    assert all(c == 1.0 for layer in relu.scales for c in layer)
    assert align(params_a, params_b, "relu").distance_after <= relu.distance_after


@pytest.mark.parametrize(("kwargs", "error", "message"), [
    ({"group": "permutations+signs"}, ValueError,
     r"group 'permutations\+signs' for activation 'relu': not a symmetry of relu .*allowed for relu: "
     r"'permutations', 'permutations\+scales'"),
    ({"group": "perms"}, ValueError, r"group 'perms': must be one of 'permutations', "),
    ({"method": "gradient"}, ValueError, "method 'gradient': must be one of weights, activations"),
    ({"method": "activations"}, ValueError, r"X None: method='activations' .* shape \(n_samples, 2\)"),
    ({"method": "activations", "X": np.zeros((5, 3))}, ValueError, r"X has shape \(5, 3\): must have shape"),
    ({"method": "activations", "X": np.zeros((5, 2)), "cost": "cosine"}, ValueError,
     "cost 'cosine': must be one of correlation, l2"),
    ({"restarts": 3}, ValueError, "rng None with restarts=3, random_order=False: .* rng=numpy.random.default_rng"),
    ({"random_order": True}, ValueError, "rng None with restarts=1, random_order=True"),
    ({"restarts": 0, "rng": np.random.default_rng(0)}, ValueError, r"restarts 0: must be an integer in \[1,"),
    ({"restarts": 2, "rng": 5}, TypeError, "rng int: must be a numpy.random.Generator"),
])
def test_bad_options_name_the_parameter_and_what_is_allowed(kwargs, error, message):
    params, _ = generic((2, 4, 1), seed=65)
    with pytest.raises(error, match=message):
        align(params, params, "relu", **kwargs)


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("activation", ["relu", "leaky_relu"])
def test_activation_matching_with_scales_never_ends_further_than_without(activation, seed):
    """Correlation pairs units alike with or without scales; the scales then only lower the distance
    (a least-squares activation fit alone could be tiny and blow up the outgoing weights by 1/c)."""
    params_a, X = generic((2, 24, 24, 1), seed=500 + seed)
    params_b, _ = generic((2, 24, 24, 1), seed=600 + seed)
    plain = align(params_a, params_b, activation, group="permutations", method="activations", X=X)
    scaled = align(params_a, params_b, activation, method="activations", X=X)
    assert scaled.perms == plain.perms
    assert scaled.distance_after <= plain.distance_after
    assert function_gap(params_b, scaled.aligned, X, activation) <= 1e-12
