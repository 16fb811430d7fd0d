"""The sentences the map of starts shows, each built from the outcomes computed for the map on screen.

Every count, share and "same function" in these sentences is read from an ``Outcomes`` (and its
``MapResult``), never typed in, so the words follow the numbers for every configuration
(tests/test_init_map_words.py sweeps them). Pure text: no streamlit.
"""

from __future__ import annotations

import numpy as np

from core.init_regions.outcomes import (
    DIVERGED,
    OTHER_FIT,
    STUCK,
    STUCK_MERGED,
    Outcomes,
    _reordering,
    _units,
    twin_relabelling,
)
from core.init_regions.results import MapResult, ZeroDemo
from core.init_regions.task import FUNCTION_GRID, TEACHER, TEACHER_X_RANGE, MapSpec, axis_name

MERGED_NAME = "at a twin of the target (all twins: one function)"
TWIN_PREFIX = "at "  # "at the teacher with units 1 and 2 swapped": the twin's name, in words (outcomes.twin_name)


def percent(share: float) -> str:
    """A share as a percentage that never rounds a non-zero share to 0 % or a partial one to 100 %."""
    if 0 < share < 0.005:
        return "<1%"
    if 0.995 < share < 1:
        return ">99%"
    return f"{share:.0%}"


def outcome_name(outcomes: Outcomes, code: int, merged: bool) -> str:
    """The hover name of outcome ``code``; with ``merged`` every twin reads as one."""
    if code >= 0:
        return MERGED_NAME if merged else TWIN_PREFIX + outcomes.name(code)
    return outcomes.name(code)


def legend_name(outcomes: Outcomes, codes: np.ndarray, code: int, merged: bool) -> str:
    """The legend entry of ``code``: its name, how many starts and what share of the map (computed)."""
    count = int(np.sum(codes == code))
    return f"{outcome_name(outcomes, code, merged)}: {count:,} ({percent(count / len(codes))})"


# The map's key reads a twin in two parts: its colour says how the target's units are reordered,
# its marker shape which units' signs are flipped (48 twins at width 3: colour alone cannot tell them apart).
ORDER_KEY_TITLE = "At a twin: the colour says how it reorders the units"
SIGNS_KEY_TITLE = "the white shape, which signs it flips"


def twin_order_words(perm: tuple[int, ...]) -> str:
    """'units not reordered', 'units 1 and 2 swapped', 'units in the order 2, 3, 1' (as twin names say)."""
    return _reordering(perm) or "units not reordered"


def twin_signs_words(signs: tuple[int, ...]) -> str:
    """'no signs flipped', 'unit 2's signs flipped', 'units 1 and 3's signs flipped' (as twin names say)."""
    flipped = [k + 1 for k, s in enumerate(signs) if s < 0]
    return f"{_units(flipped)}'s signs flipped" if flipped else "no signs flipped"


def order_key_name(outcomes: Outcomes, codes: np.ndarray, perm: tuple[int, ...]) -> str:
    """The key entry of one unit order: in words, with how many starts reached a twin with that order."""
    count = sum(int(np.sum(codes == k)) for k, e in enumerate(outcomes.twins.elements) if e.perms[0] == perm)
    return f"{twin_order_words(perm)}: {count:,} ({percent(count / len(codes))})"


def signs_key_name(outcomes: Outcomes, codes: np.ndarray, signs: tuple[int, ...]) -> str:
    """The key entry of one sign pattern: in words, with how many starts reached a twin with those signs."""
    count = sum(int(np.sum(codes == k)) for k, e in enumerate(outcomes.twins.elements) if e.signs[0] == signs)
    return f"{twin_signs_words(signs)}: {count:,} ({percent(count / len(codes))})"


def rule_sentence(outcomes: Outcomes) -> str:
    """The labelling rule, with this map's tolerance, radius and margin."""
    return outcomes.rule()


def _stuck_count(counts: dict[int, int]) -> int:
    return counts.get(STUCK, 0) + counts.get(STUCK_MERGED, 0)


def map_alt(result: MapResult, outcomes: Outcomes) -> str:
    """The map in one sentence (screen readers, the back row)."""
    spec, counts, n = result.spec, outcomes.counts(), len(outcomes.codes)
    return (f"Map of {n:,} starts, {axis_name(spec.widths, spec.x_key)} from {spec.x_range[0]:g} to "
            f"{spec.x_range[1]:g} across and {axis_name(spec.widths, spec.y_key)} from {spec.y_range[0]:g} to "
            f"{spec.y_range[1]:g} up, each coloured by where training ended, {_mirror_clause(result, outcomes)}: "
            f"{percent(outcomes.twin_share)} at a twin of the target "
            f"({outcomes.twins_reached} different twins), {percent(counts.get(OTHER_FIT, 0) / n)} at low loss but "
            f"not at a twin, {percent(_stuck_count(counts) / n)} stuck, {percent(counts.get(DIVERGED, 0) / n)} "
            "diverged.")


def _mirror_clause(result: MapResult, outcomes: Outcomes) -> str:
    """The map's mirror symmetry as measured cell by cell (never assumed from the swap alone)."""
    if result.symmetry is None:
        return "with no mirror symmetry"
    agree, total = mirror_agreement(result, outcomes)
    if agree == total:
        return f"mirror-symmetric across the diagonal (all {total:,} starts checked)"
    return f"{agree:,} of {total:,} starts matching their mirror start across the diagonal"


def _gap_clause(outcomes: Outcomes, which: np.ndarray, spec: MapSpec) -> str:
    """' (they match the teacher's function to within X at 401 points of [−2, 2])' for the teacher; '' otherwise."""
    if outcomes.function_gap is None or spec.task != TEACHER or not which.any():
        return ""
    low, high = TEACHER_X_RANGE
    gap = float(np.max(outcomes.function_gap[which]))
    return (f" (they match the teacher's function to within {gap:.2g} at {FUNCTION_GRID:,} evenly spaced points of "
            f"[{low:g}, {high:g}])")


def merge_sentence(result: MapResult, outcomes: Outcomes, merged: bool) -> str:
    """What the Merge-twins toggle does to this map, from its counts."""
    at_twin, others = int(outcomes.at_twin.sum()), int(np.sum(outcomes.codes == OTHER_FIT))
    if at_twin == 0:
        text = ("No start ended at a twin under the rule above, so merging the twins changes no colour"
                + (f"; the {others:,} low-loss starts are not at any twin." if others else "."))
        return text
    reached = outcomes.twins_reached
    twins = "one twin" if reached == 1 else f"{reached} different twins"
    gap = _gap_clause(outcomes, outcomes.at_twin, result.spec)
    if merged:
        text = (f"With twins merged, the {at_twin:,} starts at {twins} share one colour: every twin computes the "
                f"target's function{gap}.")
    else:
        text = (f"Turn on **Merge twins**: the {at_twin:,} starts at {twins} collapse to one colour, because every "
                f"twin computes the target's function{gap}.")
    if others:
        text += (f" The {others:,} starts with low loss but not at a twin keep their own colour: a low loss alone "
                 "does not place a start at a twin.")
    return text


def mirror_agreement(result: MapResult, outcomes: Outcomes) -> tuple[int, int]:
    """(cells whose outcome is their mirror cell's with the two swapped units' twins exchanged, all cells).

    Only for a slice with a swap symmetry (``result.symmetry``); the shortcut makes it exact, full
    training makes it true up to rounding near a threshold.
    """
    assert result.symmetry is not None, "mirror_agreement needs a swap-symmetric slice"
    resolution = result.resolution
    iy, ix = np.divmod(np.arange(resolution * resolution), resolution)
    mirror = ix * resolution + iy
    relabel = twin_relabelling(outcomes.twins, result.symmetry.perm)
    codes = outcomes.codes
    expected = np.where(codes[mirror] >= 0, relabel[np.maximum(codes[mirror], 0)], codes[mirror])
    return int(np.sum(codes == expected)), int(codes.size)


def mirror_line_name(*, drawn: bool) -> str:
    """How the text names the mirror line: the dashed line only when the figure draws it."""
    return "the dashed line x = y" if drawn else "the diagonal x = y (Symmetry overlays draws it)"


def mirror_sentence(result: MapResult, outcomes: Outcomes, *, line_drawn: bool = True) -> str:
    """Whether the map is its own mirror image, counted cell by cell; ``line_drawn``: the figure shows
    the mirror line (the symmetry overlays are on), so the text may point at it."""
    agree, total = mirror_agreement(result, outcomes)
    line = mirror_line_name(drawn=line_drawn)
    if agree == total:
        return (f"So the map is its own mirror image across {line} (all {total:,} starts checked), with "
                "each twin exchanged for its swapped twin.")
    return (f"So the map should be its own mirror image across {line}, with each twin exchanged for its "
            f"swapped twin: {agree:,} of {total:,} starts agree with their mirror start (the rest sit at a "
            "threshold of the rule, where rounding in full training tips them).")


def diagonal_counts(result: MapResult, outcomes: Outcomes) -> dict[int, int]:
    """Outcome code -> number of starts on the map's diagonal (the cells with x = y)."""
    resolution = result.resolution
    diagonal = np.arange(resolution) * (resolution + 1)
    values, counts = np.unique(outcomes.codes[diagonal], return_counts=True)
    return {int(v): int(c) for v, c in zip(values, counts)}


def diagonal_sentence(result: MapResult, outcomes: Outcomes) -> str:
    """Where the starts on the mirror line ended, counted."""
    counts = diagonal_counts(result, outcomes)
    total = sum(counts.values())
    merged = counts.get(STUCK_MERGED, 0)
    parts = [f"{merged:,} of the {total:,} starts on it end *{outcomes.name(STUCK_MERGED)}*"]
    rest = [f"{count:,} *{outcomes.name(code) if code < 0 else 'at a twin'}*"
            for code, count in sorted(counts.items()) if code != STUCK_MERGED]
    if rest:
        parts.append("the others: " + ", ".join(rest))
    return "; ".join(parts) + "."


def teacher_caption(spec: MapSpec, outcomes: Outcomes) -> str:
    """The teacher's formula and its number of distinct twins (counted by core.init_regions.outcomes)."""
    teacher = outcomes.twins.reference
    terms: list[str] = []
    for w, b, v in zip(teacher.weights[0][:, 0], teacher.biases[0], teacher.weights[1][0]):
        sign = ("" if not terms else "+ ") if v >= 0 else "− "
        terms.append(f"{sign}{abs(v):.1f}·{spec.activation}({w:.1f}x {'+' if b >= 0 else '−'} {abs(b):.1f})")
    low, high = TEACHER_X_RANGE
    return (f"Target: the teacher f*(x) = {' '.join(terms)} on {spec.n_points} evenly spaced x in [{low:g}, {high:g}], "
            f"no noise. Its {len(terms)} hidden units are distinct, so unit swaps and sign flips give "
            f"{len(outcomes.twins.vectors)} different twins (counted), all with zero loss.")


def zero_fit_sentence(demo: ZeroDemo, tolerance: float = 1e-3) -> str:
    """What the symmetric start became, from what was measured: a constant function (every hidden
    weight exactly 0 at every step), one unit in disguise (units exactly identical), or neither;
    and whether it fit the teacher, from its final loss."""
    verdict = "far above" if demo.final_loss > 10 * tolerance else ("above" if demo.final_loss >= tolerance else
                                                                     "below")
    fit = f"final loss {demo.final_loss:.3g}, {verdict} the map's default tolerance {tolerance:g}."
    steps = int(demo.steps[-1])
    if demo.units_silent:
        moved = demo.output_bias[-1] != demo.output_bias[0]
        learns = ("only the output bias learns (it moved from "
                  f"{demo.output_bias[0]:.3g} to {demo.output_bias[-1]:.3g})" if moved else
                  "and not even the output bias moved")
        return (f"It stays a constant function: every hidden unit's incoming and outgoing weights are exactly 0 at "
                f"all {steps:,} steps, so {learns}; {fit}")
    if demo.units_identical:
        return (f"It trains as one unit in disguise: its {demo.width} units stay exactly identical (and non-zero) "
                f"for all {steps:,} steps; {fit}")
    return (f"Its units drift apart by up to {float(demo.unit_spread.max()):.1e}, so it is not exactly one unit in "
            f"disguise; {fit}")
