"""GPU check (issue 16): nets/s of the batched trainer's kernels on CPU and GPU, and their agreement.

Workload: K networks 2-16-1 tanh, 200 moons points (noise 0.2), 500 full-batch gradient-descent
steps (lr 0.5), float32, K from 10^3 to 4·10^5; the same initial weights on both devices. Each
device trains in the chunks the trainer would use there (core.engine.batched.chunk_size_for).
The loop is the trainer's own kernels (batched_forward, loss_on_checked_data, torch.optim.SGD):
train_batch itself refuses requests past limits.N_MODELS models and limits.MAX_BATCH_WORK, far
below 4·10^5 networks. train_batch is run too, at --trainer-models, in float32 and float64, to
check CPU/GPU agreement through the real trainer (bounds: 1e-5 and 1e-10 relative on final losses).
Last, the lesson's default map of starts (core.init_regions.map.train_map, 61 x 61 starts, 300
steps, float64) on each device: the app's map on a server with a GPU (target: at most 0.2 s).

The CPU trains only the sizes up to --cpu-max (it is ~100x slower), so the script stays within
about 3 minutes on an H200 machine. Without a GPU it prints "GPU: not available" rows and still
times the CPU. It prints a Markdown table for docs/benchmarks.md; the exit status is 1 when CPU
and GPU disagree past the bounds.

Usage: python bench/gpu_check.py [--quick] [--cpu-max 10000] [--sizes 1000,10000,100000,400000]
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core import rng
from core.engine.batched import batched_forward, chunk_size_for, train_batch
from core.engine.data import make_dataset
from core.engine.device import device_words, gpu_available
from core.engine.init_schemes import init_params
from core.engine.losses import loss_on_checked_data
from core.init_regions.map import train_map
from core.init_regions.task import MapSpec

WIDTHS, N_POINTS, LEARNING_RATE = (2, 16, 1), 200, 0.5
SIZES, STEPS, CPU_MAX, TRAINER_MODELS = (1_000, 10_000, 100_000, 400_000), 500, 10_000, 1_000
QUICK = dict(sizes=(100, 1_000), steps=100, cpu_max=1_000, trainer_models=100)
RTOL = {torch.float32: 1e-5, torch.float64: 1e-10}  # the agreement bounds on final losses


def initial_weights(n_models: int) -> list[np.ndarray]:
    """Stacked Xavier-uniform weights and zero biases, (W0, W1, b0, b1), the same for every size's first models."""
    generator, arrays = rng.stream(0, "init"), []
    for fan_in, fan_out in zip(WIDTHS[:-1], WIDTHS[1:]):
        limit = np.sqrt(6.0 / (fan_in + fan_out))
        arrays.append(generator.uniform(-limit, limit, size=(n_models, fan_out, fan_in)))
    return arrays + [np.zeros((n_models, width)) for width in WIDTHS[1:]]


def synchronise(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def train_loop(arrays, X, y, device, steps) -> np.ndarray:
    """Full-batch GD on one chunk of stacked networks; returns the final losses (float64 NumPy)."""
    tensors = [torch.tensor(a, dtype=torch.float32, device=device, requires_grad=True) for a in arrays]
    weights, biases = tensors[:2], tensors[2:]
    optimiser = torch.optim.SGD(tensors, lr=LEARNING_RATE)
    for _ in range(steps):
        losses = loss_on_checked_data(batched_forward(weights, biases, X, torch.tanh), y, "classification")
        optimiser.zero_grad()
        losses.sum().backward()
        optimiser.step()
    with torch.no_grad():
        final = loss_on_checked_data(batched_forward(weights, biases, X, torch.tanh), y, "classification")
    return final.double().cpu().numpy()


def timed_run(arrays, data, device, steps) -> tuple[float, int, np.ndarray]:
    """(seconds, models per chunk, final losses) for all models of ``arrays`` on ``device``."""
    X = torch.as_tensor(data.X, dtype=torch.float32, device=device)
    y = torch.as_tensor(data.y, dtype=torch.float32, device=device)
    n_models, chunk = len(arrays[0]), chunk_size_for(device, N_POINTS, WIDTHS)
    synchronise(device)
    start, finals = time.perf_counter(), []
    for first in range(0, n_models, chunk):
        finals.append(train_loop([a[first:first + chunk] for a in arrays], X, y, device, steps))
    synchronise(device)
    return time.perf_counter() - start, min(chunk, n_models), np.concatenate(finals)


def relative_gap(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.max(np.abs(a - b) / np.abs(b)))


def size_rows(sizes, steps, cpu_max, data, gpu) -> tuple[list[str], bool]:
    """One table row per (size, device); the GPU rows say how far their final losses are from the CPU's."""
    weights, rows, agree = initial_weights(max(sizes)), [], True
    for n_models in sizes:
        arrays = [a[:n_models] for a in weights]
        cpu_losses = None
        if n_models <= cpu_max:
            seconds, chunk, cpu_losses = timed_run(arrays, data, torch.device("cpu"), steps)
            rows.append(f"| {n_models:,} | CPU ({torch.get_num_threads()} threads) | {chunk:,} | {seconds:.2f} | "
                        f"{n_models / seconds:,.0f} | – |")
        if gpu is None:
            rows.append(f"| {n_models:,} | GPU: not available | – | – | – | – |")
            continue
        try:
            seconds, chunk, gpu_losses = timed_run(arrays, data, gpu, steps)
        except torch.cuda.OutOfMemoryError:
            rows.append(f"| {n_models:,} | {device_words(gpu)}: out of memory | – | – | – | – |")
            torch.cuda.empty_cache()
            continue
        gap = "not run on CPU" if cpu_losses is None else f"{relative_gap(gpu_losses, cpu_losses):.1e}"
        if cpu_losses is not None:
            agree &= relative_gap(gpu_losses, cpu_losses) <= RTOL[torch.float32]
        rows.append(f"| {n_models:,} | {device_words(gpu)} | {chunk:,} | {seconds:.2f} | {n_models / seconds:,.0f} | "
                    f"{gap} |")
    return rows, agree


def trainer_rows(n_models, steps, data, gpu) -> tuple[list[str], bool]:
    """train_batch itself on CPU and GPU, float32 and float64: seconds and the final losses' largest gap."""
    starts = rng.stream(1, "init")
    params = [init_params(WIDTHS, scheme="xavier", rng=starts) for _ in range(n_models)]
    rows, agree = [], True
    for dtype in (torch.float32, torch.float64):
        results = {}
        for device in ["cpu"] + ([] if gpu is None else ["cuda"]):
            synchronise(torch.device(device))
            start = time.perf_counter()
            result = train_batch(params, data, steps=steps, activation="tanh", learning_rate=LEARNING_RATE,
                                 rng=rng.stream(1, "train"), dtype=dtype, device=device)
            results[device] = (time.perf_counter() - start, result.final_loss)
        gap = "GPU: not available"
        if gpu is not None:
            value = relative_gap(results["cuda"][1], results["cpu"][1])
            agree &= value <= RTOL[dtype]
            gap = f"{value:.1e} (bound {RTOL[dtype]:g})"
        gpu_seconds = f"{results['cuda'][0]:.2f}" if gpu is not None else "–"
        rows.append(f"| {n_models:,} | {str(dtype).removeprefix('torch.')} | {results['cpu'][0]:.2f} | "
                    f"{gpu_seconds} | {gap} |")
    return rows, agree


def map_row(gpu, quick: bool) -> str:
    """The lesson's default map (a smaller one with --quick) timed on each device, after a warm-up map."""
    spec = MapSpec(resolution=21, steps=100) if quick else MapSpec()
    seconds = {}
    for device in ["cpu"] + ([] if gpu is None else ["cuda"]):
        train_map(MapSpec(resolution=5, steps=10), device=device)  # first kernels and imports, untimed
        synchronise(torch.device(device))
        start = time.perf_counter()
        result = train_map(spec, device=device)
        seconds[device] = time.perf_counter() - start
    gpu_text = f"{seconds['cuda']:.3f} s" if gpu is not None else "GPU: not available"
    return (f"Map of starts ({spec.resolution} x {spec.resolution} starts, {spec.steps} steps, {spec.precision}, "
            f"{int(result.trained.sum()):,} trained): CPU {seconds['cpu']:.3f} s, {gpu_text}.")


def main(argv=None) -> int:
    cli = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    cli.add_argument("--quick", action="store_true", help="small sizes and 100 steps: proves the script runs")
    cli.add_argument("--sizes", help="comma-separated model counts (default 1000,10000,100000,400000)")
    cli.add_argument("--cpu-max", type=int, help=f"largest size the CPU trains (default {CPU_MAX:,})")
    args = cli.parse_args(argv)
    settings = dict(QUICK) if args.quick else dict(sizes=SIZES, steps=STEPS, cpu_max=CPU_MAX,
                                                  trainer_models=TRAINER_MODELS)
    if args.sizes:
        settings["sizes"] = tuple(int(size) for size in args.sizes.split(","))
    if args.cpu_max is not None:
        settings["cpu_max"] = args.cpu_max
    gpu = torch.device("cuda") if gpu_available() else None
    data = make_dataset("moons", N_POINTS, 0.2, rng=rng.stream(0, "data"))
    for device in [torch.device("cpu")] + ([] if gpu is None else [gpu]):  # first kernels (and CUDA's context,
        timed_run(initial_weights(100), data, device, 5)                 # cuBLAS) load here, outside the timings
    steps = settings["steps"]
    print(f"GPU check — torch {torch.__version__}, Python {platform.python_version()}, {os.cpu_count()} CPU cores, "
          f"GPU: {device_words(gpu) if gpu is not None else 'not available'}")
    print(f"\nWorkload: networks {'-'.join(map(str, WIDTHS))} tanh, {N_POINTS} moons points, {steps} full-batch GD "
          f"steps (lr {LEARNING_RATE}), float32; the trainer's kernels in the trainer's chunks per device.\n")
    print("| models | device | models per chunk | seconds | nets/s | final losses vs CPU (max relative gap) |")
    print("|---|---|---|---|---|---|")
    rows, loop_agrees = size_rows(settings["sizes"], steps, settings["cpu_max"], data, gpu)
    print("\n".join(rows))
    print(f"\n`train_batch` itself, {steps} steps (bounds: float32 1e-5, float64 1e-10 relative):\n")
    print("| models | dtype | CPU seconds | GPU seconds | final losses, GPU vs CPU (max relative gap) |")
    print("|---|---|---|---|---|")
    rows, trainer_agrees = trainer_rows(settings["trainer_models"], steps, data, gpu)
    print("\n".join(rows))
    print("\n" + map_row(gpu, args.quick))
    if gpu is None:
        print("\nGPU: not available — CPU/GPU agreement not checked.")
        return 0
    verdict = loop_agrees and trainer_agrees
    print(f"\nCPU/GPU agreement: {'within the bounds' if verdict else 'OUTSIDE the bounds'}.")
    return 0 if verdict else 1


if __name__ == "__main__":
    sys.exit(main())
