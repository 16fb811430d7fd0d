"""Where each start ended: which twin of the target it found, or stuck, or diverged.

The twins of a target θ* are its images g·θ* under every element g of the finite symmetry group
of a one-hidden-layer network (unit permutations, and sign flips for odd activations): they all
compute θ*'s function, so they all have θ*'s loss (core.symmetry.group). A start *found the target* when
its final training loss is under the tolerance; it found twin g when g·θ* is the nearest twin
(max-abs distance over all coordinates). Otherwise it is

- diverged: the loss became NaN/inf, or exceeded DIVERGED_LOSS (weights exploding);
- stuck, units merged: two hidden units ended identical (up to sign), the fixed set of a
  symmetry that gradient descent never leaves (paper.md §4.3, "flip side");
- stuck: on a plateau, at a saddle, or still too slow at the last step.

Without a teacher (classification scenes), the reference is the best fit on the map, and a fit
farther than ``twin_radius`` from all its twins counts as *another fit*.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from core.engine.activations import get_activation
from core.engine.mlp import Params
from core.symmetry.checks import admits_sign_flip
from core.symmetry.group import GroupElement

DIVERGED_LOSS = 1e6
MERGED_TOL = 1e-3      # units closer than this (max-abs over their parameters) count as merged
OTHER_FIT, STUCK_MERGED, STUCK, DIVERGED = -1, -2, -3, -4
CODE_NAMES = {OTHER_FIT: "another fit (not a twin)", STUCK_MERGED: "stuck: units merged",
              STUCK: "stuck (plateau or too slow)", DIVERGED: "diverged"}


def group_elements(hidden_width: int, activation: str) -> list[GroupElement]:
    """Every element of the finite group of one hidden layer: d! permutations (x 2^d sign patterns)."""
    flips = admits_sign_flip(get_activation(activation))
    patterns = list(itertools.product((1, -1), repeat=hidden_width)) if flips else [(1,) * hidden_width]
    return [GroupElement((perm,), (signs,), ((1.0,) * hidden_width,))
            for perm in itertools.permutations(range(hidden_width)) for signs in patterns]


def twin_name(element: GroupElement) -> str:
    """'the target itself', or e.g. 'units 2 1, signs + −' (new unit i is old unit perm[i])."""
    if element.is_identity():
        return "the target itself"
    perm, signs = element.perms[0], element.signs[0]
    order = " ".join(str(p + 1) for p in perm)
    flips = " ".join("+" if signs[p] > 0 else "−" for p in perm)
    return f"units {order}, signs {flips}"


@dataclass(frozen=True, eq=False)
class Twins:
    """The distinct twins g·θ* of a reference, their group elements and names."""

    reference: Params
    elements: tuple[GroupElement, ...]
    vectors: np.ndarray  # (G, S)
    names: tuple[str, ...]


def twins_of(reference: Params, activation: str) -> Twins:
    """All distinct twins of ``reference`` (coinciding images, from tied units, are kept once)."""
    elements: list[GroupElement]
    vectors: list[np.ndarray]
    elements, vectors = [], []
    for element in group_elements(reference.hidden_widths[0], activation):
        vector = element.apply(reference, activation).flatten()
        if not any(np.array_equal(vector, v) for v in vectors):
            elements.append(element)
            vectors.append(vector)
    return Twins(reference, tuple(elements), np.array(vectors), tuple(twin_name(e) for e in elements))


def twin_relabelling(twins: Twins, perm: np.ndarray) -> np.ndarray:
    """k -> k' with twin k' = the coordinate permutation ``perm`` applied to twin k (a map symmetry)."""
    moved = twins.vectors[:, perm]
    return np.array([int(np.argmin(np.abs(twins.vectors - row).max(axis=1))) for row in moved])


@dataclass(frozen=True, eq=False)
class Outcomes:
    """codes (K,): twin index >= 0, or OTHER_FIT / STUCK_MERGED / STUCK / DIVERGED; distance to the nearest twin."""

    codes: np.ndarray
    distance: np.ndarray
    twins: Twins

    def name(self, code: int) -> str:
        """The name of outcome ``code``: the twin's name, or the name of a special outcome."""
        return self.twins.names[code] if code >= 0 else CODE_NAMES[code]

    def counts(self) -> dict[int, int]:
        """code -> number of starts with that outcome, for the codes that occur (ascending)."""
        values, counts = np.unique(self.codes, return_counts=True)
        return {int(v): int(c) for v, c in zip(values, counts)}

    @property
    def found_share(self) -> float:
        """The share of starts that found the target (any twin)."""
        return float(np.mean(self.codes >= 0))


def classify(final: np.ndarray, final_loss: np.ndarray, diverged_at: np.ndarray, twins: Twins, widths: Sequence[int], *,
             loss_tol: float, twin_radius: float | None = None) -> Outcomes:
    """Outcome of every start from its final parameters (K, S) and final loss (K,)."""
    final, final_loss = np.asarray(final, dtype=np.float64), np.asarray(final_loss, dtype=np.float64)
    distance, nearest = nearest_twin(final, twins.vectors)
    diverged = (np.asarray(diverged_at) >= 0) | ~np.isfinite(final_loss) | (np.nan_to_num(final_loss) > DIVERGED_LOSS)
    found = ~diverged & (final_loss < loss_tol)
    codes = np.where(merged_units(final, widths), STUCK_MERGED, STUCK)
    if twin_radius is None:
        codes = np.where(found, nearest, codes)
    else:
        codes = np.where(found, np.where(distance <= twin_radius, nearest, OTHER_FIT), codes)
    codes = np.where(diverged, DIVERGED, codes)
    return Outcomes(codes.astype(int), distance, twins)


def nearest_twin(final: np.ndarray, vectors: np.ndarray, block: int = 2048) -> tuple[np.ndarray, np.ndarray]:
    """(distance, index) of the nearest twin of each row, max-abs metric; in blocks to bound memory."""
    distance, index = np.empty(len(final)), np.empty(len(final), dtype=int)
    for start in range(0, len(final), block):
        gaps = np.abs(final[start:start + block, None, :] - vectors[None, :, :]).max(axis=2)
        index[start:start + block] = gaps.argmin(axis=1)
        distance[start:start + block] = gaps.min(axis=1)
    return distance, index


def merged_units(final: np.ndarray, widths: Sequence[int]) -> np.ndarray:
    """Whether some two hidden units have (up to a common sign) the same incoming and outgoing parameters."""
    d_in, width, _ = widths
    units = _unit_rows(final, d_in, width)  # (K, width, d_in + 2)
    merged = np.zeros(len(final), dtype=bool)
    for a, b in itertools.combinations(range(width), 2):
        same = np.abs(units[:, a] - units[:, b]).max(axis=1) < MERGED_TOL
        opposite = np.abs(units[:, a] + units[:, b]).max(axis=1) < MERGED_TOL
        merged |= same | opposite
    return merged


def _unit_rows(final: np.ndarray, d_in: int, width: int) -> np.ndarray:
    """Per unit: incoming weights, bias, outgoing weight (flatten order W_0, b_0, W_1, b_1)."""
    incoming = final[:, :width * d_in].reshape(-1, width, d_in)
    bias = final[:, width * d_in:width * (d_in + 1)]
    outgoing = final[:, width * (d_in + 1):width * (d_in + 2)]
    return np.concatenate([incoming, bias[:, :, None], outgoing[:, :, None]], axis=2)


def merge_twins(codes: np.ndarray) -> np.ndarray:
    """Codes with every twin folded into 0: colour by canonical form (all twins share one)."""
    return np.where(np.asarray(codes) >= 0, 0, codes)


def best_fit_reference(final: np.ndarray, final_loss: np.ndarray, widths: Sequence[int]) -> Params | None:
    """The lowest-loss finite end point on the map: the reference when there is no teacher."""
    loss = np.where(np.isfinite(final_loss), final_loss, np.inf)
    if not np.isfinite(loss).any():
        return None
    return Params.unflatten(final[int(np.argmin(loss))], widths)
