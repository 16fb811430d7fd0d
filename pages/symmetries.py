"""Lesson 2, "Same function, different weights": move a network's weights without changing its function,
see both facts at once, then do the move wrongly and watch it break.

Thin page: the sidebar picks the network; the move controls edit the list of moves; one cached core call
replays it (core.symmetry.lesson); the rest draws. Every setting, the moves included, is in the page's
link (core/links/symmetries.py). Helpers: pages/shared/symmetries/.
"""

import streamlit as st

from core.links.symmetries import TABS
from pages.shared import plain_words
from pages.shared.app_entry import run_through_app
from pages.shared.guard import shown_errors
from pages.shared.page_setup import start_page
from pages.shared.symmetries import align, files, orbit, proof, twins
from pages.shared.symmetries import moves as symmetry_moves
from pages.shared.symmetries.source import commit, network_source
from pages.shared.theory_link import theory_link

run_through_app()

st.title("Same function, different weights")
link = start_page("symmetries")
plain_words.caption("Swap two hidden units with all their weights, flip a tanh unit's signs, stretch a ReLU unit: "
                    "the numbers change, the network's answers do not. Every number says where it comes from: the "
                    "paper's "
                    "claim, our "
                    f"reconstruction, or our own check, measured here ({theory_link('functional-equivalence')}; "
                    f"{theory_link('provenance-labels')}).")

with shown_errors():
    network, source = network_source(link)
    symmetry_moves.clamp_settings(link, network)
    orbit.clamp_settings(link, network)
    twins.counter(network)

    st.subheader("Move the weights")
    symmetry_moves.move_controls(link, network)
    result = symmetry_moves.current_result(link, network)
    # Every setting is known now (later widgets hold their values already), so the exports below carry this link.
    commit(link, network)
    proof.movie(network, result)

    st.subheader("Prove it: same function?")
    proof.proof_panel(network, result)

    twins.watch_gallery()  # from here: the gallery is drawn in a fragment
    panels = (lambda: twins.canonical_panel(link, network, result),
              lambda: twins.gallery_panel(link, network),
              lambda: orbit.orbit_panel(link, network),
              lambda: align.align_panel(link, network),
              lambda: files.export_panel(network, result))
    for tab, draw in zip(link.tabs("tab", TABS), panels):  # hide=tab: only the linked panel
        if tab is not None:
            with tab:
                draw()
