"""The formula panel: each formula with the person's numbers plugged in, each term explained below it."""

from __future__ import annotations

import math

import streamlit as st

from core.big_numbers import latex_log10, latex_real
from core.bounds import covering
from core.bounds.generalisation import LOSS
from pages.shared import plain_words
from pages.shared.bounds.panels import tag
from pages.shared.theory_link import theory_link

LN10 = math.log(10.0)
P = covering.PROVENANCE


def _int(value: int) -> str:
    """12345 -> '12{,}345': a thousands comma LaTeX does not space as punctuation."""
    return f"{value:,}".replace(",", "{,}")


def _parameter_sum(widths) -> str:
    """'4·3 + 4·5 + 1·5' for short networks, the bare symbol sum for long ones."""
    if len(widths) > 5:
        return r"\cdots"
    return " + ".join(rf"{d_out}\cdot {d_in + 1}" for d_in, d_out in zip(widths[:-1], widths[1:]))


def _lines(*lines: str) -> str:
    """Several lines aligned at their '&': long formulas stay within the column at any width (4,096 too)."""
    return r"\begin{aligned}" + r" \\ ".join(lines) + r"\end{aligned}"


def formula_rows(report) -> list[tuple[str, str]]:
    """(LaTeX, caption) for each formula with the person's numbers; pure, so tests can read every line."""
    s, t = report.settings, report.current.terms
    gen, volume = report.generalisation, report.volume
    S, lam = int(t["n_params"]), latex_log10(t["log_lipschitz"] / LN10)
    log_n, ln2eta = t["log_reduced"], math.log(2 / LOSS["delta"])
    return [
        (_lines(r"S &= \sum_{i=0}^{L} d_{i+1}(d_i+1)", rf"&= {_parameter_sum(s.widths)} = {_int(S)}"),
         r"S: every weight and bias (biases included); $d_0$ inputs, $d_1, \dots, d_L$ hidden units, one output "
         r"layer."),
        (_lines(r"m &= \left\lceil \frac{B\,\Lambda}{\varepsilon} \right\rceil",
                rf"&= \left\lceil \frac{{{s.B:g}\cdot {lam}}}{{{s.eps:g}}} \right\rceil = "
                rf"{latex_log10(t['log_grid_size'] / LN10)}"),
         f"{tag(P['grid_size'])} Λ: the Lipschitz constant of $\\theta \\mapsto f_\\theta$, how far the function "
         "can move (sup over "
         f"inputs in $[-1, 1]^{{d_0}}$) when no parameter moves by more than 1 (by the {s.method}). A grid of m values "
         "per parameter puts every network in the box within ε of a grid network. "
         f"{theory_link('lipschitz-constant')}"),
        (_lines(r"\ln N_{\text{base}} &= S \ln m",
                rf"&= {_int(S)} \times {latex_real(t['log_grid_size'])} = {latex_real(t['log_baseline'])}"),
         f"{tag(P['covering_baseline'])} An upper bound by parameter counting: one function per grid point. "
         f"{theory_link('baseline-bound')}"),
        (_lines(r"\ln N_{\text{red}} &= S\ln m - \sum_l \ln d_l!",
                r"&\quad + \sum_l \ln F_{d_l}\!\left(m^{-(d_{l-1}+1)/2}\right)",
                rf"&= {latex_real(t['log_baseline'])} - {latex_real(t['log_group_order'])}",
                rf"&\quad + {latex_real(t['log_correction'])}",
                rf"&= {latex_real(t['log_reduced'])}"),
         f"{tag(P['covering_reduced'])} A second upper bound on the same covering number. $\\sum_l \\ln d_l!$: "
         "relabelling "
         "hidden units gives the same function, so one grid point per orbit is enough (the factor summaries "
         f"report [SUMMARY]). Σ ln F: {tag(P['correction_factor'])} the correction for grid networks that a "
         f"relabelling leaves unchanged, whose orbits are shorter. {theory_link('reduced-bound')}"),
        (_lines(r"&100\cdot\frac{\ln N_{\text{base}} - \ln N_{\text{red}}}{\ln N_{\text{base}}}",
                rf"&= {latex_real(t['relative_reduction_pct'], digits=3)}\,\%"),
         "The relative reduction: the share of the log-covering bound that the symmetry removes. "
         f"{theory_link('relative-reduction')}"),
        (_lines(r"\log_{10} r &= -\sum_l \log_{10} d_l!", rf"&= {latex_real(volume.log10_fraction)}"),
         f"{tag(P['effective_fraction'])} r: the share of the box that one representative per orbit occupies. "
         f"{theory_link('effective-volume')}"),
        (_lines(r"\text{gap} &\le 2\ell\varepsilon + M\sqrt{\frac{\ln N + \ln(2/\eta)}{2n}}",
                rf"&= 2\cdot {LOSS['loss_lipschitz']:g}\cdot {s.eps:g} + {LOSS['loss_range']:g}"
                rf"\sqrt{{\frac{{{latex_real(log_n)} + {latex_real(ln2eta)}}}{{2\cdot {_int(s.n)}}}}}",
                rf"&= {latex_real(gen.at_n[1], digits=5)}"),
         f"{tag(P['generalisation_gap'])} With the reduced bound for ln N; ℓ: the loss's Lipschitz constant, M: its "
         f"range, η: the failure probability, n: the sample size. {theory_link('generalisation-gap')}"),
    ]


def formula_panel(report) -> None:
    for latex, caption in formula_rows(report):
        st.latex(latex)
        plain_words.caption(caption)
