"""Figure builders: the numbers drawn are the numbers computed."""

import numpy as np
import pytest

from core import rng
from core.engine import init_schemes, mlp
from core.engine.grids import input_grid
from core.engine.train import History
from core.figures.curves import training_curves
from core.figures.decision import dataset_preview, decision_figure
from core.figures.network import network_figure, node_positions
from core.figures.units import TILE, unit_thumbnails


@pytest.fixture
def net():
    return init_schemes.init_params((2, 5, 3, 1), scheme="uniform", scale=1.0, rng=rng.stream(0, "init"))


def test_decision_heatmap_is_the_networks_probability(net, moons):
    train, test = moons
    fig = decision_figure(net, "tanh", train, test, resolution=30)
    heatmap = next(t for t in fig.data if t.type == "heatmap")
    _, _, points = input_grid([heatmap.x[0], heatmap.y[0]], [heatmap.x[-1], heatmap.y[-1]], 30)
    expected = 1 / (1 + np.exp(-mlp.forward(net, points, "tanh")[:, 0]))
    assert np.allclose(np.asarray(heatmap.z).ravel(), expected)
    markers = [t for t in fig.data if t.type == "scatter"]
    assert sum(len(t.x) for t in markers) == train.n_samples + test.n_samples


def test_probability_colour_bar_title_sits_beside_the_bar(net, moons):
    # On top of the bar the title "P(class 1)" overlapped the "1" tick (checked by rendering to PNG)
    heatmap = next(t for t in decision_figure(net, "tanh", *moons).data if t.type == "heatmap")
    assert heatmap.colorbar.title.text == "P(class 1)" and heatmap.colorbar.title.side == "right"


def test_regression_figure_draws_the_function(sine):
    params = init_schemes.init_params((1, 4, 1), rng=rng.stream(0, "init"))
    fig = decision_figure(params, "tanh", *sine)
    line = fig.data[0]
    assert np.allclose(line.y, mlp.forward(params, np.asarray(line.x)[:, None], "tanh")[:, 0])


def test_preview_shows_only_data(moons):
    fig = dataset_preview(*moons)
    assert {t.type for t in fig.data} == {"scatter"}


def test_network_diagram_has_every_edge_and_node(net):
    fig = network_figure(net)
    nodes = fig.data[-1]
    assert len(nodes.x) == sum(net.widths)
    edges = sum(len(t.x) // 3 for t in fig.data[:-1])  # each edge is x0, x1, None
    assert edges == sum(w.size for w in net.weights)
    assert len(node_positions((2, 7, 1))[1]) == 7


def test_thumbnails_hold_one_tile_per_hidden_unit(net, moons):
    fig = unit_thumbnails(net, "tanh", moons[0])
    labels = {label for label in np.asarray(fig.data[0].customdata).ravel() if label}
    assert labels == {f"layer {l}, unit {u}" for l, d in ((1, 5), (2, 3)) for u in range(1, d + 1)}
    z = np.asarray(fig.data[0].z, dtype=float)
    assert np.nanmax(np.abs(z)) <= 1.0 and np.sum(~np.isnan(z)) == 8 * TILE * TILE


def test_thumbnails_for_1d_data_are_curves(sine):
    params = init_schemes.init_params((1, 3, 1), rng=rng.stream(0, "init"))
    assert len(unit_thumbnails(params, "relu", sine[0]).data) == 3


def test_curves_show_every_recorded_step():
    history = History(train_loss=[1.0, 0.5, 0.25], test_loss=[1.1, 0.6, 0.3],
                      train_accuracy=[0.5, 0.7, 0.9], test_accuracy=[0.5, 0.6, 0.8])
    fig = training_curves(history, total_steps=10)
    names = [t.name for t in fig.data]
    assert names == ["train loss", "train accuracy", "test loss", "test accuracy"]
    assert list(fig.data[0].y) == [1.0, 0.5, 0.25]
    assert fig.layout.xaxis2.range == (0, 10)


def _look(trace: dict) -> tuple:
    line, marker = trace.get("line", {}), trace.get("marker", {})
    has_markers = "markers" in trace.get("mode", "lines")
    return line.get("color"), line.get("dash", "solid"), marker.get("symbol", "circle") if has_markers else None


def test_every_curve_has_its_own_look_in_the_legend():
    """Train loss and train accuracy were drawn alike (issue 20): no two traces share colour, dash and marker."""
    history = History(train_loss=[1.0, 0.5, 0.25], test_loss=[1.1, 0.6, 0.3],
                      train_accuracy=[0.5, 0.7, 0.9], test_accuracy=[0.5, 0.6, 0.8])
    traces = training_curves(history, total_steps=10).to_dict()["data"]
    looks = [_look(trace) for trace in traces]
    assert len(traces) == 4 and len(set(looks)) == 4, looks
    assert all(trace.get("showlegend", True) for trace in traces)
