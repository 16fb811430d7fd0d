"""Limits belong to the app, not the library (issue 19): from a script the engine builds, trains, permutes and
aligns networks far past the classroom caps (core.limits.LIBRARY by default, None for no upper bounds), while
every app path keeps its caps (core.limits.CLASSROOM: the Train lesson's Experiment, uploads, links)."""

from __future__ import annotations

import numpy as np
import pytest

from core import limits, rng
from core.engine.data import REGRESSION, Dataset, make_dataset
from core.engine.experiment import Experiment, make_split, start_run
from core.engine.init_schemes import init_params
from core.engine.mlp import forward
from core.engine.train import TrainingRun, train
from core.limits import CLASSROOM, LIBRARY, UNBOUNDED, engine_limits
from core.symmetry.alignment import align
from core.symmetry.group import random_symmetry

MNIST_SHAPE = (784, 512, 10)


def test_a_784_512_10_network_is_created_permuted_and_aligned_from_a_script():
    params = init_params(MNIST_SHAPE, rng=rng.stream(0, "init"))
    assert params.widths == MNIST_SHAPE and params.n_params == 784 * 512 + 512 + 512 * 10 + 10
    element, twin = random_symmetry(params, "tanh", rng=rng.stream(0, "symmetry"))
    X = rng.stream(1, "data").normal(size=(16, 784))
    assert np.max(np.abs(forward(twin, X, "tanh") - forward(params, X, "tanh"))) < 1e-12  # same function
    assert not twin.allclose(params)  # other weights
    found = align(params, twin, "tanh")
    assert found.aligned.allclose(params, atol=1e-12) and found.distance_after < 1e-9 < found.distance_before


def test_a_784_wide_network_trains_from_a_script():
    """Training scores one output (multi-class is not supported yet), so a 784-512-1 regression network trains."""
    generator = rng.stream(2, "data")
    X = generator.normal(size=(64, 784))
    data = Dataset(X, X[:, :3].sum(axis=1), REGRESSION)
    start = init_params((784, 512, 1), rng=rng.stream(2, "init"))
    final, history = train(start, data, steps=5, activation="tanh", optimizer="adam", learning_rate=1e-3,
                           rng=rng.stream(2, "train"))
    assert len(history.train_loss) == 6 and history.train_loss[-1] < history.train_loss[0]
    found = align(final, random_symmetry(final, "tanh", rng=rng.stream(2, "symmetry"))[1], "tanh")
    assert found.distance_after < 1e-9


def test_ten_outputs_are_refused_by_name_not_trained_wrongly():
    params = init_params(MNIST_SHAPE, rng=rng.stream(0, "init"))
    X = rng.stream(3, "data").normal(size=(8, 784))
    with pytest.raises(ValueError, match="output width 10 .*multi-output networks are not supported yet"):
        train(params, Dataset(X, np.zeros(8), REGRESSION), steps=1, activation="tanh", rng=rng.stream(3, "train"))


def test_the_classroom_caps_refuse_the_same_network_in_the_apps_words():
    with pytest.raises(ValueError, match=r"input width 784: must be an integer in \[1, 64\]"):
        init_params(MNIST_SHAPE, rng=rng.stream(0, "init"), limits=CLASSROOM)
    with pytest.raises(ValueError, match=r"hidden width 300 in layer 1: must be an integer in \[1, 256\]"):
        init_params((2, 300, 1), rng=rng.stream(0, "init"), limits=CLASSROOM)
    assert init_params((2, 300, 1), rng=rng.stream(0, "init")).widths == (2, 300, 1)  # LIBRARY: fine


def test_library_limits_are_generous_but_still_name_a_slip():
    with pytest.raises(ValueError, match=r"hidden width 1000000000 in layer 1: must be an integer in \[1, 1048576\]"):
        init_params((2, 10**9, 1), rng=rng.stream(0, "init"))  # refused before any memory is asked for
    assert engine_limits(None) is UNBOUNDED and engine_limits(LIBRARY) is LIBRARY
    with pytest.raises(TypeError, match="limits str: must be core.limits.EngineLimits"):
        init_params((2, 3, 1), rng=rng.stream(0, "init"), limits="big")


def test_more_samples_than_the_classroom_allows():
    assert make_dataset("moons", 6_000, 0.1, rng=rng.stream(0, "data")).n_samples == 6_000
    with pytest.raises(ValueError, match=r"n_samples 6000: must be an integer in \[4, 5000\]"):
        make_dataset("moons", 6_000, 0.1, rng=rng.stream(0, "data"), limits=CLASSROOM)


def _count_steps_instead_of_training(monkeypatch) -> list[int]:
    """Each optimiser step only counts itself: the limits, not the arithmetic, are under test."""
    taken = [0]

    def count(self):
        self.step += 1
        taken[0] += 1

    monkeypatch.setattr(TrainingRun, "_update", count)
    return taken


def test_long_training_runs_are_not_capped_by_the_classroom(monkeypatch, moons):
    train_data, test_data = moons
    params = init_params((2, 64, 64, 64, 64, 1), rng=rng.stream(0, "init"))
    steps = limits.STEPS[1] + 1  # past the classroom's steps, and its work budget many times over
    taken = _count_steps_instead_of_training(monkeypatch)
    train(params, train_data, test_data, steps=steps, activation="tanh", rng=rng.stream(0, "train"))
    assert taken[0] == steps
    with pytest.raises(ValueError, match=r"steps 100001: must be an integer in \[0, 100000\]"):
        train(params, train_data, test_data, steps=steps, activation="tanh", rng=rng.stream(0, "train"),
              limits=CLASSROOM)
    with pytest.raises(ValueError, match="training run: .* at most 50,000,000,000 allowed"):
        train(params, train_data, test_data, steps=limits.STEPS[1], activation="tanh", rng=rng.stream(0, "train"),
              limits=CLASSROOM)
    assert taken[0] == steps  # both refusals came before any step
    run = TrainingRun(params, train_data, activation="tanh", rng=rng.stream(0, "train"), limits=None)
    run.advance(3 * limits.STEPS[1])  # one advance past any classroom cap
    assert run.step == 3 * limits.STEPS[1]


class _Started(Exception):
    """Raised where batched training would start: every check before it has passed."""


def test_batched_training_has_no_work_cap_from_a_script(monkeypatch):
    from core.engine.batched import train_batch

    data = make_dataset("moons", limits.N_SAMPLES[1], 0.1, rng=rng.stream(0, "data"))
    params = [init_params((2, 64, 64, 1), rng=rng.stream(k, "init")) for k in range(40)]

    def started(*args, **kwargs):
        raise _Started

    monkeypatch.setattr("core.engine.batched._Chunk", started)
    with pytest.raises(_Started):  # 40 x 1000 x 5000 x 4,417 = 8.8e11 parameter-sample-steps: accepted
        train_batch(params, data, steps=1000, activation="tanh", rng=rng.stream(0, "train"))
    with pytest.raises(ValueError, match=r"batch work .* at most 5e\+10"):
        train_batch(params, data, steps=1000, activation="tanh", rng=rng.stream(0, "train"), limits=CLASSROOM)


@pytest.mark.parametrize("experiment, message", [
    (Experiment(hidden=(300,)), r"hidden width 300 in layer 1: must be an integer in \[1, 256\]"),
    (Experiment(hidden=(4,) * 9), "1 to 8 hidden widths"),
])
def test_the_train_lessons_experiment_keeps_the_classroom_caps(experiment, message):
    train_data, test_data = make_split(Experiment())
    with pytest.raises(ValueError, match=message):
        start_run(experiment, train_data, test_data)


def test_the_train_lessons_data_keep_the_classroom_caps():
    with pytest.raises(ValueError, match=r"n_samples 6000: must be an integer in \[4, 5000\]"):
        make_split(Experiment(n_samples=6_000))


def test_the_train_lessons_runs_keep_the_classroom_step_cap():
    train_data, test_data = make_split(Experiment())
    run = start_run(Experiment(), train_data, test_data)
    assert run.limits is CLASSROOM
    with pytest.raises(ValueError, match=r"n_steps 100001: must be an integer in \[0, 100000\]"):
        run.advance(limits.STEPS[1] + 1)
