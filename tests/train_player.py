"""Drive the Train lesson's player from AppTest as the browser does: its events ("request" frames,
"settle" at a step, "reset") go to the page's queue, and the page handles them on its next run."""

from __future__ import annotations

import time

from pages.shared.train import live


def send(at, event: str, **value):
    if event != "reset":
        value.setdefault("trajectory", at.session_state[live.TRAJECTORY_ID])
    at.session_state[live.EVENTS] = [(event, value)]
    return at.run()


def play_to(at, step: int, *, timeout: float = 60.0):
    """Train pressed and played until ``step`` (frames requested until computed), then paused there."""
    deadline = time.monotonic() + timeout
    while True:
        frames = at.session_state[live.TRAJECTORY]
        if frames.end_step >= step or frames.finished:
            break
        assert time.monotonic() < deadline, f"frames reached only step {frames.end_step}"
        send(at, "request", have=len(frames.frames), target=max(step, at.session_state[live.TARGET]),
             showing=at.session_state[live.RUN].step, playing=True)
        time.sleep(0.05)
    return send(at, "settle", step=step)


def press_step(at):
    """The player's Step +k (k = the Steps slider // 50)."""
    return play_to(at, at.session_state[live.RUN].step + max(1, at.session_state["train.steps"] // 50))
