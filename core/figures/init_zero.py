"""Zero/constant init: every hidden unit's curve at a few steps (they coincide), and the output."""

from __future__ import annotations

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from core.figures.theme import INK, LEGEND_ROOM, MUTED, base_layout, legend_under
from core.init_regions.results import ZeroDemo

UNIT_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#8C564B", "#6B7280")


def zero_figure(demo: ZeroDemo, *, height: int = 330) -> go.Figure:
    """Top row: the d unit curves per shown step (drawn widest first, so coinciding curves stay visible)."""
    n = len(demo.shown_steps)
    fig = make_subplots(rows=2, cols=n, shared_yaxes="rows", vertical_spacing=0.18, horizontal_spacing=0.06,
                        subplot_titles=[f"step {int(t)}" for t in demo.shown_steps])
    for i in range(n):
        for unit in range(demo.width):
            colour = UNIT_COLOURS[unit % len(UNIT_COLOURS)]
            fig.add_trace(go.Scatter(
                x=demo.xs, y=demo.unit_curves[i, unit], mode="lines", name=f"unit {unit + 1}",
                line=dict(color=colour, width=2 + 7 * (demo.width - 1 - unit) / max(demo.width - 1, 1)),
                showlegend=i == 0, legendgroup=f"unit{unit}",
                hovertemplate=f"unit {unit + 1}<br>x=%{{x:.2f}}, h=%{{y:.3f}}<extra></extra>"), row=1, col=i + 1)
        fig.add_trace(go.Scatter(x=demo.xs, y=demo.target, mode="lines", name="target (teacher)", showlegend=i == 0,
                                 line=dict(color=MUTED, dash="dot", width=2), legendgroup="target"), row=2, col=i + 1)
        fig.add_trace(go.Scatter(x=demo.xs, y=demo.outputs[i], mode="lines", name="network output", showlegend=i == 0,
                                 line=dict(color=INK, width=2.5),
                                 legendgroup="output"), row=2, col=i + 1)
    # The legend under the panels (beside them it took a third of a phone's width) and three ticks a panel
    # (with more, one panel's last label ran into the next panel's first).
    fig.update_layout(**base_layout(height=height + LEGEND_ROOM, margin=dict(l=50, r=10, t=30, b=30 + LEGEND_ROOM),
                                    legend=legend_under(font=dict(size=12))))
    fig.update_xaxes(nticks=3, tickangle=0)
    fig.update_yaxes(title="unit output", row=1, col=1)
    fig.update_yaxes(title="f(x)", row=2, col=1)
    fig.update_annotations(font=dict(size=12, color=INK))
    return fig
