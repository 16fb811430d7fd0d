"""Figure builders and exports of the lesson: frames, slider, legend, merge toggle, CSV/JSON."""

import csv
import io
import json

import numpy as np
import pytest

from core.figures.init_animation import animation_figure
from core.figures.init_map import MERGED_NAME, outcome_map
from core.figures.init_width import width_figure
from core.figures.init_zero import zero_figure
from core.init_regions.export import map_csv, map_json, width_csv, width_json
from core.init_regions.map import map_outcomes, train_map
from core.init_regions.task import MapSpec
from core.init_regions.width_experiment import run_width_experiment
from core.init_regions.width_spec import WidthSpec
from core.init_regions.zero_init import zero_init_demo


@pytest.fixture(scope="module")
def small_map():
    result = train_map(MapSpec(resolution=13, steps=150, n_frames=8))
    return result, map_outcomes(result)


def _legend(fig):
    return [t.name for t in fig.data if t.showlegend is not False and t.name and t.type == "scatter"]


def test_the_map_shows_each_outcome_and_the_merge_toggle_collapses_the_twins(small_map):
    result, outcomes = small_map
    plain, merged = outcome_map(result, outcomes), outcome_map(result, outcomes, merged=True)
    twin_entries = [n for n in _legend(plain) if n.startswith("found:")]
    assert len(twin_entries) >= 2
    assert [n for n in _legend(merged) if n.startswith("found")] == [n for n in _legend(merged) if MERGED_NAME in n]
    assert len([n for n in _legend(merged) if MERGED_NAME in n]) == 1
    heatmap = plain.data[0]
    assert heatmap.type == "heatmap" and np.asarray(heatmap.z).shape == (13, 13)
    assert "final loss" in heatmap.text[0][0]
    assert any("mirror line" in (t.name or "") for t in plain.data)
    assert not any("mirror line" in (t.name or "") for t in outcome_map(result, outcomes, overlays=False).data)


def test_the_animation_has_one_frame_per_recorded_step_and_play_controls(small_map):
    result, outcomes = small_map
    fig = animation_figure(result, outcomes, outcomes.twins.vectors)
    assert len(fig.frames) == len(result.frame_steps) >= 5
    assert [f.name for f in fig.frames] == [str(int(t)) for t in result.frame_steps]
    assert all(list(f.traces) == [0, 1, 2] for f in fig.frames)
    assert [b.label for b in fig.layout.updatemenus[0].buttons] == ["Play", "Pause"]
    assert len(fig.layout.sliders[0].steps) == len(fig.frames)
    first, last = np.asarray(fig.frames[0].data[0].z), np.asarray(fig.frames[-1].data[0].z)
    assert np.nanmean(last) < np.nanmean(first)  # training lowers the loss across the map


def test_exports_round_trip(small_map):
    result, outcomes = small_map
    rows = list(csv.DictReader(io.StringIO(map_csv(result, outcomes))))
    assert len(rows) == 169 and {"x", "y", "outcome", "final_loss", "trained"} <= set(rows[0])
    payload = json.loads(map_json(result, outcomes))
    assert payload["settings"]["resolution"] == 13 and len(payload["twins"]) == 8
    assert payload["network_steps"]["trained"] < payload["network_steps"]["full_map"]


def test_width_and_zero_figures_build():
    sweep = run_width_experiment(WidthSpec(widths=(1, 3), schemes=("uniform",), seeds=10, steps=30))
    fig = width_figure(sweep)
    assert any(t.error_y and t.error_y.array is not None for t in fig.data)
    assert len(list(csv.DictReader(io.StringIO(width_csv(sweep))))) == 2
    assert json.loads(width_json(sweep))["rows"][0]["starts"] == 10
    demo = zero_init_demo("constant", 3, steps=20)
    assert len(zero_figure(demo).data) == len(demo.shown_steps) * (3 + 2)
