"""How far apart two networks are: as functions (on sample inputs) and as parameter vectors.

The symmetry lesson's proof is the pair (function_gap ≈ 1e-15, parameter_distance large).
"""

from __future__ import annotations

import numpy as np

from core.engine.mlp import Params, forward


def _same_shape(params_a: Params, params_b: Params) -> None:
    for name, params in (("params_a", params_a), ("params_b", params_b)):
        if not isinstance(params, Params):
            raise TypeError(f"{name} {type(params).__name__}: must be core.engine.mlp.Params")
    if params_a.widths != params_b.widths:
        raise ValueError(
            f"params_b has widths {params_b.widths}: must equal params_a's widths {params_a.widths}"
        )


def function_gap(params_a: Params, params_b: Params, X: np.ndarray, activation: str) -> float:
    """max over the rows of X and over outputs of |f_a(x) - f_b(x)| (float64)."""
    _same_shape(params_a, params_b)
    return float(np.max(np.abs(forward(params_a, X, activation) - forward(params_b, X, activation))))


def parameter_distance(params_a: Params, params_b: Params) -> float:
    """Euclidean distance ‖θ_a − θ_b‖₂ between the flattened parameter vectors."""
    _same_shape(params_a, params_b)
    return float(np.linalg.norm(params_a.flatten() - params_b.flatten()))
