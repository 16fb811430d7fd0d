"""The interpolation barrier: training loss along θ_A → θ_B before and after aligning B to A."""

from __future__ import annotations

import plotly.graph_objects as go

from core.figures.theme import MUTED, NEGATIVE, POSITIVE, base_layout
from core.symmetry.barrier import BarrierStudy


def barrier_figure(study: BarrierStudy) -> go.Figure:
    """Training loss along the straight path θ_A → θ_B, with B as trained and with B aligned to A."""
    ts = study.ts
    fig = go.Figure([
        go.Scatter(x=ts, y=study.loss_before, mode="lines",
                   name=f"to B as trained (barrier {study.barrier_before:.3f})",
                   line=dict(color=NEGATIVE, width=3, dash="dash"),
                   hovertemplate="t=%{x:.2f}<br>loss=%{y:.4f}<extra></extra>"),
        go.Scatter(x=ts, y=study.loss_after, mode="lines", name=f"to B aligned (barrier {study.barrier_after:.3f})",
                   line=dict(color=POSITIVE, width=3), hovertemplate="t=%{x:.2f}<br>loss=%{y:.4f}<extra></extra>"),
        go.Scatter(x=[0, 1], y=[study.loss_before[0], study.loss_before[-1]], mode="lines", name="chord (no barrier)",
                   line=dict(color=MUTED, width=1, dash="dot"), hoverinfo="skip"),
    ])
    fig.update_layout(**base_layout(height=340, legend=dict(orientation="h", y=1.18, x=0), hovermode="x unified",
                                    margin=dict(l=50, r=20, t=60, b=45)))
    fig.update_xaxes(title="t: the network (1 − t)·θ<sub>A</sub> + t·θ<sub>B</sub>", range=[0, 1],
                     tickvals=[0, 0.25, 0.5, 0.75, 1], ticktext=["θ<sub>A</sub>", "0.25", "0.5", "0.75",
                                                                 "θ<sub>B</sub>"])
    fig.update_yaxes(title="training loss", rangemode="tozero")
    return fig
