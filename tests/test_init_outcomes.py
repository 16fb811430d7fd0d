"""Outcome classification on constructed cases: twins, stuck, merged, diverged, another fit."""

import numpy as np
import pytest
import torch

from core import rng
from core.engine.batched import train_batch
from core.engine.mlp import Params
from core.init_regions.outcomes import (
    DIVERGED,
    OTHER_FIT,
    STUCK,
    STUCK_MERGED,
    classify,
    group_elements,
    merge_twins,
    twin_relabelling,
    twins_of,
)
from core.init_regions.shortcut import swap_permutation
from core.init_regions.task import teacher_data, teacher_params
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
    assert twins.names[0] == "the target itself"
    data = teacher_data(teacher_params(2), 40)
    for vector in twins.vectors:  # every twin computes the teacher's function: zero loss
        out = Params.unflatten(vector, WIDTHS)
        np.testing.assert_allclose(out.weights[1] @ np.tanh(out.weights[0] @ data.X.T + out.biases[0][:, None])
                                   + out.biases[1][:, None], data.y[None, :], atol=1e-12)


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


def test_without_a_teacher_a_far_fit_is_another_fit(twins):
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
    assert twins.names[relabel[0]] == "units 2 1, signs + +"
