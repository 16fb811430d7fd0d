"""The settings of one "two runs, one valley" study, checked once so every later step can trust them.

Training is full batch (every step sees the whole training set), so the two networks of a pair differ
only in their initialisation seed: with minibatches the batched trainer would show both the same order.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core import limits
from core.engine.data import REAL_DATASETS
from core.engine.init_schemes import INIT_SCHEMES
from core.engine.optimizers import check_learning_rate
from core.validation import check_choice, check_float, check_int

ACTIVATIONS = ("relu", "tanh")
DTYPES = ("float32", "float64")
MAX_PAIRS = 20
MAX_WIDTH = 1024
MAX_STEPS = 5_000
N_POINTS = (2, 201)


@dataclass(frozen=True)
class ValleySpec:
    """One study: for every activation and hidden width, ``pairs`` pairs of d-h-K networks trained on ``dataset``."""

    dataset: str = "digits"
    test_fraction: float = 0.2
    widths: tuple[int, ...] = (8, 16, 32, 64, 128, 256, 512)
    activations: tuple[str, ...] = ("relu", "tanh")
    pairs: int = 5
    steps: int = 100
    optimizer: str = "adam"
    learning_rate: float = 0.01
    init_scheme: str = "xavier"
    data_seed: int = 0
    init_seed: int = 0
    n_points: int = 21
    dtype: str = "float32"


def check_valley_spec(spec: ValleySpec) -> ValleySpec:
    """``spec`` if every field is allowed, else ValueError naming the field, the value and what is allowed."""
    if not isinstance(spec, ValleySpec):
        raise TypeError(f"spec {type(spec).__name__}: must be core.valley.spec.ValleySpec")
    check_choice(spec.dataset, "dataset", REAL_DATASETS)
    check_float(spec.test_fraction, "test_fraction", (0.05, limits.TEST_FRACTION[1]))
    if not spec.widths or len(set(spec.widths)) != len(spec.widths):
        raise ValueError(f"widths {spec.widths!r}: must list at least one hidden width, each once")
    for width in spec.widths:
        check_int(width, "width", (1, MAX_WIDTH))
    if not spec.activations or len(set(spec.activations)) != len(spec.activations):
        raise ValueError(f"activations {spec.activations!r}: must list at least one activation, each once")
    for activation in spec.activations:
        check_choice(activation, "activation", ACTIVATIONS)
    check_int(spec.pairs, "pairs", (2, MAX_PAIRS))  # two at least: the interval needs a spread
    check_int(spec.steps, "steps", (1, MAX_STEPS))
    check_choice(spec.optimizer, "optimizer", ("gd", "adam"))
    check_learning_rate(spec.learning_rate)
    check_choice(spec.init_scheme, "init_scheme", INIT_SCHEMES)
    check_int(spec.data_seed, "data_seed", limits.SEED)
    check_int(spec.init_seed, "init_seed", limits.SEED)
    check_int(spec.n_points, "n_points", N_POINTS)
    check_choice(spec.dtype, "dtype", DTYPES)
    return spec


def pair_seeds(init_seed: int, pair: int) -> tuple[np.random.Generator, np.random.Generator]:
    """Independent generators for the initial weights of network A and network B of pair ``pair``.

    Seeded by (init_seed, pair, side), so a pair's networks never depend on the width or on how many
    pairs a study has: pair 0 of a 3-pair study starts where pair 0 of a 5-pair study does.
    """
    def side(k: int) -> np.random.Generator:
        return np.random.default_rng(np.random.SeedSequence(init_seed, spawn_key=(pair, k)))

    return side(0), side(1)
