"""The scene's key figure, next to its text: a guided scene names the figure its text talks about
(``Scene.key_figure``, a chart or panel key), and the scene bar keeps a place for it beside the paragraph.

So at a projector the picture the speaker talks about and the paragraph are on the first screen, and on a
phone (where Streamlit stacks columns) the figure comes right after the text, before any control panel.
The page draws the figure as usual; ``charts.show`` (or ``place`` for a panel that is not one chart) finds
the kept place by the figure's key. Only the run's scene bar sets the place, and a figure takes it once.
"""

from __future__ import annotations

import streamlit as st

SLOT = "scene_figure.slot"  # (key, container) for this run, or None


def keep_place(key: str | None, container) -> None:
    """Called by the scene bar on every run: where the current scene's key figure goes (None: no scene)."""
    st.session_state[SLOT] = (key, container) if key else None


def take(key: str):
    """The kept place if ``key`` is the current scene's key figure (given once per run), else None."""
    kept = st.session_state.get(SLOT)
    if not kept or kept[0] != key:
        return None
    st.session_state[SLOT] = None
    return kept[1]


def place(key: str):
    """A container (keyed ``key``, so a test finds it) to draw a key panel into: the scene's kept place when
    ``key`` is its key figure, else here."""
    kept = take(key)
    return (kept if kept is not None else st).container(key=key)
