"""Issue 19, bug 3: alignment with rescaling never ends further away than permutations alone.

The closed-form scale of one unit is checked against a brute-force minimiser; the alignment
against its own permutation-only search (the "gelu" workaround of the issue: gelu admits
permutations only) on random and on independently trained torch pairs.
"""

import numpy as np
import pytest
import torch
from scipy.optimize import minimize_scalar

from core.engine.distances import function_gap, parameter_distance
from core.engine.init_schemes import init_params
from core.engine.interop import from_torch
from core.symmetry.alignment import align
from core.symmetry.group import random_symmetry
from core.symmetry.unit_scales import best_scales, pair_costs

# The group without scales: relu/leaky_relu lose rescaling (gelu: permutations only);
# identity keeps its sign flips (tanh: permutations and flips).
SUBGROUP = {"relu": "gelu", "leaky_relu": "gelu", "identity": "tanh"}


def unit_cost(c, a, a_star, v, v_star):
    return np.sum((c * a - a_star) ** 2) + np.sum((v / c - v_star) ** 2)


def brute_force_minimum(a, a_star, v, v_star):
    """The least cost over c in [1e-4, 1e4], by a grid on log c then a bounded local search."""
    grid = np.exp(np.linspace(np.log(1e-4), np.log(1e4), 4001))
    costs = [unit_cost(c, a, a_star, v, v_star) for c in grid]
    i = int(np.argmin(costs))
    low, high = np.log(grid[max(i - 1, 0)]), np.log(grid[min(i + 1, len(grid) - 1)])
    found = minimize_scalar(lambda t: unit_cost(np.exp(t), a, a_star, v, v_star), bounds=(low, high),
                            method="bounded", options={"xatol": 1e-12})
    return min(found.fun, costs[i])


def closed_form(a, a_star, v, v_star):
    c, shifted = best_scales(a @ a, a @ a_star, v @ v_star, v @ v)
    return float(c), float(shifted) + a_star @ a_star + v_star @ v_star


@pytest.mark.parametrize("seed", range(40))
def test_closed_form_scale_is_the_brute_force_minimum(seed):
    rng = np.random.default_rng(seed)
    n_in, n_out = rng.integers(1, 8, size=2)
    a, a_star = rng.normal(size=n_in) * rng.uniform(0.1, 3), rng.normal(size=n_in)
    v, v_star = rng.normal(size=n_out) * rng.uniform(0.1, 3), rng.normal(size=n_out)
    c, value = closed_form(a, a_star, v, v_star)
    assert c > 0 and value == pytest.approx(unit_cost(c, a, a_star, v, v_star), rel=1e-9, abs=1e-9)
    assert value <= brute_force_minimum(a, a_star, v, v_star) + 1e-9
    assert value <= unit_cost(1.0, a, a_star, v, v_star) + 1e-12  # never worse than leaving the unit alone


def test_closed_form_scale_recovers_a_planted_scale_to_rounding():
    rng = np.random.default_rng(5)
    a_star, v_star = rng.normal(size=4), rng.normal(size=3)
    for planted in (1e-3, 0.37, 1.0, 2.5, 800.0):
        c, value = closed_form(a_star / planted, a_star, v_star * planted, v_star)
        assert c == pytest.approx(planted, rel=1e-13) and abs(value) <= 1e-12 * (1 + a_star @ a_star)


@pytest.mark.parametrize("zero", ["a", "v", "both"])
def test_zero_rows_get_a_finite_scale_no_worse_than_one(zero):
    rng = np.random.default_rng(6)
    a, a_star, v, v_star = rng.normal(size=3), rng.normal(size=3), rng.normal(size=2), rng.normal(size=2)
    a = np.zeros(3) if zero in ("a", "both") else a
    v = np.zeros(2) if zero in ("v", "both") else v
    for sign in (1.0, -1.0):  # both signs of ⟨v, v*⟩ and ⟨a, a*⟩
        c, value = closed_form(a, sign * a_star, v, sign * v_star)
        assert np.isfinite(c) and c > 0
        assert value == pytest.approx(unit_cost(c, a, sign * a_star, v, sign * v_star), abs=1e-12)
        assert value <= unit_cost(1.0, a, sign * a_star, v, sign * v_star) + 1e-12


@pytest.mark.parametrize("flips", [False, True])
def test_pair_costs_are_the_unit_costs_up_to_a_constant_per_unit_of_a(flips):
    rng = np.random.default_rng(7)
    inc_a, out_a, inc_b, out_b = (rng.normal(size=(5, n)) for n in (4, 3, 4, 3))
    cost, scale, sign = pair_costs(inc_a, out_a, inc_b, out_b, flips)
    for j in range(5):
        constant = inc_a[j] @ inc_a[j] + out_a[j] @ out_a[j]
        for k in range(5):
            s, c = sign[j, k], scale[j, k]
            direct = unit_cost(c, s * inc_b[k], inc_a[j], s * out_b[k], out_a[j])
            assert cost[j, k] + constant == pytest.approx(direct, rel=1e-10, abs=1e-10)
            best_plain = brute_force_minimum(inc_b[k], inc_a[j], out_b[k], out_a[j])
            assert direct <= best_plain + 1e-9
            if flips:
                assert direct <= brute_force_minimum(-inc_b[k], inc_a[j], -out_b[k], out_a[j]) + 1e-9
            else:
                assert s == 1


def random_architecture(rng):
    depth = int(rng.integers(1, 4))
    return (int(rng.integers(1, 5)), *(int(w) for w in rng.integers(2, 65, size=depth)), int(rng.integers(1, 4)))


def check_alignment(params_a, params_b, activation, X):
    result = align(params_a, params_b, activation)
    permutations_only = align(params_a, params_b, SUBGROUP[activation])
    assert result.distance_after <= permutations_only.distance_after + 1e-12
    assert result.aligned.allclose(result.element.apply(params_b, activation), atol=0)
    assert result.distance_after == parameter_distance(params_a, result.aligned)
    assert result.distance_before == parameter_distance(params_a, params_b)
    scale = 1.0 + float(np.max(np.abs(result.aligned.flatten())))
    assert function_gap(params_b, result.aligned, X, activation) <= 1e-12 * scale
    return result, permutations_only


@pytest.mark.parametrize("seed", range(24))
@pytest.mark.parametrize("activation", ["relu", "leaky_relu"])
def test_scaled_alignment_never_ends_further_than_permutations_only(activation, seed):
    rng = np.random.default_rng(1000 + seed)
    widths = random_architecture(rng)
    params_a = init_params(widths, scheme="he", rng=rng)
    params_b = init_params(widths, scheme="he", rng=rng)
    check_alignment(params_a, params_b, activation, rng.uniform(-2, 2, size=(64, widths[0])))


@pytest.mark.parametrize("seed", range(6))
def test_identity_alignment_never_ends_further_than_permutations_and_flips(seed):
    rng = np.random.default_rng(2000 + seed)
    widths = random_architecture(rng)
    params_a, params_b = (init_params(widths, scheme="xavier", rng=rng) for _ in range(2))
    check_alignment(params_a, params_b, "identity", rng.uniform(-2, 2, size=(64, widths[0])))


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("activation", ["relu", "leaky_relu"])
def test_planted_permutation_and_scales_are_recovered_in_random_architectures(activation, seed):
    rng = np.random.default_rng(3000 + seed)
    widths = random_architecture(rng)
    params = init_params(widths, scheme="uniform", scale=1.5, rng=rng)
    _, twin = random_symmetry(params, activation, rng=rng)
    result = align(params, twin, activation)
    assert result.distance_after <= 1e-12 * (1.0 + np.linalg.norm(params.flatten()))
    assert result.aligned.allclose(params, atol=1e-12)


def trained_torch_relu(seed: int, X: torch.Tensor, y: torch.Tensor):
    torch.manual_seed(seed)
    net = torch.nn.Sequential(torch.nn.Linear(2, 64), torch.nn.ReLU(), torch.nn.Linear(64, 64), torch.nn.ReLU(),
                              torch.nn.Linear(64, 1)).double()
    optimiser = torch.optim.Adam(net.parameters(), lr=1e-2)
    for _ in range(150):
        optimiser.zero_grad()
        torch.nn.functional.binary_cross_entropy_with_logits(net(X).squeeze(1), y).backward()
        optimiser.step()
    return from_torch(net).params


def test_independently_trained_torch_relu_pairs_keep_the_property():
    # The setting: 2-64-64-1 ReLU networks trained by torch from different seeds.
    rng = np.random.default_rng(8)
    X = rng.normal(size=(256, 2))
    y = (X[:, 0] * X[:, 1] > 0).astype(float)
    X_t, y_t = torch.tensor(X), torch.tensor(y)
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # tiny networks: one thread is fastest, and immune to a busy machine
    try:
        nets = [trained_torch_relu(seed, X_t, y_t) for seed in range(3)]
    finally:
        torch.set_num_threads(threads)
    for params_a, params_b in zip(nets, nets[1:]):
        result, permutations_only = check_alignment(params_a, params_b, "relu", X)
        assert result.distance_after < result.distance_before


@pytest.mark.parametrize("seed", range(4))
def test_zero_rows_and_columns_keep_the_property_and_finite_scales(seed):
    # Dead units (zero incoming row) and unused units (zero outgoing column) in both networks.
    rng = np.random.default_rng(4000 + seed)
    widths = (3, 12, 10, 2)

    def with_zeros():
        params = init_params(widths, scheme="he", rng=rng)
        weights, biases = [w.copy() for w in params.weights], [b.copy() for b in params.biases]
        for layer in (1, 2):
            dead, unused = rng.choice(widths[layer], size=2, replace=False)
            weights[layer - 1][dead], biases[layer - 1][dead] = 0.0, 0.0
            weights[layer][:, unused] = 0.0
        return type(params)(tuple(weights), tuple(biases))

    params_a, params_b = with_zeros(), with_zeros()
    result, _ = check_alignment(params_a, params_b, "relu", rng.uniform(-2, 2, size=(64, 3)))
    assert all(np.all(np.isfinite(c)) and min(c) > 0 for c in result.scales)
