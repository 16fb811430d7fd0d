"""The map of starts, coloured by where training ended, with the slice's symmetry overlays.

Outcomes are categories, drawn as one heatmap of category slots with a stepped colour scale;
the legend comes from invisible marker traces (a heatmap has no per-category legend). Twins get
the Okabe-Ito colours (distinct under the common colour-vision deficiencies); stuck starts are
greys and diverged ones near-black, so "at a twin" always stands out. The legend names each outcome
(twins in words) with its count and share (core.init_regions.map_words); the rule that labels a start
"at twin k" is stated once, in the caption under the map. The legend hangs from the bottom of the
figure (container coordinates), so Plotly reserves room for it below the x-axis title.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from core.figures.theme import INK, MUTED, base_layout
from core.init_regions.map_words import legend_name, outcome_name
from core.init_regions.outcomes import DIVERGED, OTHER_FIT, STUCK, STUCK_MERGED, Outcomes, merge_twins
from core.init_regions.results import MapResult
from core.init_regions.task import axis_symbol, coordinates

TWIN_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#8C564B")
SPECIAL_COLOURS = {OTHER_FIT: "#B07AA1", STUCK_MERGED: "#7A7F8C", STUCK: "#D4D7DD", DIVERGED: "#1A1A1A"}


def twin_colours(outcomes: Outcomes) -> dict[int, str]:
    """A colour per twin reached, in twin order, so the two halves of a mirror pair get blue and orange."""
    reached = sorted({int(c) for c in outcomes.codes if c >= 0})
    return {code: TWIN_COLOURS[i % len(TWIN_COLOURS)] for i, code in enumerate(reached)}


def category_colour(code: int, palette: dict[int, str] | None = None) -> str:
    """The colour of outcome ``code``: fixed for stuck, diverged and other fits, else the twin's from ``palette``."""
    if code < 0:
        return SPECIAL_COLOURS[code]
    return (palette or {}).get(code, TWIN_COLOURS[code % len(TWIN_COLOURS)])


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
    """Each start's outcome; hover shows final loss and twin. ``merged`` folds the twins into one colour."""
    codes = shown_codes(outcomes, merged)
    present = sorted({int(c) for c in codes}, key=lambda c: (c < 0, -np.sum(codes == c) if c >= 0 else -c))
    slot = {code: i for i, code in enumerate(present)}
    z = np.vectorize(slot.get)(codes).reshape(result.resolution, result.resolution)
    palette = twin_colours(outcomes)
    colours = [category_colour(c, palette) for c in present]
    fig = go.Figure(go.Heatmap(
        x=result.xs, y=result.ys, z=z, zmin=-0.5, zmax=len(present) - 0.5, colorscale=_stepped_scale(colours),
        showscale=False, text=_hover_text(result, outcomes, codes, merged), hovertemplate="%{text}<extra></extra>",
        name="outcomes",
    ))
    for code in present:  # legend entries
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=legend_name(outcomes, codes, code, merged),
                                 marker=dict(symbol="square", size=13, color=category_colour(code, palette),
                                             line=dict(color=MUTED, width=0.5))))
    if overlays and result.symmetry is not None:
        _add_symmetry_overlays(fig, result)
    x_label, y_label = axis_labels(result)
    fig.update_layout(**base_layout(height=height, margin=dict(l=60, r=10, t=10, b=10),
                                    legend=dict(orientation="h", x=0.0, xanchor="left", y=0.0, yanchor="bottom",
                                                yref="container", font=dict(size=12)),
                                    uirevision="init-map"))
    fig.update_xaxes(title=x_label, range=[result.xs[0], result.xs[-1]], constrain="domain")
    fig.update_yaxes(title=y_label, range=[result.ys[0], result.ys[-1]], scaleanchor="x", constrain="domain")
    return fig


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
