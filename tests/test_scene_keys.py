"""The server side of the tour's keys (pages/shared/scene_keys.py): a request from the browser moves the tour by
the presses it counted, from the scene they were counted on, held at the tour's ends; anything else moves nothing.
The browser side is tested in tests/test_browser_scene_navigation.py."""

import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from streamlit.testing.v1 import AppTest

from core.scenes import SCENES
from pages.shared import scene_keys
from pages.shared.scene_keys import HANDLED, KEY, answer, read_request, step_target, take_step

IDS = [scene.id for scene in SCENES]
ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("start", range(len(SCENES)))
@pytest.mark.parametrize("by", [-len(SCENES) - 3, -5, -1, 1, 2, 5, len(SCENES) + 3])
def test_a_step_moves_along_the_tour_and_stops_at_its_ends(start, by):
    assert step_target(IDS[start], by).id == IDS[min(max(start + by, 0), len(SCENES) - 1)]


def test_five_presses_from_the_first_scene_cross_into_the_next_lesson():
    nonce, target = answer({"from": IDS[0], "by": 5, "nonce": 7}, IDS[0])
    assert (nonce, target) == (7, SCENES[5]) and target.page != SCENES[0].page


def test_a_request_counted_on_another_scene_is_acknowledged_and_opens_nothing():
    assert answer({"from": IDS[1], "by": 1, "nonce": 3}, showing=IDS[2]) == (3, None)
    assert answer({"from": IDS[1], "by": 1, "nonce": 3}, showing=None) == (3, None)


def test_a_press_past_the_end_of_the_tour_opens_nothing():
    assert answer({"from": IDS[-1], "by": 1, "nonce": 1}, IDS[-1]) == (1, None)
    assert answer({"from": IDS[0], "by": -2, "nonce": 2}, IDS[0]) == (2, None)


@pytest.mark.parametrize("payload", [
    None, "next", 5, [IDS[0], 1, 1], {}, {"from": "nope", "by": 1, "nonce": 1},
    {"from": IDS[0], "by": "1", "nonce": 1}, {"from": IDS[0], "by": 1.0, "nonce": 1},
    {"from": IDS[0], "by": True, "nonce": 1}, {"from": IDS[0], "by": 1, "nonce": "x"},
    {"from": ["<script>"], "by": 1, "nonce": 1}, {"by": 1, "nonce": 1},
])
def test_anything_but_a_request_moves_nothing(payload):
    assert read_request(payload) is None
    assert answer(payload, IDS[0]) == (None, None)


def test_a_huge_count_is_held_to_the_tour():
    assert read_request({"from": IDS[0], "by": 10**100, "nonce": 1}) == (IDS[0], len(SCENES), 1)
    assert answer({"from": IDS[0], "by": 10**100, "nonce": 1}, IDS[0]) == (1, SCENES[-1])


def test_a_request_sent_again_moves_the_tour_once(monkeypatch):
    # The browser sends a request again when no answer came; the server answers each nonce once.
    state = {KEY: {"step": {"from": IDS[0], "by": 1, "nonce": 9}}}
    monkeypatch.setattr(scene_keys, "st", SimpleNamespace(session_state=state))
    monkeypatch.setattr(scene_keys.scene_state, "current", lambda page: IDS[0])
    opened = []
    take_step(SCENES[0].page, opened.append)
    take_step(SCENES[0].page, opened.append)
    assert opened == [SCENES[1]] and state[HANDLED] == 9
    state[KEY] = {"step": {"from": IDS[0], "by": 1, "nonce": 10}}  # the next press
    take_step(SCENES[0].page, opened.append)
    assert opened == [SCENES[1], SCENES[1]] and state[HANDLED] == 10


def test_the_script_finds_the_buttons_by_their_keys():
    # Streamlit marks a keyed element with the class st-key-<key, dots as dashes>; the script catches those clicks.
    script = (ROOT / "pages/shared/assets/scene_keys.js").read_text(encoding="utf-8")
    panel = (ROOT / "pages/shared/scene_panel.py").read_text(encoding="utf-8")
    for key in ("scene.next", "scene.previous"):
        assert f'key="{key}"' in panel
        assert f".st-key-{key.replace('.', '-')} button" in script


def test_the_buttons_have_no_key_shortcut_of_their_own():
    # Streamlit's shortcut would move the tour too: one → would count twice (the script counts the keys).
    at = AppTest.from_file(str(ROOT / "pages/bounds.py"), default_timeout=120)
    at.query_params["scene"] = "count-orbits"
    at.run()
    assert not at.exception
    for key in ("scene.next", "scene.previous"):
        assert not at.button(key=key).proto.shortcut, key
    # The keys the script reads (a clicker's Page Down / Page Up among them) are named where the room looks.
    assert "Page Down" in at.button(key="scene.next").help and "Page Up" in at.button(key="scene.previous").help


def _script_keys() -> dict[str, int]:
    """The keys the script counts as presses, with their direction (its FORWARD table)."""
    script = (ROOT / "pages/shared/assets/scene_keys.js").read_text(encoding="utf-8")
    table = re.search(r"const FORWARD = \{([^}]*)\};", script)
    assert table, "the script has no FORWARD table"
    return {key: int(by) for key, by in re.findall(r"(\w+): (-?1)\b", table.group(1))}


def test_a_clickers_page_down_and_page_up_walk_the_tour_like_the_arrows():
    # Most presentation clickers send Page Down / Page Up; the same rules as → / ← apply to them (the script
    # checks the focus for every key of the table; tests/test_browser_scene_navigation.py presses them).
    assert _script_keys() == {"ArrowRight": 1, "ArrowLeft": -1, "PageDown": 1, "PageUp": -1}


def test_the_script_is_constant_code_with_no_markup():
    script = (ROOT / "pages/shared/assets/scene_keys.js").read_text(encoding="utf-8")
    assert not re.search(r"innerHTML|insertAdjacentHTML|eval\(|new Function", script)
