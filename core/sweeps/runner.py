"""Run a sweep's missing chunks, serially or on Dask, and write each one as soon as it is done.

Workers only train: each Dask task returns its chunk's rows to this process, which writes them.
So a cluster needs no shared disk, and a chunk is written once however often Dask had to rerun
its task (a worker that dies mid-task has its tasks rescheduled on the others).
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import logging
import os
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from core import limits
from core.engine.device import DEVICES, resolve_device
from core.init_regions.width_spec import WidthSpec
from core.sweeps.chunks import plan_chunks, train_chunk
from core.sweeps.code_version import REPOSITORY, code_hash
from core.sweeps.experiment_chunks import ExperimentChunk
from core.sweeps.experiment_spec import ExperimentSpec
from core.sweeps.kinds import AnyChunk, AnySpec, check_spec, code_modules, cost, plan, run_chunk
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


class ChunkFailedError(RuntimeError):
    """A chunk's run raised (a bug in an experiment function, say): the message names the chunk, and the
    exception it wraps (``__cause__``) keeps its own traceback, so the file and line of the bug show."""


@dataclass(frozen=True)
class RunReport:
    out: str
    chunks: int
    skipped: int      # already written by an earlier run
    trained: int
    seconds: float


def run_sweep_to(spec: AnySpec, out: str | os.PathLike[str], *, backend: str = "dask", scheduler: str | None = None,
                 workers: int = 2, chunk_groups: int = 1, client: Client | None = None, progress: bool = True,
                 allow_large: bool = False, allow_code_change: bool = False,
                 after_chunk: Callable[[AnyChunk], None] | None = None, device: str = "cpu") -> RunReport:
    """Run every chunk of ``spec`` not yet in ``out`` (the width experiment's WidthSpec, or a user
    experiment's core.sweeps.experiment_spec.ExperimentSpec); returns what was done.

    ``client`` (a dask.distributed.Client) wins over ``scheduler`` (an address), which wins over
    an embedded LocalCluster of ``workers`` processes. ``after_chunk`` is called after each write.
    A folder written by other code (another :func:`core.sweeps.code_version.code_hash`) is refused
    unless ``allow_code_change``; on Dask, WorkerCheckError before any chunk is sent when the
    workers cannot import and run this code. An error raised while running a chunk (inside an experiment
    function, say) comes as ChunkFailedError, from the original error. ``device`` ("cpu", "cuda", "auto";
    core.engine.device) is where the width experiment's chunks train, resolved where they run: "auto" on each
    worker.
    """
    spec = check_spec(spec, allow_large=allow_large)
    check_choice(backend, "backend", BACKENDS)
    check_choice(device, "device", DEVICES)
    if backend == "serial":
        resolve_device(device)  # chunks train in this process: "cuda" without a GPU fails here, before any chunk
    check_int(workers, "workers", limits.SWEEP_WORKERS)
    chunks = plan(spec, chunk_groups)
    store = SweepStore(out)
    record = store.open_for(spec, chunk_groups, allow_code_change=allow_code_change)
    store.remove_leftovers()
    done = store.done(chunks)
    todo = [chunk for chunk in chunks if chunk not in done]
    started = time.perf_counter()
    with _progress_bar(spec, chunks, done, enabled=progress) as advance:
        def finish(chunk: AnyChunk, rows) -> None:
            store.write(chunk, rows, record)
            advance(chunk)
            if after_chunk is not None:
                after_chunk(chunk)

        if todo and backend == "serial":
            for chunk in todo:
                with _naming_the_chunk(spec, chunk):
                    rows = run_chunk(spec, chunk, device)
                finish(chunk, rows)
        elif todo:
            with _dask_client(client, scheduler, workers) as dask_client:
                _run_on_dask(dask_client, spec, todo, finish, device)
    return RunReport(str(store.out), len(chunks), len(done), len(todo), time.perf_counter() - started)


def _run_on_dask(client, spec: AnySpec, todo: list[AnyChunk], finish, device: str = "cpu") -> None:
    from dask.distributed import as_completed

    check_workers(client, modules=code_modules(spec))
    prefix = f"sweep-{spec_hash(spec)[:10]}"
    futures = {client.submit(run_chunk, spec, chunk, device, key=f"{prefix}-{chunk.name}", pure=False): chunk
               for chunk in todo}
    try:
        for future in as_completed(futures):
            with _naming_the_chunk(spec, futures[future]):
                rows = future.result()  # re-raises a task's error with the worker's traceback
            finish(futures[future], rows)
            future.release()
    finally:  # on an error or an interrupt, stop the rest; what was written stays for the next run
        client.cancel(list(futures))


@contextlib.contextmanager
def _naming_the_chunk(spec: AnySpec, chunk: AnyChunk):
    """Re-raise what running ``chunk`` raised as ChunkFailedError naming the chunk (its cause keeps the traceback).

    Only Exception: Ctrl-C (KeyboardInterrupt) passes through unchanged, to end the run cleanly.
    """
    try:
        yield
    except Exception as error:
        if isinstance(spec, ExperimentSpec) and isinstance(chunk, ExperimentChunk):
            where = (f"experiment {spec.experiment!r}, cell {dict(spec.cells[chunk.cell])}, "
                     f"runs {chunk.first}..{chunk.first + chunk.count - 1}")
        else:
            where = f"the width experiment, chunk {chunk.name}"
        raise ChunkFailedError(f"{where} raised {type(error).__name__}: {error}") from error


def run_check_chunk(*modules: str) -> str:
    """Train CHECK_SPEC's one chunk (milliseconds) and return this process's code hash (with ``modules``,
    a user experiment's): the workers' check task."""
    train_chunk(CHECK_SPEC, plan_chunks(CHECK_SPEC)[0])
    return code_hash(*modules)


def worker_advice(address: str, modules: tuple[str, ...] = ()) -> str:
    """How to start a worker that can run the sweep: from the repository root, with the repository and the
    folder of each user module on PYTHONPATH, its listeners on loopback for a loopback scheduler (else on
    one interface) and its dashboard on loopback (docs/sweeps.md, 'On a cluster')."""
    folders: dict[str, list[str]] = {str(Path(REPOSITORY).resolve()): []}
    for module in modules:
        folder = module_folder(module)
        if folder is not None:
            folders.setdefault(folder, []).append(module)
    extra = [f"{folder} (for {', '.join(names)})" for folder, names in list(folders.items())[1:]]
    path = ":".join(["$PWD", *list(folders)[1:]])
    host = urlsplit(address).hostname or ""
    bind = "--host 127.0.0.1" if host in ("127.0.0.1", "localhost", "::1") else "--interface IFACE"
    where = "with the repository" + (f" and {', '.join(extra)}" if extra else "") + " on PYTHONPATH"
    return (f"start each worker from the repository root {where}, e.g. `cd {REPOSITORY} && PYTHONPATH={path} "
            f".venv/bin/dask worker {address} {bind} --dashboard-address 127.0.0.1:0 --nthreads 1` "
            "(docs/sweeps.md, 'On a cluster')")


def module_folder(module: str) -> str | None:
    """The folder that must be on PYTHONPATH for ``module`` ("pkg.mod") to import as here; None if not found."""
    try:
        found = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        return None
    if found is None or found.origin is None or not found.has_location:
        return None
    folder = Path(found.origin).resolve().parent
    for _ in range(module.count(".") + (Path(found.origin).name == "__init__.py")):
        folder = folder.parent
    return str(folder)


def check_workers(client: Client, timeout: float | None = None, *, modules: tuple[str, ...] = ()) -> None:
    """Fail fast, with how to start workers, unless a worker imports the sweep code (and ``modules``, a user
    experiment's), trains a tiny chunk and has this process's code hash, within ``timeout`` seconds
    (WORKER_CHECK_SECONDS).

    Without it a worker that cannot import ``core`` logs the error and the sweep waits forever at 0.
    The import is checked first through the standard library (``importlib.import_module``), so that task
    needs none of our code to be unpickled and its error comes back to this process.
    """
    timeout = WORKER_CHECK_SECONDS if timeout is None else timeout
    address = getattr(client.scheduler, "address", "tcp://SCHEDULER:8786")
    how = worker_advice(address, modules)
    futures: list[Future] = []
    try:
        # The module stays on the worker (a module cannot travel back); only its name returns, and an
        # import error reaches this process through the dependent task.
        for module in ("core.sweeps.chunks", *modules):
            futures.append(client.submit(importlib.import_module, module, pure=False))
            futures.append(client.submit(getattr, futures[-1], "__name__", pure=False))
            futures[-1].result(timeout=timeout)
        futures.append(client.submit(run_check_chunk, *modules, pure=False))
        worker_hash = futures[-1].result(timeout=timeout)
    except TimeoutError:
        client.cancel(futures)
        raise WorkerCheckError(f"no Dask worker of {address} ran a tiny check task within {timeout:g} s "
                               f"(none connected, or they cannot load the code): {how}") from None
    except Exception as error:  # whatever the worker raised: an ImportError, a missing package, ...
        raise WorkerCheckError(f"the Dask workers of {address} cannot run the sweep code "
                               f"({type(error).__name__}: {error}): {how}") from None
    if worker_hash != code_hash(*modules):
        raise WorkerCheckError(f"the Dask workers of {address} run other code (code hash {worker_hash[:12]}, "
                               f"this process {code_hash(*modules)[:12]}): give every worker this "
                               f"repository's version of core/ (and of {', '.join(modules) or 'nothing else'}) "
                               f"and restart them; {how}")


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
    with _children_ignore_ctrl_c():
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                               silence_logs=logging.ERROR)
    with cluster, Client(cluster) as local:
        yield local


@contextlib.contextmanager
def _children_ignore_ctrl_c():
    """Processes started inside ignore SIGINT (an ignored signal stays ignored across exec, and Python then
    leaves it so), while this process keeps its Ctrl-C handling once the block ends.

    A terminal's Ctrl-C goes to the whole process group: without this, each worker of the embedded cluster
    dies of its own KeyboardInterrupt and prints a traceback above the resume line. Here only this process
    stops; closing the cluster ends the workers. The price: a Ctrl-C in the seconds the workers start is lost.
    """
    if threading.current_thread() is not threading.main_thread():  # only the main thread may set handlers
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


@contextlib.contextmanager
def _progress_bar(spec: AnySpec, chunks: list[AnyChunk], done: set[AnyChunk], *, enabled: bool):
    """A tqdm bar over the work (parameter-steps, or runs), so its time-left estimate holds for unequal chunks."""
    from tqdm import tqdm

    total_starts = sum(chunk.count for chunk in chunks)
    state = {"starts": sum(chunk.count for chunk in done)}
    unit = "runs" if isinstance(spec, ExperimentSpec) else "starts"
    bar = tqdm(total=sum(cost(spec, c) for c in chunks), initial=sum(cost(spec, c) for c in done), disable=not enabled,
               smoothing=0.1, bar_format="{desc} {percentage:3.0f}%|{bar}| [{elapsed} elapsed, {remaining} left]")

    def show() -> None:
        bar.set_description_str(f"sweep: {state['starts']:,}/{total_starts:,} {unit}", refresh=False)

    def advance(chunk: AnyChunk) -> None:
        state["starts"] += chunk.count
        show()
        bar.update(cost(spec, chunk))

    show()
    try:
        yield advance
    finally:
        bar.close()
