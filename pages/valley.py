"""Lesson "Two runs, one valley": two networks trained on digits from different seeds, the straight line between
them before and after weight matching, their receptive fields, and the shipped barrier-against-width study.

Thin page: three controls (width, activation, seed pair; all in the page's link, core/links/valley.py) -> one
cached core computation (core/valley/live_pair.py) -> figures. Helpers: pages/shared/valley/.
"""

import streamlit as st

from pages.shared.app_entry import run_through_app
from pages.shared.guard import shown_errors
from pages.shared.page_setup import start_page
from pages.shared.valley import sections

run_through_app()

st.title("Two runs, one valley")
link = start_page("valley")
sections.intro()
width, activation, seed = sections.pair_controls(link)
link.commit()  # every control is drawn: this run's exports carry this run's link

with shown_errors():
    pair = sections.two_runs_section(width, activation, seed)
    sections.receptive_fields_section(pair)
with shown_errors():
    sections.width_section()
