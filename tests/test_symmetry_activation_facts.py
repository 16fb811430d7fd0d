"""The per-activation table (issue 13, point 2): every move it says keeps f keeps it to rounding, every move
it says does not visibly changes f, and the dimension of the set of equivalent weights matches the rank
of the Jacobian of θ ↦ (f_θ(x_i))_i at a generic network (docs/theory.md#symmetries-by-activation).
"""

import numpy as np
import pytest
import torch

from core.engine.activations import ACTIVATIONS
from core.engine.distances import function_gap
from core.engine.init_schemes import init_params
from core.engine.mlp import Params, count_params
from core.symmetry.activation_facts import (
    AFFINE_FLIP,
    FACTS,
    FLIP,
    MIX,
    PERMUTE,
    REFLECT,
    RESCALE,
    SHIFT,
    facts_for,
)
from core.symmetry.extra_moves import mix_linear_layer, reflect_sine_unit, shift_sine_bias
from core.symmetry.group import GroupElement
from core.symmetry.transforms import flip_signs, permute
from core.symmetry.wrong_moves import naive_flip_signs, unchecked_rescale

ALL = sorted(ACTIVATIONS)
WIDTHS = [(2, 5, 1), (2, 4, 3, 2), (3, 4, 4, 3, 1)]


def generic(widths, seed=0) -> tuple[Params, np.ndarray]:
    rng = np.random.default_rng(seed)
    return init_params(widths, scheme="uniform", scale=1.5, rng=rng), rng.uniform(-3, 3, size=(400, widths[0]))


def moved(params: Params, activation: str, move: str, rng: np.random.Generator) -> Params:
    """Apply the named move to unit 1 of the last hidden layer (and every layer for permutations)."""
    hidden = params.hidden_widths
    layer, unit = len(hidden), 1
    one = [np.ones(d) for d in hidden]
    if move == PERMUTE:
        return permute(params, [np.roll(np.arange(d), 1) for d in hidden])
    if move in (FLIP, AFFINE_FLIP):
        signs = [np.ones(d, dtype=int) for d in hidden]
        signs[layer - 1][unit] = -1
        if move == FLIP:
            return naive_flip_signs(params, signs)  # the plain flip, without any bias correction
        return flip_signs(params, signs, "sigmoid")
    if move == RESCALE:
        one[layer - 1][unit] = 3.0
        return unchecked_rescale(params, one)
    if move == SHIFT:
        return shift_sine_bias(params, layer, unit, -2)
    if move == REFLECT:
        return reflect_sine_unit(params, layer, unit)
    if move == MIX:
        d = hidden[layer - 1]
        return mix_linear_layer(params, layer, rng.normal(size=(d, d)) + 2 * np.eye(d))
    raise AssertionError(move)


def test_every_activation_has_a_row_and_every_row_its_moves():
    assert set(FACTS) == set(ACTIVATIONS)
    for facts in FACTS.values():
        assert PERMUTE in facts.holds
        assert not set(facts.holds) & set(facts.absent)
        assert facts.continuous <= facts.infinite
    assert facts_for("leaky_relu").holds == (PERMUTE, RESCALE)  # rescaling by c > 0 holds for leaky ReLU too
    assert "bounded input region" in facts_for("relu").caveat and facts_for("leaky_relu").caveat
    assert not facts_for("tanh").caveat


@pytest.mark.parametrize("widths", WIDTHS)
@pytest.mark.parametrize("activation", ALL)
def test_moves_claimed_keep_f_and_moves_claimed_absent_change_it(activation, widths):
    params, X = generic(widths)
    rng = np.random.default_rng(1)
    facts = facts_for(activation)
    for move in facts.holds:
        assert function_gap(params, moved(params, activation, move, rng), X, activation) <= 1e-12, move
    for move in facts.absent:
        assert function_gap(params, moved(params, activation, move, rng), X, activation) > 1e-3, move


def _jacobian_rank(params: Params, X: np.ndarray, activation: str) -> int:
    act = ACTIVATIONS[activation].torch
    widths = params.widths
    x = torch.tensor(X, dtype=torch.float64)

    def outputs(theta):
        start, h = 0, x
        for i, (d_in, d_out) in enumerate(zip(widths, widths[1:])):
            w = theta[start:start + d_out * d_in].reshape(d_out, d_in)
            b = theta[start + d_out * d_in:start + d_out * (d_in + 1)]
            start += d_out * (d_in + 1)
            h = h @ w.T + b
            if i < len(widths) - 2:
                h = act(h)
        return h.reshape(-1)

    theta = torch.tensor(params.flatten(), dtype=torch.float64)
    jac = torch.autograd.functional.jacobian(outputs, theta).numpy()
    singular = np.linalg.svd(jac, compute_uv=False)
    return int(np.sum(singular > singular[0] * 1e-9))


def switching(widths) -> tuple[Params, np.ndarray]:
    """A generic network and inputs over which every hidden unit is both on and off (ReLU's condition)."""
    for seed in range(50):
        params, _ = generic(widths, seed)
        X = np.random.default_rng(seed).uniform(-30, 30, size=(1500, widths[0]))
        pre = [z for z in hidden_preactivations(params, X)]
        if all(((z > 0).any(axis=0) & (z < 0).any(axis=0)).all() for z in pre):
            return params, X
    raise AssertionError("no seed gave a network whose units all switch")


def hidden_preactivations(params: Params, X: np.ndarray) -> list[np.ndarray]:
    h, found = X, []
    for w, b in zip(params.weights[:-1], params.biases[:-1]):
        z = h @ w.T + b
        found.append(z)
        h = np.maximum(z, 0.0)
    return found


@pytest.mark.parametrize("widths", [(2, 5, 1), (2, 4, 3, 2), (2, 8, 8, 1)])
@pytest.mark.parametrize("activation", ALL)
def test_dimension_of_the_equivalent_weights_matches_the_jacobian_rank(activation, widths):
    facts = facts_for(activation)
    params, X = switching(widths) if RESCALE in facts.holds else generic(widths, seed=2)
    # Params.flatten lists W_0, b_0, W_1, b_1, ... (row-major), which is what the rebuild above reads.
    assert Params.unflatten(params.flatten(), widths).allclose(params, atol=0)
    measured = count_params(widths) - _jacobian_rank(params, X, activation)
    if facts.dimension_is_exact or len(widths) == 3:
        assert measured == facts.dimension(widths)
    else:  # ReLU-type, 2+ hidden layers: a lower bound (and the page says "at least")
        assert measured >= facts.dimension(widths)
        assert "at least" in facts.family_sentence(widths)


def test_the_issues_linear_example_has_dimension_102():
    assert facts_for("identity").dimension((2, 8, 8, 1)) == 102
    assert facts_for("relu").dimension((2, 8, 8, 1)) == 16
    assert facts_for("tanh").dimension((2, 8, 8, 1)) == 0


def test_family_sentences_follow_the_table():
    sin = facts_for("sin").family_sentence((2, 8, 8, 1))
    assert "infinite" in sin and "2πk" in sin and "only that of the finite group" in sin
    linear = facts_for("identity").family_sentence((2, 8, 8, 1))
    assert "continuum of dimension 102" in linear
    assert "finite orbit" in facts_for("tanh").family_sentence((2, 8, 8, 1))
    for name, facts in FACTS.items():
        words = facts.family_sentence((2, 8, 8, 1))
        assert ("finite orbit" in words) == (not facts.infinite), name
        # "Proven" only where a uniqueness theorem exists (tanh, and the sigmoid through tanh); GELU's finite
        # orbit is only believed, so its sentence must hedge.
        assert ("proven for generic networks" in words) == (name in ("tanh", "sigmoid")), name
        assert ("as far as we know" in words) == (not facts.infinite and name not in ("tanh", "sigmoid")), name


def test_sine_moves_are_exact_in_real_arithmetic_and_group_moves_compose_with_them():
    params, X = generic((2, 4, 3, 1), seed=5)
    twin = GroupElement.identity(params.hidden_widths).apply(params, "sin")
    both = reflect_sine_unit(shift_sine_bias(twin, 1, 0, 3), 2, 2)
    assert function_gap(params, both, X, "sin") <= 1e-12
    assert np.abs(both.flatten() - params.flatten()).max() > 1.0
