"""st.cache_data wrappers around the symmetry lesson's core calls; no logic of their own."""

import streamlit as st

from core import rng
from core.engine.experiment import Experiment
from core.engine.presets import sibling, train_network
from core.figures.symmetry_gallery import gallery_figure
from core.figures.symmetry_movie import move_movie, network_matrices
from core.symmetry.barrier import barrier_study
from core.symmetry.lesson import run_lesson
from core.symmetry.moves import MoveSpec
from core.symmetry.proof import probe_points
from core.symmetry.rescale_orbit import orbit_scales, rescale_orbit
from core.symmetry.twins import count_distinct_twins, gallery


@st.cache_data(max_entries=16, show_spinner="Training the network (once; it is kept for the session)…")
def trained(experiment: Experiment):
    return train_network(experiment)


@st.cache_data(max_entries=64, show_spinner=False)
def lesson(params, activation: str, train, test, history: tuple[MoveSpec, ...]):
    return run_lesson(params, activation, [train, test], history)


@st.cache_data(max_entries=32, show_spinner=False)
def orbit(params, activation: str, layer: int, unit: int, train, test, marked: tuple[float, ...]):
    return rescale_orbit(params, activation, layer, unit, probe_points([train, test]),
                         scales=orbit_scales(extra=marked))


@st.cache_data(max_entries=32, show_spinner=False)
def twins(params, activation: str, k: int, seed: int, train, test):
    return gallery(params, activation, k, probe_points([train, test]), rng=rng.stream(seed, "symmetry"))


@st.cache_data(max_entries=8, show_spinner="Training two networks from different init seeds and aligning them…")
def alignment(experiment: Experiment):
    a, b = trained(experiment), trained(sibling(experiment))
    return a, b, barrier_study(a.params, b.params, a.train, a.activation)


# Figures with many traces take Plotly most of a second to validate, so they are built once per state and
# shared (cache_resource: st.plotly_chart only reads a figure, it never changes it).

@st.cache_resource(max_entries=16, show_spinner=False)
def movie(params, activation: str, train, test, history: tuple[MoveSpec, ...], stacked: bool):
    move = lesson(params, activation, train, test, history).last_move
    if move is None:
        return network_matrices(params, activation, train, stacked=stacked)
    return move_movie(move, activation, train, stacked=stacked)


@st.cache_resource(max_entries=16, show_spinner=False)
def gallery_picture(params, activation: str, k: int, seed: int, train, test, titles: tuple[str, ...], per_row: int):
    found = twins(params, activation, k, seed, train, test)
    return gallery_figure([params] + [t.params for t in found], list(titles), activation, train, per_row=per_row)


@st.cache_data(max_entries=32, show_spinner=False)
def distinct(params, activation: str):
    return count_distinct_twins(params, activation)
