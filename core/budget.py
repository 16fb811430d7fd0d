"""The work budget of one request, and an estimate of the work of every heavy core entry point.

Every number comes from core.limits; this module only counts. The common unit of training work
is the *parameter-sample-step*: one parameter applied to one sample in one optimiser step
(models x steps x samples x parameters). One request may train at most REQUEST_BUDGET of them,
the batched trainer's cap (limits.MAX_BATCH_WORK, about a minute on one core at worst).

Each heavy entry point also has a cap of its own, in its own unit (network-steps of a map,
parameter-steps of a width sweep, uniform draws of a Monte Carlo check, transfer-matrix entries
and result bits of an exact orbit count); its estimate carries that cap. Use an estimate before
the work starts: ``check(estimate)`` raises a ValueError naming the request, the amount, the cap
and what to reduce, or returns the estimate when it fits.

The Train lesson trains live: one rerun advances the run for about a tick (pages/shared/
live_training.py) or by one "Step" press, so only that slice is one request; a whole run of
many steps spans many reruns. :func:`experiment_work` with ``steps`` estimates either.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from core import limits
from core.engine.mlp import count_params

if TYPE_CHECKING:
    from core.bounds.settings import BoundsSettings
    from core.engine.experiment import Experiment
    from core.init_regions.task import MapSpec
    from core.init_regions.width_spec import WidthSpec

REQUEST_BUDGET = limits.MAX_BATCH_WORK  # parameter-sample-steps of training per request
TRAINING_UNIT = "parameter-sample-steps"


@dataclass(frozen=True)
class Work:
    """The work of one request, in ``unit``, against its ``cap``; ``advice`` says what to reduce."""

    request: str
    amount: float
    cap: float
    unit: str
    advice: str
    detail: str = ""

    @property
    def within(self) -> bool:
        """Whether the amount fits the cap (amount <= cap)."""
        return self.amount <= self.cap

    @property
    def share(self) -> float:
        """amount / cap: at most 1 when within budget."""
        return self.amount / self.cap

    def message(self) -> str:
        """The refusal text: request, amount and unit, the cap, and what to reduce."""
        detail = f" ({self.detail})" if self.detail else ""
        return (f"{self.request}: {self.amount:,.0f} {self.unit}{detail}: at most {self.cap:,.0f} allowed "
                f"per request; {self.advice}")


def check(*estimates: Work) -> tuple[Work, ...]:
    """Raise ValueError (the first estimate over its cap, named with amount and cap) or return them all."""
    for estimate in estimates:
        if not estimate.within:
            raise ValueError(estimate.message())
    return estimates


def training_work(request: str, *, n_models: int, steps: int, n_samples: int, widths: Sequence[int],
                  cap: float = REQUEST_BUDGET) -> Work:
    """models x steps x samples x parameters of a training request."""
    n_params = count_params(widths)
    amount = float(n_models) * steps * n_samples * n_params
    return Work(request, amount, cap, TRAINING_UNIT,
                "use fewer steps, samples, models or a smaller network",
                f"{n_models:,} model(s) x {steps:,} steps x {n_samples:,} samples x {n_params:,} parameters")


def experiment_work(experiment: Experiment, steps: int | None = None, *, n_models: int = 1) -> Work:
    """One Experiment trained ``steps`` steps (default: all of its steps), ``n_models`` times.

    Samples count the whole dataset: every step records the training and the test loss.
    """
    steps = experiment.steps if steps is None else steps
    from core.engine.data import DATASETS, REGRESSION
    from core.validation import check_choice

    input_dim = 1 if DATASETS[check_choice(experiment.dataset, "dataset", DATASETS)][1] == REGRESSION else 2
    widths = (input_dim, *experiment.hidden, 1)
    return training_work("training run", n_models=n_models, steps=steps, n_samples=experiment.n_samples,
                         widths=widths)


def batch_work(n_models: int, steps: int, n_samples: int, widths: Sequence[int]) -> Work:
    """core.engine.batched.train_batch: the same product, capped by limits.MAX_BATCH_WORK."""
    return training_work("batched training", n_models=n_models, steps=steps, n_samples=n_samples, widths=widths,
                         cap=limits.MAX_BATCH_WORK)


def map_work(spec: MapSpec) -> tuple[Work, Work]:
    """core.init_regions.map.train_map: network-steps (every start counted, as "verify" trains them all)
    against limits.INIT_MAP_MAX_NETWORK_STEPS, and the same in parameter-sample-steps."""
    steps = Work("map of starts", float(spec.network_steps), limits.INIT_MAP_MAX_NETWORK_STEPS, "network-steps",
                 "lower the resolution or the steps",
                 f"{spec.resolution} x {spec.resolution} starts x {spec.steps:,} steps")
    training = training_work("map of starts", n_models=spec.n_cells, steps=spec.steps, n_samples=spec.n_points,
                             widths=spec.widths)
    return steps, training


def width_experiment_work(spec: WidthSpec) -> tuple[Work, Work]:
    """core.init_regions.width_experiment.run_width_experiment: parameter-steps against
    limits.INIT_SWEEP_MAX_PARAM_STEPS, and parameter-sample-steps (times the task's points)."""
    steps = Work("width sweep", float(spec.param_steps), limits.INIT_SWEEP_MAX_PARAM_STEPS, "parameter-steps",
                 "use fewer starts, steps, schemes or wide widths",
                 f"{len(spec.schemes)} scheme(s) x widths {list(spec.widths)} x {spec.seeds:,} starts x "
                 f"{spec.steps:,} steps")
    training = Work("width sweep", float(spec.param_steps) * spec.n_points, REQUEST_BUDGET, TRAINING_UNIT,
                    steps.advice, f"{spec.param_steps:,} parameter-steps x {spec.n_points} points")
    return steps, training


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
    import math

    from core.bounds.orbits import orbit_count_work

    entries = Work("exact orbit count", float(orbit_count_work(widths, signed=signed)),
                   limits.ORBIT_MAX_TRANSFER_ENTRIES, "transfer-matrix entries",
                   "use narrower hidden layers or the upper bound")
    bits = Work("exact orbit count", count_params(widths) * math.log2(m), limits.ORBIT_MAX_BITS, "bits of m^S",
                "use a smaller grid size m or network", f"grid size m {m}")
    return entries, bits


def bounds_report_work(settings: BoundsSettings) -> tuple[Work, ...]:
    """core.bounds.report.bounds_report for checked BoundsSettings: its Monte Carlo check (when it runs)
    and the exact orbit counts it attempts (only when quick, core.bounds.orbit_comparison.quick_reason)."""
    from core.bounds.orbit_comparison import quick_reason
    from core.bounds.volume import log10_effective_fraction, monte_carlo_reason, monte_carlo_samples
    from core.engine.activations import get_activation

    widths = settings.widths
    works = []
    if monte_carlo_reason(widths, log10_effective_fraction(widths, settings.activation, False)) is None:
        works.append(monte_carlo_work(widths, monte_carlo_samples(widths)))
    for signed in (False, True) if get_activation(settings.activation).odd else (False,):
        if quick_reason(widths, signed=signed) is None:
            works.extend(orbit_work(widths, settings.orbit_m, signed=signed))
    return tuple(works)
