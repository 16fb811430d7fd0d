"""The lesson's readouts and figures, one function per section. Reads a BoundsReport; computes nothing."""

from __future__ import annotations

import math

import streamlit as st

from core import bounds
from core.big_numbers import format_log10, format_real
from core.bounds_export import sample_size_csv, width_curves_csv
from core.figures.bounds_covering import log_covering_figure, raw_covering_figure
from core.figures.bounds_generalisation import generalisation_figure
from core.generalisation_curve import LOSS, is_vacuous

LN10 = math.log(10.0)
P = bounds.PROVENANCE


def tag(provenance: str) -> str:
    """'[RECON] our reconstruction …' -> '[RECON]', for a short label; the full text goes in help."""
    return provenance.split("]", 1)[0] + "]"


def provenance_legend() -> None:
    st.caption(
        "**Where each number comes from.** [PAPER] the paper's own text · [SUMMARY] the paper's claim as "
        "third-party summaries report it · [RECON] our reconstruction: correct mathematics consistent with "
        "the paper's claims, an illustrative bound, *not* the paper's exact theorem or constants · [OURS] our "
        "own addition. The paper's full text was not available to us; hover the (?) beside a number for the details."
    )


def headline(report) -> None:
    terms, s = report.current.terms, report.settings
    top = st.columns(3)
    top[0].metric("Parameters S", f"{int(terms['n_params']):,}", help="S = Σ d_{i+1}(d_i + 1), biases included.")
    top[1].metric(f"Grid size m = ⌈BΛ/ε⌉ {tag(P['grid_size'])}", format_log10(terms["log_grid_size"] / LN10),
                  help=f"{P['grid_size']}. Λ by the {s.method}: {format_log10(terms['log_lipschitz'] / LN10)}.")
    top[2].metric(f"Symmetry factor ∏ d_l! {tag(P['group_order'])}", format_log10(terms["log_group_order"] / LN10),
                  help=P["group_order"])
    low = st.columns(3)
    low[0].metric(f"ln N, baseline {tag(P['covering_baseline'])}", format_real(terms["log_baseline"]),
                  help=P["covering_baseline"])
    low[1].metric(f"ln N, reduced {tag(P['covering_reduced'])}", format_real(terms["log_reduced"]),
                  help=P["covering_reduced"])
    low[2].metric(f"Relative reduction of ln N {tag(P['covering_reduced'])}",
                  f"{format_real(terms['relative_reduction_pct'], digits=3)} %",
                  help="100 · (ln N_base − ln N_red) / ln N_base: small, and shrinking with width.")


def covering_views(report) -> None:
    curves, current, trained = report.curves, report.current, report.trained
    log_tab, raw_tab = st.tabs(["Log-covering number (what bounds use)", "Raw covering number (digits)"])
    with log_tab:
        st.plotly_chart(log_covering_figure(curves, current, trained), key="bounds.log_view")
        st.caption(
            f"{tag(P['covering_reduced'])} Both curves are our reconstruction (illustrative, not the paper's exact "
            "theorem); that symmetry shrinks the covering number by d₁!···d_L! is the paper's claim [SUMMARY]. "
            "The shaded gap is Σ ln d_l! minus a tiny correction for tied units. It grows like d ln d per layer "
            "while ln N grows like d² ln m, so the relative reduction (dashed, right axis) is modest and shrinks "
            f"with width: {format_real(current.terms['relative_reduction_pct'], digits=3)} % for your network, "
            f"{format_real(curves['relative_reduction_pct'][-1], digits=3)} % at width 4,096."
        )
    with raw_tab:
        st.plotly_chart(raw_covering_figure(curves, current, trained), key="bounds.raw_view")
        st.caption(
            f"{tag(P['covering_reduced'])} The same bounds counted in digits. The factor N_base / N_red ≈ ∏ d_l! "
            f"is astronomical, {format_log10(current.log10_factor)} for your network and "
            f"{format_log10(curves['log10_factor'][-1])} at width 4,096: an astronomically smaller covering "
            "number, and yet only a modestly smaller log-covering number (previous tab)."
        )


def generalisation_panel(report) -> None:
    gen = report.generalisation
    chart, numbers = st.columns([3, 2])
    chart.plotly_chart(generalisation_figure(gen), key="bounds.generalisation")
    base, reduced = gen.at_n
    numbers.metric(f"Gap bound at n = {gen.n_chosen:,}, baseline", format_real(base, digits=5),
                   help=P["generalisation_gap"])
    numbers.metric(f"… with the reduction {tag(P['generalisation_gap'])}", format_real(reduced, digits=5),
                   delta=f"{format_real(reduced - base, digits=3)}", delta_color="inverse",
                   help=P["generalisation_gap"])
    if gen.saving is not None:
        saved = gen.saving["saving"]
        numbers.metric(f"Samples saved {tag(P['sample_size_saving'])}", format_real(saved, digits=4),
                       help=P["sample_size_saving"])
        numbers.caption(f"The reduced bound reaches the baseline's gap at n = {gen.n_chosen:,} with "
                        f"{format_real(gen.saving['n_reduced'], digits=6)} samples: "
                        f"{format_real(100 * saved / gen.saving['n_baseline'], digits=3)} % fewer.")
    else:
        numbers.caption(f"No sample-size reading here: {gen.saving_reason}.")
    if is_vacuous(base):
        st.warning(f"At n = {gen.n_chosen:,} both bounds exceed M = {LOSS['loss_range']:g}, the largest possible "
                   "loss: they say nothing yet. Raise n or shrink the network to see them bite.")
    st.caption(f"{tag(P['generalisation_gap'])} gap ≤ 2ℓε + M·√((ln N + ln(2/η)) / (2n)), Hoeffding plus a union "
               f"bound over the cover, with M = {LOSS['loss_range']:g}, ℓ = {LOSS['loss_lipschitz']:g}, "
               f"η = {LOSS['delta']:g}. Only ln N differs between the two curves.")


def downloads(report) -> None:
    left, right, _ = st.columns([1, 1, 2])
    left.download_button("Curves vs width (CSV)", width_curves_csv(report.curves, P["covering_reduced"]),
                         file_name="covering_vs_width.csv", mime="text/csv", key="bounds.csv_width",
                         icon=":material/download:")
    right.download_button("Gap vs n (CSV)", sample_size_csv(report.generalisation, P["generalisation_gap"]),
                          file_name="gap_vs_n.csv", mime="text/csv", key="bounds.csv_n",
                          icon=":material/download:")
    st.caption("PNG of any chart: the camera icon in the chart's toolbar (top right of the chart, on hover).")
