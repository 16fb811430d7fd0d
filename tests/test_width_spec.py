"""The width experiment's one spec (WidthSpec) and its one check, at lesson and at research scale.

Research results folders are named by the spec's hash, so the hash of a spec must not change when
the spec classes are reorganised: the oracle is the canonical JSON of the research spec (its keys,
default group 250, and the step budgets derived from its steps), hashed here by hand.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path

import pytest

from core.init_regions.width_spec import LESSON_SPEC, RESEARCH_GROUP, WidthSpec, check_width_spec
from core.sweeps.chunks import plan_chunks
from core.sweeps.spec import load_spec, spec_hash

ROOT = Path(__file__).resolve().parents[1]
RESEARCH_DEFAULTS = dict(
    task="teacher3", widths=[1, 2, 3, 4, 8, 16, 32, 64],
    schemes=["uniform", "xavier", "he", "orthogonal", "constant"], seeds=200, steps=1000,
    tolerance=0.05, optimizer="adam", learning_rate=0.1, init_scale=1.0, n_points=40, activation="tanh", seed=0,
    precision="float32", group=250, budgets=[250, 500, 1000],
)


def _canonical_hash(values: dict) -> str:
    return hashlib.sha256(json.dumps(values, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def test_a_spec_without_group_hashes_as_the_research_spec_always_did(tmp_path):
    empty = tmp_path / "empty.toml"
    empty.write_text("")
    expected = _canonical_hash(RESEARCH_DEFAULTS)
    assert spec_hash(load_spec(empty)) == expected
    assert spec_hash(WidthSpec()) == expected  # unchecked, from Python: the same hash a run records


def test_the_example_file_hashes_the_same_with_or_without_its_group_line(tmp_path):
    text = (ROOT / "docs" / "sweep_example.toml").read_text()
    without = tmp_path / "no_group.toml"
    without.write_text("\n".join(line for line in text.splitlines() if not line.startswith("group")))
    spec = load_spec(ROOT / "docs" / "sweep_example.toml")
    assert spec.group == RESEARCH_GROUP == 250
    assert spec_hash(load_spec(without)) == spec_hash(spec) == _canonical_hash(
        {**spec.as_dict(), "budgets": list(spec.budgets)})


def test_a_research_check_sets_the_default_group_and_keeps_a_given_one():
    assert check_width_spec(WidthSpec(), scale="research").group == RESEARCH_GROUP
    given = WidthSpec(widths=(1, 4), seeds=8, group=4)
    assert check_width_spec(given, scale="research") is given


def test_a_lesson_run_refuses_a_group_by_name():
    with pytest.raises(ValueError, match="group 250: the lesson trains each width's starts in one batch"):
        check_width_spec(dataclasses.replace(LESSON_SPEC, group=250))


def test_planning_chunks_needs_a_checked_research_spec():
    with pytest.raises(ValueError, match="group None: a research run needs the spec checked"):
        plan_chunks(WidthSpec())
    assert plan_chunks(check_width_spec(WidthSpec(widths=(2,), schemes=("he",), seeds=10), scale="research"))


def test_lists_become_tuples_and_bad_entries_are_named_before_duplicates():
    checked = check_width_spec(dataclasses.replace(LESSON_SPEC, widths=[1, 3], schemes=["uniform"]))
    assert (checked.widths, checked.schemes) == ((1, 3), ("uniform",))
    with pytest.raises(TypeError, match=r"width \[1\]: must be an integer"):
        check_width_spec(dataclasses.replace(LESSON_SPEC, widths=([1],)))
    with pytest.raises(ValueError, match=r"widths \[3, 3\]: each entry at most once"):
        check_width_spec(dataclasses.replace(LESSON_SPEC, widths=(3, 3)))


@pytest.mark.parametrize("steps, budgets", [(1000, (250, 500, 1000)), (300, (75, 150, 300)), (2, (1, 2)),
                                            (1, (1,)), (10, (2, 5, 10))])
def test_the_step_budgets_are_a_quarter_a_half_and_all_of_the_steps(steps, budgets):
    assert WidthSpec(steps=steps).budgets == budgets


def test_the_tolerance_is_a_grid_error_and_the_activation_the_teachers():
    with pytest.raises(ValueError, match=r"tolerance \(largest gap to the teacher on the grid\) 2.0"):
        check_width_spec(dataclasses.replace(LESSON_SPEC, tolerance=2.0))
    with pytest.raises(ValueError, match="activation 'sin': must be one of tanh"):
        check_width_spec(dataclasses.replace(LESSON_SPEC, activation="sin"))
