"""core.engine.class_report and core.figures.classes against oracles: the confusion matrix counted point by point,
accuracy as the trainer measures it, probabilities as softmax/σ by hand, and receptive-field tiles as the
network's own first-layer rows (moved with a twin's permutation and signs)."""

import re

import numpy as np
import pytest

from core import rng
from core.engine.class_report import class_report, predicted_classes, probabilities
from core.engine.data import CLASSIFICATION, REGRESSION, Dataset
from core.engine.experiment import Experiment, make_split, start_run
from core.engine.init_schemes import init_params
from core.engine.mlp import forward
from core.figures.classes import FIELD_GAP, confusion_figure, field_canvas, probability_figure
from core.symmetry.twin_check import check_random_twin


def _oracle_counts(params, activation, data):
    k = data.n_classes
    counts = np.zeros((k, k), dtype=int)
    for x, label in zip(data.X, data.y):
        logits = forward(params, x[None, :], activation)[0]
        guess = int(logits[0] > 0) if len(logits) == 1 else int(np.argmax(logits))
        counts[int(label), guess] += 1
    return counts


@pytest.mark.parametrize("name", ["digits", "iris", "wine", "breast_cancer"])
def test_counts_and_accuracy_match_a_point_by_point_count_and_the_trainer(name):
    experiment = Experiment(dataset=name, hidden=(16,), steps=30, test_fraction=0.3)
    train, test = make_split(experiment)
    run = start_run(experiment, train, test)
    run.advance(30)
    report = class_report(run.params, run.activation, test)
    assert np.array_equal(report.counts, _oracle_counts(run.params, run.activation, test))
    assert report.n_points == test.n_samples
    assert report.accuracy == pytest.approx(run.history.test_accuracy[-1], abs=1e-12)


def test_mean_probabilities_are_softmax_or_sigmoid_by_hand_and_rows_sum_to_one():
    data = Dataset(np.random.default_rng(0).normal(size=(40, 3)), (np.arange(40) % 3).astype(float), CLASSIFICATION,
                   n_classes=4)  # class 3 has no point
    params = init_params((3, 5, 4), rng=np.random.default_rng(1))
    report = class_report(params, "relu", data)
    logits = forward(params, data.X, "relu")
    by_hand = np.exp(logits - logits.max(axis=1, keepdims=True))
    by_hand /= by_hand.sum(axis=1, keepdims=True)
    for k in range(3):
        np.testing.assert_allclose(report.mean_probabilities[k], by_hand[data.y == k].mean(axis=0), atol=1e-15)
    assert np.all(np.isnan(report.mean_probabilities[3])) and report.counts[3].sum() == 0
    np.testing.assert_allclose(report.mean_probabilities[:3].sum(axis=1), 1.0, atol=1e-12)


def test_one_logit_gives_two_classes_and_the_trainers_rule_at_zero():
    logits = np.array([[-1.0], [0.0], [1e-300], [2.0]])
    assert predicted_classes(logits).tolist() == [0, 0, 1, 1]  # logit > 0, as the trainers count accuracy
    p = probabilities(logits)
    np.testing.assert_allclose(p[:, 1], 1 / (1 + np.exp(-logits[:, 0])), atol=1e-16)
    np.testing.assert_allclose(p.sum(axis=1), 1.0)


def test_what_a_report_cannot_score_is_refused():
    regression = Dataset(np.zeros((5, 2)), np.zeros(5), REGRESSION)
    with pytest.raises(ValueError, match="data task 'regression'"):
        class_report(init_params((2, 3, 1), rng=np.random.default_rng(0)), "tanh", regression)
    ten = Dataset(np.zeros((10, 2)), np.arange(10.0), CLASSIFICATION, n_classes=10)
    with pytest.raises(ValueError, match="params output width 1: must be 10 for 10 classes"):
        class_report(init_params((2, 3, 1), rng=np.random.default_rng(0)), "tanh", ten)


def test_figures_carry_every_cell_as_text():
    report = class_report(init_params((4, 6, 3), rng=np.random.default_rng(2)), "tanh",
                          Dataset(np.random.default_rng(3).normal(size=(30, 4)), (np.arange(30) % 3).astype(float),
                                  CLASSIFICATION, n_classes=3))
    confusion = confusion_figure(report).data[0]
    assert np.array_equal(np.asarray(confusion.text, dtype=int), report.counts)
    shown = np.asarray(probability_figure(report).data[0].text, dtype=float)
    np.testing.assert_allclose(shown, np.round(100 * report.mean_probabilities), atol=0.5)


def test_a_tables_class_names_label_both_axes():
    from core.engine.real_data import class_names

    names = class_names("breast_cancer")
    assert names == ("malignant", "benign")  # scikit-learn's target_names, in label order 0, 1
    report = class_report(init_params((30, 4, 1), rng=np.random.default_rng(0)), "tanh",
                          Dataset(np.random.default_rng(1).normal(size=(20, 30)), (np.arange(20) % 2).astype(float),
                                  CLASSIFICATION, n_classes=2))
    heat = confusion_figure(report, names).data[0]
    assert list(heat.x) == list(names) and list(heat.y) == list(names)
    assert class_names("digits") == tuple(str(d) for d in range(10))
    with pytest.raises(ValueError, match=r"class names \['a'\]: must be 2, one per class"):
        probability_figure(report, ["a"])


def _tile(canvas, place, shape=(8, 8), per_row=8):
    rows, cols = shape
    top, left = (place // per_row) * (rows + FIELD_GAP), (place % per_row) * (cols + FIELD_GAP)
    return canvas[top:top + rows, left:left + cols]


def test_a_twins_tiles_are_the_networks_own_tiles_moved_and_negated_where_flipped():
    experiment = Experiment(dataset="digits", hidden=(12,), steps=1)
    train, test = make_split(experiment)
    params = start_run(experiment, train, test).params
    check = check_random_twin(params, "tanh", train.X[:50], rng=rng.stream(5, "symmetry"))
    mine, twins = field_canvas(params, (8, 8)), field_canvas(check.twin, (8, 8))
    perm, signs = check.element.perms[0], check.element.signs[0]
    assert any(p != i for i, p in enumerate(perm)) and -1 in signs  # the check below is not a trivial one
    for place, unit in enumerate(perm):
        row = params.weights[0][unit].reshape(8, 8)
        np.testing.assert_allclose(_tile(mine, unit), row / np.abs(row).max(), atol=1e-15)
        np.testing.assert_allclose(_tile(twins, place), signs[unit] * _tile(mine, unit), atol=1e-15)
    # the hover names the symmetry lesson puts on the twin's tiles say which unit (and sign) each one is
    from pages.shared.symmetries.wide import twin_unit_names

    for place, name in enumerate(twin_unit_names(check)):
        unit = int(re.search(r"θ's unit (\d+)", name).group(1)) - 1
        sign = -1 if name.endswith("(sign flipped)") else 1
        assert name.startswith(f"g·θ unit {place + 1} = ")
        np.testing.assert_allclose(_tile(twins, place), sign * _tile(mine, unit), atol=1e-15)
    with pytest.raises(ValueError, match=r"picture shape \(7, 7\): must hold the network's 64 inputs"):
        field_canvas(params, (7, 7))
