"""Wider is easier: Wilson intervals, the sweep's bookkeeping, the representative = uniform check, the cap."""

import dataclasses
import math

import numpy as np
import pytest
from scipy.stats import binomtest

from core.bounds.volume import one_layer_log10_fractions, wilson_interval
from core.init_regions.width_experiment import run_width_experiment, starts_rng, trend
from core.init_regions.width_spec import LESSON_SPEC, WidthSpec, check_width_spec


@pytest.mark.parametrize("successes, trials", [(0, 200), (1, 200), (57, 200), (199, 200), (200, 200), (3, 10), (1, 1)])
def test_wilson_interval_matches_scipy_and_the_formula(successes, trials):
    low, high = wilson_interval(successes, trials)
    ci = binomtest(successes, trials).proportion_ci(confidence_level=0.95, method="wilson")
    assert low == pytest.approx(ci.low, abs=1e-6) and high == pytest.approx(ci.high, abs=1e-6)
    p, z = successes / trials, 1.959963984540054  # direct formula
    centre = (p + z * z / (2 * trials)) / (1 + z * z / trials)
    half = z / (1 + z * z / trials) * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials))
    assert low == pytest.approx(max(0.0, centre - half), abs=1e-12)
    assert high == pytest.approx(min(1.0, centre + half), abs=1e-12)


@pytest.fixture(scope="module")
def small_sweep():
    spec = WidthSpec(widths=(1, 3, 8), schemes=("constant", "uniform", "representative"), seeds=24, steps=150)
    return run_width_experiment(spec)


def test_sweep_rows_carry_correct_wilson_intervals(small_sweep):
    assert len(small_sweep.rows) == 9
    for row in small_sweep.rows:
        ci = binomtest(row.successes, row.n_starts).proportion_ci(method="wilson")
        assert (row.low, row.high) == (pytest.approx(ci.low, abs=1e-6), pytest.approx(ci.high, abs=1e-6))


def test_constant_starts_never_fit_and_width_1_cannot(small_sweep):
    assert all(row.successes == 0 for row in small_sweep.curve("constant"))
    assert all(row.successes == 0 for row in small_sweep.rows if row.width == 1)  # the task needs 3 units


def test_representative_starts_are_sorted_uniform_starts_with_the_same_outcomes(small_sweep):
    uniform, representative = small_sweep.curve("uniform"), small_sweep.curve("representative")
    assert [r.successes for r in uniform] == [r.successes for r in representative]
    a = starts_rng(0, "uniform", 3).uniform(size=4)
    b = starts_rng(0, "representative", 3).uniform(size=4)
    np.testing.assert_array_equal(a, b)


def test_substreams_are_independent_per_width_and_scheme():
    assert starts_rng(0, "xavier", 3).uniform() != starts_rng(0, "xavier", 4).uniform()
    assert starts_rng(0, "xavier", 3).uniform() != starts_rng(0, "he", 3).uniform()


def test_trend_reads_the_intervals(small_sweep):
    assert trend(small_sweep, "constant") == "flat"
    assert trend(small_sweep, "uniform") in ("rises", "flat", "falls")


def test_effective_fraction_is_minus_log10_factorial():
    volume = one_layer_log10_fractions((1, 2, 10))
    np.testing.assert_allclose(volume["permutations"], [0.0, -math.log10(2), -math.log10(math.factorial(10))])
    np.testing.assert_allclose(volume["with_signs"] - volume["permutations"], [-math.log10(2) * d for d in (1, 2, 10)])


def test_the_sweep_work_cap_names_what_to_reduce():
    with pytest.raises(ValueError, match="use fewer starts, steps, schemes or wide widths"):
        check_width_spec(dataclasses.replace(LESSON_SPEC, seeds=1000, steps=5000))
    check_width_spec(LESSON_SPEC)  # the default fits
