"""The stabiliser of one network: the elements g of the finite symmetry group with g·θ = θ exactly.

The finite group G is the one core.symmetry.group.group_order counts: permutations of each hidden
layer's units, times sign flips where the activation admits them (odd activations; the sigmoid's
affine flip). Its orbit through θ has |G| / |Stab(θ)| points (orbit-stabiliser), which is the number
of distinct twins of θ (docs/theory.md#distinct-twins).

Equality is exact: θ's float64 numbers are taken as exact real numbers and g·θ = θ is decided without
rounding. Permutations and sign flips only move and negate numbers, so comparing bits (with −0 = +0)
is exact; the sigmoid's flip also adds outgoing columns to the next bias, and those sums are decided
with math.fsum, whose result is 0 exactly when the real sum is 0.

How |Stab(θ)| is found without listing it (it can hold 10¹⁴ elements): a stabiliser chain. Fix the
hidden units one by one (layer 1 first); the order is the product, over the units, of the size of the
unit's orbit under the elements that fix every unit before it. A point of an orbit is (position, sign):
where the unit can go and with which sign. Whether a candidate point is reached is decided by a
backtracking search for one stabiliser element that sends the unit there; elements found are kept, and
the orbit is closed under them, so most candidates need no search. Candidates are pruned by exact
incoming rows and by invariants computed backwards from the fixed outputs.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from core.engine.activations import get_activation
from core.engine.mlp import Params, require_params
from core.symmetry.checks import admits_sign_flip
from core.symmetry.group import GroupElement

NODE_BUDGET = 500_000  # search steps per count; generic and plainly degenerate networks need far fewer

Point = tuple[int, int]             # (position, sign) of one unit
Unit = tuple[int, int]              # (hidden layer 1..L, unit)


class TooManyCoincidences(ValueError):
    """The exact search would take too long (many units alike in a tangled way)."""


def _bytes(values) -> bytes:
    # + 0.0 turns −0.0 into +0.0, so the bytes are equal exactly when the numbers are.
    return (np.asarray(values, dtype=np.float64) + 0.0).tobytes()


@dataclass(frozen=True, eq=False)
class Automorphism:
    """One stabiliser element: ``moved[(l, u)]`` = (position, sign) of unit u of hidden layer l; a unit
    not listed stays where it is with sign +1."""

    moved: dict[Unit, Point]

    def send(self, layer: int, point: Point) -> Point:
        """Where this element sends unit ``point`` = (position, sign) of hidden layer ``layer``."""
        position, sign = self.moved.get((layer, point[0]), (point[0], 1))
        return position, sign * point[1]

    @property
    def is_identity(self) -> bool:
        """True when every listed unit stays where it is with sign +1 (a clone "swap" of a unit with itself)."""
        return all(point == (unit, 1) for (_, unit), point in self.moved.items())

    def element(self, hidden_widths: Sequence[int]) -> GroupElement:
        """This element as a core.symmetry.group.GroupElement (perm[position] = unit, sign on the unit)."""
        perms = [list(range(d)) for d in hidden_widths]
        signs = [[1] * d for d in hidden_widths]
        for (layer, unit), (position, sign) in self.moved.items():
            perms[layer - 1][position] = unit
            signs[layer - 1][unit] = sign
        return GroupElement(tuple(tuple(p) for p in perms), tuple(tuple(s) for s in signs),
                            tuple((1.0,) * d for d in hidden_widths))


class _Search:
    """Everything fixed about θ that the searches reuse: signs allowed, lookup tables, invariants."""

    def __init__(self, params: Params, activation: str):
        act = get_activation(activation)
        self.weights = [np.asarray(w, dtype=np.float64) for w in params.weights]
        self.biases = [np.asarray(b, dtype=np.float64) for b in params.biases]
        self.widths = params.hidden_widths
        self.depth = len(self.widths)
        self.signs = (1, -1) if admits_sign_flip(act) else (1,)
        self.affine = act.name == "sigmoid"  # its flip moves the outgoing column into the next bias
        self.labels = self._backward_labels()
        self.tables = [self._table(layer) for layer in range(1, self.depth + 1)]
        self.nodes = 0

    def _backward_labels(self) -> list[np.ndarray]:
        """A label per unit that every stabiliser element keeps (unit and image share it).

        Last hidden layer: its outgoing column (up to sign where flips exist). Earlier layers: the
        multiset of (label of the next unit, outgoing weight, up to sign where flips exist).
        """
        labels: list[np.ndarray] = [np.zeros(0, dtype=int)] * self.depth
        out = self.weights[self.depth]
        keys: list = []
        for u in range(self.widths[-1]):
            column = out[:, u] + 0.0
            if len(self.signs) == 2:
                nonzero = np.flatnonzero(column)
                column = column * (np.sign(column[nonzero[0]]) if nonzero.size else 1.0) + 0.0
            keys.append(column.tobytes())
        labels[-1] = self._number(keys)
        for layer in range(self.depth - 1, 0, -1):
            w = self.weights[layer]  # rows: units of layer + 1, columns: units of layer
            values = np.abs(w) if len(self.signs) == 2 else w + 0.0
            nxt = labels[layer]
            keys = [tuple(sorted(zip(nxt.tolist(), values[:, u].tolist()))) for u in range(self.widths[layer - 1])]
            labels[layer - 1] = self._number(keys)
        return labels

    @staticmethod
    def _number(keys: list) -> np.ndarray:
        seen: dict = {}
        return np.array([seen.setdefault(k, len(seen)) for k in keys], dtype=int)

    def _key(self, layer: int, unit: int, row: np.ndarray, sign: int) -> tuple:
        """What must agree between a unit (its row already moved by the previous layer) and its image."""
        key: tuple = (int(self.labels[layer - 1][unit]), _bytes(sign * row))
        if not self.affine:
            key += (_bytes(sign * self.biases[layer - 1][unit]),)
        if layer == self.depth:
            key += (_bytes(sign * self.weights[layer][:, unit]),)
        return key

    def _table(self, layer: int) -> dict:
        table: dict = {}
        rows = self.weights[layer - 1]
        for i in range(self.widths[layer - 1]):
            table.setdefault(self._key(layer, i, rows[i], 1), []).append(i)
        return table

    def moved_rows(self, layer: int, previous: Sequence[Point] | None) -> tuple[np.ndarray, np.ndarray]:
        """W_{l-1} with its columns moved by the previous hidden layer's images, and its flipped columns."""
        w = self.weights[layer - 1]
        if previous is None:  # layer 1: the inputs never move
            return w, np.zeros(w.shape[1], dtype=bool)
        moved = np.empty_like(w)
        positions = np.array([p for p, _ in previous])
        signs = np.array([s for _, s in previous], dtype=np.float64)
        moved[:, positions] = w * signs[None, :]
        return moved, signs < 0

    def candidates(self, layer: int, unit: int, rows: np.ndarray, flipped: np.ndarray) -> list[Point]:
        """Every (position, sign) whose row, bias, label (and, in the last layer, outgoing column) match."""
        found = []
        for sign in self.signs:
            for position in self.tables[layer - 1].get(self._key(layer, unit, rows[unit], sign), ()):
                if self.affine and not self._affine_bias_ok(layer, unit, position, sign, flipped):
                    continue
                found.append((position, sign))
        return found

    def _affine_bias_ok(self, layer: int, unit: int, position: int, sign: int, flipped: np.ndarray) -> bool:
        # sigmoid: sign · (b[u] + Σ_{flipped k} W[u, k]) = b[position], decided exactly by fsum.
        b, w = self.biases[layer - 1], self.weights[layer - 1]
        return math.fsum([b[unit], *w[unit, flipped].tolist(), -sign * b[position]]) == 0.0

    def outputs_ok(self, last: Sequence[Point]) -> bool:
        """sigmoid only: the output bias gains Σ of the flipped last-layer columns, which must be 0."""
        if not self.affine:
            return True
        flipped = [u for u, (_, s) in enumerate(last) if s < 0]
        out = self.weights[self.depth]
        return all(math.fsum(out[k, flipped].tolist()) == 0.0 for k in range(out.shape[0]))

    def extend(self, fixed: dict[Unit, Point]) -> Automorphism | None:
        """One stabiliser element that agrees with ``fixed``, or None: depth-first, unit by unit."""
        order = [(layer, u) for layer in range(1, self.depth + 1) for u in range(self.widths[layer - 1])]
        images: list[list[Point]] = [[(-1, 0)] * d for d in self.widths]
        used: list[set[int]] = [set() for _ in self.widths]
        context: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        options: list = [None] * len(order)
        index = 0
        while True:
            if index == len(order):
                if self.outputs_ok(images[-1]):
                    return Automorphism({(layer, u): p for layer, row in enumerate(images, start=1)
                                         for u, p in enumerate(row) if p != (u, 1)})
                index -= 1
                continue
            layer, unit = order[index]
            if options[index] is None:
                if unit == 0:
                    context[layer] = self.moved_rows(layer, images[layer - 2] if layer > 1 else None)
                rows, flipped = context[layer]
                found = self.candidates(layer, unit, rows, flipped)
                if (layer, unit) in fixed:
                    found = [p for p in found if p == fixed[(layer, unit)]]
                else:  # try "stay where you are" first: the elements found then move few units
                    found.sort(key=lambda p: p != (unit, 1))
                options[index] = iter(found)
            elif images[layer - 1][unit][1]:
                used[layer - 1].discard(images[layer - 1][unit][0])  # undo this unit's last choice
                images[layer - 1][unit] = (-1, 0)
            choice = next((p for p in options[index] if p[0] not in used[layer - 1]), None)
            self.nodes += 1
            if self.nodes > NODE_BUDGET:
                raise TooManyCoincidences(
                    f"network with hidden widths {list(self.widths)}: its units coincide in too tangled a way to "
                    f"count its distinct twins exactly within {NODE_BUDGET:,} search steps")
            if choice is None:
                options[index] = None
                index -= 1
                if index < 0:
                    return None
                continue
            images[layer - 1][unit] = choice
            used[layer - 1].add(choice[0])
            index += 1


def _clone_swap(search: _Search, layer: int, unit: int, point: Point) -> Automorphism | None:
    """The element that swaps ``unit`` with an exact clone (or flips a unit that is all zeros), or None.

    Called with every earlier unit fixed, so a candidate already has the unit's incoming row and bias
    (times its sign); if its outgoing column is the same (times the sign) too, exchanging the two units
    changes no number at all, and no search is needed. This holds for the sigmoid's flip too: the two
    outgoing columns it adds to the next bias are negatives of each other (or both zero), so they cancel.
    """
    position, sign = point
    outgoing = search.weights[layer]
    if _bytes(sign * outgoing[:, unit]) != _bytes(outgoing[:, position]):
        return None
    return Automorphism({(layer, unit): (position, sign), (layer, position): (unit, sign)})


def _closure(layer: int, start: Point, generators: list[Automorphism]) -> set[Point]:
    orbit, frontier = {start}, [start]
    while frontier:
        point = frontier.pop()
        for g in generators:
            image = g.send(layer, point)
            if image not in orbit:
                orbit.add(image)
                frontier.append(image)
    return orbit


@dataclass(frozen=True, eq=False)
class Stabiliser:
    order: int                      # |Stab(θ)|
    witness: Automorphism | None    # one non-identity element found by the search (None when order is 1)


def stabiliser_order(params: Params, activation: str) -> int:
    """|Stab(θ)|: how many elements of the finite group fix θ exactly (1 for a generic network)."""
    return stabiliser(params, activation).order


def stabiliser(params: Params, activation: str) -> Stabiliser:
    """|Stab(θ)| and, when it exceeds 1, one element other than the identity that fixes θ (the first found)."""
    search = _Search(require_params(params), activation)
    fixed: dict[Unit, Point] = {}
    order = 1
    witness: Automorphism | None = None
    for layer in range(1, search.depth + 1):
        # Every earlier layer is fixed unit by unit to itself, so its columns do not move.
        rows, flipped = search.weights[layer - 1], np.zeros(search.weights[layer - 1].shape[1], dtype=bool)
        for unit in range(search.widths[layer - 1]):
            taken = {fixed[(layer, v)][0] for v in range(unit)}
            candidates = [p for p in search.candidates(layer, unit, rows, flipped) if p[0] not in taken]
            # Clones are reached by one swap each (no search); only the rest may need the closure or a search.
            swaps = [g for g in (_clone_swap(search, layer, unit, p) for p in candidates) if g is not None]
            orbit: set[Point] = {(unit, 1)} | {g.send(layer, (unit, 1)) for g in swaps}
            generators: list[Automorphism] = swaps
            for point in candidates:
                if point in orbit:
                    continue
                found = search.extend({**fixed, (layer, unit): point})
                if found is not None:
                    generators.append(found)
                    orbit = _closure(layer, (unit, 1), generators)
            if witness is None:
                witness = next((g for g in generators if not g.is_identity), None)
            order *= len(orbit)
            fixed[(layer, unit)] = (unit, 1)
    return Stabiliser(order, witness)
