"""The rescaling orbit's words follow its computed curves (issue 13, "claims are computed, not asserted").

On tanh the weight distance along the orbit is U-shaped (0 at c = 1), so "grows to 24.13" placed nowhere
misled: its largest value was at c = 0.1. Every sentence about a curve's shape now comes from
``curve_shape``, checked here against the curve itself over activations, depths and degenerate units.
"""

import re

import numpy as np
import pytest

from core.engine.activations import ACTIVATIONS
from core.engine.init_schemes import init_params
from core.engine.mlp import Params
from core.links.symmetries import ORBIT_SCALES
from core.symmetry.rescale_orbit import curve_shape, rescale_orbit
from pages.shared.symmetries.orbit import orbit_alt

NUMBER_AT_C = re.compile(r"(-?[\d.]+(?:e[+-]\d+)?) at c = ([\d.]+)")


def networks():
    yield "depth 1", init_params((2, 6, 1), scheme="uniform", scale=2.0, rng=np.random.default_rng(1))
    base = init_params((2, 4, 3, 4, 3, 1), scheme="uniform", scale=2.0, rng=np.random.default_rng(2))
    yield "depth 4", base
    weights, biases = [w.copy() for w in base.weights], [b.copy() for b in base.biases]
    weights[0][0], biases[0][0], weights[1][:, 0] = 0.0, 0.0, 0.0  # unit 1 of layer 1 owns only zeros
    yield "zero unit", Params(tuple(weights), tuple(biases))
    weights, biases = [w.copy() for w in base.weights], [b.copy() for b in base.biases]
    weights[1][:, 0] = 0.0  # unit 1 of layer 1 reaches nothing: rescaling it never moves the function
    yield "silent unit", Params(tuple(weights), tuple(biases))


def check_words(words: str, scales: np.ndarray, values: np.ndarray, fmt: str) -> None:
    """Every shape word is true of the values, and every "v at c = s" names a real point of the curve."""
    steps = np.diff(values)
    low, high = int(np.argmin(values)), int(np.argmax(values))
    if "grows with c" in words:
        assert np.all(steps >= -1e-12), words
    if "shrinks as c grows" in words:
        assert np.all(steps <= 1e-12), words
    if "grows on both sides" in words:
        assert np.all(steps[:low] <= 1e-12) and np.all(steps[low:] >= -1e-12), words
        assert f"(largest at c = {scales[high]:.3g})" in words
    if "largest" in words or "grows" in words or "shrinks" in words:
        top, at = f"{values[high]:{fmt}}", f"at c = {scales[high]:.3g}"
        assert f"{top} {at}" in words or f"largest, {top}, {at}" in words, words
    if "smallest" in words:
        assert f"smallest, {values[low]:{fmt}}, at c = {scales[low]:.3g}" in words, words
    if "stays at" in words:
        assert np.ptp(values) <= 1e-12
    for value, c in NUMBER_AT_C.findall(words):
        i = int(np.argmin(np.abs(scales - float(c))))
        assert f"{values[i]:{fmt}}" == value, (words, value, c)


@pytest.mark.parametrize("activation", sorted(ACTIVATIONS))
@pytest.mark.parametrize("name, params", list(networks()))
def test_orbit_words_follow_the_curves(activation, name, params, moons):
    X = np.concatenate([d.X for d in moons])
    for layer, unit in ((1, 0), (1, 1), (len(params.hidden_widths), 0)):
        curve = rescale_orbit(params, activation, layer, unit, X, scales=np.array(ORBIT_SCALES))
        words = orbit_alt(curve)
        distance = words.split(r"$\|\theta - \theta_c\|$ ", 1)[1].split(", while", 1)[0]
        check_words(distance, curve.scales, curve.parameter_distance, ".2f")
        gap = words.split("max |Δf| ", 1)[1]
        if np.max(curve.function_gap) > 1e-12:
            check_words(gap, curve.scales, curve.function_gap, ".2g")
        else:
            assert gap.startswith("stays below 1e-12"), gap


def test_the_tanh_distance_curve_is_called_u_shaped_with_its_maximum_placed(moons):
    """The teacher's case: tanh, largest weight distance at c = 0.1, not at the far end."""
    params = init_params((2, 8, 8, 1), scheme="uniform", scale=2.0, rng=np.random.default_rng(0))
    X = np.concatenate([d.X for d in moons])
    curve = rescale_orbit(params, "tanh", 1, 3, X, scales=np.array(ORBIT_SCALES))
    high = int(np.argmax(curve.parameter_distance))
    assert high == 0 and curve.parameter_distance[-1] < curve.parameter_distance[0]
    words = orbit_alt(curve)
    assert "is smallest, 0.00, at c = 1 and grows on both sides of it" in words
    assert f"{curve.parameter_distance[0]:.2f} at c = 0.1" in words and "(largest at c = 0.1)" in words


@pytest.mark.parametrize(("values", "expected"), [
    ([0.0, 1.0, 2.0], "grows with c, from 0 at c = 0.1 to 2 at c = 10"),
    ([2.0, 1.0, 0.5], "shrinks as c grows, from 2 at c = 0.1 to 0.5 at c = 10"),
    ([3.0, 0.0, 1.0], "is smallest, 0, at c = 1 and grows on both sides of it, to 3 at c = 0.1 and to 1 at c = 10 "
                      "(largest at c = 0.1)"),
    ([1.0, 3.0, 0.0], "is smallest, 0, at c = 10 and largest, 3, at c = 1"),
    ([0.5, 0.5, 0.5], "stays at 0.5 for every c from 0.1 to 10"),
])
def test_curve_shape_on_hand_made_curves(values, expected):
    assert curve_shape(np.array([0.1, 1.0, 10.0]), np.array(values)) == expected


def test_curve_shape_rejects_mismatched_input():
    with pytest.raises(ValueError, match="values: need one per scale"):
        curve_shape(np.array([0.1, 1.0]), np.array([1.0]))
