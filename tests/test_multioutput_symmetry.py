"""Symmetries on multi-output networks with wide inputs (64-32-10, as for digits): only hidden units move,
the K output logits stay in place, and every core.symmetry tool works with a last width > 1.

Oracles: the permuted (flipped / rescaled) network's K outputs equal the original's in float64; weight
matching on a planted permutation recovers it exactly; the canonical forms of twins coincide; the proof
measures every output and softmax probabilities (not only the first logit and a sigmoid)."""

import numpy as np
import pytest
from scipy.special import softmax

from core.engine.data import CLASSIFICATION, Dataset
from core.engine.distances import parameter_distance
from core.engine.init_schemes import init_params
from core.engine.mlp import Params, forward
from core.symmetry.alignment import align
from core.symmetry.canonical import canonical_element, canonical_form
from core.symmetry.group import GroupElement, random_symmetry
from core.symmetry.lesson import run_lesson
from core.symmetry.moves import MoveSpec, make_move
from core.symmetry.proof import gap_words, probe_points, prove
from core.symmetry.twins import gallery

WIDTHS = (64, 32, 10)
X = np.random.default_rng(0).normal(size=(300, 64))


def network(widths=WIDTHS, seed=1) -> Params:
    return init_params(widths, rng=np.random.default_rng(seed))


@pytest.mark.parametrize("activation", ["tanh", "relu", "sigmoid", "leaky_relu"])
@pytest.mark.parametrize("widths", [WIDTHS, (64, 32, 16, 10)])
def test_a_random_hidden_symmetry_keeps_every_output_in_float64(activation, widths):
    params = network(widths)
    element, twin = random_symmetry(params, activation, rng=np.random.default_rng(2))
    assert not element.is_identity() and parameter_distance(params, twin) > 1.0
    before, after = forward(params, X, activation), forward(twin, X, activation)
    assert before.shape == (len(X), widths[-1])
    np.testing.assert_allclose(after, before, rtol=0, atol=1e-13)  # output j stays output j: no output moves
    np.testing.assert_array_equal(np.argmax(after, axis=1), np.argmax(before, axis=1))
    # the output layer's rows keep their order: only columns (hidden units) of the last matrix move
    last_perm = element.perms[-1]
    np.testing.assert_allclose(np.sort(np.abs(twin.weights[-1]), axis=1), np.sort(np.abs(
        params.weights[-1][:, list(last_perm)] / np.asarray(element.scales[-1])[list(last_perm)]), axis=1),
        rtol=1e-13, atol=0)
    assert element.hidden_widths == widths[1:-1]


@pytest.mark.parametrize("activation, group", [("tanh", "permutations+signs"), ("relu", "permutations+scales"),
                                               ("relu", "permutations")])
def test_alignment_recovers_a_planted_symmetry_of_a_64_32_10_network(activation, group):
    params = network()
    element, twin = random_symmetry(params, activation, rng=np.random.default_rng(3))
    if group == "permutations":  # a pure permutation, searched over permutations only
        element = GroupElement(element.perms, tuple((1,) * d for d in element.hidden_widths),
                               tuple((1.0,) * d for d in element.hidden_widths))
        twin = element.apply(params, activation)
    found = align(params, twin, activation, group=group)
    assert found.distance_before > 1.0 and found.distance_after < 1e-12
    assert found.perms == element.inverse().perms
    if group != "permutations":
        assert found.signs == element.inverse().signs
        np.testing.assert_allclose(np.array(found.scales), np.array(element.inverse().scales), rtol=1e-12)


@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_canonical_forms_of_twins_coincide_and_keep_the_outputs(activation):
    params = network()
    _, twin = random_symmetry(params, activation, rng=np.random.default_rng(4))
    assert parameter_distance(canonical_form(params, activation), canonical_form(twin, activation)) < 1e-12
    np.testing.assert_allclose(forward(canonical_form(twin, activation), X, activation), forward(twin, X, activation),
                               rtol=0, atol=1e-13)
    assert canonical_element(params, activation).hidden_widths == (32,)


def test_moves_and_the_gallery_work_on_a_ten_output_network():
    params = network()
    for spec in (MoveSpec("swap", unit=0, other=31), MoveSpec("permute_layer", seed=5), MoveSpec("flip", unit=3),
                 MoveSpec("random_element", seed=6), MoveSpec("canonical")):
        move = make_move(params, "tanh", spec)
        assert move.is_symmetry
        np.testing.assert_allclose(forward(move.after, X, "tanh"), forward(params, X, "tanh"), rtol=0, atol=1e-13)
    broken = make_move(params, "tanh", MoveSpec("swap", unit=0, other=31, variant="incoming_only"))
    assert not broken.is_symmetry
    assert np.max(np.abs(forward(broken.after, X, "tanh") - forward(params, X, "tanh"))) > 1e-3
    for twin in gallery(params, "tanh", 3, X, rng=np.random.default_rng(7)):
        assert twin.gap < 1e-13 and twin.distance > 1.0


def _digits_like(n=120, seed=8) -> tuple[Dataset, Dataset]:
    rng = np.random.default_rng(seed)
    data = Dataset(rng.normal(size=(n, 64)), (np.arange(n) % 10).astype(float), CLASSIFICATION, n_classes=10)
    return data.subset(np.arange(n // 2)), data.subset(np.arange(n // 2, n))


def test_the_proof_measures_every_logit_and_the_softmax_of_a_wide_network():
    params = network()
    train, test = _digits_like()
    twin = make_move(params, "tanh", MoveSpec("random_element", seed=9)).after
    proof = prove(params, twin, "tanh", [train, test])
    assert proof.gap < 1e-13 and proof.probability_gap < 1e-15 and proof.parameter_distance > 1.0
    assert proof.n_data == 120 and proof.n_grid > 0 and proof.ys is None and proof.n_outputs == 10
    # a broken move: the gap is the largest over all ten logits, the probability gap a softmax's
    broken = make_move(params, "tanh", MoveSpec("flip", unit=2, variant="incoming_only")).after
    proof = prove(params, broken, "tanh", [train, test])
    data = np.concatenate([train.X, test.X])
    logit_gaps = np.abs(forward(params, data, "tanh") - forward(broken, data, "tanh"))
    assert proof.data_gap == pytest.approx(logit_gaps.max(), rel=1e-15)
    probability = np.abs(softmax(forward(params, data, "tanh"), axis=1) - softmax(forward(broken, data, "tanh"), axis=1))
    assert proof.probability_data_gap == pytest.approx(probability.max(), rel=1e-12)
    assert "10 logits, before the softmax" in gap_words(proof) and "class probabilities" in gap_words(proof)
    assert probe_points([train, test]).shape[1] == 64


def test_the_difference_map_of_a_plane_network_takes_the_largest_output():
    params = network((2, 8, 3))
    rng = np.random.default_rng(10)
    data = Dataset(rng.normal(size=(60, 2)), (np.arange(60) % 3).astype(float), CLASSIFICATION, n_classes=3)
    broken = make_move(params, "tanh", MoveSpec("flip", unit=1, variant="incoming_only")).after
    proof = prove(params, broken, "tanh", [data], display=20)
    grid = np.column_stack([np.meshgrid(proof.xs, proof.ys)[0].ravel(), np.meshgrid(proof.xs, proof.ys)[1].ravel()])
    expected = np.abs(forward(params, grid, "tanh") - forward(broken, grid, "tanh")).max(axis=1)
    np.testing.assert_allclose(proof.difference.ravel(), expected, rtol=0, atol=1e-15)


def test_the_lesson_runs_on_a_64_32_10_network():
    params = network()
    train, test = _digits_like()
    result = run_lesson(params, "tanh", [train, test], [MoveSpec("random_element", seed=11), MoveSpec("canonical")])
    assert result.is_twin and result.proof.gap < 1e-13 and result.canonical_distance < 1e-12


@pytest.mark.parametrize("activation, widths", [("tanh", WIDTHS), ("relu", WIDTHS), ("tanh", (64, 8, 1))])
def test_the_random_twin_check_measures_what_it_says(activation, widths):
    from core.symmetry.twin_check import check_random_twin

    params = network(widths)
    check = check_random_twin(params, activation, X, rng=np.random.default_rng(12))
    assert check.twin.widths == widths and check.n_points == len(X)
    again = check.element.apply(params, activation)  # the reported element really makes the reported twin
    assert again.flatten().tobytes() == check.twin.flatten().tobytes()
    gaps = np.abs(forward(params, X, activation) - forward(check.twin, X, activation))
    assert check.output_gap == gaps.max() and check.output_gap < 1e-13
    assert check.same_predictions == len(X) and check.parameter_distance > 1.0 and check.canonical_distance < 1e-12
    with pytest.raises(ValueError, match=r"X has shape \(5, 3\): must have shape \(n_points, 64\)"):
        check_random_twin(params, activation, np.zeros((5, 3)), rng=np.random.default_rng(0))
