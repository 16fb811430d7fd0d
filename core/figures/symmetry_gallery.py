"""The twin gallery: a network diagram per twin and, under each, its output over the input plane.

The diagrams differ (edges reordered, flipped, rescaled); the output thumbnails are computed from
each twin separately and come out identical, which is the point.
"""

from __future__ import annotations

import math

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from core.engine.data import Dataset
from core.engine.grids import input_grid, plot_extent
from core.engine.mlp import Params, forward
from core.figures.decision import require_drawable
from core.figures.network import network_figure
from core.figures.theme import DIVERGING, INK, base_layout

PER_ROW = 4                 # networks side by side where the figure has room
NARROW_PER_ROW = 2          # on a narrow figure (a phone), so each title has half the width
THUMB_RES = 40
HORIZONTAL_SPACING = 0.04   # of the figure's width, between columns
TITLE_PX = 160              # px the longest title takes in 12 px type ("twin 11: max |Δf| 5e-15", 23 characters)
BLOCK_PX = 330              # px of figure per row of networks (diagrams over their outputs)
GAP_PX = 30                 # px between rows of subplots: room for the next row's titles


def _output_trace(params: Params, activation: str, data: Dataset):
    require_drawable(params, data)
    low, high = plot_extent(data)
    if data.input_dim == 1:
        xs = np.linspace(low[0], high[0], 200)
        return go.Scatter(x=xs, y=forward(params, xs[:, None], activation)[:, 0], mode="lines",
                          line=dict(color=INK, width=2), hoverinfo="skip", showlegend=False)
    xs, ys, points = input_grid(low, high, THUMB_RES)
    logits = forward(params, points, activation)[:, 0].reshape(THUMB_RES, THUMB_RES)
    return go.Heatmap(x=xs, y=ys, z=1 / (1 + np.exp(-np.clip(logits, -50, 50))), zmin=0, zmax=1,
                      colorscale=DIVERGING, showscale=False, hovertemplate="P(class 1)=%{z:.3f}<extra></extra>")


def least_gallery_width() -> int:
    """The narrowest figure (px) whose PER_ROW columns each hold a title of TITLE_PX: narrower, the titles
    print over each other, and the page draws NARROW_PER_ROW a row (pages/shared/figure_width.py)."""
    return int(math.ceil(PER_ROW * TITLE_PX / (1 - (PER_ROW - 1) * HORIZONTAL_SPACING))) + 20  # 20: the margins


def gallery_figure(networks: list[Params], titles: list[str], activation: str, data: Dataset, *,
                   per_row: int = PER_ROW) -> go.Figure:
    """One column per network (``per_row`` a row): its diagram on top, its output below."""
    n = len(networks)
    cols = min(n, per_row)
    blocks = math.ceil(n / cols)
    fig = make_subplots(rows=2 * blocks, cols=cols, subplot_titles=[
        titles[b * cols + c] if (b * cols + c) < n and r == 0 else ""
        for b in range(blocks) for r in range(2) for c in range(cols)],
        vertical_spacing=GAP_PX / (BLOCK_PX * blocks), horizontal_spacing=HORIZONTAL_SPACING,
        row_heights=[0.62, 0.38] * blocks)
    for index, params in enumerate(networks):
        row, col = 2 * (index // cols) + 1, index % cols + 1
        for trace in network_figure(params).data:
            fig.add_trace(trace, row=row, col=col)
        fig.add_trace(_output_trace(params, activation, data), row=row + 1, col=col)
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    for index in range(n):  # keep thumbnails square and diagrams in the same box
        row, col = 2 * (index // cols) + 1, index % cols + 1
        fig.update_yaxes(range=[-0.6, 0.6], row=row, col=col)
        if data.input_dim == 2:
            fig.update_yaxes(scaleanchor=_axis_name(fig, row + 1, col), row=row + 1, col=col)
    fig.update_annotations(font=dict(size=12, color=INK))
    fig.update_layout(**base_layout(height=BLOCK_PX * blocks, margin=dict(l=10, r=10, t=40, b=10)))
    return fig


def _axis_name(fig: go.Figure, row: int, col: int) -> str:
    """The x axis id ("x7") of a subplot, for scaleanchor."""
    return fig.get_subplot(row, col).xaxis.plotly_name.replace("axis", "")
