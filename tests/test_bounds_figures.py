"""Figure builders and CSV export of the lesson "Count functions, not weights"."""

from __future__ import annotations

import base64
import csv
import dataclasses
import io
import json
import math

import numpy as np
import plotly.io as pio
import pytest

from core.bounds.export import WIDTH_COLUMNS, sample_size_csv, width_curves_csv
from core.bounds.report import bounds_report
from core.bounds.settings import BoundsSettings
from core.figures.bounds_covering import log_covering_figure, raw_covering_figure
from core.figures.bounds_generalisation import CHOSEN, generalisation_figure
from core.figures.bounds_markers import CURRENT, TRAINED
from core.figures.bounds_volume import volume_figure


@pytest.fixture(scope="module")
def report():
    return bounds_report(dataclasses.replace(BoundsSettings(), hidden=(16, 16)), trained=((2, 8, 8, 1), "relu"))


def markers(fig, name):
    return [trace for trace in fig.data if trace.meta == name]


def named(fig, prefix):
    return next(trace for trace in fig.data if trace.name.startswith(prefix))


@pytest.mark.parametrize("build", [log_covering_figure, raw_covering_figure, volume_figure])
def test_markers_sit_at_the_chosen_and_the_trained_widths(report, build):
    fig = build(report.curves, report.current, report.trained)
    assert {x for trace in markers(fig, CURRENT) for x in trace.x} == {16.0}
    assert {x for trace in markers(fig, TRAINED) for x in trace.x} == {8.0}
    assert fig.layout.xaxis.type == "log"
    assert any(shape.x0 == 16.0 for shape in fig.layout.shapes)  # the dotted line at the chosen width


def test_without_a_trained_network_there_is_no_trained_marker(report):
    fig = log_covering_figure(report.curves, report.current, None)
    assert markers(fig, TRAINED) == [] and markers(fig, CURRENT)


def test_log_view_draws_the_curves_the_gap_and_the_percent_on_a_second_axis(report):
    fig = log_covering_figure(report.curves, report.current, report.trained)
    curves, terms = report.curves, report.current.terms
    assert np.array_equal(named(fig, "bound on ln N, baseline").y, curves["log_baseline"])
    assert np.array_equal(named(fig, "bound on ln N, reduced").y, curves["log_reduced"])
    gap, positive = named(fig, "gap"), curves["gap"] > 0  # width 1 (gap 0) cannot sit on a log axis
    assert not positive[0] and positive[1:].all()
    assert np.array_equal(gap.x, curves["width"][positive]) and np.array_equal(gap.y, curves["gap"][positive])
    assert gap.fill == "tozeroy"
    percent = named(fig, "relative reduction")
    assert percent.yaxis == "y2" and np.array_equal(percent.y, curves["relative_reduction_pct"])
    current_points = markers(fig, CURRENT)
    assert list(current_points[0].y) == [terms["log_baseline"], terms["log_reduced"]]
    assert len(current_points) == 1 and f"{terms['relative_reduction_pct']:.4g} %" in current_points[0].hovertemplate
    assert fig.layout.yaxis.type == "log"


@pytest.mark.parametrize("build", [log_covering_figure, raw_covering_figure, volume_figure])
def test_each_network_is_marked_on_one_y_axis_only(report, build):
    """A marker drawn on both axes reads as a stray point: the right axis's percent against the left
    axis's ln N (issue 20: a lone diamond at "10B" at depth 10)."""
    figure = build(report.curves, report.current, report.trained).to_dict()
    for name in (CURRENT, TRAINED):
        axes = {trace.get("yaxis", "y") for trace in figure["data"] if trace.get("meta") == name}
        assert axes == {"y"}, (name, axes)


def test_raw_view_is_in_digits_and_names_the_factor(report):
    fig = raw_covering_figure(report.curves, report.current, report.trained)
    factor = named(fig, "log10 of the factor")
    assert np.allclose(factor.y, report.curves["gap"][1:] / math.log(10), rtol=1e-15)
    expected = math.log10(math.factorial(16) ** 2)  # the tie correction is negligible on this fine grid
    assert report.current.log10_factor == pytest.approx(expected, rel=1e-9)
    assert fig.layout.annotations[0].text == "the bound shrinks<br>by a factor ≈ 4.38e+26"  # (16!)² = 4.377e26


def test_volume_view_plots_orders_of_magnitude(report):
    fig = volume_figure(report.curves, report.current, report.trained)
    plain = named(fig, "permutations")
    assert np.array_equal(plain.y, -report.curves["log10_fraction"][1:]) and plain.x[0] == 2  # width 1: r = 1
    assert markers(fig, CURRENT)[0].y[0] == pytest.approx(math.log10(math.factorial(16) ** 2))
    assert named(fig, "with sign flips")  # tanh is odd


def test_generalisation_view_marks_the_chosen_n_and_labels_lines_where_they_are(report):
    gen = report.generalisation
    fig = generalisation_figure(gen)
    chosen = markers(fig, CHOSEN)[0]
    assert list(chosen.x) == [gen.n_chosen] * 2 and list(chosen.y) == list(gen.at_n)
    labels = {a.text: a.y for a in fig.layout.annotations}
    assert labels["2ℓε: no n removes it"] == pytest.approx(math.log10(gen.floor))  # log-axis coordinates
    assert min(fig.layout.yaxis.tickvals) <= gen.floor


def test_width_csv_equals_the_curve_arrays(report):
    text = width_curves_csv(report.curves, "[RECON] provenance line")
    assert text.startswith("# [RECON]")
    rows = list(csv.reader(io.StringIO(text.split("\n", 1)[1])))
    assert tuple(rows[0]) == WIDTH_COLUMNS and len(rows) - 1 == len(report.curves["width"])
    table = np.array(rows[1:], dtype=float)
    for i, name in enumerate(WIDTH_COLUMNS):
        assert np.array_equal(table[:, i], report.curves[name]), name  # repr round-trips exactly


def test_sample_size_csv_equals_the_curve_arrays(report):
    text = sample_size_csv(report.generalisation, "[RECON]")
    table = np.loadtxt(io.StringIO(text), delimiter=",", skiprows=2)
    gen = report.generalisation
    assert np.array_equal(table[:, 0], gen.n) and np.array_equal(table[:, 1], gen.gap_baseline)
    assert np.array_equal(table[:, 2], gen.gap_reduced)


def test_width_4096_depth_100_figures_serialise_without_overflow():
    report = bounds_report(dataclasses.replace(BoundsSettings(), hidden=(4096,) * 100))
    for fig in (log_covering_figure(report.curves, report.current),
                raw_covering_figure(report.curves, report.current),
                volume_figure(report.curves, report.current), generalisation_figure(report.generalisation)):
        numbers = list(_numbers(json.loads(pio.to_json(fig))["data"]))
        assert numbers and all(math.isfinite(value) for value in numbers)


def _numbers(node):
    """Every number in a plotly JSON tree, decoding plotly 7's typed arrays {dtype, bdata}."""
    if isinstance(node, dict) and "bdata" in node:
        yield from np.frombuffer(base64.b64decode(node["bdata"]), node["dtype"]).astype(float)
    elif isinstance(node, dict):
        for value in node.values():
            yield from _numbers(value)
    elif isinstance(node, list):
        for value in node:
            yield from _numbers(value)
    elif isinstance(node, (int, float)) and not isinstance(node, bool):
        yield float(node)
    elif node is None:
        yield math.nan  # plotly writes NaN as null
