"""Losses, metrics, the barrier and the trainers score one output and labels 0/1 only, and refuse the rest
(issue 19, bug 1). A real 3-class scikit-learn classifier used to get the binary cross-entropy of its first
logit against labels 0/1/2 (mean loss 5.7 for sklearn's own 0.1) and a barrier of 0; a real binary one must
still agree with sklearn's log-loss."""

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
from core.engine.interop import from_sklearn
from core.engine.losses import per_model_accuracy, per_model_loss
from core.engine.mlp import forward
from core.engine.train import TrainingRun, train, train_batch
from core.symmetry.barrier import barrier_study, loss_along_line, mean_loss

IRIS = load_iris()
X = IRIS.data.astype(np.float64)
MULTI_OUTPUT = r"output width 3 \(network widths \(4, 16, 3\)\): must be 1 .*multi-output networks are not supported"


def fit(model, y):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return model.fit(X, y)


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


def test_three_class_network_is_refused_by_every_loss_and_the_barrier(three_class):
    params, activation = from_sklearn(three_class)
    assert params.widths == (4, 16, 3)
    binary_labels = Dataset(X, (IRIS.target == 0).astype(float), CLASSIFICATION)
    with pytest.raises(ValueError, match=MULTI_OUTPUT):
        mean_loss(params, binary_labels, activation)
    with pytest.raises(ValueError, match=MULTI_OUTPUT):
        loss_along_line(params, params, binary_labels, activation, n_points=3)
    with pytest.raises(ValueError, match=MULTI_OUTPUT):
        barrier_study(params, params, binary_labels, activation, n_points=3)
    outputs = torch.as_tensor(forward(params, X, activation))
    targets = torch.as_tensor(binary_labels.y)
    for metric in (per_model_loss, per_model_accuracy):
        with pytest.raises(ValueError, match=r"output width 3 \(outputs of shape \(150, 3\)\): must be 1"):
            metric(outputs, targets, CLASSIFICATION)
    for trainer in (_train_one, _train_batch):
        with pytest.raises(ValueError, match=MULTI_OUTPUT):
            trainer(params, binary_labels)


def test_labels_0_1_2_are_refused_by_the_dataset_and_by_the_torch_losses(three_class):
    with pytest.raises(ValueError, match=r"y contains the label\(s\) \[2.0\]: classification labels must be 0 or 1"):
        Dataset(X, IRIS.target.astype(float), CLASSIFICATION)
    params = init_params((4, 5, 1), scheme="uniform", scale=1.0, rng=np.random.default_rng(0))
    outputs, targets = torch.as_tensor(forward(params, X, "tanh")), torch.as_tensor(IRIS.target.astype(float))
    for metric in (per_model_loss, per_model_accuracy):
        with pytest.raises(ValueError, match=r"targets contain the label\(s\) \[2.0\]: classification labels"):
            metric(outputs, targets, CLASSIFICATION)
    with pytest.raises(ValueError, match="task 'classifcation': must be one of classification, regression"):
        per_model_loss(outputs, targets, "classifcation")  # no silent fall-through to MSE
    # A Dataset's arrays can still be written in place: the numpy loss checks the labels again.
    data = Dataset(X.copy(), (IRIS.target == 0).astype(float), CLASSIFICATION)
    data.y[0] = 2.0
    with pytest.raises(ValueError, match=r"data.y contains the label\(s\) \[2.0\]"):
        mean_loss(params, data, "tanh")


def test_two_output_regressor_is_refused():
    model = fit(MLPRegressor(hidden_layer_sizes=(6,), max_iter=50, random_state=0), X[:, :2])
    params, activation = from_sklearn(model)
    with pytest.raises(ValueError, match=r"output width 2 \(network widths \(4, 6, 2\)\): must be 1"):
        mean_loss(params, Dataset(X, X[:, 0], REGRESSION), activation)


def test_a_test_set_of_another_task_is_refused_by_both_trainers():
    params = init_params((4, 5, 1), scheme="uniform", scale=1.0, rng=np.random.default_rng(0))
    train_data = Dataset(X, (IRIS.target == 2).astype(float), CLASSIFICATION)
    regression_test = Dataset(X, IRIS.target * 1.5, REGRESSION)  # would be scored with cross-entropy
    for trainer in (_train_one, _train_batch):
        with pytest.raises(ValueError, match="test_data has task 'regression': must be train_data's task"):
            trainer(params, train_data, regression_test)


def test_binary_classifier_still_agrees_with_sklearns_log_loss(binary_pair):
    (model_a, model_b), data = binary_pair
    params_a, activation = from_sklearn(model_a)
    params_b, _ = from_sklearn(model_b)
    assert params_a.widths == (4, 16, 1)
    expected_a = log_loss(data.y, model_a.predict_proba(X))
    expected_b = log_loss(data.y, model_b.predict_proba(X))
    assert 0.01 < expected_a < 0.5 and abs(mean_loss(params_a, data, activation) - expected_a) < 1e-12
    study = barrier_study(params_a, params_b, data, activation, n_points=5)
    assert abs(study.loss_before[0] - expected_a) < 1e-12 and abs(study.loss_before[-1] - expected_b) < 1e-12
    assert abs(study.loss_after[-1] - expected_b) < 1e-12  # aligned B is B's function
    torch_loss = per_model_loss(torch.as_tensor(forward(params_a, X, activation)), torch.as_tensor(data.y),
                                CLASSIFICATION)
    assert abs(float(torch_loss) - expected_a) < 1e-12
    accuracy = per_model_accuracy(torch.as_tensor(forward(params_a, X, activation)), torch.as_tensor(data.y),
                                  CLASSIFICATION)
    assert float(accuracy) == pytest.approx(model_a.score(X, data.y), abs=1e-15)


def _train_one(params, train_data, test_data=None):
    return TrainingRun(params, train_data, test_data, activation="tanh", rng=rng.stream(0, "train")).advance(1)


def _train_batch(params, train_data, test_data=None):
    return train_batch([params], train_data, test_data, steps=1, activation="tanh", rng=rng.stream(0, "train"))


def test_train_entry_point_refuses_too(three_class):
    params, activation = from_sklearn(three_class)
    with pytest.raises(ValueError, match=MULTI_OUTPUT):
        train(params, Dataset(X, (IRIS.target == 0).astype(float), CLASSIFICATION), steps=1,
              activation=activation, rng=rng.stream(0, "train"))
