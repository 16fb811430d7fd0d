"""The barrier study on a 3-class dataset with the default loss (softmax cross-entropy) and with accuracy
(issue 15, point 2). Oracles: scikit-learn's log_loss on softmax probabilities, and the accuracy along the line
computed by brute force (argmax of each interpolated network's logits)."""

import numpy as np
import pytest
from scipy.special import softmax
from sklearn.metrics import log_loss

from core import rng
from core.engine.init_schemes import init_params
from core.engine.mlp import Params, forward
from core.engine.real_data import load_split
from core.engine.train import train_batch
from core.symmetry.barrier import barrier_study, loss_along_line, mean_loss
from core.symmetry.scores import accuracy

N_POINTS = 9


@pytest.fixture(scope="module")
def wine_pair():
    """Two 13-16-3 tanh networks trained on wine from different seeds, and the held-out part."""
    train_data, test_data = load_split("wine", 0.3, rng=rng.stream(0, "split"))
    starts = [init_params((13, 16, 3), rng=rng.stream(seed, "init")) for seed in (1, 2)]
    result = train_batch(starts, train_data, steps=60, activation="tanh", optimizer="adam", learning_rate=0.02,
                         rng=rng.stream(0, "train"))
    return result.final_params[0], result.final_params[1], test_data


def _log_loss(params: Params, data) -> float:
    return log_loss(data.y, softmax(forward(params, data.X, "tanh"), axis=1), labels=range(3))


def test_the_ends_of_both_lines_are_the_end_networks_losses(wine_pair):
    params_a, params_b, data = wine_pair
    study = barrier_study(params_a, params_b, data, "tanh", n_points=N_POINTS)
    loss_a, loss_b = _log_loss(params_a, data), _log_loss(params_b, data)
    assert abs(mean_loss(params_a, data, "tanh") - loss_a) < 1e-12
    assert abs(study.loss_before[0] - loss_a) < 1e-12 and abs(study.loss_after[0] - loss_a) < 1e-12
    assert abs(study.loss_before[-1] - loss_b) < 1e-12
    assert abs(study.loss_after[-1] - loss_b) < 1e-12  # aligned B computes B's function
    middle = Params.unflatten((params_a.flatten() + params_b.flatten()) / 2, params_a.widths)
    assert abs(study.loss_before[N_POINTS // 2] - _log_loss(middle, data)) < 1e-12
    chord = (1 - study.ts) * loss_a + study.ts * loss_b
    assert study.barrier_before == pytest.approx(np.max(study.loss_before - chord), abs=1e-15)
    assert study.barrier_before > 0.0  # two networks from different seeds: a bump between them


def test_the_accuracy_barrier_on_three_classes_is_the_brute_force_dip(wine_pair):
    params_a, params_b, data = wine_pair
    study = barrier_study(params_a, params_b, data, "tanh", n_points=N_POINTS, metric=accuracy)
    a, b = params_a.flatten(), params_b.flatten()
    along = []
    for t in study.ts:
        network = Params.unflatten((1 - t) * a + t * b, params_a.widths)
        along.append(np.mean(np.argmax(forward(network, data.X, "tanh"), axis=1) == data.y))
    assert np.array_equal(study.loss_before, along)
    chord = (1 - study.ts) * along[0] + study.ts * along[-1]
    assert study.higher_is_better and study.barrier_before == np.max(chord - np.array(along))
    _, default_line = loss_along_line(params_a, params_b, data, "tanh", n_points=N_POINTS)
    assert np.max(np.abs(default_line - study.loss_before)) > 0.01  # a loss, not the accuracy, by default
