"""Distinct twins of one network (issue 13, point 8): |G| / |Stab(θ)|, checked against brute force.

The oracle lists every element g of the finite group, applies it (core.symmetry.group.GroupElement.apply)
and counts the distinct weight vectors g·θ bit for bit. Networks are small and degenerate on purpose
(zero, constant, duplicate, dead, sign-paired units, random entries from {-1, 0, 1}), depth 1 to 3,
every activation. Weights are small whole numbers, so even the sigmoid's bias sums are exact in float64
and the oracle's equality is exact equality (docs/theory.md#distinct-twins).
"""

import itertools
import math
import re
import zlib

import numpy as np
import pytest

from core.engine.activations import ACTIVATIONS, get_activation
from core.engine.init_schemes import init_params
from core.engine.mlp import Params, count_params
from core.symmetry.activation_facts import facts_for
from core.symmetry.checks import admits_sign_flip
from core.symmetry.group import GroupElement, group_order, random_symmetry
from core.symmetry.stabiliser import stabiliser, stabiliser_order
from core.symmetry.twins import (
    count_distinct_twins,
    distinct_explanation,
    distinct_headline,
    distinct_sentence,
    distinct_twins,
    twin_count,
    twin_sentence,
)

ALL = sorted(ACTIVATIONS)
SMALL = [(2, 3, 1), (1, 4, 2), (1, 2, 2, 1), (2, 2, 3, 1), (1, 3, 2, 2), (1, 2, 2, 2, 1)]


def brute_force(params: Params, activation: str) -> int:
    """Distinct g·θ over every g of the finite group (exact: the weights are whole numbers)."""
    flips = admits_sign_flip(get_activation(activation))
    per_layer = [
        [(p, s) for p in itertools.permutations(range(d))
         for s in (itertools.product((1, -1), repeat=d) if flips else [(1,) * d])]
        for d in params.hidden_widths
    ]
    seen = set()
    for combo in itertools.product(*per_layer):
        g = GroupElement(tuple(c[0] for c in combo), tuple(c[1] for c in combo),
                         tuple((1.0,) * len(c[0]) for c in combo))
        seen.add((g.apply(params, activation).flatten() + 0.0).tobytes())
    return len(seen)


def _net(widths, values) -> Params:
    return Params.unflatten(np.asarray(values, dtype=np.float64), widths)


def degenerate(widths, kind: str, rng: np.random.Generator) -> Params:
    """A network with whole-number weights, degenerate in the named way."""
    n = count_params(widths)
    if kind == "zero":
        return _net(widths, np.zeros(n))
    if kind == "constant":
        return _net(widths, np.full(n, 1.0))
    if kind == "random":
        return _net(widths, rng.choice([-1.0, 0.0, 1.0], size=n, p=[0.25, 0.5, 0.25]))
    params = _net(widths, rng.integers(-3, 4, size=n).astype(float))
    weights, biases = [w.copy() for w in params.weights], [b.copy() for b in params.biases]
    layer = int(rng.integers(1, len(widths) - 1))  # a hidden layer with 2+ units
    d = widths[layer]
    if d < 2:
        return params
    u, v = rng.choice(d, size=2, replace=False)
    if kind in ("duplicate", "sign_pair"):  # unit v copies unit u, incoming and outgoing (negated for sign_pair)
        sign = -1.0 if kind == "sign_pair" else 1.0
        weights[layer - 1][v] = sign * weights[layer - 1][u]
        biases[layer - 1][v] = sign * biases[layer - 1][u]
        weights[layer][:, v] = sign * weights[layer][:, u]
    elif kind == "dead":  # unit u's outgoing weights are zero (and, sometimes, its incoming ones too)
        weights[layer][:, u] = 0.0
        if rng.random() < 0.5:
            weights[layer - 1][u] = 0.0
            biases[layer - 1][u] = 0.0
    elif kind == "same_incoming":  # same incoming weights, different outgoing: not a clone
        weights[layer - 1][v] = weights[layer - 1][u]
        biases[layer - 1][v] = biases[layer - 1][u]
    return Params(tuple(weights), tuple(biases))


KINDS = ["zero", "constant", "random", "duplicate", "sign_pair", "dead", "same_incoming"]


@pytest.mark.parametrize("activation", ALL)
@pytest.mark.parametrize("widths", SMALL)
def test_distinct_twins_agree_with_brute_force_on_degenerate_networks(activation, widths):
    rng = np.random.default_rng(zlib.crc32(f"{activation}{widths}".encode()))
    for kind in KINDS:
        for _ in range(2 if kind in ("random", "duplicate", "sign_pair", "dead") else 1):
            params = degenerate(widths, kind, rng)
            expected = brute_force(params, activation)
            assert distinct_twins(params, activation) == expected, (kind, params)
            assert group_order(widths, activation) % stabiliser_order(params, activation) == 0


def test_the_counts_the_issue_names():
    zero = _net((2, 8, 8, 1), np.zeros(count_params((2, 8, 8, 1))))
    constant = _net((2, 8, 8, 1), np.full(count_params((2, 8, 8, 1)), 0.3))
    assert distinct_twins(zero, "tanh") == 1
    assert distinct_twins(constant, "tanh") == 2**16 == 65_536  # every permutation fixes it; every flip moves it
    generic = init_params((2, 8, 8, 1), scheme="uniform", scale=1.0, rng=np.random.default_rng(0))
    assert distinct_twins(generic, "tanh") == twin_count((2, 8, 8, 1), "tanh").count == 106_542_032_486_400


@pytest.mark.parametrize("activation", ALL)
def test_a_generic_network_and_its_twins_have_the_full_count(activation):
    params = init_params((3, 5, 4, 2), scheme="uniform", scale=1.5, rng=np.random.default_rng(1))
    full = group_order((3, 5, 4, 2), activation)
    assert distinct_twins(params, activation) == full
    _, twin = random_symmetry(params, activation, rng=np.random.default_rng(2))
    assert distinct_twins(twin, activation) == full  # a twin of a generic network is generic too


def test_wide_degenerate_networks_are_counted_quickly():
    widths = (2, 256, 256, 256, 1)
    zero = _net(widths, np.zeros(count_params(widths)))
    assert distinct_twins(zero, "tanh") == 1
    params = init_params(widths, scheme="uniform", scale=1.0, rng=np.random.default_rng(3))
    weights = [w.copy() for w in params.weights]
    weights[1][:, 7] = 0.0  # unit 7 of layer 1 is dead, but its incoming weights differ from every other unit
    dead = Params(tuple(weights), params.biases)
    assert distinct_twins(dead, "tanh") == group_order(widths, "tanh")  # dead alone does not tie it to anyone
    weights[0][7], weights[1][:, 7] = 0.0, 0.0
    biases = [b.copy() for b in params.biases]
    biases[0][7] = 0.0
    zero_unit = Params(tuple(weights), tuple(biases))
    assert distinct_twins(zero_unit, "tanh") == group_order(widths, "tanh") // 2  # it can flip alone


def test_sentences_follow_the_count():
    zero = _net((2, 8, 8, 1), np.zeros(count_params((2, 8, 8, 1))))
    words = distinct_sentence(count_distinct_twins(zero, "tanh"))
    assert "has no twin but itself" in words and "*more* equivalent weights outside the group" in words
    constant = count_distinct_twins(_net((2, 8, 8, 1), np.full(count_params((2, 8, 8, 1)), 0.3)), "tanh")
    words = distinct_sentence(constant)
    assert "65,536 distinct twins (itself included)" in distinct_headline(constant)
    assert "Counted under permutations and sign flips, fewer than a generic network has" in words
    assert f"{math.factorial(8) ** 2:,} group elements leave them exactly unchanged" in words
    generic = init_params((2, 8, 8, 1), scheme="uniform", scale=1.0, rng=np.random.default_rng(0))
    words = distinct_sentence(count_distinct_twins(generic, "tanh"))
    assert "106,542,032,486,400 distinct twins (itself included)" in words and "generic count" in words
    assert twin_sentence(twin_count((2, 8, 8, 1), "tanh")) == (
        "a generic 2-8-8-1 tanh network has (8!·2⁸)² = 106,542,032,486,400 distinct twins in this group "
        "(itself included)")


@pytest.mark.parametrize("activation", ALL)
@pytest.mark.parametrize("widths", [(2, 6, 1), (2, 4, 3, 1), (1, 3, 3, 3, 1), (2, 5, 4, 4, 3, 1)])
def test_the_sentence_and_the_count_agree_on_every_kind_of_network(activation, widths):
    rng = np.random.default_rng(zlib.crc32(f"sentence{activation}{widths}".encode()))
    for kind in KINDS:
        twins = count_distinct_twins(degenerate(widths, kind, rng), activation)
        words = distinct_sentence(twins)
        assert twins.count * twins.stabiliser == twins.generic.count
        alone = f" from {facts_for(activation).finite_group} alone" if facts_for(activation).infinite else ""
        if twins.count == 1:
            assert f"no twin but itself{alone}" in words
        else:
            assert f"has {twins.formatted} distinct twins{alone} (itself included)" in words
        assert ("fewer than a generic network has" in words) == (1 < twins.count < twins.generic.count)
        assert ("generic count" in words) == (twins.count == twins.generic.count)


@pytest.mark.parametrize("activation", ALL)
def test_the_count_line_is_short_and_the_explanation_carries_the_why(activation):
    """The counter box shows a short bold count line and the reason as body text (same computed words)."""
    rng = np.random.default_rng(zlib.crc32(f"headline{activation}".encode()))
    for widths in [(2, 6, 1), (2, 8, 8, 1), (1, 3, 3, 3, 1)]:
        for kind in KINDS:
            twins = count_distinct_twins(degenerate(widths, kind, rng), activation)
            head, why = distinct_headline(twins), distinct_explanation(twins)
            # an infinite family: the line says the count is the finite group's alone (a ReLU scene calls
            # the twins a continuous family right above it)
            alone = f" from {facts_for(activation).finite_group} alone" if facts_for(activation).infinite else ""
            assert len(head) <= 150 and ":" not in head and ";" not in head, head
            assert head.endswith(f"no twin but itself{alone}" if twins.count == 1
                                 else f"has {twins.formatted} distinct twins{alone} (itself included)")
            assert why.endswith(".")
            assert ("generic count" in why) == (twins.count == twins.generic.count)
            assert distinct_sentence(twins) == f"{head}. {why}"


def _fixes(params: Params, activation: str, witness) -> bool:
    """Does the witness, applied as a real group element, give back θ bit for bit?"""
    moved = witness.element(params.hidden_widths).apply(params, activation)
    return (moved.flatten() + 0.0).tobytes() == (params.flatten() + 0.0).tobytes()


def _hand(weights, biases) -> Params:
    return Params(tuple(np.array(w, dtype=np.float64) for w in weights),
                  tuple(np.array(b, dtype=np.float64) for b in biases))


def test_a_dead_unit_alone_keeps_the_generic_count():
    # 1-2-1 tanh, unit 1's outgoing weight is 0 but its incoming one is not: nothing ties it to unit 2.
    dead = _hand([[[1.0], [2.0]], [[0.0, 3.0]]], [[0.5, -0.2], [0.1]])
    twins = count_distinct_twins(dead, "tanh")
    assert twins.count == brute_force(dead, "tanh") == twins.generic.count == 8
    assert "generic count" in distinct_sentence(twins) and "dead" not in distinct_sentence(twins)


@pytest.mark.parametrize(("activation", "expected", "generic"), [("relu", 2, 4), ("tanh", 32, 64)])
def test_two_layers_tied_without_any_duplicate_unit_name_the_element_found(activation, expected, generic):
    # 1-2-2-1 with W₁ = I: layer-1 units share incoming weights but not outgoing ones, layer-2 units differ in
    # incoming weights; only swapping both layers at once leaves θ unchanged.
    tied = _hand([[[1.0], [1.0]], [[1.0, 0.0], [0.0, 1.0]], [[2.0, 2.0]]], [[0.5, 0.5], [0.3, 0.3], [0.0]])
    twins = count_distinct_twins(tied, activation)
    assert (twins.count, twins.generic.count) == (expected, generic) and brute_force(tied, activation) == expected
    words = distinct_sentence(twins)
    assert "some symmetry other than the identity leaves these weights unchanged" in words
    assert "swaps units 1 and 2 of layer 1 and swaps units 1 and 2 of layer 2" in words
    assert not re.search(r"duplicate|dead|all zero", words)
    assert _fixes(tied, activation, twins.witness)


@pytest.mark.parametrize("activation", ALL)
@pytest.mark.parametrize("widths", [(2, 6, 1), (2, 4, 3, 1), (1, 3, 3, 3, 1), (1, 2, 2, 1)])
def test_the_reason_comes_from_an_element_that_really_fixes_the_network(activation, widths):
    rng = np.random.default_rng(zlib.crc32(f"witness{activation}{widths}".encode()))
    for kind in KINDS:
        params = degenerate(widths, kind, rng)
        found = stabiliser(params, activation)
        twins = count_distinct_twins(params, activation)
        if found.order == 1:
            assert found.witness is None and "generic count" in distinct_sentence(twins)
            continue
        assert found.witness is not None and not found.witness.is_identity
        assert _fixes(params, activation, found.witness), (kind, found.witness.moved)
        words = distinct_sentence(twins)
        assert "some symmetry other than the identity leaves these weights unchanged" in words
        assert "dead" not in words
        # Every unit number printed is 1-based and exists in its layer.
        named = re.findall(r"units? ((?:\d+(?:, | and | → )?)+) of layer (\d+)", words)
        assert named, words
        for units, layer in named:
            for unit in re.findall(r"\d+", units):
                assert 1 <= int(unit) <= widths[int(layer)], (words, widths)
        clones = re.search(r"units (\d+) and (\d+) of layer (\d+) are identical in everything they own", words)
        if clones:  # the claim checked on the numbers themselves
            a, b, layer = int(clones[1]) - 1, int(clones[2]) - 1, int(clones[3])
            w_in, b_in, w_out = params.weights[layer - 1], params.biases[layer - 1], params.weights[layer]
            assert (w_in[a] == w_in[b]).all() and b_in[a] == b_in[b] and (w_out[:, a] == w_out[:, b]).all()
        zero = re.search(r"unit (\d+) of layer (\d+) owns only zeros", words)
        if zero:
            u, layer = int(zero[1]) - 1, int(zero[2])
            assert not params.weights[layer - 1][u].any() and params.biases[layer - 1][u] == 0
            assert not params.weights[layer][:, u].any()
