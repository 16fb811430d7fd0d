"""Benchmark of research sweeps: rows (starts) per second with 1 and 2 Dask workers, and the ratio.

One spec, three runs into fresh folders: serial (no Dask, with its CPU time, which is what a quiet
core would take), then an embedded LocalCluster of 1 and of 2 worker processes. Cluster start-up
and the workers' first imports are paid before the clock starts (a warm-up task), so the rates
are of training and writing only; the start-up time is printed beside them. The three runs must
give identical rows (checked). On a shared machine the numbers are noisy: the load average is
printed with them.

Usage: python bench/sweep_workers.py [--seeds 250] [--write docs/sweeps.md]
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pandas as pd

from core.init_regions.width_spec import WidthSpec
from core.sweeps.chunks import plan_chunks
from core.sweeps.runner import run_sweep_to
from core.sweeps.store import SweepStore

BEGIN, END = "<!-- bench/sweep_workers.py: begin -->", "<!-- bench/sweep_workers.py: end -->"


def bench_spec(seeds: int) -> WidthSpec:
    return WidthSpec(widths=(8, 32, 64, 128), schemes=("uniform", "xavier"), seeds=seeds, steps=300, group=125)


def warm_tiny_chunk() -> int:
    """Run in every worker: import torch and the trainer and train a tiny chunk (first use is slow)."""
    from core.sweeps.chunks import plan_chunks, train_chunk

    tiny = WidthSpec(widths=(2,), schemes=("uniform",), seeds=2, steps=2, group=2)
    return len(train_chunk(tiny, plan_chunks(tiny)[0]))


def warm_up(client) -> None:
    client.run(warm_tiny_chunk)


def run_serial(spec, out) -> dict:
    wall, cpu = time.perf_counter(), time.process_time()
    run_sweep_to(spec, out, backend="serial", progress=False)
    return {"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu, "startup": 0.0}


def run_dask(spec, out, workers: int) -> dict:
    from dask.distributed import Client, LocalCluster

    started = time.perf_counter()
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        warm_up(client)
        startup = time.perf_counter() - started
        wall = time.perf_counter()
        run_sweep_to(spec, out, client=client, progress=False)
        wall = time.perf_counter() - wall
    return {"wall": wall, "cpu": None, "startup": startup}


def report(spec, results: dict, load: tuple) -> str:
    starts, param_steps = spec.total_starts, spec.param_steps
    serial = results["serial"]
    one, two = results["1 worker"]["wall"], results["2 workers"]["wall"]
    lines = [
        f"Spec: widths {list(spec.widths)}, schemes {list(spec.schemes)}, {spec.seeds} seeds per cell, "
        f"{spec.steps} steps, group {spec.group}: {starts:,} starts in {len(plan_chunks(spec))} chunks, "
        f"{param_steps:.3g} parameter-steps. Load average before the runs: {load[0]:.1f}, {load[1]:.1f}, "
        f"{load[2]:.1f} (2 cores; other engineers' tests were running, so treat the numbers as rough).",
        "",
        "| run | wall time | rows per second | cluster start-up (not timed) |",
        "|---|---|---|---|",
    ]
    for name, result in results.items():
        lines.append(f"| {name} | {result['wall']:.1f} s | {starts / result['wall']:.0f} | "
                     f"{result['startup']:.1f} s |")
    lines += [
        "",
        f"Ratio, 2 workers over 1: **{one / two:.2f}x** rows per second.",
        f"Per-start cost (serial CPU time): {serial['cpu'] / starts * 1e3:.1f} ms per start of this mix, "
        f"**{serial['cpu'] / param_steps * 1e9:.0f} ns per parameter-step** "
        f"(wall {serial['wall'] / param_steps * 1e9:.0f} ns).",
    ]
    return "\n".join(lines)


def write_section(path: Path, text: str) -> None:
    block = f"{BEGIN}\n{text}\n{END}"
    doc = path.read_text() if path.exists() else ""
    if BEGIN in doc and END in doc:
        doc = re.sub(re.escape(BEGIN) + ".*?" + re.escape(END), lambda _: block, doc, flags=re.S)
    else:
        doc = doc.rstrip() + "\n\n" + block + "\n"
    path.write_text(doc)


def main() -> None:
    cli = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    cli.add_argument("--seeds", type=int, default=250)
    cli.add_argument("--write", type=Path, help="replace the benchmark section of this Markdown file")
    args = cli.parse_args()
    spec = bench_spec(args.seeds)
    load = os.getloadavg()
    results, rows = {}, []
    with tempfile.TemporaryDirectory() as scratch:
        for name, run in (("serial", lambda out: run_serial(spec, out)),
                          ("1 worker", lambda out: run_dask(spec, out, 1)),
                          ("2 workers", lambda out: run_dask(spec, out, 2))):
            out = Path(scratch) / name.replace(" ", "-")
            results[name] = run(out)
            rows.append(SweepStore(out).read_rows())
            print(f"{name}: {results[name]['wall']:.1f} s", file=sys.stderr)
    for other in rows[1:]:
        pd.testing.assert_frame_equal(other, rows[0])  # same rows whatever the backend
    text = report(spec, results, load)
    print(text)
    if args.write:
        write_section(args.write, text)


if __name__ == "__main__":
    main()
