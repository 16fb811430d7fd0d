"""The Train lesson's link: it opens the exact view (settings and trained weights), forgives bad values
with a named warning, hides what a teacher hid, and runs each of its scenes."""

from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from core.engine.experiment import Experiment, make_split, start_run
from core.links.train import FIELDS
from core.links.url_state import decode_query
from core.scenes import scenes_of
from pages.shared.session import TRAINED_NETWORK
from tests.train_player import press_step

ROOT = Path(__file__).resolve().parents[1]
BY_NAME = {f.name: f for f in FIELDS}


def _open(query: dict) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.switch_page("pages/train.py")
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def _written(at) -> dict:
    return {key: (value[-1] if isinstance(value, list) else value) for key, value in at.query_params.items()}


def test_a_link_sets_every_control_and_is_written_back_exactly():
    query = {"data": "circles", "noise": "0.35", "n": "300", "dseed": "7", "layers": "3", "w1": "5", "w2": "4",
             "w3": "3", "act": "relu", "init": "he", "iseed": "11", "opt": "sgd", "lr": "0.1", "batch": "16",
             "steps": "700"}
    at = _open(query)
    assert not at.exception and not at.warning, [w.value for w in at.warning]
    for name, text in query.items():
        assert at.session_state[BY_NAME[name].key] == BY_NAME[name].parse(text), name
    written = _written(at)
    assert {k: written[k] for k in query} == query
    assert decode_query(FIELDS, written).warnings == ()


def test_a_link_with_a_step_replays_the_same_weights_bit_for_bit():
    at = _open({"iseed": "3", "step": "40", "lr": "0.1", "lrs": "0:0.03,25:0.1"})
    assert not at.exception and not at.warning
    run = at.session_state["train.run"]
    experiment = Experiment(init_seed=3, learning_rate=0.03)
    train, test = make_split(experiment)
    oracle = start_run(experiment, train, test).advance(25)
    oracle.set_learning_rate(0.1)
    oracle.advance(15)
    assert run.step == 40
    assert np.array_equal(run.params.flatten(), oracle.params.flatten())
    written = _written(at)
    assert written["step"] == "40" and written["lrs"] == "0:0.03,25:0.1"


def test_changing_the_rate_mid_run_is_carried_by_the_link():
    at = _open({"step": "20"})
    at.select_slider(key="train.lr").set_value(0.1).run()
    press_step(at)
    written = _written(at)
    assert written["lrs"] == "0:0.03,20:0.1" and written["step"] == "30"
    reopened = _open(written)
    assert np.array_equal(reopened.session_state["train.run"].params.flatten(),
                          at.session_state["train.run"].params.flatten())


def test_bad_values_fall_back_with_a_warning_naming_them():
    at = _open({"w1": "abc", "noise": "1e999", "data": "<script>alert(1)</script>", "bogus": "1", "step": "-4"})
    assert not at.exception and not at.error
    warnings = " ".join(w.value for w in at.warning)
    for fragment in ("w1=abc", "noise=1e999", "data=<script>", "bogus", "step=-4"):
        assert fragment in warnings
    assert at.session_state["train.width1"] == 8 and at.session_state["train.noise"] == 0.2


def test_a_replay_over_the_work_budget_is_refused_with_a_message():
    at = _open({"n": "1000", "layers": "4", "w1": "64", "w2": "64", "w3": "64", "w4": "64", "step": "20000"})
    assert not at.exception and not at.error
    assert any("too much work" in w.value for w in at.warning)
    assert at.session_state["train.run"].step == 0


def test_hidden_controls_are_not_drawn_but_keep_their_link_values():
    at = _open({"hide": "noise,dseed", "lr_hide": "true", "noise": "0.5", "lr": "0.1"})
    keys = {w.key for w in list(at.slider) + list(at.number_input) + list(at.select_slider)}
    assert {"train.noise", "train.data_seed", "train.lr"}.isdisjoint(keys)
    assert "train.n_samples" in keys
    assert at.session_state[TRAINED_NETWORK].experiment.noise == 0.5
    assert at.session_state[TRAINED_NETWORK].experiment.learning_rate == 0.1
    assert _written(at)["hide"] == "noise,dseed,lr"  # in the page's field order


@pytest.mark.parametrize("scene", list(scenes_of("train").values()), ids=lambda scene: scene.id)
def test_each_scene_opens_with_its_settings(scene):
    at = _open({"scene": scene.id})
    assert not at.exception and not at.error and not at.warning
    for name, value in scene.settings.items():
        if name == "step":
            assert at.session_state["train.run"].step == value
        else:
            assert at.session_state[BY_NAME[name].key] == value, name
    assert _written(at)["scene"] == scene.id


def test_a_scene_phrase_sets_the_controls_it_names():
    at = _open({"scene": "two-runs-two-weights"})
    weights_seed0 = at.session_state["train.run"].params.flatten()
    at.button(key="scene.phrase.two-runs-two-weights.init seed 1").click().run()
    assert at.session_state["train.init_seed"] == 1 and at.session_state["train.run"].step == 500
    assert not np.array_equal(at.session_state["train.run"].params.flatten(), weights_seed0)
    at.button(key="scene.phrase.two-runs-two-weights.init seed 0").click().run()
    assert np.array_equal(at.session_state["train.run"].params.flatten(), weights_seed0)


def test_next_on_the_first_scene_opens_the_second():
    at = _open({"scene": "train-a-network"})
    at.button(key="scene.next").click().run()
    assert not at.exception
    assert _written(at)["scene"] == "two-runs-two-weights"
    assert at.session_state["train.run"].step == 500


def test_the_readme_lesson_link_hides_exactly_what_it_names():
    at = _open({"data": "spiral", "layers": "2", "w1": "16", "w2": "16", "hide": "data,layers,w1,w2"})
    assert not at.exception and not at.warning
    drawn = {w.key for w in list(at.selectbox) + list(at.slider) + list(at.number_input)}
    assert {"train.dataset", "train.layers", "train.width1", "train.width2"}.isdisjoint(drawn)
    assert {"train.noise", "train.activation", "train.init_seed"} <= drawn
    assert at.session_state["train.run"].params.widths == (2, 16, 16, 1)
    assert at.session_state[TRAINED_NETWORK].experiment.dataset == "spiral"


def test_a_single_class_training_set_is_reported_as_degenerate_and_still_trains():
    # 20 moons points, 80 % held out, data seed 2: the 4 training points are all class 1
    # (core.engine.data.degenerate_data is the oracle; the page must say so and keep working).
    query = {"n": "20", "test": "0.8", "dseed": "2", "step": "50"}
    at = _open(query)
    assert not at.exception and not at.error
    assert any("one class only" in w.value for w in at.warning)
    assert at.session_state["train.run"].step == 50
