"""Words on the symmetry page follow what is computed (issue 13, points 7 and 10).

- The scenes name the matrices a move changes in the figures' convention (W₀, b₀ feed hidden layer 1):
  the names in the text are exactly the matrices the scene's move changes (docs/theory.md#notation).
- The canonical panel says the canonical forms coincide only when their measured distance is ~0, on
  generic and degenerate networks alike (docs/theory.md#canonical-form).
- The proof panel says "same weights" when the weights did not move (flip, then flip back).
"""

import re

import numpy as np
import pytest

from core import rng as rng_streams
from core.engine import data
from core.engine.init_schemes import init_params
from core.engine.mlp import Params, count_params
from core.scenes.symmetries import SCENES
from core.symmetry.lesson import SAME_POINT, canonical_verdict, proof_verdict, run_lesson
from core.symmetry.moves import MoveSpec, describe, make_move, matrix_name, unit_wiring

NAME = re.compile(r"\b([Wb][₀-₉]+)")


@pytest.fixture(scope="module")
def moons():
    full = data.make_dataset("moons", 60, 0.2, rng=rng_streams.stream(0, "data"))
    return list(data.train_test_split(full, 0.25, rng=rng_streams.stream(0, "split")))


def scene(scene_id: str):
    return next(s for s in SCENES if s.id == scene_id)


def changed_matrices(before: Params, after: Params) -> set[str]:
    names = set()
    for k, (w0, w1, b0, b1) in enumerate(zip(before.weights, after.weights, before.biases, after.biases)):
        if not np.array_equal(w0, w1):
            names.add(matrix_name("W", k))
        if not np.array_equal(b0, b1):
            names.add(matrix_name("b", k))
    return names


def net(widths=(2, 8, 8, 1), seed=0) -> Params:
    return init_params(widths, scheme="uniform", scale=1.0, rng=np.random.default_rng(seed))


def test_unit_wiring_names_the_matrices_numbered_from_zero():
    assert unit_wiring(1) == ("W₀", "b₀", "W₁") and unit_wiring(3) == ("W₂", "b₂", "W₃")
    params = net((2, 4, 3, 3, 1))
    for layer in (1, 2, 3):
        move = make_move(params, "tanh", MoveSpec("swap", layer=layer, unit=0, other=1))
        assert changed_matrices(params, move.after) == set(unit_wiring(layer))


def test_the_swap_scene_names_exactly_the_matrices_its_move_changes():
    swap = scene("swap-units")
    (spec,) = swap.settings["moves"]
    params = net()
    named = set(NAME.findall(swap.text))
    assert named == changed_matrices(params, make_move(params, "tanh", spec).after) == {"W₀", "b₀", "W₁"}


def test_the_break_it_scene_says_which_matrix_stays_behind():
    broken = scene("break-it")
    (spec,) = broken.settings["moves"]
    params = net()
    named = set(NAME.findall(broken.text))
    wrong = changed_matrices(params, make_move(params, "tanh", spec).after)
    right = changed_matrices(params, make_move(params, "tanh", MoveSpec("swap", 1, spec.unit, spec.other)).after)
    assert named == right - wrong == {"W₁"}  # the outgoing columns: moved by the right swap, left behind here


def degenerate_networks():
    widths = (2, 4, 3, 1)
    n = count_params(widths)
    rng = np.random.default_rng(4)
    yield "zero", Params.unflatten(np.zeros(n), widths)
    yield "constant", Params.unflatten(np.full(n, 0.5), widths)
    yield "ties", Params.unflatten(rng.choice([-1.0, 0.0, 1.0], size=n), widths)
    base = net(widths, 5)
    weights, biases = [w.copy() for w in base.weights], [b.copy() for b in base.biases]
    weights[0][1], biases[0][1] = weights[0][0], biases[0][0]  # units 0 and 1 share incoming weights only
    yield "same incoming", Params(tuple(weights), tuple(biases))
    weights, biases = [w.copy() for w in base.weights], [b.copy() for b in base.biases]
    weights[0][2], biases[0][2] = 0.0, 0.0  # unit 2 of layer 1 has no incoming weights, but outgoing ones
    yield "zero incoming", Params(tuple(weights), tuple(biases))
    yield "generic", base


HISTORIES = [
    (MoveSpec("random_element", seed=1),),
    (MoveSpec("swap", 1, 0, 1), MoveSpec("flip", 2, 1)),
    (MoveSpec("flip", 1, 2), MoveSpec("flip", 1, 2)),
    (MoveSpec("swap", 1, 0, 1, variant="incoming_only"),),
    (MoveSpec("random_element", seed=3), MoveSpec("canonical")),
    (MoveSpec("flip", 1, 2),),
    (MoveSpec("rescale", 1, 2, scale=2.0),),
]


@pytest.mark.parametrize("activation", ["tanh", "relu", "sigmoid"])
def test_canonical_verdict_follows_the_measured_distance(activation, moons):
    seen = set()
    for name, params in degenerate_networks():
        for history in HISTORIES:
            refused = "flip" if activation == "relu" else "rescale"
            history = tuple(m for m in history if m.kind != refused)
            result = run_lesson(params, activation, moons, history)
            verdict = canonical_verdict(result)
            coincide = result.canonical_distance <= SAME_POINT
            assert ("coincide" in verdict.text) == coincide, (name, history, verdict.text)
            if not coincide:
                assert f"{result.canonical_distance:.3g}" in verdict.text
            seen.add((coincide, result.is_twin))
    assert (False, True) in seen  # a twin whose canonical form differs (tied units) was met, and said so


@pytest.mark.parametrize("name, params", list(degenerate_networks()))
def test_proof_verdict_says_same_weights_when_nothing_moved(name, params, moons):
    back = run_lesson(params, "tanh", moons, (MoveSpec("flip", 1, 2), MoveSpec("flip", 1, 2)))
    assert back.proof.parameter_distance == 0.0
    verdict = proof_verdict(back)
    assert "Same weights, same function" in verdict.text and "different weights" not in verdict.text
    moved = run_lesson(params, "tanh", moons, (MoveSpec("swap", 1, 0, 1),))
    words = proof_verdict(moved).text
    if moved.proof.parameter_distance == 0.0:  # units 0 and 1 are clones: the swap moved nothing
        assert "Same weights" in words
    else:
        assert "Same function, different weights" in words
        assert f"{moved.proof.parameter_distance:.3g}" in words


UNITS = re.compile(r"\bunits? (\d+)(?: and (\d+))?", re.IGNORECASE)
PHRASE = re.compile(r"\[\[(.+?)\]\]")


def shown_units(moves) -> set[int]:
    """The unit numbers, as the page shows them (from 1), of the moves that name units."""
    numbers = set()
    for spec in moves:
        if spec.kind in ("swap", "flip", "rescale"):
            numbers.add(spec.unit + 1)
        if spec.kind == "swap":
            numbers.add(spec.other + 1)
    return numbers


def named_units(text: str) -> set[int]:
    return {int(n) for pair in UNITS.findall(text) for n in pair if n}


@pytest.mark.parametrize("scene_id", [s.id for s in SCENES])
def test_the_unit_numbers_in_a_scene_are_those_of_the_move_it_applies_counted_from_1(scene_id):
    this = scene(scene_id)
    for phrase in this.phrases:  # a phrase that names units applies moves on exactly those units
        if named_units(phrase.text):
            assert named_units(phrase.text) == shown_units(phrase.settings["moves"]), phrase.text
    prose = PHRASE.sub("", this.text)  # the text around the phrases describes the scene's own move
    assert named_units(prose) <= shown_units(this.settings["moves"]), prose
    if named_units(prose):
        assert named_units(prose) == shown_units(this.settings["moves"])
    # and the move list of the page says the same numbers
    for spec in this.settings["moves"]:
        assert named_units(describe(spec)) == shown_units((spec,))


def test_describe_numbers_units_from_1_and_keeps_the_stored_indices():
    spec = MoveSpec("swap", layer=1, unit=2, other=5)
    assert describe(spec) == "swap units 3 and 6 of layer 1" and (spec.unit, spec.other) == (2, 5)
    assert describe(MoveSpec("flip", layer=2, unit=0)) == "flip the sign of unit 1 of layer 2"
    assert describe(MoveSpec("rescale", layer=1, unit=3, scale=4.0)) == "rescale unit 4 of layer 1 by c = 4"
