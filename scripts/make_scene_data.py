"""Write the precomputed results the guided scenes show without waiting.

    .venv/bin/python scripts/make_scene_data.py

For the scene "Wider is easier": runs core.init_regions.width_experiment.run_width_experiment (the
function behind the page's Run button) on every spec of core.init_regions.shipped.SHIPPED_SPECS, and
core.init_regions.width_floor.narrow_floor (the least-squares floor the page quotes) on each of their
(task, n_points), and writes core/init_regions/shipped_data/width_experiment.json. About half a minute
on two cores (the floor takes about 4 s of it). Rerun it after any change to the width experiment, its
floor, their defaults or the trainer; tests/test_links_init_regions.py checks the file against a live
recomputation of some of its rows and of the whole floor.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core.init_regions.shipped import SHIPPED_FILE, SHIPPED_SPECS, read_shipped, read_shipped_floors, shipped_text
from core.init_regions.width_experiment import run_width_experiment
from core.init_regions.width_floor import narrow_floor


def main() -> None:
    results = []
    for spec in SHIPPED_SPECS:
        started = time.perf_counter()
        results.append(run_width_experiment(spec))
        print(f"budgets {spec.budgets} steps, {len(spec.schemes)} schemes x {len(spec.widths)} widths x {spec.seeds} "
              f"starts: {time.perf_counter() - started:.0f} s", flush=True)
    floors = {}
    for key in dict.fromkeys((spec.task, spec.n_points) for spec in SHIPPED_SPECS):
        started = time.perf_counter()
        floors[key] = narrow_floor(*key)
        print(f"least-squares floor of {key[0]} on {key[1]} points: {time.perf_counter() - started:.0f} s", flush=True)
    text = shipped_text(results, floors)
    if read_shipped(text) != tuple(results) or read_shipped_floors(text) != floors:
        raise SystemExit("the written document does not read back as the same results")
    SHIPPED_FILE.parent.mkdir(parents=True, exist_ok=True)
    SHIPPED_FILE.write_text(text, encoding="utf-8")
    print(f"wrote {SHIPPED_FILE} ({len(text):,} characters)")


if __name__ == "__main__":
    main()
