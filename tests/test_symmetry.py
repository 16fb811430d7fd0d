"""permute / flip_signs / rescale: the function stays, the weights move; wrong moves break it.

Oracles, not typed-in numbers: f_θ and f_{gθ} are compared on random inputs in float64.
"""

import numpy as np
import pytest

from core.engine.distances import function_gap, parameter_distance
from core.engine.init_schemes import init_params
from core.engine.mlp import Params
from core.symmetry.transforms import flip_signs, permute, rescale
from core.symmetry.wrong_moves import (
    naive_flip_signs,
    permute_incoming_only,
    permute_weight_rows_only,
    permute_without_bias,
    unchecked_rescale,
)

ALL = ["tanh", "relu", "leaky_relu", "sigmoid", "gelu", "sin", "identity"]
FLIPPABLE = ["tanh", "sin", "identity", "sigmoid"]  # sigmoid: the affine flip
RESCALABLE = ["relu", "leaky_relu", "identity"]
WIDTHS = [(3, 5, 4, 2), (2, 3, 1), (4, 7, 3, 6, 1), (1, 8, 8, 8, 8, 3)]
EXACT = 1e-12   # float64: typically ~1e-15
MOVED = 0.5     # a real move of a generic θ changes the parameters by O(1)
BROKEN = 0.05   # a wrong move changes the function by O(0.1)


def generic(widths, seed):
    rng = np.random.default_rng(seed)
    return init_params(widths, scheme="uniform", scale=1.5, rng=rng), rng.uniform(-2, 2, size=(200, widths[0]))


def moving_perms(widths, rng):
    """A random permutation per hidden layer that moves at least one unit (when width > 1)."""
    perms = []
    for d in widths[1:-1]:
        p = rng.permutation(d)
        while d > 1 and np.array_equal(p, np.arange(d)):
            p = rng.permutation(d)
        perms.append(p)
    return perms


@pytest.mark.parametrize("widths", WIDTHS)
@pytest.mark.parametrize("activation", ALL)
def test_permutation_keeps_function_and_moves_weights(activation, widths):
    params, X = generic(widths, seed=len(widths))
    moved = permute(params, moving_perms(widths, np.random.default_rng(7)))
    assert function_gap(params, moved, X, activation) <= EXACT
    assert parameter_distance(params, moved) > MOVED


@pytest.mark.parametrize("widths", WIDTHS)
@pytest.mark.parametrize("activation", FLIPPABLE)
def test_sign_flip_keeps_function_and_moves_weights(activation, widths):
    params, X = generic(widths, seed=1)
    rng = np.random.default_rng(2)
    signs = [np.where(np.arange(d) == 0, -1, rng.choice([-1, 1], size=d)) for d in widths[1:-1]]
    flipped = flip_signs(params, signs, activation)
    assert function_gap(params, flipped, X, activation) <= EXACT
    assert parameter_distance(params, flipped) > MOVED


@pytest.mark.parametrize("widths", WIDTHS)
@pytest.mark.parametrize("activation", RESCALABLE)
def test_rescaling_keeps_function_and_moves_weights(activation, widths):
    params, X = generic(widths, seed=3)
    rng = np.random.default_rng(4)
    scales = [np.exp(rng.uniform(np.log(0.25), np.log(4.0), size=d)) for d in widths[1:-1]]
    scaled = rescale(params, scales, activation)
    assert function_gap(params, scaled, X, activation) <= EXACT
    assert parameter_distance(params, scaled) > MOVED


def test_permute_moves_exactly_the_documented_slices():
    params, _ = generic((3, 4, 5, 2), seed=5)
    p1, p2 = [2, 0, 3, 1], [4, 3, 2, 1, 0]
    out = permute(params, [p1, p2])
    np.testing.assert_array_equal(out.weights[0], params.weights[0][p1, :])
    np.testing.assert_array_equal(out.biases[0], params.biases[0][p1])
    np.testing.assert_array_equal(out.weights[1], params.weights[1][p2, :][:, p1])
    np.testing.assert_array_equal(out.biases[1], params.biases[1][p2])
    np.testing.assert_array_equal(out.weights[2], params.weights[2][:, p2])
    np.testing.assert_array_equal(out.biases[2], params.biases[2])  # outputs never move


def test_sigmoid_flip_moves_old_outgoing_column_into_next_bias():
    params, _ = generic((2, 3, 2), seed=6)
    out = flip_signs(params, [[1, -1, 1]], "sigmoid")
    np.testing.assert_allclose(out.biases[1], params.biases[1] + params.weights[1][:, 1], rtol=0, atol=1e-15)
    np.testing.assert_array_equal(out.weights[1][:, 1], -params.weights[1][:, 1])


@pytest.mark.parametrize("move", [
    lambda p: permute(p, [[1, 2, 0, 4, 3], [3, 2, 1, 0]]),
    lambda p: flip_signs(p, [[-1, 1, 1, 1, -1], [1, -1, 1, 1]], "sigmoid"),
    lambda p: rescale(p, [[2.0] * 5, [0.5] * 4], "relu"),
])
def test_inputs_are_never_mutated_and_results_are_read_only(move):
    params, _ = generic((3, 5, 4, 2), seed=8)
    before = params.flatten().copy()
    out = move(params)
    np.testing.assert_array_equal(params.flatten(), before)
    assert isinstance(out, Params) and not out.weights[0].flags.writeable


# ---------------------------------------------------------------- negative controls

REVERSED = [[4, 3, 2, 1, 0], [3, 2, 1, 0]]


@pytest.mark.parametrize("name, activation, wrong_move", [
    ("naive sign flip, sigmoid", "sigmoid", lambda p: naive_flip_signs(p, [[1, -1, 1, 1, 1], [1, 1, 1, 1]])),
    ("sign flip, relu", "relu", lambda p: naive_flip_signs(p, [[1, -1, 1, 1, 1], [1, 1, 1, 1]])),
    ("rescaling c=3.7, tanh", "tanh", lambda p: unchecked_rescale(p, [[1, 3.7, 1, 1, 1], [1, 1, 1, 1]])),
    ("rows of W without the bias", "tanh", lambda p: permute_without_bias(p, REVERSED)),
    ("only rows of W_{l-1}", "relu", lambda p: permute_weight_rows_only(p, REVERSED)),
    ("rows without the next columns", "sigmoid", lambda p: permute_incoming_only(p, REVERSED)),
])
def test_wrong_moves_break_the_function(name, activation, wrong_move):
    params, X = generic((3, 5, 4, 2), seed=9)
    assert function_gap(params, wrong_move(params), X, activation) > BROKEN, name


def test_naive_flip_is_exact_for_odd_activations():
    params, X = generic((3, 5, 4, 2), seed=9)
    flipped = naive_flip_signs(params, [[1, -1, 1, 1, 1], [1, 1, -1, 1]])
    assert function_gap(params, flipped, X, "tanh") <= EXACT


# ---------------------------------------------------------------- wrong use is an error

@pytest.fixture
def net():
    return generic((3, 5, 4, 2), seed=10)[0]


@pytest.mark.parametrize("perms, message", [
    ([[0, 0, 2, 3, 4], [0, 1, 2, 3]], r"permutation for layer 1 = \[0, 0, 2, 3, 4\]: unit 0 appears 2 times.*exactly once"),
    ([[0, 1, 2, 3, 4], [0, 1, 2]], r"permutation for layer 2 has shape \(3,\): must have length 4"),
    ([[0, 1, 2, 3, 4]], r"perms has 1 entries: must have one per hidden layer \(2"),
    ([[0, 1, 2, 3, 4], [0, 1.5, 2, 3]], r"permutation for layer 2 has entry 1.5 at position 1: must be an integer"),
    ([[0, 1, 2, 3, 5], [0, 1, 2, 3]], r"layer 1 .*unit 4 appears 0 times"),
])
def test_permute_rejects_non_permutations(net, perms, message):
    with pytest.raises(ValueError, match=message):
        permute(net, perms)


def test_permute_rejects_wrong_types(net):
    with pytest.raises(TypeError, match="perms '01234': must be a list with one entry per hidden layer"):
        permute(net, "01234")
    with pytest.raises(TypeError, match="params dict: must be core.engine.mlp.Params"):
        permute({}, [[0]])


@pytest.mark.parametrize("activation", ["relu", "leaky_relu", "gelu"])
def test_sign_flip_under_non_odd_activation_is_an_error(net, activation):
    with pytest.raises(ValueError, match=rf"sign -1 for unit 2 in layer 1: .*{activation} admits no sign flip"):
        flip_signs(net, [[1, 1, -1, 1, 1], [1, 1, 1, 1]], activation)


def test_identity_moves_are_allowed_under_any_activation(net):
    assert flip_signs(net, [[1] * 5, [1] * 4], "relu").allclose(net, atol=0)
    assert rescale(net, [[1.0] * 5, [1.0] * 4], "tanh").allclose(net, atol=0)


def test_signs_must_be_plus_or_minus_one(net):
    with pytest.raises(ValueError, match=r"sign 0.5 for unit 1 in layer 2: must be \+1 or -1"):
        flip_signs(net, [[1] * 5, [1, 0.5, 1, 1]], "tanh")


@pytest.mark.parametrize("bad", [-1.0, 0.0, np.inf])
def test_scale_must_be_positive(net, bad):
    with pytest.raises(ValueError, match=rf"scale {bad!r} for unit 3 in layer 2: must be > 0 .*positive factors"):
        rescale(net, [[1.0] * 5, [1.0, 1.0, 1.0, bad]], "relu")


@pytest.mark.parametrize("activation", ["tanh", "sigmoid", "gelu", "sin"])
def test_rescaling_under_non_homogeneous_activation_is_an_error(net, activation):
    with pytest.raises(ValueError, match=rf"scale 2.0 for unit 0 in layer 1: .*{activation} is not positively homogeneous"):
        rescale(net, [[2.0, 1, 1, 1, 1], [1.0] * 4], activation)


def test_unknown_activation_lists_the_allowed_ones(net):
    with pytest.raises(ValueError, match="activation 'softplus': must be one of tanh, relu"):
        flip_signs(net, [[1] * 5, [1] * 4], "softplus")


def test_distances_need_equal_widths(net):
    other = generic((3, 4, 4, 2), seed=0)[0]
    with pytest.raises(ValueError, match=r"params_b has widths \(3, 4, 4, 2\): must equal params_a's widths \(3, 5, 4, 2\)"):
        parameter_distance(net, other)
