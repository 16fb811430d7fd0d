"""A Train lesson network as a short link text: its training settings and the step it reached.

The symmetry lesson can work on the network the Train lesson trained. A link cannot carry the
weights, but it can carry what made them: every Experiment setting, with ``steps`` set to the
step the run reached. Training is seeded and ``advance(n)`` twice equals ``advance(2n)`` once
(core.engine.train), so core.engine.presets.train_network rebuilds the same weights, unless the learning rate
was changed during the run (the page says so).

Text: the Experiment's fields in their order, joined by "~" (URL-safe), hidden widths joined by
"-", a full batch as "full", floats by repr (the same double back), e.g.

    moons~200~0.2~0.3~8-8~tanh~xavier~1.0~adam~0.03~full~500~0~3

The empty text is "no Train lesson network". Every value is checked against core.limits
(core.exports.network_json.checked_experiment, the same checks a network file's settings get).
"""

from __future__ import annotations

import dataclasses

from core.engine.experiment import Experiment
from core.exports.network_json import checked_experiment

SEPARATOR, WIDTH_SEPARATOR, FULL_BATCH = "~", "-", "full"
NAMES = tuple(f.name for f in dataclasses.fields(Experiment))
INTEGERS = ("n_samples", "steps", "data_seed", "init_seed")
FLOATS = ("noise", "test_fraction", "init_scale", "learning_rate")
MAX_DIGITS = 12  # longer than any allowed integer: refused before int() (no huge-number work)


def _value_text(name: str, value) -> str:
    if name == "hidden":
        return WIDTH_SEPARATOR.join(str(int(width)) for width in value)
    if name == "batch_size":
        return FULL_BATCH if value is None else str(int(value))
    if name in FLOATS:
        return repr(float(value))
    return str(value)


def experiment_text(experiment: Experiment | None) -> str:
    """The link text of trained settings (``steps`` = the step reached), or "" for none."""
    if experiment is None:
        return ""
    if not isinstance(experiment, Experiment):
        raise TypeError(f"experiment {type(experiment).__name__}: must be a core.engine.experiment.Experiment or None")
    return SEPARATOR.join(_value_text(name, getattr(experiment, name)) for name in NAMES)


def _integer(text: str, name: str) -> int:
    if len(text) > MAX_DIGITS or not text.isascii() or not text.isdigit():
        raise ValueError(f"experiment {name} {text[:20]!r}: must be a non-negative integer")
    return int(text)


def _float(text: str, name: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise ValueError(f"experiment {name} {text[:20]!r}: must be a number") from None


def _value(name: str, text: str):
    if name == "hidden":
        return [_integer(part, "hidden width") for part in text.split(WIDTH_SEPARATOR)]
    if name == "batch_size":
        return None if text == FULL_BATCH else _integer(text, name)
    if name in INTEGERS:
        return _integer(text, name)
    if name in FLOATS:
        return _float(text, name)
    return text


def read_experiment(text: str) -> Experiment | None:
    """The settings a link's text stands for, or ValueError naming the bad setting and what is allowed."""
    if not isinstance(text, str):
        raise ValueError(f"experiment {type(text).__name__}: must be text")
    if not text.strip():
        return None
    parts = text.strip().split(SEPARATOR)
    if len(parts) != len(NAMES):
        raise ValueError(f"experiment has {len(parts)} parts: must list {len(NAMES)} settings "
                         f"({', '.join(NAMES)}) joined by {SEPARATOR!r}")
    return checked_experiment({name: _value(name, part) for name, part in zip(NAMES, parts)})
