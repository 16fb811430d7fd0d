import numpy as np
import pytest

from core import rng
from core.engine import data, init_schemes
from core.limits import CLASSROOM


@pytest.mark.parametrize("name", list(data.DATASETS))
def test_shapes_task_and_determinism(name):
    a = data.make_dataset(name, 50, 0.1, rng=rng.stream(1, "data"))
    b = data.make_dataset(name, 50, 0.1, rng=rng.stream(1, "data"))
    c = data.make_dataset(name, 50, 0.1, rng=rng.stream(2, "data"))
    expected_dim = 2 if data.DATASETS[name][1] == data.CLASSIFICATION else 1
    assert a.X.shape == (50, expected_dim) and a.y.shape == (50,) and a.X.dtype == np.float64
    assert np.array_equal(a.X, b.X) and np.array_equal(a.y, b.y)
    assert not np.array_equal(a.X, c.X)
    if a.task == data.CLASSIFICATION:
        assert set(np.unique(a.y)) == {0.0, 1.0}


def test_noise_changes_points_but_zero_noise_is_clean():
    clean = data.make_dataset("xor", 200, 0.0, rng=rng.stream(0, "data"))
    assert np.all((clean.X[:, 0] * clean.X[:, 1] > 0) == (clean.y == 1))
    noisy = data.make_dataset("xor", 200, 0.5, rng=rng.stream(0, "data"))
    assert not np.allclose(clean.X, noisy.X)


def test_init_scale_never_changes_the_dataset():
    """Separate streams: drawing a bigger init does not move the data."""
    first = data.make_dataset("moons", 40, 0.1, rng=rng.stream(5, "data"))
    init_schemes.init_params((2, 64, 1), scheme="uniform", scale=3.0, rng=rng.stream(5, "init"))
    second = data.make_dataset("moons", 40, 0.1, rng=rng.stream(5, "data"))
    assert np.array_equal(first.X, second.X)


def test_train_test_split_partitions_the_data():
    full = data.make_dataset("circles", 100, 0.1, rng=rng.stream(0, "data"))
    train, test = data.train_test_split(full, 0.3, rng=rng.stream(0, "split"))
    assert (train.n_samples, test.n_samples) == (70, 30)
    merged = np.sort(np.concatenate([train.X, test.X]), axis=0)
    assert np.array_equal(merged, np.sort(full.X, axis=0))


@pytest.mark.parametrize("kwargs, match", [
    (dict(name="mnist", n_samples=10, noise=0.1), "dataset 'mnist': must be one of moons"),
    (dict(name="moons", n_samples=2, noise=0.1), r"n_samples 2: must be an integer in \[4, 5000\]"),
    (dict(name="moons", n_samples=10, noise=-0.1), r"noise -0.1: must be a finite number in \[0, 2\]"),
])
def test_bad_arguments_are_named(kwargs, match):
    with pytest.raises(ValueError, match=match):
        data.make_dataset(kwargs["name"], kwargs["n_samples"], kwargs["noise"], rng=rng.stream(0, "data"),
                          limits=CLASSROOM)  # the app's caps (a script's default is core.limits.LIBRARY)


def test_rng_is_required_and_must_be_a_generator():
    with pytest.raises(TypeError):
        data.make_dataset("moons", 10, 0.1)
    with pytest.raises(TypeError, match="numpy.random.Generator"):
        data.make_dataset("moons", 10, 0.1, rng=0)


# ---------------------------------------------------------------- Dataset validates itself (issue 19, bug 7)

def _points(n=10, d=2, seed=0):
    generator = np.random.default_rng(seed)
    return generator.normal(size=(n, d)), (generator.uniform(size=n) > 0.5).astype(float)


@pytest.mark.parametrize("change, error, match", [
    (dict(task="classifcation"), ValueError, "task 'classifcation': must be one of classification, regression"),
    (dict(task=None), ValueError, "task None: must be one of classification, regression"),
    (dict(y=np.zeros(9)), ValueError, "y has 9 entries and X has 10 rows: need one target per row of X"),
    (dict(X=np.zeros(10)), ValueError, "X has 1 dimensions: must have 2"),
    (dict(X=np.zeros((10, 2, 1))), ValueError, "X has 3 dimensions: must have 2"),
    (dict(X=np.zeros((10, 0))), ValueError, r"X has shape \(10, 0\): must have at least 1 input column"),
    (dict(y=np.zeros((10, 1))), ValueError, "y has 2 dimensions: must have 1"),
    (dict(X=np.full((10, 2), np.nan)), ValueError, "X contains NaN or infinite values"),
    (dict(y=np.full(10, np.inf)), ValueError, "y contains NaN or infinite values"),
    (dict(X=np.array([["a", "b"]] * 10)), TypeError, "X: must be an array of numbers"),
    (dict(y=np.arange(10) % 3, n_classes=2), ValueError, r"y contains the label\(s\) \[2.0\]: classification labels must be 0 or 1"),
    (dict(y=np.full(10, 0.5)), ValueError, r"y contains the label\(s\) \[0.5\]"),
    (dict(y=-np.ones(10)), ValueError, r"y contains the label\(s\) \[-1.0\]"),
])
def test_a_dataset_refuses_what_no_loss_can_use(change, error, match):
    X, y = _points()
    arguments = dict(X=X, y=y, task=data.CLASSIFICATION) | change
    with pytest.raises(error, match=match):
        data.Dataset(**arguments)


def test_a_valid_dataset_is_kept_as_float64_and_regression_takes_any_finite_target():
    X, y = _points()
    kept = data.Dataset(X, y, data.CLASSIFICATION)
    assert kept.X is X and kept.y is y  # already float64: not copied
    integers = data.Dataset(np.arange(20).reshape(10, 2), np.arange(10) % 2, data.CLASSIFICATION)
    assert integers.X.dtype == integers.y.dtype == np.float64
    regression = data.Dataset(X, np.linspace(-50, 7, 10), data.REGRESSION)
    assert regression.n_samples == 10 and regression.input_dim == 2
    empty = kept.subset(np.arange(0))  # a test split of fraction 0
    assert empty.n_samples == 0 and empty.input_dim == 2


@pytest.mark.parametrize("name", list(data.DATASETS))
def test_every_generated_dataset_and_its_splits_are_valid(name):
    full = data.make_dataset(name, 41, 0.3, rng=rng.stream(3, "data"))
    for part in (full, *data.train_test_split(full, 0.9, rng=rng.stream(3, "split")),
                 *data.train_test_split(full, 0.0, rng=rng.stream(3, "split"))):
        again = data.Dataset(part.X.copy(), part.y.copy(), part.task)  # what __post_init__ accepts
        assert np.array_equal(again.X, part.X) and np.array_equal(again.y, part.y)
