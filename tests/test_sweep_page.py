"""AppTest: the lesson lists the sweeps under its configured folder and draws one with its width figure."""

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from core.init_regions.width_spec import WidthSpec
from core.sweeps.results import ROOT_VARIABLE
from core.sweeps.runner import run_sweep_to

ROOT = Path(__file__).resolve().parents[1]
PAGE = "pages/init_regions.py"
TINY = WidthSpec(widths=(1, 4), schemes=("uniform",), seeds=8, steps=20, group=4)


def _page() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    at.switch_page(PAGE)
    at.session_state["init.resolution"] = 15  # a small map: this test is about the sweep section
    at.session_state["init.steps"] = 100
    return at.run()


def _chart_figures(at) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


@pytest.fixture(scope="module")
def sweeps(tmp_path_factory):
    root = tmp_path_factory.mktemp("sweeps")
    run_sweep_to(TINY, root / "tiny-sweep", backend="serial", progress=False)
    return root


def test_the_page_draws_a_picked_sweep_with_the_width_figure(sweeps, monkeypatch):
    monkeypatch.setenv(ROOT_VARIABLE, str(sweeps))
    at = _page()
    assert not at.exception, at.exception
    picker = at.selectbox(key="init.sweep_folder")
    assert picker.options == ["tiny-sweep"] and picker.value == "tiny-sweep"
    figures = [f for f in _chart_figures(at) if "share of 8 starts" in json.dumps(f.get("layout", {}))]
    assert len(figures) == 1
    curve = figures[0]["data"][0]
    assert curve["x"] == [1, 4]
    assert any("16 starts (complete)" in caption.value for caption in at.caption)


def test_without_sweeps_the_page_says_how_to_make_one(tmp_path, monkeypatch):
    monkeypatch.setenv(ROOT_VARIABLE, str(tmp_path / "none"))
    at = _page()
    assert not at.exception
    assert not [s for s in at.selectbox if s.key == "init.sweep_folder"]
    assert any("python -m core.sweeps docs/sweep_example.toml" in caption.value for caption in at.caption)


def test_a_folder_of_the_earlier_design_shows_an_error_not_a_traceback(tmp_path, monkeypatch):
    old = tmp_path / "old-sweep"
    (old / "chunks").mkdir(parents=True)
    (old / "provenance.json").write_text(json.dumps({"kind": "equivalence-lab width sweep", "chunk_groups": 1}))
    monkeypatch.setenv(ROOT_VARIABLE, str(tmp_path))
    at = _page()
    assert not at.exception, at.exception
    assert any("Cannot read the sweep in old-sweep" in e.value and "not this version" in e.value for e in at.error)
