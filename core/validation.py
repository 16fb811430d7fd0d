"""Input checks shared by every public core function.

Each check raises TypeError for a wrong type and ValueError for a wrong value, and the
message names the parameter, the value and what is allowed, e.g.
``hidden width 0 in layer 1: must be an integer in [1, 256]``.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from core.limits import CLASSROOM, EngineLimits, engine_limits


def shown(value: Any, limit: int = 60) -> str:
    """``repr(value)`` cut to ``limit`` characters: a message names the value but stays readable."""
    try:
        text = repr(value)
    except ValueError:  # an int past Python's 4,300-digit str() limit
        text = f"<{type(value).__name__} too long to print>"
    return text if len(text) <= limit else f"{text[:limit - 3]}..."


def check_int(value: Any, name: str, bounds: tuple[int, int], *, where: str = "") -> int:
    """Return ``value`` as a Python int if it is an integer within ``bounds`` (inclusive).

    ``where`` places the value, e.g. ``" in layer 1"`` -> "hidden width 0 in layer 1: ...".
    """
    low, high = bounds
    allowed = f"must be an integer in [{low}, {high}]"
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} {shown(value)}{where}: {allowed}")
    value = int(value)
    if not low <= value <= high:
        raise ValueError(f"{name} {shown(value)}{where}: {allowed}")
    return value


def check_float(value: Any, name: str, bounds: tuple[float, float], *, open_low: bool = False) -> float:
    """Return ``value`` as a finite float within ``bounds`` (low exclusive when ``open_low``)."""
    low, high = bounds
    bracket = "(" if open_low else "["
    allowed = f"must be a finite number in {bracket}{low:g}, {high:g}]"
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} {shown(value)}: {allowed}")
    try:
        value = float(value)
    except OverflowError:  # an int beyond any double
        raise ValueError(f"{name} {shown(value)}: {allowed}") from None
    too_low = value <= low if open_low else value < low
    if not math.isfinite(value) or too_low or value > high:
        raise ValueError(f"{name} {shown(value)}: {allowed}")
    return value + 0.0  # -0.0 becomes 0.0 (numpy's uniform(-s, s) refuses s = -0.0); any other value is unchanged


def check_choice(value: Any, name: str, choices: Iterable[str]) -> str:
    """Return ``value`` if it is one of ``choices`` (a registry's keys)."""
    choices = list(choices)
    if not isinstance(value, str) or value not in choices:
        raise ValueError(f"{name} {shown(value)}: must be one of {', '.join(choices)}")
    return value


def check_widths(widths: Any, *, input_dim: tuple[int, int] | None = None, output_dim: tuple[int, int] | None = None,
                 hidden: tuple[int, int] | None = None, depth: tuple[int, int] | None = None,
                 limits: EngineLimits | None = CLASSROOM) -> tuple[int, ...]:
    """Validate a full width list ``(d_0, d_1, ..., d_L, d_{L+1})`` and return it as a tuple.

    Each bound not given defaults to ``limits`` (core.limits.EngineLimits; None: no upper bounds).
    Its default is the app's CLASSROOM caps; the engine's init_params passes its own ``limits``
    (core.limits.LIBRARY unless told otherwise), and the bounds lesson passes its own, larger bounds.
    """
    bounds = engine_limits(limits)
    input_dim = input_dim or bounds.input_dim
    output_dim = output_dim or bounds.output_dim
    hidden = hidden or bounds.hidden_width
    depth = depth or bounds.hidden_layers
    if isinstance(widths, (str, bytes)) or not isinstance(widths, Sequence):
        raise TypeError(f"widths {shown(widths)}: must be a list of integers (input, hidden..., output)")
    if not depth[0] + 2 <= len(widths) <= depth[1] + 2:
        raise ValueError(
            f"widths {shown(list(widths))}: must list the input width, {depth[0]} to {depth[1]} "
            "hidden widths and the output width"
        )
    checked = [check_int(widths[0], "input width", input_dim)]
    for layer, width in enumerate(widths[1:-1], start=1):
        checked.append(check_int(width, "hidden width", hidden, where=f" in layer {layer}"))
    checked.append(check_int(widths[-1], "output width", output_dim))
    return tuple(checked)


def check_array(value: Any, name: str, *, shape: tuple[int, ...] | None = None,
                ndim: int | None = None) -> np.ndarray:
    """Return ``value`` as a finite float64 array with the given ``shape`` or ``ndim``."""
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError, OverflowError) as error:
        raise TypeError(f"{name}: must be an array of numbers ({shown(str(error), 120)})") from None
    if ndim is not None and array.ndim != ndim:
        raise ValueError(f"{name} has {array.ndim} dimensions: must have {ndim}")
    if shape is not None and array.shape != tuple(shape):
        raise ValueError(f"{name} has shape {array.shape}: must have shape {tuple(shape)}")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} contains NaN or infinite values: all entries must be finite")
    return array


def check_generator(rng: Any, name: str = "rng") -> np.random.Generator:
    """Require an explicit ``numpy.random.Generator`` (never a global state or a bare seed)."""
    if not isinstance(rng, np.random.Generator):
        raise TypeError(
            f"{name} {type(rng).__name__}: must be a numpy.random.Generator, "
            "e.g. core.rng.stream(seed, 'init')"
        )
    return rng
