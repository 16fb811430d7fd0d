"""Research sweeps without a cluster: seeds, chunking, resuming, bad specs, the CLI and the lesson's reading.

Oracles: the lesson's live sweep (same starts, same settings), groups trained one by one with the
public trainer, and the serial run itself under other chunkings.
"""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest
import torch

from core import rng
from core.engine.batched import train_batch
from core.engine.init_schemes import init_params
from core.engine.mlp import Params, forward
from core.figures.init_width import width_figure
from core.init_regions.width_experiment import run_width_experiment, starts_rng
from core.init_regions.width_spec import WidthSpec, check_width_spec
from core.init_regions.width_task import RECOVERY_GRID, teacher_on_grid, width_training_data
from core.sweeps import cli as sweep_cli
from core.sweeps import code_version
from core.sweeps.chunks import plan_chunks
from core.sweeps.results import list_sweeps, load_sweep, summarise, sweep_folder
from core.sweeps.runner import run_sweep_to
from core.sweeps.spec import load_spec, spec_hash
from core.sweeps.store import METADATA_KEY, TEMP_PREFIX, SweepStore

ROOT = Path(__file__).resolve().parents[1]
TINY = WidthSpec(widths=(1, 4), schemes=("uniform", "representative"), seeds=8, steps=30, group=4)


def rows_of(out) -> pd.DataFrame:
    return SweepStore(out).read_rows()


@pytest.fixture(scope="module")
def serial_rows(tmp_path_factory):
    out = tmp_path_factory.mktemp("serial") / "run"
    run_sweep_to(TINY, out, backend="serial", progress=False)
    return rows_of(out)


def test_one_row_per_start_and_budget_with_the_recovery_rule(serial_rows):
    assert TINY.budgets == (8, 15, 30)
    assert len(serial_rows) == TINY.total_starts * len(TINY.budgets)
    assert not serial_rows.duplicated(["width", "scheme", "seed_index", "budget"]).any()
    assert sorted(set(serial_rows["budget"])) == list(TINY.budgets)
    diverged = (serial_rows["diverged_at"] >= 0) & (serial_rows["diverged_at"] <= serial_rows["budget"])
    recovered = (serial_rows["grid_error"] <= TINY.tolerance) & ~diverged
    assert ((serial_rows["outcome"] == "recovered") == recovered).all()
    assert ((serial_rows["outcome"] == "diverged") == diverged).all()
    assert (serial_rows["spec_hash"] == spec_hash(TINY)).all()


def test_rows_equal_each_group_trained_alone_from_the_cells_stream(serial_rows):
    """Start i is the i-th draw of the (scheme, width) stream, trained with the other starts of its group;
    its grid error is recomputed here one network at a time with the engine's forward pass."""
    data = width_training_data(TINY.task, TINY.n_points)
    target = teacher_on_grid(TINY.task)
    for (width, scheme), cell in serial_rows.groupby(["width", "scheme"]):
        generator = starts_rng(TINY.seed, scheme, width)
        starts = [init_params((1, width, 1), scheme=scheme, rng=generator) for _ in range(TINY.seeds)]
        losses, errors = [], []
        for first in range(0, TINY.seeds, TINY.group):
            result = train_batch(starts[first:first + TINY.group], data, steps=TINY.steps, activation="tanh",
                                 optimizer="adam", learning_rate=TINY.learning_rate, rng=rng.stream(TINY.seed, "train"),
                                 dtype=torch.float32, snapshot_steps=TINY.budgets)
            losses.append(result.train_loss[:, list(TINY.budgets)])
            errors.append([[np.max(np.abs(forward(Params.unflatten(flat, (1, width, 1)), RECOVERY_GRID[:, None],
                                                  "tanh")[:, 0] - target)) for flat in result.snapshots[b]]
                           for b in TINY.budgets])
        loss = np.concatenate(losses)                          # (starts, budgets)
        error = np.concatenate([np.array(e).T for e in errors])  # (starts, budgets)
        cell = cell.sort_values(["seed_index", "budget"])
        np.testing.assert_array_equal(cell["train_loss"].to_numpy(), loss.ravel())
        np.testing.assert_allclose(cell["grid_error"].to_numpy(), error.ravel(), rtol=1e-12, atol=1e-12)


def test_a_one_scheme_sweep_reproduces_the_lessons_live_sweep(tmp_path):
    """The live sweep trains a one-scheme width as one batch: a research group of that size is the same batch."""
    spec = WidthSpec(widths=(1, 3, 8), schemes=("uniform",), seeds=24, steps=60, group=24)
    run_sweep_to(spec, tmp_path / "run", backend="serial", progress=False)
    live = run_width_experiment(WidthSpec(widths=(1, 3, 8), schemes=("uniform",), seeds=24, steps=60))
    assert summarise(spec, rows_of(tmp_path / "run")).rows == live.rows


def test_chunk_size_never_changes_a_row(serial_rows, tmp_path):
    run_sweep_to(TINY, tmp_path / "big", backend="serial", chunk_groups=2, progress=False)
    assert len(plan_chunks(TINY, 2)) < len(plan_chunks(TINY, 1))
    pd.testing.assert_frame_equal(rows_of(tmp_path / "big"), serial_rows)


def test_chunks_are_whole_groups_and_cover_every_start_once():
    chunks = plan_chunks(WidthSpec(widths=(2, 8), schemes=("he",), seeds=10, group=3), chunk_groups=2)
    assert chunks[0].width == 8  # most expensive first
    for width in (2, 8):
        blocks = sorted((c.first, c.count) for c in chunks if c.width == width)
        assert blocks == [(0, 6), (6, 4)]


class Interrupt(Exception):
    pass


def test_an_interrupted_run_resumes_to_the_same_rows(serial_rows, tmp_path):
    out = tmp_path / "run"
    run_three_chunks(out)
    # a crash in the middle of writing a chunk leaves only a temporary file: it must not count as done
    missing = sorted(set(plan_chunks(TINY)) - SweepStore(out).done(plan_chunks(TINY)))[0]
    stray = out / "chunks" / f"{TEMP_PREFIX}{missing.name}.parquet.x1"
    stray.write_bytes(b"PAR1 half a chunk")
    assert missing not in SweepStore(out).done(plan_chunks(TINY))
    report = run_sweep_to(TINY, out, backend="serial", progress=False)
    assert (report.skipped, report.trained) == (3, len(plan_chunks(TINY)) - 3)
    assert not stray.exists()
    pd.testing.assert_frame_equal(rows_of(out), serial_rows)
    assert run_sweep_to(TINY, out, backend="serial", progress=False).trained == 0  # all done: nothing rerun


def test_a_results_folder_refuses_another_spec_or_chunking(tmp_path):
    out = tmp_path / "run"
    SweepStore(out).open_for(TINY, 1)
    with pytest.raises(ValueError, match="holds another spec"):
        run_sweep_to(WidthSpec(widths=(1,), schemes=("he",), seeds=2, steps=5), out, backend="serial")
    with pytest.raises(ValueError, match="chunk_groups 2: .* resume with the same value"):
        run_sweep_to(TINY, out, backend="serial", chunk_groups=2)


def run_three_chunks(out):
    """A sweep interrupted after its first three chunks, as a resume finds it."""
    written = []

    def crash_after_three(chunk):
        written.append(chunk)
        if len(written) == 3:
            raise Interrupt

    with pytest.raises(Interrupt):
        run_sweep_to(TINY, out, backend="serial", progress=False, after_chunk=crash_after_three)


def chunk_code_hashes(out) -> set[str]:
    return {json.loads(pq.read_schema(path).metadata[METADATA_KEY])["code"]["hash"]
            for path in SweepStore(out).chunk_files()}


def test_a_resume_with_the_same_code_goes_on_and_records_the_code(serial_rows, tmp_path):
    out = tmp_path / "run"
    run_three_chunks(out)
    assert run_sweep_to(TINY, out, backend="serial", progress=False).skipped == 3
    pd.testing.assert_frame_equal(rows_of(out), serial_rows)
    code = json.loads((out / "provenance.json").read_text())["code"]
    assert code["hash"] == code_version.code_hash() and len(code["hash"]) == 64
    assert chunk_code_hashes(out) == {code["hash"]}
    if code["git_commit"] is not None:  # a git clone: the commit and whether core/ has uncommitted changes
        assert len(code["git_commit"]) == 40 and isinstance(code["git_dirty"], bool)


def test_a_resume_with_changed_code_is_refused_unless_allowed(serial_rows, tmp_path, monkeypatch):
    """The issue's case: a chunk function edited between runs put old and new rows in one cell, silently."""
    out = tmp_path / "run"
    run_three_chunks(out)
    old_hash = code_version.code_hash()
    monkeypatch.setattr(code_version, "code_hash", lambda: "e" * 64)  # the edited code
    with pytest.raises(ValueError, match=r"written by other code \(code hash [0-9a-f]{12}.*this code eeeeeeeeeeee"
                                         r".*choose another --out, or pass --allow-code-change"):
        run_sweep_to(TINY, out, backend="serial", progress=False)
    assert len(SweepStore(out).chunk_files()) == 3  # nothing added
    report = run_sweep_to(TINY, out, backend="serial", progress=False, allow_code_change=True)
    assert (report.skipped, report.trained) == (3, len(plan_chunks(TINY)) - 3)
    provenance = json.loads((out / "provenance.json").read_text())
    assert provenance["code"]["hash"] == old_hash and provenance["code_changes"][0]["hash"] == "e" * 64
    assert chunk_code_hashes(out) == {old_hash, "e" * 64}  # each chunk says which code wrote it
    with pytest.raises(ValueError, match="--allow-code-change"):  # the folder still names its first code
        run_sweep_to(TINY, out, backend="serial", progress=False)


def test_the_cli_refuses_changed_code_and_names_the_flag_that_allows_it(tmp_path, monkeypatch, capsys):
    spec_file = tmp_path / "tiny.toml"
    spec_file.write_text('widths = [1]\nschemes = ["uniform"]\nseeds = 4\nsteps = 8\ngroup = 2\n')
    out = str(tmp_path / "out")
    assert sweep_cli.main([str(spec_file), "--serial", "--no-progress", "--out", out]) == 0
    monkeypatch.setattr(code_version, "code_hash", lambda: "e" * 64)
    assert sweep_cli.main([str(spec_file), "--serial", "--no-progress", "--out", out]) == 2
    assert "pass --allow-code-change" in capsys.readouterr().err
    assert sweep_cli.main([str(spec_file), "--serial", "--no-progress", "--out", out, "--allow-code-change"]) == 0


def test_a_folder_without_a_code_hash_is_refused_as_written_by_older_code(tmp_path):
    out = tmp_path / "run"
    SweepStore(out).open_for(TINY, 1)
    provenance = json.loads((out / "provenance.json").read_text())
    del provenance["code"]
    (out / "provenance.json").write_text(json.dumps(provenance))
    with pytest.raises(ValueError, match="written by code that recorded no code hash .*--allow-code-change"):
        run_sweep_to(TINY, out, backend="serial", progress=False)
    assert run_sweep_to(TINY, out, backend="serial", progress=False, allow_code_change=True).trained > 0


def test_the_code_hash_follows_the_row_sources_and_nothing_else(tmp_path, monkeypatch):
    """Oracle: a copy of the sources hashes alike; an edit to one row source changes the hash."""
    copy = tmp_path / "core"
    for name in code_version.ROW_SOURCES:
        source = code_version.CORE / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, copy / name)
    (copy / "figures").mkdir()
    (copy / "figures" / "plot.py").write_text("x = 1\n")  # not a row source
    monkeypatch.setattr(code_version, "CORE", copy)
    fresh = code_version.code_hash.__wrapped__  # uncached
    assert fresh() == code_version.code_hash()
    (copy / "figures" / "plot.py").write_text("x = 2\n")
    assert fresh() == code_version.code_hash()
    chunk_source = copy / "sweeps" / "chunks.py"
    chunk_source.write_text(chunk_source.read_text() + "\n# edited\n")
    assert fresh() != code_version.code_hash()


@pytest.mark.parametrize("change, message", [
    (dict(task="teacher9"), "task 'teacher9': must be one of teacher2, teacher3"),
    (dict(widths=(0, 4)), r"width 0: must be an integer in \[1, 1024\]"),
    (dict(widths=(2048,)), r"width 2048: must be an integer in \[1, 1024\]"),
    (dict(widths=()), "widths .*: must list at least one entry"),
    (dict(seeds=-5), r"seeds \(starts per width and scheme\) -5: must be an integer in \[1, 1000000\]"),
    (dict(schemes=("uniform", "lecun")), "scheme 'lecun': must be one of"),
    (dict(steps=0), r"steps 0: must be an integer in \[1, 100000\]"),
    (dict(tolerance=1e-7), r"tolerance \(largest gap to the teacher on the grid\) 1e-07: must be a finite number"),
    (dict(activation="sin"), "activation 'sin': must be one of tanh"),
    (dict(widths=(1024,), steps=300, group=2000), "group 2000 at width 1024: at most 1355 starts"),
    (dict(widths=(1024,), seeds=10_000, steps=1_000), r"width experiment work 6.15e\+10 \(seeds x steps .* without --allow-large"),
])
def test_bad_specs_fail_before_any_work(change, message, tmp_path, monkeypatch):
    def no_training(*args):
        raise AssertionError("trained a chunk of a bad spec")

    monkeypatch.setattr("core.sweeps.runner.train_chunk", no_training)
    spec = WidthSpec(**{**TINY.__dict__, **change})
    with pytest.raises(ValueError, match=message):
        run_sweep_to(spec, tmp_path / "run", backend="serial")
    assert not (tmp_path / "run").exists()


def test_the_work_budget_gives_way_to_an_explicit_override():
    big = WidthSpec(widths=(1024,), seeds=10_000, steps=1_000, group=100)
    assert check_width_spec(big, scale="research", allow_large=True) is big


def test_spec_files_reject_unknown_keys_and_accept_overrides(tmp_path):
    path = tmp_path / "spec.toml"
    path.write_text('widths = [1, 2]\nseeds = 10\nstpes = 40\n')
    with pytest.raises(ValueError, match="spec key 'stpes': unknown; allowed keys are task, widths"):
        load_spec(path)
    path.write_text('widths = [1, 2]\nseeds = 10\n')
    spec = load_spec(path, {"seeds": 20, "schemes": ["he"]})
    assert (spec.widths, spec.seeds, spec.schemes) == ((1, 2), 20, ("he",))
    json_path = tmp_path / "spec.json"
    json_path.write_text(json.dumps(spec.as_dict()))
    assert load_spec(json_path) == spec and spec_hash(load_spec(json_path)) == spec_hash(spec)


def test_the_example_spec_is_valid_and_within_the_budget():
    spec = load_spec(ROOT / "docs" / "sweep_example.toml")
    assert spec.param_steps <= 5e9 and max(spec.widths) >= 64


def test_the_cli_runs_a_tiny_spec_end_to_end(serial_rows, tmp_path):
    spec_file = tmp_path / "tiny.toml"
    spec_file.write_text('widths = [1, 4]\nschemes = ["uniform", "representative"]\n'
                         'seeds = 99\nsteps = 30\ngroup = 4\n')
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "core.sweeps", str(spec_file), "--seeds", "8", "--serial",
                           "--out", str(out)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(out)
    assert "32/32 starts" in done.stderr and "left]" in done.stderr  # the bar
    pd.testing.assert_frame_equal(rows_of(out), serial_rows)
    provenance = json.loads((out / "provenance.json").read_text())
    assert provenance["spec_hash"] == spec_hash(TINY) and provenance["versions"]["torch"] == torch.__version__


def test_the_cli_rejects_a_bad_spec_before_work(tmp_path, capsys):
    spec_file = tmp_path / "tiny.toml"
    spec_file.write_text('widths = [1, 4]\nseeds = 8\n')
    assert sweep_cli.main([str(spec_file), "--widths", "0,4", "--serial", "--out", str(tmp_path / "bad")]) == 2
    assert "width 0: must be an integer in [1, 1024]" in capsys.readouterr().err
    assert not (tmp_path / "bad").exists()


def test_the_lesson_reads_results_into_its_own_figure(serial_rows, tmp_path):
    root = tmp_path / "sweeps"
    run_sweep_to(TINY, root / "tiny", backend="serial", progress=False)
    (root / "not-a-sweep").mkdir()
    assert list_sweeps(root) == ["tiny"]
    loaded = load_sweep(sweep_folder("tiny", root))
    assert loaded.complete and loaded.spec == TINY
    result = summarise(loaded.spec, loaded.rows)
    assert len(result.rows) == 2 * 2 * len(TINY.budgets)
    for row in result.rows:
        cell = serial_rows[(serial_rows["scheme"] == row.scheme) & (serial_rows["width"] == row.width)
                           & (serial_rows["budget"] == row.budget)]
        assert (row.n_starts, row.successes) == (len(cell), int((cell["outcome"] == "recovered").sum()))
    figure = width_figure(result)
    curves = [trace for trace in figure.data if trace.xaxis == "x"]
    assert [list(trace.x) for trace in curves] == [[1, 4], [1, 4]]
    assert list(curves[0].y) == [row.share for row in result.curve("uniform")]


@pytest.mark.parametrize("name", ["../sweeps", "/etc", "tiny/..", "missing"])
def test_the_lesson_opens_only_listed_folders(name, tmp_path):
    (tmp_path / "tiny").mkdir()
    (tmp_path / "tiny" / "provenance.json").write_text("{}")
    with pytest.raises(ValueError, match="must be one of the results under"):
        sweep_folder(name, tmp_path)


def test_a_folder_of_the_earlier_design_is_refused_by_name(tmp_path):
    """Folders written when success meant "training loss under 1e-3" hold no budgets or grid errors."""
    old = tmp_path / "old"
    (old / "chunks").mkdir(parents=True)
    (old / "provenance.json").write_text(json.dumps({"kind": "equivalence-lab width sweep", "spec": {},
                                                     "spec_hash": "x", "chunk_groups": 1}))
    with pytest.raises(ValueError, match="holds kind 'equivalence-lab width sweep': not this version"):
        load_sweep(old)
    with pytest.raises(ValueError, match="not this version"):
        run_sweep_to(TINY, old, backend="serial", progress=False)
