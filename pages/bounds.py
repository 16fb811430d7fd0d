"""Lesson "Count functions, not weights": the covering-number bound as width changes.

Thin page: sidebar controls -> one cached core call (core.bounds.report) -> figures and readouts.
Every control is in the page's link (core/links/bounds.py); guided scenes are core/scenes/bounds.py.
"""

import streamlit as st

from core.bounds import claims
from core.bounds.settings import settings_from_controls
from pages.shared import plain_words
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
    trained_box_warning,
)
from pages.shared.guard import shown_errors
from pages.shared.page_setup import start_page
from pages.shared.theory_link import theory_link

run_through_app()

st.title("Count functions, not weights")
link = start_page("bounds")
plain_words.markdown(
    "Relabelling the hidden units of a network gives **the same function**. The covering number N(ε) belongs "
    "to the class of functions, so it does not depend on how we parameterise them; but an *upper bound* "
    "built from a grid of parameter vectors needs only one grid point per *orbit*, not one per weight vector, "
    "and so that bound is divided by about $d_1!\\,d_2!\\cdots d_L!$. That functional equivalence gives a "
    "smaller "
    "covering-number bound is the paper's claim [PAPER]; the factor $d_1!\\cdots d_L!$ is how summaries "
    "report it "
    "[SUMMARY]. Below you can read that factor for your network, and what share of the log of the bound, "
    f"the quantity that enters generalisation bounds, it removes. {theory_link('covering-numbers')}"
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
    trained_box_warning(report)
    st.subheader("The bound as width changes")
    covering_views(link, report)
    formulas = section(link, "formulas", "The formulas, with your numbers", icon=":material/function:")
    if formulas is not None:
        with formulas:
            formula_panel(report)

    st.subheader("Count the orbits of a small grid exactly")
    orbit_panel(report)

    st.subheader("The effective volume of parameter space")
    plain_words.caption("The paper's optimisation claim [PAPER]: wider networks are easier to train because the "
                    "volume of "
                        "the effective parameter space shrinks as width grows. Our reading [RECON]: the effective "
                        "space is "
                        "one representative per set of relabelled copies, "
                        f"{claims.effective_share_claim(report.curves, report.volume.log10_fraction)} "
                        f"{theory_link('effective-volume')}")
    volume_panel(report)

    st.subheader("What it buys in generalisation")
    generalisation_panel(report)

    st.subheader("Beyond fully connected networks")
    label = "Extensions calculator: CNN, ResNet, attention" + ("" if plain_words.active() else " [RECON]")
    extensions = section(link, "ext", label, icon=":material/calculate:")  # plain words: the ⓘ is inside
    if extensions is not None:
        with extensions:
            extensions_calculator(link, report)

    st.subheader("Export")
    downloads(report)
