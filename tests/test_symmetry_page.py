"""AppTest for the lesson "Same function, different weights": it renders, every action runs, the proof
numbers are right, "break it" breaks, forbidden moves are refused with the rule, the canonical form
collapses twins, alignment lowers the barrier, and other networks (Train lesson, imported) work too.

AppTest cannot draw Plotly, so charts are checked through their JSON spec (json.loads(proto.spec)).
"""

import base64
import dataclasses
import json
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from core.engine import presets
from core.engine.experiment import Experiment
from core.engine.init_schemes import init_params
from core.engine.presets import train_network
from core.exports.network_json import decode, encode
from pages.shared.session import TRAINED_NETWORK

ROOT = Path(__file__).resolve().parents[1]
PAGE = "pages/symmetries.py"


FAST_STEPS = 120  # the presets train 500 steps; fewer keep this file quick and change nothing tested here


@pytest.fixture
def app(monkeypatch):
    for name, experiment in list(presets.PRESETS.items()):
        monkeypatch.setitem(presets.PRESETS, name, dataclasses.replace(experiment, steps=FAST_STEPS))
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=90).run()


def open_page(at):
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def show_tab(at, label: str):
    """Open a tab of the page (only the open tab's content is computed and drawn)."""
    at.session_state["sym.tab"] = label
    return at.run()


def metric(at, label: str) -> float:
    return float(next(m for m in at.metric if m.label == label).value)


def chart(at, key: str) -> dict:
    element = next(el for el in at.get("plotly_chart") if el.proto.id.endswith(key))
    return json.loads(element.proto.spec)


def array(value) -> np.ndarray:
    """Plotly 7 sends numpy arrays as {"dtype", "bdata"[, "shape"]}."""
    if isinstance(value, dict):
        data = np.frombuffer(base64.b64decode(value["bdata"]), value["dtype"])
        return data.reshape([int(n) for n in str(value["shape"]).split(",")]) if "shape" in value else data
    return np.asarray(value, dtype=float)


def apply(at, kind: str, variant: str = "right", **widgets):
    at.selectbox(key="sym.kind").set_value(kind).run()
    at.selectbox(key="sym.variant").set_value(variant)
    for key, value in widgets.items():
        widget = at.select_slider(key="sym.scale") if key == "scale" else at.selectbox(key=f"sym.{key}")
        widget.set_value(value)
    at.button(key="sym.apply").click().run()
    assert not at.exception, at.exception
    return at


def test_page_renders_with_defaults(app):
    at = open_page(app)
    assert not at.error
    assert at.title[0].value == "Same function, different weights"
    assert "(8!·2⁸)² = 106,542,032,486,400 functionally identical twins" in at.markdown[0].value
    assert metric(at, "moves applied") == 0 and metric(at, "max |f_θ − f_θ′|") == 0.0
    assert f"preset moons, 2-8-8-1 tanh; {FAST_STEPS} training steps" in at.sidebar.caption[0].value
    assert "frames" not in chart(at, "sym.movie") or not chart(at, "sym.movie")["frames"]
    assert any("the paper's claim" in c.value for c in at.caption)
    assert any("our own check" in c.value for c in at.caption)


def test_each_action_keeps_the_function_and_animates(app):
    at = open_page(app)
    for count, kind in enumerate(["swap", "permute_layer", "flip", "random_element"], start=1):
        at = apply(at, kind)  # each move acts on the previous one's result; θ′ stays a twin of θ
        assert metric(at, "moves applied") == count
        assert metric(at, "max |f_θ − f_θ′|") <= 1e-12 and metric(at, "on the data only") <= 1e-12
        assert metric(at, "‖θ − θ′‖") > 0.1
        assert at.success and "Same function, different weights" in at.success[0].value
        movie = chart(at, "sym.movie")
        assert len(movie["frames"]) == 13 and movie["layout"]["updatemenus"][0]["buttons"][0]["method"] == "animate"
        assert np.max(array(chart(at, "sym.difference")["data"][0]["z"])) <= 1e-12


def test_break_it_lights_up_the_difference_map_and_undo_restores(app):
    at = apply(open_page(app), "swap", "incoming_only", unit=2, other=5)
    assert metric(at, "max |f_θ − f_θ′|") > 1e-3
    assert any("Different function" in e.value for e in at.error)
    assert np.max(array(chart(at, "sym.difference")["data"][0]["z"])) > 0.05
    assert "broken on purpose" in next(c.value for c in at.caption if c.value.startswith("Move 1"))
    at.button(key="sym.undo").click().run()
    assert metric(at, "moves applied") == 0 and metric(at, "max |f_θ − f_θ′|") == 0.0


def test_relu_preset_rescales_refuses_a_flip_and_breaks_when_forced(app):
    at = open_page(app)
    at.button(key="sym.preset.relu").click().run()
    assert "(8!)² = 1,625,702,400" in at.markdown[0].value and "continuous family" in at.markdown[1].value
    at = apply(at, "rescale", scale=4.0)
    assert metric(at, "max |f_θ − f_θ′|") <= 1e-12 and metric(at, "‖θ − θ′‖") > 0.1
    at = apply(at, "flip")
    assert any("relu admits no sign flip" in e.value and "refused" in e.value for e in at.error)
    assert metric(at, "moves applied") == 1
    at = apply(at, "flip", "ignore_rule")
    assert metric(at, "moves applied") == 2 and metric(at, "max |f_θ − f_θ′|") > 1e-3
    assert not any(el.proto.id.endswith("sym.orbit") for el in at.get("plotly_chart"))  # its tab is closed
    orbit = chart(show_tab(at, "Rescaling orbit"), "sym.orbit")
    assert np.max(array(orbit["data"][1]["y"])) <= 1e-12 and np.max(array(orbit["data"][0]["y"])) > 1.0


def test_canonical_form_collapses_twins(app):
    at = apply(open_page(app), "random_element")
    assert metric(at, "‖θ′ − θ‖: the twin and θ") > 0.1
    assert metric(at, "‖can(θ′) − can(θ)‖: their canonical forms") == 0.0
    at.button(key="sym.canonical").click().run()
    assert metric(at, "moves applied") == 2 and metric(at, "max |f_θ − f_θ′|") <= 1e-12
    assert "canonical form" in next(c.value for c in at.caption if c.value.startswith("Move 2"))
    assert any("canonical forms coincide" in s.value for s in at.success)


def test_alignment_lowers_the_barrier(app):
    at = show_tab(open_page(app), "Align two networks")
    at.button(key="sym.align").click().run()
    assert not at.exception
    assert metric(at, "barrier after alignment") < metric(at, "barrier before")
    assert metric(at, "‖θ_A − θ_B‖ after") < metric(at, "‖θ_A − θ_B‖ before")
    table = at.dataframe[0].value
    assert list(table.index) == ["layer 1", "layer 2"] and table.shape[1] == 8


def test_starts_from_the_train_lessons_network(app):
    trained = train_network(Experiment(hidden=(3, 2), activation="sigmoid", steps=30))
    app.session_state[TRAINED_NETWORK] = trained
    at = open_page(app)
    assert "the Train lesson's 2-3-2-1 sigmoid network; 30 training steps" in at.sidebar.caption[0].value
    at = apply(at, "flip", unit=1)  # the sigmoid's affine flip
    assert metric(at, "max |f_θ − f_θ′|") <= 1e-12


def test_an_imported_one_input_network(app):
    experiment = dataclasses.replace(Experiment(dataset="sine"), hidden=(4,), activation="sin")
    params = init_params((1, 4, 1), scheme="uniform", scale=1.0, rng=np.random.default_rng(0))
    app.session_state["sym.imported"] = decode(encode(params, "sin", experiment=experiment))
    app.session_state["sym.source"] = "file"
    at = apply(open_page(app), "flip", unit=3)
    assert "an imported 1-4-1 sin network" in at.sidebar.caption[0].value
    assert metric(at, "max |f_θ − f_θ′|") <= 1e-12
    assert chart(at, "sym.difference")["data"][0]["type"] == "scatter"
    at = show_tab(at, "Save as JSON")
    files = [b for b in at.get("download_button") if b.proto.id.endswith(("sym.export.original", "sym.export.twin"))]
    assert len(files) == 2
