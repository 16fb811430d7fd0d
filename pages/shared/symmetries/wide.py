"""The symmetry lesson for a network its figures cannot draw (more than 2 inputs, or several outputs).

The lesson's pictures need a line or a plane of inputs and one output; a 64-32-10 network (digits) has neither.
What the lesson claims still holds and is measured here: a random twin g·θ (hidden units permuted, and flipped
or rescaled as the activation allows; the outputs never move) gives the same outputs and the same predicted
classes on many inputs, while the weights moved far; its canonical form is θ's. Every number comes from
core.symmetry.twin_check, computed for the network on screen.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

from core import rng
from core.engine.data import IMAGE_SHAPES
from core.exports.network_json import NetworkFile
from core.figures.classes import field_figure
from core.limits import SEED
from core.symmetry.twin_check import check_random_twin
from pages.shared.charts import show
from pages.shared.symmetries import files, labels

N_RANDOM_INPUTS = 2_000  # inputs drawn when the file brings no data


def _inputs(file: NetworkFile, data) -> tuple[np.ndarray, str]:
    if data is not None:
        X = np.concatenate([d.X for d in data if d.n_samples])
        name = f" ({file.experiment.dataset})" if file.experiment is not None else ""
        return X, f"the {len(X):,} points of the network's data set{name}"
    X = rng.stream(0, "symmetry").normal(size=(N_RANDOM_INPUTS, file.params.widths[0]))
    return X, f"{N_RANDOM_INPUTS:,} random inputs (standard normal, seed 0; the file brings no data)"


def twin_unit_names(check) -> list[str]:
    """Hover names of g·θ's first-layer units: unit i of g·θ is θ's unit perm[i] (flipped where its sign is −1;
    core.symmetry.group.GroupElement.apply)."""
    perm, signs = check.element.perms[0], check.element.signs[0]
    return [f"g·θ unit {i + 1} = θ's unit {p + 1}" + (" (sign flipped)" if signs[p] < 0 else "")
            for i, p in enumerate(perm)]


def _fields(file: NetworkFile, check, shape) -> None:
    """θ's first-layer units and g·θ's, each drawn as the picture it looks for: the twin's are θ's, shuffled
    (and negated where flipped), yet every prediction above agreed."""
    perm = check.element.perms[0]
    moved = sum(1 for i, p in enumerate(perm) if p != i)
    st.subheader("The same units, in another order" if moved else "The same units, in the same order")
    labels.check(f"g·θ's first layer holds θ's {len(perm)} units: {moved} of them sit at another place, and its "
                 f"unit 1 is θ's unit {perm[0] + 1}. Hover a picture to see which unit it came from.")
    before, after = st.columns(2)
    with before:
        st.caption(f"θ: each first-layer unit's weights drawn as a picture of {shape[0]}×{shape[1]} pixels "
                   "(blue +, orange −)")
        show(field_figure(file.params, shape), "sym.wide.fields", name="receptive fields of θ",
             alt=f"The {len(perm)} first-layer units of θ as {shape[0]}x{shape[1]} weight pictures, in order.")
    with after:
        flipped = sum(1 for sign in check.element.signs[0] if sign < 0)
        st.caption(f"g·θ: the same pictures, {moved} moved and {flipped} negated (a sign flipped)")
        show(field_figure(check.twin, shape, names=twin_unit_names(check)), "sym.wide.twin_fields",
             name="receptive fields of the twin",
             alt=f"The first-layer units of the twin g·θ: θ's pictures in another order; {moved} of "
                 f"{len(perm)} units moved.")


def wide_view(file: NetworkFile, note: str, data) -> None:
    """The note (why the figures are not drawn), one random twin measured, and the downloads."""
    st.info(note, icon=":material/info:")
    st.subheader("A random twin, measured")
    seed = st.number_input("Seed of the random symmetry", min_value=SEED[0], max_value=SEED[1], value=0, step=1,
                           key="sym.wide.seed")
    X, where = _inputs(file, data)
    check = check_random_twin(file.params, file.activation, X, rng=rng.stream(int(seed), "symmetry"))
    outputs = file.params.widths[-1]
    cols = st.columns(4)
    cols[0].metric("largest output change", f"{check.output_gap:.1e}",
                   help=f"The largest |Δf| over all {outputs} outputs and {check.n_points:,} inputs.")
    cols[1].metric("largest probability change", f"{check.probability_gap:.1e}",
                   help="softmax over the outputs" if outputs > 1 else "σ of the one output")
    cols[2].metric("same predicted class", f"{check.same_predictions:,} / {check.n_points:,}")
    cols[3].metric("‖θ − θ′‖", f"{check.parameter_distance:.3f}", help="How far the weights moved (Euclidean).")
    moved = sum(sum(1 for i, p in enumerate(perm) if p != i) for perm in check.element.perms)
    hidden = sum(check.element.hidden_widths)
    labels.check(f"measured here in float64 on {where}: θ′ = g·θ for a random g that moved {moved} of the {hidden} "
                 f"hidden units (the {outputs} output unit{'s' if outputs > 1 else ''} never move); the largest "
                 f"output change is {check.output_gap:.1e}, {check.same_predictions:,} of {check.n_points:,} "
                 f"predicted classes agree, the weights moved by {check.parameter_distance:.3g}, and the canonical "
                 f"forms of θ and θ′ are {check.canonical_distance:.1e} apart.")
    shape = IMAGE_SHAPES.get(file.experiment.dataset) if file.experiment is not None else None
    if shape is not None and shape[0] * shape[1] == file.params.widths[0]:
        _fields(file, check, shape)
    st.subheader("Save it")
    files.network_downloads(file.params, file.activation, file.experiment)
