"""Which weight changes keep a network's function, per activation: the one table the app's text reads.

For each activation of the registry (core.engine.activations): the moves that keep the function of
every network (``holds``), the moves a reader might expect that do *not* (``absent``; tests check that
each visibly changes f), whether the set of weights computing the same function as a generic network
is finite, and its dimension where it is continuous. Details and derivations: docs/theory.md#symmetries-by-activation.

Dimension = the local dimension of {θ′ : f_θ′ = f_θ} at a generic θ, over all inputs x ∈ R^{d_0}
(tests measure it as S − rank of the Jacobian of θ ↦ (f_θ(x_i))_i). For ReLU-type networks it is
Σ d_l with one hidden layer (every unit switching somewhere) and at least Σ d_l with more; on a bounded
input domain they have more equivalent weights still (``caveat``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from core.engine.activations import ACTIVATIONS, get_activation
from core.engine.mlp import count_params

# Names of the moves, as the page prints them.
PERMUTE = "permute the hidden units of a layer"
FLIP = "flip a unit's sign (incoming weights, bias and outgoing weights negated)"
AFFINE_FLIP = ("affine flip: negate a unit's incoming weights, bias and outgoing weights, and add its old outgoing "
               "weights to the next bias")
RESCALE = "rescale a unit by c > 0 (incoming weights and bias × c, outgoing weights ÷ c)"
SHIFT = "shift a unit's bias by 2πk (any whole number k)"
REFLECT = "reflect a unit: incoming weights negated, bias b → π − b, outgoing weights kept"
MIX = ("replace a layer's units by any invertible mixture A of them (W_{l-1} → A W_{l-1}, b_{l-1} → A b_{l-1}, "
       "W_l → W_l A⁻¹)")

BOUNDED_RELU = ("On a bounded input region, like the plotted one, ReLU-type networks have even more equivalent "
                "weights: a unit that is never active there can take any incoming weights that keep it inactive "
                "(a whole open set of them), and units that are always active there act linearly, so they can "
                "trade weights with each other and with the next bias.")


@dataclass(frozen=True)
class ActivationFacts:
    activation: str
    holds: tuple[str, ...]      # moves that keep the function of every network
    absent: tuple[str, ...]     # moves that do not (for a generic network they change f)
    finite_group: str           # the finite part the twin counter counts, in words
    infinite: bool              # is the set of equivalent weights of a generic network infinite?
    continuous: bool            # ... and a continuum (positive dimension)?
    caveat: str = ""
    proof: str = ""             # who proved the finite case (tanh, sigmoid); "" where it is only believed

    @property
    def dimension_is_exact(self) -> bool:
        """False where ``dimension`` is only a lower bound (ReLU-type networks with 2+ hidden layers)."""
        return RESCALE not in self.holds or self.activation == "identity"

    def dimension(self, widths: Sequence[int]) -> int:
        """Local dimension of the set of weights equivalent to a generic network of these widths."""
        widths = tuple(int(d) for d in widths)
        hidden = widths[1:-1]
        if self.activation == "identity":
            # f is affine: x ↦ Mx + c with rank M ≤ r = min width; these maps form a set of dimension
            # r(d_0 + d_{L+1} − r) + d_{L+1}, and the rest of the S parameters move freely along the fibre.
            r = min(widths)
            return count_params(widths) - (r * (widths[0] + widths[-1] - r) + widths[-1])
        if RESCALE in self.holds:
            # One scale per hidden unit. With 2+ hidden layers ReLU networks can have more ("hidden"
            # equivalences on open sets of weights, Grigsby, Lindsey and Rolnick 2022): a lower bound there.
            return sum(hidden)
        return 0

    def family_sentence(self, widths: Sequence[int]) -> str:
        """One sentence: is the set of equivalent weights finite, countably infinite, or continuous?"""
        label = get_activation(self.activation).label
        if not self.infinite and self.proof:
            return (f"For a generic {label} network the set of equivalent weights is exactly this finite orbit: "
                    f"no other weights compute the same function (proven for generic networks: {self.proof}).")
        if not self.infinite:
            return (f"For a generic {label} network no other equivalent weights are known, so, as far as we know, "
                    "the set of equivalent weights is this finite orbit (not proven for this activation).")
        if not self.continuous:
            return (f"For {label} the set of equivalent weights is infinite (of dimension 0): shifting a unit's bias "
                    "by 2πk, and reflecting the unit, (w, b, v) → (−w, π − b, v), also keep the function, so the "
                    "count above is only that of the finite group of permutations and sign flips.")
        exact = self.dimension_is_exact or len(widths) <= 3
        size = f"{self.dimension(widths):,}" if exact else f"at least {self.dimension(widths):,}"
        return (f"For {label} the set of equivalent weights is a continuum of dimension {size} for a generic "
                "network, so the count above is only that of the finite group of permutations"
                + (" and sign flips" if FLIP in self.holds else "") + "."
                + ("" if exact else " (With two or more hidden layers some ReLU networks have further "
                                    "equivalences, so the dimension can be larger.)"))


def _facts(name, holds, absent, finite_group, infinite=False, continuous=False, caveat="", proof="") -> ActivationFacts:
    return ActivationFacts(name, tuple(holds), tuple(absent), finite_group, infinite, continuous, caveat, proof)


# tanh: Sussmann 1992, Fefferman 1994; the sigmoid is an affine change of tanh, σ(z) = (1 + tanh(z/2)) / 2,
# so the same uniqueness holds for it with the affine flip in place of the sign flip.
SUSSMANN = "Sussmann 1992 and Fefferman 1994 for tanh"


FACTS: dict[str, ActivationFacts] = {
    f.activation: f
    for f in (
        _facts("tanh", [PERMUTE, FLIP], [RESCALE], "permutations and sign flips", proof=SUSSMANN),
        _facts("sigmoid", [PERMUTE, AFFINE_FLIP], [FLIP, RESCALE], "permutations and affine flips",
               proof=SUSSMANN + ", carried to the sigmoid by σ(z) = (1 + tanh(z/2)) / 2"),
        _facts("gelu", [PERMUTE], [FLIP, RESCALE], "permutations"),
        _facts("relu", [PERMUTE, RESCALE], [FLIP], "permutations", True, True, BOUNDED_RELU),
        _facts("leaky_relu", [PERMUTE, RESCALE], [FLIP], "permutations", True, True, BOUNDED_RELU),
        _facts("sin", [PERMUTE, FLIP, SHIFT, REFLECT], [RESCALE], "permutations and sign flips", True, False),
        _facts("identity", [PERMUTE, FLIP, RESCALE, MIX], [], "permutations and sign flips", True, True),
    )
}
assert set(FACTS) == set(ACTIVATIONS), "every activation of the registry needs its row"


def facts_for(activation: str) -> ActivationFacts:
    """The row of ``activation`` (a ValueError lists the allowed names)."""
    return FACTS[get_activation(activation).name]
