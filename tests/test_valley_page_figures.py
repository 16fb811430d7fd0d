"""The figure builders of "Two runs, one valley" (core/figures/valley.py) draw the engine's numbers: a pair
trained by core.valley, its curves before and after matching, its receptive fields, and the shipped study."""

from __future__ import annotations

import dataclasses
from functools import lru_cache

import numpy as np
import pytest

from core.figures.valley import (
    AFTER_NAME,
    BEFORE_NAME,
    ROW_NAMES,
    line_figure,
    receptive_field_figure,
    tile_canvas,
    width_figure,
)
from core.valley.pair_comparison import compare_pair
from core.valley.pairs import train_pairs
from core.valley.receptive_fields import receptive_fields
from core.valley.shipped import DEFAULT_SPEC, shipped_study
from core.valley.width_study import load_data


@lru_cache(maxsize=2)
def pair(activation: str, width: int = 16):
    spec = dataclasses.replace(DEFAULT_SPEC, pairs=1, steps=30)
    train, test = load_data(spec)
    trained = train_pairs(spec, train, test, width=width, activation=activation)
    comparison = compare_pair(trained.a[0], trained.b[0], test, activation, n_points=11)
    return comparison, receptive_fields(trained.a[0], trained.b[0], comparison.alignment)


@pytest.mark.parametrize("activation", ["relu", "tanh"])
def test_the_line_figure_draws_both_curves_and_their_chords(activation):
    comparison, _ = pair(activation)
    fig = line_figure(comparison.before, comparison.after)
    by_axis = {}
    for trace in fig.data:
        by_axis.setdefault(trace.yaxis, {})[trace.name] = trace
    for axis, metric in (("y", "loss"), ("y2", "accuracy")):
        traces = by_axis[axis]
        np.testing.assert_array_equal(traces[BEFORE_NAME].y, getattr(comparison.before, metric))
        np.testing.assert_array_equal(traces[AFTER_NAME].y, getattr(comparison.after, metric))
        np.testing.assert_array_equal(traces[BEFORE_NAME].x, comparison.before.ts)
        values = getattr(comparison.before, metric)
        assert list(traces["chord (no barrier)"].y) == [values[0], values[-1]]
    # the barrier the page states is the largest rise of the drawn curve above its drawn chord
    loss, ts = np.asarray(by_axis["y"][BEFORE_NAME].y), np.asarray(by_axis["y"][BEFORE_NAME].x)
    chord = (1 - ts) * loss[0] + ts * loss[-1]
    assert np.max(loss - chord) == pytest.approx(comparison.before.loss_barrier, abs=1e-12)


def test_the_tiles_put_matched_b_under_a_and_keep_each_units_image():
    _, fields = pair("tanh")
    h, side = fields.a.shape[0], fields.a.shape[1]
    per_row = 8
    canvas, labels = tile_canvas(fields, per_row=per_row)
    step = side + 1
    assert canvas.shape == (-(-h // per_row) * 3 * step, per_row * step)
    for unit in (0, 5, h - 1):
        for row_kind, images in enumerate((fields.a, fields.aligned_b, fields.b)):
            top, left = ((unit // per_row) * 3 + row_kind) * step, (unit % per_row) * step
            tile = canvas[top:top + side, left:left + side]
            image = images[unit]
            np.testing.assert_allclose(tile, image / np.max(np.abs(image)))
            assert np.isnan(canvas[top + side, left]) and np.isnan(canvas[top, left + side])
        assert labels[top - step, left] == f"B matched, place {unit + 1}: B's unit {fields.perm[unit] + 1}" + (
            " (sign flipped)" if fields.signs[fields.perm[unit]] < 0 else "")
    # matched B's tile at place i is B's unit perm[i], flipped by its sign: the reordering drawn is the matching
    for place, unit in enumerate(fields.perm):
        np.testing.assert_array_equal(fields.aligned_b[place], fields.signs[unit] * fields.b[unit])
    fig = receptive_field_figure(fields, per_row=per_row)
    assert len(fig.data) == 1
    assert list(fig.layout.yaxis.ticktext[:3]) == [f"{name} 1–{per_row}" for name in ROW_NAMES]


def test_the_width_figure_draws_the_shipped_means_and_intervals():
    study = shipped_study()
    fig = width_figure(study.cells, study.spec.activations)
    assert len(fig.data) == 2 * len(study.spec.activations)
    for index, activation in enumerate(study.spec.activations):
        cells = [c for c in study.cells if c.activation == activation]
        for trace, key in zip(fig.data[2 * index:2 * index + 2], ("loss_before", "loss_after")):
            mean, low, high = (np.array([c.summary[key][i] for c in cells]) for i in range(3))
            assert list(trace.x) == [c.width for c in cells]
            np.testing.assert_array_equal(trace.y, mean)
            np.testing.assert_allclose(np.asarray(trace.y) + np.asarray(trace.error_y.array), high, rtol=1e-12)
            np.testing.assert_allclose(np.asarray(trace.y) - np.asarray(trace.error_y.arrayminus), low,
                                       rtol=1e-12, atol=1e-15)


def test_the_similarity_sentence_is_the_mean_cosine_of_the_tiles_side_by_side():
    from core.valley.words import similarity_sentence

    _, fields = pair("relu")
    a, b, matched = (x.reshape(len(x), -1) for x in (fields.a, fields.b, fields.aligned_b))

    def cosine(u, v):
        return np.mean([np.dot(p, q) / (np.linalg.norm(p) * np.linalg.norm(q)) for p, q in zip(u, v)])

    sentence = similarity_sentence(fields)
    assert f"is {cosine(a, b):.2f} in B's own order and {cosine(a, matched):.2f} after matching" in sentence
