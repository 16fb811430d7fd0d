"""Research sweeps on Dask: the same rows as the serial run, even when a worker dies mid-sweep.

The oracle is the serial run of the same spec (no Dask at all), compared exactly.
"""

import os
import signal
import subprocess
import sys

import pandas as pd
import pytest

from core.init_regions.width_spec import WidthSpec
from core.sweeps import runner
from core.sweeps.chunks import plan_chunks
from core.sweeps.runner import WorkerCheckError, check_workers, run_sweep_to
from core.sweeps.store import SweepStore

distributed = pytest.importorskip("distributed")

TINY = WidthSpec(widths=(1, 4), schemes=("uniform", "representative"), seeds=8, steps=30, group=4)
# Longer chunks for the fault test, so tasks are still running when a worker is killed.
FAULT = WidthSpec(widths=(4, 8), schemes=("uniform",), seeds=24, steps=150, group=4)


def serial(spec, out):
    run_sweep_to(spec, out, backend="serial", progress=False)
    return SweepStore(out).read_rows()


def test_a_threaded_local_cluster_gives_the_serial_rows(tmp_path):
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        report = run_sweep_to(TINY, tmp_path / "dask", client=client, chunk_groups=1, progress=False)
    assert report.trained == len(plan_chunks(TINY))
    pd.testing.assert_frame_equal(SweepStore(tmp_path / "dask").read_rows(), serial(TINY, tmp_path / "serial"))


def test_a_worker_that_cannot_import_the_code_fails_fast_with_how_to_start_workers(tmp_path, monkeypatch):
    """The issue's hang: a worker started outside the repository logged "No module named 'core'" and the
    sweep sat at 0 forever. Here a real worker process runs where ``core`` is a package that fails to
    import (it shadows the repository and any installed copy), so the sweep must stop, not wait."""
    (tmp_path / "core").mkdir()
    (tmp_path / "core" / "__init__.py").write_text('raise ImportError("No module named \'core\' (test stand-in)")\n')
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    monkeypatch.setattr(runner, "WORKER_CHECK_SECONDS", 60.0)  # the worker's start-up, on a busy machine
    with distributed.LocalCluster(n_workers=0, processes=False, protocol="tcp", host="127.0.0.1",
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        worker = subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_worker", cluster.scheduler_address,
                                   "--nthreads", "1", "--no-nanny", "--no-dashboard"], cwd=tmp_path, env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            with pytest.raises(WorkerCheckError, match=r"cannot run the sweep code \(ImportError: No module named "
                                                       r"'core'.*PYTHONPATH=\$PWD .*dask worker tcp://"):
                run_sweep_to(TINY, tmp_path / "out", client=client, progress=False)
        finally:
            worker.terminate()
            worker.wait(timeout=30)
    assert SweepStore(tmp_path / "out").chunk_files() == []


def test_no_worker_at_all_fails_within_the_check_timeout():
    with distributed.LocalCluster(n_workers=0, processes=False, dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        with pytest.raises(WorkerCheckError, match="no Dask worker of .* ran a tiny check task within 0.5 s .*PYTHONPATH"):
            check_workers(client, timeout=0.5)


def test_workers_running_other_code_are_refused(monkeypatch):
    monkeypatch.setattr(runner, "run_check_chunk", lambda: "e" * 64)  # what a worker with edited code returns
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        with pytest.raises(WorkerCheckError, match="run other code .*restart them"):
            check_workers(client)


@pytest.mark.slow
def test_a_killed_worker_process_loses_and_duplicates_no_row(tmp_path):
    killed = []

    # Dask's default spawn, slow as it is (each worker imports torch afresh): with fork, a worker
    # forked while another thread of this process held a lock deadlocked at start (seen here once).
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        def kill_a_busy_worker(chunk):
            """After the first chunk is written, SIGKILL a worker process that still holds tasks."""
            if killed:
                return
            busy = {address for address, keys in client.processing().items() if keys}
            nanny = next((n for n in cluster.workers.values() if n.worker_address in busy), None)
            if nanny is None:  # nothing left to interrupt (should not happen with these chunk counts)
                return
            killed.append(nanny.process.process.pid)
            os.kill(killed[0], signal.SIGKILL)

        report = run_sweep_to(FAULT, tmp_path / "dask", client=client, progress=False, after_chunk=kill_a_busy_worker)
    assert killed, "no worker was busy to kill"
    assert report.trained == len(plan_chunks(FAULT))
    rows = SweepStore(tmp_path / "dask").read_rows()  # raises if a start was written twice
    pd.testing.assert_frame_equal(rows, serial(FAULT, tmp_path / "serial"))
