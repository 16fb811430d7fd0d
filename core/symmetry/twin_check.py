"""One random twin of any network, checked on given inputs: the lesson's claim for networks it cannot draw.

For a network of any widths (64 inputs and 10 outputs, say), draw a random element g of the group the
activation admits (permutations, plus signs or scales), build g·θ and measure, in float64, what the
lesson's figures show for 2-D networks: the largest change of any output (logit) and of any class
probability over the inputs, how many predicted classes agree, how far the weights moved, and how far
apart the canonical forms of θ and g·θ are. Every number is measured here, never assumed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.engine.class_report import predicted_classes
from core.engine.distances import parameter_distance
from core.engine.mlp import Params, forward, require_params
from core.symmetry.canonical import canonical_form
from core.symmetry.group import GroupElement, random_symmetry
from core.symmetry.proof import class_probabilities
from core.validation import check_array, check_generator


@dataclass(frozen=True, eq=False)
class TwinCheck:
    element: GroupElement
    twin: Params
    n_points: int
    output_gap: float           # max over inputs and outputs of |f_θ − f_gθ|
    probability_gap: float      # max over inputs and classes of the change of a class probability
    same_predictions: int       # inputs whose predicted class (argmax; logit > 0 for one output) agrees
    parameter_distance: float   # ‖θ − g·θ‖
    canonical_distance: float   # ‖can(θ) − can(g·θ)‖


def check_random_twin(params: Params, activation: str, X: np.ndarray, *, rng: np.random.Generator) -> TwinCheck:
    """A random twin g·θ of ``params`` (g drawn from ``rng``) compared with θ on the rows of ``X``."""
    params, rng = require_params(params), check_generator(rng)
    X = check_array(X, "X", ndim=2)
    if X.shape[1] != params.widths[0] or X.shape[0] < 1:
        raise ValueError(f"X has shape {X.shape}: must have shape (n_points, {params.widths[0]}), n_points >= 1")
    element, twin = random_symmetry(params, activation, rng=rng)
    before, after = forward(params, X, activation), forward(twin, X, activation)
    return TwinCheck(
        element=element, twin=twin, n_points=len(X),
        output_gap=float(np.max(np.abs(before - after))),
        probability_gap=float(np.max(np.abs(class_probabilities(before) - class_probabilities(after)))),
        same_predictions=int(np.sum(predicted_classes(before) == predicted_classes(after))),
        parameter_distance=parameter_distance(params, twin),
        canonical_distance=parameter_distance(canonical_form(params, activation), canonical_form(twin, activation)),
    )
