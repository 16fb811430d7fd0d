"""Optimiser registry shared by the single and the batched trainer.

gd   full-batch gradient descent (batch_size ignored)
sgd  minibatch stochastic gradient descent
adam Adam (full batch unless batch_size is set)

Both trainers use torch.optim on tensors whose every element belongs to one model, and SGD
and Adam act elementwise, so a stacked update equals K separate updates exactly.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from core import limits
from core.validation import check_choice, check_float, check_int

if TYPE_CHECKING:
    import torch

OPTIMIZERS = {"gd": "Gradient descent (full batch)", "sgd": "SGD (minibatch)", "adam": "Adam"}
DEFAULT_SGD_BATCH = 32


def make_optimizer(name: str, tensors: Iterable[torch.Tensor], learning_rate: float) -> torch.optim.Optimizer:
    """torch.optim.Adam over ``tensors`` for "adam", else torch.optim.SGD (gd and sgd differ only in the batch)."""
    import torch  # here, not at the top: the registry and its checks serve lessons that never train

    if name == "adam":
        return torch.optim.Adam(tensors, lr=learning_rate)
    return torch.optim.SGD(tensors, lr=learning_rate)


def resolve_batch_size(optimizer: str, batch_size: int | None, n_train: int) -> int | None:
    """The minibatch size to use, or None for full batch. Validates both arguments."""
    check_choice(optimizer, "optimizer", OPTIMIZERS)
    if optimizer == "gd":
        return None
    if batch_size is None:
        return DEFAULT_SGD_BATCH if optimizer == "sgd" and n_train > DEFAULT_SGD_BATCH else None
    batch_size = check_int(batch_size, "batch_size", limits.BATCH_SIZE)
    return None if batch_size >= n_train else batch_size


def check_learning_rate(learning_rate: float) -> float:
    """``learning_rate`` as a float if it is a finite number within limits.LEARNING_RATE (else TypeError/ValueError)."""
    return check_float(learning_rate, "learning_rate", limits.LEARNING_RATE)
