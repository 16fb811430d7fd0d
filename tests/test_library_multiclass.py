"""Issue 19's last criterion, "a 784-512-10 network can be created, trained for a few steps, permuted and
aligned from a script": with limits=None, on random 10-class data (softmax cross-entropy), in float64."""

import numpy as np

from core import rng
from core.engine.data import CLASSIFICATION, Dataset
from core.engine.init_schemes import init_params
from core.engine.mlp import forward
from core.engine.train import train
from core.symmetry.alignment import align
from core.symmetry.barrier import mean_loss
from core.symmetry.transforms import permute

MNIST_SHAPE = (784, 512, 10)


def test_a_784_512_10_network_trains_on_ten_classes_and_its_permutation_is_aligned_back():
    generator = rng.stream(4, "data")
    X = generator.normal(size=(200, 784))
    data = Dataset(X, generator.integers(0, 10, size=200).astype(float), CLASSIFICATION, n_classes=10)
    start = init_params(MNIST_SHAPE, rng=rng.stream(4, "init"), limits=None)
    final, history = train(start, data, steps=4, activation="tanh", optimizer="adam", learning_rate=1e-3,
                           rng=rng.stream(4, "train"), limits=None)
    assert final.widths == MNIST_SHAPE and len(history.train_loss) == 5
    assert history.train_loss[-1] < history.train_loss[0]  # the softmax loss falls
    assert abs(history.train_loss[-1] - mean_loss(final, data, "tanh")) < 1e-12
    permutation = rng.stream(4, "symmetry").permutation(512)
    permuted = permute(final, [permutation])
    assert not permuted.allclose(final)  # other weights
    original_logits, permuted_logits = forward(final, X, "tanh"), forward(permuted, X, "tanh")
    assert np.max(np.abs(permuted_logits - original_logits)) < 1e-12  # the same function, float64
    assert np.array_equal(np.argmax(permuted_logits, axis=1), np.argmax(original_logits, axis=1))
    found = align(final, permuted, "tanh")
    assert found.aligned.allclose(final, atol=1e-12) and found.distance_after < 1e-9 < found.distance_before
