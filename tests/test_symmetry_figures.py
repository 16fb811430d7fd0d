"""Figure builders of the symmetry lesson: what they draw is what the move did."""

import numpy as np
import plotly.graph_objects as go
import pytest

from core.engine.init_schemes import init_params
from core.figures.symmetry_barrier import barrier_figure
from core.figures.symmetry_gallery import (
    BLOCK_PX,
    HORIZONTAL_SPACING,
    NARROW_PER_ROW,
    PER_ROW,
    gallery_figure,
)
from core.figures.symmetry_movie import (
    COLOUR_LEVELS,
    MIN_CELL_PX,
    PIXELS,
    TILE_RES,
    least_side_by_side_width,
    move_movie,
    network_matrices,
)
from core.figures.symmetry_orbit import orbit_figure
from core.figures.symmetry_proof import difference_figure, surface_figure
from core.symmetry.barrier import barrier_study
from core.symmetry.group import random_symmetry
from core.symmetry.moves import MoveSpec, make_move
from core.symmetry.proof import prove
from core.symmetry.rescale_orbit import rescale_orbit

HOVER = COLOUR_LEVELS  # trace index of the invisible hover markers (after the colour-level fills)
SIGNS = COLOUR_LEVELS + 1  # the +/− glyphs


@pytest.fixture
def net():
    return init_params((2, 4, 3, 1), scheme="uniform", scale=1.5, rng=np.random.default_rng(0))


def squares(trace) -> int:
    """Number of cells drawn by a fill trace (each square ends with a NaN separator)."""
    return int(np.isnan(np.asarray(trace.x, dtype=float)).sum())


def test_movie_has_play_controls_and_opens_before_the_move(net, moons):
    move = make_move(net, "tanh", MoveSpec("swap", layer=1, unit=0, other=3))
    fig = move_movie(move, "tanh", moons[0])
    names = [frame.name for frame in fig.frames]
    assert len(names) == 13
    steps = fig.layout.sliders[0].steps
    assert [s.label for s in steps][0] == "before" and steps[-1].label == "after"
    play = fig.layout.updatemenus[0].buttons[0]
    assert play.method == "animate" and list(play.args[0]) == names
    np.testing.assert_array_equal(fig.data[HOVER].y, fig.frames[0].data[HOVER].y)


def test_rows_travel_to_their_new_places(net, moons):
    move = make_move(net, "tanh", MoveSpec("swap", layer=1, unit=0, other=3))
    fig = move_movie(move, "tanh", moons[0])
    first, last = np.asarray(fig.frames[0].data[HOVER].y), np.asarray(fig.frames[-1].data[HOVER].y)
    rows_w0 = np.repeat(np.arange(4), 2)  # W_0 is 4 x 2; its cells come first, row by row
    shift = first[:8] - rows_w0            # the block's top offset (plus half a cell)
    np.testing.assert_allclose(last[:8], shift + np.repeat([3, 1, 2, 0], 2), atol=1e-5)
    cols_x_first = np.asarray(fig.frames[0].data[HOVER].x)
    cols_x_last = np.asarray(fig.frames[-1].data[HOVER].x)
    w1 = slice(8 + 4, 8 + 4 + 12)          # after b_0: W_1 is 3 x 4, its columns are layer-1 units
    moved = cols_x_last[w1] - cols_x_first[w1]
    np.testing.assert_allclose(moved.reshape(3, 4), np.tile([3, 0, 0, -3], (3, 1)), atol=1e-5)


def test_every_cell_is_drawn_once_in_every_frame(net, moons):
    move = make_move(net, "tanh", MoveSpec("random_element", seed=3))
    fig = move_movie(move, "tanh", moons[0])
    cells = sum(w.size + b.size for w, b in zip(net.weights, net.biases))
    for frame in fig.frames:
        assert sum(squares(t) for t in frame.data[:COLOUR_LEVELS]) == cells


def test_sign_glyphs_follow_the_weights_signs(net, moons):
    move = make_move(net, "tanh", MoveSpec("flip", layer=2, unit=1))
    fig = move_movie(move, "tanh", moons[0])
    for frame, params in ((fig.frames[0], move.before), (fig.frames[-1], move.after)):
        values = np.concatenate([np.concatenate([w.ravel(), b]) for w, b in zip(params.weights, params.biases)])
        glyphs = list(frame.data[SIGNS].text)
        assert glyphs.count("+") == int((values > 0).sum()) and glyphs.count("−") == int((values < 0).sum())


def test_a_flip_passes_through_zero(net, moons):
    move = make_move(net, "tanh", MoveSpec("flip", layer=2, unit=1))
    fig = move_movie(move, "tanh", moons[0])
    middle = fig.frames[6]  # halfway: the flipped unit's weights are 0, drawn in the middle colour
    assert squares(middle.data[COLOUR_LEVELS // 2]) >= 4 + 1 + 1  # its row of W_1, its bias, its column of W_2


def test_thumbnails_follow_their_units(net, moons, sine):
    move = make_move(net, "tanh", MoveSpec("swap", layer=2, unit=0, other=2))
    fig = move_movie(move, "tanh", moons[0])
    canvases = [i for i, t in enumerate(fig.frames[0].data) if t.type == "heatmap"]
    assert len(canvases) == 2  # one canvas per hidden layer
    first, last = (np.asarray(fig.frames[i].data[canvases[1]].z) for i in (0, -1))
    top = 0  # a layer's canvas starts at its first row (layer 2's 3 units, centred in 4 rows: half a row down)
    assert fig.frames[0].data[canvases[1]].y0 == pytest.approx(0.5 + 0.5 / PIXELS) or fig.data[canvases[1]].y0 == \
        pytest.approx(0.5 + 0.5 / PIXELS)
    tile = first[top:top + TILE_RES, :TILE_RES]
    assert not np.isnan(tile).any()
    # unit 0 travels two rows down and arrives showing what it computed before: a symmetry
    np.testing.assert_allclose(last[top + 2 * PIXELS:top + 2 * PIXELS + TILE_RES, :TILE_RES], tile, atol=1e-6)
    one_d = init_params((1, 3, 1), scheme="uniform", scale=1.0, rng=np.random.default_rng(1))
    fig = move_movie(make_move(one_d, "tanh", MoveSpec("flip")), "tanh", sine[0])
    strip = np.asarray([t for t in fig.data if t.type == "heatmap"][0].z)[:TILE_RES, :TILE_RES]
    assert np.allclose(strip, strip[0])  # one input: the unit's curve as a colour strip


def test_still_matrices_have_no_animation(net, moons):
    fig = network_matrices(net, "relu", moons[0])
    assert not fig.frames and not fig.layout.sliders and not fig.layout.updatemenus


def test_difference_map_is_blank_for_a_twin_and_lights_up_when_broken(net, moons):
    _, twin = random_symmetry(net, "tanh", rng=np.random.default_rng(1))
    fig = difference_figure(prove(net, twin, "tanh", list(moons), dense=20, display=15))
    heat = fig.data[0]
    assert heat.zmin == 0 and heat.zmax == 1 and np.max(heat.z) <= 1e-12
    assert "max" in fig.layout.title.text
    broken = make_move(net, "tanh", MoveSpec("swap", layer=1, unit=0, other=1, variant="rows_only")).after
    lit = difference_figure(prove(net, broken, "tanh", list(moons), dense=20, display=15))
    assert np.max(lit.data[0].z) > 0.05


def test_difference_on_a_line_for_one_input(sine):
    net = init_params((1, 3, 1), scheme="uniform", scale=1.0, rng=np.random.default_rng(1))
    fig = difference_figure(prove(net, net, "tanh", list(sine), dense=20, display=15))
    assert isinstance(fig.data[0], go.Scatter)


def test_surface_figure_is_compact(net, moons):
    fig = surface_figure(net, "tanh", *moons, title="Before")
    assert fig.layout.height <= 360 and fig.layout.showlegend is False
    assert fig.data[0].type == "heatmap" and fig.data[0].showscale is False


def test_gallery_draws_each_network_and_its_output(net, moons):
    twins = [random_symmetry(net, "tanh", rng=np.random.default_rng(s))[1] for s in range(5)]
    fig = gallery_figure([net] + twins, [f"n{i}" for i in range(6)], "tanh", moons[0])
    outputs = [t for t in fig.data if t.type == "heatmap"]
    assert len(outputs) == 6
    for other in outputs[1:]:
        np.testing.assert_allclose(other.z, outputs[0].z, atol=1e-12)
    assert [a.text for a in fig.layout.annotations if a.text] == [f"n{i}" for i in range(6)]


@pytest.mark.parametrize("per_row", [PER_ROW, NARROW_PER_ROW])
def test_gallery_rows_hold_per_row_networks_with_their_titles_over_them(net, moons, per_row):
    """A phone's gallery has NARROW_PER_ROW columns: each title over its own diagram, titles of a row apart by
    the columns' width, and each column as wide as 1/per_row of the figure (less the gaps)."""
    twins = [random_symmetry(net, "tanh", rng=np.random.default_rng(s))[1] for s in range(5)]
    fig = gallery_figure([net] + twins, [f"n{i}" for i in range(6)], "tanh", moons[0], per_row=per_row)
    columns = sorted({round(fig.get_subplot(1, c + 1).xaxis.domain[0], 6) for c in range(per_row)})
    assert len(columns) == per_row
    width = fig.get_subplot(1, 1).xaxis.domain[1] - fig.get_subplot(1, 1).xaxis.domain[0]
    assert width == pytest.approx((1 - (per_row - 1) * HORIZONTAL_SPACING) / per_row)
    titles = [a for a in fig.layout.annotations if a.text]
    rows = -(-6 // per_row)
    assert fig.layout.height == BLOCK_PX * rows
    for index, title in enumerate(titles):  # centred over the diagram of its network
        domain = fig.get_subplot(2 * (index // per_row) + 1, index % per_row + 1).xaxis.domain
        assert title.x == pytest.approx((domain[0] + domain[1]) / 2)


def test_orbit_and_barrier_figures(net, moons):
    X = np.random.default_rng(0).uniform(-2, 2, (40, 2))
    curve = rescale_orbit(net, "relu", 1, 0, X, scales=np.array([0.5, 1.0, 2.0]))
    fig = orbit_figure(curve, 2.0, float(curve.parameter_distance[2]), float(curve.function_gap[2]))
    assert len(fig.data) == 3 and fig.layout.xaxis.type == "log"
    np.testing.assert_array_equal(fig.data[0].y, curve.parameter_distance)
    other = init_params((2, 4, 3, 1), scheme="uniform", scale=1.5, rng=np.random.default_rng(9))
    study = barrier_study(net, other, moons[0], "tanh", n_points=5)
    fig = barrier_figure(study)
    np.testing.assert_array_equal(fig.data[0].y, study.loss_before)
    np.testing.assert_array_equal(fig.data[1].y, study.loss_after)
    assert f"{study.barrier_before:.3f}" in fig.data[0].name


def test_big_networks_send_fewer_animation_frames():
    from core.figures.symmetry_movie import frame_count

    counts = [frame_count(n) for n in (100, 1_500, 1_501, 5_001, 20_001, 60_000)]
    assert counts == [13, 13, 7, 5, 2, 2]


def test_surface_figures_refuse_a_multi_output_network_instead_of_drawing_its_first_logit(moons, make_rng):
    from core.figures.decision import decision_figure

    three_logits = init_params((2, 5, 3), scheme="xavier", rng=make_rng(0))
    train, test = moons
    with pytest.raises(ValueError, match="this one has 3 output"):
        decision_figure(three_logits, "tanh", train, test)
    with pytest.raises(ValueError, match="this one has 3 output"):
        gallery_figure([three_logits], ["a"], "tanh", train)


def _cell_rows(fig, frame: int) -> np.ndarray:
    """The y of every cell's centre (the hover markers sit on the cells) in a frame."""
    return np.asarray(fig.frames[frame].data[HOVER].y, dtype=float)


@pytest.mark.parametrize("widths", [(2, 4, 3, 1), (1, 8, 8, 1), (2, 1, 1), (2, 5, 5, 5, 5, 1)])
def test_stacked_layers_sit_in_bands_of_their_own_and_keep_every_move(widths, moons, sine):
    """A narrow screen's layout: each W_k/b_k band under the previous one, never overlapping it, and the
    move's rows still travel to the same places as side by side (only the bands' offsets differ)."""
    net = init_params(widths, scheme="uniform", scale=1.5, rng=np.random.default_rng(2))
    data = (sine if widths[0] == 1 else moons)[0]
    move = make_move(net, "tanh", MoveSpec("random_element", seed=5))
    wide, stacked = move_movie(move, "tanh", data), move_movie(move, "tanh", data, stacked=True)
    assert (wide.layout.meta["layout"], stacked.layout.meta["layout"]) == ("side by side", "stacked")
    sizes = [w.size + b.size for w, b in zip(net.weights, net.biases)]
    for frame in (0, -1):
        bands = np.split(_cell_rows(stacked, frame), np.cumsum(sizes)[:-1])
        for upper, lower in zip(bands, bands[1:]):
            assert upper.max() + 1 < lower.min(), "a band overlaps (or touches) the one below it"
        # Within a band, the rows relative to its top are the side-by-side rows relative to theirs
        for side, band in zip(np.split(_cell_rows(wide, frame), np.cumsum(sizes)[:-1]),
                              np.split(_cell_rows(stacked, frame), np.cumsum(sizes)[:-1])):
            np.testing.assert_allclose(band - band.min(), side - side.min(), atol=1e-5)
    assert stacked.layout.yaxis.range[0] > max(_cell_rows(stacked, 0))
    _assert_everything_in_its_band(stacked, net, sizes)


def _assert_everything_in_its_band(fig, net, sizes) -> None:
    """Every block header, unit number and thumbnail of a stacked figure lies in its own band's room: headers
    and column numbers in the gap above their band (never over the band above), row numbers and thumbnails
    within their band's rows; the figure's cells get MIN_CELL_PX at the width it was planned for."""
    centres = np.split(_cell_rows(fig, 0), np.cumsum(sizes)[:-1])
    tops, bottoms = [c.min() - 0.5 for c in centres], [c.max() + 0.5 for c in centres]
    above = [fig.layout.yaxis.range[1]] + bottoms[:-1]  # what a band's header room starts below
    headers = [note for note in fig.layout.annotations]
    assert len(headers) == 2 * len(sizes) and {note.yref for note in headers} == {"y"}
    for k in range(len(sizes)):
        for note in headers[2 * k:2 * k + 2]:  # W_k and "b_k · layer k+1", bottom-anchored
            assert above[k] + 0.6 < note.y < tops[k], (note.text, note.y, above[k], tops[k])
    texts = [t for t in fig.data if t.type == "scatter" and t.mode == "text" and t.textfont.size == 11]
    rows = [t for t in texts if t.textposition == "middle right"]
    columns = [t for t in texts if t.textposition != "middle right"]
    for layer, (row, column) in enumerate(zip(rows, columns), start=1):
        assert tops[layer - 1] < min(row.y) and max(row.y) < bottoms[layer - 1]  # beside their own rows
        header = headers[2 * layer].y
        assert header + 0.2 < min(column.y) and max(column.y) < tops[layer]  # under W_l's header, over its rows
    for layer, canvas in enumerate((t for t in fig.data if t.type == "heatmap"), start=1):
        first = canvas.y0 - 0.5 / PIXELS
        assert first == pytest.approx(tops[layer - 1]) and len(canvas.z) == net.weights[layer - 1].shape[0] * PIXELS
    margins = fig.layout.margin.t + fig.layout.margin.b
    assert 300 <= fig.layout.height <= 1100
    assert (fig.layout.height - margins) / (bottoms[-1] + 0.8) >= MIN_CELL_PX or fig.layout.height == 300


def test_the_width_that_needs_stacking_grows_with_the_network_and_big_ones_never_stack():
    small, lesson, deep = (least_side_by_side_width(w, 2) for w in ((2, 3, 1), (2, 8, 8, 1), (2, 8, 8, 8, 1)))
    assert 0 < small < lesson < deep
    assert 390 < lesson < 600  # a phone (and a tablet's scene column) stacks the lesson's net; a desktop does not
    # A band of 16 or 32 units would get cells under MIN_CELL_PX stacked too: such networks stay side by side
    assert least_side_by_side_width((2, 16, 16, 1), 2) == least_side_by_side_width((2, 32, 32, 1), 2) == 0
    # Without thumbnails (an input of 4 features has no plane to draw) the same blocks need less width
    assert least_side_by_side_width((4, 8, 3), 4) < least_side_by_side_width((4, 8, 3), 2)


def test_still_matrices_stack_too(net, moons):
    fig = network_matrices(net, "relu", moons[0], stacked=True)
    assert fig.layout.meta["layout"] == "stacked" and not fig.frames
