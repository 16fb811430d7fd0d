"""Losses and metrics per task, in torch, with a leading model dimension allowed.

Classification (labels 0/1, one output logit): binary cross-entropy on logits.
Regression (one output): mean squared error.
Both average over samples and keep every leading (model) dimension separate.

Only these two are implemented: a network with several outputs (a multi-class classifier, a
multi-target regressor) or labels other than 0/1 is refused, never scored on its first output.
"""

from __future__ import annotations

from collections.abc import Sequence

import torch

from core.engine.data import BINARY_LABELS, CLASSIFICATION, TASKS, Dataset, check_loss_inputs, check_single_output
from core.validation import check_choice, shown


def check_training_data(widths: Sequence[int], train_data: Dataset, test_data: Dataset | None) -> None:
    """Refuse data the losses cannot score with a network of ``widths`` (one output, matching inputs), and a
    test set of another task than the training set (it would be scored with the training set's loss)."""
    check_loss_inputs(widths, train_data, "train_data")
    if test_data is not None:
        check_loss_inputs(widths, test_data, "test_data")
        if test_data.task != train_data.task:
            raise ValueError(f"test_data has task {test_data.task!r}: must be train_data's task {train_data.task!r}")


def _check_outputs_and_targets(outputs: torch.Tensor, targets: torch.Tensor, task: str) -> None:
    check_choice(task, "task", TASKS)
    check_single_output(outputs.shape[-1], "output width", where=f" (outputs of shape {tuple(outputs.shape)})")
    if targets.shape[-1] != outputs.shape[-2]:
        raise ValueError(f"targets has {targets.shape[-1]} entries: must have one per output row "
                         f"({outputs.shape[-2]})")
    if task == CLASSIFICATION:
        bad = (targets != BINARY_LABELS[0]) & (targets != BINARY_LABELS[1])
        if bool(bad.any()):
            values = torch.unique(targets[bad]).tolist()
            raise ValueError(f"targets contain the label(s) {shown(values)}: classification labels must be "
                             "0 or 1 (binary; multi-class is not supported yet)")


def per_model_loss(outputs: torch.Tensor, targets: torch.Tensor, task: str) -> torch.Tensor:
    """outputs (..., n, 1), targets (n,) -> loss of shape (...,): one number per model.

    Refuses what it cannot score (several outputs, labels other than 0/1, an unknown task)."""
    _check_outputs_and_targets(outputs, targets, task)
    return loss_on_checked_data(outputs, targets, task)


def per_model_accuracy(outputs: torch.Tensor, targets: torch.Tensor, task: str) -> torch.Tensor | None:
    """Share of correctly classified points per model, or None for regression (checked as per_model_loss)."""
    _check_outputs_and_targets(outputs, targets, task)
    return accuracy_on_checked_data(outputs, targets, task)


# The trainers check their data once (check_training_data, and Dataset checks its labels when built), then
# call these every step: the label check reads the tensor back, which would make a GPU wait at every step.
def loss_on_checked_data(outputs: torch.Tensor, targets: torch.Tensor, task: str) -> torch.Tensor:
    """per_model_loss without its checks, for data a trainer has already checked."""
    logits = outputs[..., 0]
    targets = targets.expand_as(logits)
    if task == CLASSIFICATION:
        losses = torch.nn.functional.binary_cross_entropy_with_logits(logits, targets, reduction="none")
    else:
        losses = (logits - targets) ** 2
    return losses.mean(dim=-1)


def accuracy_on_checked_data(outputs: torch.Tensor, targets: torch.Tensor, task: str) -> torch.Tensor | None:
    """per_model_accuracy without its checks, for data a trainer has already checked."""
    if task != CLASSIFICATION:
        return None
    predictions = (outputs[..., 0] > 0).to(targets.dtype)
    return (predictions == targets).to(outputs.dtype).mean(dim=-1)
