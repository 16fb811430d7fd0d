"""Every control at its maximum at once: each lesson's request is within the work budget or refused
before any work starts, with a message naming the work and the cap; peak memory stays bounded.

Widget maxima come from pages/shared/<lesson>/controls.py and core/links/<page>.py; core.engine.budget,
core.bounds.work and core.init_regions.work count the work.
"""

import dataclasses

import pytest

from core import limits
from core.bounds import work as bounds_work
from core.engine import budget
from core.engine.experiment import Experiment, make_split
from core.engine.mlp import count_params
from core.init_regions import work as init_work
from core.init_regions.task import check_map_spec
from core.init_regions.width_spec import LESSON_SCHEMES, WidthSpec, check_width_spec
from pages.shared.init_regions import controls as init_controls
from pages.shared.train import controls as train_controls
from pages.shared.train import live as live_training
from tests import largest_requests

TRAIN_MAX = Experiment(**largest_requests.TRAIN_MAX)


def _no_training(monkeypatch):
    """Make any training step an error, so a refusal provably comes before the work."""
    def refuse(*args, **kwargs):
        raise AssertionError("training started although the request is over budget")

    monkeypatch.setattr("core.engine.train.TrainingRun.advance", lambda self, n: refuse() if n else self)
    monkeypatch.setattr("core.init_regions.map.train_batch", refuse)
    monkeypatch.setattr("core.init_regions.width_experiment.train_batch", refuse)


def test_the_train_widgets_maxima_are_the_ones_tested():
    assert (train_controls.MAX_UI_LAYERS, train_controls.MAX_UI_WIDTH) == (4, 64)
    assert TRAIN_MAX.hidden == (64,) * 4 and TRAIN_MAX.steps == 5000 and TRAIN_MAX.n_samples == 1000
    assert max(train_controls.LEARNING_RATES) <= TRAIN_MAX.learning_rate


def test_each_train_lesson_rerun_is_within_budget():
    """The live trainer's requests: a "Step" press (steps/50) or a tick (time-boxed, in 5-step slices)."""
    for steps in (live_training.step_size(TRAIN_MAX), 5):
        work = budget.experiment_work(TRAIN_MAX, steps)
        assert work.within and work.amount <= budget.REQUEST_BUDGET
    # a whole run at the maximum is over one request's budget: it only ever runs as many reruns
    assert not budget.experiment_work(TRAIN_MAX).within


def test_training_a_whole_maximal_experiment_in_one_request_is_refused_before_work(monkeypatch):
    """The symmetry lesson's "Train both and align" and presets train a whole Experiment in one call."""
    from core.engine.presets import train_network

    _no_training(monkeypatch)
    with pytest.raises(ValueError, match=r"training run: .* parameter-sample-steps .* at most .* allowed"):
        train_network(TRAIN_MAX)
    # an imported file may carry an experiment at core's limits: refused the same way
    imported = dataclasses.replace(TRAIN_MAX, steps=limits.STEPS[1], n_samples=limits.N_SAMPLES[1])
    with pytest.raises(ValueError, match="5,000 samples"):
        train_network(imported)
    # a real table trains on all its rows whatever n_samples says (a link could carry n_samples=4): counted so
    digits = dataclasses.replace(TRAIN_MAX, dataset="digits", n_samples=4, hidden=(64, 64, 64, 64), steps=100_000)
    with pytest.raises(ValueError, match="1,797 samples"):
        train_network(digits)
    assert budget.experiment_work(digits).amount > budget.REQUEST_BUDGET


def test_core_train_refuses_over_budget_before_work(monkeypatch):
    from core import rng
    from core.engine.init_schemes import init_params
    from core.engine.train import train

    train_data, test_data = make_split(TRAIN_MAX)
    params = init_params((2, *TRAIN_MAX.hidden, 1), rng=rng.stream(0, "init"))
    _no_training(monkeypatch)
    with pytest.raises(ValueError, match="steps x 1,000 samples"):
        train(params, train_data, test_data, steps=limits.STEPS[1], activation="tanh", rng=rng.stream(0, "train"),
              limits=limits.CLASSROOM)  # the app's caps (a script's default, LIBRARY, has no work cap)


def test_the_largest_train_experiment_within_budget_is_accepted():
    n_params = count_params((2, *TRAIN_MAX.hidden, 1))
    most = int(budget.REQUEST_BUDGET // (TRAIN_MAX.n_samples * n_params))
    assert budget.experiment_work(dataclasses.replace(TRAIN_MAX, steps=most)).within
    assert not budget.experiment_work(dataclasses.replace(TRAIN_MAX, steps=most + 1)).within


def _widget_max_map(**changes):
    return dataclasses.replace(largest_requests.largest_map_spec(), steps=1500, **changes)  # Steps slider: 50..1500


def test_map_at_every_widget_maximum_is_refused_before_work(monkeypatch):
    from core.init_regions.map import train_map

    spec = _widget_max_map()
    assert spec.resolution == limits.INIT_MAP_RESOLUTION[1] and spec.n_points == limits.INIT_MAP_POINTS[1]
    steps_work, _ = init_work.map_work(spec)
    assert not steps_work.within
    _no_training(monkeypatch)
    with pytest.raises(ValueError, match=r"map work 101 x 101 starts x 1500 steps .* at most 3,100,000"):
        train_map(spec)
    with pytest.raises(ValueError, match="network-steps"):
        budget.check(*init_work.map_work(spec))


def test_the_largest_allowed_map_is_within_every_budget():
    spec = largest_requests.largest_map_spec()
    assert check_map_spec(spec) is spec
    assert all(work.within for work in init_work.map_work(spec))
    assert not init_work.map_work(dataclasses.replace(spec, steps=spec.steps + 1))[0].within


def test_sweep_at_every_widget_maximum_is_refused_before_work(monkeypatch):
    from core.init_regions.width_experiment import run_width_experiment

    spec = WidthSpec(widths=init_controls.WIDTH_CHOICES, schemes=LESSON_SCHEMES, seeds=limits.WIDTH_EXPERIMENT_STARTS[1],
                     steps=2000)  # the sweep's Steps input: 50..2000
    assert not init_work.width_experiment_work(spec)[0].within
    _no_training(monkeypatch)
    with pytest.raises(ValueError, match=r"width experiment work .* at most 2e\+08 allowed"):
        run_width_experiment(spec)


def test_the_largest_allowed_sweep_is_within_every_budget():
    spec = largest_requests.largest_width_spec()
    assert check_width_spec(spec) is spec
    assert all(work.within for work in init_work.width_experiment_work(spec))
    # at the widget's own maximum of points per task (core's limit) it still fits the request budget
    assert init_work.width_experiment_work(dataclasses.replace(spec, n_points=limits.INIT_MAP_POINTS[1]))[1].within


def test_batched_training_over_its_cap_is_refused_before_work(monkeypatch):
    from core import rng
    from core.engine.batched import train_batch
    from core.engine.data import make_dataset
    from core.engine.init_schemes import init_params

    data = make_dataset("moons", limits.N_SAMPLES[1], 0.1, rng=rng.stream(0, "data"))
    params = [init_params((2, 64, 64, 1), rng=rng.stream(k, "init")) for k in range(40)]
    assert not budget.batch_work(40, 1000, data.n_samples, (2, 64, 64, 1)).within
    monkeypatch.setattr("core.engine.batched._Chunk", lambda *a, **k: (_ for _ in ()).throw(AssertionError("work started")))
    with pytest.raises(ValueError, match=r"batch work .* at most 5e\+10"):
        train_batch(params, data, steps=1000, activation="tanh", rng=rng.stream(0, "train"), limits=limits.CLASSROOM)


def test_bounds_lesson_at_core_maxima_attempts_only_work_within_its_caps():
    """Its widgets have no min/max: core's limits are the maxima. Heavy counts are skipped, not run."""
    from core.bounds.settings import BoundsSettings, check_settings

    biggest = check_settings(BoundsSettings(
        input_dim=limits.BOUNDS_INPUT_DIM[1], hidden=(limits.BOUNDS_WIDTH[1],) * limits.BOUNDS_DEPTH[1],
        output_dim=limits.OUTPUT_DIM[1], orbit_m=limits.ORBIT_GRID_M[1], n=limits.BOUNDS_SAMPLE_SIZE[1]))
    assert bounds_work.bounds_report_work(biggest) == ()  # neither Monte Carlo nor exact counts are attempted
    for hidden in ((4, 4), (6,), (20, 20), (40,)):
        for activation in ("tanh", "relu"):
            settings = check_settings(BoundsSettings(hidden=hidden, orbit_m=limits.ORBIT_GRID_M[1],
                                                     activation=activation))
            works = bounds_work.bounds_report_work(settings)
            assert all(w.within for w in works if w.unit != "bits of m^S"), works  # bits: refused cheaply


def test_monte_carlo_and_orbit_counts_over_their_caps_are_refused_with_the_cap_named():
    from core import rng
    from core.bounds import orbits, volume

    widths = (2, 4096, 1)
    assert not bounds_work.monte_carlo_work(widths, limits.MONTE_CARLO_SAMPLES[1]).within
    with pytest.raises(ValueError, match="at most 100,000,000 allowed"):
        volume.monte_carlo_fraction(widths, n_samples=limits.MONTE_CARLO_SAMPLES[1], rng=rng.stream(0, "volume"))
    wide = (2, 60, 60, 1)
    assert not bounds_work.orbit_work(wide, 2)[0].within
    with pytest.raises(ValueError, match="the limit is 1,000,000"):
        orbits.exact_orbit_count(wide, 2)
    many_inputs = (1000, 3, 3, 1)  # 3,016 parameters: 64^S has 18,096 bits
    assert bounds_work.orbit_work(many_inputs, 64)[0].within and not bounds_work.orbit_work(many_inputs, 64)[1].within
    with pytest.raises(ValueError, match="bits"):
        orbits.exact_orbit_count(many_inputs, 64)


def test_check_names_the_request_amount_and_cap():
    work = budget.training_work("training run", n_models=2, steps=10, n_samples=100, widths=(2, 8, 1), cap=1000)
    with pytest.raises(ValueError) as refused:
        budget.check(work)
    text = str(refused.value)
    assert "training run: 66,000 parameter-sample-steps" in text and "at most 1,000 allowed" in text
    assert "2 model(s) x 10 steps x 100 samples x 33 parameters" in text
    ok = budget.training_work("tiny", n_models=1, steps=1, n_samples=1, widths=(1, 1, 1))
    assert budget.check(ok) == (ok,) and ok.share < 1


@pytest.mark.slow
def test_peak_memory_of_each_lessons_largest_request_stays_bounded():
    """Each request in a fresh process (all four at once, to keep the suite short)."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(len(largest_requests.REQUESTS)) as pool:
        found = dict(zip(largest_requests.REQUESTS, pool.map(largest_requests.measure, largest_requests.REQUESTS)))
    for name, result in found.items():
        assert 0 < result["peak_rss"] < largest_requests.PEAK_RSS_BOUND, (name, result)
