"""One browser-history entry per view, so Back and Forward move between the views a person saw.

Streamlit (1.67) pushes a history entry when the app opens another page, with the bare address, and another
when the page writes its link with ``st.query_params``: the first Back from a page then lands on its bare
address and shows the same view again. A Streamlit custom component (v2, inline, no iframe; constant
JavaScript in pages/shared/assets/history_entries.js, no data from the server) makes a push that only
completes the current address (same page, every setting of the current query kept) replace that entry.
A changed setting still adds an entry.

Mounted in the sidebar (hidden in presenter mode, its script runs all the same), so it takes no room on the
page. What Back does with the run a page holds is pages/shared/url_sync.py's rule.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

ASSETS = Path(__file__).resolve().parent / "assets"
KEY = "url.history_entries"

_component = st.components.v2.component(
    "equivalence_lab.history_entries",
    js=(ASSETS / "history_entries.js").read_text(encoding="utf-8"),
    isolate_styles=True,  # no markup of its own
)


def one_entry_per_view() -> None:
    """Mount the history guard (once per browser tab it takes effect; later mounts do nothing)."""
    with st.sidebar:
        _component(key=KEY, height="content")
