"""The largest request each lesson's controls allow, run in a fresh process to read its peak memory.

Each request is what one rerun computes at the maximum of every control that is still within the
work budget (core.engine.budget, core.bounds.work, core.init_regions.work); the ranges come from the
widgets in pages/shared/<lesson>/controls.py and core/links/<page>.py. Memory
of the training requests does not grow with the number of steps (only O(steps) loss curves do), so
the map and the sweep run at their fewest steps with every other control at its largest; their
time at the step cap is core.limits' own measurement, not repeated here.

  python -m tests.largest_requests          prints a Markdown table (request, peak RSS, seconds)
  python -m tests.largest_requests NAME     runs one request and prints its JSON line
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GIB = 2**30
PEAK_RSS_BOUND = 2 * GIB   # every lesson's largest request must stay under this

# Widget maxima (pages/shared/train/controls.py, init_regions/controls.py); bounds/controls.py has no min/max,
# so its maxima are core.limits'.
TRAIN_MAX = dict(hidden=(64,) * 4, n_samples=1000, noise=1.0, test_fraction=0.0, steps=5000,
                 optimizer="adam", batch_size=5000, learning_rate=10.0)


def _train():
    from core.engine.experiment import Experiment, make_split, start_run
    from core.figures.curves import training_curves
    from core.figures.decision import dataset_preview, decision_figure
    from core.figures.network import network_figure
    from core.figures.units import unit_thumbnails

    experiment = Experiment(**TRAIN_MAX)
    train, test = make_split(experiment)
    run = start_run(experiment, train, test).advance(experiment.steps // 50)  # one "Step +100" press
    figures = [dataset_preview(train, test), decision_figure(run.params, run.activation, train, test),
               network_figure(run.params), unit_thumbnails(run.params, run.activation, train),
               training_curves(run.history, total_steps=experiment.steps)]
    return sum(len(f.to_json()) for f in figures)


def largest_network_file() -> str:
    """The deepest, widest 2-input network whose JSON stays within the import cap (8 hidden layers)."""

    from core import limits, rng
    from core.engine.init_schemes import init_params
    from core.exports.network_json import MAX_BYTES, encode

    for width in range(limits.HIDDEN_WIDTH[1], 0, -4):
        params = init_params((2, *(width,) * limits.HIDDEN_LAYERS[1], 1), rng=rng.stream(0, "init"))
        if params.n_params * 19 > MAX_BYTES * 1.2:  # about 19 characters a number: skip hopeless sizes
            continue
        try:
            return encode(params, "tanh")
        except ValueError:
            continue
    raise AssertionError("no 8-layer network fits the import cap")


def _symmetries():
    from core import rng
    from core.engine.experiment import Experiment, make_split
    from core.exports.network_json import decode
    from core.figures.symmetry_gallery import gallery_figure
    from core.figures.symmetry_movie import move_movie, network_matrices
    from core.symmetry.lesson import run_lesson
    from core.symmetry.moves import MoveSpec
    from core.symmetry.proof import probe_points
    from core.symmetry.twins import MAX_GALLERY, gallery

    network = decode(largest_network_file())
    params, activation = network.params, network.activation
    train, test = make_split(Experiment(hidden=params.hidden_widths, activation=activation))
    result = run_lesson(params, activation, [train, test], (MoveSpec("random_element", seed=1),))
    twins = gallery(params, activation, MAX_GALLERY - 1, probe_points([train, test]), rng=rng.stream(0, "symmetry"))
    figures = [network_matrices(params, activation, train), move_movie(result.last_move, activation, train),
               gallery_figure([params] + [t.params for t in twins], ["θ"] + [f"twin {i}" for i in range(len(twins))],
                              activation, train)]
    return sum(len(f.to_json()) for f in figures)


def _bounds():
    from core import limits
    from core.bounds.report import bounds_report
    from core.bounds.settings import BoundsSettings
    from core.figures.bounds_covering import log_covering_figure, raw_covering_figure
    from core.figures.bounds_generalisation import generalisation_figure
    from core.figures.bounds_volume import volume_figure

    settings = BoundsSettings(input_dim=limits.BOUNDS_INPUT_DIM[1], hidden=(limits.BOUNDS_WIDTH[1],) * limits.BOUNDS_DEPTH[1],
                              output_dim=limits.OUTPUT_DIM[1], B=limits.BOUNDS_PARAM_B[1], eps=limits.BOUNDS_EPS[0],
                              n=limits.BOUNDS_SAMPLE_SIZE[1], orbit_m=limits.ORBIT_GRID_M[1], activation="tanh")
    report = bounds_report(settings)
    figures = [log_covering_figure(report.curves, report.current), raw_covering_figure(report.curves, report.current),
               volume_figure(report.curves, report.current), generalisation_figure(report.generalisation)]
    return sum(len(f.to_json()) for f in figures)


def largest_map_spec(steps=None):
    """Every map control at its widget maximum; steps the most the budget allows at that resolution."""
    from core import limits
    from core.init_regions.task import MapSpec

    resolution = limits.INIT_MAP_RESOLUTION[1]
    most = limits.INIT_MAP_MAX_NETWORK_STEPS // resolution**2
    return MapSpec(task="moons", width=3, n_points=limits.INIT_MAP_POINTS[1], noise=1.0, resolution=resolution,
                   x_range=(-10.0, 10.0), y_range=(-10.0, 10.0), steps=most if steps is None else steps,
                   learning_rate=1.0, loss_tol=0.5, shortcut=False, equalise=False, x_key="b1", y_key="b2")


def largest_width_spec(steps=None):
    """The widest width at the most starts with every scheme: the biggest batch a sweep trains at once."""
    from core import limits
    from core.init_regions.width_spec import LESSON_SCHEMES, WidthSpec

    per_step = (3 * limits.WIDTH_EXPERIMENT_WIDTH[1] + 1) * limits.WIDTH_EXPERIMENT_STARTS[1] * len(LESSON_SCHEMES)
    return WidthSpec(widths=(limits.WIDTH_EXPERIMENT_WIDTH[1],), schemes=LESSON_SCHEMES, seeds=limits.WIDTH_EXPERIMENT_STARTS[1],
                     steps=limits.WIDTH_EXPERIMENT_MAX_PARAM_STEPS // per_step if steps is None else steps)


def _init_regions():
    from core import limits
    from core.figures.init_animation import animation_figure
    from core.figures.init_map import outcome_map
    from core.figures.init_width import width_figure
    from core.init_regions.map import map_outcomes, train_map
    from core.init_regions.width_experiment import run_width_experiment

    result = train_map(largest_map_spec(steps=limits.INIT_MAP_STEPS[0]))
    outcomes = map_outcomes(result)
    sweep = run_width_experiment(largest_width_spec(steps=limits.WIDTH_EXPERIMENT_STEPS[0]))
    figures = [outcome_map(result, outcomes), animation_figure(result, outcomes, outcomes.twins.vectors),
               width_figure(sweep)]
    return sum(len(f.to_json()) for f in figures)


REQUESTS = {
    "train": ("Train a network: one Step press at 4 x 64 units, 1,000 points, and its five figures", _train),
    "symmetries": ("Same function: importing the largest network the 1 MB cap admits (2-80x8-1), a random "
                   "group element and its proof, the movie, a gallery of 7 twins", _symmetries),
    "bounds": ("Count functions: width 4,096, depth 100, input 100,000, m = 64, every panel", _bounds),
    "init_regions": ("Where you start: a 101 x 101 map (120 points, 3 units) with its animation, and a "
                     "6 x 1,000-start sweep at width 64", _init_regions),
}


def run_one(name: str) -> dict:
    """In this process: run request ``name``; peak RSS (bytes) and seconds."""
    from core.runtime import serve_single_threaded

    serve_single_threaded()  # as the server does (pages/shared/runtime.py)
    start = time.perf_counter()
    size = REQUESTS[name][1]()
    return {"name": name, "peak_rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
            "seconds": round(time.perf_counter() - start, 2), "json_bytes": size}


def measure(name: str) -> dict:
    """Run request ``name`` in a fresh Python process (so the peak is this request's, imports included)."""
    done = subprocess.run([sys.executable, "-m", "tests.largest_requests", name], cwd=ROOT, capture_output=True,
                          text=True, timeout=600)
    if done.returncode != 0:
        raise RuntimeError(f"request {name} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def table() -> str:
    rows = ["| request | peak RSS | seconds (with imports) | figure JSON |", "|---|---:|---:|---:|"]
    for name, (label, _) in REQUESTS.items():
        found = measure(name)
        rows.append(f"| {label} | {found['peak_rss'] / 2**20:,.0f} MiB | {found['seconds']:.1f} | "
                    f"{found['json_bytes'] / 2**20:.1f} MiB |")
    return "\n".join(rows)


if __name__ == "__main__":
    if len(sys.argv) > 1:
        print(json.dumps(run_one(sys.argv[1])))
    else:
        print(table())
