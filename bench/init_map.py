"""Benchmark of the lesson "Where you start decides where you end": cold map, cached redraw, shortcut saving.

Prints its figures; it writes nothing. Timings on a shared machine are noisy: each figure is the
best of --repeats runs, and the process CPU time is printed beside the wall time (training runs
on one thread, so CPU time is close to what a quiet machine's wall time would be).

  cold map       train_map(default MapSpec) on a fresh spec (no cache), after one warm-up call that
                 pays the one-off imports (torch.optim pulls in torch._dynamo on first use)
  full map       the same spec without the symmetry shortcut (what "verify" trains)
  redraw         what a rerun with the map cached does: classify outcomes, build the map and the
                 animation figures, serialise them to JSON (as st.plotly_chart does)
  --apptest      also time a real page rerun through AppTest with the map cached
  --sweep        also time the default width experiment (about half a minute or more)

Usage: python bench/init_map.py [--repeats 3] [--apptest] [--sweep]
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.figures.init_animation import animation_figure
from core.figures.init_map import outcome_map
from core.init_regions.map import map_outcomes, train_map
from core.init_regions.task import MapSpec
from core.init_regions.width_experiment import run_width_experiment
from core.init_regions.width_spec import LESSON_SPEC


def timed(function, repeats: int):
    """(best wall seconds, CPU seconds of that run, last value)."""
    best = None
    for _ in range(repeats):
        wall, cpu = time.perf_counter(), time.process_time()
        value = function()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        if best is None or wall < best[0]:
            best = (wall, cpu)
    return best[0], best[1], value


def redraw(result):
    outcomes = map_outcomes(result)
    figures = [outcome_map(result, outcomes), animation_figure(result, outcomes, outcomes.twins.vectors)]
    return sum(len(fig.to_json()) for fig in figures)


def apptest_rerun(repeats: int) -> float:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300).run()
    at.switch_page("pages/init_regions.py").run()  # computes (or finds) the default map
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        at.run()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--apptest", action="store_true")
    parser.add_argument("--sweep", action="store_true")
    args = parser.parse_args()

    warm_wall, _, _ = timed(lambda: train_map(MapSpec(resolution=5, steps=10)), 1)
    print(f"warm-up (one-off imports, first optimiser): {warm_wall:.2f} s")
    spec = MapSpec()
    print(f"default map: {spec.resolution} x {spec.resolution} starts, {spec.steps} steps, {spec.optimizer} "
          f"lr {spec.learning_rate}, {spec.n_points} points, widths {spec.widths}")
    for precision in ("float64", "float32"):
        this = dataclasses.replace(spec, precision=precision)
        wall, cpu, result = timed(lambda this=this: train_map(this), args.repeats)
        print(f"  cold map, shortcut on,  {precision}: {wall:.2f} s wall ({cpu:.2f} s CPU); "
              f"{result.network_steps_trained:,} network-steps trained of {result.network_steps_full:,} "
              f"({result.network_steps_full / result.network_steps_trained:.2f}x fewer)")
        full = dataclasses.replace(this, shortcut=False)
        wall_full, cpu_full, _ = timed(lambda full=full: train_map(full), args.repeats)
        print(f"  full map, shortcut off, {precision}: {wall_full:.2f} s wall ({cpu_full:.2f} s CPU); "
              f"time saved by the shortcut: {wall_full / wall:.2f}x")
    result = train_map(spec)
    wall, cpu, size = timed(lambda: redraw(result), args.repeats)
    print(f"  redraw from cache (outcomes + 2 figures + JSON, {size / 1e6:.1f} MB): "
          f"{wall:.3f} s wall ({cpu:.3f} s CPU)")
    if args.apptest:
        print(f"  AppTest page rerun with the map cached: {apptest_rerun(args.repeats):.3f} s")
    if args.sweep:
        sweep = LESSON_SPEC
        wall, cpu, _ = timed(lambda: run_width_experiment(sweep), 1)
        print(f"default width experiment ({len(sweep.schemes)} schemes x {len(sweep.widths)} widths x {sweep.seeds} "
              f"starts, {sweep.steps} steps, {sweep.precision}): {wall:.1f} s wall ({cpu:.1f} s CPU)")


if __name__ == "__main__":
    main()
