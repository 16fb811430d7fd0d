"""Every trend the lesson "Count functions, not weights" states is read from the numbers on screen.

Issue 13, point 4: "the relative reduction shrinks with width" was false at depth 1 (it rises from
1.7 % at width 2 to 15.2 % at width 4,096; tanh, 2 inputs, ε = 0.1). Point 10: "the absolute volume
grows with width whenever 2B > 1" is false at B = 0.51, depth 2 (it first falls to about 10^-444).
These tests sweep depths 1-4, widths 1-4,096, every activation and several boxes, and check that the
words (core.bounds.trends, core.bounds.claims) agree with the numbers, by an independent reading of
the curve. See docs/theory.md#relative-reduction and docs/theory.md#effective-volume.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from core.bounds import claims
from core.bounds.covering import ACTIVATION_RANGE
from core.bounds.curves import covering_curves
from core.bounds.settings import BoundsSettings
from core.bounds.trends import (
    FALLS,
    FALLS_THEN_RISES,
    FLAT,
    RISES,
    RISES_THEN_FALLS,
    SHAPES,
    VARIES,
    classify_trend,
    trend_sentence,
)

# ---------------------------------------------------------------- the classifier on known shapes

X = np.arange(1.0, 8.0)


@pytest.mark.parametrize("y, shape", [
    ([2, 2, 2, 2, 2, 2, 2], FLAT),
    ([0, 0, 0, 0, 0, 0, 0], FLAT),
    ([0, 1, 2, 3, 3, 4, 9], RISES),
    ([9, 4, 3, 3, 2, 1, 0], FALLS),
    ([0, 1, 5, 4, 3, 2, 1], RISES_THEN_FALLS),
    ([5, 1, 0, 0, 3, 4, 9], FALLS_THEN_RISES),
    ([0, 5, 4, 9, 9, 9, 9], VARIES),
    ([1, 1 + 1e-13, 1, 1, 1, 1, 1], FLAT),  # float noise is level
])
def test_classify_trend_names_known_shapes(y, shape):
    trend = classify_trend(X, np.array(y, dtype=float))
    assert trend.shape == shape
    sentence = trend_sentence(trend, lambda v: f"{v:g}")
    assert _says(sentence, shape)


def _says(sentence: str, shape: str) -> bool:
    """Does the sentence say this shape: its opening verb, and the turn for two-part shapes?"""
    first, _, then = shape.partition(" then ")
    opening = {FLAT: "stays", VARIES: "goes up and down"}.get(shape, first)
    return sentence.startswith(opening) and (not then or f", then {then} to" in sentence)


@pytest.mark.parametrize("x, y, message", [
    ([1, 2], [1.0], "same length"), ([], [], "length >= 1"), ([2, 1], [0, 0], "strictly increasing"),
    ([1, 2], [0, math.nan], "finite"),
])
def test_classify_trend_refuses_bad_input_with_a_reason(x, y, message):
    with pytest.raises(ValueError, match=message):
        classify_trend(x, y)


def _agrees(shape: str, y: np.ndarray) -> bool:
    """An independent reading: does y have this shape (level steps allowed, tolerance 1e-9 · max|y|)?"""
    tol = 1e-9 * float(np.max(np.abs(y)))
    up = lambda part: bool(np.all(np.diff(part) >= -tol))
    down = lambda part: bool(np.all(np.diff(part) <= tol))
    peak, low = int(np.argmax(y)), int(np.argmin(y))
    return {
        FLAT: up(y) and down(y),
        RISES: up(y) and y[-1] > y[0] + tol,
        FALLS: down(y) and y[-1] < y[0] - tol,
        RISES_THEN_FALLS: up(y[:peak + 1]) and down(y[peak:]) and not (up(y) or down(y)),
        FALLS_THEN_RISES: down(y[:low + 1]) and up(y[low:]) and not (up(y) or down(y)),
        VARIES: not (up(y[:peak + 1]) and down(y[peak:])) and not (down(y[:low + 1]) and up(y[low:])),
    }[shape]


# ---------------------------------------------------------------- the relative reduction (point 4)

ACTIVATIONS = tuple(ACTIVATION_RANGE)
SWEEP = list(itertools.product((1, 2, 3, 4), ACTIVATIONS, ((1.0, 0.1, 2), (0.5, 10.0, 1), (3.0, 1e-3, 50))))


def _curves(depth: int, activation: str = "tanh", B: float = 1.0, eps: float = 0.1, d0: int = 2) -> dict:
    return covering_curves(BoundsSettings(hidden=(4,) * depth, activation=activation, B=B, eps=eps, input_dim=d0))


def test_depth_1_rises_and_depth_2_rises_then_falls_as_the_issue_measured():
    one = _curves(1)
    assert one["width"][0] == 1 and one["width"][-1] == 4096
    at = dict(zip(one["width"].astype(int), one["relative_reduction_pct"]))
    assert (round(at[2], 2), round(at[16], 1), round(at[256], 1), round(at[4096], 1)) == (1.71, 7.3, 12.3, 15.2)
    assert claims.reduction_trend(one).shape == RISES
    words = claims.reduction_claim(one, 1)
    assert "rises from 0 % at width 1 to 15.2 % at width 4,096" in words
    assert "shrink" not in words and "falls" not in words
    two = _curves(2)
    assert claims.reduction_trend(two).shape == RISES_THEN_FALLS
    assert "then falls to" in claims.reduction_claim(two, 2)


@pytest.mark.parametrize("depth, activation, box", SWEEP, ids=lambda v: str(v))
def test_the_reduction_sentence_agrees_with_the_numbers(depth, activation, box):
    B, eps, d0 = box
    curves = _curves(depth, activation, B, eps, d0)
    trend = claims.reduction_trend(curves)
    y = curves["relative_reduction_pct"]
    assert trend.shape in SHAPES and _agrees(trend.shape, y), (trend.shape, y)
    words = claims.reduction_claim(curves, depth)
    prefix = "the relative reduction (dashed, right axis) "
    assert prefix in words and _says(words.split(prefix, 1)[1], trend.shape)
    for x, value in (trend.first, trend.last):
        assert f"{value:.3g} % at width {x:,.0f}" in words
    if trend.shape == RISES_THEN_FALLS:
        assert f"a peak of {trend.high[1]:.3g} % at width {trend.high[0]:,.0f}" in words
    if trend.shape in (RISES, RISES_THEN_FALLS) or trend.last[1] > trend.first[1]:
        assert "shrinks with width" not in words


def test_the_headline_help_no_longer_says_shrinking_at_depth_1():
    help_text = claims.reduction_help(_curves(1))
    assert "shrinking" not in help_text and "rises" in help_text


def test_the_page_caption_is_built_from_the_claim():
    """The log view's caption calls core.bounds.claims; the old hand-written trend is gone."""
    from pathlib import Path
    source = (Path(__file__).resolve().parents[1] / "pages/shared/bounds/panels.py").read_text()
    assert "claims.reduction_claim(" in source and "modest and shrinks" not in source


# ---------------------------------------------------------------- the absolute volume (point 10)

def test_absolute_volume_at_b_0_51_depth_2_first_falls():
    curves = _curves(2, B=0.51)
    at = dict(zip(curves["width"].astype(int), curves["log10_absolute"]))
    assert round(at[256]) == -439  # the issue's number
    trend = claims.absolute_volume_trend(curves)
    assert trend.shape == FALLS_THEN_RISES and trend.low[1] < -440
    words = claims.absolute_volume_claim(curves, at[4], 0.51)
    assert "falls from" in words and "then rises" in words and "grows with width whenever" not in words


def test_absolute_volume_equals_its_definition():
    curves = _curves(3, B=0.8)
    from core.bounds.volume import log10_effective_fraction
    from core.engine.mlp import count_params
    for width, value in zip(curves["width"].astype(int)[::10], curves["log10_absolute"][::10]):
        widths = (2, width, width, width, 1)
        expected = count_params(widths) * math.log10(1.6) + log10_effective_fraction(widths, "tanh", with_signs=False)
        assert value == pytest.approx(expected, rel=1e-12, abs=1e-9)


@pytest.mark.parametrize("depth, B", list(itertools.product((1, 2, 3, 4), (0.3, 0.5, 0.51, 1.0, 5.0))))
def test_the_absolute_volume_sentence_agrees_with_the_numbers(depth, B):
    curves = _curves(depth, B=B)
    trend = claims.absolute_volume_trend(curves)
    assert _agrees(trend.shape, curves["log10_absolute"])
    words = claims.absolute_volume_claim(curves, float(curves["log10_absolute"][3]), B)
    assert _says(words.split("at your depth it ", 1)[1], trend.shape)
    assert claims.power_of_ten(trend.last[1]) in words


def test_power_of_ten_is_readable_at_any_size():
    assert claims.power_of_ten(-443.6) == "$10^{-444}$"
    assert claims.power_of_ten(5_030_571.9) == "$10^{5{,}030{,}572}$"
    assert claims.power_of_ten(-0.0) == "$10^{0.00}$" and claims.power_of_ten(2.414) == "$10^{2.41}$"
