"""Process-level tuning for training speed. It changes how fast results come, never what they are."""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import functools
import threading
from collections.abc import Iterator

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
    return (bool(mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES))
            and bool(mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD_BYTES)))


# Torch's intra-op pool: 2 threads on this 2-core machine. For the tiny networks of these lessons
# the threads mostly synchronise, and inside a Streamlit server (every session's script runs in a
# thread of its own, beside the server's event loop) they fight the server for the two cores:
# a Train-lesson step took 30 ms instead of 2 ms (measured in Chromium against a live server).
_thread_lock, _thread_users, _saved_threads = threading.Lock(), [0], [1]


def serve_single_threaded() -> None:
    """For a server process: run torch's kernels on the calling thread, for good."""
    import torch

    torch.set_num_threads(1)


@contextlib.contextmanager
def one_torch_thread() -> Iterator[None]:
    """Run torch on one thread while inside (reference-counted across concurrent users).

    Used around batch training of tiny networks outside the server too (benchmarks, tests),
    where 2 threads made a 1,000-start batch 10-60x slower when the cores were shared.
    """
    import torch

    with _thread_lock:
        if _thread_users[0] == 0:
            _saved_threads[0] = torch.get_num_threads()
            torch.set_num_threads(1)
        _thread_users[0] += 1
    try:
        yield
    finally:
        with _thread_lock:
            _thread_users[0] -= 1
            if _thread_users[0] == 0:
                torch.set_num_threads(_saved_threads[0])
