"""The device option (core.engine.device): resolution, clear errors, per-device chunking, CPU results unchanged.

CPU-only machines (CI) check that device="cpu" (and "auto" without a GPU) gives exactly the default
path's bits. The CPU/GPU comparisons need a CUDA GPU: they skip elsewhere and the test output says so.
"""

import contextlib
import dataclasses
import io

import numpy as np
import pandas as pd
import pytest
import torch

from core import rng
from core.engine.batched import GPU_MAX_CHUNK, auto_chunk_size, chunk_size_for, train_batch
from core.engine.data import make_dataset
from core.engine.device import DEVICES, device_words, resolve_device
from core.engine.init_schemes import init_params
from core.init_regions.map import BLOCK, computed_on, map_block, train_map
from core.init_regions.task import MapSpec
from core.init_regions.width_experiment import draw_starts, run_width_experiment, train_starts
from core.init_regions.width_spec import WidthSpec
from core.init_regions.width_task import width_training_data
from core.sweeps import cli
from core.sweeps.chunks import plan_chunks, train_chunk
from core.sweeps.spec import load_spec, run_options, spec_hash
from core.sweeps.store import SweepStore

needs_cuda = pytest.mark.skipif(not torch.cuda.is_available(),
                                reason="no CUDA GPU on this machine: CPU/GPU agreement not checked")
# The agreement bounds on final losses (relative): float64 to 1e-10, float32 to 1e-5.
RTOL = {torch.float64: 1e-10, torch.float32: 1e-5}
SMALL_MAP = MapSpec(resolution=9, steps=60)
SMALL_WIDTH = WidthSpec(widths=(1, 3), schemes=("uniform", "he"), seeds=10, steps=40)


@pytest.fixture
def no_gpu(monkeypatch):
    """This process as on a machine without a GPU, whatever the machine."""
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)


def batch(n_models=6, **settings):
    """A small batch on moons; settings override the training arguments."""
    data = make_dataset("moons", 60, 0.2, rng=rng.stream(0, "data"))
    starts = rng.stream(3, "init")
    params = [init_params((2, 8, 1), scheme="xavier", rng=starts) for _ in range(n_models)]
    arguments = {"steps": 40, "activation": "tanh", "optimizer": "gd", "learning_rate": 0.5,
                 "rng": rng.stream(3, "train"), "snapshot_steps": (0, 20, 40), **settings}
    return train_batch(params, data, data, **arguments)


def assert_identical(a, b):
    """Every array of two BatchResults equal bit for bit (NaN where NaN)."""
    for name in ("train_loss", "test_loss", "train_accuracy", "test_accuracy", "diverged_at"):
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name), err_msg=name)
    assert a.snapshots.keys() == b.snapshots.keys()
    for step in a.snapshots:
        np.testing.assert_array_equal(a.snapshots[step], b.snapshots[step])
    for p, q in zip(a.final_params, b.final_params, strict=True):
        np.testing.assert_array_equal(p.flatten(), q.flatten())


# --- resolution and errors -----------------------------------------------------------------------------


def test_auto_is_the_cpu_on_a_machine_without_a_gpu(no_gpu):
    assert resolve_device("auto") == torch.device("cpu")
    assert resolve_device("cpu") == torch.device("cpu")


def test_auto_is_the_gpu_when_torch_sees_one(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    assert resolve_device("auto") == torch.device("cuda") == resolve_device("cuda")


@pytest.mark.parametrize("bad", ["gpu", "CUDA", "cuda:0", "", None, 0])
def test_an_unknown_device_names_the_parameter_the_value_and_the_choices(bad):
    with pytest.raises(ValueError) as error:
        resolve_device(bad)
    message = str(error.value)
    assert message.startswith("device ") and repr(bad) in message and all(name in message for name in DEVICES)


def test_cuda_without_a_gpu_is_a_clear_error_not_a_crash(no_gpu):
    with pytest.raises(ValueError, match=r"device 'cuda': torch sees no CUDA GPU .* use device 'cpu' or 'auto'"):
        resolve_device("cuda")


@pytest.mark.parametrize("call", [
    lambda device: batch(device=device),
    lambda device: train_map(SMALL_MAP, device=device),
    lambda device: run_width_experiment(SMALL_WIDTH, device=device),
], ids=["train_batch", "train_map", "run_width_experiment"])
def test_every_entry_point_refuses_cuda_without_a_gpu_before_training(no_gpu, call):
    with pytest.raises(ValueError, match="device 'cuda': torch sees no CUDA GPU"):
        call("cuda")
    with pytest.raises(ValueError, match="device 'tpu': must be one of cpu, cuda, auto"):
        call("tpu")


def test_the_device_in_words():
    assert device_words(torch.device("cpu")) == "CPU"


# --- chunking per device -------------------------------------------------------------------------------


@pytest.mark.parametrize(("n_samples", "widths"), [(200, (2, 16, 1)), (40, (1, 2, 1)), (5000, (2, 256, 256, 1))])
def test_the_cpu_keeps_its_cache_sized_chunks(n_samples, widths):
    assert chunk_size_for("cpu", n_samples, widths) == auto_chunk_size(n_samples, widths)
    assert chunk_size_for(torch.device("cpu"), n_samples, widths) == auto_chunk_size(n_samples, widths)


def test_a_gpu_takes_ten_to_a_hundred_thousand_models_per_chunk():
    gpu = chunk_size_for("cuda", 200, (2, 16, 1))  # the workload: 2-16-1 on 200 moons points
    assert 10_000 <= gpu <= 100_000 and gpu > 10 * auto_chunk_size(200, (2, 16, 1))
    assert chunk_size_for(torch.device("cuda"), 40, (1, 2, 1)) == GPU_MAX_CHUNK  # tiny networks: capped
    assert chunk_size_for("cuda", 120, (1, 1024, 1)) >= 1000  # the sweeps' widest student still gets many
    assert chunk_size_for("cuda", 5000, (64, 256, 256, 256, 1)) >= 1  # a huge working set: still at least one


def test_a_gpu_map_is_one_block_and_a_cpu_map_keeps_its_blocks():
    largest = dataclasses.replace(SMALL_MAP, resolution=101)
    assert map_block(torch.device("cpu"), largest) == BLOCK
    assert map_block(torch.device("cuda"), largest) >= largest.n_cells


# --- the CPU path is the default path, bit for bit -----------------------------------------------------


@pytest.mark.parametrize("dtype", [torch.float64, torch.float32])
@pytest.mark.parametrize("settings", [{}, {"optimizer": "sgd", "batch_size": 16}, {"chunk_size": 4}],
                         ids=["gd", "sgd-minibatch", "chunks-of-4"])
def test_device_cpu_equals_the_default_exactly(dtype, settings):
    assert_identical(batch(dtype=dtype, device="cpu", **settings), batch(dtype=dtype, **settings))


def test_auto_without_a_gpu_equals_the_default_exactly(no_gpu):
    assert_identical(batch(device="auto"), batch())


def test_a_cpu_map_equals_the_default_and_says_it_ran_on_the_cpu():
    default, explicit = train_map(SMALL_MAP), train_map(SMALL_MAP, device="cpu")
    for name in ("final", "final_loss", "diverged_at", "frame_loss", "trajectories"):
        np.testing.assert_array_equal(getattr(explicit, name), getattr(default, name), err_msg=name)
    assert explicit.device == default.device == "CPU"
    assert computed_on(explicit) == "Computed on CPU in float64."
    assert computed_on(train_map(dataclasses.replace(SMALL_MAP, precision="float32"))) == \
        "Computed on CPU in float32."


def test_a_cpu_width_experiment_equals_the_default():
    assert run_width_experiment(SMALL_WIDTH, device="cpu").rows == run_width_experiment(SMALL_WIDTH).rows


def test_the_page_asks_for_the_servers_gpu_when_it_has_one(monkeypatch):
    """The lesson's cached map call passes device="auto" (the GPU on a server that has one)."""
    from pages.shared.init_regions import cached

    asked = {}

    def fake_train_map(spec, *, progress=None, device="cpu"):
        asked["device"] = device
        return "a map"

    monkeypatch.setattr(cached, "train_map", fake_train_map)
    spec = dataclasses.replace(SMALL_MAP, base_seed=987_654)  # a key no other test stores
    assert cached.map_result(spec) == "a map" and asked == {"device": "auto"}


# --- CPU and GPU agree (a CUDA GPU only) ---------------------------------------------------------------


def relative_gap(a, b) -> float:
    return float(np.max(np.abs(a - b) / np.abs(b)))


@needs_cuda
@pytest.mark.parametrize("dtype", [torch.float64, torch.float32])
@pytest.mark.parametrize("settings", [{}, {"optimizer": "adam", "learning_rate": 0.05},
                                      {"optimizer": "sgd", "batch_size": 16}], ids=["gd", "adam", "sgd-minibatch"])
def test_cpu_and_gpu_final_losses_agree(dtype, settings):
    cpu, gpu = batch(dtype=dtype, device="cpu", **settings), batch(dtype=dtype, device="cuda", **settings)
    assert (cpu.diverged_at == -1).all() and (gpu.diverged_at == -1).all()
    assert relative_gap(gpu.final_loss, cpu.final_loss) <= RTOL[dtype]
    assert gpu.train_loss.shape == cpu.train_loss.shape and gpu.snapshots.keys() == cpu.snapshots.keys()


@needs_cuda
def test_a_gpu_map_agrees_with_the_cpu_map_and_says_so():
    cpu, gpu = train_map(SMALL_MAP, device="cpu"), train_map(SMALL_MAP, device="cuda")
    assert gpu.device.startswith("GPU (") and computed_on(gpu).startswith("Computed on GPU (")
    assert relative_gap(gpu.final_loss, cpu.final_loss) <= RTOL[torch.float64]


@needs_cuda
def test_gpu_width_starts_agree_with_the_cpu():
    spec, data = SMALL_WIDTH, width_training_data(SMALL_WIDTH.task, SMALL_WIDTH.n_points)
    starts = draw_starts(spec.seed, "he", 3, count=spec.seeds, init_scale=spec.init_scale)
    judged = {device: train_starts(starts, data, task=spec.task, width=3, budgets=spec.budgets,
                                   activation=spec.activation, optimizer=spec.optimizer,
                                   learning_rate=spec.learning_rate, seed=spec.seed, precision=spec.precision,
                                   group=len(starts), device=device) for device in ("cpu", "cuda")}
    assert relative_gap(judged["cuda"].train_loss, judged["cpu"].train_loss) <= RTOL[torch.float32]



# --- the sweeps: --device and the spec file's device ---------------------------------------------------

SWEEP_FILE = """widths = [1, 3]
schemes = ["uniform"]
seeds = 4
steps = 20
group = 2
"""


def sweep(tmp_path, name, *flags, extra=""):
    """Run the tiny sweep serially through the command line; returns (exit status, stderr, rows or None)."""
    spec = tmp_path / f"{name}.toml"
    spec.write_text(SWEEP_FILE + extra)
    out, errors = tmp_path / f"{name}-out", io.StringIO()
    with contextlib.redirect_stderr(errors), contextlib.redirect_stdout(io.StringIO()):
        status = cli.main([str(spec), "--serial", "--no-progress", "--out", str(out), *flags])
    return status, errors.getvalue(), SweepStore(out).read_rows() if status == 0 else None


def test_a_sweep_with_device_auto_runs_on_the_cpu_unchanged(no_gpu, tmp_path):
    status, _, default = sweep(tmp_path, "default")
    assert status == 0 and len(default) == 2 * 4 * 3  # widths x seeds x budgets
    for name, flags, extra in [("auto", ["--device", "auto"], ""), ("cpu", ["--device", "cpu"], ""),
                               ("file", [], 'device = "auto"\n')]:
        status, errors, rows = sweep(tmp_path, name, *flags, extra=extra)
        assert status == 0, errors
        pd.testing.assert_frame_equal(rows, default)


def test_each_chunk_file_records_the_device_that_computed_it(no_gpu, tmp_path):
    status, errors, _ = sweep(tmp_path, "recorded", "--device", "auto")
    assert status == 0, errors
    store = SweepStore(tmp_path / "recorded-out")
    assert store.devices() == {"CPU": len(store.chunk_files())} and len(store.chunk_files()) == 4  # 2 widths x 2 groups
    assert "more than one device" not in errors


def test_a_folder_finished_on_another_device_says_so(no_gpu, tmp_path, monkeypatch):
    """Rows from two devices agree only up to rounding: the command line warns when a folder mixes them."""
    from core.sweeps import chunks

    spec = tmp_path / "mixed.toml"
    spec.write_text(SWEEP_FILE)
    out = tmp_path / "mixed-out"
    first_chunk_only = io.StringIO()
    calls = []

    def stop_after_one(chunk):
        calls.append(chunk)
        if len(calls) == 1:
            raise KeyboardInterrupt

    from core.sweeps.runner import run_sweep_to
    with pytest.raises(KeyboardInterrupt):
        run_sweep_to(load_spec(spec), out, backend="serial", progress=False, after_chunk=stop_after_one)
    # the rest "on a GPU": the same rows, labelled as another device would label them
    monkeypatch.setattr(chunks, "device_words", lambda device: "GPU (a test double)")
    with contextlib.redirect_stderr(first_chunk_only), contextlib.redirect_stdout(io.StringIO()):
        assert cli.main([str(spec), "--serial", "--no-progress", "--out", str(out)]) == 0
    assert SweepStore(out).devices() == {"CPU": 1, "GPU (a test double)": 3}
    assert ("note: this folder's rows come from more than one device: CPU (1 chunk), GPU (a test double) (3 chunks)"
            in first_chunk_only.getvalue())


def test_the_device_is_a_run_option_not_part_of_the_spec(tmp_path):
    plain, with_device = tmp_path / "plain.toml", tmp_path / "device.toml"
    plain.write_text(SWEEP_FILE)
    with_device.write_text(SWEEP_FILE + 'device = "cuda"\n')
    assert spec_hash(load_spec(with_device)) == spec_hash(load_spec(plain))
    assert run_options(with_device) == {"device": "cuda"} and run_options(plain) == {}


@pytest.mark.parametrize(("flags", "extra", "message"), [
    (["--device", "cuda"], "", "error: device 'cuda': torch sees no CUDA GPU on this machine"),
    ([], 'device = "cuda"\n', "error: device 'cuda': torch sees no CUDA GPU on this machine"),
    (["--device", "gpu"], "", "error: device 'gpu': must be one of cpu, cuda, auto"),
    ([], "device = 3\n", "error: device 3: must be one of cpu, cuda, auto"),
], ids=["flag-cuda", "file-cuda", "flag-unknown", "file-not-a-name"])
def test_a_sweep_refuses_a_device_it_cannot_use_before_training(no_gpu, tmp_path, flags, extra, message):
    status, errors, _ = sweep(tmp_path, "bad", *flags, extra=extra)
    assert status == 2 and message in errors and "Traceback" not in errors
    assert not (tmp_path / "bad-out" / "chunks").exists() or not any((tmp_path / "bad-out" / "chunks").iterdir())


@needs_cuda
def test_a_gpu_sweep_chunk_agrees_with_the_cpu(tmp_path):
    path = tmp_path / "spec.toml"
    path.write_text(SWEEP_FILE)
    spec = load_spec(path)
    chunk = plan_chunks(spec)[0]
    cpu, gpu = train_chunk(spec, chunk, "cpu"), train_chunk(spec, chunk, "cuda")
    assert relative_gap(gpu["train_loss"].to_numpy(), cpu["train_loss"].to_numpy()) <= RTOL[torch.float32]


def test_the_lesson_page_says_which_device_computed_the_map():
    """The caption under the map names the device that trained it here (the CPU, or this machine's GPU)."""
    from pathlib import Path

    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(Path(__file__).resolve().parents[1] / "app.py"), default_timeout=120).run()
    at.switch_page("pages/init_regions.py")
    for key, value in {"init.resolution": 15, "init.steps": 100}.items():  # a small map
        at.session_state[key] = value
    at.run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    expected = f"Computed on {device_words(resolve_device('auto'))} in float64."
    assert expected in [caption.value for caption in at.caption]
