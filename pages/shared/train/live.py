"""The Train lesson's run in the session: start, keep, pause, step, reset and hand it on.

The run lives in st.session_state, keyed by everything that fixes its start. A change of data,
network or initialisation starts a new run (at step 0, no training); a change of learning rate
is applied to the running network instead, so nothing trained is lost.
"""

from __future__ import annotations

import copy
import dataclasses
import time

import streamlit as st

from core.engine import budget
from core.engine.experiment import Experiment, start_run
from core.engine.presets import TrainedNetwork
from core.engine.train import TrainingRun
from pages.shared import cached
from pages.shared.session import publish_network

RUN, KEY, PLAYING, TARGET = "train.run", "train.run_key", "train.playing", "train.target"
LR_HISTORY = "train.lr_history"  # [(step, learning rate)]: when each rate took over (for links)
TICK_SECONDS = 0.12      # training time per animation frame


def _start_key(experiment: Experiment) -> Experiment:
    return dataclasses.replace(experiment, learning_rate=0.0, steps=0)


def current_run(experiment: Experiment, train, test) -> TrainingRun:
    """The session's run for this experiment, starting a fresh one if the start changed."""
    if st.session_state.get(KEY) != _start_key(experiment):
        reset(experiment, train, test)
    run = st.session_state[RUN]
    if run.learning_rate != experiment.learning_rate:
        run.set_learning_rate(experiment.learning_rate)
        _record_rate(run.step, experiment.learning_rate)
    if not st.session_state[PLAYING] and run.step <= experiment.steps:
        st.session_state[TARGET] = experiment.steps  # the Steps slider sets the goal until passed
    return run


def reset(experiment: Experiment, train, test) -> None:
    st.session_state[RUN] = start_run(experiment, train, test)
    st.session_state[KEY] = _start_key(experiment)
    st.session_state[LR_HISTORY] = [(0, experiment.learning_rate)]
    st.session_state[PLAYING] = False
    st.session_state[TARGET] = experiment.steps
    publish(experiment, train, test)


def play(experiment: Experiment) -> None:
    run = st.session_state[RUN]
    if run.step >= st.session_state[TARGET]:  # already there: train as many steps again
        st.session_state[TARGET] = run.step + experiment.steps
    st.session_state[PLAYING] = True


def pause() -> None:
    st.session_state[PLAYING] = False


def step_size(experiment: Experiment) -> int:
    return max(1, experiment.steps // 50)


def step(experiment: Experiment, train, test) -> None:
    st.session_state[PLAYING] = False
    st.session_state[RUN].advance(step_size(experiment))
    publish(experiment, train, test)


def tick(experiment: Experiment, train, test) -> bool:
    """Train for about TICK_SECONDS; returns True when the target is reached (or the run diverged)."""
    run, target = st.session_state[RUN], st.session_state[TARGET]
    deadline = time.perf_counter() + TICK_SECONDS
    while run.step < target and not run.diverged and time.perf_counter() < deadline:
        run.advance(min(5, target - run.step))
    publish(experiment, train, test)
    done = run.step >= target or run.diverged
    if done:
        st.session_state[PLAYING] = False
    return done


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
        run.set_learning_rate(experiment.learning_rate)
        changes += ((run.step, experiment.learning_rate),)
    st.session_state[RUN], st.session_state[KEY] = run, _start_key(experiment)
    st.session_state[LR_HISTORY] = list(changes)
    st.session_state[PLAYING] = False
    st.session_state[TARGET] = max(run.step, experiment.steps)
    publish(experiment, train, test)


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
