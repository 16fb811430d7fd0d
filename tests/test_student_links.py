"""Student links (issue 20 point 2) and browser history (point 4), through AppTest.

A student link (``hide=`` or ``student=1``) is the teacher's setup: the hidden controls keep the link's values
against scenes, phrases and presets, the tour and the presenter switch are gone, the page says once which
settings are fixed, and the link keeps ``student=1``. Back/Forward (a query of a view the session has shown)
never rewinds the run the session holds.
"""

from pathlib import Path

from streamlit.testing.v1 import AppTest

from core.links import PAGE_RECORDS
from core.links.train import FIELDS as TRAIN_FIELDS
from core.links.url_state import decode_query
from core.scenes import SCENES
from pages.shared.session import PRESENTER_ACTIVE, SCENE_PENDING

ROOT = Path(__file__).resolve().parents[1]
TRAIN_KEYS = {f.name: f.key for f in TRAIN_FIELDS}
SCENES_BY_ID = {scene.id: scene for scene in SCENES}
# The link of issue 20 point 2, as a teacher sends it to a phone.
STUDENT_LINK = {"data": "spiral", "layers": "2", "w1": "16", "w2": "16", "hide": "data,layers,w1,w2",
                "noise_hide": "true", "lr_hide": "true"}


def _open(page: str, query: dict) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.switch_page(page)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def _written(at) -> dict:
    return {key: (value[-1] if isinstance(value, list) else value) for key, value in at.query_params.items()}


def _locked_values(query: dict) -> dict:
    """The oracle: what the link itself decodes to, for each control it hides."""
    decoded = decode_query(TRAIN_FIELDS, query)
    assert decoded.hidden == {"data", "layers", "w1", "w2", "noise", "lr"}
    return {name: decoded.values[name] for name in decoded.hidden}


def _assert_locked(at, expected: dict) -> None:
    assert not at.exception, [e.value for e in at.exception]
    for name, value in expected.items():
        assert at.session_state[TRAIN_KEYS[name]] == value, name


def _button_keys(at) -> set:
    return {button.key for button in at.button}


def test_a_student_link_drops_the_tour_and_the_presenter_switch_and_keeps_student_in_the_link():
    at = _open("pages/train.py", STUDENT_LINK)
    keys = _button_keys(at)
    assert not {key for key in keys if key and key.startswith("scene.")}, keys
    assert "presenter.toggle" not in keys
    written = _written(at)
    assert written["student"] == "1" and written["hide"] == "data,noise,layers,w1,w2,lr"
    reopened = _open("pages/train.py", written)  # written back, it is still the same student link
    assert _written(reopened) == written


def test_the_page_says_once_which_settings_the_teacher_fixed():
    at = _open("pages/train.py", STUDENT_LINK)
    hidden = decode_query(TRAIN_FIELDS, STUDENT_LINK).hidden
    sentences = [c.value for c in at.caption if "teacher fixed" in c.value]
    assert len(sentences) == 1
    for field in TRAIN_FIELDS:  # every hidden control by its name on screen, and no other
        assert (field.label in sentences[0]) == (field.name in hidden), field.name


def test_a_student_link_with_present_1_opens_with_the_sidebar_and_never_writes_present():
    """Review D2: /train?data=spiral&hide=data&present=1 opened presenter mode (no sidebar) with no way out."""
    at = _open("pages/train.py", {"data": "spiral", "hide": "data", "present": "1"})
    assert not at.exception
    assert not at.session_state[PRESENTER_ACTIVE]
    assert "present" not in _written(at) and _written(at)["student"] == "1"
    assert any("`present=1` is for the teacher's projector" in w.value for w in at.warning)
    sidebar = {w.key for w in at.sidebar.slider} | {w.key for w in at.sidebar.selectbox}
    assert TRAIN_KEYS["noise"] in sidebar and TRAIN_KEYS["data"] not in sidebar  # the unlocked controls are there
    at.session_state[PRESENTER_ACTIVE] = True  # presenter mode turned on by any other way (the home page's switch)
    at.run()
    assert "present" not in _written(at) and "presenter.toggle" not in _button_keys(at)
    assert not [h for h in at.get("html") if "stSidebar" in str(h.proto)]  # no projector stylesheet hiding the sidebar


def test_a_plain_link_keeps_the_tour_and_the_presenter_switch():
    at = _open("pages/train.py", {"data": "spiral"})
    keys = _button_keys(at)
    assert "scene.start.train-a-network" in keys and "presenter.toggle" in keys
    assert "student" not in _written(at)


def test_student_1_alone_is_a_student_link_for_the_whole_session():
    at = _open("pages/train.py", {"student": "1"})
    assert "scene.start.train-a-network" not in _button_keys(at)
    assert _written(at)["student"] == "1"
    at.switch_page("pages/symmetries.py").run()  # by the sidebar: still no tour, still student=1
    assert not at.exception
    assert not {key for key in _button_keys(at) if key and key.startswith("scene.")}
    assert _written(at)["student"] == "1"


def test_a_scene_cannot_overwrite_the_settings_a_student_link_fixed():
    """The scene "Train a network" sets moons with 8-8 units; its start button (or Next) asks for it."""
    at = _open("pages/train.py", STUDENT_LINK)
    at.session_state[SCENE_PENDING] = {"train": "train-a-network"}  # what the start button's callback does
    at.run()
    _assert_locked(at, _locked_values(STUDENT_LINK))
    assert at.session_state[TRAIN_KEYS["act"]] == "tanh"  # the scene's other settings still apply
    assert _written(at)["data"] == "spiral" and _written(at)["w1"] == "16"


def _phrase_buttons(at, scene_id: str) -> dict:
    prefix = f"scene.phrase.{scene_id}."
    return {b.key[len(prefix):]: b for b in at.button if b.key and b.key.startswith(prefix)}


def _phrases_left(query: dict, scene_id: str) -> dict:
    """The oracle, from the link's hidden set: each phrase that still sets something (its settings other than
    the Train lesson's step record, not all fixed by the teacher), with the labels of the fixed ones."""
    hidden, labels = decode_query(TRAIN_FIELDS, query).hidden, {f.name: f.label for f in TRAIN_FIELDS}
    left = {}
    for phrase in SCENES_BY_ID[scene_id].phrases:
        settings = [name for name in phrase.settings if name not in PAGE_RECORDS["train"]]
        if not settings or not set(settings) <= hidden:
            left[phrase.text] = [labels[name] for name in settings if name in hidden]
    return left


def test_a_phrase_whose_settings_the_teacher_all_fixed_is_not_drawn():
    """Review D6: on the issue's link every phrase of "Train a network" touches only fixed settings."""
    query = {**STUDENT_LINK, "scene": "train-a-network"}
    at = _open("pages/train.py", query)
    assert not at.exception
    assert _phrases_left(query, "train-a-network") == {}  # the reported case: all three would do nothing
    assert _phrase_buttons(at, "train-a-network") == {}
    assert not [c for c in at.caption if c.value == "Try:"]  # and no empty "Try:" row
    assert "scene.next" not in _button_keys(at)
    # The scene's text speaks of moons with 8-8 units: the page says which fixed settings differ from it.
    note = [c.value for c in at.caption if "scene's text describes" in c.value]
    assert note == ["This scene's text describes its own settings; the teacher's link keeps Dataset spiral (the scene: "
                    "moons), Layer 1 units 16 (the scene: 8), Layer 2 units 16 (the scene: 8)."]


def test_a_phrase_says_which_settings_it_leaves_as_the_teacher_set_them_and_keeps_them():
    query = {"data": "spiral", "hide": "data", "scene": "train-a-network"}
    at = _open("pages/train.py", query)
    left, buttons = _phrases_left(query, "train-a-network"), _phrase_buttons(at, "train-a-network")
    assert set(buttons) == set(left) == {"a spiral", "one layer of 2 units", "back to the moons"}
    for text, kept in left.items():
        helped = buttons[text].help
        assert all(label in helped for label in kept) and (" leaves " in helped) == bool(kept), (text, helped)
    assert "leaves Dataset as the teacher set it" in buttons["back to the moons"].help
    buttons["back to the moons"].click().run()
    _assert_locked(at, {"data": "spiral"})
    assert at.session_state[TRAIN_KEYS["w1"]] == 8  # the phrase's other settings still apply


def test_a_preset_cannot_overwrite_a_setting_a_student_link_fixed():
    at = _open("pages/symmetries.py", {"net": "tanh", "moves": "s1.0.1", "hide": "moves"})
    assert at.session_state["sym.history"] and not at.exception
    assert [c.value for c in at.caption if "teacher fixed this setting" in c.value][0].endswith(
        "link: Moves applied. They keep the link's values; the other controls are yours.")
    moves = at.session_state["sym.history"]
    at.button(key="sym.preset.tanh").click().run()  # a preset starts its moves afresh, unless they are fixed
    assert at.session_state["sym.history"] == moves
    assert _written(at)["moves"] == "s1.0.1"


def _sidebar_to(at, page: str) -> AppTest:
    """A click in the sidebar: the other page, opened without a query."""
    at.query_params.clear()
    return at.switch_page(page).run()


def _back_to(at, page: str, query: dict) -> AppTest:
    """Back (or Forward) to a history entry: the page reruns with the entry's query."""
    at.query_params.clear()
    at.switch_page(page)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def _steps_caption(at) -> str:
    return " ".join(c.value for c in at.caption if "training steps" in c.value)


def test_back_to_a_view_of_the_same_settings_keeps_the_run_and_its_step():
    at = _open("pages/train.py", {"steps": "2000", "step": "40"})
    assert at.session_state["train.run"].step == 40
    older = {**_written(at), "step": "0"}  # an older entry of the same view: the link lags the run
    _sidebar_to(at, "pages/symmetries.py")
    assert "40 training steps" in _steps_caption(at)
    symmetry_view = _written(at)
    _back_to(at, "pages/train.py", older)
    assert not at.exception
    assert at.session_state["train.run"].step == 40  # kept, not rewound to 0
    assert _written(at)["step"] == "40"              # and the entry now says so
    _back_to(at, "pages/symmetries.py", symmetry_view)  # Forward
    assert "40 training steps" in _steps_caption(at)


def test_back_to_a_view_of_other_settings_shows_that_view_at_its_step():
    at = _open("pages/train.py", {"steps": "2000", "step": "40"})
    earlier = {**_written(at), "iseed": "5", "step": "20"}  # before the init seed was changed
    _back_to(at, "pages/train.py", earlier)
    run = at.session_state["train.run"]
    assert run.step == 20 and at.session_state["train.init_seed"] == 5


def test_a_scene_link_arriving_in_a_student_session_keeps_the_teachers_locks():
    """A scene's link (what Next to another page opens) carries no hide=: the session keeps the locks."""
    at = _open("pages/train.py", STUDENT_LINK)
    _back_to(at, "pages/train.py", {"scene": "train-a-network"})
    _assert_locked(at, _locked_values(STUDENT_LINK))
    assert _written(at)["hide"] == "data,noise,layers,w1,w2,lr" and _written(at)["student"] == "1"
