"""A network as a safetensors file: a torch ``state_dict`` of ``nn.Linear`` layers, read and written without torch.

safetensors (https://huggingface.co/docs/safetensors) is 8 bytes (little-endian length N), N bytes of
JSON header (per tensor its dtype, shape and byte range) and the raw data. It holds no code, so loading
it never executes anything; it also holds no activation, so import takes the one the user chose.

Import is hostile-input safe: the size limit is checked first, then the header is parsed *here*, with
a cap on its declared length, before the ``safetensors`` package sees a byte, so a forged length cannot
make the server allocate gigabytes. Then: at most two tensors per layer of the limits, dtypes float16,
float32 or float64 only (widened to float64 exactly), byte ranges that tile the data, weights 2-D of
shape (out, in) with a bias (out,), layers that chain, widths within the limits, finite values. Every
problem is a ValueError or TypeError naming the tensor, the value and what is allowed.

Layer names: ``0.weight``, ``0.bias``, ``2.weight`` ... (nn.Sequential's) or any names such as
``fc1.weight``, ``fc2.weight``, ``out.weight``. Layers are taken in *natural* name order (digits
compare as numbers, so ``fc2`` comes before ``fc10`` and ``2`` before ``10``); when they do not chain in
that order (``layers.0``, ``layers.2``, ``head``), in the one order their shapes chain in; a file with no
such order, or several, is refused with the shapes that disagree. Export writes nn.Sequential's
names, so ``core.engine.interop.to_torch(params, activation).load_state_dict`` reads an exported file.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import numpy as np
from safetensors.numpy import load as _load_tensors
from safetensors.numpy import save as _save_tensors

from core.engine.activations import ACTIVATIONS
from core.engine.mlp import Params, require_params
from core.exports.network_json import APP_FILES, SCRIPT_FILES, FileLimits, NetworkFile
from core.validation import check_choice, check_widths

LENGTH_BYTES = 8  # the header length: an unsigned 64-bit little-endian integer
DTYPES = {"F16": np.float16, "F32": np.float32, "F64": np.float64}  # safetensors' names -> numpy
HEADER_BYTES_PER_TENSOR = 256   # '"fc12.weight":{"dtype":"F32","shape":[256,256],"data_offsets":[0,262144]},' is ~80
HEADER_BYTES_METADATA = 16_384  # "__metadata__": torch writes {"format": "pt"}; allow a few notes
METADATA = "__metadata__"
TENSOR_KEYS = ("data_offsets", "dtype", "shape")
_SUFFIXES = (".weight", ".bias")


def max_tensors(limits: FileLimits) -> int:
    """How many tensors a file within ``limits`` may hold: a weight and a bias per layer."""
    return 2 * (limits.widths.hidden_layers[1] + 1)


def max_header_bytes(limits: FileLimits) -> int:
    """The largest header length a file within ``limits`` may declare (checked before anything is read)."""
    return HEADER_BYTES_METADATA + HEADER_BYTES_PER_TENSOR * max_tensors(limits)


# ---------------------------------------------------------------- export

def encode(params: Params, activation: str | None = None, *, limits: FileLimits = APP_FILES) -> bytes:
    """The safetensors bytes of ``params`` in float64, named as nn.Sequential names its Linear layers
    (``0.weight``, ``0.bias``, ``2.weight``, ...). ``activation``, if given, is kept as metadata (a
    note for people: import still takes the activation as an argument). Refused, in decode's words,
    when ``decode(..., limits=limits)`` would refuse the file."""
    params = require_params(params)
    check_widths(params.widths, limits=limits.widths)
    tensors = {}
    for layer, (w, b) in enumerate(zip(params.weights, params.biases)):
        tensors[f"{2 * layer}.weight"] = np.ascontiguousarray(w, dtype=np.float64)
        tensors[f"{2 * layer}.bias"] = np.ascontiguousarray(b, dtype=np.float64)
    metadata = {"format": "pt", "widths": json.dumps(list(params.widths))}
    if activation is not None:
        metadata["activation"] = check_choice(activation, "activation", ACTIVATIONS)
    data = _save_tensors(tensors, metadata=metadata)
    if len(data) > limits.max_bytes:
        raise ValueError(f"safetensors file would be {len(data):,} bytes: the file limit is {limits.max_bytes:,} "
                         "bytes; use a smaller network")
    return data


def save(path: str | Path, params: Params, activation: str | None = None, *,
         limits: FileLimits = SCRIPT_FILES) -> Path:
    """Write :func:`encode`'s bytes to ``path`` and return the path (limits default to SCRIPT_FILES)."""
    target = Path(path)
    target.write_bytes(encode(params, activation, limits=limits))
    return target


# ---------------------------------------------------------------- import

def load(path: str | Path, activation: str, *, limits: FileLimits = SCRIPT_FILES) -> NetworkFile:
    """Read and :func:`decode` the file at ``path``; never reads more than the size limit plus one byte."""
    with open(path, "rb") as file:
        data = file.read(limits.max_bytes + 1)
    return decode(data, activation, limits=limits)


def decode(data: bytes | bytearray, activation: str, *, limits: FileLimits = APP_FILES) -> NetworkFile:
    """The network in safetensors ``data`` (a torch state_dict of Linear layers), computing with
    ``activation`` (one of core.engine.activations.ACTIVATIONS: the file holds none). float64 Params."""
    activation = check_choice(activation, "activation", ACTIVATIONS)
    if not isinstance(limits, FileLimits):
        raise TypeError(f"limits {type(limits).__name__}: must be a FileLimits, e.g. "
                        "core.exports.network_json.APP_FILES or SCRIPT_FILES")
    if not isinstance(data, (bytes, bytearray)):
        raise TypeError(f"safetensors data {type(data).__name__}: must be bytes")
    data = bytes(data)
    header = _header(data, limits)
    layers = _layers(header, limits)
    arrays = _load_tensors(data)  # only now: every length, dtype and byte range was checked above
    weights, biases = [], []
    for name in layers:
        weights.append(_finite(arrays[name + ".weight"], name + ".weight"))
        biases.append(_finite(arrays[name + ".bias"], name + ".bias"))
    return NetworkFile(Params(tuple(weights), tuple(biases)), activation)


def _header(data: bytes, limits: FileLimits) -> dict:
    """The checked header (tensor name -> {dtype, shape, data_offsets}), metadata removed."""
    if not data:
        raise ValueError("safetensors file is empty (0 bytes)")
    if len(data) > limits.max_bytes:
        raise ValueError(f"safetensors file is {len(data):,} bytes: must be at most {limits.max_bytes:,} bytes")
    if _looks_like_json(data):
        raise ValueError("this is a JSON file, not safetensors (it starts with '{'): import it as a network JSON "
                         "file (.json)")
    if len(data) < LENGTH_BYTES:
        raise ValueError(f"safetensors file is {len(data)} bytes: too short for the {LENGTH_BYTES}-byte header "
                         "length; was it cut short?")
    length, cap = int.from_bytes(data[:LENGTH_BYTES], "little"), max_header_bytes(limits)
    if length > cap:
        raise ValueError(f"safetensors header declares {length:,} bytes: must be at most {cap:,} bytes (a network "
                         "file within the limits needs far less); is this a safetensors file?")
    if LENGTH_BYTES + length > len(data):
        raise ValueError(f"safetensors header declares {length:,} bytes but the file has only "
                         f"{len(data) - LENGTH_BYTES:,} after the length: the file was cut short")
    try:
        header = json.loads(data[LENGTH_BYTES:LENGTH_BYTES + length].decode("utf-8"),
                            parse_int=_bounded_int, object_pairs_hook=_unique_keys)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ValueError("safetensors header is not valid JSON: this is not a safetensors file, or it is "
                         "damaged") from None
    except RecursionError:
        raise ValueError("safetensors header is nested too deeply: this is not a safetensors file") from None
    if not isinstance(header, dict):
        raise ValueError("safetensors header is not a JSON object: this is not a safetensors file")
    _check_metadata(header.pop(METADATA, None))
    if not header:
        raise ValueError("safetensors file holds no tensors: must hold the Linear layers' weights and biases")
    if len(header) > max_tensors(limits):
        raise ValueError(f"safetensors file holds {len(header):,} tensors: must hold at most {max_tensors(limits)} "
                         f"(a weight and a bias for each of at most {limits.widths.hidden_layers[1] + 1} layers)")
    for name, entry in header.items():
        _check_entry(name, entry)
    _check_offsets(header, len(data) - LENGTH_BYTES - length)
    return header


def _looks_like_json(data: bytes) -> bool:
    start = data.removeprefix(b"\xef\xbb\xbf").lstrip(b" \t\r\n")[:1]
    if start not in (b"{", b"["):
        return False
    # A real file whose header length has 0x7b ('{') as its low byte has zeros in the high bytes.
    return int.from_bytes(data[:LENGTH_BYTES], "little") > 2**32


def _bounded_int(text: str) -> int:
    # Far past 2**53 (16 digits), so _check_entry names the tensor of any merely large one; spares int() the
    # work (and its 4,300-digit limit) on a forged header.
    if len(text) > 100:
        raise ValueError(f"safetensors header holds an integer with {len(text):,} digits: shapes and offsets must "
                         "be non-negative integers below 2**53")
    return int(text)


def _unique_keys(pairs) -> dict:
    out = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"safetensors header repeats the key {key!r}: every key may appear once")
        out[key] = value
    return out


def _check_metadata(metadata) -> None:
    if metadata is None:
        return
    if not isinstance(metadata, dict) or not all(isinstance(v, str) for v in metadata.values()):
        raise ValueError("safetensors __metadata__ must be an object of strings (as safetensors writes it)")


def _check_entry(name: str, entry) -> None:
    if not isinstance(entry, dict) or sorted(entry) != list(TENSOR_KEYS):
        raise ValueError(f"tensor {_short(name)}: its header entry must have exactly the keys "
                         f"{', '.join(TENSOR_KEYS)}")
    if entry["dtype"] not in DTYPES:
        raise ValueError(f"tensor {_short(name)} has dtype {_short(entry['dtype'])}: must be one of "
                         f"{', '.join(DTYPES)} (float16, float32, float64)")
    shape = entry["shape"]
    if not isinstance(shape, list) or not all(_is_count(d) for d in shape):
        raise ValueError(f"tensor {_short(name)} has shape {_short(shape)}: must be a list of non-negative integers "
                         "below 2**53")
    offsets = entry["data_offsets"]
    if not (isinstance(offsets, list) and len(offsets) == 2 and all(_is_count(o) for o in offsets)
            and offsets[0] <= offsets[1]):
        raise ValueError(f"tensor {_short(name)} has data_offsets {_short(offsets)}: must be [begin, end], "
                         "integers with 0 <= begin <= end < 2**53")
    expected = math.prod(shape) * np.dtype(DTYPES[entry["dtype"]]).itemsize
    if offsets[1] - offsets[0] != expected:
        raise ValueError(f"tensor {_short(name)} of shape {shape} and dtype {entry['dtype']} needs {expected:,} "
                         f"bytes: its data_offsets {offsets} span {offsets[1] - offsets[0]:,}")


def _is_count(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**53


def _check_offsets(header: dict, data_bytes: int) -> None:
    """The tensors' byte ranges must tile the data exactly (what safetensors itself requires)."""
    position = 0
    for name, entry in sorted(header.items(), key=lambda item: item[1]["data_offsets"]):
        begin, end = entry["data_offsets"]
        if begin != position:
            raise ValueError(f"tensor {_short(name)} starts at byte {begin:,} of the data: must start at "
                             f"{position:,} (tensors tile the data without gaps or overlaps)")
        position = end
    if position > data_bytes:
        raise ValueError(f"safetensors tensors need {position:,} bytes of data but the file holds {data_bytes:,}: "
                         "the file was cut short")
    if position < data_bytes:
        raise ValueError(f"safetensors file has {data_bytes - position:,} bytes after its last tensor: it is "
                         "damaged or not a safetensors file")


def _natural_key(name: str) -> list:
    return [(0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", name) if part]


def _layers(header: dict, limits: FileLimits) -> list[str]:
    """The layer names (prefixes of ``.weight``/``.bias``) in the order they chain, each with a 2-D weight of
    shape (out, in) and a bias (out,), with widths within ``limits``: natural name order when the layers chain
    in it, else the one order in which their shapes chain (``layers.0``, ``layers.2``, ``head``)."""
    layers: dict[str, set[str]] = {}
    for name in header:
        suffix = next((s for s in _SUFFIXES if name.endswith(s) or name == s[1:]), None)
        if suffix is None:
            raise ValueError(f"tensor {_short(name)}: only Linear layers' weights and biases are allowed, named "
                             "'<layer>.weight' and '<layer>.bias' as torch's state_dict writes them")
        layers.setdefault(name[: len(name) - len(suffix)] if name != suffix[1:] else "", set()).add(suffix)
    natural = sorted(layers, key=_natural_key)
    shapes = {layer: _layer_shape(header, layer, layers[layer]) for layer in natural}
    mismatch = _first_mismatch(natural, shapes)
    order = natural
    if mismatch is not None:
        chains = _shape_chains(natural, shapes)
        if len(chains) != 1:
            layer, width = mismatch
            weight = _name(layer, ".weight")
            raise ValueError(f"tensor {_short(weight)} has shape {list(shapes[layer])}: its in_features "
                             f"{shapes[layer][1]} must equal the previous layer's out_features {width} (layers taken "
                             f"in the name order {_short_list(natural)}; "
                             + ("no other order chains either)" if not chains else
                                "their shapes chain in several orders, so the names must give it)"))
        order = chains[0]
    widths = [shapes[order[0]][1]] + [shapes[layer][0] for layer in order]
    check_widths(widths, limits=limits.widths)
    return order


def _layer_shape(header: dict, layer: str, suffixes: set[str]) -> tuple[int, int]:
    """(out_features, in_features) of one layer, after checking its weight and bias."""
    weight, bias = _name(layer, ".weight"), _name(layer, ".bias")
    if ".weight" not in suffixes:
        raise ValueError(f"tensor {_short(bias)} has no weight {_short(weight)}: each Linear layer needs both")
    if ".bias" not in suffixes:
        raise ValueError(f"tensor {_short(weight)} has no bias {_short(bias)}: each Linear layer needs both "
                         "(a layer made with bias=False: save zeros as its bias)")
    shape, bias_shape = header[weight]["shape"], header[bias]["shape"]
    if len(shape) != 2:
        raise ValueError(f"tensor {_short(weight)} has shape {shape}: a Linear weight must be 2-D, "
                         "(out_features, in_features)")
    if bias_shape != [shape[0]]:
        raise ValueError(f"tensor {_short(bias)} has shape {bias_shape}: must be [{shape[0]}], the out_features "
                         f"of {_short(weight)} (shape {shape})")
    return shape[0], shape[1]


def _first_mismatch(order: list[str], shapes: dict) -> tuple[str, int] | None:
    """(layer, previous out_features) where ``order`` first fails to chain, or None when it chains."""
    for previous, layer in zip(order, order[1:]):
        if shapes[layer][1] != shapes[previous][0]:
            return layer, shapes[previous][0]
    return None


CHAIN_SEARCH_STEPS = 10_000  # a search for an order by shapes gives up (as ambiguous) after this many steps
CHAIN_SEARCH_LAYERS = 32  # deeper files must name their layers in order (the search recurses once per layer)


def _shape_chains(names: list[str], shapes: dict) -> list[list[str]]:
    """Up to two orders of all ``names`` in which the shapes chain; [] or two when there is no single one."""
    if len(names) > CHAIN_SEARCH_LAYERS:
        return [[], []]  # not searched: reported as "several orders", so the names must give it
    found: list[list[str]] = []
    steps = 0

    def extend(path: list[str], width: int) -> None:
        nonlocal steps
        steps += 1
        if len(found) > 1 or steps > CHAIN_SEARCH_STEPS:
            return
        if len(path) == len(names):
            found.append(list(path))
            return
        for name in names:
            if name not in path and shapes[name][1] == width:
                path.append(name)
                extend(path, shapes[name][0])
                path.pop()

    for start in names:
        extend([start], shapes[start][0])
    return found if steps <= CHAIN_SEARCH_STEPS else found + [[]] * (2 - len(found))


def _name(layer: str, suffix: str) -> str:
    return layer + suffix if layer else suffix[1:]


def _finite(array: np.ndarray, name: str) -> np.ndarray:
    widened = np.array(array, dtype=np.float64)  # float16 and float32 widen exactly
    bad = int(np.size(widened) - np.count_nonzero(np.isfinite(widened)))
    if bad:
        raise ValueError(f"tensor {_short(name)} holds {bad} NaN or infinite value(s): every value must be finite")
    return widened


def _short_list(names: list[str]) -> str:
    shown = ", ".join(_short(name) for name in names[:6])
    return shown if len(names) <= 6 else f"{shown}, ... ({len(names)} layers)"


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
