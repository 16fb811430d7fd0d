"""The covering-number and effective-volume curves against width, and the points marked on them.

Curves: every hidden layer has the same width x, x on a log grid from 1 to 4,096; depth, input,
output, B, ε and activation are the person's settings. A marked network (the settings, or the
network trained in the Train lesson) may have different widths per layer: it is placed at its
mean hidden width, with its own exact numbers, so it need not lie on the curves.

The bounds hold for parameters in [−B, B]^S and inputs in [−1, 1]^d₀. A trained network may lie
outside that box (larger weights, wider inputs): then its marker shows only its architecture's numbers
for the settings' box, which do not bound it, and :func:`box_warning` says so with its numbers.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from core import limits
from core.bounds import covering, volume
from core.engine.activations import get_activation

if TYPE_CHECKING:
    from core.bounds.settings import BoundsSettings

LN10 = math.log(10.0)
CURVE_POINTS = 97  # log-spaced widths before rounding to integers (duplicates at small widths merge)


def width_grid(points: int = CURVE_POINTS) -> np.ndarray:
    """Integer widths 1 .. 4,096, log-spaced, sorted and unique (int64, shape (k,), k <= points)."""
    low, high = limits.BOUNDS_WIDTH
    return np.unique(np.round(np.geomspace(low, high, points)).astype(np.int64))


def covering_curves(settings: BoundsSettings) -> dict[str, np.ndarray]:
    """All width curves for checked BoundsSettings; every array is float64 with shape (k,).

    Keys: width, n_params, log_baseline, log_reduced, gap, relative_reduction_pct (natural logs,
    core.bounds.covering.bound_curve), their log10 versions log10_baseline, log10_reduced, log10_factor
    (= gap / ln 10, the digits of N_base / N_red), and the effective-volume fractions
    log10_fraction (permutations) and log10_fraction_signed (with sign flips; NaN unless the
    activation is odd), and log10_absolute = S·log10(2B) + log10_fraction, the absolute volume.
    """
    widths = width_grid()
    curves = covering.bound_curve(
        widths.tolist(), input_dim=settings.input_dim, output_dim=settings.output_dim, depth=settings.depth,
        B=settings.B, eps=settings.eps, activation=settings.activation, method=settings.method,
    )
    curves["log10_baseline"] = curves["log_baseline"] / LN10
    curves["log10_reduced"] = curves["log_reduced"] / LN10
    curves["log10_factor"] = curves["gap"] / LN10
    curves.update(_volume_columns(widths, settings))
    # (2B)^S / ∏ d_l!: the absolute volume of one representative per orbit (docs/theory.md#effective-volume)
    curves["log10_absolute"] = curves["n_params"] * math.log10(2 * settings.B) + curves["log10_fraction"]
    return curves


def _volume_columns(widths: np.ndarray, settings) -> dict[str, np.ndarray]:
    def fraction(width: int, with_signs: bool) -> float:
        architecture = (settings.input_dim,) + (int(width),) * settings.depth + (settings.output_dim,)
        return volume.log10_effective_fraction(architecture, settings.activation, with_signs=with_signs)

    odd = get_activation(settings.activation).odd
    plain = np.array([fraction(w, False) for w in widths])
    signed = np.array([fraction(w, True) for w in widths]) if odd else np.full(len(widths), np.nan)
    return {"log10_fraction": plain, "log10_fraction_signed": signed}


@dataclass(frozen=True)
class MarkedNetwork:
    """One network's exact numbers, where the curves' figures mark it."""

    label: str
    widths: tuple[int, ...]
    activation: str
    x: float                        # mean hidden width: its place on the width axis
    terms: dict[str, float]         # core.bounds.covering.covering_terms
    log10_fraction: float           # effective volume, permutations only
    log10_fraction_signed: float    # with sign flips; NaN unless the activation is odd
    box_warning: str | None = None  # why the settings' box does not contain this network (trained networks)

    @property
    def architecture(self) -> str:
        """The widths as a short label, e.g. '2-4-4-1' (see :func:`architecture_label`)."""
        return architecture_label(self.widths)

    @property
    def log10_baseline(self) -> float:
        """log10 of the baseline covering bound N_base."""
        return self.terms["log_baseline"] / LN10

    @property
    def log10_reduced(self) -> float:
        """log10 of the symmetry-reduced covering bound N_red."""
        return self.terms["log_reduced"] / LN10

    @property
    def log10_factor(self) -> float:
        """log10 (N_base / N_red): the digits the symmetry reduction removes."""
        return self.terms["gap"] / LN10


def mark_network(label: str, widths: Sequence[int], activation: str, settings: BoundsSettings) -> MarkedNetwork:
    """Exact numbers of ``widths`` with ``activation`` under the settings' B, ε and Λ method."""
    widths = tuple(int(w) for w in widths)
    terms = covering.covering_terms(widths, B=settings.B, eps=settings.eps, activation=activation,
                                  method=settings.method)
    odd = get_activation(activation).odd
    signed = volume.log10_effective_fraction(widths, activation, with_signs=True) if odd else math.nan
    return MarkedNetwork(
        label=label, widths=widths, activation=activation, x=float(np.mean(widths[1:-1])), terms=terms,
        log10_fraction=volume.log10_effective_fraction(widths, activation, with_signs=False),
        log10_fraction_signed=signed,
    )


def box_warning(max_abs_param: float, input_radius: float, B: float, input_dim: int) -> str | None:
    """None when every parameter lies in [−B, B] and every input in [−1, 1]^d₀, else a sentence with the numbers.

    ``max_abs_param``: the network's largest |weight or bias|; ``input_radius``: the largest |input
    coordinate| of its data (NaN when unknown).
    """
    problems = []
    if max_abs_param > B:
        problems.append(f"its largest weight or bias has |θ| = {max_abs_param:.3g}, outside the box [−{B:g}, {B:g}]")
    if input_radius > 1.0:
        problems.append(f"its data reach |x| = {input_radius:.3g}, outside the input range $[-1, 1]^{{{input_dim}}}$")
    if math.isnan(input_radius):
        problems.append("its input range is unknown")
    if not problems:
        return None
    return ("The bounds on these curves hold for parameters in [−B, B] and inputs in $[-1, 1]^{d_0}$; they do not "
            f"cover the trained network: {'; '.join(problems)}. Its ◆ marks only the numbers of its architecture "
            "for this box. Raise B to at least its largest |θ| to cover its weights.")


def architecture_label(widths: Sequence[int]) -> str:
    """'2-4-4-1'; long runs of equal hidden widths compress: '2-4096×100-1', '3-8-…(96 more)…-8-1'."""
    inputs, hidden, outputs = widths[0], list(widths[1:-1]), widths[-1]
    if len(hidden) > 4 and len(set(hidden)) == 1:
        middle = f"{hidden[0]}×{len(hidden)}"
    elif len(hidden) > 6:
        middle = "-".join(map(str, hidden[:3])) + f"-…({len(hidden) - 5} more)…-" + "-".join(map(str, hidden[-2:]))
    else:
        middle = "-".join(map(str, hidden))
    return f"{inputs}-{middle}-{outputs}"
