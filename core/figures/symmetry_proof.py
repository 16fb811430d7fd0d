"""The proof panel's pictures: two decision surfaces side by side and the map of their difference.

The difference map uses a fixed scale (0 to 1, brighter = more different), so a true symmetry
leaves it blank and a broken move lights it up; the hover gives the exact value.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from core.engine.data import Dataset
from core.engine.mlp import Params
from core.figures.decision import decision_figure
from core.figures.theme import INK, base_layout
from core.symmetry.proof import Proof

DIFFERENCE_SCALE = [[0.0, "#FFFFFF"], [0.15, "#E9D8F2"], [1.0, "#5B2A86"]]  # white to purple: not a class colour
CLIP = 1.0
PANEL_HEIGHT = 340


def surface_figure(params: Params, activation: str, train: Dataset, test: Dataset | None, *, title: str) -> go.Figure:
    """The Train lesson's decision figure, made compact enough to sit three abreast (no colour bar:
    the page's caption gives the scale, which is the Train lesson's)."""
    fig = decision_figure(params, activation, train, test, resolution=70, title=title)
    fig.update_layout(height=PANEL_HEIGHT, showlegend=False, margin=dict(l=35, r=5, t=36, b=35),
                      title=dict(text=title, font=dict(size=14), x=0.02))
    fig.update_traces(showscale=False, selector=dict(type="heatmap"))
    return fig


def difference_figure(proof: Proof) -> go.Figure:
    """|f_θ − f_θ'| over the plotted region (heatmap for 2 inputs, a curve for 1). For classification f is the
    raw output (logit, before the sigmoid), and the title says so: the surfaces beside it show σ(f)."""
    gap = "|f<sub>θ</sub> − f<sub>θ′</sub>|"  # Plotly sets <sub> as a subscript (no KaTeX inside a figure)
    what = f"{gap} (logit)" if proof.classification else gap
    title = f"{what}, max {proof.gap:.1e}"
    bar = "|Δ logit|" if proof.classification else "|Δf|"
    if proof.ys is None:
        fig = go.Figure(go.Scatter(x=proof.xs, y=proof.difference, mode="lines", line=dict(color="#5B2A86", width=2),
                                   hovertemplate="x=%{x:.2f}<br>|Δf|=%{y:.2e}<extra></extra>"))
        fig.update_yaxes(title="|Δf|", range=[0, max(CLIP, float(np.max(proof.difference)) * 1.05)])
        fig.update_xaxes(title="x")
    else:
        fig = go.Figure(go.Heatmap(
            x=proof.xs, y=proof.ys, z=proof.difference, zmin=0.0, zmax=CLIP, colorscale=DIFFERENCE_SCALE,
            colorbar=dict(thickness=10, len=0.75, title=dict(text=bar, side="right"), tickvals=[0, 0.5, 1],
                          ticktext=["0", "0.5", "≥ 1"]),
            hovertemplate="x₁=%{x:.2f}, x₂=%{y:.2f}<br>" + bar + "=%{z:.2e}<extra></extra>",
        ))
        fig.update_xaxes(title="x₁", range=[proof.xs[0], proof.xs[-1]], constrain="domain")
        fig.update_yaxes(title="x₂", range=[proof.ys[0], proof.ys[-1]], scaleanchor="x", scaleratio=1,
                         constrain="domain")
        frame = dict(showline=True, linecolor="#9AA1AC", mirror=True, showgrid=False, zeroline=False)
        fig.update_xaxes(**frame)  # a blank map still shows where the plane is
        fig.update_yaxes(**frame)
    fig.update_layout(**base_layout(height=PANEL_HEIGHT, margin=dict(l=35, r=5, t=36, b=35),
                                    title=dict(text=title, font=dict(size=14, color=INK), x=0.02)))
    return fig
