"""Activation registry: each activation's numpy and torch form and the properties its symmetries rest on.

- odd (sigma(-z) = -sigma(z)): flipping the signs of a hidden unit's incoming and outgoing
  weights leaves the function unchanged (tanh, sin, identity).
- positively homogeneous (sigma(cz) = c sigma(z) for c > 0): rescaling a unit's incoming
  weights by c and its outgoing weights by 1/c leaves the function unchanged (relu, leaky_relu,
  identity).
- permutations of hidden units work for every elementwise activation.
- sigmoid admits an affine flip: sigma(-z) = 1 - sigma(z), so a flip must move the old outgoing
  column into the next bias (docs/theory.md#symmetries-by-activation; the full per-activation table,
  sin and linear networks included, is core.symmetry.activation_facts).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from scipy.special import erf, expit

from core.validation import check_choice

if TYPE_CHECKING:
    import torch

LEAKY_SLOPE = 0.01  # torch's default negative slope


@dataclass(frozen=True)
class Activation:
    name: str
    numpy: Callable[[np.ndarray], np.ndarray]
    odd: bool
    positively_homogeneous: bool
    lipschitz: float  # rho: |sigma(a) - sigma(b)| <= rho |a - b|
    label: str

    @property
    def torch(self) -> Callable[[torch.Tensor], torch.Tensor]:
        """The torch form, imported on first use so numpy-only lessons never load torch."""
        return _torch_functions()[self.name]


@functools.cache
def _torch_functions() -> dict:
    import torch

    return {
        "tanh": torch.tanh, "relu": torch.relu, "sigmoid": torch.sigmoid, "sin": torch.sin,
        "leaky_relu": lambda z: torch.nn.functional.leaky_relu(z, LEAKY_SLOPE),
        "gelu": torch.nn.functional.gelu, "identity": lambda z: z,
    }


def _gelu_numpy(z: np.ndarray) -> np.ndarray:
    return 0.5 * z * (1.0 + erf(z / np.sqrt(2.0)))


def _leaky_numpy(z: np.ndarray) -> np.ndarray:
    return np.where(z > 0, z, LEAKY_SLOPE * z)


ACTIVATIONS: dict[str, Activation] = {
    a.name: a
    for a in (
        Activation("tanh", np.tanh, True, False, 1.0, "tanh"),
        Activation("relu", lambda z: np.maximum(z, 0.0), False, True, 1.0, "ReLU"),
        Activation("leaky_relu", _leaky_numpy, False, True, 1.0, "leaky ReLU"),
        Activation("sigmoid", expit, False, False, 0.25, "sigmoid"),
        Activation("gelu", _gelu_numpy, False, False, 1.13, "GELU"),
        Activation("sin", np.sin, True, False, 1.0, "sine"),
        Activation("identity", lambda z: z, True, True, 1.0, "identity (linear)"),
    )
}


def get_activation(name: str) -> Activation:
    """Look up an activation by name, raising a ValueError that lists the allowed names."""
    return ACTIVATIONS[check_choice(name, "activation", ACTIVATIONS)]
