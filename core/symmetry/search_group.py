"""Which part of an activation's symmetry group an alignment may search: the ``group=`` option of align.

    "permutations"              reorder each hidden layer's units (every activation)
    "permutations+signs"        ... and flip units (odd activations; the sigmoid's affine flip)
    "permutations+scales"       ... and rescale units by c > 0 (positively homogeneous activations)
    "permutations+signs+scales" all three (identity only)

A searched part must be a symmetry of the activation: the allowed values are read from the one table
of moves per activation (core.symmetry.activation_facts), so align can never return an element whose
``apply`` changes the network's function. None means the whole group the activation admits.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.engine.activations import get_activation
from core.symmetry.activation_facts import AFFINE_FLIP, FLIP, RESCALE, facts_for
from core.validation import shown

PERMUTATIONS = "permutations"
SIGNS = "signs"
SCALES = "scales"
GROUPS = ("permutations", "permutations+signs", "permutations+scales", "permutations+signs+scales")


@dataclass(frozen=True)
class SearchGroup:
    """The parts of the group one alignment searches (permutations always)."""

    flips: bool
    scales: bool

    @property
    def name(self) -> str:
        """The ``group=`` value naming this choice, e.g. 'permutations+scales'."""
        return "+".join([PERMUTATIONS] + [SIGNS] * self.flips + [SCALES] * self.scales)


def allowed_groups(activation: str) -> tuple[str, ...]:
    """The ``group=`` values that are symmetries of ``activation`` (smallest first)."""
    holds = facts_for(activation).holds
    flips = FLIP in holds or AFFINE_FLIP in holds
    scales = RESCALE in holds
    return tuple(SearchGroup(f, s).name for f in (False, True) for s in (False, True)
                 if (flips or not f) and (scales or not s))


def search_group(group: str | None, activation: str) -> SearchGroup:
    """The SearchGroup ``group`` names (None: the largest ``activation`` admits).

    ValueError naming the value, the activation and the values it allows.
    """
    name = get_activation(activation).name
    allowed = allowed_groups(name)
    if group is None:
        group = allowed[-1]
    if not isinstance(group, str) or group not in GROUPS:
        raise ValueError(f"group {shown(group)}: must be one of {', '.join(repr(g) for g in GROUPS)} "
                         f"(for {name}: {', '.join(repr(g) for g in allowed)})")
    if group not in allowed:
        moves = facts_for(name).finite_group + (" and rescaling" if RESCALE in facts_for(name).holds else "")
        raise ValueError(f"group {group!r} for activation {name!r}: not a symmetry of {name} (it admits "
                         f"{moves}); allowed for {name}: {', '.join(repr(g) for g in allowed)}")
    parts = group.split("+")
    return SearchGroup(flips=SIGNS in parts, scales=SCALES in parts)
