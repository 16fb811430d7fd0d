"""A corpus of hostile network files, generated here (no committed blobs): each gets a clear error.

core.exports.network_json.decode must refuse every one with ValueError/TypeError naming the key or what is
allowed, before doing work the file's size does not justify; a real export round-trips bit for bit.
The upload cap of .streamlit/config.toml and the code's cap must agree.
"""

import codecs
import json
import tomllib
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core import rng
from core.engine.experiment import Experiment
from core.engine.init_schemes import init_params
from core.engine.mlp import Params
from core.exports.network_json import MAX_BYTES, decode, encode

ROOT = Path(__file__).resolve().parents[1]


def _good(**extra) -> dict:
    params = init_params((2, 3, 1), rng=rng.stream(0, "init"))
    return {**json.loads(encode(params, "tanh", experiment=Experiment(hidden=(3,)))), **extra}


def _text(payload) -> str:
    return json.dumps(payload)


GOOD = _text(_good())


def _corpus() -> dict[str, tuple[object, str]]:
    """name -> (file content, a phrase the error must contain)."""
    good = _good()
    wrong_shape = {**good, "weights": [good["weights"][0][:2], good["weights"][1]]}
    wrong_row = {**good, "weights": [[[1.0], [2.0], [3.0]], good["weights"][1]]}
    return {
        "empty": (b"", "not valid JSON"),
        "whitespace": ("   \n", "not valid JSON"),
        "truncated": (GOOD[: len(GOOD) // 2], "cut short"),
        "deeply nested": ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        "nested object": ('{"a":' * 50_000 + "1" + "}" * 50_000, "nested too deeply"),
        "100 MB": (b" " * 100_000_000, f"at most {MAX_BYTES:,} bytes"),
        "just over the cap": (b" " * (MAX_BYTES + 1), "at most"),
        "NaN": (GOOD.replace('"biases": [[', '"biases": [[NaN, ', 1), "NaN"),
        "Infinity": (GOOD.replace('"biases": [[', '"biases": [[Infinity, ', 1), "Infinity"),
        "-Infinity": (GOOD.replace('"biases": [[', '"biases": [[-Infinity, ', 1), "Infinity"),
        "1e999": (GOOD.replace('"biases": [[', '"biases": [[1e999, ', 1), "1e999"),
        "huge integer": (GOOD.replace('"biases": [[', '"biases": [[' + "9" * 5000 + ", ", 1), "digits"),
        "wrong shape": (_text(wrong_shape), "rows"),
        "wrong row length": (_text(wrong_row), "entries"),
        "widths disagree": (_text({**good, "widths": [2, 4, 1]}), "rows"),
        "weights a string": (_text({**good, "weights": "[[1]]"}), "weights"),
        "number as string": (_text({**good, "biases": [["0.1", 0, 0], [0]]}), "must be a number"),
        "boolean weight": (_text({**good, "biases": [[True, 0, 0], [0]]}), "must be a number"),
        "null weight": (_text({**good, "biases": [[None, 0, 0], [0]]}), "must be a number"),
        "widths floats": (_text({**good, "widths": [2.0, 3.0, 1.0]}), "width"),
        "widths too deep": (_text({**good, "widths": [2] + [3] * 50 + [1]}), "hidden widths"),
        "top-level list": ("[1, 2, 3]", "must be an object"),
        "top-level string": ('"network"', "must be an object"),
        "extra key": (_text({**good, "pickle": "cos\nsystem"}), "unknown key 'pickle'"),
        "script key": (_text({**good, "<script>alert(1)</script>": 1}), "unknown key"),
        "missing key": (_text({k: v for k, v in good.items() if k != "weights"}), "missing the key 'weights'"),
        "duplicate key": (GOOD.replace('{"format"', '{"activation": "relu", "format"', 1), "repeats the key"),
        "wrong format": (_text({**good, "format": "pytorch"}), "format"),
        "wrong version": (_text({**good, "version": 2}), "version"),
        "version true": (_text({**good, "version": True}), "version"),
        "unknown activation": (_text({**good, "activation": "__import__('os')"}), "activation"),
        "non-UTF-8": (b'{"format": "\xff\xfe"}', "not UTF-8"),
        "UTF-16": (GOOD.encode("utf-16"), "not UTF-8"),
        # a UTF-8 byte-order mark before a good file is accepted (tests/test_network_json.py); before a bad one it
        # changes nothing
        "BOM then cut short": (codecs.BOM_UTF8 + GOOD.encode()[:20], "not valid JSON"),
        "bad seeds": (_text({**good, "seeds": {"data_seed": -1, "init_seed": 0}}), "seeds.data_seed"),
        "seed huge": (_text({**good, "seeds": {"data_seed": 2**64, "init_seed": 0}}), "seed"),
        "experiment steps": (_text({**good, "experiment": {**good["experiment"], "steps": 10**9}}), "experiment.steps"),
        "experiment unknown": (_text({**good, "experiment": {"__class__": 1}}), "unknown key '__class__'"),
        "note too long": (_text({**good, "note": "x" * 10_000}), "note"),
        "transformation partial": (_text({**good, "transformation": {"description": "", "is_symmetry": True,
                                                                     "perms": [[0, 1, 2]]}}), "perms, signs, scales"),
        "not bytes": (12345, "must be bytes or str"),
        "bytes subclass": (memoryview(b"{}"), "must be bytes or str"),
    }


CORPUS = _corpus()


@pytest.mark.parametrize("name", list(CORPUS))
def test_every_hostile_file_gets_a_clear_error(name):
    content, phrase = CORPUS[name]
    with pytest.raises((ValueError, TypeError)) as refused:
        decode(content)
    message = str(refused.value)
    assert phrase in message, f"{name}: {message!r}"
    assert len(message) < 600


def test_the_size_check_comes_before_any_parsing(monkeypatch):
    monkeypatch.setattr(json, "loads", lambda *a, **k: pytest.fail("parsed an oversized file"))
    with pytest.raises(ValueError, match="at most 1,000,000 bytes"):
        decode(b"[" * (MAX_BYTES + 1))


def test_the_good_file_of_the_corpus_decodes():
    network = decode(GOOD)
    assert network.params.widths == (2, 3, 1) and network.experiment.hidden == (3,)


finite = st.floats(allow_nan=False, allow_infinity=False)


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(widths=st.lists(st.integers(1, 6), min_size=3, max_size=5), data=st.data(),
       activation=st.sampled_from(["tanh", "relu", "sin", "sigmoid"]))
def test_export_import_round_trips_bit_for_bit(widths, data, activation):
    shapes = list(zip(widths[:-1], widths[1:]))
    weights = [np.array(data.draw(st.lists(finite, min_size=a * b, max_size=a * b))).reshape(b, a) for a, b in shapes]
    biases = [np.array(data.draw(st.lists(finite, min_size=b, max_size=b)), dtype=float) for _, b in shapes]
    params = Params(tuple(weights), tuple(biases))
    back = decode(encode(params, activation)).params
    assert back.widths == params.widths
    assert back.flatten().tobytes() == params.flatten().tobytes()  # bit for bit, -0.0 and subnormals included


def test_upload_caps_agree_between_config_and_code():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    server_cap = config["server"]["maxUploadSize"] * 1_000_000  # Streamlit counts megabytes
    assert MAX_BYTES <= server_cap, "the server would refuse files the code accepts"
    source = (ROOT / "pages" / "shared" / "symmetries" / "source.py").read_text()
    assert "max_upload_size=1," in source and MAX_BYTES == 1_000_000  # the widget's cap is the code's, 1 MB
    assert "uploaded.size > MAX_BYTES" in source


# ---------------------------------------------------------------- safetensors (cases: tests/test_safetensors_file.py)

def _good_safetensors() -> bytes:
    from core.exports.safetensors_file import encode as encode_safetensors
    return encode_safetensors(init_params((4, 5, 3), rng=rng.stream(0, "init")), "tanh")


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_damaged_safetensors_files_get_a_named_error_never_a_crash(data):
    """Any byte changed, cut or added in a good file, or bytes from nowhere: decode returns a network or
    raises ValueError/TypeError; nothing else escapes (no safetensors panic, no MemoryError, no KeyError)."""
    from core.exports.safetensors_file import decode as decode_safetensors
    good = bytearray(_good_safetensors())
    kind = data.draw(st.sampled_from(["flip", "cut", "append", "random", "length"]))
    if kind == "flip":
        for _ in range(data.draw(st.integers(1, 4))):
            good[data.draw(st.integers(0, len(good) - 1))] = data.draw(st.integers(0, 255))
    elif kind == "cut":
        good = good[:data.draw(st.integers(0, len(good) - 1))]
    elif kind == "append":
        good += data.draw(st.binary(min_size=1, max_size=64))
    elif kind == "random":
        good = bytearray(data.draw(st.binary(max_size=4096)))
    else:  # a forged header length, anything up to 2^64 - 1
        good[:8] = data.draw(st.integers(0, 2**64 - 1)).to_bytes(8, "little")
    try:
        network = decode_safetensors(bytes(good), "tanh")
    except (ValueError, TypeError) as error:
        assert str(error) and len(str(error)) < 600
    else:
        assert np.all(np.isfinite(network.params.flatten()))
