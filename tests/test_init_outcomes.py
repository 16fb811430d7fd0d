"""Outcome classification on constructed cases: at a twin, low loss not at a twin, stuck, merged, diverged."""

import math
import re

import numpy as np
import pytest
import torch

from core import rng
from core.engine.batched import train_batch
from core.engine.mlp import Params
from core.init_regions.map import map_outcomes, train_map
from core.init_regions.outcomes import (
    CODE_NAMES,
    DIVERGED,
    OTHER_FIT,
    STUCK,
    STUCK_MERGED,
    TWIN_MARGIN,
    TWIN_RADIUS,
    classify,
    group_elements,
    merge_twins,
    twin_relabelling,
    twins_of,
)
from core.init_regions.shortcut import swap_permutation
from core.init_regions.task import MapSpec, teacher_data, teacher_params
from core.symmetry.canonical import canonical_form

WIDTHS = (1, 2, 1)


@pytest.fixture
def twins():
    return twins_of(teacher_params(2), "tanh")


def _classify(final, loss, twins, diverged=None, **kw):
    final, loss = np.atleast_2d(final), np.atleast_1d(np.asarray(loss, dtype=float))
    diverged = np.full(len(loss), -1) if diverged is None else np.asarray(diverged)
    return classify(final, loss, diverged, twins, WIDTHS, loss_tol=1e-3, **kw).codes


def test_a_generic_teacher_has_all_eight_twins(twins):
    assert len(group_elements(2, "tanh")) == 8 and len(twins.vectors) == 8
    assert twins.names[0] == "the target"
    data = teacher_data(teacher_params(2), 40)
    for vector in twins.vectors:  # every twin computes the teacher's function: zero loss
        out = Params.unflatten(vector, WIDTHS)
        np.testing.assert_allclose(out.weights[1] @ np.tanh(out.weights[0] @ data.X.T + out.biases[0][:, None])
                                   + out.biases[1][:, None], data.y[None, :], atol=1e-12)


def _twin_from_words(name: str, reference: Params) -> np.ndarray:
    """An independent reading of a twin's name: flip the named units' rows, bias and column, then reorder."""
    w0, b0 = reference.weights[0].copy(), reference.biases[0].copy()
    w1, b1 = reference.weights[1].copy(), reference.biases[1].copy()
    assert name.startswith("the teacher")
    for step in name.removeprefix("the teacher").removeprefix(" with ").split(", then "):
        numbers = [int(n) - 1 for n in re.findall(r"\d+", step)]
        if step.endswith("'s signs flipped"):
            w0[numbers], b0[numbers], w1[:, numbers] = -w0[numbers], -b0[numbers], -w1[:, numbers]
        elif step.endswith(" swapped"):
            assert len(numbers) == 2
            order = list(range(len(b0)))
            order[numbers[0]], order[numbers[1]] = numbers[1], numbers[0]
            w0, b0, w1 = w0[order], b0[order], w1[:, order]
        elif step.startswith("units in the order "):
            w0, b0, w1 = w0[numbers], b0[numbers], w1[:, numbers]
        else:
            assert step == "", f"unreadable twin name {name!r}"
    return Params((w0, w1), (b0, b1)).flatten()


@pytest.mark.parametrize("width", [2, 3])
def test_each_twin_is_named_in_words_that_rebuild_it(width):
    """Read back by hand, each name gives exactly its twin; names are distinct, plain and legend-short."""
    teacher = teacher_params(width)
    named = twins_of(teacher, "tanh", "the teacher")
    assert named.names[0] == "the teacher"
    assert len(set(named.names)) == len(named.names) == 2 ** width * math.factorial(width)
    for name, vector in zip(named.names, named.vectors):
        np.testing.assert_array_equal(_twin_from_words(name, teacher), vector)
        assert "+" not in name and "−" not in name and len(name) <= 90
    assert "the teacher with units 1 and 2 swapped" in named.names
    assert "the teacher with unit 2's signs flipped" in named.names


def test_tied_units_give_fewer_distinct_twins():
    tied = Params((np.array([[1.0], [1.0]]), np.array([[0.5, 0.5]])), (np.array([0.2, 0.2]), np.zeros(1)))
    assert len(twins_of(tied, "tanh").vectors) < 8


def test_a_final_point_equal_to_a_twin_is_that_twin(twins):
    codes = _classify(twins.vectors, np.zeros(len(twins.vectors)), twins)
    assert list(codes) == list(range(len(twins.vectors)))


def test_a_start_equal_to_a_twin_trains_in_place_and_is_classified_as_that_twin(twins):
    data = teacher_data(teacher_params(2), 40)
    starts = [Params.unflatten(v, WIDTHS) for v in twins.vectors]
    result = train_batch(starts, data, steps=20, activation="tanh", optimizer="gd", learning_rate=0.5,
                         rng=rng.stream(0, "train"), snapshot_steps=(20,), dtype=torch.float64)
    codes = classify(result.snapshots[20], result.final_loss, result.diverged_at, twins, WIDTHS, loss_tol=1e-3).codes
    assert list(codes) == list(range(8))


def test_near_a_twin_with_small_loss_is_that_twin(twins):
    nudged = twins.vectors[5] + 0.01
    assert _classify(nudged, 1e-5, twins)[0] == 5


def test_divergence_in_any_form_is_diverged(twins):
    point = twins.vectors[0]
    assert _classify(point, 0.0, twins, diverged=[12])[0] == DIVERGED
    assert _classify(point, np.nan, twins)[0] == DIVERGED
    assert _classify(point, 1e9, twins)[0] == DIVERGED


def test_identical_or_opposite_units_above_tolerance_are_stuck_merged(twins):
    same = Params((np.array([[1.0], [1.0]]), np.array([[0.4, 0.4]])), (np.array([0.3, 0.3]), np.zeros(1))).flatten()
    opposite = Params((np.array([[1.0], [-1.0]]), np.array([[0.4, -0.4]])), (np.array([0.3, -0.3]), np.zeros(1))).flatten()
    apart = Params((np.array([[1.0], [-0.2]]), np.array([[0.4, 0.9]])), (np.array([0.3, 0.1]), np.zeros(1))).flatten()
    codes = _classify(np.stack([same, opposite, apart]), [0.1, 0.1, 0.1], twins)
    assert list(codes) == [STUCK_MERGED, STUCK_MERGED, STUCK]


def test_with_a_smaller_radius_a_far_fit_is_not_at_a_twin(twins):
    far = twins.vectors[0] + 3.0
    assert _classify(far, 1e-5, twins, twin_radius=0.5)[0] == OTHER_FIT
    assert _classify(twins.vectors[2], 1e-5, twins, twin_radius=0.5)[0] == 2


def test_merging_twins_is_colouring_by_canonical_form(twins):
    canonical = [canonical_form(Params.unflatten(v, WIDTHS), "tanh").flatten() for v in twins.vectors]
    for form in canonical:  # every twin has the teacher's canonical form ...
        np.testing.assert_allclose(form, canonical[0], atol=1e-12)
    codes = np.array([0, 3, 7, STUCK, DIVERGED])
    assert list(merge_twins(codes)) == [0, 0, 0, STUCK, DIVERGED]  # ... so merged they share one colour


def test_swapping_units_relabels_each_twin_as_its_swapped_twin(twins):
    relabel = twin_relabelling(twins, swap_permutation(WIDTHS, 1, 2))
    assert sorted(relabel) == list(range(8))  # a permutation of the twins
    assert all(relabel[relabel[k]] == k for k in range(8))  # the swap is an involution
    assert twins.names[relabel[0]] == "the target with units 1 and 2 swapped"


# ---------------------------------------------------------------- "at twin k": the rule (docs/theory.md#init-map)

def test_a_low_loss_start_equidistant_between_two_twins_is_not_at_a_twin(twins):
    """Halfway between two twins the colour would be arbitrary: neither twin is clearly the nearest."""
    for a, b in ((0, 1), (0, 4), (3, 6)):
        middle = (twins.vectors[a] + twins.vectors[b]) / 2
        gaps = np.abs(twins.vectors - middle).max(axis=1)
        assert np.isclose(np.sort(gaps)[0], np.sort(gaps)[1])  # truly equidistant from its two nearest twins
        assert _classify(middle, 1e-6, twins, twin_radius=10.0)[0] == OTHER_FIT


def test_a_low_loss_start_far_from_every_twin_is_low_loss_not_at_a_twin(twins):
    far = twins.vectors[3] + np.where(np.arange(twins.vectors.shape[1]) % 2, 0.6, -0.6)
    assert np.abs(twins.vectors - far).max(axis=1).min() > TWIN_RADIUS
    assert _classify(far, 1e-6, twins)[0] == OTHER_FIT
    assert CODE_NAMES[OTHER_FIT] == "low loss, not at a twin"


@pytest.mark.parametrize("k", range(8))
def test_a_start_near_twin_k_is_labelled_k(twins, k):
    rng_ = np.random.default_rng(k)
    near = twins.vectors[k] + rng_.uniform(-0.9, 0.9, twins.vectors.shape[1]) * TWIN_RADIUS
    assert _classify(near, 1e-6, twins)[0] == k


def test_just_outside_the_radius_or_the_margin_is_not_a_twin(twins):
    outside = twins.vectors[2] + np.r_[1.01 * TWIN_RADIUS, np.zeros(twins.vectors.shape[1] - 1)]
    assert _classify(outside, 1e-6, twins)[0] == OTHER_FIT
    # within the radius of twin 0 but not clearly nearer to it than to twin 1: ambiguous, so not a twin
    close_pair = twins_of(teacher_params(2), "tanh")
    a, b = close_pair.vectors[0], close_pair.vectors[1]
    between = a + 0.45 * (b - a)
    radius = 1.01 * np.abs(between - a).max()
    assert _classify(between, 1e-6, twins, twin_radius=radius)[0] == OTHER_FIT
    assert _classify(a + 0.2 * (b - a), 1e-6, twins, twin_radius=np.abs(b - a).max())[0] == 0


def _brute_force_distances(final, reference, activation):
    """Max-abs distance from each final point to every twin, the twins rebuilt from the group elements."""
    vectors = np.array([e.apply(reference, activation).flatten() for e in group_elements(reference.hidden_widths[0],
                                                                                        activation)])
    return np.abs(final[:, None, :] - vectors[None]).max(axis=2), vectors


@pytest.mark.parametrize("width", [2, 3])
def test_every_start_labelled_a_twin_on_the_map_is_within_the_radius_and_clearly_nearest(width):
    """The default map (and width 3): the labels obey the stated rule, re-derived by brute force."""
    result = train_map(MapSpec(width=width, resolution=31))
    outcomes = map_outcomes(result)
    gaps, vectors = _brute_force_distances(result.final, teacher_params(width), "tanh")
    ordered = np.sort(gaps, axis=1)
    for cell in np.flatnonzero(outcomes.codes >= 0):
        k = outcomes.codes[cell]
        own = np.abs(result.final[cell] - outcomes.twins.vectors[k]).max()
        assert own == ordered[cell, 0] <= TWIN_RADIUS and own <= TWIN_MARGIN * ordered[cell, 1]
    low_loss = (result.diverged_at < 0) & (result.final_loss < 1e-3)
    assert set(np.flatnonzero(low_loss)) == set(np.flatnonzero((outcomes.codes >= 0) | (outcomes.codes == OTHER_FIT)))
    # The old rule (nearest twin, however far) would have coloured every low-loss start as a twin; many are far.
    assert np.sum(low_loss & (ordered[:, 0] > TWIN_RADIUS)) > 0.3 * np.sum(low_loss)
