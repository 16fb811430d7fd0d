"""The lesson's pure logic (core.bounds: settings, curves, orbit_comparison, volume, generalisation,
extensions, report; core.big_numbers) against independent values:
exact integers, reference numbers worked by hand (docs/theory.md), closed forms."""

from __future__ import annotations

import dataclasses
import math
from fractions import Fraction

import numpy as np
import pytest

from core.big_numbers import format_fraction, format_int, format_log10, latex_log10, log10_exact
from core.bounds.curves import architecture_label, mark_network, width_grid
from core.bounds.extensions import attention_reading, cnn_reading, resnet_reading
from core.bounds.generalisation import LOSS, generalisation_curves
from core.bounds.orbit_comparison import compare_orbits, quick_reason
from core.bounds.orbits import exact_orbit_count
from core.bounds.report import bounds_report
from core.bounds.settings import BoundsSettings, check_settings, parse_hidden_widths, settings_from_controls
from core.bounds.volume import volume_reading
from core.engine.mlp import count_params

CONTROLS = dict(input_dim=2, output_dim=1, B=1.0, eps=0.1, activation="tanh", n=10_000, method="recursion",
                orbit_m=2, mc_seed=0)


# --------------------------------------------------------------------------- settings


def test_uniform_and_per_layer_controls_give_the_same_settings():
    uniform = settings_from_controls(per_layer=False, depth=3, width=8, hidden_text="", **CONTROLS)
    per_layer = settings_from_controls(per_layer=True, depth=None, width=None, hidden_text=" 8,8 , 8", **CONTROLS)
    assert uniform == per_layer and uniform.widths == (2, 8, 8, 8, 1) and uniform.depth == 3


@pytest.mark.parametrize("change, message", [
    (dict(depth=0), "depth 0: must be an integer in [1, 100]"),
    (dict(depth=101), "depth 101: must be an integer in [1, 100]"),
    (dict(input_dim=0), "input width 0: must be an integer in [1, 100000]"),
    (dict(output_dim=17), "output width 17: must be an integer in [1, 16]"),
    (dict(eps=-1.0), "eps -1.0: must be a finite number in [1e-12, 1e+06]"),
    (dict(B=0.0), "B 0.0: must be a finite number in [1e-06, 1e+06]"),
    (dict(n=0), "n (sample size) 0: must be an integer in [1, 1000000000000000]"),
    (dict(orbit_m=65), "grid size m 65: must be an integer in [1, 64]"),
    (dict(activation="swish"), "activation 'swish': must be one of"),
])
def test_bad_settings_name_the_parameter_the_value_and_what_is_allowed(change, message):
    values = dict(per_layer=False, depth=2, width=4, hidden_text="", **CONTROLS) | change
    with pytest.raises(ValueError) as error:
        settings_from_controls(**values)
    assert message in str(error.value)


@pytest.mark.parametrize("text, message", [
    ("8, x", "'x' is not a whole number"), ("", "write one width per hidden layer"), ("8, 2.5", "'2.5'"),
])
def test_hidden_width_text_errors(text, message):
    with pytest.raises(ValueError, match=message):
        parse_hidden_widths(text)


def test_per_layer_width_out_of_range_names_its_layer():
    with pytest.raises(ValueError, match=r"hidden width 5000 in layer 2: must be an integer in \[1, 4096\]"):
        check_settings(BoundsSettings(hidden=parse_hidden_widths("8, 5000")))


# --------------------------------------------------------------------------- big numbers


def test_huge_ints_are_formatted_without_str():
    huge = 10**5000 + 7  # str() of this raises ValueError (4,300-digit limit)
    with pytest.raises(ValueError):
        str(huge)
    assert format_int(huge).startswith("≈ 1.00e+5000")
    assert format_int(277_524_160) == "277,524,160"
    assert log10_exact(Fraction(huge, 3)) == pytest.approx(5000 - math.log10(3))
    assert format_fraction(Fraction(4096, 3)) == "1,365.33"


@pytest.mark.parametrize("log10_value, text", [
    (math.log10(2730), "2,730"), (math.log10(0.00174), "0.00174"), (45.2, "1.58e+45"),
    (-19.7, "2.00e-20"), (6.08e11, "≈ 10^608,000,000,000"),
])
def test_format_log10(log10_value, text):
    assert format_log10(log10_value) == text


def test_latex_log10_uses_times_ten_to_the():
    assert latex_log10(45.2) == r"1.58 \times 10^{45}"
    assert latex_log10(math.log10(2730)) == "2{,}730"


# --------------------------------------------------------------------------- curves and marked networks


def test_width_grid_spans_1_to_4096_with_the_powers_of_two():
    grid = width_grid()
    assert grid[0] == 1 and grid[-1] == 4096 and np.all(np.diff(grid) > 0)
    assert {2**k for k in range(13)} <= set(grid.tolist())


@pytest.mark.parametrize("widths, eps, expected_pct, rounding", [
    ((10, 4, 4, 4, 1), 0.01, 0.85, 0.005), ((10, 256, 256, 256, 1), 0.01, 0.10, 0.005),
    ((1, 2, 1), 0.1, 2.2, 0.05), ((1, 64, 1), 0.1, 13.5, 0.05),
])
def test_relative_reduction_matches_the_digest_examples(widths, eps, expected_pct, rounding):
    """docs/theory.md#relative-reduction (B = 1, ρ = 1, σ(0) = 0: ReLU), to the digits worked by hand."""
    marked = mark_network("x", widths, "relu", BoundsSettings(eps=eps, activation="relu"))
    assert marked.terms["relative_reduction_pct"] == pytest.approx(expected_pct, abs=rounding)


def test_effective_fraction_matches_the_digest_examples():
    """docs/theory.md#effective-volume: three equal hidden layers, log10 r."""
    for d, plain, signed in [(10, -19.7, -28.7), (100, -473.9, -564.2)]:
        reading = volume_reading((3, d, d, d, 1), activation="tanh", B=1.0, seed=0)
        assert reading.log10_fraction == pytest.approx(plain, abs=0.05)
        assert reading.log10_fraction_signed == pytest.approx(signed, abs=0.05)


def test_marked_network_sits_at_its_mean_hidden_width_with_exact_terms():
    marked = mark_network("x", (2, 8, 16, 1), "tanh", BoundsSettings())
    assert marked.x == 12.0 and marked.terms["n_params"] == count_params((2, 8, 16, 1))
    expected = math.log(math.factorial(8) * math.factorial(16))
    assert marked.log10_factor * math.log(10) == pytest.approx(expected, rel=1e-9)


def test_architecture_labels_stay_short():
    assert architecture_label((2, 4, 4, 1)) == "2-4-4-1"
    assert architecture_label((2,) + (4096,) * 100 + (1,)) == "2-4096×100-1"
    assert architecture_label((2,) + tuple(range(1, 11)) + (1,)) == "2-1-2-3-…(5 more)…-9-10-1"


# --------------------------------------------------------------------------- orbit comparison


def test_orbit_comparison_on_the_digest_example_shows_division_is_not_a_bound():
    """docs/theory.md#orbit-count: widths [1,2,2,1], m = 2 has 2336 orbits but m^S/|G| = 2048."""
    c = compare_orbits((1, 2, 2, 1), 2, odd=False)
    assert (c.exact, c.naive, c.grid) == (2336, Fraction(2048), 2**13)
    assert c.excess_over_naive_pct == pytest.approx(100 * (2336 / 2048 - 1))
    assert c.log10_naive < math.log10(c.exact) <= c.log10_bound + 1e-12


def test_orbit_comparison_default_matches_the_engine_and_counts_signed_orbits():
    c = compare_orbits((2, 4, 4, 1), 2, odd=True)
    assert c.exact == exact_orbit_count((2, 4, 4, 1), 2) == 277_524_160
    assert c.naive == Fraction(2**37, 576) and c.signed_exact is not None and c.signed_exact < c.exact


def test_orbit_comparison_says_why_when_it_cannot_count():
    wide = compare_orbits((2, 4096, 1), 3, odd=False)
    assert wide.exact is None and "width 4096" in wide.reason and math.isfinite(wide.log10_bound)
    many_bits = compare_orbits((100_000, 8, 8, 16), 2, odd=False)
    assert many_bits.exact is None and "bits" in many_bits.reason
    assert quick_reason((2, 30, 30, 1), signed=False) is not None  # p(30)² transfer entries: too slow here


# --------------------------------------------------------------------------- volume, generalisation


def test_monte_carlo_check_brackets_the_formula_and_is_reproducible():
    first = volume_reading((2, 4, 4, 1), activation="tanh", B=1.0, seed=0)
    again = volume_reading((2, 4, 4, 1), activation="tanh", B=1.0, seed=0)
    other = volume_reading((2, 4, 4, 1), activation="tanh", B=1.0, seed=1)
    mc = first.monte_carlo
    assert mc.exact == pytest.approx(1 / 576) and mc.low <= mc.exact <= mc.high
    assert again.monte_carlo == mc and other.monte_carlo.n_inside != mc.n_inside


def test_monte_carlo_is_skipped_with_a_reason_when_the_share_is_too_small():
    reading = volume_reading((2, 8, 8, 1), activation="relu", B=1.0, seed=0)
    assert reading.monte_carlo is None and "too small to hit by sampling" in reading.mc_reason
    assert math.isnan(reading.log10_fraction_signed)  # relu has no sign flips


def test_sample_size_saving_is_read_at_the_chosen_n():
    settings = BoundsSettings()
    gen = generalisation_curves(settings.widths, settings)
    terms = mark_network("x", settings.widths, "tanh", settings).terms
    log_2_eta = math.log(2 / LOSS["delta"])
    assert gen.saving["n_baseline"] == settings.n
    expected = settings.n * terms["gap"] / (terms["log_baseline"] + log_2_eta)  # closed form, docs/theory.md#generalisation-gap
    assert gen.saving["saving_exact"] == pytest.approx(expected, rel=1e-9)
    assert gen.saving["n_reduced"] == math.ceil(settings.n - expected)  # whole samples: the real n rounded up
    assert np.all(gen.gap_reduced <= gen.gap_baseline) and gen.at_n[1] < gen.at_n[0]


# --------------------------------------------------------------------------- extensions


def test_extension_parameter_counts_and_orders():
    cnn = cnn_reading(3, [32, 64], 3, log_m=math.log(1000))
    assert cnn.n_params == 32 * (3 * 9 + 1) + 64 * (32 * 9 + 1) + 1 * (64 + 1)  # the head to one output
    assert cnn.log10_group_order == pytest.approx(math.log10(math.factorial(32) * math.factorial(64)))
    res = resnet_reading(10, 8, [16, 16], learned_embedding=True, log_m=math.log(1000))
    assert res.n_params == 2 * (16 * 9 + 8 * 17) + 8 * 11 + 1 * (8 + 1)  # the readout to one output
    assert res.log10_group_order == pytest.approx(math.log10(math.factorial(8) * math.factorial(16) ** 2))
    att = attention_reading(16, 2, 4, 4, d_ff=None, n_blocks=1, log_m=math.log(1000))
    assert att.n_params == 2 * 16 * 16 and att.log10_group_order == pytest.approx(math.log10(2 * 24**4))
    assert 0 < att.relative_reduction_pct < 100
    assert all(r.provenance.startswith("[RECON]") for r in (cnn, res, att))


# --------------------------------------------------------------------------- the whole report


def test_report_for_width_4096_depth_100_is_finite_and_labels_what_it_cannot_count():
    settings = dataclasses.replace(BoundsSettings(), hidden=(4096,) * 100)
    report = bounds_report(settings, trained=((2, 8, 8, 1), "tanh"))
    for name, column in report.curves.items():  # tanh: the signed column is defined too
        assert np.all(np.isfinite(column)), name
    assert report.current.terms["log_baseline"] > 1e12 and report.orbits.exact is None
    assert report.volume.monte_carlo is None and report.trained.x == 8.0
    assert report.current.terms["log_reduced"] <= report.current.terms["log_baseline"]
