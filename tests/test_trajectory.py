"""core.engine.trajectory: the frames a player shows are the engine's numbers at real steps, checked
against TrainingRun stepped by hand (the oracle), and run_at hands back the very run at a step."""

import dataclasses

import numpy as np
import pytest

from core.engine.data import output_width
from core.engine.experiment import Experiment, make_split, start_run
from core.engine.grids import input_grid
from core.engine.mlp import forward
from core.engine.trajectory import (
    CHECKPOINT_FRAMES,
    READOUT_FIELDS,
    Surface,
    Trajectory,
    decode_frames,
    encode_frames,
    frame_stride,
)

EXPERIMENT = Experiment(n_samples=80, hidden=(5, 4), optimizer="sgd", batch_size=16, steps=100)


def _setup(experiment=EXPERIMENT):
    train, test = make_split(experiment)
    return experiment, train, test


def test_every_frame_is_the_run_stepped_by_hand():
    experiment, train, test = _setup()
    surface = Surface.around(train, test)
    frames = Trajectory(start_run(experiment, train, test), surface, stride=3)
    frames.extend(40, max_frames=1_000)
    oracle = start_run(experiment, train, test)
    assert [f.step for f in frames.frames] == list(range(0, 40, 3)) + [40]  # the last frame stops at the goal
    _, _, points = input_grid(surface.low, surface.high, surface.resolution)
    for frame in frames.frames:
        oracle.advance(frame.step - oracle.step)
        params, history = oracle.params, oracle.history
        np.testing.assert_allclose(frame.weights, params.flatten(), rtol=0, atol=1e-12)
        logits = forward(params, points, experiment.activation)[:, 0]
        np.testing.assert_allclose(frame.surface, 1 / (1 + np.exp(-logits)), rtol=0, atol=1e-12)
        assert frame.train_loss == history.train_loss[-1] and frame.test_loss == history.test_loss[-1]
        assert frame.test_accuracy == history.test_accuracy[-1]


def test_run_at_is_the_same_run_bit_for_bit_and_trains_on_identically():
    experiment, train, test = _setup(dataclasses.replace(EXPERIMENT, optimizer="adam", batch_size=None))
    given = start_run(experiment, train, test)
    frames = Trajectory(given, Surface.around(train, test), stride=2)
    frames.extend(2 * (CHECKPOINT_FRAMES + 10), max_frames=10_000)
    assert given.step == 0  # the trajectory trains a copy
    for step in (0, 2, 2 * CHECKPOINT_FRAMES, 2 * CHECKPOINT_FRAMES + 6):
        run = frames.run_at(step)
        straight = start_run(experiment, train, test).advance(step)
        assert run.step == step and np.array_equal(run.params.flatten(), straight.params.flatten())
        # the optimiser's moments and the minibatch order came along: training on matches too
        assert np.array_equal(run.advance(7).params.flatten(), straight.advance(7).params.flatten())
    with pytest.raises(ValueError, match="step 3: no frame there"):
        frames.run_at(3)


def test_frames_travel_as_float32_rows_of_readouts_surface_and_weights():
    experiment, train, test = _setup()
    frames = Trajectory(start_run(experiment, train, test), Surface.around(train, test), stride=5)
    frames.extend(20, max_frames=100)
    rows = decode_frames(encode_frames(frames.frames), frames.record_length)
    assert rows.shape == (5, len(READOUT_FIELDS) + 48 * 48 + frames.frames[0].weights.size)
    expected = np.stack([f.record() for f in frames.frames]).astype(np.float32)
    assert np.array_equal(rows, expected)
    assert list(rows[:, 0]) == [0, 5, 10, 15, 20]
    assert encode_frames([]) == ""


def test_a_one_dimensional_task_records_its_curve():
    experiment, train, test = _setup(dataclasses.replace(EXPERIMENT, dataset="sine", batch_size=None))
    surface = Surface.around(train, test)
    frames = Trajectory(start_run(experiment, train, test), surface, stride=1)
    frames.extend(3, max_frames=10)
    last = frames.frames[-1]
    xs = np.linspace(surface.low[0], surface.high[0], surface.resolution)[:, None]
    np.testing.assert_allclose(last.surface, forward(frames.run_at(3).params, xs, "tanh")[:, 0], atol=1e-12)
    assert np.isnan(last.test_accuracy)  # regression has no accuracy: NaN in the row


def test_extend_is_bounded_by_frames_and_goal_and_stops_at_divergence():
    experiment, train, test = _setup()
    frames = Trajectory(start_run(experiment, train, test), Surface.around(train, test), stride=2)
    assert frames.extend(1_000, max_frames=4) == 4 and frames.end_step == 8
    assert frames.extend(9, max_frames=100) == 1 and frames.end_step == 9
    assert frames.extend(9, max_frames=100) == 0
    # tests/test_train.py's diverging setting: relu on the sine data, large init, learning rate 100
    wild = dataclasses.replace(EXPERIMENT, dataset="sine", hidden=(16,), activation="relu", init_scheme="uniform",
                               init_scale=5.0, optimizer="gd", batch_size=None, learning_rate=100.0)
    _, train, test = _setup(wild)
    exploding = Trajectory(start_run(wild, train, test), Surface.around(train, test), stride=1)
    exploding.extend(500, max_frames=500)
    assert exploding.finished and exploding.end_step < 500
    assert exploding.extend(500, max_frames=10) == 0
    assert np.all(np.isfinite(exploding.frames[-1].weights))  # rolled back to the last finite weights


@pytest.mark.parametrize("step_size", [1, 2, 7, 10, 11, 13, 60, 100, 2_000])
def test_the_stride_divides_a_step_and_gives_about_ten_frames_per_step(step_size):
    stride = frame_stride(step_size)
    assert step_size % stride == 0 and stride <= max(1, step_size // 10)
    # the largest such divisor (oracle: search from the top)
    assert stride == next(d for d in range(max(1, step_size // 10), 0, -1) if step_size % d == 0)



def _history_lists(history):
    return (history.train_loss, history.test_loss, history.train_accuracy, history.test_accuracy,
            sorted(history.snapshots), history.diverged_at)


def test_run_at_replays_a_few_frames_and_hands_back_the_straight_runs_history(monkeypatch):
    """The player's "where it is" reports call run_at while it plays: it must replay at most 4 frames'
    steps (issue 14: 50 frames, 500 steps at a stride of 10, took 2-3 s on the busy 2-core machine), and
    the run it returns keeps the history a run trained straight to that step has (checkpoints hold none)."""
    from core.engine.train import TrainingRun

    experiment, train, test = _setup()
    frames = Trajectory(start_run(experiment, train, test), Surface.around(train, test), stride=10)
    frames.extend(600, max_frames=60)
    replayed, advance = [], TrainingRun.advance

    def counting(run, n_steps):
        replayed.append(n_steps)
        return advance(run, n_steps)

    monkeypatch.setattr(TrainingRun, "advance", counting)
    for step in (0, 10, 40, 50, 90, 330, 590, 600):
        replayed.clear()
        run = frames.run_at(step)
        assert sum(replayed) <= 40, (step, replayed)
        monkeypatch.setattr(TrainingRun, "advance", advance)
        straight = start_run(experiment, train, test).advance(step)
        monkeypatch.setattr(TrainingRun, "advance", counting)
        assert run.step == step and np.array_equal(run.params.flatten(), straight.params.flatten())
        assert _history_lists(run.history) == _history_lists(straight.history)



@pytest.mark.parametrize("name", ["iris", "digits", "breast_cancer"])
def test_wide_data_plays_without_a_surface_and_its_frames_are_the_engine_s(name):
    """A 3- or 10-class task, or 30 inputs, has no plane to draw (reading output 0 through a sigmoid would draw a
    wrong one): no surface values at all, and every frame is still the run stepped by hand, 64-32-10 included."""
    experiment = Experiment(dataset=name, hidden=(32,), optimizer="sgd", batch_size=64, steps=20,
                            test_fraction=0.25)
    train, test = make_split(experiment)
    surface = Surface.around(train, test)
    assert surface.resolution == 0 and surface.values(start_run(experiment, train, test).params, "tanh").size == 0
    frames = Trajectory(start_run(experiment, train, test), surface, stride=4)
    frames.extend(12, max_frames=100)
    oracle = start_run(experiment, train, test)
    assert oracle.params.widths[0] == train.input_dim and oracle.params.widths[-1] == output_width(train)
    for frame in frames.frames:
        oracle.advance(frame.step - oracle.step)
        assert frame.surface.size == 0
        assert np.array_equal(frame.weights, oracle.params.flatten())
        assert frame.test_accuracy == oracle.history.test_accuracy[-1]
    assert frames.record_length == len(READOUT_FIELDS) + oracle.params.n_params
    rows = decode_frames(encode_frames(frames.frames), frames.record_length)
    np.testing.assert_allclose(rows[-1, len(READOUT_FIELDS):], oracle.params.flatten(), rtol=1e-6, atol=1e-6)
