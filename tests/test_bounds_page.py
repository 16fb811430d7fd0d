"""AppTest of the lesson "Count functions, not weights": renders, reacts, survives extremes, names bad input.

AppTest cannot draw plotly, so the figures are read from their JSON spec (plotly 7 typed arrays).
"""

from __future__ import annotations

import base64
import itertools
import json
import math
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from core import rng
from core.engine.init_schemes import init_params
from core.engine.mlp import count_params
from core.links.bounds import LOG_VIEW, RAW_VIEW
from pages.shared.session import TRAINED_NETWORK
from tests.networks import network_of

ROOT = Path(__file__).resolve().parents[1]
PAGE = "pages/bounds.py"


def _page() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    at.switch_page(PAGE).run()
    return at


def _chart_keys(at) -> set[str]:
    return {key for key in CHART_KEYS for element in at.get("plotly_chart") if element.proto.id.endswith(key)}


def _charts(at) -> list[dict]:
    return [json.loads(element.proto.spec) for element in at.get("plotly_chart")]


def _array(value) -> np.ndarray:
    if isinstance(value, dict):
        return np.frombuffer(base64.b64decode(value["bdata"]), value["dtype"])
    return np.asarray(value, dtype=float)


def _marker_x(at, meta="your network") -> set[float]:
    """x of every marker trace with this meta, in the first (log-covering) chart."""
    traces = _charts(at)[0]["data"]
    return {float(x) for trace in traces if trace.get("meta") == meta for x in _array(trace["x"])}


def _metric(at, start: str) -> str:
    return next(m.value for m in at.metric if m.label.startswith(start))


CHART_KEYS = ("bounds.log_view", "bounds.raw_view", "bounds.volume", "bounds.generalisation")


def _exports_complete(at) -> bool:
    """The page's two stamped CSVs, and an HTML and a CSV export under every chart drawn (a closed
    view tab draws no chart)."""
    keys = {button.key for button in at.get("download_button")}
    wanted = {"bounds.csv_width", "bounds.csv_n"} | {f"{chart}.export.{kind}" for chart in _chart_keys(at)
                                                     for kind in ("html", "csv")}
    return wanted <= keys


def _clean(at) -> None:
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]


def test_renders_with_defaults():
    at = _page()
    _clean(at)
    assert at.title[0].value == "Count functions, not weights"
    assert len(_charts(at)) == 3 and _marker_x(at) == {4.0}  # the closed raw view is not computed
    assert _chart_keys(at) >= {"bounds.log_view"} and "bounds.raw_view" not in _chart_keys(at)
    at.session_state["bounds.view"] = RAW_VIEW
    at.run()
    assert "bounds.raw_view" in _chart_keys(at) and "bounds.log_view" not in _chart_keys(at)
    at.session_state["bounds.view"] = LOG_VIEW
    at.run()
    assert _metric(at, "Parameters S") == "37" and _metric(at, "Symmetry factor") == "576"
    assert len(at.latex) >= 7 and _exports_complete(at)
    table = at.dataframe[0].value
    assert "277,524,160" in set(table["value"])  # exact orbit count of (2, 4, 4, 1) at m = 2
    # every headline number says where it comes from
    assert all("[" in m.label for m in at.metric if not m.label.startswith(("Parameters", "Gap bound")))
    assert not any("Theorem" in text for text in [c.value for c in at.caption] + [m.value for m in at.markdown])


def test_width_depth_and_eps_change_the_numbers():
    at = _page()
    at.select_slider(key="bounds.width").set_value(64).run()
    _clean(at)
    assert _marker_x(at) == {64.0}
    at.number_input(key="bounds.depth").set_value(3).run()
    _clean(at)
    assert _metric(at, "Parameters S") == f"{count_params((2, 64, 64, 64, 1)):,}"
    m_before = _metric(at, "Grid size m")
    at.number_input(key="bounds.eps").set_value(0.001).run()
    _clean(at)
    assert _metric(at, "Grid size m") != m_before
    assert any("width 64 is too wide to count exactly" in note.value for note in at.info)


def test_width_4096_depth_100_renders_without_overflow():
    at = _page()
    at.number_input(key="bounds.depth").set_value(100)
    at.select_slider(key="bounds.width").set_value(4096).run()
    _clean(at)
    assert _marker_x(at) == {4096.0}
    assert "e+12" in _metric(at, "ln N bound, baseline")
    for chart in _charts(at):
        for trace in chart["data"]:
            assert np.all(np.isfinite(_array(trace["y"]))), trace.get("name")
    notes = " ".join(i.value for i in at.info)
    assert "No exact count" in notes and "Monte Carlo check skipped" in notes


@pytest.mark.parametrize("key, value, message", [
    ("bounds.depth", 0, "depth 0: must be an integer in [1, 100]"),
    ("bounds.eps", -1.0, "eps -1.0: must be a finite number in [1e-12, 1e+06]"),
    ("bounds.input_dim", 0, "input width 0: must be an integer in [1, 100000]"),
    ("bounds.orbit_m", 65, "grid size m 65: must be an integer in [1, 64]"),
    ("bounds.n", 0, "n (sample size) 0: must be an integer"),
])
def test_bad_values_show_a_named_error_not_a_traceback(key, value, message):
    at = _page()
    at.number_input(key=key).set_value(value).run()
    assert not at.exception
    assert [e.value for e in at.error] and message in at.error[0].value


def test_per_layer_widths_and_their_errors():
    at = _page()
    at.radio(key="bounds.width_mode").set_value("per layer").run()
    at.text_input(key="bounds.hidden_text").set_value("8, 16").run()
    _clean(at)
    assert _marker_x(at) == {12.0}  # placed at the mean hidden width
    at.text_input(key="bounds.hidden_text").set_value("8, x").run()
    assert not at.exception and "'x' is not a whole number" in at.error[0].value
    at.text_input(key="bounds.hidden_text").set_value("8, 5000").run()
    assert "hidden width 5000 in layer 2" in at.error[0].value


def test_the_trained_network_is_marked_and_can_be_loaded():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    params = init_params((2, 8, 8, 1), rng=rng.stream(0, "init"))
    at.session_state[TRAINED_NETWORK] = network_of(params, "relu", step=100)
    at.run()
    at.switch_page(PAGE).run()
    _clean(at)
    assert _marker_x(at, "trained network") == {8.0}
    at.button(key="bounds.use_trained").click().run()
    _clean(at)
    assert _marker_x(at) == {8.0} and at.selectbox(key="bounds.activation").value == "relu"
    assert _metric(at, "Parameters S") == f"{count_params((2, 8, 8, 1)):,}"


def test_a_bad_extension_input_errors_there_and_the_rest_of_the_page_stays():
    at = _page()
    at.text_input(key="bounds.cnn_channels").set_value("32, zero").run()
    assert not at.exception and any("'zero' is not a whole number" in e.value for e in at.error)
    assert len(_charts(at)) == 3 and _exports_complete(at)
    assert math.isfinite(float(_metric(at, "ln N bound, baseline").replace(",", "")))


def test_a_trained_network_outside_the_box_is_warned_about():
    """Issue 13, point 10: the curves hold for [−B, B]^S and inputs in [−1, 1]^d₀; a trained network outside
    that box is marked with a warning that names its numbers."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    params = init_params((2, 8, 8, 1), rng=rng.stream(0, "init"))
    big = type(params)(tuple(3.0 * w for w in params.weights), params.biases)  # weights beyond B = 1
    at.session_state[TRAINED_NETWORK] = network_of(big, "tanh", step=100)
    at.run()
    at.switch_page(PAGE).run()
    _clean(at)
    warnings = [w.value for w in at.warning]
    assert any("do not cover the trained network" in w and "outside the box [−1, 1]" in w for w in warnings)
    at.number_input(key="bounds.B").set_value(100.0).run()
    _clean(at)
    assert not any("outside the box" in w.value for w in at.warning)


def test_the_captions_follow_the_numbers_at_depth_1():
    """Issue 13, point 4: at depth 1 the relative reduction rises with width; no caption says it shrinks."""
    at = _page()
    at.number_input(key="bounds.depth").set_value(1).run()
    at.select_slider(key="bounds.width").set_value(2).run()
    _clean(at)
    captions = " ".join(c.value for c in at.caption)
    assert "rises from 0 % at width 1 to 15.2 % at width 4,096" in captions and "shrinks with width" not in captions
    assert "Your network: 1.71 %" in captions
    assert "grows with width whenever" not in captions
    # review of issue 13: no fixed size or trend word ("how little", "shrinks by only"), at width 2 and 4,096
    from tests.test_bounds_wording import fixed_wording
    for width, view in itertools.product((2, 4096), (LOG_VIEW, RAW_VIEW)):
        at.session_state["bounds.view"] = view
        at.select_slider(key="bounds.width").set_value(width).run()
        _clean(at)
        shown = " ".join([c.value for c in at.caption] + [m.value for m in at.markdown])
        assert not fixed_wording(shown), (width, fixed_wording(shown))
        if view == RAW_VIEW:  # the raw view's sentence quotes the computed share
            assert f"is {_metric(at, 'Relative reduction of the ln N bound')} lower here" in shown
