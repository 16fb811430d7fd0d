"""Wider is easier: measured success shares (ours) beside the effective-volume fraction (paper's quantity)."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from core.bounds.volume import one_layer_log10_fractions
from core.engine.init_schemes import SCHEME_LABELS
from core.figures.theme import INK, MUTED, base_layout
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
    """Success share per scheme against width (Wilson intervals) beside log10 of the effective-volume fraction."""
    spec = result.spec
    fig = make_subplots(rows=1, cols=2, horizontal_spacing=0.1, column_widths=[0.62, 0.38], subplot_titles=(
        f"our experiment: share of {spec.seeds} starts that fit perfectly (95% Wilson)",
        "the paper's quantity: log10 of 1/d! (effective volume)"))
    fig.update_annotations(font=dict(size=13))  # the subplot titles
    for scheme in spec.schemes:
        rows = result.curve(scheme)
        colour, dash, symbol = SCHEME_STYLE.get(scheme, (INK, "solid", "circle"))
        share = np.array([r.share for r in rows])
        fig.add_trace(go.Scatter(
            x=[r.width for r in rows], y=share, mode="lines+markers", name=SCHEME_LABELS.get(scheme, scheme),
            line=dict(color=colour, dash=dash, width=2), marker=dict(symbol=symbol, size=8, color=colour),
            error_y=dict(type="data", symmetric=False, array=[r.high - r.share for r in rows],
                         arrayminus=[r.share - r.low for r in rows], color=colour, thickness=1.2, width=3),
            customdata=[[r.successes, r.n_starts, r.low, r.high, r.median_loss] for r in rows],
            hovertemplate=(f"{SCHEME_LABELS.get(scheme, scheme)}<br>width %{{x}}: %{{customdata[0]}} of "
                           "%{customdata[1]} fit (%{y:.0%})<br>95% interval %{customdata[2]:.0%}–%{customdata[3]:.0%}"
                           "<br>median final loss %{customdata[4]:.1e}<extra></extra>"),
        ), row=1, col=1)
    fig.add_vline(x=spec.teacher_width, line=dict(color=MUTED, dash="dot", width=1), row=1, col=1)
    fig.add_annotation(x=np.log10(spec.teacher_width), y=1.04, xref="x", yref="y", showarrow=False,
                       text=f"teacher: {spec.teacher_width} units", font=dict(size=11, color=MUTED), xanchor="left")
    volume = one_layer_log10_fractions(spec.widths, spec.activation)
    fig.add_trace(go.Scatter(x=volume["width"], y=volume["permutations"], mode="lines+markers",
                             name="1/d! (permutations)", line=dict(color=INK, width=2),
                             hovertemplate="width %{x}: log10 = %{y:.1f}<extra></extra>"),
                  row=1, col=2)
    fig.add_trace(go.Scatter(x=volume["width"], y=volume["with_signs"], mode="lines",
                             name="1/(2^d d!) (with sign flips)",
                             line=dict(color=INK, width=1.5, dash="dash"),
                             hovertemplate="width %{x}: log10 = %{y:.1f}<extra></extra>"), row=1, col=2)
    fig.update_layout(**base_layout(height=height, margin=dict(l=60, r=20, t=50, b=50),
                                    legend=dict(orientation="h", y=-0.18, font=dict(size=12))))
    ticks = [w for w in (1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024) if min(spec.widths) <= w <= max(spec.widths)]
    for col in (1, 2):
        fig.update_xaxes(type="log", title="hidden width d", tickvals=ticks, ticktext=[str(t) for t in ticks],
                         row=1, col=col)
    fig.update_yaxes(title="share that fit", range=[-0.03, 1.08], tickformat=".0%", row=1, col=1)
    fig.update_yaxes(title="log10 fraction", row=1, col=2)
    return fig
