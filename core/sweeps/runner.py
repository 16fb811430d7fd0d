"""Run a sweep's missing chunks, serially or on Dask, and write each one as soon as it is done.

Workers only train: each Dask task returns its chunk's rows to this process, which writes them.
So a cluster needs no shared disk, and a chunk is written once however often Dask had to rerun
its task (a worker that dies mid-task has its tasks rescheduled on the others).
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from core import limits
from core.init_regions.width_spec import WidthSpec, check_width_spec
from core.sweeps.chunks import Chunk, plan_chunks, train_chunk
from core.sweeps.code_version import REPOSITORY, code_hash
from core.sweeps.spec import spec_hash
from core.sweeps.store import SweepStore
from core.validation import check_choice, check_int

if TYPE_CHECKING:
    from dask.distributed import Client, Future

BACKENDS = ("dask", "serial")
# How long the workers get to run the check task before a sweep is sent (a fresh worker imports torch).
WORKER_CHECK_SECONDS = 120.0
# The smallest sweep there is: the workers' check that they can import and run the code.
CHECK_SPEC = WidthSpec(widths=(1,), schemes=("uniform",), seeds=1, steps=4, group=1)


class WorkerCheckError(RuntimeError):
    """The Dask workers cannot run the sweep's code (cannot import it, run other code, or none answered)."""


@dataclass(frozen=True)
class RunReport:
    out: str
    chunks: int
    skipped: int      # already written by an earlier run
    trained: int
    seconds: float


def run_sweep_to(spec: WidthSpec, out: str | os.PathLike[str], *, backend: str = "dask", scheduler: str | None = None,
                 workers: int = 2, chunk_groups: int = 1, client: Client | None = None, progress: bool = True,
                 allow_large: bool = False, allow_code_change: bool = False,
                 after_chunk: Callable[[Chunk], None] | None = None) -> RunReport:
    """Train every chunk of ``spec`` not yet in ``out``; returns what was done.

    ``client`` (a dask.distributed.Client) wins over ``scheduler`` (an address), which wins over
    an embedded LocalCluster of ``workers`` processes. ``after_chunk`` is called after each write.
    A folder written by other code (another :func:`core.sweeps.code_version.code_hash`) is refused
    unless ``allow_code_change``; on Dask, WorkerCheckError before any chunk is sent when the
    workers cannot import and run this code.
    """
    spec = check_width_spec(spec, scale="research", allow_large=allow_large)
    check_choice(backend, "backend", BACKENDS)
    check_int(workers, "workers", limits.SWEEP_WORKERS)
    chunks = plan_chunks(spec, chunk_groups)
    store = SweepStore(out)
    record = store.open_for(spec, chunk_groups, allow_code_change=allow_code_change)
    store.remove_leftovers()
    done = store.done(chunks)
    todo = [chunk for chunk in chunks if chunk not in done]
    started = time.perf_counter()
    with _progress_bar(spec, chunks, done, enabled=progress) as advance:
        def finish(chunk: Chunk, rows) -> None:
            store.write(chunk, rows, record)
            advance(chunk)
            if after_chunk is not None:
                after_chunk(chunk)

        if todo and backend == "serial":
            for chunk in todo:
                finish(chunk, train_chunk(spec, chunk))
        elif todo:
            with _dask_client(client, scheduler, workers) as dask_client:
                _run_on_dask(dask_client, spec, todo, finish)
    return RunReport(str(store.out), len(chunks), len(done), len(todo), time.perf_counter() - started)


def _run_on_dask(client, spec: WidthSpec, todo: list[Chunk], finish) -> None:
    from dask.distributed import as_completed

    check_workers(client)
    prefix = f"sweep-{spec_hash(spec)[:10]}"
    futures = {client.submit(train_chunk, spec, chunk, key=f"{prefix}-{chunk.name}", pure=False): chunk
               for chunk in todo}
    try:
        for future in as_completed(futures):
            finish(futures[future], future.result())
            future.release()
    finally:  # on an error or an interrupt, stop the rest; what was written stays for the next run
        client.cancel(list(futures))


def run_check_chunk() -> str:
    """Train CHECK_SPEC's one chunk (milliseconds) and return this process's code hash: the workers' check task."""
    train_chunk(CHECK_SPEC, plan_chunks(CHECK_SPEC)[0])
    return code_hash()


def check_workers(client: Client, timeout: float | None = None) -> None:
    """Fail fast, with how to start workers, unless a worker imports the sweep code, trains a tiny
    chunk and has this process's code hash, within ``timeout`` seconds (WORKER_CHECK_SECONDS).

    Without it a worker that cannot import ``core`` logs the error and the sweep waits forever at 0.
    The import is checked first through the standard library (``importlib.import_module``), so that task
    needs none of our code to be unpickled and its error comes back to this process.
    """
    timeout = WORKER_CHECK_SECONDS if timeout is None else timeout
    address = getattr(client.scheduler, "address", "tcp://SCHEDULER:8786")
    how = (f"start each worker from the repository root with the repository on PYTHONPATH, e.g. "
           f"`cd {REPOSITORY} && PYTHONPATH=$PWD .venv/bin/dask worker {address} --nthreads 1` "
           "(docs/sweeps.md, 'On a cluster')")
    futures: list[Future] = []
    try:
        # The module stays on the worker (a module cannot travel back); only its name returns, and an
        # import error reaches this process through the dependent task.
        futures.append(client.submit(importlib.import_module, "core.sweeps.chunks", pure=False))
        futures.append(client.submit(getattr, futures[-1], "__name__", pure=False))
        futures[-1].result(timeout=timeout)
        futures.append(client.submit(run_check_chunk, pure=False))
        worker_hash = futures[-1].result(timeout=timeout)
    except TimeoutError:
        client.cancel(futures)
        raise WorkerCheckError(f"no Dask worker of {address} ran a tiny check task within {timeout:g} s "
                               f"(none connected, or they cannot load the code): {how}") from None
    except Exception as error:  # whatever the worker raised: an ImportError, a missing package, ...
        raise WorkerCheckError(f"the Dask workers of {address} cannot run the sweep code "
                               f"({type(error).__name__}: {error}): {how}") from None
    if worker_hash != code_hash():
        raise WorkerCheckError(f"the Dask workers of {address} run other code (code hash {worker_hash[:12]}, "
                               f"this process {code_hash()[:12]}): give every worker this repository's "
                               f"version of core/ and restart them; {how}")


@contextlib.contextmanager
def _dask_client(client, scheduler: str | None, workers: int):
    if client is not None:
        yield client
        return
    from dask.distributed import Client, LocalCluster

    if scheduler is not None:
        with Client(scheduler) as remote:
            yield remote
        return
    # One thread per worker process: torch runs single-threaded in each, so workers = cores in use.
    # silence_logs: the nanny's "still alive after 4 s, killing" at shutdown is routine (torch's
    # import-time threads), not something a user should read as a failure.
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=logging.ERROR) as cluster, Client(cluster) as local:
        yield local


@contextlib.contextmanager
def _progress_bar(spec: WidthSpec, chunks: list[Chunk], done: set[Chunk], *, enabled: bool):
    """A tqdm bar over the work (parameter-steps), so its time-left estimate holds for unequal chunks."""
    from tqdm import tqdm

    total_starts = sum(chunk.count for chunk in chunks)
    state = {"starts": sum(chunk.count for chunk in done)}
    bar = tqdm(total=sum(c.cost(spec) for c in chunks), initial=sum(c.cost(spec) for c in done), disable=not enabled,
               smoothing=0.1, bar_format="{desc} {percentage:3.0f}%|{bar}| [{elapsed} elapsed, {remaining} left]")

    def show() -> None:
        bar.set_description_str(f"sweep: {state['starts']:,}/{total_starts:,} starts", refresh=False)

    def advance(chunk: Chunk) -> None:
        state["starts"] += chunk.count
        show()
        bar.update(chunk.cost(spec))

    show()
    try:
        yield advance
    finally:
        bar.close()
