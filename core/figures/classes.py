"""Figures of a classifier beyond two inputs (core.engine.class_report): the confusion matrix, the mean
probability per class, and each first-layer unit's weights drawn as the picture it responds to (image data).

Every cell carries its number as text (the figure reads without colour) and as hover; classes are labelled by
the names given (a real table's own, core.engine.real_data.class_names), else by their indices 0..K-1.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from core.engine.class_report import ClassReport
from core.engine.mlp import Params
from core.figures.theme import DIVERGING, POSITIVE, base_layout

SEQUENTIAL = [[0.0, "#FFFFFF"], [1.0, POSITIVE]]
FIELD_GAP = 1       # empty cells between two units' pictures
FIELDS_PER_ROW = 8


def _class_matrix(z: np.ndarray, text: np.ndarray, hover: str, zmax: float,
                  names: Sequence[str] | None) -> go.Figure:
    k = z.shape[0]
    if names is not None and len(names) != k:
        raise ValueError(f"class names {list(names)}: must be {k}, one per class")
    names = [str(i) for i in range(k)] if names is None else list(names)
    figure = go.Figure(go.Heatmap(z=z, x=names, y=names, text=text, texttemplate="%{text}", colorscale=SEQUENTIAL,
                                  zmin=0, zmax=zmax, showscale=False, hovertemplate=hover + "<extra></extra>",
                                  xgap=1, ygap=1))
    side = 60 + 34 * k
    figure.update_layout(**base_layout(height=max(260, side), margin=dict(l=70, r=10, t=10, b=60)))
    figure.update_xaxes(title="predicted class", side="bottom", type="category", showgrid=False)
    figure.update_yaxes(title="true class", autorange="reversed", type="category", showgrid=False,
                        scaleanchor="x", constrain="domain")
    return figure


def confusion_figure(report: ClassReport, names: Sequence[str] | None = None) -> go.Figure:
    """Counts of true class (rows) against predicted class (columns); the diagonal is what it got right.
    ``names``: the classes' names (default their indices 0..K-1)."""
    counts = report.counts
    return _class_matrix(counts.astype(float), counts.astype(str), "true %{y}, predicted %{x}: %{z:.0f} points",
                         float(max(1, counts.max())), names)


def probability_figure(report: ClassReport, names: Sequence[str] | None = None) -> go.Figure:
    """Mean probability of each class (columns) over the points of each true class (rows), in per cent."""
    means = report.mean_probabilities
    text = np.where(np.isnan(means), "–", np.vectorize(lambda v: f"{100 * v:.0f}")(np.nan_to_num(means)))
    return _class_matrix(means, text, "true %{y}: mean P(%{x}) = %{z:.3f}", 1.0, names)


def field_canvas(params: Params, shape: Sequence[int], *, order: Sequence[int] | None = None,
                 per_row: int = FIELDS_PER_ROW) -> np.ndarray:
    """First-layer units (in ``order``, default 1..h) as pictures of ``shape`` (rows, cols), each scaled to
    [-1, 1] by its own largest |weight|, tiled ``per_row`` to a row with NaN gaps."""
    weights = params.weights[0]
    rows, cols = int(shape[0]), int(shape[1])
    if rows * cols != weights.shape[1]:
        raise ValueError(f"picture shape {tuple(shape)}: must hold the network's {weights.shape[1]} inputs")
    units = list(range(weights.shape[0])) if order is None else list(order)
    tile_rows = -(-len(units) // per_row)
    canvas = np.full((tile_rows * (rows + FIELD_GAP) - FIELD_GAP, min(len(units), per_row) * (cols + FIELD_GAP)
                      - FIELD_GAP), np.nan)
    for place, unit in enumerate(units):
        picture = weights[unit].reshape(rows, cols)
        span = float(np.max(np.abs(picture)))
        top, left = (place // per_row) * (rows + FIELD_GAP), (place % per_row) * (cols + FIELD_GAP)
        canvas[top:top + rows, left:left + cols] = picture / span if span > 0 else picture
    return canvas


def field_figure(params: Params, shape: Sequence[int], *, order: Sequence[int] | None = None,
                 names: Sequence[str] | None = None, per_row: int = FIELDS_PER_ROW) -> go.Figure:
    """:func:`field_canvas` as one heatmap (orange negative, blue positive); ``names`` label the tiles on hover
    (default "unit k", k from 1, of the units in ``order``)."""
    canvas = field_canvas(params, shape, order=order, per_row=per_row)
    rows, cols = int(shape[0]), int(shape[1])
    units = list(range(params.weights[0].shape[0])) if order is None else list(order)
    names = list(names) if names is not None else [f"unit {unit + 1}" for unit in units]
    labels = np.full(canvas.shape, "", dtype=object)
    for place, name in enumerate(names):
        top, left = (place // per_row) * (rows + FIELD_GAP), (place % per_row) * (cols + FIELD_GAP)
        labels[top:top + rows, left:left + cols] = name
    figure = go.Figure(go.Heatmap(z=canvas, customdata=labels, colorscale=DIVERGING, zmin=-1, zmax=1,
                                  showscale=False, hoverongaps=False,
                                  hovertemplate="%{customdata}<br>scaled weight %{z:.2f}<extra></extra>"))
    tile_rows = canvas.shape[0] // (rows + FIELD_GAP) + 1
    figure.update_layout(**base_layout(height=int(40 + 52 * tile_rows), margin=dict(l=10, r=10, t=10, b=10)))
    figure.update_xaxes(visible=False, constrain="domain")
    figure.update_yaxes(visible=False, autorange="reversed", scaleanchor="x")
    return figure
