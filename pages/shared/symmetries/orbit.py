"""The rescaling orbit of one unit: the weights walk away, the function stays put (ReLU only)."""

from __future__ import annotations

import numpy as np
import streamlit as st

from core.engine.activations import get_activation
from core.engine.presets import TrainedNetwork
from core.figures.symmetry_orbit import orbit_figure
from core.links.symmetries import ORBIT_SCALES
from core.symmetry.moves import shown_unit
from core.symmetry.proof import SAME_FUNCTION
from core.symmetry.rescale_orbit import OrbitCurve, curve_shape
from pages.shared.charts import show
from pages.shared.guard import shown_errors
from pages.shared.symmetries import cached, labels
from pages.shared.symmetries.source import commit
from pages.shared.theory_link import theory_link


def clamp_settings(link, network: TrainedNetwork) -> None:
    """Bring the orbit's layer and unit within this network (before any control is drawn)."""
    widths = network.params.hidden_widths
    if link.value("olayer") > len(widths):
        link.set("olayer", 1)
    if link.value("ounit") >= widths[link.value("olayer") - 1]:
        link.set("ounit", 0)


def orbit_alt(curve: OrbitCurve) -> str:
    """The orbit figure's words: both shapes are read off the computed curves (curve_shape), never assumed,
    so a U-shaped curve is called U-shaped and its largest value is placed at its own c."""
    worst = float(np.max(curve.function_gap))
    gap_words = (f"stays below {SAME_FUNCTION:.0e} (at most {worst:.1e})" if worst <= SAME_FUNCTION
                 else curve_shape(curve.scales, curve.function_gap, ".2g"))
    return (f"Rescaling unit {curve.unit + 1} of layer {curve.layer} by c from {curve.scales[0]:.3g} to "
            f"{curve.scales[-1]:.3g}: the weight distance $\\|\\theta - \\theta_c\\|$ "
            f"{curve_shape(curve.scales, curve.parameter_distance, '.2f')}, while the function gap max |Δf| "
            f"{gap_words}.")


def _orbit_panel(link, network: TrainedNetwork) -> None:
    act = get_activation(network.activation)
    widths = network.params.hidden_widths
    layer_col, unit_col, c_col = st.columns([1, 1, 4])
    layer = link.control("olayer", layer_col.selectbox, "Layer", range(1, len(widths) + 1))
    if link.value("ounit") >= widths[layer - 1]:
        link.set("ounit", 0)
    unit = link.control("ounit", unit_col.selectbox, "Unit", range(widths[layer - 1]), format_func=shown_unit)
    c = link.control("oc", c_col.select_slider, "c", ORBIT_SCALES,
                     help="Incoming weights and bias × c, outgoing weights ÷ c.")
    commit(link, network)  # a fragment rerun changes the link too (and the exports below carry the new one)
    curve = cached.orbit(network.params, network.activation, layer, unit, network.train, network.test,
                                  ORBIT_SCALES)
    here = int(np.argmin(np.abs(curve.scales - c)))
    if not curve.is_symmetry:
        worst = float(np.max(curve.function_gap))
        moves = (f"and the function moves too (max |Δf| up to {worst:.2g})" if worst > SAME_FUNCTION
                 else f"yet on this network the function does not move (max |Δf| {worst:.1e})")
        st.warning(f"{act.label} is not positively homogeneous, so rescaling is **not** a symmetry here: the curve "
                   f"shows the same recipe done anyway, {moves}. Train the ReLU preset (sidebar) "
                   "to see the real orbit.", icon=":material/warning:")
    left, right = st.columns(2)
    left.metric(f"$\\|\\theta - \\theta_c\\|$ at c = {curve.scales[here]:.3g}", f"{curve.parameter_distance[here]:.3f}")
    right.metric(f"$\\max|f_\\theta - f_{{\\theta_c}}|$ at c = {curve.scales[here]:.3g}",
                 f"{curve.function_gap[here]:.1e}")
    show(orbit_figure(curve, float(curve.scales[here]), float(curve.parameter_distance[here]),
                      float(curve.function_gap[here])), "sym.orbit",
         name=f"rescaling orbit layer {layer} unit {unit + 1}", alt=orbit_alt(curve))
    labels.check(f"both curves measured here at {len(curve.scales)} values of c (log-spaced, 0.1 to 10), max |Δf| "
                 f"over the data and a grid; that rescaling is a symmetry of ReLU networks is {labels.RECON} "
                 f"({theory_link('symmetries-by-activation')}).")


@st.fragment
def orbit_panel(link, network: TrainedNetwork) -> None:
    """A fragment: its widgets rerun only this panel, so it shows its own errors."""
    with shown_errors():
        _orbit_panel(link, network)
