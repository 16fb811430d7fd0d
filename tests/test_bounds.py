"""core.bounds.covering against independent oracles: exact integers, brute-force counts, scipy, forward passes."""

from __future__ import annotations

import itertools
import math
import warnings
from fractions import Fraction

import numpy as np
import pytest

from core.bounds import covering, extensions, generalisation, volume
from core.bounds.orbits import exact_orbit_count
from core.engine.activations import ACTIVATIONS
from core.engine.init_schemes import initialise
from core.engine.mlp import Params, count_params, forward
from core.limits import COUNTING_CLASSROOM

LN10 = math.log(10.0)
DEEP_WIDE = (100_000,) + (4096,) * 100 + (16,)


def ln_int(value: int) -> float:
    return math.log(value)  # math.log is exact-to-rounding for arbitrarily large ints


# --------------------------------------------------------------------------- group orders


@pytest.mark.parametrize("widths", [(1, 1, 1), (3, 5, 4, 2), (2, 7, 1, 6, 3), (9, 12, 12, 12, 1)])
def test_group_order_counts_the_actual_permutations(widths):
    permutations = math.prod(sum(1 for _ in itertools.permutations(range(d))) for d in widths[1:-1] if d <= 7)
    if all(d <= 7 for d in widths[1:-1]):
        assert covering.group_order(widths, "relu") == permutations
        signed = permutations * math.prod(sum(1 for _ in itertools.product((1, -1), repeat=d)) for d in widths[1:-1])
        assert covering.group_order(widths, "tanh") == signed
    assert covering.group_order(widths, "relu") == math.prod(math.factorial(d) for d in widths[1:-1])


def test_only_hidden_layers_count():
    assert covering.group_order((50, 3, 16), "relu") == 6
    assert covering.log_group_order((50, 1, 16), "gelu") == 0.0


@pytest.mark.parametrize("widths", [(3, 5, 4, 2), (1, 20, 50, 1), (784, 256, 256, 10), (10, 100, 170, 171, 1000, 1)])
@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid", "identity"])
def test_log_group_order_matches_exact_integer(widths, activation):
    exact = covering.group_order(widths, activation)
    assert covering.log_group_order(widths, activation) == pytest.approx(ln_int(exact), rel=1e-13)
    assert covering.log10_group_order(widths, activation) == pytest.approx(ln_int(exact) / LN10, rel=1e-13)


def test_sign_flips_only_for_odd_activations():
    widths = (2, 5, 3, 1)
    plain = covering.log_group_order(widths, "relu")
    assert covering.log_group_order(widths, "tanh") == pytest.approx(plain + 8 * math.log(2))
    assert covering.log_group_order(widths, "sigmoid") == plain


def test_log_group_order_at_width_4096_depth_100_is_finite_and_exact():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        value = covering.log_group_order(DEEP_WIDE, "tanh")
    expected = 100 * (ln_int(math.factorial(4096)) + 4096 * math.log(2))
    assert math.isfinite(value) and value == pytest.approx(expected, rel=1e-13)


def test_continuous_symmetry_dimension():
    assert covering.continuous_symmetry_dim((3, 5, 4, 2), "relu") == 9
    assert covering.continuous_symmetry_dim((3, 5, 4, 2), "leaky_relu") == 9
    assert covering.continuous_symmetry_dim((3, 5, 4, 2), "tanh") == 0


# --------------------------------------------------------------------------- activation facts


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_activation_range_agrees_with_the_function(name):
    sigma0, sup = covering.ACTIVATION_RANGE[name]
    activation = ACTIVATIONS[name]
    z = np.linspace(-60, 60, 24_001)
    values = activation.numpy(z)
    assert abs(activation.numpy(np.array([0.0]))[0]) == pytest.approx(sigma0)
    assert np.all(np.abs(values) <= sup + 1e-12)
    assert np.all(np.abs(values) <= activation.lipschitz * np.abs(z) + sigma0 + 1e-12)
    if math.isinf(sup):
        assert np.abs(values).max() > 50  # really unbounded, not a missing bound


def test_every_registered_activation_has_a_range():
    assert set(covering.ACTIVATION_RANGE) == set(ACTIVATIONS)


# --------------------------------------------------------------------------- Lipschitz constant


@pytest.mark.parametrize("widths, recursion, closed", [
    ((3, 5, 4, 2), 249, 360), ((10, 64, 64, 64, 1), 1.155e7, 1.208e7), ((784, 256, 256, 10), 1.543e8, 1.555e8)])
def test_lipschitz_matches_paper_digest_table(widths, recursion, closed):
    # worked by hand (B = 1, rho = 1, sigma(0) = 0), a cross-check only; docs/theory.md#lipschitz-constant
    assert math.exp(covering.log_lipschitz(widths, B=1, activation="relu")) == pytest.approx(recursion, rel=1e-3)
    assert math.exp(covering.log_lipschitz(widths, B=1, activation="relu", method="closed")) == pytest.approx(closed, rel=1e-3)


ARCHS = [(3, 5, 4, 2), (1, 1, 1), (10, 64, 64, 64, 1), (2, 3, 7, 1, 4, 2), (784, 256, 256, 10)]


@pytest.mark.parametrize("widths", ARCHS)
@pytest.mark.parametrize("activation", sorted(ACTIVATIONS))
@pytest.mark.parametrize("B", [1e-3, 0.3, 1.0, 7.5])
def test_recursion_never_exceeds_closed_form(widths, activation, B):
    recursion = covering.log_lipschitz(widths, B=B, activation=activation)
    closed = covering.log_lipschitz(widths, B=B, activation=activation, method="closed")
    assert recursion <= closed + 1e-12


@pytest.mark.parametrize("widths", ARCHS + [DEEP_WIDE])
@pytest.mark.parametrize("activation, B", [("relu", 1e-6), ("tanh", 0.7), ("sigmoid", 3.0), ("gelu", 1e6)])
@pytest.mark.parametrize("method", covering.LIPSCHITZ_METHODS)
def test_log_space_lipschitz_matches_exact_rationals(widths, activation, B, method):
    exact = covering._exact_lipschitz(widths, Fraction(repr(B)), ACTIVATIONS[activation], method)
    expected = ln_int(exact.numerator) - ln_int(exact.denominator)
    assert covering.log_lipschitz(widths, B=B, activation=activation, method=method) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("activation", ["tanh", "relu", "sigmoid", "sin"])
def test_lipschitz_bounds_random_parameter_pairs(activation):
    widths, B, delta = (3, 6, 5, 2), 0.8, 1e-3
    rng = np.random.default_rng(11)
    lam = math.exp(covering.log_lipschitz(widths, B=B, activation=activation))
    x = rng.uniform(-1, 1, size=(400, widths[0]))
    for _ in range(30):
        theta = rng.uniform(-B + delta, B - delta, size=count_params(widths))
        other = theta + rng.choice([-delta, delta], size=theta.size)
        gap = np.abs(forward(Params.unflatten(theta, widths), x, activation)
                     - forward(Params.unflatten(other, widths), x, activation)).max()
        assert gap <= lam * delta


def test_recursion_is_attained_by_relu_with_all_parameters_at_the_box_edge():
    # All parameters = B and x = 1: every ReLU is active, the magnitudes equal M_l, and lowering
    # every parameter by delta changes f by Lambda * delta up to O(delta^2).
    widths, B, delta = (3, 5, 4, 2), 0.9, 1e-7
    lam = math.exp(covering.log_lipschitz(widths, B=B, activation="relu"))
    theta = np.full(count_params(widths), B)
    x = np.ones((1, widths[0]))
    change = (forward(Params.unflatten(theta, widths), x, "relu")
              - forward(Params.unflatten(theta - delta, widths), x, "relu")).max()
    assert change / delta == pytest.approx(lam, rel=1e-5)


def test_lipschitz_at_width_4096_depth_100_is_finite():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for method in covering.LIPSCHITZ_METHODS:
            value = covering.log_lipschitz(DEEP_WIDE, B=1e6, activation="gelu", method=method)
            assert math.isfinite(value) and value > 1000


# --------------------------------------------------------------------------- grid size and covering numbers


def test_grid_size_is_the_exact_ceiling():
    # Lambda = 249 for (3, 5, 4, 2) (docs/theory.md#lipschitz-constant); float division would give 2490.0000000000005
    assert covering.grid_size((3, 5, 4, 2), B=1, eps=0.1, activation="relu") == 2490
    assert covering.grid_size((3, 5, 4, 2), B=1, eps=1, activation="relu") == 249
    assert covering.grid_size((3, 5, 4, 2), B=1, eps=248.9, activation="relu") == 2
    assert covering.grid_size((3, 5, 4, 2), B=1, eps=249, activation="relu") == 1


def test_log_grid_size_agrees_with_exact_ceiling_on_both_sides_of_the_switch():
    for eps in (1e-6, 1e-9, 1e-12):
        exact = covering.grid_size((784, 256, 256, 10), B=1, eps=eps, activation="relu")
        assert covering.log_grid_size((784, 256, 256, 10), B=1, eps=eps, activation="relu") == pytest.approx(
            ln_int(exact), rel=1e-15)


@pytest.mark.parametrize("activation", ["relu", "tanh"])
def test_one_grid_point_means_log_covering_number_zero(activation):
    for reduced in (False, True):
        assert covering.log_covering_number((3, 5, 4, 2), B=1, eps=1e6, activation=activation, reduced=reduced) == 0.0


@pytest.mark.parametrize("widths", ARCHS + [(1, 2, 2, 1), (5, 4096, 4096, 3)])
@pytest.mark.parametrize("eps", [1e-12, 1e-3, 0.5, 50.0])
def test_reduced_bound_never_exceeds_baseline(widths, eps):
    common = dict(B=0.5, eps=eps, activation="tanh")
    baseline = covering.log_covering_number(widths, reduced=False, **common)
    reduced = covering.log_covering_number(widths, reduced=True, **common)
    assert 0.0 <= reduced <= baseline
    m = covering.grid_size(widths, **common)
    assert baseline == pytest.approx(count_params(widths) * math.log(m), rel=1e-15)


def test_gap_is_group_order_minus_a_correction_that_vanishes_as_the_grid_refines():
    widths = (1, 6, 5, 1)
    log_group = covering.log_group_order(widths, "relu")
    corrections = []
    for eps in (10.0, 1.0, 1e-2, 1e-5):
        terms = covering.covering_terms(widths, B=1, eps=eps, activation="relu")
        assert terms["gap"] == pytest.approx(log_group - terms["log_correction"], rel=1e-9, abs=1e-9)
        assert 0.0 <= terms["log_correction"] <= log_group
        corrections.append(terms["log_correction"])
    assert corrections == sorted(corrections, reverse=True) and corrections[-1] < 1e-3


@pytest.mark.parametrize("widths, m", [((1, 2, 1), 3), ((1, 2, 2, 1), 2), ((2, 3, 1), 3), ((1, 4, 4, 1), 3),
                                       ((2, 16, 16, 16, 1), 3), ((1, 3, 3, 3, 1), 2)])
def test_orbit_upper_bound_holds_for_exact_counts(widths, m):
    assert ln_int(exact_orbit_count(widths, m)) <= covering.log_orbit_upper_bound(widths, m)


def test_huge_networks_do_not_overflow():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        terms = covering.covering_terms(DEEP_WIDE, B=1e6, eps=1e-12, activation="gelu")
    assert all(math.isfinite(value) for value in terms.values())
    assert terms["log_reduced"] < terms["log_baseline"]
    assert terms["gap"] == pytest.approx(terms["log_group_order"], rel=1e-6)


def test_relative_reduction_examples_from_the_digest():
    # docs/theory.md#relative-reduction: 0.85% at d = 4 and 0.10% at d = 256 for [10, d, d, d, 1], eps = 0.01
    curve = covering.bound_curve([4, 256], input_dim=10, output_dim=1, depth=3, B=1, eps=0.01, activation="relu")
    np.testing.assert_allclose(curve["relative_reduction_pct"], [0.85, 0.10], atol=0.005)


def test_bound_curve_columns_match_single_calls():
    widths = [1, 3, 40, 4096]
    curve = covering.bound_curve(widths, input_dim=4, output_dim=2, depth=2, B=1, eps=1e-3, activation="sigmoid")
    assert set(curve) == {"width", "n_params", "log_baseline", "log_reduced", "gap", "relative_reduction_pct",
                          "log_group_order"}
    for i, w in enumerate(widths):
        arch = (4, w, w, 2)
        assert curve["n_params"][i] == count_params(arch)
        for key, reduced in (("log_baseline", False), ("log_reduced", True)):
            assert curve[key][i] == covering.log_covering_number(arch, B=1, eps=1e-3, activation="sigmoid", reduced=reduced)
    assert curve["gap"][0] == 0.0 and np.all(np.diff(curve["gap"]) > 0)


# --------------------------------------------------------------------------- correction factor


def derangements(k: int) -> int:
    return sum(all(p[i] != i for i in range(k)) for p in itertools.permutations(range(k)))


@pytest.mark.parametrize("d", [1, 2, 3, 5, 7])
@pytest.mark.parametrize("x", [1.0, 0.5, 0.01])
def test_correction_factor_against_counted_derangements(d, x):
    expected = sum(math.comb(d, k) * derangements(k) * x**k for k in range(d + 1))
    assert covering.log_correction_factor(d, math.log(x)) == pytest.approx(math.log(expected), rel=1e-12, abs=1e-15)


@pytest.mark.parametrize("d", [20, 30, 200, 4096])
def test_correction_factor_at_x_one_is_d_factorial(d):
    # sum_k C(d, k) D_k = d!: every permutation moves some k points; exercises the k >= 20 branch
    assert covering.log_correction_factor(d, 0.0) == pytest.approx(math.lgamma(d + 1), rel=1e-13)


@pytest.mark.parametrize("d, x", [(10, 0.05), (100, 1e-3), (4096, 1e-5)])
def test_correction_factor_below_geometric_bound(d, x):
    assert covering.log_correction_factor(d, math.log(x)) <= -math.log(1 - d * x)


# --------------------------------------------------------------------------- effective volume and Monte Carlo


def test_effective_fraction_examples():
    # docs/theory.md#effective-volume: L = 3 equal widths; permutations, and with tanh flips
    assert volume.log10_effective_fraction((5, 10, 10, 10, 1), "relu") == pytest.approx(-19.68, abs=0.01)
    assert volume.log10_effective_fraction((5, 100, 100, 100, 1), "tanh") == pytest.approx(-564.2, abs=0.05)
    assert volume.log10_effective_fraction((5, 100, 100, 100, 1), "tanh", with_signs=False) == pytest.approx(-473.9, abs=0.05)


def test_effective_fraction_is_minus_log10_group_order():
    for activation in ("relu", "tanh"):
        assert volume.log10_effective_fraction(DEEP_WIDE, activation) == -covering.log10_group_order(DEEP_WIDE, activation)


def test_bias_indices_follow_params_layout():
    widths = (2, 3, 4, 1)
    params = Params.unflatten(np.arange(count_params(widths), dtype=float), widths)
    for layer, indices in enumerate(volume.hidden_bias_indices(widths)):
        np.testing.assert_array_equal(indices, params.biases[layer])


def test_representative_initialisation_lies_in_the_region_and_uniform_mostly_not():
    widths = (2, 4, 3, 1)
    rng = np.random.default_rng(3)
    sorted_draws = [initialise(widths, scheme="representative", scale=1.0, rng=rng).flatten() for _ in range(50)]
    uniform_draws = [initialise(widths, scheme="uniform", scale=1.0, rng=rng).flatten() for _ in range(50)]
    assert volume.in_representative_region(np.array(sorted_draws), widths).all()
    assert volume.in_representative_region(np.array(uniform_draws), widths).mean() < 0.2


@pytest.mark.parametrize("widths, seed", [((1, 3, 1), 0), ((2, 3, 2, 1), 1), ((1, 2, 2, 2, 1), 2), ((1, 4, 1), 3)])
def test_monte_carlo_interval_contains_the_exact_fraction(widths, seed):
    result = volume.monte_carlo_fraction(widths, n_samples=200_000, rng=np.random.default_rng(seed))
    assert result.exact == pytest.approx(1 / covering.group_order(widths, "relu"))
    assert result.low <= result.exact <= result.high
    assert result.high - result.low < 0.01
    assert result.estimate == result.n_inside / result.n_samples


def test_monte_carlo_is_reproducible_and_uses_only_rng():
    first = volume.monte_carlo_fraction((1, 3, 1), n_samples=1000, rng=np.random.default_rng(5))
    again = volume.monte_carlo_fraction((1, 3, 1), n_samples=1000, rng=np.random.default_rng(5))
    assert first == again


@pytest.mark.parametrize("successes, trials", [(0, 10), (3, 10), (10, 10), (16_501, 200_000), (1, 2_000_000)])
def test_wilson_interval_matches_the_textbook_formula(successes, trials):
    """The scipy-backed interval against Wilson's closed form, written out here (z: the 97.5% normal quantile)."""
    z = 1.959963984540054
    share, z2 = successes / trials, z**2
    centre = (share + z2 / (2 * trials)) / (1 + z2 / trials)
    half = z * math.sqrt(share * (1 - share) / trials + z2 / (4 * trials**2)) / (1 + z2 / trials)
    expected = (max(0.0, centre - half), min(1.0, centre + half))
    np.testing.assert_allclose(volume.wilson_interval(successes, trials), expected, rtol=1e-9, atol=1e-15)


# --------------------------------------------------------------------------- generalisation


GEN = dict(B=1, eps=0.01, activation="relu")


def test_generalisation_gap_shrinks_with_n_and_with_the_reduction():
    widths, n = (10, 64, 64, 64, 1), np.logspace(0, 15, 16)
    baseline = generalisation.generalisation_gap(widths, n=n, reduced=False, **GEN)
    reduced = generalisation.generalisation_gap(widths, n=n, reduced=True, **GEN)
    assert baseline.shape == n.shape
    assert np.all(np.diff(baseline) < 0) and np.all(reduced < baseline)
    assert reduced[-1] > 2 * GEN["eps"]  # the cover's own 2*l*eps term never goes away


def test_required_sample_size_reaches_the_target_gap():
    widths = (10, 64, 64, 64, 1)
    for reduced in (False, True):
        n = generalisation.required_sample_size(widths, target_gap=0.1, reduced=reduced, delta=0.01, loss_range=2.0, **GEN)
        gap = generalisation.generalisation_gap(widths, n=n, reduced=reduced, delta=0.01, loss_range=2.0, **GEN)
        assert gap == pytest.approx(0.1, rel=1e-12)


def test_sample_size_saving_is_the_difference_and_tracks_the_gap():
    widths = (10, 64, 64, 64, 1)
    result = generalisation.sample_size_saving(widths, target_gap=0.1, **GEN)
    assert result["saving"] == result["n_baseline"] - result["n_reduced"]  # whole samples, rounded up
    gap = covering.covering_terms(widths, **GEN)["gap"]
    assert result["saving_exact"] == pytest.approx(gap / (2 * (0.1 - 2 * 0.01) ** 2), rel=1e-9)
    assert abs(result["saving"] - result["saving_exact"]) < 1


def test_unreachable_target_gap_is_refused():
    with pytest.raises(ValueError, match=r"target_gap 0.02: must exceed 2·loss_lipschitz·eps = 0.02"):
        generalisation.required_sample_size((3, 5, 1), target_gap=0.02, reduced=True, **GEN)


# --------------------------------------------------------------------------- extensions


def log10_int(value: int) -> float:
    return ln_int(value) / LN10


def test_cnn_group_order():
    assert extensions.log10_cnn_group_order([16, 32, 64]) == pytest.approx(
        log10_int(math.factorial(16) * math.factorial(32) * math.factorial(64)), rel=1e-13)


def test_resnet_stream_permutation_needs_a_learned_embedding():
    blocks = [math.factorial(m) for m in (64, 64, 128)]
    with_embedding = extensions.log10_resnet_group_order(256, [64, 64, 128], learned_embedding=True, input_dim=10)
    without = extensions.log10_resnet_group_order(256, [64, 64, 128], learned_embedding=False, input_dim=10)
    # without an embedding only the 256 - 10 zero-padding coordinates of the stream permute
    assert without == pytest.approx(log10_int(math.factorial(246) * math.prod(blocks)), rel=1e-13)
    assert with_embedding == pytest.approx(log10_int(math.factorial(256) * math.prod(blocks)), rel=1e-13)


def _resnet_forward(params: dict, x: np.ndarray, stream_width: int) -> np.ndarray:
    """x + V tanh(U x + a) + e per block on a width-D stream, then a linear readout; the input enters
    through the embedding when there is one, else zero-padded to width D."""
    if "W_in" in params:
        h = x @ params["W_in"].T + params["b_in"]
    else:
        h = np.hstack([x, np.zeros((len(x), stream_width - x.shape[1]))])
    for U, a, V, e in params["blocks"]:
        h = h + np.tanh(h @ U.T + a) @ V.T + e
    return h @ params["W_out"].T + params["b_out"]


def _permute_resnet(params: dict, stream: tuple[int, ...], inner: tuple[tuple[int, ...], ...]) -> dict:
    """Relabel the stream coordinates (every block's U columns, V rows and e, the readout's columns,
    the embedding's rows) and each block's inner units (U rows, a, V columns)."""
    s = list(stream)
    moved = {"blocks": [(U[list(p)][:, s], a[list(p)], V[s][:, list(p)], e[s])
                        for (U, a, V, e), p in zip(params["blocks"], inner)],
             "W_out": params["W_out"][:, s], "b_out": params["b_out"]}
    if "W_in" in params:
        moved["W_in"], moved["b_in"] = params["W_in"][s], params["b_in"][s]
    return moved


@pytest.mark.parametrize("learned_embedding", [False, True])
@pytest.mark.parametrize("d_in, D", [(2, 4), (1, 3), (3, 3)])
def test_resnet_group_order_counts_the_permutations_that_keep_the_function(learned_embedding, d_in, D):
    """Brute force: of all D!·∏ m_t! relabellings of the stream and the inner units of a generic
    ResNet, count those whose function is unchanged on random inputs (gap below 1e-9)."""
    rng = np.random.default_rng(13)
    inner_widths = (2, 3)
    params = {"blocks": [(rng.normal(size=(m, D)), rng.normal(size=m), rng.normal(size=(D, m)), rng.normal(size=D))
                         for m in inner_widths],
              "W_out": rng.normal(size=(2, D)), "b_out": rng.normal(size=2)}
    if learned_embedding:
        params["W_in"], params["b_in"] = rng.normal(size=(D, d_in)), rng.normal(size=D)
    x = rng.normal(size=(64, d_in)) * 2
    reference = _resnet_forward(params, x, D)
    kept = sum(
        np.max(np.abs(_resnet_forward(_permute_resnet(params, stream, inner), x, D) - reference)) < 1e-9
        for stream in itertools.permutations(range(D))
        for inner in itertools.product(*(itertools.permutations(range(m)) for m in inner_widths)))
    order = extensions.log10_resnet_group_order(D, list(inner_widths), learned_embedding=learned_embedding,
                                                input_dim=d_in)
    assert 10 ** order == pytest.approx(kept, rel=1e-12)


def test_attention_group_order():
    h, dk, dv, dff = 8, 64, 32, 2048
    per_block = math.factorial(h) * (math.factorial(dk) * math.factorial(dv)) ** h
    assert extensions.log10_attention_group_order(h, dk, dv) == pytest.approx(log10_int(per_block), rel=1e-13)
    assert extensions.log10_attention_group_order(h, dk, dv, d_ff=dff, n_blocks=6) == pytest.approx(
        log10_int((per_block * math.factorial(dff)) ** 6), rel=1e-13)


# --------------------------------------------------------------------------- provenance and errors


def test_every_quantity_has_a_provenance_label_and_no_theorem_numbers():
    for key, label in covering.PROVENANCE.items():
        assert label.split()[0] in {"[PAPER]", "[SUMMARY]", "[RECON]", "[OURS]", "[LIT]"}, key
        assert "Theorem" not in label


@pytest.mark.parametrize("call, error, message", [
    (lambda: covering.log_group_order((3, 0, 1), "relu", limits=COUNTING_CLASSROOM), ValueError, r"hidden width 0 in layer 1: must be an integer in \[1, 4096\]"),
    (lambda: covering.log_group_order((3, 4097, 1), "relu", limits=COUNTING_CLASSROOM), ValueError, "hidden width 4097 in layer 1"),
    (lambda: covering.log_group_order((3,) + (2,) * 101 + (1,), "relu", limits=COUNTING_CLASSROOM), ValueError, "1 to 100 hidden widths"),
    (lambda: covering.log_group_order((3, 4, 1), "softplus"), ValueError, "activation 'softplus': must be one of"),
    (lambda: covering.log_lipschitz((3, 4, 1), B=0, activation="relu"), ValueError, r"B 0.0: must be a finite number in \[1e-06, 1e\+06\]"),
    (lambda: covering.log_lipschitz((3, 4, 1), B=1, activation="relu", method="exact"), ValueError, "method 'exact': must be one of recursion, closed"),
    (lambda: covering.log_covering_number((3, 4, 1), B=1, eps=-1, activation="relu", reduced=True), ValueError, "eps -1.0"),
    (lambda: covering.log_covering_number((3, 4, 1), B=1, eps=0.1, activation="relu", reduced="yes"), TypeError, "reduced 'yes': must be True or False"),
    (lambda: volume.log10_effective_fraction((3, 4, 1), "relu", with_signs=True), ValueError, "sign flips are a symmetry only for odd"),
    (lambda: volume.monte_carlo_fraction((1, 3, 1), n_samples=5, rng=np.random.default_rng(0)), ValueError, "n_samples 5"),
    (lambda: volume.monte_carlo_fraction((1, 3, 1), n_samples=100, rng=0), TypeError, "rng int: must be a numpy.random.Generator"),
    (lambda: volume.monte_carlo_fraction((1, 4096, 1), n_samples=2_000_000, rng=np.random.default_rng(0)), ValueError, "uniform draws, at most"),
    (lambda: generalisation.generalisation_gap((3, 4, 1), n=0, reduced=True, **GEN), ValueError, r"n 0: every sample size must be a number in \[1, 1e\+15\]"),
    (lambda: generalisation.generalisation_gap((3, 4, 1), n=10, reduced=True, delta=0.9, **GEN), ValueError, "delta 0.9"),
    (lambda: extensions.log10_cnn_group_order([16, 0]), ValueError, "channel count 0 in layer 2"),
    (lambda: extensions.log10_resnet_group_order(8, [4], learned_embedding=1, input_dim=2), TypeError, "learned_embedding 1"),
    (lambda: extensions.log10_resnet_group_order(2, [4], learned_embedding=False, input_dim=3), ValueError, "stream_width 2"),
    (lambda: extensions.log10_attention_group_order(0, 4, 4), ValueError, "n_heads 0"),
    (lambda: covering.log_correction_factor(5, 0.5), ValueError, r"log_x 0.5: must be a number <= 0"),
    (lambda: covering.log_correction_factor(5, -math.inf), ValueError, r"log_x -inf: must be finite"),
])
def test_invalid_inputs_are_named(call, error, message):
    with pytest.raises(error, match=message):
        call()
