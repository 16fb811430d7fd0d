"""CSV and JSON exports of a map of starts and of the width experiment, with the settings that made them."""

from __future__ import annotations

import csv
import dataclasses
import io
import json

import numpy as np

from core.init_regions.outcomes import Outcomes
from core.init_regions.results import MapResult, WidthResult

MAP_COLUMNS = ("x", "y", "outcome_code", "outcome", "final_loss", "distance_to_nearest_twin",
               "distance_to_second_twin", "function_gap_to_teacher", "diverged_at_step", "trained")


def _number(value: float):
    return None if not np.isfinite(value) else float(value)


def map_rows(result: MapResult, outcomes: Outcomes) -> list[dict]:
    """One dict per start (keys MAP_COLUMNS), row-major over y; NaN and inf numbers become None."""
    gx, gy = np.meshgrid(result.xs, result.ys)
    gaps = outcomes.function_gap if outcomes.function_gap is not None else np.full(len(outcomes.codes), np.nan)
    return [
        dict(x=float(x), y=float(y), outcome_code=int(code), outcome=outcomes.name(int(code)), final_loss=_number(loss),
             distance_to_nearest_twin=_number(dist), distance_to_second_twin=_number(second),
             function_gap_to_teacher=_number(gap), diverged_at_step=int(step), trained=bool(trained))
        for x, y, code, loss, dist, second, gap, step, trained in zip(
            gx.ravel(), gy.ravel(), outcomes.codes, result.final_loss, outcomes.distance, outcomes.second, gaps,
            result.diverged_at, result.trained)
    ]


def map_csv(result: MapResult, outcomes: Outcomes) -> str:
    """One row per start: its coordinates, outcome, final loss and whether it was trained or mirrored."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=MAP_COLUMNS)
    writer.writeheader()
    writer.writerows(map_rows(result, outcomes))
    return buffer.getvalue()


def map_json(result: MapResult, outcomes: Outcomes) -> str:
    """Settings, the twins (as parameter vectors), a summary and every cell."""
    spec = dataclasses.asdict(result.spec)
    payload = dict(
        lesson="Where you start decides where you end", kind="map of starts [OURS]", settings=spec,
        twins=[dict(code=k, name=name, parameters=vector.tolist())
               for k, (name, vector) in enumerate(zip(outcomes.twins.names, outcomes.twins.vectors))],
        rule=outcomes.rule(), twin_radius=outcomes.radius, twin_margin=outcomes.margin,
        counts={outcomes.name(code): count for code, count in outcomes.counts().items()},
        network_steps=dict(trained=result.network_steps_trained, full_map=result.network_steps_full),
        cells=map_rows(result, outcomes),
    )
    return json.dumps(payload, indent=1)


def width_rows(result: WidthResult) -> list[dict]:
    """One dict per (scheme, width, budget) row: counts, share, Wilson interval, grid errors and lowest loss."""
    return [dict(scheme=r.scheme, width=r.width, budget_steps=r.budget, recovered=r.successes, starts=r.n_starts,
                 share=r.share, wilson_low=r.low, wilson_high=r.high, tolerance=result.spec.tolerance,
                 median_grid_error=_number(r.median_error), best_grid_error=_number(r.best_error),
                 lowest_train_mse=_number(r.best_loss), diverged=r.diverged)
            for r in result.rows]


def width_csv(result: WidthResult) -> str:
    """The rows of :func:`width_rows` as CSV text with a header line."""
    rows = width_rows(result)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def width_json(result: WidthResult) -> str:
    """The width experiment's settings and the rows of :func:`width_rows` as indented JSON text."""
    return json.dumps(dict(lesson="Where you start decides where you end",
                           kind="width experiment [OURS]: recovery of the teacher's function",
                           settings={**dataclasses.asdict(result.spec), "budgets": list(result.spec.budgets)},
                           rows=width_rows(result)), indent=1)
