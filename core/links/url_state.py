"""A page's state as a link: typed fields, a forgiving decoder and an exact encoder.

Each page lists its settings as ``Field``s (the URL name, the session key of the widget it
sets, the default and what is allowed). ``decode_query`` turns whatever a link carries into
valid values: an unknown key is ignored with a note, a bad value falls back to the default
with a warning that names it ("w1=abc is not an integer; using 8"). Core functions stay
strict; only this decoder forgives. ``encode_query`` writes every field, floats with
``repr`` (the shortest text that reads back as the same double), so a link reproduces the
view bit for bit.

Besides the fields, a link may carry four flags: ``scene=<id>`` (a guided scene),
``present=1`` (presenter mode), hidden controls, as ``hide=noise,lr`` or, as in
TensorFlow Playground, ``noise_hide=true``, and ``student=1``. A link that hides a control
is a student link even without ``student=1``: the teacher fixed those settings (they are
locked against scenes, phrases and presets, pages/shared/url_sync.py) and the page drops
the tour and the presenter switch so a student stays on the teacher's setup; so a student
link never opens (or writes) ``present=1``: presenter mode hides the sidebar, with no way out.

A link is untrusted text: at most MAX_KEYS keys are read and values longer than
MAX_VALUE_CHARS are refused before any parsing, so no link can make the decoder do much work.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast
from urllib.parse import urlencode

MAX_KEYS = 80             # keys read from one link; the rest are ignored with one note
MAX_VALUE_CHARS = 300     # longer values are refused unparsed
MAX_SHOWN_CHARS = 40      # how much of a bad value a warning repeats
SCENE, PRESENT, HIDE, HIDE_SUFFIX, STUDENT = "scene", "present", "hide", "_hide", "student"
FLAGS = (SCENE, PRESENT, HIDE, STUDENT)
TRUE_WORDS, FALSE_WORDS = ("1", "true", "yes", "on"), ("0", "false", "no", "off")
KINDS = ("int", "float", "choice", "bool", "floats", "choices", "custom")


@dataclass(frozen=True)
class Field:
    """One setting of a page. ``options`` restricts choice/choices fields and discrete numbers
    (a select-slider's steps); ``bounds`` restricts numbers; ``length`` fixes a floats list."""

    name: str
    key: str
    default: Any
    kind: str
    bounds: tuple | None = None
    options: tuple = ()
    length: int | None = None
    reader: Callable[[str], Any] | None = None   # custom: text -> value, ValueError with the reason
    writer: Callable[[Any], str] | None = None   # custom: value -> text
    label: str = ""                              # the control's name on screen ("" where none is given)

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"field kind {self.kind!r}: must be one of {', '.join(KINDS)}")
        self.parse(self.format(self.default))  # a default the field would refuse is a programming error

    def format(self, value: Any) -> str:
        """The value's text in a link (lists comma-separated)."""
        if self.kind == "custom":
            # custom fields come from custom_field, which always passes a writer and a reader
            return cast(Callable[[Any], str], self.writer)(value)
        if self.kind in ("floats", "choices"):
            return ",".join(map(_short, value))
        return _short(value)

    def parse(self, text: str) -> Any:
        """The value a link's text stands for, or ValueError with the reason (not the name)."""
        if not isinstance(text, str):
            raise ValueError("is not text")
        if len(text) > MAX_VALUE_CHARS:
            raise ValueError(f"is longer than {MAX_VALUE_CHARS} characters")
        if self.kind == "int":
            return _check_number(_parse_int(text), self)
        if self.kind == "float":
            return _check_number(_parse_float(text), self)
        if self.kind == "bool":
            return _parse_bool(text)
        if self.kind == "choice":
            return _parse_choice(text, self.options)
        if self.kind == "custom":
            try:
                return cast(Callable[[str], Any], self.reader)(text)  # set for custom fields, as above
            except ValueError as error:  # a reader's reason may quote the link's text: never as Markdown
                raise ValueError(plain_text(str(error))) from None
            except (TypeError, KeyError, IndexError, OverflowError) as error:
                raise ValueError(f"is not readable ({plain_text(str(error))})") from None
        return _parse_list(text, self)


def int_field(name: str, key: str, default: int, bounds: tuple[int, int] | None = None,
              options: Iterable[int] = ()) -> Field:
    """An integer setting: within ``bounds`` (inclusive), or one of ``options`` when given."""
    return Field(name, key, default, "int", bounds=bounds, options=tuple(options))


def float_field(name: str, key: str, default: float, bounds: tuple[float, float] | None = None,
                options: Iterable[float] = ()) -> Field:
    """A number setting, written exactly (repr): within ``bounds`` (inclusive), or one of ``options`` when given."""
    return Field(name, key, default, "float", bounds=bounds, options=tuple(options))


def choice_field(name: str, key: str, default: str, options: Iterable[str]) -> Field:
    """A setting that is one of ``options``."""
    return Field(name, key, default, "choice", options=tuple(options))


def bool_field(name: str, key: str, default: bool) -> Field:
    """An on/off setting, written 1 or 0 (true/false, yes/no, on/off also read)."""
    return Field(name, key, default, "bool")


def floats_field(name: str, key: str, default: Iterable[float], bounds: tuple[float, float], length: int) -> Field:
    """A tuple of exactly ``length`` numbers, each within ``bounds``, written comma-separated."""
    return Field(name, key, tuple(default), "floats", bounds=bounds, length=length)


def choices_field(name: str, key: str, default: Iterable[str | int], options: Iterable[str | int]) -> Field:
    """A tuple of distinct members of ``options``, written comma-separated."""
    return Field(name, key, tuple(default), "choices", options=tuple(options))


def custom_field(name: str, key: str, default: Any, reader: Callable[[str], Any],
                 writer: Callable[[Any], str]) -> Field:
    """A setting with its own text form (a list of moves, a learning-rate schedule): ``reader``
    must raise ValueError (with the reason) for anything it refuses; lengths are capped here."""
    return Field(name, key, default, "custom", reader=reader, writer=writer)


# ---------------------------------------------------------------- one value

def _parse_int(text: str) -> int:
    stripped = text.strip()
    digits = stripped[1:] if stripped[:1] in "+-" else stripped
    if not digits.isascii() or not digits.isdigit():
        raise ValueError("is not an integer")
    return int(stripped)


def _parse_float(text: str) -> float:
    try:
        value = float(text.strip())
    except ValueError:
        raise ValueError("is not a number") from None
    if not math.isfinite(value):
        raise ValueError("is not a finite number")
    return value


def _check_number(value, field: Field):
    if field.options and value not in field.options:
        raise ValueError(f"is not one of {', '.join(map(_short, field.options))}")
    if field.bounds is not None and not field.bounds[0] <= value <= field.bounds[1]:
        low, high = field.bounds
        raise ValueError(f"is outside [{_short(low)}, {_short(high)}]")
    return value


def _parse_bool(text: str) -> bool:
    word = text.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError("is not true or false (1/0)")


def _parse_choice(text: str, options: tuple) -> Any:
    by_text = {_short(option): option for option in options}
    if text not in by_text:
        raise ValueError(f"is not one of {', '.join(by_text)}")
    return by_text[text]


def _parse_list(text: str, field: Field) -> tuple:
    parts = text.split(",") if text.strip() else []
    if field.kind == "floats":
        values = tuple(_check_number(_parse_float(part), field) for part in parts)
        if len(values) != field.length:
            raise ValueError(f"must list exactly {field.length} numbers")
        return values
    values = tuple(_parse_choice(part.strip(), field.options) for part in parts)
    if len(set(values)) != len(values):
        raise ValueError("lists a choice twice")
    return values


def _short(value) -> str:
    """The text a value has in a link (floats by repr: exact and short)."""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def is_valid(field: Field, value: Any) -> bool:
    """True if ``value`` is one the field could have decoded (scenes and tests check with it)."""
    try:
        return field.parse(field.format(value)) == value
    except (ValueError, TypeError):
        return False


# ---------------------------------------------------------------- a whole link

@dataclass(frozen=True)
class Decoded:
    values: dict
    hidden: frozenset = frozenset()
    scene: str | None = None
    present: bool = False
    warnings: tuple = ()
    given: frozenset = field(default=frozenset())  # field names the link set (validly)
    student: bool = False  # student=1, or any hidden control: the teacher fixed the hidden settings


MARKDOWN_SPECIALS = "\\`*_{}[]()<>#+!|~$:."


def plain_text(text: str) -> str:
    """Text that Streamlit's Markdown shows as written: every Markdown character backslash-escaped,
    so a link cannot smuggle a clickable link, an image or emphasis into a warning."""
    clipped = text[: 3 * MAX_SHOWN_CHARS] + ("…" if len(text) > 3 * MAX_SHOWN_CHARS else "")
    return "".join("\\" + char if char in MARKDOWN_SPECIALS else char for char in clipped.replace("\n", " "))


def code_span_text(text: object) -> str:
    """A bad value as a warning may repeat it: truncated, and safe inside a Markdown code span."""
    text = str(text)
    clipped = text[:MAX_SHOWN_CHARS] + ("…" if len(text) > MAX_SHOWN_CHARS else "")
    return clipped.replace("`", "'").replace("\n", " ")


def _last(value):
    """st.query_params hands over the last value of a repeated key; plain dicts may hold lists."""
    if isinstance(value, (list, tuple)):
        return value[-1] if value else ""
    return value


def _hidden_names(query: dict, names: set, warnings: list) -> set:
    hidden = set()
    listed = [item.strip() for item in str(query.get(HIDE, "")).split(",") if item.strip()]
    for key, value in query.items():
        if key.endswith(HIDE_SUFFIX) and key != HIDE and _parse_flag(value):
            listed.append(key[: -len(HIDE_SUFFIX)])
    for name in listed[:MAX_KEYS]:
        if name in names:
            hidden.add(name)
        else:
            warnings.append(f"`hide={code_span_text(name)}` names no control of this page; ignored")
    return hidden


def _parse_flag(value) -> bool:
    try:
        return _parse_bool(str(value)[:MAX_VALUE_CHARS])
    except ValueError:
        return False


def _scene(query: dict, scenes, warnings: list) -> str | None:
    if SCENE not in query:
        return None
    scene = str(query[SCENE])
    if scene in scenes:
        return scene
    warnings.append(f"`scene={code_span_text(scene)}` is not a scene of this page; showing the page without one")
    return None


def decode_query(fields: Sequence[Field], query: Mapping, *, scenes: Container[str] = ()) -> Decoded:
    """Valid values for every field from an untrusted link, and a warning for each thing refused."""
    by_name = {f.name: f for f in fields}
    items = list(query.items()) if hasattr(query, "items") else []
    warnings = [f"the link carries {len(items)} settings; only the first {MAX_KEYS} were read"] \
        if len(items) > MAX_KEYS else []
    query = {str(key)[:MAX_VALUE_CHARS]: _last(value) for key, value in items[:MAX_KEYS]}
    values, given = {f.name: f.default for f in fields}, set()
    for key, text in query.items():
        if key in by_name:
            try:
                values[key] = by_name[key].parse(text)
                given.add(key)
            except ValueError as reason:
                default = by_name[key].format(by_name[key].default)
                fallback = code_span_text(default) if default else "the default (none)"
                warnings.append(f"`{key}={code_span_text(text)}` {reason}; using {fallback}")
        elif key not in FLAGS and not key.endswith(HIDE_SUFFIX):
            warnings.append(f"`{code_span_text(key)}` is not a setting of this page; ignored")
    hidden = _hidden_names(query, set(by_name), warnings)
    present = _parse_flag(query.get(PRESENT, "0"))
    student = bool(hidden) or _parse_flag(query.get(STUDENT, "0"))
    if student and present:  # presenter mode hides the sidebar, and a student link has no switch to leave it
        present = False
        warnings.append(f"`{PRESENT}=1` is for the teacher's projector; a student link opens without presenter "
                        "mode, so the controls in the sidebar stay in reach")
    return Decoded(values, frozenset(hidden), _scene(query, scenes, warnings), present, tuple(warnings),
                   frozenset(given), student)


def encode_query(fields: Sequence[Field], values: Mapping, *, hidden: Iterable[str] = (), scene: str | None = None,
                 present: bool = False, student: bool = False) -> dict:
    """The link's query for these values: every field, in the page's order, then the flags
    (``student=1`` is written whenever the link is a student link, so it survives being written back;
    ``present=1`` never is on a student link: a student has no switch to leave presenter mode)."""
    query = {f.name: f.format(values.get(f.name, f.default)) for f in fields}
    if hidden:
        query[HIDE] = ",".join(f.name for f in fields if f.name in set(hidden))
    if scene:
        query[SCENE] = scene
    if present and not (student or hidden):
        query[PRESENT] = "1"
    if student or hidden:
        query[STUDENT] = "1"
    return query


def share_link(base_url: str, query: Mapping) -> str:
    """The full link: the page's address without its old query, then this query."""
    return base_url.split("?")[0].split("#")[0] + ("?" + urlencode(query) if query else "")
