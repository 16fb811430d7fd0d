"""Controls of the lesson "Where you start decides where you end". Draw widgets, return plain specs; never train.

Every widget is drawn through the page's link (pages/shared/url_sync.PageLink): its value lives in
session state and in the share link, so no widget here passes a default of its own. The option lists
are the link schema's (core/links/init_regions.py), so a link holds exactly what a widget can show.
"""

from __future__ import annotations

import streamlit as st

from core import limits
from core.engine.init_schemes import SCHEME_LABELS, SYMMETRIC_SCHEMES
from core.engine.optimizers import OPTIMIZERS
from core.init_regions.outcomes import TWIN_MARGIN, TWIN_RADIUS
from core.init_regions.task import MAP_ACTIVATIONS, TASKS, TEACHER, MapSpec, coordinates
from core.init_regions.width_spec import LESSON_SCHEMES, WidthSpec
from core.links.init_regions import (
    BASE_SCALE,
    DEFAULT,
    LEARNING_RATES,
    MAP_STEPS,
    MAP_WIDTHS,
    NOISE_RANGE,
    RANGE_LIMIT,
    TOLERANCES,
    WIDTH_CHOICES,
    WIDTH_STARTS,
    WIDTH_STEPS,
    ZERO_WIDTHS,
    tolerance_key,
)


def _clamp_coordinate(link, name: str, keys, fallback: str) -> None:
    """A coordinate the current task and width lack (e.g. w1.2 after switching to the 1-D teacher) -> the default."""
    if link.value(name) not in keys:
        link.set(name, fallback)


def _clamp_range(link, name: str) -> None:
    """A link may list a range high-to-low; the slider shows it low-to-high."""
    low, high = link.value(name)
    if low > high:
        link.set(name, (high, low))


def _coordinate_pickers(link, widths) -> tuple[str, str]:
    keys = coordinates(widths)
    labels = {key: label for key, (_, label) in keys.items()}  # on screen: the matrix convention, not the link key
    _clamp_coordinate(link, "x", keys, DEFAULT.x_key)
    _clamp_coordinate(link, "y", keys, DEFAULT.y_key)
    x_key = link.control("x", st.selectbox, "Horizontal axis", list(keys), format_func=labels.get)
    y_key = link.control("y", st.selectbox, "Vertical axis", list(keys), format_func=labels.get,
                         help="Pick the same kind of coordinate of units 1 and 2 (both biases b₀[1]/b₀[2], "
                              "both outgoing weights or both incoming weights) for a slice that swapping the units "
                              "mirrors.")
    return x_key, y_key


def _ranges(link) -> tuple[tuple[float, float], tuple[float, float]]:
    low, high = RANGE_LIMIT
    _clamp_range(link, "xr")
    _clamp_range(link, "yr")
    x_range = tuple(link.control("xr", st.slider, "Horizontal range", low, high, step=0.5))
    if link.control("same", st.checkbox, "Same range on both axes",
                    help="Needed for the mirror symmetry (and the shortcut)."):
        return x_range, x_range
    return x_range, tuple(link.control("yr", st.slider, "Vertical range", low, high, step=0.5))


def task_controls(link) -> dict:
    st.subheader("Task")
    task = link.control("task", st.selectbox, "Task", list(TASKS), format_func=TASKS.get)
    width = link.control("width", st.radio, "Hidden units (student = teacher)" if task == TEACHER else "Hidden units",
                         MAP_WIDTHS, horizontal=True)
    n_points = link.control("points", st.slider, "Training points", 10, limits.INIT_MAP_POINTS[1], step=2)
    settings = dict(task=task, width=width, n_points=n_points)
    if task != TEACHER:
        settings["noise"] = link.control("noise", st.slider, "Noise", *NOISE_RANGE, step=0.05)
        settings["data_seed"] = int(link.control("dseed", st.number_input, "Data seed", *limits.SEED, step=1,
                                                 help="Which random points of the dataset are drawn."))
    return settings


def slice_controls(link, widths) -> dict:
    st.subheader("Slice of starting points")
    x_key, y_key = _coordinate_pickers(link, widths)
    x_range, y_range = _ranges(link)
    resolution = link.control("res", st.slider, "Resolution (starts per axis)", 11, limits.INIT_MAP_RESOLUTION[1],
                              step=2)
    equalise = link.control("equal", st.checkbox, "Units 1 and 2 equal apart from the slice",
                            help="Copies unit 1's other parameters onto unit 2, so swapping them maps the slice to "
                                 "itself.")
    return dict(x_key=x_key, y_key=y_key, x_range=x_range, y_range=y_range, resolution=resolution, equalise=equalise)


def base_controls(link) -> dict:
    st.subheader("Everything else at the start")
    scheme = link.control("base", st.selectbox, "Base initialisation", list(SCHEME_LABELS),
                          format_func=SCHEME_LABELS.get)
    cols = st.columns(2)
    with cols[0]:
        scale = link.control("scale", st.number_input, "Scale", *BASE_SCALE, step=0.1)
    with cols[1]:
        seed = int(link.control("seed", st.number_input, "Seed", *limits.SEED, step=1))
    return dict(base_scheme=scheme, base_scale=float(scale), base_seed=seed)


def training_controls(link, task: str) -> dict:
    st.subheader("Training")
    optimizer = link.control("opt", st.selectbox, "Optimiser", list(OPTIMIZERS), format_func=OPTIMIZERS.get)
    learning_rate = link.control("lr", st.select_slider, "Learning rate", LEARNING_RATES,
                                 help="Above about 0.7 (gradient descent) training starts to diverge from "
                                      "parts of the map, with a ragged boundary.")
    steps = link.control("steps", st.slider, "Steps", MAP_STEPS[0], MAP_STEPS[-1], step=50)
    # One tolerance per kind of task (a regression loss and a cross-entropy are not on one scale).
    tolerance = "tol" if tolerance_key(task) == tolerance_key(TEACHER) else "ctol"
    loss_tol = link.control(tolerance, st.select_slider, "Low-loss threshold", TOLERANCES,
                            help=f"A start whose final training loss is under this has low loss. It counts as at a "
                                 f"twin only if it also passes the radius and margin tests: every parameter within "
                                 f"{TWIN_RADIUS:g} of that twin, and that twin at most {TWIN_MARGIN:g}× as far as "
                                 f"the second-nearest twin (the rule under the map).")
    activation = link.control("act", st.radio, "Activation", MAP_ACTIVATIONS, horizontal=True,
                              help="Only tanh: its twins are exactly the unit swaps and sign flips the map lists. "
                                   "sin is not offered: shifting a bias by 2π, or (w, b, v) → (−w, π − b, v), also "
                                   "keeps its function, so its equivalent weights form an infinite family.")
    precision = link.control("prec", st.radio, "Precision", ("float64", "float32"), horizontal=True,
                             help="float32 is faster; tolerances must then stay at 1e-5 or above.")
    shortcut = link.control("shortcut", st.toggle, "Symmetry shortcut (train the representative half only)")
    return dict(optimizer=optimizer, learning_rate=learning_rate, steps=steps, loss_tol=loss_tol,
                activation=activation, precision=precision, shortcut=shortcut)


def map_controls(link) -> MapSpec:
    """Sidebar: the map's whole specification."""
    with st.sidebar:
        task = task_controls(link)
        input_dim = 1 if task["task"] == TEACHER else 2
        settings = {**task, **slice_controls(link, (input_dim, task["width"], 1)), **base_controls(link),
                    **training_controls(link, task["task"])}
    return MapSpec(**settings)


def map_view_controls(link) -> tuple[bool, bool]:
    """Beside the map: how it is coloured and what is drawn over it (no retraining)."""
    merged = link.control("merge", st.toggle, "Merge twins",
                          help="Colour by canonical form: every twin of the target computes one function, so the "
                               "starts at a twin get one colour; low-loss starts not at a twin keep their own.")
    overlays = link.control("overlays", st.toggle, "Symmetry overlays")
    return merged, overlays


def width_controls(link) -> WidthSpec:
    """Inline controls of the width experiment (it only runs on a button press)."""
    schemes = link.control("schemes", st.multiselect, "Initialisation schemes", LESSON_SCHEMES,
                           format_func=SCHEME_LABELS.get)
    cols = st.columns([4, 1, 1])
    with cols[0]:
        widths = link.control("widths", st.multiselect, "Widths", WIDTH_CHOICES)
    with cols[1]:
        n_starts = int(link.control("starts", st.number_input, "Starts each", *WIDTH_STARTS, step=10))
    with cols[2]:
        steps = int(link.control("ssteps", st.number_input, "Steps", *WIDTH_STEPS, step=50,
                                  help="The longest step budget; success is also counted after a quarter and a "
                                       "half of it."))
    return WidthSpec(widths=tuple(sorted(widths)), schemes=tuple(schemes), seeds=n_starts, steps=steps)


def zero_controls(link) -> tuple[str, int]:
    cols = st.columns([2, 3])
    with cols[0]:
        scheme = link.control("zero", st.radio, "Start", SYMMETRIC_SCHEMES, horizontal=True,
                              format_func=lambda s: {"zero": "all zero", "constant": "constant (units identical)"}[s])
    with cols[1]:
        width = link.control("zwidth", st.slider, "Hidden units", *ZERO_WIDTHS)
    return scheme, width
