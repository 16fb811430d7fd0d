"""Theory: the mathematics behind every number in the app, in our own words (docs/theory.md, rendered).

`?section=<slug>` opens one section (each provenance label on the lessons links to its section);
without it, or with "All sections", the whole text is shown. An unknown slug falls back to all
sections with a warning that names the value.
"""

import streamlit as st

from core.theory import SECTIONS, section_text
from pages.shared import presenter, screen_fit
from pages.shared.app_entry import run_through_app
from pages.shared.theory_link import on_page

ALL = "all"

run_through_app()

st.title("Theory")
presenter.apply_style()
screen_fit.apply()
st.caption("What each number in the lessons means and where it comes from, written by us: the paper's full text was "
           "not available, so every statement carries a label saying whether the paper's abstract says it "
           "[PAPER], summaries of the paper say it [SUMMARY], it is our reconstruction of standard mathematics "
           "[RECON], or our own design or experiment [OURS]. The same text is docs/theory.md in the project.")

requested = st.query_params.get("section", ALL)
if requested != ALL and requested not in SECTIONS:
    st.warning(f"Link value section={requested[:40]!r} is not a section of this page; showing all sections. "
               f"Allowed: {', '.join(SECTIONS)}.")
    requested = ALL
options = [ALL, *SECTIONS]
chosen = st.selectbox("Section", options, index=options.index(requested),
                      format_func=lambda slug: "All sections" if slug == ALL else SECTIONS[slug])
if chosen == ALL:
    st.query_params.pop("section", None)
else:
    st.query_params["section"] = chosen

for slug in SECTIONS if chosen == ALL else [chosen]:
    st.header(SECTIONS[slug], anchor=slug)
    st.markdown(on_page(section_text(slug)))
