"""Turn errors into messages on the page: a person sees what was wrong, never a traceback."""

from __future__ import annotations

import contextlib
import logging

import streamlit as st

log = logging.getLogger("equivalence_lab")


@contextlib.contextmanager
def shown_errors():
    """Show ValueError/TypeError (core's named input errors) as st.error; anything else briefly."""
    try:
        yield
    except (ValueError, TypeError) as error:
        st.error(f"{error}")
    except Exception as error:  # the page must stay up; the log keeps the details
        log.exception("unexpected error")
        st.error(f"Something went wrong ({type(error).__name__}). Try other settings or press Reset.")
