"""Multi-class networks train (issue 15, point 2): K logits, softmax cross-entropy, argmax accuracy. Oracles:
a plain torch loop with torch.nn.functional.cross_entropy for the single trainer, and K single runs for the
batched trainer (float64, 1e-10), on iris (3 classes) and digits (10 classes, 64 inputs)."""

import numpy as np
import pytest
import torch

from core import rng
from core.engine.init_schemes import init_params
from core.engine.real_data import load_split
from core.engine.train import train, train_batch

STEPS = 12


def _splits(name):
    return load_split(name, 0.25, rng=rng.stream(0, "split"))


def test_the_single_trainer_is_a_plain_torch_cross_entropy_loop():
    train_data, test_data = _splits("iris")
    start = init_params((4, 8, 3), rng=rng.stream(0, "init"))
    final, history = train(start, train_data, test_data, steps=STEPS, activation="tanh", optimizer="gd",
                           learning_rate=0.5, rng=rng.stream(0, "train"))
    model = _torch_model(start)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.5)
    X, y = torch.as_tensor(train_data.X), torch.as_tensor(train_data.y).long()
    expected = []
    for _ in range(STEPS + 1):
        loss = torch.nn.functional.cross_entropy(model(X), y)
        expected.append(float(loss.detach()))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    assert np.max(np.abs(np.array(history.train_loss) - expected)) < 1e-12
    assert history.train_loss[-1] < history.train_loss[0] - 0.1  # it learns
    with torch.no_grad():
        test_logits = _torch_model(final)(torch.as_tensor(test_data.X))
    test_accuracy = float((test_logits.argmax(dim=1) == torch.as_tensor(test_data.y).long()).double().mean())
    assert history.test_accuracy[-1] == test_accuracy


def _torch_model(params):
    """A tanh torch.nn.Sequential built by hand (not through core's interop) with ``params``' weights."""
    layers = []
    for w, b in zip(params.weights, params.biases):
        linear = torch.nn.Linear(w.shape[1], w.shape[0], dtype=torch.float64)
        with torch.no_grad():
            linear.weight.copy_(torch.tensor(w))
            linear.bias.copy_(torch.tensor(b))
        layers += [linear, torch.nn.Tanh()]
    return torch.nn.Sequential(*layers[:-1])


@pytest.mark.parametrize(("name", "widths", "optimizer", "batch_size"), [
    ("iris", (4, 8, 3), "adam", None),
    ("iris", (4, 6, 5, 3), "sgd", 16),
    ("digits", (64, 16, 10), "adam", 128),
])
def test_train_batch_equals_k_single_runs(name, widths, optimizer, batch_size):
    train_data, test_data = _splits(name)
    starts = [init_params(widths, rng=rng.stream(seed, "init")) for seed in range(3)]
    settings = dict(steps=STEPS, activation="tanh", optimizer=optimizer, learning_rate=0.01,
                    batch_size=batch_size)
    batch = train_batch(starts, train_data, test_data, rng=rng.stream(1, "train"), **settings)
    assert batch.train_loss.shape == (3, STEPS + 1) and batch.train_accuracy is not None
    for k, start in enumerate(starts):
        final, history = train(start, train_data, test_data, rng=rng.stream(1, "train"), **settings)
        assert np.max(np.abs(batch.train_loss[k] - history.train_loss)) < 1e-10
        assert np.max(np.abs(batch.test_loss[k] - history.test_loss)) < 1e-10
        assert np.array_equal(batch.train_accuracy[k], history.train_accuracy)
        assert np.array_equal(batch.test_accuracy[k], history.test_accuracy)
        assert np.max(np.abs(batch.final_params[k].flatten() - final.flatten())) < 1e-10
    assert np.all(batch.final_loss < batch.train_loss[:, 0])  # every model learns
