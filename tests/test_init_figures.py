"""Figure builders and exports of the lesson: frames, slider, legend, merge toggle, CSV/JSON."""

import csv
import io
import json
import re

import numpy as np
import pytest

from core.figures.init_animation import animation_figure
from core.figures.init_map import outcome_map
from core.figures.init_width import width_figure
from core.figures.init_zero import zero_figure
from core.init_regions.export import map_csv, map_json, width_csv, width_json
from core.init_regions.map import map_outcomes, train_map
from core.init_regions.map_words import MERGED_NAME, TWIN_PREFIX
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
    twin_entries = [n for n in _legend(plain) if n.startswith(tuple(TWIN_PREFIX + t for t in outcomes.twins.names))]
    assert len(twin_entries) == outcomes.twins_reached >= 2
    assert not [n for n in _legend(merged) if n.startswith(TWIN_PREFIX + "the teacher")]
    assert len([n for n in _legend(merged) if MERGED_NAME in n]) == 1
    heatmap = plain.data[0]
    assert heatmap.type == "heatmap" and np.asarray(heatmap.z).shape == (13, 13)
    assert "final loss" in heatmap.text[0][0]
    assert any("mirror line" in (t.name or "") for t in plain.data)
    assert not any("mirror line" in (t.name or "") for t in outcome_map(result, outcomes, overlays=False).data)


def _svg_geometry(fig, width: int) -> tuple[float, float, float]:
    """(baseline of the x-axis title, top of the legend, bottom of the legend) in the figure as Chromium draws it."""
    svg = fig.to_image(format="svg", width=width, height=fig.layout.height).decode()
    top = float(re.search(r'<g class="legend"[^>]*translate\([\d.]+,([\d.]+)\)', svg).group(1))
    height = float(re.search(r'<g class="legend".*?<rect class="bg"[^>]*height="([\d.]+)"', svg).group(1))
    baseline = float(re.search(r'class="xtitle" x="[\d.]+" y="([\d.]+)"', svg).group(1))
    return baseline, top, top + height


@pytest.mark.parametrize("width, merged", [(420, False), (700, True), (1100, False)])
def test_the_map_legend_sits_below_the_axis_title_and_inside_the_figure(small_map, width, merged):
    """Drawn by Chromium (kaleido): the legend never covers the axes, whatever the column width."""
    pytest.importorskip("kaleido")
    result, outcomes = small_map
    fig = outcome_map(result, outcomes, merged=merged)
    assert not fig.layout.legend.title.text  # the rule is the caption under the map, not a legend title
    try:
        baseline, top, bottom = _svg_geometry(fig, width)
    except (RuntimeError, OSError) as error:  # no Chromium for kaleido on this machine
        pytest.skip(f"kaleido cannot render here: {error}")
    font = fig.layout.xaxis.title.font.size or 16
    assert top >= baseline + font / 3, (baseline, top)  # below the title's descenders
    assert bottom <= fig.layout.height + 0.5


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
    assert len(list(csv.DictReader(io.StringIO(width_csv(sweep))))) == 2 * len(sweep.spec.budgets)  # one row per width and budget
    assert json.loads(width_json(sweep))["rows"][0]["starts"] == 10
    demo = zero_init_demo("constant", 3, steps=20)
    assert len(zero_figure(demo).data) == len(demo.shown_steps) * (3 + 2)


def test_the_figures_name_the_axes_in_the_matrix_convention(small_map):
    """Hidden units count from 1, matrices and bias vectors from 0: the link key b1 is shown as b₀[1]."""
    result, outcomes = small_map
    assert (result.spec.x_key, result.spec.y_key) == ("b1", "b2")
    fig = outcome_map(result, outcomes)
    assert fig.layout.xaxis.title.text == "bias of unit 1, b₀[1]"
    assert fig.layout.yaxis.title.text == "bias of unit 2, b₀[2]"
    hover = fig.data[0].text
    assert str(hover[0][0]).startswith("b₀[1] = ") and ", b₀[2] = " in str(hover[0][0])
    names = json.dumps([t.name for t in fig.data], ensure_ascii=False)
    assert "b1 ≥ b2" not in names and ("b₀[1] ≥ b₀[2]" in names) == (result.symmetry is not None)
    animation = animation_figure(result, outcomes, outcomes.twins.vectors)
    assert animation.layout.xaxis2.title.text == "b₀[1] now" and animation.layout.yaxis2.title.text == "b₀[2] now"
