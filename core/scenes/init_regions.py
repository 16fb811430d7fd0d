"""Guided scenes of the page "Where you start decides where you end" (see core/scenes/scene.py for the format).

Each scene's ``action`` names the section the page draws first while the scene is on ("map",
"zero", "width"), so at a projector the scene's figure sits right under its text. Every scene and
phrase stays on results that are cached after the first visit or shipped precomputed
(core/init_regions/shipped.py): no scene waits for the half-minute width experiment or the
least-squares floor. The numbers and trend words of "Wider is easier?" are those of the shipped
data; tests/test_links_init_regions.py recomputes them from it.
"""

from core.scenes.scene import Phrase, Scene

PAGE = "init_regions"

WHERE_YOU_START = Scene(
    id="where-you-start",
    key_figure="init.map",
    page=PAGE,
    title="Where you start decides where you end",
    text=(
        "*[OURS]* Every pixel of the map is one **start**: the biases b₀[1] and b₀[2] of hidden units 1 and 2 "
        "(b₀ is hidden layer 1's bias vector), everything else equal. We trained each start on the same teacher "
        "and coloured it by where it ended: **at a twin** of "
        "the teacher (low loss, every parameter within 0.25 of that twin, and at most half as far from it as from "
        "any other twin), at **low loss but not at a twin**, stuck, or diverged; the caption under the map "
        "states the rule, and the legend names each twin in words with its share. Here 29% of the starts end at "
        "a twin, and 45% reach a loss below 10⁻³ without being at any twin: a small loss does not pin the weights "
        "down. *[RECON]* Swapping the two units maps the start (x, y) to (y, x) and commutes with gradient "
        "descent, so the map is its own **mirror image** across the dashed diagonal, "
        "each twin exchanged for its swapped twin. [[Merge the twins]]: the starts at a twin get one "
        "colour, because every twin computes the teacher's function. [[Colour each twin]] to see the pairs again, "
        "or [[hide the overlays]] and [[show the overlays]] to find the mirror line yourself."
    ),
    question="On the diagonal itself the two units start identical. Where do those starts end, and why?",
    settings={"task": "teacher", "width": 2, "x": "b1", "y": "b2", "xr": (-3.0, 3.0), "same": True,
              "equal": True, "merge": False, "overlays": True},
    phrases=(
        Phrase("Merge the twins", {"merge": True}),
        Phrase("Colour each twin", {"merge": False}),
        Phrase("hide the overlays", {"overlays": False}),
        Phrase("show the overlays", {"overlays": True}),
    ),
    action="map",
)

ZERO_INIT = Scene(
    id="zero-init",
    key_figure="init.zero_chart",
    page=PAGE,
    title="Zero init never breaks symmetry",
    text=(
        "Start every hidden unit the same, with [[identical non-zero units]] or with [[all weights zero]], and "
        "train. *[RECON]* Such a start is left unchanged by every swap of units, and gradient descent commutes "
        "with swaps, so the units get identical updates at every step: their curves lie on top of each other "
        "and the network stays a width-1 network in disguise. With all weights zero only the output bias ever "
        "moves. [[Eight hidden units]] do no better than [[four hidden units]]."
    ),
    question="Every unit receives the same update. What is the smallest change to the start that lets them differ?",
    settings={"zero": "constant", "zwidth": 4},
    phrases=(
        Phrase("identical non-zero units", {"zero": "constant"}),
        Phrase("all weights zero", {"zero": "zero"}),
        Phrase("Eight hidden units", {"zwidth": 8}),
        Phrase("four hidden units", {"zwidth": 4}),
    ),
    action="zero",
)

WIDER_IS_EASIER = Scene(
    id="wider-is-easier",
    key_figure="init.width_chart",
    page=PAGE,
    title="Wider is easier?",
    text=(
        "*[PAPER]* The paper argues that wider networks are easier to train, because the volume of the effective "
        "parameter space shrinks as width grows. *[OURS]* Here is our own experiment, not a test of that volume "
        "argument: 100 random starts per width and initialisation scheme are trained on a 3-unit tanh teacher, "
        "and a start counts only if it **recovers the teacher's function** (largest gap on a dense grid at most "
        "0.05), judged after 250, 500 and 1,000 steps. Can a narrower student fit this teacher at all? For widths "
        "1 and 2, the best of 200 least-squares fits per width stays 3.5× the tolerance away (width 1: grid error "
        "0.98; width 2: grid error 0.17); best found, not proven. In the shipped run no width-1 or width-2 start "
        "recovered the teacher, and constant starts recovered it at no width. Read the sentences under the "
        "figure: budget by budget, they say for which schemes the share is higher or lower at width 32 than at "
        "width 3 (95% intervals apart), and name a peak in between only where the intervals show one. In the "
        "shipped run, after 1,000 steps, the share is lower at width 32 than at width 3 for 3 of the 5 schemes "
        "and higher for 1 (He / Kaiming); no scheme's curve has a peak whose interval lies apart from both ends."
    ),
    question="Wide students have whole families of parameter vectors that give the teacher's function, yet here "
             "they often do worse within the budget. What does this experiment measure, and what would it take "
             "to test the paper's claim?",
    settings={"schemes": ("constant", "uniform", "xavier", "he", "orthogonal"),
              "widths": (1, 2, 3, 4, 6, 8, 16, 32), "starts": 100, "ssteps": 1000},
    action="width",
)


SCENES: tuple[Scene, ...] = (WHERE_YOU_START, ZERO_INIT, WIDER_IS_EASIER)
