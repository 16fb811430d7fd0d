"""Conversions between :class:`core.nets.Params` and ``torch.nn.Sequential`` of Linear + activation."""

from __future__ import annotations

import numpy as np
import torch

from core.activations import LEAKY_SLOPE
from core.nets import Params


class Sin(torch.nn.Module):
    """sin as a module (torch has none)."""

    def forward(self, z):
        return torch.sin(z)


ACTIVATION_MODULES = {
    "tanh": torch.nn.Tanh, "relu": torch.nn.ReLU, "leaky_relu": lambda: torch.nn.LeakyReLU(LEAKY_SLOPE),
    "sigmoid": torch.nn.Sigmoid, "gelu": torch.nn.GELU, "sin": Sin, "identity": torch.nn.Identity,
}


def params_to_sequential(params: Params, activation: str, *, dtype=torch.float64) -> torch.nn.Sequential:
    """A Sequential(Linear, act, Linear, act, ..., Linear) holding a copy of ``params``."""
    layers, last = [], len(params.weights) - 1
    for i, (w, b) in enumerate(zip(params.weights, params.biases)):
        linear = torch.nn.Linear(w.shape[1], w.shape[0], dtype=dtype)
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(np.array(w)))
            linear.bias.copy_(torch.from_numpy(np.array(b)))
        layers.append(linear)
        if i < last:
            layers.append(ACTIVATION_MODULES[activation]())
    return torch.nn.Sequential(*layers)


def sequential_to_params(model: torch.nn.Sequential) -> Params:
    """Read the Linear layers of ``model`` back into float64 Params."""
    linears = [m for m in model if isinstance(m, torch.nn.Linear)]
    return Params(
        tuple(m.weight.detach().to(torch.float64).numpy() for m in linears),
        tuple(m.bias.detach().to(torch.float64).numpy() for m in linears),
    )
