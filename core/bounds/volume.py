"""The effective-volume meter: the share 1/prod d_l! of parameter space that is "really there",
and a Monte Carlo check of it where the share is big enough to hit by sampling.

The meter reads the RELATIVE share (docs/theory.md#effective-volume). The absolute volume
(2B)^S / prod d_l! can rise, fall, or both as width grows (at B = 0.51, depth 2 it first falls to about
10^-444 near width 280, then rises): core.bounds.claims says which, for the settings on screen.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.stats import binomtest

from core import limits, rng
from core.bounds.covering import _check_activation, _check_box, _check_flag, _check_widths, _hidden, _log_group_order
from core.engine.activations import get_activation
from core.engine.mlp import count_params
from core.validation import check_generator, check_int, shown

MC_SAMPLES = 200_000
MC_DRAW_BUDGET = 20_000_000   # uniform numbers per check (samples x S): ~0.2 s
MC_MIN_EXPECTED_HITS = 20     # below this the Wilson interval says little
MC_STREAM = "volume"          # core.rng stream of its own: the Monte Carlo check of the volume share


def log10_effective_fraction(widths: Sequence[int], activation: str, with_signs: bool | None = None) -> float:
    """log10 of Vol(representative set) / Vol(box) = 1/prod d_l! (with signs 1/prod 2^{d_l} d_l!).

    [RECON] docs/theory.md#effective-volume. ``with_signs`` defaults to whether the activation is odd; sign flips
    are a symmetry only for odd activations, so True with another activation is an error.
    """
    widths, checked = _check_widths(widths), _check_activation(activation)
    with_signs = checked.odd if with_signs is None else _check_flag(with_signs, "with_signs")
    if with_signs and not checked.odd:
        raise ValueError(
            f"with_signs True with activation {shown(checked.name)}: sign flips are a symmetry only for "
            "odd activations (tanh, sin, identity)"
        )
    return -_log_group_order(_hidden(widths), with_signs=with_signs) / math.log(10.0)


@dataclass(frozen=True)
class MonteCarloFraction:
    """Share of uniform draws inside the representative region, with a Wilson 95% interval."""

    estimate: float
    low: float
    high: float
    exact: float  # 1 / prod d_l!
    n_inside: int
    n_samples: int


def hidden_bias_indices(widths: Sequence[int]) -> list[np.ndarray]:
    """Positions of b_0..b_{L-1} (the hidden units' biases) in core.engine.mlp.Params.flatten order.

    Returns one int array of shape (d_l,) per hidden layer l = 1..L.
    """
    widths = _check_widths(widths)
    indices, start = [], 0
    for d_in, d_out in zip(widths[:-2], widths[1:-1]):
        start += d_out * d_in  # W_{l-1} comes first, row-major
        indices.append(np.arange(start, start + d_out))
        start += d_out
    return indices


def in_representative_region(thetas: np.ndarray, widths: Sequence[int]) -> np.ndarray:
    """Whether each parameter vector has non-increasing hidden biases in every hidden layer.

    One representative per orbit (docs/theory.md#effective-volume). ``thetas`` has shape (n, S);
    returns a bool array of shape (n,).
    """
    thetas = np.asarray(thetas, dtype=np.float64)
    inside = np.ones(thetas.shape[0], dtype=bool)
    for layer in hidden_bias_indices(widths):
        inside &= np.all(np.diff(thetas[:, layer], axis=1) <= 0.0, axis=1)
    return inside


def monte_carlo_fraction(widths: Sequence[int], *, n_samples: int, rng: np.random.Generator,
                         B: float = 1.0) -> MonteCarloFraction:
    """Sample θ ~ U[-B, B]^S and estimate the share inside the representative region.

    [OURS] check of docs/theory.md#effective-volume for tiny widths (the exact share 1/prod d_l! is
    about 1e-6.6 for one layer of width 10). Draws n_samples x S uniform numbers
    (at most ``limits.MONTE_CARLO_MAX_DRAWS``) from ``rng`` only, in chunks.
    """
    widths = _check_widths(widths)
    n_samples = check_int(n_samples, "n_samples", limits.MONTE_CARLO_SAMPLES)
    rng = check_generator(rng)
    B, _ = _check_box(B)
    n_params = count_params(widths)
    if n_samples * n_params > limits.MONTE_CARLO_MAX_DRAWS:
        raise ValueError(
            f"n_samples {n_samples} with {n_params} parameters: needs {n_samples * n_params:,} uniform "
            f"draws, at most {limits.MONTE_CARLO_MAX_DRAWS:,} allowed; use fewer samples or a smaller network"
        )
    chunk = max(1, 2**20 // n_params)  # about 8 MB of float64 per chunk
    n_inside = 0
    for start in range(0, n_samples, chunk):
        thetas = rng.uniform(-B, B, size=(min(chunk, n_samples - start), n_params))
        n_inside += int(in_representative_region(thetas, widths).sum())
    low, high = wilson_interval(n_inside, n_samples)
    exact = math.exp(-_log_group_order(_hidden(widths), with_signs=False))
    return MonteCarloFraction(n_inside / n_samples, low, high, exact, n_inside, n_samples)


def wilson_interval(successes: int, trials: int) -> tuple[float, float]:
    """Wilson score 95% interval for a binomial share successes / trials (scipy's binomtest)."""
    trials = check_int(trials, "trials", (1, 2**62))
    successes = check_int(successes, "successes", (0, trials))
    interval = binomtest(successes, trials).proportion_ci(confidence_level=0.95, method="wilson")
    return float(interval.low), float(interval.high)


@dataclass(frozen=True)
class VolumeReading:
    log10_fraction: float            # log10 (1 / prod d_l!)
    log10_fraction_signed: float     # log10 (1 / prod 2^{d_l} d_l!); NaN unless the activation is odd
    log10_absolute: float            # log10 ((2B)^S / prod d_l!), for the pitfall note
    monte_carlo: MonteCarloFraction | None
    mc_reason: str | None            # why there is no Monte Carlo check


def monte_carlo_samples(widths: Sequence[int]) -> int:
    """As many samples as the draw budget allows, at most MC_SAMPLES."""
    return max(1, min(MC_SAMPLES, MC_DRAW_BUDGET // count_params(widths)))


def monte_carlo_reason(widths: Sequence[int], log10_fraction: float) -> str | None:
    """None when sampling can see the share, else why not (in words a person can act on)."""
    samples = monte_carlo_samples(widths)
    expected = samples * 10.0**log10_fraction
    if expected >= MC_MIN_EXPECTED_HITS:
        return None
    draws = f"{samples:,} random parameter vector{'s' if samples != 1 else ''}"
    exponent = f"{log10_fraction:,.2f}".replace(",", "{,}")  # typeset (KaTeX): a comma there needs braces
    return (f"the share is $10^{{{exponent}}}$, too small to hit by sampling: the {draws} that this "
            f"network's {count_params(widths):,} parameters allow would expect "
            f"{expected:.2g} inside (we want at least {MC_MIN_EXPECTED_HITS}); try tiny widths, e.g. two "
            "hidden layers of 4 or one of 6")


def volume_reading(widths: Sequence[int], *, activation: str, B: float, seed: int) -> VolumeReading:
    """The meter's numbers for checked ``widths``; the Monte Carlo check uses core.rng.stream(seed)."""
    plain = log10_effective_fraction(widths, activation, with_signs=False)
    odd = get_activation(activation).odd
    signed = log10_effective_fraction(widths, activation, with_signs=True) if odd else math.nan
    absolute = count_params(widths) * math.log10(2 * B) + plain
    reason = monte_carlo_reason(widths, plain)
    check = None
    if reason is None:
        check = monte_carlo_fraction(widths, n_samples=monte_carlo_samples(widths),
                                            rng=rng.stream(seed, MC_STREAM), B=B)
    return VolumeReading(plain, signed, absolute, check, reason)
