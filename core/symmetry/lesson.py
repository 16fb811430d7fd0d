"""Everything the "Same function, different weights" lesson computes for one state, in one call.

State = a network θ and the list of moves applied to it so far (MoveSpecs). Result = the
current network θ', the moves (the last one is animated), the proof (θ vs θ'), and the canonical
forms of both: for a true twin, ‖can(θ') − can(θ)‖ = 0 however far θ' has wandered.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from core.engine.distances import parameter_distance
from core.engine.mlp import Params
from core.symmetry.canonical import canonical_form
from core.symmetry.group import GroupElement
from core.symmetry.moves import Move, replay
from core.symmetry.proof import Proof, prove

if TYPE_CHECKING:
    from core.engine.data import Dataset
    from core.symmetry.moves import MoveSpec


@dataclass(frozen=True, eq=False)
class LessonResult:
    original: Params
    current: Params
    moves: tuple[Move, ...]
    proof: Proof                # original vs current
    canonical_distance: float   # ‖can(current) − can(original)‖

    @property
    def last_move(self) -> Move | None:
        """The most recent move (the one the page animates), or None before any move."""
        return self.moves[-1] if self.moves else None

    @property
    def is_twin(self) -> bool:
        """True when every move so far was a symmetry (so θ' = g·θ for a known g)."""
        return all(move.is_symmetry for move in self.moves)

    @property
    def element(self) -> GroupElement | None:
        """The single group element g with current = g·original (None after a broken move)."""
        if not self.is_twin:
            return None
        total = GroupElement.identity(self.original.hidden_widths)
        for move in self.moves:
            assert move.element is not None  # is_twin: every move is a symmetry, so each has its element
            total = move.element.compose(total)
        return total


def run_lesson(params: Params, activation: str, datasets: Iterable[Dataset],
               history: Iterable[MoveSpec]) -> LessonResult:
    """Replay ``history`` on ``params`` and prove the result against ``params``."""
    moves = tuple(replay(params, activation, history))
    current = moves[-1].after if moves else params
    canonical_distance = parameter_distance(canonical_form(params, activation), canonical_form(current, activation))
    return LessonResult(params, current, moves, prove(params, current, activation, list(datasets)),
                        canonical_distance)
