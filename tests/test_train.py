import numpy as np
import pytest
import torch

from core import rng
from core.engine import data, init_schemes, mlp
from core.engine.train import TrainingRun, train, train_batch
from core.limits import CLASSROOM


def _inits(widths, count, scheme="xavier", scale=1.0):
    return [init_schemes.init_params(widths, scheme=scheme, scale=scale, rng=rng.stream(s, "init")) for s in range(count)]


@pytest.mark.parametrize("optimizer, batch_size", [("gd", None), ("sgd", 16), ("adam", None), ("adam", 24)])
@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_batched_equals_k_single_runs(moons, optimizer, batch_size, activation):
    """The oracle: K networks trained together follow exactly K separate nn.Sequential runs."""
    train_data, test_data = moons
    inits = _inits((2, 6, 5, 1), 5)
    kwargs = dict(steps=30, activation=activation, optimizer=optimizer, learning_rate=0.05, batch_size=batch_size)
    batch = train_batch(inits, train_data, test_data, rng=rng.stream(9, "train"), chunk_size=2,
                        snapshot_steps=(0, 15, 30), **kwargs)
    for k, init in enumerate(inits):
        final, history = train(init, train_data, test_data, rng=rng.stream(9, "train"), snapshot_steps=(15,), **kwargs)
        assert np.max(np.abs(final.flatten() - batch.final_params[k].flatten())) < 1e-6
        assert np.max(np.abs(np.array(history.train_loss) - batch.train_loss[k])) < 1e-6
        assert np.max(np.abs(np.array(history.test_loss) - batch.test_loss[k])) < 1e-6
        assert np.array_equal(history.test_accuracy, batch.test_accuracy[k])
        assert np.max(np.abs(history.snapshots[15].flatten() - batch.snapshots[15][k])) < 1e-6
        assert np.array_equal(batch.snapshots[0][k], init.flatten())


def test_regression_batched_equals_single(sine):
    train_data, _ = sine
    inits = _inits((1, 8, 1), 3)
    batch = train_batch(inits, train_data, steps=40, activation="tanh", optimizer="gd", learning_rate=0.1,
                        rng=rng.stream(0, "train"))
    assert batch.train_accuracy is None
    for k, init in enumerate(inits):
        final, history = train(init, train_data, steps=40, activation="tanh", optimizer="gd", learning_rate=0.1,
                               rng=rng.stream(0, "train"))
        assert np.max(np.abs(final.flatten() - batch.final_params[k].flatten())) < 1e-6
        assert history.train_loss[-1] < history.train_loss[0]


def test_chunk_size_does_not_change_results(moons):
    inits = _inits((2, 4, 1), 7)
    runs = [train_batch(inits, moons[0], steps=10, activation="tanh", optimizer="sgd", learning_rate=0.1,
                        batch_size=8, rng=rng.stream(1, "train"), chunk_size=c) for c in (1, 3, 7)]
    for other in runs[1:]:
        assert np.max(np.abs(runs[0].train_loss - other.train_loss)) < 1e-12


def test_training_reduces_loss_and_learns_moons(moons):
    final, history = train(_inits((2, 8, 8, 1), 1)[0], *moons, steps=300, activation="tanh", optimizer="adam",
                           learning_rate=0.03, rng=rng.stream(0, "train"))
    assert len(history.train_loss) == 301 and history.train_loss[-1] < 0.5 * history.train_loss[0]
    assert history.test_accuracy[-1] > 0.85


def test_resuming_equals_one_long_run(moons):
    def run():
        return TrainingRun(_inits((2, 5, 1), 1)[0], *moons, activation="tanh", optimizer="sgd",
                           learning_rate=0.1, batch_size=10, rng=rng.stream(2, "train"))
    split, whole = run().advance(7).advance(13), run().advance(20)
    assert split.step == whole.step == 20
    assert np.array_equal(split.params.flatten(), whole.params.flatten())
    assert split.history.train_loss == whole.history.train_loss


def test_divergence_is_reported_not_raised(sine):
    inits = _inits((1, 16, 1), 3, scheme="uniform", scale=5.0)
    batch = train_batch(inits, sine[0], steps=60, activation="relu", optimizer="gd", learning_rate=100.0,
                        rng=rng.stream(0, "train"))
    assert np.all(batch.diverged_at > 0) and set(batch.outcomes) == {"diverged"}
    for k, init in enumerate(inits):
        final, history = train(init, sine[0], steps=60, activation="relu", optimizer="gd", learning_rate=100.0,
                               rng=rng.stream(0, "train"))
        assert history.diverged_at == batch.diverged_at[k]
        assert np.all(np.isfinite(final.flatten()))  # rolled back to the last finite weights
        assert np.allclose(final.flatten(), batch.final_params[k].flatten(), rtol=1e-9, atol=1e-9)
        assert np.all(np.isnan(batch.train_loss[k, batch.diverged_at[k] + 1:]))


def test_a_diverging_model_does_not_disturb_the_others(sine):
    calm = _inits((1, 4, 1), 2, scale=0.5)
    wild = _inits((1, 4, 1), 1, scheme="uniform", scale=100.0)
    kwargs = dict(steps=30, activation="relu", optimizer="gd", learning_rate=0.05, rng=rng.stream(0, "train"))
    mixed = train_batch([calm[0], wild[0], calm[1]], sine[0], **kwargs)
    alone = train_batch(calm, sine[0], **kwargs)
    assert mixed.diverged_at[1] > 0 and mixed.diverged_at[0] == mixed.diverged_at[2] == -1
    assert np.array_equal(mixed.train_loss[[0, 2]], alone.train_loss)


def test_float32_training_runs(moons):
    batch = train_batch(_inits((2, 4, 1), 2), moons[0], steps=5, activation="tanh", rng=rng.stream(0, "train"),
                        dtype=torch.float32)
    assert batch.train_loss.shape == (2, 6) and np.all(np.isfinite(batch.train_loss))


@pytest.mark.parametrize("kwargs, error, match", [
    (dict(optimizer="rmsprop"), ValueError, "optimizer 'rmsprop': must be one of gd, sgd, adam"),
    (dict(learning_rate=0.0), ValueError, r"learning_rate 0.0: must be a finite number in \[1e-06, 100\]"),
    (dict(learning_rate=float("nan")), ValueError, "learning_rate nan"),
    (dict(steps=-1), ValueError, r"steps -1: must be an integer in \[0, \d+\]"),  # the top: core.limits.LIBRARY
    (dict(optimizer="sgd", batch_size=0), ValueError, r"batch_size 0: must be an integer in \[1, 5000\]"),
    (dict(activation="swish"), ValueError, "activation 'swish'"),
    (dict(rng=None), TypeError, "numpy.random.Generator"),
])
def test_bad_training_arguments_are_named(moons, kwargs, error, match):
    arguments = dict(steps=5, activation="tanh", optimizer="gd", learning_rate=0.1, rng=rng.stream(0, "train"))
    arguments.update(kwargs)
    with pytest.raises(error, match=match):
        train_batch(_inits((2, 3, 1), 2), moons[0], **arguments)
    with pytest.raises(error, match=match):
        train(_inits((2, 3, 1), 1)[0], moons[0], **arguments)


def test_mismatched_data_and_mixed_shapes_are_rejected(moons, sine):
    with pytest.raises(ValueError, match="1 input columns"):
        train(_inits((2, 3, 1), 1)[0], sine[0], steps=1, activation="tanh", rng=rng.stream(0, "train"))
    with pytest.raises(ValueError, match=r"params_list\[1\]: every model must be Params with widths"):
        train_batch([_inits((2, 3, 1), 1)[0], _inits((2, 4, 1), 1)[0]], moons[0], steps=1, activation="tanh",
                    rng=rng.stream(0, "train"))


def test_work_budget_refuses_oversized_batches(moons):
    big = data.make_dataset("moons", 5000, 0.1, rng=rng.stream(0, "data"))
    with pytest.raises(ValueError, match="batch work .* must be at most"):
        train_batch(_inits((2, 64, 1), 2), big, steps=100_000, activation="tanh", rng=rng.stream(0, "train"),
                    limits=CLASSROOM)  # the app's cap (a script's default, core.limits.LIBRARY, has none)


def test_automatic_chunks_stay_within_the_limits():
    from core import limits
    from core.engine.batched import CHUNK_ELEMENTS, auto_chunk_size

    assert auto_chunk_size(200, (2, 16, 1)) == CHUNK_ELEMENTS // 3200
    assert auto_chunk_size(1, (1, 1, 1)) == limits.N_MODELS[1]  # tiny networks: capped
    assert auto_chunk_size(5000, (2, 256, 256, 1)) == 3           # huge working set: still >= 1
    assert auto_chunk_size(5000, (64, 256, 256, 256, 256, 256, 256, 256, 256, 16)) >= 1


@pytest.mark.parametrize("task_data", ["moons", "sine"])
def test_numpy_loss_of_the_barrier_equals_the_trainers_torch_loss(task_data, request):
    """Two independent implementations of the training loss agree (core.symmetry.barrier vs core.engine.losses)."""
    from core.engine.losses import per_model_loss
    from core.symmetry.barrier import mean_loss

    train_data = request.getfixturevalue(task_data)[0]
    params = _inits((train_data.input_dim, 5, 1), 1, scheme="uniform", scale=2.0)[0]
    outputs = torch.as_tensor(mlp.forward(params, train_data.X, "tanh"))[None]
    expected = float(per_model_loss(outputs, torch.as_tensor(train_data.y), train_data.task)[0])
    assert abs(mean_loss(params, train_data, "tanh") - expected) < 1e-12
