"""The lesson's readouts and figures, one function per section. Reads a BoundsReport; computes nothing."""

from __future__ import annotations

import math

import streamlit as st

from core.big_numbers import format_log10, format_real
from core.bounds import covering
from core.bounds.export import sample_size_table, width_curves_table
from core.bounds.generalisation import LOSS, is_vacuous
from core.exports.stamp import stamped_csv
from core.figures.bounds_covering import log_covering_figure, raw_covering_figure
from core.figures.bounds_generalisation import generalisation_figure
from core.links.bounds import LOG_VIEW, RAW_VIEW
from pages.shared.charts import show
from pages.shared.url_sync import provenance

LN10 = math.log(10.0)
P = covering.PROVENANCE


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


def _width_alt(report, what: str) -> str:
    terms, widths = report.current.terms, report.settings.widths
    return (f"{what} against hidden width 1 to 4,096 at your depth {report.settings.depth}; your "
            f"{'-'.join(map(str, widths)) if len(widths) <= 8 else f'{len(widths) - 2}-layer'} network is marked: "
            f"ln N {format_real(terms['log_baseline'])} (baseline) and {format_real(terms['log_reduced'])} "
            f"(reduced), {format_real(terms['relative_reduction_pct'], digits=3)} % less.")


def section(link, name: str, label: str, **kwargs):
    """An expander whose open/closed state is in the link. When a teacher's link hides it, it is
    fixed as the link says: open shows the contents plainly, closed leaves them out (None)."""
    if name in link.hidden:
        return st.container() if link.value(name) else None
    return link.control(name, st.expander, label, on_change="rerun", **kwargs)


def _view_tabs(link):
    """The two views as tabs, or, when a link hides the choice, only the view it names."""
    return link.tabs("view", (LOG_VIEW, RAW_VIEW))


def _log_view(report, table) -> None:
    curves, current = report.curves, report.current
    show(log_covering_figure(curves, current, report.trained), "bounds.log_view", name="log-covering number vs width",
         table=table, alt=_width_alt(report, "Baseline and reduced log-covering numbers, their shaded gap and "
                                             "the relative reduction (dashed, right axis)"))
    st.caption(
        f"{tag(P['covering_reduced'])} Both curves are our reconstruction (illustrative, not the paper's exact "
        "theorem); that symmetry shrinks the covering number by d₁!···d_L! is the paper's claim [SUMMARY]. "
        "The shaded gap is Σ ln d_l! minus a tiny correction for tied units. It grows like d ln d per layer "
        "while ln N grows like d² ln m, so the relative reduction (dashed, right axis) is modest and shrinks "
        f"with width: {format_real(current.terms['relative_reduction_pct'], digits=3)} % for your network, "
        f"{format_real(curves['relative_reduction_pct'][-1], digits=3)} % at width 4,096."
    )


def _raw_view(report, table) -> None:
    curves, current = report.curves, report.current
    show(raw_covering_figure(curves, current, report.trained), "bounds.raw_view",
         name="covering number digits vs width", table=table,
         alt=_width_alt(report, "Baseline and reduced covering numbers in digits (log10) and the factor between "
                                f"them, {format_log10(current.log10_factor)} for your network,"))
    st.caption(
        f"{tag(P['covering_reduced'])} The same bounds counted in digits. The factor N_base / N_red ≈ ∏ d_l! "
        f"is astronomical, {format_log10(current.log10_factor)} for your network and "
        f"{format_log10(curves['log10_factor'][-1])} at width 4,096: an astronomically smaller covering "
        "number, and yet only a modestly smaller log-covering number (previous tab)."
    )


def covering_views(link, report) -> None:
    table = width_curves_table(report.curves)
    for tab, draw in zip(_view_tabs(link), (_log_view, _raw_view)):
        if tab is not None:
            with tab:
                draw(report, table)


def generalisation_panel(report) -> None:
    gen = report.generalisation
    chart, numbers = st.columns([3, 2])
    base, reduced = gen.at_n
    show(generalisation_figure(gen), "bounds.generalisation", name="generalisation gap vs n", container=chart,
         table=sample_size_table(gen),
         alt=f"Generalisation gap bound against sample size n, with baseline and reduced ln N (dashed): at "
             f"n = {gen.n_chosen:,} they are {format_real(base, digits=5)} and {format_real(reduced, digits=5)}.")
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


def stamped_table_csv(table, what: str, link: str, seeds: dict) -> str:
    """CSV with what the numbers are, then the view's link and seeds (pandas reads it with comment='#')."""
    return f"# {what}\n" + stamped_csv(table, link, seeds)


def downloads(report) -> None:
    origin = provenance()  # read now, in the script run: the callables below run when a button is pressed
    link, seeds = origin["link"], origin["seeds"]
    left, right, _ = st.columns([1, 1, 2])
    left.download_button("Curves vs width (CSV)", lambda: stamped_table_csv(width_curves_table(report.curves),
                                                                            P["covering_reduced"], link, seeds),
                         file_name="covering_vs_width.csv", mime="text/csv", key="bounds.csv_width",
                         icon=":material/download:", on_click="ignore")
    right.download_button("Gap vs n (CSV)", lambda: stamped_table_csv(sample_size_table(report.generalisation),
                                                                      P["generalisation_gap"], link, seeds),
                          file_name="gap_vs_n.csv", mime="text/csv", key="bounds.csv_n",
                          icon=":material/download:", on_click="ignore")
    st.caption("Each file starts with this view's link and seeds. Every chart's own Export menu gives PNG, SVG, "
               "HTML and CSV.")
