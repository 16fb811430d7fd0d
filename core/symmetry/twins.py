"""Twins: how many distinct weight settings the finite symmetry group makes from a network, and a few of them.

The finite group G (core.symmetry.group.group_order) has prod_l d_l! permutations, times 2^{d_l} per layer
when the activation admits sign flips. A generic network has |G| distinct twins (itself included). A
network that some element other than the identity leaves unchanged has *fewer*: exactly |G| / |Stab(θ)|
(``distinct_twins``; core.symmetry.stabiliser counts Stab(θ) exactly on the float64 numbers and returns
one such element, which the sentence names). Duplicate units (possibly up to sign) and all-zero units are
the simplest cause, but not the only one (two layers can be tied together without any duplicate unit), and
a dead unit alone (outgoing weights 0, incoming ones not) is no cause at all. Which activations have more
than G (ReLU rescaling, sin's shifts, every invertible mixture of a linear layer):
core.symmetry.activation_facts. Theory: docs/theory.md#distinct-twins.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from core.big_numbers import format_count
from core.engine.activations import get_activation
from core.engine.distances import function_gap, parameter_distance
from core.engine.mlp import Params
from core.limits import LIBRARY, EngineLimits
from core.symmetry.activation_facts import facts_for
from core.symmetry.checks import admits_sign_flip
from core.symmetry.group import GroupElement, group_order, random_symmetry, rescaling_dimension
from core.symmetry.stabiliser import Automorphism, stabiliser
from core.validation import check_int

SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
MAX_GALLERY = 8


@dataclass(frozen=True)
class TwinCount:
    widths: tuple[int, ...]
    activation: str
    count: int            # |G|: distinct twins of a generic network, θ itself included
    formula: str          # e.g. "(8!·2⁸)²"
    formatted: str        # core.big_numbers.format_count(count)
    rescaling_dim: int    # 0 unless the activation is positively homogeneous

    @property
    def architecture(self) -> str:
        """The widths joined by dashes, e.g. "2-8-8-1"."""
        return "-".join(str(d) for d in self.widths)


def superscript(n: int) -> str:
    """``n`` written in Unicode superscript digits, e.g. 28 -> "²⁸"."""
    return str(n).translate(SUPERSCRIPTS)


def count_formula(hidden_widths: Sequence[int], with_flips: bool) -> str:
    """The group order as a product, equal layers grouped: (8!·2⁸)², 5!·4!, (3!)²·2! ..."""
    factors = Counter(hidden_widths)  # keeps first-seen order
    parts = []
    for d, repeats in factors.items():
        factor = f"{d}!·2{superscript(d)}" if with_flips else f"{d}!"
        grouped = repeats > 1 or (with_flips and len(factors) > 1)
        parts.append(f"({factor})" if grouped else factor)
        if repeats > 1:
            parts[-1] += superscript(repeats)
    return "·".join(parts)


def twin_count(widths: Sequence[int], activation: str, *, limits: EngineLimits | None = LIBRARY) -> TwinCount:
    """How many weight settings compute a generic ``widths`` network's function: exact count, formula, display
    text. ``limits`` bounds ``widths`` (core.symmetry.group.group_order; the app passes COUNTING_CLASSROOM)."""
    act = get_activation(activation)
    widths = tuple(int(d) for d in widths)
    count = group_order(widths, act.name, limits=limits)
    formula = count_formula(widths[1:-1], admits_sign_flip(act))
    return TwinCount(widths, act.name, count, formula, format_count(count),
                     rescaling_dimension(widths, act.name, limits=limits))


def twin_sentence(twins: TwinCount) -> str:
    """'a generic 2-8-8-1 tanh network has (8!·2⁸)² = 106,542,032,486,400 distinct twins in this group'."""
    label = get_activation(twins.activation).label
    equals = "" if twins.formatted.startswith("≈") else "= "
    return (f"a generic {twins.architecture} {label} network has {twins.formula} {equals}{twins.formatted} "
            "distinct twins in this group (itself included)")


@dataclass(frozen=True)
class DistinctTwins:
    generic: TwinCount
    count: int        # distinct g·θ over the finite group, θ included
    stabiliser: int   # |Stab(θ)| = generic.count // count
    witness: Automorphism | None = None  # one non-identity element fixing θ, found by the search

    @property
    def formatted(self) -> str:
        """The count as on-screen text (thousands separators; exact however large)."""
        return format_count(self.count)

    @property
    def is_generic(self) -> bool:
        """True when no non-identity element fixes θ (then count == |G|)."""
        return self.stabiliser == 1


def distinct_twins(params: Params, activation: str) -> int:
    """How many distinct weight settings g·θ the finite group makes from θ (θ itself included): |G| / |Stab(θ)|.

    Exact on θ's float64 numbers taken as exact reals (equality without tolerance). 1 for an all-zero
    network, |G| for a generic one.
    """
    return count_distinct_twins(params, activation).count


def count_distinct_twins(params: Params, activation: str) -> DistinctTwins:
    """``distinct_twins`` with the generic count and |Stab(θ)| beside it."""
    generic = twin_count(params.widths, activation)
    found = stabiliser(params, activation)
    return DistinctTwins(generic, generic.count // found.order, found.order, found.witness)


def distinct_headline(twins: DistinctTwins) -> str:
    """The count for this very network in one short line: the number and what it counts."""
    net = f"this {twins.generic.architecture} {get_activation(twins.generic.activation).label} network"
    # Where the equivalent weights are infinitely many, the count is the finite group's share only:
    # the same line says so, so it never reads as all the twins there are.
    facts = facts_for(twins.generic.activation)
    alone = f" from {facts.finite_group} alone" if facts.infinite else ""
    if twins.count == 1:
        return f"{net} has no twin but itself{alone}"
    return f"{net} has {twins.formatted} distinct twins{alone} (itself included)"


def distinct_explanation(twins: DistinctTwins) -> str:
    """Under which moves the count holds, and why it is (or is not) the generic count, in words."""
    under = f"Counted under {facts_for(twins.generic.activation).finite_group}"
    if twins.is_generic:
        return (f"{under}: no such move but the identity leaves its weights unchanged, so it has the generic "
                "count.")
    fewer = "" if twins.count == 1 else ", fewer than a generic network has"
    reason, more = witness_words(twins.witness)
    return (f"{under}{fewer}: some symmetry other than the identity leaves these weights unchanged "
            f"({format_count(twins.stabiliser)} group elements leave them exactly unchanged, the identity included); "
            f"for example, {reason}{more}.")


def distinct_sentence(twins: DistinctTwins) -> str:
    """The count for this very network, under which moves, and how it relates to the generic count, in words."""
    return f"{distinct_headline(twins)}. {distinct_explanation(twins)}"


def _cycles(moved: dict[int, tuple[int, int]]) -> list[list[int]]:
    """The permutation part of one layer as cycles of unit indices (fixed units left out)."""
    cycles, seen = [], set()
    for start in sorted(moved):
        if start in seen or moved[start][0] == start:
            continue
        cycle, unit = [], start
        while unit not in seen:
            seen.add(unit)
            cycle.append(unit)
            unit = moved.get(unit, (unit, 1))[0]
        cycles.append(cycle)
    return cycles


def _layer_words(layer: int, moved: dict[int, tuple[int, int]]) -> list[str]:
    """What the element does to one hidden layer, units numbered from 1 as on screen."""
    words = []
    for cycle in _cycles(moved):
        shown = [str(u + 1) for u in cycle]
        words.append(f"swaps units {shown[0]} and {shown[1]} of layer {layer}" if len(cycle) == 2
                     else f"cycles units {' → '.join(shown + shown[:1])} of layer {layer} (each to the next's place)")
    flipped = [str(u + 1) for u, (_, sign) in sorted(moved.items()) if sign < 0]
    if flipped:
        words.append(f"flips the sign of unit{'s' if len(flipped) > 1 else ''} {', '.join(flipped)} of layer {layer}")
    return words


def witness_words(witness: Automorphism | None) -> tuple[str, str]:
    """(the example in words, an extra sentence on equivalent weights outside the group, or "").

    A single swap in one layer with every other unit fixed means the two units own the same numbers
    (one the negative of the other when both flip); a lone flip means the unit owns only zeros. Only for
    those two shapes is the extra sentence about weights outside the group stated: it is about those units.
    """
    if witness is None or witness.is_identity:
        raise ValueError("a network with fewer than the generic number of twins needs a non-identity witness")
    by_layer: dict[int, dict[int, tuple[int, int]]] = {}
    for (layer, unit), point in witness.moved.items():
        if point != (unit, 1):
            by_layer.setdefault(layer, {})[unit] = point
    if len(by_layer) == 1:
        (layer, moved), = by_layer.items()
        items = sorted(moved.items())
        if len(items) == 1 and items[0][1] == (items[0][0], -1):
            u = items[0][0] + 1
            return (f"unit {u} of layer {layer} owns only zeros (incoming weights, bias and outgoing weights), so "
                    "flipping its sign changes nothing",
                    ". Its incoming weights and bias could then be anything (its outgoing weights are 0), so it "
                    "also has *more* equivalent weights outside the group")
        swapped = len(items) == 2 and items[0][1][0] == items[1][0] and items[1][1][0] == items[0][0]
        if swapped and items[0][1][1] == items[1][1][1]:
            a, b, sign = items[0][0] + 1, items[1][0] + 1, items[0][1][1]
            if sign > 0:
                return (f"units {a} and {b} of layer {layer} are identical in everything they own (incoming weights, "
                        "bias, outgoing weights), so swapping them changes nothing",
                        f". Units {a} and {b} could also share their outgoing weights in any other proportion, so it "
                        "also has *more* equivalent weights outside the group")
            return (f"unit {b} of layer {layer} is unit {a} negated in everything it owns (incoming weights, bias, "
                    "outgoing weights), so swapping them and flipping both changes nothing", "")
    parts = [w for layer in sorted(by_layer) for w in _layer_words(layer, by_layer[layer])]
    joined = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"the element that {joined} leaves them unchanged", ""


@dataclass(frozen=True, eq=False)
class Twin:
    element: GroupElement
    params: Params
    gap: float       # max |f_θ − f_gθ| on the probe points
    distance: float  # ‖θ − gθ‖


def gallery(params: Params, activation: str, k: int, X: np.ndarray, *, rng: np.random.Generator) -> list[Twin]:
    """``k`` random twins g·θ of ``params``, each with its function gap on X and its distance to θ."""
    k = check_int(k, "number of twins", (1, MAX_GALLERY))
    twins = []
    for _ in range(k):
        element, twin = random_symmetry(params, activation, rng=rng)
        twins.append(Twin(element, twin, function_gap(params, twin, X, activation), parameter_distance(params, twin)))
    return twins
