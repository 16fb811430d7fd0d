"""The link schema and scenes of "Count functions, not weights": defaults valid, round trips exact,
garbage refused with a reason, and every number a scene quotes is what the page computes."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core import limits
from core.bounds import claims
from core.bounds.report import bounds_report
from core.bounds.settings import BoundsSettings, parse_hidden_widths
from core.bounds.trends import RISES, classify_trend
from core.links.bounds import FIELDS, LOG_VIEW, PER_LAYER, RAW_VIEW, UNIFORM, WIDTH_OPTIONS, read_widths, write_widths
from core.links.url_state import MAX_VALUE_CHARS, decode_query, encode_query, is_valid
from core.scenes import scenes_of
from core.scenes.bounds import COUNT_ORBITS, LN_N_MOVES, SCENES, WIDTH_GROWS

BY_NAME = {f.name: f for f in FIELDS}


def test_names_and_keys_are_unique_and_short():
    assert len({f.name for f in FIELDS}) == len(FIELDS) and len({f.key for f in FIELDS}) == len(FIELDS)
    assert all(len(f.name) <= 10 and f.key.startswith("bounds.") for f in FIELDS)


@pytest.mark.parametrize("field", FIELDS, ids=lambda f: f.name)
def test_every_default_is_valid(field):
    assert is_valid(field, field.default)


def test_defaults_round_trip_and_match_the_core_defaults():
    query = encode_query(FIELDS, {})
    decoded = decode_query(FIELDS, query)
    assert decoded.warnings == () and decoded.values == {f.name: f.default for f in FIELDS}
    default = BoundsSettings()
    assert parse_hidden_widths(BY_NAME["widths"].default) == default.hidden
    assert (BY_NAME["depth"].default, BY_NAME["d0"].default, BY_NAME["eps"].default) == \
        (default.depth, default.input_dim, default.eps)


def test_the_link_names_the_seed_so_exports_stamp_it():
    assert [f.name for f in FIELDS if "seed" in f.name] == ["mcseed"]


# ---------------------------------------------------------------- random valid values

def _widths_text(draw_widths) -> str:
    return ", ".join(map(str, draw_widths))


def _value(field):
    """A strategy of valid values of one field."""
    if field.name in ("widths", "cnn_ch", "res_blocks"):
        width = st.integers(*limits.BOUNDS_WIDTH)
        runs = st.lists(st.tuples(width, st.integers(1, 30)), min_size=1, max_size=6)
        return runs.map(lambda rs: [w for w, k in rs for _ in range(k)][: limits.BOUNDS_DEPTH[1]]).map(_widths_text)
    if field.name == "mode":
        return st.sampled_from([UNIFORM, PER_LAYER])
    if field.name == "view":
        return st.sampled_from([LOG_VIEW, RAW_VIEW])
    if field.kind == "bool":
        return st.booleans()
    if field.kind == "choice" or field.options:
        return st.sampled_from(field.options)
    if field.kind == "int":
        return st.integers(*field.bounds)
    return st.floats(*field.bounds, allow_nan=False)


VALUES = st.fixed_dictionaries({f.name: _value(f) for f in FIELDS})


@settings(max_examples=200, deadline=None)
@given(VALUES)
def test_random_valid_values_round_trip_bit_for_bit(values):
    query = encode_query(FIELDS, values)
    assert all(len(text) <= MAX_VALUE_CHARS for text in query.values())
    decoded = decode_query(FIELDS, query)
    assert decoded.warnings == ()
    for name, value in values.items():
        back = decoded.values[name]
        assert back == value and type(back) is type(value), name
        if isinstance(value, float):
            assert math.copysign(1, back) == math.copysign(1, value) and back.hex() == value.hex()


def test_the_deepest_widest_list_fits_in_a_link():
    text = ", ".join(["4096"] * limits.BOUNDS_DEPTH[1])
    assert write_widths(text) == "4096*100" and read_widths("4096*100") == text
    assert write_widths("8, 16, 16, 16, 8, 8") == "8,16*3,8,8"


# ---------------------------------------------------------------- garbage is refused with a reason

@pytest.mark.parametrize("text, reason", [
    ("", "not a whole number"), ("8, x", "'x', not a whole number"), ("8,,8", "not a whole number"),
    ("0", "at least 1"), ("-3", "not a whole number"), ("4097", "outside [1, 4096]"),
    ("8*101", "more than 100 layers"), ("8*60,8*41", "more than 100 layers"), ("8*0", "at least 1"),
    ("8*x", "repeat count 'x'"), ("１２", "not a whole number"), ("9" * 40, "not a whole number"),
    ("<script>alert(1)</script>", "not a whole number"),
])
def test_the_widths_reader_refuses_garbage(text, reason):
    with pytest.raises(ValueError, match=reason.replace("[", r"\[").replace("*", r"\*")):
        read_widths(text)


@pytest.mark.parametrize("name, text", [("mode", "diagonal"), ("view", "LOG"), ("view", ""), ("mode", "per layer")])
def test_the_coded_readers_refuse_unknown_codes(name, text):
    with pytest.raises(ValueError, match="is not one of"):
        BY_NAME[name].parse(text)


def test_bad_values_fall_back_with_a_named_warning():
    decoded = decode_query(FIELDS, {"depth": "abc", "width": "9", "widths": "8,x", "eps": "nan", "m": "65",
                                    "act": "sigmoidal", "hide": "width,bogus", "zzz": "1"})
    defaults = {f.name: f.default for f in FIELDS}
    assert decoded.values == defaults and decoded.hidden == {"width"}
    text = " | ".join(decoded.warnings)
    for key in ("depth=abc", "width=9", "widths=8,x", "eps=nan", "m=65", "act=sigmoidal", "hide=bogus", "zzz"):
        assert key in text, key


def test_a_typed_value_out_of_range_is_carried_and_refused_on_the_way_back():
    """The page's inputs have no min/max: a link made from a bad typed value warns whoever opens it."""
    query = encode_query(FIELDS, {"depth": 0, "widths": "8, x"})
    assert query["depth"] == "0" and query["widths"] == "8,x"
    decoded = decode_query(FIELDS, query)
    assert decoded.values["depth"] == 2 and len(decoded.warnings) == 2


def test_width_options_are_the_log_spaced_slider_steps():
    assert WIDTH_OPTIONS[0] == 1 and WIDTH_OPTIONS[-1] == limits.BOUNDS_WIDTH[1]
    assert list(WIDTH_OPTIONS) == sorted(set(WIDTH_OPTIONS)) and {4, 8, 512} <= set(WIDTH_OPTIONS)


# ---------------------------------------------------------------- scenes

def test_the_page_has_its_scenes_in_order():
    assert list(scenes_of("bounds")) == ["bound-width", "count-orbits", "ln-n-moves"]
    assert len(SCENES) >= 2 and all(scene.question.endswith("?") for scene in SCENES)


@pytest.mark.parametrize("scene", SCENES, ids=lambda s: s.id)
def test_scene_settings_are_valid_link_values(scene):
    for settings_ in [scene.settings] + [phrase.settings for phrase in scene.phrases]:
        assert settings_
        for name, value in settings_.items():
            assert name in BY_NAME and is_valid(BY_NAME[name], value), (scene.id, name, value)


@pytest.mark.parametrize("scene", SCENES, ids=lambda s: s.id)
def test_every_marked_phrase_has_a_phrase_and_vice_versa(scene):
    assert sorted(scene.marked_phrases()) == sorted(phrase.text for phrase in scene.phrases)
    assert len(set(scene.marked_phrases())) == len(scene.marked_phrases())


@pytest.mark.parametrize("scene", SCENES, ids=lambda s: s.id)
def test_scenes_keep_the_labels_and_never_claim_a_theorem(scene):
    assert "[RECON]" in scene.text and "Theorem" not in scene.text + scene.question


def _report(**settings_) -> object:
    return bounds_report(BoundsSettings(**settings_))


def _settings_of(values: dict) -> dict:
    """BoundsSettings keywords for a scene's (uniform-width) settings over the defaults."""
    merged = {f.name: f.default for f in FIELDS} | dict(values)
    assert merged["mode"] == UNIFORM
    return dict(hidden=(merged["width"],) * merged["depth"], input_dim=merged["d0"], output_dim=merged["dout"],
                eps=merged["eps"], n=merged["n"], orbit_m=merged["m"])


def test_the_width_scene_quotes_the_page_numbers():
    quoted = {"width 8": (9.2, "2.55"), "width 512": (2333, "0.13"), "depth 10": (11665, "0.017"),
              "one hidden layer": (1166, "13.2")}
    for phrase in WIDTH_GROWS.phrases:
        report = _report(**_settings_of(phrase.settings))
        factor, share = quoted[phrase.text]
        assert math.floor(report.current.log10_factor * (10 if factor < 100 else 1)) == \
            math.floor(factor * (10 if factor < 100 else 1))
        decimals = len(share.split(".")[1])
        assert round(report.current.terms["relative_reduction_pct"], decimals) == float(share)
        assert share in WIDTH_GROWS.text


def test_the_width_scene_trend_words_follow_the_numbers():
    """'falls' at depth 2 (width 8 -> 512) and 'rises with width' at depth 1, read from the curves."""
    two = [_report(**_settings_of(WIDTH_GROWS.phrase(p).settings)) for p in ("width 8", "width 512")]
    assert "reduction falls to" in WIDTH_GROWS.text
    assert two[1].current.terms["relative_reduction_pct"] < two[0].current.terms["relative_reduction_pct"]
    one = _report(**_settings_of(WIDTH_GROWS.phrase("one hidden layer").settings))
    assert "reduction rises with width" in WIDTH_GROWS.text
    assert classify_trend(one.curves["width"], one.curves["relative_reduction_pct"]).shape == RISES
    # the question quotes the factors and shares it compares, at two layers, width 8 -> 512
    for report in two:
        factor = report.current.log10_factor
        assert f"≈ $10^{{{factor:.1f}}}$" in WIDTH_GROWS.question if factor < 100 else \
            f"≈ $10^{{{math.floor(factor):,}}}$".replace(",", "{,}") in WIDTH_GROWS.question
        assert f"{report.current.terms['relative_reduction_pct']:.2f} %" in WIDTH_GROWS.question


def test_the_orbit_scene_counts_the_networks_with_a_short_orbit():
    """'The 32 grid networks whose two hidden units agree in incoming weights, bias and outgoing weight'."""
    orbits = _report(**_settings_of(COUNT_ORBITS.settings)).orbits
    assert orbits.short_orbits == 32 and "The 32 grid networks whose two hidden units agree in incoming weights, " \
        "bias and outgoing weight" in COUNT_ORBITS.text
    assert orbits.exact * 2 == orbits.grid + orbits.short_orbits  # Burnside with |G| = 2


def test_the_orbit_scene_quotes_exact_counts():
    expected = {"2 hidden units": (272, 256.0, 512),
                "m = 3": (9963, 9841.5, 3**9),
                "two layers of 4": (277_524_160, 238_609_294.2, 2**37)}
    for phrase in COUNT_ORBITS.phrases:
        if phrase.text not in expected:
            continue
        orbits = _report(**_settings_of(phrase.settings)).orbits
        exact, naive, grid = expected[phrase.text]
        assert orbits.exact == exact and round(float(orbits.naive), 1) == naive and orbits.grid == grid
        # the scene's text quotes exactly these numbers (m = 2 is quoted as plain integers)
        assert f"{exact:,}" in COUNT_ORBITS.text and f"{naive:,.1f}".removesuffix(".0") in COUNT_ORBITS.text
    assert _report(**_settings_of(COUNT_ORBITS.settings)).orbits.n_params == 9


def test_the_width_scene_quotes_the_integer_factor_and_the_corrected_ratio_apart():
    """∏ d_l! is an integer, printed exactly [SUMMARY]; N_base/N_red after the tie correction is a real
    number, quoted separately [RECON] (a real under [SUMMARY] read as a non-integer product of factorials)."""
    report = _report(**_settings_of(WIDTH_GROWS.phrase("width 8").settings))
    exact = f"{math.factorial(8) ** 2:,}"
    assert claims.group_order_text((8, 8)) == exact == "1,625,702,400"
    ratio = claims.factor_text(report.current)
    assert ratio != exact and float(ratio.replace(",", "")) < math.factorial(8) ** 2
    assert f"= {exact} (the factor summaries report [SUMMARY])" in WIDTH_GROWS.text
    assert f"$N_{{\\text{{base}}}}/N_{{\\text{{red}}}}$ ≈ {ratio} [RECON]" in WIDTH_GROWS.text


def test_the_ln_n_scene_quotes_the_gap_bounds():
    gen = _report(**_settings_of(LN_N_MOVES.phrase("n = 10,000").settings)).generalisation
    assert (f"{gen.at_n[0]:.4f}", f"{gen.at_n[1]:.4f}") == ("0.4043", "0.4016")
    saving = gen.saving
    # whole samples: the required n rounded up, the saving a difference of integers
    assert all(type(saving[key]) is int for key in ("n_baseline", "n_reduced", "saving"))
    assert saving["n_baseline"] == 10_000 and saving["saving"] == saving["n_baseline"] - saving["n_reduced"]
    assert saving["n_reduced"] == math.ceil(10_000 - saving["saving_exact"]) and saving["saving"] == 254
    for quoted in (f"{gen.at_n[0]:.4f} without", f"{gen.at_n[1]:.4f} with", f"{saving['n_reduced']:,} samples",
                   f"{saving['saving']} fewer", f"{100 * saving['saving'] / 10_000:.2g} %"):
        assert quoted in LN_N_MOVES.text
    wide = _report(**_settings_of(LN_N_MOVES.phrase("width 512").settings)).generalisation
    assert min(wide.at_n) > 1.0
    far = _report(**_settings_of(LN_N_MOVES.phrase("n = 1,000,000").settings)).generalisation
    assert 0.2 < far.at_n[1] < 0.23


def test_the_orbit_scene_question_holds_the_excess_shrinks_as_the_grid_gets_finer():
    """'why does the excess, as a share of m^S/|G|, fall as the grid gets finer (6.25 % at m = 2, 1.23 % at
    m = 3)?': exact/naive − 1 falls with m for the scene's networks, and the quoted shares are computed."""
    for phrase in ("2 hidden units", "two layers of 4"):
        base = _settings_of(COUNT_ORBITS.phrase(phrase).settings)
        excess = [_report(**(base | {"orbit_m": m})).orbits.excess_over_naive_pct for m in (2, 3, 4)]
        assert excess[0] > excess[1] > excess[2] > 0, (phrase, excess)
        if phrase == "2 hidden units":
            assert f"{excess[0]:.3g} % at m = 2, {excess[1]:.3g} % at m = 3" in COUNT_ORBITS.question
    assert "as a share of $m^S/|G|$, fall as the grid gets finer" in COUNT_ORBITS.question


def test_the_ln_n_scene_question_quotes_the_factor_and_the_saving():
    report = _report(**_settings_of(LN_N_MOVES.settings))
    factor = report.current.log10_factor
    assert factor > 9 and f"(≈ $10^{{{factor:.1f}}}$)" in LN_N_MOVES.question  # "more than a billion"
    saved = 100 * report.generalisation.saving["saving"] / report.generalisation.saving["n_baseline"]
    assert f"save {saved:.2g} % of the samples" in LN_N_MOVES.question
