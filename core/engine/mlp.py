"""The immutable parameter container of an MLP, its initialisation and its forward pass.

Network, for i = 0..L:  h_0 = x,  h_{i+1} = sigma(W_i h_i + b_i)  (no sigma after the last layer),
with W_i of shape (d_{i+1}, d_i) and b_i of shape (d_{i+1},). Widths are (d_0, ..., d_{L+1});
the hidden layers are 1..L. Parameter count S = sum_i d_{i+1} (d_i + 1).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from core.engine.activations import get_activation
from core.validation import check_array


def _frozen(array) -> np.ndarray:
    array = np.array(array, dtype=np.float64)  # always a private copy
    array.setflags(write=False)
    return array


@dataclass(frozen=True, eq=False)
class Params:
    """Weights and biases of an MLP, float64 and read-only. Transformations return new Params."""

    weights: tuple[np.ndarray, ...]
    biases: tuple[np.ndarray, ...]

    def __post_init__(self):
        weights, biases = tuple(self.weights), tuple(self.biases)
        if len(weights) == 0 or len(weights) != len(biases):
            raise ValueError(
                f"Params got {len(weights)} weight matrices and {len(biases)} bias vectors: "
                "need the same number, at least 1"
            )
        weights = tuple(_frozen(check_array(w, f"weights[{i}]", ndim=2)) for i, w in enumerate(weights))
        biases = tuple(_frozen(check_array(b, f"biases[{i}]", ndim=1)) for i, b in enumerate(biases))
        for i, (w, b) in enumerate(zip(weights, biases)):
            if b.shape[0] != w.shape[0]:
                raise ValueError(
                    f"biases[{i}] has length {b.shape[0]}: must equal the {w.shape[0]} rows of weights[{i}]"
                )
            if i and w.shape[1] != weights[i - 1].shape[0]:
                raise ValueError(
                    f"weights[{i}] has {w.shape[1]} columns: must equal the {weights[i - 1].shape[0]} "
                    f"rows of weights[{i - 1}]"
                )
        object.__setattr__(self, "weights", weights)
        object.__setattr__(self, "biases", biases)

    @property
    def widths(self) -> tuple[int, ...]:
        """(d_0, ..., d_{L+1}): input width, hidden widths, output width."""
        return (self.weights[0].shape[1],) + tuple(w.shape[0] for w in self.weights)

    @property
    def hidden_widths(self) -> tuple[int, ...]:
        """(d_1, ..., d_L): the hidden layers' widths (empty for a single Linear layer)."""
        return self.widths[1:-1]

    @property
    def n_params(self) -> int:
        """S, the number of weights and biases (the length of :meth:`flatten`)."""
        return count_params(self.widths)

    def flatten(self) -> np.ndarray:
        """All parameters as one vector, layer by layer: W_0 (row-major), b_0, W_1, b_1, ..."""
        return np.concatenate([np.concatenate([w.ravel(), b]) for w, b in zip(self.weights, self.biases)])

    @classmethod
    def unflatten(cls, vector: np.ndarray, widths: Sequence[int]) -> Params:
        """Inverse of :meth:`flatten` for the given widths."""
        widths = tuple(int(w) for w in widths)
        vector = check_array(vector, "parameter vector", shape=(count_params(widths),))
        weights, biases, start = [], [], 0
        for d_in, d_out in zip(widths[:-1], widths[1:]):
            weights.append(vector[start:start + d_out * d_in].reshape(d_out, d_in))
            start += d_out * d_in
            biases.append(vector[start:start + d_out])
            start += d_out
        return cls(tuple(weights), tuple(biases))

    def allclose(self, other: Params, *, atol: float = 1e-12) -> bool:
        """True when the widths match and every parameter is within ``atol`` of ``other``'s."""
        return self.widths == other.widths and np.allclose(self.flatten(), other.flatten(), rtol=0, atol=atol)

    def to_dict(self) -> dict:
        """Plain lists, for JSON export."""
        return {"weights": [w.tolist() for w in self.weights], "biases": [b.tolist() for b in self.biases]}

    def __repr__(self) -> str:
        return f"Params(widths={self.widths}, n_params={self.n_params})"


def count_params(widths: Sequence[int]) -> int:
    """S = sum_i d_{i+1} (d_i + 1): every weight and every bias."""
    return int(sum(d_out * (d_in + 1) for d_in, d_out in zip(widths[:-1], widths[1:])))


def forward(params: Params, X: np.ndarray, activation: str) -> np.ndarray:
    """Network output, float64 ndarray of shape (n_samples, d_out), for X of shape (n_samples, d_0)."""
    if not isinstance(params, Params):
        raise TypeError(f"params {type(params).__name__}: must be core.engine.mlp.Params")
    sigma = get_activation(activation).numpy
    h = check_array(X, "X", ndim=2)
    if h.shape[1] != params.widths[0]:
        raise ValueError(f"X has {h.shape[1]} columns: the network takes {params.widths[0]} inputs")
    last = len(params.weights) - 1
    for i, (w, b) in enumerate(zip(params.weights, params.biases)):
        h = h @ w.T + b
        if i < last:
            h = sigma(h)
    return h


def hidden_activations(params: Params, X: np.ndarray, activation: str) -> list[np.ndarray]:
    """Post-activation outputs of every hidden layer, each of shape (n_samples, d_l)."""
    sigma = get_activation(activation).numpy
    h, layers = check_array(X, "X", ndim=2), []
    for w, b in zip(params.weights[:-1], params.biases[:-1]):
        h = sigma(h @ w.T + b)
        layers.append(h)
    return layers


def require_params(params: Any) -> Params:
    """``params`` itself when it is a Params; otherwise a TypeError naming what it is."""
    if not isinstance(params, Params):
        raise TypeError(f"params {type(params).__name__}: must be core.engine.mlp.Params")
    return params
