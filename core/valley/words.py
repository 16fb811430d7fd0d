"""The lesson's computed sentences: every number in them comes from the result passed in, none is typed.

Pure text (no streamlit), so tests compare each sentence with the engine's own numbers.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from core.engine.data import output_width
from core.engine.real_data import load_table
from core.valley.pair_comparison import PairComparison
from core.valley.receptive_fields import ReceptiveFields
from core.valley.shipped import ShippedCell, ShippedStudy

# The published claims, each under its own paper, in the words of the papers' abstracts (not their figures).
ENTEZARI, AINSWORTH = "[PAPER: Entezari 2022]", "[PAPER: Ainsworth 2023]"
FIRST_UNITS = 5  # places of matched B spelled out in words


def number(value: float) -> str:
    """A barrier or loss as shown in every sentence: three significant digits."""
    return f"{value:.3g}"


def percent(share: float) -> str:
    """A share as shown in every sentence: per cent with one decimal."""
    return f"{100 * share:.1f}%"


def points(share: float) -> str:
    """A difference of two accuracies, in percentage points."""
    return f"{100 * share:.1f} percentage points"


def _change(before: float, after: float) -> str:
    if after < before:
        return f"matching lowered it by {number(before - after)}"
    if after > before:
        return f"matching raised it by {number(after - before)}"
    return "matching left it unchanged"


def barrier_sentence(comparison: PairComparison) -> str:
    """The test-loss barrier before and after matching, and what matching did to it."""
    before, after = comparison.before.loss_barrier, comparison.after.loss_barrier
    return (f"*[OURS]* Test-loss barrier on the line from $\\theta_A$ to $\\theta_B$ as trained: "
            f"**{number(before)}**; after matching B's units to A's: **{number(after)}** "
            f"({_change(before, after)}).")


def ends_sentence(comparison: PairComparison) -> str:
    """The end networks' test loss and accuracy, and how exactly matching kept B's function (both lines' ends)."""
    before, after = comparison.before, comparison.after
    kept = float(np.max(np.abs(np.array([after.loss[-1] - before.loss[-1], after.accuracy[-1] - before.accuracy[-1]]))))
    return (f"*[OURS]* At the ends: A has test loss {number(before.loss[0])} and accuracy "
            f"{percent(before.accuracy[0])}, B has {number(before.loss[-1])} and {percent(before.accuracy[-1])}. "
            f"Matched B computes B's function: its test loss and accuracy differ from B's by {kept:.1e}.")


def accuracy_sentence(comparison: PairComparison) -> str:
    """The accuracy dip below its chord before and after matching, and the worst accuracy on each line."""
    before, after = comparison.before, comparison.after
    return (f"*[OURS]* Test accuracy dips at most {points(before.accuracy_barrier)} below its chord before "
            f"matching (lowest {percent(float(np.min(before.accuracy)))} on the line) and "
            f"{points(after.accuracy_barrier)} after it (lowest {percent(float(np.min(after.accuracy)))}).")


def _place(fields: ReceptiveFields, place: int) -> str:
    unit = fields.perm[place]
    flipped = " with its sign flipped" if fields.signs[unit] < 0 else ""
    return f"B's unit {unit + 1}{flipped} to place {place + 1}"


def permutation_sentence(fields: ReceptiveFields) -> str:
    """The matched permutation in words for the first few places, and how many units changed place or sign."""
    h = len(fields.perm)
    shown = min(FIRST_UNITS, h)
    moved = sum(unit != place for place, unit in enumerate(fields.perm))
    flipped = sum(sign < 0 for sign in fields.signs)
    flips = f" and flipped the sign of {flipped}" if flipped else ""
    return (f"*[OURS]* Matching moved {', '.join(_place(fields, place) for place in range(shown))}"
            f"{' (and so on)' if h > shown else ''}. In all, {moved} of B's {h} units changed place{flips}.")


def mean_cosine(first: np.ndarray, second: np.ndarray) -> float:
    """The mean over places i of the cosine similarity between unit i's images in ``first`` and ``second``
    (arrays (h, side, side); a unit of zeros counts as similarity 0)."""
    a, b = first.reshape(len(first), -1), second.reshape(len(second), -1)
    norms = np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1)
    dots = np.sum(a * b, axis=1)
    return float(np.mean(np.divide(dots, norms, out=np.zeros_like(dots), where=norms > 0)))


def similarity_sentence(fields: ReceptiveFields) -> str:
    """How alike A's unit i and the B unit beside it are, before and after matching (first-layer weights only)."""
    before, after = mean_cosine(fields.a, fields.b), mean_cosine(fields.a, fields.aligned_b)
    return (f"*[OURS]* How alike are the tiles side by side? The mean cosine similarity of A's unit i and B's "
            f"unit i is {before:.2f} in B's own order and {after:.2f} after matching (1 is identical, 0 unrelated). "
            "Matching compares each unit's bias and outgoing weights too, not only its tile.")


def _falls(values: Sequence[float]) -> tuple[int, int]:
    """(steps where the value falls, steps) from one width to the next."""
    return sum(x > y for x, y in zip(values, values[1:])), len(values) - 1


def _cells(study: ShippedStudy, activation: str) -> list[ShippedCell]:
    return sorted((c for c in study.cells if c.activation == activation), key=lambda c: c.width)


def width_sentence(study: ShippedStudy, activation: str) -> str:
    """One activation's barriers before and after matching at the narrowest and widest width, how often each
    mean falls from one width to the next, and at how many widths matching lowered the mean."""
    cells = _cells(study, activation)
    before = [c.summary["loss_before"][0] for c in cells]
    after = [c.summary["loss_after"][0] for c in cells]
    lowered = sum(a < b for a, b in zip(after, before))
    (fall_b, steps), (fall_a, _) = _falls(before), _falls(after)
    narrow, wide = cells[0].width, cells[-1].width
    return (f"*[OURS]* {activation}: mean barrier before matching {number(before[0])} at width {narrow} and "
            f"{number(before[-1])} at width {wide} (it falls at {fall_b} of the {steps} steps of width); after "
            f"matching {number(after[0])} and {number(after[-1])} (falls at {fall_a} of {steps}). Matching lowered "
            f"the mean barrier at {lowered} of {len(cells)} widths.")


def _widths(widths: Sequence[int]) -> str:
    """"width 8", "widths 8 and 32", "widths 8, 32 and 128"."""
    if len(widths) == 1:
        return f"width {widths[0]}"
    return f"widths {', '.join(map(str, widths[:-1]))} and {widths[-1]}"


def _trend(values: Sequence[float], widths: Sequence[int]) -> str:
    """How a series of means moves from the narrowest to the widest width, in words, with its two ends; "stays"
    only when every value is the same."""
    first, last = values[0], values[-1]
    if all(v == first for v in values):
        return f"stays at {number(first)} at every width"
    ends = f"from {number(first)} at width {widths[0]} to {number(last)} at width {widths[-1]}"
    if last < first:
        return f"falls {ends}"
    if last > first:
        return f"rises {ends}"
    return f"ends where it started, {number(first)}, at widths {widths[0]} and {widths[-1]}, but moves in between"


def before_also_falls_sentence(study: ShippedStudy) -> str:
    """How the barrier before matching changes with width in our data, and where nothing is left to remove."""
    parts, every_one_falls, any_change = [], True, False
    for activation in study.spec.activations:
        cells = _cells(study, activation)
        before = [c.summary["loss_before"][0] for c in cells]
        widths = [c.width for c in cells]
        falls, steps = _falls(before)
        every_one_falls &= before[-1] < before[0]
        any_change |= any(b != before[0] for b in before)
        flat = [c.width for c, b in zip(cells, before) if b == 0]
        none_left = f", and at {_widths(flat)} it is 0, so matching has nothing to remove there" if flat else ""
        parts.append(f"for {activation} it {_trend(before, widths)} (down at {falls} of {steps} steps){none_left}")
    so = " So in our data width alone flattens the line too, not only matching." if every_one_falls else ""
    lead = "changes with width too" if any_change else "does not change with width"
    return ("*[OURS]* Read this honestly. In our short full-batch training the barrier *before* matching "
            f"{lead}: {'; '.join(parts)}.{so}")


def shipped_context_sentence(study: ShippedStudy, activation: str, width: int, seed: int) -> str | None:
    """The shipped study's mean at the live pair's width and activation (None where it has no such cell); at the
    study's init seed the live pair is the study's first pair (core.valley.spec.pair_seeds), so its recorded
    barriers are quoted too."""
    try:
        cell = study.cell(activation, width)
    except KeyError:
        return None
    before, after = cell.summary["loss_before"][0], cell.summary["loss_after"][0]
    first = cell.pairs[0]
    ours = (f" Seed {seed} is the study's first pair; the study recorded {number(first.before.loss_barrier)} and "
            f"{number(first.after.loss_barrier)} for it." if seed == study.spec.init_seed else "")
    return (f"*[OURS]* For comparison, the precomputed study below has {len(cell.pairs)} pairs at width {width} "
            f"({activation}): mean barrier {number(before)} before matching and {number(after)} after.{ours}")


def paper_sentence() -> str:
    """The published claims, each under its own label, as the papers' abstracts state them (docs/valley.md)."""
    return (f"*{ENTEZARI}* Conjectures that, once the permutations of hidden units are taken into account, "
            "networks trained by SGD will likely have no barrier on the straight line between them. "
            f"*{AINSWORTH}* Argues that loss landscapes often hold (nearly) a single basin after accounting for "
            "those permutations, reports zero-barrier linear mode connectivity after matching for independently "
            "trained ResNets on CIFAR-10, and relates model width and training time to it.")


def setting_sentence(study: ShippedStudy) -> str:
    """Our setting in numbers (read from the shipped spec), so a difference from the papers is read rightly."""
    spec = study.spec
    widths = sorted(spec.widths)
    table = load_table(spec.dataset)  # the networks' ends: its features in, one logit per class out
    shape = f"{table.input_dim}-h-{output_width(table)}"
    return (f"*[OURS]* Our setting is smaller than the papers': the {spec.dataset} dataset, networks {shape} with "
            f"h from {widths[0]} to {widths[-1]}, {spec.pairs} seed pairs per width, {spec.steps} full-batch "
            f"{spec.optimizer} steps. A difference from their numbers is not a contradiction of their claim.")
