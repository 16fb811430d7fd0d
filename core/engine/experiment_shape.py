"""The size of an experiment's data and of the network it builds, known without drawing a split or building the
network: what work budgets and network files check against (core.engine.budget, core.exports.network_json).

Its own module: the trainer imports the budget, which needs this, and core.engine.experiment imports the trainer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.engine.data import ALL_DATASET_LABELS, DATASETS, REAL_DATASETS, REGRESSION, output_width
from core.validation import check_choice

if TYPE_CHECKING:
    from core.engine.experiment import Experiment


def data_shape(experiment: Experiment) -> tuple[int, int, int]:
    """(rows, inputs, outputs) of the experiment's data and the network it needs: a toy set's ``n_samples`` rows of
    2 inputs (1 for regression) and one output; a real table's own rows, features and one logit per class (one
    for two classes), whatever ``n_samples`` says."""
    name = check_choice(experiment.dataset, "dataset", ALL_DATASET_LABELS)
    if name in REAL_DATASETS:
        from core.engine.real_data import load_table  # here: scikit-learn's loaders only when a real set is asked

        table = load_table(name)
        return table.n_samples, table.input_dim, output_width(table)
    return experiment.n_samples, 1 if DATASETS[name][1] == REGRESSION else 2, 1
