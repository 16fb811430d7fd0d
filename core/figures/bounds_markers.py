"""The width axis, the markers and the log-axis helper shared by the lesson's width figures.

Markers are traces whose ``meta`` is "your network" or "trained network", so tests and the
browser can find them in the figure JSON and in plotly's ``gd._fullData``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import numpy as np
import plotly.graph_objects as go
from numpy.typing import ArrayLike

from core import limits
from core.figures.theme import INK, MUTED, NEGATIVE

if TYPE_CHECKING:
    from core.bounds.curves import MarkedNetwork

CURRENT, TRAINED = "your network", "trained network"
WIDTH_AXIS = dict(type="log", title="hidden width (every hidden layer)",
                  range=[-0.05, math.log10(limits.BOUNDS_WIDTH[1]) + 0.05])
_STYLES = {CURRENT: dict(symbol="circle", size=11, color=INK), TRAINED: dict(symbol="diamond", size=12, color=NEGATIVE)}


def marker_traces(current: MarkedNetwork | None, trained: MarkedNetwork | None,
                  ys: Callable[[MarkedNetwork], Sequence[float]],
                  note: Callable[[MarkedNetwork], str] | None = None) -> list[go.Scatter]:
    """One marker trace per marked network (core.bounds.curves.MarkedNetwork or None).

    ``ys(network)`` gives the y values; x is the network's mean hidden width for each of them. Add the
    traces to one y-axis only: a marker repeated on a second axis reads as a stray point on the first.
    ``note(network)``, when given, is one more hover line (a number that lives on that other axis).
    """
    traces = []
    for name, network in ((CURRENT, current), (TRAINED, trained)):
        if network is None:
            continue
        y = ys(network)
        label = f"{name} ({network.architecture}, {network.activation})"
        if network.box_warning:  # the curves' box [−B, B]^S × [−1, 1]^d₀ does not contain it
            label += ", outside the bounds' box"
        extra = f"<br>{note(network)}" if note else ""
        traces.append(go.Scatter(
            x=[network.x] * len(y), y=y, mode="markers", name=label, legendgroup=name, meta=name,
            marker=dict(line=dict(color="white", width=1.5), **_STYLES[name]),
            hovertemplate=f"{label}<br>mean hidden width %{{x:.4g}}<br>%{{y:,.6g}}{extra}<extra></extra>",
        ))
    return traces


def mark_current_width(fig: go.Figure, current: MarkedNetwork) -> None:
    """A thin dotted vertical line at the person's width, so the eye finds it on every curve."""
    fig.add_vline(x=current.x, line=dict(color=MUTED, width=1, dash="dot"))


def positive_part(x: ArrayLike, y: ArrayLike) -> dict[str, np.ndarray]:
    """x and y of the points with y > 0, as Scatter keywords.

    A log axis cannot show 0 (width 1 has no symmetry: ln 1! = 0), and plotly draws a zero as a
    line plunging off the bottom of the plot.
    """
    x, y = np.asarray(x), np.asarray(y)
    keep = y > 0
    return dict(x=x[keep], y=y[keep])
