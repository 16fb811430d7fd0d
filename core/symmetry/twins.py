"""Twins: how many weight settings compute exactly a network's function, and a few of them.

The count is the order of the finite symmetry group (core.symmetry.group.group_order): prod_l d_l! for
permutations, times 2^{d_l} per layer when the activation admits sign flips. It is the generic
count (paper.md pitfall 13: dead or duplicate units make the class larger). Rescaling (ReLU) is a
continuous family on top, of dimension sum_l d_l, which no integer counts.
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
from core.symmetry.checks import admits_sign_flip
from core.symmetry.group import GroupElement, group_order, random_symmetry, rescaling_dimension
from core.validation import check_int

SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
MAX_GALLERY = 8


@dataclass(frozen=True)
class TwinCount:
    widths: tuple[int, ...]
    activation: str
    count: int            # exact, θ itself included
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


def twin_count(widths: Sequence[int], activation: str) -> TwinCount:
    """How many weight settings compute a generic ``widths`` network's function: exact count, formula, display text."""
    act = get_activation(activation)
    widths = tuple(int(d) for d in widths)
    count = group_order(widths, act.name)
    formula = count_formula(widths[1:-1], admits_sign_flip(act))
    return TwinCount(widths, act.name, count, formula, format_count(count), rescaling_dimension(widths, act.name))


def twin_sentence(twins: TwinCount) -> str:
    """'this 2-8-8-1 tanh network has (8!·2⁸)² = 106,542,032,486,400 functionally identical twins'."""
    label = get_activation(twins.activation).label
    equals = "" if twins.formatted.startswith("≈") else "= "
    return (f"this {twins.architecture} {label} network has {twins.formula} {equals}{twins.formatted} "
            "functionally identical twins")


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
