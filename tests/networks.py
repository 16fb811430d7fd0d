"""A TrainedNetwork around given weights, as the Train lesson would publish it (for page tests)."""

from __future__ import annotations

from core.engine.experiment import Experiment, make_split
from core.engine.mlp import Params
from core.engine.presets import TrainedNetwork


def network_of(params: Params, activation: str, *, step: int) -> TrainedNetwork:
    """``params`` with the default experiment's data split, as if trained ``step`` steps."""
    train, test = make_split(Experiment())
    return TrainedNetwork(params, activation, train, test, None, step)
