"""The guided scenes of "Two runs, one valley": valid link values, phrases that match their text, every
scene opening from its link with its settings, every phrase setting the controls it names, and scene texts
that state no number (the numbers are the page's computed sentences, tested in tests/test_valley_page.py)."""

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from core.links.url_state import is_valid
from core.links.valley import FIELDS
from core.scenes import SCENES as TOUR
from core.scenes import scenes_of

ROOT = Path(__file__).resolve().parents[1]
BY_NAME = {field.name: field for field in FIELDS}
SCENES = scenes_of("valley")


def test_scene_settings_are_valid_values_and_phrases_match_the_text():
    assert list(SCENES) == ["two-runs-one-valley", "barrier-against-width"]
    assert [scene.id for scene in TOUR[-2:]] == list(SCENES)  # the tour ends with the lesson, after the init lesson
    for scene in SCENES.values():
        for name, value in scene.settings.items():
            assert is_valid(BY_NAME[name], value), (scene.id, name, value)
        for phrase in scene.phrases:
            for name, value in phrase.settings.items():
                assert is_valid(BY_NAME[name], value), (scene.id, phrase.text, name)
        assert sorted(scene.marked_phrases()) == sorted(p.text for p in scene.phrases), scene.id


@pytest.mark.parametrize("scene_id", list(SCENES))
def test_a_scene_text_states_no_measured_number(scene_id):
    """Only the phrases' own settings (a width of 64) and the digits' 8×8 may appear as numbers."""
    text = SCENES[scene_id].text.replace("8×8", "").replace("64 hidden units", "")
    assert re.findall(r"\d", re.sub(r"\[PAPER: (Entezari 2022|Ainsworth 2023)\]", "", text)) == [], text


def _open(query: dict) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    at.switch_page("pages/valley.py").run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    return at


def test_each_scene_opens_from_its_link_and_each_phrase_sets_its_controls():
    for scene in SCENES.values():
        at = _open({"scene": scene.id})
        for name, value in scene.settings.items():
            assert at.session_state[BY_NAME[name].key] == value, (scene.id, name)
        assert any(scene.title in m.value for m in at.markdown), scene.id
        for phrase in scene.phrases:
            at.button(key=f"scene.phrase.{scene.id}.{phrase.text}").click().run()
            assert not at.exception and not at.error, phrase.text
            for name, value in phrase.settings.items():
                assert at.session_state[BY_NAME[name].key] == value, (phrase.text, name)
