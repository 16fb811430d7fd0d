"""The formula panel: each formula with the person's numbers plugged in, each term explained below it."""

from __future__ import annotations

import math

import streamlit as st

from core.big_numbers import latex_log10, latex_real
from core.bounds import covering
from core.bounds.generalisation import LOSS
from pages.shared.bounds.panels import tag

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


def formula_panel(report) -> None:
    s, t = report.settings, report.current.terms
    gen, volume = report.generalisation, report.volume
    S, lam = int(t["n_params"]), latex_log10(t["log_lipschitz"] / LN10)
    st.latex(rf"S = \sum_{{i=0}}^{{L}} d_{{i+1}}(d_i+1) = {_parameter_sum(s.widths)} = {_int(S)}")
    st.caption("S: every weight and bias (biases included); d₀ inputs, d₁…d_L hidden units, one output layer.")
    st.latex(rf"m = \left\lceil \frac{{B\,\Lambda}}{{\varepsilon}} \right\rceil = "
             rf"\left\lceil \frac{{{s.B:g}\cdot {lam}}}"
             rf"{{{s.eps:g}}} \right\rceil = {latex_log10(t['log_grid_size'] / LN10)}")
    st.caption(f"{tag(P['grid_size'])} Λ: how far f_θ can move when every parameter moves by 1 (by the {s.method}, "
               "paper.md §3.2); a grid of m values per parameter, spaced so the functions it yields are ε-close "
               "to every network in the box.")
    st.latex(rf"\ln N_{{\text{{base}}}} = S \ln m = {_int(S)} \times {latex_real(t['log_grid_size'])} = "
             rf"{latex_real(t['log_baseline'])}")
    st.caption(f"{tag(P['covering_baseline'])} Parameter counting: one function per grid point.")
    st.latex(rf"\ln N_{{\text{{red}}}} = S\ln m - \sum_l \ln d_l! + "
             rf"\sum_l \ln F_{{d_l}}\!\left(m^{{-(d_{{l-1}}+1)/2}}\right)"
             rf" = {latex_real(t['log_baseline'])} - {latex_real(t['log_group_order'])} + "
             rf"{latex_real(t['log_correction'])} = {latex_real(t['log_reduced'])}")
    st.caption(f"{tag(P['covering_reduced'])} Σ ln d_l!: relabelling hidden units gives the same function, so one grid "
               f"point per orbit is enough (the paper's factor [SUMMARY]). Σ ln F: {tag(P['correction_factor'])} "
               "the correction for grid points with tied units, whose orbits are shorter.")
    st.latex(rf"100\cdot\frac{{\ln N_{{\text{{base}}}} - \ln N_{{\text{{red}}}}}}{{\ln N_{{\text{{base}}}}}} = "
             rf"{latex_real(t['relative_reduction_pct'], digits=3)}\,\%")
    st.caption("The relative reduction: the share of the log-covering number the symmetry removes.")
    st.latex(rf"\log_{{10}} r = -\sum_l \log_{{10}} d_l! = {latex_real(volume.log10_fraction)}")
    st.caption(f"{tag(P['effective_fraction'])} r: the share of the box that one representative per orbit occupies.")
    log_n, ln2eta = t["log_reduced"], math.log(2 / LOSS["delta"])
    st.latex(rf"\text{{gap}} \le 2\ell\varepsilon + M\sqrt{{\frac{{\ln N + \ln(2/\eta)}}{{2n}}}} = "
             rf"2\cdot {LOSS['loss_lipschitz']:g}\cdot {s.eps:g} + "
             rf"{LOSS['loss_range']:g}\sqrt{{\frac{{{latex_real(log_n)}"
             rf" + {latex_real(ln2eta)}}}{{2\cdot {_int(s.n)}}}}} = {latex_real(gen.at_n[1], digits=5)}")
    st.caption(f"{tag(P['generalisation_gap'])} With ln N reduced; ℓ: the loss's Lipschitz constant, M: its range, "
               "η: the failure probability, n: the sample size.")
