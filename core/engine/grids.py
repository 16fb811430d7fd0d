"""Where to look at a network: a padded box around the data and an evaluation grid inside it."""

from __future__ import annotations

import numpy as np

from core.engine.data import Dataset


def plot_extent(*datasets: Dataset | None, margin: float = 0.25) -> tuple[np.ndarray, np.ndarray]:
    """Lower and upper corners of a box holding every point, padded by ``margin`` (None or empty datasets skipped)."""
    X = np.concatenate([d.X for d in datasets if d is not None and d.n_samples])
    return X.min(axis=0) - margin, X.max(axis=0) + margin


def input_grid(low: np.ndarray, high: np.ndarray, resolution: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Grid axes xs, ys and the (resolution^2, 2) points, row-major over ys."""
    xs, ys = np.linspace(low[0], high[0], resolution), np.linspace(low[1], high[1], resolution)
    gx, gy = np.meshgrid(xs, ys)
    return xs, ys, np.column_stack([gx.ravel(), gy.ravel()])
