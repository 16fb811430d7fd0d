"""Read a sweep's results back as the lesson's curves (core.init_regions.results.WidthResult).

The lesson draws them with the figure of its live experiment: each (scheme, width, budget) is
summarised by the same success rule and Wilson interval. Results are found only as direct sub-folders of one
configured root, by name, so nothing a visitor sends can point the server at another path.
"""

from __future__ import annotations

import dataclasses
import json
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from core.init_regions.results import WidthResult
from core.init_regions.width_experiment import summarise_cell
from core.init_regions.width_spec import WidthSpec
from core.sweeps.chunks import DIVERGED, plan_chunks
from core.sweeps.kinds import EXPERIMENT_KIND
from core.sweeps.store import KINDS, PROVENANCE, SweepStore

ROOT_VARIABLE = "EQUIVALENCE_LAB_SWEEPS"  # set by whoever runs the server; visitors cannot
APP_FOLDER = Path("equivalence-lab") / "sweeps"


def sweeps_root() -> Path:
    """The folder holding the results, never inside the repository or the installed package:
    $EQUIVALENCE_LAB_SWEEPS if set, else $XDG_DATA_HOME/equivalence-lab/sweeps (XDG_DATA_HOME defaults
    to ~/.local/share). ``python -m core.sweeps`` writes there unless --out says otherwise, and the
    lesson lists the folders there, so a sweep run by the same user shows up in the app."""
    if os.environ.get(ROOT_VARIABLE):
        return Path(os.environ[ROOT_VARIABLE])
    data_home = Path(os.environ.get("XDG_DATA_HOME") or "")
    if not data_home.is_absolute():  # unset, empty or relative: the XDG spec says to use the default
        data_home = Path.home() / ".local" / "share"
    return data_home / APP_FOLDER


def list_sweeps(root: str | os.PathLike[str] | None = None) -> list[str]:
    """Names of the results folders directly under ``root`` (those with a provenance file, except a user
    experiment's), newest first."""
    root = Path(root) if root is not None else sweeps_root()
    if not root.is_dir():
        return []
    found = [path for path in root.iterdir()
             if path.is_dir() and (path / PROVENANCE).is_file() and not _user_experiment(path)]
    return [path.name for path in sorted(found, key=lambda p: (-(p / PROVENANCE).stat().st_mtime, p.name))]


def _user_experiment(folder: Path) -> bool:
    """Whether ``folder`` holds a user experiment's sweep (the lesson draws only the width experiment's)."""
    try:
        return json.loads((folder / PROVENANCE).read_text()).get("kind") == EXPERIMENT_KIND
    except (OSError, ValueError, AttributeError):
        return False  # listed, and named as unreadable when picked


def sweep_folder(name: str, root: str | os.PathLike[str] | None = None) -> Path:
    """The folder of ``name``, which must be one that :func:`list_sweeps` lists."""
    root = Path(root) if root is not None else sweeps_root()
    names = list_sweeps(root)
    if name not in names:
        raise ValueError(f"sweep {name!r}: must be one of the results under {root} ({', '.join(names) or 'none yet'})")
    return root / name


@dataclass(frozen=True, eq=False)
class LoadedSweep:
    spec: WidthSpec
    provenance: dict
    rows: pd.DataFrame
    chunks_written: int
    chunks_total: int

    @property
    def complete(self) -> bool:
        """Whether every chunk of the sweep's plan has been written."""
        return self.chunks_written == self.chunks_total


def load_sweep(folder: str | os.PathLike[str]) -> LoadedSweep:
    """The spec, provenance and rows of one results folder, and how many of its chunks are written."""
    store = SweepStore(folder)
    provenance = store.read_provenance()
    spec = store.spec()
    assert isinstance(spec, WidthSpec)  # store.spec() reads only the width experiment's kind by default
    chunks = plan_chunks(spec, provenance["chunk_groups"])
    return LoadedSweep(spec, provenance, store.read_rows(), len(store.done(chunks)), len(chunks))


def summarise(spec: WidthSpec, rows: pd.DataFrame) -> WidthResult:
    """One curve point per (scheme, width, budget) with rows; a partly run sweep gives shorter curves."""
    sweep_spec = dataclasses.replace(spec, widths=tuple(sorted(spec.widths)))  # curves run left to right
    summary = []
    for scheme in sweep_spec.schemes:
        for width in sweep_spec.widths:
            for budget in sweep_spec.budgets:
                cell = rows[(rows["scheme"] == scheme) & (rows["width"] == width) & (rows["budget"] == budget)]
                if len(cell):
                    summary.append(summarise_cell(
                        scheme, width, budget, cell["train_loss"].to_numpy(np.float64),
                        cell["grid_error"].to_numpy(np.float64), (cell["outcome"] == DIVERGED).to_numpy(),
                        spec.tolerance))
    return WidthResult(sweep_spec, tuple(summary))


def read_rows(folder: str | os.PathLike[str]) -> pd.DataFrame:
    """Every row written to a results folder of either kind (a user experiment's, or the width experiment's)."""
    return SweepStore(folder).read_rows(KINDS)
