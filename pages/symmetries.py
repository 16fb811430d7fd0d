"""Lesson 2, "Same function, different weights": move a network's weights without changing its function,
see both facts at once, then do the move wrongly and watch it break.

Thin page: sidebar picks the network; the move controls edit a list of moves; one cached core call
replays it (core.symmetry_lesson); the rest draws. Helpers: pages/shared/symmetry_*.py.
"""

import streamlit as st

from pages.shared import symmetry_align, symmetry_files, symmetry_moves, symmetry_orbit, symmetry_proof
from pages.shared import symmetry_twins
from pages.shared.guard import shown_errors
from pages.shared.symmetry_source import network_source

st.title("Same function, different weights")
st.caption("Swap two hidden units with all their weights, flip a tanh unit's signs, stretch a ReLU unit: the numbers "
           "change, the network's answers do not. Every number says where it comes from: the paper's claim, our "
           "reconstruction, or our own check, measured here.")

with shown_errors():
    network, source = network_source()
    symmetry_twins.counter(network)

    st.subheader("Move the weights")
    symmetry_moves.move_controls(network)
    result = symmetry_moves.current_result(network)
    symmetry_proof.movie(network, result)

    st.subheader("Prove it: same function?")
    symmetry_proof.proof_panel(network, result)

    canonical, gallery, orbit, align, files = st.tabs(
        ["Canonical form", "Twin gallery", "Rescaling orbit", "Align two networks", "Save as JSON"])
    with canonical:
        symmetry_twins.canonical_panel(network, result)
    with gallery:
        symmetry_twins.gallery_panel(network)
    with orbit:
        symmetry_orbit.orbit_panel(network)
    with align:
        symmetry_align.align_panel(network)
    with files:
        symmetry_files.export_panel(network, result)
