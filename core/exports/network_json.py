"""A network as a JSON file: weights, activation, widths, seeds and (optionally) the move that made it.

Export and import must agree bit for bit: ``json`` writes a float with ``repr``, the shortest
decimal that reads back as the same double, so ``decode(encode(θ))`` has exactly θ's bits.

Import is hostile-input safe: plain ``json`` (never pickle or eval), a size cap checked before
parsing, a fixed schema (unknown or duplicate keys are errors), exact shapes, finite numbers
only (NaN, Infinity and overflowing literals such as 1e999 are refused). Every problem is a
ValueError or TypeError that names the key, the value and what is allowed.
"""

from __future__ import annotations

import dataclasses
import json
import math
import numbers
from dataclasses import dataclass

import numpy as np

from core import limits
from core.engine.activations import ACTIVATIONS
from core.engine.data import DATASETS
from core.engine.experiment import Experiment
from core.engine.init_schemes import SCHEME_LABELS
from core.engine.mlp import Params
from core.engine.optimizers import OPTIMIZERS
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
           transformation: dict | None = None, note: str | None = None) -> str:
    """The JSON text of a network. Every export imports: encode refuses, with decode's own words, any
    network decode would refuse (widths outside core.limits, a file over MAX_BYTES, settings or seeds
    out of range), so no file is ever written that cannot be read back."""
    if not isinstance(params, Params):
        raise TypeError(f"params {type(params).__name__}: must be core.engine.mlp.Params")
    check_choice(activation, "activation", ACTIVATIONS)
    check_widths(params.widths)  # decode's check (fails fast, before the text is built)
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
    if size > MAX_BYTES:
        raise ValueError(f"network JSON would be {size:,} bytes: the file limit is {MAX_BYTES:,} bytes (1 MB); "
                         "use a smaller network")
    decode(text)  # the guarantee: whatever decode refuses is refused here, in decode's words
    return text


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

def decode(data: bytes | bytearray | str) -> NetworkFile:
    """Parse and validate network JSON (bytes or str) into a NetworkFile."""
    payload = _parse(data)
    if not isinstance(payload, dict):
        raise ValueError(f"network JSON is a {_json_type(payload)}: must be an object with keys {', '.join(REQUIRED)}")
    _check_keys(payload, REQUIRED, OPTIONAL, "network JSON")
    if payload["format"] != FORMAT:
        raise ValueError(f"format {payload['format']!r}: must be {FORMAT!r}")
    if payload["version"] != VERSION or isinstance(payload["version"], bool):
        raise ValueError(f"version {payload['version']!r}: must be {VERSION}")
    activation = check_choice(payload["activation"], "activation", ACTIVATIONS)
    widths = _widths(payload["widths"])
    params = _params(payload["weights"], payload["biases"], widths)
    experiment = _experiment(payload.get("experiment"), widths, activation)
    seeds = _seeds(payload.get("seeds"), experiment)
    transformation = _transformation(payload.get("transformation"), params)
    note = payload.get("note")
    if note is not None and (not isinstance(note, str) or len(note) > MAX_NOTE):
        raise ValueError(f"note: must be a string of at most {MAX_NOTE} characters")
    provenance = _provenance(payload.get("provenance"))
    return NetworkFile(params, activation, seeds, experiment, transformation, note, provenance)


def _parse(data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    if not isinstance(data, (bytes, bytearray)):
        raise TypeError(f"network JSON {type(data).__name__}: must be bytes or str")
    if len(data) > MAX_BYTES:
        raise ValueError(f"network JSON is {len(data):,} bytes: must be at most {MAX_BYTES:,} bytes (1 MB)")
    try:
        text = bytes(data).decode("utf-8")
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


def _widths(value) -> tuple[int, ...]:
    if not isinstance(value, list):
        raise TypeError(f"widths {_short(value)}: must be a list of integers (input, hidden..., output)")
    return check_widths(value)


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
    return checked


def checked_experiment(value: dict, defaults: Experiment = Experiment()) -> Experiment:  # noqa: B008 (frozen: safe)
    """Training settings from a dict (missing keys from ``defaults``), each checked against core.limits
    (also used by links that carry a Train lesson network, core/links/experiment.py)."""
    _check_keys(value, (), tuple(_EXPERIMENT_FIELDS), "experiment")
    s = {**_experiment_dict(defaults), **value}
    hidden = _list(s["hidden"], "experiment.hidden")
    check_int(len(hidden), "experiment.hidden layers", limits.HIDDEN_LAYERS)
    return Experiment(
        dataset=check_choice(s["dataset"], "experiment.dataset", DATASETS),
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


def _transformation(value, params: Params) -> dict | None:
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
    out = {"description": description, "is_symmetry": is_symmetry, "element": None}
    if parts:
        element = GroupElement(*(
            tuple(tuple(_list(layer, f"transformation.{key} layer"))
                  for layer in _list(value[key], f"transformation.{key}"))
            for key in ("perms", "signs", "scales")))
        if element.hidden_widths != params.hidden_widths:
            raise ValueError(f"transformation acts on hidden widths {list(element.hidden_widths)}: "
                             f"must match the network's {list(params.hidden_widths)}")
        out["element"] = element
    return out


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
