"""Training under faults: huge learning rates, exploding inits, all-zero, single-class and duplicated data.

Single runs (core.engine.train), batched runs (core.engine.batched) and the init map report "diverged" or
"degenerate" outcomes; nothing raises and every figure of the lessons still builds.
"""

import numpy as np
import pytest

from core import limits, rng
from core.engine.batched import train_batch
from core.engine.data import CLASSIFICATION, REGRESSION, Dataset, degenerate_data, make_dataset
from core.engine.init_schemes import init_params
from core.engine.train import train
from core.figures.curves import training_curves
from core.figures.decision import dataset_preview, decision_figure
from core.figures.network import network_figure
from core.figures.units import unit_thumbnails

LR_MAX, SCALE_MAX = limits.LEARNING_RATE[1], limits.INIT_SCALE[1]


def _moons():
    return make_dataset("moons", 40, 0.1, rng=rng.stream(0, "data"))


def _faulty_datasets():
    moons = _moons()
    return {
        "all zero": Dataset(np.zeros((30, 2)), np.zeros(30), CLASSIFICATION),
        "single class": Dataset(moons.X, np.ones(moons.n_samples), CLASSIFICATION),
        "duplicates": Dataset(np.repeat(moons.X[:5], 6, axis=0), np.repeat(moons.y[:5], 6), CLASSIFICATION),
        "contradicting duplicates": Dataset(np.zeros((10, 2)) + 1.0, np.arange(10) % 2.0, CLASSIFICATION),
        "constant target": Dataset(np.linspace(-1, 1, 20)[:, None], np.full(20, 3.0), REGRESSION),
    }


def _figures_build(params, activation, data, history=None, *, units=False):
    figures = [decision_figure(params, activation, data, data), dataset_preview(data, data), network_figure(params)]
    if units:
        figures.append(unit_thumbnails(params, activation, data))
    if history is not None:
        figures.append(training_curves(history, total_steps=len(history.train_loss)))
    assert all(len(fig.to_json()) > 100 for fig in figures)


def test_degenerate_data_names_the_reason():
    reasons = {name: degenerate_data(data) for name, data in _faulty_datasets().items()}
    assert "same inputs" in reasons["all zero"]
    assert "one class only" in reasons["single class"]
    assert "both labels" in reasons["contradicting duplicates"] or "same inputs" in reasons["contradicting duplicates"]
    assert "constant" in reasons["constant target"]
    assert reasons["duplicates"] is None  # repeated points with agreeing labels are fine
    assert degenerate_data(_moons()) is None
    mixed = Dataset(np.array([[0.0, 0.0], [0.0, 0.0], [1.0, 1.0]]), np.array([0.0, 1.0, 1.0]), CLASSIFICATION)
    assert degenerate_data(mixed).startswith("1 input point(s) appear with both labels")


@pytest.mark.parametrize("optimizer", ["gd", "adam"])
def test_huge_learning_rate_and_exploding_init_never_raise(optimizer):
    data = _moons()
    params = init_params((2, 8, 8, 1), scheme="xavier", scale=SCALE_MAX, rng=rng.stream(0, "init"))
    final, history = train(params, data, data, steps=30, activation="relu", optimizer=optimizer,
                           learning_rate=LR_MAX, batch_size=8 if optimizer != "gd" else None,
                           rng=rng.stream(0, "train"))
    assert history.diverged_at is not None or np.isfinite(history.train_loss[-1])
    assert np.all(np.isfinite(final.flatten()))  # the last finite weights are kept
    if history.diverged_at is not None:
        assert len(history.train_loss) == history.diverged_at + 1
    _figures_build(final, "relu", data, history, units=optimizer == "gd")


@pytest.mark.parametrize("scale", [1.0, SCALE_MAX])
def test_regression_at_learning_rate_100_must_diverge_and_reports_it(scale):
    """Squared loss with a ReLU net at lr 100 overflows within a few steps: the run must say
    "diverged" at that step, keep the last finite weights and still draw."""
    full = make_dataset("sine", 100, 0.1, rng=rng.stream(0, "data"))
    params = init_params((1, 8, 1), scheme="xavier", scale=scale, rng=rng.stream(0, "init"))
    final, history = train(params, full, steps=50, activation="relu", optimizer="gd", learning_rate=LR_MAX,
                           rng=rng.stream(0, "train"))
    assert history.diverged_at is not None and history.diverged_at < 10
    assert len(history.train_loss) == history.diverged_at + 1
    assert np.all(np.isfinite(final.flatten()))
    _figures_build(final, "relu", full, history)


def test_tanh_saturation_at_huge_weights_is_handled():
    data = _moons()
    params = init_params((2, 4, 1), scheme="uniform", scale=SCALE_MAX, rng=rng.stream(1, "init"))
    final, history = train(params, data, steps=30, activation="tanh", optimizer="gd", learning_rate=LR_MAX,
                           rng=rng.stream(0, "train"))
    assert history.diverged_at is not None or all(np.isfinite(history.train_loss))
    _figures_build(final, "tanh", data, history)


@pytest.mark.parametrize("name", ["all zero", "single class", "duplicates", "contradicting duplicates",
                                  "constant target"])
def test_degenerate_data_trains_without_error_and_draws(name):
    data = _faulty_datasets()[name]
    params = init_params((data.input_dim, 4, 1), rng=rng.stream(0, "init"))
    final, history = train(params, data, data, steps=25, activation="tanh", optimizer="adam", learning_rate=0.1,
                           rng=rng.stream(0, "train"))
    assert len(history.train_loss) in (26, (history.diverged_at or 0) + 1)
    assert all(np.isfinite(history.train_loss))
    _figures_build(final, "tanh", data, history)


def test_batched_training_reports_diverged_models_and_keeps_the_rest():
    data = make_dataset("sine", 30, 0.1, rng=rng.stream(0, "data"))  # squared error: explodes at once
    params = [init_params((1, 6, 1), scale=scale, rng=rng.stream(k, "init"))
              for k, scale in enumerate([0.5, 1.0, SCALE_MAX, SCALE_MAX])]
    result = train_batch(params, data, steps=40, activation="relu", optimizer="gd", learning_rate=LR_MAX,
                         rng=rng.stream(0, "train"))
    assert set(result.outcomes) <= {"diverged", "finished"} and "diverged" in set(result.outcomes)
    diverged = result.diverged_at >= 0
    assert np.all(np.isnan(result.train_loss[diverged, -1]))
    for p in result.final_params:
        assert np.all(np.isfinite(p.flatten()))
    _figures_build(result.final_params[int(np.argmax(diverged))], "relu", data)


@pytest.mark.parametrize("name", ["all zero", "single class", "contradicting duplicates"])
def test_batched_training_on_degenerate_data(name):
    data = _faulty_datasets()[name]
    params = [init_params((2, 3, 1), rng=rng.stream(k, "init")) for k in range(3)]
    result = train_batch(params, data, steps=20, activation="tanh", optimizer="adam", learning_rate=0.1,
                         rng=rng.stream(0, "train"))
    assert np.all(np.isfinite(result.train_loss)) and np.all(result.outcomes == "finished")


def test_init_map_at_the_learning_rate_limit_reports_diverged_starts_and_draws():
    from core.figures.init_animation import animation_figure
    from core.figures.init_map import outcome_map
    from core.init_regions.map import map_outcomes, train_map
    from core.init_regions.outcomes import DIVERGED
    from core.init_regions.task import MapSpec

    spec = MapSpec(resolution=7, steps=20, learning_rate=LR_MAX, base_scale=SCALE_MAX, n_frames=4,
                   x_range=(-20.0, 20.0), y_range=(-20.0, 20.0), trajectories=2)
    result = train_map(spec)
    outcomes = map_outcomes(result)
    assert DIVERGED in outcomes.counts()
    assert outcome_map(result, outcomes).to_json() and animation_figure(result, outcomes, None).to_json()


def test_init_map_on_a_single_class_scene_is_classified():
    from core.init_regions.map import map_outcomes, train_map
    from core.init_regions.task import MapSpec

    spec = MapSpec(task="gaussians", noise=0.0, n_points=8, resolution=5, steps=10, learning_rate=LR_MAX,
                   n_frames=2, trajectories=2, loss_tol=10.0)
    outcomes = map_outcomes(train_map(spec))
    assert sum(outcomes.counts().values()) == 25
