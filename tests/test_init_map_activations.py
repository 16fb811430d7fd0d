"""Every activation the map offers has exactly the twins the map lists; sin, which has more, is not offered.

The map colours starts by the finite list of twins g·θ* (unit permutations and sign flips). That is
only honest for an activation with no further function-preserving moves. Oracle: apply each move
that some activation admits and measure, on a dense grid, whether the teacher's function changes.
"""

import numpy as np
import pytest

from core.engine.mlp import Params, forward
from core.init_regions.outcomes import group_elements, twins_of
from core.init_regions.task import MAP_ACTIVATIONS, MapSpec, check_map_spec, teacher_params
from core.init_regions.zero_init import zero_init_demo
from core.links.init_regions import FIELDS
from core.links.url_state import decode_query

GRID = np.linspace(-2.0, 2.0, 401)[:, None]


def _units(params: Params):
    return params.weights[0][:, 0].copy(), params.biases[0].copy(), params.weights[1][0].copy()


def _net(w, b, v, c):
    return Params((w[:, None], v[None, :]), (b, np.atleast_1d(c)))


def _extra_moves(teacher: Params) -> dict:
    """Moves outside the permutation-and-sign-flip group, each on unit 1 of the teacher."""
    w, b, v = _units(teacher)
    c = teacher.biases[1]
    moves = {}
    shifted = b.copy()
    shifted[0] += 2 * np.pi
    moves["bias + 2π"] = _net(w, shifted, v, c)
    reflected_w, reflected_b = w.copy(), b.copy()
    reflected_w[0], reflected_b[0] = -w[0], np.pi - b[0]
    moves["(w, b, v) → (−w, π − b, v)"] = _net(reflected_w, reflected_b, v, c)
    scaled_w, scaled_b, scaled_v = w.copy(), b.copy(), v.copy()
    scaled_w[0], scaled_b[0], scaled_v[0] = 2 * w[0], 2 * b[0], v[0] / 2
    moves["rescale by 2"] = _net(scaled_w, scaled_b, scaled_v, c)
    flipped_w, flipped_b, flipped_v = w.copy(), b.copy(), v.copy()
    flipped_w[0], flipped_b[0], flipped_v[0] = -w[0], -b[0], -v[0]
    moves["affine flip (sigmoid)"] = _net(flipped_w, flipped_b, flipped_v, c + v[0])
    return moves


def _gap(a: Params, b: Params, activation: str) -> float:
    return float(np.max(np.abs(forward(a, GRID, activation) - forward(b, GRID, activation))))


@pytest.mark.parametrize("activation", MAP_ACTIVATIONS)
@pytest.mark.parametrize("width", [2, 3])
def test_no_move_outside_the_listed_group_keeps_the_teachers_function(activation, width):
    teacher = teacher_params(width)
    for name, moved in _extra_moves(teacher).items():
        assert _gap(moved, teacher, activation) > 1e-3, (activation, name)
    twins = twins_of(teacher, activation)
    assert len(twins.vectors) == len(group_elements(width, activation)) == 2 ** width * int(np.prod(range(1, width + 1)))
    for vector in twins.vectors:  # and every listed twin does keep it
        assert _gap(Params.unflatten(vector, (1, width, 1)), teacher, activation) < 1e-12


def test_sin_has_equivalents_the_map_could_not_list_so_it_is_not_offered():
    teacher = teacher_params(2)
    moves = _extra_moves(teacher)
    assert _gap(moves["bias + 2π"], teacher, "sin") < 1e-12
    assert _gap(moves["(w, b, v) → (−w, π − b, v)"], teacher, "sin") < 1e-12
    assert "sin" not in MAP_ACTIVATIONS
    with pytest.raises(ValueError, match="map activation"):
        check_map_spec(MapSpec(activation="sin"))
    with pytest.raises(ValueError, match="activation"):
        zero_init_demo("constant", 3, steps=20, activation="sin")


def test_an_old_link_with_sin_falls_back_to_tanh_with_a_named_warning():
    decoded = decode_query(FIELDS, {"act": "sin"})
    assert decoded.values["act"] == "tanh"
    assert any("act=sin" in warning and "tanh" in warning for warning in decoded.warnings)
