"""The built-in "barrier" experiment for sweeps: how high is the loss barrier between two independently
trained networks, before and after alignment? (``experiment = "barrier"`` in a spec; an example to copy
for experiments of one's own.)

One run trains two networks of widths (2, width, width, 1) from independent starts on the moons data
(the run's generator draws the data, both starts and the minibatches), then measures the interpolation
barrier of the training loss before and after weight matching (core.symmetry.barrier). Grid keys it
reads, with defaults: width (8), steps (300), n_samples (200), noise (0.1); and the training settings.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import torch

from core import limits
from core.engine.data import make_dataset
from core.engine.init_schemes import init_params
from core.engine.train import train
from core.symmetry.barrier import barrier_study
from core.validation import check_int

DTYPES = {"float64": torch.float64, "float32": torch.float32}


def barrier_run(config: Mapping[str, Any], *, rng: np.random.Generator) -> dict[str, float]:
    """One run: train two networks, return the barrier before and after alignment and both end losses."""
    width = check_int(config.get("width", 8), "grid width", (1, 1024))
    steps = check_int(config.get("steps", 300), "grid steps", (1, 100_000))
    n_samples = check_int(config.get("n_samples", 200), "grid n_samples", (limits.N_SAMPLES[0], 100_000))
    data = make_dataset("moons", n_samples, float(config.get("noise", 0.1)), rng=rng)
    trained = []
    for _ in range(2):
        start = init_params((2, width, width, 1), scheme="xavier", rng=rng)
        params, _ = train(start, data, activation=config["activation"], optimizer=config["optimizer"],
                          learning_rate=config["learning_rate"], steps=steps, rng=rng,
                          dtype=DTYPES[config["precision"]])
        trained.append(params)
    study = barrier_study(trained[0], trained[1], data, config["activation"], n_points=21)
    return {"barrier_before": study.barrier_before, "barrier_after": study.barrier_after,
            "loss_a": float(study.loss_before[0]), "loss_b": float(study.loss_before[-1]),
            "distance_before": study.alignment.distance_before, "distance_after": study.alignment.distance_after}
