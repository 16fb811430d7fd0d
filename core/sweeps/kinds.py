"""The two kinds of sweep the runner and the store handle alike: the built-in width experiment
(core.init_regions.width_spec.WidthSpec, core.sweeps.chunks) and a user experiment
(core.sweeps.experiment_spec.ExperimentSpec, core.sweeps.experiment_chunks). Each function here
picks the kind's own version by the spec's type."""

from __future__ import annotations

from typing import Any

import pandas as pd

from core.init_regions.width_spec import WidthSpec, check_width_spec
from core.sweeps.chunks import ROW_COLUMNS, Chunk, plan_chunks, train_chunk
from core.sweeps.experiment_chunks import ExperimentChunk, plan_experiment_chunks, run_experiment_chunk
from core.sweeps.experiment_spec import ExperimentSpec, check_experiment_spec

AnySpec = WidthSpec | ExperimentSpec
AnyChunk = Chunk | ExperimentChunk
WIDTH_KIND = "equivalence-lab width experiment: recovery of the teacher's function at step budgets"
EXPERIMENT_KIND = "equivalence-lab experiment sweep: one row per run of a user experiment function"


def check_spec(spec: Any, *, allow_large: bool = False) -> AnySpec:
    """The spec checked by its kind's check (research scale for the width experiment)."""
    if isinstance(spec, ExperimentSpec):
        return check_experiment_spec(spec, allow_large=allow_large)
    return check_width_spec(spec, scale="research", allow_large=allow_large)


def plan(spec: AnySpec, chunk_groups: int = 1) -> list[Any]:
    """Every chunk of the sweep (``chunk_groups``: training groups per chunk, or runs per chunk)."""
    if isinstance(spec, ExperimentSpec):
        return list(plan_experiment_chunks(spec, chunk_groups))
    return list(plan_chunks(spec, chunk_groups))


def run_chunk(spec: AnySpec, chunk: Any, device: str = "cpu") -> pd.DataFrame:
    """The rows of one chunk (what a Dask task computes). ``device`` is where the width experiment trains;
    a user experiment's function chooses its own."""
    if isinstance(spec, ExperimentSpec):
        return run_experiment_chunk(spec, chunk)
    return train_chunk(spec, chunk, device)


def kind(spec: AnySpec) -> str:
    """The ``kind`` a results folder of this spec records."""
    return EXPERIMENT_KIND if isinstance(spec, ExperimentSpec) else WIDTH_KIND


def code_modules(spec: AnySpec) -> tuple[str, ...]:
    """Modules outside core/'s row sources whose source decides the rows: a user experiment's module."""
    return (spec.module,) if isinstance(spec, ExperimentSpec) else ()


def row_columns(spec: AnySpec, rows: pd.DataFrame) -> list[str]:
    """The columns a chunk file stores: the width experiment's fixed ones, or all of a user experiment's."""
    return list(rows.columns) if isinstance(spec, ExperimentSpec) else list(ROW_COLUMNS)


def row_key(spec: AnySpec) -> list[str]:
    """The columns that identify one row (a row written twice is an error)."""
    if isinstance(spec, ExperimentSpec):
        return [key for key, _ in spec.grid] + ["seed_index"]
    return ["width", "scheme", "seed_index", "budget"]


def cost(spec: AnySpec, chunk: Any) -> int:
    """What a chunk's time is proportional to (parameter-steps, or runs): the progress bar's unit."""
    return int(chunk.cost(spec))


def describe(spec: AnySpec) -> str:
    """One line: how much the sweep runs, e.g. '4,000 starts in 8 widths x 5 schemes'."""
    if isinstance(spec, ExperimentSpec):
        return f"{spec.total_runs:,} runs of experiment {spec.experiment!r} in {len(spec.cells):,} cells"
    return f"{spec.total_starts:,} starts in {len(spec.widths)} widths x {len(spec.schemes)} schemes"
