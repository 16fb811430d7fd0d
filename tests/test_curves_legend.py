"""The loss chart's legend sits under the plot, never over the curves or under the modebar (issue 20 walk,
defect 2: on a phone it covered the curves; the browser check is in tests/test_browser_train_player.py)."""

from core.engine.train import History
from core.figures.curves import training_curves

TITLE_ROOM = 40  # px under the plot area for the step axis's ticks and title


def test_the_legend_is_anchored_under_the_plot_area():
    for history in (History(train_loss=[1.0, 0.5], test_loss=[1.1, 0.6], train_accuracy=[0.5, 0.7],
                            test_accuracy=[0.5, 0.6]),
                    History(train_loss=[1.0, 0.5], test_loss=[1.1, 0.6], train_accuracy=[], test_accuracy=[])):
        layout = training_curves(history, total_steps=10).layout
        legend = layout.legend
        assert (legend.orientation, legend.yref, legend.yanchor) == ("h", "container", "bottom")
        # Its bottom row at the figure's foot; the plot area ends margin.b px above the foot: a row of
        # entries (about 20 px) fits between the foot and the axis title's room.
        assert legend.y * layout.height + 20 <= layout.margin.b - TITLE_ROOM
