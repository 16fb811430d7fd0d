"""The move controls and the list of moves applied so far (the link setting ``moves``, a tuple of MoveSpecs).

Buttons only edit the list (callbacks); the page replays it through one cached core call. A "right" move
the activation forbids (a sign flip under ReLU, a tanh unit rescaled) is applied as the deliberate wrong move
"ignore_rule", with the rule said in plain words; one a link carries is refused with core's message, which
names the layer, the unit and the rule, and the list is left as it was. Moves are kept normalised (core.links.moves), so
the list a link reads back is the very list the page holds, and replays to the same weights bit for bit.
"""

from __future__ import annotations

import dataclasses

import streamlit as st

from core import limits
from core.engine.presets import TrainedNetwork
from core.links.moves import check_fits, normalised
from core.links.symmetries import MOVE_SCALES
from core.symmetry.moves import ACTIONS, KINDS, VARIANT_HELP, VARIANTS, MoveSpec, rule_refusal, shown_unit, variants_for
from pages.shared.symmetries import cached as symmetry_cached

COUNTER, REFUSED, BROKEN_RULE = "sym.counter", "sym.refused", "sym.broken_rule"
NEEDS_UNIT = ("swap", "flip", "rescale")
RANDOM = ("permute_layer", "random_element")


def history(link) -> tuple[MoveSpec, ...]:
    return tuple(link.value("moves"))


def _clamp(link, name: str, options) -> None:
    """Keep a setting among its options (they change with the network)."""
    if link.value(name) not in options:
        link.set(name, options[0])


def clamp_settings(link, network: TrainedNetwork) -> None:
    """Bring the move controls within this network's layers, units and variants (before any is drawn)."""
    widths = network.params.hidden_widths
    _clamp(link, "layer", list(range(1, len(widths) + 1)))
    units = list(range(widths[link.value("layer") - 1]))
    _clamp(link, "unit", units)
    _clamp(link, "with", units[1:] + units[:1])
    _clamp(link, "how", list(variants_for(link.value("move"), network.activation)))


def _append(link, spec: MoveSpec) -> None:
    """Add a move unless a link could not carry the longer list (then say why)."""
    moves = history(link) + (normalised(spec),)
    try:
        check_fits(moves)
    except ValueError as error:
        st.session_state[REFUSED] = str(error)
        return
    link.set("moves", moves)


def _as_wrong_move(link, spec: MoveSpec, activation: str) -> MoveSpec:
    """A "right" flip or rescaling the activation does not allow (a tanh unit rescaled) is applied as the
    deliberate wrong move "ignore_rule", as Break it does, so the room sees what it breaks; the page says why."""
    reason = rule_refusal(spec, activation) if spec.variant == "right" else None
    if reason is None:
        return spec
    link.set("how", "ignore_rule")
    st.session_state[BROKEN_RULE] = (f"{reason[0].upper()}{reason[1:]}. So it was applied as a deliberate wrong "
                                     f"move (“{VARIANTS['ignore_rule']}”): the gap below shows what it breaks.")
    return dataclasses.replace(spec, variant="ignore_rule")


def _apply(link, activation: str) -> None:
    s = st.session_state
    kind = link.value("move")
    seed = 0
    if kind in RANDOM:  # a new draw each time (the seed travels in the link)
        s[COUNTER] = max([s.get(COUNTER, 0)] + [m.seed for m in history(link)]) + 1
        seed = s[COUNTER]
    spec = MoveSpec(kind, layer=link.value("layer"), unit=link.value("unit"), other=link.value("with"),
                    scale=link.value("c"), seed=seed, variant=link.value("how"))
    _append(link, _as_wrong_move(link, spec, activation))


def append_move(link, spec: MoveSpec) -> None:
    _append(link, spec)


def _undo(link) -> None:
    link.set("moves", history(link)[:-1])


def _reset(link) -> None:
    link.set("moves", ())


def move_controls(link, network: TrainedNetwork) -> None:
    """Choose a move, how to do it (right or broken), and apply, undo or reset."""
    widths, activation = network.params.hidden_widths, network.activation
    applied = history(link)
    kind_col, layer_col, unit_col, extra_col, how_col = st.columns([2.1, 0.7, 0.7, 0.8, 2.6])
    kind = link.control("move", kind_col.selectbox, "Move", ACTIONS, format_func=KINDS.get)
    _clamp(link, "how", list(variants_for(kind, activation)))
    link.control("layer", layer_col.selectbox, "Layer", range(1, len(widths) + 1),
                 disabled=kind == "random_element",
                 help="Hidden layers 1..L; layer l sits between the matrices W₍ₗ₋₁₎ and Wₗ of the picture below.")
    units = list(range(widths[link.value("layer") - 1]))
    _clamp(link, "unit", units)
    link.control("unit", unit_col.selectbox, "Unit", units, disabled=kind not in NEEDS_UNIT, format_func=shown_unit,
                 help="Units are numbered from 1, like the labels beside the rows of W in the picture below.")
    if kind == "swap":
        _clamp(link, "with", units[1:] + units[:1])
        link.control("with", extra_col.selectbox, "With unit", units, format_func=shown_unit)
    elif kind == "rescale":
        link.control("c", extra_col.select_slider, "c", MOVE_SCALES, help="Incoming weights × c, outgoing ÷ c.")
    link.control("how", how_col.selectbox, "How", variants_for(kind, activation), format_func=VARIANTS.get,
                 help=VARIANT_HELP)
    full = len(applied) >= limits.SYMMETRY_LINK_MOVES
    room = (f"A link carries at most {limits.SYMMETRY_LINK_MOVES} moves: Undo or Reset to go on." if full
            else None)
    apply_col, undo_col, reset_col, canon_col, _ = st.columns([1.4, 1, 1, 1.6, 1.6])
    apply_col.button("Apply move", icon=":material/play_arrow:", type="primary", key="sym.apply",
                     on_click=_apply, args=(link, activation), width="stretch", disabled=full, help=room)
    undo_col.button("Undo", icon=":material/undo:", key="sym.undo", on_click=_undo, args=(link,), width="stretch",
                    disabled=not applied)
    reset_col.button("Reset", icon=":material/restart_alt:", key="sym.reset", on_click=_reset, args=(link,),
                     width="stretch", disabled=not applied, help="Back to the network you started with.")
    canon_col.button("Canonical form", icon=":material/sort:", key="sym.canonical", on_click=append_move,
                     args=(link, MoveSpec("canonical")), width="stretch", disabled=full,
                     help=room or "Un-scramble: move to the one representative of this network's orbit.")
    broken_rule = st.session_state.pop(BROKEN_RULE, None)
    if broken_rule:
        st.warning(broken_rule, icon=":material/warning:")
    refused = st.session_state.pop(REFUSED, None)
    if refused:
        st.error(f"That move was not applied: {refused}", icon=":material/block:")


def current_result(link, network: TrainedNetwork):
    """The cached lesson state for the moves; a refused last move is dropped with core's message shown,
    and moves that do not fit this network at all (a link made on another one) are all dropped."""
    moves = history(link)
    args = (network.params, network.activation, network.train, network.test)
    try:
        return symmetry_cached.lesson(*args, moves)
    except (ValueError, TypeError) as error:
        if not moves:
            raise
        try:
            result = symmetry_cached.lesson(*args, moves[:-1])
        except (ValueError, TypeError):
            link.set("moves", ())
            st.error(f"The moves do not fit this network ({error}); starting again from no moves.",
                     icon=":material/block:")
            return symmetry_cached.lesson(*args, ())
        link.set("moves", moves[:-1])
        st.error(f"That move was refused, and nothing changed: {error}", icon=":material/block:")
        return result
