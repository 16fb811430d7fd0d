"""Exact orbit count of a small grid beside m^S, the naive m^S/|G| and our upper bound.

Teaches why plain division is not a bound: m^S/|G| is only Burnside's identity term, so the
exact number of orbits is always at least that, and strictly more as soon as some grid points
have tied units (shorter orbits). Our bound (core.bounds.covering.log_orbit_upper_bound) adds the
correction that covers them.

Exact counts run only when they are quick (about a second at most): core.bounds.orbits enumerates the
cycle types of every hidden layer, p(d) of them, so both its transfer work and the widest layer
are capped here. Beyond that the comparison carries the reason and the log-space numbers only.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from core.bounds import covering, orbits
from core.bounds.short_orbits import one_layer_short_orbit_count
from core.engine.mlp import count_params

LN10 = math.log(10.0)
QUICK_WORK = 200_000     # orbit_count_work entries: (2, 20, 20, 1) at ~0.2 s
QUICK_MAX_WIDTH = 40     # p(40) = 37,338 cycle types, ~0.9 s to enumerate the first time


@dataclass(frozen=True)
class OrbitComparison:
    widths: tuple[int, ...]
    m: int
    n_params: int
    log10_grid: float               # log10 m^S
    log10_group: float              # log10 prod d_l!
    log10_naive: float              # log10 (m^S / |G|)
    log10_bound: float              # our upper bound on the number of orbits
    exact: int | None               # orbits under permutations; None when not quick
    naive: Fraction | None          # m^S / |G| exactly, beside an exact count
    grid: int | None                # m^S exactly, beside an exact count
    reason: str | None              # why there is no exact count
    signed_exact: int | None        # orbits under signed permutations (odd activations only)
    signed_reason: str | None
    short_orbits: int | None = None  # grid networks with a short orbit (one hidden layer, beside an exact count)

    @property
    def excess_over_naive_pct(self) -> float | None:
        """How far the exact count exceeds m^S/|G|, in percent (>= 0 by Burnside)."""
        if self.exact is None:
            return None
        assert self.naive is not None  # compare_orbits sets naive whenever it sets exact
        return 100.0 * float(Fraction(self.exact) / self.naive - 1)


def quick_reason(widths: Sequence[int], *, signed: bool) -> str | None:
    """None when the exact count is quick for these widths, else a sentence saying why not."""
    widest = max(widths[1:-1])
    kind = "with sign flips " if signed else ""
    if widest > QUICK_MAX_WIDTH:
        return (f"a hidden layer of width {widest} is too wide to count {kind}exactly here (the count "
                f"enumerates its cycle types; this page does so up to width {QUICK_MAX_WIDTH})")
    work = orbits.orbit_count_work(widths, signed=signed)
    if work > QUICK_WORK:
        return (f"counting {kind}exactly would take {work:,} transfer-matrix entries; this page counts "
                f"up to {QUICK_WORK:,} (about a second)")
    return None


def _count(widths, m, *, signed: bool) -> tuple[int | None, str | None]:
    reason = quick_reason(widths, signed=signed)
    if reason is not None:
        return None, reason
    counter = orbits.exact_signed_orbit_count if signed else orbits.exact_orbit_count
    try:
        return counter(widths, m), None
    except ValueError as error:  # the engine's own caps (m^S too many bits) say why
        return None, str(error)


def compare_orbits(widths: Sequence[int], m: int, *, odd: bool) -> OrbitComparison:
    """Exact and approximate orbit counts of the m-point grid on ``widths`` (checked widths)."""
    widths = tuple(widths)
    n_params = count_params(widths)
    exact, reason = _count(widths, m, signed=False)
    signed_exact, signed_reason = _count(widths, m, signed=True) if odd else (None, None)
    quick = exact is not None
    return OrbitComparison(
        widths=widths, m=m, n_params=n_params,
        log10_grid=n_params * math.log10(m),
        log10_group=sum(math.lgamma(d + 1) for d in widths[1:-1]) / LN10,  # permutations only
        log10_naive=orbits.log_naive_orbit_estimate(widths, m) / LN10,
        log10_bound=covering.log_orbit_upper_bound(widths, m) / LN10,
        exact=exact, reason=reason,
        naive=orbits.naive_orbit_estimate(widths, m) if quick else None,
        grid=m**n_params if quick else None,
        signed_exact=signed_exact, signed_reason=signed_reason,
        short_orbits=one_layer_short_orbit_count(widths, m) if quick and len(widths) == 3 else None,
    )

