import math

import numpy as np
import pytest

from core import limits
from core.validation import check_array, check_choice, check_float, check_generator, check_int, check_widths


def test_check_int_names_parameter_value_and_range():
    with pytest.raises(ValueError, match=r"hidden width 0 in layer 1: must be an integer in \[1, 256\]"):
        check_widths((2, 0, 1))
    with pytest.raises(TypeError, match=r"steps 1\.5: must be an integer"):
        check_int(1.5, "steps", limits.STEPS)
    with pytest.raises(TypeError, match="must be an integer"):
        check_int(True, "steps", limits.STEPS)
    assert check_int(np.int64(7), "steps", limits.STEPS) == 7


@pytest.mark.parametrize("bad", [math.nan, math.inf, -1.0, 101.0])
def test_check_float_rejects_non_finite_and_out_of_range(bad):
    with pytest.raises(ValueError, match=r"init scale .*must be a finite number in \[0, 100\]"):
        check_float(bad, "init scale", limits.INIT_SCALE)


def test_check_float_open_low_bound():
    assert check_float(1e-3, "x", (0.0, 1.0), open_low=True) == 1e-3
    with pytest.raises(ValueError, match=r"\(0, 1\]"):
        check_float(0.0, "x", (0.0, 1.0), open_low=True)


def test_check_choice_lists_allowed_values():
    with pytest.raises(ValueError, match="activation 'tanhh': must be one of tanh, relu"):
        check_choice("tanhh", "activation", ["tanh", "relu"])


def test_check_widths_shape_rules():
    assert check_widths([2, 8, 8, 1]) == (2, 8, 8, 1)
    with pytest.raises(ValueError, match="1 to 8 hidden widths"):
        check_widths([2, 1])
    with pytest.raises(TypeError, match="list of integers"):
        check_widths("2,8,1")
    with pytest.raises(ValueError, match=r"output width 0"):
        check_widths([2, 3, 0])


def test_check_array_and_generator():
    with pytest.raises(ValueError, match="NaN or infinite"):
        check_array([1.0, math.nan], "w")
    with pytest.raises(ValueError, match=r"shape \(2,\): must have shape \(3,\)"):
        check_array([1.0, 2.0], "w", shape=(3,))
    with pytest.raises(TypeError, match="numpy.random.Generator"):
        check_generator(42)


def test_check_float_turns_minus_zero_into_zero():
    """Found by fuzzing: init scale -0.0 passed the check, then numpy's uniform(-s, s) refused it."""
    value = check_float(-0.0, "init scale", (0.0, 100.0))
    assert value == 0.0 and math.copysign(1.0, value) == 1.0


def test_check_widths_takes_its_bounds_from_the_limits_it_is_given():
    """The app's caps by default (uploads and links call it so); an engine call passes its own limits."""
    assert check_widths((784, 512, 10), limits=limits.LIBRARY) == (784, 512, 10)
    assert check_widths((784, 512, 10), limits=None) == (784, 512, 10)
    with pytest.raises(ValueError, match=r"input width 784: must be an integer in \[1, 64\]"):
        check_widths((784, 512, 10))
    with pytest.raises(ValueError, match=r"input width 784: must be an integer in \[1, 64\]"):
        check_widths((784, 512, 10), limits=limits.CLASSROOM)
    with pytest.raises(ValueError, match=r"hidden width 0 in layer 1: must be an integer in \[1, "):
        check_widths((2, 0, 1), limits=None)  # no upper bounds, but still at least one unit
    with pytest.raises(ValueError, match=r"must list the input width, 1 to 1000 hidden widths"):
        check_widths((2,) + (3,) * 1001 + (1,), limits=limits.LIBRARY)
    # an explicit bound wins over the limits' own (the bounds lesson passes its wider ones)
    assert check_widths((100_000, 3, 1), input_dim=limits.BOUNDS_INPUT_DIM) == (100_000, 3, 1)


def test_the_classroom_limits_are_the_named_caps():
    """CLASSROOM is the app's caps, unchanged: the pages' widgets, links and uploads read the same numbers."""
    assert (limits.CLASSROOM.input_dim, limits.CLASSROOM.hidden_width, limits.CLASSROOM.hidden_layers,
            limits.CLASSROOM.output_dim, limits.CLASSROOM.n_samples, limits.CLASSROOM.steps,
            limits.CLASSROOM.n_models, limits.CLASSROOM.work) == (
        limits.INPUT_DIM, limits.HIDDEN_WIDTH, limits.HIDDEN_LAYERS, limits.OUTPUT_DIM, limits.N_SAMPLES,
        limits.STEPS, limits.N_MODELS, limits.MAX_BATCH_WORK)
    for field in ("input_dim", "hidden_width", "hidden_layers", "output_dim", "n_samples", "steps", "n_models"):
        classroom, library = getattr(limits.CLASSROOM, field), getattr(limits.LIBRARY, field)
        assert library[0] == classroom[0] and library[1] > classroom[1], field  # same floor, a far higher ceiling
    assert limits.LIBRARY.work == math.inf
