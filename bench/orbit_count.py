"""Time core.bounds.orbits.exact_orbit_count on the speed-target architecture (2, 16, 16, 16, 1), m = 3.

Target: at most 1 s. Run from the repo root:  .venv/bin/python bench/orbit_count.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core.bounds.orbits import exact_orbit_count, orbit_count_work

WIDTHS, M, REPEATS = (2, 16, 16, 16, 1), 3, 5


def main() -> None:
    timings = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        count = exact_orbit_count(WIDTHS, M)
        timings.append(time.perf_counter() - start)
    print(f"widths {WIDTHS}, m = {M}: {orbit_count_work(WIDTHS):,} transfer-matrix entries")
    print(f"exact orbit count ({len(str(count))} digits): {count}")
    print(f"time: first {timings[0]:.3f} s, best {min(timings):.3f} s of {REPEATS} (target <= 1 s)")


if __name__ == "__main__":
    main()
