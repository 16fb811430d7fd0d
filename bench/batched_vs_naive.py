"""Benchmark: the batched trainer against a naive loop (one nn.Sequential + optimiser per model).

Reference workload (issue 2): 1,000 networks 2-16-1 tanh, 500 full-batch gradient-descent steps,
200 moons points, float32. Both sides are measured in this one run, on the same initial weights.
The naive loop trains a subset of the models and is scaled linearly to 1,000 (each model is an
independent run of identical cost, so the scaling is exact up to timer noise); it says so.

Each side is timed --repeats times and its best run is reported (this VM's timings vary by about
30% from run to run); every run is listed.

Usage: python bench/batched_vs_naive.py [--models 1000] [--naive-subset 100] [--repeats 3] [--write docs/benchmarks.md]
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core import rng
from core.engine import data, init_schemes
from core.engine.interop import to_torch
from core.engine.train import train_batch

WIDTHS, STEPS, LEARNING_RATE, N_POINTS = (2, 16, 1), 500, 0.5, 200


def workload(n_models: int):
    points = data.make_dataset("moons", N_POINTS, 0.2, rng=rng.stream(0, "data"))
    inits = [init_schemes.init_params(WIDTHS, scheme="xavier", scale=1.0, rng=rng.stream(s, "init"))
             for s in range(n_models)]
    return points, inits


def naive_loop(points, inits) -> tuple[float, np.ndarray]:
    """The obvious code: one model, one optimiser, one Python loop per network."""
    X = torch.as_tensor(points.X, dtype=torch.float32)
    y = torch.as_tensor(points.y, dtype=torch.float32)
    losses, start = [], time.perf_counter()
    for init in inits:
        model = to_torch(init, "tanh", dtype=torch.float32)
        optimiser = torch.optim.SGD(model.parameters(), lr=LEARNING_RATE)
        for _ in range(STEPS):
            loss = torch.nn.functional.binary_cross_entropy_with_logits(model(X)[:, 0], y)
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
        with torch.no_grad():
            losses.append(float(torch.nn.functional.binary_cross_entropy_with_logits(model(X)[:, 0], y)))
    return time.perf_counter() - start, np.array(losses)


def batched(points, inits) -> tuple[float, np.ndarray]:
    start = time.perf_counter()
    result = train_batch(inits, points, steps=STEPS, activation="tanh", optimizer="gd",
                         learning_rate=LEARNING_RATE, rng=rng.stream(0, "train"), dtype=torch.float32)
    return time.perf_counter() - start, result.final_loss


def machine() -> str:
    return (f"{platform.machine()}, {os.cpu_count()} cores, torch {torch.__version__} "
            f"({torch.get_num_threads()} threads), Python {platform.python_version()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", type=int, default=1000)
    parser.add_argument("--naive-subset", type=int, default=50)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--write", type=Path, default=None, help="append the result table to this Markdown file")
    args = parser.parse_args()

    points, inits = workload(args.models)
    subset = inits[: args.naive_subset]
    batched(points, inits[:50])  # warm-up: first-call allocations and thread pools
    runs = [batched(points, inits) for _ in range(args.repeats)]
    batched_seconds, batched_losses = min(runs, key=lambda run: run[0])
    all_batched = ", ".join(f"{seconds:.2f}" for seconds, _ in runs)
    naive_runs = [naive_loop(points, subset) for _ in range(args.repeats)]
    naive_seconds, naive_losses = min(naive_runs, key=lambda run: run[0])
    all_naive = ", ".join(f"{seconds:.2f}" for seconds, _ in naive_runs)
    naive_scaled = naive_seconds * args.models / len(subset)
    agreement = float(np.max(np.abs(naive_losses - batched_losses[: len(subset)])))
    speedup = naive_scaled / batched_seconds
    lines = [
        f"### Batched trainer vs naive loop — {datetime.date.today().isoformat()}",
        "",
        f"Machine: {machine()}.",
        f"Workload: {args.models} networks {'-'.join(map(str, WIDTHS))} tanh, {STEPS} full-batch GD steps "
        f"(lr {LEARNING_RATE}), {N_POINTS} moons points, float32, identical initial weights.",
        "",
        "| variant | models timed | seconds | seconds for all models |",
        "|---|---|---|---|",
        f"| naive loop: `nn.Sequential` + `optim.SGD` per model, best of {args.repeats} ({all_naive}) "
        f"| {len(subset)} (scaled linearly) | "
        f"{naive_seconds:.2f} | {naive_scaled:.1f} |",
        f"| `core.engine.batched.train_batch` (automatic chunks), best of {args.repeats} ({all_batched}) | "
        f"{args.models} | "
        f"{batched_seconds:.2f} | {batched_seconds:.2f} |",
        "",
        f"**Speed-up: {speedup:.1f}x** (target: at least 30x). Largest final-loss difference between the two "
        f"on the {len(subset)} shared models: {agreement:.1e} (float32 rounding).",
        "",
    ]
    print("\n".join(lines))
    if args.write:
        args.write.parent.mkdir(parents=True, exist_ok=True)
        with args.write.open("a") as handle:
            handle.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
