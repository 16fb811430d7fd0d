"""Round trips with real scikit-learn and torch models; permuted copies predict what the originals do."""

import warnings

import numpy as np
import pytest
import torch
from scipy.special import expit, softmax
from sklearn.datasets import load_digits, load_iris
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier, MLPRegressor
from torch import nn

from core.engine.init_schemes import init_params
from core.engine.interop import Sin, from_sklearn, from_torch, to_sklearn, to_torch
from core.engine.mlp import forward
from core.symmetry.group import random_symmetry

RNG = np.random.default_rng(41)
X = RNG.normal(size=(80, 3))
Y_BINARY = (X[:, 0] * X[:, 1] > 0).astype(int)
Y_CLASSES = np.digitize(X[:, 0] + X[:, 2], [-0.5, 0.5])
Y_REAL = np.column_stack([np.sin(X[:, 0]), X[:, 1] * X[:, 2]])


def fit(model, y):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # a short fit is all we need
        return model.fit(X, y)


@pytest.fixture(scope="module", params=["tanh", "relu", "logistic", "identity"])
def sklearn_models(request):
    kwargs = dict(hidden_layer_sizes=(6, 5), activation=request.param, max_iter=40, random_state=0)
    return {
        "binary": fit(MLPClassifier(**kwargs), Y_BINARY),
        "classes": fit(MLPClassifier(**kwargs), Y_CLASSES),
        "regressor": fit(MLPRegressor(**kwargs), Y_REAL),
    }


def test_from_sklearn_reads_the_same_function(sklearn_models):
    for kind, model in sklearn_models.items():
        params, activation = from_sklearn(model)
        logits = forward(params, X, activation)
        if kind == "binary":
            np.testing.assert_allclose(expit(logits[:, 0]), model.predict_proba(X)[:, 1], rtol=0, atol=1e-12)
        elif kind == "classes":
            np.testing.assert_allclose(softmax(logits, axis=1), model.predict_proba(X), rtol=0, atol=1e-12)
        else:
            np.testing.assert_allclose(logits, model.predict(X), rtol=0, atol=1e-12)


def test_sklearn_round_trip_is_bit_for_bit_and_leaves_the_template_alone(sklearn_models):
    for model in sklearn_models.values():
        before = [c.copy() for c in model.coefs_]
        params, _ = from_sklearn(model)
        copy = to_sklearn(params, model)
        assert copy is not model
        for ours, theirs in zip(copy.coefs_ + copy.intercepts_, model.coefs_ + model.intercepts_):
            assert ours.dtype == theirs.dtype and np.array_equal(ours, theirs) and ours.flags.writeable
        assert all(np.array_equal(a, b) for a, b in zip(before, model.coefs_))
        assert np.array_equal(from_sklearn(copy).params.flatten(), params.flatten())


def test_sklearn_twin_predicts_exactly_what_the_original_predicts(sklearn_models):
    for kind, model in sklearn_models.items():
        params, activation = from_sklearn(model)
        _, twin = random_symmetry(params, activation, rng=np.random.default_rng(42))
        twin_model = to_sklearn(twin, model)
        assert not np.allclose(twin_model.coefs_[0], model.coefs_[0])  # the weights really moved
        if kind != "regressor":
            np.testing.assert_array_equal(twin_model.predict(X), model.predict(X))  # same labels
            np.testing.assert_allclose(twin_model.predict_proba(X), model.predict_proba(X), rtol=0, atol=1e-12)
        else:
            np.testing.assert_allclose(twin_model.predict(X), model.predict(X), rtol=0, atol=1e-12)


@pytest.mark.parametrize("activation", ["tanh", "relu", "leaky_relu", "sigmoid", "gelu", "sin", "identity"])
def test_torch_export_computes_our_function_and_round_trips(activation):
    params = init_params((3, 6, 5, 2), scheme="uniform", scale=1.5, rng=np.random.default_rng(43))
    module = to_torch(params, activation)
    with torch.no_grad():
        out = module(torch.from_numpy(X)).numpy()
    np.testing.assert_allclose(out, forward(params, X, activation), rtol=0, atol=1e-12)
    back, name = from_torch(module)
    assert name == activation and np.array_equal(back.flatten(), params.flatten())


@pytest.mark.parametrize("activation", ["tanh", "relu", "sigmoid"])
def test_torch_twin_outputs_exactly_what_the_original_outputs(activation):
    original = nn.Sequential(nn.Linear(3, 7), _module(activation), nn.Linear(7, 4), _module(activation), nn.Linear(4, 2))
    _fill(original, np.random.default_rng(44))
    original = original.double()
    params, name = from_torch(original)
    _, twin = random_symmetry(params, name, rng=np.random.default_rng(45))
    with torch.no_grad():
        np.testing.assert_allclose(to_torch(twin, name)(torch.from_numpy(X)).numpy(),
                                   original(torch.from_numpy(X)).numpy(), rtol=0, atol=1e-12)
    rebuilt = to_torch(params, name)
    for (key, ours), theirs in zip(rebuilt.state_dict().items(), original.state_dict().values()):
        assert torch.equal(ours, theirs), key


def test_float32_modules_round_trip_bit_for_bit():
    original = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 1))
    _fill(original, np.random.default_rng(46))
    params, name = from_torch(original)
    rebuilt = to_torch(params, name, dtype=torch.float32)
    assert all(torch.equal(a, b) for a, b in zip(rebuilt.state_dict().values(), original.state_dict().values()))


def _module(activation):
    return {"tanh": nn.Tanh, "relu": nn.ReLU, "sigmoid": nn.Sigmoid}[activation]()


def _fill(module, rng):
    """Weights from our own generator (torch's global RNG is never the source of test data)."""
    with torch.no_grad():
        for parameter in module.parameters():
            parameter.copy_(torch.from_numpy(rng.normal(size=tuple(parameter.shape))))


@pytest.mark.parametrize("module, error, message", [
    (nn.Linear(3, 2), TypeError, "module Linear: must be torch.nn.Sequential"),
    (nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 2), nn.Softmax(dim=1)), ValueError, "has 4 layers: must alternate"),
    (nn.Sequential(nn.Linear(3, 4), nn.Softplus(), nn.Linear(4, 2)), ValueError, "layer 1 is Softplus: between Linear layers must be one of Tanh"),
    (nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 4), nn.ReLU(), nn.Linear(4, 1)), ValueError, r"mixes activations \['relu', 'tanh'\]"),
    (nn.Sequential(nn.Linear(3, 4), nn.LeakyReLU(0.2), nn.Linear(4, 1)), ValueError, "negative_slope 0.2: must be 0.01"),
    (nn.Sequential(nn.Linear(3, 4), nn.GELU(approximate="tanh"), nn.Linear(4, 1)), ValueError, "approximate='tanh': must be 'none'"),
    (nn.Sequential(nn.Conv1d(3, 4, 1), nn.Tanh(), nn.Linear(4, 1)), ValueError, "layer 0 is Conv1d: must be Linear"),
])
def test_from_torch_rejects_what_params_cannot_hold(module, error, message):
    with pytest.raises(error, match=message):
        from_torch(module)


def test_sin_module_and_bias_free_linear():
    module = nn.Sequential(nn.Linear(3, 4, bias=False), Sin(), nn.Linear(4, 1))
    _fill(module, np.random.default_rng(47))
    params, name = from_torch(module.double())
    assert name == "sin" and np.array_equal(params.biases[0], np.zeros(4))


def test_sklearn_misuse_is_an_error(sklearn_models):
    model = sklearn_models["binary"]
    with pytest.raises(ValueError, match="model MLPClassifier: must be a fitted .*call .fit first"):
        from_sklearn(MLPClassifier())
    other = init_params((3, 6, 4, 1), rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match=r"params has widths \(3, 6, 4, 1\): must equal the template's widths \(3, 6, 5, 1\)"):
        to_sklearn(other, model)
    with pytest.raises(TypeError, match="params ndarray: must be core.engine.mlp.Params"):
        to_sklearn(np.zeros(3), model)


# ---------------------------------------------------------------- multi-class: iris (3 classes), digits (10)

def _real_classifier(loader, activation):
    X_real, y_real = loader(return_X_y=True)
    X_real = (X_real - X_real.mean(axis=0)) / np.where(X_real.std(axis=0) > 0, X_real.std(axis=0), 1.0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model = MLPClassifier(hidden_layer_sizes=(32,), activation=activation, max_iter=30, random_state=0)
        return model.fit(X_real, y_real), X_real


@pytest.mark.parametrize("loader, n_classes", [(load_iris, 3), (load_digits, 10)])
@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_a_real_multiclass_classifier_round_trips_exactly(loader, n_classes, activation):
    model, X_real = _real_classifier(loader, activation)
    params, name = from_sklearn(model)
    assert params.widths == (X_real.shape[1], 32, n_classes)
    logits = forward(params, X_real, name)
    np.testing.assert_allclose(softmax(logits, axis=1), model.predict_proba(X_real), rtol=0, atol=1e-15)
    np.testing.assert_array_equal(model.classes_[np.argmax(logits, axis=1)], model.predict(X_real))
    # back to scikit-learn, permuted (and flipped or rescaled): the copy predicts exactly what the original does
    _, twin = random_symmetry(params, name, rng=np.random.default_rng(7))
    twin_model = to_sklearn(twin, model)
    assert not np.allclose(twin_model.coefs_[0], model.coefs_[0])
    np.testing.assert_array_equal(twin_model.predict(X_real), model.predict(X_real))
    np.testing.assert_allclose(twin_model.predict_proba(X_real), model.predict_proba(X_real), rtol=0, atol=1e-13)
    assert np.array_equal(from_sklearn(to_sklearn(params, model)).params.flatten(), params.flatten())


def test_a_torch_classifier_with_ten_outputs_round_trips_exactly():
    original = nn.Sequential(nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, 16), nn.ReLU(), nn.Linear(16, 10))
    _fill(original, np.random.default_rng(48))
    original = original.double()
    params, name = from_torch(original)
    assert params.widths == (64, 32, 16, 10) and name == "relu"
    X_wide = np.random.default_rng(49).normal(size=(200, 64))
    with torch.no_grad():
        theirs = original(torch.from_numpy(X_wide)).numpy()
    np.testing.assert_allclose(forward(params, X_wide, name), theirs, rtol=0, atol=1e-12)
    _, twin = random_symmetry(params, name, rng=np.random.default_rng(50))
    with torch.no_grad():
        twin_out = to_torch(twin, name)(torch.from_numpy(X_wide)).numpy()
    np.testing.assert_allclose(twin_out, theirs, rtol=1e-13, atol=1e-12)
    np.testing.assert_array_equal(np.argmax(twin_out, axis=1), np.argmax(theirs, axis=1))
    assert all(torch.equal(a, b) for a, b in zip(to_torch(params, name).state_dict().values(),
                                                  original.state_dict().values()))
