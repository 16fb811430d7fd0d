"""The "two runs, one valley" engine (core.valley) against oracles: separate single runs, the networks'
own predictions and losses, planted permutations, and hand-made curves with a known barrier."""

from __future__ import annotations

import functools

import numpy as np
import pytest
from scipy import stats

from core.engine.mlp import Params, forward
from core.engine.train import train
from core.symmetry.barrier import mean_loss
from core.symmetry.group import GroupElement
from core.symmetry.scores import accuracy
from core.valley.curve import InterpolationCurve, interpolation_curve
from core.valley.pair_comparison import compare_pair, matching_group
from core.valley.pairs import initial_pairs, network_widths, train_pairs
from core.valley.receptive_fields import receptive_fields
from core.valley.spec import ValleySpec, check_valley_spec
from core.valley.width_study import load_data, mean_interval

# Small and float64: the oracles compare to 1e-10 and 1e-12.
SPEC = ValleySpec(widths=(6,), pairs=2, steps=8, dtype="float64", n_points=11)


@functools.cache
def data():
    return load_data(SPEC)


@functools.cache
def trained(activation: str):
    train_data, test_data = data()
    return train_pairs(SPEC, train_data, test_data, width=6, activation=activation)


@pytest.mark.parametrize("activation", ["relu", "tanh"])
def test_pair_training_equals_separate_single_runs(activation):
    train_data, test_data = data()
    pairs = trained(activation)
    starts = initial_pairs(SPEC, network_widths(train_data, 6))
    assert len(starts) == 2 * SPEC.pairs
    assert not np.allclose(starts[0].flatten(), starts[1].flatten())  # A and B of a pair start apart
    batched = [p for pair in zip(pairs.a, pairs.b) for p in pair]
    single_end = []
    for start, result in zip(starts, batched):
        single, history = train(start, train_data, test_data, steps=SPEC.steps, activation=activation,
                                optimizer=SPEC.optimizer, learning_rate=SPEC.learning_rate, rng=np.random.default_rng(1))
        assert np.max(np.abs(single.flatten() - result.flatten())) < 1e-10
        assert np.max(np.abs(single.flatten() - start.flatten())) > 1e-3  # training moved it
        single_end.append(history.test_loss[-1])
    np.testing.assert_allclose(pairs.end_loss.ravel(), single_end, rtol=0, atol=1e-10)


@pytest.mark.parametrize("activation", ["relu", "tanh"])
def test_aligned_b_predicts_exactly_what_b_predicts(activation):
    _, test_data = data()
    pairs = trained(activation)
    comparison = compare_pair(pairs.a[0], pairs.b[0], test_data, activation, n_points=SPEC.n_points)
    aligned = comparison.alignment.aligned
    assert not np.allclose(aligned.flatten(), pairs.b[0].flatten())  # the matching did move B's units
    np.testing.assert_allclose(forward(aligned, test_data.X, activation), forward(pairs.b[0], test_data.X, activation),
                               rtol=0, atol=1e-12)
    # same ends, other path
    assert abs(comparison.after.loss[-1] - comparison.before.loss[-1]) < 1e-12
    assert comparison.alignment.distance_after < comparison.alignment.distance_before


def planted_element(params: Params, activation: str, seed: int) -> GroupElement:
    """A known permutation (with random signs for tanh) for the hidden widths of ``params``."""
    rng = np.random.default_rng(seed)
    widths = params.hidden_widths
    signs = tuple(tuple(int(s) for s in rng.choice([-1, 1], size=d)) if activation == "tanh" else (1,) * d
                  for d in widths)
    return GroupElement(tuple(tuple(int(i) for i in rng.permutation(d)) for d in widths), signs,
                        tuple((1.0,) * d for d in widths))


def planted(params: Params, activation: str, seed: int) -> Params:
    """``params`` moved by :func:`planted_element`: the same function, other unit order."""
    return planted_element(params, activation, seed).apply(params, activation)


@pytest.mark.parametrize("activation", ["relu", "tanh"])
def test_matching_a_known_permutation_recovers_a_and_flattens_the_line(activation):
    _, test_data = data()
    a = trained(activation).a[0]
    element = planted_element(a, activation, seed=3)
    b = element.apply(a, activation)
    assert np.max(np.abs(a.flatten() - b.flatten())) > 0.1
    comparison = compare_pair(a, b, test_data, activation, n_points=SPEC.n_points)
    np.testing.assert_allclose(comparison.alignment.aligned.flatten(), a.flatten(), rtol=0, atol=1e-12)
    # the matching found is the planted one undone: B's unit i is A's unit p[i] (flipped by s[p[i]]), so A's
    # place j gets B's unit p⁻¹[j], and B's unit i is flipped back by s[p[i]]
    for layer, (perm, signs) in enumerate(zip(element.perms, element.signs)):
        assert comparison.alignment.perms[layer] == tuple(int(j) for j in np.argsort(perm))
        assert comparison.alignment.signs[layer] == tuple(signs[p] for p in perm)
    if activation == "tanh":
        assert -1 in element.signs[0]  # the sign check above is not a trivial one
    assert comparison.before.loss_barrier > 1e-3  # the straight line to the permuted copy climbs ...
    assert abs(comparison.after.loss_barrier) < 1e-12  # ... the line to its aligned copy is a single point


@pytest.mark.parametrize("activation", ["relu", "tanh"])
def test_curve_ends_are_the_end_networks_own_test_loss_and_accuracy(activation):
    _, test_data = data()
    pairs = trained(activation)
    a, b = pairs.a[1], pairs.b[1]
    curve = interpolation_curve(a, b, test_data, activation, n_points=7)
    np.testing.assert_array_equal(curve.ts, np.linspace(0, 1, 7))
    assert curve.loss[0] == mean_loss(a, test_data, activation) and curve.loss[-1] == mean_loss(b, test_data, activation)
    assert curve.accuracy[0] == accuracy(forward(a, test_data.X, activation), test_data.y)
    assert curve.accuracy[-1] == accuracy(forward(b, test_data.X, activation), test_data.y)
    # and they agree with what the torch trainer recorded for the same networks
    np.testing.assert_allclose(curve.loss[[0, -1]], pairs.end_loss[1], rtol=0, atol=1e-10)
    np.testing.assert_allclose(curve.accuracy[[0, -1]], pairs.end_accuracy[1], rtol=0, atol=1e-12)


def test_barrier_sign_conventions_on_hand_made_curves():
    ts = np.linspace(0, 1, 5)
    chord = 1.0 + ts  # loss 1 at θ_A, 2 at θ_B
    bump = InterpolationCurve(ts, chord + np.array([0, 0.1, 0.3, 0.2, 0]), 0.9 - np.array([0, 0.05, 0.2, 0.1, 0]))
    assert bump.loss_barrier == pytest.approx(0.3, abs=1e-15)  # the loss rises above its chord: positive
    assert bump.accuracy_barrier == pytest.approx(0.2, abs=1e-15)  # the accuracy falls below its chord: positive
    valley = InterpolationCurve(ts, chord - np.array([0, 0.1, 0.3, 0.2, 0]), 0.9 + np.array([0, 0.05, 0.2, 0.1, 0]))
    assert valley.loss_barrier == 0.0 and valley.accuracy_barrier == 0.0  # below the chord: no barrier, the ends


def test_matching_group_uses_signs_for_tanh_only():
    assert matching_group("tanh") == "permutations+signs"
    assert matching_group("relu") == "permutations"


@pytest.mark.parametrize("activation", ["relu", "tanh"])
def test_receptive_fields_show_b_units_in_a_order(activation):
    _, test_data = data()
    pairs = trained(activation)
    comparison = compare_pair(pairs.a[0], pairs.b[0], test_data, activation)
    fields = receptive_fields(pairs.a[0], pairs.b[0], comparison.alignment)
    assert fields.a.shape == fields.b.shape == fields.aligned_b.shape == (6, 8, 8)
    np.testing.assert_array_equal(fields.a.reshape(6, 64), pairs.a[0].weights[0])
    np.testing.assert_array_equal(fields.b.reshape(6, 64), pairs.b[0].weights[0])
    for i, unit in enumerate(fields.perm):  # position i shows B's unit perm[i], flipped where matched flipped
        np.testing.assert_array_equal(fields.aligned_b[i], fields.signs[unit] * fields.b[unit])
    # planted: the aligned copy's fields are exactly A's
    planted_fields = receptive_fields(pairs.a[0], b := planted(pairs.a[0], activation, 5),
                                      compare_pair(pairs.a[0], b, test_data, activation).alignment)
    np.testing.assert_allclose(planted_fields.aligned_b, planted_fields.a, rtol=0, atol=1e-12)


def test_mean_interval_is_the_student_t_interval():
    values = np.array([0.3, 0.1, 0.25, 0.4])
    mean, low, high = mean_interval(values)
    expected = stats.t.interval(0.95, 3, loc=values.mean(), scale=stats.sem(values))
    assert mean == pytest.approx(values.mean()) and (low, high) == pytest.approx(expected, rel=1e-12)
    with pytest.raises(ValueError, match="at least 2"):
        mean_interval(np.array([0.3]))


def test_a_barrier_interval_stops_at_zero_where_the_t_interval_would_cross_it():
    values = np.array([0.0, 0.0, 0.0, 0.004])  # mean 0.001, t interval reaching below 0
    mean, low, high = mean_interval(values, floor=0.0)
    assert stats.t.interval(0.95, 3, loc=values.mean(), scale=stats.sem(values))[0] < 0
    assert low == 0.0 and high == pytest.approx(mean_interval(values)[2]) and mean == pytest.approx(0.001)


@pytest.mark.parametrize(("field", "value", "words"), [
    ("widths", (8, 8), "each once"), ("activations", ("relu", "gelu"), "activation 'gelu'"),
    ("pairs", 1, "pairs 1"), ("dataset", "moons", "dataset 'moons'"), ("steps", 0, "steps 0"),
    ("dtype", "float16", "dtype 'float16'"),
])
def test_bad_spec_is_refused_by_name(field, value, words):
    import dataclasses

    with pytest.raises(ValueError, match=words):
        check_valley_spec(dataclasses.replace(SPEC, **{field: value}))
