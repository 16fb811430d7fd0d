"""Sidebar controls of "Count functions, not weights". Draws widgets and returns their raw values.

Numeric inputs have no min/max on purpose: core.bounds.settings checks every value and names
the parameter, the value and what is allowed, which the page shows as st.error.
Every control is drawn through the page's link (pages/shared/url_sync.PageLink): its value lives
in session state (the defaults are core/links/bounds.py's), so a link, a scene or the "use the
trained network" button can set it without Streamlit's "default value and Session State" warning.
"""

from __future__ import annotations

import math

import numpy as np
import streamlit as st

from core import limits
from core.bounds import covering
from core.engine.activations import ACTIVATIONS
from core.links.bounds import PER_LAYER, UNIFORM, WIDTH_OPTIONS
from pages.shared import plain_words
from pages.shared.session import published_network


def trained_network() -> tuple[tuple[int, ...], str, float, float] | None:
    """(widths, activation, largest |θ|, largest |x| of its train and test data) of the network trained in
    the Train lesson, or None before any training. The last two say whether the bounds' box contains it."""
    network = published_network()
    if network is None:
        return None
    inputs = [np.abs(data.X).max() for data in (network.train, network.test) if data.X.size]
    return (tuple(int(w) for w in network.params.widths), str(network.activation),
            float(np.abs(network.params.flatten()).max()), float(max(inputs)) if inputs else math.nan)


def _use_trained(link, widths, activation) -> None:
    """Callback: copy the trained network's architecture into the controls (and so into the link)."""
    hidden = widths[1:-1]
    uniform = len(set(hidden)) == 1 and hidden[0] in WIDTH_OPTIONS
    link.choose({"mode": UNIFORM if uniform else PER_LAYER, "depth": len(hidden),
                 **({"width": hidden[0]} if uniform else {}), "widths": ", ".join(map(str, hidden)),
                 "d0": widths[0], "dout": widths[-1], "act": activation})  # a student link's fixed settings stay


def _network_controls(link) -> dict:
    st.subheader("Network")
    per_layer = link.control("mode", st.radio, "Hidden widths", [UNIFORM, PER_LAYER], horizontal=True) == PER_LAYER
    depth = width = None
    hidden_text = ""
    if per_layer:
        hidden_text = link.control("widths", st.text_input, "Hidden widths, one per layer",
                                   help="Whole numbers separated by commas, e.g. 8, 16, 8; the depth is how many.")
    else:
        depth = link.control("depth", st.number_input, "Depth (hidden layers)", step=1,
                             help=f"{limits.BOUNDS_DEPTH[0]} to {limits.BOUNDS_DEPTH[1]} hidden layers.")
        width = link.control("width", st.select_slider, "Width of every hidden layer", WIDTH_OPTIONS)
    left, right = st.columns(2)
    with left:
        input_dim = link.control("d0", st.number_input, "Input size d₀", step=1)
    with right:
        output_dim = link.control("dout", st.number_input, "Output size", step=1)
    activation = link.control("act", st.selectbox, "Activation", list(covering.ACTIVATION_RANGE),
                              format_func=lambda name: ACTIVATIONS[name].label)
    return dict(per_layer=per_layer, depth=depth, width=width, hidden_text=hidden_text,
                input_dim=input_dim, output_dim=output_dim, activation=activation)


def _bound_controls(link) -> dict:
    st.subheader("Covering and data")
    left, right = st.columns(2)
    with left:
        B = link.control("B", st.number_input, "B (box)", format="%g", help="Every weight and bias lies in [−B, B].")
    with right:
        eps = link.control("eps", st.number_input, "ε (radius)", format="%g",
                           help="The radius of the cover: every function of the class must lie within ε "
                                "(sup over inputs in $[-1, 1]^{d_0}$) of one of the cover's functions.")
    method = link.control("lip", st.radio, r"Lipschitz constant $\Lambda$ of $\theta \mapsto f_\theta$",
                          covering.LIPSCHITZ_METHODS,
                          horizontal=True,
                          help="The layer recursion is tighter; the closed form is simpler.")
    n = link.control("n", st.number_input, "n (training samples)", step=1000,
                     help="Sample size for the generalisation panel.")
    st.subheader("Small-grid checks")
    left, right = st.columns(2)
    with left:
        orbit_m = link.control("m", st.number_input, "Grid size m", step=1,
                               help="Values per parameter for the exact orbit counter (1 to 64).")
    with right:
        mc_seed = link.control("mcseed", st.number_input, "Monte Carlo seed", step=1)
    return dict(B=B, eps=eps, method=method, n=n, orbit_m=orbit_m, mc_seed=mc_seed)


def _trained_controls(link, trained) -> None:
    if trained is None:
        plain_words.caption("Train a network in the Train lesson and it will be marked on the curves here.")
        return
    widths, activation = trained[:2]
    plain_words.caption(f"Trained network: {'-'.join(map(str, widths))}, {activation} (marked ◆ on the curves).")
    st.button("Use its architecture", key="bounds.use_trained", on_click=_use_trained,
              args=(link, widths, activation), icon=":material/input:")


def bounds_controls(link, trained) -> dict:
    """All sidebar controls; returns the raw values for core.bounds.settings.settings_from_controls."""
    with st.sidebar:
        values = {**_network_controls(link), **_bound_controls(link)}
        _trained_controls(link, trained)
    return values
