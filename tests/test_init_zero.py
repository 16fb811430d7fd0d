"""Zero and constant starts: identical units at every step, and a width-1 network's outcome."""

import dataclasses

import numpy as np
import pytest
import torch

from core import rng
from core.engine.batched import train_batch
from core.engine.init_schemes import init_params
from core.engine.mlp import Params
from core.init_regions.map_words import zero_fit_sentence
from core.init_regions.task import teacher_data, teacher_params
from core.init_regions.zero_init import merge_units, unit_spread, zero_init_demo
from core.scenes.init_regions import ZERO_INIT


@pytest.mark.parametrize("scheme", ["zero", "constant"])
def test_symmetric_starts_keep_identical_units_at_every_step(scheme):
    demo = zero_init_demo(scheme, 4, steps=120, learning_rate=0.2)
    assert len(demo.unit_spread) == 121
    assert np.all(demo.unit_spread == 0.0)          # exactly identical, not just close
    assert np.all(demo.merged_gap <= 1e-12)        # always a width-1 network in disguise
    assert demo.final_loss > 1e-2                  # so it cannot fit the 2-unit teacher


def test_zero_init_never_wakes_its_units_and_only_the_output_bias_moves():
    demo = zero_init_demo("zero", 6, steps=80, learning_rate=0.2)
    np.testing.assert_array_equal(demo.unit_curves, 0.0)  # tanh(0): the units never wake up
    assert np.all(demo.outputs == demo.outputs[:, :1])    # a constant function at every shown step
    assert demo.outputs[-1, 0] != demo.outputs[0, 0]      # ... whose constant (the output bias) did move


def test_identical_units_under_adam_and_wider_networks_too():
    data = teacher_data(teacher_params(2), 30)
    start = init_params((1, 8, 1), scheme="constant", scale=1.0, rng=rng.stream(3, "init"))
    steps = tuple(range(0, 61, 5))
    result = train_batch([start], data, steps=60, activation="tanh", optimizer="adam", learning_rate=0.05,
                         rng=rng.stream(3, "train"), snapshot_steps=steps, dtype=torch.float64)
    assert all(unit_spread(result.snapshots[t][0], (1, 8, 1)) == 0.0 for t in steps)


def test_merge_units_keeps_the_function():
    params = Params((np.array([[0.5], [0.5], [0.5]]), np.array([[0.2, 0.2, 0.2]])), (np.array([0.1] * 3), np.array([0.3])))
    merged = merge_units(params)
    assert merged.widths == (1, 1, 1) and merged.weights[1][0, 0] == pytest.approx(0.6)


@pytest.mark.parametrize("scheme", ["zero", "constant"])
def test_the_sentence_says_constant_function_exactly_when_the_hidden_weights_stay_zero(scheme):
    """Zero start: a constant function whose output bias alone learns; constant start: one non-zero unit in
    disguise. Oracles: the hidden parameters read off a separate training run, and the drawn curves."""
    demo = zero_init_demo(scheme, 4, steps=60, learning_rate=0.2)
    data = teacher_data(teacher_params(2), 40)
    start = init_params((1, 4, 1), scheme=scheme, scale=1.0, rng=rng.stream(0, "init"))
    run = train_batch([start], data, steps=60, activation="tanh", optimizer="gd", learning_rate=0.2,
                      rng=rng.stream(0, "train"), snapshot_steps=range(61), dtype=torch.float64)
    hidden = [Params.unflatten(run.snapshots[t][0], (1, 4, 1)) for t in range(61)]
    silent = all(not np.any(p.weights[0]) and not np.any(p.biases[0]) and not np.any(p.weights[1]) for p in hidden)
    assert silent == (scheme == "zero") == demo.units_silent
    sentence = zero_fit_sentence(demo)
    if silent:
        bias = [float(p.biases[1][0]) for p in hidden]
        assert sentence.startswith("It stays a constant function") and "disguise" not in sentence
        assert f"only the output bias learns (it moved from {bias[0]:.3g} to {bias[-1]:.3g})" in sentence
        assert bias[-1] != bias[0] and np.all(demo.outputs == demo.outputs[:, :1])
    else:
        assert sentence.startswith("It trains as one unit in disguise") and "constant function" not in sentence
        assert np.any(demo.unit_curves != 0) and demo.units_identical
        assert np.ptp(demo.outputs[-1]) > 0  # the output is not a constant function
    assert f"final loss {demo.final_loss:.3g}" in sentence


def test_units_that_drift_apart_are_not_called_one_unit():
    demo = zero_init_demo("constant", 4, steps=10, learning_rate=0.2)
    drifted = dataclasses.replace(demo, unit_spread=demo.unit_spread + 1e-9)
    sentence = zero_fit_sentence(drifted)
    assert "not exactly one unit in disguise" in sentence and "constant function" not in sentence


@pytest.mark.parametrize("scheme", ["constant", "zero"])
def test_the_zero_scene_and_caption_say_what_the_demo_computes(scheme):
    """The page's demo (learning rate 0.2): "eight hidden units do no better than four", and the caption's verdict."""
    four, eight = (zero_init_demo(scheme, width, learning_rate=0.2) for width in (4, 8))
    assert eight.final_loss >= four.final_loss - 1e-12
    assert "[[Eight hidden units]] do no better than [[four hidden units]]" in ZERO_INIT.text
    for demo in (four, eight):
        sentence = zero_fit_sentence(demo)
        assert f"final loss {demo.final_loss:.3g}" in sentence
        assert ("far above" in sentence) == (demo.final_loss > 1e-2)
