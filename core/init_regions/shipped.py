"""Precomputed width-experiment results for the guided scene "Wider is easier" (zero wait at a projector).

The live width experiment takes about a minute, so the scene ships its results:
scripts/make_scene_data.py runs the very same core function
(core.init_regions.width_experiment.run_width_experiment) on each spec of SHIPPED_SPECS and writes
them to SHIPPED_FILE as JSON (floats by repr, so they read back bit for bit). The page shows one,
labelled as precomputed, whenever its settings equal a shipped spec; pressing Run recomputes it live.
The file also ships the least-squares floor of each shipped spec's (task, n_points)
(core.init_regions.width_floor.narrow_floor with its default starts, budget and seed, about 4 s
live): :func:`floor_for` reads it and computes a floor live only for other settings.

The file is read strictly: anything but the exact layout written by ``shipped_document`` is refused
with a ValueError naming what is wrong, and every derived number (interval, share) is checked
against a recomputation, so a hand-edited file cannot pass for a measured one.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import math
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from core.bounds.volume import wilson_interval
from core.init_regions.results import WidthResult, WidthRow
from core.init_regions.width_floor import FLOOR_MAX_EVALUATIONS, FLOOR_STARTS, NarrowFloor, narrow_floor
from core.init_regions.width_spec import LESSON_SPEC, WidthSpec, check_width_spec
from core.init_regions.width_task import TEACHER_TASKS

# The page's default run (the scene and a fresh page show it at once); its rows hold every step budget.
SHIPPED_SPECS = (LESSON_SPEC,)
SHIPPED_FILE = Path(__file__).resolve().parent / "shipped_data" / "width_experiment.json"
MADE_BY = "scripts/make_scene_data.py"
KIND = ("width experiment [OURS]: recovery of the teacher's function at step budgets, precomputed for the scene "
        "'Wider is easier'")
DOCUMENT_KEYS = ("made_by", "kind", "results", "floors")
FLOOR_ENTRY_KEYS = ("task", "n_points", "floors")
FLOOR_KEYS = tuple(f.name for f in dataclasses.fields(NarrowFloor))
RESULT_KEYS = ("spec", "rows")
SPEC_KEYS = tuple(f.name for f in dataclasses.fields(WidthSpec))
ROW_KEYS = tuple(f.name for f in dataclasses.fields(WidthRow))
MAX_FILE_CHARS = 1_000_000
MAX_RESULTS = 8


def _shipped_entry(result: WidthResult) -> dict:
    spec = dataclasses.asdict(result.spec)
    spec["widths"], spec["schemes"] = list(result.spec.widths), list(result.spec.schemes)
    rows = [{key: _json_number(getattr(row, key)) for key in ROW_KEYS} for row in result.rows]
    return dict(spec=spec, rows=rows)


FloorTable = dict[tuple[str, int], tuple[NarrowFloor, ...]]  # (task, n_points) -> the floor of each narrow width


def _floor_entry(key: tuple[str, int], floors: tuple[NarrowFloor, ...]) -> dict:
    return dict(task=key[0], n_points=key[1], floors=[dataclasses.asdict(floor) for floor in floors])


def shipped_document(results: Iterable[WidthResult], floors: FloorTable) -> dict:
    """The JSON document of some width-experiment results and floors (NaN errors and losses as null)."""
    return dict(made_by=MADE_BY, kind=KIND, results=[_shipped_entry(result) for result in results],
                floors=[_floor_entry(key, table) for key, table in floors.items()])


def shipped_text(results: Iterable[WidthResult], floors: FloorTable) -> str:
    """The scene-data file's text for some results and floors: :func:`shipped_document` as indented JSON."""
    return json.dumps(shipped_document(results, floors), indent=1, allow_nan=False) + "\n"


def _json_number(value):
    return None if isinstance(value, float) and math.isnan(value) else value


def _exact_keys(mapping, keys, what: str) -> None:
    if not isinstance(mapping, dict):
        raise ValueError(f"{what}: must be a JSON object")
    if set(mapping) != set(keys):
        missing, extra = sorted(set(keys) - set(mapping)), sorted(set(mapping) - set(keys))
        raise ValueError(f"{what} keys: missing {missing}, unexpected {extra}")


def _typed(value, kind, what: str):
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if not isinstance(value, kind) or isinstance(value, bool) != (kind is bool):
        raise ValueError(f"{what} {value!r}: must be a {kind.__name__}")
    return value


def _read_spec(raw) -> WidthSpec:
    _exact_keys(raw, SPEC_KEYS, "spec")
    values: dict[str, Any] = {}
    for f in dataclasses.fields(WidthSpec):
        value = raw[f.name]
        if f.name in ("widths", "schemes"):
            if not isinstance(value, list):
                raise ValueError(f"spec {f.name} {value!r}: must be a list")
            item = int if f.name == "widths" else str
            values[f.name] = tuple(_typed(v, item, f"spec {f.name} entry") for v in value)
        elif f.name == "group":
            values[f.name] = value  # None for a lesson run; check_width_spec refuses anything else by name
        else:
            values[f.name] = _typed(value, type(f.default), f"spec {f.name}")
    return check_width_spec(WidthSpec(**values))


def _optional_float(raw, key: str, where: str) -> float:
    return float("nan") if raw[key] is None else _typed(raw[key], float, f"{where} {key}")


def _read_row(raw, spec: WidthSpec, scheme: str, width: int, budget: int) -> WidthRow:
    _exact_keys(raw, ROW_KEYS, f"row ({scheme}, {width}, {budget})")
    where = f"row ({scheme}, width {width}, budget {budget})"
    if (raw["scheme"], raw["width"], raw["budget"]) != (scheme, width, budget):
        raise ValueError(f"{where}: found ({raw['scheme']!r}, {raw['width']!r}, {raw['budget']!r}); rows must follow "
                         "the spec's schemes, then its widths, then its budgets")
    successes, n_starts, diverged = (_typed(raw[k], int, f"{where} {k}") for k in ("successes", "n_starts", "diverged"))
    if n_starts != spec.seeds or not 0 <= successes <= n_starts or not 0 <= diverged <= n_starts - successes:
        raise ValueError(f"{where}: successes {successes}, diverged {diverged} of {n_starts} starts: counts must lie "
                         f"in [0, {spec.seeds}] with {spec.seeds} starts, a diverged start never a success")
    low, high = (_typed(raw[k], float, f"{where} {k}") for k in ("low", "high"))
    if (low, high) != wilson_interval(successes, n_starts):
        raise ValueError(f"{where}: interval ({low}, {high}) is not the Wilson interval of {successes}/{n_starts}")
    median, best_error, best_loss = (_optional_float(raw, key, where)
                                     for key in ("median_error", "best_error", "best_loss"))
    if successes and not best_error <= spec.tolerance:
        raise ValueError(f"{where}: {successes} successes but best grid error {best_error}: a success needs an error "
                         f"of at most the tolerance {spec.tolerance}")
    return WidthRow(scheme, width, budget, successes, n_starts, low, high, median, best_error, best_loss, diverged)


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not a number JSON allows")


def _read_entry(entry, number: int) -> WidthResult:
    _exact_keys(entry, RESULT_KEYS, f"scene data result {number}")
    spec = _read_spec(entry["spec"])
    # run_width_experiment's order
    cells = [(scheme, width, budget) for scheme in spec.schemes for width in sorted(spec.widths)
             for budget in spec.budgets]
    rows = entry["rows"]
    if not isinstance(rows, list) or len(rows) != len(cells):
        raise ValueError(f"scene data result {number} rows: must list {len(cells)} rows (schemes x widths x budgets)")
    return WidthResult(spec, tuple(_read_row(raw, spec, *cell) for raw, cell in zip(rows, cells)))


def _read_floor(raw, task: str, n_points: int, width: int) -> NarrowFloor:
    where = f"floor ({task}, {n_points} points, width {width})"
    _exact_keys(raw, FLOOR_KEYS, where)
    starts, evaluations = (_typed(raw[k], int, f"{where} {k}") for k in ("starts", "max_evaluations"))
    if _typed(raw["width"], int, f"{where} width") != width:
        raise ValueError(f"{where}: found width {raw['width']!r}; floors must list widths 1, 2, ... in order")
    if (starts, evaluations) != (FLOOR_STARTS, FLOOR_MAX_EVALUATIONS):
        raise ValueError(f"{where}: {starts} starts of {evaluations} evaluations; the shipped floor is "
                         f"narrow_floor's default, {FLOOR_STARTS} starts of {FLOOR_MAX_EVALUATIONS}")
    mse, error = (_typed(raw[k], float, f"{where} {k}") for k in ("best_train_mse", "best_grid_error"))
    if not (math.isfinite(mse) and math.isfinite(error) and mse >= 0 and error >= 0):
        raise ValueError(f"{where}: best_train_mse {mse!r}, best_grid_error {error!r}: must be finite and >= 0")
    return NarrowFloor(width, starts, evaluations, mse, error)


def _read_floors(entries) -> FloorTable:
    if not isinstance(entries, list) or len(entries) > MAX_RESULTS:
        raise ValueError(f"scene data floors: must list at most {MAX_RESULTS} floors")
    table: FloorTable = {}
    for number, entry in enumerate(entries, 1):
        _exact_keys(entry, FLOOR_ENTRY_KEYS, f"scene data floor {number}")
        task = entry["task"]
        if task not in TEACHER_TASKS:
            raise ValueError(f"scene data floor {number} task {task!r}: must be one of {sorted(TEACHER_TASKS)}")
        n_points = _typed(entry["n_points"], int, f"scene data floor {number} n_points")
        raw = entry["floors"]
        if not isinstance(raw, list) or len(raw) != TEACHER_TASKS[task] - 1:
            raise ValueError(f"scene data floor {number} floors: must list one floor per width below the "
                             f"teacher's {TEACHER_TASKS[task]}")
        if (task, n_points) in table:
            raise ValueError(f"scene data floors: ({task!r}, {n_points}) is listed twice")
        table[(task, n_points)] = tuple(_read_floor(item, task, n_points, width) for width, item in enumerate(raw, 1))
    return table


def read_shipped_floors(text: str) -> FloorTable:
    """The least-squares floors of a scene-data file's text, or ValueError naming what is wrong."""
    return _read_document(text)[1]


def read_shipped(text: str) -> tuple[WidthResult, ...]:
    """The width-experiment results of a scene-data file's text, or ValueError naming what is wrong."""
    return _read_document(text)[0]


def _read_document(text: str) -> tuple[tuple[WidthResult, ...], FloorTable]:
    if not isinstance(text, str) or len(text) > MAX_FILE_CHARS:
        raise ValueError(f"scene data: must be text of at most {MAX_FILE_CHARS:,} characters")
    try:
        document = json.loads(text, parse_constant=_refuse_constant)
    except ValueError as error:
        raise ValueError(f"scene data: not valid JSON ({error})") from None
    _exact_keys(document, DOCUMENT_KEYS, "scene data")
    if document["made_by"] != MADE_BY or document["kind"] != KIND:
        raise ValueError(f"scene data made_by/kind {document['made_by']!r}/{document['kind']!r}: must be "
                         f"{MADE_BY!r}/{KIND!r}")
    entries = document["results"]
    if not isinstance(entries, list) or not 1 <= len(entries) <= MAX_RESULTS:
        raise ValueError(f"scene data results: must list 1 to {MAX_RESULTS} results")
    results = tuple(_read_entry(entry, number) for number, entry in enumerate(entries, 1))
    if len({result.spec for result in results}) != len(results):
        raise ValueError("scene data results: a spec is listed twice")
    return results, _read_floors(document["floors"])


@functools.lru_cache(maxsize=1)
def shipped_results() -> tuple[WidthResult, ...]:
    """The precomputed width-experiment results of the scene (read once per process)."""
    return read_shipped(SHIPPED_FILE.read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=1)
def shipped_floors() -> FloorTable:
    """The precomputed least-squares floors of the scene (read once per process)."""
    return read_shipped_floors(SHIPPED_FILE.read_text(encoding="utf-8"))


def floor_for(task: str, n_points: int) -> tuple[tuple[NarrowFloor, ...], bool]:
    """(the floor of each width below the teacher's, whether it was shipped): shipped for the lesson's settings,
    else computed live by narrow_floor (within its work cap; ValueError beyond it)."""
    try:
        shipped = shipped_floors().get((task, n_points))
    except (OSError, ValueError):
        shipped = None  # a missing or damaged file: compute live (a test guards the file)
    if shipped is not None:
        return shipped, True
    return narrow_floor(task, n_points), False


def precomputed_for(spec: WidthSpec) -> WidthResult | None:
    """The shipped result whose spec is exactly ``spec``, else None."""
    try:
        shipped = shipped_results()
    except (OSError, ValueError):
        return None  # a missing or damaged file: the page falls back to the Run button (a test guards the file)
    return next((result for result in shipped if result.spec == spec), None)
