"""Every session-state key that more than one page or module reads, declared once.

Streamlit keeps ``st.session_state`` per browser session and forgets widget keys when a page is
left; these are plain keys, so they survive page switches. A lesson's own keys (``train.*``,
``sym.*``, ``init.*``, ``bounds.*``) stay in its package under pages/shared/<lesson>/.

The one value that crosses lessons is the Train lesson's network: a frozen, typed
``TrainedNetwork`` published with :func:`publish_network` and read with :func:`published_network`.
"""

from __future__ import annotations

import streamlit as st

from core.engine.presets import TrainedNetwork

# The Train lesson's current network (a TrainedNetwork), read by the symmetry and bounds lessons.
TRAINED_NETWORK = "lab.network"

# Guided scenes: the scene showing on each page, one a Next/Previous asked for, one on another page to open.
SCENE_CURRENT, SCENE_PENDING, SCENE_GO = "scene.current", "scene.pending", "scene.go"

# Presenter mode (on for the whole session) and its toggle button.
PRESENTER_ACTIVE, PRESENTER_TOGGLE = "presenter.active", "presenter.toggle"

# Share links: every page's control values, what was last written to the address bar, the link's
# warnings, hidden controls, values a link or scene set since the page last looked, and the
# current view's link and seeds (stamped on exports).
URL_VALUES, URL_WRITTEN, URL_WARNINGS, URL_HIDDEN = "url.values", "url.written", "url.warnings", "url.hidden"
URL_REQUESTED, URL_PROVENANCE = "url.requested", "url.provenance"
# A student link was opened in this session (student=1 or hide=): no tour, no presenter switch.
URL_STUDENT = "url.student"

# Set once a session has run through app.py (see pages/shared/app_entry.py).
APP_ENTERED = "app.entered"


def publish_network(network: TrainedNetwork) -> None:
    """Leave ``network`` where the other lessons look for the Train lesson's network."""
    if not isinstance(network, TrainedNetwork):
        raise TypeError(f"network {type(network).__name__}: must be core.engine.presets.TrainedNetwork")
    st.session_state[TRAINED_NETWORK] = network


def published_network() -> TrainedNetwork | None:
    """The Train lesson's network, or None before it has published one."""
    network = st.session_state.get(TRAINED_NETWORK)
    return network if isinstance(network, TrainedNetwork) else None
