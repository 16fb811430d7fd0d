"""The specification of a research-scale width sweep: what to train, read from TOML/JSON, checked up front.

A spec fixes every number that decides the rows (task, widths, schemes, seeds per cell, steps,
tolerance, training settings and the training group); how the sweep is cut into chunks, where it
runs and where it writes are run options, not part of the spec, so they never change a row. The
spec's hash (of its canonical JSON) names its results.

Every check runs before any training: a typo, a width of 0 or a sweep over the work budget fails
in milliseconds with a message naming the key, the value and what is allowed.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import tomllib
from dataclasses import dataclass
from pathlib import Path

from core import limits
from core.batched import auto_chunk_size
from core.init_regions import MAP_ACTIVATIONS, PRECISIONS, check_tolerance
from core.init_schemes import INIT_SCHEMES
from core.nets import count_params
from core.optimizers import OPTIMIZERS, check_learning_rate
from core.validation import check_choice, check_float, check_int
from core.width_sweep import SweepSpec

# Tasks: the noise-free targets of a k-unit teacher (core.init_regions), named by k. The lesson's
# live sweep uses "teacher3". Starts do not depend on the task, so two tasks' sweeps with the same
# seed face the same starts: a paired comparison.
TASKS = {"teacher2": 2, "teacher3": 3}


@dataclass(frozen=True)
class ResearchSpec:
    """One sweep: every (width, scheme) cell gets ``seeds`` starts, trained ``group`` at a time."""

    task: str = "teacher3"
    widths: tuple[int, ...] = (1, 2, 3, 4, 8, 16, 32, 64)
    schemes: tuple[str, ...] = ("uniform", "xavier", "he", "orthogonal", "representative", "constant")
    seeds: int = 200
    steps: int = 300
    tolerance: float = 1e-3
    optimizer: str = "adam"
    learning_rate: float = 0.03
    init_scale: float = 1.0
    n_points: int = 40
    activation: str = "tanh"
    seed: int = 0
    precision: str = "float32"
    # Starts trained together. Fixed by the spec because a start's last bits depend on its batch
    # (core.width_sweep.train_starts); chunks are whole groups, so chunking never changes a row.
    group: int = 250

    @property
    def teacher_width(self) -> int:
        return TASKS[self.task]

    @property
    def param_steps(self) -> int:
        """Work: sum over widths and schemes of seeds x steps x parameters."""
        return sum(count_params((1, w, 1)) for w in self.widths) * self.seeds * self.steps * len(self.schemes)

    @property
    def n_starts(self) -> int:
        return len(self.widths) * len(self.schemes) * self.seeds

    def as_dict(self) -> dict:
        values = dataclasses.asdict(self)
        return {**values, "widths": list(self.widths), "schemes": list(self.schemes)}

    def as_sweep_spec(self) -> SweepSpec:
        """The lesson's spec with the same settings, so the lesson's summary and figure apply."""
        return SweepSpec(teacher_width=self.teacher_width, widths=tuple(sorted(self.widths)), schemes=self.schemes,
                         n_starts=self.seeds, steps=self.steps, optimizer=self.optimizer,
                         learning_rate=self.learning_rate, loss_tol=self.tolerance, init_scale=self.init_scale,
                         n_points=self.n_points, activation=self.activation, seed=self.seed,
                         precision=self.precision)


SPEC_KEYS = tuple(field.name for field in dataclasses.fields(ResearchSpec))


def spec_hash(spec: ResearchSpec) -> str:
    """sha256 of the spec's canonical JSON: equal for equal specs, whatever file or flags gave them."""
    canonical = json.dumps(spec.as_dict(), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def read_spec_file(path) -> dict:
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
        raise ValueError(f"spec file {str(path)!r}: must hold a table of keys ({', '.join(SPEC_KEYS)})")
    return values


def spec_from_values(values: dict, *, allow_large: bool = False) -> ResearchSpec:
    """Build and check a spec from a table of keys (unknown keys are an error, missing ones take defaults)."""
    unknown = sorted(set(values) - set(SPEC_KEYS))
    if unknown:
        raise ValueError(f"spec key {unknown[0]!r}: unknown; allowed keys are {', '.join(SPEC_KEYS)}")
    values = dict(values)
    for key in ("widths", "schemes"):
        if key in values:
            if isinstance(values[key], (str, bytes)) or not isinstance(values[key], (list, tuple)):
                raise TypeError(f"spec key {key!r} {values[key]!r}: must be a list")
            values[key] = tuple(values[key])
    return check_spec(ResearchSpec(**values), allow_large=allow_large)


def load_spec(path, overrides: dict | None = None, *, allow_large: bool = False) -> ResearchSpec:
    """The spec of ``path`` with ``overrides`` (e.g. from command-line flags) on top, checked."""
    values = read_spec_file(path)
    values.update({key: value for key, value in (overrides or {}).items() if value is not None})
    return spec_from_values(values, allow_large=allow_large)


def check_spec(spec: ResearchSpec, *, allow_large: bool = False) -> ResearchSpec:
    """Every value within its limits and the sweep within the work budget (unless ``allow_large``)."""
    check_choice(spec.task, "task", TASKS)
    _check_list(spec.widths, "widths")
    for width in spec.widths:
        check_int(width, "width", limits.SWEEP_WIDTH)
    _check_list(spec.schemes, "schemes")
    for scheme in spec.schemes:
        check_choice(scheme, "scheme", INIT_SCHEMES)
    check_int(spec.seeds, "seeds (starts per width and scheme)", limits.SWEEP_SEEDS)
    check_int(spec.steps, "steps", limits.SWEEP_STEPS)
    check_choice(spec.optimizer, "optimizer", OPTIMIZERS)
    check_learning_rate(spec.learning_rate)
    check_float(spec.init_scale, "init_scale", limits.INIT_SCALE)
    check_int(spec.n_points, "n_points", limits.INIT_MAP_POINTS)
    check_choice(spec.activation, "activation", MAP_ACTIVATIONS)
    check_int(spec.seed, "seed", limits.SEED)
    check_choice(spec.precision, "precision", PRECISIONS)
    check_tolerance(spec.tolerance, spec.precision)
    check_int(spec.group, "group (starts trained together)", limits.SWEEP_GROUP)
    _check_group_work(spec)
    if spec.param_steps > limits.SWEEP_MAX_PARAM_STEPS and not allow_large:
        raise ValueError(
            f"sweep work {spec.param_steps:.3g} (seeds x steps x parameters, summed over widths and schemes): "
            f"at most {limits.SWEEP_MAX_PARAM_STEPS:.3g} without --allow-large; pass --allow-large (or "
            "allow_large=True) to run it anyway, on a cluster, or use fewer seeds, steps, schemes or wide widths"
        )
    return spec


def _check_list(values, name: str) -> None:
    if not isinstance(values, tuple) or not values:
        raise ValueError(f"{name} {values!r}: must list at least one entry")
    if len(set(values)) != len(values):
        raise ValueError(f"{name} {list(values)!r}: each entry at most once")


def _check_group_work(spec: ResearchSpec) -> None:
    """One group of the widest width must fit the batched trainer's work cap (it would refuse mid-sweep)."""
    widest = max(spec.widths)
    per_start = spec.steps * spec.n_points * count_params((1, widest, 1))
    largest = int(limits.MAX_BATCH_WORK // per_start)
    if spec.group > largest:
        raise ValueError(
            f"group {spec.group} at width {widest}: at most {max(largest, 0)} starts of that width fit one batch "
            f"at {spec.steps} steps on {spec.n_points} points (batch work cap {limits.MAX_BATCH_WORK:.3g}); "
            f"use a smaller group, e.g. {max(1, min(largest, auto_chunk_size(spec.n_points, (1, widest, 1))))}"
        )
