"""The guided-scene bar at the top of a lesson: text, phrases that set controls, a question, Previous/Next.

Previous/Next also answer the arrow keys (Streamlit's own button shortcuts, no page scripts), so a
speaker's clicker or keyboard walks the tour. A scene on another page opens through
``st.switch_page`` with ``?scene=<id>``: the page's link loader applies the scene's settings.
"""

from __future__ import annotations

import streamlit as st

from core.scenes import SCENES, neighbours, position, render_text, scenes_of
from pages.shared import presenter, scene_state
from pages.shared.lessons import page_path
from pages.shared.session import SCENE_GO as GO  # a scene on another page to open, set by a callback


def _highlight(phrase: str) -> str:
    return f":blue-background[**{phrase}**]"


def _enter(link, scene_id: str) -> None:
    """Callback: open a scene of this page (settings applied by the link loader, before widgets)."""
    scene_state.request(link.page, scene_id)


def _leave(link) -> None:
    scene_state.set_current(link.page, None)


def _go(scene) -> None:
    """Callback: open a scene (here or on another page)."""
    st.session_state[GO] = scene.id


def _press_phrase(link, phrase) -> None:
    for name, value in phrase.settings.items():
        link.set(name, value)


def follow_requests(link) -> None:
    """Run before the page's controls: a Next/Previous to another page switches page now."""
    target_id = st.session_state.pop(GO, None)
    if target_id is None:
        return
    target = next(scene for scene in SCENES if scene.id == target_id)
    if target.page == link.page:
        scene_state.request(link.page, target.id)
        return
    query = {"scene": target.id, **({"present": "1"} if presenter.active() else {})}
    st.switch_page(page_path(target.page), query_params=query)


def _navigation(link, scene) -> None:
    before, after = neighbours(scene.id)
    back, where, forward = st.columns([2, 1.2, 2])
    back.button(f"Previous: {before.title}" if before else "Previous", key="scene.previous",
                icon=":material/arrow_back:",
                disabled=before is None, on_click=_go, args=(before,) if before else None, width="stretch",
                shortcut="Left", help="Previous scene (← key)")
    where.caption(f"Scene {position(scene.id)} of {len(SCENES)} · the arrow keys walk the tour",
                  width="stretch")
    forward.button(f"Next: {after.title}" if after else "Next", key="scene.next", icon=":material/arrow_forward:",
                   type="primary", disabled=after is None, on_click=_go, args=(after,) if after else None,
                   width="stretch", shortcut="Right", help="Next scene (→ key)")


def _scene_body(link, scene) -> None:
    st.markdown(f"### {scene.title}")
    st.markdown(render_text(scene.text, _highlight))
    if scene.phrases:
        columns = st.columns(len(scene.phrases) + 1)
        columns[0].caption("Try:")
        for column, phrase in zip(columns[1:], scene.phrases):
            column.button(phrase.text, key=f"scene.phrase.{scene.id}.{phrase.text}", on_click=_press_phrase,
                          args=(link, phrase), width="stretch", help="Sets the controls this phrase names.")
    st.info(f"**Ask the class:** {scene.question}", icon=":material/forum:")


def scene_bar(link) -> None:
    """The current scene of this page, or a row of buttons to start one; and the presenter switch."""
    current = scene_state.current(link.page)
    scenes = scenes_of(link.page)
    with st.container(border=True):
        if current in scenes:
            _scene_body(link, scenes[current])
            _navigation(link, scenes[current])
        elif scenes:
            _start_row(link, scenes)
        bottom = st.columns([2.4, 1.3, 1.3])
        if current in scenes:
            bottom[1].button("Leave the scene", key="scene.leave", on_click=_leave, args=(link,), width="stretch",
                             icon=":material/close:")
        with bottom[2]:
            presenter.toggle_button()


def _start_row(link, scenes) -> None:
    st.caption("Guided scenes of this lesson: each sets the controls and asks the class a question.")
    columns = st.columns(min(len(scenes), 4))
    for number, scene in enumerate(scenes.values()):
        columns[number % len(columns)].button(scene.title, key=f"scene.start.{scene.id}", on_click=_enter,
                                              args=(link, scene.id), width="stretch", icon=":material/slideshow:")
