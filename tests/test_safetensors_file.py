"""safetensors network files: written by plain torch (safetensors.torch) and read back exactly; our export
loads into torch; hostile files (generated here) get a clear error naming what is wrong, before any big work."""

import json
import struct

import numpy as np
import pytest
import torch
from safetensors.numpy import load as numpy_load
from safetensors.torch import save as torch_save
from safetensors.torch import save_file as torch_save_file
from torch import nn

from core.engine.init_schemes import init_params
from core.engine.interop import from_torch, to_torch
from core.engine.mlp import forward
from core.exports import safetensors_file as sf
from core.exports.network_json import APP_FILES, SCRIPT_FILES

RNG = np.random.default_rng(5)


def _sequential(widths=(64, 32, 10), dtype=torch.float32) -> nn.Sequential:
    torch.manual_seed(0)
    layers: list[nn.Module] = []
    for i, (d_in, d_out) in enumerate(zip(widths[:-1], widths[1:])):
        layers += [nn.Linear(d_in, d_out, dtype=dtype)] + ([nn.Tanh()] if i < len(widths) - 2 else [])
    return nn.Sequential(*layers)


class Named(nn.Module):
    """A model with named layers, as people write them (fc1, fc2, ..., fc10, out): state_dict keys 'fc1.weight'..."""

    def __init__(self):
        super().__init__()
        self.fc1, self.fc2, self.fc10, self.out = nn.Linear(5, 7), nn.Linear(7, 6), nn.Linear(6, 4), nn.Linear(4, 3)

    def forward(self, x):
        return self.out(torch.relu(self.fc10(torch.relu(self.fc2(torch.relu(self.fc1(x)))))))


@pytest.mark.parametrize("dtype", [torch.float16, torch.float32, torch.float64])
def test_a_file_written_by_torch_imports_as_the_same_network(tmp_path, dtype):
    module = _sequential(dtype=dtype)
    path = tmp_path / "model.safetensors"
    torch_save_file(module.state_dict(), str(path))
    network = sf.load(path, "tanh", limits=APP_FILES)
    assert network.params.widths == (64, 32, 10) and network.activation == "tanh"
    expected = from_torch(module.to(torch.float64)).params  # widened exactly, like the file
    for ours, theirs in zip(network.params.weights + network.params.biases, expected.weights + expected.biases):
        assert ours.dtype == np.float64
        np.testing.assert_array_equal(ours, theirs)


def test_named_layers_are_taken_in_natural_order():
    model = Named()
    network = sf.decode(torch_save(model.state_dict()), "relu")
    assert network.params.widths == (5, 7, 6, 4, 3)  # fc1, fc2, fc10, out (not fc1, fc10, fc2)
    X = RNG.normal(size=(20, 5))
    with torch.no_grad():
        theirs = model.double()(torch.from_numpy(X)).numpy()
    np.testing.assert_allclose(forward(network.params, X, "relu"), theirs, rtol=0, atol=1e-12)


class Headed(nn.Module):
    """Names whose natural order is not the layers' order ('head' sorts before 'layers.0'): shapes decide."""

    def __init__(self):
        super().__init__()
        self.layers = nn.Sequential(nn.Linear(64, 32), nn.Tanh(), nn.Linear(32, 16), nn.Tanh())
        self.head = nn.Linear(16, 10)

    def forward(self, x):
        return self.head(self.layers(x))


def test_layers_whose_names_do_not_give_the_order_are_ordered_by_their_shapes():
    model = Headed()
    network = sf.decode(torch_save(model.state_dict()), "tanh")
    assert network.params.widths == (64, 32, 16, 10)
    X = RNG.normal(size=(20, 64))
    with torch.no_grad():
        theirs = model.double()(torch.from_numpy(X)).numpy()
    np.testing.assert_allclose(forward(network.params, X, "tanh"), theirs, rtol=0, atol=1e-12)


def test_shapes_that_chain_in_several_orders_are_refused_by_name():
    tensors = {"a.weight": torch.zeros(5, 3), "a.bias": torch.zeros(5), "b.weight": torch.zeros(3, 5),
               "b.bias": torch.zeros(3), "c.weight": torch.zeros(3, 5), "c.bias": torch.zeros(3)}
    with pytest.raises(ValueError, match="chain in several orders, so the names must give it"):
        sf.decode(torch_save(tensors), "tanh")


def test_a_deep_file_whose_names_do_not_give_the_order_is_refused_at_once():
    """Past CHAIN_SEARCH_LAYERS layers no order is searched for (the search recurses once per layer): the
    names must give the order, and the message lists a few of them, not hundreds."""
    depth = sf.CHAIN_SEARCH_LAYERS + 8
    tensors = {}
    for i in range(depth):  # layer i maps width 2+i to 3+i: only one order chains, the names (x...) do not give it
        tensors[f"x{depth - i}.weight"] = torch.zeros(3 + i, 2 + i)
        tensors[f"x{depth - i}.bias"] = torch.zeros(3 + i)
    with pytest.raises(ValueError, match="several orders, so the names must give it") as error:
        sf.decode(torch_save(tensors), "tanh", limits=SCRIPT_FILES)
    assert f"({depth} layers)" in str(error.value) and len(str(error.value)) < 600


def test_export_round_trips_bit_for_bit_and_loads_into_torch():
    params = init_params((64, 32, 10), rng=np.random.default_rng(1))
    data = sf.encode(params, "tanh")
    back = sf.decode(data, "tanh")
    for a, b in zip(params.weights + params.biases, back.params.weights + back.params.biases):
        assert a.tobytes() == b.tobytes()
    module = to_torch(init_params((64, 32, 10), rng=np.random.default_rng(2)), "tanh")
    module.load_state_dict({k: torch.from_numpy(v.copy()) for k, v in numpy_load(data).items()})
    X = RNG.normal(size=(10, 64))
    assert from_torch(module).params.flatten().tobytes() == params.flatten().tobytes()  # torch holds our bits
    with torch.no_grad():  # torch's matmul rounds in another order than numpy's: equal to float64 rounding
        np.testing.assert_allclose(module(torch.from_numpy(X)).numpy(), forward(params, X, "tanh"), rtol=0, atol=1e-13)


def test_save_and_load_a_research_sized_network(tmp_path):
    params = init_params((784, 300, 10), rng=np.random.default_rng(3))
    path = sf.save(tmp_path / "big.safetensors", params, "relu")
    assert sf.load(path, "relu").params.widths == (784, 300, 10)
    with pytest.raises(ValueError, match="bytes: must be at most 1,000,000"):
        sf.load(path, "relu", limits=APP_FILES)


# ---------------------------------------------------------------- hostile files

def _raw(header: dict, body: bytes, *, length: int | None = None) -> bytes:
    text = json.dumps(header).encode()
    return struct.pack("<Q", len(text) if length is None else length) + text + body


def _raw_text(header: str, body: bytes) -> bytes:
    return struct.pack("<Q", len(header)) + header.encode() + body


def _good_dict() -> dict:
    return {k: v.clone() for k, v in _sequential((3, 4, 2)).state_dict().items()}


def _corpus() -> dict[str, tuple[bytes, str]]:
    good = torch_save(_good_dict())
    nan, inf = _good_dict(), _good_dict()
    nan["0.weight"][1, 2] = float("nan")
    inf["2.bias"][0] = float("inf")
    no_bias = _good_dict()
    del no_bias["2.bias"]
    three_d = _good_dict()
    three_d["0.weight"] = three_d["0.weight"].reshape(4, 3, 1)
    mismatch = _good_dict()
    mismatch["2.weight"] = torch.zeros(2, 5)
    wrong_bias = _good_dict()
    wrong_bias["0.bias"] = torch.zeros(3)
    int_weight = _good_dict()
    int_weight["0.weight"] = torch.zeros(4, 3, dtype=torch.int64)
    bf16 = {k: v.to(torch.bfloat16) for k, v in _good_dict().items()}
    extra = {**_good_dict(), "bn.running_mean": torch.zeros(4)}
    wide = {"0.weight": torch.zeros(300, 2), "0.bias": torch.zeros(300), "2.weight": torch.zeros(1, 300),
            "2.bias": torch.zeros(1)}
    many = {f"{i}.weight": torch.zeros(2, 2) for i in range(30)} | {f"{i}.bias": torch.zeros(2) for i in range(30)}
    one = {"0.weight": {"dtype": "F32", "shape": [2, 2], "data_offsets": [0, 16]},
           "0.bias": {"dtype": "F32", "shape": [2], "data_offsets": [16, 24]}}
    return {
        "empty": (b"", "empty"),
        "truncated in the length": (good[:5], "cut short"),
        "truncated in the header": (good[:40], "cut short"),
        "truncated in the data": (good[:-7], "cut short"),
        "huge declared header": (struct.pack("<Q", 2**62) + b"{}", "header declares"),
        "random bytes": (np.random.default_rng(0).bytes(4096), "header"),
        "a JSON file": (b'{"format": "equivalence-lab/network", "version": 1}', "JSON file, not safetensors"),
        "NaN": (torch_save(nan), "'0.weight' holds 1 NaN"),
        "infinity": (torch_save(inf), "'2.bias' holds 1 NaN or infinite"),
        "missing bias": (torch_save(no_bias), "no bias '2.bias'"),
        "3-D weight": (torch_save(three_d), "must be 2-D"),
        "shapes that do not chain": (torch_save(mismatch), "in_features 5 must equal the previous layer's"),
        "bias of the wrong length": (torch_save(wrong_bias), "'0.bias' has shape [3]: must be [4]"),
        "integer dtype": (torch_save(int_weight), "dtype 'I64'"),
        "bfloat16": (torch_save(bf16), "dtype 'BF16'"),
        "not a Linear tensor": (torch_save(extra), "'bn.running_mean': only Linear layers"),
        "width over the app's limit": (torch_save(wide), "hidden width"),
        "too many tensors": (torch_save(many), "holds 60 tensors: must hold at most 18"),
        "header not UTF-8": (_raw({}, b"")[:8] + b"\xff\xfe", "not valid JSON"),
        "header garbage": (struct.pack("<Q", 4) + b"\x00\x01{]", "not valid JSON"),
        "header a list": (struct.pack("<Q", 2) + b"[]", "not a JSON object"),
        "no tensors": (_raw({"__metadata__": {"format": "pt"}}, b""), "holds no tensors"),
        "offsets overlap": (_raw({**one, "0.bias": {**one["0.bias"], "data_offsets": [8, 16]}}, bytes(24)),
                            "starts at byte 8 of the data: must start at 16"),
        "offsets with a gap": (_raw({**one, "0.bias": {**one["0.bias"], "data_offsets": [20, 28]}}, bytes(28)),
                               "must start at 16"),
        "data past the tensors": (_raw(one, bytes(40)), "16 bytes after its last tensor"),
        "negative shape": (_raw({**one, "0.bias": {**one["0.bias"], "shape": [-2]}}, bytes(24)),
                           "non-negative integers"),
        "unknown entry key": (_raw({**one, "0.bias": {**one["0.bias"], "eval": "x"}}, bytes(24)),
                              "exactly the keys"),
        "repeated key": (struct.pack("<Q", 30) + b'{"a": 1, "a": 2}'.ljust(30), "repeats the key"),
        "offset past 2**53": (_raw({**one, "0.bias": {**one["0.bias"], "data_offsets": [16, 2**60]}}, bytes(24)),
                              "< 2**53"),
        "integer of 5,000 digits": (_raw_text(json.dumps(one).replace("[2]", "[" + "9" * 5000 + "]"), bytes(24)),
                                    "5,000 digits"),
    }


@pytest.mark.parametrize("name", list(_corpus()))
def test_every_hostile_file_gets_a_clear_error(name):
    data, fragment = _corpus()[name]
    with pytest.raises((ValueError, TypeError)) as error:
        sf.decode(data, "tanh")
    assert fragment in str(error.value), (name, str(error.value))


def test_the_header_is_checked_before_safetensors_reads_the_file(monkeypatch):
    def refuse(_data):
        raise AssertionError("safetensors must not see a file whose header was not checked")
    monkeypatch.setattr(sf, "_load_tensors", refuse)
    for name in ("huge declared header", "truncated in the data", "integer dtype", "3-D weight", "a JSON file"):
        with pytest.raises(ValueError):
            sf.decode(_corpus()[name][0], "tanh")


def test_the_header_cap_follows_the_limits():
    assert sf.max_header_bytes(APP_FILES) < 64_000  # a forged length asks for at most this much
    assert sf.max_header_bytes(SCRIPT_FILES) > sf.max_header_bytes(APP_FILES)
    forged = struct.pack("<Q", sf.max_header_bytes(APP_FILES) + 1) + b"{" + bytes(100)
    with pytest.raises(ValueError, match="header declares"):
        sf.decode(forged, "tanh")


def test_bad_arguments_name_what_is_allowed():
    good = torch_save(_good_dict())
    with pytest.raises(ValueError, match="activation"):
        sf.decode(good, "softplus")
    with pytest.raises(TypeError, match="must be bytes"):
        sf.decode("text", "tanh")
    with pytest.raises(TypeError, match="FileLimits"):
        sf.decode(good, "tanh", limits=None)
