"""Everything the lesson "Count functions, not weights" shows, computed in one call.

One call so the page can cache it as a whole (st.cache_data) and stay a thin layer of widgets
and figures. Every piece is pure: same settings, same report, bit for bit (the Monte Carlo check
draws from core.rng.stream(settings.mc_seed, ...)).
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

import numpy as np

from core import limits
from core.bounds.curves import MarkedNetwork, box_warning, covering_curves, mark_network
from core.bounds.generalisation import GeneralisationCurves, generalisation_curves
from core.bounds.orbit_comparison import OrbitComparison, compare_orbits
from core.bounds.settings import BoundsSettings, check_settings
from core.bounds.volume import VolumeReading, volume_reading
from core.engine.activations import get_activation
from core.validation import check_widths


@dataclass(frozen=True)
class BoundsReport:
    settings: BoundsSettings
    curves: dict[str, np.ndarray]       # against width: core.bounds.curves.covering_curves
    current: MarkedNetwork              # the settings' own network
    trained: MarkedNetwork | None       # the network trained in the Train lesson, if any
    orbits: OrbitComparison
    volume: VolumeReading
    generalisation: GeneralisationCurves


def bounds_report(settings: BoundsSettings, trained: tuple | None = None) -> BoundsReport:
    """The whole lesson for ``settings``; ``trained`` = (widths, activation) of a trained network, or
    (widths, activation, max |θ|, max |x| of its data) so the report can say whether the box contains it.

    Raises ValueError/TypeError naming the first bad setting (core.bounds.settings.check_settings).
    """
    settings = check_settings(settings)
    widths = settings.widths
    return BoundsReport(
        settings=settings,
        curves=covering_curves(settings),
        current=mark_network("your network", widths, settings.activation, settings),
        trained=_trained(trained, settings),
        orbits=compare_orbits(widths, settings.orbit_m, odd=get_activation(settings.activation).odd),
        volume=volume_reading(widths, activation=settings.activation, B=settings.B, seed=settings.mc_seed),
        generalisation=generalisation_curves(widths, settings),
    )


def _trained(trained, settings) -> MarkedNetwork | None:
    if trained is None:
        return None
    widths, activation, *box = trained
    widths = check_widths(tuple(widths), input_dim=limits.BOUNDS_INPUT_DIM, hidden=limits.BOUNDS_WIDTH,
                          depth=limits.BOUNDS_DEPTH)
    marked = mark_network("trained in the Train lesson", widths, activation, settings)
    max_abs_param, input_radius = (float(box[0]), float(box[1])) if box else (math.nan, math.nan)
    warning = None if math.isnan(max_abs_param) else box_warning(max_abs_param, input_radius, settings.B, widths[0])
    return dataclasses.replace(marked, box_warning=warning)
