import numpy as np
import pytest

from core import rng


def test_same_seed_and_stream_repeat_exactly():
    assert np.array_equal(rng.stream(7, "init").normal(size=5), rng.stream(7, "init").normal(size=5))


def test_streams_are_independent():
    draws = {name: rng.stream(7, name).normal(size=5) for name in rng.STREAMS}
    names = list(draws)
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            assert not np.allclose(draws[a], draws[b])


def test_seed_and_stream_validated():
    with pytest.raises(ValueError, match=r"seed -1: must be an integer in \[0, 4294967295\]"):
        rng.stream(-1, "data")
    with pytest.raises(ValueError, match="stream 'weights': must be one of data"):
        rng.stream(0, "weights")
