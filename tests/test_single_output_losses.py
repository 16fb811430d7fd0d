"""Losses, metrics, the barrier and the trainers score 2 classes with one logit and K >= 3 classes with K logits
(softmax cross-entropy), and refuse what does not fit (issue 19, bug 1; issue 15, point 2). A real 3-class
scikit-learn classifier used to get the binary cross-entropy of its first logit against labels 0/1/2 (mean loss
5.7 for sklearn's own 0.1); now its loss is sklearn's log-loss, and a real binary one still agrees with it."""

import warnings

import numpy as np
import pytest
import torch
from sklearn.datasets import load_iris
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import log_loss
from sklearn.neural_network import MLPClassifier, MLPRegressor

from core import rng
from core.engine.data import CLASSIFICATION, REGRESSION, Dataset
from core.engine.init_schemes import init_params
from core.engine.losses import per_model_accuracy, per_model_loss
from core.engine.mlp import Params, forward
from core.engine.train import TrainingRun, train, train_batch
from core.symmetry.barrier import barrier_study, loss_along_line, mean_loss

IRIS = load_iris()
X = IRIS.data.astype(np.float64)
Y3 = IRIS.target.astype(np.float64)
THREE_CLASSES = Dataset(X, Y3, CLASSIFICATION)


def fit(model, y):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return model.fit(X, y)


def params_of(model) -> Params:
    """Params built from scikit-learn's own coefs_ (d_in, d_out) and intercepts_, independently of interop."""
    return Params(tuple(w.T for w in model.coefs_), tuple(model.intercepts_))


@pytest.fixture(scope="module")
def three_class():
    """The researcher's case: iris, 3 classes, a 4-16-3 MLPClassifier."""
    model = fit(MLPClassifier(hidden_layer_sizes=(16,), activation="tanh", max_iter=2000, random_state=0),
                IRIS.target)
    assert len(model.classes_) == 3 and log_loss(IRIS.target, model.predict_proba(X)) < 0.2  # a good fit
    return model


@pytest.fixture(scope="module")
def binary_pair():
    """Two binary classifiers (virginica or not) from different starts: 4-16-1 each."""
    y = (IRIS.target == 2).astype(float)
    models = [fit(MLPClassifier(hidden_layer_sizes=(16,), activation="tanh", alpha=1.0, max_iter=300,
                                random_state=seed), y) for seed in (0, 1)]
    return models, Dataset(X, y, CLASSIFICATION)


def test_three_class_network_is_scored_as_sklearn_scores_it(three_class):
    params = params_of(three_class)
    assert params.widths == (4, 16, 3)
    expected = log_loss(IRIS.target, three_class.predict_proba(X))
    assert abs(mean_loss(params, THREE_CLASSES, "tanh") - expected) < 1e-12  # was 5.72 against 0.0999
    _, along = loss_along_line(params, params, THREE_CLASSES, "tanh", n_points=3)
    assert np.max(np.abs(along - expected)) < 1e-12
    outputs, targets = torch.as_tensor(forward(params, X, "tanh")), torch.as_tensor(Y3)
    assert abs(float(per_model_loss(outputs, targets, CLASSIFICATION)) - expected) < 1e-12
    accuracy = per_model_accuracy(outputs, targets, CLASSIFICATION)
    assert float(accuracy) == pytest.approx(three_class.score(X, IRIS.target), abs=1e-15)


def test_softmax_cross_entropy_equals_sklearn_and_torch_on_random_logits():
    generator = np.random.default_rng(7)
    n_models, n, classes = 4, 60, 5
    logits = generator.normal(scale=3.0, size=(n_models, n, classes))
    labels = generator.integers(0, classes, size=n)
    losses = per_model_loss(torch.as_tensor(logits), torch.as_tensor(labels, dtype=torch.float64), CLASSIFICATION)
    assert losses.shape == (n_models,) and losses.dtype == torch.float64
    for k in range(n_models):
        probabilities = np.exp(logits[k]) / np.exp(logits[k]).sum(axis=1, keepdims=True)
        by_sklearn = log_loss(labels, probabilities, labels=range(classes))
        by_torch = torch.nn.functional.cross_entropy(torch.as_tensor(logits[k]), torch.as_tensor(labels))
        assert abs(float(losses[k]) - by_sklearn) < 1e-12 and abs(float(losses[k]) - float(by_torch)) < 1e-12
    accuracy = per_model_accuracy(torch.as_tensor(logits), torch.as_tensor(labels, dtype=torch.float64),
                                  CLASSIFICATION)
    assert np.array_equal(accuracy.numpy(), np.mean(np.argmax(logits, axis=2) == labels, axis=1))


def test_binary_losses_are_the_binary_cross_entropy_bit_for_bit():
    """One logit keeps today's formulas exactly (torch's BCE-with-logits, numpy's log(1 + e^f) - y f)."""
    generator = np.random.default_rng(8)
    logits = torch.as_tensor(generator.normal(scale=3.0, size=(3, 40, 1)))
    labels = torch.as_tensor(generator.integers(0, 2, size=40), dtype=torch.float64)
    before = torch.nn.functional.binary_cross_entropy_with_logits(logits[..., 0], labels.expand(3, 40),
                                                                  reduction="none").mean(dim=-1)
    assert torch.equal(per_model_loss(logits, labels, CLASSIFICATION), before)
    params = init_params((4, 5, 1), scheme="uniform", scale=1.0, rng=np.random.default_rng(0))
    data = Dataset(X, (IRIS.target == 0).astype(float), CLASSIFICATION)
    f = forward(params, X, "tanh")[:, 0]
    assert mean_loss(params, data, "tanh") == float(np.mean(np.logaddexp(0.0, f) - data.y * f))


def test_an_output_width_that_does_not_fit_the_classes_is_refused_everywhere(three_class):
    params = params_of(three_class)
    binary_labels = Dataset(X, (IRIS.target == 0).astype(float), CLASSIFICATION)
    three_outputs = (r"output width 3 \(network widths \(4, 16, 3\)\): must be 1 for data's 2 classes "
                     r"\(one logit, binary cross-entropy\)")
    with pytest.raises(ValueError, match=three_outputs):
        mean_loss(params, binary_labels, "tanh")
    with pytest.raises(ValueError, match=three_outputs):
        loss_along_line(params, params, binary_labels, "tanh", n_points=3)
    with pytest.raises(ValueError, match=three_outputs):
        barrier_study(params, params, binary_labels, "tanh", n_points=3)
    for trainer in (_train_one, _train_batch, _train):
        with pytest.raises(ValueError, match=r"output width 3 .*must be 1 for train_data's 2 classes"):
            trainer(params, binary_labels)
    one_output = init_params((4, 5, 1), scheme="uniform", scale=1.0, rng=np.random.default_rng(0))
    ten_outputs = init_params((4, 5, 10), scheme="uniform", scale=1.0, rng=np.random.default_rng(0))
    for network, width in ((one_output, 1), (ten_outputs, 10)):
        with pytest.raises(ValueError, match=rf"output width {width} \(network widths \(4, 5, {width}\)\): must be "
                                             r"3 for data's 3 classes \(one logit per class, softmax"):
            mean_loss(network, THREE_CLASSES, "tanh")
        for trainer in (_train_one, _train_batch):
            with pytest.raises(ValueError, match=rf"output width {width} .*must be 3 for train_data's 3 classes"):
                trainer(network, THREE_CLASSES)


def test_labels_outside_the_classes_are_refused_by_the_dataset_and_by_the_torch_losses():
    with pytest.raises(ValueError, match=r"y contains the label\(s\) \[2.0\]: classification labels must be 0 or 1 "
                                         r"\(2 classes\)"):
        Dataset(X, Y3, CLASSIFICATION, n_classes=2)
    with pytest.raises(ValueError, match=r"y contains the label\(s\) \[3.0\]: .*must be integers 0..2 \(3 classes\)"):
        Dataset(X, Y3 + 1, CLASSIFICATION, n_classes=3)
    params = init_params((4, 5, 3), scheme="uniform", scale=1.0, rng=np.random.default_rng(0))
    outputs = torch.as_tensor(forward(params, X, "tanh"))
    for metric in (per_model_loss, per_model_accuracy):
        with pytest.raises(ValueError, match=r"targets contain the label\(s\) \[3.0\]: with 3 output\(s\) "
                                             "classification labels must be integers 0..2"):
            metric(outputs, torch.as_tensor(Y3 + 1), CLASSIFICATION)
        with pytest.raises(ValueError, match=r"targets contain the label\(s\) \[0.5\]"):
            metric(outputs, torch.full((150,), 0.5, dtype=torch.float64), CLASSIFICATION)
        with pytest.raises(ValueError, match=r"targets contain the label\(s\) \[2.0\]: with 1 output\(s\) .*0 or 1"):
            metric(outputs[:, :1], torch.as_tensor(Y3), CLASSIFICATION)
    with pytest.raises(ValueError, match="task 'classifcation': must be one of classification, regression"):
        per_model_loss(outputs, torch.as_tensor(Y3), "classifcation")  # no silent fall-through to MSE
    # A Dataset's arrays can still be written in place: the numpy loss checks the labels again.
    data = Dataset(X.copy(), Y3.copy(), CLASSIFICATION)
    data.y[0] = 3.0
    with pytest.raises(ValueError, match=r"data.y contains the label\(s\) \[3.0\]"):
        mean_loss(params, data, "tanh")


def test_two_output_regressor_is_refused():
    model = fit(MLPRegressor(hidden_layer_sizes=(6,), max_iter=50, random_state=0), X[:, :2])
    params = params_of(model)
    with pytest.raises(ValueError, match=r"output width 2 \(network widths \(4, 6, 2\)\): must be 1 for data's "
                                         "regression"):
        mean_loss(params, Dataset(X, X[:, 0], REGRESSION), "relu")
    outputs = torch.as_tensor(forward(params, X, "relu"))
    with pytest.raises(ValueError, match=r"output width 2 \(outputs of shape \(150, 2\)\): must be 1 for regression"):
        per_model_loss(outputs, torch.as_tensor(X[:, 0]), REGRESSION)


def test_a_test_set_of_another_task_or_class_count_is_refused_by_both_trainers():
    params = init_params((4, 5, 1), scheme="uniform", scale=1.0, rng=np.random.default_rng(0))
    train_data = Dataset(X, (IRIS.target == 2).astype(float), CLASSIFICATION)
    regression_test = Dataset(X, IRIS.target * 1.5, REGRESSION)  # would be scored with cross-entropy
    for trainer in (_train_one, _train_batch):
        with pytest.raises(ValueError, match="test_data has task 'regression': must be train_data's task"):
            trainer(params, train_data, regression_test)
    wide = init_params((4, 5, 3), scheme="uniform", scale=1.0, rng=np.random.default_rng(0))
    train_three = Dataset(X, np.arange(150) % 2.0, CLASSIFICATION, n_classes=3)  # class 2 absent, still 3
    test_four = Dataset(X, np.arange(150) % 3.0, CLASSIFICATION, n_classes=4)
    with pytest.raises(ValueError, match=r"output width 3 .*must be 4 for test_data's 4 classes"):
        _train_one(wide, train_three, test_four)


def test_binary_classifier_still_agrees_with_sklearns_log_loss(binary_pair):
    (model_a, model_b), data = binary_pair
    params_a, params_b = params_of(model_a), params_of(model_b)
    assert params_a.widths == (4, 16, 1)
    expected_a = log_loss(data.y, model_a.predict_proba(X))
    expected_b = log_loss(data.y, model_b.predict_proba(X))
    assert 0.01 < expected_a < 0.5 and abs(mean_loss(params_a, data, "tanh") - expected_a) < 1e-12
    study = barrier_study(params_a, params_b, data, "tanh", n_points=5)
    assert abs(study.loss_before[0] - expected_a) < 1e-12 and abs(study.loss_before[-1] - expected_b) < 1e-12
    assert abs(study.loss_after[-1] - expected_b) < 1e-12  # aligned B is B's function
    torch_loss = per_model_loss(torch.as_tensor(forward(params_a, X, "tanh")), torch.as_tensor(data.y),
                                CLASSIFICATION)
    assert abs(float(torch_loss) - expected_a) < 1e-12
    accuracy = per_model_accuracy(torch.as_tensor(forward(params_a, X, "tanh")), torch.as_tensor(data.y),
                                  CLASSIFICATION)
    assert float(accuracy) == pytest.approx(model_a.score(X, data.y), abs=1e-15)


def _train_one(params, train_data, test_data=None):
    return TrainingRun(params, train_data, test_data, activation="tanh", rng=rng.stream(0, "train")).advance(1)


def _train_batch(params, train_data, test_data=None):
    return train_batch([params], train_data, test_data, steps=1, activation="tanh", rng=rng.stream(0, "train"))


def _train(params, train_data, test_data=None):
    return train(params, train_data, test_data, steps=1, activation="tanh", rng=rng.stream(0, "train"))
