"""The sections of the lesson "Two runs, one valley": controls, then what core computed, drawn."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core import limits
from core.figures.valley import line_figure, receptive_field_figure, width_figure
from core.links.valley import LIVE_ACTIVATIONS, LIVE_WIDTHS
from core.valley import words
from core.valley.live_pair import LivePair
from core.valley.shipped import ShippedStudy
from pages.shared import charts, plain_words
from pages.shared.theory_link import theory_link
from pages.shared.valley import cached


def intro() -> None:
    plain_words.markdown(
        "Train two networks on the same handwritten digits, from two different random starts. Walk along the "
        "straight line between their weights, $\\theta_t = (1 - t)\\,\\theta_A + t\\,\\theta_B$: does the test "
        "loss rise in the middle (a barrier)? Then reorder B's hidden units so they line up with A's (weight "
        "matching): B's answers do not change at all. Walk the line again and compare; the sentences under the "
        f"chart say what this pair shows ({theory_link('alignment')}; {theory_link('provenance-labels')})."
    )


def pair_controls(link) -> tuple[int, str, int]:
    """Width, activation and seed of the live pair (each a setting of the page's link)."""
    left, middle, right = st.columns(3)
    with left:
        width = link.control("width", st.select_slider, "Hidden units", options=list(LIVE_WIDTHS),
                             help="One hidden layer: 64 pixels in, this many hidden units, 10 digits out.")
    with middle:
        activation = link.control("act", st.radio, "Activation", list(LIVE_ACTIVATIONS), horizontal=True,
                                  help="For tanh, matching may also flip a unit's signs (tanh is odd).")
    with right:
        seed = link.control("seed", st.number_input, "Seed pair", *limits.SEED, step=1, format="%d",
                            help="Networks A and B start from two random draws of this seed. Seed 0 is the "
                                 "shipped study's first pair.")
    return width, activation, int(seed)


def _line_table(pair: LivePair) -> pd.DataFrame:
    before, after = pair.comparison.before, pair.comparison.after
    return pd.DataFrame({"t": before.ts, "test_loss_before": before.loss, "test_loss_after": after.loss,
                         "test_accuracy_before": before.accuracy, "test_accuracy_after": after.accuracy})


def two_runs_section(width: int, activation: str, seed: int) -> LivePair:
    """Train (or fetch) the pair and draw the line before and after matching, with its computed sentences."""
    st.header("Two runs")
    pair = cached.live_pair(width, activation, seed)
    comparison = pair.comparison
    what = "permutations and sign flips" if activation == "tanh" else "permutations"
    widths = "-".join(map(str, comparison.alignment.aligned.widths))  # the networks on screen, e.g. 64-32-10
    plain_words.caption(f"*[OURS]* Networks {widths}, {activation}, {pair.spec.steps} full-batch "
                        f"{pair.spec.optimizer} steps on {pair.spec.dataset}; matching searched {what} of B's "
                        f"hidden units. Losses and accuracies are on the {len(comparison.before.ts)} points of "
                        "the line, on the held-out test images.")
    charts.show(line_figure(comparison.before, comparison.after), "valley.chart.line", name="valley line",
                table=_line_table(pair), width="stretch",
                alt=(f"Test loss and accuracy along the line from network A to network B at "
                     f"{len(comparison.before.ts)} points. Before matching the loss barrier is "
                     f"{words.number(comparison.before.loss_barrier)}, after matching "
                     f"{words.number(comparison.after.loss_barrier)}."))
    plain_words.markdown(words.barrier_sentence(comparison))
    plain_words.markdown(words.accuracy_sentence(comparison))
    plain_words.caption(words.ends_sentence(comparison))
    context = words.shipped_context_sentence(cached.shipped(), activation, width, seed)
    if context is not None:
        plain_words.caption(context)
    return pair


def _fields_table(pair: LivePair) -> pd.DataFrame:
    fields = pair.fields
    return pd.DataFrame({"place": range(1, len(fields.perm) + 1),
                         "b_unit": [unit + 1 for unit in fields.perm],
                         "sign": [fields.signs[unit] for unit in fields.perm]})


def receptive_fields_section(pair: LivePair) -> None:
    st.header("Receptive fields")
    plain_words.caption("Each tile is one hidden unit's 64 input weights drawn as the 8×8 image it responds to "
                        "(blue positive, orange negative, each tile scaled by its own largest weight). Rows come in "
                        "threes: A's units; B's units after matching, each placed right under the A unit it was "
                        "matched to; and B's units in their own order, as trained.")
    fields = pair.fields
    charts.show(receptive_field_figure(fields), "valley.chart.fields", name="valley receptive fields",
                table=_fields_table(pair), width="stretch",
                alt=(f"{len(fields.perm)} first-layer units of network A, of network B after matching and of B as "
                     "trained, each as an 8 by 8 weight image; which unit of B went to which place is said below."))
    plain_words.markdown(words.permutation_sentence(fields))
    plain_words.markdown(words.similarity_sentence(fields))


def _width_table(study: ShippedStudy) -> pd.DataFrame:
    rows = []
    for cell in study.cells:
        before, after = cell.summary["loss_before"], cell.summary["loss_after"]
        rows.append({"activation": cell.activation, "width": cell.width, "before_mean": before[0],
                     "before_low": before[1], "before_high": before[2], "after_mean": after[0],
                     "after_low": after[1], "after_high": after[2], "diverged": cell.diverged})
    return pd.DataFrame(rows)


def width_section() -> None:
    st.header("Against width")
    study = cached.shipped()
    spec = study.spec
    plain_words.caption(f"*[OURS]* Precomputed: {spec.pairs} seed pairs at each width, for "
                        f"{' and '.join(spec.activations)}, the same training as above; mean over the pairs with "
                        "its 95% interval (Student t; a barrier cannot be negative, so the low end is clipped at "
                        "0). Computed on "
                        f"{study.provenance['date']} ({study.provenance['machine']}).")
    charts.show(width_figure(study.cells, spec.activations), "valley.chart.width", name="valley barrier vs width",
                table=_width_table(study), width="stretch",
                alt=(f"The test-loss barrier against hidden width ({', '.join(map(str, sorted(spec.widths)))} "
                     f"units), one panel per activation ({', '.join(spec.activations)}), before and after matching, "
                     "each point the mean over the seed pairs with its 95% interval; the numbers are in the "
                     "sentences under the chart and in its CSV export."))
    left, right = st.columns(2)
    with left:
        st.markdown("**What the papers report**")
        plain_words.markdown(words.paper_sentence())
        plain_words.markdown(words.setting_sentence(study))
    with right:
        st.markdown("**What we measure**")
        for activation in spec.activations:
            plain_words.markdown(words.width_sentence(study, activation))
        plain_words.markdown(words.before_also_falls_sentence(study))
