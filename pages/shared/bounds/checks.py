"""Exact checks beside the formulas: the orbit counter and the effective-volume meter."""

from __future__ import annotations

import math

import streamlit as st

from core.big_numbers import format_fraction, format_int, format_log10, latex_log10, log10_exact
from core.bounds import claims, covering, orbits
from core.figures.bounds_volume import volume_figure
from pages.shared import plain_words, scene_figure
from pages.shared.bounds.panels import explain, source_legend, source_table, tag, tag_text
from pages.shared.charts import show
from pages.shared.theory_link import theory_link

LN10 = math.log(10.0)


def _row(quantity: str, exact, log10_value: float, source: str) -> dict:
    shown = format_log10(log10_value) if exact is None else (
        format_int(exact) if isinstance(exact, int) else format_fraction(exact))
    return {"quantity": quantity, "value": shown, "log10": f"{log10_value:,.3f}", "source": source}


def _orbit_rows(comparison) -> list[dict]:
    c, exact = comparison, comparison.exact is not None
    rows = [
        _row("grid networks mˢ", c.grid, c.log10_grid, tag_text(covering.PROVENANCE["grid_size"]) + " grid"),
        _row("mˢ / |G| (plain division: NOT a bound)", c.naive, c.log10_naive,
             tag_text(orbits.PROVENANCE["naive_orbit_estimate"])),
    ]
    if exact:
        rows.append(_row("exact orbits (distinct up to permutations)", c.exact, log10_exact(c.exact),
                         tag_text(orbits.PROVENANCE["exact_orbit_count"]) + " Burnside, exact"))
    rows.append(_row("our upper bound (with the tie correction)", None, c.log10_bound,
                     tag_text(covering.PROVENANCE["orbit_upper_bound"])))
    if c.signed_exact is not None:
        rows.append(_row("exact orbits with sign flips too", c.signed_exact, log10_exact(c.signed_exact),
                         tag_text(orbits.PROVENANCE["exact_signed_orbit_count"])))
    return rows


def _short_orbit_rule(c) -> str:
    """When an orbit is short, in words, with this grid's count where we have it exactly."""
    if c.short_orbits is not None:
        return (f"With one hidden layer that happens exactly when two hidden units agree in their incoming weights, "
                f"bias *and* outgoing weights; equal incoming weights alone are not enough, because the swap also "
                f"exchanges the outgoing weights. Here {format_int(c.short_orbits)} of the "
                f"{format_int(c.grid)} grid networks have a short orbit.")
    return ("Two hidden units of one layer that agree in incoming weights, bias *and* outgoing weights are "
            "one way (equal incoming weights alone are not enough: the swap also exchanges the outgoing "
            "weights); with several hidden layers a relabelling that moves more than one layer at once can "
            "also leave the network unchanged.")


def orbit_panel(report) -> None:
    c = report.orbits
    rows = _orbit_rows(c)
    with scene_figure.place("bounds.orbits"):  # the count-orbits scene shows the table beside its text
        st.dataframe(source_table(rows), hide_index=True, key="bounds.orbit_table",
                     column_config={"quantity": st.column_config.TextColumn(width="large")})
    source_legend(rows)
    m_cover = format_log10(report.current.terms["log_grid_size"] / LN10)
    plain_words.caption(f"A deliberately coarse grid: m = {c.m} values per parameter (sidebar), "
                        f"{c.n_params:,} parameters, "
                        f"$|G| = \\prod_l d_l!$ = {format_log10(c.log10_group)}. The covering bound above uses m = "
                        f"{m_cover}.")
    if c.exact is None:
        st.info(f"No exact count here: {c.reason}. The bound still holds: at most "
                f"{format_log10(c.log10_bound)} orbits, against $m^S/|G|$ = {format_log10(c.log10_naive)}.")
        return
    plain_words.markdown(
        f"**Why plain division is not a bound.** $m^S/|G|$ assumes every grid network has $|G|$ distinct "
        f"relabellings. A grid network that some relabelling *other than the identity* leaves unchanged has "
        f"fewer: its orbit is short. {_short_orbit_rule(c)} So there are *more* orbits than $m^S/|G|$: here "
        f"{c.excess_over_naive_pct:,.3g} % more. Our bound multiplies by a correction $\\prod_l F_{{d_l}}$ "
        "that "
        "covers them. "
        f"{theory_link('orbit-count')}"
    )
    if c.signed_reason:
        plain_words.caption(f"With sign flips: {c.signed_reason}.")


def volume_panel(report) -> None:
    v, s = report.volume, report.settings
    formula, check = st.columns(2)
    with formula:
        exponent = f"{v.log10_fraction:,.3f}".replace(",", "{,}")  # a comma in KaTeX needs braces
        st.metric(f"Effective share of parameter space {tag(covering.PROVENANCE['effective_fraction'])}",
                  f"$10^{{{exponent}}}$", help=explain(covering.PROVENANCE["effective_fraction"]))
        whole = latex_log10(-v.log10_fraction)
        st.latex(rf"r = \frac{{1}}{{\prod_l d_l!}} = \frac{{1}}{{{whole}}} = 10^{{{exponent}}}")
        if not math.isnan(v.log10_fraction_signed):
            plain_words.caption(f"With the sign flips of an odd activation: $1/\\prod_l 2^{{d_l}} d_l!$ = "
                                f"{claims.power_of_ten(v.log10_fraction_signed)} "
                                f"{tag(covering.PROVENANCE['sign_flip_group_order'])}.")
        plain_words.caption(claims.absolute_volume_claim(report.curves, v.log10_absolute, s.B) + " "
                            + theory_link("effective-volume"))
    with check:
        mc = v.monte_carlo
        if mc is None:
            st.info(f"Monte Carlo check skipped: {v.mc_reason}.")
        else:
            inside = mc.low <= mc.exact <= mc.high
            st.metric(f"Monte Carlo share {tag(covering.PROVENANCE['monte_carlo_fraction'])}", f"{mc.estimate:.5g}",
                      help=explain(covering.PROVENANCE["monte_carlo_fraction"]))
            plain_words.caption(f"{mc.n_inside:,} of {mc.n_samples:,} uniform θ in $[-{s.B:g}, {s.B:g}]^S$ have "
                                f"every hidden "
                                f"layer's biases in decreasing order. Wilson 95% interval [{mc.low:.5g}, "
                                f"{mc.high:.5g}]; the "
                                f"formula's {mc.exact:.5g} is "
                                f"{'inside ✓' if inside else 'outside (expected 1 time in 20)'}. "
                                f"Seed {s.mc_seed}.")
    show(volume_figure(report.curves, report.current, report.trained), "bounds.volume",
         name="effective share of parameter space vs width",
         alt=f"How many powers of ten the effective share $r = 1/\\prod_l d_l!$ falls below 1, against hidden width "
             f"1 to 4,096 (sign flips dashed); your network's share is {claims.power_of_ten(v.log10_fraction)}.")
