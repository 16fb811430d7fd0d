"""The sections of the lesson "Where you start decides where you end": each draws what core computed."""

from __future__ import annotations

import dataclasses
import json

import pandas as pd
import streamlit as st

from core.exports.stamp import stamped_csv, stamped_json
from core.figures.init_animation import animation_figure
from core.figures.init_map import outcome_map
from core.figures.init_width import width_figure
from core.figures.init_zero import zero_figure
from core.init_regions.export import MAP_COLUMNS, map_json, map_rows, width_json, width_rows
from core.init_regions.map import computed_on, map_outcomes
from core.init_regions.map_words import (
    diagonal_sentence,
    map_alt,
    merge_sentence,
    mirror_sentence,
    percent,
    teacher_caption,
    zero_fit_sentence,
)
from core.init_regions.outcomes import DIVERGED, OTHER_FIT, STUCK, STUCK_MERGED
from core.init_regions.shipped import MADE_BY, floor_for, precomputed_for
from core.init_regions.shortcut import compare_maps
from core.init_regions.task import TEACHER, axis_symbol, check_map_spec
from core.init_regions.width_report import (
    floor_sentence,
    narrow_rows_sentence,
    success_rule,
    trend,
    trend_sentences,
    width_alt,
)
from core.init_regions.width_spec import check_width_spec
from pages.shared import charts, plain_words
from pages.shared.guard import shown_errors
from pages.shared.init_regions import cached
from pages.shared.init_regions.controls import map_view_controls, width_controls, zero_controls
from pages.shared.theory_link import theory_link
from pages.shared.url_sync import provenance

VERIFIED = "init.verified"  # specs whose shortcut map was checked against full training


def _symbols(spec) -> str:
    """'b₀[1], b₀[2]': the map's two axes as shown on screen (the link keys b1, b2 stay in links only)."""
    return f"{axis_symbol(spec.widths, spec.x_key)}, {axis_symbol(spec.widths, spec.y_key)}"


def intro() -> None:
    plain_words.markdown(
        "**What the paper claims.** *[PAPER, v1 abstract]* Because the parameter space is symmetric, a "
        "suitable "
        "random initialisation can raise the probability that optimisation converges. *[PAPER, abstract]* "
        "Wider "
        "networks are easier to train, because the volume of the effective parameter space shrinks as width "
        "grows; *[SUMMARY]* it shrinks by the factor $d_1!\\cdots d_L!$. *[SUMMARY]* The paper is "
        "theoretical: it "
        "reports "
        "no experiments."
    )
    plain_words.markdown(
        "**What this page is.** *[OURS]* Our own experiment, not the paper's: a grid of starting points, "
        "each trained "
        "with the same data and settings, coloured by where training ended. The twins, the mirror line and "
        "the "
        "shortcut follow from the symmetry of the parameter space *[RECON: standard mathematics, our "
        "reconstruction]*. "
        f"How a start is labelled: {theory_link('init-map')}; why training respects the symmetry: "
        f"{theory_link('training-symmetry')}."
    )


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
        charts.show(fig, "init.map", alt=map_alt(result, outcomes), name="init map of starts",
                    table=_map_table(result, outcomes), width="stretch")
        st.caption(outcomes.rule() + " " + theory_link("init-map"))  # the rule, stated once: under its colours
        st.caption(computed_on(result))  # which device trained it (the server's GPU when it has one)
    st.caption(teacher_caption(spec, outcomes) if spec.task == TEACHER else
               "No teacher here: the reference is the best fit on the map, and its twins are the targets. "
               "A low-loss fit that is not clearly at one of them counts as *low loss, not at a twin*.")
    _map_explainer(result, outcomes, merged, overlays)
    return result, outcomes, merged


def _map_table(result, outcomes) -> pd.DataFrame:
    """The map's data as its CSV export: one row per start (cached; the figure's own points say less)."""
    return cached.derived("map_table", result.spec,
                          lambda: pd.DataFrame(map_rows(result, outcomes), columns=list(MAP_COLUMNS)))


def _summary(result, outcomes) -> None:
    counts, n = outcomes.counts(), len(outcomes.codes)
    st.metric("Starts on the map", f"{n:,}")
    st.metric("At a twin of the target", percent(outcomes.twin_share),
              help=f"{outcomes.twins_reached} different twins reached, by the rule stated under the map.")
    st.metric("Low loss, not at a twin", percent(counts.get(OTHER_FIT, 0) / n),
              help="Final loss below the tolerance, but not clearly at any one twin: a low loss does not pin "
                   "the parameters down.")
    stuck = counts.get(STUCK, 0) + counts.get(STUCK_MERGED, 0)
    st.metric("Stuck / diverged", f"{percent(stuck / n)} / {percent(counts.get(DIVERGED, 0) / n)}")


def _map_explainer(result, outcomes, merged: bool, overlays: bool) -> None:
    if result.symmetry is None:
        st.info("This slice is not mirrored by swapping two units (its axes are different kinds of coordinates, "
                "the ranges differ, or units 1 and 2 differ elsewhere), so the map has no mirror line. "
                + merge_sentence(result, outcomes, merged))
        return
    a, b = result.symmetry.units
    plain_words.markdown(
        f"*[RECON]* Swapping units {a} and {b} maps the start ({_symbols(result.spec)}) = (x, y) "
        f"to (y, x), and gradient descent commutes with the swap. "
        f"{mirror_sentence(result, outcomes, line_drawn=overlays)} "
        "**On** the line the two units are identical; they get identical "
        f"updates forever: {diagonal_sentence(result, outcomes)} {merge_sentence(result, outcomes, merged)}"
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
        f"{percent(outcomes.twin_share)} of all starts at a twin of the target."))


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
    plain_words.markdown(
        f"*[OURS]* Practising what the lesson preaches: gradient descent commutes with the swap *[RECON]*, "
        "so we "
        f"trained only the **{trained:,}** starts of the representative "
        f"half ({' ≥ '.join(_symbols(result.spec).split(', '))}, dotted triangle) and obtained the other "
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
    plain_words.markdown(
        "**What the paper claims.** *[PAPER, abstract]* Wider networks are easier to train, because the "
        "volume of "
        "the effective parameter space shrinks as width grows. The paper argues this in theory; "
        "*[SUMMARY]* it reports no experiments. " + theory_link("effective-volume", "the volume argument")
    )
    plain_words.markdown(
        "**What we measure.** *[OURS]* Our own experiment, not a test of the volume argument: how often "
        "training "
        "from a random start *recovers the function* of a fixed 3-unit tanh teacher (40 noise-free "
        "training points), "
        "per student width and initialisation scheme, after three step budgets (Adam). It says how easy this "
        "particular training problem is at each width; it cannot measure a volume of parameter space. "
        + theory_link("width-experiment", "how the experiment is defined")
    )
    spec = width_controls(link)
    with shown_errors():
        check_width_spec(spec)
        plain_words.markdown("The rule: " + success_rule(spec.tolerance) + ". Error bars: Wilson 95% intervals.")
        floors, shipped = floor_for(spec.task, spec.n_points)  # shipped for the lesson: no 4 s wait
        where = f" *(Precomputed by `{MADE_BY}`.)*" if shipped else " *(Computed live on this server.)*"
        plain_words.markdown(floor_sentence(floors, spec.tolerance) + where)
        _width_results(spec)


def _width_results(spec) -> None:
    precomputed = precomputed_for(spec)
    starts = f"{len(spec.schemes) * len(spec.widths) * spec.seeds:,} starts"
    run = st.button(f"Recompute the width experiment live ({starts})" if precomputed
                    else f"Run the width experiment ({starts})", key="init.experiment_run", type="primary")
    if run or cached.has("width", spec):
        result, source = cached.width_result(spec), "computed live on this server"
    elif precomputed is not None:
        result, source = precomputed, f"precomputed by {MADE_BY} with exactly these settings"
        st.info(f"Shown at once: **precomputed by `{MADE_BY}` with these settings** (the same core function as the "
                "button). Press **Recompute the width experiment live** to run it here (about half a minute).",
                icon=":material/history:")
    else:
        st.caption("Not run yet for these settings: the default takes about half a minute on two cores; "
                   "the result is kept for everyone.")
        return
    charts.show(cached.derived("width", (spec, source), lambda: width_figure(result)), "init.width_chart",
                name="init width experiment", alt=width_alt(result), table=pd.DataFrame(width_rows(result)),
                width="stretch")
    _trend_report(result)
    _width_downloads(result, source)


def _width_downloads(result, source: str) -> None:
    origin, cols = provenance(), st.columns([1, 1, 4])
    table = pd.DataFrame(width_rows(result))

    def document() -> str:  # built when pressed; says whether the curves were precomputed or live
        return _stamped_json_text(json.dumps({**json.loads(width_json(result)), "source": source}), origin)

    cols[0].download_button("Curves as CSV", lambda: stamped_csv(table, origin["link"], origin["seeds"]),
                            "init_width_experiment.csv", "text/csv", key="init.experiment_csv", on_click="ignore")
    cols[1].download_button("Curves as JSON", document, "init_width_experiment.json", "application/json",
                            key="init.experiment_json", on_click="ignore")


def _trend_report(result) -> None:
    spec = result.spec
    trends = {(scheme, budget): trend(result, scheme, budget) for scheme in spec.schemes for budget in spec.budgets}
    plain_words.markdown(narrow_rows_sentence(result))
    for sentence in trend_sentences(result, trends):
        plain_words.markdown(sentence)
    plain_words.detail(
        "What this shows and what it does not: how often *this* optimiser, from *these* random starts, reaches the "
        "teacher's function within each budget. A student wider than the teacher has whole continuous families of "
        "parameter vectors with the teacher's function (spare units can be switched off or split), not just the "
        "teacher's twins, so a success here is a function recovered, not a twin found. The volume argument of the "
        "paper is about parameter space and is not measured here."
    )


def _exact(value: float) -> str:
    return "0 (exactly)" if value == 0 else f"{value:.1e}"


def _final_loss_help(demo, gap: float) -> str:
    """The Final-loss tooltip, from what was measured (a constant function, or units merged into one)."""
    if demo.units_silent:
        return "Mean squared error on the training points of the constant function the network stays."
    return (("The width-1 version is the same function at every step (gap 0). " if gap == 0 else
             f"The width-1 version differs by up to {gap:.1e}. ")
            + "A width-1 network trained on its own would move differently (its merged unit learns at other "
              "rates), so its loss is not this one.")


def zero_section(link) -> None:
    st.header("Zero init never breaks symmetry")
    plain_words.markdown(
        "*[RECON]* A start where all hidden units are identical is left unchanged by every swap of units, and "
        "gradient descent commutes with swaps, so the units receive identical updates at every step: the "
        "network "
        "stays a width-1 network in disguise. With all weights zero it is worse: only the output bias ever "
        "moves."
    )
    scheme, width = zero_controls(link)
    demo = cached.zero_demo(scheme, width)
    spread, gap = float(demo.unit_spread.max()), float(demo.merged_gap.max())  # the words below follow these
    charts.show(cached.derived("zero", (scheme, width), lambda: zero_figure(demo)), "init.zero_chart",
                name="init zero init", width="stretch", alt=(
                    f"{width} hidden units started {'at zero' if scheme == 'zero' else 'identical'} and trained for "
                    f"{int(demo.steps[-1])} steps: their output curves "
                    + ("stay exactly 0 at every step (the network is a constant function)" if demo.units_silent else
                       "lie on top of each other at every step shown" if spread == 0 else "do not coincide exactly")
                    + f" (largest difference between units {_exact(spread)}); the network's output "
                    f"ends with final loss {demo.final_loss:.3f} against the 2-unit target."))
    cols = st.columns(3)
    cols[0].metric("Largest difference between units", _exact(demo.unit_spread.max()),
                   help="Over all steps and all parameters of the units.")
    if demo.units_silent:  # measured: the network is the constant b_1, not a working unit in disguise
        cols[1].metric("Largest hidden-unit weight", _exact(float(demo.hidden_size.max())),
                       help="Over all steps: every incoming weight, bias and outgoing weight of every hidden unit. "
                            "All stay 0, so the network is a constant function.")
    else:
        cols[1].metric("Gap to its width-1 version", _exact(demo.merged_gap.max()),
                       help="Largest difference, over all steps and training points, between the network and one "
                            "unit with the summed outgoing weight.")
    cols[2].metric("Final loss", f"{demo.final_loss:.3f}", help=_final_loss_help(demo, gap))
    st.caption(f"{width} units, drawn thickest first: "
               + ("you see one curve because they coincide. " if spread == 0 else
                  f"they differ by up to {spread:.1e}, so their curves may separate. ")
               + zero_fit_sentence(demo))
