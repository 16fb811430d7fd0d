"""Still pictures of a figure for a slide: an animated figure becomes its first and last frames.

A static export of an animation would otherwise be the first frame with the Play buttons and the
step slider drawn over it. Here the controls are dropped and the last frame is merged into the
traces the way Plotly's ``animate`` merges it (frame properties over trace properties, nested
objects merged, arrays replaced), so "after" is exactly what the browser shows at the end.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

import plotly.graph_objects as go

CONTROLS = ("updatemenus", "sliders")
STILL_BOTTOM_MARGIN = 60  # what an animation's bottom margin shrinks to once its controls are gone


@dataclass(frozen=True)
class Still:
    """One picture to draw: a caption ("" for a figure that is not animated) and a plain figure dict."""

    caption: str
    figure: dict[str, Any]


def as_dict(fig: go.Figure | dict) -> dict[str, Any]:
    """A plain figure dict (copied, so styling it never touches the figure on screen)."""
    return copy.deepcopy(fig) if isinstance(fig, dict) else fig.to_dict()


def is_animated(fig: go.Figure | dict) -> bool:
    """Frames, play buttons or a slider: anything a still picture cannot show."""
    if isinstance(fig, dict):
        layout = fig.get("layout", {})
        return bool(fig.get("frames") or any(layout.get(name) for name in CONTROLS))
    return bool(fig.frames or fig.layout.updatemenus or fig.layout.sliders)


def _merge(base: dict, update: dict) -> dict:
    """``update`` over ``base``; nested objects merged, arrays (lists and Plotly's typed arrays) replaced."""
    merged = dict(base)
    for key, value in update.items():
        old = merged.get(key)
        if isinstance(value, dict) and isinstance(old, dict) and "bdata" not in value and "bdata" not in old:
            merged[key] = _merge(old, value)
        else:
            merged[key] = value
    return merged


def _apply_frame(figure: dict, frame: dict) -> dict:
    """The figure as drawn once ``frame`` is shown (its traces go to ``frame["traces"]``, else to 0, 1, ...)."""
    data = list(figure.get("data", []))
    targets = frame.get("traces") or range(len(frame.get("data", [])))
    for index, trace in zip(targets, frame.get("data", [])):
        if index < len(data):
            data[index] = _merge(data[index], trace)
    layout = _merge(figure.get("layout", {}), frame.get("layout", {}))
    return {**figure, "data": data, "layout": layout}


def _without_controls(figure: dict) -> dict:
    layout = {key: value for key, value in figure.get("layout", {}).items() if key not in CONTROLS}
    margin = layout.get("margin", {})
    layout["margin"] = {**margin, "b": min(margin.get("b", STILL_BOTTOM_MARGIN), STILL_BOTTOM_MARGIN)}
    return {key: value for key, value in figure.items() if key != "frames"} | {"layout": layout}


def _end_labels(figure: dict) -> tuple[str, str]:
    """Captions of the first and last frame: the slider's own labels ("before"/"after", or a step number)."""
    sliders = figure.get("layout", {}).get("sliders") or [{}]
    steps = sliders[0].get("steps") or [{}]
    labels = []
    for step, fallback in ((steps[0], "before"), (steps[-1], "after")):
        label = str(step.get("label") or "").strip()
        labels.append(f"step {label}" if label.isdigit() else label or fallback)
    return labels[0], labels[1]


def stills(fig: go.Figure | dict) -> list[Still]:
    """One still for a plain figure; "before" and "after" stills, without controls, for an animation."""
    figure = as_dict(fig)
    if not is_animated(figure):
        return [Still("", figure)]
    frames = figure.get("frames") or []
    first, last = _end_labels(figure)
    before = _without_controls(figure)
    if not frames:  # controls without frames: nothing moves, one still is the whole story
        return [Still("", before)]
    after = _without_controls(_apply_frame(figure, frames[-1]))
    return [Still(first, before), Still(last, after)]
