"""Zero and constant initialisation never break symmetry: the units stay identical at every step.

Such a start is fixed by every permutation of the hidden units, and gradient descent is
permutation-equivariant, so the units receive identical updates forever ([RECON],
docs/theory.md#training-symmetry; the classic reason constant initialisation fails). The width-d network then
always computes what ONE unit with outgoing weight d·v computes: its outcome is a width-1
network's. With zero init it is worse still: tanh(0) = 0 and zero outgoing weights give zero
gradients, so only the output bias ever moves, exactly as in a zero-initialised width-1 network.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import torch

from core import limits, rng
from core.engine.batched import train_batch
from core.engine.init_schemes import SYMMETRIC_SCHEMES, init_params
from core.engine.mlp import Params, forward, hidden_activations
from core.init_regions.results import ZeroDemo
from core.init_regions.task import MAP_ACTIVATIONS, teacher_data, teacher_params
from core.runtime import one_torch_thread
from core.validation import check_choice, check_float, check_int


def merge_units(params: Params) -> Params:
    """The width-1 network of identical units: unit 1's incoming part, outgoing weight summed over units."""
    return Params((params.weights[0][:1], params.weights[1].sum(axis=1, keepdims=True)),
                  (params.biases[0][:1], params.biases[1]))


def unit_spread(flat: np.ndarray, widths: Sequence[int]) -> float:
    """Largest difference between any unit and unit 1 (incoming weights, bias, outgoing weight)."""
    params = Params.unflatten(flat, widths)
    incoming = np.column_stack([params.weights[0], params.biases[0], params.weights[1].T])
    return float(np.max(np.abs(incoming - incoming[:1])))


def hidden_size(flat: np.ndarray, widths: Sequence[int]) -> float:
    """Largest |parameter| of any hidden unit (incoming weights, bias, outgoing weight); 0 means the
    network is the constant b_1 (tanh(0) = 0), whatever the units' number."""
    params = Params.unflatten(flat, widths)
    return float(max(np.max(np.abs(params.weights[0])), np.max(np.abs(params.biases[0])),
                     np.max(np.abs(params.weights[1]))))


def zero_init_demo(scheme: str = "constant", width: int = 4, *, steps: int = 300, learning_rate: float = 0.5,
                   seed: int = 0, teacher_width: int = 2, n_points: int = 40, activation: str = "tanh",
                   n_shown: int = 4) -> ZeroDemo:
    """Train a width-``width`` network from a zero or constant start and watch its units."""
    check_choice(scheme, "symmetric init scheme", SYMMETRIC_SCHEMES)
    width = check_int(width, "hidden width", limits.INIT_ZERO_WIDTH)
    steps = check_int(steps, "steps", limits.INIT_MAP_STEPS)
    check_float(learning_rate, "learning_rate", limits.LEARNING_RATE)
    check_choice(activation, "activation", MAP_ACTIVATIONS)
    data = teacher_data(teacher_params(teacher_width), n_points, activation)
    widths = (1, width, 1)
    start = init_params(widths, scheme=scheme, scale=1.0, rng=rng.stream(seed, "init"))
    every = range(steps + 1)
    with one_torch_thread():
        run = _train(start, data, steps, learning_rate, seed, activation, every)
    flats = [run.snapshots[t][0] for t in every]
    shown = np.unique(np.round(np.linspace(0, steps, n_shown)).astype(int))
    xs = np.linspace(data.X[:, 0].min(), data.X[:, 0].max(), 120)
    at = [Params.unflatten(flats[t], widths) for t in shown]
    return ZeroDemo(
        scheme=scheme, width=width, steps=np.arange(steps + 1),
        unit_spread=np.array([unit_spread(f, widths) for f in flats]),
        merged_gap=np.array([_merged_gap(Params.unflatten(f, widths), data.X, activation) for f in flats]),
        hidden_size=np.array([hidden_size(f, widths) for f in flats]),
        output_bias=np.array([float(Params.unflatten(f, widths).biases[1][0]) for f in flats]),
        shown_steps=shown, xs=xs,
        unit_curves=np.stack([hidden_activations(p, xs[:, None], activation)[0].T for p in at]),
        outputs=np.stack([forward(p, xs[:, None], activation)[:, 0] for p in at]),
        target=forward(teacher_params(teacher_width), xs[:, None], activation)[:, 0],
        final_loss=float(run.final_loss[0]),
    )


def _train(start: Params, data, steps, learning_rate, seed, activation, snapshot_steps):
    return train_batch([start], data, steps=steps, activation=activation, optimizer="gd",
                       learning_rate=learning_rate, rng=rng.stream(seed, "train"),
                       snapshot_steps=snapshot_steps, dtype=torch.float64)


def _merged_gap(params: Params, X: np.ndarray, activation: str) -> float:
    full, merged = forward(params, X, activation), forward(merge_units(params), X, activation)
    return float(np.max(np.abs(full - merged)))
