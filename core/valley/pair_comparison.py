"""One pair before and after weight matching: align θ_B to θ_A, then the curve along each straight line.

The matching searches the symmetries that keep B's function exactly: permutations of the hidden units, and for
tanh (an odd activation) sign flips too (:func:`matching_group`). The aligned θ_B computes exactly θ_B's
function, so both lines end at the same two losses; only the path between them differs.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.engine.data import Dataset
from core.engine.mlp import Params
from core.symmetry.alignment import Alignment, align
from core.symmetry.search_group import allowed_groups
from core.valley.curve import InterpolationCurve, interpolation_curve

WITH_SIGNS = "permutations+signs"
PERMUTATIONS = "permutations"


def matching_group(activation: str) -> str:
    """The ``group=`` of align for ``activation``: permutations and signs where the activation is odd
    (tanh), permutations alone otherwise (for ReLU, as in the published weight matching: no rescaling)."""
    return WITH_SIGNS if WITH_SIGNS in allowed_groups(activation) else PERMUTATIONS


@dataclass(frozen=True, eq=False)
class PairComparison:
    """The alignment of θ_B to θ_A and the curves along θ_A → θ_B (before) and θ_A → aligned θ_B (after)."""

    alignment: Alignment
    before: InterpolationCurve
    after: InterpolationCurve


def compare_pair(params_a: Params, params_b: Params, data: Dataset, activation: str, *,
                 n_points: int = 21) -> PairComparison:
    """Align θ_B to θ_A (weight matching, :func:`matching_group`) and score both straight lines on ``data``."""
    alignment = align(params_a, params_b, activation, group=matching_group(activation))
    before = interpolation_curve(params_a, params_b, data, activation, n_points=n_points)
    after = interpolation_curve(params_a, alignment.aligned, data, activation, n_points=n_points)
    return PairComparison(alignment, before, after)
