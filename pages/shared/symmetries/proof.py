"""The animated move and the proof panel: same function (max |Δf|), different weights (‖θ − θ′‖)."""

from __future__ import annotations

import streamlit as st

from core.engine.data import CLASSIFICATION
from core.engine.presets import TrainedNetwork
from core.figures.symmetry_movie import least_side_by_side_width
from core.figures.symmetry_proof import difference_figure, surface_figure
from core.symmetry.lesson import LessonResult, proof_verdict
from core.symmetry.moves import describe
from core.symmetry.proof import SAME_FUNCTION as SAME
from core.symmetry.proof import gap_words
from pages.shared import figure_width, plain_words
from pages.shared.charts import show
from pages.shared.symmetries import cached, labels

MOVIE = "sym.movie"  # the weights figure's key (a scene's key_figure names it)
GAP_LABEL = "$\\max|f_\\theta - f_{\\theta'}|$"  # Streamlit labels typeset $…$ with KaTeX
LOGIT_GAP_LABEL = "$\\max|f_\\theta - f_{\\theta'}|$ (logit)"
PROBABILITY_GAP_LABEL = "max |ΔP(class 1)|"


def _movie(network: TrainedNetwork, result: LessonResult):
    """The weights figure in the layout its drawn width allows: side by side, or (a phone, a tablet's scene
    column) the layers stacked, so the cells and unit numbers stay legible (pages/shared/figure_width.py)."""
    history = tuple(move.spec for move in result.moves)
    stacked = figure_width.is_narrow(MOVIE, least_side_by_side_width(network.params.widths, network.train.input_dim))
    return cached.movie(network.params, network.activation, network.train, network.test, history, stacked)


def _movie_alt(network: TrainedNetwork, result: LessonResult) -> str:
    arch = "-".join(map(str, network.params.widths))
    stored = (f"Every weight matrix W and bias b of the {arch} {network.activation} network as stored, one row per "
              "unit of the next layer, one coloured cell per weight (blue positive, orange negative; hover a cell for "
              "its signed value)")
    move = result.last_move
    if move is None:
        return stored + ", with a thumbnail of what each hidden unit computes over the input plane."
    return (stored + f"; the animation moves the cells for move {len(result.moves)}, {describe(move.spec)}, which "
            + ("is a symmetry." if move.is_symmetry else "is broken on purpose."))


def movie(network: TrainedNetwork, result: LessonResult) -> None:
    move = result.last_move
    alt = _movie_alt(network, result)
    if move is None:
        # The figure's own caption (its alt text) already describes it: only the instruction is added here
        show(_movie(network, result), MOVIE, alt=alt, name="weights as stored")
        st.caption("Choose a move and press **Apply move**.")
        return
    show(_movie(network, result), MOVIE, alt=alt, name=f"move {len(result.moves)} animated")
    verdict = "a symmetry" if move.is_symmetry else "**broken on purpose**"
    st.caption(f"Move {len(result.moves)}: {describe(move.spec)} ({verdict}). Press **▶ Play the move** or drag the "
               "slider: rows, columns, biases and unit thumbnails travel to their new places; bold numbers mark the "
               "units the move touched; hover a cell for its old and new value.")


def _verdict(result: LessonResult) -> None:
    verdict = proof_verdict(result)  # every word follows a measured number (core.symmetry.lesson)
    icons = {"info": ":material/info:", "success": ":material/check_circle:", "error": ":material/warning:"}
    getattr(st, verdict.kind)(verdict.text, icon=icons.get(verdict.kind, ":material/warning:"))


def _legend(network: TrainedNetwork) -> None:
    if network.train.task == CLASSIFICATION:
        plain_words.detail("Surfaces: the network's P(class 1) = σ(f), from orange (0) through white to blue (1), "
                           "black line at 0.5; markers are the data (filled: train, hollow: test). Difference map: "
                           "$|f_\\theta - f_{\\theta'}|$ of the raw outputs (logits, before the sigmoid), white where "
                           "they agree, purple where they differ (full purple at 1 or more); hover for exact values. "
                           "The sigmoid flattens large logits, so a big logit gap can be a small change of P(class "
                           "1): both are measured above.")
    else:
        st.caption("Curves: the network's output f(x) with the data; the difference plot shows "
                   "$|f_\\theta(x) - f_{\\theta'}(x)|$.")


def proof_panel(network: TrainedNetwork, result: LessonResult) -> None:
    proof, n_moves = result.proof, len(result.moves)
    probability = proof.probability_gap  # None for regression: there f is what the plots show
    cols = iter(st.columns(4 if probability is None else 5))
    if probability is None:
        next(cols).metric(GAP_LABEL, f"{proof.gap:.1e}", help="Over the dense grid and every data point.")
    else:
        next(cols).metric(LOGIT_GAP_LABEL, f"{proof.gap:.1e}",
                          help="The raw output f (the logit, before the sigmoid); over the dense grid and every data "
                               "point.")
        next(cols).metric(PROBABILITY_GAP_LABEL, f"{probability:.1e}",
                          help="The largest change of P(class 1) = σ(f), what the surfaces show; over the dense grid "
                               "and every data point.")
    next(cols).metric("on the data only", f"{proof.data_gap:.1e}")
    next(cols).metric("‖θ − θ′‖", f"{proof.parameter_distance:.3f}", help="How far the weights moved (Euclidean).")
    next(cols).metric("moves applied", f"{n_moves}")
    side = int(round(proof.n_grid ** 0.5)) if proof.ys is not None else None
    grid = f"a {side}×{side} grid" if side else f"{proof.n_grid:,} points"
    labels.check(f"measured here in float64. θ = the network you started with, θ′ = the network after {n_moves} "
                 f"move(s); $\\max|f_\\theta - f_{{\\theta'}}|$ over {grid} covering the plotted region "
                 f"({proof.n_grid:,} points) and "
                 f"over all {proof.n_data} data points"
                 + ("" if probability is None else ", f being the raw output (logit, before the sigmoid), and the "
                    "same maximum for P(class 1) = σ(f)")
                 + "; ‖θ − θ′‖ is the Euclidean distance of all weights and biases.")
    same = "the same picture" if proof.gap <= SAME else f"a different function ({gap_words(proof)})"
    classification = network.train.task == CLASSIFICATION
    what = "P(class 1) over the input plane with the data" if classification else "the output f(x) with the data"
    # Plotly titles: <sub> is a subscript (no KaTeX inside a figure)
    before_title, after_title = ("Before: P(class 1) = σ(f<sub>θ</sub>)", "After: P(class 1) = σ(f<sub>θ′</sub>)") \
        if classification \
        else ("Before: f<sub>θ</sub>", "After: f<sub>θ′</sub>")
    before, after = st.columns(2)
    with before:
        show(surface_figure(network.params, network.activation, network.train, network.test, title=before_title),
             "sym.before", name="before f theta", alt=f"Before the moves: the network's {what}.")
    with after:
        show(surface_figure(result.current, network.activation, network.train, network.test, title=after_title),
             "sym.after", name="after f theta prime",
             alt=f"After {n_moves} move(s): the network's {what}, {same}.")
    difference, words = st.columns(2)
    with difference:
        outputs = "raw outputs (logits, before the sigmoid)" if classification else "outputs"
        show(difference_figure(proof), "sym.difference", name="difference map",
             alt=f"Where the two networks' {outputs} differ: largest difference {proof.gap:.1e} over {proof.n_grid:,} "
                 f"points{' (blank: no difference)' if proof.gap <= SAME else ''}.")
    with words:
        _verdict(result)
        _legend(network)
