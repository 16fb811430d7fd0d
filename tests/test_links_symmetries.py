"""The symmetry lesson's link: fields, the move-list and Train-network codecs, scenes, and the promise that a
link with moves reproduces the moved weights and max |Δf| bit for bit."""

import dataclasses
import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core import limits
from core.engine.experiment import Experiment
from core.engine.init_schemes import init_params
from core.exports.network_json import decode, encode
from core.exports.stamp import stamped_json
from core.links import PAGE_FIELDS
from core.links.experiment import experiment_text, read_experiment
from core.links.moves import check_fits, moves_text, normalised, read_moves
from core.links.symmetries import (
    FIELDS,
    GALLERY_SEED,
    GALLERY_TWINS,
    LAYER,
    MOVE_SCALES,
    ORBIT_SCALES,
    SOURCES,
    TABS,
    UNIT,
)
from core.links.url_state import decode_query, encode_query, is_valid
from core.scenes import scenes_of
from core.symmetry.lesson import run_lesson
from core.symmetry.moves import ACTIONS, KINDS, VARIANTS, MoveSpec, variants_for

BY_NAME = {f.name: f for f in FIELDS}


# ---------------------------------------------------------------- strategies

def move_specs():
    kinds = st.sampled_from(tuple(KINDS))
    return kinds.flatmap(lambda kind: st.builds(
        MoveSpec, st.just(kind), layer=st.integers(*LAYER), unit=st.integers(*UNIT), other=st.integers(*UNIT),
        scale=st.floats(min_value=5e-324, max_value=1e6, allow_nan=False, allow_infinity=False),
        seed=st.integers(*limits.SEED),
        variant=st.sampled_from(("right", "incoming_only") if kind in ("flip", "rescale") else ("right",)))
    ).map(normalised)


def short_histories():
    return st.lists(move_specs(), max_size=limits.SYMMETRY_LINK_MOVES).filter(_fits).map(tuple)


def _fits(history) -> bool:
    try:
        check_fits(history)
        return True
    except ValueError:
        return False


def experiments():
    return st.builds(
        Experiment, dataset=st.sampled_from(("moons", "circles", "xor", "sine")),
        n_samples=st.integers(*limits.N_SAMPLES), noise=st.floats(*limits.NOISE),
        test_fraction=st.floats(*limits.TEST_FRACTION),
        hidden=st.lists(st.integers(*limits.HIDDEN_WIDTH), min_size=1, max_size=limits.HIDDEN_LAYERS[1]).map(tuple),
        activation=st.sampled_from(("tanh", "relu", "sigmoid")), init_scheme=st.sampled_from(("xavier", "he")),
        init_scale=st.floats(*limits.INIT_SCALE), optimizer=st.sampled_from(("gd", "sgd", "adam")),
        learning_rate=st.floats(*limits.LEARNING_RATE), batch_size=st.none() | st.integers(*limits.BATCH_SIZE),
        steps=st.integers(*limits.STEPS), data_seed=st.integers(*limits.SEED), init_seed=st.integers(*limits.SEED))


def values():
    return st.fixed_dictionaries({
        "net": st.sampled_from(SOURCES), "run": st.none() | experiments(), "move": st.sampled_from(ACTIONS),
        "layer": st.integers(*LAYER), "unit": st.integers(*UNIT), "with": st.integers(*UNIT),
        "c": st.sampled_from(MOVE_SCALES), "how": st.sampled_from(tuple(VARIANTS)), "moves": short_histories(),
        "tab": st.sampled_from(TABS), "olayer": st.integers(*LAYER), "ounit": st.integers(*UNIT),
        "oc": st.sampled_from(ORBIT_SCALES), "twins": st.integers(*GALLERY_TWINS),
        "gseed": st.integers(*GALLERY_SEED), "align": st.booleans()})


# ---------------------------------------------------------------- fields

def test_the_page_is_registered_and_every_default_is_valid():
    assert PAGE_FIELDS["symmetries"] is FIELDS
    assert len({f.name for f in FIELDS}) == len(FIELDS) and len({f.key for f in FIELDS}) == len(FIELDS)
    for field in FIELDS:
        assert is_valid(field, field.default), field.name


def test_defaults_round_trip():
    defaults = {f.name: f.default for f in FIELDS}
    decoded = decode_query(FIELDS, encode_query(FIELDS, defaults))
    assert decoded.values == defaults and not decoded.warnings


@settings(max_examples=150, deadline=None)
@given(values())
def test_random_valid_values_round_trip_bit_for_bit(chosen):
    decoded = decode_query(FIELDS, encode_query(FIELDS, chosen))
    assert not decoded.warnings
    assert decoded.values == chosen
    assert repr(decoded.values["c"]) == repr(chosen["c"])


def test_the_widgets_share_the_fields_options():
    from pages.shared.symmetries import orbit  # noqa: F401  (imports the same constants)
    assert BY_NAME["c"].options == MOVE_SCALES and 2.0 in MOVE_SCALES
    assert BY_NAME["oc"].options == ORBIT_SCALES
    assert BY_NAME["move"].options == ACTIONS and BY_NAME["how"].options == tuple(VARIANTS)


# ---------------------------------------------------------------- the move list

@settings(max_examples=200, deadline=None)
@given(short_histories())
def test_moves_text_round_trips_exactly(history):
    text = moves_text(history)
    assert read_moves(text) == history
    assert moves_text(read_moves(text)) == text


@settings(max_examples=100, deadline=None)
@given(st.floats(min_value=5e-324, max_value=1e6, allow_nan=False))
def test_a_scale_comes_back_as_the_same_double(c):
    (spec,) = read_moves(moves_text([MoveSpec("rescale", 1, 0, scale=c)]))
    assert spec.scale == c and np.float64(spec.scale).tobytes() == np.float64(c).tobytes()


def test_the_text_is_short_and_readable():
    history = [MoveSpec("swap", 1, 0, 1), MoveSpec("flip", 2, 3), MoveSpec("rescale", 1, 2, scale=4.0),
               MoveSpec("permute_layer", 2, seed=7), MoveSpec("random_element", seed=5), MoveSpec("canonical"),
               MoveSpec("swap", 1, 2, 5, variant="incoming_only")]
    assert moves_text(history) == "s1.0.1_f2.3_r1.2.4.0_p2.7_g5_c_s1.2.5~io"
    assert moves_text([]) == "" and read_moves("") == ()


def test_normalising_drops_only_what_the_kind_ignores():
    spec = MoveSpec("flip", 1, 2, other=7, scale=9.0, seed=11, variant="ignore_rule")
    assert normalised(spec) == MoveSpec("flip", 1, 2, variant="ignore_rule")
    assert normalised(MoveSpec("permute_layer", 2, 3, other=4, seed=9)) == MoveSpec("permute_layer", 2, seed=9)


@pytest.mark.parametrize("text", [
    "x", "s1.0", "s1.0.1.2", "s0.0.1", "s9.0.1", "s1.0.256", "s1.-1.1", "s1.01.1", "s1.0.1~zz", "c~io", "c1",
    "f1.2~nb", "r1.0.0.0", "r1.0.-1.0", "r1.0.nan", "r1.0.inf", "r1.0.2e6", "r1.0.abc", "g4294967296", "g", "p1",
    "s1.0.1__f1.2", "_".join(["c"] * (limits.SYMMETRY_LINK_MOVES + 1)), "c" * 301, "s1.0.1;f1.2",
    "s1.0.１",
])
def test_the_move_reader_refuses_garbage_with_a_reason(text):
    with pytest.raises(ValueError) as error:
        read_moves(text)
    assert "move" in str(error.value)


def test_a_bad_move_list_in_a_link_falls_back_with_a_warning():
    decoded = decode_query(FIELDS, {"moves": "s1.0.1_zz", "layer": "2"})
    assert decoded.values["moves"] == () and decoded.values["layer"] == 2
    assert any("moves=s1.0.1_zz" in w and "'zz'" in w for w in decoded.warnings)


def test_the_cap_on_moves():
    history = [MoveSpec("canonical")] * limits.SYMMETRY_LINK_MOVES
    check_fits(history)
    with pytest.raises(ValueError, match=f"at most {limits.SYMMETRY_LINK_MOVES}"):
        check_fits(history + [MoveSpec("canonical")])
    with pytest.raises(ValueError, match="characters"):
        check_fits([MoveSpec("rescale", 8, 255, scale=1.2345678901234567e-300, variant="incoming_only")] * 10)


def test_a_link_with_moves_reproduces_the_weights_and_the_gap_bit_for_bit(moons):
    train, test = moons
    params = init_params((2, 5, 4, 1), scheme="xavier", scale=1.0, rng=np.random.default_rng(3))
    for activation in ("tanh", "relu"):
        flip_or_stretch = MoveSpec("flip", 1, 2) if activation == "tanh" else MoveSpec("rescale", 2, 1, scale=0.1 + 0.2)
        history = (MoveSpec("swap", 1, 0, 3), flip_or_stretch, MoveSpec("permute_layer", 2, seed=12345),
                   MoveSpec("random_element", seed=4_000_000_000), MoveSpec("canonical"),
                   MoveSpec("swap", 2, 1, 2, variant="incoming_only"))
        original = run_lesson(params, activation, [train, test], history)
        query = encode_query(FIELDS, {**{f.name: f.default for f in FIELDS}, "moves": history})
        replayed = run_lesson(params, activation, [train, test], decode_query(FIELDS, query).values["moves"])
        for a, b in zip(original.current.weights + original.current.biases,
                        replayed.current.weights + replayed.current.biases):
            assert a.tobytes() == b.tobytes()
        assert replayed.proof.gap == original.proof.gap > 1e-6  # the last move is broken on purpose


def test_the_page_keeps_only_normalised_moves():
    """A spec as the page builds it (every control's value) reads back from the link as the same spec."""
    built = normalised(MoveSpec("swap", 1, 2, 5, scale=4.0, seed=0, variant="right"))
    assert read_moves(moves_text([built])) == (built,)


# ---------------------------------------------------------------- the Train lesson's network

@settings(max_examples=150, deadline=None)
@given(experiments())
def test_experiment_text_round_trips(experiment):
    assert read_experiment(experiment_text(experiment)) == experiment


def test_experiment_text_reads_well():
    trained = dataclasses.replace(Experiment(), steps=321, init_seed=3)
    assert experiment_text(trained) == "moons~200~0.2~0.3~8-8~tanh~xavier~1.0~adam~0.03~full~321~0~3"
    assert experiment_text(None) == "" and read_experiment("") is None


@pytest.mark.parametrize("text", [
    "moons", "moons~200~0.2~0.3~8-8~tanh~xavier~1.0~adam~0.03~full~321~0",
    "blobs~200~0.2~0.3~8-8~tanh~xavier~1.0~adam~0.03~full~321~0~3",
    "moons~2~0.2~0.3~8-8~tanh~xavier~1.0~adam~0.03~full~321~0~3",
    "moons~200~nan~0.3~8-8~tanh~xavier~1.0~adam~0.03~full~321~0~3",
    "moons~200~0.2~0.3~8-0~tanh~xavier~1.0~adam~0.03~full~321~0~3",
    "moons~200~0.2~0.3~1-1-1-1-1-1-1-1-1~tanh~xavier~1.0~adam~0.03~full~321~0~3",
    "moons~200~0.2~0.3~8-8~tanh~xavier~1.0~adam~0.03~half~321~0~3",
    "moons~200~0.2~0.3~8-8~tanh~xavier~1.0~adam~0.03~full~999999999999999~0~3",
    "moons~200~0.2~0.3~8-8~tanh~xavier~1.0~adam~0.03~full~-1~0~3",
    "moons~200~0.2~0.3~~tanh~xavier~1.0~adam~0.03~full~321~0~3",
])
def test_the_experiment_reader_refuses_garbage_with_a_reason(text):
    field = BY_NAME["run"]
    with pytest.raises(ValueError):
        field.parse(text)


# ---------------------------------------------------------------- scenes

SCENES = scenes_of("symmetries")


def test_at_least_the_five_scenes():
    titles = [scene.title for scene in SCENES.values()]
    assert titles == ["Swap two units", "Flip a tanh unit", "Stretch a ReLU unit", "Break it", "Count the twins"]


@pytest.mark.parametrize("scene", SCENES.values(), ids=list(SCENES))
def test_scene_settings_and_phrases_are_valid(scene):
    assert scene.settings.get("moves"), "each scene shows its move already applied"
    for settings_ in [scene.settings] + [phrase.settings for phrase in scene.phrases]:
        for name, value in settings_.items():
            assert name in BY_NAME and is_valid(BY_NAME[name], value), (scene.id, name, value)
    assert sorted(scene.marked_phrases()) == sorted(phrase.text for phrase in scene.phrases)
    assert scene.question.endswith("?")


@pytest.mark.parametrize("scene", SCENES.values(), ids=list(SCENES))
def test_scene_moves_are_possible_for_the_scene_network(scene, moons):
    """Every move list a scene or phrase applies replays on its 2-8-8-1 preset (the variant exists)."""
    train, test = moons
    params = init_params((2, 8, 8, 1), scheme="xavier", scale=1.0, rng=np.random.default_rng(0))
    for settings_ in [scene.settings] + [dict(scene.settings, **phrase.settings) for phrase in scene.phrases]:
        net = settings_.get("net", "tanh")
        run_lesson(params, net, [train, test], settings_["moves"])
        assert settings_.get("how", "right") in variants_for(settings_.get("move", "swap"), net)


def test_break_it_breaks_and_the_others_do_not(moons):
    train, test = moons
    params = init_params((2, 8, 8, 1), scheme="xavier", scale=1.0, rng=np.random.default_rng(0))
    for scene in SCENES.values():
        gap = run_lesson(params, scene.settings["net"], [train, test], scene.settings["moves"]).proof.gap
        assert (gap > 1e-3) if scene.id == "break-it" else (gap <= 1e-12), scene.id


# ---------------------------------------------------------------- exported files carry their provenance

def test_an_exported_file_with_provenance_still_imports():
    params = init_params((2, 3, 1), scheme="xavier", scale=1.0, rng=np.random.default_rng(0))
    link = "http://localhost:8501/symmetries?net=tanh&moves=s1.0.1_c"
    text = json.dumps(stamped_json(json.loads(encode(params, "tanh")), link, {"gseed": 4, "data_seed": 0}))
    file = decode(text)
    assert file.provenance == {"link": link, "seeds": {"gseed": 4, "data_seed": 0}, "app": "Equivalence Lab"}
    assert all(a.tobytes() == b.tobytes() for a, b in zip(file.params.weights, params.weights))
