"""Covering-number bounds with and without the hidden-unit symmetries, all in log space.

The lesson "Count functions, not weights". Network widths are (d_0, d_1, ..., d_L, d_{L+1}):
input d_0, hidden d_1..d_L, output d_{L+1}; every parameter lies in [-B, B]; S parameters in
all (core.nets.count_params). Formulas follow paper.md; every public quantity carries a
provenance label in PROVENANCE, using paper.md's tags:

    [PAPER]    read in the paper's own text (Shen, ICML 2024)
    [SUMMARY]  stated by third-party summaries of the paper (the gist is the paper's claim)
    [RECON]    our reconstruction: correct mathematics consistent with the paper's claims,
               NOT the paper's exact theorem or constants
    [OURS]     our dashboard addition

Why log space: 171! overflows float64, Lambda grows like prod (d_i + 1) and m^S has S * log10 m
digits, so widths up to 4,096 and depth up to 100 only fit as logarithms (lgamma, logsumexp).

Numpy and Python integers only: no torch here. (The activation registry in core.activations
imports torch itself; we only read its ``odd``, ``positively_homogeneous`` and ``lipschitz``.)
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from core import limits
from core.activations import Activation, get_activation
from core.nets import count_params
from core.validation import check_choice, check_float, check_generator, check_int, check_widths, shown

PROVENANCE = {
    "group_order": (
        "[SUMMARY] paper's claim: the symmetry factor d_1!···d_L! (permutations of hidden units); "
        "the action on weights and biases is [RECON], standard (paper.md §2.2)"
    ),
    "sign_flip_group_order": (
        "[RECON] our reconstruction: sign flips for odd activations add 2^(d_1+···+d_L) "
        "(paper.md §2.3); not verified whether the paper uses them"
    ),
    "continuous_symmetry_dim": (
        "[RECON] ReLU-type positive rescaling: a continuous symmetry of dimension d_1+···+d_L; "
        "it lowers dimension, never divides the covering number (paper.md §2.4)"
    ),
    "lipschitz_recursion": "[RECON] our reconstruction: Lipschitz constant of θ ↦ f_θ by the layer recursion (paper.md §3.2)",
    "lipschitz_closed": (
        "[RECON] our reconstruction: closed form (L+1)·ρ^L·B^L·∏(d_i+1) (paper.md §3.2); when σ(0) ≠ 0 "
        "or ρB < 1 we use max(ρB+|σ(0)|, 1) in place of ρB (our extension, same proof)"
    ),
    "grid_size": "[RECON] our reconstruction: m = ⌈BΛ/ε⌉ grid points per parameter (paper.md §3.3)",
    "covering_baseline": (
        "[RECON] our reconstruction of a parameter-counting bound: ln N ≤ S·ln⌈BΛ/ε⌉ (paper.md §3.3); "
        "illustrative, not the paper's exact theorem"
    ),
    "covering_reduced": (
        "[RECON] our reconstruction of the paper's idea (the reduction by d_1!···d_L! is the paper's "
        "claim [SUMMARY]): ln N ≤ S ln m − Σ ln d_l! + Σ ln F_{d_l} (paper.md §3.6); not the paper's exact theorem"
    ),
    "correction_factor": (
        "[RECON] our correction Σ ln F_{d_l}(m^{−(d_{l−1}+1)/2}) for grid points with tied units "
        "(paper.md §3.6); without it m^S/∏d_l! is not a bound"
    ),
    "orbit_upper_bound": "[RECON] our upper bound on the number of grid orbits (paper.md §3.6)",
    "effective_fraction": (
        "[SUMMARY] paper's claim: the effective parameter space shrinks by d_1!···d_L!; the relative "
        "fraction 1/∏d_l! (with sign flips 1/∏2^{d_l}d_l!) is [RECON] (paper.md §4.2)"
    ),
    "monte_carlo_fraction": (
        "[OURS] Monte Carlo check: share of uniform θ whose hidden biases are sorted in every layer "
        "(representative set, option A, paper.md §3.4), Wilson 95% interval"
    ),
    "generalisation_gap": (
        "[RECON] our formula 2ℓε + M·sqrt((ln N + ln(2/η))/(2n)) (paper.md §3.9); that the estimation "
        "term shrinks is the paper's claim [SUMMARY]"
    ),
    "sample_size_saving": "[RECON] our reading: samples saved by the smaller ln N (paper.md §3.9)",
    "cnn_group_order": (
        "[RECON] our reconstruction: channel permutations ∏ C_l! (paper.md §3.10); the paper discusses "
        "CNNs [PAPER], its exact count is unverified"
    ),
    "resnet_group_order": (
        "[RECON] our reconstruction: D!·∏ m_t!, D! only with a learned input embedding (paper.md §3.10); "
        "the paper discusses ResNets [PAPER], its exact count is unverified"
    ),
    "attention_group_order": (
        "[RECON] our reconstruction: H!·(d_k!·d_v!)^H per block, times d_ff! for the MLP (paper.md §3.10); "
        "the paper discusses attention [PAPER], its exact count is unverified"
    ),
}

# |sigma(0)| and sup |sigma| per registered activation: the recursion of paper.md §3.2 needs
# both and the registry does not carry them. sup = inf means unbounded.
ACTIVATION_RANGE: dict[str, tuple[float, float]] = {
    "tanh": (0.0, 1.0),
    "relu": (0.0, math.inf),
    "leaky_relu": (0.0, math.inf),
    "sigmoid": (0.5, 1.0),
    "gelu": (0.0, math.inf),
    "sin": (0.0, 1.0),
    "identity": (0.0, math.inf),
}

LIPSCHITZ_METHODS = ("recursion", "closed")

# Above this ratio B*Lambda/eps the ceiling changes ln m by less than 1e-15, below the float
# resolution of ln m itself (paper.md §6), so we use ln(B*Lambda/eps) directly.
_EXACT_CEILING_BELOW = 1e15

_WILSON_Z = 1.959963984540054  # standard normal 97.5% quantile: two-sided 95% interval


# --------------------------------------------------------------------------- input checks


def _check_widths(widths) -> tuple[int, ...]:
    return check_widths(
        widths, input_dim=limits.BOUNDS_INPUT_DIM, hidden=limits.BOUNDS_WIDTH, depth=limits.BOUNDS_DEPTH
    )


def _check_activation(name) -> Activation:
    activation = get_activation(name)
    if activation.name not in ACTIVATION_RANGE:
        raise ValueError(
            f"activation {shown(name)}: core.bounds has no output range for it; "
            f"must be one of {', '.join(ACTIVATION_RANGE)}"
        )
    return activation


def _check_method(method) -> str:
    return check_choice(method, "method", LIPSCHITZ_METHODS)


def _check_flag(value, name: str) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"{name} {shown(value)}: must be True or False")
    return value


def _check_box(B, eps=None) -> tuple[float, float | None]:
    B = check_float(B, "B", limits.BOUNDS_PARAM_B)
    return B, None if eps is None else check_float(eps, "eps", limits.BOUNDS_EPS)


def _hidden(widths) -> tuple[int, ...]:
    return widths[1:-1]


# --------------------------------------------------------------------------- log-space helpers


@functools.lru_cache(maxsize=1)
def _log_factorial_table() -> np.ndarray:
    """ln k! for k = 0..max width, shape (BOUNDS_WIDTH[1] + 1,)."""
    return np.array([math.lgamma(k + 1) for k in range(limits.BOUNDS_WIDTH[1] + 1)])


@functools.lru_cache(maxsize=1)
def _log_derangement_table() -> np.ndarray:
    """ln D_k for k = 0..max width (ln D_1 = -inf since D_1 = 0).

    Exact integers below k = 20; above, D_k = round(k!/e) and ln D_k = ln k! - 1 to far
    better than float precision (the relative error is below 1/k!).
    """
    log_factorials = _log_factorial_table()
    table = log_factorials - 1.0
    exact = [1, 0]
    for k in range(2, 20):
        exact.append((k - 1) * (exact[-1] + exact[-2]))
    table[:20] = [math.log(value) if value else -math.inf for value in exact]
    return table


def _logsumexp(values: np.ndarray) -> float:
    finite = values[np.isfinite(values)]
    top = finite.max()
    return float(top + math.log(np.exp(finite - top).sum()))


@functools.lru_cache(maxsize=4096)
def log_correction_factor(d: int, log_x: float) -> float:
    """ln F_d(x), F_d(x) = sum_k C(d, k) D_k x^k with D_k the derangement numbers (paper.md §3.6).

    [RECON] our correction factor. F_d(1) = d! and F_d(x) <= 1 / (1 - d x) when d x < 1.

    Parameters
    ----------
    d : int
        Width of the hidden layer, 1..BOUNDS_WIDTH[1].
    log_x : float
        ln x <= 0; the bound uses x = m^{-(d_{l-1}+1)/2}.
    """
    d = check_int(d, "hidden width", limits.BOUNDS_WIDTH)
    if not log_x <= 0.0:
        raise ValueError(f"log_x {shown(log_x)}: must be a number <= 0 (x in (0, 1])")
    k = np.arange(d + 1)
    log_factorials = _log_factorial_table()
    log_binomial = log_factorials[d] - log_factorials[k] - log_factorials[d - k]
    return _logsumexp(log_binomial + _log_derangement_table()[k] + k * log_x)


# --------------------------------------------------------------------------- group orders


def log_group_order(widths, activation) -> float:
    """ln |G|: sum over HIDDEN layers of ln d_l!, plus sum d_l ln 2 for odd activations.

    Inputs and outputs never permute (paper.md §7.4). [SUMMARY] for the factor d_1!···d_L!,
    [RECON] for the sign flips.
    """
    widths, activation = _check_widths(widths), _check_activation(activation)
    return _log_group_order(_hidden(widths), with_signs=activation.odd)


def _log_group_order(hidden, *, with_signs: bool) -> float:
    log_order = float(sum(_log_factorial_table()[d] for d in hidden))
    return log_order + sum(hidden) * math.log(2.0) if with_signs else log_order


def log10_group_order(widths, activation) -> float:
    """log10 |G| (see :func:`log_group_order`)."""
    return log_group_order(widths, activation) / math.log(10.0)


def group_order(widths, activation) -> int:
    """|G| as an exact int: prod d_l! (times 2^{sum d_l} for odd activations).

    Only the finite symmetries (permutations, sign flips); ReLU rescaling is continuous, see
    :func:`continuous_symmetry_dim`.
    """
    widths, activation = _check_widths(widths), _check_activation(activation)
    hidden = _hidden(widths)
    order = math.prod(math.factorial(d) for d in hidden)
    return order * 2 ** sum(hidden) if activation.odd else order


def continuous_symmetry_dim(widths, activation) -> int:
    """Dimension of the positive-rescaling symmetry: sum d_l for ReLU-type activations, else 0."""
    widths, activation = _check_widths(widths), _check_activation(activation)
    return sum(_hidden(widths)) if activation.positively_homogeneous else 0


# --------------------------------------------------------------------------- Lipschitz constant


def log_lipschitz(widths, *, B, activation, method: str = "recursion") -> float:
    """ln Λ, the Lipschitz constant of θ ↦ f_θ from (Θ, sup-norm) to (F, sup-norm over [-1,1]^{d_0}).

    [RECON] paper.md §3.2. ``method="recursion"``: forward-magnitude and perturbation
    recursions (tighter). ``method="closed"``: (L+1) a^L prod_{i=0}^{L} (d_i + 1) with
    a = max(ρB + |σ(0)|, 1), which is ρB in paper.md's case σ(0) = 0, ρB >= 1. The output
    width d_{L+1} does not enter (the sup-norm takes the max over outputs).
    """
    widths, activation, method = _check_widths(widths), _check_activation(activation), _check_method(method)
    B, _ = _check_box(B)
    if method == "closed":
        return _log_lipschitz_closed(widths, B, activation)
    return _log_lipschitz_recursion(widths, B, activation)


def _log_lipschitz_recursion(widths, B: float, activation: Activation) -> float:
    """Log-space version of: M_0 = 1, Δ_0 = 0, for l = 0..L-1
    M_{l+1} = min(ρ(d_l B M_l + B) + |σ(0)|, sup|σ|),  Δ_{l+1} = ρ(d_l B Δ_l + d_l M_l + 1),
    Λ = d_L B Δ_L + d_L M_L + 1  (Δ per unit perturbation δ)."""
    sigma0, sup = ACTIVATION_RANGE[activation.name]
    log_rho, log_b = math.log(activation.lipschitz), math.log(B)
    log_sigma0 = math.log(sigma0) if sigma0 else -math.inf
    log_sup = math.log(sup)
    log_m, log_delta = 0.0, -math.inf
    for d in widths[:-2]:
        log_d = math.log(d)
        log_delta = log_rho + np.logaddexp(log_d + log_b + log_delta, np.logaddexp(log_d + log_m, 0.0))
        log_m = min(np.logaddexp(log_rho + log_b + np.logaddexp(log_d + log_m, 0.0), log_sigma0), log_sup)
    log_d = math.log(widths[-2])
    return float(np.logaddexp(log_d + log_b + log_delta, np.logaddexp(log_d + log_m, 0.0)))


def _log_lipschitz_closed(widths, B: float, activation: Activation) -> float:
    depth = len(widths) - 2
    sigma0, _ = ACTIVATION_RANGE[activation.name]
    log_a = math.log(max(activation.lipschitz * B + sigma0, 1.0))
    return math.log(depth + 1) + depth * log_a + sum(math.log(d + 1) for d in widths[:-1])


def _decimal(value: float) -> Fraction:
    """The shortest decimal a float prints as, exactly: 0.1 -> 1/10 (not the binary 0.1000...0555)."""
    return Fraction(repr(float(value)))


def _exact_lipschitz(widths, B: Fraction, activation: Activation, method: str) -> Fraction:
    """Λ in exact rational arithmetic (same formulas as the log-space versions)."""
    sigma0, sup = (_decimal(v) if math.isfinite(v) else None for v in ACTIVATION_RANGE[activation.name])
    rho = _decimal(activation.lipschitz)
    if method == "closed":
        depth = len(widths) - 2
        return (depth + 1) * max(rho * B + sigma0, Fraction(1)) ** depth * math.prod(d + 1 for d in widths[:-1])
    magnitude, perturbation = Fraction(1), Fraction(0)
    for d in widths[:-2]:
        perturbation = rho * (d * B * perturbation + d * magnitude + 1)
        magnitude = rho * (d * B * magnitude + B) + sigma0
        magnitude = magnitude if sup is None else min(magnitude, sup)
    d = widths[-2]
    return d * B * perturbation + d * magnitude + 1


def grid_size(widths, *, B, eps, activation, method: str = "recursion") -> int:
    """m = ⌈BΛ/ε⌉ as an exact int (>= 1). [RECON] paper.md §3.3.

    B and eps are read as the decimals they print as, so B = 1, eps = 0.1 on a network with
    Λ = 249 gives exactly m = 2490 (float division would give 2490.0000000000005 -> 2491).
    """
    widths, activation, method = _check_widths(widths), _check_activation(activation), _check_method(method)
    B, eps = _check_box(B, eps)
    ratio = _decimal(B) * _exact_lipschitz(widths, _decimal(B), activation, method) / _decimal(eps)
    return max(1, math.ceil(ratio))


def log_grid_size(widths, *, B, eps, activation, method: str = "recursion") -> float:
    """ln m, m = ⌈BΛ/ε⌉; exact while BΛ/ε < 1e15, ln(BΛ/ε) beyond (equal to float precision)."""
    log_ratio = (
        math.log(check_float(B, "B", limits.BOUNDS_PARAM_B))
        + log_lipschitz(widths, B=B, activation=activation, method=method)
        - math.log(check_float(eps, "eps", limits.BOUNDS_EPS))
    )
    if log_ratio < math.log(_EXACT_CEILING_BELOW):
        return math.log(grid_size(widths, B=B, eps=eps, activation=activation, method=method))
    return log_ratio


# --------------------------------------------------------------------------- covering numbers


def log_orbit_upper_bound(widths, m) -> float:
    """Upper bound on ln(number of grid orbits under hidden-unit permutations), m values per parameter.

    [RECON] paper.md §3.6: S ln m - sum_l ln d_l! + sum_l ln F_{d_l}(m^{-(d_{l-1}+1)/2}).
    Compare with core.orbits.exact_orbit_count for small architectures.
    """
    widths = _check_widths(widths)
    m = check_int(m, "grid size m", (1, 2**62))
    return _log_reduced(widths, math.log(m))


def _log_correction(widths, log_m: float) -> float:
    """sum_l ln F_{d_l}(m^{-(d_{l-1}+1)/2}) over hidden layers l = 1..L."""
    return sum(
        log_correction_factor(d, -(d_before + 1) / 2 * log_m) for d_before, d in zip(widths[:-2], widths[1:-1])
    )


def _log_reduced(widths, log_m: float) -> float:
    if log_m == 0.0:  # m = 1: one grid point, N = 1 (F_d(1) = d! cancels d! exactly)
        return 0.0
    log_group = _log_group_order(_hidden(widths), with_signs=False)
    return count_params(widths) * log_m - log_group + _log_correction(widths, log_m)


def log_covering_number(widths, *, B, eps, activation, reduced: bool, method: str = "recursion") -> float:
    """Natural log of a covering-number bound of the network class at radius eps (sup-norm).

    reduced=False: baseline S ln⌈BΛ/ε⌉ (paper.md §3.3). reduced=True: the permutation-reduced
    bound with its correction factor (paper.md §3.6); it never exceeds the baseline. Both are
    0 when ε >= BΛ (m = 1). [RECON] both: illustrative, not the paper's exact theorem.
    The reduction uses permutations only, for every activation (sign flips are not counted).
    """
    reduced = _check_flag(reduced, "reduced")
    log_m = log_grid_size(widths, B=B, eps=eps, activation=activation, method=method)
    widths = _check_widths(widths)
    return _log_reduced(widths, log_m) if reduced else count_params(widths) * log_m


def covering_terms(widths, *, B, eps, activation, method: str = "recursion") -> dict[str, float]:
    """Every term of the covering bounds for one architecture, for a formula panel.

    Returns
    -------
    dict with float values (natural logs unless stated):
        n_params (S), log_lipschitz, log_grid_size (ln m), log_baseline (S ln m),
        log_group_order (sum ln d_l!, permutations only), log_correction (sum ln F),
        log_reduced, gap (log_baseline - log_reduced = log_group_order - log_correction
        when m > 1, else 0), relative_reduction_pct (100 gap / log_baseline; 0 when m = 1).
    """
    log_m = log_grid_size(widths, B=B, eps=eps, activation=activation, method=method)
    widths = _check_widths(widths)
    n_params = count_params(widths)
    baseline, reduced = n_params * log_m, _log_reduced(widths, log_m)
    gap = baseline - reduced
    return {
        "n_params": float(n_params),
        "log_lipschitz": log_lipschitz(widths, B=B, activation=activation, method=method),
        "log_grid_size": log_m,
        "log_baseline": baseline,
        "log_group_order": _log_group_order(_hidden(widths), with_signs=False),
        "log_correction": _log_correction(widths, log_m) if log_m > 0 else 0.0,
        "log_reduced": reduced,
        "gap": gap,
        "relative_reduction_pct": 100.0 * gap / baseline if baseline > 0 else 0.0,
    }


def bound_curve(hidden_widths, *, input_dim, output_dim, depth, B, eps, activation, method="recursion"):
    """Covering bounds over a list of widths, every hidden layer of the same width, for plotting.

    Parameters
    ----------
    hidden_widths : sequence of int, length n
        The x axis; each value is used for all ``depth`` hidden layers.

    Returns
    -------
    dict of float64 arrays, each of shape (n,): width, n_params, log_baseline, log_reduced,
    gap, relative_reduction_pct, log_group_order (see :func:`covering_terms`).
    """
    depth = check_int(depth, "depth", limits.BOUNDS_DEPTH)
    columns = ("n_params", "log_baseline", "log_reduced", "gap", "relative_reduction_pct", "log_group_order")
    rows = []
    for width in hidden_widths:
        widths = (input_dim,) + (width,) * depth + (output_dim,)
        terms = covering_terms(widths, B=B, eps=eps, activation=activation, method=method)
        rows.append([float(width)] + [terms[name] for name in columns])
    table = np.array(rows, dtype=np.float64).reshape(-1, len(columns) + 1)
    return {name: table[:, i] for i, name in enumerate(("width",) + columns)}


# --------------------------------------------------------------------------- effective volume


def log10_effective_fraction(widths, activation, with_signs: bool | None = None) -> float:
    """log10 of Vol(representative set) / Vol(box) = 1/prod d_l! (with signs 1/prod 2^{d_l} d_l!).

    [RECON] paper.md §4.2. ``with_signs`` defaults to whether the activation is odd; sign flips
    are a symmetry only for odd activations, so True with another activation is an error.
    """
    widths, activation = _check_widths(widths), _check_activation(activation)
    with_signs = activation.odd if with_signs is None else _check_flag(with_signs, "with_signs")
    if with_signs and not activation.odd:
        raise ValueError(
            f"with_signs True with activation {shown(activation.name)}: sign flips are a symmetry only for "
            "odd activations (tanh, sin, identity)"
        )
    return -_log_group_order(_hidden(widths), with_signs=with_signs) / math.log(10.0)


@dataclass(frozen=True)
class MonteCarloFraction:
    """Share of uniform draws inside the representative region, with a Wilson 95% interval."""

    estimate: float
    low: float
    high: float
    exact: float  # 1 / prod d_l!
    n_inside: int
    n_samples: int


def hidden_bias_indices(widths) -> list[np.ndarray]:
    """Positions of b_0..b_{L-1} (the hidden units' biases) in core.nets.Params.flatten order.

    Returns one int array of shape (d_l,) per hidden layer l = 1..L.
    """
    widths = _check_widths(widths)
    indices, start = [], 0
    for d_in, d_out in zip(widths[:-2], widths[1:-1]):
        start += d_out * d_in  # W_{l-1} comes first, row-major
        indices.append(np.arange(start, start + d_out))
        start += d_out
    return indices


def in_representative_region(thetas, widths) -> np.ndarray:
    """Whether each parameter vector has non-increasing hidden biases in every hidden layer.

    Option A of paper.md §3.4. ``thetas`` has shape (n, S); returns a bool array of shape (n,).
    """
    thetas = np.asarray(thetas, dtype=np.float64)
    inside = np.ones(thetas.shape[0], dtype=bool)
    for layer in hidden_bias_indices(widths):
        inside &= np.all(np.diff(thetas[:, layer], axis=1) <= 0.0, axis=1)
    return inside


def monte_carlo_fraction(widths, *, n_samples, rng, B: float = 1.0) -> MonteCarloFraction:
    """Sample θ ~ U[-B, B]^S and estimate the share inside the representative region.

    [OURS] check of paper.md §3.4/§4.2 for tiny widths (the exact share 1/prod d_l! is about
    1e-6.6 for one layer of width 10, paper.md §7.14). Draws n_samples x S uniform numbers
    (at most ``limits.MONTE_CARLO_MAX_DRAWS``) from ``rng`` only, in chunks.
    """
    widths = _check_widths(widths)
    n_samples = check_int(n_samples, "n_samples", limits.MONTE_CARLO_SAMPLES)
    rng = check_generator(rng)
    B, _ = _check_box(B)
    n_params = count_params(widths)
    if n_samples * n_params > limits.MONTE_CARLO_MAX_DRAWS:
        raise ValueError(
            f"n_samples {n_samples} with {n_params} parameters: needs {n_samples * n_params:,} uniform "
            f"draws, at most {limits.MONTE_CARLO_MAX_DRAWS:,} allowed; use fewer samples or a smaller network"
        )
    chunk = max(1, 2**20 // n_params)  # about 8 MB of float64 per chunk
    n_inside = 0
    for start in range(0, n_samples, chunk):
        thetas = rng.uniform(-B, B, size=(min(chunk, n_samples - start), n_params))
        n_inside += int(in_representative_region(thetas, widths).sum())
    low, high = wilson_interval(n_inside, n_samples)
    exact = math.exp(-_log_group_order(_hidden(widths), with_signs=False))
    return MonteCarloFraction(n_inside / n_samples, low, high, exact, n_inside, n_samples)


def wilson_interval(successes: int, trials: int) -> tuple[float, float]:
    """Wilson score 95% interval for a binomial share successes / trials."""
    trials = check_int(trials, "trials", (1, 2**62))
    successes = check_int(successes, "successes", (0, trials))
    share, z2 = successes / trials, _WILSON_Z**2
    centre = (share + z2 / (2 * trials)) / (1 + z2 / trials)
    half = _WILSON_Z * math.sqrt(share * (1 - share) / trials + z2 / (4 * trials**2)) / (1 + z2 / trials)
    return max(0.0, centre - half), min(1.0, centre + half)


# --------------------------------------------------------------------------- generalisation


@dataclass(frozen=True)
class _LossSetting:
    loss_range: float
    loss_lipschitz: float
    delta: float


def _check_loss(loss_range, loss_lipschitz, delta) -> _LossSetting:
    return _LossSetting(
        check_float(loss_range, "loss_range", limits.BOUNDS_LOSS_RANGE),
        check_float(loss_lipschitz, "loss_lipschitz", limits.BOUNDS_LOSS_LIPSCHITZ),
        check_float(delta, "delta", limits.BOUNDS_FAILURE_PROB),
    )


def _check_sample_sizes(n) -> np.ndarray:
    array = np.asarray(n, dtype=np.float64)
    low, high = limits.BOUNDS_SAMPLE_SIZE
    if array.size == 0 or not np.all(np.isfinite(array)) or np.any((array < low) | (array > high)):
        raise ValueError(f"n {shown(n)}: every sample size must be a number in [{low}, {high:g}]")
    return array


def generalisation_gap(
    widths, *, n, B, eps, activation, reduced: bool, method="recursion",
    loss_range=1.0, loss_lipschitz=1.0, delta=0.05,
):
    """Bound on sup_f |R(f) - R̂_n(f)|: 2ℓε + M sqrt((ln N(ε) + ln(2/η)) / (2n)), prob >= 1 - η.

    [RECON] paper.md §3.9 (Hoeffding + union bound over the cover). ``n`` is a number or an
    array of sample sizes; returns a float64 array of the same shape (0-d for a number).
    ``loss_range`` = M (losses in [0, M]), ``loss_lipschitz`` = ℓ, ``delta`` = η.
    """
    sizes = _check_sample_sizes(n)
    loss = _check_loss(loss_range, loss_lipschitz, delta)
    log_n = log_covering_number(widths, B=B, eps=eps, activation=activation, reduced=reduced, method=method)
    estimation = loss.loss_range * np.sqrt((log_n + math.log(2 / loss.delta)) / (2 * sizes))
    return 2 * loss.loss_lipschitz * eps + estimation


def required_sample_size(
    widths, *, target_gap, B, eps, activation, reduced: bool, method="recursion",
    loss_range=1.0, loss_lipschitz=1.0, delta=0.05,
) -> float:
    """Smallest real n with generalisation_gap <= target_gap: M²(ln N + ln(2/η)) / (2(t - 2ℓε)²).

    [RECON] paper.md §3.9. Round up for an integer count. The target must exceed 2ℓε, the
    part of the bound that no sample size removes.
    """
    target = check_float(target_gap, "target_gap", limits.BOUNDS_TARGET_GAP)
    loss = _check_loss(loss_range, loss_lipschitz, delta)
    floor = 2 * loss.loss_lipschitz * check_float(eps, "eps", limits.BOUNDS_EPS)
    if target <= floor:
        raise ValueError(
            f"target_gap {shown(target)}: must exceed 2·loss_lipschitz·eps = {floor:g}, the cover's own "
            "contribution, which no sample size removes"
        )
    log_n = log_covering_number(widths, B=B, eps=eps, activation=activation, reduced=reduced, method=method)
    return loss.loss_range**2 * (log_n + math.log(2 / loss.delta)) / (2 * (target - floor) ** 2)


def sample_size_saving(widths, *, target_gap, B, eps, activation, method="recursion", **loss) -> dict[str, float]:
    """Samples needed for ``target_gap`` without and with the symmetry reduction, and the saving.

    [RECON] paper.md §3.9: saving = M² (ln N_base - ln N_red) / (2(t - 2ℓε)²) ≈ M² sum ln d_l! / (...).
    ``loss`` takes loss_range, loss_lipschitz and delta as in :func:`required_sample_size`.
    Returns {"n_baseline", "n_reduced", "saving"} as floats.
    """
    common = dict(target_gap=target_gap, B=B, eps=eps, activation=activation, method=method, **loss)
    baseline = required_sample_size(widths, reduced=False, **common)
    reduced = required_sample_size(widths, reduced=True, **common)
    return {"n_baseline": baseline, "n_reduced": reduced, "saving": baseline - reduced}


# --------------------------------------------------------------------------- extensions


def _log10_factorial(d: int) -> float:
    return math.lgamma(d + 1) / math.log(10.0)


def _check_width_list(values, name: str, item: str) -> list[int]:
    if isinstance(values, (str, bytes)) or not hasattr(values, "__len__"):
        raise TypeError(f"{name} {shown(values)}: must be a list of integers")
    low, high = limits.BOUNDS_DEPTH
    if not low <= len(values) <= high:
        raise ValueError(f"{name} {shown(list(values))}: must list {low} to {high} layers")
    return [check_int(v, item, limits.BOUNDS_WIDTH, where=f" in layer {i + 1}") for i, v in enumerate(values)]


def log10_cnn_group_order(channels) -> float:
    """log10 prod_l C_l! over the hidden conv layers' channel counts. [RECON] paper.md §3.10."""
    return sum(_log10_factorial(c) for c in _check_width_list(channels, "channels", "channel count"))


def log10_resnet_group_order(stream_width, block_widths, *, learned_embedding: bool) -> float:
    """log10 (D! prod_t m_t!): inner units of each block, plus one global permutation of the
    residual stream (width D) only when the input embedding is learned. [RECON] paper.md §3.10."""
    stream_width = check_int(stream_width, "stream_width", limits.BOUNDS_WIDTH)
    learned_embedding = _check_flag(learned_embedding, "learned_embedding")
    blocks = sum(_log10_factorial(m) for m in _check_width_list(block_widths, "block_widths", "block width"))
    return blocks + (_log10_factorial(stream_width) if learned_embedding else 0.0)


def log10_attention_group_order(n_heads, d_k, d_v, *, d_ff=None, n_blocks=1) -> float:
    """log10 of [H! (d_k! d_v!)^H (times d_ff! with an MLP)]^n_blocks: the finite permutation part
    of multi-head attention (the invertible maps inside W_Q W_K^T, W_V W_O are continuous and
    not counted). [RECON] paper.md §3.10."""
    n_heads = check_int(n_heads, "n_heads", limits.BOUNDS_WIDTH)
    d_k = check_int(d_k, "d_k", limits.BOUNDS_WIDTH)
    d_v = check_int(d_v, "d_v", limits.BOUNDS_WIDTH)
    n_blocks = check_int(n_blocks, "n_blocks", limits.BOUNDS_DEPTH)
    per_block = _log10_factorial(n_heads) + n_heads * (_log10_factorial(d_k) + _log10_factorial(d_v))
    if d_ff is not None:
        per_block += _log10_factorial(check_int(d_ff, "d_ff", limits.BOUNDS_WIDTH))
    return n_blocks * per_block
