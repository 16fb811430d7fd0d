"""The lesson's sentences that state a trend, each built from the curve the page draws.

Every trend word here ("rises", "falls", "rises then falls", ...) comes from
core.bounds.trends.classify_trend on the numbers of the configuration on screen, never from a
rule of thumb: the relative reduction rises with width at depth 1 and rises then falls at depth 2
(docs/theory.md#relative-reduction); the absolute volume can fall, rise, or do both
(docs/theory.md#effective-volume).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from core.big_numbers import FULL_DIGITS, format_log10, format_real
from core.bounds.trends import Trend, classify_trend, trend_sentence

if TYPE_CHECKING:
    from core.bounds.curves import MarkedNetwork

LN10 = math.log(10.0)


def _percent(value: float) -> str:
    return f"{value:.3g} %"


def power_of_ten(log10_value: float) -> str:
    """'$10^{-444}$', '$10^{5{,}030{,}572}$', '$10^{0.86}$': an exponent readable at any size, as Markdown
    math like every symbol of the lesson (a comma in math needs braces, or KaTeX spaces it as punctuation)."""
    digits = 2 if abs(log10_value) < 100 else 0
    exponent = f"{log10_value + 0.0:,.{digits}f}".replace(",", "{,}")
    return f"$10^{{{exponent}}}$"


def reduction_trend(curves: dict[str, np.ndarray]) -> Trend:
    """The shape of the relative reduction 100·(ln N_base − ln N_red)/ln N_base over the widths drawn."""
    return classify_trend(curves["width"], curves["relative_reduction_pct"])


def effective_share_trend(curves: dict[str, np.ndarray]) -> Trend:
    """The shape of log10 of the effective share 1/∏ d_l! over the widths drawn."""
    return classify_trend(curves["width"], curves["log10_fraction"])


def effective_share_claim(curves: dict[str, np.ndarray], log10_fraction: float) -> str:
    """What the effective share 1/∏ d_l! is for this network and does over the widths drawn, with numbers.

    ``log10_fraction``: this network's log10 (1/∏ d_l!).
    """
    trend = effective_share_trend(curves)
    return (f"a share $1/\\prod_l d_l!$ of the box: {power_of_ten(log10_fraction)} for your network; "
            f"over {_span(curves)} at your depth it {trend_sentence(trend, power_of_ten)}.")


def absolute_volume_trend(curves: dict[str, np.ndarray]) -> Trend:
    """The shape of log10 of the absolute volume (2B)^S/∏ d_l! over the widths drawn."""
    return classify_trend(curves["width"], curves["log10_absolute"])


def _span(curves) -> str:
    low, high = curves["width"][0], curves["width"][-1]
    return f"hidden widths {low:,.0f} to {high:,.0f}"


def reduction_claim(curves: dict[str, np.ndarray], depth: int) -> str:
    """What the relative reduction does over the widths drawn at this depth, with its numbers, and why.

    ``curves``: core.bounds.curves.covering_curves of the settings on screen; ``depth``: their depth.
    """
    trend = reduction_trend(curves)
    layers = "one hidden layer" if depth == 1 else f"{depth} hidden layers"
    text = (f"Over {_span(curves)} with {layers}, the relative reduction (dashed, right axis) "
            f"{trend_sentence(trend, _percent)}.")
    if trend.shape == "flat" and trend.high[1] == 0.0:
        return text + " The grid has a single point (m = 1) or no layer can be relabelled, so nothing is removed."
    why = ("Why: with one hidden layer $S$ grows like $d$ and $m$ like $d$, so $S \\ln m$ grows like $d \\ln d$, "
           "as fast as the gap $\\sum_l \\ln d_l! \\approx d \\ln d$." if depth == 1 else
           f"Why: with {depth} hidden layers $S$ grows like $d^2$ while the gap $\\sum_l \\ln d_l!$ grows like "
           f"${depth} \\cdot d \\ln d$.")
    return f"{text} {why}"


def reduction_help(curves: dict[str, np.ndarray]) -> str:
    """A short help text for the headline metric: the definition and the shape over the widths drawn."""
    trend = reduction_trend(curves)
    return (r"$100\cdot(\ln N_{\text{base}} - \ln N_{\text{red}}) / \ln N_{\text{base}}$, for the two upper bounds. "
            f"Over {_span(curves)} at your "
            f"depth it {trend_sentence(trend, _percent)}.")


def absolute_volume_claim(curves: dict[str, np.ndarray], log10_absolute: float, B: float) -> str:
    """What the absolute volume (2B)^S/∏ d_l! does over the widths drawn, with its numbers.

    ``log10_absolute``: this network's value; ``B``: the box half-width.
    """
    trend = absolute_volume_trend(curves)
    sign = "above" if 2 * B > 1 else ("equal to" if 2 * B == 1 else "below")
    growth = {"above": "grows", "equal to": "stays 1", "below": "shrinks"}[sign]
    return (f"The meter reads the relative share. The absolute volume $(2B)^S/\\prod_l d_l!$ is "
            f"{power_of_ten(log10_absolute)} here; over {_span(curves)} at your depth it "
            f"{trend_sentence(trend, power_of_ten)}. With 2B = {2 * B:g} ({sign} 1), $(2B)^S$ {growth} as the "
            "parameter count $S$ grows, while $\\prod_l d_l!$ grows like $d^d$ per layer: which wins depends on "
            "B, the depth and the width.")


def group_order_text(hidden: Sequence[int]) -> str:
    """∏ d_l! over the hidden widths as text: the exact integer ('1,625,702,400') while it has at most
    FULL_DIGITS digits, else from its log10 ('3.47e+26039'). Never a rounded ratio: this is the factor
    summaries report [SUMMARY], an integer."""
    log10_order = sum(math.lgamma(d + 1) for d in hidden) / LN10
    if log10_order < FULL_DIGITS - 1:  # small enough to build exactly
        return f"{math.prod(math.factorial(d) for d in hidden):,}"
    return format_log10(log10_order)


def factor_text(current: MarkedNetwork) -> str:
    """N_base / N_red after the tie correction [RECON], e.g. '1,625,702,397.8' (a real number, not ∏ d_l!)."""
    return format_log10(current.log10_factor, digits=4)


def factor_sentence(current: MarkedNetwork) -> str:
    """The two factors side by side: ∏ d_l! exactly [SUMMARY] and the corrected ratio N_base/N_red [RECON].

    They differ because grid points with tied units have short orbits: the reduced bound adds back a
    correction Σ ln F (docs/theory.md#reduced-bound), so the ratio is a little below ∏ d_l!.
    """
    hidden = current.widths[1:-1]
    return (f"$\\prod_l d_l!$ = {group_order_text(hidden)} for your network, the factor summaries report "
            f"[SUMMARY]; after the tie correction the bound falls by $N_{{\\text{{base}}}}/N_{{\\text{{red}}}}$ ≈ "
            f"{factor_text(current)} [RECON]")


def width_alt(current: MarkedNetwork, depth: int, what: str, *, digits: bool) -> str:
    """The text alternative of a width figure, its numbers in the figure's own units.

    ``digits``: True for the digits view (log10 of the bounds on N, the axis it draws), False for the
    log view (ln N, nats). ``what``: what the figure draws.
    """
    widths = current.widths
    name = "-".join(map(str, widths)) if len(widths) <= 8 else f"{len(widths) - 2}-layer"
    if digits:
        values = (f"log10 of the bound on N {format_real(current.log10_baseline)} (baseline) and "
                  f"{format_real(current.log10_reduced)} (reduced), its digits")
    else:
        values = (f"bound on ln N {format_real(current.terms['log_baseline'])} (baseline) and "
                  f"{format_real(current.terms['log_reduced'])} (reduced)")
    return (f"{what} against hidden width 1 to 4,096 at your depth {depth}; your {name} network is marked: "
            f"{values}, {format_real(current.terms['relative_reduction_pct'], digits=3)} % less in the log.")


def saving_sentence(n_chosen: int, saving: dict[str, float]) -> str:
    """The sample-size reading in whole samples (core.bounds.generalisation.sample_size_saving's counts).

    Sample sizes are counts: the required n is rounded up and the saving is a difference of integers.
    """
    n_reduced, saved = int(saving["n_reduced"]), int(saving["saving"])
    share = 100 * saved / saving["n_baseline"]
    return (f"The reduced bound reaches the baseline's gap at n = {n_chosen:,} with {n_reduced:,} samples (the "
            f"required n, rounded up): {saved:,} fewer, {share:.3g} %.")
