"""AppTest for the lesson "Same function, different weights": it renders, every action runs, the proof
numbers are right, "break it" breaks, forbidden moves break on purpose with the rule in plain words, the canonical form
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
from core.engine.mlp import Params, count_params
from core.engine.presets import train_network
from core.exports.network_json import decode, encode
from pages.shared.session import TRAINED_NETWORK
from pages.shared.symmetries.proof import GAP_LABEL, LOGIT_GAP_LABEL

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
    assert at.markdown[0].value == "**This 2-8-8-1 tanh network has 106,542,032,486,400 distinct twins (itself included).**"
    assert "generic count" in at.markdown[1].value
    assert "(8!·2⁸)² = 106,542,032,486,400 distinct twins in this group" in at.markdown[2].value
    # One caption describes the weight figure, not two near-identical ones
    assert sum(c.value.startswith("Every weight matrix") for c in at.caption) == 1
    # The surfaces show P(class 1) = σ(f), and their titles say so
    assert chart(at, "sym.before")["layout"]["title"]["text"] == "Before: P(class 1) = σ(f<sub>θ</sub>)"
    assert chart(at, "sym.after")["layout"]["title"]["text"] == "After: P(class 1) = σ(f<sub>θ′</sub>)"
    assert metric(at, "moves applied") == 0 and metric(at, LOGIT_GAP_LABEL) == 0.0
    assert f"preset moons, 2-8-8-1 tanh; {FAST_STEPS} training steps" in at.sidebar.caption[0].value
    assert "frames" not in chart(at, "sym.movie") or not chart(at, "sym.movie")["frames"]
    assert any("the paper's claim" in c.value for c in at.caption)
    assert any("our own check" in c.value for c in at.caption)


def test_each_action_keeps_the_function_and_animates(app):
    at = open_page(app)
    for count, kind in enumerate(["swap", "permute_layer", "flip", "random_element"], start=1):
        at = apply(at, kind)  # each move acts on the previous one's result; θ′ stays a twin of θ
        assert metric(at, "moves applied") == count
        assert metric(at, LOGIT_GAP_LABEL) <= 1e-12 and metric(at, "on the data only") <= 1e-12
        assert metric(at, "‖θ − θ′‖") > 0.1
        assert at.success and "Same function, different weights" in at.success[0].value
        movie = chart(at, "sym.movie")
        assert len(movie["frames"]) == 13 and movie["layout"]["updatemenus"][0]["buttons"][0]["method"] == "animate"
        assert np.max(array(chart(at, "sym.difference")["data"][0]["z"])) <= 1e-12


def test_break_it_lights_up_the_difference_map_and_undo_restores(app):
    at = apply(open_page(app), "swap", "incoming_only", unit=2, other=5)
    logit, probability = metric(at, LOGIT_GAP_LABEL), metric(at, "max |ΔP(class 1)|")
    assert logit > 1e-3 and 0 < probability <= logit / 4 + 1e-12  # σ is 1/4-Lipschitz
    error = next(e.value for e in at.error if "Different function" in e.value)
    assert "raw outputs (logits, before the sigmoid) differ by up to" in error and "P(class 1) by up to" in error
    assert any("P(class 1) by up to" in c.value for c in at.caption if c.value.startswith("After 1 move"))
    assert "(logit)" in chart(at, "sym.difference")["layout"]["title"]["text"]
    assert np.max(array(chart(at, "sym.difference")["data"][0]["z"])) > 0.05
    assert "broken on purpose" in next(c.value for c in at.caption if c.value.startswith("Move 1"))
    at.button(key="sym.undo").click().run()
    assert metric(at, "moves applied") == 0 and metric(at, LOGIT_GAP_LABEL) == 0.0


def test_relu_preset_rescales_refuses_a_flip_and_breaks_when_forced(app):
    at = open_page(app)
    at.button(key="sym.preset.relu").click().run()
    assert "1,625,702,400 distinct twins" in at.markdown[0].value
    assert "(8!)² = 1,625,702,400" in at.markdown[2].value and "continuum of dimension at least 16" in at.markdown[2].value
    at = apply(at, "rescale", scale=4.0)
    assert metric(at, LOGIT_GAP_LABEL) <= 1e-12 and metric(at, "‖θ − θ′‖") > 0.1
    at = apply(at, "flip")  # no symmetry under ReLU: applied as the deliberate wrong move, said in plain words
    assert any("A sign flip keeps the function only for" in w.value and "ReLU is not one of them" in w.value
               for w in at.warning)
    assert metric(at, "moves applied") == 2 and metric(at, LOGIT_GAP_LABEL) > 1e-3
    assert at.selectbox(key="sym.variant").value == "ignore_rule"
    assert not any(el.proto.id.endswith("sym.orbit") for el in at.get("plotly_chart"))  # its tab is closed
    orbit = chart(show_tab(at, "Rescaling orbit"), "sym.orbit")
    assert np.max(array(orbit["data"][1]["y"])) <= 1e-12 and np.max(array(orbit["data"][0]["y"])) > 1.0


def test_rescaling_a_tanh_unit_shows_it_breaking_in_plain_words(app):
    """Issue 20: once refused in code names ("relu, leaky_relu, identity"); now applied as Break it does."""
    at = open_page(app)
    at = apply(at, "rescale", scale=4.0)
    warning = next(w.value for w in at.warning if "Rescaling keeps the function only for" in w.value)
    assert "ReLU, leaky ReLU and identity (linear) units; tanh is not one of them" in warning
    assert "deliberate wrong move" in warning and "leaky_relu" not in warning
    assert not at.error or all("Different function" in e.value for e in at.error)
    assert metric(at, "moves applied") == 1 and metric(at, LOGIT_GAP_LABEL) > 1e-3
    assert "broken on purpose" in next(c.value for c in at.caption if c.value.startswith("Move 1"))
    assert at.selectbox(key="sym.variant").value == "ignore_rule"


def test_canonical_form_collapses_twins(app):
    at = apply(open_page(app), "random_element")
    assert metric(at, "‖θ′ − θ‖: the twin and θ") > 0.1
    assert metric(at, "‖can(θ′) − can(θ)‖: their canonical forms") == 0.0
    at.button(key="sym.canonical").click().run()
    assert metric(at, "moves applied") == 2 and metric(at, LOGIT_GAP_LABEL) <= 1e-12
    assert "canonical form" in next(c.value for c in at.caption if c.value.startswith("Move 2"))
    assert any("canonical forms coincide (measured distance" in s.value for s in at.success)


def test_alignment_lowers_the_barrier(app):
    at = show_tab(open_page(app), "Align two networks")
    at.button(key="sym.align").click().run()
    assert not at.exception
    assert metric(at, "barrier after alignment") < metric(at, "barrier before")
    assert metric(at, r"$\|\theta_A - \theta_B\|$ after") < metric(at, r"$\|\theta_A - \theta_B\|$ before")
    table = at.dataframe[0].value
    assert list(table.index) == ["layer 1", "layer 2"] and table.shape[1] == 8


def test_starts_from_the_train_lessons_network(app):
    trained = train_network(Experiment(hidden=(3, 2), activation="sigmoid", steps=30))
    app.session_state[TRAINED_NETWORK] = trained
    at = open_page(app)
    assert "the Train lesson's 2-3-2-1 sigmoid network; 30 training steps" in at.sidebar.caption[0].value
    at = apply(at, "flip", unit=1)  # the sigmoid's affine flip
    assert metric(at, LOGIT_GAP_LABEL) <= 1e-12


def test_an_imported_one_input_network(app):
    experiment = dataclasses.replace(Experiment(dataset="sine"), hidden=(4,), activation="sin")
    params = init_params((1, 4, 1), scheme="uniform", scale=1.0, rng=np.random.default_rng(0))
    app.session_state["sym.imported"] = decode(encode(params, "sin", experiment=experiment))
    app.session_state["sym.source"] = "file"
    at = apply(open_page(app), "flip", unit=3)
    assert "an imported 1-4-1 sin network" in at.sidebar.caption[0].value
    assert metric(at, GAP_LABEL) <= 1e-12
    assert chart(at, "sym.difference")["data"][0]["type"] == "scatter"
    at = show_tab(at, "Save as JSON")
    files = [b for b in at.get("download_button") if b.proto.id.endswith(("sym.export.original", "sym.export.twin"))]
    assert len(files) == 2


def _import(app, params, activation: str):
    experiment = dataclasses.replace(Experiment(), hidden=params.hidden_widths, activation=activation)
    app.session_state["sym.imported"] = decode(encode(params, activation, experiment=experiment))
    app.session_state["sym.source"] = "file"
    return open_page(app)


def test_the_counter_counts_this_networks_own_twins(app):
    zero = Params.unflatten(np.zeros(count_params((2, 8, 8, 1))), (2, 8, 8, 1))
    at = _import(app, zero, "tanh")
    # A short bold count line, then the explanation as body text (not one long bold headline)
    assert at.markdown[0].value == "**This 2-8-8-1 tanh network has no twin but itself.**"
    assert not at.markdown[1].value.startswith(("#", "**")) and "**" not in at.markdown[1].value
    assert "*more* equivalent weights outside the group" in at.markdown[1].value
    assert "a generic 2-8-8-1 tanh network has (8!·2⁸)² = 106,542,032,486,400" in at.markdown[2].value


def test_the_counter_does_not_claim_a_finite_family_for_sin_or_linear_networks(app):
    params = init_params((2, 8, 8, 1), scheme="uniform", scale=1.0, rng=np.random.default_rng(0))
    at = _import(app, params, "sin")
    assert "infinite" in at.markdown[2].value and "only that of the finite group" in at.markdown[2].value
    at = _import(app, params, "identity")
    assert "continuum of dimension 102" in at.markdown[2].value


def test_flip_then_flip_back_says_same_weights(app):
    at = apply(apply(open_page(app), "flip", unit=2), "flip", unit=2)
    assert metric(at, "‖θ − θ′‖") == 0.0
    assert any("Same weights, same function" in s.value for s in at.success)
    assert not any("different weights" in s.value for s in at.success)


def test_units_are_numbered_from_1_on_screen_and_stored_from_0_in_the_link(app):
    at = apply(open_page(app), "swap", unit=2, other=5)
    assert at.selectbox(key="sym.unit").options == [str(i) for i in range(1, 9)]
    assert at.selectbox(key="sym.other").options == [str(i) for i in range(1, 9)]
    assert at.selectbox(key="sym.unit").value == 2 and at.query_params["moves"] in ("s1.2.5", ["s1.2.5"])
    assert "swap units 3 and 6 of layer 1" in next(c.value for c in at.caption if c.value.startswith("Move 1"))
    labels = [t for trace in chart(at, "sym.movie")["data"] if trace.get("mode") == "text"
              for t in trace.get("text", []) if isinstance(t, str) and t.strip("<b>/").isdigit()]
    assert "<b>3</b>" in labels and "<b>6</b>" in labels and "0" not in labels and "<b>2</b>" not in labels
    at = show_tab(at, "Rescaling orbit")
    assert at.selectbox(key="sym.orbit.unit").options == [str(i) for i in range(1, 9)]


def test_the_counter_names_the_element_that_fixes_the_network(app):
    zero = Params.unflatten(np.zeros(count_params((2, 8, 8, 1))), (2, 8, 8, 1))
    words = _import(app, zero, "tanh").markdown[1].value
    assert "some symmetry other than the identity leaves these weights unchanged" in words
    assert "units 1 and 2 of layer 1 are identical in everything they own" in words and "dead" not in words


def test_the_gallery_alt_text_uses_the_measured_distances():
    from core.symmetry.twins import gallery
    from pages.shared.symmetries.twins import gallery_alt

    X = np.random.default_rng(0).uniform(-2, 2, (40, 2))
    zero = Params.unflatten(np.zeros(count_params((2, 4, 4, 1))), (2, 4, 4, 1))
    same = gallery(zero, "tanh", 3, X, rng=np.random.default_rng(1))
    assert all(t.distance == 0.0 for t in same)  # every twin of the zero network is the zero network
    words = gallery_alt(same)
    assert "exactly θ's weights (distance 0" in words and "weights differ" not in words
    generic = init_params((2, 4, 4, 1), scheme="uniform", scale=1.0, rng=np.random.default_rng(2))
    twins = gallery(generic, "tanh", 3, X, rng=np.random.default_rng(3))
    near, far = min(t.distance for t in twins), max(t.distance for t in twins)
    assert near > 0 and f"between {near:.3g} and {far:.3g} away from θ's" in gallery_alt(twins)


def test_the_alignment_table_numbers_units_from_1():
    from types import SimpleNamespace

    from pages.shared.symmetries.align import _permutation_table

    study = SimpleNamespace(alignment=SimpleNamespace(perms=((2, 0, 1),), signs=((1, -1, 1),)))
    table = _permutation_table(study)
    assert list(table.columns) == ["unit 1", "unit 2", "unit 3"]
    assert list(table.loc["layer 1"]) == ["3", "1", "2, flipped"]
