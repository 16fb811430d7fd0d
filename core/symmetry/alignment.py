"""Weight matching: bring network b into network a's unit order without changing b's function.

Git Re-Basin's "weight matching" (Ainsworth et al., ICLR 2023), restricted to the group the
activation admits:
  1. forward pass, layer by layer: match b's units to a's by their incoming parameters
     [W_{l-1} | b_{l-1}] (columns already in a's order from the previous layer) with
     ``scipy.optimize.linear_sum_assignment``. With sign flips, unit k of b may match unit j of a
     flipped (score |<a_j, b_k>|); with rescaling, rows are compared by cosine and the matched unit
     is rescaled to a's incoming norm.
  2. coordinate-descent sweeps: rematch each layer using incoming *and* outgoing parameters, keeping
     a sweep only if it lowers ‖θ_a − θ_b‖.
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


def _match_layer(params_a: Params, current_b: Params, layer: int, act: Activation, use_outgoing: bool):
    """(perm, signs, scales) for one hidden layer of ``current_b``, indexed like GroupElement."""
    inc_a, inc_b = _incoming(params_a, layer), _incoming(current_b, layer)
    if use_outgoing:
        feat_a = np.column_stack([inc_a, params_a.weights[layer].T])
        feat_b = np.column_stack([inc_b, current_b.weights[layer].T])
    elif admits_rescaling(act):  # direction only: the scale is fitted after matching
        feat_a, feat_b = _unit_rows(inc_a), _unit_rows(inc_b)
    else:
        feat_a, feat_b = inc_a, inc_b
    similarity = feat_a @ feat_b.T  # [unit of a, unit of b]
    flips = admits_sign_flip(act)
    _, perm = linear_sum_assignment(np.abs(similarity) if flips else similarity, maximize=True)
    signs, scales = np.ones(len(perm)), np.ones(len(perm))
    if flips:
        signs[perm] = np.where(similarity[np.arange(len(perm)), perm] < 0, -1.0, 1.0)
    if admits_rescaling(act):
        norm_a, norm_b = np.linalg.norm(inc_a, axis=1), np.linalg.norm(inc_b, axis=1)[perm]
        scales[perm] = np.where((norm_a > _TINY) & (norm_b > _TINY), norm_a / np.maximum(norm_b, _TINY), 1.0)
    return tuple(int(p) for p in perm), tuple(int(s) for s in signs), tuple(float(c) for c in scales)


def _sweep(params_a, params_b, element, act, use_outgoing: bool) -> GroupElement:
    for layer in range(1, len(params_b.hidden_widths) + 1):
        current = element.apply(params_b, act.name)
        move = _match_layer(params_a, current, layer, act, use_outgoing)
        element = GroupElement.single_layer(element.hidden_widths, layer, *move).compose(element)
    return element


def align(params_a: Params, params_b: Params, activation: str, *, max_sweeps: int = 20) -> Alignment:
    """Weight-match ``params_b`` to ``params_a`` (see module docstring); returns an Alignment."""
    act = get_activation(activation)
    before = parameter_distance(params_a, params_b)  # also checks both are Params of equal widths
    max_sweeps = check_int(max_sweeps, "max_sweeps", (0, 1_000))
    element = _sweep(params_a, params_b, GroupElement.identity(params_b.hidden_widths), act, use_outgoing=False)
    distance = parameter_distance(params_a, element.apply(params_b, act.name))
    for _ in range(max_sweeps):
        candidate = _sweep(params_a, params_b, element, act, use_outgoing=True)
        candidate_distance = parameter_distance(params_a, candidate.apply(params_b, act.name))
        if candidate_distance >= distance - 1e-12 * (1.0 + distance):
            break  # no real improvement: stop (this also rules out cycling)
        element, distance = candidate, candidate_distance
    return Alignment(element, element.apply(params_b, act.name), before, distance)
