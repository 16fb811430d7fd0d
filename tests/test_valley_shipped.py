"""The shipped "two runs, one valley" study: read strictly, and one cell per activation retrained and compared."""

from __future__ import annotations

import json

import numpy as np
import pytest

from core.valley.shipped import DEFAULT_SPEC, SHIPPED_FILE, read_shipped, shipped_cell, shipped_study
from core.valley.width_study import load_data, run_cell

# Training runs in float32: the same code on another CPU may round differently, and training amplifies it.
CURVE_ATOL = 1e-4


def test_shipped_file_is_the_default_study_with_provenance():
    study = shipped_study()
    assert study.spec == DEFAULT_SPEC
    assert [(c.activation, c.width) for c in study.cells] == [
        (a, w) for a in DEFAULT_SPEC.activations for w in sorted(DEFAULT_SPEC.widths)]
    assert study.provenance["seconds"] > 0 and study.provenance["code"]["hash"]
    assert {"torch", "numpy", "scikit-learn"} <= set(study.provenance["versions"])


@pytest.mark.slow  # retrains 10 networks: about 35 s each activation on a loaded 2-core machine
@pytest.mark.parametrize("activation", DEFAULT_SPEC.activations)
def test_narrowest_cell_retrained_matches_the_file(activation):
    width = min(DEFAULT_SPEC.widths)
    train, test = load_data(DEFAULT_SPEC)
    live = shipped_cell(run_cell(DEFAULT_SPEC, train, test, width=width, activation=activation))
    shipped = shipped_study().cell(activation, width)
    for mine, theirs in zip(live.pairs, shipped.pairs):
        for line in ("before", "after"):
            for score in ("loss", "accuracy"):
                np.testing.assert_allclose(getattr(getattr(mine, line), score), getattr(getattr(theirs, line), score),
                                           rtol=0, atol=CURVE_ATOL)
        np.testing.assert_allclose(mine.end_accuracy, theirs.end_accuracy, rtol=0, atol=CURVE_ATOL)


def _document():
    return json.loads(SHIPPED_FILE.read_text(encoding="utf-8"))


def _edited(change) -> str:
    document = _document()
    change(document)
    return json.dumps(document)


def test_untouched_text_reads_back():
    assert read_shipped(json.dumps(_document())).spec == DEFAULT_SPEC


@pytest.mark.parametrize(("change", "words"), [
    (lambda d: d["cells"][0]["pairs"][0]["barriers"].update(loss_after=0.0), "are not the barriers of its curves"),
    (lambda d: d["cells"][0]["pairs"][0]["before"]["loss"].__setitem__(3, 9.0), "are not the barriers"),
    (lambda d: d["cells"][1]["summary"]["loss_before"].__setitem__(0, 0.5), "is not the mean and interval"),
    (lambda d: d["cells"].reverse(), "cells must follow"),
    (lambda d: d["cells"][0]["pairs"].pop(), "must list the spec's"),
    (lambda d: d["spec"].update(pairs=1), "pairs 1"),
    (lambda d: d.update(extra=1), "unexpected \\['extra'\\]"),
    (lambda d: d["cells"][0]["pairs"][0]["end_loss"].__setitem__(0, "x"), "must be a finite number"),
])
def test_edited_file_is_refused_by_name(change, words):
    with pytest.raises(ValueError, match=words):
        read_shipped(_edited(change))


def test_nan_and_huge_text_are_refused():
    text = SHIPPED_FILE.read_text(encoding="utf-8")
    with pytest.raises(ValueError, match="not a number JSON allows"):
        read_shipped(text.replace('"distance_before": ', '"distance_before": NaN, "x": ', 1))
    with pytest.raises(ValueError, match="at most"):
        read_shipped(" " * 3_000_000)
