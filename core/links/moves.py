"""The symmetry lesson's list of moves as a short text a link can carry, exactly.

One move per token, tokens joined by "_" (every character is URL-safe, so links stay readable):

    s1.0.1     swap units 0 and 1 of hidden layer 1
    p2.7       random permutation of layer 2, draw (seed) 7
    f1.2       flip the sign of unit 2 of layer 1
    r1.3.4.0   rescale unit 3 of layer 1 by c = 4.0 (c written with repr: the same double back)
    g5         random group element, draw (seed) 5
    c          move to the canonical form

A broken variant follows its move after "~": ``~io`` incoming only, ``~nb`` without the bias,
``~ro`` rows only, ``~ir`` ignoring the activation's rule. The empty text is "no moves".

Only the fields a kind uses are written, so ``read_moves(moves_text(h))`` gives back the
``normalised`` specs of ``h``; they replay to the same weights bit for bit (the ignored fields
never reach the arithmetic). The reader checks the form and the bounds every network shares;
whether a move fits *this* network (unit 2 of a 2-unit layer) is core.symmetry.moves' check on replay.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence
from typing import Any

from core import limits
from core.links.url_state import MAX_VALUE_CHARS
from core.symmetry.moves import KINDS, PERMUTING, MoveSpec

SEPARATOR, VARIANT_MARK = "_", "~"
LETTERS = {"swap": "s", "permute_layer": "p", "flip": "f", "rescale": "r", "random_element": "g",
           "canonical": "c"}
KIND_OF = {letter: kind for kind, letter in LETTERS.items()}
VARIANT_CODES = {"incoming_only": "io", "without_bias": "nb", "rows_only": "ro", "ignore_rule": "ir"}
VARIANT_OF = {code: variant for variant, code in VARIANT_CODES.items()}
USES = {  # the MoveSpec fields each kind reads (the rest keep their defaults)
    "swap": ("layer", "unit", "other"), "permute_layer": ("layer", "seed"), "flip": ("layer", "unit"),
    "rescale": ("layer", "unit", "scale"), "random_element": ("seed",), "canonical": (),
}
ALLOWED_VARIANTS = {  # for some activation (core.symmetry.moves.variants_for narrows it to the network's)
    **{kind: ("right", "incoming_only", "without_bias", "rows_only") for kind in PERMUTING},
    "flip": ("right", "incoming_only", "ignore_rule"), "rescale": ("right", "incoming_only", "ignore_rule"),
    "canonical": ("right",),
}
INTEGER = re.compile(r"(0|[1-9][0-9]{0,9})\Z")
MAX_LAYER, MAX_UNIT = limits.HIDDEN_LAYERS[1], limits.HIDDEN_WIDTH[1] - 1


def normalised(spec: MoveSpec) -> MoveSpec:
    """The same move with the fields its kind ignores set to their defaults (what a link keeps)."""
    if spec.kind not in USES:
        raise ValueError(f"move kind {spec.kind!r}: must be one of {', '.join(KINDS)}")
    defaults = MoveSpec(spec.kind)
    return dataclasses.replace(defaults, variant=spec.variant,
                               **{name: getattr(spec, name) for name in USES[spec.kind]})


# ---------------------------------------------------------------- writing

def _move_text(spec: MoveSpec) -> str:
    values = [repr(float(spec.scale)) if name == "scale" else str(int(getattr(spec, name)))
              for name in USES[spec.kind]]
    variant = "" if spec.variant == "right" else VARIANT_MARK + VARIANT_CODES[spec.variant]
    return LETTERS[spec.kind] + ".".join(values) + variant


def moves_text(history: Sequence[MoveSpec]) -> str:
    """The link text of a list of MoveSpecs (ValueError if the link could not carry it)."""
    text = SEPARATOR.join(_move_text(normalised(spec)) for spec in history)
    check_fits(history, text)
    return text


def check_fits(history: Iterable[MoveSpec], text: str | None = None) -> None:
    """ValueError unless a link can carry these moves: at most SYMMETRY_LINK_MOVES, and short enough."""
    history = list(history)
    if len(history) > limits.SYMMETRY_LINK_MOVES:
        raise ValueError(f"{len(history)} moves: a link carries at most {limits.SYMMETRY_LINK_MOVES}; "
                         "Undo or Reset first")
    text = SEPARATOR.join(_move_text(normalised(spec)) for spec in history) if text is None else text
    if len(text) > MAX_VALUE_CHARS:
        raise ValueError(f"these {len(history)} moves take {len(text)} characters: a link carries at most "
                         f"{MAX_VALUE_CHARS}; Undo or Reset first")


# ---------------------------------------------------------------- reading

def _integer(text: str, name: str, bounds: tuple[int, int], token: str) -> int:
    if not INTEGER.match(text) or not bounds[0] <= int(text) <= bounds[1]:
        raise ValueError(f"move {token!r}: {name} {text!r} must be an integer in [{bounds[0]}, {bounds[1]}]")
    return int(text)


def _scale(text: str, token: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"move {token!r}: c {text!r} is not a number") from None
    if not 0.0 < value <= limits.SYMMETRY_SCALE[1]:  # also refuses nan and inf
        raise ValueError(f"move {token!r}: c {text!r} must be a number in (0, {limits.SYMMETRY_SCALE[1]:g}]")
    return value


def _read_move(token: str) -> MoveSpec:
    body, _, code = token.partition(VARIANT_MARK)
    if body[:1] not in KIND_OF:
        raise ValueError(f"move {token!r}: must start with one of {', '.join(KIND_OF)} (the kind of move)")
    kind = KIND_OF[body[0]]
    if code and code not in VARIANT_OF:
        raise ValueError(f"move {token!r}: variant {code!r} must be one of {', '.join(VARIANT_OF)}")
    variant = VARIANT_OF.get(code, "right")
    if variant not in ALLOWED_VARIANTS[kind]:
        raise ValueError(f"move {token!r}: variant {code!r} does not exist for {KINDS[kind].lower()}; allowed: "
                         f"{', '.join(VARIANT_CODES[v] for v in ALLOWED_VARIANTS[kind] if v != 'right') or 'none'}")
    names = USES[kind]
    parts = body[1:].split(".", maxsplit=len(names) - 1) if names else ([body[1:]] if body[1:] else [])
    if len(parts) != len(names):
        raise ValueError(f"move {token!r}: {KINDS[kind].lower()} takes {len(names)} number(s)"
                         f" ({', '.join(names) or 'none'})")
    bounds = {"layer": (1, MAX_LAYER), "unit": (0, MAX_UNIT), "other": (0, MAX_UNIT), "seed": limits.SEED}
    values: dict[str, Any] = {name: _scale(part, token) if name == "scale"
                              else _integer(part, name, bounds[name], token)
                              for name, part in zip(names, parts)}
    return MoveSpec(kind, variant=variant, **values)


def read_moves(text: str) -> tuple[MoveSpec, ...]:
    """The moves a link's text stands for, or ValueError naming the first bad move and what is allowed."""
    if not isinstance(text, str):
        raise ValueError(f"moves {type(text).__name__}: must be text")
    if len(text) > MAX_VALUE_CHARS:
        raise ValueError(f"moves text of {len(text)} characters: must be at most {MAX_VALUE_CHARS}")
    tokens = text.strip().split(SEPARATOR) if text.strip() else []
    if len(tokens) > limits.SYMMETRY_LINK_MOVES:
        raise ValueError(f"{len(tokens)} moves: a link carries at most {limits.SYMMETRY_LINK_MOVES}")
    return tuple(_read_move(token) for token in tokens)
