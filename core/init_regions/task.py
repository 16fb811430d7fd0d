"""The task of the lesson "Where you start decides where you end": task, network and slice.

A map varies two coordinates of the initial parameters of a one-hidden-layer student on a grid
and keeps every other coordinate at a base initialisation. The default task is teacher-student:
a small tanh teacher produces noise-free 1-D targets, so the exact solution and all its twins
(the teacher's images under the symmetry group) are known and reach zero loss. The 2-D
classification datasets of the Train lesson are offered too; they have no teacher.

Coordinates are named by key: ``w{j}`` (1-D input) or ``w{j}.{i}`` (2-D input) for unit j's
incoming weights, ``b{j}`` its bias, ``v{j}`` its outgoing weight and ``c`` the output bias
(units 1-based). The default slice is (b1, b2) with units 1 and 2 otherwise equal: swapping the
two units mirrors that plane across its diagonal.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from core import limits, rng
from core.engine.data import REGRESSION, Dataset, make_dataset
from core.engine.init_schemes import INIT_SCHEMES, init_params
from core.engine.mlp import Params, forward
from core.engine.optimizers import OPTIMIZERS, check_learning_rate
from core.validation import check_choice, check_float, check_int, shown

TEACHER = "teacher"
TASKS = {
    TEACHER: "Teacher–student (1-D regression, exact answer known)",
    "moons": "Two moons (2-D classification)",
    "circles": "Circles (2-D classification)",
    "xor": "XOR (2-D classification)",
    "gaussians": "Two Gaussians (2-D classification)",
}
# The map offers only activations whose whole symmetry family is the finite group it lists (unit
# permutations and sign flips, 2^d·d! twins of a generic teacher): true for tanh (Sussmann 1992).
# sin is NOT offered: sin(z + 2π) = sin(z) and sin(π − z) = sin(z) add bias shifts by 2πk and the move
# (w, b, v) -> (−w, π − b, v), an infinite family of equivalent weights the map's twins would omit
# (docs/theory.md#symmetries-by-activation). Old links with act=sin fall back to tanh with a warning.
MAP_ACTIVATIONS = ("tanh",)
PRECISIONS = ("float64", "float32")
TEACHER_X_RANGE = (-2.0, 2.0)
FUNCTION_GRID = 401  # points of the dense grid over the teacher's input range for the function gap
# float32 rounds a loss near 1 at about 1e-7; a tolerance must stay well clear of that noise.
FLOAT32_MIN_TOL = 1e-5

# Teacher units j = 1..3: incoming weight, bias, outgoing weight. Distinct units with distinct
# biases, so the teacher is generic: its 2^d d! twins are all different.
_TEACHER_UNITS = ((2.0, 1.0, 1.0), (1.0, -1.0, -1.0), (1.5, 0.0, 0.7))


def teacher_params(width: int) -> Params:
    """The fixed tanh teacher 1-width-1 (width 2 or 3): f(x) = sum_j v_j tanh(w_j x + b_j)."""
    width = check_int(width, "teacher width", limits.INIT_MAP_WIDTH)
    units = np.array(_TEACHER_UNITS[:width])
    return Params((units[:, :1], units[None, :, 2]), (units[:, 1], np.zeros(1)))


def teacher_data(teacher: Params, n_points: int, activation: str = "tanh") -> Dataset:
    """Evenly spaced x in [-2, 2] and the teacher's exact outputs (no noise: zero loss is reachable)."""
    n_points = check_int(n_points, "n_points", limits.INIT_MAP_POINTS)
    x = np.linspace(*TEACHER_X_RANGE, n_points)[:, None]
    return Dataset(x, forward(teacher, x, activation)[:, 0], REGRESSION)


def coordinates(widths: Sequence[int]) -> dict[str, tuple[int, str]]:
    """key -> (position in Params.flatten order, on-screen label) for a one-hidden-layer network.

    The keys ("b1", "w2.1", ...) are link keys and stay as they are, so old share links keep working;
    they count hidden units from 1. The labels name each coordinate in the matrix convention of the
    figures (docs/theory.md#notation): matrices and bias vectors numbered from 0, so b₀ is the bias
    vector of hidden layer 1 and b₁ the output bias; entries are counted from 1, like the units.
    """
    d_in, width, _ = widths
    found, position = {}, 0
    for j in range(1, width + 1):  # W_0 row-major: unit j's incoming weights
        for i in range(1, d_in + 1):
            key = f"w{j}" if d_in == 1 else f"w{j}.{i}"
            source = "x" if d_in == 1 else f"x{i}"
            found[key] = (position, f"weight from {source} into unit {j}, W₀[{j}, {i}]")
            position += 1
    for j in range(1, width + 1):
        found[f"b{j}"] = (position, f"bias of unit {j}, b₀[{j}]")
        position += 1
    for j in range(1, width + 1):
        found[f"v{j}"] = (position, f"outgoing weight of unit {j}, W₁[1, {j}]")
        position += 1
    found["c"] = (position, "output bias, b₁[1]")
    return found


def axis_name(widths: Sequence[int], key: str) -> str:
    """The on-screen name of coordinate ``key`` (its label from :func:`coordinates`), never the bare link key."""
    return coordinates(widths)[key][1]


def axis_symbol(widths: Sequence[int], key: str) -> str:
    """The short on-screen symbol of coordinate ``key`` in the matrix convention, e.g. "b₀[1]" for key "b1"."""
    return axis_name(widths, key).rsplit(", ", 1)[1]


@dataclass(frozen=True)
class MapSpec:
    """Everything that fixes a map of starts; hashable, so it keys the page's cache."""

    task: str = TEACHER
    n_points: int = 40
    noise: float = 0.2            # classification scenes only
    data_seed: int = 0            # classification scenes only
    width: int = 2
    activation: str = "tanh"
    x_key: str = "b1"
    y_key: str = "b2"
    x_range: tuple[float, float] = (-3.0, 3.0)
    y_range: tuple[float, float] = (-3.0, 3.0)
    resolution: int = 61
    steps: int = 300
    optimizer: str = "gd"
    learning_rate: float = 0.5
    base_scheme: str = "uniform"
    base_scale: float = 1.0
    base_seed: int = 0
    equalise: bool = True         # copy unit 1's other parameters onto unit 2
    loss_tol: float = 1e-3
    shortcut: bool = True
    precision: str = "float64"
    n_frames: int = 25
    trajectories: int = 7         # a trajectories x trajectories sub-grid of starts is animated

    @property
    def input_dim(self) -> int:
        """1 for the teacher's 1-D task, 2 for the classification datasets."""
        return 1 if self.task == TEACHER else 2

    @property
    def widths(self) -> tuple[int, int, int]:
        """The student's layer widths (input, hidden, 1)."""
        return (self.input_dim, self.width, 1)

    @property
    def n_cells(self) -> int:
        """The number of starts on the map: resolution²."""
        return self.resolution ** 2

    @property
    def network_steps(self) -> int:
        """Work if every start is trained: starts x steps."""
        return self.n_cells * self.steps


def check_map_spec(spec: MapSpec) -> MapSpec:
    """Validate every field (named errors); return the spec unchanged."""
    if not isinstance(spec, MapSpec):
        raise TypeError(f"spec {type(spec).__name__}: must be core.init_regions.task.MapSpec")
    check_choice(spec.task, "task", TASKS)
    check_int(spec.n_points, "n_points", limits.INIT_MAP_POINTS)
    check_float(spec.noise, "noise", limits.NOISE)
    check_int(spec.data_seed, "data seed", limits.SEED)
    check_int(spec.width, "hidden width", limits.INIT_MAP_WIDTH)
    check_choice(spec.activation, "map activation", MAP_ACTIVATIONS)
    keys = coordinates(spec.widths)
    check_choice(spec.x_key, "x coordinate", keys)
    check_choice(spec.y_key, "y coordinate", keys)
    if spec.x_key == spec.y_key:
        raise ValueError(f"x and y coordinate {shown(spec.x_key)}: must be two different coordinates")
    for name, pair in (("x range", spec.x_range), ("y range", spec.y_range)):
        if isinstance(pair, (str, bytes)) or not isinstance(pair, (tuple, list)) or len(pair) != 2:
            raise TypeError(f"{name} {shown(pair)}: must be a pair (start, end) of numbers")
        low, high = pair
        check_float(low, f"{name} start", limits.INIT_MAP_COORD_RANGE)
        check_float(high, f"{name} end", limits.INIT_MAP_COORD_RANGE)
        if not low < high:
            raise ValueError(f"{name} ({low}, {high}): the start must be below the end")
    check_int(spec.resolution, "resolution", limits.INIT_MAP_RESOLUTION)
    check_int(spec.steps, "steps", limits.INIT_MAP_STEPS)
    check_choice(spec.optimizer, "optimizer", OPTIMIZERS)
    check_learning_rate(spec.learning_rate)
    check_choice(spec.base_scheme, "base init scheme", INIT_SCHEMES)
    check_float(spec.base_scale, "base init scale", limits.INIT_SCALE)
    check_int(spec.base_seed, "base init seed", limits.SEED)
    check_choice(spec.precision, "precision", PRECISIONS)
    check_tolerance(spec.loss_tol, spec.precision)
    check_int(spec.n_frames, "animation frames", limits.INIT_MAP_FRAMES)
    check_int(spec.trajectories, "trajectories per axis", limits.INIT_MAP_TRAJECTORIES)
    check_budget(spec)
    return spec


def check_tolerance(loss_tol: Any, precision: str) -> float:
    """The loss tolerance, within its limits and, in float32, above FLOAT32_MIN_TOL."""
    loss_tol = check_float(loss_tol, "loss tolerance", limits.INIT_MAP_LOSS_TOL)
    if precision == "float32" and loss_tol < FLOAT32_MIN_TOL:
        raise ValueError(
            f"loss tolerance {loss_tol:g} with float32: must be at least {FLOAT32_MIN_TOL:g} (float32 rounds "
            "losses at about 1e-7); raise the tolerance or use float64"
        )
    return loss_tol


def check_budget(spec: MapSpec) -> None:
    """One cap on the work of a map, whatever the controls or a link ask for."""
    if spec.network_steps > limits.INIT_MAP_MAX_NETWORK_STEPS:
        most_steps = limits.INIT_MAP_MAX_NETWORK_STEPS // spec.n_cells
        raise ValueError(
            f"map work {spec.resolution} x {spec.resolution} starts x {spec.steps} steps = "
            f"{spec.network_steps:,} network-steps: at most {limits.INIT_MAP_MAX_NETWORK_STEPS:,} allowed; "
            f"reduce the resolution or use at most {most_steps} steps at this resolution"
        )


def task_data(spec: MapSpec) -> Dataset:
    """The training set of the map: the teacher's outputs, or a classification dataset."""
    if spec.task == TEACHER:
        return teacher_data(teacher_params(spec.width), spec.n_points, spec.activation)
    return make_dataset(spec.task, spec.n_points, spec.noise, rng=rng.stream(spec.data_seed, "data"))


def base_params(spec: MapSpec) -> Params:
    """The base initialisation; with ``equalise``, unit 2 gets unit 1's weights, bias and outgoing weight.

    Equal units make the (unit 1, unit 2) coordinate pairs a plane that swapping the units maps
    to itself (the default slice); the grid then overwrites the two coordinates it varies.
    """
    params = init_params(spec.widths, scheme=spec.base_scheme, scale=spec.base_scale,
                         rng=rng.stream(spec.base_seed, "init"))
    if not spec.equalise:
        return params
    w0, b0, w1 = (np.array(a) for a in (params.weights[0], params.biases[0], params.weights[1]))
    w0[1], b0[1], w1[:, 1] = w0[0], b0[0], w1[:, 0]
    return Params((w0, w1), (b0, params.biases[1]))
