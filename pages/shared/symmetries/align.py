"""Align two independently trained networks and look at the loss on the straight line between them."""

from __future__ import annotations

import dataclasses

import pandas as pd
import streamlit as st

from core.engine.experiment import Experiment
from core.engine.presets import TrainedNetwork, sibling
from core.figures.symmetry_barrier import barrier_figure
from pages.shared import plain_words
from pages.shared.charts import show
from pages.shared.guard import shown_errors
from pages.shared.symmetries import cached, labels
from pages.shared.symmetries.source import commit
from pages.shared.theory_link import theory_link


def _settings(network: TrainedNetwork) -> Experiment:
    """Train both networks with the current network's settings (defaults if it came without any)."""
    if network.experiment is not None:
        return network.experiment
    return dataclasses.replace(Experiment(), hidden=network.params.hidden_widths, activation=network.activation)


def _request(link) -> None:
    link.set("align", True)


def _permutation_table(study) -> pd.DataFrame:
    """One row per hidden layer: aligned unit i is B's unit perms[i], both shown numbered from 1."""
    rows = {}
    for layer, (perm, signs) in enumerate(zip(study.alignment.perms, study.alignment.signs), start=1):
        rows[f"layer {layer}"] = {f"unit {i + 1}": f"{p + 1}{', flipped' if signs[p] < 0 else ''}"
                               for i, p in enumerate(perm)}
    return pd.DataFrame(rows).T.fillna("")


def _align_panel(link, network: TrainedNetwork) -> None:
    experiment = _settings(network)
    other = sibling(experiment)
    plain_words.markdown(f"Train two networks with the same data and settings but different init seeds "
                         f"({experiment.init_seed} and {other.init_seed}), then reorder the second one's units to "
                         "match the "
                         "first (weight matching, as in Git Re-Basin). The aligned copy computes exactly the second "
                         "network's "
                         "function; only its position in weight space changes.")
    st.button("Train both and align", icon=":material/compare_arrows:", key="sym.align", on_click=_request,
              args=(link,), type="primary")
    if not link.value("align"):
        return
    a, b, study = cached.alignment(experiment)
    cols = st.columns(4)
    cols[0].metric("barrier before", f"{study.barrier_before:.3f}")
    cols[1].metric("barrier after alignment", f"{study.barrier_after:.3f}")
    cols[2].metric(r"$\|\theta_A - \theta_B\|$ before", f"{study.alignment.distance_before:.2f}")
    cols[3].metric(r"$\|\theta_A - \theta_B\|$ after", f"{study.alignment.distance_after:.2f}")
    show(barrier_figure(study), "sym.barrier", name="loss barrier before and after alignment",
         alt=f"Training loss on the straight line from network A to network B: the bump above the chord is "
             f"{study.barrier_before:.3f} before aligning B's units and {study.barrier_after:.3f} after.")
    labels.check("losses (binary cross-entropy or squared error on the training data) and distances measured here; "
                 "barrier = the largest bump of the loss above the straight chord between the two ends. Weight "
                 "matching and loss barriers are from the literature (Entezari et al., ICLR 2022; Ainsworth et al., "
                 f"ICLR 2023), not from Shen (2024). {theory_link('alignment')}")
    plain_words.markdown("**Matched permutation**: aligned unit i (column) is this unit of network B; "
                         "*flipped* means its signs were flipped too (tanh and other odd activations).")
    st.dataframe(_permutation_table(study), width="stretch")


@st.fragment
def align_panel(link, network: TrainedNetwork) -> None:
    """A fragment: its widgets rerun only this panel, so it shows its own errors."""
    with shown_errors():
        commit(link, network)  # "Train both and align" is part of the link (its button reruns only this fragment)
        _align_panel(link, network)
