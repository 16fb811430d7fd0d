"""Results of the lesson "Where you start decides where you end", cached by their full specification.

st.cache_data cannot drive a progress bar made outside the cached function (it raises
CacheReplayClosureError), so the results live in one process-wide store (an st.cache_resource)
and are computed outside it, with a progress bar, only on a miss. Results are never mutated.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable

import streamlit as st

from core.init_regions.map import train_map
from core.init_regions.width_experiment import run_width_experiment
from core.init_regions.zero_init import zero_init_demo

MAX_ENTRIES = 64  # maps, sweeps and their built figures


class _Store:
    def __init__(self):
        self.lock, self.items = threading.Lock(), OrderedDict()

    def get(self, key):
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return True, self.items[key]
        return False, None

    def put(self, key, value):
        with self.lock:
            self.items[key] = value
            while len(self.items) > MAX_ENTRIES:
                self.items.popitem(last=False)


@st.cache_resource(show_spinner=False)
def _store() -> _Store:
    return _Store()


def _cached(kind: str, spec, compute: Callable, label: str):
    """The stored result for (kind, spec), or compute it under a progress bar."""
    found, value = _store().get((kind, spec))
    if found:
        return value
    bar = st.progress(0.0, text=label)
    value = compute(spec, progress=lambda share, text: bar.progress(min(max(share, 0.0), 1.0), text=f"{label}: {text}"))
    bar.empty()
    _store().put((kind, spec), value)
    return value


def has(kind: str, spec) -> bool:
    return _store().get((kind, spec))[0]


def map_result(spec):
    # "auto": on the server's GPU when torch sees one, else its CPU; the result says which (MapResult.device)
    return _cached("map", spec, lambda key, progress: train_map(key, progress=progress, device="auto"),
                   "Training every start of the map")


def width_result(spec):
    return _cached("width", spec, run_width_experiment, "Training the width experiment")


def derived(kind: str, key, build: Callable):
    """A built figure or export, kept too: building a figure with many frames costs more than drawing it."""
    found, value = _store().get(("derived", kind, key))
    if not found:
        value = build()
        _store().put(("derived", kind, key), value)
    return value


def zero_demo(scheme: str, width: int):
    return _cached("zero", (scheme, width), lambda key, progress: zero_init_demo(key[0], key[1], learning_rate=0.2),
                   "Training the symmetric start")
