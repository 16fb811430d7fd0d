"""The rescaling orbit of one unit: the weights walk away, the function stays put (ReLU only)."""

from __future__ import annotations

import numpy as np
import streamlit as st

from core.engine.activations import get_activation
from core.engine.presets import TrainedNetwork
from core.figures.symmetry_orbit import orbit_figure
from core.links.symmetries import ORBIT_SCALES
from pages.shared.charts import show
from pages.shared.guard import shown_errors
from pages.shared.symmetries import cached, labels
from pages.shared.symmetries.source import commit


def clamp_settings(link, network: TrainedNetwork) -> None:
    """Bring the orbit's layer and unit within this network (before any control is drawn)."""
    widths = network.params.hidden_widths
    if link.value("olayer") > len(widths):
        link.set("olayer", 1)
    if link.value("ounit") >= widths[link.value("olayer") - 1]:
        link.set("ounit", 0)


def _orbit_panel(link, network: TrainedNetwork) -> None:
    act = get_activation(network.activation)
    widths = network.params.hidden_widths
    layer_col, unit_col, c_col = st.columns([1, 1, 4])
    layer = link.control("olayer", layer_col.selectbox, "Layer", range(1, len(widths) + 1))
    if link.value("ounit") >= widths[layer - 1]:
        link.set("ounit", 0)
    unit = link.control("ounit", unit_col.selectbox, "Unit", range(widths[layer - 1]))
    c = link.control("oc", c_col.select_slider, "c", ORBIT_SCALES,
                     help="Incoming weights and bias × c, outgoing weights ÷ c.")
    commit(link, network)  # a fragment rerun changes the link too (and the exports below carry the new one)
    curve = cached.orbit(network.params, network.activation, layer, unit, network.train, network.test,
                                  ORBIT_SCALES)
    here = int(np.argmin(np.abs(curve.scales - c)))
    if not curve.is_symmetry:
        st.warning(f"{act.label} is not positively homogeneous, so rescaling is **not** a symmetry here: the curve "
                   "shows the same recipe done anyway, and the function moves too. Train the ReLU preset (sidebar) "
                   "to see the real orbit.", icon=":material/warning:")
    left, right = st.columns(2)
    left.metric(f"‖θ − θ_c‖ at c = {curve.scales[here]:.3g}", f"{curve.parameter_distance[here]:.3f}")
    right.metric(f"max |f_θ − f_θ_c| at c = {curve.scales[here]:.3g}", f"{curve.function_gap[here]:.1e}")
    gaps = "stays below 1e-12" if curve.is_symmetry else f"reaches {float(max(curve.function_gap)):.2g}"
    show(orbit_figure(curve, float(curve.scales[here]), float(curve.parameter_distance[here]),
                      float(curve.function_gap[here])), "sym.orbit", name=f"rescaling orbit layer {layer} unit {unit}",
         alt=f"Rescaling unit {unit} of layer {layer} by c from 0.1 to 10: the weight distance ‖θ − θ_c‖ grows to "
             f"{float(max(curve.parameter_distance)):.2f} while the function gap {gaps}.")
    labels.check(f"both curves measured here at {len(curve.scales)} values of c (log-spaced, 0.1 to 10), max |Δf| "
                 f"over the data and a grid; that rescaling is a symmetry of ReLU networks is {labels.RECON} "
                 "(paper.md §2.4).")


@st.fragment
def orbit_panel(link, network: TrainedNetwork) -> None:
    """A fragment: its widgets rerun only this panel, so it shows its own errors."""
    with shown_errors():
        _orbit_panel(link, network)
