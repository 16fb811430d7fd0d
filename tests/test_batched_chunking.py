"""How much ``train_batch``'s results depend on ``chunk_size`` (models trained together).

The issue: the docstring said results do not depend on it, yet in float32 a model's loss after 200
Adam steps moved by 4.0e-5 relative between chunks of 3 and 4. Vectorised kernels round a tensor's
tail differently from its body and GEMM blocking follows the batch's shape, so a model's first
steps differ in the last bit with the chunk, and training amplifies that. These tests measure the
spread over architectures, datasets, seeds and chunkings against the bound the docstring states
(FLOAT32_CHUNK_RTOL, FLOAT64_CHUNK_RTOL).
"""

from pathlib import Path

import numpy as np
import pytest
import torch

from core import rng
from core.engine import batched
from core.engine.batched import FLOAT32_CHUNK_RTOL, FLOAT64_CHUNK_RTOL, train_batch
from core.engine.data import make_dataset
from core.engine.init_schemes import init_params
from core.init_regions.width_task import width_training_data

MODELS = 7
STEPS = 200
CHUNKS = (2, 3, 4)  # a chunk of 1 takes other matrix kernels: not covered by the bound (see train_batch)
# (widths, data, optimizer, learning rate): the issue's Adam case, the sweeps' teacher task, SGD on minibatches.
CASES = [
    ((2, 16, 1), "moons", "adam", 0.05),
    ((1, 8, 8, 1), "sine", "adam", 0.05),
    ((1, 32, 1), "teacher3", "adam", 0.1),
    ((2, 4, 4, 1), "xor", "sgd", 0.5),
]
SEEDS = (0, 1)


def data_for(name):
    if name.startswith("teacher"):
        return width_training_data(name, 40)
    return make_dataset(name, 100, 0.1, rng=rng.stream(0, "data"))


def final_losses(case, seed, chunk_size, dtype):
    widths, data_name, optimizer, learning_rate = case
    starts = rng.stream(seed, "init")
    params = [init_params(widths, scheme="xavier", rng=starts) for _ in range(MODELS)]
    result = train_batch(params, data_for(data_name), steps=STEPS, activation="tanh", optimizer=optimizer,
                         learning_rate=learning_rate, rng=rng.stream(seed, "train"), chunk_size=chunk_size,
                         dtype=dtype)
    assert (result.diverged_at == -1).all()  # a relative gap means nothing for a diverged model
    return result.final_loss


def largest_chunk_spread(dtype) -> float:
    """max over cases, seeds, chunkings and models of |loss(chunk) - loss(all at once)| / loss(all at once)."""
    spread = 0.0
    for case in CASES:
        for seed in SEEDS:
            together = final_losses(case, seed, MODELS, dtype)
            for chunk_size in CHUNKS:
                apart = final_losses(case, seed, chunk_size, dtype)
                spread = max(spread, float(np.max(np.abs(apart - together) / np.abs(together))))
    return spread


@pytest.mark.slow  # about 12 s
def test_float32_chunk_dependence_stays_within_the_stated_bound():
    spread = largest_chunk_spread(torch.float32)
    assert spread <= FLOAT32_CHUNK_RTOL, f"float32 spread {spread:.2g} over the stated {FLOAT32_CHUNK_RTOL:g}"


@pytest.mark.slow  # about 12 s
def test_float64_chunk_dependence_stays_within_the_stated_bound():
    """Not 1e-12 as hoped: 5.4e-12 was measured here, so the stated bound is 1e-10."""
    spread = largest_chunk_spread(torch.float64)
    assert spread <= FLOAT64_CHUNK_RTOL, f"float64 spread {spread:.2g} over the stated {FLOAT64_CHUNK_RTOL:g}"


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_the_same_chunking_twice_gives_identical_bits(dtype):
    """The dependence is on the chunking, not noise: the same chunking twice gives identical bits."""
    case = CASES[0]
    np.testing.assert_array_equal(final_losses(case, 0, 4, dtype), final_losses(case, 0, 4, dtype))


def test_the_docstring_and_the_sweeps_doc_state_the_measured_bound():
    """The old text promised independence ("results do not depend on it") and about 4e-7."""
    doc = " ".join(batched.train_batch.__doc__.split())
    assert (FLOAT32_CHUNK_RTOL, FLOAT64_CHUNK_RTOL) == (1e-4, 1e-10)  # the numbers the texts give
    assert "do not depend" not in doc and "(1e-4)" in doc and "(1e-10;" in doc
    text = " ".join((Path(batched.__file__).parents[2] / "docs" / "sweeps.md").read_text().split())
    assert "about 4e-7" not in text and "up to 1e-4" in text and "1e-10 in float64" in text
