"""The width experiment's one specification: what to train, and its one check.

"Wider is easier?" [OURS] trains random starts of a 1-w-1 student on the noise-free targets of a
k-unit tanh teacher (core.init_regions.width_task), per (initialisation scheme, width) cell, and
counts the starts that *recover the teacher's function*: largest gap to the teacher on a dense
grid at most ``tolerance``, counted after each step budget of ``budgets`` (docs/theory.md#width-experiment).
The lesson runs it
live at classroom scale (core.init_regions.width_experiment); ``python -m core.sweeps`` runs the
same spec at research scale on Dask (core.sweeps). Both read this class and this check. Two things
differ by scale: the limits (``scale="lesson"`` keeps a web request small, ``scale="research"``
allows hours), and ``group``: a lesson run leaves it None (each width's starts in one batch), a
research run needs one (its check sets RESEARCH_GROUP when the spec names none).

Light on purpose (no torch): figures and exports import it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from core import limits
from core.engine.init_schemes import INIT_SCHEMES
from core.engine.mlp import count_params
from core.engine.optimizers import OPTIMIZERS, check_learning_rate
from core.init_regions.task import PRECISIONS
from core.init_regions.width_task import TEACHER_TASKS, WIDTH_ACTIVATIONS
from core.validation import check_choice, check_float, check_int, shown

# The lesson uses "teacher3". Starts do not depend on the task, so two tasks' runs with the same
# seed face the same starts: a paired comparison.
LESSON_WIDTHS = (1, 2, 3, 4, 6, 8, 16, 32)
LESSON_SCHEMES = ("constant", "uniform", "xavier", "he", "orthogonal")
SCALES = ("lesson", "research")
# Success is counted after these shares of the training steps (each a step budget of its own).
BUDGET_FRACTIONS = (0.25, 0.5, 1.0)
# The tolerance is a largest gap between two functions on the grid (output units), not a loss.
TOLERANCE_RANGE = (1e-4, 1.0)


@dataclass(frozen=True)
class WidthSpec:
    """Every number that decides the rows: each (width, scheme) cell gets ``seeds`` starts.

    ``group`` is how many starts a research run trains in one batch: a start's last float bits
    depend on its batch, so it is part of the spec (and of its hash); a research check sets
    RESEARCH_GROUP when it is None. The lesson's live run trains every start of one width in one
    batch (fastest at classroom sizes), so its specs leave ``group`` None.
    """

    task: str = "teacher3"
    widths: tuple[int, ...] = (1, 2, 3, 4, 8, 16, 32, 64)
    schemes: tuple[str, ...] = ("uniform", "xavier", "he", "orthogonal", "constant")
    seeds: int = 200
    steps: int = 1000          # the longest budget; success is also counted at BUDGET_FRACTIONS of it
    tolerance: float = 0.05    # a start recovered the teacher when its grid error is at most this
    optimizer: str = "adam"
    learning_rate: float = 0.1
    init_scale: float = 1.0
    n_points: int = 40
    activation: str = "tanh"
    seed: int = 0
    precision: str = "float32"  # twice as fast as float64 here; the tolerance stays far above its rounding
    group: int | None = None

    @property
    def teacher_width(self) -> int:
        """Hidden units of the task's teacher."""
        return TEACHER_TASKS[self.task]

    @property
    def budgets(self) -> tuple[int, ...]:
        """The step budgets at which success is counted: BUDGET_FRACTIONS of ``steps``, at least 1, each once."""
        return tuple(sorted({max(1, round(self.steps * fraction)) for fraction in BUDGET_FRACTIONS}))

    @property
    def param_steps(self) -> int:
        """Work: sum over widths and schemes of seeds x steps x parameters."""
        return sum(count_params((1, w, 1)) for w in self.widths) * self.seeds * self.steps * len(self.schemes)

    @property
    def total_starts(self) -> int:
        """Starts over all cells."""
        return len(self.widths) * len(self.schemes) * self.seeds

    def as_dict(self) -> dict:
        """Plain JSON-ready values (lists for the tuples)."""
        values = dataclasses.asdict(self)
        return {**values, "widths": list(self.widths), "schemes": list(self.schemes)}


RESEARCH_GROUP = 250  # a research run's group when its spec names none

# The lesson's default run (the page's first view and the shipped scene data).
LESSON_SPEC = WidthSpec(widths=LESSON_WIDTHS, schemes=LESSON_SCHEMES, seeds=100)

_CAPS = {  # scale -> (width, seeds, steps, work, what to do when the work is too much)
    "lesson": (limits.WIDTH_EXPERIMENT_WIDTH, limits.WIDTH_EXPERIMENT_STARTS, limits.WIDTH_EXPERIMENT_STEPS,
               limits.WIDTH_EXPERIMENT_MAX_PARAM_STEPS, "allowed; use fewer starts, steps, schemes or wide widths"),
    "research": (limits.SWEEP_WIDTH, limits.SWEEP_SEEDS, limits.SWEEP_STEPS, limits.SWEEP_MAX_PARAM_STEPS,
                 "without --allow-large; pass --allow-large (or allow_large=True) to run it anyway, on a "
                 "cluster, or use fewer seeds, steps, schemes or wide widths"),
}


def check_width_spec(spec: WidthSpec, *, scale: str = "lesson", allow_large: bool = False) -> WidthSpec:
    """The spec with every value within the limits of ``scale`` and its work within budget.

    Returns ``spec`` itself when it needs no completion: lists become tuples, and at research
    scale a missing ``group`` becomes RESEARCH_GROUP. ``allow_large`` lifts the work budget of a
    research run (never of the lesson's). Errors name the spec key, the value and what is allowed.
    """
    if not isinstance(spec, WidthSpec):
        raise TypeError(f"spec {type(spec).__name__}: must be core.init_regions.width_spec.WidthSpec")
    width_range, seeds_range, steps_range, max_work, too_much = _CAPS[check_choice(scale, "scale", SCALES)]
    check_choice(spec.task, "task", TEACHER_TASKS)
    widths = _check_list(spec.widths, "widths", lambda width: check_int(width, "width", width_range))
    schemes = _check_list(spec.schemes, "schemes", lambda scheme: check_choice(scheme, "scheme", INIT_SCHEMES))
    check_int(spec.seeds, "seeds (starts per width and scheme)", seeds_range)
    check_int(spec.steps, "steps", steps_range)
    check_choice(spec.optimizer, "optimizer", OPTIMIZERS)
    check_learning_rate(spec.learning_rate)
    check_float(spec.init_scale, "init_scale", limits.INIT_SCALE)
    check_int(spec.n_points, "n_points", limits.INIT_MAP_POINTS)
    check_choice(spec.activation, "activation", WIDTH_ACTIVATIONS)
    check_int(spec.seed, "seed", limits.SEED)
    check_choice(spec.precision, "precision", PRECISIONS)
    check_float(spec.tolerance, "tolerance (largest gap to the teacher on the grid)", TOLERANCE_RANGE)
    group = spec.group
    if scale == "lesson" and group is not None:
        raise ValueError(f"group {shown(group)}: the lesson trains each width's starts in one batch; "
                         "leave group unset (None) for a lesson run")
    if scale == "research":
        group = RESEARCH_GROUP if group is None else group
        check_int(group, "group (starts trained together)", limits.SWEEP_GROUP)
    if (widths, schemes, group) != (spec.widths, spec.schemes, spec.group):
        spec = dataclasses.replace(spec, widths=widths, schemes=schemes, group=group)
    if scale == "research":
        _check_group_work(spec)
    if spec.param_steps > max_work and not (allow_large and scale == "research"):
        raise ValueError(
            f"width experiment work {spec.param_steps:.3g} (seeds x steps x parameters, summed over widths and "
            "schemes): "
            f"at most {max_work:.3g} {too_much}"
        )
    return spec


def _check_list(values: Any, name: str, check_entry: Callable[[Any], Any]) -> tuple:
    """``values`` as a tuple: a non-empty list or tuple whose entries pass ``check_entry``, each once."""
    if isinstance(values, (str, bytes)) or not isinstance(values, (tuple, list)):
        raise TypeError(f"{name} {shown(values)}: must be a list")
    if not values:
        raise ValueError(f"{name} {shown(values)}: must list at least one entry")
    for value in values:
        check_entry(value)
    if len(set(values)) != len(values):
        raise ValueError(f"{name} {shown(list(values))}: each entry at most once")
    return tuple(values)


def _check_group_work(spec: WidthSpec) -> None:
    """One group of the widest width must fit the batched trainer's work cap (it would refuse mid-run)."""
    assert spec.group is not None  # set by check_width_spec before this runs
    widest = max(spec.widths)
    per_start = spec.steps * spec.n_points * count_params((1, widest, 1))
    largest = int(limits.MAX_BATCH_WORK // per_start)
    if spec.group > largest:
        raise ValueError(
            f"group {spec.group} at width {widest}: at most {max(largest, 0)} starts of that width fit one batch "
            f"at {spec.steps} steps on {spec.n_points} points (batch work cap {limits.MAX_BATCH_WORK:.3g}); "
            f"use a smaller group, e.g. {max(1, min(largest, _auto_group(spec.n_points, widest)))}"
        )


def _auto_group(n_points: int, width: int) -> int:
    from core.engine.batched import auto_chunk_size  # the trainer's own choice; imports torch, so only here

    return auto_chunk_size(n_points, (1, width, 1))
