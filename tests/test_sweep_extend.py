"""Issue 19, "sweeps you can extend": a user experiment function beside the width experiment, training
settings as spec fields, Ctrl-C with the exact resume command, readable result files, results outside
the repository by default.

Oracles: the user function called directly with the run's generator; the same sweep cut otherwise; a
file created normally in the same folder (its mode); the uninterrupted run (after a resume)."""

import json
import os
import shlex
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from core.sweeps import cli as sweep_cli
from core.sweeps import code_version, runner
from core.sweeps.barrier_experiment import barrier_run
from core.sweeps.experiment_chunks import plan_experiment_chunks, run_generator
from core.sweeps.experiment_spec import ExperimentSpec
from core.sweeps.results import ROOT_VARIABLE, list_sweeps, read_rows, sweeps_root
from core.sweeps.runner import run_sweep_to
from core.sweeps.spec import load_spec, spec_from_values, spec_hash
from core.sweeps.store import SweepStore

ROOT = Path(__file__).resolve().parents[1]
STUDY = textwrap.dedent('''
    """A researcher's experiment, outside the repository."""


    def noisy_square(config, *, rng):
        x = float(config["x"])
        return {"value": x * x + float(rng.normal()), "activation_seen": config["activation"]}


    def buggy(config, *, rng):
        import numpy as np
        return {"value": float((np.zeros((2, 3)) @ np.zeros((4, 5))).sum())}  # BUG_LINE: a shape mismatch
''')


@pytest.fixture
def study_module(tmp_path, monkeypatch):
    """A module ``user_study_<n>`` on sys.path (a fresh name per test, so no cached import leaks)."""
    name = f"user_study_{tmp_path.name.replace('-', '_')}"
    folder = tmp_path / "lib"
    folder.mkdir()
    (folder / f"{name}.py").write_text(STUDY)
    monkeypatch.syspath_prepend(str(folder))
    return name, folder / f"{name}.py"


def user_spec(module: str, **changes) -> ExperimentSpec:
    values = {"experiment": f"{module}:noisy_square", "grid": {"x": [1, 2, 3]}, "seeds": 4, "seed": 7,
              "activation": "relu", **changes}
    spec = spec_from_values(values)
    assert isinstance(spec, ExperimentSpec)
    return spec


def test_a_user_experiment_gives_one_row_per_run_equal_to_calling_it_directly(study_module, tmp_path):
    name, _ = study_module
    spec = user_spec(name)
    report = run_sweep_to(spec, tmp_path / "out", backend="serial", progress=False)
    assert report.trained == 12
    rows = read_rows(tmp_path / "out")
    assert list(rows.columns) == ["x", "seed_index", "value", "activation_seen", "spec_hash"]
    assert len(rows) == 12 and set(rows["spec_hash"]) == {spec_hash(spec)}
    module = __import__(name)
    for row in rows.itertuples():
        cell = {"x": row.x}
        expected = module.noisy_square(spec.config(cell), rng=run_generator(spec, cell, row.seed_index))
        assert row.value == expected["value"] and row.activation_seen == "relu"
    other = run_sweep_to(spec, tmp_path / "other", backend="serial", progress=False, chunk_groups=4)
    assert other.trained == 3  # one chunk per cell
    pd.testing.assert_frame_equal(read_rows(tmp_path / "other"), rows)


def test_the_built_in_barrier_experiment_is_the_barrier_study_of_the_run(tmp_path):
    spec = spec_from_values({"experiment": "barrier", "seeds": 1, "learning_rate": 0.05,
                             "grid": {"width": [3], "steps": [5], "n_samples": [30]}})
    run_sweep_to(spec, tmp_path / "out", backend="serial", progress=False)
    row = read_rows(tmp_path / "out").iloc[0]
    cell = {"n_samples": 30, "steps": 5, "width": 3}
    expected = barrier_run(spec.config(cell), rng=run_generator(spec, cell, 0))
    assert {key: row[key] for key in expected} == expected
    assert expected["barrier_before"] >= 0.0 and expected["distance_after"] <= expected["distance_before"]


def test_the_code_hash_covers_the_user_module_and_a_resume_after_an_edit_is_refused(study_module, tmp_path):
    name, path = study_module
    spec = user_spec(name)
    before = code_version.code_hash.__wrapped__(name)
    assert before != code_version.code_hash.__wrapped__()  # the module's source is in the hash

    def stop_after_one(chunk):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_sweep_to(spec, tmp_path / "out", backend="serial", progress=False, after_chunk=stop_after_one)
    path.write_text(STUDY.replace("x * x", "x * x * x"))
    assert code_version.code_hash.__wrapped__(name) != before
    code_version.code_hash.cache_clear()  # a new process would hash the edited file
    with pytest.raises(ValueError, match="written by other code .*--allow-code-change"):
        run_sweep_to(spec, tmp_path / "out", backend="serial", progress=False)


@pytest.mark.parametrize(("experiment", "message"), [
    ("__import__('os').system('true')", r"experiment .*: must be 'width', one of 'barrier', or "
                                        r"'package.module:function'"),
    ("no_such_module_xyz:run", "cannot import module 'no_such_module_xyz' .*importable here and on every worker"),
    ("json:no_such_function", "module 'json' has no function 'no_such_function'"),
])
def test_an_experiment_name_is_imported_never_evaluated(experiment, message):
    with pytest.raises(ValueError, match=message):
        spec_from_values({"experiment": experiment})


@pytest.mark.parametrize(("values", "error", "message"), [
    ({"optimizer": "adamw"}, ValueError, "optimizer 'adamw': must be one of gd, sgd, adam"),
    ({"learning_rate": -1.0}, ValueError, "learning_rate -1.0: must be a finite number in"),
    ({"activation": "swish"}, ValueError, "activation 'swish': must be one of tanh, "),
    ({"precision": "float16"}, ValueError, "precision 'float16': must be one of float64, float32"),
    ({"grid": {"activation": ["relu", "swish"]}}, ValueError, "grid activation 'swish': must be one of"),
    ({"grid": {"x": []}}, TypeError, "grid x .*: must be a non-empty list of values"),
    ({"grid": {"seed_index": [1]}}, ValueError, "grid key 'seed_index': must be a name .* other than"),
    ({"grid": {"x": [[1, 2]]}}, TypeError, r"grid x value \[1, 2\]: must be a number, a string or true/false"),
    ({"seeds": 0}, ValueError, r"seeds \(runs per cell\) 0: must be an integer in \[1, "),
    ({"widths": [1, 2]}, ValueError, "spec key 'widths': unknown for an experiment sweep; allowed keys are"),
])
def test_experiment_spec_fields_are_checked_with_clear_errors(values, error, message):
    with pytest.raises(error, match=message):
        spec_from_values({"experiment": "barrier", **values})


@pytest.mark.parametrize(("flags", "message"), [
    (["--optimizer", "adamw"], "optimizer 'adamw': must be one of"),
    (["--learning-rate", "fast"], "--learning-rate 'fast': not a valid learning_rate value"),
    (["--activation", "swish"], "activation 'swish': must be one of"),
    (["--precision", "float16"], "precision 'float16': must be one of float64, float32"),
])
def test_training_settings_are_flags_of_the_command_line(flags, message, tmp_path, capsys):
    assert sweep_cli.main([str(ROOT / "docs" / "sweep_example.toml"), "--out", str(tmp_path / "x"), *flags]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "x").exists()


def test_training_setting_flags_override_the_spec_file(tmp_path):
    spec_file = tmp_path / "s.toml"
    spec_file.write_text('experiment = "barrier"\n')
    args = sweep_cli.parser().parse_args([str(spec_file), "--optimizer", "sgd", "--learning-rate", "0.02",
                                          "--activation", "relu", "--precision", "float32"])
    spec = load_spec(spec_file, sweep_cli._overrides(args))
    assert (spec.optimizer, spec.learning_rate, spec.activation, spec.precision) == ("sgd", 0.02, "relu", "float32")


def test_ctrl_c_ends_with_one_line_naming_the_exact_resume_command(study_module, tmp_path, monkeypatch, capsys):
    name, _ = study_module
    spec_file = tmp_path / "study.toml"
    spec_file.write_text(f'experiment = "{name}:noisy_square"\nseeds = 3\n[grid]\nx = [1, 2]\n')
    calls = []
    real = runner.run_chunk

    def interrupted_second(spec, chunk, *args, **kwargs):  # passes the runner's device on unchanged
        calls.append(chunk)
        if len(calls) == 2:
            raise KeyboardInterrupt  # what Ctrl-C raises in the main thread
        return real(spec, chunk, *args, **kwargs)

    monkeypatch.setattr(runner, "run_chunk", interrupted_second)
    monkeypatch.setenv(ROOT_VARIABLE, str(tmp_path / "root"))
    argv = [str(spec_file), "--serial", "--no-progress"]
    assert sweep_cli.main(argv) == sweep_cli.INTERRUPTED
    err = capsys.readouterr().err
    last = err.strip().splitlines()[-1]
    assert "Traceback" not in err and last.startswith("interrupted; the chunks written are kept in ")
    command = last.split("resume with: ", 1)[1]
    cd, _, python_command = command.partition(" && ")
    assert shlex.split(cd) == ["cd", os.getcwd()]
    words = shlex.split(python_command)
    assert words[:3] == [sys.executable, "-m", "core.sweeps"] and words[3:6] == argv
    out = Path(words[words.index("--out") + 1])
    assert out.parent == tmp_path / "root" and len(SweepStore(out).chunk_files()) == 1
    monkeypatch.setattr(runner, "run_chunk", real)
    assert sweep_cli.main(words[3:]) == 0  # the printed command, run: it resumes and finishes
    run_sweep_to(load_spec(spec_file), tmp_path / "whole", backend="serial", progress=False)
    pd.testing.assert_frame_equal(read_rows(out), read_rows(tmp_path / "whole"))


@pytest.mark.parametrize("backend", [["--serial"], ["--workers", "1"]])
def test_a_bug_in_the_experiment_shows_its_traceback_file_and_line(backend, study_module, tmp_path, capsys):
    """A ValueError raised inside the user's function is not a spec error: traceback with its file and line,
    the chunk named, status 1 (a spec error is one line and status 2)."""
    name, path = study_module
    spec_file = tmp_path / "bug.toml"
    spec_file.write_text(f'experiment = "{name}:buggy"\nseeds = 1\n[grid]\nx = [1]\n')
    if backend != ["--serial"]:
        pytest.importorskip("distributed")
    status = sweep_cli.main([str(spec_file), *backend, "--no-progress", "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    line = 1 + STUDY.splitlines().index(next(x for x in STUDY.splitlines() if "BUG_LINE" in x))
    assert status == 1, err
    assert "Traceback" in err and f'File "{path}", line {line}, in buggy' in err, err
    assert f"experiment '{name}:buggy', cell {{'x': 1}}, runs 0..0 raised ValueError: matmul" in err, err
    spec_file.write_text(f'experiment = "{name}:buggy"\nseeds = 0\n')
    assert sweep_cli.main([str(spec_file), "--serial", "--out", str(tmp_path / "o2")]) == 2
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.slow
def test_a_real_sigint_ends_a_serial_run_cleanly(tmp_path):
    """SIGINT to the command itself: status 130, no traceback, the resume line last; written chunks stay."""
    spec_file = tmp_path / "slow.toml"
    spec_file.write_text('experiment = "barrier"\nseeds = 50\n[grid]\nwidth = [3]\nsteps = [30]\nn_samples = [40]\n')
    out = tmp_path / "out"
    process = subprocess.Popen([sys.executable, "-m", "core.sweeps", str(spec_file), "--serial", "--no-progress",
                                "--out", str(out)], cwd=ROOT, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not list((out / "chunks").glob("*.parquet")) and time.monotonic() < deadline:
        time.sleep(0.2)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == sweep_cli.INTERRUPTED, err
    assert "Traceback" not in err
    assert err.strip().splitlines()[-1].startswith(f"interrupted; the chunks written are kept in {out}; resume with: ")
    assert 1 <= len(SweepStore(out).chunk_files()) < 50


@pytest.mark.slow
def test_ctrl_c_on_the_default_dask_run_ends_cleanly(tmp_path):
    """A terminal's Ctrl-C: SIGINT to the whole process group (the command, its Dask worker processes) once
    the workers run. Status 130, no worker traceback, the resume line last; written chunks stay."""
    pytest.importorskip("distributed")
    spec_file = tmp_path / "slow.toml"
    spec_file.write_text('experiment = "barrier"\nseeds = 50\n[grid]\nwidth = [3]\nsteps = [30]\nn_samples = [40]\n')
    out = tmp_path / "out"
    process = subprocess.Popen([sys.executable, "-m", "core.sweeps", str(spec_file), "--workers", "1",
                                "--no-progress", "--out", str(out)], cwd=ROOT, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)  # its own process group, as a shell job has
    try:
        deadline = time.monotonic() + 180
        while len(list((out / "chunks").glob("*.parquet"))) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        os.killpg(process.pid, signal.SIGINT)
        _, err = process.communicate(timeout=90)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert process.returncode == sweep_cli.INTERRUPTED, err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    assert err.strip().splitlines()[-1].startswith(f"interrupted; the chunks written are kept in {out}; resume with: ")
    assert 2 <= len(SweepStore(out).chunk_files()) < 50


@pytest.mark.parametrize("mask", [0o022, 0o027, 0o077])
def test_result_files_get_the_mode_of_any_file_the_user_creates(study_module, tmp_path, mask):
    name, _ = study_module
    old = os.umask(mask)
    try:
        run_sweep_to(user_spec(name, seeds=1), tmp_path / "out", backend="serial", progress=False)
        (tmp_path / "out" / "normal.txt").write_text("x")  # the oracle: a file created the usual way
    finally:
        os.umask(old)
    normal = (tmp_path / "out" / "normal.txt").stat().st_mode & 0o777
    assert normal == 0o666 & ~mask
    written = [tmp_path / "out" / "provenance.json", *SweepStore(tmp_path / "out").chunk_files()]
    assert {path.stat().st_mode & 0o777 for path in written} == {normal}


def test_results_go_outside_the_repository_by_default(tmp_path, monkeypatch):
    monkeypatch.delenv(ROOT_VARIABLE, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert sweeps_root() == tmp_path / "data" / "equivalence-lab" / "sweeps"
    for unset in ("", "relative/path"):  # the XDG spec: unset, empty or relative means ~/.local/share
        monkeypatch.setenv("XDG_DATA_HOME", unset)
        monkeypatch.setenv("HOME", str(tmp_path / "home"))
        assert sweeps_root() == tmp_path / "home" / ".local" / "share" / "equivalence-lab" / "sweeps"
    assert ROOT not in sweeps_root().parents
    monkeypatch.setenv(ROOT_VARIABLE, str(tmp_path / "chosen"))
    assert sweeps_root() == tmp_path / "chosen"


def test_the_cli_writes_to_the_default_root_or_to_out(study_module, tmp_path, monkeypatch, capsys):
    name, _ = study_module
    spec_file = tmp_path / "study.toml"
    spec_file.write_text(f'experiment = "{name}:noisy_square"\nseeds = 1\n[grid]\nx = [1]\n')
    monkeypatch.delenv(ROOT_VARIABLE, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert sweep_cli.main([str(spec_file), "--serial", "--no-progress"]) == 0
    default = Path(capsys.readouterr().out.strip())
    assert default.parent == tmp_path / "data" / "equivalence-lab" / "sweeps"
    assert default.name.startswith("study-") and len(read_rows(default)) == 1
    assert sweep_cli.main([str(spec_file), "--serial", "--no-progress", "--out", str(tmp_path / "mine")]) == 0
    assert Path(capsys.readouterr().out.strip()) == tmp_path / "mine"


def test_the_lesson_refuses_a_user_experiment_folder_by_name(study_module, tmp_path):
    name, _ = study_module
    run_sweep_to(user_spec(name, seeds=1), tmp_path / "out", backend="serial", progress=False)
    record = json.loads((tmp_path / "out" / "provenance.json").read_text())
    assert record["spec"]["experiment"] == f"{name}:noisy_square" and record["code"]["hash"]
    with pytest.raises(ValueError, match="holds a user experiment's sweep, not the width experiment; read its rows "
                                         "with core.sweeps.results.read_rows"):
        SweepStore(tmp_path / "out").read_rows()
    assert list_sweeps(tmp_path) == []  # the lesson's list of folders leaves it out


def test_chunks_cover_every_run_once():
    spec = spec_from_values({"experiment": "barrier", "seeds": 7, "grid": {"width": [2, 3]}})
    for runs in (1, 3, 7, 10):
        chunks = plan_experiment_chunks(spec, runs)
        covered = sorted((c.cell, i) for c in chunks for i in range(c.first, c.first + c.count))
        assert covered == [(cell, i) for cell in range(2) for i in range(7)]
        assert len({c.name for c in chunks}) == len(chunks)
    assert np.all(run_generator(spec, {"width": 2}, 3).random(3) == run_generator(spec, {"width": 2}, 3).random(3))


def test_a_user_experiment_on_dask_gives_the_serial_rows_and_workers_must_import_its_module(study_module, tmp_path):
    distributed = pytest.importorskip("distributed")
    name, _ = study_module
    spec = user_spec(name)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        run_sweep_to(spec, tmp_path / "dask", client=client, progress=False)
        with pytest.raises(runner.WorkerCheckError, match="cannot run the sweep code .*ModuleNotFoundError.*"
                                                          "no_such_module_xyz"):
            runner.check_workers(client, modules=("no_such_module_xyz",))
    run_sweep_to(spec, tmp_path / "serial", backend="serial", progress=False)
    pd.testing.assert_frame_equal(read_rows(tmp_path / "dask"), read_rows(tmp_path / "serial"))
