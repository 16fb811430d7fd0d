"""Wider is easier? The width experiment measures what its words say (docs/theory.md#width-experiment).

Oracles: scipy's Wilson interval, the engine's forward pass one network at a time (for the grid
error), a least-squares solver run to convergence (for "narrower students cannot fit this
teacher"), and hand-made rows with known intervals (for every trend word).
"""

import dataclasses
import json
import math

import numpy as np
import pytest
from scipy.stats import binomtest

from core.bounds.volume import wilson_interval
from core.engine.init_schemes import init_params
from core.engine.mlp import Params, forward
from core.figures.init_width import width_figure
from core.init_regions.results import WidthResult, WidthRow
from core.init_regions.width_experiment import run_width_experiment, starts_rng, summarise_cell
from core.init_regions.width_floor import NarrowFloor, best_fit, narrow_floor
from core.init_regions.width_report import (
    DIP,
    HIGHER,
    LOWER,
    NO_TREND,
    PEAK,
    floor_phrase,
    floor_sentence,
    interior_extreme,
    narrow_rows_sentence,
    trend,
    trend_sentences,
    width_alt,
)
from core.init_regions.width_spec import LESSON_SPEC, WidthSpec, check_width_spec
from core.init_regions.width_task import (
    GRID_POINTS,
    RECOVERY_GRID,
    TEACHER_TASKS,
    grid_errors,
    recovered,
    teacher_on_grid,
    width_teacher,
    width_training_data,
)


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


# ---------------------------------------------------------------- the task and its success rule

@pytest.mark.parametrize("width", [1, 2, 3, 7, 64])
def test_grid_error_is_the_largest_gap_computed_one_network_at_a_time(width):
    generator = np.random.default_rng(width)
    students = [init_params((1, width, 1), scheme="uniform", scale=2.0, rng=generator) for _ in range(70)]
    flat = np.array([p.flatten() for p in students])
    target = forward(width_teacher("teacher3"), RECOVERY_GRID[:, None], "tanh")[:, 0]
    expected = [np.max(np.abs(forward(Params.unflatten(row, (1, width, 1)), RECOVERY_GRID[:, None], "tanh")[:, 0]
                              - target)) for row in flat]
    flat[3, 0] = np.nan  # a non-finite start never recovers anything
    errors = grid_errors(flat, width, "teacher3")
    assert errors[3] == np.inf
    np.testing.assert_allclose(np.delete(errors, 3), np.delete(expected, 3), rtol=1e-12, atol=1e-12)


def test_the_teacher_itself_and_its_padded_copies_recover_it_exactly():
    teacher = width_teacher("teacher3")
    w0, b0, w1 = (np.asarray(a) for a in (teacher.weights[0], teacher.biases[0], teacher.weights[1]))
    padded = Params((np.vstack([w0, [[5.0]], [[-1.0]]]), np.hstack([w1, [[0.0, 0.0]]])),
                    (np.hstack([b0, [0.3, 2.0]]), teacher.biases[1]))  # two extra units switched off
    split = Params((np.vstack([w0, w0[:1]]), np.hstack([w1[:, :1] * 0.3, w1[:, 1:], w1[:, :1] * 0.7])),
                   (np.hstack([b0, b0[:1]]), teacher.biases[1]))  # unit 1 split in two: same function
    assert grid_errors(teacher.flatten()[None], 3, "teacher3")[0] < 1e-15
    assert grid_errors(padded.flatten()[None], 5, "teacher3")[0] < 1e-15
    assert grid_errors(split.flatten()[None], 4, "teacher3")[0] < 1e-15


def test_the_grid_is_dense_and_held_out_from_the_training_points():
    x = width_training_data("teacher3", 40).X[:, 0]
    assert len(RECOVERY_GRID) == GRID_POINTS == 1001
    on_training_points = np.isclose(RECOVERY_GRID[:, None], x[None, :], atol=1e-12).any(axis=1)
    assert on_training_points.sum() == 2  # the two endpoints only
    assert np.max(np.diff(RECOVERY_GRID)) < np.min(np.diff(x)) / 20


def test_the_success_rule_is_the_tolerance_inclusive_and_finite_only():
    errors = np.array([0.0, 0.05, 0.0500001, np.inf, np.nan])
    np.testing.assert_array_equal(recovered(errors, 0.05), [True, True, False, False, False])


@pytest.mark.parametrize("task", list(TEACHER_TASKS))
def test_narrower_students_cannot_fit_the_teacher_even_with_a_long_budget(task):
    """The experiment's claim "the narrower students cannot recover this teacher", shown: the best of many
    least-squares fits run to convergence stays at least three times the tolerance away, for each narrow width."""
    floors = narrow_floor(task, LESSON_SPEC.n_points)
    assert [f.width for f in floors] == list(range(1, TEACHER_TASKS[task]))
    for floor in floors:
        assert floor.best_grid_error > 3 * LESSON_SPEC.tolerance, floor
        assert floor.best_train_mse > 2e-3, floor
    # the same solver does recover the teacher at its own width: the floor is about width, not the solver
    exact = best_fit(task, LESSON_SPEC.n_points, TEACHER_TASKS[task], starts=40)
    assert exact.best_grid_error < 1e-6 and exact.best_train_mse < 1e-12


def test_the_experiments_training_data_are_the_floors_teacher():
    """The floor is computed on the very points the experiment trains on (same teacher, same n_points)."""
    data = width_training_data(LESSON_SPEC.task, LESSON_SPEC.n_points)
    np.testing.assert_array_equal(data.X[:, 0], np.linspace(-2, 2, LESSON_SPEC.n_points))
    np.testing.assert_array_equal(teacher_on_grid(LESSON_SPEC.task),
                                  forward(width_teacher(LESSON_SPEC.task), RECOVERY_GRID[:, None], "tanh")[:, 0])


# ---------------------------------------------------------------- a small live run

@pytest.fixture(scope="module")
def small_run():
    spec = WidthSpec(widths=(1, 2, 3, 8), schemes=("constant", "uniform"), seeds=24, steps=400)
    return run_width_experiment(spec)


def test_rows_cover_every_scheme_width_and_budget_with_correct_intervals(small_run):
    spec = small_run.spec
    assert spec.budgets == (100, 200, 400)
    assert [(r.scheme, r.width, r.budget) for r in small_run.rows] == [
        (s, w, b) for s in spec.schemes for w in spec.widths for b in spec.budgets]
    for row in small_run.rows:
        ci = binomtest(row.successes, row.n_starts).proportion_ci(method="wilson")
        assert (row.low, row.high) == (pytest.approx(ci.low, abs=1e-6), pytest.approx(ci.high, abs=1e-6))
        assert row.successes == 0 or row.best_error <= spec.tolerance


def test_constant_and_narrow_starts_never_recover_the_teacher(small_run):
    assert all(row.successes == 0 for row in small_run.curve("constant"))
    assert all(row.successes == 0 for row in small_run.rows if row.width < small_run.spec.teacher_width)
    narrow_best = min(row.best_error for row in small_run.rows if row.width == 2)
    assert narrow_best >= narrow_floor("teacher3", 40)[1].best_grid_error - 1e-3  # Adam does no better than LM


def test_summarise_cell_counts_by_the_rule():
    errors = np.array([0.01, 0.05, 0.2, np.inf, 0.03])
    diverged = np.array([False, False, False, True, False])
    row = summarise_cell("he", 4, 100, np.array([1e-4, 1e-3, 0.1, np.nan, 1e-5]), errors, diverged, 0.05)
    assert (row.successes, row.n_starts, row.diverged) == (3, 5, 1)
    assert (row.best_error, row.best_loss) == (0.01, 1e-5)
    assert row.median_error == pytest.approx(np.median([0.01, 0.05, 0.2, 0.03]))


def test_representative_starts_keep_uniform_draws_for_research_runs():
    a = starts_rng(0, "uniform", 3).uniform(size=4)
    b = starts_rng(0, "representative", 3).uniform(size=4)
    np.testing.assert_array_equal(a, b)
    assert "representative" not in LESSON_SPEC.schemes  # the lesson no longer compares them


def test_substreams_are_independent_per_width_and_scheme():
    assert starts_rng(0, "xavier", 3).uniform() != starts_rng(0, "xavier", 4).uniform()
    assert starts_rng(0, "xavier", 3).uniform() != starts_rng(0, "he", 3).uniform()


# ---------------------------------------------------------------- words follow numbers

def _row(width: int, successes: int, budget: int = 100, n: int = 100, scheme: str = "uniform") -> WidthRow:
    low, high = wilson_interval(successes, n)
    return WidthRow(scheme, width, budget, successes, n, low, high, 0.1, 0.01, 1e-4, 0)


def _result(curve: dict[int, int]) -> WidthResult:
    spec = WidthSpec(widths=tuple(curve), schemes=("uniform",), seeds=100, steps=100)
    rows = tuple(_row(w, s, budget=b) for w, s in curve.items() for b in spec.budgets)
    return WidthResult(spec, rows)


@pytest.mark.parametrize("curve, expected", [
    ({1: 0, 3: 20, 32: 80}, HIGHER),
    ({1: 0, 3: 80, 32: 20}, LOWER),
    ({1: 0, 3: 50, 32: 60}, NO_TREND),    # intervals overlap
    ({1: 0, 2: 0, 3: 50}, NO_TREND),      # nothing wider than the teacher
    ({3: 0, 32: 0}, NO_TREND),
    ({3: 100, 64: 0}, LOWER),
    ({3: 67, 4: 66, 6: 82, 8: 82, 16: 58, 32: 19}, LOWER),  # the shipped uniform curve: up, then down
])
def test_trend_words_follow_the_intervals_and_the_sentences_follow_trend(curve, expected):
    result = _result(curve)
    assert trend(result, "uniform") == expected
    trends = {("uniform", b): trend(result, "uniform", b) for b in result.spec.budgets}
    text = " ".join(trend_sentences(result, trends))
    wide = max(curve)
    if wide > 3 and not any(curve.values()):  # a curve of zeros is said plainly, not "no clear difference"
        assert "no start recovered the teacher at any width: Uniform" in text and "no clear difference" not in text
    elif wide > 3:
        said = {HIGHER: f"higher at width {wide} than at width 3 (95% intervals apart): Uniform",
                LOWER: f"lower at width {wide} than at width 3 (95% intervals apart): Uniform",
                NO_TREND: f"no clear difference between width 3 and width {wide} (intervals overlap): Uniform"}
        assert said[expected] in text
    else:
        assert "no width above the teacher" in text
    for word in ("rises", "falls", "rise ", "fall "):  # the ends say nothing about the widths in between
        assert word not in text


@pytest.mark.parametrize("curve, expected", [
    ({1: 0, 3: 20, 8: 90, 32: 20}, (PEAK, 8)),      # apart from both ends: said
    ({1: 0, 3: 90, 8: 10, 32: 90}, (DIP, 8)),
    ({3: 67, 4: 66, 6: 82, 8: 82, 16: 58, 32: 19}, None),  # 82 vs 67: intervals overlap, so no peak is claimed
    ({3: 20, 8: 90, 32: 85}, None),                  # above one end only
    ({3: 20, 32: 80}, None),                         # nothing in between
    ({3: 50, 4: 50, 32: 50}, None),                  # flat
])
def test_a_peak_is_named_only_when_its_interval_is_apart_from_both_ends(curve, expected):
    result = _result(curve)
    found = interior_extreme(result, "uniform")
    assert (None if found is None else (found[0], found[1].width)) == expected
    trends = {("uniform", b): trend(result, "uniform", b) for b in result.spec.budgets}
    text = " ".join(trend_sentences(result, trends))
    assert ("peaks in between" in text) == (expected is not None and expected[0] == PEAK)
    assert ("dips in between" in text) == (expected is not None and expected[0] == DIP)
    if expected is not None:
        assert f"{curve[expected[1]]} of 100 at width {expected[1]}, against {curve[3]} at width 3" in text


def test_the_peak_words_agree_with_brute_force_interval_checks_on_random_curves():
    """Oracle: for random curves, a peak is named iff some interior width's interval lies above both ends'."""
    from core.bounds.volume import wilson_interval

    generator = np.random.default_rng(5)
    for _ in range(300):
        widths = (3, 4, 8, 16, 32)
        curve = dict(zip(widths, generator.integers(0, 101, len(widths)).tolist()))
        result = _result(curve)
        found = interior_extreme(result, "uniform")
        box = {w: wilson_interval(c, 100) for w, c in curve.items()}
        ends_high = max(box[3][1], box[32][1])
        best = max((4, 8, 16), key=lambda w: curve[w])
        assert (found is not None and found[0] == PEAK) == (box[best][0] > ends_high)
        if found is not None:
            assert found[1].width in (4, 8, 16)


@pytest.mark.parametrize("best", [0.2, 0.17321571378978207, 0.051, 0.05, 0.01])
def test_the_floor_phrase_hedges_and_quotes_the_computed_floor(best):
    floors = (NarrowFloor(1, 200, 4000, 0.4, 1.0), NarrowFloor(2, 200, 4000, 0.009, best))
    text = floor_phrase(floors, 0.05)
    assert f"width 1: grid error 1; width 2: grid error {best:.2g}" in text
    if best > 0.05:
        assert f"stays {best / 0.05:.1f}× the tolerance away" in text and "best found, not proven" in text
    else:
        assert "came within the tolerance" in text and "stays" not in text


@pytest.mark.parametrize("best, says_far", [(0.2, True), (0.051, True), (0.05, False), (0.01, False)])
def test_the_floor_sentence_says_far_only_when_the_numbers_are(best, says_far):
    floors = (NarrowFloor(1, 200, 4000, 0.4, 1.0), NarrowFloor(2, 200, 4000, 0.009, best))
    text = floor_sentence(floors, 0.05)
    assert ("no narrower student gets near" in text) == says_far
    assert ("does not demand the teacher's width" in text) == (not says_far)
    assert f"{best / 0.05:.1f}×" in text if says_far else True


def test_the_narrow_sentence_counts_the_rows(small_run):
    text = narrow_rows_sentence(small_run)
    starts = sum(r.n_starts for r in small_run.rows if r.width < 3 and r.budget == 400)
    assert text.startswith(f"In this run, 0 of {starts:,} starts narrower than the teacher recovered it")


# ---------------------------------------------------------------- the figure and its words

def test_the_figure_has_one_panel_per_budget_and_no_volume_curve(small_run):
    figure = width_figure(small_run)
    titles = [a.text for a in figure.layout.annotations]
    assert [t for t in titles if t.startswith("after")] == ["after 100 steps", "after 200 steps", "after 400 steps"]
    text = json.dumps(figure.to_plotly_json(), default=str)
    assert "paper's quantity" not in text and "1/d!" not in text and "effective volume" not in text
    assert len(figure.data) == len(small_run.spec.schemes) * len(small_run.spec.budgets)
    first_panel = [t for t in figure.data if t.xaxis == "x"]
    assert list(first_panel[1].y) == [r.share for r in small_run.curve("uniform", 100)]
    alt = width_alt(small_run)
    assert "recovered the 3-unit teacher's function" in alt and "After 400 steps" in alt


def test_the_lesson_spec_fits_its_budget_and_the_cap_names_what_to_reduce():
    with pytest.raises(ValueError, match="use fewer starts, steps, schemes or wide widths"):
        check_width_spec(dataclasses.replace(LESSON_SPEC, seeds=1000, steps=5000))
    check_width_spec(LESSON_SPEC)  # the default fits


@pytest.mark.parametrize("curve, says", [
    ({1: 0, 3: 0, 32: 0}, "Uniform on [-B, B]: no start recovered the teacher at any width"),
    ({1: 100, 3: 100, 32: 100}, "Uniform on [-B, B]: 100% at every width (100 of 100 each)"),
    ({1: 40, 3: 40}, "Uniform on [-B, B]: 40% at every width (40 of 100 each)"),
    ({1: 0, 3: 67, 32: 19}, "Uniform on [-B, B] 0% at width 1, highest 67% at width 3, 19% at width 32"),
    ({1: 0, 3: 20, 32: 80}, "Uniform on [-B, B] 0% at width 1, 80% at width 32"),  # highest at an end: not repeated
])
def test_the_figure_words_say_a_flat_curve_plainly(curve, says):
    alt = width_alt(_result(curve))
    assert alt.count(says) == len(_result(curve).spec.budgets)
    assert "highest 0%" not in alt


def test_the_shipped_constant_curves_read_as_never_recovered():
    """Shipped data: every Constant curve is all zeros, and the words say so (and nothing like 'highest 0%')."""
    from core.init_regions.shipped import SHIPPED_SPECS, precomputed_for

    checked = 0
    for spec in SHIPPED_SPECS:
        result = precomputed_for(spec)
        if result is None or "constant" not in spec.schemes:
            continue
        checked += 1
        alt = width_alt(result)
        for budget in spec.budgets:
            rows = result.curve("constant", budget)
            assert rows and all(row.successes == 0 for row in rows)
        assert alt.count("Constant (units identical): no start recovered the teacher at any width") == len(
            spec.budgets)
        assert "highest 0%" not in alt
    assert checked >= 1
