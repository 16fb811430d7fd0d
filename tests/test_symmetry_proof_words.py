"""The proof panel says exactly what it measures (issue 13, "claims are computed, not asserted").

For a classification network f_θ is the raw output (logit, before the sigmoid) while the surfaces show
P(class 1) = σ(f_θ). A broken move can move the logit by 10 and P(class 1) by far less, so the proof
measures both (float64, checked here against torch's sigmoid on the same points) and every sentence and
title names which one it reports. Regression networks keep the single gap |f_θ − f_θ′|.
"""

import numpy as np
import pytest
import torch

from core.engine.activations import ACTIVATIONS
from core.engine.grids import input_grid, plot_extent
from core.engine.init_schemes import init_params
from core.engine.mlp import Params, count_params, forward
from core.figures.symmetry_proof import difference_figure
from core.symmetry.lesson import canonical_verdict, proof_verdict, run_lesson
from core.symmetry.moves import MoveSpec, variants_for
from core.symmetry.proof import DENSE, SAME_FUNCTION, prove

BROKEN_SWAP = MoveSpec("swap", 1, 0, 1, variant="incoming_only")


def net(widths, seed: int, scale: float = 2.0) -> Params:
    return init_params(widths, scheme="uniform", scale=scale, rng=np.random.default_rng(seed))


def networks():
    """Depth 1 and 4, generic and degenerate (zero, constant, duplicate units, dead unit)."""
    yield "depth 1", net((2, 5, 1), 1)
    yield "depth 4", net((2, 4, 3, 4, 3, 1), 2)
    widths = (2, 4, 3, 1)
    yield "zero", Params.unflatten(np.zeros(count_params(widths)), widths)
    yield "constant", Params.unflatten(np.full(count_params(widths), 0.5), widths)
    base = net(widths, 5)
    weights, biases = [w.copy() for w in base.weights], [b.copy() for b in base.biases]
    weights[0][1], biases[0][1], weights[1][:, 1] = weights[0][0], biases[0][0], weights[1][:, 0]
    yield "duplicate units", Params(tuple(weights), tuple(biases))
    weights, biases = [w.copy() for w in base.weights], [b.copy() for b in base.biases]
    weights[0][2], biases[0][2] = 0.0, -5.0  # unit 2 of layer 1 is dead for ReLU
    yield "dead unit", Params(tuple(weights), tuple(biases))


def probability_oracle(a: Params, b: Params, activation: str, datasets) -> float:
    """max |σ(f_a) − σ(f_b)| over the proof's grid and the data, with torch's sigmoid in float64."""
    low, high = plot_extent(*datasets)
    points = np.concatenate([input_grid(low, high, DENSE)[2]] + [d.X for d in datasets])
    fa, fb = (torch.sigmoid(torch.from_numpy(forward(p, points, activation))) for p in (a, b))
    return float(torch.max(torch.abs(fa - fb)))


@pytest.mark.parametrize("activation", sorted(ACTIVATIONS))
@pytest.mark.parametrize("name, params", list(networks()))
def test_classification_gap_is_measured_on_logit_and_probability(activation, name, params, moons):
    moons = list(moons)
    histories = [(BROKEN_SWAP,), (MoveSpec("swap", 1, 0, 1),)]
    if "incoming_only" not in variants_for("swap", activation):
        histories = histories[1:]
    for history in histories:
        result = run_lesson(params, activation, moons, history)
        proof = result.proof
        assert proof.classification and proof.probability_gap is not None
        oracle = probability_oracle(params, result.current, activation, moons)
        assert proof.probability_gap == pytest.approx(oracle, abs=1e-12), (name, activation)
        assert proof.probability_gap <= min(proof.gap / 4 + 1e-15, 1.0)  # σ is 1/4-Lipschitz
        words = proof_verdict(result).text
        if proof.gap > SAME_FUNCTION:
            assert "logit" in words and "P(class 1)" in words, words
            assert f"{proof.gap:.2g}" in words and f"{proof.probability_gap:.2g}" in words, words
            canonical = canonical_verdict(result).text
            assert f"{proof.probability_gap:.2g}" in canonical or "differ" not in canonical, canonical
        title = difference_figure(proof).layout.title.text
        assert "logit" in title and f"{proof.gap:.1e}" in title


def test_a_broken_move_can_change_the_logit_far_more_than_the_picture(moons):
    """The teacher's case: a large logit gap, a much smaller change of P(class 1), both said."""
    params = net((2, 8, 8, 1), 3, scale=4.0)
    result = run_lesson(params, "tanh", list(moons), (MoveSpec("swap", 1, 2, 5, variant="incoming_only"),))
    proof = result.proof
    assert proof.gap > 1 and proof.probability_gap < proof.gap / 2
    words = proof_verdict(result).text
    assert f"raw outputs (logits, before the sigmoid) differ by up to {proof.gap:.2g}" in words
    assert f"P(class 1) by up to {proof.probability_gap:.2g}" in words


def test_regression_keeps_the_single_gap(sine):
    params = net((1, 5, 1), 4)
    result = run_lesson(params, "tanh", list(sine), (MoveSpec("swap", 1, 0, 1, variant="incoming_only"),))
    proof = result.proof
    assert not proof.classification and proof.probability_gap is None
    words = proof_verdict(result).text
    assert f"outputs differ by up to {proof.gap:.2g}" in words and "logit" not in words
    assert "logit" not in difference_figure(proof).layout.title.text


def test_twin_has_no_probability_gap_either(moons):
    params = net((2, 5, 4, 1), 6)
    proof = prove(params, params, "tanh", list(moons))
    assert proof.probability_gap == 0.0 and proof.gap == 0.0


def test_break_it_scene_says_which_output_it_measures(moons):
    from core.scenes.symmetries import SCENES

    scene = next(s for s in SCENES if s.id == "break-it")
    params = net((2, 8, 8, 1), 0)
    proof = run_lesson(params, scene.settings["net"], list(moons), scene.settings["moves"]).proof
    assert "logit before the sigmoid" in scene.text and "at most a quarter" in scene.text
    assert proof.probability_gap is not None and 0 < proof.probability_gap <= proof.gap / 4  # what the text says
