"""Covering-number bounds with and without the hidden-unit symmetries, all in log space.

The lesson "Count functions, not weights". Network widths are (d_0, d_1, ..., d_L, d_{L+1}):
input d_0, hidden d_1..d_L, output d_{L+1}; every parameter lies in [-B, B]; S parameters in
all (core.engine.mlp.count_params). Formulas are written out in docs/theory.md (sections
covering-numbers to generalisation-gap); every public quantity carries a provenance label in
PROVENANCE (docs/theory.md#provenance-labels):

    [PAPER]    what the paper's abstract says (Shen, ICML 2024)
    [SUMMARY]  stated by third-party summaries of the paper (the gist is the paper's claim)
    [RECON]    our reconstruction: correct mathematics consistent with the paper's claims,
               NOT the paper's exact theorem or constants
    [OURS]     our dashboard addition

Why log space: 171! overflows float64, Lambda grows like prod (d_i + 1) and m^S has S * log10 m
digits, so widths up to 4,096 and depth up to 100 only fit as logarithms (lgamma, logsumexp).

Numpy and Python integers only: no torch here. (The activation registry in core.engine.activations
imports torch itself; we only read its ``odd``, ``positively_homogeneous`` and ``lipschitz``.)
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from fractions import Fraction
from typing import overload

import numpy as np
from scipy.special import logsumexp

from core import limits
from core.engine.activations import Activation, get_activation
from core.engine.mlp import count_params
from core.limits import LIBRARY, EngineLimits
from core.validation import check_choice, check_float, check_int, check_widths, shown

PROVENANCE = {
    "group_order": (
        "[SUMMARY] the symmetry factor $d_1!\\cdots d_L!$ (permutations of hidden units) as summaries of the paper "
        "report it; the action on weights and biases is [RECON], standard (docs/theory.md#functional-equivalence)"
    ),
    "sign_flip_group_order": (
        "[RECON] our reconstruction: sign flips for odd activations add $2^{d_1+\\cdots+d_L}$ "
        "(docs/theory.md#symmetries-by-activation); not verified whether the paper uses them"
    ),
    "continuous_symmetry_dim": (
        "[RECON] ReLU-type positive rescaling: a continuous symmetry of dimension $d_1+\\cdots+d_L$; "
        "it lowers dimension and is not divided out of our bounds (docs/theory.md#symmetries-by-activation)"
    ),
    "lipschitz_recursion": (
        "[RECON] our reconstruction: Lipschitz constant of $\\theta \\mapsto f_\\theta$ by the layer recursion "
        "(docs/theory.md#lipschitz-constant)"
    ),
    "lipschitz_closed": (
        "[RECON] our reconstruction: closed form $(L+1)\\,a^L\\prod_i(d_i+1)$ with $a = \\max(\\rho B+|\\sigma(0)|, "
        "1)$ "
        "(docs/theory.md#lipschitz-constant)"
    ),
    "grid_size": "[RECON] our reconstruction: m = ⌈BΛ/ε⌉ grid points per parameter (docs/theory.md#baseline-bound)",
    "covering_baseline": (
        "[RECON] our reconstruction of a parameter-counting upper bound: ln N(ε) ≤ S·ln⌈BΛ/ε⌉ "
        "(docs/theory.md#baseline-bound); illustrative, not the paper's exact theorem"
    ),
    "covering_reduced": (
        "[RECON] our reconstruction of the paper's idea (that functional equivalence gives a smaller covering-"
        "number bound is the paper's claim [PAPER]; the factor $d_1!\\cdots d_L!$ is reported by summaries [SUMMARY]): "
        "$\\ln N(\\varepsilon) \\le S \\ln m - \\sum_l \\ln d_l! + \\sum_l \\ln F_{d_l}$ "
        "(docs/theory.md#reduced-bound); not the paper's exact "
        "theorem. It is the upper bound that shrinks, not the covering number of the function class"
    ),
    "correction_factor": (
        "[RECON] our correction $\\sum_l \\ln F_{d_l}(m^{-(d_{l-1}+1)/2})$ for grid points with tied units "
        "(docs/theory.md#reduced-bound); without it $m^S/\\prod_l d_l!$ is not a bound"
    ),
    "orbit_upper_bound": "[RECON] our upper bound on the number of grid orbits (docs/theory.md#reduced-bound)",
    "effective_fraction": (
        "[RECON] our reconstruction: the relative share $1/\\prod_l d_l!$ (with sign flips $1/\\prod_l 2^{d_l} "
        "d_l!$) of the box "
        "taken by one representative per orbit (docs/theory.md#effective-volume); that the volume of the "
        "effective parameter space shrinks as width grows is the paper's claim [PAPER], the factor $d_1!\\cdots d_L!$ "
        "and representative sets are reported by summaries [SUMMARY]"
    ),
    "monte_carlo_fraction": (
        "[OURS] Monte Carlo check: share of uniform θ whose hidden biases are in decreasing order in every layer "
        "(one representative per orbit, docs/theory.md#effective-volume), Wilson 95% interval"
    ),
    "generalisation_gap": (
        "[RECON] our formula 2ℓε + M·sqrt((ln N + ln(2/η))/(2n)), Hoeffding plus a union bound over the cover "
        "(docs/theory.md#generalisation-gap)"
    ),
    "sample_size_saving": (
        "[RECON] our reading: samples saved by the smaller bound on ln N (docs/theory.md#generalisation-gap)"
    ),
    "cnn_group_order": (
        "[RECON] our reconstruction: channel permutations $\\prod_l C_l!$ (docs/theory.md#extensions); the paper "
        "discusses CNNs [PAPER], its exact count is unverified"
    ),
    "resnet_group_order": (
        "[RECON] our reconstruction: $P!\\prod_t m_t!$, P = D stream coordinates with a learned input embedding, "
        "$P = D - d_{\\text{in}}$ zero-padding coordinates without one; permutations only (docs/theory.md#extensions); "
        "the paper discusses ResNets [PAPER], its exact count is unverified"
    ),
    "attention_group_order": (
        "[RECON] our reconstruction: $H!\\,(d_k!\\,d_v!)^H$ per block, times $d_{\\text{ff}}!$ for the MLP "
        "(docs/theory.md#extensions); the paper discusses attention [PAPER], its exact count is unverified"
    ),
}

# |sigma(0)| and sup |sigma| per registered activation: the recursion (docs/theory.md#lipschitz-constant) needs
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
# resolution of ln m itself, so we use ln(B*Lambda/eps) directly.
_EXACT_CEILING_BELOW = 1e15


# --------------------------------------------------------------------------- input checks


def _check_widths(widths) -> tuple[int, ...]:
    return check_widths(
        widths, input_dim=limits.BOUNDS_INPUT_DIM, hidden=limits.BOUNDS_WIDTH, depth=limits.BOUNDS_DEPTH
    )


def _check_counted(widths, limits: EngineLimits | None) -> tuple[int, ...]:
    # The group orders are cheap at any width: a script counts what init_params builds (LIBRARY); the
    # covering bounds below keep the lesson's caps (their tables and exact Lipschitz constants are sized for it).
    return check_widths(widths, limits=limits)


def _check_activation(name) -> Activation:
    activation = get_activation(name)
    if activation.name not in ACTIVATION_RANGE:
        raise ValueError(
            f"activation {shown(name)}: core.bounds.covering has no output range for it; "
            f"must be one of {', '.join(ACTIVATION_RANGE)}"
        )
    return activation


def _check_method(method) -> str:
    return check_choice(method, "method", LIPSCHITZ_METHODS)


def _check_flag(value, name: str) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"{name} {shown(value)}: must be True or False")
    return value


@overload
def _check_box(B: float, eps: None = None) -> tuple[float, None]: ...


@overload
def _check_box(B: float, eps: float) -> tuple[float, float]: ...


def _check_box(B: float, eps: float | None = None) -> tuple[float, float | None]:
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


@functools.lru_cache(maxsize=4096)
def log_correction_factor(d: int, log_x: float) -> float:
    """ln F_d(x), F_d(x) = sum_k C(d, k) D_k x^k with D_k the derangement numbers
    (docs/theory.md#reduced-bound).

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
    if log_x == -math.inf:  # x = 0: the k = 0 term would be 0 * inf
        raise ValueError("log_x -inf: must be finite (x in (0, 1])")
    k = np.arange(d + 1)
    log_factorials = _log_factorial_table()
    log_binomial = log_factorials[d] - log_factorials[k] - log_factorials[d - k]
    return float(logsumexp(log_binomial + _log_derangement_table()[k] + k * log_x))


# --------------------------------------------------------------------------- group orders


def log_group_order(widths: Sequence[int], activation: str, *, limits: EngineLimits | None = LIBRARY) -> float:
    """ln |G|: sum over HIDDEN layers of ln d_l!, plus sum d_l ln 2 for odd activations.

    Inputs and outputs never permute. [SUMMARY] for the factor d_1!···d_L!,
    [RECON] for the sign flips. ``limits`` bounds ``widths`` (the group orders and
    :func:`continuous_symmetry_dim`): LIBRARY by default, COUNTING_CLASSROOM for the app's caps, None for none.
    """
    widths, checked = _check_counted(widths, limits), _check_activation(activation)
    return _log_group_order(_hidden(widths), with_signs=checked.odd)


def _log_group_order(hidden, *, with_signs: bool) -> float:
    table = _log_factorial_table()  # the same lgamma values; past the lesson's widths, computed
    log_order = float(sum(table[d] if d < len(table) else math.lgamma(d + 1) for d in hidden))
    return log_order + sum(hidden) * math.log(2.0) if with_signs else log_order


def log10_group_order(widths: Sequence[int], activation: str, *, limits: EngineLimits | None = LIBRARY) -> float:
    """log10 |G| (see :func:`log_group_order`)."""
    return log_group_order(widths, activation, limits=limits) / math.log(10.0)


def group_order(widths: Sequence[int], activation: str, *, limits: EngineLimits | None = LIBRARY) -> int:
    """|G| as an exact int: prod d_l! (times 2^{sum d_l} for odd activations).

    Only the finite symmetries (permutations, sign flips); ReLU rescaling is continuous, see
    :func:`continuous_symmetry_dim`. ``limits`` as in :func:`log_group_order`.
    """
    widths, checked = _check_counted(widths, limits), _check_activation(activation)
    hidden = _hidden(widths)
    order = math.prod(math.factorial(d) for d in hidden)
    return order * 2 ** sum(hidden) if checked.odd else order


def continuous_symmetry_dim(widths: Sequence[int], activation: str, *,
                            limits: EngineLimits | None = LIBRARY) -> int:
    """Dimension of the positive-rescaling symmetry: sum d_l for ReLU-type activations, else 0
    (``limits`` as in :func:`log_group_order`)."""
    widths, checked = _check_counted(widths, limits), _check_activation(activation)
    return sum(_hidden(widths)) if checked.positively_homogeneous else 0


# --------------------------------------------------------------------------- Lipschitz constant


def log_lipschitz(widths: Sequence[int], *, B: float, activation: str, method: str = "recursion") -> float:
    """ln Λ, the Lipschitz constant of θ ↦ f_θ from (Θ, sup-norm) to (F, sup-norm over [-1,1]^{d_0}).

    [RECON] docs/theory.md#lipschitz-constant. ``method="recursion"``: forward-magnitude and perturbation
    recursions (tighter). ``method="closed"``: (L+1) a^L prod_{i=0}^{L} (d_i + 1) with
    a = max(ρB + |σ(0)|, 1), which is ρB when σ(0) = 0 and ρB >= 1. The output
    width d_{L+1} does not enter (the sup-norm takes the max over outputs).
    """
    widths, checked, method = _check_widths(widths), _check_activation(activation), _check_method(method)
    B, _ = _check_box(B)
    if method == "closed":
        return _log_lipschitz_closed(widths, B, checked)
    return _log_lipschitz_recursion(widths, B, checked)


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
    assert sigma0 is not None  # |σ(0)| is finite for every activation in ACTIVATION_RANGE; only sup may be inf
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


def grid_size(widths: Sequence[int], *, B: float, eps: float, activation: str, method: str = "recursion") -> int:
    """m = ⌈BΛ/ε⌉ as an exact int (>= 1). [RECON] docs/theory.md#baseline-bound.

    B and eps are read as the decimals they print as, so B = 1, eps = 0.1 on a network with
    Λ = 249 gives exactly m = 2490 (float division would give 2490.0000000000005 -> 2491).
    """
    widths, checked, method = _check_widths(widths), _check_activation(activation), _check_method(method)
    B, eps = _check_box(B, eps)
    ratio = _decimal(B) * _exact_lipschitz(widths, _decimal(B), checked, method) / _decimal(eps)
    return max(1, math.ceil(ratio))


def log_grid_size(widths: Sequence[int], *, B: float, eps: float, activation: str, method: str = "recursion") -> float:
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


def log_orbit_upper_bound(widths: Sequence[int], m: int) -> float:
    """Upper bound on ln(number of grid orbits under hidden-unit permutations), m values per parameter.

    [RECON] docs/theory.md#reduced-bound: S ln m - sum_l ln d_l! + sum_l ln F_{d_l}(m^{-(d_{l-1}+1)/2}).
    Compare with core.bounds.orbits.exact_orbit_count for small architectures.
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


def log_covering_number(widths: Sequence[int], *, B: float, eps: float, activation: str, reduced: bool,
                        method: str = "recursion") -> float:
    """Natural log of an upper bound on the covering number of the network class at radius eps (sup-norm).

    reduced=False: baseline S ln⌈BΛ/ε⌉ (docs/theory.md#baseline-bound). reduced=True: the permutation-reduced
    bound with its correction factor (docs/theory.md#reduced-bound); it never exceeds the baseline. Both are
    0 when ε >= BΛ (m = 1). [RECON] both: illustrative, not the paper's exact theorem.
    The reduction uses permutations only, for every activation (sign flips are not counted).
    """
    reduced = _check_flag(reduced, "reduced")
    log_m = log_grid_size(widths, B=B, eps=eps, activation=activation, method=method)
    widths = _check_widths(widths)
    return _log_reduced(widths, log_m) if reduced else count_params(widths) * log_m


def covering_terms(widths: Sequence[int], *, B: float, eps: float, activation: str,
                   method: str = "recursion") -> dict[str, float]:
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


def bound_curve(hidden_widths: Sequence[int], *, input_dim: int, output_dim: int, depth: int, B: float, eps: float,
                activation: str, method: str = "recursion") -> dict[str, np.ndarray]:
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
