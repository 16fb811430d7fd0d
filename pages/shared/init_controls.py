"""Controls of the lesson "Where you start decides where you end". Draw widgets, return plain specs; never train."""

from __future__ import annotations

import streamlit as st

from core import limits
from core.init_regions import MAP_ACTIVATIONS, SCENES, TEACHER, MapSpec, coordinates
from core.init_schemes import SCHEME_LABELS
from core.init_zero import SYMMETRIC_SCHEMES
from core.optimizers import OPTIMIZERS
from core.width_sweep import DEFAULT_WIDTHS, SWEEP_SCHEMES, SweepSpec

DEFAULT, SWEEP_DEFAULT = MapSpec(), SweepSpec()
LEARNING_RATES = [0.003, 0.01, 0.03, 0.1, 0.2, 0.3, 0.5, 0.7, 1.0]
TOLERANCES = [1e-5, 1e-4, 1e-3, 1e-2, 0.05, 0.1, 0.2, 0.3, 0.5]
CLASSIFICATION_TOL = 0.3  # cross-entropy: a clean fit of these noisy sets sits well below this
WIDTH_CHOICES = tuple(range(1, 9)) + (12, 16, 24, 32, 48, 64)


def _coordinate_pickers(widths) -> tuple[str, str]:
    keys = coordinates(widths)
    labels = {key: f"{key} — {label}" for key, (_, label) in keys.items()}
    x_key = st.selectbox("Horizontal axis", list(keys), index=list(keys).index("b1"), format_func=labels.get,
                         key="init.x_key")
    y_key = st.selectbox("Vertical axis", list(keys), index=list(keys).index("b2"), format_func=labels.get,
                         key="init.y_key", help="Pick the same kind of coordinate of units 1 and 2 (b1/b2, v1/v2, "
                         "w1/w2) for a slice that swapping the units mirrors.")
    return x_key, y_key


def _ranges() -> tuple[tuple[float, float], tuple[float, float]]:
    low, high = 10.0, 10.0
    x_range = st.slider("Horizontal range", -low, high, DEFAULT.x_range, 0.5, key="init.x_range")
    if st.checkbox("Same range on both axes", True, key="init.same_range",
                   help="Needed for the mirror symmetry (and the shortcut)."):
        return x_range, x_range
    return x_range, st.slider("Vertical range", -low, high, DEFAULT.y_range, 0.5, key="init.y_range")


def task_controls() -> dict:
    st.subheader("Task")
    scene = st.selectbox("Scene", list(SCENES), format_func=SCENES.get, key="init.scene")
    width = st.radio("Hidden units (student = teacher)" if scene == TEACHER else "Hidden units", (2, 3),
                     horizontal=True, key="init.width")
    n_points = st.slider("Training points", 10, limits.INIT_MAP_POINTS[1], DEFAULT.n_points, 2, key="init.n_points")
    settings = dict(scene=scene, width=width, n_points=n_points)
    if scene != TEACHER:
        settings["noise"] = st.slider("Noise", 0.0, 1.0, DEFAULT.noise, 0.05, key="init.noise")
    return settings


def slice_controls(widths) -> dict:
    st.subheader("Slice of starting points")
    x_key, y_key = _coordinate_pickers(widths)
    x_range, y_range = _ranges()
    resolution = st.slider("Resolution (starts per axis)", 11, limits.INIT_MAP_RESOLUTION[1], DEFAULT.resolution, 2,
                           key="init.resolution")
    equalise = st.checkbox("Units 1 and 2 equal apart from the slice", DEFAULT.equalise, key="init.equalise",
                           help="Copies unit 1's other parameters onto unit 2, so swapping them maps the slice to itself.")
    return dict(x_key=x_key, y_key=y_key, x_range=x_range, y_range=y_range, resolution=resolution, equalise=equalise)


def base_controls() -> dict:
    st.subheader("Everything else at the start")
    scheme = st.selectbox("Base initialisation", list(SCHEME_LABELS), format_func=SCHEME_LABELS.get,
                          index=list(SCHEME_LABELS).index(DEFAULT.base_scheme), key="init.base_scheme")
    cols = st.columns(2)
    scale = cols[0].number_input("Scale", 0.0, 10.0, DEFAULT.base_scale, 0.1, key="init.base_scale")
    seed = int(cols[1].number_input("Seed", limits.SEED[0], limits.SEED[1], 0, 1, key="init.base_seed"))
    return dict(base_scheme=scheme, base_scale=float(scale), base_seed=seed)


def training_controls(scene: str) -> dict:
    st.subheader("Training")
    optimizer = st.selectbox("Optimiser", list(OPTIMIZERS), format_func=OPTIMIZERS.get, key="init.optimizer")
    learning_rate = st.select_slider("Learning rate", LEARNING_RATES, DEFAULT.learning_rate, key="init.lr",
                                     help="Above about 0.7 (gradient descent) training starts to diverge from "
                                          "parts of the map, with a ragged boundary.")
    steps = st.slider("Steps", 50, 1500, DEFAULT.steps, 50, key="init.steps")
    tolerance_default = DEFAULT.loss_tol if scene == TEACHER else CLASSIFICATION_TOL
    loss_tol = st.select_slider("Counts as found below loss", TOLERANCES, tolerance_default,
                                key=f"init.loss_tol.{scene == TEACHER}",
                                help="Final training loss under this: the start found the target.")
    activation = st.radio("Activation", MAP_ACTIVATIONS, horizontal=True, key="init.activation")
    precision = st.radio("Precision", ("float64", "float32"), horizontal=True, key="init.precision",
                         help="float32 is faster; tolerances must then stay at 1e-5 or above.")
    shortcut = st.toggle("Symmetry shortcut (train the representative half only)", DEFAULT.shortcut,
                         key="init.shortcut")
    return dict(optimizer=optimizer, learning_rate=learning_rate, steps=steps, loss_tol=loss_tol,
                activation=activation, precision=precision, shortcut=shortcut)


def map_controls() -> MapSpec:
    """Sidebar: the map's whole specification."""
    with st.sidebar:
        task = task_controls()
        input_dim = 1 if task["scene"] == TEACHER else 2
        settings = {**task, **slice_controls((input_dim, task["width"], 1)), **base_controls(),
                    **training_controls(task["scene"])}
    return MapSpec(**settings)


def sweep_controls() -> SweepSpec:
    """Inline controls of the width sweep (it only runs on a button press)."""
    schemes = st.multiselect("Initialisation schemes", SWEEP_SCHEMES, list(SWEEP_DEFAULT.schemes),
                             format_func=SCHEME_LABELS.get, key="init.sweep_schemes")
    cols = st.columns([4, 1, 1])
    widths = cols[0].multiselect("Widths", WIDTH_CHOICES, list(DEFAULT_WIDTHS), key="init.sweep_widths")
    n_starts = int(cols[1].number_input("Starts each", 10, limits.INIT_SWEEP_STARTS[1], SWEEP_DEFAULT.n_starts, 10,
                                        key="init.sweep_starts"))
    steps = int(cols[2].number_input("Steps", 50, 2000, SWEEP_DEFAULT.steps, 50, key="init.sweep_steps"))
    return SweepSpec(widths=tuple(sorted(widths)), schemes=tuple(schemes), n_starts=n_starts, steps=steps)


def zero_controls() -> tuple[str, int]:
    cols = st.columns([2, 3])
    scheme = cols[0].radio("Start", SYMMETRIC_SCHEMES, horizontal=True, key="init.zero_scheme",
                           format_func=lambda s: {"zero": "all zero", "constant": "constant (units identical)"}[s],
                           index=1)
    width = cols[1].slider("Hidden units", 2, 8, 4, key="init.zero_width")
    return scheme, width
