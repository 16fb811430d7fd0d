"""The barrier against width: for every activation and hidden width of a ValleySpec, train its pairs (one
batched run per cell), align each pair and measure the test-loss barrier before and after matching.

Each cell reports the per-pair values, their mean and a 95% Student-t interval for the mean over the pairs
(:func:`mean_interval`), and the end networks' test accuracy: a barrier means little if the ends did not learn.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy import stats

from core.engine.data import Dataset
from core.engine.real_data import load_split
from core.rng import stream
from core.valley.pair_comparison import PairComparison, compare_pair
from core.valley.pairs import TrainedPairs, train_pairs
from core.valley.spec import ValleySpec, check_valley_spec

CONFIDENCE = 0.95


def mean_interval(values: np.ndarray, *, floor: float | None = None) -> tuple[float, float, float]:
    """(mean, low, high): the mean of ``values`` and its 95% Student-t interval (needs two values at least).
    ``floor``: a bound the quantity cannot cross (a barrier is >= 0 by construction); the low end is
    clipped there, as the symmetric t interval would otherwise reach below what is possible."""
    values = np.asarray(values, dtype=np.float64)
    if values.size < 2:
        raise ValueError(f"{values.size} value(s): an interval needs at least 2")
    mean = float(np.mean(values))
    half = float(stats.t.ppf(0.5 + CONFIDENCE / 2, values.size - 1) * np.std(values, ddof=1) / np.sqrt(values.size))
    low = mean - half if floor is None else max(floor, mean - half)
    return mean, low, mean + half


@dataclass(frozen=True, eq=False)
class ValleyCell:
    """One (activation, width): the trained pairs and each pair's comparison before/after matching."""

    pairs: TrainedPairs
    comparisons: tuple[PairComparison, ...]

    @property
    def barriers_before(self) -> np.ndarray:
        """(P,) test-loss barrier along θ_A → θ_B per pair."""
        return np.array([c.before.loss_barrier for c in self.comparisons])

    @property
    def barriers_after(self) -> np.ndarray:
        """(P,) test-loss barrier along θ_A → aligned θ_B per pair."""
        return np.array([c.after.loss_barrier for c in self.comparisons])


def load_data(spec: ValleySpec) -> tuple[Dataset, Dataset]:
    """(train, test) of the spec's dataset, split with the "split" stream of its data seed."""
    return load_split(spec.dataset, spec.test_fraction, rng=stream(spec.data_seed, "split"))


def run_cell(spec: ValleySpec, train: Dataset, test: Dataset, *, width: int, activation: str,
             device: str = "cpu") -> ValleyCell:
    """Train the pairs of one (width, activation) and compare each before and after matching on ``test``."""
    trained = train_pairs(spec, train, test, width=width, activation=activation, device=device)
    comparisons = tuple(compare_pair(a, b, test, activation, n_points=spec.n_points)
                        for a, b in zip(trained.a, trained.b))
    return ValleyCell(trained, comparisons)


def run_width_study(spec: ValleySpec, *, device: str = "cpu",
                    progress: Callable[[str, int, float], None] | None = None) -> tuple[ValleyCell, ...]:
    """Every cell of ``spec``, activations outer and widths (ascending) inner; ``progress(activation, width,
    seconds)`` is called after each cell (the bench prints it)."""
    spec = check_valley_spec(spec)
    train, test = load_data(spec)
    cells = []
    for activation in spec.activations:
        for width in sorted(spec.widths):
            started = time.perf_counter()
            cells.append(run_cell(spec, train, test, width=width, activation=activation, device=device))
            if progress is not None:
                progress(activation, width, time.perf_counter() - started)
    return tuple(cells)
