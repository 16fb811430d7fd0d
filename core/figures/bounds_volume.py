"""The effective-volume meter against width: the share r = 1/∏ d_l! of parameter space.

Drawn as −log10 r (how many orders of magnitude smaller than the whole box) on a log axis, so
that both width 4 (r = 10^-2.8 at depth 2) and width 4,096 (10^-26,000) are readable.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import plotly.graph_objects as go

from core.figures.bounds_markers import WIDTH_AXIS, mark_current_width, marker_traces, positive_part
from core.figures.theme import LEGEND_ROOM, NEGATIVE, POSITIVE, base_layout, legend_under

if TYPE_CHECKING:
    from core.bounds.curves import MarkedNetwork


def volume_figure(curves: dict[str, np.ndarray], current: MarkedNetwork,
                  trained: MarkedNetwork | None = None) -> go.Figure:
    """log10 (1/∏ d_l!) and, for odd activations, log10 (1/∏ 2^{d_l} d_l!) against width."""
    fig = go.Figure()
    x = curves["width"]
    fig.add_trace(go.Scatter(**positive_part(x, -curves["log10_fraction"]), name="permutations: r = 1/∏ d<sub>l</sub>!",
                             line=dict(color=POSITIVE, width=2.5), hovertemplate="r = 10<sup>−%{y:,.6g}</sup>"))
    signed = curves["log10_fraction_signed"]
    if not np.all(np.isnan(signed)):
        fig.add_trace(go.Scatter(**positive_part(x, -signed),
                                 name="with sign flips: r = 1/∏ 2<sup>d<sub>l</sub></sup> d<sub>l</sub>!",
                                 line=dict(color=NEGATIVE, width=2, dash="dash"),
                                 hovertemplate="r = 10<sup>−%{y:,.6g}</sup>"))
    for trace in marker_traces(current, trained, lambda n: [-n.log10_fraction]):
        fig.add_trace(trace)
    mark_current_width(fig, current)
    fig.update_layout(**base_layout(height=340, hovermode="x unified",
                                    margin=dict(l=60, r=20, t=20, b=40 + LEGEND_ROOM),
                                    legend=legend_under(font_size=12)))
    fig.update_xaxes(**WIDTH_AXIS)
    fig.update_yaxes(title="−log10 r (orders of magnitude)", type="log")
    return fig
