"""Figure builders and exports of the lesson: frames, slider, legend, merge toggle, CSV/JSON."""

import csv
import dataclasses
import io
import json
import re

import numpy as np
import plotly.graph_objects as go
import pytest

from core.figures.init_animation import animation_figure
from core.figures.init_map import SPECIAL_COLOURS, outcome_map, outcome_style
from core.figures.init_width import width_figure
from core.figures.init_zero import zero_figure
from core.figures.theme import OKABE_ITO, projector
from core.init_regions.export import map_csv, map_json, width_csv, width_json
from core.init_regions.map import map_outcomes, train_map
from core.init_regions.map_words import MERGED_NAME, TWIN_PREFIX, twin_order_words, twin_signs_words
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
    reached = {int(c) for c in outcomes.codes if c >= 0}
    orders = {twin_order_words(outcomes.twins.elements[c].perms[0]) for c in reached}
    signs = {twin_signs_words(outcomes.twins.elements[c].signs[0]) for c in reached}
    assert outcomes.twins_reached >= 2
    assert {n.rsplit(": ", 1)[0] for n in _legend(plain)} >= orders | signs  # the key: colour = order, shape = signs
    assert not [n for n in _legend(merged) if n.startswith(TWIN_PREFIX + "the teacher")]
    assert len([n for n in _legend(merged) if MERGED_NAME in n]) == 1
    heatmap = plain.data[0]
    assert heatmap.type == "heatmap" and np.asarray(heatmap.z).shape == (13, 13)
    assert "final loss" in heatmap.text[0][0]
    assert any("mirror line" in (t.name or "") for t in plain.data)
    assert not any("mirror line" in (t.name or "") for t in outcome_map(result, outcomes, overlays=False).data)


def _svg_geometry(fig, width: int) -> tuple[float, float, float, float]:
    """(baseline of the x-axis title, top of the legend, bottom of the legend, lowest entry of the legend) in
    the figure as Chromium draws it. A legend taller than its box is clipped to it (a scroll box): its last
    entries then sit below the box's bottom, cut off."""
    svg = fig.to_image(format="svg", width=width, height=fig.layout.height).decode()
    legend = svg[svg.index('<g class="legend"'):]
    top = float(re.search(r'<g class="legend"[^>]*translate\([\d.]+,([\d.]+)\)', svg).group(1))
    height = float(re.search(r'<rect class="bg"[^>]*height="([\d.]+)"', legend).group(1))
    entries = [float(y) for y in re.findall(r'<g class="traces" transform="translate\([\d.]+,([\d.]+)\)"', legend)]
    baseline = float(re.search(r'class="xtitle" x="[\d.]+" y="([\d.]+)"', svg).group(1))
    return baseline, top, top + height, top + max(entries)


def every_outcome(result, outcomes):
    """``outcomes`` with its cells dealt round every outcome the map can show: each twin and each special."""
    codes = np.arange(len(outcomes.codes)) % (len(outcomes.twins.names) + 4) - 4
    return dataclasses.replace(outcomes, codes=codes)


@pytest.fixture(scope="module")
def width_three_map():
    """A 3-unit tanh map (48 twins), with its cells dealt round all 52 outcomes."""
    result = train_map(MapSpec(width=3, resolution=23, steps=60, n_frames=2))
    outcomes = map_outcomes(result)
    assert len(outcomes.twins.names) == 48  # 3! unit orders x 2^3 sign patterns
    return result, every_outcome(result, outcomes)


@pytest.mark.parametrize("case, width, merged, presenter", [
    ("small", 420, False, False), ("small", 700, True, False), ("small", 1100, False, False),
    ("all-48", 420, False, False), ("all-48", 700, False, False), ("all-48", 700, False, True),
])
def test_the_map_legend_sits_below_the_axis_title_and_inside_the_figure(small_map, width_three_map, case, width,
                                                                         merged, presenter):
    """Drawn by Chromium (kaleido): the legend never covers the axes nor scrolls, whatever the column width,
    even with all 52 outcomes of a 3-unit map and presenter mode's large type."""
    pytest.importorskip("kaleido")
    result, outcomes = small_map if case == "small" else width_three_map
    fig = outcome_map(result, outcomes, merged=merged)
    if presenter:
        fig = go.Figure(projector(fig))
    assert outcomes.rule() not in (fig.layout.legend.title.text or "")  # the rule is the caption under the map
    try:
        baseline, top, bottom, last_entry = _svg_geometry(fig, width)
    except (RuntimeError, OSError) as error:  # no Chromium for kaleido on this machine
        pytest.skip(f"kaleido cannot render here: {error}")
    font = fig.layout.xaxis.title.font.size or 16
    assert top >= baseline + font / 3, (baseline, top)  # below the title's descenders
    assert bottom <= fig.layout.height + 0.5
    assert last_entry < bottom, ("the key scrolls: its last entries are cut off", last_entry, bottom)


def _key_looks(fig) -> list[tuple[str, str]]:
    return [(t.marker.color, t.marker.symbol) for t in fig.data
            if t.type == "scatter" and t.showlegend is not False and t.mode == "markers"]


def test_no_two_outcomes_look_alike_on_a_three_unit_map(width_three_map):
    """Every outcome a map can show has its own (colour, marker shape), on the map and in its key; colours are
    Okabe-Ito's or greys, safe under the common colour-vision deficiencies."""
    result, outcomes = width_three_map
    looks = [outcome_style(outcomes, code) for code in range(-4, len(outcomes.twins.names))]
    assert len(set(looks)) == len(looks) == 52
    key = _key_looks(outcome_map(result, outcomes))
    assert len(key) == 6 + 8 + 4 and len(set(key)) == len(key), key  # orders, sign patterns, other outcomes
    assert {colour for colour, _ in looks} <= set(OKABE_ITO) | set(SPECIAL_COLOURS.values())
    fig = outcome_map(result, outcomes)  # on the map: each twin cell has its order's colour ...
    slots = np.asarray(fig.data[0].z).ravel()
    scale = [colour for _, colour in fig.data[0].colorscale[::2]]
    for code in range(len(outcomes.twins.names)):
        cells = np.flatnonzero(outcomes.codes == code)
        assert {scale[int(s)] for s in slots[cells]} == {outcome_style(outcomes, code)[0]}
    markers = {t.marker.symbol: t for t in fig.data if (t.name or "").startswith("sign marker")}
    for shape, trace in markers.items():  # ... and the white shape of its sign pattern on a sub-grid
        xs, ys = np.asarray(trace.x), np.asarray(trace.y)
        for x, y in zip(xs, ys):
            cell = int(np.argmin(np.abs(result.ys - y))) * result.resolution + int(np.argmin(np.abs(result.xs - x)))
            assert outcome_style(outcomes, int(outcomes.codes[cell]))[1] == shape
    assert len(markers) == 8
    marked = {int(outcomes.codes[int(np.argmin(np.abs(result.ys - y))) * result.resolution
                                 + int(np.argmin(np.abs(result.xs - x)))])
              for trace in markers.values() for x, y in zip(trace.x, trace.y)}
    assert marked == {int(c) for c in outcomes.codes if c >= 0}  # every twin on the map shows its shape somewhere


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


def test_a_twin_too_small_for_the_marker_grid_still_shows_its_shape(width_three_map, monkeypatch):
    import core.figures.init_map as init_map

    result, outcomes = width_three_map
    monkeypatch.setattr(init_map, "MARKERS_PER_AXIS", 5)  # a sparse grid: every 5th cell
    codes = np.full(len(outcomes.codes), -1)
    codes[1] = 7  # one cell, off the grid
    fig = outcome_map(result, dataclasses.replace(outcomes, codes=codes))
    shape = outcome_style(outcomes, 7)[1]
    traces = [t for t in fig.data if (t.name or "") == f"sign marker {shape}"]
    assert len(traces) == 1 and list(traces[0].x) == [result.xs[1]] and list(traces[0].y) == [result.ys[0]]
