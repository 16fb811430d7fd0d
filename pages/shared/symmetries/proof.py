"""The animated move and the proof panel: same function (max |Δf|), different weights (‖θ − θ′‖)."""

from __future__ import annotations

import streamlit as st

from core.engine.data import CLASSIFICATION
from core.engine.presets import TrainedNetwork
from core.figures.symmetry_proof import difference_figure, surface_figure
from core.symmetry.lesson import LessonResult
from core.symmetry.moves import describe
from pages.shared.charts import show
from pages.shared.symmetries import cached, labels

SAME = 1e-12  # float64 rounding on these networks is ~1e-15; anything this small is "the same function"


def _movie(network: TrainedNetwork, result: LessonResult):
    history = tuple(move.spec for move in result.moves)
    return cached.movie(network.params, network.activation, network.train, network.test, history)


def _movie_alt(network: TrainedNetwork, result: LessonResult) -> str:
    arch = "-".join(map(str, network.params.widths))
    stored = (f"Every weight matrix and bias of the {arch} {network.activation} network as stored, one coloured cell "
              "per weight (blue positive, orange negative; hover a cell for its signed value)")
    move = result.last_move
    if move is None:
        return stored + ", with a thumbnail of what each hidden unit computes."
    return (stored + f"; the animation moves the cells for move {len(result.moves)}, {describe(move.spec)}, which "
            + ("is a symmetry." if move.is_symmetry else "is broken on purpose."))


def movie(network: TrainedNetwork, result: LessonResult) -> None:
    move = result.last_move
    alt = _movie_alt(network, result)
    if move is None:
        show(_movie(network, result), "sym.movie", alt=alt, name="weights as stored")
        st.caption("Every weight matrix W and bias b as stored: one row per unit of the next layer, blue positive, "
                   "orange negative; next to each hidden unit, a thumbnail of what it computes over the input plane. "
                   "Choose a move and press **Apply move**.")
        return
    show(_movie(network, result), "sym.movie", alt=alt, name=f"move {len(result.moves)} animated")
    verdict = "a symmetry" if move.is_symmetry else "**broken on purpose**"
    st.caption(f"Move {len(result.moves)}: {describe(move.spec)} ({verdict}). Press **▶ Play the move** or drag the "
               "slider: rows, columns, biases and unit thumbnails travel to their new places; bold numbers mark the "
               "units the move touched; hover a cell for its old and new value.")


def _verdict(result: LessonResult) -> None:
    proof, n_moves = result.proof, len(result.moves)
    if n_moves == 0:
        st.info("No move yet: θ′ = θ. Apply a move above, then compare.", icon=":material/info:")
    elif proof.gap <= SAME:
        agree = "exactly" if proof.gap == 0 else f"to {proof.gap:.1e}, which is float64 rounding,"
        st.success(f"**Same function, different weights.** The outputs agree {agree} while the weights moved by "
                   f"{proof.parameter_distance:.2f}. The difference map stays blank.", icon=":material/check_circle:")
    else:
        st.error(f"**Different function.** The outputs differ by up to {proof.gap:.2g}: the move was done wrongly "
                 "(see *How*), so the network now computes something else. The difference map lights up where. "
                 "Undo, or Reset.", icon=":material/warning:")


def _legend(network: TrainedNetwork) -> None:
    if network.train.task == CLASSIFICATION:
        st.caption("Surfaces: the network's P(class 1), from orange (0) through white to blue (1), black line at 0.5; "
                   "markers are the data (filled: train, hollow: test). Difference map: white where the two outputs "
                   "agree, purple where they differ (full purple at 1 or more); hover for exact values.")
    else:
        st.caption("Curves: the network's output f(x) with the data; the difference plot shows |f_θ(x) − f_θ′(x)|.")


def proof_panel(network: TrainedNetwork, result: LessonResult) -> None:
    proof, n_moves = result.proof, len(result.moves)
    cols = st.columns(4)
    cols[0].metric("max |f_θ − f_θ′|", f"{proof.gap:.1e}", help="Over the dense grid and every data point.")
    cols[1].metric("on the data only", f"{proof.data_gap:.1e}")
    cols[2].metric("‖θ − θ′‖", f"{proof.parameter_distance:.3f}", help="How far the weights moved (Euclidean).")
    cols[3].metric("moves applied", f"{n_moves}")
    side = int(round(proof.n_grid ** 0.5)) if proof.ys is not None else None
    grid = f"a {side}×{side} grid" if side else f"{proof.n_grid:,} points"
    labels.check(f"measured here in float64. θ = the network you started with, θ′ = the network after {n_moves} "
                 f"move(s); max |f_θ − f_θ′| over {grid} covering the plotted region ({proof.n_grid:,} points) and "
                 f"over all {proof.n_data} data points; ‖θ − θ′‖ is the Euclidean distance of all weights and biases.")
    same = ("the same picture" if proof.gap <= SAME
            else f"a different picture (outputs differ by up to {proof.gap:.2g})")
    what = "P(class 1) over the input plane with the data" if network.train.task == CLASSIFICATION else \
        "the output f(x) with the data"
    before, after = st.columns(2)
    with before:
        show(surface_figure(network.params, network.activation, network.train, network.test, title="Before: f_θ"),
             "sym.before", name="before f_theta", alt=f"Before the moves: the network's {what}.")
    with after:
        show(surface_figure(result.current, network.activation, network.train, network.test, title="After: f_θ′"),
             "sym.after", name="after f_theta prime",
             alt=f"After {n_moves} move(s): the network's {what}, {same}.")
    difference, words = st.columns(2)
    with difference:
        show(difference_figure(proof), "sym.difference", name="difference map",
             alt=f"Where the two networks' outputs differ: largest difference {proof.gap:.1e} over {proof.n_grid:,} "
                 f"points{' (blank: no difference)' if proof.gap <= SAME else ''}.")
    with words:
        _verdict(result)
        _legend(network)
