"""Where each start ended: at which twin of the target, at low loss but not at a twin, stuck, or diverged.

The twins of a target θ* are its images g·θ* under every element g of the finite symmetry group
of a one-hidden-layer network (unit permutations, and sign flips for odd activations): they all
compute θ*'s function, so they all have θ*'s loss (core.symmetry.group). Because every twin
computes the same function, no distance in function space can tell them apart: *which* twin a
start reached is a question about parameters. We measure it with the max-abs distance over all
coordinates, max_i |θ_i − (g·θ*)_i|. Its minimum over the twins is the distance from θ to the
target up to symmetry (the max-abs norm is unchanged by permuting units and flipping their signs).

A start **reached twin k** (code k ≥ 0) when all three hold (docs/theory.md#init-map):

- its final loss is below the tolerance (and it did not diverge);
- it lies within ``radius`` of twin k (max-abs, parameters);
- twin k is clearly the nearest: at most ``margin`` times as far as the second-nearest twin.

A start with a loss below the tolerance that fails either distance test is **low loss, not at a
twin** (OTHER_FIT): a small training loss does not pin the parameters down, so the start may fit
the data well and still sit between twins or away from all of them. The other outcomes:

- diverged: the loss became NaN/inf, or exceeded DIVERGED_LOSS (weights exploding);
- stuck, units merged: two hidden units ended identical (up to sign), the fixed set of a
  symmetry that gradient descent never leaves (docs/theory.md#training-symmetry);
- stuck: on a plateau, at a saddle, or still too slow at the last step.

Without a teacher (classification scenes), the reference is the best fit on the map.
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
# "At twin k" (teacher mode): within TWIN_RADIUS of it in every parameter, and at most TWIN_MARGIN
# times as far as from the second-nearest twin. Measured on the default map (tanh, width 2, 300
# steps): the teacher's twins are 2.0 apart (1.0 at width 3), so 0.25 is an eighth (a quarter) of
# the gap between two twins; with the margin a start can never be "at" two twins at once.
TWIN_RADIUS = 0.25
TWIN_MARGIN = 0.5
OTHER_FIT, STUCK_MERGED, STUCK, DIVERGED = -1, -2, -3, -4
CODE_NAMES = {OTHER_FIT: "low loss, not at a twin", STUCK_MERGED: "stuck: units merged",
              STUCK: "stuck (plateau or too slow)", DIVERGED: "diverged"}


def group_elements(hidden_width: int, activation: str) -> list[GroupElement]:
    """Every element of the finite group of one hidden layer: d! permutations (x 2^d sign patterns)."""
    flips = admits_sign_flip(get_activation(activation))
    patterns = list(itertools.product((1, -1), repeat=hidden_width)) if flips else [(1,) * hidden_width]
    return [GroupElement((perm,), (signs,), ((1.0,) * hidden_width,))
            for perm in itertools.permutations(range(hidden_width)) for signs in patterns]


def _units(numbers: Sequence[int]) -> str:
    """'unit 2', 'units 1 and 2', 'units 1, 2 and 3' (numbers from 1)."""
    words = [str(n) for n in numbers]
    if len(words) == 1:
        return f"unit {words[0]}"
    return f"units {', '.join(words[:-1])} and {words[-1]}"


def _reordering(perm: Sequence[int]) -> str | None:
    """'units 1 and 2 swapped' for a swap of two units, 'units in the order 2, 3, 1' otherwise; None for none."""
    moved = [i for i, p in enumerate(perm) if p != i]
    if not moved:
        return None
    if len(moved) == 2:
        return f"{_units([m + 1 for m in moved])} swapped"
    return "units in the order " + ", ".join(str(p + 1) for p in perm)


def twin_name(element: GroupElement, reference: str = "the target") -> str:
    """The twin g·θ in words, computed from g: 'the teacher', 'the teacher with units 1 and 2 swapped',
    'the teacher with unit 2's signs flipped, then units 1 and 2 swapped'.

    Units are numbered from 1 as the reference's units. GroupElement.apply flips signs first (sign k
    belongs to the reference's unit k), then reorders (new unit i is old unit perm[i]), and the
    words keep that order.
    """
    perm, signs = element.perms[0], element.signs[0]
    flipped = [k + 1 for k, s in enumerate(signs) if s < 0]
    parts = [f"{_units(flipped)}'s signs flipped"] if flipped else []
    reordering = _reordering(perm)
    if reordering is not None:
        parts.append(reordering)
    if not parts:
        return reference
    return f"{reference} with " + ", then ".join(parts)


@dataclass(frozen=True, eq=False)
class Twins:
    """The distinct twins g·θ* of a reference, their group elements and names."""

    reference: Params
    elements: tuple[GroupElement, ...]
    vectors: np.ndarray  # (G, S)
    names: tuple[str, ...]

    @property
    def separation(self) -> float:
        """The smallest max-abs distance between two distinct twins (inf for a single twin)."""
        if len(self.vectors) < 2:
            return float("inf")
        gaps = np.abs(self.vectors[:, None, :] - self.vectors[None, :, :]).max(axis=2)
        return float(gaps[~np.eye(len(self.vectors), dtype=bool)].min())


def twins_of(reference: Params, activation: str, name: str = "the target") -> Twins:
    """All distinct twins of ``reference`` (coinciding images, from tied units, are kept once), each
    named in words after ``name``, the reference's own name ("the teacher", "the best fit")."""
    elements: list[GroupElement]
    vectors: list[np.ndarray]
    elements, vectors = [], []
    for element in group_elements(reference.hidden_widths[0], activation):
        vector = element.apply(reference, activation).flatten()
        if not any(np.array_equal(vector, v) for v in vectors):
            elements.append(element)
            vectors.append(vector)
    return Twins(reference, tuple(elements), np.array(vectors), tuple(twin_name(e, name) for e in elements))


def twin_relabelling(twins: Twins, perm: np.ndarray) -> np.ndarray:
    """k -> k' with twin k' = the coordinate permutation ``perm`` applied to twin k (a map symmetry)."""
    moved = twins.vectors[:, perm]
    return np.array([int(np.argmin(np.abs(twins.vectors - row).max(axis=1))) for row in moved])


@dataclass(frozen=True, eq=False)
class Outcomes:
    """Per start: code (twin index >= 0, or OTHER_FIT / STUCK_MERGED / STUCK / DIVERGED), the max-abs
    distance to the nearest and to the second-nearest twin, and the rule that made the codes.

    ``function_gap`` (teacher mode only): max |f_θ(x) − f*(x)| over a dense grid of the input range.
    """

    codes: np.ndarray
    distance: np.ndarray
    second: np.ndarray
    twins: Twins
    loss_tol: float
    radius: float
    margin: float
    function_gap: np.ndarray | None = None

    def name(self, code: int) -> str:
        """The name of outcome ``code``: the twin's name, or the name of a special outcome."""
        return self.twins.names[code] if code >= 0 else CODE_NAMES[code]

    def counts(self) -> dict[int, int]:
        """code -> number of starts with that outcome, for the codes that occur (ascending)."""
        values, counts = np.unique(self.codes, return_counts=True)
        return {int(v): int(c) for v, c in zip(values, counts)}

    def share(self, code: int) -> float:
        """The share of starts with outcome ``code``."""
        return float(np.mean(self.codes == code))

    @property
    def at_twin(self) -> np.ndarray:
        """Whether each start reached a twin (code >= 0)."""
        return self.codes >= 0

    @property
    def twin_share(self) -> float:
        """The share of starts that reached a twin of the target."""
        return float(np.mean(self.at_twin))

    @property
    def low_loss_share(self) -> float:
        """The share of starts whose final loss is below the tolerance: at a twin or not."""
        return float(np.mean(self.at_twin | (self.codes == OTHER_FIT)))

    @property
    def twins_reached(self) -> int:
        """How many different twins some start reached."""
        return len({int(c) for c in self.codes if c >= 0})

    def rule(self) -> str:
        """The rule that labels a start "at twin k", with this map's numbers, in one sentence."""
        return (f"At twin k: final loss below {self.loss_tol:g}, every parameter within {self.radius:.3g} of twin k "
                f"(max |Δθ|), and twin k at most {self.margin:g}× as far as the next-nearest twin. A low loss that "
                "fails the distance tests is “low loss, not at a twin”.")


def classify(final: np.ndarray, final_loss: np.ndarray, diverged_at: np.ndarray, twins: Twins, widths: Sequence[int], *,
             loss_tol: float, twin_radius: float = TWIN_RADIUS, margin: float = TWIN_MARGIN,
             function_gap: np.ndarray | None = None) -> Outcomes:
    """Outcome of every start from its final parameters (K, S) and final loss (K,) (module docstring: the rule)."""
    final, final_loss = np.asarray(final, dtype=np.float64), np.asarray(final_loss, dtype=np.float64)
    distance, nearest, second = nearest_twins(final, twins.vectors)
    diverged = (np.asarray(diverged_at) >= 0) | ~np.isfinite(final_loss) | (np.nan_to_num(final_loss) > DIVERGED_LOSS)
    low_loss = ~diverged & (final_loss < loss_tol)
    at_twin = (distance <= twin_radius) & (distance <= margin * second)
    codes = np.where(merged_units(final, widths), STUCK_MERGED, STUCK)
    codes = np.where(low_loss, np.where(at_twin, nearest, OTHER_FIT), codes)
    codes = np.where(diverged, DIVERGED, codes)
    return Outcomes(codes.astype(int), distance, second, twins, float(loss_tol), float(twin_radius), float(margin),
                    function_gap)


def nearest_twins(final: np.ndarray, vectors: np.ndarray,
                  block: int = 2048) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(distance, index) of the nearest twin of each row and the distance to the second-nearest
    (inf with one twin), max-abs metric; in blocks to bound memory."""
    n = len(final)
    distance, index, second = np.empty(n), np.empty(n, dtype=int), np.full(n, np.inf)
    for start in range(0, n, block):
        gaps = np.abs(final[start:start + block, None, :] - vectors[None, :, :]).max(axis=2)
        index[start:start + block] = gaps.argmin(axis=1)
        ordered = np.sort(gaps, axis=1)
        distance[start:start + block] = ordered[:, 0]
        if ordered.shape[1] > 1:
            second[start:start + block] = ordered[:, 1]
    return distance, index, second


def function_gaps(final: np.ndarray, reference: Params, widths: Sequence[int], activation: str,
                  xs: np.ndarray) -> np.ndarray:
    """max over the grid ``xs`` (n, d_in) of |f_θ(x) − f_ref(x)|, per row θ of ``final`` (1-hidden-layer nets)."""
    sigma = get_activation(activation).numpy
    d_in, width, _ = widths
    units = _unit_rows(np.asarray(final, dtype=np.float64), d_in, width)  # (K, width, d_in + 2)
    bias_out = np.asarray(final, dtype=np.float64)[:, -1]
    ref = _unit_rows(reference.flatten()[None, :], d_in, width)[0]
    target = sigma(xs @ ref[:, :d_in].T + ref[:, d_in]) @ ref[:, d_in + 1] + reference.flatten()[-1]
    gaps = np.empty(len(units))
    with np.errstate(over="ignore", invalid="ignore"):
        for k, unit in enumerate(units):  # one start at a time: (n, width) is small
            out = sigma(xs @ unit[:, :d_in].T + unit[:, d_in]) @ unit[:, d_in + 1] + bias_out[k]
            gaps[k] = np.max(np.abs(out - target))
    return gaps


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
