"""AppTest of the lesson page with small controls: map, merge toggle, verify, errors, sweep, classification."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
PAGE = "pages/init_regions.py"


def _page(**controls) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90).run()
    at.switch_page(PAGE)
    settings = {"init.resolution": 15, "init.steps": 100, **controls}
    for key, value in settings.items():  # set before the page's first run: small maps only
        at.session_state[key] = value
    return at.run()


def _metric(at, label):
    return next(m.value for m in at.metric if m.label == label)


def test_the_page_renders_a_small_map_with_its_summary():
    at = _page()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert _metric(at, "Starts on the map") == "225"
    assert at.header[0].value.startswith("The map")
    at.toggle(key="init.merge").set_value(True).run()
    assert not at.exception


def test_verify_reports_an_identical_outcome_map():
    at = _page()
    at.button(key="init.verify").click().run()
    assert not at.exception
    assert at.success and at.success[0].value.startswith("Identical outcome map. 225 of 225")


def test_too_much_work_shows_what_to_reduce():
    at = _page(**{"init.resolution": 101, "init.steps": 1500})
    assert not at.exception
    assert any("reduce the resolution" in e.value for e in at.error)


def test_a_tiny_width_sweep_runs_and_reports_honestly():
    at = _page()
    at.multiselect(key="init.experiment_schemes").set_value(["constant", "uniform"])
    at.multiselect(key="init.experiment_widths").set_value([1, 3, 8])
    at.number_input(key="init.experiment_starts").set_value(10)
    at.number_input(key="init.experiment_steps").set_value(50).run()
    at.button(key="init.experiment_run").click().run()
    assert not at.exception and not at.error
    assert any("does not rise" in m.value or "rises" in m.value for m in at.markdown)


def test_a_classification_scene_renders():
    at = _page(**{"init.task": "moons", "init.n_points": 30})
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert _metric(at, "Starts on the map") == "225"
