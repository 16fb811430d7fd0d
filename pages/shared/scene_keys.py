"""The tour's keys and buttons in the browser: presses queued, never lost or counted twice; a new scene shown
from the top of its page; a "working…" sign while the room waits.

A Streamlit custom component (v2, inline, no iframe) with constant JavaScript (pages/shared/assets/
scene_keys.js; it receives scene ids and numbers, never text to show). The browser counts the → / ← presses
(and Page Down / Page Up, which presentation clickers send) and the Previous/Next clicks and sends them as one
request, ``{"from": scene id, "by": presses, "nonce": n}``, then waits for the server's answer (and an idle
page) before it sends the presses made meanwhile; a request left unanswered is sent again with the same nonce,
and :func:`take_step` answers each nonce once: from the scene it was counted on, ``by`` scenes along the tour
(held at the tour's ends); a request counted on another scene than the one showing is stale and moves nothing.

Mounted in the sidebar (hidden in presenter mode, its script runs all the same), so it takes no room on the page.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

import streamlit as st

from core.scenes import BY_ID, SCENES, Scene, position
from pages.shared import scene_state

ASSETS = Path(__file__).resolve().parent / "assets"
KEY, SIGN_KEY = "scene.keys", "scene.keys.sign"
HANDLED = "scene.keys.handled"  # the nonce of the last request answered (the browser waits for it)

_component = st.components.v2.component(
    "equivalence_lab.scene_keys",
    js=(ASSETS / "scene_keys.js").read_text(encoding="utf-8"),
    isolate_styles=True,  # no markup of its own; the sign it adds to the page styles itself inline
)


def step_target(scene_id: str, by: int) -> Scene:
    """The scene ``by`` places along the tour from ``scene_id`` (negative: back), held at the tour's ends."""
    index = position(scene_id) - 1 + by
    return SCENES[min(max(index, 0), len(SCENES) - 1)]


def read_request(payload) -> tuple[str, int, int] | None:
    """(from, by, nonce) of a request from the browser, or None when it is not one (it comes from a page script:
    checked like any input)."""
    if not isinstance(payload, dict):
        return None
    scene_id, by, nonce = payload.get("from"), payload.get("by"), payload.get("nonce")
    if not isinstance(scene_id, str) or scene_id not in BY_ID or type(by) is not int or type(nonce) is not int:
        return None
    return scene_id, max(-len(SCENES), min(by, len(SCENES))), nonce


def answer(payload, showing: str | None) -> tuple[int | None, Scene | None]:
    """(the nonce to acknowledge, the scene to open) for a request while scene ``showing`` is on screen.

    A request counted on another scene is stale: acknowledged, it opens nothing (the browser then sends the
    presses again from the scene it sees). Not a request at all: (None, None)."""
    request = read_request(payload)
    if request is None:
        return None, None
    scene_id, by, nonce = request
    target = step_target(scene_id, by)
    return nonce, target if scene_id == showing and target.id != scene_id else None


def take_step(page: str, go) -> None:
    """Callback: answer the browser's request (read from the component's state) with ``go(target scene)``."""
    nonce, target = answer((st.session_state.get(KEY) or {}).get("step"), scene_state.current(page))
    if nonce is None or nonce == st.session_state.get(HANDLED):
        return  # not a request, or one sent again that was answered already: a press moves the tour once
    st.session_state[HANDLED] = nonce
    if target is not None:
        go(target)


def scene_keys(page: str, scene_id: str, *, go, presenting: bool) -> None:
    """Mount the keys for the scene showing on ``page``; ``go(scene)`` opens a scene (a callback's work)."""
    data = {"role": "scene", "scene": scene_id, "position": position(scene_id), "count": len(SCENES),
            "handled": st.session_state.get(HANDLED), "presenting": presenting}
    with st.sidebar:
        _component(key=KEY, data=data, height="content",
                   on_step_change=partial(take_step, page, go))


def working_sign() -> None:
    """The "working…" sign of presenter mode (the app's running indicator is hidden with the header)."""
    with st.sidebar:
        _component(key=SIGN_KEY, data={"role": "sign", "presenting": True}, height="content")
