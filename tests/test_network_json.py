"""Network JSON: exact round trips, and every hostile input refused with a message that says what is wrong."""

import codecs
import dataclasses
import json

import numpy as np
import pytest

from core.engine.activations import ACTIVATIONS
from core.engine.experiment import Experiment
from core.engine.init_schemes import init_params
from core.engine.mlp import Params, forward
from core.exports.network_json import (
    APP_FILES,
    FORMAT,
    MAX_BYTES,
    SCRIPT_FILES,
    VERSION,
    FileLimits,
    decode,
    encode,
    load,
    save,
)
from core.symmetry.activation_facts import RESCALE, facts_for
from core.symmetry.group import GroupElement, random_symmetry


@pytest.fixture
def net():
    return init_params((2, 5, 3, 1), scheme="uniform", scale=1.5, rng=np.random.default_rng(0))


def payload(net, **changes):
    data = json.loads(encode(net, "tanh", experiment=Experiment(hidden=(5, 3))))
    data.update(changes)
    return data


def refused(data, *fragments):
    """decode must raise ValueError/TypeError whose message contains every fragment."""
    text = data if isinstance(data, (str, bytes)) else json.dumps(data)
    with pytest.raises((ValueError, TypeError)) as error:
        decode(text)
    for fragment in fragments:
        assert fragment in str(error.value), str(error.value)


def test_round_trip_is_bit_for_bit(net):
    weights = list(net.weights)
    weights[0] = weights[0].copy()
    weights[0][0, 0], weights[0][1, 1] = -0.0, 5e-324  # signed zero and the smallest subnormal survive
    tricky = Params(tuple(weights), net.biases)
    experiment = Experiment(hidden=(5, 3), data_seed=7, init_seed=9)
    text = encode(tricky, "tanh", experiment=experiment, note="hello")
    back = decode(text)
    assert [w.tobytes() for w in back.params.weights] == [w.tobytes() for w in tricky.weights]
    assert [b.tobytes() for b in back.params.biases] == [b.tobytes() for b in tricky.biases]
    assert back.activation == "tanh" and back.experiment == experiment and back.note == "hello"
    assert back.seeds == {"data_seed": 7, "init_seed": 9}
    assert encode(back.params, "tanh", experiment=back.experiment, note="hello") == text


def test_transformation_round_trips_with_its_group_element(net):
    element, twin = random_symmetry(net, "tanh", rng=np.random.default_rng(1))
    text = encode(twin, "tanh", transformation={"description": "one random move", "is_symmetry": True,
                                                "element": element})
    back = decode(text).transformation
    assert back["is_symmetry"] and back["description"] == "one random move"
    assert back["element"] == element
    assert np.array_equal(back["element"].apply(net, "tanh").flatten(), twin.flatten())


def test_bytes_and_str_both_decode(net):
    text = encode(net, "relu")
    assert decode(text.encode()).activation == decode(text).activation == "relu"


@pytest.mark.parametrize("cut", [1, 10, 100, -1])
def test_truncated_file(net, cut):
    text = encode(net, "tanh")
    refused(text[:cut] if cut > 0 else text[:-5], "not valid JSON")


def test_too_large_is_refused_before_parsing():
    refused(b" " * (MAX_BYTES + 1), "at most 1,000,000 bytes")


def test_deep_nesting():
    refused("[" * 200_000 + "]" * 200_000, "nested too deeply")


def test_nested_inside_weights(net):
    data = payload(net)
    data["weights"][0][0][0] = [[[1.0]]]
    refused(data, "weights[0][0][0]", "must be a number")


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity(net, literal):
    text = json.dumps(payload(net)).replace(str(payload(net)["biases"][0][0]), literal, 1)
    refused(text, literal, "finite")


def test_overflowing_number(net):
    text = json.dumps(payload(net)).replace(str(payload(net)["biases"][0][0]), "1e999", 1)
    refused(text, "1e999", "finite")


def test_huge_integer(net):
    text = json.dumps(payload(net)).replace(str(payload(net)["biases"][0][0]), "9" * 5000, 1)
    refused(text, "5000 digits")


@pytest.mark.parametrize("where, value, fragments", [
    ("weights", [[[1.0, 2.0]]], ["weights has 1 entries", "3"]),
    ("biases", [[0.0] * 5, [0.0] * 3, [0.0, 0.0]], ["biases[2] has 2 entries", "must have 1"]),
    ("widths", [2, 5, 4, 1], ["weights[1]"]),
    ("widths", [2, 0, 3, 1], ["hidden width 0 in layer 1"]),
    ("widths", "2-5-3-1", ["widths", "list of integers"]),
])
def test_wrong_shapes(net, where, value, fragments):
    refused(payload(net, **{where: value}), *fragments)


def test_ragged_row(net):
    data = payload(net)
    data["weights"][1][2] = data["weights"][1][2][:-1]
    refused(data, "weights[1][2] has 4 entries", "must have 5")


@pytest.mark.parametrize("value", ["0.5", True, None, {"a": 1}])
def test_wrong_entry_types(net, value):
    data = payload(net)
    data["biases"][1][0] = value
    refused(data, "biases[1][0]", "must be a number")


@pytest.mark.parametrize("changes, fragments", [
    ({"format": "pickle"}, ["format 'pickle'", "equivalence-lab/network"]),
    ({"version": 2}, ["version 2", "must be 1"]),
    ({"version": True}, ["version True"]),
    ({"activation": "swish"}, ["activation 'swish'", "tanh"]),
    ({"extra": 1}, ["unknown key 'extra'", "allowed keys"]),
    ({"note": 5}, ["note"]),
    ({"seeds": {"data_seed": 0, "init_seed": 1, "x": 2}}, ["seeds has the unknown key 'x'"]),
    ({"seeds": {"data_seed": 0, "init_seed": 3}}, ["seeds.init_seed = 3 disagrees"]),
    ({"seeds": {"data_seed": -1, "init_seed": 0}}, ["seeds.data_seed -1"]),
])
def test_schema_errors(net, changes, fragments):
    refused(payload(net, **changes), *fragments)


def test_missing_key(net):
    data = payload(net)
    del data["biases"]
    refused(data, "missing the key 'biases'")


def test_experiment_is_validated_and_must_match(net):
    data = payload(net)
    data["experiment"]["noise"] = 99.0
    refused(data, "experiment.noise 99.0")
    data = payload(net)
    data["experiment"]["hidden"] = [5, 4]
    refused(data, "experiment describes", "[5, 4]", "[5, 3]")
    data = payload(net)
    data["experiment"]["secret"] = "x"
    refused(data, "experiment has the unknown key 'secret'")


def test_transformation_is_validated(net):
    good = {"description": "x", "is_symmetry": True}
    refused(payload(net, transformation={**good, "perms": [[0, 1, 2, 3, 4], [0, 1, 2]]}), "needs all of")
    bad_perm = {**good, "perms": [[0, 0, 2, 3, 4], [0, 1, 2]], "signs": [[1] * 5, [1] * 3],
                "scales": [[1.0] * 5, [1.0] * 3]}
    refused(payload(net, transformation=bad_perm), "unit 0 appears 2 times")
    refused(payload(net, transformation={**good, "is_symmetry": "yes"}), "true or false")


@pytest.mark.parametrize("text, fragment", [
    ("[1, 2, 3]", "is a list"),
    ('"hello"', "is a string"),
    ('{"format": 1, "format": 2}', "repeats the key 'format'"),
    (b"\x80\x04\x95\x00", "not UTF-8"),  # a pickle header: never unpickled
    ("", "not valid JSON"),
])
def test_not_a_network_object(text, fragment):
    refused(text, fragment)


def test_decode_rejects_non_text():
    with pytest.raises(TypeError, match="bytes or str"):
        decode(12)


def test_encode_refuses_what_import_would_refuse():
    big = init_params((2, 256, 256, 256, 1), scheme="uniform", scale=1.0, rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="1 MB"):
        encode(big, "tanh")


# ---------------------------------------------------------------- every export imports (issue 19, bug 2)

def _unchecked_text(params, activation="tanh", **extra):
    """The file encode would have written without its checks (the old encode)."""
    return json.dumps({"format": FORMAT, "version": VERSION, "activation": activation,
                       "widths": list(params.widths), **params.to_dict(), **extra})


def _error(function, *args, **kwargs):
    """The error ``function(*args, **kwargs)`` raises, as text, or None."""
    try:
        function(*args, **kwargs)
    except (ValueError, TypeError) as error:
        return f"{type(error).__name__}: {error}"
    return None


def _around_the_limits(generator):
    """Widths near core.limits' edges (input 64, hidden 256, 1..8 hidden layers, output 16), small enough
    that the 1 MB size cap is never what decides (at most one wide layer)."""
    d_in, d_out = (int(generator.choice(choices)) for choices in ((1, 2, 63, 64, 65, 80), (1, 15, 16, 17)))
    depth = int(generator.choice((0, 1, 2, 7, 8, 9)))
    hidden = [int(generator.integers(1, 5)) for _ in range(depth)]
    if depth and generator.uniform() < 0.6:
        hidden[int(generator.integers(depth))] = int(generator.choice((255, 256, 257, 260)))
    return (d_in, *hidden, d_out)


def test_encode_succeeds_exactly_when_decode_would_and_round_trips_bit_for_bit():
    generator = np.random.default_rng(19)
    outcomes = set()
    for _ in range(120):
        widths = _around_the_limits(generator)
        params = Params(tuple(generator.normal(size=(b, a)) * 10.0 ** generator.integers(-300, 300)
                              for a, b in zip(widths[:-1], widths[1:])),
                        tuple(generator.normal(size=b) for b in widths[1:]))
        encode_error = _error(encode, params, "relu")
        decode_error = _error(decode, _unchecked_text(params, "relu"))
        assert (encode_error is None) == (decode_error is None), (widths, encode_error, decode_error)
        assert encode_error == decode_error, widths  # refused in decode's own words
        if encode_error is None:
            back = decode(encode(params, "relu")).params
            assert back.widths == widths
            assert all(np.array_equal(a.view(np.int64), b.view(np.int64))  # bit for bit, -0.0 included
                       for a, b in zip(back.weights + back.biases, params.weights + params.biases))
        outcomes.add(encode_error is None)
    assert outcomes == {True, False}  # both sides of the limits were tried


@pytest.mark.parametrize("widths, message", [
    ((100, 5, 1), r"input width 100: must be an integer in \[1, 64\]"),
    ((2, 300, 1), r"hidden width 300 in layer 1: must be an integer in \[1, 256\]"),
    ((2, 5, 17), r"output width 17: must be an integer in \[1, 16\]"),
])
def test_encode_names_the_limit_decode_would_refuse(widths, message):
    generator = np.random.default_rng(0)  # Params directly: init_params has the same limits
    params = Params(tuple(generator.normal(size=(b, a)) for a, b in zip(widths[:-1], widths[1:])),
                    tuple(generator.normal(size=b) for b in widths[1:]))
    with pytest.raises(ValueError, match=message):
        encode(params, "tanh")
    with pytest.raises(ValueError, match=message):
        decode(_unchecked_text(params))


def test_encode_refuses_settings_and_seeds_decode_would_refuse(net):
    for arguments in (dict(seeds={"data_seed": -1, "init_seed": 0}),
                      dict(experiment=Experiment(hidden=(4,))),  # not this network's hidden widths
                      dict(experiment=Experiment(hidden=(5, 3)), seeds={"data_seed": 7, "init_seed": 0})):
        message = _error(encode, net, "tanh", **arguments)
        assert message is not None, arguments
        with pytest.raises((ValueError, TypeError)):
            decode(_unchecked_text(net, **_unchecked_extras(arguments)))


def _unchecked_extras(arguments):
    extras = {}
    experiment = arguments.get("experiment")
    if experiment is not None:
        extras["experiment"] = {**dataclasses.asdict(experiment), "hidden": list(experiment.hidden)}
        extras["seeds"] = {"data_seed": experiment.data_seed, "init_seed": experiment.init_seed}
    if "seeds" in arguments:
        extras["seeds"] = arguments["seeds"]
    return extras


# ---------------------------------------------------------------- network files from a script (issue 19)

def test_a_utf8_byte_order_mark_is_accepted(net):
    text = encode(net, "tanh", experiment=Experiment(hidden=(5, 3)), note="from Notepad")
    with_bom = codecs.BOM_UTF8 + text.encode("utf-8")
    plain, marked = decode(text), decode(with_bom)
    assert [w.tobytes() for w in marked.params.weights] == [w.tobytes() for w in plain.params.weights]
    assert marked.experiment == plain.experiment and marked.note == "from Notepad"
    assert decode(with_bom.decode("utf-8")).note == "from Notepad"  # the mark read as text (U+FEFF) too


def test_a_utf16_file_is_named():
    refused(encode(init_params((1, 2, 1), rng=np.random.default_rng(0)), "tanh").encode("utf-16"),
            "UTF-16", "not UTF-8")


def test_save_and_load_round_trip_a_research_sized_network_bit_for_bit(tmp_path):
    big = init_params((784, 64, 10), rng=np.random.default_rng(3))  # 50,890 parameters: over 1 MB of JSON
    element, twin = random_symmetry(big, "relu", rng=np.random.default_rng(4))
    path = save(tmp_path / "twin.json", twin, "relu", note="a twin",
                transformation={"description": "random", "is_symmetry": True, "element": element})
    assert path.stat().st_size > MAX_BYTES and not path.read_bytes().startswith(codecs.BOM_UTF8)
    back = load(path)
    assert all(np.array_equal(a.view(np.int64), b.view(np.int64))
               for a, b in zip(back.params.weights + back.params.biases, twin.weights + twin.biases))
    assert back.activation == "relu" and back.note == "a twin" and back.transformation["element"] == element
    assert load(str(path)).params.widths == (784, 64, 10)  # a str path works too


def test_the_apps_limits_still_refuse_a_research_sized_file(tmp_path):
    big = init_params((784, 64, 10), rng=np.random.default_rng(3))
    path = save(tmp_path / "big.json", big, "tanh")
    with pytest.raises(ValueError, match=r"network JSON is [\d,]+ bytes: must be at most 1,000,000 bytes \(1 MB\)"):
        decode(path.read_bytes())  # an upload: decode's default is APP_FILES
    with pytest.raises(ValueError, match=r"input width 784: must be an integer in \[1, 64\]"):
        save(tmp_path / "for-the-app.json", big, "tanh", limits=APP_FILES)
    assert not (tmp_path / "for-the-app.json").exists()


def test_load_reads_no_more_than_the_size_limit(tmp_path, net):
    path = save(tmp_path / "net.json", net, "tanh")
    tiny = FileLimits(max_bytes=100, widths=SCRIPT_FILES.widths)
    with pytest.raises(ValueError, match="network JSON is 101 bytes: must be at most 100 bytes"):
        load(path, limits=tiny)  # 101: the limit plus the one byte that tells an over-size file apart
    with pytest.raises(TypeError, match="limits dict: must be a FileLimits"):
        load(path, limits={"max_bytes": 10})


def _claim(net, element, claim):
    return payload(net, transformation={"description": "a move", "is_symmetry": claim,
                                        "perms": [list(p) for p in element.perms],
                                        "signs": [list(s) for s in element.signs],
                                        "scales": [list(c) for c in element.scales]})


def _keeps_the_function(net, element, activation) -> bool:
    """The oracle: the engine's own g·θ (which refuses parts the activation forbids) computes θ's function."""
    try:
        moved = element.apply(net, activation)
    except ValueError:
        return False
    X = np.random.default_rng(5).normal(size=(50, net.widths[0]))
    return bool(np.max(np.abs(forward(moved, X, activation) - forward(net, X, activation))) < 1e-9)


ELEMENTS = {  # on hidden widths (5, 3)
    "permutation": GroupElement(((4, 3, 2, 1, 0), (2, 0, 1)), ((1,) * 5, (1,) * 3), ((1.0,) * 5, (1.0,) * 3)),
    "sign flip": GroupElement(((0, 1, 2, 3, 4), (0, 1, 2)), ((1, -1, 1, 1, 1), (1,) * 3), ((1.0,) * 5, (1.0,) * 3)),
    "rescale": GroupElement(((0, 1, 2, 3, 4), (1, 0, 2)), ((1,) * 5, (1,) * 3), ((1.0,) * 5, (2.5, 1.0, 1.0))),
}


@pytest.mark.parametrize("activation", list(ACTIVATIONS))
@pytest.mark.parametrize("kind", list(ELEMENTS))
def test_a_symmetry_claim_is_checked_against_the_activation(net, activation, kind):
    """is_symmetry is accepted exactly when it is true of the element for this activation, either way round."""
    element = ELEMENTS[kind]
    truth = _keeps_the_function(net, element, activation)
    for claim in (True, False):
        data = {**_claim(net, element, claim), "activation": activation,
                "experiment": {**payload(net)["experiment"], "activation": activation}}
        if claim == truth:
            assert decode(json.dumps(data)).transformation["is_symmetry"] is truth
        else:
            refused(data, f"transformation.is_symmetry = {str(claim).lower()}")
    expected = {"permutation": True, "sign flip": "flip" in " ".join(facts_for(activation).holds),
                "rescale": RESCALE in facts_for(activation).holds}[kind]
    assert truth is expected  # the oracle agrees with core.symmetry.activation_facts' table


def test_a_wrong_symmetry_claim_names_the_move_the_activation_lacks(net):
    refused({**_claim(net, ELEMENTS["sign flip"], True), "activation": "gelu",
             "experiment": {**payload(net)["experiment"], "activation": "gelu"}},
            "layer 1 flips a sign and gelu admits no sign flip")
    refused(_claim(net, ELEMENTS["rescale"], True), "layer 2 rescales a unit and tanh admits no rescaling")


def test_a_symmetry_claim_without_its_element_is_refused_and_a_broken_move_is_kept(net):
    refused(payload(net, transformation={"description": "trust me", "is_symmetry": True}), "without perms")
    broken = decode(json.dumps(payload(net, transformation={"description": "a broken move", "is_symmetry": False})))
    assert broken.transformation == {"description": "a broken move", "is_symmetry": False, "element": None}


def test_encode_refuses_a_false_claim_in_decodes_words(net):
    with pytest.raises(ValueError, match="is_symmetry = true, but layer 1 flips a sign and relu admits no sign flip"):
        encode(net, "relu", transformation={"description": "x", "is_symmetry": True, "element": ELEMENTS["sign flip"]})


# ---------------------------------------------------------------- multi-output networks, up to 64 inputs

@pytest.mark.parametrize("widths", [(64, 32, 10), (64, 16, 16, 16), (4, 8, 3), (1, 2, 16)])
def test_multi_output_networks_round_trip_bit_for_bit_within_the_apps_limits(widths):
    params = init_params(widths, rng=np.random.default_rng(sum(widths)))
    element, twin = random_symmetry(params, "tanh", rng=np.random.default_rng(1))
    text = encode(twin, "tanh", transformation={"description": "random", "is_symmetry": True, "element": element},
                  limits=APP_FILES)
    back = decode(text, limits=APP_FILES)
    assert back.params.widths == widths
    assert back.params.flatten().tobytes() == twin.flatten().tobytes()
    assert back.transformation["element"] == element
    X = np.random.default_rng(2).normal(size=(30, widths[0]))
    np.testing.assert_allclose(forward(back.params, X, "tanh"), forward(params, X, "tanh"), rtol=0, atol=1e-13)


@pytest.mark.parametrize("widths, message", [((65, 8, 10), "input width 65"), ((64, 8, 17), "output width 17")])
def test_the_apps_input_and_output_limits_are_named_and_scripts_go_further(widths, message, tmp_path):
    params = init_params(widths, rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match=message):
        encode(params, "relu", limits=APP_FILES)
    path = save(tmp_path / "wide.json", params, "relu")  # SCRIPT_FILES: the library's limits
    assert load(path).params.flatten().tobytes() == params.flatten().tobytes()
    with pytest.raises(ValueError, match=message):
        load(path, limits=APP_FILES)
