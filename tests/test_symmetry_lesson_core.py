"""The lesson's core pieces: moves and where they send rows, the proof, twin counts, the rescaling orbit,
the interpolation barrier and the lesson state. Oracles are independent computations, not typed-in numbers."""

import math

import numpy as np
import pytest
import torch

from core.engine.data import Dataset
from core.engine.distances import function_gap
from core.engine.init_schemes import init_params
from core.engine.losses import per_model_loss
from core.engine.mlp import forward
from core.engine.presets import PRESETS, sibling
from core.symmetry.barrier import barrier, barrier_study, loss_along_line, mean_loss
from core.symmetry.group import random_symmetry
from core.symmetry.lesson import run_lesson
from core.symmetry.moves import MoveSpec, describe, make_move, replay, variants_for
from core.symmetry.proof import probe_points, prove
from core.symmetry.rescale_orbit import orbit_scales, rescale_orbit
from core.symmetry.twins import count_formula, gallery, twin_count, twin_sentence

WIDTHS = (2, 5, 4, 1)


@pytest.fixture
def net():
    return init_params(WIDTHS, scheme="uniform", scale=1.5, rng=np.random.default_rng(3))


def test_swap_sends_rows_columns_and_biases_to_their_new_places(net):
    move = make_move(net, "tanh", MoveSpec("swap", layer=1, unit=1, other=3))
    assert list(move.rows[0]) == [0, 3, 2, 1, 4] and list(move.cols[1]) == [0, 3, 2, 1, 4]
    assert list(move.bias_rows[0]) == [0, 3, 2, 1, 4] and list(move.rows[1]) == [0, 1, 2, 3]
    # every tracked cell carries its own value to its new place
    for k, (old, new) in enumerate(zip(net.weights, move.after.weights)):
        np.testing.assert_array_equal(new[np.ix_(move.rows[k], move.cols[k])], old)
    assert move.is_symmetry


def test_broken_permutation_leaves_the_columns_behind(net):
    move = make_move(net, "tanh", MoveSpec("swap", layer=2, unit=0, other=2, variant="incoming_only"))
    assert list(move.rows[1]) == [2, 1, 0, 3] and list(move.cols[2]) == [0, 1, 2, 3]
    assert move.element is None and not move.is_symmetry
    X = np.random.default_rng(0).uniform(-2, 2, (50, 2))
    assert function_gap(net, move.after, X, "tanh") > 1e-3


def test_forbidden_moves_name_the_rule(net):
    with pytest.raises(ValueError, match="sign flip of unit 3 of layer 1: a sign flip keeps the function only for tanh, sine and identity "
                       r"\(linear\) units .*; ReLU is not one of them"):
        make_move(net, "relu", MoveSpec("flip", layer=1, unit=2))
    with pytest.raises(ValueError, match="rescaling unit 1 of layer 1 by c = 2: rescaling keeps the function only for ReLU, "
                       r"leaky ReLU and identity \(linear\) units; tanh is not one of them"):
        make_move(net, "tanh", MoveSpec("rescale", layer=1, unit=0, scale=2.0))
    with pytest.raises(ValueError, match="unit index 9 in layer 1.*shown as units 1..5"):
        make_move(net, "tanh", MoveSpec("flip", layer=1, unit=9))
    with pytest.raises(ValueError, match="with itself"):
        make_move(net, "tanh", MoveSpec("swap", layer=1, unit=2, other=2))
    with pytest.raises(ValueError, match="variant 'ignore_rule'"):
        make_move(net, "tanh", MoveSpec("flip", variant="ignore_rule"))  # a plain tanh flip is no break
    one_wide = init_params((2, 1, 1), scheme="uniform", scale=1.0, rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="layer 1 has 1 unit"):
        make_move(one_wide, "tanh", MoveSpec("permute_layer"))


def test_variants_offer_ignore_rule_only_where_it_breaks():
    assert "ignore_rule" not in variants_for("flip", "tanh") and "ignore_rule" in variants_for("flip", "relu")
    assert "ignore_rule" in variants_for("flip", "sigmoid")  # the flip without its bias correction
    assert "ignore_rule" not in variants_for("rescale", "relu") and "ignore_rule" in variants_for("rescale", "tanh")
    assert variants_for("canonical", "gelu") == ("right",)


def test_random_moves_are_reproducible_and_move_something(net):
    a = make_move(net, "tanh", MoveSpec("permute_layer", layer=2, seed=5))
    b = make_move(net, "tanh", MoveSpec("permute_layer", layer=2, seed=5))
    assert np.array_equal(a.after.flatten(), b.after.flatten())
    assert list(a.element.perms[1]) != [0, 1, 2, 3]


def test_replay_and_lesson_state(net, moons):
    train, test = moons
    params = init_params((2, 5, 4, 1), scheme="uniform", scale=1.5, rng=np.random.default_rng(4))
    history = (MoveSpec("random_element", seed=1), MoveSpec("swap", layer=2, unit=0, other=1),
               MoveSpec("canonical"))
    result = run_lesson(params, "tanh", [train, test], history)
    assert len(replay(params, "tanh", history)) == 3 and result.is_twin
    assert result.proof.gap <= 1e-12 and result.canonical_distance <= 1e-9
    assert np.allclose(result.element.apply(params, "tanh").flatten(), result.current.flatten(), atol=1e-12)
    broken = run_lesson(params, "tanh", [train, test], history[:1] + (MoveSpec("flip", variant="incoming_only"),))
    assert not broken.is_twin and broken.element is None and broken.proof.gap > 1e-3
    assert describe(history[1]) == "swap units 1 and 2 of layer 2"


def test_proof_numbers_match_a_direct_computation(net, moons):
    train, test = moons
    _, twin = random_symmetry(net, "tanh", rng=np.random.default_rng(1))
    proof = prove(net, twin, "tanh", [train, test], dense=30, display=20)
    X = np.concatenate([train.X, test.X])
    assert proof.data_gap == np.max(np.abs(forward(net, X, "tanh") - forward(twin, X, "tanh")))
    assert proof.parameter_distance == pytest.approx(np.linalg.norm(net.flatten() - twin.flatten()))
    assert proof.n_grid == 900 and proof.difference.shape == (20, 20) and proof.gap <= 1e-12
    assert probe_points([train, test], 10).shape == (100 + len(X), 2)


def test_twin_count_and_sentence():
    twins = twin_count((2, 8, 8, 1), "tanh")
    assert twins.count == (math.factorial(8) * 2**8) ** 2 == 106_542_032_486_400
    assert twin_sentence(twins) == ("a generic 2-8-8-1 tanh network has (8!·2⁸)² = 106,542,032,486,400 "
                                    "distinct twins in this group (itself included)")
    relu = twin_count((2, 8, 4, 1), "relu")
    assert relu.count == math.factorial(8) * math.factorial(4) and relu.rescaling_dim == 12
    assert count_formula((8, 4), True) == "(8!·2⁸)·(4!·2⁴)" and count_formula((5,), False) == "5!"
    huge = twin_sentence(twin_count((2, 64, 64, 64, 64, 1), "tanh"))
    assert "(64!·2⁶⁴)⁴ ≈" in huge and "log10 = " in huge


def test_gallery_twins_compute_the_same_function(net, moons):
    X = probe_points(list(moons), 20)
    twins = gallery(net, "sigmoid", 4, X, rng=np.random.default_rng(0))
    assert len(twins) == 4 and all(t.gap <= 1e-12 and t.distance > 0.1 for t in twins)


def test_rescaling_orbit_moves_weights_not_the_function(net):
    X = np.random.default_rng(0).uniform(-2, 2, (100, 2))
    scales = orbit_scales(21, extra=[2.0])
    assert 2.0 in scales and 1.0 in scales and scales[0] == pytest.approx(0.1) and scales[-1] == pytest.approx(10)
    curve = rescale_orbit(net, "relu", 1, 2, X, scales=scales)
    assert curve.is_symmetry and np.max(curve.function_gap) <= 1e-12
    assert curve.parameter_distance[0] > 1.0 and curve.parameter_distance[-1] > 1.0
    assert curve.parameter_distance[list(scales).index(1.0)] == 0.0
    contrast = rescale_orbit(net, "tanh", 1, 2, X, scales=scales)
    assert not contrast.is_symmetry and np.max(contrast.function_gap) > 1e-2


def test_mean_loss_agrees_with_the_training_loss(moons):
    train, _ = moons
    params = init_params((2, 4, 1), scheme="uniform", scale=1.0, rng=np.random.default_rng(0))
    logits = torch.as_tensor(forward(params, train.X, "tanh"))
    assert mean_loss(params, train, "tanh") == pytest.approx(
        float(per_model_loss(logits, torch.as_tensor(train.y), train.task)), rel=1e-12)
    regression = Dataset(train.X, train.y * 2.0, "regression")
    assert mean_loss(params, regression, "tanh") == pytest.approx(
        float(np.mean((forward(params, train.X, "tanh")[:, 0] - regression.y) ** 2)))


def test_alignment_undoes_a_planted_symmetry_and_flattens_the_line(net, moons):
    train, _ = moons
    _, twin = random_symmetry(net, "tanh", rng=np.random.default_rng(2))
    study = barrier_study(net, twin, train, "tanh", n_points=11)
    assert study.alignment.distance_after <= 1e-12 < study.alignment.distance_before
    assert study.barrier_after <= 1e-12 and np.allclose(study.loss_after, study.loss_after[0])
    ts, losses = loss_along_line(net, twin, train, "tanh", n_points=11)
    assert losses[0] == pytest.approx(losses[-1], abs=1e-12)
    assert barrier(np.array([0.0, 0.5, 1.0]), np.array([1.0, 3.0, 2.0])) == pytest.approx(1.5)


def test_presets_and_siblings():
    assert PRESETS["relu"].activation == "relu" and PRESETS["tanh"].hidden == (8, 8)
    assert sibling(PRESETS["tanh"]).init_seed == PRESETS["tanh"].init_seed + 1
