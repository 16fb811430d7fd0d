"""Group elements, random symmetries and exact group orders (checked by brute-force enumeration)."""

import itertools
import math

import numpy as np
import pytest

from core.big_numbers import format_count
from core.engine.distances import function_gap, parameter_distance
from core.engine.init_schemes import init_params
from core.symmetry.group import GroupElement, group_order, random_element, random_symmetry, rescaling_dimension
from core.symmetry.transforms import flip_signs, permute

ALL = ["tanh", "relu", "leaky_relu", "sigmoid", "gelu", "sin", "identity"]
WIDTHS = [(3, 5, 4, 2), (2, 6, 1), (4, 3, 7, 2, 3)]


def generic(widths, seed):
    rng = np.random.default_rng(seed)
    return init_params(widths, scheme="uniform", scale=1.5, rng=rng), rng.uniform(-2, 2, size=(200, widths[0]))


@pytest.mark.parametrize("widths", WIDTHS)
@pytest.mark.parametrize("activation", ALL)
def test_random_symmetry_keeps_function_and_moves_weights(activation, widths):
    params, X = generic(widths, seed=11)
    rng = np.random.default_rng(12)
    for _ in range(5):
        element, twin = random_symmetry(params, activation, rng=rng)
        assert function_gap(params, twin, X, activation) <= 1e-12
        assert parameter_distance(params, twin) > 0.5
        assert twin.allclose(element.apply(params, activation), atol=0)


@pytest.mark.parametrize("activation, flips, scales", [
    ("tanh", True, False), ("sigmoid", True, False), ("relu", False, True), ("gelu", False, False),
    ("identity", True, True),
])
def test_random_element_uses_only_the_parts_the_activation_admits(activation, flips, scales):
    element = random_element((8, 8), activation, rng=np.random.default_rng(0))
    assert any(s == -1 for layer in element.signs for s in layer) == flips
    assert any(c != 1.0 for layer in element.scales for c in layer) == scales


def test_random_symmetry_is_reproducible_from_the_generator():
    params, _ = generic((3, 5, 4, 2), seed=0)
    first = random_symmetry(params, "tanh", rng=np.random.default_rng(3))[0]
    assert first == random_symmetry(params, "tanh", rng=np.random.default_rng(3))[0]


@pytest.mark.parametrize("activation", ALL)
def test_compose_and_inverse_agree_with_sequential_application(activation):
    params, _ = generic((3, 5, 4, 2), seed=13)
    rng = np.random.default_rng(14)
    g1, g2 = (random_element(params.hidden_widths, activation, rng=rng) for _ in range(2))
    both = g2.compose(g1).apply(params, activation)
    assert both.allclose(g2.apply(g1.apply(params, activation), activation), atol=1e-12)
    assert g1.inverse().apply(g1.apply(params, activation), activation).allclose(params, atol=1e-12)
    assert g1.inverse().compose(g1).is_identity() and g1.compose(g1.inverse()).is_identity()
    assert not g1.is_identity()


def test_identity_element_changes_nothing():
    params, _ = generic((3, 5, 4, 2), seed=15)
    assert GroupElement.identity((5, 4)).apply(params, "sigmoid").allclose(params, atol=0)


# ---------------------------------------------------------------- exact orders

def brute_force_orbit_size(widths, activation, with_signs):
    """Distinct parameter vectors g·θ over every permutation (and sign pattern) of a generic θ."""
    params, _ = generic(widths, seed=16)
    hidden = widths[1:-1]
    perm_choices = itertools.product(*(itertools.permutations(range(d)) for d in hidden))
    sign_choices = list(itertools.product(*(itertools.product([1, -1], repeat=d) for d in hidden))) if with_signs else [None]
    seen = set()
    for perms in perm_choices:
        moved = permute(params, list(perms))
        for signs in sign_choices:
            twin = moved if signs is None else flip_signs(moved, [list(s) for s in signs], activation)
            seen.add(tuple(np.round(twin.flatten(), 9)))
    return len(seen)


@pytest.mark.parametrize("widths", [(1, 3, 1), (2, 2, 3, 1), (2, 3, 2, 2), (1, 1, 4, 1)])
@pytest.mark.parametrize("activation, with_signs", [("tanh", True), ("sigmoid", True), ("relu", False), ("gelu", False)])
def test_group_order_matches_brute_force_enumeration(widths, activation, with_signs):
    assert group_order(widths, activation) == brute_force_orbit_size(widths, activation, with_signs)


def test_group_order_is_an_exact_int_and_ignores_inputs_and_outputs():
    tanh = group_order((2, 8, 8, 1), "tanh")
    assert isinstance(tanh, int) and tanh == (math.factorial(8) * 2 ** 8) ** 2
    assert group_order((64, 8, 8, 16), "tanh") == tanh
    assert group_order((2, 8, 8, 1), "relu") == math.factorial(8) ** 2
    assert group_order((10, 300, 1), "relu") == math.factorial(300)  # far beyond float range


def test_rescaling_is_a_continuous_family_not_a_count():
    assert rescaling_dimension((3, 5, 4, 2), "relu") == 9
    assert rescaling_dimension((3, 5, 4, 2), "identity") == 9
    assert rescaling_dimension((3, 5, 4, 2), "tanh") == 0
    assert group_order((3, 5, 4, 2), "relu") == group_order((3, 5, 4, 2), "gelu")  # scales are not counted


def test_format_count_exact_when_short_and_log10_when_huge():
    assert format_count(group_order((2, 8, 8, 1), "tanh")) == f"{(math.factorial(8) * 2 ** 8) ** 2:,}"
    huge = group_order((2, 1000, 1000, 1), "tanh")
    expected_log10 = 2 * (math.lgamma(1001) + 1000 * math.log(2)) / math.log(10)
    text = format_count(huge)
    assert text.startswith("≈ ") and f"log10 = {expected_log10:.2f}" in text


# ---------------------------------------------------------------- wrong use

def test_group_order_rejects_bad_widths():
    with pytest.raises(ValueError, match="hidden width 0 in layer 1"):
        group_order((2, 0, 1), "tanh")
    with pytest.raises(ValueError, match="activation 'swish'"):
        group_order((2, 3, 1), "swish")


@pytest.mark.parametrize("kwargs, error, message", [
    (dict(perms=((0, 0),), signs=((1, 1),), scales=((1.0, 1.0),)), ValueError, "unit 0 appears 2 times"),
    (dict(perms=((1, 0),), signs=((1, 2),), scales=((1.0, 1.0),)), ValueError, r"sign 2 for unit 1 in layer 1: must be \+1 or -1"),
    (dict(perms=((1, 0),), signs=((1, 1),), scales=((1.0, 0.0),)), ValueError, "scale 0.0 for unit 1 in layer 1: must be > 0"),
    (dict(perms=((1, 0),), signs=((1, 1),), scales=((1.0,),)), ValueError, r"scales for layer 1 has shape \(1,\): must have length 2"),
    (dict(perms=((1, 0),), signs=((1, 1), (1,)), scales=((1.0, 1.0),)), ValueError, "signs has 2 entries"),
    (dict(perms="10", signs=((1, 1),), scales=((1.0, 1.0),)), TypeError, "must be a list with one permutation per hidden layer"),
])
def test_group_element_validates_itself(kwargs, error, message):
    with pytest.raises(error, match=message):
        GroupElement(**kwargs)


def test_applying_a_forbidden_part_is_an_error():
    params, _ = generic((3, 5, 4, 2), seed=17)
    flips = random_element((5, 4), "tanh", rng=np.random.default_rng(1))
    with pytest.raises(ValueError, match=r"sign -1 for unit \d in layer \d: .*relu admits no sign flip"):
        flips.apply(params, "relu")
    scales = random_element((5, 4), "relu", rng=np.random.default_rng(1))
    with pytest.raises(ValueError, match=r"scale .* for unit 0 in layer 1: .*tanh is not positively homogeneous"):
        scales.apply(params, "tanh")
    with pytest.raises(ValueError, match=r"acts on hidden widths \(3, 4\): params has hidden widths \(5, 4\)"):
        GroupElement.identity((3, 4)).apply(params, "tanh")
    with pytest.raises(ValueError, match=r"hidden widths \(5, 4\) and \(3, 4\): must be equal"):
        flips.compose(GroupElement.identity((3, 4)))


def test_random_symmetry_needs_an_explicit_generator():
    params, _ = generic((3, 5, 4, 2), seed=18)
    with pytest.raises(TypeError, match="rng int: must be a numpy.random.Generator"):
        random_symmetry(params, "tanh", rng=42)


# --------------------------------------------------------------------------- limits: scripts count, the app caps

COUNTING = ["group_order", "rescaling_dimension", "twin_count", "log_group_order", "log10_group_order",
            "continuous_symmetry_dim"]


def test_a_script_counts_any_network_init_params_builds():
    """LIBRARY by default, as init_params: 784-5000-10 and 120 hidden layers are counted (math.factorial, the oracle)."""
    from core.bounds import covering
    from core.limits import LIBRARY
    from core.symmetry.twins import twin_count

    init_params((784, 5000, 10), rng=np.random.default_rng(0), limits=LIBRARY)  # the network exists...
    assert group_order((784, 5000, 10), "relu") == math.factorial(5000)  # ...and is counted
    assert group_order((784, 5000, 10), "tanh") == math.factorial(5000) * 2**5000
    assert covering.group_order((784, 5000, 10), "relu") == math.factorial(5000)
    assert covering.log_group_order((784, 5000, 10), "tanh") == pytest.approx(math.lgamma(5001) + 5000 * math.log(2))
    deep = (2, *[3] * 120, 1)
    assert group_order(deep, "relu") == 6**120 and rescaling_dimension(deep, "relu") == 360
    assert covering.continuous_symmetry_dim(deep, "relu") == 360
    assert twin_count((784, 5000, 10), "relu").count == math.factorial(5000)
    assert group_order((2, 3, 1), "relu", limits=None) == 6  # None: no upper bound, the same count
    with pytest.raises(ValueError, match=r"hidden width 2097152 in layer 1: must be an integer in \[1, 1048576\]"):
        group_order((2, 2**21, 1), "relu")  # LIBRARY still refuses a slip by name


def test_the_app_keeps_the_lessons_caps_for_counting():
    from core.bounds import covering
    from core.limits import BOUNDS_DEPTH, BOUNDS_WIDTH, COUNTING_CLASSROOM
    from core.symmetry.twins import twin_count

    wide, deep = (784, BOUNDS_WIDTH[1] + 1, 10), (2, *[3] * (BOUNDS_DEPTH[1] + 1), 1)
    for count in (group_order, rescaling_dimension, twin_count, covering.group_order, covering.log_group_order,
                  covering.log10_group_order, covering.continuous_symmetry_dim):
        with pytest.raises(ValueError, match=rf"hidden width {BOUNDS_WIDTH[1] + 1} in layer 1: must be an integer "
                                             rf"in \[1, {BOUNDS_WIDTH[1]}\]"):
            count(wide, "relu", limits=COUNTING_CLASSROOM)
        with pytest.raises(ValueError, match=f"1 to {BOUNDS_DEPTH[1]} hidden widths"):
            count(deep, "relu", limits=COUNTING_CLASSROOM)
    assert group_order((2, BOUNDS_WIDTH[1], 1), "relu", limits=COUNTING_CLASSROOM) == math.factorial(BOUNDS_WIDTH[1])


def test_every_app_call_of_a_counting_function_passes_its_limits():
    """The app (pages/, core/links, core/scenes) never counts with the library's wide default."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    calls = []
    for folder in ("pages", "core/links", "core/scenes", "core/figures"):
        for path in sorted((root / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.Call):
                    name = getattr(node.func, "id", getattr(node.func, "attr", None))
                    if name in COUNTING:
                        calls.append((f"{path.relative_to(root)}:{node.lineno}",
                                      any(k.arg == "limits" for k in node.keywords)))
    assert calls, "the app counts twins somewhere (pages/shared/symmetries/twins.py)"
    assert [where for where, passed in calls if not passed] == []
