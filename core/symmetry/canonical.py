"""Canonical form: one representative per symmetry orbit (docs/theory.md#canonical-form).

For each hidden layer l = 1..L in forward order (sorting layer l permutes the columns
of W_l, which are layer l+1's keys), with K = [W_{l-1} | b_{l-1}] the units' incoming parameters:
  1. scales (relu, leaky_relu, identity): each non-negligible row of K gets Euclidean norm 1;
  2. signs (odd activations, sigmoid's affine flip): each row's first entry with |entry| > tol
     becomes positive;
  3. order: rows of K in descending lexicographic order, entries within ``tol`` counting as equal
     (so near-equal floats do not flip the order). Units tied on K are ordered by their outgoing
     weights (for the last hidden layer exactly; for earlier layers by the sorted magnitudes of the
     outgoing column, which the next layer's permutation and flips cannot change), then by index.

``canonical_element(θ)`` is the group element g with g·θ = canonical_form(θ): the "un-scramble".
Invariance canonical_form(g·θ) == canonical_form(θ) holds for every g when θ is generic (no two
units within ``tol`` of each other). Near ties the canonical form is discontinuous: never
interpolate between canonical forms.
"""

from __future__ import annotations

import numpy as np

from core.engine.activations import get_activation
from core.engine.mlp import Params, require_params
from core.symmetry.checks import admits_rescaling, admits_sign_flip
from core.symmetry.group import GroupElement
from core.validation import check_float

DEFAULT_TOL = 1e-9


def tolerant_descending_order(keys: np.ndarray, tol: float) -> list[int]:
    """Row order for descending lexicographic sort of ``keys`` where |a - b| <= tol counts as equal.

    Column by column, values are split into clusters at gaps > tol (single linkage, so "equal"
    is transitive and independent of the input order); only rows tied in a cluster go on to the
    next column. Rows tied in every column keep their index order (deterministic tie-break).
    """
    order: list[int] = []
    pending = [(list(range(keys.shape[0])), 0)]  # (tied rows in index order, next column); a stack
    while pending:
        rows, column = pending.pop()
        if len(rows) == 1 or column == keys.shape[1]:
            order.extend(rows)
            continue
        ranked = sorted(rows, key=lambda r: -keys[r, column])  # stable: ties keep index order
        clusters, current = [], [ranked[0]]
        for previous, row in zip(ranked, ranked[1:]):
            if keys[previous, column] - keys[row, column] > tol:
                clusters.append(current)
                current = []
            current.append(row)
        clusters.append(current)
        # Push in reverse so the largest cluster is finished first; each cluster sorted by index.
        pending.extend((sorted(cluster), column + 1) for cluster in reversed(clusters))
    return order


def _first_significant_signs(keys: np.ndarray, tol: float) -> np.ndarray:
    signs = np.ones(keys.shape[0])
    for unit, row in enumerate(keys):
        significant = np.flatnonzero(np.abs(row) > tol)
        if significant.size and row[significant[0]] < 0:
            signs[unit] = -1.0
    return signs


def _layer_element(current: Params, layer: int, act, tol: float):
    """(perm, signs, scales) that canonicalise hidden layer ``layer`` of ``current``."""
    keys = np.column_stack([current.weights[layer - 1], current.biases[layer - 1]])
    outgoing = current.weights[layer].T.copy()  # one row per unit
    scales = np.ones(keys.shape[0])
    if admits_rescaling(act):
        norms = np.linalg.norm(keys, axis=1)
        scales = np.where(norms > tol, 1.0 / np.where(norms > tol, norms, 1.0), 1.0)  # dead rows stay
    signs = _first_significant_signs(keys * scales[:, None], tol) if admits_sign_flip(act) else np.ones_like(scales)
    keys = keys * (scales * signs)[:, None]
    outgoing = outgoing * (signs / scales)[:, None]
    last_hidden = layer == len(current.weights) - 1
    tie_break = outgoing if last_hidden else -np.sort(-np.abs(outgoing), axis=1)
    perm = tolerant_descending_order(np.column_stack([keys, tie_break]), tol)
    return tuple(perm), tuple(int(s) for s in signs), tuple(float(c) for c in scales)


def canonical_element(params: Params, activation: str, *, tol: float = DEFAULT_TOL) -> GroupElement:
    """The group element g with g·θ = canonical_form(θ)."""
    require_params(params)
    act = get_activation(activation)
    tol = check_float(tol, "tol", (0.0, 1.0))
    element = GroupElement.identity(params.hidden_widths)
    for layer in range(1, len(params.hidden_widths) + 1):
        # Layers before this one are canonical in `current`; this layer's units are still original,
        # so the layer's perm, signs and scales index original units, as GroupElement expects.
        current = element.apply(params, act.name)
        move = _layer_element(current, layer, act, tol)
        element = GroupElement.single_layer(params.hidden_widths, layer, *move).compose(element)
    return element


def canonical_form(params: Params, activation: str, *, tol: float = DEFAULT_TOL) -> Params:
    """The orbit representative of θ; computes exactly θ's function."""
    return canonical_element(params, activation, tol=tol).apply(params, activation)


def canonical_rule(activation: str) -> str:
    """The representative region's rule in words, for display next to a canonical form."""
    act = get_activation(activation)
    rules = []
    if admits_rescaling(act):
        rules.append("every hidden unit's incoming vector (weights and bias) has length 1")
    if admits_sign_flip(act):
        rules.append("every hidden unit's first non-zero incoming weight is positive")
    rules.append(
        "in each hidden layer, units are sorted by their incoming weights (first input first, bias last), "
        "largest first"
    )
    return "; ".join(rules)
