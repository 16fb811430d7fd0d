"""The "plain words" setting for a first-year room (on by default in presenter mode).

When on, a provenance tag such as [RECON] becomes a small ⓘ whose hover text is the tag and what it
means (a link to the Theory page's provenance section, one click away); a touch screen has no hover, so
the text's help icon (tap to open) also lists its tags and their meanings;
each jargon word of core.glossary gets its one-line definition under the first text that uses it on
the page; and a chart's description folds into a "What this chart shows" expander (still in the
page for screen readers). When off, the text is shown as written.
"""

from __future__ import annotations

import streamlit as st

from core.glossary import TAG_WORDS, TAGS, definition_line, find_tags, replace_tags, tag_note, terms_in
from pages.shared import presenter

CHOICE = "plain.choice"     # the user's own setting; absent: follow presenter mode
WIDGET = "plain.toggle"
SEEN = "plain.seen"         # glossary terms defined so far on this page run
TAG_TARGET = "theory?section=provenance-labels"
MARK = ":material/info:"  # an icon font glyph: a "ⓘ" character is missing from many fonts
DETAIL = "More detail"    # the expander a long grey caption folds into
DETAIL_ICON = ":material/description:"  # as the "What this chart shows" expander of pages.shared.charts


def active() -> bool:
    """Whether plain words are on: the user's choice, else on exactly in presenter mode."""
    choice = st.session_state.get(CHOICE)
    return presenter.active() if choice is None else bool(choice)


def set_active(on: bool) -> None:
    st.session_state[CHOICE] = bool(on)


def _store() -> None:
    set_active(st.session_state[WIDGET])


def toggle() -> None:
    """The switch (every page draws it once, at the top); also starts the page's list of defined words."""
    st.session_state[SEEN] = set()
    st.session_state[WIDGET] = active()  # the widget follows presenter mode until the user sets it
    st.toggle("Plain words", key=WIDGET, on_change=_store,
              help="For a first-year room: sources as a small info icon (hover or tap it), a one-line definition "
                   "of each technical word, chart descriptions folded away. On by default in presenter mode.")


def tag_mark(kind: str, detail: str = "") -> str:
    """A provenance tag as a small ⓘ link whose hover text says what it means (Markdown)."""
    note = tag_note(kind, detail).replace('"', "'")
    return f'[{MARK}]({TAG_TARGET} "{note}")'


def prose(text: str) -> str:
    """``text`` as shown: with plain words on, its provenance tags become ⓘ marks."""
    return replace_tags(text, tag_mark) if active() else text


def definitions(text: str) -> str | None:
    """The definitions of the glossary words ``text`` uses for the first time on this page (None if none or off)."""
    if not active():
        return None
    seen = st.session_state.setdefault(SEEN, set())
    new = [term for term in terms_in(text) if term.name not in seen]
    seen.update(term.name for term in new)
    return " · ".join(definition_line(term) for term in new) or None


def tag_help(text: str) -> str | None:
    """The help tooltip of a text whose tags are ⓘ marks: each tag and what it means, and the Theory link.

    A touch screen has no hover: tapping a ⓘ mark follows its link to the Theory page, so the meanings are
    also in the text's help icon, which a tap opens in place (None when ``text`` has no tag)."""
    notes = list(dict.fromkeys(tag_note(kind, detail) for kind, detail in find_tags(text)))
    if not notes:
        return None
    return "  \n".join(["**Where these numbers come from**", *notes, f"More: [Theory page]({TAG_TARGET})"])


def markdown(text: str, *, container=None, caption: bool = False, **kwargs) -> None:
    """Show ``text`` (Markdown) through plain words: tags folded (their meanings in the help icon beside the
    text, which a tap opens), new jargon defined just below it."""
    target = container or st
    if active() and "help" not in kwargs:
        kwargs["help"] = tag_help(text)
    (target.caption if caption else target.markdown)(prose(text), **kwargs)
    defined = definitions(text)
    if defined:
        target.caption(f":material/menu_book: {defined}")


def caption(text: str, *, container=None, **kwargs) -> None:
    """``st.caption`` through plain words (see ``markdown``)."""
    markdown(text, container=container, caption=True, **kwargs)


def table_source(text: str) -> str:
    """A table cell naming a source: with plain words on, its tags as short words ('[RECON] grid' ->
    'reconstruction grid'), explained by ``source_legend``."""
    return replace_tags(text, lambda kind, detail: TAG_WORDS[kind]) if active() else text


def source_legend(sources: list[str], *, container=None) -> None:
    """With plain words on, a caption saying what the short words of a source column mean (those used)."""
    if not active():
        return
    kinds = dict.fromkeys(kind for text in sources for kind, _ in find_tags(text))
    if kinds:
        words = " · ".join(f"**{TAG_WORDS[kind]}**: {TAGS[kind]}" for kind in kinds)
        (container or st).caption(f"Source column: {words}.")


def detail(text: str, *, container=None, label: str = DETAIL) -> None:
    """A long grey caption: with plain words on, folded into a "More detail" expander (still in the page
    for screen readers), its tags as ⓘ and its new jargon defined inside; off, a caption as written."""
    target = container or st
    if active():
        caption(text, container=target.expander(label, icon=DETAIL_ICON))
    else:
        target.caption(text)
