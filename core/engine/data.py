"""Dataset registry. Every generator has one signature: (n_samples, noise, *, rng) -> Dataset.

2-D binary classification: moons, circles, xor, gaussians, spiral (labels 0/1).
1-D regression: sine, step. scikit-learn's generators are used where they exist; they take an
integer ``random_state``, which is drawn from ``rng`` so the stream stays the single source.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.datasets import make_blobs, make_circles, make_moons

from core import limits
from core.limits import LIBRARY, NOISE, EngineLimits, engine_limits
from core.validation import check_array, check_choice, check_float, check_generator, check_int, shown

CLASSIFICATION, REGRESSION = "classification", "regression"
TASKS = (CLASSIFICATION, REGRESSION)
BINARY_LABELS = (0.0, 1.0)  # classification is binary until multi-class is supported everywhere


@dataclass(frozen=True, eq=False)
class Dataset:
    """X: float64 (n_samples, d_in); y: float64 (n_samples,) -- 0/1 labels or regression targets."""

    X: np.ndarray
    y: np.ndarray
    task: str

    def __post_init__(self):
        # Checked here, once, because every loss trusts it: a misspelt task used to fall through to
        # MSE and labels 0/1/2 went into binary cross-entropy without a word.
        check_choice(self.task, "task", TASKS)
        X = check_array(self.X, "X", ndim=2)
        y = check_array(self.y, "y", ndim=1)
        if X.shape[1] < 1:
            raise ValueError(f"X has shape {X.shape}: must have at least 1 input column")
        if y.shape[0] != X.shape[0]:
            raise ValueError(f"y has {y.shape[0]} entries and X has {X.shape[0]} rows: "
                             "need one target per row of X")
        if self.task == CLASSIFICATION:
            check_binary_labels(y, "y")
        object.__setattr__(self, "X", X)  # float64 (the same array when it already was)
        object.__setattr__(self, "y", y)

    @property
    def n_samples(self) -> int:
        """Number of points (rows of X)."""
        return int(self.X.shape[0])

    @property
    def input_dim(self) -> int:
        """Number of input columns d_in."""
        return int(self.X.shape[1])

    def subset(self, index: np.ndarray | slice | Sequence[int]) -> Dataset:
        """A new Dataset of the rows ``index`` picks (numpy indexing: integer array, boolean mask or slice)."""
        return Dataset(self.X[index], self.y[index], self.task)


def check_binary_labels(labels: np.ndarray, name: str) -> None:
    """Raise ValueError unless every entry of ``labels`` is 0 or 1 (the classification losses are binary)."""
    labels = np.asarray(labels)
    bad = ~np.isin(labels, BINARY_LABELS)
    if np.any(bad):
        values = np.unique(labels[bad])
        raise ValueError(f"{name} contains the label(s) {shown(values.tolist())}: classification labels must be "
                         "0 or 1 (binary; multi-class is not supported yet)")


SINGLE_OUTPUT = ("must be 1 (the losses score one output, a binary logit or a regression value; "
                 "multi-output networks are not supported yet)")


def check_single_output(width: int, name: str, *, where: str = "") -> None:
    """Raise ValueError unless ``width`` (a network's or an output tensor's last dimension) is 1.

    ``where`` places the value, e.g. ``" (network widths (4, 16, 3))"``.
    """
    if width != 1:
        raise ValueError(f"{name} {width}{where}: {SINGLE_OUTPUT}")


def check_loss_inputs(widths: Sequence[int], data: Dataset, name: str) -> None:
    """Refuse a network of ``widths`` and a dataset ``name`` that the losses cannot score together:
    not a Dataset, input columns that differ from the input width, or an output width other than 1."""
    if not isinstance(data, Dataset):
        raise TypeError(f"{name} {type(data).__name__}: must be a core.engine.data.Dataset")
    check_single_output(widths[-1], "output width", where=f" (network widths {tuple(widths)})")
    if data.input_dim != widths[0]:
        raise ValueError(f"{name} has {data.input_dim} input columns: must equal the network's input width "
                         f"{widths[0]} (widths {tuple(widths)})")


def _sklearn_seed(rng):
    return int(rng.integers(0, 2**31 - 1))


def _moons(n, noise, rng):
    X, y = make_moons(n_samples=n, noise=noise, random_state=_sklearn_seed(rng))
    return X - [0.5, 0.25], y  # centre the two moons on the origin


def _circles(n, noise, rng):
    X, y = make_circles(n_samples=n, noise=noise * 0.5, factor=0.5, random_state=_sklearn_seed(rng))
    return X, y


def _gaussians(n, noise, rng):
    X, y = make_blobs(
        n_samples=n, centers=[[-1.0, -1.0], [1.0, 1.0]], cluster_std=0.4 + noise, random_state=_sklearn_seed(rng)
    )
    return X, y


def _xor(n, noise, rng):
    X = rng.uniform(-1.0, 1.0, size=(n, 2))
    y = (X[:, 0] * X[:, 1] > 0).astype(float)
    return X + noise * 0.5 * rng.normal(size=X.shape), y


def _spiral(n, noise, rng):
    """Two interleaved arms, each turning 1.75 times around the origin."""
    y = np.arange(n) % 2
    t = np.sqrt(rng.uniform(0.0, 1.0, size=n))  # sqrt spreads points evenly along the arm
    angle = 1.75 * 2 * np.pi * t + np.pi * y
    X = np.stack([t * np.cos(angle), t * np.sin(angle)], axis=1)
    return X + noise * 0.2 * rng.normal(size=X.shape), y.astype(float)


def _sine(n, noise, rng):
    x = rng.uniform(-np.pi, np.pi, size=n)
    return x[:, None], np.sin(x) + noise * 0.5 * rng.normal(size=n)


def _step(n, noise, rng):
    x = rng.uniform(-2.0, 2.0, size=n)
    return x[:, None], np.where(x >= 0, 1.0, -1.0) + noise * 0.5 * rng.normal(size=n)


DATASETS = {
    "moons": (_moons, CLASSIFICATION),
    "circles": (_circles, CLASSIFICATION),
    "xor": (_xor, CLASSIFICATION),
    "gaussians": (_gaussians, CLASSIFICATION),
    "spiral": (_spiral, CLASSIFICATION),
    "sine": (_sine, REGRESSION),
    "step": (_step, REGRESSION),
}

DATASET_LABELS = {
    "moons": "Two moons", "circles": "Circles", "xor": "XOR", "gaussians": "Two Gaussians",
    "spiral": "Spiral", "sine": "Sine (1-D regression)", "step": "Step (1-D regression)",
}


def make_dataset(name: str, n_samples: int, noise: float, *, rng: np.random.Generator,
                 limits: EngineLimits | None = LIBRARY) -> Dataset:
    """Draw ``n_samples`` points (within ``limits``, core.limits: LIBRARY by default, CLASSROOM in the app)
    of dataset ``name`` with the given ``noise`` level."""
    check_choice(name, "dataset", DATASETS)
    n_samples = check_int(n_samples, "n_samples", engine_limits(limits).n_samples)
    noise = check_float(noise, "noise", NOISE)
    check_generator(rng)
    generate, task = DATASETS[name]
    X, y = generate(n_samples, noise, rng)
    return Dataset(np.asarray(X, dtype=np.float64), np.asarray(y, dtype=np.float64), task)


def degenerate_data(data: Dataset) -> str | None:
    """Why ``data`` cannot teach a network anything, or None: a training run on it still works, but
    its outcome is "degenerate" (a page says so beside the curves)."""
    if data.n_samples == 0:
        return "the dataset is empty"
    if np.all(data.X == data.X[0]):
        return f"all {data.n_samples} points have the same inputs: no boundary can separate them"
    values = np.unique(data.y)
    if data.task == CLASSIFICATION and len(values) == 1:
        return f"every label is {values[0]:g}: one class only, so there is no boundary to learn"
    if data.task == REGRESSION and len(values) == 1:
        return f"every target is {values[0]:g}: a constant fits it, whatever the network"
    if data.task == CLASSIFICATION:
        _, group = np.unique(data.X, axis=0, return_inverse=True)
        group = group.ravel()
        positives, counts = np.bincount(group, weights=data.y == values[-1]), np.bincount(group)
        mixed = int(np.sum((positives > 0) & (positives < counts)))
        if mixed:
            return (f"{mixed} input point(s) appear with both labels: no network can fit every point, "
                    "the loss cannot reach 0")
    return None


def train_test_split(data: Dataset, test_fraction: float, *, rng: np.random.Generator) -> tuple[Dataset, Dataset]:
    """Shuffle and split; the test part has round(test_fraction * n) points (the train part >= 1)."""
    test_fraction = check_float(test_fraction, "test_fraction", limits.TEST_FRACTION)
    check_generator(rng)
    order = rng.permutation(data.n_samples)
    n_test = min(int(round(test_fraction * data.n_samples)), data.n_samples - 1)
    return data.subset(order[n_test:]), data.subset(order[:n_test])
