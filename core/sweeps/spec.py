"""A research sweep's spec file: the width experiment's WidthSpec read from TOML/JSON, checked up front.

A spec fixes every number that decides the rows (task, widths, schemes, seeds per cell, steps,
tolerance on the grid error, training settings and the training group; the step budgets follow
from steps); how the sweep is cut into chunks, where it
runs and where it writes are run options, not part of the spec, so they never change a row. The
spec's hash (of its canonical JSON) names its results.

Every check runs before any training: a typo, a width of 0 or a sweep over the work budget fails
in milliseconds with a message naming the key, the value and what is allowed.

A spec with an ``experiment`` key other than "width" is a user experiment's sweep
(core.sweeps.experiment_spec.ExperimentSpec); the same hash, file format and checks apply.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import tomllib
from pathlib import Path

from core.init_regions.width_spec import WidthSpec, check_width_spec
from core.sweeps.experiment_spec import WIDTH, ExperimentSpec, check_experiment_spec, experiment_spec_from_values

SPEC_KEYS = tuple(field.name for field in dataclasses.fields(WidthSpec))
# Keys a spec file may also carry that are run options, not part of the spec or its hash: where the
# chunks train (core.engine.device; ``--device`` overrides it).
RUN_KEYS = ("device",)


def spec_hash(spec: WidthSpec | ExperimentSpec) -> str:
    """sha256 of the research-checked spec's canonical JSON: equal for equal specs, whatever file,
    flags or Python call gave them (an unset ``group`` hashes as the RESEARCH_GROUP a run uses).
    The derived step budgets are hashed too, so a change of BUDGET_FRACTIONS names new results."""
    if isinstance(spec, ExperimentSpec):
        values = check_experiment_spec(spec, allow_large=True).as_dict()
    else:
        checked = check_width_spec(spec, scale="research", allow_large=True)
        values = {**checked.as_dict(), "budgets": list(checked.budgets)}
    canonical = json.dumps(values, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def read_spec_file(path: str | os.PathLike[str]) -> dict:
    """The key-value table of a .toml or .json spec file (not yet checked)."""
    path = Path(path)
    if path.suffix not in (".toml", ".json"):
        raise ValueError(f"spec file {str(path)!r}: must end in .toml or .json")
    if not path.is_file():
        raise ValueError(f"spec file {str(path)!r}: no such file")
    try:
        values = tomllib.loads(path.read_text()) if path.suffix == ".toml" else json.loads(path.read_text())
    except (tomllib.TOMLDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"spec file {str(path)!r}: not valid {path.suffix[1:].upper()} ({error})") from None
    if not isinstance(values, dict):
        raise ValueError(f"spec file {str(path)!r}: must hold a table of keys ({', '.join(SPEC_KEYS)}, or "
                         "experiment and its keys)")
    return values


def spec_from_values(values: dict, *, allow_large: bool = False) -> WidthSpec | ExperimentSpec:
    """Build and check a spec from a table of keys (unknown keys are an error, missing ones take defaults):
    a user experiment's when ``experiment`` names one, else the width experiment's. Run options (RUN_KEYS)
    are left out: :func:`run_options` reads them."""
    values = {key: value for key, value in values.items() if key not in RUN_KEYS}
    if values.get("experiment", WIDTH) != WIDTH:
        return experiment_spec_from_values(values, allow_large=allow_large)
    values = {key: value for key, value in values.items() if key != "experiment"}
    unknown = sorted(set(values) - set(SPEC_KEYS))
    if unknown:
        raise ValueError(f"spec key {unknown[0]!r}: unknown; allowed keys are {', '.join(SPEC_KEYS)}")
    values = dict(values)
    for key in ("widths", "schemes"):
        if key in values:
            if isinstance(values[key], (str, bytes)) or not isinstance(values[key], (list, tuple)):
                raise TypeError(f"spec key {key!r} {values[key]!r}: must be a list")
            values[key] = tuple(values[key])
    return check_width_spec(WidthSpec(**values), scale="research", allow_large=allow_large)


def load_spec(path: str | os.PathLike[str], overrides: dict | None = None, *,
              allow_large: bool = False) -> WidthSpec | ExperimentSpec:
    """The spec of ``path`` with ``overrides`` (e.g. from command-line flags) on top, checked."""
    values = read_spec_file(path)
    values.update({key: value for key, value in (overrides or {}).items() if value is not None})
    return spec_from_values(values, allow_large=allow_large)


def run_options(path: str | os.PathLike[str]) -> dict:
    """The run options (RUN_KEYS) the spec file at ``path`` sets, e.g. {"device": "cuda"}; checked where used."""
    values = read_spec_file(path)
    return {key: values[key] for key in RUN_KEYS if key in values}
