"""How long the lesson "Two runs, one valley" takes to train its live pair, per width and activation.

Times core/valley/live_pair.py's train_live_pair (load the digits, train networks A and B in one batched
run, align B to A, score both lines, receptive fields) as the server runs it: torch on one thread
(core.runtime.serve_single_threaded). Each (activation, width) runs --repeats times with seed 0 after one
warm-up call (imports, first allocation); the median and the largest are printed with the machine's load
average, since other jobs may share the cores. The page caches each pair, so this is the wait of the first
person to ask for a configuration.

  python bench/valley_live.py [--widths 16 32 64 128] [--repeats 3]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.links.valley import LIVE_ACTIVATIONS, LIVE_WIDTHS
from core.runtime import serve_single_threaded
from core.valley.live_pair import train_live_pair


def seconds(width: int, activation: str) -> float:
    started = time.perf_counter()
    train_live_pair(width, activation, 0)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--widths", type=int, nargs="+", default=list(LIVE_WIDTHS))
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    serve_single_threaded()
    seconds(min(args.widths), LIVE_ACTIVATIONS[0])  # warm-up, not recorded
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPU cores, torch threads 1, "
          f"load average at start {os.getloadavg()[0]:.1f}")
    print("| activation | width | median s | max s |")
    print("|---|---|---|---|")
    for activation in LIVE_ACTIVATIONS:
        for width in args.widths:
            times = [seconds(width, activation) for _ in range(args.repeats)]
            print(f"| {activation} | {width} | {statistics.median(times):.2f} | {max(times):.2f} |", flush=True)
    print(f"load average at end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
