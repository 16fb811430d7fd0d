"""The swap-symmetric slice: mirror-symmetric maps, and the shortcut map equals the fully trained one."""

import dataclasses

import numpy as np
import pytest

from core.init_regions.map import grid_starts, map_outcomes, train_map
from core.init_regions.outcomes import twin_relabelling
from core.init_regions.shortcut import (
    compare_maps,
    find_swap_symmetry,
    mirror_cells,
    representative_cells,
    saving_factor,
    swap_permutation,
)
from core.init_regions.task import MapSpec, base_params

SMALL = MapSpec(resolution=15, steps=200)


@pytest.fixture(scope="module")
def full_map():
    return train_map(dataclasses.replace(SMALL, shortcut=False))


@pytest.fixture(scope="module")
def shortcut_map():
    return train_map(SMALL)


def test_swap_permutation_moves_both_units_parameters():
    perm = swap_permutation((1, 2, 1), 1, 2)
    # order: w1 w2 b1 b2 v1 v2 c
    assert list(perm) == [1, 0, 3, 2, 5, 4, 6]


def test_the_default_slice_is_swap_symmetric_and_others_are_not():
    spec = SMALL
    starts = grid_starts(spec, base_params(spec))
    xs = np.linspace(*spec.x_range, spec.resolution)
    assert find_swap_symmetry(spec.widths, 2, 3, starts[0], xs, xs).units == (1, 2)
    assert find_swap_symmetry(spec.widths, 2, 4, starts[0], xs, xs) is None        # b1 against v1
    assert find_swap_symmetry(spec.widths, 2, 3, starts[0], xs, xs + 0.1) is None  # unequal axes
    unequal = grid_starts(dataclasses.replace(spec, equalise=False), base_params(dataclasses.replace(spec, equalise=False)))
    assert find_swap_symmetry(spec.widths, 2, 3, unequal[0], xs, xs) is None       # units differ elsewhere


def test_mirror_cells_transpose_the_grid_and_the_representative_half_covers_it():
    R = 5
    mirror, half = mirror_cells(R), representative_cells(R)
    assert np.array_equal(mirror[mirror], np.arange(R * R))
    assert np.all(half | half[mirror])                       # every cell or its mirror is trained
    assert half.sum() == R * (R + 1) // 2
    assert saving_factor(61) >= 1.9 and saving_factor(101) >= 1.9


def test_the_fully_trained_map_is_mirror_symmetric_up_to_relabelling_twins(full_map):
    outcomes = map_outcomes(full_map)
    relabel = twin_relabelling(outcomes.twins, full_map.symmetry.perm)
    codes = outcomes.codes
    swapped = np.where(codes >= 0, relabel[np.maximum(codes, 0)], codes)
    assert np.array_equal(swapped[mirror_cells(full_map.resolution)], codes)
    assert len({c for c in codes if c >= 0}) >= 2      # the map really shows mirror-image twins
    assert (outcomes.counts().get(-2, 0)) >= full_map.resolution  # the diagonal: units merged


def test_the_shortcut_map_equals_the_fully_trained_map(full_map, shortcut_map):
    assert shortcut_map.trained.sum() < full_map.trained.sum() == full_map.trained.size
    a, b = map_outcomes(shortcut_map), map_outcomes(full_map)
    agreement = compare_maps(a.codes, b.codes, shortcut_map.final, full_map.final,
                             shortcut_map.final_loss, full_map.final_loss)
    assert agreement.identical
    assert agreement.max_param_difference < 1e-9 and agreement.max_loss_difference < 1e-12
    np.testing.assert_allclose(shortcut_map.frame_loss, full_map.frame_loss, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(shortcut_map.trajectories, full_map.trajectories, atol=1e-9)


def test_the_shortcut_trains_at_least_1_9_times_fewer_network_steps_on_the_default_grid(shortcut_map):
    assert shortcut_map.network_steps_full / shortcut_map.network_steps_trained == pytest.approx(saving_factor(15))
    default = MapSpec()
    trained = representative_cells(default.resolution).sum() * default.steps
    assert default.network_steps / trained >= 1.9


def test_without_symmetry_every_start_is_trained():
    spec = dataclasses.replace(SMALL, resolution=7, steps=20, y_key="v1")
    result = train_map(spec)
    assert result.symmetry is None and result.trained.all()


def test_merged_colours_are_canonical_forms_and_make_the_map_mirror_symmetric(full_map):
    """Oracle: core.symmetry.canonical, independent of the twin classification, agrees with the merged colour."""
    from core.engine.mlp import Params
    from core.init_regions.outcomes import merge_twins
    from core.init_regions.shortcut import mirror_cells
    from core.init_regions.task import teacher_params
    from core.symmetry.canonical import canonical_form

    spec, outcomes = full_map.spec, map_outcomes(full_map)
    merged = merge_twins(outcomes.codes)
    assert np.array_equal(merged, merged[mirror_cells(spec.resolution)])  # exactly, no relabelling needed
    teacher = teacher_params(spec.width)
    found = np.flatnonzero(outcomes.codes >= 0)
    assert len(set(outcomes.codes[found])) >= 2  # at least two different twins before merging
    raw, canonical = [], []
    for cell in found:
        final = Params.unflatten(full_map.final[cell], spec.widths)
        raw.append(np.linalg.norm(final.flatten() - teacher.flatten()))
        canonical.append(np.linalg.norm(canonical_form(final, spec.activation).flatten()
                                         - canonical_form(teacher, spec.activation).flatten()))
    # canonicalising collapses the twins onto the teacher: the merged colour is one orbit
    assert np.median(canonical) < 0.5 * np.median(raw)
