"""AppTest of "Count functions, not weights" opened from links: exact values, forgiving decoding,
hidden controls, scenes and their phrases, and exports stamped with the link."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from core.bounds.export import width_curves_table
from core.bounds.report import bounds_report
from core.bounds.settings import BoundsSettings
from core.engine.mlp import count_params
from core.links.bounds import FIELDS, PER_LAYER, RAW_VIEW, UNIFORM
from core.links.url_state import encode_query
from core.scenes.bounds import COUNT_ORBITS, SCENES, WIDTH_GROWS
from pages.shared.bounds.panels import stamped_table_csv
from pages.shared.session import TRAINED_NETWORK
from tests.networks import network_of

ROOT = Path(__file__).resolve().parents[1]
PAGE = "pages/bounds.py"
BY_NAME = {f.name: f for f in FIELDS}


def _open(query: dict | None = None, *, session: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for key, value in (session or {}).items():
        at.session_state[key] = value
    at.run()
    at.switch_page(PAGE)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    return at.run()


def _clean(at) -> None:
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]


def _query(at) -> dict:
    return {key: at.query_params[key] for key in at.query_params}


def _metric(at, start: str) -> str:
    return next(m.value for m in at.metric if m.label.startswith(start))


def _keys(at, kind: str) -> set:
    return {element.key for element in at.get(kind)}


CHANGED = dict(depth=3, width=64, d0=5, dout=2, act="relu", B=2.5, eps=0.001, lip="closed", n=123_456, m=3,
               mcseed=7, cnn_in=4, cnn_ch="16, 32", cnn_k=5, res_d=32, res_blocks="128, 128, 128",
               res_embed=False, att_model=128, att_heads=4, att_dk=16, att_ff=0, att_blocks=2, ext=True)


def test_a_link_opens_with_exactly_its_values_and_writes_them_back():
    query = encode_query(FIELDS, CHANGED)
    at = _open(query)
    _clean(at)
    assert not at.warning, [w.value for w in at.warning]
    for name, value in CHANGED.items():
        widget_value = at.session_state[BY_NAME[name].key]
        assert widget_value == value and type(widget_value) is type(value), name
    assert at.number_input(key="bounds.depth").value == 3 and at.select_slider(key="bounds.width").value == 64
    assert at.number_input(key="bounds.eps").value == 0.001 and at.text_input(key="bounds.cnn_channels").value == \
        "16, 32"
    assert _query(at) == query
    assert _metric(at, "Parameters S") == f"{count_params((5, 64, 64, 64, 2)):,}"
    assert at.session_state["url.provenance"]["seeds"] == {"mcseed": 7}


def test_per_layer_widths_and_the_raw_view_from_a_link():
    at = _open({"mode": "layers", "widths": "8,16*3", "view": "raw"})
    _clean(at)
    assert at.radio(key="bounds.width_mode").value == PER_LAYER
    assert at.text_input(key="bounds.hidden_text").value == "8, 16, 16, 16"
    assert at.session_state["bounds.view"] == RAW_VIEW
    assert _query(at)["widths"] == "8,16*3" and _query(at)["view"] == "raw"


@pytest.mark.parametrize("query, named", [
    ({"depth": "abc"}, "depth=abc"),
    ({"width": "100"}, "width=100"),
    ({"widths": "8,<script>"}, "widths=8,<script>"),
    ({"eps": "1e300"}, "eps=1e300"),
    ({"mcseed": "-1"}, "mcseed=-1"),
    ({"scene": "nope"}, "scene=nope"),
    ({"hide": "everything"}, "hide=everything"),
])
def test_a_bad_value_warns_by_name_and_the_page_still_works(query, named):
    at = _open(query)
    _clean(at)
    assert any(named in w.value for w in at.warning), [w.value for w in at.warning]
    assert _metric(at, "Parameters S") == "37"  # the defaults stand in


def test_hidden_controls_are_not_drawn_but_keep_their_link_values():
    at = _open({"hide": "depth,mcseed,act", "depth": "5", "mcseed": "9"})
    _clean(at)
    drawn = _keys(at, "number_input") | _keys(at, "selectbox")
    assert not {"bounds.depth", "bounds.mc_seed", "bounds.activation"} & drawn
    assert "bounds.width" in _keys(at, "select_slider")
    assert _query(at)["depth"] == "5" and _query(at)["hide"] == "depth,act,mcseed"
    assert _metric(at, "Parameters S") == f"{count_params((2, 4, 4, 4, 4, 4, 1)):,}"


def test_hidden_view_toggles_fix_what_is_shown():
    at = _open({"hide": "view,formulas,ext", "view": "raw", "formulas": "0", "ext": "0"})
    _clean(at)
    assert len(at.tabs) == 0 and len(at.expander) == 0
    charts = {element.proto.id for element in at.get("plotly_chart")}
    assert len(charts) == 3  # the raw view, volume and generalisation: no log view
    assert "bounds.cnn_in" not in _keys(at, "number_input") and len(at.latex) == 1  # the volume panel's own
    shown = _open({"hide": "formulas", "formulas": "1"})
    assert len(shown.latex) >= 7  # open and fixed: the formulas without their expander


@pytest.mark.parametrize("scene", SCENES, ids=lambda s: s.id)
def test_every_scene_opens_from_a_link_with_its_settings(scene):
    at = _open({"scene": scene.id})
    _clean(at)
    assert not at.warning, [w.value for w in at.warning]
    for name, value in scene.settings.items():
        assert at.session_state[BY_NAME[name].key] == value, name
    assert any(scene.title in m.value for m in at.markdown)
    assert any(scene.question in i.value for i in at.info)
    assert _query(at)["scene"] == scene.id


def test_a_link_value_overrides_its_scene():
    at = _open({"scene": WIDTH_GROWS.id, "width": "512"})
    _clean(at)
    assert at.select_slider(key="bounds.width").value == 512 and at.number_input(key="bounds.depth").value == 2


def test_pressing_phrases_sets_the_controls():
    at = _open({"scene": COUNT_ORBITS.id})
    table = at.dataframe[0].value
    assert "272" in set(table["value"])
    at.button(key=f"scene.phrase.{COUNT_ORBITS.id}.m = 3").click().run()
    _clean(at)
    assert at.number_input(key="bounds.orbit_m").value == 3 and "9,963" in set(at.dataframe[0].value["value"])
    assert _query(at)["m"] == "3"
    at.button(key=f"scene.phrase.{COUNT_ORBITS.id}.two layers of 4").click().run()
    assert at.number_input(key="bounds.depth").value == 2 and at.select_slider(key="bounds.width").value == 4
    assert at.number_input(key="bounds.orbit_m").value == 2 and "277,524,160" in set(at.dataframe[0].value["value"])


def test_the_width_scene_phrases_walk_the_widths():
    at = _open({"scene": WIDTH_GROWS.id})
    for phrase, width, depth in (("width 512", 512, 2), ("depth 10", 512, 10), ("width 8", 8, 2)):
        at.button(key=f"scene.phrase.{WIDTH_GROWS.id}.{phrase}").click().run()
        _clean(at)
        assert at.select_slider(key="bounds.width").value == width and at.number_input(key="bounds.depth").value == depth
        assert _query(at)["width"] == str(width) and _query(at)["depth"] == str(depth)


def test_using_the_trained_architecture_goes_into_the_link():
    from core import rng
    from core.engine.init_schemes import init_params

    params = init_params((3, 6, 10, 2), rng=rng.stream(0, "init"))
    at = _open(session={TRAINED_NETWORK: network_of(params, "relu", step=100)})
    at.button(key="bounds.use_trained").click().run()
    _clean(at)
    query = _query(at)
    assert (query["mode"], query["widths"], query["d0"], query["dout"], query["act"]) == \
        ("layers", "6,10", "3", "2", "relu")
    assert at.radio(key="bounds.width_mode").value == PER_LAYER


def test_the_sidebar_controls_still_change_the_link():
    at = _open()
    at.radio(key="bounds.width_mode").set_value(PER_LAYER).run()
    at.text_input(key="bounds.hidden_text").set_value("8, 8, 8, 8").run()
    _clean(at)
    assert _query(at)["widths"] == "8*4" and _query(at)["mode"] == "layers"
    at.radio(key="bounds.width_mode").set_value(UNIFORM).run()
    assert _query(at)["widths"] == "8*4"  # kept while the text box is not drawn


def test_the_csv_exports_carry_the_link_and_seeds():
    report = bounds_report(BoundsSettings())
    text = stamped_table_csv(width_curves_table(report.curves), "[RECON] what these are", "http://x/bounds?m=2",
                             {"mcseed": 0})
    assert text.startswith("# [RECON] what these are\n") and "http://x/bounds?m=2" in text and "mcseed" in text
    table = pd.read_csv(io.StringIO(text), comment="#")
    assert (table["log_reduced"].to_numpy() == report.curves["log_reduced"]).all()
    at = _open({"mcseed": "4"})
    assert {"bounds.csv_width", "bounds.csv_n"} <= _keys(at, "download_button")
    assert at.session_state["url.provenance"]["seeds"] == {"mcseed": 4}


def test_each_scene_phrase_sets_the_width_it_names():
    """Issue 6, text drives the figures: each phrase of the width scene sets its controls (and the link).
    (How fast a warm scene answers is measured in bench/scene_latency.py, never in a unit test.)"""
    at = _open({"scene": WIDTH_GROWS.id})
    for phrase in WIDTH_GROWS.phrases:
        at.button(key=f"scene.phrase.{WIDTH_GROWS.id}.{phrase.text}").click().run()
        assert not at.exception
        for name, value in phrase.settings.items():
            assert at.session_state[BY_NAME[name].key] == value, (phrase.text, name)
        _clean(at)
