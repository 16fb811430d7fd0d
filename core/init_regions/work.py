"""Work estimates of the lesson's heavy calls (core.engine.budget.Work values, checked before work).

The map of starts counts network-steps (every start, as "verify" trains them all); the width
experiment counts parameter-steps; both also count parameter-sample-steps against one request's
training budget.
"""

from __future__ import annotations

from core import limits
from core.engine.budget import REQUEST_BUDGET, TRAINING_UNIT, Work, training_work
from core.init_regions.task import MapSpec
from core.init_regions.width_spec import WidthSpec


def map_work(spec: MapSpec) -> tuple[Work, Work]:
    """core.init_regions.map.train_map: network-steps (every start counted, as "verify" trains them all)
    against limits.INIT_MAP_MAX_NETWORK_STEPS, and the same in parameter-sample-steps."""
    steps = Work("map of starts", float(spec.network_steps), limits.INIT_MAP_MAX_NETWORK_STEPS, "network-steps",
                 "lower the resolution or the steps",
                 f"{spec.resolution} x {spec.resolution} starts x {spec.steps:,} steps")
    training = training_work("map of starts", n_models=spec.n_cells, steps=spec.steps, n_samples=spec.n_points,
                             widths=spec.widths)
    return steps, training


def width_experiment_work(spec: WidthSpec) -> tuple[Work, Work]:
    """core.init_regions.width_experiment.run_width_experiment: parameter-steps against
    limits.WIDTH_EXPERIMENT_MAX_PARAM_STEPS, and parameter-sample-steps (times the task's points)."""
    steps = Work("width experiment", float(spec.param_steps), limits.WIDTH_EXPERIMENT_MAX_PARAM_STEPS,
                 "parameter-steps",
                 "use fewer starts, steps, schemes or wide widths",
                 f"{len(spec.schemes)} scheme(s) x widths {list(spec.widths)} x {spec.seeds:,} starts x "
                 f"{spec.steps:,} steps")
    training = Work("width experiment", float(spec.param_steps) * spec.n_points, REQUEST_BUDGET, TRAINING_UNIT,
                    steps.advice, f"{spec.param_steps:,} parameter-steps x {spec.n_points} points")
    return steps, training
