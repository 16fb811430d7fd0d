"""Train every start of a map with the batched trainer and keep what the lesson shows.

A map is a resolution x resolution grid over two coordinates of the initial parameters
(core.init_regions.task.MapSpec). Kept per start: the final parameters and loss, the step it diverged
at, its loss at the animation's frame steps; and, for a sub-grid of starts, the two varied
coordinates at those steps (trajectories through the slice). With the symmetry shortcut on a
swap-symmetric slice only the representative half is trained (core.init_regions.shortcut).
``device`` (core.engine.device) picks where: the CPU in blocks of BLOCK, or a GPU in one block.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import torch

from core import rng
from core.engine.batched import chunk_size_for, train_batch
from core.engine.device import device_words, resolve_device
from core.engine.mlp import Params
from core.init_regions.outcomes import TWIN_RADIUS, Outcomes, best_fit_reference, classify, function_gaps, twins_of
from core.init_regions.results import MapResult
from core.init_regions.shortcut import SwapSymmetry, find_swap_symmetry, mirror_rows, representative_cells
from core.init_regions.task import (
    FUNCTION_GRID,
    TEACHER,
    TEACHER_X_RANGE,
    MapSpec,
    base_params,
    check_map_spec,
    coordinates,
    task_data,
    teacher_params,
)
from core.runtime import one_torch_thread

BLOCK = 1024  # starts per train_batch call: one progress update each, and one chunk in cache
# Without a teacher: the same quarter as the teacher's 0.25, relative to the best fit's largest parameter
# (fits of noisy data have no common exact answer, so most low-loss fits are near no twin of the best one).
CLASSIFICATION_TWIN_RADIUS = 0.25

Progress = Callable[[float, str], None]


def axes(spec: MapSpec) -> tuple[np.ndarray, np.ndarray]:
    """The grid values (xs, ys) along the map's two axes, each of shape (resolution,)."""
    return np.linspace(*spec.x_range, spec.resolution), np.linspace(*spec.y_range, spec.resolution)


def grid_starts(spec: MapSpec, base: Params) -> np.ndarray:
    """(R², S): the base parameters with the two slice coordinates set to each grid point."""
    keys = coordinates(spec.widths)
    xs, ys = axes(spec)
    gx, gy = np.meshgrid(xs, ys)
    starts = np.repeat(base.flatten()[None, :], gx.size, axis=0)
    starts[:, keys[spec.x_key][0]] = gx.ravel()
    starts[:, keys[spec.y_key][0]] = gy.ravel()
    return starts


def frame_steps(steps: int, n_frames: int) -> np.ndarray:
    """Frame steps from 0 to ``steps``, denser early where most of the movement happens."""
    fractions = np.linspace(0.0, 1.0, n_frames) ** 1.5
    return np.unique(np.round(fractions * steps).astype(int))


def trajectory_cells(resolution: int, per_axis: int) -> np.ndarray:
    """An evenly spread per_axis x per_axis sub-grid of cells (fewer if the grid is smaller)."""
    index = np.unique(np.round(np.linspace(0, resolution - 1, min(per_axis, resolution))).astype(int))
    iy, ix = np.meshgrid(index, index, indexing="ij")
    return (iy * resolution + ix).ravel()


def slice_symmetry(spec: MapSpec, starts: np.ndarray) -> SwapSymmetry | None:
    """The unit swap that mirrors the map's slice across x = y (judged from the grid's first start), or None."""
    keys = coordinates(spec.widths)
    xs, ys = axes(spec)
    return find_swap_symmetry(spec.widths, keys[spec.x_key][0], keys[spec.y_key][0], starts[0], xs, ys)


def train_map(spec: MapSpec, *, progress: Progress | None = None, device: str = "cpu") -> MapResult:
    """Train the map's starts (half of them with the shortcut on a symmetric slice) on ``device``
    ("cpu", "cuda" or "auto"); the result says which device computed it (MapResult.device)."""
    spec = check_map_spec(spec)
    where = resolve_device(device)
    data = task_data(spec)
    starts = grid_starts(spec, base_params(spec))
    symmetry = slice_symmetry(spec, starts)
    use_shortcut = spec.shortcut and symmetry is not None
    trained = representative_cells(spec.resolution) if use_shortcut else np.ones(len(starts), dtype=bool)
    frames = frame_steps(spec.steps, spec.n_frames)
    runs = _train_starts(starts[trained], data, spec, frames, progress, where)
    arrays = {name: _scatter(values, trained) for name, values in runs.items()}
    if use_shortcut:
        assert symmetry is not None  # use_shortcut implies a symmetry
        arrays = _mirror(arrays, spec.resolution, trained, symmetry.perm)
    return _result(spec, starts, arrays, frames, trained, symmetry, device_words(where))


def map_block(device: torch.device, spec: MapSpec) -> int:
    """Starts per train_batch call: BLOCK on a CPU (one chunk in cache); on a GPU the device's chunk, at
    least BLOCK, so every map of the lesson (at most 101² starts) is one call."""
    if device.type == "cpu":
        return BLOCK
    return max(BLOCK, chunk_size_for(device, spec.n_points, spec.widths))


def _train_starts(flat: np.ndarray, data, spec: MapSpec, frames: np.ndarray, progress, device) -> dict:
    """Train flattened starts block by block; returns per-start arrays (start axis first)."""
    dtype = torch.float64 if spec.precision == "float64" else torch.float32
    block, parts = map_block(device, spec), []
    with one_torch_thread():
        for begin in range(0, len(flat), block):
            if progress is not None:
                progress(begin / len(flat), f"trained {begin:,} of {len(flat):,} starts")
            params = [Params.unflatten(v, spec.widths) for v in flat[begin:begin + block]]
            # A fresh train stream per block: every block sees the same minibatch order, as one call would.
            result = train_batch(params, data, steps=spec.steps, activation=spec.activation,
                                 optimizer=spec.optimizer, learning_rate=spec.learning_rate,
                                 rng=rng.stream(spec.base_seed, "train"), snapshot_steps=frames,
                                 chunk_size=min(block, len(params)), dtype=dtype, device=device.type)
            parts.append(dict(
                final=result.snapshots[spec.steps], final_loss=result.final_loss,
                diverged_at=result.diverged_at, frame_loss=result.train_loss[:, frames],
                snapshots=np.stack([result.snapshots[t] for t in frames], axis=1),  # (B, F, S)
            ))
    if progress is not None:
        progress(1.0, f"trained {len(flat):,} starts")
    return {name: np.concatenate([p[name] for p in parts]) for name in parts[0]}


def _scatter(values: np.ndarray, trained: np.ndarray) -> np.ndarray:
    """Place the trained starts' rows into a full-grid array (untrained rows NaN / -1 for now)."""
    fill = -1 if values.dtype.kind == "i" else np.nan
    out = np.full((trained.size,) + values.shape[1:], fill, dtype=values.dtype)
    out[trained] = values
    return out


def _mirror(arrays: dict, resolution: int, trained: np.ndarray, perm: np.ndarray) -> dict:
    """The untrained cells' runs are their mirror cells' runs with the two units swapped."""
    moved = {"final", "snapshots"}  # parameter vectors: permute coordinates; losses stay as they are
    return {name: mirror_rows(values, resolution, trained, perm if name in moved else None)
            for name, values in arrays.items()}


def _result(spec, starts, arrays, frames, trained, symmetry, device) -> MapResult:
    keys = coordinates(spec.widths)
    cells = trajectory_cells(spec.resolution, spec.trajectories)
    columns = [keys[spec.x_key][0], keys[spec.y_key][0]]
    paths = arrays["snapshots"][cells][:, :, columns]  # (M, F, 2)
    xs, ys = axes(spec)
    return MapResult(spec=spec, xs=xs, ys=ys, starts=starts, final=arrays["final"],
                     final_loss=arrays["final_loss"], diverged_at=arrays["diverged_at"], frame_steps=frames,
                     frame_loss=arrays["frame_loss"].T, trajectory_cells=cells,
                     trajectories=np.transpose(paths, (1, 0, 2)), trained=trained, symmetry=symmetry,
                     device=device)


def computed_on(result: MapResult) -> str:
    """The sentence that says which device trained the map, e.g. "Computed on CPU in float64."."""
    return f"Computed on {result.device} in {result.spec.precision}."


def map_outcomes(result: MapResult) -> Outcomes:
    """Classify every start: against the teacher's twins, or (no teacher) the best fit's twins.

    With the teacher, a start is at twin k when its loss is low, it lies within TWIN_RADIUS of twin
    k in every parameter and twin k is clearly the nearest (core.init_regions.outcomes); each
    start's function gap to the teacher is measured on a dense grid of the input range. Without a
    teacher the radius is CLASSIFICATION_TWIN_RADIUS times the reference's largest parameter.
    """
    spec = result.spec
    if spec.task == TEACHER:
        reference, name, radius = teacher_params(spec.width), "the teacher", TWIN_RADIUS
        grid = np.linspace(*TEACHER_X_RANGE, FUNCTION_GRID)[:, None]
        gaps = function_gaps(result.final, reference, spec.widths, spec.activation, grid)
    else:
        best = best_fit_reference(result.final, result.final_loss, spec.widths)
        reference = best if best is not None else Params.unflatten(result.starts[0], spec.widths)
        name = "the best fit"
        radius = CLASSIFICATION_TWIN_RADIUS * max(1.0, float(np.max(np.abs(reference.flatten()))))
        gaps = None
    twins = twins_of(reference, spec.activation, name)
    return classify(result.final, result.final_loss, result.diverged_at, twins, spec.widths,
                    loss_tol=spec.loss_tol, twin_radius=radius, function_gap=gaps)
