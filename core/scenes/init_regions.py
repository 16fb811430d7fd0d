"""Guided scenes of the page "Where you start decides where you end" (see core/scenes/scene.py for the format).

Each scene's ``action`` names the section the page draws first while the scene is on ("map",
"zero", "width"), so at a projector the scene's figure sits right under its text. Every scene and
phrase stays on results that are cached after the first visit or shipped precomputed
(core/init_regions/shipped.py): no scene waits for the 30-second width sweep.
"""

from core.scenes.scene import Phrase, Scene

PAGE = "init_regions"

WHERE_YOU_START = Scene(
    id="where-you-start",
    page=PAGE,
    title="Where you start decides where you end",
    text=(
        "*[OURS]* Every pixel of the map is one **start**: the biases b1 and b2 of two hidden units, everything "
        "else equal. We trained each start on the same teacher and coloured it by the twin of the teacher it "
        "reached. *[RECON]* Swapping the two units maps the start (x, y) to (y, x) and commutes with gradient "
        "descent, so the map is its own **mirror image** across the dashed diagonal, each twin exchanged for its "
        "swapped twin. [[Merge the twins]]: the mirror halves get one colour, because they found the same "
        "function. [[Colour each twin]] to see the pairs again, or [[hide the overlays]] and "
        "[[show the overlays]] to find the mirror line yourself."
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
    page=PAGE,
    title="Wider is easier",
    text=(
        "*[PAPER]* Wider networks are easier to train, because the effective parameter space shrinks as width "
        "grows (right panel, *[RECON]* 1/d! for one hidden layer). *[OURS]* Our test of the consequence (left "
        "panel): 200 random starts per width and initialisation scheme on a task that needs 3 hidden units, "
        "counted as a perfect fit when the final loss is below 10⁻³. With [[300 training steps]] the share "
        "climbs from 0 at width 1 to over 90% at width 8 for every random scheme and stays high (Xavier slips to "
        "91% at width 64); with [[only 100 training steps]] it climbs and then falls again for the widest "
        "networks. Constant starts never fit, at any width."
    ),
    question="With 100 steps the widest networks do worse again. Does that contradict the paper's claim, or "
             "does the claim say nothing about how long training takes?",
    settings={"schemes": ("constant", "uniform", "xavier", "he", "orthogonal", "representative"),
              "widths": (1, 2, 3, 4, 6, 8, 16, 32, 64), "starts": 200, "ssteps": 300},
    phrases=(
        Phrase("300 training steps", {"ssteps": 300}),
        Phrase("only 100 training steps", {"ssteps": 100}),
    ),
    action="width",
)

SCENES: tuple[Scene, ...] = (WHERE_YOU_START, ZERO_INIT, WIDER_IS_EASIER)
