"""A thumbnail per hidden unit: what each unit computes over the input plane (or line).

All thumbnails of one network go into a single heatmap (tiles separated by NaN gaps), so
even 4 x 64 units draw as one trace.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from core.engine.data import Dataset
from core.engine.grids import input_grid, plot_extent
from core.engine.mlp import Params, hidden_activations
from core.figures.theme import DIVERGING, base_layout

TILE, GAP, TILES_PER_ROW = 24, 3, 16


def _tile_rows(layers: list[np.ndarray]) -> list[tuple[int, int, np.ndarray]]:
    """(layer, unit, tile) for every hidden unit, each tile scaled to [-1, 1] for its own unit."""
    tiles = []
    for layer, values in enumerate(layers, start=1):
        for unit in range(values.shape[1]):
            tile = values[:, unit].reshape(TILE, TILE)
            span = np.max(np.abs(tile)) or 1.0
            tiles.append((layer, unit, tile / span))
    return tiles


def unit_thumbnails(params: Params, activation: str, data: Dataset) -> go.Figure:
    """One small heatmap per hidden unit, one row of tiles (or more) per layer."""
    if data.input_dim != 2:
        return _unit_curves(params, activation, data)
    low, high = plot_extent(data)
    _, _, points = input_grid(low, high, TILE)
    tiles = _tile_rows(hidden_activations(params, points, activation))
    rows_per_layer = [int(np.ceil(d / TILES_PER_ROW)) for d in params.hidden_widths]
    n_rows, n_cols = sum(rows_per_layer), min(max(params.hidden_widths), TILES_PER_ROW)
    canvas = np.full((n_rows * (TILE + GAP), n_cols * (TILE + GAP)), np.nan)
    labels = np.full(canvas.shape, "", dtype=object)
    first_row = np.cumsum([0] + rows_per_layer)
    for layer, unit, tile in tiles:
        r = first_row[layer - 1] + unit // TILES_PER_ROW
        c = unit % TILES_PER_ROW
        top, left = r * (TILE + GAP), c * (TILE + GAP)
        canvas[top:top + TILE, left:left + TILE] = tile[::-1]  # image rows run top to bottom
        labels[top:top + TILE, left:left + TILE] = f"layer {layer}, unit {unit + 1}"
    fig = go.Figure(go.Heatmap(z=canvas, customdata=labels, colorscale=DIVERGING, zmin=-1, zmax=1, showscale=False,
                               hovertemplate="%{customdata}<br>scaled output %{z:.2f}<extra></extra>"))
    fig.update_layout(**base_layout(height=max(90, 34 * n_rows * 1.4), margin=dict(l=4, r=4, t=4, b=4)))
    fig.update_xaxes(visible=False, constrain="domain")
    fig.update_yaxes(visible=False, autorange="reversed", scaleanchor="x")
    return fig


def _unit_curves(params: Params, activation: str, data: Dataset) -> go.Figure:
    low, high = plot_extent(data)
    xs = np.linspace(low[0], high[0], 120)
    fig = go.Figure()
    for layer, values in enumerate(hidden_activations(params, xs[:, None], activation), start=1):
        for unit in range(values.shape[1]):
            fig.add_trace(go.Scatter(x=xs, y=values[:, unit], mode="lines", line=dict(width=1.5),
                                     name=f"layer {layer}, unit {unit + 1}", showlegend=False,
                                     hovertemplate=f"layer {layer}, unit {unit + 1}<br>"
                                                   "x=%{x:.2f}, h=%{y:.3f}<extra></extra>"))
    fig.update_layout(**base_layout(height=200, margin=dict(l=30, r=10, t=10, b=30)))
    return fig
