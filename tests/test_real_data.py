"""The real datasets of scikit-learn (issue 15, point 1): digits, iris, wine, breast_cancer as seeded,
standardised train/test splits with integer labels 0..K-1. Oracles: scikit-learn's own tables and scaler."""

import numpy as np
import pytest
from sklearn.datasets import load_breast_cancer, load_digits, load_iris, load_wine
from sklearn.preprocessing import StandardScaler

from core import limits, rng
from core.engine import data
from core.engine.real_data import load_split, load_table

SHAPES = {"digits": (1797, 64, 10), "iris": (150, 4, 3), "wine": (178, 13, 3), "breast_cancer": (569, 30, 2)}
SKLEARN = {"digits": load_digits, "iris": load_iris, "wine": load_wine, "breast_cancer": load_breast_cancer}


def test_the_registry_lists_the_real_sets_beside_the_unchanged_toy_sets():
    assert data.REAL_DATASETS == tuple(SHAPES) and set(data.REAL_DATASET_LABELS) == set(SHAPES)
    assert data.TOY_DATASETS == ("moons", "circles", "xor", "gaussians", "spiral", "sine", "step")
    assert tuple(data.DATASET_LABELS) == data.TOY_DATASETS  # the plane lessons' choices
    assert not set(data.REAL_DATASETS) & set(data.DATASETS)
    assert tuple(data.ALL_DATASET_LABELS) == data.TOY_DATASETS + data.REAL_DATASETS  # the Train lesson's


@pytest.mark.parametrize("name", list(SHAPES))
def test_each_real_label_states_the_tables_own_sizes(name):
    """The labels on screen carry numbers ("13 features, 3 classes"): they must be the table's."""
    table = load_table(name)
    label = data.REAL_DATASET_LABELS[name]
    if name in data.IMAGE_SHAPES:
        rows, cols = data.IMAGE_SHAPES[name]
        assert f"{rows}x{cols} images" in label and rows * cols == table.input_dim
    else:
        assert f"{table.input_dim} features" in label
    assert f"{table.n_classes} classes" in label


@pytest.mark.parametrize("name", list(SHAPES))
def test_a_split_has_the_tables_rows_classes_and_integer_labels(name):
    n, d, classes = SHAPES[name]
    train, test = load_split(name, 0.25, rng=rng.stream(0, "split"))
    assert train.n_samples + test.n_samples == n and test.n_samples == round(0.25 * n)
    assert train.input_dim == test.input_dim == d and train.task == test.task == data.CLASSIFICATION
    assert train.n_classes == test.n_classes == classes
    assert data.output_width(train) == (1 if classes == 2 else classes)
    for part in (train, test):
        assert np.array_equal(part.y, np.round(part.y)) and part.y.min() >= 0 and part.y.max() <= classes - 1
    assert np.array_equal(np.unique(train.y), np.arange(classes))  # every class is in the training part
    table = SKLEARN[name]()
    assert np.array_equal(np.sort(np.concatenate([train.y, test.y])), np.sort(table.target.astype(float)))
    assert n <= limits.N_SAMPLES[1] and limits.INPUT_DIM[0] <= d <= limits.INPUT_DIM[1]  # fits the classroom


@pytest.mark.parametrize("name", list(SHAPES))
def test_inputs_are_standardised_with_the_training_part_only(name):
    train, test = load_split(name, 0.3, rng=rng.stream(1, "split"))
    # The same seeded shuffle of the raw table, standardised by scikit-learn's scaler fitted on its training rows.
    raw_train, raw_test = data.train_test_split(load_table(name), 0.3, rng=rng.stream(1, "split"))
    scaler = StandardScaler().fit(raw_train.X)
    assert np.max(np.abs(train.X - scaler.transform(raw_train.X))) < 1e-12
    assert np.max(np.abs(test.X - scaler.transform(raw_test.X))) < 1e-12
    assert np.array_equal(train.y, raw_train.y) and np.array_equal(test.y, raw_test.y)
    varying = np.std(raw_train.X, axis=0) > 0
    assert np.max(np.abs(train.X.mean(axis=0))) < 1e-12
    assert np.max(np.abs(train.X.std(axis=0)[varying] - 1.0)) < 1e-12
    assert np.all(train.X[:, ~varying] == 0.0)  # digits' always-blank pixels: centred, never divided by 0
    own = StandardScaler().fit(raw_test.X)  # the test part's own statistics differ: they were not used
    assert np.max(np.abs(test.X - own.transform(raw_test.X))) > 1e-3


def test_the_same_seed_gives_the_same_split_and_another_seed_another():
    first = load_split("wine", 0.25, rng=rng.stream(5, "split"))
    again = load_split("wine", 0.25, rng=rng.stream(5, "split"))
    other = load_split("wine", 0.25, rng=rng.stream(6, "split"))
    for a, b in zip(first, again):
        assert np.array_equal(a.X, b.X) and np.array_equal(a.y, b.y)
    raw_first = data.train_test_split(load_table("wine"), 0.25, rng=rng.stream(5, "split"))[1]
    raw_other = data.train_test_split(load_table("wine"), 0.25, rng=rng.stream(6, "split"))[1]
    rows = {tuple(row) for row in raw_first.X}
    assert rows != {tuple(row) for row in raw_other.X}  # other raw rows are held out, not just reordered
    assert not np.array_equal(first[0].X, other[0].X)


def test_a_subset_keeps_the_number_of_classes():
    train, _ = load_split("digits", 0.25, rng=rng.stream(0, "split"))
    only_zeros_and_ones = train.subset(train.y <= 1)
    assert only_zeros_and_ones.n_classes == 10 and data.output_width(only_zeros_and_ones) == 10
    tiny_test = load_split("iris", 0.02, rng=rng.stream(0, "split"))[1]  # 3 rows: some class may be missing
    assert tiny_test.n_samples == 3 and tiny_test.n_classes == 3
    empty_test = load_split("iris", 0.0, rng=rng.stream(0, "split"))[1]
    assert empty_test.n_samples == 0 and empty_test.input_dim == 4 and empty_test.n_classes == 3


def test_bad_names_and_fractions_are_named():
    with pytest.raises(ValueError, match="dataset 'mnist': must be one of digits, iris, wine, breast_cancer"):
        load_split("mnist", 0.25, rng=rng.stream(0, "split"))
    with pytest.raises(ValueError, match="test_fraction 0.95: must be"):
        load_split("iris", 0.95, rng=rng.stream(0, "split"))
    with pytest.raises(TypeError, match="rng int: must be a numpy.random.Generator"):
        load_split("iris", 0.25, rng=0)


def test_the_raw_tables_are_read_only_so_no_split_can_change_them():
    table = load_table("iris")
    with pytest.raises(ValueError, match="read-only"):
        table.X[0, 0] = 1.0
    train, _ = load_split("iris", 0.25, rng=rng.stream(0, "split"))
    train.X[0, 0] = 99.0  # a split's arrays are its own
    assert load_table("iris").X[0, 0] == load_iris().data[0, 0]


def test_labels_that_are_not_classes_are_refused_with_the_value():
    X = np.zeros((4, 2))
    with pytest.raises(ValueError, match=r"y contains the label\(s\) \[1.5\]: classification labels must be integers"):
        data.Dataset(X, np.array([0.0, 1.0, 2.0, 1.5]), data.CLASSIFICATION)
    with pytest.raises(ValueError, match=r"y contains the label\(s\) \[-2.0\]"):
        data.Dataset(X, np.array([0.0, 1.0, 2.0, -2.0]), data.CLASSIFICATION)
    with pytest.raises(ValueError, match=r"n_classes 1: must be an integer in \[2, "):
        data.Dataset(X, np.zeros(4), data.CLASSIFICATION, n_classes=1)
    with pytest.raises(ValueError, match=r"n_classes \(largest label \+ 1\) 1000000000001: must be an integer"):
        data.Dataset(X, np.array([0.0, 1.0, 2.0, 1e12]), data.CLASSIFICATION)  # no network that wide is asked for
    with pytest.raises(ValueError, match="n_classes 3: must be None for a regression dataset"):
        data.Dataset(X, np.zeros(4), data.REGRESSION, n_classes=3)
    assert data.Dataset(X, np.array([0.0, 1.0, 2.0, 4.0]), data.CLASSIFICATION).n_classes == 5
    assert data.Dataset(X, np.array([0.0, 0.0, 0.0, 1.0]), data.CLASSIFICATION).n_classes == 2
    assert data.Dataset(X, np.zeros(4), data.CLASSIFICATION).n_classes == 2


def test_degenerate_data_names_points_that_carry_several_of_k_labels():
    X = np.array([[0.0, 0.0], [0.0, 0.0], [0.0, 0.0], [1.0, 1.0], [2.0, 2.0], [2.0, 2.0]])
    three = data.Dataset(X, np.array([0.0, 1.0, 2.0, 2.0, 1.0, 1.0]), data.CLASSIFICATION)
    assert data.degenerate_data(three) == ("1 input point(s) appear with more than one label: no network can fit "
                                           "every point, the loss cannot reach 0")
    consistent = data.Dataset(X, np.array([2.0, 2.0, 2.0, 0.0, 1.0, 1.0]), data.CLASSIFICATION)
    assert data.degenerate_data(consistent) is None
    binary = data.Dataset(X, np.array([0.0, 1.0, 1.0, 0.0, 1.0, 0.0]), data.CLASSIFICATION)
    assert data.degenerate_data(binary).startswith("2 input point(s) appear with both labels")
