"""Sidebar controls of the Train lesson. Draws widgets and returns a plain Experiment; never trains."""

from __future__ import annotations

import streamlit as st

from core import limits
from core.activations import ACTIVATIONS
from core.data import DATASET_LABELS
from core.experiment import Experiment
from core.init_schemes import SCHEME_LABELS
from core.optimizers import OPTIMIZERS

MAX_UI_LAYERS, MAX_UI_WIDTH = 4, 64
LEARNING_RATES = [0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0]
DEFAULT = Experiment()


def _seed_input(label: str, key: str, help_text: str) -> int:
    return int(st.number_input(label, min_value=limits.SEED[0], max_value=limits.SEED[1], value=0, step=1,
                               key=key, help=help_text))


def data_controls() -> dict:
    st.subheader("Data")
    dataset = st.selectbox("Dataset", list(DATASET_LABELS), format_func=DATASET_LABELS.get, key="train.dataset")
    preview = st.empty()  # the page draws the data here once it exists
    noise = st.slider("Noise", 0.0, 1.0, DEFAULT.noise, 0.05, key="train.noise")
    n_samples = st.slider("Samples", 20, 1000, DEFAULT.n_samples, 10, key="train.n_samples")
    test_fraction = st.slider("Test share", 0.0, 0.8, DEFAULT.test_fraction, 0.05, key="train.test_fraction",
                              help="Share of the points held out to measure generalisation (hollow markers).")
    data_seed = _seed_input("Data seed", "train.data_seed", "Same seed, same points. Changes nothing else.")
    return dict(dataset=dataset, noise=noise, n_samples=n_samples, test_fraction=test_fraction,
                data_seed=data_seed), preview


def network_controls() -> dict:
    st.subheader("Network")
    n_layers = st.slider("Hidden layers", 1, MAX_UI_LAYERS, len(DEFAULT.hidden), key="train.layers")
    columns = st.columns(n_layers)
    hidden = tuple(
        column.number_input(f"Layer {l}", 1, MAX_UI_WIDTH, 8, key=f"train.width{l}", help="Units in this layer")
        for l, column in enumerate(columns, start=1)
    )
    activation = st.selectbox("Activation", list(ACTIVATIONS), format_func=lambda a: ACTIVATIONS[a].label,
                              key="train.activation")
    init_scheme = st.selectbox("Initialisation", list(SCHEME_LABELS), format_func=SCHEME_LABELS.get,
                               index=list(SCHEME_LABELS).index(DEFAULT.init_scheme), key="train.init_scheme")
    init_scale = st.number_input("Init scale", 0.0, float(limits.INIT_SCALE[1]), 1.0, 0.1, key="train.init_scale",
                                 help="Multiplies the scheme's natural size (B for uniform, the gain otherwise).")
    init_seed = _seed_input("Init seed", "train.init_seed",
                            "Same seed, same starting weights and minibatch order: Reset replays the run.")
    return dict(hidden=hidden, activation=activation, init_scheme=init_scheme, init_scale=init_scale,
                init_seed=init_seed)


def training_controls() -> dict:
    st.subheader("Training")
    optimizer = st.selectbox("Optimiser", list(OPTIMIZERS), format_func=OPTIMIZERS.get,
                             index=list(OPTIMIZERS).index(DEFAULT.optimizer), key="train.optimizer")
    learning_rate = st.select_slider("Learning rate", LEARNING_RATES, DEFAULT.learning_rate, key="train.lr",
                                     help="Can change mid-run: the weights are kept.")
    batch_size = None
    if optimizer != "gd":
        batch_size = int(st.number_input("Batch size", 1, limits.BATCH_SIZE[1], 32 if optimizer == "sgd" else 1000,
                                         key="train.batch_size",
                                         help="Points per step; at least the training set size means full batch."))
    steps = st.slider("Steps", 50, 5000, DEFAULT.steps, 50, key="train.steps")
    return dict(optimizer=optimizer, learning_rate=learning_rate, batch_size=batch_size, steps=steps)


def experiment_controls():
    """All sidebar controls; returns the Experiment they describe and a slot for the data preview."""
    with st.sidebar:
        data_settings, preview = data_controls()
        settings = {**data_settings, **network_controls(), **training_controls()}
    return Experiment(**settings), preview
