"""Guided scenes of the page "symmetries" (see core/scenes/scene.py for the format).

Each scene's settings carry the moves it demonstrates, so entering "Swap two units" shows a swap
already applied; its phrases replace the move list (and the controls that describe it). Labels
follow ../shared/research/paper.md: permutation invariance is the paper's claim (as summarised),
sign flips and ReLU rescaling are our reconstruction (§2.3, §2.4).
"""

from core.scenes.scene import Phrase, Scene
from core.symmetry.moves import MoveSpec

PAGE = "symmetries"

SWAP_01 = MoveSpec("swap", layer=1, unit=0, other=1)
SWAP_25 = MoveSpec("swap", layer=1, unit=2, other=5)
FLIP_2 = MoveSpec("flip", layer=1, unit=2)
STRETCH_4 = MoveSpec("rescale", layer=1, unit=3, scale=4.0)
SQUEEZE_4 = MoveSpec("rescale", layer=1, unit=3, scale=0.25)
RANDOM_TWIN = MoveSpec("random_element", seed=1)


def _swap_controls(move: MoveSpec, how: str = "right") -> dict:
    return {"move": "swap", "layer": move.layer, "unit": move.unit, "with": move.other, "how": how}


SCENES: tuple[Scene, ...] = (
    Scene(
        id="swap-units", page=PAGE, title="Swap two units",
        text=("Units 0 and 1 of hidden layer 1 have traded places, each taking its whole wiring along: its row "
              "of W₁ (incoming weights), its entry of b₁ (bias) and its column of W₂ (outgoing weights). The "
              "weights moved (‖θ − θ′‖ is far from 0), yet max |f_θ − f_θ′| is 0 up to float64 rounding "
              "(about 10⁻¹⁵): the same function. Try "
              "[[swap units 0 and 1]] or [[swap units 2 and 5]], or [[undo the swap]]. Reordering hidden units "
              "is the symmetry the paper counts, d₁!⋯d_L! orderings (the paper's claim, as summarised)."),
        question="The units traded places, so why does no output change at all? What if only the incoming "
                 "weights had moved?",
        settings={"net": "tanh", **_swap_controls(SWAP_01), "moves": (SWAP_01,), "tab": "Canonical form"},
        phrases=(
            Phrase("swap units 0 and 1", {**_swap_controls(SWAP_01), "moves": (SWAP_01,)}),
            Phrase("swap units 2 and 5", {**_swap_controls(SWAP_25), "moves": (SWAP_25,)}),
            Phrase("undo the swap", {"moves": ()}),
        ),
    ),
    Scene(
        id="flip-tanh", page=PAGE, title="Flip a tanh unit",
        text=("tanh is odd: tanh(−z) = −tanh(z). So [[flip unit 2]] of layer 1: negate its incoming weights and "
              "bias, and it outputs the negative of what it did; negate its outgoing weights too, and the two "
              "minus signs cancel. [[flip it back]] (two flips: θ′ = θ again), or [[flip unit 2, then swap units "
              "0 and 1]]. Every hidden unit can flip on its own, a factor 2 per unit (our reconstruction, "
              "paper.md §2.3)."),
        question="Would the same flip keep the function of a ReLU unit? Why not, and what could?",
        settings={"net": "tanh", "move": "flip", "layer": 1, "unit": 2, "how": "right", "moves": (FLIP_2,),
                  "tab": "Canonical form"},
        phrases=(
            Phrase("flip unit 2", {"move": "flip", "unit": 2, "how": "right", "moves": (FLIP_2,)}),
            Phrase("flip it back", {"move": "flip", "unit": 2, "how": "right", "moves": (FLIP_2, FLIP_2)}),
            Phrase("flip unit 2, then swap units 0 and 1",
                   {**_swap_controls(SWAP_01), "moves": (FLIP_2, SWAP_01)}),
        ),
    ),
    Scene(
        id="stretch-relu", page=PAGE, title="Stretch a ReLU unit",
        text=("ReLU is positively homogeneous: relu(c·z) = c·relu(z) for every c > 0. So [[stretch by c = 4]]: "
              "unit 3's incoming weights and bias × 4, its outgoing weights ÷ 4, and the function stays put; or "
              "[[squeeze by c = 0.25]]. The *Rescaling orbit* tab sweeps c from 0.1 to 10: the weights walk far "
              "away while the function gap stays at rounding. Not a handful of twins but a continuous family of "
              "them (our reconstruction, paper.md §2.4). For contrast, [[try it on tanh]]."),
        question="How many weight settings compute exactly this function now: finitely many?",
        settings={"net": "relu", "move": "rescale", "layer": 1, "unit": 3, "c": 4.0, "how": "right",
                  "moves": (STRETCH_4,), "tab": "Rescaling orbit", "olayer": 1, "ounit": 3, "oc": 4.0},
        phrases=(
            Phrase("stretch by c = 4", {"net": "relu", "move": "rescale", "unit": 3, "c": 4.0, "how": "right",
                                        "moves": (STRETCH_4,), "oc": 4.0}),
            Phrase("squeeze by c = 0.25", {"net": "relu", "move": "rescale", "unit": 3, "c": 0.25, "how": "right",
                                           "moves": (SQUEEZE_4,), "oc": 0.25}),
            Phrase("try it on tanh", {"net": "tanh", "move": "rescale", "unit": 3, "c": 4.0, "how": "right",
                                      "moves": (), "tab": "Rescaling orbit", "oc": 4.0}),
        ),
    ),
    Scene(
        id="break-it", page=PAGE, title="Break it",
        text=("Now [[do it wrongly]]: swap units 2 and 5 but move only their incoming weights and biases; their "
              "outgoing columns of W₂ stay behind, so each unit's output reaches the other's weights. The "
              "difference map lights up and max |f_θ − f_θ′| jumps. Compare [[do it right]], or "
              "[[leave the bias behind]]: a symmetry moves everything a unit owns, or it is no symmetry."),
        question="Which weights must travel with a unit for the function to stay the same, and why those?",
        settings={"net": "tanh", **_swap_controls(SWAP_25, "incoming_only"),
                  "moves": (MoveSpec("swap", 1, 2, 5, variant="incoming_only"),), "tab": "Canonical form"},
        phrases=(
            Phrase("do it wrongly", {**_swap_controls(SWAP_25, "incoming_only"),
                                     "moves": (MoveSpec("swap", 1, 2, 5, variant="incoming_only"),)}),
            Phrase("do it right", {**_swap_controls(SWAP_25), "moves": (SWAP_25,)}),
            Phrase("leave the bias behind", {**_swap_controls(SWAP_25, "without_bias"),
                                             "moves": (MoveSpec("swap", 1, 2, 5, variant="without_bias"),)}),
        ),
    ),
    Scene(
        id="count-twins", page=PAGE, title="Count the twins",
        text=("The box at the top counts them: a 2-8-8-1 tanh network has (8!·2⁸)² ≈ 1.1·10¹⁴ twins, 8! orders "
              "of each hidden layer (the paper's claim, as summarised: d₁!⋯d_L!) times 2⁸ sign patterns per layer "
              "(our reconstruction). The gallery draws a few: [[show 3 twins]], [[show 7 twins]], "
              "[[draw other twins]]. Above, θ′ is already [[a random twin]]; the *Canonical form* tab sends every "
              "twin to one representative. [[count for ReLU]]: no sign flips, but a continuous family."),
        question="If every twin is the same function, how many functions does the weight space really hold, "
                 "and what does that mean for counting arguments?",
        settings={"net": "tanh", "move": "random_element", "how": "right", "moves": (RANDOM_TWIN,),
                  "tab": "Twin gallery", "twins": 3, "gseed": 0},
        phrases=(
            Phrase("show 3 twins", {"tab": "Twin gallery", "twins": 3}),
            Phrase("show 7 twins", {"tab": "Twin gallery", "twins": 7}),
            Phrase("draw other twins", {"tab": "Twin gallery", "gseed": 1}),
            Phrase("a random twin", {"move": "random_element", "how": "right", "moves": (RANDOM_TWIN,)}),
            Phrase("count for ReLU", {"net": "relu", "moves": (), "tab": "Twin gallery"}),
        ),
    ),
)
