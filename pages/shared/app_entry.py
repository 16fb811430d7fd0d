"""Make every page run through app.py, also for the first deep link a fresh server receives.

Streamlit (1.67) treats an app with a `pages/` folder as an old-style multipage app until some
session has run app.py's st.navigation: until then a link like /train?w1=3 runs pages/train.py on
its own, without app.py (no wide layout, no page titles in the sidebar, torch not set to one
thread). Our links must work on a just-started server (a teacher restarts it, a link arrives), so a
page that finds itself run that way switches Streamlit to st.navigation and reruns: the rerun goes
through app.py and lands on the same page (both modes name pages by file name).
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from pages.shared.session import APP_ENTERED as ENTERED


def run_through_app() -> None:
    """Call first in every page file.

    Reruns only on a session's first run, which carries no click: AppTest resets the flag before
    every run (and runs the page file itself), and a rerun on later runs would swallow a button's
    one-run True.
    """
    first_run = ENTERED not in st.session_state
    st.session_state[ENTERED] = True
    if PagesManager.uses_pages_directory and first_run:
        PagesManager.uses_pages_directory = False  # what st.navigation itself sets on its first call
        st.rerun()
