"""Train K networks of one shape at once: every tensor carries a leading model dimension.

The loss minimised is the sum of the K per-model mean losses, so model k's gradient is exactly
its own; SGD and Adam act elementwise, so one stacked update equals K separate updates. Models
are processed in chunks so the working set stays in cache (a 4,096-model batch runs slower per
model than smaller chunks on this machine, see tech.md); on a GPU, chunks are far larger
(:func:`chunk_size_for`). All models see the same minibatch sequence, drawn from ``rng`` as a
single run would draw it. Every tensor lives on the chosen device (core.engine.device); results
come back to NumPy once per chunk, at the end and at the snapshot steps.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import cast

import numpy as np
import torch

from core import limits
from core.engine.activations import get_activation
from core.engine.data import Dataset
from core.engine.device import resolve_device
from core.engine.losses import accuracy_on_checked_data, check_training_data, loss_on_checked_data
from core.engine.minibatch import MinibatchSampler
from core.engine.mlp import Params
from core.engine.optimizers import check_learning_rate, make_optimizer, resolve_batch_size
from core.limits import LIBRARY, EngineLimits, engine_limits
from core.runtime import keep_freed_memory
from core.validation import check_generator, check_int

# Activation elements (models x samples x widest layer) one chunk may hold: about 16 MB in float32,
# which kept 1,000 2-16-1 networks on 200 points in one chunk, the fastest setting measured here.
CHUNK_ELEMENTS = 4_000_000
# Measured bounds on how far the chunking moves a final loss (relative; chunks of 2 or more models,
# 200 Adam steps; see train_batch and tests/test_batched_chunking.py).
FLOAT32_CHUNK_RTOL = 1e-4
FLOAT64_CHUNK_RTOL = 1e-10
# A GPU is fast only when each kernel has enough work: it wants 10^4-10^5 models per chunk (the issue's
# H200 measurements: 1,000 and 10,000 models of 2-16-1 took the same 0.4-0.5 s). One activation tensor
# of GPU_CHUNK_ELEMENTS is 0.8 GB in float32; a training step holds a few of them per layer.
GPU_CHUNK_ELEMENTS = 200_000_000
GPU_MAX_CHUNK = 100_000


def auto_chunk_size(n_samples: int, widths: Sequence[int]) -> int:
    """Models per chunk so one activation tensor stays within CHUNK_ELEMENTS."""
    return min(limits.N_MODELS[1], max(1, CHUNK_ELEMENTS // (n_samples * max(widths[1:]))))


def chunk_size_for(device: torch.device | str, n_samples: int, widths: Sequence[int]) -> int:
    """Models per chunk on ``device`` (its type: "cpu" or "cuda"): cache-sized on a CPU (:func:`auto_chunk_size`),
    up to GPU_MAX_CHUNK on a GPU, as many as keep one activation tensor within GPU_CHUNK_ELEMENTS."""
    if torch.device(device).type == "cpu":
        return auto_chunk_size(n_samples, widths)
    return min(GPU_MAX_CHUNK, max(1, GPU_CHUNK_ELEMENTS // (n_samples * max(widths[1:]))))


@dataclass(frozen=True, eq=False)
class BatchResult:
    """Per-model results. Curves have T + 1 columns (theta_0 ... theta_T); NaN after divergence.

    final_weights  per layer, float64 arrays (K, d_out, d_in): each model's last finite weights
    final_biases   per layer, float64 arrays (K, d_out): each model's last finite biases
    diverged_at    int array (K,): the step at which a model diverged, -1 if it never did
    snapshots      {step: float array (K, S)} flattened parameters at the requested steps
    """

    final_weights: tuple[np.ndarray, ...]
    final_biases: tuple[np.ndarray, ...]
    train_loss: np.ndarray
    test_loss: np.ndarray | None
    train_accuracy: np.ndarray | None
    test_accuracy: np.ndarray | None
    diverged_at: np.ndarray
    snapshots: dict[int, np.ndarray]

    @property
    def outcomes(self) -> np.ndarray:
        """str array (K,): "diverged" or "finished" per model."""
        return np.where(self.diverged_at >= 0, "diverged", "finished")

    @functools.cached_property
    def final_params(self) -> list[Params]:
        """K Params: each model's last finite parameters. Built on first use, as one Params per model costs
        tens of microseconds: seconds for the 10^5 models a GPU trains in about as long."""
        return [Params(tuple(w[k] for w in self.final_weights), tuple(b[k] for b in self.final_biases))
                for k in range(len(self.diverged_at))]

    @property
    def final_loss(self) -> np.ndarray:
        """float array (K,): each model's training loss at theta_T (not finite for a model that diverged)."""
        return self.train_loss[:, -1]


def _stack(params_list, dtype, device):
    def stacked(arrays):
        return torch.tensor(np.stack(arrays), dtype=dtype, device=device, requires_grad=True)

    weights = [stacked([p.weights[i] for p in params_list]) for i in range(len(params_list[0].weights))]
    biases = [stacked([p.biases[i] for p in params_list]) for i in range(len(params_list[0].biases))]
    return weights, biases


def batched_forward(weights: Sequence[torch.Tensor], biases: Sequence[torch.Tensor], X: torch.Tensor,
                    sigma: Callable[[torch.Tensor], torch.Tensor]) -> torch.Tensor:
    """Outputs (K, n, d_out) of K stacked networks on shared inputs X (n, d_0).

    Inside, activations are feature-major, (K, d_l, n), so every product is a contiguous
    (batched) GEMM with the bias fused in. Every model sees the same X, so the first layer of
    all K models is a single GEMM: (K * d_1, d_0) @ (d_0, n).
    """
    K, width, d_in = weights[0].shape
    h = torch.addmm(biases[0].reshape(-1, 1), weights[0].reshape(K * width, d_in), X.t()).view(K, width, -1)
    for w, b in zip(weights[1:], biases[1:]):
        h = torch.baddbmm(b.unsqueeze(2), w, sigma(h))
    return h.transpose(1, 2)


class _Chunk:
    """One chunk of models being trained together, with its own optimiser state."""

    def __init__(self, params_list, *, sigma, task, optimizer, learning_rate, sampler, dtype, device):
        self.weights, self.biases = _stack(params_list, dtype, device)
        self.tensors = self.weights + self.biases
        self.optimizer = make_optimizer(optimizer, self.tensors, learning_rate)
        self.sigma, self.task, self.sampler = sigma, task, sampler
        self.frozen = torch.zeros(len(params_list), dtype=torch.bool, device=device)  # diverged models
        self.last_finite = [t.detach().clone() for t in self.tensors]

    def outputs(self, X):
        return batched_forward(self.weights, self.biases, X, self.sigma)

    def update(self, losses: torch.Tensor) -> None:
        """One optimiser step on the per-model losses; diverged models stay where they were frozen."""
        self.optimizer.zero_grad()
        losses.sum().backward()
        self._keep_finite_copy()
        self.optimizer.step()
        if self.frozen.any():
            with torch.no_grad():
                for saved, t in zip(self.last_finite, self.tensors):
                    t[self.frozen] = saved[self.frozen]

    def _keep_finite_copy(self):
        with torch.no_grad():
            torch._foreach_copy_(self.last_finite, self.tensors)

    def freeze_diverged(self, losses: torch.Tensor) -> torch.Tensor:
        """Find newly diverged models, roll them back to finite weights and keep them there."""
        # A sum is finite only if every term is: one cheap reduction per tensor, one check per model.
        # (Weights so large that their sum overflows count as diverged too, which they are.)
        total = losses + sum(t.detach().flatten(1).sum(dim=1) for t in self.tensors)
        newly = ~torch.isfinite(total) & ~self.frozen
        self.frozen |= newly
        if newly.any():
            with torch.no_grad():
                for saved, t in zip(self.last_finite, self.tensors):
                    t[newly] = saved[newly]
        return newly

    def final_arrays(self) -> dict[str, list[np.ndarray]]:
        """The stacked weights and biases as float64 NumPy arrays (K, ...), each copied off the device once."""
        def numpy(tensors):
            return [t.detach().double().cpu().numpy() for t in tensors]

        return {"weights": numpy(self.weights), "biases": numpy(self.biases)}

    def flat(self) -> np.ndarray:
        """(K, S) flattened parameters in Params.flatten order."""
        parts = []
        for w, b in zip(self.weights, self.biases):
            parts += [w.detach().flatten(1), b.detach()]
        return torch.cat(parts, dim=1).double().cpu().numpy()


def _check_batch(params_list, train_data, test_data, steps, bounds: EngineLimits):
    if not isinstance(params_list, (list, tuple)) or not params_list:
        raise TypeError("params_list: must be a non-empty list of core.engine.mlp.Params")
    check_int(len(params_list), "number of models", bounds.n_models)
    widths = getattr(params_list[0], "widths", None)
    for k, p in enumerate(params_list):
        if not isinstance(p, Params) or p.widths != widths:
            raise ValueError(f"params_list[{k}]: every model must be Params with widths {widths}")
    assert widths is not None  # the loop above raised unless params_list[0] is Params
    check_training_data(widths, train_data, test_data)
    work = len(params_list) * steps * train_data.n_samples * params_list[0].n_params
    if work > bounds.work:
        raise ValueError(
            f"batch work {work:.3g} (models x steps x samples x parameters): must be at most "
            f"{bounds.work:.3g}; use fewer models, steps or samples"
        )


def train_batch(params_list: list[Params] | tuple[Params, ...], train_data: Dataset, test_data: Dataset | None = None,
                *, steps: int, activation: str, optimizer: str = "gd", learning_rate: float = 0.1,
                batch_size: int | None = None, rng: np.random.Generator, snapshot_steps: Iterable[int] = (),
                chunk_size: int | None = None, dtype: torch.dtype = torch.float64, device: str = "cpu",
                limits: EngineLimits | None = LIBRARY) -> BatchResult:
    """Train every network of ``params_list`` (same widths) on ``train_data`` for ``steps`` steps.

    ``device`` is "cpu" (the default), "cuda" or "auto" (core.engine.device.resolve_device): the
    tensors are made there and results return as NumPy arrays. A GPU run matches a CPU run up to
    rounding only (tests/test_device.py checks 1e-10 in float64 and 1e-5 in float32 on final losses).

    ``chunk_size`` (models trained together) defaults to :func:`chunk_size_for` the device. It changes results
    by rounding only, but training amplifies rounding: vectorised kernels round the tail of a
    tensor apart from its body, so the last model of a chunk can differ in the last bit, and a
    chunk of 1 takes other matrix kernels. Measured after 200 Adam steps (tests/test_batched_chunking.py),
    for chunk sizes of 2 or more the final losses' relative spread stays below FLOAT32_CHUNK_RTOL
    (1e-4) in float32 and FLOAT64_CHUNK_RTOL (1e-10; 5.4e-12 measured) in float64; a chunk of 1 reached 6e-9 in
    float64 and 4e-2 in float32 on a run that is sensitive to rounding. No bound holds for every
    run: to reproduce results bit for bit, fix ``chunk_size`` (as the sweeps fix ``group``).

    ``limits`` (core.limits.EngineLimits) bounds the models, steps and work (models x steps x samples x
    parameters): LIBRARY by default, with no work cap; CLASSROOM for the app's cap; None for no upper bounds.
    """
    bounds = engine_limits(limits)  # core.limits: LIBRARY (no work cap) by default; the app's lessons check their own
    steps = check_int(steps, "steps", bounds.steps)
    _check_batch(params_list, train_data, test_data, steps, bounds)
    where = resolve_device(device)
    if chunk_size is None:  # no more than the models there are: a GPU's chunk can pass limits.N_MODELS
        chunk_size = min(chunk_size_for(where, train_data.n_samples, params_list[0].widths), len(params_list))
    chunk_size = check_int(chunk_size, "chunk_size", bounds.n_models)
    settings = dict(
        sigma=get_activation(activation).torch, task=train_data.task, dtype=dtype, device=where,
        optimizer=optimizer, learning_rate=check_learning_rate(learning_rate),
    )
    batch = resolve_batch_size(optimizer, batch_size, train_data.n_samples)
    check_generator(rng)
    keep_freed_memory()
    parts = []
    for start in range(0, len(params_list), chunk_size):
        sampler = MinibatchSampler(train_data.n_samples, batch, rng=copy.deepcopy(rng))
        chunk = _Chunk(params_list[start:start + chunk_size], sampler=sampler, **settings)
        parts.append(_run_chunk(chunk, train_data, test_data, steps, set(snapshot_steps), dtype, where))
    return _merge(parts)


def _run_chunk(chunk: _Chunk, train_data, test_data, steps, snapshot_steps, dtype, device) -> dict:
    """Record theta_t then step, t = 0..steps; a full-batch step reuses the recording pass."""
    def tensor(array):
        return torch.as_tensor(array, dtype=dtype, device=device)

    X, y = tensor(train_data.X), tensor(train_data.y)
    test = None if test_data is None or test_data.n_samples == 0 else (tensor(test_data.X), tensor(test_data.y))
    K = chunk.frozen.shape[0]
    record = _Recorder(K, steps, train_data.task, has_test=test is not None, device=device)
    for t in range(steps + 1):
        indices = chunk.sampler.next_indices() if t < steps else None
        with torch.set_grad_enabled(t < steps and indices is None):
            outputs = chunk.outputs(X)
            losses = loss_on_checked_data(outputs, y, chunk.task)
        with torch.no_grad():
            newly = chunk.freeze_diverged(losses.detach())
            record.train(t, outputs.detach(), y, losses.detach(), newly, chunk.frozen)
            if test is not None:
                record.test(t, chunk.outputs(test[0]), test[1])
            if t in snapshot_steps:
                record.snapshots[t] = chunk.flat()
        if t == steps:
            break
        if indices is not None or newly.any():  # minibatch, or weights just rolled back
            rows = slice(None) if indices is None else torch.as_tensor(indices, device=device)
            losses = loss_on_checked_data(chunk.outputs(X[rows]), y[rows], chunk.task)
        chunk.update(losses)
    return {**chunk.final_arrays(), **record.arrays()}


class _Recorder:
    """Per-step curves of one chunk, kept as torch buffers on the chunk's device (NaN once a model has diverged),
    so recording a step never waits for the device; :meth:`arrays` copies them to NumPy once."""

    def __init__(self, K, steps, task, *, has_test, device):
        def buffer(wanted=True):
            return torch.full((K, steps + 1), float("nan"), dtype=torch.float64, device=device) if wanted else None

        is_classification = task == "classification"
        self.task = task
        self.loss, self.accuracy = buffer(), buffer(is_classification)
        self.test_loss, self.test_accuracy = buffer(has_test), buffer(has_test and is_classification)
        self.diverged_at = torch.full((K,), -1, dtype=torch.long, device=device)
        self.snapshots = {}
        self.live = torch.ones(K, dtype=torch.bool, device=device)

    def train(self, t, outputs, y, losses, newly, frozen):
        self.diverged_at[newly] = t
        self.live = ~frozen
        # live models get their loss; a model diverging now keeps its non-finite value
        self.loss[:, t] = torch.where(self.live | newly, losses.double(), float("nan"))
        if self.accuracy is not None:  # classification, so there is an accuracy
            accuracy = cast(torch.Tensor, accuracy_on_checked_data(outputs, y, self.task)).double()
            self.accuracy[:, t] = torch.where(self.live, accuracy, float("nan"))

    def test(self, t, outputs, y):
        loss = loss_on_checked_data(outputs, y, self.task).double()
        self.test_loss[:, t] = torch.where(self.live, loss, float("nan"))
        if self.test_accuracy is not None:  # classification, so there is an accuracy
            accuracy = cast(torch.Tensor, accuracy_on_checked_data(outputs, y, self.task)).double()
            self.test_accuracy[:, t] = torch.where(self.live, accuracy, float("nan"))

    def arrays(self) -> dict:
        def numpy(buffer):
            return None if buffer is None else buffer.cpu().numpy()

        return {"train_loss": numpy(self.loss), "train_accuracy": numpy(self.accuracy),
                "test_loss": numpy(self.test_loss), "test_accuracy": numpy(self.test_accuracy),
                "diverged_at": numpy(self.diverged_at), "snapshots": self.snapshots}


def _merge(parts) -> BatchResult:
    def cat(key):
        return None if parts[0][key] is None else np.concatenate([p[key] for p in parts])

    def layers(key):
        return tuple(np.concatenate([p[key][i] for p in parts]) for i in range(len(parts[0][key])))

    steps = parts[0]["snapshots"].keys()
    return BatchResult(
        final_weights=layers("weights"), final_biases=layers("biases"),
        train_loss=cat("train_loss"), test_loss=cat("test_loss"),
        train_accuracy=cat("train_accuracy"), test_accuracy=cat("test_accuracy"),
        diverged_at=cat("diverged_at"),
        snapshots={s: np.concatenate([p["snapshots"][s] for p in parts]) for s in steps},
    )
