"""The lesson's moves: a symmetry applied to a network, or the same move done wrongly on purpose,
together with where every row, column and bias entry travels (what the animation draws).

A move is described by a plain, hashable MoveSpec, so a page can keep a list of them in its
session and replay it. ``make_move`` turns a spec into a Move: the network before and after and,
for each weight matrix W_k and bias b_k, the new position of each old row / column / entry.

Variants: "right" is the symmetry (core.symmetry.group / core.symmetry.transforms, so the activation's rules apply
and a forbidden move is a ValueError naming the rule). The other variants leave out one piece on
purpose (core.symmetry.wrong_moves, plus the two incoming-only moves below); each changes the function of
a generic network, which is what the "break it" control shows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from core import limits
from core import rng as rng_streams
from core.engine.activations import ACTIVATIONS, Activation, get_activation
from core.engine.mlp import Params, require_params
from core.symmetry.canonical import canonical_element
from core.symmetry.checks import admits_rescaling, admits_sign_flip
from core.symmetry.group import GroupElement, random_element
from core.symmetry.transforms import writable_copies
from core.symmetry.wrong_moves import (
    naive_flip_signs,
    permute_incoming_only,
    permute_weight_rows_only,
    permute_without_bias,
    unchecked_rescale,
)
from core.validation import check_choice, check_float, check_int, shown

KINDS = {
    "swap": "Swap two units",
    "permute_layer": "Random permutation of a layer",
    "flip": "Flip a unit's sign",
    "rescale": "Rescale a unit by c",
    "random_element": "Random group element",
    "canonical": "Canonical form",  # by its own button, not in the action menu
}
ACTIONS = ("swap", "permute_layer", "flip", "rescale", "random_element")
PERMUTING = ("swap", "permute_layer", "random_element")
VARIANTS = {
    "right": "Right: a symmetry",
    "incoming_only": "Break it: move only the incoming weights and bias",
    "without_bias": "Break it: leave the bias b₍ₗ₋₁₎ behind",
    "rows_only": "Break it: move only the rows of W₍ₗ₋₁₎",
    "ignore_rule": "Break it: ignore the activation's rule",
}
VARIANT_HELP = (
    "Right: the unit's incoming row of W₍ₗ₋₁₎, its bias in b₍ₗ₋₁₎ and its outgoing column of Wₗ all move together. "
    "Incoming only: the column of Wₗ stays, so the unit's output reaches the wrong weights. "
    "Leave the bias behind: units swap biases. Rows only: neither bias nor column follows. "
    "Ignore the rule: flip a non-odd unit (ReLU; the sigmoid without its bias correction) or rescale a "
    "non-homogeneous one (tanh)."
)


SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def matrix_name(kind: str, index: int) -> str:
    """"W", 0 -> "W₀": matrices are numbered from 0, as in the figures (docs/theory.md#notation)."""
    return f"{kind}{str(index).translate(SUBSCRIPTS)}"


def unit_wiring(layer: int) -> tuple[str, str, str]:
    """The matrices a unit of hidden layer ``layer`` (1..L) owns: its row of W_{l-1}, its entry of b_{l-1}
    and its column of W_l, e.g. layer 1 -> ("W₀", "b₀", "W₁")."""
    layer = check_int(layer, "layer", (1, 10_000))
    return matrix_name("W", layer - 1), matrix_name("b", layer - 1), matrix_name("W", layer)


@dataclass(frozen=True)
class MoveSpec:
    """One move. Hidden layers are 1..L; units are stored 0-based (as in core.symmetry.checks, and in links),
    but every text shown on screen numbers them from 1 (``describe``, messages), as docs/theory.md#notation does."""

    kind: str
    layer: int = 1
    unit: int = 0
    other: int = 1        # the second unit of a swap
    scale: float = 2.0    # c of a rescale
    seed: int = 0         # random moves: core.rng.stream(seed, "symmetry")
    variant: str = "right"


@dataclass(frozen=True, eq=False)
class Move:
    """``rows[k][i]``: new row of old row i of W_k; ``cols[k][j]``: new column of old column j;
    ``bias_rows[k][i]``: new entry of old b_k[i]. ``element`` is the symmetry (None when broken)."""

    spec: MoveSpec
    before: Params
    after: Params
    element: GroupElement | None
    rows: tuple[np.ndarray, ...]
    cols: tuple[np.ndarray, ...]
    bias_rows: tuple[np.ndarray, ...]

    @property
    def is_symmetry(self) -> bool:
        """True for a move that keeps the function (it has its group element); False for a broken one."""
        return self.element is not None

    def unit_positions(self, layer: int) -> np.ndarray:
        """Where each unit of hidden layer ``layer`` ends up (it travels with its incoming row)."""
        return self.rows[layer - 1]


def variants_for(kind: str, activation: str) -> tuple[str, ...]:
    """The variants of ``kind`` that exist for ``activation``: "right" plus the ways to break it.

    "ignore_rule" is offered only where it really breaks: a plain flip is exact for odd activations
    and a plain rescale for positively homogeneous ones.
    """
    check_choice(kind, "move", KINDS)
    act = get_activation(activation)
    if kind == "canonical":
        return ("right",)
    if kind in PERMUTING:
        return ("right", "incoming_only", "without_bias", "rows_only")
    breaks_rule = not act.odd if kind == "flip" else not act.positively_homogeneous
    return ("right", "incoming_only") + (("ignore_rule",) if breaks_rule else ())


def make_move(params: Params, activation: str, spec: MoveSpec) -> Move:
    """Apply ``spec`` to ``params``; ValueError (naming layer, unit and rule) for an impossible move."""
    params, act = require_params(params), get_activation(activation)
    if not isinstance(spec, MoveSpec):
        raise TypeError(f"spec {type(spec).__name__}: must be a core.symmetry.moves.MoveSpec")
    if not isinstance(spec.variant, str) or spec.variant not in variants_for(spec.kind, act.name):
        raise ValueError(f"variant {shown(spec.variant)} for move {shown(spec.kind)} under {act.name}: must be one of "
                         f"{', '.join(variants_for(spec.kind, act.name))}")
    element = _element(params, act.name, spec)
    if spec.variant == "right":
        _check_rule(spec, act)
        return _placed(spec, params, element.apply(params, act.name), element, element.perms, True, True)
    return _broken(params, act.name, spec, element)


def shown_unit(index: object) -> str:
    """A stored 0-based unit index as the page shows it (from 1); anything else as it is."""
    return str(index + 1) if isinstance(index, int) and not isinstance(index, bool) else shown(index)


def describe(spec: MoveSpec) -> str:
    """The move in words, units numbered from 1: MoveSpec("swap", 1, 2, 5) -> "swap units 3 and 6 of layer 1"."""
    where = f"of layer {spec.layer}"
    what = {
        "swap": f"swap units {shown_unit(spec.unit)} and {shown_unit(spec.other)} {where}",
        "permute_layer": f"random permutation {where} (draw {spec.seed})",
        "flip": f"flip the sign of unit {shown_unit(spec.unit)} {where}",
        "rescale": f"rescale unit {shown_unit(spec.unit)} {where} by c = {spec.scale:g}",
        "random_element": f"random group element (draw {spec.seed})",
        "canonical": "move to the canonical form",
    }[check_choice(spec.kind, "move", KINDS)]
    how = "" if spec.variant == "right" else f" — {VARIANTS[spec.variant].split(': ', 1)[1]}"
    return what + how


def replay(params: Params, activation: str, history: Iterable[MoveSpec]) -> list[Move]:
    """Apply the specs of ``history`` one after the other; move k acts on move k-1's result."""
    moves, current = [], params
    for spec in history:
        moves.append(make_move(current, activation, spec))
        current = moves[-1].after
    return moves


# ---------------------------------------------------------------- the intended element

def _layer_and_units(params: Params, spec: MoveSpec, *, units: int) -> tuple[int, int]:
    widths = params.hidden_widths
    layer = check_int(spec.layer, "layer", (1, len(widths)))
    width = widths[layer - 1]
    where = f" in layer {layer} ({width} units: stored as indices 0..{width - 1}, shown as units 1..{width})"
    check_int(spec.unit, "unit index", (0, width - 1), where=where)
    if units == 2:
        check_int(spec.other, "second unit index", (0, width - 1), where=where)
        if spec.other == spec.unit:
            raise ValueError(f"swap of unit {shown_unit(spec.unit)} with itself in layer {layer}: "
                             "pick two different units")
    return layer, width


def _moving_permutation(width: int, rng: np.random.Generator) -> tuple[int, ...]:
    """A uniform random permutation that moves at least one unit (redrawn until it does)."""
    while True:
        perm = tuple(int(i) for i in rng.permutation(width))
        if width == 1 or perm != tuple(range(width)):
            return perm


def _element(params: Params, activation: str, spec: MoveSpec) -> GroupElement:
    widths = params.hidden_widths
    if spec.kind == "canonical":
        return canonical_element(params, activation)
    if spec.kind == "random_element":
        if max(widths) == 1 and spec.variant != "right":
            raise ValueError(f"hidden widths {list(widths)}: breaking a permutation needs a layer with 2 or more units")
        return _random_element(widths, activation, check_int(spec.seed, "seed", limits.SEED))
    if spec.kind == "swap":
        layer, width = _layer_and_units(params, spec, units=2)
        perm = list(range(width))
        perm[spec.unit], perm[spec.other] = spec.other, spec.unit
        return GroupElement.single_layer(widths, layer, perm, (1,) * width, (1.0,) * width)
    if spec.kind == "permute_layer":
        layer = check_int(spec.layer, "layer", (1, len(widths)))
        width = widths[layer - 1]
        if width == 1:
            raise ValueError(f"layer {layer} has 1 unit: a permutation needs 2 or more units to move anything")
        moved = _moving_permutation(width, rng_streams.stream(check_int(spec.seed, "seed", limits.SEED), "symmetry"))
        return GroupElement.single_layer(widths, layer, moved, (1,) * width, (1.0,) * width)
    layer, width = _layer_and_units(params, spec, units=1)
    signs, scales = [1] * width, [1.0] * width
    if spec.kind == "flip":
        signs[spec.unit] = -1
    else:  # rescale
        scales[spec.unit] = check_float(spec.scale, "c", limits.SYMMETRY_SCALE, open_low=True)
        if spec.variant != "right" and scales[spec.unit] == 1.0:
            raise ValueError("c = 1 leaves every weight where it is: pick c ≠ 1 to break anything")
    return GroupElement.single_layer(widths, layer, range(width), signs, scales)


def _listed(labels: list[str]) -> str:
    """["a", "b", "c"] -> "a, b and c"."""
    return labels[0] if len(labels) == 1 else f"{', '.join(labels[:-1])} and {labels[-1]}"


def _rule_in_words(kind: str, act: Activation) -> str:
    """Which units the move keeps the function for, in the names the page shows (not code names)."""
    if kind == "flip":
        odd = _listed([a.label for a in ACTIVATIONS.values() if a.odd])
        return (f"a sign flip keeps the function only for {odd} units (and sigmoid units, with a correction of "
                f"the next bias); {act.label} is not one of them")
    homogeneous = _listed([a.label for a in ACTIVATIONS.values() if admits_rescaling(a)])
    return f"rescaling keeps the function only for {homogeneous} units; {act.label} is not one of them"


def rule_refusal(spec: MoveSpec, activation: str) -> str | None:
    """Why the "right" version of ``spec`` is no symmetry under ``activation``, in plain words; None when it is.

    Only flips and rescalings depend on the activation; the page applies a refused one as the deliberate
    wrong move "ignore_rule" instead, so the room sees what it breaks.
    """
    act = get_activation(activation)
    if not isinstance(spec, MoveSpec):
        raise TypeError(f"spec {type(spec).__name__}: must be a core.symmetry.moves.MoveSpec")
    forbidden = ((spec.kind == "flip" and not admits_sign_flip(act))
                 or (spec.kind == "rescale" and spec.scale != 1.0 and not admits_rescaling(act)))
    return _rule_in_words(spec.kind, act) if forbidden else None


def _check_rule(spec: MoveSpec, act) -> None:
    """Refuse a flip or rescaling the activation does not allow, naming the unit as the page shows it."""
    reason = rule_refusal(spec, act.name)
    if reason is None:
        return
    unit = f"unit {shown_unit(spec.unit)} of layer {spec.layer}"
    what = f"sign flip of {unit}" if spec.kind == "flip" else f"rescaling {unit} by c = {spec.scale:g}"
    raise ValueError(f"{what}: {reason}")


def _random_element(widths, activation: str, seed: int) -> GroupElement:
    rng = rng_streams.stream(seed, "symmetry")
    while True:  # make sure something visibly moves (and that a broken version really breaks)
        element = random_element(widths, activation, rng=rng)
        if max(widths) == 1 or any(p != tuple(range(len(p))) for p in element.perms):
            return element


# ---------------------------------------------------------------- broken versions

def _broken(params: Params, activation: str, spec: MoveSpec, element: GroupElement) -> Move:
    if spec.kind in PERMUTING:
        # Flips and scales (random element) are done right; only the permutation is broken.
        unpermuted = GroupElement(GroupElement.identity(element.hidden_widths).perms, element.signs, element.scales)
        start = unpermuted.apply(params, activation)
        wrong = {"incoming_only": permute_incoming_only, "without_bias": permute_without_bias,
                 "rows_only": permute_weight_rows_only}[spec.variant]
        return _placed(spec, params, wrong(start, element.perms), None, element.perms,
                       cols_follow=spec.variant == "without_bias", bias_follows=spec.variant == "incoming_only")
    layer, unit = spec.layer, spec.unit
    factors = [np.array(s, dtype=float) * np.array(c) for s, c in zip(element.signs, element.scales)]
    if spec.variant == "incoming_only":
        after = _scale_incoming(params, layer, unit, factors[layer - 1][unit])
    elif spec.kind == "flip":
        after = naive_flip_signs(params, element.signs)
    else:
        after = unchecked_rescale(params, element.scales)
    return _placed(spec, params, after, None, element.perms, True, True)


def _scale_incoming(params: Params, layer: int, unit: int, factor: float) -> Params:
    """Multiply only the unit's incoming row and bias: its outgoing column is left behind."""
    weights, biases = writable_copies(params)
    weights[layer - 1][unit, :] *= factor
    biases[layer - 1][unit] *= factor
    return Params(tuple(weights), tuple(biases))


def _placed(spec, before, after, element, perms, cols_follow: bool, bias_follows: bool) -> Move:
    """Record where rows, columns and biases travel when hidden layer l's units follow ``perms[l-1]``."""
    # perms[l-1][i] = old unit at new place i, so old unit k lands at argsort(perm)[k].
    places = [np.argsort(np.asarray(p, dtype=np.intp)) for p in perms]
    rows, cols, bias_rows = [], [], []
    for k, w in enumerate(before.weights):
        d_out, d_in = w.shape
        hidden_out, hidden_in = k < len(places), k > 0
        rows.append(places[k] if hidden_out else np.arange(d_out))
        cols.append(places[k - 1] if hidden_in and cols_follow else np.arange(d_in))
        bias_rows.append(places[k] if hidden_out and bias_follows else np.arange(d_out))
    return Move(spec, before, after, element, tuple(rows), tuple(cols), tuple(bias_rows))
