"""What every lesson page does first: follow a scene request, read its link, style, draw the scene bar."""

from __future__ import annotations

from core.links import PAGE_FIELDS
from core.scenes import scenes_of
from pages.shared import plain_words, presenter, scene_panel, screen_fit
from pages.shared.url_sync import PageLink


def start_page(page_id: str) -> PageLink:
    """Call right after st.title; returns the page's link (draw controls through it, then commit)."""
    link = PageLink(page_id, PAGE_FIELDS[page_id], scenes=scenes_of(page_id))
    scene_panel.follow_requests(link)
    link.load()
    presenter.apply_style()
    screen_fit.apply()
    plain_words.toggle()
    scene_panel.scene_bar(link)
    return link
