"""The symmetry group an activation admits: explicit elements, random draws and exact orders.

An element g holds, per hidden layer l, a permutation p_l, signs s_l (±1) and scales c_l (> 0),
all indexed by the *original* unit. It acts as: rescale, then flip, then permute (each layer's
move commutes with every other layer's, so the layer order does not matter). On the layer's
pre-activations this is z -> P S C z, i.e. new unit i is old unit p[i] times s[p[i]] c[p[i]].

Which parts are allowed depends on the activation (core.symmetry.checks):
permutations always; signs for odd activations and the sigmoid's affine flip; scales for
positively homogeneous ones. The finite part has order prod_l d_l! (times 2^{d_l} with flips);
rescaling adds a continuous family of dimension sum_l d_l that no integer counts.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from core.engine.activations import get_activation
from core.engine.mlp import Params, require_params
from core.limits import LIBRARY, EngineLimits
from core.symmetry.checks import (
    admits_rescaling,
    admits_sign_flip,
    check_permutation,
    check_scales,
    check_signs,
    per_layer,
)
from core.symmetry.transforms import flip_signs, permute, rescale
from core.validation import check_float, check_generator, check_widths, shown


@dataclass(frozen=True)
class GroupElement:
    """perms/signs/scales: one tuple per hidden layer (ints, ±1 ints, positive floats)."""

    perms: tuple[tuple[int, ...], ...]
    signs: tuple[tuple[int, ...], ...]
    scales: tuple[tuple[float, ...], ...]

    def __post_init__(self):
        if isinstance(self.perms, (str, bytes)) or not isinstance(self.perms, (list, tuple)):
            raise TypeError(f"perms {shown(self.perms)}: must be a list with one permutation per hidden layer")
        perms = list(self.perms)
        widths = [len(p) for p in perms]  # the permutations define the hidden widths
        signs, scales = per_layer(self.signs, "signs", widths), per_layer(self.scales, "scales", widths)
        layers = list(enumerate(widths, start=1))
        object.__setattr__(self, "perms", tuple(check_permutation(perms[l - 1], l, d) for l, d in layers))
        object.__setattr__(self, "signs", tuple(check_signs(signs[l - 1], l, d, None) for l, d in layers))
        object.__setattr__(self, "scales", tuple(check_scales(scales[l - 1], l, d, None) for l, d in layers))

    @classmethod
    def identity(cls, hidden_widths: Sequence[int]) -> GroupElement:
        """The element that moves nothing: identity permutations, all signs +1, all scales 1.0."""
        return cls(
            tuple(tuple(range(d)) for d in hidden_widths),
            tuple((1,) * d for d in hidden_widths),
            tuple((1.0,) * d for d in hidden_widths),
        )

    @classmethod
    def single_layer(cls, hidden_widths: Sequence[int], layer: int, perm: Iterable[int], signs: Iterable[int],
                     scales: Iterable[float]) -> GroupElement:
        """The element that moves only hidden layer ``layer`` (1-based) and fixes every other layer."""
        rest = cls.identity(hidden_widths)
        i = layer - 1
        return cls(
            rest.perms[:i] + (tuple(perm),) + rest.perms[i + 1:],
            rest.signs[:i] + (tuple(signs),) + rest.signs[i + 1:],
            rest.scales[:i] + (tuple(scales),) + rest.scales[i + 1:],
        )

    @property
    def hidden_widths(self) -> tuple[int, ...]:
        """(d_1, ..., d_L): the widths of the hidden layers this element acts on."""
        return tuple(len(p) for p in self.perms)

    def apply(self, params: Params, activation: str) -> Params:
        """g·θ: a new Params computing exactly θ's function (ValueError if ``activation`` forbids a part)."""
        require_params(params)
        if params.hidden_widths != self.hidden_widths:
            raise ValueError(
                f"group element acts on hidden widths {self.hidden_widths}: params has hidden widths "
                f"{params.hidden_widths}"
            )
        scaled = rescale(params, self.scales, activation)
        return permute(flip_signs(scaled, self.signs, activation), self.perms)

    def compose(self, first: GroupElement) -> GroupElement:
        """self ∘ first: the element that applies ``first``, then ``self``."""
        _same_widths(self, first)
        perms, signs, scales = [], [], []
        for p2, s2, c2, p1, s1, c1 in zip(self.perms, self.signs, self.scales, first.perms, first.signs, first.scales):
            p1, p2 = np.array(p1), np.array(p2)
            back = np.argsort(p1)  # old unit k sits at position back[k] after `first`
            perms.append(tuple(int(i) for i in p1[p2]))
            signs.append(tuple(int(a * b) for a, b in zip(s1, np.array(s2)[back])))
            scales.append(tuple(float(a * b) for a, b in zip(c1, np.array(c2)[back])))
        return GroupElement(tuple(perms), tuple(signs), tuple(scales))

    def inverse(self) -> GroupElement:
        """g⁻¹, with g⁻¹.compose(g) the identity (scales up to rounding)."""
        perms, signs, scales = [], [], []
        for p, s, c in zip(self.perms, self.signs, self.scales):
            index = np.array(p)
            perms.append(tuple(int(i) for i in np.argsort(index)))
            signs.append(tuple(int(x) for x in np.array(s)[index]))
            scales.append(tuple(float(1.0 / x) for x in np.array(c)[index]))
        return GroupElement(tuple(perms), tuple(signs), tuple(scales))

    def is_identity(self, *, atol: float = 1e-12) -> bool:
        """True when every permutation is the identity, every sign +1 and every scale within ``atol`` of 1."""
        return all(
            list(p) == list(range(len(p))) and all(x == 1 for x in s) and np.allclose(c, 1.0, rtol=0, atol=atol)
            for p, s, c in zip(self.perms, self.signs, self.scales)
        )


def _same_widths(a: GroupElement, b: GroupElement) -> None:
    if a.hidden_widths != b.hidden_widths:
        raise ValueError(f"group elements act on hidden widths {a.hidden_widths} and {b.hidden_widths}: must be equal")


def random_element(hidden_widths: Sequence[int], activation: str, *, rng: np.random.Generator,
                   scale_range: tuple[float, float] = (0.25, 4.0)) -> GroupElement:
    """A random element of the group ``activation`` admits: uniform permutations, uniform signs
    (if flips are allowed) and log-uniform scales in ``scale_range`` (if rescaling is allowed)."""
    act, rng = get_activation(activation), check_generator(rng)
    low = check_float(scale_range[0], "scale_range low", (0.0, 1e6), open_low=True)
    high = check_float(scale_range[1], "scale_range high", (low, 1e6))
    perms, signs, scales = [], [], []
    for d in hidden_widths:
        perms.append(tuple(int(i) for i in rng.permutation(d)))
        signs.append(tuple(int(x) for x in rng.choice([-1, 1], size=d)) if admits_sign_flip(act) else (1,) * d)
        log_c = rng.uniform(np.log(low), np.log(high), size=d)
        scales.append(tuple(float(x) for x in np.exp(log_c)) if admits_rescaling(act) else (1.0,) * d)
    return GroupElement(tuple(perms), tuple(signs), tuple(scales))


def random_symmetry(params: Params, activation: str, *, rng: np.random.Generator,
                    scale_range: tuple[float, float] = (0.25, 4.0)) -> tuple[GroupElement, Params]:
    """(g, g·θ) for a random g of the group ``activation`` admits; g·θ computes θ's function."""
    require_params(params)
    element = random_element(params.hidden_widths, activation, rng=rng, scale_range=scale_range)
    return element, element.apply(params, activation)


def _hidden(widths, limits: EngineLimits | None) -> tuple[int, ...]:
    # Counting is cheap even where training is not: a script counts any network init_params builds (LIBRARY,
    # the default); the app passes COUNTING_CLASSROOM, the bounds lesson's caps. Input and output widths
    # do not enter the order, so any the limits allow are fine.
    return check_widths(widths, limits=limits)[1:-1]  # inputs and outputs never move: no d_0! or d_{L+1}!


def group_order(widths: Sequence[int], activation: str, *, limits: EngineLimits | None = LIBRARY) -> int:
    """Exact order of the *finite* part of the group, as a Python int.

    prod_l d_l! (permutations) times prod_l 2^{d_l} when the activation admits sign flips
    (odd activations, and the sigmoid's affine flip). Rescaling is not counted: it is a continuous
    family, see ``rescaling_dimension``. Equals the orbit size of a *generic* θ, i.e. the number of
    distinct twins the group produces from it (θ included); a network with duplicate, zero or dead
    units has fewer (core.symmetry.twins.distinct_twins). ``limits`` (core.limits.EngineLimits) bounds
    ``widths``: LIBRARY by default, COUNTING_CLASSROOM in the app, None for no upper bounds.

    For the sigmoid this counts the affine flips (2^{d_l}) on purpose, unlike
    core.bounds.covering.group_order, which counts only moves that keep the box [-B, B]^S of the covering
    bound (the affine flip shifts the next bias and can leave it).
    """
    flips = admits_sign_flip(get_activation(activation))
    return math.prod(math.factorial(d) * (2 ** d if flips else 1) for d in _hidden(widths, limits))


def rescaling_dimension(widths: Sequence[int], activation: str, *, limits: EngineLimits | None = LIBRARY) -> int:
    """Dimension of the continuous rescaling orbit: sum_l d_l for relu/leaky_relu/identity, else 0.

    Rescaling multiplies the orbit by a manifold, not by a number: it lowers the effective
    dimension from S to S - sum_l d_l and never divides a count (docs/theory.md#symmetries-by-activation).
    ``limits`` as in :func:`group_order`.
    """
    homogeneous = admits_rescaling(get_activation(activation))
    return sum(_hidden(widths, limits)) if homogeneous else 0
