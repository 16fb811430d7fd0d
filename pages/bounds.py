"""Lesson "Count functions, not weights": the covering-number bound as width changes.

Thin page: sidebar controls -> one cached core call (core.bounds.report) -> figures and readouts.
Every control is in the page's link (core/links/bounds.py); guided scenes are core/scenes/bounds.py.
"""

import streamlit as st

from core.bounds.settings import settings_from_controls
from pages.shared.app_entry import run_through_app
from pages.shared.bounds import cached as bounds_cached
from pages.shared.bounds.checks import orbit_panel, volume_panel
from pages.shared.bounds.controls import bounds_controls, trained_network
from pages.shared.bounds.extensions import extensions_calculator
from pages.shared.bounds.formulas import formula_panel
from pages.shared.bounds.panels import (
    covering_views,
    downloads,
    generalisation_panel,
    headline,
    provenance_legend,
    section,
)
from pages.shared.guard import shown_errors
from pages.shared.page_setup import start_page

run_through_app()

st.title("Count functions, not weights")
link = start_page("bounds")
st.markdown(
    "Relabelling the hidden units of a network gives **the same function**. So a cover of the network class "
    "needs one grid point per *orbit*, not per weight vector, and the covering number shrinks by the factor "
    "**d₁!·d₂!···d_L!**: the paper's claim [SUMMARY]. Here you can see how big that factor is, and how little "
    "it changes the log-covering number that enters generalisation bounds."
)
provenance_legend()
trained = trained_network()
raw = bounds_controls(link, trained)
# Every other control's value is already in session state at the top of a run, so the link is
# complete here; committing before the figures lets their exports carry this run's link.
link.commit()

with shown_errors():
    settings = settings_from_controls(**raw)
    report = bounds_cached.report(settings, trained)

    headline(report)
    st.subheader("The bound as width changes")
    covering_views(link, report)
    formulas = section(link, "formulas", "The formulas, with your numbers", icon=":material/function:")
    if formulas is not None:
        with formulas:
            formula_panel(report)

    st.subheader("Count the orbits of a small grid exactly")
    orbit_panel(report)

    st.subheader("The effective volume of parameter space")
    st.caption("The paper's optimisation claim [PAPER]: as width grows, the effective parameter space — one "
               "representative per set of relabelled copies — takes a vanishing share of the whole.")
    volume_panel(report)

    st.subheader("What it buys in generalisation")
    generalisation_panel(report)

    st.subheader("Beyond fully connected networks")
    extensions = section(link, "ext", "Extensions calculator: CNN, ResNet, attention [RECON]",
                         icon=":material/calculate:")
    if extensions is not None:
        with extensions:
            extensions_calculator(link, report)

    st.subheader("Export")
    downloads(report)
