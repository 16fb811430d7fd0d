"""Property-based fuzzing of the public core entry points with hostile values.

Wrong types, NaN/inf, huge and negative numbers, empty and enormous strings, unicode and script
tags go into every parameter. Only ValueError/TypeError may come out (anything else fails the
test), and each refusal names the parameter. Valid draws are kept tiny so nothing trains long.
Example counts: cheap validators get thousands, training entry points tens (see COUNTS).
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core import limits, rng
from core.validation import check_array, check_choice, check_float, check_generator, check_int, check_widths

SCRIPT = "<script>alert('x')</script>"
HUGE_TEXT = "9" * 100_000
MAX_MESSAGE = 600  # a refusal is shown on a page: it must stay readable however long the value

# Hostile values of every kind; `hostile` also contains valid-looking ones, so tests accept success.
hostile = st.one_of(
    st.none(), st.booleans(),
    st.integers(min_value=-10**40, max_value=10**40), st.just(10**5000),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([math.nan, math.inf, -math.inf, 1e308, -1e308, 5e-324, -0.0, 2**53 + 1, -1, 0, 10**400,
                     np.float32("nan"), np.int64(-5), np.float64(1e300), np.bool_(True)]),
    st.text(max_size=30),
    st.sampled_from(["", " ", SCRIPT, HUGE_TEXT, "１２", "Ⅻ", "\x00", "nan", "inf", "1e999", "-1", "0x10", "tanh ",
                     "TANH", "🙂", "relu\n"]),
    st.binary(max_size=16),
    st.lists(st.integers(min_value=-3, max_value=300), max_size=4),
    st.tuples(st.floats(), st.floats()),
    st.dictionaries(st.text(max_size=4), st.integers(), max_size=2),
    st.sampled_from([object(), [], (), {}, set(), [[1, 2], [3]], np.zeros((2, 2)), np.array([]), b"\xff\xfe"]),
)

CHEAP = settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
MEDIUM = settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
HEAVY = settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))


def refused_or_ok(call, *names):
    """Run ``call``; a ValueError/TypeError must name one of ``names`` and stay short. Returns the error or None."""
    try:
        call()
    except (ValueError, TypeError) as error:
        text = str(error)
        assert any(name in text for name in names), f"{text!r} names none of {names}"
        assert len(text) <= MAX_MESSAGE, f"message of {len(text)} characters"
        return error
    return None


# ----------------------------------------------------------------- core.validation

@CHEAP
@given(hostile)
def test_check_int_accepts_only_integers_in_range_and_names_value(value):
    error = refused_or_ok(lambda: check_int(value, "steps", (0, 10)), "steps")
    valid = not isinstance(value, (bool, np.bool_)) and isinstance(value, (int, np.integer)) and 0 <= value <= 10
    assert (error is None) == valid
    if error is not None and isinstance(value, int) and abs(value) < 10**20:
        assert str(value) in str(error)


@CHEAP
@given(hostile)
def test_check_float_accepts_only_finite_numbers_in_range(value):
    error = refused_or_ok(lambda: check_float(value, "noise", (0.0, 2.0)), "noise")
    if error is None:
        assert 0.0 <= float(value) <= 2.0


@CHEAP
@given(hostile)
def test_check_choice_names_value_and_choices(value):
    error = refused_or_ok(lambda: check_choice(value, "activation", ["tanh", "relu"]), "activation")
    assert (error is None) == (isinstance(value, str) and value in ("tanh", "relu"))
    if error is not None:
        assert "tanh, relu" in str(error)


@CHEAP
@given(st.one_of(hostile, st.lists(hostile, max_size=6)))
def test_check_widths_refuses_anything_but_integer_lists_in_limits(value):
    error = refused_or_ok(lambda: check_widths(value), "width")
    if error is None:
        assert all(isinstance(w, int) for w in check_widths(value))


@MEDIUM
@given(st.one_of(hostile, st.lists(hostile, max_size=4), st.lists(st.lists(st.floats(), max_size=3), max_size=3)))
def test_check_array_refuses_non_numbers_and_non_finite(value):
    error = refused_or_ok(lambda: check_array(value, "X", ndim=2), "X")
    if error is None:
        assert np.all(np.isfinite(check_array(value, "X", ndim=2)))


@MEDIUM
@given(hostile)
def test_check_generator_wants_a_generator(value):
    assert refused_or_ok(lambda: check_generator(value), "rng") is not None


# ----------------------------------------------------------------- networks and data

@MEDIUM
@given(widths=st.one_of(hostile, st.lists(hostile, max_size=4), st.just([2, 3, 1])),
       scheme=st.one_of(hostile, st.sampled_from(["xavier", "he", "uniform", "zero"])),
       scale=st.one_of(hostile, st.floats(0, 100)))
def test_init_params(widths, scheme, scale):
    from core.engine.init_schemes import init_params

    refused_or_ok(lambda: init_params(widths, scheme=scheme, scale=scale, rng=rng.stream(0, "init"),
                                      limits=limits.CLASSROOM),  # the app's caps: hostile sizes stay small
                  "width", "scheme", "scale", "init")


@MEDIUM
@given(X=st.one_of(hostile, st.lists(st.lists(st.floats(), min_size=2, max_size=2), max_size=4)),
       activation=st.one_of(hostile, st.sampled_from(["tanh", "relu", "sin"])))
def test_forward(X, activation):
    from core.engine.init_schemes import init_params
    from core.engine.mlp import forward

    params = init_params((2, 3, 1), rng=rng.stream(0, "init"))
    refused_or_ok(lambda: forward(params, X, activation), "X", "activation", "columns")
    refused_or_ok(lambda: forward(X, [[0.0, 0.0]], "tanh"), "params")


@MEDIUM
@given(name=st.one_of(hostile, st.sampled_from(["moons", "sine", "xor"])),
       n=st.one_of(hostile, st.integers(-5, 60)), noise=st.one_of(hostile, st.floats(-1, 3)))
def test_make_dataset(name, n, noise):
    from core.engine.data import make_dataset

    refused_or_ok(lambda: make_dataset(name, n, noise, rng=rng.stream(0, "data"), limits=limits.CLASSROOM),
                  "dataset", "n_samples", "noise")


EXPERIMENT_NAMES = {"dataset": "dataset", "n_samples": "n_samples", "noise": "noise", "test_fraction": "test_fraction",
                    "data_seed": "data seed", "init_seed": "init seed", "hidden": "width", "activation": "activation",
                    "init_scheme": "scheme", "init_scale": "scale", "optimizer": "optimizer",
                    "learning_rate": "learning rate", "batch_size": "batch", "steps": "steps"}


@HEAVY
@given(field=st.sampled_from(sorted(EXPERIMENT_NAMES)), value=hostile)
def test_experiment_split_and_start_name_the_bad_field(field, value):
    from core.engine.experiment import Experiment, make_split, start_run

    experiment = dataclasses.replace(Experiment(n_samples=20, hidden=(3,)), **{field: value})

    def build():
        train, test = make_split(experiment)
        start_run(experiment, train, test).advance(1)

    refused_or_ok(build, EXPERIMENT_NAMES[field], "width", "learning_rate")


TINY_STEPS = st.one_of(hostile.filter(lambda v: not (isinstance(v, (int, np.integer)) and 3 < v <= limits.STEPS[1])),
                       st.integers(0, 3))


@HEAVY
@given(steps=TINY_STEPS, activation=st.one_of(hostile, st.just("tanh")),
       optimizer=st.one_of(hostile, st.sampled_from(["gd", "sgd", "adam"])),
       learning_rate=st.one_of(hostile, st.floats(1e-6, 100)), batch_size=st.one_of(hostile, st.integers(-2, 30)))
def test_train(steps, activation, optimizer, learning_rate, batch_size):
    from core.engine.data import make_dataset
    from core.engine.init_schemes import init_params
    from core.engine.train import train

    data = make_dataset("moons", 12, 0.1, rng=rng.stream(0, "data"))
    params = init_params((2, 3, 1), rng=rng.stream(0, "init"))
    refused_or_ok(lambda: train(params, data, steps=steps, activation=activation, optimizer=optimizer,
                                learning_rate=learning_rate, batch_size=batch_size, rng=rng.stream(0, "train"),
                                limits=limits.CLASSROOM),
                  "steps", "activation", "optimizer", "learning", "batch")


@HEAVY
@given(steps=TINY_STEPS, models=st.one_of(hostile, st.integers(0, 3)), chunk=st.one_of(hostile, st.none()),
       learning_rate=st.one_of(hostile, st.floats(1e-6, 100)))
def test_train_batch(steps, models, chunk, learning_rate):
    from core.engine.batched import train_batch
    from core.engine.data import make_dataset
    from core.engine.init_schemes import init_params

    data = make_dataset("sine", 10, 0.1, rng=rng.stream(0, "data"))
    params = ([init_params((1, 2, 1), rng=rng.stream(k, "init")) for k in range(models)]
              if isinstance(models, int) and 0 <= models <= 3 else models)
    refused_or_ok(lambda: train_batch(params, data, steps=steps, activation="tanh", learning_rate=learning_rate,
                                      chunk_size=chunk, rng=rng.stream(0, "train"), limits=limits.CLASSROOM),
                  "steps", "params_list", "number of models", "chunk_size", "learning", "models")


# ----------------------------------------------------------------- the bounds lesson

CONTROL_NAMES = {"input_dim": "input width", "output_dim": "output width", "B": "B", "eps": "eps",
                 "activation": "activation", "n": "n (sample size)", "method": "Lipschitz method",
                 "orbit_m": "grid size m", "mc_seed": "Monte Carlo seed"}


@MEDIUM
@given(per_layer=st.booleans(), depth=hostile, width=hostile, hidden_text=hostile,
       field=st.sampled_from(sorted(CONTROL_NAMES)), value=hostile)
def test_settings_from_controls(per_layer, depth, width, hidden_text, field, value):
    from core.bounds.settings import settings_from_controls

    refused_or_ok(lambda: settings_from_controls(per_layer=per_layer, depth=depth, width=width,
                                                 hidden_text=hidden_text, **{field: value}),
                  "depth", "width", "hidden widths", CONTROL_NAMES[field])


@HEAVY
@given(field=st.sampled_from(sorted(CONTROL_NAMES)), value=hostile,
       hidden=st.one_of(hostile, st.lists(st.integers(1, 6), min_size=1, max_size=3)))
def test_bounds_report(field, value, hidden):
    from core.bounds.report import bounds_report
    from core.bounds.settings import BoundsSettings

    settings_ = dataclasses.replace(BoundsSettings(), hidden=hidden, **{field: value})
    refused_or_ok(lambda: bounds_report(settings_), "width", CONTROL_NAMES[field], "hidden")


@MEDIUM
@given(widths=st.one_of(hostile, st.lists(st.one_of(hostile, st.integers(1, 4)), max_size=5)),
       B=st.one_of(hostile, st.floats(0.1, 10)), eps=st.one_of(hostile, st.floats(0.01, 1)),
       activation=st.one_of(hostile, st.sampled_from(["tanh", "relu"])))
def test_bound_functions(widths, B, eps, activation):
    from core.bounds import covering

    names = ("width", "B", "eps", "activation", "method")
    refused_or_ok(lambda: covering.log_covering_number(widths, B=B, eps=eps, activation=activation, reduced=True), *names)
    refused_or_ok(lambda: covering.covering_terms(widths, B=B, eps=eps, activation=activation), *names)
    refused_or_ok(lambda: covering.log10_group_order(widths, activation), *names)
    refused_or_ok(lambda: covering.continuous_symmetry_dim(widths, activation), *names)
    refused_or_ok(lambda: covering.log_orbit_upper_bound(widths, B), *names, "m")


@MEDIUM
@given(successes=hostile, trials=hostile, n=hostile, gap=hostile)
def test_interval_and_sample_sizes(successes, trials, n, gap):
    from core.bounds import generalisation, volume

    refused_or_ok(lambda: volume.wilson_interval(successes, trials), "successes", "trials")
    refused_or_ok(lambda: generalisation.generalisation_gap((2, 3, 1), n=n, B=1.0, eps=0.1, activation="tanh"),
                  "n", "sample")
    refused_or_ok(lambda: generalisation.required_sample_size((2, 3, 1), target_gap=gap, B=1.0, eps=0.1, activation="tanh",
                                                     reduced=True),
                  "gap", "target")


@MEDIUM
@given(widths=st.one_of(hostile, st.lists(st.one_of(hostile, st.integers(1, 5)), max_size=5)),
       m=st.one_of(hostile, st.integers(-2, 70)), signed=st.booleans())
def test_orbit_counts(widths, m, signed):
    from core.bounds import orbits

    names = ("width", "grid size m", "transfer", "bits")
    refused_or_ok(lambda: (orbits.exact_signed_orbit_count if signed else orbits.exact_orbit_count)(widths, m), *names)
    refused_or_ok(lambda: orbits.naive_orbit_estimate(widths, m, signed=signed), *names)
    refused_or_ok(lambda: orbits.orbit_count_work(widths, signed=signed), *names)


# ----------------------------------------------------------------- the init lesson

MAP_NAMES = {"task": "task", "n_points": "n_points", "noise": "noise", "data_seed": "data seed",
             "width": "hidden width", "activation": "activation", "x_key": "coordinate", "y_key": "coordinate",
             "x_range": "range", "y_range": "range", "resolution": "resolution", "steps": "steps",
             "optimizer": "optimizer", "learning_rate": "learning", "base_scheme": "scheme", "base_scale": "scale",
             "base_seed": "seed", "loss_tol": "tolerance", "precision": "precision", "n_frames": "frames",
             "trajectories": "trajectories"}


@CHEAP
@given(field=st.sampled_from(sorted(MAP_NAMES)), value=hostile)
def test_map_spec(field, value):
    from core.init_regions.task import MapSpec, check_map_spec

    spec = dataclasses.replace(MapSpec(), **{field: value})
    refused_or_ok(lambda: check_map_spec(spec), MAP_NAMES[field], "map work", "coordinate")


SWEEP_NAMES = {"task": "task", "widths": "width", "schemes": "scheme", "seeds": "starts",
               "steps": "steps", "optimizer": "optimizer", "learning_rate": "learning", "tolerance": "tolerance",
               "init_scale": "init_scale", "n_points": "n_points", "activation": "activation", "seed": "seed",
               "precision": "precision", "group": "group"}


@CHEAP
@given(field=st.sampled_from(sorted(SWEEP_NAMES)), value=hostile)
def test_width_spec(field, value):
    from core.init_regions.width_spec import LESSON_SPEC, check_width_spec

    spec = dataclasses.replace(LESSON_SPEC, **{field: value})
    refused_or_ok(lambda: check_width_spec(spec), SWEEP_NAMES[field], "sweep work")


# ----------------------------------------------------------------- the symmetry lesson

@pytest.fixture(scope="module")
def net():
    from core.engine.init_schemes import init_params

    return init_params((2, 3, 2, 1), rng=rng.stream(0, "init"))


@MEDIUM
@given(perms=hostile, signs=hostile, scales=hostile, activation=st.one_of(hostile, st.just("tanh")))
def test_symmetry_moves(net, perms, signs, scales, activation):
    from core.symmetry import transforms

    refused_or_ok(lambda: transforms.permute(net, perms), "perm", "layer")
    refused_or_ok(lambda: transforms.flip_signs(net, signs, activation), "sign", "layer", "activation")
    refused_or_ok(lambda: transforms.rescale(net, scales, activation), "scale", "layer", "activation")


MOVE_NAMES = {"kind": "kind", "layer": "layer", "unit": "unit", "other": "unit", "scale": "c ", "seed": "seed",
              "variant": "variant"}


@MEDIUM
@given(field=st.sampled_from(sorted(MOVE_NAMES)), value=hostile, kind=st.sampled_from(["swap", "flip", "rescale"]))
def test_make_move(net, field, value, kind):
    from core.symmetry.moves import MoveSpec, make_move

    spec = dataclasses.replace(MoveSpec(kind), **{field: value})
    refused_or_ok(lambda: make_move(net, "relu" if kind == "rescale" else "tanh", spec), MOVE_NAMES[field],
                  "scale", "rescal", "flip", "unit")


@MEDIUM
@given(st.one_of(hostile, st.dictionaries(st.sampled_from(["format", "version", "widths", "weights", "x", SCRIPT]),
                                          hostile, max_size=4)))
def test_network_json_decode_of_arbitrary_values(value):
    import json

    from core.exports.network_json import decode

    try:
        text = json.dumps(value)
    except (TypeError, ValueError):
        text = value  # not JSON-able: hand the object itself
    refused_or_ok(lambda: decode(text), "network JSON", "format", "version", "activation", "widths", "key")
