"""A network as a JSON file: weights, activation, widths, seeds and (optionally) the move that made it.

Export and import must agree bit for bit: ``json`` writes a float with ``repr``, the shortest
decimal that reads back as the same double, so ``decode(encode(θ))`` has exactly θ's bits.

Import is hostile-input safe: plain ``json`` (never pickle or eval), a size cap checked before
parsing, a fixed schema (unknown or duplicate keys are errors), exact shapes, finite numbers
only (NaN, Infinity and overflowing literals such as 1e999 are refused). Every problem is a
ValueError or TypeError that names the key, the value and what is allowed. A UTF-8 byte-order
mark (Windows editors write one) is accepted, as RFC 8259 allows; a UTF-16 file is named as such.
A file's claim that its transformation is a symmetry is checked against the activation, not trusted.

Two sets of limits: ``APP_FILES`` (the default of encode and decode: what the web app imports and
exports, core.limits.CLASSROOM's widths and 1 MB) and ``SCRIPT_FILES`` (the default of :func:`save`
and :func:`load`, for networks of research size from a script). Either is passed as ``limits=``.
"""

from __future__ import annotations

import codecs
import dataclasses
import json
import math
import numbers
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from core import limits
from core.engine.activations import ACTIVATIONS, get_activation
from core.engine.data import ALL_DATASET_LABELS
from core.engine.experiment import Experiment
from core.engine.experiment_shape import data_shape
from core.engine.init_schemes import SCHEME_LABELS
from core.engine.mlp import Params
from core.engine.optimizers import OPTIMIZERS
from core.symmetry.checks import admits_rescaling, admits_sign_flip
from core.symmetry.group import GroupElement
from core.validation import check_choice, check_float, check_int, check_widths

FORMAT = "equivalence-lab/network"
VERSION = 1
MAX_BYTES = 1_000_000  # 1 MB: a 2-64-64-64-64-1 network is about a quarter of that
MAX_NOTE = 500
REQUIRED = ("format", "version", "activation", "widths", "weights", "biases")
OPTIONAL = ("seeds", "experiment", "transformation", "note", "provenance")
PROVENANCE_KEYS = ("link", "seeds", "app")  # core.exports.stamp.stamped_json: where an exported file came from
MAX_LINK, MAX_APP, MAX_SEED_NAMES, MAX_SEED_NAME = 2_000, 100, 20, 40
SEED_KEYS = ("data_seed", "init_seed")
TRANSFORMATION_KEYS = ("description", "is_symmetry", "perms", "signs", "scales")


@dataclass(frozen=True)
class FileLimits:
    """What one network file may hold: its size in bytes and the widths of its network."""

    max_bytes: int
    widths: limits.EngineLimits


APP_FILES = FileLimits(MAX_BYTES, limits.CLASSROOM)  # uploads and downloads of the web app
# Scripts: 1 GiB of JSON (about 50 million parameters; json needs several times that in memory).
SCRIPT_FILES = FileLimits(2**30, limits.LIBRARY)


@dataclass(frozen=True, eq=False)
class NetworkFile:
    """A decoded network file. ``transformation`` is None or a dict with ``description``,
    ``is_symmetry`` and, for a group element, ``element`` (a GroupElement)."""

    params: Params
    activation: str
    seeds: dict | None = None
    experiment: Experiment | None = None
    transformation: dict | None = None
    note: str | None = None
    provenance: dict | None = None  # {"link": str, "seeds": {name: int}, "app": str}


# ---------------------------------------------------------------- export

def encode(params: Params, activation: str, *, experiment: Experiment | None = None, seeds: dict | None = None,
           transformation: dict | None = None, note: str | None = None, limits: FileLimits = APP_FILES) -> str:
    """The JSON text of a network. Every export imports: encode refuses, with decode's own words, any
    network ``decode(..., limits=limits)`` would refuse (widths outside the limits, a file over their
    ``max_bytes``, settings or seeds out of range, a symmetry claim the activation does not support),
    so no file is ever written that cannot be read back."""
    if not isinstance(params, Params):
        raise TypeError(f"params {type(params).__name__}: must be core.engine.mlp.Params")
    check_choice(activation, "activation", ACTIVATIONS)
    file_limits = _check_file_limits(limits)
    check_widths(params.widths, limits=file_limits.widths)  # decode's check (fails fast, before the text is built)
    payload = {"format": FORMAT, "version": VERSION, "activation": activation, "widths": list(params.widths),
               **params.to_dict()}
    if experiment is not None:
        payload["experiment"] = _experiment_dict(experiment)
        seeds = seeds or {"data_seed": experiment.data_seed, "init_seed": experiment.init_seed}
    if seeds is not None:
        payload["seeds"] = {key: int(seeds[key]) for key in SEED_KEYS}
    if transformation is not None:
        payload["transformation"] = _transformation_dict(transformation)
    if note is not None:
        payload["note"] = str(note)[:MAX_NOTE]
    text = json.dumps(payload, allow_nan=False)
    size = len(text.encode("utf-8"))
    if size > file_limits.max_bytes:
        raise ValueError(f"network JSON would be {size:,} bytes: the file limit is {_size(file_limits.max_bytes)}; "
                         "use a smaller network")
    decode(text, limits=file_limits)  # the guarantee: whatever decode refuses is refused here, in decode's words
    return text


def save(path: str | os.PathLike, params: Params, activation: str, *, experiment: Experiment | None = None,
         seeds: dict | None = None, transformation: dict | None = None, note: str | None = None,
         limits: FileLimits = SCRIPT_FILES) -> Path:
    """Write :func:`encode`'s text to ``path`` (UTF-8, no byte-order mark) and return the path.

    The limits default to SCRIPT_FILES; a file meant for the web app's import needs ``limits=APP_FILES``
    (then it is refused here, in the app's words, if the app would refuse it)."""
    text = encode(params, activation, experiment=experiment, seeds=seeds, transformation=transformation,
                  note=note, limits=limits)
    target = Path(path)
    target.write_text(text, encoding="utf-8")
    return target


def load(path: str | os.PathLike, *, limits: FileLimits = SCRIPT_FILES) -> NetworkFile:
    """Read and :func:`decode` the network file at ``path``; never reads more than the size limit
    (plus one byte, to tell an over-size file apart)."""
    file_limits = _check_file_limits(limits)
    with open(path, "rb") as file:
        data = file.read(file_limits.max_bytes + 1)
    return decode(data, limits=file_limits)


def _check_file_limits(value) -> FileLimits:
    if not isinstance(value, FileLimits):
        raise TypeError(f"limits {type(value).__name__}: must be a FileLimits, e.g. "
                        "core.exports.network_json.APP_FILES or SCRIPT_FILES")
    return value


def _size(n_bytes: int) -> str:
    return f"{n_bytes:,} bytes (1 MB)" if n_bytes == MAX_BYTES else f"{n_bytes:,} bytes"


def _experiment_dict(experiment: Experiment) -> dict:
    settings = dataclasses.asdict(experiment)
    settings["hidden"] = list(settings["hidden"])
    return settings


def _transformation_dict(transformation: dict) -> dict:
    out = {"description": str(transformation.get("description", ""))[:MAX_NOTE],
           "is_symmetry": bool(transformation.get("is_symmetry", False))}
    element = transformation.get("element")
    if element is not None:
        out.update(perms=[list(p) for p in element.perms], signs=[list(s) for s in element.signs],
                   scales=[list(c) for c in element.scales])
    return out


# ---------------------------------------------------------------- import

def decode(data: bytes | bytearray | str, *, limits: FileLimits = APP_FILES) -> NetworkFile:
    """Parse and validate network JSON (bytes or str) into a NetworkFile, within ``limits``."""
    file_limits = _check_file_limits(limits)
    payload = _parse(data, file_limits.max_bytes)
    if not isinstance(payload, dict):
        raise ValueError(f"network JSON is a {_json_type(payload)}: must be an object with keys {', '.join(REQUIRED)}")
    _check_keys(payload, REQUIRED, OPTIONAL, "network JSON")
    if payload["format"] != FORMAT:
        raise ValueError(f"format {payload['format']!r}: must be {FORMAT!r}")
    if payload["version"] != VERSION or isinstance(payload["version"], bool):
        raise ValueError(f"version {payload['version']!r}: must be {VERSION}")
    activation = check_choice(payload["activation"], "activation", ACTIVATIONS)
    widths = _widths(payload["widths"], file_limits.widths)
    params = _params(payload["weights"], payload["biases"], widths)
    experiment = _experiment(payload.get("experiment"), widths, activation)
    seeds = _seeds(payload.get("seeds"), experiment)
    transformation = _transformation(payload.get("transformation"), params, activation)
    note = payload.get("note")
    if note is not None and (not isinstance(note, str) or len(note) > MAX_NOTE):
        raise ValueError(f"note: must be a string of at most {MAX_NOTE} characters")
    provenance = _provenance(payload.get("provenance"))
    return NetworkFile(params, activation, seeds, experiment, transformation, note, provenance)


def _parse(data, max_bytes: int):
    if isinstance(data, str):
        data = data.encode("utf-8")
    if not isinstance(data, (bytes, bytearray)):
        raise TypeError(f"network JSON {type(data).__name__}: must be bytes or str")
    if len(data) > max_bytes:
        raise ValueError(f"network JSON is {len(data):,} bytes: must be at most {_size(max_bytes)}")
    data = bytes(data)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and not data.startswith(codecs.BOM_UTF32_LE):
        raise ValueError("network JSON is UTF-16 text (it starts with a UTF-16 byte-order mark), not UTF-8: "
                         "save the file as UTF-8")
    data = data.removeprefix(codecs.BOM_UTF8)  # RFC 8259 lets a parser ignore a UTF-8 byte-order mark
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError("network JSON is not UTF-8 text (is it a JSON file?)") from None
    try:
        return json.loads(text, parse_constant=_refuse_constant, parse_float=_finite_float,
                          parse_int=_bounded_int, object_pairs_hook=_unique_keys)
    except json.JSONDecodeError as error:
        raise ValueError(f"network JSON is not valid JSON ({error.msg} at line {error.lineno}, "
                         f"column {error.colno}); was the file cut short?") from None
    except RecursionError:
        raise ValueError("network JSON is nested too deeply: weights are lists of lists of numbers") from None


def _refuse_constant(name: str):
    raise ValueError(f"network JSON contains {name}: every number must be finite")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"network JSON contains the number {text[:40]}, which overflows a double: "
                         "every number must be finite")
    return value


def _bounded_int(text: str) -> int:
    if len(text) > 310:  # beyond any finite double (1.8e308); also spares int()'s 4,300-digit limit
        raise ValueError(f"network JSON contains an integer with {len(text)} digits: numbers must be finite doubles")
    return int(text)


def _unique_keys(pairs) -> dict:
    out = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"network JSON repeats the key {key!r}: every key may appear once")
        out[key] = value
    return out


def _json_type(value) -> str:
    return {dict: "object", list: "list", str: "string", bool: "boolean", type(None): "null"}.get(
        type(value), "number")


def _check_keys(obj: dict, required, optional, name: str) -> None:
    allowed = tuple(required) + tuple(optional)
    for key in obj:
        if key not in allowed:
            raise ValueError(f"{name} has the unknown key {key!r}: allowed keys are {', '.join(allowed)}")
    for key in required:
        if key not in obj:
            raise ValueError(f"{name} is missing the key {key!r}: required keys are {', '.join(required)}")


def _widths(value, bounds: limits.EngineLimits) -> tuple[int, ...]:
    if not isinstance(value, list):
        raise TypeError(f"widths {_short(value)}: must be a list of integers (input, hidden..., output)")
    return check_widths(value, limits=bounds)


def _number(value, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} = {_short(value)}: must be a number")
    try:
        number = float(value)
    except OverflowError:
        raise ValueError(f"{name} = {_short(value)}: too large for a double; must be a finite number") from None
    if not math.isfinite(number):
        raise ValueError(f"{name} = {_short(value)}: must be a finite number")
    return number


def _vector(value, name: str, length: int) -> list[float]:
    if not isinstance(value, list):
        raise TypeError(f"{name} is a {_json_type(value)}: must be a list of {length} numbers")
    if len(value) != length:
        raise ValueError(f"{name} has {len(value)} entries: must have {length}")
    return [_number(entry, f"{name}[{i}]") for i, entry in enumerate(value)]


def _params(weights, biases, widths) -> Params:
    layers = len(widths) - 1
    for name, value in (("weights", weights), ("biases", biases)):
        if not isinstance(value, list) or len(value) != layers:
            got = f"{len(value)} entries" if isinstance(value, list) else f"a {_json_type(value)}"
            raise ValueError(f"{name} has {got}: must be a list of {layers} (one per layer of widths {list(widths)})")
    matrices, vectors = [], []
    for i, (d_in, d_out) in enumerate(zip(widths[:-1], widths[1:])):
        rows = weights[i]
        if not isinstance(rows, list) or len(rows) != d_out:
            got = f"{len(rows)} rows" if isinstance(rows, list) else f"a {_json_type(rows)}"
            raise ValueError(f"weights[{i}] has {got}: must have {d_out} rows of {d_in} numbers "
                             f"(shape {d_out}×{d_in} from widths)")
        matrices.append([_vector(row, f"weights[{i}][{r}]", d_in) for r, row in enumerate(rows)])
        vectors.append(_vector(biases[i], f"biases[{i}]", d_out))
    return Params(tuple(np.array(m, dtype=np.float64).reshape(len(m), -1) for m in matrices),
                  tuple(np.array(v, dtype=np.float64) for v in vectors))


def _seed(value, name: str) -> int:
    return check_int(value, name, limits.SEED)


def _seeds(value, experiment: Experiment | None) -> dict | None:
    if value is None:
        return None if experiment is None else {key: getattr(experiment, key) for key in SEED_KEYS}
    if not isinstance(value, dict):
        raise TypeError(f"seeds is a {_json_type(value)}: must be an object with keys {', '.join(SEED_KEYS)}")
    _check_keys(value, SEED_KEYS, (), "seeds")
    seeds = {key: _seed(value[key], f"seeds.{key}") for key in SEED_KEYS}
    if experiment is not None:
        for key in SEED_KEYS:
            if seeds[key] != getattr(experiment, key):
                raise ValueError(f"seeds.{key} = {seeds[key]} disagrees with experiment.{key} = "
                                 f"{getattr(experiment, key)}: they must be equal")
    return seeds


_EXPERIMENT_FIELDS = {f.name: f for f in dataclasses.fields(Experiment)}


def _experiment(value, widths, activation) -> Experiment | None:
    """The training settings the network came from, checked against the limits every page uses."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise TypeError(f"experiment is a {_json_type(value)}: must be an object of training settings")
    checked = checked_experiment(value, Experiment(hidden=widths[1:-1], activation=activation))
    if checked.hidden != widths[1:-1] or checked.activation != activation:
        raise ValueError(f"experiment describes a {checked.activation} network with hidden widths "
                         f"{list(checked.hidden)}: must match the file's {activation} network with hidden widths "
                         f"{list(widths[1:-1])}")
    _, inputs, outputs = data_shape(checked)  # the network the settings build on their data (a real table's own)
    if (widths[0], widths[-1]) != (inputs, outputs):
        raise ValueError(f"experiment.dataset {checked.dataset!r} gives networks {inputs} input(s) and {outputs} "
                         f"output(s): must match the file's network, {widths[0]} input(s) and {widths[-1]} "
                         "output(s)")
    return checked


def checked_experiment(value: dict, defaults: Experiment = Experiment()) -> Experiment:  # noqa: B008 (frozen: safe)
    """Training settings from a dict (missing keys from ``defaults``), each checked against core.limits
    (also used by links that carry a Train lesson network, core/links/experiment.py)."""
    _check_keys(value, (), tuple(_EXPERIMENT_FIELDS), "experiment")
    s = {**_experiment_dict(defaults), **value}
    hidden = _list(s["hidden"], "experiment.hidden")
    check_int(len(hidden), "experiment.hidden layers", limits.HIDDEN_LAYERS)
    return Experiment(
        dataset=check_choice(s["dataset"], "experiment.dataset", ALL_DATASET_LABELS),
        n_samples=check_int(s["n_samples"], "experiment.n_samples", limits.N_SAMPLES),
        noise=check_float(s["noise"], "experiment.noise", limits.NOISE),
        test_fraction=check_float(s["test_fraction"], "experiment.test_fraction", limits.TEST_FRACTION),
        hidden=tuple(check_int(d, "experiment.hidden width", limits.HIDDEN_WIDTH)
                     for d in hidden),
        activation=check_choice(s["activation"], "experiment.activation", ACTIVATIONS),
        init_scheme=check_choice(s["init_scheme"], "experiment.init_scheme", SCHEME_LABELS),
        init_scale=check_float(s["init_scale"], "experiment.init_scale", limits.INIT_SCALE),
        optimizer=check_choice(s["optimizer"], "experiment.optimizer", OPTIMIZERS),
        learning_rate=check_float(s["learning_rate"], "experiment.learning_rate", limits.LEARNING_RATE),
        batch_size=None if s["batch_size"] is None else check_int(s["batch_size"], "experiment.batch_size",
                                                                   limits.BATCH_SIZE),
        steps=check_int(s["steps"], "experiment.steps", limits.STEPS),
        data_seed=_seed(s["data_seed"], "experiment.data_seed"),
        init_seed=_seed(s["init_seed"], "experiment.init_seed"),
    )


def _provenance(value) -> dict | None:
    """The share link and seeds an export was stamped with (kept as data, never followed)."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise TypeError(f"provenance is a {_json_type(value)}: must be an object with keys "
                        f"{', '.join(PROVENANCE_KEYS)}")
    _check_keys(value, PROVENANCE_KEYS, (), "provenance")
    for key, most in (("link", MAX_LINK), ("app", MAX_APP)):
        if not isinstance(value[key], str) or len(value[key]) > most:
            raise ValueError(f"provenance.{key} = {_short(value[key])}: must be a string of at most {most} characters")
    seeds = value["seeds"]
    if not isinstance(seeds, dict) or len(seeds) > MAX_SEED_NAMES:
        raise ValueError(f"provenance.seeds = {_short(seeds)}: must be an object of at most {MAX_SEED_NAMES} "
                         "seeds (name: integer)")
    for name, seed in seeds.items():
        if len(name) > MAX_SEED_NAME:
            raise ValueError(f"provenance.seeds has the name {_short(name)}: names have at most {MAX_SEED_NAME} "
                             "characters")
        _seed(seed, f"provenance.seeds.{name}")
    return {"link": value["link"], "seeds": dict(seeds), "app": value["app"]}


def _list(value, name: str) -> list:
    if not isinstance(value, list):
        raise TypeError(f"{name} is a {_json_type(value)}: must be a list")
    return value


def _transformation(value, params: Params, activation: str) -> dict | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise TypeError(f"transformation is a {_json_type(value)}: must be an object")
    _check_keys(value, ("description", "is_symmetry"), ("perms", "signs", "scales"), "transformation")
    description, is_symmetry = value["description"], value["is_symmetry"]
    if not isinstance(description, str) or len(description) > MAX_NOTE:
        raise ValueError(f"transformation.description: must be a string of at most {MAX_NOTE} characters")
    if not isinstance(is_symmetry, bool):
        raise TypeError(f"transformation.is_symmetry = {_short(is_symmetry)}: must be true or false")
    parts = [key for key in ("perms", "signs", "scales") if key in value]
    if parts and len(parts) != 3:
        raise ValueError(f"transformation has {', '.join(parts)}: a group element needs all of perms, signs, scales")
    element: GroupElement | None = None
    if parts:
        element = GroupElement(*(
            tuple(tuple(_list(layer, f"transformation.{key} layer"))
                  for layer in _list(value[key], f"transformation.{key}"))
            for key in ("perms", "signs", "scales")))
        if element.hidden_widths != params.hidden_widths:
            raise ValueError(f"transformation acts on hidden widths {list(element.hidden_widths)}: "
                             f"must match the network's {list(params.hidden_widths)}")
    _check_symmetry_claim(is_symmetry, element, activation)
    return {"description": description, "is_symmetry": is_symmetry, "element": element}


def _check_symmetry_claim(claim: bool, element: GroupElement | None, activation: str) -> None:
    """The file's ``is_symmetry`` must be what the activation says of its element (core.symmetry.checks,
    the rules behind core.symmetry.activation_facts): an element keeps the function exactly when every
    sign flip and every rescale in it is one the activation admits; without an element a claim cannot be checked."""
    if element is None:
        if claim:
            raise ValueError("transformation.is_symmetry = true without perms, signs, scales: a symmetry claim "
                             "must carry its group element, so that it can be checked against the activation")
        return
    reason = _not_a_symmetry(element, activation)
    if claim and reason:
        raise ValueError(f"transformation.is_symmetry = true, but {reason}: it does not keep the function")
    if not claim and not reason:
        raise ValueError(f"transformation.is_symmetry = false, but its perms, signs and scales form a symmetry of "
                         f"{activation} networks (they keep the function): the claim must be true")


def _not_a_symmetry(element: GroupElement, activation: str) -> str:
    """Why ``element`` changes the function of an ``activation`` network, or "" when it keeps it."""
    act = get_activation(activation)
    for layer, (signs, scales) in enumerate(zip(element.signs, element.scales), start=1):
        if any(s == -1 for s in signs) and not admits_sign_flip(act):
            return f"layer {layer} flips a sign and {activation} admits no sign flip"
        if any(c != 1.0 for c in scales) and not admits_rescaling(act):
            return f"layer {layer} rescales a unit and {activation} admits no rescaling"
    return ""


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
