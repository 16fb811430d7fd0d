"""The move, animated: every weight matrix and bias drawn as it is stored, and each cell travelling
from its old place to its new one while its value blends to the new value (Plotly frames; the
browser plays them, no reruns).

W_k is drawn with one row per unit of layer k+1 and one column per unit of layer k, b_k beside
it, and a thumbnail of what each hidden unit computes next to its row. Moving a hidden unit moves
its row of W_{l-1}, its entry of b_{l-1}, its thumbnail and its column of W_l; a broken move
leaves one of them behind, and you can see which.

Cells are filled squares in data coordinates (one fill trace per colour level), so they stay
square and aligned at any size; values are binned into COLOUR_LEVELS colours, exact values are
in the hover text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import plotly.colors as pcolors
import plotly.graph_objects as go

from core.engine.data import Dataset
from core.engine.grids import input_grid, plot_extent
from core.engine.mlp import Params, hidden_activations
from core.figures.theme import DIVERGING, INK, MUTED, base_layout
from core.symmetry.moves import Move, MoveSpec

COLOUR_LEVELS = 15          # odd, so 0 has its own level
CELL = 0.9                  # side of a cell; the rest of the unit square is the gap
TILE_RES = 9                # thumbnail resolution (TILE_RES x TILE_RES points)
PIXELS = 10                 # thumbnail canvas pixels per unit row: a tile plus a one-pixel gap
MAX_THUMBNAILS = 64         # more hidden units than this: no thumbnails
MAX_LABELLED = 32           # wider layers get no unit numbers (they would overlap)
MAX_HOVER_CELLS = 600       # hover text per cell and frame only for small networks
GRID_LINE = "#C9CED6"
# What changes from frame to frame; a frame carries only these (Plotly merges them into the traces).
ANIMATED_KEYS = ("type", "x", "y", "z", "text")  # text: the +/− glyphs follow each value's sign
BUTTON_ROW = 44             # px under the grid for the Play/Before buttons (the slider goes below them)
SLIDER_ROW = 56             # px for the slider and its labels
# The +/− glyphs' ink: INK to the eye, one step off in blue, so a phone's stylesheet can find them (Plotly writes
# a text's colour into its style attribute; Streamlit replaces trace uids, so they cannot mark the trace).
SIGN_INK = "#1F2431"
SIGN_INK_CSS = "rgb(31, 36, 49)"
HEADER_ROW = 24             # px between the two rows of block headers (projector type is 18 px)
# Stacked layout (narrow screens): rows above the first band (its headers) and between bands (headers plus the
# column numbers of W_k), in cell units; the page's width the stacked height is planned for.
STACKED_HEAD, STACKED_GAP = 1.2, 2.2
STACKED_WIDTH = 340         # px, a phone's or a tablet column's figure
MIN_CELL_PX = 15            # px per cell below which side-by-side blocks are too small to label
COLOURBAR_PX = 70           # px the colour bar and its ticks take at the right
SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


@dataclass
class _Tracks:
    """Start/end positions (lower-left corners) and values of every drawn item."""

    x0: np.ndarray
    y0: np.ndarray
    x1: np.ndarray
    y1: np.ndarray
    v0: np.ndarray
    v1: np.ndarray
    names: list

    def at(self, e: float):
        return (self.x0 + e * (self.x1 - self.x0), self.y0 + e * (self.y1 - self.y0), self.v0 + e * (self.v1 - self.v0))


def _sub(k: int) -> str:
    return str(k).translate(SUBSCRIPTS)


def _ease(t: np.ndarray) -> np.ndarray:
    """Smoothstep: slow start and stop, so the eye can follow each row."""
    return t * t * (3 - 2 * t)


class _Geometry:
    """Where each block sits. Side by side (the default): W_k and b_k in one row, thumbnails after b_k, blocks
    centred vertically. Stacked (a narrow screen): each layer's W_k, b_k and thumbnails in a band of their own,
    one band under the other, with room above each band for its headers and column numbers; the cells then
    get the whole width of a phone instead of a third of it."""

    def __init__(self, widths, thumbnails: bool, *, stacked: bool = False):
        self.widths, self.tallest, self.stacked = widths, max(widths[1:]), stacked
        self.w_x, self.b_x, self.thumb_x, self.label_x, self.top = [], [], [], [], []
        x, right = 0.0, 0.0
        band_top = STACKED_HEAD
        for k in range(len(widths) - 1):
            d_in, d_out = widths[k], widths[k + 1]
            if stacked:
                x = 0.0
                self.top.append(band_top)
                band_top += d_out + STACKED_GAP
            else:
                self.top.append((self.tallest - d_out) / 2)
            self.w_x.append(x)
            x += d_in + 0.3
            self.b_x.append(x)
            x += 1.0
            hidden = k < len(widths) - 2
            if hidden and thumbnails:
                x += 0.35
                self.thumb_x.append(x)
                x += 1.0
            else:
                self.thumb_x.append(None)
            self.label_x.append(x + 0.1)
            x += 1.6 if d_out <= MAX_LABELLED else 0.8
            right = max(right, x)
        self.right = right
        # How many rows the drawing spans, from y = 0 down (the y axis runs downwards).
        self.rows = band_top - STACKED_GAP if stacked else float(self.tallest)

    def row_y(self, k: int, rows) -> np.ndarray:
        return self.top[k] + np.asarray(rows, dtype=float)


def has_thumbnails(widths: Sequence[int], input_dim: int) -> bool:
    """Whether the figure draws each hidden unit's thumbnail (few units, and an input line or plane)."""
    return sum(widths[1:-1]) <= MAX_THUMBNAILS and input_dim in (1, 2)


def least_side_by_side_width(widths: Sequence[int], input_dim: int) -> int:
    """The narrowest figure (px) that draws the blocks side by side with cells of MIN_CELL_PX: narrower, the
    unit numbers beside 8 px rows print over each other, so the page stacks the layers instead
    (pages/shared/figure_width.py measures the figure's width in the browser). 0 (never stack) for a network
    whose widest band would not get MIN_CELL_PX cells stacked at STACKED_WIDTH either: its headers and gaps
    are in cell units, and a stacked drawing of small cells is no better than a side-by-side one."""
    thumbnails = has_thumbnails(widths, input_dim)
    if _stacked_cell(_Geometry(widths, thumbnails, stacked=True)) < MIN_CELL_PX:
        return 0
    return int(np.ceil(MIN_CELL_PX * _Geometry(widths, thumbnails).right + COLOURBAR_PX))


def _weight_tracks(move: Move, geo: _Geometry) -> _Tracks:
    parts: dict[str, list[np.ndarray]] = {key: [] for key in ("x0", "y0", "x1", "y1", "v0", "v1")}
    names = []
    pad = (1 - CELL) / 2
    for k, (w_old, w_new, b_old, b_new) in enumerate(zip(move.before.weights, move.after.weights,
                                                          move.before.biases, move.after.biases)):
        rows, cols, brows = move.rows[k], move.cols[k], move.bias_rows[k]
        i: np.ndarray
        j: np.ndarray
        i, j = np.meshgrid(np.arange(w_old.shape[0]), np.arange(w_old.shape[1]), indexing="ij")
        i, j = i.ravel(), j.ravel()
        parts["x0"] += [geo.w_x[k] + j + pad, geo.b_x[k] + np.zeros(len(b_old)) + pad]
        parts["x1"] += [geo.w_x[k] + cols[j] + pad, geo.b_x[k] + np.zeros(len(b_old)) + pad]
        parts["y0"] += [geo.row_y(k, i) + pad, geo.row_y(k, np.arange(len(b_old))) + pad]
        parts["y1"] += [geo.row_y(k, rows[i]) + pad, geo.row_y(k, brows) + pad]
        parts["v0"] += [w_old[i, j], b_old]
        parts["v1"] += [w_new[rows[i], cols[j]], b_new[brows]]
        # Rows and columns numbered from 1 on screen, like the unit labels (a row of W_k is unit a + 1 of layer k + 1).
        names += ([f"W{_sub(k)}[{a + 1},{b + 1}]" for a, b in zip(i, j)]
                  + [f"b{_sub(k)}[{a + 1}]" for a in range(len(b_old))])
    return _Tracks(**{key: np.concatenate(value) for key, value in parts.items()}, names=names)


def _squares(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Closed square outlines, NaN-separated, one per (x, y) lower-left corner (float32 halves the payload)."""
    xs = np.column_stack([x, x + CELL, x + CELL, x, x, np.full_like(x, np.nan)]).ravel()
    ys = np.column_stack([y, y, y + CELL, y + CELL, y, np.full_like(y, np.nan)]).ravel()
    return xs.astype(np.float32), ys.astype(np.float32)


def _cell_traces(tracks: _Tracks, e: float, vmax: float, colours) -> list[dict]:
    x, y, v = tracks.at(e)
    level = np.clip(np.rint((v / vmax + 1) / 2 * (COLOUR_LEVELS - 1)), 0, COLOUR_LEVELS - 1).astype(int)
    traces = []
    for index, colour in enumerate(colours):
        chosen = level == index
        xs, ys = _squares(x[chosen], y[chosen])
        traces.append(dict(type="scatter", x=xs, y=ys, mode="lines", fill="toself", fillcolor=colour,
                           line=dict(color=GRID_LINE, width=0.6), hoverinfo="skip", showlegend=False))
    return traces


def _hover_trace(tracks: _Tracks, e: float) -> dict:
    """Invisible markers on the cells; the text (old -> new value) is the same in every frame."""
    if len(tracks.names) > MAX_HOVER_CELLS:
        return dict(type="scatter", x=[], y=[], mode="markers", hoverinfo="skip", showlegend=False)
    x, y, _ = tracks.at(e)
    text = [f"{n}: {a:+.4f} → {b:+.4f}" for n, a, b in zip(tracks.names, tracks.v0, tracks.v1)]
    return dict(type="scatter", x=(x + CELL / 2).astype(np.float32), y=(y + CELL / 2).astype(np.float32),
                mode="markers", marker=dict(size=14, opacity=0), showlegend=False, text=text,
                hovertemplate="%{text}<extra></extra>")


def _sign_trace(tracks: _Tracks, e: float) -> dict:
    """A + or − on every cell, so a weight's sign never rests on colour alone (small networks only,
    like the hover text; larger ones have cells too small to carry a glyph)."""
    if len(tracks.names) > MAX_HOVER_CELLS:
        return dict(type="scatter", x=[], y=[], mode="text", text=[], hoverinfo="skip", showlegend=False)
    x, y, value = tracks.at(e)
    glyphs = np.where(value > 0, "+", np.where(value < 0, "−", "")).tolist()
    return dict(type="scatter", x=(x + CELL / 2).astype(np.float32), y=(y + CELL / 2).astype(np.float32),
                mode="text", text=glyphs, textfont=dict(size=9, color=SIGN_INK), hoverinfo="skip", showlegend=False)


def _unit_tiles(params: Params, activation: str, data: Dataset) -> list[np.ndarray]:
    """Per hidden layer, (d_l, TILE_RES, TILE_RES) tiles of each unit's output, each scaled to [-1, 1]
    (for one input, the unit's curve as a colour strip, repeated down the tile)."""
    low, high = plot_extent(data)
    if data.input_dim == 1:
        points = np.linspace(low[0], high[0], TILE_RES)[:, None]
    else:
        points = input_grid(low, high, TILE_RES)[2]
    tiles = []
    for values in hidden_activations(params, points, activation):
        span = np.max(np.abs(values), axis=0)
        scaled = values / np.where(span > 0, span, 1.0)
        if data.input_dim == 1:
            tiles.append(np.repeat(scaled.T[:, None, :], TILE_RES, axis=1))
        else:  # image rows run top to bottom, the plane's x₂ bottom to top
            tiles.append(scaled.T.reshape(-1, TILE_RES, TILE_RES)[:, ::-1, :])
    return tiles


def _thumbnail_traces(move: Move, tiles, geo: _Geometry, e: float) -> list[dict]:
    """One canvas per hidden layer, as tall as the layer's rows and placed at their top (a single heatmap,
    PIXELS canvas rows per unit row): each unit's tile is painted where its row is at this moment, blending
    to the tile it ends as. One trace per layer instead of one per unit keeps the figure quick to build."""
    traces = []
    for layer, (old, new) in enumerate(zip(*tiles), start=1):
        places = move.unit_positions(layer)
        canvas = np.full((old.shape[0] * PIXELS, PIXELS), np.nan, dtype=np.float32)
        for unit in range(old.shape[0]):
            top = int(round(((1 - e) * unit + e * places[unit]) * PIXELS))
            canvas[top:top + TILE_RES, :TILE_RES] = (1 - e) * old[unit] + e * new[places[unit]]
        traces.append(dict(type="heatmap", z=canvas, x0=geo.thumb_x[layer - 1] + 0.5 / PIXELS, dx=1 / PIXELS,
                           y0=geo.top[layer - 1] + 0.5 / PIXELS, dy=1 / PIXELS, colorscale=DIVERGING, zmin=-1,
                           zmax=1, showscale=False, hoverinfo="skip"))
    return traces


def _touched(move: Move, layer: int) -> np.ndarray:
    """Units of ``layer`` the move touched: moved, or one of their own weights or their bias changed value."""
    k = layer - 1  # W_k holds the units' incoming rows, W_{k+1} their outgoing columns
    rows_in, cols_in, rows_out, cols_out = move.rows[k], move.cols[k], move.rows[k + 1], move.cols[k + 1]
    before, after = move.before, move.after
    incoming = before.weights[k] != after.weights[k][rows_in][:, cols_in]
    bias = before.biases[k] != after.biases[k][move.bias_rows[k]]
    outgoing = before.weights[k + 1] != after.weights[k + 1][rows_out][:, cols_out]
    return incoming.any(axis=1) | bias | outgoing.any(axis=0) | (rows_in != np.arange(len(rows_in)))


def _label_traces(move: Move, geo: _Geometry, e: float) -> list[dict]:
    """Unit numbers beside the rows (layer l's units) and above the columns of W_l, moving with them."""
    traces = []
    for layer, width in enumerate(geo.widths[1:-1], start=1):
        places = move.unit_positions(layer)
        moved = _touched(move, layer)
        style = [f"<b>{u + 1}</b>" if m else str(u + 1) for u, m in enumerate(moved)]  # on screen from 1
        colours = [INK if m else MUTED for m in moved]
        if width > MAX_LABELLED:
            continue
        rows = (1 - e) * np.arange(width) + e * places
        traces.append(dict(type="scatter", x=np.full(width, geo.label_x[layer - 1]),
                           y=geo.row_y(layer - 1, rows) + 0.5, mode="text", text=style, textposition="middle right",
                           textfont=dict(size=11, color=colours), hoverinfo="skip", showlegend=False))
        cols = (1 - e) * np.arange(width) + e * move.cols[layer]
        traces.append(dict(type="scatter", x=geo.w_x[layer] + cols + 0.5, y=np.full(width, geo.top[layer] - 0.45),
                           mode="text", text=style, textfont=dict(size=11, color=colours),
                           hoverinfo="skip", showlegend=False))
    return traces


def _frame_data(move, tiles, geo, tracks, e, vmax, colours) -> list:
    traces = _cell_traces(tracks, e, vmax, colours) + [_hover_trace(tracks, e), _sign_trace(tracks, e)]
    if tiles is not None:
        traces += _thumbnail_traces(move, tiles, geo, e)
    return traces + _label_traces(move, geo, e)


def _animated_part(trace: dict) -> dict:
    return {key: trace[key] for key in ANIMATED_KEYS if key in trace}


def _block_titles(geo: _Geometry, thumbnails: bool) -> list[dict]:
    """Headers above the blocks: W_k centred over its matrix; "b_k · layer k+1" (the bias column and the unit
    thumbnails beside it) from the bias column. Side by side, they sit in pixels above the grid (not in cell
    units, which shrink with the screen), "b_k · layer k+1" on the row above W_k, so no two headers share a row
    whatever the width; stacked, each band's pair sits above its own band, over its column numbers."""
    notes = []
    for k in range(len(geo.widths) - 1):
        bias = f"b{_sub(k)}" + (f" · layer {k + 1}" if thumbnails and geo.thumb_x[k] is not None else "")
        if geo.stacked:  # in cell units: above the band, and above W_k's column numbers (k >= 1)
            place = dict(y=geo.top[k] - (0.95 if k else 0.3), yref="y")
            notes.append(dict(x=geo.w_x[k] + geo.widths[k] / 2, text=f"W{_sub(k)}", xanchor="center", **place))
            notes.append(dict(x=geo.b_x[k], text=bias, xanchor="left", **place))
        else:
            notes.append(dict(x=geo.w_x[k] + geo.widths[k] / 2, text=f"W{_sub(k)}", xanchor="center", yshift=0,
                              y=1, yref="y domain"))
            notes.append(dict(x=geo.b_x[k], text=bias, xanchor="left", yshift=HEADER_ROW, y=1, yref="y domain"))
    return [dict(**n, showarrow=False, yanchor="bottom", font=dict(size=13, color=INK)) for n in notes]


def _colourbar(vmax: float) -> go.Scatter:
    return go.Scatter(x=[None], y=[None], mode="markers", hoverinfo="skip", showlegend=False,
                      marker=dict(color=[-vmax, vmax], colorscale=DIVERGING, cmin=-vmax, cmax=vmax, showscale=True,
                                  colorbar=dict(title="value", thickness=10, len=0.7, tickformat=".2g")))


def _controls(names: list[str], plot_height: float) -> dict:
    """Play/Before buttons on one row under the grid and the slider on its own row below them, full width: side
    by side, the buttons (wider in projector type) covered the slider's "before" label."""
    play = dict(frame=dict(duration=70, redraw=True), transition=dict(duration=0), mode="immediate")
    jump = dict(frame=dict(duration=0, redraw=True), transition=dict(duration=0), mode="immediate")
    labels = ["before"] + [""] * (len(names) - 2) + ["after"]
    steps = [dict(method="animate", args=[[n], jump], label=label) for n, label in zip(names, labels)]
    slider_y = -BUTTON_ROW / plot_height  # paper units: a button row's pixels below the grid
    return dict(
        updatemenus=[dict(type="buttons", direction="left", x=0.0, xanchor="left", y=-0.01, yanchor="top",
                          pad=dict(t=0, r=8), showactive=False,
                          buttons=[dict(label="▶ Play the move", method="animate", args=[names, play]),
                                   dict(label="⟲ Before", method="animate", args=[[names[0]], jump])])],
        sliders=[dict(active=0, steps=steps, x=0.0, len=1.0, y=slider_y, yanchor="top", pad=dict(t=0, b=0, r=10),
                      currentvalue=dict(visible=False), ticklen=0, minorticklen=0, font=dict(size=11))],
    )


def frame_count(n_cells: int) -> int:
    """13 frames for lesson-sized networks, fewer for big ones (each frame carries every cell).

    13: Plotly thins crowded slider labels to every 2nd, 3rd or 4th step, and 12 is divisible by all
    three, so the last step ("after") keeps its label. Past 20,000 cells (an imported network of
    hundreds of units) only "before" and "after" are sent: every frame repeats every cell, and
    13 frames of such a network were 18 MB of JSON per rerun.
    """
    return 13 if n_cells <= 1_500 else 7 if n_cells <= 5_000 else 5 if n_cells <= 20_000 else 2


def move_movie(move: Move, activation: str, data: Dataset, *, n_frames: int | None = None,
               stacked: bool = False) -> go.Figure:
    """The animated move; the figure opens on the state before the move. ``stacked``: the layers one under the
    other, for a narrow screen (least_side_by_side_width says when)."""
    widths = move.before.widths
    thumbnails = has_thumbnails(widths, data.input_dim)
    geo = _Geometry(widths, thumbnails, stacked=stacked)
    tracks = _weight_tracks(move, geo)
    vmax = float(max(np.max(np.abs(tracks.v0)), np.max(np.abs(tracks.v1)), 1e-12))
    colours = pcolors.sample_colorscale(DIVERGING, list(np.linspace(0, 1, COLOUR_LEVELS)))
    n_frames = frame_count(len(tracks.names)) if n_frames is None else n_frames
    eases = _ease(np.linspace(0.0, 1.0, n_frames))
    names = [f"f{i}" for i in range(n_frames)]
    tiles = None
    if thumbnails:
        tiles = (_unit_tiles(move.before, activation, data), _unit_tiles(move.after, activation, data))
    states = [_frame_data(move, tiles, geo, tracks, e, vmax, colours) for e in eases]
    frames = [dict(name=n, data=[_animated_part(trace) for trace in state]) for n, state in zip(names, states)]
    fig = go.Figure(data=states[0] + [_colourbar(vmax)], frames=frames)
    height, top, bottom = _height(geo)
    fig.update_layout(**base_layout(height=height, margin=dict(l=10, r=10, t=top, b=bottom),
                                    **_controls(names, height - top - bottom)),
                      annotations=_block_titles(geo, thumbnails), meta=dict(layout=_layout_name(stacked)))
    fig.update_xaxes(visible=False, range=[-0.3, geo.right], constrain="domain")
    above = -0.5 if stacked else -1.2  # room for the first band's headers / the column numbers
    fig.update_yaxes(visible=False, range=[geo.rows + 0.3, above], scaleanchor="x", scaleratio=1,
                     constrain="domain")
    return fig


def _layout_name(stacked: bool) -> str:
    """Named in the figure's layout.meta, so a browser test can tell which layout is drawn."""
    return "stacked" if stacked else "side by side"


def _height(geo: _Geometry) -> tuple[int, int, int]:
    """(figure height, top margin, bottom margin) in px. Side by side: 30 px a row of the tallest layer, within
    300-720 px. Stacked: as tall as the bands are at STACKED_WIDTH beside the colour bar (cells of up to 30 px),
    within 300-1100 px."""
    bottom = BUTTON_ROW + SLIDER_ROW
    if not geo.stacked:
        top = 30 + HEADER_ROW
        return int(min(720, max(300, 150 + 30 * geo.tallest))), top, bottom
    top = 10
    return int(min(1100, max(300, (geo.rows + 0.8) * _stacked_cell(geo) + top + bottom))), top, bottom


def _stacked_cell(geo: _Geometry) -> float:
    """px per cell of a stacked drawing at STACKED_WIDTH beside the colour bar, at most 30."""
    return min(30.0, (STACKED_WIDTH - COLOURBAR_PX - 20) / (geo.right + 0.3))  # 20: the side margins


def network_matrices(params: Params, activation: str, data: Dataset, *, stacked: bool = False) -> go.Figure:
    """The same picture without a move (before the first Apply): a single still frame."""
    still = [np.arange(w.shape[0]) for w in params.weights]
    move = Move(MoveSpec("swap"), params, params, None, tuple(still),
                tuple(np.arange(w.shape[1]) for w in params.weights), tuple(still))
    fig = move_movie(move, activation, data, n_frames=1, stacked=stacked)
    fig.frames, fig.layout.updatemenus, fig.layout.sliders = (), (), ()
    fig.update_layout(margin=dict(b=10))
    return fig
