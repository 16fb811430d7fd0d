"""Presenter mode on the Train lesson (issue 20, point 8): the page never points at the hidden sidebar,
and a run in progress shows a sign of its own (presenter mode hides Streamlit's "running" widget)."""

import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

from pages.shared.presenter import PROJECTOR_CSS

ROOT = Path(__file__).resolve().parents[1]
SIGN = "Training…"


def _train_page(presenting: bool) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90).run()
    at.switch_page("pages/train.py").run()
    at.session_state["presenter.active"] = presenting
    return at.run()


def _captions(at) -> list[str]:
    return [caption.value for caption in at.caption]


def test_presenter_mode_says_how_to_reach_the_settings_not_the_sidebar():
    presenting = _train_page(True)
    assert not presenting.exception
    assert not any("sidebar" in text for text in _captions(presenting))
    assert any("press P" in text for text in _captions(presenting))
    normal = _train_page(False)
    assert any("in the sidebar" in text for text in _captions(normal))


def test_a_run_in_progress_shows_a_sign_that_presenter_mode_keeps():
    at = _train_page(True)
    assert not any(SIGN in text for text in _captions(at))
    at.slider(key="train.steps").set_value(5000).run()
    at.button(key="train.play").click().run()
    assert at.session_state["train.playing"] and at.session_state["train.run"].step < 5000
    assert any(SIGN in text for text in _captions(at))
    at.button(key="train.pause").click().run()
    assert not any(SIGN in text for text in _captions(at))


def test_the_projector_style_hides_no_caption():
    hidden = re.search(r"<style>(.*?)\{\s*display:\s*none", PROJECTOR_CSS, re.S).group(1)
    assert "stStatusWidget" in hidden  # why the page needs a sign of its own
    assert "stCaption" not in hidden and "stMarkdown" not in hidden
