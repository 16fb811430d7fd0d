"""Zero and constant starts: identical units at every step, and a width-1 network's outcome."""

import numpy as np
import pytest
import torch

from core import rng
from core.engine.batched import train_batch
from core.engine.init_schemes import init_params
from core.engine.mlp import Params
from core.init_regions.task import teacher_data, teacher_params
from core.init_regions.zero_init import merge_units, unit_spread, zero_init_demo


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
