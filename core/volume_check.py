"""The effective-volume meter: the share 1/prod d_l! of parameter space that is "really there",
and a Monte Carlo check of it where the share is big enough to hit by sampling.

The meter reads the RELATIVE share (paper.md §4.2 and pitfall 9): the absolute volume
(2B)^S / prod d_l! grows with width whenever 2B > 1, because S ~ d² outruns ln d! ~ d ln d.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from core import bounds, rng
from core.activations import get_activation
from core.nets import count_params

MC_SAMPLES = 200_000
MC_DRAW_BUDGET = 20_000_000   # uniform numbers per check (samples x S): ~0.2 s
MC_MIN_EXPECTED_HITS = 20     # below this the Wilson interval says little
MC_STREAM = "volume"          # core.rng stream of its own: the Monte Carlo check of the volume share


@dataclass(frozen=True)
class VolumeReading:
    log10_fraction: float            # log10 (1 / prod d_l!)
    log10_fraction_signed: float     # log10 (1 / prod 2^{d_l} d_l!); NaN unless the activation is odd
    log10_absolute: float            # log10 ((2B)^S / prod d_l!), for the pitfall note
    monte_carlo: bounds.MonteCarloFraction | None
    mc_reason: str | None            # why there is no Monte Carlo check


def monte_carlo_samples(widths) -> int:
    """As many samples as the draw budget allows, at most MC_SAMPLES."""
    return max(1, min(MC_SAMPLES, MC_DRAW_BUDGET // count_params(widths)))


def monte_carlo_reason(widths, log10_fraction: float) -> str | None:
    """None when sampling can see the share, else why not (in words a person can act on)."""
    samples = monte_carlo_samples(widths)
    expected = samples * 10.0**log10_fraction
    if expected >= MC_MIN_EXPECTED_HITS:
        return None
    draws = f"{samples:,} random parameter vector{'s' if samples != 1 else ''}"
    return (f"the share is 10^{log10_fraction:,.2f}, too small to hit by sampling: the {draws} that this "
            f"network's {count_params(widths):,} parameters allow would expect "
            f"{expected:.2g} inside (we want at least {MC_MIN_EXPECTED_HITS}); try tiny widths, e.g. two "
            "hidden layers of 4 or one of 6")


def volume_reading(widths, *, activation: str, B: float, seed: int) -> VolumeReading:
    """The meter's numbers for checked ``widths``; the Monte Carlo check uses core.rng.stream(seed)."""
    plain = bounds.log10_effective_fraction(widths, activation, with_signs=False)
    odd = get_activation(activation).odd
    signed = bounds.log10_effective_fraction(widths, activation, with_signs=True) if odd else math.nan
    absolute = count_params(widths) * math.log10(2 * B) + plain
    reason = monte_carlo_reason(widths, plain)
    check = None
    if reason is None:
        check = bounds.monte_carlo_fraction(widths, n_samples=monte_carlo_samples(widths),
                                            rng=rng.stream(seed, MC_STREAM), B=B)
    return VolumeReading(plain, signed, absolute, check, reason)
