"""Generalisation-gap bound against the sample size n, with and without the symmetry reduction.

[RECON] paper.md §3.9: gap(n) = 2ℓε + M sqrt((ln N(ε) + ln(2/η)) / (2n)). Only ln N changes
between the two curves. The sample-size saving is read at the person's n: the reduced bound
reaches the gap that the baseline reaches with n samples using fewer samples.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from core import bounds, limits

# The loss: values in [0, M], ℓ-Lipschitz in the prediction; the bound holds with prob. >= 1 - η.
LOSS = dict(loss_range=1.0, loss_lipschitz=1.0, delta=0.05)
N_POINTS = 121


def sample_grid(n: int) -> np.ndarray:
    """Sample sizes from 10 to at least 10^9 (and 100 n), log-spaced, float64 shape (N_POINTS,)."""
    top = min(max(1e9, 100.0 * n), float(limits.BOUNDS_SAMPLE_SIZE[1]))
    return np.geomspace(10.0, top, N_POINTS)


@dataclass(frozen=True)
class GeneralisationCurves:
    n: np.ndarray              # sample sizes, shape (k,)
    gap_baseline: np.ndarray   # bound with ln N_base, shape (k,)
    gap_reduced: np.ndarray    # bound with ln N_red, shape (k,)
    n_chosen: int
    at_n: tuple[float, float]  # (baseline, reduced) gap at n_chosen
    floor: float               # 2ℓε: what no sample size removes
    saving: dict[str, float] | None   # core.bounds.sample_size_saving at the baseline's gap at n
    saving_reason: str | None


def generalisation_curves(widths, settings) -> GeneralisationCurves:
    """Both gap curves and the saving for checked ``widths`` and BoundsSettings."""
    common = dict(B=settings.B, eps=settings.eps, activation=settings.activation, method=settings.method, **LOSS)
    grid = sample_grid(settings.n)
    curves = [bounds.generalisation_gap(widths, n=grid, reduced=r, **common) for r in (False, True)]
    at_n = tuple(float(bounds.generalisation_gap(widths, n=settings.n, reduced=r, **common)) for r in (False, True))
    saving, reason = _saving(widths, at_n[0], common)
    floor = 2 * LOSS["loss_lipschitz"] * settings.eps
    return GeneralisationCurves(grid, curves[0], curves[1], settings.n, at_n, floor, saving, reason)


def _saving(widths, target: float, common: dict) -> tuple[dict[str, float] | None, str | None]:
    low, high = limits.BOUNDS_TARGET_GAP
    if not low <= target <= high:
        return None, f"the baseline's gap {target:.3g} is outside the range [{low:g}, {high:g}] we solve for"
    try:
        return bounds.sample_size_saving(widths, target_gap=target, **common), None
    except ValueError as error:  # e.g. a target within rounding of 2ℓε
        return None, str(error)


def is_vacuous(gap: float) -> bool:
    """A gap bound at or above M says nothing: the loss itself lies in [0, M]."""
    return gap >= LOSS["loss_range"] or not math.isfinite(gap)
