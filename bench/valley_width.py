"""Benchmark: the barrier against width ("Two runs, one valley", issue 15 point 5).

For every activation and hidden width of the study, pairs of digits networks d-h-10 trained from different
seeds (core.valley.width_study, the batched trainer, one run per cell); the test-loss barrier on the straight
line between each pair, before and after weight matching (permutations; for tanh permutations and signs);
mean and 95% Student-t interval over the pairs; and the end networks' test accuracy. Writes a dated table to
docs/valley.md, between the markers of this script, with the machine and the measured time.

Usage:
    python bench/valley_width.py                      # the default study (core.valley.shipped.DEFAULT_SPEC)
    python bench/valley_width.py --widths 8 32 --pairs 3 --steps 50
    python bench/valley_width.py --from-shipped       # tabulate the shipped precomputed study, no training
    add --write docs/valley.md to put the table into the doc
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.valley.shipped import DEFAULT_SPEC, SHIPPED_FILE, ShippedCell, ShippedStudy, shipped_cell, shipped_study
from core.valley.spec import ValleySpec, check_valley_spec
from core.valley.width_study import run_width_study
from core.valley.words import width_sentence

BEGIN, END = "<!-- bench/valley_width.py: begin -->", "<!-- bench/valley_width.py: end -->"


def _interval(summary: tuple[float, float, float]) -> str:
    mean, low, high = summary
    return f"{mean:.3g} [{low:.3g}, {high:.3g}]"


def table(cells: tuple[ShippedCell, ...]) -> list[str]:
    """Markdown rows: width, activation, barrier before/after (mean [95% interval]), ratio, end accuracy."""
    rows = ["| activation | width | barrier before matching | barrier after matching | after / before (of means) "
            "| end test accuracy (mean, min) | diverged |", "|---|---|---|---|---|---|---|"]
    for cell in cells:
        before, after = cell.summary["loss_before"], cell.summary["loss_after"]
        accuracy = np.array([p.end_accuracy for p in cell.pairs])
        ratio = f"{after[0] / before[0]:.2g}" if before[0] > 0 else "n/a (no barrier before)"
        rows.append(f"| {cell.activation} | {cell.width} | {_interval(before)} | {_interval(after)} | {ratio} "
                    f"| {accuracy.mean():.3f}, {accuracy.min():.3f} | {cell.diverged} |")
    return rows


def section(spec: ValleySpec, cells: tuple[ShippedCell, ...], *, source: str, machine: str, seconds: float,
            date: str) -> str:
    """The doc section: settings, machine and time, the table, the computed trend sentences."""
    lines = [BEGIN, f"### Barrier against width [OURS] — {date}", "",
             f"Source: {source}. Machine: {machine}. Measured time of the whole study: {seconds:.0f} s.",
             f"Settings: {spec.dataset} (test fraction {spec.test_fraction}, split seed {spec.data_seed}), networks "
             f"64-h-10, {spec.pairs} seed pairs per cell (init seed {spec.init_seed}), {spec.steps} full-batch "
             f"{spec.optimizer} steps (learning rate {spec.learning_rate}, {spec.init_scheme} init, {spec.dtype}); "
             f"the barrier is the test loss (softmax cross-entropy) on {spec.n_points} points of the line, "
             "max over t of loss(t) minus the chord between the end losses; interval: 95% Student-t over the pairs.",
             "", *table(cells), ""]
    study = ShippedStudy(spec, {}, cells)  # the page's own sentences (core/valley/words.py), one per activation
    lines += [f"- {width_sentence(study, activation)}" for activation in spec.activations]
    return "\n".join(lines + ["", END])


def write(doc: Path, text: str) -> None:
    """Replace this script's section of ``doc`` (between its markers), or append it."""
    old = doc.read_text(encoding="utf-8") if doc.exists() else ""
    if BEGIN in old and END in old:
        new = old[:old.index(BEGIN)] + text + old[old.index(END) + len(END):]
    else:
        new = old.rstrip("\n") + "\n\n" + text + "\n"
    doc.write_text(new, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--widths", type=int, nargs="+")
    parser.add_argument("--pairs", type=int)
    parser.add_argument("--steps", type=int)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--from-shipped", action="store_true", help=f"tabulate {SHIPPED_FILE.name} (no training)")
    parser.add_argument("--write", type=Path, help="doc to put the table in, e.g. docs/valley.md")
    args = parser.parse_args()
    if args.from_shipped:
        study = shipped_study()
        spec, cells = study.spec, study.cells
        machine, seconds, date = study.provenance["machine"], study.provenance["seconds"], study.provenance["date"]
        source = f"the shipped precomputed study ({SHIPPED_FILE.relative_to(ROOT)}, scripts/make_valley_data.py)"
    else:
        changes = {k: v for k, v in (("widths", args.widths and tuple(args.widths)), ("pairs", args.pairs),
                                     ("steps", args.steps)) if v is not None}
        spec = check_valley_spec(dataclasses.replace(DEFAULT_SPEC, **changes))
        started = time.perf_counter()
        computed = run_width_study(spec, device=args.device, progress=lambda a, w, s: print(
            f"{a} width {w}: {s:.1f} s", flush=True))
        seconds = time.perf_counter() - started
        cells = tuple(shipped_cell(cell) for cell in computed)
        machine = (f"{platform.machine()}, {os.cpu_count()} CPU cores, torch {torch.__version__} "
                   f"({torch.get_num_threads()} threads), device {args.device}")
        date = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
        source = "bench/valley_width.py, trained in this run"
    text = section(spec, cells, source=source, machine=machine, seconds=seconds, date=date)
    print(text)
    if args.write:
        write(args.write, text)
        print(f"wrote {args.write}")


if __name__ == "__main__":
    main()
