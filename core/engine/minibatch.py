"""Minibatch index sampler: a fresh permutation of the training set each epoch, from ``rng``.

The single and the batched trainer draw from the same sampler, so K networks trained together
see exactly the minibatches that K separate runs with the same seed would see.
"""

from __future__ import annotations

import numpy as np


class MinibatchSampler:
    def __init__(self, n_samples: int, batch_size: int | None, *, rng: np.random.Generator):
        self.n_samples, self.batch_size, self.rng = n_samples, batch_size, rng
        self._order, self._cursor = None, n_samples

    def next_indices(self) -> np.ndarray | None:
        """Indices of the next minibatch, or None when training is full batch."""
        if self.batch_size is None:
            return None
        if self._cursor + self.batch_size > self.n_samples:  # drop the ragged tail, reshuffle
            self._order, self._cursor = self.rng.permutation(self.n_samples), 0
        batch = self._order[self._cursor:self._cursor + self.batch_size]
        self._cursor += self.batch_size
        return batch
