"""Weight matching: bring network b into network a's unit order without changing b's function.

Git Re-Basin's "weight matching" (Ainsworth et al., ICLR 2023), restricted to the group the
activation admits:
  1. forward pass, layer by layer: match b's units to a's by their incoming parameters
     [W_{l-1} | b_{l-1}] (columns already in a's order from the previous layer) with
     ``scipy.optimize.linear_sum_assignment``. With sign flips, unit k of b may match unit j of a
     flipped (score |<a_j, b_k>|); with rescaling, rows are compared by cosine and the matched unit
     is rescaled to a's incoming norm.
  2. coordinate-descent sweeps: rematch each layer using incoming *and* outgoing parameters, keeping
     a sweep only if it lowers ‖θ_a − θ_b‖. With rescaling each layer's move is exact: every pair of
     units is scored with its best scale, a closed form per unit (core.symmetry.unit_scales), so
     the assignment on those scores can only lower the distance.
  3. with rescaling, the permutation-only search (step 1 and 2 without scales) also runs and seeds
     a scaled search of its own; the closest result wins, so a search over the larger group never
     ends further away than one over the permutations alone.
The aligned copy is element.apply(b): it computes exactly b's function. For a planted
b = g·a, the element found is g⁻¹ and the aligned copy equals a (to rounding, for scales).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment

from core.engine.activations import Activation, get_activation
from core.engine.distances import parameter_distance
from core.engine.mlp import Params
from core.symmetry.checks import admits_rescaling, admits_sign_flip
from core.symmetry.group import GroupElement
from core.symmetry.unit_scales import pair_costs
from core.validation import check_int

_TINY = 1e-300  # rows with a smaller norm carry no direction to compare


@dataclass(frozen=True, eq=False)
class Alignment:
    """``element`` maps params_b onto params_a's order: ``aligned == element.apply(params_b, activation)``."""

    element: GroupElement
    aligned: Params
    distance_before: float  # ‖θ_a − θ_b‖
    distance_after: float   # ‖θ_a − aligned‖

    @property
    def perms(self) -> tuple[tuple[int, ...], ...]:
        """Per hidden layer: unit i of the aligned copy is unit perms[l-1][i] of b."""
        return self.element.perms

    @property
    def signs(self) -> tuple[tuple[int, ...], ...]:
        """Per hidden layer, ±1 per unit of b (indexed by b's original units): -1 where the match is flipped."""
        return self.element.signs

    @property
    def scales(self) -> tuple[tuple[float, ...], ...]:
        """Per hidden layer, the factor c > 0 per unit of b (indexed by b's original units); all 1 without rescaling."""
        return self.element.scales


def _incoming(params: Params, layer: int) -> np.ndarray:
    return np.column_stack([params.weights[layer - 1], params.biases[layer - 1]])


def _unit_rows(rows: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    return np.divide(rows, norms, out=np.zeros_like(rows), where=norms > _TINY)


def _match_layer(params_a: Params, current_b: Params, layer: int, flips: bool, scales: bool, use_outgoing: bool):
    """(perm, signs, scales) for one hidden layer of ``current_b``, indexed like GroupElement.

    Weight matching by inner products; ``scales`` (first pass only) compares directions and rescales
    each matched unit to a's incoming norm, which recovers a planted rescaling exactly.
    """
    inc_a, inc_b = _incoming(params_a, layer), _incoming(current_b, layer)
    if use_outgoing:
        feat_a = np.column_stack([inc_a, params_a.weights[layer].T])
        feat_b = np.column_stack([inc_b, current_b.weights[layer].T])
    elif scales:  # direction only: the scale is fitted after matching
        feat_a, feat_b = _unit_rows(inc_a), _unit_rows(inc_b)
    else:
        feat_a, feat_b = inc_a, inc_b
    similarity = feat_a @ feat_b.T  # [unit of a, unit of b]
    _, perm = linear_sum_assignment(np.abs(similarity) if flips else similarity, maximize=True)
    signs, factors = np.ones(len(perm)), np.ones(len(perm))
    if flips:
        signs[perm] = np.where(similarity[np.arange(len(perm)), perm] < 0, -1.0, 1.0)
    if scales:
        norm_a, norm_b = np.linalg.norm(inc_a, axis=1), np.linalg.norm(inc_b, axis=1)[perm]
        factors[perm] = np.where((norm_a > _TINY) & (norm_b > _TINY), norm_a / np.maximum(norm_b, _TINY), 1.0)
    return tuple(int(p) for p in perm), tuple(int(s) for s in signs), tuple(float(c) for c in factors)


def _exact_layer_move(params_a: Params, current_b: Params, layer: int, flips: bool):
    """The best (perm, signs, scales) for one hidden layer with every other layer fixed.

    With scales the exact cost of a pair is a minimum over c (core.symmetry.unit_scales), so the
    assignment on those costs can only lower ‖θ_a − θ_b‖: keeping every unit (c = 1) is one option.
    """
    cost, scale, sign = pair_costs(_incoming(params_a, layer), params_a.weights[layer].T,
                                   _incoming(current_b, layer), current_b.weights[layer].T, flips)
    rows, perm = linear_sum_assignment(cost)
    signs, factors = np.ones(len(perm), dtype=int), np.ones(len(perm))
    signs[perm], factors[perm] = sign[rows, perm], scale[rows, perm]
    return tuple(int(p) for p in perm), tuple(int(s) for s in signs), tuple(float(c) for c in factors)


@dataclass(frozen=True)
class _Search:
    """Which part of the group one weight-matching run may use."""

    activation: Activation
    flips: bool
    scales: bool

    def first_pass(self, params_a: Params, current_b: Params, layer: int):
        return _match_layer(params_a, current_b, layer, self.flips, self.scales, use_outgoing=False)

    def refine(self, params_a: Params, current_b: Params, layer: int):
        if self.scales:
            return _exact_layer_move(params_a, current_b, layer, self.flips)
        return _match_layer(params_a, current_b, layer, self.flips, False, use_outgoing=True)


def _sweep(params_a: Params, params_b: Params, element: GroupElement, search: _Search, first: bool) -> GroupElement:
    move = search.first_pass if first else search.refine
    for layer in range(1, len(params_b.hidden_widths) + 1):
        current = element.apply(params_b, search.activation.name)
        step = GroupElement.single_layer(element.hidden_widths, layer, *move(params_a, current, layer))
        element = step.compose(element)
    return element


def _descend(params_a: Params, params_b: Params, element: GroupElement, search: _Search,
             max_sweeps: int) -> tuple[GroupElement, float]:
    """Refinement sweeps from ``element``, each kept only if it lowers ‖θ_a − g·θ_b‖: never ends worse."""
    distance = parameter_distance(params_a, element.apply(params_b, search.activation.name))
    for _ in range(max_sweeps):
        candidate = _sweep(params_a, params_b, element, search, first=False)
        candidate_distance = parameter_distance(params_a, candidate.apply(params_b, search.activation.name))
        if candidate_distance >= distance - 1e-12 * (1.0 + distance):
            break  # no real improvement: stop (this also rules out cycling)
        element, distance = candidate, candidate_distance
    return element, distance


def align(params_a: Params, params_b: Params, activation: str, *, max_sweeps: int = 20) -> Alignment:
    """Weight-match ``params_b`` to ``params_a`` (see module docstring); returns an Alignment.

    With rescaling the result is never further from ``params_a`` than permutation (and flip) matching
    alone: that search runs too, seeds one of the scaled searches, and the closest result wins.
    """
    act = get_activation(activation)
    before = parameter_distance(params_a, params_b)  # also checks both are Params of equal widths
    max_sweeps = check_int(max_sweeps, "max_sweeps", (0, 1_000))
    identity = GroupElement.identity(params_b.hidden_widths)
    unscaled = _Search(act, admits_sign_flip(act), scales=False)
    start = _sweep(params_a, params_b, identity, unscaled, first=True)
    element, distance = _descend(params_a, params_b, start, unscaled, max_sweeps)
    if admits_rescaling(act):
        scaled = _Search(act, unscaled.flips, scales=True)
        for seed in (_sweep(params_a, params_b, identity, scaled, first=True), element):
            candidate, candidate_distance = _descend(params_a, params_b, seed, scaled, max_sweeps)
            if candidate_distance < distance:
                element, distance = candidate, candidate_distance
    return Alignment(element, element.apply(params_b, act.name), before, distance)
