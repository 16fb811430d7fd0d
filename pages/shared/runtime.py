"""Process-wide settings for the server, applied once (st.cache_resource runs it once per process)."""

import streamlit as st

from core.runtime import keep_freed_memory, serve_single_threaded


@st.cache_resource(show_spinner=False)
def configure_process() -> bool:
    serve_single_threaded()
    return keep_freed_memory()
