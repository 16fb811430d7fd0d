"""Wider is easier? [OURS] Share of starts that recovered the teacher's function, per width, one panel per budget."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from core.engine.init_schemes import SCHEME_LABELS
from core.figures.theme import INK, LEGEND_ROOM, MUTED, base_layout, legend_under
from core.init_regions.results import WidthResult

SCHEME_STYLE = {  # colour, dash, marker: readable without colour too
    "constant": ("#6B7280", "dot", "x"),
    "zero": ("#9CA3AF", "dot", "x-thin"),
    "uniform": ("#0072B2", "solid", "circle"),
    "xavier": ("#E69F00", "solid", "diamond"),
    "he": ("#009E73", "dash", "square"),
    "orthogonal": ("#CC79A7", "dashdot", "triangle-up"),
    "representative": ("#D55E00", "longdash", "star"),
}


def width_figure(result: WidthResult, *, height: int = 430) -> go.Figure:
    """Share of starts that recovered the teacher (Wilson 95% bars) against width, one panel per step budget."""
    spec = result.spec
    budgets = spec.budgets
    fig = make_subplots(rows=1, cols=len(budgets), shared_yaxes=True, horizontal_spacing=0.04,
                        subplot_titles=[f"after {budget:,} steps" for budget in budgets])
    fig.update_annotations(font=dict(size=13))  # the subplot titles
    for col, budget in enumerate(budgets, 1):
        for scheme in spec.schemes:
            rows = result.curve(scheme, budget)
            colour, dash, symbol = SCHEME_STYLE.get(scheme, (INK, "solid", "circle"))
            label = SCHEME_LABELS.get(scheme, scheme)
            share = np.array([r.share for r in rows])
            fig.add_trace(go.Scatter(
                x=[r.width for r in rows], y=share, mode="lines+markers", name=label, legendgroup=scheme,
                showlegend=col == 1,
                line=dict(color=colour, dash=dash, width=2), marker=dict(symbol=symbol, size=8, color=colour),
                error_y=dict(type="data", symmetric=False, array=[r.high - r.share for r in rows],
                             arrayminus=[r.share - r.low for r in rows], color=colour, thickness=1.2, width=3),
                customdata=[[r.successes, r.n_starts, r.low, r.high, r.median_error, r.best_loss] for r in rows],
                hovertemplate=(f"{label}, after {budget:,} steps<br>width %{{x}}: %{{customdata[0]}} of "
                               "%{customdata[1]} recovered the teacher (%{y:.0%})<br>95% interval "
                               "%{customdata[2]:.0%}–%{customdata[3]:.0%}<br>median grid error %{customdata[4]:.2g}"
                               "<br>lowest training MSE %{customdata[5]:.1e}<extra></extra>"),
            ), row=1, col=col)
        fig.add_vline(x=spec.teacher_width, line=dict(color=MUTED, dash="dot", width=1), row=1, col=col)
    fig.add_annotation(x=np.log10(spec.teacher_width), y=1.04, xref="x", yref="y", showarrow=False,
                       text=f"teacher: {spec.teacher_width} units", font=dict(size=11, color=MUTED), xanchor="left")
    fig.update_layout(**base_layout(height=height, margin=dict(l=60, r=20, t=50, b=50 + LEGEND_ROOM),
                                    legend=legend_under(font=dict(size=12))))
    ticks = [w for w in (1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024) if min(spec.widths) <= w <= max(spec.widths)]
    if len(ticks) > 4:  # every other power of two: side by side on a phone, "1 2 4 8" ran into each other
        ticks = ticks[::2]
    for col in range(1, len(budgets) + 1):
        # One axis title, under the first panel: one per panel ran into each other on a phone.
        fig.update_xaxes(type="log", title="hidden width d" if col == 1 else None, tickvals=ticks,
                         ticktext=[str(t) for t in ticks], row=1, col=col)
    fig.update_yaxes(title=f"share of {spec.seeds} starts that recovered f* (grid error ≤ {spec.tolerance:g})",
                     range=[-0.03, 1.08], tickformat=".0%", row=1, col=1)
    return fig
