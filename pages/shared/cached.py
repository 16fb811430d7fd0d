"""st.cache_data wrappers around core entry points; no logic of their own."""

import streamlit as st

from core.engine.experiment import Experiment, make_split


@st.cache_data(max_entries=64, show_spinner=False)
def split_data(experiment: Experiment):
    """(train, test) for the experiment's data settings; only data fields matter to core."""
    return make_split(experiment)
