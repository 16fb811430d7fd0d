"""The settings of the lesson "Count functions, not weights", checked once, as one hashable value.

The page's widgets deliberately have no min/max: whatever a person types reaches these checks,
and a wrong value comes back as a ValueError/TypeError that names the parameter, the value and
what is allowed (core.validation), which the page shows as st.error.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from core import limits
from core.bounds import covering
from core.engine.activations import get_activation
from core.validation import check_choice, check_float, check_int, check_widths, shown


@dataclass(frozen=True)
class BoundsSettings:
    input_dim: int = 2
    hidden: tuple[int, ...] = (4, 4)
    output_dim: int = 1
    B: float = 1.0
    eps: float = 0.1
    activation: str = "tanh"
    n: int = 10_000              # sample size for the generalisation panel
    method: str = "recursion"    # how Λ is computed: core.bounds.covering.LIPSCHITZ_METHODS
    orbit_m: int = 2             # grid points per parameter for the exact orbit counter
    mc_seed: int = 0             # seed of the Monte Carlo volume check

    @property
    def widths(self) -> tuple[int, ...]:
        """The full width list (input, hidden..., output)."""
        return (self.input_dim, *self.hidden, self.output_dim)

    @property
    def depth(self) -> int:
        """The number of hidden layers."""
        return len(self.hidden)


def parse_hidden_widths(text: str) -> tuple[int, ...]:
    """'8, 16, 8' -> (8, 16, 8). Range checks happen in :func:`check_settings`."""
    if not isinstance(text, str):
        raise TypeError(f"hidden widths {shown(text)}: must be text such as '8, 16, 8'")
    parts = [part.strip() for part in text.replace(";", ",").split(",")]
    if not any(parts):
        raise ValueError("hidden widths '': write one width per hidden layer, separated by commas, e.g. 8, 16, 8")
    widths = []
    for part in parts:
        if not part.lstrip("+-").isdigit() or len(part) > 12:  # 12 digits: far past any width, within int()
            raise ValueError(f"hidden widths {shown(text)}: {shown(part)} is not a whole number; "
                             "write whole numbers separated by commas, e.g. 8, 16, 8")
        widths.append(int(part))
    return tuple(widths)


def uniform_hidden(width: int, depth: int) -> tuple[int, ...]:
    """``depth`` hidden layers of the same ``width``, both checked against the lesson's limits."""
    depth = check_int(depth, "depth", limits.BOUNDS_DEPTH)
    return (check_int(width, "width", limits.BOUNDS_WIDTH),) * depth


def check_settings(settings: BoundsSettings) -> BoundsSettings:
    """Every field checked; returns a copy with plain Python ints/floats (hashable, cache-friendly)."""
    hidden = settings.hidden
    if isinstance(hidden, (str, bytes)) or not isinstance(hidden, (tuple, list)):
        raise TypeError(f"hidden widths {shown(hidden)}: must be a list of integers")
    widths = check_widths(
        (settings.input_dim, *hidden, settings.output_dim),
        input_dim=limits.BOUNDS_INPUT_DIM, hidden=limits.BOUNDS_WIDTH, depth=limits.BOUNDS_DEPTH,
    )
    get_activation(settings.activation)  # registry check first: its message lists the names
    check_choice(settings.activation, "activation", covering.ACTIVATION_RANGE)
    return dataclasses.replace(
        settings,
        input_dim=widths[0], hidden=widths[1:-1], output_dim=widths[-1],
        B=check_float(settings.B, "B", limits.BOUNDS_PARAM_B),
        eps=check_float(settings.eps, "eps", limits.BOUNDS_EPS),
        n=check_int(settings.n, "n (sample size)", limits.BOUNDS_SAMPLE_SIZE),
        method=check_choice(settings.method, "Lipschitz method", covering.LIPSCHITZ_METHODS),
        orbit_m=check_int(settings.orbit_m, "grid size m", limits.ORBIT_GRID_M),
        mc_seed=check_int(settings.mc_seed, "Monte Carlo seed", limits.SEED),
    )


def settings_from_controls(*, per_layer: bool, depth: int, width: int, hidden_text: str,
                           **fields: Any) -> BoundsSettings:
    """The page's raw widget values -> checked BoundsSettings (hidden widths per layer or uniform)."""
    hidden = parse_hidden_widths(hidden_text) if per_layer else uniform_hidden(width, depth)
    return check_settings(BoundsSettings(hidden=hidden, **fields))
