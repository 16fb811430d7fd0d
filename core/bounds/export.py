"""CSV text and tables of every curve the lesson draws, for st.download_button and stamped exports."""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from core.bounds.generalisation import GeneralisationCurves

# Column order of the width CSV: core.bounds.curves.covering_curves keys, natural logs first.
WIDTH_COLUMNS = (
    "width", "n_params", "log_baseline", "log_reduced", "gap", "relative_reduction_pct", "log_group_order",
    "log10_baseline", "log10_reduced", "log10_factor", "log10_fraction", "log10_fraction_signed", "log10_absolute",
)


def _csv(header, columns, comment: str) -> str:
    buffer = io.StringIO()
    buffer.write(f"# {comment}\n")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in zip(*columns):
        writer.writerow([repr(float(value)) for value in row])  # repr: round-trips every float exactly
    return buffer.getvalue()


def width_curves_csv(curves: dict[str, np.ndarray], provenance: str) -> str:
    """One row per width of the curves; a leading '#' line says what the numbers are."""
    return _csv(WIDTH_COLUMNS, [curves[name] for name in WIDTH_COLUMNS], provenance)


def sample_size_csv(generalisation: GeneralisationCurves, provenance: str) -> str:
    """One row per sample size n: the gap bound without and with the symmetry reduction."""
    return _csv(("n", "gap_baseline", "gap_reduced"),
                [generalisation.n, generalisation.gap_baseline, generalisation.gap_reduced], provenance)


def width_curves_table(curves: dict[str, np.ndarray]) -> pd.DataFrame:
    """The width curves as a table (one row per width), for stamped CSV exports."""
    return pd.DataFrame({name: np.asarray(curves[name], dtype=float) for name in WIDTH_COLUMNS})


def sample_size_table(generalisation: GeneralisationCurves) -> pd.DataFrame:
    """The gap bounds against n as a table (one row per sample size), for stamped CSV exports."""
    return pd.DataFrame({"n": np.asarray(generalisation.n, dtype=float),
                         "gap_baseline": np.asarray(generalisation.gap_baseline, dtype=float),
                         "gap_reduced": np.asarray(generalisation.gap_reduced, dtype=float)})
