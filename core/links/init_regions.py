"""Link schema of the page "Where you start decides where you end": every setting a share link carries.

Widget keys are the page's existing session keys (``init.*``). The option lists below are the
widgets' own (pages/shared/init_regions/controls.py imports them from here), so a link can hold exactly
what the controls can show. The task selectbox is called ``task`` in links: ``scene=`` is the
guided-scene flag.
"""

from __future__ import annotations

from core import limits
from core.engine.init_schemes import SCHEME_LABELS, SYMMETRIC_SCHEMES
from core.engine.optimizers import OPTIMIZERS
from core.init_regions.task import MAP_ACTIVATIONS, PRECISIONS, TASKS, TEACHER, MapSpec, coordinates
from core.init_regions.width_spec import LESSON_SCHEMES, LESSON_SPEC
from core.links.url_state import Field, bool_field, choice_field, choices_field, float_field, floats_field, int_field

DEFAULT, WIDTH_DEFAULT = MapSpec(), LESSON_SPEC

# What the widgets offer (the sliders' steps are the only values they can reach).
LEARNING_RATES = (0.003, 0.01, 0.03, 0.1, 0.2, 0.3, 0.5, 0.7, 1.0)
TOLERANCES = (1e-5, 1e-4, 1e-3, 1e-2, 0.05, 0.1, 0.2, 0.3, 0.5)
CLASSIFICATION_TOL = 0.3  # cross-entropy: a clean fit of these noisy sets sits well below this
WIDTH_CHOICES = tuple(range(1, 9)) + (12, 16, 24, 32, 48, 64)
MAP_WIDTHS = (2, 3)
POINTS = tuple(range(10, limits.INIT_MAP_POINTS[1] + 1, 2))
RESOLUTIONS = tuple(range(11, limits.INIT_MAP_RESOLUTION[1] + 1, 2))
MAP_STEPS = tuple(range(50, 1501, 50))
NOISE_RANGE = (0.0, 1.0)
RANGE_LIMIT = (-10.0, 10.0)      # each axis of the slice
BASE_SCALE = (0.0, 10.0)
WIDTH_STARTS = (10, limits.WIDTH_EXPERIMENT_STARTS[1])
WIDTH_STEPS = (50, 2000)
ZERO_WIDTHS = (2, 8)
ZERO_DEFAULT_SCHEME, ZERO_DEFAULT_WIDTH = "constant", 4


def every_coordinate() -> tuple[str, ...]:
    """Every coordinate key any task and width of the map can offer (the link accepts these; the page
    falls back to the default axis when the chosen task has no such coordinate)."""
    keys = {}
    for input_dim in (1, 2):
        for width in MAP_WIDTHS:
            keys.update(coordinates((input_dim, width, 1)))
    return tuple(keys)


def tolerance_key(task: str) -> str:
    """The tolerance has one widget per kind of task (regression loss vs cross-entropy)."""
    return f"init.loss_tol.{task == TEACHER}"


FIELDS: tuple[Field, ...] = (
    # Task
    choice_field("task", "init.task", DEFAULT.task, tuple(TASKS)),
    int_field("width", "init.width", DEFAULT.width, options=MAP_WIDTHS),
    int_field("points", "init.n_points", DEFAULT.n_points, options=POINTS),
    float_field("noise", "init.noise", DEFAULT.noise, bounds=NOISE_RANGE),
    int_field("dseed", "init.data_seed", DEFAULT.data_seed, bounds=limits.SEED),
    # Slice of starting points
    choice_field("x", "init.x_key", DEFAULT.x_key, every_coordinate()),
    choice_field("y", "init.y_key", DEFAULT.y_key, every_coordinate()),
    floats_field("xr", "init.x_range", DEFAULT.x_range, RANGE_LIMIT, 2),
    bool_field("same", "init.same_range", True),
    floats_field("yr", "init.y_range", DEFAULT.y_range, RANGE_LIMIT, 2),
    int_field("res", "init.resolution", DEFAULT.resolution, options=RESOLUTIONS),
    bool_field("equal", "init.equalise", DEFAULT.equalise),
    # Everything else at the start
    choice_field("base", "init.base_scheme", DEFAULT.base_scheme, tuple(SCHEME_LABELS)),
    float_field("scale", "init.base_scale", DEFAULT.base_scale, bounds=BASE_SCALE),
    int_field("seed", "init.base_seed", DEFAULT.base_seed, bounds=limits.SEED),
    # Training
    choice_field("opt", "init.optimizer", DEFAULT.optimizer, tuple(OPTIMIZERS)),
    float_field("lr", "init.lr", DEFAULT.learning_rate, options=LEARNING_RATES),
    int_field("steps", "init.steps", DEFAULT.steps, options=MAP_STEPS),
    float_field("tol", tolerance_key(TEACHER), DEFAULT.loss_tol, options=TOLERANCES),
    float_field("ctol", tolerance_key("moons"), CLASSIFICATION_TOL, options=TOLERANCES),
    # tanh only (core.init_regions.task.MAP_ACTIVATIONS); an old link's act=sin falls back with a named warning.
    choice_field("act", "init.activation", DEFAULT.activation, MAP_ACTIVATIONS),
    choice_field("prec", "init.precision", DEFAULT.precision, PRECISIONS),
    bool_field("shortcut", "init.shortcut", DEFAULT.shortcut),
    # How the map is drawn
    bool_field("merge", "init.merge", False),
    bool_field("overlays", "init.overlays", True),
    # Wider is easier?
    choices_field("schemes", "init.experiment_schemes", WIDTH_DEFAULT.schemes, LESSON_SCHEMES),
    choices_field("widths", "init.experiment_widths", WIDTH_DEFAULT.widths, WIDTH_CHOICES),
    int_field("starts", "init.experiment_starts", WIDTH_DEFAULT.seeds, bounds=WIDTH_STARTS),
    int_field("ssteps", "init.experiment_steps", WIDTH_DEFAULT.steps, bounds=WIDTH_STEPS),
    # Zero init never breaks symmetry
    choice_field("zero", "init.zero_scheme", ZERO_DEFAULT_SCHEME, SYMMETRIC_SCHEMES),
    int_field("zwidth", "init.zero_width", ZERO_DEFAULT_WIDTH, bounds=ZERO_WIDTHS),
)
