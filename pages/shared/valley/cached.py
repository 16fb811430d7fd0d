"""Cached results of the lesson "Two runs, one valley": one trained pair per (width, activation, seed), kept
for every session (results are never mutated), and the shipped width study, read once."""

from __future__ import annotations

import streamlit as st

from core.valley.live_pair import LivePair, train_live_pair
from core.valley.shipped import ShippedStudy, shipped_study

MAX_PAIRS = 32  # a pair at width 128 holds about 2 x 10k weights and its curves: small


@st.cache_resource(max_entries=MAX_PAIRS, show_spinner="Training networks A and B on the digits…")
def live_pair(width: int, activation: str, seed: int) -> LivePair:
    return train_live_pair(width, activation, seed)


@st.cache_resource(show_spinner=False)
def shipped() -> ShippedStudy:
    return shipped_study()
