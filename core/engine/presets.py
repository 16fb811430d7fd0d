"""Ready-made networks for the symmetry lesson: an Experiment trained to its last step.

A preset is only an Experiment (hashable settings), so a page can cache the trained result on it;
the same preset always trains to the same weights (seeded data, init and minibatch order).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from core import limits
from core.engine import budget
from core.engine.data import Dataset
from core.engine.experiment import Experiment, make_split, start_run
from core.engine.mlp import Params
from core.validation import check_int

# Two moons, 2-8-8-1, the Train lesson's defaults; the ReLU one is there so rescaling is available.
PRESETS = {
    "tanh": Experiment(activation="tanh"),
    "relu": Experiment(activation="relu"),
}
PRESET_LABELS = {"tanh": "moons, 2-8-8-1 tanh", "relu": "moons, 2-8-8-1 ReLU"}


@dataclass(frozen=True, eq=False)
class TrainedNetwork:
    """A network and where it came from (the same fields the Train lesson publishes)."""

    params: Params
    activation: str
    train: Dataset
    test: Dataset
    experiment: Experiment | None
    step: int | None  # training steps taken (None: unknown, e.g. imported)


def train_network(experiment: Experiment) -> TrainedNetwork:
    """Train ``experiment`` for its ``steps`` steps from its seeds."""
    train, test = make_split(experiment)
    run = start_run(experiment, train, test)  # validates every setting; no training yet
    steps = check_int(experiment.steps, "steps", limits.STEPS)
    # one request: refuse before any work, counted on the rows actually trained (a real table's, whatever
    # n_samples says) and the network actually built
    budget.check(budget.training_work("training run", n_models=1, steps=steps,
                                      n_samples=train.n_samples + test.n_samples, widths=run.params.widths))
    run.advance(steps)
    return TrainedNetwork(run.params, run.activation, train, test, experiment, run.step)


def sibling(experiment: Experiment) -> Experiment:
    """The same settings with the next init seed (wrapping at the top): a second, independent run."""
    seed = experiment.init_seed + 1 if experiment.init_seed < limits.SEED[1] else 0
    return dataclasses.replace(experiment, init_seed=seed)
