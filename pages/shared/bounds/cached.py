"""st.cache_data around the lesson's one core call; no logic of its own."""

import streamlit as st

from core.bounds.report import bounds_report


@st.cache_data(max_entries=32, show_spinner="Counting functions…")
def report(settings, trained):
    """core.bounds.report.bounds_report, cached on (settings, trained); errors are not cached."""
    return bounds_report(settings, trained)
