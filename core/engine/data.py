"""Dataset registry. Every generator has one signature: (n_samples, noise, *, rng) -> Dataset.

Toy sets (:data:`DATASETS`, :data:`TOY_DATASETS`; the choices of lessons that need a plane):
2-D binary classification: moons, circles, xor, gaussians, spiral (labels 0/1).
1-D regression: sine, step. scikit-learn's generators are used where they exist; they take an
integer ``random_state``, which is drawn from ``rng`` so the stream stays the single source.

Real sets (:data:`REAL_DATASET_LABELS`; loaded by core.engine.real_data.load_split): digits, iris, wine,
breast_cancer, the tables that ship with scikit-learn. The Train lesson offers both (:data:`ALL_DATASET_LABELS`).

Classification labels are integers 0..K-1 stored as float64, K = ``Dataset.n_classes``. The output width a
network needs (:func:`output_width`): one logit for K = 2 (binary cross-entropy), K logits for K >= 3
(softmax cross-entropy); regression has one output.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

import numpy as np
from sklearn.datasets import make_blobs, make_circles, make_moons

from core import limits
from core.limits import LIBRARY, NOISE, EngineLimits, engine_limits
from core.validation import check_array, check_choice, check_float, check_generator, check_int, shown

CLASSIFICATION, REGRESSION = "classification", "regression"
TASKS = (CLASSIFICATION, REGRESSION)
BINARY_LABELS = (0.0, 1.0)  # the labels of a 2-class set, scored by one logit
N_CLASSES = (2, 2**31 - 1)  # a classification set has at least two classes (maybe not all present in a subset)


@dataclass(frozen=True, eq=False)
class Dataset:
    """X: float64 (n_samples, d_in); y: float64 (n_samples,) -- class labels 0..K-1 or regression targets.

    ``n_classes`` (classification only) is K. Left out, it is max(2, largest label + 1): 2 for labels within
    {0, 1}. Loaders set it explicitly, and :meth:`subset` keeps it, so a split that misses a class still
    has K classes (and fits the same K-output network). Regression has ``n_classes`` None.
    """

    X: np.ndarray
    y: np.ndarray
    task: str
    n_classes: int | None = None

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
            object.__setattr__(self, "n_classes", _class_count(y, self.n_classes))
        elif self.n_classes is not None:
            raise ValueError(f"n_classes {shown(self.n_classes)}: must be None for a regression dataset")
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
        return Dataset(self.X[index], self.y[index], self.task, self.n_classes)


def _class_count(y: np.ndarray, n_classes: int | None) -> int:
    """K for labels ``y``: ``n_classes`` checked, or max(2, largest label + 1); the labels checked against it."""
    if n_classes is None:
        check_class_labels(y, "y", None)
        inferred = max(2, int(np.max(y)) + 1) if y.size else 2
        return check_int(inferred, "n_classes (largest label + 1)", N_CLASSES)
    n_classes = check_int(n_classes, "n_classes", N_CLASSES)
    check_class_labels(y, "y", n_classes)
    return n_classes


def check_class_labels(labels: np.ndarray, name: str, n_classes: int | None) -> None:
    """Raise ValueError unless every entry of ``labels`` is an integer in 0..n_classes-1 (any integer >= 0
    when ``n_classes`` is None)."""
    labels = np.asarray(labels)
    bad = (labels != np.round(labels)) | (labels < 0)
    if n_classes is not None:
        bad |= labels >= n_classes
    if np.any(bad):
        values = np.unique(labels[bad])
        allowed = "integers >= 0" if n_classes is None else (
            "0 or 1" if n_classes == 2 else f"integers 0..{n_classes - 1}")
        classes = "" if n_classes is None else f" ({n_classes} classes)"
        raise ValueError(f"{name} contains the label(s) {shown(values.tolist())}: classification labels must be "
                         f"{allowed}{classes}")


def check_binary_labels(labels: np.ndarray, name: str) -> None:
    """Raise ValueError unless every entry of ``labels`` is 0 or 1 (a 2-class set)."""
    check_class_labels(labels, name, 2)


def output_width(data: Dataset) -> int:
    """The output width a network needs for ``data``: 1 for regression and for 2 classes (one logit),
    K for K >= 3 classes (one logit per class, softmax)."""
    return 1 if data.task == REGRESSION or data.n_classes == 2 else int(cast(int, data.n_classes))


def in_a_plane(data: Dataset) -> bool:
    """True when a figure can draw what a network computes on ``data`` over its inputs: one or two inputs and one
    output (binary classification or regression). Wider data (digits: 64 inputs, 10 classes) has no plane."""
    return data.input_dim <= 2 and output_width(data) == 1


def _expected_outputs(data: Dataset, name: str) -> str:
    if data.task == REGRESSION:
        return f"1 for {name}'s regression (one target per row; multi-output networks are not supported yet)"
    if data.n_classes == 2:
        return f"1 for {name}'s 2 classes (one logit, binary cross-entropy)"
    return f"{data.n_classes} for {name}'s {data.n_classes} classes (one logit per class, softmax cross-entropy)"


def check_loss_inputs(widths: Sequence[int], data: Dataset, name: str) -> None:
    """Refuse a network of ``widths`` and a dataset ``name`` that the losses cannot score together:
    not a Dataset, input columns that differ from the input width, or an output width that does not fit
    the task and its number of classes (:func:`output_width`)."""
    if not isinstance(data, Dataset):
        raise TypeError(f"{name} {type(data).__name__}: must be a core.engine.data.Dataset")
    if widths[-1] != output_width(data):
        raise ValueError(f"output width {widths[-1]} (network widths {tuple(widths)}): must be "
                         f"{_expected_outputs(data, name)}")
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
# The toy sets, drawn by make_dataset (DATASETS and DATASET_LABELS stay toy-only: lessons that need a plane, such
# as the init-region maps, list these; the Train lesson lists ALL_DATASET_LABELS).
TOY_DATASETS = tuple(DATASETS)

# The real sets that ship with scikit-learn, loaded by core.engine.real_data.load_split (no download).
REAL_DATASET_LABELS = {
    "digits": "Digits (8x8 images, 10 classes)", "iris": "Iris (4 features, 3 classes)",
    "wine": "Wine (13 features, 3 classes)", "breast_cancer": "Breast cancer (30 features, 2 classes)",
}
REAL_DATASETS = tuple(REAL_DATASET_LABELS)
# Sets whose rows are pictures (row-major pixels): figures draw a unit's first-layer weights as that picture.
IMAGE_SHAPES = {"digits": (8, 8)}
# Every set an Experiment (the Train lesson, and the networks it hands on) can train on: toy and real.
ALL_DATASET_LABELS = {**DATASET_LABELS, **REAL_DATASET_LABELS}


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
    return Dataset(np.asarray(X, dtype=np.float64), np.asarray(y, dtype=np.float64), task,
                   2 if task == CLASSIFICATION else None)  # every toy classification set is binary


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
        # distinct (point, label) pairs per point: more than one means the point carries several labels
        pairs = np.unique(np.stack([group.ravel(), data.y]), axis=1)
        mixed = int(np.sum(np.bincount(pairs[0].astype(np.int64)) > 1))
        if mixed:
            labels = "both labels" if data.n_classes == 2 else "more than one label"
            return (f"{mixed} input point(s) appear with {labels}: no network can fit every point, "
                    "the loss cannot reach 0")
    return None


def train_test_split(data: Dataset, test_fraction: float, *, rng: np.random.Generator) -> tuple[Dataset, Dataset]:
    """Shuffle and split; the test part has round(test_fraction * n) points (the train part >= 1)."""
    test_fraction = check_float(test_fraction, "test_fraction", limits.TEST_FRACTION)
    check_generator(rng)
    order = rng.permutation(data.n_samples)
    n_test = min(int(round(test_fraction * data.n_samples)), data.n_samples - 1)
    return data.subset(order[n_test:]), data.subset(order[:n_test])
