"""The Train lesson's player: a Streamlit custom component (v2, inline, no iframe) that plays the
run's frames on canvases in the browser — decision surface, network diagram, loss curve — at the
browser's frame rate, with Train, Pause, Step, Reset, a speed control and a scrubber that need no
server round trip. It asks the server for the next chunk of frames while it plays (``request``),
says which step is on screen while it plays (``shown``: with every request, once a second, and
before a sidebar link leaves the page) and tells it where it stopped (``settle``);
pages/shared/train/live.py answers them.

The JavaScript and CSS live in pages/shared/assets/player.{js,css}; numbers reach it as float32
rows (core.engine.trajectory.encode_frames), so every frame shows the engine's values at a real step.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import streamlit as st

from core.engine.data import IMAGE_SHAPES, Dataset
from core.engine.experiment import Experiment
from core.engine.trajectory import READOUT_FIELDS, Trajectory
from core.figures.theme import INK, MUTED, NEGATIVE, NEUTRAL, POSITIVE, TEST_LINE, TRAIN_LINE
from pages.shared import presenter
from pages.shared.train import live

ASSETS = Path(__file__).resolve().parents[1] / "assets"
KEY = "train.player"
HISTORY_POINTS = 400  # loss points before the trajectory's first frame, at most (a link's replayed steps)

_component = st.components.v2.component(
    "equivalence_lab.train_player",
    js=(ASSETS / "player.js").read_text(encoding="utf-8"),
    css=(ASSETS / "player.css").read_text(encoding="utf-8"),
    isolate_styles=False,  # in the page's DOM: the step counter is page text (tests and bench read it)
)


def _points(data: Dataset | None) -> list[list[float]]:
    """The points drawn on the surface (none for data wider than a plane: the player draws weights instead)."""
    if data is None or data.n_samples == 0 or data.input_dim > 2:
        return []
    x2 = data.X[:, 1] if data.input_dim == 2 else data.y
    return np.column_stack([data.X[:, 0], x2, data.y]).round(4).tolist()


def _history_before(run, frames: Trajectory) -> list[list[float]]:
    """Losses of the steps before the first frame (a run replayed from a link), thinned to HISTORY_POINTS."""
    history, end = run.history, frames.start_step
    if end == 0:
        return []
    steps = np.unique(np.linspace(0, end - 1, min(end, HISTORY_POINTS)).astype(int))
    test = history.test_loss
    return [[int(s), float(history.train_loss[s]), float(test[s]) if s < len(test) else None] for s in steps]


def player_data(experiment: Experiment, train: Dataset, test: Dataset | None) -> dict:
    """Everything the player draws, JSON-ready: layout once per trajectory, frames one chunk per run."""
    frames: Trajectory = st.session_state[live.TRAJECTORY]
    run = st.session_state[live.RUN]
    surface = frames.surface
    return {
        "trajectory": st.session_state[live.TRAJECTORY_ID],
        "widths": list(run.params.widths),
        "inputDim": train.input_dim,
        "image": list(IMAGE_SHAPES[experiment.dataset]) if experiment.dataset in IMAGE_SHAPES else None,
        "task": run.task,
        "low": surface.low.tolist(), "high": surface.high.tolist(), "resolution": surface.resolution,
        "readouts": list(READOUT_FIELDS), "recordLength": frames.record_length,
        "stride": frames.stride, "stepSize": live.step_size(experiment), "runSteps": experiment.steps,
        "target": st.session_state[live.TARGET], "shown": run.step, "finished": frames.finished,
        "train": _points(train), "test": _points(test), "before": _history_before(run, frames),
        "chunk": live.chunk(), "answered": live.answered(),
        "presenting": presenter.active(),
        "colours": {"negative": NEGATIVE, "neutral": NEUTRAL, "positive": POSITIVE, "ink": INK, "muted": MUTED,
                    "trainLine": TRAIN_LINE, "testLine": TEST_LINE},
    }


def player(experiment: Experiment, train: Dataset, test: Dataset | None):
    """Mount the player (same key every run: new data updates it in place, its frames and position stay)."""
    return _component(key=KEY, data=player_data(experiment, train, test), height="content",
                      on_request_change=lambda: _queue("request"), on_settle_change=lambda: _queue("settle"),
                      on_reset_change=lambda: _queue("reset"), on_shown_change=lambda: _queue("shown"))


def _queue(event: str) -> None:
    # A callback runs before the script, when the page's data is not known yet: keep the event for it.
    state = st.session_state.get(KEY) or {}
    live.queue_event(event, state.get(event))
