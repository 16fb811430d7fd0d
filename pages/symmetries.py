"""Lesson 2, "Same function, different weights": move a network's weights without changing its function,
see both facts at once, then do the move wrongly and watch it break.

Thin page: the sidebar picks the network; the move controls edit the list of moves; one cached core call
replays it (core.symmetry_lesson); the rest draws. Every setting, the moves included, is in the page's
link (core/links/symmetries.py). Helpers: pages/shared/symmetry_*.py.
"""

import streamlit as st

from core.links.symmetries import TABS
from pages.shared import symmetry_align, symmetry_files, symmetry_moves, symmetry_orbit, symmetry_proof
from pages.shared import symmetry_twins
from pages.shared.guard import shown_errors
from pages.shared.page_setup import start_page
from pages.shared.symmetry_source import commit, network_source
from pages.shared.app_entry import run_through_app

run_through_app()

st.title("Same function, different weights")
link = start_page("symmetries")
st.caption("Swap two hidden units with all their weights, flip a tanh unit's signs, stretch a ReLU unit: the numbers "
           "change, the network's answers do not. Every number says where it comes from: the paper's claim, our "
           "reconstruction, or our own check, measured here.")

with shown_errors():
    network, source = network_source(link)
    symmetry_moves.clamp_settings(link, network)
    symmetry_orbit.clamp_settings(link, network)
    symmetry_twins.counter(network)

    st.subheader("Move the weights")
    symmetry_moves.move_controls(link, network)
    result = symmetry_moves.current_result(link, network)
    # Every setting is known now (later widgets hold their values already), so the exports below carry this link.
    commit(link, network)
    symmetry_proof.movie(network, result)

    st.subheader("Prove it: same function?")
    symmetry_proof.proof_panel(network, result)

    panels = (lambda: symmetry_twins.canonical_panel(link, network, result),
              lambda: symmetry_twins.gallery_panel(link, network),
              lambda: symmetry_orbit.orbit_panel(link, network),
              lambda: symmetry_align.align_panel(link, network),
              lambda: symmetry_files.export_panel(network, result))
    for tab, draw in zip(link.tabs("tab", TABS), panels):  # hide=tab: only the linked panel
        if tab is not None:
            with tab:
                draw()
