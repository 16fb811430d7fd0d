"""A user experiment's sweep cut into chunks, and the runs of one chunk into rows (one per run).

A chunk is a block of consecutive run indices of one cell of the grid: one Dask task, one Parquet
file, named after what it holds so a rerun recognises what is written. Each run draws from its own
generator, seeded by (spec seed, cell, run index), so a row never depends on how the sweep was cut.
"""

from __future__ import annotations

import hashlib
import json
import numbers
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from core import limits
from core.runtime import one_torch_thread
from core.sweeps.experiment_spec import RESERVED_COLUMNS, ExperimentSpec, resolve_experiment
from core.validation import check_int, shown


@dataclass(frozen=True, order=True)
class ExperimentChunk:
    cell: int    # index into spec.cells
    first: int   # run index of its first run
    count: int

    @property
    def name(self) -> str:
        """The chunk's file stem, e.g. 'c00003-s0000010-n10': sortable, unique within a sweep."""
        return f"c{self.cell:05d}-s{self.first:07d}-n{self.count}"

    def cost(self, spec: ExperimentSpec) -> int:
        """Runs: all the progress bar knows of a user function's cost."""
        return self.count


def plan_experiment_chunks(spec: ExperimentSpec, chunk_runs: int = 1) -> list[ExperimentChunk]:
    """Every chunk of the sweep, ``chunk_runs`` runs each (the last of a cell may be shorter), in cell order."""
    chunk_runs = check_int(chunk_runs, "chunk_groups (runs per chunk)", limits.SWEEP_CHUNK_GROUPS)
    return [ExperimentChunk(cell, first, min(chunk_runs, spec.seeds - first))
            for cell in range(len(spec.cells)) for first in range(0, spec.seeds, chunk_runs)]


def run_generator(spec: ExperimentSpec, cell: Mapping[str, Any], run: int) -> np.random.Generator:
    """The generator of run ``run`` of ``cell``: from the spec's seed, the cell's values and the run index."""
    canonical = json.dumps(dict(cell), sort_keys=True, separators=(",", ":")).encode()
    cell_key = int.from_bytes(hashlib.sha256(canonical).digest()[:8], "big")
    return np.random.default_rng(np.random.SeedSequence(spec.seed, spawn_key=(cell_key, run)))


def _row(spec: ExperimentSpec, cell: Mapping[str, Any], run: int, result: Any) -> dict[str, Any]:
    if not isinstance(result, Mapping) or not result:
        raise TypeError(f"experiment {spec.experiment!r} returned {shown(result)}: must return a non-empty dict "
                        "of numbers or strings (one row)")
    for key, value in result.items():
        if not isinstance(key, str) or key in cell or key in RESERVED_COLUMNS:
            raise ValueError(f"experiment {spec.experiment!r} returned the key {shown(key)}: keys must be strings "
                             f"other than the grid keys and {', '.join(RESERVED_COLUMNS)}")
        if not isinstance(value, (numbers.Real, str, np.generic)):
            raise TypeError(f"experiment {spec.experiment!r} returned {key} = {shown(value)}: values must be "
                            "numbers or strings")
    return {**cell, "seed_index": run, **result}


def run_experiment_chunk(spec: ExperimentSpec, chunk: ExperimentChunk) -> pd.DataFrame:
    """Run the chunk's runs (torch on one thread: the workers are the parallelism) and return its rows."""
    from core.sweeps.spec import spec_hash  # spec imports this module's neighbours

    function = resolve_experiment(spec.experiment)
    cell = spec.cells[chunk.cell]
    rows = []
    with one_torch_thread():
        for run in range(chunk.first, chunk.first + chunk.count):
            result = function(spec.config(cell), rng=run_generator(spec, cell, run))
            rows.append(_row(spec, cell, run, result))
    frame = pd.DataFrame(rows)
    keys = list(rows[0])
    if any(list(row) != keys for row in rows):
        raise ValueError(f"experiment {spec.experiment!r} returned different keys in different runs: "
                         "every run must return the same keys")
    frame["seed_index"] = frame["seed_index"].astype(np.int64)
    frame["spec_hash"] = spec_hash(spec)
    return frame
