"""Link schema of the page "symmetries": every setting a share link carries (core.links.url_state Fields).

A link carries the network (a preset by name; the Train lesson's network as its training settings and
step, core/links/experiment.py; an imported file cannot travel, so ``net=file`` opens the default preset
with a note), the move controls, the moves applied so far (core/links/moves.py) and the tab panels'
settings. The widgets' options live here so the page and the link agree.
"""

from __future__ import annotations

import dataclasses

from core import limits
from core.engine.presets import PRESETS
from core.links.experiment import experiment_text, read_experiment
from core.links.moves import moves_text, read_moves
from core.links.url_state import Field, bool_field, choice_field, custom_field, float_field, int_field
from core.symmetry.moves import ACTIONS, VARIANTS
from core.symmetry.twins import MAX_GALLERY

SOURCES = (*PRESETS, "train", "file")   # a preset by name, the Train lesson's network, an imported file
DEFAULT_SOURCE = "tanh"
MOVE_SCALES = (0.1, 0.2, 0.25, 0.5, 0.8, 1.25, 2.0, 4.0, 5.0, 10.0)   # c of "Rescale a unit by c"
ORBIT_SCALES = (0.1, 0.13, 0.16, 0.2, 0.25, 0.32, 0.4, 0.5, 0.63, 0.8, 1.0, 1.25, 1.6, 2.0, 2.5, 3.2, 4.0, 5.0,
                6.3, 8.0, 10.0)                                          # c of the rescaling orbit
TABS = ("Canonical form", "Twin gallery", "Rescaling orbit", "Align two networks", "Save as JSON")
GALLERY_TWINS = (2, MAX_GALLERY - 1)
GALLERY_SEED = (0, 10_000)
LAYER = (1, limits.HIDDEN_LAYERS[1])
UNIT = (0, limits.HIDDEN_WIDTH[1] - 1)

_FIELDS: tuple[Field, ...] = (
    choice_field("net", "sym.source", DEFAULT_SOURCE, SOURCES),
    custom_field("run", "sym.run", None, read_experiment, experiment_text),
    choice_field("move", "sym.kind", "swap", ACTIONS),
    int_field("layer", "sym.layer", 1, bounds=LAYER),
    int_field("unit", "sym.unit", 0, bounds=UNIT),
    int_field("with", "sym.other", 1, bounds=UNIT),
    float_field("c", "sym.scale", 2.0, options=MOVE_SCALES),
    choice_field("how", "sym.variant", "right", tuple(VARIANTS)),
    custom_field("moves", "sym.history", (), read_moves, moves_text),
    choice_field("tab", "sym.tab", TABS[0], TABS),
    int_field("olayer", "sym.orbit.layer", 1, bounds=LAYER),
    int_field("ounit", "sym.orbit.unit", 0, bounds=UNIT),
    float_field("oc", "sym.orbit.c", 2.0, options=ORBIT_SCALES),
    int_field("twins", "sym.gallery.k", 3, bounds=GALLERY_TWINS),
    int_field("gseed", "sym.gallery.seed", 0, bounds=GALLERY_SEED),
    bool_field("align", "sym.align.shown", False),
)
# The controls' names on screen (pages/shared/symmetries/), for sentences about settings ("the teacher fixed
# Network, Moves applied").
LABELS = {"net": "Network", "run": "The Train lesson's network", "move": "Move", "layer": "Layer", "unit": "Unit",
          "with": "With unit", "c": "c (move)", "how": "How", "moves": "Moves applied", "tab": "Panel",
          "olayer": "Orbit layer", "ounit": "Orbit unit", "oc": "c (orbit)", "twins": "Twins", "gseed": "Draw",
          "align": "Alignment shown"}
FIELDS: tuple[Field, ...] = tuple(dataclasses.replace(f, label=LABELS[f.name]) for f in _FIELDS)
