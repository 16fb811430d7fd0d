"""The sections of the lesson "Where you start decides where you end": each draws what core computed."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pandas as pd
import streamlit as st

from core.engine.init_schemes import SCHEME_LABELS
from core.exports.stamp import stamped_csv, stamped_json
from core.figures.init_animation import animation_figure
from core.figures.init_map import outcome_map
from core.figures.init_width import width_figure
from core.figures.init_zero import zero_figure
from core.init_regions.export import MAP_COLUMNS, map_json, map_rows, width_json, width_rows
from core.init_regions.map import map_outcomes
from core.init_regions.outcomes import DIVERGED, STUCK, STUCK_MERGED
from core.init_regions.shipped import MADE_BY, precomputed_for
from core.init_regions.shortcut import compare_maps
from core.init_regions.task import TEACHER, check_map_spec, teacher_params
from core.init_regions.width_experiment import trend
from core.init_regions.width_spec import check_width_spec
from pages.shared import charts
from pages.shared.guard import shown_errors
from pages.shared.init_regions import cached
from pages.shared.init_regions.controls import map_view_controls, width_controls, zero_controls
from pages.shared.url_sync import provenance

VERIFIED = "init.verified"  # specs whose shortcut map was checked against full training


def intro() -> None:
    st.markdown(
        "**What the paper claims.** *[PAPER, v1 abstract]* Because the parameter space is symmetric, a suitable "
        "random initialisation can raise the probability that optimisation converges. *[PAPER, v2/v3 abstract]* "
        "Wider networks are easier to train, because the volume of the effective parameter space shrinks as width "
        "grows; *[SUMMARY]* it shrinks by the factor d₁!···d_L!. The paper is theoretical: it reports no experiments."
    )
    st.markdown(
        "**What this page is.** *[OURS]* Our own experiment, not the paper's: a grid of starting points, each trained "
        "with the same data and settings, coloured by where training ended. The twins, the mirror line and the "
        "shortcut follow from the symmetry of the parameter space *[RECON: standard mathematics, our reconstruction]*."
    )


def _teacher_caption(spec) -> str:
    teacher = teacher_params(spec.width)
    terms = []
    for w, b, v in zip(teacher.weights[0][:, 0], teacher.biases[0], teacher.weights[1][0]):
        sign = ("" if not terms else "+ ") if v >= 0 else "− "
        terms.append(f"{sign}{abs(v):.1f}·{spec.activation}({w:.1f}x {'+' if b >= 0 else '−'} {abs(b):.1f})")
    return (f"Target: the teacher f*(x) = {' '.join(terms)} on {spec.n_points} evenly spaced x in [−2, 2], "
            f"no noise. It has {len(terms)} hidden units, so it has 2^{spec.width}·{spec.width}! = "
            f"{2 ** spec.width * int(np.prod(range(1, spec.width + 1)))} twins with zero loss.")


def map_section(spec, link):
    """The map of starts and its summary; returns (result, outcomes, merged) for the other sections."""
    st.header("The map: where each start ends")
    result = cached.map_result(check_map_spec(spec))  # checked first: an over-budget spec never starts a bar
    outcomes = map_outcomes(result)
    left, right = st.columns([5, 2])
    with right:
        merged, overlays = map_view_controls(link)
        _summary(result, outcomes)
    with left:
        fig = cached.derived("map", (spec, merged, overlays),
                            lambda: outcome_map(result, outcomes, merged=merged, overlays=overlays))
        charts.show(fig, "init.map", alt=_map_alt(result, outcomes), name="init map of starts",
                    table=_map_table(result, outcomes), width="stretch")
    st.caption(_teacher_caption(spec) if spec.task == TEACHER else
               "No teacher here: the reference is the best fit on the map, and its twins are the targets. "
               "A fit not close to any of them counts as another fit.")
    _map_explainer(result, merged)
    return result, outcomes, merged


def _map_alt(result, outcomes) -> str:
    """The map in one sentence (screen readers, the back row)."""
    spec, counts, n = result.spec, outcomes.counts(), len(outcomes.codes)
    stuck = counts.get(STUCK, 0) + counts.get(STUCK_MERGED, 0)
    mirror = "mirror-symmetric across the diagonal" if result.symmetry is not None else "with no mirror symmetry"
    return (f"Map of {n:,} starts, {spec.x_key} from {spec.x_range[0]:g} to {spec.x_range[1]:g} across and "
            f"{spec.y_key} from {spec.y_range[0]:g} to {spec.y_range[1]:g} up, each coloured by where training "
            f"ended, {mirror}: {outcomes.found_share:.0%} found a twin of the target "
            f"({sum(1 for code in counts if code >= 0)} different twins), {stuck / n:.0%} stuck, "
            f"{counts.get(DIVERGED, 0) / n:.0%} diverged.")


def _map_table(result, outcomes) -> pd.DataFrame:
    """The map's data as its CSV export: one row per start (cached; the figure's own points say less)."""
    return cached.derived("map_table", result.spec,
                          lambda: pd.DataFrame(map_rows(result, outcomes), columns=list(MAP_COLUMNS)))


def _summary(result, outcomes) -> None:
    counts, n = outcomes.counts(), len(outcomes.codes)
    twins_reached = sum(1 for code in counts if code >= 0)
    st.metric("Starts on the map", f"{n:,}")
    st.metric("Found the target", f"{outcomes.found_share:.0%}", help=f"{twins_reached} different twins reached")
    stuck = counts.get(STUCK, 0) + counts.get(STUCK_MERGED, 0)
    st.metric("Stuck / diverged", f"{stuck / n:.0%} / {counts.get(DIVERGED, 0) / n:.0%}")


def _map_explainer(result, merged: bool) -> None:
    if result.symmetry is None:
        st.info("This slice is not mirrored by swapping two units (its axes are different kinds of coordinates, "
                "the ranges differ, or units 1 and 2 differ elsewhere), so the map has no mirror line.")
        return
    a, b = result.symmetry.units
    st.markdown(
        f"*[RECON]* Swapping units {a} and {b} maps the start ({result.spec.x_key}, {result.spec.y_key}) = (x, y) "
        "to (y, x), and "
        "gradient descent commutes with the swap. So the map is its own mirror image across the dashed line, with "
        "each twin exchanged for its swapped twin. **On** the line the two units are identical; they get identical "
        "updates forever, so those starts end *stuck: units merged*. "
        + ("With twins merged, the mirror halves have one colour: they found the same function." if merged else
           "Turn on **Merge twins**: the mirror halves collapse to one colour, because they found the same function.")
    )


def animation_section(result, outcomes, merged: bool) -> None:
    st.header("Watch it train")
    whose = "the target's twins" if result.spec.task == TEACHER else "the best fit's twins"
    st.caption("Press Play. Left: the loss of every start at step t. Right: a sample of starts moving through the "
               "slice (their other parameters move too, out of view), coloured by where they end; stars mark where "
               f"{whose} sit in this plane.")
    fig = cached.derived("animation", (result.spec, merged),
                        lambda: animation_figure(result, outcomes, outcomes.twins.vectors, merged=merged))
    charts.show(fig, "init.animation", name="init training animation", width="stretch", alt=(
        f"Animation over {len(result.frame_steps)} recorded steps (0 to {int(result.frame_steps[-1])}): left, the "
        f"loss of all {len(outcomes.codes):,} starts falling as training runs; right, "
        f"{len(result.trajectory_cells)} sampled starts moving through the slice to where they end, "
        f"{outcomes.found_share:.0%} of all starts at a twin of the target."))


def shortcut_section(result, outcomes) -> None:
    st.header("The symmetry shortcut")
    if result.symmetry is None:
        st.info("No shortcut here: this slice is not mapped to itself by a unit swap, so every start was trained.")
        return
    trained, total = int(result.trained.sum()), result.trained.size
    if trained == total:
        st.info("The shortcut is off (sidebar), so every start was trained. Turn it on to train only the "
                "representative half.")
        return
    saving = result.network_steps_full / result.network_steps_trained
    st.markdown(
        f"*[OURS]* Practising what the lesson preaches: gradient descent commutes with the swap *[RECON]*, so we "
        f"trained only the **{trained:,}** starts of the representative "
        f"half ({result.spec.x_key} ≥ {result.spec.y_key}, dotted triangle) and obtained the other "
        f"**{total - trained:,}** by swapping the units of their mirror start's run. That is "
        f"**{result.network_steps_trained:,}** network-steps instead of **{result.network_steps_full:,}**: "
        f"**{saving:.2f}× fewer**."
    )
    if st.button("Verify: train the other half too and compare", key="init.verify"):
        full = cached.map_result(dataclasses.replace(result.spec, shortcut=False))
        full_outcomes = map_outcomes(full)
        st.session_state[VERIFIED] = (result.spec, compare_maps(outcomes.codes, full_outcomes.codes, result.final,
                                                                full.final, result.final_loss, full.final_loss))
    verified = st.session_state.get(VERIFIED)
    if verified and verified[0] == result.spec:
        _report_agreement(verified[1])


def _report_agreement(agreement) -> None:
    text = (f"{agreement.same_outcome:,} of {agreement.n_cells:,} starts have the same outcome; final parameters "
            f"differ by at most {agreement.max_param_difference:.1e} and final losses by at most "
            f"{agreement.max_loss_difference:.1e} (rounding: floating-point sums in a different order).")
    (st.success if agreement.identical else st.warning)(("Identical outcome map. " if agreement.identical else
                                                         "Not identical. ") + text)


def _stamped_json_text(json_text: str, origin: dict) -> str:
    return json.dumps(stamped_json(json.loads(json_text), origin["link"], origin["seeds"]), indent=1)


def export_section(result, outcomes) -> None:
    """Downloads of the whole map, stamped with the view's link and seeds (built only when pressed)."""
    origin, cols = provenance(), st.columns([1, 1, 4])
    table = _map_table(result, outcomes)
    cols[0].download_button("Map as CSV", lambda: stamped_csv(table, origin["link"], origin["seeds"]),
                            "init_map.csv", "text/csv", key="init.map_csv", on_click="ignore")
    cols[1].download_button("Map as JSON", lambda: _stamped_json_text(map_json(result, outcomes), origin),
                            "init_map.json", "application/json", key="init.map_json", on_click="ignore")


def width_section(link) -> None:
    st.header("Wider is easier?")
    st.markdown(
        "*[PAPER]* Wider networks are easier to train because the effective parameter space shrinks: "
        "*[RECON]* its share of the whole is 1/d! for one hidden layer of width d (right panel). "
        "*[OURS]* Our test of the consequence (left panel): a task that needs 3 hidden units (a 3-unit tanh teacher, "
        "40 points), N random starts per width and initialisation scheme, Adam for the set steps; a start "
        "*fits perfectly* when its final loss is below 10⁻³. Error bars: Wilson 95% intervals."
    )
    spec = width_controls(link)
    with shown_errors():
        check_width_spec(spec)
        _width_results(spec)


def _width_results(spec) -> None:
    precomputed = precomputed_for(spec)
    starts = f"{len(spec.schemes) * len(spec.widths) * spec.seeds:,} starts"
    run = st.button(f"Recompute the width sweep live ({starts})" if precomputed else f"Run the width sweep ({starts})",
                    key="init.experiment_run", type="primary")
    if run or cached.has("width", spec):
        result, source = cached.width_result(spec), "computed live on this server"
    elif precomputed is not None:
        result, source = precomputed, f"precomputed by {MADE_BY} with exactly these settings"
        st.info(f"Shown at once: **precomputed by `{MADE_BY}` with these settings** (the same core function as the "
                "button). Press **Recompute the width sweep live** to run it here (about half a minute).",
                icon=":material/history:")
    else:
        st.caption("Not run yet for these settings: the default takes about half a minute on two cores; "
                   "the result is kept for everyone.")
        return
    charts.show(cached.derived("width", (spec, source), lambda: width_figure(result)), "init.width_chart",
                name="init width sweep", alt=_width_alt(result), table=pd.DataFrame(width_rows(result)),
                width="stretch")
    _trend_report(result)
    _width_downloads(result, source)


def _width_alt(result) -> str:
    spec = result.spec
    curves = []
    for scheme in spec.schemes:
        rows = result.curve(scheme)
        best = max(rows, key=lambda row: row.share)
        curves.append(f"{SCHEME_LABELS[scheme]} {rows[0].share:.0%} at width {rows[0].width}, best {best.share:.0%} "
                      f"at width {best.width}, {rows[-1].share:.0%} at width {rows[-1].width}")
    return (f"Left: share of {spec.seeds} starts that fit perfectly against hidden width ({spec.steps} steps): "
            + "; ".join(curves) + ". Right: log10 of the effective-volume fraction 1/d!, falling from 0 at width 1 "
            f"to about {-sum(np.log10(np.arange(1, max(spec.widths) + 1))):.0f} at width {max(spec.widths)}.")


def _width_downloads(result, source: str) -> None:
    origin, cols = provenance(), st.columns([1, 1, 4])
    table = pd.DataFrame(width_rows(result))

    def document() -> str:  # built when pressed; says whether the curves were precomputed or live
        return _stamped_json_text(json.dumps({**json.loads(width_json(result)), "source": source}), origin)

    cols[0].download_button("Curves as CSV", lambda: stamped_csv(table, origin["link"], origin["seeds"]),
                            "init_width_sweep.csv", "text/csv", key="init.experiment_csv", on_click="ignore")
    cols[1].download_button("Curves as JSON", document, "init_width_sweep.json", "application/json",
                            key="init.experiment_json", on_click="ignore")


def _trend_report(result) -> None:
    trends = {scheme: trend(result, scheme) for scheme in result.spec.schemes}
    rising = [SCHEME_LABELS[s] for s, t in trends.items() if t == "rises"]
    not_rising = [SCHEME_LABELS[s] for s, t in trends.items() if t != "rises"]
    if rising:
        st.markdown(f"**In this run the share rises with width** (from the teacher's width to the widest, intervals "
                    f"not overlapping) for: {', '.join(rising)}.")
    if not_rising:
        st.markdown(f"**It does not rise** for: {', '.join(not_rising)}. "
                    + ("Constant starts keep every unit identical (see below), so no width helps them. "
                       if "constant" in trends else ""))
    if not rising:
        st.warning("In this run the curves do not rise as the paper's argument suggests. Try more steps or another "
                   "tolerance; we report what we measured.")
    if {"uniform", "representative"} <= set(trends):
        st.caption("Representative starts are the uniform starts with each unit sorted by bias (the same draws): "
                   "gradient descent carries the sorting along, so both curves agree. Starting inside the "
                   "representative region neither helps nor hurts; what the symmetry changes is how many "
                   "equivalent copies of the target there are to find.")


def _exact(value: float) -> str:
    return "0 (exactly)" if value == 0 else f"{value:.1e}"


def zero_section(link) -> None:
    st.header("Zero init never breaks symmetry")
    st.markdown(
        "*[RECON]* A start where all hidden units are identical is left unchanged by every swap of units, and "
        "gradient descent commutes with swaps, so the units receive identical updates at every step: the network "
        "stays a width-1 network in disguise. With all weights zero it is worse: only the output bias ever moves."
    )
    scheme, width = zero_controls(link)
    demo = cached.zero_demo(scheme, width)
    charts.show(cached.derived("zero", (scheme, width), lambda: zero_figure(demo)), "init.zero_chart",
                name="init zero init", width="stretch", alt=(
                    f"{width} hidden units started {'at zero' if scheme == 'zero' else 'identical'} and trained for "
                    f"{int(demo.steps[-1])} steps: their output curves lie on top of each other at every step shown "
                    f"(largest difference between units {_exact(demo.unit_spread.max())}); the network's output "
                    f"stays far from the 2-unit target (final loss {demo.final_loss:.3f})."))
    cols = st.columns(3)
    cols[0].metric("Largest difference between units", _exact(demo.unit_spread.max()),
                   help="Over all steps and all parameters of the units.")
    cols[1].metric("Gap to its width-1 version", _exact(demo.merged_gap.max()),
                   help="Largest difference, over all steps and training points, between the network and one unit "
                        "with the summed outgoing weight.")
    cols[2].metric("Final loss", f"{demo.final_loss:.3f}",
                   help="The width-1 version above is the same function at every step. A width-1 network trained "
                        "on its own would move differently (its merged unit learns at other rates), so its loss "
                        "is not this one.")
    st.caption(f"{width} units, drawn thickest first: you see one curve because they coincide. Neither network can "
               "fit the 2-unit target (loss far above 10⁻³).")
