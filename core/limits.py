"""Every limit on a user-settable number lives here, so pages, URL decoders and core agree.

Each limit is an inclusive (low, high) pair. Core functions validate against these; pages
build their widgets from them. Changing a limit here changes it everywhere.

Limits belong to the app, not the library. The classroom caps below (input width 64, 5,000 samples,
the work budgets) guard the web server: pages, share links (core/links) and uploaded files
(core.exports.network_json) keep every one of them. The engine's general-purpose calls
(``init_params``, ``make_dataset``, ``train``, ``TrainingRun``, ``train_batch``) take them as one
explicit ``limits=`` argument instead: :data:`LIBRARY`, generous, by default, so a script can build and
train a 784-512-10 network for as long as it likes; :data:`CLASSROOM` where the app calls them; or
``None`` for no upper bounds at all (:func:`engine_limits`).
"""

from __future__ import annotations

from dataclasses import dataclass

# Network shape (training-sized networks; the bounds lesson has its own, larger limits).
INPUT_DIM = (1, 64)
HIDDEN_WIDTH = (1, 256)
HIDDEN_LAYERS = (1, 8)
OUTPUT_DIM = (1, 16)

# Datasets.
N_SAMPLES = (4, 5_000)
NOISE = (0.0, 2.0)
TEST_FRACTION = (0.0, 0.9)

# Initialisation.
INIT_SCALE = (0.0, 100.0)

# Training.
STEPS = (0, 100_000)
LEARNING_RATE = (1e-6, 100.0)
BATCH_SIZE = (1, 5_000)
N_MODELS = (1, 20_000)
N_SNAPSHOTS = (0, 1_001)

# Seeds: anything numpy's SeedSequence accepts and a URL can carry.
SEED = (0, 2**32 - 1)

# Work budget for one batched training request: models x steps x samples x parameters.
# 1,000 models x 500 steps x 200 points x 65 parameters = 6.5e9; allow a few times that.
MAX_BATCH_WORK = 5e10

# Figures: resolution of the decision-boundary grid.
GRID_RESOLUTION = (10, 300)

# The "Count functions, not weights" lesson: closed-form bounds reach much wider and deeper.
BOUNDS_WIDTH = (1, 4_096)
BOUNDS_DEPTH = (1, 100)          # hidden layers
BOUNDS_INPUT_DIM = (1, 100_000)
BOUNDS_PARAM_B = (1e-6, 1e6)     # box [-B, B] for every parameter
BOUNDS_EPS = (1e-12, 1e6)        # covering radius epsilon
BOUNDS_SAMPLE_SIZE = (1, 10**15)
ORBIT_GRID_M = (1, 64)           # grid points per coordinate for exact orbit counts
MONTE_CARLO_SAMPLES = (10, 2_000_000)

# Work caps and extra settings of core/bounds/orbits.py and core/bounds/covering.py ("Count functions, not weights").
ORBIT_MAX_TRANSFER_ENTRIES = 1_000_000  # exact orbit count: sum of consecutive layers' cycle-type products
# exact orbit count: m^S below 2^14000 (4,214 digits), so str() of the count works
ORBIT_MAX_BITS = 14_000
MONTE_CARLO_MAX_DRAWS = 10**8           # uniform numbers drawn per Monte Carlo request (n_samples x S)
BOUNDS_FAILURE_PROB = (1e-12, 0.5)      # eta: the generalisation bound holds with probability >= 1 - eta
BOUNDS_LOSS_RANGE = (1e-6, 1e6)         # M: the loss takes values in [0, M]
BOUNDS_LOSS_LIPSCHITZ = (0.0, 1e6)      # Lipschitz constant of the loss in the prediction
BOUNDS_TARGET_GAP = (1e-9, 1e6)         # t: generalisation gap to reach, for the sample-size reading

# ---------------------------------------------------------------------------------------------
# The "Where you start decides where you end" lesson (core/init_*.py, core/init_regions/outcomes.py,
# core/init_regions/shortcut.py, core/init_regions/width_experiment.py): initialisation maps, the width experiment
# and their work caps.
INIT_MAP_RESOLUTION = (5, 101)          # grid cells per axis of the map of starts
INIT_MAP_WIDTH = (2, 3)                 # hidden units of teacher and student (the twins are listed in full)
INIT_MAP_POINTS = (8, 120)              # training points of the map's task
INIT_MAP_STEPS = (10, 3_000)            # training steps per start
INIT_MAP_COORD_RANGE = (-20.0, 20.0)    # ends of each axis of the slice
INIT_MAP_FRAMES = (2, 60)               # animation frames (loss snapshots)
INIT_MAP_TRAJECTORIES = (2, 12)         # trajectories per axis (a sub-grid of starts, squared)
INIT_MAP_LOSS_TOL = (1e-8, 10.0)        # "found the target": final training loss under this
# Work cap of one map: starts on the grid x steps, counted as if every start were trained (the
# symmetry shortcut trains about half, but "verify" trains them all). 3.1e6 admits the largest grid,
# 101 x 101, at 300 steps (or the default 61 x 61 grid for about 830); about 15 s of training
# (float64, 40 points), measured with bench/init_map.py. One request must not hold a class's
# server for longer.
INIT_MAP_MAX_NETWORK_STEPS = 3_100_000
WIDTH_EXPERIMENT_WIDTH = (1, 64)              # student widths of "wider is easier"
WIDTH_EXPERIMENT_STARTS = (10, 1_000)         # random starts per width and scheme
WIDTH_EXPERIMENT_STEPS = (10, 5_000)
# Work cap of one width experiment: sum over schemes and widths of starts x steps x parameters.
# The default (6 schemes, 9 widths, 200 starts, 300 steps) is 1.5e8, about 25 s (float32);
# the cap allows a third more (about 35 s), so no control can hold the server for minutes.
WIDTH_EXPERIMENT_MAX_PARAM_STEPS = 200_000_000
INIT_ZERO_WIDTH = (1, 16)               # the zero-init demonstration's hidden width

# ---------------------------------------------------------------------------------------------
# Research-scale width experiments (core/sweeps/, `python -m core.sweeps SPEC`): run outside the app,
# on a Dask cluster or this machine, so they reach far past the lesson's live sweep.
SWEEP_WIDTH = (1, 1_024)                # student widths
SWEEP_SEEDS = (1, 1_000_000)            # random starts per (width, scheme) cell
SWEEP_STEPS = (1, 100_000)              # training steps per start
SWEEP_GROUP = (1, 5_000)                # starts trained together in one batch (fixed by the spec)
SWEEP_CHUNK_GROUPS = (1, 1_000)         # groups per chunk (one Dask task, one Parquet file)
SWEEP_WORKERS = (1, 256)                # workers of the embedded LocalCluster
# Work budget without --allow-large: sum over widths and schemes of seeds x steps x parameters.
# 5e9 is about 10 minutes on one core of this machine (about 1.2e-7 s per parameter-step, see
# docs/sweeps.md); past it a sweep belongs on a cluster, and the user must say so.
SWEEP_MAX_PARAM_STEPS = 5_000_000_000

# ---------------------------------------------------------------------------------------------
# The "Same function, different weights" lesson (core/symmetry/moves.py, core/links/moves.py).
SYMMETRY_SCALE = (0.0, 1e6)             # c of a rescale: 0 < c <= 1e6 (low end open)
SYMMETRY_LINK_MOVES = 16                # moves one share link carries (and the page applies before Undo/Reset)


# ---------------------------------------------------------------------------------------------
# The engine's limits as one value (see the module docstring): the app's classroom caps, a script's
# generous defaults, and no bounds at all.


@dataclass(frozen=True)
class EngineLimits:
    """Bounds of one engine call: network shape, data size, steps, models and training work.

    ``work`` caps one call's training work in parameter-sample-steps (models x steps x samples x
    parameters, core.engine.budget); ``math.inf`` for none.
    """

    input_dim: tuple[int, int]
    hidden_width: tuple[int, int]
    hidden_layers: tuple[int, int]
    output_dim: tuple[int, int]
    n_samples: tuple[int, int]
    steps: tuple[int, int]
    n_models: tuple[int, int]
    work: float


# The web app's caps: the values above, unchanged.
CLASSROOM = EngineLimits(input_dim=INPUT_DIM, hidden_width=HIDDEN_WIDTH, hidden_layers=HIDDEN_LAYERS,
                         output_dim=OUTPUT_DIM, n_samples=N_SAMPLES, steps=STEPS, n_models=N_MODELS,
                         work=MAX_BATCH_WORK)

# The app's caps for the counting functions (core.symmetry.group.group_order, core.bounds.covering's group
# orders): the bounds lesson's, wider than CLASSROOM's since counting is cheap even where training is not.
COUNTING_CLASSROOM = EngineLimits(input_dim=BOUNDS_INPUT_DIM, hidden_width=BOUNDS_WIDTH, hidden_layers=BOUNDS_DEPTH,
                                  output_dim=BOUNDS_INPUT_DIM, n_samples=N_SAMPLES, steps=STEPS, n_models=N_MODELS,
                                  work=MAX_BATCH_WORK)

# A script's defaults: far past any network or run of the paper's scale (MNIST's 784 inputs, widths
# of thousands, millions of steps), yet a slip such as a width of 10**9 is still refused by name
# before memory is allocated for it. There is no work cap: a script decides how long it runs.
LIBRARY = EngineLimits(input_dim=(1, 2**24), hidden_width=(1, 2**20), hidden_layers=(1, 1_000),
                       output_dim=(1, 2**20), n_samples=(N_SAMPLES[0], 2**31), steps=(0, 2**40), n_models=(1, 2**24),
                       work=float("inf"))

# limits=None: only the lower bounds (at least one unit, one model, the datasets' 4 samples) remain.
_NO_BOUND = 2**63 - 1
UNBOUNDED = EngineLimits(input_dim=(1, _NO_BOUND), hidden_width=(1, _NO_BOUND), hidden_layers=(1, _NO_BOUND),
                         output_dim=(1, _NO_BOUND), n_samples=(N_SAMPLES[0], _NO_BOUND), steps=(0, _NO_BOUND),
                         n_models=(1, _NO_BOUND), work=float("inf"))


def engine_limits(limits: EngineLimits | None) -> EngineLimits:
    """The bounds an engine call enforces: ``limits`` itself, or UNBOUNDED for None (TypeError otherwise)."""
    if limits is None:
        return UNBOUNDED
    if not isinstance(limits, EngineLimits):
        raise TypeError(f"limits {type(limits).__name__}: must be core.limits.EngineLimits (CLASSROOM, LIBRARY) "
                        "or None for no upper bounds")
    return limits
