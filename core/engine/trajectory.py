"""A training run recorded frame by frame for a player in the browser.

A :class:`Trajectory` drives its own copy of a :class:`~core.engine.train.TrainingRun` ahead in
chunks and keeps one :class:`Frame` every ``stride`` steps: the engine's own numbers at that step
(the output over a fixed grid, every weight, the losses), never interpolated. A browser can then
play, pause, step and scrub through the frames without asking the server, while the server computes
the next chunk. Checkpoints (copies of the whole run, optimiser and minibatch order included) let
:meth:`Trajectory.run_at` hand back the exact run at any computed step, e.g. where the player paused.

Frames travel as one float32 block per chunk (:func:`encode_frames`): compact, and exact enough for
drawing; the float64 run stays on the server.
"""

from __future__ import annotations

import base64
import bisect
import copy
import threading
import time
from dataclasses import dataclass

import numpy as np

from core.engine.data import Dataset, in_a_plane
from core.engine.grids import input_grid, plot_extent
from core.engine.mlp import Params, forward
from core.engine.train import History, TrainingRun
from core.validation import check_int

SURFACE_RESOLUTION = 48     # grid points per side of a 2-D decision surface (48 x 48 values per frame)
CURVE_RESOLUTION = 150      # points of a 1-D network output f(x) per frame
# A copy of the run every this many frames: run_at replays at most that many frames' steps. A checkpoint leaves
# out the run's history (the lead's history holds it: records are only ever appended), so it costs the same
# at step 10,000 as at step 0 and can be taken often: replaying 50 frames (500 steps at a stride of 10) took
# 1.9-2.8 s on the busy 2-core machine, on every "where the player is" report while playing (issue 14).
CHECKPOINT_FRAMES = 5
READOUT_FIELDS = ("step", "train_loss", "test_loss", "train_accuracy", "test_accuracy")


def frame_stride(step_size: int) -> int:
    """Steps between frames: the largest divisor of ``step_size`` up to a tenth of it.

    A divisor, so that a Step of ``step_size`` lands exactly on a frame; about ten frames per Step
    (a Step is a fiftieth of the Steps setting), so any run plays as about 500 frames, and playing
    30 frames a second asks the engine for only 30 x stride steps a second.
    """
    step_size = check_int(step_size, "step size", (1, 100_000))
    limit = max(1, step_size // 10)
    return max(d for d in range(1, limit + 1) if step_size % d == 0)


@dataclass(frozen=True)
class Surface:
    """Where a frame evaluates the network: a ``resolution`` x ``resolution`` grid (2-D data, row-major over
    x₂ from low to high) or ``resolution`` points along x (1-D data)."""

    low: np.ndarray
    high: np.ndarray
    resolution: int

    @classmethod
    def around(cls, train: Dataset, test: Dataset | None) -> Surface:
        """The decision figure's box around the data (core.engine.grids.plot_extent) for 1-D or 2-D inputs with
        one output (binary or regression). Wider data (digits: 64 inputs, 10 outputs) has no plane to draw:
        :meth:`none`, and the frames carry the read-outs and the weights only."""
        if not in_a_plane(train):
            return cls.none()
        low, high = plot_extent(train, test)
        return cls(low, high, SURFACE_RESOLUTION if train.input_dim == 2 else CURVE_RESOLUTION)

    @classmethod
    def none(cls) -> Surface:
        """No surface: zero points, zero values per frame."""
        return cls(np.zeros(0), np.zeros(0), 0)

    @property
    def points(self) -> np.ndarray:
        """The inputs the surface is evaluated at: a 2-D grid's points, or points along the line (none for
        :meth:`none`)."""
        if self.resolution == 0:
            return np.zeros((0, 0))
        if len(self.low) == 2:
            return input_grid(self.low, self.high, self.resolution)[2]
        return np.linspace(self.low[0], self.high[0], self.resolution)[:, None]

    def values(self, params: Params, activation: str) -> np.ndarray:
        """P(class 1) on a 2-D grid (as the decision figure colours it) or f(x) along a line; empty for
        :meth:`none`."""
        if self.resolution == 0:
            return np.zeros(0)
        outputs = forward(params, self.points, activation)[:, 0]
        if len(self.low) == 2:
            return 1.0 / (1.0 + np.exp(-np.clip(outputs, -50, 50)))
        return outputs


@dataclass(frozen=True)
class Frame:
    """The run at one step: its read-outs, the surface values and every weight (flattened, float64)."""

    step: int
    train_loss: float
    test_loss: float
    train_accuracy: float
    test_accuracy: float
    surface: np.ndarray
    weights: np.ndarray

    def record(self) -> np.ndarray:
        """One row of a chunk: read-outs (NaN where the run has none), surface values, weights."""
        readouts = [self.step, self.train_loss, self.test_loss, self.train_accuracy, self.test_accuracy]
        return np.concatenate([np.asarray(readouts, dtype=np.float64), self.surface, self.weights])


def _last(values: list[float]) -> float:
    return float(values[-1]) if values else float("nan")


def frame_of(run: TrainingRun, surface: Surface) -> Frame:
    """The frame for ``run`` as it stands (its latest recorded losses and current weights)."""
    history, params = run.history, run.params
    return Frame(step=run.step, train_loss=_last(history.train_loss), test_loss=_last(history.test_loss),
                 train_accuracy=_last(history.train_accuracy), test_accuracy=_last(history.test_accuracy),
                 surface=surface.values(params, run.activation), weights=params.flatten())


def encode_frames(frames: list[Frame]) -> str:
    """Frames as base64 of one little-endian float32 array, one row per frame (Frame.record)."""
    if not frames:
        return ""
    block = np.stack([frame.record() for frame in frames]).astype("<f4")
    return base64.b64encode(block.tobytes()).decode("ascii")


def decode_frames(text: str, record_length: int) -> np.ndarray:
    """Inverse of :func:`encode_frames` (float32 rows), for tests and tools."""
    values = np.frombuffer(base64.b64decode(text), dtype="<f4")
    return values.reshape(-1, record_length)


class Trajectory:
    """Frames of a run from its current step on, every ``stride`` steps; never mutates the run it was given.

    Thread-safe: one thread may :meth:`extend` while others read frames or call :meth:`run_at`
    (a page computes ahead in the background while it answers the browser).
    """

    def __init__(self, run: TrainingRun, surface: Surface, *, stride: int):
        self.stride = check_int(stride, "stride", (1, 100_000))
        self.surface = surface
        self._lead = copy.deepcopy(run)
        self.frames: list[Frame] = [frame_of(self._lead, surface)]
        self._steps = [self._lead.step]  # the frames' steps, ascending (a last frame may be short of a stride)
        self._checkpoints: dict[int, TrainingRun] = {run.step: _without_history(run)}
        self._lock = threading.Lock()

    @property
    def start_step(self) -> int:
        """The step of the first kept frame."""
        return self.frames[0].step

    @property
    def end_step(self) -> int:
        """The latest computed step."""
        return self.frames[-1].step

    @property
    def finished(self) -> bool:
        """True once the run diverged: it takes no more steps, so no more frames can come."""
        return self._lead.diverged

    @property
    def record_length(self) -> int:
        """How many numbers one frame sends to the browser."""
        return len(self.frames[0].record())

    def extend(self, until_step: int, *, max_frames: int, seconds: float | None = None) -> int:
        """Compute frames up to ``until_step`` (at most ``max_frames``, and stop after ``seconds`` of work
        if given, at least one frame); returns how many were added."""
        deadline = None if seconds is None else time.perf_counter() + seconds
        added = 0
        while added < max_frames and self._lead.step < until_step and not self._lead.diverged:
            with self._lock:
                self._lead.advance(min(self.stride, until_step - self._lead.step))
                if self._lead.step == self._steps[-1]:  # diverged before taking a step
                    break
                if len(self.frames) % CHECKPOINT_FRAMES == 0:
                    self._checkpoints[self._lead.step] = _without_history(self._lead)
                self.frames.append(frame_of(self._lead, self.surface))
                self._steps.append(self._lead.step)
            added += 1
            if deadline is not None and time.perf_counter() > deadline:
                break
        return added

    def index_of(self, step: int) -> int:
        """The index of the frame at ``step`` (ValueError when no frame is there)."""
        with self._lock:
            index = bisect.bisect_left(self._steps, step)
            found = index < len(self._steps) and self._steps[index] == step
        if not found:
            raise ValueError(f"step {step}: no frame there (frames run from {self.start_step} to {self.end_step} "
                             f"every {self.stride} steps)")
        return index

    def run_at(self, step: int) -> TrainingRun:
        """A copy of the run at a computed ``step``: the latest checkpoint before it, advanced to it.

        Deterministic training makes it the same run, bit for bit, as one trained straight to ``step``.
        """
        step = self.frames[self.index_of(step)].step
        with self._lock:
            start = max(s for s in self._checkpoints if s <= step)
            checkpoint = copy.deepcopy(self._checkpoints[start])
            checkpoint.history = _history_until(self._lead.history, start)
        return checkpoint.advance(step - start)


def _without_history(run: TrainingRun) -> TrainingRun:
    """A deep copy of ``run`` with an empty history (the memo hands deepcopy an empty one in its place)."""
    return copy.deepcopy(run, memo={id(run.history): History()})


def _history_until(history: History, step: int) -> History:
    """``history`` as it stood at ``step``: each record list holds one value per step (index t for theta_t),
    and nothing recorded is ever changed, so the records up to ``step`` are the run's records at ``step``."""
    diverged = history.diverged_at if history.diverged_at is not None and history.diverged_at <= step else None
    return History(train_loss=history.train_loss[:step + 1], test_loss=history.test_loss[:step + 1],
                   train_accuracy=history.train_accuracy[:step + 1], test_accuracy=history.test_accuracy[:step + 1],
                   snapshots={s: copy.deepcopy(p) for s, p in history.snapshots.items() if s <= step},
                   diverged_at=diverged)
