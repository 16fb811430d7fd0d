"""The work budget of one request, and the estimate of a training request's work.

Every number comes from core.limits; this module only counts. The caps are the app's (core.limits.CLASSROOM):
a script's engine calls take ``limits=`` and default to core.limits.LIBRARY, which has no work cap
(``training_work(..., cap=math.inf)`` never refuses). The common unit of training work
is the *parameter-sample-step*: one parameter applied to one sample in one optimiser step
(models x steps x samples x parameters). One request may train at most REQUEST_BUDGET of them,
the batched trainer's cap (limits.MAX_BATCH_WORK, about a minute on one core at worst).

Each lesson's heavy entry points also have caps of their own, in their own units; their estimates
live beside them (core.bounds.work, core.init_regions.work) and are Work values too. Use an
estimate before the work starts: ``check(estimate)`` raises a ValueError naming the request, the
amount, the cap and what to reduce, or returns the estimate when it fits.

The Train lesson trains live: one rerun advances the run for about a tick
(pages/shared/train/live.py) or by one "Step" press, so only that slice is one request; a whole run of
many steps spans many reruns. :func:`experiment_work` with ``steps`` estimates either.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from core import limits
from core.engine.experiment_shape import data_shape
from core.engine.mlp import count_params

if TYPE_CHECKING:
    from core.engine.experiment import Experiment

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
    n_samples, inputs, outputs = data_shape(experiment)  # a real table: its own rows, whatever n_samples says
    return training_work("training run", n_models=n_models, steps=steps, n_samples=n_samples,
                         widths=experiment.widths(inputs, outputs))


def batch_work(n_models: int, steps: int, n_samples: int, widths: Sequence[int]) -> Work:
    """core.engine.batched.train_batch: the same product, capped by limits.MAX_BATCH_WORK."""
    return training_work("batched training", n_models=n_models, steps=steps, n_samples=n_samples, widths=widths,
                         cap=limits.MAX_BATCH_WORK)
