"""Upper bounds on the covering number against width: the log view (what generalisation bounds use)
and the raw view (digits). N_base and N_red bound the same covering number N(ε), which belongs to the
function class and does not change; what the symmetry shrinks is the bound (docs/theory.md#reduced-bound).

Both take the curves of core.bounds.curves.covering_curves and the marked networks
(core.bounds.curves.MarkedNetwork); markers come from core.figures.bounds_markers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from core.big_numbers import format_log10
from core.figures.bounds_markers import WIDTH_AXIS, mark_current_width, marker_traces, positive_part
from core.figures.theme import LEGEND_ROOM, MUTED, NEGATIVE, POSITIVE, base_layout, legend_under
from core.glossary import without_tags

if TYPE_CHECKING:
    from core.bounds.curves import MarkedNetwork

GAP_FILL = "rgba(230, 97, 0, 0.22)"   # NEGATIVE, translucent: the part the symmetry removes
BASELINE_BAND = "rgba(31, 36, 48, 0.28)"  # INK, translucent
ANNOTATION_SHIFT = 20  # pixels from the marker to the label's box
LEGEND = legend_under(font_size=12)


def _axis_type(values) -> str:
    """Log axis unless nothing is positive (ε >= BΛ gives ln N = 0 everywhere)."""
    return "log" if np.any(np.asarray(values) > 0) else "linear"


def _label(name: str, plain: bool) -> str:
    """A legend entry; ``plain`` (the page's plain words) drops its provenance tag, told beside the chart."""
    return without_tags(name) if plain else name


def log_covering_figure(curves: dict[str, np.ndarray], current: MarkedNetwork,
                        trained: MarkedNetwork | None = None, *, plain: bool = False) -> go.Figure:
    """ln N_base and ln N_red against width, the gap shaded, the relative reduction on a second axis."""
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    x = curves["width"]
    # The two bounds differ by a few percent at most, so on a log axis they coincide: the baseline is
    # drawn as a wide pale band under the reduced line, and the gap itself is plotted (and shaded).
    fig.add_trace(go.Scatter(x=x, y=curves["log_baseline"],
                             name=_label("bound on ln N, baseline: S·ln m [RECON]", plain),
                             line=dict(color=BASELINE_BAND, width=7), hovertemplate="%{y:,.6g}"), secondary_y=False)
    fig.add_trace(go.Scatter(x=x, y=curves["log_reduced"], name=_label("bound on ln N, reduced [RECON]", plain),
                             line=dict(color=POSITIVE, width=2), hovertemplate="%{y:,.6g}"), secondary_y=False)
    fig.add_trace(go.Scatter(**positive_part(x, curves["gap"]),
                             name="gap = ln N<sub>base</sub> − ln N<sub>red</sub> ≈ Σ ln d<sub>l</sub>! (shaded)",
                             line=dict(color=NEGATIVE, width=2, dash="dot"), fill="tozeroy", fillcolor=GAP_FILL,
                             hovertemplate="%{y:,.6g}"), secondary_y=False)
    fig.add_trace(go.Scatter(x=x, y=curves["relative_reduction_pct"], name="relative reduction % (right axis)",
                             line=dict(color=MUTED, width=2, dash="dash"), hovertemplate="%{y:.4g}%"),
                  secondary_y=True)
    # Markers on the left axis only; their relative reduction (right axis) is in their hover text.
    for trace in marker_traces(current, trained, lambda n: [n.terms["log_baseline"], n.terms["log_reduced"]],
                               note=lambda n: f"relative reduction {n.terms['relative_reduction_pct']:.4g} %"):
        fig.add_trace(trace, secondary_y=False)
    mark_current_width(fig, current)
    fig.update_layout(**base_layout(height=470, hovermode="x unified", legend=LEGEND,
                                    margin=dict(l=60, r=60, t=30, b=40 + LEGEND_ROOM)))
    fig.update_xaxes(**WIDTH_AXIS)
    fig.update_yaxes(title="upper bound on ln N (nats)", type=_axis_type(curves["log_baseline"]),
                     secondary_y=False)
    fig.update_yaxes(title="relative reduction of the bound on ln N", rangemode="tozero", showgrid=False,
                     tickmode="auto", ticksuffix=" %", secondary_y=True)
    return fig


def factor_annotation(current: MarkedNetwork) -> dict:
    """The label "the bound shrinks by a factor ≈ …" at the factor's marker, as add_annotation keywords.

    It points away from the nearer vertical edge: to the right of a marker in the left half of the
    width axis, to the left of one in the right half, its box anchored on the side of the arrow and
    clear of the vertical line through the markers. So it never covers the y-axis ticks (at width 4 a
    box drawn leftwards sat on the tick "100") nor the markers. Two short lines keep the box narrow.
    """
    low, high = cast("list[float]", WIDTH_AXIS["range"])  # the log10 ends of the width axis
    x = float(np.log10(current.x))
    rightwards = (x - low) / (high - low) < 0.5
    return dict(x=x, y=float(np.log10(current.log10_factor)), showarrow=True, arrowhead=2,
                ax=ANNOTATION_SHIFT if rightwards else -ANNOTATION_SHIFT, ay=-40,
                xanchor="left" if rightwards else "right", bgcolor="white", bordercolor=NEGATIVE,
                text=f"the bound shrinks<br>by a factor ≈ {format_log10(current.log10_factor, plain_below=6)}")


def raw_covering_figure(curves: dict[str, np.ndarray], current: MarkedNetwork,
                        trained: MarkedNetwork | None = None, *, plain: bool = False) -> go.Figure:
    """log10 of the two bounds on N (their digits) and of the factor N_base / N_red."""
    fig = go.Figure()
    x = curves["width"]
    fig.add_trace(go.Scatter(x=x, y=curves["log10_baseline"],
                             name=_label("log10 of the bound N<sub>base</sub> [RECON]", plain),
                             line=dict(color=BASELINE_BAND, width=7), hovertemplate="10<sup>%{y:,.6g}</sup>"))
    fig.add_trace(go.Scatter(x=x, y=curves["log10_reduced"],
                             name=_label("log10 of the bound N<sub>red</sub> [RECON]", plain),
                             line=dict(color=POSITIVE, width=2), hovertemplate="10<sup>%{y:,.6g}</sup>"))
    fig.add_trace(go.Scatter(**positive_part(x, curves["log10_factor"]),
                             name="log10 of the factor N<sub>base</sub> / N<sub>red</sub> ≈ ∏ d<sub>l</sub>!",
                             line=dict(color=NEGATIVE, width=2), fill="tozeroy", fillcolor=GAP_FILL,
                             hovertemplate="factor 10<sup>%{y:,.6g}</sup>"))
    for trace in marker_traces(current, trained, lambda n: [n.log10_baseline, n.log10_reduced, n.log10_factor]):
        fig.add_trace(trace)
    mark_current_width(fig, current)
    if current.log10_factor > 0:
        fig.add_annotation(**factor_annotation(current))
    fig.update_layout(**base_layout(height=470, hovermode="x unified", legend=LEGEND,
                                    margin=dict(l=60, r=30, t=30, b=40 + LEGEND_ROOM)))
    fig.update_xaxes(**WIDTH_AXIS)
    fig.update_yaxes(title="log10 of the bound on N (its digits)", type=_axis_type(curves["log10_baseline"]))
    return fig
