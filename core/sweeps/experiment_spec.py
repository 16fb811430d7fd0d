"""A sweep of the user's own experiment: which function, over which grid of settings, how many runs each.

A spec file names the experiment with the ``experiment`` key, either a built-in of EXPERIMENTS
("barrier": core.sweeps.barrier_experiment) or "package.module:function". The name is imported with
importlib (never evaluated), here and on every Dask worker, so the module must be importable in both
places (installed, or on PYTHONPATH). Without an ``experiment`` key (or with "width") the spec is the
built-in width experiment's (core.init_regions.width_spec.WidthSpec).

    experiment = "mypackage.study:run"
    seeds = 20                      # runs per cell
    seed = 0
    optimizer = "adam"              # training settings handed to every run (a grid may vary them)
    learning_rate = 0.01
    activation = "tanh"
    precision = "float64"
    [grid]                          # each cell is one combination of these values
    width = [4, 8, 16]

The function is called once per run as ``function(config, rng=generator)``: ``config`` holds the
training settings and the cell's grid values, ``rng`` is a numpy Generator that depends only on
(seed, cell, run index), so a run's row never depends on chunking, order or worker. It returns a
dict of numbers or strings, one row: the columns are the grid keys, ``seed_index``, the returned
keys and ``spec_hash``.
"""

from __future__ import annotations

import dataclasses
import importlib
import importlib.util
import numbers
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from core import limits
from core.engine.activations import ACTIVATIONS
from core.engine.optimizers import OPTIMIZERS, check_learning_rate
from core.init_regions.task import PRECISIONS
from core.validation import check_choice, check_int, shown

WIDTH = "width"  # the built-in width experiment (a WidthSpec)
# Built-in experiments besides the width experiment: name -> "module:function".
EXPERIMENTS = {"barrier": "core.sweeps.barrier_experiment:barrier_run"}
_TARGET = re.compile(r"^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*:[A-Za-z_]\w*$")
_KEY = re.compile(r"^[A-Za-z_]\w*$")
RESERVED_COLUMNS = ("seed_index", "spec_hash")
# Training settings every run receives; each is checked like the width experiment's (a grid may vary them).
SETTINGS: dict[str, Callable[[Any, str], Any]] = {
    "optimizer": lambda value, name: check_choice(value, name, OPTIMIZERS),
    "learning_rate": lambda value, name: check_learning_rate(value),
    "activation": lambda value, name: check_choice(value, name, ACTIVATIONS),
    "precision": lambda value, name: check_choice(value, name, PRECISIONS),
}
MAX_RUNS = 10_000_000  # cells x seeds without --allow-large


@dataclass(frozen=True)
class ExperimentSpec:
    """Every value that decides the rows of a user experiment's sweep (the grid as sorted (key, values) pairs)."""

    experiment: str
    grid: tuple[tuple[str, tuple[Any, ...]], ...] = ()
    seeds: int = 10
    seed: int = 0
    optimizer: str = "adam"
    learning_rate: float = 0.01
    activation: str = "tanh"
    precision: str = "float64"

    @property
    def target(self) -> str:
        """The "module:function" this experiment runs (a built-in's entry of EXPERIMENTS)."""
        return EXPERIMENTS.get(self.experiment, self.experiment)

    @property
    def module(self) -> str:
        """The module that defines the function: the workers import it, the code hash covers it."""
        return self.target.split(":")[0]

    @property
    def cells(self) -> list[dict[str, Any]]:
        """Every combination of the grid's values, the first key varying slowest ([{}] for an empty grid)."""
        cells: list[dict[str, Any]] = [{}]
        for key, values in self.grid:
            cells = [{**cell, key: value} for cell in cells for value in values]
        return cells

    @property
    def total_runs(self) -> int:
        """Runs over all cells."""
        return len(self.cells) * self.seeds

    def config(self, cell: Mapping[str, Any]) -> dict[str, Any]:
        """What a run of ``cell`` receives: the training settings, overridden by the cell's grid values."""
        return {**{name: getattr(self, name) for name in SETTINGS}, **cell}

    def as_dict(self) -> dict:
        """Plain JSON-ready values (the grid as a table of lists)."""
        values = dataclasses.asdict(self)
        return {**values, "grid": {key: list(options) for key, options in self.grid}}


def resolve_experiment(name: str) -> Callable[..., Mapping[str, Any]]:
    """The function ``name`` names (a built-in or "module:function"), imported, never evaluated."""
    target = EXPERIMENTS.get(name, name) if isinstance(name, str) else name
    if not isinstance(target, str) or not _TARGET.match(target):
        raise ValueError(f"experiment {shown(name)}: must be {WIDTH!r}, one of {', '.join(map(repr, EXPERIMENTS))}, "
                         "or 'package.module:function' (an importable module and a function in it)")
    module_name, function_name = target.split(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError as error:
        raise ValueError(f"experiment {name!r}: cannot import module {module_name!r} ({type(error).__name__}: "
                         f"{error}); it must be importable here and on every worker (installed, or on "
                         "PYTHONPATH)") from None
    except SyntaxError as error:  # the user's module does not parse: where, in one line
        raise ValueError(f"experiment {name!r}: module {module_name!r} has a syntax error in {error.filename}, "
                         f"line {error.lineno}: {error.msg}") from None
    function = getattr(module, function_name, None)
    if not callable(function):
        raise ValueError(f"experiment {name!r}: module {module_name!r} has no function {function_name!r}")
    return function


def module_source(module_name: str) -> bytes:
    """The source bytes of ``module_name`` (what the code hash covers for a user experiment)."""
    found = importlib.util.find_spec(module_name)
    if found is None or found.origin is None or not found.has_location:
        raise ValueError(f"experiment module {module_name!r}: no source file found to hash")
    with open(found.origin, "rb") as file:
        return file.read()


def _check_value(key: str, value: Any) -> Any:
    if key in SETTINGS:
        return SETTINGS[key](value, f"grid {key}")
    if isinstance(value, bool) or isinstance(value, (numbers.Real, str)):
        return value
    raise TypeError(f"grid {key} value {shown(value)}: must be a number, a string or true/false")


def _check_grid(grid: Any) -> tuple[tuple[str, tuple[Any, ...]], ...]:
    if isinstance(grid, tuple) and all(isinstance(pair, tuple) and len(pair) == 2 for pair in grid):
        grid = dict(grid)
    if not isinstance(grid, Mapping):
        raise TypeError(f"grid {shown(grid)}: must be a table of keys, each with a list of values")
    checked = []
    for key in sorted(grid):
        values = grid[key]
        if not isinstance(key, str) or not _KEY.match(key) or key in RESERVED_COLUMNS:
            raise ValueError(f"grid key {shown(key)}: must be a name (letters, digits, _) other than "
                             f"{', '.join(RESERVED_COLUMNS)}")
        if isinstance(values, (str, bytes)) or not isinstance(values, (list, tuple)) or not values:
            raise TypeError(f"grid {key} {shown(values)}: must be a non-empty list of values")
        checked.append((key, tuple(_check_value(key, value) for value in values)))
    return tuple(checked)


def check_experiment_spec(spec: ExperimentSpec, *, allow_large: bool = False) -> ExperimentSpec:
    """The spec with every value checked (the function importable); errors name the key, value and what is allowed."""
    if not isinstance(spec, ExperimentSpec):
        raise TypeError(f"spec {type(spec).__name__}: must be core.sweeps.experiment_spec.ExperimentSpec")
    resolve_experiment(spec.experiment)
    grid = _check_grid(spec.grid)
    check_int(spec.seeds, "seeds (runs per cell)", limits.SWEEP_SEEDS)
    check_int(spec.seed, "seed", limits.SEED)
    settings = {name: SETTINGS[name](getattr(spec, name), name) for name in SETTINGS}
    spec = dataclasses.replace(spec, grid=grid, **settings)
    if spec.total_runs > MAX_RUNS and not allow_large:
        raise ValueError(f"experiment runs {spec.total_runs:,} (cells x seeds): at most {MAX_RUNS:,} without "
                         "--allow-large (allow_large=True)")
    return spec


def experiment_spec_from_values(values: Mapping[str, Any], *, allow_large: bool = False) -> ExperimentSpec:
    """Build and check an ExperimentSpec from a spec file's table (unknown keys are an error)."""
    keys = tuple(field.name for field in dataclasses.fields(ExperimentSpec))
    unknown = sorted(set(values) - set(keys))
    if unknown:
        raise ValueError(f"spec key {unknown[0]!r}: unknown for an experiment sweep; allowed keys are "
                         f"{', '.join(keys)}")
    values = dict(values)
    values["grid"] = _check_grid(values.get("grid", {}))
    return check_experiment_spec(ExperimentSpec(**values), allow_large=allow_large)
