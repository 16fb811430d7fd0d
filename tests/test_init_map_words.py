"""The map's sentences say what its numbers say, for every kind of map (docs/theory.md#init-map).

Each configuration is trained small; the counts the words quote are recounted here independently:
from the exported rows (x, y, outcome name), from the legend of the figure, and the function gap
from core.engine.mlp.forward on a dense grid.
"""

import dataclasses
import math
import re
from collections import Counter

import numpy as np
import pytest

from core.engine.mlp import Params, forward
from core.figures.init_map import outcome_map
from core.init_regions.export import map_rows
from core.init_regions.map import map_outcomes, train_map
from core.init_regions.map_words import (
    MERGED_NAME,
    diagonal_sentence,
    map_alt,
    merge_sentence,
    mirror_agreement,
    mirror_sentence,
    percent,
    teacher_caption,
    twin_order_words,
    twin_signs_words,
)
from core.init_regions.outcomes import CODE_NAMES, DIVERGED, OTHER_FIT, STUCK, STUCK_MERGED
from core.init_regions.task import TEACHER_X_RANGE, MapSpec, teacher_params
from core.scenes import scenes_of

CONFIGS = {
    "default-small": MapSpec(resolution=15),
    "width-3": MapSpec(width=3, resolution=15),
    "few-steps": MapSpec(resolution=11, steps=50),
    "tight-tolerance": MapSpec(resolution=11, loss_tol=1e-5),
    "loose-tolerance": MapSpec(resolution=11, loss_tol=0.05),
    "no-mirror": MapSpec(resolution=11, equalise=False),
    "outgoing-weights": MapSpec(resolution=11, x_key="v1", y_key="v2"),
    "diverging": MapSpec(resolution=11, learning_rate=1.0, x_range=(-8.0, 8.0), y_range=(-8.0, 8.0)),
    "zero-base": MapSpec(resolution=11, base_scheme="zero"),
    "constant-base": MapSpec(resolution=11, base_scheme="constant"),
    "moons": MapSpec(task="moons", resolution=11, steps=150, loss_tol=0.3),
    "full-training": MapSpec(resolution=11, shortcut=False),
}


@pytest.fixture(scope="module", params=list(CONFIGS), ids=list(CONFIGS))
def trained(request):
    spec = CONFIGS[request.param]
    result = train_map(spec)
    return result, map_outcomes(result)


def _names(result, outcomes) -> Counter:
    return Counter(row["outcome"] for row in map_rows(result, outcomes))


def _twin_count(result, outcomes) -> int:
    """Starts whose exported outcome is a twin's name (not one of the special outcomes)."""
    special = set(CODE_NAMES.values())
    return sum(count for name, count in _names(result, outcomes).items() if name not in special)


def test_the_alt_text_quotes_the_shares_of_the_exported_rows(trained):
    result, outcomes = trained
    names, n = _names(result, outcomes), len(outcomes.codes)
    stuck = names[CODE_NAMES[STUCK]] + names[CODE_NAMES[STUCK_MERGED]]
    text = map_alt(result, outcomes)
    assert f"{percent(_twin_count(result, outcomes) / n)} at a twin" in text
    assert f"{percent(names[CODE_NAMES[OTHER_FIT]] / n)} at low loss but not at a twin" in text
    assert f"{percent(stuck / n)} stuck" in text and f"{percent(names[CODE_NAMES[DIVERGED]] / n)} diverged" in text
    distinct = len([name for name in names if name not in set(CODE_NAMES.values())])
    assert f"({distinct} different twins)" in text


@pytest.mark.parametrize("merged", [False, True])
def test_the_legend_counts_each_outcome_and_states_the_rule(trained, merged):
    """The key's counts, recounted from the exported rows: its unit orders (colours) and the other outcomes
    cover every start once, and so do its sign patterns (shapes) with the other outcomes."""
    result, outcomes = trained
    fig = outcome_map(result, outcomes, merged=merged)
    entries = [t.name for t in fig.data if t.type == "scatter" and t.showlegend is not False and ": " in t.name
               and "(" in t.name and "mirror" not in t.name and "representative" not in t.name]
    names, n = _names(result, outcomes), len(outcomes.codes)
    twin_rows = Counter()  # (order words, sign words) -> starts, from the exported twin names
    for code, twin in enumerate(outcomes.twins.names):
        element = outcomes.twins.elements[code]
        twin_rows[(twin_order_words(element.perms[0]), twin_signs_words(element.signs[0]))] += names[twin]
    counted = {"orders": 0, "signs": 0, "others": 0}
    for entry in entries:
        name, count, share = re.fullmatch(r"(.+): ([\d,]+) \((.+)\)", entry).groups()
        count = int(count.replace(",", ""))
        assert share == percent(count / n)
        if name == MERGED_NAME:
            assert count == _twin_count(result, outcomes)
            counted["orders"] += count
            counted["signs"] += count
        elif name in {order for order, _ in twin_rows}:
            assert count == sum(c for (order, _), c in twin_rows.items() if order == name)
            counted["orders"] += count
        elif name in {signs for _, signs in twin_rows}:
            assert count == sum(c for (_, signs), c in twin_rows.items() if signs == name)
            counted["signs"] += count
        else:
            assert count == names[name]
            counted["others"] += count
    assert counted["orders"] + counted["others"] == n
    flips = any(s < 0 for e in outcomes.twins.elements for s in e.signs[0])
    assert counted["signs"] == (_twin_count(result, outcomes) if flips or merged else 0)
    assert outcomes.rule() not in (fig.layout.legend.title.text or "")  # the rule is stated once, under the map
    assert f"within {outcomes.radius:.3g} of twin k" in outcomes.rule()


def _gap_oracle(result, outcomes, cells) -> float:
    grid = np.linspace(*TEACHER_X_RANGE, 401)[:, None]
    target = forward(teacher_params(result.spec.width), grid, "tanh")
    return max(float(np.max(np.abs(forward(Params.unflatten(result.final[c], result.spec.widths), grid, "tanh")
                                   - target))) for c in cells)


@pytest.mark.parametrize("merged", [False, True])
def test_the_merge_sentence_claims_one_function_only_for_starts_at_a_twin(trained, merged):
    result, outcomes = trained
    text = merge_sentence(result, outcomes, merged)
    at_twin = _twin_count(result, outcomes)
    others = _names(result, outcomes)[CODE_NAMES[OTHER_FIT]]
    if at_twin == 0:
        assert text.startswith("No start ended at a twin") and "function" not in text
        return
    assert f"the {at_twin:,} starts at " in text and "computes the target's function" in text
    assert ("one twin" if outcomes.twins_reached == 1 else f"{outcomes.twins_reached} different twins") in text
    assert (f"The {others:,} starts with low loss but not at a twin" in text) == (others > 0)
    if result.spec.task == "teacher":
        quoted = float(re.search(r"to within ([\d.e+-]+) at 401 evenly spaced points of \[-2, 2\]", text).group(1))
        assert "everywhere" not in text  # the gap is measured at grid points, not everywhere
        oracle = _gap_oracle(result, outcomes, np.flatnonzero(outcomes.codes >= 0))
        assert math.isclose(quoted, float(f"{oracle:.2g}"), rel_tol=1e-9)
        assert oracle < 0.1  # a start at a twin does compute (nearly) the teacher's function


def test_the_diagonal_and_mirror_sentences_count_the_cells(trained):
    result, outcomes = trained
    if result.symmetry is None:
        return
    rows = map_rows(result, outcomes)
    diagonal = Counter(row["outcome"] for row in rows if row["x"] == row["y"])
    text = diagonal_sentence(result, outcomes)
    merged = diagonal[CODE_NAMES[STUCK_MERGED]]
    assert text.startswith(f"{merged:,} of the {result.resolution:,} starts on it end")
    for name in (CODE_NAMES[STUCK], CODE_NAMES[DIVERGED], CODE_NAMES[OTHER_FIT]):
        assert (f"*{name}*" in text) == (diagonal[name] > 0)
    # With the shortcut the map is mirrored exactly, and the sentence says so.
    if result.spec.shortcut:
        assert mirror_sentence(result, outcomes).startswith("So the map is its own mirror image")


def test_the_teacher_caption_counts_the_distinct_twins(trained):
    result, outcomes = trained
    if result.spec.task != "teacher":
        return
    width = result.spec.width
    assert f"give {2 ** width * math.factorial(width)} different twins" in teacher_caption(result.spec, outcomes)


def test_the_map_scene_quotes_the_default_maps_shares():
    """The scene's numbers are the default map's (tanh, width 2, 300 steps, 61 x 61 starts)."""
    result = train_map(MapSpec())
    outcomes = map_outcomes(result)
    text = scenes_of("init_regions")["where-you-start"].text
    assert f"Here {percent(outcomes.twin_share)} of the starts end at a twin" in text
    assert f"and {percent(outcomes.share(OTHER_FIT))} reach a loss below 10⁻³ without being at any twin" in text
    assert f"within {outcomes.radius:g} of that twin" in text and "at most half as far" in text
    assert outcomes.margin == 0.5 and MapSpec().loss_tol == 1e-3
    assert "they found the same function" not in text and "the twin of the teacher it reached" not in text
    # "the map is its own mirror image": measured on the default map, cell by cell
    agree, total = mirror_agreement(result, outcomes)
    assert "its own **mirror image**" in text and agree == total
    # the axes in the matrix convention: link keys b1, b2 are shown as b₀[1], b₀[2] (hidden units from 1)
    settings = scenes_of("init_regions")["where-you-start"].settings
    assert (settings["x"], settings["y"]) == ("b1", "b2")
    assert "the biases b₀[1] and b₀[2] of hidden units 1 and 2" in text and "b1 and b2" not in text


def test_the_alt_text_states_the_measured_mirror_agreement(trained):
    """'mirror-symmetric' only when every cell matches its mirror cell (measured, not assumed from the swap)."""
    result, outcomes = trained
    text = map_alt(result, outcomes)
    if result.symmetry is None:
        assert "with no mirror symmetry" in text
        return
    agree, total = mirror_agreement(result, outcomes)
    assert ("mirror-symmetric across the diagonal" in text) == (agree == total)
    # one cell changed by hand: the words must follow the count, not the existence of the swap
    codes = outcomes.codes.copy()
    codes[1] = DIVERGED if codes[1] != DIVERGED else STUCK
    broken = dataclasses.replace(outcomes, codes=codes)
    agree, total = mirror_agreement(result, broken)
    assert agree < total
    broken_text = map_alt(result, broken)
    assert "mirror-symmetric" not in broken_text and f"{agree:,} of {total:,} starts matching" in broken_text


def test_the_alt_text_names_the_axes_in_the_matrix_convention(trained):
    """Units count from 1, matrices from 0: the link key "b1" is shown as "bias of unit 1, b₀[1]"."""
    result, outcomes = trained
    text = map_alt(result, outcomes)
    spec = result.spec
    names = {"b1": "bias of unit 1, b₀[1]", "b2": "bias of unit 2, b₀[2]",
             "v1": "outgoing weight of unit 1, W₁[1, 1]", "v2": "outgoing weight of unit 2, W₁[1, 2]"}
    for key in (spec.x_key, spec.y_key):
        if key in names:
            assert names[key] in text
        assert f"{key} from" not in text
