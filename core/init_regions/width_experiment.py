"""Wider is easier? Share of random starts that find a perfect fit, against the student's width.

Our experiment [OURS], not the paper's: the paper is purely theoretical (paper.md §0.1). The task
needs k hidden units: the noise-free targets of a k-unit tanh teacher (core.init_regions.task). For
each initialisation scheme and width, N random starts are trained with the batched trainer; a
start *found a perfect fit* when its final training loss is under the tolerance. Each share gets
a Wilson 95% interval (core.bounds.volume.wilson_interval). Beside it the paper's quantity: the log10 of
the effective-volume fraction 1/prod d_l! ([SUMMARY S9] for the factor, §4.2 [RECON] for the
fraction).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, cast

import numpy as np
import torch

from core import rng
from core.bounds.volume import wilson_interval
from core.engine.batched import train_batch
from core.engine.init_schemes import INIT_SCHEMES, initialise
from core.engine.mlp import count_params
from core.init_regions.results import WidthResult, WidthRow
from core.init_regions.task import teacher_data, teacher_params
from core.init_regions.width_spec import WidthSpec, check_width_spec
from core.runtime import one_torch_thread

if TYPE_CHECKING:
    from core.engine.data import Dataset
    from core.engine.mlp import Params

# Fixed sub-stream numbers, so adding a width or a scheme never changes another's starts.
_SCHEME_KEYS = {name: number for number, name in enumerate(INIT_SCHEMES)}
# "representative" sorts a uniform draw: giving it uniform's sub-stream makes each of its starts the
# sorted twin of a uniform start, so the two curves compare the same starts up to symmetry.
_SCHEME_KEYS["representative"] = _SCHEME_KEYS["uniform"]


def starts_rng(seed: int, scheme: str, width: int) -> np.random.Generator:
    """The init stream of ``seed``, split into an independent sub-stream per (scheme, width)."""
    # rng.stream seeds its generator with a SeedSequence, which numpy types only as ISeedSequence
    parent = cast(np.random.SeedSequence, rng.stream(seed, "init").bit_generator.seed_seq)
    child = np.random.SeedSequence(parent.entropy, spawn_key=tuple(parent.spawn_key) + (_SCHEME_KEYS[scheme], width))
    return np.random.default_rng(child)


def run_width_experiment(spec: WidthSpec, *, progress: Callable[[float, str], None] | None = None) -> WidthResult:
    """Train ``spec.seeds`` starts per (scheme, width) and count perfect fits (lesson limits)."""
    spec = check_width_spec(spec)
    data = teacher_data(teacher_params(spec.teacher_width), spec.n_points, spec.activation)
    cost = {w: count_params((1, w, 1)) for w in spec.widths}
    total, done, rows = sum(cost.values()), 0, []
    with one_torch_thread():
        for width in spec.widths:
            if progress is not None:
                progress(done / total, f"width {width}: {len(spec.schemes) * spec.seeds:,} starts")
            rows += _one_width(spec, data, width)
            done += cost[width]
    if progress is not None:
        progress(1.0, "done")
    order = {scheme: i for i, scheme in enumerate(spec.schemes)}
    return WidthResult(spec, tuple(sorted(rows, key=lambda row: (order[row.scheme], row.width))))


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


def train_starts(starts: list[Params], data: Dataset, *, steps: int, activation: str, optimizer: str,
                 learning_rate: float, seed: int, precision: str, group: int) -> tuple[np.ndarray, np.ndarray]:
    """Final training loss and divergence step of each start, trained ``group`` starts per batch.

    A start's last bits depend on which starts share its batch (vectorised kernels treat a batch's
    tail differently), so callers that must reproduce rows exactly fix the groups, not just the starts.
    """
    result = train_batch(starts, data, steps=steps, activation=activation, optimizer=optimizer,
                         learning_rate=learning_rate, rng=rng.stream(seed, "train"), chunk_size=group,
                         dtype=getattr(torch, precision))
    return result.final_loss, result.diverged_at


def fits(loss: np.ndarray, tolerance: float) -> np.ndarray:
    """The outcome rule: a start found a perfect fit when its final loss is finite and under the tolerance."""
    loss = np.asarray(loss)
    return np.isfinite(loss) & (loss < tolerance)


def _one_width(spec: WidthSpec, data, width: int) -> list[WidthRow]:
    """All schemes' starts of one width in one batch (same shape): per-step overhead paid once."""
    starts = []
    for scheme in spec.schemes:
        starts += draw_starts(spec.seed, scheme, width, count=spec.seeds, init_scale=spec.init_scale)
    final_loss, diverged_at = train_starts(
        starts, data, steps=spec.steps, activation=spec.activation, optimizer=spec.optimizer,
        learning_rate=spec.learning_rate, seed=spec.seed, precision=spec.precision, group=len(starts))
    rows = []
    for i, scheme in enumerate(spec.schemes):
        part = slice(i * spec.seeds, (i + 1) * spec.seeds)
        rows.append(summarise_cell(scheme, width, final_loss[part], diverged_at[part], spec.tolerance))
    return rows


def summarise_cell(scheme: str, width: int, loss: np.ndarray, diverged_at: np.ndarray, tolerance: float) -> WidthRow:
    """One point of a curve: the starts of one (scheme, width) counted by the outcome rule."""
    successes = int(np.sum(fits(loss, tolerance)))
    low, high = wilson_interval(successes, len(loss))
    median = float(np.nanmedian(loss)) if np.isfinite(loss).any() else float("nan")
    return WidthRow(scheme, width, successes, len(loss), low, high, median, int(np.sum(diverged_at >= 0)))


def trend(result: WidthResult, scheme: str) -> str:
    """'rises', 'flat' or 'falls': share at the widest width against the share at the teacher's width."""
    curve = {row.width: row for row in result.curve(scheme)}
    narrow = min((w for w in curve if w >= result.spec.teacher_width), default=None)
    wide = max(curve, default=None)
    if narrow is None or wide is None or wide == narrow:
        return "flat"
    a, b = curve[narrow], curve[wide]
    if b.low > a.high:
        return "rises"
    if b.high < a.low:
        return "falls"
    return "flat"
