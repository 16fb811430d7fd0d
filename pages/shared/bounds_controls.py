"""Sidebar controls of "Count functions, not weights". Draws widgets and returns their raw values.

Numeric inputs have no min/max on purpose: core.bounds_settings checks every value and names
the parameter, the value and what is allowed, which the page shows as st.error.
Defaults are set through session state (not ``value=``) so the "use the trained network" button
can rewrite them without Streamlit's "default value and Session State" warning.
"""

from __future__ import annotations

import streamlit as st

from core import bounds, limits
from core.activations import ACTIVATIONS
from core.bounds_settings import BoundsSettings

TRAINED_NETWORK = "lab.network"  # published by the Train lesson (pages/shared/live_training.py)
UNIFORM, PER_LAYER = "same for every layer", "per layer"
# Log-spaced widths 1 ... 4,096 (powers of two times 1, 1.25, 1.5, 1.75): a log-feel slider.
WIDTH_OPTIONS = sorted({1, 2, 3, 5, 6, 7} | {int(p * f) for p in (2**k for k in range(1, 13))
                                            for f in (1, 1.25, 1.5, 1.75) if p * f <= limits.BOUNDS_WIDTH[1]})
DEFAULT = BoundsSettings()
DEFAULTS = {
    "bounds.width_mode": UNIFORM, "bounds.depth": DEFAULT.depth, "bounds.width": DEFAULT.hidden[0],
    "bounds.hidden_text": ", ".join(map(str, DEFAULT.hidden)), "bounds.input_dim": DEFAULT.input_dim,
    "bounds.output_dim": DEFAULT.output_dim, "bounds.activation": DEFAULT.activation, "bounds.B": DEFAULT.B,
    "bounds.eps": DEFAULT.eps, "bounds.method": DEFAULT.method, "bounds.n": DEFAULT.n,
    "bounds.orbit_m": DEFAULT.orbit_m, "bounds.mc_seed": DEFAULT.mc_seed,
}


def trained_network() -> tuple[tuple[int, ...], str] | None:
    """(widths, activation) of the network trained in the Train lesson, or None before any training."""
    network = st.session_state.get(TRAINED_NETWORK)
    if not network or "params" not in network:
        return None
    return tuple(int(w) for w in network["params"].widths), str(network["activation"])


def _use_trained(widths, activation) -> None:
    """Callback: copy the trained network's architecture into the controls."""
    hidden = widths[1:-1]
    uniform = len(set(hidden)) == 1 and hidden[0] in WIDTH_OPTIONS
    st.session_state.update({
        "bounds.width_mode": UNIFORM if uniform else PER_LAYER, "bounds.depth": len(hidden),
        "bounds.width": hidden[0] if uniform else st.session_state.get("bounds.width", DEFAULT.hidden[0]),
        "bounds.hidden_text": ", ".join(map(str, hidden)), "bounds.input_dim": widths[0],
        "bounds.output_dim": widths[-1], "bounds.activation": activation,
    })


def _network_controls() -> dict:
    st.subheader("Network")
    per_layer = st.radio("Hidden widths", [UNIFORM, PER_LAYER], key="bounds.width_mode", horizontal=True) == PER_LAYER
    depth = width = None
    hidden_text = ""
    if per_layer:
        hidden_text = st.text_input("Hidden widths, one per layer", key="bounds.hidden_text",
                                    help="Whole numbers separated by commas, e.g. 8, 16, 8; the depth is how many.")
    else:
        depth = st.number_input("Depth (hidden layers)", step=1, key="bounds.depth",
                                help=f"{limits.BOUNDS_DEPTH[0]} to {limits.BOUNDS_DEPTH[1]} hidden layers.")
        width = st.select_slider("Width of every hidden layer", WIDTH_OPTIONS, key="bounds.width")
    left, right = st.columns(2)
    input_dim = left.number_input("Input size d₀", step=1, key="bounds.input_dim")
    output_dim = right.number_input("Output size", step=1, key="bounds.output_dim")
    activation = st.selectbox("Activation", list(bounds.ACTIVATION_RANGE), key="bounds.activation",
                              format_func=lambda name: ACTIVATIONS[name].label)
    return dict(per_layer=per_layer, depth=depth, width=width, hidden_text=hidden_text,
                input_dim=input_dim, output_dim=output_dim, activation=activation)


def _bound_controls() -> dict:
    st.subheader("Covering and data")
    left, right = st.columns(2)
    B = left.number_input("B (box)", format="%g", key="bounds.B", help="Every weight and bias lies in [−B, B].")
    eps = right.number_input("ε (radius)", format="%g", key="bounds.eps",
                             help="Functions within ε of each other (sup over inputs in [−1, 1]^d₀) count as one.")
    method = st.radio("Lipschitz constant Λ of θ ↦ f_θ", bounds.LIPSCHITZ_METHODS, key="bounds.method",
                      horizontal=True,
                      help="The layer recursion is tighter; the closed form is simpler (paper.md §3.2).")
    n = st.number_input("n (training samples)", step=1000, key="bounds.n",
                        help="Sample size for the generalisation panel.")
    st.subheader("Small-grid checks")
    left, right = st.columns(2)
    orbit_m = left.number_input("Grid size m", step=1, key="bounds.orbit_m",
                                help="Values per parameter for the exact orbit counter (1 to 64).")
    mc_seed = right.number_input("Monte Carlo seed", step=1, key="bounds.mc_seed")
    return dict(B=B, eps=eps, method=method, n=n, orbit_m=orbit_m, mc_seed=mc_seed)


def _trained_controls(trained) -> None:
    if trained is None:
        st.caption("Train a network in the Train lesson and it will be marked on the curves here.")
        return
    widths, activation = trained
    st.caption(f"Trained network: {'-'.join(map(str, widths))}, {activation} (marked ◆ on the curves).")
    st.button("Use its architecture", key="bounds.use_trained", on_click=_use_trained, args=(widths, activation),
              icon=":material/input:")


def bounds_controls(trained) -> dict:
    """All sidebar controls; returns the raw values for core.bounds_settings.settings_from_controls."""
    for key, value in DEFAULTS.items():
        st.session_state.setdefault(key, value)
    with st.sidebar:
        values = {**_network_controls(), **_bound_controls()}
        _trained_controls(trained)
    return values
