"""Minibatch index sampler: a fresh permutation of the training set each epoch, from ``rng``.

The single and the batched trainer draw from the same sampler, so K networks trained together
see exactly the minibatches that K separate runs with the same seed would see.
"""

from __future__ import annotations

from typing import cast

import numpy as np


class MinibatchSampler:
    """Minibatch indices, ``batch_size`` at a time, from a fresh permutation each epoch (ragged tail dropped)."""

    _order: np.ndarray | None  # this epoch's permutation; None until the first minibatch is drawn

    def __init__(self, n_samples: int, batch_size: int | None, *, rng: np.random.Generator):
        self.n_samples, self.batch_size, self.rng = n_samples, batch_size, rng
        self._order, self._cursor = None, n_samples

    def next_indices(self) -> np.ndarray | None:
        """Indices of the next minibatch, or None when training is full batch."""
        if self.batch_size is None:
            return None
        if self._cursor + self.batch_size > self.n_samples:  # drop the ragged tail, reshuffle
            self._order, self._cursor = self.rng.permutation(self.n_samples), 0
        # the cursor starts at n_samples, so for batch_size >= 1 (as the trainers pass) the first call drew an order
        batch = cast(np.ndarray, self._order)[self._cursor:self._cursor + self.batch_size]
        self._cursor += self.batch_size
        return batch
