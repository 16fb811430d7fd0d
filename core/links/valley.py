"""Link schema of the page "Two runs, one valley": the live pair's settings (core.links.url_state Fields).

The widths are a short list on purpose: one pair trains live on the server, and each listed width
trains in a few seconds on a 2-core machine (bench/valley_live.py measures it). A link can hold
exactly what the controls can show; anything else falls back to the default with a warning.
"""

from __future__ import annotations

from core import limits
from core.links.url_state import Field, choice_field, int_field

LIVE_WIDTHS = (16, 32, 64, 128)
LIVE_ACTIVATIONS = ("relu", "tanh")
DEFAULT_WIDTH, DEFAULT_ACTIVATION, DEFAULT_SEED = 32, "relu", 0

FIELDS: tuple[Field, ...] = (
    int_field("width", "valley.width", DEFAULT_WIDTH, options=LIVE_WIDTHS),
    choice_field("act", "valley.activation", DEFAULT_ACTIVATION, LIVE_ACTIVATIONS),
    int_field("seed", "valley.seed", DEFAULT_SEED, bounds=limits.SEED),
)
