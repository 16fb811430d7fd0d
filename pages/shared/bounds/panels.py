"""The lesson's readouts and figures, one function per section. Reads a BoundsReport; computes nothing."""

from __future__ import annotations

import math
import re

import pandas as pd
import streamlit as st

from core.big_numbers import format_log10, format_real
from core.bounds import claims, covering
from core.bounds.export import sample_size_table, width_curves_table
from core.bounds.generalisation import LOSS, is_vacuous
from core.exports.stamp import stamped_csv
from core.figures.bounds_covering import log_covering_figure, raw_covering_figure
from core.figures.bounds_generalisation import generalisation_figure
from core.links.bounds import LOG_VIEW, RAW_VIEW
from pages.shared import plain_words
from pages.shared.charts import show
from pages.shared.theory_link import theory_link
from pages.shared.url_sync import provenance

LN10 = math.log(10.0)
P = covering.PROVENANCE


def tag_text(provenance: str) -> str:
    """'[RECON] our reconstruction …' -> '[RECON]', for a table cell (shown through ``source_cells``)."""
    return provenance.split("]", 1)[0] + "]"


def tag(provenance: str) -> str:
    """'[RECON] our reconstruction …' -> '[RECON]', for a short label (a ⓘ with plain words on); the full text
    goes in help."""
    return plain_words.prose(tag_text(provenance))


def source_table(rows: list[dict]) -> pd.DataFrame:
    """Table rows as shown: with plain words on, the "source" cells' tags as short words ('[RECON] grid' ->
    'reconstruction grid'); ``source_legend`` says what they mean."""
    return pd.DataFrame([{**row, "source": plain_words.table_source(row["source"])} for row in rows])


def source_legend(rows: list[dict]) -> None:
    """Under a table made by ``source_table``, with plain words on: what its source words mean."""
    plain_words.source_legend([row["source"] for row in rows])


def explain(provenance: str) -> str:
    """A provenance string for a (?) tooltip, its references into docs/theory.md as links to the Theory page."""
    return re.sub(r"docs/theory\.md#([a-z-]+)", lambda match: theory_link(match.group(1)), provenance)


def provenance_legend() -> None:
    if plain_words.active():  # the tags are ⓘ marks: say how to read them, the full legend is a click away
        plain_words.caption(f"**Where each number comes from:** hover or tap the {plain_words.MARK} beside it "
                            f"({theory_link('provenance-labels')}). $N_{{\\text{{base}}}}$ and $N_{{\\text{{red}}}}$ "
                            "are two *upper "
                            "bounds* on the covering number N(ε) of the same class of functions.")
        return
    plain_words.caption(
        "**Where each number comes from.** [PAPER] what the paper's abstract says · [SUMMARY] the paper's "
        "claim as "
        "third-party summaries report it · [RECON] our reconstruction: correct mathematics consistent with "
        "the paper's claims, an illustrative bound, *not* the paper's exact theorem or constants · [OURS] our "
        "own addition. The paper's full text was not available to us; hover the (?) beside a number for "
        "the details, "
        f"and see {theory_link('provenance-labels')}. $N_{{\\text{{base}}}}$ and $N_{{\\text{{red}}}}$ "
        "are two *upper bounds* "
        "on the "
        "covering number N(ε) of the same class of functions: the class, and so N(ε) itself, is the same "
        "however it is "
        "parameterised."
    )


def headline(report) -> None:
    terms, s = report.current.terms, report.settings
    top = st.columns(3)
    top[0].metric("Parameters S", f"{int(terms['n_params']):,}",
                  help=r"$S = \sum_i d_{i+1}(d_i + 1)$, biases included.")
    top[1].metric(f"Grid size m = ⌈BΛ/ε⌉ {tag(P['grid_size'])}", format_log10(terms["log_grid_size"] / LN10),
                  help=f"{explain(P['grid_size'])}. Λ by the {s.method}: "
                       f"{format_log10(terms['log_lipschitz'] / LN10)}.")
    top[2].metric(f"Symmetry factor $\\prod_l d_l!$ {tag(P['group_order'])}",
                  claims.group_order_text(s.widths[1:-1]), help=explain(P["group_order"]))
    low = st.columns(3)
    low[0].metric(f"ln N bound, baseline {tag(P['covering_baseline'])}", format_real(terms["log_baseline"]),
                  help=explain(P["covering_baseline"]))
    low[1].metric(f"ln N bound, reduced {tag(P['covering_reduced'])}", format_real(terms["log_reduced"]),
                  help=explain(P["covering_reduced"]))
    low[2].metric(f"Relative reduction of the ln N bound {tag(P['covering_reduced'])}",
                  f"{format_real(terms['relative_reduction_pct'], digits=3)} %",
                  help=claims.reduction_help(report.curves))


def trained_box_warning(report) -> None:
    """Warn when the Train lesson's network lies outside the box the curves are computed for."""
    if report.trained is not None and report.trained.box_warning:
        st.warning(report.trained.box_warning, icon=":material/warning:")


def _width_alt(report, what: str, *, digits: bool = False) -> str:
    return claims.width_alt(report.current, report.settings.depth, what, digits=digits)


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
    show(log_covering_figure(curves, current, report.trained, plain=plain_words.active()), "bounds.log_view",
         name="log-covering number bounds vs width", table=table,
         alt=_width_alt(report, "Baseline and reduced upper bounds on the log-covering number, their shaded gap "
                                "and the relative reduction (dashed, right axis)"))
    plain_words.detail(
        f"{tag(P['covering_reduced'])} Both curves are upper bounds on ln N(ε), our reconstruction "
        "(illustrative, "
        "not the paper's exact theorem). The covering number itself belongs to the class of functions and "
        "does "
        "not change; what symmetry changes is this grid-based *bound*, divided by about $d_1!\\cdots d_L!$: "
        f"{claims.factor_sentence(current)}. The shaded gap is "
        f"$\\sum_l \\ln d_l!$ minus a correction for tied units: "
        f"{format_real(current.terms['log_group_order'], digits=4)} "
        f"minus {format_real(current.terms['log_correction'], digits=3)} for your network. "
        f"{claims.reduction_claim(curves, report.settings.depth)} Your network: "
        f"{format_real(current.terms['relative_reduction_pct'], digits=3)} %. "
        f"{theory_link('relative-reduction')}"
    )


def _raw_view(report, table) -> None:
    curves, current = report.curves, report.current
    show(raw_covering_figure(curves, current, report.trained, plain=plain_words.active()), "bounds.raw_view",
         name="covering number bound digits vs width", table=table,
         alt=_width_alt(report, "Baseline and reduced upper bounds on the covering number in digits (log10) and "
                                f"the factor between them, {claims.factor_text(current)} for your network,",
                        digits=True))
    plain_words.detail(
        f"{tag(P['covering_reduced'])} The same two upper bounds counted in digits. "
        f"{claims.factor_sentence(current)}; at width 4,096 the factor is "
        f"{format_log10(curves['log10_factor'][-1])}. The bound is divided by that factor, not the "
        "covering number itself; the log of the bound, which is what generalisation bounds use, is "
        f"{format_real(current.terms['relative_reduction_pct'], digits=3)} % lower here (previous tab). "
        f"{theory_link('reduced-bound')}"
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
    show(generalisation_figure(gen, plain=plain_words.active()), "bounds.generalisation",
         name="generalisation gap vs n", container=chart,
         table=sample_size_table(gen),
         alt=f"Generalisation gap bound against sample size n, with baseline and reduced ln N (dashed): at "
             f"n = {gen.n_chosen:,} they are {format_real(base, digits=5)} and {format_real(reduced, digits=5)}.")
    numbers.metric(f"Gap bound at n = {gen.n_chosen:,}, baseline", format_real(base, digits=5),
                   help=explain(P["generalisation_gap"]))
    numbers.metric(f"… with the reduction {tag(P['generalisation_gap'])}", format_real(reduced, digits=5),
                   delta=f"{format_real(reduced - base, digits=3)}", delta_color="inverse",
                   help=explain(P["generalisation_gap"]))
    if gen.saving is not None:
        numbers.metric(f"Samples saved {tag(P['sample_size_saving'])}", f"{gen.saving['saving']:,}",
                       help=explain(P["sample_size_saving"]))
        numbers.caption(claims.saving_sentence(gen.n_chosen, gen.saving))
    else:
        numbers.caption(f"No sample-size reading here: {gen.saving_reason}.")
    if is_vacuous(base):
        st.warning(f"At n = {gen.n_chosen:,} both bounds exceed M = {LOSS['loss_range']:g}, the largest possible "
                   "loss: they say nothing yet. Raise n or shrink the network to see them bite.")
    plain_words.caption(f"{tag(P['generalisation_gap'])} $\\text{{gap}} \\le 2\\ell\\varepsilon + "
                        "M\\sqrt{(\\ln N + \\ln(2/\\eta))/(2n)}$, Hoeffding plus a union "
                        f"bound over the cover, with $M = {LOSS['loss_range']:g}$, $\\ell = "
                        f"{LOSS['loss_lipschitz']:g}$, "
                        f"$\\eta = {LOSS['delta']:g}$. Only the bound used for ln N differs between the two curves. "
                        f"{theory_link('generalisation-gap')}")


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
    plain_words.caption("Each file starts with this view's link and seeds. Every chart's own Export menu gives PNG, "
                        "SVG, "
                        "HTML and CSV.")
