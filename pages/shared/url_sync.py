"""Keeps a page's controls and its link in step.

A page declares its settings as core.links.url_state Fields and calls, in this order::

    link = PageLink("train", FIELDS, scenes=...).load()   # before any widget
    noise = link.control("noise", st.slider, "Noise", 0.0, 1.0, step=0.05)
    ...
    link.commit()                                          # after the last control

``load`` applies a link once: when the page opens with a query it has not written itself (a
link someone sent, a scene's Next button), the link's values (or, for settings it does not
carry, the scene's and then the defaults) go into the widgets. Otherwise the session keeps its
own values, also across page switches (Streamlit forgets a widget's value when its page is left,
so the last values are kept in STORE). ``commit`` writes every setting back to the address bar.

Widgets are created without ``value=``: Streamlit warns when a widget has both a default and a
value set through session state, and here session state always holds the value.

Locks. A student link (``hide=...``, ``*_hide=true`` or ``student=1``) is the teacher's setup: a hidden
control keeps the link's value against everything a person can press on the page: a scene (its start
button, Next/Previous), a scene's phrase and a preset all go through :meth:`PageLink.choose` or
``_scene_values``, which leave a locked setting as it is. ``set`` itself is not locked: a page keeping
its own settings valid (a unit number clamped to a smaller network) still may. The session remembers
it was opened from a student link (the tour and the presenter switch are dropped, scene_panel.py, and
presenter mode stays off: it hides the sidebar), and the link keeps ``student=1`` (never ``present=1``)
when written back.

Browser history. Streamlit adds a history entry whenever a page writes a new query, and Back/Forward
rerun the page with the entry's query. What a person expects from Back is the view they saw, without
losing work: so a query that arrives in a session which has already shown this page, and whose settings
are the session's own settings, restores the view but not the page's *record* fields (the Train
lesson's ``step`` and ``lrs``, core.links.PAGE_RECORDS): the run the session holds is kept, neither
rewound nor replayed. Such a query can only come from this session's own history: a link typed into the
address bar or opened from elsewhere loads the app afresh, in a new session, and replays its step. A
query with other settings (Back to a view before the dataset was changed) is applied in full: its
settings and the step it showed (a seeded replay, the same weights). A scene's link (Next/Previous to
another page) always applies its step: the scene asks for it. Streamlit also gives a page opened from the
sidebar two entries (its bare address, then its link), so the first Back showed the same view again:
pages/shared/history_entries.py makes the page's own first write of its link replace that entry.
"""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from core.links import PAGE_RECORDS
from core.links.url_state import decode_query, encode_query, share_link
from pages.shared import history_entries, presenter, scene_state
from pages.shared.session import URL_HIDDEN as HIDDEN
from pages.shared.session import URL_PROVENANCE as PROVENANCE
from pages.shared.session import URL_REQUESTED as REQUESTED
from pages.shared.session import URL_STUDENT as STUDENT
from pages.shared.session import URL_VALUES as STORE
from pages.shared.session import URL_WARNINGS as NOTES
from pages.shared.session import URL_WRITTEN as WRITTEN

DEFAULT_ONLY = ("value", "index")


class PageLink:
    def __init__(self, page: str, fields, *, scenes=None):
        self.page, self.fields = page, tuple(fields)
        self.by_name = {f.name: f for f in self.fields}
        self.scenes = scenes or {}  # scene id -> core.scenes.Scene of this page
        self.records = PAGE_RECORDS.get(page, ())  # settings the page records about its run (see the docstring)

    # ------------------------------------------------------------ reading the link

    def load(self) -> PageLink:
        s = st.session_state
        for name in (STORE, WRITTEN, NOTES, HIDDEN, REQUESTED):
            s.setdefault(name, {})
        query = st.query_params.to_dict()
        if query and query != s[WRITTEN].get(self.page):
            self._apply_link(query)
        else:
            s[STORE].setdefault(self.page, {f.name: f.default for f in self.fields})
            pending = scene_state.take_pending(self.page)
            if pending is not None:
                self._apply_values(self._scene_values(pending, given={}))
        self._restore_widgets()
        history_entries.one_entry_per_view()  # once per page run, before commit writes the link
        for warning in s[NOTES].get(self.page, ()):
            st.warning(f"From the link: {warning}.", icon=":material/link_off:")
        return self

    def _apply_link(self, query: dict) -> None:
        s = st.session_state
        decoded = decode_query(self.fields, query, scenes=self.scenes)
        given = {name: decoded.values[name] for name in decoded.given}
        values = self._scene_values(decoded.scene, given) if decoded.scene else decoded.values
        kept = () if decoded.scene else self._records_kept(values)
        self._apply_values({**values, **{name: s[STORE][self.page][name] for name in kept}}, unrequested=kept)
        # A student keeps the teacher's locks when a link without them arrives in the session (a scene's link).
        s[HIDDEN][self.page] = decoded.hidden or (self.hidden if self.student else frozenset())
        s[NOTES][self.page] = decoded.warnings
        if decoded.student:
            s[STUDENT] = True  # for the rest of the session: a student does not get the tour back by navigating
        scene_state.set_current(self.page, decoded.scene)
        presenter.set_active(decoded.present and not self.student)  # never on a student link: no switch to leave

    def _records_kept(self, values: dict) -> tuple:
        """The record fields to keep from the session: all of them when the session has shown this page with
        exactly these settings (Back/Forward to a view of the run it holds), none otherwise."""
        shown = st.session_state[STORE].get(self.page)
        if not self.records or shown is None:
            return ()
        settings = [f.name for f in self.fields if f.name not in self.records]
        if any(shown.get(name, self.by_name[name].default) != values[name] for name in settings):
            return ()
        return tuple(name for name in self.records if name in shown)

    def _scene_values(self, scene_id: str, given: dict) -> dict:
        """Defaults, then the scene's settings, then whatever the link itself carries; a locked setting
        (hidden by the teacher's link) keeps its value."""
        values = {f.name: f.default for f in self.fields}
        values.update(self.scenes[scene_id].settings)
        values.update(given)
        values.update({name: self.value(name) for name in self.locked})
        scene_state.set_current(self.page, scene_id)
        return values

    def _apply_values(self, values: dict, *, unrequested=()) -> None:
        s = st.session_state
        s[STORE][self.page] = dict(values)
        for f in self.fields:
            s[f.key] = values[f.name]
        s[REQUESTED][self.page] = {f.name for f in self.fields} - set(unrequested)

    def _restore_widgets(self) -> None:
        s, store = st.session_state, st.session_state[STORE][self.page]
        for f in self.fields:
            if f.key not in s:
                s[f.key] = store.get(f.name, f.default)

    # ------------------------------------------------------------ drawing controls

    @property
    def hidden(self) -> frozenset:
        return st.session_state.get(HIDDEN, {}).get(self.page, frozenset())

    @property
    def locked(self) -> frozenset:
        """Settings the teacher's link fixed: its hidden controls keep the link's value."""
        return self.hidden

    @property
    def student(self) -> bool:
        """True once this session opened a student link (``student=1`` or any hidden control)."""
        return bool(st.session_state.get(STUDENT, False))

    def value(self, name: str):
        """A setting's current value, drawn or not."""
        key = self.by_name[name].key
        return st.session_state.get(key, st.session_state[STORE][self.page].get(name, self.by_name[name].default))

    def control(self, name: str, widget, *args, **kwargs):
        """Draw ``widget`` for setting ``name`` (unless the link hides it) and return its value."""
        if name in self.hidden:
            return self.value(name)
        for default_argument in DEFAULT_ONLY:
            kwargs.pop(default_argument, None)
        return widget(*args, key=self.by_name[name].key, **kwargs)

    def tabs(self, name: str, labels) -> list:
        """Tabs whose selection is setting ``name``. Only the open tab is returned (the others are
        None, so callers skip them): a closed tab's content is never computed or sent, and picking
        another tab reruns the page. When a link hides the choice, the chosen tab's content is shown
        in a plain container, with no tab bar."""
        if name in self.hidden:
            chosen = self.value(name)
            return [st.container() if label == chosen else None for label in labels]
        tabs = self.control(name, st.tabs, list(labels), on_change="rerun")
        return [tab if getattr(tab, "open", True) else None for tab in tabs]

    def set(self, name: str, value, *, request: bool = True) -> None:
        """Set a setting from a callback (a scene phrase, a "use the trained network" button).

        ``request`` marks it as asked for (see ``take_request``); a page recording its own state
        (the Train lesson's step before writing the link) passes ``request=False``.
        """
        s = st.session_state
        s[self.by_name[name].key] = value
        s.setdefault(STORE, {}).setdefault(self.page, {})[name] = value
        if request:
            s.setdefault(REQUESTED, {}).setdefault(self.page, set()).add(name)

    def choose(self, settings: Mapping) -> frozenset:
        """Set what a person picked through a scene phrase or a preset button; a locked setting keeps
        its value. Returns the settings that were kept (the caller may say so)."""
        kept = frozenset(name for name in settings if name in self.locked)
        for name, value in settings.items():
            if name not in kept:
                self.set(name, value)
        return kept

    def take_request(self, name: str) -> bool:
        """True once after a link, scene or phrase set ``name`` (e.g. a step to train to)."""
        requested = st.session_state.setdefault(REQUESTED, {}).setdefault(self.page, set())
        if name in requested:
            requested.discard(name)
            return True
        return False

    # ------------------------------------------------------------ writing the link

    def commit(self, seeds: dict | None = None) -> str:
        """Write every setting (and the flags) to the address bar; returns the share link.

        ``seeds``: seeds the view depends on that are no setting of their own (a preset network's data and
        init seeds, fixed by its name), added to the provenance stamped on exports."""
        s = st.session_state
        values = {f.name: self.value(f.name) for f in self.fields}
        s[STORE][self.page] = dict(values)
        query = encode_query(self.fields, values, hidden=self.hidden,
                             scene=scene_state.current(self.page), present=presenter.active(),
                             student=self.student)
        if query != st.query_params.to_dict():
            st.query_params.from_dict(query)
        s[WRITTEN][self.page] = query
        link = share_link(_page_url(), query)
        seeds = {**{name: value for name, value in values.items() if "seed" in name}, **(seeds or {})}
        s[PROVENANCE] = dict(link=link, seeds=seeds, page=self.page)
        return link


def _page_url() -> str:
    """This page's address as the browser sees it (empty under AppTest, which has no browser)."""
    try:
        return st.context.url or ""
    except Exception:  # no browser context (tests, scripts): a link without a host
        return ""


def provenance() -> dict:
    """The link and seeds of the view being shown (for exports)."""
    return st.session_state.get(PROVENANCE, dict(link="", seeds={}, page=""))
