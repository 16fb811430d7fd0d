"""Generalisation-gap bound against the sample size n, without and with the symmetry reduction."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import plotly.graph_objects as go

from core.figures.theme import INK, LEGEND_ROOM, MUTED, NEGATIVE, POSITIVE, base_layout, legend_under
from core.glossary import without_tags

if TYPE_CHECKING:
    from core.bounds.generalisation import GeneralisationCurves

CHOSEN = "your n"


def generalisation_figure(curves: GeneralisationCurves, *, plain: bool = False) -> go.Figure:
    """Both bounds on log axes, the floor 2ℓε no n removes, the vacuous line M = 1, and the chosen n.

    ``plain`` (the page's plain words) drops the provenance tags from the legend."""
    fig = go.Figure()
    tagged = without_tags if plain else str
    fig.add_trace(go.Scatter(x=curves.n, y=curves.gap_baseline, name=tagged("with ln N baseline [RECON]"),
                             line=dict(color=INK, width=2.5), hovertemplate="%{y:.5g}"))
    fig.add_trace(go.Scatter(x=curves.n, y=curves.gap_reduced, name=tagged("with ln N reduced [RECON]"),
                             line=dict(color=POSITIVE, width=2.5, dash="dash"), hovertemplate="%{y:.5g}"))
    fig.add_trace(go.Scatter(x=[curves.n_chosen] * 2, y=list(curves.at_n), mode="markers", name=CHOSEN, meta=CHOSEN,
                             marker=dict(size=11, color=NEGATIVE, line=dict(color="white", width=1.5)),
                             hovertemplate="n = %{x:,}<br>gap ≤ %{y:.5g}<extra></extra>"))
    _level(fig, curves.floor, MUTED, "2ℓε: no n removes it")
    _level(fig, 1.0, NEGATIVE, "M = 1: above this line the bound says nothing")
    fig.update_layout(**base_layout(height=380, hovermode="x unified",
                                    margin=dict(l=60, r=20, t=20, b=40 + LEGEND_ROOM),
                                    legend=legend_under(font_size=12)))
    fig.update_xaxes(type="log", title="sample size n")
    fig.update_yaxes(type="log", title="bound on |test − train risk|", tickformat="~g",
                     tickvals=_one_two_five(min(curves.floor, curves.gap_reduced.min()), curves.gap_baseline.max()))
    return fig


def _one_two_five(low: float, high: float) -> list[float]:
    """Tick values 1, 2, 5, 10, 20, ... spanning [low, high] (plotly's own log ticks label 0.5 as '5')."""
    decades = range(math.floor(math.log10(low)), math.ceil(math.log10(high)) + 1)
    steps = (1, 2, 5) if len(decades) <= 6 else (1,)  # many decades: one tick each, or they collide
    return [m * 10.0**k for k in decades for m in steps]


def _level(fig: go.Figure, y: float, colour: str, text: str) -> None:
    """A labelled horizontal line. Placed by hand: plotly's add_hline puts annotations at the raw
    value on log axes, i.e. at 10^y, far from the line."""
    fig.add_hline(y=y, line=dict(color=colour, dash="dot", width=1.5))
    fig.add_annotation(x=1, xref="paper", xanchor="right", y=math.log10(y), yanchor="bottom", text=text,
                       showarrow=False, font=dict(color=colour, size=12), bgcolor="rgba(255,255,255,0.8)")
