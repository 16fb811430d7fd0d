"""Every figure goes on a page through ``show``: projector styling in presenter mode, a text
alternative, and exports (PNG, SVG, interactive HTML, CSV of the plotted data), each stamped with
the view's share link and seeds.

Exports are built only when their button is pressed (Streamlit runs the callable on click), so a
page with twenty figures sends no image, HTML or CSV until someone asks for one.
"""

from __future__ import annotations

import re

import streamlit as st

from core.exports.figure_data import figure_table
from core.exports.image import FORMATS, image_browser
from core.exports.slide import slide_image
from core.exports.stamp import stamped_csv, stamped_html
from core.exports.stills import is_animated
from core.figures.theme import projector
from pages.shared import plain_words, presenter, scene_figure
from pages.shared.url_sync import provenance

ANIMATED = "PNG and SVG show the first and last frame, before and after; the HTML keeps the animation."
NO_BROWSER = ("PNG and SVG need a Chromium on the server for kaleido, and none was found. "
              "Use the camera button at the chart's top right for a PNG.")


def _file_stem(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "figure"


def export_menu(fig, key: str, name: str, *, table=None) -> None:
    """A small menu of downloads for one figure (built lazily, stamped with link and seeds).

    PNG and SVG are slide-ready whatever the mode on screen: projector type, the link and seeds in a
    footer band and in the file's metadata, an animation as its before and after frames.
    """
    origin = provenance()
    link, seeds, stem = origin["link"], origin["seeds"], _file_stem(name)
    with st.popover("Export", icon=":material/download:"):
        st.caption("Every file carries this view's link and seeds.")
        if image_browser() is None:
            st.caption(NO_BROWSER)
        else:
            if is_animated(fig):
                st.caption(ANIMATED)
            for fmt, mime in FORMATS.items():
                st.download_button(fmt.upper(), data=lambda fmt=fmt: slide_image(fig, fmt, link, seeds),
                                   file_name=f"{stem}.{fmt}", mime=mime, key=f"{key}.export.{fmt}",
                                   on_click="ignore", icon=":material/image:")
        st.download_button("HTML (interactive)", data=lambda: stamped_html(fig, link, seeds),
                           file_name=f"{stem}.html", mime="text/html", key=f"{key}.export.html",
                           on_click="ignore", icon=":material/web:")
        st.download_button("CSV (the plotted data)",
                           data=lambda: stamped_csv(figure_table(fig) if table is None else table, link, seeds),
                           file_name=f"{stem}.csv", mime="text/csv", key=f"{key}.export.csv",
                           on_click="ignore", icon=":material/table:")


def show(fig, key: str, *, alt: str, name: str | None = None, table=None, container=None, **chart_args) -> None:
    """Draw a figure with its text alternative and export menu.

    ``alt`` says in words what the figure shows (screen readers, projector back rows); with plain words on
    (pages/shared/plain_words.py) it folds into a "What this chart shows" expander, still in the page;
    ``table`` replaces the plotted points as the CSV when the page has better data at hand.
    """
    kept = scene_figure.take(key)  # the current scene's key figure goes beside its text
    target = kept if kept is not None else container if container is not None else st
    drawn = projector(fig) if presenter.active() else fig
    target.plotly_chart(drawn, key=key, **chart_args)
    # A wrapping row: the menu keeps its whole "Export" label (a sixth of a half-width column cut it to "E…") and
    # goes under the text when the row is too narrow for both.
    with target.container(horizontal=True, vertical_alignment="center", gap="small"):
        if plain_words.active():  # folded for a first-year room, still in the page for screen readers
            st.expander("What this chart shows", icon=":material/description:").caption(plain_words.prose(alt))
        else:
            st.caption(alt)
        export_menu(fig, key, name or key, table=table)  # exports keep the figure's own look
