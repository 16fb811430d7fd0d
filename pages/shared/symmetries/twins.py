"""Twins: how many there are, a gallery of a few, and the canonical form that collapses them all."""

from __future__ import annotations

import streamlit as st

from core.engine.activations import get_activation
from core.engine.presets import TrainedNetwork
from core.links.symmetries import GALLERY_SEED, GALLERY_TWINS
from core.symmetry.canonical import canonical_rule
from core.symmetry.checks import admits_sign_flip
from core.symmetry.lesson import LessonResult
from core.symmetry.moves import MoveSpec
from core.symmetry.twins import twin_count, twin_sentence
from pages.shared.charts import show
from pages.shared.guard import shown_errors
from pages.shared.symmetries import cached, labels
from pages.shared.symmetries.moves import append_move
from pages.shared.symmetries.source import commit


def counter(network: TrainedNetwork) -> None:
    act = get_activation(network.activation)
    twins = twin_count(network.params.widths, act.name)
    with st.container(border=True):
        sentence = twin_sentence(twins)
        st.markdown(f"##### {sentence[0].upper()}{sentence[1:]}.")
        if twins.rescaling_dim:
            st.markdown(f"And {act.label} rescaling adds a continuous family on top: each of those twins sits on a "
                        f"{twins.rescaling_dim}-dimensional surface (Σ d_l = {twins.rescaling_dim}) of rescaled "
                        "copies, "
                        "every one computing the same function.")
        labels.twin_count_source(admits_sign_flip(act), bool(twins.rescaling_dim))


def canonical_panel(link, network: TrainedNetwork, result: LessonResult) -> None:
    st.markdown("Every twin has one representative, its **canonical form**. The button moves the current network "
                "θ′ there (the move animates above); twins of θ all land on the same point.")
    st.info(f"**The rule** (for {network.activation}): {canonical_rule(network.activation)}.",
            icon=":material/rule:")
    st.button("Canonical form", icon=":material/sort:", key="sym.canonical.tab", on_click=append_move,
              args=(link, MoveSpec("canonical")))
    left, right = st.columns(2)
    left.metric("‖θ′ − θ‖: the twin and θ", f"{result.proof.parameter_distance:.3f}")
    right.metric("‖can(θ′) − can(θ)‖: their canonical forms", f"{result.canonical_distance:.3f}")
    labels.check("both distances measured here; the canonical form itself is "
                 f"{labels.RECON} (paper.md §6) of the paper's representative-set idea.")
    if result.is_twin:
        st.success("θ′ is a twin of θ, so their canonical forms coincide (to rounding).",
                   icon=":material/check_circle:")
    else:
        st.warning("θ′ came from a broken move, so it is a different function: no symmetry can bring it back, and "
                   "the canonical forms differ.", icon=":material/warning:")


def _gallery_panel(link, network: TrainedNetwork) -> None:
    count_col, seed_col, _ = st.columns([2, 1, 3])
    k = link.control("twins", count_col.slider, "Twins", *GALLERY_TWINS)
    seed = link.control("gseed", seed_col.number_input, "Draw", *GALLERY_SEED, help="Change it for other random twins.")
    commit(link, network)  # a fragment rerun changes the link too (and the exports below carry the new one)
    twins = cached.twins(network.params, network.activation, k, seed, network.train, network.test)
    titles = ("θ (yours)",) + tuple(f"twin {i + 1}: max |Δf| {t.gap:.0e}" for i, t in enumerate(twins))
    worst = max((t.gap for t in twins), default=0.0)
    show(cached.gallery_picture(network.params, network.activation, k, seed, network.train, network.test,
                                         titles), "sym.gallery", name=f"twin gallery draw {seed}",
         alt=f"The network θ and {len(twins)} random twins side by side: every thumbnail shows the same decision "
             f"picture (largest output difference {worst:.0e}) although their weights differ.")
    labels.check(f"each thumbnail is computed from its own twin; max |Δf| over the data and a grid; the twins are "
                 f"{', '.join(f'{t.distance:.1f}' for t in twins)} away from θ in weight space.")


@st.fragment
def gallery_panel(link, network: TrainedNetwork) -> None:
    """A fragment: its widgets rerun only this panel, so it shows its own errors."""
    with shown_errors():
        _gallery_panel(link, network)
