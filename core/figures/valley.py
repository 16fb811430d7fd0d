"""Figures of "Two runs, one valley": the line between two trained networks before and after weight matching,
the first-layer units as 8x8 images, and the shipped barrier-against-width study.

They take core.valley results (curves, receptive fields, shipped cells) and never train: the types are
imported for checking only, so importing this module loads no trainer and no torch.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from core.figures.theme import DIVERGING, LEGEND_ROOM, MUTED, NEGATIVE, POSITIVE, base_layout, legend_under

if TYPE_CHECKING:
    from collections.abc import Sequence

    from core.valley.curve import InterpolationCurve
    from core.valley.receptive_fields import ReceptiveFields
    from core.valley.shipped import ShippedCell

BEFORE_NAME = "θ<sub>A</sub> → θ<sub>B</sub> as trained"
AFTER_NAME = "θ<sub>A</sub> → θ<sub>B</sub> after matching"
BEFORE_STYLE = dict(color=NEGATIVE, width=3, dash="dash")  # orange and dashed: colour is never the only cue
AFTER_STYLE = dict(color=POSITIVE, width=3)
UNITS_PER_ROW = 16
GAP = 1  # blank pixels between tiles
ROW_NAMES = ("A", "B matched", "B as trained")  # matched B right under A: matched units line up


def line_figure(before: InterpolationCurve, after: InterpolationCurve) -> go.Figure:
    """Test loss (top) and test accuracy (bottom) along θ_t = (1 − t) θ_A + t θ_B, before and after matching,
    each with the chord between its end values (the line with no barrier)."""
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.08,
                        subplot_titles=("test loss (lower is better)", "test accuracy (higher is better)"))
    for row, metric in ((1, "loss"), (2, "accuracy")):
        for curve, name, style in ((before, BEFORE_NAME, BEFORE_STYLE), (after, AFTER_NAME, AFTER_STYLE)):
            values = getattr(curve, metric)
            fig.add_trace(go.Scatter(x=curve.ts, y=values, mode="lines+markers", name=name,
                                     legendgroup=name, showlegend=row == 1, line=style, marker=dict(size=5),
                                     hovertemplate=f"t=%{{x:.2f}}<br>{metric}=%{{y:.4f}}<extra></extra>"),
                          row=row, col=1)
        ends = getattr(before, metric)
        fig.add_trace(go.Scatter(x=[0.0, 1.0], y=[ends[0], ends[-1]], mode="lines", name="chord (no barrier)",
                                 legendgroup="chord", showlegend=row == 1, hoverinfo="skip",
                                 line=dict(color=MUTED, width=1, dash="dot")), row=row, col=1)
    fig.update_layout(**base_layout(height=470, hovermode="x unified", legend=legend_under(),
                                    margin=dict(l=55, r=20, t=40, b=45 + LEGEND_ROOM)))
    fig.update_xaxes(range=[0, 1], tickvals=[0, 0.25, 0.5, 0.75, 1],
                     ticktext=["θ<sub>A</sub>", "0.25", "0.5", "0.75", "θ<sub>B</sub>"])
    fig.update_xaxes(title="t: the network (1 − t)·θ<sub>A</sub> + t·θ<sub>B</sub>", row=2, col=1)
    fig.update_yaxes(title="loss", row=1, col=1)
    fig.update_yaxes(title="accuracy", row=2, col=1)
    return fig


def _scaled(image: np.ndarray) -> np.ndarray:
    """One unit's image scaled to [-1, 1] by its own largest weight (a unit of zeros stays zero)."""
    span = float(np.max(np.abs(image)))
    return image / span if span > 0 else image


def unit_labels(fields: ReceptiveFields) -> tuple[list[str], list[str], list[str]]:
    """Hover text of every tile, units numbered from 1: A's units, B's units, and matched B's positions
    (position i holds B's unit perm[i], sign-flipped where its sign is -1)."""
    h = fields.a.shape[0]
    a = [f"A, unit {i + 1}" for i in range(h)]
    b = [f"B as trained, unit {i + 1}" for i in range(h)]
    matched = [f"B matched, place {i + 1}: B's unit {p + 1}" + (" (sign flipped)" if fields.signs[p] < 0 else "")
               for i, p in enumerate(fields.perm)]
    return a, b, matched


def tile_canvas(fields: ReceptiveFields, *, per_row: int = UNITS_PER_ROW) -> tuple[np.ndarray, np.ndarray]:
    """(values, labels): one image of every unit's tile, rows of ``per_row`` units, each block of units drawn
    as three rows (A, B matched, B as trained) so that matched B's unit i sits right under A's unit i;
    NaN between tiles."""
    h, side = fields.a.shape[0], fields.a.shape[1]
    blocks = -(-h // per_row)
    step = side + GAP
    canvas = np.full((blocks * len(ROW_NAMES) * step, min(h, per_row) * step), np.nan)
    labels = np.full(canvas.shape, "", dtype=object)
    a_names, b_names, matched_names = unit_labels(fields)
    rows = ((fields.a, a_names), (fields.aligned_b, matched_names), (fields.b, b_names))  # as ROW_NAMES
    for row_kind, (images, names) in enumerate(rows):
        for unit in range(h):
            top = ((unit // per_row) * len(ROW_NAMES) + row_kind) * step
            left = (unit % per_row) * step
            canvas[top:top + side, left:left + side] = _scaled(images[unit])
            labels[top:top + side, left:left + side] = names[unit]
    return canvas, labels


def receptive_field_figure(fields: ReceptiveFields, *, per_row: int = UNITS_PER_ROW) -> go.Figure:
    """Every first-layer unit of θ_A, θ_B and matched θ_B as its 8x8 weight image, in one heatmap: orange
    negative, blue positive, each tile scaled by its own largest weight."""
    canvas, labels = tile_canvas(fields, per_row=per_row)
    step = fields.a.shape[1] + GAP
    rows = canvas.shape[0] // step
    fig = go.Figure(go.Heatmap(z=canvas, customdata=labels, colorscale=DIVERGING, zmin=-1, zmax=1, showscale=False,
                               hovertemplate="%{customdata}<br>scaled weight %{z:.2f}<extra></extra>"))
    centres = [r * step + (step - GAP) / 2 for r in range(rows)]
    first = [(r // len(ROW_NAMES)) * per_row + 1 for r in range(rows)]
    names = [f"{ROW_NAMES[r % len(ROW_NAMES)]} {u}–{min(u + per_row - 1, fields.a.shape[0])}"
             for r, u in zip(range(rows), first)]
    fig.update_layout(**base_layout(height=int(60 + 40 * rows), margin=dict(l=115, r=10, t=10, b=10)))
    fig.update_xaxes(visible=False, constrain="domain")
    fig.update_yaxes(autorange="reversed", scaleanchor="x", tickvals=centres, ticktext=names, showgrid=False,
                     zeroline=False)
    return fig


def _summary_trace(cells: Sequence[ShippedCell], key: str, name: str, style: dict, show: bool) -> go.Scatter:
    widths = [cell.width for cell in cells]
    mean, low, high = (np.array([cell.summary[key][i] for cell in cells]) for i in range(3))
    return go.Scatter(x=widths, y=mean, mode="lines+markers", name=name, legendgroup=name, showlegend=show,
                      line=style, marker=dict(size=8, symbol="circle" if key == "loss_after" else "diamond"),
                      error_y=dict(type="data", array=high - mean, arrayminus=mean - low, thickness=1.5, width=5),
                      customdata=np.stack([low, high], axis=1),
                      hovertemplate="width %{x}<br>mean barrier %{y:.4f}<br>95% interval "
                                    "[%{customdata[0]:.4f}, %{customdata[1]:.4f}]<extra></extra>")


def width_figure(cells: Sequence[ShippedCell], activations: Sequence[str]) -> go.Figure:
    """The test-loss barrier against hidden width, one panel per activation: mean over the seed pairs with its
    95% interval, before matching (orange, dashed) and after (blue, solid)."""
    fig = make_subplots(rows=1, cols=len(activations), shared_yaxes=True, horizontal_spacing=0.06,
                        subplot_titles=[f"{activation}" for activation in activations])
    for col, activation in enumerate(activations, start=1):
        mine = sorted((c for c in cells if c.activation == activation), key=lambda c: c.width)
        fig.add_trace(_summary_trace(mine, "loss_before", "before matching", BEFORE_STYLE, col == 1), row=1, col=col)
        fig.add_trace(_summary_trace(mine, "loss_after", "after matching", AFTER_STYLE, col == 1), row=1, col=col)
        fig.update_xaxes(type="log", tickvals=[c.width for c in mine], ticktext=[str(c.width) for c in mine],
                         title="hidden units (log)", row=1, col=col)
    fig.update_yaxes(title="test-loss barrier", row=1, col=1)
    fig.update_layout(**base_layout(height=400, legend=legend_under(),
                                    margin=dict(l=55, r=20, t=40, b=45 + LEGEND_ROOM)))
    return fig
