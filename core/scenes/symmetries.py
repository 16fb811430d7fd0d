"""Guided scenes of the page "symmetries" (see core/scenes/scene.py for the format).

Each scene's settings carry the moves it demonstrates, so entering "Swap two units" shows a swap
already applied; its phrases replace the move list (and the controls that describe it). Labels follow
docs/theory.md#provenance-labels: permutation invariance is the paper's claim (as summarised), sign
flips and ReLU rescaling are our reconstruction (docs/theory.md#symmetries-by-activation). Matrices are
named from 0 as in the figures (docs/theory.md#notation): the units of hidden layer 1 own rows of W₀,
entries of b₀ and columns of W₁; the names come from core.symmetry.moves.unit_wiring, and a test checks
them against the matrices each move really changes.
"""

from core.scenes.scene import Phrase, Scene
from core.symmetry.moves import MoveSpec, shown_unit, unit_wiring

PAGE = "symmetries"

SWAP_01 = MoveSpec("swap", layer=1, unit=0, other=1)
SWAP_25 = MoveSpec("swap", layer=1, unit=2, other=5)
FLIP_2 = MoveSpec("flip", layer=1, unit=2)
STRETCH_4 = MoveSpec("rescale", layer=1, unit=3, scale=4.0)
SQUEEZE_4 = MoveSpec("rescale", layer=1, unit=3, scale=0.25)
RANDOM_TWIN = MoveSpec("random_element", seed=1)
W_IN, B_IN, W_OUT = unit_wiring(1)   # what a unit of hidden layer 1 owns: W₀, b₀, W₁

# The text numbers units from 1, as the whole page does; the moves keep their stored 0-based indices (and so
# old links keep working). A test checks every unit number of the text against the move its phrase applies.
A, B = shown_unit(SWAP_01.unit), shown_unit(SWAP_01.other)              # "1", "2"
C, D = shown_unit(SWAP_25.unit), shown_unit(SWAP_25.other)              # "3", "6"
F = shown_unit(FLIP_2.unit)                                             # "3"
S = shown_unit(STRETCH_4.unit)                                          # "4"


def _swap_controls(move: MoveSpec, how: str = "right") -> dict:
    return {"move": "swap", "layer": move.layer, "unit": move.unit, "with": move.other, "how": how}


SCENES: tuple[Scene, ...] = (
    Scene(
        id="swap-units", page=PAGE, title="Swap two units",
        key_figure="sym.movie",
        text=(f"Units {A} and {B} of hidden layer 1 have traded places, each taking its whole wiring along: its row "
              f"of {W_IN} (incoming weights), its entry of {B_IN} (bias) and its column of {W_OUT} (outgoing "
              "weights). The "
              "weights moved (‖θ − θ′‖ is far from 0), yet $\\max|f_\\theta - f_{\\theta'}|$ is 0 up to float64 "
              "rounding "
              "(about 10⁻¹⁵): the same function. Try "
              f"[[swap units {A} and {B}]] or [[swap units {C} and {D}]], or [[undo the swap]]. Reordering hidden "
              "units "
              "is the symmetry the paper counts, $d_1!\\cdots d_L!$ orderings (the paper's claim, as summarised)."),
        question="The units traded places, so why does no output change at all? What if only the incoming "
                 "weights had moved?",
        settings={"net": "tanh", **_swap_controls(SWAP_01), "moves": (SWAP_01,), "tab": "Canonical form"},
        phrases=(
            Phrase(f"swap units {A} and {B}", {**_swap_controls(SWAP_01), "moves": (SWAP_01,)}),
            Phrase(f"swap units {C} and {D}", {**_swap_controls(SWAP_25), "moves": (SWAP_25,)}),
            Phrase("undo the swap", {"moves": ()}),
        ),
    ),
    Scene(
        id="flip-tanh", page=PAGE, title="Flip a tanh unit",
        key_figure="sym.movie",
        text=(f"tanh is odd: tanh(−z) = −tanh(z). So [[flip unit {F}]] of layer 1: negate its incoming weights and "
              "bias, and it outputs the negative of what it did; negate its outgoing weights too, and the two "
              "minus signs cancel. [[flip it back]] (two flips: θ′ = θ again, the same weights), or "
              f"[[flip unit {F}, then swap units {A} and {B}]]. Every hidden unit can flip on its own, a factor 2 "
              "per unit (our reconstruction)."),
        question="Would the same flip keep the function of a ReLU unit? Why not, and what could?",
        settings={"net": "tanh", "move": "flip", "layer": 1, "unit": 2, "how": "right", "moves": (FLIP_2,),
                  "tab": "Canonical form"},
        phrases=(
            Phrase(f"flip unit {F}", {"move": "flip", "unit": 2, "how": "right", "moves": (FLIP_2,)}),
            Phrase("flip it back", {"move": "flip", "unit": 2, "how": "right", "moves": (FLIP_2, FLIP_2)}),
            Phrase(f"flip unit {F}, then swap units {A} and {B}",
                   {**_swap_controls(SWAP_01), "moves": (FLIP_2, SWAP_01)}),
        ),
    ),
    Scene(
        id="stretch-relu", page=PAGE, title="Stretch a ReLU unit",
        key_figure="sym.movie",
        text=("ReLU is positively homogeneous: relu(c·z) = c·relu(z) for every c > 0. So [[stretch by c = 4]] "
              f"(unit {S} of layer 1): its incoming weights and bias × 4, its outgoing weights ÷ 4, and the function "
              "stays put; or [[squeeze by c = 0.25]]. The *Rescaling orbit* tab sweeps c from 0.1 to 10: the "
              "weights walk far away while the function gap stays at rounding. Not a handful of twins but a "
              "continuous family of them (our reconstruction). For contrast, [[try it on tanh]]."),
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
        key_figure="sym.difference",
        text=(f"Now [[do it wrongly]]: swap units {C} and {D} but move only their incoming weights and biases; their "
              f"outgoing columns of {W_OUT} stay behind, so each unit's output reaches the other's weights. The "
              "difference map lights up and $\\max|f_\\theta - f_{\\theta'}|$ jumps (f is the raw output, the logit "
              "before the "
              "sigmoid; the panel also gives the largest change of P(class 1), which the sigmoid keeps to at most a "
              "quarter of that). Compare [[do it right]], or "
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
        key_figure="sym.twins",
        text=("The box at the top counts them: a generic 2-8-8-1 tanh network has (8!·2⁸)² ≈ 1.1·10¹⁴ distinct "
              "twins (itself included), 8! orders of each hidden layer (the paper's claim, as summarised: "
              "$d_1!\\cdots d_L!$) times 2⁸ sign patterns per layer (our reconstruction); the box also counts this "
              "trained "
              "network's own twins, which is fewer only if some symmetry other than the identity leaves its weights "
              "unchanged (the box names one it found). The gallery "
              "draws a few: [[show 3 twins]], [[show 7 twins]], "
              "[[draw other twins]]. Above, θ′ is already [[a random twin]]; the *Canonical form* tab sends every "
              "twin of a network without tied units to one representative. [[count for ReLU]]: no sign flips, "
              "but a continuous family."),
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
