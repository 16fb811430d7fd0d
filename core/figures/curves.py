"""Loss and accuracy per step, train and test, with unified hover read-outs."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from core.figures.theme import TEST_LINE, TRAIN_LINE, base_layout

if TYPE_CHECKING:
    from core.engine.train import History


LEGEND_ROOM = 60  # px under the step axis's title for the legend (one row; Plotly adds room for more on a phone)

# One look per trace: colour says train or test, the dash (and, for accuracy, a marker) says loss or
# accuracy, so no two legend entries look alike (train loss and train accuracy once did).
STYLES = {
    ("train", "loss"): dict(line=dict(color=TRAIN_LINE, dash="solid"), mode="lines"),
    ("test", "loss"): dict(line=dict(color=TEST_LINE, dash="dash"), mode="lines"),
    ("train", "accuracy"): dict(line=dict(color=TRAIN_LINE, dash="dot"), mode="lines+markers",
                                marker=dict(symbol="circle", size=7, maxdisplayed=12)),
    ("test", "accuracy"): dict(line=dict(color=TEST_LINE, dash="dashdot"), mode="lines+markers",
                               marker=dict(symbol="square", size=7, maxdisplayed=12)),
}


def training_curves(history: History, *, total_steps: int | None = None) -> go.Figure:
    """Loss (log scale) on top and, for classification, accuracy below, against the step."""
    has_accuracy = bool(history.train_accuracy)
    fig = make_subplots(rows=2 if has_accuracy else 1, cols=1, shared_xaxes=True, vertical_spacing=0.08)
    steps = np.arange(len(history.train_loss))
    series = [("train", history.train_loss, history.train_accuracy),
              ("test", history.test_loss, history.test_accuracy)]
    for name, loss, accuracy in series:
        if loss:
            fig.add_trace(go.Scatter(x=steps, y=loss, name=f"{name} loss", hovertemplate="%{y:.4f}",
                                     **STYLES[name, "loss"]), row=1, col=1)
        if has_accuracy and accuracy:
            fig.add_trace(go.Scatter(x=steps, y=accuracy, name=f"{name} accuracy", showlegend=True,
                                     hovertemplate="%{y:.1%}", **STYLES[name, "accuracy"]), row=2, col=1)
    # The legend goes under the plot, at the figure's foot: over the plot it hid the curves, and on a phone it
    # sat under the modebar's icons. The bottom margin holds the step axis's title and a row of legend.
    fig.update_layout(**base_layout(height=(360 if has_accuracy else 260) + LEGEND_ROOM, hovermode="x unified",
                                    margin=dict(l=40, r=20, t=40, b=40 + LEGEND_ROOM),
                                    legend=dict(orientation="h", xref="container", x=0.02, xanchor="left",
                                                yref="container", y=0, yanchor="bottom")))
    ticks = [m * 10.0**e for e in range(-6, 4) for m in (1, 2, 5)]  # 1-2-5 labels, all in full
    fig.update_yaxes(title="loss", type="log", tickvals=ticks, ticktext=[f"{t:g}" for t in ticks], row=1, col=1)
    if has_accuracy:
        fig.update_yaxes(title="accuracy", range=[0, 1.02], tickformat=".0%", row=2, col=1)
    fig.update_xaxes(title="step", row=2 if has_accuracy else 1, col=1,
                     range=[0, max(total_steps or 0, len(steps) - 1, 1)])
    return fig
