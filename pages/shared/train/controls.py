"""Sidebar controls of the Train lesson. Draws widgets through the page's link and returns a plain
Experiment; never trains. Ranges and defaults come from core/links/train.py (one definition for
widgets and links)."""

from __future__ import annotations

import streamlit as st

from core import limits
from core.engine.activations import ACTIVATIONS
from core.engine.data import ALL_DATASET_LABELS, REAL_DATASETS
from core.engine.experiment import Experiment
from core.engine.init_schemes import SCHEME_LABELS
from core.engine.optimizers import OPTIMIZERS
from core.links.train import (
    BATCH_FIELD,
    LEARNING_RATES,
    MAX_UI_LAYERS,
    MAX_UI_WIDTH,
    UI_NOISE,
    UI_SAMPLES,
    UI_SCALE,
    UI_STEPS,
    UI_TEST,
)


def _seed_input(link, name: str, label: str, help_text: str) -> int:
    return int(link.control(name, st.number_input, label, min_value=limits.SEED[0], max_value=limits.SEED[1],
                            step=1, help=help_text))


def data_controls(link):
    st.subheader("Data")
    dataset = link.control("data", st.selectbox, "Dataset", list(ALL_DATASET_LABELS),
                           format_func=ALL_DATASET_LABELS.get,
                           help="Toy sets in the plane, or real tables that ship with scikit-learn (no download).")
    preview = st.empty()  # the page draws the data here once it exists
    real = dataset in REAL_DATASETS  # a whole table: no noise to add, no number of points to draw
    noise = link.control("noise", st.slider, "Noise", *UI_NOISE, step=0.05, disabled=real)
    n_samples = link.control("n", st.slider, "Samples", *UI_SAMPLES, step=10, disabled=real)
    test_fraction = link.control("test", st.slider, "Test share", *UI_TEST, step=0.05,
                                 help="Share of the rows held out to measure generalisation" +
                                      ("." if real else " (hollow markers)."))
    data_seed = _seed_input(link, "dseed", "Data seed", "Same seed, same points. Changes nothing else.")
    return dict(dataset=dataset, noise=noise, n_samples=n_samples, test_fraction=test_fraction,
                data_seed=data_seed), preview


def network_controls(link) -> dict:
    st.subheader("Network")
    n_layers = link.control("layers", st.slider, "Hidden layers", 1, MAX_UI_LAYERS)
    columns = st.columns(n_layers)
    hidden = []
    for layer in range(1, n_layers + 1):
        with columns[layer - 1]:
            hidden.append(int(link.control(f"w{layer}", st.number_input, f"Layer {layer}", 1, MAX_UI_WIDTH,
                                           help="Units in this layer")))
    activation = link.control("act", st.selectbox, "Activation", list(ACTIVATIONS),
                              format_func=lambda a: ACTIVATIONS[a].label)
    init_scheme = link.control("init", st.selectbox, "Initialisation", list(SCHEME_LABELS),
                               format_func=SCHEME_LABELS.get)
    init_scale = link.control("scale", st.number_input, "Init scale", *UI_SCALE, step=0.1,
                              help="Multiplies the scheme's natural size (B for uniform, the gain otherwise).")
    init_seed = _seed_input(link, "iseed", "Init seed",
                            "Same seed, same starting weights and minibatch order: Reset replays the run.")
    return dict(hidden=tuple(hidden), activation=activation, init_scheme=init_scheme, init_scale=float(init_scale),
                init_seed=init_seed)


def training_controls(link) -> dict:
    st.subheader("Training")
    optimizer = link.control("opt", st.selectbox, "Optimiser", list(OPTIMIZERS), format_func=OPTIMIZERS.get)
    learning_rate = link.control("lr", st.select_slider, "Learning rate", list(LEARNING_RATES),
                                 help="Can change mid-run: the weights are kept.")
    batch_size = None
    if optimizer in BATCH_FIELD:
        batch_size = int(link.control(BATCH_FIELD[optimizer], st.number_input, "Batch size", 1,
                                      limits.BATCH_SIZE[1],
                                      help="Points per step; at least the training set size means full batch."))
    steps = link.control("steps", st.slider, "Steps", *UI_STEPS, step=50)
    return dict(optimizer=optimizer, learning_rate=learning_rate, batch_size=batch_size, steps=steps)


def experiment_controls(link):
    """All sidebar controls; returns the Experiment they describe and a slot for the data preview."""
    with st.sidebar:
        data_settings, preview = data_controls(link)
        settings = {**data_settings, **network_controls(link), **training_controls(link)}
    return Experiment(**settings), preview
