"""Validation of symmetry arguments: permutations, signs and scales, one per hidden layer.

Conventions used in every message (docs/theory.md#notation): hidden layers are numbered 1..L and
matrices from 0, as in the figures, so hidden layer l sits between W_{l-1} and W_l (layer 1 between W_0
and W_1); units are 0-based Python indices within their layer. Each message names
the layer, the unit and the rule that was broken, e.g.
``scale -1.0 for unit 3 in layer 2: must be > 0 (ReLU rescaling uses positive factors)``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

import numpy as np

from core.engine.activations import Activation
from core.validation import shown

SIGN_FLIP_ACTIVATIONS = "tanh, sin, identity (odd) or sigmoid (affine flip)"
RESCALING_ACTIVATIONS = "relu, leaky_relu, identity (positively homogeneous)"


def admits_sign_flip(activation: Activation) -> bool:
    """Odd activations flip plainly; the sigmoid flips with a correction of the next bias."""
    return activation.odd or activation.name == "sigmoid"


def admits_rescaling(activation: Activation) -> bool:
    """True for positively homogeneous activations (relu, leaky_relu, identity)."""
    return activation.positively_homogeneous


def per_layer(values: Any, name: str, hidden_widths: Sequence[int]) -> list:
    """Require one entry per hidden layer (a list/tuple of per-layer sequences)."""
    if isinstance(values, (str, bytes, np.ndarray)) or not isinstance(values, Sequence):
        raise TypeError(f"{name} {shown(values)}: must be a list with one entry per hidden layer")
    if len(values) != len(hidden_widths):
        raise ValueError(
            f"{name} has {len(values)} entries: must have one per hidden layer ({len(hidden_widths)}, "
            f"widths {list(hidden_widths)})"
        )
    return list(values)


def _layer_vector(values, name: str, layer: int, width: int) -> np.ndarray:
    try:
        vector = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(f"{name} for layer {layer} = {shown(values)}: must be a list of numbers") from None
    if vector.ndim != 1 or vector.shape[0] != width:
        raise ValueError(
            f"{name} for layer {layer} has shape {vector.shape}: must have length {width} (the layer's width)"
        )
    return vector


def check_permutation(values: Any, layer: int, width: int) -> tuple[int, ...]:
    """A permutation of 0..width-1, as a tuple of ints: new unit i is old unit p[i]."""
    vector = _layer_vector(values, "permutation", layer, width)
    for position, entry in enumerate(vector):
        if not float(entry).is_integer():
            raise ValueError(
                f"permutation for layer {layer} has entry {entry:g} at position {position}: must be an integer"
            )
    perm = tuple(int(entry) for entry in vector)
    counts = Counter(perm)
    for unit in range(width):
        if counts[unit] != 1:
            raise ValueError(
                f"permutation for layer {layer} = {list(perm)}: unit {unit} appears {counts[unit]} times; "
                f"must contain every unit 0..{width - 1} exactly once"
            )
    return perm


def check_signs(values: Any, layer: int, width: int, activation: Activation | None) -> tuple[int, ...]:
    """Signs +1/-1; a -1 needs an activation that admits the flip (None: check values only)."""
    vector = _layer_vector(values, "signs", layer, width)
    for unit, sign in enumerate(vector.tolist()):
        if sign not in (1.0, -1.0):
            raise ValueError(f"sign {sign:g} for unit {unit} in layer {layer}: must be +1 or -1")
        if sign == -1.0 and activation is not None and not admits_sign_flip(activation):
            raise ValueError(
                f"sign -1 for unit {unit} in layer {layer}: a sign flip preserves the function only for "
                f"{SIGN_FLIP_ACTIVATIONS}; {activation.name} admits no sign flip"
            )
    return tuple(int(sign) for sign in vector)


def check_scales(values: Any, layer: int, width: int, activation: Activation | None) -> tuple[float, ...]:
    """Finite factors c > 0; c != 1 needs a positively homogeneous activation (None: values only)."""
    vector = _layer_vector(values, "scales", layer, width)
    for unit, scale in enumerate(vector.tolist()):  # Python floats: messages read "2.0", not "np.float64(2.0)"
        if not np.isfinite(scale) or scale <= 0.0:
            raise ValueError(
                f"scale {shown(scale)} for unit {unit} in layer {layer}: must be > 0 and finite "
                "(ReLU rescaling uses positive factors)"
            )
        if scale != 1.0 and activation is not None and not admits_rescaling(activation):
            raise ValueError(
                f"scale {shown(scale)} for unit {unit} in layer {layer}: rescaling preserves the function only for "
                f"{RESCALING_ACTIVATIONS}; {activation.name} is not positively homogeneous"
            )
    return tuple(float(scale) for scale in vector)
