"""core/valley/words.py on made-up studies, so every branch of the width sentences meets numbers it must
describe (the shipped study shows only one shape: barriers that fall with width): rising, flat and zero
barriers, matching that helps nowhere, and an activation whose barrier does not fall."""

import dataclasses

import pytest

from core.valley.shipped import DEFAULT_SPEC, ShippedCell, ShippedStudy
from core.valley.words import before_also_falls_sentence, width_sentence

WIDTHS = (8, 32, 128)


def _study(relu_before, relu_after, tanh_before=(0.5, 0.3, 0.1), tanh_after=(0.1, 0.05, 0.01)) -> ShippedStudy:
    def cells(activation, before, after):
        return [ShippedCell(activation, width, 0, (), {"loss_before": (b, b, b), "loss_after": (a, a, a)})
                for width, b, a in zip(WIDTHS, before, after)]

    spec = dataclasses.replace(DEFAULT_SPEC, widths=WIDTHS, activations=("relu", "tanh"))
    return ShippedStudy(spec, {}, tuple(cells("relu", relu_before, relu_after) + cells("tanh", tanh_before,
                                                                                          tanh_after)))


@pytest.mark.parametrize(("before", "after", "falls_before", "falls_after", "lowered"), [
    ((0.1, 0.2, 0.4), (0.05, 0.1, 0.3), 0, 0, 3),    # rising: matching still lower everywhere
    ((0.2, 0.2, 0.2), (0.3, 0.3, 0.3), 0, 0, 0),     # flat, and matching higher everywhere
    ((0.4, 0.1, 0.2), (0.1, 0.0, 0.0), 1, 1, 3),     # down then up; after matching reaches 0
])
def test_the_width_sentence_counts_what_the_numbers_show(before, after, falls_before, falls_after, lowered):
    sentence = width_sentence(_study(before, after), "relu")
    assert (f"mean barrier before matching {before[0]:.3g} at width 8 and {before[-1]:.3g} at width 128 "
            f"(it falls at {falls_before} of the 2 steps of width)") in sentence
    assert f"after matching {after[0]:.3g} and {after[-1]:.3g} (falls at {falls_after} of 2)" in sentence
    assert f"Matching lowered the mean barrier at {lowered} of 3 widths." in sentence


def test_the_honest_sentence_says_rises_or_stays_and_drops_its_conclusion_then():
    rising = before_also_falls_sentence(_study((0.1, 0.2, 0.4), (0.0, 0.1, 0.1)))
    assert "for relu it rises from 0.1 at width 8 to 0.4 at width 128 (down at 0 of 2 steps)" in rising
    assert "for tanh it falls from 0.5 at width 8 to 0.1 at width 128 (down at 2 of 2 steps)" in rising
    assert "width alone flattens" not in rising  # only when every activation's barrier falls
    flat = before_also_falls_sentence(_study((0.3, 0.3, 0.3), (0.1, 0.1, 0.1)))
    assert "for relu it stays at 0.3 at every width (down at 0 of 2 steps)" in flat
    assert "changes with width too" in flat and "width alone flattens" not in flat  # tanh still changes
    dip = before_also_falls_sentence(_study((0.3, 0.1, 0.3), (0.1, 0.1, 0.1), tanh_before=(0.2, 0.2, 0.2)))
    assert "for relu it ends where it started, 0.3, at widths 8 and 128, but moves in between (down at 1 of" in dip
    assert "for tanh it stays at 0.2 at every width" in dip and "changes with width too" in dip
    none = before_also_falls_sentence(_study((0.3, 0.3, 0.3), (0.1, 0.1, 0.1), tanh_before=(0.2, 0.2, 0.2)))
    assert "the barrier *before* matching does not change with width: for relu it stays" in none


def test_the_honest_sentence_names_widths_with_nothing_to_remove():
    sentence = before_also_falls_sentence(_study((0.4, 0.1, 0.0), (0.1, 0.0, 0.0), tanh_before=(0.5, 0.0, 0.0)))
    assert "at width 128 it is 0, so matching has nothing to remove there" in sentence
    assert "at widths 32 and 128 it is 0" in sentence  # tanh
    assert sentence.endswith("So in our data width alone flattens the line too, not only matching.")
