"""Errors a researcher meets when a sweep or a study is set up wrong: each names what to fix, in one line."""

from __future__ import annotations

import textwrap

import numpy as np
import pytest

from core.engine.init_schemes import init_params
from core.sweeps import runner
from core.sweeps.barrier_experiment import barrier_run
from core.sweeps.experiment_spec import resolve_experiment
from core.symmetry.barrier import barrier_study, loss_along_line
from core.symmetry.scores import mean_squared_error


def test_a_syntax_error_in_the_users_module_names_the_module_file_and_line(tmp_path, monkeypatch):
    name = f"broken_{tmp_path.name.replace('-', '_')}"
    (tmp_path / f"{name}.py").write_text(textwrap.dedent("""\
        def run(config, *, rng):
            return {"value": 1}


        def oops(:
            pass
    """))
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(ValueError) as caught:
        resolve_experiment(f"{name}:run")
    message = str(caught.value)
    assert "\n" not in message
    assert f"module {name!r} has a syntax error in {tmp_path / f'{name}.py'}, line 5" in message


def test_the_worker_advice_names_the_user_modules_folder_and_the_loopback_flags(tmp_path, monkeypatch):
    package = tmp_path / "lib" / "mystudy"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "barriers.py").write_text("def run(config, *, rng):\n    return {'v': 1}\n")
    monkeypatch.syspath_prepend(str(tmp_path / "lib"))
    advice = runner.worker_advice("tcp://127.0.0.1:8786", ("mystudy.barriers", "core.sweeps.barrier_experiment"))
    assert f"PYTHONPATH=$PWD:{(tmp_path / 'lib').resolve()} " in advice  # the folder above the package, once
    assert f"{(tmp_path / 'lib').resolve()} (for mystudy.barriers)" in advice
    assert "--host 127.0.0.1 --dashboard-address 127.0.0.1:0" in advice  # as docs/sweeps.md's loopback recipe
    assert runner.module_folder("mystudy") == str((tmp_path / "lib").resolve())  # a package itself
    remote = runner.worker_advice("tcp://10.1.2.3:8786")
    assert "PYTHONPATH=$PWD .venv" in remote and "--interface IFACE --dashboard-address 127.0.0.1:0" in remote


def test_a_pair_x_y_with_the_default_loss_says_loss_or_metric_is_needed():
    rng = np.random.default_rng(0)
    a, b = init_params((2, 3, 1), rng=rng), init_params((2, 3, 1), rng=rng)
    pair = (rng.normal(size=(5, 2)), rng.normal(size=5))
    for call in (lambda: barrier_study(a, b, pair, "relu"), lambda: loss_along_line(a, b, pair, "relu")):
        with pytest.raises(TypeError, match=r"data tuple: the default loss needs a core.engine.data.Dataset; a pair "
                                            r"\(X, y\) is accepted once you pass loss= or metric="):
            call()
    ts, losses = loss_along_line(a, b, pair, "relu", loss=mean_squared_error)  # the advice, followed, works
    assert len(ts) == len(losses) and np.all(np.isfinite(losses))


def test_the_barrier_experiment_needs_the_datasets_smallest_sample():
    config = {"activation": "relu", "optimizer": "adam", "learning_rate": 0.01, "precision": "float64",
              "width": 2, "steps": 2}
    with pytest.raises(ValueError, match=r"grid n_samples 3: must be an integer in \[4, 100000\]"):
        barrier_run({**config, "n_samples": 3}, rng=np.random.default_rng(0))
    row = barrier_run({**config, "n_samples": 4}, rng=np.random.default_rng(0))  # the smallest allowed runs
    assert np.isfinite(row["barrier_before"])
