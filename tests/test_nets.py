import numpy as np
import pytest
import torch

from core import rng
from core.engine import init_schemes, mlp
from core.engine.activations import ACTIVATIONS
from core.engine.interop import to_torch

WIDTHS = (2, 5, 4, 3)


def _params(seed=0, widths=WIDTHS, scheme="uniform"):
    return init_schemes.init_params(widths, scheme=scheme, scale=1.0, rng=rng.stream(seed, "init"))


def _reference_sequential(params, activation):
    """An nn.Sequential built independently, layer by layer, from the same numbers."""
    layers = []
    for i, (w, b) in enumerate(zip(params.weights, params.biases)):
        linear = torch.nn.Linear(w.shape[1], w.shape[0], dtype=torch.float64)
        linear.weight.data = torch.tensor(w)
        linear.bias.data = torch.tensor(b)
        layers.append(linear)
        if i < len(params.weights) - 1:
            layers.append({"tanh": torch.nn.Tanh(), "relu": torch.nn.ReLU(), "sigmoid": torch.nn.Sigmoid(),
                           "gelu": torch.nn.GELU(), "leaky_relu": torch.nn.LeakyReLU(0.01),
                           "identity": torch.nn.Identity()}[activation])
    return torch.nn.Sequential(*layers)


@pytest.mark.parametrize("activation", ["tanh", "relu", "sigmoid", "gelu", "leaky_relu", "identity"])
def test_forward_matches_torch_sequential(activation, make_rng):
    params, X = _params(), make_rng(1).normal(size=(64, 2))
    expected = _reference_sequential(params, activation)(torch.tensor(X)).detach().numpy()
    assert np.max(np.abs(mlp.forward(params, X, activation) - expected)) < 1e-13


def test_forward_sin_and_our_sequential_agree(make_rng):
    params, X = _params(), make_rng(2).normal(size=(32, 2))
    ours = to_torch(params, "sin")(torch.tensor(X)).detach().numpy()
    manual = np.sin(np.sin(X @ params.weights[0].T + params.biases[0]) @ params.weights[1].T + params.biases[1])
    manual = manual @ params.weights[2].T + params.biases[2]
    assert np.max(np.abs(mlp.forward(params, X, "sin") - manual)) < 1e-13
    assert np.max(np.abs(ours - manual)) < 1e-13


def test_params_shapes_count_and_flatten_roundtrip():
    params = _params()
    assert params.widths == WIDTHS and params.hidden_widths == (5, 4)
    assert [w.shape for w in params.weights] == [(5, 2), (4, 5), (3, 4)]
    assert params.n_params == sum(w.size + b.size for w, b in zip(params.weights, params.biases)) == 5 * 3 + 4 * 6 + 3 * 5
    vector = params.flatten()
    assert vector.shape == (params.n_params,) and vector.dtype == np.float64
    assert np.array_equal(mlp.Params.unflatten(vector, WIDTHS).flatten(), vector)


def test_params_are_immutable_copies():
    w = np.ones((3, 2))
    params = mlp.Params((w, np.ones((1, 3))), (np.zeros(3), np.zeros(1)))
    w[0, 0] = 5.0
    assert params.weights[0][0, 0] == 1.0
    with pytest.raises(ValueError, match="read-only"):
        params.weights[0][0, 0] = 2.0


@pytest.mark.parametrize("weights, biases, match", [
    ([np.ones((3, 2))], [np.ones(2)], r"biases\[0\] has length 2: must equal the 3 rows"),
    ([np.ones((3, 2)), np.ones((1, 4))], [np.ones(3), np.ones(1)], r"weights\[1\] has 4 columns"),
    ([np.full((1, 1), np.nan)], [np.ones(1)], "NaN or infinite"),
    ([], [], "at least 1"),
])
def test_inconsistent_params_are_rejected(weights, biases, match):
    with pytest.raises(ValueError, match=match):
        mlp.Params(tuple(weights), tuple(biases))


def test_forward_rejects_wrong_input_width():
    with pytest.raises(ValueError, match="X has 3 columns: the network takes 2 inputs"):
        mlp.forward(_params(), np.ones((4, 3)), "tanh")


def test_every_activation_declares_its_symmetries():
    odd = {name for name, a in ACTIVATIONS.items() if a.odd}
    homogeneous = {name for name, a in ACTIVATIONS.items() if a.positively_homogeneous}
    assert odd == {"tanh", "sin", "identity"}
    assert homogeneous == {"relu", "leaky_relu", "identity"}
    z = np.linspace(-3, 3, 13)
    for name in odd:
        assert np.allclose(ACTIVATIONS[name].numpy(-z), -ACTIVATIONS[name].numpy(z))
    for name in homogeneous:
        assert np.allclose(ACTIVATIONS[name].numpy(2.5 * z), 2.5 * ACTIVATIONS[name].numpy(z))


@pytest.mark.parametrize("scheme", list(init_schemes.INIT_SCHEMES))
def test_every_scheme_is_deterministic_and_shaped(scheme):
    a, b = _params(3, scheme=scheme), _params(3, scheme=scheme)
    assert a.widths == WIDTHS and np.array_equal(a.flatten(), b.flatten())


def test_uniform_stays_in_the_box_and_he_has_its_variance():
    params = init_schemes.init_params((2, 64, 1), scheme="uniform", scale=0.5, rng=rng.stream(0, "init"))
    assert np.max(np.abs(params.flatten())) <= 0.5
    wide = init_schemes.init_params((64, 256, 1), scheme="he", scale=1.0, rng=rng.stream(0, "init"))
    assert abs(wide.weights[0].std() - np.sqrt(2 / 64)) < 0.01


def test_orthogonal_rows_or_columns_are_orthonormal():
    params = init_schemes.init_params((3, 8, 2), scheme="orthogonal", scale=1.0, rng=rng.stream(0, "init"))
    w0, w1 = params.weights
    assert np.allclose(w0.T @ w0, np.eye(3)) and np.allclose(w1 @ w1.T, np.eye(2))


def test_constant_scheme_makes_units_of_a_layer_identical():
    params = init_schemes.init_params((2, 4, 3, 1), scheme="constant", scale=1.0, rng=rng.stream(0, "init"))
    for l in (1, 2):  # hidden layers: rows of W_{l-1}, biases, columns of W_l all identical
        assert np.all(params.weights[l - 1] == params.weights[l - 1][0])
        assert np.all(params.biases[l - 1] == params.biases[l - 1][0])
        assert np.all(params.weights[l] == params.weights[l][:, :1])
    zero = init_schemes.init_params((2, 4, 1), scheme="zero", scale=1.0, rng=rng.stream(0, "init"))
    assert not np.any(zero.flatten())


def test_representative_sorts_biases_and_keeps_the_uniform_function(make_rng):
    uniform = _params(4, widths=(2, 6, 5, 1), scheme="uniform")
    sorted_ = _params(4, widths=(2, 6, 5, 1), scheme="representative")
    for b in sorted_.biases[:-1]:
        assert np.all(np.diff(b) <= 0)
    X = make_rng(0).normal(size=(50, 2))
    assert np.max(np.abs(mlp.forward(uniform, X, "tanh") - mlp.forward(sorted_, X, "tanh"))) < 1e-14
    assert not np.allclose(uniform.flatten(), sorted_.flatten())


def test_bad_scheme_and_scale():
    with pytest.raises(ValueError, match="init scheme 'glorot': must be one of uniform, xavier"):
        init_schemes.init_params((2, 3, 1), scheme="glorot", rng=rng.stream(0, "init"))
    with pytest.raises(ValueError, match=r"init scale -1.0: must be a finite number in \[0, 100\]"):
        init_schemes.init_params((2, 3, 1), scale=-1.0, rng=rng.stream(0, "init"))
