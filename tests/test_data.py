import numpy as np
import pytest

from core import rng
from core.engine import data, init_schemes


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
        data.make_dataset(kwargs["name"], kwargs["n_samples"], kwargs["noise"], rng=rng.stream(0, "data"))


def test_rng_is_required_and_must_be_a_generator():
    with pytest.raises(TypeError):
        data.make_dataset("moons", 10, 0.1)
    with pytest.raises(TypeError, match="numpy.random.Generator"):
        data.make_dataset("moons", 10, 0.1, rng=0)
