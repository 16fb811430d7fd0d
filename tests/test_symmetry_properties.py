"""Property tests (hypothesis): over random architectures (1-4 hidden layers of width 1-8), every
activation and random θ and g, a symmetry keeps the function to 1e-12 in float64; the canonical
form is invariant and idempotent; every "break it" variant changes a generic network's function.

Hypothesis draws integers (widths, seeds); θ, g and the inputs come from numpy generators seeded
with them, so every failure replays exactly. Example counts are modest to keep the file fast.
"""

import numpy as np
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from core.engine.activations import ACTIVATIONS
from core.engine.distances import function_gap
from core.engine.init_schemes import init_params
from core.engine.mlp import Params
from core.symmetry.canonical import canonical_form
from core.symmetry.group import random_element
from core.symmetry.moves import ACTIONS, MoveSpec, make_move, variants_for

ALL = sorted(ACTIVATIONS)
EXACT = 1e-12
BROKEN = 1e-3
FAST = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])

architectures = st.tuples(st.integers(1, 3), st.lists(st.integers(1, 8), min_size=1, max_size=4), st.integers(1, 2)) \
    .map(lambda parts: (parts[0], *parts[1], parts[2]))
seeds = st.integers(0, 2**32 - 1)


def random_network(widths, seed):
    rng = np.random.default_rng(seed)
    params = init_params(widths, scheme="uniform", scale=1.5, rng=rng)
    return params, rng.uniform(-3, 3, size=(128, widths[0])), rng


@FAST
@given(widths=architectures, activation=st.sampled_from(ALL), seed=seeds)
def test_a_random_group_element_keeps_the_function(widths, activation, seed):
    params, X, rng = random_network(widths, seed)
    element = random_element(params.hidden_widths, activation, rng=rng)
    assert function_gap(params, element.apply(params, activation), X, activation) <= EXACT


@FAST
@given(widths=architectures, activation=st.sampled_from(ALL), seed=seeds, data=st.data())
def test_every_admitted_lesson_move_keeps_the_function(widths, activation, seed, data):
    params, X, _ = random_network(widths, seed)
    layer = data.draw(st.integers(1, len(widths) - 2))
    width, act = widths[layer], ACTIVATIONS[activation]
    admitted = {"swap": width > 1, "permute_layer": width > 1, "random_element": True,
                "flip": act.odd or activation == "sigmoid", "rescale": act.positively_homogeneous}
    kind = data.draw(st.sampled_from([k for k in ACTIONS if admitted[k]]))
    unit = data.draw(st.integers(0, width - 1))
    spec = MoveSpec(kind, layer=layer, unit=unit, other=(unit + 1) % width, scale=data.draw(st.floats(0.1, 10)),
                    seed=seed)
    assert function_gap(params, make_move(params, activation, spec).after, X, activation) <= EXACT


@FAST
@given(widths=architectures, activation=st.sampled_from(ALL), seed=seeds)
def test_canonical_form_is_invariant_and_idempotent(widths, activation, seed):
    params, X, rng = random_network(widths, seed)
    canonical = canonical_form(params, activation)
    twin = random_element(params.hidden_widths, activation, rng=rng).apply(params, activation)
    np.testing.assert_allclose(canonical_form(twin, activation).flatten(), canonical.flatten(), rtol=0, atol=1e-9)
    # idempotent up to rounding: re-normalising a unit-length row can move its last bit
    np.testing.assert_allclose(canonical_form(canonical, activation).flatten(), canonical.flatten(), rtol=0, atol=1e-12)
    assert function_gap(params, canonical, X, activation) <= EXACT


# ---------------------------------------------------------------- break it

def separated_network(widths, seed):
    """A generic θ with margins: the units of each layer have biases and first outgoing weights at least
    ~0.25 apart (a shuffled grid plus jitter), so no two units are near-duplicates (docs/theory.md#canonical-form)."""
    params, X, rng = random_network(widths, seed)
    weights, biases = [w.copy() for w in params.weights], [b.copy() for b in params.biases]
    for layer, d in enumerate(widths[1:-1], start=1):
        biases[layer - 1] = rng.permutation(np.linspace(-1.2, 1.2, d)) + rng.uniform(-0.05, 0.05, d)
        weights[layer][0, :] = rng.permutation(np.linspace(-1.2, 1.2, d)) + rng.uniform(-0.05, 0.05, d)
    return Params(tuple(weights), tuple(biases)), X


def every_unit_matters(params, activation, X, threshold=0.05) -> bool:
    """No reducible units (docs/theory.md#distinct-twins): scaling any unit's outgoing weights by 1.5 visibly changes f.
    Dead ReLU units, or units cut off by dead units downstream, fail this and are not generic."""
    for layer, width in enumerate(params.hidden_widths, start=1):
        for unit in range(width):
            weights = [w.copy() for w in params.weights]
            weights[layer][:, unit] *= 1.5
            if function_gap(params, Params(tuple(weights), params.biases), X, activation) < threshold:
                return False
    return True


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(widths=architectures, activation=st.sampled_from(ALL), seed=seeds, data=st.data())
def test_every_break_it_variant_changes_the_function(widths, activation, seed, data):
    params, X = separated_network(widths, seed)
    assume(every_unit_matters(params, activation, X))
    layer = data.draw(st.integers(1, len(widths) - 2))
    width = widths[layer]
    movable = {"swap": width > 1, "permute_layer": width > 1, "random_element": max(widths[1:-1]) > 1}
    kinds = [k for k in ACTIONS if movable.get(k, True)]
    kind = data.draw(st.sampled_from(kinds))
    unit = data.draw(st.integers(0, width - 1))
    scale = data.draw(st.sampled_from([0.25, 0.5, 2.0, 4.0]))
    for variant in variants_for(kind, activation)[1:]:  # everything but "right"
        spec = MoveSpec(kind, layer=layer, unit=unit, other=(unit + 1) % width, scale=scale, seed=seed,
                        variant=variant)
        gap = function_gap(params, make_move(params, activation, spec).after, X, activation)
        assert gap > BROKEN, (kind, variant, gap)
