"""The rescaling orbit of one unit: θ_c has the unit's incoming weights times c, outgoing over c.

For positively homogeneous activations (ReLU, leaky ReLU, identity) every θ_c computes θ's
function while ‖θ − θ_c‖ grows without bound: parameters are not functions. For any other
activation the same recipe is not a symmetry (core.symmetry.wrong_moves.unchecked_rescale) and the
function moves too, which the lesson shows as the contrast.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from core.engine.activations import get_activation
from core.engine.distances import function_gap, parameter_distance
from core.engine.mlp import Params, require_params
from core.symmetry.checks import admits_rescaling
from core.symmetry.transforms import rescale
from core.symmetry.wrong_moves import unchecked_rescale
from core.validation import check_array, check_int

C_RANGE = (0.1, 10.0)


@dataclass(frozen=True, eq=False)
class OrbitCurve:
    layer: int
    unit: int
    scales: np.ndarray
    parameter_distance: np.ndarray
    function_gap: np.ndarray
    is_symmetry: bool  # False: the activation admits no rescaling, so this curve is the broken recipe


def orbit_scales(n: int = 81, extra: Iterable[float] = ()) -> np.ndarray:
    """``n`` log-spaced factors from 0.1 to 10 (1 included when n is odd), plus the ``extra`` ones, sorted."""
    spaced = np.logspace(np.log10(C_RANGE[0]), np.log10(C_RANGE[1]), check_int(n, "n", (3, 1001)))
    return np.unique(np.concatenate([spaced, check_array(list(extra), "extra scales", ndim=1)]))


def rescaled(params: Params, activation: str, layer: int, unit: int, c: float) -> Params:
    """θ_c: unit ``unit`` of hidden layer ``layer`` rescaled by c (the real move where it exists)."""
    params = require_params(params)
    layer = check_int(layer, "layer", (1, len(params.hidden_widths)))
    width = params.hidden_widths[layer - 1]
    unit = check_int(unit, "unit", (0, width - 1), where=f" in layer {layer}")
    scales = [np.ones(d) for d in params.hidden_widths]
    scales[layer - 1][unit] = c
    if admits_rescaling(get_activation(activation)):
        return rescale(params, scales, activation)
    return unchecked_rescale(params, scales)


def rescale_orbit(params: Params, activation: str, layer: int, unit: int, X: np.ndarray, *,
                  scales: Sequence[float] | np.ndarray | None = None) -> OrbitCurve:
    """Parameter distance and max |Δf| over the rows of X along the orbit, one value per c."""
    scales = orbit_scales() if scales is None else check_array(scales, "scales", ndim=1)
    if np.any(scales <= 0):
        raise ValueError("scales: every c must be > 0 (rescaling uses positive factors)")
    points = [rescaled(params, activation, layer, unit, float(c)) for c in scales]
    return OrbitCurve(
        layer, unit, scales,
        np.array([parameter_distance(params, p) for p in points]),
        np.array([function_gap(params, p, X, activation) for p in points]),
        admits_rescaling(get_activation(activation)),
    )


FLAT = 1e-12  # a curve whose values all lie within this of each other is flat (float64 rounding)


def _at(scales: np.ndarray, i: int) -> str:
    return f"c = {float(scales[i]):.3g}"


def curve_shape(scales: np.ndarray, values: np.ndarray, fmt: str = ".3g") -> str:
    """The shape of one curve along the orbit in words, read off the computed values (never assumed).

    Says where the minimum and maximum are; "grows on both sides" only when the values fall up to the
    minimum and rise after it; "grows with c" / "shrinks as c grows" only when the curve is monotone."""
    scales, values = np.asarray(scales, dtype=np.float64), np.asarray(values, dtype=np.float64)
    if len(values) != len(scales) or len(values) < 2:
        raise ValueError(f"values: need one per scale and at least 2, got {len(values)} for {len(scales)} scales")
    low, high = int(np.argmin(values)), int(np.argmax(values))
    if values[high] - values[low] <= FLAT:
        return f"stays at {values[low]:{fmt}} for every c from {scales[0]:.3g} to {scales[-1]:.3g}"
    steps = np.diff(values)
    falls, rises = bool(np.all(steps[:low] <= FLAT)), bool(np.all(steps[low:] >= -FLAT))
    first, last = f"{values[0]:{fmt}} at {_at(scales, 0)}", f"{values[-1]:{fmt}} at {_at(scales, -1)}"
    if low == 0 and rises:
        return f"grows with c, from {first} to {last}"
    if low == len(values) - 1 and falls:
        return f"shrinks as c grows, from {first} to {last}"
    if falls and rises:
        return (f"is smallest, {values[low]:{fmt}}, at {_at(scales, low)} and grows on both sides of it, to "
                f"{first} and to {last} (largest at {_at(scales, high)})")
    return (f"is smallest, {values[low]:{fmt}}, at {_at(scales, low)} and largest, {values[high]:{fmt}}, at "
            f"{_at(scales, high)}")
