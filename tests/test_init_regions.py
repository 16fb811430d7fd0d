"""The lesson's scene: teacher, slice coordinates, base start, specification checks and the work cap."""

import dataclasses

import numpy as np
import pytest

from core import limits
from core.engine.mlp import forward
from core.init_regions.map import frame_steps, grid_starts, train_map, trajectory_cells
from core.init_regions.task import (
    MapSpec,
    base_params,
    check_map_spec,
    coordinates,
    task_data,
    teacher_data,
    teacher_params,
)


def test_the_teacher_fits_its_own_data_exactly():
    teacher = teacher_params(2)
    data = teacher_data(teacher, 40)
    assert data.task == "regression" and data.n_samples == 40
    np.testing.assert_array_equal(forward(teacher, data.X, "tanh")[:, 0], data.y)


def test_coordinates_follow_the_flatten_order():
    keys = coordinates((1, 2, 1))
    assert [k for k in keys] == ["w1", "w2", "b1", "b2", "v1", "v2", "c"]
    assert [pos for pos, _ in keys.values()] == list(range(7))
    assert "w2.1" in coordinates((2, 3, 1)) and coordinates((2, 3, 1))["c"][0] == 3 * 2 + 3 + 3


def test_equalised_base_has_units_one_and_two_equal_and_the_grid_sets_the_slice():
    spec = MapSpec(resolution=5)
    base = base_params(spec)
    assert base.weights[0][0, 0] == base.weights[0][1, 0] and base.biases[0][0] == base.biases[0][1]
    assert base.weights[1][0, 0] == base.weights[1][0, 1]
    starts = grid_starts(spec, base)
    assert starts.shape == (25, 7)
    np.testing.assert_array_equal(starts[:, 2].reshape(5, 5)[0], np.linspace(-3, 3, 5))  # b1 along x
    np.testing.assert_array_equal(starts[:, 3].reshape(5, 5)[:, 0], np.linspace(-3, 3, 5))  # b2 along y


def test_classification_scenes_use_the_train_lessons_datasets():
    data = task_data(MapSpec(task="moons", n_points=30))
    assert data.task == "classification" and data.input_dim == 2


@pytest.mark.parametrize("change, message", [
    (dict(resolution=200), "resolution 200"),
    (dict(x_key="b1", y_key="b1"), "two different coordinates"),
    (dict(x_range=(2.0, -2.0)), "start must be below the end"),
    (dict(activation="relu"), "map activation 'relu'"),
    (dict(precision="float32", loss_tol=1e-7), "float32"),
    (dict(x_key="w1.1"), "x coordinate 'w1.1'"),
])
def test_bad_settings_raise_named_errors(change, message):
    with pytest.raises(ValueError, match=message):
        check_map_spec(dataclasses.replace(MapSpec(), **change))


def test_the_work_cap_says_what_to_reduce():
    spec = MapSpec(resolution=101, steps=1500)
    assert spec.network_steps > limits.INIT_MAP_MAX_NETWORK_STEPS
    with pytest.raises(ValueError, match=r"reduce the resolution or use at most \d+ steps"):
        train_map(spec)
    assert MapSpec().network_steps <= limits.INIT_MAP_MAX_NETWORK_STEPS  # the default fits, with room for verify


def test_frames_and_trajectory_subgrid():
    steps = frame_steps(300, 25)
    assert steps[0] == 0 and steps[-1] == 300 and np.all(np.diff(steps) > 0)
    cells = trajectory_cells(61, 7)
    assert len(cells) == 49 and cells.min() == 0 and cells.max() == 61 * 61 - 1


def test_progress_is_reported_and_a_map_has_consistent_shapes():
    seen = []
    result = train_map(MapSpec(resolution=9, steps=30, n_frames=5), progress=lambda share, text: seen.append(share))
    assert seen[0] == 0.0 and seen[-1] == 1.0
    K = 81
    assert result.final.shape == (K, 7) and result.final_loss.shape == (K,)
    assert result.frame_loss.shape == (len(result.frame_steps), K)
    assert result.trajectories.shape == (len(result.frame_steps), len(result.trajectory_cells), 2)
    np.testing.assert_array_equal(result.trajectories[0], result.starts[result.trajectory_cells][:, [2, 3]])


def test_float32_maps_agree_with_float64_on_outcomes_mostly():
    from core.init_regions.map import map_outcomes

    spec = MapSpec(resolution=11, steps=150)
    a = map_outcomes(train_map(spec)).codes
    b = map_outcomes(train_map(dataclasses.replace(spec, precision="float32"))).codes
    assert np.mean(a == b) > 0.95  # rounding can tip a start at a boundary, rarely
