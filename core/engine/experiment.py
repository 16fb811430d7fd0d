"""One training experiment as plain, hashable settings, and how to build it reproducibly.

Seeds: ``data_seed`` drives the dataset and the train/test split; ``init_seed`` drives the
initial weights and the minibatch order. So Reset with the same init seed replays the same run,
and a new init seed never changes the data (TensorFlow Playground issue #25).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from core import limits, rng
from core.engine.data import REAL_DATASETS, Dataset, make_dataset, output_width, train_test_split
from core.engine.init_schemes import init_params
from core.validation import check_int, shown

if TYPE_CHECKING:
    from core.engine.train import TrainingRun


@dataclass(frozen=True)
class Experiment:
    dataset: str = "moons"
    n_samples: int = 200
    noise: float = 0.2
    test_fraction: float = 0.3
    hidden: tuple[int, ...] = (8, 8)
    activation: str = "tanh"
    init_scheme: str = "xavier"
    init_scale: float = 1.0
    optimizer: str = "adam"
    learning_rate: float = 0.03
    batch_size: int | None = None
    steps: int = 500
    data_seed: int = 0
    init_seed: int = 0

    def widths(self, input_dim: int, outputs: int = 1) -> tuple[int, ...]:
        """All layer widths (input_dim, *hidden, outputs) for data with ``input_dim`` columns and ``outputs``
        logits (core.engine.data.output_width; not range-checked)."""
        if isinstance(self.hidden, (str, bytes)) or not isinstance(self.hidden, (tuple, list)):
            raise TypeError(f"hidden widths {shown(self.hidden)}: must be a list of integers, one per hidden layer")
        return (input_dim, *self.hidden, outputs)

    @property
    def real(self) -> bool:
        """True for a real dataset (core.engine.real_data): its size is the table's, ``noise`` and ``n_samples``
        do not apply."""
        return self.dataset in REAL_DATASETS


def make_split(experiment: Experiment) -> tuple[Dataset, Dataset]:
    """The experiment's (train, test) data; depends only on the data settings and data seed. A real dataset is
    the whole table, split and standardised (core.engine.real_data.load_split); a toy set is drawn."""
    seed = check_int(experiment.data_seed, "data seed", limits.SEED)
    if experiment.real:
        from core.engine.real_data import load_split  # here: scikit-learn's loaders only when a real set is asked

        return load_split(experiment.dataset, experiment.test_fraction, rng=rng.stream(seed, "split"))
    full = make_dataset(experiment.dataset, experiment.n_samples, experiment.noise, rng=rng.stream(seed, "data"),
                        limits=limits.CLASSROOM)  # an Experiment is the app's settings: the app's caps
    return train_test_split(full, experiment.test_fraction, rng=rng.stream(seed, "split"))


def start_run(experiment: Experiment, train: Dataset, test: Dataset) -> TrainingRun:
    """A fresh run at step 0: the same experiment always gives the same initial weights."""
    seed = check_int(experiment.init_seed, "init seed", limits.SEED)
    params = init_params(experiment.widths(train.input_dim, output_width(train)), scheme=experiment.init_scheme,
                         scale=experiment.init_scale, rng=rng.stream(seed, "init"), limits=limits.CLASSROOM)
    from core.engine.train import TrainingRun  # here: the settings serve links and pages that never train

    return TrainingRun(params, train, test, activation=experiment.activation, optimizer=experiment.optimizer,
                       learning_rate=experiment.learning_rate, batch_size=experiment.batch_size,
                       rng=rng.stream(seed, "train"), limits=limits.CLASSROOM)
