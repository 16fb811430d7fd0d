"""Generalisation-gap bound against the sample size n, with and without the symmetry reduction.

[RECON] docs/theory.md#generalisation-gap: gap(n) = 2ℓε + M sqrt((ln N(ε) + ln(2/η)) / (2n)). Only ln N changes
between the two curves. The sample-size saving is read at the person's n: the reduced bound
reaches the gap that the baseline reaches with n samples using fewer samples.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

import numpy as np

from core import limits
from core.bounds.covering import log_covering_number
from core.validation import check_float, shown

if TYPE_CHECKING:
    from core.bounds.settings import BoundsSettings

# The loss: values in [0, M], ℓ-Lipschitz in the prediction; the bound holds with prob. >= 1 - η.
LOSS = dict(loss_range=1.0, loss_lipschitz=1.0, delta=0.05)
N_POINTS = 121


def sample_grid(n: int) -> np.ndarray:
    """Sample sizes from 10 to at least 10^9 (and 100 n), log-spaced, float64 shape (N_POINTS,)."""
    top = min(max(1e9, 100.0 * n), float(limits.BOUNDS_SAMPLE_SIZE[1]))
    return np.geomspace(10.0, top, N_POINTS)


@dataclass(frozen=True)
class _LossSetting:
    loss_range: float
    loss_lipschitz: float
    delta: float


def _check_loss(loss_range, loss_lipschitz, delta) -> _LossSetting:
    return _LossSetting(
        check_float(loss_range, "loss_range", limits.BOUNDS_LOSS_RANGE),
        check_float(loss_lipschitz, "loss_lipschitz", limits.BOUNDS_LOSS_LIPSCHITZ),
        check_float(delta, "delta", limits.BOUNDS_FAILURE_PROB),
    )


def _check_sample_sizes(n) -> np.ndarray:
    array = np.asarray(n, dtype=np.float64)
    low, high = limits.BOUNDS_SAMPLE_SIZE
    if array.size == 0 or not np.all(np.isfinite(array)) or np.any((array < low) | (array > high)):
        raise ValueError(f"n {shown(n)}: every sample size must be a number in [{low}, {high:g}]")
    return array


def generalisation_gap(
    widths: Sequence[int], *, n: float | np.ndarray, B: float, eps: float, activation: str, reduced: bool,
    method: str = "recursion", loss_range: float = 1.0, loss_lipschitz: float = 1.0, delta: float = 0.05,
) -> np.ndarray:
    """Bound on sup_f |R(f) - R̂_n(f)|: 2ℓε + M sqrt((ln N(ε) + ln(2/η)) / (2n)), prob >= 1 - η.

    [RECON] docs/theory.md#generalisation-gap (Hoeffding + union bound over the cover). ``n`` is a number or an
    array of sample sizes; returns a float64 array of the same shape (0-d for a number).
    ``loss_range`` = M (losses in [0, M]), ``loss_lipschitz`` = ℓ, ``delta`` = η.
    """
    sizes = _check_sample_sizes(n)
    loss = _check_loss(loss_range, loss_lipschitz, delta)
    log_n = log_covering_number(widths, B=B, eps=eps, activation=activation, reduced=reduced, method=method)
    estimation = loss.loss_range * np.sqrt((log_n + math.log(2 / loss.delta)) / (2 * sizes))
    return 2 * loss.loss_lipschitz * eps + estimation


def required_sample_size(
    widths: Sequence[int], *, target_gap: float, B: float, eps: float, activation: str, reduced: bool,
    method: str = "recursion", loss_range: float = 1.0, loss_lipschitz: float = 1.0, delta: float = 0.05,
) -> float:
    """Smallest real n with generalisation_gap <= target_gap: M²(ln N + ln(2/η)) / (2(t - 2ℓε)²).

    [RECON] docs/theory.md#generalisation-gap. Round up for an integer count. The target must exceed 2ℓε, the
    part of the bound that no sample size removes.
    """
    target = check_float(target_gap, "target_gap", limits.BOUNDS_TARGET_GAP)
    loss = _check_loss(loss_range, loss_lipschitz, delta)
    floor = 2 * loss.loss_lipschitz * check_float(eps, "eps", limits.BOUNDS_EPS)
    if target <= floor:
        raise ValueError(
            f"target_gap {shown(target)}: must exceed 2·loss_lipschitz·eps = {floor:g}, the cover's own "
            "contribution, which no sample size removes"
        )
    log_n = log_covering_number(widths, B=B, eps=eps, activation=activation, reduced=reduced, method=method)
    return loss.loss_range**2 * (log_n + math.log(2 / loss.delta)) / (2 * (target - floor) ** 2)


# Relative float noise allowed before rounding a required sample size up: the baseline's own n, solved
# back from its gap, comes out as 10000.000000000002 and must stay 10,000, not become 10,001.
_ROUNDING_NOISE = 1e-9


def whole_samples(n_real: float) -> int:
    """The smallest whole number of samples >= ``n_real`` (a sample size is a count, so round up)."""
    return math.ceil(n_real * (1 - _ROUNDING_NOISE))


def sample_size_saving(widths: Sequence[int], *, target_gap: float, B: float, eps: float, activation: str,
                       method: str = "recursion", **loss: float) -> dict[str, float]:
    """Samples needed for ``target_gap`` without and with the symmetry reduction, and the saving.

    [RECON] docs/theory.md#generalisation-gap. The exact real solution
    saving_exact = M² (ln N_base - ln N_red) / (2(t - 2ℓε)²) ≈ M² sum ln d_l! / (...)
    is kept; what a person reads are counts: n_baseline and n_reduced are the required sizes rounded
    up (:func:`whole_samples`) and saving = n_baseline - n_reduced, a difference of integers.
    ``loss`` takes loss_range, loss_lipschitz and delta as in :func:`required_sample_size`.
    Returns {"n_baseline": int, "n_reduced": int, "saving": int, "saving_exact": float}.
    """
    common: dict[str, Any] = dict(target_gap=target_gap, B=B, eps=eps, activation=activation, method=method, **loss)
    baseline = required_sample_size(widths, reduced=False, **common)
    reduced = required_sample_size(widths, reduced=True, **common)
    n_baseline, n_reduced = whole_samples(baseline), whole_samples(reduced)
    return {"n_baseline": n_baseline, "n_reduced": n_reduced, "saving": n_baseline - n_reduced,
            "saving_exact": baseline - reduced}


@dataclass(frozen=True)
class GeneralisationCurves:
    n: np.ndarray              # sample sizes, shape (k,)
    gap_baseline: np.ndarray   # bound with ln N_base, shape (k,)
    gap_reduced: np.ndarray    # bound with ln N_red, shape (k,)
    n_chosen: int
    at_n: tuple[float, float]  # (baseline, reduced) gap at n_chosen
    floor: float               # 2ℓε: what no sample size removes
    saving: dict[str, float] | None   # core.bounds.generalisation.sample_size_saving at the baseline's gap at n
    saving_reason: str | None


def generalisation_curves(widths: Sequence[int], settings: BoundsSettings) -> GeneralisationCurves:
    """Both gap curves and the saving for checked ``widths`` and BoundsSettings."""
    common: dict[str, Any] = dict(B=settings.B, eps=settings.eps, activation=settings.activation,
                                  method=settings.method, **LOSS)
    grid = sample_grid(settings.n)
    curves = [generalisation_gap(widths, n=grid, reduced=r, **common) for r in (False, True)]
    at_n = cast("tuple[float, float]",  # two gaps: (baseline, reduced)
                tuple(float(generalisation_gap(widths, n=settings.n, reduced=r, **common)) for r in (False, True)))
    saving, reason = _saving(widths, at_n[0], common)
    floor = 2 * LOSS["loss_lipschitz"] * settings.eps
    return GeneralisationCurves(grid, curves[0], curves[1], settings.n, at_n, floor, saving, reason)


def _saving(widths, target: float, common: dict) -> tuple[dict[str, float] | None, str | None]:
    low, high = limits.BOUNDS_TARGET_GAP
    if not low <= target <= high:
        return None, f"the baseline's gap {target:.3g} is outside the range [{low:g}, {high:g}] we solve for"
    try:
        return sample_size_saving(widths, target_gap=target, **common), None
    except ValueError as error:  # e.g. a target within rounding of 2ℓε
        return None, str(error)


def is_vacuous(gap: float) -> bool:
    """A gap bound at or above M says nothing: the loss itself lies in [0, M]."""
    return gap >= LOSS["loss_range"] or not math.isfinite(gap)
