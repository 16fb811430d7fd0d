"""The move controls and the list of moves applied so far (st.session_state[HISTORY]).

Buttons only edit the history (callbacks); the page replays it through one cached core call. A
move the activation forbids (a sign flip under ReLU, say) is refused with core's message, which
names the layer, the unit and the rule, and the history is left as it was.
"""

from __future__ import annotations

import hashlib

import streamlit as st

from core.moves import ACTIONS, KINDS, VARIANT_HELP, VARIANTS, MoveSpec, variants_for
from core.presets import TrainedNetwork
from pages.shared import symmetry_cached

HISTORY, NETWORK_KEY, COUNTER, REFUSED = "sym.history", "sym.network_key", "sym.counter", "sym.refused"
SCALES = [0.1, 0.2, 0.25, 0.5, 0.8, 1.25, 2.0, 4.0, 5.0, 10.0]
NEEDS_UNIT = ("swap", "flip", "rescale")


def _fingerprint(network: TrainedNetwork) -> str:
    return hashlib.sha256(network.params.flatten().tobytes() + network.activation.encode()).hexdigest()


def history(network: TrainedNetwork) -> list[MoveSpec]:
    """The moves applied to this network; a different network starts with none."""
    key = _fingerprint(network)
    if st.session_state.get(NETWORK_KEY) != key:
        st.session_state[NETWORK_KEY], st.session_state[HISTORY] = key, []
    return st.session_state[HISTORY]


def _clamp(key: str, options) -> None:
    """Keep a widget's stored value among its options (they change with the network)."""
    if st.session_state.get(key) not in options:
        st.session_state[key] = options[0]


def _apply() -> None:
    s = st.session_state
    s[COUNTER] = s.get(COUNTER, 0) + 1
    s[HISTORY] = s[HISTORY] + [MoveSpec(s["sym.kind"], layer=s["sym.layer"], unit=s["sym.unit"],
                                        other=s.get("sym.other", 0), scale=s.get("sym.scale", 2.0),
                                        seed=s[COUNTER], variant=s["sym.variant"])]


def append_move(spec: MoveSpec) -> None:
    st.session_state[HISTORY] = st.session_state[HISTORY] + [spec]


def _undo() -> None:
    st.session_state[HISTORY] = st.session_state[HISTORY][:-1]


def _reset() -> None:
    st.session_state[HISTORY] = []


def move_controls(network: TrainedNetwork) -> None:
    """Choose a move, how to do it (right or broken), and apply, undo or reset."""
    widths, activation = network.params.hidden_widths, network.activation
    applied = history(network)
    kind_col, layer_col, unit_col, extra_col, how_col = st.columns([2.1, 0.7, 0.7, 0.8, 2.6])
    kind = kind_col.selectbox("Move", ACTIONS, format_func=KINDS.get, key="sym.kind")
    _clamp("sym.layer", list(range(1, len(widths) + 1)))
    layer = layer_col.selectbox("Layer", range(1, len(widths) + 1), key="sym.layer",
                                disabled=kind == "random_element",
                                help="Hidden layers 1..L, as in the paper's notation.")
    units = list(range(widths[layer - 1]))
    _clamp("sym.unit", units)
    unit_col.selectbox("Unit", units, key="sym.unit", disabled=kind not in NEEDS_UNIT,
                       help="Units are numbered from 0, like the rows of W in the picture below.")
    if kind == "swap":
        _clamp("sym.other", units[1:] + units[:1])
        extra_col.selectbox("With unit", units, key="sym.other")
    elif kind == "rescale":
        st.session_state.setdefault("sym.scale", 2.0)
        extra_col.select_slider("c", SCALES, key="sym.scale", help="Incoming weights × c, outgoing ÷ c.")
    options = variants_for(kind, activation)
    _clamp("sym.variant", list(options))
    how_col.selectbox("How", options, format_func=VARIANTS.get,
                      key="sym.variant", help=VARIANT_HELP)
    apply_col, undo_col, reset_col, canon_col, _ = st.columns([1.4, 1, 1, 1.6, 1.6])
    apply_col.button("Apply move", icon=":material/play_arrow:", type="primary", key="sym.apply",
                     on_click=_apply, width="stretch")
    undo_col.button("Undo", icon=":material/undo:", key="sym.undo", on_click=_undo, width="stretch",
                    disabled=not applied)
    reset_col.button("Reset", icon=":material/restart_alt:", key="sym.reset", on_click=_reset,
                     width="stretch", disabled=not applied,
                     help="Back to the network you started with.")
    canon_col.button("Canonical form", icon=":material/sort:", key="sym.canonical", on_click=append_move,
                     args=(MoveSpec("canonical"),), width="stretch",
                     help="Un-scramble: move to the one representative of this network's orbit.")


def current_result(network: TrainedNetwork):
    """The cached lesson state for the history; a refused last move is dropped with its message shown."""
    moves = history(network)
    args = (network.params, network.activation, network.train, network.test)
    try:
        return symmetry_cached.lesson(*args, tuple(moves))
    except (ValueError, TypeError) as error:
        if not moves:
            raise
        st.session_state[HISTORY] = moves[:-1]
        st.error(f"That move was refused, and nothing changed: {error}", icon=":material/block:")
        return symmetry_cached.lesson(*args, tuple(moves[:-1]))
