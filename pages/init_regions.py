"""Lesson "Where you start decides where you end": maps of starts coloured by where training ends."""

import streamlit as st

from pages.shared import init_sections as sections
from pages.shared.guard import shown_errors
from pages.shared.init_controls import map_controls

st.title("Where you start decides where you end")
sections.intro()
spec = map_controls()

with shown_errors():
    result, outcomes, merged = sections.map_section(spec)
    sections.export_section(result, outcomes)
    sections.animation_section(result, outcomes, merged)
    sections.shortcut_section(result, outcomes)

with shown_errors():
    sections.width_section()

with shown_errors():
    sections.zero_section()
