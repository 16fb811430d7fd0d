"""Issue 19, "barrier and interpolation with any loss or metric": a loss= or metric= callable on (outputs, y),
multi-output aware; the accuracy barrier is the dip below the chord. Oracle: scikit-learn's own log_loss and
score for a real 3-class MLPClassifier (iris) imported through core.engine.interop."""

import warnings

import numpy as np
import pytest
from sklearn.datasets import load_iris
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import log_loss
from sklearn.neural_network import MLPClassifier

from core.engine.data import CLASSIFICATION, Dataset
from core.engine.interop import from_sklearn
from core.symmetry.barrier import barrier, barrier_study, loss_along_line, mean_loss
from core.symmetry.scores import accuracy, mean_squared_error, softmax_cross_entropy

IRIS = load_iris()
X, Y = IRIS.data.astype(np.float64), IRIS.target


def fitted(seed: int, labels=Y) -> MLPClassifier:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return MLPClassifier(hidden_layer_sizes=(16,), activation="tanh", max_iter=500,
                             random_state=seed).fit(X, labels)


@pytest.fixture(scope="module")
def pair():
    return fitted(0), fitted(1)


def test_softmax_cross_entropy_barrier_ends_are_sklearns_log_loss(pair):
    model_a, model_b = pair
    (params_a, activation), (params_b, _) = from_sklearn(model_a), from_sklearn(model_b)
    assert params_a.widths == (4, 16, 3)
    study = barrier_study(params_a, params_b, (X, Y), activation, n_points=5, loss=softmax_cross_entropy)
    loss_a, loss_b = log_loss(Y, model_a.predict_proba(X)), log_loss(Y, model_b.predict_proba(X))
    assert abs(study.loss_before[0] - loss_a) < 1e-10 and abs(study.loss_after[0] - loss_a) < 1e-10
    assert abs(study.loss_before[-1] - loss_b) < 1e-10
    assert abs(study.loss_after[-1] - loss_b) < 1e-10  # aligned B computes B's function
    assert not study.higher_is_better and study.barrier_before >= 0.0 and study.barrier_after >= 0.0
    assert study.barrier_before > 0.1  # two independently trained nets: a real bump (not the old 0.0)


def test_accuracy_barrier_is_the_dip_below_the_chord_and_equals_the_error_barrier(pair):
    model_a, model_b = pair
    (params_a, activation), (params_b, _) = from_sklearn(model_a), from_sklearn(model_b)
    study = barrier_study(params_a, params_b, (X, Y), activation, n_points=11, metric=accuracy)
    assert study.higher_is_better
    assert study.loss_before[0] == model_a.score(X, Y) and study.loss_before[-1] == model_b.score(X, Y)
    chord = (1 - study.ts) * study.loss_before[0] + study.ts * study.loss_before[-1]
    assert study.barrier_before == pytest.approx(np.max(chord - study.loss_before), abs=1e-15)
    errors = barrier_study(params_a, params_b, (X, Y), activation, n_points=11,
                           loss=lambda outputs, y: 1.0 - accuracy(outputs, y))
    assert study.barrier_before == pytest.approx(errors.barrier_before, abs=1e-12)
    assert study.barrier_after == pytest.approx(errors.barrier_after, abs=1e-12)


def test_the_barrier_of_a_metric_is_the_barrier_of_its_negative():
    ts = np.linspace(0, 1, 3)
    assert barrier(ts, np.array([0.0, 1.0, 0.0])) == 1.0
    assert barrier(ts, np.array([1.0, 0.5, 1.0]), higher_is_better=True) == 0.5
    curve = np.random.default_rng(0).normal(size=7)
    ts = np.linspace(0, 1, 7)
    assert barrier(ts, curve, higher_is_better=True) == barrier(ts, -curve)


def test_softmax_cross_entropy_of_one_logit_is_the_training_loss():
    binary = (Y > 0).astype(float)
    model = fitted(2, binary)
    params, activation = from_sklearn(model)
    data = Dataset(X, binary, CLASSIFICATION)
    _, default = loss_along_line(params, params, data, activation, n_points=2)
    _, custom = loss_along_line(params, params, data, activation, n_points=2, loss=softmax_cross_entropy)
    assert abs(custom[0] - mean_loss(params, data, activation)) < 1e-15 and abs(custom[0] - default[0]) < 1e-15
    assert abs(custom[0] - log_loss(binary, model.predict_proba(X))) < 1e-10


def test_alignment_options_reach_align(pair):
    (params_a, activation), (params_b, _) = (from_sklearn(model) for model in pair)
    study = barrier_study(params_a, params_b, (X, Y), activation, n_points=3, loss=softmax_cross_entropy,
                          align_options={"method": "activations", "X": X, "group": "permutations"})
    assert all(s == (1,) * 16 for s in study.alignment.signs)
    assert abs(study.loss_after[-1] - study.loss_before[-1]) < 1e-10


def test_the_default_loss_still_refuses_a_three_class_network(pair):
    params, activation = from_sklearn(pair[0])
    binary = Dataset(X, (Y > 0).astype(float), CLASSIFICATION)
    with pytest.raises(ValueError, match="output width 3"):
        barrier_study(params, params, binary, activation, n_points=3)


@pytest.mark.parametrize(("kwargs", "data", "error", "message"), [
    ({"loss": softmax_cross_entropy, "metric": accuracy}, (X, Y), ValueError, "loss and metric both given"),
    ({"loss": "log_loss"}, (X, Y), TypeError, "loss str: must be a callable"),
    ({"loss": lambda outputs, y: np.nan}, (X, Y), ValueError, "loss returned nan: must return a finite number"),
    ({"metric": lambda outputs, y: "high"}, (X, Y), TypeError, "metric returned str: must return a number"),
    ({"loss": softmax_cross_entropy}, (X[:, :3], Y), ValueError, r"X of shape \(150, 3\).*takes 4 inputs"),
    ({"loss": softmax_cross_entropy}, (X, Y[:10]), ValueError, "one target per row"),
    ({"loss": softmax_cross_entropy}, [X, Y], TypeError, "data list: must be a core.engine.data.Dataset or a pair"),
    ({"loss": softmax_cross_entropy}, (X, Y + 1), ValueError, r"y contains the label\(s\) \[3\].*integers 0..2"),
    ({"loss": mean_squared_error}, (X, Y), ValueError, "must have one target per output"),
])
def test_bad_scores_and_data_are_named(pair, kwargs, data, error, message):
    params, activation = from_sklearn(pair[0])
    with pytest.raises(error, match=message):
        barrier_study(params, params, data, activation, n_points=3, **kwargs)
