"""Process-level tuning for training speed. It changes how fast results come, never what they are."""

from __future__ import annotations

import ctypes
import ctypes.util
import functools

# glibc's malloc hands freed blocks of a few MB back to the OS once the heap's free top passes a
# dynamic "trim threshold", then page-faults them in again on the next allocation. The batched
# trainer frees and re-allocates its multi-MB activations every step, so that cycle cost about a
# quarter of its time (bench/batched_vs_naive.py, 1,000 models: 8.3 s -> 6.0 s). These limits
# keep such blocks in the heap; memory stays bounded by the largest working set.
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3
MMAP_THRESHOLD_BYTES = 32 * 2**20    # glibc's own upper limit for this setting
TRIM_THRESHOLD_BYTES = 256 * 2**20


@functools.cache
def keep_freed_memory() -> bool:
    """Apply the malloc limits once per process; False where the C library is not glibc."""
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name)
        mallopt = libc.mallopt
    except (OSError, AttributeError, TypeError):
        return False
    return bool(mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES)) and bool(mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD_BYTES))
