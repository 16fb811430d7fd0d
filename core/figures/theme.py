"""Colours and layout shared by every figure.

Weights and outputs use a colour-blind-safe diverging pair (orange for negative, blue for
positive, as TensorFlow Playground does; both stay distinct under the common colour-vision
deficiencies), and signs are also carried by glyphs or line style where colour alone would
not do.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import plotly.graph_objects as go

NEGATIVE = "#E66100"   # orange
POSITIVE = "#1F6FB4"   # blue
NEUTRAL = "#F4F4F4"
INK = "#1F2430"
MUTED = "#6B7280"
TEST_EDGE = "#111111"
TRAIN_LINE, TEST_LINE = "#1F6FB4", "#E66100"

# Okabe & Ito's categorical palette (black left out): seven hues that stay distinct under the common
# colour-vision deficiencies; categories beyond seven need a second cue (a marker shape).
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442")
# Filled marker shapes that stay tellable apart at 8 px, for the second cue.
MARKER_SHAPES = ("circle", "x", "triangle-up", "diamond", "star", "pentagon", "triangle-down", "cross")

# Diverging scale for decision surfaces and weights: orange - white - blue.
DIVERGING = [[0.0, NEGATIVE], [0.5, NEUTRAL], [1.0, POSITIVE]]
FONT = dict(family="Inter, 'Source Sans Pro', Helvetica, Arial, sans-serif", size=13, color=INK)


def base_layout(**overrides: Any) -> dict[str, Any]:
    """Quiet, white layout with room for hover read-outs."""
    layout = dict(
        template="plotly_white", font=FONT, margin=dict(l=40, r=20, t=40, b=40),
        hoverlabel=dict(font_size=13), paper_bgcolor="white", plot_bgcolor="white",
    )
    layout.update(overrides)
    return layout


# A horizontal legend at the figure's foot, under the x axis's title: placed in the container (not in the plot's
# fraction, y=-0.2, which lands on the axis title once type grows or the plot shrinks), with LEGEND_ROOM px of
# bottom margin for one row; Plotly widens the margin for the rows a narrow screen wraps it into.
LEGEND_ROOM = 60


def legend_under(**overrides: Any) -> dict[str, Any]:
    """Layout of a legend under the plot, below the x axis's title (add LEGEND_ROOM to the bottom margin)."""
    return dict(orientation="h", xref="container", x=0.02, xanchor="left", yref="container", y=0,
                yanchor="bottom", **overrides)


# Projector look (presenter mode): larger type, thicker lines, bigger markers, black ink.
PROJECTOR_FONT_SIZE = 20
PROJECTOR_LINE_SCALE = 2.0
PROJECTOR_MARKER_SCALE = 1.6


def projector(fig: go.Figure) -> dict[str, Any]:
    """``fig`` as a plain figure dict, readable from the back of a room at 1280x720; data untouched.

    Works on the dict (no re-validation of every trace: the symmetry movie has thousands of frames'
    worth of cells), which st.plotly_chart draws as it is.
    """
    styled = fig.to_dict()
    layout = styled.setdefault("layout", {})
    layout["font"] = {**layout.get("font", {}), "size": PROJECTOR_FONT_SIZE, "color": "#000000"}
    layout["hoverlabel"] = {**layout.get("hoverlabel", {}), "font": {"size": PROJECTOR_FONT_SIZE}}
    layout["legend"] = {**layout.get("legend", {}),
                        "font": {**layout.get("legend", {}).get("font", {}), "size": PROJECTOR_FONT_SIZE - 2}}
    if "title" in layout["legend"]:  # a key's title (the init map's) reads at the entries' size
        title = layout["legend"]["title"]
        title["font"] = {**title.get("font", {}), "size": PROJECTOR_FONT_SIZE - 2}
    for annotation in layout.get("annotations", []):
        annotation["font"] = {**annotation.get("font", {}), "size": PROJECTOR_FONT_SIZE - 2}
    for name, axis in layout.items():
        if name.startswith(("xaxis", "yaxis")) and isinstance(axis, dict):
            axis["tickfont"] = {**axis.get("tickfont", {}), "size": PROJECTOR_FONT_SIZE - 2}
            axis.setdefault("gridcolor", "#BBBBBB")
            if _draws_a_line(axis):
                axis["linecolor"] = "#000000"
    for trace in styled.get("data", []):
        _thicken(trace)
    return styled


def _draws_a_line(axis: dict) -> bool:
    """Whether the axis is drawn as an axis (not hidden, not a row of labels such as the network diagram's
    layer names). Plotly draws an axis line wherever a linecolor is set, so only these get one."""
    if axis.get("visible") is False or axis.get("showline") is False:
        return False
    return bool(axis.get("showline")) or axis.get("showgrid") is not False


def _thicken(trace: dict) -> None:
    if trace.get("type", "scatter") not in ("scatter", "scattergl"):
        return
    line = trace.setdefault("line", {})
    line["width"] = line.get("width", 2) * PROJECTOR_LINE_SCALE
    marker = trace.get("marker")
    if marker and isinstance(marker.get("size"), (int, float)):
        marker["size"] = marker["size"] * PROJECTOR_MARKER_SCALE
