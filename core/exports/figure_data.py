"""The data a Plotly figure draws, as one long table: what its CSV export and data table show.

Read from the figure itself, so the table is exactly what is plotted: one row per point of each
trace (x, y and, for heatmaps and surfaces, z; text and marker colour where given). Animation
frames are not included: the table is the figure as first drawn.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    import plotly.graph_objects as go

MAX_ROWS = 200_000  # a 300 x 300 heatmap is 90,000 rows; nothing on our pages is larger


def _column(trace, name: str):
    value = getattr(trace, name, None) if name in trace else None
    return None if value is None else np.asarray(value, dtype=object)


def _grid_rows(trace) -> pd.DataFrame:
    z = np.asarray(trace.z, dtype=float)
    rows, cols = z.shape
    x = _column(trace, "x")
    y = _column(trace, "y")
    x = np.arange(cols) if x is None or len(x) != cols else x
    y = np.arange(rows) if y is None or len(y) != rows else y
    yy, xx = np.meshgrid(y, x, indexing="ij")
    return pd.DataFrame({"x": xx.ravel(), "y": yy.ravel(), "z": z.ravel()})


def _point_rows(trace) -> pd.DataFrame:
    columns = {}
    for name in ("x", "y", "z", "text"):
        value = _column(trace, name)
        if value is not None and value.ndim == 1:
            columns[name] = value
    color = trace.marker.color if "marker" in trace and trace.marker.color is not None else None
    if color is not None and np.ndim(color) == 1:
        columns["marker_color"] = np.asarray(color, dtype=object)
    lengths = {len(v) for v in columns.values()}
    if len(lengths) > 1:  # ragged: keep the columns as long as x (or the first)
        size = len(columns.get("x", next(iter(columns.values()))))
        columns = {k: v for k, v in columns.items() if len(v) == size}
    return pd.DataFrame(columns)


def figure_table(fig: go.Figure) -> pd.DataFrame:
    """Every trace's points, with the trace's name and type; at most MAX_ROWS rows."""
    tables = []
    for number, trace in enumerate(fig.data):
        has_grid = "z" in trace and trace.z is not None and np.ndim(trace.z) == 2
        table = _grid_rows(trace) if has_grid else _point_rows(trace)
        if table.empty:
            continue
        table.insert(0, "trace", trace.name if trace.name else f"{trace.type} {number}")
        tables.append(table)
    if not tables:
        return pd.DataFrame(columns=["trace"])
    return pd.concat(tables, ignore_index=True).head(MAX_ROWS)
