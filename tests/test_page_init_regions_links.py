"""AppTest: links, warnings, hidden controls and guided scenes of "Where you start decides where you end".

Every test keeps the map small through the link itself (res=15, steps=100), as a teacher's link could.
"""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from core.links.init_regions import FIELDS
from core.links.url_state import encode_query
from core.scenes import scenes_of

ROOT = Path(__file__).resolve().parents[1]
PAGE = "pages/init_regions.py"
SMALL = {"res": "15", "steps": "100"}
BY_NAME = {field.name: field for field in FIELDS}


def _open(query: dict) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    at.switch_page(PAGE)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def _query(at) -> dict:
    """The page's query after its run (AppTest may hold a key's values as a list)."""
    return {key: value[-1] if isinstance(value, list) else value for key, value in at.query_params.items()}


def _drawn_keys(at) -> set:
    keys = set()
    for kind in ("selectbox", "slider", "select_slider", "radio", "checkbox", "toggle", "number_input",
                 "multiselect"):
        keys |= {widget.key for widget in getattr(at, kind)}
    return keys


LINKED = {"task": "moons", "width": "3", "points": "30", "noise": "0.35", "dseed": "7", "x": "w1.2", "y": "w2.2",
          "xr": "-2.5,4.0", "lr": "0.3", "ctol": "0.2", "merge": "1", "overlays": "0", "zwidth": "3",
          "zero": "zero", "widths": "1,3,8", "schemes": "uniform,constant", "starts": "20", "ssteps": "60", **SMALL}


def test_a_link_opens_exactly_its_values_and_is_written_back():
    at = _open(LINKED)
    assert not at.exception and not at.warning, [w.value for w in at.warning]
    assert not at.error, [e.value for e in at.error]
    expected = {f.name: f.parse(LINKED[f.name]) if f.name in LINKED else f.default for f in FIELDS}
    for name, value in expected.items():
        assert at.session_state[BY_NAME[name].key] == value, name
    drawn = {"init.task": "moons", "init.width": 3, "init.n_points": 30, "init.noise": 0.35, "init.data_seed": 7,
             "init.x_key": "w1.2", "init.y_key": "w2.2", "init.x_range": (-2.5, 4.0), "init.lr": 0.3,
             "init.loss_tol.False": 0.2, "init.merge": True, "init.overlays": False, "init.zero_width": 3,
             "init.zero_scheme": "zero", "init.experiment_widths": [1, 3, 8], "init.experiment_schemes": ["uniform", "constant"]}
    widgets = {w.key: w.value for kind in ("selectbox", "slider", "select_slider", "radio", "toggle", "number_input",
                                           "multiselect") for w in getattr(at, kind)}
    for key, value in drawn.items():
        shown = widgets[key]
        assert (list(shown) if isinstance(value, list) else shown) == value, key
    assert _query(at) == encode_query(FIELDS, expected)


def test_a_bad_value_warns_by_name_and_falls_back():
    at = _open({"res": "abc", "steps": "100", "xr": "1,2,3", "nonsense": "1"})
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning)
    assert "res=abc" in warnings and "xr=1,2,3" in warnings and "nonsense" in warnings
    assert at.session_state["init.resolution"] == 61 and at.session_state["init.x_range"] == (-3.0, 3.0)


def test_hidden_controls_are_not_drawn_but_keep_their_linked_values():
    at = _open({**SMALL, "hide": "res,lr,schemes", "merge_hide": "true", "merge": "1"})
    assert not at.exception and not at.error
    drawn = _drawn_keys(at)
    assert not {"init.resolution", "init.lr", "init.experiment_schemes", "init.merge"} & drawn
    assert {"init.steps", "init.task", "init.experiment_widths"} <= drawn
    assert at.session_state["init.merge"] is True and at.session_state["init.resolution"] == 15
    assert _query(at)["hide"] == "res,lr,merge,schemes"


@pytest.mark.parametrize("scene_id", list(scenes_of("init_regions")))
def test_each_scene_opens_from_a_link_with_its_settings(scene_id):
    scene = scenes_of("init_regions")[scene_id]
    at = _open({"scene": scene_id, **SMALL})
    assert not at.exception and not at.error, [e.value for e in at.error]
    for name, value in scene.settings.items():
        stored = at.session_state[BY_NAME[name].key]
        assert (tuple(stored) if isinstance(value, tuple) else stored) == value, name
    assert any(scene.title in m.value for m in at.markdown)
    assert _query(at)["scene"] == scene_id
    if scene_id == "wider-is-easier":  # zero wait: the curves are shown at once, labelled as precomputed
        assert any("precomputed by `scripts/make_scene_data.py`" in i.value for i in at.info)


@pytest.mark.parametrize("scene_id", list(scenes_of("init_regions")))
def test_pressing_each_phrase_sets_its_controls(scene_id):
    scene = scenes_of("init_regions")[scene_id]
    at = _open({"scene": scene_id, **SMALL})
    for phrase in scene.phrases:
        at.button(key=f"scene.phrase.{scene.id}.{phrase.text}").click().run()
        assert not at.exception and not at.error, phrase.text
        for name, value in phrase.settings.items():
            assert at.session_state[BY_NAME[name].key] == value, (phrase.text, name)
            assert _query(at)[name] == BY_NAME[name].format(value)


def test_the_map_and_sweep_json_exports_carry_the_link_and_seeds():
    import json

    from pages.shared.init_regions.sections import _stamped_json_text

    origin = {"link": "http://host/init_regions?res=15&seed=4", "seeds": {"seed": 4, "dseed": 0}}
    stamped = json.loads(_stamped_json_text('{"lesson": "x", "cells": []}', origin))
    assert stamped["provenance"] == {"link": origin["link"], "seeds": origin["seeds"], "app": "Equivalence Lab"}
    assert stamped["cells"] == []


def test_an_old_link_with_sin_opens_a_tanh_map_and_says_so():
    """sin left the map (its equivalent weights form an infinite family): old links still open, with a warning."""
    at = _open({"act": "sin", **SMALL})
    assert not at.exception and not at.error
    assert any("act=sin" in w.value and "tanh" in w.value for w in at.warning)
    assert at.session_state["init.activation"] == "tanh" and _query(at)["act"] == "tanh"
