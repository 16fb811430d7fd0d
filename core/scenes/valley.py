"""Guided scenes of the lesson "Two runs, one valley" (see core/scenes/scene.py for the format).

The texts name no measured number: the barriers, the matched units and the width trend are in the computed
sentences the page draws under each figure (core/valley/words.py), for the pair on screen and for the
shipped study. The live pairs the phrases ask for are the page's own controls (core/links/valley.py).
"""

from core.scenes.scene import Phrase, Scene

PAGE = "valley"

TWO_RUNS = Scene(
    id="two-runs-one-valley",
    key_figure="valley.chart.line",
    page=PAGE,
    title="Two runs, one valley",
    text=(
        "Networks A and B read the same 8×8 handwritten digits and get the same training; only their random "
        "starts differ. The chart walks the straight line between their weights and scores every point on "
        "held-out digits: first to B as trained, then to B with its hidden units reordered to line up with A's "
        "(weight matching), which leaves B's answers exactly as they were. The sentences under the chart give "
        "both barriers for this pair. Try [[tanh units]] (matching may also flip a unit's signs), "
        "[[64 hidden units]] or [[another seed pair]], then go [[back to the first pair]]."
    ),
    question="Matching does not change a single answer of B. How can it change the loss on the line from A to B?",
    settings={"width": 32, "act": "relu", "seed": 0},
    phrases=(
        Phrase("tanh units", {"act": "tanh"}),
        Phrase("64 hidden units", {"width": 64}),
        Phrase("another seed pair", {"seed": 1}),
        Phrase("back to the first pair", {"width": 32, "act": "relu", "seed": 0}),
    ),
)

AGAINST_WIDTH = Scene(
    id="barrier-against-width",
    key_figure="valley.chart.width",
    page=PAGE,
    title="Wider nets, flatter valleys?",
    text=(
        "*[PAPER: Entezari 2022]* conjectures that, once the permutations of hidden units are taken into account, "
        "trained networks will likely have no barrier between them; *[PAPER: Ainsworth 2023]* reports no barrier "
        "after matching for independently trained residual networks on an image benchmark, and relates width and "
        "training time to it. *[OURS]* The "
        "chart is our own measurement on the digits, precomputed for several widths and seed pairs, both "
        "activations, before and after matching. The sentences beside it are computed from those numbers, "
        "including how the barrier *before* matching changes with width in our short training: read both "
        "curves before deciding what matching adds."
    ),
    question="If the barrier before matching also shrinks with width, what is left for matching to explain?",
    settings={"width": 32, "act": "relu", "seed": 0},
)

SCENES: tuple[Scene, ...] = (TWO_RUNS, AGAINST_WIDTH)
