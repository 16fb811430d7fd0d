"""Network diagram: units as nodes, weights as edges coloured by sign and sized by magnitude.

Edges are grouped into a few width bins per sign, one trace each, so a 2-64-64-1 network
(about 4,000 edges) draws as a dozen traces rather than thousands.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from core.engine.mlp import Params
from core.figures.theme import INK, MUTED, NEGATIVE, POSITIVE, base_layout

N_WIDTH_BINS = 5
MAX_EDGE_WIDTH = 6.0


def node_positions(widths: Sequence[int]) -> list[np.ndarray]:
    """(d_l, 2) coordinates per layer: layers left to right, units centred top to bottom."""
    tallest = max(widths)
    return [np.column_stack([np.full(d, float(i)), (np.arange(d) - (d - 1) / 2) * (tallest / max(d, 1)) / tallest])
            for i, d in enumerate(widths)]


def _edge_traces(params: Params, positions) -> list[go.Scatter]:
    biggest = max(float(np.max(np.abs(w))) for w in params.weights) or 1.0
    buckets: dict[tuple[bool, int], tuple[list, list]] = {}
    for i, w in enumerate(params.weights):
        for (row, col), value in np.ndenumerate(w):
            strength = abs(value) / biggest
            key = (value >= 0, min(int(strength * N_WIDTH_BINS), N_WIDTH_BINS - 1))
            xs, ys = buckets.setdefault(key, ([], []))
            (x0, y0), (x1, y1) = positions[i][col], positions[i + 1][row]
            xs += [x0, x1, None]
            ys += [y0, y1, None]
    traces = []
    for (positive, level), (xs, ys) in sorted(buckets.items()):
        # float32 arrays (None -> NaN, a gap; half the JSON of float64): Plotly validates a Python list
        # element by element, which took 20 s for the 8 diagrams of a gallery of a 2-80x8-1 network.
        traces.append(go.Scatter(
            x=np.array(xs, dtype=np.float32), y=np.array(ys, dtype=np.float32), mode="lines",
            hoverinfo="skip", showlegend=False,
            line=dict(color=POSITIVE if positive else NEGATIVE,
                      width=0.5 + MAX_EDGE_WIDTH * (level + 0.5) / N_WIDTH_BINS,
                      dash="solid" if positive else "dot"),
            opacity=0.25 + 0.6 * (level + 1) / N_WIDTH_BINS,
        ))
    return traces


def _node_trace(params: Params, positions) -> go.Scatter:
    xs, ys, colours, texts = [], [], [], []
    biases = [np.zeros(params.widths[0])] + list(params.biases)
    for layer, (points, bias) in enumerate(zip(positions, biases)):
        kind = "input" if layer == 0 else "output" if layer == len(positions) - 1 else f"hidden layer {layer}"
        for unit, ((x, y), b) in enumerate(zip(points, bias)):
            xs.append(x)
            ys.append(y)
            colours.append(MUTED if layer == 0 else (POSITIVE if b >= 0 else NEGATIVE))
            texts.append(f"{kind}, unit {unit + 1}" + ("" if layer == 0 else f"<br>bias {b:+.3f}"))
    return go.Scatter(x=xs, y=ys, mode="markers", text=texts, hovertemplate="%{text}<extra></extra>",
                      marker=dict(size=14, color=colours, line=dict(color=INK, width=1.2)), showlegend=False)


def network_figure(params: Params, *, height: int = 320) -> go.Figure:
    """Diagram of ``params``: blue solid edges positive, orange dotted edges negative."""
    positions = node_positions(params.widths)
    fig = go.Figure(_edge_traces(params, positions) + [_node_trace(params, positions)])
    labels = ["input"] + [f"hidden {l}" for l in range(1, len(params.widths) - 1)] + ["output"]
    fig.update_layout(**base_layout(height=height, margin=dict(l=10, r=10, t=10, b=30)))
    fig.update_xaxes(tickvals=list(range(len(labels))), ticktext=labels, showgrid=False, zeroline=False)
    fig.update_yaxes(visible=False, range=[-0.6, 0.6])
    return fig
