"""One integer seed -> independent, named random streams.

Each stream is a ``numpy.random.Generator`` built from ``SeedSequence(seed, spawn_key=(k,))``
with a fixed ``k`` per name, so streams never overlap and drawing more from one stream
(a bigger init scale, more steps) never changes another (the dataset).
Nothing here or anywhere in core touches global random state.
"""

from __future__ import annotations

import numpy as np

from core import limits
from core.validation import check_choice, check_int

# Fixed spawn keys: never renumber, or saved links would reproduce different runs.
STREAMS = {"data": 0, "split": 1, "init": 2, "train": 3, "symmetry": 4, "volume": 5}


def stream(seed: int, name: str) -> np.random.Generator:
    """The generator for stream ``name`` of ``seed``; the same pair always gives the same numbers."""
    seed = check_int(seed, "seed", limits.SEED)
    check_choice(name, "stream", STREAMS)
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(STREAMS[name],)))
