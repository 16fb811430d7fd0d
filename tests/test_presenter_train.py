"""Presenter mode on the Train lesson (issue 20, point 8): the page never points at the hidden sidebar,
and a run in progress shows a sign of its own (presenter mode hides Streamlit's "running" widget)."""

import json
import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

from pages.shared.presenter import PROJECTOR_CSS
from pages.shared.train.player import ASSETS
from tests.train_player import send

ROOT = Path(__file__).resolve().parents[1]
SIGN = "Training…"
PLAYER_JS = (ASSETS / "player.js").read_text(encoding="utf-8")


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
    # The sign is the player's own text (pages/shared/assets/player.js; tests/test_browser_train_player.py
    # sees it in presenter mode); here: the page keeps the run's state and the player gets presenter styling.
    at = _train_page(True)
    assert player_data_of(at)["presenting"] is True
    at.slider(key="train.steps").set_value(5000).run()
    send(at, "request", have=1, target=5000, showing=0, playing=True)
    assert at.session_state["train.playing"] and at.session_state["train.run"].step < 5000
    send(at, "settle", step=at.session_state["train.trajectory"].frames[1].step)
    assert not at.session_state["train.playing"]
    assert "Training…" in PLAYER_JS and "eqp-sign" in PLAYER_JS


def player_data_of(at) -> dict:
    return json.loads(at.get("bidi_component")[0].proto.json)


def test_the_projector_style_hides_no_caption():
    hidden = re.search(r"<style>(.*?)\{\s*display:\s*none", PROJECTOR_CSS, re.S).group(1)
    assert "stStatusWidget" in hidden  # why the page needs a sign of its own
    assert "stCaption" not in hidden and "stMarkdown" not in hidden
    assert "BidiComponent" not in hidden and "eqp" not in hidden  # the player and its sign stay
