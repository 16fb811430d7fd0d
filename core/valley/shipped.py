"""The precomputed default study of "Two runs, one valley", so a scene shows it without waiting.

scripts/make_valley_data.py runs :func:`core.valley.width_study.run_width_study` on DEFAULT_SPEC and writes
SHIPPED_FILE: the spec, the provenance (code hash and commit, library versions, machine, date, measured
seconds) and per cell (activation, width) each pair's curves before and after matching, its barriers and
its end networks' test loss and accuracy, with the mean and interval over the pairs. Floats are written by
repr, so they read back bit for bit.

:func:`read_shipped` is strict: any other layout is refused with a ValueError naming what is wrong, and every
derived number (each barrier from its curve, each mean and interval from the barriers) is recomputed and must
equal the stored one, so a hand-edited number cannot pass for a measured one.
tests/test_valley_shipped.py retrains one cell and compares it with the file.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import math
from pathlib import Path
from typing import Any

import numpy as np

from core.valley.curve import InterpolationCurve
from core.valley.spec import ValleySpec, check_valley_spec
from core.valley.width_study import ValleyCell, mean_interval

DEFAULT_SPEC = ValleySpec()
SHIPPED_FILE = Path(__file__).resolve().parent / "shipped_data" / "valley_width.json"
MADE_BY = "scripts/make_valley_data.py"
KIND = "barrier against width [OURS]: pairs trained on digits, test loss along the line before and after matching"
DOCUMENT_KEYS = ("made_by", "kind", "spec", "provenance", "cells")
PROVENANCE_KEYS = ("code", "versions", "machine", "date", "seconds")
CELL_KEYS = ("activation", "width", "diverged", "pairs", "summary")
PAIR_KEYS = ("end_loss", "end_accuracy", "distance_before", "distance_after", "before", "after", "barriers")
CURVE_KEYS = ("loss", "accuracy")
BARRIER_KEYS = ("loss_before", "loss_after", "accuracy_before", "accuracy_after")
MAX_FILE_CHARS = 2_000_000


@dataclasses.dataclass(frozen=True)
class ShippedPair:
    """One pair as shipped: end test losses/accuracies (A, B), distances, curves and barriers."""

    end_loss: tuple[float, ...]  # (network A, network B)
    end_accuracy: tuple[float, ...]
    distance_before: float
    distance_after: float
    before: InterpolationCurve
    after: InterpolationCurve


@dataclasses.dataclass(frozen=True)
class ShippedCell:
    """One (activation, width) as shipped; ``summary[name]`` is (mean, low, high) over the pairs for each
    name of BARRIER_KEYS (checked against a recomputation when read)."""

    activation: str
    width: int
    diverged: int
    pairs: tuple[ShippedPair, ...]
    summary: dict[str, tuple[float, float, float]]


@dataclasses.dataclass(frozen=True)
class ShippedStudy:
    """The shipped study: its spec, provenance (as written) and cells (activations outer, widths ascending)."""

    spec: ValleySpec
    provenance: dict[str, Any]
    cells: tuple[ShippedCell, ...]

    def cell(self, activation: str, width: int) -> ShippedCell:
        """The cell of ``activation`` and ``width``; KeyError if the study has none."""
        for cell in self.cells:
            if (cell.activation, cell.width) == (activation, width):
                return cell
        raise KeyError(f"no shipped cell for {activation!r} at width {width}")


def pair_barriers(pair: ShippedPair) -> dict[str, float]:
    """The four barriers of one pair, computed from its curves."""
    return {"loss_before": pair.before.loss_barrier, "loss_after": pair.after.loss_barrier,
            "accuracy_before": pair.before.accuracy_barrier, "accuracy_after": pair.after.accuracy_barrier}


def cell_summary(pairs: tuple[ShippedPair, ...]) -> dict[str, tuple[float, float, float]]:
    """(mean, low, high) over the pairs of each barrier (core.valley.width_study.mean_interval)."""
    barriers = [pair_barriers(pair) for pair in pairs]
    return {key: mean_interval(np.array([b[key] for b in barriers]), floor=0.0) for key in BARRIER_KEYS}


def shipped_cell(cell: ValleyCell) -> ShippedCell:
    """The shippable summary of a computed cell."""
    pairs = tuple(ShippedPair(tuple(float(v) for v in cell.pairs.end_loss[i]),
                              tuple(float(v) for v in cell.pairs.end_accuracy[i]),
                              float(c.alignment.distance_before), float(c.alignment.distance_after), c.before, c.after)
                  for i, c in enumerate(cell.comparisons))
    return ShippedCell(cell.pairs.activation, cell.pairs.width, cell.pairs.diverged, pairs, cell_summary(pairs))


def _curve_entry(curve: InterpolationCurve) -> dict:
    return {"loss": [float(v) for v in curve.loss], "accuracy": [float(v) for v in curve.accuracy]}


def _pair_entry(pair: ShippedPair) -> dict:
    return {"end_loss": list(pair.end_loss), "end_accuracy": list(pair.end_accuracy),
            "distance_before": pair.distance_before, "distance_after": pair.distance_after,
            "before": _curve_entry(pair.before), "after": _curve_entry(pair.after), "barriers": pair_barriers(pair)}


def shipped_text(spec: ValleySpec, provenance: dict[str, Any], cells: tuple[ShippedCell, ...]) -> str:
    """The data file's text: indented JSON (no NaN: a diverged network's curve would be refused)."""
    spec_entry = dataclasses.asdict(spec)
    spec_entry["widths"], spec_entry["activations"] = list(spec.widths), list(spec.activations)
    document = {"made_by": MADE_BY, "kind": KIND, "spec": spec_entry, "provenance": provenance,
                "cells": [{"activation": c.activation, "width": c.width, "diverged": c.diverged,
                           "pairs": [_pair_entry(p) for p in c.pairs],
                           "summary": {k: list(v) for k, v in c.summary.items()}} for c in cells]}
    return json.dumps(document, indent=1, allow_nan=False) + "\n"


def _exact_keys(mapping: Any, keys: tuple[str, ...], what: str) -> None:
    if not isinstance(mapping, dict):
        raise ValueError(f"{what}: must be a JSON object")
    if set(mapping) != set(keys):
        raise ValueError(f"{what} keys: missing {sorted(set(keys) - set(mapping))}, "
                         f"unexpected {sorted(set(mapping) - set(keys))}")


def _number(value: Any, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError(f"{what} {value!r}: must be a finite number")
    return float(value)


def _numbers(values: Any, length: int, what: str) -> np.ndarray:
    if not isinstance(values, list) or len(values) != length:
        raise ValueError(f"{what}: must list {length} numbers")
    return np.array([_number(v, what) for v in values])


def _read_spec(raw: Any) -> ValleySpec:
    fields = tuple(f.name for f in dataclasses.fields(ValleySpec))
    _exact_keys(raw, fields, "spec")
    values = dict(raw)
    for name in ("widths", "activations"):
        if not isinstance(values[name], list):
            raise ValueError(f"spec {name} {values[name]!r}: must be a list")
        values[name] = tuple(values[name])
    try:
        return check_valley_spec(ValleySpec(**values))
    except TypeError as error:
        raise ValueError(f"spec: {error}") from None


def _read_curve(raw: Any, ts: np.ndarray, what: str) -> InterpolationCurve:
    _exact_keys(raw, CURVE_KEYS, what)
    return InterpolationCurve(ts, _numbers(raw["loss"], len(ts), f"{what} loss"),
                              _numbers(raw["accuracy"], len(ts), f"{what} accuracy"))


def _read_pair(raw: Any, ts: np.ndarray, what: str) -> ShippedPair:
    _exact_keys(raw, PAIR_KEYS, what)
    end_loss, end_accuracy = (tuple(_numbers(raw[k], 2, f"{what} {k}").tolist()) for k in ("end_loss", "end_accuracy"))
    pair = ShippedPair(end_loss, end_accuracy, _number(raw["distance_before"], f"{what} distance_before"),
                       _number(raw["distance_after"], f"{what} distance_after"),
                       _read_curve(raw["before"], ts, f"{what} before"), _read_curve(raw["after"], ts, f"{what} after"))
    _exact_keys(raw["barriers"], BARRIER_KEYS, f"{what} barriers")
    if raw["barriers"] != pair_barriers(pair):
        raise ValueError(f"{what} barriers {raw['barriers']!r}: are not the barriers of its curves")
    return pair


def _read_cell(raw: Any, spec: ValleySpec, activation: str, width: int) -> ShippedCell:
    what = f"cell ({activation}, width {width})"
    _exact_keys(raw, CELL_KEYS, what)
    if (raw["activation"], raw["width"]) != (activation, width):
        raise ValueError(f"{what}: found ({raw['activation']!r}, {raw['width']!r}); cells must follow the spec's "
                         "activations, then its widths in ascending order")
    diverged = raw["diverged"]
    if not isinstance(diverged, int) or isinstance(diverged, bool) or not 0 <= diverged <= 2 * spec.pairs:
        raise ValueError(f"{what} diverged {diverged!r}: must be an integer in [0, {2 * spec.pairs}]")
    if not isinstance(raw["pairs"], list) or len(raw["pairs"]) != spec.pairs:
        raise ValueError(f"{what} pairs: must list the spec's {spec.pairs} pairs")
    ts = np.linspace(0.0, 1.0, spec.n_points)
    pairs = tuple(_read_pair(p, ts, f"{what} pair {i}") for i, p in enumerate(raw["pairs"]))
    summary = cell_summary(pairs)
    if raw["summary"] != {k: list(v) for k, v in summary.items()}:
        raise ValueError(f"{what} summary: is not the mean and interval of its pairs' barriers")
    return ShippedCell(activation, width, diverged, pairs, summary)


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not a number JSON allows")


def read_shipped(text: str) -> ShippedStudy:
    """The study a data file's text holds, or ValueError naming what is wrong."""
    if not isinstance(text, str) or len(text) > MAX_FILE_CHARS:
        raise ValueError(f"valley data: must be text of at most {MAX_FILE_CHARS:,} characters")
    try:
        document = json.loads(text, parse_constant=_refuse_constant)
    except ValueError as error:
        raise ValueError(f"valley data: not valid JSON ({error})") from None
    _exact_keys(document, DOCUMENT_KEYS, "valley data")
    if (document["made_by"], document["kind"]) != (MADE_BY, KIND):
        raise ValueError(f"valley data made_by/kind {document['made_by']!r}/{document['kind']!r}: must be "
                         f"{MADE_BY!r}/{KIND!r}")
    spec = _read_spec(document["spec"])
    _exact_keys(document["provenance"], PROVENANCE_KEYS, "valley data provenance")
    order = [(a, w) for a in spec.activations for w in sorted(spec.widths)]
    if not isinstance(document["cells"], list) or len(document["cells"]) != len(order):
        raise ValueError(f"valley data cells: must list {len(order)} cells (activations x widths)")
    cells = tuple(_read_cell(raw, spec, a, w) for raw, (a, w) in zip(document["cells"], order))
    return ShippedStudy(spec, document["provenance"], cells)


@functools.lru_cache(maxsize=1)
def shipped_study() -> ShippedStudy:
    """The precomputed default study (read once per process); ValueError/OSError if the file is damaged or missing."""
    return read_shipped(SHIPPED_FILE.read_text(encoding="utf-8"))
