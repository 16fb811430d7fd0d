"""The shape of a curve against width, read from its numbers, and the sentence that says it.

Why this exists: a sentence such as "the relative reduction shrinks with width" is true at depth 2
and false at depth 1 (there it rises from 1.7 % to 15.2 % between widths 2 and 4,096, tanh, 2 inputs,
ε = 0.1). So no trend is written by hand: :func:`classify_trend` reads the shape of the very curve
the page draws, and :func:`trend_sentence` words exactly that shape with its numbers.
See docs/theory.md#relative-reduction and docs/theory.md#effective-volume.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from core.validation import shown

# Shapes, from the signs of the steps between consecutive points (steps within the tolerance are level).
FLAT, RISES, FALLS = "flat", "rises", "falls"
RISES_THEN_FALLS, FALLS_THEN_RISES, VARIES = "rises then falls", "falls then rises", "goes up and down"
SHAPES = (FLAT, RISES, FALLS, RISES_THEN_FALLS, FALLS_THEN_RISES, VARIES)
_RUNS_TO_SHAPE = {(): FLAT, (1,): RISES, (-1,): FALLS, (1, -1): RISES_THEN_FALLS, (-1, 1): FALLS_THEN_RISES}

# A step smaller than this share of the curve's largest |value| counts as level: float noise, not a trend.
RELATIVE_TOLERANCE = 1e-9


@dataclass(frozen=True)
class Trend:
    """The shape of y(x) over the x shown, with the points a sentence quotes.

    ``shape`` is one of SHAPES. first/last: the ends of the range; high/low: the largest and smallest
    value (the first x where it is reached).
    """

    shape: str
    first: tuple[float, float]
    last: tuple[float, float]
    high: tuple[float, float]
    low: tuple[float, float]


def classify_trend(x: Sequence[float] | np.ndarray, y: Sequence[float] | np.ndarray, *,
                   rel_tol: float = RELATIVE_TOLERANCE) -> Trend:
    """The shape of y against increasing x: flat, rises, falls, rises then falls, falls then rises,
    or goes up and down (more than one turn).

    Parameters
    ----------
    x, y : float arrays, shape (n,), n >= 1
        x strictly increasing, y finite.
    rel_tol : float
        Steps with |Δy| <= rel_tol · max|y| are level (they neither rise nor fall).
    """
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    if x.ndim != 1 or x.shape != y.shape or x.size == 0:
        raise ValueError(f"x and y: must be 1-d arrays of the same length >= 1, got shapes {x.shape} and {y.shape}")
    if not (np.all(np.isfinite(x)) and np.all(np.isfinite(y))):
        raise ValueError("x and y: must be finite numbers")
    if np.any(np.diff(x) <= 0):
        raise ValueError(f"x {shown(x.tolist()[:6])}: must be strictly increasing")
    if not (math.isfinite(rel_tol) and rel_tol >= 0):
        raise ValueError(f"rel_tol {shown(rel_tol)}: must be a finite number >= 0")
    steps = np.diff(y)
    level = rel_tol * float(np.max(np.abs(y)))
    signs = [int(s) for s in np.sign(steps[np.abs(steps) > level])]
    runs = tuple(s for i, s in enumerate(signs) if i == 0 or s != signs[i - 1])
    high, low = int(np.argmax(y)), int(np.argmin(y))
    return Trend(
        shape=_RUNS_TO_SHAPE.get(runs, VARIES),
        first=(float(x[0]), float(y[0])), last=(float(x[-1]), float(y[-1])),
        high=(float(x[high]), float(y[high])), low=(float(x[low]), float(y[low])),
    )


def trend_sentence(trend: Trend, value: Callable[[float], str], *, at: Callable[[float], str] | None = None) -> str:
    """The shape in words with its numbers, e.g. "rises from 1.71 % at width 2 to 15.2 % at width 4,096".

    ``value`` formats a y value ("1.71 %"), ``at`` an x value ("width 2"; default "width {x:,.0f}").
    The words follow ``trend.shape`` only, so they agree with the numbers by construction.
    """
    at = at or (lambda x: f"width {x:,.0f}")

    def point(p: tuple[float, float]) -> str:
        return f"{value(p[1])} at {at(p[0])}"

    if trend.shape == FLAT:
        return f"stays at {value(trend.first[1])} from {at(trend.first[0])} to {at(trend.last[0])}"
    if trend.shape in (RISES, FALLS):
        return f"{trend.shape} from {point(trend.first)} to {point(trend.last)}"
    if trend.shape == RISES_THEN_FALLS:
        return (f"rises from {point(trend.first)} to a peak of {point(trend.high)}, "
                f"then falls to {point(trend.last)}")
    if trend.shape == FALLS_THEN_RISES:
        return (f"falls from {point(trend.first)} to a low of {point(trend.low)}, "
                f"then rises to {point(trend.last)}")
    extremes = [f"{name} {point(p)}" for name, p in (("highest", trend.high), ("lowest", trend.low))
                if p[0] not in (trend.first[0], trend.last[0])]
    detail = ", ".join(extremes) or "not steadily: it turns more than once on the way"
    return f"goes up and down from {point(trend.first)} to {point(trend.last)} ({detail})"
