"""core.links.url_state: forgiving decoding (bad values fall back with a named warning), exact encoding."""

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from core.links.symmetries import FIELDS as SYMMETRY_FIELDS
from core.links.train import FIELDS as TRAIN_FIELDS
from core.links.url_state import (
    MAX_KEYS,
    MAX_VALUE_CHARS,
    bool_field,
    choice_field,
    choices_field,
    custom_field,
    decode_query,
    encode_query,
    float_field,
    floats_field,
    int_field,
    is_valid,
    share_link,
)

FIELDS = (
    int_field("w1", "k.w1", 8, (1, 64)),
    float_field("noise", "k.noise", 0.2, (0.0, 1.0)),
    float_field("lr", "k.lr", 0.03, options=(0.001, 0.03, 0.1)),
    choice_field("data", "k.data", "moons", ("moons", "circles")),
    bool_field("eq", "k.eq", True),
    floats_field("xr", "k.xr", (-4.0, 4.0), (-10.0, 10.0), 2),
    choices_field("sch", "k.sch", ("a", "b"), ("a", "b", "c")),
)
DEFAULTS = {f.name: f.default for f in FIELDS}


def test_an_empty_link_gives_the_defaults_and_no_warning():
    decoded = decode_query(FIELDS, {})
    assert decoded.values == DEFAULTS and decoded.warnings == () and not decoded.hidden


def test_a_bad_value_falls_back_and_the_warning_names_it():
    decoded = decode_query(FIELDS, {"w1": "abc", "noise": "7", "lr": "0.5", "data": "<script>x</script>"})
    assert decoded.values == DEFAULTS
    text = " | ".join(decoded.warnings)
    assert "`w1=abc` is not an integer; using 8" in text
    assert "`noise=7` is outside [0.0, 1.0]; using 0.2" in text
    assert "`lr=0.5` is not one of 0.001, 0.03, 0.1" in text
    assert "data=<script>x</script>" in text and "using moons" in text


def test_non_finite_and_huge_numbers_are_refused():
    for text in ("nan", "inf", "-inf", "1e999", "9" * 5000):
        decoded = decode_query(FIELDS, {"noise": text, "w1": text})
        assert decoded.values == DEFAULTS, text
        assert len(decoded.warnings) == 2


def test_unknown_keys_are_ignored_with_a_note():
    decoded = decode_query(FIELDS, {"zzz": "1", "w1": "3"})
    assert decoded.values["w1"] == 3
    assert decoded.warnings == ("`zzz` is not a setting of this page; ignored",)


def test_hide_flags_in_both_spellings():
    decoded = decode_query(FIELDS, {"hide": "noise, lr,nope", "eq_hide": "true", "w1_hide": "false"})
    assert decoded.hidden == {"noise", "lr", "eq"}
    assert any("hide=nope" in w for w in decoded.warnings)


def test_scene_and_presenter_flags():
    assert decode_query(FIELDS, {"scene": "s1", "present": "1"}, scenes=("s1",)).scene == "s1"
    assert decode_query(FIELDS, {"present": "yes"}).present
    unknown = decode_query(FIELDS, {"scene": "nope"}, scenes=("s1",))
    assert unknown.scene is None and "scene=nope" in unknown.warnings[0]


def test_a_link_that_hides_a_control_or_says_student_is_a_student_link():
    for query in ({"hide": "noise"}, {"eq_hide": "true"}, {"student": "1"}, {"student": "yes", "w1": "3"}):
        decoded = decode_query(FIELDS, query)
        assert decoded.student, query
        assert decoded.warnings == ()  # "student" is a flag, not an unknown setting
    for query in ({}, {"w1": "3"}, {"student": "0"}, {"hide": "nope"}, {"eq_hide": "false"}):
        assert not decode_query(FIELDS, query).student, query


def test_a_student_link_keeps_student_1_when_written_back():
    hidden = encode_query(FIELDS, DEFAULTS, hidden={"noise"})
    assert hidden["student"] == "1" and decode_query(FIELDS, hidden).student
    flagged = encode_query(FIELDS, DEFAULTS, student=True)
    assert flagged["student"] == "1" and "hide" not in flagged
    assert "student" not in encode_query(FIELDS, DEFAULTS)


def test_the_lessons_settings_carry_their_names_on_screen():
    assert int_field("w1", "k.w1", 8, (1, 64)).label == ""
    for fields in (TRAIN_FIELDS, SYMMETRY_FIELDS):  # a sentence about these lessons' settings shows no code name
        assert all(f.label for f in fields)


def test_too_many_keys_and_too_long_values_are_cut_before_parsing():
    query = {f"k{i}": "1" for i in range(MAX_KEYS + 50)}
    decoded = decode_query(FIELDS, query)
    assert f"only the first {MAX_KEYS} were read" in decoded.warnings[0]
    assert len(decoded.warnings) == MAX_KEYS + 1
    long = decode_query(FIELDS, {"data": "m" * (MAX_VALUE_CHARS + 1)})
    assert "longer than" in long.warnings[0] and len(long.warnings[0]) < 200


def test_a_repeated_key_uses_its_last_value():
    assert decode_query(FIELDS, {"w1": ["3", "5"]}).values["w1"] == 5


def test_custom_fields_report_their_readers_refusals():
    moves = custom_field("m", "k.m", (), lambda t: tuple(int(x) for x in t.split(",")) if t else (),
                         lambda v: ",".join(map(str, v)))
    assert decode_query([moves], {"m": "1,2"}).values["m"] == (1, 2)
    decoded = decode_query([moves], {"m": "1,x"})
    assert decoded.values["m"] == () and "m=1,x" in decoded.warnings[0]


values = st.fixed_dictionaries({
    "w1": st.integers(1, 64), "noise": st.floats(0.0, 1.0), "lr": st.sampled_from((0.001, 0.03, 0.1)),
    "data": st.sampled_from(("moons", "circles")), "eq": st.booleans(),
    "xr": st.tuples(st.floats(-10.0, 10.0), st.floats(-10.0, 10.0)),
    "sch": st.lists(st.sampled_from("abc"), unique=True).map(tuple),
})


@settings(max_examples=300, deadline=None)
@given(values)
def test_encode_then_decode_is_exact(chosen):
    decoded = decode_query(FIELDS, encode_query(FIELDS, chosen))
    assert decoded.warnings == ()
    for name, value in chosen.items():
        assert decoded.values[name] == value
        if isinstance(value, float):
            assert math.copysign(1, decoded.values[name]) == math.copysign(1, value)  # -0.0 survives too


def test_is_valid_agrees_with_the_decoder():
    assert is_valid(FIELDS[0], 64) and not is_valid(FIELDS[0], 65) and not is_valid(FIELDS[0], "8")
    assert is_valid(FIELDS[2], 0.1) and not is_valid(FIELDS[2], 0.2)


def test_share_link_replaces_the_old_query():
    assert share_link("http://host/train?a=1#x", {"w1": "3", "xr": "-1.0,1.0"}) == \
        "http://host/train?w1=3&xr=-1.0%2C1.0"


def test_a_student_link_never_opens_presenter_mode_and_says_so():
    """Issue 20 point 2 (review D2): presenter mode hides the sidebar, and a student link has no switch to leave it."""
    for query in ({"hide": "data", "present": "1"}, {"data_hide": "true", "present": "yes"},
                  {"student": "1", "present": "1"}):
        decoded = decode_query(FIELDS, query)
        assert decoded.student and not decoded.present, query
        assert [w for w in decoded.warnings if w.startswith("`present=1`")], decoded.warnings
    plain = decode_query(FIELDS, {"present": "1"})  # the teacher's own link keeps it, without a word
    assert plain.present and not plain.student and plain.warnings == ()


def test_a_student_link_is_never_written_with_present():
    for flags in (dict(hidden=("data",)), dict(student=True)):
        query = encode_query(FIELDS, DEFAULTS, present=True, **flags)
        assert "present" not in query and query["student"] == "1", flags
    assert encode_query(FIELDS, DEFAULTS, present=True)["present"] == "1"
