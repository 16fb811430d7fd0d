"""Guided scenes of "Train a network" (see core/scenes/scene.py for the format)."""

from core.scenes.scene import Phrase, Scene

SCENES: tuple[Scene, ...] = (
    Scene(
        id="train-a-network",
        key_figure="train.player_view",
        page="train",
        title="Train a network",
        text=("Two interleaved moons, 200 points, and a small network: 2 inputs, two hidden layers of 8 tanh "
              "units, 1 output. Press **Train** and watch the boundary bend around the moons. Then try "
              "[[a spiral]] (it gets two layers of 16 units) or [[one layer of 2 units]] (on the data shown), "
              "and [[back to the moons]]."),
        question="Before pressing Train: where will the network put its boundary, and how many steps will it need?",
        settings={"data": "moons", "layers": 2, "w1": 8, "w2": 8, "act": "tanh", "step": 0},
        phrases=(
            Phrase("a spiral", {"data": "spiral", "layers": 2, "w1": 16, "w2": 16, "step": 0}),
            Phrase("one layer of 2 units", {"layers": 1, "w1": 2, "step": 0}),
            Phrase("back to the moons", {"data": "moons", "layers": 2, "w1": 8, "w2": 8, "step": 0}),
        ),
    ),
    Scene(
        id="two-runs-two-weights",
        key_figure="train.player_view",
        page="train",
        title="Same function, other weights?",
        text=("This network was trained for 500 steps from init seed 0. Train it again from "
              "[[init seed 1]]: the boundary comes out almost the same, but look at the network diagram: the "
              "weights are not the same numbers at all. Back to [[init seed 0]] gives exactly the first run "
              "again: seeds make every run reproducible."),
        question="Two students get nearly the same boundary from different weights. Is it the same function? "
                 "Could two different weight vectors compute *exactly* the same function?",
        settings={"data": "moons", "layers": 2, "w1": 8, "w2": 8, "act": "tanh", "iseed": 0, "step": 500},
        phrases=(
            Phrase("init seed 1", {"iseed": 1, "step": 500}),
            Phrase("init seed 0", {"iseed": 0, "step": 500}),
        ),
    ),
)
