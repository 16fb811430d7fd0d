"""Losses and metrics per task, in torch, with a leading model dimension allowed.

Classification with one output (labels 0/1): binary cross-entropy on the logit; accuracy thresholds it at 0.
Classification with K >= 2 outputs (labels 0..K-1): softmax cross-entropy on the logits; accuracy is the argmax.
Regression (one output): mean squared error.
Every loss averages over samples and keeps every leading (model) dimension separate.

Which width a dataset needs (1 for 2 classes, K for K >= 3) is core.engine.data.output_width; these tensor
functions score the outputs they are given: labels that the outputs cannot score (outside 0..K-1, not
integers) and regression with several outputs are refused, never scored on the first output. A network whose
output width does not fit its data is refused by check_training_data, including a 2-logit network on 2-class
data (a torch model with two output units and softmax): the engine's binary form is one logit, so convert such
a head to one logit (the difference of its two logits) before training or comparing it here.
"""

from __future__ import annotations

from collections.abc import Sequence

import torch

from core.engine.data import CLASSIFICATION, TASKS, Dataset, check_loss_inputs
from core.validation import check_choice, shown


def check_training_data(widths: Sequence[int], train_data: Dataset, test_data: Dataset | None) -> None:
    """Refuse data the losses cannot score with a network of ``widths`` (an output width that fits the task and
    its classes, matching inputs), and a test set of another task or number of classes than the training set."""
    check_loss_inputs(widths, train_data, "train_data")
    if test_data is not None:
        check_loss_inputs(widths, test_data, "test_data")
        if test_data.task != train_data.task:
            raise ValueError(f"test_data has task {test_data.task!r}: must be train_data's task {train_data.task!r}")
        if test_data.n_classes != train_data.n_classes:
            raise ValueError(f"test_data has {test_data.n_classes} classes: must have train_data's "
                             f"{train_data.n_classes}")


def _check_outputs_and_targets(outputs: torch.Tensor, targets: torch.Tensor, task: str) -> None:
    check_choice(task, "task", TASKS)
    width = outputs.shape[-1]
    if task != CLASSIFICATION and width != 1:
        raise ValueError(f"output width {width} (outputs of shape {tuple(outputs.shape)}): must be 1 for "
                         "regression (one target per row; multi-output networks are not supported yet)")
    if targets.shape[-1] != outputs.shape[-2]:
        raise ValueError(f"targets has {targets.shape[-1]} entries: must have one per output row "
                         f"({outputs.shape[-2]})")
    if task == CLASSIFICATION:
        classes = max(width, 2)  # one logit scores 2 classes
        bad = (targets != torch.round(targets)) | (targets < 0) | (targets >= classes)
        if bool(bad.any()):
            values = torch.unique(targets[bad]).tolist()
            allowed = "0 or 1" if classes == 2 else f"integers 0..{classes - 1}"
            raise ValueError(f"targets contain the label(s) {shown(values)}: with {width} output(s) classification "
                             f"labels must be {allowed}")


def per_model_loss(outputs: torch.Tensor, targets: torch.Tensor, task: str) -> torch.Tensor:
    """outputs (..., n, d_out), targets (n,) -> loss of shape (...,): one number per model.

    Refuses what it cannot score (labels outside 0..d_out-1, regression with several outputs, an unknown task)."""
    _check_outputs_and_targets(outputs, targets, task)
    return loss_on_checked_data(outputs, targets, task)


def per_model_accuracy(outputs: torch.Tensor, targets: torch.Tensor, task: str) -> torch.Tensor | None:
    """Share of correctly classified points per model, or None for regression (checked as per_model_loss)."""
    _check_outputs_and_targets(outputs, targets, task)
    return accuracy_on_checked_data(outputs, targets, task)


def _class_index(targets: torch.Tensor, outputs: torch.Tensor) -> torch.Tensor:
    """The labels as int64 class indices of shape outputs.shape[:-1] + (1,), for gather on the last dimension."""
    return targets.long().expand(outputs.shape[:-1]).unsqueeze(-1)


# The trainers check their data once (check_training_data, and Dataset checks its labels when built), then
# call these every step: the label check reads the tensor back, which would make a GPU wait at every step.
def loss_on_checked_data(outputs: torch.Tensor, targets: torch.Tensor, task: str) -> torch.Tensor:
    """per_model_loss without its checks, for data a trainer has already checked."""
    if task == CLASSIFICATION and outputs.shape[-1] > 1:
        # softmax cross-entropy: -log softmax(outputs)[label], what torch's cross_entropy computes per sample
        log_probabilities = torch.log_softmax(outputs, dim=-1)
        return -log_probabilities.gather(-1, _class_index(targets, outputs)).squeeze(-1).mean(dim=-1)
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
    if outputs.shape[-1] > 1:
        predictions = outputs.argmax(dim=-1).to(targets.dtype)
    else:
        predictions = (outputs[..., 0] > 0).to(targets.dtype)
    return (predictions == targets).to(outputs.dtype).mean(dim=-1)
