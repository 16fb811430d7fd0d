"""Activation matching: pair network b's hidden units with a's by what they compute on data X.

Git Re-Basin's "activation matching" (Ainsworth et al., ICLR 2023), layer by layer from the input:
with b's earlier layers already in a's order, b's units of layer l and a's are compared by their
post-activation values on X, and ``scipy.optimize.linear_sum_assignment`` picks the pairing.

    cost="correlation"  maximise the summed Pearson correlation (scale-free, so a rescaled unit still
                        scores 1 with its original); a flipped unit scores the correlation of σ(−z)
    cost="l2"           minimise the summed squared distance ‖h_a − h_b‖² between activation columns;
                        with scales, each pair's distance at its best factor c > 0 (h(cz) = c·h(z))

Scales, where searched, are then set so that b's unit reproduces a's activations in the least-squares
sense (c = ⟨h_a, h_b⟩ / ‖h_b‖², when positive): a planted rescaling is recovered to rounding. A unit
whose activations on X say nothing about its scale (a ReLU unit dead on all of X) takes the scale that
brings its weights closest to its partner's instead (the closed form of core.symmetry.unit_scales),
which also recovers a planted scale. Units whose activations are constant on X are matched by the
assignment all the same (any pairing scores alike).
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import linear_sum_assignment

from core.engine.activations import Activation
from core.engine.distances import parameter_distance
from core.engine.mlp import Params
from core.symmetry.group import GroupElement
from core.symmetry.search_group import SearchGroup
from core.symmetry.unit_scales import best_scales

COSTS = ("correlation", "l2")
_TINY = 1e-300  # a column with a smaller spread or norm is treated as constant / zero


def layer_inputs(params: Params, X: np.ndarray, activation: Activation, layer: int) -> np.ndarray:
    """The input of hidden layer ``layer`` (1-based): X for layer 1, else layer − 1's activations."""
    h = X
    for w, b in zip(params.weights[:layer - 1], params.biases[:layer - 1]):
        h = activation.numpy(h @ w.T + b)
    return h


def _standardised(h: np.ndarray) -> np.ndarray:
    centred = h - h.mean(axis=0)
    spread = np.linalg.norm(centred, axis=0)
    return np.divide(centred, spread, out=np.zeros_like(centred), where=spread > _TINY)


def _scores(h_a: np.ndarray, h_b: np.ndarray, cost: str, scales: bool) -> np.ndarray:
    """Similarity [unit of a, unit of b] (larger is better) of activation columns."""
    if cost == "correlation":
        return _standardised(h_a).T @ _standardised(h_b)
    cross = h_a.T @ h_b
    norm_b = np.sum(h_b * h_b, axis=0)[None, :]
    if scales:  # min_c>0 ‖h_a − c h_b‖² = ‖h_a‖² − max(⟨h_a, h_b⟩, 0)² / ‖h_b‖²; ‖h_a‖² is the same for every k
        best = np.maximum(cross, 0.0) ** 2
        return np.divide(best, norm_b, out=np.zeros_like(best), where=norm_b > _TINY)
    return 2.0 * cross - norm_b  # −‖h_a − h_b‖² up to ‖h_a‖², the same for every k


def match_layer(params_a: Params, current_b: Params, X: np.ndarray, activation: Activation, layer: int,
                group: SearchGroup, cost: str) -> tuple[tuple[int, ...], tuple[int, ...], tuple[float, ...]]:
    """(perm, signs, scales) for hidden layer ``layer`` of ``current_b``, indexed like GroupElement."""
    x_a = layer_inputs(params_a, X, activation, layer)
    x_b = layer_inputs(current_b, X, activation, layer)
    z_a = x_a @ params_a.weights[layer - 1].T + params_a.biases[layer - 1]
    z_b = x_b @ current_b.weights[layer - 1].T + current_b.biases[layer - 1]
    h_a, h_b = activation.numpy(z_a), activation.numpy(z_b)
    similarity = _scores(h_a, h_b, cost, group.scales)
    flipped = np.zeros(similarity.shape, dtype=bool)
    if group.flips:  # a flipped unit of b computes σ(−z_b) (for the sigmoid 1 − σ(z_b))
        h_flipped = activation.numpy(-z_b)
        flipped_similarity = _scores(h_a, h_flipped, cost, group.scales)
        flipped = flipped_similarity > similarity
        similarity = np.where(flipped, flipped_similarity, similarity)
    rows, perm = linear_sum_assignment(similarity, maximize=True)
    signs, factors = np.ones(len(perm), dtype=int), np.ones(len(perm))
    signs[perm] = np.where(flipped[rows, perm], -1, 1)
    if group.scales:
        matched = np.where(flipped[rows, perm][None, :], activation.numpy(-z_b[:, perm]), h_b[:, perm])
        cross, norm = np.sum(h_a * matched, axis=0), np.sum(matched * matched, axis=0)
        by_weights = _weight_scales(params_a, current_b, layer, perm, signs[perm])
        factors[perm] = np.where((cross > 0) & (norm > _TINY), cross / np.maximum(norm, _TINY), by_weights)
    return tuple(int(p) for p in perm), tuple(int(s) for s in signs), tuple(float(c) for c in factors)


def _weight_scales(params_a: Params, current_b: Params, layer: int, perm: np.ndarray,
                   signs: np.ndarray) -> np.ndarray:
    """Per matched pair (a's unit j, b's unit perm[j] flipped by signs[j]): the scale closest in weights."""
    def rows(params: Params, units) -> tuple[np.ndarray, np.ndarray]:
        incoming = np.column_stack([params.weights[layer - 1], params.biases[layer - 1]])[units]
        return incoming, params.weights[layer][:, units].T

    inc_a, out_a = rows(params_a, slice(None))
    inc_b, out_b = rows(current_b, perm)
    inc_b, out_b = inc_b * signs[:, None], out_b * signs[:, None]  # a flip negates both sides of the unit
    scale, _ = best_scales(np.sum(inc_b * inc_b, axis=1), np.sum(inc_a * inc_b, axis=1),
                           np.sum(out_a * out_b, axis=1), np.sum(out_b * out_b, axis=1))
    return scale


def _scale_sweep(params_a: Params, params_b: Params, element: GroupElement, activation: str) -> GroupElement:
    """One pass over the layers, each unit moved to its best scale with everything else fixed."""
    for layer, width in enumerate(params_b.hidden_widths, start=1):
        current = element.apply(params_b, activation)
        scales = _weight_scales(params_a, current, layer, np.arange(width), np.ones(width))
        step = GroupElement.single_layer(element.hidden_widths, layer, range(width), (1,) * width, scales)
        element = step.compose(element)
    return element


def refine_scales(params_a: Params, params_b: Params, element: GroupElement, activation: str,
                  max_sweeps: int) -> tuple[GroupElement, float]:
    """The closer of two scale-only descents (pairing and signs of ``element`` kept): from its scales and
    from all scales 1. Each sweep is kept only if it lowers ‖θ_a − g·θ_b‖, so neither ends worse than it began."""
    unscaled = GroupElement(element.perms, element.signs, tuple((1.0,) * d for d in element.hidden_widths))
    best: tuple[GroupElement, float] | None = None
    for start in (element, unscaled):
        distance = parameter_distance(params_a, start.apply(params_b, activation))
        for _ in range(max_sweeps):
            candidate = _scale_sweep(params_a, params_b, start, activation)
            candidate_distance = parameter_distance(params_a, candidate.apply(params_b, activation))
            if candidate_distance >= distance - 1e-12 * (1.0 + distance):
                break
            start, distance = candidate, candidate_distance
        if best is None or distance < best[1]:
            best = (start, distance)
    assert best is not None
    return best
