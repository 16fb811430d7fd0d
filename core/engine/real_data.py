"""The real datasets that ship with scikit-learn (no download), as seeded, standardised train/test splits.

    digits         1,797 images of 8x8 pixels (64 features), 10 classes (the digits 0-9)
    iris           150 flowers, 4 features, 3 classes
    wine           178 wines, 13 features, 3 classes
    breast_cancer  569 tumours, 30 features, 2 classes (malignant 0, benign 1)

:func:`load_split` shuffles with ``rng`` (core.engine.data.train_test_split), then standardises every feature
with the training part's mean and standard deviation only (scikit-learn's StandardScaler), so nothing about
the test points leaks into the inputs the network trains on. Labels are the tables' own integer classes,
0..K-1, with ``n_classes`` K set on both parts (a small test part may miss a class; it still has K).
Every table fits the classroom limits (core.limits: at most 64 inputs and 5,000 samples).
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import numpy as np
from sklearn.datasets import load_breast_cancer, load_digits, load_iris, load_wine
from sklearn.preprocessing import StandardScaler

from core.engine.data import CLASSIFICATION, REAL_DATASET_LABELS, Dataset, train_test_split
from core.validation import check_choice, check_generator

_LOADERS: dict[str, Callable] = {
    "digits": load_digits, "iris": load_iris, "wine": load_wine, "breast_cancer": load_breast_cancer,
}


@functools.cache
def _table(name: str) -> Dataset:
    """The whole table, unscaled, as read from scikit-learn's bundled files (read once per process)."""
    bunch = _LOADERS[name]()
    X = np.asarray(bunch.data, dtype=np.float64)
    X.setflags(write=False)  # shared by every split of this process
    y = np.asarray(bunch.target, dtype=np.float64)
    y.setflags(write=False)
    return Dataset(X, y, CLASSIFICATION, len(bunch.target_names))


@functools.cache
def class_names(name: str) -> tuple[str, ...]:
    """The table's own names of its classes 0..K-1 (digits: "0".."9"; breast_cancer: malignant, benign)."""
    return tuple(str(n) for n in _LOADERS[check_choice(name, "dataset", REAL_DATASET_LABELS)]().target_names)


def load_table(name: str) -> Dataset:
    """Real dataset ``name`` (one of core.engine.data.REAL_DATASETS) whole and unscaled: its raw features."""
    return _table(check_choice(name, "dataset", REAL_DATASET_LABELS))


def load_split(name: str, test_fraction: float, *, rng: np.random.Generator) -> tuple[Dataset, Dataset]:
    """(train, test) of real dataset ``name``: a seeded shuffle, the test part round(test_fraction * n) rows
    (test_fraction within core.limits.TEST_FRACTION), both standardised with the training part's statistics."""
    table = load_table(name)
    check_generator(rng)
    train, test = train_test_split(table, test_fraction, rng=rng)
    scaler = StandardScaler().fit(train.X)  # a constant column keeps scale 1 (scikit-learn's rule), no 0/0
    return standardised(train, scaler), standardised(test, scaler)


def standardised(data: Dataset, scaler: StandardScaler) -> Dataset:
    """``data`` with its inputs transformed by a fitted ``scaler``; labels and classes unchanged."""
    X = scaler.transform(data.X) if data.n_samples else data.X.copy()
    return Dataset(np.asarray(X, dtype=np.float64), data.y.copy(), data.task, data.n_classes)
