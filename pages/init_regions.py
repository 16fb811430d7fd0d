"""Lesson "Where you start decides where you end": maps of starts coloured by where training ends."""

import streamlit as st

from core.scenes import scenes_of
from pages.shared import scene_state
from pages.shared.app_entry import run_through_app
from pages.shared.guard import shown_errors
from pages.shared.init_regions import sections, sweep_files
from pages.shared.init_regions.controls import map_controls
from pages.shared.page_setup import start_page

run_through_app()

PAGE = "init_regions"


def map_sections(spec) -> None:
    with shown_errors():
        result, outcomes, merged = sections.map_section(spec, link)
        sections.export_section(result, outcomes)
        sections.animation_section(result, outcomes, merged)
        sections.shortcut_section(result, outcomes)


def width_sections(spec) -> None:
    with shown_errors():
        sections.width_section(link)
    with shown_errors():
        sweep_files.loaded_sweep_section()


def zero_sections(spec) -> None:
    with shown_errors():
        sections.zero_section(link)


SECTIONS = {"map": map_sections, "width": width_sections, "zero": zero_sections}

st.title("Where you start decides where you end")
link = start_page(PAGE)
scene = scenes_of(PAGE).get(scene_state.current(PAGE))
if scene is None:
    sections.intro()
spec = map_controls(link)
# Commit now, before any figure, so this run's exports carry this run's link. The inline controls
# drawn further down (merge, sweep, zero) already hold their values in session state (Streamlit
# applies widget changes before the rerun) and none clamps its value, so the link is complete.
link.commit()

# A guided scene's own section comes first, right under its text (at a projector nothing scrolls);
# the page's introduction then follows it.
focus = scene.action if scene is not None and scene.action in SECTIONS else "map"
for number, name in enumerate([focus] + [name for name in SECTIONS if name != focus]):
    SECTIONS[name](spec)
    if number == 0 and scene is not None:
        sections.intro()

link.commit()  # after the last control, as every page does (a no-op unless a control changed its value)
