"""Work estimates of the lesson's heavy calls (core.engine.budget.Work values, checked before work):
the Monte Carlo volume check and the exact orbit counts, alone and as bounds_report attempts them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from core import limits
from core.bounds.orbit_comparison import quick_reason
from core.bounds.orbits import orbit_count_work
from core.bounds.settings import BoundsSettings
from core.bounds.volume import log10_effective_fraction, monte_carlo_reason, monte_carlo_samples
from core.engine.activations import get_activation
from core.engine.budget import Work
from core.engine.mlp import count_params


def monte_carlo_work(widths: Sequence[int], n_samples: int) -> Work:
    """core.bounds.volume.monte_carlo_fraction: uniform draws (samples x parameters) against
    limits.MONTE_CARLO_MAX_DRAWS."""
    n_params = count_params(widths)
    return Work("Monte Carlo volume check", float(n_samples) * n_params, limits.MONTE_CARLO_MAX_DRAWS,
                "uniform draws", "use fewer samples or a smaller network",
                f"{n_samples:,} samples x {n_params:,} parameters")


def orbit_work(widths: Sequence[int], m: int, *, signed: bool = False) -> tuple[Work, Work]:
    """core.bounds.orbits exact counts: transfer-matrix entries against limits.ORBIT_MAX_TRANSFER_ENTRIES and
    bits of m^S against limits.ORBIT_MAX_BITS (inf entries: a layer too wide to enumerate)."""
    entries = Work("exact orbit count", float(orbit_count_work(widths, signed=signed)),
                   limits.ORBIT_MAX_TRANSFER_ENTRIES, "transfer-matrix entries",
                   "use narrower hidden layers or the upper bound")
    bits = Work("exact orbit count", count_params(widths) * math.log2(m), limits.ORBIT_MAX_BITS, "bits of mˢ",
                "use a smaller grid size m or network", f"grid size m {m}")
    return entries, bits


def bounds_report_work(settings: BoundsSettings) -> tuple[Work, ...]:
    """core.bounds.report.bounds_report for checked BoundsSettings: its Monte Carlo check (when it runs)
    and the exact orbit counts it attempts (only when quick, core.bounds.orbit_comparison.quick_reason)."""
    widths = settings.widths
    works = []
    if monte_carlo_reason(widths, log10_effective_fraction(widths, settings.activation, False)) is None:
        works.append(monte_carlo_work(widths, monte_carlo_samples(widths)))
    for signed in (False, True) if get_activation(settings.activation).odd else (False,):
        if quick_reason(widths, signed=signed) is None:
            works.extend(orbit_work(widths, settings.orbit_m, signed=signed))
    return tuple(works)
