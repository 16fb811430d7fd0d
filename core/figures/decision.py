"""The network's output over the input plane (2-D) or line (1-D), with train and test points."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from core.engine.data import Dataset
from core.engine.grids import input_grid, plot_extent
from core.engine.mlp import Params, forward
from core.figures.theme import DIVERGING, INK, LEGEND_ROOM, NEGATIVE, POSITIVE, TEST_EDGE, base_layout, legend_under


def _points(data: Dataset, name: str, is_test: bool) -> list[go.Scatter]:
    traces = []
    for label, colour, glyph in ((0.0, NEGATIVE, "circle"), (1.0, POSITIVE, "diamond")):
        mask = data.y == label
        traces.append(go.Scatter(
            x=data.X[mask, 0], y=data.X[mask, 1], mode="markers", name=f"{name}, class {int(label)}",
            marker=dict(color="white" if is_test else colour, symbol=glyph, size=7,
                        line=dict(color=colour if is_test else TEST_EDGE, width=1.5 if is_test else 0.6)),
            hovertemplate=f"{name} point, class {int(label)}<br>x₁=%{{x:.2f}}, x₂=%{{y:.2f}}<extra></extra>",
        ))
    return traces


def require_drawable(params: Params | None, data: Dataset) -> None:
    """A decision surface shows one output over one or two inputs; anything else is refused, not half drawn."""
    outputs = params.widths[-1] if params is not None else 1
    if data.input_dim > 2 or outputs != 1:
        raise ValueError(f"a decision figure draws a network with 1 output over 1 or 2 input columns: this one has "
                         f"{outputs} output(s) and the data {data.input_dim} input column(s) (use the per-class "
                         "figures for wider data)")


def decision_figure(params: Params | None, activation: str, train: Dataset, test: Dataset | None = None,
                    *, resolution: int = 80, title: str = "") -> go.Figure:
    """Heatmap of P(class 1) (classification) or f(x) (regression) with the data on top."""
    require_drawable(params, train)
    if train.input_dim == 1:
        return _regression_figure(params, activation, train, test, title=title)
    low, high = plot_extent(train, test)
    fig = go.Figure()
    if params is not None:
        xs, ys, points = input_grid(low, high, resolution)
        logits = forward(params, points, activation)[:, 0].reshape(resolution, resolution)
        probability = 1.0 / (1.0 + np.exp(-np.clip(logits, -50, 50)))
        fig.add_trace(go.Heatmap(
            x=xs, y=ys, z=probability, zmin=0, zmax=1, colorscale=DIVERGING, opacity=0.85, name="network",
            # Title on the side: on top it collided with the "1" tick at the top of the bar
            colorbar=dict(title=dict(text="P(class 1)", side="right"), thickness=12, len=0.8),
            hovertemplate="x₁=%{x:.2f}, x₂=%{y:.2f}<br>P(class 1)=%{z:.3f}<extra></extra>",
        ))
        fig.add_trace(go.Contour(
            x=xs, y=ys, z=probability, contours=dict(start=0.5, end=0.5, coloring="none"),
            line=dict(color=INK, width=2), showscale=False, hoverinfo="skip", name="boundary",
        ))
    for trace in _points(train, "train", False) + (_points(test, "test", True)
                                                   if test is not None and test.n_samples else []):
        fig.add_trace(trace)
    fig.update_layout(**base_layout(title=title, legend=legend_under(), height=460 + LEGEND_ROOM,
                                    margin=dict(l=40, r=20, t=40, b=40 + LEGEND_ROOM)))
    fig.update_xaxes(range=[low[0], high[0]], title="x₁", constrain="domain")
    fig.update_yaxes(range=[low[1], high[1]], title="x₂", scaleanchor="x", scaleratio=1, constrain="domain")
    return fig


def _regression_figure(params, activation, train, test, *, title):
    low, high = plot_extent(train, test)
    fig = go.Figure()
    if params is not None:
        xs = np.linspace(low[0], high[0], 300)
        fig.add_trace(go.Scatter(x=xs, y=forward(params, xs[:, None], activation)[:, 0], mode="lines",
                                 name="network f(x)", line=dict(color=INK, width=3),
                                 hovertemplate="x=%{x:.2f}<br>f(x)=%{y:.3f}<extra></extra>"))
    fig.add_trace(go.Scatter(x=train.X[:, 0], y=train.y, mode="markers", name="train",
                             marker=dict(color=POSITIVE, size=7)))
    if test is not None and test.n_samples:
        fig.add_trace(go.Scatter(x=test.X[:, 0], y=test.y, mode="markers", name="test",
                                 marker=dict(color="white", size=7, symbol="diamond",
                                             line=dict(color=NEGATIVE, width=1.5))))
    fig.update_layout(**base_layout(title=title, legend=legend_under(), height=460 + LEGEND_ROOM,
                                    margin=dict(l=40, r=20, t=40, b=40 + LEGEND_ROOM)))
    fig.update_xaxes(title="x")
    fig.update_yaxes(title="y")
    return fig


def dataset_preview(train: Dataset, test: Dataset | None = None) -> go.Figure:
    """Just the data (no network), small, for the controls column."""
    fig = decision_figure(None, "identity", train, test)
    fig.update_layout(height=260, margin=dict(l=10, r=10, t=10, b=10), showlegend=False)
    fig.update_xaxes(title=None)
    fig.update_yaxes(title=None)
    return fig
