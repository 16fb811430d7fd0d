"""The Train lesson's scene words, recomputed: "Same function, other weights?" says that init seed 1
gives almost the same boundary as seed 0 while the weights are not the same numbers at all."""

import dataclasses

import numpy as np

from core.engine.experiment import Experiment
from core.engine.grids import input_grid, plot_extent
from core.engine.mlp import forward
from core.engine.presets import train_network
from core.scenes import SCENES


def _scene_experiment(init_seed: int) -> Experiment:
    scene = next(s for s in SCENES if s.id == "two-runs-two-weights")
    settings = scene.settings
    assert "almost the same" in scene.text and "not the same numbers at all" in scene.text
    return dataclasses.replace(Experiment(), dataset=settings["data"], hidden=(settings["w1"], settings["w2"]),
                               activation=settings["act"], init_seed=init_seed, steps=settings["step"])


def test_two_seeds_give_nearly_the_same_boundary_from_far_apart_weights():
    first, second = (train_network(_scene_experiment(seed)) for seed in (0, 1))
    _, _, points = input_grid(*plot_extent(first.train, first.test), 120)
    same_side = np.mean((forward(first.params, points, "tanh") > 0) == (forward(second.params, points, "tanh") > 0))
    assert same_side > 0.9, f"the two boundaries agree on only {same_side:.1%} of the plotted area"
    gap = np.abs(first.params.flatten() - second.params.flatten())
    assert np.median(gap) > 0.3, f"weights differ by a median of only {np.median(gap):.3f}"


def test_the_first_scene_says_what_each_phrase_button_sets():
    scene = next(s for s in SCENES if s.id == "train-a-network")
    phrases = {phrase.text: phrase.settings for phrase in scene.phrases}
    assert "[[a spiral]] (it gets two layers of 16 units)" in scene.text
    assert phrases["a spiral"]["data"] == "spiral"
    assert (phrases["a spiral"]["layers"], phrases["a spiral"]["w1"], phrases["a spiral"]["w2"]) == (2, 16, 16)
    assert "[[one layer of 2 units]] (on the data shown)" in scene.text
    assert "data" not in phrases["one layer of 2 units"]  # it keeps whatever data is on screen
    assert (phrases["one layer of 2 units"]["layers"], phrases["one layer of 2 units"]["w1"]) == (1, 2)
