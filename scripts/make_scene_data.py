"""Write the precomputed results the guided scenes show without waiting.

    .venv/bin/python scripts/make_scene_data.py

For the scene "Wider is easier": runs core.init_regions.width_experiment.run_width_experiment (the
function behind the page's Run button) on every spec of core.init_regions.shipped.SHIPPED_SPECS and writes
core/init_regions/shipped_data/width_experiment.json. About a minute and a half on two cores. Rerun it after any
change to the sweep, its defaults or the trainer; tests/test_links_init_regions.py checks the file
against a live recomputation of some of its rows.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core.init_regions.shipped import SHIPPED_FILE, SHIPPED_SPECS, read_shipped, shipped_text
from core.init_regions.width_experiment import run_width_experiment


def main() -> None:
    results = []
    for spec in SHIPPED_SPECS:
        started = time.perf_counter()
        results.append(run_width_experiment(spec))
        print(f"{spec.steps} steps, {len(spec.schemes)} schemes x {len(spec.widths)} widths x {spec.seeds} "
              f"starts: {time.perf_counter() - started:.0f} s", flush=True)
    text = shipped_text(results)
    if read_shipped(text) != tuple(results):
        raise SystemExit("the written document does not read back as the same results")
    SHIPPED_FILE.parent.mkdir(parents=True, exist_ok=True)
    SHIPPED_FILE.write_text(text, encoding="utf-8")
    print(f"wrote {SHIPPED_FILE} ({len(text):,} characters)")


if __name__ == "__main__":
    main()
