"""A sweep cut into chunks, and the training of one chunk into rows (one per start and step budget).

A chunk is one (width, scheme) cell's block of consecutive seed indices, a whole number of
training groups (the last may be shorter), so it is trained exactly as the uncut sweep would
train it. A chunk is one Dask task and one Parquet file; its name says what it holds, so a rerun
recognises what is already written.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from core import limits
from core.engine.device import device_words, resolve_device
from core.engine.mlp import count_params
from core.init_regions.width_experiment import Judged, draw_starts, train_starts
from core.init_regions.width_spec import WidthSpec
from core.init_regions.width_task import recovered, width_training_data
from core.runtime import one_torch_thread
from core.sweeps.spec import spec_hash
from core.validation import check_int

ROW_COLUMNS = ("task", "width", "scheme", "seed", "seed_index", "budget", "train_loss", "grid_error", "outcome",
               "diverged_at", "spec_hash")
RECOVERED, NOT_RECOVERED, DIVERGED = "recovered", "not recovered", "diverged"


@dataclass(frozen=True, order=True)
class Chunk:
    width: int
    scheme: str
    first: int   # seed index of its first start
    count: int

    @property
    def name(self) -> str:
        """The chunk's file stem, e.g. 'w0008-he-s0000100-n50': sortable, unique within a sweep."""
        return f"w{self.width:04d}-{self.scheme}-s{self.first:07d}-n{self.count}"

    def cost(self, spec: WidthSpec) -> int:
        """Parameter-steps: what the time to train it is proportional to (past the smallest widths)."""
        return self.count * spec.steps * count_params((1, self.width, 1))


def research_group(spec: WidthSpec) -> int:
    """The spec's group; a research run needs one (check_width_spec(spec, scale="research") sets it)."""
    if spec.group is None:
        raise ValueError("group None: a research run needs the spec checked at research scale first "
                         "(check_width_spec(spec, scale='research') sets group)")
    return spec.group


def plan_chunks(spec: WidthSpec, chunk_groups: int = 1) -> list[Chunk]:
    """Every chunk of the sweep, most expensive first (so no long task starts last and idles the rest)."""
    chunk_groups = check_int(chunk_groups, "chunk_groups (groups per chunk)", limits.SWEEP_CHUNK_GROUPS)
    block = research_group(spec) * chunk_groups
    chunks = [Chunk(width, scheme, first, min(block, spec.seeds - first))
              for width in spec.widths for scheme in spec.schemes for first in range(0, spec.seeds, block)]
    return sorted(chunks, key=lambda chunk: (-chunk.cost(spec), chunk))


DEVICE_ATTR = "device"  # DataFrame.attrs key: the device that computed a chunk's rows, in words


def train_chunk(spec: WidthSpec, chunk: Chunk, device: str = "cpu") -> pd.DataFrame:
    """Train the chunk's starts (torch on one thread: the workers are the parallelism) on ``device`` ("cpu",
    "cuda" or "auto", resolved in this process: core.engine.device) and return its rows."""
    data = width_training_data(spec.task, spec.n_points)
    starts = draw_starts(spec.seed, chunk.scheme, chunk.width, first=chunk.first, count=chunk.count,
                         init_scale=spec.init_scale)
    with one_torch_thread():
        judged = train_starts(
            starts, data, task=spec.task, width=chunk.width, budgets=spec.budgets, activation=spec.activation,
            optimizer=spec.optimizer, learning_rate=spec.learning_rate, seed=spec.seed, precision=spec.precision,
            group=research_group(spec), device=device)
    rows = chunk_rows(spec, chunk, judged)
    # Where the rows were computed travels with them (pandas keeps attrs through pickling and Dask) into the
    # chunk file's metadata: a GPU's rows equal a CPU's only up to rounding.
    rows.attrs[DEVICE_ATTR] = device_words(resolve_device(device))
    return rows


def chunk_rows(spec: WidthSpec, chunk: Chunk, judged: Judged) -> pd.DataFrame:
    """The chunk's rows, one per start and budget (columns ROW_COLUMNS), its outcome by the lesson's rule.

    ``judged`` is core.init_regions.width_experiment.Judged (arrays of shape (starts, budgets)). A
    diverged start's grid error is stored as inf and its training loss as NaN.
    """
    n, budgets = chunk.count, judged.budgets
    outcome = np.where(judged.diverged, DIVERGED,
                       np.where(recovered(judged.grid_error, spec.tolerance), RECOVERED, NOT_RECOVERED))
    index = np.arange(chunk.first, chunk.first + n, dtype=np.int64)
    return pd.DataFrame({
        "task": [spec.task] * (n * len(budgets)),
        "width": np.full(n * len(budgets), chunk.width, dtype=np.int64),
        "scheme": [chunk.scheme] * (n * len(budgets)),
        "seed": np.full(n * len(budgets), spec.seed, dtype=np.int64),
        "seed_index": np.repeat(index, len(budgets)),
        "budget": np.tile(np.asarray(budgets, dtype=np.int64), n),
        "train_loss": np.asarray(judged.train_loss, dtype=np.float64).ravel(),
        "grid_error": np.asarray(judged.grid_error, dtype=np.float64).ravel(),
        "outcome": outcome.ravel().astype(object),
        "diverged_at": np.repeat(np.asarray(judged.diverged_at, dtype=np.int64), len(budgets)),
        "spec_hash": [spec_hash(spec)] * (n * len(budgets)),
    }, columns=list(ROW_COLUMNS))
