"""Weight matching: bring network b into network a's unit order without changing b's function.

Git Re-Basin's "weight matching" (Ainsworth et al., ICLR 2023), restricted to the group the
activation admits:
  1. forward pass, layer by layer: match b's units to a's by their incoming parameters
     [W_{l-1} | b_{l-1}] (columns already in a's order from the previous layer) with
     ``scipy.optimize.linear_sum_assignment``. With sign flips, unit k of b may match unit j of a
     flipped (score |<a_j, b_k>|); with rescaling, rows are compared by cosine and the matched unit
     is rescaled to a's incoming norm.
  2. coordinate-descent sweeps: rematch each layer using incoming *and* outgoing parameters, keeping
     a sweep only if it lowers ‖θ_a − θ_b‖. With rescaling each layer's move is exact: every pair of
     units is scored with its best scale, a closed form per unit (core.symmetry.unit_scales), so
     the assignment on those scores can only lower the distance.
  3. with rescaling, the permutation-only search (step 1 and 2 without scales) also runs and seeds
     a scaled search of its own; the closest result wins, so a search over the larger group never
     ends further away than one over the permutations alone.
The aligned copy is element.apply(b): it computes exactly b's function. For a planted
b = g·a, the element found is g⁻¹ and the aligned copy equals a (to rounding, for scales).

Options (see ``align``): ``group=`` searches a subgroup (core.symmetry.search_group); ``restarts``,
``random_order`` and a seed ``rng`` add random starting points and layer orders to weight matching;
``method="activations"`` matches units by their activations on data instead
(core.symmetry.activation_matching).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment

from core.engine.activations import Activation, get_activation
from core.engine.distances import parameter_distance
from core.engine.mlp import Params
from core.symmetry.activation_matching import COSTS, match_layer, refine_scales
from core.symmetry.group import GroupElement
from core.symmetry.search_group import SearchGroup, search_group
from core.symmetry.unit_scales import pair_costs
from core.validation import check_array, check_choice, check_generator, check_int

_TINY = 1e-300  # rows with a smaller norm carry no direction to compare
METHODS = ("weights", "activations")


@dataclass(frozen=True, eq=False)
class Alignment:
    """``element`` maps params_b onto params_a's order: ``aligned == element.apply(params_b, activation)``."""

    element: GroupElement
    aligned: Params
    distance_before: float  # ‖θ_a − θ_b‖
    distance_after: float   # ‖θ_a − aligned‖

    @property
    def perms(self) -> tuple[tuple[int, ...], ...]:
        """Per hidden layer: unit i of the aligned copy is unit perms[l-1][i] of b."""
        return self.element.perms

    @property
    def signs(self) -> tuple[tuple[int, ...], ...]:
        """Per hidden layer, ±1 per unit of b (indexed by b's original units): -1 where the match is flipped."""
        return self.element.signs

    @property
    def scales(self) -> tuple[tuple[float, ...], ...]:
        """Per hidden layer, the factor c > 0 per unit of b (indexed by b's original units); all 1 without rescaling."""
        return self.element.scales


def _incoming(params: Params, layer: int) -> np.ndarray:
    return np.column_stack([params.weights[layer - 1], params.biases[layer - 1]])


def _unit_rows(rows: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    return np.divide(rows, norms, out=np.zeros_like(rows), where=norms > _TINY)


def _match_layer(params_a: Params, current_b: Params, layer: int, flips: bool, scales: bool, use_outgoing: bool):
    """(perm, signs, scales) for one hidden layer of ``current_b``, indexed like GroupElement.

    Weight matching by inner products; ``scales`` (first pass only) compares directions and rescales
    each matched unit to a's incoming norm, which recovers a planted rescaling exactly.
    """
    inc_a, inc_b = _incoming(params_a, layer), _incoming(current_b, layer)
    if use_outgoing:
        feat_a = np.column_stack([inc_a, params_a.weights[layer].T])
        feat_b = np.column_stack([inc_b, current_b.weights[layer].T])
    elif scales:  # direction only: the scale is fitted after matching
        feat_a, feat_b = _unit_rows(inc_a), _unit_rows(inc_b)
    else:
        feat_a, feat_b = inc_a, inc_b
    similarity = feat_a @ feat_b.T  # [unit of a, unit of b]
    _, perm = linear_sum_assignment(np.abs(similarity) if flips else similarity, maximize=True)
    signs, factors = np.ones(len(perm)), np.ones(len(perm))
    if flips:
        signs[perm] = np.where(similarity[np.arange(len(perm)), perm] < 0, -1.0, 1.0)
    if scales:
        norm_a, norm_b = np.linalg.norm(inc_a, axis=1), np.linalg.norm(inc_b, axis=1)[perm]
        factors[perm] = np.where((norm_a > _TINY) & (norm_b > _TINY), norm_a / np.maximum(norm_b, _TINY), 1.0)
    return tuple(int(p) for p in perm), tuple(int(s) for s in signs), tuple(float(c) for c in factors)


def _exact_layer_move(params_a: Params, current_b: Params, layer: int, flips: bool):
    """The best (perm, signs, scales) for one hidden layer with every other layer fixed.

    With scales the exact cost of a pair is a minimum over c (core.symmetry.unit_scales), so the
    assignment on those costs can only lower ‖θ_a − θ_b‖: keeping every unit (c = 1) is one option.
    """
    cost, scale, sign = pair_costs(_incoming(params_a, layer), params_a.weights[layer].T,
                                   _incoming(current_b, layer), current_b.weights[layer].T, flips)
    rows, perm = linear_sum_assignment(cost)
    signs, factors = np.ones(len(perm), dtype=int), np.ones(len(perm))
    signs[perm], factors[perm] = sign[rows, perm], scale[rows, perm]
    return tuple(int(p) for p in perm), tuple(int(s) for s in signs), tuple(float(c) for c in factors)


@dataclass(frozen=True)
class _Search:
    """Which part of the group one weight-matching run may use."""

    activation: Activation
    flips: bool
    scales: bool

    def first_pass(self, params_a: Params, current_b: Params, layer: int):
        return _match_layer(params_a, current_b, layer, self.flips, self.scales, use_outgoing=False)

    def refine(self, params_a: Params, current_b: Params, layer: int):
        if self.scales:
            return _exact_layer_move(params_a, current_b, layer, self.flips)
        return _match_layer(params_a, current_b, layer, self.flips, False, use_outgoing=True)


def _layer_order(n_layers: int, order_rng: np.random.Generator | None) -> list[int]:
    """Hidden layers 1..L in order, or in a random order drawn from ``order_rng``."""
    if order_rng is None:
        return list(range(1, n_layers + 1))
    return [int(layer) + 1 for layer in order_rng.permutation(n_layers)]


def _sweep(params_a: Params, params_b: Params, element: GroupElement, move, activation: str,
           layers: list[int]) -> GroupElement:
    for layer in layers:
        current = element.apply(params_b, activation)
        step = GroupElement.single_layer(element.hidden_widths, layer, *move(params_a, current, layer))
        element = step.compose(element)
    return element


def _descend(params_a: Params, params_b: Params, element: GroupElement, search: _Search,
             max_sweeps: int, order_rng: np.random.Generator | None) -> tuple[GroupElement, float]:
    """Refinement sweeps from ``element``, each kept only if it lowers ‖θ_a − g·θ_b‖: never ends worse."""
    name = search.activation.name
    distance = parameter_distance(params_a, element.apply(params_b, name))
    for _ in range(max_sweeps):
        layers = _layer_order(len(params_b.hidden_widths), order_rng)
        candidate = _sweep(params_a, params_b, element, search.refine, name, layers)
        candidate_distance = parameter_distance(params_a, candidate.apply(params_b, name))
        if candidate_distance >= distance - 1e-12 * (1.0 + distance):
            break  # no real improvement: stop (this also rules out cycling)
        element, distance = candidate, candidate_distance
    return element, distance


def _random_start(hidden_widths, flips: bool, rng: np.random.Generator) -> GroupElement:
    """A random permutation per layer (and random signs, when searched): a restart's starting point."""
    return GroupElement(tuple(tuple(int(i) for i in rng.permutation(d)) for d in hidden_widths),
                        tuple(tuple(int(s) for s in (rng.choice([-1, 1], size=d) if flips else np.ones(d, int)))
                              for d in hidden_widths),
                        tuple((1.0,) * d for d in hidden_widths))


def _weight_matching(params_a: Params, params_b: Params, act: Activation, group: SearchGroup, max_sweeps: int,
                     start_rng: np.random.Generator | None, order_rng: np.random.Generator | None):
    """One weight-matching run: from the greedy first pass (``start_rng`` None) or a random element."""
    identity = GroupElement.identity(params_b.hidden_widths)
    unscaled = _Search(act, group.flips, scales=False)
    first = list(range(1, len(params_b.hidden_widths) + 1))  # the first pass goes from the input up
    start = (_sweep(params_a, params_b, identity, unscaled.first_pass, act.name, first) if start_rng is None
             else _random_start(params_b.hidden_widths, group.flips, start_rng))
    element, distance = _descend(params_a, params_b, start, unscaled, max_sweeps, order_rng)
    if group.scales:
        # The scaled search runs from its own first pass and from the permutation-only result; the
        # closest wins, so it never ends further away than permutations (and flips) alone.
        scaled = _Search(act, group.flips, scales=True)
        seeds = [element] if start_rng is not None else [
            _sweep(params_a, params_b, identity, scaled.first_pass, act.name, first), element]
        for seed in seeds:
            candidate, candidate_distance = _descend(params_a, params_b, seed, scaled, max_sweeps, order_rng)
            if candidate_distance < distance:
                element, distance = candidate, candidate_distance
    return element, distance


def _check_options(method: str, cost: str, X, restarts: int, random_order: bool, rng, params_a: Params):
    check_choice(method, "method", METHODS)
    check_choice(cost, "cost", COSTS)
    restarts = check_int(restarts, "restarts", (1, 10_000))
    if method == "activations":
        if X is None:
            raise ValueError("X None: method='activations' matches units by their activations on data; "
                             f"pass X, an array of shape (n_samples, {params_a.widths[0]})")
        X = check_array(X, "X", ndim=2)
        if X.shape[1] != params_a.widths[0] or X.shape[0] < 2:
            raise ValueError(f"X has shape {X.shape}: must have shape (n_samples, {params_a.widths[0]}) "
                             "with n_samples >= 2")
        if restarts != 1 or random_order:
            raise ValueError("restarts and random_order belong to method='weights': activation matching is one "
                             "deterministic pass; leave restarts=1 and random_order=False")
    if rng is None and (restarts > 1 or random_order):
        raise ValueError(f"rng None with restarts={restarts}, random_order={random_order}: random restarts and "
                         "layer orders need a seed; pass rng=numpy.random.default_rng(SEED)")
    rng = None if rng is None else check_generator(rng)
    return X, restarts, rng


def align(params_a: Params, params_b: Params, activation: str, *, max_sweeps: int = 20, group: str | None = None,
          method: str = "weights", X: np.ndarray | None = None, cost: str = "correlation", restarts: int = 1,
          random_order: bool = False, rng: np.random.Generator | None = None) -> Alignment:
    """Bring ``params_b`` into ``params_a``'s unit order; returns an Alignment (its element, the aligned copy,
    and ‖θ_a − θ_b‖ before and after). The defaults are the module docstring's weight matching.

    group: which symmetries to search, one of core.symmetry.search_group.GROUPS that ``activation`` admits
        ("permutations", "permutations+signs", "permutations+scales"); None: all it admits.
    method: "weights" (weight matching, the module docstring) or "activations" (match units by their
        activations on ``X``, core.symmetry.activation_matching; ``cost`` "correlation" or "l2"; with
        scales, up to ``max_sweeps`` scale-only sweeps then lower the weight distance).
    restarts, random_order, rng (weight matching): run ``restarts`` times and keep the closest result. Run 0
        starts from the greedy first pass, later runs from a random element of ``group``; with
        ``random_order`` each refinement sweep visits the layers in a random order. Run i draws from the
        i-th child of ``rng`` (``rng.spawn``), so with generators seeded alike more restarts never end further
        away than fewer (``rng`` itself is advanced: pass a fresh one to repeat a result).
    With rescaling the result is never further from ``params_a`` than permutation (and flip) matching alone.
    """
    act = get_activation(activation)
    before = parameter_distance(params_a, params_b)  # also checks both are Params of equal widths
    max_sweeps = check_int(max_sweeps, "max_sweeps", (0, 1_000))
    chosen = search_group(group, act.name)
    X, restarts, rng = _check_options(method, cost, X, restarts, random_order, rng, params_a)
    if method == "activations":
        layers = list(range(1, len(params_b.hidden_widths) + 1))
        identity = GroupElement.identity(params_b.hidden_widths)

        def move(a, current, layer):
            return match_layer(a, current, X, act, layer, chosen, cost)

        element = _sweep(params_a, params_b, identity, move, act.name, layers)
        if chosen.scales:
            element, distance = refine_scales(params_a, params_b, element, act.name, max_sweeps)
        else:
            distance = parameter_distance(params_a, element.apply(params_b, act.name))
        return Alignment(element, element.apply(params_b, act.name), before, distance)
    children = rng.spawn(restarts) if rng is not None else [None]
    best: tuple[GroupElement, float] | None = None
    for run, child in enumerate(children):
        start_rng = child if run > 0 else None
        order_rng = child if random_order else None
        element, distance = _weight_matching(params_a, params_b, act, chosen, max_sweeps, start_rng, order_rng)
        if best is None or distance < best[1]:
            best = (element, distance)
    assert best is not None
    return Alignment(best[0], best[0].apply(params_b, act.name), before, best[1])
