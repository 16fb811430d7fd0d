"""The guided-scene bar at the top of a lesson: text, phrases that set controls, a question, Previous/Next.

Previous/Next also answer the arrow keys and Page Down / Page Up, so a speaker's clicker or keyboard walks
the tour: in the browser pages/shared/scene_keys.py counts the presses and clicks (none lost, none counted
twice, a new scene shown from the top of its page); the buttons' own callbacks serve where no page script
runs. A scene on another page opens through ``st.switch_page`` with ``?scene=<id>``: the page's link loader
applies the scene's settings.
"""

from __future__ import annotations

import streamlit as st

from core.scenes import SCENES, neighbours, position, render_text, scenes_of
from pages.shared import plain_words, presenter, scene_figure, scene_keys, scene_state
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
    link.choose(phrase.settings)  # a setting the teacher's link hid keeps its value


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
                help="Previous scene (← or Page Up, as a clicker sends it)")
    where.caption(f"Scene {position(scene.id)} of {len(SCENES)} · ← → or a clicker walk the tour",
                  width="stretch")
    forward.button(f"Next: {after.title}" if after else "Next", key="scene.next", icon=":material/arrow_forward:",
                   type="primary", disabled=after is None, on_click=_go, args=(after,) if after else None,
                   width="stretch", help="Next scene (→ or Page Down, as a clicker sends it)")
    # The keys (no button shortcut: a press must be counted once, by the queue in the browser).
    scene_keys.scene_keys(link.page, scene.id, go=_go, presenting=presenter.active())


def _scene_body(link, scene) -> None:
    st.markdown(f"### {scene.title}")
    if scene.key_figure is None:
        _scene_words(link, scene)
        return
    # The text beside the figure it talks about (stacked, text first, on a narrow screen); the page draws the
    # figure into the kept place when it reaches it (pages/shared/scene_figure.py).
    words, figure = st.columns([2, 3], gap="medium")
    with words:
        _scene_words(link, scene)
    scene_figure.keep_place(scene.key_figure, figure.container())


def _scene_words(link, scene) -> None:
    plain_words.markdown(render_text(scene.text, _highlight))  # tags as ⓘ, jargon defined (plain words)
    phrases = [(phrase, kept) for phrase in scene.phrases if (kept := phrase_kept(link, phrase)) is not None]
    if phrases:
        st.caption("Try:")
        # A wrapping row: each phrase keeps its words whole, and a narrow column wraps the row, in order.
        with st.container(horizontal=True, gap="small"):
            for phrase, kept in phrases:
                st.button(phrase.text, key=f"scene.phrase.{scene.id}.{phrase.text}", on_click=_press_phrase,
                          args=(link, phrase), help=_phrase_help(kept))
    st.info(f"**Ask the class:** {scene.question}", icon=":material/forum:")


def phrase_kept(link, phrase) -> tuple | None:
    """The labels of the phrase's settings the teacher's link fixed (they keep their values), or None when it
    fixed every setting the phrase names: such a phrase would do nothing, so it is not drawn. A record field
    (the Train lesson's step, core.links.PAGE_RECORDS) is no setting of its own: a phrase only rewinds it."""
    settings = [name for name in phrase.settings if name not in link.records]
    kept = [name for name in settings if name in link.locked]
    if settings and len(kept) == len(settings):
        return None
    return tuple(link.by_name[name].label or f"`{name}`" for name in kept)


def _phrase_help(kept: tuple) -> str:
    if not kept:
        return "Sets the controls this phrase names."
    return (f"Sets the controls this phrase names, but leaves {', '.join(kept)} as the teacher set "
            f"{'it' if len(kept) == 1 else 'them'}.")


def scene_bar(link) -> None:
    """The current scene of this page, or a row of buttons to start one; and the presenter switch.

    A student link (link.student) keeps the students on the teacher's setup: no tour (no scene start
    buttons, no Next/Previous), no presenter switch (nor presenter mode, presenter.active), and one sentence
    naming the settings the teacher fixed. A scene the link itself opened still shows its text, question and
    phrases (locked settings keep their values, PageLink.choose; a phrase that could set nothing else is not
    drawn, and the help of one that sets part says what it leaves, phrase_kept)."""
    current = scene_state.current(link.page)
    scenes = scenes_of(link.page)
    scene_figure.keep_place(None, None)  # no key figure unless the scene body keeps a place below
    with st.container(border=True, key="scene_bar"):
        if link.student:
            st.caption(fixed_settings_sentence(link), width="stretch")
            if current in scenes and (differ := locked_differences(link, scenes[current])):
                st.caption(f"This scene's text describes its own settings; the teacher's link keeps {differ}.",
                           width="stretch")
        if current in scenes:
            _scene_body(link, scenes[current])
            if not link.student:
                _navigation(link, scenes[current])
        elif scenes and not link.student:
            _start_row(link, scenes)
        if link.student:
            return
        bottom = st.columns([2.4, 1.3, 1.3])
        if current in scenes:
            bottom[1].button("Leave the scene", key="scene.leave", on_click=_leave, args=(link,), width="stretch",
                             icon=":material/close:")
        with bottom[2]:
            presenter.toggle_button()


def locked_differences(link, scene) -> str:
    """The fixed settings whose values are not the scene's, e.g. "Dataset spiral (the scene: moons)"; "" if none."""
    parts = []
    for f in link.fields:
        if f.name in link.locked and f.name in scene.settings and link.value(f.name) != scene.settings[f.name]:
            parts.append(f"{f.label or f.name} {f.format(link.value(f.name))} "
                         f"(the scene: {f.format(scene.settings[f.name])})")
    return ", ".join(parts)


def fixed_settings_sentence(link) -> str:
    """What a student link fixed, from its hidden set, in the controls' own names."""
    names = [f.label or f"`{f.name}`" for f in link.fields if f.name in link.locked]  # a link name as code
    if not names:
        return ":material/lock: Your teacher's link: the guided tour is off."
    return (f":material/lock: Your teacher fixed {'this setting' if len(names) == 1 else 'these settings'} for "
            f"this link: {', '.join(names)}. They keep the link's values; the other controls are yours.")


def _start_row(link, scenes) -> None:
    st.caption("Guided scenes of this lesson: each sets the controls and asks the class a question.")
    with st.container(horizontal=True, gap="small"):  # wraps in order on a narrow screen
        for scene in scenes.values():
            st.button(scene.title, key=f"scene.start.{scene.id}", on_click=_enter, args=(link, scene.id),
                      icon=":material/slideshow:")
