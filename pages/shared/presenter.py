"""Presenter mode: no sidebar or app chrome, larger type and lines, a high-contrast projector look.

One session flag (also ``present=1`` in a link). The page CSS is a constant of this module: no user
text ever reaches ``st.html``. Streamlit's running indicator goes with the header; a "working…" sign
(pages/shared/scene_keys.py) shows instead while the page runs, so the room sees it is busy.
"""

from __future__ import annotations

import streamlit as st

from pages.shared import scene_keys
from pages.shared.session import PRESENTER_ACTIVE as ACTIVE
from pages.shared.session import PRESENTER_TOGGLE as TOGGLE
from pages.shared.session import URL_STUDENT as STUDENT

PROJECTOR_CSS = """
<style>
section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
[data-testid="stStatusWidget"], footer { display: none !important; }
.stMainBlockContainer, [data-testid="stMainBlockContainer"] {
  padding-top: 1rem !important; max-width: 100% !important; }
html, body, [data-testid="stAppViewContainer"] { color: #000000; background: #FFFFFF; }
[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li,
[data-testid="stCaptionContainer"], [data-testid="stWidgetLabel"] p, button p {
  font-size: 1.35rem !important; line-height: 1.45 !important; }
h1 { font-size: 2.1rem !important; padding: 0 0 0.5rem !important; } h2, h3 { font-size: 1.8rem !important; }
h3 { padding-top: 0 !important; }
[data-testid="stMetricValue"], [data-testid="stMetricValue"] [data-testid="stMarkdownContainer"] p {
  font-size: 2.4rem !important; line-height: 1.2 !important; }
[data-testid="stCaptionContainer"] { color: #1A1A1A !important; }
</style>
"""


def active() -> bool:
    """On, unless the session opened a student link: its pages have no switch to leave presenter mode."""
    return bool(st.session_state.get(ACTIVE, False)) and not st.session_state.get(STUDENT, False)


def set_active(on: bool) -> None:
    st.session_state[ACTIVE] = bool(on)


def _flip() -> None:
    set_active(not active())


def toggle_button() -> None:
    """The one switch (key P); shown on every page, also when the sidebar is hidden (not to a student link)."""
    if st.session_state.get(STUDENT, False):
        return
    label = "Leave presenter mode" if active() else "Presenter mode"
    st.button(label, key=TOGGLE, on_click=_flip, icon=":material/co_present:", shortcut="P",
              help="Hide the sidebar and app chrome, enlarge text and figures for a projector (key P).")


def apply_style() -> None:
    """Inject the projector stylesheet when presenter mode is on (a constant, never user text), and the
    "working…" sign that stands in for the running indicator the stylesheet hides with the header."""
    if active():
        st.html(PROJECTOR_CSS)  # style only: Streamlit adds it without taking space; no unsafe_allow_html
        scene_keys.working_sign()
