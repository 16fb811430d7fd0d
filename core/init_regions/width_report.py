"""The width experiment in words: every sentence built from the numbers of the result it describes.

Nothing here states a trend the numbers do not show. The curves are not monotone (in the shipped
run, uniform starts after 1,000 steps: 67 of 100 at width 3, 82 at width 4, 19 at width 32), so
no sentence says "rises" or "falls". :func:`trend` compares two widths only: the share is "higher
at width 32 than at width 3" when the widest width's Wilson 95% interval lies wholly above the
teacher's width's, "lower" when wholly below, else "no clear difference". :func:`interior_extreme`
names a peak (or dip) at a width in between only when its interval lies apart from both ends';
otherwise nothing is said about the curve's shape. Light on purpose (no torch): the page, the
scene tests and exports import it.
"""

from __future__ import annotations

from core.engine.init_schemes import SCHEME_LABELS
from core.init_regions.results import WidthResult, WidthRow
from core.init_regions.width_floor import NarrowFloor
from core.init_regions.width_task import GRID_POINTS

HIGHER, LOWER, NO_TREND = "higher", "lower", "no clear difference"
PEAK, DIP = "peak", "dip"
NEVER = "never"  # trend_sentences' word for a curve of zeros (trend() itself still says NO_TREND)


def _ends(result: WidthResult, scheme: str, budget: int | None) -> tuple[dict[int, WidthRow], int, int] | None:
    """(curve by width, the smallest width >= the teacher's, the widest width), or None with no two such widths."""
    curve = {row.width: row for row in result.curve(scheme, budget)}
    narrow = min((w for w in curve if w >= result.spec.teacher_width), default=None)
    wide = max(curve, default=None)
    if narrow is None or wide is None or wide == narrow:
        return None
    return curve, narrow, wide


def trend(result: WidthResult, scheme: str, budget: int | None = None) -> str:
    """HIGHER, LOWER or NO_TREND: the share at the widest width against the share at the teacher's width
    (after ``budget`` steps, default the longest), read from non-overlapping Wilson intervals.

    It compares the two ends only and says nothing about the widths in between (see :func:`interior_extreme`).
    """
    ends = _ends(result, scheme, budget)
    if ends is None:
        return NO_TREND
    curve, narrow, wide = ends
    a, b = curve[narrow], curve[wide]
    if b.low > a.high:
        return HIGHER
    if b.high < a.low:
        return LOWER
    return NO_TREND


def interior_extreme(result: WidthResult, scheme: str, budget: int | None = None) -> tuple[str, WidthRow] | None:
    """(PEAK, row) when a width strictly between the two compared widths has the highest share and its
    Wilson interval lies wholly above both ends' intervals; (DIP, row) likewise below; else None."""
    ends = _ends(result, scheme, budget)
    if ends is None:
        return None
    curve, narrow, wide = ends
    inner = [curve[w] for w in sorted(curve) if narrow < w < wide]
    if not inner:
        return None
    top, bottom = max(inner, key=lambda row: row.share), min(inner, key=lambda row: row.share)
    if top.low > max(curve[narrow].high, curve[wide].high):
        return PEAK, top
    if bottom.high < min(curve[narrow].low, curve[wide].low):
        return DIP, bottom
    return None


def success_rule(tolerance: float) -> str:
    """The success rule in one sentence, with the tolerance of the run."""
    return (f"a start **recovered the teacher** after a budget of steps when it has not diverged and its output "
            f"differs from the teacher's by at most **{tolerance:g}** at each point of a grid of {GRID_POINTS:,} "
            "evenly spaced x in [−2, 2] (the training interval; all but the endpoints lie between the training "
            "points)")


def floor_sentence(floors: tuple[NarrowFloor, ...], tolerance: float) -> str:
    """What the long least-squares runs found for each width below the teacher's."""
    if not floors:
        return "The teacher has one hidden unit, so no narrower student exists."
    parts = [f"width {f.width}: lowest training MSE {f.best_train_mse:.2g}, lowest grid error {f.best_grid_error:.2g}"
             for f in floors]
    closest = min(f.best_grid_error for f in floors)
    head = (f"**Can a narrower student fit this teacher?** Best of {floors[0].starts} least-squares fits per width, "
            f"each run to convergence (Levenberg–Marquardt, up to {floors[0].max_evaluations:,} evaluations): "
            + "; ".join(parts) + ". ")
    if closest > tolerance:
        return head + (f"The closest any of them came is {closest / tolerance:.1f}× the tolerance {tolerance:g}: "
                       "in these runs no narrower student gets near the teacher's function (the best found, not a "
                       "proof of the global minimum).")
    return head + (f"One of them came within the tolerance {tolerance:g}: at this tolerance the task does not demand "
                   "the teacher's width.")


def floor_phrase(floors: tuple[NarrowFloor, ...], tolerance: float) -> str:
    """The floor in one hedged clause (the scene quotes it): how far the best fit found stays, per narrow width."""
    if not floors:
        return "the teacher has one hidden unit, so no narrower student exists"
    closest = min(f.best_grid_error for f in floors)
    errors = "; ".join(f"width {f.width}: grid error {f.best_grid_error:.2g}" for f in floors)
    if closest > tolerance:
        return (f"the best of {floors[0].starts} least-squares fits per width stays {closest / tolerance:.1f}× the "
                f"tolerance away ({errors}); best found, not proven")
    return (f"one of {floors[0].starts} least-squares fits per width came within the tolerance ({errors}), so "
            "this task does not demand the teacher's width")


def narrow_rows_sentence(result: WidthResult) -> str:
    """How the experiment's own narrow students did (widths below the teacher's, every budget)."""
    teacher = result.spec.teacher_width
    narrow = [row for row in result.rows if row.width < teacher]
    if not narrow:
        return f"No width below the teacher's {teacher} units is in this run."
    longest = max(result.spec.budgets)
    successes = sum(row.successes for row in narrow if row.budget == longest)
    starts = sum(row.n_starts for row in narrow if row.budget == longest)
    best = min((row.best_error for row in narrow if row.budget == longest), default=float("nan"))
    return (f"In this run, {successes:,} of {starts:,} starts narrower than the teacher recovered it after "
            f"{longest:,} steps (smallest grid error {best:.2g}).")


def _never_recovered(result: WidthResult, scheme: str, budget: int) -> bool:
    return all(row.successes == 0 for row in result.curve(scheme, budget))


def _comparison_word(word: str, narrow: int, wide: int) -> str:
    if word == NEVER:
        return "no start recovered the teacher at any width"
    if word == NO_TREND:
        return f"no clear difference between width {narrow} and width {wide} (intervals overlap)"
    return f"{word} at width {wide} than at width {narrow} (95% intervals apart)"


def _shape_clause(result: WidthResult, scheme: str, budget: int, narrow: int, wide: int) -> str | None:
    found = interior_extreme(result, scheme, budget)
    if found is None:
        return None
    kind, row = found
    ends = {w: next(r for r in result.curve(scheme, budget) if r.width == w) for w in (narrow, wide)}
    side = "above" if kind == PEAK else "below"
    return (f"{SCHEME_LABELS.get(scheme, scheme)} {'peaks' if kind == PEAK else 'dips'} in between: "
            f"{row.successes} of {row.n_starts} at width {row.width}, against {ends[narrow].successes} at width "
            f"{narrow} and {ends[wide].successes} at width {wide} (its interval {side} both)")


def trend_sentences(result: WidthResult, trends: dict[tuple[str, int], str]) -> list[str]:
    """One sentence per budget: for which schemes the share is higher, lower or not clearly different at the
    widest width than at the teacher's width, and any peak or dip in between that the intervals show.

    ``trends`` maps (scheme, budget) to :func:`trend`'s answer.
    """
    spec = result.spec
    widths = sorted(spec.widths)
    reference = min((w for w in widths if w >= spec.teacher_width), default=None)
    if reference is None or reference == widths[-1]:
        return [f"This run has no width above the teacher's {spec.teacher_width} units to compare."]
    sentences = []
    for budget in spec.budgets:
        groups: dict[str, list[str]] = {}
        for scheme in spec.schemes:  # a curve of zeros has nothing to compare: it is said plainly
            word = NEVER if _never_recovered(result, scheme, budget) else trends[(scheme, budget)]
            groups.setdefault(word, []).append(SCHEME_LABELS.get(scheme, scheme))
        said = "; ".join(f"{_comparison_word(word, reference, widths[-1])}: {', '.join(names)}"
                         for word, names in groups.items())
        shapes = [clause for scheme in spec.schemes
                  if (clause := _shape_clause(result, scheme, budget, reference, widths[-1])) is not None]
        sentences.append(f"After **{budget:,} steps**, the share at width {widths[-1]} against width {reference}: "
                         f"{said}." + "".join(f" {clause}." for clause in shapes))
    return sentences


def curve_words(label: str, rows: list[WidthRow]) -> str:
    """One curve in words, from its rows: plain words for a flat curve (none recovered, or the same share
    at every width); otherwise the ends, and the highest share when it lies strictly between them."""
    shares = [row.successes / row.n_starts for row in rows]
    first, last = rows[0], rows[-1]
    if all(row.successes == 0 for row in rows):
        return f"{label}: no start recovered the teacher at any width"
    if len(set(shares)) == 1:
        return f"{label}: {first.share:.0%} at every width ({first.successes} of {first.n_starts} each)"
    text = f"{label} {first.share:.0%} at width {first.width}"
    best = max(rows, key=lambda row: row.share)
    if best.share > max(first.share, last.share):
        text += f", highest {best.share:.0%} at width {best.width}"
    return text + f", {last.share:.0%} at width {last.width}"


def width_alt(result: WidthResult) -> str:
    """The figure in words (screen readers, the back row): each scheme's share at each budget."""
    spec, parts = result.spec, []
    for budget in spec.budgets:
        curves = [curve_words(SCHEME_LABELS.get(scheme, scheme), rows)
                  for scheme in spec.schemes if (rows := result.curve(scheme, budget))]
        parts.append(f"after {budget:,} steps: " + "; ".join(curves))
    return (f"Share of {spec.seeds} starts that recovered the {spec.teacher_width}-unit teacher's function "
            f"(grid error at most {spec.tolerance:g}) against hidden width, one panel per step budget, "
            + ". ".join(part if i == 0 else part[0].upper() + part[1:] for i, part in enumerate(parts)) + ".")
