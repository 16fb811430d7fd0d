"""Training replayed in the browser with Plotly frames: no reruns, just Play, Pause and a slider.

Left: the loss of every start at step t (log10), filling the map as training proceeds.
Right: a sub-grid of starts moving through the slice (the two varied coordinates; the other
coordinates move too, out of view), coloured by where they end, towards the twins' positions.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from core.figures.init_map import axis_labels, category_colour, shown_codes, twin_colours
from core.figures.theme import INK, MUTED, base_layout
from core.init_regions.outcomes import Outcomes
from core.init_regions.results import MapResult
from core.init_regions.task import axis_symbol, coordinates

LOSS_SCALE = "Viridis"
FRAME_MS = 220

# Paper share between the two panels: it holds the loss colour bar, its tick labels and title, and the right
# panel's tick labels (on a phone, 0.2 of ~280 px put the bar's labels on the right panel's).
ANIMATION_GAP = 0.42


def _log_loss(values: np.ndarray, resolution: int) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.log10(np.maximum(values, 1e-12)).reshape(resolution, resolution)


def _trails(paths: np.ndarray, upto: int) -> tuple[np.ndarray, np.ndarray]:
    """One polyline per start through frames 0..upto, NaN-separated (a single trace for all).

    numpy arrays, not lists with None: plotly ships them as binary and skips its per-item checks.
    """
    part = paths[:upto + 1].transpose(1, 0, 2)  # (M, f, 2)
    gap = np.full((part.shape[0], 1, 2), np.nan)
    joined = np.concatenate([part, gap], axis=1).reshape(-1, 2)
    return joined[:, 0], joined[:, 1]


def _frame_traces(result: MapResult, f: int) -> list:
    paths = result.trajectories
    trail_x, trail_y = _trails(paths, f)
    return [
        go.Heatmap(z=_log_loss(result.frame_loss[f], result.resolution)),
        go.Scatter(x=trail_x, y=trail_y),
        go.Scatter(x=paths[f, :, 0], y=paths[f, :, 1]),
    ]


def _view_range(result: MapResult, twin_xy: np.ndarray, column: int) -> list[float]:
    values = np.concatenate([result.trajectories[:, :, column].ravel(), twin_xy[:, column]])
    values = values[np.isfinite(values)]
    low, high = np.percentile(values, [1, 99]) if values.size else (-1.0, 1.0)
    axis = result.xs if column == 0 else result.ys
    low, high = min(low, axis[0]), max(high, axis[-1])
    pad = 0.05 * (high - low)
    return [float(low - pad), float(high + pad)]


def animation_figure(result: MapResult, outcomes: Outcomes, twin_vectors: np.ndarray | None, *,
                     merged: bool = False, height: int = 520) -> go.Figure:
    """Two panels driven by one set of frames (one per recorded step)."""
    keys = coordinates(result.spec.widths)
    columns = [keys[result.spec.x_key][0], keys[result.spec.y_key][0]]
    twin_xy = twin_vectors[:, columns] if twin_vectors is not None else np.empty((0, 2))
    with np.errstate(divide="ignore", invalid="ignore"):
        log_loss = np.log10(np.maximum(result.frame_loss, 1e-12))
    finite = log_loss[np.isfinite(log_loss)]
    zmin = float(min(np.log10(result.spec.loss_tol) - 1, finite.min() if finite.size else -4))
    zmax = float(np.percentile(finite, 99)) if finite.size else 1.0
    palette = twin_colours(outcomes)
    end_colours = [category_colour(int(c), palette) for c in shown_codes(outcomes, merged)[result.trajectory_cells]]
    # Short titles on two lines: on a phone each panel is a third of the screen, and longer ones ran together
    # (the caption under the figure says the rest).
    moving = "starts moving" + ("<br>(★ = twins)" if len(twin_xy) else "")
    fig = make_subplots(rows=1, cols=2, horizontal_spacing=ANIMATION_GAP,
                        subplot_titles=("loss at step t<br>(log10)", moving))
    first = _frame_traces(result, 0)
    fig.add_trace(go.Heatmap(x=result.xs, y=result.ys, z=first[0].z, zmin=zmin, zmax=max(zmax, zmin + 1),
                             colorscale=LOSS_SCALE, reversescale=True, name="loss",
                             colorbar=dict(len=0.9, thickness=12,  # no title: the panel's title names it, log10 loss
                                           x=(1 - ANIMATION_GAP) / 2 + 0.015),
                             hovertemplate="start (%{x:.2f}, %{y:.2f})<br>log10 loss %{z:.2f}<extra></extra>"),
                  row=1, col=1)
    fig.add_trace(go.Scatter(x=first[1].x, y=first[1].y, mode="lines", line=dict(color=MUTED, width=1),
                             name="paths", hoverinfo="skip", showlegend=False), row=1, col=2)
    fig.add_trace(go.Scatter(x=first[2].x, y=first[2].y, mode="markers", name="starts (colour: where they end)",
                             marker=dict(size=8, color=end_colours, line=dict(color=INK, width=0.6)),
                             hovertemplate="(%{x:.2f}, %{y:.2f})<extra></extra>", showlegend=False), row=1, col=2)
    if len(twin_xy):
        fig.add_trace(go.Scatter(x=twin_xy[:, 0], y=twin_xy[:, 1], mode="markers", name="twins", showlegend=False,
                                 marker=dict(symbol="star", size=15, color="#FFD400", line=dict(color=INK, width=1)),
                                 hovertemplate="a twin: (%{x:.2f}, %{y:.2f})<extra></extra>"), row=1, col=2)
    frames = [go.Frame(name=str(int(t)), data=_frame_traces(result, f), traces=[0, 1, 2])
              for f, t in enumerate(result.frame_steps)]
    fig.frames = frames
    _add_controls(fig, result.frame_steps)
    x_label, y_label = axis_labels(result)
    fig.update_layout(**base_layout(height=height, margin=dict(l=60, r=20, t=40, b=130), showlegend=False))
    fig.update_xaxes(title=x_label, row=1, col=1, range=[result.xs[0], result.xs[-1]])
    fig.update_yaxes(title=y_label, row=1, col=1, range=[result.ys[0], result.ys[-1]])
    x_name, y_name = (axis_symbol(result.spec.widths, key) for key in (result.spec.x_key, result.spec.y_key))
    fig.update_xaxes(title=x_name + " now", row=1, col=2, range=_view_range(result, twin_xy, 0))
    fig.update_yaxes(title=y_name + " now", row=1, col=2, range=_view_range(result, twin_xy, 1))
    return fig


def _add_controls(fig: go.Figure, steps: np.ndarray) -> None:
    """Play/Pause buttons left of a step slider, both below the panels (no overlap: tech.md pitfall 8)."""
    play = dict(label="Play", method="animate",
                args=[None, dict(frame=dict(duration=FRAME_MS, redraw=True), fromcurrent=True,
                                 transition=dict(duration=0), mode="immediate")])
    pause = dict(label="Pause", method="animate",
                 args=[[None], dict(frame=dict(duration=0, redraw=False), mode="immediate",
                                    transition=dict(duration=0))])
    slider_steps = [dict(label=str(int(t)), method="animate",
                         args=[[str(int(t))], dict(mode="immediate", frame=dict(duration=0, redraw=True),
                                                   transition=dict(duration=0))])
                    for t in steps]
    fig.update_layout(
        updatemenus=[dict(type="buttons", direction="left", buttons=[play, pause], x=0.0, y=-0.2,
                          xanchor="left", yanchor="top", pad=dict(r=10, t=0), showactive=False)],
        sliders=[dict(active=0, steps=slider_steps, x=0.16, y=-0.16, len=0.84, xanchor="left", yanchor="top",
                      pad=dict(t=0, b=0), currentvalue=dict(prefix="step ", visible=True, xanchor="left"),
                      transition=dict(duration=0))],
    )
