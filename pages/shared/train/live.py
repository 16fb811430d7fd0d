"""The Train lesson's run in the session: start, keep, play in the browser, settle, reset and hand it on.

The run lives in st.session_state, keyed by everything that fixes its start. A change of data,
network or initialisation starts a new run (at step 0, no training); a change of learning rate
is applied to the running network instead, so nothing trained is lost.

The browser's player (pages/shared/train/player.py) plays a core Trajectory: frames the server
computes ahead in chunks when the player asks (``request``). Play, Pause, Step and scrubbing happen
in the browser; when the player stops at a step (``settle``) the session's run moves to that exact
step, so links, read-outs, exports and the other lessons describe the step shown. While it plays, the
player says which step is on screen with every request and at least once a second (``shown``, and
once more when the person leaves the page): the run is published at that step, never at frames
sent ahead that nobody has seen yet.
"""

from __future__ import annotations

import copy
import dataclasses
import threading
import time

import numpy as np
import streamlit as st

from core import limits
from core.engine import budget
from core.engine.experiment import Experiment, start_run
from core.engine.presets import TrainedNetwork
from core.engine.train import TrainingRun
from core.engine.trajectory import Surface, Trajectory, encode_frames, frame_stride
from pages.shared import cached
from pages.shared.session import publish_network

RUN, KEY, PLAYING, TARGET = "train.run", "train.run_key", "train.playing", "train.target"
LR_HISTORY = "train.lr_history"  # [(step, learning rate)]: when each rate took over (for links)
# The frames the browser's player plays (a core Trajectory), a number that changes with every new
# trajectory (the player drops its frames when it does), the first frame the player asked for, and
# the player's events not yet handled (its callbacks queue them; the page handles them, see handle_events).
TRAJECTORY, TRAJECTORY_ID, SENT_FROM, EVENTS = ("train.trajectory", "train.trajectory_id", "train.sent_from",
                                                "train.player_events")
PLAYED = "train.played_step"  # the step the playing player last said it showed
REPORT_ONLY = "train.report_only"  # this run handled only "shown" events that asked for no frames: none sent
# The number of the player's last event this session handled. Echoed to the player, so it knows when an event
# was answered or superseded: a rerun cut short by the player's next event never answers the first one.
ANSWERED = "train.answered"
WORKER = "train.ahead"        # the session's AheadWorker (at most one at a time)
SENT_UNTIL = "train.sent_until"  # frames sent stop here
PRELOAD_FRAMES = 30       # frames computed with every new trajectory: Train plays at once, no round trip
CHUNK_FRAMES = 120        # frames sent per answer to the player (4 s of play at 30 frames/s)
AHEAD_FRAMES = 300        # frames computed in the background past what the player has
ANSWER_SECONDS = 0.1      # computing an answer waits for when no new frame is ready yet
MAX_FRAMES = 1_200        # frames kept per trajectory; past it a new trajectory starts at the last frame
REPLAY_FRAMES = 600       # frames before a replayed (linked) step, for the scrubber; half of MAX_FRAMES


def _start_key(experiment: Experiment) -> Experiment:
    return dataclasses.replace(experiment, learning_rate=0.0, steps=0)


def current_run(experiment: Experiment, train, test) -> TrainingRun:
    """The session's run for this experiment, starting a fresh one if the start changed."""
    if st.session_state.get(KEY) != _start_key(experiment):
        reset(experiment, train, test)
    run = st.session_state[RUN]
    if run.learning_rate != experiment.learning_rate:
        run = _catch_up_with_player()
        run.set_learning_rate(experiment.learning_rate)
        _record_rate(run.step, experiment.learning_rate)
        start_trajectory(experiment, train, test)  # frames ahead were computed with the old rate
        publish(experiment, train, test)
    frames = st.session_state.get(TRAJECTORY)
    if frames is not None and frames.stride != frame_stride(step_size(experiment)):
        start_trajectory(experiment, train, test)  # the Steps setting changed: Step must land on a frame
    if not st.session_state[PLAYING] and run.step <= experiment.steps:
        st.session_state[TARGET] = experiment.steps  # the Steps slider sets the goal until passed
    return run


def _catch_up_with_player() -> TrainingRun:
    """While the player plays ahead of the session's run, move the run to the step it shows."""
    frames, step = st.session_state.get(TRAJECTORY), st.session_state.get(PLAYED)
    if st.session_state[PLAYING] and frames is not None and step is not None and step != st.session_state[RUN].step:
        try:
            st.session_state[RUN] = frames.run_at(step)
        except ValueError:
            pass
    st.session_state[PLAYING] = False
    return st.session_state[RUN]


def reset(experiment: Experiment, train, test) -> None:
    st.session_state[RUN] = start_run(experiment, train, test)
    st.session_state[KEY] = _start_key(experiment)
    st.session_state[LR_HISTORY] = [(0, experiment.learning_rate)]
    st.session_state[PLAYING] = False
    st.session_state[TARGET] = experiment.steps
    start_trajectory(experiment, train, test)
    publish(experiment, train, test)


def step_size(experiment: Experiment) -> int:
    return max(1, experiment.steps // 50)


def start_trajectory(experiment: Experiment, train, test) -> None:
    """New frames from the session's run on (a few computed now, so Train plays at once)."""
    run = st.session_state[RUN]
    trajectory = Trajectory(run, Surface.around(train, test), stride=frame_stride(step_size(experiment)))
    trajectory.extend(max(st.session_state.get(TARGET, experiment.steps), run.step), max_frames=PRELOAD_FRAMES)
    worker = st.session_state.get(WORKER)
    if worker is not None:
        worker.stopped = True  # it was computing frames of the trajectory this one replaces
    st.session_state[TRAJECTORY] = trajectory
    st.session_state[TRAJECTORY_ID] = st.session_state.get(TRAJECTORY_ID, 0) + 1
    st.session_state[SENT_FROM] = 0
    st.session_state[SENT_UNTIL] = len(trajectory.frames)


def trajectory(experiment: Experiment, train, test) -> Trajectory:
    if TRAJECTORY not in st.session_state:
        start_trajectory(experiment, train, test)
    return st.session_state[TRAJECTORY]


def queue_event(name: str, value) -> None:
    """Keep a player event for the page to handle (callbacks run before the page knows its data)."""
    st.session_state.setdefault(EVENTS, []).append((name, value))


def handle_events(experiment: Experiment, train, test) -> bool:
    """Handle the player's queued events in order; True when the whole page must redraw (the shown step
    changed: links, read-outs, exports and the other lessons follow it)."""
    redraw = False
    events, st.session_state[EVENTS] = st.session_state.get(EVENTS, []), []
    st.session_state[REPORT_ONLY] = bool(events) and all(
        name == "shown" and not (isinstance(value, dict) and "have" in value) for name, value in events)
    for name, value in events:
        if not isinstance(value, dict):
            continue
        _note_answered(value)
        if name == "reset":
            reset(experiment, train, test)
            redraw = True
        elif value.get("trajectory") != st.session_state.get(TRAJECTORY_ID):
            continue  # about frames the player has since dropped
        elif name == "request":
            _answer_request(experiment, train, test, value)
        elif name == "shown":
            _shown(experiment, train, test, value)
        elif name == "settle":
            redraw = _settle(experiment, train, test, value) or redraw
    return redraw


def _note_answered(value: dict) -> None:
    seq = _int_field(value, "seq", 0, 2**52, -1)
    if seq >= 0:
        st.session_state[ANSWERED] = max(seq, st.session_state.get(ANSWERED, -1))


def answered() -> int:
    """The number of the player's last event handled in this session (-1: none yet)."""
    return st.session_state.get(ANSWERED, -1)


def _int_field(value: dict, name: str, low: int, high: int, default: int) -> int:
    number = value.get(name)
    if isinstance(number, bool) or not isinstance(number, (int, float)) or not np.isfinite(number):
        return default
    return int(min(max(int(number), low), high))


def _answer_request(experiment: Experiment, train, test, value: dict) -> None:
    """The player wants frames from index ``have`` on, towards step ``target``: compute ahead, bounded."""
    frames = st.session_state[TRAJECTORY]
    ceiling = min(max(st.session_state[TARGET], frames.end_step) + experiment.steps, limits.STEPS[1])
    st.session_state[TARGET] = _int_field(value, "target", frames.start_step, ceiling, st.session_state[TARGET])
    have = _int_field(value, "have", 0, len(frames.frames), st.session_state[SENT_FROM])
    if len(frames.frames) >= MAX_FRAMES and have >= len(frames.frames) - 1:
        st.session_state[RUN] = frames.run_at(frames.end_step)
        start_trajectory(experiment, train, test)
        frames, have = st.session_state[TRAJECTORY], 0
    st.session_state[SENT_FROM] = have
    st.session_state[PLAYING] = value.get("playing") is True
    if st.session_state[PLAYING]:
        _publish_shown(experiment, train, test, value.get("showing"))
    if have >= len(frames.frames):  # nothing new to send yet: compute a little now
        frames.extend(st.session_state[TARGET], max_frames=CHUNK_FRAMES, seconds=ANSWER_SECONDS)
    ready = min(len(frames.frames), have + CHUNK_FRAMES)  # what this answer sends (the worker adds more meanwhile)
    st.session_state[SENT_UNTIL] = ready
    _compute_ahead(frames, st.session_state[TARGET], have + AHEAD_FRAMES)


class AheadWorker(threading.Thread):
    """Extends a trajectory in the background towards ``goal`` frames (and no further than ``until_step``),
    so frames are ready while the answer to the player travels. Bounded: it stops at its goal."""

    def __init__(self, frames: Trajectory, until_step: int, goal: int):
        # Not a daemon: the interpreter waits for its few frames at exit instead of killing it inside torch.
        super().__init__(daemon=False, name="train-ahead")
        self.frames, self.until_step, self.goal, self.stopped = frames, until_step, goal, False

    def run(self) -> None:
        while not self.stopped and len(self.frames.frames) < min(self.goal, MAX_FRAMES):
            if not self.frames.extend(self.until_step, max_frames=2):
                break
            time.sleep(0.001)  # let the server's own threads answer the browser between frames


def _compute_ahead(frames: Trajectory, until_step: int, goal: int) -> None:
    worker = st.session_state.get(WORKER)
    if worker is not None and worker.is_alive() and worker.frames is frames:
        worker.until_step, worker.goal = until_step, goal  # read by the running loop on its next turn
        return
    if worker is not None:
        worker.stopped = True
    st.session_state[WORKER] = worker = AheadWorker(frames, until_step, goal)
    worker.start()


def _shown(experiment: Experiment, train, test, value: dict) -> None:
    """The playing player's step on screen (at least once a second, and when the person leaves the page).
    Only a playing player reports, so it also says the player plays (Train pressed with frames at hand
    asks for none). With ``have`` (the frames it holds) the answer also carries frames ready past them, so
    an answer to a request lost in a cut-short rerun reaches the player with its next report."""
    st.session_state[PLAYING] = True
    _publish_shown(experiment, train, test, value.get("step"))
    if "have" in value:  # the player also says how many frames it holds: the answer sends any ready past them
        frames = st.session_state[TRAJECTORY]
        st.session_state[SENT_FROM] = _int_field(value, "have", 0, len(frames.frames), st.session_state[SENT_FROM])
        st.session_state[SENT_UNTIL] = len(frames.frames)


def _publish_shown(experiment: Experiment, train, test, step) -> None:
    """A run in progress is the session's run at the step on screen: the other lessons (and Back to this
    page) get the step the person saw, never a silent step 0 (issue 20, point 4) nor frames sent ahead."""
    frames = st.session_state[TRAJECTORY]
    shown = _int_field({"step": step}, "step", frames.start_step, frames.end_step, st.session_state[RUN].step)
    st.session_state[PLAYED] = shown
    if shown == st.session_state[RUN].step:
        return
    try:
        st.session_state[RUN] = frames.run_at(shown)
    except ValueError:
        return  # not a frame of this trajectory (a stale or hand-made report): nothing moves
    publish(experiment, train, test)


def _settle(experiment: Experiment, train, test, value: dict) -> bool:
    """The player stopped at a step (pause, step, scrub, end): the session's run moves there."""
    frames = st.session_state[TRAJECTORY]
    step = _int_field(value, "step", frames.start_step, frames.end_step, st.session_state[RUN].step)
    try:
        frames.index_of(step)
    except ValueError:
        return False
    st.session_state[PLAYING] = False
    if step == st.session_state[RUN].step:
        return True
    st.session_state[RUN] = frames.run_at(step)
    st.session_state[TARGET] = max(st.session_state[TARGET], step)
    publish(experiment, train, test)
    return True


def chunk() -> dict:
    """The frames sent to the player on this run: from the index it last asked for, one chunk."""
    frames, first = st.session_state[TRAJECTORY], st.session_state[SENT_FROM]
    if st.session_state.get(REPORT_ONLY):  # a "shown" report: the player has these frames, keep the rerun cheap
        return {"first": first, "count": 0, "frames": encode_frames([]), "reportOnly": True}
    sent = frames.frames[first:min(first + CHUNK_FRAMES, st.session_state.get(SENT_UNTIL, len(frames.frames)))]
    return {"first": first, "count": len(sent), "frames": encode_frames(sent)}


def publish(experiment: Experiment, train, test) -> None:
    """Leave the current network where the other lessons look for it."""
    run = st.session_state[RUN]
    publish_network(TrainedNetwork(run.params, run.activation, train, test, experiment, run.step))


def _record_rate(step: int, rate: float) -> None:
    history = [change for change in st.session_state.get(LR_HISTORY, []) if change[0] < step]
    st.session_state[LR_HISTORY] = history + [(step, rate)]


def schedule() -> tuple:
    """The run's learning-rate history for its link; empty when one rate was used throughout."""
    history = tuple(st.session_state.get(LR_HISTORY, ()))
    return history if len(history) > 1 else ()


def replay(experiment: Experiment, train, test, step: int, rates=()) -> None:
    """Train the run afresh to ``step`` with the rate history ``rates`` (a link's): same weights, bit for bit.

    Refused (ValueError, nothing trained) when over the work budget of one request. The trained run
    is cached for every session (a class opening one link trains once); each session gets a copy.
    """
    budget.check(budget.experiment_work(experiment, steps=step))
    changes = tuple(rates) or ((0, experiment.learning_rate),)
    run = copy.deepcopy(_replayed(_start_key(experiment), step, changes))
    if run.learning_rate != experiment.learning_rate:
        run = _catch_up_with_player()
        run.set_learning_rate(experiment.learning_rate)
        changes += ((run.step, experiment.learning_rate),)
    st.session_state[RUN], st.session_state[KEY] = run, _start_key(experiment)
    st.session_state[LR_HISTORY] = list(changes)
    st.session_state[PLAYING] = False
    _start_replayed_trajectory(experiment, train, test, changes)
    st.session_state[TARGET] = max(run.step, experiment.steps)
    publish(experiment, train, test)


def _start_replayed_trajectory(experiment: Experiment, train, test, changes: tuple) -> None:
    """Frames up to the replayed run's step, from up to REPLAY_FRAMES frames before it (never before its last
    rate change: a trajectory trains on with one rate), so the player's scrubber goes back through the steps a
    link, scene or phrase trained instead of holding only the last one (issue 20 walk, defect 1)."""
    run, stride = st.session_state[RUN], frame_stride(step_size(experiment))
    first = max(changes[-1][0], run.step - REPLAY_FRAMES * stride, 0)
    first = min(-(-first // stride) * stride, run.step)  # on the frames' grid, as a run trained from step 0
    if first < run.step:
        st.session_state[RUN] = copy.deepcopy(_replayed(_start_key(experiment), first, changes))
    st.session_state[TARGET] = run.step  # the preloaded frames stop at the replayed step: a frame lands on it
    start_trajectory(experiment, train, test)
    frames = st.session_state[TRAJECTORY]
    frames.extend(run.step, max_frames=REPLAY_FRAMES + 1)
    frames.extend(max(run.step, experiment.steps), max_frames=PRELOAD_FRAMES)  # Train plays at once
    st.session_state[RUN] = run  # the cached replay: the same weights as the frames' run at its step
    st.session_state[SENT_UNTIL] = len(frames.frames)


@st.cache_resource(max_entries=32, show_spinner="Training the linked network…")
def _replayed(start: Experiment, step: int, changes: tuple) -> TrainingRun:
    """The run of ``start`` trained to ``step``, each rate from its step on. Never mutate: copy it."""
    experiment = dataclasses.replace(start, learning_rate=changes[0][1])
    train, test = cached.split_data(experiment)
    run = start_run(experiment, train, test)
    for (_, rate), end in zip(changes, [change[0] for change in changes[1:]] + [step]):
        run.set_learning_rate(rate)
        run.advance(max(0, min(end, step) - run.step))
    return run
