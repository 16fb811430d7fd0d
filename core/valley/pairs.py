"""Train the pairs of one width: network A and network B of every pair in ONE batched run.

Both networks of a pair share the architecture d-h-K, the data and the optimiser; they differ in their
initialisation seed (core.valley.spec.pair_seeds). Training is full batch, so no minibatch order is drawn:
the batch of 2P models trains exactly as 2P separate runs would (tests/test_valley.py checks 1e-10 in float64).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from core.engine.batched import train_batch
from core.engine.data import Dataset, output_width
from core.engine.init_schemes import init_params
from core.engine.mlp import Params
from core.valley.spec import ValleySpec, pair_seeds

DTYPES = {"float32": torch.float32, "float64": torch.float64}


@dataclass(frozen=True, eq=False)
class TrainedPairs:
    """The trained pairs of one (width, activation): ``a[i]`` and ``b[i]`` are pair i's networks.

    end_loss / end_accuracy: float arrays (P, 2), each network's test loss and accuracy after training
    (column 0 network A, column 1 network B), as the trainer recorded them.
    """

    width: int
    activation: str
    a: tuple[Params, ...]
    b: tuple[Params, ...]
    end_loss: np.ndarray
    end_accuracy: np.ndarray
    diverged: int  # networks whose training diverged (their last finite weights are kept)


def network_widths(train: Dataset, width: int) -> tuple[int, int, int]:
    """(d, h, K): the data's input width, one hidden layer of ``width`` units, the outputs the data needs."""
    return (train.input_dim, int(width), output_width(train))


def initial_pairs(spec: ValleySpec, widths: tuple[int, ...]) -> list[Params]:
    """[A_0, B_0, A_1, B_1, ...]: the initial networks of every pair of ``spec``."""
    models = []
    for pair in range(spec.pairs):
        for rng in pair_seeds(spec.init_seed, pair):
            models.append(init_params(widths, scheme=spec.init_scheme, rng=rng))
    return models


def train_pairs(spec: ValleySpec, train: Dataset, test: Dataset, *, width: int, activation: str,
                device: str = "cpu") -> TrainedPairs:
    """Train every pair of ``spec`` at hidden ``width`` with ``activation`` in one call of the batched trainer."""
    models = initial_pairs(spec, network_widths(train, width))
    # full batch: the trainer draws no minibatch, so its rng is never used (it still must be a Generator)
    result = train_batch(models, train, test, steps=spec.steps, activation=activation, optimizer=spec.optimizer,
                         learning_rate=spec.learning_rate, batch_size=None, rng=np.random.default_rng(0),
                         dtype=DTYPES[spec.dtype], device=device, chunk_size=len(models))
    trained = result.final_params
    assert result.test_loss is not None and result.test_accuracy is not None  # test has rows, data is a classification
    end_loss, end_accuracy = (curve[:, -1].reshape(spec.pairs, 2) for curve in (result.test_loss, result.test_accuracy))
    return TrainedPairs(width, activation, tuple(trained[0::2]), tuple(trained[1::2]), end_loss, end_accuracy,
                        int(np.sum(result.diverged_at >= 0)))
