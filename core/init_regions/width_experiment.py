"""Wider is easier? Share of random starts that recover the teacher's function, against the student's width.

Our experiment [OURS], not the paper's (docs/theory.md#width-experiment). The task: the noise-free
targets of a k-unit tanh teacher (core.init_regions.width_task) that narrower students cannot fit
(core.init_regions.width_floor shows it). For each initialisation scheme and width, N random starts
are trained with the batched trainer; after each step budget of the spec a start *recovered the
teacher* when it has not diverged and its largest gap to the teacher's function on a dense grid of
1,001 points is at most the tolerance. Each share gets a Wilson 95% interval
(core.bounds.volume.wilson_interval).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

import numpy as np
import torch

from core import rng
from core.bounds.volume import wilson_interval
from core.engine.batched import train_batch
from core.engine.device import resolve_device
from core.engine.init_schemes import INIT_SCHEMES, initialise
from core.engine.mlp import count_params
from core.init_regions.results import WidthResult, WidthRow
from core.init_regions.width_report import HIGHER, LOWER, NO_TREND, trend  # noqa: F401  (re-exported: old imports)
from core.init_regions.width_spec import WidthSpec, check_width_spec
from core.init_regions.width_task import grid_errors, recovered, width_training_data
from core.runtime import one_torch_thread

if TYPE_CHECKING:
    from core.engine.data import Dataset
    from core.engine.mlp import Params

# Fixed sub-stream numbers, so adding a width or a scheme never changes another's starts.
_SCHEME_KEYS = {name: number for number, name in enumerate(INIT_SCHEMES)}
# "representative" (research runs only) sorts a uniform draw: with uniform's sub-stream each of its
# starts is the sorted twin of a uniform start, the same draws relabelled.
_SCHEME_KEYS["representative"] = _SCHEME_KEYS["uniform"]


def starts_rng(seed: int, scheme: str, width: int) -> np.random.Generator:
    """The init stream of ``seed``, split into an independent sub-stream per (scheme, width)."""
    # rng.stream seeds its generator with a SeedSequence, which numpy types only as ISeedSequence
    parent = cast(np.random.SeedSequence, rng.stream(seed, "init").bit_generator.seed_seq)
    child = np.random.SeedSequence(parent.entropy, spawn_key=tuple(parent.spawn_key) + (_SCHEME_KEYS[scheme], width))
    return np.random.default_rng(child)


def run_width_experiment(spec: WidthSpec, *, progress: Callable[[float, str], None] | None = None,
                         device: str = "cpu") -> WidthResult:
    """Train ``spec.seeds`` starts per (scheme, width) and count recoveries after each budget (lesson limits),
    on ``device`` ("cpu", "cuda" or "auto", core.engine.device)."""
    spec = check_width_spec(spec)
    resolve_device(device)  # a bad device fails here, before the first width
    data = width_training_data(spec.task, spec.n_points)
    cost = {w: count_params((1, w, 1)) for w in spec.widths}
    total, done, rows = sum(cost.values()), 0, []
    with one_torch_thread():
        for width in spec.widths:
            if progress is not None:
                progress(done / total, f"width {width}: {len(spec.schemes) * spec.seeds:,} starts")
            rows += _one_width(spec, data, width, device)
            done += cost[width]
    if progress is not None:
        progress(1.0, "done")
    order = {scheme: i for i, scheme in enumerate(spec.schemes)}
    return WidthResult(spec, tuple(sorted(rows, key=lambda row: (order[row.scheme], row.width, row.budget))))


def draw_starts(seed: int, scheme: str, width: int, *, first: int = 0, count: int, init_scale: float) -> list[Params]:
    """Starts first .. first + count - 1 of the (scheme, width) sub-stream of ``seed``.

    Start i is always the i-th draw of that stream, so it depends on (seed, scheme, width, i) only,
    never on how a sweep is cut into chunks; the draws before ``first`` are made and dropped (they
    cost microseconds against the milliseconds of training a start).
    """
    generator = starts_rng(seed, scheme, width)
    widths = (1, width, 1)  # validated by the caller (the live and the research sweep allow different widths)
    for _ in range(first):
        initialise(widths, scheme=scheme, scale=init_scale, rng=generator)
    return [initialise(widths, scheme=scheme, scale=init_scale, rng=generator) for _ in range(count)]


@dataclass(frozen=True, eq=False)
class Judged:
    """Per start and budget (arrays of shape (starts, budgets)): training MSE, grid error (inf once
    diverged), whether it diverged by then; and per start the step it diverged at (-1: never)."""

    budgets: tuple[int, ...]
    train_loss: np.ndarray
    grid_error: np.ndarray
    diverged: np.ndarray
    diverged_at: np.ndarray


def train_starts(starts: list[Params], data: Dataset, *, task: str, width: int, budgets: tuple[int, ...],
                 activation: str, optimizer: str, learning_rate: float, seed: int, precision: str,
                 group: int, device: str = "cpu") -> Judged:
    """Train the starts for max(budgets) steps, ``group`` per batch, on ``device``, and judge each after every
    budget (the judging runs in NumPy, float64).

    A start's last bits depend on which starts share its batch (vectorised kernels treat a batch's
    tail differently) and on the device, so callers that must reproduce rows exactly fix the groups
    and the device, not just the starts.
    """
    result = train_batch(starts, data, steps=max(budgets), activation=activation, optimizer=optimizer,
                         learning_rate=learning_rate, rng=rng.stream(seed, "train"), chunk_size=group,
                         dtype=getattr(torch, precision), snapshot_steps=budgets, device=device)
    train_loss = result.train_loss[:, list(budgets)]
    grid_error = np.stack([grid_errors(result.snapshots[b], width, task, activation) for b in budgets], axis=1)
    diverged = np.stack([(result.diverged_at >= 0) & (result.diverged_at <= b) for b in budgets], axis=1)
    return Judged(tuple(budgets), train_loss, np.where(diverged, np.inf, grid_error), diverged,
                  np.asarray(result.diverged_at))


def _one_width(spec: WidthSpec, data, width: int, device: str) -> list[WidthRow]:
    """All schemes' starts of one width in one batch (same shape): per-step overhead paid once."""
    starts = []
    for scheme in spec.schemes:
        starts += draw_starts(spec.seed, scheme, width, count=spec.seeds, init_scale=spec.init_scale)
    judged = train_starts(
        starts, data, task=spec.task, width=width, budgets=spec.budgets, activation=spec.activation,
        optimizer=spec.optimizer, learning_rate=spec.learning_rate, seed=spec.seed, precision=spec.precision,
        group=len(starts), device=device)
    rows = []
    for i, scheme in enumerate(spec.schemes):
        part = slice(i * spec.seeds, (i + 1) * spec.seeds)
        for j, budget in enumerate(spec.budgets):
            rows.append(summarise_cell(scheme, width, budget, judged.train_loss[part, j], judged.grid_error[part, j],
                                       judged.diverged[part, j], spec.tolerance))
    return rows


def _finite_or_nan(value: float) -> float:
    return float(value) if np.isfinite(value) else float("nan")


def summarise_cell(scheme: str, width: int, budget: int, train_loss: np.ndarray, grid_error: np.ndarray,
                   diverged: np.ndarray, tolerance: float) -> WidthRow:
    """One point of a curve: the starts of one (scheme, width) after ``budget`` steps, counted by the rule."""
    successes = int(np.sum(recovered(grid_error, tolerance) & ~np.asarray(diverged, dtype=bool)))
    low, high = wilson_interval(successes, len(grid_error))
    finite_error, finite_loss = grid_error[np.isfinite(grid_error)], train_loss[np.isfinite(train_loss)]
    median = float(np.median(finite_error)) if finite_error.size else float("nan")
    best_error = float(np.min(finite_error)) if finite_error.size else float("nan")
    best_loss = float(np.min(finite_loss)) if finite_loss.size else float("nan")
    return WidthRow(scheme, width, budget, successes, len(grid_error), low, high, _finite_or_nan(median),
                    best_error, best_loss, int(np.sum(diverged)))
