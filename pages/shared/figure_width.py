"""A figure's drawn width, from the browser: whether it is narrower than its widest layout needs (issue 18).

The server cannot see the screen, and a figure's best layout depends on the width it gets: the symmetry
lesson's weight matrices side by side need about 15 px a cell, which a phone (about 330 px) or a tablet's
column beside a scene's text (about 340 px of 768) does not give; there the page stacks the layers instead.

A Streamlit custom component (v2, inline, no iframe; constant JavaScript in pages/shared/assets/
figure_width.js) watches the keyed figure's width and tells the server when it crosses ``least`` px; the page
then runs again and draws the other layout. The first run of a session draws the wide layout (nothing is
measured yet). Mounted in the sidebar (hidden in presenter mode, its script runs all the same), so it takes
no room on the page.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

import streamlit as st

ASSETS = Path(__file__).resolve().parent / "assets"

_component = st.components.v2.component(
    "equivalence_lab.figure_width",
    js=(ASSETS / "figure_width.js").read_text(encoding="utf-8"),
    isolate_styles=True,  # it adds no markup or style: its own shadow root keeps it that way
)


def _selector(key: str) -> str:
    """The CSS class Streamlit gives an element with this key (st-key-<key>, other characters as '-')."""
    return ".st-key-" + "".join(ch if (ch.isascii() and ch.isalnum()) or ch in "-_" else "-" for ch in key)


def _remember(watch: str, kept: str) -> None:
    """Callback: keep the browser's answer in the session (a component's own state ends with the page)."""
    st.session_state[kept] = (st.session_state.get(watch) or {}).get("narrow") is True


def _names(key: str) -> tuple[str, str]:
    return f"figure_width.{key}", f"figure_width.{key}.narrow"  # the component's key, the kept answer's


def narrow(key: str) -> bool:
    """Whether the figure keyed ``key`` was last drawn narrower than its watch's ``least`` px in this session's
    browser (False until the browser has said: the first run draws the wide layout)."""
    return st.session_state.get(_names(key)[1]) is True


def watch(key: str, least: int) -> None:
    """Mount the watch on the figure keyed ``key`` (every run of the page that draws it; outside a fragment,
    which cannot write to the sidebar: a fragment's figure is watched from the page and reads ``narrow``)."""
    component_key, kept = _names(key)
    with st.sidebar:
        _component(key=component_key, data={"selector": _selector(key), "least": int(least), "narrow": narrow(key)},
                   height="content", on_narrow_change=partial(_remember, component_key, kept))


def is_narrow(key: str, least: int) -> bool:
    """``watch`` the figure and say whether it is ``narrow``."""
    watch(key, least)
    return narrow(key)
