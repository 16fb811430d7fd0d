"""Every limit on a user-settable number lives here, so pages, URL decoders and core agree.

Each limit is an inclusive (low, high) pair. Core functions validate against these; pages
build their widgets from them. Changing a limit here changes it everywhere.
"""

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

# Work caps and extra settings of core/orbits.py and core/bounds.py ("Count functions, not weights").
ORBIT_MAX_TRANSFER_ENTRIES = 1_000_000  # exact orbit count: sum of consecutive layers' cycle-type products
ORBIT_MAX_BITS = 14_000                 # exact orbit count: m^S below 2^14000 (4,214 digits), so str() of the count works
MONTE_CARLO_MAX_DRAWS = 10**8           # uniform numbers drawn per Monte Carlo request (n_samples x S)
BOUNDS_FAILURE_PROB = (1e-12, 0.5)      # eta: the generalisation bound holds with probability >= 1 - eta
BOUNDS_LOSS_RANGE = (1e-6, 1e6)         # M: the loss takes values in [0, M]
BOUNDS_LOSS_LIPSCHITZ = (0.0, 1e6)      # Lipschitz constant of the loss in the prediction
BOUNDS_TARGET_GAP = (1e-9, 1e6)         # t: generalisation gap to reach, for the sample-size reading
