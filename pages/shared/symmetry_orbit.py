"""The rescaling orbit of one unit: the weights walk away, the function stays put (ReLU only)."""

from __future__ import annotations

import numpy as np
import streamlit as st

from core.activations import get_activation
from core.figures.symmetry_orbit import orbit_figure
from core.presets import TrainedNetwork
from pages.shared import symmetry_cached
from pages.shared.guard import shown_errors
from pages.shared import symmetry_labels as labels

C_OPTIONS = [0.1, 0.13, 0.16, 0.2, 0.25, 0.32, 0.4, 0.5, 0.63, 0.8, 1.0, 1.25, 1.6, 2.0, 2.5, 3.2, 4.0, 5.0, 6.3,
             8.0, 10.0]


def _orbit_panel(network: TrainedNetwork) -> None:
    act = get_activation(network.activation)
    widths = network.params.hidden_widths
    layer_col, unit_col, c_col = st.columns([1, 1, 4])
    layer = layer_col.selectbox("Layer", range(1, len(widths) + 1), key="sym.orbit.layer")
    unit = unit_col.selectbox("Unit", range(widths[layer - 1]), key=f"sym.orbit.unit.{layer}")
    c = c_col.select_slider("c", C_OPTIONS, 2.0, key="sym.orbit.c",
                            help="Incoming weights and bias × c, outgoing weights ÷ c.")
    curve = symmetry_cached.orbit(network.params, network.activation, layer, unit, network.train, network.test,
                                  tuple(C_OPTIONS))
    here = int(np.argmin(np.abs(curve.scales - c)))
    if not curve.is_symmetry:
        st.warning(f"{act.label} is not positively homogeneous, so rescaling is **not** a symmetry here: the curve "
                   "shows the same recipe done anyway, and the function moves too. Train the ReLU preset (sidebar) "
                   "to see the real orbit.", icon=":material/warning:")
    left, right = st.columns(2)
    left.metric(f"‖θ − θ_c‖ at c = {curve.scales[here]:.3g}", f"{curve.parameter_distance[here]:.3f}")
    right.metric(f"max |f_θ − f_θ_c| at c = {curve.scales[here]:.3g}", f"{curve.function_gap[here]:.1e}")
    st.plotly_chart(orbit_figure(curve, float(curve.scales[here]), float(curve.parameter_distance[here]),
                                 float(curve.function_gap[here])), key="sym.orbit")
    labels.check(f"both curves measured here at {len(curve.scales)} values of c (log-spaced, 0.1 to 10), max |Δf| "
                 f"over the data and a grid; that rescaling is a symmetry of ReLU networks is {labels.RECON} "
                 "(paper.md §2.4).")


@st.fragment
def orbit_panel(network: TrainedNetwork) -> None:
    """A fragment: its widgets rerun only this panel, so it shows its own errors."""
    with shown_errors():
        _orbit_panel(network)
