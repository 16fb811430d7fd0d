"""Training: one network at a time (:class:`TrainingRun`, :func:`train`) or K at once (:func:`train_batch`).

The single trainer is a plain ``torch.nn.Sequential`` with ``torch.optim``: the obvious
implementation, and the oracle the batched trainer is tested against. Both record the training
loss of theta_0 ... theta_T (T + 1 values), reusing the gradient pass's loss when the step is
full batch. Divergence (NaN/inf) is an outcome, never an exception.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import torch

from core.engine import budget
from core.engine.activations import get_activation
from core.engine.data import Dataset
from core.engine.interop import from_torch, to_torch
from core.engine.losses import accuracy_on_checked_data, check_training_data, loss_on_checked_data
from core.engine.minibatch import MinibatchSampler
from core.engine.mlp import Params
from core.engine.optimizers import check_learning_rate, make_optimizer, resolve_batch_size
from core.limits import LIBRARY, EngineLimits, engine_limits
from core.validation import check_generator, check_int


@dataclass
class History:
    """Per-step records of one run; index t holds the values for theta_t."""

    train_loss: list[float] = field(default_factory=list)
    test_loss: list[float] = field(default_factory=list)
    train_accuracy: list[float] = field(default_factory=list)
    test_accuracy: list[float] = field(default_factory=list)
    snapshots: dict[int, Params] = field(default_factory=dict)
    diverged_at: int | None = None


def _tensors(data: Dataset | None, dtype):
    if data is None or data.n_samples == 0:
        return None
    return torch.as_tensor(data.X, dtype=dtype), torch.as_tensor(data.y, dtype=dtype)


class TrainingRun:
    """A resumable single-network training run: ``advance(n)`` twice equals ``advance(2n)`` once.

    ``limits`` (core.limits) bounds the steps of one ``advance``: LIBRARY by default, CLASSROOM in the app.
    """

    _last_finite: list[torch.Tensor] | None  # parameters before the latest step, for a roll-back on divergence

    def __init__(self, params: Params, train_data: Dataset, test_data: Dataset | None = None, *,
                 activation: str, optimizer: str = "gd", learning_rate: float = 0.1,
                 batch_size: int | None = None, rng: np.random.Generator, snapshot_steps: Iterable[int] = (),
                 dtype: torch.dtype = torch.float64, limits: EngineLimits | None = LIBRARY):
        self.limits = engine_limits(limits)
        if not isinstance(params, Params):
            raise TypeError(f"params {type(params).__name__}: must be core.engine.mlp.Params")
        check_training_data(params.widths, train_data, test_data)
        self.activation, self.task = get_activation(activation).name, train_data.task
        self.learning_rate = check_learning_rate(learning_rate)
        batch = resolve_batch_size(optimizer, batch_size, train_data.n_samples)
        self.sampler = MinibatchSampler(train_data.n_samples, batch, rng=check_generator(rng))
        self.model = to_torch(params, self.activation, dtype=dtype)
        self.optimizer = make_optimizer(optimizer, self.model.parameters(), self.learning_rate)
        self.train, self.test = _tensors(train_data, dtype), _tensors(test_data, dtype)
        self.snapshot_steps = {int(s) for s in snapshot_steps}
        self.step, self.history, self._last_finite = 0, History(), None
        self.advance(0)  # records theta_0

    @property
    def params(self) -> Params:
        """The current weights, read out of the torch model as float64 Params (a copy)."""
        return from_torch(self.model).params

    @property
    def diverged(self) -> bool:
        """True once a step gave a non-finite loss or weights; the run then takes no more steps."""
        return self.history.diverged_at is not None

    def set_learning_rate(self, learning_rate: float) -> None:
        """Change the step size mid-run, keeping weights and optimiser state."""
        self.learning_rate = check_learning_rate(learning_rate)
        for group in self.optimizer.param_groups:
            group["lr"] = self.learning_rate

    def advance(self, n_steps: int) -> TrainingRun:
        """Take ``n_steps`` optimiser steps (none once the run has diverged)."""
        n_steps = check_int(n_steps, "n_steps", self.limits.steps)
        for _ in range(n_steps):
            if self.diverged:
                break
            self._update()
        self._ensure_recorded(None)
        return self

    def _ensure_recorded(self, train_outputs) -> None:
        if not self.diverged and len(self.history.train_loss) == self.step:
            self._record(train_outputs)

    def _update(self) -> None:
        indices = self.sampler.next_indices()
        X, y = self.train
        if indices is None:  # full batch: this pass's loss is theta_t's training loss
            outputs = self.model(X)
            loss = loss_on_checked_data(outputs, y, self.task)
            self._ensure_recorded(outputs.detach())
        else:
            self._ensure_recorded(None)
            loss = loss_on_checked_data(self.model(X[indices]), y[indices], self.task)
        if self.diverged:
            return
        self.optimizer.zero_grad()
        loss.backward()
        self._last_finite = [p.detach().clone() for p in self.model.parameters()]
        self.optimizer.step()
        self.step += 1

    @torch.no_grad()
    def _record(self, train_outputs) -> None:
        X, y = self.train
        outputs = self.model(X) if train_outputs is None else train_outputs
        loss = float(loss_on_checked_data(outputs, y, self.task))
        self.history.train_loss.append(loss)
        accuracy = accuracy_on_checked_data(outputs, y, self.task)
        if accuracy is not None:
            self.history.train_accuracy.append(float(accuracy))
        if self.test is not None:
            test_outputs = self.model(self.test[0])
            self.history.test_loss.append(float(loss_on_checked_data(test_outputs, self.test[1], self.task)))
            test_accuracy = accuracy_on_checked_data(test_outputs, self.test[1], self.task)
            if test_accuracy is not None:
                self.history.test_accuracy.append(float(test_accuracy))
        if not np.isfinite(loss) or not all(torch.isfinite(p).all() for p in self.model.parameters()):
            self._stop_diverged()
        elif self.step in self.snapshot_steps:
            self.history.snapshots[self.step] = self.params

    def _stop_diverged(self) -> None:
        """Mark the run diverged and roll the weights back to the last finite ones."""
        self.history.diverged_at = self.step
        if self._last_finite is not None:
            with torch.no_grad():
                for p, saved in zip(self.model.parameters(), self._last_finite):
                    p.copy_(saved)


def train(params: Params, train_data: Dataset, test_data: Dataset | None = None, *, steps: int,
          activation: str, optimizer: str = "gd", learning_rate: float = 0.1, batch_size: int | None = None,
          rng: np.random.Generator, snapshot_steps: Iterable[int] = (),
          dtype: torch.dtype = torch.float64, limits: EngineLimits | None = LIBRARY) -> tuple[Params, History]:
    """Train one network for ``steps`` steps; return (final params, history).

    ``limits`` (core.limits) bounds the steps and the run's work: LIBRARY (no work cap) by default,
    CLASSROOM for the app's per-request budget, None for no upper bounds.
    """
    run = TrainingRun(params, train_data, test_data, activation=activation, optimizer=optimizer,
                      learning_rate=learning_rate, batch_size=batch_size, rng=rng,
                      snapshot_steps=snapshot_steps, dtype=dtype, limits=limits)
    steps = check_int(steps, "steps", run.limits.steps)
    n_samples = train_data.n_samples + (0 if test_data is None else test_data.n_samples)
    budget.check(budget.training_work("training run", n_models=1, steps=steps, n_samples=n_samples,
                                      widths=params.widths, cap=run.limits.work))  # refuse before any work
    run.advance(steps)
    return run.params, run.history


from core.engine.batched import BatchResult, train_batch  # noqa: E402,F401  (public name core.engine.train.train_batch)
