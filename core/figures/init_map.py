"""The map of starts, coloured by where training ended, with the slice's symmetry overlays.

Outcomes are categories, drawn as one heatmap of category slots with a stepped colour scale. A twin
is told apart by two cues, because at width 3 there are 48 of them and no palette has 48 colours a
class can name: its **colour** says how the target's units are reordered (3! = 6 orders, Okabe-Ito
hues, distinct under the common colour-vision deficiencies) and a white **marker shape**, drawn on a
sparse sub-grid of its cells, says which units' signs are flipped (2³ = 8 patterns). Every twin keeps
the same colour and shape on every map. Low loss but not at a twin is yellow, stuck starts grey,
diverged ones near-black. The key (invisible marker traces: a heatmap has no per-category legend)
lists the orders, the sign patterns and the other outcomes, each with its count and share
(core.init_regions.map_words); hover names a cell's twin in full. The rule that labels a start "at
twin k" is stated once, in the caption under the map. The key hangs below the x-axis title with the
figure grown to hold all of it, so it never scrolls and never covers the axes.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import plotly.graph_objects as go

from core.figures.theme import INK, MARKER_SHAPES, MUTED, OKABE_ITO, base_layout
from core.init_regions.map_words import (
    ORDER_KEY_TITLE,
    SIGNS_KEY_TITLE,
    legend_name,
    order_key_name,
    outcome_name,
    signs_key_name,
)
from core.init_regions.outcomes import DIVERGED, OTHER_FIT, STUCK, STUCK_MERGED, Outcomes, merge_twins
from core.init_regions.results import MapResult
from core.init_regions.task import axis_symbol, coordinates

ORDER_COLOURS = OKABE_ITO[:6]          # one per order of at most 3 units (limits.INIT_MAP_WIDTH)
OTHER_FIT_COLOUR = OKABE_ITO[6]        # yellow: the one hue left, for "low loss, not at a twin"
SPECIAL_COLOURS = {OTHER_FIT: OTHER_FIT_COLOUR, STUCK_MERGED: "#7A7F8C", STUCK: "#D4D7DD", DIVERGED: "#1A1A1A"}
SPECIAL_SHAPE = "square"               # the other outcomes are told apart by colour (greys and yellow)
SHAPE_FILL = "white"
MARKERS_PER_AXIS = 20                  # the sign markers sit on about this many cells per axis
KEY_ROW_PX = 21                        # one row of the key, as Plotly lays it out at 12 px


def _orders(width: int) -> list[tuple[int, ...]]:
    return list(itertools.permutations(range(width)))


def _sign_patterns(width: int) -> list[tuple[int, ...]]:
    return list(itertools.product((1, -1), repeat=width))


def twin_style(outcomes: Outcomes, code: int) -> tuple[str, str]:
    """(colour, marker shape) of twin ``code``: colour by its unit order, shape by its sign pattern, the same on
    every map (the identity order is blue, no flips a circle)."""
    element = outcomes.twins.elements[code]
    perm, signs = element.perms[0], element.signs[0]
    return ORDER_COLOURS[_orders(len(perm)).index(perm)], MARKER_SHAPES[_sign_patterns(len(signs)).index(signs)]


def outcome_style(outcomes: Outcomes, code: int, merged: bool = False) -> tuple[str, str]:
    """(colour, marker shape) that tell outcome ``code`` apart on the map; merged twins all look like twin 0."""
    if code < 0:
        return SPECIAL_COLOURS[code], SPECIAL_SHAPE
    return twin_style(outcomes, 0 if merged else code)


def twin_colours(outcomes: Outcomes) -> dict[int, str]:
    """Twin code -> its colour (the colour of its unit order), for every twin of the map."""
    return {code: twin_style(outcomes, code)[0] for code in range(len(outcomes.twins.names))}


def category_colour(code: int, palette: dict[int, str] | None = None) -> str:
    """The colour of outcome ``code``: fixed for stuck, diverged and other fits, else the twin's from ``palette``."""
    if code < 0:
        return SPECIAL_COLOURS[code]
    return (palette or {}).get(code, ORDER_COLOURS[code % len(ORDER_COLOURS)])


def category_name(outcomes: Outcomes, code: int, merged: bool) -> str:
    """The hover name of outcome ``code``; with ``merged``, every twin reads as one (MERGED_NAME)."""
    return outcome_name(outcomes, code, merged)


def shown_codes(outcomes: Outcomes, merged: bool) -> np.ndarray:
    """The per-start outcome codes as drawn, shape (n_cells,): the twins folded into one code when ``merged``."""
    return merge_twins(outcomes.codes) if merged else outcomes.codes


def axis_labels(result: MapResult) -> tuple[str, str]:
    """(x, y) axis titles of the map: what each coordinate sets in the network, in the matrix convention."""
    keys = coordinates(result.spec.widths)
    return keys[result.spec.x_key][1], keys[result.spec.y_key][1]


def _stepped_scale(colours: list[str]) -> list:
    n, scale = len(colours), []
    for i, colour in enumerate(colours):
        scale += [[i / n, colour], [(i + 1) / n, colour]]
    return scale


def _hover_text(result: MapResult, outcomes: Outcomes, codes: np.ndarray, merged: bool) -> np.ndarray:
    names = {int(c): category_name(outcomes, int(c), merged) for c in np.unique(codes)}
    spec = result.spec
    x_name, y_name = axis_symbol(spec.widths, spec.x_key), axis_symbol(spec.widths, spec.y_key)
    gx, gy = np.meshgrid(result.xs, result.ys)
    text = [
        f"{x_name} = {x:.2f}, {y_name} = {y:.2f}<br>{names[int(c)]}<br>final loss "
        + ("—" if not np.isfinite(loss) else f"{loss:.2e}") + ("" if trained else "<br>(mirrored, not trained)")
        for x, y, c, loss, trained in zip(gx.ravel(), gy.ravel(), codes, result.final_loss, result.trained)
    ]
    return np.array(text, dtype=object).reshape(gx.shape)


def outcome_map(result: MapResult, outcomes: Outcomes, *, merged: bool = False, overlays: bool = True,
                height: int = 640) -> go.Figure:
    """Each start's outcome; hover shows final loss and twin. ``merged`` folds the twins into one colour.

    ``height`` is the map's own; the figure grows by the rows its key needs (at two key columns).
    """
    codes = shown_codes(outcomes, merged)
    present = sorted({int(c) for c in codes}, key=lambda c: (c < 0, -np.sum(codes == c) if c >= 0 else -c))
    slot = {code: i for i, code in enumerate(present)}
    z = np.vectorize(slot.get)(codes).reshape(result.resolution, result.resolution)
    colours = [outcome_style(outcomes, c, merged)[0] for c in present]
    fig = go.Figure(go.Heatmap(
        x=result.xs, y=result.ys, z=z, zmin=-0.5, zmax=len(present) - 0.5, colorscale=_stepped_scale(colours),
        showscale=False, text=_hover_text(result, outcomes, codes, merged), hovertemplate="%{text}<extra></extra>",
        name="outcomes",
    ))
    if not merged:
        _add_sign_markers(fig, result, outcomes)
    _add_key(fig, outcomes, codes, present, merged)
    if overlays and result.symmetry is not None:
        _add_symmetry_overlays(fig, result)
    entries = sum(1 for t in fig.data if t.showlegend is not False and t.type == "scatter")
    x_label, y_label = axis_labels(result)
    title = key_title(outcomes, merged)
    rows = math.ceil(entries / 2) + title.count("<br>") + (1 if title else 0)
    fig.update_layout(**base_layout(height=height + KEY_ROW_PX * rows, margin=dict(l=60, r=10, t=10, b=10),
                                    legend=dict(orientation="h", x=0.0, xanchor="left", xref="container", y=0.0,
                                                yanchor="bottom", yref="container", font=dict(size=12),
                                                maxheight=1.0,
                                                title=dict(text=title, side="top", font=dict(size=13))),
                                    uirevision="init-map"))
    fig.update_xaxes(title=x_label, range=[result.xs[0], result.xs[-1]], constrain="domain")
    fig.update_yaxes(title=y_label, range=[result.ys[0], result.ys[-1]], scaleanchor="x", constrain="domain")
    return fig


def key_title(outcomes: Outcomes, merged: bool) -> str:
    """How to read a twin's look, above the key; empty when no twin is on the map or the twins are merged."""
    if merged or not (outcomes.codes >= 0).any():
        return ""
    return ORDER_KEY_TITLE + (f";<br>{SIGNS_KEY_TITLE}" if _signs_can_flip(outcomes) else "")


def _key_entry(fig: go.Figure, name: str, colour: str, shape: str) -> None:
    """One line of the key: an invisible point whose legend marker is the outcome's colour and shape."""
    line = dict(color=INK, width=1.5) if colour == SHAPE_FILL else dict(color=MUTED, width=0.5)
    fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=name,
                             marker=dict(symbol=shape, size=13, color=colour, line=line)))


def _add_key(fig: go.Figure, outcomes: Outcomes, codes: np.ndarray, present: list[int], merged: bool) -> None:
    """The key: unit orders by colour, sign patterns by shape (only where signs can flip), then the rest."""
    reached = [c for c in present if c >= 0]
    if merged and reached:
        _key_entry(fig, legend_name(outcomes, codes, 0, True), *outcome_style(outcomes, 0, True))
    elif reached:
        elements = outcomes.twins.elements
        width = len(elements[0].perms[0])
        orders = [p for p in _orders(width) if any(elements[c].perms[0] == p for c in reached)]
        for perm in orders:
            _key_entry(fig, order_key_name(outcomes, codes, perm), ORDER_COLOURS[_orders(width).index(perm)],
                       SPECIAL_SHAPE)
        if _signs_can_flip(outcomes):
            patterns = [p for p in _sign_patterns(width) if any(elements[c].signs[0] == p for c in reached)]
            for signs in patterns:
                _key_entry(fig, signs_key_name(outcomes, codes, signs), SHAPE_FILL,
                           MARKER_SHAPES[_sign_patterns(width).index(signs)])
    for code in (c for c in present if c < 0):
        _key_entry(fig, legend_name(outcomes, codes, code, merged), *outcome_style(outcomes, code))


def _signs_can_flip(outcomes: Outcomes) -> bool:
    """Whether the twins differ in sign patterns (odd activations); without flips the colour alone tells them."""
    return any(s < 0 for e in outcomes.twins.elements for s in e.signs[0])


def _add_sign_markers(fig: go.Figure, result: MapResult, outcomes: Outcomes) -> None:
    """White marker shapes on a sparse sub-grid of the twin cells: the second cue (which signs are flipped)."""
    if not _signs_can_flip(outcomes):
        return
    step = max(1, round(result.resolution / MARKERS_PER_AXIS))
    offset = step // 2
    iy, ix = np.divmod(np.arange(result.resolution ** 2), result.resolution)
    sampled = ((ix - offset) % step == 0) & ((iy - offset) % step == 0) & (outcomes.codes >= 0)
    for code in np.setdiff1d(outcomes.codes[outcomes.codes >= 0], outcomes.codes[sampled]):  # too small for the grid
        cells = np.flatnonzero(outcomes.codes == code)
        sampled[cells[len(cells) // 2]] = True  # one of its own cells carries its shape
    shapes = {int(c): twin_style(outcomes, int(c))[1] for c in np.unique(outcomes.codes[sampled])}
    for shape in dict.fromkeys(shapes.values()):
        cells = sampled & np.isin(outcomes.codes, [c for c, s in shapes.items() if s == shape])
        fig.add_trace(go.Scatter(x=result.xs[ix[cells]], y=result.ys[iy[cells]], mode="markers", showlegend=False,
                                 name=f"sign marker {shape}", hoverinfo="skip",
                                 marker=dict(symbol=shape, size=8, color=SHAPE_FILL, line=dict(color=INK, width=1))))


def _add_symmetry_overlays(fig: go.Figure, result: MapResult) -> None:
    """The mirror line x = y (units identical) and the representative half x ≥ y."""
    low, high = result.xs[0], result.xs[-1]
    assert result.symmetry is not None  # outcome_map draws the overlays only for a slice with a symmetry
    a, b = result.symmetry.units
    fig.add_trace(go.Scatter(
        x=[low, high, high, low], y=[low, low, high, low], mode="lines", fill="toself",
        fillcolor="rgba(255,255,255,0.0)", line=dict(color=INK, width=1.5, dash="dot"),
        name=(f"representative half ({axis_symbol(result.spec.widths, result.spec.x_key)} ≥ "
              f"{axis_symbol(result.spec.widths, result.spec.y_key)}): the trained starts"),
        hoverinfo="skip",
    ))
    fig.add_trace(go.Scatter(
        x=[low, high], y=[low, high], mode="lines", line=dict(color="white", width=3),
        name=f"mirror line: units {a} and {b} identical", hoverinfo="skip", showlegend=False,
    ))
    fig.add_trace(go.Scatter(
        x=[low, high], y=[low, high], mode="lines", line=dict(color=INK, width=1.5, dash="dash"),
        name=f"mirror line x = y: units {a} and {b} identical", hoverinfo="skip",
    ))
