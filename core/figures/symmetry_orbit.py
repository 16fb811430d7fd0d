"""The rescaling orbit: parameter distance and function distance against c, both as computed (shapes vary)."""

from __future__ import annotations

import plotly.graph_objects as go

from core.figures.theme import INK, NEGATIVE, POSITIVE, base_layout
from core.symmetry.rescale_orbit import OrbitCurve


def orbit_figure(curve: OrbitCurve, chosen: float, chosen_distance: float, chosen_gap: float) -> go.Figure:
    """Both distances on one linear axis against c (log axis), with the chosen c marked."""
    function_name = "function distance max |Δf|" + ("" if curve.is_symmetry else " (not a symmetry here)")
    fig = go.Figure([
        go.Scatter(x=curve.scales, y=curve.parameter_distance, mode="lines",
                   name="parameter distance ‖θ − θ<sub>c</sub>‖", line=dict(color=POSITIVE, width=3),
                   hovertemplate="c=%{x:.3g}<br>‖θ − θ<sub>c</sub>‖=%{y:.3f}<extra></extra>"),
        go.Scatter(x=curve.scales, y=curve.function_gap, mode="lines", name=function_name,
                   line=dict(color=NEGATIVE, width=3, dash="dash"),
                   hovertemplate="c=%{x:.3g}<br>max |Δf|=%{y:.2e}<extra></extra>"),
        go.Scatter(x=[chosen, chosen], y=[chosen_distance, chosen_gap], mode="markers", name=f"c = {chosen:.3g}",
                   marker=dict(color=INK, size=11, symbol=["circle", "diamond"]),
                   hovertemplate="c=%{x:.3g}: %{y:.3g}<extra></extra>"),
    ])
    fig.update_layout(**base_layout(height=340, legend=dict(orientation="h", y=1.15, x=0), hovermode="closest",
                                    margin=dict(l=50, r=20, t=50, b=45)))
    fig.update_xaxes(title="c (the unit's incoming weights × c, outgoing ÷ c)", type="log",
                     tickvals=[0.1, 0.2, 0.5, 1, 2, 5, 10])
    fig.update_yaxes(title="distance", rangemode="tozero")
    return fig
