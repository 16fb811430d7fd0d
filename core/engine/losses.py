"""Losses and metrics per task, in torch, with a leading model dimension allowed.

Classification (labels 0/1, one output logit): binary cross-entropy on logits.
Regression (one output): mean squared error.
Both average over samples and keep every leading (model) dimension separate.
"""

from __future__ import annotations

import torch

from core.engine.data import CLASSIFICATION


def per_model_loss(outputs: torch.Tensor, targets: torch.Tensor, task: str) -> torch.Tensor:
    """outputs (..., n, 1), targets (n,) -> loss of shape (...,): one number per model."""
    logits = outputs[..., 0]
    targets = targets.expand_as(logits)
    if task == CLASSIFICATION:
        losses = torch.nn.functional.binary_cross_entropy_with_logits(logits, targets, reduction="none")
    else:
        losses = (logits - targets) ** 2
    return losses.mean(dim=-1)


def per_model_accuracy(outputs: torch.Tensor, targets: torch.Tensor, task: str) -> torch.Tensor | None:
    """Share of correctly classified points per model, or None for regression."""
    if task != CLASSIFICATION:
        return None
    predictions = (outputs[..., 0] > 0).to(targets.dtype)
    return (predictions == targets).to(outputs.dtype).mean(dim=-1)
