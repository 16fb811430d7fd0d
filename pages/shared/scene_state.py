"""Which guided scene is showing on each page, and which one a Next/Previous button asked for.

Session-level (not widget) keys, so they survive reruns and page switches.
"""

from __future__ import annotations

import streamlit as st

from pages.shared.session import SCENE_CURRENT as CURRENT
from pages.shared.session import SCENE_PENDING as PENDING


def current(page: str) -> str | None:
    return st.session_state.get(CURRENT, {}).get(page)


def set_current(page: str, scene_id: str | None) -> None:
    st.session_state.setdefault(CURRENT, {})[page] = scene_id


def request(page: str, scene_id: str) -> None:
    """Ask the page to enter a scene on its next run (its settings are applied before any widget)."""
    st.session_state.setdefault(PENDING, {})[page] = scene_id


def take_pending(page: str) -> str | None:
    return st.session_state.setdefault(PENDING, {}).pop(page, None)
