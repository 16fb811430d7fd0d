"""AppTest: the symmetry lesson opens from a link exactly as the link says, writes its state back to the
address bar, forgives bad values with a warning, hides controls, and plays its guided scenes."""

import dataclasses
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from core.engine import presets
from core.engine.experiment import Experiment
from core.links.experiment import experiment_text
from core.links.symmetries import FIELDS
from core.scenes import scenes_of
from pages.shared.symmetries.proof import LOGIT_GAP_LABEL

ROOT = Path(__file__).resolve().parents[1]
PAGE = "pages/symmetries.py"
FAST_STEPS = 120  # the presets train 500 steps; fewer keep this file quick and change nothing tested here
KEYS = {f.name: f.key for f in FIELDS}
SCENES = scenes_of("symmetries")
BY_NAME = {f.name: f for f in FIELDS}


@pytest.fixture
def app(monkeypatch):
    for name, experiment in list(presets.PRESETS.items()):
        monkeypatch.setitem(presets.PRESETS, name, dataclasses.replace(experiment, steps=FAST_STEPS))
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()


def open_with(app, query: dict):
    for key, value in query.items():
        app.query_params[key] = value
    at = app.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def metric(at, label: str) -> str:
    return next(m for m in at.metric if m.label == label).value


def keys_drawn(at) -> set:
    widgets = [*at.selectbox, *at.select_slider, *at.slider, *at.number_input, *at.button]
    return {w.key for w in widgets}


LINK = {"net": "relu", "move": "rescale", "layer": "2", "unit": "3", "with": "4", "c": "4.0", "how": "incoming_only",
        "moves": "r1.3.4.0_s2.0.5", "tab": "Rescaling orbit", "olayer": "2", "ounit": "5", "oc": "0.5",
        "twins": "6", "gseed": "17", "align": "0", "run": ""}


def test_a_link_opens_the_page_with_exactly_its_values_and_is_written_back(app):
    at = open_with(app, LINK)
    assert not at.warning or all("From the link" not in w.value for w in at.warning)
    assert at.selectbox(key="sym.kind").value == "rescale"
    assert at.selectbox(key="sym.layer").value == 2 and at.selectbox(key="sym.unit").value == 3
    assert at.select_slider(key="sym.scale").value == 4.0
    assert at.selectbox(key="sym.variant").value == "incoming_only"
    assert at.selectbox(key="sym.orbit.layer").value == 2 and at.selectbox(key="sym.orbit.unit").value == 5
    assert at.select_slider(key="sym.orbit.c").value == 0.5
    assert at.session_state["sym.tab"] == "Rescaling orbit"
    assert "sym.gallery.k" not in keys_drawn(at)  # a closed tab is not computed...
    at.session_state["sym.tab"] = "Twin gallery"
    at.run()  # ...and keeps the link's values when opened
    assert at.slider(key="sym.gallery.k").value == 6 and at.number_input(key="sym.gallery.seed").value == 17
    at.session_state["sym.tab"] = "Rescaling orbit"
    at.run()
    assert metric(at, "moves applied") == "2"
    assert "preset moons, 2-8-8-1 ReLU" in at.sidebar.caption[0].value
    written = {key: at.query_params[key][0] if isinstance(at.query_params[key], list) else at.query_params[key]
               for key in at.query_params}
    assert written == LINK


def test_the_moves_in_a_link_reproduce_the_view(app):
    at = open_with(app, {})
    at.selectbox(key="sym.kind").set_value("random_element").run()
    at.button(key="sym.apply").click().run()
    at.selectbox(key="sym.kind").set_value("swap").run()
    at.selectbox(key="sym.unit").set_value(2)
    at.selectbox(key="sym.other").set_value(6)
    at.selectbox(key="sym.variant").set_value("rows_only")
    at.button(key="sym.apply").click().run()
    query = {key: at.query_params[key] for key in at.query_params}
    assert query["moves"].startswith("g") and query["moves"].endswith("_s1.2.6~ro")
    shown = {label: metric(at, label) for label in (LOGIT_GAP_LABEL, "‖θ − θ′‖", "moves applied")}
    again = open_with(AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run(), query)
    assert {label: metric(again, label) for label in shown} == shown
    assert float(shown[LOGIT_GAP_LABEL]) > 1e-3


def test_a_bad_value_is_named_in_a_warning_and_replaced(app):
    at = open_with(app, {"layer": "abc", "moves": "s1.0.1_q7", "c": "3.3"})
    warnings = " ".join(w.value for w in at.warning)
    assert "layer=abc" in warnings and "moves=s1.0.1_q7" in warnings and "c=3.3" in warnings
    assert at.selectbox(key="sym.layer").value == 1 and metric(at, "moves applied") == "0"


def test_hidden_controls_are_not_drawn(app):
    at = open_with(app, {"hide": "move,c", "twins_hide": "true", "net_hide": "1", "tab": "Twin gallery"})
    drawn = keys_drawn(at)
    assert "sym.kind" not in drawn and "sym.gallery.k" not in drawn and "sym.preset.relu" not in drawn
    assert {"sym.layer", "sym.unit", "sym.variant", "sym.gallery.seed", "sym.apply"} <= drawn
    at.button(key="sym.apply").click().run()  # the hidden move (swap) still applies
    assert metric(at, "moves applied") == "1" and not at.exception


@pytest.mark.parametrize("scene_id", list(SCENES))
def test_each_scene_opens_from_a_link_and_applies_its_settings(app, scene_id):
    scene = SCENES[scene_id]
    at = open_with(app, {"scene": scene_id})
    assert any(scene.title in m.value for m in at.markdown)
    for name, value in scene.settings.items():
        assert at.session_state[KEYS[name]] == value, (scene_id, name)
    assert metric(at, "moves applied") == str(len(scene.settings["moves"]))
    if scene_id == "break-it":
        assert any("Different function" in e.value for e in at.error)
    else:
        assert any("Same function, different weights" in s.value for s in at.success)
    assert at.query_params["scene"] in (scene_id, [scene_id])


def test_a_scene_phrase_sets_the_controls_and_the_moves(app):
    at = open_with(app, {"scene": "swap-units"})
    at.button(key="scene.phrase.swap-units.swap units 3 and 6").click().run()
    assert at.selectbox(key="sym.unit").value == 2 and at.selectbox(key="sym.other").value == 5
    assert metric(at, "moves applied") == "1" and at.query_params["moves"] in ("s1.2.5", ["s1.2.5"])
    at.button(key="scene.phrase.swap-units.undo the swap").click().run()
    assert metric(at, "moves applied") == "0"


def test_the_stretch_phrase_switches_to_relu_and_the_orbit(app):
    at = open_with(app, {"scene": "stretch-relu"})
    assert "ReLU" in at.sidebar.caption[0].value
    at.button(key="scene.phrase.stretch-relu.squeeze by c = 0.25").click().run()
    assert at.select_slider(key="sym.scale").value == 0.25 and at.select_slider(key="sym.orbit.c").value == 0.25
    assert float(metric(at, LOGIT_GAP_LABEL)) <= 1e-12


def test_a_train_lesson_network_travels_as_its_settings_and_is_retrained(app):
    run = Experiment(hidden=(3, 2), activation="sigmoid", steps=30)
    at = open_with(app, {"net": "train", "run": experiment_text(run), "moves": "f1.1"})
    assert "the Train lesson's 2-3-2-1 sigmoid network; 30 training steps" in at.sidebar.caption[0].value
    assert any("Retrained from the link" in i.value for i in at.info)
    assert float(metric(at, LOGIT_GAP_LABEL)) <= 1e-12 and metric(at, "moves applied") == "1"


def test_an_imported_file_cannot_travel_so_the_default_preset_opens_with_a_note(app):
    at = open_with(app, {"net": "file", "moves": "f1.1"})
    assert any("cannot travel in a link" in i.value for i in at.info)
    assert "preset moons, 2-8-8-1 tanh" in at.sidebar.caption[0].value and metric(at, "moves applied") == "0"
    assert at.query_params["net"] in ("tanh", ["tanh"])


def test_hiding_the_tabs_shows_only_the_linked_panel(app):
    at = open_with(app, {"tab": "Rescaling orbit", "hide": "tab"})
    assert not any("From the link" in w.value for w in at.warning)
    assert len(at.tabs) == 0  # no tab bar: the linked panel alone
    drawn = keys_drawn(at)
    assert BY_NAME["olayer"].key in drawn  # the rescaling orbit's own controls
    assert BY_NAME["twins"].key not in drawn  # the twin gallery's are not drawn


def test_the_swap_scene_numbers_are_as_its_text_says(app):
    """"The weights moved (‖θ − θ′‖ is far from 0), yet max |f_θ − f_θ′| is 0 up to float64 rounding (about 10⁻¹⁵)"."""
    at = open_with(app, {"scene": "swap-units"})
    assert float(metric(at, "‖θ − θ′‖")) > 1.0
    assert 0 <= float(metric(at, LOGIT_GAP_LABEL)) < 1e-13
