"""AppTest smoke tests: every page renders with its defaults and shows no exception or error."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from pages.shared.lessons import LESSONS
from pages.shared.session import TRAINED_NETWORK
from tests.train_player import play_to, press_step, send

ROOT = Path(__file__).resolve().parents[1]


def _app() -> AppTest:
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=90).run()


def test_home_links_every_lesson():
    at = _app()
    assert not at.exception
    assert at.title[0].value == "Equivalence Lab"


@pytest.mark.parametrize("path", [lesson.path for lesson in LESSONS])
def test_every_lesson_renders_with_defaults(path):
    at = _app()
    at.switch_page(path).run()
    assert not at.exception
    assert not at.error, [e.value for e in at.error]


def _train_page() -> AppTest:
    at = _app()
    at.switch_page("pages/train.py").run()
    return at


def _metric(at, label):
    return next(m.value for m in at.metric if m.label == label)


def test_train_step_pause_and_reset():
    at = _train_page()
    initial = _metric(at, "Train loss")
    press_step(at)
    assert at.session_state["train.run"].step == 10
    assert _metric(at, "Train loss") != initial
    send(at, "reset")
    assert at.session_state["train.run"].step == 0 and _metric(at, "Train loss") == initial


def test_train_runs_to_the_target_and_publishes_the_network():
    at = _train_page()
    at.slider(key="train.steps").set_value(100).run()
    play_to(at, 100)
    assert at.session_state["train.run"].step == 100
    assert not at.session_state["train.playing"]
    network = at.session_state[TRAINED_NETWORK]
    assert network.step == 100 and network.params.widths == (2, 8, 8, 1)


def test_changing_the_learning_rate_keeps_the_trained_weights():
    at = _train_page()
    press_step(at)
    before = at.session_state["train.run"].params.flatten()
    at.select_slider(key="train.lr").set_value(0.1).run()
    run = at.session_state["train.run"]
    assert run.step == 10 and run.learning_rate == 0.1
    assert (run.params.flatten() == before).all()


def test_changing_the_init_seed_restarts_but_keeps_the_data():
    at = _train_page()
    data_before = at.session_state[TRAINED_NETWORK].train.X.copy()
    weights_before = at.session_state["train.run"].params.flatten()
    at.number_input(key="train.init_seed").set_value(5).run()
    assert (at.session_state[TRAINED_NETWORK].train.X == data_before).all()
    assert not (at.session_state["train.run"].params.flatten() == weights_before).all()


def test_settings_at_their_edges_do_not_crash():
    at = _train_page()
    at.selectbox(key="train.optimizer").set_value("sgd").run()
    at.number_input(key="train.batch_size.sgd").set_value(5000).run()  # larger than the data: full batch
    assert not at.exception and not at.error
    at.number_input(key="train.init_scale").set_value(0.0).run()
    at.selectbox(key="train.init_scheme").set_value("zero").run()
    press_step(at)
    assert not at.exception and not at.error


def test_core_errors_reach_the_page_as_messages_not_tracebacks():
    def page():
        from core.engine.init_schemes import init_params
        from core.limits import CLASSROOM
        from core.rng import stream
        from pages.shared.guard import shown_errors

        with shown_errors():
            init_params((2, 0, 1), rng=stream(0, "init"), limits=CLASSROOM)  # the app's caps, as its pages pass

    at = AppTest.from_function(page).run()
    assert not at.exception
    assert at.error[0].value == "hidden width 0 in layer 1: must be an integer in [1, 256]"


def test_unexpected_errors_are_reported_briefly():
    def page():
        from pages.shared.guard import shown_errors

        with shown_errors():
            raise KeyError("internal detail")

    at = AppTest.from_function(page).run()
    assert not at.exception
    assert "KeyError" in at.error[0].value and "internal detail" not in at.error[0].value


def test_regression_dataset_renders():
    at = _train_page()
    at.selectbox(key="train.dataset").set_value("sine").run()
    assert not at.exception and not at.error
    assert "Test accuracy" not in [m.label for m in at.metric]


def test_home_opens_in_presenter_mode_from_a_link_and_lists_every_scene():
    from core.scenes import SCENES

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.query_params["present"] = "1"
    at.run()
    assert not at.exception
    assert at.session_state["presenter.active"] is True
    assert at.button(key="presenter.toggle").label == "Leave presenter mode"
    assert len(SCENES) >= 9
    at.button(key="presenter.toggle").click().run()
    assert at.session_state["presenter.active"] is False
