"""Link schema of "Train a network": every control, both seeds, and where the run stands.

A link also carries the run's step and its learning-rate history, so opening it replays the
same run (seeded data, init and minibatch order) to the same weights, bit for bit.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from core import limits
from core.engine.activations import ACTIVATIONS
from core.engine.data import ALL_DATASET_LABELS
from core.engine.experiment import Experiment
from core.engine.init_schemes import SCHEME_LABELS
from core.engine.optimizers import OPTIMIZERS
from core.links.url_state import choice_field, custom_field, float_field, int_field

DEFAULT = Experiment()
MAX_UI_LAYERS, MAX_UI_WIDTH = 4, 64
LEARNING_RATES = (0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
UI_NOISE, UI_SAMPLES, UI_TEST, UI_STEPS, UI_SCALE = (0.0, 1.0), (20, 1000), (0.0, 0.8), (50, 5000), (0.0, 100.0)
MAX_LINK_STEP = 20_000    # a link replays at most this many steps (and within core.engine.budget)
MAX_LR_CHANGES = 32


def read_schedule(text: str) -> tuple[tuple[int, float], ...]:
    """"0:0.03,200:0.1" -> ((0, 0.03), (200, 0.1)): the learning rate from each step on."""
    if not text.strip():
        return ()
    pairs = []
    for part in text.split(",")[: MAX_LR_CHANGES + 1]:
        step_text, _, rate_text = part.partition(":")
        step, rate = int(step_text), float(rate_text)
        if rate not in LEARNING_RATES or not 0 <= step <= MAX_LINK_STEP:
            raise ValueError(f"has a change {part!r} outside the steps 0-{MAX_LINK_STEP} or the slider's rates")
        pairs.append((step, rate))
    if len(text.split(",")) > MAX_LR_CHANGES or pairs[0][0] != 0 or \
            any(b[0] <= a[0] for a, b in zip(pairs, pairs[1:])):
        raise ValueError(f"must start at step 0 with at most {MAX_LR_CHANGES} changes at increasing steps")
    return tuple(pairs)


def write_schedule(schedule: Iterable[tuple[int, float]]) -> str:
    """((0, 0.03), (200, 0.1)) -> "0:0.03,200:0.1": the link text :func:`read_schedule` reads back."""
    return ",".join(f"{step}:{rate!r}" for step, rate in schedule)


def _width(layer: int):
    return int_field(f"w{layer}", f"train.width{layer}", 8, (1, MAX_UI_WIDTH))


_FIELDS = (
    choice_field("data", "train.dataset", DEFAULT.dataset, tuple(ALL_DATASET_LABELS)),
    float_field("noise", "train.noise", DEFAULT.noise, UI_NOISE),
    int_field("n", "train.n_samples", DEFAULT.n_samples, UI_SAMPLES),
    float_field("test", "train.test_fraction", DEFAULT.test_fraction, UI_TEST),
    int_field("dseed", "train.data_seed", DEFAULT.data_seed, limits.SEED),
    int_field("layers", "train.layers", len(DEFAULT.hidden), (1, MAX_UI_LAYERS)),
    *(_width(layer) for layer in range(1, MAX_UI_LAYERS + 1)),
    choice_field("act", "train.activation", DEFAULT.activation, tuple(ACTIVATIONS)),
    choice_field("init", "train.init_scheme", DEFAULT.init_scheme, tuple(SCHEME_LABELS)),
    float_field("scale", "train.init_scale", DEFAULT.init_scale, UI_SCALE),
    int_field("iseed", "train.init_seed", DEFAULT.init_seed, limits.SEED),
    choice_field("opt", "train.optimizer", DEFAULT.optimizer, tuple(OPTIMIZERS)),
    float_field("lr", "train.lr", DEFAULT.learning_rate, options=LEARNING_RATES),
    int_field("batch", "train.batch_size.sgd", 32, limits.BATCH_SIZE),         # minibatch SGD
    int_field("abatch", "train.batch_size.adam", 1000, limits.BATCH_SIZE),     # Adam: full batch by default
    int_field("steps", "train.steps", DEFAULT.steps, UI_STEPS),
    int_field("step", "train.link_step", 0, (0, MAX_LINK_STEP)),
    custom_field("lrs", "train.link_lrs", (), read_schedule, write_schedule),
)
# The controls' names on screen (pages/shared/train/controls.py), for sentences about settings ("the teacher
# fixed Dataset, Hidden layers"); the run's own record (step, lrs) has no control.
LABELS = {"data": "Dataset", "noise": "Noise", "n": "Samples", "test": "Test share", "dseed": "Data seed",
          "layers": "Hidden layers", **{f"w{layer}": f"Layer {layer} units" for layer in range(1, MAX_UI_LAYERS + 1)},
          "act": "Activation", "init": "Initialisation", "scale": "Init scale", "iseed": "Init seed",
          "opt": "Optimiser", "lr": "Learning rate", "batch": "Batch size (SGD)", "abatch": "Batch size (Adam)",
          "steps": "Steps", "step": "Step reached", "lrs": "Learning-rate history"}
FIELDS = tuple(dataclasses.replace(f, label=LABELS[f.name]) for f in _FIELDS)
BATCH_FIELD = {"sgd": "batch", "adam": "abatch"}
RECORDS = ("step", "lrs")  # where the run stands, not a setting: Back/Forward keeps the session's run
