"""Write the precomputed default study of "Two runs, one valley" (core/valley/shipped_data/valley_width.json).

    .venv/bin/python scripts/make_valley_data.py

Runs core.valley.width_study.run_width_study on core.valley.shipped.DEFAULT_SPEC (every width and activation,
its seed pairs, on the CPU) and writes the file with its provenance: code hash and commit, library versions,
machine, date and the measured seconds. Rerun it after any change to the trainer, the alignment, the barrier or
the defaults; tests/test_valley_shipped.py retrains one cell and compares it with the file.
"""

from __future__ import annotations

import datetime
import os
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np
import scipy
import sklearn
import torch

from core.sweeps.code_version import code_version
from core.valley.shipped import DEFAULT_SPEC, SHIPPED_FILE, read_shipped, shipped_cell, shipped_text
from core.valley.width_study import run_width_study


def provenance(seconds: float) -> dict:
    """What produced the file: code, library versions, machine, date and the measured wall time."""
    return {
        "code": code_version(("core.valley.width_study",)),
        "versions": {"python": platform.python_version(), "torch": torch.__version__, "numpy": np.__version__,
                     "scipy": scipy.__version__, "scikit-learn": sklearn.__version__},
        "machine": f"{platform.machine()}, {os.cpu_count()} CPU cores, {platform.platform()}, torch threads "
                   f"{torch.get_num_threads()}",
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "seconds": round(seconds, 1),
    }


def main() -> None:
    started = time.perf_counter()
    cells = run_width_study(DEFAULT_SPEC, progress=lambda activation, width, seconds: print(
        f"{activation} width {width}: {seconds:.1f} s", flush=True))
    seconds = time.perf_counter() - started
    shipped = tuple(shipped_cell(cell) for cell in cells)
    text = shipped_text(DEFAULT_SPEC, provenance(seconds), shipped)
    study = read_shipped(text)
    if shipped_text(study.spec, study.provenance, study.cells) != text:
        raise SystemExit("the written document does not read back as the same cells")
    SHIPPED_FILE.parent.mkdir(parents=True, exist_ok=True)
    SHIPPED_FILE.write_text(text, encoding="utf-8")
    print(f"wrote {SHIPPED_FILE} ({len(text):,} characters) in {seconds:.0f} s")


if __name__ == "__main__":
    main()
