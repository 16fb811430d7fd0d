"""Everything the "Same function, different weights" lesson computes for one state, in one call.

State = a network θ and the list of moves applied to it so far (MoveSpecs). Result = the
current network θ', the moves (the last one is animated), the proof (θ vs θ'), and the canonical
forms of both: for a twin of a generic network, ‖can(θ') − can(θ)‖ = 0 however far θ' has wandered; for a
network with tied units (duplicates, zeros) the canonical rule can break ties differently, so the distance is
measured and the words follow the measurement (``canonical_verdict``, ``proof_verdict``).
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
from core.symmetry.proof import SAME_FUNCTION, Proof, gap_words, prove

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


SAME_POINT = 1e-9  # canonical forms closer than this (the canonical rule's own tolerance) coincide


@dataclass(frozen=True)
class Verdict:
    kind: str   # "info", "success", "warning" or "error": how the page shows it
    text: str


def proof_verdict(result: LessonResult) -> Verdict:
    """Same or different function, same or different weights: each word from a measured number."""
    proof, n_moves = result.proof, len(result.moves)
    if n_moves == 0:
        return Verdict("info", "No move yet: θ′ = θ. Apply a move above, then compare.")
    if proof.gap > SAME_FUNCTION:
        why = ("a move was done wrongly (see *How*)" if not result.is_twin
               else "rounding piled up over the moves")
        return Verdict("error", f"**Different function.** The {gap_words(proof)}: {why}, so "
                                "the network now computes something else. The difference map lights up where. "
                                "Undo, or Reset.")
    agree = "exactly" if proof.gap == 0 else f"to {proof.gap:.1e}, which is float64 rounding,"
    distance = proof.parameter_distance
    if distance == 0:
        return Verdict("success", f"**Same weights, same function.** The moves cancelled out: every weight is back "
                                  f"where it was (‖θ − θ′‖ = 0), so the outputs agree {agree}.")
    if distance <= SAME_FUNCTION:
        return Verdict("success", f"**Same weights (up to rounding), same function.** The moves cancelled out: the "
                                  f"weights differ by {distance:.1e} only, and the outputs agree {agree}.")
    broken = "" if result.is_twin else (" Although a move was done wrongly, this network's units are alike enough "
                                        "that the function did not change.")
    return Verdict("success", f"**Same function, different weights.** The outputs agree {agree} while the weights "
                              f"moved by {distance:.3g}. The difference map stays blank.{broken}")


def canonical_verdict(result: LessonResult) -> Verdict:
    """Do the canonical forms of θ and θ′ coincide? Said from the measured distance, with why when it matters."""
    distance, twin = result.canonical_distance, result.is_twin and result.proof.gap <= SAME_FUNCTION
    if distance <= SAME_POINT:
        if twin:
            return Verdict("success", f"θ′ is a twin of θ, and their canonical forms coincide (measured distance "
                                      f"{distance:.1e}).")
        return Verdict("warning", f"The canonical forms coincide (distance {distance:.1e}) although a move was done "
                                  "wrongly: on this network the wrong move happened to keep the function.")
    if twin:
        return Verdict("warning", f"θ′ is a twin of θ (same function), yet their canonical forms are {distance:.3g} "
                                  "apart: this network has tied units (duplicate or zero incoming weights), and the "
                                  "canonical rule breaks such ties by position, so it can pick different "
                                  "representatives for twins. The canonical form is unique only for networks without "
                                  "ties.")
    if result.is_twin:
        return Verdict("warning", f"θ′ was made by symmetry moves, but rounding moved its outputs "
                                  f"({gap_words(result.proof)}); their canonical forms are {distance:.3g} apart.")
    return Verdict("warning", f"θ′ came from a broken move and computes a different function "
                              f"({gap_words(result.proof)}): no symmetry can bring it back, and the canonical forms "
                              f"are {distance:.3g} apart.")


def run_lesson(params: Params, activation: str, datasets: Iterable[Dataset],
               history: Iterable[MoveSpec]) -> LessonResult:
    """Replay ``history`` on ``params`` and prove the result against ``params``."""
    moves = tuple(replay(params, activation, history))
    current = moves[-1].after if moves else params
    canonical_distance = parameter_distance(canonical_form(params, activation), canonical_form(current, activation))
    return LessonResult(params, current, moves, prove(params, current, activation, list(datasets)),
                        canonical_distance)
